/*
 * plandiff.c: two plan.json files compared (ntlmplan diff).
 *
 * A plan written before plan.json had "format_version" and "plan_time" is
 * read all the same: its "version" stands for the format version and its
 * "generated" time for the plan's time (marked so).  Levels are matched by
 * name, servers, accounts, clients and processes without regard to case.
 * plan.json keeps per server only the three accounts, clients and
 * processes with most events: a new name below those is not seen.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "plandiff.h"
#include "util.h"
#include "xmalloc.h"

#define PLANDIFF_FORMAT	"ntlmplan-plan"
#define PLANDIFF_MAX	(256 * 1024 * 1024)	/* bytes of a plan.json */

static const char *const plandiff_host_codes[] = {
	[PLANDIFF_HOST_GONE] = "gone",
	[PLANDIFF_HOST_NEW] = "new",
	[PLANDIFF_HOST_APART] = "apart",
};

const char *
plandiff_host_code(enum plandiff_host_change c)
{
	return (plandiff_host_codes[c]);
}

/* Names: built unsorted, then sorted and made unique. */

static void
plandiff_names_add(struct plandiff_names *n, const char *s, size_t *cap)
{
	if (s == NULL || *s == '\0')
		return;
	n->v = xgrow(n->v, n->n, cap, sizeof *n->v);
	n->v[n->n++] = xstrdup(s);
}

static void
plandiff_names_finish(struct plandiff_names *n)
{
	size_t	 i, j;

	if (n->n == 0)
		return;
	qsort(n->v, n->n, sizeof *n->v, util_strp_compare);
	for (i = 0, j = 1; j < n->n; j++) {
		if (strcasecmp(n->v[i], n->v[j]) == 0)
			free(n->v[j]);
		else
			n->v[++i] = n->v[j];
	}
	n->n = i + 1;
}

static void
plandiff_names_clear(struct plandiff_names *n)
{
	size_t	 i;

	for (i = 0; i < n->n; i++)
		free(n->v[i]);
	free(n->v);
	memset(n, 0, sizeof *n);
}

static int
plandiff_names_has(const struct plandiff_names *n, const char *s)
{
	size_t	 lo = 0, hi = n->n, mid;
	int	 c;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if ((c = strcasecmp(s, n->v[mid])) == 0)
			return (1);
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return (0);
}

/* out = a less b (both sorted). */
static void
plandiff_names_minus(struct plandiff_names *out, const struct plandiff_names *a,
    const struct plandiff_names *b)
{
	size_t	 i, cap = 0;

	for (i = 0; i < a->n; i++) {
		if (!plandiff_names_has(b, a->v[i]))
			plandiff_names_add(out, a->v[i], &cap);
	}
}

/* Reading a plan. */

static char *
plandiff_read(const char *path, size_t *len, char **cause)
{
	FILE		*f;
	char		*buf = NULL;
	size_t		 size = 0, n;

	*len = 0;
	if ((f = fopen(path, "r")) == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return (NULL);
	}
	for (;;) {
		if (size - *len < 65536) {
			size = size == 0 ? 1 << 20 : size * 2;
			buf = xreallocarray(buf, size, 1);
		}
		n = fread(buf + *len, 1, size - *len - 1, f);
		*len += n;
		if (n == 0 || *len > PLANDIFF_MAX)
			break;
	}
	if (ferror(f) || *len > PLANDIFF_MAX) {
		xasprintf(cause, "%s: %s", path, ferror(f) ? strerror(errno) :
		    "too large for a plan");
		fclose(f);
		free(buf);
		return (NULL);
	}
	fclose(f);
	buf[*len] = '\0';
	return (buf);
}

static const cJSON *
plandiff_get(const cJSON *o, const char *name)
{
	return (cJSON_GetObjectItemCaseSensitive(o, name));
}

static const char *
plandiff_string(const cJSON *o, const char *name)
{
	const cJSON	*v = plandiff_get(o, name);

	return (cJSON_IsString(v) ? v->valuestring : NULL);
}

/* An integer member, range-checked; def if absent or not one. */
static long long
plandiff_int(const cJSON *o, const char *name, long long def)
{
	const cJSON	*v = plandiff_get(o, name);

	if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0 &&
	    v->valuedouble <= (double)UTIL_COUNT_MAX) ||
	    v->valuedouble != (double)(long long)v->valuedouble)
		return (def);
	return ((long long)v->valuedouble);
}

