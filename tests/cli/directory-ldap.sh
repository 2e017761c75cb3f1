#!/bin/sh
# ntlmplan directory against a real slapd: paging under a server size limit
# of 1000, simple bind as an ordinary entry, StartTLS and ldaps with a
# throw-away CA, SASL EXTERNAL over ldapi, every error a user meets (exit
# status and message), search references, classification, and the LDIF
# path giving the same snapshot as the live one.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/setup.sh"
. "$top_srcdir/tests/cli/slapd.sh"

slapd_init 2500
slapd_start
SOURCE_DATE_EPOCH=1773017720
export SOURCE_DATE_EPOCH
AUTH="-D $BIND_DN -y $BIND_PW_FILE"
printf 'Plan-NTLM-0ut' >"$SD/password-nonl"
chmod 600 "$SD/password-nonl"

# The snapshot without its source line, and of the 2500 workstations only a
# few that show each case (1, 13 never logged on, 50 no dNSHostName, 97
# disabled, the last), as computers and as accounts.
view() {
	sed 2d "$1" | grep -v -E \
	    '"name": "WS([0-9]{5})\$?"' >"$2.tmp" || :
	sed 2d "$1" | grep -E '"name": "WS(00001|00013|00050|00097|02500)\$?"' \
	    >>"$2.tmp" || :
	cat "$2.tmp" >"$2"
	rm -f "$2.tmp"
}
# no_file NAME FILE: passes if FILE does not exist.
no_file() { if [ -e "$2" ]; then fail "$1"; else pass "$1"; fi; }

# --- The server behaves like AD: a client that does not page gets 1000.
_st=0
ldapsearch -x -H "$LDAP_URI" -D "$BIND_DN" -y "$SD/password-nonl" \
    -b DC=lab,DC=example '(objectClass=computer)' dn >"$T/np.ldif" 2>&1 ||
    _st=$?
if [ "$_st" -eq 4 ]; then pass "ldapsearch without paging: size limit (4)"
else fail "ldapsearch without paging: size limit (4)"; echo "# exit $_st"; fi
grep_ok "ldapsearch without paging got 1000 entries" '^# numEntries: 1000$' \
    "$T/np.ldif"
exits "--page-size 0 (no paging): cut off, exit 9" 9 \
    ntlmplan directory -H "$LDAP_URI" $AUTH --page-size 0 -o "$T/np.json"
grep_ok "--page-size 0: says cut off after 1000 entries" \
    'search cut off after 1000 entries; no snapshot written' "$T/.err"
no_file "--page-size 0: no snapshot written" "$T/np.json"

# --- Paged, simple bind as an ordinary entry (not the rootdn).
exits "paged fetch, simple bind as an ordinary entry" 0 \
    ntlmplan directory -H "$LDAP_URI" $AUTH -o "$T/live.json"
cp "$T/.err" "$T/live.err"
grep_ok "summary line" 'directory: LABCORP (lab.example): 2557 computers, 6 DCs (2 RODCs), 26 disabled, 2 trusts; left out: 1 trust accounts, 1 managed service accounts; 6 pages, 6 references skipped$' "$T/live.err"
grep_ok "cleartext bind warned about" 'password crosses the network in clear text' "$T/live.err"
view "$T/live.json" "$T/live.view"
golden "snapshot (golden)" "$T/live.view" "$GOLDEN/directory-lab.json"
_n_ws=$(grep -c '"name": "WS[0-9]*", "dns"' "$T/live.json" || :)
if [ "$_n_ws" = 2500 ]; then pass "all 2500 workstations (3 pages past the limit)"
else fail "all 2500 workstations"; echo "# got $_n_ws"; fi
grep_ok "source: URI, base, fetched" \
    "^ \"source\": {\"uri\": \"$LDAP_URI\", \"base\": \"DC=lab,DC=example\", \"fetched\": \"2026-03-09T00:55:20.000000Z\"},\$" \
    "$T/live.json"
