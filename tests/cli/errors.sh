#!/bin/sh
# Error messages a new user meets (issue 8, section 6): each says what is
# wrong and what to do, and every option value is refused before any input
# is read (no "collect:" summary on stderr: the logs were never opened).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/setup.sh"
D=$TESTDATA/demo
LDIF="--ldif $D/domain.ldif --ldif $D/config.ldif"

# not_read NAME: the last command read no input.
not_read() { if grep -q '^ntlmplan: collect:' "$T/.err"; then fail "$1";
	echo "# the inputs were read before the refusal:"; head -5 "$T/.err" |
	sed 's/^/# /'; else pass "$1"; fi; }

# --names fqdn: refused with the reason and the way out.
exits "--names fqdn: exit 2" 2 ntlmplan plan "$D/logs" $LDIF --names fqdn \
    -o "$T/p"
grep_ok "--names fqdn: why" 'exception list .* takes NetBIOS names' "$T/.err"
grep_ok "--names fqdn: both writes both forms" \
    '--names both writes each NetBIOS name and its FQDN' "$T/.err"
not_read "--names fqdn: refused before reading the logs"
exits "--names other: exit 2" 2 ntlmplan plan "$D/logs" $LDIF --names x \
    -o "$T/p"
grep_ok "--names other: the choices" '^ntlmplan: --names x: netbios or both$' "$T/.err"

# --level: only the levels of the setting at hand.
exits "unknown --level: exit 2" 2 ntlmplan plan "$D/logs" $LDIF \
    --level deny-everything -o "$T/p"
grep_ok "unknown --level: names the setting" \
    'the levels of Network security: Restrict NTLM: NTLM authentication in this domain' "$T/.err"
grep_ok "unknown --level: lists deny-all" '^ntlmplan:   deny-all (7)$' "$T/.err"
if grep -q 'incoming-\|outgoing-' "$T/.err"; then
	fail "unknown --level: no option of another setting listed"
else
	pass "unknown --level: no option of another setting listed"
fi
not_read "unknown --level: refused before reading the logs"
exits "bad --audit-level: exit 2" 2 ntlmplan plan "$D/logs" $LDIF \
    --audit-level 2 -o "$T/p"
grep_ok "bad --audit-level: message" '--audit-level 2 is no audit value of' "$T/.err"
not_read "bad --audit-level: refused before reading the logs"

# Password files: missing, UTF-16 (Windows PowerShell's ">"), empty; all
# before the logs are read.
exits "missing -y file: exit 2" 2 ntlmplan plan "$D/logs" \
    -H ldap://127.0.0.1:1 -D cn=admin -y "$T/nonexistent.pw" -o "$T/p"
grep_ok "missing -y file: named as the password file" \
    "nonexistent.pw: cannot open the password file: No such file" "$T/.err"
not_read "missing -y file: refused before reading the logs"
printf '\377\376s\000e\000c\000r\000e\000t\000\r\000\n\000' >"$T/utf16.pw"
exits "UTF-16 -y file: exit 2" 2 ntlmplan directory -H ldap://127.0.0.1:1 \
    -D cn=admin -y "$T/utf16.pw" -o "$T/d.json"
grep_ok "UTF-16 -y file: named as such" 'utf16.pw: the password file is UTF-16' "$T/.err"
printf 's\000e\000c\000' >"$T/utf16-nobom.pw"
exits "UTF-16 -y file without BOM: exit 2" 2 ntlmplan directory \
    -H ldap://127.0.0.1:1 -D cn=admin -y "$T/utf16-nobom.pw" -o "$T/d.json"
grep_ok "UTF-16 -y file without BOM: named as such" 'the password file is UTF-16' "$T/.err"
printf 'pass\000word\n' >"$T/nul.pw"
exits "-y file with a NUL byte: exit 2" 2 ntlmplan directory \
    -H ldap://127.0.0.1:1 -D cn=admin -y "$T/nul.pw" -o "$T/d.json"
grep_ok "-y file with a NUL byte: message" 'nul.pw: the password file holds NUL bytes' "$T/.err"
printf '\n' >"$T/empty.pw"
exits "empty -y file: exit 2" 2 ntlmplan directory -H ldap://127.0.0.1:1 \
    -D cn=admin -y "$T/empty.pw" -o "$T/d.json"
grep_ok "empty -y file: message" 'empty.pw: empty password file' "$T/.err"

