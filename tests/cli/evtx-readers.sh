#!/bin/sh
# The test-only EVTX writer writes what other readers read: every fixture in
# testdata/evtx through evtxexport (libevtx-utils) and Debian's python3-evtx,
# with the number of events each is known to give (libevtx leaves out a
# record that ends at its chunk's end, a chunk without its signature and
# chunks past the file header's count, and evtxexport stops at a record it
# cannot parse; python-evtx cannot render a lone surrogate).  The writer also reproduces
# the committed fixtures byte for byte.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/setup.sh"

# A python with python3-evtx: configure's, then Debian's own.
PY=
for p in "${PYTHON3:-}" python3 /usr/bin/python3; do
	if [ -n "$p" ] && [ "$p" != no ] &&
	    "$p" -c 'import Evtx.Evtx' >/dev/null 2>&1; then
		PY=$p
		break
	fi
done
HAVE_EVTXEXPORT=no
command -v evtxexport >/dev/null 2>&1 && HAVE_EVTXEXPORT=yes

# fixture, events evtxexport exports, records python-evtx renders/fails
cat >"$T/fixtures" <<EOF
all-types 18 18 0
multi-chunk 449 450 0
three-chunks 30 30 0
chunk-end 2 3 0
bad-signature 20 30 0
bad-header-crc 30 30 0
bad-records-crc 30 30 0
bad-file-crc 30 30 0
truncated 20 20 0
bad-strings 4 3 1
bad-xml 1 3 1
header-chunks 10 30 0
new-events 28 28 0
logs/fs09-mar01 40 40 0
logs/fs09-mar03 40 40 0
logs/app09-gap 21 21 0
logs/collector-forwarded 40 40 0
EOF
# python3-evtx counts every fixture in one interpreter, a line each.
if [ -n "$PY" ]; then
	# shellcheck disable=SC2046
	"$PY" "$top_srcdir/tests/pyevtx-count.py" $(awk -v d="$TESTDATA/evtx" \
	    '{ print ($1 ~ /\//) ? t "/" $1 ".evtx" : d "/" $1 ".evtx" }' \
	    t="$TESTDATA" "$T/fixtures") >"$T/pyevtx" 2>&1 || :
fi
i=0
while read -r name nexport nrender nfail; do
	i=$((i + 1))
	f=$TESTDATA/evtx/$name.evtx
	case $name in */*) f=$TESTDATA/$name.evtx ;; esac
	if [ "$HAVE_EVTXEXPORT" = yes ]; then
		n=$(evtxexport -f text "$f" 2>/dev/null |
		    grep -c '^Event number' || :)
		if [ "$n" = "$nexport" ]; then pass "$name: evtxexport: $n events"
		else fail "$name: evtxexport: $n events, expected $nexport"; fi
	else
		skip "$name: evtxexport (libevtx-utils) not installed"
	fi
	if [ -n "$PY" ]; then
		got=$(sed -n "${i}p" "$T/pyevtx")
		if [ "$got" = "$nrender $nfail" ]; then
			pass "$name: python3-evtx: $nrender rendered, $nfail failed"
		else
			fail "$name: python3-evtx: $got, expected $nrender $nfail"
		fi
	else
		skip "$name: python3-evtx not installed"
	fi
done <"$T/fixtures"

# The XML evtxexport makes of the writer's template, for one event.
if [ "$HAVE_EVTXEXPORT" = yes ]; then
	evtxexport -f xml "$TESTDATA/evtx/all-types.evtx" >"$T/all.xml" 2>/dev/null || :
	for pat in '<Provider Name="Microsoft-Windows-NTLM"' \
	    '<EventID>8003</EventID>' \
	    '<TimeCreated SystemTime="2026-03-09T00:55:20.842728000Z"' \
	    '<EventRecordID>1</EventRecordID>' \
	    '<Channel>Microsoft-Windows-NTLM/Operational</Channel>' \
	    '<Computer>SRV1.corp.example</Computer>' \
	    '<Security UserID="S-1-5-18"' \
	    '<Data Name="InProc">false</Data>' \
	    '<Data Name="ClientLUID">0x00000000000003e7</Data>'; do
		grep_ok "evtxexport XML has $pat" "$pat" "$T/all.xml"
	done
else
	skip "evtxexport (libevtx-utils) not installed"
fi

# The writer is deterministic: it makes the committed fixtures again.
PYW=${PYTHON3:-python3}
[ "$PYW" = no ] && PYW=python3
if command -v "$PYW" >/dev/null 2>&1; then
	mkdir -p "$T/src/tests" "$T/src/testdata"
	cp -R "$top_srcdir/tests/evtx-spec" "$top_srcdir/tests/evtxgen.py" \
	    "$top_srcdir/tests/json-shapes.py" \
	    "$top_srcdir/tests/make-fixtures.sh" "$T/src/tests/"
	mkdir -p "$T/src/testdata/json"
	if PYTHON3=$PYW sh "$T/src/tests/make-fixtures.sh" \
	    >"$T/.err" 2>&1; then
		for f in "$TESTDATA"/evtx/*.evtx "$TESTDATA"/logs/*.evtx; do
			d=$(basename "$(dirname "$f")")
			ok "writer reproduces $d/$(basename "$f")" \
			    cmp "$f" "$T/src/testdata/$d/$(basename "$f")"
		done
		for f in "$TESTDATA"/json/new-events.*; do
			ok "json-shapes.py reproduces $(basename "$f")" \
			    cmp "$f" "$T/src/testdata/json/$(basename "$f")"
		done
	else
		fail "make-fixtures.sh runs"; sed 's/^/# /' "$T/.err"
	fi
else
	skip "no python3 to run the writer"
fi
done_testing
