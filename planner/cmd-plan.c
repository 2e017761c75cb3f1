/*
 * cmd-plan.c: "ntlmplan plan": simulate every option of a Restrict NTLM
 * setting over flow files and a directory snapshot, and write the proposed
 * exception list, the two security templates, plan.json, the reports
 * (report.html, report.md) and blocked.csv into a directory, each file
 * atomically.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
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
#include "policy.h"
#include "plan.h"
#include "remediate.h"
#include "rules.h"
#include "simulate.h"
#include "util.h"
#include "xmalloc.h"

static int	cmd_plan_exec(int, char **);

const struct cmd_entry cmd_plan_entry = {
	"plan",
	"[INPUT...] [--flows FILE...] (--directory FILE | --ldif FILE... |\n"
	"         -H URI [LDAP options of directory]) [--level LEVEL] "
	"[--exceptions FILE]\n"
	"         [--rules FILE] [--assume-fixed FIX...] [--names "
	"netbios|both]\n"
	"         [--audit-level N] [--policies DIR] [--netbios NAME] "
	"[--max-age DAYS]\n"
	"         [--now TIME] [-j N] [--evtx-reader R] [--keep-going] "
	"[-o DIR]",
	"Simulate Restrict NTLM; write the exception list, GPO templates and "
	"reports.",
	"  INPUT                  EVTX or JSON events (files, directories, -),\n"
	"                         collected on the fly; a flow file given as\n"
	"                         an operand is read as --flows\n"
	"  -f, --flows FILE       flow file (collect or merge); repeatable\n"
	"  -d, --directory FILE   directory snapshot (ntlmplan directory)\n"
	"      --ldif FILE        read the directory from LDIF; repeatable\n"
	"  -H, --uri URI          fetch the directory over LDAP; with -b, -D,\n"
	"                         -y, -W, -Y, -Z, --cacert, --page-size and\n"
	"                         --timeout as for ntlmplan directory\n"
	"  -l, --level LEVEL      policy name or value (1, 3, 5, 7); default: "
	"the\n"
	"                         default policy (deny-domain-accounts-to-"
	"domain-servers)\n"
	"  -e, --exceptions FILE  exception list in force: text, or a GptTmpl."
	"inf\n"
	"  -r, --rules FILE       site rules (ignore, remediate, fixed)\n"
	"      --assume-fixed FIX plan as if FIX were done: KEY=VALUE[,...] "
	"of\n"
	"                         account, client, process, server; "
	"repeatable\n"
	"  -n, --names MODE       netbios, or both (NetBIOS and FQDN)\n"
	"  -a, --audit-level N    audit value in force when the data was "
	"logged\n"
	"                         (default: inferred from the data)\n"
	"  -p, --policies DIR     policy files (default: installed policies)\n"
	"      --netbios NAME     the domain's NetBIOS name, when the "
	"directory\n"
	"                         cannot give it (no configuration partition)\n"
	"      --max-age DAYS     newest event at most DAYS before the "
	"plan's\n"
	"                         time, or the level is not ready (default "
	"30,\n"
	"                         0: no limit)\n"
	"      --now TIME         the plan's time (ISO 8601; default:\n"
	"                         $SOURCE_DATE_EPOCH, or now)\n"
	"  -j, --jobs N           read with N threads (default: CPUs)\n"
	"      --evtx-reader R    native (default) or libevtx\n"
	"      --keep-going       read the other inputs when one is missing\n"
	"                         or cannot be read (default: exit 3)\n"
	"  -o, --output DIR       output directory (default: ./ntlmplan-plan)\n"
	"  -h, --help             show this help\n",
	cmd_plan_exec
};

struct cmd_plan {
	const char		**flows;	/* borrowed from argv */
	size_t			  nflows;
	char			**inputs;	/* borrowed: raw events */
	int			  ninputs;
	int			  njobs;
	int			  keep_going;
	struct cmd_directory_args da;		/* --ldif or -H */
	const char		 *directory;
	const char		 *level;
	const char		 *exceptions;
	const char		 *rules;
	const char		 *policies_dir;
	const char		 *output;
	int			  names;	/* -1 the policy's, 0, 1 both */
	long			  audit_level;
	const char		 *netbios;	/* --netbios */
	long long		  max_age;	/* days, 0: no limit */
	int64_t			  now;		/* --now, or UTIL_TIME_NONE */
	struct remediate_assumed *assumed;	/* owned: --assume-fixed */
	struct remediate_rules	 *rem_rules;	/* owned, or NULL */
};

