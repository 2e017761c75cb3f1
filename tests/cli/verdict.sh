#!/bin/sh
# The verdict of plan (ntlmplan-plan(5), "Verdict"): the sample domain is
# ready with warnings (exit 0); each blocker makes the planned level not
# ready (exit 10, "NOT READY" on stderr, "ready": false in plan.json, the
# reports' first screen says why and recommends nothing); the real sample
# logs of testdata/samples are not ready and say why in one screen.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/setup.sh"
D=$TESTDATA/demo
export SOURCE_DATE_EPOCH=1773619200	# 2026-03-16T00:00:00Z
cd "$T"
plan() { ntlmplan plan "$D/logs" --ldif "$D/domain.ldif" "$@"; }
full() { plan --ldif "$D/config.ldif" "$@"; }
# blocked NAME KIND DIR: plan.json's planned level lists the blocker KIND,
# the summary line names it, report.md leads with "Not ready" and has no
# recommendation.
blocked() {
	grep_ok "$1: stderr says NOT READY" "NOT READY:.*$2" "$T/.err"
	ok "$1: plan.json" "$PYTHON3" -c 'import json, sys
d = json.load(open(sys.argv[1]))
l = [l for l in d["levels"] if l["name"] == d["level"]][0]
assert d["ready"] is False and l["ready"] is False, "ready"
assert sys.argv[2] in [b["kind"] for b in l["blockers"]], l["blockers"]' \
	    "$3/plan.json" "$2"
	ok "$1: report.md leads with the verdict" sh -c \
	    'sed -n "1,12p" "$1" | grep -q "^> \*\*Not ready\*\*" &&
	    sed -n "1,40p" "$1" | grep -q "$2"' sh "$3/report.md" "$2"
	ok "$1: no recommendation" sh -c '! grep -q "Recommendation:" "$1"' \
	    sh "$3/report.md"
	grep_ok "$1: report.html says not ready" 'class="verdict not-ready"' \
	    "$3/report.html"
	grep_ok "$1: exceptions.txt says not ready" '^# NOT READY' \
	    "$3/exceptions.txt"
}

[ "${PYTHON3:-no}" != no ] || skip_all "python3 not installed"

# The sample domain: ready, with warnings.
exits "sample domain: ready" 0 full -o ok
grep_ok "sample domain: the summary says ready" '; ready, with warnings;' "$T/.err"
for w in short-window not-in-directory dc-on-list disabled-computer dc-silent; do
	grep_ok "sample domain: warning $w" "\"kind\": \"$w\"" ok/plan.json
done
grep_ok "sample domain: report.md leads with Ready" '^> \*\*Ready:\*\*' ok/report.md
grep_ok "sample domain: recommendation when ready" '^\*\*Recommendation:\*\* set' ok/report.md
grep_ok "sample domain: report.html ready" 'class="verdict ready"' ok/report.html

# No configuration partition: no NetBIOS name.
exits "no NetBIOS name: not ready" 10 plan -o nb
blocked "no NetBIOS name" netbios-unknown nb
grep_ok "no NetBIOS name: the export to add" 'ldifde -f config.ldif -d \\*"CN=Partitions,CN=Configuration,DC=corp,DC=example\\*"' nb/report.md
grep_ok "no NetBIOS name: the DNS name's label only a guess" "first label, CORP, is only a guess" nb/report.md
exits "--netbios states it: ready" 0 plan --netbios CORP -o nbs
grep_ok "--netbios: a warning says so" '"kind": "netbios-stated"' nbs/plan.json
exits "--netbios: a bad name" 2 plan --netbios corp.example -o bad

# An input that holds no NTLM audit event (a Security log by mistake).
printf '%s\n' '{"@timestamp":"2026-03-10T09:00:00Z","winlog":{"event_id":4624,"provider_name":"Microsoft-Windows-Security-Auditing","computer_name":"FS01.corp.example","event_data":{"TargetUserName":"x"}}}' >security.ndjson
exits "a Security log: not ready" 10 full security.ndjson -o sec
blocked "a Security log" input-without-ntlm sec
grep_ok "a Security log: named" 'security.ndjson' sec/plan.json

# A live record that cannot be read, after one that can.
printf '%s\n' '{"@timestamp":"2026-03-10T09:00:00Z","winlog":{"event_id":8004,"provider_name":"Microsoft-Windows-Security-Netlogon","computer_name":"DC01.corp.example","event_data":{"SChannelName":"FS01","UserName":"svc-scan","DomainName":"CORP","WorkstationName":"MFP-2F","SChannelType":"2"}}}' \
    '{"@timestamp":"2026-03-10T09:00:00Z","winlog":{"event_id":8004,' >broken.ndjson
exits "an unreadable record: not ready" 10 full broken.ndjson -o br
blocked "an unreadable record" unreadable-records br

# An input that cannot be read (later versions may refuse it, exit 3).
st=0; full nonexistent.evtx -o ne >"$T/.out" 2>"$T/.err" || st=$?
case $st in
10)	pass "a missing input: not ready"
	blocked "a missing input" input-unreadable ne ;;
3)	pass "a missing input: refused" ;;
*)	fail "a missing input: exit $st" ;;
esac

# No usable event: a flow file without flows.
printf '{"format": "ntlmplan-flows", "version": 1, "sources": [], "flows": []}\n' >empty.flows
exits "no event: not ready" 10 ntlmplan plan --flows empty.flows \
    --ldif "$D/domain.ldif" --ldif "$D/config.ldif" -o nev
blocked "no event" no-events nev

# The audit level cannot show what the level denies (inferred: domain
# servers only; Deny for domain accounts also denies other servers).
exits "a level beyond the audit level: not ready" 10 full --level 3 -o al
blocked "a level beyond the audit level" audit-level-narrower al
exits "the audit level stated: ready" 0 full --level 3 --audit-level 7 -o al7

# Old data: the newest event more than --max-age days before the plan.
exits "old data: not ready" 10 full --now 2026-06-01T00:00:00Z -o old
blocked "old data" stale-data old
exits "old data, --max-age 90: ready" 0 full --now 2026-06-01T00:00:00Z --max-age 90 -o old90
exits "old data, --max-age 0: no limit" 0 full --now 2026-06-01T00:00:00Z --max-age 0 -o old0
exits "--now: not a time" 2 full --now yesterday -o bad
exits "--max-age: not a number" 2 full --max-age -1 -o bad

# The real logs of testdata/samples (slack space of other logs): not ready,
# and why, in one screen.
exits "real sample logs: not ready" 10 ntlmplan plan \
    "$TESTDATA/samples/dc-8004-recovered.evtx" \
    "$TESTDATA/samples/client-8001-recovered.evtx" \
    --ldif "$D/domain.ldif" -o samples
cp "$T/.err" samples.err
for k in netbios-unknown no-events input-without-ntlm; do
	grep_ok "real sample logs: $k in the summary line" "NOT READY:.*$k" samples.err
	ok "real sample logs: $k on report.md's first screen" sh -c \
	    'sed -n "1,24p" "$1" | grep -q "$2"' sh samples/report.md "$k"
done
grep_ok "real sample logs: report.md leads with the verdict" '^> \*\*Not ready\*\*' samples/report.md
done_testing
