/*
 * flows.c: the flow table, its canonical order, and the flow file.
 *
 * Flows live in one array indexed by an open-addressing hash on the
 * case-folded key; strings are interned in the table's pool.  The file is
 * written by hand, one source or flow per line, and read back by a small
 * scanner that hands each array element to cJSON on its own, so that loading
 * a million flows never builds a million-node tree.
 */
#include "config.h"

#include <sys/mman.h>
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "event.h"
#include "flows.h"
#include "intern.h"
#include "jsonarena.h"
#include "jsonscan.h"
#include "util.h"
#include "xmalloc.h"

struct flows {
	struct flow	 *flows;	/* owned array */
	size_t		  nflows;
	size_t		  aflows;
	uint32_t	 *slots;	/* index + 1, 0 empty */
	size_t		  nslots;
	struct source	**sources;	/* owned */
	size_t		  nsources;
	struct intern	 *pool;
};

struct flows *
flows_create(void)
{
	struct flows	*fl;

	fl = xcalloc(1, sizeof *fl);
	fl->nslots = 1024;
	fl->slots = xcalloc(fl->nslots, sizeof *fl->slots);
	fl->pool = intern_create();
	return (fl);
}

static void
flows_source_free(struct source *src)
{
	size_t	i;

	for (i = 0; i < src->nlogged_by; i++)
		free(src->logged_by[i]);
	free(src->logged_by);
	free(src->path);
	free(src);
}

void
flows_free(struct flows *fl)
{
	size_t	i;

	if (fl == NULL)
		return;
	for (i = 0; i < fl->nsources; i++)
		flows_source_free(fl->sources[i]);
	free(fl->sources);
	free(fl->flows);
	free(fl->slots);
	intern_free(fl->pool);
	free(fl);
}

struct source *
flows_add_source(struct flows *fl, const char *path)
{
	struct source	*src;

	src = xcalloc(1, sizeof *src);
	src->path = xstrdup(path);
	src->first_seen = src->last_seen = FLOWS_TIME_NONE;
	fl->sources = xreallocarray(fl->sources, fl->nsources + 1,
	    sizeof *fl->sources);
	fl->sources[fl->nsources++] = src;
	return (src);
}

void
flows_source_logged_by(struct source *src, const char *host)
{
	size_t	lo = 0, hi = src->nlogged_by, mid;
	int	c;

	if (host == NULL)
		return;
	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = strcasecmp(host, src->logged_by[mid]);
		if (c == 0)
			return;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	src->logged_by = xreallocarray(src->logged_by, src->nlogged_by + 1,
	    sizeof *src->logged_by);
	memmove(src->logged_by + lo + 1, src->logged_by + lo,
	    (src->nlogged_by - lo) * sizeof *src->logged_by);
	src->logged_by[lo] = xstrdup(host);
	src->nlogged_by++;
}

static uint64_t
flows_hash_str(uint64_t h, const char *s, int fold)
{
	if (s == NULL)
		return ((h ^ 0xff) * UINT64_C(1099511628211));
	for (; *s != '\0'; s++) {
		h ^= fold ? (unsigned char)tolower((unsigned char)*s) :
		    (unsigned char)*s;
		h *= UINT64_C(1099511628211);
	}
	h ^= 0xfe;
	return (h * UINT64_C(1099511628211));
}

static uint64_t
flows_hash_int(uint64_t h, long long v)
{
	h ^= (uint64_t)v;
	return (h * UINT64_C(1099511628211));
}

static uint64_t
flows_hash(const struct flow_key *k)
{
	uint64_t	h = UINT64_C(14695981039346656037);

	h = flows_hash_int(h, k->event_id);
	h = flows_hash_str(h, k->logged_by, 1);
	h = flows_hash_str(h, k->server, 1);
	h = flows_hash_str(h, k->domain, 1);
	h = flows_hash_str(h, k->user, 1);
	h = flows_hash_str(h, k->workstation, 1);
	h = flows_hash_str(h, k->process, 0);
	h = flows_hash_int(h, k->logon_type);
	h = flows_hash_str(h, k->mechanism, 0);
	h = flows_hash_int(h, k->in_proc);
	h = flows_hash_int(h, k->schannel_type);
	return (h);
}

