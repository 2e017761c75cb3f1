/*
 * report-json.c: plan.json.  Written through jsonout, in the order of the
 * structs, which the simulation has already sorted: the same inputs give the
 * same bytes.  The layout (which member starts a line, and its indent) is
 * the jsonout_break calls; the remediation and the NTLM events blocks come
 * from their own writers, which write to the FILE (jsonout_direct).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "changes.h"
#include "exceptions.h"
#include "flows.h"
#include "hostname.h"
#include "jsonout.h"
#include "policy.h"
#include "plan.h"
#include "report-events.h"
#include "report-json.h"
#include "report-remediate.h"
#include "report-text-caveats.h"
#include "rules.h"
#include "simulate-smb.h"
#include "simulate.h"
#include "util.h"
#include "xmalloc.h"

/* "key": [{"name", "events"}], "key_total": n. */
static void
report_json_names(struct jsonout *j, const char *key, const char *total,
    const struct sim_names *n)
{
	size_t	i;

	jsonout_key(j, key);
	jsonout_array_begin(j);
	for (i = 0; i < n->n; i++) {
		jsonout_object_begin(j);
		jsonout_key(j, "name");
		jsonout_string(j, n->names[i]);
		jsonout_key(j, "events");
		jsonout_uint(j, n->events[i]);
		jsonout_object_end(j);
	}
	jsonout_array_end(j);
	jsonout_key(j, total);
	jsonout_uint(j, n->total);
}

/* "flows" and "events" of a count, under the two keys given. */
static void
report_json_count(struct jsonout *j, const char *flows, const char *events,
    const struct sim_count *c)
{
	jsonout_key(j, flows);
	jsonout_uint(j, c->flows);
	jsonout_key(j, events);
	jsonout_uint(j, c->events);
}

/* An outgoing flow of the SMB block, with its verdict. */
static void
report_json_smb_flow(struct jsonout *j, const struct plan *p,
    const struct simulate_smb_flow *sf)
{
	const struct flow	*fw;
	const char		*target;

	fw = flows_flow(p->fl, sf->index);
	(void)simulate_smb_classify(&fw->key, &target);
	jsonout_object_begin(j);
	jsonout_key(j, "client");
	jsonout_string(j, fw->key.logged_by);
	jsonout_key(j, "target");
	jsonout_string(j, target);
	jsonout_key(j, "domain");
	jsonout_string(j, fw->key.domain);
	jsonout_key(j, "user");
	jsonout_string(j, fw->key.user);
	jsonout_key(j, "event_id");
	jsonout_int(j, fw->key.event_id);
	jsonout_key(j, "events");
	jsonout_uint(j, fw->count);
	jsonout_key(j, "verdict");
	jsonout_string(j, simulate_smb_verdict_code(sf->verdict));
	if (sf->verdict == SIMULATE_SMB_REFUSED) {
		jsonout_key(j, "refusal");
		jsonout_string(j, hostname_refusal_code(sf->refusal));
	}
	jsonout_object_end(j);
}

