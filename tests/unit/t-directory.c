/*
 * t-directory.c: unit tests of directory.c: classifying entries, settling the
 * domain, the save/load round trip, finding computers, SID decoding and DN
 * comparison.
 */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "directory.h"
#include "tap.h"
#include "util.h"

/* Add an entry: dn, then "attr", "value" pairs, NULL-terminated. */
static void
add(struct directory *dir, const char *dn, ...)
{
	struct directory_entry	 e;
	const char		*a, *v;
	va_list			 ap;

	directory_entry_init(&e);
	directory_entry_set_dn(&e, dn, strlen(dn));
	va_start(ap, dn);
	while ((a = va_arg(ap, const char *)) != NULL) {
		v = va_arg(ap, const char *);
		directory_entry_add(&e, a, v, strlen(v));
	}
	va_end(ap);
	directory_add_entry(dir, &e);
	directory_entry_clear(&e);
}

static void
add_computer(struct directory *dir, const char *dn, const char *sam,
    const char *dns, const char *uac, const char *pgid)
{
	add(dir, dn, "objectClass", "top", "objectClass", "user",
	    "objectClass", "computer", "sAMAccountName", sam,
	    "dNSHostName", dns, "userAccountControl", uac,
	    "primaryGroupID", pgid, NULL);
}

#define HEADER "{\"format\": \"ntlmplan-directory\", \"version\": 1,\n"

static const unsigned char domain_sid[] = {
	1, 4, 0, 0, 0, 0, 0, 5, 21, 0, 0, 0,
	0x15, 0xcd, 0x5b, 0x07, 0xff, 0xff, 0xff, 0xff, 0x01, 0x02, 0x03, 0x04
};

static struct directory *
build(void)
{
	struct directory	*dir;
	struct directory_entry	 e;
	char			*cause = NULL;

	dir = directory_create();
	directory_entry_init(&e);
	directory_entry_set_dn(&e, "DC=corp,DC=example", 18);
	directory_entry_add(&e, "objectclass", "domainDNS", 9);
	directory_entry_add(&e, "objectSID", domain_sid, sizeof domain_sid);
	ok(directory_entry_add(&e, "description", "x", 1) == -1,
	    "unwanted attribute dropped");
	directory_add_entry(dir, &e);
	directory_entry_clear(&e);
	add(dir, "CN=CORP,CN=Partitions,CN=Configuration,DC=corp,DC=example",
	    "objectClass", "crossRef", "nCName", "dc=CORP, dc=example",
	    "dnsRoot", "corp.example", "nETBIOSName", "CORP", NULL);
	add(dir, "CN=Enterprise Schema,CN=Partitions,CN=Configuration,"
	    "DC=corp,DC=example", "objectClass", "crossRef",
	    "nCName", "CN=Schema,CN=Configuration,DC=corp,DC=example",
	    "dnsRoot", "corp.example", NULL);
	add(dir, "CN=partner.example,CN=System,DC=corp,DC=example",
	    "objectClass", "trustedDomain", "trustPartner", "partner.example",
	    "flatName", "PARTNER", "trustDirection", "3",
	    "trustAttributes", "8", "trustType", "2", NULL);
	/* trustAttributes of no 32-bit value: no flag, as absent. */
	add(dir, "CN=alpha.example,CN=System,DC=corp,DC=example",
	    "objectClass", "trustedDomain", "trustPartner", "alpha.example",
	    "trustDirection", "1", "trustAttributes", "5328832000000000123",
	    "trustType", "2", NULL);
	add(dir, "CN=SRV1,OU=Servers,DC=corp,DC=example",
	    "objectClass", "computer", "sAMAccountName", "SRV1$",
	    "dNSHostName", "srv1.corp.example", "userAccountControl", "4096",
	    "primaryGroupID", "515", "operatingSystem",
	    "Windows Server 2019 Standard", "operatingSystemVersion",
	    "10.0 (17763)", "lastLogonTimestamp", "134174913208427280",
	    "servicePrincipalName", "HOST/srv1.corp.example",
	    "servicePrincipalName", "HOST/SRV1", NULL);
	add_computer(dir, "CN=DC1,OU=Domain Controllers,DC=corp,DC=example",
	    "DC1$", "dc1.corp.example", "532480", "516");
	add_computer(dir, "CN=RODC1,OU=Domain Controllers,DC=corp,DC=example",
	    "RODC1$", "rodc1.corp.example", "83890176", "521");
	add_computer(dir, "CN=OLD,CN=Computers,DC=corp,DC=example",
	    "OLD$", "old.corp.example", "4098", "515");
	add_computer(dir, "CN=PARTNER$,CN=Users,DC=corp,DC=example",
	    "PARTNER$", "partner", "2080", "513");
	add_computer(dir, "cn=WEB , cn=Computers,dc=corp, DC=example",
	    "web$", "www.other.example", "4096", "515");
	add(dir, "CN=svc-web,CN=Managed Service Accounts,DC=corp,DC=example",
	    "objectClass", "computer", "objectClass",
	    "msDS-GroupManagedServiceAccount", "sAMAccountName", "svc-web$",
	    "userAccountControl", "4096", NULL);
	add_computer(dir, "CN=ELSE,DC=other,DC=example",
	    "ELSE$", "else.other.example", "4096", "515");
	ok(directory_finish(dir, NULL, NULL, &cause) == 0,
	    "finish: domain found");
	if (cause != NULL) {
		diag("%s", cause);
		free(cause);
	}
	return (dir);
}

