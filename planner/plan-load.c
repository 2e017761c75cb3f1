/*
 * plan-load.c: what a plan is built from, read in the order the checks
 * need: the policies and the level (every option value checked before any
 * input is read), the flows (flow files, then raw events collected on the
 * fly), the directory, the list in force, the site rules and the
 * remediation rules of the policy directory.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "directory.h"
#include "directory-ldif.h"
#include "exceptions.h"
#include "exitcode.h"
#include "flows.h"
#include "ingest.h"
#include "log.h"
#include "plan-load.h"
#include "policy.h"
#include "remediate.h"
#include "rules.h"
#include "simulate.h"
#include "util.h"
#include "xmalloc.h"

/*
 * The plan's time: --now, $SOURCE_DATE_EPOCH (reproducible builds) or the
 * clock.
 */
static int64_t
plan_load_now(const struct plan_args *cp)
{
	const char	*e = getenv("SOURCE_DATE_EPOCH");
	long long	 v;

	if (cp->now != UTIL_TIME_NONE)
		return (cp->now);
	if (e != NULL && util_strtonum(e, 0, INT64_MAX / 1000000, &v) == 0)
		return ((int64_t)v * 1000000);
	return ((int64_t)time(NULL) * 1000000);
}

/*
 * The remediation rules of the policy directory; 0, or -1 after a message
 * (a missing file only warns: every fix class is then unknown).
 */
static int
plan_load_rem_rules(struct plan_args *cp)
{
	char	*path, *cause;
	int	 rc = 0;

	xasprintf(&path, "%s/remediation.rules", cp->policies_dir);
	if (access(path, F_OK) != 0)
		log_warnx("%s: %s: every denied flow's fix class is unknown",
		    path, strerror(errno));
	else if ((cp->rem_rules = remediate_rules_load(path, &cause)) ==
	    NULL) {
		log_warnx("%s", cause);
		free(cause);
		rc = -1;
	}
	free(path);
	return (rc);
}

/* The last component of a registry path. */
static const char *
plan_load_value_name(const char *key)
{
	const char	*s = strrchr(key, '\\');

	return (s != NULL ? s + 1 : key);
}


/* The policies and the level; every option value checked. */
static int
plan_load_level(struct plan_args *cp, struct plan_loaded *ld)
{
	char	*cause;
	size_t	 i, first, n;

	if (cp->policies_dir == NULL)
		cp->policies_dir = policies_default_dir();
	if ((ld->ps = policies_load(cp->policies_dir, &cause)) == NULL) {
		log_warnx("%s", cause);
		free(cause);
		return (EXIT_INPUT);
	}
	if ((ld->p = policies_find(ld->ps, cp->level)) == NULL) {
		ld->p = policies_find(ld->ps, NULL);
		log_warnx("unknown level: %s; the levels of %s (by name or "
		    "value):", cp->level, ld->p->setting);
		first = policies_setting(ld->ps, ld->p, &n);
		for (i = first; i < first + n; i++)
			log_warnx("  %s (%ld)", policies_get(ld->ps, i)->name,
			    policies_get(ld->ps, i)->value);
		return (EXIT_USAGE);
	}
	if (cp->audit_level >= 0 &&
	    !policies_is_audit_value(ld->ps, ld->p, (long)cp->audit_level)) {
		log_warnx("--audit-level %lld is no audit value of %s",
		    cp->audit_level, ld->p->setting);
		return (EXIT_USAGE);
	}
	return (EXIT_OK);
}

/* The flows: flow files, then raw events collected on the fly. */
static int
plan_load_flows(struct plan_args *cp, struct plan_loaded *ld)
{
	struct flows	*collected;
	char		*cause;
	size_t		 i;
	int		 rc = EXIT_OK;

	ld->fl = flows_create();
	for (i = 0; i < cp->nflows; i++) {
		if (flows_load(ld->fl, cp->flows[i], &cause) != 0) {
			log_warnx("%s", cause);
			free(cause);
			rc = EXIT_INPUT;
		}
	}
	if (rc != EXIT_OK)
		return (rc);
	simulate_sources_add(&ld->srcs, ld->fl, 0);
	if (cp->ninputs > 0) {
		if ((rc = cmd_read_inputs(cp->inputs, cp->ninputs,
		    (int)cp->njobs, cp->keep_going, &collected, &ld->totals)) !=
		    EXIT_OK)
			return (rc);
		simulate_sources_add(&ld->srcs, collected, 1);
		flows_merge(ld->fl, collected);
		flows_free(collected);
	}
	cmd_print_overlaps(ld->fl, "plan");
	/*
	 * Several flow files (or freshly collected events) are merged in
	 * argument order, and a flow file another tool wrote may be in any:
	 * sort them for a plan that does not depend on it (first spellings),
	 * and that reads its flows in the order it decides them, by server.
	 * A flow file ntlmplan saved is in that order already, and a table
	 * filled in order is not compared again (flows_sort).
	 */
	flows_sort(ld->fl);
	return (EXIT_OK);
}

