#!/bin/sh
# "Ready means nothing breaks": cases where enforcing the planned level
# would block logons the evidence shows, each with ordinary data an
# administrator has (ntlmplan-plan(5), ntlmplan-events(7)).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/setup.sh"
D=$TESTDATA/demo
export SOURCE_DATE_EPOCH=1773619200	# 2026-03-16T00:00:00Z
cd "$T"
dir() { ntlmplan directory -o dir.json --ldif "$D/domain.ldif" "$D/config.ldif" "$@"; }
ok "directory" dir
plan() { ntlmplan plan --directory dir.json "$@"; }

# ev8003 TIME HOST DOMAIN USER: an 8003 logged by HOST.
ev8003() {
	printf '{"@timestamp":"%s","winlog":{"event_id":8003,"provider_name":"Microsoft-Windows-NTLM","channel":"Microsoft-Windows-NTLM/Operational","computer_name":"%s","event_data":{"UserName":"%s","DomainName":"%s","Workstation":"WS1","CallerPID":"4","ProcessName":"System","LogonType":"3","InProc":"false","MechanismOID":"(NULL)"}}}\n' \
	    "$1" "$2" "$4" "$3"
}
# month HOST: a first and a last event a month apart, as a domain account.
month() {
	ev8003 2026-02-14T09:00:00Z "$1" CORP alice
	ev8003 2026-03-15T09:00:00Z "$1" CORP alice
}

# 1. UPNs and odd spellings of the domain: placed, or denied as unknown.
{
	month fs01.corp.example
	ev8003 2026-03-10T09:00:00Z app01.corp.example '' alice@corp.example
	ev8003 2026-03-10T09:00:00Z sql01.corp.example '-' bob@Corp.Example.
	ev8003 2026-03-10T09:00:00Z fs02.corp.example CORP.EXAMPLE. carol
	ev8003 2026-03-10T09:00:00Z prn01.corp.example . dave
	ev8003 2026-03-10T09:00:00Z nas01.corp.example '' eve@elsewhere.example
} >upn.ndjson
exits "UPNs and spellings" 0 plan upn.ndjson -o upn
for s in APP01 SQL01 FS02 PRN01 NAS01; do
	grep_ok "UPNs and spellings: $s on the list" "^$s\$" upn/exceptions.txt
done

# 2. The inferred audit level does not rise for an account the plan cannot
# place: level 1 data plus one UPN of an unknown suffix is level 1, so
# level 5 is not answered by it.
{
	month fs01.corp.example
	ev8003 2026-03-10T09:00:00Z app01.corp.example '' x@elsewhere.example
} >audit.ndjson
exits "an unplaced UPN: level 5 not ready" 10 plan audit.ndjson --level 5 -o audit
grep_ok "an unplaced UPN: the audit level is inferred as 1" '"audit_level": 1,\|audit level inferred from the classes seen: Enable for domain accounts to domain servers (1)' audit/plan.json
grep_ok "an unplaced UPN: level 5 narrower than the data's audit" 'NOT READY: audit-level-narrower' "$T/.err"
done_testing