/* The SMB client's NTLM block (ntlmplan-smb(7)): "smb". */
static void
report_json_smb(struct jsonout *j, const struct plan *p)
{
	const struct simulate_smb		*smb = p->smb;
	const struct simulate_smb_client	*c;
	size_t					 i;
	int					 v;

	jsonout_break(j, 1);
	jsonout_key(j, "smb");
	jsonout_object_begin(j);
	jsonout_key(j, "registry_pol");
	jsonout_string(j, PLAN_SMB_POL);
	jsonout_key(j, "list_too_large");
	jsonout_bool(j, p->regpol_too_large);
	jsonout_break(j, 2);
	jsonout_key(j, "verdicts");
	jsonout_object_begin(j);
	for (v = 0; v < SIMULATE_SMB_NVERDICTS; v++) {
		if (v == SIMULATE_SMB_NOT_OUTGOING)
			continue;
		jsonout_key(j, simulate_smb_verdict_code(v));
		jsonout_object_begin(j);
		jsonout_key(j, "flows");
		jsonout_uint(j, smb->flow_count[v]);
		jsonout_key(j, "events");
		jsonout_uint(j, smb->event_count[v]);
		jsonout_object_end(j);
	}
	jsonout_object_end(j);
	jsonout_break(j, 2);
	jsonout_key(j, "exceptions");
	jsonout_array_begin(j);
	for (i = 0; i < smb->nnames; i++) {
		jsonout_object_begin(j);
		jsonout_key(j, "name");
		jsonout_string(j, hostname_str(smb->names[i].name));
		jsonout_key(j, "seen");
		jsonout_bool(j, smb->names[i].seen);
		jsonout_key(j, "flows");
		jsonout_uint(j, smb->names[i].flows);
		jsonout_key(j, "events");
		jsonout_uint(j, smb->names[i].events);
		jsonout_object_end(j);
	}
	jsonout_array_end(j);
	jsonout_break(j, 2);
	jsonout_key(j, "flows");
	jsonout_array_begin(j);
	for (i = 0; i < smb->nflows; i++) {
		jsonout_break(j, 3);
		report_json_smb_flow(j, p, &smb->flows[i]);
	}
	jsonout_array_end(j);
	jsonout_break(j, 2);
	jsonout_key(j, "clients");
	jsonout_array_begin(j);
	for (i = 0; i < smb->nclients; i++) {
		c = &smb->clients[i];
		jsonout_break(j, 3);
		jsonout_object_begin(j);
		jsonout_key(j, "name");
		jsonout_string(j, c->name);
		jsonout_key(j, "logs");
		jsonout_bool(j, c->logs);
		jsonout_key(j, "outgoing");
		jsonout_uint(j, c->outgoing);
		jsonout_key(j, "enhanced");
		jsonout_uint(j, c->enhanced);
		jsonout_key(j, "blocked");
		jsonout_uint(j, c->blocked);
		jsonout_key(j, "blind");
		jsonout_bool(j, simulate_smb_client_blind(c));
		jsonout_object_end(j);
	}
	jsonout_array_end(j);
	jsonout_object_end(j);
}

/* The dated changes of Windows as of the plan's time: "changes". */
static void
report_json_changes(struct jsonout *j, const struct plan *p)
{
	const struct change	*c;
	char			 buf[32];
	size_t			 i;

	jsonout_break(j, 1);
	jsonout_key(j, "changes");
	if (p->changes == NULL) {
		jsonout_null(j);
		jsonout_key(j, "changes_error");
		jsonout_string(j, p->changes_cause);
		return;
	}
	jsonout_array_begin(j);
	for (i = 0; i < p->changes->n; i++) {
		c = &p->changes->v[i];
		jsonout_break(j, 2);
		jsonout_object_begin(j);
		jsonout_key(j, "name");
		jsonout_string(j, c->name);
		jsonout_key(j, "date");
		if (c->precision == CHANGES_UNDATED)
			jsonout_null(j);
		else
			jsonout_string(j, changes_date_format(c->date,
			    c->precision, buf, sizeof buf));
		jsonout_key(j, "status");
		jsonout_string(j, changes_status_code(c->status));
		jsonout_key(j, "affects");
		jsonout_string(j, changes_affects_code(c->affects));
		jsonout_key(j, "state");
		jsonout_string(j, changes_state_code(p->change_states[i]));
		jsonout_key(j, "source");
		jsonout_string(j, c->source);
		jsonout_key(j, "url");
		jsonout_string(j, c->url);
		jsonout_object_end(j);
	}
	jsonout_array_end(j);
}

