/*
 * report-text-list.c: the comment lines atop exceptions.txt, the words that
 * go with the proposed list: the level, the data it was computed from, and
 * why the list is not to be enforced yet or names what it names.
 */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>

#include "hostname.h"
#include "plan.h"
#include "policy.h"
#include "report-text-list.h"
#include "simulate.h"
#include "util.h"
#include "xmalloc.h"

#define LIST_COMMENTS	(16 + 200)	/* lines atop exceptions.txt */

struct list_comments {
	char	**v;			/* owned */
	size_t	  n;
};

static void
list_comment(struct list_comments *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
list_comment(struct list_comments *c, const char *fmt, ...)
{
	va_list	ap;

	if (c->n == LIST_COMMENTS)
		return;
	va_start(ap, fmt);
	xvasprintf(&c->v[c->n++], fmt, ap);
	va_end(ap);
}

char **
report_text_list_comments(const struct plan *p, size_t *n)
{
	struct list_comments	 c;
	const struct policy	*pol = p->policy;
	const struct sim_level	*lv = p->lv;
	const struct sim_result	*r = p->r;
	char			 b1[UTIL_TIME_LEN], b2[UTIL_TIME_LEN];
	char			 b3[UTIL_TIME_LEN], *from;
	size_t			 i, nf = p->in.nflows, ne = p->in.nevents;

	if (ne == 0)
		xasprintf(&from, "%zu flow file%s", nf, nf == 1 ? "" : "s");
	else if (nf == 0)
		xasprintf(&from, "%zu input%s", ne, ne == 1 ? "" : "s");
	else
		xasprintf(&from, "%zu flow file%s and %zu input%s", nf,
		    nf == 1 ? "" : "s", ne, ne == 1 ? "" : "s");
	c.v = xcalloc(LIST_COMMENTS + 1, sizeof *c.v);
	c.n = 0;
	list_comment(&c, "ntlmplan plan: proposed server exception list");
	list_comment(&c, "level: %s (%s = %ld)", pol->name, pol->option,
	    pol->value);
	list_comment(&c, "setting: %s", pol->exceptions_setting != NULL ?
	    pol->exceptions_setting : pol->setting);
	list_comment(&c, "data: %s .. %s, %" PRIu64 " events in %s",
	    util_time_format(r->first_seen, b1),
	    util_time_format(r->last_seen, b2), r->input.events, from);
	list_comment(&c, "generated: %s", util_time_format(p->in.generated,
	    b3));
	list_comment(&c, "the complete list for this level: %zu server%s "
	    "covered by entries in force, %zu new", lv->nalready,
	    lv->nalready == 1 ? "" : "s", lv->nexceptions);
	if (pol->exceptions_key == NULL)
		list_comment(&c, "this setting has no exception list: leave "
		    "these servers out of its scope");
	if (!lv->ready)
		list_comment(&c, "NOT READY: %zu blocker%s (see report.md); do "
		    "not enforce this list yet", lv->nblockers,
		    lv->nblockers == 1 ? "" : "s");
	if (p->nunused > 0)
		list_comment(&c, "entries in force that matched no flow this "
		    "level denies, candidates to remove:");
	for (i = 0; i < p->nunused; i++)
		list_comment(&c, "  unused: %s", p->unused[i]);
	if (p->list.nweak > 0)
		list_comment(&c, "entries in force that matched servers "
		    "without naming them (wildcard or FQDN) prove nothing: "
		    "those servers are listed by name");
	for (i = 0; i < p->list.nweak; i++)
		list_comment(&c, "  not proof: %s", p->list.weak[i]);
	for (i = 0; i < lv->nrefused; i++)
		list_comment(&c, "not listed, still denied: %s: name refused "
		    "(%s)", lv->refused[i].name,
		    hostname_refusal_code(lv->refused[i].refused));
	for (i = 0; i < lv->nexceptions; i++)
		if (lv->exceptions[i].proven)
			list_comment(&c, "%s: not in the directory, a domain "
			    "member by its own events",
			    lv->exceptions[i].name);
	free(from);
	*n = c.n;
	return (c.v);
}
