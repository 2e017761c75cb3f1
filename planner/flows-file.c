/*
 * flows-file.c: the flow file, ntlmplan-flows(5): saving a flow table and
 * loading one back.
 *
 * The file is written through jsonout, one source, log, overlap or flow a
 * line, and read back by a small scanner (jsonwalk) that hands each array
 * element to cJSON on its own, so that loading a million flows never
 * builds a million-node tree.  Every number read is range-checked before it
 * becomes an integer, and what is saved loads back to the same table.
 */
#include "config.h"

#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "event.h"
#include "flows.h"
#include "jsonarena.h"
#include "jsonout.h"
#include "jsonwalk.h"
#include "util.h"
#include "xmalloc.h"

#ifdef MAP_POPULATE
#define FLOWS_POPULATE	MAP_POPULATE
#else
#define FLOWS_POPULATE	0
#endif

/* The keys of flow format 2. */
static void
flows_save_v2(struct jsonout *j, const struct flow_key *k)
{
	jsonout_key(j, "ntlm_version");
	jsonout_string(j, k->ntlm_version);
	jsonout_key(j, "usage_id");
	jsonout_opt_int(j, k->usage_id);
	jsonout_key(j, "usage_reason");
	jsonout_string(j, k->usage_reason);
	jsonout_key(j, "client_ip");
	jsonout_string(j, k->client_ip);
	jsonout_key(j, "target_ip");
	jsonout_string(j, k->target_ip);
	jsonout_key(j, "mic");
	jsonout_string(j, k->mic);
	jsonout_key(j, "channel_binding");
	jsonout_string(j, k->channel_binding);
	jsonout_key(j, "status");
	jsonout_string(j, k->status);
}

static void
flows_save_profile(struct jsonout *j, const struct flow_profile *p)
{
	char		 tbuf[UTIL_TIME_LEN];
	int64_t		 key;
	size_t		 i;

	jsonout_key(j, "profile");
	if (p == NULL) {
		jsonout_null(j);
		return;
	}
	jsonout_object_begin(j);
	jsonout_key(j, "days");
	jsonout_array_begin(j);
	for (i = 0; i < p->ndays; i++) {
		key = FLOWS_CELL_KEY(p->cells[p->nhours + i]);
		util_time_format((key - FLOWS_PROFILE_DAY0) * UTIL_DAY, tbuf);
		tbuf[10] = '\0';
		jsonout_array_begin(j);
		jsonout_string(j, tbuf);
		jsonout_uint(j, FLOWS_CELL_COUNT(p->cells[p->nhours + i]));
		jsonout_array_end(j);
	}
	jsonout_array_end(j);
	jsonout_key(j, "earlier");
	jsonout_uint(j, p->earlier);
	jsonout_key(j, "unknown");
	jsonout_uint(j, p->unknown);
	jsonout_key(j, "hours");
	jsonout_array_begin(j);
	for (i = 0; i < p->nhours; i++) {
		key = FLOWS_CELL_KEY(p->cells[i]);
		jsonout_array_begin(j);
		jsonout_uint(j, (uint64_t)(key / 24));
		jsonout_uint(j, (uint64_t)(key % 24));
		jsonout_uint(j, FLOWS_CELL_COUNT(p->cells[i]));
		jsonout_array_end(j);
	}
	jsonout_array_end(j);
	jsonout_object_end(j);
}

void
flows_source_json_head(struct jsonout *j, const struct source *src)
{
	jsonout_object_begin(j);
	jsonout_key(j, "path");
	jsonout_string(j, src->path);
	jsonout_key(j, "records");
	jsonout_uint(j, src->records);
	jsonout_key(j, "used");
	jsonout_uint(j, src->used);
	jsonout_key(j, "skipped");
	jsonout_uint(j, src->skipped);
	jsonout_key(j, "unreadable");
	jsonout_uint(j, src->unreadable);
	jsonout_key(j, "duplicate");
	jsonout_uint(j, src->duplicate);
}

static void
flows_save_source(struct jsonout *j, const struct source *src)
{
	size_t	i;

	flows_source_json_head(j, src);
	jsonout_key(j, "first_seen");
	jsonout_time(j, src->first_seen);
	jsonout_key(j, "last_seen");
	jsonout_time(j, src->last_seen);
	jsonout_key(j, "logged_by");
	jsonout_strings(j, (const char *const *)src->logged_by,
	    src->nlogged_by);
	if (src->skips != NULL || src->skipped == 0) {
		jsonout_key(j, "skipped_by_id");
		jsonout_array_begin(j);
		for (i = 0; i < src->nskips; i++) {
			jsonout_array_begin(j);
			jsonout_int(j, src->skips[i].id);
			jsonout_uint(j, src->skips[i].count);
			jsonout_array_end(j);
		}
		jsonout_array_end(j);
	}
	if (src->preaggregated) {
		jsonout_key(j, "pre_aggregated");
		jsonout_bool(j, 1);
	}
	jsonout_object_end(j);
}

void
flows_log_json_head(struct jsonout *j, const struct flows_log *l)
{
	jsonout_object_begin(j);
	jsonout_key(j, "host");
	jsonout_string(j, l->host);
	jsonout_key(j, "channel");
	jsonout_string(j, l->channel);
	jsonout_key(j, "first_time");
	jsonout_time(j, l->first_time);
	jsonout_key(j, "last_time");
	jsonout_time(j, l->last_time);
	jsonout_key(j, "held");
	jsonout_uint(j, flows_log_held(l));
	jsonout_key(j, "lost");
	jsonout_uint(j, flows_log_lost(l));
}

static void
flows_save_log(struct jsonout *j, const struct flows_log *l)
{
	const struct flows_range	*r;
	struct flows_gap		 g;
	size_t				 i;

	flows_log_json_head(j, l);
	if (l->untracked) {
		jsonout_key(j, "untracked");
		jsonout_bool(j, 1);
	}
	jsonout_key(j, "ranges");
	jsonout_array_begin(j);
	for (i = 0; i < l->nranges; i++) {
		r = &l->ranges[i];
		jsonout_object_begin(j);
		jsonout_key(j, "first");
		jsonout_uint(j, r->first);
		jsonout_key(j, "last");
		jsonout_uint(j, r->last);
		jsonout_key(j, "first_time");
		jsonout_time(j, r->first_time);
		jsonout_key(j, "last_time");
		jsonout_time(j, r->last_time);
		jsonout_object_end(j);
	}
	jsonout_array_end(j);
	jsonout_key(j, "gaps");
	jsonout_array_begin(j);
	for (i = 0; i + 1 < l->nranges; i++) {
		flows_log_gap(l, i, &g);
		jsonout_object_begin(j);
		jsonout_key(j, "after");
		jsonout_uint(j, g.after);
		jsonout_key(j, "before");
		jsonout_uint(j, g.before);
		jsonout_key(j, "lost");
		jsonout_uint(j, g.lost);
		jsonout_key(j, "from");
		jsonout_time(j, g.from);
		jsonout_key(j, "to");
		jsonout_time(j, g.to);
		jsonout_object_end(j);
	}
	jsonout_array_end(j);
	jsonout_object_end(j);
}

