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

#include "cmd.h"
#include "directory.h"
#include "exceptions.h"
#include "exitcode.h"
#include "flows.h"
#include "log.h"
#include "policy.h"
#include "report-csv.h"
#include "report-gpo.h"
#include "report-html.h"
#include "report-json.h"
#include "report-md.h"
#include "report-plan.h"
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
	"         [--rules FILE] [--names netbios|both] [--audit-level N] "
	"[--policies DIR]\n"
	"         [-j N] [--evtx-reader R] [-o DIR]",
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
	"  -r, --rules FILE       site rules (ignore, remediate)\n"
	"  -n, --names MODE       netbios, or both (NetBIOS and FQDN)\n"
	"  -a, --audit-level N    audit value in force when the data was "
	"logged\n"
	"                         (default: inferred from the data)\n"
	"  -p, --policies DIR     policy files (default: installed policies)\n"
	"  -j, --jobs N           read with N threads (default: CPUs)\n"
	"      --evtx-reader R    native (default) or libevtx\n"
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
	struct cmd_directory_args da;		/* --ldif or -H */
	const char		 *directory;
	const char		 *level;
	const char		 *exceptions;
	const char		 *rules;
	const char		 *policies_dir;
	const char		 *output;
	int			  names;	/* -1 the policy's, 0, 1 both */
	long			  audit_level;
};

/* Generation time: $SOURCE_DATE_EPOCH (reproducible builds) or now. */
static int64_t
cmd_plan_now(void)
{
	const char	*e = getenv("SOURCE_DATE_EPOCH");
	long long	 v;

	if (e != NULL && util_strtonum(e, 0, INT64_MAX / 1000000, &v) == 0)
		return ((int64_t)v * 1000000);
	return ((int64_t)time(NULL) * 1000000);
}

static int
cmd_plan_strcmp(const void *a, const void *b)
{
	const char	*sa = *(const char *const *)a;
	const char	*sb = *(const char *const *)b;
	int		 c;

	if ((c = strcasecmp(sa, sb)) != 0)
		return (c);
	return (strcmp(sa, sb));
}

/* Sort names and drop case-insensitive duplicates; returns the count. */
static size_t
cmd_plan_uniq(const char **v, size_t n)
{
	size_t	i, m = 0;

	qsort(v, n, sizeof *v, cmd_plan_strcmp);
	for (i = 0; i < n; i++) {
		if (m == 0 || strcasecmp(v[m - 1], v[i]) != 0)
			v[m++] = v[i];
	}
	return (m);
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

	report_gpo_write(f, o->r->policy, REPORT_GPO_AUDIT, o->gpo, o->ngpo);
}

static void
cmd_plan_write_enforce(FILE *f, void *arg)
{
	struct cmd_plan_out	*o = arg;

	report_gpo_write(f, o->r->policy, REPORT_GPO_ENFORCE, o->gpo, o->ngpo);
}

