/*
 * report-text-caveats.c: the sentence of each blocker, warning and caveat
 * the simulation yields (simulate.h, enum sim_code), one row per code in
 * caveat_table: its kind, as plan.json names it, and the function that
 * words it from the figures and names the finding carries.  Every writer
 * (report.md, report.html, plan.json, the list's comment) calls
 * report_text_caveat, so a finding reads the same everywhere.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "flows.h"
#include "hostname.h"
#include "policy.h"
#include "report-text-caveats.h"
#include "rules.h"
#include "simulate.h"
#include "util.h"
#include "xmalloc.h"

struct caveat_row {
	const char	*kind;
	char		*(*text)(const struct sim_caveat *);
	const char	*fixed;		/* the sentence when text is NULL */
	char		*(*item)(const struct sim_item *); /* NULL: the name */
};

#define CAVEAT_UNKNOWN_HOST	"(unknown host)"

static const char *
caveat_s(uint64_t n)
{
	return (n == 1 ? "" : "s");
}

static char *
caveat_netbios_unknown(const struct sim_caveat *cv)
{
	const char	*guess = cv->s[1];
	char		*s;

	xasprintf(&s, "the domain's NetBIOS name is unknown, so account "
	    "classes cannot be decided: export the configuration partition "
	    "too (ldifde -f config.ldif -d \"CN=Partitions,"
	    "CN=Configuration,%s\" -r \"(nETBIOSName=*)\") and give "
	    "it with --ldif, or state the name with --netbios NAME%s%s%s",
	    cv->s[0] != NULL ? cv->s[0] : cv->n[0] ? "DC=<domain>" :
	    "DC=<your>,DC=<domain>", guess != NULL ? " (the DNS name's "
	    "first label, " : "", guess != NULL ? guess : "", guess != NULL ?
	    ", is only a guess: NetBIOS names often differ)" : "");
	return (s);
}

static char *
caveat_no_events(const struct sim_caveat *cv)
{
	const struct policy	*p = cv->p[0];
	char			*ev = NULL, *t, *s;
	size_t			 i;

	for (i = 0; i < p->nevents; i++) {
		xasprintf(&t, "%s%s%d", ev != NULL ? ev : "",
		    ev != NULL ? ", " : "", p->events[i]);
		free(ev);
		ev = t;
	}
	xasprintf(&s, "no NTLM audit event this setting is simulated from "
	    "(%s) was read: export Microsoft-Windows-NTLM/Operational "
	    "from the servers and from every DC (wevtutil epl "
	    "Microsoft-Windows-NTLM/Operational NAME.evtx)",
	    ev != NULL ? ev : "none");
	free(ev);
	return (s);
}

static char *
caveat_input_unreadable(const struct sim_caveat *cv)
{
	char	*s;

	xasprintf(&s, "%" PRIu64 " input%s named on the command line could "
	    "not be read: fix the path or the permissions, or leave %s out",
	    cv->n[0], caveat_s(cv->n[0]), cv->n[0] == 1 ? "it" : "them");
	return (s);
}

static char *
caveat_input_without_ntlm(const struct sim_caveat *cv)
{
	char	*s;

	xasprintf(&s, "%" PRIu64 " input%s held records but no NTLM audit "
	    "event (a Security or System log given by mistake?): export "
	    "Microsoft-Windows-NTLM/Operational from %s hosts instead",
	    cv->n[0], caveat_s(cv->n[0]), cv->n[0] == 1 ? "its" : "their");
	return (s);
}

static char *
caveat_unreadable_records(const struct sim_caveat *cv)
{
	char	*s;

	xasprintf(&s, "%" PRIu64 " NTLM record%s or line%s of the logs could "
	    "not be read (collect's warnings name them): the counts miss "
	    "them; export those logs again", cv->n[0], caveat_s(cv->n[0]),
	    caveat_s(cv->n[0]));
	return (s);
}

