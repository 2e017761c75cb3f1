#!/bin/sh
# tests/bench/plan.sh: make bench-plan.  1,000,000 flows over 100,000
# computers: wall time and peak RSS of "ntlmplan plan", next to "ntlmplan
# merge" of the same flow file in the same run (the baseline: loading and
# writing the flows alone), in both forms of the flow file: the JSON, and
# the binary one (merge -f binary, made from the JSON first); plan reads
# each form in turn, the same flows.  Targets:
# plan under 3 s and 700 MiB; merge at 250 MB of (JSON) flow file a second,
# that is 1M flows in 1.4 s: the binary merge is reckoned against the size
# of the same flows' JSON file.  The figures are kept in BENCH_DIR and
# printed beside the previous run's (history.sh).
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
# measure NAME CMD...: prints "NAME seconds peak-KiB cpu-seconds" via
# /usr/bin/time (cpu: user + system, which other work on the machine
# disturbs less than the wall time).
measure() {
	_name=$1; shift
	/usr/bin/time -f "%e %M %U %S" -o "$D/time" "$@" >/dev/null \
	    2>"$D/err" || { cat "$D/err" >&2; exit 1; }
	set -- $(cat "$D/time")
	echo "$_name $1 $2 $(echo "$3 $4" | awk '{ printf "%.2f", $1 + $2 }')"
}
# The binary form of the same flows, made by this build (its version).
"$NTLMPLAN" merge -f binary -o "$D/flows-$BENCH_PLAN_FLOWS.bin" \
    "$D/flows-$BENCH_PLAN_FLOWS.json" 2>/dev/null
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
$(measure merge-bin "$NTLMPLAN" merge -f binary -o "$D/merged.bin" \
    "$D/flows-$BENCH_PLAN_FLOWS.bin")"
	runs="$runs
$(measure plan "$NTLMPLAN" plan --flows "$D/flows-$BENCH_PLAN_FLOWS.json" \
    --directory "$D/dir-$BENCH_COMPUTERS.json" --level 7 --audit-level 7 \
    --max-age 0 -o "$D/plan")"
	runs="$runs
$(measure plan-bin "$NTLMPLAN" plan --flows "$D/flows-$BENCH_PLAN_FLOWS.bin" \
    --directory "$D/dir-$BENCH_COMPUTERS.json" --level 7 --audit-level 7 \
    --max-age 0 -o "$D/plan-bin")"
done
tail -1 "$D/err"
size=$(wc -c <"$D/flows-$BENCH_PLAN_FLOWS.json")
bsize=$(wc -c <"$D/flows-$BENCH_PLAN_FLOWS.bin")
echo "$runs" | awk -v flows="$BENCH_PLAN_FLOWS" -v comps="$BENCH_COMPUTERS" \
    -v size="$size" -v bsize="$bsize" -v hist="$D/figures" '
	NF == 4 {
		if (!($1 in t) || $2 < t[$1]) t[$1] = $2
		if (!($1 in r) || $3 > r[$1]) r[$1] = $3
		if (!($1 in c) || $4 < c[$1]) c[$1] = $4
	}
	END {
		printf "plan bench: %d flows, %d computers; flow file " \
		    "%.0f MB (JSON), %.0f MB (binary)\n", flows, comps,
		    size / 1e6, bsize / 1e6
		printf "  merge (JSON):     %.2f s (best of 3), %.2f s CPU, " \
		    "peak RSS %.0f MiB, %.0f MB/s of flow file\n", t["merge"],
		    c["merge"], r["merge"] / 1024, size / 1e6 / t["merge"]
		printf "  merge (binary):   %.2f s (best of 3), %.2f s CPU, " \
		    "peak RSS %.0f MiB, %.0f MB/s of JSON flow file " \
		    "(target >= 250: %s)\n", t["merge-bin"], c["merge-bin"],
		    r["merge-bin"] / 1024, size / 1e6 / t["merge-bin"],
		    (size / 1e6 / t["merge-bin"] >= 250) ? "met" : "MISSED"
		printf "  plan:             %.2f s (best of 3), %.2f s CPU, " \
		    "peak RSS %.0f MiB\n", t["plan"], c["plan"],
		    r["plan"] / 1024
		printf "  plan (binary):    %.2f s (best of 3), %.2f s CPU, " \
		    "peak RSS %.0f MiB\n", t["plan-bin"], c["plan-bin"],
		    r["plan-bin"] / 1024
		printf "  plan/merge (JSON): time %.2fx, RSS %.2fx; target " \
		    "< 3 s: %s, < 700 MiB: %s\n", t["plan"] / t["merge"],
		    r["plan"] / r["merge"], t["plan"] < 3 ? "met" : "MISSED",
		    r["plan"] < 700 * 1024 ? "met" : "MISSED"
		printf "  plan/merge (binary): time %.2fx, RSS %.2fx; target " \
		    "< 3 s: %s, < 700 MiB: %s\n",
		    t["plan-bin"] / t["merge-bin"],
		    r["plan-bin"] / r["merge-bin"],
		    t["plan-bin"] < 3 ? "met" : "MISSED",
		    r["plan-bin"] < 700 * 1024 ? "met" : "MISSED"
		printf "merge s\t%.2f\ts\nmerge MB/s\t%.0f\tMB/s\n" \
		    "merge peak RSS\t%.0f\tMiB\n" \
		    "merge-bin s\t%.2f\ts\nmerge-bin CPU s\t%.2f\ts\n" \
		    "merge-bin MB/s\t%.0f\tMB/s\n" \
		    "merge-bin peak RSS\t%.0f\tMiB\nplan s\t%.2f\ts\n" \
		    "plan CPU s\t%.2f\ts\nplan peak RSS\t%.0f\tMiB\n" \
		    "plan-bin s\t%.2f\ts\nplan-bin CPU s\t%.2f\ts\n" \
		    "plan-bin peak RSS\t%.0f\tMiB\n", t["merge"],
		    size / 1e6 / t["merge"], r["merge"] / 1024,
		    t["merge-bin"], c["merge-bin"],
		    size / 1e6 / t["merge-bin"], r["merge-bin"] / 1024,
		    t["plan"], c["plan"], r["plan"] / 1024,
		    t["plan-bin"], c["plan-bin"], r["plan-bin"] / 1024 >hist
	}'
while IFS="$(printf '\t')" read -r name value unit; do
	hist "$name" "$value" "$unit"
done <"$D/figures"
hist_end
