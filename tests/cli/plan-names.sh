#!/bin/sh
# Names written by whoever authenticates (ntlmplan-plan(5), NAMES): an 8001
# TargetName "cifs/*" or one with CR LF and a registry line, an 8004
# SChannelName "APP02,*", a computer name with CR LF in an LDIF export.
# None reaches exceptions.txt or a template; each flow stays denied, the
# level is not ready, and the reports show the name escaped with the reason.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/setup.sh"
D=$TESTDATA/demo
export SOURCE_DATE_EPOCH=1773619200	# 2026-03-16T00:00:00Z
cd "$T"

# Every line of a list, and every entry of a template's list, is a host
# name: letters, digits, '-', '_' and dots (or an IP literal).
valid_list() {
	grep -v '^#' "$1" | grep -qvE '^[A-Za-z0-9_.:-]+$' && return 1
	iconv -f UTF-16LE -t UTF-8 "$2" | tr -d '\r' >"$2.txt" || return 1
	# Nothing after the list line but the end of the file.
	tail -n 1 "$2.txt" | grep -q 'AllowedNTLMServers=7,' || return 1
	tail -n 1 "$2.txt" | sed 's/.*=7,//' | tr ',' '\n' | sed '/^$/d' |
	    grep -qvE '^[A-Za-z0-9_.:-]+$' && return 1
	return 0
}

ev8001() {
	printf '{"@timestamp":"2026-03-10T09:00:00Z","winlog":{"event_id":8001,"provider_name":"Microsoft-Windows-NTLM","channel":"Microsoft-Windows-NTLM/Operational","computer_name":"WS1.corp.example","event_data":{"TargetName":"%s","UserName":"alice","DomainName":"CORP","CallerPID":"4","ProcessName":"C:\\\\x.exe","ClientLUID":"0x1","ClientUserName":"alice","ClientDomainName":"CORP","MechanismOID":"(NULL)"}}}\n' "$1"
}
{
	ev8001 'cifs/*'
	ev8001 'HTTP/x:y\r\nMACHINE\\System\\CurrentControlSet\\Control\\Lsa\\MSV1_0\\RestrictSendingNTLMTraffic=4,0\r\n;'
	ev8001 'cifs/fs01.corp.example'
} >out.ndjson
exits "outgoing: hostile target names: not ready" 10 ntlmplan plan "$D/logs" \
    out.ndjson --ldif "$D/domain.ldif" --ldif "$D/config.ldif" \
    --level outgoing-deny-all -o out
grep_ok "outgoing: the blocker" 'NOT READY: refused-name' "$T/.err"
ok "outgoing: only host names on the list and in the template" \
    valid_list out/exceptions.txt out/GptTmpl-enforce.inf
ok "outgoing: no registry line in the template" sh -c \
    '! grep -q "RestrictSendingNTLMTraffic=4,0" "$1"' sh out/GptTmpl-enforce.inf.txt
grep_ok "outgoing: a valid target still listed" '^FS01$' out/exceptions.txt
grep_ok "outgoing: '*' refused, named" '^# not listed, still denied: \*: name refused (wildcard)$' out/exceptions.txt
grep_ok "outgoing: CR LF shown escaped" 'x:y\\r\\nMACHINE.*=4,0\\r\\n;: name refused (control-character)' out/exceptions.txt
grep_ok "outgoing: report.md shows it escaped on one line" '`x:y\\r\\nMACHINE' out/report.md
grep_ok "outgoing: plan.json gives the reason" '"refused": "control-character"' out/plan.json

printf '%s\n' '{"@timestamp":"2026-03-10T09:00:00Z","winlog":{"event_id":8004,"provider_name":"Microsoft-Windows-Security-Netlogon","computer_name":"DC01.corp.example","event_data":{"SChannelName":"APP02,*","UserName":"svc","DomainName":"CORP","WorkstationName":"\\\\WS1","SChannelType":"2"}}}' >chan.ndjson
exits "8004 SChannelName APP02,*: not ready" 10 ntlmplan plan "$D/logs" \
    chan.ndjson --ldif "$D/domain.ldif" --ldif "$D/config.ldif" -o chan
ok "8004: only host names on the list and in the template" \
    valid_list chan/exceptions.txt chan/GptTmpl-enforce.inf
grep_ok "8004: named with the reason" '^# not listed, still denied: APP02,\*: name refused (separator)$' chan/exceptions.txt
grep_ok "8004: the report's verdict names it" 'APP02,\*: separator, 1 event' chan/report.md

B=$(printf 'APP09\r\nX$' | base64)
cat >evil.ldif <<EOF
dn: CN=APP09,OU=Servers,DC=corp,DC=example
objectClass: top
objectClass: user
objectClass: computer
cn: APP09
sAMAccountName:: $B
userAccountControl: 4096
primaryGroupID: 515
dNSHostName: app09.corp.example
lastLogonTimestamp: 134176608000000000

EOF
printf '%s\n' '{"@timestamp":"2026-03-10T09:00:00Z","winlog":{"event_id":8003,"provider_name":"Microsoft-Windows-NTLM","channel":"Microsoft-Windows-NTLM/Operational","computer_name":"app09.corp.example","event_data":{"UserName":"bob","DomainName":"CORP","Workstation":"WS1","CallerPID":"4","ProcessName":"System","LogonType":"3","InProc":"false","MechanismOID":"(NULL)"}}}' >app09.ndjson
exits "LDIF computer name with CR LF: not ready" 10 ntlmplan plan "$D/logs" \
    app09.ndjson --ldif "$D/domain.ldif" --ldif evil.ldif \
    --ldif "$D/config.ldif" -o ldif
ok "LDIF: only host names on the list and in the template" \
    valid_list ldif/exceptions.txt ldif/GptTmpl-enforce.inf
grep_ok "LDIF: named escaped" '^# not listed, still denied: APP09\\r\\nX: name refused (control-character)$' ldif/exceptions.txt
done_testing
