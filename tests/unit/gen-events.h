/*
 * gen-events.h: write generated event records as Windows and the SIEMs
 * export them, for tests that read them back through the ingest path:
 * rendered event XML as wevtutil qe /f:xml writes it (one <Event> after the
 * other, no root), Winlogbeat's JSON Lines, evtx_dump's JSON Lines (the
 * Event element as JSON), and Get-WinEvent | ConvertTo-Json (positional
 * Properties), in UTF-8 or, as a Windows PowerShell 5.1 redirection writes
 * it, UTF-16LE with a byte order mark.
 *
 * Every record carries its own Computer, Channel and EventRecordID, so a
 * file may hold several hosts' records (a collector's or a SIEM's export);
 * GEN_EVENTS_XML_RENDERED writes them as Event Viewer saves a collector's
 * ForwardedEvents log from a subscription in RenderedText format: an
 * <Events> root, and a RenderingInfo element after each EventData.
 */
#ifndef GEN_EVENTS_H
#define GEN_EVENTS_H

#include <stddef.h>
#include <stdint.h>

#define GEN_EVENTS_FIELDS	32

struct gen_event {
	int		 id;
	const char	*provider;
	const char	*channel;
	const char	*computer;
	uint64_t	 record_id;
	int64_t		 time;		/* microseconds since 1970, UTC */
	int		 nfields;
	const char	*names[GEN_EVENTS_FIELDS];
	const char	*values[GEN_EVENTS_FIELDS];
	char		 kinds[GEN_EVENTS_FIELDS]; /* JSON of PowerShell and
						     evtx_dump: 's' string,
						     'n' number, 'b' bool */
};

enum gen_events_format {
	GEN_EVENTS_XML,
	GEN_EVENTS_XML_RENDERED,
	GEN_EVENTS_WINLOGBEAT,
	GEN_EVENTS_EVTX_DUMP,
	GEN_EVENTS_POWERSHELL,
	GEN_EVENTS_POWERSHELL_UTF16,
	GEN_EVENTS_NFORMATS
};

/* Write ev[0..n) to path in format fmt; 0, or -1 (errno set). */
int	gen_events_write(const char *, enum gen_events_format,
	    const struct gen_event *const *, size_t);

#endif