/* The "logs" and "overlaps" members. */
static void
flows_save_logs(struct jsonout *j, const struct flows *fl)
{
	const struct flows_log	*logs, *l;
	size_t			 i, k, n;

	n = flows_logs(fl, &logs);
	jsonout_break(j, 1);
	jsonout_key(j, "logs");
	jsonout_array_begin(j);
	for (i = 0; i < n; i++) {
		jsonout_break(j, 2);
		flows_save_log(j, &logs[i]);
	}
	jsonout_break(j, 1);
	jsonout_array_end(j);
	jsonout_break(j, 1);
	jsonout_key(j, "overlaps");
	jsonout_array_begin(j);
	for (i = 0; i < n; i++) {
		l = &logs[i];
		for (k = 0; k < l->noverlaps; k++) {
			jsonout_break(j, 2);
			jsonout_object_begin(j);
			jsonout_key(j, "host");
			jsonout_string(j, l->host);
			jsonout_key(j, "channel");
			jsonout_string(j, l->channel);
			jsonout_key(j, "first");
			jsonout_uint(j, l->overlaps[k].first);
			jsonout_key(j, "last");
			jsonout_uint(j, l->overlaps[k].last);
			jsonout_object_end(j);
		}
	}
	jsonout_break(j, 1);
	jsonout_array_end(j);
}

/*
 * Parts of a flow's entry that repeat from one flow to the next are
 * rendered once and copied while they repeat (jsonout_mark): the flows
 * are sorted by server, and most share their event id, host, server and
 * domain with the one before, their process and protocol fields with
 * many, and a profile of few events with those of the same hours.  A part
 * is the same text if the fields it shows are (strings of one table are
 * interned, the same spelling one pointer, but a table read on threads
 * has a pool of strings per thread).
 */
enum flows_part {
	FLOWS_PART_HEAD,	/* event_id .. domain */
	FLOWS_PART_TAIL,	/* process .. status */
	FLOWS_PART_PROFILE,
	FLOWS_PART_N
};

struct flows_memo {
	const struct flow	*of[FLOWS_PART_N];	/* NULL: none */
	size_t			 len[FLOWS_PART_N];
	char			 text[FLOWS_PART_N][JSONOUT_MEMO];
};

/* Whether two strings of flows are the same text (or both NULL). */
static inline int
flows_same(const char *a, const char *b)
{
	return (a == b || (a != NULL && b != NULL && strcmp(a, b) == 0));
}

/* Whether flows a and b show the same text as part. */
static int
flows_part_same(enum flows_part part, const struct flow *a,
    const struct flow *b)
{
	const struct flow_key		*x = &a->key, *y = &b->key;
	const struct flow_profile	*p = a->profile, *q = b->profile;

	switch (part) {
	case FLOWS_PART_HEAD:
		return (x->event_id == y->event_id &&
		    flows_same(x->logged_by, y->logged_by) &&
		    flows_same(x->server, y->server) &&
		    flows_same(x->domain, y->domain));
	case FLOWS_PART_TAIL:
		return (x->logon_type == y->logon_type &&
		    x->in_proc == y->in_proc &&
		    x->schannel_type == y->schannel_type &&
		    x->usage_id == y->usage_id &&
		    flows_same(x->process, y->process) &&
		    flows_same(x->mechanism, y->mechanism) &&
		    flows_same(x->ntlm_version, y->ntlm_version) &&
		    flows_same(x->usage_reason, y->usage_reason) &&
		    flows_same(x->client_ip, y->client_ip) &&
		    flows_same(x->target_ip, y->target_ip) &&
		    flows_same(x->mic, y->mic) &&
		    flows_same(x->channel_binding, y->channel_binding) &&
		    flows_same(x->status, y->status));
	default:
		if (p == NULL || q == NULL)
			return (p == q);
		return (p->unknown == q->unknown && p->earlier == q->earlier &&
		    p->nhours == q->nhours && p->ndays == q->ndays &&
		    memcmp(p->cells, q->cells, ((size_t)p->nhours + p->ndays) *
		    sizeof *p->cells) == 0);
	}
}

/* Part of fw: copied if the memo has it, else rendered (and kept). */
static void
flows_save_part(struct jsonout *j, struct flows_memo *m,
    enum flows_part part, const struct flow *fw)
{
	const struct flow_key	*k = &fw->key;
	uint64_t		 mark;

	if (m->of[part] != NULL && flows_part_same(part, m->of[part], fw)) {
		jsonout_replay(j, m->text[part], m->len[part]);
		return;
	}
	mark = jsonout_mark(j);
	switch (part) {
	case FLOWS_PART_HEAD:
		jsonout_key(j, "event_id");
		jsonout_int(j, k->event_id);
		jsonout_key(j, "logged_by");
		jsonout_string(j, k->logged_by);
		jsonout_key(j, "server");
		jsonout_string(j, k->server);
		jsonout_key(j, "domain");
		jsonout_string(j, k->domain);
		break;
	case FLOWS_PART_TAIL:
		jsonout_key(j, "process");
		jsonout_string(j, k->process);
		jsonout_key(j, "logon_type");
		jsonout_opt_int(j, k->logon_type);
		jsonout_key(j, "mechanism");
		jsonout_string(j, k->mechanism);
		jsonout_key(j, "in_proc");
		jsonout_opt_bool(j, k->in_proc);
		jsonout_key(j, "schannel_type");
		jsonout_opt_int(j, k->schannel_type);
		flows_save_v2(j, k);
		break;
	default:
		flows_save_profile(j, fw->profile);
		break;
	}
	m->len[part] = jsonout_memo(j, mark, m->text[part]);
	m->of[part] = m->len[part] > 0 ? fw : NULL;
}

/*
 * A sorted table's flows are in order, but what they point to is where
 * the events put it: the profile and the strings of a flow that was new
 * are a cache miss each.  Flow i + FLOWS_SAVE_AHEAD's profile is asked
 * for a few flows before its cells and strings, which need it loaded.
 */
#define FLOWS_SAVE_AHEAD	4

static void
flows_save_prefetch(const struct flows *fl, size_t i)
{
	const struct flow	*f;

	if ((f = flows_flow(fl, i + 2 * FLOWS_SAVE_AHEAD)) != NULL &&
	    f->profile != NULL)
		__builtin_prefetch(f->profile);
	if ((f = flows_flow(fl, i + FLOWS_SAVE_AHEAD)) != NULL) {
		if (f->profile != NULL)
			__builtin_prefetch(f->profile->cells);
		__builtin_prefetch(f->key.user);
		__builtin_prefetch(f->key.workstation);
	}
}

static void
flows_save_flow(struct jsonout *j, struct flows_memo *m,
    const struct flow *fw)
{
	jsonout_object_begin(j);
	flows_save_part(j, m, FLOWS_PART_HEAD, fw);
	jsonout_key(j, "user");
	jsonout_string(j, fw->key.user);
	jsonout_key(j, "workstation");
	jsonout_string(j, fw->key.workstation);
	flows_save_part(j, m, FLOWS_PART_TAIL, fw);
	jsonout_key(j, "count");
	jsonout_uint(j, fw->count);
	jsonout_key(j, "first_seen");
	jsonout_time(j, fw->first_seen);
	jsonout_key(j, "last_seen");
	jsonout_time(j, fw->last_seen);
	flows_save_part(j, m, FLOWS_PART_PROFILE, fw);
	jsonout_object_end(j);
}

