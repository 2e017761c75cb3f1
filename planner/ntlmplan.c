/*
 * ntlmplan.c: the entry point.  Finds the subcommand in cmd_table and runs
 * it; nothing else lives here.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "exitcode.h"
#include "log.h"
#include "outfile.h"
#include "xmalloc.h"

static void
usage(FILE *f)
{
	const struct cmd_entry	**e;

	fprintf(f, "usage: ntlmplan COMMAND [options]\n"
	    "       ntlmplan COMMAND --help\n"
	    "       ntlmplan --version\n\ncommands:\n");
	for (e = cmd_table; *e != NULL; e++)
		fprintf(f, "  %-10s %s\n", (*e)->name, (*e)->summary);
	fprintf(f, "  %-10s %s\n", "help", "show this list, or a command's help");
}

int
main(int argc, char **argv)
{
	const struct cmd_entry	**e;
	const char		 *name;

	xmalloc_init();
	log_init();
	outfile_init();
	if (argc < 2) {
		usage(stderr);
		return (EXIT_USAGE);
	}
	name = argv[1];
	if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
		printf("ntlmplan %s\n", PACKAGE_VERSION);
		return (EXIT_OK);
	}
	if (strcmp(name, "help") == 0 || strcmp(name, "--help") == 0 ||
	    strcmp(name, "-h") == 0) {
		if (argc > 2 && strcmp(name, "help") == 0) {
			for (e = cmd_table; *e != NULL; e++) {
				if (strcmp((*e)->name, argv[2]) == 0) {
					cmd_print_usage(*e, stdout);
					return (EXIT_OK);
				}
			}
			fprintf(stderr, "ntlmplan: unknown command: %s\n",
			    argv[2]);
			return (EXIT_USAGE);
		}
		usage(stdout);
		return (EXIT_OK);
	}
	for (e = cmd_table; *e != NULL; e++) {
		if (strcmp((*e)->name, name) == 0)
			return ((*e)->exec(argc - 1, argv + 1));
	}
	fprintf(stderr, "ntlmplan: unknown command: %s\n", name);
	usage(stderr);
	return (EXIT_USAGE);
}
