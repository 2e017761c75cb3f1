/*
 * t-flows.c: unit tests of flows.c: key derivation per event type, case
 * folding and the earliest-spelling rule, merge laws, the canonical order,
 * and save/load round trips.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "event.h"
#include "flows.h"
#include "tap.h"
#include "util.h"

static struct event
ev8003(int64_t t, const char *computer, const char *user, const char *dom,
    const char *ws)
{
	struct event	ev;

	memset(&ev, 0, sizeof ev);
	ev.id = 8003;
	ev.time = t;
	ev.provider = EVENT_PROVIDER_NTLM;
	ev.computer = computer;
	ev.fields[0] = user;
	ev.fields[1] = dom;
	ev.fields[2] = ws;
	ev.fields[3] = "4";
	ev.fields[4] = "System";
	ev.fields[5] = "3";
	ev.fields[6] = "false";
	ev.fields[7] = "(NULL)";
	ev.nfields = 8;
	return (ev);
}

static char *
save_string(struct flows *fl)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*f;

	f = open_memstream(&buf, &len);
	flows_save(fl, f);
	fclose(f);
	return (buf);
}

static void
test_keys(void)
{
	struct flows	*fl = flows_create();
	struct source	*src = flows_add_source(fl, "x");
	struct event	 ev;
	struct flow	*f;

	ev = ev8003(10, "SRV1.corp.example", "alice", "CORP", "\\\\WS01");
	ok(flows_add_event(fl, src, &ev) == 0, "8003 added");
	f = flows_flow(fl, 0);
	is_str(f->key.server, "SRV1.corp.example", "8003: server is Computer");
	is_str(f->key.workstation, "WS01", "leading \\\\ stripped");
	is_int(f->key.logon_type, 3, "logon type");
	is_int(f->key.in_proc, 0, "in_proc false");
	ok(f->key.mechanism == NULL, "(NULL) mechanism is null");

	memset(&ev, 0, sizeof ev);
	ev.id = 8004;
	ev.time = 20;
	ev.provider = EVENT_PROVIDER_NETLOGON;
	ev.computer = "DC1.corp.example";
	ev.fields[0] = "APP01";
	ev.fields[1] = "bob";
	ev.fields[2] = "CORP";
	ev.fields[3] = "\\\\WS02";
	ev.fields[4] = "2";
	ev.nfields = 5;
	flows_add_event(fl, src, &ev);
	f = flows_flow(fl, 1);
	is_str(f->key.server, "APP01", "8004: server is SChannelName");
	is_str(f->key.logged_by, "DC1.corp.example", "8004: logged_by is DC");
	is_int(f->key.schannel_type, 2, "schannel type");
	ok(f->key.process == NULL && f->key.logon_type == -1,
	    "8004: no process, no logon type");

	memset(&ev, 0, sizeof ev);
	ev.id = 8001;
	ev.time = 30;
	ev.provider = EVENT_PROVIDER_NTLM;
	ev.computer = "WS03";
	ev.fields[0] = "cifs/10.0.0.5";
	ev.fields[1] = "carol";
	ev.fields[2] = "CORP";
	ev.nfields = 3;
	flows_add_event(fl, src, &ev);
	f = flows_flow(fl, 2);
	is_str(f->key.server, "cifs/10.0.0.5", "8001: server is TargetName");
	is_str(f->key.logged_by, "WS03", "8001: logged_by is the client");

	memset(&ev, 0, sizeof ev);
	ev.id = 8002;
	ev.time = 40;
	ev.provider = EVENT_PROVIDER_NTLM;
	ev.computer = "FS01";
	ev.fields[1] = "System";
	ev.fields[3] = "dave";
	ev.fields[4] = "PARTNER";
	ev.nfields = 6;
	flows_add_event(fl, src, &ev);
	f = flows_flow(fl, 3);
	ok(strcmp(f->key.server, "FS01") == 0 &&
	    strcmp(f->key.user, "dave") == 0 &&
	    strcmp(f->key.domain, "PARTNER") == 0,
	    "8002: server Computer, client user and domain");

	ev.id = 6038;
	ok(flows_add_event(fl, src, &ev) == -1, "other ids refused");
	is_int((long long)src->used, 4, "used counted");
	is_int((long long)src->nlogged_by, 4, "logged_by hosts");
	ok(src->first_seen == 10 && src->last_seen == 40, "source window");
	flows_free(fl);
}

static void
test_case_and_spelling(void)
{
	struct flows	*a = flows_create(), *b = flows_create();
	struct source	*sa = flows_add_source(a, "a");
	struct source	*sb = flows_add_source(b, "b");
	struct event	 ev;
	char		*s1, *s2;

	/* Later event first: the earlier one's spelling must win. */
	ev = ev8003(200, "srv1.corp.example", "ALICE", "corp", "ws01");
	flows_add_event(a, sa, &ev);
	ev = ev8003(100, "SRV1.corp.example", "alice", "CORP", "WS01");
	flows_add_event(a, sa, &ev);
	is_int((long long)flows_count(a), 1, "names fold case: one flow");
	is_str(flows_flow(a, 0)->key.user, "alice", "earliest spelling");
	is_int((long long)flows_flow(a, 0)->count, 2, "count 2");

	/* Same events in the other order, in two tables, merged. */
	ev = ev8003(100, "SRV1.corp.example", "alice", "CORP", "WS01");
	flows_add_event(b, sb, &ev);
	ev = ev8003(200, "srv1.corp.example", "ALICE", "corp", "ws01");
	flows_add_event(b, sb, &ev);
	/* A tie on time: the bytewise smaller spelling wins. */
	ev = ev8003(300, "x", "Bob", "CORP", "W");
	flows_add_event(a, sa, &ev);
	ev = ev8003(300, "x", "bob", "CORP", "W");
	flows_add_event(b, sb, &ev);
	s1 = save_string(a);
	s2 = save_string(b);
	ok(strstr(s1, "\"user\": \"Bob\"") != NULL &&
	    strstr(s2, "\"user\": \"Bob\"") == NULL, "tie fixture sane");
	free(s1);
	free(s2);
	flows_merge(a, b);
	s1 = save_string(a);
	ok(strstr(s1, "\"user\": \"Bob\"") != NULL &&
	    strstr(s1, "\"count\": 2") != NULL, "tie: smaller spelling");
	ok(strstr(s1, "\"user\": \"ALICE\"") == NULL, "merge keeps earliest");
	ok(strstr(s1, "\"count\": 4") != NULL, "merged counts add");
	is_int((long long)flows_source_count(a), 2, "sources concatenate");
	is_int((long long)flows_source_count(b), 0, "merged-from is empty");
	free(s1);
	/* Merging an empty table (a worker that got no input) is a no-op. */
	flows_free(b);
	b = flows_create();
	flows_merge(a, b);
	is_int((long long)flows_source_count(a), 2, "merge of an empty table");
	flows_merge(b, a);
	is_int((long long)flows_count(b), 2, "merge into an empty table");
	flows_free(a);
	flows_free(b);
}

static int	rec(struct flows *, const char *, const char *, const char *,
		    uint64_t, int64_t);

/*
 * A merge into an empty table takes the other's contents whole: the same
 * flows, logs and sources as adding them one by one, and both tables go
 * on working (the flow index moved with the flows).
 */
