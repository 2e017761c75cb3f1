/*
 * cmd-options.h: options as rows.  A command writes each option once, as a
 * struct cmd_option; the long options for getopt_long and the setting of
 * a string, a number in range or a flag follow from the row (git's
 * parse-options, tmux's options-table).  What a row cannot say is left to
 * the command.
 */
#ifndef CMD_OPTIONS_H
#define CMD_OPTIONS_H

#include <getopt.h>
#include <stddef.h>

enum cmd_option_kind {
	CMD_OPTION_OTHER,	/* set by the command */
	CMD_OPTION_STRING,	/* const char * at field */
	CMD_OPTION_NUMBER,	/* long long at field, from min to max */
	CMD_OPTION_FLAG		/* int at field, set to 1 */
};

struct cmd_option {
	const char		*letters;	/* getopt: "f:", or "" */
	const char		*name;		/* long; NULL: help only */
	int			 has_arg;
	int			 val;
	enum cmd_option_kind	 kind;
	size_t			 field;		/* offset in the options */
	long long		 min;
	long long		 max;
};

/*
 * The long options of rows v[0..n) with a name, then extra[0..nextra),
 * then the terminator (caller frees).
 */
struct option	*cmd_options_long(const struct cmd_option *, size_t,
		     const struct option *, size_t);
/*
 * Set option ch of rows v[0..n) in the struct at base: 0, -1 after a
 * message naming the command, 1 if its row leaves it to the command.
 */
int		 cmd_options_set(const struct cmd_option *, size_t, void *,
		     const char *, int, const char *);

#endif
