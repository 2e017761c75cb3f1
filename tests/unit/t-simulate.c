/*
 * t-simulate.c: the simulation, case by case from simulate.cases (every
 * account class x server class x level, and exception matching), then a
 * multi-flow run: rules, residuals, evidence, audit level and caveats.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exceptions.h"
#include "flows.h"
#include "policy.h"
#include "report-text-caveats.h"
#include "rules.h"
#include "simulate.h"
#include "tap.h"
#include "util.h"
#include "xmalloc.h"

static const struct sim_computer computers[] = {
	{ .name = "APP01", .dns = NULL, .enabled = 1, .dc = 0,
	    .last_logon = 1772323200000000LL },
	{ .name = "DC1", .dns = "dc1.corp.example", .enabled = 1, .dc = 1,
	    .last_logon = 1772323200000000LL },
	{ .name = "OLD1", .dns = "old1.corp.example", .enabled = 0, .dc = 0,
	    .last_logon = 1772323200000000LL },
	{ .name = "SRV1", .dns = "srv1.corp.example", .enabled = 1, .dc = 0,
	    .last_logon = 1772323200000000LL },
	{ .name = "STALE1", .dns = NULL, .enabled = 1, .dc = 0,
	    .last_logon = 1740000000000000LL },
	{ .name = "WEB.2", .dns = "web2.corp.example.", .enabled = 1, .dc = 0,
	    .last_logon = 1772323200000000LL },
};
static const struct sim_trust trusts[] = {
	{ "PARTNER", "partner.example" },
	/* A second trust: other.example's servers are proven outside. */
	{ "OTHER", "other.example" },
};
static const char *const upn_suffixes[] = { "corp-mail.example" };
static const struct sim_domain dom = {
	.netbios = "CORP", .dns = "corp.example", .trusts = trusts,
	.ntrusts = sizeof trusts / sizeof trusts[0], .computers = computers,
	.ncomputers = sizeof computers / sizeof computers[0],
	.upn_suffixes = upn_suffixes, .nupn_suffixes = 1
};

static const char *const account_names[] = {
	"domain", "trusted", "local", "anonymous", "unknown"
};
static const char *const server_names[] = { "domain", "dc", "non-domain" };

static struct policies	*ps;

static const char *
nul(const char *s)
{
	return (strcmp(s, "-") == 0 ? NULL : s);
}

static int
class_index(const char *const *names, int n, const char *s)
{
	int	i;

	for (i = 0; i < n; i++) {
		if (strcmp(names[i], s) == 0)
			return (i);
	}
	return (-1);
}

static void
add_flow(struct flows *fl, int id, const char *server, const char *domain,
    const char *user, const char *ws, const char *process, uint64_t count,
    int64_t first, int64_t last)
{
	struct flow_key	k;

	memset(&k, 0, sizeof k);
	k.event_id = id;
	k.logged_by = id == 8004 ? "dc1.corp.example" : server;
	k.server = server;
	k.domain = domain;
	k.user = user;
	k.workstation = ws;
	k.process = process;
	k.logon_type = -1;
	k.in_proc = -1;
	k.schannel_type = -1;
	k.usage_id = -1;
	flows_add_flow(fl, &k, count, first, last, NULL);
}

static void
test_cases(void)
{
	FILE			*f;
	char			*line = NULL, *fld[10], *s, *last;
	size_t			 size = 0;
	unsigned		 lineno = 0;
	int			 n, a, sc, ok_all;
	struct flows		*fl;
	struct exceptions	*ex;
	struct sim_options	 o;
	struct sim_result	*r;
	const struct sim_level	*lv;
	long			 want_b, want_x;
	int			 refused;

	f = fopen(testdata("../tests/unit/simulate.cases"), "r");
	if (f == NULL) {
		ok(0, "open simulate.cases");
		return;
	}
	while (getline(&line, &size, f) != -1) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (*line == '#' || *line == '\0')
			continue;
		for (n = 0, s = strtok_r(line, "\t", &last);
		    s != NULL && n < 10; s = strtok_r(NULL, "\t", &last))
			fld[n++] = s;
		if (n != 10) {
			ok(0, "simulate.cases:%u: 10 fields", lineno);
			continue;
		}
		fl = flows_create();
		add_flow(fl, strchr(fld[3], '.') != NULL ? 8003 : 8004, fld[3],
		    nul(fld[1]), nul(fld[2]), "WS01", NULL, 3, 0, 1);
		ex = NULL;
		if (strcmp(fld[4], "-") != 0) {
			ex = exceptions_create();
			exceptions_add(ex, fld[4], "case");
		}
		simulate_options_init(&o);
		o.policies = ps;
		o.policy = policies_find(ps, fld[0]);
		o.exceptions = ex;
		if (o.policy == NULL) {
			ok(0, "simulate.cases:%u: level %s", lineno, fld[0]);
			flows_free(fl);
			exceptions_free(ex);
			continue;
		}
		r = simulate_run(fl, &dom, &o);
		lv = &r->levels[r->level];
		a = class_index(account_names, 5, fld[5]);
		sc = class_index(server_names, 3, fld[6]);
		want_b = strtol(fld[8], NULL, 10);
		want_x = strtol(fld[9], NULL, 10);
		/* A name no list can hold is refused, never proposed. */
		refused = hostname_check(fld[7], NULL) != HOSTNAME_OK;
		ok_all = a >= 0 && sc >= 0 && r->classes[a][sc].flows == 1 &&
		    lv->blocked_flows == (uint64_t)want_b &&
		    lv->excepted_flows == (uint64_t)want_x &&
		    lv->nexceptions == (size_t)(want_b && !want_x &&
		    !refused) &&
		    lv->nrefused == (size_t)(want_b && !want_x && refused) &&
		    lv->nalready == (size_t)want_x &&
		    (lv->nexceptions == 0 ||
		    strcmp(lv->exceptions[0].name, fld[7]) == 0) &&
		    (lv->nalready == 0 ||
		    strcmp(lv->already[0].name, fld[7]) == 0);
		ok(ok_all, "case %u: level %s %s\\%s on %s, entry %s: %s/%s "
		    "blocked %s excepted %s", lineno, fld[0], fld[1], fld[2],
		    fld[3], fld[4], fld[5], fld[6], fld[8], fld[9]);
		if (!ok_all)
			diag("blocked %llu excepted %llu proposed %zu already "
			    "%zu", (unsigned long long)lv->blocked_flows,
			    (unsigned long long)lv->excepted_flows,
			    lv->nexceptions, lv->nalready);
		simulate_free(r);
		exceptions_free(ex);
		flows_free(fl);
	}
	free(line);
	fclose(f);
}