enum {
	CMD_PLAN_OPT_NETBIOS = 512,
	CMD_PLAN_OPT_MAX_AGE,
	CMD_PLAN_OPT_NOW,
	CMD_PLAN_OPT_ASSUME_FIXED
};

/*
 * The plan's time: --now, $SOURCE_DATE_EPOCH (reproducible builds) or the
 * clock.
 */
static int64_t
cmd_plan_now(const struct cmd_plan *cp)
{
	const char	*e = getenv("SOURCE_DATE_EPOCH");
	long long	 v;

	if (cp->now != UTIL_TIME_NONE)
		return (cp->now);
	if (e != NULL && util_strtonum(e, 0, INT64_MAX / 1000000, &v) == 0)
		return ((int64_t)v * 1000000);
	return ((int64_t)time(NULL) * 1000000);
}

/* One output of a plan, for cmd_write_file's callback. */
struct cmd_plan_file {
	const struct plan_output	*out;
	const struct plan		*plan;
};

static void
cmd_plan_file_write(FILE *f, void *arg)
{
	const struct cmd_plan_file	*pf = arg;

	pf->out->write(f, pf->plan);
}

/* Write one output of p in dir, atomically; 0 or -1 after a message. */
static int
cmd_plan_write(const char *dir, const struct plan_output *out,
    const struct plan *p)
{
	struct cmd_plan_file	 pf;
	char			*path;
	int			 rc;

	pf.out = out;
	pf.plan = p;
	xasprintf(&path, "%s/%s", dir, out->name);
	rc = cmd_write_file(path, cmd_plan_file_write, &pf);
	free(path);
	return (rc);
}

/* mkdir -p for the output directory; 0 or -1 after a message. */
static int
cmd_plan_mkdir(const char *dir)
{
	char	*p, *s;
	int	 rc = 0;

	p = xstrdup(dir);
	for (s = p + 1; rc == 0; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		if (s[-1] != '/') {
			char	c = *s;

			*s = '\0';
			if (mkdir(p, 0777) != 0 && errno != EEXIST) {
				log_warnx("%s: %s", p, strerror(errno));
				rc = -1;
			}
			*s = c;
		}
		if (*s == '\0')
			break;
	}
	free(p);
	return (rc);
}

static size_t
cmd_plan_fixable(const struct remediate_result *rem)
{
	size_t	i, n = 0;

	for (i = 0; i < rem->nservers; i++)
		n += rem->servers[i].fixable;
	return (n);
}

/* Write every output of p into cp->output; returns an exit code. */
static int
cmd_plan_output(const struct cmd_plan *cp, const struct plan *p)
{
	const struct remediate_result	*rem = p->rem;
	size_t				 i;

	if (cmd_plan_mkdir(cp->output) != 0)
		return (EXIT_OUTPUT);
	for (i = 0; plan_outputs[i].name != NULL; i++) {
		if (cmd_plan_write(cp->output, &plan_outputs[i], p) != 0)
			return (EXIT_OUTPUT);
	}
	if (rem->nfixes > 0)
		log_info("plan: fix instead of except: %zu of %zu servers on "
		    "the list only for flows with a known fix; first fix: %s "
		    "(%zu server%s the list)", cmd_plan_fixable(rem),
		    rem->nservers, rem->fixes[0].spec, rem->fixes[0].nremoves,
		    rem->fixes[0].nremoves == 1 ? " leaves" : "s leave");
	return (EXIT_OK);
}