static void
test_build(struct directory *dir)
{
	size_t	dcs, rodcs, disabled;

	is_str(dir->domain_dn, "DC=corp,DC=example", "domain dn");
	is_str(dir->domain_dns, "corp.example", "domain dns");
	is_str(dir->domain_netbios, "CORP", "NetBIOS name from the crossRef");
	is_str(dir->domain_sid, "S-1-5-21-123456789-4294967295-67305985",
	    "domain SID");
	is_int(dir->ntrusts, 2, "two trusts");
	is_str(dir->trusts[0].partner, "alpha.example", "trusts sorted");
	is_str(dir->trusts[1].flat, "PARTNER", "trust flat name");
	is_int(dir->trusts[1].direction, 3, "trust direction");
	is_int(dir->trusts[0].attributes, 0,
	    "trustAttributes of no 32-bit value: no flag");
	is_int(dir->ncomputers, 5, "five computers");
	is_int(dir->trust_accounts, 1, "trust account left out");
	is_int(dir->service_accounts, 1, "gMSA left out");
	is_int(dir->outside, 1, "computer outside the domain left out");
	is_str(dir->computers[0].name, "DC1", "sorted by name, $ dropped");
	ok(dir->computers[0].dc && !dir->computers[0].rodc, "DC1 is a DC");
	is_str(dir->computers[1].name, "OLD", "OLD");
	ok(!dir->computers[1].enabled, "OLD is disabled");
	is_str(dir->computers[2].name, "RODC1", "RODC1");
	ok(dir->computers[2].dc && dir->computers[2].rodc, "RODC1 is an RODC");
	is_str(dir->computers[3].name, "SRV1", "SRV1");
	ok(dir->computers[3].enabled && !dir->computers[3].dc,
	    "SRV1 is an enabled member");
	is_int(dir->computers[3].nspns, 2, "SRV1 has two SPNs");
	is_str(dir->computers[3].spns[0], "HOST/SRV1", "SPNs sorted");
	ok(dir->computers[3].last_logon == INT64_C(1773017720842728),
	    "lastLogonTimestamp converted");
	ok(dir->computers[0].last_logon == UTIL_TIME_NONE,
	    "no lastLogonTimestamp");
	is_str(dir->computers[4].name, "web", "name case kept");
	is_str(dir->computers[4].dn, "CN=WEB,CN=Computers,DC=corp,DC=example",
	    "DN types in upper case, spaces dropped");
	directory_counts(dir, &dcs, &rodcs, &disabled);
	ok(dcs == 2 && rodcs == 1 && disabled == 1, "counts");
}

static void
test_find(struct directory *dir)
{
	static const struct {
		const char	*host;
		const char	*name;
	} cases[] = {
		{ "srv1.corp.example", "SRV1" },
		{ "SRV1.CORP.EXAMPLE.", "SRV1" },
		{ "srv1", "SRV1" },
		{ "Srv1", "SRV1" },
		{ "srv1.CORP.example", "SRV1" },
		{ "www.other.example", "web" },
		{ "WEB", "web" },
		{ "web.corp.example", "web" },
		{ "www", NULL },
		{ "web.other.example", NULL },
		{ "srv1.sub.corp.example", "SRV1" },
		{ "srv1.corp.example.org", NULL },
		{ "corp.example", NULL },
		{ "partner", NULL },
		{ "dc1", "DC1" },
		{ "", NULL },
		{ ".", NULL },
		{ "nosuch", NULL },
	};
	const struct directory_computer	*c;
	size_t				 i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		c = directory_find_computer(dir, cases[i].host);
		is_str(c != NULL ? c->name : NULL, cases[i].name,
		    "find \"%s\"", cases[i].host);
	}
	ok(directory_find_computer(dir, NULL) == NULL, "find NULL");
}

