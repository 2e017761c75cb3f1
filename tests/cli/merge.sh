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
	ntlmplan collect -o "$T/$v.flows" "$f" 2>/dev/null || :
done
ntlmplan collect -o "$T/ABC.flows" "$A" "$B" "$C" 2>/dev/null || :

ok "merge A B C" ntlmplan merge -o "$T/m1" "$T/A.flows" "$T/B.flows" "$T/C.flows"
same "collect A B C = merge (A) (B) (C)" "$T/m1" "$T/ABC.flows"
ntlmplan merge -o "$T/m2" "$T/C.flows" "$T/A.flows" "$T/B.flows" 2>/dev/null || :
same "order does not matter" "$T/m2" "$T/m1"
ntlmplan merge -o "$T/AB" "$T/A.flows" "$T/B.flows" 2>/dev/null || :
ntlmplan merge -o "$T/m3" "$T/AB" "$T/C.flows" 2>/dev/null || :
same "(A B) C" "$T/m3" "$T/m1"
ntlmplan merge -o "$T/BC" "$T/B.flows" "$T/C.flows" 2>/dev/null || :
ntlmplan merge -o "$T/m4" "$T/A.flows" "$T/BC" 2>/dev/null || :
same "A (B C)" "$T/m4" "$T/m1"
ntlmplan merge -o "$T/m5" "$T/m1" 2>/dev/null || :
same "merge of one file is the identity" "$T/m5" "$T/m1"

# Spelling: the earliest event wins whatever the order of the shards.
ntlmplan collect -o "$T/XY" "$X" "$Y" 2>/dev/null || :
ntlmplan merge -o "$T/yx" "$T/Y.flows" "$T/X.flows" 2>/dev/null || :
same "collect X Y = merge Y X" "$T/yx" "$T/XY"
grep_ok "merged flow counts add" '"user": "alice", "workstation": "WS01", .*"count": 2, "first_seen": "2026-03-10T08:00:00.000000Z", "last_seen": "2026-03-10T09:30:00.250000Z"' "$T/yx"

# stdin and stdout.
ntlmplan merge - "$T/B.flows" "$T/C.flows" <"$T/A.flows" >"$T/m6" 2>/dev/null || :
same "stdin merge" "$T/m6" "$T/m1"
ok "summary on stderr" ntlmplan merge -o "$T/m7" "$T/A.flows" "$T/B.flows"
grep_ok "summary line" '^ntlmplan: merge: 2 files, 2 sources, 9 flows, 11 events$' "$T/.err"

# Record ids: disjoint shards keep the laws; overlapping ones are marked.
L1=logs/fs09-mar01.evtx
L2=logs/fs09-mar03.evtx
G=logs/app09-gap.evtx
for v in L1 L2 G; do
	eval "f=\$$v"
	ntlmplan collect -o "$T/$v.flows" "$f" 2>/dev/null || :
done
ntlmplan collect -o "$T/L1G.flows" "$L1" "$G" 2>/dev/null || :
ntlmplan merge -o "$T/l1g" "$T/G.flows" "$T/L1.flows" 2>/dev/null || :
same "disjoint record ids: collect A B = merge (B) (A)" "$T/l1g" "$T/L1G.flows"
grep_ok "disjoint: no overlap" '"overlaps": \[\],' "$T/l1g"
exits "overlapping record ids: merge exits 0" 0 ntlmplan merge -o "$T/ov1" "$T/L1.flows" "$T/L2.flows" "$T/G.flows"
grep_ok "overlap named on stderr: host and range" \
    '^ntlmplan: merge: FS09.corp.example, log Microsoft-Windows-NTLM/Operational: record ids 21..40 are in more than one input' "$T/.err"
