# gen-domain.awk: the domain NC of the test directory as LDIF (slapadd
# input), deterministic.  awk -v n=COMPUTERS -f gen-domain.awk
#
# DC=lab,DC=example: the domain head with its objectSid; OUs; two bind
# users (svc-ntlmplan, limited); two trusts under CN=System; interdomain
# trust accounts (one "user" as AD has them, one a "computer" to prove it is
# left out); DCs and RODCs classified by userAccountControl and by
# primaryGroupID alone; 50 servers; n workstations (every 97th disabled,
# every 13th never logged on, every 50th without dNSHostName); one computer
# without an operating system; a group managed service account (a computer
# to LDAP, to be left out); two referral objects (search references);
# service accounts with SPNs and the Read-only Domain Controllers group.
function b64(bytes, nb,    tab, out, i, v, c) {
	tab = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	out = ""
	for (i = 0; i < nb; i += 3) {
		v = bytes[i] * 65536 + (i + 1 < nb ? bytes[i + 1] * 256 : 0) + \
		    (i + 2 < nb ? bytes[i + 2] : 0)
		out = out substr(tab, int(v / 262144) % 64 + 1, 1) \
		    substr(tab, int(v / 4096) % 64 + 1, 1)
		out = out (i + 1 < nb ? substr(tab, int(v / 64) % 64 + 1, 1) : "=")
		out = out (i + 2 < nb ? substr(tab, v % 64 + 1, 1) : "=")
	}
	return out
}
function le32(bytes, at, x,    k) {
	for (k = 0; k < 4; k++) {
		bytes[at + k] = x % 256
		x = int(x / 256)
	}
}
# objectSid of the domain (rid < 0) or of one of its accounts.
function sid(rid,    b, nb) {
	b[0] = 1; b[1] = rid < 0 ? 4 : 5
	b[2] = 0; b[3] = 0; b[4] = 0; b[5] = 0; b[6] = 0; b[7] = 5
	le32(b, 8, 21); le32(b, 12, 1111111111); le32(b, 16, 2222222222)
	le32(b, 20, 3333333333)
	nb = 24
	if (rid >= 0) {
		le32(b, 24, rid)
		nb = 28
	}
	return b64(b, nb)
}
# lastLogonTimestamp: FILETIME in 2026, i seconds-ish apart; digits as
# strings because awk's doubles cannot hold 18 digits.
function filetime(i) {
	return sprintf("13417%013.0f", 9000000000000 - (i % 100000) * 60000000)
}
function container(dn, cn) {
	printf "dn: %s\nobjectClass: top\nobjectClass: container\ncn: %s\n\n", \
	    dn, cn
}
function ou(dn, name) {
	printf "dn: %s\nobjectClass: top\nobjectClass: organizationalUnit\n" \
	    "ou: %s\n\n", dn, name
}
# computer(cn, parent, uac, pgid, os, osver, dns?, logon?, rid, extra spns)
function computer(cn, parent, uac, pgid, os, osver, hasdns, logon, rid,
    spns,    lc, dns, n, k, s) {
	lc = tolower(cn)
	dns = lc ".lab.example"
	printf "dn: CN=%s,%s\nobjectClass: top\nobjectClass: user\n" \
	    "objectClass: computer\ncn: %s\nsAMAccountName: %s$\n" \
	    "userAccountControl: %d\nprimaryGroupID: %d\nobjectSid:: %s\n", \
	    cn, parent, cn, cn, uac, pgid, sid(rid)
	if (hasdns)
		printf "dNSHostName: %s\n", dns
	if (os != "")
		printf "operatingSystem: %s\noperatingSystemVersion: %s\n", \
		    os, osver
	if (logon >= 0)
		printf "lastLogonTimestamp: %s\n", filetime(logon)
	printf "servicePrincipalName: HOST/%s\n", cn
	if (hasdns)
		printf "servicePrincipalName: HOST/%s\n", dns
	n = split(spns, s, " ")
	for (k = 1; k <= n; k++)
		printf "servicePrincipalName: %s/%s\n", s[k], dns
	printf "\n"
}
BEGIN {
	if (n == "")
		n = 2500
	base = "DC=lab,DC=example"
	printf "dn: %s\nobjectClass: top\nobjectClass: domainDNS\ndc: lab\n" \
	    "objectSid:: %s\n\n", base, sid(-1)
	ou("OU=Domain Controllers," base, "Domain Controllers")
	container("CN=Computers," base, "Computers")
	container("CN=Users," base, "Users")
	container("CN=System," base, "System")
	ou("OU=Servers," base, "Servers")
	ou("OU=Workstations," base, "Workstations")

	printf "dn: CN=svc-ntlmplan,CN=Users,%s\nobjectClass: top\n" \
	    "objectClass: user\ncn: svc-ntlmplan\nsAMAccountName: svc-ntlmplan\n" \
	    "userAccountControl: 66048\nuserPassword: Plan-NTLM-0ut\n\n", base
	printf "dn: CN=limited,CN=Users,%s\nobjectClass: top\n" \
	    "objectClass: user\ncn: limited\nsAMAccountName: limited\n" \
	    "userAccountControl: 66048\nuserPassword: Limited-pw-1\n\n", base

	# Kerberos: service accounts that hold an SPN (RC4 only; a password
	# older than the Read-only Domain Controllers group), that group (RID
	# 521) and another group (RID 512) that must not be taken for it.
	printf "dn: CN=svc-iis,CN=Users,%s\nobjectClass: top\n" \
	    "objectClass: user\ncn: svc-iis\nsAMAccountName: svc-iis\n" \
	    "userAccountControl: 66048\nservicePrincipalName: " \
	    "HTTP/intranet.lab.example\nmsDS-SupportedEncryptionTypes: 4\n" \
	    "pwdLastSet: 134080704000000000\n\n", base
	printf "dn: CN=svc-old,CN=Users,%s\nobjectClass: top\n" \
	    "objectClass: user\ncn: svc-old\nsAMAccountName: svc-old\n" \
	    "userAccountControl: 66048\nservicePrincipalName: " \
	    "HTTP/old.lab.example\npwdLastSet: 128000000000000000\n\n", base
	printf "dn: CN=Read-only Domain Controllers,CN=Users,%s\n" \
	    "objectClass: top\nobjectClass: group\n" \
	    "cn: Read-only Domain Controllers\n" \
	    "sAMAccountName: Read-only Domain Controllers\n" \
	    "whenCreated: 20080115103000.0Z\nobjectSid:: %s\n\n", base, sid(521)
	printf "dn: CN=Domain Admins,CN=Users,%s\nobjectClass: top\n" \
	    "objectClass: group\ncn: Domain Admins\n" \
	    "sAMAccountName: Domain Admins\n" \
	    "whenCreated: 20030101000000.0Z\nobjectSid:: %s\n\n", base, sid(512)

	printf "dn: CN=partner.example,CN=System,%s\nobjectClass: top\n" \
	    "objectClass: trustedDomain\ncn: partner.example\n" \
	    "flatName: PARTNER\ntrustPartner: partner.example\n" \
	    "trustDirection: 3\ntrustAttributes: 8\ntrustType: 2\n\n", base
	printf "dn: CN=legacy.example,CN=System,%s\nobjectClass: top\n" \
	    "objectClass: trustedDomain\ncn: legacy.example\n" \
	    "flatName: LEGACY\ntrustPartner: LEGACY\n" \
	    "trustDirection: 1\ntrustAttributes: 0\ntrustType: 1\n\n", base
	# Interdomain trust accounts: AD makes them users; a computer one
	# must be left out all the same.
	printf "dn: CN=LEGACY$,CN=Users,%s\nobjectClass: top\n" \
	    "objectClass: user\ncn: LEGACY$\nsAMAccountName: LEGACY$\n" \
	    "userAccountControl: 2080\nprimaryGroupID: 513\n\n", base
	printf "dn: CN=PARTNER$,CN=Users,%s\nobjectClass: top\n" \
	    "objectClass: user\nobjectClass: computer\ncn: PARTNER$\n" \
	    "sAMAccountName: PARTNER$\nuserAccountControl: 2080\n" \
	    "primaryGroupID: 513\n\n", base

	dcs = "OU=Domain Controllers," base
	srv = "Windows Server 2022 Datacenter"
	computer("DC1", dcs, 532480, 516, srv, "10.0 (20348)", 1, 1, 1000,
	    "ldap GC")
	computer("DC2", dcs, 532480, 516, srv, "10.0 (20348)", 1, 2, 1001,
	    "ldap GC")
	# A DC known only by its primary group, and a disabled one.
	computer("DC3", dcs, 4096, 516, srv, "10.0 (20348)", 1, 3, 1002, "ldap")
	computer("DC4", dcs, 532482, 516, srv, "10.0 (20348)", 1, -1, 1003, "")
	computer("RODC1", dcs, 83890176, 521, srv, "10.0 (20348)", 1, 4, 1004,
	    "ldap")
	# An RODC known only by userAccountControl 0x04000000.
	computer("RODC2", dcs, 67112960, 515, srv, "10.0 (20348)", 1, 5, 1005,
	    "ldap")

	for (i = 1; i <= 50; i++)
		computer(sprintf("SRV%04d", i), "OU=Servers," base, 4096, 515,
		    "Windows Server 2019 Standard", "10.0 (17763)", 1, 10 + i,
		    1100 + i, i % 5 == 0 ? "MSSQLSvc WSMAN" : "WSMAN")
	computer("LEGACYPC", "CN=Computers," base, 4128, 515, "", "", 0, -1,
	    1200, "")
	# A group managed service account: objectClass computer to LDAP.
	container("CN=Managed Service Accounts," base, "Managed Service Accounts")
	printf "dn: CN=svc-sql,CN=Managed Service Accounts,%s\n" \
	    "objectClass: top\nobjectClass: user\nobjectClass: computer\n" \
	    "objectClass: msDS-GroupManagedServiceAccount\ncn: svc-sql\n" \
	    "sAMAccountName: svc-sql$\nuserAccountControl: 4096\n" \
	    "primaryGroupID: 515\n" \
	    "servicePrincipalName: MSSQLSvc/srv0005.lab.example\n\n", base

	# Search references, as AD returns for DomainDnsZones.
	printf "dn: DC=DomainDnsZones,%s\nobjectClass: referral\n" \
	    "objectClass: extensibleObject\ndc: DomainDnsZones\n" \
	    "ref: ldap://domaindnszones.lab.example/DC=DomainDnsZones,%s\n\n", \
	    base, base
	printf "dn: OU=Branch,%s\nobjectClass: referral\n" \
	    "objectClass: extensibleObject\nou: Branch\n" \
	    "ref: ldap://branch.lab.example/OU=Branch,%s\n\n", base, base

	for (i = 1; i <= n; i++)
		computer(sprintf("WS%05d", i), "OU=Workstations," base,
		    i % 97 == 0 ? 4098 : 4096, 515, "Windows 11 Enterprise",
		    "10.0 (22631)", i % 50 != 0, i % 13 == 0 ? -1 : 100 + i,
		    2000 + i, "")
}
