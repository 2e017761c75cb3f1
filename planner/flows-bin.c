/*
 * flows-bin.c: the binary flow file, ntlmplan-flows(5) BINARY FORM: the
 * same table as the JSON form, for machines.
 *
 * Little-endian throughout: a header ("NTLMFLOW", version, flags), the
 * sources, logs, overlaps and flows as records whose strings are numbers
 * in a string table (0: null), then the string table, then a trailer
 * (the table's offset and "FLOWSEND").  A flow is a fixed record of
 * FLOWS_BIN_FLOW bytes, followed by its profile's cells when it has one.
 * Loading checks what the JSON form checks, value by value, and builds the
 * table through the same functions of flows.h: a merge of binary and JSON
 * inputs gives the same flows.  A damaged file is refused with its offset.
 */
#include "config.h"

#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "flows.h"
#include "util.h"
#include "xmalloc.h"

#define FLOWS_BIN_END		"FLOWSEND"
#define FLOWS_BIN_HEADER	16
#define FLOWS_BIN_TRAILER	16
#define FLOWS_BIN_STRINGS	14	/* string fields of a flow */
/* event id, strings, logon type, in_proc, schannel type, usage id, count,
 * first and last seen, nhours, ndays, has a profile */
#define FLOWS_BIN_FLOW	(4 + 4 * FLOWS_BIN_STRINGS + 8 + 4 + 4 + 8 + \
			    8 + 8 + 8 + 2 + 2 + 4)
#define FLOWS_BIN_SOURCE	(4 + 5 * 8 + 2 * 8 + 4 + 4)
#define FLOWS_BIN_LOG		(4 + 4 + 8 + 8 + 4 + 4)
#define FLOWS_BIN_RANGE		(4 * 8)
#define FLOWS_BIN_OVERLAP	(4 + 4 + 8 + 8)
#define FLOWS_BIN_SOURCE_PREAGG	0x1
#define FLOWS_BIN_SOURCE_SKIPS	0x2
#define FLOWS_BIN_LOG_UNTRACKED	0x1
#define FLOWS_BIN_BUF		(1 << 18)

/* The string fields of a flow key, in the order of the record. */
static const size_t flows_bin_fields[FLOWS_BIN_STRINGS] = {
	offsetof(struct flow_key, logged_by),
	offsetof(struct flow_key, server),
	offsetof(struct flow_key, domain),
	offsetof(struct flow_key, user),
	offsetof(struct flow_key, workstation),
	offsetof(struct flow_key, process),
	offsetof(struct flow_key, mechanism),
	offsetof(struct flow_key, ntlm_version),
	offsetof(struct flow_key, usage_reason),
	offsetof(struct flow_key, client_ip),
	offsetof(struct flow_key, target_ip),
	offsetof(struct flow_key, mic),
	offsetof(struct flow_key, channel_binding),
	offsetof(struct flow_key, status)
};

#define FLOWS_BIN_FIELD(k, i) \
	(*(const char *const *)(const void *)((const char *)(k) + \
	    flows_bin_fields[i]))

int
flows_bin_sniff(const void *buf, size_t len)
{
	return (len >= sizeof FLOWS_BIN_MAGIC - 1 &&
	    memcmp(buf, FLOWS_BIN_MAGIC, sizeof FLOWS_BIN_MAGIC - 1) == 0);
}

/*
 * Saving.  Records go through a buffer of our own; each string is given a
 * number when first met, through a map on its address (the table's strings
 * are interned: one address per spelling), and written at the end.
 */
struct flows_bout_slot {
	const char	*s;		/* NULL: free */
	uint32_t	 id;
};

struct flows_bout {
	FILE		*f;
	unsigned char	*buf;		/* owned */
	size_t		 n;
	uint64_t	 off;		/* bytes before buf */
	struct flows_bout_slot *slots;	/* owned: open addressing */
	size_t		 cap;		/* a power of two */
	const char	**strs;		/* owned: by number - 1 */
	size_t		 nstrs;
	size_t		 astrs;
	const char	*last[FLOWS_BIN_STRINGS];	/* per field */
	uint32_t	 lastid[FLOWS_BIN_STRINGS];
};

static void
flows_bout_flush(struct flows_bout *o)
{
	if (o->n > 0)
		(void)fwrite(o->buf, 1, o->n, o->f);
	o->off += o->n;
	o->n = 0;
}

