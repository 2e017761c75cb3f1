/*
 * casemap.h: the hash map behind every name index (flows, interned
 * strings, the directory's computers, the simulation's names).
 *
 * Keys are names that compare ASCII case-insensitively: the hash folds
 * every ASCII letter to lower case, a word of eight bytes at a time, so
 * that names equal but for case hash equal; a map whose keys compare exactly (a process name, an interned
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
#include <string.h>

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
/* The entries of two maps trade places; each keeps its match and arg. */
void		 casemap_swap(struct casemap *, struct casemap *);
size_t		 casemap_count(const struct casemap *);

/*
 * casemap_hash(h, s): h extended by s folded to lower case and its
 * length; NULL hashes apart.  casemap_hash_len(h, s, len): by len bytes of
 * s, the same as casemap_hash of those bytes as a string.
 * casemap_hash_int(h, v): by an integer.
 */
/*
 * The hash reads eight bytes a word: each word folded to lower case
 * (ASCII only, as strcasecmp in the C locale), multiplied and rotated, so
 * that the low bits the slots are chosen by depend on every byte.  Inline:
 * the readers hash every record's names.
 */
#define CASEMAP_K	UINT64_C(0x9e3779b97f4a7c15)
#define CASEMAP_ONES	UINT64_C(0x0101010101010101)

static inline uint64_t
casemap_mix(uint64_t h, uint64_t w)
{
	h = (h ^ w) * CASEMAP_K;
	return (h << 32 | h >> 32);
}

/* Every byte of w in 'A'..'Z' to lower case, the others as they are. */
static inline uint64_t
casemap_fold8(uint64_t w)
{
	uint64_t	low = w & (CASEMAP_ONES * 0x7f);
	uint64_t	ge_a = low + CASEMAP_ONES * (0x80 - 'A');
	uint64_t	gt_z = low + CASEMAP_ONES * (0x80 - 'Z' - 1);

	return (w | ((ge_a & ~gt_z & ~w & CASEMAP_ONES * 0x80) >> 2));
}

/* The n < 8 bytes at p, as a word whose other bytes are 0. */
static inline uint64_t
casemap_tail(const unsigned char *p, size_t n)
{
	uint64_t	w = 0;
	uint32_t	w4;
	uint16_t	w2;
	unsigned	shift = 0;

	if (n & 4) {
		memcpy(&w4, p, 4);
		w = w4;
		p += 4;
		shift = 32;
	}
	if (n & 2) {
		memcpy(&w2, p, 2);
		w |= (uint64_t)w2 << shift;
		p += 2;
		shift += 16;
	}
	if (n & 1)
		w |= (uint64_t)*p << shift;
	return (w);
}

static inline uint64_t
casemap_hash_len(uint64_t h, const char *s, size_t len)
{
	uint64_t	w;
	size_t		i;

	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		h = casemap_mix(h, casemap_fold8(w));
	}
	if (i < len) {
		/* The tail in loads of a constant size: no call, no stall. */
		w = casemap_tail((const unsigned char *)s + i, len - i);
		h = casemap_mix(h, casemap_fold8(w));
	}
	return (casemap_mix(h, (uint64_t)len));
}

static inline uint64_t
casemap_hash(uint64_t h, const char *s)
{
	if (s == NULL)
		return (casemap_mix(h, UINT64_MAX));
	return (casemap_hash_len(h, s, strlen(s)));
}

static inline uint64_t
casemap_hash_int(uint64_t h, long long v)
{
	return (casemap_mix(h, (uint64_t)v));
}

/*
 * Whether a and b are equal but for ASCII case, as strcasecmp() == 0 in
 * the C locale: 0 if not, CASEMAP_SAME if byte for byte, CASEMAP_FOLDED if
 * only folded.  Inline: the hot paths compare short names millions of
 * times, where a call costs more than the bytes.
 */
#define CASEMAP_SAME	1
#define CASEMAP_FOLDED	2

static inline int
casemap_equal(const char *a, const char *b)
{
	int		r = CASEMAP_SAME;
	unsigned char	x, y;

	if (a == b)
		return (CASEMAP_SAME);
	for (;; a++, b++) {
		x = (unsigned char)*a;
		y = (unsigned char)*b;
		if (x == y) {
			if (x == '\0')
				return (r);
			continue;
		}
		if ((x | 0x20) != (y | 0x20) || (x | 0x20) < 'a' ||
		    (x | 0x20) > 'z')
			return (0);
		r = CASEMAP_FOLDED;
	}
}

/* casemap_equal of two strings either of which may be NULL (equal if both). */
static inline int
casemap_equal_null(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a == b ? CASEMAP_SAME : 0);
	return (casemap_equal(a, b));
}

/* The value whose key matches key, or CASEMAP_NONE. */
uint32_t	 casemap_find(const struct casemap *, uint64_t, const void *);
/* Add value under hash; its key must not be in the map yet. */
void		 casemap_insert(struct casemap *, uint64_t, uint32_t);
/*
 * Start loading the slot where a lookup of hash begins, for a caller that
 * knows the hashes of its next keys ahead: in a large map the load misses
 * the cache, and it can run meanwhile.
 */
void		 casemap_prefetch(const struct casemap *, uint64_t);

#endif
