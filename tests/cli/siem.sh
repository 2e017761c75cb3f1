#!/bin/sh
# The SIEM's own aggregation: the queries of "ntlmplan queries" name the
# columns collect reads back; a result in each product's export format
# (testdata/siem, written by tests/siem-results.py, an aggregation written
# from the manual, not from ntlmplan's code) gives the flows the raw events
# give, byte for byte, and plans to the same exception list; its source is
# pre-aggregated, and meeting the raw events of the same hosts is warned
# about; bad rows are counted as unreadable.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/setup.sh"
[ "${PYTHON3:-no}" != no ] || skip_all "python3 not installed"
S=$TESTDATA/siem
D=$TESTDATA/demo
results="sentinel.csv log-analytics.json splunk.csv splunk.json esql.csv esql.json"

# The fixtures are what the script writes.
"$PYTHON3" "$top_srcdir/tests/siem-results.py" "$top_srcdir/tests/evtx-spec/siem.spec" "$T/res"
for r in $results; do
	same "fixture $r is the script's" "$T/res/$r" "$S/$r"
done

# The columns of each query are those of the fixtures' header.
head -n 1 "$S/esql.csv" >"$T/header"
ntlmplan queries kql | sed -n 's/^| project //p' | sed "s/\['count'\]/count/; s/, /,/g" >"$T/kql.cols"
same "kql: the columns collect reads" "$T/kql.cols" "$T/header"
ntlmplan queries spl | sed -n 's/^| table //p' | tr ' ' , >"$T/spl.cols"
same "spl: the columns collect reads" "$T/spl.cols" "$T/header"
ntlmplan queries esql | sed -n 's/^| KEEP //p' | sed 's/, /,/g' >"$T/esql.cols"
same "esql: the columns collect reads" "$T/esql.cols" "$T/header"

# The raw events, and each result: the same flows.
"$PYTHON3" "$top_srcdir/tests/evtxgen.py" "$top_srcdir/tests/evtx-spec/siem.spec" "$T/raw.evtx"
ntlmplan collect -v -o "$T/raw.flows" "$T/raw.evtx" 2>/dev/null
sed -n '/"flows"/,$p' "$T/raw.flows" >"$T/raw.want"
ntlmplan plan "$T/raw.evtx" --ldif "$D/domain.ldif" --ldif "$D/config.ldif" \
    --now 2026-03-16T00:00:00Z -o "$T/plan-raw" 2>/dev/null || :
grep -v '^# data:' "$T/plan-raw/exceptions.txt" >"$T/raw.exceptions"
grep_ok "the raw plan lists servers" '^APP01$' "$T/raw.exceptions"
for r in $results; do
	ntlmplan collect -v -o "$T/$r.flows" "$S/$r" 2>"$T/$r.err" || :
	grep_ok "$r: every row used" "input $S/$r: 9 records: 9 used, 0 skipped, 0 unreadable$" "$T/$r.err"
	sed -n '/"flows"/,$p' "$T/$r.flows" >"$T/$r.got"
	same "$r: the flows of the raw events" "$T/$r.got" "$T/raw.want"
	grep_ok "$r: pre-aggregated" '"pre_aggregated": true' "$T/$r.flows"
	ntlmplan plan "$S/$r" --ldif "$D/domain.ldif" --ldif "$D/config.ldif" \
	    --now 2026-03-16T00:00:00Z -o "$T/plan-$r" 2>/dev/null || :
	grep -v '^# data:' "$T/plan-$r/exceptions.txt" >"$T/$r.exceptions"
	same "$r: the exception list of the raw events" "$T/$r.exceptions" "$T/raw.exceptions"
done
ok "from standard input" sh -c '"$1" collect -o "$2" - <"$3"' sh "$NTLMPLAN" "$T/stdin.flows" "$S/splunk.json"
sed -n '/"flows"/,$p' "$T/stdin.flows" >"$T/stdin.got"
same "standard input: the same flows" "$T/stdin.got" "$T/raw.want"

