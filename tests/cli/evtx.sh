#!/bin/sh
# collect on EVTX: the writer-made fixtures of testdata/evtx (every event
# type, damaged chunks and files, bad strings) and the real Windows logs of
# testdata/samples.  Flow files and messages are compared with golden files
# in tests/golden; every source must account for each record once.
# The goldens are libevtx's (--evtx-reader=libevtx): evtx-native.sh shows
# that the native reader, the default, gives the same but for the record
# libevtx drops at a chunk's end, checked at the end here.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/setup.sh"

G=$GOLDEN

# records == used + skipped + unreadable in every source of a flow file.
balanced() {
	sed -n 's/.*"records": \([0-9]*\), "used": \([0-9]*\), "skipped": \([0-9]*\), "unreadable": \([0-9]*\), "duplicate": \([0-9]*\).*/\1 \2 \3 \4 \5/p' "$1" |
	    { n=0; while read -r r u s x d; do n=$((n + 1))
		[ "$r" -eq $((u + s + x + d)) ] || return 1; done; [ "$n" -gt 0 ]; }
}
# count FILE FIELD: the number in the first source of a flow file.
count() { sed -n "s/.*\"$2\": \\([0-9]*\\).*/\\1/p" "$1" | head -1; }

# name, input under testdata, exit status with --strict
cd "$TESTDATA"
while read -r name input strict; do
	out=$T/$name.json
	err=$T/$name.err
	st=0
	ntlmplan collect -v -j 1 --evtx-reader=libevtx -o "$out" "$input" \
	    2>"$err" || st=$?
	if [ "$st" -eq 0 ]; then pass "$name: collect exits 0"; else
		fail "$name: collect exits 0"; echo "# exit $st"
		sed 's/^/# /' "$err"; fi
	golden "$name: flows" "$out" "$G/evtx-$name.json"
	golden "$name: messages" "$err" "$G/evtx-$name.err"
	if balanced "$out"; then pass "$name: records = used + skipped + unreadable"
	else fail "$name: records = used + skipped + unreadable"; fi
	exits "$name: --strict exits $strict" "$strict" \
	    ntlmplan collect --evtx-reader=libevtx --strict \
	    -o "$T/strict.json" "$input"
done <<EOF
all-types evtx/all-types.evtx 0
multi-chunk evtx/multi-chunk.evtx 3
three-chunks evtx/three-chunks.evtx 0
chunk-end evtx/chunk-end.evtx 3
bad-signature evtx/bad-signature.evtx 3
bad-header-crc evtx/bad-header-crc.evtx 3
bad-records-crc evtx/bad-records-crc.evtx 3
bad-file-crc evtx/bad-file-crc.evtx 3
truncated evtx/truncated.evtx 3
bad-strings evtx/bad-strings.evtx 3
bad-xml evtx/bad-xml.evtx 3
header-chunks evtx/header-chunks.evtx 0
new-events evtx/new-events.evtx 0
dc-8004-recovered samples/dc-8004-recovered.evtx 0
client-8001-recovered samples/client-8001-recovered.evtx 0
EOF

# What the files hold, counted without libevtx: nothing may go missing.
for name in chunk-end multi-chunk; do
	grep_ok "$name: the record at the chunk end is reported" \
	    "chunk 0: 1 record declared by the chunk header was not returned" \
	    "$T/$name.err"
done
[ "$(count "$T/chunk-end.json" records)" = 3 ] &&
    [ "$(count "$T/chunk-end.json" unreadable)" = 1 ] &&
    pass "chunk-end: 3 records, 1 unreadable" ||
    fail "chunk-end: 3 records, 1 unreadable"
for name in bad-signature bad-header-crc bad-records-crc bad-file-crc; do
	[ "$(count "$T/$name.json" records)" = 30 ] &&
	    pass "$name: all 30 records counted" ||
	    fail "$name: all 30 records counted"
done
[ "$(count "$T/truncated.json" records)" = 30 ] &&
    [ "$(count "$T/truncated.json" unreadable)" = 10 ] &&
    pass "truncated: the 10 records of the cut chunk are unreadable" ||
    fail "truncated: the 10 records of the cut chunk are unreadable"
grep_ok "bad-xml: the record libevtx refuses is named" \
    "chunk 0: record (index 1): invalid binary XML token" "$T/bad-xml.err"