static inline unsigned char *
flows_bout_room(struct flows_bout *o, size_t n)
{
	if (FLOWS_BIN_BUF - o->n < n)
		flows_bout_flush(o);
	return (o->buf + o->n);
}

static inline unsigned char *
flows_put_u16(unsigned char *p, uint16_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	return (p + 2);
}

static inline unsigned char *
flows_put_u32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
	return (p + 4);
}

static inline unsigned char *
flows_put_u64(unsigned char *p, uint64_t v)
{
	p = flows_put_u32(p, (uint32_t)v);
	return (flows_put_u32(p, (uint32_t)(v >> 32)));
}

static void
flows_bout_bytes(struct flows_bout *o, const void *p, size_t n)
{
	if (n > FLOWS_BIN_BUF / 2) {
		flows_bout_flush(o);
		(void)fwrite(p, 1, n, o->f);
		o->off += n;
		return;
	}
	memcpy(flows_bout_room(o, n), p, n);
	o->n += n;
}

static inline size_t
flows_bout_slot(const char *s, size_t cap)
{
	uint64_t	h = (uint64_t)(uintptr_t)s;

	h ^= h >> 29;
	h *= UINT64_C(0x9e3779b97f4a7c15);
	return ((size_t)(h >> 32) & (cap - 1));
}

/* The number of string s (0 for NULL), given one when first met. */
static uint32_t
flows_bout_string(struct flows_bout *o, const char *s)
{
	struct flows_bout_slot	*slots;
	size_t			 i, j, cap;

	if (s == NULL)
		return (0);
	for (i = flows_bout_slot(s, o->cap); o->slots[i].s != NULL;
	    i = (i + 1) & (o->cap - 1)) {
		if (o->slots[i].s == s)
			return (o->slots[i].id);
	}
	if (o->nstrs >= UINT32_MAX - 1)
		fatalx("flows: too many strings for a binary flow file");
	o->strs = xgrow(o->strs, o->nstrs, &o->astrs, sizeof *o->strs);
	o->strs[o->nstrs++] = s;
	o->slots[i].s = s;
	o->slots[i].id = (uint32_t)o->nstrs;
	if (o->nstrs * 2 > o->cap) {
		cap = o->cap * 2;
		slots = xcalloc(cap, sizeof *slots);
		for (i = 0; i < o->cap; i++) {
			if (o->slots[i].s == NULL)
				continue;
			for (j = flows_bout_slot(o->slots[i].s, cap);
			    slots[j].s != NULL; j = (j + 1) & (cap - 1))
				;
			slots[j] = o->slots[i];
		}
		free(o->slots);
		o->slots = slots;
		o->cap = cap;
	}
	return ((uint32_t)o->nstrs);
}

static void
flows_bout_source(struct flows_bout *o, const struct source *src)
{
	unsigned char	*p;
	uint32_t	 flags = 0;
	size_t		 i;

	if (src->preaggregated)
		flags |= FLOWS_BIN_SOURCE_PREAGG;
	if (src->skips != NULL)
		flags |= FLOWS_BIN_SOURCE_SKIPS;
	p = flows_bout_room(o, FLOWS_BIN_SOURCE);
	p = flows_put_u32(p, flows_bout_string(o, src->path));
	p = flows_put_u64(p, src->records);
	p = flows_put_u64(p, src->used);
	p = flows_put_u64(p, src->skipped);
	p = flows_put_u64(p, src->unreadable);
	p = flows_put_u64(p, src->duplicate);
	p = flows_put_u64(p, (uint64_t)src->first_seen);
	p = flows_put_u64(p, (uint64_t)src->last_seen);
	p = flows_put_u32(p, flags);
	(void)flows_put_u32(p, (uint32_t)src->nlogged_by);
	o->n += FLOWS_BIN_SOURCE;
	for (i = 0; i < src->nlogged_by; i++) {
		p = flows_bout_room(o, 4);
		(void)flows_put_u32(p, flows_bout_string(o,
		    src->logged_by[i]));
		o->n += 4;
	}
	p = flows_bout_room(o, 4);
	(void)flows_put_u32(p, (uint32_t)src->nskips);
	o->n += 4;
	for (i = 0; i < src->nskips; i++) {
		p = flows_bout_room(o, 12);
		p = flows_put_u32(p, (uint32_t)src->skips[i].id);
		(void)flows_put_u64(p, src->skips[i].count);
		o->n += 12;
	}
}

