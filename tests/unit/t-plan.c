/*
 * t-plan.c: the property of the plan, on random small domains and events
 * (trusts, UPNs, odd spellings of the domain, short names and names from
 * another DNS domain, hostile names, trust channels, Security 4624 logons,
 * lists in force with wildcards and FQDNs): when plan_build says the
 * planned level is ready, every flow that level denies by the documented
 * rules (ntlmplan-events(7), SIMULATION; ntlmplan-plan(5)) is covered by the
 * list written, and the list names no server without a denied flow.
 *
 * The oracle below is written from those pages, not from simulate.c.  A
 * failing case prints its seed: T_PLAN_SEED=N runs that case alone, and
 * T_PLAN_CASES=N runs N cases.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "exceptions.h"
#include "flows.h"
#include "hostname.h"
#include "plan.h"
#include "policy.h"
#include "tap.h"
#include "util.h"

#define CASES		2000
#define MAXFLOWS	12
#define DAY		86400000000LL
#define T0		1772323200000000LL	/* 2026-03-01T00:00:00Z */

static struct policies	*ps;

/* xorshift64*: the cases are the same on every machine. */
static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return (*s * 2685821657736338717ULL);
}

static size_t
pick(uint64_t *s, size_t n)
{
	return ((size_t)(rnd(s) % n));
}

/* The directory of every case: CORP (corp.example), two trusts. */
static const struct sim_trust trusts[] = {
	{ "PARTNER", "partner.example" },
	{ "CHILD", "child.corp.example" }
};
static const char *const upn_suffixes[] = { "corp-mail.example" };
static const struct sim_computer computers[] = {
	{ .name = "DC1", .dns = "dc1.corp.example", .enabled = 1, .dc = 1,
	    .last_logon = T0 },
	{ .name = "SRV1", .dns = "srv1.corp.example", .enabled = 1,
	    .last_logon = T0 },
	{ .name = "SRV2", .dns = "srv2.corp.example", .enabled = 1,
	    .last_logon = T0 },
	{ .name = "APP1", .dns = NULL, .enabled = 1, .last_logon = T0 },
	{ .name = "NAS1", .dns = "nas1.corp.example", .enabled = 1,
	    .last_logon = T0 }
};
#define NCOMPUTERS	(sizeof computers / sizeof computers[0])

/* Server names as events write them. */
static const char *const servers[] = {
	"srv1.corp.example", "SRV1", "SRV2.CORP.EXAMPLE", "app1.corp.example",
	"APP1", "nas1.corp.example", "dc1.corp.example", "srv9.corp.example",
	"SRV11", "srv12.dmz.example", "files.partner.example",
	"web.child.corp.example", "APP02,*", "x\r\ny", "*", "srv 13"
};
static const char *const sec_servers[] = {
	"srv1.corp.example", "SRV2", "nas1.corp.example", "dc1.corp.example"
};
static const char *const domains[] = {
	"CORP", "corp", "corp.example", "CORP.EXAMPLE.", "PARTNER",
	"partner.example", "CHILD", "EVIL", "-", ".", "(NULL)", ""
};
static const char *const users[] = {
	"alice", "bob", "alice@corp.example", "bob@CORP.EXAMPLE.",
	"carol@partner.example", "dave@corp-mail.example", "eve@evil.example",
	"ANONYMOUS LOGON", "-", "admin"
};
static const char *const entries[] = {
	"SRV1", "srv2", "srv1.corp.example", "SRV*", "*.corp.example", "APP1",
	"NAS*", "SRV11", "srv12.dmz.example", "files"
};

/* One generated flow, as the oracle sees it. */
struct gen_flow {
	int		 id;		/* 8003, 8004 or 4624 */
	const char	*server;	/* as seen */
	const char	*domain;
	const char	*user;
	int		 schannel;	/* 8004: 2, 3, 4, 6 or -1 */
	int		 logon;		/* 4624: 2 or 3 */
};

/* --- The oracle, from the manual pages. --- */

static int
o_null(const char *s)
{
	return (s == NULL || *s == '\0' || strcmp(s, "-") == 0 ||
	    strcasecmp(s, "(NULL)") == 0 || strcasecmp(s, "NULL") == 0);
}

