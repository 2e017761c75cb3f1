/*
 * ingest-siem.h: flows from the results of a SIEM's own aggregation (the
 * queries of "ntlmplan queries"), as CSV or JSON, and the columns of such a
 * result (ntlmplan-flows(5), SIEM RESULTS): the one table both the reader
 * and the query generators walk.
 */
#ifndef INGEST_SIEM_H
#define INGEST_SIEM_H

#include <stddef.h>
#include <stdio.h>

#include "event.h"

struct flows;
struct source;

/* What a column of a result holds. */
enum siem_column_kind {
	SIEM_EVENT_ID = 0,	/* the event id */
	SIEM_COMPUTER,		/* System/Computer: the logging host */
	SIEM_ROLE,		/* the field of the event playing role */
	SIEM_COUNT,		/* events aggregated in the row */
	SIEM_FIRST,		/* time of the first and last of them */
	SIEM_LAST,
	SIEM_HOURS		/* events per hour: "YYYY-MM-DDTHH=N;..." */
};

struct siem_column {
	const char		*name;
	enum siem_column_kind	 kind;
	enum event_role		 role;	/* SIEM_ROLE only */
	int			 required;
};

/* The columns of a result, in the order the queries write them. */
const struct siem_column *ingest_siem_columns(size_t *);

/*
 * True if the first bytes of an input (UTF-8, blanks and byte order mark
 * gone) are a SIEM result: a CSV header, or JSON, naming the required
 * columns.
 */
int	ingest_siem_sniff(const char *);

/*
 * Read a SIEM result (CSV, or JSON: an array of objects, JSON Lines,
 * Splunk's {"result": {...}} lines, Log Analytics' tables/columns/rows,
 * ES|QL's columns/values) from f, named path in messages, into fl: each
 * row is one flow, counted in src as a record (used, skipped, unreadable).
 * src is marked pre-aggregated.  Returns the number of problems reported,
 * or -1 if nothing could be read.  Does not close f.
 */
int	ingest_siem_read(struct flows *, struct source *, const char *, FILE *);

/*
 * Warn, naming the hosts, when fl holds pre-aggregated rows and raw events
 * logged by the same host: neither can be told from the other's copies.
 * Returns the number of such hosts.
 */
size_t	ingest_siem_warn_mixed(const struct flows *, const char *);

#endif
