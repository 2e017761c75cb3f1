/*
 * simulate-verdict.c: whether each level's evidence can carry "nothing
 * breaks" (ntlmplan-plan(5), "Verdict").  A wrong "no exception needed"
 * breaks production and a needless exception only delays, so anything that
 * weakens the evidence is a blocker (the level is not ready) or a warning,
 * each worded as what the administrator does next.  The judgement is made
 * here, once; the reports only word it.
 */
#include "config.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "flows.h"
#include "policy.h"
#include "simulate.h"
#include "util.h"
#include "xmalloc.h"

#define VERDICT_MIN_DAYS	7	/* less evidence: a blocker */
#define VERDICT_MONTH		30	/* less: monthly jobs may be missing */


void
simulate_facts_init(struct sim_facts *f)
{
	memset(f, 0, sizeof *f);
	f->now = UTIL_TIME_NONE;
	f->directory_time = UTIL_TIME_NONE;
	f->min_window = VERDICT_MIN_DAYS * UTIL_DAY;
}

/*
 * The longest window a logging host's log covered, us (0: none); records
 * dated after the plan's time (now) do not lengthen it.
 */
static int64_t
verdict_longest(const struct sim_result *r, int64_t now)
{
	int64_t	w, last, longest = 0;
	size_t	i;

	for (i = 0; i < r->nhosts; i++) {
		if (r->hosts[i].log_first == UTIL_TIME_NONE)
			continue;
		last = r->hosts[i].log_last;
		if (now != UTIL_TIME_NONE && last > now)
			last = now;
		w = last - r->hosts[i].log_first;
		if (w > longest)
			longest = w;
	}
	return (longest);
}

static void
verdict_push(char ***v, size_t *n, size_t *cap, const char *s)
{
	*v = xgrow(*v, *n, cap, sizeof **v);
	(*v)[(*n)++] = xstrdup(s);
}

void
simulate_sources_add(struct sim_sources *ss, const struct flows *fl, int raw)
{
	const struct source	*src;
	size_t			 i;

	for (i = 0; i < flows_source_count(fl); i++) {
		src = flows_source(fl, i);
		/*
		 * An input whose every record was read before (the same
		 * export twice, a copy) adds nothing and lacks nothing: its
		 * records were judged where they were first read.
		 */
		if (src->used == 0 && src->records > src->duplicate)
			verdict_push(&ss->foreign, &ss->nforeign, &ss->aforeign,
			    src->path);
		else if (src->records == 0)
			verdict_push(&ss->empty, &ss->nempty, &ss->aempty,
			    src->path);
		if (!raw)
			ss->unreadable_unknown += src->unreadable;
	}
}

void
simulate_sources_clear(struct sim_sources *ss)
{
	size_t	i;

	for (i = 0; i < ss->nforeign; i++)
		free(ss->foreign[i]);
	for (i = 0; i < ss->nempty; i++)
		free(ss->empty[i]);
	free(ss->foreign);
	free(ss->empty);
	memset(ss, 0, sizeof *ss);
}

void
simulate_facts_sources(struct sim_facts *fx, const struct sim_sources *ss)
{
	fx->foreign = (const char *const *)ss->foreign;
	fx->nforeign = ss->nforeign;
	fx->empty = (const char *const *)ss->empty;
	fx->nempty = ss->nempty;
	fx->unreadable_unknown = ss->unreadable_unknown;
}

/* A new finding of code c, its figures zero (report-text-caveats.c). */
static struct sim_caveat *
verdict_add(struct sim_caveat **v, size_t *n, enum sim_code c)
{
	struct sim_caveat	*cv;

	*v = xreallocarray(*v, *n + 1, sizeof **v);
	cv = &(*v)[(*n)++];
	memset(cv, 0, sizeof *cv);
	cv->code = c;
	return (cv);
}

/* Every item is added, the real count (plan.json lists all). */
struct sim_item *
simulate_item_add(struct sim_caveat *cv, const char *name)
{
	struct sim_item	*it;

	cv->items = xgrow(cv->items, cv->nitems, &cv->aitems,
	    sizeof *cv->items);
	it = &cv->items[cv->nitems++];
	memset(it, 0, sizeof *it);
	it->name = name != NULL ? xstrdup(name) : NULL;
	return (it);
}

void
simulate_items_clear(struct sim_caveat *cv)
{
	size_t	i;

	for (i = 0; i < cv->nitems; i++) {
		free(cv->items[i].name);
		free(cv->items[i].s[0]);
		free(cv->items[i].s[1]);
	}
	free(cv->items);
	cv->items = NULL;
	cv->nitems = cv->aitems = 0;
}