static void
test_merge_into_empty(void)
{
	struct flows	*a = flows_create(), *e = flows_create();
	struct flows	*fresh = flows_create();
	struct source	*sa = flows_add_source(a, "a"), *se;
	struct event	 ev;
	char		*s1, *s2;

	ev = ev8003(100, "SRV1.corp.example", "alice", "CORP", "WS01");
	flows_add_event(a, sa, &ev);
	ev = ev8003(200, "SRV2.corp.example", "bob", "CORP", "WS02");
	flows_add_event(a, sa, &ev);
	rec(a, "SRV1.corp.example", "Security", NULL, 7, 100);
	rec(a, "SRV1.corp.example", "Security", NULL, 8, 110);
	s1 = save_string(a);
	flows_merge(e, a);
	s2 = save_string(e);
	is_str(s2, s1, "merge into an empty table: the same file");
	free(s1);
	free(s2);
	s1 = save_string(a);
	s2 = save_string(fresh);
	is_str(s1, s2, "the merged-from table is empty");
	free(s1);
	free(s2);
	is_int(rec(e, "SRV1.corp.example", "Security", NULL, 8, 110), 1,
	    "the logs moved: a record read already is a copy in the target");
	is_int(rec(a, "SRV1.corp.example", "Security", NULL, 8, 110), 0,
	    "and new to the merged-from table");
	/* The index moved with the flows: the same key finds its flow. */
	se = flows_add_source(e, "e");
	ev = ev8003(300, "srv1.corp.example", "ALICE", "corp", "ws01");
	flows_add_event(e, se, &ev);
	is_int((long long)flows_count(e), 2, "an old key finds its flow");
	/* And the emptied table takes new events and merges again. */
	sa = flows_add_source(a, "a2");
	ev = ev8003(400, "SRV2.corp.example", "bob", "CORP", "WS02");
	flows_add_event(a, sa, &ev);
	ev = ev8003(500, "SRV3.corp.example", "carol", "CORP", "WS03");
	flows_add_event(a, sa, &ev);
	is_int((long long)flows_count(a), 2, "the emptied table is usable");
	flows_merge(e, a);
	is_int((long long)flows_count(e), 3, "merged again: one new flow");
	is_int((long long)flows_source_count(e), 3, "three sources");
	flows_free(a);
	flows_free(e);
	flows_free(fresh);
}

static void
test_round_trip(void)
{
	struct flows	*a = flows_create(), *b = flows_create();
	struct source	*src = flows_add_source(a, "path \"quoted\"\n");
	struct event	 ev;
	char		*s1, *s2, *cause = NULL, path[] = "/tmp/t-flows.XXXXXX";
	FILE		*f;
	int		 fd, i;

	for (i = 0; i < 50; i++) {
		ev = ev8003(1773017720842728LL + i, i % 2 ? "SRV2" : "SRV1",
		    i % 3 ? "user\\x" : "u\xc3\xa9", i % 5 ? "CORP" : NULL,
		    NULL);
		flows_add_event(a, src, &ev);
	}
	src->records = 60;
	src->skipped = 10;
	s1 = save_string(a);
	fd = mkstemp(path);
	f = fdopen(fd, "w");
	fputs(s1, f);
	fclose(f);
	ok(flows_load(b, path, &cause) == 0, "load what was saved");
	s2 = save_string(b);
	is_str(s2, s1, "save(load(save(x))) = save(x)");
	free(s2);
	free(s1);
	is_int((long long)flows_events(b), 50, "events preserved");

	f = fopen(path, "w");
	fputs("{\"format\": \"ntlmplan-flows\", \"version\": 1,\n"
	    " \"flows\": [{\"event_id\": 9999, \"count\": 1}]}\n", f);
	fclose(f);
	ok(flows_load(b, path, &cause) == -1 && cause != NULL &&
	    strstr(cause, ":2:12: flow with an unknown event_id") != NULL,
	    "unknown event id located");
	if (cause != NULL)
		diag("%s", cause);
	free(cause);
	cause = NULL;
	f = fopen(path, "w");
	fputs("{\"flows\": []}", f);
	fclose(f);
	ok(flows_load(b, path, &cause) == -1 && cause != NULL,
	    "format member required first");
	free(cause);
	unlink(path);
	flows_free(a);
	flows_free(b);
}

static void
test_order(void)
{
	struct flows	*fl = flows_create();
	struct source	*src = flows_add_source(fl, "x");
	struct event	 ev;

	ev = ev8003(1, "srv-b", "zed", "CORP", NULL);
	flows_add_event(fl, src, &ev);
	ev = ev8003(1, "SRV-A", "bob", "corp", NULL);
	flows_add_event(fl, src, &ev);
	ev = ev8003(1, "srv-a", "Alice", "CORP", NULL);
	flows_add_event(fl, src, &ev);
	ev = ev8003(1, "srv-a", "carl", NULL, NULL);
	flows_add_event(fl, src, &ev);
	flows_sort(fl);
	is_str(flows_flow(fl, 0)->key.user, "carl", "null domain first");
	is_str(flows_flow(fl, 1)->key.user, "Alice", "then by user, folded");
	is_str(flows_flow(fl, 2)->key.user, "bob", "bob after Alice");
	is_str(flows_flow(fl, 3)->key.server, "srv-b", "server order");
	/* The index still finds flows after sorting. */
	ev = ev8003(5, "SRV-B", "ZED", "corp", NULL);
	flows_add_event(fl, src, &ev);
	is_int((long long)flows_count(fl), 4, "lookup after sort");
	flows_free(fl);
}

/* An event of id with named values, the rest absent. */
static struct event
evnamed(int id, const char *provider, const char *computer, int64_t t,
    const char *const *nv)
{
	struct event	ev;
	int		i;

	memset(&ev, 0, sizeof ev);
	ev.id = id;
	ev.time = t;
	ev.provider = provider;
	ev.computer = computer;
	for (; nv[0] != NULL; nv += 2) {
		i = event_field_index(id, nv[0]);
		if (i < 0)
			ok(0, "%d has no field %s", id, nv[0]);
		else {
			ev.fields[i] = nv[1];
			if (i >= ev.nfields)
				ev.nfields = i + 1;
		}
	}
	return (ev);
}

static void
test_table(void)
{
	const struct event_def	*d, *prev = NULL;
	int			 i, j, sorted = 1, roles = 1, twins = 1;

	for (i = 0; (d = event_def_at(i)) != NULL; i++) {
		if (prev != NULL && prev->id >= d->id)
			sorted = 0;
		prev = d;
		/* No role twice in a row. */
		for (j = 0; j < d->nfields; j++) {
			if (d->fields[j].role != EVENT_ROLE_NONE &&
			    event_def_role(d, d->fields[j].role) != j)
				roles = 0;
		}
		if (d->nfields > EVENT_MAX_FIELDS ||
		    d->nrequired > d->nfields)
			roles = 0;
		if (d->id >= 8000 && (event_def_find(d->id - 4000) == NULL ||
		    event_def_find(d->id - 4000)->fields != d->fields))
			twins = 0;
	}
	ok(sorted, "event table in id order, ids unique");
	ok(roles, "each role at most once per event");
	ok(twins, "every audit event has its blocked twin's layout");
	ok(event_is_ntlm(4624, EVENT_PROVIDER_SECURITY) &&
	    !event_is_ntlm(4624, EVENT_PROVIDER_NTLM) &&
	    event_is_ntlm(4030, EVENT_PROVIDER_NETLOGON) &&
	    event_is_ntlm(8004, EVENT_PROVIDER_NTLM) &&
	    !event_is_ntlm(8003, EVENT_PROVIDER_SECURITY),
	    "events are read with their provider");
	is_int(event_field_index(4624, "IpAddress"), 18, "4624 IpAddress");
	is_int(event_field_index(4022, "MicStatus"), 14, "4022 MicStatus");
	ok(event_version_is_v1("NTLM V1") == 1 &&
	    event_version_is_v1("NTLM V2") == 0 &&
	    event_version_is_v1(NULL) == -1, "NTLM version classes");
	ok(event_status_absent("Not present") == 1 &&
	    event_status_absent("Present") == 0, "MIC status classes");
}

