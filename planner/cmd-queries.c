/*
 * cmd-queries.c: "ntlmplan queries": print the Windows Event Forwarding
 * subscription or a SIEM query, generated from the event table (queries.c).
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>

#include "cmd.h"
#include "exitcode.h"
#include "log.h"
#include "queries.h"

static int	cmd_queries_exec(int, char **);

const struct cmd_entry cmd_queries_entry = {
	.name = "queries",
	.usage = "[kql | spl | esql | wef]",
	.summary = "Print the SIEM queries and the forwarding subscription "
	    "for the NTLM events.",
	.help = "  -h, --help         show this help\n"
	    "kql   Microsoft Sentinel / Log Analytics (the Event and\n"
	    "      WindowsEvent tables)\n"
	    "spl   Splunk (WinEventLog and XmlWinEventLog)\n"
	    "esql  Elastic ES|QL (Winlogbeat / Elastic Agent winlog.*)\n"
	    "wef   a source-initiated Windows Event Forwarding subscription\n"
	    "Without an argument, the three queries one after the other.\n"
	    "A query's result, exported as CSV or JSON, is read by collect.\n",
	.exec = cmd_queries_exec
};

static int
cmd_queries_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int	ch, k;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			cmd_print_usage(&cmd_queries_entry, stdout);
			return (EXIT_OK);
		default:
			return (cmd_usage_error(&cmd_queries_entry));
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1)
		return (cmd_usage_error(&cmd_queries_entry));
	if (argc == 1) {
		if ((k = queries_kind(argv[0])) < 0) {
			log_warnx("queries: kql, spl, esql or wef, not %s",
			    argv[0]);
			return (EXIT_USAGE);
		}
		queries_write(stdout, (enum queries_kind)k);
	} else {
		for (k = QUERIES_KQL; k < QUERIES__COUNT; k++) {
			printf("%s==> %s <==\n", k > QUERIES_KQL ? "\n" : "",
			    queries_name((enum queries_kind)k));
			queries_write(stdout, (enum queries_kind)k);
		}
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		log_warnx("queries: write error on standard output");
		return (EXIT_OUTPUT);
	}
	return (EXIT_OK);
}