/* The list in force; its invalid entries named. */
static int
plan_load_exceptions(struct plan_args *cp, struct plan_loaded *ld)
{
	const struct exceptions_entry	*e;
	const char			*key = ld->p->exceptions_key;
	char				*cause;
	size_t				 i;
	int				 found;

	ld->ex = exceptions_create();
	if (exceptions_load(ld->ex, cp->exceptions, key != NULL ?
	    plan_load_value_name(key) : "DCAllowedNTLMServers", &found,
	    &cause) != 0) {
		log_warnx("%s", cause);
		free(cause);
		return (EXIT_INPUT);
	}
	if (!found)
		log_warnx("%s: no %s in this template: the list in force is "
		    "empty", cp->exceptions, key != NULL ?
		    plan_load_value_name(key) : "exception list");
	for (i = 0; i < exceptions_count(ld->ex); i++) {
		e = exceptions_get(ld->ex, i);
		if (e->reason != NULL)
			log_warnx("%s: %s: %s, ignored", e->where, e->name,
			    e->reason);
	}
	return (EXIT_OK);
}

/* A directory snapshot read beside the flows. */
struct plan_load_dir {
	const char		*path;
	struct directory	*dir;
	char			*cause;
};

static void *
plan_load_dir(void *arg)
{
	struct plan_load_dir	*pd = arg;

	pd->dir = directory_load(pd->path, &pd->cause);
	return (NULL);
}

/*
 * The flows, and the directory snapshot (--directory) read by a second
 * thread meanwhile when -j allows one; its error, if any, comes after the
 * flows', as when they are read in turn.
 */
static int
plan_load_all(struct plan_args *cp, struct plan_loaded *ld)
{
	struct plan_load_dir	 pd;
	pthread_t		 t;
	char			*cause;
	int			 rc, threaded = 0;

	if ((rc = plan_load_level(cp, ld)) != EXIT_OK)
		return (rc);
	memset(&pd, 0, sizeof pd);
	pd.path = cp->directory;
	if (cp->directory != NULL && cp->njobs > 1)
		threaded = pthread_create(&t, NULL, plan_load_dir, &pd) == 0;
	rc = plan_load_flows(cp, ld);
	if (threaded)
		pthread_join(t, NULL);
	else if (cp->directory != NULL && rc == EXIT_OK)
		plan_load_dir(&pd);
	if (rc != EXIT_OK) {
		directory_free(pd.dir);
		free(pd.cause);
		return (rc);
	}
	if (cp->directory != NULL) {
		if ((ld->dir = pd.dir) == NULL) {
			log_warnx("%s", pd.cause);
			free(pd.cause);
			return (EXIT_INPUT);
		}
	} else if ((rc = cmd_directory_read(&cp->da, &ld->dir)) != EXIT_OK)
		return (rc);
	if (cp->exceptions != NULL &&
	    (rc = plan_load_exceptions(cp, ld)) != EXIT_OK)
		return (rc);
	if (cp->rules != NULL &&
	    (ld->rs = rules_load(cp->rules, &cause)) == NULL) {
		log_warnx("%s", cause);
		free(cause);
		return (EXIT_INPUT);
	}
	if (cp->netbios != NULL && ld->dir->domain_netbios != NULL &&
	    strcasecmp(cp->netbios, ld->dir->domain_netbios) != 0)
		log_warnx("plan: --netbios %s: the directory names the domain "
		    "%s; using the directory's", cp->netbios,
		    ld->dir->domain_netbios);
	if (plan_load_rem_rules(cp) != 0)
		return (EXIT_INPUT);
	return (EXIT_OK);
}

void
plan_loaded_clear(struct plan_loaded *ld)
{
	simulate_sources_clear(&ld->srcs);
	ingest_totals_clear(&ld->totals);
	if (ld->dom_set)
		simulate_domain_clear(&ld->dom);
	rules_free(ld->rs);
	exceptions_free(ld->ex);
	directory_free(ld->dir);
	flows_free(ld->fl);
	policies_free(ld->ps);
}

