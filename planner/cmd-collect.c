/*
 * cmd-collect.c: "ntlmplan collect": read EVTX and JSON inputs into one flow
 * file.  N worker threads each take the next input and fill a private flow
 * table; the tables are merged at the end, so the result does not depend on
 * which thread read what.
 */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "exitcode.h"
#include "flows.h"
#include "ingest.h"
#include "log.h"
#include "util.h"
#include "xmalloc.h"

static int	cmd_collect_exec(int, char **);

const struct cmd_entry cmd_collect_entry = {
	"collect",
	"[-o FILE] [-j N] [--strict] [--keep-going] INPUT...",
	"Read NTLM audit events (EVTX, JSON) and aggregate them into flows.",
	"  -o, --output FILE  write the flow file to FILE (default: stdout)\n"
	"  -j, --jobs N       read N inputs in parallel (default: CPUs)\n"
	"      --strict       fail (exit 3, no output) on any input error\n"
	"      --keep-going   read the other inputs when one is missing or\n"
	"                     cannot be read (default: exit 3)\n"
	"  -h, --help         show this help\n"
	"INPUT is an .evtx or JSON file, a directory (every .evtx, .json,\n"
	".jsonl, .ndjson below it) or - for JSON on stdin.\n",
	cmd_collect_exec
};

/* One line per input: its counts, and whether it gave nothing. */
static void
collect_print_sources(const struct flows *fl)
{
	const struct source	*src;
	size_t			 i;
	char			 dup[64];

	for (i = 0; i < flows_source_count(fl); i++) {
		src = flows_source(fl, i);
		dup[0] = '\0';
		if (src->duplicate > 0)
			snprintf(dup, sizeof dup, ", %" PRIu64 " duplicate",
			    src->duplicate);
		log_info("  input %s: %" PRIu64 " record%s: %" PRIu64 " used, %"
		    PRIu64 " skipped%s, %" PRIu64 " unreadable%s",
		    strcmp(src->path, "-") == 0 ? "- (stdin)" : src->path,
		    src->records, src->records == 1 ? "" : "s", src->used,
		    src->skipped, dup, src->unreadable,
		    src->records == 0 ? ": nothing read" : src->used == 0 ?
		    ": no NTLM audit event" : "");
	}
}

int
cmd_collect_inputs(char *const *args, int nargs, int njobs, int keep_going,
    struct flows **out, int *problemsp)
{
	struct ingest_list	 list;
	struct flows		*fl;
	struct source		*src;
	uint64_t		 records = 0, used = 0, skipped = 0;
	uint64_t		 unreadable = 0, duplicate = 0;
	int			 problems, failed = 0;
	size_t			 k;
	char			 dup[64];

	memset(&list, 0, sizeof list);
	problems = ingest_list_expand(&list, args, nargs);
	if (list.unreadable > 0 && !keep_going) {
		log_warnx("%d input%s could not be read: nothing done "
		    "(--keep-going reads the others)", list.unreadable,
		    list.unreadable == 1 ? "" : "s");
		ingest_list_clear(&list);
		*out = NULL;
		return (EXIT_INPUT);
	}
	problems += ingest_read_all(&list, njobs, &fl, &failed);
	log_progress_done();
	*problemsp = problems;

	if ((size_t)failed >= list.npaths) {
		log_warnx("collect: nothing could be read");
		ingest_list_clear(&list);
		flows_free(fl);
		*out = NULL;
		return (EXIT_FAILURE_GENERIC);
	}
	flows_sort(fl);
	for (k = 0; k < flows_source_count(fl); k++) {
		src = flows_source(fl, k);
		records += src->records;
		used += src->used;
		skipped += src->skipped;
		unreadable += src->unreadable;
		duplicate += src->duplicate;
	}
	dup[0] = '\0';
	if (duplicate > 0)
		snprintf(dup, sizeof dup, ", %" PRIu64 " duplicate "
		    "(read before)", duplicate);
	log_info("collect: %zu input%s, %" PRIu64 " records: %" PRIu64
	    " used, %" PRIu64 " skipped%s, %" PRIu64 " unreadable; %zu "
	    "flows, %" PRIu64 " events%s", list.npaths,
	    list.npaths == 1 ? "" : "s", records, used, skipped, dup,
	    unreadable, flows_count(fl), flows_events(fl),
	    problems > 0 ? "; see warnings above" : "");
	collect_print_sources(fl);
	cmd_print_hosts(fl);
	ingest_list_clear(&list);
	*out = fl;
	return (EXIT_OK);
}

static int
cmd_collect_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "strict", no_argument, NULL, 'S' },
		{ "keep-going", no_argument, NULL, 'K' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct flows	*fl;
	const char	*output = "-";
	long long	 jobs;
	int		 ch, njobs, strict = 0, keep_going = 0, i, problems;
	int		 rc;
	int		 stdin_seen = 0;

	njobs = util_ncpus();
	optind = 1;
	while ((ch = getopt_long(argc, argv, "ho:j:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			output = optarg;
			break;
		case 'j':
			if (util_strtonum(optarg, 1, 256, &jobs) != 0) {
				log_warnx("collect: -j: not a number from 1 "
				    "to 256: %s", optarg);
				return (EXIT_USAGE);
			}
			njobs = (int)jobs;
			break;
		case 'S':
			strict = 1;
			break;
		case 'K':
			keep_going = 1;
			break;
		case 'h':
			cmd_print_usage(&cmd_collect_entry, stdout);
			return (EXIT_OK);
		default:
			return (cmd_usage_error(&cmd_collect_entry));
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		return (cmd_usage_error(&cmd_collect_entry));
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-") == 0 && stdin_seen++) {
			log_warnx("collect: - (stdin) given twice");
			return (EXIT_USAGE);
		}
	}
	if ((rc = cmd_collect_inputs(argv, argc, njobs, keep_going, &fl,
	    &problems)) != EXIT_OK)
		return (rc);
	if (strict && problems > 0) {
		log_warnx("collect: %d problem%s in the input (--strict): "
		    "no output written", problems, problems == 1 ? "" : "s");
		rc = EXIT_INPUT;
	} else if (cmd_write_flows(fl, output) != 0)
		rc = EXIT_OUTPUT;
	flows_free(fl);
	return (rc);
}