static void
test_new_events(void)
{
	static const char *const e4020[] = { "ProcessName", "app.exe",
	    "Username", "erin", "DomainName", "CORP", "Hostname", "WS05",
	    "TargetMachine", "FS01", "TargetIP", "10.0.0.7", "NtlmUsageId",
	    "7", "NtlmUsageReason", "Target name is an IP address",
	    "NtlmVersion", "NTLMv2", "ChannelBindingStatus", "Absent",
	    "MicStatus", "Present", NULL };
	static const char *const e4023[] = { "ProcessName", "System",
	    "Username", "bob", "DomainName", "CORP", "RemoteClientMachine",
	    "\\\\WS07", "ClientIP", "10.0.0.8", "NtlmVersion", "NTLMv1",
	    "MicStatus", "Not present", "Status", "0x0", NULL };
	static const char *const e4032[] = { "AccountName", "carol",
	    "AccountDomain", "CORP", "AccountMachine", "WS08", "ServerName",
	    "APP02", "ServerIP", "10.0.0.9", "NtlmVersion", "NTLMv2", NULL };
	static const char *const e4624[] = { "TargetUserName", "dave",
	    "TargetDomainName", "CORP", "LogonType", "3",
	    "AuthenticationPackageName", "NTLM", "WorkstationName", "WS09",
	    "LmPackageName", "NTLM V1", "IpAddress", "10.0.0.10", NULL };
	static const char *const e4624k[] = { "TargetUserName", "dave",
	    "AuthenticationPackageName", "Kerberos", NULL };
	static const char *const e4776[] = { "PackageName",
	    "MICROSOFT_AUTHENTICATION_PACKAGE_V1_0", "TargetUserName", "eve",
	    "Workstation", "WS10", "Status", "0xc000006a", NULL };
	static const char *const e4014[] = { "ImageName", "C:\\app.exe",
	    "SvcHostTag", "x", NULL };
	static const char *const e8005[] = { "SChannelName", "DC1",
	    "UserName", "fred", "DomainName", "CORP", "WorkstationName",
	    "WS11", "SChannelType", "2", NULL };
	struct flows	*fl = flows_create();
	struct source	*src = flows_add_source(fl, "x");
	struct event	 ev;
	struct flow	*f;
	size_t		 i;
	int		 seen = 0;

	ev = evnamed(4020, EVENT_PROVIDER_NTLM, "WS05.corp.example", 10, e4020);
	ok(flows_add_event(fl, src, &ev) == 0, "4020 added");
	ev = evnamed(4023, EVENT_PROVIDER_NTLM, "SRV7.corp.example", 11, e4023);
	flows_add_event(fl, src, &ev);
	ev = evnamed(4032, EVENT_PROVIDER_NETLOGON, "DC1.corp.example", 12,
	    e4032);
	flows_add_event(fl, src, &ev);
	ev = evnamed(4624, EVENT_PROVIDER_SECURITY, "SRV8.corp.example", 13,
	    e4624);
	flows_add_event(fl, src, &ev);
	ev = evnamed(4624, EVENT_PROVIDER_SECURITY, "SRV8.corp.example", 14,
	    e4624k);
	ok(flows_add_event(fl, src, &ev) == 1, "4624 of Kerberos skipped");
	ev = evnamed(4776, EVENT_PROVIDER_SECURITY, "DC1.corp.example", 15,
	    e4776);
	flows_add_event(fl, src, &ev);
	ev = evnamed(4014, EVENT_PROVIDER_NTLM, "WS12.corp.example", 16, e4014);
	flows_add_event(fl, src, &ev);
	ev = evnamed(8005, EVENT_PROVIDER_NETLOGON, "DC1.corp.example", 17,
	    e8005);
	flows_add_event(fl, src, &ev);
	is_int((long long)src->used, 7, "seven used");
	ok(src->skipped == 1 && src->nskips == 1 && src->skips[0].id == 4624,
	    "the skipped one counted under its id");
	for (i = 0; (f = flows_flow(fl, i)) != NULL; i++) {
		switch (f->key.event_id) {
		case 4020:
			ok(strcmp(f->key.server, "FS01") == 0 &&
			    strcmp(f->key.workstation, "WS05") == 0 &&
			    strcmp(f->key.user, "erin") == 0 &&
			    strcmp(f->key.target_ip, "10.0.0.7") == 0 &&
			    f->key.usage_id == 7 &&
			    strcmp(f->key.usage_reason,
			    "Target name is an IP address") == 0 &&
			    strcmp(f->key.ntlm_version, "NTLMv2") == 0 &&
			    strcmp(f->key.channel_binding, "Absent") == 0 &&
			    strcmp(f->key.mic, "Present") == 0,
			    "4020: server, client, account, IP, usage, "
			    "version, MIC, channel binding");
			seen++;
			break;
		case 4023:
			ok(strcmp(f->key.server, "SRV7.corp.example") == 0 &&
			    strcmp(f->key.workstation, "WS07") == 0 &&
			    strcmp(f->key.client_ip, "10.0.0.8") == 0 &&
			    strcmp(f->key.status, "0x0") == 0 &&
			    f->key.usage_id == -1 &&
			    strcmp(f->key.mic, "Not present") == 0,
			    "4023: server is Computer, client and its IP");
			seen++;
			break;
		case 4032:
			ok(strcmp(f->key.server, "APP02") == 0 &&
			    strcmp(f->key.target_ip, "10.0.0.9") == 0 &&
			    strcmp(f->key.workstation, "WS08") == 0,
			    "4032: ServerName, ServerIP, AccountMachine");
			seen++;
			break;
		case 4624:
			ok(strcmp(f->key.server, "SRV8.corp.example") == 0 &&
			    strcmp(f->key.ntlm_version, "NTLM V1") == 0 &&
			    strcmp(f->key.client_ip, "10.0.0.10") == 0 &&
			    strcmp(f->key.workstation, "WS09") == 0 &&
			    f->key.logon_type == 3,
			    "4624: LmPackageName, IpAddress, WorkstationName");
			seen++;
			break;
		case 4776:
			ok(f->key.server == NULL &&
			    strcmp(f->key.user, "eve") == 0 &&
			    strcmp(f->key.status, "0xc000006a") == 0,
			    "4776: no server, account and status");
			seen++;
			break;
		case 4014:
			ok(strcmp(f->key.process, "C:\\app.exe") == 0 &&
			    strcmp(f->key.logged_by, "WS12.corp.example") == 0,
			    "4014: image name, the blind host");
			seen++;
			break;
		case 8005:
			ok(strcmp(f->key.server, "DC1") == 0 &&
			    f->key.schannel_type == 2, "8005: 8004 layout");
			seen++;
			break;
		}
	}
	is_int(seen, 7, "each event in its own flow with its own id");
	flows_free(fl);
}

/* Events of one flow at times t[0..n) into a new flows. */
static struct flows *
profile_flows(const int64_t *t, size_t n)
{
	struct flows	*fl = flows_create();
	struct source	*src = flows_add_source(fl, "p");
	struct event	 ev;
	size_t		 i;

	for (i = 0; i < n; i++) {
		ev = ev8003(t[i], "SRV1", "alice", "CORP", "WS01");
		flows_add_event(fl, src, &ev);
	}
	return (fl);
}

#define DAY_US	(86400 * 1000000LL)
#define HOUR_US	(3600 * 1000000LL)

static void
test_profile(void)
{
	/* 2026-03-01 is a Sunday. */
	int64_t			 sun = 20513 * DAY_US, t[300];
	struct flows		*a, *b, *c, *x, *y, *all;
	const struct flow	*f;
	char			*s1, *s2;
	size_t			 i;

	is_int(flows_weekhour(sun + 5 * HOUR_US), 6 * 24 + 5,
	    "Sunday 05h is weekday 6, hour 5");
	is_int(flows_weekhour(0), 3 * 24, "1970-01-01 was a Thursday");
	is_int(flows_day(-1), -1, "days floor before 1970");

	for (i = 0; i < 300; i++)
		t[i] = sun + (int64_t)(i % 150) * DAY_US + 5 * HOUR_US;
	all = profile_flows(t, 300);
	f = flows_flow(all, 0);
	is_int(f->profile->ndays, FLOWS_PROFILE_DAYS, "days bounded");
	is_int((long long)f->profile->earlier, 2 * (150 - FLOWS_PROFILE_DAYS),
	    "older days summed in earlier");
	ok(f->profile->nhours == 7, "one cell per weekday at 05h");

	/* Merge laws over profiles: any grouping, any order. */
	a = profile_flows(t, 100);
	b = profile_flows(t + 100, 120);
	c = profile_flows(t + 220, 80);
	flows_merge(a, b);
	flows_merge(a, c);
	x = profile_flows(t + 220, 80);
	y = profile_flows(t + 100, 120);
	flows_merge(y, x);
	flows_free(x);
	x = profile_flows(t, 100);
	flows_merge(y, x);
	flows_sort(all);
	s1 = save_string(a);
	s2 = save_string(y);
	is_str(s2, s1, "merge(c, b), a = merge(a, b), c");
	free(s2);
	/* Same flows as one collect (the sources differ). */
	s2 = save_string(all);
	is_str(strstr(s2, "\"flows\""), strstr(s1, "\"flows\""),
	    "merge of three parts = one collect of all");
	ok(strstr(s1, "\"earlier\": 116") != NULL,
	    "merged profile folds the oldest days");
	free(s2);
	free(s1);
	flows_free(a);
	flows_free(b);
	flows_free(c);
	flows_free(x);
	flows_free(y);
	flows_free(all);
}

