/*
 * t-remediate.c: the remediation rules file (syntax errors), every shipped
 * rule with a flow that it decides and one that it must not, the SPN
 * evidence from a directory, the greedy cover and its tie-breaking, and
 * the --assume-fixed conditions.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "directory.h"
#include "flows.h"
#include "policy.h"
#include "kerberos.h"
#include "plan.h"
#include "remediate.h"
#include "simulate.h"
#include "tap.h"
#include "util.h"
#include "xmalloc.h"

#define RULES_PATH	NTLMPLAN_SRCDIR "/policies/remediation.rules"

static char *
write_file(const char *text)
{
	static char	path[64];
	FILE		*f;

	snprintf(path, sizeof path, "/tmp/t-remediate.XXXXXX");
	f = fdopen(mkstemp(path), "w");
	fputs(text, f);
	fclose(f);
	return (path);
}

/* A flow of values given as "field=value" pairs, NULL-terminated. */
static void
values(struct remediate_values *v, const char *const *kv)
{
	static char	buf[64][128];
	char		*eq;
	size_t		 i;
	int		 f;

	memset(v, 0, sizeof *v);
	for (i = 0; kv[i] != NULL; i++) {
		snprintf(buf[i], sizeof buf[i], "%s", kv[i]);
		eq = strchr(buf[i], '=');
		*eq = '\0';
		f = remediate_field_find(buf[i]);
		if (f == -1)
			diag("no field %s", buf[i]);
		else
			v->v[f] = eq + 1;
	}
}

static const char *
class_of(struct remediate_rules *rs, const char *const *kv)
{
	struct remediate_values		 v;
	const struct remediate_rule	*r;

	values(&v, kv);
	r = remediate_classify(rs, &v, 1);
	return (r != NULL ? r->class : REMEDIATE_UNKNOWN);
}

static const char *
rule_of(struct remediate_rules *rs, const char *const *kv)
{
	struct remediate_values		 v;
	const struct remediate_rule	*r;

	values(&v, kv);
	r = remediate_classify(rs, &v, 1);
	return (r != NULL ? r->name : "(none)");
}

#define KV(...)	((const char *const []){ __VA_ARGS__, NULL })

