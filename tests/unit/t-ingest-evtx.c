/*
 * t-ingest-evtx.c: unit tests of ingest-evtx.c: CRC32, chunk header
 * parsing and record walking on the writer-made fixtures and on hand-made
 * damage, and the counts ingest_evtx_read gives for whole files.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evtx-chunk.h"
#include "flows.h"
#include "ingest-evtx.h"
#include "tap.h"

/* Read chunk i of testdata file name into buf; returns the bytes read. */
static size_t
read_chunk(const char *name, int i, unsigned char *buf)
{
	FILE	*f;
	size_t	 n = 0;

	if ((f = fopen(testdata(name), "rb")) == NULL) {
		diag("%s: cannot open", testdata(name));
		return (0);
	}
	if (fseek(f, INGEST_EVTX_FILE_HEADER + (long)i *
	    EVTX_CHUNK_SIZE, SEEK_SET) == 0)
		n = fread(buf, 1, EVTX_CHUNK_SIZE, f);
	fclose(f);
	return (n);
}

static void
test_crc32(void)
{
	static const char	 check[] = "123456789";
	unsigned char		 big[1000];
	uint32_t		 crc;
	size_t			 i;

	is_int(evtx_chunk_crc32(0, check, 9), 0xcbf43926,
	    "CRC32 check value of 123456789");
	is_int(evtx_chunk_crc32(0, "", 0), 0, "CRC32 of nothing");
	for (i = 0; i < sizeof big; i++)
		big[i] = (unsigned char)(i * 7 + 3);
	crc = evtx_chunk_crc32(0, big, 333);
	crc = evtx_chunk_crc32(crc, big + 333, sizeof big - 333);
	is_int(crc, evtx_chunk_crc32(0, big, sizeof big),
	    "CRC32 continues across calls (slices and tail)");
}