#define MINI_HEAD "{\"format\": \"ntlmplan-directory\", \"version\": 1, " \
	"\"source\": {\"uri\": null, \"base\": \"DC=x\", \"fetched\": null}, " \
	"\"domain\": {\"dn\": \"DC=x\", \"dns\": \"x\", \"netbios\": \"X\", " \
	"\"sid\": null}, \"trusts\": []"
#define MINI_PC "{\"name\": \"A\", \"dns\": null, \"dn\": \"CN=A,DC=x\", " \
	"\"enabled\": true, \"dc\": false, \"rodc\": false, \"os\": null, " \
	"\"os_version\": null, \"last_logon\": null, \"spns\": []}"

#define MINI_TRUST(dir) "{\"format\": \"ntlmplan-directory\", " \
	"\"version\": 1, \"source\": {}, \"domain\": {\"dn\": \"DC=x\"}, " \
	"\"trusts\": [{\"partner\": \"p.example\", \"flat\": \"P\", " \
	"\"direction\": " dir ", \"attributes\": 8, \"type\": 2}], " \
	"\"computers\": []}"
#define MINI_ACCT(kind, enc) "{\"name\": \"s\", \"dn\": \"CN=s,DC=x\", " \
	"\"kind\": " kind ", \"enctypes\": " enc ", \"pwd_last_set\": null, " \
	"\"uac\": 512, \"spns\": [\"HTTP/s\"]}"
#define MINI_PC_LOGON(t) "{\"name\": \"A\", \"dns\": null, " \
	"\"dn\": \"CN=A,DC=x\", \"enabled\": true, \"dc\": false, " \
	"\"rodc\": false, \"os\": null, \"os_version\": null, " \
	"\"last_logon\": " t ", \"spns\": []}"

/* The loader's own scanner of the top-level object. */
static void
test_load_cases(const char *path)
{
	static const struct {
		const char	*text;
		const char	*error;		/* NULL: loads */
		size_t		 computers;
	} cases[] = {
		{ MINI_HEAD ", \"computers\": []}", NULL, 0 },
		{ MINI_HEAD ", \"computers\": [" MINI_PC "]}\n", NULL, 1 },
		{ "\n {\n\t\"format\" :\"ntlmplan-directory\" , "
		  "\"computers\" :\n"
		  " [ " MINI_PC " ,\r\n" MINI_PC " ] ,\"version\":1,\"source\":"
		  "{},\"domain\":{\"dn\":\"DC=x\"},\"trusts\":[]}\n", NULL, 2 },
		{ MINI_HEAD "}", "\"computers\" is not an array", 0 },
		{ MINI_HEAD ", \"computers\": [], \"computers\": []}",
		  "repeated or not an array", 0 },
		{ MINI_HEAD ", \"computers\": {}}", "repeated or not an array",
		  0 },
		{ MINI_HEAD ", \"computers\": []} x", "invalid JSON at byte",
		  0 },
		{ MINI_HEAD ", \"computers\": [" MINI_PC " " MINI_PC "]}",
		  "invalid JSON at byte", 0 },
		{ MINI_HEAD ", \"computers\": [" MINI_PC ",]}",
		  "invalid JSON at byte", 0 },
		{ MINI_HEAD ", \"computers\": [" MINI_PC ", ]}",
		  "invalid JSON at byte", 0 },
		{ MINI_HEAD ", \"computers\": [], }", "invalid JSON at byte",
		  0 },
		{ MINI_HEAD ", \"computers\": [" MINI_PC, "invalid JSON", 0 },
		{ "{\"version\": 1, \"format\": \"ntlmplan-directory\"}",
		  "not a directory snapshot", 0 },
		{ "[]", "invalid JSON at byte 0", 0 },
		{ "", "invalid JSON at byte 0", 0 },
		/* Numbers range-checked before the cast, times 1601..9999. */
		{ MINI_TRUST("1e30"), "\"direction\" is not an integer", 0 },
		{ MINI_TRUST("9223372036854775808"),
		  "\"direction\" is not an integer", 0 },
		{ MINI_TRUST("-1e300"), "\"direction\" is not an integer", 0 },
		{ MINI_TRUST("3"), NULL, 0 },
		{ MINI_HEAD ", \"computers\": [" MINI_PC_LOGON(
		  "\"30828-09-14T02:48:05.477580Z\"") "]}",
		  "\"last_logon\" is not a time", 0 },
		{ MINI_HEAD ", \"computers\": [" MINI_PC_LOGON(
		  "\"/Date(9223372036854775807)/\"") "]}",
		  "\"last_logon\" is not a time", 0 },
		{ MINI_HEAD ", \"computers\": [" MINI_PC_LOGON(
		  "\"9999-12-31T23:59:59.999999Z\"") "]}", NULL, 1 },
		/* Accounts and the RODC group's time: optional, checked. */
		{ MINI_HEAD ", \"computers\": [], \"accounts\": []}", NULL, 0 },
		{ MINI_HEAD ", \"computers\": [], \"rodc_group_created\": 5}",
		  "\"rodc_group_created\" is not a time", 0 },
		{ MINI_HEAD ", \"computers\": [], \"accounts\": [" MINI_ACCT(
		  "\"user\"", "4294967296") "]}", "\"enctypes\" out of range",
		  0 },
		{ MINI_HEAD ", \"computers\": [], \"accounts\": [" MINI_ACCT(
		  "\"group\"", "4") "]}", "unknown \"kind\"", 0 },
		{ MINI_HEAD ", \"computers\": [], \"accounts\": [" MINI_ACCT(
		  "\"user\"", "null") "]}", NULL, 0 },
		{ MINI_HEAD ", \"computers\": [], \"accounts\": {}}",
		  "repeated or not an array", 0 },
	};
	struct directory	*d;
	FILE			*f;
	char			*cause;
	size_t			 i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		f = fopen(path, "w");
		fputs(cases[i].text, f);
		fclose(f);
		cause = NULL;
		d = directory_load(path, &cause);
		if (cases[i].error == NULL) {
			ok(d != NULL && d->ncomputers == cases[i].computers,
			    "load case %zu: %zu computers", i,
			    cases[i].computers);
			if (d == NULL)
				diag("%s", cause);
		} else {
			ok(d == NULL && cause != NULL &&
			    strstr(cause, cases[i].error) != NULL,
			    "load case %zu: %s", i, cases[i].error);
			if (d != NULL || cause == NULL ||
			    strstr(cause, cases[i].error) == NULL)
				diag("got: %s", cause != NULL ? cause :
				    "(loaded)");
		}
		directory_free(d);
		free(cause);
	}
}

