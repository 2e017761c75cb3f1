/*
 * report-json.c: plan.json.  Written with fprintf and util_json_string, in
 * the order of the structs, which the simulation has already sorted: the
 * same inputs give the same bytes.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "changes.h"
#include "exceptions.h"
#include "flows.h"
#include "hostname.h"
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

static void
report_json_names(FILE *f, const char *key, const struct sim_names *n)
{
	size_t	i;

	fprintf(f, "\"%s\": [", key);
	for (i = 0; i < n->n; i++) {
		fputs(i > 0 ? ", {\"name\": " : "{\"name\": ", f);
		util_json_string(f, n->names[i]);
		fprintf(f, ", \"events\": %" PRIu64 "}", n->events[i]);
	}
	fprintf(f, "], \"%s_total\": %" PRIu64, key, n->total);
}

/* The SMB client's NTLM block (ntlmplan-smb(7)): "smb". */
static void
report_json_smb(FILE *f, const struct plan *p)
{
	const struct simulate_smb		*smb = p->smb;
	const struct simulate_smb_flow		*sf;
	const struct simulate_smb_client	*c;
	const struct flow			*fw;
	const char				*target;
	size_t					 i;
	int					 v, n;

	fputs(" \"smb\": {\"registry_pol\": ", f);
	util_json_string(f, PLAN_SMB_POL);
	fprintf(f, ", \"list_too_large\": %s,\n  \"verdicts\": {",
	    p->regpol_too_large ? "true" : "false");
	for (v = 0, n = 0; v < SIMULATE_SMB_NVERDICTS; v++) {
		if (v == SIMULATE_SMB_NOT_OUTGOING)
			continue;
		fprintf(f, "%s\"%s\": {\"flows\": %" PRIu64 ", \"events\": %"
		    PRIu64 "}", n++ > 0 ? ", " : "",
		    simulate_smb_verdict_code(v), smb->flow_count[v],
		    smb->event_count[v]);
	}
	fputs("},\n  \"exceptions\": [", f);
	for (i = 0; i < smb->nnames; i++) {
		fputs(i > 0 ? ", {\"name\": " : "{\"name\": ", f);
		util_json_string(f, hostname_str(smb->names[i].name));
		fprintf(f, ", \"seen\": %s, \"flows\": %" PRIu64
		    ", \"events\": %" PRIu64 "}", smb->names[i].seen ? "true" :
		    "false", smb->names[i].flows, smb->names[i].events);
	}
	fputs("],\n  \"flows\": [", f);
	for (i = 0, n = 0; i < smb->nflows; i++) {
		sf = &smb->flows[i];
		fw = flows_flow(p->fl, sf->index);
		(void)simulate_smb_classify(&fw->key, &target);
		fputs(n++ > 0 ? ",\n   {\"client\": " :
		    "\n   {\"client\": ", f);
		util_json_string(f, fw->key.logged_by);
		fputs(", \"target\": ", f);
		util_json_string(f, target);
		fputs(", \"domain\": ", f);
		util_json_string(f, fw->key.domain);
		fputs(", \"user\": ", f);
		util_json_string(f, fw->key.user);
		fprintf(f, ", \"event_id\": %d, \"events\": %" PRIu64
		    ", \"verdict\": \"%s\"", fw->key.event_id, fw->count,
		    simulate_smb_verdict_code(sf->verdict));
		if (sf->verdict == SIMULATE_SMB_REFUSED)
			fprintf(f, ", \"refusal\": \"%s\"",
			    hostname_refusal_code(sf->refusal));
		putc('}', f);
	}
	fputs("],\n  \"clients\": [", f);
	for (i = 0; i < smb->nclients; i++) {
		c = &smb->clients[i];
		fputs(i > 0 ? ",\n   {\"name\": " : "\n   {\"name\": ", f);
		util_json_string(f, c->name);
		fprintf(f, ", \"logs\": %s, \"outgoing\": %" PRIu64
		    ", \"enhanced\": %" PRIu64 ", \"blocked\": %" PRIu64
		    ", \"blind\": %s}", c->logs ? "true" : "false",
		    c->outgoing, c->enhanced, c->blocked,
		    simulate_smb_client_blind(c) ? "true" : "false");
	}
	fputs("]},\n", f);
}