/* A server of a level with its evidence. */
static void
report_json_server(struct jsonout *j, const struct sim_server *s)
{
	jsonout_object_begin(j);
	jsonout_key(j, "name");
	jsonout_string(j, s->name);
	jsonout_key(j, "fqdn");
	jsonout_string(j, s->fqdn);
	jsonout_key(j, "class");
	jsonout_string(j, policy_server_class_name(s->class));
	jsonout_key(j, "flows");
	jsonout_uint(j, s->flows);
	jsonout_key(j, "events");
	jsonout_uint(j, s->events);
	jsonout_key(j, "first_seen");
	jsonout_time(j, s->first_seen);
	jsonout_key(j, "last_seen");
	jsonout_time(j, s->last_seen);
	if (s->entry != NULL) {
		jsonout_key(j, "entry");
		jsonout_string(j, s->entry);
	}
	if (s->weak != NULL) {
		jsonout_key(j, "entry_not_proof");
		jsonout_string(j, s->weak);
	}
	if (s->host == NULL) {
		jsonout_key(j, "refused");
		jsonout_string(j, hostname_refusal_code(s->refused));
	}
	jsonout_key(j, "in_directory");
	jsonout_bool(j, !s->absent);
	if (s->proven) {
		jsonout_key(j, "member_by_events");
		jsonout_bool(j, 1);
	}
	jsonout_break(j, 6);
	report_json_names(j, "accounts", "accounts_total", &s->accounts);
	jsonout_break(j, 6);
	report_json_names(j, "clients", "clients_total", &s->clients);
	jsonout_break(j, 6);
	report_json_names(j, "processes", "processes_total", &s->processes);
	jsonout_object_end(j);
}

/* Servers of a level: their names on one line, or each in full on its own. */
static void
report_json_servers(struct jsonout *j, const char *key,
    const struct sim_server *v, size_t n, int names_only)
{
	size_t	i;

	jsonout_break(j, 3);
	jsonout_key(j, key);
	jsonout_array_begin(j);
	for (i = 0; i < n; i++) {
		if (names_only)
			jsonout_string(j, v[i].name);
		else {
			jsonout_break(j, 4);
			report_json_server(j, &v[i]);
		}
	}
	jsonout_array_end(j);
}

/* Blockers, warnings or caveats: [{"kind", "text", "items"}]. */
static void
report_json_findings(struct jsonout *j, const char *key,
    const struct sim_caveat *v, size_t n, int indent)
{
	size_t	 i, k;
	char	*t;

	jsonout_key(j, key);
	jsonout_array_begin(j);
	for (i = 0; i < n; i++) {
		jsonout_break(j, indent);
		jsonout_object_begin(j);
		jsonout_key(j, "kind");
		jsonout_string(j, report_text_caveat_kind(v[i].code));
		jsonout_key(j, "text");
		t = report_text_caveat(&v[i]);
		jsonout_string(j, t);
		free(t);
		jsonout_key(j, "items");
		jsonout_array_begin(j);
		for (k = 0; k < v[i].nitems; k++) {
			t = report_text_caveat_item(&v[i], k);
			jsonout_string(j, t);
			free(t);
		}
		jsonout_array_end(j);
		jsonout_object_end(j);
	}
	jsonout_array_end(j);
}

/* How many flows each reason decided at a level (plan.h), in code order. */
static void
report_json_decisions(struct jsonout *j, const struct plan *pl, size_t level)
{
	uint64_t	n[PLAN_NREASONS];
	size_t		i;
	int		k;

	memset(n, 0, sizeof n);
	for (i = 0; i < pl->nflows; i++)
		n[plan_reason(pl, level, i)]++;
	jsonout_break(j, 3);
	jsonout_key(j, "decisions");
	jsonout_object_begin(j);
	for (k = 0; k < PLAN_NREASONS; k++) {
		if (n[k] == 0 || k == PLAN_NOT_EVALUATED)
			continue;
		jsonout_key(j, plan_reason_code((enum plan_reason)k));
		jsonout_uint(j, n[k]);
	}
	jsonout_object_end(j);
}

/* A member holding a count, on the line under way. */
static void
report_json_uint(struct jsonout *j, const char *key, uint64_t v)
{
	jsonout_key(j, key);
	jsonout_uint(j, v);
}

