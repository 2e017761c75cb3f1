#!/bin/sh
# ntlmplan diff: two plans of the testdata/plan domain a month apart
# (testdata/diff/README): text and JSON goldens, exit 1 when the planned
# level's list grew, plans without a format version, plans with
# format_version and plan_time, different planned levels, and errors.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/setup.sh"

cd "$TESTDATA/diff"
exits "a server joined the planned list: exit 1" 1 \
    ntlmplan diff march april.json
cp "$T/.out" "$T/diff.txt"
golden "text (golden)" "$T/diff.txt" "$GOLDEN/diff.txt"
exits "--json: exit 1 too" 1 ntlmplan diff --json march april.json
cp "$T/.out" "$T/diff.json"
golden "json (golden)" "$T/diff.json" "$GOLDEN/diff.json"
grep_ok "--json: list_grew" '"list_grew":	true' "$T/diff.json"

exits "the same plan: exit 0" 0 ntlmplan diff march/plan.json march
grep_ok "the same plan: did not grow" "list did not grow" "$T/.out"
if grep -q -e 'joined' -e 'left the list' -e 'new accounts' "$T/.out"; then
	fail "the same plan: nothing joined, left or new"
else
	pass "the same plan: nothing joined, left or new"
fi
grep_ok "the same plan: no fix done" '^fixes done (ranked before, their flows gone): 0$' "$T/.out"

exits "an older plan without format version or time" 1 \
    ntlmplan diff march-unversioned.json april.json
grep_ok "older plan: said so" \
    'format version not given (an older plan), plan time unknown' "$T/.out"
sed -n '/^level/,$p' "$T/.out" >"$T/unv.levels"
sed -n '/^level/,$p' "$T/diff.txt" >"$T/diff.levels"
ok "older plan: the same comparison" cmp "$T/diff.levels" "$T/unv.levels"

exits "format_version and plan_time read" 1 \
    ntlmplan diff march april-v2.json
grep_ok "format_version 2, plan time" \
    'format version 2, plan time 2026-04-16 00:00 UTC' "$T/.out"
exits "format_version and plan_time: --json" 1 \
    ntlmplan diff --json march april-v2.json
grep_ok "--json: plan_time" '"plan_time":	"2026-04-16T00:00:00.000000Z"' \
    "$T/.out"
grep_ok "--json: generated is not the plan time" \
    '"plan_time_is_generated":	false' "$T/.out"

exits "back in time: OLD1 and SRV1 join again" 1 \
    ntlmplan diff april.json march
grep_ok "back in time: joined" 'joined the list (2): OLD1 SRV1' "$T/.out"

exits "different planned levels" 1 ntlmplan diff march april-deny-all.json
grep_ok "different levels: fixes not compared" \
    'fixes done: not compared (the plans planned different levels)' "$T/.out"
grep_ok "different levels: the new plan's level is the one planned" \
    '^level deny-all (planned)$' "$T/.out"

exits "a missing plan: exit 3" 3 ntlmplan diff march nowhere.json
grep_ok "a missing plan: named" 'nowhere.json: No such file' "$T/.err"
exits "a directory without plan.json: exit 3" 3 ntlmplan diff march .
grep_ok "a directory without plan.json: named" './plan.json: No such file' \
    "$T/.err"
exits "a flow file is not a plan: exit 3" 3 \
    ntlmplan diff march flows-april.json
grep_ok "not a plan: said so" 'flows-april.json: not a plan' "$T/.err"
printf '{"levels": [' >"$T/cut.json"
exits "invalid JSON: exit 3" 3 ntlmplan diff march "$T/cut.json"
grep_ok "invalid JSON: where" 'cut.json: invalid JSON at byte' "$T/.err"
exits "one operand: usage, exit 2" 2 ntlmplan diff march
exits "--help" 0 ntlmplan diff --help
grep_ok "--help names --json" "json" "$T/.out"
done_testing