/* The dated changes of Windows as of the plan's time: "changes". */
static void
report_json_changes(FILE *f, const struct plan *p)
{
	const struct change	*c;
	char			 buf[32];
	size_t			 i;

	fputs(" \"changes\": ", f);
	if (p->changes == NULL) {
		fputs("null, \"changes_error\": ", f);
		util_json_string(f, p->changes_cause);
		fputs(",\n", f);
		return;
	}
	putc('[', f);
	for (i = 0; i < p->changes->n; i++) {
		c = &p->changes->v[i];
		fputs(i > 0 ? ",\n  {\"name\": " : "\n  {\"name\": ", f);
		util_json_string(f, c->name);
		fputs(", \"date\": ", f);
		if (c->precision == CHANGES_UNDATED)
			fputs("null", f);
		else
			util_json_string(f, changes_date_format(c->date,
			    c->precision, buf, sizeof buf));
		fprintf(f, ", \"status\": \"%s\", \"affects\": \"%s\", "
		    "\"state\": \"%s\", \"source\": ",
		    changes_status_code(c->status),
		    changes_affects_code(c->affects),
		    changes_state_code(p->change_states[i]));
		util_json_string(f, c->source);
		fputs(", \"url\": ", f);
		util_json_string(f, c->url);
		putc('}', f);
	}
	fputs("],\n", f);
}

static void
report_json_server(FILE *f, const struct sim_server *s)
{
	fputs("{\"name\": ", f);
	util_json_string(f, s->name);
	fputs(", \"fqdn\": ", f);
	util_json_string(f, s->fqdn);
	fprintf(f, ", \"class\": \"%s\", \"flows\": %" PRIu64 ", \"events\": %"
	    PRIu64 ", \"first_seen\": ", policy_server_class_name(s->class),
	    s->flows, s->events);
	util_json_time(f, s->first_seen);
	fputs(", \"last_seen\": ", f);
	util_json_time(f, s->last_seen);
	if (s->entry != NULL) {
		fputs(", \"entry\": ", f);
		util_json_string(f, s->entry);
	}
	if (s->weak != NULL) {
		fputs(", \"entry_not_proof\": ", f);
		util_json_string(f, s->weak);
	}
	if (s->host == NULL)
		fprintf(f, ", \"refused\": \"%s\"",
		    hostname_refusal_code(s->refused));
	fprintf(f, ", \"in_directory\": %s", s->absent ? "false" : "true");
	if (s->proven)
		fputs(", \"member_by_events\": true", f);
	fputs(",\n      ", f);
	report_json_names(f, "accounts", &s->accounts);
	fputs(",\n      ", f);
	report_json_names(f, "clients", &s->clients);
	fputs(",\n      ", f);
	report_json_names(f, "processes", &s->processes);
	fputs("}", f);
}

static void
report_json_servers(FILE *f, const char *key, const struct sim_server *v,
    size_t n, int names_only)
{
	size_t	i;

	fprintf(f, ",\n   \"%s\": [", key);
	for (i = 0; i < n; i++) {
		if (names_only) {
			fputs(i > 0 ? ", " : "", f);
			util_json_string(f, v[i].name);
		} else {
			fputs(i > 0 ? ",\n    " : "\n    ", f);
			report_json_server(f, &v[i]);
		}
	}
	fputs("]", f);
}