/* Items that are names. */
static void
verdict_items(struct sim_caveat *cv, const char *const *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		(void)simulate_item_add(cv, v[i]);
}

/* A copy of item it of another finding. */
static void
verdict_item_copy(struct sim_caveat *cv, const struct sim_item *it)
{
	struct sim_item	*c = simulate_item_add(cv, it->name);

	c->s[0] = it->s[0] != NULL ? xstrdup(it->s[0]) : NULL;
	c->s[1] = it->s[1] != NULL ? xstrdup(it->s[1]) : NULL;
	memcpy(c->n, it->n, sizeof c->n);
	memcpy(c->t, it->t, sizeof c->t);
}

/* "DC=corp,DC=example" for "corp.example" (caller frees); NULL if none. */
static char *
verdict_dn(const char *dns)
{
	char	*dn = NULL, *t;
	size_t	 len;

	if (dns == NULL)
		return (NULL);
	while (*dns != '\0') {
		len = strcspn(dns, ".");
		xasprintf(&t, "%s%sDC=%.*s", dn != NULL ? dn : "",
		    dn != NULL ? "," : "", (int)len, dns);
		free(dn);
		dn = t;
		dns += len;
		if (*dns == '.')
			dns++;
	}
	return (dn);
}

/*
 * The first label of the DNS name, upper case, as a NetBIOS name would be
 * if nobody had chosen another (caller frees; NULL if none): a guess.
 */
static char *
verdict_guess(const char *dns)
{
	char	*g;
	size_t	 i, len;

	if (dns == NULL || (len = strcspn(dns, ".")) == 0 || len > 15)
		return (NULL);
	g = xstrndup(dns, len);
	for (i = 0; i < len; i++)
		if (g[i] >= 'a' && g[i] <= 'z')
			g[i] = (char)(g[i] - 'a' + 'A');
	return (g);
}

/*
 * The newest time of host h that is not after the plan's time: a record
 * dated in the future (a wrong clock) is no evidence of fresh data, so a
 * host whose newest record is in the future counts from its oldest, if
 * that one is not; UTIL_TIME_NONE if none is.
 */
static int64_t
verdict_fresh(const struct sim_host *h, int64_t now)
{
	if (h->last_seen != UTIL_TIME_NONE && h->last_seen <= now)
		return (h->last_seen);
	if (h->first_seen != UTIL_TIME_NONE && h->first_seen <= now)
		return (h->first_seen);
	return (UTIL_TIME_NONE);
}

/*
 * Freshness, judged per logging host (--max-age): a host whose newest
 * record, not counting records dated after the plan, is older than max_age
 * is named in a blocker.
 */
static void
verdict_stale(const struct sim_result *r, struct sim_level *lv,
    const struct sim_facts *fx)
{
	struct sim_caveat	*cv = NULL;
	const struct sim_host	*h;
	struct sim_item		*it;
	int64_t			 fresh;
	size_t			 i;

	if (fx->max_age <= 0 || fx->now == UTIL_TIME_NONE)
		return;
	for (i = 0; i < r->nhosts; i++) {
		h = &r->hosts[i];
		if (h->events == 0)
			continue;
		fresh = verdict_fresh(h, fx->now);
		if (fresh != UTIL_TIME_NONE && fx->now - fresh <= fx->max_age)
			continue;
		if (cv == NULL) {
			cv = verdict_add(&lv->blockers, &lv->nblockers,
			    SIM_STALE_DATA);
			cv->t[0] = fx->now;
			cv->t[1] = fx->max_age / UTIL_DAY;
		}
		it = simulate_item_add(cv, h->name);
		it->t[0] = fresh;
		if (fresh != UTIL_TIME_NONE)
			it->n[0] = (uint64_t)((fx->now - fresh) / UTIL_DAY);
	}
}

/* Records dated after the plan's time: a warning naming the hosts. */
static void
verdict_future(const struct sim_result *r, struct sim_level *lv,
    const struct sim_facts *fx)
{
	struct sim_caveat	*cv = NULL;
	const struct sim_host	*h;
	size_t			 i;

	if (fx->now == UTIL_TIME_NONE)
		return;
	for (i = 0; i < r->nhosts; i++) {
		h = &r->hosts[i];
		if (h->last_seen == UTIL_TIME_NONE || h->last_seen <= fx->now)
			continue;
		if (cv == NULL)
			cv = verdict_add(&lv->warnings, &lv->nwarnings,
			    SIM_FUTURE_RECORDS);
		simulate_item_add(cv, h->name)->t[0] = h->last_seen;
	}
}