static const struct sim_caveat *
find_caveat(const struct sim_result *r, const char *kind)
{
	size_t	i;

	for (i = 0; i < r->ncaveats; i++) {
		if (strcmp(report_text_caveat_kind(r->caveats[i].code),
		    kind) == 0)
			return (&r->caveats[i]);
	}
	return (NULL);
}

/* How item i of cv reads (report-text-caveats.c): equal, prefix, inside. */
static int
item_text(const struct sim_caveat *cv, size_t i, const char *s, int how)
{
	char	*t = report_text_caveat_item(cv, i);
	int	 r;

	if (how == 0)
		r = strcmp(t, s) == 0;
	else if (how == 1)
		r = strncmp(t, s, strlen(s)) == 0;
	else
		r = strstr(t, s) != NULL;
	free(t);
	return (r);
}

static int
item_is(const struct sim_caveat *cv, size_t i, const char *s)
{
	return (item_text(cv, i, s, 0));
}

static int
item_has(const struct sim_caveat *cv, size_t i, const char *s)
{
	return (item_text(cv, i, s, 1));
}

static int
item_contains(const struct sim_caveat *cv, size_t i, const char *s)
{
	return (item_text(cv, i, s, 2));
}

/*
 * The pairs of levels whose arrays of servers to except are one (the
 * later level denies the same servers the same flows: it has the level
 * before's array, not a copy), or -1 if a level shares an array it should
 * not or has a copy it should share.
 */
static int
shared_levels(const struct sim_result *r)
{
	const struct sim_level	*a, *b;
	size_t			 k, m;
	int			 same, n = 0;

	for (k = 1; k < r->nlevels; k++) {
		a = &r->levels[k - 1];
		b = &r->levels[k];
		same = a->nexceptions == b->nexceptions && a->nexceptions > 0;
		for (m = 0; same && m < a->nexceptions; m++)
			same = strcmp(a->exceptions[m].name,
			    b->exceptions[m].name) == 0 &&
			    a->exceptions[m].flows == b->exceptions[m].flows &&
			    a->exceptions[m].events == b->exceptions[m].events;
		if (same != ((b->shared & SIM_SHARED_EXCEPTIONS) != 0) ||
		    same != (a->exceptions == b->exceptions))
			return (-1);
		n += same;
	}
	return (n);
}

