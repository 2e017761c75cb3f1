/*
 * evtx-chunk.c: the chunks of an EVTX file checked against their own
 * headers (see evtx-chunk.h), for both EVTX readers.
 *
 * A chunk header declares its records (last - first event record number
 * + 1) and carries CRC32s of itself and of its records area; its records
 * are walked from the end of the header while each has its signature and
 * a size that its copy at its end confirms.  Nothing here allocates.
 */
#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "evtx-chunk.h"

#define EVTX_CHUNK_RECORD_SIG	0x00002a2aU	/* "**\0\0" */
#define EVTX_CHUNK_RECORD_MIN	28	/* header 24, size copy 4 */

static uint32_t
evtx_le32(const unsigned char *p)
{
	return ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24);
}

static uint64_t
evtx_le64(const unsigned char *p)
{
	return ((uint64_t)evtx_le32(p) | (uint64_t)evtx_le32(p + 4) << 32);
}

static uint32_t		evtx_chunk_crc_table[8][256];
static pthread_once_t	evtx_chunk_crc_once = PTHREAD_ONCE_INIT;

static int	evtx_chunk_crc_clmul;

static void
evtx_crc_init(void)
{
	uint32_t	c;
	int		i, j;

#if defined(__x86_64__) && defined(__GNUC__)
	__builtin_cpu_init();
	evtx_chunk_crc_clmul = __builtin_cpu_supports("pclmul") &&
	    __builtin_cpu_supports("sse4.1") && getenv("NTLMPLAN_NO_CLMUL") ==
	    NULL;
#endif

	for (i = 0; i < 256; i++) {
		c = (uint32_t)i;
		for (j = 0; j < 8; j++)
			c = (c & 1) ? 0xedb88320U ^ (c >> 1) : c >> 1;
		evtx_chunk_crc_table[0][i] = c;
	}
	for (i = 0; i < 256; i++) {
		c = evtx_chunk_crc_table[0][i];
		for (j = 1; j < 8; j++) {
			c = evtx_chunk_crc_table[0][c & 0xff] ^ (c >> 8);
			evtx_chunk_crc_table[j][i] = c;
		}
	}
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define EVTX_HAVE_CLMUL	1

/*
 * CRC32 by carry-less multiplication (Intel's "Fast CRC Computation for
 * Generic Polynomials Using PCLMULQDQ", bit-reflected): folds 64 bytes a
 * round, then 16, then reduces 128 bits to 32 (Barrett).  len >= 64, a
 * multiple of 16; crc is the running, inverted value.
 */
__attribute__((target("pclmul,sse4.1")))
static uint32_t
evtx_crc32_clmul(uint32_t crc, const unsigned char *p, size_t len)
{
	const __m128i	k1k2 = _mm_set_epi64x(0x1c6e41596LL, 0x154442bd4LL);
	const __m128i	k3k4 = _mm_set_epi64x(0x0ccaa009eLL, 0x1751997d0LL);
	const __m128i	k5 = _mm_set_epi64x(0, 0x163cd6124LL);
	const __m128i	poly = _mm_set_epi64x(0x1f7011641LL, 0x1db710641LL);
	const __m128i	mask32 = _mm_set_epi32(0, 0, 0, -1);
	__m128i		x1, x2, x3, x4, t1, t2, t3, t4;

	x1 = _mm_loadu_si128((const __m128i *)p);
	x2 = _mm_loadu_si128((const __m128i *)(p + 16));
	x3 = _mm_loadu_si128((const __m128i *)(p + 32));
	x4 = _mm_loadu_si128((const __m128i *)(p + 48));
	x1 = _mm_xor_si128(x1, _mm_cvtsi32_si128((int)crc));
	p += 64;
	len -= 64;
	while (len >= 64) {
		/* Ahead across the page boundary, where the hardware's
		 * prefetcher stops: the records come from the page cache. */
		__builtin_prefetch(p + 2048);
		t1 = _mm_clmulepi64_si128(x1, k1k2, 0x11);
		t2 = _mm_clmulepi64_si128(x2, k1k2, 0x11);
		t3 = _mm_clmulepi64_si128(x3, k1k2, 0x11);
		t4 = _mm_clmulepi64_si128(x4, k1k2, 0x11);
		x1 = _mm_clmulepi64_si128(x1, k1k2, 0x00);
		x2 = _mm_clmulepi64_si128(x2, k1k2, 0x00);
		x3 = _mm_clmulepi64_si128(x3, k1k2, 0x00);
		x4 = _mm_clmulepi64_si128(x4, k1k2, 0x00);
		x1 = _mm_xor_si128(_mm_xor_si128(x1, t1),
		    _mm_loadu_si128((const __m128i *)p));
		x2 = _mm_xor_si128(_mm_xor_si128(x2, t2),
		    _mm_loadu_si128((const __m128i *)(p + 16)));
		x3 = _mm_xor_si128(_mm_xor_si128(x3, t3),
		    _mm_loadu_si128((const __m128i *)(p + 32)));
		x4 = _mm_xor_si128(_mm_xor_si128(x4, t4),
		    _mm_loadu_si128((const __m128i *)(p + 48)));
		p += 64;
		len -= 64;
	}
	/* Four into one. */
	t1 = _mm_clmulepi64_si128(x1, k3k4, 0x11);
	x1 = _mm_clmulepi64_si128(x1, k3k4, 0x00);
	x1 = _mm_xor_si128(_mm_xor_si128(x1, t1), x2);
	t1 = _mm_clmulepi64_si128(x1, k3k4, 0x11);
	x1 = _mm_clmulepi64_si128(x1, k3k4, 0x00);
	x1 = _mm_xor_si128(_mm_xor_si128(x1, t1), x3);
	t1 = _mm_clmulepi64_si128(x1, k3k4, 0x11);
	x1 = _mm_clmulepi64_si128(x1, k3k4, 0x00);
	x1 = _mm_xor_si128(_mm_xor_si128(x1, t1), x4);
	while (len >= 16) {
		t1 = _mm_clmulepi64_si128(x1, k3k4, 0x11);
		x1 = _mm_clmulepi64_si128(x1, k3k4, 0x00);
		x1 = _mm_xor_si128(_mm_xor_si128(x1, t1),
		    _mm_loadu_si128((const __m128i *)p));
		p += 16;
		len -= 16;
	}
	/* 128 bits to 64, then to 32. */
	t1 = _mm_clmulepi64_si128(k3k4, x1, 0x01);
	x1 = _mm_xor_si128(_mm_srli_si128(x1, 8), t1);
	t1 = _mm_and_si128(x1, mask32);
	t1 = _mm_clmulepi64_si128(t1, k5, 0x00);
	x1 = _mm_xor_si128(_mm_srli_si128(x1, 4), t1);
	t1 = _mm_and_si128(x1, mask32);
	t1 = _mm_clmulepi64_si128(t1, poly, 0x10);
	t1 = _mm_and_si128(t1, mask32);
	t1 = _mm_clmulepi64_si128(t1, poly, 0x00);
	x1 = _mm_xor_si128(x1, t1);
	return ((uint32_t)_mm_extract_epi32(x1, 1));
}
#endif

uint32_t
evtx_chunk_crc32(uint32_t crc, const void *data, size_t len)
{
	const unsigned char	 *p = data;
	uint32_t		(*t)[256] = evtx_chunk_crc_table;
	uint32_t		  a, b;
	size_t			  n;

	pthread_once(&evtx_chunk_crc_once, evtx_crc_init);
	crc = ~crc;
#ifdef EVTX_HAVE_CLMUL
	if (len >= 64 && evtx_chunk_crc_clmul) {
		n = len & ~(size_t)15;
		crc = evtx_crc32_clmul(crc, p, n);
		p += n;
		len -= n;
	}
#else
	(void)n;
#endif
	while (len >= 8) {		/* slicing by 8 */
		a = evtx_le32(p) ^ crc;
		b = evtx_le32(p + 4);
		crc = t[7][a & 0xff] ^ t[6][(a >> 8) & 0xff] ^
		    t[5][(a >> 16) & 0xff] ^ t[4][a >> 24] ^
		    t[3][b & 0xff] ^ t[2][(b >> 8) & 0xff] ^
		    t[1][(b >> 16) & 0xff] ^ t[0][b >> 24];
		p += 8;
		len -= 8;
	}
	while (len-- > 0)
		crc = t[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return (~crc);
}

static int
evtx_all_zero(const unsigned char *p, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++) {
		if (p[i] != 0)
			return (0);
	}
	return (1);
}

/* Follow the records from the end of the header to end; count them. */
static void
evtx_chunk_walk(const unsigned char *p, size_t end,
    struct evtx_chunk *c)
{
	size_t		off = EVTX_CHUNK_HEADER;
	uint32_t	size;
	uint64_t	id;

	while (off + EVTX_CHUNK_RECORD_MIN <= end) {
		size = evtx_le32(p + off + 4);
		if (evtx_le32(p + off) != EVTX_CHUNK_RECORD_SIG ||
		    size < EVTX_CHUNK_RECORD_MIN || size > end - off ||
		    evtx_le32(p + off + size - 4) != size)
			break;
		id = evtx_le64(p + off + 8);
		if (c->walked == 0 || id < c->walked_first_id)
			c->walked_first_id = id;
		if (c->walked == 0 || id > c->walked_last_id)
			c->walked_last_id = id;
		c->walked++;
		off += size;
	}
}

int
evtx_chunk_parse(const unsigned char *p, size_t len,
    struct evtx_chunk *c)
{
	uint32_t	crc;
	size_t		end;

	memset(c, 0, sizeof *c);
	if (len > EVTX_CHUNK_SIZE)
		len = EVTX_CHUNK_SIZE;
	if (len < EVTX_CHUNK_HEADER) {
		c->status = evtx_all_zero(p, len) ? EVTX_CHUNK_EMPTY :
		    EVTX_CHUNK_HEADER_CRC;
		return (c->status);
	}
	if (memcmp(p, "ElfChnk", 8) != 0) {
		if (evtx_all_zero(p, EVTX_CHUNK_HEADER))
			c->status = EVTX_CHUNK_EMPTY;
		else {
			c->status = EVTX_CHUNK_SIGNATURE;
			evtx_chunk_walk(p, len, c);
		}
		return (c->status);
	}
	c->first_number = evtx_le64(p + 8);
	c->last_number = evtx_le64(p + 16);
	c->first_id = evtx_le64(p + 24);
	c->last_id = evtx_le64(p + 32);
	c->free_offset = evtx_le32(p + 48);

	crc = evtx_chunk_crc32(0, p, 120);
	crc = evtx_chunk_crc32(crc, p + 128, EVTX_CHUNK_HEADER - 128);
	if (crc != evtx_le32(p + 124)) {
		c->status = EVTX_CHUNK_HEADER_CRC;
		evtx_chunk_walk(p, len, c);
		return (c->status);
	}
	if (c->last_number >= c->first_number && c->last_number -
	    c->first_number >= EVTX_CHUNK_MAX_RECORDS) {
		/* Record numbers a chunk cannot hold: not believed. */
		c->status = EVTX_CHUNK_NUMBERS;
		evtx_chunk_walk(p, len, c);
		return (c->status);
	}
	end = c->free_offset;
	if (end < EVTX_CHUNK_HEADER || end > EVTX_CHUNK_SIZE) {
		/* A free space offset out of the chunk: the records are not
		 * where the header says. */
		c->status = EVTX_CHUNK_RECORDS_CRC;
		evtx_chunk_walk(p, len, c);
		return (c->status);
	}
	/* The checksum first: it reads the records in order, at the speed
	 * of memory, and leaves them in the cache for the walk. */
	if (end <= len && evtx_chunk_crc32(0, p + EVTX_CHUNK_HEADER,
	    end - EVTX_CHUNK_HEADER) != evtx_le32(p + 52))
		c->status = EVTX_CHUNK_RECORDS_CRC;
	else
		c->status = EVTX_CHUNK_OK;
	evtx_chunk_walk(p, end < len ? end : len, c);
	return (c->status);
}

uint64_t
evtx_chunk_declared(const struct evtx_chunk *c)
{
	if (c->status != EVTX_CHUNK_OK &&
	    c->status != EVTX_CHUNK_RECORDS_CRC)
		return (0);
	if (c->last_number < c->first_number)
		return (0);
	return (c->last_number - c->first_number + 1);
}

/* True if the header of chunk c can be believed. */
int
evtx_chunk_trusted(const struct evtx_chunk *c)
{
	return (c->status == EVTX_CHUNK_OK ||
	    c->status == EVTX_CHUNK_RECORDS_CRC);
}

/* Records chunk c should give: as declared, or as found if untrusted. */
uint64_t
evtx_chunk_expected(const struct evtx_chunk *c)
{
	if (evtx_chunk_trusted(c))
		return (evtx_chunk_declared(c));
	return (c->walked);
}
