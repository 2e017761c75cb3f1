/*
 * t-exceptions.c: exception list entries (checks, matching by NetBIOS name
 * or FQDN, wildcards, case), the text and template readers, and the PCRE2
 * wrapper underneath.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exceptions.h"
#include "pattern.h"
#include "tap.h"

static void
test_match(void)
{
	static const struct {
		const char	*entry;
		const char	*netbios;
		const char	*fqdn;
		int		 match;
	} cases[] = {
		{ "APP01", "APP01", "app01.corp.example", 1 },
		{ "app01", "APP01", NULL, 1 },
		{ "App01.Corp.Example", "APP01", "app01.corp.example", 1 },
		{ "app01.corp.example", "APP01", NULL, 0 },
		{ "*01", "APP01", NULL, 1 },
		{ "A*1", "APP01", NULL, 1 },
		{ "AP*", "APP01", NULL, 1 },
		{ "app*", "APP01", NULL, 1 },
		{ "*", "APP01", NULL, 0 },
		{ "*.corp.example", "APP01", "app01.corp.example", 1 },
		{ "*.corp.example", "APP01", NULL, 0 },
		{ "app01.*", "APP01", "app01.corp.example", 1 },
		{ "APP0", "APP01", "app01.corp.example", 0 },
		{ "APP01X", "APP01", "app01.corp.example", 0 },
		{ "*02", "APP01", "app01.corp.example", 0 },
		{ "B*", "APP01", "app01.corp.example", 0 },
		{ "APP.1", "APP01", NULL, 0 },
		{ "A(P)*", "A(P)1", NULL, 1 },
		{ "A(P)*", "AP1", NULL, 0 },
		{ "a*b*", "AXBX", NULL, 0 },
		{ "APP 01", "APP 01", NULL, 0 },
		{ "APP,01", "APP", NULL, 0 },
	};
	struct exceptions	*ex;
	size_t			 i;
	long			 m;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ex = exceptions_create();
		exceptions_add(ex, cases[i].entry, "case");
		m = exceptions_match(ex, cases[i].netbios, cases[i].fqdn);
		ok((m == 0) == cases[i].match, "%s %s %s / %s",
		    cases[i].entry,
		    cases[i].match ? "matches" : "does not match",
		    cases[i].netbios, cases[i].fqdn ? cases[i].fqdn : "(none)");
		if (m == 0)
			is_int(exceptions_get(ex, 0)->hits, 1, "hit counted");
		exceptions_free(ex);
	}
}

static void
test_check(void)
{
	ok(exceptions_check("SRV1") == NULL, "SRV1 valid");
	ok(exceptions_check("LEGACY*") == NULL, "LEGACY* valid");
	ok(exceptions_check("srv-1.corp.example") == NULL, "FQDN valid");
	is_str(exceptions_check("A*B*"), "more than one '*'", "two stars");
	is_str(exceptions_check("SRV 1"), "invalid character", "blank");
	is_str(exceptions_check("SRV\\1"), "invalid character", "backslash");
	is_str(exceptions_check("A,B"), "invalid character", "comma");
	is_str(exceptions_check(""), "empty name", "empty");
	ok(exceptions_check("*") != NULL, "lone star refused");
	/* PCRE2 (UTF mode) refuses these: an entry's reason, not exit 70. */
	is_str(exceptions_check("G\xc3*"), "invalid UTF-8", "cut UTF-8");
	is_str(exceptions_check("*\xff"), "invalid UTF-8", "byte 0xff");
	is_str(exceptions_check("\xc0\xaf*"), "invalid UTF-8", "overlong");
	is_str(exceptions_check("\xed\xa0\x80*"), "invalid UTF-8",
	    "surrogate");
	ok(exceptions_check("SRV\xc3\xa9*") == NULL, "UTF-8 with a star valid");
}

static void
test_invalid_utf8(void)
{
	struct exceptions		*ex = exceptions_create();
	const struct exceptions_entry	*e;

	is_int(exceptions_add(ex, "G\xc3*", "list.txt:3"), -1,
	    "invalid UTF-8 next to '*': refused");
	e = exceptions_get(ex, 0);
	is_str(e->reason, "invalid UTF-8", "its reason");
	is_str(e->where, "list.txt:3", "its line");
	is_int(exceptions_match(ex, "G", NULL), -1, "matches nothing");
	/* A name PCRE2 refuses (not UTF-8) matches no wildcard. */
	is_int(exceptions_add(ex, "SRV*", "list.txt:4"), 0, "SRV* valid");
	is_int(exceptions_match(ex, "SRV\xff", NULL), -1,
	    "a name of invalid UTF-8: no match, not an error taken as one");
	is_int(exceptions_match(ex, "SRV1", NULL), 1, "SRV1 matches SRV*");
	exceptions_free(ex);
}

static char *
write_file(const void *buf, size_t len)
{
	static char	path[64];
	FILE		*f;
	int		 fd;

	snprintf(path, sizeof path, "/tmp/t-exceptions.XXXXXX");
	fd = mkstemp(path);
	f = fdopen(fd, "wb");
	fwrite(buf, 1, len, f);
	fclose(f);
	return (path);
}

