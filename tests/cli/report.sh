#!/bin/sh
# The reports of plan on the sample domain (testdata/demo): report.md and
# blocked.csv against golden files, report.html checked for what must and
# must not be in it.  Relative paths, so that the reports name the same
# inputs wherever the test runs.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/setup.sh"
G=$GOLDEN
D=$TESTDATA/demo
export SOURCE_DATE_EPOCH=1773619200	# 2026-03-16T00:00:00Z
cd "$T"

ok "collect the demo logs" sh -c 'cd "$1" && "$2" collect -o "$3" logs' sh \
    "$D" "$NTLMPLAN" "$T/demo.flows"
ok "directory from LDIF" ntlmplan directory -o dir.json --ldif "$D/domain.ldif" "$D/config.ldif"
ok "plan" ntlmplan plan --flows demo.flows --directory dir.json -o plan
grep_ok "summary line kept" '^ntlmplan: plan: deny-domain-accounts-to-domain-servers (1): 138 flows' "$T/.err"
for f in report.html report.md blocked.csv; do
	ok "$f written" test -s "plan/$f"
done
ok "no temporary file left" sh -c '! ls -a plan | grep -q "^\."[^.]'
golden "report.md" plan/report.md "$G/demo-report.md"
golden "blocked.csv" plan/blocked.csv "$G/demo-blocked.csv"
# One row per flow denied at level 1, as the summary line counts them
# (APP03, not in the directory, proves itself a member by its 8003 events).
rows=$(($(grep -c "$(printf '\r')\$" plan/blocked.csv) - 1))
ok "138 denied flows in blocked.csv" test "$rows" -eq 138
ok "every row allowed by the proposed list" test "$(grep -c ',allowed-proposed' plan/blocked.csv)" -eq 138
grep_ok "OS from the directory" 'NetApp Release 8.2.5 7-Mode' plan/report.html
grep_ok "DC marked" 'domain controller' plan/report.html
grep_ok "short window flagged" 'PRN01.corp.example</code></td>.*short' plan/report.html
grep_ok "chart from the time profiles" 'events per UTC day that the planned' plan/report.html
ok "nothing fetched" sh -c '! grep -Eq "(src|href)=|url\(|@import" plan/report.html'
ok "same reports again" sh -c 'ntlmplan() { "$NTLMPLAN" "$@"; }; "$NTLMPLAN" plan --flows demo.flows --directory dir.json -o plan2 2>/dev/null &&
    cmp plan/report.html plan2/report.html && cmp plan/report.md plan2/report.md && cmp plan/blocked.csv plan2/blocked.csv'
# With the proposed list but NAS01 in force and a remediate rule for NAS01,
# NAS01's flows are what would still break.
grep -v '^NAS01$' plan/exceptions.txt >inforce.txt
printf 'name remediate ^NAS01$ firmware update brings Kerberos\n' >rules
ok "plan with the list in force and a rule" ntlmplan plan --flows demo.flows --directory dir.json \
    --exceptions inforce.txt --rules rules -o plan3
grep_ok "NAS01 still denied" '^NAS01,.*,1,remediate,denied' plan3/blocked.csv
grep_ok "APP01 allowed in force" '^APP01,.*,yes,no,,,allowed-in-force' plan3/blocked.csv
grep_ok "residual table in the HTML" 'id="residual-table"' plan3/report.html
grep_ok "residual in the Markdown" '^| `NAS01` | `CORP\\user' plan3/report.md
grep_ok "still denied in the summary" '^At this level .* and 20 flows (100 events) would still be denied' plan3/report.md
# The rollout an administrator can follow exactly, in both reports.
for f in report.md report.html; do
	grep_ok "$f: linked to the Domain Controllers OU" 'linked to the Domain Controllers OU' plan/$f
	grep_ok "$f: Import Policy replaces" 'Import Policy replaces the GPO' plan/$f
	grep_ok "$f: secedit is local" 'changes the local policy of the one computer' plan/$f
	grep_ok "$f: rollback reaches every DC" 'every 5 minutes by default.*180 minutes by default' plan/$f
done
grep_ok "the audit stage never narrower than the data" 'AuditNTLMInDomain=4,5$' plan/report.md
# Rule hits with their flows and events, in both reports.
grep_ok "rules in the Markdown" '^| 1 | remediate | name | `^NAS01\$` | firmware update brings Kerberos | 20 | 100 |$' plan3/report.md
grep_ok "rules in the HTML" 'id="rules-table"' plan3/report.html
grep_ok "a rule's flows in the Markdown" '^| 1 | remediate | `NAS01` | `CORP\\user[0-9]*` | `WS[0-9]*` | - | [0-9]* | 2026-' plan3/report.md
grep_ok "a rule's flows in the HTML" 'id="rule-flows"' plan3/report.html
ok "at most 10 flows a rule" test "$(grep -c '^| 1 | remediate | `NAS01`' plan3/report.md)" -eq 10
grep_ok "still denied is a warning" '"kind": "still-denied"' plan3/plan.json
# Words: counts agree, times readable, accounts as DOMAIN\user.
grep_ok "1 flow, not 1 flows" 'in 1 flow, ' plan/report.md
ok "no \"1 flows\"" sh -c '! grep -q "[^0-9]1 flows" plan/report.md'
grep_ok "caveat times readable" 'PRN01.corp.example: 2.0 days, 2026-03-14 00:07 UTC to 2026-03-15 23:07 UTC' plan/report.md
grep_ok "accounts as DOMAIN\\user" '`CORP\\svc-monitor`' plan/report.md
# The one-command route names its raw inputs.
ok "plan in one command" ntlmplan plan "$D/logs" --ldif "$D/domain.ldif" --ldif "$D/config.ldif" -o one
grep_ok "one command: what was analysed" 'Inputs: event logs: `.*logs`; LDIF: `.*domain.ldif`, `.*config.ldif`\.' one/report.md
# The host table says what each log covered and what rollover lost; the
# inputs table counts every input and names the one that held no NTLM event.
printf '{"system": {"provider_name": "Microsoft-Windows-Security-Auditing", "event_id": 4688, "computer": "SRV7.corp.example", "time_created": "2026-03-05T00:00:00Z"}, "event_data": {}}\n' >security.json
exits "a gap and a Security log: not ready" 10 ntlmplan plan \
    "$TESTDATA/logs/app09-gap.evtx" security.json \
    --directory "$TESTDATA/plan/directory.json" -o gap
grep_ok "records lost in the host table" '^| `APP09.corp.example` | 20 | .* | 14.0 | 40 in 1 gap |$' gap/report.md
grep_ok "the log's window, not the NTLM events'" '^| `APP09.corp.example` | 20 | 2026-03-01 00:00 UTC | 2026-03-05 00:00 UTC | 4.0 | 14.0 |' gap/report.md
grep_ok "every input counted" '^| `.*app09-gap.evtx` | 21 | 20 | 1 | 0 | 0 |  |$' gap/report.md
grep_ok "the input without NTLM named" '^| `security.json` | 1 | 0 | 1 | 0 | 0 | no NTLM audit event |$' gap/report.md
grep_ok "the inputs table in the HTML" 'id="inputs-table"' gap/report.html
done_testing
