/*
 * simulate.h: what each option of a Restrict NTLM setting would deny, given
 * flows, the directory and the exception list in force (ntlmplan-events(7),
 * SIMULATION), evaluated from the policy files alone.
 *
 * The input is plain structs (struct sim_domain borrows the directory's
 * strings); the result is plain structs for the report modules.  The
 * simulation never prints.  A struct sim_result owns everything it points
 * to except the policies, which the caller's struct policies owns.
 */
#ifndef SIMULATE_H
#define SIMULATE_H

#include <stddef.h>
#include <stdint.h>

#include "hostname.h"
#include "kerberos.h"
#include "policy.h"

struct directory;
struct exceptions;
struct flows;
struct flows_overlap;
struct rules;

struct sim_computer {
	const char	*name;		/* NetBIOS: sAMAccountName without $ */
	const char	*dns;		/* NULL if none */
	int		 enabled;
	int		 dc;
	int64_t		 last_logon;	/* UTIL_TIME_NONE if never */
	int		 rodc;
	const char	*os;		/* operatingSystem, or NULL */
	const char	*os_version;	/* or NULL */
	const char *const *spns;	/* servicePrincipalName, sorted */
	size_t		 nspns;
	const char	*account;	/* its account ("NAME$"), or NULL:
					   none in the snapshot */
	struct kerberos_verdict kerberos; /* of account (kerberos.h) */
};

/*
 * An account of the snapshot that lists SPNs itself: a user or managed
 * service account (a computer's lists them in its computer entry), in the
 * snapshot's order.
 */
struct sim_account {
	const char	*name;		/* sAMAccountName */
	const char *const *spns;	/* sorted bytewise */
	size_t		 nspns;
	int		 computer;	/* a computer's account */
	struct kerberos_verdict kerberos;
};

struct sim_trust {
	const char	*flat;
	const char	*partner;
};

struct sim_domain {
	const char		*netbios;
	const char		*dns;
	const struct sim_trust	*trusts;
	size_t			 ntrusts;
	const struct sim_computer *computers;
	size_t			 ncomputers;
	const char *const	*upn_suffixes;	/* the forest's */
	size_t			 nupn_suffixes;
	const struct sim_account *accounts;
	size_t			 naccounts;
	int			 kerberos;	/* the snapshot's accounts are
						   known: Kerberos verdicts */
	/*
	 * Computers by name and by dNSHostName, case-insensitive (made by
	 * simulate_domain_init; NULL: simulate_domain_find looks linearly).
	 */
	const size_t		*by_name;
	const size_t		*by_dns;
	size_t			 nby_dns;
	/*
	 * Every SPN of the accounts, then of the computers, sorted
	 * case-insensitively, the first holder first (NULL:
	 * simulate_domain_spn looks linearly).
	 */
	const struct sim_spn	*by_spn;
	size_t			 nby_spn;
};

/* An SPN and its holder: accounts[index], or computers[index]. */
struct sim_spn {
	const char		*spn;
	int			 computer;
	size_t			 index;
};

/*
 * Fill dom from a directory snapshot: its strings are borrowed from dir,
 * its arrays owned until simulate_domain_clear.  netbios (may be NULL) is
 * the name stated on the command line, used when the directory has none.
 * The Kerberos verdicts of the accounts are judged here, once.
 */
void		 simulate_domain_init(struct sim_domain *,
		     const struct directory *, const char *);
void		 simulate_domain_clear(struct sim_domain *);
/*
 * The computer named host: by dNSHostName, by NetBIOS name, or by the
 * first label of an FQDN in the domain's DNS name (case-insensitive, a
 * trailing dot ignored); NULL if none.  Linear: callers cache.
 */
const struct sim_computer *simulate_domain_find(const struct sim_domain *,
		     const char *);
/*
 * The account that holds spn (case-insensitive), as ntlmplan-directory(5)
 * finds it: a user or managed service account listing it (*comp NULL), else
 * the computer listing it or named by its host part (HOST/ maps to every
 * service), by that computer's account (*comp the computer; its account
 * may be NULL).  NULL, *comp NULL: none.  Linear: callers cache.
 */
