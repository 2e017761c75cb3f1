/*
 * flows.h: NTLM audit events aggregated into flows, and the flow file.
 *
 * A flow is one distinct (event_id, logged_by, server, domain, user,
 * workstation, process, logon_type, mechanism, in_proc, schannel_type,
 * ntlm_version, usage_id, usage_reason, client_ip, target_ip, mic,
 * channel_binding, status) with a count, the first and last time it was
 * seen and its time profile (events per day and per weekday and hour).
 * Host, domain, user and workstation names compare case-insensitively; a
 * flow keeps the spelling of its earliest event (ties: the bytewise
 * smallest), so that merging in any order gives the same result.
 *
 * Ownership: a struct flows owns every flow, source and string in it.
 * Pointers returned by flows_flow/flows_source are borrowed and stay valid
 * until the next flows_add* or flows_merge call or flows_free.  The flow file
 * (flows-file.c, ntlmplan-flows(5)) builds a table through the functions
 * below only: its load and save are in one place.
 */
#ifndef FLOWS_H
#define FLOWS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct event;

#define FLOWS_FORMAT	"ntlmplan-flows"
#define FLOWS_VERSION	2		/* 1 still loads */

struct flow_key {
	int		 event_id;
	const char	*logged_by;
	const char	*server;
	const char	*domain;
	const char	*user;
	const char	*workstation;
	const char	*process;
	long long	 logon_type;	/* -1: absent */
	const char	*mechanism;
	int		 in_proc;	/* -1 absent, 0 false, 1 true */
	int		 schannel_type;	/* -1: absent */
	const char	*ntlm_version;	/* as logged */
	long long	 usage_id;	/* NtlmUsageId; -1: absent */
	const char	*usage_reason;	/* NtlmUsageReason as logged */
	const char	*client_ip;
	const char	*target_ip;
	const char	*mic;		/* MicStatus as logged */
	const char	*channel_binding; /* ChannelBindingStatus as logged */
	const char	*status;	/* Status as logged */
};

/*
 * A flow's time profile, UTC: events per day for the FLOWS_PROFILE_DAYS
 * latest days that have events (older ones are summed in earlier), and
 * events per weekday and hour.  unknown counts the flow's events of inputs
 * without a profile (flow files of version 1).  The cells are one sorted
 * array: weekday-hour cells (key 0..167, Monday 00h first), then day cells
 * (key FLOWS_PROFILE_DAY0 + days since 1970); a cell is key << 40 | count.
 * At most 168 + FLOWS_PROFILE_DAYS cells: memory does not grow with the
 * number of events.
 */
#define FLOWS_PROFILE_DAYS	92
#define FLOWS_PROFILE_HOURS	168
#define FLOWS_PROFILE_DAY0	(FLOWS_PROFILE_HOURS + 135000)
#define FLOWS_PROFILE_COUNT_MAX	((UINT64_C(1) << 40) - 1)

struct flow_profile {
	uint64_t	 unknown;
	uint64_t	 earlier;
	uint16_t	 nhours;	/* cells[0..nhours) */
	uint16_t	 ndays;		/* cells[nhours..nhours + ndays) */
	uint16_t	 acells;
	uint16_t	 hint;		/* last hour cell used */
	uint64_t	*cells;		/* owned */
};

#define FLOWS_CELL_KEY(c)	((int64_t)((c) >> 40))
#define FLOWS_CELL_COUNT(c)	((c) & FLOWS_PROFILE_COUNT_MAX)

struct flow {
	struct flow_key	 key;		/* strings owned by the flows */
	uint64_t	 count;
	int64_t		 first_seen;
	int64_t		 last_seen;
	struct flow_profile *profile;	/* owned; NULL: not known */
	uint64_t	 logged_src;	/* serial of the source that has the
					 * flow's host in logged_by already */
};

/* Events skipped, per event id, in a source. */
struct source_skip {
	int		 id;
	uint64_t	 count;
};

