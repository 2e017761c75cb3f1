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
#include <stdarg.h>
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
verdict_push(char ***v, size_t *n, const char *s)
{
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = xstrdup(s);
}

void
simulate_sources_add(struct sim_sources *ss, const struct flows *fl, int raw)
{
	const struct source	*src;
	size_t			 i;

	for (i = 0; i < flows_source_count(fl); i++) {
		src = flows_source(fl, i);
		if (src->used == 0 && src->records > 0)
			verdict_push(&ss->foreign, &ss->nforeign, src->path);
		else if (src->records == 0)
			verdict_push(&ss->empty, &ss->nempty, src->path);
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

static struct sim_caveat *
verdict_add(struct sim_caveat **v, size_t *n, const char *kind,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static struct sim_caveat *
verdict_add(struct sim_caveat **v, size_t *n, const char *kind,
    const char *fmt, ...)
{
	struct sim_caveat	*cv;
	va_list			 ap;

	*v = xreallocarray(*v, *n + 1, sizeof **v);
	cv = &(*v)[(*n)++];
	memset(cv, 0, sizeof *cv);
	cv->kind = kind;
	va_start(ap, fmt);
	xvasprintf(&cv->text, fmt, ap);
	va_end(ap);
	return (cv);
}

/* Add an owned item: every one, the real count (plan.json lists all). */
static void
verdict_item(struct sim_caveat *cv, char *item)
{
	if ((cv->nitems & (cv->nitems - 1)) == 0)
		cv->items = xreallocarray(cv->items, cv->nitems == 0 ? 1 :
		    2 * cv->nitems, sizeof *cv->items);
	cv->items[cv->nitems++] = item;
}

static void
verdict_items(struct sim_caveat *cv, const char *const *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		verdict_item(cv, xstrdup(v[i]));
}

static const char *
verdict_s(uint64_t n)
{
	return (n == 1 ? "" : "s");
}

/* "DC=corp,DC=example" for "corp.example" (caller frees). */
static char *
verdict_dn(const char *dns)
{
	char	*dn = NULL, *t;
	size_t	 len;

	if (dns == NULL)
		return (xstrdup("DC=<your>,DC=<domain>"));
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
	return (dn != NULL ? dn : xstrdup("DC=<domain>"));
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
	char			*t, b1[UTIL_TIME_LEN], b2[UTIL_TIME_LEN];
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
		if (cv == NULL)
			cv = verdict_add(&lv->blockers, &lv->nblockers,
			    "stale-data", "logging hosts whose newest event "
			    "(not counting any dated after the plan, %s) is "
			    "more than --max-age %" PRId64 " days old: collect "
			    "their current logs, what changed since is not in "
			    "the data", util_time_readable(fx->now, b2),
			    fx->max_age / UTIL_DAY);
		if (fresh == UTIL_TIME_NONE)
			xasprintf(&t, "%s: every event dated after the plan",
			    h->name != NULL ? h->name : "(unknown host)");
		else
			xasprintf(&t, "%s: newest %s, %" PRId64 " days old",
			    h->name != NULL ? h->name : "(unknown host)",
			    util_time_readable(fresh, b1),
			    (fx->now - fresh) / UTIL_DAY);
		verdict_item(cv, t);
	}
}

/* Records dated after the plan's time: a warning naming the hosts. */
static void
verdict_future(const struct sim_result *r, struct sim_level *lv,
    const struct sim_facts *fx)
{
	struct sim_caveat	*cv = NULL;
	const struct sim_host	*h;
	char			*t, b1[UTIL_TIME_LEN];
	size_t			 i;

	if (fx->now == UTIL_TIME_NONE)
		return;
	for (i = 0; i < r->nhosts; i++) {
		h = &r->hosts[i];
		if (h->last_seen == UTIL_TIME_NONE || h->last_seen <= fx->now)
			continue;
		if (cv == NULL)
			cv = verdict_add(&lv->warnings, &lv->nwarnings,
			    "future-records", "logging hosts with events dated "
			    "after the plan's time (a wrong clock?): those "
			    "events are no evidence of fresh data; check the "
			    "hosts' time");
		xasprintf(&t, "%s: newest %s", h->name != NULL ? h->name :
		    "(unknown host)", util_time_readable(h->last_seen, b1));
		verdict_item(cv, t);
	}
}

/* Blockers: the evidence cannot carry the level. */
static void
verdict_blockers(struct sim_result *r, struct sim_level *lv,
    const struct sim_domain *dom, const struct sim_facts *fx)
{
	const struct policy	*p = lv->policy, *a = r->audit;
	struct sim_caveat	*cv;
	char			*dn, *guess, *ev = NULL, *t;
	size_t			 i;

	if (dom->netbios == NULL) {
		dn = verdict_dn(dom->dns);
		guess = verdict_guess(dom->dns);
		verdict_add(&lv->blockers, &lv->nblockers, "netbios-unknown",
		    "the domain's NetBIOS name is unknown, so account classes "
		    "cannot be decided: export the configuration partition "
		    "too (ldifde -f config.ldif -d \"CN=Partitions,"
		    "CN=Configuration,%s\" -r \"(nETBIOSName=*)\") and give "
		    "it with --ldif, or state the name with --netbios NAME%s%s%s",
		    dn, guess != NULL ? " (the DNS name's first label, " : "",
		    guess != NULL ? guess : "", guess != NULL ? ", is only a "
		    "guess: NetBIOS names often differ)" : "");
		free(guess);
		free(dn);
	}
	if (r->evaluated.events == 0) {
		for (i = 0; i < p->nevents; i++) {
			xasprintf(&t, "%s%s%d", ev != NULL ? ev : "",
			    ev != NULL ? ", " : "", p->events[i]);
			free(ev);
			ev = t;
		}
		verdict_add(&lv->blockers, &lv->nblockers, "no-events",
		    "no NTLM audit event this setting is simulated from (%s) "
		    "was read: export Microsoft-Windows-NTLM/Operational "
		    "from the servers and from every DC (wevtutil epl "
		    "Microsoft-Windows-NTLM/Operational NAME.evtx)",
		    ev != NULL ? ev : "none");
		free(ev);
	}
	if (fx->nunread > 0) {
		cv = verdict_add(&lv->blockers, &lv->nblockers,
		    "input-unreadable", "%zu input%s named on the command "
		    "line could not be read: fix the path or the permissions, "
		    "or leave %s out", fx->nunread, verdict_s(fx->nunread),
		    fx->nunread == 1 ? "it" : "them");
		verdict_items(cv, fx->unread, fx->nunread);
	}
	if (fx->nforeign > 0) {
		cv = verdict_add(&lv->blockers, &lv->nblockers,
		    "input-without-ntlm", "%zu input%s held records but no "
		    "NTLM audit event (a Security or System log given by "
		    "mistake?): export Microsoft-Windows-NTLM/Operational "
		    "from %s hosts instead", fx->nforeign,
		    verdict_s(fx->nforeign), fx->nforeign == 1 ? "its" :
		    "their");
		verdict_items(cv, fx->foreign, fx->nforeign);
	}
	if (fx->unreadable > 0)
		verdict_add(&lv->blockers, &lv->nblockers,
		    "unreadable-records", "%" PRIu64 " NTLM record%s or "
		    "line%s of the logs could not be read (collect's warnings "
		    "name them): the counts miss them; export those logs "
		    "again", fx->unreadable, verdict_s(fx->unreadable),
		    verdict_s(fx->unreadable));
	if (!lv->answered && r->evaluated.events > 0 && a != NULL)
		verdict_add(&lv->blockers, &lv->nblockers,
		    "audit-level-narrower", "the audit level in force, %s "
		    "(%ld, %s), does not log everything %s (%ld) denies: set "
		    "\"%s\" to %s (%ld) on the DCs and collect again after "
		    "some weeks", a->audit_option != NULL ? a->audit_option :
		    a->option, a->audit_key != NULL ? a->audit_value : a->off,
		    r->audit_inferred ? "inferred from the data" : "as stated",
		    p->option, p->value, p->audit_setting != NULL ?
		    p->audit_setting : p->setting, p->audit_option != NULL ?
		    p->audit_option : p->option, p->audit_key != NULL ?
		    p->audit_value : p->value);
	else if (!lv->answered && r->evaluated.events > 0)
		verdict_add(&lv->blockers, &lv->nblockers,
		    "audit-level-narrower", "the audit level the data was "
		    "logged at cannot show what %s (%ld) denies: audit at "
		    "the planned level and collect again", p->option,
		    p->value);
	verdict_stale(r, lv, fx);
	if (lv->trust_flows > 0) {
		cv = verdict_add(&lv->blockers, &lv->nblockers,
		    "trust-channel", "%" PRIu64 " flow%s (%" PRIu64 " event%s) "
		    "this level denies came over a trust's secure channel "
		    "(SChannelType 3 or 4): pass-throughs from another domain "
		    "that no entry of this domain's list is known to cover; "
		    "find the servers in the other domain and move them to "
		    "Kerberos first", lv->trust_flows,
		    verdict_s(lv->trust_flows), lv->trust_events,
		    verdict_s(lv->trust_events));
		for (i = 0; i < r->trust_channels.n; i++) {
			xasprintf(&t, "%s: %" PRIu64 " event%s",
			    r->trust_channels.names[i],
			    r->trust_channels.events[i],
			    verdict_s(r->trust_channels.events[i]));
			verdict_item(cv, t);
		}
	}
	if (lv->noserver_flows > 0)
		verdict_add(&lv->blockers, &lv->nblockers, "no-server",
		    "%" PRIu64 " flow%s (%" PRIu64 " event%s) this level "
		    "denies name no server (an 8004 without SChannelName), so "
		    "no list can cover them: find the member that passed them "
		    "through "
		    "(the domain controller's Netlogon log names its secure "
		    "channels) before enforcing", lv->noserver_flows,
		    verdict_s(lv->noserver_flows), lv->noserver_events,
		    verdict_s(lv->noserver_events));
	if (lv->nrefused > 0) {
		cv = verdict_add(&lv->blockers, &lv->nblockers,
		    "refused-name", "%zu server name%s in the events %s no "
		    "NetBIOS or DNS host name nor IP address, so no exception "
		    "list can hold %s: %s flows stay denied; find the clients "
		    "that wrote %s", lv->nrefused, verdict_s(lv->nrefused),
		    lv->nrefused == 1 ? "is" : "are", lv->nrefused == 1 ?
		    "it" : "them", lv->nrefused == 1 ? "its" : "their",
		    lv->nrefused == 1 ? "it" : "them");
		for (i = 0; i < lv->nrefused; i++) {
			xasprintf(&t, "%s: %s, %" PRIu64 " event%s",
			    lv->refused[i].name,
			    hostname_refusal_code(lv->refused[i].refused),
			    lv->refused[i].events,
			    verdict_s(lv->refused[i].events));
			verdict_item(cv, t);
		}
	}
	if (fx->min_window > 0 && r->evaluated.events > 0 &&
	    verdict_longest(r, fx->now) < fx->min_window)
		verdict_add(&lv->blockers, &lv->nblockers, "short-evidence",
		    "the longest log of a host covers %.1f days, less than "
		    "--min-days %" PRId64 ": weekly jobs may not be in the "
		    "data; audit longer (weeks, Microsoft's method) and "
		    "collect again",
		    (double)verdict_longest(r, fx->now) / UTIL_DAY,
		    fx->min_window / UTIL_DAY);
	if (fx->noverlaps > 0) {
		cv = verdict_add(&lv->blockers, &lv->nblockers,
		    "overlap-not-deduplicated", "%zu overlapping input%s "
		    "whose events could not be de-duplicated, so counts may "
		    "be doubled: collect the overlapping exports together "
		    "(ntlmplan collect A B) instead of merging flow files",
		    fx->noverlaps, verdict_s(fx->noverlaps));
		verdict_items(cv, fx->overlaps, fx->noverlaps);
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
    const char *kind, int (*match)(const struct sim_server *),
    const char *one, const char *many, const char *tail)
{
	const struct sim_server	*s;
	struct sim_caveat	*cv = NULL;
	size_t			 i, total = 0;
	char			*t;

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
		if (cv == NULL)
			cv = verdict_add(v, n, kind, "%zu %s on the list%s",
			    total, total == 1 ? one : many, tail);
		xasprintf(&t, "%s: %" PRIu64 " event%s", s->name, s->events,
		    verdict_s(s->events));
		verdict_item(cv, t);
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

/* Warnings: the level may be ready, but these weaken the evidence. */
static void
verdict_warnings(struct sim_result *r, struct sim_level *lv,
    const struct sim_domain *dom, const struct sim_facts *fx)
{
	struct sim_caveat	*cv = NULL;
	const struct sim_host	*h;
	char			*t, b1[UTIL_TIME_LEN], b2[UTIL_TIME_LEN];
	size_t			 i, n;

	verdict_future(r, lv, fx);
	if (fx->netbios_stated)
		verdict_add(&lv->warnings, &lv->nwarnings, "netbios-stated",
		    "the domain's NetBIOS name, %s, was stated with --netbios, "
		    "not read from the directory", dom->netbios != NULL ?
		    dom->netbios : "-");
	for (i = n = 0; i < r->nhosts; i++)
		n += r->hosts[i].short_window;
	for (i = 0; i < r->nhosts; i++) {
		h = &r->hosts[i];
		if (!h->short_window)
			continue;
		if (cv == NULL)
			cv = verdict_add(&lv->warnings, &lv->nwarnings,
			    "short-window", "%zu logging host%s covered less "
			    "than half the longest window, so no NTLM seen "
			    "there means less: raise the log's size (wevtutil "
			    "sl Microsoft-Windows-NTLM/Operational "
			    "/ms:20971520) and collect again", n,
			    verdict_s(n));
		/* The window its log covered (every record, flows.h). */
		xasprintf(&t, "%s: %.1f days, %s to %s", h->name != NULL ?
		    h->name : "(unknown host)", h->log_first ==
		    UTIL_TIME_NONE ? 0.0 : (double)(h->log_last -
		    h->log_first) / (double)UTIL_DAY,
		    util_time_readable(h->log_first, b1),
		    util_time_readable(h->log_last, b2));
		verdict_item(cv, t);
	}
	if (lv->residual_flows > 0) {
		cv = verdict_add(&lv->warnings, &lv->nwarnings, "still-denied",
		    "%" PRIu64 " flow%s (%" PRIu64 " event%s) would still be "
		    "denied with the list: remediate rules keep %s servers "
		    "off it; fix them before enforcing, or they break",
		    lv->residual_flows, verdict_s(lv->residual_flows),
		    lv->residual_events, verdict_s(lv->residual_events),
		    lv->nremediate == 1 ? "its" : "their");
		for (i = 0; i < lv->nremediate; i++) {
			xasprintf(&t, "%s: %" PRIu64 " event%s",
			    lv->remediate[i].name, lv->remediate[i].events,
			    verdict_s(lv->remediate[i].events));
			verdict_item(cv, t);
		}
	}
	verdict_list(&lv->warnings, &lv->nwarnings, lv, "entry-not-proof",
	    verdict_weak, "server", "servers", " by name although an entry "
	    "in force matched it by wildcard or FQDN: the domain list is "
	    "matched by NetBIOS name, so such an entry proves nothing");
	if (r->evaluated.events > 0 && verdict_longest(r, fx->now) >=
	    fx->min_window &&
	    verdict_longest(r, fx->now) < VERDICT_MONTH * UTIL_DAY)
		verdict_add(&lv->warnings, &lv->nwarnings, "under-a-month",
		    "the longest log of a host covers %.1f days, less than %d: "
		    "monthly jobs may be missing",
		    (double)verdict_longest(r, fx->now) / UTIL_DAY,
		    VERDICT_MONTH);
	if (fx->ngaps > 0) {
		cv = verdict_add(&lv->warnings, &lv->nwarnings, "record-gaps",
		    "records lost to log rollover (gaps in the record ids): "
		    "collect more often or raise the log's size");
		verdict_items(cv, fx->gaps, fx->ngaps);
	}
	verdict_list(&lv->warnings, &lv->nwarnings, lv, "not-in-directory",
	    verdict_absent, "server", "servers", " not in the directory: "
	    "check that the directory export is complete (every OU, "
	    "current)");
	verdict_list(&lv->warnings, &lv->nwarnings, lv, "dc-on-list",
	    verdict_dc, "domain controller", "domain controllers", ": NTLM "
	    "to them stays allowed; find what uses it (LDAP binds, "
	    "management tools) and move it to Kerberos");
	verdict_list(&lv->warnings, &lv->nwarnings, lv, "disabled-computer",
	    verdict_disabled, "disabled computer", "disabled computers",
	    " still receiving NTLM: a name reused by another machine, or a "
	    "stale account; check before excepting");
	for (i = 0; i < r->ncaveats; i++) {
		/* The caveats that weaken "nothing breaks" (blind hosts). */
		if (strcmp(r->caveats[i].kind, "double-counted") != 0 &&
		    strcmp(r->caveats[i].kind, "blind-hosts") != 0)
			continue;
		cv = verdict_add(&lv->warnings, &lv->nwarnings,
		    r->caveats[i].kind, "%s", r->caveats[i].text);
		verdict_items(cv, (const char *const *)r->caveats[i].items,
		    r->caveats[i].nitems);
	}
	if (policy_has_event(lv->policy, 8004)) {
		cv = NULL;
		for (i = n = 0; i < dom->ncomputers; i++)
			n += dom->computers[i].dc &&
			    !verdict_dc_logged(r, &dom->computers[i]);
		for (i = 0; i < dom->ncomputers && r->nhosts > 0; i++) {
			if (!dom->computers[i].dc ||
			    verdict_dc_logged(r, &dom->computers[i]))
				continue;
			if (cv == NULL)
				cv = verdict_add(&lv->warnings,
				    &lv->nwarnings, "dc-silent", "%zu domain "
				    "controller%s of the directory logged "
				    "nothing: each DC logs only the logons it "
				    "passed through; collect the NTLM logs of "
				    "every DC", n, verdict_s(n));
			verdict_item(cv, xstrdup(dom->computers[i].dns != NULL ?
			    dom->computers[i].dns : dom->computers[i].name));
		}
	}
	if (fx->directory_time != UTIL_TIME_NONE &&
	    r->last_seen != UTIL_TIME_NONE &&
	    fx->directory_time - r->last_seen > UTIL_DAY)
		verdict_add(&lv->warnings, &lv->nwarnings,
		    "data-older-than-directory", "the newest event (%s) is "
		    "older than the directory (%s): computers joined since "
		    "are in the directory, their NTLM is not in the data",
		    util_time_readable(r->last_seen, b1),
		    util_time_readable(fx->directory_time, b2));
	if (fx->nsecurity_only > 0) {
		cv = verdict_add(&lv->warnings, &lv->nwarnings,
		    "security-log-only", "%zu host%s gave a Security log but "
		    "no NTLM Operational log: what %s passed through shows "
		    "only as NTLM network logons (4624); export "
		    "Microsoft-Windows-NTLM/Operational from %s too",
		    fx->nsecurity_only, verdict_s(fx->nsecurity_only),
		    fx->nsecurity_only == 1 ? "it" : "they",
		    fx->nsecurity_only == 1 ? "it" : "them");
		verdict_items(cv, fx->security_only, fx->nsecurity_only);
	}
	if (fx->nempty > 0) {
		cv = verdict_add(&lv->warnings, &lv->nwarnings, "empty-input",
		    "%zu input%s without a single record: an empty log says "
		    "nothing", fx->nempty, verdict_s(fx->nempty));
		verdict_items(cv, fx->empty, fx->nempty);
	}
	if (fx->unreadable_unknown > 0)
		verdict_add(&lv->warnings, &lv->nwarnings,
		    "unreadable-in-flow-files", "%" PRIu64 " record%s of the "
		    "flow files' inputs could not be read; the flow files do "
		    "not say whether they were live records or slack space",
		    fx->unreadable_unknown, verdict_s(fx->unreadable_unknown));
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
