#!/bin/sh
# tests/cli/report-size.sh: a report a person can open at any size.  A plan
# of 200,000 flows over 5,250 servers (tests/bench/plan-gen.py) writes
# report.html under 5 MB and report.md under 1 MB, the per-host and
# per-server tables cut to their heaviest rows with the real count of the
# rest, the names of the list as a count and a link, while blocked.csv,
# remediation.csv, plan.json and exceptions.txt keep every row
# (ntlmplan-plan(5), REPORT SIZE).  stderr holds the summary; the per-input
# and per-host lines only with -v.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/setup.sh"
: "${PYTHON3:=python3}"
command -v "$PYTHON3" >/dev/null 2>&1 || skip_all "no python3"
export SOURCE_DATE_EPOCH=1773619200	# 2026-03-16T00:00:00Z
FLOWS=200000

"$PYTHON3" "$top_srcdir/tests/bench/plan-gen.py" 5000 "$FLOWS" \
    "$T/dir.json" "$T/flows.json"
P=$T/p
exits "plan of $FLOWS flows, 5,250 servers" 0 ntlmplan plan \
    --flows "$T/flows.json" --directory "$T/dir.json" --level 7 \
    --audit-level 7 --max-age 0 -o "$P"
cp "$T/.err" "$T/plan.err"
size() { wc -c <"$1" | tr -d ' '; }
rows() { echo $(($(wc -l <"$1") - 1)); }
ok "report.html under 5 MB ($(size "$P/report.html") bytes)" \
    test "$(size "$P/report.html")" -lt 5000000
ok "report.md under 1 MB ($(size "$P/report.md") bytes)" \
    test "$(size "$P/report.md")" -lt 1000000
ok "blocked.csv: every flow" test "$(rows "$P/blocked.csv")" -eq "$FLOWS"
ok "remediation.csv: every denied flow" \
    test "$(rows "$P/remediation.csv")" -eq "$FLOWS"
ok "exceptions.txt: every server" \
    test "$(grep -vc '^#' "$P/exceptions.txt")" -eq 5250
# plan.json: every server's evidence and every host; the heaviest server
# (most denied events, the first of a tie) is in the report's table.
cat >"$T/check.py" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
lv = [l for l in j["levels"] if l["value"] == 7][0]
assert len(lv["exceptions"]) == 5250, len(lv["exceptions"])
assert len(lv["evidence"]) == 5250, len(lv["evidence"])
assert lv["blocked_flows"] == int(sys.argv[2])
assert len(j["hosts"]) == 5251, len(j["hosts"])
ev = sorted(lv["evidence"], key=lambda s: -s["events"])
print(ev[0]["name"], ev[99]["name"], ev[100]["events"] < ev[99]["events"],
    sum(s["events"] for s in ev[100:]))
PY
ok "plan.json: every server's evidence, every host" \
    "$PYTHON3" "$T/check.py" "$P/plan.json" "$FLOWS"
set -- $(cat "$T/.out")
top=${1:-none} last=${2:-none} rest=${4:-0}
grep -A 110 '^| Server | FQDN |' "$P/report.md" >"$T/table.md" || :
grep_ok "the table shows the heaviest server ($top)" "^| \`$top\` |" \
    "$T/table.md"
if [ "${3:-}" = True ]; then
	grep_ok "and the 100th ($last)" "^| \`$last\` |" "$T/table.md"
fi
ok "the table holds 100 servers" \
    test "$(grep -c '^| `' "$T/table.md")" -eq 100
grep_ok "the rest of the servers counted" \
    "^Shown: the 100 servers with the most denied events, of 5250; the other 5150 have $rest denied events" \
    "$P/report.md"
grep_ok "the hosts' table cut, the rest counted" \
    '^Shown: the 100 hosts .*, of 5251; the other 5151 logged [0-9]* events' \
    "$P/report.md"
grep_ok "the recommendation names 20 servers and counts the rest" \
    '`NAS00019` and 5230 more (\[exceptions.txt\](exceptions.txt) lists all)\.$' \
    "$P/report.md"
grep_ok "report.html links the list" \
    '<code>NAS00019</code> and 5230 more (<a href="exceptions.txt">exceptions.txt</a> lists all)' \
    "$P/report.html"
ok "no line of report.md over 2,000 bytes" \
    test "$(awk 'length($0) > 2000' "$P/report.md" | wc -l)" -eq 0
grep_ok "the template's list line cut, the file named" \
    'cut at 1000 characters here.*GptTmpl-audit.inf' "$P/report.md"
ok "stderr: the summary, no more than 3 lines" \
    test "$(wc -l <"$T/plan.err")" -le 3

# Events collected on the fly from 300 hosts: one line per host only with
# -v; without it, stderr is the summary.
awk 'BEGIN { for (i = 0; i < 300; i++) printf "{\"Event\":{\"System\":" \
    "{\"Provider\":{\"#attributes\":{\"Name\":\"Microsoft-Windows-NTLM\"}}," \
    "\"EventID\":8003,\"TimeCreated\":{\"#attributes\":{\"SystemTime\":" \
    "\"2026-03-12T06:00:00Z\"}},\"EventRecordID\":%d,\"Computer\":" \
    "\"SRV%06d.corp.example\"},\"EventData\":{\"UserName\":\"u\"," \
    "\"DomainName\":\"CORP\",\"ProcessName\":\"p.exe\"}}}\n", i + 1, i }' \
    >"$T/hosts.jsonl"
ntlmplan plan --directory "$T/dir.json" --max-age 0 --min-days 0 \
    -o "$T/q" "$T/hosts.jsonl" 2>"$T/quiet.err" || :
ntlmplan plan -v --directory "$T/dir.json" --max-age 0 --min-days 0 \
    -o "$T/v" "$T/hosts.jsonl" 2>"$T/verbose.err" || :
ok "plan without -v: no per-host line" \
    test "$(grep -c '^ntlmplan:   SRV' "$T/quiet.err")" -eq 0
ok "plan without -v: a few lines ($(wc -l <"$T/quiet.err"))" \
    test "$(wc -l <"$T/quiet.err")" -le 5
ok "plan -v: one line per host" \
    test "$(grep -c '^ntlmplan:   SRV[0-9]*\.corp\.example: 1 event' \
    "$T/verbose.err")" -eq 300
grep_ok "plan -v: the input's line" '^ntlmplan:   input .*hosts.jsonl: 300 records' \
    "$T/verbose.err"
same "the report is the same with and without -v" "$T/q/report.md" \
    "$T/v/report.md"
done_testing
