/*
 * flows.c: the flow table, its canonical order, and the logs' record ids.
 *
 * Flows live in one array indexed by a casemap on the
 * case-folded key; strings are interned in the table's pool.  Logs (host,
 * channel) live in an array sorted by name, each with its record ids as a
 * sorted list of ranges (flows.h).  The flow file is flows-file.c's: it
 * builds tables through the functions of flows.h only.
 */
#include "config.h"

#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "casemap.h"
#include "event.h"
#include "flows.h"
#include "hugepage.h"
#include "intern.h"
#include "util.h"
#include "xmalloc.h"

/*
 * Profiles come from a slab of their own: blocks of 8 << class bytes carved
 * from 64 KiB chunks, freed blocks kept per class.  Millions of small,
 * growing, long-lived arrays straight from malloc would fragment the heap
 * that libevtx churns through for every record.
 */
#define FLOWS_SLAB_CLASSES	10	/* 8 to 4096 bytes */
#define FLOWS_SLAB_CHUNK	65536
#define FLOWS_SLAB_SMALL	(HUGEPAGE_SIZE / FLOWS_SLAB_CHUNK)

struct flows_slab {
	void		*free[FLOWS_SLAB_CLASSES];
	char		*chunk;
	size_t		 used;
	char		**chunks;	/* owned */
	size_t		 nchunks;
	size_t		 achunks;	/* capacity of chunks */
	size_t		 chunksize;	/* of chunk */
};

#define FLOWS_KEY_STRINGS	14	/* string fields of a flow_key */

/* Fewer flows than this are sorted on one thread (flows_set_threads). */
#define FLOWS_SORT_HALVES	65536

/* A log looked up lately: index + 1 in fl->logs, 0 if none. */
#define FLOWS_LOGCACHE	256

/*
 * The same record carries its time at the precision of its writer: EVTX
 * and the XML's SystemTime 100 ns, Winlogbeat's @timestamp and PowerShell
 * 5.1's /Date()/ milliseconds, some SIEM exports whole seconds.  A copy's
 * time matches its record's within a second either side.
 */
#define FLOWS_TIME_SLACK	INT64_C(1000000)

struct flows_logcache {
	uint64_t	hash;
	size_t		index;
};

/*
 * A host found in a source's logged_by lately (flows_account_prepared),
 * by the hash of its folded name: serial of the source, and its name
 * there.
 */
#define FLOWS_HOSTCACHE	256

struct flows_hostcache {
	uint64_t	 src;
	const char	*name;		/* borrowed from the source */
};

struct flows {
	struct flow	 *flows;	/* owned array */
	size_t		  nflows;
	size_t		  aflows;
	struct casemap	 *index;	/* owned: key -> index in flows */
	int		  reindex;	/* index of an order before a sort */
	int		  unsorted;	/* a flow added out of canonical
					 * order since the last sort */
	struct source	**sources;	/* owned */
	size_t		  nsources;
	struct flows_log *logs;		/* owned, sorted by host, channel */
	size_t		  nlogs;
	size_t		  alogs;
	struct flows_logcache logcache[FLOWS_LOGCACHE]; /* by hash */
	const struct flows *exclude;	/* borrowed: ids read already */
	const char	 *prev_host;	/* interned: of the last record */
	uint64_t	  prev_id;
	int		  shared;	/* id + 1 on another host: times */
	int		  own_ids;	/* an id fell on another host */
	const char	 *icache[FLOWS_KEY_STRINGS]; /* last interned, per field */
	struct intern	 *pool;
	struct flows_slab slab;
	struct flows_hostcache hostcache[FLOWS_HOSTCACHE];
	struct intern	**xpools;	/* owned: of tables absorbed */
	struct flows_slab *xslabs;	/* owned: the same */
	size_t		  nxpools;
};

static casemap_match_fn	flows_match;
static int	flows_key_compare(const struct flow_key *,
		    const struct flow_key *);

struct flows *
flows_create(void)
{
	struct flows	*fl;

	fl = xcalloc(1, sizeof *fl);
	fl->index = casemap_create(512, flows_match, fl);
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
	free(src->skips);
	free(src->path);
	free(src);
}

static unsigned
flows_slab_class(size_t bytes)
{
	unsigned	c = 0;

	while ((size_t)8 << c < bytes)
		c++;
	if (c >= FLOWS_SLAB_CLASSES)
		fatalx("flows: slab block of %zu bytes", bytes);
	return (c);
}

/* A block of class c from slab s, or from malloc if s is NULL. */
static void *
flows_slab_alloc(struct flows_slab *s, unsigned c)
{
	size_t	 size = (size_t)8 << c;
	void	*p;

	if (s == NULL)
		return (xmalloc(size));
	if ((p = s->free[c]) != NULL) {
		s->free[c] = *(void **)p;
		return (p);
	}
	if (s->chunk == NULL || s->used + size > s->chunksize) {
		s->chunks = xgrow(s->chunks, s->nchunks, &s->achunks,
		    sizeof *s->chunks);
		/* Past a huge page of small chunks, huge pages. */
		s->chunksize = s->nchunks < FLOWS_SLAB_SMALL ?
		    FLOWS_SLAB_CHUNK : HUGEPAGE_SIZE;
		s->chunk = s->chunks[s->nchunks++] =
		    hugepage_alloc(s->chunksize);
		s->used = 0;
	}
	p = s->chunk + s->used;
	s->used += size;
	return (p);
}

static void
flows_slab_free(struct flows_slab *s, void *p, unsigned c)
{
	if (s == NULL) {
		free(p);
		return;
	}
	*(void **)p = s->free[c];
	s->free[c] = p;
}

static void
flows_slab_clear(struct flows_slab *s)
{
	size_t	i;

	for (i = 0; i < s->nchunks; i++)
		free(s->chunks[i]);
	free(s->chunks);
	memset(s, 0, sizeof *s);
}

static void
flows_profile_release(struct flows_slab *s, struct flow_profile *p)
{
	if (p == NULL)
		return;
	if (p->cells != NULL)
		flows_slab_free(s, p->cells, flows_slab_class(p->acells *
		    sizeof *p->cells));
	flows_slab_free(s, p, flows_slab_class(sizeof *p));
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
	flows_slab_clear(&fl->slab);
	for (i = 0; i < fl->nlogs; i++) {
		free(fl->logs[i].ranges);
		free(fl->logs[i].overlaps);
	}
	free(fl->logs);
	free(fl->flows);
	casemap_free(fl->index);
	intern_free(fl->pool);
	for (i = 0; i < fl->nxpools; i++) {
		intern_free(fl->xpools[i]);
		flows_slab_clear(&fl->xslabs[i]);
	}
	free(fl->xpools);
	free(fl->xslabs);
	free(fl);
}

struct source *
flows_add_source(struct flows *fl, const char *path)
{
	static atomic_uint_fast64_t	 serial;
	struct source			*src;

	src = xcalloc(1, sizeof *src);
	src->serial = atomic_fetch_add(&serial, 1) + 1;
	src->path = xstrdup(path);
	src->first_seen = src->last_seen = UTIL_TIME_NONE;
	fl->sources = xreallocarray(fl->sources, fl->nsources + 1,
	    sizeof *fl->sources);
	fl->sources[fl->nsources++] = src;
	return (src);
}

/* host's entry in src->logged_by (added if new), or NULL if host is. */
static const char *
flows_source_host(struct source *src, const char *host)
{
	size_t	lo = 0, hi = src->nlogged_by, mid;
	int	c;

	if (host == NULL)
		return (NULL);
	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = strcasecmp(host, src->logged_by[mid]);
		if (c == 0)
			return (src->logged_by[mid]);
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
	return (src->logged_by[lo]);
}

void
flows_source_logged_by(struct source *src, const char *host)
{
	(void)flows_source_host(src, host);
}

