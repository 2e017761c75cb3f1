/*
 * intern.c: a set of strings, found through a casemap (compared byte for
 * byte), with the bytes in 64 KiB arena blocks so that a million small
 * strings cost a million small copies, not a million malloc headers.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "casemap.h"
#include "hugepage.h"
#include "intern.h"
#include "xmalloc.h"

#define INTERN_BLOCK	65536
#define INTERN_SMALL	(HUGEPAGE_SIZE / INTERN_BLOCK)

struct intern_block {
	struct intern_block	*next;
	size_t			 used;
	size_t			 size;
	char			 data[];
};

struct intern {
	struct casemap		 *index;	/* owned: string -> strs */
	const char		**strs;		/* owned array, into blocks */
	size_t			  count;
	size_t			  astrs;	/* allocated */
	struct intern_block	 *blocks;	/* owned */
	size_t			  nblocks;
};

/* casemap_match_fn: the pooled string value is key, byte for byte. */
static int
intern_match(const void *key, uint32_t value, const void *arg)
{
	const struct intern	*in = arg;

	return (strcmp(in->strs[value], key) == 0);
}

struct intern *
intern_create(void)
{
	struct intern	*in;

	in = xcalloc(1, sizeof *in);
	in->index = casemap_create(128, intern_match, in);
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
	casemap_free(in->index);
	free(in->strs);
	free(in);
}

static char *
intern_store(struct intern *in, const char *s, size_t len)
{
	struct intern_block	*b = in->blocks;
	size_t			 size;
	char			*p;

	if (b == NULL || b->size - b->used < len + 1) {
		/* Past a huge page of small blocks, huge pages. */
		size = in->nblocks < INTERN_SMALL ? INTERN_BLOCK :
		    HUGEPAGE_SIZE - sizeof *b;
		if (len + 1 > size)
			size = len + 1;
		b = hugepage_alloc(sizeof *b + size);
		in->nblocks++;
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

const char *
intern_get(struct intern *in, const char *s)
{
	uint64_t	 h;
	uint32_t	 i;
	char		*p;

	if (s == NULL)
		return (NULL);
	if (in->index == NULL)
		fatalx("intern: a string added to a frozen pool");
	h = casemap_hash(CASEMAP_SEED, s);
	if ((i = casemap_find(in->index, h, s)) != CASEMAP_NONE)
		return (in->strs[i]);
	if (in->count >= UINT32_MAX - 1)
		fatalx("too many interned strings");
	if (in->count == in->astrs) {
		in->strs = xgrow(in->strs, in->count, &in->astrs,
		    sizeof *in->strs);
	}
	p = intern_store(in, s, strlen(s));
	in->strs[in->count] = p;
	casemap_insert(in->index, h, (uint32_t)in->count++);
	return (p);
}

void
intern_freeze(struct intern *in)
{
	casemap_free(in->index);
	in->index = NULL;
	free(in->strs);
	in->strs = NULL;
	in->astrs = 0;
}

size_t
intern_count(const struct intern *in)
{
	return (in->count);
}