/* What the plan is built from, as loaded. */
static void
plan_load_inputs(struct plan_args *cp, struct plan_loaded *ld)
{
	const struct sim_domain		*dom = &ld->dom;
	struct plan_inputs		*in = &ld->in;
	const struct ingest_totals	*t = &ld->totals;

	memset(in, 0, sizeof *in);
	in->policies = ld->ps;
	in->policy = ld->p;
	in->exceptions = ld->ex;
	in->rules = ld->rs;
	in->rem_rules = cp->rem_rules;
	in->assumed = cp->assumed;
	in->names = cp->names;
	in->audit_level = (long)cp->audit_level;
	in->netbios_stated = dom->netbios != ld->dir->domain_netbios;
	in->generated = plan_load_now(cp);
	in->max_age = (int64_t)cp->max_age * UTIL_DAY;
	in->min_window = (int64_t)cp->min_days * UTIL_DAY;
	in->directory_time = ld->dir->source_uri != NULL ?
	    ld->dir->fetched : UTIL_TIME_NONE;
	in->jobs = (unsigned)cp->njobs;
	in->flows = cp->flows;
	in->nflows = cp->nflows;
	in->events = (const char *const *)cp->inputs;
	in->nevents = (size_t)cp->ninputs;
	in->ldif = cp->da.ldif;
	in->nldif = cp->da.nldif;
	in->directory = cp->directory != NULL ? cp->directory :
	    cp->da.ldap.uri;
	in->exceptions_path = cp->exceptions;
	in->rules_path = cp->rules;
	in->policies_dir = cp->policies_dir;
	in->unread = (const char *const *)t->unread;
	in->nunread = t->nunread;
	/* The problems reading: unreadable operands, records and lines. */
	in->unreadable = (size_t)t->problems > t->nunread ?
	    (uint64_t)t->problems - t->nunread : 0;
	in->sources = &ld->srcs;
	in->dir = ld->dir;
}

/*
 * Whether path holds a flow file (its first member is "format":
 * "ntlmplan-flows"), so that plan takes flow files and raw events alike.
 */
int
plan_load_is_flow_file(const char *path)
{
	static const char	*const want[] = { "{", "\"format\"", ":",
				    "\"" FLOWS_FORMAT "\"" };
	char			 buf[256], *p;
	size_t			 n, i, len;
	FILE			*f;

	if (strcmp(path, "-") == 0 || (f = fopen(path, "rb")) == NULL)
		return (0);
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = buf;
	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		p += strspn(p, " \t\r\n");
		len = strlen(want[i]);
		if (strncmp(p, want[i], len) != 0)
			return (0);
		p += len;
	}
	return (1);
}


int
plan_load(struct plan_args *cp, struct plan_loaded *ld)
{
	int	rc;

	memset(ld, 0, sizeof *ld);
	if ((rc = plan_load_all(cp, ld)) != EXIT_OK)
		return (rc);
	/* Nothing is added to the flows now: their lookups are freed. */
	flows_freeze(ld->fl);
	simulate_domain_init(&ld->dom, ld->dir, cp->netbios);
	ld->dom_set = 1;
	plan_load_inputs(cp, ld);
	return (EXIT_OK);
}

void
plan_args_init(struct plan_args *cp, int argc)
{
	memset(cp, 0, sizeof *cp);
	cp->output = "ntlmplan-plan";
	cp->names = -1;
	cp->audit_level = -1;
	cp->max_age = 30;
	cp->min_days = 7;
	cp->now = UTIL_TIME_NONE;
	cp->njobs = util_ncpus();
	cmd_directory_args_init(&cp->da);
	cp->flows = xcalloc((size_t)argc + 1, sizeof *cp->flows);
	cp->inputs = xcalloc((size_t)argc + 1, sizeof *cp->inputs);
	cp->da.ldif = xcalloc((size_t)argc + 1, sizeof *cp->da.ldif);
}

void
plan_args_operands(struct plan_args *cp, int argc, char **argv)
{
	int	i;

	for (i = 0; i < argc; i++) {
		if (plan_load_is_flow_file(argv[i]))
			cp->flows[cp->nflows++] = argv[i];
		else if (directory_ldif_sniff(argv[i])) {
			log_info("plan: %s is LDIF: read as directory input, "
			    "as --ldif %s", argv[i], argv[i]);
			cp->da.ldif[cp->da.nldif++] = argv[i];
		} else
			cp->inputs[cp->ninputs++] = argv[i];
	}
}

void
plan_args_clear(struct plan_args *cp)
{
	cmd_directory_args_clear(&cp->da);
	remediate_assumed_free(cp->assumed);
	remediate_rules_free(cp->rem_rules);
	free(cp->flows);
	free(cp->inputs);
	free(cp->da.ldif);
}
