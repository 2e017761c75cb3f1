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

# 7. 8004 over a trust's secure channel (SChannelType 3 or 4): the channel
# name is the other domain, never a server of this one; shown apart.
ev8004() {
	printf '{"@timestamp":"2026-03-10T09:00:00Z","winlog":{"event_id":8004,"provider_name":"Microsoft-Windows-Security-Netlogon","channel":"Microsoft-Windows-NTLM/Operational","computer_name":"DC01.corp.example","event_data":{"SChannelName":"%s","UserName":"%s","DomainName":"CORP","WorkstationName":"\\\\WS1","SChannelType":"%s"}}}\n' "$1" "$2" "$3"
}
{
	month fs01.corp.example
	month dc01.corp.example
	ev8004 CHILD alice 3
	ev8004 PARTNER bob 4
} >trust.ndjson
exits "trust channels at level 1: not denied there" 0 plan trust.ndjson -o trust1
for n in CHILD PARTNER; do
	ok "trust channels: $n never on the list" sh -c '! grep -qi "^$1\$" "$2"' sh "$n" trust1/exceptions.txt
done
grep_ok "trust channels: shown apart" '"kind": "trust-channel"' trust1/plan.json
grep_ok "trust channels: named in plan.json" '"trust_channels": \[{"name": "CHILD"' trust1/plan.json
exits "trust channels at level 3: denied, no list covers them" 10 plan trust.ndjson --level 3 -o trust3
grep_ok "trust channels at level 3: the blocker" 'NOT READY:.*trust-channel' "$T/.err"
ok "trust channels at level 3: not on the list either" sh -c '! grep -qiE "^(CHILD|PARTNER)\$" "$1"' sh trust3/exceptions.txt

# 3. Security 4624 (NTLM, logon type 3, a domain account, on a member) is a
# pass-through: a server whose only evidence is its Security log is on the
# list with its accounts; a host with a Security log but no NTLM
# Operational log is named.  A type 2 logon and a DC's own logons are not.
ev4624() {
	printf '{"@timestamp":"%s","winlog":{"event_id":4624,"provider_name":"Microsoft-Windows-Security-Auditing","channel":"Security","computer_name":"%s","event_data":{"TargetUserName":"%s","TargetDomainName":"CORP","LogonType":"%s","AuthenticationPackageName":"NTLM","WorkstationName":"WS9","LmPackageName":"NTLM V2","ProcessName":"-","IpAddress":"10.0.0.9"}}}\n' \
	    "$1" "$2" "$3" "$4"
}
{
	month fs01.corp.example
	ev4624 2026-03-10T09:00:00Z sql01.corp.example svc-report 3
	ev4624 2026-03-11T09:00:00Z nas01.corp.example carol 2
	ev4624 2026-03-11T09:00:00Z dc01.corp.example dave 3
} >sec.ndjson
exits "Security 4624 only" 0 plan sec.ndjson -o sec
grep_ok "4624: SQL01 on the list" '^SQL01$' sec/exceptions.txt
grep_ok "4624: with its account" '"name": "SQL01", .*' sec/plan.json
grep_ok "4624: its account as evidence" 'CORP\\\\svc-report' sec/plan.json
ok "4624: an interactive logon is no pass-through" sh -c '! grep -q "^NAS01$" "$1"' sh sec/exceptions.txt
ok "4624: a DC's own logon is no pass-through" sh -c '! grep -q "^DC01$" "$1"' sh sec/exceptions.txt
grep_ok "4624: the host without an NTLM log named" '"kind": "security-log-only", .*"items": \[.*"sql01.corp.example"' sec/plan.json

# An 8004 without SChannelName: a logon passed through for a server no list
# can name; denied for a domain account, so the level is not ready.
{
	month fs01.corp.example
	month dc01.corp.example
	ev8004 - alice 2
} >noserver.ndjson
exits "a denied flow naming no server: not ready" 10 plan noserver.ndjson -o noserver
grep_ok "no server: the blocker" 'NOT READY:.*no-server' "$T/.err"

