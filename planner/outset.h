/*
 * outset.h: a set of output files that replaces the previous set as one
 * unit.
 *
 * outset_create makes a staging directory ".NAME.new.PID.XXXXXX" beside
 * the output directory NAME; the caller writes the set's files into it
 * (outset_path, with outfile); outset_commit swaps it with NAME in one
 * rename (RENAME_EXCHANGE) and keeps the set it replaced as NAME.previous;
 * outset_abort removes it.  Either call frees the outset.  So whenever the
 * process dies, NAME holds the whole old set or the whole new one.  SIGINT,
 * SIGTERM and SIGHUP remove the staging directory and what is in it.
 *
 * Only a directory that holds nothing but the set's files (and temporary
 * files of an outfile, ".FILE.XXXXXX") is replaced or removed: a directory
 * that holds anything else is refused, and left as it is.
 */
#ifndef OUTSET_H
#define OUTSET_H

#include <stddef.h>

struct outset;

/*
 * Make the staging directory for dir (its parents created), whose set
 * holds the files names[0..n) (borrowed until commit or abort).  Removes
 * the staging directories that runs killed earlier left.  NULL with *cause
 * set (caller frees) if dir or dir.previous is not ntlmplan's to replace.
 */
struct outset	*outset_create(const char *, const char *const *, size_t,
		    char **);
/* The staging directory, where the files are written. */
const char	*outset_path(const struct outset *);
/* Put the set in place; 0, or -1 with *cause set (caller frees). */
int		 outset_commit(struct outset *, char **);
/* Remove the staging directory and its files. */
void		 outset_abort(struct outset *);

#endif
