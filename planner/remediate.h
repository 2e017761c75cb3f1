/*
 * remediate.h: fix instead of except.  For every flow the planned level
 * denies, a fix class with the evidence behind it, decided by the rules of
 * a remediation rules file (ntlmplan-remediation(5)), "unknown" where no
 * rule decides; then a greedy cover: the accounts, clients and server
 * processes whose fix takes the most servers off the exception list.  And
 * the assumed fixes of plan --assume-fixed: the flows a fix makes go away.
 *
 * Ownership: a struct remediate_rules owns its rules, services, dangers and
 * patterns; a struct remediate_result owns everything it points to except
 * the rules (class, owner and source strings are borrowed from them, so
 * the rules must outlive the result) and the plan (its verdicts' decisions
 * and names are the plan's, and their texts are filled from it); a struct
 * remediate_assumed owns its conditions.  Nothing here prints: the report
 * modules write the result.
 */
#ifndef REMEDIATE_H
#define REMEDIATE_H

#include <stddef.h>
#include <stdint.h>

struct flow;
struct intern;
struct plan;
struct rem_ctx;
struct sim_decision;

/* The fields a rule's "when" lines test, by name (ntlmplan-remediation(5)). */
enum remediate_field {
	REMEDIATE_F_EVENT_ID,
	REMEDIATE_F_SERVER,		/* NetBIOS name, as simulated */
	REMEDIATE_F_SERVER_SEEN,	/* as the event gives it */
	REMEDIATE_F_SERVER_CLASS,
	REMEDIATE_F_SERVER_IN_DIRECTORY, /* yes, no */
	REMEDIATE_F_OS,
	REMEDIATE_F_OS_VERSION,
	REMEDIATE_F_ACCOUNT,		/* DOMAIN\user */
	REMEDIATE_F_DOMAIN,
	REMEDIATE_F_USER,
	REMEDIATE_F_ACCOUNT_CLASS,
	REMEDIATE_F_CLIENT,
	REMEDIATE_F_CLIENT_IN_DIRECTORY, /* yes, no */
	REMEDIATE_F_PROCESS,
	REMEDIATE_F_LOGON_TYPE,
	REMEDIATE_F_MECHANISM,
	REMEDIATE_F_SERVICE,		/* [service] block, or empty */
	REMEDIATE_F_SPN_HOLDER,		/* computer, service-account */
	REMEDIATE_F_SPN_STATUS,		/* registered, duplicate, ... */
	REMEDIATE_F_SPN,		/* the SPN found, or wanted */
	REMEDIATE_F_SPN_OWNERS,		/* computers holding it */
	REMEDIATE_F_USAGE_ID,		/* NtlmUsageId (events 4020-4033) */
	REMEDIATE_F_USAGE_REASON,	/* NtlmUsageReason, as logged */
	REMEDIATE_F_TARGET_IP,
	REMEDIATE_F_CLIENT_IP,
	REMEDIATE_F_KERBEROS,		/* the SPN holder's Kerberos class
					   (kerberos.h): rc4-only, ... */
	REMEDIATE_F__COUNT
};

/* The values of one flow; NULL and "" both mean no value. */
struct remediate_values {
	const char	*v[REMEDIATE_F__COUNT];	/* borrowed */
};

struct remediate_rule {
	char		*name;		/* owned */
	unsigned	 line;
	char		*class;		/* owned */
	char		*owner;		/* owned: who fixes it */
	char		*fix;		/* owned: template */
	char		*evidence;	/* owned: template */
	char		*source;	/* owned */
	int		 kerberos;	/* its fix moves the flow to
					   Kerberos ("kerberos = yes") */
	uint64_t	 flows;		/* hits of the last run */
	uint64_t	 events;
};

struct remediate_danger {
	char		*name;		/* owned */
	char		*server_class;	/* owned: class it applies to */
	char		*why;		/* owned */
	char		*causes;	/* owned */
	char		*source;	/* owned */
};

struct remediate_rules;

