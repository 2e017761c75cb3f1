#!/bin/sh
# tests/bench/plan.sh: make bench-plan.  1,000,000 flows over 100,000
# computers: wall time and peak RSS of "ntlmplan plan", next to "ntlmplan
# merge" of the same flow file in the same run (the baseline: loading and
# writing the flows alone).  Targets: under 2 s and 1 GiB; merge at 250 MB
# of flow file a second.  The figures are kept in BENCH_DIR and printed
# beside the previous run's (history.sh).
set -eu
: "${NTLMPLAN:?}" "${PYTHON3:=python3}" "${top_srcdir:?}"
: "${BENCH_COMPUTERS:=100000}" "${BENCH_PLAN_FLOWS:=1000000}"
D=${BENCH_DIR:-${TMPDIR:-/tmp}/ntlmplan-bench-plan}
mkdir -p "$D"
. "$top_srcdir/tests/bench/history.sh"
hist_begin "$D/history-plan.tsv"
if [ ! -s "$D/flows-$BENCH_PLAN_FLOWS.json" ] ||
    [ ! -s "$D/dir-$BENCH_COMPUTERS.json" ]; then
	echo "generating $BENCH_PLAN_FLOWS flows, $BENCH_COMPUTERS computers in $D"
	"$PYTHON3" "$top_srcdir/tests/bench/plan-gen.py" "$BENCH_COMPUTERS" \
	    "$BENCH_PLAN_FLOWS" "$D/dir-$BENCH_COMPUTERS.json" \
	    "$D/flows-$BENCH_PLAN_FLOWS.json"
fi
# measure NAME CMD...: prints "NAME seconds peak-KiB" via /usr/bin/time.
measure() {
	_name=$1; shift
	/usr/bin/time -f "%e %M" -o "$D/time" "$@" >/dev/null 2>"$D/err" ||
	    { cat "$D/err" >&2; exit 1; }
	set -- $(cat "$D/time")
	echo "$_name $1 $2"
}
# Alternate the two, three times each, and keep the best of each: the
# machine may be busy with other work.  The generated data is old and its
# audit level is stated, so that the plan is ready (exit 0) and measured
# whole.
runs=""
for i in 1 2 3; do
	runs="$runs
$(measure merge "$NTLMPLAN" merge -o "$D/merged.json" \
    "$D/flows-$BENCH_PLAN_FLOWS.json")"
	runs="$runs
$(measure plan "$NTLMPLAN" plan --flows "$D/flows-$BENCH_PLAN_FLOWS.json" \
    --directory "$D/dir-$BENCH_COMPUTERS.json" --level 7 --audit-level 7 \
    --max-age 0 -o "$D/plan")"
done
tail -1 "$D/err"
size=$(wc -c <"$D/flows-$BENCH_PLAN_FLOWS.json")
echo "$runs" | awk -v flows="$BENCH_PLAN_FLOWS" -v comps="$BENCH_COMPUTERS" \
    -v size="$size" -v hist="$D/figures" '
	NF == 3 {
		if (!($1 in t) || $2 < t[$1]) t[$1] = $2
		if (!($1 in r) || $3 > r[$1]) r[$1] = $3
	}
	END {
		printf "plan bench: %d flows, %d computers\n", flows, comps
		printf "  merge (baseline): %.2f s (best of 3), peak RSS %.0f MiB, " \
		    "%.0f MB/s of flow file (target >= 250)\n", t["merge"],
		    r["merge"] / 1024, size / 1e6 / t["merge"]
		printf "  plan:             %.2f s (best of 3), peak RSS %.0f MiB\n",
		    t["plan"], r["plan"] / 1024
		printf "  plan/merge: time %.2fx, RSS %.2fx; target < 2 s: %s, " \
		    "< 1 GiB: %s\n", t["plan"] / t["merge"],
		    r["plan"] / r["merge"], t["plan"] < 2 ? "met" : "MISSED",
		    r["plan"] < 1048576 ? "met" : "MISSED"
		printf "merge s\t%.2f\ts\nmerge MB/s\t%.0f\tMB/s\n" \
		    "merge peak RSS\t%.0f\tMiB\nplan s\t%.2f\ts\n" \
		    "plan peak RSS\t%.0f\tMiB\n", t["merge"],
		    size / 1e6 / t["merge"], r["merge"] / 1024, t["plan"],
		    r["plan"] / 1024 >hist
	}'
while IFS="$(printf '\t')" read -r name value unit; do
	hist "$name" "$value" "$unit"
done <"$D/figures"
hist_end
