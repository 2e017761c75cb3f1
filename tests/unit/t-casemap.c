/*
 * t-casemap.c: unit tests of casemap.c (the one name index), of
 * intern.c, its byte-for-byte user, and of ptrmap.c, the map by address
 * over what intern.c pools.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "casemap.h"
#include "intern.h"
#include "ptrmap.h"
#include "tap.h"

#define NAMES	5000

static char	names[NAMES][16];

static int
match_name(const void *key, uint32_t value, const void *arg)
{
	(void)arg;
	return (strcasecmp(names[value], key) == 0);
}

/* A match that never says yes: every probe must end at an empty slot. */
static int
match_none(const void *key, uint32_t value, const void *arg)
{
	(void)key;
	(void)value;
	(void)arg;
	return (0);
}

static void
test_hash(void)
{
	uint64_t	h = CASEMAP_SEED;

	ok(casemap_hash(h, "SRV1.Corp.Example") ==
	    casemap_hash(h, "srv1.corp.example"), "the hash folds case");
	ok(casemap_hash(h, "srv1") != casemap_hash(h, "srv2"),
	    "different names hash apart");
	ok(casemap_hash(h, NULL) != casemap_hash(h, ""),
	    "NULL and \"\" hash apart");
	ok(casemap_hash(casemap_hash(h, "ab"), "c") !=
	    casemap_hash(casemap_hash(h, "a"), "bc"),
	    "the end mark separates fields");
	ok(casemap_hash_len(h, "SRV1.corp", 4) ==
	    casemap_hash_len(h, "srv1", 4),
	    "casemap_hash_len reads len bytes, folded");
	ok(casemap_hash_int(h, 1) != casemap_hash_int(h, 2),
	    "integers hash apart");
	ok(casemap_hash(h, "srv1.corp.example") ==
	    casemap_hash_len(h, "srv1.corp.example", 17),
	    "casemap_hash is casemap_hash_len of the whole string");
}

/*
 * The hash reads words of eight bytes: every byte value, at every place of
 * a word and in the tail, folds as tolower() in the C locale does, and
 * only so.  Bytes that differ in bit 0x20 but are not letters ('@' and '`',
 * '[' and '{', 0xc1 and 0xe1) must hash apart.
 */
static void
test_hash_bytes(void)
{
	char		a[24], b[24];
	size_t		len, at, wrong = 0, apart = 0;
	unsigned	c;
	uint64_t	ha, hb;

	for (len = 1; len <= 17; len++) {
		for (at = 0; at < len; at++) {
			for (c = 1; c < 256; c++) {
				memset(a, 'k', len);
				a[len] = '\0';
				memcpy(b, a, sizeof a);
				a[at] = (char)c;
				b[at] = (char)(c >= 'A' && c <= 'Z' ?
				    c - 'A' + 'a' : c);
				if (casemap_hash(CASEMAP_SEED, a) !=
				    casemap_hash(CASEMAP_SEED, b))
					wrong++;
				b[at] = (char)(c ^ 0x20);
				if (b[at] == '\0')
					continue;
				ha = casemap_hash(CASEMAP_SEED, a);
				hb = casemap_hash(CASEMAP_SEED, b);
				if ((ha == hb) != ((c | 0x20) >= 'a' &&
				    (c | 0x20) <= 'z'))
					apart++;
			}
		}
	}
	ok(wrong == 0, "every byte folds as tolower() does (%zu wrong)",
	    wrong);
	ok(apart == 0, "only letters fold into each other (%zu wrong)",
	    apart);
}

/* casemap_equal: strcasecmp() == 0, and whether the bytes are the same. */
static void
test_equal(void)
{
	static const char *const pairs[][2] = {
		{ "srv1", "srv1" }, { "SRV1", "srv1" }, { "srv1", "srv2" },
		{ "srv1", "srv10" }, { "", "" }, { "", "a" }, { "@", "`" },
		{ "[", "{" }, { "\xc1", "\xe1" }, { "Z", "z" }, { "z", "Z" },
		{ "a\xff", "A\xff" }
	};
	size_t	i, wrong = 0;
	int	r;

	for (i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		r = casemap_equal(pairs[i][0], pairs[i][1]);
		if ((r != 0) != (strcasecmp(pairs[i][0], pairs[i][1]) == 0) ||
		    (r == CASEMAP_SAME) != (strcmp(pairs[i][0],
		    pairs[i][1]) == 0))
			wrong++;
	}
	ok(wrong == 0, "casemap_equal agrees with strcasecmp and strcmp "
	    "(%zu wrong)", wrong);
	ok(casemap_equal_null(NULL, NULL) == CASEMAP_SAME &&
	    casemap_equal_null(NULL, "") == 0 &&
	    casemap_equal_null("A", "a") == CASEMAP_FOLDED,
	    "casemap_equal_null: NULL equals only NULL");
}