/* The shipped rules: each one decides its case and refuses a near miss. */
static void
test_shipped(void)
{
	const struct {
		const char	*const *kv;
		const char	*rule;
		const char	*name;
	} cases[] = {
		{ KV("usage_id=7", "usage_reason=Target is an IP address"),
		  "windows-target-is-address", "usage id 7" },
		{ KV("usage_id=17", "client=WS01"), "(none)",
		  "usage id 17 is not 7" },
		{ KV("usage_id=5"), "windows-target-name-missing",
		  "usage id 5" },
		{ KV("usage_id=6"), "windows-target-not-resolvable",
		  "usage id 6" },
		{ KV("usage_id=8", "usage_reason=Duplicate SPN"),
		  "windows-duplicate-spn", "duplicate SPN as logged" },
		{ KV("usage_id=8", "client=WS01"), "(none)",
		  "usage id 8 without its text: no meaning invented" },
		{ KV("usage_id=2", "usage_reason=Local account"),
		  "windows-local-account", "local account as logged" },
		{ KV("account_class=local", "client=WS01"), "local-account",
		  "local account class" },
		{ KV("account_class=anonymous", "client=WS01"), "anonymous",
		  "anonymous" },
		{ KV("event_id=8001", "server_seen=10.1.2.20", "client=WS01"),
		  "target-is-address-8001", "8001 TargetName an IPv4 address" },
		{ KV("event_id=8001", "server_seen=fe80::1", "client=WS01"),
		  "target-is-address-8001", "8001 TargetName an IPv6 address" },
		{ KV("event_id=8001", "server_seen=cifs/fs01.corp.example",
		  "client=WS01"), "(none)", "8001 TargetName a name" },
		{ KV("event_id=8003", "server_seen=10.1.2.20", "client=WS01"),
		  "(none)", "an address outside 8001 is not a target name" },
		{ KV("client=", "account_class=domain"), "client-unnamed",
		  "no client name" },
		{ KV("client=192.168.1.7", "account_class=domain"),
		  "client-unnamed", "client an address" },
		{ KV("client=WS01", "account_class=domain"), "(none)",
		  "client a name" },
		{ KV("client=WS01", "server_in_directory=yes",
		  "spn_status=none"), "server-without-spn", "no SPN at all" },
		{ KV("client=WS01", "server_in_directory=no",
		  "spn_status=none"), "(none)", "not in the directory" },
		{ KV("client=WS01", "spn_status=duplicate"), "duplicate-spn",
		  "duplicate SPN in the directory" },
		{ KV("client=WS01", "spn_holder=computer",
		  "spn_status=elsewhere"), "spn-elsewhere", "SPN elsewhere" },
		{ KV("client=WS01", "spn_holder=service-account",
		  "spn_status=elsewhere"), "(none)",
		  "SPN elsewhere, service may run as an account" },
		{ KV("client=WS01", "spn_holder=computer",
		  "spn_status=missing"), "spn-missing", "SPN missing" },
		{ KV("client=WS01", "spn_holder=service-account",
		  "spn_status=missing"), "(none)",
		  "SPN missing on the computer, service account unknown" },
		{ KV("client=WS01", "os=Windows NT", "os_version=4.0 (1381)"),
		  "server-os-windows-nt", "Windows NT 4.0" },
		{ KV("client=WS01", "os=Windows NT"), "(none)",
		  "Windows NT without a version" },
		{ KV("client=WS01", "os=Samba", "os_version=2.2.8a"),
		  "server-os-old-samba", "Samba 2" },
		{ KV("client=WS01", "os=Samba", "os_version=4.17.12-Debian"),
		  "(none)", "Samba 4 does Kerberos" },
		{ KV("client=MON01", "account_class=domain",
		  "spn_holder=computer", "spn_status=registered",
		  "client_in_directory=yes"), "client-chooses-ntlm",
		  "server ready, member client" },
		{ KV("client=MON01", "account_class=trusted",
		  "spn_holder=computer", "spn_status=registered",
		  "client_in_directory=yes"), "(none)",
		  "server ready, trusted account" },
		{ KV("client=MON01", "account_class=domain",
		  "spn_holder=service-account", "spn_status=registered",
		  "client_in_directory=yes"), "(none)",
		  "SPN on the computer, service may run as an account" },
		{ KV("client=MFP", "account_class=domain",
		  "spn_holder=computer", "spn_status=registered",
		  "client_in_directory=no"), "client-outside-domain",
		  "server ready, client not a member" },
		{ KV("client=MFP", "account_class=domain",
		  "spn_holder=computer", "spn_status=registered"), "(none)",
		  "client membership unknown (no directory)" },
		{ KV("client=SQL02", "account_class=domain",
		  "spn_holder=service-account", "spn_status=service-account",
		  "client_in_directory=yes", "kerberos=rc4-only"),
		  "client-chooses-ntlm-service-account",
		  "SPN on the service account, member client" },
		{ KV("client=SQL02", "account_class=domain",
		  "spn_holder=computer", "spn_status=service-account",
		  "client_in_directory=yes"), "(none)",
		  "SPN on an account, but the service runs as the computer" },
	};
	struct remediate_rules	*rs;
	char			*cause = NULL;
	size_t			 i, j, hit;

	rs = remediate_rules_load(RULES_PATH, &cause);
	ok(rs != NULL, "shipped rules load");
	if (rs == NULL) {
		diag("%s", cause);
		free(cause);
		return;
	}
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		is_str(rule_of(rs, cases[i].kv), cases[i].rule, "%s",
		    cases[i].name);
	/* Every shipped rule has a case that it decides. */
	for (i = 0; i < remediate_rules_count(rs); i++) {
		hit = 0;
		for (j = 0; j < sizeof cases / sizeof cases[0]; j++)
			hit |= strcmp(rule_of(rs, cases[j].kv),
			    remediate_rules_get(rs, i)->name) == 0;
		ok(hit && remediate_rules_get(rs, i)->source != NULL,
		    "rule %s: tested, with a source",
		    remediate_rules_get(rs, i)->name);
	}
	is_str(class_of(rs, KV("usage_id=7")), "target-is-address",
	    "class of a rule");
	ok(remediate_rules_danger(rs, "dc") != NULL &&
	    remediate_rules_danger(rs, "domain") == NULL, "danger of a DC");
	ok(remediate_rules_get(rs, 0)->kerberos, "a fix to Kerberos marked");
	for (i = 0; i < remediate_rules_count(rs); i++) {
		if (strcmp(remediate_rules_get(rs, i)->name, "local-account") ==
		    0)
			ok(!remediate_rules_get(rs, i)->kerberos,
			    "a local account's fix is not to Kerberos");
	}
	remediate_rules_free(rs);
}

/* A site rule on the SPN holder's Kerberos class. */
static void
test_kerberos_field(void)
{
	struct remediate_rules	*rs;
	char			*path, *cause = NULL;

	path = write_file("[rule rc4]\nclass = service-account-rc4-only\n"
	    "kerberos = yes\nwhen = kerberos ^rc4-only$\nfix = f\n"
	    "evidence = {spn_owners} is {kerberos}\nsource = s\n");
	rs = remediate_rules_load(path, &cause);
	unlink(path);
	ok(rs != NULL, "a rule on kerberos loads");
	if (rs == NULL) {
		diag("%s", cause);
		free(cause);
		return;
	}
	ok(remediate_rules_get(rs, 0)->kerberos, "kerberos = yes read");
	is_str(rule_of(rs, KV("kerberos=rc4-only", "spn_owners=svc-sql")),
	    "rc4", "matches an RC4-only holder");
	is_str(rule_of(rs, KV("kerberos=probably-no-aes-keys")), "(none)",
	    "not another class");
	is_str(rule_of(rs, KV("user=svc-sql")), "(none)",
	    "not a flow without a Kerberos verdict");
	remediate_rules_free(rs);
}