static int64_t
plandiff_time(const cJSON *o, const char *name)
{
	const char	*s = plandiff_string(o, name);
	int64_t		 t;

	if (s == NULL || util_time_parse(s, &t) != 0)
		return (UTIL_TIME_NONE);
	return (t);
}

/* The plan at path (a file, or a directory holding plan.json). */
static cJSON *
plandiff_load(const char *arg, struct plandiff_side *side, char **cause)
{
	struct stat	 sb;
	cJSON		*root;
	const cJSON	*w;
	const char	*end = NULL, *fmt;
	char		*buf;
	size_t		 len;

	if (stat(arg, &sb) == 0 && S_ISDIR(sb.st_mode))
		xasprintf(&side->path, "%s/plan.json", arg);
	else
		side->path = xstrdup(arg);
	if ((buf = plandiff_read(side->path, &len, cause)) == NULL)
		return (NULL);
	/* The NUL counts: cJSON wants it inside the length. */
	root = cJSON_ParseWithLengthOpts(buf, len + 1, &end, 1);
	if (root == NULL) {
		xasprintf(cause, "%s: invalid JSON at byte %zu", side->path,
		    end != NULL ? (size_t)(end - buf) : 0);
		free(buf);
		return (NULL);
	}
	free(buf);
	fmt = plandiff_string(root, "format");
	if (!cJSON_IsObject(root) || (fmt != NULL &&
	    strcmp(fmt, PLANDIFF_FORMAT) != 0) ||
	    !cJSON_IsArray(plandiff_get(root, "levels"))) {
		xasprintf(cause, "%s: not a plan (ntlmplan-plan(5))",
		    side->path);
		cJSON_Delete(root);
		return (NULL);
	}
	/* Files written before format_version: "version", or nothing. */
	side->format_version = plandiff_int(root, "format_version",
	    plandiff_int(root, "version", -1));
	if ((side->plan_time = plandiff_time(root, "plan_time")) ==
	    UTIL_TIME_NONE) {
		side->plan_time = plandiff_time(root, "generated");
		side->time_generated = side->plan_time != UTIL_TIME_NONE;
	}
	if (plandiff_string(root, "level") != NULL)
		side->level = xstrdup(plandiff_string(root, "level"));
	w = plandiff_get(root, "window");
	side->first_seen = plandiff_time(w, "first_seen");
	side->last_seen = plandiff_time(w, "last_seen");
	return (root);
}

/* Every "name" of the members accounts, clients, processes of a server. */
static void
plandiff_server_names(const cJSON *servers, struct plandiff_names *acc,
    struct plandiff_names *cli, struct plandiff_names *proc, size_t *cap)
{
	const cJSON	*s, *e;

	cJSON_ArrayForEach(s, servers) {
		cJSON_ArrayForEach(e, plandiff_get(s, "accounts"))
			plandiff_names_add(acc, plandiff_string(e, "name"),
			    &cap[0]);
		cJSON_ArrayForEach(e, plandiff_get(s, "clients"))
			plandiff_names_add(cli, plandiff_string(e, "name"),
			    &cap[1]);
		cJSON_ArrayForEach(e, plandiff_get(s, "processes"))
			plandiff_names_add(proc, plandiff_string(e, "name"),
			    &cap[2]);
	}
}

/* What one plan says of one level. */
struct plandiff_seen {
	int			 ready;
	struct plandiff_names	 list;
	struct plandiff_names	 blockers;
	struct plandiff_names	 accounts, clients, processes;
	long long		 blocked_flows, blocked_events;
	long long		 residual_flows, residual_events;
};

static void
plandiff_seen_read(const cJSON *root, const cJSON *l, int planned,
    struct plandiff_seen *s)
{
	const cJSON	*v, *e;
	size_t		 cap[6];

