#!/bin/sh
# ntlmplan directory when the server dies in the middle of a paged search:
# an error exit (9) and no snapshot, never a partial one.  20,000
# workstations read one per page give the test time to kill slapd once the
# computer search is under way (seen in slapd's stats log).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/setup.sh"
. "$top_srcdir/tests/cli/slapd.sh"

slapd_init 20000
slapd_start
printf 'keep me\n' >"$T/keep.json"
ntlmplan directory -H "$LDAP_URI" -D "$BIND_DN" -y "$BIND_PW_FILE" \
    --page-size 1 -o "$T/keep.json" >"$T/run.out" 2>"$T/run.err" &
NP=$!
# Wait for the 20th page of the computer search, then kill -9.
_i=0
while [ "$(grep -c 'nentries=1 ' "$SD/slapd.log" || :)" -lt 20 ] &&
    [ $_i -lt 600 ] && kill -0 "$NP" 2>/dev/null; do
	sleep 0.01
	_i=$((_i + 1))
done
if kill -0 "$NP" 2>/dev/null; then
	pass "ntlmplan still reading when slapd is killed"
else
	fail "ntlmplan still reading when slapd is killed"
fi
kill -KILL "$SLAPD_PID"
wait "$SLAPD_PID" 2>/dev/null || :
SLAPD_PID=
_st=0
wait "$NP" || _st=$?
if [ "$_st" -eq 9 ]; then pass "killed server: exit 9"
else fail "killed server: exit 9"; echo "# exit $_st"; sed 's/^/# /' "$T/run.err"; fi
grep_ok "killed server: message" 'connection lost during the search after [0-9]* entries; no snapshot written' "$T/run.err"
grep_ok "killed server: the old snapshot is untouched" '^keep me$' "$T/keep.json"
_left=$(ls -A "$T" | grep -c '^\.keep\.json\.' || :)
if [ "$_left" = 0 ]; then pass "killed server: no temporary file left"
else fail "killed server: no temporary file left"; ls "$T" | sed 's/^/# /'; fi
done_testing