static void
test_run(void)
{
	struct flows		*fl;
	struct rules		*rs;
	struct exceptions	*ex;
	struct sim_options	 o;
	struct sim_result	*r;
	const struct sim_level	*lv;
	const struct sim_caveat	*cv;
	char			*cause = NULL;
	FILE			*f;
	char			 path[] = "/tmp/t-simulate.XXXXXX";
	int			 fd;
	const int64_t		 day = 86400000000LL, t0 = 1772323200000000LL;

	fl = flows_create();
	flows_source_logged_by(flows_add_source(fl, "test"), "srv1");
	add_flow(fl, 8003, "srv1.corp.example", "CORP", "alice", "WS01",
	    "System", 10, t0, t0 + 14 * day);
	add_flow(fl, 8003, "srv1.corp.example", "CORP", "bob", "WS02",
	    "w3wp.exe", 5, t0, t0 + 14 * day);
	add_flow(fl, 8004, "SRV1", "CORP", "alice", "WS03", NULL, 2, t0,
	    t0 + 14 * day);
	add_flow(fl, 8004, "APP01", "CORP", "scan01", "SCAN", NULL, 100, t0,
	    t0 + 14 * day);
	add_flow(fl, 8004, "OLD1", "CORP", "carol", "WS04", NULL, 1, t0,
	    t0 + 14 * day);
	add_flow(fl, 8004, "STALE1", "CORP", "dave", "WS05", NULL, 1, t0,
	    t0 + 14 * day);
	add_flow(fl, 8003, "web9.partner.example", "CORP", "erin", "WS06", NULL,
	    4, t0 + 13 * day, t0 + 14 * day);
	add_flow(fl, 8003, "srv1.corp.example", "SRV1", "admin", "WS01",
	    "System", 1, t0, t0 + 14 * day);
	flows_sort(fl);

	fd = mkstemp(path);
	f = fdopen(fd, "w");
	fputs("# test rules\nuser ignore ^scan\\d+$ scanner\n"
	    "name remediate ^STALE1$ moves to Kerberos\n"
	    "process ignore ^never$ unused rule\n", f);
	fclose(f);
	rs = rules_load(path, &cause);
	ok(rs != NULL, "rules load");
	ex = exceptions_create();
	exceptions_add(ex, "OLD*", "test:1");
	exceptions_add(ex, "GONE1", "test:2");
	exceptions_add(ex, "A*B*", "test:3");

	simulate_options_init(&o);
	o.policies = ps;
	o.policy = policies_find(ps, NULL);
	o.rules = rs;
	o.exceptions = ex;
	r = simulate_run(fl, &dom, &o);
	lv = &r->levels[r->level];
	is_int(r->nlevels, 4, "four options of the domain setting");
	is_str(lv->policy->name, "deny-domain-accounts-to-domain-servers",
	    "default level");
	is_int(r->ignored.flows, 1, "scanner flow ignored");
	is_int(r->ignored.events, 100, "scanner events ignored");
	is_int(lv->blocked_flows, 5, "blocked flows at 1");
	is_int(lv->blocked_events, 19, "blocked events at 1");
	is_int(lv->servers, 3, "servers at 1");
	is_int(lv->accounts, 4, "accounts at 1");
	is_int(lv->clients, 5, "clients at 1");
	is_int(lv->nexceptions, 2, "two servers to except (OLD1, SRV1)");
	if (lv->nexceptions == 2) {
		is_str(lv->exceptions[0].name, "OLD1", "OLD1 proposed: OLD* "
		    "in force matched it without naming it");
		is_str(lv->exceptions[0].weak, "OLD*", "OLD* kept as no proof");
		is_str(lv->exceptions[1].name, "SRV1", "SRV1 proposed");
		is_int(lv->exceptions[1].events, 17, "SRV1 evidence events");
		is_int(lv->exceptions[1].flows, 3, "SRV1 evidence flows");
		is_int(lv->exceptions[1].accounts.total, 2, "SRV1 accounts");
		is_str(lv->exceptions[1].accounts.names[0], "CORP\\alice",
		    "most frequent account first");
		is_int(lv->exceptions[1].clients.total, 3, "SRV1 clients");
		is_int(lv->exceptions[1].processes.total, 2, "SRV1 processes");
	}
	is_int(lv->nalready, 0, "no server proven excepted");
	is_int(lv->nremediate, 1, "STALE1 to remediate");
	is_int(lv->residual_flows, 1, "one flow still denied");
	is_int(lv->remediate_events, 1, "remediate events");
	is_int(r->levels[1].nexceptions, 3, "level 3 adds WEB9");
	is_int(r->classes[ACCOUNT_LOCAL][SERVER_DOMAIN].flows, 1,
	    "local logon counted");
	ok(find_caveat(r, "anomaly") != NULL, "local logon is an anomaly");
	ok((cv = find_caveat(r, "absent-from-directory")) != NULL &&
	    cv->nitems == 1 && item_is(cv, 0, "WEB9"),
	    "WEB9 absent from the directory");
	ok((cv = find_caveat(r, "disabled-computer")) != NULL &&
	    cv->nitems == 1 && item_is(cv, 0, "OLD1: 1 events"),
	    "OLD1 disabled");
	ok((cv = find_caveat(r, "stale-computer")) != NULL &&
	    cv->nitems == 1 && strcmp(cv->items[0].name, "STALE1") == 0 &&
	    item_has(cv, 0, "STALE1: last logon "),
	    "STALE1 stale");
	ok((cv = find_caveat(r, "short-window")) != NULL && cv->nitems == 1 &&
	    strncmp(cv->items[0].name, "web9", 4) == 0 &&
	    item_has(cv, 0, "web9") && item_contains(cv, 0, " days, "),
	    "web9's window is short");
	ok((cv = find_caveat(r, "unused-rule")) != NULL && cv->nitems == 1 &&
	    item_has(cv, 0, "line "),
	    "unused rule flagged");
	ok((cv = find_caveat(r, "unused-exception")) != NULL &&
	    cv->nitems == 1 && item_contains(cv, 0, "GONE1"),
	    "unused exception flagged");
	ok((cv = find_caveat(r, "invalid-exception")) != NULL &&
	    cv->nitems == 1 && item_contains(cv, 0, "A*B*"),
	    "invalid exception reported");
	ok(r->audit != NULL && r->audit_inferred && r->audit->value == 3,
	    "audit level inferred: 3 (domain accounts to a non-domain server)");
	ok(r->levels[1].answered && !r->levels[2].answered &&
	    !r->levels[3].answered, "levels 5 and 7 beyond the audit level");
	ok(find_caveat(r, "level-beyond-audit") != NULL, "caveat for them");
	ok(r->audit_stage != NULL && r->audit_stage->value == 3,
	    "the audit stage audits at 3: never narrower than the data (3)");
	is_int(rules_get(rs, 0)->flows, 1, "rule hit count");
	ok(shared_levels(r) == 0, "levels that deny different servers: "
	    "each has its own array of them");
	{
		struct sim_list		 l, l2;
		struct exceptions	*ex2 = exceptions_create();
		struct sim_result	*r2;
		char			 w[32];
		size_t			 k;
		int			 same;

		simulate_list_build(&l, lv, ex, 0);
		ok(l.nnames == 2 && strcmp(hostname_str(l.names[0]),
		    "OLD1") == 0 && strcmp(hostname_str(l.names[1]),
		    "SRV1") == 0, "the complete list: OLD1 by name (OLD* "
		    "proves nothing), SRV1 new");
		ok(l.nweak == 1 && strcmp(l.weak[0], "OLD*") == 0,
		    "OLD* matched OLD1 without naming it");
		ok(l.nunused == 1 && strcmp(l.unused[0], "GONE1") == 0,
		    "GONE1 matched nothing: a candidate to remove");
		for (k = 0; k < l.nnames; k++) {
			snprintf(w, sizeof w, "again:%zu", k + 1);
			exceptions_add(ex2, hostname_str(l.names[k]), w);
		}
		o.exceptions = ex2;
		r2 = simulate_run(fl, &dom, &o);
		simulate_list_build(&l2, &r2->levels[r2->level], ex2, 0);
		same = l2.nnames == l.nnames && l2.nunused == 0 &&
		    l2.nweak == 0 && r2->levels[r2->level].nexceptions == 0;
		for (k = 0; same && k < l.nnames; k++)
			same = strcmp(hostname_str(l.names[k]),
			    hostname_str(l2.names[k])) == 0;
		ok(same, "planned again with it in force: the same list, "
		    "every server covered");
		simulate_list_clear(&l2);
		simulate_free(r2);
		exceptions_free(ex2);
		o.exceptions = ex;
		simulate_list_clear(&l);
	}
	simulate_free(r);

	o.policy = policies_find(ps, "5");
	r = simulate_run(fl, &dom, &o);
	ok(r->audit_stage != NULL && r->audit_stage->value == 7,
	    "planned 5, data at 3: the audit stage audits at 7");
	simulate_free(r);
	o.policy = policies_find(ps, NULL);
	o.audit_level = 7;
	r = simulate_run(fl, &dom, &o);
	ok(r->audit != NULL && !r->audit_inferred && r->audit->value == 7,
	    "--audit-level 7 stated");
	ok(r->levels[3].answered, "every level answered at audit level 7");
	simulate_free(r);
	o.audit_level = 1;
	r = simulate_run(fl, &dom, &o);
	ok(find_caveat(r, "audit-level-contradicted") != NULL,
	    "data beyond the stated audit level 1");
	simulate_free(r);

	exceptions_free(ex);
	rules_free(rs);
	flows_free(fl);
	unlink(path);
}