static void
test_syntax(void)
{
	static const struct {
		const char	*text;
		const char	*error;
	} bad[] = {
		{ "class = x\n", ":1: a key outside" },
		{ "[rule a]\nclass = x\nwhen = colour ^r$\n",
		  ":3: unknown field: colour" },
		{ "[rule a]\nclass = x\nwhen = user a(b\n", ":3: pattern a(b" },
		{ "[rule a]\nclass = x\nclass = y\n", ":3: class given twice" },
		{ "[rule a]\nclass = x\nwhen = user ^a$\nfix = f\n"
		  "evidence = e\n", ":1: block without source" },
		{ "[rule a]\nwhen = user ^a$\n[rule b]\n",
		  ":1: block without class" },
		{ "[rule a]\nclass = x\nwhen = user\n", ":3: expected when" },
		{ "[rules a]\n", ":1: unknown block: rules" },
		{ "[rule]\n", ":1: a block needs one NAME" },
		{ "[service s]\nprocess = x\nspn = host\nholder = me\n",
		  ":4: holder must be" },
		{ "[danger d]\nserver_class = dc\nwhy = w\ncauses = c\n",
		  ":1: block without source" },
		{ "[rule a]\ncolour = red\n", ":2: unknown key: colour" },
		{ "[rule a]\nno equals sign\n", ":2: expected KEY = VALUE" },
		{ "[rule a]\nkerberos = maybe\n",
		  ":2: kerberos must be yes or no" },
	};
	struct remediate_rules	*rs;
	struct remediate_values	 v;
	char			*path, *cause, *s;
	size_t			 i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cause = NULL;
		path = write_file(bad[i].text);
		rs = remediate_rules_load(path, &cause);
		unlink(path);
		ok(rs == NULL && cause != NULL &&
		    strstr(cause, bad[i].error) != NULL, "refused: %s",
		    bad[i].error);
		if (cause != NULL && strstr(cause, bad[i].error) == NULL)
			diag("got: %s", cause);
		free(cause);
		remediate_rules_free(rs);
	}
	path = write_file("# negation and order\n[rule not-system]\n"
	    "class = a\nwhen = process !^System$\nwhen = user ^svc-\n"
	    "fix = f\nevidence = {user} on {process} {nosuch} {spn}\n"
	    "source = s\n\n[rule any]\nclass = b\nwhen = user .\nfix = g\n"
	    "evidence = e\nsource = s\n");
	rs = remediate_rules_load(path, &cause);
	unlink(path);
	ok(rs != NULL, "negated condition loads");
	is_str(class_of(rs, KV("user=svc-x", "process=w3wp.exe")), "a",
	    "negation: other process");
	is_str(class_of(rs, KV("user=svc-x", "process=System")), "b",
	    "negation: System falls to the next rule");
	is_str(class_of(rs, KV("user=")), REMEDIATE_UNKNOWN,
	    "no rule: unknown");
	is_int(remediate_rules_get(rs, 1)->flows, 1, "hits counted");
	values(&v, KV("user=svc-x", "process=w3wp.exe"));
	s = remediate_expand(remediate_rules_get(rs, 0)->evidence, &v);
	is_str(s, "svc-x on w3wp.exe {nosuch} (none)", "template expanded");
	free(s);
	remediate_rules_free(rs);
}

/* A computer of a hand-built directory. */
static void
computer(struct directory *dir, const char *name, const char *dns,
    const char *os, const char *const *spns)
{
	struct directory_computer	*c;
	size_t				 n = 0;

	dir->computers = xreallocarray(dir->computers, dir->ncomputers + 1,
	    sizeof *dir->computers);
	c = &dir->computers[dir->ncomputers++];
	memset(c, 0, sizeof *c);
	c->name = xstrdup(name);
	c->dns = dns != NULL ? xstrdup(dns) : NULL;
	c->dn = xstrdup(name);
	c->enabled = 1;
	c->os = os != NULL ? xstrdup(os) : NULL;
	c->last_logon = UTIL_TIME_NONE;
	while (spns != NULL && spns[n] != NULL)
		n++;
	c->spns = xcalloc(n + 1, sizeof *c->spns);
	for (c->nspns = 0; c->nspns < n; c->nspns++)
		c->spns[c->nspns] = xstrdup(spns[c->nspns]);
}

static void
flow(struct flows *fl, int id, const char *server, const char *user,
    const char *ws, const char *process, uint64_t count)
{
	struct flow_key	k;

	memset(&k, 0, sizeof k);
	k.event_id = id;
	k.logged_by = server;
	k.server = server;
	k.domain = "CORP";
	k.user = user;
	k.workstation = ws;
	k.process = process;
	k.logon_type = 3;
	k.in_proc = -1;
	k.schannel_type = -1;
	k.usage_id = -1;
	flows_add_flow(fl, &k, count, UTIL_TIME_NONE, UTIL_TIME_NONE, NULL);
}

