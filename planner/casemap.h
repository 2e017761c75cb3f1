/*
 * casemap.h: the hash map behind every name index (flows, interned
 * strings, the directory's computers, the simulation's names).
 *
 * Keys are names that compare ASCII case-insensitively: the hash folds
 * every byte to lower case (FNV-1a), so that names equal but for case hash
 * equal; a map whose keys compare exactly (a process name, an interned
 * string) still hashes them folded.  The map holds uint32_t values, an
 * index into the caller's array as a rule, never CASEMAP_NONE; the caller
 * hashes a key with casemap_hash*, and the map asks the caller's match
 * function whether the key of a value is the key looked for.  Every slot
 * keeps its value's hash, so that growing never asks for the keys again.
 * The map owns its slots, not the keys.  Kept at most half full; not
 * thread-safe.
 */
#ifndef CASEMAP_H
#define CASEMAP_H

#include <stddef.h>
#include <stdint.h>

#define CASEMAP_NONE	UINT32_MAX			/* no value */
#define CASEMAP_SEED	UINT64_C(14695981039346656037)	/* empty hash */

/* Whether value's key is key (arg as given to casemap_create). */
typedef int	casemap_match_fn(const void *key, uint32_t value,
		    const void *arg);

struct casemap;

/* A map for about hint values. */
struct casemap	*casemap_create(size_t hint, casemap_match_fn *,
		    const void *);
void		 casemap_free(struct casemap *);
/* Remove every value; the size stays. */
void		 casemap_clear(struct casemap *);
size_t		 casemap_count(const struct casemap *);

/* h extended by s folded to lower case and an end mark; NULL hashes apart. */
uint64_t	 casemap_hash(uint64_t, const char *);
/* h extended by len bytes of s folded to lower case, no end mark. */
uint64_t	 casemap_hash_len(uint64_t, const char *, size_t);
/* h extended by an integer. */
uint64_t	 casemap_hash_int(uint64_t, long long);

/* The value whose key matches key, or CASEMAP_NONE. */
uint32_t	 casemap_find(const struct casemap *, uint64_t, const void *);
/* Add value under hash; its key must not be in the map yet. */
void		 casemap_insert(struct casemap *, uint64_t, uint32_t);

#endif
