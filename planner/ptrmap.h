/*
 * ptrmap.h: a map by pointer.  Strings pooled by the flows (intern.h) come
 * back as the same pointer for the same bytes, so a cache keyed by their
 * address answers for every flow of the same process, client or server
 * without hashing the bytes.  Keys are never NULL; values may be.
 */
#ifndef PTRMAP_H
#define PTRMAP_H

#include <stddef.h>

struct ptrmap_slot {
	const void	*key;		/* NULL: empty */
	const void	*val;
};

struct ptrmap {
	struct ptrmap_slot	*v;	/* owned */
	size_t			 n;	/* slots: a power of two, or 0 */
	size_t			 count;
};

/* An empty map is all zero bytes. */
/* True if key is in m; *val (if val is not NULL) gets its value. */
int	ptrmap_get(const struct ptrmap *, const void *, const void **);
/* Set key's value. */
void	ptrmap_put(struct ptrmap *, const void *, const void *);
/* Free m's slots; m is empty again. */
void	ptrmap_clear(struct ptrmap *);

#endif