/* The server of the last flow added: its SChannelType set to st. */
static void
add_dc_flow(struct flows *fl, const char *server, int st, uint64_t count,
    int64_t t)
{
	struct flow_key	k;

	memset(&k, 0, sizeof k);
	k.event_id = 8004;
	k.logged_by = "dc1.corp.example";
	k.server = server;
	k.domain = "CORP";
	k.user = "u";
	k.workstation = "WS";
	k.logon_type = -1;
	k.in_proc = -1;
	k.schannel_type = st;
	k.usage_id = -1;
	flows_add_flow(fl, &k, count, t, t, NULL);
}

static const struct sim_server *
find_server(const struct sim_server *v, size_t n, const char *name)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].name, name) == 0)
			return (&v[i]);
	return (NULL);
}

/*
 * Evidence beats an incomplete directory: servers that prove themselves
 * members (8003 with an FQDN directly in the domain, 8004 over a member's
 * or server's secure channel) are domain servers though not in the
 * directory; a child domain's FQDN and an 8004 without the type are not.
 */
static void
test_evidence(void)
{
	struct flows		*fl;
	struct sim_options	 o;
	struct sim_result	*r;
	struct sim_eval		*ev;
	struct sim_decision	 d;
	const struct sim_level	*lv;
	const struct sim_server	*s;
	const struct sim_caveat	*cv;
	const int64_t		 t0 = 1772323200000000LL;
	size_t			 i;
	int			 app7 = 0;

	fl = flows_create();
	add_flow(fl, 8003, "app7.corp.example", "CORP", "alice", "WS01",
	    "System", 3, t0, t0);
	add_flow(fl, 8003, "app8.child.corp.example", "CORP", "bob", "WS02",
	    "System", 2, t0, t0);
	add_flow(fl, 8003, "app9.child.other.example", "CORP", "bob", "WS02",
	    "System", 2, t0, t0);
	add_dc_flow(fl, "NAS9", 2, 4, t0);
	add_dc_flow(fl, "SQL9", 6, 1, t0);
	add_dc_flow(fl, "NAS8", -1, 5, t0);
	add_dc_flow(fl, "TRUST9", 3, 6, t0);
	flows_sort(fl);
	simulate_options_init(&o);
	o.policies = ps;
	o.policy = policies_find(ps, NULL);
	r = simulate_run(fl, &dom, &o);
	lv = &r->levels[r->level];
	is_int(lv->nexceptions, 5, "APP7, APP8, NAS8, NAS9 and SQL9 on the list "
	    "at 1");
	s = find_server(lv->exceptions, lv->nexceptions, "APP7");
	ok(s != NULL && s->proven && s->class == SERVER_DOMAIN,
	    "8003 from an FQDN in the domain: a member, not in the directory");
	s = find_server(lv->exceptions, lv->nexceptions, "NAS9");
	ok(s != NULL && s->proven, "8004 over a member's channel (type 2)");
	ok(find_server(lv->exceptions, lv->nexceptions, "SQL9") != NULL,
	    "8004 over a server's channel (type 6)");
	ok(find_server(lv->exceptions, lv->nexceptions, "APP8") != NULL,
	    "an FQDN of a child domain no trust names: not proven outside, "
	    "a member");
	ok(find_server(lv->exceptions, lv->nexceptions, "APP9") == NULL,
	    "an FQDN under a trust's partner: proven outside");
	s = find_server(lv->exceptions, lv->nexceptions, "NAS8");
	ok(s != NULL && !s->proven && s->absent, "8004 without SChannelType "
	    "proves nothing, and nothing places NAS8 outside: a server of "
	    "this domain, not proven a member");
	ok(find_server(lv->exceptions, lv->nexceptions, "TRUST9") == NULL,
	    "8004 over a trust's channel (type 3) proves nothing");
	ok((cv = find_caveat(r, "member-not-in-directory")) != NULL &&
	    cv->nitems == 4, "the caveat names the four");
	ok(find_caveat(r, "absent-from-directory") != NULL,
	    "absent servers still reported");
	/* The per-flow evaluator agrees. */
	ev = simulate_eval_create(fl, &dom, &o, r);
	for (i = 0; i < flows_count(fl); i++) {
		simulate_eval_flow(ev, i, r->level, &d);
		if (d.server != NULL && strcmp(d.server, "APP7") == 0)
			app7 = d.blocked && d.proposed &&
			    d.server_class == SERVER_DOMAIN;
	}
	ok(app7, "blocked.csv's evaluator: APP7 denied, on the list");
	simulate_eval_free(ev);
	/* The decisions' names outlive the evaluator's tables. */
	simulate_eval_done(r);
	ok(d.server == NULL || strlen(d.server) > 0, "a decision's server "
	    "is still readable once the evaluator's tables are freed");
	s = find_server(lv->exceptions, lv->nexceptions, "APP7");
	ok(s != NULL && s->host != NULL && s->accounts.n > 0 &&
	    s->accounts.names[0] != NULL && strchr(s->accounts.names[0],
	    '\\') != NULL, "APP7's evidence keeps its host and names");
	simulate_free(r);
	flows_free(fl);
}

