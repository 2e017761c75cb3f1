/*
 * t-policy.c: policy files: the shipped ones, an alternate directory, and
 * files that must be refused.
 */
#include "config.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "policy.h"
#include "tap.h"

static void
test_shipped(void)
{
	struct policies		*ps;
	const struct policy	*p;
	char			*cause = NULL;
	size_t			 first, n;

	ps = policies_load(testdata("../policies"), &cause);
	ok(ps != NULL, "shipped policies load");
	if (ps == NULL) {
		diag("%s", cause);
		free(cause);
		return;
	}
	is_int(policies_count(ps), 7, "seven options");
	p = policies_find(ps, NULL);
	is_str(p != NULL ? p->name : NULL,
	    "deny-domain-accounts-to-domain-servers", "default option");
	p = policies_find(ps, "1");
	is_str(p != NULL ? p->name : NULL,
	    "deny-domain-accounts-to-domain-servers", "value 1");
	p = policies_find(ps, "3");
	is_str(p != NULL ? p->name : NULL, "deny-domain-accounts", "value 3");
	p = policies_find(ps, "5");
	is_str(p != NULL ? p->name : NULL, "deny-domain-servers", "value 5");
	p = policies_find(ps, "7");
	is_str(p != NULL ? p->name : NULL, "deny-all", "value 7");
	ok(policies_find(ps, "2") == NULL, "no value 2 in the domain setting");
	ok(policies_find(ps, "deny-everything") == NULL, "unknown name");
	p = policies_find(ps, "DENY-ALL");
	ok(p != NULL && p->value == 7, "names fold case");
	ok(p != NULL && p->audit_keep == 7 && p->off == 0 &&
	    strcmp(p->exceptions_key, "MACHINE\\System\\CurrentControlSet\\"
	    "Services\\Netlogon\\Parameters\\DCAllowedNTLMServers") == 0,
	    "deny-all registry data");
	first = policies_setting(ps, p, &n);
	is_int(n, 4, "four options in the domain setting");
	is_int(policies_get(ps, first)->value, 1, "sorted by value (1)");
	is_int(policies_get(ps, first + 3)->value, 7, "sorted by value (7)");

	p = policies_find(ps, "incoming-deny-all");
	ok(p != NULL && p->value == 2 && p->exceptions_key == NULL &&
	    policy_has_event(p, 8002) && policy_has_event(p, 4002) &&
	    !policy_has_event(p, 8003), "incoming deny all: 8002/4002");
	ok(p != NULL && policy_blocks(p, ACCOUNT_LOCAL, SERVER_NONDOMAIN),
	    "incoming deny all blocks local accounts");
	policies_setting(ps, p, &n);
	is_int(n, 2, "two incoming options");
	p = policies_find(ps, "outgoing-deny-all");
	ok(p != NULL && p->value == 2 && p->off == 1 && p->audit_key == NULL &&
	    p->names_both && p->client_logged_by &&
	    policy_has_event(p, 8001), "outgoing deny all");

	p = policies_find(ps, "1");
	ok(policy_blocks(p, ACCOUNT_DOMAIN, SERVER_DOMAIN) &&
	    policy_blocks(p, ACCOUNT_DOMAIN, SERVER_DC) &&
	    !policy_blocks(p, ACCOUNT_DOMAIN, SERVER_NONDOMAIN) &&
	    !policy_blocks(p, ACCOUNT_TRUSTED, SERVER_DOMAIN),
	    "1: domain accounts to domain servers");
	p = policies_find(ps, "5");
	ok(policy_blocks(p, ACCOUNT_TRUSTED, SERVER_DOMAIN) &&
	    !policy_blocks(p, ACCOUNT_LOCAL, SERVER_DOMAIN) &&
	    !policy_blocks(p, ACCOUNT_ANONYMOUS, SERVER_DOMAIN) &&
	    !policy_blocks(p, ACCOUNT_DOMAIN, SERVER_NONDOMAIN),
	    "5: any account to domain servers, never local or anonymous");
	ok(p->nnotes == 2, "notes kept");
	p = policies_find(ps, "7");
	ok(policy_blocks(p, ACCOUNT_DOMAIN, SERVER_NONDOMAIN) &&
	    policy_blocks(p, ACCOUNT_TRUSTED, SERVER_DC) &&
	    policy_blocks(p, ACCOUNT_UNKNOWN, SERVER_DOMAIN) &&
	    !policy_blocks(p, ACCOUNT_TRUSTED, SERVER_NONDOMAIN) &&
	    policy_blocks(p, ACCOUNT_UNKNOWN, SERVER_NONDOMAIN) &&
	    !policy_blocks(p, ACCOUNT_LOCAL, SERVER_DOMAIN),
	    "7: from its servers and for its accounts (two block lines), "
	    "an unplaced account as a domain account");
	p = policies_find(ps, NULL);
	ok(policies_is_audit_value(ps, p, 1) &&
	    policies_is_audit_value(ps, p, 5) &&
	    policies_is_audit_value(ps, p, 7) &&
	    !policies_is_audit_value(ps, p, 2),
	    "audit values of the domain setting: 1 3 5 7, not 2");
	p = policies_find(ps, "incoming-deny-all");
	ok(p != NULL && policies_is_audit_value(ps, p, 2) &&
	    !policies_is_audit_value(ps, p, 7),
	    "audit values of the incoming setting: not 7");
	policies_free(ps);
}

