/*
 * report-events.c: the judgements of report-events.h, made once before any
 * renderer.  Everything is in a fixed order, so that the same flows give
 * the same bytes: profiles follow report_plan's servers, NTLMv1 rows and
 * relay rows go by events (most first) then names, blind hosts by name.
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "event.h"
#include "flows.h"
#include "report-events.h"
#include "report-plan.h"
#include "simulate.h"
#include "util.h"
#include "xmalloc.h"

const char *
report_events_weekday(int wd)
{
	static const char *const names[] = { "Monday", "Tuesday",
	    "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" };

	return (wd >= 0 && wd < 7 ? names[wd] : "?");
}

const char *
report_events_v1_name(enum report_events_v1 k)
{
	static const char *const names[] = {
		"4624 NTLM V1", "NtlmVersion 1 (4020-4033)", "4013 refused",
		"4024 SSO audited", "4025 SSO blocked"
	};

	return (k < REPORT_EVENTS_V1__COUNT ? names[k] : "?");
}

/* The shortest log window (days) of the hosts that logged f. */
static double
report_events_window(const struct sim_result *r, const struct flow *f)
{
	size_t	lo = 0, hi = r->nhosts, mid;
	int	c;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = util_strcasecmp_null(f->key.logged_by, r->hosts[mid].name);
		if (c == 0) {
			if (r->hosts[mid].first_seen == UTIL_TIME_NONE)
				return (0);
			return ((double)(r->hosts[mid].last_seen -
			    r->hosts[mid].first_seen) / UTIL_DAY);
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return (0);
}

/* Day of the month of a profile day key. */
static int
report_events_mday(int64_t key)
{
	time_t		t = (time_t)((key - FLOWS_PROFILE_DAY0) *
		    (UTIL_DAY / UTIL_SECOND));
	struct tm	tm;

	gmtime_r(&t, &tm);
	return (tm.tm_mday);
}

/*
 * Add flow f's profile to es and its hours; *days gathers its day keys
 * (sorted after).
 */
static void
report_events_profile(struct report_events_server *es, uint64_t *hours,
    const struct flow *f, int64_t **days, size_t *ndays, size_t *adays)
{
	const struct flow_profile	*p = f->profile;
	size_t				 i;

	if (p == NULL) {
		es->unknown += f->count;
		return;
	}
	es->unknown += p->unknown;
	for (i = 0; i < p->nhours; i++) {
		hours[FLOWS_CELL_KEY(p->cells[i])] +=
		    FLOWS_CELL_COUNT(p->cells[i]);
		es->profiled += FLOWS_CELL_COUNT(p->cells[i]);
	}
	*days = xgrow(*days, *ndays + p->ndays, adays, sizeof **days);
	for (i = 0; i < p->ndays; i++)
		(*days)[(*ndays)++] = FLOWS_CELL_KEY(p->cells[p->nhours + i]);
}

static int
report_events_int64_compare(const void *a, const void *b)
{
	int64_t	x = *(const int64_t *)a, y = *(const int64_t *)b;

	return ((x > y) - (x < y));
}

/* Weekly or monthly, from the 168 hours and the distinct days. */
static void
report_events_pattern(struct report_events_server *es,
    const uint64_t *hours, int64_t *days, size_t ndays)
{
	size_t	i, n = 0;
	int	wd, h, mask = 0, mday = 0, same = 1;

	if (ndays > 0)
		qsort(days, ndays, sizeof *days, report_events_int64_compare);
	for (i = 0; i < ndays; i++) {
		if (i > 0 && days[i] == days[i - 1])
			continue;
		n++;
		if (mday == 0)
			mday = report_events_mday(days[i]);
		else if (report_events_mday(days[i]) != mday)
			same = 0;
	}
	es->active_days = n;
	for (wd = 0; wd < 7; wd++) {
		for (h = 0; h < 24; h++) {
			if (hours[wd * 24 + h] > 0)
				mask |= 1 << wd;
			if (hours[wd * 24 + h] > hours[es->peak])
				es->peak = wd * 24 + h;
		}
	}
	es->peak_events = hours[es->peak];
	if (es->profiled == 0)
		return;
	/* Two days or more on one day of the month, in different weeks. */
	if (n >= 2 && same && days[ndays - 1] - days[0] >= 7) {
		es->pattern = REPORT_EVENTS_MONTHLY;
		es->mday = mday;
		es->warn = es->window < REPORT_EVENTS_MONTHLY_DAYS;
	} else if ((mask & (mask - 1)) == 0) {
		es->pattern = REPORT_EVENTS_WEEKLY;
		for (es->weekday = 0; !(mask & (1 << es->weekday));
		    es->weekday++)
			;
		es->warn = es->window < REPORT_EVENTS_WEEKLY_DAYS;
	}
}

/* The order of report_plan_sort: case-insensitive, then bytewise. */
static int
report_events_namecmp(const char *a, const char *b)
{
	int	c;

	if (a == NULL || b == NULL)
		return (a == b ? 0 : a == NULL ? -1 : 1);
	if ((c = strcasecmp(a, b)) != 0)
		return (c);
	return (strcmp(a, b));
}

/* The first denied flow of server name in rp->blocked. */
static size_t
report_events_first(const struct plan *rp, const char *name)
{
	size_t	lo = 0, hi = rp->nblocked, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (report_events_namecmp(rp->blocked[mid].server, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (lo);
}

/* Profiles of the listed servers, from their denied flows. */
static void
report_events_servers(struct report_events *ev, const struct plan *rp)
{
	struct report_events_server	*es;
	const struct flow		*f;
	int64_t				*days = NULL;
	uint64_t			 hours[168];
	size_t				*at, nh = 0, ah = 0;
	size_t				 i, j, h, ndays, adays = 0;
	double				 w;

	ev->nservers = rp->nservers;
	ev->servers = xcalloc(rp->nservers + 1, sizeof *ev->servers);
	at = xcalloc(rp->nservers + 1, sizeof *at);
	for (i = 0; i < rp->nservers; i++) {
		es = &ev->servers[i];
		es->name = rp->servers[i].s->name;
		es->window = -1;
		ndays = 0;
		memset(hours, 0, sizeof hours);
		for (j = report_events_first(rp, es->name); j < rp->nblocked &&
		    report_events_namecmp(rp->blocked[j].server,
		    es->name) == 0; j++) {
			f = flows_flow(rp->fl, rp->blocked[j].flow);
			report_events_profile(es, hours, f, &days, &ndays,
			    &adays);
			w = report_events_window(rp->r, f);
			if (es->window < 0 || w < es->window)
				es->window = w;
		}
		if (es->window < 0)
			es->window = 0;
		ev->unknown += es->unknown;
		report_events_pattern(es, hours, days, ndays);
		at[i] = nh;
		for (h = 0; h < 168; h++) {
			if (hours[h] == 0)
				continue;
			ev->hours = xgrow(ev->hours, nh, &ah,
			    sizeof *ev->hours);
			ev->hours[nh].events = hours[h];
			ev->hours[nh++].hour = (uint8_t)h;
			es->nhours++;
		}
	}
	for (i = 0; ev->hours != NULL && i < rp->nservers; i++)
		ev->servers[i].hours = ev->hours + at[i];
	free(at);
	free(days);
}

static int
report_events_v1_compare(const void *va, const void *vb)
{
	const struct report_events_v1row	*a = va, *b = vb;
	int					 c;

	if ((c = util_strcasecmp_null(a->domain, b->domain)) != 0 ||
	    (c = util_strcasecmp_null(a->user, b->user)) != 0 ||
	    (c = util_strcasecmp_null(a->client, b->client)) != 0)
		return (c);
	return (util_strcasecmp_null(a->server, b->server));
}

static int
report_events_v1_order(const void *va, const void *vb)
{
	const struct report_events_v1row	*a = va, *b = vb;

	if (a->events != b->events)
		return (a->events > b->events ? -1 : 1);
	return (report_events_v1_compare(a, b));
}

/* The client of a flow: its workstation, or the host of a client event. */
static const char *
report_events_client(const struct flow *f)
{
	if (f->key.workstation != NULL)
		return (f->key.workstation);
	if (event_has_flag(f->key.event_id, EVENT_ON_CLIENT))
		return (f->key.logged_by);
	return (NULL);
}

/* The NTLMv1 evidence kind of f, or -1. */
static int
report_events_v1_kind(const struct flow *f)
{
	int	id = f->key.event_id;

	if (event_has_flag(id, EVENT_NTLMV1)) {
		if (id == 4013)
			return (REPORT_EVENTS_V1_4013);
		return (event_has_flag(id, EVENT_BLOCKED) ?
		    REPORT_EVENTS_V1_4025 : REPORT_EVENTS_V1_4024);
	}
	if (event_version_is_v1(f->key.ntlm_version) != 1)
		return (-1);
	if (id == 4624) {
		/* Windows logs ANONYMOUS LOGON as "NTLM V1": not v1 use. */
		if (f->key.user == NULL ||
		    strcasecmp(f->key.user, "ANONYMOUS LOGON") == 0)
			return (-1);
		return (REPORT_EVENTS_V1_4624);
	}
	return (REPORT_EVENTS_V1_ENHANCED);
}

static void
report_events_v1(struct report_events *ev, const struct flows *fl)
{
	struct report_events_v1row	*v = NULL, *w;
	const struct flow		*f;
	size_t				 i, n = 0, m, av = 0;
	int				 k;

	for (i = 0; (f = flows_flow(fl, i)) != NULL; i++) {
		if ((k = report_events_v1_kind(f)) < 0)
			continue;
		v = xgrow(v, n, &av, sizeof *v);
		w = &v[n++];
		memset(w, 0, sizeof *w);
		w->domain = f->key.domain;
		w->user = f->key.user;
		w->client = report_events_client(f);
		w->server = f->key.server;
		w->events = f->count;
		w->kind[k] = f->count;
		w->last_seen = f->last_seen;
		ev->v1_events += f->count;
		if (k == REPORT_EVENTS_V1_4024) {
			ev->sso_events += f->count;
			ev->sso_flows++;
		}
	}
	if (n > 0)
		qsort(v, n, sizeof *v, report_events_v1_compare);
	for (i = 0, m = 0; i < n; i++) {
		if (m > 0 && report_events_v1_compare(&v[m - 1], &v[i]) == 0) {
			w = &v[m - 1];
			w->events += v[i].events;
			for (k = 0; k < REPORT_EVENTS_V1__COUNT; k++)
				w->kind[k] += v[i].kind[k];
			if (v[i].last_seen > w->last_seen)
				w->last_seen = v[i].last_seen;
		} else
			v[m++] = v[i];
	}
	if (m > 0)
		qsort(v, m, sizeof *v, report_events_v1_order);
	ev->v1 = v;
	ev->nv1 = m;
}

static int
report_events_blind_compare(const void *a, const void *b)
{
	return (util_strcasecmp_null(
	    ((const struct report_events_blind *)a)->host,
	    ((const struct report_events_blind *)b)->host));
}

static void
report_events_blind(struct report_events *ev, const struct flows *fl)
{
	struct report_events_blind	*b;
	const struct flow		*f;
	size_t				 i, j;

	for (i = 0; (f = flows_flow(fl, i)) != NULL; i++) {
		if (!event_has_flag(f->key.event_id, EVENT_BLIND))
			continue;
		for (j = 0; j < ev->nblind; j++) {
			if (util_strcasecmp_null(ev->blind[j].host,
			    f->key.logged_by) == 0)
				break;
		}
		if (j == ev->nblind) {
			ev->blind = xreallocarray(ev->blind, ev->nblind + 1,
			    sizeof *ev->blind);
			b = &ev->blind[ev->nblind++];
			memset(b, 0, sizeof *b);
			b->host = f->key.logged_by;
			b->first_seen = f->first_seen;
			b->last_seen = f->last_seen;
		}
		b = &ev->blind[j];
		if (event_has_flag(f->key.event_id, EVENT_NTLMV1))
			b->refused_v1 += f->count;
		else
			b->refused_cg += f->count;
		if (f->first_seen < b->first_seen)
			b->first_seen = f->first_seen;
		if (f->last_seen > b->last_seen)
			b->last_seen = f->last_seen;
		if (event_has_flag(f->key.event_id, EVENT_NTLMV1) ||
		    f->key.process == NULL)
			continue;
		for (j = 0; j < b->nimages; j++) {
			if (strcasecmp(b->images[j], f->key.process) == 0)
				break;
		}
		if (j < b->nimages)
			continue;
		if (b->nimages < sizeof b->images / sizeof b->images[0])
			b->images[b->nimages++] = f->key.process;
		else
			b->more_images++;
	}
	if (ev->nblind > 0)
		qsort(ev->blind, ev->nblind, sizeof *ev->blind,
		    report_events_blind_compare);
}

static int
report_events_relay_order(const void *va, const void *vb)
{
	const struct report_events_relay	*a = va, *b = vb;

	if (a->events != b->events)
		return (a->events > b->events ? -1 : 1);
	return (util_strcasecmp_null(a->server, b->server));
}

static void
report_events_relay(struct report_events *ev, const struct flows *fl)
{
	struct report_events_relay	*x;
	const struct flow		*f;
	size_t				 i, j;
	int				 mic, cb;

	for (i = 0; (f = flows_flow(fl, i)) != NULL; i++) {
		mic = event_status_absent(f->key.mic) == 1;
		cb = event_status_absent(f->key.channel_binding) == 1;
		if (!mic && !cb)
			continue;
		for (j = 0; j < ev->nrelay; j++) {
			if (util_strcasecmp_null(ev->relay[j].server,
			    f->key.server) == 0)
				break;
		}
		if (j == ev->nrelay) {
			ev->relay = xreallocarray(ev->relay, ev->nrelay + 1,
			    sizeof *ev->relay);
			memset(&ev->relay[j], 0, sizeof ev->relay[j]);
			ev->relay[ev->nrelay++].server = f->key.server;
		}
		x = &ev->relay[j];
		x->flows++;
		x->events += f->count;
		if (mic)
			x->no_mic += f->count;
		if (cb)
			x->no_cb += f->count;
	}
	if (ev->nrelay > 0)
		qsort(ev->relay, ev->nrelay, sizeof *ev->relay,
		    report_events_relay_order);
}

struct report_events *
report_events_build(const struct plan *rp)
{
	struct report_events	*ev;

	ev = xcalloc(1, sizeof *ev);
	report_events_servers(ev, rp);
	report_events_v1(ev, rp->fl);
	report_events_blind(ev, rp->fl);
	report_events_relay(ev, rp->fl);
	return (ev);
}

void
report_events_free(struct report_events *ev)
{
	if (ev == NULL)
		return;
	free(ev->servers);
	free(ev->hours);
	free(ev->v1);
	free(ev->blind);
	free(ev->relay);
	free(ev);
}

static const char *
report_events_pattern_name(enum report_events_pattern p)
{
	switch (p) {
	case REPORT_EVENTS_WEEKLY:
		return ("weekly");
	case REPORT_EVENTS_MONTHLY:
		return ("monthly");
	default:
		return (NULL);
	}
}

void
report_events_json(FILE *f, const struct report_events *ev)
{
	const struct report_events_server	*es;
	const struct report_events_v1row	*v;
	const struct report_events_blind	*b;
	size_t					 i, j, n;
	int					 k;

	fprintf(f, "\"ntlm_events\": {\"profile_unknown\": %" PRIu64
	    ",\n  \"servers\": [", ev->unknown);
	for (i = 0; i < ev->nservers; i++) {
		es = &ev->servers[i];
		fputs(i > 0 ? ",\n   {\"server\": " : "\n   {\"server\": ", f);
		util_json_string(f, es->name);
		fprintf(f, ", \"profiled\": %" PRIu64 ", \"unknown\": %" PRIu64
		    ", \"active_days\": %zu, \"window_days\": %.1f, "
		    "\"pattern\": ", es->profiled, es->unknown, es->active_days,
		    es->window);
		util_json_string(f, report_events_pattern_name(es->pattern));
		fprintf(f, ", \"warning\": %s, \"hours\": [",
		    es->warn ? "true" : "false");
		for (j = 0; j < es->nhours; j++)
			fprintf(f, "%s[%d, %d, %" PRIu64 "]", j > 0 ? ", " :
			    "", es->hours[j].hour / 24, es->hours[j].hour % 24,
			    es->hours[j].events);
		fputs("]}", f);
	}
	fprintf(f, "],\n  \"ntlmv1\": {\"events\": %" PRIu64
	    ", \"sso_audited_events\": %" PRIu64 ", \"sso_audited_flows\": %"
	    PRIu64 ", \"uses\": [", ev->v1_events, ev->sso_events,
	    ev->sso_flows);
	for (i = 0; i < ev->nv1; i++) {
		v = &ev->v1[i];
		fputs(i > 0 ? ",\n   {\"domain\": " : "\n   {\"domain\": ", f);
		util_json_string(f, v->domain);
		fputs(", \"user\": ", f);
		util_json_string(f, v->user);
		fputs(", \"client\": ", f);
		util_json_string(f, v->client);
		fputs(", \"server\": ", f);
		util_json_string(f, v->server);
		fprintf(f, ", \"events\": %" PRIu64 ", \"by\": {", v->events);
		for (k = 0, n = 0; k < REPORT_EVENTS_V1__COUNT; k++) {
			if (v->kind[k] == 0)
				continue;
			fprintf(f, "%s\"%s\": %" PRIu64, n++ > 0 ? ", " : "",
			    report_events_v1_name(k), v->kind[k]);
		}
		fputs("}, \"last_seen\": ", f);
		util_json_time(f, v->last_seen);
		fputs("}", f);
	}
	fputs("]},\n  \"blind_hosts\": [", f);
	for (i = 0; i < ev->nblind; i++) {
		b = &ev->blind[i];
		fputs(i > 0 ? ",\n   {\"host\": " : "\n   {\"host\": ", f);
		util_json_string(f, b->host);
		fprintf(f, ", \"ntlmv1_refused\": %" PRIu64 ", "
		    "\"credential_guard_refused\": %" PRIu64 ", \"images\": [",
		    b->refused_v1, b->refused_cg);
		for (j = 0; j < b->nimages; j++) {
			fputs(j > 0 ? ", " : "", f);
			util_json_string(f, b->images[j]);
		}
		fprintf(f, "], \"more_images\": %zu, \"first_seen\": ",
		    b->more_images);
		util_json_time(f, b->first_seen);
		fputs(", \"last_seen\": ", f);
		util_json_time(f, b->last_seen);
		fputs("}", f);
	}
	fputs("],\n  \"relay_exposure\": [", f);
	for (i = 0; i < ev->nrelay; i++) {
		fputs(i > 0 ? ",\n   {\"server\": " : "\n   {\"server\": ", f);
		util_json_string(f, ev->relay[i].server);
		fprintf(f, ", \"flows\": %" PRIu64 ", \"events\": %" PRIu64
		    ", \"without_mic\": %" PRIu64 ", \"without_channel_binding"
		    "\": %" PRIu64 "}", ev->relay[i].flows, ev->relay[i].events,
		    ev->relay[i].no_mic, ev->relay[i].no_cb);
	}
	fputs("]}", f);
}
