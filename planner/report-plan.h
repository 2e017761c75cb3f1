/*
 * report-plan.h: the report's view of a plan (plan.h), computed once by
 * plan_build and rendered by report-html.c and report-md.c, so that both
 * say the same: the servers of the planned level with what the directory
 * knows of them, estimated events per day, the rollout's exact GPO lines
 * (report-gpo.c builds them) and the flows still denied.
 */
#ifndef REPORT_PLAN_H
#define REPORT_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "plan.h"

struct flows;
struct plan;
struct policy;
struct sim_decision;
struct sim_result;
struct sim_server;

#define REPORT_PLAN_TOP		PLAN_TOP /* servers in the per-day chart */
#define REPORT_PLAN_MAX_DAYS	3660
#define REPORT_PLAN_RESIDUAL	100	/* flows listed as still denied */
#define REPORT_PLAN_CARDS	500	/* servers with their evidence */
#define REPORT_PLAN_RULE_FLOWS	10	/* flows listed per site rule */

enum report_plan_list {
	REPORT_PLAN_PROPOSED,	/* on the proposed exception list */
	REPORT_PLAN_IN_FORCE,	/* covered by the list in force */
	REPORT_PLAN_REMEDIATE,	/* still denied: remediate */
	REPORT_PLAN_REFUSED	/* still denied: no list can hold its name */
};

/* What a list status says in a report: proposed, in force, still denied. */
const char	*report_plan_list_name(enum report_plan_list);
/* The class a report colours a list status with ("ok", "danger"), or NULL. */
const char	*report_plan_list_class(enum report_plan_list);

struct report_plan_server {
	const struct sim_server	*s;		/* borrowed from the result */
	enum report_plan_list	 list;
	int			 known;		/* in the directory */
	int			 dc;
	int			 rodc;
	int			 enabled;
	const char		*os;		/* borrowed, may be NULL */
	const char		*os_version;	/* borrowed, may be NULL */
	double			*perday;	/* owned: ndays estimates, for
						   the top servers, or NULL */
};


/* Sort denied flows by server, most events first, then flow order. */
void		 report_plan_sort(struct sim_decision *, size_t,
		     const struct flows *);
/* Sort flows matched by rules: by rule line, most events first. */
void		 report_plan_sort_rules(struct sim_decision *, size_t,
		     const struct flows *);
/*
 * Fill the report's view of p (its servers with what the directory knows
 * of them, the chart, the GPO lines) from the rest of p.
 */
void		 report_plan_build(struct plan *);
/*
 * What kind of server sp is ("member", "domain controller", "not in the
 * directory" ...); *cls is set to "warn" when the kind needs a look, else
 * NULL.
 */
const char	*report_plan_kind(const struct report_plan_server *,
		     const char **);
/* Where a setting is read and how soon a change reaches its readers. */
struct report_plan_scope {
	const char	*value;		/* registry value name */
	const char	*readers;	/* "the domain controllers" */
	const char	*link;		/* where to link the GPO */
	const char	*refresh;	/* background refresh, its source */
};

/* The scope of policy p's setting; never NULL (a generic one). */
const struct report_plan_scope *report_plan_scope(const struct policy *);
/* Free what report_plan_build filled in. */
void		 report_plan_clear(struct plan *);
/* Events per day of the data (ndays, at least 1) for a total. */
double		 report_plan_per_day(const struct plan *, uint64_t);
/* What a server process usually is ("SMB file sharing"), or NULL. */
const char	*report_plan_service(const char *);
/* The base name of a Windows or POSIX path (borrowed). */
const char	*report_plan_basename(const char *);
/* A day as "2026-03-02" into buf (at least 11 bytes); returns buf. */
char		*report_plan_day(int64_t, char *);

#endif