const struct sim_account *simulate_domain_spn(const struct sim_domain *,
		     const char *, const struct sim_computer **);

struct sim_options {
	const struct policies	*policies;
	const struct policy	*policy;	/* the level planned */
	struct exceptions	*exceptions;	/* in force; may be NULL */
	struct rules		*rules;		/* may be NULL */
	long			 audit_level;	/* -1: infer from the data */
	int64_t			 stale;		/* us: older logon is stale */
	size_t			 evidence_max;	/* names listed per server */
	const uint8_t		*fixed;		/* per flow, 1: assumed fixed
						   (plan --assume-fixed),
						   dropped; may be NULL */
	int			 keep_fixed;	/* the run without assumed
						   fixes: rules with action
						   fixed and the mask ignored */
};

/*
 * Distinct names with their events, most events first (then by name).  The
 * lists of a result own their arrays and names; those of a server (struct
 * sim_server) own their arrays and borrow their names from the result.
 */
struct sim_names {
	char		**names;
	uint64_t	 *events;
	size_t		  n;		/* listed (at most evidence_max) */
	uint64_t	  total;	/* distinct */
};

/*
 * A server's evidence at a level.  Its names, hosts and the names of its
 * lists are the result's, kept once for every level; it owns the arrays of
 * its lists (one block), entry and weak.
 */
struct sim_server {
	char			*name;		/* NetBIOS; a refused name
						   escaped (\r, \xNN) */
	char			*fqdn;		/* may be NULL */
	struct hostname		*host;		/* name, checked; NULL:
						   refused */
	struct hostname		*fqdn_host;	/* or NULL */
	enum hostname_refusal	 refused;	/* why host is NULL */
	enum server_class	 class;
	int			 proven;	/* not in the directory, a
						   member by its own events */
	int			 absent;	/* not in the directory */
	int			 disabled;	/* computer account disabled */
	uint64_t		 flows;
	uint64_t		 events;
	int64_t			 first_seen;
	int64_t			 last_seen;
	struct sim_names	 accounts;	/* "DOMAIN\user" */
	struct sim_names	 clients;
	struct sim_names	 processes;
	char			*entry;		/* owned: entry in force that
						   names it, or NULL */
	char			*weak;		/* owned: entry in force that
						   matched it without naming it
						   (wildcard, FQDN), or NULL */
	int			 borrowed;	/* every pointer above is the
						   level before's, which
						   denies the server the same
						   flows: owned there */
};

struct sim_caveat;

struct sim_level {
	const struct policy	*policy;
	int			 answered;	/* within the audit level */
	int			 ready;		/* no blocker (verdict) */
	struct sim_caveat	*blockers;	/* owned */
	size_t			 nblockers;
	struct sim_caveat	*warnings;	/* owned */
	size_t			 nwarnings;
	uint64_t		 blocked_flows;	/* before any exception */
	uint64_t		 blocked_events;
	uint64_t		 servers;
	uint64_t		 accounts;
	uint64_t		 clients;
	uint64_t		 excepted_flows; /* allowed by the list */
	uint64_t		 excepted_events;
	uint64_t		 remediate_flows;
	uint64_t		 remediate_events;
	uint64_t		 residual_flows; /* denied with both lists */
	uint64_t		 residual_events;
	/*
	 * The servers by what the level does with them, each array owned,
	 * or the level before's where that holds the same evidence
	 * (shared: SIM_SHARED_* bits).
	 */
	struct sim_server	*exceptions;	/* proposed, sorted */
	size_t			 nexceptions;
	struct sim_server	*already;	/* covered in force */
	size_t			 nalready;
	struct sim_server	*remediate;	/* residual servers */
	size_t			 nremediate;
	struct sim_server	*refused;	/* server names no list can
						   hold; still denied */
	size_t			 nrefused;
#define SIM_SHARED_EXCEPTIONS	0x1
#define SIM_SHARED_ALREADY	0x2
#define SIM_SHARED_REMEDIATE	0x4
#define SIM_SHARED_REFUSED	0x8
	unsigned		 shared;
	uint64_t		 trust_flows;	/* denied over a trust's secure
						   channel: no list covers
						   them (in residual too) */
	uint64_t		 trust_events;
	uint64_t		 noserver_flows; /* denied, naming no server:
						   no list covers them (in
						   residual too) */
	uint64_t		 noserver_events;
	uint64_t		 dcvalid_flows;	/* denied: a DC's 4776 that no
						   pass-through it logged
						   explains (in residual
						   too) */
	uint64_t		 dcvalid_events;
};

