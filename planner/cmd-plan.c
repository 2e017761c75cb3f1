/*
 * cmd-plan.c: "ntlmplan plan": read the inputs (plan-load.c), build the plan
 * once (plan.c) and write every output of it into a directory, each file
 * atomically: the proposed exception list, the two security templates,
 * plan.json, blocked.csv, remediation.csv and the reports.
 */
#include "config.h"

#include <sys/stat.h>

#include <getopt.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "cmd-options.h"
#include "exitcode.h"
#include "log.h"
#include "outfile.h"
#include "outset.h"
#include "plan-load.h"
#include "plan.h"
#include "policy.h"
#include "remediate.h"
#include "report-text.h"
#include "simulate.h"
#include "util.h"
#include "xmalloc.h"

enum {
	CMD_PLAN_OPT_NETBIOS = 512,
	CMD_PLAN_OPT_MAX_AGE,
	CMD_PLAN_OPT_NOW,
	CMD_PLAN_OPT_MIN_DAYS,
	CMD_PLAN_OPT_ASSUME_FIXED
};

/*
 * The options of plan, each written once: X(getopt letters, long name,
 * argument, value, how it is set, --help lines).  The getopt string, the
 * long options and the help follow from the rows.  How: S(field) a string,
 * N(field, min, max) a number in range, F(field) a flag, O by
 * cmd_plan_option.  A row without a long name is help only: the operands,
 * and -H whose options are directory's (CMD_DIRECTORY_LONGOPTS).
 */
#define S(f)		CMD_OPTION_STRING, offsetof(struct plan_args, f), 0, 0
#define N(f, lo, hi)	CMD_OPTION_NUMBER, offsetof(struct plan_args, f), lo, hi
#define F(f)		CMD_OPTION_FLAG, offsetof(struct plan_args, f), 0, 0
#define O		CMD_OPTION_OTHER, 0, 0, 0
#define CMD_PLAN_OPTIONS(X)						\
	X("", NULL, 0, 0, O,						\
	    "  INPUT                  EVTX or JSON events (files, "	\
	    "directories, -),\n                         collected on the " \
	    "fly; a flow file given as\n                         an operand " \
	    "is read as --flows\n")					\
	X("f:", "flows", required_argument, 'f', O, "  -f, --flows FILE" \
	    "       flow file (collect or merge); repeatable\n")	\
	X("d:", "directory", required_argument, 'd', S(directory),	\
	    "  -d, --directory FILE   directory snapshot (ntlmplan "	\
	    "directory)\n")						\
	X("", "ldif", required_argument, CMD_OPT_LDIF, O, "      --ldif " \
	    "FILE        read the directory from LDIF; repeatable\n")	\
	X("", NULL, 0, 0, O, "  -H, --uri URI          fetch the "	\
	    "directory over LDAP; with -b, -D,\n                         " \
	    "-y, -W, -Y, -Z, --cacert, --page-size and\n"		\
	    "                         --timeout as for ntlmplan directory\n") \
	X("l:", "level", required_argument, 'l', S(level), "  -l, --level " \
	    "LEVEL      policy name or value (1, 3, 5, 7); default: the\n" \
	    "                         default policy (deny-domain-accounts-" \
	    "to-domain-servers)\n")					\
	X("e:", "exceptions", required_argument, 'e', S(exceptions),	\
	    "  -e, --exceptions FILE  exception list in force: text, or a " \
	    "GptTmpl.inf\n")						\
	X("r:", "rules", required_argument, 'r', S(rules), "  -r, --rules " \
	    "FILE       site rules (ignore, remediate, fixed)\n") \
	X("", "assume-fixed", required_argument, CMD_PLAN_OPT_ASSUME_FIXED, \
	    O, "      --assume-fixed FIX plan as if FIX were done: "	\
	    "KEY=VALUE[,...] of\n                         account, client, " \
	    "process, server; repeatable\n")				\
	X("n:", "names", required_argument, 'n', O, "  -n, --names MODE  " \
	    "     netbios, or both (NetBIOS and FQDN)\n")		\
	X("a:", "audit-level", required_argument, 'a',			\
	    N(audit_level, 0, UINT32_MAX), "  -a, --audit-level N    audit " \
	    "value in force when the data was logged\n"			\
	    "                         (default: inferred from the data)\n") \
	X("p:", "policies", required_argument, 'p', S(policies_dir),	\
	    "  -p, --policies DIR     policy files (default: installed " \
	    "policies)\n")						\
	X("", "netbios", required_argument, CMD_PLAN_OPT_NETBIOS, O,	\
	    "      --netbios NAME     the domain's NetBIOS name, when the " \
	    "directory\n                         cannot give it (no "	\
	    "configuration partition)\n")				\
	X("", "max-age", required_argument, CMD_PLAN_OPT_MAX_AGE,	\
	    N(max_age, 0, 36500), "      --max-age DAYS     newest event at " \
	    "most DAYS before the plan's\n                         time, or " \
	    "the level is not ready (default 30,\n"			\
	    "                         0: no limit)\n")			\
	X("", "min-days", required_argument, CMD_PLAN_OPT_MIN_DAYS,	\
	    N(min_days, 0, 36500), "      --min-days DAYS    the longest " \
	    "host log must cover DAYS, or the level is\n"		\
	    "                         not ready (default 7, 0: any)\n")	\
	X("", "now", required_argument, CMD_PLAN_OPT_NOW, O, "      --now " \
	    "TIME         the plan's time (ISO 8601; default:\n"	\
	    "                         $SOURCE_DATE_EPOCH, or now)\n")	\
	X("j:", "jobs", required_argument, 'j', N(njobs, 1, 256),	\
	    "  -j, --jobs N           read and write with N threads "	\
	    "(default: CPUs)\n")	\
	X("", "evtx-reader", required_argument, CMD_OPT_EVTX_READER, O,	\
	    "      --evtx-reader R    native (default) or libevtx\n")	\
	X("", "keep-going", no_argument, CMD_OPT_KEEP_GOING, F(keep_going), \
	    "      --keep-going       read the other inputs when one is " \
	    "missing\n                         or cannot be read (default: " \
	    "exit 3)\n")						\
	X("o:", "output", required_argument, 'o', S(output), "  -o, "	\
	    "--output DIR       output directory (default: "		\
	    "./ntlmplan-plan)\n")					\
	X("v", "verbose", no_argument, 'v', O, "  -v, --verbose          one " \
	    "line per input, per logging host and\n"			\
	    "                         per log on stderr\n")		\
	X("h", "help", no_argument, 'h', O, "  -h, --help             show " \
	    "this help\n")

