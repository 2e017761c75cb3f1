#!/bin/sh
# ntlmplan directory --ldif: Windows ldifde exports (CRLF, changetype: add,
# folding, base64 values, several files), error messages naming file:line,
# and the domain found without a server.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/cli/setup.sh"

SOURCE_DATE_EPOCH=1773017720
export SOURCE_DATE_EPOCH
L=$TESTDATA/ldap

cd "$L"
exits "ldifde exports of the domain and of CN=Partitions" 0 ntlmplan directory \
    --ldif ldifde-corp-domain.ldf ldifde-corp-partitions.ldf -o "$T/corp.json"
grep_ok "ldifde: summary" 'directory: CORP (corp.example): 4 computers, 2 DCs (1 RODCs), 1 disabled, 1 trusts; left out: 1 trust accounts, 0 managed service accounts; 2 LDIF files, 9 entries$' "$T/.err"
golden "ldifde: snapshot (golden)" "$T/corp.json" "$GOLDEN/directory-ldifde.json"
exits "files in the other order" 0 ntlmplan directory \
    --ldif ldifde-corp-partitions.ldf ldifde-corp-domain.ldf -o "$T/corp2.json"
sed 2d "$T/corp.json" >"$T/corp.body"
sed 2d "$T/corp2.json" >"$T/corp2.body"
ok "files in the other order: same snapshot" cmp "$T/corp.body" "$T/corp2.body"
exits "LDIF on stdin" 0 sh -c "cat ldifde-corp-domain.ldf | \"$NTLMPLAN\" \
    directory --ldif - ldifde-corp-partitions.ldf -o \"$T/stdin.json\""
sed 2d "$T/stdin.json" >"$T/stdin.body"
ok "LDIF on stdin: same snapshot" cmp "$T/corp.body" "$T/stdin.body"
exits "domain file alone: no NetBIOS name, a warning" 0 ntlmplan directory \
    --ldif ldifde-corp-domain.ldf -o "$T/nonb.json"
grep_ok "domain file alone: warned" 'no crossRef names the domain' "$T/.err"
grep_ok "domain file alone: netbios null" '"netbios": null' "$T/nonb.json"
exits "-o - writes to stdout" 0 ntlmplan directory -o - \
    --ldif ldifde-corp-domain.ldf ldifde-corp-partitions.ldf
cmp -s "$T/.out" "$T/corp.json" && pass "-o -: same bytes" ||
    fail "-o -: same bytes"
# Kerberos: users that hold an SPN and the groups, in a third export; the
# Read-only Domain Controllers group is told from another by its SID.
exits "ldifde: with the service accounts and groups" 0 ntlmplan directory \
    --ldif ldifde-corp-domain.ldf ldifde-corp-partitions.ldf \
    ldifde-corp-kerberos.ldf -o "$T/kerb.json"
grep_ok "ldifde: 15 entries" '; 3 LDIF files, 15 entries$' "$T/.err"
sed -n '/"rodc_group_created"/,$p' "$T/kerb.json" >"$T/kerb.accounts"
golden "ldifde: the accounts and the group's time (golden)" "$T/kerb.accounts" \
    "$GOLDEN/directory-ldifde-kerberos.json"
sed 1,2d "$T/corp.json" | sed '/"rodc_group_created"/,$d' >"$T/corp.head"
sed 1,2d "$T/kerb.json" | sed '/"rodc_group_created"/,$d' >"$T/kerb.head"
ok "ldifde: the computers unchanged by the third file" \
    cmp "$T/corp.head" "$T/kerb.head"
cd "$T"

# Malformed LDIF: NAME, LINE, CONTENT (printf format), message.  Line numbers
# count comments, folded lines and the CR of CRLF as the file has them.
while IFS='|' read -r name line content msg; do
	[ -n "$name" ] || continue
	printf "$content" >"$T/bad.ldif"
	exits "malformed: $name: exit 3" 3 ntlmplan directory --ldif \
	    "$T/bad.ldif" -o "$T/bad.json"
	grep_ok "malformed: $name: bad.ldif:$line" \
	    "bad.ldif:$line: $msg" "$T/.err"