/* Load text into a new flows; NULL with *cause set on error. */
static struct flows *
load_string(const char *text, char **cause)
{
	struct flows	*fl = flows_create();
	char		 path[] = "/tmp/t-flows.XXXXXX";
	FILE		*f;
	int		 fd;

	fd = mkstemp(path);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	if (flows_load(fl, path, cause) != 0) {
		flows_free(fl);
		fl = NULL;
	}
	unlink(path);
	return (fl);
}

static void
test_version1(void)
{
	static const char v1[] = "{\"format\": \"ntlmplan-flows\", "
	    "\"version\": 1,\n \"sources\": [],\n \"flows\": [\n"
	    "  {\"event_id\": 8003, \"logged_by\": \"SRV1\", \"server\": "
	    "\"SRV1\", \"domain\": \"CORP\", \"user\": \"alice\", "
	    "\"workstation\": \"WS01\", \"process\": \"System\", "
	    "\"logon_type\": 3, \"mechanism\": null, \"in_proc\": false, "
	    "\"schannel_type\": null, \"count\": 5, \"first_seen\": "
	    "\"2026-03-01T05:00:00Z\", \"last_seen\": "
	    "\"2026-03-02T05:00:00Z\"}\n ]}\n";
	static const char bad[] = "{\"format\": \"ntlmplan-flows\", "
	    "\"version\": 2,\n \"flows\": [{\"event_id\": 8003, \"count\": 2, "
	    "\"profile\": {\"days\": [[\"2026-03-01\", 1]], \"earlier\": 0, "
	    "\"unknown\": 0, \"hours\": [[6, 5, 2]]}}]}\n";
	struct flows	*old, *new;
	const struct flow *f;
	char		*cause = NULL;
	int64_t		 t = 20513 * DAY_US + 5 * HOUR_US;

	old = load_string(v1, &cause);
	ok(old != NULL, "version 1 loads");
	if (old == NULL)
		return;
	f = flows_flow(old, 0);
	ok(f->profile == NULL && f->key.usage_id == -1,
	    "version 1: profile not known, no usage id");
	new = profile_flows(&t, 1);
	flows_merge(old, new);
	f = flows_flow(old, 0);
	ok(f->count == 6 && f->profile != NULL && f->profile->unknown == 5,
	    "merged with a profile: the version-1 events are unknown");
	flows_free(new);
	flows_free(old);
	ok(load_string(bad, &cause) == NULL && cause != NULL &&
	    strstr(cause, "do not sum") != NULL,
	    "profile cells must sum to the count");
	free(cause);
}

/* Record rid of (host, channel) at time t into fl; 1 if a duplicate. */
static int
rec(struct flows *fl, const char *host, const char *channel,
    const char *provider, uint64_t rid, int64_t t)
{
	struct event	ev;

	memset(&ev, 0, sizeof ev);
	ev.id = 8003;
	ev.time = t;
	ev.provider = provider;
	ev.computer = host;
	ev.channel = channel;
	ev.record_id = rid;
	return (flows_record(fl, &ev));
}

static const struct flows_log *
log_of(struct flows *fl, size_t i)
{
	const struct flows_log	*l;
	size_t			 n = flows_logs(fl, &l);

	return (i < n ? &l[i] : NULL);
}

static void
test_records(void)
{
	struct flows		*fl = flows_create();
	const struct flows_log	*l;
	struct flows_gap	 g;
	uint64_t		 id;
	int			 dups = 0;

	/*
	 * An EventRecordID above 2^53 - 1 cannot be written exactly in a flow
	 * file (a JSON number): such a record has no identity, so that
	 * ntlmplan reads back what it writes (found by the evtx fuzz target).
	 */
	{
		struct flows	*big = flows_create();
		char		 path[] = "/tmp/t-flows.XXXXXX", *cause = NULL;
		FILE		*f;
		int		 fd;

		rec(big, "SRV1", FLOWS_CHANNEL_NTLM, NULL, 5, 1);
		ok(rec(big, "SRV1", FLOWS_CHANNEL_NTLM, NULL,
		    UINT64_C(9217956811646828589), 2) == 0 &&
		    rec(big, "SRV1", FLOWS_CHANNEL_NTLM, NULL,
		    UINT64_C(9217956811646828589), 3) == 0,
		    "an id past 2^53 - 1 has no identity");
		ok(flows_log_held(log_of(big, 0)) == 1,
		    "the log holds only the id it can write");
		fd = mkstemp(path);
		f = fdopen(fd, "w");
		flows_save(big, f);
		fclose(f);
		flows_free(big);
		big = flows_create();
		ok(flows_load(big, path, &cause) == 0, "and reads it back");
		free(cause);
		unlink(path);
		flows_free(big);
	}

	/* Ids in any order coalesce into ranges; repeats are duplicates. */
	for (id = 1; id <= 10; id++)
		dups += rec(fl, "SRV1", FLOWS_CHANNEL_NTLM, NULL, id,
		    (int64_t)id);
	for (id = 30; id >= 21; id--)
		dups += rec(fl, "SRV1", FLOWS_CHANNEL_NTLM, NULL, id,
		    (int64_t)id);
	is_int(dups, 0, "new ids are no duplicates");
	ok(rec(fl, "srv1", FLOWS_CHANNEL_NTLM, NULL, 5, 5) == 1,
	    "same host (any case), channel, id and time: a duplicate");
	ok(rec(fl, "SRV1", NULL, EVENT_PROVIDER_NTLM, 22, 22) == 1,
	    "no channel: the NTLM provider's log");
	ok(rec(fl, "SRV1", "Security", NULL, 5, 5) == 0,
	    "another channel: another log");
	ok(rec(fl, "SRV2", FLOWS_CHANNEL_NTLM, NULL, 5, 5) == 0,
	    "another host: another log");
	ok(rec(fl, "SRV1", NULL, "Microsoft-Windows-Security-Auditing", 5,
	    5) == 0 && rec(fl, "SRV1", NULL,
	    "Microsoft-Windows-Security-Auditing", 5, 5) == 0,
	    "no channel, another provider: no identity, never a duplicate");
	ok(rec(fl, "SRV1", FLOWS_CHANNEL_NTLM, NULL, 3, 2000000) == 0,
	    "a held id at another time: the log was cleared, not a copy");
	ok(rec(fl, "SRV1", FLOWS_CHANNEL_NTLM, NULL, 25, 1024) == 1,
	    "a held id within a millisecond of its time (one copy's time "
	    "in milliseconds, the other's in 100 ns): a copy");
	l = log_of(fl, 1);
	ok(l != NULL && strcmp(l->host, "SRV1") == 0 &&
	    strcmp(l->channel, FLOWS_CHANNEL_NTLM) == 0, "logs sorted");
	is_int((long long)l->nranges, 2, "two ranges");
	is_int((long long)flows_log_held(l), 20, "20 ids held");
	is_int((long long)flows_log_lost(l), 10, "10 lost");
	flows_log_gap(l, 0, &g);
	ok(g.after == 10 && g.before == 21 && g.lost == 10 && g.from == 10 &&
	    g.to == 21, "the gap: ids 11..20, between the times of 10 and 21");
	is_int(l->first_time, 1, "window from every record");
	is_int(l->last_time, 2000000, "window to every record");
	/* Filling 11..20 joins the ranges. */
	rec(fl, "SRV1", FLOWS_CHANNEL_NTLM, NULL, 11, 11);
	flows_record_range(fl, "SRV1", FLOWS_CHANNEL_NTLM, 12, 20);
	l = log_of(fl, 1);
	ok(l->nranges == 1 && l->ranges[0].first == 1 &&
	    l->ranges[0].last == 30 && l->ranges[0].last_time == 30,
	    "ranges coalesce");
	flows_free(fl);
}

