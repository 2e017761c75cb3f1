/*
 * jsonout.h: one JSON emitter for the files ntlmplan writes (flow files,
 * directory snapshots, plan.json).
 *
 * The caller says what to write, item by item; the emitter writes the
 * separators, escapes strings and numbers, and keeps the layout the caller
 * asks for: items go on one line, separated by ", ", unless jsonout_break
 * puts the next one on a line of its own.  A break before the end of a
 * container puts the closing bracket on its own line if the container has
 * items, and is dropped if it has none ("[]").  Closing the outermost value
 * ends the line and flushes.
 *
 * Ownership: struct jsonout is the caller's (jsonout_init); it borrows the
 * FILE and buffers what it writes until jsonout_flush or the end of the
 * outermost value.  Writes to the FILE in between must go through it.
 */
#ifndef JSONOUT_H
#define JSONOUT_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define JSONOUT_DEPTH	64		/* containers open at once */
#define JSONOUT_BUF	16384
#define JSONOUT_TIME	64		/* a time's text, as util.h's */

struct jsonout {
	FILE		*f;		/* borrowed */
	int		 depth;		/* containers open */
	int		 brk;		/* indent of the next break; -1 none */
	int		 keyed;		/* a key waits for its value */
	uint64_t	 items;		/* bit d: level d has an item */
	uint64_t	 flushed;	/* bytes written to the FILE */
	int64_t		 tlast;		/* the last time written, */
	size_t		 tlen;		/* its text quoted: a flow's first */
	char		 ttext[JSONOUT_TIME + 2]; /* and last are often one */
	size_t		 len;
	char		 buf[JSONOUT_BUF];
};

void	jsonout_init(struct jsonout *, FILE *);
/* Write what is buffered to the FILE. */
void	jsonout_flush(struct jsonout *);
/* Put the next item (or a non-empty container's end) on a new line. */
void	jsonout_break(struct jsonout *, int);

void	jsonout_object_begin(struct jsonout *);
void	jsonout_object_end(struct jsonout *);
void	jsonout_array_begin(struct jsonout *);
void	jsonout_array_end(struct jsonout *);
/*
 * A member's name; its value comes next.  Inline, so that the length of a
 * literal name is known where it is written.
 */
void	jsonout_key_len(struct jsonout *, const char *, size_t);
static inline void
jsonout_key(struct jsonout *j, const char *name)
{
	jsonout_key_len(j, name, strlen(name));
}

/* A string, escaped; null if NULL. */
void	jsonout_string(struct jsonout *, const char *);
void	jsonout_uint(struct jsonout *, uint64_t);
void	jsonout_int(struct jsonout *, long long);
/* A count or id that may be absent: null if negative. */
void	jsonout_opt_int(struct jsonout *, long long);
void	jsonout_bool(struct jsonout *, int);
/* A flag that may be absent: null if negative, else true or false. */
void	jsonout_opt_bool(struct jsonout *, int);
void	jsonout_null(struct jsonout *);
/* A time as util_time_format writes it, quoted; null if UTIL_TIME_NONE. */
void	jsonout_time(struct jsonout *, int64_t);
/* A number with that many digits after the point, as printf's "%.*f". */
void	jsonout_fixed(struct jsonout *, double, int);
/* An array of n strings on one line (each as jsonout_string). */
void	jsonout_strings(struct jsonout *, const char *const *, size_t);
/*
 * The next item is the caller's, written straight to the FILE (by a writer
 * that takes a FILE): its separator and break, and all that is buffered,
 * are written out first.  The item counts as written.
 */
void	jsonout_direct(struct jsonout *);

/*
 * Items that repeat, rendered once and copied: jsonout_mark makes room
 * for JSONOUT_MEMO bytes and says where the next item starts;
 * jsonout_memo copies the text written since that mark into memo
 * (JSONOUT_MEMO bytes) and returns its length, or 0 if it is longer or
 * was flushed meanwhile; jsonout_replay writes such a text again, and
 * counts the current container as having items.  The text must hold
 * whole items (what it opens, it closes), and be replayed where the
 * emitter is as it was at the mark: in a container of the same depth
 * that has items (or has none) likewise, no break or key pending.
 */
#define JSONOUT_MEMO	1024
uint64_t jsonout_mark(struct jsonout *);
size_t	jsonout_memo(const struct jsonout *, uint64_t, char *);
void	jsonout_replay(struct jsonout *, const char *, size_t);

#endif