static char *
caveat_audit_narrower(const struct sim_caveat *cv)
{
	const struct policy	*a = cv->p[0], *p = cv->p[1];
	char			*s;

	if (a == NULL) {
		xasprintf(&s, "the audit level the data was logged at cannot "
		    "show what %s (%ld) denies: audit at the planned level "
		    "and collect again", p->option, p->value);
		return (s);
	}
	xasprintf(&s, "the audit level in force, %s (%ld, %s), does not log "
	    "everything %s (%ld) denies: set \"%s\" to %s (%ld) on the DCs "
	    "and collect again after some weeks", a->audit_option != NULL ?
	    a->audit_option : a->option, a->audit_key != NULL ?
	    a->audit_value : a->off, cv->n[0] ? "inferred from the data" :
	    "as stated", p->option, p->value, p->audit_setting != NULL ?
	    p->audit_setting : p->setting, p->audit_option != NULL ?
	    p->audit_option : p->option, p->audit_key != NULL ?
	    p->audit_value : p->value);
	return (s);
}

static char *
caveat_stale_data(const struct sim_caveat *cv)
{
	char	*s, b[UTIL_TIME_LEN];

	xasprintf(&s, "logging hosts whose newest event (not counting any "
	    "dated after the plan, %s) is more than --max-age %" PRId64
	    " days old: collect their current logs, what changed since is "
	    "not in the data", util_time_readable(cv->t[0], b), cv->t[1]);
	return (s);
}

/*
 * Flows a level denies that no list can cover, one sentence per kind: "N
 * flows (M events) this level denies" and what they are.
 */
static char *
caveat_denied_unplaced(const struct sim_caveat *cv)
{
	static const struct {
		enum sim_code	 code;
		const char	*what;
	} kinds[] = {
		{ SIM_TRUST_CHANNEL_DENIED, "came over a trust's secure channel "
		    "(SChannelType 3 or 4): pass-throughs from another domain "
		    "that no entry of this domain's list is known to cover; "
		    "find the servers in the other domain and move them to "
		    "Kerberos first" },
		{ SIM_NO_SERVER_DENIED, "name no server (an 8004 without "
		    "SChannelName), so no list can cover them: find the member "
		    "that passed them through (the domain controller's Netlogon "
		    "log names its secure channels) before enforcing" },
		{ SIM_DC_VALIDATION_DENIED, "are NTLM logons a domain "
		    "controller validated (Security 4776) that no NTLM audit "
		    "record places: that DC logged no pass-through (8004) "
		    "naming a server for those accounts, so no list can cover "
		    "them (RADIUS with MS-CHAPv2, for VPN and Wi-Fi, logs "
		    "none); blocked.csv names each one's DC and client: enable "
		    "\"Audit NTLM authentication in this domain\" on every DC, "
		    "find the servers and plan again before enforcing" }
	};
	char	*s;
	size_t	 i;

	/* Only the table's codes point here: the last is the one left. */
	for (i = 0; i < sizeof kinds / sizeof kinds[0] - 1; i++)
		if (kinds[i].code == cv->code)
			break;
	xasprintf(&s, "%" PRIu64 " flow%s (%" PRIu64 " event%s) this level "
	    "denies %s", cv->n[0], caveat_s(cv->n[0]), cv->n[1],
	    caveat_s(cv->n[1]), kinds[i].what);
	return (s);
}

static char *
caveat_refused_name(const struct sim_caveat *cv)
{
	int	 one = cv->n[0] == 1;
	char	*s;

	xasprintf(&s, "%" PRIu64 " server name%s in the events %s no NetBIOS "
	    "or DNS host name nor IP address, so no exception list can hold "
	    "%s: %s flows stay denied; find the clients that wrote %s",
	    cv->n[0], caveat_s(cv->n[0]), one ? "is" : "are",
	    one ? "it" : "them", one ? "its" : "their", one ? "it" : "them");
	return (s);
}

static char *
caveat_short_evidence(const struct sim_caveat *cv)
{
	char	*s;

	xasprintf(&s, "the longest log of a host covers %.1f days, less than "
	    "--min-days %" PRId64 ": weekly jobs may not be in the data; "
	    "audit longer (weeks, Microsoft's method) and collect again",
	    (double)cv->t[0] / UTIL_DAY, cv->t[1]);
	return (s);
}