	memset(s, 0, sizeof *s);
	memset(cap, 0, sizeof cap);
	s->ready = -1;
	if (l == NULL) {
		s->blocked_flows = s->blocked_events = -1;
		s->residual_flows = s->residual_events = -1;
		return;
	}
	v = plandiff_get(l, "ready");
	s->ready = cJSON_IsBool(v) ? cJSON_IsTrue(v) : -1;
	cJSON_ArrayForEach(e, plandiff_get(l, "exceptions")) {
		if (cJSON_IsString(e))
			plandiff_names_add(&s->list, e->valuestring, &cap[3]);
	}
	cJSON_ArrayForEach(e, plandiff_get(l, "blockers"))
		plandiff_names_add(&s->blockers, plandiff_string(e, "kind"),
		    &cap[4]);
	plandiff_server_names(plandiff_get(l, "evidence"), &s->accounts,
	    &s->clients, &s->processes, cap);
	plandiff_server_names(plandiff_get(l, "already_excepted_evidence"),
	    &s->accounts, &s->clients, &s->processes, cap);
	plandiff_server_names(plandiff_get(l, "remediate"), &s->accounts,
	    &s->clients, &s->processes, cap);
	if (planned) {
		v = plandiff_get(plandiff_get(root, "remediation"), "fixes");
		cJSON_ArrayForEach(e, v) {
			plandiff_names_add(&s->accounts,
			    plandiff_string(e, "account"), &cap[0]);
			plandiff_names_add(&s->clients,
			    plandiff_string(e, "client"), &cap[1]);
			plandiff_names_add(&s->processes,
			    plandiff_string(e, "process"), &cap[2]);
		}
	}
	plandiff_names_finish(&s->list);
	plandiff_names_finish(&s->blockers);
	plandiff_names_finish(&s->accounts);
	plandiff_names_finish(&s->clients);
	plandiff_names_finish(&s->processes);
	s->blocked_flows = plandiff_int(l, "blocked_flows", -1);
	s->blocked_events = plandiff_int(l, "blocked_events", -1);
	s->residual_flows = plandiff_int(l, "residual_flows", -1);
	s->residual_events = plandiff_int(l, "residual_events", -1);
}

static void
plandiff_seen_clear(struct plandiff_seen *s)
{
	plandiff_names_clear(&s->list);
	plandiff_names_clear(&s->blockers);
	plandiff_names_clear(&s->accounts);
	plandiff_names_clear(&s->clients);
	plandiff_names_clear(&s->processes);
}

static const cJSON *
plandiff_find_level(const cJSON *root, const char *name)
{
	const cJSON	*l;
	const char	*n;

	cJSON_ArrayForEach(l, plandiff_get(root, "levels")) {
		if ((n = plandiff_string(l, "name")) != NULL &&
		    strcasecmp(n, name) == 0)
			return (l);
	}
	return (NULL);
}

static void
plandiff_level(struct plandiff *d, const cJSON *ro, const cJSON *rn,
    const char *name)
{
	struct plandiff_level	*L;
	struct plandiff_seen	 so, sn;
	const cJSON		*lo, *ln;
	int			 planned;

	lo = plandiff_find_level(ro, name);
	ln = plandiff_find_level(rn, name);
	planned = d->new.level != NULL && strcasecmp(d->new.level, name) == 0;
	d->levels = xreallocarray(d->levels, d->nlevels + 1,
	    sizeof *d->levels);
	L = &d->levels[d->nlevels++];
	memset(L, 0, sizeof *L);
	L->name = xstrdup(name);
	L->in_old = lo != NULL;
	L->in_new = ln != NULL;
	L->planned = planned;
	/* The fixes of the old plan count for the level it planned. */
	plandiff_seen_read(ro, lo, d->old.level != NULL &&
	    strcasecmp(d->old.level, name) == 0, &so);
	plandiff_seen_read(rn, ln, planned, &sn);
	L->ready_old = so.ready;
	L->ready_new = sn.ready;
	plandiff_names_minus(&L->blockers_added, &sn.blockers, &so.blockers);
	plandiff_names_minus(&L->blockers_removed, &so.blockers, &sn.blockers);
	plandiff_names_minus(&L->joined, &sn.list, &so.list);
	plandiff_names_minus(&L->left, &so.list, &sn.list);
	if (lo != NULL) {
		plandiff_names_minus(&L->new_accounts, &sn.accounts,
		    &so.accounts);
		plandiff_names_minus(&L->new_clients, &sn.clients,
		    &so.clients);
		plandiff_names_minus(&L->new_processes, &sn.processes,
		    &so.processes);
	}
	L->list_old = so.list;
	L->list_new = sn.list;
	memset(&so.list, 0, sizeof so.list);
	memset(&sn.list, 0, sizeof sn.list);
	L->blocked_flows[0] = so.blocked_flows;
	L->blocked_flows[1] = sn.blocked_flows;
	L->blocked_events[0] = so.blocked_events;
	L->blocked_events[1] = sn.blocked_events;
	L->residual_flows[0] = so.residual_flows;
	L->residual_flows[1] = sn.residual_flows;
	L->residual_events[0] = so.residual_events;
	L->residual_events[1] = sn.residual_events;
	if (planned && L->joined.n > 0)
		d->list_grew = 1;
	plandiff_seen_clear(&so);
	plandiff_seen_clear(&sn);
}