#define CMD_PLAN_ROW(l, n, a, v, how, h)	{ l, n, a, v, how },
#define CMD_PLAN_HELP(l, n, a, v, how, h)	h
#define CMD_PLAN_LETTERS(l, n, a, v, how, h)	l

static const struct cmd_option cmd_plan_options[] = {
	CMD_PLAN_OPTIONS(CMD_PLAN_ROW)
};
#define nitems(v)		(sizeof (v) / sizeof (v)[0])
#define CMD_PLAN_NOPTIONS	nitems(cmd_plan_options)

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
	"         [--min-days DAYS] [--now TIME] [-j N] [--evtx-reader R] "
	"[--keep-going]\n"
	"         [-v] [-o DIR]",
	"Simulate Restrict NTLM; write the exception list, GPO templates and "
	"reports.",
	CMD_PLAN_OPTIONS(CMD_PLAN_HELP),
	cmd_plan_exec
};

/*
 * The outputs of a plan, written by up to njobs threads at once: each takes
 * the next file, the largest first, and writes it whole.  The writers only
 * read the plan.  Those that do not read the fixes may be written while
 * the fixes are ranked (cmd_plan_meanwhile), the others once the plan is
 * built.  Every file is tried, and the first failed one in the table's
 * order is the one reported, as when they are written one after another.
 */
struct cmd_plan_writers {
	const struct plan	*plan;
	const char		*dir;
	char			**causes;	/* per output: NULL, or why it
						   failed */
	uint8_t			*done;		/* per output: tried */
	size_t			*order;		/* outputs in the order taken */
	size_t			 n;		/* outputs */
	size_t			 norder;	/* to take this round */
	atomic_size_t		 next;
};

/* Write output i of w->plan in w->dir, atomically; 0, or -1 and a cause. */
static int
cmd_plan_write(struct cmd_plan_writers *w, size_t i)
{
	const struct plan_output	*out = &plan_outputs[i];
	struct outfile			*of;
	char				*path;

	xasprintf(&path, "%s/%s", w->dir, out->name);
	of = outfile_open(path, &w->causes[i]);
	free(path);
	if (of == NULL)
		return (-1);
	out->write(outfile_stream(of), w->plan);
	return (outfile_commit(of, &w->causes[i]));
}