/*
 * Flows formatted on several threads (flows_save): blocks of
 * FLOWS_SAVE_BLOCK flows, each into memory as the items of an array after
 * its first (the array's "[" dropped), in a ring of slots that the
 * threads fill in any order while this one writes them out in order (and
 * formats too when the next is not ready).  The threads live for the whole
 * file, and each slot's stream and memory serve block after block.  The
 * same bytes as one thread's jsonout.
 */
#define FLOWS_SAVE_BLOCK	256
#define FLOWS_SAVE_MIN		16384	/* fewer flows: one thread */
#define FLOWS_SAVE_SLOTS	4	/* blocks ahead, a thread */

struct flows_block {
	FILE			*f;		/* owned: into buf, len */
	struct jsonout		*j;		/* owned */
	struct flows_memo	*memo;		/* owned */
	char			*buf;		/* owned by f until closed */
	size_t			 len;
	size_t			 ready;		/* block + 1 once formatted */
};

struct flows_saver {
	const struct flows	*fl;
	struct flows_block	*slots;		/* owned */
	size_t			 nslots;
	size_t			 nblocks;
	size_t			 next;		/* block to format next */
	size_t			 written;	/* blocks written out */
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;		/* a block formatted or
						 * written */
};

/*
 * Block i's flows into its slot's stream from its start: the stream's
 * memory is used again block after block (a fresh one each time was a
 * page fault every 4 KiB of the file), and its length is where the
 * writing stopped.
 */
static void
flows_block_format(const struct flows *fl, struct flows_block *b, size_t i)
{
	size_t	k, first = i * FLOWS_SAVE_BLOCK, n;

	n = flows_count(fl) - first;
	if (n > FLOWS_SAVE_BLOCK)
		n = FLOWS_SAVE_BLOCK;
	if (fseeko(b->f, 0, SEEK_SET) != 0)
		fatalx("open_memstream: %s", strerror(errno));
	jsonout_init(b->j, b->f);
	jsonout_array_begin(b->j);
	for (k = 0; k < n; k++) {
		if (k > 0)
			jsonout_break(b->j, 2);
		flows_save_prefetch(fl, first + k);
		flows_save_flow(b->j, b->memo, flows_flow(fl, first + k));
	}
	jsonout_flush(b->j);
	if (fflush(b->f) != 0)
		fatalx("open_memstream: %s", strerror(errno));
}

/* Whether a block may be taken to format (under the lock). */
static int
flows_saver_takable(const struct flows_saver *sv)
{
	return (sv->next < sv->nblocks &&
	    sv->next < sv->written + sv->nslots);
}

/* Take the next block, format it outside the lock, mark it ready. */
static void
flows_saver_format(struct flows_saver *sv)
{
	struct flows_block	*b;
	size_t			 i = sv->next++;

	b = &sv->slots[i % sv->nslots];
	pthread_mutex_unlock(&sv->lock);
	flows_block_format(sv->fl, b, i);
	pthread_mutex_lock(&sv->lock);
	b->ready = i + 1;
	pthread_cond_broadcast(&sv->cond);
}

static void *
flows_saver_main(void *arg)
{
	struct flows_saver	*sv = arg;

	pthread_mutex_lock(&sv->lock);
	while (sv->next < sv->nblocks) {
		if (flows_saver_takable(sv))
			flows_saver_format(sv);
		else
			pthread_cond_wait(&sv->cond, &sv->lock);
	}
	pthread_mutex_unlock(&sv->lock);
	return (NULL);
}

/* The flows of fl as flows_save writes them, on nt threads. */
static void
flows_save_blocks(struct jsonout *j, const struct flows *fl, size_t nt)
{
	struct flows_saver	 sv;
	struct flows_block	*b;
	pthread_t		*t;
	size_t			 i, k, nh = 0;

	memset(&sv, 0, sizeof sv);
	sv.fl = fl;
	sv.nblocks = (flows_count(fl) + FLOWS_SAVE_BLOCK - 1) /
	    FLOWS_SAVE_BLOCK;
	sv.nslots = nt * FLOWS_SAVE_SLOTS;
	sv.slots = xcalloc(sv.nslots, sizeof *sv.slots);
	for (k = 0; k < sv.nslots; k++) {
		b = &sv.slots[k];
		if ((b->f = open_memstream(&b->buf, &b->len)) == NULL)
			fatalx("open_memstream: %s", strerror(errno));
		b->j = xmalloc(sizeof *b->j);
		b->memo = xcalloc(1, sizeof *b->memo);
	}
	if (pthread_mutex_init(&sv.lock, NULL) != 0 ||
	    pthread_cond_init(&sv.cond, NULL) != 0)
		fatalx("pthread_mutex_init failed");
	t = xcalloc(nt, sizeof *t);
	for (k = 0; k + 1 < nt; k++) {
		if (pthread_create(&t[nh], NULL, flows_saver_main, &sv) == 0)
			nh++;
	}
	pthread_mutex_lock(&sv.lock);
	for (i = 0; i < sv.nblocks; i++) {
		b = &sv.slots[i % sv.nslots];
		while (b->ready != i + 1) {
			if (flows_saver_takable(&sv))
				flows_saver_format(&sv);
			else
				pthread_cond_wait(&sv.cond, &sv.lock);
		}
		pthread_mutex_unlock(&sv.lock);
		/* Its separator and break, then its text. */
		jsonout_break(j, 2);
		jsonout_direct(j);
		fwrite(b->buf + 1, 1, b->len - 1, j->f);
		pthread_mutex_lock(&sv.lock);
		sv.written = i + 1;
		pthread_cond_broadcast(&sv.cond);
	}
	pthread_mutex_unlock(&sv.lock);
	for (k = 0; k < nh; k++)
		pthread_join(t[k], NULL);
	free(t);
	pthread_cond_destroy(&sv.cond);
	pthread_mutex_destroy(&sv.lock);
	for (k = 0; k < sv.nslots; k++) {
		b = &sv.slots[k];
		fclose(b->f);
		free(b->buf);
		free(b->j);
		free(b->memo);
	}
	free(sv.slots);
}

