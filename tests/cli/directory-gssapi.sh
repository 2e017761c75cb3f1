#!/bin/sh
# ntlmplan directory -Y GSSAPI: a throw-away MIT Kerberos realm (LAB.TEST,
# a KDC on 127.0.0.1) with a service key for slapd (ldap/localhost) and a
# user key; the user's ticket binds ntlmplan to slapd.  Skipped unless the
# KDC, kinit and Cyrus SASL's GSSAPI plugin are installed (Debian:
# krb5-kdc, krb5-admin-server, krb5-user, libsasl2-modules-gssapi-mit).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/setup.sh"
. "$top_srcdir/tests/cli/slapd.sh"

for _p in krb5kdc kdb5_util kadmin.local; do
	_slapd_find "$_p" >/dev/null || skip_all "$_p not installed"
done
command -v kinit >/dev/null 2>&1 || skip_all "kinit not installed"
_gss=
for _d in /usr/lib/*/sasl2 /usr/lib/sasl2 /usr/lib64/sasl2; do
	ls "$_d"/libgssapiv2.so* >/dev/null 2>&1 && _gss=$_d
done
[ -n "$_gss" ] || skip_all "Cyrus SASL GSSAPI plugin not installed"

K=$T/krb5
mkdir -p "$K"
KRB5_CONFIG=$K/krb5.conf
KRB5_KDC_PROFILE=$K/kdc.conf
KRB5CCNAME=FILE:$K/ccache
KRB5_KTNAME=FILE:$K/ldap.keytab
export KRB5_CONFIG KRB5_KDC_PROFILE KRB5CCNAME KRB5_KTNAME
KDC_PID=
kdc_stop() {
	if [ -n "$KDC_PID" ]; then
		kill "$KDC_PID" 2>/dev/null || :
		wait "$KDC_PID" 2>/dev/null || :
		KDC_PID=
	fi
}

kdc_conf() {
	cat >"$KRB5_CONFIG" <<EOC
[libdefaults]
	default_realm = LAB.TEST
	dns_lookup_kdc = false
	dns_lookup_realm = false
	rdns = false
	dns_canonicalize_hostname = false
	udp_preference_limit = 1
[realms]
	LAB.TEST = {
		kdc = 127.0.0.1:$1
	}
[domain_realm]
	localhost = LAB.TEST
EOC
	cat >"$KRB5_KDC_PROFILE" <<EOC
[kdcdefaults]
	kdc_listen = 127.0.0.1:$1
	kdc_tcp_listen = 127.0.0.1:$1
[realms]
	LAB.TEST = {
		database_name = $K/principal
		key_stash_file = $K/stash
		acl_file = $K/kadm5.acl
		supported_enctypes = aes256-cts-hmac-sha1-96:normal
	}
[logging]
	kdc = FILE:$K/kdc.log
EOC
}

kdc_conf 88
: >"$K/kadm5.acl"
"$(_slapd_find kdb5_util)" create -s -r LAB.TEST -P throw-away-master \
    >"$K/setup.log" 2>&1 || { cat "$K/setup.log"; exit 1; }
KADMIN=$(_slapd_find kadmin.local)
for _q in "addprinc -randkey ldap/localhost" \
    "ktadd -k $K/ldap.keytab ldap/localhost" \
    "addprinc -randkey ntlmplan" "ktadd -k $K/user.keytab ntlmplan"; do
	"$KADMIN" -r LAB.TEST -q "$_q" >>"$K/setup.log" 2>&1 ||
	    { cat "$K/setup.log"; exit 1; }
done
_tries=0
while :; do
	_tries=$((_tries + 1))
	[ "$_tries" -le 20 ] || { sed 's/^/# /' "$K/kdc.log"; exit 1; }
	KDC_PORT=$(_slapd_port)
	kdc_conf "$KDC_PORT"
	"$(_slapd_find krb5kdc)" -n >"$K/kdc.out" 2>&1 &
	KDC_PID=$!
	_i=0
	until kinit -k -t "$K/user.keytab" ntlmplan >/dev/null 2>&1; do
		_i=$((_i + 1))
		if [ $_i -gt 100 ] || ! kill -0 "$KDC_PID" 2>/dev/null; then
			kdc_stop
			break
		fi
		sleep 0.05
	done
	[ -n "$KDC_PID" ] && break
done
at_exit kdc_stop
ok "kinit from the user's keytab" klist

slapd_init 100
slapd_start
GSS_URI=ldap://localhost:$SLAPD_PORT/
exits "SASL GSSAPI bind with a Kerberos ticket" 0 ntlmplan directory \
    -H "$GSS_URI" -Y GSSAPI -o "$T/gss.json"
grep_ok "GSSAPI: summary" 'directory: LABCORP (lab.example): 157 computers' \
    "$T/.err"
if grep -q 'clear text' "$T/.err"; then fail "GSSAPI: no cleartext warning"
else pass "GSSAPI: no cleartext warning"; fi
grep_ok "slapd mapped the Kerberos identity to svc-ntlmplan" 'BIND dn="[cC][nN]=svc-ntlmplan,[^"]*" mech=GSSAPI' \
    "$SD/slapd.log"
kdestroy >/dev/null 2>&1 || rm -f "$K/ccache"
exits "GSSAPI without a ticket: exit 7" 7 ntlmplan directory \
    -H "$GSS_URI" -Y GSSAPI -o "$T/bad.json"
grep_ok "GSSAPI without a ticket: message" 'bind as GSSAPI failed' "$T/.err"
done_testing
