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
#include "outset.h"
#include "policy.h"
#include "report-csv.h"
#include "report-gpo.h"
#include "report-html.h"
#include "report-json.h"
#include "report-md.h"
#include "report-plan.h"
#include "report-remediate.h"
#include "remediate.h"
#include "rules.h"
#include "simulate.h"
#include "util.h"
#include "xmalloc.h"

#define CMD_PLAN_COMMENTS	(16 + 200)	/* lines atop exceptions.txt */

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
	size_t			 *baseline;	/* owned: list sizes without
						   the assumed fixes */
	size_t			  nbaseline;
	char			**baseline_names; /* owned */
	size_t			  nbaseline_names;
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

/* Open path in dir, call back to write, commit; 0 or -1 after a message. */
static int
cmd_plan_write(const char *dir, const char *name, void (*fn)(FILE *, void *),
    void *arg)
{
	char	*path;
	int	 rc;

	xasprintf(&path, "%s/%s", dir, name);
	rc = cmd_write_file(path, fn, arg);
	free(path);
	return (rc);
}

struct cmd_plan_out {
	const struct sim_result		*r;
	const struct sim_level		*lv;
	const struct report_json_inputs	*in;
	const char *const		*txt;	/* exceptions.txt lines */
	size_t				 ntxt;
	const char *const		*comments;
	size_t				 ncomments;
	const char *const		*gpo;	/* template list */
	size_t				 ngpo;
	const struct flows		*fl;
	const struct sim_decision	*blocked; /* denied at the level */
	size_t				 nblocked;
	const struct report_plan	*rp;
	const struct remediate_result	*rem;
};

static void
cmd_plan_write_txt(FILE *f, void *arg)
{
	struct cmd_plan_out	*o = arg;

	exceptions_save(f, o->comments, o->ncomments, o->txt, o->ntxt);
}

static void
cmd_plan_write_audit(FILE *f, void *arg)
{
	struct cmd_plan_out	*o = arg;

	report_gpo_write(f, o->r->policy, o->r->audit_stage, REPORT_GPO_AUDIT,
	    o->gpo, o->ngpo);
}

static void
cmd_plan_write_enforce(FILE *f, void *arg)
{
	struct cmd_plan_out	*o = arg;

	report_gpo_write(f, o->r->policy, NULL, REPORT_GPO_ENFORCE, o->gpo,
	    o->ngpo);
}

static void
cmd_plan_write_json(FILE *f, void *arg)
{
	struct cmd_plan_out	*o = arg;

	report_json_write(f, o->r, o->in, o->rp->events);
}

static void
cmd_plan_write_html(FILE *f, void *arg)
{
	struct cmd_plan_out	*o = arg;

	report_html_write(f, o->rp);
}

static void
cmd_plan_write_md(FILE *f, void *arg)
{
	struct cmd_plan_out	*o = arg;

	report_md_write(f, o->rp);
}

static void
cmd_plan_write_remediation(FILE *f, void *arg)
{
	struct cmd_plan_out	*o = arg;

	report_remediate_csv(f, o->rem, o->fl);
}

static void
cmd_plan_write_csv(FILE *f, void *arg)
{
	struct cmd_plan_out	*o = arg;

	report_csv_write(f, o->fl, o->blocked, o->nblocked);
}

/* The files plan writes, in this order, each atomically. */
static const struct {
	const char	*name;
	void		(*write)(FILE *, void *);
} cmd_plan_outputs[] = {
	{ "exceptions.txt", cmd_plan_write_txt },
	{ "GptTmpl-audit.inf", cmd_plan_write_audit },
	{ "GptTmpl-enforce.inf", cmd_plan_write_enforce },
	{ "plan.json", cmd_plan_write_json },
	{ "blocked.csv", cmd_plan_write_csv },
	{ "remediation.csv", cmd_plan_write_remediation },
	{ "report.md", cmd_plan_write_md },
	{ "report.html", cmd_plan_write_html },
};