static const struct remediate_verdict *
verdict(const struct remediate_result *r, const struct flows *fl,
    const char *server, const char *user)
{
	const struct flow	*f;
	size_t			 i;

	for (i = 0; i < r->nverdicts; i++) {
		f = flows_flow(fl, r->verdicts[i].decision->flow);
		if (strcmp(r->verdicts[i].decision->server, server) == 0 &&
		    strcmp(f->key.user, user) == 0)
			return (&r->verdicts[i]);
	}
	return (NULL);
}

/* True if v is a verdict of class cls. */
static int
is_class(const struct remediate_verdict *v, const char *cls)
{
	return (v != NULL && strcmp(remediate_verdict_class(v), cls) == 0);
}

/* The evidence (k 0) or fix (k 1) of v, filled as remediation.csv is. */
static const char *
text(const struct remediate_result *r, const struct remediate_verdict *v,
    int k)
{
	static struct remediate_text	tx;

	remediate_verdict_text(r, v, &tx);
	return (k == 0 ? tx.evidence : tx.fix);
}

/* Denied decisions for every flow: server = first label, upper case. */
static struct sim_decision *
decisions(const struct flows *fl, char names[][32], const char *dc)
{
	struct sim_decision	*d;
	const struct flow	*f;
	size_t			 i, j;

	d = xcalloc(flows_count(fl) + 1, sizeof *d);
	for (i = 0; i < flows_count(fl); i++) {
		f = flows_flow(fl, i);
		for (j = 0; f->key.server[j] != '\0' &&
		    f->key.server[j] != '.' && j < 31; j++)
			names[i][j] = (char)(f->key.server[j] >= 'a' &&
			    f->key.server[j] <= 'z' ? f->key.server[j] - 32 :
			    f->key.server[j]);
		names[i][j] = '\0';
		d[i].flow = i;
		d[i].server = names[i];
		d[i].account = ACCOUNT_DOMAIN;
		d[i].server_class = dc != NULL && strcmp(names[i], dc) == 0 ?
		    SERVER_DC : SERVER_DOMAIN;
		d[i].blocked = d[i].proposed = 1;
	}
	return (d);
}

/*
 * What remediate_run reads of a plan: the flows, the denied ones (every
 * decision of d), the policy and the domain (may be NULL).
 */
static void
plan_of(struct plan *p, struct policy *pol, const struct flows *fl,
    struct sim_decision *d, const struct sim_domain *dom)
{
	memset(p, 0, sizeof *p);
	memset(pol, 0, sizeof *pol);
	p->fl = fl;
	p->blocked = d;
	p->nblocked = flows_count(fl);
	p->dom = dom;
	p->policy = pol;
}

