#!/bin/sh
# ntlmplan directory -Z against a server without TLS: -Z goes on in clear
# text with a warning, -ZZ fails (exit 6).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/setup.sh"
. "$top_srcdir/tests/cli/slapd.sh"

slapd_init 10
sed '/^TLSCertificate/d' "$SD/slapd.conf" >"$SD/slapd.conf.new"
mv "$SD/slapd.conf.new" "$SD/slapd.conf"
SLAPD_LDAPS=no
slapd_start
exits "-Z, server without TLS: goes on" 0 ntlmplan directory -H "$LDAP_URI" \
    -Z -D "$BIND_DN" -y "$BIND_PW_FILE" -o "$T/z.json"
grep_ok "-Z: warned" 'StartTLS refused (.*), going on without TLS' "$T/.err"
grep_ok "-Z: and about the clear text password" 'clear text' "$T/.err"
grep_ok "-Z: snapshot written" '"name": "WS00010"' "$T/z.json"
exits "-ZZ, server without TLS: exit 6" 6 ntlmplan directory \
    -H "$LDAP_URI" -ZZ -D "$BIND_DN" -y "$BIND_PW_FILE" -o "$T/zz.json"
grep_ok "-ZZ: message" 'StartTLS refused' "$T/.err"
if [ -e "$T/zz.json" ]; then fail "-ZZ: no snapshot"
else pass "-ZZ: no snapshot"; fi
exits "-ZZZ: usage" 2 ntlmplan directory -H "$LDAP_URI" -ZZZ \
    -D "$BIND_DN" -y "$BIND_PW_FILE"
done_testing