# 3, the DC's side: a Security 4776 (the DC validated NTLM credentials; it
# names no server) is evidence for the domain options.  The same DC's 8004
# for the account names the server and decides; a 4776 nothing explains
# (NPS's MS-CHAPv2 logs no 8004) is denied with no server to except.
ev4776() {
	printf '{"@timestamp":"%s","winlog":{"event_id":4776,"provider_name":"Microsoft-Windows-Security-Auditing","channel":"Security","computer_name":"%s","event_data":{"PackageName":"MICROSOFT_AUTHENTICATION_PACKAGE_V1_0","TargetUserName":"%s","Workstation":"%s","Status":"%s"}}}\n' "$1" "$2" "$3" "$4" "${5:-0x0}"
}
{
	month fs01.corp.example
	month dc01.corp.example
	ev8004 FS01 alice 2
	ev4776 2026-03-10T09:00:00Z dc01.corp.example ALICE WS1
	# A validation that failed (wrong password): it fails today already.
	ev4776 2026-03-10T09:05:00Z dc01.corp.example mallory WS7 0xc000006a
} >dc4776.ndjson
exits "a 4776 the DC's own 8004 explains, one that failed: ready" 0 plan dc4776.ndjson -o dc4776
grep_ok "4776 explained: the 8004's server on the list" '^FS01$' dc4776/exceptions.txt
{
	cat dc4776.ndjson
	ev4776 2026-03-11T09:00:00Z DC01.corp.example vpnuser NPS01
} >dc4776b.ndjson
exits "a 4776 nothing explains: not ready" 10 plan dc4776b.ndjson -o dc4776b
grep_ok "4776 unexplained: the blocker" 'NOT READY:.*dc-validation' "$T/.err"
grep_ok "4776 unexplained: its account and client in blocked.csv" '4776.*vpnuser.*NPS01\|4776.*NPS01.*vpnuser' dc4776b/blocked.csv
ok "4776 unexplained: no name of it on the list" sh -c '! grep -qiE "^(NPS01|VPNUSER)\$" "$1"' sh dc4776b/exceptions.txt

# 10. Servers outside the directory: an 8003 logged under a short name or
# another DNS suffix is a member (it passed a logon through to a DC of its
# domain): on the list, marked "not in the directory", named by the verdict.
{
	month fs01.corp.example
	ev8003 2026-03-10T09:00:00Z SRV11 CORP alice
	ev8003 2026-03-10T09:00:00Z srv12.dmz.example CORP alice
} >outside.ndjson
exits "servers outside the directory" 0 plan outside.ndjson -o outside
for n in SRV11 SRV12; do
	grep_ok "outside: $n on the list" "^$n\$" outside/exceptions.txt
	grep_ok "outside: $n marked" "^# $n: not in the directory" outside/exceptions.txt
done
grep_ok "outside: the verdict names them" '"kind": "not-in-directory", .*"SRV11: 1 event", "SRV12: 1 event"' outside/plan.json

# 6. Clock skew: a record dated after the plan's time is no evidence of
# fresh data; freshness is judged per logging host, stale hosts are named.
{
	ev8003 2026-01-01T09:00:00Z fs01.corp.example CORP alice
	ev8003 2026-02-01T09:00:00Z fs01.corp.example CORP alice
	ev8003 2026-01-01T09:00:00Z app01.corp.example CORP alice
	ev8003 2027-06-01T09:00:00Z app01.corp.example CORP alice
} >skew.ndjson
exits "old data and one record in the future: not ready" 10 plan skew.ndjson -o skew
grep_ok "skew: stale-data" 'NOT READY:.*stale-data' "$T/.err"
grep_ok "skew: the future record is a warning naming the host" '"kind": "future-records", .*"app01.corp.example: newest 2027-06-01' skew/plan.json
grep_ok "skew: both hosts named stale" '"kind": "stale-data", .*"app01.corp.example: newest 2026-01-01.*"fs01.corp.example: newest 2026-02-01' skew/plan.json
{
	month fs01.corp.example
	ev8003 2026-01-01T09:00:00Z app01.corp.example CORP alice
	ev8003 2026-01-20T09:00:00Z app01.corp.example CORP alice
} >perhost.ndjson
exits "one host stale: not ready" 10 plan perhost.ndjson -o perhost
grep_ok "per host: the stale host named" '"kind": "stale-data", .*"items": \["app01.corp.example: newest 2026-01-20' perhost/plan.json
ok "per host: the fresh host not named" sh -c '! grep -q "\"fs01.corp.example: newest" "$1"' sh perhost/plan.json

# 5. An absolute window: under 7 days of evidence (the longest host log) is
# a blocker, under 30 days a warning; --min-days changes the first.
{
	ev8003 2026-03-12T09:00:00Z fs01.corp.example CORP alice
	ev8003 2026-03-15T09:00:00Z fs01.corp.example CORP alice
} >short.ndjson
exits "3 days of evidence: not ready" 10 plan short.ndjson -o short
grep_ok "3 days: the blocker" 'NOT READY:.*short-evidence' "$T/.err"
grep_ok "3 days: the reason" 'covers 3.0 days, less than --min-days 7' short/report.md
exits "--min-days 2: ready" 0 plan short.ndjson --min-days 2 -o short2
grep_ok "--min-days 2: monthly jobs may be missing" '"kind": "under-a-month", "text": "the longest log of a host covers 3.0 days, less than 30: monthly jobs may be missing"' short2/plan.json
{
	ev8003 2026-01-15T09:00:00Z fs01.corp.example CORP alice
	ev8003 2026-03-15T09:00:00Z fs01.corp.example CORP alice
} >long.ndjson
exits "59 days of evidence: ready" 0 plan long.ndjson -o long
ok "59 days: no under-a-month warning" sh -c '! grep -q under-a-month "$1"' sh long/plan.json
exits "--min-days: not a number" 2 plan long.ndjson --min-days x -o bad
done_testing
