#!/bin/sh
# The output set of a plan is one unit: whenever a large plan is killed
# (kill -9 at several moments), the output directory holds either the whole
# previous set or the whole new one, and the set before is kept as
# DIR.previous; SIGTERM and SIGINT leave no staging directory and no
# temporary file; a directory holding other files is not replaced.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/setup.sh"

[ "${PYTHON3:-no}" != no ] || skip_all "python3 not installed"
SOURCE_DATE_EPOCH=1774000000
export SOURCE_DATE_EPOCH

# 40,000 flows (under a second); under AddressSanitizer a plan of 6,000
# runs about as long.
comps=4000 flows=40000
if ldd "$NTLMPLAN" 2>/dev/null | grep -q libasan; then comps=600 flows=6000; fi
ok "a large plan's inputs" "$PYTHON3" "$top_srcdir/tests/bench/plan-gen.py" \
    $comps $flows "$T/dir.json" "$T/flows.json"
# run LEVEL: plan at LEVEL into $T/set; exit 0 or 10 (not ready) are fine.
run() { "$NTLMPLAN" plan --flows "$T/flows.json" --directory "$T/dir.json" \
    --level "$1" --audit-level 7 --max-age 0 -o "$T/set" 2>"$T/.err" ||
    [ $? -eq 10 ]; }
# whole NAME: $T/set is set A or set B, nothing more, nothing less.
whole() { if diff -r "$T/set" "$T/A" >/dev/null 2>&1; then pass "$1 (A)"
	elif diff -r "$T/set" "$T/B" >/dev/null 2>&1; then pass "$1 (B)"
	else fail "$1"; ls -la "$T/set" | sed 's/^/# /'
		diff -rq "$T/set" "$T/B" | head -5 | sed 's/^/# /'; fi; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

ok "set A" run 3
cp -r "$T/set" "$T/A"
t0=$(now_ms)
ok "set B" run 7
t1=$(now_ms)
cp -r "$T/set" "$T/B"
if diff -rq "$T/A" "$T/B" >/dev/null; then fail "sets A and B differ"
else pass "sets A and B differ"; fi
same "the previous set is kept whole" "$T/set.previous/plan.json" \
    "$T/A/plan.json"
ms=$((t1 - t0))
echo "# a whole plan of $flows flows: $ms ms"

# kill -9 at 5% .. 99% of a run, writing A over B or B over A in turn.
level=3
for pct in 5 20 40 60 75 85 90 95 99; do
	"$NTLMPLAN" plan --flows "$T/flows.json" --directory "$T/dir.json" \
	    --level $level --audit-level 7 --max-age 0 -o "$T/set" \
	    2>/dev/null &
	pid=$!
	sleep "$(awk "BEGIN { print $ms * $pct / 100000 }")"
	kill -9 $pid 2>/dev/null || true
	wait $pid 2>/dev/null || true
	whole "kill -9 at $pct%: a whole set"
	if diff -r "$T/set" "$T/A" >/dev/null 2>&1; then level=7; else level=3; fi
done

# A complete run removes what killed runs left (their staging directories).
ok "a complete run after the kills" run 3
whole "after the kills: a whole set"
left=$(ls -A "$T" | grep -c '^\.set' || true)
if [ "$left" -eq 0 ]; then pass "no staging directory left"
else fail "no staging directory left"; ls -la "$T" | sed 's/^/# /'; fi

# SIGTERM and SIGINT: the set is the old one, nothing of the new is left.
# A shell starts a background command with SIGINT ignored: python3 puts
# back the default before it runs ntlmplan (exec: $! is its pid).
dfl() { exec "$PYTHON3" -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])' "$@"; }
# A plan that ends before the signal reaches it (exit 0 or 10: it wrote
# the new set, as it should) proves nothing: it is run again, up to five
# times, and the set it wrote put back.
for sig in TERM INT; do
	_try=0
	while :; do
		dfl "$NTLMPLAN" plan --flows "$T/flows.json" \
		    --directory "$T/dir.json" --level 7 --audit-level 7 \
		    --max-age 0 -o "$T/set" 2>/dev/null &
		pid=$!
		# Until the staging directory holds a file being written.
		_i=0
		while [ $_i -lt 400 ] && ! ls -A "$T"/.set.new.* 2>/dev/null |
		    grep -q '^\.'; do sleep 0.02; _i=$((_i + 1)); done
		kill -$sig $pid 2>/dev/null || true
		_rc=0
		wait $pid 2>/dev/null || _rc=$?
		_try=$((_try + 1))
		{ [ $_rc -eq 0 ] || [ $_rc -eq 10 ]; } && [ $_try -lt 5 ] ||
		    break
		echo "# SIG$sig: the plan ended first (exit $_rc): again"
		rm -rf "$T/set" "$T/set.previous"
		cp -r "$T/A" "$T/set"
	done
	if [ $_i -lt 400 ] && [ $_rc -ne 0 ] && [ $_rc -ne 10 ]; then
		pass "SIG$sig: sent while writing"
	else fail "SIG$sig: sent while writing (exit $_rc)"; fi
	same "SIG$sig: the old set" "$T/set/plan.json" "$T/A/plan.json"
	_x=$( (ls -A "$T" | grep '^\.set'; ls -A "$T/set" | grep '^\.') || true)
	if [ -z "$_x" ]; then pass "SIG$sig: no staging directory, no temporary file"
	else fail "SIG$sig: no staging directory, no temporary file"
		echo "# left: $_x"; fi
