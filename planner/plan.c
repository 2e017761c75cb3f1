/*
 * plan.c: the plan, computed once (plan.h).  The steps run in a fixed
 * order: the assumed fixes and the run without them, the simulation, the
 * evidence of the inputs and the verdict, every flow's decision at every
 * level, the list and its comments, the fixes, the report's view.
 */
#include "config.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "changes.h"
#include "exceptions.h"
#include "flows.h"
#include "log.h"
#include "plan.h"
#include "policy.h"
#include "remediate.h"
#include "report-csv.h"
#include "report-gpo.h"
#include "report-html.h"
#include "report-json.h"
#include "report-md.h"
#include "report-plan.h"
#include "report-regpol.h"
#include "report-text-caveats.h"
#include "report-text-list.h"
#include "report-remediate.h"
#include "rules.h"
#include "simulate-smb.h"
#include "simulate.h"
#include "util.h"
#include "xmalloc.h"


const struct plan_output plan_outputs[] = {
	{ "exceptions.txt", report_list_write, 0, 0 },
	{ "GptTmpl-audit.inf", report_gpo_audit_write, 0, 0 },
	{ "GptTmpl-enforce.inf", report_gpo_enforce_write, 0, 0 },
	{ "plan.json", report_json_write, 2, 1 },
	{ "blocked.csv", report_csv_write, 1, 0 },
	{ "remediation.csv", report_remediate_write, 3, 1 },
	{ "report.md", report_md_write, 0, 1 },
	{ "report.html", report_html_write, 0, 1 },
	{ PLAN_SMB_POL, report_regpol_plan_write, 0, 0 },
	{ NULL, NULL, 0, 0 }
};

/*
 * The assumed fixes (--assume-fixed, rules with action fixed): the flows
 * they drop, and a run without them whose list sizes the plan shows next
 * to its own.
 */
static void
plan_assume(struct plan *p)
{
	struct remediate_assumed *a = p->in.assumed;
	struct sim_result	*r0;
	const struct sim_level	*lv;
	size_t			 i, n, nassumed;
	uint64_t		 hf, he;
	int			 any = 0;

	nassumed = a != NULL ? remediate_assumed_count(a) : 0;
	if (nassumed > 0) {
		n = flows_count(p->fl);
		p->fixed = xcalloc(n + 1, 1);
		for (i = 0; i < n; i++)
			p->fixed[i] = (uint8_t)remediate_assumed_match(a,
			    flows_flow(p->fl, i), p->policy->client_logged_by);
		for (i = 0; i < nassumed; i++) {
			remediate_assumed_hits(a, i, &hf, &he);
			if (hf == 0)
				log_warnx("--assume-fixed %s: matches no flow",
				    remediate_assumed_spec(a, i));
		}
		any = 1;
	}
	for (i = 0; p->in.rules != NULL && i < rules_count(p->in.rules); i++)
		any |= rules_get(p->in.rules, i)->action == RULES_FIXED;
	p->sopts.fixed = p->fixed;
	if (!any)
		return;
	p->sopts.keep_fixed = 1;
	r0 = simulate_run(p->fl, p->dom, &p->sopts);
	p->sopts.keep_fixed = 0;
	p->nbaseline = r0->nlevels;
	p->baseline = xcalloc(r0->nlevels + 1, sizeof *p->baseline);
	for (i = 0; i < r0->nlevels; i++)
		p->baseline[i] = r0->levels[i].nexceptions;
	lv = &r0->levels[r0->level];
	p->baseline_names = xcalloc(lv->nexceptions + 1,
	    sizeof *p->baseline_names);
	for (i = 0; i < lv->nexceptions; i++)
		p->baseline_names[i] = xstrdup(lv->exceptions[i].name);
	p->nbaseline_names = lv->nexceptions;
	simulate_free(r0);
	if (p->in.rules != NULL)
		rules_clear_hits(p->in.rules);
	if (p->in.exceptions != NULL)
		exceptions_clear_hits(p->in.exceptions);
}

