/*
 * outfile.h: output files written atomically.
 *
 * outfile_open creates a temporary file beside the target; outfile_commit
 * flushes, syncs and renames it into place; outfile_abort removes it.  Either
 * call frees the outfile.  A path of "-" writes to stdout directly, and a
 * target that is not a regular file (/dev/null, a FIFO) is written in place.
 * A symbolic link is replaced by the new file, never written through; one
 * that names no regular file is refused.  A file rewritten keeps its mode.
 * The temporary file is removed on SIGINT, SIGTERM and SIGHUP.
 */
#ifndef OUTFILE_H
#define OUTFILE_H

#include <stdio.h>

struct outfile;

struct outfile	*outfile_open(const char *, char **);
FILE		*outfile_stream(struct outfile *);
const char	*outfile_path(struct outfile *);
/* Returns 0, or -1 with *cause set (caller frees); the outfile is freed. */
int		 outfile_commit(struct outfile *, char **);
void		 outfile_abort(struct outfile *);
/*
 * Remove path (a file, or an empty directory if isdir) on SIGINT, SIGTERM
 * or SIGHUP, until outfile_cleanup_remove; then die of the signal.  Safe
 * from several threads; at most 32 paths at a time.
 */
void		 outfile_cleanup_add(const char *, int);
void		 outfile_cleanup_remove(const char *);
/*
 * At start-up, before any output: stdout, unless a terminal, written in
 * the same big pieces as an outfile.
 */
void		 outfile_init(void);

#endif
