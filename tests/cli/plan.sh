#!/bin/sh
# ntlmplan plan: golden outputs for the fixture in testdata/plan, the
# exception list read back from the generated template, levels by name and
# value, alternate policies, bad input.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/setup.sh"

SOURCE_DATE_EPOCH=1774000000
export SOURCE_DATE_EPOCH
P=$TESTDATA/plan
G=$GOLDEN/plan
cd "$P"
run() { ntlmplan plan --flows flows.json --directory directory.json \
	--policies ../../policies "$@"; }

ok "plan on the fixture" run --rules rules.txt -o "$T/a"
grep_ok "one-line summary" '^ntlmplan: plan: deny-domain-accounts-to-domain-servers (1): ' "$T/.err"
for f in plan.json exceptions.txt GptTmpl-audit.inf GptTmpl-enforce.inf; do
	golden "golden $f" "$T/a/$f" "$G/$f"
done
ok "plan.json is JSON" "$PYTHON3" -m json.tool "$T/a/plan.json"

printf '{"format": "ntlmplan-flows", "version": 1, "sources": [], "flows": []}\n' >"$T/empty.json"
ok "same run again" run --rules rules.txt -o "$T/b"
ok "deterministic" cmp "$T/a/plan.json" "$T/b/plan.json"

ok "two flow files" ntlmplan plan --flows flows.json --flows flows-more.json \
    --directory directory.json --policies ../../policies --rules rules.txt \
    -o "$T/two1"
ok "two flow files, the other order" ntlmplan plan --flows flows-more.json \
    --flows flows.json --directory directory.json --policies ../../policies \
    --rules rules.txt -o "$T/two2"
ok "order of flow files does not matter" cmp "$T/two1/exceptions.txt" "$T/two2/exceptions.txt"
sed 's|"flows": \["[^]]*\]|"flows": []|' "$T/two1/plan.json" >"$T/two1.json"
sed 's|"flows": \["[^]]*\]|"flows": []|' "$T/two2/plan.json" >"$T/two2.json"
ok "the same plan.json but for the inputs" cmp "$T/two1.json" "$T/two2.json"
exits "an empty flow file" 0 run --flows "$T/empty.json" -o "$T/empty"

# One flow file in two orders (another tool's, not canonical), its flows
# of a server tied on events: the same plan, row for row.
mkdir "$T/ord1" "$T/ord2"
"$PYTHON3" -c 'import json, sys
j = json.load(open("flows.json"))
for f in j["flows"]:
	f["count"] = 5
json.dump(j, open(sys.argv[1], "w"), indent=1)
j["flows"].reverse()
json.dump(j, open(sys.argv[2], "w"), indent=1)' \
    "$T/ord1/flows.json" "$T/ord2/flows.json"
for o in ord1 ord2; do
	(cd "$T/$o" && ntlmplan plan --flows flows.json \
	    --directory "$P/directory.json" --policies "$P/../../policies" \
	    -o plan 2>/dev/null) || :
done
ok "a flow file in another order: flows denied" \
    test -s "$T/ord1/plan/blocked.csv"
same_dir "a flow file in another order: the same files" "$T/ord1/plan" \
    "$T/ord2/plan"

ok "level by value" run --rules rules.txt --level 7 -o "$T/v7"
ok "level by name" run --rules rules.txt --level deny-all -o "$T/n7"
ok "value and name give the same plan" cmp "$T/v7/plan.json" "$T/n7/plan.json"
golden "golden deny-all exceptions.txt" "$T/v7/exceptions.txt" "$G/exceptions-deny-all.txt"

ok "the enforce template as the list in force" run --rules rules.txt \
	--level 7 --exceptions "$T/v7/GptTmpl-enforce.inf" -o "$T/again"
grep_ok "nothing new to except" '^# the complete list for this level: 8 servers covered by entries in force, 0 new' "$T/again/exceptions.txt"
# exceptions.txt is the complete list: a re-run with it in force gives it again.
grep -v '^#' "$T/v7/exceptions.txt" >"$T/v7.names"
grep -v '^#' "$T/again/exceptions.txt" >"$T/again.names"
ok "the same names on a re-run with the template in force" cmp "$T/v7.names" "$T/again.names"
ok "the GPO list is unchanged" cmp "$T/v7/GptTmpl-enforce.inf" "$T/again/GptTmpl-enforce.inf"
ok "a re-run with exceptions.txt in force" run --rules rules.txt \
	--level 7 --exceptions "$T/v7/exceptions.txt" -o "$T/again2"
grep -v '^#' "$T/again2/exceptions.txt" >"$T/again2.names"
ok "the same names on a re-run with exceptions.txt in force" cmp "$T/v7.names" "$T/again2.names"