static char *
caveat_overlap(const struct sim_caveat *cv)
{
	char	*s;

	xasprintf(&s, "%" PRIu64 " overlapping input%s whose events could not "
	    "be de-duplicated, so counts may be doubled: collect the "
	    "overlapping exports together (ntlmplan collect A B) instead of "
	    "merging flow files", cv->n[0], caveat_s(cv->n[0]));
	return (s);
}

static char *
caveat_netbios_stated(const struct sim_caveat *cv)
{
	char	*s;

	xasprintf(&s, "the domain's NetBIOS name, %s, was stated with "
	    "--netbios, not read from the directory", cv->s[0] != NULL ?
	    cv->s[0] : "-");
	return (s);
}

static char *
caveat_short_window_hosts(const struct sim_caveat *cv)
{
	char	*s;

	xasprintf(&s, "%" PRIu64 " logging host%s covered less than half the "
	    "longest window, so no NTLM seen there means less: raise the "
	    "log's size (wevtutil sl Microsoft-Windows-NTLM/Operational "
	    "/ms:20971520) and collect again", cv->n[0], caveat_s(cv->n[0]));
	return (s);
}

static char *
caveat_still_denied(const struct sim_caveat *cv)
{
	char	*s;

	xasprintf(&s, "%" PRIu64 " flow%s (%" PRIu64 " event%s) would still "
	    "be denied with the list: remediate rules keep %s servers off "
	    "it; fix them before enforcing, or they break", cv->n[0],
	    caveat_s(cv->n[0]), cv->n[1], caveat_s(cv->n[1]),
	    cv->n[2] == 1 ? "its" : "their");
	return (s);
}

/* The servers of a level's list of one sort: count, noun, what is wrong. */
static char *
caveat_list(const struct sim_caveat *cv, const char *one, const char *many,
    const char *tail)
{
	char	*s;

	xasprintf(&s, "%" PRIu64 " %s on the list%s", cv->n[0],
	    cv->n[0] == 1 ? one : many, tail);
	return (s);
}

static char *
caveat_entry_not_proof(const struct sim_caveat *cv)
{
	return (caveat_list(cv, "server", "servers", " by name although an "
	    "entry in force matched it by wildcard or FQDN: the domain list "
	    "is matched by NetBIOS name, so such an entry proves nothing"));
}

static char *
caveat_list_absent(const struct sim_caveat *cv)
{
	return (caveat_list(cv, "server", "servers", " not in the directory: "
	    "check that the directory export is complete (every OU, "
	    "current)"));
}

static char *
caveat_list_dc(const struct sim_caveat *cv)
{
	return (caveat_list(cv, "domain controller", "domain controllers",
	    ": NTLM to them stays allowed; find what uses it (LDAP binds, "
	    "management tools) and move it to Kerberos"));
}

static char *
caveat_list_disabled(const struct sim_caveat *cv)
{
	return (caveat_list(cv, "disabled computer", "disabled computers",
	    " still receiving NTLM: a name reused by another machine, or a "
	    "stale account; check before excepting"));
}

static char *
caveat_under_a_month(const struct sim_caveat *cv)
{
	char	*s;

	xasprintf(&s, "the longest log of a host covers %.1f days, less than "
	    "%d: monthly jobs may be missing", (double)cv->t[0] / UTIL_DAY,
	    (int)cv->n[0]);
	return (s);
}

static char *
caveat_dc_silent(const struct sim_caveat *cv)
{
	char	*s;

	xasprintf(&s, "%" PRIu64 " domain controller%s of the directory "
	    "logged nothing: each DC logs only the logons it passed through; "
	    "collect the NTLM logs of every DC", cv->n[0], caveat_s(cv->n[0]));
	return (s);
}