/* Blockers, warnings or caveats: [{"kind", "text", "items"}]. */
static void
report_json_findings(FILE *f, const struct sim_caveat *v, size_t n,
    const char *indent)
{
	size_t	 i, j;
	char	*t;

	for (i = 0; i < n; i++) {
		fprintf(f, "%s%s{\"kind\": \"%s\", \"text\": ",
		    i > 0 ? "," : "", indent,
		    report_text_caveat_kind(v[i].code));
		t = report_text_caveat(&v[i]);
		util_json_string(f, t);
		free(t);
		fputs(", \"items\": [", f);
		for (j = 0; j < v[i].nitems; j++) {
			fputs(j > 0 ? ", " : "", f);
			t = report_text_caveat_item(&v[i], j);
			util_json_string(f, t);
			free(t);
		}
		fputs("]}", f);
	}
}

/* How many flows each reason decided at a level (plan.h), in code order. */
static void
report_json_decisions(FILE *f, const struct plan *pl, size_t level)
{
	uint64_t	n[PLAN_NREASONS];
	size_t		i;
	int		k, first = 1;

	memset(n, 0, sizeof n);
	for (i = 0; i < pl->nflows; i++)
		n[plan_reason(pl, level, i)]++;
	fputs(",\n   \"decisions\": {", f);
	for (k = 0; k < PLAN_NREASONS; k++) {
		if (n[k] == 0 || k == PLAN_NOT_EVALUATED)
			continue;
		fprintf(f, "%s\"%s\": %" PRIu64, first ? "" : ", ",
		    plan_reason_code((enum plan_reason)k), n[k]);
		first = 0;
	}
	fputs("}", f);
}

static void
report_json_level(FILE *f, const struct plan *pl, size_t level)
{
	const struct sim_level	*lv = &pl->r->levels[level];
	const struct policy	*p = lv->policy;

	fputs("  {\"name\": ", f);
	util_json_string(f, p->name);
	fprintf(f, ", \"value\": %ld, \"option\": ", p->value);
	util_json_string(f, p->option);
	fprintf(f, ", \"ready\": %s,\n   \"blockers\": [",
	    lv->ready ? "true" : "false");
	report_json_findings(f, lv->blockers, lv->nblockers, "\n    ");
	fputs("],\n   \"warnings\": [", f);
	report_json_findings(f, lv->warnings, lv->nwarnings, "\n    ");
	fprintf(f, "],\n   \"answered\": %s,\n   \"blocked_flows\": %" PRIu64
	    ", \"blocked_events\": %" PRIu64 ", \"servers\": %" PRIu64
	    ", \"accounts\": %" PRIu64 ", \"clients\": %" PRIu64 ",\n"
	    "   \"excepted_flows\": %" PRIu64 ", \"excepted_events\": %" PRIu64
	    ", \"remediate_flows\": %" PRIu64 ", \"remediate_events\": %"
	    PRIu64 ", \"residual_flows\": %" PRIu64 ", \"residual_events\": %"
	    PRIu64, lv->answered ? "true" : "false", lv->blocked_flows,
	    lv->blocked_events, lv->servers, lv->accounts, lv->clients,
	    lv->excepted_flows, lv->excepted_events, lv->remediate_flows,
	    lv->remediate_events, lv->residual_flows, lv->residual_events);
	report_json_servers(f, "exceptions", lv->exceptions, lv->nexceptions,
	    1);
	report_json_servers(f, "already_excepted", lv->already, lv->nalready,
	    1);
	report_json_servers(f, "evidence", lv->exceptions, lv->nexceptions, 0);
	report_json_servers(f, "already_excepted_evidence", lv->already,
	    lv->nalready, 0);
	report_json_servers(f, "remediate", lv->remediate, lv->nremediate, 0);
	fprintf(f, ",\n   \"trust_flows\": %" PRIu64 ", \"trust_events\": %"
	    PRIu64 ", \"noserver_flows\": %" PRIu64 ", \"noserver_events\": %"
	    PRIu64 ", \"dcvalid_flows\": %" PRIu64 ", \"dcvalid_events\": %"
	    PRIu64, lv->trust_flows, lv->trust_events, lv->noserver_flows,
	    lv->noserver_events, lv->dcvalid_flows, lv->dcvalid_events);
	report_json_servers(f, "refused", lv->refused, lv->nrefused, 0);
	report_json_decisions(f, pl, level);
	fputs("}", f);
}

