/*
 * queries.h: what ntlmplan asks Windows and the SIEMs for, generated from
 * the event table (event.c) so that it cannot drift from what collect
 * reads: the Windows Event Forwarding subscription, and the KQL, SPL and
 * ES|QL queries whose results (ingest-siem.h's columns) collect reads as
 * flows.  "ntlmplan queries KIND" prints them; the build writes them under
 * share/ntlmplan/ (ntlmplan(1), COLLECTING AT SCALE).
 */
#ifndef QUERIES_H
#define QUERIES_H

#include <stdio.h>

enum queries_kind {
	QUERIES_WEF = 0,	/* source-initiated subscription (XML) */
	QUERIES_KQL,		/* Microsoft Sentinel / Log Analytics */
	QUERIES_SPL,		/* Splunk */
	QUERIES_ESQL,		/* Elastic ES|QL */
	QUERIES__COUNT
};

/* The kind named s (wef, kql, spl, esql), or -1. */
int		 queries_kind(const char *);
/* The name of kind k. */
const char	*queries_name(enum queries_kind);
/* Write the subscription or query of kind k to f. */
void		 queries_write(FILE *, enum queries_kind);

#endif