/*
 * The evidence of the inputs beyond their flows, for the verdict: record
 * ids in more than one input (flows_overlaps: counted twice, a blocker) and
 * the gaps in each log's record ids (records lost, a warning), as figures
 * (worded by report-text-caveats.c).
 */
static void
plan_evidence(struct plan *p)
{
	const struct flows_log	*logs, *l;
	struct flows_gap	 g;
	struct sim_gap		*sg;
	size_t			 i, j, n;

	p->noverlaps = flows_overlaps(p->fl, &p->overlaps);
	n = flows_logs(p->fl, &logs);
	for (i = 0; i < n; i++) {
		l = &logs[i];
		for (j = 0; j + 1 < l->nranges; j++) {
			flows_log_gap(l, j, &g);
			p->gaps = xreallocarray(p->gaps, p->ngaps + 1,
			    sizeof *p->gaps);
			sg = &p->gaps[p->ngaps++];
			sg->host = l->host;
			sg->channel = l->channel;
			sg->after = g.after;
			sg->before = g.before;
			sg->lost = g.lost;
			sg->from = g.from;
			sg->to = g.to;
		}
	}
	p->facts.overlaps = p->overlaps;
	p->facts.noverlaps = p->noverlaps;
	p->facts.gaps = p->gaps;
	p->facts.ngaps = p->ngaps;
}

#define PLAN_NTLM_CHANNEL	"Microsoft-Windows-NTLM/Operational"

/* True if host logged on channel among logs[0..n). */
static int
plan_logged(const struct flows_log *logs, size_t n, const char *host,
    const char *channel)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (logs[i].channel != NULL &&
		    strcasecmp(logs[i].host, host) == 0 &&
		    strcasecmp(logs[i].channel, channel) == 0)
			return (1);
	return (0);
}

/*
 * The hosts that gave a Security log but no NTLM Operational log: their
 * pass-throughs show only as NTLM network logons (4624).
 */
static void
plan_security_only(struct plan *p)
{
	const struct flows_log	*logs;
	size_t			 i, j, n;

	n = flows_logs(p->fl, &logs);
	p->security_only = xcalloc(n + 1, sizeof *p->security_only);
	for (i = 0; i < n; i++) {
		if (logs[i].channel == NULL || logs[i].host == NULL ||
		    strcasecmp(logs[i].channel, "Security") != 0 ||
		    plan_logged(logs, n, logs[i].host, PLAN_NTLM_CHANNEL))
			continue;
		for (j = 0; j < p->nsecurity_only; j++)
			if (strcasecmp(p->security_only[j], logs[i].host) == 0)
				break;
		if (j == p->nsecurity_only)
			p->security_only[p->nsecurity_only++] = logs[i].host;
	}
	p->facts.security_only = p->security_only;
	p->facts.nsecurity_only = p->nsecurity_only;
}

/* The simulation and the verdict of every level. */
static void
plan_simulate(struct plan *p)
{
	simulate_options_init(&p->sopts);
	p->sopts.policies = p->in.policies;
	p->sopts.policy = p->policy;
	p->sopts.exceptions = p->in.exceptions;
	p->sopts.rules = p->in.rules;
	p->sopts.audit_level = p->in.audit_level;
	plan_assume(p);
	p->r = simulate_run(p->fl, p->dom, &p->sopts);
	p->lv = &p->r->levels[p->r->level];
	simulate_facts_init(&p->facts);
	p->facts.netbios_stated = p->in.netbios_stated;
	p->facts.unread = p->in.unread;
	p->facts.nunread = p->in.nunread;
	if (p->in.sources != NULL)
		simulate_facts_sources(&p->facts, p->in.sources);
	p->facts.unreadable = p->in.unreadable;
	p->facts.now = p->in.generated;
	p->facts.max_age = p->in.max_age;
	p->facts.min_window = p->in.min_window;
	p->facts.directory_time = p->in.directory_time;
	plan_evidence(p);
	plan_security_only(p);
	simulate_verdict(p->r, p->dom, &p->facts);
}