static void *
cmd_plan_writer(void *arg)
{
	struct cmd_plan_writers	*w = arg;
	size_t			 i;

	while ((i = atomic_fetch_add(&w->next, 1)) < w->norder)
		(void)cmd_plan_write(w, w->order[i]);
	return (NULL);
}

static void
cmd_plan_writers_init(struct cmd_plan_writers *w, const char *dir)
{
	memset(w, 0, sizeof *w);
	w->dir = dir;
	for (w->n = 0; plan_outputs[w->n].name != NULL; w->n++) {
		if (plan_outputs[w->n].size < 0 || plan_outputs[w->n].size > 3)
			fatalx("plan: an output's size is not 0 to 3");
	}
	w->causes = xcalloc(w->n + 1, sizeof *w->causes);
	w->done = xcalloc(w->n + 1, sizeof *w->done);
	w->order = xcalloc(w->n + 1, sizeof *w->order);
}

/*
 * Write the outputs of p not written yet (with fixes 0: only those that do
 * not read the fixes), largest first, with up to njobs threads.
 */
static void
cmd_plan_write_some(struct cmd_plan_writers *w, const struct plan *p,
    size_t njobs, int fixes)
{
	pthread_t	*t;
	size_t		 i, nt, started;
	int		 size;

	w->plan = p;
	for (size = 3, w->norder = 0; size >= 0; size--) {
		for (i = 0; i < w->n; i++) {
			if (plan_outputs[i].size == size && !w->done[i] &&
			    (fixes || !plan_outputs[i].fixes)) {
				w->order[w->norder++] = i;
				w->done[i] = 1;
			}
		}
	}
	atomic_init(&w->next, 0);
	nt = njobs > 1 ? (njobs < w->norder ? njobs : w->norder) - 1 : 0;
	t = xcalloc(nt + 1, sizeof *t);
	for (started = 0; started < nt; started++) {
		if (pthread_create(&t[started], NULL, cmd_plan_writer,
		    w) != 0)
			break;
	}
	cmd_plan_writer(w);
	for (i = 0; i < started; i++)
		pthread_join(t[i], NULL);
	free(t);
}

/* Report the first failed output in the table's order; 0, or -1. */
static int
cmd_plan_writers_finish(struct cmd_plan_writers *w)
{
	size_t	i;
	int	rc = 0;

	for (i = 0; i < w->n; i++) {
		if (w->causes[i] != NULL && rc == 0) {
			log_warnx("%s", w->causes[i]);
			rc = -1;
		}
		free(w->causes[i]);
	}
	free(w->causes);
	free(w->done);
	free(w->order);
	return (rc);
}

/*
 * plan_inputs' meanwhile: while another thread ranks the fixes, this one
 * writes the outputs that do not read them.
 */
static void
cmd_plan_meanwhile(const struct plan *p, void *arg)
{
	cmd_plan_write_some(arg, p, 1, 0);
}

/*
 * The output set: a staging directory beside the output directory, which
 * cmd_plan_output moves into place whole (outset.h); NULL after a message.
 */
static struct outset *
cmd_plan_mkdir(const char *dir)
{
	static const char	*names[64];
	struct outset		*os;
	char			*cause;
	size_t			 i;

	for (i = 0; plan_outputs[i].name != NULL; i++) {
		if (i == nitems(names))
			fatalx("too many plan outputs");
		names[i] = plan_outputs[i].name;
	}
	if ((os = outset_create(dir, names, i, &cause)) == NULL) {
		log_warnx("%s", cause);
		free(cause);
	}
	return (os);
}

/*
 * Build the plan and write every output into a staging directory made
 * first, with up to cp->njobs threads (those that do not read the fixes
 * while they are ranked); put the set in place as cp->output only if every
 * file was written.  An exit code; *pl the plan, or NULL.
 */
static int
cmd_plan_output(const struct plan_args *cp, struct plan_loaded *ld,
    struct plan **pl)
{
	struct cmd_plan_writers	 w;
	struct outset		*os;
	char			*cause;

