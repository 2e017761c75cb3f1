#!/bin/sh
# tests/summary.sh [BUILDDIR...]: count the TAP results that "make check"
# left in each build directory (default: .) and print one line
# "N passed, N failed, N skipped"; exit 1 if any failed or none ran.
# FAIL, ERROR (a test script that crashed or lost its plan) and XPASS count
# as failed.
[ $# -gt 0 ] || set -- .
# count RESULT DIR...: how many TAP results of that kind.
count() {
	_r=$1; shift
	for d in "$@"; do
		[ -d "$d/tests" ] && find "$d/tests" -name '*.trs' -exec cat {} +
	done | grep -c "^:test-result: $_r" || true
}
pass=$(count PASS "$@")
fail=$(( $(count FAIL "$@") + $(count ERROR "$@") + $(count XPASS "$@") ))
skipped=$(count SKIP "$@")
echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
