#!/bin/sh
# The manual: every page is mandoc -Tlint clean, and ntlmplan.1 names every
# command and every long option that the commands' --help shows.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/setup.sh"
command -v mandoc >/dev/null 2>&1 || skip_all "mandoc not installed"
for page in "$top_srcdir"/man/*.[157]; do
	ok "mandoc -Tlint $(basename "$page")" mandoc -Tlint -W warning "$page"
done
ntlmplan help >"$T/help"
for cmd in $(sed -n 's/^  \([a-z]*\) .*/\1/p' "$T/help"); do
	[ "$cmd" = help ] && continue
	grep_ok "ntlmplan.1 documents $cmd" "^\\.Cm $cmd\$" "$top_srcdir/man/ntlmplan.1"
	ntlmplan "$cmd" --help >"$T/h.$cmd"
	for opt in $(grep -o -- '--[a-z][a-z-]*' "$T/h.$cmd" | sort -u); do
		[ "$opt" = --help ] && continue
		grep_ok "ntlmplan.1 documents $cmd $opt" \
		    "Fl -${opt#--}\\|Fl [a-zA-Z] , -${opt#--}" "$top_srcdir/man/ntlmplan.1"
	done
done
done_testing
