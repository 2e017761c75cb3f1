#!/bin/sh
# tests/fuzz/run.sh: run every libFuzzer target of a fuzz build (make
# fuzz-run, from the build directory) for $FUZZ_SECONDS each, from its seed
# corpus and regression inputs, under ASan, UBSan and LeakSanitizer (with
# tests/fuzz/lsan.supp: libevtx's own leaks only).  Nice 15, two targets at
# a time.  Each target leaves tests/fuzz/NAME.log and a TAP-style
# tests/fuzz/NAME.trs (PASS or FAIL) that tests/summary.sh counts; a crash,
# sanitizer report, leak or time-out (over 25 s on one input) fails it,
# and what the target said then is printed with the results.
# Exits 1 if any target failed.
set -u
: "${top_srcdir:?}" "${FUZZ_TARGETS:?}" "${FUZZ_SECONDS:=60}"
fz=$top_srcdir/tests/fuzz
LSAN_OPTIONS=suppressions=$fz/lsan.supp:print_suppressions=0
export LSAN_OPTIONS
# The targets write every input to a file in $TMPDIR: in memory where
# there is a /dev/shm, or the disk, not the parser, sets the pace (up to
# 40 % of a long run's time went to waiting for it on a two-core machine).
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ] &&
    shm=$(mktemp -d /dev/shm/ntlmplan-fuzz.XXXXXX 2>/dev/null); then
	TMPDIR=$shm
	export TMPDIR
	trap 'rm -rf "$shm"' EXIT
fi
# fuzz_one TARGET: run one target for FUZZ_SECONDS; its result in
# tests/fuzz/TARGET.trs and its summary line in tests/fuzz/TARGET.result.
# Returns non-zero if it found something.
fuzz_one() {
	t=$1
	corpus=tests/fuzz/corpus/$t
	mkdir -p "$corpus" tests/fuzz/artifacts
	sh "$fz/seeds.sh" "$top_srcdir" tests/fuzz/seeds "$t"
	set -- "$corpus" tests/fuzz/seeds/$t
	[ -d "$fz/regress/$t" ] && set -- "$@" "$fz/regress/$t"
	dict=
	[ -f "$fz/$t.dict" ] && dict=-dict=$fz/$t.dict
	# EVTX: inputs of at most two chunks (file header, 2 x 64 KiB), the
	# seeds cut to that: a chunk's damage is what the reader must survive.
	case $t in
	evtx*)	dict="-dict=$fz/evtx.dict -max_len=135168" ;;
	esac
	nice -n 15 "tests/fuzz/$t.fuzzer" -max_total_time="$FUZZ_SECONDS" \
	    -timeout=25 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix=tests/fuzz/artifacts/$t- $dict "$@" \
	    > "tests/fuzz/$t.log" 2>&1
	rc=$?
	if [ $rc -eq 0 ] && ! grep -q "^SUMMARY: \|runtime error:" \
	    "tests/fuzz/$t.log"; then
		result=PASS
	else
		result=FAIL
		# What the target and the sanitizers said: the reason, the
		# top of the stack and the name of the input that did it
		# (not libFuzzer's progress, nor a library's chatter).
		grep -E 'round trip:|^(libevtx|native): |^ntlmplan: |ERROR|runtime error:|^    #[0-9] |^SUMMARY|Test unit written' \
		    "tests/fuzz/$t.log" | head -40 > "tests/fuzz/$t.result"
	fi
	stats=$(grep "^#[0-9]*.*DONE\|^stat::number_of_executed_units\|^stat::average_exec_per_sec" \
	    "tests/fuzz/$t.log" | tr '\n' ' ')
	printf ':test-result: %s\n:global-test-result: %s\n' "$result" \
	    "$result" > "tests/fuzz/$t.trs"
	echo "$result: fuzz $t ($FUZZ_SECONDS s): $stats" >> "tests/fuzz/$t.result"
	[ "$result" = PASS ]
}

# Two targets at a time, one a core (CI has two): each still runs
# FUZZ_SECONDS, the whole run takes half as long.  Results are printed in
# the targets' order.
status=0
set -- $FUZZ_TARGETS
while [ $# -gt 0 ]; do
	a=$1 b=
	shift
	if [ $# -gt 0 ]; then
		b=$1
		shift
	fi
	rm -f "tests/fuzz/$a.result" ${b:+"tests/fuzz/$b.result"}
	fuzz_one "$a" &
	pa=$!
	if [ -n "$b" ]; then
		fuzz_one "$b" &
		pb=$!
	fi
	wait $pa || status=1
	if [ -n "$b" ]; then
		wait $pb || status=1
	fi
	cat "tests/fuzz/$a.result" ${b:+"tests/fuzz/$b.result"}
done
exit $status
