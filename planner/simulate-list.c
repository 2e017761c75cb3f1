/*
 * simulate-list.c: the complete exception list a level needs, from its
 * result and the list in force: the entries in force that some denied flow
 * still needs (as written, wildcards kept) and the new servers, sorted
 * case-insensitively without duplicates, so that planning again with the
 * list in force gives the same list.  Valid entries in force that matched
 * nothing the level denies are kept apart, as candidates to remove.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "exceptions.h"
#include "simulate.h"
#include "util.h"
#include "xmalloc.h"

/* Sort names and drop case-insensitive duplicates; returns the count. */
static size_t
sim_list_uniq(const char **v, size_t n)
{
	size_t	i, m = 0;

	if (n > 1)
		qsort(v, n, sizeof *v, util_strp_compare);
	for (i = 0; i < n; i++) {
		if (m == 0 || strcasecmp(v[m - 1], v[i]) != 0)
			v[m++] = v[i];
	}
	return (m);
}

void
simulate_list_build(struct sim_list *l, const struct sim_level *lv,
    const struct exceptions *ex, int both)
{
	const struct exceptions_entry	*e;
	size_t				 i, j, nex;

	memset(l, 0, sizeof *l);
	nex = ex != NULL ? exceptions_count(ex) : 0;
	l->names = xcalloc(2 * lv->nexceptions + lv->nalready + 1,
	    sizeof *l->names);
	l->unused = xcalloc(nex + 1, sizeof *l->unused);
	for (i = 0; i < lv->nalready; i++)
		if (lv->already[i].entry != NULL)
			l->names[l->nnames++] = lv->already[i].entry;
	for (i = 0; i < lv->nexceptions; i++) {
		l->names[l->nnames++] = lv->exceptions[i].name;
		if (both && lv->exceptions[i].fqdn != NULL)
			l->names[l->nnames++] = lv->exceptions[i].fqdn;
	}
	l->nnames = sim_list_uniq(l->names, l->nnames);
	for (i = 0; i < nex; i++) {
		e = exceptions_get(ex, i);
		if (e->reason != NULL)
			continue;
		for (j = 0; j < lv->nalready; j++)
			if (lv->already[j].entry != NULL &&
			    strcasecmp(lv->already[j].entry, e->name) == 0)
				break;
		if (j == lv->nalready)
			l->unused[l->nunused++] = e->name;
	}
	l->nunused = sim_list_uniq(l->unused, l->nunused);
}

void
simulate_list_clear(struct sim_list *l)
{
	free(l->names);
	free(l->unused);
	memset(l, 0, sizeof *l);
}
