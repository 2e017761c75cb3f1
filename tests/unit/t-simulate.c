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
#include "rules.h"
#include "simulate.h"
#include "tap.h"
#include "util.h"
#include "xmalloc.h"

static const struct sim_computer computers[] = {
	{ "APP01", NULL, 1, 0, 1772323200000000LL },
	{ "DC1", "dc1.corp.example", 1, 1, 1772323200000000LL },
	{ "OLD1", "old1.corp.example", 0, 0, 1772323200000000LL },
	{ "SRV1", "srv1.corp.example", 1, 0, 1772323200000000LL },
	{ "STALE1", NULL, 1, 0, 1740000000000000LL },
	{ "WEB.2", "web2.corp.example.", 1, 0, 1772323200000000LL },
};
static const struct sim_trust trusts[] = {
	{ "PARTNER", "partner.example" },
};
static const struct sim_domain dom = {
	"CORP", "corp.example", trusts, 1, computers,
	sizeof computers / sizeof computers[0]
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
	flows_add_flow(fl, &k, count, first, last);
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
		ok_all = a >= 0 && sc >= 0 && r->classes[a][sc].flows == 1 &&
		    lv->blocked_flows == (uint64_t)want_b &&
		    lv->excepted_flows == (uint64_t)want_x &&
		    lv->nexceptions == (size_t)(want_b && !want_x) &&
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
		if (strcmp(r->caveats[i].kind, kind) == 0)
			return (&r->caveats[i]);
	}
	return (NULL);
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
	add_flow(fl, 8003, "web9.corp.example", "CORP", "erin", "WS06", NULL,
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
	is_int(lv->nexceptions, 1, "one server to except (SRV1)");
	if (lv->nexceptions == 1) {
		is_str(lv->exceptions[0].name, "SRV1", "SRV1 proposed");
		is_int(lv->exceptions[0].events, 17, "SRV1 evidence events");
		is_int(lv->exceptions[0].flows, 3, "SRV1 evidence flows");
		is_int(lv->exceptions[0].accounts.total, 2, "SRV1 accounts");
		is_str(lv->exceptions[0].accounts.names[0], "CORP\\alice",
		    "most frequent account first");
		is_int(lv->exceptions[0].clients.total, 3, "SRV1 clients");
		is_int(lv->exceptions[0].processes.total, 2, "SRV1 processes");
	}
	is_int(lv->nalready, 1, "OLD1 already excepted");
	if (lv->nalready == 1)
		is_str(lv->already[0].entry, "OLD*", "matched by OLD*");
	is_int(lv->nremediate, 1, "STALE1 to remediate");
	is_int(lv->residual_flows, 1, "one flow still denied");
	is_int(lv->remediate_events, 1, "remediate events");
	is_int(r->levels[1].nexceptions, 2, "level 3 adds WEB9");
	is_int(r->classes[ACCOUNT_LOCAL][SERVER_DOMAIN].flows, 1,
	    "local logon counted");
	ok(find_caveat(r, "anomaly") != NULL, "local logon is an anomaly");
	ok((cv = find_caveat(r, "absent-from-directory")) != NULL &&
	    cv->nitems == 1 && strcmp(cv->items[0], "WEB9") == 0,
	    "WEB9 absent from the directory");
	ok((cv = find_caveat(r, "disabled-computer")) != NULL &&
	    cv->nitems == 1, "OLD1 disabled");
	ok((cv = find_caveat(r, "stale-computer")) != NULL &&
	    cv->nitems == 1 && strncmp(cv->items[0], "STALE1", 6) == 0,
	    "STALE1 stale");
	ok((cv = find_caveat(r, "short-window")) != NULL && cv->nitems == 1 &&
	    strncmp(cv->items[0], "web9", 4) == 0, "web9's window is short");
	ok((cv = find_caveat(r, "unused-rule")) != NULL && cv->nitems == 1,
	    "unused rule flagged");
	ok((cv = find_caveat(r, "unused-exception")) != NULL &&
	    cv->nitems == 1 && strstr(cv->items[0], "GONE1") != NULL,
	    "unused exception flagged");
	ok((cv = find_caveat(r, "invalid-exception")) != NULL &&
	    cv->nitems == 1 && strstr(cv->items[0], "A*B*") != NULL,
	    "invalid exception reported");
	ok(r->audit != NULL && r->audit_inferred && r->audit->value == 3,
	    "audit level inferred: 3 (domain accounts to a non-domain server)");
	ok(r->levels[1].answered && !r->levels[2].answered &&
	    !r->levels[3].answered, "levels 5 and 7 beyond the audit level");
	ok(find_caveat(r, "level-beyond-audit") != NULL, "caveat for them");
	is_int(rules_get(rs, 0)->flows, 1, "rule hit count");
	simulate_free(r);

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
	is_int(simulate_account_class(&dom, "OTHER", "x", "SRV1"),
	    ACCOUNT_UNKNOWN, "other domain");
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
	policies_free(ps);
	return (done_testing());
}
