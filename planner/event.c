/*
 * event.c: the event table, the one place that says what every event
 * ntlmplan reads holds: per (provider, id) the EventData fields in the
 * manifest's order, their types, and the part each plays in the flow key
 * (ntlmplan-events(7) lists them).  A blocked event (4xxx) shares the layout
 * of its audit twin (8xxx).  Adding an event is one row here.
 *
 * Invariant: event ids are unique across the rows, so that a flow, which
 * keeps only its event id, finds its row again.
 */
#include "config.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "casemap.h"
#include "event.h"

#define F(n, t, r)	{ (n), EVENT_##t, EVENT_ROLE_##r }
#define NELEM(a)	((int)(sizeof (a) / sizeof (a)[0]))

/* 8001/4001 and the outgoing events of its layout (4013, 4015, 4024/4025). */
static const struct event_field layout_8001[] = {
	F("TargetName", STRING, SERVER),
	F("UserName", STRING, ACCOUNT),
	F("DomainName", STRING, DOMAIN),
	F("CallerPID", UINT32, NONE),
	F("ProcessName", STRING, PROCESS),
	F("ClientLUID", HEX64, NONE),
	F("ClientUserName", STRING, NONE),
	F("ClientDomainName", STRING, NONE),
	F("MechanismOID", STRING, MECHANISM)
};
static const struct event_field layout_8002[] = {
	F("CallerPID", UINT32, NONE),
	F("ProcessName", STRING, PROCESS),
	F("ClientLUID", HEX64, NONE),
	F("ClientUserName", STRING, ACCOUNT),
	F("ClientDomainName", STRING, DOMAIN),
	F("MechanismOID", STRING, MECHANISM)
};
static const struct event_field layout_8003[] = {
	F("UserName", STRING, ACCOUNT),
	F("DomainName", STRING, DOMAIN),
	F("Workstation", STRING, CLIENT),
	F("CallerPID", UINT32, NONE),
	F("ProcessName", STRING, PROCESS),
	F("LogonType", UINT32, LOGON_TYPE),
	F("InProc", BOOL, IN_PROC),
	F("MechanismOID", STRING, MECHANISM)
};
/* 8004/4004, 8005/4005, 8006/4006. */
static const struct event_field layout_8004[] = {
	F("SChannelName", STRING, SERVER),
	F("UserName", STRING, ACCOUNT),
	F("DomainName", STRING, DOMAIN),
	F("WorkstationName", STRING, CLIENT),
	F("SChannelType", UINT32, SCHANNEL_TYPE)
};
static const struct event_field layout_4010[] = {
	F("CallerPID", UINT32, NONE),
	F("ProcessName", STRING, PROCESS),
	F("NegotiatedSecurity", HEX32, NONE),
	F("RequiredSecurity", HEX32, NONE)
};
static const struct event_field layout_4012[] = {
	F("AccountName", STRING, ACCOUNT),
	F("DeviceName", STRING, CLIENT)
};
static const struct event_field layout_4014[] = {
	F("ImageName", STRING, PROCESS),
	F("SvcHostTag", STRING, NONE)
};
/* Enhanced auditing, the client's outgoing NTLM. */
static const struct event_field layout_4020[] = {
	F("ProcessName", STRING, PROCESS),
	F("ProcessPID", HEX32, NONE),
	F("Username", STRING, ACCOUNT),
	F("DomainName", STRING, DOMAIN),
	F("Hostname", STRING, CLIENT),
	F("SingleSignOn", STRING, NONE),
	F("TargetMachine", STRING, SERVER),
	F("TargetDomain", STRING, NONE),
	F("TargetService", STRING, NONE),
	F("TargetIP", STRING, TARGET_IP),
	F("TargetNetworkName", STRING, NONE),
	F("NtlmUsageId", UINT32, USAGE_ID),
	F("NtlmUsageReason", STRING, USAGE_REASON),
	F("NegotiatedFlags", HEX32, NONE),
	F("NtlmVersion", STRING, NTLM_VERSION),
	F("SessionKeyStatus", STRING, NONE),
	F("ChannelBindingStatus", STRING, CHANNEL_BINDING),
	F("ServiceBinding", STRING, NONE),
	F("MicStatus", STRING, MIC),
	F("AvlFlags", HEX32, NONE),
	F("AvlFlagsStr", STRING, NONE)
};
/* Enhanced auditing, the server's incoming NTLM. */
static const struct event_field layout_4022[] = {
	F("ProcessName", STRING, PROCESS),
	F("ProcessPID", HEX32, NONE),
	F("Username", STRING, ACCOUNT),
	F("DomainName", STRING, DOMAIN),
	F("RemoteClientMachine", STRING, CLIENT),
	F("ClientIP", STRING, CLIENT_IP),
	F("ClientNetworkName", STRING, NONE),
	F("NegotiatedFlags", HEX32, NONE),
	F("NtlmVersion", STRING, NTLM_VERSION),
	F("SessionKeyStatus", STRING, NONE),
	F("ChannelBindingStatus", STRING, CHANNEL_BINDING),
	F("ServiceBinding", STRING, NONE),
	F("TargetMachine", STRING, NONE),
	F("TargetDomain", STRING, NONE),
	F("MicStatus", STRING, MIC),
	F("AvFlags", HEX32, NONE),
	F("AvFlagsStr", STRING, NONE),
	F("Status", HEX32, STATUS),
	F("StatusMsg", STRING, NONE)
};
/*
 * Enhanced auditing on the DC.  Which host ForwarderName/ForwarderIP name
 * is not confirmed: they play no part.
 */