void
flows_save(struct flows *fl, FILE *f)
{
	struct jsonout		*j;
	struct flows_memo	*m;
	size_t			 i, n;

	flows_sort(fl);
	j = xmalloc(sizeof *j);
	jsonout_init(j, f);
	jsonout_object_begin(j);
	jsonout_key(j, "format");
	jsonout_string(j, FLOWS_FORMAT);
	jsonout_key(j, "version");
	jsonout_int(j, FLOWS_VERSION);
	jsonout_break(j, 1);
	jsonout_key(j, "sources");
	jsonout_array_begin(j);
	n = flows_source_count(fl);
	for (i = 0; i < n; i++) {
		jsonout_break(j, 2);
		flows_save_source(j, flows_source(fl, i));
	}
	jsonout_break(j, 1);
	jsonout_array_end(j);
	flows_save_logs(j, fl);
	jsonout_break(j, 1);
	jsonout_key(j, "flows");
	jsonout_array_begin(j);
	n = flows_count(fl);
	if (flows_threads() > 1 && n >= FLOWS_SAVE_MIN)
		flows_save_blocks(j, fl, (size_t)flows_threads());
	else {
		m = xcalloc(1, sizeof *m);
		for (i = 0; i < n; i++) {
			jsonout_break(j, 2);
			flows_save_prefetch(fl, i);
			flows_save_flow(j, m, flows_flow(fl, i));
		}
		free(m);
	}
	jsonout_break(j, 1);
	jsonout_array_end(j);
	jsonout_object_end(j);
	free(j);
}

/*
 * Loading.  jsonwalk goes through the top-level object and hands each
 * member value (and each element of "sources", "flows", "logs" and
 * "overlaps") to cJSON on its own.
 */

/* True if the counts of all flows add up to more than UTIL_COUNT_MAX. */
static int
flows_total_over(const struct flows *fl)
{
	uint64_t	n = 0;
	size_t		i;

	for (i = 0; i < flows_count(fl); i++) {
		if (flows_flow(fl, i)->count > UTIL_COUNT_MAX - n)
			return (1);
		n += flows_flow(fl, i)->count;
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
		*out = UTIL_TIME_NONE;
		return (0);
	}
	if (!cJSON_IsString(v) || util_time_parse(v->valuestring, out) != 0)
		return (-1);
	return (0);
}

/* An integer element of a JSON array in [min, max]. */
static int
flows_json_elem(cJSON *a, int i, long long min, long long max,
    long long *out)
{
	cJSON	*v = cJSON_GetArrayItem(a, i);
	double	 d;

	if (!cJSON_IsNumber(v))
		return (-1);
	d = v->valuedouble;
	if (d < (double)min || d > (double)max || d != (double)(long long)d)
		return (-1);
	*out = (long long)d;
	return (0);
}

/* skipped_by_id: [[id, count]...], ids increasing, counts sum to skipped. */
static int
flows_load_skips(struct source *src, cJSON *a)
{
	cJSON		*e;
	long long	 id, n, last = -1;
	uint64_t	 sum = 0;

	if (a == NULL || cJSON_IsNull(a))
		return (0);
	if (!cJSON_IsArray(a))
		return (-1);
	cJSON_ArrayForEach(e, a) {
		if (!cJSON_IsArray(e) || cJSON_GetArraySize(e) != 2 ||
		    flows_json_elem(e, 0, 0, 65535, &id) != 0 ||
		    flows_json_elem(e, 1, 1, INT64_MAX, &n) != 0 ||
		    id <= last || (uint64_t)n > UINT64_MAX - sum)
			return (-1);
		last = id;
		sum += (uint64_t)n;
		src->skips = xreallocarray(src->skips, src->nskips + 1,
		    sizeof *src->skips);
		src->skips[src->nskips].id = (int)id;
		src->skips[src->nskips++].count = (uint64_t)n;
	}
	if (sum != src->skipped)
		return (-1);
	return (0);
}

/*
 * A flow's "profile" into *out (NULL for null or absent): the cells in
 * order, in range, and summing to the flow's count.
 */
static const char *
flows_load_profile(cJSON *o, uint64_t count, struct flow_profile **out)
{
	struct flow_profile	*p;
	cJSON			*v, *days, *hours, *e;
	long long		 earlier, unknown, wd, hr, n;
	int64_t			 t, key, last;
	uint64_t		 dsum = 0, hsum = 0;
	char			 tbuf[32];
	const char		*err = NULL;

	*out = NULL;
	v = cJSON_GetObjectItemCaseSensitive(o, "profile");
	if (v == NULL || cJSON_IsNull(v))
		return (NULL);
	if (!cJSON_IsObject(v) ||
	    flows_json_uint(v, "earlier", 0, INT64_MAX, &earlier) != 0 ||
	    flows_json_uint(v, "unknown", 0, INT64_MAX, &unknown) != 0 ||
	    !cJSON_IsArray(days = cJSON_GetObjectItemCaseSensitive(v,
	    "days")) ||
	    !cJSON_IsArray(hours = cJSON_GetObjectItemCaseSensitive(v,
	    "hours")))
		return ("invalid profile");
	if (cJSON_GetArraySize(days) > FLOWS_PROFILE_DAYS)
		return ("profile: more days than the bound");
	p = flows_profile_create();
	p->earlier = (uint64_t)earlier;
	p->unknown = (uint64_t)unknown;
	last = -1;
	cJSON_ArrayForEach(e, hours) {
		if (!cJSON_IsArray(e) || cJSON_GetArraySize(e) != 3 ||
		    flows_json_elem(e, 0, 0, 6, &wd) != 0 ||
		    flows_json_elem(e, 1, 0, 23, &hr) != 0 ||
		    flows_json_elem(e, 2, 1, (long long)FLOWS_PROFILE_COUNT_MAX,
		    &n) != 0 || wd * 24 + hr <= last) {
			err = "profile: invalid hours cell";
			goto fail;
		}
		last = wd * 24 + hr;
		hsum += (uint64_t)n;
		flows_profile_add(p, last, (uint64_t)n);
	}
	last = -1;
	cJSON_ArrayForEach(e, days) {
		if (!cJSON_IsArray(e) || cJSON_GetArraySize(e) != 2 ||
		    !cJSON_IsString(cJSON_GetArrayItem(e, 0)) ||
		    strlen(cJSON_GetArrayItem(e, 0)->valuestring) != 10 ||
		    flows_json_elem(e, 1, 1, (long long)FLOWS_PROFILE_COUNT_MAX,
		    &n) != 0) {
			err = "profile: invalid days cell";
			goto fail;
		}
		snprintf(tbuf, sizeof tbuf, "%sT00:00:00Z",
		    cJSON_GetArrayItem(e, 0)->valuestring);
		if (util_time_parse(tbuf, &t) != 0 ||
		    (key = FLOWS_PROFILE_DAY0 + flows_day(t)) <= last) {
			err = "profile: invalid or unordered day";
			goto fail;
		}
		last = key;
		dsum += (uint64_t)n;
		flows_profile_add(p, key, (uint64_t)n);
	}
	if (p->unknown > count || p->earlier > count - p->unknown ||
	    dsum != count - p->unknown - p->earlier ||
	    hsum != count - p->unknown) {
		err = "profile: cells do not sum to the flow's count";
		goto fail;
	}
	*out = p;
	return (NULL);

fail:
	flows_profile_free(p);
	return (err);
}

