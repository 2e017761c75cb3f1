#!/bin/sh
# ntlmplan collect on JSON inputs: every shape, directories, stdin, bad
# input, --strict, -j and atomic output.  Flow files are compared with
# golden files; paths are relative to testdata/ so the goldens are stable.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/setup.sh"
G=$GOLDEN
cd "$TESTDATA"

for f in sample-8003.json winlogbeat.ndjson powershell.json evtx-dump.jsonl; do
	name=${f%.*}
	ok "collect json/$f" ntlmplan collect -o "$T/$name.flows" "json/$f"
	golden "json/$f flows" "$T/$name.flows" "$G/json-$name.flows"
done

# Every event beyond 8001-8004 in every JSON shape: the flows of the EVTX
# file the same spec makes, and the skipped records by event id.
ntlmplan collect -o "$T/ne-evtx.flows" evtx/new-events.evtx 2>/dev/null
sed -n '/"flows"/,$p' "$T/ne-evtx.flows" >"$T/ne-evtx.want"
for f in new-events.json new-events.jsonl new-events.ndjson new-events.ps.json; do
	ok "collect json/$f" ntlmplan collect -o "$T/ne.flows" "json/$f"
	sed -n '/"flows"/,$p' "$T/ne.flows" >"$T/ne.got"
	same "json/$f: the flows of the EVTX file" "$T/ne.got" "$T/ne-evtx.want"
	grep_ok "json/$f: skipped by id" \
	    '"skipped": 2, .*"skipped_by_id": \[\[4624, 1\], \[4688, 1\]\]' \
	    "$T/ne.flows"
done
ntlmplan collect -o "$T/ne.flows" json/new-events.json 2>"$T/ne.err"
grep_ok "summary: skipped by event id" \
    '^ntlmplan: collect: skipped by event id: 4624 (1), 4688 (1)$' "$T/ne.err"

# The one-line summary and the per-host windows.
ntlmplan collect -v -o "$T/w.flows" json/winlogbeat.ndjson 2>"$T/w.err" || :
grep_ok "summary counts used and skipped" \
    '^ntlmplan: collect: 1 input, 9 records: 8 used, 1 skipped, 0 unreadable; 7 flows, 8 events$' "$T/w.err"
grep_ok "per-host window" \
    '^ntlmplan:   SRV1.corp.example: 5 events, 2026-03-09T07:00:00.000000Z .. 2026-03-10T14:00:00.000000Z (1.3 days)$' "$T/w.err"

# A directory means every .evtx/.json/.jsonl/.ndjson below it, sorted.
ok "collect a directory" ntlmplan collect -o "$T/dir.flows" json/split
golden "directory flows" "$T/dir.flows" "$G/json-split.flows"
# Case-insensitive names keep the spelling of the earliest event.
grep_ok "earliest spelling kept" '"server": "SRV1.corp.example", "domain": "CORP", "user": "alice"' "$T/dir.flows"

# stdin is JSON.
ntlmplan collect - <json/sample-8003.json >"$T/stdin.flows" 2>/dev/null || :
sed 's|"path": "json/sample-8003.json"|"path": "-"|' "$G/json-sample-8003.flows" >"$T/stdin.want"
same "stdin" "$T/stdin.flows" "$T/stdin.want"

# Format by content, not by name.
cp json/winlogbeat.ndjson "$T/misnamed.evtx"
ok "JSON named .evtx is read as JSON" ntlmplan collect -o "$T/m.flows" "$T/misnamed.evtx"
grep_ok "misnamed file used" '"used": 8' "$T/m.flows"

# Bad input: clear messages with file:line:column, the rest still read.
exits "mixed bad input still exits 0" 0 ntlmplan collect -o "$T/bad.flows" json/bad/mixed.jsonl
golden "mixed bad input flows" "$T/bad.flows" "$G/json-bad-mixed.flows"
cp "$T/.err" "$T/bad.err"
grep_ok "invalid JSON at line:column" '^ntlmplan: json/bad/mixed.jsonl:2:105: record 2: invalid JSON$' "$T/bad.err"
grep_ok "unknown shape" 'mixed.jsonl:3:1: record 3: unknown JSON shape' "$T/bad.err"
grep_ok "no time" 'mixed.jsonl:4:1: record 4: event 8003 without a readable time' "$T/bad.err"
grep_ok "invalid UTF-8" 'mixed.jsonl:5:1: record 5: event 8003: invalid UTF-8' "$T/bad.err"
grep_ok "absurdly long string" 'mixed.jsonl:6:1: record 6: event 8003: value longer than 64 KiB' "$T/bad.err"
grep_ok "summary counts unreadable" '7 records: 2 used, 0 skipped, 5 unreadable' "$T/bad.err"
exits "truncated array" 0 ntlmplan collect -o "$T/trunc.flows" json/bad/truncated.json
grep_ok "truncated array reported" 'truncated.json:2:150: unterminated top-level array' "$T/.err"
grep_ok "truncated: first element used" '"records": 2, "used": 1, "skipped": 0, "unreadable": 1' "$T/trunc.flows"