static void
plandiff_levels(struct plandiff *d, const cJSON *ro, const cJSON *rn)
{
	const cJSON	*l;
	const char	*name;
	size_t		 i;
	int		 seen;

	cJSON_ArrayForEach(l, plandiff_get(ro, "levels")) {
		if ((name = plandiff_string(l, "name")) != NULL)
			plandiff_level(d, ro, rn, name);
	}
	cJSON_ArrayForEach(l, plandiff_get(rn, "levels")) {
		if ((name = plandiff_string(l, "name")) == NULL)
			continue;
		for (i = 0, seen = 0; i < d->nlevels && !seen; i++)
			seen = strcasecmp(d->levels[i].name, name) == 0;
		if (!seen)
			plandiff_level(d, ro, rn, name);
	}
	/* Without a planned level, any list that grew counts. */
	if (d->new.level == NULL) {
		for (i = 0; i < d->nlevels; i++) {
			if (d->levels[i].joined.n > 0)
				d->list_grew = 1;
		}
	}
}

/* Ranked fixes of the old plan that the new one no longer ranks. */
static void
plandiff_fixes(struct plandiff *d, const cJSON *ro, const cJSON *rn)
{
	const cJSON		*fo, *fn;
	struct plandiff_fix	*x;
	const char		*key, *k2;
	int			 found;

	if (d->old.level == NULL || d->new.level == NULL ||
	    strcasecmp(d->old.level, d->new.level) != 0 ||
	    !cJSON_IsObject(plandiff_get(rn, "remediation")))
		return;
	d->fixes_compared = 1;
	cJSON_ArrayForEach(fo, plandiff_get(plandiff_get(ro, "remediation"),
	    "fixes")) {
		if ((key = plandiff_string(fo, "fix")) == NULL)
			continue;
		found = 0;
		cJSON_ArrayForEach(fn, plandiff_get(plandiff_get(rn,
		    "remediation"), "fixes")) {
			if ((k2 = plandiff_string(fn, "fix")) != NULL &&
			    strcasecmp(k2, key) == 0)
				found = 1;
		}
		if (found)
			continue;
		d->fixes_done = xreallocarray(d->fixes_done,
		    d->nfixes_done + 1, sizeof *d->fixes_done);
		x = &d->fixes_done[d->nfixes_done++];
		x->rank = plandiff_int(fo, "rank", -1);
		x->fix = xstrdup(key);
		x->class = plandiff_string(fo, "class") != NULL ?
		    xstrdup(plandiff_string(fo, "class")) : NULL;
		x->events = plandiff_int(fo, "events", -1);
	}
}

static int
plandiff_overlap(int64_t a1, int64_t a2, int64_t b1, int64_t b2)
{
	if (a1 == UTIL_TIME_NONE || a2 == UTIL_TIME_NONE ||
	    b1 == UTIL_TIME_NONE || b2 == UTIL_TIME_NONE)
		return (-1);
	return (a1 <= b2 && b1 <= a2);
}

/* A host's window: its logs', else its events'. */
static void
plandiff_host_window(const cJSON *h, int64_t *first, int64_t *last)
{
	if ((*first = plandiff_time(h, "log_first")) == UTIL_TIME_NONE)
		*first = plandiff_time(h, "first_seen");
	if ((*last = plandiff_time(h, "log_last")) == UTIL_TIME_NONE)
		*last = plandiff_time(h, "last_seen");
}