static void
test_round_trip(struct directory *dir)
{
	struct directory	*back;
	FILE			*f;
	char			 p1[] = "/tmp/t-directory.XXXXXX";
	char			*a = NULL, *b = NULL, *cause = NULL;
	size_t			 alen = 0, blen = 0;
	int			 fd;

	dir->source_uri = strdup("ldap://dc1.corp.example");
	free(dir->computers[3].os);
	dir->computers[3].os = strdup("Windows \"Server\"\\2019\t\001");
	dir->fetched = INT64_C(1773017720000000);
	f = open_memstream(&a, &alen);
	directory_save(dir, f);
	fclose(f);
	fd = mkstemp(p1);
	ok(fd != -1, "temp file");
	f = fdopen(fd, "w");
	fwrite(a, 1, alen, f);
	fclose(f);
	back = directory_load(p1, &cause);
	ok(back != NULL, "load what was saved");
	if (back == NULL) {
		diag("%s", cause);
		free(cause);
		free(a);
		unlink(p1);
		return;
	}
	f = open_memstream(&b, &blen);
	directory_save(back, f);
	fclose(f);
	ok(alen == blen && memcmp(a, b, alen) == 0, "save(load(save)) same");
	ok(strstr(a, "\"last_logon\": \"2026-03-09T00:55:20.842728Z\"") !=
	    NULL, "last_logon written as UTC time");
	ok(strstr(a, "\"os\": \"Windows \\\"Server\\\"\\\\2019\\t\\u0001\"") !=
	    NULL, "escapes in strings");
	ok(strncmp(a, HEADER, strlen(HEADER)) == 0, "header");
	is_str(directory_find_computer(back, "rodc1")->name, "RODC1",
	    "find in loaded snapshot");
	directory_free(back);
	free(b);
	free(a);

	f = fopen(p1, "w");
	fputs("{\"format\": \"ntlmplan-flows\", \"version\": 1}", f);
	fclose(f);
	back = directory_load(p1, &cause);
	ok(back == NULL && strstr(cause, "not a directory snapshot") != NULL,
	    "wrong format refused");
	free(cause);
	f = fopen(p1, "w");
	fputs("{\"format\": \"ntlmplan-directory\", \"version\": 1, "
	    "\"source\": {}, \"domain\": {\"dn\": \"DC=x\"}, \"trusts\": [], "
	    "\"computers\": [{\"name\": \"A\", \"dn\": \"CN=A\", "
	    "\"enabled\": 1}]}", f);
	fclose(f);
	back = directory_load(p1, &cause);
	ok(back == NULL && strstr(cause, "computer 0: \"enabled\" is not a "
	    "boolean") != NULL, "bad member named");
	free(cause);
	f = fopen(p1, "w");
	fputs("{\"format\": \"ntlmplan-directory\", \"version\"", f);
	fclose(f);
	back = directory_load(p1, &cause);
	ok(back == NULL && strstr(cause, "invalid JSON") != NULL,
	    "truncated file refused");
	free(cause);
	test_load_cases(p1);
	unlink(p1);
	back = directory_load(p1, &cause);
	ok(back == NULL && strstr(cause, "No such file") != NULL,
	    "missing file refused");
	free(cause);
}