# UTF-16 with a byte order mark (Windows PowerShell 5.1's "> f.json"), LE
# and BE, as files and on stdin, reads exactly like UTF-8.
ntlmplan collect -o "$T/ps8.flows" json/powershell.json 2>/dev/null || :
for e in le be; do
	ntlmplan collect -o "$T/ps16$e.flows" json/utf16/powershell-utf16$e.json 2>/dev/null || :
	sed "s|json/utf16/powershell-utf16$e.json|json/powershell.json|" "$T/ps16$e.flows" >"$T/ps16$e.cmp" 2>/dev/null || :
	same "UTF-16$e file reads like UTF-8" "$T/ps16$e.cmp" "$T/ps8.flows"
	ntlmplan collect - <json/utf16/powershell-utf16$e.json 2>/dev/null |
	    sed 's|"path": "-"|"path": "json/powershell.json"|' >"$T/ps16$e.stdin"
	same "UTF-16$e on stdin reads like UTF-8" "$T/ps16$e.stdin" "$T/ps8.flows"
done
# JSON Lines: a broken line (an unterminated string) costs that line only,
# and the error keeps its line:column in UTF-16 too.
ntlmplan collect -o "$T/l16.flows" json/utf16/winlogbeat-bad-utf16le.jsonl 2>"$T/l16.err" || :
grep_ok "UTF-16 JSON Lines: error at line:column" '^ntlmplan: json/utf16/winlogbeat-bad-utf16le.jsonl:2:62: record 2: invalid JSON$' "$T/l16.err"
grep_ok "a broken line costs that line only" '9 records: 7 used, 1 skipped, 1 unreadable' "$T/l16.err"
grep_ok "a character beyond the BMP (a surrogate pair) is read" '"SRV1.corp.\xf0\x9f\x98\x80example"\|SRV1.corp.😀example' "$T/l16.flows"
sed '2s/"event_id"/"event_id/' json/winlogbeat.ndjson >"$T/broken-line.ndjson"
ntlmplan collect -o "$T/bl.flows" "$T/broken-line.ndjson" 2>"$T/bl.err" || :
grep_ok "UTF-8 JSON Lines: a broken line costs that line only" '9 records: 7 used, 1 skipped, 1 unreadable' "$T/bl.err"
# A top-level array: a broken element costs that element, pretty-printed
# (PowerShell) or compact; a truncated one says how much was lost.
ntlmplan collect -o "$T/ae.flows" json/bad/powershell-broken-element.json 2>"$T/ae.err" || :
grep_ok "array: broken element located" '^ntlmplan: json/bad/powershell-broken-element.json:25:10: record 2: invalid JSON$' "$T/ae.err"
grep_ok "array: the next element found again" '3 records: 2 used, 0 skipped, 1 unreadable' "$T/ae.err"
ntlmplan collect -o "$T/ac.flows" json/bad/powershell-compact-broken.json 2>"$T/ac.err" || :
grep_ok "compact array: the next element found again" '3 records: 2 used, 0 skipped, 1 unreadable' "$T/ac.err"
printf '[{"Id": 8003, "ProviderName": "Microsoft-Windows-NTLM", "MachineName": "A", "TimeCreated": "2026-03-01T00:00:00Z", "Properties": [{"Value": "u"}]}, {"Id": 8003, "Properties": [{"Value": "u\n\n' >"$T/cut.json"
ntlmplan collect -o "$T/cut.flows" "$T/cut.json" 2>"$T/cut.err" || :
grep_ok "array: what was lost is said" 'cut.json:1:149: no element of the top-level array found after this one: lines 1 to 3 (the end) lost' "$T/cut.err"