/* The reason of decision d (simulate_eval_flow) at level l. */
static enum plan_reason
plan_decide(const struct plan *p, const struct sim_decision *d,
    const struct sim_level *lv)
{
	const struct flow	*f = flows_flow(p->fl, d->flow);

	if (!policy_has_event(lv->policy, f->key.event_id) || d->not_passed)
		return (PLAN_NOT_EVALUATED);
	if (d->trust)
		return (d->blocked ? PLAN_DENIED_TRUST : PLAN_ALLOWED_OUTSIDE);
	if (d->server == NULL && d->account != ACCOUNT_LOCAL &&
	    d->account != ACCOUNT_ANONYMOUS)
		/* A server it cannot place counts as one of this domain. */
		return (policy_blocks(lv->policy, d->account, SERVER_DOMAIN) ?
		    PLAN_DENIED_NO_SERVER : PLAN_ALLOWED_NOT_COVERED);
	if (d->dropped)
		return (d->dropped == 2 ? PLAN_DROPPED_FIXED :
		    PLAN_DROPPED_RULE);
	if (d->blocked && d->refused)
		return (PLAN_DENIED_REFUSED);
	if (d->blocked)
		return (d->in_force ? PLAN_ALLOWED_EXCEPTED : PLAN_DENIED);
	if (d->account == ACCOUNT_LOCAL)
		return (PLAN_ALLOWED_LOCAL);
	if (d->account == ACCOUNT_ANONYMOUS)
		return (PLAN_ALLOWED_ANONYMOUS);
	if (d->server_class == SERVER_NONDOMAIN &&
	    policy_blocks(lv->policy, d->account, SERVER_DOMAIN))
		return (PLAN_ALLOWED_OUTSIDE);
	return (PLAN_ALLOWED_NOT_COVERED);
}

/* Every flow's reason at level l; at the planned level, what it denies. */
static void
plan_decide_level(struct plan *p, struct sim_eval *ev, size_t l)
{
	struct sim_decision	 d;
	size_t			 i, n = p->nflows;

	for (i = 0; i < n; i++) {
		simulate_eval_flow(ev, i, l, &d);
		p->reasons[l * n + i] = (uint8_t)plan_decide(p, &d,
		    &p->r->levels[l]);
		if (l != p->r->level)
			continue;
		if (d.rule != NULL)
			p->ruled[p->nruled++] = d;
		if (d.blocked)
			p->blocked[p->nblocked++] = d;
	}
}

/*
 * The planned level first: the flows it denies and those a rule matched,
 * for the fixes and the writers; the evaluator, for the other levels.
 */
static struct sim_eval *
plan_decisions_planned(struct plan *p)
{
	struct sim_eval	*ev;
	size_t		 n = flows_count(p->fl);

	p->nflows = n;
	p->reasons = xcalloc(n * p->r->nlevels + 1, 1);
	ev = simulate_eval_create(p->fl, p->dom, &p->sopts, p->r);
	p->blocked = xcalloc(n + 1, sizeof *p->blocked);
	p->ruled = xcalloc(n + 1, sizeof *p->ruled);
	plan_decide_level(p, ev, p->r->level);
	report_plan_sort(p->blocked, p->nblocked, p->fl);
	report_plan_sort_rules(p->ruled, p->nruled, p->fl);
	return (ev);
}

/* Every flow at the other levels; then ev and what only it read go. */
static void
plan_decisions_rest(struct plan *p, struct sim_eval *ev)
{
	size_t	l;

	for (l = 0; l < p->r->nlevels; l++) {
		if (l != p->r->level)
			plan_decide_level(p, ev, l);
	}
	simulate_eval_free(ev);
	simulate_eval_done(p->r);
}

/* The fixes of the flows denied at the planned level. */
static void
plan_fixes(struct plan *p)
{
	p->rem = remediate_run(p, p->in.rem_rules, 0);
}

static void *
plan_fixes_thread(void *arg)
{
	plan_fixes(arg);
	return (NULL);
}

int
plan_smb_denies(int v)
{
	return (v == SIMULATE_SMB_SERVICE_UNKNOWN ||
	    v == SIMULATE_SMB_BLOCKED || v == SIMULATE_SMB_REFUSED ||
	    v == SIMULATE_SMB_NO_TARGET);
}