/* Accounts that hold an SPN, and the Read-only Domain Controllers group. */
static void
test_kerberos(void)
{
	static const unsigned char rodcs[] = {
		1, 5, 0, 0, 0, 0, 0, 5, 21, 0, 0, 0,
		0x15, 0xcd, 0x5b, 0x07, 0xff, 0xff, 0xff, 0xff,
		0x01, 0x02, 0x03, 0x04, 0x09, 0x02, 0, 0
	};
	static const unsigned char admins[] = {
		1, 5, 0, 0, 0, 0, 0, 5, 21, 0, 0, 0,
		0x15, 0xcd, 0x5b, 0x07, 0xff, 0xff, 0xff, 0xff,
		0x01, 0x02, 0x03, 0x04, 0x00, 0x02, 0, 0
	};
	const struct directory_account	*a;
	struct directory		*dir, *back;
	struct directory_entry		 e;
	FILE				*f;
	char				 p1[] = "/tmp/t-directory.XXXXXX";
	char				*cause = NULL, *filter, *x = NULL;
	char				*y = NULL;
	size_t				 xlen = 0, ylen = 0;
	int64_t				 t;
	int				 fd;

	dir = directory_create();
	directory_entry_init(&e);
	directory_entry_set_dn(&e, "DC=corp,DC=example", 18);
	directory_entry_add(&e, "objectClass", "domainDNS", 9);
	directory_entry_add(&e, "objectSid", domain_sid, sizeof domain_sid);
	directory_add_entry(dir, &e);
	directory_entry_clear(&e);
	ok(directory_group_filter(dir, "DC=other", 521) == NULL,
	    "group filter: no SID for another domain");
	filter = directory_group_filter(dir, "dc=CORP,dc=example", 521);
	is_str(filter, "(&(objectClass=group)(objectSid=\\01\\05\\00\\00"
	    "\\00\\00\\00\\05\\15\\00\\00\\00\\15\\cd\\5b\\07\\ff\\ff"
	    "\\ff\\ff\\01\\02\\03\\04\\09\\02\\00\\00))",
	    "group filter: the binary SID of RID 521, escaped");
	free(filter);

	directory_entry_init(&e);
	directory_entry_set_dn(&e, "CN=Read-only Domain Controllers,CN=Users,"
	    "DC=corp,DC=example", 54);
	directory_entry_add(&e, "objectClass", "group", 5);
	directory_entry_add(&e, "objectSid", rodcs, sizeof rodcs);
	directory_entry_add(&e, "whenCreated", "20080115103000.0Z", 17);
	directory_add_entry(dir, &e);
	directory_entry_clear(&e);
	directory_entry_init(&e);
	directory_entry_set_dn(&e, "CN=Domain Admins,CN=Users,"
	    "DC=corp,DC=example", 39);
	directory_entry_add(&e, "objectClass", "group", 5);
	directory_entry_add(&e, "objectSid", admins, sizeof admins);
	directory_entry_add(&e, "whenCreated", "20030101000000.0Z", 17);
	directory_add_entry(dir, &e);
	directory_entry_clear(&e);

	add(dir, "CN=svc-sql,OU=Svc,DC=corp,DC=example", "objectClass", "user",
	    "sAMAccountName", "svc-sql", "userAccountControl", "66048",
	    "servicePrincipalName", "MSSQLSvc/sql01.corp.example:1433",
	    "msDS-SupportedEncryptionTypes", "4",
	    "pwdLastSet", "128000000000000000", NULL);
	add(dir, "CN=svc-nospn,OU=Svc,DC=corp,DC=example", "objectClass",
	    "user", "sAMAccountName", "svc-nospn", "pwdLastSet", "0", NULL);
	add(dir, "CN=svc-des,OU=Svc,DC=corp,DC=example", "objectClass", "user",
	    "sAMAccountName", "svc-des", "userAccountControl", "2163200",
	    "servicePrincipalName", "HTTP/scan.corp.example",
	    "msDS-SupportedEncryptionTypes", "99999999999",
	    "pwdLastSet", "0", NULL);
	add(dir, "CN=TRUST$,CN=Users,DC=corp,DC=example", "objectClass",
	    "user", "sAMAccountName", "TRUST$", "userAccountControl", "2080",
	    "servicePrincipalName", "krbtgt/TRUST", NULL);
	add(dir, "CN=APP1,OU=Servers,DC=corp,DC=example", "objectClass",
	    "computer", "sAMAccountName", "APP1$", "dNSHostName",
	    "app1.corp.example", "userAccountControl", "4096",
	    "servicePrincipalName", "HOST/app1.corp.example",
	    "servicePrincipalName", "HTTP/alias.corp.example",
	    "msDS-SupportedEncryptionTypes", "28",
	    "pwdLastSet", "134170000000000000", NULL);
	add(dir, "CN=gmsa,CN=Managed Service Accounts,DC=corp,DC=example",
	    "objectClass", "computer", "objectClass",
	    "msDS-GroupManagedServiceAccount", "sAMAccountName", "gmsa$",
	    "userAccountControl", "4096", "servicePrincipalName",
	    "HTTP/web.corp.example", NULL);
	/* A userAccountControl of no 32-bit value: no flags, as absent. */
	add(dir, "CN=zz-big,OU=Svc,DC=corp,DC=example", "objectClass", "user",
	    "sAMAccountName", "zz-big", "userAccountControl",
	    "5328832000000000", "servicePrincipalName", "HTTP/big", NULL);
	add(dir, "CN=far,DC=other,DC=example", "objectClass", "user",
	    "sAMAccountName", "far", "servicePrincipalName", "HTTP/far", NULL);
	ok(directory_finish(dir, NULL, NULL, &cause) == 0, "finish");
	free(cause);
	cause = NULL;

	ok(directory_generalized_time("20080115103000.0Z", &t) == 0 &&
	    dir->rodc_group_created == t, "the RID 521 group's whenCreated, "
	    "not another group's");
	ok(directory_generalized_time("20080115103000Z", &t) == 0,
	    "GeneralizedTime without a fraction");
	ok(directory_generalized_time("2008011510300.0Z", &t) != 0 &&
	    directory_generalized_time("20080115103000.0", &t) != 0 &&
	    directory_generalized_time("20081315103000.0Z", &t) != 0,
	    "bad GeneralizedTimes refused");
	is_int((long long)dir->naccounts, 5, "five SPN holders: no trust "
	    "account, none without an SPN, none outside the domain");
	is_int(dir->naccounts > 4 ? dir->accounts[4].uac : -1, 0,
	    "a userAccountControl of no 32-bit value: no flags");
	is_str(dir->accounts[0].name, "APP1$", "sorted: APP1$");
	is_int(dir->accounts[0].kind, DIRECTORY_ACCOUNT_COMPUTER,
	    "APP1$ is a computer");
	is_int(dir->accounts[0].enctypes, 28, "APP1$: enctypes 28");
	is_str(dir->accounts[1].name, "gmsa$", "gmsa$");
	is_int(dir->accounts[1].kind, DIRECTORY_ACCOUNT_MANAGED,
	    "gmsa$ is a managed service account");
	is_int(dir->accounts[1].enctypes, DIRECTORY_ENCTYPES_NONE,
	    "gmsa$: enctypes not set");
	is_str(dir->accounts[2].name, "svc-des", "svc-des");
	ok(dir->accounts[2].uac & DIRECTORY_UAC_USE_DES_KEY_ONLY,
	    "svc-des: USE_DES_KEY_ONLY");
	is_int(dir->accounts[2].enctypes, DIRECTORY_ENCTYPES_NONE,
	    "an enctypes value out of range is no value");
	ok(dir->accounts[2].pwd_last_set == UTIL_TIME_NONE,
	    "pwdLastSet 0: never set");
	is_int(dir->accounts[3].kind, DIRECTORY_ACCOUNT_USER, "svc-sql: user");
	ok(dir->accounts[3].pwd_last_set == util_filetime_to_us(
	    UINT64_C(128000000000000000)), "svc-sql: pwdLastSet");

	a = directory_find_spn(dir, "mssqlsvc/SQL01.corp.example:1433");
	ok(a != NULL && strcmp(a->name, "svc-sql") == 0,
	    "find by SPN, case-insensitive");
	a = directory_find_spn(dir, "cifs/app1.corp.example");
	ok(a != NULL && strcmp(a->name, "APP1$") == 0,
	    "a host SPN: the computer's account");
	a = directory_find_spn(dir, "cifs/APP1");
	ok(a != NULL && strcmp(a->name, "APP1$") == 0,
	    "a host SPN by NetBIOS name");
	a = directory_find_spn(dir, "http/ALIAS.corp.example");
	ok(a != NULL && strcmp(a->name, "APP1$") == 0,
	    "an alias SPN registered on a computer: its account");
	is_int((long long)dir->accounts[0].nspns, 0,
	    "a computer's SPNs are not kept twice");
	ok(directory_find_spn(dir, "cifs/nas9.corp.example") == NULL,
	    "an unknown host: no account");
	ok(directory_find_spn(dir, "nonsense") == NULL, "not an SPN");

	f = open_memstream(&x, &xlen);
	directory_save(dir, f);
	fclose(f);
	ok(strstr(x, "\"rodc_group_created\": \"2008-01-15T10:30:00.000000Z\""
	    ",\n \"accounts\": [\n  {\"name\": \"APP1$\"") != NULL,
	    "saved: the group's time, then the accounts");
	ok(strstr(x, "{\"name\": \"svc-sql\", \"dn\": "
	    "\"CN=svc-sql,OU=Svc,DC=corp,DC=example\", \"kind\": \"user\", "
	    "\"enctypes\": 4, \"pwd_last_set\": \"2006-08-14T") != NULL,
	    "saved: an account");
	fd = mkstemp(p1);
	f = fdopen(fd, "w");
	fwrite(x, 1, xlen, f);
	fclose(f);
	back = directory_load(p1, &cause);
	ok(back != NULL, "load it back");
	if (back != NULL) {
		f = open_memstream(&y, &ylen);
		directory_save(back, f);
		fclose(f);
		ok(xlen == ylen && memcmp(x, y, xlen) == 0,
		    "save(load(save)) same, accounts included");
		free(y);
		directory_free(back);
	} else {
		diag("%s", cause);
		free(cause);
	}
	free(x);
	unlink(p1);
	directory_free(dir);
}

