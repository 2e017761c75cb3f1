/*
 * intern.c: open-addressing hash set of strings (FNV-1a), with the bytes in
 * 64 KiB arena blocks so that a million small strings cost a million small
 * copies, not a million malloc headers.  The table is kept at most half full.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "intern.h"
#include "xmalloc.h"

#define INTERN_BLOCK	65536

struct intern_block {
	struct intern_block	*next;
	size_t			 used;
	size_t			 size;
	char			 data[];
};

struct intern {
	const char		**slots;	/* pointers into blocks */
	size_t			  nslots;	/* power of two */
	size_t			  count;
	struct intern_block	 *blocks;	/* owned */
};

static uint64_t
intern_hash(const char *s)
{
	uint64_t	h = UINT64_C(14695981039346656037);

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= UINT64_C(1099511628211);
	}
	return (h);
}

struct intern *
intern_create(void)
{
	struct intern	*in;

	in = xcalloc(1, sizeof *in);
	in->nslots = 256;
	in->slots = xcalloc(in->nslots, sizeof *in->slots);
	return (in);
}

void
intern_free(struct intern *in)
{
	struct intern_block	*b, *next;

	if (in == NULL)
		return;
	for (b = in->blocks; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(in->slots);
	free(in);
}

static char *
intern_store(struct intern *in, const char *s, size_t len)
{
	struct intern_block	*b = in->blocks;
	size_t			 size;
	char			*p;

	if (b == NULL || b->size - b->used < len + 1) {
		size = len + 1 > INTERN_BLOCK ? len + 1 : INTERN_BLOCK;
		b = xmalloc(sizeof *b + size);
		b->size = size;
		b->used = 0;
		b->next = in->blocks;
		in->blocks = b;
	}
	p = b->data + b->used;
	memcpy(p, s, len + 1);
	b->used += len + 1;
	return (p);
}

static void
intern_grow(struct intern *in)
{
	const char	**old = in->slots;
	size_t		  oldn = in->nslots, i, j, mask;

	in->nslots *= 2;
	in->slots = xcalloc(in->nslots, sizeof *in->slots);
	mask = in->nslots - 1;
	for (i = 0; i < oldn; i++) {
		if (old[i] == NULL)
			continue;
		j = intern_hash(old[i]) & mask;
		while (in->slots[j] != NULL)
			j = (j + 1) & mask;
		in->slots[j] = old[i];
	}
	free(old);
}

const char *
intern_get(struct intern *in, const char *s)
{
	size_t	 i, mask;
	char	*p;

	if (s == NULL)
		return (NULL);
	if ((in->count + 1) * 2 > in->nslots)
		intern_grow(in);
	mask = in->nslots - 1;
	i = intern_hash(s) & mask;
	while (in->slots[i] != NULL) {
		if (strcmp(in->slots[i], s) == 0)
			return (in->slots[i]);
		i = (i + 1) & mask;
	}
	p = intern_store(in, s, strlen(s));
	in->slots[i] = p;
	in->count++;
	return (p);
}

size_t
intern_count(const struct intern *in)
{
	return (in->count);
}
