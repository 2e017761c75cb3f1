#!/bin/sh
# ntlmplan collect on JSON inputs: every shape, directories, stdin, bad
# input, --strict, -j and atomic output.  Flow files are compared with
# golden files; paths are relative to testdata/ so the goldens are stable.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/setup.sh"
G=$top_srcdir/tests/cli/golden
cd "$TESTDATA"

for f in sample-8003.json winlogbeat.ndjson powershell.json evtx-dump.jsonl; do
	name=${f%.*}
	ok "collect json/$f" ntlmplan collect -o "$T/$name.flows" "json/$f"
	golden "json/$f flows" "$T/$name.flows" "$G/json-$name.flows"
done

# The one-line summary and the per-host windows.
ntlmplan collect -o "$T/w.flows" json/winlogbeat.ndjson 2>"$T/w.err"
grep_ok "summary counts used and skipped" \
    '^ntlmplan: collect: 1 input, 9 records: 7 used, 2 skipped, 0 unreadable; 6 flows, 7 events$' "$T/w.err"
grep_ok "per-host window" \
    '^ntlmplan:   SRV1.corp.example: 4 events, 2026-03-09T07:00:00.000000Z .. 2026-03-10T13:00:00.000000Z (1.2 days)$' "$T/w.err"

# A directory means every .evtx/.json/.jsonl/.ndjson below it, sorted.
ok "collect a directory" ntlmplan collect -o "$T/dir.flows" json/split
golden "directory flows" "$T/dir.flows" "$G/json-split.flows"
# Case-insensitive names keep the spelling of the earliest event.
grep_ok "earliest spelling kept" '"server": "SRV1.corp.example", "domain": "CORP", "user": "alice"' "$T/dir.flows"

# stdin is JSON.
ntlmplan collect - <json/sample-8003.json >"$T/stdin.flows" 2>/dev/null
sed 's|"path": "json/sample-8003.json"|"path": "-"|' "$G/json-sample-8003.flows" >"$T/stdin.want"
golden "stdin" "$T/stdin.flows" "$T/stdin.want"

# Format by content, not by name.
cp json/winlogbeat.ndjson "$T/misnamed.evtx"
ok "JSON named .evtx is read as JSON" ntlmplan collect -o "$T/m.flows" "$T/misnamed.evtx"
grep_ok "misnamed file used" '"used": 7' "$T/m.flows"

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

# --strict: any problem fails, and no output is written.
exits "--strict fails on bad input" 3 ntlmplan collect --strict -o "$T/strict.flows" json/bad/mixed.jsonl
ok "--strict wrote nothing" test ! -e "$T/strict.flows"
ok "--strict passes clean input" ntlmplan collect --strict -o "$T/strict.flows" json/winlogbeat.ndjson

# Nothing readable: non-zero.
exits "unknown shape only: exit 1" 1 ntlmplan collect -o "$T/u.flows" json/bad/unknown-shape.json
exits "garbage: exit 1" 1 ntlmplan collect -o "$T/u.flows" json/bad/garbage.json
grep_ok "garbage named" 'garbage.json: not EVTX (no ElfFile signature) nor JSON' "$T/.err"
exits "missing file: exit 1" 1 ntlmplan collect -o "$T/u.flows" json/no-such-file.json
ok "nothing written when nothing read" test ! -e "$T/u.flows"

# Parallel reading gives the same bytes.
ntlmplan collect -j 1 -o "$T/j1.flows" json 2>/dev/null || true
ntlmplan collect -j 4 -o "$T/j4.flows" json 2>/dev/null || true
golden "-j 1 equals -j 4" "$T/j4.flows" "$T/j1.flows"
exits "-j 0 is a usage error" 2 ntlmplan collect -j 0 json

# A progress line on a terminal only (script(1) gives the command a pty).
if command -v script >/dev/null 2>&1; then
	i=0; while [ $i -lt 500 ]; do cat json/winlogbeat.ndjson; i=$((i + 1)); done >"$T/big.ndjson"
	script -qec "$NTLMPLAN collect -o $T/p.flows $T/big.ndjson" "$T/tty.log" \
	    >/dev/null 2>&1 </dev/null || true
	grep_ok "progress line on a terminal" "$(printf '\r')..Kntlmplan: .*big.ndjson: [0-9]* records" "$T/tty.log"
	ntlmplan collect -o "$T/p.flows" "$T/big.ndjson" 2>"$T/notty.err"
	if grep -q "$(printf '\r')" "$T/notty.err"; then fail "no progress line when not a terminal"
	else pass "no progress line when not a terminal"; fi
else
	skip "script(1) not installed"
	skip "script(1) not installed"
fi

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
done_testing