static void
test_alternate(void)
{
	struct policies		*ps;
	const struct policy	*p;
	char			*cause = NULL;

	ps = policies_load(testdata("plan/policies-alt"), &cause);
	ok(ps != NULL, "alternate directory loads");
	if (ps == NULL) {
		diag("%s", cause);
		free(cause);
		return;
	}
	is_int(policies_count(ps), 2, "two options there");
	p = policies_find(ps, NULL);
	ok(p != NULL && strcmp(p->name, "deny-trusted") == 0,
	    "its default");
	p = policies_find(ps, "11");
	ok(p != NULL && strcmp(p->name, "deny-unknown") == 0 &&
	    p->audit_key == NULL && p->type == 4,
	    "by value, type defaults to 4");
	policies_free(ps);
}

static void
test_bad(void)
{
	static const struct {
		const char	*text;
		const char	*error;
	} cases[] = {
		{ "name = x\ncolour = red\n", "x.policy:2: unknown key" },
		{ "name = x\nname = y\n", "x.policy:2: key given twice" },
		{ "name = x\nvalue\n", "x.policy:2: expected key = value" },
		{ "name = x\nblock = admins : dc\n",
		  "x.policy:2: unknown account class" },
		{ "name = x\nblock = domain : cloud\n",
		  "x.policy:2: unknown server class" },
		{ "name = x\nblock = domain dc\n",
		  "x.policy:2: block must be ACCOUNT-CLASSES : "
		  "SERVER-CLASSES" },
		{ "name = x\nsetting = s\noption = o\nkey = k\nvalue = 1\n"
		  "events = 8003\n", "x.policy: block is required" },
		{ "name = x\nevents = 8003 abc\n", "x.policy:2: bad event id" },
		{ "name = x\nevents = 0\n", "x.policy:2: bad event id" },
		{ "name = x\nevents = ,\n", "x.policy:2: no events" },
		{ "name = x\nevents = 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 "
		  "17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33\n",
		  "x.policy:2: too many events" },
		{ "name = x\ntype = 8\n",
		  "x.policy:2: type must be a template type code 1..7" },
		{ "name = x\nvalue = 4294967296\n",
		  "x.policy:2: value must be a DWORD" },
		{ "name = x\noff = -1\n", "x.policy:2: off must be a DWORD" },
		{ "name = x\naudit_value = x\n",
		  "x.policy:2: audit_value must be a DWORD" },
		{ "name = x\naudit_keep = 1.5\n",
		  "x.policy:2: audit_keep must be a DWORD" },
		{ "name = x\nnames = fqdn\n",
		  "x.policy:2: names must be netbios or both" },
		{ "name = x\nclient = server\n",
		  "x.policy:2: client must be workstation or logged_by" },
		{ "name = x\ndefault = maybe\n",
		  "x.policy:2: default must be yes or no" },
		{ "name = x\nanomalies = local admins\n",
		  "x.policy:2: unknown account class" },
		{ "name = x\nnote =\n", "x.policy:2: empty note" },
		{ "name = x\nsetting = s\noption = o\nkey = k\nvalue = 1\n"
		  "events = 8003\nblock = domain : dc\naudit_key = a\n"
		  "audit_value = 1\n",
		  "x.policy: audit_key needs audit_value and audit_keep" },
		{ "name = x\nsetting = s\noption = o\nkey = k\nvalue = 1\n"
		  "events = 8003\n"
		  "note = one\nnote = two\nblock = domain : dc\n"
		  "block = trusted : dc\ndefault = no\ndefault = yes\n",
		  "x.policy:12: key given twice" },
		{ "name = x\nsetting = s\noption = o\nkey = k\n",
		  "x.policy: key and value are required" },
		{ "name = X\nsetting = s\noption = o\nkey = k\nvalue = 1\n"
		  "events = 8003\nblock = domain : dc\n"
		  "default = yes\n",
		  "x.policy: name must be lower case letters, digits and -" },
		{ "name = x\nsetting = s\noption = o\nkey = k\nvalue = 1\n"
		  "events = 8003\nblock = domain : dc\n",
		  "exactly one policy must say default = yes" },
	};
	struct policies	*ps;
	char		 dir[] = "/tmp/t-policy.XXXXXX", path[512];
	char		*cause;
	FILE		*f;
	size_t		 i;

	if (mkdtemp(dir) == NULL) {
		ok(0, "mkdtemp");
		return;
	}
	snprintf(path, sizeof path, "%s/x.policy", dir);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		f = fopen(path, "w");
		fputs(cases[i].text, f);
		fclose(f);
		cause = NULL;
		ps = policies_load(dir, &cause);
		ok(ps == NULL && cause != NULL &&
		    strstr(cause, cases[i].error) != NULL, "refused: %s",
		    cases[i].error);
		if (cause != NULL && strstr(cause, cases[i].error) == NULL)
			diag("got: %s", cause);
		free(cause);
		policies_free(ps);
	}
	unlink(path);
	cause = NULL;
	ps = policies_load(dir, &cause);
	ok(ps == NULL && cause != NULL && strstr(cause, "no *.policy") != NULL,
	    "empty directory refused");
	free(cause);
	rmdir(dir);
}

int
main(void)
{
	test_shipped();
	test_alternate();
	test_bad();
	return (done_testing());
}