done

# SIGTERM while four threads write the outputs: whichever thread handles
# it, none creates or renames a file after the handler has emptied its
# table, so no staging directory is left (12 runs, from half to the end of
# a whole plan's time, where the files are written).
_bad=0
for pct in 50 55 60 65 70 75 80 85 88 91 94 97; do
	dfl "$NTLMPLAN" plan --flows "$T/flows.json" --directory "$T/dir.json" \
	    --level 7 --audit-level 7 --max-age 0 -j 4 -o "$T/set" \
	    2>/dev/null &
	pid=$!
	sleep "$(awk "BEGIN { print $ms * $pct / 100000 }")"
	kill -TERM $pid 2>/dev/null || true
	wait $pid 2>/dev/null || true
	_x=$( (ls -A "$T" | grep '^\.set'; ls -A "$T/set" | grep '^\.') ||
	    true)
	if [ -n "$_x" ]; then
		_bad=$((_bad + 1))
		echo "# SIGTERM at $pct%, -j 4: left $_x"
		rm -rf "$T"/.set.new.*
	fi
done
if [ $_bad -eq 0 ]; then pass "SIGTERM while four threads write: nothing left"
else fail "SIGTERM while four threads write: nothing left ($_bad runs)"; fi

# The outputs are written by up to -j threads, each file whole by one: the
# set is the same with one thread and with four.
for j in 1 4; do
	ok "-j $j: a whole plan" "$NTLMPLAN" plan --flows "$T/flows.json" \
	    --directory "$T/dir.json" --level 7 --audit-level 7 --max-age 0 \
	    -j $j -o "$T/j$j"
	if diff -r "$T/j$j" "$T/B" >/dev/null; then pass "-j $j: the same set"
	else fail "-j $j: the same set"; diff -rq "$T/j$j" "$T/B" | head -5 |
		sed 's/^/# /'; fi
done

# A file that cannot be written whole fails the set, whatever thread wrote
# it: exit 4, one message, for the first such file in the order of the
# outputs, the set before kept and no staging directory left.  The limit
# (1024 blocks of 512 bytes or 1 KiB, by shell; SIGXFSZ ignored, so EFBIG)
# passes the smaller files; plan.json is the first output over it.
cp -r "$T/B" "$T/lim"
for j in 1 4; do
	exits "-j $j: an output over the size limit: exit 4" 4 sh -c \
	    'trap "" XFSZ; ulimit -f 1024; exec "$@"' sh "$NTLMPLAN" plan \
	    --flows "$T/flows.json" --directory "$T/dir.json" --level 3 \
	    --audit-level 7 --max-age 0 -j $j -o "$T/lim"
	grep_ok "-j $j: names plan.json" 'plan\.json.*too large' "$T/.err"
	_lines=$(wc -l <"$T/.err")
	if [ "$_lines" -eq 1 ]; then pass "-j $j: one message"
	else fail "-j $j: one message"; sed 's/^/# /' "$T/.err"; fi
	same "-j $j: the set before is kept" "$T/lim/plan.json" "$T/B/plan.json"
	_x=$(ls -A "$T" | grep '^\.lim' || true)
	if [ -z "$_x" ]; then pass "-j $j: no staging directory left"
	else fail "-j $j: no staging directory left"; echo "# left: $_x"; fi
done

# A directory holding a file plan does not write is not replaced.
mkdir "$T/mine"
echo keep >"$T/mine/notes.txt"
exits "a directory with other files: exit 4" 4 "$NTLMPLAN" plan \
    --flows "$T/flows.json" --directory "$T/dir.json" --level 7 \
    --audit-level 7 --max-age 0 -o "$T/mine"
grep_ok "a directory with other files: says why" \
    'mine: holds notes.txt, which plan does not write' "$T/.err"
grep_ok "a directory with other files: left as it was" '^keep$' \
    "$T/mine/notes.txt"
if [ -e "$T/mine.previous" ]; then fail "a directory with other files: not moved"
else pass "a directory with other files: not moved"; fi

# An output is never written through a link: one to a FIFO is refused (it
# would block, or feed whatever reads it); a re-run keeps a file's mode.
J=$TESTDATA/json/winlogbeat.ndjson
mkfifo "$T/fifo"
ln -s "$T/fifo" "$T/flows-link.json"
exits "-o a link to a FIFO: exit 4" 4 timeout 20 "$NTLMPLAN" collect \
    -o "$T/flows-link.json" "$J"
grep_ok "-o a link to a FIFO: says why" \
    'flows-link.json: a symbolic link to no regular file: not written through it' \
    "$T/.err"
ok "collect into a file" "$NTLMPLAN" collect -o "$T/mode.json" "$J"
chmod 600 "$T/mode.json"
ok "collect into it again" "$NTLMPLAN" collect -o "$T/mode.json" "$J"
if [ "$(stat -c %a "$T/mode.json")" = 600 ]; then pass "a re-run keeps 0600"
else fail "a re-run keeps 0600"; stat -c '# %a' "$T/mode.json"; fi

done_testing