/*
 * The remediation rules of the policy directory; 0, or -1 after a message
 * (a missing file only warns: every fix class is then unknown).
 */
static int
cmd_plan_rem_rules(struct cmd_plan *cp)
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

/* "ready", or "NOT READY: kind, kind" (caller frees). */
static char *
cmd_plan_verdict_line(const struct sim_level *lv)
{
	char	*s, *t;
	size_t	 i;

	if (lv->ready)
		return (xstrdup(lv->nwarnings > 0 ? "ready, with warnings" :
		    "ready"));
	s = xstrdup("NOT READY:");
	for (i = 0; i < lv->nblockers; i++) {
		xasprintf(&t, "%s%s %s", s, i > 0 ? "," : "",
		    lv->blockers[i].kind);
		free(s);
		s = t;
	}
	return (s);
}

/* The last component of a registry path. */
static const char *
cmd_plan_value_name(const char *key)
{
	const char	*s = strrchr(key, '\\');

	return (s != NULL ? s + 1 : key);
}

/* What cmd_plan_run loads, freed by cmd_plan_loaded_clear. */
struct cmd_plan_loaded {
	struct policies		*ps;
	const struct policy	*p;
	struct flows		*fl;
	struct directory	*dir;
	struct exceptions	*ex;
	struct rules		*rs;
	struct sim_sources	 srcs;
	struct ingest_totals	 totals;
};

/* The policies and the level; every option value checked. */
static int
cmd_plan_level(struct cmd_plan *cp, struct cmd_plan_loaded *ld)
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
	    !policies_is_audit_value(ld->ps, ld->p, cp->audit_level)) {
		log_warnx("--audit-level %ld is no audit value of %s",
		    cp->audit_level, ld->p->setting);
		return (EXIT_USAGE);
	}
	return (EXIT_OK);
}

/* The flows: flow files, then raw events collected on the fly. */
static int
cmd_plan_flows(struct cmd_plan *cp, struct cmd_plan_loaded *ld)
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
		    cp->njobs, cp->keep_going, &collected, &ld->totals)) !=
		    EXIT_OK)
			return (rc);
		simulate_sources_add(&ld->srcs, collected, 1);
		flows_merge(ld->fl, collected);
		flows_free(collected);
	}
	cmd_print_overlaps(ld->fl, "plan");
	/*
	 * A flow file is saved in canonical order; several (or freshly
	 * collected events) are merged in argument order, so sort them for a
	 * plan that does not depend on it (first spellings).
	 */
	if (cp->nflows + (cp->ninputs > 0) > 1 || cp->ninputs > 0)
		flows_sort(ld->fl);
	return (EXIT_OK);
}

/* The list in force; its invalid entries named. */
static int
cmd_plan_exceptions(struct cmd_plan *cp, struct cmd_plan_loaded *ld)
{
	const struct exceptions_entry	*e;
	const char			*key = ld->p->exceptions_key;
	char				*cause;
	size_t				 i;
	int				 found;

	ld->ex = exceptions_create();
	if (exceptions_load(ld->ex, cp->exceptions, key != NULL ?
	    cmd_plan_value_name(key) : "DCAllowedNTLMServers", &found,
	    &cause) != 0) {
		log_warnx("%s", cause);
		free(cause);
		return (EXIT_INPUT);
	}
	if (!found)
		log_warnx("%s: no %s in this template: the list in force is "
		    "empty", cp->exceptions, key != NULL ?
		    cmd_plan_value_name(key) : "exception list");
	for (i = 0; i < exceptions_count(ld->ex); i++) {
		e = exceptions_get(ld->ex, i);
		if (e->reason != NULL)
			log_warnx("%s: %s: %s, ignored", e->where, e->name,
			    e->reason);
	}
	return (EXIT_OK);
}