static void
report_json_count(FILE *f, const char *key, const struct sim_count *c)
{
	fprintf(f, "\"%s_flows\": %" PRIu64 ", \"%s_events\": %" PRIu64, key,
	    c->flows, key, c->events);
}

static void
report_json_inputs(FILE *f, const struct plan *p)
{
	const struct plan_inputs	*in = &p->in;
	size_t				 i;

	fputs(" \"inputs\": {\"flows\": [", f);
	for (i = 0; i < in->nflows; i++) {
		fputs(i > 0 ? ", " : "", f);
		util_json_string(f, in->flows[i]);
	}
	fputs("], \"events\": [", f);
	for (i = 0; i < in->nevents; i++) {
		fputs(i > 0 ? ", " : "", f);
		util_json_string(f, in->events[i]);
	}
	fputs("], \"directory\": ", f);
	util_json_string(f, in->directory);
	fputs(", \"ldif\": [", f);
	for (i = 0; i < in->nldif; i++) {
		fputs(i > 0 ? ", " : "", f);
		util_json_string(f, in->ldif[i]);
	}
	fputs("]", f);
	fputs(", \"exceptions\": ", f);
	util_json_string(f, in->exceptions_path);
	fputs(", \"rules\": ", f);
	util_json_string(f, in->rules_path);
	fputs(", \"policies\": ", f);
	util_json_string(f, in->policies_dir);
	fputs("},\n \"domain\": {\"netbios\": ", f);
	util_json_string(f, p->dom->netbios);
	fputs(", \"dns\": ", f);
	util_json_string(f, p->dom->dns);
	fprintf(f, ", \"computers\": %zu, \"trusts\": %zu},\n",
	    p->dom->ncomputers, p->dom->ntrusts);
}

static void
report_json_lists(FILE *f, const struct plan_inputs *in)
{
	const struct exceptions_entry	*e;
	const struct rule		*ru;
	size_t				 i;

	fputs(" \"exceptions_in_force\": [", f);
	for (i = 0; in->exceptions != NULL &&
	    i < exceptions_count(in->exceptions); i++) {
		e = exceptions_get(in->exceptions, i);
		fputs(i > 0 ? ",\n  {\"name\": " : "\n  {\"name\": ", f);
		util_json_string(f, e->name);
		fputs(", \"where\": ", f);
		util_json_string(f, e->where);
		fprintf(f, ", \"valid\": %s, \"reason\": ",
		    e->reason == NULL ? "true" : "false");
		util_json_string(f, e->reason);
		fprintf(f, ", \"servers\": %" PRIu64 "}", e->hits);
	}
	fputs("],\n \"rules\": [", f);
	for (i = 0; in->rules != NULL && i < rules_count(in->rules); i++) {
		ru = rules_get(in->rules, i);
		fprintf(f, "%s{\"line\": %u, \"field\": \"%s\", \"action\": "
		    "\"%s\", \"pattern\": ", i > 0 ? ",\n  " : "\n  ",
		    ru->line, rules_field_name(ru->field),
		    rules_action_name(ru->action));
		util_json_string(f, ru->pattern);
		fputs(", \"reason\": ", f);
		util_json_string(f, ru->reason);
		fprintf(f, ", \"flows\": %" PRIu64 ", \"events\": %" PRIu64
		    ", \"unused\": %s}", ru->flows, ru->events,
		    ru->flows == 0 ? "true" : "false");
	}
	fputs("],\n", f);
}

/*
 * The evidence: every input with its counts, every log with the record ids
 * it holds, its gaps and window, and the ids more than one input held.
 */
