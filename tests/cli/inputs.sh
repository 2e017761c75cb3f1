#!/bin/sh
# Nothing in a folder is skipped silently: every file below a folder operand
# is read, or named with the reason it was not, and counts as an input.
# The format is told by content, not by name (SRV10.EVTX, an EVTX named
# .log); an export that holds no event fields (Event Viewer's CSV and text,
# the legacy .evt, PowerShell's Export-Csv) is refused with how to export
# instead, and is an unreadable input, as when named directly: the plan is
# not ready.  A file that is no event export at all is named and counted.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/setup.sh"
D=$TESTDATA/demo
export SOURCE_DATE_EPOCH=1773619200	# 2026-03-16T00:00:00Z

F=$T/logs
mkdir "$F" "$F/sub"
cp "$D/logs/fs01.evtx" "$F/SRV10.EVTX"
cp "$D/logs/app01.evtx" "$F/sub/app01-evtx.log"
cp "$TESTDATA/xml/wevtutil-srv3.xml" "$F/srv3.xml"
# Event Viewer, Save All Events As, CSV: the rendered message only.
printf '%s\r\n' 'Level,Date and Time,Source,Event ID,Task Category' \
    'Information,3/2/2026 8:15:00 AM,Microsoft-Windows-NTLM,8003,None,"NTLM server blocked in the domain audit: Audit NTLM authentication in this domain"' \
    >"$F/srv4.csv"
# The legacy format: a 0x30-byte header whose signature is LfLe.
printf '\060\000\000\000LfLe\001\000\000\000\001\000\000\000' >"$F/old.evt"
head -c 32 /dev/zero >>"$F/old.evt"
printf 'collected by hand, March 2026\n' >"$F/.notes"

ntlmplan collect -v -o "$T/c.flows" "$F" 2>"$T/c.err" || :
for f in SRV10.EVTX sub/app01-evtx.log srv3.xml srv4.csv old.evt .notes; do
	grep_ok "$f: an input of the summary" "^ntlmplan:   input $F/$f: " "$T/c.err"
done
grep_ok "six files, six inputs" "^ntlmplan: collect: 6 inputs, " "$T/c.err"
grep_ok "an EVTX named in capitals is read" "input $F/SRV10.EVTX: [1-9][0-9]* records: [1-9]" "$T/c.err"
grep_ok "an EVTX named .log is read by content" "input $F/sub/app01-evtx.log: [1-9][0-9]* records: [1-9]" "$T/c.err"
grep_ok "the CSV named with its reason" "$F/srv4.csv: Event Viewer's CSV or text export holds only each event's rendered message" "$T/c.err"
grep_ok "the CSV refusal says how to export" "srv4.csv: .*wevtutil epl Microsoft-Windows-NTLM/Operational FILE.evtx" "$T/c.err"
grep_ok "the legacy .evt named" "$F/old.evt: legacy Event Log file (.evt" "$T/c.err"
grep_ok "the notes named: no event export" "$F/.notes: not an event export" "$T/c.err"
grep_ok "srv3.xml (wevtutil XML) read" "input $F/srv3.xml: 12 records: 12 used, 0 skipped, 0 unreadable" "$T/c.err"

# Named directly, the same refusals; a stray file named directly is an
# input that cannot be read (exit 1: nothing could be read).
exits "a CSV export alone: nothing read" 1 ntlmplan collect -v -o "$T/x.flows" "$F/srv4.csv"
grep_ok "a CSV export alone: the reason" "srv4.csv: Event Viewer's CSV" "$T/.err"
printf 'Level\tDate and Time\tSource\tEvent ID\tTask Category\r\n' | iconv -f UTF-8 -t UTF-16 >"$T/viewer.txt"
exits "a tab-separated UTF-16 export: nothing read" 1 ntlmplan collect -v -o "$T/x.flows" "$T/viewer.txt"
grep_ok "a tab-separated UTF-16 export: the reason" "viewer.txt: Event Viewer's CSV or text export" "$T/.err"
printf '%s\r\n' '#TYPE System.Diagnostics.Eventing.Reader.EventLogRecord' '"Message","Id","Version","ProviderName"' >"$T/ps.csv"
exits "Export-Csv: nothing read" 1 ntlmplan collect -v -o "$T/x.flows" "$T/ps.csv"
grep_ok "Export-Csv: the reason" "ps.csv: Get-WinEvent | Export-Csv writes each event's Properties as a type name" "$T/.err"
printf 'Log Name:      Microsoft-Windows-NTLM/Operational\r\nSource:        Microsoft-Windows-NTLM\r\nEvent ID:      8003\r\n' >"$T/details.txt"
exits "copied details: nothing read" 1 ntlmplan collect -v -o "$T/x.flows" "$T/details.txt"
grep_ok "copied details: the reason" "details.txt: Event Viewer's CSV or text export" "$T/.err"

# The plan: the refused exports are unreadable inputs, named; not ready.
exits "plan: not ready" 10 ntlmplan plan -v "$F" --ldif "$D/domain.ldif" \
    --ldif "$D/config.ldif" --now 2026-03-16T00:00:00Z -o "$T/plan"
grep_ok "plan: the unreadable inputs block" 'NOT READY:.*input-unreadable\|NOT READY:.*could not be read' "$T/.err"
for f in srv4.csv old.evt; do
	grep_ok "plan.json names $f" "$F/$f" "$T/plan/plan.json"
	grep_ok "report.md lists $f among the inputs" "^| \`$F/$f\` | 0 |" "$T/plan/report.md"
done
grep_ok "report.md lists the notes among the inputs" "^| \`$F/.notes\` | 0 |" "$T/plan/report.md"
if grep -q "\"$F/.notes\"" "$T/plan/plan.json" &&
    "$PYTHON3" -c 'import json, sys
d = json.load(open(sys.argv[1]))
l = [l for l in d["levels"] if l["name"] == d["level"]][0]
for b in l["blockers"]:
    if b["kind"] == "input-unreadable":
        sys.exit(0 if sys.argv[2] in b.get("items", []) else 1)
sys.exit(1)' "$T/plan/plan.json" "$F/.notes" 2>/dev/null; then
	fail "the notes do not block"
else
	pass "the notes do not block"
fi
done_testing