grep_ok "overlap marked in the result" '"overlaps": \[\n*' "$T/ov1"
grep_ok "overlap entry" '{"host": "FS09.corp.example", "channel": "Microsoft-Windows-NTLM/Operational", "first": 21, "last": 40}' "$T/ov1"
grep_ok "counted twice: cannot subtract" '"count": 80,' "$T/ov1"
ntlmplan merge -o "$T/ov2" "$T/G.flows" "$T/L2.flows" "$T/L1.flows" 2>/dev/null || :
same "overlapping: order does not matter" "$T/ov2" "$T/ov1"
ntlmplan merge -o "$T/l12" "$T/L1.flows" "$T/L2.flows" 2>/dev/null || :
ntlmplan merge -o "$T/ov3" "$T/G.flows" "$T/l12" 2>/dev/null || :
same "overlapping: grouping does not matter" "$T/ov3" "$T/ov1"
ntlmplan merge -o "$T/ov4" "$T/ov1" "$T/G.flows" 2>/dev/null || :
grep_ok "merging a shard again overlaps all of its ids" '"host": "APP09.corp.example", "channel": "Microsoft-Windows-NTLM/Operational", "first": 1, "last": 10}' "$T/ov4"
# A version 1 file (no logs) still loads.
sed -e 's/"version": 2/"version": 1/' -e '/^ "logs": \[/,/^ "overlaps"/d' "$T/A.flows" >"$T/v1.flows"
ok "version 1 still loads" ntlmplan merge -o "$T/v1out" "$T/v1.flows"
grep_ok "version 1: flows kept" '"count"' "$T/v1out"

# Bad flow files: exit 3, file:line:column, no output.
printf '{"format": "ntlmplan-flows", "version": 1,\n "sources": [],\n "flows": [\n  {"event_id": 8003, "count": "x"}\n ]}\n' >"$T/bad.flows"
exits "invalid flow entry: exit 3" 3 ntlmplan merge -o "$T/out" "$T/A.flows" "$T/bad.flows"
grep_ok "invalid entry located" 'bad.flows:4:3: invalid flow entry' "$T/.err"
ok "no output after an error" test ! -e "$T/out"
printf '{"format": "something-else", "version": 1}\n' >"$T/other.flows"
exits "not a flow file" 3 ntlmplan merge -o "$T/out" "$T/other.flows"
grep_ok "format named" 'not a flow file' "$T/.err"
printf '{"format": "ntlmplan-flows", "version": 3, "sources": [], "flows": []}\n' >"$T/v3.flows"
exits "newer version refused" 3 ntlmplan merge -o "$T/out" "$T/v3.flows"
head -c 300 "$T/A.flows" >"$T/trunc.flows"
exits "truncated flow file" 3 ntlmplan merge -o "$T/out" "$T/trunc.flows"
# A reformatted (pretty-printed) flow file is still a flow file.
if command -v python3 >/dev/null 2>&1; then
	python3 -m json.tool "$T/A.flows" >"$T/pretty.flows"
	ntlmplan merge -o "$T/m8" "$T/pretty.flows" 2>/dev/null || :
	same "pretty-printed input" "$T/m8" "$T/A.flows"
else
	skip "python3 not installed"
fi

# Version 2 with time profiles: the new events, the sample domain's
# 14-day logs (profiles of many days and hours) and a version 1 file.
D=demo/logs
ntlmplan collect -o "$T/P.flows" evtx/new-events.evtx 2>/dev/null
ntlmplan collect -o "$T/Q.flows" "$D/fs01.evtx" "$D/app01.evtx" 2>/dev/null
ntlmplan collect -o "$T/R.flows" "$D/fs01-security.evtx" "$D/dc-8004.ndjson" \
    "$D/app01-enhanced.evtx" 2>/dev/null
ntlmplan collect -o "$T/PQR.flows" evtx/new-events.evtx "$D/fs01.evtx" \
    "$D/app01.evtx" "$D/fs01-security.evtx" "$D/dc-8004.ndjson" \
    "$D/app01-enhanced.evtx" 2>/dev/null
