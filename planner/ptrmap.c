/*
 * ptrmap.c: open addressing by a Fibonacci hash of the address, linear
 * probing, the table doubled when half full.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ptrmap.h"
#include "xmalloc.h"

static size_t
ptrmap_slot(const struct ptrmap *m, const void *key)
{
	uint64_t	h = (uint64_t)(uintptr_t)key *
			    UINT64_C(0x9e3779b97f4a7c15);
	size_t		i;

	for (i = (size_t)(h >> 32) & (m->n - 1); m->v[i].key != NULL &&
	    m->v[i].key != key; i = (i + 1) & (m->n - 1))
		;
	return (i);
}

int
ptrmap_get(const struct ptrmap *m, const void *key, const void **val)
{
	size_t	i;

	if (m->n == 0)
		return (0);
	i = ptrmap_slot(m, key);
	if (m->v[i].key == NULL)
		return (0);
	if (val != NULL)
		*val = m->v[i].val;
	return (1);
}

void
ptrmap_put(struct ptrmap *m, const void *key, const void *val)
{
	struct ptrmap_slot	*old = m->v;
	size_t			 i, n = m->n;

	if ((m->count + 1) * 2 > m->n) {
		m->n = n == 0 ? 64 : n * 2;
		m->v = xcalloc(m->n, sizeof *m->v);
		for (i = 0; i < n; i++) {
			if (old[i].key != NULL)
				m->v[ptrmap_slot(m, old[i].key)] = old[i];
		}
		free(old);
	}
	i = ptrmap_slot(m, key);
	if (m->v[i].key == NULL)
		m->count++;
	m->v[i].key = key;
	m->v[i].val = val;
}

void
ptrmap_clear(struct ptrmap *m)
{
	free(m->v);
	memset(m, 0, sizeof *m);
}