/* Blockers: the evidence cannot carry the level. */
static void
verdict_blockers(struct sim_result *r, struct sim_level *lv,
    const struct sim_domain *dom, const struct sim_facts *fx)
{
	const struct policy	*p = lv->policy, *a = r->audit;
	struct sim_caveat	*cv;
	struct sim_item		*it;
	size_t			 i;

	if (dom->netbios == NULL) {
		cv = verdict_add(&lv->blockers, &lv->nblockers,
		    SIM_NETBIOS_UNKNOWN);
		cv->s[0] = verdict_dn(dom->dns);
		cv->n[0] = dom->dns != NULL;
		cv->s[1] = verdict_guess(dom->dns);
	}
	if (r->evaluated.events == 0) {
		cv = verdict_add(&lv->blockers, &lv->nblockers, SIM_NO_EVENTS);
		cv->p[0] = p;
	}
	if (fx->nunread > 0) {
		cv = verdict_add(&lv->blockers, &lv->nblockers,
		    SIM_INPUT_UNREADABLE);
		cv->n[0] = fx->nunread;
		verdict_items(cv, fx->unread, fx->nunread);
	}
	if (fx->nforeign > 0) {
		cv = verdict_add(&lv->blockers, &lv->nblockers,
		    SIM_INPUT_WITHOUT_NTLM);
		cv->n[0] = fx->nforeign;
		verdict_items(cv, fx->foreign, fx->nforeign);
	}
	if (fx->unreadable > 0) {
		cv = verdict_add(&lv->blockers, &lv->nblockers,
		    SIM_UNREADABLE_RECORDS);
		cv->n[0] = fx->unreadable;
	}
	if (!lv->answered && r->evaluated.events > 0) {
		cv = verdict_add(&lv->blockers, &lv->nblockers,
		    SIM_AUDIT_LEVEL_NARROWER);
		cv->p[0] = a;
		cv->p[1] = p;
		cv->n[0] = r->audit_inferred;
	}
	verdict_stale(r, lv, fx);
	if (lv->trust_flows > 0) {
		cv = verdict_add(&lv->blockers, &lv->nblockers,
		    SIM_TRUST_CHANNEL_DENIED);
		cv->n[0] = lv->trust_flows;
		cv->n[1] = lv->trust_events;
		for (i = 0; i < r->trust_channels.n; i++) {
			it = simulate_item_add(cv, r->trust_channels.names[i]);
			it->n[0] = r->trust_channels.events[i];
		}
	}
	if (lv->noserver_flows > 0) {
		cv = verdict_add(&lv->blockers, &lv->nblockers,
		    SIM_NO_SERVER_DENIED);
		cv->n[0] = lv->noserver_flows;
		cv->n[1] = lv->noserver_events;
	}
	if (lv->dcvalid_flows > 0) {
		cv = verdict_add(&lv->blockers, &lv->nblockers,
		    SIM_DC_VALIDATION_DENIED);
		cv->n[0] = lv->dcvalid_flows;
		cv->n[1] = lv->dcvalid_events;
	}
	if (lv->nrefused > 0) {
		cv = verdict_add(&lv->blockers, &lv->nblockers,
		    SIM_REFUSED_NAME);
		cv->n[0] = lv->nrefused;
		for (i = 0; i < lv->nrefused; i++) {
			it = simulate_item_add(cv, lv->refused[i].name);
			it->n[0] = (uint64_t)lv->refused[i].refused;
			it->n[1] = lv->refused[i].events;
		}
	}
	if (fx->min_window > 0 && r->evaluated.events > 0 &&
	    verdict_longest(r, fx->now) < fx->min_window) {
		cv = verdict_add(&lv->blockers, &lv->nblockers,
		    SIM_SHORT_EVIDENCE);
		cv->t[0] = verdict_longest(r, fx->now);
		cv->t[1] = fx->min_window / UTIL_DAY;
	}
	if (fx->noverlaps > 0) {
		cv = verdict_add(&lv->blockers, &lv->nblockers, SIM_OVERLAP);
		cv->n[0] = fx->noverlaps;
		for (i = 0; i < fx->noverlaps; i++) {
			it = simulate_item_add(cv, fx->overlaps[i].host);
			if (fx->overlaps[i].channel != NULL)
				it->s[0] = xstrdup(fx->overlaps[i].channel);
			it->n[0] = fx->overlaps[i].first;
			it->n[1] = fx->overlaps[i].last;
		}
	}
}

