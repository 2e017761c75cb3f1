/*
 * cmd-options.c: options as rows (cmd-options.h).
 */
#include "config.h"

#include <stdlib.h>

#include "cmd-options.h"
#include "log.h"
#include "util.h"
#include "xmalloc.h"

struct option *
cmd_options_long(const struct cmd_option *v, size_t n,
    const struct option *extra, size_t nextra)
{
	struct option	*o;
	size_t		 i, k = 0;

	o = xcalloc(n + nextra + 1, sizeof *o);
	for (i = 0; i < n; i++) {
		if (v[i].name == NULL)
			continue;
		o[k].name = v[i].name;
		o[k].has_arg = v[i].has_arg;
		o[k++].val = v[i].val;
	}
	for (i = 0; i < nextra; i++)
		o[k++] = extra[i];
	return (o);
}

int
cmd_options_set(const struct cmd_option *v, size_t n, void *base,
    const char *cmd, int ch, const char *arg)
{
	const struct cmd_option	*o = NULL;
	char			*p;
	long long		 num;
	size_t			 i;

	for (i = 0; i < n && o == NULL; i++)
		if (v[i].name != NULL && v[i].val == ch)
			o = &v[i];
	if (o == NULL || o->kind == CMD_OPTION_OTHER)
		return (1);
	p = (char *)base + o->field;
	if (o->kind == CMD_OPTION_STRING)
		*(const char **)(void *)p = arg;
	else if (o->kind == CMD_OPTION_FLAG)
		*(int *)(void *)p = 1;
	else if (util_strtonum(arg, o->min, o->max, &num) == 0)
		*(long long *)(void *)p = num;
	else {
		log_warnx("%s: --%s: not a number from %lld to %lld: %s", cmd,
		    o->name, o->min, o->max, arg);
		return (-1);
	}
	return (0);
}