/* The SPN evidence a directory gives, through remediate_run. */
static void
test_directory(void)
{
	struct remediate_rules		*rs;
	struct remediate_result		*r;
	struct plan			 pl;
	struct policy			 pol;
	struct directory		*dir;
	struct sim_domain		 dom;
	struct flows			*fl;
	struct sim_decision		*d;
	const struct remediate_verdict	*v;
	char				 names[16][32], *cause = NULL;
	size_t				 i;

	rs = remediate_rules_load(RULES_PATH, &cause);
	dir = directory_create();
	computer(dir, "FS01", "fs01.corp.example", "Windows Server 2019",
	    KV("HOST/FS01", "cifs/fs01.corp.example"));
	computer(dir, "FS02", "fs02.corp.example", "Windows Server 2019",
	    KV("HOST/FS02", "cifs/FS01.corp.example"));
	computer(dir, "NAS1", "nas1.corp.example", "NetApp Release 8.2.5",
	    NULL);
	computer(dir, "SQL1", "sql1.corp.example", "Windows Server 2022",
	    KV("HOST/SQL1", "MSSQLSvc/sql1.corp.example:1433"));
	computer(dir, "SRV3", "srv3.corp.example", NULL, KV("ldap/SRV3"));
	computer(dir, "SRV4", "srv4.corp.example", NULL,
	    KV("WSMAN/srv4.corp.example"));
	computer(dir, "OTHER", "other.corp.example", NULL,
	    KV("HOST/srv4.corp.example"));
	computer(dir, "WS01", "ws01.corp.example", "Windows 11",
	    KV("HOST/WS01"));
	directory_sort(dir);

	fl = flows_create();
	flow(fl, 8003, "fs01.corp.example", "alice", "WS01", "System", 5);
	flow(fl, 8003, "fs02.corp.example", "bob", "WS01", "System", 4);
	flow(fl, 8003, "fs02.corp.example", "carol", "MFP-1", "System", 3);
	flow(fl, 8004, "NAS1", "dave", "WS01", NULL, 2);
	flow(fl, 8003, "sql1.corp.example", "svc-app", "WS01",
	    "C:\\Program Files\\SQL\\sqlservr.exe", 7);
	flow(fl, 8003, "srv3.corp.example", "erin", "WS01",
	    "C:\\Windows\\System32\\svchost.exe", 1);
	flow(fl, 8003, "srv4.corp.example", "frank", "WS01", "System", 1);
	flow(fl, 8003, "gone.corp.example", "gina", "WS01", "System", 1);
	flows_sort(fl);
	d = decisions(fl, names, NULL);
	simulate_domain_init(&dom, dir, NULL);
	plan_of(&pl, &pol, fl, d, &dom);
	r = remediate_run(&pl, rs, 0);

	v = verdict(r, fl, "FS01", "alice");
	ok(is_class(v, "duplicate-spn") &&
	    strstr(text(r, v, 0), "FS01, FS02") != NULL,
	    "cifs/ on two computers: duplicate SPN, owners named");
	v = verdict(r, fl, "FS02", "bob");
	ok(is_class(v, "client-chooses-ntlm") &&
	    strstr(text(r, v, 0), "HOST/FS02 is registered") != NULL,
	    "HOST/ stands for cifs: registered, member client");
	v = verdict(r, fl, "FS02", "carol");
	ok(is_class(v, "client-outside-domain"),
	    "client not in the directory");
	v = verdict(r, fl, "NAS1", "dave");
	ok(is_class(v, "server-without-spn"),
	    "computer without any SPN (8004: no process)");
	v = verdict(r, fl, "SQL1", "svc-app");
	ok(is_class(v, REMEDIATE_UNKNOWN) && v->rule == NULL &&
	    strstr(text(r, v, 0), "no rule decides") != NULL &&
	    strstr(text(r, v, 0), "registered MSSQLSvc/sql1.corp.example:1433")
	    != NULL, "SQL Server: SPN with a port found, but its holder may "
	    "be a service account: unknown");
	v = verdict(r, fl, "SRV3", "erin");
	ok(is_class(v, "spn-missing") && text(r, v, 1) != NULL &&
	    strstr(text(r, v, 1), "setspn -S host/srv3.corp.example SRV3") !=
	    NULL, "svchost without HOST/: SPN missing, the fix names it");
	v = verdict(r, fl, "SRV4", "frank");
	ok(is_class(v, "spn-on-wrong-account") &&
	    strstr(text(r, v, 0), "OTHER") != NULL, "HOST/srv4 held by another "
	    "computer");
	v = verdict(r, fl, "GONE", "gina");
	ok(is_class(v, REMEDIATE_UNKNOWN),
	    "server not in the directory: unknown");
	is_int(r->nservers, 7, "servers on the list");
	for (i = 0; i < r->nservers; i++) {
		if (strcmp(r->servers[i].name, "FS02") == 0)
			ok(r->servers[i].fixable && r->servers[i].flows == 2,
			    "FS02: every flow has a known fix");
		if (strcmp(r->servers[i].name, "SQL1") == 0)
			ok(!r->servers[i].fixable &&
			    r->servers[i].unknown_events == 7,
			    "SQL1: not only fixable flows");
	}
	remediate_free(r);
	free(d);
	flows_free(fl);
	simulate_domain_clear(&dom);
	directory_free(dir);
	remediate_rules_free(rs);
}

/* An account of a hand-built directory (names added in sorted order). */
static void
account(struct directory *dir, const char *name, int kind, long long enc,
    int64_t pwd, const char *const *spns)
{
	struct directory_account	*a;
	size_t				 n = 0;

	dir->accounts = xreallocarray(dir->accounts, dir->naccounts + 1,
	    sizeof *dir->accounts);
	a = &dir->accounts[dir->naccounts++];
	memset(a, 0, sizeof *a);
	a->name = xstrdup(name);
	a->dn = xstrdup(name);
	a->kind = kind;
	a->enctypes = enc;
	a->pwd_last_set = pwd;
	a->uac = 0x200;
	while (spns != NULL && spns[n] != NULL)
		n++;
	a->spns = xcalloc(n + 1, sizeof *a->spns);
	for (a->nspns = 0; a->nspns < n; a->nspns++)
		a->spns[a->nspns] = xstrdup(spns[a->nspns]);
}

/*
 * Fixes that move flows to Kerberos: the SPN holder's class, the step it
 * needs, and the ranking that does not take such a fix as free.
 */