static int
flows_key_equal(const struct flow_key *a, const struct flow_key *b)
{
	return (a->event_id == b->event_id &&
	    a->logon_type == b->logon_type &&
	    a->in_proc == b->in_proc &&
	    a->schannel_type == b->schannel_type &&
	    util_strcasecmp_null(a->server, b->server) == 0 &&
	    util_strcasecmp_null(a->user, b->user) == 0 &&
	    util_strcasecmp_null(a->domain, b->domain) == 0 &&
	    util_strcasecmp_null(a->logged_by, b->logged_by) == 0 &&
	    util_strcasecmp_null(a->workstation, b->workstation) == 0 &&
	    util_strcmp_null(a->process, b->process) == 0 &&
	    util_strcmp_null(a->mechanism, b->mechanism) == 0);
}

/* Bytewise order of the spellings: the tie-break between equal times. */
static int
flows_spelling_compare(const struct flow_key *a, const struct flow_key *b)
{
	int	c;

	if ((c = util_strcmp_null(a->logged_by, b->logged_by)) != 0)
		return (c);
	if ((c = util_strcmp_null(a->server, b->server)) != 0)
		return (c);
	if ((c = util_strcmp_null(a->domain, b->domain)) != 0)
		return (c);
	if ((c = util_strcmp_null(a->user, b->user)) != 0)
		return (c);
	return (util_strcmp_null(a->workstation, b->workstation));
}

static void
flows_intern_key(struct flows *fl, struct flow_key *dst,
    const struct flow_key *src)
{
	*dst = *src;
	dst->logged_by = intern_get(fl->pool, src->logged_by);
	dst->server = intern_get(fl->pool, src->server);
	dst->domain = intern_get(fl->pool, src->domain);
	dst->user = intern_get(fl->pool, src->user);
	dst->workstation = intern_get(fl->pool, src->workstation);
	dst->process = intern_get(fl->pool, src->process);
	dst->mechanism = intern_get(fl->pool, src->mechanism);
}

static void
flows_grow(struct flows *fl)
{
	size_t	i, j, mask;

	free(fl->slots);
	fl->nslots *= 2;
	fl->slots = xcalloc(fl->nslots, sizeof *fl->slots);
	mask = fl->nslots - 1;
	for (i = 0; i < fl->nflows; i++) {
		j = flows_hash(&fl->flows[i].key) & mask;
		while (fl->slots[j] != 0)
			j = (j + 1) & mask;
		fl->slots[j] = (uint32_t)(i + 1);
	}
}

void
flows_add_flow(struct flows *fl, const struct flow_key *key, uint64_t count,
    int64_t first, int64_t last)
{
	struct flow	*f;
	size_t		 i, mask;

	if ((fl->nflows + 1) * 2 > fl->nslots)
		flows_grow(fl);
	mask = fl->nslots - 1;
	i = flows_hash(key) & mask;
	while (fl->slots[i] != 0) {
		f = &fl->flows[fl->slots[i] - 1];
		if (flows_key_equal(&f->key, key)) {
			if (first < f->first_seen || (first == f->first_seen &&
			    flows_spelling_compare(key, &f->key) < 0))
				flows_intern_key(fl, &f->key, key);
			f->count = util_count_add(f->count, count);
			if (first != FLOWS_TIME_NONE &&
			    (f->first_seen == FLOWS_TIME_NONE ||
			    first < f->first_seen))
				f->first_seen = first;
			if (last > f->last_seen)
				f->last_seen = last;
			return;
		}
		i = (i + 1) & mask;
	}
	if (fl->nflows >= UINT32_MAX - 1)
		fatalx("too many flows");
	if (fl->nflows == fl->aflows) {
		fl->aflows = fl->aflows == 0 ? 256 : fl->aflows * 2;
		fl->flows = xreallocarray(fl->flows, fl->aflows,
		    sizeof *fl->flows);
	}
	f = &fl->flows[fl->nflows];
	flows_intern_key(fl, &f->key, key);
	f->count = count > UTIL_COUNT_MAX ? UTIL_COUNT_MAX : count;
	f->first_seen = first;
	f->last_seen = last;
	fl->slots[i] = (uint32_t)++fl->nflows;
}

static const char *
flows_field(const struct event *ev, int i)
{
	if (i < 0 || i >= ev->nfields || util_is_null_value(ev->fields[i]))
		return (NULL);
	return (ev->fields[i]);
}