/*
 * What a blocker, warning or caveat says, as a code: the simulation decides,
 * report-text-caveats.c words it (and names its kind in plan.json).  A code
 * reads the fields of struct sim_caveat its row documents.
 */
enum sim_code {
	/* Blockers of a level. */
	SIM_NETBIOS_UNKNOWN,		/* s0 DN of the domain (NULL: none,
					   n0 1 if a DNS name without a
					   label), s1 guess */
	SIM_NO_EVENTS,			/* p0 the level's policy */
	SIM_INPUT_UNREADABLE,		/* n0 inputs */
	SIM_INPUT_WITHOUT_NTLM,		/* n0 inputs */
	SIM_UNREADABLE_RECORDS,		/* n0 records */
	SIM_AUDIT_LEVEL_NARROWER,	/* p0 audit or NULL, p1 level,
					   n0 audit level inferred */
	SIM_STALE_DATA,			/* t0 plan's time, t1 --max-age days */
	SIM_TRUST_CHANNEL_DENIED,	/* n0 flows, n1 events */
	SIM_NO_SERVER_DENIED,		/* n0 flows, n1 events */
	SIM_DC_VALIDATION_DENIED,	/* n0 flows, n1 events */
	SIM_REFUSED_NAME,		/* n0 names */
	SIM_SHORT_EVIDENCE,		/* t0 longest log (us), t1 min days */
	SIM_OVERLAP,			/* n0 inputs */
	/* Warnings of a level. */
	SIM_FUTURE_RECORDS,
	SIM_NETBIOS_STATED,		/* s0 the NetBIOS name */
	SIM_SHORT_WINDOW_HOSTS,		/* n0 hosts */
	SIM_STILL_DENIED,		/* n0 flows, n1 events, n2 servers */
	SIM_ENTRY_NOT_PROOF,		/* n0 servers */
	SIM_UNDER_A_MONTH,		/* t0 longest log (us), n0 days */
	SIM_RECORD_GAPS,
	SIM_LIST_ABSENT,		/* n0 servers */
	SIM_LIST_DC,			/* n0 domain controllers */
	SIM_LIST_DISABLED,		/* n0 computers */
	SIM_DC_SILENT,			/* n0 domain controllers */
	SIM_DATA_OLDER,			/* t0 newest event, t1 directory */
	SIM_SECURITY_LOG_ONLY,		/* n0 hosts */
	SIM_EMPTY_INPUT,		/* n0 inputs */
	SIM_UNREADABLE_IN_FLOWS,	/* n0 records */
	/* Caveats of the simulation. */
	SIM_AUDIT_CONTRADICTED,		/* t0 stated level, n0 pair mask */
	SIM_AUDIT_INFERRED,		/* p0 audit policy */
	SIM_NO_DATA,
	SIM_LEVEL_BEYOND_AUDIT,		/* p0 level, n0 pair mask */
	SIM_TRUST_CHANNEL,		/* n0 flows, n1 events */
	SIM_SHORT_WINDOW,		/* t0 longest log (us) */
	SIM_ABSENT,			/* n0 servers */
	SIM_MEMBER_ABSENT,		/* n0 servers */
	SIM_STALE_COMPUTER,		/* t0 days */
	SIM_DISABLED_COMPUTER,
	SIM_DOUBLE_COUNTED,
	SIM_UNKNOWN_DOMAIN,		/* n0 domains */
	SIM_ANOMALY,			/* n0 flows, n1 events */
	SIM_NO_SERVER,			/* n0 flows, n1 events */
	SIM_POLICY_NOTE,		/* p0 policy, n0 index of its note */
	SIM_BLIND_HOSTS,		/* n0 hosts */
	SIM_NO_PROFILE,			/* n0 events */
	SIM_BLIND_SPOT,
	SIM_INVALID_EXCEPTION,
	SIM_UNUSED_EXCEPTION,
	SIM_UNUSED_RULE,
	SIM__COUNT
};