	*pl = NULL;
	if ((os = cmd_plan_mkdir(cp->output)) == NULL)
		return (EXIT_OUTPUT);
	cmd_plan_writers_init(&w, outset_path(os));
	ld->in.meanwhile = cmd_plan_meanwhile;
	ld->in.meanwhile_arg = &w;
	*pl = plan_build(ld->fl, &ld->dom, &ld->in);
	cmd_plan_write_some(&w, *pl, (size_t)cp->njobs, 1);
	if (cmd_plan_writers_finish(&w) != 0) {
		outset_abort(os);
		return (EXIT_OUTPUT);
	}
	if (outset_commit(os, &cause) != 0) {
		log_warnx("%s", cause);
		free(cause);
		return (EXIT_OUTPUT);
	}
	return (EXIT_OK);
}

static int
cmd_plan_run(struct plan_args *cp)
{
	struct plan_loaded	 ld;
	struct plan		*pl;
	int			 rc;

	if ((rc = plan_load(cp, &ld)) != EXIT_OK) {
		plan_loaded_clear(&ld);
		return (rc);
	}
	if ((rc = cmd_plan_output(cp, &ld, &pl)) == EXIT_OK) {
		report_text_log(pl, cp->output);
		if (!pl->lv->ready)
			rc = EXIT_NOT_READY;
	}
	plan_free(pl);
	plan_loaded_clear(&ld);
	return (rc);
}

/* Take an option no row describes fully; 0, or -1 after a message. */
static int
cmd_plan_option(struct plan_args *cp, int ch, const char *arg)
{
	char	*cause;

	switch (ch) {
	case 'f':
		cp->flows[cp->nflows++] = arg;
		return (0);
	case CMD_OPT_LDIF:
		cp->da.ldif[cp->da.nldif++] = arg;
		return (0);
	case CMD_PLAN_OPT_ASSUME_FIXED:
		if (cp->assumed == NULL)
			cp->assumed = remediate_assumed_create();
		if (remediate_assumed_add(cp->assumed, arg, &cause) != 0) {
			log_warnx("plan: --assume-fixed: %s", cause);
			free(cause);
			return (-1);
		}
		return (0);
	case 'n':
		return ((cp->names = cmd_names_option(arg)) == -1 ? -1 : 0);
	case CMD_PLAN_OPT_NETBIOS:
		if (*arg == '\0' || strlen(arg) > 15 ||
		    strpbrk(arg, ".\\/:*?\"<>| ") != NULL) {
			log_warnx("plan: --netbios: not a NetBIOS domain name "
			    "(1 to 15 characters, no dot): %s", arg);
			return (-1);
		}
		cp->netbios = arg;
		return (0);
	case CMD_PLAN_OPT_NOW:
		if (util_time_parse(arg, &cp->now) != 0) {
			log_warnx("plan: --now: not an ISO 8601 time "
			    "(2026-03-16T00:00:00Z): %s", arg);
			return (-1);
		}
		return (0);
	case CMD_OPT_EVTX_READER:
		return (cmd_evtx_reader("plan", arg) != 0 ? -1 : 0);
	case 'v':
		log_verbose_set(1);
		return (0);
	}
	return (cmd_directory_option(&cp->da, ch, arg) != 0 ? -1 : 0);
}

static int
cmd_plan_exec(int argc, char **argv)
{
	static const char	 letters[] = CMD_PLAN_OPTIONS(CMD_PLAN_LETTERS)
				    CMD_DIRECTORY_SHORTOPTS;
	static const struct option dir[] = { CMD_DIRECTORY_LONGOPTS };
	struct option		*longopts;
	struct plan_args	 cp;
	int			 ch, rc, sources;

	plan_args_init(&cp, argc);
	longopts = cmd_options_long(cmd_plan_options, CMD_PLAN_NOPTIONS, dir,
	    nitems(dir));
	optind = 1;
	while ((ch = getopt_long(argc, argv, letters, longopts, NULL)) != -1) {
		if (ch == 'h') {
			cmd_print_usage(&cmd_plan_entry, stdout);
			rc = EXIT_OK;
			goto done;
		}
		if ((rc = cmd_options_set(cmd_plan_options, CMD_PLAN_NOPTIONS,
		    &cp, "plan", ch, optarg)) == 1)
			rc = cmd_plan_option(&cp, ch, optarg);
		if (rc != 0)
			goto usage;
	}
	plan_args_operands(&cp, argc - optind, argv + optind);
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
	plan_args_clear(&cp);
	free(longopts);
	return (rc);
}