static long long
flows_number(const char *s)
{
	long long	v;

	if (s == NULL || util_strtonum(s, 0, INT_MAX, &v) != 0)
		return (-1);
	return (v);
}

static int
flows_bool(const char *s)
{
	if (s == NULL)
		return (-1);
	if (strcasecmp(s, "true") == 0 || strcmp(s, "1") == 0)
		return (1);
	if (strcasecmp(s, "false") == 0 || strcmp(s, "0") == 0)
		return (0);
	return (-1);
}

int
flows_add_event(struct flows *fl, struct source *src, const struct event *ev)
{
	struct flow_key	 k;
	const char	*ws;

	memset(&k, 0, sizeof k);
	k.event_id = ev->id;
	k.logged_by = util_is_null_value(ev->computer) ? NULL : ev->computer;
	k.logon_type = -1;
	k.in_proc = -1;
	k.schannel_type = -1;
	switch (ev->id) {
	case 8001:
	case 4001:
		k.server = flows_field(ev, 0);
		k.user = flows_field(ev, 1);
		k.domain = flows_field(ev, 2);
		k.process = flows_field(ev, 4);
		k.mechanism = flows_field(ev, 8);
		break;
	case 8002:
	case 4002:
		k.server = k.logged_by;
		k.process = flows_field(ev, 1);
		k.user = flows_field(ev, 3);
		k.domain = flows_field(ev, 4);
		k.mechanism = flows_field(ev, 5);
		break;
	case 8003:
	case 4003:
		k.server = k.logged_by;
		k.user = flows_field(ev, 0);
		k.domain = flows_field(ev, 1);
		k.workstation = flows_field(ev, 2);
		k.process = flows_field(ev, 4);
		k.logon_type = flows_number(flows_field(ev, 5));
		k.in_proc = flows_bool(flows_field(ev, 6));
		k.mechanism = flows_field(ev, 7);
		break;
	case 8004:
	case 4004:
		k.server = flows_field(ev, 0);
		k.user = flows_field(ev, 1);
		k.domain = flows_field(ev, 2);
		k.workstation = flows_field(ev, 3);
		k.schannel_type = (int)flows_number(flows_field(ev, 4));
		break;
	default:
		return (-1);
	}
	if ((ws = k.workstation) != NULL) {
		while (*ws == '\\')
			ws++;
		k.workstation = util_is_null_value(ws) ? NULL : ws;
	}
	flows_add_flow(fl, &k, 1, ev->time, ev->time);
	src->used++;
	if (src->first_seen == FLOWS_TIME_NONE || ev->time < src->first_seen)
		src->first_seen = ev->time;
	if (src->last_seen == FLOWS_TIME_NONE || ev->time > src->last_seen)
		src->last_seen = ev->time;
	flows_source_logged_by(src, k.logged_by);
	return (0);
}

void
flows_merge(struct flows *dst, struct flows *src)
{
	size_t	i;

	for (i = 0; i < src->nflows; i++) {
		flows_add_flow(dst, &src->flows[i].key, src->flows[i].count,
		    src->flows[i].first_seen, src->flows[i].last_seen);
	}
	if (src->nsources > 0) {
		dst->sources = xreallocarray(dst->sources,
		    dst->nsources + src->nsources, sizeof *dst->sources);
		memcpy(dst->sources + dst->nsources, src->sources,
		    src->nsources * sizeof *src->sources);
		dst->nsources += src->nsources;
	}
	src->nsources = 0;
	src->nflows = 0;
	memset(src->slots, 0, src->nslots * sizeof *src->slots);
}

static int
flows_int_compare(long long a, long long b)
{
	return ((a > b) - (a < b));
}

int
flows_compare(const struct flow *fa, const struct flow *fb)
{
	const struct flow_key	*a = &fa->key, *b = &fb->key;
	int			 c;

	if ((c = util_strcasecmp_null(a->server, b->server)) != 0 ||
	    (c = util_strcasecmp_null(a->domain, b->domain)) != 0 ||
	    (c = util_strcasecmp_null(a->user, b->user)) != 0 ||
	    (c = flows_int_compare(a->event_id, b->event_id)) != 0 ||
	    (c = util_strcasecmp_null(a->logged_by, b->logged_by)) != 0 ||
	    (c = util_strcasecmp_null(a->workstation, b->workstation)) != 0 ||
	    (c = util_strcmp_null(a->process, b->process)) != 0 ||
	    (c = flows_int_compare(a->logon_type, b->logon_type)) != 0 ||
	    (c = util_strcmp_null(a->mechanism, b->mechanism)) != 0 ||
	    (c = flows_int_compare(a->in_proc, b->in_proc)) != 0 ||
	    (c = flows_int_compare(a->schannel_type, b->schannel_type)) != 0)
		return (c);
	return (0);
}