/*
 * Domain accounts to servers of the domain only: every option denies the
 * same flows, and the four levels hold one array of servers (freed once:
 * the sanitizers see a double free or a leak).
 */
static void
test_shared(void)
{
	struct flows		*fl;
	struct sim_options	 o;
	struct sim_result	*r;
	const int64_t		 t0 = 1772323200000000LL;

	fl = flows_create();
	add_flow(fl, 8003, "srv1.corp.example", "CORP", "alice", "WS01",
	    "System", 3, t0, t0);
	add_flow(fl, 8003, "srv1.corp.example", "CORP", "bob", "WS02",
	    "System", 2, t0, t0);
	add_dc_flow(fl, "OLD1", 2, 4, t0);
	flows_sort(fl);
	simulate_options_init(&o);
	o.policies = ps;
	o.policy = policies_find(ps, NULL);
	r = simulate_run(fl, &dom, &o);
	is_int(r->nlevels, 4, "four levels");
	ok(r->levels[0].nexceptions == 2 && r->levels[3].nexceptions == 2,
	    "two servers to except at 1 and at 7");
	is_int(shared_levels(r), 3, "levels 3, 5 and 7 hold level 1's array");
	simulate_free(r);
	flows_free(fl);
}

static int
has_kind(const struct sim_caveat *v, size_t n, const char *kind)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strcmp(report_text_caveat_kind(v[i].code), kind) == 0)
			return (1);
	return (0);
}

/* The finding of code c among v[0..n), or NULL. */
static const struct sim_caveat *
find_code(const struct sim_caveat *v, size_t n, enum sim_code c)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (v[i].code == c)
			return (&v[i]);
	return (NULL);
}

/*
 * Items are figures the report words: those sorted by their text come out
 * in the order of the words ("WEB1: ..." before "WEB: ..."), and a host the
 * events do not name reads "(unknown host)".
 */
