/*
 * t-report-gpo.c: the security templates byte by byte (BOM, UTF-16LE, CRLF,
 * "=7," for an empty list), each stage, read back by the exception list
 * reader; only checked names reach them, a forged one aborts.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exceptions.h"
#include "hostname.h"
#include "policy.h"
#include "report-gpo.h"
#include "tap.h"

#define NL	"MACHINE\\System\\CurrentControlSet\\Services\\Netlogon\\" \
		"Parameters\\"
#define MSV	"MACHINE\\System\\CurrentControlSet\\Control\\Lsa\\MSV1_0\\"
#define HEAD	"[Unicode]\r\nUnicode=yes\r\n[Version]\r\n" \
		"signature=\"$CHICAGO$\"\r\nRevision=1\r\n[Registry Values]\r\n"

static struct policies	*ps;

/* Write a template of checked names into memory; *len gets its size. */
static unsigned char *
render(const char *level, enum report_gpo_stage st, const char *const *names,
    size_t n, size_t *len)
{
	struct hostname	*h[8];
	char		*buf = NULL;
	size_t		 i;
	FILE		*f;

	for (i = 0; i < n; i++)
		if ((h[i] = hostname_create(names[i], NULL)) == NULL)
			diag("not a host name: %s", names[i]);
	f = open_memstream(&buf, len);
	report_gpo_write(f, policies_find(ps, level), NULL, st,
	    (const struct hostname *const *)h, n);
	fclose(f);
	for (i = 0; i < n; i++)
		hostname_free(h[i]);
	return ((unsigned char *)buf);
}

/* Compare with ASCII text expected as UTF-16LE after a BOM. */
static void
check(const char *name, const unsigned char *got, size_t len,
    const char *want)
{
	size_t	i, wl = strlen(want);
	int	good = len == 2 + 2 * wl && got[0] == 0xff && got[1] == 0xfe;

	for (i = 0; good && i < wl; i++)
		good = got[2 + 2 * i] == (unsigned char)want[i] &&
		    got[3 + 2 * i] == 0;
	ok(good, "%s: bytes", name);
	if (!good)
		diag("length %zu, expected %zu", len, 2 + 2 * wl);
}

static void
test_templates(void)
{
	static const char *const names[] = { "APP01", "legacy02.corp.example" };
	unsigned char	*b;
	size_t		 len;

	b = render("1", REPORT_GPO_AUDIT, NULL, 0, &len);
	check("audit, level 1, empty list", b, len, HEAD
	    NL "AuditNTLMInDomain=4,1\r\n" NL "RestrictNTLMInDomain=4,0\r\n"
	    NL "DCAllowedNTLMServers=7,\r\n");
	free(b);
	b = render("1", REPORT_GPO_ENFORCE, names, 2, &len);
	check("enforce, level 1", b, len, HEAD
	    NL "AuditNTLMInDomain=4,7\r\n" NL "RestrictNTLMInDomain=4,1\r\n"
	    NL "DCAllowedNTLMServers=7,APP01,legacy02.corp.example\r\n");
	free(b);
	b = render("deny-domain-servers", REPORT_GPO_AUDIT, names, 1, &len);
	check("audit, level 5", b, len, HEAD
	    NL "AuditNTLMInDomain=4,5\r\n" NL "RestrictNTLMInDomain=4,0\r\n"
	    NL "DCAllowedNTLMServers=7,APP01\r\n");
	free(b);
	b = render("outgoing-deny-all", REPORT_GPO_AUDIT, names, 1, &len);
	check("outgoing, audit", b, len, HEAD
	    MSV "RestrictSendingNTLMTraffic=4,1\r\n"
	    MSV "ClientAllowedNTLMServers=7,APP01\r\n");
	free(b);
	b = render("outgoing-deny-all", REPORT_GPO_ENFORCE, names, 1, &len);
	check("outgoing, enforce", b, len, HEAD
	    MSV "RestrictSendingNTLMTraffic=4,2\r\n"
	    MSV "ClientAllowedNTLMServers=7,APP01\r\n");
	free(b);
	b = render("incoming-deny-all", REPORT_GPO_ENFORCE, names, 2, &len);
	check("incoming, enforce: no list", b, len, HEAD
	    MSV "AuditReceivingNTLMTraffic=4,2\r\n"
	    MSV "RestrictReceivingNTLMTraffic=4,2\r\n");
	free(b);
}

