#!/bin/sh
# Rendered event XML (wevtutil qe /f:xml, Get-WinEvent | % ToXml(), Event
# Viewer's Save as XML): the same events as EVTX, JSON and XML give
# byte-identical flow files (tests/xml-shapes.py writes each spec of
# tests/evtx-spec in every shape, tests/evtxgen.py as EVTX; each is
# collected under the same name, so even the sources match); record ids,
# duplicates and gaps as for EVTX; a broken event costs that event; memory
# does not grow with the file.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/setup.sh"
[ "${PYTHON3:-no}" != no ] || skip_all "python3 not installed"
S=$top_srcdir/tests/evtx-spec
X=$TESTDATA/xml

# The differential test.  (all-types mixes channels in one chunk and
# native-ids forges chunk-level ids: EVTX-only cases.)
kinds="evtx wevtutil.xml saved.xml positional.xml jsonl"
for s in new-events forwarded gap multi-chunk three-chunks overlap-a \
    overlap-b; do
	"$PYTHON3" "$top_srcdir/tests/evtxgen.py" "$S/$s.spec" "$T/$s.evtx"
	"$PYTHON3" "$top_srcdir/tests/xml-shapes.py" "$S/$s.spec" "$T/$s"
	for k in $kinds; do
		mkdir -p "$T/$k"
		cp "$T/$s.$k" "$T/$k/$s"
	done
done
for k in $kinds; do
	for s in new-events forwarded gap multi-chunk three-chunks; do
		(cd "$T/$k" && "$NTLMPLAN" collect -o "../$s.$k.flows" "$s") \
		    2>/dev/null || :
	done
	# Two overlapping exports: duplicates found across the inputs.
	(cd "$T/$k" && "$NTLMPLAN" collect -o ../ov.$k.flows overlap-a \
	    overlap-b) 2>"$T/ov.$k.err" || :
done
for k in wevtutil.xml saved.xml positional.xml jsonl; do
	for s in new-events forwarded gap multi-chunk three-chunks; do
		same "$s: $k gives the flow file of EVTX" "$T/$s.$k.flows" \
		    "$T/$s.evtx.flows"
	done
	same "overlapping exports: $k gives the flow file of EVTX" \
	    "$T/ov.$k.flows" "$T/ov.evtx.flows"
done
grep_ok "overlapping XML exports: 20 duplicates" \
    '80 records: 60 used, 0 skipped, 20 duplicate (read before), 0 unreadable' \
    "$T/ov.wevtutil.xml.err"
grep_ok "the flow files are not empty" '"event_id": 4030' "$T/new-events.saved.xml.flows"

# The fixture: wevtutil's one event a line, CRLF.
ntlmplan collect -v -o "$T/srv3.flows" "$X/wevtutil-srv3.xml" 2>"$T/srv3.err" || :
grep_ok "wevtutil XML: every event used" 'input .*wevtutil-srv3.xml: 12 records: 12 used, 0 skipped, 0 unreadable$' "$T/srv3.err"
grep_ok "wevtutil XML: record ids held" 'ids 201..212, 12 held, 0 lost' "$T/srv3.err"
# From standard input (wevtutil qe ... | ntlmplan collect -), and as
# UTF-16 big-endian.
ok "standard input" sh -c '"$1" collect -o "$2" - <"$3"' sh "$NTLMPLAN" \
    "$T/stdin.flows" "$X/wevtutil-srv3.xml"
sed -n '/"logs"/,$p' "$T/stdin.flows" >"$T/stdin.got"
sed -n '/"logs"/,$p' "$T/srv3.flows" >"$T/srv3.want"
same "standard input: the flows of the file" "$T/stdin.got" "$T/srv3.want"
{ printf '\376\377'; iconv -f UTF-8 -t UTF-16BE "$X/wevtutil-srv3.xml"; } >"$T/be.xml"
ntlmplan collect -v -o "$T/be.flows" "$T/be.xml" 2>/dev/null || :
sed -n '/"logs"/,$p' "$T/be.flows" >"$T/be.got"
same "UTF-16BE: the flows of UTF-8" "$T/be.got" "$T/srv3.want"

# A broken event costs that event; one cut off by the end of the file too.
sed '3s/<EventID>8003</<EventID>8003<</; 5s/<\/Data><Data/<\/Data><Data Name=/' \
    "$X/wevtutil-srv3.xml" >"$T/broken.xml"
