/*
 * report-json.h: plan.json, the machine-readable plan (ntlmplan-plan(5)),
 * written from the simulation's plain structs.
 */
#ifndef REPORT_JSON_H
#define REPORT_JSON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct exceptions;
struct flows;
struct remediate_assumed;
struct remediate_result;
struct rules;
struct sim_result;

#define REPORT_JSON_FORMAT	"ntlmplan-plan"
#define REPORT_JSON_VERSION	1

/* What the plan was made from; every pointer borrowed, any may be NULL. */
struct report_json_inputs {
	const char *const	*flows;		/* flow file paths */
	size_t			 nflows;
	const char *const	*events;	/* raw EVTX/JSON inputs */
	size_t			 nevents;
	const char *const	*ldif;		/* directory from LDIF */
	size_t			 nldif;
	const char		*directory;
	const char		*exceptions_path;
	const char		*rules_path;
	const char		*policies_dir;
	const char		*domain_netbios;
	const char		*domain_dns;
	size_t			 computers;
	size_t			 trusts;
	int64_t			 generated;	/* us since 1970 */
	const struct exceptions	*exceptions;
	const struct rules	*rules;
	const struct flows	*evidence;	/* its sources, logs, overlaps */
	const struct remediate_result	*remediation;	/* fix classes */
	const struct remediate_assumed	*assumed;	/* --assume-fixed */
};

struct report_events;

/* Write plan.json for r to f; the events' judgements may be NULL. */
void	report_json_write(FILE *, const struct sim_result *,
	    const struct report_json_inputs *, const struct report_events *);

#endif