/* A name that is no host name never reaches a template. */
static void
test_refused(void)
{
	static const char *const bad[] = {
		"SRV\xc3\xa9", "LEGACY*", "APP02,*", "x:y\r\nMACHINE\\x=4,0",
		"cifs/*"
	};
	size_t	i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ok(hostname_create(bad[i], NULL) == NULL,
		    "refused as a list entry: bad name %zu", i);
}

static void
forged_template(void)
{
	struct hostname		 h = { HOSTNAME_MAGIC, HOSTNAME_NETBIOS,
				    (char *)"APP02,*" };
	const struct hostname	*v[] = { &h };
	FILE			*f = fopen("/dev/null", "w");

	report_gpo_write(f, policies_find(ps, "1"), NULL, REPORT_GPO_ENFORCE,
	    v, 1);
	fclose(f);
}

static void
forged_list(void)
{
	struct hostname		 h = { HOSTNAME_MAGIC, HOSTNAME_NETBIOS,
				    (char *)"x\r\nMACHINE\\y=4,0" };
	const struct hostname	*v[] = { &h };
	FILE			*f = fopen("/dev/null", "w");

	exceptions_save(f, NULL, 0, v, 1);
	fclose(f);
}

static void
forged_unmarked(void)
{
	struct hostname		 h = { 0, HOSTNAME_NETBIOS, (char *)"APP02" };
	const struct hostname	*v[] = { &h };
	char			**lines;

	report_gpo_lines(policies_find(ps, "1"), NULL, REPORT_GPO_ENFORCE, v, 1,
	    &lines);
}

static void
test_forged(void)
{
	ok(child_aborts(forged_template),
	    "template writer aborts on a forged name");
	ok(child_aborts(forged_list), "list writer aborts on a forged name");
	ok(child_aborts(forged_unmarked),
	    "template lines abort on an unchecked name");
}

static void
test_read_back(void)
{
	static const char *const names[] = {
		"APP01", "legacy02", "srv9.corp.example"
	};
	struct exceptions	*ex;
	unsigned char		*b;
	char			 path[] = "/tmp/t-report-gpo.XXXXXX";
	char			*cause = NULL;
	size_t			 len, i, k;
	FILE			*f;
	int			 found, good;

	for (i = 0; i <= 3; i += 3) {
		b = render("3", REPORT_GPO_ENFORCE, names, i, &len);
		f = fdopen(mkstemp(path), "wb");
		fwrite(b, 1, len, f);
		fclose(f);
		free(b);
		ex = exceptions_create();
		good = exceptions_load(ex, path, "DCAllowedNTLMServers", &found,
		    &cause) == 0 && found && exceptions_count(ex) == i;
		for (k = 0; good && k < i; k++)
			good = strcmp(exceptions_get(ex, k)->name, names[k]) ==
			    0 && exceptions_get(ex, k)->reason == NULL;
		ok(good, "template with %zu names read back", i);
		exceptions_free(ex);
		unlink(path);
		strcpy(path, "/tmp/t-report-gpo.XXXXXX");
	}
}

/* The audit stage audits at another level's audit value when told to. */
static void
test_audit_floor(void)
{
	char	**lines;
	size_t	  n, i;

	n = report_gpo_lines(policies_find(ps, NULL), policies_find(ps, "5"),
	    REPORT_GPO_AUDIT, NULL, 0, &lines);
	ok(n > 0 && strstr(lines[0], "AuditNTLMInDomain=4,5") != NULL,
	    "audit stage of 1 at the audit value of 5");
	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	n = report_gpo_lines(policies_find(ps, NULL), policies_find(ps, "5"),
	    REPORT_GPO_ENFORCE, NULL, 0, &lines);
	ok(n > 0 && strstr(lines[0], "AuditNTLMInDomain=4,7") != NULL,
	    "the enforce stage keeps auditing all");
	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	n = report_gpo_lines(policies_find(ps, NULL),
	    policies_find(ps, "incoming-deny-all"), REPORT_GPO_AUDIT, NULL, 0,
	    &lines);
	ok(n > 0 && strstr(lines[0], "AuditNTLMInDomain=4,1") != NULL,
	    "another setting's level is no audit floor");
	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

int
main(void)
{
	char	*cause = NULL;

	if ((ps = policies_load(testdata("../policies"), &cause)) == NULL) {
		diag("%s", cause);
		ok(0, "policies load");
		return (done_testing());
	}
	test_templates();
	test_refused();
	test_forged();
	test_read_back();
	test_audit_floor();
	policies_free(ps);
	return (done_testing());
}