/* Equal domain names: case-insensitive, a trailing dot ignored. */
static int
o_same(const char *a, const char *b)
{
	size_t	la = strlen(a), lb = strlen(b);

	while (la > 0 && a[la - 1] == '.')
		la--;
	while (lb > 0 && b[lb - 1] == '.')
		lb--;
	return (la > 0 && la == lb && strncasecmp(a, b, la) == 0);
}

enum o_account { O_DOMAIN, O_TRUSTED, O_LOCAL, O_ANONYMOUS, O_UNKNOWN };

static enum o_account
o_domain(const char *d)
{
	if (o_same(d, "CORP") || o_same(d, "corp.example"))
		return (O_DOMAIN);
	if (o_same(d, "PARTNER") || o_same(d, "partner.example") ||
	    o_same(d, "CHILD") || o_same(d, "child.corp.example"))
		return (O_TRUSTED);
	return (O_UNKNOWN);
}

static enum o_account
o_account(const struct gen_flow *g, const char *netbios)
{
	const char	*at;

	if (o_null(g->user) || strcasecmp(g->user, "ANONYMOUS LOGON") == 0)
		return (O_ANONYMOUS);
	if (!o_null(g->domain) && o_domain(g->domain) != O_UNKNOWN)
		return (o_domain(g->domain));
	if (!o_null(g->domain) && netbios != NULL &&
	    strcasecmp(g->domain, netbios) == 0)
		return (O_LOCAL);
	if ((at = strrchr(g->user, '@')) != NULL) {
		if (o_domain(at + 1) != O_UNKNOWN)
			return (o_domain(at + 1));
		if (o_same(at + 1, "corp-mail.example"))
			return (O_DOMAIN);
	}
	return (O_UNKNOWN);
}

/* A name a list can hold: letters, digits, '-', '_', dots between. */
static int
o_valid(const char *s)
{
	size_t	i, n = strlen(s);

	if (n == 0 || s[0] == '.' || s[n - 1] == '.' || strstr(s, "..") !=
	    NULL)
		return (0);
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && strchr("-_.", s[i]) ==
		    NULL)
			return (0);
	return (1);
}

/* The server of a flow: its NetBIOS name, class, and whether refused. */
struct o_server {
	char		 netbios[64];
	int		 domain;	/* a server of this domain */
	int		 dc;
	int		 refused;
	int		 trust;		/* a trust channel: no server */
};

static int
o_under(const char *d, const char *parent)
{
	size_t	l = strlen(d), p = strlen(parent);

	return (o_same(d, parent) || (l > p && d[l - p - 1] == '.' &&
	    strcasecmp(d + l - p, parent) == 0));
}

static void
o_server(const struct gen_flow *g, struct o_server *o)
{
	const char	*s = g->server, *dot = strchr(s, '.');
	size_t		 i, len;

	memset(o, 0, sizeof *o);
	if (g->id == 8004 && (g->schannel == 3 || g->schannel == 4)) {
		o->trust = 1;
		return;
	}
	for (i = 0; i < NCOMPUTERS; i++) {
		len = strcspn(s, ".");
		if ((computers[i].dns != NULL &&
		    strcasecmp(computers[i].dns, s) == 0) ||
		    (dot == NULL && strcasecmp(computers[i].name, s) == 0) ||
		    (dot != NULL && o_same(dot + 1, "corp.example") &&
		    strlen(computers[i].name) == len &&
		    strncasecmp(computers[i].name, s, len) == 0)) {
			snprintf(o->netbios, sizeof o->netbios, "%s",
			    computers[i].name);
			o->domain = 1;
			o->dc = computers[i].dc;
			return;
		}
	}
	if (!o_valid(s)) {
		o->refused = 1;
		o->domain = 1;	/* never proven outside */
		return;
	}
	len = strcspn(s, ".");
	for (i = 0; i < len && i < sizeof o->netbios - 1; i++)
		o->netbios[i] = (char)toupper((unsigned char)s[i]);
	/*
	 * Not in the directory: only an FQDN in a trusted domain's DNS name
	 * proves a server outside; what the plan cannot place counts as a
	 * server of this domain.
	 */
	o->domain = dot == NULL || (!o_under(dot + 1, "partner.example") &&
	    !o_under(dot + 1, "child.corp.example"));
}