static const cJSON *
plandiff_find_host(const cJSON *root, const char *name)
{
	const cJSON	*h;
	const char	*n;

	cJSON_ArrayForEach(h, plandiff_get(root, "hosts")) {
		if ((n = plandiff_string(h, "name")) != NULL &&
		    strcasecmp(n, name) == 0)
			return (h);
	}
	return (NULL);
}

static void
plandiff_host_add(struct plandiff *d, const char *name,
    enum plandiff_host_change c, const cJSON *ho, const cJSON *hn)
{
	struct plandiff_host	*h;

	d->hosts = xreallocarray(d->hosts, d->nhosts + 1, sizeof *d->hosts);
	h = &d->hosts[d->nhosts++];
	h->name = xstrdup(name);
	h->change = c;
	h->old_first = h->old_last = h->new_first = h->new_last =
	    UTIL_TIME_NONE;
	if (ho != NULL)
		plandiff_host_window(ho, &h->old_first, &h->old_last);
	if (hn != NULL)
		plandiff_host_window(hn, &h->new_first, &h->new_last);
}

static int
plandiff_host_cmp(const void *a, const void *b)
{
	const struct plandiff_host	*ha = a, *hb = b;
	int				 c;

	if ((c = strcasecmp(ha->name, hb->name)) != 0)
		return (c);
	return (strcmp(ha->name, hb->name));
}

static void
plandiff_hosts(struct plandiff *d, const cJSON *ro, const cJSON *rn)
{
	const cJSON	*ho, *hn;
	const char	*name;
	int64_t		 a1, a2, b1, b2;

	cJSON_ArrayForEach(ho, plandiff_get(ro, "hosts")) {
		if ((name = plandiff_string(ho, "name")) == NULL)
			continue;
		if ((hn = plandiff_find_host(rn, name)) == NULL) {
			plandiff_host_add(d, name, PLANDIFF_HOST_GONE, ho,
			    NULL);
			continue;
		}
		plandiff_host_window(ho, &a1, &a2);
		plandiff_host_window(hn, &b1, &b2);
		if (plandiff_overlap(a1, a2, b1, b2) == 0)
			plandiff_host_add(d, name, PLANDIFF_HOST_APART, ho, hn);
	}
	cJSON_ArrayForEach(hn, plandiff_get(rn, "hosts")) {
		if ((name = plandiff_string(hn, "name")) != NULL &&
		    plandiff_find_host(ro, name) == NULL)
			plandiff_host_add(d, name, PLANDIFF_HOST_NEW, NULL, hn);
	}
	if (d->nhosts > 1)
		qsort(d->hosts, d->nhosts, sizeof *d->hosts,
		    plandiff_host_cmp);
}

struct plandiff *
plandiff_create(const char *old, const char *new, char **cause)
{
	struct plandiff	*d;
	cJSON		*ro, *rn = NULL;

	*cause = NULL;
	d = xcalloc(1, sizeof *d);
	if ((ro = plandiff_load(old, &d->old, cause)) == NULL ||
	    (rn = plandiff_load(new, &d->new, cause)) == NULL) {
		cJSON_Delete(ro);
		plandiff_free(d);
		return (NULL);
	}
	d->windows_overlap = plandiff_overlap(d->old.first_seen,
	    d->old.last_seen, d->new.first_seen, d->new.last_seen);
	plandiff_levels(d, ro, rn);
	plandiff_fixes(d, ro, rn);
	plandiff_hosts(d, ro, rn);
	cJSON_Delete(ro);
	cJSON_Delete(rn);
	return (d);
}