/* Field name as in the rules file; -1 from _field_find if unknown. */
const char	*remediate_field_name(enum remediate_field);
int		 remediate_field_find(const char *);
/*
 * Read a remediation rules file.  NULL with *cause set ("file:line: ...",
 * caller frees) on a syntax error or a pattern that does not compile.
 */
struct remediate_rules *remediate_rules_load(const char *, char **);
void		 remediate_rules_free(struct remediate_rules *);
size_t		 remediate_rules_count(const struct remediate_rules *);
const struct remediate_rule *remediate_rules_get(const struct remediate_rules *,
		     size_t);
/* The danger of a server class ("dc"), or NULL. */
const struct remediate_danger *remediate_rules_danger(
		     const struct remediate_rules *, const char *);

/*
 * Classify one flow by its values: the first rule whose conditions all
 * match (hit counters raised by one flow of events), or NULL: unknown.
 * Fields REMEDIATE_F_SERVICE and REMEDIATE_F_SPN_HOLDER are not looked up
 * here: remediate_run fills them from the [service] blocks.
 */
const struct remediate_rule *remediate_classify(struct remediate_rules *,
		     const struct remediate_values *, uint64_t);
/* A rule's template with {field} replaced by values (caller frees). */
char		*remediate_expand(const char *,
		     const struct remediate_values *);

/*
 * A ranked fix: an account on a client, a process on a server (every
 * process if the flows name none), an account, or a client.
 */
enum remediate_kind {
	REMEDIATE_ACCOUNT_CLIENT,
	REMEDIATE_PROCESS_SERVER,
	REMEDIATE_ACCOUNT,
	REMEDIATE_CLIENT,
	REMEDIATE_KIND__COUNT
};

/* "account-client", "process-server", "account", "client". */
const char	*remediate_kind_name(enum remediate_kind);

struct remediate_fix {
	enum remediate_kind	 kind;
	char			*account;	/* owned, or NULL */
	char			*client;	/* owned, or NULL */
	char			*process;	/* owned, or NULL */
	char			*server;	/* owned, or NULL */
	char			*spec;		/* owned: --assume-fixed form */
	const char		*class;		/* most events; borrowed */
	int			 mixed;		/* flows of other classes too */
	char			*fix;		/* owned: what to do, or NULL */
	char			*evidence;	/* owned: its heaviest flow's */
	uint64_t		 flows;		/* denied, on the list */
	uint64_t		 events;
	size_t			 touches;	/* servers on the list */
	char			**removes;	/* owned: servers leaving the
						   list at this step */
	size_t			 nremoves;
	size_t			 list_after;	/* list size after it */
	/*
	 * A fix that moves flows to Kerberos: whether the account that
	 * holds the SPN can get AES tickets (kerberos.h), from the flow of
	 * its class that needs a step, else its heaviest flow.
	 */
	int			 kerberos;	/* moves flows to Kerberos */
	int			 kerberos_class; /* enum kerberos_class */
	unsigned		 kerberos_steps; /* KERBEROS_STEP_*, all of
						   its flows' */
	int			 kerberos_heuristic;
	char			*kerberos_account; /* owned, or NULL */
};

/*
 * One denied flow with its class; its evidence and fix are filled when
 * they are written (remediate_verdict_text), not kept for every flow.  Its
 * flow, server (NetBIOS) and place on the proposed list are its
 * decision's; its class its rule's (remediate_verdict_class).  One per
 * denied flow: kept small.
 */
struct remediate_verdict {
	const struct sim_decision	*decision;	/* borrowed from the
							   plan */
	const struct remediate_rule	*rule;		/* NULL: unknown */
	const char			*account;	/* pooled */
	const char			*client;	/* borrowed from the flows,
							   or NULL */
	const char			*kerberos_account; /* pooled, or
							   NULL */
	uint64_t			 events;	/* the flow's count */
	int32_t				 srv;		/* index in servers,
							   -1: not listed */
	uint32_t			 step;		/* the ranked fix that
							   covers it (1-based),
							   0: none */
	int8_t				 kerberos_class; /* enum kerberos_
							   class of the SPN
							   holder; -1: none */
	uint8_t				 kerberos_steps; /* KERBEROS_STEP_* */
	uint8_t				 kerberos_heuristic;
	uint8_t				 kerberos_step;	/* the rule moves it
							   to Kerberos and the
							   account needs a
							   step first */
	uint8_t				 listed;	/* on the proposed list
							   (the decision's) */
};