/* Whether level blocks the flow (before exceptions). */
static int
o_blocked(long level, const struct gen_flow *g, const struct o_server *o,
    enum o_account a)
{
	int	dom, srv;

	if (g->id == 4624 && (g->logon != 3 || o->dc))
		return (0);
	if (a == O_LOCAL || a == O_ANONYMOUS)
		return (0);
	dom = a == O_DOMAIN || a == O_UNKNOWN;
	srv = !o->trust && o->domain;
	switch (level) {
	case 1:
		return (dom && srv);
	case 3:
		return (dom);
	case 5:
		return (srv);
	default:
		return (dom || srv);
	}
}

/* --- The generator. --- */

static void
gen_flow(uint64_t *s, struct gen_flow *g)
{
	static const int ids[] = { 8003, 8003, 8003, 8004, 8004, 4624 };
	static const int types[] = { 2, 2, 3, 4, 6, -1 };

	memset(g, 0, sizeof *g);
	g->id = ids[pick(s, 6)];
	g->server = servers[pick(s, sizeof servers / sizeof servers[0])];
	g->domain = domains[pick(s, sizeof domains / sizeof domains[0])];
	g->user = users[pick(s, sizeof users / sizeof users[0])];
	g->schannel = g->id == 8004 ? types[pick(s, 6)] : -1;
	g->logon = g->id == 4624 ? (pick(s, 4) == 0 ? 2 : 3) : -1;
	/* A local account: the server's own name. */
	if (pick(s, 8) == 0 && strcasecmp(g->user, "admin") == 0)
		g->domain = "SRV1";
	/* 4624 only on computers of the directory. */
	if (g->id == 4624)
		g->server = sec_servers[pick(s, 4)];
}

static void
add_flow(struct flows *fl, const struct gen_flow *g, int i)
{
	struct flow_key	k;

	memset(&k, 0, sizeof k);
	k.event_id = g->id;
	k.server = g->server;
	k.logged_by = g->id == 8004 ? "dc1.corp.example" : g->server;
	k.domain = g->domain;
	k.user = g->user;
	k.workstation = i % 2 ? "WS01" : "WS02";
	k.process = "System";
	k.logon_type = g->logon;
	k.in_proc = -1;
	k.schannel_type = g->schannel;
	k.usage_id = -1;
	/* Forty days of evidence on every host. */
	flows_add_flow(fl, &k, 1 + (uint64_t)i, T0, T0 + 40 * DAY, NULL);
	flows_add_flow(fl, &k, 1, T0 + 40 * DAY, T0 + 40 * DAY, NULL);
}

/* 1 if name is on the written list (case-insensitive). */
static int
listed(const struct plan *p, const char *name)
{
	size_t	i;

	for (i = 0; i < p->ngpo; i++)
		if (strcasecmp(hostname_str(p->gpo[i]), name) == 0)
			return (1);
	return (0);
}