grep_ok "NetBIOS name from the crossRef's nETBIOSName" \
    '"dn": "DC=lab,DC=example", "dns": "lab.example", "netbios": "LABCORP", "sid": "S-1-5-21-1111111111-2222222222-3333333333"' \
    "$T/live.json"
grep_ok "two-way forest trust" '{"partner": "partner.example", "flat": "PARTNER", "direction": 3, "attributes": 8, "type": 2}' "$T/live.json"
grep_ok "DC by primaryGroupID 516 alone" '"name": "DC3", .*"dc": true, "rodc": false' "$T/live.json"
grep_ok "RODC by userAccountControl alone" '"name": "RODC2", .*"dc": true, "rodc": true' "$T/live.json"
grep_ok "disabled DC" '"name": "DC4", .*"enabled": false, "dc": true' "$T/live.json"
# Kerberos: the accounts that hold an SPN (paged like the computers, every
# workstation among them), and the Read-only Domain Controllers group.
_n_acc=$(grep -c '"name": "WS[0-9]*\$", "dn"' "$T/live.json" || :)
if [ "$_n_acc" = 2500 ]; then pass "all 2500 workstations as accounts"
else fail "all 2500 workstations as accounts"; echo "# got $_n_acc"; fi
grep_ok "a user with an SPN, RC4 only" '{"name": "svc-iis", .*"kind": "user", "enctypes": 4, "pwd_last_set": "2025-11-20T00:00:00.000000Z"' "$T/live.json"
grep_ok "the RID 521 group's whenCreated, found by its SID" \
    '^ "rodc_group_created": "2008-01-15T10:30:00.000000Z",$' "$T/live.json"
grep_ok "disabled workstation" '"name": "WS00097", .*"enabled": false, "dc": false' "$T/live.json"
if grep -q -e '"name": "PARTNER"' -e '"name": "LEGACY"' "$T/live.json"; then
	fail "interdomain trust accounts are not computers"
else pass "interdomain trust accounts are not computers"; fi
if grep -q -e '"name": "svc-sql"' "$T/live.json"; then
	fail "a group managed service account is not a computer"
else pass "a group managed service account is not a computer"; fi
exits "--page-size 1000" 0 \
    ntlmplan directory -H "$LDAP_URI" $AUTH --page-size 1000 -o "$T/p1000.json"
grep_ok "--page-size 1000: 3 pages" '; 3 pages, 6 references skipped$' "$T/.err"
ok "--page-size 1000: same snapshot" cmp "$T/live.json" "$T/p1000.json"
exits "--page-size 1001 refused (AD's MaxPageSize is 1000)" 2 \
    ntlmplan directory -H "$LDAP_URI" $AUTH --page-size 1001
exits "-b OU=Servers: only what is under the base" 0 \
    ntlmplan directory -H "$LDAP_URI" $AUTH -b ou=Servers,dc=lab,dc=example \
    -o "$T/servers.json"
_cnt=$(grep -c '"name": "[^"]*", "dns"' "$T/servers.json" || :)
if [ "$_cnt" = 50 ]; then pass "-b OU=Servers: 50 computers"
else fail "-b OU=Servers: 50 computers"; echo "# got $_cnt"; fi
grep_ok "-b: base in the source line" '"base": "OU=Servers,DC=lab,DC=example"' \
    "$T/servers.json"

# --- TLS.
exits "StartTLS (-ZZ) with --cacert" 0 ntlmplan directory -H "$LDAP_URI" -ZZ \
    --cacert "$SD/ca.crt" $AUTH -o "$T/tls.json"
if grep -q 'clear text' "$T/.err"; then fail "StartTLS: no cleartext warning"
else pass "StartTLS: no cleartext warning"; fi
ok "StartTLS: same snapshot" cmp "$T/live.json" "$T/tls.json"
exits "StartTLS, CA not trusted: exit 6" 6 ntlmplan directory \
    -H "$LDAP_URI" -ZZ $AUTH -o "$T/bad.json"