static int
flows_qsort_compare(const void *a, const void *b)
{
	return (flows_compare(a, b));
}

static int
flows_source_compare(const void *va, const void *vb)
{
	const struct source	*a = *(struct source *const *)va;
	const struct source	*b = *(struct source *const *)vb;
	size_t			 i;
	int			 c;

	if ((c = strcmp(a->path, b->path)) != 0 ||
	    (c = flows_int_compare((long long)a->records,
	    (long long)b->records)) != 0 ||
	    (c = flows_int_compare((long long)a->used,
	    (long long)b->used)) != 0 ||
	    (c = flows_int_compare((long long)a->skipped,
	    (long long)b->skipped)) != 0 ||
	    (c = flows_int_compare((long long)a->unreadable,
	    (long long)b->unreadable)) != 0 ||
	    (c = flows_int_compare(a->first_seen, b->first_seen)) != 0 ||
	    (c = flows_int_compare(a->last_seen, b->last_seen)) != 0)
		return (c);
	for (i = 0; i < a->nlogged_by && i < b->nlogged_by; i++) {
		if ((c = strcmp(a->logged_by[i], b->logged_by[i])) != 0)
			return (c);
	}
	return (flows_int_compare((long long)a->nlogged_by,
	    (long long)b->nlogged_by));
}

void
flows_sort(struct flows *fl)
{
	/* qsort(NULL, 0, ...) is undefined: a file without flows. */
	if (fl->nflows > 0)
		qsort(fl->flows, fl->nflows, sizeof *fl->flows,
		    flows_qsort_compare);
	/* The order changed: rebuild the index. */
	fl->nslots /= 2;
	flows_grow(fl);
	if (fl->nsources > 0)
		qsort(fl->sources, fl->nsources, sizeof *fl->sources,
		    flows_source_compare);
}

size_t
flows_count(const struct flows *fl)
{
	return (fl->nflows);
}

struct flow *
flows_flow(const struct flows *fl, size_t i)
{
	return (i < fl->nflows ? &fl->flows[i] : NULL);
}

size_t
flows_source_count(const struct flows *fl)
{
	return (fl->nsources);
}

struct source *
flows_source(const struct flows *fl, size_t i)
{
	return (i < fl->nsources ? fl->sources[i] : NULL);
}

uint64_t
flows_events(const struct flows *fl)
{
	uint64_t	n = 0;
	size_t		i;

	for (i = 0; i < fl->nflows; i++)
		n = util_count_add(n, fl->flows[i].count);
	return (n);
}

static int
flows_host_compare(const void *a, const void *b)
{
	const struct flows_host	*ha = a, *hb = b;

	return (util_strcasecmp_null(ha->name, hb->name));
}

size_t
flows_hosts(const struct flows *fl, struct flows_host **out)
{
	struct flows_host	*h;
	size_t			 i, n = 0;

	h = xcalloc(fl->nflows + 1, sizeof *h);
	for (i = 0; i < fl->nflows; i++) {
		h[i].name = fl->flows[i].key.logged_by;
		h[i].events = fl->flows[i].count;
		h[i].first_seen = fl->flows[i].first_seen;
		h[i].last_seen = fl->flows[i].last_seen;
	}
	qsort(h, fl->nflows, sizeof *h, flows_host_compare);
	for (i = 0; i < fl->nflows; i++) {
		if (n > 0 && util_strcasecmp_null(h[n - 1].name,
		    h[i].name) == 0) {
			h[n - 1].events = util_count_add(h[n - 1].events,
			    h[i].events);
			if (h[i].first_seen != FLOWS_TIME_NONE &&
			    (h[n - 1].first_seen == FLOWS_TIME_NONE ||
			    h[i].first_seen < h[n - 1].first_seen))
				h[n - 1].first_seen = h[i].first_seen;
			if (h[i].last_seen > h[n - 1].last_seen)
				h[n - 1].last_seen = h[i].last_seen;
		} else
			h[n++] = h[i];
	}
	*out = h;
	return (n);
}