ok "a text list in force" run --exceptions exceptions-in-force.txt -o "$T/x"
grep_ok "invalid entry reported" 'BAD\*\*: more than one' "$T/.err"
golden "golden exceptions.txt with a list in force" "$T/x/exceptions.txt" "$G/exceptions-in-force.txt"
# Invalid UTF-8 next to '*' (PCRE2 refuses it): the entry, not the run.
printf 'SRV1\nG\303*\n' >"$T/bad-utf8.txt"
exits "an entry of invalid UTF-8 next to '*': exit 0, not 70" 0 \
    run --exceptions "$T/bad-utf8.txt" -o "$T/u8"
grep_ok "an entry of invalid UTF-8: line named" 'bad-utf8.txt:2: .*: invalid UTF-8, ignored' "$T/.err"
golden "golden template with a list in force" "$T/x/GptTmpl-audit.inf" "$G/GptTmpl-audit-in-force.inf"
# Invalid and unused entries in turn: each finding keeps every item (the
# second finding once moved the first one's memory while it was filled).
printf 'BADA**\nNOSUCH1\nBADB**\nNOSUCH2\nBADC**\nNOSUCH3\nBADD**\n' >"$T/mixed.txt"
ok "invalid and unused entries in turn" run --exceptions "$T/mixed.txt" -o "$T/mx"
ok "every invalid and every unused entry is in plan.json" sh -c '
	for n in "BADA\\*\\*" "BADB\\*\\*" "BADC\\*\\*" "BADD\\*\\*" NOSUCH1 NOSUCH2 NOSUCH3; do
		grep -q "\"[^\"]*mixed.txt:[0-9]*: $n" "$1" || { echo "missing: $n"; exit 1; }; done' \
    sh "$T/mx/plan.json"
grep_ok "unused entry flagged" '"unused-exception"' "$T/x/plan.json"
grep_ok "an unused entry is listed apart, as a candidate to remove" '^#   unused: ' "$T/x/exceptions.txt"
grep -v '^#' exceptions-in-force.txt | grep -v 'BAD' >"$T/inforce.names"
grep -v '^#' "$T/x/exceptions.txt" >"$T/x.names"
ok "every entry in force is kept, listed as unused or as no proof" sh -c 'for n in $(cat "$1"); do
	grep -qixF "$n" "$2" || grep -qixF "#   unused: $n" "$3" ||
	grep -qixF "#   not proof: $n" "$3" || { echo "dropped: $n"; exit 1; }; done' \
	sh "$T/inforce.names" "$T/x.names" "$T/x/exceptions.txt"
# A wildcard (APP*) or an FQDN (legacy02.corp.example) in force matches a
# server without naming it as the domain list is matched (NetBIOS): no
# proof of coverage; the server goes on the list by name, the report says
# why.
grep_ok "APP* proves nothing: APP01 listed by name" '^APP01$' "$T/x/exceptions.txt"
grep_ok "an FQDN in force proves nothing: LEGACY02 listed by name" '^LEGACY02$' "$T/x/exceptions.txt"
ok "no wildcard written" sh -c '! grep -q "^[^#].*[*]" "$1"' sh "$T/x/exceptions.txt"
grep_ok "exceptions.txt says why" '^#   not proof: APP\*$' "$T/x/exceptions.txt"
grep_ok "plan.json: the entry that is no proof" '"name": "APP01", .*"entry_not_proof": "APP\*"' "$T/x/plan.json"
grep_ok "a warning names the servers" '"kind": "entry-not-proof"' "$T/x/plan.json"
ok "an exact NetBIOS entry in force covers its server" run \
    --exceptions "$T/x/exceptions.txt" -o "$T/x2"
grep_ok "planned again: every server covered" '^# the complete list for this level: 7 servers covered by entries in force, 0 new$' "$T/x2/exceptions.txt"

ok "--names both" run --names both -o "$T/both"
grep_ok "FQDN after the NetBIOS name" '^srv1\.corp\.example$' "$T/both/exceptions.txt"

exits "incoming: written, not ready (its audit level cannot show all it denies)" 10 run --level incoming-deny-all -o "$T/in"
grep_ok "incoming: the blocker named" "NOT READY: audit-level-narrower" "$T/.err"
grep_ok "incoming: SQL01" '^SQL01$' "$T/in/exceptions.txt"
ok "outgoing" run --level outgoing-deny-all -o "$T/out"
grep_ok "outgoing: NetBIOS and FQDN" '^files\.partner\.example$' "$T/out/exceptions.txt"

ok "--audit-level 1" run --audit-level 1 -o "$T/al"
grep_ok "stated audit level contradicted" 'audit-level-contradicted' "$T/al/plan.json"
exits "--audit-level 2 is no audit value" 2 run --audit-level 2 -o "$T/bad"

ok "alternate policies" ntlmplan plan --flows flows.json \
	--directory directory.json --policies policies-alt -o "$T/alt"