static int
flows_load_source(struct flows *fl, struct jsonwalk *s, size_t at, cJSON *o)
{
	struct source	*src;
	const char	*path;
	long long	 n[5];
	int64_t		 first, last;
	cJSON		*lb, *h;

	if (!cJSON_IsObject(o) || flows_json_string(o, "path", &path) != 0 ||
	    path == NULL ||
	    flows_json_uint(o, "records", 0, INT64_MAX, &n[0]) != 0 ||
	    flows_json_uint(o, "used", 0, INT64_MAX, &n[1]) != 0 ||
	    flows_json_uint(o, "skipped", 0, INT64_MAX, &n[2]) != 0 ||
	    flows_json_uint(o, "unreadable", 0, INT64_MAX, &n[3]) != 0 ||
	    flows_json_uint(o, "duplicate", 1, INT64_MAX, &n[4]) != 0 ||
	    flows_json_time(o, "first_seen", &first) != 0 ||
	    flows_json_time(o, "last_seen", &last) != 0)
		return (jsonwalk_error(s, at, "invalid source entry"));
	if ((first == UTIL_TIME_NONE) != (last == UTIL_TIME_NONE) ||
	    first > last)
		return (jsonwalk_error(s, at, "invalid source entry: "
		    "first_seen and last_seen do not make a time span"));
	lb = cJSON_GetObjectItemCaseSensitive(o, "logged_by");
	if (lb != NULL && !cJSON_IsArray(lb) && !cJSON_IsNull(lb))
		return (jsonwalk_error(s, at, "invalid logged_by"));
	src = flows_add_source(fl, path);
	src->records = (uint64_t)n[0];
	src->used = (uint64_t)n[1];
	src->skipped = (uint64_t)n[2];
	src->unreadable = (uint64_t)n[3];
	src->duplicate = n[4] < 0 ? 0 : (uint64_t)n[4];
	src->first_seen = first;
	src->last_seen = last;
	cJSON_ArrayForEach(h, lb) {
		if (!cJSON_IsString(h))
			return (jsonwalk_error(s, at, "invalid logged_by"));
		flows_source_logged_by(src, h->valuestring);
	}
	if (flows_load_skips(src, cJSON_GetObjectItemCaseSensitive(o,
	    "skipped_by_id")) != 0)
		return (jsonwalk_error(s, at, "invalid skipped_by_id"));
	src->preaggregated = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o,
	    "pre_aggregated"));
	return (0);
}

static int
flows_load_flow(struct flows *fl, struct jsonwalk *s, size_t at, cJSON *o)
{
	struct flow_key		 k;
	struct flow_profile	*prof;
	long long		 id, count, st, ip;
	int64_t			 first, last;
	const char		*err;
	cJSON			*v;

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
	    flows_json_time(o, "last_seen", &last) != 0 ||
	    flows_json_string(o, "ntlm_version", &k.ntlm_version) != 0 ||
	    flows_json_uint(o, "usage_id", 1, UINT32_MAX, &k.usage_id) != 0 ||
	    flows_json_string(o, "usage_reason", &k.usage_reason) != 0 ||
	    flows_json_string(o, "client_ip", &k.client_ip) != 0 ||
	    flows_json_string(o, "target_ip", &k.target_ip) != 0 ||
	    flows_json_string(o, "mic", &k.mic) != 0 ||
	    flows_json_string(o, "channel_binding", &k.channel_binding) != 0 ||
	    flows_json_string(o, "status", &k.status) != 0)
		return (jsonwalk_error(s, at, "invalid flow entry"));
	if ((first == UTIL_TIME_NONE) != (last == UTIL_TIME_NONE) ||
	    first > last)
		return (jsonwalk_error(s, at, "invalid flow entry: "
		    "first_seen and last_seen do not make a time span"));
	v = cJSON_GetObjectItemCaseSensitive(o, "in_proc");
	if (v == NULL || cJSON_IsNull(v))
		ip = -1;
	else if (cJSON_IsBool(v))
		ip = cJSON_IsTrue(v);
	else
		return (jsonwalk_error(s, at, "invalid flow entry: in_proc"));
	if (!event_id_known((int)id))
		return (jsonwalk_error(s, at, "flow with an unknown event_id"));
	k.event_id = (int)id;
	k.in_proc = (int)ip;
	k.schannel_type = (int)st;
	if ((err = flows_load_profile(o, (uint64_t)count, &prof)) != NULL)
		return (jsonwalk_error(s, at, err));
	flows_add_flow(fl, &k, (uint64_t)count, first, last, prof);
	flows_profile_free(prof);
	return (0);
}

/*
 * The fast path of loading a flow: an entry as ntlmplan writes it (plain
 * strings, integers, null, true and false, a profile), read straight
 * from the buffer with one row of flows_fast_fields per member.  Anything
 * else (\u, a fraction, a member unknown, repeated or out of its place in
 * a profile, a value out of range) goes to cJSON and flows_load_flow as
 * before, whose checks and messages stay the only ones: the fast path takes
 * a subset of what the slow one takes, and makes the same flow of it.
 */
enum flows_fast_type {
	FLOWS_FAST_STRING,		/* string or null */
	FLOWS_FAST_UINT,		/* integer, required */
	FLOWS_FAST_NUINT,		/* integer or null (-1) */
	FLOWS_FAST_TIME,		/* time string or null */
	FLOWS_FAST_BOOL,		/* true, false or null (-1) */
	FLOWS_FAST_PROFILE		/* null, or cells in order */
};

struct flows_fast {
	struct flow_key	 k;
	long long	 id;
	long long	 count;
	long long	 st;
	long long	 ip;
	int64_t		 first;
	int64_t		 last;
	struct flow_profile *prof;	/* owned; NULL: none */
	uint64_t	 dsum;		/* events in day cells */
	uint64_t	 hsum;		/* events in hour cells */
};

struct flows_fast_field {
	const char		*name;
	size_t			 len;
	enum flows_fast_type	 type;
	size_t			 off;		/* in struct flows_fast */
	long long		 max;
};