static char *
caveat_data_older(const struct sim_caveat *cv)
{
	char	*s, b1[UTIL_TIME_LEN], b2[UTIL_TIME_LEN];

	xasprintf(&s, "the newest event (%s) is older than the directory "
	    "(%s): computers joined since are in the directory, their NTLM "
	    "is not in the data", util_time_readable(cv->t[0], b1),
	    util_time_readable(cv->t[1], b2));
	return (s);
}

static char *
caveat_security_log_only(const struct sim_caveat *cv)
{
	int	 one = cv->n[0] == 1;
	char	*s;

	xasprintf(&s, "%" PRIu64 " host%s gave a Security log but no NTLM "
	    "Operational log: what %s passed through shows only as NTLM "
	    "network logons (4624); export Microsoft-Windows-NTLM/Operational "
	    "from %s too", cv->n[0], caveat_s(cv->n[0]), one ? "it" : "they",
	    one ? "it" : "them");
	return (s);
}

static char *
caveat_empty_input(const struct sim_caveat *cv)
{
	char	*s;

	xasprintf(&s, "%" PRIu64 " input%s without a single record: an empty "
	    "log says nothing", cv->n[0], caveat_s(cv->n[0]));
	return (s);
}

static char *
caveat_unreadable_in_flows(const struct sim_caveat *cv)
{
	char	*s;

	xasprintf(&s, "%" PRIu64 " record%s of the flow files' inputs could "
	    "not be read; the flow files do not say whether they were live "
	    "records or slack space", cv->n[0], caveat_s(cv->n[0]));
	return (s);
}

/* "local account to member server, ..." for a mask of class pairs. */
static char *
caveat_pairs(uint64_t m)
{
	char	*s = NULL, *t;
	int	 a, k;

	for (a = 0; a < ACCOUNT__COUNT; a++) {
		for (k = 0; k < SERVER__COUNT; k++) {
			if ((m & POLICY_PAIR(a, k)) == 0)
				continue;
			xasprintf(&t, "%s%s%s account to %s server",
			    s != NULL ? s : "", s != NULL ? ", " : "",
			    policy_account_class_name(a),
			    policy_server_class_name(k));
			free(s);
			s = t;
		}
	}
	return (s != NULL ? s : xstrdup("none"));
}

static char *
caveat_audit_contradicted(const struct sim_caveat *cv)
{
	char	*s, *t = caveat_pairs(cv->n[0]);

	xasprintf(&s, "the data holds flows that audit level %" PRId64
	    " would not log (%s): the stated audit level may be wrong",
	    cv->t[0], t);
	free(t);
	return (s);
}

static char *
caveat_audit_inferred(const struct sim_caveat *cv)
{
	const struct policy	*p = cv->p[0];
	char			*s;

	xasprintf(&s, "audit level inferred from the classes seen: %s (%ld); "
	    "events outside it were not logged, if it was the level in force "
	    "(use --audit-level to state it)", p->audit_option != NULL ?
	    p->audit_option : p->option, p->audit_key != NULL ?
	    p->audit_value : p->off);
	return (s);
}

static char *
caveat_level_beyond_audit(const struct sim_caveat *cv)
{
	char	*s, *t = caveat_pairs(cv->n[0]);

	xasprintf(&s, "%s (%ld) denies flows the audit level does not log "
	    "(%s): its figures are a lower bound", cv->p[0]->name,
	    cv->p[0]->value, t);
	free(t);
	return (s);
}

static char *
caveat_trust_channel(const struct sim_caveat *cv)
{
	char	*s;

	xasprintf(&s, "%" PRIu64 " flows (%" PRIu64 " events) reached the "
	    "domain controllers over a trust's secure channel (SChannelType "
	    "3 or 4): pass-throughs from another domain, whose channel name "
	    "is no server of this domain; no entry of this domain's list is "
	    "known to cover them", cv->n[0], cv->n[1]);
	return (s);
}

static char *
caveat_short_window(const struct sim_caveat *cv)
{
	char	*s;

	xasprintf(&s, "logging hosts whose window is less than half the "
	    "longest (%.1f days): no NTLM seen there means less",
	    (double)cv->t[0] / UTIL_DAY);
	return (s);
}