grep_ok "its default level" '"level": "deny-trusted"' "$T/alt/plan.json"
ok "policies from \$NTLMPLAN_POLICIES" env NTLMPLAN_POLICIES="$P/policies-alt" \
	"$NTLMPLAN" plan --flows flows.json --directory directory.json -o "$T/env"
grep_ok "its default level (env)" '"level": "deny-trusted"' "$T/env/plan.json"
ok "--policies beats \$NTLMPLAN_POLICIES" env NTLMPLAN_POLICIES="$P/policies-alt" \
	"$NTLMPLAN" plan --flows flows.json --directory directory.json \
	--policies ../../policies -o "$T/both"
grep_ok "--policies' default level" '"level": "deny-domain-accounts-to-domain-servers"' "$T/both/plan.json"
ok "policies found from the build tree" "$NTLMPLAN" plan --flows flows.json \
	--directory directory.json -o "$T/found"
grep_ok "shipped default level" '"level": "deny-domain-accounts-to-domain-servers"' "$T/found/plan.json"

exits "unknown level exits 2" 2 run --level 2 -o "$T/bad"
exits "no directory exits 2" 2 ntlmplan plan --flows flows.json
exits "missing flow file exits 3" 3 run --flows nonexistent.json -o "$T/bad"
# The directory snapshot is read beside the flows (-j 2) or after them (-j
# 1): its error comes after theirs either way, and only when they are read.
for j in 1 2; do
	exits "-j $j: a missing directory exits 3" 3 ntlmplan plan \
	    --flows flows.json --directory "$T/no-dir.json" \
	    --policies ../../policies -j $j -o "$T/bad"
	grep_ok "-j $j: the directory named" 'no-dir\.json' "$T/.err"
	exits "-j $j: flows and directory both missing exit 3" 3 ntlmplan plan \
	    --flows "$T/no-flows.json" --directory "$T/no-dir.json" \
	    --policies ../../policies -j $j -o "$T/bad"
	grep_ok "-j $j: the flow file named" 'no-flows\.json' "$T/.err"
	if grep -q 'no-dir' "$T/.err"; then
		fail "-j $j: the directory not named after the flows' error"
	else pass "-j $j: the directory not named after the flows' error"; fi
done
exits "bad rules file exits 3" 3 run --rules flows.json -o "$T/bad"
exits "bad --names exits 2" 2 run --names dns -o "$T/bad"
exits "unwritable output exits 4" 4 run -o /proc/ntlmplan-no

# The evidence in plan.json: record-id gaps, log windows and overlaps.
L=$TESTDATA/logs
ntlmplan collect -o "$T/fs1.flows" "$L/fs09-mar01.evtx" 2>/dev/null || :
ntlmplan collect -o "$T/fs2.flows" "$L/fs09-mar03.evtx" 2>/dev/null || :
exits "plan over two overlapping flow files: not ready (exit 10)" 10 \
    ntlmplan plan --flows "$T/fs1.flows" --flows "$T/fs2.flows" \
    "$L/app09-gap.evtx" --directory directory.json --max-age 0 \
    --policies ../../policies -o "$T/ev"
grep_ok "the summary says why: the overlap" 'NOT READY: overlap-not-deduplicated;' "$T/.err"
grep_ok "plan names the overlap" 'plan: FS09.corp.example, log Microsoft-Windows-NTLM/Operational: record ids 21..40 are in more than one input' "$T/.err"
grep_ok "plan.json: the overlap" '{"host": "FS09.corp.example", "channel": "Microsoft-Windows-NTLM/Operational", "first": 21, "last": 40}' "$T/ev/plan.json"
grep_ok "plan.json: the gap, between which times" '"gaps": \[{"first": 11, "last": 50, "lost": 40, "from": "2026-03-01T00:00:09.000000Z", "to": "2026-03-05T00:00:00.000000Z"}\]' "$T/ev/plan.json"
grep_ok "plan.json: the host's window is its log's" '"name": "APP09.corp.example", "events": 20, .*"days": 4.0, .*"log_days": 14.0, "lost": 40, "gaps": 1}' "$T/ev/plan.json"
grep_ok "plan.json: the overlap is a blocker" '"kind": "overlap-not-deduplicated", .*"items": \["FS09.corp.example, log Microsoft-Windows-NTLM/Operational: record ids 21..40 in more than one input"\]' "$T/ev/plan.json"
grep_ok "plan.json: the gap is a warning" '"kind": "record-gaps", .*"APP09.corp.example, log Microsoft-Windows-NTLM/Operational: 40 records lost (ids 11..50) between 2026-03-01 00:00 UTC and 2026-03-05 00:00 UTC"' "$T/ev/plan.json"
grep_ok "plan.json: every input with its counts" '{"path": "'"$L"'/app09-gap.evtx", "records": 21, "used": 20, "skipped": 1, "unreadable": 0, "duplicate": 0}' "$T/ev/plan.json"
done_testing
