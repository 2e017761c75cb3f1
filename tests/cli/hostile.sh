#!/bin/sh
# Names written by whoever authenticates (workstation, computer, target and
# channel names) reach no terminal raw: every message escapes control
# characters.  The EVTX comes from the test-only writer.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/setup.sh"

[ "${PYTHON3:-no}" != no ] || skip_all "python3 not installed"
H=$TESTDATA/hostile

# raw_ok NAME FILE: FILE holds no control character but the newline.
raw_ok() { if LC_ALL=C tr -d '\n' <"$2" | LC_ALL=C grep -q '[[:cntrl:]]'
	then fail "$1"; cat -v "$2" | head -10 | sed 's/^/# /'
	else pass "$1"; fi; }

ok "EVTX with escapes in its names" "$PYTHON3" "$top_srcdir/tests/evtxgen.py" \
    "$H/terminal.spec" "$T/terminal.evtx"
ok "collect" ntlmplan collect -o "$T/flows.json" "$T/terminal.evtx"
raw_ok "collect: no control character on stderr" "$T/.err"
grep_ok "collect: a title and a clear screen, escaped" \
    '  WS\\x1b]0;pwned\\x07\\x1b\[2J: 1 event' "$T/.err"
grep_ok "collect: CR LF escaped" '  SRV1\\r\\nntlmplan: forged line: 1 event' \
    "$T/.err"
if grep -q '^ntlmplan: forged' "$T/.err"; then
	fail "collect: no forged line"
else
	pass "collect: no forged line"
fi

done_testing
