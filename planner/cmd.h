/*
 * cmd.h: the subcommand table (tmux's cmd_entry).
 *
 * Each cmd-*.c file defines one entry; ntlmplan.c only dispatches.  exec
 * receives argv with argv[0] the command name and returns an exit_code.
 */
#ifndef CMD_H
#define CMD_H

#include <stddef.h>
#include <stdio.h>

#include "directory-ldap.h"

struct directory;
struct flows;

struct cmd_entry {
	const char	*name;
	const char	*usage;		/* after "ntlmplan NAME " */
	const char	*summary;	/* one line for "ntlmplan help" */
	const char	*help;		/* option lines for --help */
	int		 (*exec)(int, char **);
};

extern const struct cmd_entry	 cmd_collect_entry;
extern const struct cmd_entry	 cmd_diff_entry;
extern const struct cmd_entry	 cmd_directory_entry;
extern const struct cmd_entry	 cmd_merge_entry;
extern const struct cmd_entry	 cmd_plan_entry;
extern const struct cmd_entry	 cmd_queries_entry;

extern const struct cmd_entry	*cmd_table[];

/* Print "usage: ntlmplan NAME USAGE" and the help text to f. */
void	cmd_print_usage(const struct cmd_entry *, FILE *);
/* Print the usage to stderr and return EXIT_USAGE. */
int	cmd_usage_error(const struct cmd_entry *);
/*
 * --names: 0 netbios, 1 both; -1 after a message (an FQDN-only list is
 * refused with the reason).
 */
int	cmd_names_option(const char *);
/* Print per-host event counts and windows of fl to stderr. */
void	cmd_print_hosts(struct flows *);
/* Warn about each record-id overlap of fl (flows_overlaps); the count. */
int	cmd_print_overlaps(struct flows *, const char *);
/* The skipped records of the inputs by event id, on one line. */
void	cmd_print_skipped(const struct flows *);
/* Write path ("-" stdout) atomically with fn(f, arg); 0 or -1 (logged). */
int	cmd_write_file(const char *, void (*)(FILE *, void *), void *);
/* Save fl to path ("-" stdout) atomically; 0 or -1 after a message. */
int	cmd_write_flows(struct flows *, const char *);

/*
 * Reading EVTX and JSON inputs, shared by collect and plan: ingest_inputs
 * with njobs threads into *out, then the summary, every input's counts, the
 * per-host windows and record-id gaps on stderr.  Returns EXIT_OK (*t says
 * what was read; the caller clears it), EXIT_INPUT if an operand is missing
 * or cannot be read and not keep_going (nothing is read then), or
 * EXIT_FAILURE_GENERIC when nothing could be read (*out is then NULL).
 */
struct ingest_totals;
int	cmd_read_inputs(char *const *, int, int, int, struct flows **,
	    struct ingest_totals *);

/*
 * The directory's source, shared by directory and plan: ldapsearch's
 * options (CMD_DIRECTORY_LONGOPTS, CMD_DIRECTORY_SHORTOPTS) or LDIF files.
 */
enum {
	CMD_OPT_CACERT = 256,
	CMD_OPT_PAGE_SIZE,
	CMD_OPT_TIMEOUT,
	CMD_OPT_LDIF,
	CMD_OPT_KEEP_GOING,
	CMD_OPT_EVTX_READER
};

/* --evtx-reader=native|libevtx, for collect and plan; 0 or -1 (message). */
int	cmd_evtx_reader(const char *, const char *);
#define CMD_DIRECTORY_SHORTOPTS	"b:D:H:Wy:Y:Z"
#define CMD_DIRECTORY_LONGOPTS \
	{ "uri", required_argument, NULL, 'H' }, \
	{ "base", required_argument, NULL, 'b' }, \
	{ "binddn", required_argument, NULL, 'D' }, \
	{ "password-file", required_argument, NULL, 'y' }, \
	{ "prompt", no_argument, NULL, 'W' }, \
	{ "sasl-mech", required_argument, NULL, 'Y' }, \
	{ "starttls", no_argument, NULL, 'Z' }, \
	{ "cacert", required_argument, NULL, CMD_OPT_CACERT }, \
	{ "page-size", required_argument, NULL, CMD_OPT_PAGE_SIZE }, \
	{ "timeout", required_argument, NULL, CMD_OPT_TIMEOUT }

struct cmd_directory_args {
	struct directory_ldap_options	 ldap;
	const char			*passfile;
	int				 prompt;
	char				*password;	/* owned */
	int				 ldaponly;	/* an LDAP-only option */
	const char			**ldif;		/* borrowed */
	size_t				 nldif;
};

void	cmd_directory_args_init(struct cmd_directory_args *);
/* Take option ch: 0 taken, 1 not a directory option, -1 bad value. */
int	cmd_directory_option(struct cmd_directory_args *, int, const char *);
/* Check the combination; -1 (after a message for the subtle cases). */
int	cmd_directory_check(const struct cmd_directory_args *);
/*
 * Read the bind password (-y FILE, or -W on the terminal) into
 * da->password, before any input is read; EXIT_OK or EXIT_USAGE after a
 * message naming the password file.
 */
int	cmd_directory_credentials(struct cmd_directory_args *);
/* Wipe and free the password; the struct stays usable. */
void	cmd_directory_args_clear(struct cmd_directory_args *);
/* Fetch or read the directory, summary on stderr; returns an exit code. */
int	cmd_directory_read(struct cmd_directory_args *, struct directory **);

#endif