grep_ok "StartTLS, CA not trusted: message" 'StartTLS handshake failed (certificate not trusted' "$T/.err"
exits "-Z (try) does not fall back after a failed handshake" 6 \
    ntlmplan directory -H "$LDAP_URI" -Z $AUTH -o "$T/bad.json"
exits "ldaps:// with --cacert" 0 ntlmplan directory -H "$LDAPS_URI" \
    --cacert "$SD/ca.crt" $AUTH -o "$T/ldaps.json"
sed 2d "$T/ldaps.json" >"$T/ldaps.body"
sed 2d "$T/live.json" >"$T/live.body"
ok "ldaps: same snapshot" cmp "$T/live.body" "$T/ldaps.body"
exits "ldaps, CA not trusted: exit 6" 6 ntlmplan directory -H "$LDAPS_URI" \
    $AUTH -o "$T/bad.json"
grep_ok "ldaps, CA not trusted: message" 'TLS handshake failed (certificate not trusted' "$T/.err"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Other CA" \
    -keyout "$T/other.key" -out "$T/other.crt" >/dev/null 2>&1
exits "ldaps, another CA: exit 6" 6 ntlmplan directory -H "$LDAPS_URI" \
    --cacert "$T/other.crt" $AUTH -o "$T/bad.json"
no_file "no snapshot after TLS errors" "$T/bad.json"

# --- SASL EXTERNAL over ldapi:// (the peer's uid, mapped by authz-regexp).
exits "SASL EXTERNAL over ldapi://" 0 ntlmplan directory -H "$LDAPI_URI" \
    -Y EXTERNAL -o "$T/external.json"
sed 2d "$T/external.json" >"$T/external.body"
ok "SASL EXTERNAL: same snapshot" cmp "$T/live.body" "$T/external.body"

# --- -W: the password typed at a terminal, and the progress line there.
if command -v script >/dev/null 2>&1; then
	: >"$T/tty.out"
	( _i=0
	  until grep -q 'LDAP password:' "$T/tty.out" || [ $_i -gt 200 ]; do
		sleep 0.05; _i=$((_i + 1)); done
	  printf 'Plan-NTLM-0ut\n' ) |
	    script -qec "\"$NTLMPLAN\" directory -H $LDAP_URI -D \"$BIND_DN\" -W \
	    -o \"$T/prompt.json\"" /dev/null >"$T/tty.out" 2>&1 || :
	sed 2d "$T/prompt.json" >"$T/prompt.body" 2>/dev/null || :
	ok "-W: password from the terminal" cmp "$T/live.body" "$T/prompt.body"
	# Counted before the pages: CN=Partitions itself too (the forest's
	# uPNSuffixes).
	grep_ok "progress line on a terminal" \
	    "$(printf '\r')$(printf '\033')\\[Kntlmplan: directory: 1008 entries, page 2" \
	    "$T/tty.out"
else
	skip "-W: no script(1)"
	skip "progress line: no script(1)"
fi

# --- Authentication errors.
printf 'wrong\n' >"$T/wrong"
exits "wrong password: exit 7" 7 ntlmplan directory -H "$LDAP_URI" \
    -D "$BIND_DN" -y "$T/wrong" -o "$T/bad.json"
grep_ok "wrong password: message" 'refused (wrong password or unknown DN): Invalid credentials (49)' "$T/.err"
exits "anonymous refused: exit 7" 7 ntlmplan directory -H "$LDAP_URI" \
    -o "$T/bad.json"
grep_ok "anonymous refused: message" 'anonymous access refused' "$T/.err"
exits "-y without -D: usage" 2 ntlmplan directory -H "$LDAP_URI" \
    -y "$BIND_PW_FILE"
exits "-D without -y or -W: usage" 2 ntlmplan directory -H "$LDAP_URI" \
    -D "$BIND_DN"
exits "-Y with -D: usage" 2 ntlmplan directory -H "$LDAP_URI" -Y EXTERNAL \
    -D "$BIND_DN" -y "$BIND_PW_FILE"
exits "-y missing file: usage" 2 ntlmplan directory -H "$LDAP_URI" \
    -D "$BIND_DN" -y "$T/no-such-file"