struct source {
	char		*path;		/* owned */
	uint64_t	 serial;	/* unique in the process, from 1 */
	uint64_t	 records;
	uint64_t	 used;
	uint64_t	 skipped;
	uint64_t	 unreadable;
	uint64_t	 duplicate;	/* record ids read before: not used */
	int64_t		 first_seen;	/* UTIL_TIME_NONE if nothing used */
	int64_t		 last_seen;
	char		**logged_by;	/* owned, sorted case-insensitively */
	size_t		 nlogged_by;
	struct source_skip *skips;	/* owned, by id; NULL: not known */
	size_t		 nskips;
	int		 preaggregated;	/* rows of a SIEM's aggregation: no
					 * record ids, counts not raw events */
};

struct flows;

struct flows	*flows_create(void);
void		 flows_free(struct flows *);

/* A new source, counters zero; borrowed pointer. */
struct source	*flows_add_source(struct flows *, const char *);
/*
 * Count one event of source src: derive its flow key through the event
 * table (ntlmplan-events(7)) and add it.  Returns 0 (used), 1 if the table
 * says it is not an NTLM event after all (counted as skipped), or -1 if the
 * event id is not one of ours.
 */
int		 flows_add_event(struct flows *, struct source *,
		     const struct event *);
/*
 * flows_add_event in two steps, for a reader that decodes on other
 * threads: flows_prepare works out ev's key and its hash and touches
 * nothing shared (any thread); flows_add_prepared adds ev with it, as
 * flows_add_event would.  The key borrows ev's strings, and its status
 * may be in the flow_prep itself: neither may move in between.
 */
struct flow_prep {
	struct flow_key	 key;
	uint64_t	 hash;
	int		 rc;		/* flows_add_event's, if not 0 */
	char		 hex[24];	/* a status in one spelling */
};
void		 flows_prepare(const struct event *, struct flow_prep *);
/* Start loading what adding p's event to fl looks at first (prefetch). */
void		 flows_prefetch(const struct flows *,
		     const struct flow_prep *);
int		 flows_add_prepared(struct flows *, struct source *,
		     const struct event *, const struct flow_prep *);
/*
 * flows_add_prepared in two parts, for a reader that adds the flows on
 * other threads: flows_account_prepared does the source's part (counted
 * as used or skipped, its times and its hosts) in the order of the
 * records, and returns as flows_add_prepared; flows_put_prepared then
 * counts a used event into its flow, in a table of its own if need be
 * (one per thread, say, chosen by p->hash: a flow's events all go to the
 * one table).  The result does not depend on the order of the puts.
 */
int		 flows_account_prepared(struct flows *, struct source *,
		     const struct event *, const struct flow_prep *);
void		 flows_put_prepared(struct flows *, const struct event *,
		     const struct flow_prep *);
/*
 * Move the flows of src (a table of flows only, no sources or logs) into
 * dst, with the strings and profiles they own; src is left empty.
 * disjoint: no key of src is in dst (tables filled by flows_put_prepared
 * by hash): its flows are appended, not looked up.
 */
void		 flows_absorb(struct flows *, struct flows *, int);
/* Count one skipped record of event id in src. */
void		 flows_source_skip(struct source *, int);
/*
 * Add a flow with a key of borrowed strings (used by load and merge); the
 * profile (NULL: not known) is copied.
 */
void		 flows_add_flow(struct flows *, const struct flow_key *,
		     uint64_t, int64_t, int64_t, const struct flow_profile *);
/*
 * Loading many flows: flows_reserve makes room for n more;
 * flows_intern_string gives s's copy in the table (borrowed, for the
 * table's life); flows_add_flow_interned is flows_add_flow for a key whose
 * strings all come from flows_intern_string of this table.
 */
void		 flows_reserve(struct flows *, size_t);
const char	*flows_intern_string(struct flows *, const char *);
void		 flows_add_flow_interned(struct flows *,
		    const struct flow_key *, uint64_t, int64_t, int64_t,
		    const struct flow_profile *);
/*
 * The table is read only from now on (a plan's, once loaded): what finds a
 * flow or a string is freed, the flows, logs, sources and strings stay.
 * Adding a flow or a string to it, or merging it, is then a fatal error.
 */
void		 flows_freeze(struct flows *);
/*
 * A profile built cell by cell (loading): created empty, owned by the
 * caller; a cell key as in struct flow_profile, n events added to it.
 */
