/*
 * report-plan.c: the report's content from the simulation.  Events per day
 * come from the flows' time profiles (UTC days); events without one are
 * counted as not charted.  Everything is in a fixed order: the same plan
 * gives the same bytes.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "flows.h"
#include "policy.h"
#include "report-events.h"
#include "report-gpo.h"
#include "report-plan.h"
#include "rules.h"
#include "simulate.h"
#include "util.h"
#include "xmalloc.h"

static const struct flows *report_plan_sort_flows;

static int
report_plan_namecmp(const char *a, const char *b)
{
	int	c;

	if (a == b)		/* one evaluator's string per server */
		return (0);
	if (a == NULL || b == NULL)
		return (a == b ? 0 : a == NULL ? -1 : 1);
	if ((c = strcasecmp(a, b)) != 0)
		return (c);
	return (strcmp(a, b));
}

static int
report_plan_decision_compare(const void *a, const void *b)
{
	const struct sim_decision	*da = a, *db = b;
	uint64_t			 ca, cb;
	int				 c;

	if ((c = report_plan_namecmp(da->server, db->server)) != 0)
		return (c);
	ca = flows_flow(report_plan_sort_flows, da->flow)->count;
	cb = flows_flow(report_plan_sort_flows, db->flow)->count;
	if (ca != cb)
		return (ca > cb ? -1 : 1);
	return (da->flow < db->flow ? -1 : da->flow > db->flow);
}

static int
report_plan_rule_compare(const void *a, const void *b)
{
	const struct sim_decision	*da = a, *db = b;
	uint64_t			 ca, cb;

	if (da->rule->line != db->rule->line)
		return (da->rule->line < db->rule->line ? -1 : 1);
	ca = flows_flow(report_plan_sort_flows, da->flow)->count;
	cb = flows_flow(report_plan_sort_flows, db->flow)->count;
	if (ca != cb)
		return (ca > cb ? -1 : 1);
	return (da->flow < db->flow ? -1 : da->flow > db->flow);
}

void
report_plan_sort_rules(struct sim_decision *d, size_t n,
    const struct flows *fl)
{
	if (n < 2)
		return;
	report_plan_sort_flows = fl;
	qsort(d, n, sizeof *d, report_plan_rule_compare);
	report_plan_sort_flows = NULL;
}

void
report_plan_sort(struct sim_decision *d, size_t n, const struct flows *fl)
{
	if (n < 2)
		return;
	report_plan_sort_flows = fl;
	qsort(d, n, sizeof *d, report_plan_decision_compare);
	report_plan_sort_flows = NULL;
}

static int64_t
report_plan_floor_day(int64_t t)
{
	int64_t	d = t / UTIL_DAY;

	if (t % UTIL_DAY != 0 && t < 0)
		d--;
	return (d * UTIL_DAY);
}

/*
 * The denied events of server sp per day, from the flows' time profiles.
 * What a profile cannot place (a flow of a version 1 file, days older than
 * it keeps) is counted in rp->uncharted, never estimated.
 */