void
flows_source_skip(struct source *src, int id)
{
	size_t	lo = 0, hi = src->nskips, mid;

	src->skipped++;
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (src->skips[mid].id == id) {
			src->skips[mid].count++;
			return;
		}
		if (src->skips[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	src->skips = xreallocarray(src->skips, src->nskips + 1,
	    sizeof *src->skips);
	memmove(src->skips + lo + 1, src->skips + lo,
	    (src->nskips - lo) * sizeof *src->skips);
	src->skips[lo].id = id;
	src->skips[lo].count = 1;
	src->nskips++;
}

/*
 * Every key field, folded (the exact ones too: equal keys hash equal).  Two
 * hashes, the fields shared out between them, then mixed: each chain of
 * multiplications half as long, for the processor to run side by side.
 */
static uint64_t
flows_hash(const struct flow_key *k)
{
	uint64_t	a = CASEMAP_SEED, b = ~CASEMAP_SEED;

	a = casemap_hash_int(a, k->event_id);
	b = casemap_hash(b, k->logged_by);
	a = casemap_hash(a, k->server);
	b = casemap_hash(b, k->domain);
	a = casemap_hash(a, k->user);
	b = casemap_hash(b, k->workstation);
	a = casemap_hash(a, k->process);
	b = casemap_hash_int(b, k->logon_type);
	a = casemap_hash(a, k->mechanism);
	b = casemap_hash_int(b, k->in_proc);
	a = casemap_hash_int(a, k->schannel_type);
	b = casemap_hash(b, k->ntlm_version);
	a = casemap_hash_int(a, k->usage_id);
	b = casemap_hash(b, k->usage_reason);
	a = casemap_hash(a, k->client_ip);
	b = casemap_hash(b, k->target_ip);
	a = casemap_hash(a, k->mic);
	b = casemap_hash(b, k->channel_binding);
	a = casemap_hash(a, k->status);
	return (casemap_hash_int(a, (long long)b));
}

/* The keys of flow format 2, compared as logged. */
static int
flows_key_equal_v2(const struct flow_key *a, const struct flow_key *b)
{
	return (a->usage_id == b->usage_id &&
	    util_strcmp_null(a->ntlm_version, b->ntlm_version) == 0 &&
	    util_strcmp_null(a->usage_reason, b->usage_reason) == 0 &&
	    util_strcmp_null(a->client_ip, b->client_ip) == 0 &&
	    util_strcmp_null(a->target_ip, b->target_ip) == 0 &&
	    util_strcmp_null(a->mic, b->mic) == 0 &&
	    util_strcmp_null(a->channel_binding, b->channel_binding) == 0 &&
	    util_strcmp_null(a->status, b->status) == 0);
}

static int
flows_key_equal(const struct flow_key *a, const struct flow_key *b)
{
	return (a->event_id == b->event_id &&
	    a->logon_type == b->logon_type &&
	    a->in_proc == b->in_proc &&
	    a->schannel_type == b->schannel_type &&
	    casemap_equal_null(a->server, b->server) &&
	    casemap_equal_null(a->user, b->user) &&
	    casemap_equal_null(a->domain, b->domain) &&
	    casemap_equal_null(a->logged_by, b->logged_by) &&
	    casemap_equal_null(a->workstation, b->workstation) &&
	    util_strcmp_null(a->process, b->process) == 0 &&
	    util_strcmp_null(a->mechanism, b->mechanism) == 0 &&
	    flows_key_equal_v2(a, b));
}

/* casemap_match_fn of the flow index: value is an index in fl->flows. */
static int
flows_match(const void *key, uint32_t value, const void *arg)
{
	const struct flows	*fl = arg;

	return (flows_key_equal(&fl->flows[value].key, key));
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

/*
 * s interned, through the last string field i interned: most fields of a
 * run of records repeat (the domain, the process, the host), and comparing
 * with the last one spares a hash and a probe of the whole pool.
 */
static inline const char *
flows_intern(struct flows *fl, int i, const char *s)
{
	const char	*c = fl->icache[i];

	if (s == NULL)
		return (NULL);
	if (c != NULL && (c == s || strcmp(c, s) == 0))
		return (c);
	return (fl->icache[i] = intern_get(fl->pool, s));
}

static void
flows_intern_key(struct flows *fl, struct flow_key *dst,
    const struct flow_key *src)
{
	*dst = *src;
	dst->logged_by = flows_intern(fl, 0, src->logged_by);
	/* The server of most events is the computer that logged them. */
	dst->server = src->server == src->logged_by ? dst->logged_by :
	    flows_intern(fl, 1, src->server);
	dst->domain = flows_intern(fl, 2, src->domain);
	dst->user = flows_intern(fl, 3, src->user);
	dst->workstation = flows_intern(fl, 4, src->workstation);
	dst->process = flows_intern(fl, 5, src->process);
	dst->mechanism = flows_intern(fl, 6, src->mechanism);
	dst->ntlm_version = flows_intern(fl, 7, src->ntlm_version);
	dst->usage_reason = flows_intern(fl, 8, src->usage_reason);
	dst->client_ip = flows_intern(fl, 9, src->client_ip);
	dst->target_ip = flows_intern(fl, 10, src->target_ip);
	dst->mic = flows_intern(fl, 11, src->mic);
	dst->channel_binding = flows_intern(fl, 12, src->channel_binding);
	dst->status = flows_intern(fl, 13, src->status);
}

/*
 * Time profiles.  Every operation keeps the cells sorted by key and at most
 * FLOWS_PROFILE_DAYS day cells, folding the oldest into earlier: the result
 * depends only on the multiset of events, so merging is associative and
 * commutative (a day among the latest of the union is among the latest of
 * each input that has it, hence still exact there).
 */

int64_t
flows_day(int64_t t)
{
	return (t >= 0 ? t / UTIL_DAY : -((-t + UTIL_DAY - 1) / UTIL_DAY));
}

/* The weekday-hour of t on day (flows_day(t)). */
static int
flows_weekhour_of(int64_t t, int64_t day)
{
	int64_t	hour;

	hour = (t - day * UTIL_DAY) / (3600 * UTIL_SECOND);
	/* 1970-01-01 was a Thursday: weekday 3 counting from Monday 0. */
	return ((int)(((day % 7 + 7 + 3) % 7) * 24 + hour));
}

int
flows_weekhour(int64_t t)
{
	return (flows_weekhour_of(t, flows_day(t)));
}

static struct flow_profile *
flows_profile_new(struct flows_slab *s)
{
	struct flow_profile	*p;

	p = flows_slab_alloc(s, flows_slab_class(sizeof *p));
	memset(p, 0, sizeof *p);
	return (p);
}

/* Add n events to the cell of key, inserting it in order. */
static void
flows_profile_cell(struct flows_slab *s, struct flow_profile *p, int64_t key,
    uint64_t n)
{
	size_t		 lo, hi, mid, total = (size_t)p->nhours + p->ndays;
	int64_t		 k;
	uint64_t	*c, *cells;
	unsigned	 na;

	if (key < FLOWS_PROFILE_HOURS) {
		/* Events come in runs of one hour: try the last one. */
		if (p->hint < p->nhours &&
		    FLOWS_CELL_KEY(p->cells[p->hint]) == key) {
			c = &p->cells[p->hint];
			if (FLOWS_CELL_COUNT(*c) > FLOWS_PROFILE_COUNT_MAX - n)
				fatalx("time profile: count overflow");
			*c += n;
			return;
		}
		lo = 0;
		hi = p->nhours;
	} else {
		lo = p->nhours;
		hi = total;
		/* Events come mostly in time order: try the last day. */
		if (hi > lo && FLOWS_CELL_KEY(p->cells[hi - 1]) < key)
			lo = hi;
	}
	while (lo < hi) {
		mid = (lo + hi) / 2;
		k = FLOWS_CELL_KEY(p->cells[mid]);
		if (k == key) {
			c = &p->cells[mid];
			if (FLOWS_CELL_COUNT(*c) > FLOWS_PROFILE_COUNT_MAX - n)
				fatalx("time profile: count overflow");
			*c += n;
			if (key < FLOWS_PROFILE_HOURS)
				p->hint = (uint16_t)mid;
			return;
		}
		if (k < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (total == p->acells) {
		na = p->acells == 0 ? 2 : p->acells * 2u;
		cells = flows_slab_alloc(s, flows_slab_class(na *
		    sizeof *cells));
		if (p->cells != NULL) {
			memcpy(cells, p->cells, total * sizeof *cells);
			flows_slab_free(s, p->cells, flows_slab_class(
			    p->acells * sizeof *cells));
		}
		p->cells = cells;
		p->acells = (uint16_t)na;
	}
	memmove(p->cells + lo + 1, p->cells + lo,
	    (total - lo) * sizeof *p->cells);
	p->cells[lo] = (uint64_t)key << 40 | n;
	if (key < FLOWS_PROFILE_HOURS) {
		p->nhours++;
		p->hint = (uint16_t)lo;
	} else
		p->ndays++;
}

/* Fold the oldest days into earlier until at most the bound are left. */
static void
flows_profile_trim(struct flow_profile *p)
{
	size_t	drop;

	if (p->ndays <= FLOWS_PROFILE_DAYS)
		return;
	drop = p->ndays - FLOWS_PROFILE_DAYS;
	for (size_t i = 0; i < drop; i++)
		p->earlier += FLOWS_CELL_COUNT(p->cells[p->nhours + i]);
	memmove(p->cells + p->nhours, p->cells + p->nhours + drop,
	    (p->ndays - drop) * sizeof *p->cells);
	p->ndays = FLOWS_PROFILE_DAYS;
}

static void
flows_profile_event(struct flows_slab *s, struct flow_profile *p, int64_t t)
{
	int64_t	day;

	if (t == UTIL_TIME_NONE) {
		p->unknown++;
		return;
	}
	day = flows_day(t);
	flows_profile_cell(s, p, flows_weekhour_of(t, day), 1);
	flows_profile_cell(s, p, FLOWS_PROFILE_DAY0 + day, 1);
	if (p->ndays > FLOWS_PROFILE_DAYS)
		flows_profile_trim(p);
}

struct flow_profile *
flows_profile_create(void)
{
	return (flows_profile_new(NULL));
}

void
flows_profile_add(struct flow_profile *p, int64_t key, uint64_t n)
{
	flows_profile_cell(NULL, p, key, n);
}

void
flows_profile_free(struct flow_profile *p)
{
	flows_profile_release(NULL, p);
}

/*
 * Merge profile src of a flow part of count events into *dstp, the profile
 * of a flow of dcount events: a side without a profile counts as unknown.
 */
static void
flows_profile_merge(struct flows_slab *s, struct flow_profile **dstp,
    uint64_t dcount, const struct flow_profile *src, uint64_t count)
{
	struct flow_profile	*d = *dstp;
	size_t			 i;

	if (src == NULL) {
		if (d != NULL)
			d->unknown += count;
		return;
	}
	if (d == NULL) {
		d = *dstp = flows_profile_new(s);
		d->unknown = dcount;
	}
	d->unknown += src->unknown;
	d->earlier += src->earlier;
	for (i = 0; i < (size_t)src->nhours + src->ndays; i++)
		flows_profile_cell(s, d, FLOWS_CELL_KEY(src->cells[i]),
		    FLOWS_CELL_COUNT(src->cells[i]));
	flows_profile_trim(d);
}

/* The index over the flows, again (their order changed). */
static void
flows_reindex(struct flows *fl)
{
	size_t	i;

	casemap_clear(fl->index);
	for (i = 0; i < fl->nflows; i++)
		casemap_insert(fl->index, flows_hash(&fl->flows[i].key),
		    (uint32_t)i);
}

/*
 * The flow after the table's last (not yet counted in nflows), made from
 * key (interned: its strings already the table's) and the figures.
 */
static struct flow *
flows_slot(struct flows *fl, const struct flow_key *key, uint64_t count,
    int64_t first, int64_t last, int interned)
{
	struct flow	*f;

	if (fl->nflows >= UINT32_MAX - 1)
		fatalx("too many flows");
	if (fl->nflows == fl->aflows) {
		fl->aflows = fl->aflows == 0 ? 256 : fl->aflows * 2;
		fl->flows = xreallocarray(fl->flows, fl->aflows,
		    sizeof *fl->flows);
	}
	f = &fl->flows[fl->nflows];
	if (interned)
		f->key = *key;
	else
		flows_intern_key(fl, &f->key, key);
	f->count = count > UTIL_COUNT_MAX ? UTIL_COUNT_MAX : count;
	f->first_seen = first;
	f->last_seen = last;
	f->profile = NULL;
	f->logged_src = 0;
	return (f);
}

/*
 * Find or add the flow of key and count count events first..last in it;
 * *before is its count before.  The profile is the caller's to update.
 */
static struct flow *
flows_put(struct flows *fl, const struct flow_key *key, uint64_t h,
    uint64_t count, int64_t first, int64_t last, uint64_t *before,
    int interned)
{
	struct flow	*f;
	uint32_t	 i;

	if (fl->index == NULL)
		fatalx("flows: a flow added to a frozen table");
	if (fl->reindex) {
		flows_reindex(fl);
		fl->reindex = 0;
	}
	if ((i = casemap_find(fl->index, h, key)) != CASEMAP_NONE) {
		f = &fl->flows[i];
		if (first < f->first_seen || (first == f->first_seen &&
		    flows_spelling_compare(key, &f->key) < 0)) {
			if (interned)
				f->key = *key;
			else
				flows_intern_key(fl, &f->key, key);
		}
		*before = f->count;
		f->count = util_count_add(f->count, count);
		if (first != UTIL_TIME_NONE &&
		    (f->first_seen == UTIL_TIME_NONE ||
		    first < f->first_seen))
			f->first_seen = first;
		if (last > f->last_seen)
			f->last_seen = last;
		return (f);
	}
	fl->unsorted = 1;
	f = flows_slot(fl, key, count, first, last, interned);
	*before = 0;
	casemap_insert(fl->index, h, (uint32_t)fl->nflows++);
	return (f);
}

/*
 * A flow past the last of a table in canonical order, appended without the
 * index; or NULL.  A table is in that order when it is empty or has been
 * sorted (reindex: its index waits to be rebuilt), and a key after the last
 * is one it does not hold: loading a flow file (which is sorted) costs a
 * comparison a flow, not a hash and two probes.  The first flow out of
 * order ends it: flows_put rebuilds the index and goes on as ever.
 */
static struct flow *
flows_append(struct flows *fl, const struct flow_key *key, uint64_t count,
    int64_t first, int64_t last, int interned)
{
	struct flow	*f;

	if (fl->nflows > 0 && (!fl->reindex || fl->unsorted ||
	    flows_key_compare(&fl->flows[fl->nflows - 1].key, key) >= 0))
		return (NULL);
	f = flows_slot(fl, key, count, first, last, interned);
	fl->nflows++;
	fl->reindex = 1;
	return (f);
}

static void
flows_add(struct flows *fl, const struct flow_key *key, uint64_t count,
    int64_t first, int64_t last, const struct flow_profile *prof,
    int interned)
{
	struct flow	*f;
	uint64_t	 before = 0;

	if ((f = flows_append(fl, key, count, first, last, interned)) == NULL)
		f = flows_put(fl, key, flows_hash(key), count, first, last,
		    &before, interned);
	flows_profile_merge(&fl->slab, &f->profile, before, prof, count);
}

void
flows_add_flow(struct flows *fl, const struct flow_key *key, uint64_t count,
    int64_t first, int64_t last, const struct flow_profile *prof)
{
	flows_add(fl, key, count, first, last, prof, 0);
}

void
flows_add_flow_interned(struct flows *fl, const struct flow_key *key,
    uint64_t count, int64_t first, int64_t last,
    const struct flow_profile *prof)
{
	flows_add(fl, key, count, first, last, prof, 1);
}

void
flows_freeze(struct flows *fl)
{
	size_t	i;

	casemap_free(fl->index);
	fl->index = NULL;
	intern_freeze(fl->pool);
	for (i = 0; i < fl->nxpools; i++)
		intern_freeze(fl->xpools[i]);
}

const char *
flows_intern_string(struct flows *fl, const char *s)
{
	return (intern_get(fl->pool, s));
}

void
flows_reserve(struct flows *fl, size_t n)
{
	if (n > UINT32_MAX - 2 - fl->nflows)
		return;		/* flows_put says it, if they do come */
	if (fl->nflows + n > fl->aflows) {
		fl->aflows = fl->nflows + n;
		fl->flows = xreallocarray(fl->flows, fl->aflows,
		    sizeof *fl->flows);
	}
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
	if (casemap_equal(s, "true") || casemap_equal(s, "1"))
		return (1);
	if (casemap_equal(s, "false") || casemap_equal(s, "0"))
		return (0);
	return (-1);
}

/*
 * A hexadecimal value in one spelling, 0x and no leading zeros, into buf
 * (24 bytes): libevtx writes 0x00000000 where Windows' XML says 0x0.  A
 * value that is not hexadecimal is kept as logged.
 */
static const char *
flows_hex(const char *s, char *buf)
{
	unsigned long long	 v = 0;
	const char		*p;
	int			 d;

	if (s == NULL || s[0] != '0' || (s[1] != 'x' && s[1] != 'X') ||
	    s[2] == '\0' || strlen(s) > 18)
		return (s);
	for (p = s + 2; *p != '\0'; p++) {
		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (*p >= 'a' && *p <= 'f')
			d = *p - 'a' + 10;
		else if (*p >= 'A' && *p <= 'F')
			d = *p - 'A' + 10;
		else
			return (s);
		v = v << 4 | (unsigned long long)d;
	}
	snprintf(buf, 24, "0x%llx", v);
	return (buf);
}

/*
 * The flow key of ev through the event table, its strings borrowed from ev
 * (or hex, 24 bytes).  0, 1 if the row says it is not NTLM after all, -1
 * if the event id is not one of ours.
 */
static int
flows_event_key(const struct event *ev, struct flow_key *k, char *hex)
{
	const struct event_def	*d;
	const char		*ws, *pkg, *v[EVENT_ROLE__COUNT];
	int			 i;

	if ((d = event_def_find(ev->id)) == NULL)
		return (-1);
	/* One pass over the row: each value to the role it plays. */
	memset(v, 0, sizeof v);
	for (i = 0; i < d->nfields && i < ev->nfields; i++) {
		if (d->fields[i].role != EVENT_ROLE_NONE)
			v[d->fields[i].role] = flows_field(ev, i);
	}
	if (d->package != NULL && ((pkg = v[EVENT_ROLE_PACKAGE]) == NULL ||
	    !casemap_equal(pkg, d->package)))
		return (1);	/* say, a 4624 of Kerberos: not NTLM */
	memset(k, 0, sizeof *k);
	k->event_id = ev->id;
	k->logged_by = util_is_null_value(ev->computer) ? NULL : ev->computer;
	if (d->flags & EVENT_SERVER_COMPUTER)
		k->server = k->logged_by;
	else
		k->server = v[EVENT_ROLE_SERVER];
	k->user = v[EVENT_ROLE_ACCOUNT];
	k->domain = v[EVENT_ROLE_DOMAIN];
	k->workstation = v[EVENT_ROLE_CLIENT];
	k->process = v[EVENT_ROLE_PROCESS];
	k->logon_type = flows_number(v[EVENT_ROLE_LOGON_TYPE]);
	k->mechanism = v[EVENT_ROLE_MECHANISM];
	k->in_proc = flows_bool(v[EVENT_ROLE_IN_PROC]);
	k->schannel_type = (int)flows_number(v[EVENT_ROLE_SCHANNEL_TYPE]);
	k->ntlm_version = v[EVENT_ROLE_NTLM_VERSION];
	k->usage_id = flows_number(v[EVENT_ROLE_USAGE_ID]);
	k->usage_reason = v[EVENT_ROLE_USAGE_REASON];
	k->client_ip = v[EVENT_ROLE_CLIENT_IP];
	k->target_ip = v[EVENT_ROLE_TARGET_IP];
	k->mic = v[EVENT_ROLE_MIC];
	k->channel_binding = v[EVENT_ROLE_CHANNEL_BINDING];
	k->status = flows_hex(v[EVENT_ROLE_STATUS], hex);
	if ((ws = k->workstation) != NULL) {
		while (*ws == '\\')
			ws++;
		k->workstation = util_is_null_value(ws) ? NULL : ws;
	}
	return (0);
}

void
flows_prepare(const struct event *ev, struct flow_prep *p)
{
	p->rc = flows_event_key(ev, &p->key, p->hex);
	p->hash = p->rc == 0 ? flows_hash(&p->key) : 0;
}

void
flows_prefetch(const struct flows *fl, const struct flow_prep *p)
{
	if (p->rc == 0 && !fl->reindex && fl->index != NULL)
		casemap_prefetch(fl->index, p->hash);
}

int
flows_add_event(struct flows *fl, struct source *src, const struct event *ev)
{
	struct flow_prep	p;

	flows_prepare(ev, &p);
	return (flows_add_prepared(fl, src, ev, &p));
}

/* The flow of a used event with its key worked out, its count and profile. */
static struct flow *
flows_put_event(struct flows *fl, const struct event *ev,
    const struct flow_prep *p)
{
	struct flow	*f;
	uint64_t	 before;

	f = flows_put(fl, &p->key, p->hash, 1, ev->time, ev->time, &before,
	    0);
	if (f->profile == NULL) {
		f->profile = flows_profile_new(&fl->slab);
		f->profile->unknown = before;
	}
	flows_profile_event(&fl->slab, f->profile, ev->time);
	return (f);
}

/*
 * host into src's logged_by if no spelling of it is there: a host met
 * lately is looked up in fl's cache, by its folded name's hash.
 */
static void
flows_source_host_cached(struct flows *fl, struct source *src,
    const char *host)
{
	struct flows_hostcache	*e;

	if (host == NULL)
		return;
	e = &fl->hostcache[casemap_hash(CASEMAP_SEED, host) %
	    FLOWS_HOSTCACHE];
	if (e->src != src->serial || e->name == NULL ||
	    !casemap_equal(host, e->name)) {
		e->src = src->serial;
		e->name = flows_source_host(src, host);
	}
}

/* A used event of src: its count and times. */
static void
flows_source_used(struct source *src, const struct event *ev)
{
	src->used++;
	if (src->first_seen == UTIL_TIME_NONE || ev->time < src->first_seen)
		src->first_seen = ev->time;
	if (src->last_seen == UTIL_TIME_NONE || ev->time > src->last_seen)
		src->last_seen = ev->time;
}

int
flows_add_prepared(struct flows *fl, struct source *src,
    const struct event *ev, const struct flow_prep *p)
{
	struct flow		*f;

	if (p->rc != 0) {
		if (p->rc == 1)
			flows_source_skip(src, ev->id);
		return (p->rc);
	}
	f = flows_put_event(fl, ev, p);
	flows_source_used(src, ev);
	/* Once per flow and source: the flow's host is the same (but for
	 * case) in every event of it, and logged_by folds case too. */
	if (f->logged_src != src->serial) {
		flows_source_host_cached(fl, src, p->key.logged_by);
		f->logged_src = src->serial;
	}
	return (0);
}

int
flows_account_prepared(struct flows *fl, struct source *src,
    const struct event *ev, const struct flow_prep *p)
{
	if (p->rc != 0) {
		if (p->rc == 1)
			flows_source_skip(src, ev->id);
		return (p->rc);
	}
	flows_source_used(src, ev);
	/*
	 * The first spelling of each host, as flows_add_prepared keeps it:
	 * the first event of a flow is the first of its host, or its host
	 * is there already.
	 */
	flows_source_host_cached(fl, src, p->key.logged_by);
	return (0);
}

void
flows_put_prepared(struct flows *fl, const struct event *ev,
    const struct flow_prep *p)
{
	if (p->rc == 0)
		(void)flows_put_event(fl, ev, p);
}

/*
 * Logs and their record-id ranges.  A range list is sorted, its ranges
 * disjoint and not adjacent; adding a range coalesces what it touches.
 */

/* The earlier of two times, NONE only if both are. */
static int64_t
flows_time_min(int64_t a, int64_t b)
{
	if (a == UTIL_TIME_NONE)
		return (b);
	if (b == UTIL_TIME_NONE)
		return (a);
	return (a < b ? a : b);
}

static int64_t
flows_time_max(int64_t a, int64_t b)
{
	if (a == UTIL_TIME_NONE)
		return (b);
	if (b == UTIL_TIME_NONE)
		return (a);
	return (a > b ? a : b);
}

/* First range of r[0..n) that ends at id - 1 or later. */
static size_t
flows_range_lower(const struct flows_range *r, size_t n, uint64_t id)
{
	size_t	lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (r[mid].last + 1 < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (lo);
}

static int
flows_range_holds(const struct flows_range *r, size_t n, uint64_t id)
{
	size_t	i = flows_range_lower(r, n, id);

	return (i < n && r[i].first <= id && id <= r[i].last);
}

/*
 * True if record id written at t is one the ranges hold: the id is held
 * and t is within the times of its range (when they are known), give or
 * take FLOWS_TIME_SLACK.  A log that was cleared starts again at id 1: its
 * new records are later than the range of the old ones and are not taken
 * for copies of them.
 */
static int
flows_range_same(const struct flows_range *r, size_t n, uint64_t id,
    int64_t t)
{
	size_t	i = flows_range_lower(r, n, id);
	int64_t	lo, hi;

	if (i >= n || r[i].first > id || id > r[i].last)
		return (0);
	if (t == UTIL_TIME_NONE || r[i].first_time == UTIL_TIME_NONE ||
	    r[i].last_time == UTIL_TIME_NONE)
		return (1);
	lo = flows_time_min(r[i].first_time, r[i].last_time);
	hi = flows_time_max(r[i].first_time, r[i].last_time);
	return (lo - FLOWS_TIME_SLACK <= t && t <= hi + FLOWS_TIME_SLACK);
}

/*
 * Add in to the list *r (n ranges, a allocated).  Ids held already are
 * added to log->overlaps if log is not NULL.
 */
static void
flows_range_add(struct flows_range **r, size_t *n, size_t *a,
    const struct flows_range *in, struct flows_log *log)
{
	struct flows_range	 m = *in, o;
	size_t			 i, j;

	i = flows_range_lower(*r, *n, in->first);
	for (j = i; j < *n && (*r)[j].first <= in->last + 1; j++) {
		const struct flows_range *x = &(*r)[j];

		if (log != NULL && x->last >= in->first &&
		    x->first <= in->last) {
			memset(&o, 0, sizeof o);
			o.first = x->first > in->first ? x->first : in->first;
			o.last = x->last < in->last ? x->last : in->last;
			o.first_time = o.last_time = UTIL_TIME_NONE;
			flows_range_add(&log->overlaps, &log->noverlaps,
			    &log->aoverlaps, &o, NULL);
		}
		if (x->first < m.first) {
			m.first = x->first;
			m.first_time = x->first_time;
		} else if (x->first == m.first)
			m.first_time = flows_time_min(m.first_time,
			    x->first_time);
		if (x->last > m.last) {
			m.last = x->last;
			m.last_time = x->last_time;
		} else if (x->last == m.last)
			m.last_time = flows_time_min(m.last_time, x->last_time);
	}
	if (j == i) {
		if (*n == *a) {
			*a = *a == 0 ? 4 : *a * 2;
			*r = xreallocarray(*r, *a, sizeof **r);
		}
		memmove(*r + i + 1, *r + i, (*n - i) * sizeof **r);
		(*n)++;
	} else if (j > i + 1) {
		memmove(*r + i + 1, *r + j, (*n - j) * sizeof **r);
		*n -= j - i - 1;
	}
	(*r)[i] = m;
}

static int
flows_log_compare(const char *ha, const char *ca, const char *hb,
    const char *cb)
{
	int	c;

	if ((c = strcasecmp(ha, hb)) != 0)
		return (c);
	return (util_strcasecmp_null(ca, cb));
}

/*
 * The log (host, channel) of fl, created if create; NULL if not found.
 * Records name a few logs over and over: a cache by the names' hash saves
 * the search, and is emptied when a new log moves the others.
 */
static struct flows_log *
flows_log_get(struct flows *fl, const char *host, const char *channel,
    int create)
{
	struct flows_logcache	*e, *at[2];
	struct flows_log	*l;
	uint64_t		 h;
	size_t			 lo = 0, hi = fl->nlogs, mid;
	int			 c, hs, cs, k;

	h = casemap_hash(casemap_hash(CASEMAP_SEED, host), channel);
	at[0] = &fl->logcache[h % FLOWS_LOGCACHE];
	at[1] = &fl->logcache[(h >> 32) % FLOWS_LOGCACHE];
	for (k = 0; k < 2; k++) {
		e = at[k];
		if (e->index == 0 || e->hash != h || e->index > fl->nlogs)
			continue;
		l = &fl->logs[e->index - 1];
		hs = casemap_equal(host, l->host);
		cs = casemap_equal_null(channel, l->channel);
		/* Spelled as the log already is: nothing to choose. */
		if (hs == CASEMAP_SAME && cs == CASEMAP_SAME)
			return (l);
		if (hs && cs)
			goto found;
	}
	/* Not there: into the first place, or the second if it is free. */
	e = at[0]->index != 0 && at[1]->index == 0 ? at[1] : at[0];
	while (lo < hi) {
		mid = (lo + hi) / 2;
		l = &fl->logs[mid];
		c = flows_log_compare(host, channel, l->host, l->channel);
		if (c == 0) {
			e->hash = h;
			e->index = mid + 1;
			goto found;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (!create)
		return (NULL);
	if (fl->nlogs == fl->alogs) {
		fl->alogs = fl->alogs == 0 ? 8 : fl->alogs * 2;
		fl->logs = xreallocarray(fl->logs, fl->alogs, sizeof *fl->logs);
	}
	memmove(fl->logs + lo + 1, fl->logs + lo,
	    (fl->nlogs - lo) * sizeof *fl->logs);
	fl->nlogs++;
	l = &fl->logs[lo];
	memset(l, 0, sizeof *l);
	l->host = intern_get(fl->pool, host);
	l->channel = intern_get(fl->pool, channel);
	l->first_time = l->last_time = UTIL_TIME_NONE;
	memset(fl->logcache, 0, sizeof fl->logcache);
	e->hash = h;
	e->index = lo + 1;
	return (l);
found:
	/* The bytewise smallest spelling, whatever the order of the inputs. */
	if (create && strcmp(host, l->host) < 0)
		l->host = intern_get(fl->pool, host);
	if (create && channel != NULL && strcmp(channel, l->channel) < 0)
		l->channel = intern_get(fl->pool, channel);
	return (l);
}

/* The log a record belongs to: its channel, or its provider's. */
static const char *
flows_record_channel(const struct event *ev)
{
	static const char *const ntlm[] = { EVENT_PROVIDER_NTLM,
	    EVENT_PROVIDER_NETLOGON };
	size_t	i;

	if (ev->channel != NULL && *ev->channel != '\0')
		return (ev->channel);
	for (i = 0; ev->provider != NULL && i < sizeof ntlm / sizeof ntlm[0];
	    i++) {
		if (strcasecmp(ev->provider, ntlm[i]) == 0)
			return (FLOWS_CHANNEL_NTLM);
	}
	return (NULL);
}

#define FLOWS_SHARED_IDS	3

/* Keep no ids for log l any more. */
static void
flows_log_untrack(struct flows_log *l)
{
	free(l->ranges);
	l->ranges = NULL;
	l->nranges = l->aranges = 0;
	l->untracked = 1;
}

/* Forget the ids of every log of fl (they were not the logs' own). */
static void
flows_drop_ids(struct flows *fl)
{
	size_t	i;

	for (i = 0; i < fl->nlogs; i++) {
		free(fl->logs[i].ranges);
		fl->logs[i].ranges = NULL;
		fl->logs[i].nranges = fl->logs[i].aranges = 0;
	}
}

/* The log (host, channel) of fl, or NULL; fl is not changed. */
static const struct flows_log *
flows_log_find(const struct flows *fl, const char *host, const char *channel)
{
	const struct flows_log	*l;
	size_t			 lo = 0, hi = fl->nlogs, mid;
	int			 c;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		l = &fl->logs[mid];
		c = flows_log_compare(host, channel, l->host, l->channel);
		if (c == 0)
			return (l);
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return (NULL);
}

int
flows_record(struct flows *fl, const struct event *ev)
{
	struct flows_log	*l;
	const struct flows_log	*x;
	struct flows_range	 r, *last;
	const char		*channel;
	uint64_t		 id = ev->record_id;

	if (ev->computer == NULL || util_is_null_value(ev->computer))
		return (0);
	channel = flows_record_channel(ev);
	l = flows_log_get(fl, ev->computer, channel, 1);
	if (ev->time != UTIL_TIME_NONE) {
		l->first_time = flows_time_min(l->first_time, ev->time);
		l->last_time = flows_time_max(l->last_time, ev->time);
	}
	/* An id a flow file cannot hold exactly gives no identity. */
	if (id == 0 || id > UTIL_COUNT_MAX || channel == NULL ||
	    l->untracked || fl->shared >= FLOWS_SHARED_IDS)
		return (0);
	/*
	 * One sequence over several hosts: a collector's log, if every change
	 * of host so far carried the ids upward and three by exactly one.  A
	 * change where the id does not rise shows the hosts' own ids.
	 */
	if (fl->prev_host != NULL && !casemap_equal(fl->prev_host, l->host)) {
		if (id <= fl->prev_id)
			fl->own_ids = 1;
		else if (id == fl->prev_id + 1 && !fl->own_ids &&
		    ++fl->shared >= FLOWS_SHARED_IDS) {
			flows_drop_ids(fl);
			return (0);
		}
	}
	fl->prev_host = l->host;
	fl->prev_id = id;
	if (fl->exclude != NULL && (x = flows_log_find(fl->exclude,
	    ev->computer, channel)) != NULL &&
	    flows_range_holds(x->ranges, x->nranges, id)) {
		if (flows_range_same(x->ranges, x->nranges, id, ev->time))
			return (1);
		return (0);	/* another incarnation of the log */
	}
	last = l->nranges > 0 ? &l->ranges[l->nranges - 1] : NULL;
	if (last != NULL && last->last + 1 == id) {
		last->last = id;
		last->last_time = ev->time;
		return (0);
	}
	if (flows_range_holds(l->ranges, l->nranges, id))
		return (flows_range_same(l->ranges, l->nranges, id, ev->time));
	r.first = r.last = id;
	r.first_time = r.last_time = ev->time;
	flows_range_add(&l->ranges, &l->nranges, &l->aranges, &r, NULL);
	if (l->nranges > FLOWS_LOG_RANGES_MAX)
		flows_log_untrack(l);
	return (0);
}

int
flows_ids_shared(const struct flows *fl)
{
	return (fl->shared >= FLOWS_SHARED_IDS);
}

void
flows_record_range(struct flows *fl, const char *host, const char *channel,
    uint64_t first, uint64_t last)
{
	struct flows_log	*l;
	struct flows_range	 r;

	const struct flows_log	*x = NULL;
	size_t			 i;

	if (host == NULL || first == 0 || first > last ||
	    last > UTIL_COUNT_MAX)
		return;
	if (fl->exclude != NULL)
		x = flows_log_find(fl->exclude, host, channel);
	l = flows_log_get(fl, host, channel, 1);
	if (l->untracked || fl->shared >= FLOWS_SHARED_IDS)
		return;
	r.first_time = r.last_time = UTIL_TIME_NONE;
	/* What the excluded table holds is not this table's. */
	i = x != NULL ? flows_range_lower(x->ranges, x->nranges, first) : 0;
	for (; x != NULL && i < x->nranges && x->ranges[i].first <= last &&
	    first <= last; i++) {
		if (x->ranges[i].last < first)
			continue;
		if (x->ranges[i].first > first) {
			r.first = first;
			r.last = x->ranges[i].first - 1;
			flows_range_add(&l->ranges, &l->nranges, &l->aranges,
			    &r, NULL);
		}
		if (x->ranges[i].last >= last)
			return;
		first = x->ranges[i].last + 1;
	}
	r.first = first;
	r.last = last;
	flows_range_add(&l->ranges, &l->nranges, &l->aranges, &r, NULL);
}

void
flows_exclude(struct flows *fl, const struct flows *ex)
{
	fl->exclude = ex;
}

int
flows_logs_intersect(const struct flows *a, const struct flows *b)
{
	const struct flows_log	*la, *lb;
	size_t			 i, j, k;

	for (i = 0; i < b->nlogs; i++) {
		lb = &b->logs[i];
		if ((la = flows_log_find(a, lb->host, lb->channel)) == NULL)
			continue;
		for (j = 0, k = 0; j < la->nranges && k < lb->nranges;) {
			if (la->ranges[j].last < lb->ranges[k].first)
				j++;
			else if (lb->ranges[k].last < la->ranges[j].first)
				k++;
			else
				return (1);
		}
	}
	return (0);
}

size_t
flows_logs(const struct flows *fl, const struct flows_log **out)
{
	*out = fl->logs;
	return (fl->nlogs);
}

void
flows_log_gap(const struct flows_log *l, size_t i, struct flows_gap *g)
{
	memset(g, 0, sizeof *g);
	g->from = g->to = UTIL_TIME_NONE;
	if (i + 1 >= l->nranges)
		return;
	g->after = l->ranges[i].last;
	g->before = l->ranges[i + 1].first;
	g->lost = g->before - g->after - 1;
	g->from = l->ranges[i].last_time;
	g->to = l->ranges[i + 1].first_time;
}

uint64_t
flows_log_held(const struct flows_log *l)
{
	uint64_t	n = 0;
	size_t		i;

	for (i = 0; i < l->nranges; i++)
		n += l->ranges[i].last - l->ranges[i].first + 1;
	return (n);
}

uint64_t
flows_log_lost(const struct flows_log *l)
{
	uint64_t	n = 0;
	size_t		i;

	for (i = 0; i + 1 < l->nranges; i++)
		n += l->ranges[i + 1].first - l->ranges[i].last - 1;
	return (n);
}

size_t
flows_overlaps(const struct flows *fl, struct flows_overlap **out)
{
	struct flows_overlap	*o;
	size_t			 i, j, n = 0;

	for (i = 0; i < fl->nlogs; i++)
		n += fl->logs[i].noverlaps;
	o = xcalloc(n + 1, sizeof *o);
	n = 0;
	for (i = 0; i < fl->nlogs; i++) {
		for (j = 0; j < fl->logs[i].noverlaps; j++) {
			o[n].host = fl->logs[i].host;
			o[n].channel = fl->logs[i].channel;
			o[n].first = fl->logs[i].overlaps[j].first;
			o[n].last = fl->logs[i].overlaps[j].last;
			n++;
		}
	}
	*out = o;
	return (n);
}

/* Add every range, overlap and the window of log src to dst. */
static void
flows_log_merge(struct flows *dst, const struct flows_log *src)
{
	struct flows_log	*l;
	size_t			 i;

	l = flows_log_get(dst, src->host, src->channel, 1);
	l->first_time = flows_time_min(l->first_time, src->first_time);
	l->last_time = flows_time_max(l->last_time, src->last_time);
	if (src->untracked && !l->untracked)
		flows_log_untrack(l);
	if (l->untracked)
		return;
	for (i = 0; i < src->noverlaps; i++)
		flows_range_add(&l->overlaps, &l->noverlaps, &l->aoverlaps,
		    &src->overlaps[i], NULL);
	for (i = 0; i < src->nranges && !l->untracked; i++) {
		flows_range_add(&l->ranges, &l->nranges, &l->aranges,
		    &src->ranges[i], l);
		if (l->nranges > FLOWS_LOG_RANGES_MAX)
			flows_log_untrack(l);
	}
}

void
flows_log_add(struct flows *fl, const char *host, const char *channel,
    int64_t first, int64_t last, int untracked)
{
	struct flows_log	*l;

	l = flows_log_get(fl, host, channel, 1);
	l->first_time = flows_time_min(l->first_time, first);
	l->last_time = flows_time_max(l->last_time, last);
	if (untracked && !l->untracked)
		flows_log_untrack(l);
}

int
flows_log_add_range(struct flows *fl, const char *host, const char *channel,
    const struct flows_range *r)
{
	struct flows_log	*l;

	l = flows_log_get(fl, host, channel, 1);
	if (l->untracked)
		return (1);
	flows_range_add(&l->ranges, &l->nranges, &l->aranges, r, l);
	if (l->nranges > FLOWS_LOG_RANGES_MAX)
		flows_log_untrack(l);
	return (0);
}

void
flows_log_add_overlap(struct flows *fl, const char *host,
    const char *channel, uint64_t first, uint64_t last)
{
	struct flows_log	*l;
	struct flows_range	 r;

	r.first = first;
	r.last = last;
	r.first_time = r.last_time = UTIL_TIME_NONE;
	l = flows_log_get(fl, host, channel, 1);
	flows_range_add(&l->overlaps, &l->noverlaps, &l->aoverlaps, &r, NULL);
}

/*
 * flows_merge into an empty dst: src's flows, logs and sources as they
 * are, which is what adding them one by one would give, without a copy.
 * The tables trade their contents; each keeps its own reading state
 * (exclude, the last record's log), src's last host forgotten with its
 * pool.
 */
static void
flows_take(struct flows *dst, struct flows *src)
{
	struct flows	 t = *dst;
	struct casemap	*di = dst->index, *si = src->index;

	*dst = *src;
	dst->index = di;
	dst->exclude = t.exclude;
	dst->prev_host = t.prev_host;
	dst->prev_id = t.prev_id;
	dst->shared = t.shared;
	dst->own_ids = t.own_ids;
	t.exclude = src->exclude;
	t.prev_host = NULL;
	t.prev_id = src->prev_id;
	t.shared = src->shared;
	t.own_ids = src->own_ids;
	*src = t;
	src->index = si;
	casemap_swap(di, si);
}

void
flows_merge(struct flows *dst, struct flows *src)
{
	size_t	i;

	if (dst->index == NULL || src->index == NULL)
		fatalx("flows: a frozen table merged");
	if (dst->nflows == 0 && dst->nlogs == 0 && dst->nsources == 0) {
		flows_take(dst, src);
		return;
	}
	for (i = 0; i < src->nflows; i++) {
		flows_add_flow(dst, &src->flows[i].key, src->flows[i].count,
		    src->flows[i].first_seen, src->flows[i].last_seen,
		    src->flows[i].profile);
		flows_profile_release(&src->slab, src->flows[i].profile);
	}
	if (src->nsources > 0) {
		dst->sources = xreallocarray(dst->sources,
		    dst->nsources + src->nsources, sizeof *dst->sources);
		memcpy(dst->sources + dst->nsources, src->sources,
		    src->nsources * sizeof *src->sources);
		dst->nsources += src->nsources;
	}
	for (i = 0; i < src->nlogs; i++) {
		flows_log_merge(dst, &src->logs[i]);
		free(src->logs[i].ranges);
		free(src->logs[i].overlaps);
	}
	src->nlogs = 0;
	memset(src->logcache, 0, sizeof src->logcache);
	src->nsources = 0;
	src->nflows = 0;
	src->reindex = 0;
	src->unsorted = 0;
	casemap_clear(src->index);
}

void
flows_absorb(struct flows *dst, struct flows *src, int disjoint)
{
	struct flow	*f;
	size_t		 i, n = src->nflows;

	if (dst->index == NULL || src->index == NULL)
		fatalx("flows: a frozen table absorbed");
	/* src's strings and profiles stay where they are, now dst's. */
	dst->xpools = xreallocarray(dst->xpools, dst->nxpools + 1,
	    sizeof *dst->xpools);
	dst->xslabs = xreallocarray(dst->xslabs, dst->nxpools + 1,
	    sizeof *dst->xslabs);
	dst->xpools[dst->nxpools] = src->pool;
	dst->xslabs[dst->nxpools++] = src->slab;
	src->pool = intern_create();
	memset(&src->slab, 0, sizeof src->slab);
	memset(src->icache, 0, sizeof src->icache);
	if (dst->nflows == 0 && !dst->reindex) {
		/* The arrays and their index trade places. */
		f = dst->flows;
		dst->flows = src->flows;
		src->flows = f;
		dst->nflows = n;
		src->nflows = 0;
		i = dst->aflows;
		dst->aflows = src->aflows;
		src->aflows = i;
		dst->reindex = src->reindex;
		dst->unsorted = src->unsorted;
		casemap_swap(dst->index, src->index);
	} else if (disjoint) {
		/* No key of src in dst: after its flows, the index later. */
		if (n > UINT32_MAX - 2 - dst->nflows)
			fatalx("too many flows");
		if (dst->nflows + n > dst->aflows) {
			dst->aflows = dst->nflows + n;
			dst->flows = xreallocarray(dst->flows, dst->aflows,
			    sizeof *dst->flows);
		}
		if (n > 0)
			memcpy(dst->flows + dst->nflows, src->flows,
			    n * sizeof *src->flows);
		dst->nflows += n;
		dst->reindex = dst->unsorted = 1;
		src->nflows = 0;
	} else {
		for (i = 0; i < n; i++) {
			f = &src->flows[i];
			flows_add(dst, &f->key, f->count, f->first_seen,
			    f->last_seen, f->profile, 1);
		}
		src->nflows = 0;
	}
	src->reindex = src->unsorted = 0;
	casemap_clear(src->index);
}

static int
flows_int_compare(long long a, long long b)
{
	return ((a > b) - (a < b));
}

/*
 * strcasecmp (ASCII, as in the C locale) and strcmp, NULL first, inline:
 * sorting a million flows calls them tens of millions of times, and
 * interned strings spelled alike are one pointer.
 */
static inline int
flows_casecmp(const char *a, const char *b)
{
	const unsigned char	*x = (const unsigned char *)a;
	const unsigned char	*y = (const unsigned char *)b;
	int			 cx, cy;

	if (a == b)
		return (0);
	if (a == NULL || b == NULL)
		return ((a != NULL) - (b != NULL));
	for (;; x++, y++) {
		cx = *x;
		cy = *y;
		if (cx == cy) {
			if (cx == '\0')
				return (0);
			continue;
		}
		if (cx >= 'A' && cx <= 'Z')
			cx += 'a' - 'A';
		if (cy >= 'A' && cy <= 'Z')
			cy += 'a' - 'A';
		if (cx != cy)
			return (cx - cy);
	}
}

static inline int
flows_strcmp(const char *a, const char *b)
{
	if (a == b)
		return (0);
	if (a == NULL || b == NULL)
		return ((a != NULL) - (b != NULL));
	return (strcmp(a, b));
}

int
flows_compare(const struct flow *fa, const struct flow *fb)
{
	return (flows_key_compare(&fa->key, &fb->key));
}

static int
flows_key_compare(const struct flow_key *a, const struct flow_key *b)
{
	int	c;

	if ((c = flows_casecmp(a->server, b->server)) != 0 ||
	    (c = flows_casecmp(a->domain, b->domain)) != 0 ||
	    (c = flows_casecmp(a->user, b->user)) != 0 ||
	    (c = flows_int_compare(a->event_id, b->event_id)) != 0 ||
	    (c = flows_casecmp(a->logged_by, b->logged_by)) != 0 ||
	    (c = flows_casecmp(a->workstation, b->workstation)) != 0 ||
	    (c = flows_strcmp(a->process, b->process)) != 0 ||
	    (c = flows_int_compare(a->logon_type, b->logon_type)) != 0 ||
	    (c = flows_strcmp(a->mechanism, b->mechanism)) != 0 ||
	    (c = flows_int_compare(a->in_proc, b->in_proc)) != 0 ||
	    (c = flows_int_compare(a->schannel_type, b->schannel_type)) != 0 ||
	    (c = flows_strcmp(a->ntlm_version, b->ntlm_version)) != 0 ||
	    (c = flows_int_compare(a->usage_id, b->usage_id)) != 0 ||
	    (c = flows_strcmp(a->usage_reason, b->usage_reason)) != 0 ||
	    (c = flows_strcmp(a->client_ip, b->client_ip)) != 0 ||
	    (c = flows_strcmp(a->target_ip, b->target_ip)) != 0 ||
	    (c = flows_strcmp(a->mic, b->mic)) != 0 ||
	    (c = flows_strcmp(a->channel_binding, b->channel_binding)) != 0 ||
	    (c = flows_strcmp(a->status, b->status)) != 0)
		return (c);
	return (0);
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
	    (c = flows_int_compare((long long)a->duplicate,
	    (long long)b->duplicate)) != 0 ||
	    (c = flows_int_compare(a->first_seen, b->first_seen)) != 0 ||
	    (c = flows_int_compare(a->last_seen, b->last_seen)) != 0)
		return (c);
	for (i = 0; i < a->nlogged_by && i < b->nlogged_by; i++) {
		if ((c = strcmp(a->logged_by[i], b->logged_by[i])) != 0)
			return (c);
	}
	if ((c = flows_int_compare((long long)a->nlogged_by,
	    (long long)b->nlogged_by)) != 0)
		return (c);
	if ((a->skips == NULL) != (b->skips == NULL))
		return (a->skips == NULL ? -1 : 1);
	for (i = 0; i < a->nskips && i < b->nskips; i++) {
		if ((c = flows_int_compare(a->skips[i].id,
		    b->skips[i].id)) != 0 ||
		    (c = flows_int_compare((long long)a->skips[i].count,
		    (long long)b->skips[i].count)) != 0)
			return (c);
	}
	return (flows_int_compare((long long)a->nskips,
	    (long long)b->nskips));
}

/* Threads flows_sort and flows_save may use (flows_set_threads). */
static int	flows_nthreads = 1;

void
flows_set_threads(int n)
{
	flows_nthreads = n < 1 ? 1 : n;
}

int
flows_threads(void)
{
	return (flows_nthreads);
}

/*
 * The sort works on keys of 32 bytes, not on the flows: the ranks of the
 * flow's server and domain in the folded order of the table's (the same
 * rank for spellings equal but for case), the first bytes of its user
 * folded (flows_user_prefix), and the flow for the rest.  Most comparisons
 * end on the numbers, without a load of the flow or of a string; the
 * flows move once, at the end.
 */
struct flows_sortkey {
	uint32_t		 server;
	uint32_t		 domain;
	uint64_t		 user[2];
	const struct flow	*f;
};

/*
 * The distinct strings of a key field (by pointer: interned) and their
 * ranks: index i in strs, rank[i] once flows_rank_sort has run.
 */
struct flows_ranks {
	struct casemap	*index;		/* owned: pointer -> i */
	const char	**strs;		/* owned */
	uint32_t	*rank;		/* owned */
	size_t		 n;
	size_t		 a;
	const char	*last;		/* of the last lookup, and its i */
	uint32_t	 lasti;
};

struct flows_rankstr {
	const char	*s;
	uint32_t	 i;
};

static int
flows_rank_match(const void *key, uint32_t value, const void *arg)
{
	const struct flows_ranks	*r = arg;

	return (r->strs[value] == key);
}

static void
flows_rank_init(struct flows_ranks *r)
{
	memset(r, 0, sizeof *r);
	r->index = casemap_create(64, flows_rank_match, r);
	r->lasti = UINT32_MAX;
}

static void
flows_rank_clear(struct flows_ranks *r)
{
	casemap_free(r->index);
	free(r->strs);
	free(r->rank);
}

/* The index of s among the strings of r, added if new. */
static uint32_t
flows_rank_index(struct flows_ranks *r, const char *s)
{
	uint64_t	h;
	uint32_t	i;

	if (s == r->last && r->lasti != UINT32_MAX)
		return (r->lasti);
	h = casemap_hash_int(CASEMAP_SEED, (long long)(uintptr_t)s);
	if ((i = casemap_find(r->index, h, s)) == CASEMAP_NONE) {
		r->strs = xgrow(r->strs, r->n, &r->a, sizeof *r->strs);
		r->strs[r->n] = s;
		i = (uint32_t)r->n++;
		casemap_insert(r->index, h, i);
	}
	r->last = s;
	return (r->lasti = i);
}

static int
flows_rankstr_compare(const void *va, const void *vb)
{
	const struct flows_rankstr	*a = va, *b = vb;

	return (flows_casecmp(a->s, b->s));
}

/* The ranks of r's strings in flows_casecmp's order. */
static void
flows_rank_sort(struct flows_ranks *r)
{
	struct flows_rankstr	*v;
	uint32_t		 rank = 0;
	size_t			 i;

	v = xreallocarray(NULL, r->n, sizeof *v);
	for (i = 0; i < r->n; i++) {
		v[i].s = r->strs[i];
		v[i].i = (uint32_t)i;
	}
	qsort(v, r->n, sizeof *v, flows_rankstr_compare);
	r->rank = xreallocarray(NULL, r->n, sizeof *r->rank);
	for (i = 0; i < r->n; i++) {
		if (i > 0 && flows_casecmp(v[i - 1].s, v[i].s) != 0)
			rank++;
		r->rank[v[i].i] = rank;
	}
	free(v);
}

/*
 * The first 16 bytes of s as 1, its bytes folded, 0 (NULL: all 0), as two
 * big-endian numbers: their order agrees with flows_casecmp's, NULL first.
 */
static void
flows_user_prefix(const char *s, uint64_t *w)
{
	unsigned	c;
	size_t		i;

	w[0] = w[1] = 0;
	if (s == NULL)
		return;
	w[0] = UINT64_C(1) << 56;
	for (i = 1; i < 16 && (c = (unsigned char)s[i - 1]) != '\0'; i++) {
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		w[i / 8] |= (uint64_t)c << (56 - 8 * (i % 8));
	}
}

static int
flows_sortkey_compare(const void *va, const void *vb)
{
	const struct flows_sortkey	*a = va, *b = vb;

	if (a->server != b->server)
		return (a->server < b->server ? -1 : 1);
	if (a->domain != b->domain)
		return (a->domain < b->domain ? -1 : 1);
	if (a->user[0] != b->user[0])
		return (a->user[0] < b->user[0] ? -1 : 1);
	if (a->user[1] != b->user[1])
		return (a->user[1] < b->user[1] ? -1 : 1);
	return (flows_key_compare(&a->f->key, &b->f->key));
}

/*
 * Sort n keys in place (introsort: quicksort on the median of three,
 * heapsort past a depth of 2 log n, insertion sort below 16 keys): qsort
 * would take a copy of them, megabytes of memory touched for the first
 * time, which costs more than the sort on a virtual machine.  The order
 * is total, so any algorithm gives the same result.
 */
static void
flows_sortkey_swap(struct flows_sortkey *a, struct flows_sortkey *b)
{
	struct flows_sortkey	t = *a;

	*a = *b;
	*b = t;
}

static void
flows_sortkey_sift(struct flows_sortkey *k, size_t i, size_t n)
{
	size_t	c;

	while ((c = 2 * i + 1) < n) {
		if (c + 1 < n && flows_sortkey_compare(&k[c], &k[c + 1]) < 0)
			c++;
		if (flows_sortkey_compare(&k[i], &k[c]) >= 0)
			return;
		flows_sortkey_swap(&k[i], &k[c]);
		i = c;
	}
}

/*
 * Hoare's partition of k[0..n) around the value of pivot, a key among
 * them: returns s, with k[0..s) <= pivot <= k[s..n).
 */
static size_t
flows_sortkey_partition(struct flows_sortkey *k, size_t n,
    const struct flows_sortkey *at)
{
	struct flows_sortkey	pivot = *at;
	size_t			i = 0, j = n - 1;

	for (;;) {
		while (flows_sortkey_compare(&k[i], &pivot) < 0)
			i++;
		while (flows_sortkey_compare(&pivot, &k[j]) < 0)
			j--;
		if (i >= j)
			return (j + 1);
		flows_sortkey_swap(&k[i], &k[j]);
		i++;
		j--;
	}
}

static void
flows_sortkey_sort(struct flows_sortkey *k, size_t n)
{
	struct flows_sortkey	 t;
	size_t			 i, j, m, depth = 0;

	for (i = n; i > 1; i /= 2)
		depth += 2;
	while (n > 16) {
		if (depth-- == 0) {
			for (i = n / 2; i-- > 0;)
				flows_sortkey_sift(k, i, n);
			for (i = n; i-- > 1;) {
				flows_sortkey_swap(&k[0], &k[i]);
				flows_sortkey_sift(k, 0, i);
			}
			return;
		}
		m = n / 2;
		if (flows_sortkey_compare(&k[m], &k[0]) < 0)
			flows_sortkey_swap(&k[m], &k[0]);
		if (flows_sortkey_compare(&k[n - 1], &k[m]) < 0) {
			flows_sortkey_swap(&k[n - 1], &k[m]);
			if (flows_sortkey_compare(&k[m], &k[0]) < 0)
				flows_sortkey_swap(&k[m], &k[0]);
		}
		/* Both sides hold a key: k[0] and k[n - 1] at least. */
		j = flows_sortkey_partition(k, n, &k[m]);
		if (j < n - j) {
			flows_sortkey_sort(k, j);
			k += j;
			n -= j;
		} else {
			flows_sortkey_sort(k + j, n - j);
			n = j;
		}
	}
	for (i = 1; i < n; i++) {
		t = k[i];
		for (j = i; j > 0 && flows_sortkey_compare(&t, &k[j - 1]) < 0;
		    j--)
			k[j] = k[j - 1];
		k[j] = t;
	}
}

/* Keys for a thread of flows_sort_keys to sort. */
struct flows_part {
	struct flows_sortkey	*k;
	size_t			 n;
};

static void *
flows_part_sort(void *arg)
{
	struct flows_part	*p = arg;

	flows_sortkey_sort(p->k, p->n);
	return (NULL);
}

/*
 * Sort the n keys of k: if threaded, split around a key near their median
 * (of FLOWS_SORT_SAMPLES spread over them) and the two sides sorted at
 * once, the second on a thread of its own; in place either way.  The
 * canonical order is total (no two flows of a table compare equal), so
 * the result is the same.
 */
#define FLOWS_SORT_SAMPLES	63

static void
flows_sort_keys(struct flows_sortkey *k, size_t n, int threaded)
{
	struct flows_sortkey	 sample[FLOWS_SORT_SAMPLES];
	struct flows_part	 b;
	pthread_t		 t;
	size_t			 i, s;

	if (!threaded || n < FLOWS_SORT_SAMPLES) {
		flows_sortkey_sort(k, n);
		return;
	}
	for (i = 0; i < FLOWS_SORT_SAMPLES; i++)
		sample[i] = k[i * (n / FLOWS_SORT_SAMPLES)];
	flows_sortkey_sort(sample, FLOWS_SORT_SAMPLES);
	s = flows_sortkey_partition(k, n, &sample[FLOWS_SORT_SAMPLES / 2]);
	b.k = k + s;
	b.n = n - s;
	threaded = pthread_create(&t, NULL, flows_part_sort, &b) == 0;
	flows_sortkey_sort(k, s);
	if (threaded)
		pthread_join(t, NULL);
	else
		flows_part_sort(&b);
}

/*
 * Flows ahead of their use: the user name of the key FLOWS_KEY_AHEAD keys
 * on, and each flow FLOWS_SORT_AHEAD moves along its cycle of the
 * permutation (a table filled in the order of events is in no order of
 * the keys: every read is a cache miss).
 */
#define FLOWS_KEY_AHEAD		24
#define FLOWS_SORT_AHEAD	3

static void
flows_prefetch_flow(const struct flow *f)
{
	const char	*c = (const char *)f;
	size_t		 off;

	for (off = 0; off < sizeof *f; off += 64)
		__builtin_prefetch(c + off);
	__builtin_prefetch(c + sizeof *f - 1);
}

/* Sort the flows of fl through keys, then move each flow once. */
static void
flows_sort_flows(struct flows *fl)
{
	struct flows_sortkey	*k;
	struct flows_ranks	 rs, rd;
	struct flow		 tmp;
	const struct flow	*f;
	size_t			 n = fl->nflows, i, j, src, a, m;
	uint32_t		*p;	/* nflows < UINT32_MAX */

	/* Written once each: huge pages from the first (hugepage.h). */
	k = hugepage_alloc(n * sizeof *k);
	flows_rank_init(&rs);
	flows_rank_init(&rd);
	for (i = 0; i < n; i++) {
		if (i + FLOWS_KEY_AHEAD < n)
			__builtin_prefetch(fl->flows[i +
			    FLOWS_KEY_AHEAD].key.user);
		f = &fl->flows[i];
		k[i].server = flows_rank_index(&rs, f->key.server);
		k[i].domain = flows_rank_index(&rd, f->key.domain);
		flows_user_prefix(f->key.user, k[i].user);
		k[i].f = f;
	}
	flows_rank_sort(&rs);
	flows_rank_sort(&rd);
	for (i = 0; i < n; i++) {
		k[i].server = rs.rank[k[i].server];
		k[i].domain = rd.rank[k[i].domain];
	}
	flows_rank_clear(&rs);
	flows_rank_clear(&rd);
	flows_sort_keys(k, n, flows_nthreads > 1 && n >= FLOWS_SORT_HALVES);
	/*
	 * Flow p[i] goes to i: along each cycle of the permutation.  The
	 * flows a few moves on are asked for first; past the cycle's end
	 * that is one already moved, which p[] then maps to itself.
	 */
	p = hugepage_alloc(n * sizeof *p);
	for (i = 0; i < n; i++)
		p[i] = (uint32_t)(k[i].f - fl->flows);
	free(k);
	for (i = 0; i < n; i++) {
		if (p[i] == i)
			continue;
		tmp = fl->flows[i];
		for (a = p[i], m = 0; m < FLOWS_SORT_AHEAD; m++, a = p[a])
			flows_prefetch_flow(&fl->flows[a]);
		for (j = i;; j = src) {
			src = p[j];
			flows_prefetch_flow(&fl->flows[a]);
			a = p[a];
			p[j] = (uint32_t)j;
			if (src == i) {
				fl->flows[j] = tmp;
				break;
			}
			fl->flows[j] = fl->flows[src];
		}
	}
	free(p);
}

void
flows_sort(struct flows *fl)
{
	size_t	i;

	/* A flow file read back is in order already: nothing moves. */
	for (i = fl->unsorted ? 1 : fl->nflows; i < fl->nflows; i++) {
		if (flows_compare(&fl->flows[i - 1], &fl->flows[i]) > 0)
			break;
	}
	fl->unsorted = 0;
	if (i < fl->nflows) {
		flows_sort_flows(fl);
		/* The order changed: the index is rebuilt when next used
		 * (a table sorted to be saved never is). */
		fl->reindex = 1;
	}
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

/* The hosts found so far, for the casemap of flows_hosts. */
struct flows_hostset {
	struct flows_host	*h;
	size_t			 n;
	size_t			 a;
	struct casemap		*index;
};

static int
flows_host_match(const void *key, uint32_t value, const void *arg)
{
	const struct flows_hostset	*hs = arg;

	return (casemap_equal_null(hs->h[value].name, key));
}

/*
 * The entry of host name, added if new with no events and no times.  The
 * first spelling met names it: the flows' (in their order) before the
 * logs'.
 */
static struct flows_host *
flows_host_get(struct flows_hostset *hs, const char *name)
{
	uint64_t	hash = casemap_hash(CASEMAP_SEED, name);
	uint32_t	i;

	if ((i = casemap_find(hs->index, hash, name)) != CASEMAP_NONE)
		return (&hs->h[i]);
	if (hs->n == hs->a) {
		hs->a = hs->a == 0 ? 64 : hs->a * 2;
		hs->h = xreallocarray(hs->h, hs->a, sizeof *hs->h);
	}
	memset(&hs->h[hs->n], 0, sizeof *hs->h);
	hs->h[hs->n].name = name;
	hs->h[hs->n].first_seen = hs->h[hs->n].last_seen = UTIL_TIME_NONE;
	casemap_insert(hs->index, hash, (uint32_t)hs->n);
	return (&hs->h[hs->n++]);
}

size_t
flows_hosts(const struct flows *fl, struct flows_host **out)
{
	struct flows_hostset	 hs;
	struct flows_host	*h;
	const struct flows_log	*l;
	const struct flow	*f;
	const char		*last = NULL;
	size_t			 i, j, n;

	/* By a map of the names, not a sort of every flow: a million flows
	 * come from a few thousand hosts at most. */
	memset(&hs, 0, sizeof hs);
	hs.index = casemap_create(64, flows_host_match, &hs);
	h = NULL;
	for (i = 0; i < fl->nflows; i++) {
		f = &fl->flows[i];
		/* Runs of one host's flows: the same interned name. */
		if (h == NULL || f->key.logged_by != last)
			h = flows_host_get(&hs, f->key.logged_by);
		last = f->key.logged_by;
		h->events = util_count_add(h->events, f->count);
		h->first_seen = flows_time_min(h->first_seen, f->first_seen);
		h->last_seen = flows_time_max(h->last_seen, f->last_seen);
	}
	/* A host whose NTLM log held no NTLM event: a window of none. */
	for (i = 0; i < fl->nlogs; i++) {
		l = &fl->logs[i];
		if (l->channel == NULL ||
		    strcasecmp(l->channel, FLOWS_CHANNEL_NTLM) == 0)
			flows_host_get(&hs, l->host);
	}
	casemap_free(hs.index);
	h = hs.h;
	n = hs.n;
	if (h == NULL)
		h = xcalloc(1, sizeof *h);
	qsort(h, n, sizeof *h, flows_host_compare);
	for (i = 0, j = 0; i < n; i++) {
		h[i].log_first = h[i].first_seen;
		h[i].log_last = h[i].last_seen;
		if (h[i].name == NULL)
			continue;
		while (j < fl->nlogs &&
		    strcasecmp(fl->logs[j].host, h[i].name) < 0)
			j++;
		for (; j < fl->nlogs &&
		    strcasecmp(fl->logs[j].host, h[i].name) == 0; j++) {
			l = &fl->logs[j];
			h[i].log_first = flows_time_min(h[i].log_first,
			    l->first_time);
			h[i].log_last = flows_time_max(h[i].log_last,
			    l->last_time);
			h[i].lost += flows_log_lost(l);
			h[i].gaps += l->nranges > 0 ? l->nranges - 1 : 0;
		}
	}
	*out = h;
	return (n);
}