static char *
caveat_absent(const struct sim_caveat *cv)
{
	char	*s;

	xasprintf(&s, "%" PRIu64 " server%s seen in events %s not in the "
	    "directory: non-domain servers, or the snapshot is incomplete",
	    cv->n[0], caveat_s(cv->n[0]), cv->n[0] == 1 ? "is" : "are");
	return (s);
}

static char *
caveat_member_absent(const struct sim_caveat *cv)
{
	int	 one = cv->n[0] == 1;
	char	*s;

	xasprintf(&s, "%" PRIu64 " server%s not in the directory %s domain "
	    "member%s by %s own events (8003 with an FQDN in the domain, or "
	    "8004 over a member's secure channel): simulated as domain "
	    "servers and put on the list; the directory export is "
	    "incomplete", cv->n[0], caveat_s(cv->n[0]), one ? "is a" : "are",
	    caveat_s(cv->n[0]), one ? "its" : "their");
	return (s);
}

static char *
caveat_stale_computer(const struct sim_caveat *cv)
{
	char	*s;

	xasprintf(&s, "computers whose last logon is more than %" PRId64
	    " days before their last NTLM event (lastLogonTimestamp lags up "
	    "to 14 days): a reused name or a stale account", cv->t[0]);
	return (s);
}

static char *
caveat_unknown_domain(const struct sim_caveat *cv)
{
	char	*s;

	xasprintf(&s, "accounts of %" PRIu64 " domain%s neither this domain "
	    "nor a trust: the directory's trusts may be incomplete", cv->n[0],
	    caveat_s(cv->n[0]));
	return (s);
}

static char *
caveat_anomaly(const struct sim_caveat *cv)
{
	char	*s;

	xasprintf(&s, "%" PRIu64 " flows (%" PRIu64 " events) of account "
	    "classes this setting never passes through (local, anonymous) "
	    "appear in its events: check how they were logged", cv->n[0],
	    cv->n[1]);
	return (s);
}

static char *
caveat_no_server(const struct sim_caveat *cv)
{
	char	*s;

	xasprintf(&s, "%" PRIu64 " flows (%" PRIu64 " events) name no server "
	    "and were left out", cv->n[0], cv->n[1]);
	return (s);
}

static char *
caveat_policy_note(const struct sim_caveat *cv)
{
	return (xstrdup(cv->p[0]->notes[cv->n[0]]));
}

static char *
caveat_blind_hosts(const struct sim_caveat *cv)
{
	char	*s;

	xasprintf(&s, "%" PRIu64 " host%s logged 4013 or 4014: Credential "
	    "Guard refused NTLM there without the 8001-8004 audit events, so "
	    "the absence of such events from %s is not evidence that nothing "
	    "would break", cv->n[0], caveat_s(cv->n[0]), cv->n[0] == 1 ?
	    "it" : "them");
	return (s);
}

static char *
caveat_no_profile(const struct sim_caveat *cv)
{
	char	*s;

	xasprintf(&s, "%" PRIu64 " events come from flow files of version 1, "
	    "which keep no time profile: when they happened is not known, and "
	    "the per-day chart and the weekly heatmaps leave them out instead "
	    "of estimating", cv->n[0]);
	return (s);
}

/* The items (simulate.h, struct sim_item). */

static const char *
caveat_item_name(const struct sim_item *it)
{
	return (it->name != NULL ? it->name : CAVEAT_UNKNOWN_HOST);
}

static char *
caveat_item_events(const struct sim_item *it)
{
	char	*s;

	xasprintf(&s, "%s: %" PRIu64 " event%s", caveat_item_name(it),
	    it->n[0], caveat_s(it->n[0]));
	return (s);
}

static char *
caveat_item_refused(const struct sim_item *it)
{
	char	*s;

	xasprintf(&s, "%s: %s, %" PRIu64 " event%s", caveat_item_name(it),
	    hostname_refusal_code((enum hostname_refusal)it->n[0]), it->n[1],
	    caveat_s(it->n[1]));
	return (s);
}