void
plandiff_free(struct plandiff *d)
{
	struct plandiff_level	*L;
	size_t			 i;

	if (d == NULL)
		return;
	free(d->old.path);
	free(d->old.level);
	free(d->new.path);
	free(d->new.level);
	for (i = 0; i < d->nlevels; i++) {
		L = &d->levels[i];
		free(L->name);
		plandiff_names_clear(&L->blockers_added);
		plandiff_names_clear(&L->blockers_removed);
		plandiff_names_clear(&L->list_old);
		plandiff_names_clear(&L->list_new);
		plandiff_names_clear(&L->joined);
		plandiff_names_clear(&L->left);
		plandiff_names_clear(&L->new_accounts);
		plandiff_names_clear(&L->new_clients);
		plandiff_names_clear(&L->new_processes);
	}
	free(d->levels);
	for (i = 0; i < d->nfixes_done; i++) {
		free(d->fixes_done[i].fix);
		free(d->fixes_done[i].class);
	}
	free(d->fixes_done);
	for (i = 0; i < d->nhosts; i++)
		free(d->hosts[i].name);
	free(d->hosts);
	free(d);
}

/* Writing. */

static const char *
plandiff_time_text(int64_t t, char *buf)
{
	if (t == UTIL_TIME_NONE)
		return ("unknown");
	return (util_time_readable(t, buf));
}

static void
plandiff_text_side(FILE *f, const char *what, const struct plandiff_side *s)
{
	char	 a[UTIL_TIME_LEN], b[UTIL_TIME_LEN];

	fprintf(f, "%s: %s\n", what, s->path);
	if (s->format_version >= 0)
		fprintf(f, "  format version %lld", s->format_version);
	else
		fputs("  format version not given (an older plan)", f);
	fprintf(f, ", %s %s, level %s\n", s->time_generated ?
	    "generated" : "plan time", plandiff_time_text(s->plan_time, a),
	    s->level != NULL ? s->level : "(none)");
	fprintf(f, "  evidence %s .. %s\n", plandiff_time_text(s->first_seen,
	    a), plandiff_time_text(s->last_seen, b));
}

static void
plandiff_text_names(FILE *f, const char *what,
    const struct plandiff_names *n)
{
	size_t	 i;

	if (n->n == 0)
		return;
	fprintf(f, "  %s (%zu):", what, n->n);
	for (i = 0; i < n->n; i++)
		fprintf(f, " %s", n->v[i]);
	putc('\n', f);
}

static const char *
plandiff_ready_text(int r)
{
	return (r < 0 ? "absent" : r ? "ready" : "not ready");
}

static void
plandiff_text_count(FILE *f, const char *what, const long long *flows,
    const long long *events)
{
	char	 a[64], b[64];

	if (flows[0] < 0)
		snprintf(a, sizeof a, "-");
	else
		snprintf(a, sizeof a, "%lld flows, %lld events", flows[0],
		    events[0]);
	if (flows[1] < 0)
		snprintf(b, sizeof b, "-");
	else
		snprintf(b, sizeof b, "%lld flows, %lld events", flows[1],
		    events[1]);
	fprintf(f, "  %s: %s -> %s\n", what, a, b);
}