/* ASCII to UTF-16LE with a BOM; returns the length. */
static size_t
utf16(const char *s, unsigned char *out)
{
	size_t	n = 0;

	out[n++] = 0xff;
	out[n++] = 0xfe;
	for (; *s != '\0'; s++) {
		out[n++] = (unsigned char)*s;
		out[n++] = 0;
	}
	return (n);
}

static void
test_load(void)
{
	static const char text[] = "# exceptions in force\n\nAPP01\r\n"
	    "  legacy*  \nA*B*\n# end\nsrv2.corp.example\n";
	static const char inf[] = "[Unicode]\r\nUnicode=yes\r\n[Version]\r\n"
	    "signature=\"$CHICAGO$\"\r\nRevision=1\r\n[Registry Values]\r\n"
	    "MACHINE\\System\\CurrentControlSet\\Services\\Netlogon\\"
	    "Parameters\\RestrictNTLMInDomain=4,1\r\n"
	    "MACHINE\\System\\CurrentControlSet\\Services\\Netlogon\\"
	    "Parameters\\DCAllowedNTLMServers=7,APP01, LEGACY*,SRV 9\r\n";
	struct exceptions		*ex;
	const struct exceptions_entry	*e;
	unsigned char			 buf[4096];
	char				*path, *cause = NULL;
	int				 found;
	size_t				 n;

	ex = exceptions_create();
	path = write_file(text, sizeof text - 1);
	ok(exceptions_load(ex, path, "DCAllowedNTLMServers", &found,
	    &cause) == 0 && found, "text list loads");
	is_int(exceptions_count(ex), 4, "four entries");
	e = exceptions_get(ex, 1);
	is_str(e->name, "legacy*", "blanks trimmed");
	ok(strstr(e->where, ":4") != NULL, "line number kept");
	ok(exceptions_get(ex, 2)->reason != NULL, "A*B* invalid");
	is_int(exceptions_match(ex, "LEGACY07", NULL), 1, "wildcard matches");
	is_int(exceptions_match(ex, "SRV2", "srv2.corp.example"), 3,
	    "FQDN entry matches");
	is_int(exceptions_match(ex, "AXB", NULL), -1, "invalid entry unused");
	unlink(path);
	exceptions_free(ex);

	ex = exceptions_create();
	n = utf16(inf, buf);
	path = write_file(buf, n);
	ok(exceptions_load(ex, path, "DCAllowedNTLMServers", &found,
	    &cause) == 0 && found, "UTF-16LE template loads");
	is_int(exceptions_count(ex), 3, "three entries in it");
	is_str(exceptions_get(ex, 1)->name, "LEGACY*", "second entry");
	ok(exceptions_get(ex, 2)->reason != NULL, "SRV 9 invalid");
	unlink(path);
	exceptions_free(ex);

	ex = exceptions_create();
	path = write_file(inf, sizeof inf - 1);
	ok(exceptions_load(ex, path, "DCAllowedNTLMServers", &found,
	    &cause) == 0 && found, "UTF-8 template loads");
	is_int(exceptions_count(ex), 3, "three entries in it");
	exceptions_free(ex);
	ex = exceptions_create();
	ok(exceptions_load(ex, path, "ClientAllowedNTLMServers", &found,
	    &cause) == 0 && !found, "other value: not found");
	is_int(exceptions_count(ex), 0, "no entries");
	unlink(path);
	exceptions_free(ex);

	ex = exceptions_create();
	memcpy(buf, "\xff\xfe\x00\xd8\x41\x00", 6);
	path = write_file(buf, 6);
	ok(exceptions_load(ex, path, "DCAllowedNTLMServers", &found,
	    &cause) == -1 && cause != NULL, "unpaired surrogate refused");
	free(cause);
	cause = NULL;
	unlink(path);
	ok(exceptions_load(ex, "/nonexistent/x", "DCAllowedNTLMServers",
	    &found, &cause) == -1 && cause != NULL &&
	    strstr(cause, "/nonexistent/x") != NULL, "missing file named");
	free(cause);
	exceptions_free(ex);
}

static void
test_pattern(void)
{
	struct pattern	*p;
	char		*cause = NULL;

	p = pattern_create("^svc-\\d+$", PATTERN_CASELESS, &cause);
	ok(p != NULL && pattern_match(p, "SVC-12") &&
	    !pattern_match(p, "svc-x") && !pattern_match(p, NULL),
	    "caseless regex");
	pattern_free(p);
	p = pattern_create("^abc$", 0, &cause);
	ok(p != NULL && !pattern_match(p, "ABC"), "case-sensitive regex");
	pattern_free(p);
	ok(pattern_create("a(b", 0, &cause) == NULL && cause != NULL &&
	    strstr(cause, "offset") != NULL, "bad regex refused with offset");
	free(cause);
	p = pattern_create_wildcard("a.b*", &cause);
	ok(p != NULL && pattern_match(p, "A.Bcd") && !pattern_match(p, "axbcd"),
	    "wildcard quotes '.'");
	pattern_free(p);
	pattern_free(NULL);
}

int
main(void)
{
	test_check();
	test_invalid_utf8();
	test_match();
	test_load();
	test_pattern();
	return (done_testing());
}