struct flow_profile *flows_profile_create(void);
void		 flows_profile_add(struct flow_profile *, int64_t, uint64_t);
void		 flows_profile_free(struct flow_profile *);
/* Day (days since 1970) and weekday-hour (0..167, Monday 00h) of t. */
int64_t		 flows_day(int64_t);
int		 flows_weekhour(int64_t);
/* Record that src saw events logged by host. */
void		 flows_source_logged_by(struct source *, const char *);
/* Move everything of src into dst; src is left empty. */
void		 flows_merge(struct flows *, struct flows *);

/* Sort flows and sources into their canonical order. */
void		 flows_sort(struct flows *);
/*
 * Let flows_sort and flows_save use up to n threads on a large table (1,
 * the default: the calling thread only); the order and the file are the
 * same.  Not thread-safe: set it before reading.  flows_threads: n.
 */
void		 flows_set_threads(int);
int		 flows_threads(void);
size_t		 flows_count(const struct flows *);
struct flow	*flows_flow(const struct flows *, size_t);
size_t		 flows_source_count(const struct flows *);
struct source	*flows_source(const struct flows *, size_t);
/* Sum of flow counts. */
uint64_t	 flows_events(const struct flows *);

/*
 * The logs the records came from.  A record is identified by (logging host,
 * channel, EventRecordID), ntlmplan-events(7): ids count up by one per record
 * in each log of each host, so a log keeps the ids it holds as sorted,
 * disjoint, non-adjacent ranges (memory grows with the gaps, not with the
 * records), and its window is the first and last time of every record seen
 * in it, NTLM or not.  A record without a channel takes its provider's log
 * (FLOWS_CHANNEL_NTLM for both NTLM providers); one without either has no
 * identity and is never taken for a duplicate.
 */
#define FLOWS_CHANNEL_NTLM	"Microsoft-Windows-NTLM/Operational"

struct flows_range {
	uint64_t	 first;		/* record ids, first <= last */
	uint64_t	 last;
	int64_t		 first_time;	/* time of record first, or NONE */
	int64_t		 last_time;	/* time of record last, or NONE */
};

struct flows_log {
	const char		*host;		/* interned, borrowed */
	const char		*channel;	/* interned; NULL unknown */
	int64_t			 first_time;	/* window: every record */
	int64_t			 last_time;
	struct flows_range	*ranges;	/* owned by the flows */
	size_t			 nranges;
	size_t			 aranges;
	struct flows_range	*overlaps;	/* ids in more than one input */
	size_t			 noverlaps;
	size_t			 aoverlaps;
	int			 untracked;	/* ids too scattered: not kept */
};

/*
 * A log whose ids fall into more than this many ranges (a filtered export:
 * wevtutil epl /q, Get-WinEvent -FilterHashtable) keeps none: its copies
 * are not found and its gaps not told (untracked), so memory stays flat.
 */
#define FLOWS_LOG_RANGES_MAX	4096

/* Records lost between two ranges of a log (rollover). */
struct flows_gap {
	uint64_t	 after;		/* last id held before the gap */
	uint64_t	 before;	/* first id held after it */
	uint64_t	 lost;		/* before - after - 1 */
	int64_t		 from;		/* time of record after, or NONE */
	int64_t		 to;		/* time of record before, or NONE */
};

/* Record ids that more than one merged input held: counted twice. */
struct flows_overlap {
	const char	*host;		/* borrowed */
	const char	*channel;	/* borrowed, NULL unknown */
	uint64_t	 first;
	uint64_t	 last;
};

/*
 * Account one record of any event (used, skipped or unreadable) before it
 * is classified: widens its log's window and adds its record id.  Returns
 * 1 if the id was held already (in fl, or in the table given to
 * flows_exclude): the caller counts it in src->duplicate and goes no
 * further; 0 otherwise.
 */
int		 flows_record(struct flows *, const struct event *);
/* Mark the ids first..last of a log as held, without a duplicate check. */
void		 flows_record_range(struct flows *, const char *, const char *,
		     uint64_t, uint64_t);
/*
 * True if the records added to fl with flows_record carried one id
 * sequence across several hosts: a collector's numbering, not the hosts'
 * own.  That is, in the order of the records, three changes of Computer
 * where the id is the previous one + 1 before any change where it does not
 * rise (each host numbering its own records: a SIEM export or the XML of a
 * ForwardedEvents log).  flows_record then drops every id of fl and keeps
 * none after.
 */
