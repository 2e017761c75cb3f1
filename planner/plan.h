/*
 * plan.h: the plan, computed once.  plan_build runs the simulation of every
 * option of a setting over the flows (simulate.h), judges each level
 * (simulate_verdict), decides every flow at every level with its reason,
 * builds the exception list of the planned level, ranks the fixes
 * (remediate.h) and lays out the report's view (report-plan.c).  Every
 * writer (exceptions.txt, the security templates, plan.json, blocked.csv,
 * remediation.csv, report.md, report.html) reads a const struct plan and
 * decides nothing: one plan, many writers.
 *
 * A struct plan owns what it computed; it borrows the flows, the domain and
 * what struct plan_inputs points to, which must outlive it.
 */
#ifndef PLAN_H
#define PLAN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "report-regpol.h"
#include "simulate.h"

#define PLAN_TOP	5	/* servers in the per-day chart */

struct changes;
struct directory;
struct exceptions;
struct flows;
struct flows_overlap;
struct plan;
struct policies;
struct policy;
struct remediate_assumed;
struct remediate_result;
struct remediate_rules;
struct report_events;
struct report_plan_server;
struct rules;
struct simulate_smb;

/* What the plan is built from besides flows and domain; all borrowed. */
struct plan_inputs {
	const struct policies	*policies;
	const struct policy	*policy;	/* the level planned */
	struct exceptions	*exceptions;	/* in force, or NULL */
	struct rules		*rules;		/* site rules, or NULL */
	struct remediate_rules	*rem_rules;	/* fix classes, or NULL */
	struct remediate_assumed *assumed;	/* --assume-fixed, or NULL */
	int			 names;		/* -1 the policy's, 0, 1 both */
	long			 audit_level;	/* -1: inferred */
	int			 netbios_stated; /* --netbios gave the name */
	int64_t			 generated;	/* the plan's time, us */
	int64_t			 max_age;	/* us; 0: no limit */
	int64_t			 min_window;	/* us; the shortest evidence */
	int64_t			 directory_time; /* UTIL_TIME_NONE: unknown */
	unsigned		 jobs;		/* threads (-j); 0 or 1: one */
	/*
	 * Called once on plan_build's thread while the fixes are ranked on
	 * another (jobs > 1), the plan built but for its fixes (p->rem
	 * NULL, not to be read); NULL: nothing.  The writers of the outputs
	 * that do not read the fixes run there (struct plan_output).
	 */
	void			(*meanwhile)(const struct plan *, void *);
	void			*meanwhile_arg;

	/* The inputs as named, for plan.json and the reports. */
	const char *const	*flows;		/* flow file paths */
	size_t			 nflows;
	const char *const	*events;	/* raw EVTX/JSON inputs */
	size_t			 nevents;
	const char *const	*ldif;		/* directory from LDIF */
	size_t			 nldif;
	const char		*directory;	/* snapshot path or LDAP URI */
	const char		*exceptions_path;
	const char		*rules_path;
	const char		*policies_dir;
	const char *const	*unread;	/* named inputs not readable */
	size_t			 nunread;
	uint64_t		 unreadable;	/* records or lines */
	const struct sim_sources *sources;	/* may be NULL */
	struct directory	*dir;		/* the snapshot, or NULL: the
						   SMB block's name forms */
};

/*
 * Why a flow is denied or allowed at a level: a closed set (ntlmplan-plan
 * (5), DECISIONS).  Anything the plan cannot prove allowed is denied.
 */
enum plan_reason {
	PLAN_NOT_EVALUATED,	/* not an event of this setting */
	PLAN_DENIED,		/* denied, no entry in force covers it */
	PLAN_DENIED_NO_SERVER,	/* denied, the event names no server */
	PLAN_DENIED_TRUST,	/* denied, over a trust's secure channel */
	PLAN_DENIED_REFUSED,	/* denied, its server name refused */
	PLAN_ALLOWED_LOCAL,	/* a local account on its own server */
	PLAN_ALLOWED_ANONYMOUS,	/* an anonymous logon */
	PLAN_ALLOWED_OUTSIDE,	/* server proven outside the domain */
	PLAN_ALLOWED_EXCEPTED,	/* an entry in force names the server */
	PLAN_ALLOWED_NOT_COVERED, /* a class this option does not deny */
	PLAN_DROPPED_RULE,	/* left out by a site rule */
	PLAN_DROPPED_FIXED	/* assumed fixed */
};
#define PLAN_NREASONS	(PLAN_DROPPED_FIXED + 1)

struct plan {
	/* Borrowed. */
	struct plan_inputs	  in;
	const struct flows	 *fl;
	const struct sim_domain	 *dom;
	const struct policy	 *policy;

