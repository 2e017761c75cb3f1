/*
 * plan-load.h: the arguments of "ntlmplan plan" and what a plan is built
 * from, read from them (plan-load.c).  A struct plan_loaded owns what it
 * read; its plan_inputs borrows from it and from the arguments.
 */
#ifndef PLAN_LOAD_H
#define PLAN_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "cmd.h"
#include "ingest.h"
#include "plan.h"
#include "simulate.h"

struct directory;
struct exceptions;
struct flows;
struct policies;
struct policy;
struct remediate_assumed;
struct remediate_rules;
struct rules;

/* The options as given. */
struct plan_args {
	const char		**flows;	/* borrowed from argv */
	size_t			  nflows;
	char			**inputs;	/* borrowed: raw events */
	int			  ninputs;
	long long		  njobs;
	int			  keep_going;
	struct cmd_directory_args da;		/* --ldif or -H */
	const char		 *directory;
	const char		 *level;
	const char		 *exceptions;
	const char		 *rules;
	const char		 *policies_dir;
	const char		 *output;
	int			  names;	/* -1 the policy's, 0, 1 both */
	long long		  audit_level;
	const char		 *netbios;	/* --netbios */
	long long		  max_age;	/* days, 0: no limit */
	long long		  min_days;	/* of evidence, 0: any */
	int64_t			  now;		/* --now, or UTIL_TIME_NONE */
	struct remediate_assumed *assumed;	/* owned: --assume-fixed */
	struct remediate_rules	 *rem_rules;	/* owned, or NULL */
};


/* What a plan is built from, as loaded; freed by plan_loaded_clear. */
struct plan_loaded {
	struct policies		*ps;
	const struct policy	*p;
	struct flows		*fl;
	struct directory	*dir;
	struct exceptions	*ex;
	struct rules		*rs;
	struct sim_sources	 srcs;
	struct ingest_totals	 totals;
	struct sim_domain	 dom;
	int			 dom_set;
	struct plan_inputs	 in;
};

/* The defaults, with room for argc operands; free with plan_args_clear. */
void	plan_args_init(struct plan_args *, int);
/* Operands: raw events, flow files or LDIF, recognised by content. */
void	plan_args_operands(struct plan_args *, int, char **);
void	plan_args_clear(struct plan_args *);
/*
 * Read everything a plan is built from; returns an exit code after a
 * message.  ld is filled even on failure: clear it in any case.
 */
int	plan_load(struct plan_args *, struct plan_loaded *);
void	plan_loaded_clear(struct plan_loaded *);
/*
 * Whether path holds a flow file (its first member is "format":
 * "ntlmplan-flows"), so that plan takes flow files and raw events alike.
 */
int	plan_load_is_flow_file(const char *);

#endif