static void
report_json_logs(FILE *f, const struct flows *fl)
{
	const struct source	*src;
	const struct flows_log	*logs, *l;
	struct flows_overlap	*o;
	struct flows_gap	 g;
	size_t			 i, j, n;

	fputs(" \"sources\": [", f);
	for (i = 0; fl != NULL && i < flows_source_count(fl); i++) {
		src = flows_source(fl, i);
		fputs(i > 0 ? ",\n  {\"path\": " : "\n  {\"path\": ", f);
		util_json_string(f, src->path);
		fprintf(f, ", \"records\": %" PRIu64 ", \"used\": %" PRIu64
		    ", \"skipped\": %" PRIu64 ", \"unreadable\": %" PRIu64
		    ", \"duplicate\": %" PRIu64 "}", src->records, src->used,
		    src->skipped, src->unreadable, src->duplicate);
	}
	fputs("],\n \"logs\": [", f);
	n = fl != NULL ? flows_logs(fl, &logs) : 0;
	for (i = 0; i < n; i++) {
		l = &logs[i];
		fputs(i > 0 ? ",\n  {\"host\": " : "\n  {\"host\": ", f);
		util_json_string(f, l->host);
		fputs(", \"channel\": ", f);
		util_json_string(f, l->channel);
		fputs(", \"first_time\": ", f);
		util_json_time(f, l->first_time);
		fputs(", \"last_time\": ", f);
		util_json_time(f, l->last_time);
		fprintf(f, ", \"held\": %" PRIu64 ", \"lost\": %" PRIu64
		    ", \"gaps\": [", flows_log_held(l), flows_log_lost(l));
		for (j = 0; j + 1 < l->nranges; j++) {
			flows_log_gap(l, j, &g);
			fprintf(f, "%s{\"first\": %" PRIu64 ", \"last\": %"
			    PRIu64 ", \"lost\": %" PRIu64 ", \"from\": ",
			    j > 0 ? ", " : "", g.after + 1, g.before - 1,
			    g.lost);
			util_json_time(f, g.from);
			fputs(", \"to\": ", f);
			util_json_time(f, g.to);
			putc('}', f);
		}
		fputs("]}", f);
	}
	fputs("],\n \"overlaps\": [", f);
	n = fl != NULL ? flows_overlaps(fl, &o) : 0;
	for (i = 0; i < n; i++) {
		fputs(i > 0 ? ",\n  {\"host\": " : "\n  {\"host\": ", f);
		util_json_string(f, o[i].host);
		fputs(", \"channel\": ", f);
		util_json_string(f, o[i].channel);
		fprintf(f, ", \"first\": %" PRIu64 ", \"last\": %" PRIu64 "}",
		    o[i].first, o[i].last);
	}
	if (fl != NULL)
		free(o);
	fputs("],\n", f);
}

/*
 * plan.json, member by member in the order of ntlmplan-plan(5): over 100
 * lines because each member is written where the format page lists it.
 */