head -c -400 "$T/broken.xml" >"$T/cut.xml"
ntlmplan collect -v -o "$T/broken.flows" "$T/broken.xml" 2>"$T/broken.err" || :
grep_ok "a broken event: named with its line" 'broken.xml:3: record 3: not well-formed' "$T/broken.err"
grep_ok "a broken attribute: named with its line" 'broken.xml:5: record 5: ' "$T/broken.err"
grep_ok "a broken event: the others read" '12 records: 10 used, 0 skipped, 2 unreadable$' "$T/broken.err"
ntlmplan collect -v -o "$T/cut.flows" "$T/cut.xml" 2>"$T/cut.err" || :
grep_ok "an event cut off: said" 'cut.xml:12: record 12: cut off: no </Event> before the end of the file' "$T/cut.err"
grep_ok "an event cut off: the others read" '12 records: 9 used, 0 skipped, 3 unreadable$' "$T/cut.err"
# Values: a missing EventID, an event without a time, a value over 64 KiB.
E="<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-NTLM'/>"
{ echo "$E<Computer>A</Computer></System></Event>"
  echo "$E<EventID>8003</EventID><Computer>A</Computer></System></Event>"
  printf '%s<EventID>8003</EventID><TimeCreated SystemTime="2026-03-01T00:00:00Z"/><Computer>A</Computer></System><EventData><Data Name="UserName">' "$E"
  head -c 70000 /dev/zero | tr '\0' a; echo '</Data></EventData></Event>'
  echo "$E<EventID> 8003 </EventID><TimeCreated SystemTime='2026-03-01T00:00:00Z'/><Computer>A</Computer></System><EventData><Data Name='Workstation'>W&amp;1</Data><Data Name='UserName'>u</Data></EventData></Event>"
} >"$T/values.xml"
ntlmplan collect -v -o "$T/values.flows" "$T/values.xml" 2>"$T/values.err" || :
grep_ok "no EventID: said" 'values.xml:1: record 1: System/EventID missing or not a number' "$T/values.err"
grep_ok "no time: said" 'values.xml:2: record 2: event 8003 without a readable time' "$T/values.err"
grep_ok "a value over 64 KiB: said" 'values.xml:3: record 3: value longer than 64 KiB' "$T/values.err"
grep_ok "names in any order, blanks around the id, entities" '"user": "u", "workstation": "W&1"' "$T/values.flows"
# XML that holds no event: named, not read.
printf '<?xml version="1.0"?>\n<GPO><Name>x</Name></GPO>\n' >"$T/gpo.xml"
exits "XML of another kind: nothing read" 1 ntlmplan collect -v -o "$T/g.flows" "$T/gpo.xml"
grep_ok "XML of another kind: named" 'gpo.xml: XML, but no Windows event' "$T/.err"

# Memory: a 70 MB file is read in a window, not whole: its peak is within
# 16 MB of the 12-event file's, measured in the same run.
line=$(head -n 1 "$X/wevtutil-srv3.xml")
i=0; while [ $i -lt 13 ]; do line="$line$line"; i=$((i + 1)); done
i=0; while [ $i -lt 10 ]; do printf '%s' "$line"; i=$((i + 1)); done >"$T/big.xml"
ok "a big file: read in bounded memory" "$PYTHON3" -c 'import os, resource, subprocess, sys
# A sanitizer build keeps freed memory in quarantine: not for these runs.
env = dict(os.environ)
env["ASAN_OPTIONS"] = ":".join(filter(None, [env.get("ASAN_OPTIONS"),
    "quarantine_size_mb=0"]))
def peak(path):
    r = subprocess.run([sys.argv[1], "collect", "-o", os.devnull, path],
        stderr=subprocess.PIPE, text=True, env=env)
    return r.stderr, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
_, small = peak(sys.argv[3])
err, big = peak(sys.argv[2])
size = os.path.getsize(sys.argv[2])
assert "81920 records: 1 used, 0 skipped, 81919 duplicate" in err, err
assert size > 70e6 and big < small + 16e6, (size, small, big)
print("# %d bytes read in a peak of %d bytes (12 events: %d)" % (size, big, small))' \
    "$NTLMPLAN" "$T/big.xml" "$X/wevtutil-srv3.xml"
done_testing