static char *
caveat_item_stale_data(const struct sim_item *it)
{
	char	*s, b[UTIL_TIME_LEN];

	if (it->t[0] == UTIL_TIME_NONE)
		xasprintf(&s, "%s: every event dated after the plan",
		    caveat_item_name(it));
	else
		xasprintf(&s, "%s: newest %s, %" PRId64 " days old",
		    caveat_item_name(it), util_time_readable(it->t[0], b),
		    (int64_t)it->n[0]);
	return (s);
}

static char *
caveat_item_future(const struct sim_item *it)
{
	char	*s, b[UTIL_TIME_LEN];

	xasprintf(&s, "%s: newest %s", caveat_item_name(it),
	    util_time_readable(it->t[0], b));
	return (s);
}

/* The window a host's log covered. */
static char *
caveat_item_window(const struct sim_item *it)
{
	char	*s, b1[UTIL_TIME_LEN], b2[UTIL_TIME_LEN];

	xasprintf(&s, "%s: %.1f days, %s to %s", caveat_item_name(it),
	    it->t[0] == UTIL_TIME_NONE ? 0.0 : (double)(it->t[1] - it->t[0]) /
	    (double)UTIL_DAY, util_time_readable(it->t[0], b1),
	    util_time_readable(it->t[1], b2));
	return (s);
}

static char *
caveat_item_stale_computer(const struct sim_item *it)
{
	char	*s, b1[UTIL_TIME_LEN], b2[UTIL_TIME_LEN];

	xasprintf(&s, "%s: last logon %s, last NTLM %s", caveat_item_name(it),
	    it->t[0] == UTIL_TIME_NONE ? "never" :
	    util_time_readable(it->t[0], b1), util_time_readable(it->t[1], b2));
	return (s);
}

static char *
caveat_item_disabled(const struct sim_item *it)
{
	char	*s;

	xasprintf(&s, "%s: %" PRIu64 " events", caveat_item_name(it),
	    it->n[0]);
	return (s);
}

static char *
caveat_item_double(const struct sim_item *it)
{
	char	*s;

	xasprintf(&s, "%s: %" PRIu64 " events logged by the server, %" PRIu64
	    " by domain controllers", caveat_item_name(it), it->n[0],
	    it->n[1]);
	return (s);
}

static char *
caveat_item_invalid_entry(const struct sim_item *it)
{
	char	*s;

	xasprintf(&s, "%s: %s: %s", it->s[0], caveat_item_name(it), it->s[1]);
	return (s);
}

static char *
caveat_item_unused_entry(const struct sim_item *it)
{
	char	*s;

	xasprintf(&s, "%s: %s", it->s[0], caveat_item_name(it));
	return (s);
}

static char *
caveat_item_unused_rule(const struct sim_item *it)
{
	char	*s;

	xasprintf(&s, "line %u: %s %s %s", (unsigned)it->n[0],
	    rules_field_name((enum rules_field)it->n[1]),
	    rules_action_name((enum rules_action)it->n[2]),
	    caveat_item_name(it));
	return (s);
}

/* Record ids in more than one input. */
static char *
caveat_item_overlap(const struct sim_item *it)
{
	char	*s;

	xasprintf(&s, "%s, log %s: record ids %" PRIu64 "..%" PRIu64 " in "
	    "more than one input", caveat_item_name(it), it->s[0] != NULL ?
	    it->s[0] : "(channel unknown)", it->n[0], it->n[1]);
	return (s);
}

/* A gap in a log's record ids. */
static char *
caveat_item_gap(const struct sim_item *it)
{
	char	*s, a[UTIL_TIME_LEN], b[UTIL_TIME_LEN];

	xasprintf(&s, "%s, log %s: %" PRIu64 " record%s lost (ids %" PRIu64
	    "..%" PRIu64 ") between %s and %s", caveat_item_name(it),
	    it->s[0] != NULL ? it->s[0] : "(channel unknown)", it->n[0],
	    caveat_s(it->n[0]), it->n[1] + 1, it->n[2] - 1,
	    it->t[0] == UTIL_TIME_NONE ? "an unknown time" :
	    util_time_readable(it->t[0], a), it->t[1] == UTIL_TIME_NONE ?
	    "an unknown time" : util_time_readable(it->t[1], b));
	return (s);
}