static void
test_many(void)
{
	struct directory	*dir;
	char			 dn[64], sam[32], dns[64], host[64];
	char			*cause = NULL;
	int			 i, found = 0;

	dir = directory_create();
	add(dir, "DC=big,DC=test", "objectClass", "domainDNS", NULL);
	for (i = 0; i < 20000; i++) {
		snprintf(dn, sizeof dn, "CN=H%05d,DC=big,DC=test", i);
		snprintf(sam, sizeof sam, "H%05d$", i);
		snprintf(dns, sizeof dns, "h%05d.big.test", i);
		add_computer(dir, dn, sam, dns, "4096", "515");
	}
	ok(directory_finish(dir, NULL, NULL, &cause) == 0, "finish big");
	is_str(dir->domain_dns, "big.test", "DNS name from the DN");
	ok(dir->domain_netbios == NULL, "no crossRef: no NetBIOS name");
	for (i = 0; i < 20000; i++) {
		snprintf(host, sizeof host, i % 2 ? "H%05d.BIG.TEST" :
		    "h%05d", i);
		if (directory_find_computer(dir, host) == &dir->computers[i])
			found++;
	}
	is_int(found, 20000, "every computer found through the index");
	directory_free(dir);
}

static void
test_sid(void)
{
	static const unsigned char	 wellknown[] = { 1, 1, 0, 0, 0, 0, 0, 5,
	    18, 0, 0, 0 };
	static const unsigned char	 bad_rev[] = { 2, 1, 0, 0, 0, 0, 0, 5,
	    18, 0, 0, 0 };
	char				*s;

	s = directory_sid_format(wellknown, sizeof wellknown);
	is_str(s, "S-1-5-18", "SID S-1-5-18");
	free(s);
	s = directory_sid_format(domain_sid, sizeof domain_sid - 4);
	ok(s == NULL, "SID with a short sub-authority refused");
	s = directory_sid_format(bad_rev, sizeof bad_rev);
	ok(s == NULL, "SID revision 2 refused");
	s = directory_sid_format(wellknown, 4);
	ok(s == NULL, "SID too short refused");
}