static void
report_plan_spread(struct plan *rp, struct report_plan_server *sp)
{
	const struct flow		*f;
	const struct flow_profile	*p;
	size_t				 lo = 0, hi = rp->nblocked, mid, i, j;
	int64_t				 k, first;
	uint64_t			 n, placed;

	sp->perday = xcalloc(rp->ndays + 1, sizeof *sp->perday);
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (report_plan_namecmp(rp->blocked[mid].server,
		    sp->s->name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	first = flows_day(rp->day0);
	for (i = lo; i < rp->nblocked && report_plan_namecmp(
	    rp->blocked[i].server, sp->s->name) == 0; i++) {
		f = flows_flow(rp->fl, rp->blocked[i].flow);
		if ((p = f->profile) == NULL || rp->ndays == 0) {
			rp->uncharted += f->count;
			continue;
		}
		placed = 0;
		for (j = 0; j < p->ndays; j++) {
			k = FLOWS_CELL_KEY(p->cells[p->nhours + j]) -
			    FLOWS_PROFILE_DAY0 - first;
			n = FLOWS_CELL_COUNT(p->cells[p->nhours + j]);
			if (k >= 0 && k < (int64_t)rp->ndays) {
				sp->perday[k] += (double)n;
				placed += n;
			}
		}
		rp->uncharted += f->count - placed;
	}
}

static void
report_plan_add(struct plan *rp, const struct sim_server *v, size_t n,
    enum report_plan_list list)
{
	const struct sim_computer	*dc;
	struct report_plan_server	*sp;
	size_t				 i;

	for (i = 0; i < n; i++) {
		sp = &rp->servers[rp->nservers++];
		memset(sp, 0, sizeof *sp);
		sp->s = &v[i];
		sp->list = list;
		dc = v[i].class != SERVER_NONDOMAIN ?
		    simulate_domain_find(rp->dom, v[i].name) : NULL;
		if (dc != NULL) {
			sp->known = 1;
			sp->dc = dc->dc;
			sp->rodc = dc->rodc;
			sp->enabled = dc->enabled;
			sp->os = dc->os;
			sp->os_version = dc->os_version;
		}
	}
}

void
report_plan_build(struct plan *rp)
{
	const struct sim_result	*r = rp->r;
	const struct sim_level	*lv = &r->levels[r->level];
	const struct policy	*p = r->policy;
	size_t			 i, j, k;
	int64_t			 last;

	rp->servers = xcalloc(lv->nexceptions + lv->nalready +
	    lv->nremediate + lv->nrefused + 1, sizeof *rp->servers);
	rp->nservers = 0;
	rp->ndays = 0;
	rp->day0 = 0;
	if (r->first_seen != UTIL_TIME_NONE &&
	    r->last_seen != UTIL_TIME_NONE) {
		rp->day0 = report_plan_floor_day(r->first_seen);
		last = report_plan_floor_day(r->last_seen);
		rp->ndays = (size_t)((last - rp->day0) / UTIL_DAY) + 1;
		if (rp->ndays > REPORT_PLAN_MAX_DAYS)
			rp->ndays = REPORT_PLAN_MAX_DAYS;
	}
	report_plan_add(rp, lv->exceptions, lv->nexceptions,
	    REPORT_PLAN_PROPOSED);
	report_plan_add(rp, lv->already, lv->nalready,
	    REPORT_PLAN_IN_FORCE);
	report_plan_add(rp, lv->remediate, lv->nremediate,
	    REPORT_PLAN_REMEDIATE);
	report_plan_add(rp, lv->refused, lv->nrefused, REPORT_PLAN_REFUSED);

	/* The servers with most events, by name on a tie. */
	rp->ntop = 0;
	for (i = 0; i < rp->nservers; i++) {
		for (j = 0; j < rp->ntop; j++) {
			const struct sim_server *a = rp->servers[i].s;
			const struct sim_server *b = rp->servers[rp->top[j]].s;

			if (a->events > b->events || (a->events == b->events &&
			    report_plan_namecmp(a->name, b->name) < 0))
				break;
		}
		if (j >= REPORT_PLAN_TOP)
			continue;
		if (rp->ntop < REPORT_PLAN_TOP)
			rp->ntop++;
		for (k = rp->ntop - 1; k > j; k--)
			rp->top[k] = rp->top[k - 1];
		rp->top[j] = i;
	}

	for (i = 0; i < rp->ntop; i++)
		report_plan_spread(rp, &rp->servers[rp->top[i]]);

	rp->naudit = report_gpo_lines(p, r->audit_stage, REPORT_GPO_AUDIT,
	    rp->gpo, rp->ngpo, &rp->audit);
	rp->nenforce = report_gpo_lines(p, NULL, REPORT_GPO_ENFORCE, rp->gpo,
	    rp->ngpo, &rp->enforce);
	rp->nrollback = report_gpo_lines(p, NULL, REPORT_GPO_ROLLBACK, rp->gpo,
	    rp->ngpo, &rp->rollback);
	rp->events = report_events_build(rp);
}

static void
report_plan_free_lines(char **v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
report_plan_clear(struct plan *rp)
{
	size_t	i;

	for (i = 0; i < rp->nservers; i++)
		free(rp->servers[i].perday);
	free(rp->servers);
	rp->servers = NULL;
	report_events_free(rp->events);
	rp->events = NULL;
	rp->nservers = rp->ntop = 0;
	report_plan_free_lines(rp->audit, rp->naudit);
	report_plan_free_lines(rp->enforce, rp->nenforce);
	report_plan_free_lines(rp->rollback, rp->nrollback);
	rp->audit = rp->enforce = rp->rollback = NULL;
	rp->naudit = rp->nenforce = rp->nrollback = 0;
}

double
report_plan_per_day(const struct plan *rp, uint64_t events)
{
	return ((double)events / (double)(rp->ndays > 0 ? rp->ndays : 1));
}

const char *
report_plan_basename(const char *path)
{
	const char	*s;

	for (s = path; *path != '\0'; path++) {
		if (*path == '\\' || *path == '/')
			s = path + 1;
	}
	return (s);
}

const char *
report_plan_service(const char *process)
{
	static const struct {
		const char	*name;
		const char	*what;
	} known[] = {
		{ "System", "SMB: file and print sharing" },
		{ "lsass.exe", "LSA: LDAP and other authentication" },
		{ "w3wp.exe", "IIS web application (application pool)" },
		{ "sqlservr.exe", "SQL Server" },
		{ "svchost.exe", "a Windows service (svchost)" },
		{ "inetinfo.exe", "IIS (FTP, SMTP)" },
		{ "mmc.exe", "a management console" },
		{ "services.exe", "the service control manager" },
		{ "spoolsv.exe", "print spooler" },
		{ "wsmprovhost.exe", "PowerShell remoting (WinRM)" },
		{ "ReportingServicesService.exe", "SQL Server Reporting" },
		{ "Microsoft.Exchange.Directory.TopologyService.exe",
		    "Exchange" },
	};
	const char	*b;
	size_t		 i;

	if (process == NULL)
		return (NULL);
	b = report_plan_basename(process);
	for (i = 0; i < sizeof known / sizeof known[0]; i++) {
		if (strcasecmp(b, known[i].name) == 0)
			return (known[i].what);
	}
	return (NULL);
}

char *
report_plan_day(int64_t t, char *buf)
{
	time_t		s = (time_t)(report_plan_floor_day(t) / 1000000);
	struct tm	tm;

	gmtime_r(&s, &tm);
	strftime(buf, 11, "%Y-%m-%d", &tm);
	return (buf);
}

const char *
report_plan_list_name(enum report_plan_list l)
{
	switch (l) {
	case REPORT_PLAN_PROPOSED:
		return ("proposed");
	case REPORT_PLAN_IN_FORCE:
		return ("in force");
	case REPORT_PLAN_REFUSED:
		return ("still denied: name refused");
	default:
		return ("still denied");
	}
}

const char *
report_plan_list_class(enum report_plan_list l)
{
	switch (l) {
	case REPORT_PLAN_PROPOSED:
		return (NULL);
	case REPORT_PLAN_IN_FORCE:
		return ("ok");
	default:
		return ("danger");
	}
}

const char *
report_plan_kind(const struct report_plan_server *sp, const char **cls)
{
	*cls = NULL;
	if (!sp->known) {
		*cls = "warn";
		return ("not in the directory");
	}
	if (sp->rodc)
		return ("read-only DC");
	if (sp->dc) {
		*cls = "warn";
		return ("domain controller");
	}
	if (!sp->enabled) {
		*cls = "warn";
		return ("member, account disabled");
	}
	return ("member");
}

const struct report_plan_scope *
report_plan_scope(const struct policy *p)
{
	static const struct report_plan_scope scopes[] = {
		{ "RestrictNTLMInDomain", "the domain controllers",
		    "the Domain Controllers OU",
		    "domain controllers refresh Group Policy in the background "
		    "every 5 minutes by default (Microsoft Learn, \"Group "
		    "Policy refresh interval for domain controllers\")" },
		{ "RestrictReceivingNTLMTraffic", "each server that receives "
		    "NTLM", "the OUs of those servers",
		    "member computers refresh Group Policy in the background "
		    "every 90 minutes plus up to 30 minutes at random by "
		    "default (Microsoft Learn, \"Group Policy refresh interval "
		    "for computers\")" },
		{ "RestrictSendingNTLMTraffic", "each client that sends NTLM",
		    "the OUs of the clients",
		    "member computers refresh Group Policy in the background "
		    "every 90 minutes plus up to 30 minutes at random by "
		    "default (Microsoft Learn, \"Group Policy refresh interval "
		    "for computers\")" },
	};
	static const struct report_plan_scope generic = {
		"", "the computers the setting applies to",
		"the OUs of those computers",
		"computers refresh Group Policy in the background at their "
		"refresh interval"
	};
	const char	*v;
	size_t		 i;

	v = report_plan_basename(p->key);
	for (i = 0; i < sizeof scopes / sizeof scopes[0]; i++)
		if (strcasecmp(v, scopes[i].value) == 0)
			return (&scopes[i]);
	return (&generic);
}