#define FLOWS_FAST(n, t, o, m) \
	{ n, sizeof n - 1, FLOWS_FAST_ ## t, offsetof(struct flows_fast, o), m }

/* In the order flows_save writes them: the next is tried first. */
static const struct flows_fast_field flows_fast_fields[] = {
	FLOWS_FAST("event_id", UINT, id, 65535),
	FLOWS_FAST("logged_by", STRING, k.logged_by, 0),
	FLOWS_FAST("server", STRING, k.server, 0),
	FLOWS_FAST("domain", STRING, k.domain, 0),
	FLOWS_FAST("user", STRING, k.user, 0),
	FLOWS_FAST("workstation", STRING, k.workstation, 0),
	FLOWS_FAST("process", STRING, k.process, 0),
	FLOWS_FAST("logon_type", NUINT, k.logon_type, INT_MAX),
	FLOWS_FAST("mechanism", STRING, k.mechanism, 0),
	FLOWS_FAST("in_proc", BOOL, ip, 0),
	FLOWS_FAST("schannel_type", NUINT, st, INT_MAX),
	FLOWS_FAST("ntlm_version", STRING, k.ntlm_version, 0),
	FLOWS_FAST("usage_id", NUINT, k.usage_id, UINT32_MAX),
	FLOWS_FAST("usage_reason", STRING, k.usage_reason, 0),
	FLOWS_FAST("client_ip", STRING, k.client_ip, 0),
	FLOWS_FAST("target_ip", STRING, k.target_ip, 0),
	FLOWS_FAST("mic", STRING, k.mic, 0),
	FLOWS_FAST("channel_binding", STRING, k.channel_binding, 0),
	FLOWS_FAST("status", STRING, k.status, 0),
	FLOWS_FAST("count", UINT, count, INT64_MAX),
	FLOWS_FAST("first_seen", TIME, first, 0),
	FLOWS_FAST("last_seen", TIME, last, 0),
	FLOWS_FAST("profile", PROFILE, id, 0)
};
#define FLOWS_FAST_NFIELDS \
	(sizeof flows_fast_fields / sizeof flows_fast_fields[0])

/* Where the strings of an entry are copied to, NUL-terminated. */
#define FLOWS_FAST_SCRATCH	65536

struct flows_scan {
	const char	*p;
	const char	*end;
	char		*out;		/* into scratch */
	char		*out_end;
};

static inline void
flows_scan_blanks(struct flows_scan *sc)
{
	while (sc->p < sc->end && (*sc->p == ' ' || *sc->p == '\n' ||
	    *sc->p == '\t' || *sc->p == '\r'))
		sc->p++;
}

/* A literal, ended by what may follow a value. */
static int
flows_scan_word(struct flows_scan *sc, const char *w, size_t n)
{
	if ((size_t)(sc->end - sc->p) <= n || memcmp(sc->p, w, n) != 0)
		return (-1);
	switch (sc->p[n]) {
	case ',': case '}': case ']': case ' ': case '\n': case '\t':
	case '\r':
		sc->p += n;
		return (0);
	}
	return (-1);
}

/*
 * A string into scratch, *out to it: its bytes as they are but for the
 * escapes of one character (\\ \" \/ \b \f \n \r \t, as cJSON reads them:
 * a Windows path is full of \\); \u or a control byte is the slow path's.
 */
static int
flows_scan_string(struct flows_scan *sc, const char **out)
{
	const char	*e;
	char		*o = sc->out;

	if (flows_scan_word(sc, "null", 4) == 0) {
		*out = NULL;
		return (0);
	}
	if (sc->p >= sc->end || *sc->p != '"')
		return (-1);
	for (e = sc->p + 1; e < sc->end && *e != '"'; e++) {
		if (o + 1 >= sc->out_end || (unsigned char)*e < 0x20)
			return (-1);
		if (*e != '\\') {
			*o++ = *e;
			continue;
		}
		if (++e >= sc->end)
			return (-1);
		switch (*e) {
		case '"': case '\\': case '/':
			*o++ = *e;
			break;
		case 'b':
			*o++ = '\b';
			break;
		case 'f':
			*o++ = '\f';
			break;
		case 'n':
			*o++ = '\n';
			break;
		case 'r':
			*o++ = '\r';
			break;
		case 't':
			*o++ = '\t';
			break;
		default:
			return (-1);
		}
	}
	if (e >= sc->end)
		return (-1);
	*o++ = '\0';
	*out = sc->out;
	sc->out = o;
	sc->p = e + 1;
	return (0);
}

/* A plain decimal integer in 0 .. min(max, UTIL_COUNT_MAX). */
static int
flows_scan_uint(struct flows_scan *sc, long long max, long long *out)
{
	const char	*q = sc->p;
	uint64_t	 v = 0;

	while (q < sc->end && *q >= '0' && *q <= '9' && q - sc->p < 17)
		v = v * 10 + (uint64_t)(*q++ - '0');
	if (q == sc->p || q >= sc->end || (*sc->p == '0' && q - sc->p > 1) ||
	    v > UTIL_COUNT_MAX || v > (uint64_t)max)
		return (-1);
	switch (*q) {
	case ',': case '}': case ']': case ' ': case '\n': case '\t':
	case '\r':
		break;
	default:
		return (-1);
	}
	*out = (long long)v;
	sc->p = q;
	return (0);
}

/* c at sc->p (after blanks), and past it. */
static inline int
flows_scan_char(struct flows_scan *sc, char c)
{
	flows_scan_blanks(sc);
	if (sc->p >= sc->end || *sc->p != c)
		return (-1);
	sc->p++;
	flows_scan_blanks(sc);
	return (0);
}

/* "name": at sc->p, and past it. */
static int
flows_scan_name(struct flows_scan *sc, const char *name)
{
	size_t	n = strlen(name);

	if ((size_t)(sc->end - sc->p) < n + 2 || sc->p[0] != '"' ||
	    memcmp(sc->p + 1, name, n) != 0 || sc->p[n + 1] != '"')
		return (-1);
	sc->p += n + 2;
	return (flows_scan_char(sc, ':'));
}

/* The cells of an array "[[...], ...]" of n integers or a day and one. */
static int
flows_scan_cells(struct flows_scan *sc, struct flows_fast *ft, int days)
{
	const char	*day;
	char		 tbuf[32];
	long long	 wd, hr, v;
	int64_t		 t, key, last = -1;
	size_t		 ncells = 0;

	if (flows_scan_char(sc, '[') != 0)
		return (-1);
	if (sc->p < sc->end && *sc->p == ']') {
		sc->p++;
		return (0);
	}
	for (;;) {
		if (flows_scan_char(sc, '[') != 0)
			return (-1);
		if (days) {
			if (flows_scan_string(sc, &day) != 0 || day == NULL ||
			    strlen(day) != 10 || flows_scan_char(sc, ',') != 0 ||
			    flows_scan_uint(sc, (long long)FLOWS_PROFILE_COUNT_MAX,
			    &v) != 0 || v == 0 ||
			    ++ncells > FLOWS_PROFILE_DAYS)
				return (-1);
			snprintf(tbuf, sizeof tbuf, "%sT00:00:00Z", day);
			if (util_time_parse(tbuf, &t) != 0 ||
			    (key = FLOWS_PROFILE_DAY0 + flows_day(t)) <= last)
				return (-1);
			ft->dsum += (uint64_t)v;
		} else {
			if (flows_scan_uint(sc, 6, &wd) != 0 ||
			    flows_scan_char(sc, ',') != 0 ||
			    flows_scan_uint(sc, 23, &hr) != 0 ||
			    flows_scan_char(sc, ',') != 0 ||
			    flows_scan_uint(sc, (long long)FLOWS_PROFILE_COUNT_MAX,
			    &v) != 0 || v == 0 || (key = wd * 24 + hr) <= last)
				return (-1);
			ft->hsum += (uint64_t)v;
		}
		if (flows_scan_char(sc, ']') != 0)
			return (-1);
		flows_profile_add(ft->prof, key, (uint64_t)v);
		last = key;
		if (sc->p < sc->end && *sc->p == ']') {
			sc->p++;
			return (0);
		}
		if (flows_scan_char(sc, ',') != 0)
			return (-1);
	}
}

/*
 * A profile object as flows_save writes it, into ft->prof; its sums are
 * checked against the flow's count once that is known.
 */
static int
flows_scan_profile(struct flows_scan *sc, struct flows_fast *ft)
{
	long long	earlier, unknown;

	if (flows_scan_word(sc, "null", 4) == 0)
		return (0);
	if (ft->prof != NULL || flows_scan_char(sc, '{') != 0)
		return (-1);
	ft->prof = flows_profile_create();
	if (flows_scan_name(sc, "days") != 0 ||
	    flows_scan_cells(sc, ft, 1) != 0 ||
	    flows_scan_char(sc, ',') != 0 ||
	    flows_scan_name(sc, "earlier") != 0 ||
	    flows_scan_uint(sc, INT64_MAX, &earlier) != 0 ||
	    flows_scan_char(sc, ',') != 0 ||
	    flows_scan_name(sc, "unknown") != 0 ||
	    flows_scan_uint(sc, INT64_MAX, &unknown) != 0 ||
	    flows_scan_char(sc, ',') != 0 ||
	    flows_scan_name(sc, "hours") != 0 ||
	    flows_scan_cells(sc, ft, 0) != 0)
		return (-1);
	flows_scan_blanks(sc);
	if (sc->p >= sc->end || *sc->p != '}')
		return (-1);
	sc->p++;
	ft->prof->earlier = (uint64_t)earlier;
	ft->prof->unknown = (uint64_t)unknown;
	return (0);
}

static int
flows_scan_value(struct flows_scan *sc, const struct flows_fast_field *ff,
    struct flows_fast *ft)
{
	char		*at = (char *)ft + ff->off;
	const char	*str;
	long long	 v;

	switch (ff->type) {
	case FLOWS_FAST_STRING:
		return (flows_scan_string(sc, (const char **)(void *)at));
	case FLOWS_FAST_NUINT:
		if (flows_scan_word(sc, "null", 4) == 0) {
			*(long long *)(void *)at = -1;
			return (0);
		}
		/* FALLTHROUGH */
	case FLOWS_FAST_UINT:
		if (flows_scan_uint(sc, ff->max, &v) != 0)
			return (-1);
		*(long long *)(void *)at = v;
		return (0);
	case FLOWS_FAST_TIME:
		if (flows_scan_string(sc, &str) != 0)
			return (-1);
		if (str == NULL)
			*(int64_t *)(void *)at = UTIL_TIME_NONE;
		else if (util_time_parse(str, (int64_t *)(void *)at) != 0)
			return (-1);
		return (0);
	case FLOWS_FAST_BOOL:
		if (flows_scan_word(sc, "null", 4) == 0)
			v = -1;
		else if (flows_scan_word(sc, "true", 4) == 0)
			v = 1;
		else if (flows_scan_word(sc, "false", 5) == 0)
			v = 0;
		else
			return (-1);
		*(long long *)(void *)at = v;
		return (0);
	case FLOWS_FAST_PROFILE:
		return (flows_scan_profile(sc, ft));
	}
	return (-1);
}

/* The row of the member name at sc->p, the one after *next first. */
static const struct flows_fast_field *
flows_scan_key(struct flows_scan *sc, size_t *next)
{
	const char	*q, *e;
	size_t		 n, i, k;

	if (sc->p >= sc->end || *sc->p != '"')
		return (NULL);
	q = sc->p + 1;
	if ((e = memchr(q, '"', (size_t)(sc->end - q))) == NULL)
		return (NULL);
	n = (size_t)(e - q);
	for (k = 0; k < FLOWS_FAST_NFIELDS; k++) {
		i = (*next + k) % FLOWS_FAST_NFIELDS;
		if (flows_fast_fields[i].len == n &&
		    memcmp(flows_fast_fields[i].name, q, n) == 0) {
			*next = i + 1;
			sc->p = e + 1;
			return (&flows_fast_fields[i]);
		}
	}
	return (NULL);
}

/* The flow entry at sc->p into *ft: 0, or -1 for the slow path. */
static int
flows_fast_entry(struct flows_scan *sc, struct flows_fast *ft)
{
	const struct flows_fast_field	*ff;
	const struct flow_profile	*p;
	uint64_t			 count;
	uint32_t			 seen = 0, bit;
	size_t				 next = 0;

	if (sc->p >= sc->end || *sc->p++ != '{')
		return (-1);
	for (;;) {
		flows_scan_blanks(sc);
		if ((ff = flows_scan_key(sc, &next)) == NULL)
			return (-1);
		bit = UINT32_C(1) << (ff - flows_fast_fields);
		if (seen & bit)
			return (-1);
		seen |= bit;
		if (flows_scan_char(sc, ':') != 0 ||
		    flows_scan_value(sc, ff, ft) != 0)
			return (-1);
		flows_scan_blanks(sc);
		if (sc->p >= sc->end)
			return (-1);
		if (*sc->p == '}')
			break;
		if (*sc->p++ != ',')
			return (-1);
	}
	sc->p++;
	/* What the slow path refuses, it refuses with its message. */
	for (next = 0; next < FLOWS_FAST_NFIELDS; next++) {
		if (flows_fast_fields[next].type == FLOWS_FAST_UINT &&
		    !(seen & UINT32_C(1) << next))
			return (-1);	/* a required member missing */
	}
	count = (uint64_t)ft->count;
	if (count == 0 ||
	    (ft->first == UTIL_TIME_NONE) != (ft->last == UTIL_TIME_NONE) ||
	    ft->first > ft->last || !event_id_known((int)ft->id))
		return (-1);
	if ((p = ft->prof) != NULL && (p->unknown > count ||
	    p->earlier > count - p->unknown ||
	    ft->dsum != count - p->unknown - p->earlier ||
	    ft->hsum != count - p->unknown))
		return (-1);
	ft->k.event_id = (int)ft->id;
	ft->k.in_proc = (int)ft->ip;
	ft->k.schannel_type = (int)ft->st;
	return (0);
}

/*
 * Add the flow entry at s->pos on the fast path and move past it: 0; or -1
 * with s->pos as it was, for the slow path to read it.
 */
static int
flows_fast_flow(struct flows *fl, struct jsonwalk *s, char *scratch)
{
	struct flows_fast	ft;
	struct flows_scan	sc;
	int			error;

	sc.p = s->buf + s->pos;
	sc.end = s->buf + s->len;
	sc.out = scratch;
	sc.out_end = scratch + FLOWS_FAST_SCRATCH;
	memset(&ft, 0, sizeof ft);
	ft.k.logon_type = ft.k.usage_id = ft.st = ft.ip = -1;
	ft.first = ft.last = UTIL_TIME_NONE;
	if ((error = flows_fast_entry(&sc, &ft)) == 0) {
		flows_add_flow(fl, &ft.k, (uint64_t)ft.count, ft.first,
		    ft.last, ft.prof);
		s->pos = (size_t)(sc.p - s->buf);
	}
	flows_profile_free(ft.prof);
	return (error);
}

/* Whether flows_load takes the fast path (off: the fuzz target's check). */
static int	flows_fast_on = 1;

void
flows_load_fast(int on)
{
	flows_fast_on = on;
}

/* The "flows" array: each entry on the fast path if it can be. */
static int
flows_load_flows(struct flows *fl, struct jsonwalk *s)
{
	char	*scratch;
	cJSON	*o;
	size_t	 at;
	int	 c, error = 0;

	if (jsonwalk_peek(s) != '[')
		return (jsonwalk_error(s, s->pos, "expected an array"));
	s->pos++;
	if (jsonwalk_peek(s) == ']') {
		s->pos++;
		return (0);
	}
	scratch = xmalloc(FLOWS_FAST_SCRATCH);
	for (;;) {
		if (!flows_fast_on || jsonwalk_peek(s) != '{' ||
		    flows_fast_flow(fl, s, scratch) != 0) {
			if ((o = jsonwalk_parse(s, &at)) == NULL) {
				error = -1;
				break;
			}
			error = flows_load_flow(fl, s, at, o);
			cJSON_Delete(o);
			if (error != 0)
				break;
		}
		if ((c = jsonwalk_peek(s)) == ',') {
			s->pos++;
			continue;
		}
		if (c != ']')
			error = jsonwalk_error(s, s->pos, "expected ',' or ']'");
		else
			s->pos++;
		break;
	}
	free(scratch);
	return (error);
}

/* A record id of a log entry: 1 .. INT64_MAX. */
static int
flows_json_id(cJSON *o, const char *name, uint64_t *out)
{
	long long	v;

	if (flows_json_uint(o, name, 0, (long long)UTIL_COUNT_MAX, &v) != 0 ||
	    v == 0)
		return (-1);
	*out = (uint64_t)v;
	return (0);
}

static int
flows_load_log(struct flows *fl, struct jsonwalk *s, size_t at, cJSON *o)
{
	struct flows_range	 r;
	const char		*host, *channel;
	int64_t			 first, last;
	cJSON			*ranges, *x;
	int			 untracked;

	if (!cJSON_IsObject(o) || flows_json_string(o, "host", &host) != 0 ||
	    host == NULL || *host == '\0' ||
	    flows_json_string(o, "channel", &channel) != 0 ||
	    flows_json_time(o, "first_time", &first) != 0 ||
	    flows_json_time(o, "last_time", &last) != 0 ||
	    ((ranges = cJSON_GetObjectItemCaseSensitive(o, "ranges")) !=
	    NULL && !cJSON_IsArray(ranges)))
		return (jsonwalk_error(s, at, "invalid log entry"));
	untracked = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o,
	    "untracked"));
	flows_log_add(fl, host, channel, first, last, untracked);
	cJSON_ArrayForEach(x, ranges) {
		if (!cJSON_IsObject(x) || flows_json_id(x, "first",
		    &r.first) != 0 || flows_json_id(x, "last", &r.last) != 0 ||
		    r.first > r.last ||
		    flows_json_time(x, "first_time", &r.first_time) != 0 ||
		    flows_json_time(x, "last_time", &r.last_time) != 0)
			return (jsonwalk_error(s, at,
			    "invalid record-id range in a log entry"));
		if (flows_log_add_range(fl, host, channel, &r) != 0)
			break;
	}
	return (0);
}

