#!/bin/sh
# tests/bench/bench.sh: the benchmark behind "make bench".  Writes
# BENCH_EVENTS 8003 events over BENCH_FLOWS flows as EVTX (about 450 bytes
# an event) and as JSON Lines into a temp dir, then reports events/s and
# peak RSS of "ntlmplan collect" on each, the time evtxexport takes on the
# same EVTX file in the same run, and collect's peak RSS on a tenth of the
# events (memory must not grow with the number of events).  EVTX is read
# four ways: the native reader with -j 1 and -j 2 (one file: -j 2 splits its
# chunks), the libevtx path (--evtx-reader=libevtx) and evtxexport; the
# summary gives records/s per core (records over the CPU time the command
# used: on a loaded machine the wall time says little) and records/s by the
# wall clock, and the ratios against the libevtx path measured in the same
# run.  Every command runs BENCH_RUNS (3) times and keeps its least time;
# the native -j 1 and -j 2 runs, under a second each, alternate
# BENCH_NATIVE_RUNS (7) times, so that a busy spell on a shared host falls
# on both, and the summary adds the median of the pairs' ratios and the
# share of the CPU time the hypervisor stole during them (/proc/stat).
# High cardinality: BENCH_DISTINCT_EVENTS (BENCH_EVENTS / 5) events, every
# one its own flow over 200 hosts, read with -j 1 and -j 2 in turn: their
# CPU time per record against the low-cardinality -j 1's, and -j 2's wall
# clock against -j 1's beside what the host gives two processes: two -j 1
# runs at once against one.  The figures are kept in BENCH_DIR (a directory
# under TMPDIR) and printed beside the previous run's (history.sh).
set -eu
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${NTLMPLAN:=$top_srcdir/ntlmplan}"
: "${PYTHON3:=python3}"
: "${BENCH_EVENTS:=1000000}"
: "${BENCH_FLOWS:=10000}"
: "${BENCH_DISTINCT_EVENTS:=$((BENCH_EVENTS / 5))}"
: "${BENCH_DIR:=${TMPDIR:-/tmp}/ntlmplan-bench}"
[ "$PYTHON3" = no ] && PYTHON3=python3
B=$top_srcdir/tests/bench
. "$B/history.sh"
hist_begin "$BENCH_DIR/history-collect.tsv"
T=$(mktemp -d "${TMPDIR:-/tmp}/ntlmplan-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT
trap 'exit 129' HUP INT TERM
export LC_ALL=C

small=$((BENCH_EVENTS / 10))
echo "bench: generating $BENCH_EVENTS and $small events, $BENCH_FLOWS flows"
s=$(date +%s)
"$PYTHON3" "$B/bench-gen.py" "$BENCH_EVENTS" "$BENCH_FLOWS" \
    "$T/bench.evtx" "$T/bench.jsonl"
"$PYTHON3" "$B/bench-gen.py" "$small" "$BENCH_FLOWS" \
    "$T/small.evtx" "$T/small.jsonl"
"$PYTHON3" "$B/bench-gen.py" "$BENCH_DISTINCT_EVENTS" 0 \
    "$T/distinct.evtx" "$T/distinct.jsonl"
rm -f "$T/distinct.jsonl"
echo "bench: generated in $(($(date +%s) - s)) s:" \
    "EVTX $(($(wc -c <"$T/bench.evtx") / 1048576)) MiB," \
    "JSON Lines $(($(wc -c <"$T/bench.jsonl") / 1048576)) MiB"
# Warm the page cache so that the first reader does not pay for the disk,
# and write the files back now, not during the first measurements.
sync
cat "$T/bench.evtx" "$T/bench.jsonl" >/dev/null

# run NAME CMD...: prints the line and sets $secs $rss $rc; each command
# BENCH_RUNS times, its least time kept (tests/bench/measure.py).
: "${BENCH_RUNS:=3}"
export MEASURE_RUNS=$BENCH_RUNS
# OUT=FILE: the command's stdout (default $T/out).
# measure CMD...: sets $secs $rss $rc $cpu, shows the error of a failure.
measure() {
	set -- $("$PYTHON3" "$B/measure.py" "${OUT:-$T/out}" "$@" 2>"$T/err")
	secs=$1 rss=$2 rc=$3 cpu=$4
	[ "$rc" -eq 0 ] || sed 's/^/bench:   /' "$T/err" | tail -3; }
# line NAME SECS CPU RSS RC: a command's line.
line() { printf 'bench: %-36s %8.2f s (CPU %.2f s)  peak RSS %7d KiB  exit %d\n' \
	    "$@"; }
run() { name=$1; shift
	measure "$@"
	line "$name" "$secs" "$cpu" "$rss" "$rc"; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

if command -v evtxexport >/dev/null 2>&1; then
	# Its XML (gigabytes) to /dev/null: the parse is measured, not the
	# disk.
	OUT=/dev/null
	run "evtxexport (EVTX)" evtxexport "$T/bench.evtx"
	OUT=
	ee=$secs eecpu=$cpu
else
	echo "bench: evtxexport not installed (package libevtx-utils)"
	ee=
fi
# The native -j 1 and -j 2 in turn, BENCH_NATIVE_RUNS times each: least
# times, greatest RSS, first failure, and each pair's ratio.
: "${BENCH_NATIVE_RUNS:=7}"
# steal: the host's CPU ticks, all and stolen (cpu line of /proc/stat).
steal() { awk '/^cpu / { t = 0; for (i = 2; i <= 9; i++) t += $i;
	print t, $9; exit }' /proc/stat 2>/dev/null || echo "0 0"; }
pick() { awk -v a="$1" -v b="$2" -v op="$3" 'BEGIN {
	if (a == "") print b; else if (op == "min") print (b < a ? b : a);
	else print (b > a ? b : a) }'; }
set -- $(steal); st0=$1 stl0=$2
# median FILE: the median of FILE's numbers, one a line.
median() { sort -n "$1" | awk '{ v[NR] = $1 } END {
	printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# alternate FILE FACTOR CMD...: collect -j 1 of FILE and CMD in turn;
# sets $ce $cecpu $cerss $cerc (-j 1), $ce2 $ce2cpu $ce2rss $ce2rc (CMD)
# and $medratio, the median of FACTOR times -j 1's wall clock over CMD's.
alternate() {
	_file=$1 _factor=$2
	shift 2
	ce= cecpu= cerss= cerc=0 ce2= ce2cpu= ce2rss= ce2rc=0
	: >"$T/ratios"
	# One run per measure here: the alternation is the repetition.
	MEASURE_RUNS=1
	i=0
	while [ "$i" -lt "$BENCH_NATIVE_RUNS" ]; do
		measure "$NTLMPLAN" collect -j 1 "$_file"
		[ "$rc" -eq 0 ] || cerc=$rc
		s1=$secs ce=$(pick "$ce" "$secs" min)
		cerss=$(pick "$cerss" "$rss" max)
		cecpu=$(pick "$cecpu" "$cpu" min)
		measure "$@"
		[ "$rc" -eq 0 ] || ce2rc=$rc
		ce2=$(pick "$ce2" "$secs" min) ce2rss=$(pick "$ce2rss" "$rss" max)
		ce2cpu=$(pick "$ce2cpu" "$cpu" min)
		awk -v a="$s1" -v b="$secs" -v f="$_factor" \
		    'BEGIN { printf "%.4f\n", f * a / b }' >>"$T/ratios"
		i=$((i + 1))
	done
	MEASURE_RUNS=$BENCH_RUNS
	medratio=$(median "$T/ratios")
}
alternate "$T/distinct.evtx" 1 "$NTLMPLAN" collect -j 2 "$T/distinct.evtx"
line "collect -j 1 (EVTX, distinct)" "$ce" "$cecpu" "$cerss" "$cerc"
line "collect -j 2 (EVTX, distinct)" "$ce2" "$ce2cpu" "$ce2rss" "$ce2rc"
de=$ce decpu=$cecpu derss=$cerss derc=$cerc de2=$ce2 de2rc=$ce2rc
demed=$medratio
# What two processors give here, whatever collect does with them: two
# -j 1 collects of the distinct file at once (two processes that share
# nothing but the page cache) against one, in turn BENCH_NATIVE_RUNS
# times; the median of twice one's wall clock over the two's.  -j 2 on
# that file cannot do better than this.  A host whose processors slow
# each other (page faults and cache misses, not arithmetic) reads under 2.
cat >"$T/two.sh" <<'EOF2'
# two.sh NTLMPLAN FILE OUT: two "collect -j 1" of FILE at once.
"$1" collect -j 1 "$2" >"$3" 2>/dev/null & p=$!
"$1" collect -j 1 "$2" && wait "$p"
EOF2
alternate "$T/distinct.evtx" 2 sh "$T/two.sh" "$NTLMPLAN" \
    "$T/distinct.evtx" "$T/two"
hostpar=$medratio hprc=$cerc
[ "$ce2rc" -eq 0 ] || hprc=$ce2rc
echo "bench: two collect -j 1 (distinct) at once: $hostpar x one" \
    "by the wall clock (median of $BENCH_NATIVE_RUNS pairs)"
alternate "$T/bench.evtx" 1 "$NTLMPLAN" collect -j 2 "$T/bench.evtx"
set -- $(steal)
stealpct=$(awk -v t="$(($1 - st0))" -v s="$(($2 - stl0))" \
    'BEGIN { printf "%.1f", (t > 0 ? 100 * s / t : 0) }')
line "collect -j 1 (EVTX)" "$ce" "$cecpu" "$cerss" "$cerc"
line "collect -j 2 (EVTX)" "$ce2" "$ce2cpu" "$ce2rss" "$ce2rc"
run "collect -j 1 (EVTX, 1/10)" "$NTLMPLAN" collect -j 1 "$T/small.evtx"
serss=$rss
run "collect -j 1 --evtx-reader=libevtx" "$NTLMPLAN" collect -j 1 \
    --evtx-reader=libevtx "$T/bench.evtx"
cl=$secs clrss=$rss clrc=$rc clcpu=$cpu
run "collect -j 1 (JSON Lines)" "$NTLMPLAN" collect -j 1 "$T/bench.jsonl"
cj=$secs cjrss=$rss cjrc=$rc
run "collect -j 1 (JSONL, 1/10)" "$NTLMPLAN" collect -j 1 "$T/small.jsonl"
sjrss=$rss

echo "bench: summary ($BENCH_EVENTS events, $BENCH_FLOWS flows)"
if [ "$cerc" -eq 0 ] && [ "$ce2rc" -eq 0 ] && [ "$clrc" -eq 0 ]; then
	echo "  EVTX records/s per core (by CPU time), by the wall clock," \
	    "peak RSS:"
	echo "    native -j 1:       $(rate "$BENCH_EVENTS" "$cecpu")," \
	    "$(rate "$BENCH_EVENTS" "$ce"), $((cerss / 1024)) MiB" \
	    "($((serss / 1024)) MiB at 1/10)"
	echo "    native -j 2:       $(rate "$BENCH_EVENTS" "$ce2cpu")," \
	    "$(rate "$BENCH_EVENTS" "$ce2"), $((ce2rss / 1024)) MiB"
	echo "    libevtx path -j 1: $(rate "$BENCH_EVENTS" "$clcpu")," \
	    "$(rate "$BENCH_EVENTS" "$cl"), $((clrss / 1024)) MiB"
	[ -n "$ee" ] && echo "    evtxexport:        $(rate "$BENCH_EVENTS" \
	    "$eecpu"), $(rate "$BENCH_EVENTS" "$ee")"
	echo "  native -j 1 is $(ratio "$clcpu" "$cecpu") x the libevtx path" \
	    "by CPU time ($(ratio "$cl" "$ce") x by the wall clock);" \
	    "-j 2 is $(ratio "$ce" "$ce2") x -j 1 by the wall clock" \
	    "(least of $BENCH_NATIVE_RUNS runs each, in turn; the median of" \
	    "the pairs' ratios $medratio; $stealpct % of the host's CPU" \
	    "time stolen meanwhile; load average" \
	    "$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo ?))"
	[ -n "$ee" ] && echo "  native -j 1 is $(ratio "$eecpu" "$cecpu") x" \
	    "evtxexport by CPU time"
else
	echo "  collect EVTX failed (exit $cerc, $ce2rc, $clrc)"
fi
if [ "$cjrc" -eq 0 ]; then
	echo "  collect JSON Lines: $(rate "$BENCH_EVENTS" "$cj") events/s," \
	    "peak RSS $((cjrss / 1024)) MiB ($((sjrss / 1024)) MiB at 1/10)"
else
	echo "  collect JSON Lines failed (exit $cjrc): is the JSON reader in?"
fi
if [ "$derc" -eq 0 ] && [ "$de2rc" -eq 0 ] && [ "$cerc" -eq 0 ]; then
	echo "  high cardinality ($BENCH_DISTINCT_EVENTS events, each its own" \
	    "flow): -j 1 $(rate "$BENCH_DISTINCT_EVENTS" "$decpu") records/s" \
	    "per core, $((derss / 1024)) MiB;" \
	    "CPU time per record $(ratio "$(awk -v c="$decpu" \
	    -v n="$BENCH_DISTINCT_EVENTS" 'BEGIN { print c / n }')" \
	    "$(awk -v c="$cecpu" -v n="$BENCH_EVENTS" 'BEGIN { print c / n }')")" \
	    "x the $BENCH_FLOWS-flow -j 1's (target <= 2);" \
	    "-j 2 is $(ratio "$de" "$de2") x -j 1 by the wall clock" \
	    "(median of the pairs $demed; target >= 1.7; two -j 1 at" \
	    "once: $hostpar x one)"
	hist "distinct -j1 records/s per core" \
	    "$(rate "$BENCH_DISTINCT_EVENTS" "$decpu")" "rec/s"
	hist "distinct -j2/-j1 wall (median)" "$demed" "x"
	[ "$hprc" -eq 0 ] && hist "two -j1 at once/one wall (median)" \
	    "$hostpar" "x"
else
	echo "  collect of the high-cardinality EVTX failed (exit $derc, $de2rc)"
fi
[ "$cerc" -eq 0 ] && hist "native -j1 records/s per core" \
    "$(rate "$BENCH_EVENTS" "$cecpu")" "rec/s"
[ "$ce2rc" -eq 0 ] && hist "native -j2 records/s wall" \
    "$(rate "$BENCH_EVENTS" "$ce2")" "rec/s"
[ "$clrc" -eq 0 ] && hist "libevtx path -j1 records/s per core" \
    "$(rate "$BENCH_EVENTS" "$clcpu")" "rec/s"
[ "$cjrc" -eq 0 ] && hist "JSON Lines events/s" \
    "$(rate "$BENCH_EVENTS" "$cj")" "ev/s"
hist "native -j1 peak RSS" "$((cerss / 1024))" "MiB"
hist_end
