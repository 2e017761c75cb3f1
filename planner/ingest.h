/*
 * ingest.h: read NTLM audit events from one input into flows.
 *
 * The format is detected by content: "ElfFile\0" is EVTX, a first
 * non-blank '{' or '[' (or a UTF-16 byte order mark) is JSON; a directory
 * is walked for *.evtx, *.json, *.jsonl and *.ndjson; "-" is JSON on
 * standard input.  Every record read is counted in its source as used,
 * skipped, unreadable or duplicate: a reader hands every record (any event)
 * to flows_record before it classifies it, and counts a duplicate as such.  Problems are
 * reported through log_warnx as "path: record N: ..." and reading goes on.
 */
#ifndef INGEST_H
#define INGEST_H

#include <stdio.h>

struct flows;

/* Inputs as named on the command line, directories expanded, sorted. */
struct ingest_list {
	char	**paths;	/* owned */
	size_t	  npaths;
	size_t	  apaths;	/* allocated */
	int	  unreadable;	/* operands missing or not readable */
	int	  empty;	/* folders without an input file */
};

/*
 * Expand args into files, sorted by path, each named in a message if it
 * does not exist, cannot be read, or is a folder holding no .evtx, .json,
 * .jsonl or .ndjson file; returns the number of such problems.
 */
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
	int	  operands;	/* operands missing or not readable */
	char	**unread;	/* owned: operands missing, files not read */
	size_t	  nunread;
};

/* Free what ingest_inputs put in t. */
void		 ingest_totals_clear(struct ingest_totals *);

/*
 * Read the inputs args[0..nargs) (files, directories, "-") with njobs
 * threads into a new flow table.  Inputs are committed in name order
 * whatever thread read them; one that holds record ids an earlier input
 * held is read again with those ids excluded, so that a record counts once
 * (as src->duplicate the other times) and the result does not depend on
 * njobs; "-" is read last, against everything else.  Returns the table, or
 * NULL if nothing could be read, or (unless keep_going) if an operand is
 * missing or cannot be read (t->operands > 0, nothing read).  *t gets the
 * counts.
 */
struct flows	*ingest_inputs(char *const *, int, int, int,
		    struct ingest_totals *);

#endif