grep_ok "profiles of many days" '"profile": {"days": \[\["2026-03-02", [0-9]*\], \["2026-03-03"' "$T/Q.flows"
ok "merge P Q R" ntlmplan merge -o "$T/v2a" "$T/P.flows" "$T/Q.flows" \
    "$T/R.flows"
same "v2: collect P Q R = merge (P) (Q) (R)" "$T/v2a" "$T/PQR.flows"
ntlmplan merge -o "$T/v2b" "$T/R.flows" "$T/P.flows" "$T/Q.flows" 2>/dev/null
same "v2: merge is commutative" "$T/v2b" "$T/v2a"
ntlmplan merge -o "$T/QR" "$T/Q.flows" "$T/R.flows" 2>/dev/null
ntlmplan merge -o "$T/v2c" "$T/P.flows" "$T/QR" 2>/dev/null
same "v2: merge is associative" "$T/v2c" "$T/v2a"
# A version 1 file merged with version 2 files: its events have no
# profile (counted as unknown), in any order.
ntlmplan merge -o "$T/v1a" plan/flows.json "$T/P.flows" "$T/Q.flows" \
    2>/dev/null
ntlmplan merge -o "$T/PQ" "$T/Q.flows" "$T/P.flows" 2>/dev/null
ntlmplan merge -o "$T/v1b" "$T/PQ" plan/flows.json 2>/dev/null
same "v1 and v2: any order and grouping" "$T/v1b" "$T/v1a"
grep_ok "v1 flows: profile null" '"profile": null' "$T/v1a"
grep_ok "merged file is version 2" '"version": 2,' "$T/v1a"
# Times outside the years 1601..9999 (FILETIME of year 60056 or 30828) are
# unreadable records, said with their record; merge reads collect's output.
exits "collect: times after 9999" 0 ntlmplan collect -o "$T/times.flows" \
    "$TESTDATA/evtx/bad-times.evtx"
grep_ok "collect: the record and the reason" \
    'bad-times.evtx: record 1: event 8003: time after the year 9999' "$T/.err"
grep_ok "collect: counted unreadable" '3 records: 1 used, 0 skipped, 2 unreadable' "$T/.err"
exits "merge reads what collect wrote" 0 ntlmplan merge -o "$T/times2.flows" \
    "$T/times.flows"
# The binary form: read as the JSON form is, merged by the same laws.
ok "merge -f binary" ntlmplan merge -f binary -o "$T/m1.bin" "$T/m1"
grep_ok "binary: the magic" '^NTLMFLOW' "$T/m1.bin"
ok "binary back to JSON" ntlmplan merge -o "$T/b1" "$T/m1.bin"
same "binary round trip: the same JSON" "$T/b1" "$T/m1"
ntlmplan merge -f binary -o "$T/A.bin" "$T/A.flows" 2>/dev/null
ntlmplan merge -f binary -o "$T/BC.bin" "$T/BC" 2>/dev/null
ntlmplan merge -o "$T/b2" "$T/BC.bin" "$T/A.bin" 2>/dev/null
same "binary inputs: the same merge" "$T/b2" "$T/m1"
ntlmplan merge -o "$T/b3" "$T/C.flows" "$T/A.bin" "$T/B.flows" 2>/dev/null
same "binary and JSON inputs: the same merge" "$T/b3" "$T/m1"
ntlmplan merge -f binary -o - "$T/m1" >"$T/m1s.bin" 2>/dev/null
same "binary on stdout" "$T/m1s.bin" "$T/m1.bin"
ntlmplan merge -f binary - <"$T/m1.bin" >"$T/m1t.bin" 2>/dev/null
same "binary from stdin" "$T/m1t.bin" "$T/m1.bin"
head -c 300 "$T/m1.bin" >"$T/cut.bin"
exits "a truncated binary file" 3 ntlmplan merge -o "$T/cut" "$T/cut.bin"
grep_ok "said with its name and offset" 'cut.bin: offset [0-9]*: ' "$T/.err"
exits "an unknown format" 2 ntlmplan merge -f xml -o "$T/x" "$T/m1"
done_testing
