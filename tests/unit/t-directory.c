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
	add(dir, "CN=alpha.example,CN=System,DC=corp,DC=example",
	    "objectClass", "trustedDomain", "trustPartner", "alpha.example",
	    "trustDirection", "1", "trustAttributes", "0", "trustType", "2",
	    NULL);
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
	return (done_testing());
}