/*
 * The output set: a staging directory beside the output directory, which
 * cmd_plan_put moves into place whole (outset.h); NULL after a message.
 */
static struct outset *
cmd_plan_mkdir(const char *dir)
{
	static const char	*names[sizeof cmd_plan_outputs /
				    sizeof cmd_plan_outputs[0]];
	struct outset		*os;
	char			*cause;
	size_t			 i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		names[i] = cmd_plan_outputs[i].name;
	if ((os = outset_create(dir, names, i, &cause)) == NULL) {
		log_warnx("%s", cause);
		free(cause);
	}
	return (os);
}

/* Put the set in place if every file was written (rc); an exit code. */
static int
cmd_plan_put(struct outset *os, int rc)
{
	char	*cause;

	if (rc != EXIT_OK) {
		outset_abort(os);
		return (rc);
	}
	if (outset_commit(os, &cause) != 0) {
		log_warnx("%s", cause);
		free(cause);
		return (EXIT_OUTPUT);
	}
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

/*
 * Write the files; returns an exit code.  The evaluator resolves servers
 * for blocked.csv and the reports; its strings live until the end.
 */
static int
cmd_plan_output(const struct cmd_plan *cp, const struct flows *fl,
    const struct sim_domain *dom, const struct sim_options *opts,
    struct directory *dir, const struct sim_result *r,
    struct report_json_inputs *in, struct exceptions *ex)
{
	struct remediate_input		 ri;
	struct remediate_result		*rem;
	struct report_plan		 rp;
	struct sim_decision		*blocked, *ruled;
	struct sim_eval			*ev;
	size_t				 nblocked = 0, nruled = 0;
	const struct sim_level		*lv = &r->levels[r->level];
	const struct policy		*p = r->policy;
	struct sim_list			 list;
	struct cmd_plan_out		 o;
	struct outset			*os;
	const char			**txt, **gpo, **unused;
	char				*comments[CMD_PLAN_COMMENTS];
	char				 b1[UTIL_TIME_LEN];
	char				 b2[UTIL_TIME_LEN], b3[UTIL_TIME_LEN];
	char				*from;
	size_t				 i, nt, ng, nc = 0, nunused;
	int				 both, rc = EXIT_OK;

	both = cp->names == -1 ? p->names_both : cp->names;
	simulate_list_build(&list, lv, ex, both);
	txt = gpo = list.names;
	nt = ng = list.nnames;
	unused = list.unused;
	nunused = list.nunused;

	if (cp->ninputs == 0)
		xasprintf(&from, "%zu flow file%s", cp->nflows,
		    cp->nflows == 1 ? "" : "s");
	else if (cp->nflows == 0)
		xasprintf(&from, "%d input%s", cp->ninputs,
		    cp->ninputs == 1 ? "" : "s");
	else
		xasprintf(&from, "%zu flow file%s and %d input%s", cp->nflows,
		    cp->nflows == 1 ? "" : "s", cp->ninputs,
		    cp->ninputs == 1 ? "" : "s");
	xasprintf(&comments[nc++], "ntlmplan plan: proposed server exception "
	    "list");
	xasprintf(&comments[nc++], "level: %s (%s = %ld)", p->name, p->option,
	    p->value);
	xasprintf(&comments[nc++], "setting: %s", p->exceptions_setting !=
	    NULL ? p->exceptions_setting : p->setting);
	xasprintf(&comments[nc++], "data: %s .. %s, %" PRIu64 " events in %s",
	    util_time_format(r->first_seen, b1),
	    util_time_format(r->last_seen, b2), r->input.events, from);
	xasprintf(&comments[nc++], "generated: %s",
	    util_time_format(in->generated, b3));
	xasprintf(&comments[nc++], "the complete list for this level: %zu "
	    "server%s covered by entries in force, %zu new", lv->nalready,
	    lv->nalready == 1 ? "" : "s", lv->nexceptions);
	if (p->exceptions_key == NULL)
		xasprintf(&comments[nc++], "this setting has no exception "
		    "list: leave these servers out of its scope");
	if (!lv->ready)
		xasprintf(&comments[nc++], "NOT READY: %zu blocker%s (see "
		    "report.md); do not enforce this list yet", lv->nblockers,
		    lv->nblockers == 1 ? "" : "s");
	if (nunused > 0)
		xasprintf(&comments[nc++], "entries in force that matched no "
		    "flow this level denies, candidates to remove:");
	for (i = 0; i < nunused && nc < CMD_PLAN_COMMENTS; i++)
		xasprintf(&comments[nc++], "  unused: %s", unused[i]);
	for (i = 0; i < lv->nexceptions && nc < CMD_PLAN_COMMENTS; i++)
		if (lv->exceptions[i].proven)
			xasprintf(&comments[nc++], "%s: not in the directory, "
			    "a domain member by its own events",
			    lv->exceptions[i].name);

	memset(&o, 0, sizeof o);
	o.r = r;
	o.lv = lv;
	o.in = in;
	o.txt = txt;
	o.ntxt = nt;
	o.comments = (const char *const *)comments;
	o.ncomments = nc;
	o.gpo = gpo;
	o.ngpo = ng;

	ev = simulate_eval_create(fl, dom, opts, r);
	blocked = xcalloc(flows_count(fl) + 1, sizeof *blocked);
	ruled = xcalloc(flows_count(fl) + 1, sizeof *ruled);
	for (i = 0; i < flows_count(fl); i++) {
		simulate_eval_flow(ev, i, r->level, &blocked[nblocked]);
		if (blocked[nblocked].rule != NULL)
			ruled[nruled++] = blocked[nblocked];
		if (blocked[nblocked].blocked)
			nblocked++;
	}
	report_plan_sort(blocked, nblocked, fl);
	report_plan_sort_rules(ruled, nruled, fl);
	memset(&ri, 0, sizeof ri);
	ri.fl = fl;
	ri.d = blocked;
	ri.nd = nblocked;
	ri.dir = dir;
	ri.client_logged_by = p->client_logged_by;
	ri.baseline = cp->baseline;
	ri.nbaseline = cp->nbaseline;
	ri.baseline_names = (const char *const *)cp->baseline_names;
	ri.nbaseline_names = cp->nbaseline_names;
	rem = remediate_run(&ri, cp->rem_rules);
	in->remediation = rem;
	o.rem = rem;
	memset(&rp, 0, sizeof rp);
	rp.r = r;
	rp.in = in;
	rp.fl = fl;
	rp.blocked = blocked;
	rp.nblocked = nblocked;
	rp.gpo = gpo;
	rp.ngpo = ng;
	rp.unused = unused;
	rp.nunused = nunused;
	rp.ruled = ruled;
	rp.nruled = nruled;
	report_plan_build(&rp, dir);
	o.fl = fl;
	o.blocked = blocked;
	o.nblocked = nblocked;
	o.rp = &rp;
	if ((os = cmd_plan_mkdir(cp->output)) == NULL)
		rc = EXIT_OUTPUT;
	for (i = 0; rc == EXIT_OK && i < sizeof cmd_plan_outputs /
	    sizeof cmd_plan_outputs[0]; i++) {
		if (cmd_plan_write(outset_path(os), cmd_plan_outputs[i].name,
		    cmd_plan_outputs[i].write, &o) != 0)
			rc = EXIT_OUTPUT;
	}
	rc = cmd_plan_put(os, rc);
	if (rc == EXIT_OK && rem->nfixes > 0)
		log_info("plan: fix instead of except: %zu of %zu servers on "
		    "the list only for flows with a known fix; first fix: %s "
		    "(%zu server%s the list)", cmd_plan_fixable(rem),
		    rem->nservers, rem->fixes[0].spec, rem->fixes[0].nremoves,
		    rem->fixes[0].nremoves == 1 ? " leaves" : "s leave");
	report_plan_clear(&rp);
	in->remediation = NULL;
	remediate_free(rem);
	free(blocked);
	free(ruled);
	simulate_eval_free(ev);
	for (i = 0; i < nc; i++)
		free(comments[i]);
	free(from);
	simulate_list_clear(&list);
	return (rc);
}

/*
 * The assumed fixes (--assume-fixed, rules with action fixed): the flows
 * they drop, and a run without them whose list sizes the plan shows next
 * to its own.  Loads the remediation rules of the policy directory.
 * Returns an exit code.
 */
static int
cmd_plan_assume(struct cmd_plan *cp, const struct flows *fl,
    const struct sim_domain *dom, struct sim_options *opts,
    struct rules *rs, struct exceptions *ex, uint8_t **fixedp)
{
	struct sim_result	*r0;
	const struct sim_level	*lv;
	uint8_t			*fixed = NULL;
	char			*path, *cause;
	size_t			 i, n, nassumed;
	uint64_t		 hf, he;
	int			 any = 0;

	xasprintf(&path, "%s/remediation.rules", cp->policies_dir);
	if (access(path, F_OK) != 0)
		log_warnx("%s: %s: every denied flow's fix class is unknown",
		    path, strerror(errno));
	else if ((cp->rem_rules = remediate_rules_load(path, &cause)) ==
	    NULL) {
		log_warnx("%s", cause);
		free(cause);
		free(path);
		return (EXIT_INPUT);
	}
	free(path);
	nassumed = cp->assumed != NULL ? remediate_assumed_count(cp->assumed) :
	    0;
	if (nassumed > 0) {
		n = flows_count(fl);
		fixed = xcalloc(n + 1, 1);
		for (i = 0; i < n; i++)
			fixed[i] = (uint8_t)remediate_assumed_match(cp->assumed,
			    flows_flow(fl, i), opts->policy->client_logged_by);
		for (i = 0; i < nassumed; i++) {
			remediate_assumed_hits(cp->assumed, i, &hf, &he);
			if (hf == 0)
				log_warnx("--assume-fixed %s: matches no flow",
				    remediate_assumed_spec(cp->assumed, i));
		}
		any = 1;
	}
	for (i = 0; rs != NULL && i < rules_count(rs); i++)
		any |= rules_get(rs, i)->action == RULES_FIXED;
	*fixedp = fixed;
	opts->fixed = fixed;
	if (!any)
		return (EXIT_OK);
	opts->keep_fixed = 1;
	r0 = simulate_run(fl, dom, opts);
	opts->keep_fixed = 0;
	cp->nbaseline = r0->nlevels;
	cp->baseline = xcalloc(r0->nlevels + 1, sizeof *cp->baseline);
	for (i = 0; i < r0->nlevels; i++)
		cp->baseline[i] = r0->levels[i].nexceptions;
	lv = &r0->levels[r0->level];
	cp->baseline_names = xcalloc(lv->nexceptions + 1,
	    sizeof *cp->baseline_names);
	for (i = 0; i < lv->nexceptions; i++)
		cp->baseline_names[i] = xstrdup(lv->exceptions[i].name);
	cp->nbaseline_names = lv->nexceptions;
	simulate_free(r0);
	if (rs != NULL)
		rules_clear_hits(rs);
	if (ex != NULL)
		exceptions_clear_hits(ex);
	return (EXIT_OK);
}

/* Texts owned for the verdict (struct sim_facts borrows them). */
struct cmd_plan_texts {
	char	**v;
	size_t	  n;
};

/*
 * The evidence of the inputs beyond their flows, for the verdict: record
 * ids in more than one input (flows_overlaps: counted twice, a blocker) and
 * the gaps in each log's record ids (records lost, a warning), one text
 * each, owned by ov and gp.
 */
static void
cmd_plan_evidence(const struct flows *fl, struct sim_facts *facts,
    struct cmd_plan_texts *ov, struct cmd_plan_texts *gp)
{
	const struct flows_log	*logs, *l;
	struct flows_overlap	*o;
	struct flows_gap	 g;
	size_t			 i, j, n;
	char			 a[UTIL_TIME_LEN], b[UTIL_TIME_LEN];

	n = flows_overlaps(fl, &o);
	ov->v = xcalloc(n + 1, sizeof *ov->v);
	for (i = 0; i < n; i++)
		xasprintf(&ov->v[ov->n++], "%s, log %s: record ids %" PRIu64
		    "..%" PRIu64 " in more than one input", o[i].host,
		    o[i].channel != NULL ? o[i].channel : "(channel unknown)",
		    o[i].first, o[i].last);
	free(o);
	n = flows_logs(fl, &logs);
	for (i = 0; i < n; i++) {
		l = &logs[i];
		for (j = 0; j + 1 < l->nranges; j++) {
			flows_log_gap(l, j, &g);
			gp->v = xreallocarray(gp->v, gp->n + 1, sizeof *gp->v);
			xasprintf(&gp->v[gp->n++], "%s, log %s: %" PRIu64
			    " record%s lost (ids %" PRIu64 "..%" PRIu64 ") "
			    "between %s and %s", l->host, l->channel != NULL ?
			    l->channel : "(channel unknown)", g.lost,
			    g.lost == 1 ? "" : "s", g.after + 1, g.before - 1,
			    g.from == UTIL_TIME_NONE ? "an unknown time" :
			    util_time_readable(g.from, a), g.to ==
			    UTIL_TIME_NONE ? "an unknown time" :
			    util_time_readable(g.to, b));
		}
	}
	facts->overlaps = (const char *const *)ov->v;
	facts->noverlaps = ov->n;
	facts->gaps = (const char *const *)gp->v;
	facts->ngaps = gp->n;
}

static void
cmd_plan_texts_clear(struct cmd_plan_texts *t)
{
	size_t	i;

	for (i = 0; i < t->n; i++)
		free(t->v[i]);
	free(t->v);
	t->v = NULL;
	t->n = 0;
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

static int
cmd_plan_run(struct cmd_plan *cp)
{
	struct policies			*ps = NULL;
	const struct policy		*p;
	struct flows			*fl = NULL, *collected;
	struct directory		*dir = NULL;
	struct exceptions		*ex = NULL;
	struct rules			*rs = NULL;
	struct sim_result		*r = NULL;
	struct sim_options		 opts;
	struct sim_domain		 dom;
	uint8_t				*fixed = NULL;
	struct report_json_inputs	 in;
	struct sim_facts		 facts;
	struct sim_sources		 srcs;
	const struct exceptions_entry	*e;
	const struct sim_level		*lv;
	char				*cause;
	size_t				 i;
	struct ingest_totals		 totals;
	struct cmd_plan_texts		 ovt, gpt;
	int				 rc = EXIT_OK, found;
	int				 domain_set = 0;

	memset(&srcs, 0, sizeof srcs);
	memset(&totals, 0, sizeof totals);
	memset(&ovt, 0, sizeof ovt);
	memset(&gpt, 0, sizeof gpt);
	if (cp->policies_dir == NULL)
		cp->policies_dir = policies_default_dir();
	if ((ps = policies_load(cp->policies_dir, &cause)) == NULL) {
		log_warnx("%s", cause);
		free(cause);
		rc = EXIT_INPUT;
		goto out;
	}
	if ((p = policies_find(ps, cp->level)) == NULL) {
		size_t	first, n;

		p = policies_find(ps, NULL);
		log_warnx("unknown level: %s; the levels of %s (by name or "
		    "value):", cp->level, p->setting);
		first = policies_setting(ps, p, &n);
		for (i = first; i < first + n; i++)
			log_warnx("  %s (%ld)", policies_get(ps, i)->name,
			    policies_get(ps, i)->value);
		rc = EXIT_USAGE;
		goto out;
	}
	/* Every option value is checked before any input is read. */
	if (cp->audit_level >= 0 &&
	    !policies_is_audit_value(ps, p, cp->audit_level)) {
		log_warnx("--audit-level %ld is no audit value of %s",
		    cp->audit_level, p->setting);
		rc = EXIT_USAGE;
		goto out;
	}

	fl = flows_create();
	for (i = 0; i < cp->nflows; i++) {
		if (flows_load(fl, cp->flows[i], &cause) != 0) {
			log_warnx("%s", cause);
			free(cause);
			rc = EXIT_INPUT;
		}
	}
	if (rc != EXIT_OK)
		goto out;
	simulate_sources_add(&srcs, fl, 0);
	if (cp->ninputs > 0) {
		if ((rc = cmd_read_inputs(cp->inputs, cp->ninputs,
		    cp->njobs, cp->keep_going, &collected, &totals)) !=
		    EXIT_OK)
			goto out;
		simulate_sources_add(&srcs, collected, 1);
		flows_merge(fl, collected);
		flows_free(collected);
	}
	cmd_print_overlaps(fl, "plan");
	/*
	 * A flow file is saved in canonical order; several (or freshly
	 * collected events) are merged in argument order, so sort them for a
	 * plan that does not depend on it (first spellings).
	 */
	if (cp->nflows + (cp->ninputs > 0) > 1 || cp->ninputs > 0)
		flows_sort(fl);
	if (cp->directory != NULL) {
		if ((dir = directory_load(cp->directory, &cause)) == NULL) {
			log_warnx("%s", cause);
			free(cause);
			rc = EXIT_INPUT;
			goto out;
		}
	} else if ((rc = cmd_directory_read(&cp->da, &dir)) != EXIT_OK)
		goto out;
	if (cp->exceptions != NULL) {
		ex = exceptions_create();
		if (exceptions_load(ex, cp->exceptions, p->exceptions_key !=
		    NULL ? cmd_plan_value_name(p->exceptions_key) :
		    "DCAllowedNTLMServers", &found, &cause) != 0) {
			log_warnx("%s", cause);
			free(cause);
			rc = EXIT_INPUT;
			goto out;
		}
		if (!found)
			log_warnx("%s: no %s in this template: the list in "
			    "force is empty", cp->exceptions,
			    p->exceptions_key != NULL ? cmd_plan_value_name(
			    p->exceptions_key) : "exception list");
		for (i = 0; i < exceptions_count(ex); i++) {
			e = exceptions_get(ex, i);
			if (e->reason != NULL)
				log_warnx("%s: %s: %s, ignored", e->where,
				    e->name, e->reason);
		}
	}
	if (cp->rules != NULL &&
	    (rs = rules_load(cp->rules, &cause)) == NULL) {
		log_warnx("%s", cause);
		free(cause);
		rc = EXIT_INPUT;
		goto out;
	}

	if (cp->netbios != NULL && dir->domain_netbios != NULL &&
	    strcasecmp(cp->netbios, dir->domain_netbios) != 0)
		log_warnx("plan: --netbios %s: the directory names the domain "
		    "%s; using the directory's", cp->netbios,
		    dir->domain_netbios);
	simulate_domain_init(&dom, dir, cp->netbios);
	domain_set = 1;

	simulate_options_init(&opts);
	opts.policies = ps;
	opts.policy = p;
	opts.exceptions = ex;
	opts.rules = rs;
	opts.audit_level = cp->audit_level;
	if ((rc = cmd_plan_assume(cp, fl, &dom, &opts, rs, ex, &fixed)) !=
	    EXIT_OK)
		goto out;
	r = simulate_run(fl, &dom, &opts);
	simulate_facts_init(&facts);
	facts.netbios_stated = dom.netbios != dir->domain_netbios;
	facts.unread = (const char *const *)totals.unread;
	facts.nunread = totals.nunread;
	simulate_facts_sources(&facts, &srcs);
	/* The problems reading: unreadable operands, records and lines. */
	facts.unreadable = (size_t)totals.problems > totals.nunread ?
	    (uint64_t)totals.problems - totals.nunread : 0;
	facts.now = cmd_plan_now(cp);
	facts.max_age = (int64_t)cp->max_age * UTIL_DAY;
	if (dir->source_uri != NULL && dir->fetched != UTIL_TIME_NONE)
		facts.directory_time = dir->fetched;
	cmd_plan_evidence(fl, &facts, &ovt, &gpt);
	simulate_verdict(r, &dom, &facts);

	memset(&in, 0, sizeof in);
	in.assumed = cp->assumed;
	in.flows = cp->flows;
	in.nflows = cp->nflows;
	in.events = (const char *const *)cp->inputs;
	in.nevents = (size_t)cp->ninputs;
	in.directory = cp->directory != NULL ? cp->directory :
	    cp->da.ldap.uri;
	in.ldif = cp->da.ldif;
	in.nldif = cp->da.nldif;
	in.exceptions_path = cp->exceptions;
	in.rules_path = cp->rules;
	in.policies_dir = cp->policies_dir;
	in.domain_netbios = dom.netbios;
	in.domain_dns = dir->domain_dns;
	in.computers = dir->ncomputers;
	in.trusts = dir->ntrusts;
	in.generated = cmd_plan_now(cp);
	in.exceptions = ex;
	in.rules = rs;
	in.evidence = fl;
	if ((rc = cmd_plan_output(cp, fl, &dom, &opts, dir, r, &in, ex)) !=
	    EXIT_OK)
		goto out;

	lv = &r->levels[r->level];
	cause = cmd_plan_verdict_line(lv);
	log_info("plan: %s (%ld): %" PRIu64 " flow%s (%" PRIu64 " event%s) "
	    "denied before exceptions, %zu server%s to except, %zu already "
	    "excepted, %" PRIu64 " flow%s still denied; %zu caveat%s; %s; "
	    "written to %s", p->name, p->value, lv->blocked_flows,
	    lv->blocked_flows == 1 ? "" : "s", lv->blocked_events,
	    lv->blocked_events == 1 ? "" : "s", lv->nexceptions,
	    lv->nexceptions == 1 ? "" : "s", lv->nalready, lv->residual_flows,
	    lv->residual_flows == 1 ? "" : "s", r->ncaveats,
	    r->ncaveats == 1 ? "" : "s", cause, cp->output);
	free(cause);
	if (cp->baseline != NULL)
		log_info("plan: assumed fixed: %" PRIu64 " flows (%" PRIu64
		    " events) dropped; %zu server%s to except without the "
		    "assumed fixes", r->fixed.flows, r->fixed.events,
		    cp->baseline[r->level], cp->baseline[r->level] == 1 ? "" :
		    "s");
	if (!lv->ready)
		rc = EXIT_NOT_READY;
out:
	free(fixed);
	simulate_sources_clear(&srcs);
	ingest_totals_clear(&totals);
	cmd_plan_texts_clear(&ovt);
	cmd_plan_texts_clear(&gpt);
	simulate_free(r);
	if (domain_set)
		simulate_domain_clear(&dom);
	rules_free(rs);
	exceptions_free(ex);
	directory_free(dir);
	flows_free(fl);
	policies_free(ps);
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
	size_t		 k;
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
	free(cp.baseline);
	for (k = 0; k < cp.nbaseline_names; k++)
		free(cp.baseline_names[k]);
	free(cp.baseline_names);
	free(cp.flows);
	free(cp.inputs);
	free(cp.da.ldif);
	return (rc);
}
