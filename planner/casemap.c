/*
 * casemap.c: open addressing with linear probing over a power-of-two array
 * of {hash, value} slots; an empty slot holds CASEMAP_NONE.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "casemap.h"
#include "hugepage.h"
#include "xmalloc.h"


struct casemap_slot {
	uint32_t	hash;	/* low bits of the value's hash */
	uint32_t	value;
};

struct casemap {
	struct casemap_slot	*slots;		/* owned */
	size_t			 nslots;	/* power of two */
	size_t			 count;
	casemap_match_fn	*match;
	const void		*arg;		/* borrowed */
};

static struct casemap_slot *
casemap_slots(size_t n)
{
	struct casemap_slot	*s;
	size_t			 i;

	if (n > SIZE_MAX / sizeof *s)
		fatalx("casemap: %zu slots", n);
	s = hugepage_alloc(n * sizeof *s);
	for (i = 0; i < n; i++)
		s[i].value = CASEMAP_NONE;
	return (s);
}

struct casemap *
casemap_create(size_t hint, casemap_match_fn *match, const void *arg)
{
	struct casemap	*m;

	m = xcalloc(1, sizeof *m);
	m->nslots = 16;
	while (m->nslots / 2 < hint)
		m->nslots *= 2;
	m->slots = casemap_slots(m->nslots);
	m->match = match;
	m->arg = arg;
	return (m);
}

void
casemap_free(struct casemap *m)
{
	if (m == NULL)
		return;
	free(m->slots);
	free(m);
}

void
casemap_swap(struct casemap *a, struct casemap *b)
{
	struct casemap	t = *a;

	a->slots = b->slots;
	a->nslots = b->nslots;
	a->count = b->count;
	b->slots = t.slots;
	b->nslots = t.nslots;
	b->count = t.count;
}

void
casemap_clear(struct casemap *m)
{
	size_t	i;

	for (i = 0; i < m->nslots; i++)
		m->slots[i].value = CASEMAP_NONE;
	m->count = 0;
}

size_t
casemap_count(const struct casemap *m)
{
	return (m->count);
}

uint32_t
casemap_find(const struct casemap *m, uint64_t hash, const void *key)
{
	const struct casemap_slot	*s;
	size_t				 i, mask = m->nslots - 1;

	for (i = (uint32_t)hash & mask;; i = (i + 1) & mask) {
		s = &m->slots[i];
		if (s->value == CASEMAP_NONE)
			return (CASEMAP_NONE);
		if (s->hash == (uint32_t)hash &&
		    m->match(key, s->value, m->arg))
			return (s->value);
	}
}

static void
casemap_put(struct casemap_slot *slots, size_t mask, uint32_t hash,
    uint32_t value)
{
	size_t	i;

	for (i = hash & mask; slots[i].value != CASEMAP_NONE;
	    i = (i + 1) & mask)
		;
	slots[i].hash = hash;
	slots[i].value = value;
}

void
casemap_insert(struct casemap *m, uint64_t hash, uint32_t value)
{
	struct casemap_slot	*old = m->slots;
	size_t			 i, n = m->nslots;

	if ((m->count + 1) * 2 > m->nslots) {
		m->nslots *= 2;
		m->slots = casemap_slots(m->nslots);
		for (i = 0; i < n; i++)
			if (old[i].value != CASEMAP_NONE)
				casemap_put(m->slots, m->nslots - 1,
				    old[i].hash, old[i].value);
		free(old);
	}
	casemap_put(m->slots, m->nslots - 1, (uint32_t)hash, value);
	m->count++;
}

void
casemap_prefetch(const struct casemap *m, uint64_t hash)
{
	__builtin_prefetch(&m->slots[(uint32_t)hash & (m->nslots - 1)]);
}