static void
test_logs_merge(void)
{
	struct flows			*a, *b, *c, *ab, *ba;
	const struct flows_log		*l;
	struct flows_overlap		*o;
	char				*s1, *s2, *cause = NULL;
	char				 path[] = "/tmp/t-flows.XXXXXX";
	size_t				 n;
	uint64_t			 id;
	FILE				*f;
	int				 fd;

	a = flows_create();
	b = flows_create();
	c = flows_create();
	for (id = 1; id <= 40; id++)
		rec(a, "FS1", FLOWS_CHANNEL_NTLM, NULL, id, (int64_t)id);
	for (id = 21; id <= 60; id++)
		rec(b, "fs1", FLOWS_CHANNEL_NTLM, NULL, id, (int64_t)id);
	for (id = 100; id <= 110; id++)
		rec(c, "FS1", FLOWS_CHANNEL_NTLM, NULL, id, (int64_t)id);
	ok(flows_logs_intersect(a, b), "1..40 and 21..60 intersect");
	ok(!flows_logs_intersect(a, c), "1..40 and 100..110 do not");

	/* The exclusion table: what a has read is a duplicate in b. */
	ab = flows_create();
	flows_exclude(ab, a);
	ok(rec(ab, "FS1", FLOWS_CHANNEL_NTLM, NULL, 30, 30) == 1 &&
	    rec(ab, "FS1", FLOWS_CHANNEL_NTLM, NULL, 41, 41) == 0,
	    "excluded ids are duplicates, others not");
	flows_record_range(ab, "FS1", FLOWS_CHANNEL_NTLM, 35, 45);
	l = log_of(ab, 0);
	ok(l->nranges == 1 && l->ranges[0].first == 41 &&
	    l->ranges[0].last == 45, "a range fill leaves excluded ids out");
	flows_free(ab);

	/* Merge: overlaps marked, whatever the order. */
	ab = flows_create();
	ba = flows_create();
	flows_merge(ab, a);
	flows_merge(ab, b);
	flows_merge(ab, c);
	n = flows_overlaps(ab, &o);
	ok(n == 1 && o[0].first == 21 && o[0].last == 40 &&
	    strcmp(o[0].host, "FS1") == 0, "overlap 21..40 of FS1 named");
	free(o);
	l = log_of(ab, 0);
	ok(l->nranges == 2 && flows_log_lost(l) == 39,
	    "ranges 1..60 and 100..110: 39 lost");
	/* Again, in the other order, from saved files. */
	for (id = 1; id <= 40; id++)
		rec(a, "FS1", FLOWS_CHANNEL_NTLM, NULL, id, (int64_t)id);
	for (id = 21; id <= 60; id++)
		rec(b, "fs1", FLOWS_CHANNEL_NTLM, NULL, id, (int64_t)id);
	for (id = 100; id <= 110; id++)
		rec(c, "FS1", FLOWS_CHANNEL_NTLM, NULL, id, (int64_t)id);
	flows_merge(ba, c);
	flows_merge(ba, b);
	flows_merge(ba, a);
	s1 = save_string(ab);
	s2 = save_string(ba);
	is_str(s2, s1, "merge in any order: the same bytes");
	fd = mkstemp(path);
	f = fdopen(fd, "w");
	fputs(s1, f);
	fclose(f);
	flows_free(ba);
	ba = flows_create();
	ok(flows_load(ba, path, &cause) == 0, "load logs and overlaps");
	free(s2);
	s2 = save_string(ba);
	is_str(s2, s1, "save(load(save(x))) = save(x) with logs");
	free(s2);
	free(s1);
	/* Loading the same file twice overlaps everything it holds. */
	ok(flows_load(ba, path, &cause) == 0, "load it again");
	n = flows_overlaps(ba, &o);
	ok(n == 2 && o[0].first == 1 && o[0].last == 60 &&
	    o[1].first == 100 && o[1].last == 110,
	    "a file merged with itself overlaps in all its ids");
	free(o);
	f = fopen(path, "w");
	fputs("{\"format\": \"ntlmplan-flows\", \"version\": 2,\n"
	    " \"logs\": [{\"host\": \"X\", \"ranges\": [{\"first\": 5, "
	    "\"last\": 4}]}]}\n", f);
	fclose(f);
	ok(flows_load(ba, path, &cause) == -1 && cause != NULL &&
	    strstr(cause, ":2:11: invalid record-id range") != NULL,
	    "a reversed range is refused, located");
	if (cause != NULL)
		diag("%s", cause);
	free(cause);
	unlink(path);
	flows_free(a);
	flows_free(b);
	flows_free(c);
	flows_free(ab);
	flows_free(ba);
}

static void
test_host_window(void)
{
	struct flows		*fl = flows_create();
	struct source		*src = flows_add_source(fl, "x");
	struct flows_host	*h;
	struct event		 ev;
	size_t			 n;

	/* One NTLM event, and other records of its log over 14 days. */
	ev = ev8003(5 * 86400000000LL, "SRV1", "alice", "CORP", NULL);
	ev.channel = FLOWS_CHANNEL_NTLM;
	ev.record_id = 2;
	flows_record(fl, &ev);
	flows_add_event(fl, src, &ev);
	rec(fl, "SRV1", FLOWS_CHANNEL_NTLM, NULL, 1, 0);
	rec(fl, "SRV1", FLOWS_CHANNEL_NTLM, NULL, 3, 14 * 86400000000LL);
	rec(fl, "SRV9", FLOWS_CHANNEL_NTLM, NULL, 7, 0);
	n = flows_hosts(fl, &h);
	is_int((long long)n, 2, "a host whose log held no NTLM event counts");
	ok(h[0].first_seen == h[0].last_seen &&
	    h[0].log_last - h[0].log_first == 14 * 86400000000LL,
	    "1 event in 14 days of log: a 14-day window");
	ok(h[1].events == 0 && strcmp(h[1].name, "SRV9") == 0,
	    "SRV9: no event");
	free(h);
	flows_free(fl);
}

/*
 * Several hosts in one input, each numbering its own records from 1, in
 * time order (a SIEM export, a collector's ForwardedEvents): ids run on by
 * one across hosts now and then, but a change of host where the id does not
 * rise shows they are the hosts' own.
 */
static void
test_own_ids(void)
{
	static const char *const host[] = { "SRV1", "SRV2", "SRV3" };
	struct flows		*fl = flows_create();
	const struct flows_log	*l;
	uint64_t		 id;
	int			 h, dups = 0;

	for (id = 1; id <= 8; id++)
		for (h = 0; h < 3; h++)
			dups += rec(fl, host[h], FLOWS_CHANNEL_NTLM, NULL,
			    h == 1 && id > 3 ? id + 3 : id,
			    (int64_t)(id * 3 + (uint64_t)h));
	ok(!flows_ids_shared(fl) && dups == 0,
	    "own ids of three hosts: not a collector's sequence");
	l = log_of(fl, 1);
	ok(l->nranges == 2 && flows_log_lost(l) == 3,
	    "own ids of three hosts: the gap of one is found");
	ok(rec(fl, "SRV3", FLOWS_CHANNEL_NTLM, NULL, 5, 5 * 3 + 2) == 1,
	    "own ids of three hosts: a record read again is a duplicate");
	flows_free(fl);

	/* Rising at first, then a change of host where the id falls. */
	fl = flows_create();
	rec(fl, "SRV1", FLOWS_CHANNEL_NTLM, NULL, 10, 1);
	rec(fl, "SRV2", FLOWS_CHANNEL_NTLM, NULL, 11, 2);
	rec(fl, "SRV1", FLOWS_CHANNEL_NTLM, NULL, 5, 3);
	rec(fl, "SRV2", FLOWS_CHANNEL_NTLM, NULL, 6, 4);
	rec(fl, "SRV1", FLOWS_CHANNEL_NTLM, NULL, 7, 5);
	rec(fl, "SRV2", FLOWS_CHANNEL_NTLM, NULL, 8, 6);
	ok(!flows_ids_shared(fl), "an id that falls at a change of host: "
	    "the hosts' own, whatever follows");
	flows_free(fl);
}

static void
test_untracked(void)
{
	struct flows		*fl = flows_create(), *m = flows_create();
	const struct flows_log	*l;
	uint64_t		 id;
	int			 dups = 0;

	/* A collector's log: one id sequence over several hosts. */
	for (id = 1; id <= 20; id++)
		dups += rec(fl, id % 2 ? "SRV1" : "SRV2", FLOWS_CHANNEL_NTLM,
		    NULL, id, (int64_t)id);
	ok(flows_ids_shared(fl), "ids shared by several hosts detected");
	l = log_of(fl, 0);
	ok(l->nranges == 0 && log_of(fl, 1)->nranges == 0,
	    "a collector's ids are dropped");
	ok(rec(fl, "SRV1", FLOWS_CHANNEL_NTLM, NULL, 3, 3) == 0 && dups == 0,
	    "and never make duplicates");
	flows_free(fl);

	/* A filtered export: every other id, more runs than kept. */
	fl = flows_create();
	for (id = 1; id <= 2 * (FLOWS_LOG_RANGES_MAX + 1); id += 2)
		rec(fl, "SRV1", FLOWS_CHANNEL_NTLM, NULL, id, (int64_t)id);
	l = log_of(fl, 0);
	ok(l->untracked && l->nranges == 0, "too many runs: untracked");
	ok(rec(fl, "SRV1", FLOWS_CHANNEL_NTLM, NULL, 1, 1) == 0,
	    "untracked: no duplicates");
	ok(!flows_ids_shared(fl), "one host: not a collector");
	rec(m, "SRV1", FLOWS_CHANNEL_NTLM, NULL, 7, 7);
	flows_merge(m, fl);
	l = log_of(m, 0);
	ok(l->untracked && l->nranges == 0, "untracked survives a merge");
	flows_free(fl);
	flows_free(m);
}

