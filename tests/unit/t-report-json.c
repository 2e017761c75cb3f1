/*
 * t-report-json.c: plan.json from a small simulation, read back with cJSON:
 * the members of ntlmplan-plan(5), every option of the setting, the lists.
 */
#include "config.h"

#include <cjson/cJSON.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exceptions.h"
#include "flows.h"
#include "plan.h"
#include "policy.h"
#include "report-json.h"
#include "simulate.h"
#include "tap.h"
#include "util.h"

static const struct sim_computer computers[] = {
	{ .name = "DC1", .dns = "dc1.corp.example", .enabled = 1, .dc = 1,
	    .last_logon = 1772323200000000LL },
	{ .name = "SRV1", .dns = "srv1.corp.example", .enabled = 1, .dc = 0,
	    .last_logon = 1772323200000000LL },
};
static const struct sim_domain dom = {
	.netbios = "CORP", .dns = "corp.example", .computers = computers,
	.ncomputers = 2
};

static void
add(struct flows *fl, const char *server, const char *domain,
    const char *user, uint64_t count)
{
	struct flow_key	k;

	memset(&k, 0, sizeof k);
	k.event_id = 8003;
	k.logged_by = server;
	k.server = server;
	k.domain = domain;
	k.user = user;
	k.workstation = "WS\"01";
	k.process = "C:\\Windows\\System32\\lsass.exe";
	k.logon_type = 3;
	k.in_proc = 0;
	k.schannel_type = -1;
	k.usage_id = -1;
	flows_add_flow(fl, &k, count, 1772323200000000LL,
	    1772323200000000LL + 86400000000LL, NULL);
}

static const cJSON *
item(const cJSON *o, const char *name)
{
	return (cJSON_GetObjectItemCaseSensitive(o, name));
}

int
main(void)
{
	struct policies			*ps;
	struct flows			*fl;
	struct exceptions		*ex;
	struct plan_inputs		 in;
	struct plan			*p;
	const char			*paths[] = { "a.json" };
	const cJSON			*lv, *ev, *v;
	cJSON				*root;
	char				*buf = NULL, *cause = NULL;
	size_t				 len;
	FILE				*f;

	if ((ps = policies_load(testdata("../policies"), &cause)) == NULL) {
		diag("%s", cause);
		ok(0, "policies load");
		return (done_testing());
	}
	fl = flows_create();
	add(fl, "srv1.corp.example", "CORP", "alice", 5);
	add(fl, "nas1.other.example", "CORP", "bob", 2);
	add(fl, "srv1.corp.example", "PARTNER", "carol", 1);
	ex = exceptions_create();
	exceptions_add(ex, "NAS1", "list:1");
	memset(&in, 0, sizeof in);
	in.policies = ps;
	in.policy = policies_find(ps, "3");
	in.exceptions = ex;
	in.names = -1;
	in.audit_level = -1;
	in.directory_time = UTIL_TIME_NONE;
	in.flows = paths;
	in.nflows = 1;
	in.directory = "dir.json";
	in.generated = 1773500000000000LL;
	p = plan_build(fl, &dom, &in);
	f = open_memstream(&buf, &len);
	report_json_write(f, p);
	fclose(f);

	root = cJSON_Parse(buf);
	ok(root != NULL, "plan.json parses");
	if (root == NULL) {
		diag("%s", buf);
		return (done_testing());
	}
	v = item(root, "format");
	ok(cJSON_IsString(v) && strcmp(v->valuestring, "ntlmplan-plan") == 0,
	    "format");
	v = item(root, "format_version");
	ok(cJSON_IsNumber(v) && v->valueint == 2, "format_version 2");
	v = item(root, "level");
	ok(cJSON_IsString(v) &&
	    strcmp(v->valuestring, "deny-domain-accounts") == 0, "level");
	v = item(root, "generated");
	ok(cJSON_IsString(v) &&
	    strcmp(v->valuestring, "2026-03-14T14:53:20.000000Z") == 0,
	    "generated");
	v = item(root, "levels");
	is_int(cJSON_GetArraySize(v), 4, "every option of the setting");
	lv = cJSON_GetArrayItem(v, 1);
	ok(cJSON_IsNumber(item(lv, "value")) &&
	    item(lv, "value")->valueint == 3, "second option: 3");
	is_int(item(lv, "blocked_flows")->valueint, 3, "blocked flows at 3 "
	    "(PARTNER, no trust: unknown, denied as a domain account)");
	is_int(item(lv, "blocked_events")->valueint, 8, "blocked events at 3");
	is_int(item(lv, "excepted_flows")->valueint, 1, "excepted by NAS1");
	is_int(cJSON_GetArraySize(item(lv, "exceptions")), 1, "one exception");
	is_str(cJSON_GetArrayItem(item(lv, "exceptions"), 0)->valuestring,
	    "SRV1", "SRV1 proposed");
	is_str(cJSON_GetArrayItem(item(lv, "already_excepted"), 0)->valuestring,
	    "NAS1", "NAS1 already excepted");
	ev = cJSON_GetArrayItem(item(lv, "evidence"), 0);
	is_str(item(ev, "fqdn")->valuestring, "srv1.corp.example", "fqdn");
	is_int(item(ev, "events")->valueint, 6, "evidence events");
	v = cJSON_GetArrayItem(item(ev, "clients"), 0);
	is_str(v != NULL ? item(v, "name")->valuestring : NULL, "WS\"01",
	    "a quote survives");
	is_str(item(cJSON_GetArrayItem(item(ev, "processes"), 0),
	    "name")->valuestring, "C:\\Windows\\System32\\lsass.exe",
	    "a backslash survives");
	ev = cJSON_GetArrayItem(item(lv, "already_excepted_evidence"), 0);
	is_str(item(ev, "entry")->valuestring, "NAS1", "matching entry");
	v = item(root, "classes");
	is_int(cJSON_GetArraySize(v), 15, "every class pair");
	v = item(root, "exceptions_in_force");
	is_int(item(cJSON_GetArrayItem(v, 0), "servers")->valueint, 1,
	    "entry hit count");
	v = item(root, "unknown_domains");
	is_str(item(cJSON_GetArrayItem(v, 0), "name")->valuestring, "PARTNER",
	    "PARTNER unknown without a trust");
	v = item(root, "caveats");
	ok(cJSON_IsArray(v) && cJSON_GetArraySize(v) > 0, "caveats");
	v = item(root, "hosts");
	is_int(cJSON_GetArraySize(v), 2, "two logging hosts");
	ok(cJSON_IsNull(item(item(root, "inputs"), "rules")), "no rules: null");

	cJSON_Delete(root);
	free(buf);
	plan_free(p);
	exceptions_free(ex);
	flows_free(fl);
	policies_free(ps);
	return (done_testing());
}
