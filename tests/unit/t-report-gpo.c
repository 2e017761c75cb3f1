/*
 * t-report-gpo.c: the security templates byte by byte (BOM, UTF-16LE, CRLF,
 * "=7," for an empty list), each stage, and read back by the exception
 * list reader.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exceptions.h"
#include "policy.h"
#include "report-gpo.h"
#include "tap.h"

#define NL	"MACHINE\\System\\CurrentControlSet\\Services\\Netlogon\\" \
		"Parameters\\"
#define MSV	"MACHINE\\System\\CurrentControlSet\\Control\\Lsa\\MSV1_0\\"
#define HEAD	"[Unicode]\r\nUnicode=yes\r\n[Version]\r\n" \
		"signature=\"$CHICAGO$\"\r\nRevision=1\r\n[Registry Values]\r\n"

static struct policies	*ps;

/* Write a template into memory; *len gets its size. */
static unsigned char *
render(const char *level, enum report_gpo_stage st, const char *const *names,
    size_t n, size_t *len)
{
	char	*buf = NULL;
	FILE	*f;

	f = open_memstream(&buf, len);
	report_gpo_write(f, policies_find(ps, level), NULL, st, names, n);
	fclose(f);
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
	static const char *const names[] = { "APP01", "LEGACY*" };
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
	    NL "DCAllowedNTLMServers=7,APP01,LEGACY*\r\n");
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

static void
test_non_ascii(void)
{
	static const char *const names[] = {
		"SRV\xc3\xa9", "X\xf0\x9f\x98\x80"
	};
	unsigned char	*b;
	size_t		 len;
	const unsigned char want[] = { 'S', 0, 'R', 0, 'V', 0, 0xe9, 0, ',', 0,
	    'X', 0, 0x3d, 0xd8, 0x00, 0xde, '\r', 0, '\n', 0 };

	b = render("7", REPORT_GPO_AUDIT, names, 2, &len);
	ok(len > sizeof want && memcmp(b + len - sizeof want, want,
	    sizeof want) == 0, "UTF-8 names become UTF-16LE, with surrogates");
	free(b);
}

static void
test_read_back(void)
{
	static const char *const names[] = {
		"APP01", "LEGACY*", "srv9.corp.example"
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
	test_non_ascii();
	test_read_back();
	test_audit_floor();
	policies_free(ps);
	return (done_testing());
}
