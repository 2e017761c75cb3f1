#!/bin/sh
# tests/make-fixtures.sh: regenerate testdata/evtx/*.evtx with the test-only
# EVTX writer tests/evtxgen.py from the specs in tests/evtx-spec/.  The
# output is deterministic; run it after changing the writer or a spec and
# commit the result (then UPDATE_GOLDEN=1 make check for the golden files).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
: "${PYTHON3:=python3}"
spec=$top/tests/evtx-spec
out=$top/testdata/evtx
gen() { name=$1; src=$2; shift 2
	"$PYTHON3" "$top/tests/evtxgen.py" "$spec/$src.spec" "$out/$name.evtx" "$@"; }
mkdir -p "$out"
gen all-types all-types
gen multi-chunk multi-chunk
gen three-chunks three-chunks
gen chunk-end chunk-end
gen bad-strings bad-strings
gen bad-xml bad-xml
gen bad-times bad-times
gen bad-signature three-chunks --bad-signature 1
gen bad-header-crc three-chunks --bad-header-crc 1
gen bad-records-crc three-chunks --bad-records-crc 1
# Record 4 of chunk 1 says it is 8 bytes longer: libevtx recovers the rest.
gen bad-record-size three-chunks --bad-record-size 1:4
gen bad-file-crc three-chunks --bad-file-crc
# The chunk count of the file header is 16 bits: past 4 GiB it wraps.
gen header-chunks three-chunks --header-chunks 1
# Cut in chunk 2, after its first two records.
gen truncated three-chunks --truncate $((4096 + 2 * 65536 + 3000))
gen new-events new-events
# The same events as every JSON shape ntlmplan reads.
"$PYTHON3" "$top/tests/json-shapes.py" "$spec/new-events.spec" \
    "$top/testdata/json/new-events"
# Exports of one log that overlap, and a log with a record-id gap, apart
# from testdata/evtx so that its directory golden stays as it is.
mkdir -p "$top/testdata/logs"
"$PYTHON3" "$top/tests/evtxgen.py" "$spec/overlap-a.spec" "$top/testdata/logs/fs09-mar01.evtx"
"$PYTHON3" "$top/tests/evtxgen.py" "$spec/overlap-b.spec" "$top/testdata/logs/fs09-mar03.evtx"
"$PYTHON3" "$top/tests/evtxgen.py" "$spec/gap.spec" "$top/testdata/logs/app09-gap.evtx"
"$PYTHON3" "$top/tests/evtxgen.py" "$spec/forwarded.spec" "$top/testdata/logs/collector-forwarded.evtx"
"$PYTHON3" "$top/tests/evtxgen.py" "$spec/forwarded-hosts.spec" "$top/testdata/logs/collector-hosts.evtx"
# The file header declares more chunks than the file holds: 65535, or
# the file cut at a chunk boundary.
gen header-more three-chunks --header-chunks 65535
gen cut-chunk three-chunks --truncate $((4096 + 2 * 65536))