[ "$(count "$T/bad-xml.json" records)" = 4 ] &&
    [ "$(count "$T/bad-xml.json" unreadable)" = 1 ] &&
    pass "bad-xml: 4 records, 1 unreadable (not counted twice)" ||
    fail "bad-xml: 4 records, 1 unreadable (not counted twice)"
[ "$(count "$T/header-chunks.json" used)" = 30 ] &&
    pass "header-chunks: chunks past the header's count are read" ||
    fail "header-chunks: chunks past the header's count are read"
grep_ok "bad-strings: invalid UTF-16 named" \
    "record 1: event 8003: EventData UserName: invalid UTF-16" \
    "$T/bad-strings.err"
grep_ok "bad-strings: long value named" \
    "record 2: event 8003: EventData ProcessName is 93001 bytes long" \
    "$T/bad-strings.err"
grep_ok "bad-strings: shifted values named" \
    "record 3: event 8003: 7 EventData values, 8 expected" \
    "$T/bad-strings.err"

# The real logs: every allocated and recovered record libevtx finds is
# counted (evtxinfo says how many), the NTLM ones as unreadable.
for name in dc-8004-recovered client-8001-recovered; do
	if command -v evtxinfo >/dev/null 2>&1; then
		n=$(evtxinfo "samples/$name.evtx" | awk -F: \
		    '/Number of (recovered )?records/ { n += $2 } END { print n }')
		[ "$(count "$T/$name.json" records)" = "$n" ] &&
		    pass "$name: all $n records evtxinfo sees are counted" ||
		    fail "$name: all $n records evtxinfo sees are counted"
	else
		skip "$name: evtxinfo (libevtx-utils) not installed"
	fi
done
if command -v evtxexport >/dev/null 2>&1; then
	for pair in dc-8004-recovered:8004 client-8001-recovered:8001; do
		name=${pair%:*}
		id=${pair#*:}
		n=$(evtxexport -m all -f text "samples/$name.evtx" 2>/dev/null |
		    grep -c "^Event identifier.*($id)" || :)
		[ "$n" -gt 0 ] &&
		    [ "$(count "$T/$name.json" unreadable)" -ge "$n" ] &&
		    pass "$name: its $n recovered $id records are counted" ||
		    fail "$name: its $n recovered $id records are counted"
	done
else
	skip "evtxexport (libevtx-utils) not installed"
	skip "evtxexport (libevtx-utils) not installed"
fi
S=$top_srcdir/../shared/samples
for name in dc-8004-recovered client-8001-recovered; do
	if [ -f "$S/$name.evtx" ]; then
		ok "$name: testdata copy equals shared/samples" \
		    cmp "$S/$name.evtx" "samples/$name.evtx"
	else
		skip "$name: no shared/samples beside the source tree"
	fi
done

# A directory, in parallel or not, and collect A B = merge of each.
ntlmplan collect -j 1 --evtx-reader=libevtx -o "$T/dir1.json" evtx \
    2>/dev/null || :
ntlmplan collect -j 4 --evtx-reader=libevtx -o "$T/dir4.json" evtx \
    2>/dev/null || :
ok "directory: -j 4 output equals -j 1" cmp "$T/dir1.json" "$T/dir4.json"
golden "directory: flows" "$T/dir1.json" "$G/evtx-directory.json"
ntlmplan merge -o "$T/merged.json" "$T/all-types.json" \
    "$T/multi-chunk.json" 2>/dev/null || :
ntlmplan collect --evtx-reader=libevtx -o "$T/ab.json" \
    evtx/all-types.evtx evtx/multi-chunk.evtx 2>/dev/null || :
ok "collect A B equals merge (collect A) (collect B)" \
    cmp "$T/ab.json" "$T/merged.json"

# The native reader (the default) reads the record libevtx drops.
ntlmplan collect -o "$T/chunk-end-native.json" evtx/chunk-end.evtx \
    2>/dev/null || :
[ "$(count "$T/chunk-end-native.json" used)" = 3 ] &&
    [ "$(count "$T/chunk-end-native.json" unreadable)" = 0 ] &&
    pass "chunk-end: natively, all 3 records used" ||
    fail "chunk-end: natively, all 3 records used"

# Not EVTX after all.
printf 'ElfFile\0short' >"$T/short.evtx"
exits "a file with only a signature exits 1" 1 \
    ntlmplan collect -o "$T/x.json" "$T/short.evtx"
grep_ok "a file with only a signature is named" "short.evtx: " "$T/.err"
done_testing
