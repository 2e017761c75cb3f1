/*
 * event.c: the EventData layout of the NTLM Operational events
 * (ntlmplan-events(7), EVENTS: the message templates of the
 * Microsoft-Windows-NTLM and Microsoft-Windows-Security-Netlogon manifests).
 * The blocked events 4001-4004 share the layout of their audit twins 8001-8004.
 */
#include "config.h"

#include <stddef.h>
#include <strings.h>

#include "event.h"

static const char *const event_8001[] = {
	"TargetName", "UserName", "DomainName", "CallerPID", "ProcessName",
	"ClientLUID", "ClientUserName", "ClientDomainName", "MechanismOID"
};
static const char *const event_8002[] = {
	"CallerPID", "ProcessName", "ClientLUID", "ClientUserName",
	"ClientDomainName", "MechanismOID"
};
static const char *const event_8003[] = {
	"UserName", "DomainName", "Workstation", "CallerPID", "ProcessName",
	"LogonType", "InProc", "MechanismOID"
};
static const char *const event_8004[] = {
	"SChannelName", "UserName", "DomainName", "WorkstationName",
	"SChannelType"
};

#define EVENT_NELEM(a)	((int)(sizeof (a) / sizeof (a)[0]))

const char *const *
event_field_names(int id, int *n)
{
	switch (id) {
	case 4001:
	case 8001:
		*n = EVENT_NELEM(event_8001);
		return (event_8001);
	case 4002:
	case 8002:
		*n = EVENT_NELEM(event_8002);
		return (event_8002);
	case 4003:
	case 8003:
		*n = EVENT_NELEM(event_8003);
		return (event_8003);
	case 4004:
	case 8004:
		*n = EVENT_NELEM(event_8004);
		return (event_8004);
	}
	*n = 0;
	return (NULL);
}

int
event_field_index(int id, const char *name)
{
	const char *const	*names;
	int			 i, n;

	if ((names = event_field_names(id, &n)) == NULL)
		return (-1);
	for (i = 0; i < n; i++) {
		if (strcasecmp(names[i], name) == 0)
			return (i);
	}
	return (-1);
}

int
event_id_known(int id)
{
	int	n;

	return (event_field_names(id, &n) != NULL);
}

int
event_is_ntlm(int id, const char *provider)
{
	if (!event_id_known(id) || provider == NULL)
		return (0);
	if (strcasecmp(provider, EVENT_PROVIDER_NTLM) == 0)
		return (1);
	/* The DC's events are written by Netlogon. */
	if ((id == 8004 || id == 4004) &&
	    strcasecmp(provider, EVENT_PROVIDER_NETLOGON) == 0)
		return (1);
	return (0);
}