static void
flows_bout_log(struct flows_bout *o, const struct flows_log *l)
{
	const struct flows_range	*r;
	unsigned char			*p;
	size_t				 i;

	p = flows_bout_room(o, FLOWS_BIN_LOG);
	p = flows_put_u32(p, flows_bout_string(o, l->host));
	p = flows_put_u32(p, flows_bout_string(o, l->channel));
	p = flows_put_u64(p, (uint64_t)l->first_time);
	p = flows_put_u64(p, (uint64_t)l->last_time);
	p = flows_put_u32(p, l->untracked ? FLOWS_BIN_LOG_UNTRACKED : 0);
	(void)flows_put_u32(p, (uint32_t)l->nranges);
	o->n += FLOWS_BIN_LOG;
	for (i = 0; i < l->nranges; i++) {
		r = &l->ranges[i];
		p = flows_bout_room(o, FLOWS_BIN_RANGE);
		p = flows_put_u64(p, r->first);
		p = flows_put_u64(p, r->last);
		p = flows_put_u64(p, (uint64_t)r->first_time);
		(void)flows_put_u64(p, (uint64_t)r->last_time);
		o->n += FLOWS_BIN_RANGE;
	}
}

static inline uint32_t
flows_bout_field(struct flows_bout *o, const struct flow_key *k, int i)
{
	const char	*s = FLOWS_BIN_FIELD(k, i);

	/* Sorted flows repeat their server, domain and host in runs. */
	if (s != o->last[i]) {
		o->last[i] = s;
		o->lastid[i] = flows_bout_string(o, s);
	}
	return (o->lastid[i]);
}

static void
flows_bout_flow(struct flows_bout *o, const struct flow *fw)
{
	const struct flow_profile	*pr = fw->profile;
	unsigned char			*p;
	size_t				 i, n;

	n = pr == NULL ? 0 : (size_t)pr->nhours + pr->ndays;
	p = flows_bout_room(o, FLOWS_BIN_FLOW + 16 + n * 8);
	p = flows_put_u32(p, (uint32_t)fw->key.event_id);
	for (i = 0; i < FLOWS_BIN_STRINGS; i++)
		p = flows_put_u32(p, flows_bout_field(o, &fw->key, (int)i));
	p = flows_put_u64(p, (uint64_t)fw->key.logon_type);
	p = flows_put_u32(p, (uint32_t)fw->key.in_proc);
	p = flows_put_u32(p, (uint32_t)fw->key.schannel_type);
	p = flows_put_u64(p, (uint64_t)fw->key.usage_id);
	p = flows_put_u64(p, fw->count);
	p = flows_put_u64(p, (uint64_t)fw->first_seen);
	p = flows_put_u64(p, (uint64_t)fw->last_seen);
	p = flows_put_u16(p, pr == NULL ? 0 : pr->nhours);
	p = flows_put_u16(p, pr == NULL ? 0 : pr->ndays);
	p = flows_put_u32(p, pr != NULL);
	if (pr != NULL) {
		p = flows_put_u64(p, pr->earlier);
		p = flows_put_u64(p, pr->unknown);
		for (i = 0; i < n; i++)
			p = flows_put_u64(p, pr->cells[i]);
	}
	o->n = (size_t)(p - o->buf);
}

