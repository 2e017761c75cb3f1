#!/bin/sh
# The report's sections on what the events say beyond a count: every new
# event (tests/evtx-spec/new-events.spec) and a weekly and a monthly job in
# short windows (testdata/plan/periodic-events.spec), collected and planned
# against testdata/plan/directory.json.  plan.json's ntlm_events and the
# report's NTLMv1, blind hosts and relay sections are compared with golden
# files; the activity lines and the caveats are checked one by one.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/setup.sh"
G=$GOLDEN
export SOURCE_DATE_EPOCH=1773619200	# 2026-03-16T00:00:00Z

[ "${PYTHON3:-no}" != no ] || skip_all "python3 not installed"
ok "EVTX of the periodic jobs" "$PYTHON3" "$top_srcdir/tests/evtxgen.py" \
    "$TESTDATA/plan/periodic-events.spec" "$T/periodic.evtx"
ok "collect" ntlmplan collect -o "$T/ev.flows" \
    "$TESTDATA/evtx/new-events.evtx" "$T/periodic.evtx"
ok "plan" ntlmplan plan --flows "$T/ev.flows" \
    --directory "$TESTDATA/plan/directory.json" -o "$T/plan"
sed -n '/^ "ntlm_events"/,/^ "caveats"/p' "$T/plan/plan.json" |
    sed '$d' >"$T/ntlm.json"
golden "plan.json ntlm_events" "$T/ntlm.json" "$G/events-ntlm.json"
sed -n '/^## NTLMv1/,/^## Caveats/p' "$T/plan/report.md" | sed '$d' \
    >"$T/sections.md"
golden "report.md: NTLMv1, blind hosts, relay exposure" "$T/sections.md" \
    "$G/events-report.md"

# The weekly job on BKP02 and the monthly one on PAY01, each warned about.
grep_ok "weekly pattern, short window" \
    'Only on Sundays: a weekly job? \*short window\* The logs that saw it cover only 7.0 days' \
    "$T/plan/report.md"
grep_ok "monthly pattern, short window" \
    'Only on day 1 of the month: a monthly job? \*short window\* The logs that saw it cover only 28.0 days' \
    "$T/plan/report.md"
ok "SRV1, every day of the week, no warning" sh -c \
    "grep -A1 '^### \`SRV1\`' '$T/plan/report.md' >/dev/null &&
    ! sed -n '/^### \`SRV1\`/,/^### /p' '$T/plan/report.md' | grep -q 'short window'"
grep_ok "heatmap: BKP02's two Sunday 05h events" \
    '^| Sunday | *|.*| 2 |' "$T/plan/report.md"
grep_ok "the HTML heatmap colours the busiest cell" \
    '<td class="n danger"' "$T/plan/report.html"
# ANONYMOUS LOGON's "NTLM V1" is not NTLMv1 use; bob's is.
grep_ok "4624 NTLM V1 of bob" '`CORP\\bob` | `WS08` | `SRV3.corp.example` | 1 | 4624 NTLM V1 (1)' "$T/plan/report.md"
ok "ANONYMOUS LOGON not counted as NTLMv1" sh -c \
    "! grep -q '^| .NT AUTHORITY.ANONYMOUS LOGON' '$T/sections.md'"
for kind in blind-hosts blind-spot; do
	grep_ok "caveat $kind" "\"kind\": \"$kind\"" "$T/plan/plan.json"
done
ok "blind host is also a warning of the verdict" test \
    "$(grep -c '"kind": "blind-hosts"' "$T/plan/plan.json")" -ge 2

# A flow file of version 1: no profile, said, not estimated.
ok "plan on a version 1 flow file" ntlmplan plan \
    --flows "$TESTDATA/plan/flows.json" \
    --directory "$TESTDATA/plan/directory.json" -o "$T/v1"
grep_ok "no-profile caveat" '"kind": "no-profile"' "$T/v1/plan.json"
grep_ok "activity unknown in the evidence" \
    'when its events happened is not known' "$T/v1/report.md"
grep_ok "chart leaves them out" 'left out, not estimated' "$T/v1/report.html"
done_testing