static void
test_items(void)
{
	static const struct sim_computer comps[] = {
		{ .name = "WEB", .enabled = 0, .last_logon = 0 },
		{ .name = "WEB1", .enabled = 0, .last_logon = 0 },
		{ .name = "Web0", .enabled = 0, .last_logon = 0 },
		{ .name = "WEB-2", .enabled = 0, .last_logon = 0 },
		{ .name = "DC1", .dns = "dc1.corp.example", .enabled = 1,
		    .dc = 1, .last_logon = 0 },
	};
	static const char *const order[] = {
		"WEB-2: 4 events", "Web0: 3 events", "WEB1: 2 events",
		"WEB: 2 events"
	};
	struct sim_domain	 d = dom;
	struct flows		*fl;
	struct flow_key		 k;
	struct sim_options	 o;
	struct sim_facts	 fx;
	struct sim_result	*r;
	const struct sim_caveat	*cv;
	const struct sim_level	*lv;
	char			*a, *b;
	size_t			 i;
	int			 sorted = 1;
	const int64_t		 t0 = 1772323200000000LL;

	d.computers = comps;
	d.ncomputers = sizeof comps / sizeof comps[0];
	fl = flows_create();
	add_flow(fl, 8004, "WEB", "CORP", "alice", "WS01", NULL, 1, t0, t0);
	add_flow(fl, 8004, "WEB1", "CORP", "alice", "WS01", NULL, 2, t0, t0);
	add_flow(fl, 8004, "Web0", "CORP", "alice", "WS01", NULL, 3, t0, t0);
	add_flow(fl, 8004, "WEB-2", "CORP", "alice", "WS01", NULL, 4, t0, t0);
	memset(&k, 0, sizeof k);
	k.event_id = 8003;
	k.server = "WEB";
	k.domain = "CORP";
	k.user = "bob";
	k.logon_type = k.in_proc = k.schannel_type = k.usage_id = -1;
	flows_add_flow(fl, &k, 1, t0 + 86400000000LL, t0 + 86400000000LL,
	    NULL);
	flows_sort(fl);
	simulate_options_init(&o);
	o.policies = ps;
	o.policy = policies_find(ps, NULL);
	r = simulate_run(fl, &d, &o);
	cv = find_caveat(r, "disabled-computer");
	ok(cv != NULL && cv->nitems == 4, "four disabled computers");
	for (i = 0; cv != NULL && i < cv->nitems && i < 4; i++)
		ok(item_is(cv, i, order[i]), "disabled computer %zu: %s", i,
		    order[i]);
	for (i = 0; cv != NULL && i + 1 < cv->nitems; i++) {
		a = report_text_caveat_item(cv, i);
		b = report_text_caveat_item(cv, i + 1);
		sorted &= util_strp_compare(&a, &b) < 0;
		free(a);
		free(b);
	}
	ok(sorted, "in the order of their texts");
	simulate_facts_init(&fx);
	fx.now = t0;
	simulate_verdict(r, &d, &fx);
	lv = &r->levels[r->level];
	cv = find_code(lv->warnings, lv->nwarnings, SIM_FUTURE_RECORDS);
	ok(cv != NULL && cv->nitems == 1 && cv->items[0].name == NULL &&
	    item_is(cv, 0, "(unknown host): newest 2026-03-02 00:00 UTC"),
	    "a host the events do not name: (unknown host)");
	simulate_free(r);
	flows_free(fl);
}

/*
 * The verdict: each fact about the inputs becomes the blocker or warning
 * of its kind, at every level; without any, a level that the audit level
 * answers is ready.
 */