/* Load text as a flow file; 0 or -1, *cause as flows_load leaves it. */
static int
load_text(struct flows *fl, const char *text, char **cause)
{
	char	path[] = "/tmp/t-flows.XXXXXX";
	FILE	*f;
	int	fd, rc;

	fd = mkstemp(path);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	*cause = NULL;
	rc = flows_load(fl, path, cause);
	unlink(path);
	return (rc);
}

/*
 * Numbers and times out of range are refused, never cast or wrapped (the
 * first of two equal keys is the one read).
 */
static void
test_ranges(void)
{
	static const char *const bad[] = {
		"\"count\": 1e30", "\"count\": 9223372036854775808",
		"\"count\": 9007199254740992", "\"count\": -1",
		"\"count\": 1.5", "\"logon_type\": 1e30",
		"\"schannel_type\": -1e30",
		"\"first_seen\": \"2026-03-01T00:00:00Z\"",
		"\"last_seen\": \"2026-03-01T00:00:00Z\"",
		"\"first_seen\": \"2026-03-02T00:00:00Z\", "
		    "\"last_seen\": \"2026-03-01T00:00:00Z\"",
		"\"first_seen\": \"0001-01-01T00:00:00Z\", "
		    "\"last_seen\": \"0001-01-01T00:00:00Z\"",
		"\"first_seen\": \"/Date(9223372036854775807)/\", "
		    "\"last_seen\": \"/Date(9223372036854775807)/\"",
	};
	struct flows	*fl;
	struct flow_key	 k;
	char		*text, *cause;
	size_t		 i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		fl = flows_create();
		if (asprintf(&text, "{\"format\": \"ntlmplan-flows\", "
		    "\"version\": 1, \"flows\": [{%s, \"event_id\": 8003, "
		    "\"count\": 1}]}", bad[i]) < 0)
			abort();
		ok(load_text(fl, text, &cause) == -1 && cause != NULL &&
		    strstr(cause, "invalid flow entry") != NULL,
		    "refused: %s", bad[i]);
		free(cause);
		free(text);
		flows_free(fl);
	}
	fl = flows_create();
	ok(load_text(fl, "{\"format\": \"ntlmplan-flows\", \"version\": 1, "
	    "\"sources\": [{\"path\": \"x\", \"records\": 1e30, \"used\": 0, "
	    "\"skipped\": 0, \"unreadable\": 0}]}", &cause) == -1 &&
	    cause != NULL, "a source's huge count refused");
	free(cause);
	ok(load_text(fl, "{\"format\": \"ntlmplan-flows\", \"version\": 1, "
	    "\"flows\": [{\"event_id\": 8003, \"count\": 9007199254740991}]}",
	    &cause) == 0, "the largest count loads");
	free(cause);
	/* Flows whose counts add up to more are refused: sums never wrap. */
	ok(load_text(fl, "{\"format\": \"ntlmplan-flows\", \"version\": 1, "
	    "\"flows\": [{\"event_id\": 8004, \"count\": 1}]}",
	    &cause) == -1 && cause != NULL && strstr(cause,
	    "more than 9007199254740991 events") != NULL,
	    "a total over 2^53 - 1 refused");
	free(cause);
	flows_free(fl);

	/* Sums saturate at UTIL_COUNT_MAX instead of wrapping past 2^64. */
	fl = flows_create();
	memset(&k, 0, sizeof k);
	k.event_id = 8003;
	k.server = "SRV1";
	k.logon_type = k.in_proc = k.schannel_type = -1;
	k.usage_id = -1;
	flows_add_flow(fl, &k, UINT64_MAX / 2 + 1, UTIL_TIME_NONE,
	    UTIL_TIME_NONE, NULL);
	flows_add_flow(fl, &k, UINT64_MAX / 2 + 1, UTIL_TIME_NONE,
	    UTIL_TIME_NONE, NULL);
	ok(flows_flow(fl, 0)->count == UTIL_COUNT_MAX,
	    "a flow's count saturates");
	k.server = "SRV2";
	flows_add_flow(fl, &k, UTIL_COUNT_MAX, UTIL_TIME_NONE,
	    UTIL_TIME_NONE, NULL);
	ok(flows_events(fl) == UTIL_COUNT_MAX, "the sum of flows saturates");
	/* A flow without times merged with one with times: both or none. */
	flows_add_flow(fl, &k, 1, 1773017720842728LL, 1773017720842728LL,
	    NULL);
	ok(flows_flow(fl, 1)->first_seen == 1773017720842728LL &&
	    flows_flow(fl, 1)->last_seen == 1773017720842728LL,
	    "a time span gets both ends");
	flows_free(fl);
}

/* A sorted table finds its flows again: the index follows the new order. */
static void
test_sort_then_add(void)
{
	static const char *const users[] = { "zed", "amy", "kim", "bob" };
	struct flows	*fl = flows_create();
	struct source	*src = flows_add_source(fl, "x");
	struct event	 ev;
	size_t		 i;

	for (i = 0; i < 4; i++) {
		ev = ev8003(10, "SRV1", users[i], "CORP", "WS1");
		flows_add_event(fl, src, &ev);
	}
	flows_sort(fl);
	is_str(flows_flow(fl, 0)->key.user, "amy", "sorted");
	for (i = 0; i < 4; i++) {
		ev = ev8003(20, "SRV1", users[i], "CORP", "WS1");
		flows_add_event(fl, src, &ev);
	}
	is_int((long long)flows_count(fl), 4, "after a sort, the same "
	    "events go to the same flows");
	ok(flows_flow(fl, 3)->count == 2 && strcmp(flows_flow(fl, 3)->key.user,
	    "zed") == 0, "and count there");
	flows_free(fl);
}

/* A frozen table (a plan's): read as before, nothing added. */
static struct flows	*frozen;

static void
add_to_frozen(void)
{
	struct event	ev = ev8003(30, "SRV2", "eve", "CORP", "WS2");

	flows_add_event(frozen, flows_add_source(frozen, "y"), &ev);
}

static void
intern_in_frozen(void)
{
	(void)flows_intern_string(frozen, "new string");
}

static void
merge_frozen(void)
{
	struct flows	*fl = flows_create();

	flows_merge(fl, frozen);
}

static void
test_freeze(void)
{
	static const char *const users[] = { "zed", "amy", "kim" };
	struct source	*src;
	struct event	 ev;
	size_t		 i;

	frozen = flows_create();
	src = flows_add_source(frozen, "x");
	for (i = 0; i < 3; i++) {
		ev = ev8003(10, "SRV1", users[i], "CORP", "WS1");
		flows_add_event(frozen, src, &ev);
	}
	flows_sort(frozen);
	flows_freeze(frozen);
	ok(flows_count(frozen) == 3 && strcmp(flows_flow(frozen, 0)->key.user,
	    "amy") == 0 && strcmp(flows_flow(frozen, 2)->key.server,
	    "SRV1") == 0, "a frozen table keeps its flows and strings");
	ok(child_dies(add_to_frozen), "an event added to a frozen table: "
	    "fatal");
	ok(child_dies(intern_in_frozen), "a string added to a frozen table: "
	    "fatal");
	ok(child_dies(merge_frozen), "a frozen table merged: fatal");
	flows_free(frozen);
	frozen = NULL;
}

/* Load text as a flow file and save it again; NULL if it did not load. */
static char *
reload(const char *text)
{
	struct flows	*fl = flows_create();
	char		*cause, *out = NULL;

	if (load_text(fl, text, &cause) == 0)
		out = save_string(fl);
	free(cause);
	flows_free(fl);
	return (out);
}

/*
 * Flow entries as ntlmplan writes them are read without cJSON; any other
 * spelling of the same entry (escapes, members in another order, numbers
 * as fractions) goes through cJSON: both give the same table, and the
 * entries only cJSON's path refuses are refused with its messages.
 */