static void
test_kerberos_run(void)
{
	struct remediate_rules		*rs;
	struct remediate_result		*r;
	struct plan			 pl;
	struct policy			 pol;
	struct directory		*dir;
	struct sim_domain		 dom;
	struct flows			*fl;
	struct sim_decision		*d;
	const struct remediate_verdict	*v;
	char				 names[8][32], *cause = NULL;
	int64_t				 day = UTIL_DAY, t0 = 14000 * day;

	rs = remediate_rules_load(RULES_PATH, &cause);
	dir = directory_create();
	computer(dir, "APP1", "app1.corp.example", "Windows Server 2022",
	    KV("HOST/APP1", "HOST/app1.corp.example"));
	computer(dir, "SQL1", "sql1.corp.example", "Windows Server 2022",
	    KV("HOST/SQL1"));
	computer(dir, "WEB1", "web1.corp.example", "Windows Server 2022",
	    KV("HOST/WEB1"));
	computer(dir, "WS01", "ws01.corp.example", "Windows 11",
	    KV("HOST/WS01"));
	computer(dir, "WS02", "ws02.corp.example", "Windows 11",
	    KV("HOST/WS02"));
	computer(dir, "WS03", "ws03.corp.example", "Windows 11",
	    KV("HOST/WS03"));
	directory_sort(dir);
	dir->rodc_group_created = t0;
	account(dir, "APP1$", DIRECTORY_ACCOUNT_COMPUTER,
	    DIRECTORY_ENCTYPES_NONE, t0 + 100 * day, NULL);
	account(dir, "SQL1$", DIRECTORY_ACCOUNT_COMPUTER,
	    DIRECTORY_ENCTYPES_NONE, t0 + 100 * day, NULL);
	account(dir, "svc-sql", DIRECTORY_ACCOUNT_USER, 0x4, t0 + 100 * day,
	    KV("MSSQLSvc/sql1.corp.example"));
	account(dir, "svc-web", DIRECTORY_ACCOUNT_USER,
	    DIRECTORY_ENCTYPES_NONE, t0 - 100 * day, KV("HTTP/WEB1"));

	fl = flows_create();
	/* SQL1 carries more events: without its step it would come first. */
	flow(fl, 8003, "sql1.corp.example", "svc-app", "WS01",
	    "C:\\Program Files\\SQL\\sqlservr.exe", 20);
	flow(fl, 8003, "app1.corp.example", "bob", "WS02", "System", 10);
	flow(fl, 8003, "web1.corp.example", "carol", "WS03",
	    "C:\\Windows\\System32\\inetsrv\\w3wp.exe", 5);
	flows_sort(fl);
	d = decisions(fl, names, NULL);
	simulate_domain_init(&dom, dir, NULL);
	plan_of(&pl, &pol, fl, d, &dom);
	r = remediate_run(&pl, rs, 0);

	v = verdict(r, fl, "SQL1", "svc-app");
	ok(is_class(v, "client-chooses-ntlm") &&
	    strstr(text(r, v, 0), "on the service account svc-sql") != NULL,
	    "SQL Server: the SPN on the service account svc-sql");
	ok(v != NULL && v->kerberos_class == KERBEROS_RC4_ONLY &&
	    v->kerberos_steps == KERBEROS_STEP_SET_AES && v->kerberos_step &&
	    v->kerberos_account != NULL &&
	    strcmp(v->kerberos_account, "svc-sql") == 0,
	    "svc-sql RC4 only: set AES first");
	v = verdict(r, fl, "WEB1", "carol");
	ok(v != NULL && v->kerberos_class == KERBEROS_NO_AES_KEYS &&
	    v->kerberos_heuristic && (v->kerberos_steps &
	    KERBEROS_STEP_RESET_PASSWORD) && v->kerberos_step,
	    "svc-web's password older than the RODC group: probably no AES "
	    "keys, a heuristic");
	v = verdict(r, fl, "APP1", "bob");
	ok(v != NULL && v->kerberos_class == KERBEROS_FINE &&
	    v->kerberos_steps == 0 && !v->kerberos_step,
	    "APP1's own account: fine");
	ok(r->nfixes >= 3 && r->fixes[0].nremoves == 1 &&
	    strcmp(r->fixes[0].removes[0], "APP1") == 0 &&
	    r->fixes[0].kerberos && r->fixes[0].kerberos_class ==
	    KERBEROS_FINE, "the free fix first, though SQL1 has more events");
	ok(r->nfixes >= 3 && r->fixes[1].nremoves == 1 &&
	    strcmp(r->fixes[1].removes[0], "SQL1") == 0 &&
	    r->fixes[1].kerberos_class == KERBEROS_RC4_ONLY &&
	    r->fixes[1].kerberos_account != NULL &&
	    strcmp(r->fixes[1].kerberos_account, "svc-sql") == 0,
	    "then SQL1's, with its step and account");
	remediate_free(r);
	dom.kerberos = 0;
	r = remediate_run(&pl, rs, 0);
	ok(r->nfixes >= 1 && strcmp(r->fixes[0].removes[0], "SQL1") == 0 &&
	    r->fixes[0].kerberos_class == -1,
	    "without the accounts: no verdict, SQL1 first by its events");
	remediate_free(r);
	free(d);
	flows_free(fl);
	simulate_domain_clear(&dom);
	directory_free(dir);
	remediate_rules_free(rs);
}

/*
 * The domain's accounts as remediate_run reads them: each SPN found in the
 * simulated domain names the account the directory's own lookup
 * (kerberos_classify_spn) names, with the same verdict.
 */
