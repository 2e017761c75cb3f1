/*
 * event.h: one NTLM audit event as the ingest modules hand it to flows.
 *
 * An event holds borrowed pointers only: they stay valid for the duration of
 * the call they are passed to.  EventData values are positional, as Windows
 * stores them and libevtx returns them; event_field_index maps the names of
 * ntlmplan-events(7), EVENTS, to positions for sources that carry names (JSON).
 */
#ifndef EVENT_H
#define EVENT_H

#include <stdint.h>

#define EVENT_MAX_FIELDS	32

#define EVENT_PROVIDER_NTLM	"Microsoft-Windows-NTLM"
#define EVENT_PROVIDER_NETLOGON	"Microsoft-Windows-Security-Netlogon"

struct event {
	int		 id;
	int64_t		 time;		/* microseconds since 1970, UTC */
	const char	*provider;
	const char	*computer;	/* System/Computer: logged_by */
	const char	*channel;	/* System/Channel; NULL: unknown */
	uint64_t	 record_id;	/* System/EventRecordID; 0: none */
	const char	*fields[EVENT_MAX_FIELDS]; /* NULL: absent */
	int		 nfields;
};

/* EventData names of event id in order, or NULL for an id not read. */
const char *const	*event_field_names(int, int *);
/* Position of field name (case-insensitive) in event id, or -1. */
int			 event_field_index(int, const char *);
/* True if id from provider is an NTLM audit event ntlmplan reads. */
int			 event_is_ntlm(int, const char *);
/* True if id is one ntlmplan reads, whatever the provider. */
int			 event_id_known(int);

#endif
