# tests/cli/slapd.sh: sourced after setup.sh by the tests that need a
# directory server.  Gives:
#   slapd_init [N]   skip_all unless slapd, slapadd, ldapsearch and openssl
#                    are installed; a CA and server certificate, slapd.conf
#                    and the databases (N workstations, default 2500) in
#                    $SD; nothing runs yet.
#   slapd_start      start slapd on 127.0.0.1 (ldap:// $LDAP_URI, ldaps://
#                    $LDAPS_URI unless SLAPD_LDAPS=no, ldapi:// $LDAPI_URI)
#                    on free ports; its PID is $SLAPD_PID, stopped by PID at
#                    exit.
#   slapd_stop       stop it (kill, wait).
# Bind as the ordinary entry $BIND_DN with the password in $BIND_PW_FILE.
# The server refuses anonymous binds and, like AD, returns at most 1000
# entries to a search that does not page.
SD=$T/slapd
SLAPD_PID=
BIND_DN="CN=svc-ntlmplan,CN=Users,DC=lab,DC=example"
BIND_PW_FILE=$SD/password
LIMITED_DN="CN=limited,CN=Users,DC=lab,DC=example"
LIMITED_PW_FILE=$SD/limited-password
LDAPNOINIT=1
export LDAPNOINIT

_slapd_find() {
	for _d in /usr/sbin /usr/local/sbin /usr/libexec /sbin; do
		if [ -x "$_d/$1" ]; then echo "$_d/$1"; return 0; fi
	done
	command -v "$1" 2>/dev/null
}

slapd_init() {
	SLAPD=$(_slapd_find slapd) || skip_all "slapd not installed"
	SLAPADD=$(_slapd_find slapadd) || skip_all "slapadd not installed"
	command -v ldapsearch >/dev/null 2>&1 ||
	    skip_all "ldapsearch (ldap-utils) not installed"
	command -v openssl >/dev/null 2>&1 || skip_all "openssl not installed"
	[ -r /etc/ldap/schema/core.schema ] ||
	    skip_all "no /etc/ldap/schema/core.schema"
	mkdir -p "$SD/db-config" "$SD/db-domain"
	sed -e "s|@DIR@|$SD|g" -e "s|@TESTDATA@|$TESTDATA|g" \
	    -e "s|@UID@|$(id -u)|g" "$TESTDATA/ldap/slapd.conf.in" \
	    >"$SD/slapd.conf"
	printf 'Plan-NTLM-0ut\n' >"$BIND_PW_FILE"
	printf 'Limited-pw-1' >"$LIMITED_PW_FILE"
	chmod 600 "$BIND_PW_FILE" "$LIMITED_PW_FILE"
	# A throw-away CA and a server certificate for 127.0.0.1 signed by it
	# (P-256 keys: generated in milliseconds, where RSA takes 0.3 s).
	_ec="-newkey ec -pkeyopt ec_paramgen_curve:prime256v1"
	# shellcheck disable=SC2086
	openssl req -x509 $_ec -nodes -days 2 -subj "/CN=Test CA" \
	    -keyout "$SD/ca.key" -out "$SD/ca.crt" >/dev/null 2>&1
	# shellcheck disable=SC2086
	openssl req $_ec -nodes -subj /CN=localhost \
	    -keyout "$SD/server.key" -out "$SD/server.csr" >/dev/null 2>&1
	printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >"$SD/san.ext"
	openssl x509 -req -in "$SD/server.csr" -CA "$SD/ca.crt" \
	    -CAkey "$SD/ca.key" -CAcreateserial -days 2 \
	    -extfile "$SD/san.ext" -out "$SD/server.crt" >/dev/null 2>&1
	awk -v n="${1:-2500}" -f "$TESTDATA/ldap/gen-domain.awk" \
	    >"$SD/domain.ldif"
	"$SLAPADD" -q -f "$SD/slapd.conf" -b "CN=Configuration,DC=lab,DC=example" \
	    -l "$TESTDATA/ldap/config.ldif" >"$SD/slapadd.log" 2>&1 ||
	    { cat "$SD/slapadd.log"; exit 1; }
	"$SLAPADD" -q -f "$SD/slapd.conf" -b "DC=lab,DC=example" \
	    -l "$SD/domain.ldif" >"$SD/slapadd.log" 2>&1 ||
	    { cat "$SD/slapadd.log"; exit 1; }
}

_slapd_port() {
	echo $((20000 + $(od -An -N2 -tu2 /dev/urandom) % 40000))
}

slapd_start() {
	_tries=0
	while :; do
		_tries=$((_tries + 1))
		[ "$_tries" -le 20 ] || { echo "# slapd would not start:";
		    sed 's/^/# /' "$SD/slapd.log" | tail -5; exit 1; }
		SLAPD_PORT=$(_slapd_port)
		SLAPDS_PORT=$((SLAPD_PORT + 1))
		LDAP_URI=ldap://127.0.0.1:$SLAPD_PORT/
		LDAPS_URI=ldaps://127.0.0.1:$SLAPDS_PORT/
		LDAPI_URI=ldapi://$(printf %s "$SD/ldapi" | sed 's|/|%2F|g')
		rm -f "$SD/ldapi"
		_urls="$LDAP_URI $LDAPS_URI $LDAPI_URI"
		[ "${SLAPD_LDAPS:-yes}" = no ] && _urls="$LDAP_URI $LDAPI_URI"
		"$SLAPD" -d stats -f "$SD/slapd.conf" -h "$_urls" \
		    >"$SD/slapd.log" 2>&1 &
		SLAPD_PID=$!
		_i=0
		while [ $_i -lt 200 ]; do
			# "slapd starting" comes once its listeners are bound:
			# an answer before that could be another test's slapd.
			if grep -q 'slapd starting' "$SD/slapd.log" &&
			    kill -0 "$SLAPD_PID" 2>/dev/null &&
			    ldapsearch -x -H "$LDAP_URI" -D "$LIMITED_DN" \
			    -y "$LIMITED_PW_FILE" -b "" -s base >/dev/null 2>&1
			then
				at_exit slapd_stop
				return 0
			fi
			kill -0 "$SLAPD_PID" 2>/dev/null || break
			sleep 0.05
			_i=$((_i + 1))
		done
		kill "$SLAPD_PID" 2>/dev/null || :
		wait "$SLAPD_PID" 2>/dev/null || :
		SLAPD_PID=
	done
}

slapd_stop() {
	if [ -n "$SLAPD_PID" ]; then
		kill "$SLAPD_PID" 2>/dev/null || :
		wait "$SLAPD_PID" 2>/dev/null || :
		SLAPD_PID=
	fi
}