static void
flows_write_int(FILE *f, long long v)
{
	if (v < 0)
		fputs("null", f);
	else
		fprintf(f, "%lld", v);
}

void
flows_save(struct flows *fl, FILE *f)
{
	struct source	*src;
	struct flow	*fw;
	size_t		 i, j;

	flows_sort(fl);
	fprintf(f, "{\"format\": \"%s\", \"version\": %d,\n \"sources\": [",
	    FLOWS_FORMAT, FLOWS_VERSION);
	for (i = 0; i < fl->nsources; i++) {
		src = fl->sources[i];
		fputs(i == 0 ? "\n  {\"path\": " : ",\n  {\"path\": ", f);
		util_json_string(f, src->path);
		fprintf(f, ", \"records\": %" PRIu64 ", \"used\": %" PRIu64
		    ", \"skipped\": %" PRIu64 ", \"unreadable\": %" PRIu64
		    ", \"first_seen\": ", src->records, src->used, src->skipped,
		    src->unreadable);
		util_json_time(f, src->first_seen);
		fputs(", \"last_seen\": ", f);
		util_json_time(f, src->last_seen);
		fputs(", \"logged_by\": [", f);
		for (j = 0; j < src->nlogged_by; j++) {
			if (j > 0)
				fputs(", ", f);
			util_json_string(f, src->logged_by[j]);
		}
		fputs("]}", f);
	}
	fputs(fl->nsources == 0 ? "],\n \"flows\": [" : "\n ],\n \"flows\": [",
	    f);
	for (i = 0; i < fl->nflows; i++) {
		fw = &fl->flows[i];
		fprintf(f, "%s{\"event_id\": %d, \"logged_by\": ",
		    i == 0 ? "\n  " : ",\n  ", fw->key.event_id);
		util_json_string(f, fw->key.logged_by);
		fputs(", \"server\": ", f);
		util_json_string(f, fw->key.server);
		fputs(", \"domain\": ", f);
		util_json_string(f, fw->key.domain);
		fputs(", \"user\": ", f);
		util_json_string(f, fw->key.user);
		fputs(", \"workstation\": ", f);
		util_json_string(f, fw->key.workstation);
		fputs(", \"process\": ", f);
		util_json_string(f, fw->key.process);
		fputs(", \"logon_type\": ", f);
		flows_write_int(f, fw->key.logon_type);
		fputs(", \"mechanism\": ", f);
		util_json_string(f, fw->key.mechanism);
		fputs(", \"in_proc\": ", f);
		fputs(fw->key.in_proc < 0 ? "null" :
		    fw->key.in_proc ? "true" : "false", f);
		fputs(", \"schannel_type\": ", f);
		flows_write_int(f, fw->key.schannel_type);
		fprintf(f, ", \"count\": %" PRIu64 ", \"first_seen\": ",
		    fw->count);
		util_json_time(f, fw->first_seen);
		fputs(", \"last_seen\": ", f);
		util_json_time(f, fw->last_seen);
		putc('}', f);
	}
	fputs(fl->nflows == 0 ? "]}\n" : "\n ]}\n", f);
}

/*
 * Loading.  The scanner walks the top-level object by hand and parses each
 * member value (and each element of "sources" and "flows") with cJSON.
 */

struct flows_scan {
	const char	*path;
	const char	*buf;
	size_t		 len;
	size_t		 pos;
	char		*cause;
};

static int
flows_scan_error(struct flows_scan *s, size_t at, const char *msg)
{
	size_t	line, col;

	if (s->cause != NULL)
		return (-1);
	jsonscan_position(s->buf, at < s->len ? at : s->len, &line, &col);
	xasprintf(&s->cause, "%s:%zu:%zu: %s", s->path, line, col, msg);
	return (-1);
}

static void
flows_scan_space(struct flows_scan *s)
{
	while (s->pos < s->len && (s->buf[s->pos] == ' ' ||
	    s->buf[s->pos] == '\t' || s->buf[s->pos] == '\n' ||
	    s->buf[s->pos] == '\r'))
		s->pos++;
}