static void
test_fast_path(void)
{
#define FF_HEAD	"{\"format\": \"ntlmplan-flows\", \"version\": 2, " \
		"\"flows\": ["
#define FF_PROF	"\"profile\": {\"days\": [[\"2026-03-09\", 1], " \
		"[\"2026-03-10\", 2]], \"earlier\": 0, \"unknown\": 1, " \
		"\"hours\": [[0, 0, 1], [1, 8, 2]]}"
	static const char *const same[] = {
		/* cJSON's path: \u, a fraction, members moved */
		FF_HEAD "{\"event_id\": 8003, \"logged_by\": \"SRV1\", "
		    "\"user\": \"\\u0061lice\", \"process\": "
		    "\"C:\\\\W\\\"x\\/y\\tz\", \"count\": 4.0, "
		    "\"first_seen\": \"2026-03-09T00:00:00Z\", "
		    "\"last_seen\": \"2026-03-10T08:00:00Z\", " FF_PROF "}]}",
		FF_HEAD "{\"count\": 4, \"event_id\": 8003, "
		    "\"logged_by\": \"SRV1\", \"user\": \"alice\", "
		    "\"profile\": {\"hours\": [[0, 0, 1], [1, 8, 2]], "
		    "\"unknown\": 1, \"earlier\": 0, \"days\": "
		    "[[\"2026-03-09\", 1], [\"2026-03-10\", 2]]}, "
		    "\"process\": \"C:\\\\W\\\"x/y\\tz\", "
		    "\"first_seen\": \"2026-03-09T00:00:00Z\", "
		    "\"last_seen\": \"2026-03-10T08:00:00Z\"}]}",
		/* the fast path: plain, and with blanks and line breaks */
		FF_HEAD "{\"event_id\": 8003, \"logged_by\": \"SRV1\", "
		    "\"user\": \"alice\", \"process\": "
		    "\"C:\\\\W\\\"x\\/y\\tz\", \"count\": 4, "
		    "\"first_seen\": \"2026-03-09T00:00:00Z\", "
		    "\"last_seen\": \"2026-03-10T08:00:00Z\", " FF_PROF "}]}",
		FF_HEAD "\n {\n\"event_id\" :8003 ,\"logged_by\":\"SRV1\",\t"
		    "\"user\": \"alice\", \"process\": "
		    "\"C:\\\\W\\\"x/y\\tz\", \"count\": 4 , "
		    "\"first_seen\": \"2026-03-09T00:00:00Z\", "
		    "\"last_seen\": \"2026-03-10T08:00:00Z\", \"profile\": "
		    "{ \"days\" : [ [ \"2026-03-09\" , 1 ] , [\"2026-03-10\", "
		    "2] ] , \"earlier\": 0, \"unknown\": 1, \"hours\": "
		    "[[0,0,1],[1,8,2]] } }\n]}"
	};
	static const char *const bad[][2] = {
		{ "\"days\": [[\"2026-03-09\", 1]], \"earlier\": 0, "
		    "\"unknown\": 1, \"hours\": [[0, 0, 1], [1, 8, 2]]",
		    "cells do not sum" },
		{ "\"days\": [[\"2026-03-10\", 1], [\"2026-03-09\", 2]], "
		    "\"earlier\": 0, \"unknown\": 1, \"hours\": [[0, 0, 1], "
		    "[1, 8, 2]]", "unordered day" },
		{ "\"days\": [[\"2026-03-09\", 1], [\"2026-03-10\", 2]], "
		    "\"earlier\": 0, \"unknown\": 1, \"hours\": [[7, 0, 1], "
		    "[1, 8, 2]]", "invalid hours cell" },
		{ "\"days\": [[\"2026-03-09\", 1], [\"2026-03-10\", 2]], "
		    "\"earlier\": 0, \"unknown\": 1, \"hours\": [[0, 0, 0], "
		    "[1, 8, 3]]", "invalid hours cell" }
	};
	struct flows	*fl;
	char		*first, *out, *text, *cause;
	size_t		 i;

	first = reload(same[0]);
	ok(first != NULL && strstr(first, "\"user\": \"alice\"") != NULL &&
	    strstr(first, "\"count\": 4,") != NULL,
	    "an entry in cJSON's spelling loads");
	for (i = 1; i < sizeof same / sizeof same[0]; i++) {
		out = reload(same[i]);
		ok(out != NULL && first != NULL && strcmp(out, first) == 0,
		    "the same entry spelt another way: the same file (%zu)", i);
		free(out);
	}
	out = first != NULL ? reload(first) : NULL;
	ok(out != NULL && strcmp(out, first) == 0,
	    "a saved file loads to itself");
	free(out);
	free(first);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (asprintf(&text, FF_HEAD "{\"event_id\": 8003, \"count\": 4, "
		    "\"profile\": {%s}}]}", bad[i][0]) < 0)
			abort();
		fl = flows_create();
		ok(load_text(fl, text, &cause) == -1 && cause != NULL &&
		    strstr(cause, bad[i][1]) != NULL,
		    "a bad profile refused: %s", bad[i][1]);
		free(cause);
		free(text);
		flows_free(fl);
	}
#undef FF_HEAD
#undef FF_PROF
}

/* fl saved in the binary form into *buf (malloc'd), its length. */
static size_t
save_binary(struct flows *fl, char **buf)
{
	size_t	 len = 0;
	FILE	*f;

	*buf = NULL;
	f = open_memstream(buf, &len);
	flows_save_binary(fl, f);
	fclose(f);
	return (len);
}

/* Load len bytes of buf as a flow file into fl: 0 or -1 with *cause. */
static int
load_bytes(struct flows *fl, const char *buf, size_t len, char **cause)
{
	char	path[] = "/tmp/t-flows.XXXXXX";
	FILE	*f;
	int	fd, rc;

	fd = mkstemp(path);
	f = fdopen(fd, "w");
	fwrite(buf, 1, len, f);
	fclose(f);
	*cause = NULL;
	rc = flows_load(fl, path, cause);
	unlink(path);
	return (rc);
}

/* A table with every part a flow file holds. */
static struct flows *
binary_table(const char *host)
{
	struct flows		*fl = flows_create();
	struct source		*src = flows_add_source(fl, "a \"b\"\n");
	struct source		*agg;
	struct flow_key		 k;
	struct event		 ev;
	uint64_t		 id;
	int			 i;

	for (i = 0; i < 40; i++) {
		ev = ev8003(1773017720842728LL + i * 7200 * UTIL_SECOND, host,
		    i % 3 ? "user\\x" : "u\xc3\xa9", i % 5 ? "CORP" : NULL,
		    i % 4 ? "WS1" : NULL);
		flows_add_event(fl, src, &ev);
	}
	/* A day before 1970 (a key below the day of 1970) and 1601. */
	ev = ev8003(-10 * UTIL_DAY, host, "old", NULL, NULL);
	flows_add_event(fl, src, &ev);
	ev = ev8003(UTIL_TIME_MIN, host, "old", NULL, NULL);
	flows_add_event(fl, src, &ev);
	for (id = 1; id < 30; id += id % 7 == 0 ? 3 : 1)
		rec(fl, host, "Microsoft-Windows-NTLM/Operational",
		    EVENT_PROVIDER_NTLM, id, 1773017720842728LL);
	flows_log_add(fl, "DC9", NULL, UTIL_TIME_NONE, UTIL_TIME_NONE, 1);
	flows_log_add_overlap(fl, host, "Microsoft-Windows-NTLM/Operational",
	    3, 5);
	flows_source_skip(src, 4624);
	flows_source_skip(src, 4624);
	flows_source_skip(src, 4776);
	src->records = 45;
	agg = flows_add_source(fl, "siem.csv");
	agg->preaggregated = 1;
	agg->records = agg->used = 1;
	memset(&k, 0, sizeof k);
	k.event_id = 8004;
	k.logged_by = "DC1";
	k.server = "SRV9";
	k.user = "bob";
	k.logon_type = k.usage_id = -1;
	k.in_proc = k.schannel_type = -1;
	flows_add_flow(fl, &k, 12, UTIL_TIME_NONE, UTIL_TIME_NONE, NULL);
	return (fl);
}

/*
 * The binary form: it loads back to the same table (the same JSON, the
 * same bytes), merges with the JSON form by the same laws, and a damaged
 * file is refused with its name and an offset, never half read silently.
 */
