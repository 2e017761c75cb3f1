/*
 * evtx-chunk.h: the chunks of an EVTX file, checked against their own
 * headers, for both EVTX readers (evtx-native.c and ingest-evtx.c).
 *
 * A chunk is 64 KiB: a 512-byte header, then records.  These functions see
 * plain bytes, never a libevtx type, and allocate nothing.
 */
#ifndef EVTX_CHUNK_H
#define EVTX_CHUNK_H

#include <stddef.h>
#include <stdint.h>

#define EVTX_CHUNK_SIZE		65536
#define EVTX_CHUNK_HEADER	512
#define EVTX_CHUNK_MAX_STRING	65536	/* longer: unreadable */

/* What the header and the records area of one chunk say. */
struct evtx_chunk {
	int		 status;	/* EVTX_CHUNK_* */
	uint64_t	 first_number;	/* event record numbers, header */
	uint64_t	 last_number;
	uint64_t	 first_id;	/* event record identifiers, header */
	uint64_t	 last_id;
	uint32_t	 free_offset;
	uint64_t	 walked;	/* records found walking the area */
	uint64_t	 walked_first_id;
	uint64_t	 walked_last_id;
};

#define EVTX_CHUNK_OK		0
#define EVTX_CHUNK_EMPTY	1	/* all zero: never used */
#define EVTX_CHUNK_SIGNATURE	2	/* no "ElfChnk\0" */
#define EVTX_CHUNK_HEADER_CRC	3	/* header CRC32 mismatch */
#define EVTX_CHUNK_RECORDS_CRC	4	/* records CRC32 mismatch */
#define EVTX_CHUNK_NUMBERS	5	/* more records than fit */

/* The most records a chunk can hold: the smallest record is 28 bytes. */
#define EVTX_CHUNK_MAX_RECORDS \
	((EVTX_CHUNK_SIZE - EVTX_CHUNK_HEADER) / 28)

/* CRC32 (IEEE 802.3, as zlib's crc32) of len bytes, continuing crc. */
uint32_t	evtx_chunk_crc32(uint32_t, const void *, size_t);
/*
 * Parse and check the len bytes of one chunk (len < 65536: truncated, only
 * the header and the complete records are looked at).  Returns the status,
 * also stored in *c.
 */
int		evtx_chunk_parse(const unsigned char *, size_t,
		    struct evtx_chunk *);
/* Records the chunk header declares (0 if its header is not valid). */
uint64_t	evtx_chunk_declared(const struct evtx_chunk *);
/* True if the header of the chunk can be believed. */
int		evtx_chunk_trusted(const struct evtx_chunk *);
/* Records the chunk should hold: as declared, or as found if untrusted. */
uint64_t	evtx_chunk_expected(const struct evtx_chunk *);

#endif