# --strict: any problem fails, and no output is written.
exits "--strict fails on bad input" 3 ntlmplan collect --strict -o "$T/strict.flows" json/bad/mixed.jsonl
ok "--strict wrote nothing" test ! -e "$T/strict.flows"
ok "--strict passes clean input" ntlmplan collect --strict -o "$T/strict.flows" json/winlogbeat.ndjson

# Nothing readable: non-zero.
exits "unknown shape only: exit 1" 1 ntlmplan collect -o "$T/u.flows" json/bad/unknown-shape.json
exits "garbage: exit 1" 1 ntlmplan collect -o "$T/u.flows" json/bad/garbage.json
grep_ok "garbage named" 'garbage.json: not an event export (EVTX, JSON or event XML): not read' "$T/.err"
exits "missing file: exit 3" 3 ntlmplan collect -o "$T/u.flows" json/no-such-file.json
ok "nothing written when nothing read" test ! -e "$T/u.flows"

# Parallel reading gives the same bytes.
ntlmplan collect -j 1 -o "$T/j1.flows" json 2>/dev/null || true
ntlmplan collect -j 4 -o "$T/j4.flows" json 2>/dev/null || true
same "-j 1 equals -j 4" "$T/j4.flows" "$T/j1.flows"
exits "-j 0 is a usage error" 2 ntlmplan collect -j 0 json

# A progress line on a terminal only (script(1) gives the command a pty).
if command -v script >/dev/null 2>&1; then
	i=0; while [ $i -lt 500 ]; do cat json/winlogbeat.ndjson; i=$((i + 1)); done >"$T/big.ndjson"
	script -qec "$NTLMPLAN collect -o $T/p.flows $T/big.ndjson" "$T/tty.log" \
	    >/dev/null 2>&1 </dev/null || true
	grep_ok "progress line on a terminal" "$(printf '\r')..Kntlmplan: .*big.ndjson: [0-9]* records" "$T/tty.log"
	ntlmplan collect -o "$T/p.flows" "$T/big.ndjson" 2>"$T/notty.err" || :
	if grep -q "$(printf '\r')" "$T/notty.err"; then fail "no progress line when not a terminal"
	else pass "no progress line when not a terminal"; fi
else
	skip "script(1) not installed"
	skip "script(1) not installed"
fi

# Exact evidence: two overlapping exports of one log (ids 1..40 and
# 21..60) count each record once, in any order and with any -j.
ntlmplan collect -v -o "$T/ov.flows" logs/fs09-mar01.evtx logs/fs09-mar03.evtx 2>"$T/ov.err" || :
grep_ok "overlapping exports: 60 events, 20 duplicates" \
    '^ntlmplan: collect: 2 inputs, 80 records: 60 used, 0 skipped, 20 duplicate (read before), 0 unreadable; 1 flows, 60 events$' "$T/ov.err"
grep_ok "the later export's duplicates named" \
    '^ntlmplan:   input logs/fs09-mar03.evtx: 40 records: 20 used, 0 skipped, 20 duplicate, 0 unreadable$' "$T/ov.err"
grep_ok "one flow of 60 events" '"count": 60,' "$T/ov.flows"
grep_ok "the log holds ids 1..60" '"held": 60, "lost": 0, "ranges": \[{"first": 1, "last": 60,' "$T/ov.flows"
ntlmplan collect -o "$T/ov-ba.flows" logs/fs09-mar03.evtx logs/fs09-mar01.evtx 2>/dev/null || :
same "overlapping exports: operand order does not matter" "$T/ov-ba.flows" "$T/ov.flows"
ntlmplan collect -j 2 -o "$T/ov-j2.flows" logs/fs09-mar01.evtx logs/fs09-mar03.evtx 2>/dev/null || :
same "overlapping exports: -j 2 equals -j 1" "$T/ov-j2.flows" "$T/ov.flows"
# The same file under two names (and JSON with winlog.record_id).
cp json/evtx-dump.jsonl "$T/copy-of-dump.jsonl"
ntlmplan collect -v -o "$T/two.flows" json/evtx-dump.jsonl "$T/copy-of-dump.jsonl" 2>"$T/two.err" || :
ntlmplan collect -o "$T/one.flows" json/evtx-dump.jsonl 2>/dev/null || :
[ "$(grep -c '"count"' "$T/two.flows")" = "$(grep -c '"count"' "$T/one.flows")" ] &&
    [ "$(sed -n 's/.*"flows", \([0-9]*\) events.*/\1/p' "$T/two.err")" = "" ] &&
    pass "a file under two names: flows as from one" || fail "a file under two names: flows as from one"