static void
put_le32(unsigned char *p, uint32_t v)
{
	int	i;

	for (i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void
put_le64(unsigned char *p, uint64_t v)
{
	int	i;

	for (i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

/* The CRC32 of a chunk header: bytes 0..119 and 128..511. */
static uint32_t
chunk_header_crc(const unsigned char *p)
{
	return (evtx_chunk_crc32(evtx_chunk_crc32(0, p, 120), p + 128,
	    EVTX_CHUNK_HEADER - 128));
}

static void
test_chunks(void)
{
	struct evtx_chunk	 c;
	unsigned char			*buf;
	size_t				 n;

	buf = calloc(1, EVTX_CHUNK_SIZE);
	if (buf == NULL)
		abort();

	n = read_chunk("evtx/three-chunks.evtx", 1, buf);
	is_int(n, EVTX_CHUNK_SIZE, "chunk 1 read");
	is_int(evtx_chunk_parse(buf, n, &c), EVTX_CHUNK_OK,
	    "good chunk: OK");
	is_int(c.first_number, 11, "good chunk: first record number");
	is_int(c.last_number, 20, "good chunk: last record number");
	is_int(c.first_id, 11, "good chunk: first record id");
	is_int(c.last_id, 20, "good chunk: last record id");
	is_int(evtx_chunk_declared(&c), 10, "good chunk: declares 10");
	is_int(c.walked, 10, "good chunk: 10 records walked");
	is_int(c.walked_first_id, 11, "good chunk: walk starts at id 11");
	is_int(c.walked_last_id, 20, "good chunk: walk ends at id 20");

	/* Damage by hand what the writer damaged for the fixtures. */
	buf[124] ^= 0x01;
	is_int(evtx_chunk_parse(buf, n, &c),
	    EVTX_CHUNK_HEADER_CRC, "flipped header CRC: HEADER_CRC");
	is_int(evtx_chunk_declared(&c), 0,
	    "header CRC mismatch: declares nothing");
	is_int(c.walked, 10, "header CRC mismatch: records still walked");
	buf[124] ^= 0x01;
	buf[40] ^= 0x01;	/* a header byte under the CRC */
	is_int(evtx_chunk_parse(buf, n, &c),
	    EVTX_CHUNK_HEADER_CRC, "changed header byte: HEADER_CRC");
	buf[40] ^= 0x01;
	buf[600] ^= 0x01;	/* inside the first record */
	is_int(evtx_chunk_parse(buf, n, &c),
	    EVTX_CHUNK_RECORDS_CRC, "changed record byte: RECORDS_CRC");
	is_int(evtx_chunk_declared(&c), 10,
	    "records CRC mismatch: header still declares 10");
	buf[600] ^= 0x01;
	buf[0] = 'X';
	is_int(evtx_chunk_parse(buf, n, &c),
	    EVTX_CHUNK_SIGNATURE, "no signature: SIGNATURE");
	is_int(c.walked, 10, "no signature: records walked");
	buf[0] = 'E';
	is_int(evtx_chunk_parse(buf, 3000, &c), EVTX_CHUNK_OK,
	    "truncated chunk: header still good");
	ok(c.walked > 0 && c.walked < 10,
	    "truncated chunk: only complete records walked (%d)",
	    (int)c.walked);
	is_int(evtx_chunk_parse(buf, 100, &c),
	    EVTX_CHUNK_HEADER_CRC, "chunk shorter than its header");

	/*
	 * Record numbers no chunk can hold (a CRC-correct header saying
	 * 2^63 records): not believed, the records walked instead.
	 */
	put_le64(buf + 16, UINT64_C(0x7fffffffffffffff));
	put_le32(buf + 124, chunk_header_crc(buf));
	is_int(evtx_chunk_parse(buf, n, &c), EVTX_CHUNK_NUMBERS,
	    "2^63 records declared: NUMBERS");
	is_int(evtx_chunk_declared(&c), 0,
	    "2^63 records declared: declares nothing");
	is_int(c.walked, 10, "2^63 records declared: 10 records walked");
	put_le64(buf + 16, 11 + EVTX_CHUNK_MAX_RECORDS - 1);
	put_le32(buf + 124, chunk_header_crc(buf));
	is_int(evtx_chunk_parse(buf, n, &c),
	    EVTX_CHUNK_OK, "as many as fit: believed");
	put_le64(buf + 16, 11 + EVTX_CHUNK_MAX_RECORDS);
	put_le32(buf + 124, chunk_header_crc(buf));
	is_int(evtx_chunk_parse(buf, n, &c), EVTX_CHUNK_NUMBERS,
	    "one more than fit: NUMBERS");

	memset(buf, 0, EVTX_CHUNK_SIZE);
	is_int(evtx_chunk_parse(buf, EVTX_CHUNK_SIZE, &c),
	    EVTX_CHUNK_EMPTY, "all-zero chunk: EMPTY");

	n = read_chunk("evtx/bad-signature.evtx", 1, buf);
	is_int(evtx_chunk_parse(buf, n, &c),
	    EVTX_CHUNK_SIGNATURE, "bad-signature.evtx chunk 1");
	n = read_chunk("evtx/bad-header-crc.evtx", 1, buf);
	is_int(evtx_chunk_parse(buf, n, &c),
	    EVTX_CHUNK_HEADER_CRC, "bad-header-crc.evtx chunk 1");
	n = read_chunk("evtx/bad-records-crc.evtx", 1, buf);
	is_int(evtx_chunk_parse(buf, n, &c),
	    EVTX_CHUNK_RECORDS_CRC, "bad-records-crc.evtx chunk 1");
	n = read_chunk("evtx/chunk-end.evtx", 0, buf);
	is_int(evtx_chunk_parse(buf, n, &c), EVTX_CHUNK_OK,
	    "chunk-end.evtx chunk 0: OK");
	is_int(c.free_offset, EVTX_CHUNK_SIZE,
	    "chunk-end.evtx chunk 0: full to the last byte");
	is_int(c.walked, 2, "chunk-end.evtx chunk 0: 2 records walked");
	free(buf);
}

static void
test_read(void)
{
	static const struct {
		const char	*name;
		int		 problems;
		uint64_t	 records, used, skipped, unreadable;
	} cases[] = {
		{ "evtx/all-types.evtx", 0, 18, 14, 4, 0 },
		{ "evtx/three-chunks.evtx", 0, 30, 30, 0, 0 },
		{ "evtx/chunk-end.evtx", 1, 3, 2, 0, 1 },
		{ "evtx/bad-signature.evtx", 1, 30, 30, 0, 0 },
		{ "evtx/truncated.evtx", 2, 30, 20, 0, 10 },
		{ "evtx/bad-strings.evtx", 3, 4, 1, 0, 3 },
		{ "evtx/bad-xml.evtx", 1, 4, 3, 0, 1 },
		{ "evtx/header-chunks.evtx", 0, 30, 30, 0, 0 },
		{ "evtx/header-more.evtx", 1, 30, 30, 0, 0 },
		{ "evtx/bad-times.evtx", 2, 3, 1, 0, 2 },
		/* the records after the broken one counted once, not twice */
		{ "evtx/bad-record-size.evtx", 1, 30, 29, 0, 1 },
		{ "evtx/cut-chunk.evtx", 1, 20, 20, 0, 0 },
		{ "samples/dc-8004-recovered.evtx", 0, 137, 0, 2, 135 },
	};
	struct flows	*fl;
	struct source	*src;
	size_t		 i;
	int		 rc;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		fl = flows_create();
		src = flows_add_source(fl, cases[i].name);
		rc = ingest_evtx_read(fl, src, testdata(cases[i].name));
		is_int(rc, cases[i].problems, "%s: problems", cases[i].name);
		is_int(src->records, cases[i].records, "%s: records",
		    cases[i].name);
		is_int(src->used, cases[i].used, "%s: used", cases[i].name);
		is_int(src->skipped, cases[i].skipped, "%s: skipped",
		    cases[i].name);
		is_int(src->unreadable, cases[i].unreadable, "%s: unreadable",
		    cases[i].name);
		flows_free(fl);
	}
	fl = flows_create();
	src = flows_add_source(fl, "missing");
	is_int(ingest_evtx_read(fl, src, testdata("evtx/no-such.evtx")), -1,
	    "a missing file: -1");
	flows_free(fl);
}

int
main(void)
{
	test_crc32();
	test_chunks();
	/* The counts of the libevtx path; t-evtx-native has the native's. */
	ingest_evtx_set_reader(INGEST_EVTX_READER_LIBEVTX);
	test_read();
	return (done_testing());
}
