#!/bin/sh
# Fix instead of except on the sample domain (testdata/demo): the fix
# classes and the ranked fixes in plan.json and remediation.csv (golden),
# --assume-fixed and the rules action "fixed" shrinking the list, the
# formula guard of remediation.csv, and plans without remediation rules.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/setup.sh"
G=$GOLDEN
D=$TESTDATA/demo
export SOURCE_DATE_EPOCH=1773619200	# 2026-03-16T00:00:00Z
cd "$T"

# py NAME EXPR: passes if the Python expression over plan.json (j) is true.
py() { _name=$1; _file=$2; shift 2
	if "$PYTHON3" -c "import json, sys
j = json.load(open(sys.argv[1]))
r = j['remediation']
sys.exit(0 if ($*) else 1)" "$_file"; then pass "$_name"; else fail "$_name"; fi; }

ok "collect the demo logs" ntlmplan collect -o demo.flows "$D/logs"
ok "directory from LDIF" ntlmplan directory -o dir.json --ldif "$D/domain.ldif" "$D/config.ldif"
ok "plan" ntlmplan plan --flows demo.flows --directory dir.json -o plan
grep_ok "summary names the first fix" \
    'fix instead of except: .* first fix: account=CORP\\svc-monitor,client=MON01' "$T/.err"
golden "remediation.csv" plan/remediation.csv "$G/demo-remediation.csv"
# Some outputs are written while the fixes are ranked on another thread,
# the rest after: every file and the messages are the same at any -j.
cp "$T/.err" plan.err
for j in 1 2 3 4; do
	ok "plan -j $j" ntlmplan plan -j $j --flows demo.flows \
	    --directory dir.json -o "plan-j$j"
	sed "s/ plan-j$j\$/ plan/" "$T/.err" >plan-j.err
	same "-j $j: the same messages" plan-j.err plan.err
	same_dir "-j $j: the same files" "plan-j$j" plan
done
rows=$(($(grep -c "$(printf '\r')\$" plan/remediation.csv) - 1))
denied=$(sed -n 's/^ntlmplan: plan: deny-domain-accounts-to-domain-servers (1): \([0-9]*\) flows.*/\1/p' "$T/.err")
ok "one row per denied flow" test "$rows" -eq "$denied"
py "the monitoring account first" plan/plan.json \
    "r['fixes'][0]['account'] == 'CORP\\\\svc-monitor' and r['fixes'][0]['client'] == 'MON01'"
py "its servers leave the list" plan/plan.json \
    "r['fixes'][0]['removes'] == ['PRN01'] and r['fixes'][0]['list_after'] == r['list'] - 1"
py "its class: the server is ready, the client chose NTLM" plan/plan.json \
    "r['fixes'][0]['class'] == 'client-chooses-ntlm'"
py "DC01 on the list: dangerous, with why and causes" plan/plan.json \
    "[s for s in r['servers'] if s['name'] == 'DC01'][0]['danger']['why'].startswith('An exception for a domain controller')"
py "NAS01 without SPN: the server's fix" plan/plan.json \
    "any(f['fix'] == 'server=NAS01' and f['class'] == 'server-without-spn' for f in r['fixes'])"
py "LNX-SMB01: no evidence decides, unknown, not fixable" plan/plan.json \
    "[s for s in r['servers'] if s['name'] == 'LNX-SMB01'][0]['unknown_flows'] == [s for s in r['servers'] if s['name'] == 'LNX-SMB01'][0]['flows'] and not [s for s in r['servers'] if s['name'] == 'LNX-SMB01'][0]['fixable']"
grep_ok "unknown says what was known" '^LNX-SMB01,yes,no,no,8004,.*,unknown,,,"no rule decides: server in the directory: yes, service (none), SPN unchecked' plan/remediation.csv
py "no assumed fixes: nothing without" plan/plan.json \
    "r['assumed_fixed'] == [] and r['without_assumed_fixes'] is None"
# The report's section, before the per-server evidence.
grep_ok "report.md: the section" '^## Fix instead of except$' plan/report.md
ok "report.md: before the servers' evidence" sh -c \
    '[ $(grep -n "^## Fix instead of except" plan/report.md | cut -d: -f1) -lt $(grep -n "^## Servers on the list" plan/report.md | cut -d: -f1) ]'
grep_ok "report.md: the first fix ranked" '^| 1 | `account=CORP\\svc-monitor,client=MON01` | client-chooses-ntlm' plan/report.md
grep_ok "report.md: a server only for fixable flows" '^| `PRN01` | 1 | 0 | yes | #1 |$' plan/report.md
grep_ok "report.md: a server the evidence cannot clear" '^| `LNX-SMB01` | 18 | 18 | no: the evidence does not decide every flow |' plan/report.md
ok "report.html: section before the servers" sh -c \
    'grep -o "<section id=\"[a-z]*\"" plan/report.html | tr "\n" " " | grep -q "levels.*remediation.*servers"'
grep_ok "report.html: the DC in red" '<td class="danger" data-v="DC01"><code>DC01</code> <span class="badge danger">domain controller' plan/report.html
grep_ok "report.html: why a DC is dangerous" 'A domain controller is on the list:' plan/report.html
ok "deterministic" ntlmplan plan --flows demo.flows --directory dir.json -o plan2
same "same remediation.csv twice" plan2/remediation.csv plan/remediation.csv

# The first fix assumed done: the list is shorter, the plan shows both.
ok "plan --assume-fixed" ntlmplan plan --flows demo.flows --directory dir.json -o fixed \
    --assume-fixed 'account=CORP\svc-monitor,client=MON01'
grep_ok "summary: the list without the fix" '^ntlmplan: plan: assumed fixed: 8 flows (2400 events) dropped; 10 servers to except without' "$T/.err"
n0=$(grep -vc '^#' plan/exceptions.txt)
n1=$(grep -vc '^#' fixed/exceptions.txt)
ok "the list without it is shorter" test "$n1" -lt "$n0"
ok "PRN01 off the list" sh -c '! grep -qx PRN01 fixed/exceptions.txt'
py "plan.json: with and without" fixed/plan.json \
    "r['without_assumed_fixes']['exceptions_per_level'][0] == $n0 and 'PRN01' in r['without_assumed_fixes']['exceptions'] and j['levels'][0]['exceptions'].__len__() == $n1"
grep_ok "report: the list with and without" '^| \*\*Deny for domain accounts to domain servers\*\*\|^| Deny for domain accounts to domain servers | 9 | 10 |$' fixed/report.md
grep_ok "decision table: the list without the fixes" '^| 1 | \*\*Deny for domain accounts to domain servers\*\* .* | 9 | 0 | 0 | answers | 10 |$' fixed/report.md
ok "decision table: no such column without assumed fixes" sh -c '! grep -q "Exceptions without the assumed fixes" plan/report.md'
py "plan.json: the fix's hits" fixed/plan.json \
    "r['assumed_fixed'] == [{'fix': 'account=CORP\\\\svc-monitor,client=MON01', 'flows': 8, 'events': 2400}] and j['totals']['fixed_flows'] == 8"
# The same fix as a rules-file action.
printf 'user fixed ^svc-monitor$ moves to Kerberos (CHG-1)\n' >fixed.rules
ok "rules action fixed" ntlmplan plan --flows demo.flows --directory dir.json -o byrule -r fixed.rules
grep -v '^#' fixed/exceptions.txt >a.txt
grep -v '^#' byrule/exceptions.txt >b.txt
same "same list as --assume-fixed" b.txt a.txt
py "rule: the list without it too" byrule/plan.json \
    "r['without_assumed_fixes']['exceptions_per_level'][0] == $n0 and j['rules'][0]['flows'] == 8"
ok "a fix that matches nothing" ntlmplan plan --flows demo.flows --directory dir.json -o none \
    --assume-fixed client=NOSUCH
grep_ok "is reported" 'assume-fixed client=NOSUCH: matches no flow' "$T/.err"
exits "a fix with an unknown key" 2 ntlmplan plan --flows demo.flows --directory dir.json -o bad \
    --assume-fixed colour=red
grep_ok "names the key" 'unknown key colour' "$T/.err"

# Event fields reach remediation.csv through the formula guard.
sed 's/"user": "svc-scan"/"user": "=HYPERLINK(\\"x\\")"/' demo.flows >evil.flows
ok "plan with a formula-like user" ntlmplan plan --flows evil.flows --directory dir.json -o evil
grep_ok "formula guarded and quoted" ',"'"'"'=HYPERLINK(""x"")",MFP-2F,' evil/remediation.csv

# Policies without remediation rules: every class unknown, and said so.
mkdir pol
cp "$top_srcdir"/policies/*.policy pol/
ok "plan without remediation rules" ntlmplan plan --flows demo.flows --directory dir.json -o norules -p pol
grep_ok "the missing file is named" 'pol/remediation.rules: No such file or directory: every denied flow' "$T/.err"
py "every class unknown" norules/plan.json \
    "[c['class'] for c in r['classes']] == ['unknown'] and r['classes'][0]['flows'] == r['unknown_flows'] > 0"
printf '[rule x]\nclass = y\n' >pol/remediation.rules
exits "a broken rules file stops the plan" 3 ntlmplan plan --flows demo.flows --directory dir.json -o broken -p pol
grep_ok "names file and line" 'pol/remediation.rules:1: block without when' "$T/.err"
done_testing