/* True if a DC of the directory logged something (by FQDN or name). */
static int
verdict_dc_logged(const struct sim_result *r, const struct sim_computer *dc)
{
	const char	*h;
	size_t		 i, len;

	for (i = 0; i < r->nhosts; i++) {
		if ((h = r->hosts[i].name) == NULL)
			continue;
		if (dc->dns != NULL && strcasecmp(h, dc->dns) == 0)
			return (1);
		len = strcspn(h, ".");
		if (strlen(dc->name) == len &&
		    strncasecmp(h, dc->name, len) == 0)
			return (1);
	}
	return (0);
}

/* The servers of the level's list (proposed and in force) matching. */
static void
verdict_list(struct sim_caveat **v, size_t *n, const struct sim_level *lv,
    enum sim_code code, int (*match)(const struct sim_server *))
{
	const struct sim_server	*s;
	struct sim_caveat	*cv = NULL;
	size_t			 i, total = 0;

	for (i = 0; i < lv->nexceptions + lv->nalready; i++) {
		s = i < lv->nexceptions ? &lv->exceptions[i] :
		    &lv->already[i - lv->nexceptions];
		total += match(s);
	}
	for (i = 0; i < lv->nexceptions + lv->nalready; i++) {
		s = i < lv->nexceptions ? &lv->exceptions[i] :
		    &lv->already[i - lv->nexceptions];
		if (!match(s))
			continue;
		if (cv == NULL) {
			cv = verdict_add(v, n, code);
			cv->n[0] = total;
		}
		simulate_item_add(cv, s->name)->n[0] = s->events;
	}
}

static int
verdict_absent(const struct sim_server *s)
{
	return (s->absent);
}

static int
verdict_weak(const struct sim_server *s)
{
	return (s->weak != NULL);
}

static int
verdict_dc(const struct sim_server *s)
{
	return (s->class == SERVER_DC);
}

static int
verdict_disabled(const struct sim_server *s)
{
	return (s->disabled);
}

/* Logging hosts whose log covered less than half the longest window. */
static void
verdict_short_windows(const struct sim_result *r, struct sim_level *lv)
{
	struct sim_caveat	*cv = NULL;
	const struct sim_host	*h;
	struct sim_item		*it;
	size_t			 i, n;

	for (i = n = 0; i < r->nhosts; i++)
		n += r->hosts[i].short_window;
	for (i = 0; i < r->nhosts; i++) {
		h = &r->hosts[i];
		if (!h->short_window)
			continue;
		if (cv == NULL) {
			cv = verdict_add(&lv->warnings, &lv->nwarnings,
			    SIM_SHORT_WINDOW_HOSTS);
			cv->n[0] = n;
		}
		/* The window its log covered (every record, flows.h). */
		it = simulate_item_add(cv, h->name);
		it->t[0] = h->log_first;
		it->t[1] = h->log_last;
	}
}

/* Records lost to log rollover: the gaps in the record ids. */
static void
verdict_gaps(struct sim_level *lv, const struct sim_facts *fx)
{
	struct sim_caveat	*cv;
	struct sim_item		*it;
	size_t			 i;

	if (fx->ngaps == 0)
		return;
	cv = verdict_add(&lv->warnings, &lv->nwarnings, SIM_RECORD_GAPS);
	for (i = 0; i < fx->ngaps; i++) {
		it = simulate_item_add(cv, fx->gaps[i].host);
		if (fx->gaps[i].channel != NULL)
			it->s[0] = xstrdup(fx->gaps[i].channel);
		it->n[0] = fx->gaps[i].lost;
		it->n[1] = fx->gaps[i].after;
		it->n[2] = fx->gaps[i].before;
		it->t[0] = fx->gaps[i].from;
		it->t[1] = fx->gaps[i].to;
	}
}

/* The domain controllers of the directory that logged nothing. */
static void
verdict_dc_silent(const struct sim_result *r, struct sim_level *lv,
    const struct sim_domain *dom)
{
	struct sim_caveat	*cv = NULL;
	size_t			 i, n;

	for (i = n = 0; i < dom->ncomputers; i++)
		n += dom->computers[i].dc &&
		    !verdict_dc_logged(r, &dom->computers[i]);
	for (i = 0; i < dom->ncomputers && r->nhosts > 0; i++) {
		if (!dom->computers[i].dc ||
		    verdict_dc_logged(r, &dom->computers[i]))
			continue;
		if (cv == NULL) {
			cv = verdict_add(&lv->warnings, &lv->nwarnings,
			    SIM_DC_SILENT);
			cv->n[0] = n;
		}
		(void)simulate_item_add(cv, dom->computers[i].dns != NULL ?
		    dom->computers[i].dns : dom->computers[i].name);
	}
}