grep_ok "a file under two names: its record with an id is a duplicate" 'input json/evtx-dump.jsonl: 2 records: 1 used, 0 skipped, 1 duplicate, 0 unreadable' "$T/two.err"
# A record without an id (no EventRecordID) cannot be de-duplicated.
grep_ok "a record without an id is never taken for a duplicate" '"count": 3,' "$T/two.flows"

# A collector's ForwardedEvents log: its record headers count the
# collector's ids (1..40), the XML the source log's (5001..5040): the
# XML's are used, so they are not taken for FS09's own records 1..40, and a
# second copy of the collector's file is found.
cp logs/collector-forwarded.evtx "$T/forwarded-copy.evtx"
ntlmplan collect -v -o "$T/fw.flows" logs/fs09-mar01.evtx logs/collector-forwarded.evtx "$T/forwarded-copy.evtx" 2>"$T/fw.err" || :
grep_ok "forwarded: the XML's ids, not the headers'" '3 inputs, 120 records: 80 used, 0 skipped, 40 duplicate (read before), 0 unreadable; 1 flows, 80 events' "$T/fw.err"
grep_ok "forwarded: the source log's ids held" 'ids 1..5040, 80 held, 4960 lost' "$T/fw.err"

# Several hosts in one file, each numbering its own records from 1: a
# SIEM export (JSON) and a collector's ForwardedEvents log (EVTX, the XML's
# ids).  A record is (Computer, Channel, EventRecordID): the same file twice
# counts once, and SRV2's lost ids 4..6 are a gap.
for f in json/siem-hosts.ndjson logs/collector-hosts.evtx; do
	b=$(basename "$f")
	cp "$f" "$T/again-$b"
	ntlmplan collect -v -o "$T/mh.flows" "$f" "$T/again-$b" 2>"$T/mh.err" || :
	grep_ok "$b: several hosts' own ids: the copy is duplicate" \
	    '^ntlmplan: collect: 2 inputs, 48 records: 24 used, 0 skipped, 24 duplicate (read before), 0 unreadable; 3 flows, 24 events$' "$T/mh.err"
	grep_ok "$b: a gap in one host's ids" \
	    'gap: 3 records lost (ids 4..6) between 2026-03-10T10:10:00.000000Z and 2026-03-10T11:10:00.000000Z' "$T/mh.err"
	if grep -q 'one record-id sequence' "$T/mh.err"; then
		fail "$b: not taken for a collector's sequence"
	else
		pass "$b: not taken for a collector's sequence"
	fi
done
# The same export with the collector's own numbering (1..24 over the three
# hosts): those ids are not the hosts', and are not used.
awk '{ sub(/"record_id":[0-9]+/, "\"record_id\":" NR); print }' \
    json/siem-hosts.ndjson >"$T/collector-ids.ndjson"
ntlmplan collect -o "$T/ci.flows" "$T/collector-ids.ndjson" "$T/collector-ids.ndjson" 2>"$T/ci.err" || :
grep_ok "one sequence over several hosts: said" \
    'collector-ids.ndjson: one record-id sequence runs over several hosts' "$T/ci.err"
grep_ok "one sequence over several hosts: its ids not used" \
    '^ntlmplan: collect: 2 inputs, 48 records: 48 used, 0 skipped, 0 unreadable; 3 flows, 48 events$' "$T/ci.err"

# Gaps: a jump in the record ids is records lost, between which times.
ntlmplan collect -v -o "$T/gap.flows" logs/app09-gap.evtx 2>"$T/gap.err" || :
grep_ok "gap on stderr" '^ntlmplan:     gap: 40 records lost (ids 11..50) between 2026-03-01T00:00:09.000000Z and 2026-03-05T00:00:00.000000Z' "$T/gap.err"
grep_ok "gap in the flow file" '"gaps": \[{"after": 10, "before": 51, "lost": 40, "from": "2026-03-01T00:00:09.000000Z", "to": "2026-03-05T00:00:00.000000Z"}\]' "$T/gap.flows"
# The window is what the log covered: a non-NTLM record 10 days later.
grep_ok "window of the log, not of the NTLM events" \
    '^ntlmplan:     log Microsoft-Windows-NTLM/Operational: records 2026-03-01T00:00:00.000000Z .. 2026-03-15T00:00:00.000000Z (14.0 days), ids 1..61, 21 held, 40 lost$' "$T/gap.err"
