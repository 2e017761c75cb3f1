/*
 * cmd-collect.c: "ntlmplan collect": read EVTX and JSON inputs into one flow
 * file (the reading, in parallel, is ingest_inputs').
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
#include "ingest-evtx.h"
#include "log.h"
#include "util.h"
#include "xmalloc.h"

static int	cmd_collect_exec(int, char **);

const struct cmd_entry cmd_collect_entry = {
	"collect",
	"[-v] [-o FILE] [-j N] [--evtx-reader R] [--strict] "
	"[--keep-going]\n         INPUT...",
	"Read NTLM audit events (EVTX, JSON, XML) and aggregate them into "
	"flows.",
	"  -o, --output FILE  write the flow file to FILE (default: stdout)\n"
	"  -j, --jobs N       read with N threads (default: CPUs): N inputs in\n"
	"                     parallel, the chunks of one EVTX file split\n"
	"                     across threads when there are fewer inputs;\n"
	"                     a large flow file sorted and written with them\n"
	"      --evtx-reader R\n"
	"                     native (default: ntlmplan's own, libevtx where\n"
	"                     it declines) or libevtx\n"
	"      --strict       fail (exit 3, no output) on any input error\n"
	"      --keep-going   read the other inputs when one is missing or\n"
	"                     cannot be read (default: exit 3)\n"
	"  -v, --verbose      one line per input, per logging host and per\n"
	"                     log on stderr\n"
	"  -h, --help         show this help\n"
	"INPUT is an EVTX, JSON or event XML file, a SIEM's result (see\n"
	"ntlmplan queries), a directory (every file below it, recognised by\n"
	"content) or - for one of these but EVTX on stdin.\n",
	cmd_collect_exec
};

static int
cmd_collect_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "strict", no_argument, NULL, 'S' },
		{ "keep-going", no_argument, NULL, 'K' },
		{ "evtx-reader", required_argument, NULL,
		    CMD_OPT_EVTX_READER },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct ingest_totals	 totals;
	struct flows	*fl;
	const char	*output = "-";
	long long	 jobs;
	int		 ch, njobs, strict = 0, keep_going = 0, i, problems;
	int		 rc;
	int		 stdin_seen = 0;

	njobs = util_ncpus();
	optind = 1;
	while ((ch = getopt_long(argc, argv, "ho:j:v", longopts, NULL)) != -1) {
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
		case CMD_OPT_EVTX_READER:
			if (cmd_evtx_reader("collect", optarg) != 0)
				return (EXIT_USAGE);
			break;
		case 'v':
			log_verbose_set(1);
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
	rc = cmd_read_inputs(argv, argc, njobs, keep_going, &fl, &totals);
	problems = totals.problems;
	ingest_totals_clear(&totals);
	if (rc != EXIT_OK)
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
