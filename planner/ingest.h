/*
 * ingest.h: read NTLM audit events from one input into flows.
 *
 * The format is detected by content, not by name (ingest_sniff): "ElfFile\0"
 * is EVTX, a first non-blank '{' or '[' is JSON, '<' with an Event element
 * is rendered event XML, after a byte order mark (UTF-8 or UTF-16) if any;
 * CSV or JSON naming the columns of ntlmplan-flows(5), SIEM RESULTS, is a
 * SIEM's aggregation.
 * Exports that hold no event fields are refused by content with the reason
 * and how to export instead: the legacy .evt format, Event Viewer's CSV and
 * text exports, PowerShell's Export-Csv and formatted output.  A directory
 * is walked for every file in it: each is read, or named with the reason
 * it was not.  "-" is standard input, sniffed the same way.  Every record
 * read is counted in its source as used, skipped, unreadable or duplicate:
 * a reader hands every record (any event) to flows_record before it
 * classifies it, and counts a duplicate as such.  Problems are reported
 * through log_warnx as "path: record N: ..." and reading goes on.
 */
#ifndef INGEST_H
#define INGEST_H

#include <stdio.h>

struct flows;

/* Inputs as named on the command line, directories expanded, sorted. */
struct ingest_list {
	char	**paths;	/* owned */
	unsigned char *walked;	/* owned: paths[i] was found in a folder */
	size_t	  npaths;
	size_t	  apaths;	/* allocated */
	int	  unreadable;	/* operands missing or not readable */
	int	  empty;	/* folders without an input file */
};

/*
 * Expand args into files, sorted by path, each named in a message if it
 * does not exist, cannot be read, or is a folder holding no file; returns
 * the number of such problems.  Every regular file below a folder is
 * listed, whatever its name: its content says what it is.
 */
int	ingest_list_expand(struct ingest_list *, char *const *, int);
void	ingest_list_clear(struct ingest_list *);

/* What the first bytes of an input say it is (ingest_sniff). */
enum ingest_kind {
	INGEST_UNKNOWN = 0,	/* none of these */
	INGEST_EMPTY,		/* no byte, or blanks only */
	INGEST_EVTX,		/* "ElfFile\0" */
	INGEST_EVT,		/* legacy Event Log: "LfLe" at offset 4 */
	INGEST_JSON,		/* '{' or '[' */
	INGEST_XML,		/* rendered event XML: <Event>, <Events> */
	INGEST_XML_OTHER,	/* XML without an Event element */
	INGEST_VIEWER,		/* Event Viewer's CSV or text export */
	INGEST_PS_CSV,		/* Get-WinEvent | Export-Csv */
	INGEST_PS_TEXT,		/* Get-WinEvent | Format-List, Out-File */
	INGEST_SIEM,		/* a SIEM's aggregation (ingest-siem.h) */
	INGEST_FLOWS,		/* a flow file: for merge and plan */
	INGEST_KIND__COUNT
};

/* Bytes ingest_sniff looks at, at most. */
#define INGEST_SNIFF_SIZE	4096

/* The kind of an input whose first (up to INGEST_SNIFF_SIZE) bytes are b. */
enum ingest_kind ingest_sniff(const unsigned char *, size_t);

/*
 * Read one file (or "-") into fl as a new source.  Returns the number of
 * problems reported (0 for a clean read), -1 if nothing could be read from
 * what looks like an event export, or INGEST_NOT_EXPORT if it is not one
 * (neither its content nor its name says so); each is named with its
 * reason.
 */
#define INGEST_NOT_EXPORT	(-2)
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
