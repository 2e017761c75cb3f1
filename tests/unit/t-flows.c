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

	ev.id = 4624;
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
	flows_add_flow(fl, &k, UINT64_MAX / 2 + 1, FLOWS_TIME_NONE,
	    FLOWS_TIME_NONE);
	flows_add_flow(fl, &k, UINT64_MAX / 2 + 1, FLOWS_TIME_NONE,
	    FLOWS_TIME_NONE);
	ok(flows_flow(fl, 0)->count == UTIL_COUNT_MAX,
	    "a flow's count saturates");
	k.server = "SRV2";
	flows_add_flow(fl, &k, UTIL_COUNT_MAX, FLOWS_TIME_NONE,
	    FLOWS_TIME_NONE);
	ok(flows_events(fl) == UTIL_COUNT_MAX, "the sum of flows saturates");
	/* A flow without times merged with one with times: both or none. */
	flows_add_flow(fl, &k, 1, 1773017720842728LL, 1773017720842728LL);
	ok(flows_flow(fl, 1)->first_seen == 1773017720842728LL &&
	    flows_flow(fl, 1)->last_seen == 1773017720842728LL,
	    "a time span gets both ends");
	flows_free(fl);
}

int
main(void)
{
	test_keys();
	test_case_and_spelling();
	test_round_trip();
	test_ranges();
	test_order();
	return (done_testing());
}