	/* The simulation and its verdict. */
	struct sim_options	  sopts;
	uint8_t			 *fixed;	/* per flow: assumed fixed */
	struct sim_result	 *r;
	const struct sim_level	 *lv;		/* the planned level */
	struct sim_facts	  facts;
	struct flows_overlap	 *overlaps;	/* the facts borrow them */
	size_t			  noverlaps;
	struct sim_gap		 *gaps;
	size_t			  ngaps;
	const char		**security_only; /* hosts, borrowed */
	size_t			  nsecurity_only;

	/* Every flow at every level: reasons[level * nflows + flow]. */
	uint8_t			 *reasons;	/* enum plan_reason */
	size_t			  nflows;

	/* The list of the planned level. */
	int			  both;		/* NetBIOS and FQDN */
	struct sim_list		  list;
	const struct hostname *const *gpo;	/* the list: checked names */
	size_t			  ngpo;
	const char *const	 *unused;	/* entries in force that
						   matched nothing denied */
	size_t			  nunused;
	char			**comments;	/* atop exceptions.txt */
	size_t			  ncomments;

	/* Flows denied at the planned level, and those a rule matched. */
	struct sim_decision	 *blocked;	/* report_plan_sort order */
	size_t			  nblocked;
	struct sim_decision	 *ruled;	/* report_plan_sort_rules */
	size_t			  nruled;

	/* The fixes, and the list sizes without the assumed fixes. */
	struct remediate_result	 *rem;
	size_t			 *baseline;	/* per level, or NULL */
	size_t			  nbaseline;
	char			**baseline_names;
	size_t			  nbaseline_names;

	/* The report's view (report-plan.c). */
	struct report_plan_server *servers;	/* proposed, in force,
						   remediate; by name */
	size_t			  nservers;
	size_t			  top[PLAN_TOP];	/* most events */
	size_t			  ntop;
	int64_t			  day0;		/* us: first day, 00:00Z */
	size_t			  ndays;	/* 0: no times in the data */
	char			**audit;	/* GPO lines */
	size_t			  naudit;
	char			**enforce;
	size_t			  nenforce;
	char			**rollback;
	size_t			  nrollback;
	struct report_events	 *events;	/* report-events.h */
	uint64_t		  uncharted;	/* denied events of the top
						   servers with no day */

	/*
	 * The SMB client's NTLM block (ntlmplan-smb(7)): its simulation,
	 * the exception list it needs (names borrowed from smb), the
	 * Registry.pol that sets both and its Set-GPRegistryValue lines.
	 */
	struct simulate_smb	 *smb;
	const struct hostname	**smb_list;	/* owned array */
	size_t			  nsmb_list;
	struct report_regpol_smb  regpol;
	int			  regpol_too_large; /* the list does not fit:
						   no exception list written */
	char			**smb_ps;	/* owned lines */
	size_t			  nsmb_ps;
	uint64_t		  smb_flows;	/* the block denies */
	uint64_t		  smb_events;
	uint64_t		  smb_denied;	/* still denied with the list:
						   name refused, no target */
	size_t			  smb_targets;	/* distinct, as named */
	size_t			  smb_accounts;
	size_t			  smb_clients;

	/* The dated changes of Windows (ntlmplan-changes(5)), or NULL. */
	struct changes		 *changes;
	int			 *change_states; /* enum changes_state, as
						   of the plan's time */
	char			 *changes_cause; /* owned: why NULL */
};

/* The GPO name of the SMB block's Set-GPRegistryValue lines. */
#define PLAN_SMB_GPO	"NTLM - SMB client block"
/* The SMB block's Registry.pol in the plan's directory. */
#define PLAN_SMB_POL	"Machine-Registry-smb.pol"

/*
 * Build the plan of in->policy over fl and dom; NULL after a message (an
 * unreadable remediation rules file).  The exception and rule hit counters
 * are updated.
 */
struct plan	*plan_build(const struct flows *, const struct sim_domain *,
		     const struct plan_inputs *);
/* Free p and what it owns; NULL is a no-op. */
void		 plan_free(struct plan *);
/* The reason of flow i at level l. */
enum plan_reason plan_reason(const struct plan *, size_t, size_t);
/* A short stable code for a reason ("denied", "allowed-local", ...). */
const char	*plan_reason_code(enum plan_reason);
/* 1 if the reason denies the flow. */
int		 plan_reason_denied(enum plan_reason);

/* 1 if the SMB block denies a flow of verdict v (simulate-smb.h). */
int		 plan_smb_denies(int);

/* The files of a plan, in the order they are written. */
struct plan_output {
	const char	*name;
	void		(*write)(FILE *, const struct plan *);
	int		 size;		/* how large it grows with the
					   flows, 0-3: the largest are
					   written first */
	int		 fixes;		/* reads the fixes (p->rem): not
					   written before they are
					   ranked */
};

extern const struct plan_output plan_outputs[];

#endif