static void
test_dn(void)
{
	ok(directory_dn_cmp("CN=a, DC=Corp,dc=example",
	    "cn=A,dc=corp,DC=EXAMPLE") == 0, "DNs compare case-insensitively");
	ok(directory_dn_cmp("CN=a\\,b,DC=x", "CN=a,b,DC=x") != 0,
	    "escaped comma kept");
	ok(directory_dn_under("CN=x,OU=y,DC=corp,DC=example",
	    "dc=corp,dc=example"), "under");
	ok(directory_dn_under("DC=corp,DC=example", "DC=corp,DC=example"),
	    "a DN is under itself");
	ok(!directory_dn_under("DC=xcorp,DC=example", "DC=corp,DC=example"),
	    "suffix without comma is not under");
	ok(!directory_dn_under("CN=a\\,DC=example", "DC=example"),
	    "escaped comma is not a separator");
}

static void
test_no_domain(void)
{
	struct directory	*dir;
	char			*cause = NULL;

	dir = directory_create();
	add(dir, "DC=a,DC=test", "objectClass", "domainDNS", NULL);
	add(dir, "DC=b,DC=test", "objectClass", "domainDNS", NULL);
	ok(directory_finish(dir, NULL, NULL, &cause) == -1 && cause != NULL &&
	    strstr(cause, "more than one") != NULL, "two domains: -b needed");
	free(cause);
	cause = NULL;
	ok(directory_finish(dir, NULL, "OU=x,DC=b,DC=test", &cause) == 0,
	    "base chooses the domain");
	is_str(dir->domain_dn, "DC=b,DC=test", "the domain above the base");
	directory_free(dir);

	dir = directory_create();
	add_computer(dir, "CN=S1,OU=Servers,DC=c,DC=test", "S1$", "s1.c.test",
	    "4096", "515");
	cause = NULL;
	ok(directory_finish(dir, NULL, NULL, &cause) == -1 && cause != NULL &&
	    strstr(cause, "no domain found") != NULL, "no domain: error");
	free(cause);
	cause = NULL;
	ok(directory_finish(dir, NULL, "ou=Servers,dc=c,dc=test", &cause) ==
	    0, "no domain entry: the base's DC= part");
	is_str(dir->domain_dn, "DC=c,DC=test", "domain from the base");
	is_str(dir->domain_dns, "c.test", "DNS name from the base");
	is_int(dir->ncomputers, 1, "computer under the base kept");
	directory_free(dir);
	directory_free(NULL);
}