static void
test_map(void)
{
	struct casemap	*m;
	char		 upper[16];
	size_t		 i, j, found = 0, wrong = 0;
	uint32_t	 v;

	for (i = 0; i < NAMES; i++)
		snprintf(names[i], sizeof names[i], "host%zu", i);
	m = casemap_create(0, match_name, NULL);
	ok(casemap_find(m, casemap_hash(CASEMAP_SEED, "host0"), "host0") ==
	    CASEMAP_NONE, "an empty map finds nothing");
	for (i = 0; i < NAMES; i++)
		casemap_insert(m, casemap_hash(CASEMAP_SEED, names[i]),
		    (uint32_t)i);
	is_int((long long)casemap_count(m), NAMES, "%d values after growing",
	    NAMES);
	for (i = 0; i < NAMES; i++) {
		for (j = 0; names[i][j] != '\0'; j++)
			upper[j] = names[i][j] >= 'a' && names[i][j] <= 'z' ?
			    names[i][j] - 'a' + 'A' : names[i][j];
		upper[j] = '\0';
		v = casemap_find(m, casemap_hash(CASEMAP_SEED, upper), upper);
		if (v == i)
			found++;
		else
			wrong++;
	}
	is_int((long long)found, NAMES, "every name found in upper case");
	is_int((long long)wrong, 0, "none found as another");
	ok(casemap_find(m, casemap_hash(CASEMAP_SEED, "host5000"),
	    "host5000") == CASEMAP_NONE, "an absent name is not found");
	casemap_clear(m);
	ok(casemap_count(m) == 0 && casemap_find(m, casemap_hash(CASEMAP_SEED,
	    "host1"), "host1") == CASEMAP_NONE, "cleared, nothing is found");
	casemap_free(m);
	casemap_free(NULL);

	m = casemap_create(4, match_none, NULL);
	for (i = 0; i < 100; i++)
		casemap_insert(m, 42, (uint32_t)i);	/* one chain */
	ok(casemap_find(m, 42, "x") == CASEMAP_NONE,
	    "100 colliding values: a probe ends at an empty slot");
	casemap_free(m);
}

static void
test_intern(void)
{
	struct intern	*in = intern_create();
	const char	*a, *b, *c;
	char		 buf[16];
	size_t		 i;

	a = intern_get(in, "Alice");
	b = intern_get(in, "alice");
	snprintf(buf, sizeof buf, "Alice");
	c = intern_get(in, buf);
	ok(a != b && strcmp(a, "Alice") == 0 && strcmp(b, "alice") == 0,
	    "intern keeps spellings apart (byte for byte)");
	ok(a == c && c != buf, "the same bytes give the pooled copy");
	ok(intern_get(in, NULL) == NULL, "NULL interns as NULL");
	for (i = 0; i < 1000; i++) {
		snprintf(buf, sizeof buf, "user%zu", i);
		(void)intern_get(in, buf);
	}
	is_int((long long)intern_count(in), 1002, "1002 distinct strings");
	ok(strcmp(intern_get(in, "user999"), "user999") == 0 &&
	    intern_get(in, "Alice") == a, "found again after growing");
	intern_free(in);
	intern_free(NULL);
}

#define NKEYS	1000

/* The map by address: values kept through growth, NULL a value. */
static void
test_ptrmap(void)
{
	struct ptrmap	 m;
	static char	 keys[NKEYS];
	const void	*v;
	size_t		 i;
	int		 good;

	memset(&m, 0, sizeof m);
	ok(!ptrmap_get(&m, &keys[0], &v), "an empty map has nothing");
	ptrmap_put(&m, &keys[0], NULL);
	v = &keys[1];
	ok(ptrmap_get(&m, &keys[0], &v) && v == NULL,
	    "a NULL value is a value");
	ok(ptrmap_get(&m, &keys[0], NULL), "found without asking the value");
	for (i = 0; i < NKEYS; i++)
		ptrmap_put(&m, &keys[i], &keys[NKEYS - 1 - i]);
	is_int((long long)m.count, 1000, "1000 keys, the first once");
	for (good = 1, i = 0; i < NKEYS; i++) {
		if (!ptrmap_get(&m, &keys[i], &v) ||
		    v != &keys[NKEYS - 1 - i])
			good = 0;
	}
	ok(good, "every value found after the table grew");
	ok(!ptrmap_get(&m, names, NULL), "another address is not a key");
	ptrmap_put(&m, &keys[5], names);
	ok(ptrmap_get(&m, &keys[5], &v) && v == names && m.count == 1000,
	    "put again replaces the value");
	ptrmap_clear(&m);
	ok(m.n == 0 && m.count == 0 && !ptrmap_get(&m, &keys[5], NULL),
	    "cleared: empty again");
}

int
main(void)
{
	test_hash();
	test_hash_bytes();
	test_equal();
	test_map();
	test_intern();
	test_ptrmap();
	return (done_testing());
}
