#!/bin/sh
# End to end on the sample domain (testdata/demo): collect its EVTX and
# JSON logs, read its directory from LDIF, plan.  The exception list and
# the enforce template are compared with golden files, and the caveats that
# the scenario plants must all be reported.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/setup.sh"
G=$GOLDEN
D=$TESTDATA/demo
export SOURCE_DATE_EPOCH=1773619200	# 2026-03-16T00:00:00Z

ok "collect the demo logs" ntlmplan collect -v -o "$T/demo.flows" "$D/logs"
grep_ok "every record used" '^ntlmplan: collect: 14 inputs, 3588 records: 3588 used, 0 skipped, 0 unreadable' "$T/.err"
grep_ok "PRN01's short window shown" '^ntlmplan:   PRN01.corp.example: 48 events, .* (2.0 days)$' "$T/.err"
ok "directory from LDIF" ntlmplan directory -o "$T/dir.json" --ldif "$D/domain.ldif" "$D/config.ldif"
ok "plan" ntlmplan plan --flows "$T/demo.flows" --directory "$T/dir.json" -o "$T/plan"
golden "exception list" "$T/plan/exceptions.txt" "$G/demo-exceptions.txt"
iconv -f UTF-16LE -t UTF-8 "$T/plan/GptTmpl-enforce.inf" >"$T/enforce.txt"
golden "enforce template" "$T/enforce.txt" "$G/demo-enforce.inf.txt"
for kind in audit-level-inferred short-window absent-from-directory \
    disabled-computer anomaly; do
	grep_ok "caveat $kind" "\"kind\": \"$kind\"" "$T/plan/plan.json"
done
grep_ok "APP03 absent from the directory" '"APP03"' "$T/plan/plan.json"
# APP03 logs 8003 as app03.corp.example: a member by its own events, on
# the list and marked "not in the directory" in every output.
grep_ok "APP03 on the list" '^APP03$' "$T/plan/exceptions.txt"
grep_ok "exceptions.txt marks APP03" '^# APP03: not in the directory, a domain member by its own events$' "$T/plan/exceptions.txt"
grep_ok "plan.json marks APP03" '"name": "APP03", .*"in_directory": false, "member_by_events": true' "$T/plan/plan.json"
grep_ok "blocked.csv marks APP03" '^APP03,.*,domain,no,yes,,,allowed-proposed,no' "$T/plan/blocked.csv"
grep_ok "report.md marks APP03" '^| `APP03` | .* | \*not in the directory\* |' "$T/plan/report.md"
grep_ok "report.html marks APP03" '<code>APP03</code>.*not in the directory' "$T/plan/report.html"
grep_ok "OLDAPP01 disabled" 'OLDAPP01: 352 events' "$T/plan/plan.json"
# The same plan whatever the grouping of the inputs.
ntlmplan collect -o "$T/a.flows" "$D/logs/fs01.evtx" "$D/logs/dc-8004.ndjson" 2>/dev/null
ntlmplan collect -o "$T/b.flows" $(ls "$D"/logs/*.evtx | grep -v fs01) 2>/dev/null
ok "plan from two flow files" ntlmplan plan --flows "$T/a.flows" --flows "$T/b.flows" \
    --directory "$T/dir.json" -o "$T/plan2"
grep -v '^# data:' "$T/plan2/exceptions.txt" >"$T/shards.txt"
grep -v '^# data:' "$G/demo-exceptions.txt" >"$T/whole.txt"
same "same exception list from shards" "$T/shards.txt" "$T/whole.txt"
# The DCs' 8004 events for a server that logs 8003 itself: the caveat says
# the volumes may count the same logons twice.
printf '%s\n' '{"@timestamp":"2026-03-10T09:00:00Z","winlog":{"event_id":8004,"provider_name":"Microsoft-Windows-Security-Netlogon","computer_name":"DC01.corp.example","event_data":{"SChannelName":"FS01","UserName":"svc-scan","DomainName":"CORP","WorkstationName":"\\\\MFP-2F","SChannelType":"2"}}}' >"$T/dc01-fs01.ndjson"
ok "plan with 8003 and 8004 for FS01" ntlmplan plan "$D/logs" "$T/dc01-fs01.ndjson" \
    --directory "$T/dir.json" -o "$T/twice"
grep_ok "double-counted caveat" '"kind": "double-counted"' "$T/twice/plan.json"
grep_ok "names FS01" 'FS01: [0-9]* events logged by the server, 1 by domain controllers' "$T/twice/plan.json"
if grep -q '"double-counted"' "$T/plan/plan.json"; then
	fail "no double-counted caveat without overlap"
else
	pass "no double-counted caveat without overlap"
fi

# One command: the logs and the LDIF export straight into plan.
ok "plan in one command" ntlmplan plan "$D/logs" --ldif "$D/domain.ldif" \
    --ldif "$D/config.ldif" -o "$T/one"
grep_ok "one command: the data line names the input" '^# data: .*, 3588 events in 1 input$' "$T/one/exceptions.txt"
grep -v '^# data:' "$T/one/exceptions.txt" >"$T/one.txt"
same "one command: the same exception list" "$T/one.txt" "$T/whole.txt"

# "--ldif FILE...": an LDIF operand is read as directory input, by content.
ok "plan --ldif a.ldif b.ldif" ntlmplan plan "$D/logs" --ldif "$D/domain.ldif" \
    "$D/config.ldif" -o "$T/two"
grep_ok "the LDIF operand is said to be read as directory input" \
    "config.ldif is LDIF: read as directory input" "$T/.err"
grep -v '^# data:' "$T/two/exceptions.txt" >"$T/two.txt"
same "an LDIF operand: the same exception list" "$T/two.txt" "$T/whole.txt"
# A missing operand: exit 3 before anything is written, unless --keep-going.
exits "plan: a missing operand exits 3" 3 ntlmplan plan "$D/logs" "$T/no-such.evtx" \
    --ldif "$D/domain.ldif" --ldif "$D/config.ldif" -o "$T/miss"
ok "plan: nothing written" test ! -e "$T/miss/plan.json"
exits "plan --keep-going reads the others; the missing one makes it not ready" \
    10 ntlmplan plan --keep-going "$D/logs" "$T/no-such.evtx" \
    --ldif "$D/domain.ldif" --ldif "$D/config.ldif" -o "$T/miss"
ok "plan --keep-going: the plan written" test -s "$T/miss/plan.json"
done_testing