static void
test_domain_spn(void)
{
	static const char *const spns[] = {
		"MSSQLSvc/sql1.corp.example", "mssqlsvc/SQL1.CORP.EXAMPLE",
		"HOST/app1.corp.example", "cifs/app1.corp.example:445",
		"cifs/APP1", "HOST/SQL1", "HTTP/web1", "cifs/nowhere",
		"ldap/app1.corp.example/corp.example", "nohost"
	};
	struct directory		*dir;
	struct sim_domain		 dom;
	const struct sim_account	*a;
	const struct sim_computer	*comp;
	const struct directory_account	*da;
	struct kerberos_verdict		 kv, sv;
	const char			*name;
	int64_t				 day = UTIL_DAY, t0 = 14000 * day;
	size_t				 i;

	dir = directory_create();
	computer(dir, "APP1", "app1.corp.example", NULL, KV("HOST/APP1"));
	computer(dir, "SQL1", "sql1.corp.example", NULL, KV("HOST/SQL1"));
	computer(dir, "WEB1", "web1.corp.example", NULL, NULL);
	directory_sort(dir);
	dir->rodc_group_created = t0;
	account(dir, "svc-web", DIRECTORY_ACCOUNT_USER,
	    DIRECTORY_ENCTYPES_NONE, t0 - 100 * day, KV("HTTP/WEB1"));
	account(dir, "app1$", DIRECTORY_ACCOUNT_COMPUTER, 0x4,
	    t0 + 100 * day, NULL);
	account(dir, "svc-sql", DIRECTORY_ACCOUNT_USER, 0x18, t0 + 100 * day,
	    KV("MSSQLSvc/sql1.corp.example"));
	account(dir, "APP1$", DIRECTORY_ACCOUNT_COMPUTER,
	    DIRECTORY_ENCTYPES_NONE, t0 + 100 * day, NULL);
	simulate_domain_init(&dom, dir, NULL);
	ok(dom.kerberos && dom.naccounts == 2 &&
	    strcmp(dom.accounts[0].name, "svc-web") == 0 &&
	    strcmp(dom.accounts[1].name, "svc-sql") == 0,
	    "the accounts that list SPNs, in the snapshot's order");
	comp = simulate_domain_find(&dom, "APP1");
	ok(comp != NULL && comp->account != NULL &&
	    strcmp(comp->account, "app1$") == 0 &&
	    comp->kerberos.class == KERBEROS_RC4_ONLY,
	    "APP1: the first account named APP1$, case-insensitively");
	comp = simulate_domain_find(&dom, "SQL1");
	ok(comp != NULL && comp->account == NULL &&
	    comp->kerberos.class == KERBEROS_NO_ACCOUNT,
	    "SQL1: no account in the snapshot");
	for (i = 0; i < sizeof spns / sizeof spns[0]; i++) {
		da = kerberos_classify_spn(dir, spns[i], &kv);
		a = simulate_domain_spn(&dom, spns[i], &comp);
		memset(&sv, 0, sizeof sv);
		sv.class = KERBEROS_NO_ACCOUNT;
		name = NULL;
		if (a != NULL) {
			name = a->name;
			sv = a->kerberos;
		} else if (comp != NULL && comp->account != NULL) {
			name = comp->account;
			sv = comp->kerberos;
		}
		ok((da == NULL ? name == NULL : name != NULL &&
		    strcmp(da->name, name) == 0) && kv.class == sv.class &&
		    kv.steps == sv.steps && kv.heuristic == sv.heuristic,
		    "%s: %s, as the directory finds it", spns[i],
		    name != NULL ? name : "none");
	}
	simulate_domain_clear(&dom);
	directory_free(dir);
}

