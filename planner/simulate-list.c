/*
 * simulate-list.c: the complete exception list a level needs, from its
 * result and the list in force: the checked names (hostname.h) of the
 * servers an entry in force names and of the new servers, sorted
 * case-insensitively without duplicates, so that planning again with the
 * written list gives the same list.  An entry in force that matched a
 * server without naming it (a wildcard, an FQDN) proves nothing: the server
 * is on the list by name and the entry is kept apart; valid entries that
 * matched nothing the level denies are kept apart, as candidates to remove.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "exceptions.h"
#include "hostname.h"
#include "simulate.h"
#include "util.h"
#include "xmalloc.h"

static int
sim_list_host_compare(const void *a, const void *b)
{
	const char	*x = hostname_str(*(const struct hostname *const *)a);
	const char	*y = hostname_str(*(const struct hostname *const *)b);

	return (util_strp_compare(&x, &y));
}

/* Sort checked names and drop case-insensitive duplicates; the count. */
static size_t
sim_list_uniq_hosts(const struct hostname **v, size_t n)
{
	size_t	i, m = 0;

	if (n > 1)
		qsort(v, n, sizeof *v, sim_list_host_compare);
	for (i = 0; i < n; i++) {
		if (m == 0 || strcasecmp(hostname_str(v[m - 1]),
		    hostname_str(v[i])) != 0)
			v[m++] = v[i];
	}
	return (m);
}

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

/* Add server s's checked names (with its FQDN if both). */
static void
sim_list_add(struct sim_list *l, const struct sim_server *s, int both)
{
	if (s->host == NULL)
		return;
	l->names[l->nnames++] = s->host;
	if (both && s->fqdn_host != NULL)
		l->names[l->nnames++] = s->fqdn_host;
}

/* 1 if entry name is the entry or weak match of a server of v[0..n). */
static int
sim_list_uses(const char *name, const struct sim_server *v, size_t n,
    int weak)
{
	const char	*e;
	size_t		 i;

	for (i = 0; i < n; i++) {
		e = weak ? v[i].weak : v[i].entry;
		if (e != NULL && strcasecmp(e, name) == 0)
			return (1);
	}
	return (0);
}

void
simulate_list_build(struct sim_list *l, const struct sim_level *lv,
    const struct exceptions *ex, int both)
{
	const struct exceptions_entry	*e;
	size_t				 i, nex;

	memset(l, 0, sizeof *l);
	nex = ex != NULL ? exceptions_count(ex) : 0;
	l->names = xcalloc(2 * (lv->nexceptions + lv->nalready) + 1,
	    sizeof *l->names);
	l->unused = xcalloc(nex + 1, sizeof *l->unused);
	l->weak = xcalloc(nex + 1, sizeof *l->weak);
	for (i = 0; i < lv->nalready; i++)
		sim_list_add(l, &lv->already[i], both);
	for (i = 0; i < lv->nexceptions; i++)
		sim_list_add(l, &lv->exceptions[i], both);
	l->nnames = sim_list_uniq_hosts(l->names, l->nnames);
	for (i = 0; i < nex; i++) {
		e = exceptions_get(ex, i);
		if (e->reason != NULL)
			continue;
		if (sim_list_uses(e->name, lv->exceptions, lv->nexceptions,
		    1) || sim_list_uses(e->name, lv->already, lv->nalready, 1))
			l->weak[l->nweak++] = e->name;
		else if (!sim_list_uses(e->name, lv->already, lv->nalready, 0))
			l->unused[l->nunused++] = e->name;
	}
	l->nunused = sim_list_uniq(l->unused, l->nunused);
	l->nweak = sim_list_uniq(l->weak, l->nweak);
}

void
simulate_list_clear(struct sim_list *l)
{
	free(l->names);
	free(l->unused);
	free(l->weak);
	memset(l, 0, sizeof *l);
}