void
report_json_write(FILE *f, const struct plan *p)
{
	const struct sim_result	*r = p->r;
	const struct plan_inputs *in = &p->in;
	const struct report_events *ev = p->events;
	const struct sim_host	*h;
	size_t			 i;
	int			 a, s;

	fprintf(f, "{\"format\": \"%s\", \"format_version\": %d, "
	    "\"version\": %d,\n \"plan_time\": ", REPORT_JSON_FORMAT,
	    REPORT_JSON_VERSION, REPORT_JSON_VERSION);
	util_json_time(f, in->generated);
	fputs(", \"generated\": ", f);
	util_json_time(f, in->generated);
	fputs(",\n \"setting\": ", f);
	util_json_string(f, r->policy->setting);
	fputs(", \"level\": ", f);
	util_json_string(f, r->policy->name);
	fprintf(f, ", \"value\": %ld, \"ready\": %s,\n \"audit_level\": ",
	    r->policy->value, r->levels[r->level].ready ? "true" : "false");
	if (r->audit == NULL)
		fputs("null", f);
	else {
		fputs("{\"name\": ", f);
		util_json_string(f, r->audit->audit_option != NULL ?
		    r->audit->audit_option : r->audit->option);
		fprintf(f, ", \"value\": %ld, \"inferred\": %s}",
		    r->audit->audit_key != NULL ? r->audit->audit_value :
		    r->audit->off, r->audit_inferred ? "true" : "false");
	}
	fputs(",\n \"window\": {\"first_seen\": ", f);
	util_json_time(f, r->first_seen);
	fputs(", \"last_seen\": ", f);
	util_json_time(f, r->last_seen);
	fputs("},\n", f);
	report_json_inputs(f, p);
	fputs(" \"totals\": {", f);
	report_json_count(f, "input", &r->input);
	fputs(", ", f);
	report_json_count(f, "evaluated", &r->evaluated);
	fputs(", ", f);
	report_json_count(f, "ignored", &r->ignored);
	fputs(", ", f);
	report_json_count(f, "no_server", &r->no_server);
	fputs(", ", f);
	report_json_count(f, "fixed", &r->fixed);
	fputs("},\n \"classes\": [", f);
	for (a = 0; a < ACCOUNT__COUNT; a++) {
		for (s = 0; s < SERVER__COUNT; s++) {
			fprintf(f, "%s{\"account\": \"%s\", "
			    "\"server\": \"%s\", \"flows\": %" PRIu64
			    ", \"events\": %" PRIu64 "}",
			    a + s > 0 ? ",\n  " : "\n  ",
			    policy_account_class_name(a),
			    policy_server_class_name(s),
			    r->classes[a][s].flows, r->classes[a][s].events);
		}
	}
	fputs("],\n \"levels\": [\n", f);
	for (i = 0; i < r->nlevels; i++) {
		report_json_level(f, p, i);
		fputs(i + 1 < r->nlevels ? ",\n" : "\n", f);
	}
	fputs(" ],\n ", f);
	report_json_names(f, "dc_servers", &r->dc_servers);
	fputs(",\n ", f);
	report_json_names(f, "absent_servers", &r->absent);
	fputs(",\n ", f);
	report_json_names(f, "unknown_domains", &r->unknown_domains);
	fputs(",\n ", f);
	report_json_names(f, "trust_channels", &r->trust_channels);
	fputs(",\n", f);
	report_json_lists(f, in);
	report_remediate_json(f, p->rem, in->assumed);
	fputs(",\n", f);
	fputs(" \"hosts\": [", f);
	for (i = 0; i < r->nhosts; i++) {
		h = &r->hosts[i];
		fputs(i > 0 ? ",\n  {\"name\": " : "\n  {\"name\": ", f);
		util_json_string(f, h->name);
		fprintf(f, ", \"events\": %" PRIu64 ", \"first_seen\": ",
		    h->events);
		util_json_time(f, h->first_seen);
		fputs(", \"last_seen\": ", f);
		util_json_time(f, h->last_seen);
		fprintf(f, ", \"days\": %.1f", h->first_seen ==
		    UTIL_TIME_NONE ? 0.0 : (double)(h->last_seen -
		    h->first_seen) / UTIL_DAY);
		fputs(", \"log_first\": ", f);
		util_json_time(f, h->log_first);
		fputs(", \"log_last\": ", f);
		util_json_time(f, h->log_last);
		fprintf(f, ", \"log_days\": %.1f, \"lost\": %" PRIu64
		    ", \"gaps\": %zu}", h->log_first == UTIL_TIME_NONE ? 0.0 :
		    (double)(h->log_last - h->log_first) / UTIL_DAY, h->lost,
		    h->gaps);
	}
	fputs("],\n", f);
	report_json_logs(f, p->fl);
	report_json_smb(f, p);
	report_json_changes(f, p);
	if (ev != NULL) {
		fputs(" ", f);
		report_events_json(f, ev);
		fputs(",\n", f);
	}
	fputs(" \"caveats\": [", f);
	report_json_findings(f, r->caveats, r->ncaveats, "\n  ");
	fputs("]}\n", f);
}