/*
 * An item of a finding: what it names (a server, host, input or entry of a
 * list, as data) and the figures its code's row words it with
 * (report-text-caveats.c).  The fields an item of each code reads:
 *   names only: SIM_INPUT_UNREADABLE, SIM_INPUT_WITHOUT_NTLM, SIM_DC_SILENT,
 *	SIM_SECURITY_LOG_ONLY, SIM_EMPTY_INPUT, SIM_ABSENT, SIM_MEMBER_ABSENT,
 *	SIM_UNKNOWN_DOMAIN, SIM_BLIND_HOSTS;
 *   SIM_OVERLAP: the host, s0 its log's channel (NULL unknown), n0 and n1
 *	the first and last record id held twice;
 *   SIM_RECORD_GAPS: the host, s0 the channel, n0 records lost, n1 the id
 *	before the gap, n2 the id after it, t0 and t1 their times;
 *   n0 events: SIM_TRUST_CHANNEL_DENIED, SIM_STILL_DENIED, SIM_ENTRY_NOT_PROOF,
 *	SIM_LIST_ABSENT, SIM_LIST_DC, SIM_LIST_DISABLED, SIM_DISABLED_COMPUTER;
 *   SIM_REFUSED_NAME: n0 enum hostname_refusal, n1 events;
 *   SIM_STALE_DATA: t0 newest event not after the plan (UTIL_TIME_NONE:
 *	none), n0 its age in days;
 *   SIM_FUTURE_RECORDS: t0 newest event;
 *   SIM_SHORT_WINDOW, SIM_SHORT_WINDOW_HOSTS: t0, t1 the log's window;
 *   SIM_STALE_COMPUTER: t0 last logon (UTIL_TIME_NONE: never), t1 last NTLM;
 *   SIM_DOUBLE_COUNTED: n0 events the server logged, n1 the DCs;
 *   SIM_INVALID_EXCEPTION: s0 where, s1 why; SIM_UNUSED_EXCEPTION: s0 where;
 *   SIM_UNUSED_RULE: the pattern, n0 line, n1 enum rules_field, n2 enum
 *	rules_action.
 */
struct sim_item {
	char			*name;		/* owned; NULL: a host the
						   events do not name */
	char			*s[2];		/* owned, or NULL */
	uint64_t		 n[3];
	int64_t			 t[2];
};

struct sim_caveat {
	enum sim_code		 code;
	uint64_t		 n[3];		/* counts, a mask */
	int64_t			 t[2];		/* times, days, levels */
	char			*s[2];		/* owned: names, or NULL */
	const struct policy	*p[2];		/* borrowed, or NULL */
	struct sim_item		*items;		/* owned */
	size_t			 nitems;
	size_t			 aitems;	/* capacity of items */
};

/*
 * Add an item to cv: its name (copied; NULL: unknown host), the figures
 * zero; the item, for the caller to fill.
 */
struct sim_item	*simulate_item_add(struct sim_caveat *, const char *);
/* Free what the items of cv own, and the array. */
void		 simulate_items_clear(struct sim_caveat *);

struct sim_count {
	uint64_t	flows;
	uint64_t	events;
};

struct sim_host {
	char		*name;		/* owned; NULL: unknown host */
	uint64_t	 events;
	int64_t		 first_seen;	/* its NTLM events */
	int64_t		 last_seen;
	int64_t		 log_first;	/* what its log covered (flows.h) */
	int64_t		 log_last;
	uint64_t	 lost;		/* record ids lost in gaps */
	size_t		 gaps;
	int		 short_window;	/* less than half the longest */
};

struct sim_ctx;