static void
test_verdict(void)
{
	static const struct flows_overlap overlaps[] = {
		{ "SRV1.corp.example", "Microsoft-Windows-NTLM/Operational",
		    100, 200 }
	};
	static const struct sim_gap gaps[] = {
		{ "SRV1.corp.example", NULL, 49, 100, 50, UTIL_TIME_NONE,
		    UTIL_TIME_NONE }
	};
	static const char *const paths[] = { "x.evtx" };
	static const struct sim_computer nodc_comp[] = {
		{ .name = "SRV1", .dns = "srv1.corp.example", .enabled = 1, .dc = 0,
	    .last_logon = 0 },
	};
	struct sim_domain	 nonb = dom, nodc = dom;
	struct flows		*fl;
	struct sim_options	 o;
	struct sim_facts	 fx;
	struct sim_result	*r;
	const struct sim_level	*lv;
	const struct sim_caveat	*cv;
	char			*text;
	const int64_t		 day = 86400000000LL, t0 = 1772323200000000LL;

	fl = flows_create();
	flows_source_logged_by(flows_add_source(fl, "test"), "srv1");
	add_flow(fl, 8003, "srv1.corp.example", "CORP", "alice", "WS01",
	    "System", 10, t0, t0 + 31 * day);
	add_flow(fl, 8003, "srv1.corp.example", "CORP", "bob", "WS02",
	    "System", 2, t0, t0 + 31 * day);
	flows_sort(fl);
	simulate_options_init(&o);
	o.policies = ps;
	o.policy = policies_find(ps, NULL);
	nodc.computers = nodc_comp;
	nodc.ncomputers = 1;

	r = simulate_run(fl, &nodc, &o);
	simulate_facts_init(&fx);
	simulate_verdict(r, &nodc, &fx);
	lv = &r->levels[r->level];
	ok(lv->ready && lv->nblockers == 0 && lv->nwarnings == 0,
	    "nothing known against it: ready, no warning");
	simulate_free(r);

	/* Every item counted and listed: no "and N more" in the data. */
	{
		struct sim_gap	 many[60];
		size_t		 k, more = 0;

		for (k = 0; k < 60; k++)
			many[k] = gaps[0];
		r = simulate_run(fl, &nodc, &o);
		fx.ngaps = 60;
		fx.gaps = many;
		simulate_verdict(r, &nodc, &fx);
		lv = &r->levels[r->level];
		for (k = 0; k < lv->nwarnings; k++)
			if (lv->warnings[k].code == SIM_RECORD_GAPS)
				break;
		ok(k < lv->nwarnings && lv->warnings[k].nitems == 60,
		    "60 gaps: 60 items");
		for (k = 0; k < lv->nwarnings; k++)
			for (size_t m = 0; m < lv->warnings[k].nitems; m++)
				more += item_has(&lv->warnings[k], m, "and ");
		is_int(more, 0, "no item stands for others");
		fx.ngaps = 0;
		fx.gaps = NULL;
		simulate_free(r);
	}

	/* The evidence window: under 7 days a blocker, under 30 a warning. */
	r = simulate_run(fl, &nodc, &o);
	fx.min_window = 40 * day;
	simulate_verdict(r, &nodc, &fx);
	lv = &r->levels[r->level];
	ok(!lv->ready && has_kind(lv->blockers, lv->nblockers,
	    "short-evidence"), "31 days against --min-days 40: a blocker");
	simulate_free(r);
	r = simulate_run(fl, &nodc, &o);
	fx.min_window = 7 * day;
	simulate_verdict(r, &nodc, &fx);
	lv = &r->levels[r->level];
	ok(lv->ready && !has_kind(lv->warnings, lv->nwarnings,
	    "under-a-month"), "31 days: no under-a-month warning");
	simulate_free(r);

	r = simulate_run(fl, &nodc, &o);
	fx.noverlaps = 1;
	fx.overlaps = overlaps;
	fx.ngaps = 1;
	fx.gaps = gaps;
	fx.now = t0 + 80 * day;
	fx.max_age = 30 * day;
	fx.nunread = fx.nforeign = fx.nempty = 1;
	fx.unread = fx.foreign = fx.empty = paths;
	fx.unreadable = 3;
	fx.unreadable_unknown = 2;
	fx.directory_time = t0 + 40 * day;
	simulate_verdict(r, &nodc, &fx);
	lv = &r->levels[r->level];
	ok(!lv->ready, "not ready");
	ok(has_kind(lv->blockers, lv->nblockers, "overlap-not-deduplicated"),
	    "overlapping inputs not de-duplicated: a blocker");
	ok(has_kind(lv->blockers, lv->nblockers, "stale-data"),
	    "data older than --max-age: a blocker");
	ok(has_kind(lv->blockers, lv->nblockers, "input-unreadable"),
	    "an unreadable input: a blocker");
	ok(has_kind(lv->blockers, lv->nblockers, "input-without-ntlm"),
	    "an input without NTLM: a blocker");
	ok(has_kind(lv->blockers, lv->nblockers, "unreadable-records"),
	    "unreadable records: a blocker");
	ok(has_kind(lv->warnings, lv->nwarnings, "record-gaps"),
	    "record-id gaps: a warning");
	cv = find_code(lv->blockers, lv->nblockers, SIM_OVERLAP);
	ok(cv != NULL && cv->nitems == 1 && item_is(cv, 0, "SRV1.corp.example, "
	    "log Microsoft-Windows-NTLM/Operational: record ids 100..200 in "
	    "more than one input"), "an overlap's item: host, log, ids");
	cv = find_code(lv->warnings, lv->nwarnings, SIM_RECORD_GAPS);
	ok(cv != NULL && cv->nitems == 1 && item_is(cv, 0, "SRV1.corp.example, "
	    "log (channel unknown): 50 records lost (ids 50..99) between an "
	    "unknown time and an unknown time"), "a gap's item: host, ids, "
	    "times");
	ok(has_kind(lv->warnings, lv->nwarnings, "data-older-than-directory"),
	    "data older than the directory: a warning");
	ok(has_kind(lv->warnings, lv->nwarnings, "empty-input"),
	    "an empty input: a warning");
	ok(has_kind(lv->warnings, lv->nwarnings, "unreadable-in-flow-files"),
	    "unreadable records of flow files: a warning");
	ok(!r->levels[r->nlevels - 1].ready, "every level judged");
	simulate_free(r);

	/* The directory's DC1 logged nothing; a DC without NetBIOS name. */
	nonb.netbios = NULL;
	r = simulate_run(fl, &nonb, &o);
	simulate_facts_init(&fx);
	simulate_verdict(r, &nonb, &fx);
	lv = &r->levels[r->level];
	ok(!lv->ready && has_kind(lv->blockers, lv->nblockers,
	    "netbios-unknown"), "no NetBIOS name: a blocker");
	text = lv->nblockers > 0 ? report_text_caveat(&lv->blockers[0]) :
	    NULL;
	ok(text != NULL && strstr(text,
	    "CN=Partitions,CN=Configuration,DC=corp,DC=example") != NULL,
	    "the blocker says what to export");
	free(text);
	ok(has_kind(lv->warnings, lv->nwarnings, "dc-silent"),
	    "a DC of the directory that logged nothing: a warning");
	simulate_free(r);

	/* No DNS name either: the DN to fill in, worded by the report. */
	nonb.dns = NULL;
	r = simulate_run(fl, &nonb, &o);
	simulate_verdict(r, &nonb, &fx);
	lv = &r->levels[r->level];
	cv = find_code(lv->blockers, lv->nblockers, SIM_NETBIOS_UNKNOWN);
	text = cv != NULL ? report_text_caveat(cv) : NULL;
	ok(cv != NULL && cv->s[0] == NULL && text != NULL && strstr(text,
	    "CN=Configuration,DC=<your>,DC=<domain>\" -r") != NULL,
	    "no DNS name: a DN to fill in");
	free(text);
	simulate_free(r);
	flows_free(fl);
}

