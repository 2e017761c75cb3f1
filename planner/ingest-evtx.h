/*
 * ingest-evtx.h: EVTX files natively (evtx-native.c) or through libevtx,
 * checked against the file's own chunk headers so that no record is lost
 * silently.
 *
 * The chunks are checked by evtx-chunk.c, below both readers.
 */
#ifndef INGEST_EVTX_H
#define INGEST_EVTX_H

#include <stddef.h>
#include <stdint.h>

struct flows;
struct source;

#define INGEST_EVTX_FILE_HEADER		4096

/* Which reader ingest_evtx_read uses; set before any file is read. */
#define INGEST_EVTX_READER_NATIVE	0	/* evtx-native.c, libevtx where
						 * it declines */
#define INGEST_EVTX_READER_LIBEVTX	1
void	ingest_evtx_set_reader(int);
/* Threads the native reader splits one file's chunks across (default 1). */
void	ingest_evtx_set_threads(int);
/* What the tests' observer is told of a record besides its event. */
struct ingest_evtx_seen {
	int		 skipped;	/* not an NTLM event: no fields */
	int		 recovered;	/* from slack space: no identity */
	uint64_t	 header_id;	/* the record header's identifier */
};
/*
 * For the tests: fn sees every record read, handed to flows or skipped
 * (NULL: none); not duplicates, not unreadable records.
 */
struct event;
void	ingest_evtx_set_observer(void (*)(const struct event *,
	    const struct ingest_evtx_seen *, void *), void *);

/*
 * Read the EVTX file at path (allocated and recovered records) into fl,
 * counting every record in src.  Returns the number of problems reported,
 * or -1 if the file could not be opened as EVTX at all.
 */
int	ingest_evtx_read(struct flows *, struct source *, const char *);

#endif