/* The greedy cover on the shape: one account on one host. */
static void
test_cover(void)
{
	struct remediate_result	*r;
	struct plan		 pl;
	struct policy		 pol;
	struct flows		*fl;
	struct sim_decision	*d;
	char			 names[32][32];
	size_t			 i, dup;

	fl = flows_create();
	/* svc-monitor on MON01 is all that puts A, B and C on the list. */
	flow(fl, 8003, "a", "svc-monitor", "MON01", "svchost.exe", 100);
	flow(fl, 8003, "b", "svc-monitor", "MON01", "svchost.exe", 100);
	flow(fl, 8003, "c", "svc-monitor", "MON01", "svchost.exe", 100);
	flow(fl, 8003, "d", "svc-monitor", "MON01", "svchost.exe", 100);
	flow(fl, 8003, "d", "svc-backup", "BKP01", "System", 10);
	/* E and F: one flow each, same events: ties broken by name. */
	flow(fl, 8003, "f", "zed", "WS02", "System", 3);
	flow(fl, 8003, "e", "yan", "WS01", "System", 3);
	flows_sort(fl);
	d = decisions(fl, names, "D");
	plan_of(&pl, &pol, fl, d, NULL);
	r = remediate_run(&pl, NULL, 0);
	ok(r->nfixes >= 4, "fixes ranked");
	is_str(r->fixes[0].spec, "account=CORP\\svc-monitor,client=MON01",
	    "the monitoring account on its host first");
	ok(r->fixes[0].nremoves == 3 && strcmp(r->fixes[0].removes[0], "A") ==
	    0 && strcmp(r->fixes[0].removes[2], "C") == 0,
	    "three servers leave the list");
	is_int(r->fixes[0].list_after, 3, "list after the first fix");
	is_int(r->fixes[0].events, 400, "its denied events");
	is_int(r->fixes[0].touches, 4, "servers it touches");
	is_str(r->fixes[1].spec, "account=CORP\\svc-backup,client=BKP01",
	    "then what takes the DC off");
	ok(r->fixes[1].nremoves == 1 && strcmp(r->fixes[1].removes[0], "D") ==
	    0, "D leaves with the second fix");
	is_str(r->fixes[2].spec, "account=CORP\\yan,client=WS01",
	    "tie: by name");
	is_str(r->fixes[3].spec, "account=CORP\\zed,client=WS02",
	    "tie: by name, second");
	is_int(r->fixes[3].list_after, 0, "the list empties");
	for (i = dup = 0; i < r->nfixes; i++)
		dup += strcmp(r->fixes[i].spec, "account=CORP\\svc-monitor") ==
		    0 || strcmp(r->fixes[i].spec, "client=MON01") == 0;
	is_int(dup, 0, "same flows, one candidate: the narrowest");
	ok(strcmp(r->fixes[0].class, REMEDIATE_UNKNOWN) == 0 &&
	    r->servers[0].fixable == 0, "without rules: unknown, not "
	    "fixable");
	for (i = 0; i < r->nservers; i++) {
		if (strcmp(r->servers[i].name, "D") == 0)
			ok(r->servers[i].dc && r->servers[i].step == 2,
			    "D: a DC, leaves at step 2");
	}
	remediate_free(r);
	r = remediate_run(&pl, NULL, 1);
	is_int(r->nfixes, 1, "at most max_fixes");
	remediate_free(r);
	/* Nothing denied: no candidate at all (qsort of nothing). */
	pl.nblocked = 0;
	r = remediate_run(&pl, NULL, 0);
	ok(r->nfixes == 0 && r->nservers == 0 && r->nverdicts == 0,
	    "nothing denied, nothing to fix");
	remediate_free(r);
	free(d);
	flows_free(fl);
}

static void
test_assumed(void)
{
	static const char *const bad[] = {
		"", "account", "account=", "colour=red", "user=x",
		"account=a,account=b"
	};
	struct remediate_assumed	*a;
	struct flows			*fl;
	char				*cause;
	uint64_t			 hf, he;
	size_t				 i;

	a = remediate_assumed_create();
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cause = NULL;
		ok(remediate_assumed_add(a, bad[i], &cause) == -1 &&
		    cause != NULL, "refused: '%s'", bad[i]);
		free(cause);
	}
	ok(remediate_assumed_add(a, "account=corp\\SVC-MONITOR,client=mon01",
	    &cause) == 0, "account and client");
	ok(remediate_assumed_add(a, "process=w3wp.exe,server=APP01", &cause) ==
	    0, "process and server");
	ok(remediate_assumed_add(a, "account=svc-x", &cause) == 0,
	    "account without domain");
	is_int(remediate_assumed_count(a), 3, "three fixes");
	fl = flows_create();
	flow(fl, 8003, "fs01.corp.example", "svc-monitor", "MON01",
	    "svchost.exe", 4);
	flow(fl, 8003, "fs01.corp.example", "svc-monitor", "MON02",
	    "svchost.exe", 1);
	flow(fl, 8003, "app01.corp.example", "alice", "WS01",
	    "C:\\Windows\\System32\\inetsrv\\w3wp.exe", 2);
	flow(fl, 8003, "app02.corp.example", "alice", "WS01",
	    "C:\\Windows\\System32\\inetsrv\\w3wp.exe", 2);
	flow(fl, 8003, "app01.corp.example", "svc-x", "WS01", "System", 3);
	ok(remediate_assumed_match(a, flows_flow(fl, 0), 0) &&
	    !remediate_assumed_match(a, flows_flow(fl, 1), 0),
	    "every condition of a fix must match; caseless");
	ok(remediate_assumed_match(a, flows_flow(fl, 2), 0) &&
	    !remediate_assumed_match(a, flows_flow(fl, 3), 0),
	    "base name of the process, first label of the server");
	ok(remediate_assumed_match(a, flows_flow(fl, 4), 0),
	    "account in any domain");
	ok(remediate_assumed_match(a, flows_flow(fl, 0), 1) == 0,
	    "client from the logging host for the outgoing policy");
	remediate_assumed_hits(a, 0, &hf, &he);
	ok(hf == 1 && he == 4, "hits of a fix");
	is_str(remediate_assumed_spec(a, 1), "process=w3wp.exe,server=APP01",
	    "spec kept");
	flows_free(fl);
	remediate_assumed_free(a);
}

int
main(void)
{
	test_shipped();
	test_syntax();
	test_kerberos_field();
	test_kerberos_run();
	test_directory();
	test_domain_spn();
	test_cover();
	test_assumed();
	return (done_testing());
}