/* A level of the setting: its verdict, figures, servers and decisions. */
static void
report_json_level(struct jsonout *j, const struct plan *pl, size_t level)
{
	const struct sim_level	*lv = &pl->r->levels[level];
	const struct policy	*p = lv->policy;

	jsonout_object_begin(j);
	jsonout_key(j, "name");
	jsonout_string(j, p->name);
	jsonout_key(j, "value");
	jsonout_int(j, p->value);
	jsonout_key(j, "option");
	jsonout_string(j, p->option);
	jsonout_key(j, "ready");
	jsonout_bool(j, lv->ready);
	jsonout_break(j, 3);
	report_json_findings(j, "blockers", lv->blockers, lv->nblockers, 4);
	jsonout_break(j, 3);
	report_json_findings(j, "warnings", lv->warnings, lv->nwarnings, 4);
	jsonout_break(j, 3);
	jsonout_key(j, "answered");
	jsonout_bool(j, lv->answered);
	jsonout_break(j, 3);
	report_json_uint(j, "blocked_flows", lv->blocked_flows);
	report_json_uint(j, "blocked_events", lv->blocked_events);
	report_json_uint(j, "servers", lv->servers);
	report_json_uint(j, "accounts", lv->accounts);
	report_json_uint(j, "clients", lv->clients);
	jsonout_break(j, 3);
	report_json_uint(j, "excepted_flows", lv->excepted_flows);
	report_json_uint(j, "excepted_events", lv->excepted_events);
	report_json_uint(j, "remediate_flows", lv->remediate_flows);
	report_json_uint(j, "remediate_events", lv->remediate_events);
	report_json_uint(j, "residual_flows", lv->residual_flows);
	report_json_uint(j, "residual_events", lv->residual_events);
	report_json_servers(j, "exceptions", lv->exceptions, lv->nexceptions,
	    1);
	report_json_servers(j, "already_excepted", lv->already, lv->nalready,
	    1);
	report_json_servers(j, "evidence", lv->exceptions, lv->nexceptions, 0);
	report_json_servers(j, "already_excepted_evidence", lv->already,
	    lv->nalready, 0);
	report_json_servers(j, "remediate", lv->remediate, lv->nremediate, 0);
	jsonout_break(j, 3);
	report_json_uint(j, "trust_flows", lv->trust_flows);
	report_json_uint(j, "trust_events", lv->trust_events);
	report_json_uint(j, "noserver_flows", lv->noserver_flows);
	report_json_uint(j, "noserver_events", lv->noserver_events);
	report_json_uint(j, "dcvalid_flows", lv->dcvalid_flows);
	report_json_uint(j, "dcvalid_events", lv->dcvalid_events);
	report_json_servers(j, "refused", lv->refused, lv->nrefused, 0);
	report_json_decisions(j, pl, level);
	jsonout_object_end(j);
}

/* The inputs as named, and the domain. */
static void
report_json_inputs(struct jsonout *j, const struct plan *p)
{
	const struct plan_inputs	*in = &p->in;

	jsonout_break(j, 1);
	jsonout_key(j, "inputs");
	jsonout_object_begin(j);
	jsonout_key(j, "flows");
	jsonout_strings(j, in->flows, in->nflows);
	jsonout_key(j, "events");
	jsonout_strings(j, in->events, in->nevents);
	jsonout_key(j, "directory");
	jsonout_string(j, in->directory);
	jsonout_key(j, "ldif");
	jsonout_strings(j, in->ldif, in->nldif);
	jsonout_key(j, "exceptions");
	jsonout_string(j, in->exceptions_path);
	jsonout_key(j, "rules");
	jsonout_string(j, in->rules_path);
	jsonout_key(j, "policies");
	jsonout_string(j, in->policies_dir);
	jsonout_object_end(j);
	jsonout_break(j, 1);
	jsonout_key(j, "domain");
	jsonout_object_begin(j);
	jsonout_key(j, "netbios");
	jsonout_string(j, p->dom->netbios);
	jsonout_key(j, "dns");
	jsonout_string(j, p->dom->dns);
	jsonout_key(j, "computers");
	jsonout_uint(j, p->dom->ncomputers);
	jsonout_key(j, "trusts");
	jsonout_uint(j, p->dom->ntrusts);
	jsonout_object_end(j);
}