struct sim_result {
	const struct policy	*policy;
	size_t			 level;		/* index in levels */
	struct sim_level	*levels;	/* owned: every option */
	size_t			 nlevels;
	const struct policy	*audit;		/* NULL: nothing to infer */
	int			 audit_inferred;
	const struct policy	*audit_stage;	/* whose audit value the audit
						   stage sets: the narrowest
						   level logging all that the
						   planned level denies and
						   the data was logged at */
	struct sim_count	 input;		/* every flow */
	struct sim_count	 evaluated;	/* of the setting's events */
	struct sim_count	 ignored;	/* by rules */
	struct sim_count	 fixed;		/* assumed fixed, dropped */
	struct sim_count	 no_server;
	struct sim_count	 trust;		/* over a trust's channel */
	struct sim_count	 classes[ACCOUNT__COUNT][SERVER__COUNT];
	int64_t			 first_seen;
	int64_t			 last_seen;
	struct sim_host		*hosts;		/* owned, by name */
	size_t			 nhosts;
	struct sim_names	 dc_servers;	/* DCs receiving NTLM */
	struct sim_names	 absent;	/* not in the directory */
	struct sim_names	 unknown_domains;
	struct sim_names	 trust_channels; /* SChannelName of trust
						   channels, escaped */
	struct sim_caveat	*caveats;	/* owned */
	size_t			 ncaveats;
	struct sim_ctx		*ctx;		/* owned: what the evaluator
						   reads (simulate_eval_*) */
};

/* A gap in the record ids of a host's log (flows_log_gap). */
struct sim_gap {
	const char	*host;		/* borrowed */
	const char	*channel;	/* borrowed, NULL unknown */
	uint64_t	 after;		/* last id held before the gap */
	uint64_t	 before;	/* first id held after it */
	uint64_t	 lost;
	int64_t		 from;		/* time of record after, or NONE */
	int64_t		 to;		/* time of record before, or NONE */
};

/*
 * What the plan knows about its inputs beyond the flows, for the verdict.
 * Every pointer is borrowed; lists may be empty.
 */
struct sim_facts {
	int			 netbios_stated; /* --netbios gave the name */
	const char *const	*unread;	/* named inputs not readable */
	size_t			 nunread;
	const char *const	*foreign;	/* inputs with records but no
						   NTLM audit event */
	size_t			 nforeign;
	const char *const	*empty;		/* inputs without a record */
	size_t			 nempty;
	uint64_t		 unreadable;	/* allocated records or lines
						   that could not be read */
	uint64_t		 unreadable_unknown; /* of flow files: may be
						   slack space */
	int64_t			 now;		/* the plan's time, us */
	int64_t			 max_age;	/* us; 0: no limit */
	int64_t			 min_window;	/* us: the longest host log
						   must cover this; 0: any */
	int64_t			 directory_time; /* UTIL_TIME_NONE: unknown */
	/*
	 * Evidence of the inputs (flows.h "overlaps" and "logs"): overlapping
	 * inputs whose counts could not be de-duplicated (a blocker) and
	 * record-id gaps (a warning).
	 */
	const struct flows_overlap *overlaps;
	size_t			 noverlaps;
	const struct sim_gap	*gaps;
	size_t			 ngaps;
	/* Hosts that gave a Security log but no NTLM Operational log. */
	const char *const	*security_only;
	size_t			 nsecurity_only;
};

/*
 * What the verdict learns from the sources of flow tables: inputs that gave
 * no NTLM audit event, and unreadable records whose kind a flow file does
 * not keep.  Owns its lists.
 */
struct sim_sources {
	char		**foreign;	/* records, but no NTLM audit event */
	size_t		  nforeign;
	size_t		  aforeign;
	char		**empty;	/* no record at all */
	size_t		  nempty;
	size_t		  aempty;
	uint64_t	  unreadable_unknown;
};

/*
 * Add the sources of fl: raw (freshly read) inputs, or those of flow files
 * (raw 0), whose unreadable records may have been slack space.
 */
void		 simulate_sources_add(struct sim_sources *, const struct flows *,
		     int);
void		 simulate_sources_clear(struct sim_sources *);
/* Point facts at the lists of srcs (borrowed). */
void		 simulate_facts_sources(struct sim_facts *,
		     const struct sim_sources *);