static void
test_account_class(void)
{
	is_int(simulate_account_class(&dom, "corp", "x", "SRV1"),
	    ACCOUNT_DOMAIN, "domain NetBIOS name, any case");
	is_int(simulate_account_class(&dom, "CORP.EXAMPLE", "x", "SRV1"),
	    ACCOUNT_DOMAIN, "domain DNS name");
	is_int(simulate_account_class(&dom, "Partner.Example", "x", "SRV1"),
	    ACCOUNT_TRUSTED, "trust partner");
	is_int(simulate_account_class(&dom, "srv1", "x", "SRV1"),
	    ACCOUNT_LOCAL, "server's own name");
	is_int(simulate_account_class(&dom, "CORP", "(NULL)", "SRV1"),
	    ACCOUNT_ANONYMOUS, "(NULL) user");
	is_int(simulate_account_class(&dom, "CORP", "anonymous logon",
	    "SRV1"), ACCOUNT_ANONYMOUS, "ANONYMOUS LOGON");
	is_int(simulate_account_class(&dom, "ELSEWHERE", "x", "SRV1"),
	    ACCOUNT_UNKNOWN, "other domain");
}
/*
 * The audit level inferred from the data never rises for an account the
 * plan cannot place: data at level 1 plus one UPN logon of an unknown
 * suffix is level 1, so level 5 is not answered (its figures are a lower
 * bound) instead of ready.
 */
static void
test_audit_unknown(void)
{
	const int64_t		 t0 = 1772323200000000LL;
	struct flows		*fl;
	struct sim_options	 o;
	struct sim_result	*r;

	fl = flows_create();
	add_flow(fl, 8003, "srv1.corp.example", "CORP", "alice", "WS01",
	    "System", 10, t0, t0);
	add_flow(fl, 8003, "srv1.corp.example", "-", "x@elsewhere.example",
	    "WS02", "System", 1, t0, t0);
	flows_sort(fl);
	simulate_options_init(&o);
	o.policies = ps;
	o.policy = policies_find(ps, "5");
	r = simulate_run(fl, &dom, &o);
	ok(r->audit != NULL && r->audit_inferred && r->audit->value == 1,
	    "an unplaced UPN does not raise the inferred audit level");
	ok(!r->levels[r->level].answered, "level 5 is not answered by it");
	is_int(r->levels[r->level].blocked_flows, 2, "the UPN logon is denied "
	    "at 5 with the domain account's");
	simulate_free(r);
	flows_free(fl);
}

/*
 * Every code has its kind and its sentence (report-text-caveats.c), and
 * the sentence agrees with its count.
 */
static void
test_words(void)
{
	const struct policy	*p = policies_find(ps, "5");
	struct sim_caveat	 cv;
	char			*t;
	int			 c, bad = 0;

	for (c = 0; c < SIM__COUNT; c++) {
		memset(&cv, 0, sizeof cv);
		cv.code = (enum sim_code)c;
		cv.p[0] = cv.p[1] = p;
		if (c == SIM_POLICY_NOTE && p->nnotes == 0)
			continue;
		t = report_text_caveat(&cv);
		if (report_text_caveat_kind(cv.code) == NULL || t == NULL ||
		    *t == '\0') {
			diag("code %d: no kind or no sentence", c);
			bad++;
		}
		free(t);
	}
	ok(bad == 0, "each of %d codes has a kind and a sentence", SIM__COUNT);
	memset(&cv, 0, sizeof cv);
	cv.code = SIM_INPUT_UNREADABLE;
	cv.n[0] = 1;
	t = report_text_caveat(&cv);
	is_str(t, "1 input named on the command line could not be read: fix "
	    "the path or the permissions, or leave it out", "one input: it");
	free(t);
	cv.n[0] = 3;
	t = report_text_caveat(&cv);
	is_str(t, "3 inputs named on the command line could not be read: fix "
	    "the path or the permissions, or leave them out", "three: them");
	free(t);
	is_str(report_text_caveat_kind(SIM_TRUST_CHANNEL_DENIED),
	    report_text_caveat_kind(SIM_TRUST_CHANNEL),
	    "a blocker and a caveat share the kind trust-channel");
}

int
main(void)
{
	char	*cause = NULL;

	ps = policies_load(testdata("../policies"), &cause);
	if (ps == NULL) {
		diag("%s", cause);
		ok(0, "policies load");
		return (done_testing());
	}
	test_account_class();
	test_cases();
	test_run();
	test_evidence();
	test_shared();
	test_verdict();
	test_items();
	test_audit_unknown();
	test_words();
	policies_free(ps);
	return (done_testing());
}
