#!/bin/sh
# The native EVTX reader against libevtx: for every fixture of testdata/evtx,
# the real Windows logs (../shared/samples beside the source tree when
# present, testdata/samples) and a corpus written by tests/evtxgen.py from
# tests/evtx-spec/native-*.spec, collect --evtx-reader=native and
# --evtx-reader=libevtx give byte-identical flow files, the same counts and
# the same warnings (but for the line saying which chunks native left to
# libevtx), and t-evtx-native finds the same events field by field.  The
# one documented difference: a record ending exactly at its chunk's end,
# which libevtx drops, is read natively.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/setup.sh"

TNATIVE=$top_builddir/tests/unit/t-evtx-native
# libevtx leaks on a chunk it cannot open (testdata/evtx-fuzz): not ours.
echo "leak:libevtx.so" >"$T/lsan.supp"
LSAN_OPTIONS="suppressions=$T/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS
PY=
for p in "${PYTHON3:-}" python3; do
	if [ -n "$p" ] && [ "$p" != no ] && "$p" -c 'import json' 2>/dev/null
	then PY=$p; break; fi
done

files=
for f in "$TESTDATA"/evtx/*.evtx "$TESTDATA"/samples/*.evtx \
    "$TESTDATA"/evtx-fuzz/*.evtx "$TESTDATA"/logs/*.evtx; do
	files="$files $f"
done
if [ -d "$top_srcdir/../shared/samples" ]; then
	for f in "$top_srcdir"/../shared/samples/*.evtx; do
		[ -f "$f" ] && files="$files $f"
	done
else
	skip "../shared/samples: not present"
fi
if [ -n "$PY" ]; then
	for s in "$top_srcdir"/tests/evtx-spec/native-*.spec; do
		n=$(basename "$s" .spec)
		"$PY" "$top_srcdir/tests/evtxgen.py" "$s" "$T/$n.evtx"
		files="$files $T/$n.evtx"
	done
	# One template reused by 3000 records over 20 chunks.
	"$PY" - "$T/big.spec" <<'PYEOF'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(3000):
        f.write(json.dumps({"id": 8004 if i % 3 else 8003,
            "provider": "Microsoft-Windows-Security-Netlogon" if i % 3
            else "Microsoft-Windows-NTLM", "computer": "DC%d" % (i % 7),
            "time": "2026-03-09T00:00:00Z", "data": {"SChannelName": "S%d" % (i % 50),
            "UserName": "u%d" % (i % 13), "DomainName": "CORP",
            "WorkstationName": "W%d" % (i % 11), "SChannelType": 2} if i % 3 else
            {"UserName": "x%d" % i, "DomainName": "D", "Workstation": "W",
             "CallerPID": i, "ProcessName": "p", "LogonType": 3,
             "InProc": bool(i & 1), "MechanismOID": "NTLM"}}) + "\n")
PYEOF
	"$PY" "$top_srcdir/tests/evtxgen.py" "$T/big.spec" "$T/big.evtx"
	files="$files $T/big.evtx"
	# Enough chunks (over 200) for -j to split one file across threads.
	"$PY" "$top_srcdir/tests/bench/bench-gen.py" 30000 500 \
	    "$T/many.evtx" "$T/many.jsonl"
	files="$files $T/many.evtx"
	# The real logs with their slack space cleared: Windows' own templates
	# (the EventData a binary XML value) read natively.
	for f in "$TESTDATA"/samples/*.evtx; do
		n=$(basename "$f" .evtx)-noslack
		"$PY" - "$f" "$T/$n.evtx" <<'PYEOF'
import struct, sys
b = bytearray(open(sys.argv[1], "rb").read())
for c in range(4096, len(b), 65536):
    if b[c:c + 8] == b"ElfChnk\0":
        free = struct.unpack_from("<I", b, c + 48)[0]
        b[c + free:c + 65536] = bytes(65536 - free)
open(sys.argv[2], "wb").write(b)
PYEOF
		files="$files $T/$n.evtx"
	done
else
	skip "python3 not found: no generated corpus"
fi

for f in $files; do
	name=$(basename "$f" .evtx)
	ntlmplan collect -j 1 --evtx-reader=libevtx -o "$T/l.json" "$f" \
	    2>"$T/l.err" || :
	ntlmplan collect -j 1 --evtx-reader=native -o "$T/n.json" "$f" \
	    2>"$T/n.err" || :
	ntlmplan collect -j 4 -o "$T/n4.json" "$f" 2>/dev/null || :
	ntlmplan collect -j 2 -o "$T/n2.json" "$f" 2>/dev/null || :
	grep -v 'chunks read through libevtx (native reader declined' \
	    "$T/n.err" >"$T/n.err2" || :
	case $name in
	chunk-end|multi-chunk)
		# libevtx drops a record at the chunk end; native reads it.
		if grep -q '"unreadable": 0' "$T/n.json" &&
		    grep -q '"unreadable": 1' "$T/l.json"; then
			pass "$name: native reads the record libevtx drops"
		else fail "$name: native reads the record libevtx drops"; fi
		;;
	*)
		if cmp -s "$T/l.json" "$T/n.json"; then
			pass "$name: same flow file"
		else fail "$name: same flow file"
			diff "$T/l.json" "$T/n.json" | head -10 | sed 's/^/# /'
		fi
		if cmp -s "$T/l.err" "$T/n.err2"; then
			pass "$name: same counts and warnings"
		else fail "$name: same counts and warnings"
			diff "$T/l.err" "$T/n.err2" | head -10 | sed 's/^/# /'
		fi
		;;
	esac
	if cmp -s "$T/n.json" "$T/n4.json" && cmp -s "$T/n.json" "$T/n2.json"
	then pass "$name: -j 2 and -j 4 as -j 1"
	else fail "$name: -j 2 and -j 4 as -j 1"; fi
	case $name in
	native-clean|big|many|all-types|three-chunks|header-chunks|bad-file-crc|\
	*-noslack|native-ids|app09-gap|collector-forwarded|fs09-*)
		if grep -q 'read through libevtx' "$T/n.err"; then
			fail "$name: read natively, no chunk left to libevtx"
			sed 's/^/# /' "$T/n.err" | head -5
		else pass "$name: read natively, no chunk left to libevtx"; fi
		;;
	native-fallback|bad-strings|bad-xml|truncated)
		grep_ok "$name: the chunks left to libevtx are counted" \
		    'chunks read through libevtx (native reader declined' \
		    "$T/n.err"
		;;
	native-markup)
		# Exactly the 20 chunks whose string is one escaped character
		# (tests/evtx-spec/native-markup.spec): the 100 others with
		# markup are read natively, with libevtx's results.
		grep_ok "$name: only a string that is one escaped character" \
		    ': 20 of 120 chunks read through libevtx' "$T/n.err"
		;;
	esac
	case $name in
	chunk-end|multi-chunk) ;;
	*)
		if "$TNATIVE" "$f" >"$T/t.out" 2>/dev/null; then
			pass "$name: the same events, field by field"
		else fail "$name: the same events, field by field"
			grep -A2 '^not ok' "$T/t.out" | sed 's/^/# /'
		fi
		;;
	esac
done
# The logs' record ids (the XML's EventRecordID and Channel, not the record
# header's): copies read before are duplicates, a collector's ids are not
# its hosts', the same with either reader and any -j.
cp "$TESTDATA/logs/collector-forwarded.evtx" "$T/forwarded-copy.evtx"
cp "$TESTDATA/logs/fs09-mar01.evtx" "$T/fs09-copy.evtx"
for j in 1 2 4; do
	for rd in libevtx native; do
		ntlmplan collect -j $j --evtx-reader=$rd -o "$T/ids-$rd-$j.json" \
		    "$TESTDATA"/logs/*.evtx "$T/forwarded-copy.evtx" \
		    "$T/fs09-copy.evtx" 2>"$T/ids-$rd-$j.err" || :
		grep -v 'chunks read through libevtx (native reader declined' \
		    "$T/ids-$rd-$j.err" >"$T/ids-$rd-$j.err2" || :
	done
done
same "logs and their copies: native and libevtx give the same flow file" \
    "$T/ids-libevtx-1.json" "$T/ids-native-1.json"
same "logs and their copies: the same counts and warnings" \
    "$T/ids-libevtx-1.err2" "$T/ids-native-1.err2"
grep_ok "logs and their copies: the copies counted as duplicate" \
    'duplicate (read before)' "$T/ids-native-1.err"
same "logs and their copies: -j 2 as -j 1, natively" \
    "$T/ids-native-1.json" "$T/ids-native-2.json"
same "logs and their copies: -j 4 as -j 1, natively" \
    "$T/ids-native-1.json" "$T/ids-native-4.json"

# Past 4 GiB: chunk 0 of three-chunks, then (a sparse hole of empty chunks)
# its chunk 1 as chunk 65537; the header's 16-bit count says 2.
if [ -n "$PY" ] && "$PY" - "$TESTDATA/evtx/three-chunks.evtx" "$T/big4g.evtx" \
    <<'PYEOF' && [ "$(du -k "$T/big4g.evtx" | cut -f1)" -lt 10000 ]; then
import struct, sys, zlib
src = open(sys.argv[1], "rb").read()
h = bytearray(src[:4096])
with open(sys.argv[2], "wb") as f:
    f.write(h)
    f.write(src[4096:4096 + 65536])
    f.seek(4096 + 65537 * 65536)
    f.write(src[4096 + 65536:4096 + 2 * 65536])
PYEOF
	# (libevtx on its own would stop at 4 GiB; through one-chunk windows
	# it does not, but reading the hole takes long: native only here.)
	ntlmplan collect -j 2 -o "$T/n.json" "$T/big4g.evtx" 2>"$T/n.err" || :
	if grep -q '"records": 20, "used": 20' "$T/n.json" &&
	    ! grep -q 'read through libevtx' "$T/n.err"
	then pass "a file over 4 GiB: its 20 events read natively"
	else fail "a file over 4 GiB: its 20 events read natively"
		sed 's/^/# /' "$T/n.err" | head -5; fi
	rm -f "$T/big4g.evtx"
else
	skip "a file over 4 GiB: no sparse files here"
fi
exits "--evtx-reader=other is a usage error" 2 \
    ntlmplan collect --evtx-reader=other "$TESTDATA/evtx/all-types.evtx"
done_testing