void
plandiff_write_text(FILE *f, const struct plandiff *d)
{
	const struct plandiff_level	*L;
	const struct plandiff_host	*h;
	char				 a[UTIL_TIME_LEN], b[UTIL_TIME_LEN];
	char				 c[UTIL_TIME_LEN], e[UTIL_TIME_LEN];
	size_t				 i;

	plandiff_text_side(f, "old", &d->old);
	plandiff_text_side(f, "new", &d->new);
	if (d->windows_overlap == 0)
		fputs("evidence windows do not overlap: events between them "
		    "were not seen\n", f);
	else if (d->windows_overlap < 0)
		fputs("evidence windows: not known for both plans\n", f);
	for (i = 0; i < d->nlevels; i++) {
		L = &d->levels[i];
		fprintf(f, "\nlevel %s%s%s\n", L->name, L->planned ?
		    " (planned)" : "", !L->in_old ? " (new level)" :
		    !L->in_new ? " (no longer in the plan)" : "");
		fprintf(f, "  verdict: %s -> %s%s\n",
		    plandiff_ready_text(L->ready_old),
		    plandiff_ready_text(L->ready_new),
		    L->ready_old != L->ready_new ? " (changed)" : "");
		plandiff_text_names(f, "new blockers", &L->blockers_added);
		plandiff_text_names(f, "blockers gone", &L->blockers_removed);
		fprintf(f, "  list: %zu -> %zu servers\n", L->list_old.n,
		    L->list_new.n);
		plandiff_text_names(f, "joined the list", &L->joined);
		plandiff_text_names(f, "left the list", &L->left);
		plandiff_text_count(f, "denied before exceptions",
		    L->blocked_flows, L->blocked_events);
		plandiff_text_count(f, "still denied with the lists",
		    L->residual_flows, L->residual_events);
		plandiff_text_names(f, "new accounts", &L->new_accounts);
		plandiff_text_names(f, "new clients", &L->new_clients);
		plandiff_text_names(f, "new processes", &L->new_processes);
	}
	if (d->fixes_compared) {
		fprintf(f, "\nfixes done (ranked before, their flows gone): "
		    "%zu\n", d->nfixes_done);
		for (i = 0; i < d->nfixes_done; i++)
			fprintf(f, "  #%lld %s (%s, %lld events)\n",
			    d->fixes_done[i].rank, d->fixes_done[i].fix,
			    d->fixes_done[i].class != NULL ?
			    d->fixes_done[i].class : "no class",
			    d->fixes_done[i].events);
	} else
		fputs("\nfixes done: not compared (the plans planned "
		    "different levels)\n", f);
	if (d->nhosts > 0)
		fputs("\nlogging hosts:\n", f);
	for (i = 0; i < d->nhosts; i++) {
		h = &d->hosts[i];
		switch (h->change) {
		case PLANDIFF_HOST_GONE:
			fprintf(f, "  %s: in the old plan only (%s .. %s)\n",
			    h->name, plandiff_time_text(h->old_first, a),
			    plandiff_time_text(h->old_last, b));
			break;
		case PLANDIFF_HOST_NEW:
			fprintf(f, "  %s: in the new plan only (%s .. %s)\n",
			    h->name, plandiff_time_text(h->new_first, a),
			    plandiff_time_text(h->new_last, b));
			break;
		case PLANDIFF_HOST_APART:
			fprintf(f, "  %s: windows do not overlap (%s .. %s, "
			    "then %s .. %s)\n", h->name,
			    plandiff_time_text(h->old_first, a),
			    plandiff_time_text(h->old_last, b),
			    plandiff_time_text(h->new_first, c),
			    plandiff_time_text(h->new_last, e));
			break;
		}
	}
	fprintf(f, "\nthe planned level's list %s\n", d->list_grew ?
	    "grew" : "did not grow");
}

static cJSON *
plandiff_json_names(const struct plandiff_names *n)
{
	cJSON	*a = cJSON_CreateArray();
	size_t	 i;

	for (i = 0; i < n->n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(n->v[i]));
	return (a);
}

static void
plandiff_json_time(cJSON *o, const char *name, int64_t t)
{
	char	 buf[UTIL_TIME_LEN];

	if (t == UTIL_TIME_NONE)
		cJSON_AddNullToObject(o, name);
	else
		cJSON_AddStringToObject(o, name, util_time_format(t, buf));
}

static void
plandiff_json_int(cJSON *o, const char *name, long long v)
{
	if (v < 0)
		cJSON_AddNullToObject(o, name);
	else
		cJSON_AddNumberToObject(o, name, (double)v);
}

static void
plandiff_json_ready(cJSON *o, const char *name, int r)
{
	if (r < 0)
		cJSON_AddNullToObject(o, name);
	else
		cJSON_AddBoolToObject(o, name, r);
}

static cJSON *
plandiff_json_side(const struct plandiff_side *s)
{
	cJSON	*o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "path", s->path);
	plandiff_json_int(o, "format_version", s->format_version);
	plandiff_json_time(o, "plan_time", s->plan_time);
	cJSON_AddBoolToObject(o, "plan_time_is_generated", s->time_generated);
	if (s->level != NULL)
		cJSON_AddStringToObject(o, "level", s->level);
	else
		cJSON_AddNullToObject(o, "level");
	plandiff_json_time(o, "first_seen", s->first_seen);
	plandiff_json_time(o, "last_seen", s->last_seen);
	return (o);
}

