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
ok "collect" ntlmplan collect -v -o "$T/flows.json" "$T/terminal.evtx"
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


# CSV: a spreadsheet that splits at ";" (or ",") finds no formula in any
# piece of blocked.csv or remediation.csv.
D=$TESTDATA/demo
ok "EVTX with formulas in its names" "$PYTHON3" "$top_srcdir/tests/evtxgen.py" \
    "$H/csv.spec" "$T/csv.evtx"
ok "collect the formulas" ntlmplan collect -v -o "$T/csv.flows" "$T/csv.evtx"
ok "plan the formulas" ntlmplan plan --flows "$T/csv.flows" \
    --ldif "$D/domain.ldif" --ldif "$D/config.ldif" --level 7 \
    --audit-level 7 --min-days 0 --now 2026-03-16T00:00:00Z -o "$T/csv"
for f in blocked remediation; do
	grep_ok "$f.csv: the workstation quoted and guarded" \
	    "\"WS1;'=1+1;\"" "$T/csv/$f.csv"
	# Every piece between separators, after spaces and a quote, that a
	# spreadsheet would evaluate.
	tr ';' ',' <"$T/csv/$f.csv" | tr ',' '\n' | sed 's/^ *"\{0,1\} *//' |
	    grep '^[-=+@]' | grep -v '^-$' >"$T/formulas" || :
	if [ -s "$T/formulas" ]; then fail "$f.csv: no formula in any piece"
		sed 's/^/# /' "$T/formulas"
	else pass "$f.csv: no formula in any piece"; fi
done

# The HTML report's policy runs its one inline script by its SHA-256 hash,
# and no other script: no 'unsafe-inline' for scripts.
"$NTLMPLAN" plan "$D/logs" --ldif "$D/domain.ldif" --ldif "$D/config.ldif" \
    --now 2026-03-16T00:00:00Z -o "$T/demo" 2>"$T/.err" || :
"$PYTHON3" - "$T/demo/report.html" >"$T/csp.txt" <<'PY'
import base64, hashlib, re, sys
html = open(sys.argv[1], encoding='utf-8').read()
csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"',
    html).group(1)
src = [d.strip() for d in csp.split(';') if d.strip().startswith('script-src')]
scripts = re.findall(r'<script>(.*?)</script>', html, re.S)
print('script-src', src[0] if src else '(none)')
print('scripts', len(scripts))
for s in scripts:
    print('hash', "'sha256-%s'" % base64.b64encode(
        hashlib.sha256(s.encode('utf-8')).digest()).decode())
PY
grep_ok "report.html: one inline script" '^scripts 1$' "$T/csp.txt"
h=$(sed -n 's/^hash //p' "$T/csp.txt")
grep_ok "report.html: script-src is the script's hash alone" \
    "^script-src script-src $h\$" "$T/csp.txt"

done_testing