/* A server of the proposed list. */
struct remediate_server {
	char				*name;		/* owned */
	int				 dc;
	const struct remediate_danger	*danger;	/* or NULL */
	uint64_t			 flows;
	uint64_t			 events;
	uint64_t			 unknown_flows;	/* class unknown */
	uint64_t			 unknown_events;
	int				 fixable;	/* no unknown flow */
	size_t				 step;		/* leaves at fix step
							   (1-based), 0 never */
};

#define REMEDIATE_MAX_FIXES	50
#define REMEDIATE_UNKNOWN	"unknown"

struct remediate_result {
	struct intern			*strings;	/* owned: the verdicts'
							   strings, pooled */
	struct rem_ctx			*ctx;		/* owned: what the
							   verdicts' texts are
							   filled from */
	struct remediate_verdict	*verdicts;	/* owned, input order */
	size_t				 nverdicts;
	struct remediate_fix		*fixes;		/* owned, ranked */
	size_t				 nfixes;
	struct remediate_server		*servers;	/* owned, by name */
	size_t				 nservers;
	size_t				 list_before;	/* proposed list size */
	uint64_t			 unknown_flows;
	uint64_t			 unknown_events;
	const struct remediate_rules	*rules;		/* borrowed, or NULL */
	size_t				*baseline;	/* owned copy, or
							   NULL */
	size_t				 nbaseline;
	char				**baseline_names; /* owned */
	size_t				 nbaseline_names;
};

/*
 * Classify the flows the plan denies at its planned level (p->blocked) and
 * rank the fixes, at most max (0: REMEDIATE_MAX_FIXES); rules may be NULL.
 * Reads the flows, the policy, the baseline of the assumed fixes and the
 * domain's computers and accounts (simulate.h: OS, SPNs, Kerberos verdicts)
 * from the plan, which plan_build calls it for.  The result borrows the
 * plan's decisions and the names of its flows and simulation, and reads
 * the plan again for remediate_verdict_text: free it first.
 */
struct remediate_result *remediate_run(const struct plan *,
		     struct remediate_rules *, size_t);
void		 remediate_free(struct remediate_result *);

/*
 * The evidence and fix of a verdict of r, filled from its rule's templates
 * (or what no rule decides says, with no fix) into tx's buffers, which the
 * next call reuses; remediate_text_clear frees them.  Reads r only: one
 * struct remediate_text per thread.
 */
struct remediate_text {
	const char	*evidence;	/* in buf[0] */
	const char	*fix;		/* in buf[1], or NULL */
	char		*buf[2];	/* owned */
	size_t		 cap[2];
};
/* The class of v: its rule's, or REMEDIATE_UNKNOWN. */
const char	*remediate_verdict_class(const struct remediate_verdict *);
void		 remediate_verdict_text(const struct remediate_result *,
		     const struct remediate_verdict *, struct remediate_text *);
void		 remediate_text_clear(struct remediate_text *);

/* plan --assume-fixed: "account=CORP\\svc,client=MON01", repeatable. */
struct remediate_assumed;

struct remediate_assumed *remediate_assumed_create(void);
void		 remediate_assumed_free(struct remediate_assumed *);
/* Add one fix; 0, or -1 with *cause set (caller frees). */
int		 remediate_assumed_add(struct remediate_assumed *, const char *,
		     char **);
size_t		 remediate_assumed_count(const struct remediate_assumed *);
/* The fix i as given (borrowed). */
const char	*remediate_assumed_spec(const struct remediate_assumed *,
		     size_t);
/*
 * True if flow f is one that an assumed fix makes go away (every condition
 * of one fix matches); its hit counters are raised.
 */
int		 remediate_assumed_match(struct remediate_assumed *,
		     const struct flow *, int);
/* Flows and events fix i matched. */
void		 remediate_assumed_hits(const struct remediate_assumed *,
		     size_t, uint64_t *, uint64_t *);

#endif
