/*
 * evtx-native.h: a native reader of EVTX chunks, for the fast path of
 * ingest-evtx.c.
 *
 * One chunk (64 KiB, self-contained) is decoded at a time into a
 * struct evtx_native_chunk: its records counted, the NTLM events among them
 * with their System values and EventData strings converted to UTF-8 as
 * libevtx 20181227 converts them.  No XML is built: a template definition
 * is parsed once per chunk into the positions of the values ntlmplan reads,
 * and each record's substitution values are taken from those positions.
 *
 * The reader declines a chunk it cannot decode exactly as libevtx would
 * (an unknown token or value type, a template it cannot resolve, a record
 * libevtx would call unreadable): the caller then reads that chunk through
 * libevtx.  Beyond libevtx, it reads a record whose binary XML is no
 * template instance (a forwarded event on a collector), which libevtx
 * 20181227 cannot parse.  A chunk whose slack space holds records is read
 * natively and marked: the caller recovers those through libevtx.  Every
 * read is bounds-checked against the chunk; this module sees plain bytes
 * and never a libevtx type.
 */
#ifndef EVTX_NATIVE_H
#define EVTX_NATIVE_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"

struct evtx_chunk;
struct evtx_native_cache;

#define EVTX_NATIVE_NONE	UINT32_MAX	/* no string */
#define EVTX_NATIVE_NULL	(UINT32_MAX - 1) /* a field libevtx gives as
						  * NULL (an empty string) */

/*
 * One decoded record, in file order: an NTLM event, or a record skipped
 * (any other event: id, provider, computer, time and ids only, for the
 * per-log accounting).  Strings are offsets into the chunk's arena.
 */
struct evtx_native_event {
	int		 id;
	int		 nfields;
	int		 skipped;	/* not an NTLM event: counted only */
	const char	*unreadable;	/* why, for an NTLM event whose values
					 * are not all there (NULL: read) */
	int		 has_sys_record_id;
	int64_t		 time;
	uint64_t	 record_id;	/* the record header's */
	uint64_t	 sys_record_id;	/* System/EventRecordID, if it has */
	uint32_t	 provider;	/* EVTX_NATIVE_NONE: none */
	uint32_t	 computer;
	uint32_t	 channel;
	uint32_t	 fields[EVENT_MAX_FIELDS];
};

/* A decoded chunk; reused from chunk to chunk (no allocation per record). */
struct evtx_native_chunk {
	int				 declined;	/* read it by libevtx */
	int				 slack;		/* records in its slack
							 * space: recover them
							 * by libevtx */
	char				 why[160];	/* why declined */
	uint64_t			 records;
	uint64_t			 skipped;	/* of them */
	uint64_t			 beyond;	/* of them, records
							 * libevtx 20181227
							 * cannot parse (no
							 * template instance) */
	struct evtx_native_event	*events;
	size_t				 nevents;
	size_t				 evcap;
	char				*arena;
	size_t				 arenalen;
	size_t				 arenacap;
	struct evtx_native_cache	*cache;		/* templates */
	/* Of the chunk's last record, by arena offset (EVTX_NATIVE_NONE). */
	uint32_t			 memo_prov;	/* its provider */
	int				 memo_id;	/* and event id: */
	int				 memo_ntlm;	/* event_is_ntlm */
	uint32_t			 memo_channel;	/* a channel found
							 * without markup */
};

void	evtx_native_chunk_init(struct evtx_native_chunk *);
void	evtx_native_chunk_free(struct evtx_native_chunk *);

/*
 * Decode the len bytes of one chunk, already checked by
 * evtx_chunk_parse into *c.  Returns 0, or -1 if declined (the
 * reason in out->why; nothing of the chunk is to be used then).
 */
int	evtx_native_chunk_read(struct evtx_native_chunk *,
	    const unsigned char *, size_t, const struct evtx_chunk *);

/*
 * Record i of a decoded chunk (events[i]) as a struct event pointing into
 * the chunk; for a skipped record, without fields.
 */
void	evtx_native_event(const struct evtx_native_chunk *, size_t,
	    struct event *);

/*
 * UTF-8 of n bytes of UTF-16LE at p as libevtx gives it (up to the first
 * NUL), appended with its NUL to the arena of ch.  Returns the offset, or
 * EVTX_NATIVE_NONE if the string is invalid UTF-16 (or holds U+FFFD) or
 * its UTF-8 is longer than max bytes with the NUL.  Exported for the tests.
 */
uint32_t evtx_native_utf16(struct evtx_native_chunk *, const unsigned char *,
	    size_t, size_t);

#endif
