# tests/cli/setup.sh: sourced by every CLI test (jq's tests/setup).
#
# Gives: set -eu, $T (a temp dir removed on exit), $NTLMPLAN (the binary,
# run under $VALGRIND if set), $TESTDATA, $GOLDEN (the golden files), and
# TAP helpers:
#   plan N; ok NAME CMD...; not_ok ...; golden NAME FILE GOLDEN;
#   same NAME FILE FILE;
#   skip_all WHY; cleanup hooks via at_exit "cmd".
set -eu
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${NTLMPLAN:=$top_builddir/ntlmplan}"
: "${VALGRIND:=}"
TESTDATA=$top_srcdir/testdata
GOLDEN=$top_srcdir/tests/golden
export LC_ALL=C TZ=UTC
T=$(mktemp -d "${TMPDIR:-/tmp}/ntlmplan-test.XXXXXX")
_at_exit=""
at_exit() { _at_exit="$1; $_at_exit"; }
_cleanup() { eval "$_at_exit"; rm -rf "$T"; }
trap _cleanup EXIT
trap 'exit 129' HUP INT TERM
_n=0
_failed=0

ntlmplan() { $VALGRIND "$NTLMPLAN" "$@"; }
plan() { echo "1..$1"; }
skip_all() { echo "1..0 # SKIP $1"; exit 0; }
pass() { _n=$((_n + 1)); echo "ok $_n - $1"; }
fail() { _n=$((_n + 1)); _failed=$((_failed + 1)); echo "not ok $_n - $1"; }
skip() { _n=$((_n + 1)); echo "ok $_n # SKIP $1"; }
# ok NAME CMD...: passes if CMD exits 0.
ok() { _name=$1; shift; if "$@" >"$T/.out" 2>"$T/.err"; then pass "$_name";
	else fail "$_name"; sed 's/^/# /' "$T/.err" "$T/.out" | head -40; fi; }
# exits NAME STATUS CMD...: passes if CMD exits with STATUS.
exits() { _name=$1; _want=$2; shift 2; _st=0; "$@" >"$T/.out" 2>"$T/.err" || _st=$?
	if [ "$_st" -eq "$_want" ]; then pass "$_name"; else fail "$_name";
	echo "# exit $_st, expected $_want"; sed 's/^/# /' "$T/.err" | head -20; fi; }
# same NAME A B: passes if two outputs of this run are identical (order
# independence, equality); UPDATE_GOLDEN never touches them.
same() { if cmp -s "$2" "$3"; then pass "$1"; else fail "$1";
	diff -u "$3" "$2" | head -40 | sed 's/^/# /'; fi; }
# same_dir NAME A B: passes if directories A and B hold the same files,
# byte for byte.
same_dir() { if diff -rq "$2" "$3" >"$T/.diff" 2>&1; then pass "$1"
	else fail "$1"; head -20 "$T/.diff" | sed 's/^/# /'; fi; }
# golden NAME GOT WANT: passes if GOT equals the golden file WANT, which
# must be in tests/golden (UPDATE_GOLDEN=1 rewrites WANT first).
golden() { case $3 in "$GOLDEN"/*) ;; *) fail "$1"
	echo "# golden: $3 is not under tests/golden (use same)"; return;; esac
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then cp "$2" "$3"; fi
	same "$@"; }
# grep_ok NAME PATTERN FILE
grep_ok() { if grep -q -e "$2" "$3"; then pass "$1"; else fail "$1";
	echo "# no match for '$2' in $3:"; head -20 "$3" | sed 's/^/# /'; fi; }
done_testing() { echo "1..$_n"; [ "$_failed" -eq 0 ]; }