static const struct caveat_row caveat_table[SIM__COUNT] = {
	[SIM_NETBIOS_UNKNOWN] = { "netbios-unknown", caveat_netbios_unknown,
	    NULL, NULL },
	[SIM_NO_EVENTS] = { "no-events", caveat_no_events, NULL, NULL },
	[SIM_INPUT_UNREADABLE] = { "input-unreadable",
	    caveat_input_unreadable, NULL, NULL },
	[SIM_INPUT_WITHOUT_NTLM] = { "input-without-ntlm",
	    caveat_input_without_ntlm, NULL, NULL },
	[SIM_UNREADABLE_RECORDS] = { "unreadable-records",
	    caveat_unreadable_records, NULL, NULL },
	[SIM_AUDIT_LEVEL_NARROWER] = { "audit-level-narrower",
	    caveat_audit_narrower, NULL, NULL },
	[SIM_STALE_DATA] = { "stale-data", caveat_stale_data, NULL,
	    caveat_item_stale_data },
	[SIM_TRUST_CHANNEL_DENIED] = { "trust-channel", caveat_denied_unplaced,
	    NULL, caveat_item_events },
	[SIM_NO_SERVER_DENIED] = { "no-server", caveat_denied_unplaced,
	    NULL, NULL },
	[SIM_DC_VALIDATION_DENIED] = { "dc-validation",
	    caveat_denied_unplaced, NULL, NULL },
	[SIM_REFUSED_NAME] = { "refused-name", caveat_refused_name, NULL,
	    caveat_item_refused },
	[SIM_SHORT_EVIDENCE] = { "short-evidence", caveat_short_evidence,
	    NULL, NULL },
	[SIM_OVERLAP] = { "overlap-not-deduplicated", caveat_overlap, NULL,
	    caveat_item_overlap },
	[SIM_FUTURE_RECORDS] = { "future-records", NULL, "logging hosts with "
	    "events dated after the plan's time (a wrong clock?): those "
	    "events are no evidence of fresh data; check the hosts' time",
	    caveat_item_future },
	[SIM_NETBIOS_STATED] = { "netbios-stated", caveat_netbios_stated,
	    NULL, NULL },
	[SIM_SHORT_WINDOW_HOSTS] = { "short-window",
	    caveat_short_window_hosts, NULL, caveat_item_window },
	[SIM_STILL_DENIED] = { "still-denied", caveat_still_denied, NULL,
	    caveat_item_events },
	[SIM_ENTRY_NOT_PROOF] = { "entry-not-proof", caveat_entry_not_proof,
	    NULL, caveat_item_events },
	[SIM_UNDER_A_MONTH] = { "under-a-month", caveat_under_a_month, NULL,
	    NULL },
	[SIM_RECORD_GAPS] = { "record-gaps", NULL, "records lost to log "
	    "rollover (gaps in the record ids): collect more often or raise "
	    "the log's size", caveat_item_gap },
	[SIM_LIST_ABSENT] = { "not-in-directory", caveat_list_absent, NULL,
	    caveat_item_events },
	[SIM_LIST_DC] = { "dc-on-list", caveat_list_dc, NULL,
	    caveat_item_events },
	[SIM_LIST_DISABLED] = { "disabled-computer", caveat_list_disabled,
	    NULL, caveat_item_events },
	[SIM_DC_SILENT] = { "dc-silent", caveat_dc_silent, NULL, NULL },
	[SIM_DATA_OLDER] = { "data-older-than-directory", caveat_data_older,
	    NULL, NULL },
	[SIM_SECURITY_LOG_ONLY] = { "security-log-only",
	    caveat_security_log_only, NULL, NULL },
	[SIM_EMPTY_INPUT] = { "empty-input", caveat_empty_input, NULL, NULL },
	[SIM_UNREADABLE_IN_FLOWS] = { "unreadable-in-flow-files",
	    caveat_unreadable_in_flows, NULL, NULL },
	[SIM_AUDIT_CONTRADICTED] = { "audit-level-contradicted",
	    caveat_audit_contradicted, NULL, NULL },
	[SIM_AUDIT_INFERRED] = { "audit-level-inferred",
	    caveat_audit_inferred, NULL, NULL },
	[SIM_NO_DATA] = { "no-data", NULL, "no flows of this setting's "
	    "events: the data cannot answer for any level", NULL },
	[SIM_LEVEL_BEYOND_AUDIT] = { "level-beyond-audit",
	    caveat_level_beyond_audit, NULL, NULL },
	[SIM_TRUST_CHANNEL] = { "trust-channel", caveat_trust_channel, NULL,
	    NULL },
	[SIM_SHORT_WINDOW] = { "short-window", caveat_short_window, NULL,
	    caveat_item_window },
	[SIM_ABSENT] = { "absent-from-directory", caveat_absent, NULL, NULL },
	[SIM_MEMBER_ABSENT] = { "member-not-in-directory",
	    caveat_member_absent, NULL, NULL },
	[SIM_STALE_COMPUTER] = { "stale-computer", caveat_stale_computer,
	    NULL, caveat_item_stale_computer },
	[SIM_DISABLED_COMPUTER] = { "disabled-computer", NULL, "disabled "
	    "computer accounts still receiving NTLM", caveat_item_disabled },
	[SIM_DOUBLE_COUNTED] = { "double-counted", NULL, "servers seen both "
	    "in their own events (8003) and in the domain controllers' "
	    "(8004): the same logons may be counted twice in the volumes "
	    "(the exception list is not affected)", caveat_item_double },
	[SIM_UNKNOWN_DOMAIN] = { "unknown-domain", caveat_unknown_domain,
	    NULL, NULL },
	[SIM_ANOMALY] = { "anomaly", caveat_anomaly, NULL, NULL },
	[SIM_NO_SERVER] = { "no-server", caveat_no_server, NULL, NULL },
	[SIM_POLICY_NOTE] = { "policy-note", caveat_policy_note, NULL, NULL },
	[SIM_BLIND_HOSTS] = { "blind-hosts", caveat_blind_hosts, NULL, NULL },
	[SIM_NO_PROFILE] = { "no-profile", caveat_no_profile, NULL, NULL },
	[SIM_BLIND_SPOT] = { "blind-spot", NULL, "MS-CHAPv2 (NPS or RADIUS: "
	    "VPN, Wi-Fi and wired 802.1X) authenticates with NTLM through the "
	    "domain controllers but logs no 8003 or 8004 in audit mode; under "
	    "enforcement it fails with 0xC0000418 and a 4004 on the domain "
	    "controller. No event in this plan can show it: ask the owners "
	    "of the NPS servers before enforcing.", NULL },
	[SIM_INVALID_EXCEPTION] = { "invalid-exception", NULL, "entries of "
	    "the exception list in force that were ignored",
	    caveat_item_invalid_entry },
	[SIM_UNUSED_EXCEPTION] = { "unused-exception", NULL, "entries of the "
	    "exception list in force that match no server seen",
	    caveat_item_unused_entry },
	[SIM_UNUSED_RULE] = { "unused-rule", NULL, "rules that matched no "
	    "flow", caveat_item_unused_rule },
};

const char *
report_text_caveat_kind(enum sim_code code)
{
	return (caveat_table[code].kind);
}

char *
report_text_caveat(const struct sim_caveat *cv)
{
	const struct caveat_row	*row = &caveat_table[cv->code];

	if (row->text != NULL)
		return (row->text(cv));
	return (xstrdup(row->fixed));
}

char *
report_text_caveat_item(const struct sim_caveat *cv, size_t i)
{
	const struct caveat_row	*row = &caveat_table[cv->code];

	if (row->item != NULL)
		return (row->item(&cv->items[i]));
	return (xstrdup(caveat_item_name(&cv->items[i])));
}