/* The exception list in force and the site rules, each entry's use. */
static void
report_json_lists(struct jsonout *j, const struct plan_inputs *in)
{
	const struct exceptions_entry	*e;
	const struct rule		*ru;
	size_t				 i;

	jsonout_break(j, 1);
	jsonout_key(j, "exceptions_in_force");
	jsonout_array_begin(j);
	for (i = 0; in->exceptions != NULL &&
	    i < exceptions_count(in->exceptions); i++) {
		e = exceptions_get(in->exceptions, i);
		jsonout_break(j, 2);
		jsonout_object_begin(j);
		jsonout_key(j, "name");
		jsonout_string(j, e->name);
		jsonout_key(j, "where");
		jsonout_string(j, e->where);
		jsonout_key(j, "valid");
		jsonout_bool(j, e->reason == NULL);
		jsonout_key(j, "reason");
		jsonout_string(j, e->reason);
		jsonout_key(j, "servers");
		jsonout_uint(j, e->hits);
		jsonout_object_end(j);
	}
	jsonout_array_end(j);
	jsonout_break(j, 1);
	jsonout_key(j, "rules");
	jsonout_array_begin(j);
	for (i = 0; in->rules != NULL && i < rules_count(in->rules); i++) {
		ru = rules_get(in->rules, i);
		jsonout_break(j, 2);
		jsonout_object_begin(j);
		jsonout_key(j, "line");
		jsonout_uint(j, ru->line);
		jsonout_key(j, "field");
		jsonout_string(j, rules_field_name(ru->field));
		jsonout_key(j, "action");
		jsonout_string(j, rules_action_name(ru->action));
		jsonout_key(j, "pattern");
		jsonout_string(j, ru->pattern);
		jsonout_key(j, "reason");
		jsonout_string(j, ru->reason);
		jsonout_key(j, "flows");
		jsonout_uint(j, ru->flows);
		jsonout_key(j, "events");
		jsonout_uint(j, ru->events);
		jsonout_key(j, "unused");
		jsonout_bool(j, ru->flows == 0);
		jsonout_object_end(j);
	}
	jsonout_array_end(j);
}

/* Days from first to last, to a tenth; none seen is 0.0. */
static void
report_json_days(struct jsonout *j, const char *key, int64_t first,
    int64_t last)
{
	jsonout_key(j, key);
	jsonout_fixed(j, first == UTIL_TIME_NONE ? 0.0 :
	    (double)(last - first) / UTIL_DAY, 1);
}

/* Each logging host's window, log and losses. */
static void
report_json_hosts(struct jsonout *j, const struct sim_result *r)
{
	const struct sim_host	*h;
	size_t			 i;

	jsonout_break(j, 1);
	jsonout_key(j, "hosts");
	jsonout_array_begin(j);
	for (i = 0; i < r->nhosts; i++) {
		h = &r->hosts[i];
		jsonout_break(j, 2);
		jsonout_object_begin(j);
		jsonout_key(j, "name");
		jsonout_string(j, h->name);
		jsonout_key(j, "events");
		jsonout_uint(j, h->events);
		jsonout_key(j, "first_seen");
		jsonout_time(j, h->first_seen);
		jsonout_key(j, "last_seen");
		jsonout_time(j, h->last_seen);
		report_json_days(j, "days", h->first_seen, h->last_seen);
		jsonout_key(j, "log_first");
		jsonout_time(j, h->log_first);
		jsonout_key(j, "log_last");
		jsonout_time(j, h->log_last);
		report_json_days(j, "log_days", h->log_first, h->log_last);
		jsonout_key(j, "lost");
		jsonout_uint(j, h->lost);
		jsonout_key(j, "gaps");
		jsonout_uint(j, h->gaps);
		jsonout_object_end(j);
	}
	jsonout_array_end(j);
}