# --- Search errors.
exits "base DN missing: exit 8" 8 ntlmplan directory -H "$LDAP_URI" $AUTH \
    -b OU=Nope,DC=lab,DC=example -o "$T/bad.json"
grep_ok "base DN missing: message" 'OU=Nope,DC=lab,DC=example: base DN does not exist' "$T/.err"
exits "base is a referral: exit 8" 8 ntlmplan directory -H "$LDAP_URI" \
    $AUTH -b OU=Branch,DC=lab,DC=example -o "$T/bad.json"
grep_ok "base is a referral: message" 'the base is on another server: ldap://branch.lab.example/' "$T/.err"
printf 'keep me\n' >"$T/keep.json"
exits "size limit in the middle of paging: exit 9" 9 ntlmplan directory \
    -H "$LDAP_URI" -D "$LIMITED_DN" -y "$LIMITED_PW_FILE" -o "$T/keep.json"
grep_ok "size limit: message" 'search cut off after 1500 entries; no snapshot written: Size limit exceeded (4)' "$T/.err"
grep_ok "size limit: the old snapshot is untouched" '^keep me$' "$T/keep.json"

# --- Connection errors.
exits "unreachable server: exit 5" 5 ntlmplan directory \
    -H ldap://127.0.0.1:1/ $AUTH -o "$T/bad.json"
grep_ok "unreachable server: message" "ldap://127.0.0.1:1/: host 127.0.0.1: connection to port 1 refused" "$T/.err"
kill -STOP "$SLAPD_PID"
exits "server not answering, --timeout 1: exit 5" 5 ntlmplan directory \
    -H "$LDAP_URI" $AUTH --timeout 1 -o "$T/bad.json"
kill -CONT "$SLAPD_PID"
grep_ok "server not answering: message" 'Timed out' "$T/.err"
no_file "no snapshot after connection errors" "$T/bad.json"

# --- LDIF: the slapadd input, and an ldapsearch export of the same server.
exits "--ldif of the data slapd was loaded with" 0 ntlmplan directory \
    --ldif "$SD/domain.ldif" "$TESTDATA/ldap/config.ldif" -o "$T/ldif.json"
grep_ok "LDIF summary" '2557 computers, 6 DCs (2 RODCs), 26 disabled, 2 trusts; left out: 1 trust accounts, 1 managed service accounts; 2 LDIF files, 2584 entries$' "$T/.err"
sed 2d "$T/ldif.json" >"$T/ldif.body"
ok "LDIF and live snapshots identical but for the source" \
    cmp "$T/live.body" "$T/ldif.body"
ldapsearch -x -H "$LDAP_URI" -D "$BIND_DN" -y "$SD/password-nonl" \
    -E pr=500/noprompt -b DC=lab,DC=example >"$T/export-domain.ldif"
ldapsearch -x -H "$LDAP_URI" -D "$BIND_DN" -y "$SD/password-nonl" \
    -b CN=Configuration,DC=lab,DC=example >"$T/export-config.ldif"
exits "--ldif of ldapsearch exports (paged, with comments)" 0 \
    ntlmplan directory --ldif "$T/export-config.ldif" "$T/export-domain.ldif" \
    -o "$T/export.json"
sed 2d "$T/export.json" >"$T/export.body"
ok "ldapsearch export and live snapshots identical" \
    cmp "$T/live.body" "$T/export.body"
_st=0
ldapsearch -x -H "$LDAP_URI" -D "$LIMITED_DN" -y "$LIMITED_PW_FILE" \
    -E pr=1000/noprompt -b DC=lab,DC=example >"$T/cut.ldif" || _st=$?
exits "--ldif of an export cut off by a size limit: exit 3" 3 \
    ntlmplan directory --ldif "$T/cut.ldif" -o "$T/bad.json"
grep_ok "cut-off export: file:line and result" \
    "cut.ldif:[0-9]*: the export was cut off (result: 4 Size limit exceeded)" \
    "$T/.err"
done_testing
