#!/bin/sh
# The command line: help, version, unknown commands and options.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/setup.sh"

ok "--version" ntlmplan --version
grep_ok "--version prints the version" '^ntlmplan [0-9]' "$T/.out"
ntlmplan help >"$T/help.txt"
for c in collect directory merge plan; do
	grep_ok "help lists $c" "^  $c " "$T/help.txt"
	ok "$c --help" ntlmplan "$c" --help
	grep_ok "$c --help shows usage" "^usage: ntlmplan $c " "$T/.out"
	exits "$c with a bad option exits 2" 2 ntlmplan "$c" --no-such-option
done
exits "no command exits 2" 2 ntlmplan
exits "unknown command exits 2" 2 ntlmplan frobnicate
done_testing