/* A log with the record ids it holds and its gaps. */
static void
report_json_log(struct jsonout *j, const struct flows_log *l)
{
	struct flows_gap	g;
	size_t			i;

	flows_log_json_head(j, l);
	jsonout_key(j, "gaps");
	jsonout_array_begin(j);
	for (i = 0; i + 1 < l->nranges; i++) {
		flows_log_gap(l, i, &g);
		jsonout_object_begin(j);
		jsonout_key(j, "first");
		jsonout_uint(j, g.after + 1);
		jsonout_key(j, "last");
		jsonout_uint(j, g.before - 1);
		jsonout_key(j, "lost");
		jsonout_uint(j, g.lost);
		jsonout_key(j, "from");
		jsonout_time(j, g.from);
		jsonout_key(j, "to");
		jsonout_time(j, g.to);
		jsonout_object_end(j);
	}
	jsonout_array_end(j);
	jsonout_object_end(j);
}

/*
 * The evidence: every input with its counts, every log with the record ids
 * it holds, its gaps and window, and the ids more than one input held.
 */
static void
report_json_logs(struct jsonout *j, const struct flows *fl)
{
	const struct source	*src;
	const struct flows_log	*logs;
	struct flows_overlap	*o;
	size_t			 i, n;

	jsonout_break(j, 1);
	jsonout_key(j, "sources");
	jsonout_array_begin(j);
	for (i = 0; fl != NULL && i < flows_source_count(fl); i++) {
		src = flows_source(fl, i);
		jsonout_break(j, 2);
		flows_source_json_head(j, src);
		jsonout_object_end(j);
	}
	jsonout_array_end(j);
	jsonout_break(j, 1);
	jsonout_key(j, "logs");
	jsonout_array_begin(j);
	n = fl != NULL ? flows_logs(fl, &logs) : 0;
	for (i = 0; i < n; i++) {
		jsonout_break(j, 2);
		report_json_log(j, &logs[i]);
	}
	jsonout_array_end(j);
	jsonout_break(j, 1);
	jsonout_key(j, "overlaps");
	jsonout_array_begin(j);
	n = fl != NULL ? flows_overlaps(fl, &o) : 0;
	for (i = 0; i < n; i++) {
		jsonout_break(j, 2);
		jsonout_object_begin(j);
		jsonout_key(j, "host");
		jsonout_string(j, o[i].host);
		jsonout_key(j, "channel");
		jsonout_string(j, o[i].channel);
		jsonout_key(j, "first");
		jsonout_uint(j, o[i].first);
		jsonout_key(j, "last");
		jsonout_uint(j, o[i].last);
		jsonout_object_end(j);
	}
	jsonout_array_end(j);
	if (fl != NULL)
		free(o);
}

/* The head: format, time, the level planned, the audit level, window. */
static void
report_json_head(struct jsonout *j, const struct plan *p)
{
	const struct sim_result	*r = p->r;

	jsonout_key(j, "format");
	jsonout_string(j, REPORT_JSON_FORMAT);
	jsonout_key(j, "format_version");
	jsonout_int(j, REPORT_JSON_VERSION);
	jsonout_key(j, "version");
	jsonout_int(j, REPORT_JSON_VERSION);
	jsonout_break(j, 1);
	jsonout_key(j, "plan_time");
	jsonout_time(j, p->in.generated);
	jsonout_key(j, "generated");
	jsonout_time(j, p->in.generated);
	jsonout_break(j, 1);
	jsonout_key(j, "setting");
	jsonout_string(j, r->policy->setting);
	jsonout_key(j, "level");
	jsonout_string(j, r->policy->name);
	jsonout_key(j, "value");
	jsonout_int(j, r->policy->value);
	jsonout_key(j, "ready");
	jsonout_bool(j, r->levels[r->level].ready);
	jsonout_break(j, 1);
	jsonout_key(j, "audit_level");
	if (r->audit == NULL)
		jsonout_null(j);
	else {
		jsonout_object_begin(j);
		jsonout_key(j, "name");
		jsonout_string(j, r->audit->audit_option != NULL ?
		    r->audit->audit_option : r->audit->option);
		jsonout_key(j, "value");
		jsonout_int(j, r->audit->audit_key != NULL ?
		    r->audit->audit_value : r->audit->off);
		jsonout_key(j, "inferred");
		jsonout_bool(j, r->audit_inferred);
		jsonout_object_end(j);
	}
	jsonout_break(j, 1);
	jsonout_key(j, "window");
	jsonout_object_begin(j);
	jsonout_key(j, "first_seen");
	jsonout_time(j, r->first_seen);
	jsonout_key(j, "last_seen");
	jsonout_time(j, r->last_seen);
	jsonout_object_end(j);
}