# Between inputs: the gap from 60 to 100 in JSON Lines ids.
printf '%s\n' '{"@timestamp":"2026-03-20T00:00:00.000Z","winlog":{"channel":"Microsoft-Windows-NTLM/Operational","event_id":8003,"provider_name":"Microsoft-Windows-NTLM","computer_name":"FS09.corp.example","record_id":100,"event_data":{"UserName":"x","DomainName":"CORP","Workstation":"W","CallerPID":"4","ProcessName":"System","LogonType":"3","InProc":"false","MechanismOID":"(NULL)"}}}' >"$T/later.jsonl"
ntlmplan collect -v -o "$T/gap2.flows" logs/fs09-mar01.evtx logs/fs09-mar03.evtx "$T/later.jsonl" 2>"$T/gap2.err" || :
grep_ok "a gap between inputs (EVTX, then JSON)" 'gap: 39 records lost (ids 61..99) between 2026-03-01T00:00:59.000000Z and 2026-03-20T00:00:00.000000Z' "$T/gap2.err"

# Operands: missing is exit 3 (nothing written) unless --keep-going.
exits "a missing operand: exit 3" 3 ntlmplan collect -o "$T/k.flows" json/sample-8003.json json/no-such-file.json
grep_ok "the missing operand named" 'json/no-such-file.json: No such file or directory' "$T/.err"
ok "nothing written" test ! -e "$T/k.flows"
ok "--keep-going reads the others" ntlmplan collect --keep-going -o "$T/k.flows" json/sample-8003.json json/no-such-file.json
grep_ok "--keep-going: the readable input used" '"used": 1' "$T/k.flows"
mkdir "$T/empty"
exits "an empty folder alone: exit 1" 1 ntlmplan collect -o "$T/e.flows" "$T/empty"
grep_ok "the empty folder named" "empty: folder holds no file" "$T/.err"
ntlmplan collect -o "$T/g.flows" json/sample-8003.json json/bad/garbage.json 2>"$T/g.err" || :
grep_ok "an input that gave nothing is named" '^ntlmplan:   input json/bad/garbage.json: 0 records: 0 used, 0 skipped, 0 unreadable: nothing read$' "$T/g.err"

# Atomic output: an unwritable target leaves nothing behind.
exits "unwritable output: exit 4" 4 ntlmplan collect -o "$T/no-dir/x.flows" json/sample-8003.json
ok "no temporary file left" test -z "$(ls -A "$T" | grep '^\.x\.flows')"
# A record over 16 MiB in a one-line array: unreadable, and the records
# after it on the same line are still read.
R='{"@timestamp":"2026-03-10T08:00:00Z","winlog":{"event_id":8003,"provider_name":"Microsoft-Windows-NTLM","computer_name":"SRV2.corp.example","event_data":{"UserName":"erin","DomainName":"CORP","Workstation":"WS05","ProcessName":"System","LogonType":"3","InProc":"false"}}}'
{ printf '[{"pad": "'; head -c 34000000 /dev/zero | tr '\0' a
  printf '", "x": [1, {"y": "]}\\""}]}, %s, %s]\n' "$R" "$R"; } >"$T/huge.json"
exits "a record over 16 MiB: exit 0" 0 ntlmplan collect -o "$T/huge.flows" \
    "$T/huge.json"
grep_ok "a record over 16 MiB: said" 'huge.json:1:2: record 1: longer than 16 MiB' "$T/.err"
grep_ok "the records after it on its line: read" '3 records: 2 used, 0 skipped, 1 unreadable' "$T/.err"
# A NUL written in a string (\u0000) would cut a name short: unreadable;
# an escaped backslash before "u0000" is no NUL.
printf '%s\n' "$R" | sed 's/SRV2.corp.example/SRV2\\u0000.evil/' >"$T/nul.json"
exits "a NUL in a name: exit 1" 1 ntlmplan collect -o "$T/nul.flows" \
    "$T/nul.json"
grep_ok "a NUL in a name: said" 'nul.json:1:1: record 1: a string holds a NUL' "$T/.err"
printf '%s\n' "$R" | sed 's/erin/er\\\\u0000in/' >"$T/nonul.json"
exits "an escaped backslash before u0000: read" 0 ntlmplan collect \
    -o "$T/nonul.flows" "$T/nonul.json"
