/*
 * ingest.h: read NTLM audit events from one input into flows.
 *
 * The format is detected by content: "ElfFile\0" is EVTX, a first
 * non-blank '{' or '[' is JSON; a directory is walked for *.evtx, *.json,
 * *.jsonl and *.ndjson; "-" is JSON on standard input.  Every record read is
 * counted in its source as used, skipped or unreadable.  Problems are
 * reported through log_warnx as "path: record N: ..." and reading goes on.
 */
#ifndef INGEST_H
#define INGEST_H

#include <stdio.h>

struct flows;
struct source;

/* Inputs as named on the command line, directories expanded, sorted. */
struct ingest_list {
	char	**paths;	/* owned */
	size_t	  npaths;
};

/* Expand args into files; returns the number of arguments that failed. */
int	ingest_list_expand(struct ingest_list *, char *const *, int);
void	ingest_list_clear(struct ingest_list *);

/*
 * Read one file (or "-") into fl as a new source.  Returns the number of
 * problems reported (0 for a clean read), or -1 if nothing could be read.
 */
int	ingest_file(struct flows *, const char *);

/* What one ingest_inputs run read. */
struct ingest_totals {
	size_t	  inputs;	/* files, directories expanded */
	int	  problems;	/* reported: inputs, records, lines */
	int	  failed;	/* inputs nothing could be read from */
	char	**unread;	/* owned: operands missing, files not read */
	size_t	  nunread;
};

/* Free what ingest_inputs put in t. */
void		 ingest_totals_clear(struct ingest_totals *);

/*
 * Read the inputs args[0..nargs) (files, directories, "-") with njobs
 * threads into a new flow table; the result does not depend on njobs.
 * Returns it, or NULL if nothing could be read.  *t gets the counts.
 */
struct flows	*ingest_inputs(char *const *, int, int,
		    struct ingest_totals *);
/* Called by the readers every few thousand records: a progress line. */
void	ingest_progress(const struct source *);

#endif