/* The forest's UPN suffixes, on CN=Partitions: read, kept, saved, loaded. */
static void
test_upn_suffixes(void)
{
	struct directory	*dir, *back;
	char			 path[] = "/tmp/t-directory-upn.XXXXXX";
	char			*cause = NULL;
	FILE			*f;
	int			 fd;

	dir = directory_create();
	add(dir, "DC=corp,DC=example", "objectClass", "domainDNS", NULL);
	add(dir, "CN=Partitions,CN=Configuration,DC=corp,DC=example",
	    "objectClass", "crossRefContainer", "uPNSuffixes",
	    "corp-mail.example", "uPNSuffixes", "Corp-Mail.Example",
	    "uPNSuffixes", "contoso.example", NULL);
	add(dir, "CN=CORP,CN=Partitions,CN=Configuration,DC=corp,DC=example",
	    "objectClass", "crossRef", "nCName", "DC=corp,DC=example",
	    "dnsRoot", "corp.example", "nETBIOSName", "CORP", NULL);
	ok(directory_finish(dir, NULL, NULL, &cause) == 0, "upn: finish");
	is_int(dir->nupn_suffixes, 2, "upn: two suffixes, one spelling each");
	fd = mkstemp(path);
	f = fdopen(fd, "w");
	directory_save(dir, f);
	fclose(f);
	back = directory_load(path, &cause);
	ok(back != NULL && back->nupn_suffixes == 2 &&
	    strcmp(back->upn_suffixes[1], "contoso.example") == 0,
	    "upn: saved and loaded");
	unlink(path);
	directory_free(back);
	directory_free(dir);
	free(cause);
}

int
main(void)
{
	struct directory	*dir;

	plan_no_plan();
	dir = build();
	test_build(dir);
	test_find(dir);
	test_round_trip(dir);
	directory_free(dir);
	test_many();
	test_sid();
	test_dn();
	test_no_domain();
	test_upn_suffixes();
	test_kerberos();
	return (done_testing());
}