static const struct event_field layout_4030[] = {
	F("DCName", STRING, NONE),
	F("AccountName", STRING, ACCOUNT),
	F("AccountDomain", STRING, DOMAIN),
	F("AccountMachine", STRING, CLIENT),
	F("ServerName", STRING, SERVER),
	F("ServerDomain", STRING, NONE),
	F("ForwarderType", STRING, NONE),
	F("ForwarderName", STRING, NONE),
	F("ForwarderDomain", STRING, NONE),
	F("ForwarderIP", STRING, NONE),
	F("NtlmVersion", STRING, NTLM_VERSION),
	F("ServiceBinding", STRING, NONE),
	F("TargetMachine", STRING, NONE),
	F("TargetDomain", STRING, NONE),
	F("MicStatus", STRING, MIC),
	F("AvFlags", HEX32, NONE),
	F("AvFlagsStr", STRING, NONE),
	F("Status", HEX32, STATUS),
	F("StatusMsg", STRING, NONE)
};
static const struct event_field layout_4032[] = {
	F("DCName", STRING, NONE),
	F("AccountName", STRING, ACCOUNT),
	F("AccountDomain", STRING, DOMAIN),
	F("AccountMachine", STRING, CLIENT),
	F("ServerName", STRING, SERVER),
	F("ServerDomain", STRING, NONE),
	F("ServerIP", STRING, TARGET_IP),
	F("ServerOS", STRING, NONE),
	F("NtlmVersion", STRING, NTLM_VERSION),
	F("ServiceBinding", STRING, NONE),
	F("TargetMachine", STRING, NONE),
	F("TargetDomain", STRING, NONE),
	F("MicStatus", STRING, MIC),
	F("AvFlags", HEX32, NONE),
	F("AvFlagsStr", STRING, NONE),
	F("Status", HEX32, STATUS),
	F("StatusMsg", STRING, NONE)
};
/*
 * Security 4624, template version 2 (Microsoft Learn, "4624(S): An account
 * was successfully logged on").  Versions 0 and 1 lack the fields after
 * IpPort and ImpersonationLevel: 19 values are enough.
 */
static const struct event_field layout_4624[] = {
	F("SubjectUserSid", SID, NONE),
	F("SubjectUserName", STRING, NONE),
	F("SubjectDomainName", STRING, NONE),
	F("SubjectLogonId", HEX64, NONE),
	F("TargetUserSid", SID, NONE),
	F("TargetUserName", STRING, ACCOUNT),
	F("TargetDomainName", STRING, DOMAIN),
	F("TargetLogonId", HEX64, NONE),
	F("LogonType", UINT32, LOGON_TYPE),
	F("LogonProcessName", STRING, NONE),
	F("AuthenticationPackageName", STRING, PACKAGE),
	F("WorkstationName", STRING, CLIENT),
	F("LogonGuid", GUID, NONE),
	F("TransmittedServices", STRING, NONE),
	F("LmPackageName", STRING, NTLM_VERSION),
	F("KeyLength", UINT32, NONE),
	F("ProcessId", HEX64, NONE),
	F("ProcessName", STRING, PROCESS),
	F("IpAddress", STRING, CLIENT_IP),
	F("IpPort", STRING, NONE),
	F("ImpersonationLevel", STRING, NONE),
	F("RestrictedAdminMode", STRING, NONE),
	F("TargetOutboundUserName", STRING, NONE),
	F("TargetOutboundDomainName", STRING, NONE),
	F("VirtualAccount", STRING, NONE),
	F("TargetLinkedLogonId", HEX64, NONE),
	F("ElevatedToken", STRING, NONE)
};
/* Security 4776, the DC's credential validation: no destination. */
static const struct event_field layout_4776[] = {
	F("PackageName", STRING, NONE),
	F("TargetUserName", STRING, ACCOUNT),
	F("Workstation", STRING, CLIENT),
	F("Status", HEX32, STATUS)
};