/* Everything the plan is built from, in the order the checks need. */
static int
cmd_plan_load(struct cmd_plan *cp, struct cmd_plan_loaded *ld)
{
	char	*cause;
	int	 rc;

	if ((rc = cmd_plan_level(cp, ld)) != EXIT_OK ||
	    (rc = cmd_plan_flows(cp, ld)) != EXIT_OK)
		return (rc);
	if (cp->directory != NULL) {
		if ((ld->dir = directory_load(cp->directory, &cause)) == NULL) {
			log_warnx("%s", cause);
			free(cause);
			return (EXIT_INPUT);
		}
	} else if ((rc = cmd_directory_read(&cp->da, &ld->dir)) != EXIT_OK)
		return (rc);
	if (cp->exceptions != NULL &&
	    (rc = cmd_plan_exceptions(cp, ld)) != EXIT_OK)
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
	if (cmd_plan_rem_rules(cp) != 0)
		return (EXIT_INPUT);
	return (EXIT_OK);
}

static void
cmd_plan_loaded_clear(struct cmd_plan_loaded *ld)
{
	simulate_sources_clear(&ld->srcs);
	ingest_totals_clear(&ld->totals);
	rules_free(ld->rs);
	exceptions_free(ld->ex);
	directory_free(ld->dir);
	flows_free(ld->fl);
	policies_free(ld->ps);
}

/* What the plan is built from, as loaded. */
static void
cmd_plan_inputs(struct cmd_plan *cp, const struct cmd_plan_loaded *ld,
    const struct sim_domain *dom, struct plan_inputs *in)
{
	const struct ingest_totals	*t = &ld->totals;

	memset(in, 0, sizeof *in);
	in->policies = ld->ps;
	in->policy = ld->p;
	in->exceptions = ld->ex;
	in->rules = ld->rs;
	in->rem_rules = cp->rem_rules;
	in->assumed = cp->assumed;
	in->names = cp->names;
	in->audit_level = cp->audit_level;
	in->netbios_stated = dom->netbios != ld->dir->domain_netbios;
	in->generated = cmd_plan_now(cp);
	in->max_age = (int64_t)cp->max_age * UTIL_DAY;
	in->directory_time = ld->dir->source_uri != NULL ?
	    ld->dir->fetched : UTIL_TIME_NONE;
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
}

/* The summary line of a plan written. */
static void
cmd_plan_summary(const struct cmd_plan *cp, const struct plan *pl)
{
	const struct sim_result	*r = pl->r;
	const struct sim_level	*lv = pl->lv;
	const struct policy	*p = pl->policy;
	char			*verdict;

	verdict = cmd_plan_verdict_line(lv);
	log_info("plan: %s (%ld): %" PRIu64 " flow%s (%" PRIu64 " event%s) "
	    "denied before exceptions, %zu server%s to except, %zu already "
	    "excepted, %" PRIu64 " flow%s still denied; %zu caveat%s; %s; "
	    "written to %s", p->name, p->value, lv->blocked_flows,
	    lv->blocked_flows == 1 ? "" : "s", lv->blocked_events,
	    lv->blocked_events == 1 ? "" : "s", lv->nexceptions,
	    lv->nexceptions == 1 ? "" : "s", lv->nalready, lv->residual_flows,
	    lv->residual_flows == 1 ? "" : "s", r->ncaveats,
	    r->ncaveats == 1 ? "" : "s", verdict, cp->output);
	free(verdict);
	if (pl->baseline != NULL)
		log_info("plan: assumed fixed: %" PRIu64 " flows (%" PRIu64
		    " events) dropped; %zu server%s to except without the "
		    "assumed fixes", r->fixed.flows, r->fixed.events,
		    pl->baseline[r->level], pl->baseline[r->level] == 1 ? "" :
		    "s");
}