static void
test_binary(void)
{
	struct flows	*a, *b, *c, *d;
	char		*bin, *bin2, *json, *json2, *cause, *dam;
	size_t		 len, len2, i, refused, loaded;

	a = binary_table("SRV1");
	json = save_string(a);
	len = save_binary(a, &bin);
	ok(len > 16 && memcmp(bin, FLOWS_BIN_MAGIC, 8) == 0,
	    "the binary form starts with its magic");
	ok(len < strlen(json), "and is smaller than the JSON (%zu < %zu)",
	    len, strlen(json));
	b = flows_create();
	ok(load_bytes(b, bin, len, &cause) == 0, "the binary form loads");
	free(cause);
	json2 = save_string(b);
	is_str(json2, json, "binary round trip: the same JSON");
	free(json2);
	len2 = save_binary(b, &bin2);
	ok(len2 == len && memcmp(bin, bin2, len) == 0,
	    "binary round trip: the same bytes");
	free(bin2);
	flows_free(b);

	/* A merge of the two forms is the merge of the two JSON files. */
	c = binary_table("srv1");
	free(save_string(c));
	b = flows_create();
	d = flows_create();
	json2 = save_string(c);
	ok(load_bytes(b, bin, len, &cause) == 0 &&
	    load_text(b, json2, &cause) == 0, "binary then JSON: loads");
	ok(load_text(d, json, &cause) == 0 &&
	    load_text(d, json2, &cause) == 0, "JSON then JSON: loads");
	free(json2);
	json2 = save_string(b);
	free(json);
	json = save_string(d);
	is_str(json2, json, "binary + JSON = JSON + JSON");
	ok(strstr(json, "\"count\": 2") != NULL, "the flows of both added");
	free(json2);
	free(json);
	flows_free(b);
	flows_free(c);
	flows_free(d);

	/* Every truncation is refused, named and located. */
	refused = 0;
	for (i = 0; i < len; i++) {
		b = flows_create();
		if (load_bytes(b, bin, i, &cause) == -1 && cause != NULL &&
		    strstr(cause, "/tmp/t-flows.") != NULL &&
		    (i < 8 || strstr(cause, ": offset ") != NULL))
			refused++;
		else if (i >= 8)
			diag("%zu bytes: %s", i, cause ? cause : "loaded");
		free(cause);
		flows_free(b);
	}
	is_int((long long)refused, (long long)len,
	    "every truncation refused with the file and an offset");

	/* Bytes changed one at a time: refused with an offset, or loaded
	 * into a table that saves and loads again (never half read). */
	dam = malloc(len);
	refused = loaded = 0;
	for (i = 0; i < len; i++) {
		memcpy(dam, bin, len);
		dam[i] ^= (char)(i % 2 ? 0x80 : 0x41);
		b = flows_create();
		if (load_bytes(b, dam, len, &cause) == 0) {
			json = save_string(b);
			c = flows_create();
			if (load_text(c, json, &cause) == 0)
				loaded++;
			flows_free(c);
			free(json);
		} else if (cause != NULL && (i < 8 ||
		    strstr(cause, ": offset ") != NULL))
			refused++;
		free(cause);
		flows_free(b);
	}
	is_int((long long)(refused + loaded), (long long)len,
	    "a changed byte: refused with an offset, or a table that "
	    "saves (%zu refused)", refused);
	free(dam);

	/* Messages that say what is wrong. */
	memcpy(bin + 8, "\x02\0\0\0", 4);
	b = flows_create();
	ok(load_bytes(b, bin, len, &cause) == -1 && cause != NULL &&
	    strstr(cause, ": offset 8: unsupported binary flow file "
	    "version 2") != NULL, "another version refused");
	diag("%s", cause ? cause : "loaded");
	free(cause);
	flows_free(b);
	memcpy(bin + 8, "\x01\0\0\0", 4);
	bin = realloc(bin, len + 1);
	memmove(bin + len - 15, bin + len - 16, 16);
	bin[len - 16] = 'x';
	b = flows_create();
	ok(load_bytes(b, bin, len + 1, &cause) == -1 && cause != NULL &&
	    strstr(cause, "bytes after the last string") != NULL,
	    "a byte added refused");
	diag("%s", cause ? cause : "loaded");
	free(cause);
	flows_free(b);
	free(bin);
	flows_free(a);
}

/*
 * A table past the size sorted as two halves on two threads: the same
 * order (and file) as one thread's sort, every flow before the next.
 */
static void
test_sort_threads(void)
{
	struct flows	*fl[2];
	struct source	*src;
	struct event	 ev;
	const struct flow *f;
	char		 user[32], host[32], *saved[2];
	unsigned	 x;
	size_t		 i, bad;
	int		 k;

	for (k = 0; k < 2; k++) {
		fl[k] = flows_create();
		src = flows_add_source(fl[k], "x");
		x = 12345;
		for (i = 0; i < 70000; i++) {
			x = x * 1103515245u + 12345u;
			snprintf(user, sizeof user, "%s%u",
			    (x >> 8) & 1 ? "User" : "user", (x >> 9) % 50000);
			snprintf(host, sizeof host, "srv%u", (x >> 24) % 40);
			ev = ev8003((int64_t)i, host, user, "CORP", NULL);
			flows_add_event(fl[k], src, &ev);
		}
		flows_set_threads(k + 1);
		flows_sort(fl[k]);
		saved[k] = save_string(fl[k]);
	}
	flows_set_threads(1);
	ok(flows_count(fl[0]) > 65536, "more flows than one thread sorts");
	for (i = 1, bad = 0; i < flows_count(fl[1]); i++)
		bad += flows_compare(flows_flow(fl[1], i - 1),
		    flows_flow(fl[1], i)) >= 0;
	is_int((long long)bad, 0, "two threads: every flow before the next");
	ok(strcmp(saved[0], saved[1]) == 0, "two threads: the same file");
	f = flows_flow(fl[1], 12345);
	ev = ev8003(1, f->key.logged_by, f->key.user, "corp", NULL);
	flows_add_event(fl[1], flows_source(fl[1], 0), &ev);
	is_int((long long)flows_count(fl[1]), (long long)flows_count(fl[0]),
	    "lookup after a sort on two threads");
	for (k = 0; k < 2; k++) {
		free(saved[k]);
		flows_free(fl[k]);
	}
}

/*
 * The sort's keys (ranks of the server and the domain, the first bytes of
 * the user folded) order as flows_compare does: names equal but for case,
 * NULL and "", a byte below every letter, users alike in their first 16
 * bytes.
 */
static void
test_sort_keys(void)
{
	static const char *const names[] = { NULL, "", "a", "A", "a\001",
	    "a\177", "ab", "AB", "b", "B1", "userlongername0001",
	    "USERLONGERNAME0002", "userlongername0001x", "\xc3\xa9", "Z" };
	const size_t	 nn = sizeof names / sizeof names[0];
	struct flows	*fl = flows_create();
	struct flow_key	 k;
	size_t		 i, bad;
	unsigned	 x = 777;

	for (i = 0; i < 3000; i++) {
		memset(&k, 0, sizeof k);
		x = x * 1103515245u + 12345u;
		k.event_id = 8003;
		k.server = names[(x >> 4) % nn];
		k.domain = names[(x >> 10) % nn];
		k.user = names[(x >> 16) % nn];
		k.workstation = names[(x >> 22) % nn];
		k.logon_type = k.usage_id = k.in_proc = k.schannel_type = -1;
		flows_add_flow(fl, &k, 1, (int64_t)i, (int64_t)i, NULL);
	}
	flows_sort(fl);
	for (i = 1, bad = 0; i < flows_count(fl); i++)
		bad += flows_compare(flows_flow(fl, i - 1),
		    flows_flow(fl, i)) >= 0;
	ok(flows_count(fl) > 1000, "many flows of few names");
	is_int((long long)bad, 0, "sort keys: every flow before the next");
	flows_free(fl);
}

int
main(void)
{
	test_keys();
	test_case_and_spelling();
	test_merge_into_empty();
	test_round_trip();
	test_order();
	test_table();
	test_new_events();
	test_profile();
	test_version1();
	test_records();
	test_logs_merge();
	test_host_window();
	test_untracked();
	test_own_ids();
	test_ranges();
	test_fast_path();
	test_sort_then_add();
	test_freeze();
	test_sort_threads();
	test_sort_keys();
	test_binary();
	return (done_testing());
}