void
plandiff_write_json(FILE *f, const struct plandiff *d)
{
	const struct plandiff_level	*L;
	const struct plandiff_host	*h;
	cJSON				*root, *arr, *o;
	char				*s;
	size_t				 i;

	root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "format", "ntlmplan-diff");
	cJSON_AddNumberToObject(root, "format_version", 1);
	cJSON_AddItemToObject(root, "old", plandiff_json_side(&d->old));
	cJSON_AddItemToObject(root, "new", plandiff_json_side(&d->new));
	if (d->windows_overlap < 0)
		cJSON_AddNullToObject(root, "windows_overlap");
	else
		cJSON_AddBoolToObject(root, "windows_overlap",
		    d->windows_overlap);
	cJSON_AddBoolToObject(root, "list_grew", d->list_grew);
	arr = cJSON_AddArrayToObject(root, "levels");
	for (i = 0; i < d->nlevels; i++) {
		L = &d->levels[i];
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "name", L->name);
		cJSON_AddBoolToObject(o, "planned", L->planned);
		cJSON_AddBoolToObject(o, "in_old", L->in_old);
		cJSON_AddBoolToObject(o, "in_new", L->in_new);
		plandiff_json_ready(o, "ready_old", L->ready_old);
		plandiff_json_ready(o, "ready_new", L->ready_new);
		cJSON_AddItemToObject(o, "blockers_added",
		    plandiff_json_names(&L->blockers_added));
		cJSON_AddItemToObject(o, "blockers_removed",
		    plandiff_json_names(&L->blockers_removed));
		cJSON_AddNumberToObject(o, "list_old", (double)L->list_old.n);
		cJSON_AddNumberToObject(o, "list_new", (double)L->list_new.n);
		cJSON_AddItemToObject(o, "joined",
		    plandiff_json_names(&L->joined));
		cJSON_AddItemToObject(o, "left", plandiff_json_names(&L->left));
		plandiff_json_int(o, "blocked_flows_old", L->blocked_flows[0]);
		plandiff_json_int(o, "blocked_flows_new", L->blocked_flows[1]);
		plandiff_json_int(o, "blocked_events_old",
		    L->blocked_events[0]);
		plandiff_json_int(o, "blocked_events_new",
		    L->blocked_events[1]);
		plandiff_json_int(o, "residual_flows_old",
		    L->residual_flows[0]);
		plandiff_json_int(o, "residual_flows_new",
		    L->residual_flows[1]);
		plandiff_json_int(o, "residual_events_old",
		    L->residual_events[0]);
		plandiff_json_int(o, "residual_events_new",
		    L->residual_events[1]);
		cJSON_AddItemToObject(o, "new_accounts",
		    plandiff_json_names(&L->new_accounts));
		cJSON_AddItemToObject(o, "new_clients",
		    plandiff_json_names(&L->new_clients));
		cJSON_AddItemToObject(o, "new_processes",
		    plandiff_json_names(&L->new_processes));
		cJSON_AddItemToArray(arr, o);
	}
	cJSON_AddBoolToObject(root, "fixes_compared", d->fixes_compared);
	arr = cJSON_AddArrayToObject(root, "fixes_done");
	for (i = 0; i < d->nfixes_done; i++) {
		o = cJSON_CreateObject();
		plandiff_json_int(o, "rank", d->fixes_done[i].rank);
		cJSON_AddStringToObject(o, "fix", d->fixes_done[i].fix);
		if (d->fixes_done[i].class != NULL)
			cJSON_AddStringToObject(o, "class",
			    d->fixes_done[i].class);
		else
			cJSON_AddNullToObject(o, "class");
		plandiff_json_int(o, "events", d->fixes_done[i].events);
		cJSON_AddItemToArray(arr, o);
	}
	arr = cJSON_AddArrayToObject(root, "hosts");
	for (i = 0; i < d->nhosts; i++) {
		h = &d->hosts[i];
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "name", h->name);
		cJSON_AddStringToObject(o, "change",
		    plandiff_host_code(h->change));
		plandiff_json_time(o, "old_first", h->old_first);
		plandiff_json_time(o, "old_last", h->old_last);
		plandiff_json_time(o, "new_first", h->new_first);
		plandiff_json_time(o, "new_last", h->new_last);
		cJSON_AddItemToArray(arr, o);
	}
	if ((s = cJSON_Print(root)) == NULL)
		fatalx("out of memory writing JSON");
	fputs(s, f);
	putc('\n', f);
	free(s);
	cJSON_Delete(root);
}