static int
flows_load_overlap(struct flows *fl, struct jsonwalk *s, size_t at, cJSON *o)
{
	struct flows_range	 r;
	const char		*host, *channel;

	if (!cJSON_IsObject(o) || flows_json_string(o, "host", &host) != 0 ||
	    host == NULL || *host == '\0' ||
	    flows_json_string(o, "channel", &channel) != 0 ||
	    flows_json_id(o, "first", &r.first) != 0 ||
	    flows_json_id(o, "last", &r.last) != 0 || r.first > r.last)
		return (jsonwalk_error(s, at, "invalid overlap entry"));
	flows_log_add_overlap(fl, host, channel, r.first, r.last);
	return (0);
}

enum flows_array {
	FLOWS_ARRAY_SOURCES,
	FLOWS_ARRAY_FLOWS,
	FLOWS_ARRAY_LOGS,
	FLOWS_ARRAY_OVERLAPS
};

/* What a walk of a flow file fills, and the array being walked. */
struct flows_walk {
	struct flows		*fl;
	enum flows_array	 kind;
	int			 seen_format;
};

static int
flows_walk_elem(struct jsonwalk *s, cJSON *o, size_t at, void *arg)
{
	struct flows_walk	*fw = arg;

	switch (fw->kind) {
	case FLOWS_ARRAY_FLOWS:
		return (flows_load_flow(fw->fl, s, at, o));
	case FLOWS_ARRAY_LOGS:
		return (flows_load_log(fw->fl, s, at, o));
	case FLOWS_ARRAY_OVERLAPS:
		return (flows_load_overlap(fw->fl, s, at, o));
	default:
		return (flows_load_source(fw->fl, s, at, o));
	}
}