static int
cmd_plan_run(struct cmd_plan *cp)
{
	struct cmd_plan_loaded	 ld;
	struct sim_domain	 dom;
	struct plan_inputs	 in;
	struct plan		*pl;
	int			 rc;

	memset(&ld, 0, sizeof ld);
	if ((rc = cmd_plan_load(cp, &ld)) != EXIT_OK) {
		cmd_plan_loaded_clear(&ld);
		return (rc);
	}
	simulate_domain_init(&dom, ld.dir, cp->netbios);
	cmd_plan_inputs(cp, &ld, &dom, &in);
	pl = plan_build(ld.fl, &dom, &in);
	if ((rc = cmd_plan_output(cp, pl)) == EXIT_OK) {
		cmd_plan_summary(cp, pl);
		if (!pl->lv->ready)
			rc = EXIT_NOT_READY;
	}
	plan_free(pl);
	simulate_domain_clear(&dom);
	cmd_plan_loaded_clear(&ld);
	return (rc);
}

/*
 * Whether path holds a flow file (its first member is "format":
 * "ntlmplan-flows"), so that plan takes flow files and raw events alike.
 */
static int
cmd_plan_is_flow_file(const char *path)
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

static int
cmd_plan_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "flows", required_argument, NULL, 'f' },
		{ "directory", required_argument, NULL, 'd' },
		{ "ldif", required_argument, NULL, CMD_OPT_LDIF },
		CMD_DIRECTORY_LONGOPTS,
		{ "level", required_argument, NULL, 'l' },
		{ "exceptions", required_argument, NULL, 'e' },
		{ "rules", required_argument, NULL, 'r' },
		{ "assume-fixed", required_argument, NULL,
		    CMD_PLAN_OPT_ASSUME_FIXED },
		{ "names", required_argument, NULL, 'n' },
		{ "audit-level", required_argument, NULL, 'a' },
		{ "policies", required_argument, NULL, 'p' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "keep-going", no_argument, NULL, CMD_OPT_KEEP_GOING },
		{ "evtx-reader", required_argument, NULL,
		    CMD_OPT_EVTX_READER },
		{ "output", required_argument, NULL, 'o' },
		{ "netbios", required_argument, NULL, CMD_PLAN_OPT_NETBIOS },
		{ "max-age", required_argument, NULL, CMD_PLAN_OPT_MAX_AGE },
		{ "now", required_argument, NULL, CMD_PLAN_OPT_NOW },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct cmd_plan	 cp;
	char		*cause;
	long long	 v;
	int		 ch, i, rc, sources;

	memset(&cp, 0, sizeof cp);
	cp.output = "ntlmplan-plan";
	cp.names = -1;
	cp.audit_level = -1;
	cp.max_age = 30;
	cp.now = UTIL_TIME_NONE;
	cp.njobs = util_ncpus();
	cmd_directory_args_init(&cp.da);
	cp.flows = xcalloc((size_t)argc + 1, sizeof *cp.flows);
	cp.inputs = xcalloc((size_t)argc + 1, sizeof *cp.inputs);
	cp.da.ldif = xcalloc((size_t)argc + 1, sizeof *cp.da.ldif);
	optind = 1;
	while ((ch = getopt_long(argc, argv, "a:d:e:f:hj:l:n:o:p:r:"
	    CMD_DIRECTORY_SHORTOPTS, longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			cp.flows[cp.nflows++] = optarg;
			break;
		case 'd':
			cp.directory = optarg;
			break;
		case CMD_OPT_LDIF:
			cp.da.ldif[cp.da.nldif++] = optarg;
			break;
		case 'l':
			cp.level = optarg;
			break;
		case 'e':
			cp.exceptions = optarg;
			break;
		case 'r':
			cp.rules = optarg;
			break;
		case CMD_PLAN_OPT_ASSUME_FIXED:
			if (cp.assumed == NULL)
				cp.assumed = remediate_assumed_create();
			if (remediate_assumed_add(cp.assumed, optarg,
			    &cause) != 0) {
				log_warnx("plan: --assume-fixed: %s", cause);
				free(cause);
				goto usage;
			}
			break;
		case 'n':
			if ((cp.names = cmd_names_option(optarg)) == -1)
				goto usage;
			break;
		case 'a':
			if (util_strtonum(optarg, 0, UINT32_MAX, &v) != 0)
				goto usage;
			cp.audit_level = (long)v;
			break;
		case 'p':
			cp.policies_dir = optarg;
			break;
		case 'j':
			if (util_strtonum(optarg, 1, 256, &v) != 0) {
				log_warnx("plan: -j: not a number from 1 to "
				    "256: %s", optarg);
				goto usage;
			}
			cp.njobs = (int)v;
			break;
		case 'o':
			cp.output = optarg;
			break;
		case CMD_OPT_KEEP_GOING:
			cp.keep_going = 1;
			break;
		case CMD_PLAN_OPT_NETBIOS:
			if (*optarg == '\0' || strlen(optarg) > 15 ||
			    strpbrk(optarg, ".\\/:*?\"<>| ") != NULL) {
				log_warnx("plan: --netbios: not a NetBIOS "
				    "domain name (1 to 15 characters, no dot): "
				    "%s", optarg);
				goto usage;
			}
			cp.netbios = optarg;
			break;
		case CMD_PLAN_OPT_MAX_AGE:
			if (util_strtonum(optarg, 0, 36500, &v) != 0) {
				log_warnx("plan: --max-age: not a number of "
				    "days from 0 to 36500: %s", optarg);
				goto usage;
			}
			cp.max_age = v;
			break;
		case CMD_PLAN_OPT_NOW:
			if (util_time_parse(optarg, &cp.now) != 0) {
				log_warnx("plan: --now: not an ISO 8601 time "
				    "(2026-03-16T00:00:00Z): %s", optarg);
				goto usage;
			}
			break;
		case CMD_OPT_EVTX_READER:
			if (cmd_evtx_reader("plan", optarg) != 0)
				goto usage;
			break;
		case 'h':
			cmd_print_usage(&cmd_plan_entry, stdout);
			rc = EXIT_OK;
			goto done;
		default:
			if (cmd_directory_option(&cp.da, ch, optarg) != 0)
				goto usage;
		}
	}
	/* Operands: raw events, flow files or LDIF, recognised by content. */
	for (i = optind; i < argc; i++) {
		if (cmd_plan_is_flow_file(argv[i]))
			cp.flows[cp.nflows++] = argv[i];
		else if (directory_ldif_sniff(argv[i])) {
			log_info("plan: %s is LDIF: read as directory input, "
			    "as --ldif %s", argv[i], argv[i]);
			cp.da.ldif[cp.da.nldif++] = argv[i];
		} else
			cp.inputs[cp.ninputs++] = argv[i];
	}
	sources = (cp.directory != NULL) + (cp.da.nldif > 0) +
	    (cp.da.ldap.uri != NULL);
	if (cp.nflows == 0 && cp.ninputs == 0) {
		log_warnx("plan: no events: give flow files (--flows) or "
		    "EVTX/JSON inputs");
		goto usage;
	}
	if (sources != 1 || (cp.directory != NULL && cp.da.ldaponly)) {
		log_warnx("plan: give the directory once: --directory, --ldif "
		    "or -H");
		goto usage;
	}
	if (cp.directory == NULL && cmd_directory_check(&cp.da) != 0)
		goto usage;
	if (cp.directory == NULL && cp.da.nldif == 0 &&
	    (rc = cmd_directory_credentials(&cp.da)) != EXIT_OK)
		goto done;
	rc = cmd_plan_run(&cp);
	goto done;
usage:
	rc = cmd_usage_error(&cmd_plan_entry);
done:
	cmd_directory_args_clear(&cp.da);
	remediate_assumed_free(cp.assumed);
	remediate_rules_free(cp.rem_rules);
	free(cp.flows);
	free(cp.inputs);
	free(cp.da.ldif);
	return (rc);
}