# Raw events and aggregated rows of the same hosts: warned, both ways.
ntlmplan collect -v -o "$T/mix.flows" "$S/esql.csv" "$T/raw.evtx" 2>"$T/mix.err" || :
grep_ok "collect warns: raw and aggregated" 'collect: FS01.corp.example: pre-aggregated rows (.*esql.csv) and raw events (.*raw.evtx) of this host' "$T/mix.err"
ntlmplan merge -o "$T/m.flows" "$T/esql.csv.flows" "$T/raw.flows" 2>"$T/m.err" || :
grep_ok "merge warns: raw and aggregated" 'merge: DC01.corp.example: pre-aggregated rows' "$T/m.err"
ntlmplan merge -o "$T/m2.flows" "$T/esql.csv.flows" 2>"$T/m2.err" || :
if grep -q 'pre-aggregated' "$T/m2.err"; then fail "aggregated rows alone: no warning"
else pass "aggregated rows alone: no warning"; fi
grep_ok "merge keeps the flag" '"pre_aggregated": true' "$T/m2.flows"

# Bad rows: each unreadable, with its reason; an unknown id is skipped; a
# blank line is no row.
{ head -n 1 "$S/esql.csv"
  echo '8003,A.corp.example,,W,u,CORP,System,3,false,,,,,,,,,,,,x,2026-03-02T00:00:00Z,2026-03-02T00:00:00Z,'
  echo '8003,A.corp.example,,W,u,CORP,System,3,false,,,,,,,,,,,,2,2026-03-02T00:00:00Z,2026-03-02T01:00:00Z,2026-03-02T00=1'
  echo '8003,A.corp.example,,W,u,CORP,System,3,false,,,,,,,,,,,,1,2026-03-03T00:00:00Z,2026-03-02T00:00:00Z,'
  echo '8003,,,W,u,CORP,System,3,false,,,,,,,,,,,,1,2026-03-02T00:00:00Z,2026-03-02T00:00:00Z,'
  echo '6038,A.corp.example,,,,,,,,,,,,,,,,,,,1,2026-03-02T00:00:00Z,2026-03-02T00:00:00Z,'
  printf '\r\n'
  echo '8003,A.corp.example,,"W,2",u,CORP,System,3,false,,,,,,,,,,,,1,2026-03-02T05:00:00Z,2026-03-02T05:00:00Z,'
} >"$T/bad.csv"
ntlmplan collect -v -o "$T/bad.flows" "$T/bad.csv" 2>"$T/bad.err" || :
grep_ok "count not a number" 'bad.csv: row 1: count missing or not a number' "$T/bad.err"
grep_ok "hours that do not add up" 'bad.csv: row 2: hours: the cells do not add up to count' "$T/bad.err"
grep_ok "first after last" 'bad.csv: row 3: first_seen after last_seen' "$T/bad.err"
grep_ok "no computer" 'bad.csv: row 4: computer missing' "$T/bad.err"
grep_ok "rows counted" '6 records: 1 used, 1 skipped, 4 unreadable$' "$T/bad.err"
grep_ok "a quoted comma kept" '"workstation": "W,2"' "$T/bad.flows"
# Without a required column it is no SIEM result; a flow file is refused.
cut -d, -f1-20 "$S/esql.csv" >"$T/nocount.csv"
exits "no count column: nothing read" 1 ntlmplan collect -v -o "$T/x.flows" "$T/nocount.csv"
grep_ok "no count column: named" 'nocount.csv: not an event export' "$T/.err"
exits "a flow file given to collect: nothing read" 1 ntlmplan collect -v -o "$T/x.flows" "$T/raw.flows"
grep_ok "a flow file: named" 'raw.flows: a flow file, which ntlmplan merge and plan --flows read' "$T/.err"
done_testing
