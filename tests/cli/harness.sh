#!/bin/sh
# The test helpers of setup.sh: with UPDATE_GOLDEN=1, golden rewrites only
# files under tests/golden, and an equality check of two outputs of a run
# (same, or golden pointed elsewhere) still fails when they differ.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/setup.sh"
printf 'a\n' >"$T/a"
printf 'b\n' >"$T/b"
# helper CMD...: run CMD in a child shell with setup.sh's helpers and
# UPDATE_GOLDEN=1; its TAP lines in $T/child.
helper() {
	UPDATE_GOLDEN=1 top_srcdir=$top_srcdir sh -c '
	    . "$top_srcdir/tests/cli/setup.sh"; '"$1" >"$T/child" 2>&1 || :
}
helper "same x '$T/a' '$T/b'"
grep_ok "UPDATE_GOLDEN=1: same still fails on different outputs" '^not ok 1 - x' "$T/child"
ok "UPDATE_GOLDEN=1: same rewrote nothing" grep -qx b "$T/b"
helper "golden x '$T/a' '$T/b'"
grep_ok "UPDATE_GOLDEN=1: golden outside tests/golden fails" '^not ok 1 - x' "$T/child"
ok "UPDATE_GOLDEN=1: golden outside tests/golden rewrote nothing" grep -qx b "$T/b"
helper "same x '$T/a' '$T/a'"
grep_ok "same passes on equal files" '^ok 1 - x' "$T/child"
done_testing
