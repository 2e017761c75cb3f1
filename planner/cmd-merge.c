/*
 * cmd-merge.c: "ntlmplan merge": combine flow files.  Counts add, first and
 * last seen widen, sources concatenate; the output is the same whatever the
 * order or grouping of the inputs.
 */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "exitcode.h"
#include "flows.h"
#include "ingest-siem.h"
#include "log.h"
#include "outfile.h"

static int	cmd_merge_exec(int, char **);

const struct cmd_entry cmd_merge_entry = {
	"merge",
	"[-v] [-f json|binary] [-o FILE] FLOWFILE...",
	"Combine flow files written by collect (or merge) into one.",
	"  -f, --format FORMAT  json (default) or binary: the form of the "
	"flow file\n"
	"                     written (either is read)\n"
	"  -o, --output FILE  write the merged flow file to FILE (default: "
	"stdout)\n"
	"  -v, --verbose      one line per logging host and per log on "
	"stderr\n"
	"  -h, --help         show this help\n"
	"FLOWFILE - reads a flow file from stdin.\n",
	cmd_merge_exec
};

/* The binary flow file to path, through a temporary file. */
static int
cmd_merge_write_binary(struct flows *fl, const char *path)
{
	struct outfile	*of;
	char		*cause;

	if ((of = outfile_open(path, &cause)) == NULL) {
		log_warnx("%s", cause);
		free(cause);
		return (-1);
	}
	flows_save_binary(fl, outfile_stream(of));
	if (outfile_commit(of, &cause) != 0) {
		log_warnx("%s", cause);
		free(cause);
		return (-1);
	}
	return (0);
}

static int
cmd_merge_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct flows	*fl;
	const char	*output = "-";
	char		*cause;
	int		 ch, i, binary = 0, rc = EXIT_OK;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "f:ho:v", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (strcmp(optarg, "binary") == 0)
				binary = 1;
			else if (strcmp(optarg, "json") == 0)
				binary = 0;
			else {
				log_warnx("merge: unknown format \"%s\" "
				    "(json or binary)", optarg);
				return (cmd_usage_error(&cmd_merge_entry));
			}
			break;
		case 'o':
			output = optarg;
			break;
		case 'v':
			log_verbose_set(1);
			break;
		case 'h':
			cmd_print_usage(&cmd_merge_entry, stdout);
			return (EXIT_OK);
		default:
			return (cmd_usage_error(&cmd_merge_entry));
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0)
		return (cmd_usage_error(&cmd_merge_entry));

	fl = flows_create();
	for (i = 0; i < argc; i++) {
		if (flows_load(fl, argv[i], &cause) != 0) {
			log_warnx("%s", cause);
			free(cause);
			rc = EXIT_INPUT;
		}
	}
	if (rc == EXIT_OK) {
		cmd_print_overlaps(fl, "merge");
		ingest_siem_warn_mixed(fl, "merge");
	}
	if (rc == EXIT_OK && (binary ? cmd_merge_write_binary(fl, output) :
	    cmd_write_flows(fl, output)) != 0)
		rc = EXIT_OUTPUT;
	if (rc == EXIT_OK) {
		log_info("merge: %d file%s, %zu sources, %zu flows, %" PRIu64
		    " events", argc, argc == 1 ? "" : "s",
		    flows_source_count(fl), flows_count(fl), flows_events(fl));
		cmd_print_hosts(fl);
	}
	flows_free(fl);
	return (rc);
}
