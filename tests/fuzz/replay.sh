#!/bin/sh
# tests/fuzz/replay.sh: make check's fuzz test without libFuzzer.  Each
# target in $FUZZ_TARGETS (tests/fuzz/NAME.replay, built with the suite's
# compiler and sanitizers) gets its regression inputs (tests/fuzz/regress/
# NAME: one file per finding) and its seed corpus (seeds.sh); one TAP line
# per target, failing on a crash, an abort (a failed round trip) or a
# sanitizer report.
set -eu
: "${top_srcdir:?}" "${top_builddir:?}" "${FUZZ_TARGETS:?}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ntlmplan-replay.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
n=0
for t in $FUZZ_TARGETS; do n=$((n + 1)); done
echo "1..$n"
i=0
for t in $FUZZ_TARGETS; do
	i=$((i + 1))
	sh "$top_srcdir/tests/fuzz/seeds.sh" "$top_srcdir" "$tmp/seeds" "$t"
	set -- "$tmp/seeds/$t"
	reg=$top_srcdir/tests/fuzz/regress/$t
	[ -d "$reg" ] && set -- "$reg" "$@"
	nreg=0
	[ -d "$reg" ] && nreg=$(find "$reg" -type f | wc -l)
	nseed=$(find "$tmp/seeds/$t" -type f | wc -l)
	if TMPDIR=$tmp "$top_builddir/tests/fuzz/$t.replay" "$@" \
	    > "$tmp/$t.log" 2>&1; then
		echo "ok $i - $t: $nreg regression inputs, $nseed seeds"
	else
		echo "not ok $i - $t: $nreg regression inputs, $nseed seeds"
		# The inputs replayed before the failure, then the report.
		tail -n 40 "$tmp/$t.log" | sed 's/^/# /'
	fi
done