/* One case; 0 if the property holds, else -1 after a diagnostic. */
static int
run_case(uint64_t seed, int *ready)
{
	static const long	 levels[] = { 1, 3, 5, 7 };
	struct gen_flow		 g[MAXFLOWS];
	struct o_server		 o[MAXFLOWS];
	enum o_account		 a[MAXFLOWS];
	struct sim_domain	 dom;
	struct plan_inputs	 in;
	struct flows		*fl;
	struct exceptions	*ex;
	struct plan		*p;
	char			 lv[8], w[16];
	uint64_t		 s = seed * 2654435761ULL + 1;
	size_t			 i, j, n, ne;
	long			 level;
	int			 bad = 0, found;

	memset(&dom, 0, sizeof dom);
	dom.netbios = "CORP";
	dom.dns = "corp.example";
	dom.trusts = trusts;
	dom.ntrusts = 2;
	dom.computers = computers;
	dom.ncomputers = NCOMPUTERS;
	dom.upn_suffixes = upn_suffixes;
	dom.nupn_suffixes = 1;
	n = 1 + pick(&s, MAXFLOWS);
	fl = flows_create();
	for (i = 0; i < n; i++) {
		gen_flow(&s, &g[i]);
		add_flow(fl, &g[i], (int)i);
	}
	flows_sort(fl);
	ex = exceptions_create();
	ne = pick(&s, 4);
	for (i = 0; i < ne; i++) {
		snprintf(w, sizeof w, "in-force:%zu", i + 1);
		exceptions_add(ex, entries[pick(&s, sizeof entries /
		    sizeof entries[0])], w);
	}
	level = levels[pick(&s, 4)];
	snprintf(lv, sizeof lv, "%ld", level);
	memset(&in, 0, sizeof in);
	in.policies = ps;
	in.policy = policies_find(ps, lv);
	in.exceptions = ex;
	in.names = -1;
	in.audit_level = 7;
	in.generated = T0 + 41 * DAY;
	in.max_age = 30 * DAY;
	in.min_window = 7 * DAY;
	in.directory_time = UTIL_TIME_NONE;
	p = plan_build(fl, &dom, &in);
	*ready = p->lv->ready;

	for (i = 0; i < n; i++) {
		o_server(&g[i], &o[i]);
		a[i] = o_account(&g[i], o[i].netbios[0] != '\0' ?
		    o[i].netbios : NULL);
	}
	/* Ready: every flow the oracle denies is covered by the list. */
	for (i = 0; p->lv->ready && i < n; i++) {
		if (!o_blocked(level, &g[i], &o[i], a[i]))
			continue;
		if (o[i].trust || o[i].refused || !listed(p, o[i].netbios)) {
			diag("seed %llu: level %ld ready, but flow %d %s\\%s on "
			    "\"%s\" (type %d) is denied and not covered",
			    (unsigned long long)seed, level, g[i].id,
			    g[i].domain, g[i].user, g[i].server, g[i].schannel);
			bad = 1;
		}
	}
	/* The list names no server without a denied flow. */
	for (j = 0; j < p->ngpo; j++) {
		found = 0;
		for (i = 0; i < n && !found; i++)
			found = o_blocked(level, &g[i], &o[i], a[i]) &&
			    !o[i].trust && !o[i].refused &&
			    strcasecmp(o[i].netbios,
			    hostname_str(p->gpo[j])) == 0;
		if (!found) {
			diag("seed %llu: level %ld lists %s without a denied "
			    "flow", (unsigned long long)seed, level,
			    hostname_str(p->gpo[j]));
			bad = 1;
		}
	}
	plan_free(p);
	exceptions_free(ex);
	flows_free(fl);
	return (bad ? -1 : 0);
}

int
main(void)
{
	const char	*one = getenv("T_PLAN_SEED");
	const char	*many = getenv("T_PLAN_CASES");
	char		*cause = NULL;
	uint64_t	 seed, cases = CASES;
	int		 failed = 0, ready, nready = 0, ncases = 0;

	if ((ps = policies_load(testdata("../policies"), &cause)) == NULL) {
		diag("%s", cause);
		ok(0, "policies load");
		return (done_testing());
	}
	/* T_PLAN_CASES=N runs more (or fewer) cases than make check. */
	if (many != NULL && strtoull(many, NULL, 10) > 0)
		cases = strtoull(many, NULL, 10);
	for (seed = 1; seed <= cases; seed++) {
		if (one != NULL && strtoull(one, NULL, 10) != seed)
			continue;
		ncases++;
		if (run_case(seed, &ready) != 0)
			failed++;
		nready += ready;
	}
	ok(failed == 0, "%d generated plans: ready means every flow the level "
	    "denies is on the list, and the list names only denied servers "
	    "(%d failed)", ncases, failed);
	ok(one != NULL || (nready > ncases / 10 && nready < ncases),
	    "both verdicts among the cases (%d of %d ready)", nready, ncases);
	policies_free(ps);
	return (done_testing());
}