void
flows_save_binary(struct flows *fl, FILE *f)
{
	struct flows_bout	 o;
	const struct flows_log	*logs;
	unsigned char		*p;
	uint64_t		 at, nover = 0;
	size_t			 i, k, n, len;

	flows_sort(fl);
	memset(&o, 0, sizeof o);
	o.f = f;
	o.buf = xmalloc(FLOWS_BIN_BUF);
	o.cap = 1024;
	o.slots = xcalloc(o.cap, sizeof *o.slots);

	p = flows_bout_room(&o, FLOWS_BIN_HEADER);
	memcpy(p, FLOWS_BIN_MAGIC, 8);
	p = flows_put_u32(p + 8, FLOWS_BIN_VERSION);
	(void)flows_put_u32(p, 0);
	o.n += FLOWS_BIN_HEADER;

	n = flows_source_count(fl);
	(void)flows_put_u64(flows_bout_room(&o, 8), n);
	o.n += 8;
	for (i = 0; i < n; i++)
		flows_bout_source(&o, flows_source(fl, i));
	n = flows_logs(fl, &logs);
	(void)flows_put_u64(flows_bout_room(&o, 8), n);
	o.n += 8;
	for (i = 0; i < n; i++) {
		flows_bout_log(&o, &logs[i]);
		nover += logs[i].noverlaps;
	}
	(void)flows_put_u64(flows_bout_room(&o, 8), nover);
	o.n += 8;
	for (i = 0; i < n; i++) {
		for (k = 0; k < logs[i].noverlaps; k++) {
			p = flows_bout_room(&o, FLOWS_BIN_OVERLAP);
			p = flows_put_u32(p, flows_bout_string(&o,
			    logs[i].host));
			p = flows_put_u32(p, flows_bout_string(&o,
			    logs[i].channel));
			p = flows_put_u64(p, logs[i].overlaps[k].first);
			(void)flows_put_u64(p, logs[i].overlaps[k].last);
			o.n += FLOWS_BIN_OVERLAP;
		}
	}
	n = flows_count(fl);
	(void)flows_put_u64(flows_bout_room(&o, 8), n);
	o.n += 8;
	for (i = 0; i < n; i++)
		flows_bout_flow(&o, flows_flow(fl, i));

	at = o.off + o.n;
	(void)flows_put_u64(flows_bout_room(&o, 8), o.nstrs);
	o.n += 8;
	for (i = 0; i < o.nstrs; i++) {
		len = strlen(o.strs[i]);
		if (len > UINT32_MAX)
			fatalx("flows: a string of %zu bytes", len);
		(void)flows_put_u32(flows_bout_room(&o, 4), (uint32_t)len);
		o.n += 4;
		flows_bout_bytes(&o, o.strs[i], len);
	}
	p = flows_bout_room(&o, FLOWS_BIN_TRAILER);
	p = flows_put_u64(p, at);
	memcpy(p, FLOWS_BIN_END, 8);
	o.n += FLOWS_BIN_TRAILER;
	flows_bout_flush(&o);

	free(o.buf);
	free(o.slots);
	free(o.strs);
}

/*
 * Loading.  The string table first (from the trailer), each string copied
 * once with its NUL; then the records in order.  Every value is checked
 * as the JSON form's is; the first error is kept with its offset.
 */
struct flows_bin {
	const char		*path;
	const unsigned char	*base;
	const unsigned char	*p;
	const unsigned char	*end;
	char			*block;	/* owned: the strings */
	const char		**strs;	/* owned: by number - 1 */
	uint64_t		 nstrs;
	char			*cause;	/* owned: the first error */
};

static int	flows_bin_error(struct flows_bin *, const unsigned char *,
		    const char *, ...) __attribute__((format(printf, 3, 4)));

static int
flows_bin_error(struct flows_bin *b, const unsigned char *at,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	if (b->cause != NULL)
		return (-1);
	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	xasprintf(&b->cause, "%s: offset %zu: %s", b->path,
	    (size_t)(at - b->base), msg);
	free(msg);
	return (-1);
}

static inline int
flows_bin_need(struct flows_bin *b, size_t n, const char *what)
{
	if ((size_t)(b->end - b->p) < n)
		return (flows_bin_error(b, b->p, "truncated %s", what));
	return (0);
}

static inline uint16_t
flows_get_u16(const unsigned char *p)
{
	return ((uint16_t)(p[0] | p[1] << 8));
}

