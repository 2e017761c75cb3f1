/*
 * cmd.h: the subcommand table (tmux's cmd_entry).
 *
 * Each cmd-*.c file defines one entry; ntlmplan.c only dispatches.  exec
 * receives argv with argv[0] the command name and returns an exit_code.
 */
#ifndef CMD_H
#define CMD_H

#include <stdio.h>

struct flows;

struct cmd_entry {
	const char	*name;
	const char	*usage;		/* after "ntlmplan NAME " */
	const char	*summary;	/* one line for "ntlmplan help" */
	const char	*help;		/* option lines for --help */
	int		 (*exec)(int, char **);
};

extern const struct cmd_entry	 cmd_collect_entry;
extern const struct cmd_entry	 cmd_directory_entry;
extern const struct cmd_entry	 cmd_merge_entry;
extern const struct cmd_entry	 cmd_plan_entry;

extern const struct cmd_entry	*cmd_table[];

/* Print "usage: ntlmplan NAME USAGE" and the help text to f. */
void	cmd_print_usage(const struct cmd_entry *, FILE *);
/* Print the usage to stderr and return EXIT_USAGE. */
int	cmd_usage_error(const struct cmd_entry *);
/* Print per-host event counts and windows of fl to stderr. */
void	cmd_print_hosts(const struct flows *);
/* Save fl to path ("-" stdout) atomically; 0 or -1 after a message. */
int	cmd_write_flows(struct flows *, const char *);

#endif
