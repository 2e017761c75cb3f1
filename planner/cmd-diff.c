/*
 * cmd-diff.c: "ntlmplan diff": a plan compared with the last one, per
 * level (plandiff.c), as text or JSON; exit 1 when the planned level's
 * list grew, for a scheduled job.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "exitcode.h"
#include "log.h"
#include "plandiff.h"

static int	cmd_diff_exec(int, char **);

const struct cmd_entry cmd_diff_entry = {
	.name = "diff",
	.usage = "[--json] OLD NEW",
	.summary = "Compare a plan with the last: lists, accounts, fixes, "
	    "verdicts, windows.",
	.help = "  --json      write the comparison as JSON (default: text)\n"
	    "  -h, --help  show this help\n"
	    "OLD and NEW are plan.json files or plan directories (plan -o).\n"
	    "Exit status 1 when the planned level's exception list grew.\n",
	.exec = cmd_diff_exec
};

static int
cmd_diff_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct plandiff	*d;
	char		*cause;
	int		 ch, json = 0, rc;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'j':
			json = 1;
			break;
		case 'h':
			cmd_print_usage(&cmd_diff_entry, stdout);
			return (EXIT_OK);
		default:
			return (cmd_usage_error(&cmd_diff_entry));
		}
	}
	argc -= optind;
	argv += optind;
	if (argc != 2)
		return (cmd_usage_error(&cmd_diff_entry));
	if ((d = plandiff_create(argv[0], argv[1], &cause)) == NULL) {
		log_warnx("%s", cause);
		free(cause);
		return (EXIT_INPUT);
	}
	if (json)
		plandiff_write_json(stdout, d);
	else
		plandiff_write_text(stdout, d);
	rc = d->list_grew ? EXIT_LIST_GREW : EXIT_OK;
	plandiff_free(d);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		log_warnx("stdout: write error");
		return (EXIT_OUTPUT);
	}
	return (rc);
}