/*
 * Parse the value at s->pos with cJSON, which says where it ended.  The
 * previous value must have been deleted: its memory is the arena's.
 */
static cJSON *
flows_scan_parse(struct flows_scan *s)
{
	const char	*errp = NULL;
	cJSON		*j;

	flows_scan_space(s);
	jsonarena_reset();
	j = cJSON_ParseWithLengthOpts(s->buf + s->pos, s->len - s->pos, &errp,
	    0);
	if (j == NULL) {
		flows_scan_error(s, errp != NULL && errp >= s->buf ?
		    (size_t)(errp - s->buf) : s->pos, s->pos >= s->len ?
		    "unexpected end of file" : "invalid JSON");
		return (NULL);
	}
	s->pos = (size_t)(errp - s->buf);
	return (j);
}

/* True if the counts of all flows add up to more than UTIL_COUNT_MAX. */
static int
flows_total_over(const struct flows *fl)
{
	uint64_t	n = 0;
	size_t		i;

	for (i = 0; i < fl->nflows; i++) {
		if (fl->flows[i].count > UTIL_COUNT_MAX - n)
			return (1);
		n += fl->flows[i].count;
	}
	return (0);
}

static int
flows_json_string(cJSON *o, const char *name, const char **out)
{
	cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, name);

	if (v == NULL || cJSON_IsNull(v)) {
		*out = NULL;
		return (0);
	}
	if (!cJSON_IsString(v))
		return (-1);
	*out = v->valuestring;
	return (0);
}

static int
flows_json_uint(cJSON *o, const char *name, int nullable, long long max,
    long long *out)
{
	cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, name);
	double	 d;

	if (nullable && (v == NULL || cJSON_IsNull(v))) {
		*out = -1;
		return (0);
	}
	if (!cJSON_IsNumber(v))
		return (-1);
	/*
	 * cJSON reads numbers as doubles: range-check before the cast (1e30
	 * or 2^63 do not fit), and refuse what a double does not hold
	 * exactly (above UTIL_COUNT_MAX, which ntlmplan never writes).
	 */
	d = v->valuedouble;
	if (!(d >= 0 && d <= (double)UTIL_COUNT_MAX) || d > (double)max ||
	    d != (double)(long long)d)
		return (-1);
	*out = (long long)d;
	return (0);
}

static int
flows_json_time(cJSON *o, const char *name, int64_t *out)
{
	cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, name);

	if (v == NULL || cJSON_IsNull(v)) {
		*out = FLOWS_TIME_NONE;
		return (0);
	}
	if (!cJSON_IsString(v) || util_time_parse(v->valuestring, out) != 0)
		return (-1);
	return (0);
}

static int
flows_load_source(struct flows *fl, struct flows_scan *s, size_t at, cJSON *o)
{
	struct source	*src;
	const char	*path;
	long long	 n[4];
	int64_t		 first, last;
	cJSON		*lb, *h;

	if (!cJSON_IsObject(o) || flows_json_string(o, "path", &path) != 0 ||
	    path == NULL ||
	    flows_json_uint(o, "records", 0, INT64_MAX, &n[0]) != 0 ||
	    flows_json_uint(o, "used", 0, INT64_MAX, &n[1]) != 0 ||
	    flows_json_uint(o, "skipped", 0, INT64_MAX, &n[2]) != 0 ||
	    flows_json_uint(o, "unreadable", 0, INT64_MAX, &n[3]) != 0 ||
	    flows_json_time(o, "first_seen", &first) != 0 ||
	    flows_json_time(o, "last_seen", &last) != 0)
		return (flows_scan_error(s, at, "invalid source entry"));
	if ((first == FLOWS_TIME_NONE) != (last == FLOWS_TIME_NONE) ||
	    first > last)
		return (flows_scan_error(s, at, "invalid source entry: "
		    "first_seen and last_seen do not make a time span"));
	lb = cJSON_GetObjectItemCaseSensitive(o, "logged_by");
	if (lb != NULL && !cJSON_IsArray(lb) && !cJSON_IsNull(lb))
		return (flows_scan_error(s, at, "invalid logged_by"));
	src = flows_add_source(fl, path);
	src->records = (uint64_t)n[0];
	src->used = (uint64_t)n[1];
	src->skipped = (uint64_t)n[2];
	src->unreadable = (uint64_t)n[3];
	src->first_seen = first;
	src->last_seen = last;
	cJSON_ArrayForEach(h, lb) {
		if (!cJSON_IsString(h))
			return (flows_scan_error(s, at, "invalid logged_by"));
		flows_source_logged_by(src, h->valuestring);
	}
	return (0);
}