grep_ok "an escaped backslash before u0000: used" '1 records: 1 used' "$T/.err"
# UTF-8 as PCRE2 checks it: a surrogate or an overlong form is invalid.
printf '%s\n' "$R" | sed 's/erin/er\xed\xa0\x80in/' >"$T/surrogate.json"
printf '%s\n' "$R" | sed 's/erin/er\xc0\xafin/' >>"$T/surrogate.json"
exits "surrogate and overlong UTF-8: exit 1" 1 ntlmplan collect \
    -o "$T/surrogate.flows" "$T/surrogate.json"
grep_ok "surrogate: invalid UTF-8" 'surrogate.json:1:1: record 1: event 8003: invalid UTF-8' "$T/.err"
grep_ok "overlong: invalid UTF-8" 'surrogate.json:2:1: record 2: event 8003: invalid UTF-8' "$T/.err"
# A damaged record declaring more template values than its bytes hold
# (found by the evtx fuzz target): libevtx would allocate one value for each,
# gigabytes; that record is kept from it, its neighbours are read (the 128
# records python-evtx renders).
ok "a record declaring 2^32 template values: read at once" timeout 60 \
    "$NTLMPLAN" collect -o "$T/oom.flows" evtx-fuzz/libevtx-oom.evtx
grep_ok "the record kept from libevtx, said" \
    'chunk 0: the record at offset 18904 declares more template values than it holds' "$T/.err"
grep_ok "its neighbours read" '220 records: 128 used, 0 skipped, 92 unreadable' "$T/.err"
# The same in slack space, among the records libevtx would recover.
ok "a recovered record declaring too many template values: read at once" \
    timeout 60 "$NTLMPLAN" collect -o "$T/oom2.flows" \
    evtx-fuzz/libevtx-oom-recovered.evtx
grep_ok "the record kept from libevtx, said" \
    'chunk 0: the record at offset 36348 declares more template values than it holds' "$T/.err"
# Processes sharing one stderr (a script's log, a pipe): each line of each
# reaches it whole.  3000 hosts make the summary 3000 lines long, four
# collects print theirs at once, three times over.
awk 'BEGIN { for (i = 0; i < 3000; i++) printf "{\"Event\":{\"System\":" \
    "{\"Provider\":{\"#attributes\":{\"Name\":\"Microsoft-Windows-NTLM\"}}," \
    "\"EventID\":8003,\"TimeCreated\":{\"#attributes\":{\"SystemTime\":" \
    "\"2026-03-12T06:00:00Z\"}},\"EventRecordID\":%d,\"Computer\":" \
    "\"HOST%05d.corp.example\"},\"EventData\":{\"UserName\":\"u\"," \
    "\"DomainName\":\"CORP\",\"ProcessName\":\"p.exe\"}}}\n", i + 1, i }' \
    >"$T/hosts.jsonl"
"$NTLMPLAN" collect -v -o "$T/hosts.flows" "$T/hosts.jsonl" 2>"$T/hosts.one"
: >"$T/hosts.log"
for round in 1 2 3; do
	for k in 1 2 3 4; do
		"$NTLMPLAN" collect -v -o "$T/hosts$k.flows" "$T/hosts.jsonl" \
		    2>>"$T/hosts.log" &
	done
	wait
done
ok "a 3000-host summary with -v: 3000 lines and more" \
    test "$(wc -l <"$T/hosts.one")" -gt 3000
"$NTLMPLAN" collect -o "$T/hosts.flows" "$T/hosts.jsonl" 2>"$T/hosts.quiet"
ok "a 3000-host summary without -v: two lines (the collector's ids, the summary)" \
    test "$(wc -l <"$T/hosts.quiet")" -eq 2
ok "four collects on one stderr: every line whole" \
    test "$(grep -vc '^ntlmplan: ' "$T/hosts.log")" -eq 0
ok "four collects on one stderr: every line there" \
    test "$(wc -l <"$T/hosts.log")" -eq "$((12 * $(wc -l <"$T/hosts.one")))"
sort "$T/hosts.one" | uniq -c | awk '{ $1 = $1 * 12; print }' >"$T/hosts.want"
sort "$T/hosts.log" | uniq -c | awk '{ $1 = $1; print }' >"$T/hosts.got"
same "four collects on one stderr: the same lines, twelve times" \
    "$T/hosts.want" "$T/hosts.got"
done_testing