# -W without a terminal: refused, never an empty password.
if command -v setsid >/dev/null 2>&1; then
	exits "-W without a terminal: exit 2" 2 setsid -w "$NTLMPLAN" plan \
	    "$D/logs" -H ldap://127.0.0.1:1 -D cn=admin -W -o "$T/p" </dev/null
	grep_ok "-W without a terminal: message" \
	    '-W: no terminal to ask for the password on; give it in a file with -y' "$T/.err"
	not_read "-W without a terminal: refused before reading the logs"
	exits "directory -W without a terminal: exit 2" 2 setsid -w \
	    "$NTLMPLAN" directory -H ldap://127.0.0.1:1 -D cn=admin -W \
	    -o "$T/d.json" </dev/null
else
	skip "setsid not installed"
fi

# -W on a terminal (script(1) gives one): an empty answer is refused, a
# password is taken and the bind goes on (here to a closed port: exit 5).
# getpass discards what was typed before its prompt: the answer is typed
# again every 0.1 s until ntlmplan exits.
typing() { i=0; while [ $i -lt 300 ]; do sleep 0.1; printf '%s\n' "$1" ||
	return 0; i=$((i + 1)); done; }
if command -v script >/dev/null 2>&1; then
	typing "" | timeout 30 script -qec "'$NTLMPLAN' \
	    directory -H ldap://127.0.0.1:1 -D cn=admin -W -o '$T/d.json'; \
	    echo exit=\$?" /dev/null >"$T/tty.out" 2>&1 || :
	grep_ok "-W: an empty answer refused" '-W: empty password' "$T/tty.out"
	grep_ok "-W: an empty answer: exit 2" '^exit=2' "$T/tty.out"
	typing secret | timeout 30 script -qec "'$NTLMPLAN' \
	    directory -H ldap://127.0.0.1:1 -D cn=admin -W -o '$T/d.json'; \
	    echo exit=\$?" /dev/null >"$T/tty.out" 2>&1 || :
	grep_ok "-W: a password typed on the terminal is taken" '^exit=5' "$T/tty.out"
else
	skip "script(1) not installed"
fi

# An unresolvable host and a refused port: different messages, both exit 5.
exits "unresolvable host: exit 5" 5 ntlmplan directory \
    -H ldap://nonexistent.invalid -o "$T/d.json"
grep_ok "unresolvable host: message" \
    '^ntlmplan: ldap://nonexistent.invalid: cannot resolve host nonexistent.invalid' "$T/.err"
cp "$T/.err" "$T/resolve.err"
exits "refused port: exit 5" 5 ntlmplan directory -H ldap://127.0.0.1:1 \
    -o "$T/d.json"
grep_ok "refused port: message" \
    '^ntlmplan: ldap://127.0.0.1:1: host 127.0.0.1: connection to port 1 refused' "$T/.err"
if cmp -s "$T/.err" "$T/resolve.err" || grep -q 'cannot resolve' "$T/.err"
then
	fail "the two messages differ"
else
	pass "the two messages differ"
fi

# A JSON input nested past 1000 levels says so, with file:line:column, not
# "invalid JSON"; the other records are read.
{ head -1 "$TESTDATA/json/winlogbeat.ndjson"
  printf '{"a": '; awk 'BEGIN { for (i = 0; i < 1200; i++) printf "["
	for (i = 0; i < 1200; i++) printf "]"; print "}" }'; } >"$T/deep.jsonl"
exits "deep JSON Lines: read" 0 ntlmplan collect -o "$T/deep.flows" \
    "$T/deep.jsonl"
grep_ok "deep JSON Lines: nested too deep at line:column" \
    'deep.jsonl:2:1006: record 2: nested too deep (more than 1000 levels)$' \
    "$T/.err"
{ printf '['; head -1 "$TESTDATA/json/winlogbeat.ndjson"; printf ',\n'
  awk 'BEGIN { for (i = 0; i < 1100; i++) printf "{\"a\":"
	for (i = 0; i < 1100; i++) printf "}"; print "]" }'; } >"$T/deep.json"
exits "deep array element: read" 0 ntlmplan collect -o "$T/deep2.flows" \
    "$T/deep.json"
grep_ok "deep array element: nested too deep" \
    'deep.json:3:5001: record 2: nested too deep (more than 1000 levels)$' \
    "$T/.err"
done_testing