#define L(a)	(a), NELEM(a), 0
#define NTLM	EVENT_PROVIDER_NTLM
#define NETLOGON EVENT_PROVIDER_NETLOGON
#define SEC	EVENT_PROVIDER_SECURITY
#define COMP	EVENT_SERVER_COMPUTER
#define CLNT	EVENT_ON_CLIENT

/* In id order. */
static const struct event_def event_table[] = {
	{ 4001, NTLM, "NTLM client blocked", L(layout_8001),
	    CLNT | EVENT_BLOCKED, NULL },
	{ 4002, NTLM, "NTLM server blocked", L(layout_8002),
	    COMP | EVENT_BLOCKED, NULL },
	{ 4003, NTLM, "NTLM server blocked in the domain", L(layout_8003),
	    COMP | EVENT_BLOCKED, NULL },
	{ 4004, NETLOGON, "Domain controller blocked", L(layout_8004),
	    EVENT_ON_DC | EVENT_BLOCKED, NULL },
	{ 4005, NETLOGON, "Domain controller blocked (8005)",
	    L(layout_8004), EVENT_ON_DC | EVENT_BLOCKED, NULL },
	{ 4006, NETLOGON, "Domain controller blocked (8006)",
	    L(layout_8004), EVENT_ON_DC | EVENT_BLOCKED, NULL },
	{ 4010, NTLM, "Minimum session security not met", L(layout_4010),
	    CLNT, NULL },
	{ 4011, NTLM, "Minimum session security not met (server)",
	    L(layout_4010), COMP, NULL },
	{ 4012, NTLM, "Account and device", L(layout_4012), CLNT, NULL },
	{ 4013, NTLM, "Attempt to use NTLMv1 failed", L(layout_8001),
	    CLNT | EVENT_NTLMV1 | EVENT_BLIND | EVENT_BLOCKED, NULL },
	{ 4014, NTLM, "Credential Guard refused the credential",
	    L(layout_4014), CLNT | EVENT_BLIND | EVENT_BLOCKED, NULL },
	{ 4015, NTLM, "NTLM client event (8001 layout)", L(layout_8001), CLNT,
	    NULL },
	{ 4020, NTLM, "Outgoing NTLM (enhanced)", L(layout_4020), CLNT, NULL },
	{ 4021, NTLM, "Outgoing NTLM, downgraded (enhanced)", L(layout_4020),
	    CLNT, NULL },
	{ 4022, NTLM, "Incoming NTLM (enhanced)", L(layout_4022), COMP,
	    NULL },
	{ 4023, NTLM, "Incoming NTLM, downgraded (enhanced)", L(layout_4022),
	    COMP, NULL },
	{ 4024, NTLM, "NTLMv1-derived SSO credentials used", L(layout_8001),
	    CLNT | EVENT_NTLMV1, NULL },
	{ 4025, NTLM, "NTLMv1-derived SSO credentials blocked",
	    L(layout_8001), CLNT | EVENT_NTLMV1 | EVENT_BLOCKED, NULL },
	{ 4030, NETLOGON, "Domain NTLM (enhanced)", L(layout_4030),
	    EVENT_ON_DC, NULL },
	{ 4031, NETLOGON, "Domain NTLM, downgraded (enhanced)",
	    L(layout_4030), EVENT_ON_DC, NULL },
	{ 4032, NETLOGON, "Domain NTLM (enhanced, 4032)", L(layout_4032),
	    EVENT_ON_DC, NULL },
	{ 4033, NETLOGON, "Domain NTLM, downgraded (enhanced, 4033)",
	    L(layout_4032), EVENT_ON_DC, NULL },
	{ 4624, SEC, "An account was successfully logged on",
	    layout_4624, NELEM(layout_4624), 19, COMP, "NTLM" },
	{ 4776, SEC, "The DC attempted to validate the credentials",
	    L(layout_4776), EVENT_ON_DC, NULL },
	{ 8001, NTLM, "NTLM client blocked audit", L(layout_8001), CLNT, NULL },
	{ 8002, NTLM, "NTLM server blocked audit", L(layout_8002), COMP,
	    NULL },
	{ 8003, NTLM, "NTLM server blocked in the domain audit",
	    L(layout_8003), COMP, NULL },
	{ 8004, NETLOGON, "Domain controller blocked audit", L(layout_8004),
	    EVENT_ON_DC, NULL },
	{ 8005, NETLOGON, "Domain controller audit (8005)", L(layout_8004),
	    EVENT_ON_DC, NULL },
	{ 8006, NETLOGON, "Domain controller audit (8006)", L(layout_8004),
	    EVENT_ON_DC, NULL }
};