static int
flows_load_flow(struct flows *fl, struct flows_scan *s, size_t at, cJSON *o)
{
	struct flow_key	 k;
	long long	 id, count, st, ip;
	int64_t		 first, last;
	cJSON		*v;

	memset(&k, 0, sizeof k);
	if (!cJSON_IsObject(o) ||
	    flows_json_uint(o, "event_id", 0, 65535, &id) != 0 ||
	    flows_json_string(o, "logged_by", &k.logged_by) != 0 ||
	    flows_json_string(o, "server", &k.server) != 0 ||
	    flows_json_string(o, "domain", &k.domain) != 0 ||
	    flows_json_string(o, "user", &k.user) != 0 ||
	    flows_json_string(o, "workstation", &k.workstation) != 0 ||
	    flows_json_string(o, "process", &k.process) != 0 ||
	    flows_json_uint(o, "logon_type", 1, INT_MAX, &k.logon_type) != 0 ||
	    flows_json_string(o, "mechanism", &k.mechanism) != 0 ||
	    flows_json_uint(o, "schannel_type", 1, INT_MAX, &st) != 0 ||
	    flows_json_uint(o, "count", 0, INT64_MAX, &count) != 0 ||
	    count == 0 ||
	    flows_json_time(o, "first_seen", &first) != 0 ||
	    flows_json_time(o, "last_seen", &last) != 0)
		return (flows_scan_error(s, at, "invalid flow entry"));
	if ((first == FLOWS_TIME_NONE) != (last == FLOWS_TIME_NONE) ||
	    first > last)
		return (flows_scan_error(s, at, "invalid flow entry: "
		    "first_seen and last_seen do not make a time span"));
	v = cJSON_GetObjectItemCaseSensitive(o, "in_proc");
	if (v == NULL || cJSON_IsNull(v))
		ip = -1;
	else if (cJSON_IsBool(v))
		ip = cJSON_IsTrue(v);
	else
		return (flows_scan_error(s, at, "invalid flow entry: in_proc"));
	if (!event_id_known((int)id))
		return (flows_scan_error(s, at, "flow with an unknown event_id"));
	k.event_id = (int)id;
	k.in_proc = (int)ip;
	k.schannel_type = (int)st;
	flows_add_flow(fl, &k, (uint64_t)count, first, last);
	return (0);
}

static int
flows_load_array(struct flows *fl, struct flows_scan *s, int is_flows)
{
	size_t	 at;
	cJSON	*o;
	int	 error;

	flows_scan_space(s);
	if (s->pos >= s->len || s->buf[s->pos] != '[')
		return (flows_scan_error(s, s->pos, "expected an array"));
	s->pos++;
	flows_scan_space(s);
	if (s->pos < s->len && s->buf[s->pos] == ']') {
		s->pos++;
		return (0);
	}
	for (;;) {
		flows_scan_space(s);
		at = s->pos;
		if ((o = flows_scan_parse(s)) == NULL)
			return (-1);
		if (is_flows)
			error = flows_load_flow(fl, s, at, o);
		else
			error = flows_load_source(fl, s, at, o);
		cJSON_Delete(o);
		if (error != 0)
			return (-1);
		flows_scan_space(s);
		if (s->pos < s->len && s->buf[s->pos] == ',') {
			s->pos++;
			continue;
		}
		if (s->pos < s->len && s->buf[s->pos] == ']') {
			s->pos++;
			return (0);
		}
		return (flows_scan_error(s, s->pos, "expected ',' or ']'"));
	}
}