done <<'CASES'
no colon|3|dn: CN=A,DC=x\nobjectClass: computer\nthis line has none\n|missing ':'
bad base64|2|dn: DC=x\nobjectSid:: *not base64*\n|malformed line
before dn|1|objectClass: top\ndn: DC=x\n|"objectClass" before "dn:"
modify|7|# header\n\ndn: DC=x\nchangetype: add\n\ndn: CN=A,DC=x\nchangetype: modify\nreplace: cn\ncn: B\n-\n|changetype "modify" is not an export
url value|5|dn: DC=x\nobjectClass: domainDNS\n\ndn: CN=A,DC=x\njpegPhoto:< file:///etc/passwd\n|URL values
url value after folding|6|dn: DC=x\nobjectClass: domainDNS\n\ndn: CN=A,\n DC=x\nphoto:< file:///etc/passwd\n|URL values
after comments and CRLF|8|# one\r\n# two\r\ndn: DC=x\r\nobjectClass: dom\r\n ainDNS\r\n\r\ndn: CN=A,DC=x\r\ncn\r\n|missing ':'
version 2|1|version: 2\ndn: DC=x\n|LDIF version 2
include|4|dn: DC=x\nobjectClass: domainDNS\n\ninclude: file:///etc/passwd\n\n|"include:" lines are not followed
include, any case|2|# c\nInclude:file:///etc/passwd\n|"include:" lines are not followed
UTF-16|1|\377\376d\000n\000:\000|UTF-16 (ldifde -u?)
cut off|9|dn: DC=x\nobjectClass: domainDNS\n\n# search reference\nref: ldap://x/DC=y,DC=x\n\n# search result\nsearch: 2\nresult: 11 Administrative limit exceeded\n|the export was cut off (result: 11 Administrative limit exceeded)
CASES
exits "missing file: exit 3" 3 ntlmplan directory --ldif "$T/nope.ldif" \
    -o "$T/bad.json"
grep_ok "missing file: message" 'nope.ldif: No such file or directory' "$T/.err"
mkdir "$T/adir"
exits "a directory: exit 3" 3 ntlmplan directory --ldif "$T/adir" \
    -o "$T/bad.json"
grep_ok "a directory: message" 'adir:1: Is a directory' "$T/.err"
if [ -e "$T/bad.json" ]; then fail "no snapshot after LDIF errors"
else pass "no snapshot after LDIF errors"; fi

printf '\357\273\277dn: DC=bom,DC=test\nobjectClass: domainDNS\n' >"$T/bom.ldif"
exits "a UTF-8 byte order mark is skipped" 0 ntlmplan directory \
    --ldif "$T/bom.ldif" -o "$T/bom.json"
grep_ok "byte order mark: domain read" '"dn": "DC=bom,DC=test"' "$T/bom.json"

# A line starting with a digit (an old entry ID) leaves libldap's record
# empty: no crash, the domain missing as for any empty export.
for content in '1\n' '9\n\n1\n'; do
	printf "$content" >"$T/digit.ldif"
	exits "a record of a digit line: exit 3, not a crash" 3 ntlmplan \
	    directory --ldif "$T/digit.ldif" -o "$T/bad.json"
	grep_ok "a record of a digit line: message" 'no domain found' "$T/.err"
	exits "plan --ldif, a record of a digit line: exit 3" 3 ntlmplan plan \
	    "$TESTDATA/plan/flows.json" --ldif "$T/digit.ldif" -o "$T/plan-d"
done

# lastLogonTimestamp 0x7fffffffffffffff (year 30828) means never: the
# snapshot written loads again (plan reads it, and says not ready, 10: the
# domain's NetBIOS name is not in this LDIF).
printf 'dn: DC=n,DC=test\nobjectClass: domainDNS\n\ndn: CN=S1,DC=n,DC=test\nobjectClass: computer\nsAMAccountName: S1$\nlastLogonTimestamp: 9223372036854775807\n' >"$T/never.ldif"
exits "lastLogonTimestamp of year 30828: exit 0" 0 ntlmplan directory \
    --ldif "$T/never.ldif" -o "$T/never.json"
grep_ok "lastLogonTimestamp of year 30828: never logged on" \
    '"last_logon": null' "$T/never.json"
# The plan is written (exit 10: the LDIF has no configuration partition).
exits "lastLogonTimestamp of year 30828: the snapshot loads" 10 ntlmplan \
    plan "$TESTDATA/plan/flows.json" --directory "$T/never.json" \
    -o "$T/plan-never"

# Finding the domain.
printf 'dn: CN=S1,OU=Servers,DC=c,DC=test\nobjectClass: computer\nsAMAccountName: S1$\n' >"$T/servers.ldif"
exits "computers only: exit 3" 3 ntlmplan directory --ldif "$T/servers.ldif" \
    -o "$T/bad.json"
grep_ok "computers only: message" 'no domain found' "$T/.err"
exits "computers only, -b: the base's DC= part" 0 ntlmplan directory \
    -b OU=Servers,DC=c,DC=test --ldif "$T/servers.ldif" -o "$T/c.json"
grep_ok "computers only, -b: domain" '"domain": {"dn": "DC=c,DC=test", "dns": "c.test"' "$T/c.json"

# Usage.
exits "--ldif with -H: usage" 2 ntlmplan directory -H ldap://127.0.0.1/ \
    --ldif "$T/servers.ldif"
exits "--ldif without files: usage" 2 ntlmplan directory --ldif
exits "files without --ldif: usage" 2 ntlmplan directory "$T/servers.ldif"
exits "--ldif with -Z: usage" 2 ntlmplan directory -Z --ldif "$T/servers.ldif"
done_testing
