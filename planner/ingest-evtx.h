/*
 * ingest-evtx.h: EVTX files natively (evtx-native.c) or through libevtx,
 * checked against the file's own chunk headers so that no record is lost
 * silently.
 *
 * The chunk functions are exported for the unit tests; they see plain
 * bytes and never a libevtx type.
 */
#ifndef INGEST_EVTX_H
#define INGEST_EVTX_H

#include <stddef.h>
#include <stdint.h>

struct flows;
struct source;

#define INGEST_EVTX_FILE_HEADER		4096
#define INGEST_EVTX_CHUNK_SIZE		65536
#define INGEST_EVTX_CHUNK_HEADER	512
#define INGEST_EVTX_MAX_STRING		65536	/* longer: unreadable */

/* What the header and the records area of one chunk say. */
struct ingest_evtx_chunk {
	int		 status;	/* INGEST_EVTX_CHUNK_* */
	uint64_t	 first_number;	/* event record numbers, header */
	uint64_t	 last_number;
	uint64_t	 first_id;	/* event record identifiers, header */
	uint64_t	 last_id;
	uint32_t	 free_offset;
	uint64_t	 walked;	/* records found walking the area */
	uint64_t	 walked_first_id;
	uint64_t	 walked_last_id;
};

#define INGEST_EVTX_CHUNK_OK		0
#define INGEST_EVTX_CHUNK_EMPTY		1	/* all zero: never used */
#define INGEST_EVTX_CHUNK_SIGNATURE	2	/* no "ElfChnk\0" */
#define INGEST_EVTX_CHUNK_HEADER_CRC	3	/* header CRC32 mismatch */
#define INGEST_EVTX_CHUNK_RECORDS_CRC	4	/* records CRC32 mismatch */
#define INGEST_EVTX_CHUNK_NUMBERS	5	/* more records than fit */

/* The most records a chunk can hold: the smallest record is 28 bytes. */
#define INGEST_EVTX_CHUNK_MAX_RECORDS \
	((INGEST_EVTX_CHUNK_SIZE - INGEST_EVTX_CHUNK_HEADER) / 28)

/* CRC32 (IEEE 802.3, as zlib's crc32) of len bytes, continuing crc. */
uint32_t	ingest_evtx_crc32(uint32_t, const void *, size_t);
/*
 * Parse and check the len bytes of one chunk (len < 65536: truncated, only
 * the header and the complete records are looked at).  Returns the status,
 * also stored in *c.
 */
int		ingest_evtx_chunk_parse(const unsigned char *, size_t,
		    struct ingest_evtx_chunk *);
/* Records the chunk header declares (0 if its header is not valid). */
uint64_t	ingest_evtx_chunk_declared(const struct ingest_evtx_chunk *);

/* Which reader ingest_evtx_read uses; set before any file is read. */
#define INGEST_EVTX_READER_NATIVE	0	/* evtx-native.c, libevtx where
						 * it declines */
#define INGEST_EVTX_READER_LIBEVTX	1
void	ingest_evtx_set_reader(int);
/* Threads the native reader splits one file's chunks across (default 1). */
void	ingest_evtx_set_threads(int);
/* For the tests: fn sees every event handed to flows (NULL: none). */
struct event;
void	ingest_evtx_set_observer(void (*)(const struct event *, void *),
	    void *);

/*
 * Read the EVTX file at path (allocated and recovered records) into fl,
 * counting every record in src.  Returns the number of problems reported,
 * or -1 if the file could not be opened as EVTX at all.
 */
int	ingest_evtx_read(struct flows *, struct source *, const char *);

#endif