/* Warnings: the level may be ready, but these weaken the evidence. */
static void
verdict_warnings(struct sim_result *r, struct sim_level *lv,
    const struct sim_domain *dom, const struct sim_facts *fx)
{
	struct sim_caveat	*cv = NULL;
	size_t			 i, j;

	verdict_future(r, lv, fx);
	if (fx->netbios_stated) {
		cv = verdict_add(&lv->warnings, &lv->nwarnings,
		    SIM_NETBIOS_STATED);
		if (dom->netbios != NULL)
			cv->s[0] = xstrdup(dom->netbios);
		cv = NULL;
	}
	verdict_short_windows(r, lv);
	if (lv->residual_flows > 0) {
		cv = verdict_add(&lv->warnings, &lv->nwarnings,
		    SIM_STILL_DENIED);
		cv->n[0] = lv->residual_flows;
		cv->n[1] = lv->residual_events;
		cv->n[2] = lv->nremediate;
		for (i = 0; i < lv->nremediate; i++)
			simulate_item_add(cv, lv->remediate[i].name)->n[0] =
			    lv->remediate[i].events;
	}
	verdict_list(&lv->warnings, &lv->nwarnings, lv, SIM_ENTRY_NOT_PROOF,
	    verdict_weak);
	if (r->evaluated.events > 0 && verdict_longest(r, fx->now) >=
	    fx->min_window &&
	    verdict_longest(r, fx->now) < VERDICT_MONTH * UTIL_DAY) {
		cv = verdict_add(&lv->warnings, &lv->nwarnings,
		    SIM_UNDER_A_MONTH);
		cv->t[0] = verdict_longest(r, fx->now);
		cv->n[0] = VERDICT_MONTH;
	}
	verdict_gaps(lv, fx);
	verdict_list(&lv->warnings, &lv->nwarnings, lv, SIM_LIST_ABSENT,
	    verdict_absent);
	verdict_list(&lv->warnings, &lv->nwarnings, lv, SIM_LIST_DC,
	    verdict_dc);
	verdict_list(&lv->warnings, &lv->nwarnings, lv, SIM_LIST_DISABLED,
	    verdict_disabled);
	for (i = 0; i < r->ncaveats; i++) {
		/* The caveats that weaken "nothing breaks" (blind hosts). */
		if (r->caveats[i].code != SIM_DOUBLE_COUNTED &&
		    r->caveats[i].code != SIM_BLIND_HOSTS)
			continue;
		cv = verdict_add(&lv->warnings, &lv->nwarnings,
		    r->caveats[i].code);
		memcpy(cv->n, r->caveats[i].n, sizeof cv->n);
		for (j = 0; j < r->caveats[i].nitems; j++)
			verdict_item_copy(cv, &r->caveats[i].items[j]);
	}
	if (policy_has_event(lv->policy, 8004))
		verdict_dc_silent(r, lv, dom);
	if (fx->directory_time != UTIL_TIME_NONE &&
	    r->last_seen != UTIL_TIME_NONE &&
	    fx->directory_time - r->last_seen > UTIL_DAY) {
		cv = verdict_add(&lv->warnings, &lv->nwarnings,
		    SIM_DATA_OLDER);
		cv->t[0] = r->last_seen;
		cv->t[1] = fx->directory_time;
	}
	if (fx->nsecurity_only > 0) {
		cv = verdict_add(&lv->warnings, &lv->nwarnings,
		    SIM_SECURITY_LOG_ONLY);
		cv->n[0] = fx->nsecurity_only;
		verdict_items(cv, fx->security_only, fx->nsecurity_only);
	}
	if (fx->nempty > 0) {
		cv = verdict_add(&lv->warnings, &lv->nwarnings,
		    SIM_EMPTY_INPUT);
		cv->n[0] = fx->nempty;
		verdict_items(cv, fx->empty, fx->nempty);
	}
	if (fx->unreadable_unknown > 0) {
		cv = verdict_add(&lv->warnings, &lv->nwarnings,
		    SIM_UNREADABLE_IN_FLOWS);
		cv->n[0] = fx->unreadable_unknown;
	}
}

void
simulate_verdict(struct sim_result *r, const struct sim_domain *dom,
    const struct sim_facts *fx)
{
	struct sim_level	*lv;
	size_t			 i;

	for (i = 0; i < r->nlevels; i++) {
		lv = &r->levels[i];
		verdict_blockers(r, lv, dom, fx);
		verdict_warnings(r, lv, dom, fx);
		lv->ready = lv->nblockers == 0;
	}
}
