/*
 * event.h: one NTLM audit event as the ingest modules hand it to flows, and
 * the event table that says what every event ntlmplan reads holds.
 *
 * An event holds borrowed pointers only: they stay valid for the duration of
 * the call they are passed to.  EventData values are positional, as Windows
 * stores them and libevtx returns them; the table maps names to positions
 * for sources that carry names (JSON) and positions to roles (the flow key)
 * for everyone.  The events and their fields are listed in ntlmplan-events(7).
 */
#ifndef EVENT_H
#define EVENT_H

#include <stdint.h>

#define EVENT_MAX_FIELDS	32

#define EVENT_PROVIDER_NTLM	"Microsoft-Windows-NTLM"
#define EVENT_PROVIDER_NETLOGON	"Microsoft-Windows-Security-Netlogon"
#define EVENT_PROVIDER_SECURITY	"Microsoft-Windows-Security-Auditing"

/* The logs the events are written to (event_def_channel). */
#define EVENT_CHANNEL_NTLM	"Microsoft-Windows-NTLM/Operational"
#define EVENT_CHANNEL_SECURITY	"Security"

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

/* The part a field plays in the flow key. */
enum event_role {
	EVENT_ROLE_NONE = 0,
	EVENT_ROLE_SERVER,		/* the server NTLM was used against */
	EVENT_ROLE_CLIENT,		/* client (a leading \\ is cut) */
	EVENT_ROLE_ACCOUNT,
	EVENT_ROLE_DOMAIN,
	EVENT_ROLE_PROCESS,		/* process or image name */
	EVENT_ROLE_LOGON_TYPE,
	EVENT_ROLE_IN_PROC,
	EVENT_ROLE_MECHANISM,
	EVENT_ROLE_SCHANNEL_TYPE,
	EVENT_ROLE_NTLM_VERSION,
	EVENT_ROLE_USAGE_ID,
	EVENT_ROLE_USAGE_REASON,
	EVENT_ROLE_CLIENT_IP,
	EVENT_ROLE_TARGET_IP,
	EVENT_ROLE_MIC,
	EVENT_ROLE_CHANNEL_BINDING,
	EVENT_ROLE_STATUS,
	EVENT_ROLE_PACKAGE,		/* must equal the row's package */
	EVENT_ROLE__COUNT
};

/* How a field's value is written (for the test writer and the manual). */
enum event_type {
	EVENT_STRING = 0,
	EVENT_UINT32,
	EVENT_HEX32,
	EVENT_HEX64,
	EVENT_BOOL,
	EVENT_GUID,
	EVENT_SID
};

struct event_field {
	const char	*name;
	enum event_type	 type;
	enum event_role	 role;
};

/* Flags of a row. */
#define EVENT_SERVER_COMPUTER	0x01	/* the server is System/Computer */
#define EVENT_ON_DC		0x02	/* logged by a DC, for pass-through */
#define EVENT_NTLMV1		0x04	/* the event itself means NTLMv1 */
#define EVENT_BLIND		0x08	/* Credential Guard hid NTLM use */
#define EVENT_BLOCKED		0x10	/* NTLM was refused */
#define EVENT_ON_CLIENT		0x20	/* logged by the client */

struct event_def {
	int				 id;
	const char			*provider;
	const char			*title;
	const struct event_field	*fields;
	int				 nfields;
	int				 nrequired; /* 0: all values */
	int				 flags;
	const char			*package; /* EVENT_ROLE_PACKAGE value */
};

/* The row of event id (ids are unique across providers), or NULL. */
const struct event_def	*event_def_find(int);
/* The row of id logged by provider (case-insensitive), or NULL. */
const struct event_def	*event_def_lookup(int, const char *);
/* Row i of the table in id order, NULL past the end. */
const struct event_def	*event_def_at(int);
/* The log (channel) the events of row d are written to. */
const char		*event_def_channel(const struct event_def *);
/* Position of the field playing role in d, or -1. */
int			 event_def_role(const struct event_def *,
			     enum event_role);

/* Position of field name (case-insensitive) in event id, or -1. */
int			 event_field_index(int, const char *);
/* True if id from provider is an NTLM event ntlmplan reads. */
int			 event_is_ntlm(int, const char *);
/* True if id is one ntlmplan reads, whatever the provider. */
int			 event_id_known(int);
/* True if id is logged by a DC for the logons it passes through. */
int			 event_on_dc(int);
/* True if the event id has flag (EVENT_NTLMV1, EVENT_BLIND ...). */
int			 event_has_flag(int, int);

/*
 * Classification of values as logged.  An NTLM version is v1 for "NTLM V1",
 * "NTLMv1", "LM" or "1"; a MIC or channel-binding status is absent for a
 * value that says so (see ntlmplan-events(7)).  Both return 1 yes, 0 no,
 * -1 for no value.
 */
int			 event_version_is_v1(const char *);
int			 event_status_absent(const char *);

#endif