/* Totals, the flows per account and server class, and every level. */
static void
report_json_result(struct jsonout *j, const struct plan *p)
{
	const struct sim_result	*r = p->r;
	size_t			 i;
	int			 a, s;

	jsonout_break(j, 1);
	jsonout_key(j, "totals");
	jsonout_object_begin(j);
	report_json_count(j, "input_flows", "input_events", &r->input);
	report_json_count(j, "evaluated_flows", "evaluated_events",
	    &r->evaluated);
	report_json_count(j, "ignored_flows", "ignored_events", &r->ignored);
	report_json_count(j, "no_server_flows", "no_server_events",
	    &r->no_server);
	report_json_count(j, "fixed_flows", "fixed_events", &r->fixed);
	jsonout_object_end(j);
	jsonout_break(j, 1);
	jsonout_key(j, "classes");
	jsonout_array_begin(j);
	for (a = 0; a < ACCOUNT__COUNT; a++) {
		for (s = 0; s < SERVER__COUNT; s++) {
			jsonout_break(j, 2);
			jsonout_object_begin(j);
			jsonout_key(j, "account");
			jsonout_string(j, policy_account_class_name(a));
			jsonout_key(j, "server");
			jsonout_string(j, policy_server_class_name(s));
			report_json_count(j, "flows", "events",
			    &r->classes[a][s]);
			jsonout_object_end(j);
		}
	}
	jsonout_array_end(j);
	jsonout_break(j, 1);
	jsonout_key(j, "levels");
	jsonout_array_begin(j);
	for (i = 0; i < r->nlevels; i++) {
		jsonout_break(j, 2);
		report_json_level(j, p, i);
	}
	jsonout_break(j, 1);
	jsonout_array_end(j);
	jsonout_break(j, 1);
	report_json_names(j, "dc_servers", "dc_servers_total", &r->dc_servers);
	jsonout_break(j, 1);
	report_json_names(j, "absent_servers", "absent_servers_total",
	    &r->absent);
	jsonout_break(j, 1);
	report_json_names(j, "unknown_domains", "unknown_domains_total",
	    &r->unknown_domains);
	jsonout_break(j, 1);
	report_json_names(j, "trust_channels", "trust_channels_total",
	    &r->trust_channels);
}

/* plan.json, member by member in the order of ntlmplan-plan(5). */
void
report_json_write(FILE *f, const struct plan *p)
{
	struct jsonout	*j;

	j = xmalloc(sizeof *j);
	jsonout_init(j, f);
	jsonout_object_begin(j);
	report_json_head(j, p);
	report_json_inputs(j, p);
	report_json_result(j, p);
	report_json_lists(j, &p->in);
	/* Its writer starts with the line's indent. */
	jsonout_break(j, 0);
	jsonout_direct(j);
	report_remediate_json(f, p->rem, p->in.assumed);
	report_json_hosts(j, p->r);
	report_json_logs(j, p->fl);
	report_json_smb(j, p);
	report_json_changes(j, p);
	if (p->events != NULL) {
		jsonout_break(j, 1);
		jsonout_direct(j);
		report_events_json(f, p->events);
	}
	jsonout_break(j, 1);
	report_json_findings(j, "caveats", p->r->caveats, p->r->ncaveats, 2);
	jsonout_object_end(j);
	free(j);
}
