/*
 * t-hostname.c: unit tests of hostname.c (the checked server name): what is
 * a host name, what is refused and why, and that HOSTNAME_ASSERT aborts on
 * a forged value instead of letting a writer write it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostname.h"
#include "tap.h"

static void
test_valid(void)
{
	static const struct {
		const char		*in;
		enum hostname_kind	 kind;
		const char		*out;
	} cases[] = {
		{ "APP02", HOSTNAME_NETBIOS, "APP02" },
		{ "srv-01_b", HOSTNAME_NETBIOS, "srv-01_b" },
		{ "ABCDEFGHIJKLMNO", HOSTNAME_NETBIOS, "ABCDEFGHIJKLMNO" },
		{ "app02.corp.example", HOSTNAME_DNS, "app02.corp.example" },
		{ "CORP.EXAMPLE.", HOSTNAME_DNS, "CORP.EXAMPLE" },
		{ "fs01.", HOSTNAME_NETBIOS, "fs01" },
		{ "a-b.c", HOSTNAME_DNS, "a-b.c" },
		{ "10.23.42.18", HOSTNAME_IPV4, "10.23.42.18" },
		{ "fe80::1", HOSTNAME_IPV6, "fe80::1" },
		{ "::ffff:10.0.0.1", HOSTNAME_IPV6, "::ffff:10.0.0.1" },
	};
	struct hostname		*h;
	enum hostname_refusal	 why;
	size_t			 i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		h = hostname_create(cases[i].in, &why);
		if (!ok(h != NULL, "%s is a host name", cases[i].in)) {
			diag("refused: %s", hostname_refusal_code(why));
			continue;
		}
		is_int(h->kind, cases[i].kind, "%s: its kind", cases[i].in);
		is_str(hostname_str(h), cases[i].out, "%s: as kept",
		    cases[i].in);
		ok(hostname_is_checked(h), "%s: checked", cases[i].in);
		hostname_free(h);
	}
	h = hostname_create_upper("app02", NULL);
	is_str(hostname_str(h), "APP02", "upper case copy");
	hostname_free(h);
	hostname_free(NULL);
}

static void
test_refused(void)
{
	static const struct {
		const char		*in;
		enum hostname_refusal	 why;
	} cases[] = {
		{ "", HOSTNAME_EMPTY },
		{ "-", HOSTNAME_EMPTY },
		{ "(NULL)", HOSTNAME_EMPTY },
		{ "*", HOSTNAME_WILDCARD },
		{ "cifs/*", HOSTNAME_CHARACTER },
		{ "APP02,*", HOSTNAME_SEPARATOR },
		{ "WS1;=1+1;", HOSTNAME_SEPARATOR },
		{ "x:y\r\nMACHINE\\System=4,0", HOSTNAME_CONTROL },
		{ "HOST\r\n", HOSTNAME_CONTROL },
		{ "\x1b]0;pwned\a\x1b[2J", HOSTNAME_CONTROL },
		{ "x:y", HOSTNAME_ADDRESS },
		{ "fe80::1%eth0", HOSTNAME_CHARACTER },
		{ "[::1]", HOSTNAME_CHARACTER },
		{ "1.2.3", HOSTNAME_NUMERIC },
		{ "999.1.1.1", HOSTNAME_NUMERIC },
		{ "host.123", HOSTNAME_NUMERIC },
		{ "a..b", HOSTNAME_LABEL },
		{ ".a", HOSTNAME_LABEL },
		{ "-a.b", HOSTNAME_LABEL },
		{ "a-.b", HOSTNAME_LABEL },
		{ "ABCDEFGHIJKLMNOP", HOSTNAME_NETBIOS_LONG },
		{ "a b", HOSTNAME_SEPARATOR },
		{ "caf\xc3\xa9", HOSTNAME_CHARACTER },
		{ "a\"b", HOSTNAME_CHARACTER },
		{ "a'b", HOSTNAME_CHARACTER },
		{ "a%b", HOSTNAME_CHARACTER },
		{ "#a", HOSTNAME_CHARACTER },
	};
	char			 longname[300];
	enum hostname_refusal	 why;
	size_t			 i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ok(hostname_create(cases[i].in, &why) == NULL,
		    "case %zu refused", i);
		is_str(hostname_refusal_code(why),
		    hostname_refusal_code(cases[i].why), "case %zu: why", i);
	}
	memset(longname, 'a', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	longname[10] = '.';
	is_int(hostname_check(longname, NULL), HOSTNAME_TOO_LONG,
	    "over 253 characters");
	memset(longname, 'a', 70);
	longname[70] = '.';
	longname[71] = 'b';
	longname[72] = '\0';
	is_int(hostname_check(longname, NULL), HOSTNAME_TOO_LONG,
	    "a label over 63 characters");
	is_str(hostname_refusal_code(HOSTNAME_NREFUSALS), "unknown",
	    "an out-of-range refusal");
}

static void
forged_unmarked(void)
{
	struct hostname	h = { 0, HOSTNAME_NETBIOS, (char *)"APP02" };

	HOSTNAME_ASSERT(&h);
}

static void
forged_string(void)
{
	struct hostname	h = { HOSTNAME_MAGIC, HOSTNAME_NETBIOS,
	    (char *)"APP02,*" };

	HOSTNAME_ASSERT(&h);
}

static void
forged_kind(void)
{
	struct hostname	h = { HOSTNAME_MAGIC, HOSTNAME_IPV4,
	    (char *)"APP02" };

	HOSTNAME_ASSERT(&h);
}

static void
genuine(void)
{
	struct hostname	*h = hostname_create("APP02", NULL);

	HOSTNAME_ASSERT(h);
	hostname_free(h);
}

static void
test_assert(void)
{
	ok(child_aborts(forged_unmarked), "an unmarked name aborts");
	ok(child_aborts(forged_string), "a marked bad string aborts");
	ok(child_aborts(forged_kind), "a marked name of the wrong kind aborts");
	ok(!child_aborts(genuine), "a checked name passes");
}

int
main(void)
{
	plan_no_plan();
	test_valid();
	test_refused();
	test_assert();
	return (done_testing());
}