/* Fill facts with "nothing known": no limit, no time. */
void		 simulate_facts_init(struct sim_facts *);
/*
 * Judge every level of r: fill its ready flag, blockers and warnings
 * (ntlmplan-plan(5) lists the kinds) from r, the domain and the facts.
 */
void		 simulate_verdict(struct sim_result *,
		     const struct sim_domain *, const struct sim_facts *);
/*
 * The complete exception list of a level (simulate-list.c): the checked
 * names of the servers covered by an entry in force and of the new ones
 * (with their FQDNs if both), sorted, no duplicates; the valid entries in
 * force that matched nothing the level denies; and those that matched a
 * server without naming it.  The arrays are owned, the names borrowed from
 * the level and the list in force.
 */
struct sim_list {
	const struct hostname	**names;	/* checked, sorted */
	size_t			  nnames;
	const char		**unused;
	size_t			  nunused;
	const char		**weak;		/* entries in force that matched
						   a server without naming it */
	size_t			  nweak;
};

void		 simulate_list_build(struct sim_list *, const struct sim_level *,
		     const struct exceptions *, int);
void		 simulate_list_clear(struct sim_list *);

/* Fill opts with defaults (90 days stale, 3 names per list). */
void		 simulate_options_init(struct sim_options *);
/*
 * Simulate every option of opts->policy's setting over the flows.  The
 * exception and rule hit counters are updated.
 */
struct sim_result *simulate_run(const struct flows *,
		     const struct sim_domain *, const struct sim_options *);
/* Free r and all it owns; NULL is a no-op. */
void		 simulate_free(struct sim_result *);
/* Classify an account (ntlmplan-events(7)); server is a NetBIOS name. */
enum account_class simulate_account_class(const struct sim_domain *,
		     const char *, const char *, const char *);

/*
 * Per-flow decisions, for reports that list flows (blocked.csv): one flow
 * evaluated at one level, its server resolved as simulate_run resolves it.
 * Which list covers a denied flow is read from the result's server lists,
 * so that it agrees with them; rule and exception hits are not counted
 * again.  A struct sim_eval borrows the flows, domain, options and result,
 * and reads each flow's server and class from what simulate_run kept.
 */
struct rule;
struct sim_eval;

struct sim_decision {
	size_t			 flow;		/* index in the flows */
	const char		*server;	/* NetBIOS; borrowed from the
						   evaluator, NULL: none */
	const char		*fqdn;		/* borrowed, may be NULL */
	enum account_class	 account;
	enum server_class	 server_class;
	const struct rule	*rule;		/* first matching, or NULL */
	uint8_t			 blocked;	/* denied before exceptions */
	uint8_t			 in_force;	/* denied, allowed by the list
						   in force */
	uint8_t			 proposed;	/* denied, server on the list
						   proposed for the level */
	uint8_t			 in_directory;	/* the server is a computer
						   of the directory */
	uint8_t			 dropped;	/* 1 a rule ignores it, 2
						   assumed fixed */
	uint8_t			 trust;		/* over a trust's secure
						   channel: no server here */
	uint8_t			 refused;	/* no list can hold the
						   server's name */
	uint8_t			 not_passed;	/* a 4624 that is no
						   pass-through */
};

/* An evaluator for the flows and result of one simulate_run. */
struct sim_eval	*simulate_eval_create(const struct flows *,
		     const struct sim_domain *, const struct sim_options *,
		     const struct sim_result *);
/* Free ev; NULL is a no-op. */
void		 simulate_eval_free(struct sim_eval *);
/* Evaluate flow i at r->levels[level] into d. */
void		 simulate_eval_flow(struct sim_eval *, size_t, size_t,
		     struct sim_decision *);
/*
 * Free what only the evaluator reads of r's run (each flow's server, class
 * and ids, the maps of names), once every flow is decided: no evaluator is
 * made of r after this.  What the decisions borrow (the servers' names)
 * stays with r.
 */
void		 simulate_eval_done(struct sim_result *);

#endif
