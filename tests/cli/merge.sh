#!/bin/sh
# ntlmplan merge: the laws that let an estate be collected in shards.
# Merging in any order or grouping gives the same bytes, and
# collect A B equals merge (collect A) (collect B).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/setup.sh"
cd "$TESTDATA"

A=json/winlogbeat.ndjson
B=json/powershell.json
C=json/evtx-dump.jsonl
X=json/split/late-lowercase.jsonl
Y=json/split/early-uppercase.jsonl
for v in A B C X Y; do
	eval "f=\$$v"
	ntlmplan collect -o "$T/$v.flows" "$f" 2>/dev/null
done
ntlmplan collect -o "$T/ABC.flows" "$A" "$B" "$C" 2>/dev/null

ok "merge A B C" ntlmplan merge -o "$T/m1" "$T/A.flows" "$T/B.flows" "$T/C.flows"
golden "collect A B C = merge (A) (B) (C)" "$T/m1" "$T/ABC.flows"
ntlmplan merge -o "$T/m2" "$T/C.flows" "$T/A.flows" "$T/B.flows" 2>/dev/null
golden "order does not matter" "$T/m2" "$T/m1"
ntlmplan merge -o "$T/AB" "$T/A.flows" "$T/B.flows" 2>/dev/null
ntlmplan merge -o "$T/m3" "$T/AB" "$T/C.flows" 2>/dev/null
golden "(A B) C" "$T/m3" "$T/m1"
ntlmplan merge -o "$T/BC" "$T/B.flows" "$T/C.flows" 2>/dev/null
ntlmplan merge -o "$T/m4" "$T/A.flows" "$T/BC" 2>/dev/null
golden "A (B C)" "$T/m4" "$T/m1"
ntlmplan merge -o "$T/m5" "$T/m1" 2>/dev/null
golden "merge of one file is the identity" "$T/m5" "$T/m1"

# Spelling: the earliest event wins whatever the order of the shards.
ntlmplan collect -o "$T/XY" "$X" "$Y" 2>/dev/null
ntlmplan merge -o "$T/yx" "$T/Y.flows" "$T/X.flows" 2>/dev/null
golden "collect X Y = merge Y X" "$T/yx" "$T/XY"
grep_ok "merged flow counts add" '"user": "alice", "workstation": "WS01", .*"count": 2, "first_seen": "2026-03-10T08:00:00.000000Z", "last_seen": "2026-03-10T09:30:00.250000Z"' "$T/yx"

# stdin and stdout.
ntlmplan merge - "$T/B.flows" "$T/C.flows" <"$T/A.flows" >"$T/m6" 2>/dev/null
golden "stdin merge" "$T/m6" "$T/m1"
ok "summary on stderr" ntlmplan merge -o "$T/m7" "$T/A.flows" "$T/B.flows"
grep_ok "summary line" '^ntlmplan: merge: 2 files, 2 sources, 8 flows, 10 events$' "$T/.err"

# Bad flow files: exit 3, file:line:column, no output.
printf '{"format": "ntlmplan-flows", "version": 1,\n "sources": [],\n "flows": [\n  {"event_id": 8003, "count": "x"}\n ]}\n' >"$T/bad.flows"
exits "invalid flow entry: exit 3" 3 ntlmplan merge -o "$T/out" "$T/A.flows" "$T/bad.flows"
grep_ok "invalid entry located" 'bad.flows:4:3: invalid flow entry' "$T/.err"
ok "no output after an error" test ! -e "$T/out"
printf '{"format": "something-else", "version": 1}\n' >"$T/other.flows"
exits "not a flow file" 3 ntlmplan merge -o "$T/out" "$T/other.flows"
grep_ok "format named" 'not a flow file' "$T/.err"
printf '{"format": "ntlmplan-flows", "version": 2, "sources": [], "flows": []}\n' >"$T/v2.flows"
exits "newer version refused" 3 ntlmplan merge -o "$T/out" "$T/v2.flows"
head -c 300 "$T/A.flows" >"$T/trunc.flows"
exits "truncated flow file" 3 ntlmplan merge -o "$T/out" "$T/trunc.flows"
# A reformatted (pretty-printed) flow file is still a flow file.
if command -v python3 >/dev/null 2>&1; then
	python3 -m json.tool "$T/A.flows" >"$T/pretty.flows"
	ntlmplan merge -o "$T/m8" "$T/pretty.flows" 2>/dev/null
	golden "pretty-printed input" "$T/m8" "$T/A.flows"
else
	skip "python3 not installed"
fi
# Times outside the years 1601..9999 (FILETIME of year 60056 or 30828) are
# unreadable records, said with their record; merge reads collect's output.
exits "collect: times after 9999" 0 ntlmplan collect -o "$T/times.flows" \
    "$TESTDATA/evtx/bad-times.evtx"
grep_ok "collect: the record and the reason" \
    'bad-times.evtx: record 1: event 8003: time after the year 9999' "$T/.err"
grep_ok "collect: counted unreadable" '3 records: 1 used, 0 skipped, 2 unreadable' "$T/.err"
exits "merge reads what collect wrote" 0 ntlmplan merge -o "$T/times2.flows" \
    "$T/times.flows"
done_testing