static inline uint32_t
flows_get_u32(const unsigned char *p)
{
	return ((uint32_t)p[0] | (uint32_t)p[1] << 8 |
	    (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24);
}

static inline uint64_t
flows_get_u64(const unsigned char *p)
{
	return ((uint64_t)flows_get_u32(p) |
	    (uint64_t)flows_get_u32(p + 4) << 32);
}

static inline uint32_t
flows_bin_u32(struct flows_bin *b)
{
	uint32_t	v = flows_get_u32(b->p);

	b->p += 4;
	return (v);
}

static inline uint64_t
flows_bin_u64(struct flows_bin *b)
{
	uint64_t	v = flows_get_u64(b->p);

	b->p += 8;
	return (v);
}

/* String number v into *out (NULL for 0); -1 if there is none such. */
static inline int
flows_bin_string(const struct flows_bin *b, uint32_t v, const char **out)
{
	if (v > b->nstrs)
		return (-1);
	*out = v == 0 ? NULL : b->strs[v - 1];
	return (0);
}

/* A time as the JSON form holds it: none, or within 1601..9999. */
static inline int
flows_bin_time(int64_t t)
{
	return (t == UTIL_TIME_NONE || util_time_valid(t));
}

/* first and last make a time span: both none, or first <= last. */
static inline int
flows_bin_span(int64_t first, int64_t last)
{
	return (flows_bin_time(first) && flows_bin_time(last) &&
	    (first == UTIL_TIME_NONE) == (last == UTIL_TIME_NONE) &&
	    first <= last);
}

static int
flows_bin_strings(struct flows_bin *b, struct flows *fl,
    const unsigned char *from, const unsigned char *to)
{
	const unsigned char	*save_end = b->end;
	uint64_t		 n, i;
	uint32_t		 len;
	char			*q;

	b->p = from;
	b->end = to;
	if (flows_bin_need(b, 8, "string table") != 0)
		return (-1);
	n = flows_bin_u64(b);
	/* Each string takes 4 bytes at least: the count is bounded. */
	if (n > (uint64_t)(to - b->p) / 4 || n >= UINT32_MAX)
		return (flows_bin_error(b, b->p - 8,
		    "string count %" PRIu64 " larger than the table", n));
	b->block = xmalloc((size_t)(to - b->p) + 1);
	b->strs = xcalloc((size_t)n + 1, sizeof *b->strs);
	q = b->block;
	for (i = 0; i < n; i++) {
		if (flows_bin_need(b, 4, "string table") != 0)
			return (-1);
		len = flows_bin_u32(b);
		if (len > (size_t)(b->end - b->p))
			return (flows_bin_error(b, b->p - 4,
			    "string %" PRIu64 " longer than the table", i + 1));
		if (memchr(b->p, '\0', len) != NULL)
			return (flows_bin_error(b, b->p,
			    "string %" PRIu64 " holds a NUL", i + 1));
		memcpy(q, b->p, len);
		q[len] = '\0';
		b->strs[i] = flows_intern_string(fl, q);
		q += len + 1;
		b->p += len;
	}
	b->nstrs = n;
	if (b->p != b->end)
		return (flows_bin_error(b, b->p,
		    "bytes after the last string"));
	b->end = save_end;
	return (0);
}

/* skipped_by_id of src: ids increasing, counts summing to skipped. */
static int
flows_bin_skips(struct flows_bin *b, struct source *src,
    const unsigned char *at)
{
	uint32_t	 n, i, id;
	int64_t		 last = -1;
	uint64_t	 count, sum = 0;

	if (flows_bin_need(b, 4, "source") != 0)
		return (-1);
	n = flows_bin_u32(b);
	for (i = 0; i < n; i++) {
		if (flows_bin_need(b, 12, "source") != 0)
			return (-1);
		id = flows_bin_u32(b);
		count = flows_bin_u64(b);
		if (id > 65535 || (int64_t)id <= last || count == 0 ||
		    count > UTIL_COUNT_MAX || count > UINT64_MAX - sum)
			return (flows_bin_error(b, b->p - 12,
			    "invalid skipped_by_id"));
		last = id;
		sum += count;
		src->skips = xreallocarray(src->skips, src->nskips + 1,
		    sizeof *src->skips);
		src->skips[src->nskips].id = (int)id;
		src->skips[src->nskips++].count = count;
	}
	if (sum != src->skipped)
		return (flows_bin_error(b, at, "invalid skipped_by_id: "
		    "counts do not sum to skipped"));
	return (0);
}

static int
flows_bin_source(struct flows_bin *b, struct flows *fl)
{
	const unsigned char	*at = b->p;
	struct source		*src;
	const char		*path, *host;
	uint64_t		 n[5];
	int64_t			 first, last;
	uint32_t		 flags, nlb, i, v;

	if (flows_bin_need(b, FLOWS_BIN_SOURCE, "source") != 0)
		return (-1);
	v = flows_bin_u32(b);
	for (i = 0; i < 5; i++)
		n[i] = flows_bin_u64(b);
	first = (int64_t)flows_bin_u64(b);
	last = (int64_t)flows_bin_u64(b);
	flags = flows_bin_u32(b);
	nlb = flows_bin_u32(b);
	if (flows_bin_string(b, v, &path) != 0 || path == NULL)
		return (flows_bin_error(b, at, "invalid source entry: path"));
	for (i = 0; i < 5; i++) {
		if (n[i] > UTIL_COUNT_MAX)
			return (flows_bin_error(b, at, "invalid source entry: "
			    "a count over %" PRIu64, UTIL_COUNT_MAX));
	}
	if (!flows_bin_span(first, last))
		return (flows_bin_error(b, at, "invalid source entry: "
		    "first_seen and last_seen do not make a time span"));
	if (flags & ~(uint32_t)(FLOWS_BIN_SOURCE_PREAGG |
	    FLOWS_BIN_SOURCE_SKIPS))
		return (flows_bin_error(b, at, "invalid source entry: flags"));
	src = flows_add_source(fl, path);
	src->records = n[0];
	src->used = n[1];
	src->skipped = n[2];
	src->unreadable = n[3];
	src->duplicate = n[4];
	src->first_seen = first;
	src->last_seen = last;
	src->preaggregated = (flags & FLOWS_BIN_SOURCE_PREAGG) != 0;
	for (i = 0; i < nlb; i++) {
		if (flows_bin_need(b, 4, "source") != 0)
			return (-1);
		if (flows_bin_string(b, flows_bin_u32(b), &host) != 0 ||
		    host == NULL)
			return (flows_bin_error(b, b->p - 4,
			    "invalid logged_by"));
		flows_source_logged_by(src, host);
	}
	if (flags & FLOWS_BIN_SOURCE_SKIPS)
		return (flows_bin_skips(b, src, at));
	if (flows_bin_need(b, 4, "source") != 0)
		return (-1);
	if (flows_bin_u32(b) != 0)
		return (flows_bin_error(b, b->p - 4,
		    "invalid skipped_by_id: counts where none are known"));
	return (0);
}

static int
flows_bin_log(struct flows_bin *b, struct flows *fl)
{
	const unsigned char	*at = b->p;
	struct flows_range	 r;
	const char		*host, *channel;
	int64_t			 first, last;
	uint32_t		 h, c, flags, n, i;
	int			 full = 0;

	if (flows_bin_need(b, FLOWS_BIN_LOG, "log") != 0)
		return (-1);
	h = flows_bin_u32(b);
	c = flows_bin_u32(b);
	first = (int64_t)flows_bin_u64(b);
	last = (int64_t)flows_bin_u64(b);
	flags = flows_bin_u32(b);
	n = flows_bin_u32(b);
	if (flows_bin_string(b, h, &host) != 0 || host == NULL ||
	    *host == '\0' || flows_bin_string(b, c, &channel) != 0 ||
	    !flows_bin_time(first) || !flows_bin_time(last) ||
	    (flags & ~(uint32_t)FLOWS_BIN_LOG_UNTRACKED) != 0)
		return (flows_bin_error(b, at, "invalid log entry"));
	flows_log_add(fl, host, channel, first, last,
	    (flags & FLOWS_BIN_LOG_UNTRACKED) != 0);
	for (i = 0; i < n; i++) {
		if (flows_bin_need(b, FLOWS_BIN_RANGE, "log") != 0)
			return (-1);
		r.first = flows_bin_u64(b);
		r.last = flows_bin_u64(b);
		r.first_time = (int64_t)flows_bin_u64(b);
		r.last_time = (int64_t)flows_bin_u64(b);
		if (r.first == 0 || r.last > UTIL_COUNT_MAX ||
		    r.first > r.last || !flows_bin_time(r.first_time) ||
		    !flows_bin_time(r.last_time))
			return (flows_bin_error(b, b->p - FLOWS_BIN_RANGE,
			    "invalid record-id range in a log entry"));
		/* As the JSON form: ranges past untracked are not kept. */
		if (!full && flows_log_add_range(fl, host, channel, &r) != 0)
			full = 1;
	}
	return (0);
}

static int
flows_bin_overlap(struct flows_bin *b, struct flows *fl)
{
	const unsigned char	*at = b->p;
	const char		*host, *channel;
	uint64_t		 first, last;
	uint32_t		 h, c;

	if (flows_bin_need(b, FLOWS_BIN_OVERLAP, "overlap") != 0)
		return (-1);
	h = flows_bin_u32(b);
	c = flows_bin_u32(b);
	first = flows_bin_u64(b);
	last = flows_bin_u64(b);
	if (flows_bin_string(b, h, &host) != 0 || host == NULL ||
	    *host == '\0' || flows_bin_string(b, c, &channel) != 0 ||
	    first == 0 || last > UTIL_COUNT_MAX || first > last)
		return (flows_bin_error(b, at, "invalid overlap entry"));
	flows_log_add_overlap(fl, host, channel, first, last);
	return (0);
}

/* A flow's profile cells at b->p into p (cells owned by the caller). */
static const char *
flows_bin_profile(struct flows_bin *b, struct flow_profile *p,
    uint64_t count, uint64_t *cells)
{
	uint64_t	 c, n, dsum = 0, hsum = 0;
	int64_t		 key, last = -1;
	size_t		 i;

	p->earlier = flows_bin_u64(b);
	p->unknown = flows_bin_u64(b);
	for (i = 0; i < (size_t)p->nhours + p->ndays; i++) {
		c = cells[i] = flows_bin_u64(b);
		key = FLOWS_CELL_KEY(c);
		n = FLOWS_CELL_COUNT(c);
		if (n == 0 || key <= last)
			return ("profile: invalid or unordered cell");
		if (i < p->nhours) {
			if (key >= FLOWS_PROFILE_HOURS)
				return ("profile: invalid hours cell");
			hsum += n;
		} else {
			/* Days before 1970 are keys below DAY0. */
			if (key < FLOWS_PROFILE_HOURS ||
			    !util_time_valid((key - FLOWS_PROFILE_DAY0) *
			    UTIL_DAY))
				return ("profile: invalid days cell");
			dsum += n;
		}
		last = key;	/* hours (0..167) come before days */
	}
	if (p->earlier > UTIL_COUNT_MAX || p->unknown > count ||
	    p->earlier > count - p->unknown ||
	    dsum != count - p->unknown - p->earlier ||
	    hsum != count - p->unknown)
		return ("profile: cells do not sum to the flow's count");
	return (NULL);
}

static int
flows_bin_flow(struct flows_bin *b, struct flows *fl, uint64_t *cells)
{
	const unsigned char	*at = b->p;
	struct flow_key		 k;
	struct flow_profile	 prof, *pp = NULL;
	uint64_t		 count, usage;
	int64_t			 first, last, logon;
	uint32_t		 id, v, has, inproc, st;
	const char		*err;
	size_t			 i;

	if (flows_bin_need(b, FLOWS_BIN_FLOW, "flow") != 0)
		return (-1);
	memset(&k, 0, sizeof k);
	id = flows_bin_u32(b);
	for (i = 0; i < FLOWS_BIN_STRINGS; i++) {
		v = flows_bin_u32(b);
		if (v > b->nstrs)
			return (flows_bin_error(b, b->p - 4,
			    "invalid flow entry: string %" PRIu32 " of %"
			    PRIu64, v, b->nstrs));
		*(const char **)(void *)((char *)&k + flows_bin_fields[i]) =
		    v == 0 ? NULL : b->strs[v - 1];
	}
	logon = (int64_t)flows_bin_u64(b);
	inproc = flows_bin_u32(b);
	st = flows_bin_u32(b);
	usage = flows_bin_u64(b);
	count = flows_bin_u64(b);
	first = (int64_t)flows_bin_u64(b);
	last = (int64_t)flows_bin_u64(b);
	memset(&prof, 0, sizeof prof);
	prof.nhours = flows_get_u16(b->p);
	prof.ndays = flows_get_u16(b->p + 2);
	has = flows_get_u32(b->p + 4);
	b->p += 8;
	if (id > 65535 || logon < -1 || logon > INT_MAX ||
	    (inproc != UINT32_MAX && inproc > 1) ||
	    (st != UINT32_MAX && st > INT_MAX) ||
	    (usage != UINT64_MAX && usage > UINT32_MAX) ||
	    count == 0 || count > UTIL_COUNT_MAX || has > 1 ||
	    (!has && (prof.nhours != 0 || prof.ndays != 0)))
		return (flows_bin_error(b, at, "invalid flow entry"));
	if (!flows_bin_span(first, last))
		return (flows_bin_error(b, at, "invalid flow entry: "
		    "first_seen and last_seen do not make a time span"));
	if (!event_id_known((int)id))
		return (flows_bin_error(b, at,
		    "flow with an unknown event_id"));
	k.event_id = (int)id;
	k.logon_type = logon;
	k.in_proc = (int)(int32_t)inproc;
	k.schannel_type = (int)(int32_t)st;
	k.usage_id = usage == UINT64_MAX ? -1 : (long long)usage;
	if (has) {
		if (prof.nhours > FLOWS_PROFILE_HOURS ||
		    prof.ndays > FLOWS_PROFILE_DAYS)
			return (flows_bin_error(b, at, "profile: more cells "
			    "than the bound"));
		if (flows_bin_need(b, 16 + ((size_t)prof.nhours +
		    prof.ndays) * 8, "flow") != 0)
			return (-1);
		if ((err = flows_bin_profile(b, &prof, count, cells)) != NULL)
			return (flows_bin_error(b, at, "%s", err));
		prof.cells = cells;
		prof.acells = (uint16_t)(prof.nhours + prof.ndays);
		pp = &prof;
	}
	flows_add_flow_interned(fl, &k, count, first, last, pp);
	return (0);
}

/* A section's record count, bounded by the bytes left for its records. */
static int
flows_bin_count(struct flows_bin *b, size_t least, const char *what,
    uint64_t *out)
{
	if (flows_bin_need(b, 8, what) != 0)
		return (-1);
	*out = flows_bin_u64(b);
	if (*out > (uint64_t)(b->end - b->p) / least)
		return (flows_bin_error(b, b->p - 8, "%s count %" PRIu64
		    " larger than the file", what, *out));
	return (0);
}

int
flows_load_binary(struct flows *fl, const char *path, const void *buf,
    size_t len, char **cause)
{
	struct flows_bin	 b;
	const unsigned char	*body_end;
	uint64_t		 n, i, at, cells[FLOWS_PROFILE_HOURS +
				    FLOWS_PROFILE_DAYS];
	uint32_t		 version, flags;
	int			 error = -1;

	memset(&b, 0, sizeof b);
	b.path = path;
	b.base = b.p = buf;
	b.end = b.base + len;
	if (len < FLOWS_BIN_HEADER + 8 * 4 + 8 + FLOWS_BIN_TRAILER ||
	    !flows_bin_sniff(buf, len)) {
		flows_bin_error(&b, b.base, "truncated binary flow file");
		goto out;
	}
	version = flows_get_u32(b.base + 8);
	flags = flows_get_u32(b.base + 12);
	if (version != FLOWS_BIN_VERSION) {
		flows_bin_error(&b, b.base + 8, "unsupported binary flow file "
		    "version %" PRIu32, version);
		goto out;
	}
	if (flags != 0) {
		flows_bin_error(&b, b.base + 12, "unknown flags %#" PRIx32,
		    flags);
		goto out;
	}
	if (memcmp(b.end - 8, FLOWS_BIN_END, 8) != 0) {
		flows_bin_error(&b, b.end - 8, "no \"" FLOWS_BIN_END
		    "\" at the end: truncated or damaged");
		goto out;
	}
	at = flows_get_u64(b.end - FLOWS_BIN_TRAILER);
	if (at < FLOWS_BIN_HEADER + 8 * 4 ||
	    at > len - FLOWS_BIN_TRAILER - 8) {
		flows_bin_error(&b, b.end - FLOWS_BIN_TRAILER,
		    "string table offset %" PRIu64 " outside the file", at);
		goto out;
	}
	body_end = b.base + at;
	if (flows_bin_strings(&b, fl, body_end, b.end - FLOWS_BIN_TRAILER) !=
	    0)
		goto out;
	b.p = b.base + FLOWS_BIN_HEADER;
	b.end = body_end;
	if (flows_bin_count(&b, FLOWS_BIN_SOURCE + 4, "source", &n) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		if (flows_bin_source(&b, fl) != 0)
			goto out;
	}
	if (flows_bin_count(&b, FLOWS_BIN_LOG, "log", &n) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		if (flows_bin_log(&b, fl) != 0)
			goto out;
	}
	if (flows_bin_count(&b, FLOWS_BIN_OVERLAP, "overlap", &n) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		if (flows_bin_overlap(&b, fl) != 0)
			goto out;
	}
	if (flows_bin_count(&b, FLOWS_BIN_FLOW, "flow", &n) != 0)
		goto out;
	flows_reserve(fl, (size_t)n);
	for (i = 0; i < n; i++) {
		if (flows_bin_flow(&b, fl, cells) != 0)
			goto out;
	}
	if (b.p != b.end) {
		flows_bin_error(&b, b.p, "bytes after the last flow");
		goto out;
	}
	error = 0;
out:
	free(b.strs);
	free(b.block);
	if (error != 0)
		*cause = b.cause;
	return (error);
}