static void
cmd_plan_write_json(FILE *f, void *arg)
{
	struct cmd_plan_out	*o = arg;

	report_json_write(f, o->r, o->in);
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
cmd_plan_write_csv(FILE *f, void *arg)
{
	struct cmd_plan_out	*o = arg;

	report_csv_write(f, o->fl, o->blocked, o->nblocked);
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

/*
 * Write the files; returns an exit code.  The evaluator resolves servers
 * for blocked.csv and the reports; its strings live until the end.
 */
static int
cmd_plan_output(const struct cmd_plan *cp, const struct flows *fl,
    const struct sim_domain *dom, const struct sim_options *opts,
    struct directory *dir, const struct sim_result *r,
    const struct report_json_inputs *in, struct exceptions *ex)
{
	struct report_plan		 rp;
	struct sim_decision		*blocked;
	struct sim_eval			*ev;
	size_t				 nblocked = 0;
	const struct sim_level		*lv = &r->levels[r->level];
	const struct policy		*p = r->policy;
	const struct exceptions_entry	*e;
	struct cmd_plan_out		 o;
	const char			**txt, **gpo;
	char				*comments[8], b1[UTIL_TIME_LEN];
	char				 b2[UTIL_TIME_LEN], b3[UTIL_TIME_LEN];
	char				*from;
	size_t				 i, nt = 0, ng = 0, nc = 0, nex;
	int				 both, rc = EXIT_OK;

	both = cp->names == -1 ? p->names_both : cp->names;
	nex = ex != NULL ? exceptions_count(ex) : 0;
	txt = xcalloc(2 * lv->nexceptions + 1, sizeof *txt);
	gpo = xcalloc(2 * lv->nexceptions + nex + 1, sizeof *gpo);
	for (i = 0; i < lv->nexceptions; i++) {
		txt[nt++] = gpo[ng++] = lv->exceptions[i].name;
		if (both && lv->exceptions[i].fqdn != NULL)
			txt[nt++] = gpo[ng++] = lv->exceptions[i].fqdn;
	}
	for (i = 0; i < nex; i++) {
		e = exceptions_get(ex, i);
		if (e->reason == NULL)
			gpo[ng++] = e->name;
	}
	ng = cmd_plan_uniq(gpo, ng);

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
	xasprintf(&comments[nc++], "%zu server%s, not listed here, already "
	    "covered by the list in force", lv->nalready,
	    lv->nalready == 1 ? "" : "s");
	if (p->exceptions_key == NULL)
		xasprintf(&comments[nc++], "this setting has no exception "
		    "list: leave these servers out of its scope");

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
	for (i = 0; i < flows_count(fl); i++) {
		simulate_eval_flow(ev, i, r->level, &blocked[nblocked]);
		if (blocked[nblocked].blocked)
			nblocked++;
	}
	report_plan_sort(blocked, nblocked, fl);
	memset(&rp, 0, sizeof rp);
	rp.r = r;
	rp.in = in;
	rp.fl = fl;
	rp.blocked = blocked;
	rp.nblocked = nblocked;
	rp.gpo = gpo;
	rp.ngpo = ng;
	report_plan_build(&rp, dir);
	o.fl = fl;
	o.blocked = blocked;
	o.nblocked = nblocked;
	o.rp = &rp;
	if (cmd_plan_mkdir(cp->output) != 0 ||
	    cmd_plan_write(cp->output, "exceptions.txt", cmd_plan_write_txt,
	    &o) != 0 ||
	    cmd_plan_write(cp->output, "GptTmpl-audit.inf",
	    cmd_plan_write_audit, &o) != 0 ||
	    cmd_plan_write(cp->output, "GptTmpl-enforce.inf",
	    cmd_plan_write_enforce, &o) != 0 ||
	    cmd_plan_write(cp->output, "plan.json", cmd_plan_write_json,
	    &o) != 0 ||
	    cmd_plan_write(cp->output, "blocked.csv", cmd_plan_write_csv,
	    &o) != 0 ||
	    cmd_plan_write(cp->output, "report.md", cmd_plan_write_md,
	    &o) != 0 ||
	    cmd_plan_write(cp->output, "report.html", cmd_plan_write_html,
	    &o) != 0)
		rc = EXIT_OUTPUT;
	report_plan_clear(&rp);
	free(blocked);
	simulate_eval_free(ev);
	for (i = 0; i < nc; i++)
		free(comments[i]);
	free(from);
	free(txt);
	free(gpo);
	return (rc);
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
	struct sim_computer		*comps = NULL;
	struct sim_trust		*trusts = NULL;
	struct report_json_inputs	 in;
	const struct exceptions_entry	*e;
	const struct sim_level		*lv;
	char				*cause;
	size_t				 i;
	int				 rc = EXIT_OK, found, problems;

	if (cp->policies_dir == NULL)
		cp->policies_dir = policies_default_dir();
	if ((ps = policies_load(cp->policies_dir, &cause)) == NULL) {
		log_warnx("%s", cause);
		free(cause);
		rc = EXIT_INPUT;
		goto out;
	}
	if ((p = policies_find(ps, cp->level)) == NULL) {
		log_warnx("unknown level: %s; one of:", cp->level);
		for (i = 0; i < policies_count(ps); i++)
			log_warnx("  %s (%ld)", policies_get(ps, i)->name,
			    policies_get(ps, i)->value);
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
	if (cp->ninputs > 0) {
		if ((rc = cmd_collect_inputs(cp->inputs, cp->ninputs,
		    cp->njobs, &collected, &problems)) != EXIT_OK)
			goto out;
		flows_merge(fl, collected);
		flows_free(collected);
	}
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

	memset(&dom, 0, sizeof dom);
	dom.netbios = dir->domain_netbios;
	dom.dns = dir->domain_dns;
	comps = xcalloc(dir->ncomputers + 1, sizeof *comps);
	for (i = 0; i < dir->ncomputers; i++) {
		comps[i].name = dir->computers[i].name;
		comps[i].dns = dir->computers[i].dns;
		comps[i].enabled = dir->computers[i].enabled;
		comps[i].dc = dir->computers[i].dc;
		comps[i].last_logon = dir->computers[i].last_logon ==
		    DIRECTORY_TIME_NONE ? FLOWS_TIME_NONE :
		    dir->computers[i].last_logon;
	}
	trusts = xcalloc(dir->ntrusts + 1, sizeof *trusts);
	for (i = 0; i < dir->ntrusts; i++) {
		trusts[i].flat = dir->trusts[i].flat;
		trusts[i].partner = dir->trusts[i].partner;
	}
	dom.computers = comps;
	dom.ncomputers = dir->ncomputers;
	dom.trusts = trusts;
	dom.ntrusts = dir->ntrusts;

	simulate_options_init(&opts);
	opts.policies = ps;
	opts.policy = p;
	opts.exceptions = ex;
	opts.rules = rs;
	opts.audit_level = cp->audit_level;
	if (cp->audit_level >= 0) {
		size_t	first, n;
		int	ok = 0;

		first = policies_setting(ps, p, &n);
		for (i = first; i < first + n; i++) {
			const struct policy *q = policies_get(ps, i);

			if ((q->audit_key != NULL ? q->audit_value : q->off) ==
			    cp->audit_level)
				ok = 1;
		}
		if (!ok) {
			log_warnx("--audit-level %ld is no audit value of %s",
			    cp->audit_level, p->setting);
			rc = EXIT_USAGE;
			goto out;
		}
	}
	r = simulate_run(fl, &dom, &opts);

	memset(&in, 0, sizeof in);
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
	in.domain_netbios = dir->domain_netbios;
	in.domain_dns = dir->domain_dns;
	in.computers = dir->ncomputers;
	in.trusts = dir->ntrusts;
	in.generated = cmd_plan_now();
	in.exceptions = ex;
	in.rules = rs;
	if ((rc = cmd_plan_output(cp, fl, &dom, &opts, dir, r, &in, ex)) !=
	    EXIT_OK)
		goto out;

	lv = &r->levels[r->level];
	log_info("plan: %s (%ld): %" PRIu64 " flows (%" PRIu64 " events) "
	    "denied before exceptions, %zu server%s to except, %zu already "
	    "excepted, %" PRIu64 " flows still denied; %zu caveat%s; "
	    "written to %s", p->name, p->value, lv->blocked_flows,
	    lv->blocked_events, lv->nexceptions,
	    lv->nexceptions == 1 ? "" : "s", lv->nalready, lv->residual_flows,
	    r->ncaveats, r->ncaveats == 1 ? "" : "s", cp->output);
out:
	simulate_free(r);
	free(comps);
	free(trusts);
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
		{ "names", required_argument, NULL, 'n' },
		{ "audit-level", required_argument, NULL, 'a' },
		{ "policies", required_argument, NULL, 'p' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "evtx-reader", required_argument, NULL,
		    CMD_OPT_EVTX_READER },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct cmd_plan	 cp;
	long long	 v;
	int		 ch, i, rc, sources;

	memset(&cp, 0, sizeof cp);
	cp.output = "ntlmplan-plan";
	cp.names = -1;
	cp.audit_level = -1;
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
		case 'n':
			if (strcmp(optarg, "netbios") == 0)
				cp.names = 0;
			else if (strcmp(optarg, "both") == 0)
				cp.names = 1;
			else
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
	/* Operands: raw events, or flow files recognised by content. */
	for (i = optind; i < argc; i++) {
		if (cmd_plan_is_flow_file(argv[i]))
			cp.flows[cp.nflows++] = argv[i];
		else
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
	rc = cmd_plan_run(&cp);
	goto done;
usage:
	rc = cmd_usage_error(&cmd_plan_entry);
done:
	free(cp.flows);
	free(cp.inputs);
	free(cp.da.ldif);
	return (rc);
}