static int
flows_load_buffer(struct flows *fl, struct flows_scan *s)
{
	cJSON		*key, *v;
	int		 seen_format = 0;
	size_t		 at;
	char		*name;

	flows_scan_space(s);
	if (s->pos >= s->len || s->buf[s->pos] != '{')
		return (flows_scan_error(s, s->pos,
		    "not a flow file (expected '{')"));
	s->pos++;
	for (;;) {
		flows_scan_space(s);
		if (s->pos < s->len && s->buf[s->pos] == '}')
			break;
		at = s->pos;
		if ((key = flows_scan_parse(s)) == NULL)
			return (-1);
		if (!cJSON_IsString(key)) {
			cJSON_Delete(key);
			return (flows_scan_error(s, at, "expected a member name"));
		}
		name = xstrdup(key->valuestring);
		cJSON_Delete(key);
		flows_scan_space(s);
		if (s->pos >= s->len || s->buf[s->pos] != ':') {
			free(name);
			return (flows_scan_error(s, s->pos, "expected ':'"));
		}
		s->pos++;
		if (strcmp(name, "sources") == 0 || strcmp(name, "flows") == 0) {
			if (!seen_format) {
				free(name);
				return (flows_scan_error(s, at,
				    "not a flow file (no format member first)"));
			}
			if (flows_load_array(fl, s, name[0] == 'f') != 0) {
				free(name);
				return (-1);
			}
		} else {
			flows_scan_space(s);
			at = s->pos;
			if ((v = flows_scan_parse(s)) == NULL) {
				free(name);
				return (-1);
			}
			if (strcmp(name, "format") == 0) {
				if (!cJSON_IsString(v) || strcmp(v->valuestring,
				    FLOWS_FORMAT) != 0) {
					cJSON_Delete(v);
					free(name);
					return (flows_scan_error(s, at,
					    "not a flow file (format is not "
					    "\"" FLOWS_FORMAT "\")"));
				}
				seen_format = 1;
			} else if (strcmp(name, "version") == 0) {
				if (!cJSON_IsNumber(v) ||
				    v->valuedouble != FLOWS_VERSION) {
					cJSON_Delete(v);
					free(name);
					return (flows_scan_error(s, at,
					    "unsupported flow file version"));
				}
			}
			cJSON_Delete(v);
		}
		free(name);
		flows_scan_space(s);
		if (s->pos < s->len && s->buf[s->pos] == ',') {
			s->pos++;
			continue;
		}
		if (s->pos < s->len && s->buf[s->pos] == '}')
			break;
		return (flows_scan_error(s, s->pos, "expected ',' or '}'"));
	}
	s->pos++;
	flows_scan_space(s);
	if (s->pos != s->len)
		return (flows_scan_error(s, s->pos, "trailing data"));
	return (0);
}

int
flows_load(struct flows *fl, const char *path, char **cause)
{
	struct flows_scan	 s;
	struct stat		 st;
	char			*buf = NULL;
	void			*map = NULL;
	size_t			 len = 0, alloc = 0;
	ssize_t			 n;
	int			 fd, error;

	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY)) == -1) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return (-1);
	}
	if (fd != STDIN_FILENO && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size > 0) {
		len = (size_t)st.st_size;
		map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
		if (map == MAP_FAILED) {
			xasprintf(cause, "%s: %s", path, strerror(errno));
			close(fd);
			return (-1);
		}
		buf = map;
	} else {
		for (;;) {
			if (len == alloc) {
				alloc = alloc == 0 ? 65536 : alloc * 2;
				buf = xreallocarray(buf, alloc, 1);
			}
			n = read(fd, buf + len, alloc - len);
			if (n == -1 && errno == EINTR)
				continue;
			if (n == -1) {
				xasprintf(cause, "%s: %s", path,
				    strerror(errno));
				free(buf);
				if (fd != STDIN_FILENO)
					close(fd);
				return (-1);
			}
			if (n == 0)
				break;
			len += (size_t)n;
		}
	}
	memset(&s, 0, sizeof s);
	s.path = path;
	s.buf = buf;
	s.len = len;
	jsonarena_begin();
	error = flows_load_buffer(fl, &s);
	jsonarena_end();
	if (map != NULL)
		munmap(map, len);
	else
		free(buf);
	if (fd != STDIN_FILENO)
		close(fd);
	if (error != 0) {
		*cause = s.cause;
		return (-1);
	}
	if (flows_total_over(fl)) {
		/* Then no sum of counts made from these flows can wrap. */
		xasprintf(cause, "%s: more than %" PRIu64 " events in the "
		    "flows loaded", path, UTIL_COUNT_MAX);
		return (-1);
	}
	return (0);
}