const struct event_def *
event_def_find(int id)
{
	/* Records come in runs of one id: the last row found, per thread. */
	static _Thread_local const struct event_def	*last;
	int	 lo = 0, hi = NELEM(event_table), mid;

	if (last != NULL && last->id == id)
		return (last);
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (event_table[mid].id == id)
			return (last = &event_table[mid]);
		if (event_table[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (NULL);
}

const struct event_def *
event_def_lookup(int id, const char *provider)
{
	const struct event_def	*d;

	if (provider == NULL || (d = event_def_find(id)) == NULL)
		return (NULL);
	if (casemap_equal(d->provider, provider))
		return (d);
	/* As always read: a DC's event under the NTLM provider's name. */
	if (strcmp(d->provider, EVENT_PROVIDER_NETLOGON) == 0 &&
	    casemap_equal(provider, EVENT_PROVIDER_NTLM))
		return (d);
	return (NULL);
}

/* Each provider's log: both NTLM providers write to the NTLM log. */
static const struct {
	const char	*provider;
	const char	*channel;
} event_channels[] = {
	{ EVENT_PROVIDER_NTLM, EVENT_CHANNEL_NTLM },
	{ EVENT_PROVIDER_NETLOGON, EVENT_CHANNEL_NTLM },
	{ EVENT_PROVIDER_SECURITY, EVENT_CHANNEL_SECURITY }
};

const char *
event_def_channel(const struct event_def *d)
{
	int	i;

	for (i = 0; i < NELEM(event_channels); i++) {
		if (strcmp(d->provider, event_channels[i].provider) == 0)
			return (event_channels[i].channel);
	}
	return (EVENT_CHANNEL_NTLM);
}

const struct event_def *
event_def_at(int i)
{
	return (i >= 0 && i < NELEM(event_table) ? &event_table[i] : NULL);
}

int
event_def_role(const struct event_def *d, enum event_role role)
{
	int	i;

	for (i = 0; i < d->nfields; i++) {
		if (d->fields[i].role == role)
			return (i);
	}
	return (-1);
}

int
event_field_index(int id, const char *name)
{
	const struct event_def	*d;
	int			 i;

	if ((d = event_def_find(id)) == NULL)
		return (-1);
	for (i = 0; i < d->nfields; i++) {
		if (strcasecmp(d->fields[i].name, name) == 0)
			return (i);
	}
	return (-1);
}

int
event_id_known(int id)
{
	return (event_def_find(id) != NULL);
}

int
event_is_ntlm(int id, const char *provider)
{
	return (event_def_lookup(id, provider) != NULL);
}

int
event_on_dc(int id)
{
	return (event_has_flag(id, EVENT_ON_DC));
}

int
event_has_flag(int id, int flag)
{
	const struct event_def	*d = event_def_find(id);

	return (d != NULL && (d->flags & flag) != 0);
}

int
event_version_is_v1(const char *v)
{
	static const char *const v1[] = { "NTLM V1", "NTLMv1", "NTLM 1",
	    "LM", "1", "v1" };
	size_t	i;

	if (v == NULL || *v == '\0')
		return (-1);
	for (i = 0; i < sizeof v1 / sizeof v1[0]; i++) {
		if (strcasecmp(v, v1[i]) == 0)
			return (1);
	}
	return (0);
}

int
event_status_absent(const char *v)
{
	static const char *const absent[] = { "0", "no", "none", "false",
	    "absent", "missing", "not present", "notpresent", "not supported",
	    "unsupported", "not used", "not provided", "not available" };
	size_t	i;

	if (v == NULL || *v == '\0')
		return (-1);
	for (i = 0; i < sizeof absent / sizeof absent[0]; i++) {
		if (strcasecmp(v, absent[i]) == 0)
			return (1);
	}
	if (strncasecmp(v, "no ", 3) == 0 || strncasecmp(v, "not ", 4) == 0)
		return (1);
	return (0);
}