static int
plan_strcasecmp_null(const void *a, const void *b)
{
	return (util_strcasecmp_null(*(const char *const *)a,
	    *(const char *const *)b));
}

/* The distinct strings of v[0..n) but NULL, case-insensitive; v sorted. */
static size_t
plan_distinct(const char **v, size_t n)
{
	const char	*prev = NULL;
	size_t		 i, k = 0;

	qsort(v, n, sizeof *v, plan_strcasecmp_null);
	for (i = 0; i < n; i++) {
		if (v[i] == NULL)
			continue;
		if (prev == NULL || strcasecmp(prev, v[i]) != 0)
			k++;
		prev = v[i];
	}
	return (k);
}

/* What the SMB block denies: flows, events, targets, accounts, clients. */
static void
plan_smb_count(struct plan *p)
{
	const struct simulate_smb_flow	*sf;
	const struct flow		*fw;
	const char			**t, **a, **c, *target;
	char				**acc;
	size_t				 i, n = 0;

	t = xreallocarray(NULL, p->smb->nflows + 1, sizeof *t);
	a = xreallocarray(NULL, p->smb->nflows + 1, sizeof *a);
	c = xreallocarray(NULL, p->smb->nflows + 1, sizeof *c);
	acc = xreallocarray(NULL, p->smb->nflows + 1, sizeof *acc);
	for (i = 0; i < p->smb->nflows; i++) {
		sf = &p->smb->flows[i];
		if (!plan_smb_denies(sf->verdict))
			continue;
		fw = flows_flow(p->fl, sf->index);
		(void)simulate_smb_classify(&fw->key, &target);
		p->smb_flows++;
		p->smb_events += fw->count;
		if (sf->verdict == SIMULATE_SMB_REFUSED ||
		    sf->verdict == SIMULATE_SMB_NO_TARGET)
			p->smb_denied++;
		xasprintf(&acc[n], "%s\\%s", fw->key.domain != NULL ?
		    fw->key.domain : "-", fw->key.user != NULL ?
		    fw->key.user : "-");
		t[n] = target;
		a[n] = acc[n];
		c[n] = fw->key.logged_by;
		n++;
	}
	p->smb_targets = plan_distinct(t, n);
	p->smb_accounts = plan_distinct(a, n);
	p->smb_clients = plan_distinct(c, n);
	for (i = 0; i < n; i++)
		free(acc[i]);
	free(acc);
	free(t);
	free(a);
	free(c);
}

/*
 * The SMB client's NTLM block: simulated on every flow (no list in force is
 * read: the block has none until this plan's), its exception list, the
 * Registry.pol entries and their Set-GPRegistryValue lines.  A list over
 * MS-GPREG's size limit is not written: the block alone would break every
 * flow the list was to keep, so the file then sets the block off (0).
 */
static void
plan_smb(struct plan *p)
{
	size_t	i;

	p->smb = simulate_smb_run(p->fl, p->dom, NULL, 0);
	p->nsmb_list = p->smb->nnames;
	p->smb_list = xreallocarray(NULL, p->nsmb_list == 0 ? 1 :
	    p->nsmb_list, sizeof *p->smb_list);
	for (i = 0; i < p->nsmb_list; i++)
		p->smb_list[i] = p->smb->names[i].name;
	report_regpol_smb_init(&p->regpol, 1, p->smb_list, p->nsmb_list);
	if (report_regpol_too_large(p->regpol.entries, p->regpol.nentries) <
	    p->regpol.nentries) {
		p->regpol_too_large = 1;
		report_regpol_smb_clear(&p->regpol);
		report_regpol_smb_init(&p->regpol, 0, NULL, 0);
	}
	plan_smb_count(p);
	p->nsmb_ps = report_regpol_ps_lines(PLAN_SMB_GPO, p->regpol.entries,
	    p->regpol.nentries, &p->smb_ps);
}