/* The array a top-level member holds, or -1 for a plain value. */
static int
flows_array_kind(const char *name)
{
	static const char *const names[] = { "sources", "flows", "logs",
	    "overlaps" };
	size_t	i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(name, names[i]) == 0)
			return ((int)i);
	}
	return (-1);
}

static int
flows_walk_member(struct jsonwalk *s, const char *name, size_t at, void *arg)
{
	struct flows_walk	*fw = arg;
	cJSON			*v;
	int			 kind, error = 0;

	if ((kind = flows_array_kind(name)) >= 0) {
		if (!fw->seen_format)
			return (jsonwalk_error(s, at,
			    "not a flow file (no format member first)"));
		fw->kind = kind;
		if (kind == FLOWS_ARRAY_FLOWS)
			return (flows_load_flows(fw->fl, s));
		return (jsonwalk_array(s, flows_walk_elem, fw));
	}
	if ((v = jsonwalk_parse(s, &at)) == NULL)
		return (-1);
	if (strcmp(name, "format") == 0) {
		if (!cJSON_IsString(v) || strcmp(v->valuestring,
		    FLOWS_FORMAT) != 0)
			error = jsonwalk_error(s, at, "not a flow file "
			    "(format is not \"" FLOWS_FORMAT "\")");
		fw->seen_format = 1;
	} else if (strcmp(name, "version") == 0) {
		/* Version 1: no profiles, no new keys. */
		if (!cJSON_IsNumber(v) || (v->valuedouble != 1 &&
		    v->valuedouble != FLOWS_VERSION))
			error = jsonwalk_error(s, at,
			    "unsupported flow file version");
	}
	cJSON_Delete(v);
	return (error);
}

static int
flows_load_buffer(struct flows *fl, struct jsonwalk *s)
{
	struct flows_walk	fw;

	memset(&fw, 0, sizeof fw);
	fw.fl = fl;
	/* A flow file's "{..., }" has always been read. */
	s->lenient = 1;
	if (jsonwalk_peek(s) != '{')
		return (jsonwalk_error(s, s->pos,
		    "not a flow file (expected '{')"));
	if (jsonwalk_object(s, flows_walk_member, &fw) != 0)
		return (-1);
	return (jsonwalk_end(s));
}

int
flows_load(struct flows *fl, const char *path, char **cause)
{
	struct jsonwalk	 s;
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
		/* Read ahead in one go, not a page fault at a time. */
		map = mmap(NULL, len, PROT_READ, MAP_PRIVATE | FLOWS_POPULATE,
		    fd, 0);
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
	jsonwalk_init(&s, path, buf, len);
	if (flows_bin_sniff(buf, len))
		error = flows_load_binary(fl, path, buf, len, &s.cause);
	else {
		jsonarena_begin();
		error = flows_load_buffer(fl, &s);
		jsonarena_end();
	}
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