int		 flows_ids_shared(const struct flows *);
/* Count the ids held in ex (borrowed, or NULL) as read already. */
void		 flows_exclude(struct flows *, const struct flows *);
/* True if fl and other hold a record id in common. */
int		 flows_logs_intersect(const struct flows *,
		     const struct flows *);
/*
 * A log as a flow file holds it (loading): flows_log_add widens the window
 * of (host, channel) and marks it untracked if asked; flows_log_add_range
 * adds ids, those held already to its overlaps, and returns 1 if the log
 * keeps no ids (untracked), 0 otherwise; flows_log_add_overlap records ids
 * that more than one input held.
 */
void		 flows_log_add(struct flows *, const char *, const char *,
		     int64_t, int64_t, int);
int		 flows_log_add_range(struct flows *, const char *,
		     const char *, const struct flows_range *);
void		 flows_log_add_overlap(struct flows *, const char *,
		     const char *, uint64_t, uint64_t);
/* Logs sorted by host and channel; borrowed until the next change. */
size_t		 flows_logs(const struct flows *, const struct flows_log **);
/* Gap i (0 .. nranges - 2) of a log. */
void		 flows_log_gap(const struct flows_log *, size_t,
		     struct flows_gap *);
/* Ids held and lost (in gaps) by a log. */
uint64_t	 flows_log_held(const struct flows_log *);
uint64_t	 flows_log_lost(const struct flows_log *);
/*
 * Begin a log's JSON object with what the flow file and plan.json share:
 * host, channel, first_time, last_time, held and lost.
 */
struct jsonout;
void		 flows_log_json_head(struct jsonout *,
		     const struct flows_log *);
/*
 * Begin a source's JSON object with what the flow file and plan.json
 * share: path, records, used, skipped, unreadable and duplicate.
 */
void		 flows_source_json_head(struct jsonout *,
		     const struct source *);
/* Overlaps of every log, sorted; *out owned by the caller (free). */
size_t		 flows_overlaps(const struct flows *, struct flows_overlap **);

/* Events per logging host, for the summary and the report's windows. */
struct flows_host {
	const char	*name;		/* borrowed from the flows */
	uint64_t	 events;
	int64_t		 first_seen;	/* first and last NTLM event */
	int64_t		 last_seen;
	int64_t		 log_first;	/* window of its logs (every record), */
	int64_t		 log_last;	/* at least the events'; or NONE */
	uint64_t	 lost;		/* record ids lost in gaps */
	size_t		 gaps;
};
/* Hosts sorted by name; *hosts is owned by the caller (free). */
size_t		 flows_hosts(const struct flows *, struct flows_host **);

/* Compare two flows in the canonical order. */
int		 flows_compare(const struct flow *, const struct flow *);

/* The flow file, flows-file.c. */

/* Sort, then write the flow file to f. */
void		 flows_save(struct flows *, FILE *);
/*
 * Read a flow file ("-" for stdin), JSON or binary, and add its flows and
 * sources.  Returns 0, or -1 with *cause set ("file:line:column: ...", or
 * "file: offset N: ..." for the binary form; caller frees).
 */
int		 flows_load(struct flows *, const char *, char **);
/*
 * The binary form, flows-bin.c (ntlmplan-flows(5) BINARY FORM): the same
 * table, for machines.  flows_load reads either form, whichever the file
 * starts with.  flows_load_binary adds the table in buf (len bytes) of
 * path, or returns -1 with *cause set ("file: offset N: ...", caller
 * frees).
 */
#define FLOWS_BIN_MAGIC		"NTLMFLOW"
#define FLOWS_BIN_VERSION	1
/* True if buf starts as a binary flow file does. */
int		 flows_bin_sniff(const void *, size_t);
/* Sort, then write the binary flow file to f. */
void		 flows_save_binary(struct flows *, FILE *);
int		 flows_load_binary(struct flows *, const char *, const void *,
		    size_t, char **);
/*
 * Whether flows_load reads flow entries as flows_save writes them without
 * cJSON (the default).  Off, every entry goes through cJSON: the fuzz
 * target checks that both give the same table.  Not thread-safe.
 */
void		 flows_load_fast(int);

#endif