/* The dated changes of the policy directory; none, with why, if unread. */
static void
plan_changes(struct plan *p)
{
	size_t	i;

	if (p->in.policies_dir == NULL) {
		p->changes_cause = xstrdup("no policy directory");
		return;
	}
	p->changes = changes_load(changes_path(p->in.policies_dir),
	    &p->changes_cause);
	if (p->changes == NULL)
		return;
	p->change_states = xcalloc(p->changes->n + 1,
	    sizeof *p->change_states);
	for (i = 0; i < p->changes->n; i++)
		p->change_states[i] = changes_state(&p->changes->v[i],
		    p->in.generated);
}

struct plan *
plan_build(const struct flows *fl, const struct sim_domain *dom,
    const struct plan_inputs *in)
{
	struct plan	*p;
	struct sim_eval	*ev;
	pthread_t	 t;
	int		 threaded = 0;

	p = xcalloc(1, sizeof *p);
	p->in = *in;
	p->fl = fl;
	p->dom = dom;
	p->policy = in->policy;
	plan_simulate(p);
	p->both = in->names == -1 ? p->policy->names_both : in->names;
	ev = plan_decisions_planned(p);
	/*
	 * The fixes read the planned level's decisions and the domain only;
	 * the other levels' decisions, the list, the SMB block, the dated
	 * changes, the reports' tables and the outputs in->meanwhile writes
	 * neither read them nor write what they read: with a second thread,
	 * they are made meanwhile.  None of them logs.
	 */
	if (in->jobs > 1 && pthread_create(&t, NULL, plan_fixes_thread,
	    p) == 0)
		threaded = 1;
	plan_decisions_rest(p, ev);
	simulate_list_build(&p->list, p->lv, in->exceptions, p->both);
	p->gpo = (const struct hostname *const *)p->list.names;
	p->ngpo = p->list.nnames;
	p->unused = p->list.unused;
	p->nunused = p->list.nunused;
	p->comments = report_text_list_comments(p, &p->ncomments);
	if (!threaded)
		plan_fixes(p);
	plan_smb(p);
	plan_changes(p);
	report_plan_build(p);
	if (threaded) {
		if (in->meanwhile != NULL)
			in->meanwhile(p, in->meanwhile_arg);
		pthread_join(t, NULL);
	}
	return (p);
}

void
plan_free(struct plan *p)
{
	size_t	i;

	if (p == NULL)
		return;
	report_plan_clear(p);
	for (i = 0; i < p->nsmb_ps; i++)
		free(p->smb_ps[i]);
	free(p->smb_ps);
	report_regpol_smb_clear(&p->regpol);
	free(p->smb_list);
	simulate_smb_free(p->smb);
	changes_free(p->changes);
	free(p->change_states);
	free(p->changes_cause);
	remediate_free(p->rem);
	free(p->blocked);
	free(p->ruled);
	free(p->reasons);
	for (i = 0; i < p->ncomments; i++)
		free(p->comments[i]);
	free(p->comments);
	simulate_list_clear(&p->list);
	free(p->overlaps);
	free(p->gaps);
	free(p->security_only);
	simulate_free(p->r);
	free(p->fixed);
	free(p->baseline);
	for (i = 0; i < p->nbaseline_names; i++)
		free(p->baseline_names[i]);
	free(p->baseline_names);
	free(p);
}

enum plan_reason
plan_reason(const struct plan *p, size_t level, size_t flow)
{
	return ((enum plan_reason)p->reasons[level * p->nflows + flow]);
}

const char *
plan_reason_code(enum plan_reason r)
{
	static const char *const codes[PLAN_NREASONS] = {
		"not-evaluated", "denied", "denied-no-server", "denied-trust",
		"denied-refused-name", "allowed-local", "allowed-anonymous",
		"allowed-outside-domain",
		"allowed-excepted", "allowed-not-covered", "dropped-rule",
		"dropped-fixed"
	};

	return ((unsigned)r < PLAN_NREASONS ? codes[r] : "denied");
}

int
plan_reason_denied(enum plan_reason r)
{
	return (r == PLAN_DENIED || r == PLAN_DENIED_NO_SERVER ||
	    r == PLAN_DENIED_TRUST || r == PLAN_DENIED_REFUSED);
}
