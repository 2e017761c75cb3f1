/*
 * report-text.c: the report's sections, each written once through the
 * document interface: summary, decision table, the servers' evidence, what
 * would still break, caveats, staged rollout.  Every judgement it words
 * (short window, kind of server, lower bound) was made before, in the
 * simulation or report_plan_build.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flows.h"
#include "hostname.h"
#include "log.h"
#include "policy.h"
#include "remediate.h"
#include "report-doc.h"
#include "plan.h"
#include "report-plan.h"
#include "report-text-caveats.h"
#include "report-text.h"
#include "rules.h"
#include "simulate.h"
#include "util.h"
#include "xmalloc.h"

const struct report_text_section report_text_sections[] = {
	{ "summary", report_text_summary },
	{ "levels", report_text_levels },
	{ "remediation", report_text_remediate },
	{ "servers", report_text_servers },
	{ "residual", report_text_residual },
	{ "rules", report_text_rules },
	{ "smb", report_text_smb },
	{ "ntlmv1", report_text_ntlmv1 },
	{ "blind-hosts", report_text_blind },
	{ "relay", report_text_relay },
	{ "caveats", report_text_caveats },
	{ "changes", report_text_changes },
	{ "rollout", report_text_rollout },
	{ NULL, NULL }
};

static void
report_text_names(struct doc *d, const struct sim_names *n)
{
	size_t	i;

	if (n->n == 0) {
		doc_text(d, "none in the events");
		return;
	}
	for (i = 0; i < n->n; i++) {
		doc_text(d, i > 0 ? ", " : "");
		doc_code(d, n->names[i]);
		doc_textf(d, " (%" PRIu64 ")", n->events[i]);
	}
	if (n->total > n->n)
		doc_textf(d, " and %" PRIu64 " more (blocked.csv lists all)",
		    n->total - n->n);
}

static void
report_text_title(struct doc *d, const struct plan *rp)
{
	char	buf[UTIL_TIME_LEN];

	doc_header_begin(d);
	doc_heading_begin(d, 1);
	doc_text(d, "NTLM restriction plan: ");
	doc_code(d, rp->dom->netbios);
	if (rp->dom->dns != NULL) {
		doc_text(d, " (");
		doc_code(d, rp->dom->dns);
		doc_text(d, ")");
	}
	doc_heading_end(d);
	doc_para_begin(d, NULL);
	doc_em(d, rp->r->policy->setting);
	doc_text(d, ": for the change-advisory board, generated ");
	if (rp->in.generated != UTIL_TIME_NONE) {
		util_time_format(rp->in.generated, buf);
		buf[10] = '\0';
		doc_text(d, buf);
	}
	doc_text(d, " by ");
	doc_code(d, "ntlmplan plan");
	doc_text(d, ". Companion files: ");
	doc_code(d, "exceptions.txt");
	doc_text(d, ", ");
	doc_code(d, "GptTmpl-audit.inf");
	doc_text(d, ", ");
	doc_code(d, "GptTmpl-enforce.inf");
	doc_text(d, ", ");
	doc_code(d, "blocked.csv");
	doc_text(d, " (every denied flow), ");
	doc_code(d, "plan.json");
	doc_text(d, ".");
	doc_para_end(d);
	doc_header_end(d);
	doc_hook(d, "cards");
}

void
report_text_write(struct doc *d, const struct plan *rp)
{
	const struct report_text_section	*s;

	report_text_title(d, rp);
	for (s = report_text_sections; s->write != NULL; s++) {
		doc_section_begin(d, s->id);
		s->write(d, rp);
		doc_section_end(d);
	}
}

static void
report_text_inputs(struct doc *d, const char *what, const char *const *v,
    size_t n, int *first)
{
	size_t	i;

	if (n == 0)
		return;
	doc_textf(d, "%s%s: ", *first ? "" : "; ", what);
	*first = 0;
	for (i = 0; i < n && i < REPORT_TEXT_NAMES; i++) {
		doc_text(d, i > 0 ? ", " : "");
		doc_code(d, v[i]);
	}
	report_text_more(d, i, n, "plan.json");
}

#define REPORT_TEXT_ITEMS	10	/* items shown per blocker or warning */

static void
report_text_findings(struct doc *d, const struct sim_caveat *v, size_t n,
    int ordered)
{
	size_t	 i, j;
	char	*t;

	doc_list_begin(d, ordered);
	for (i = 0; i < n; i++) {
		doc_item_begin(d);
		doc_tag(d, ordered ? "danger" : "warn",
		    report_text_caveat_kind(v[i].code));
		doc_text(d, ": ");
		t = report_text_caveat(&v[i]);
		doc_text(d, t);
		free(t);
		if (v[i].nitems > 0) {
			doc_list_begin(d, 0);
			for (j = 0; j < v[i].nitems && j < REPORT_TEXT_ITEMS;
			    j++) {
				doc_item_begin(d);
				t = report_text_caveat_item(&v[i], j);
				doc_code(d, t);
				free(t);
				doc_item_end(d);
			}
			if (v[i].nitems > REPORT_TEXT_ITEMS) {
				doc_item_begin(d);
				doc_textf(d, "and %zu more (plan.json lists "
				    "all)", v[i].nitems - REPORT_TEXT_ITEMS);
				doc_item_end(d);
			}
			doc_list_end(d);
		}
		doc_item_end(d);
	}
	doc_list_end(d);
}

/* The planned level's verdict: what the first screen leads with. */
static void
report_text_verdict(struct doc *d, const struct plan *rp)
{
	const struct sim_level	*lv = &rp->r->levels[rp->r->level];
	const struct policy	*p = rp->r->policy;

	doc_verdict_begin(d, lv->ready);
	doc_para_begin(d, NULL);
	if (lv->ready) {
		doc_strong(d, "Ready:");
		doc_text(d, " the evidence carries ");
		doc_em(d, p->option);
		doc_textf(d, " (value %ld) with the list below.", p->value);
		if (lv->nwarnings > 0) {
			doc_text(d, " Review ");
			doc_text(d, lv->nwarnings == 1 ? "this warning" :
			    "these warnings");
			doc_text(d, " before enforcing:");
		}
	} else {
		doc_strong(d, "Not ready");
		doc_text(d, ": the evidence cannot carry ");
		doc_em(d, p->option);
		doc_textf(d, " (value %ld) yet, because:", p->value);
	}
	doc_para_end(d);
	if (!lv->ready)
		report_text_findings(d, lv->blockers, lv->nblockers, 1);
	if (!lv->ready && lv->nwarnings > 0) {
		doc_para_begin(d, NULL);
		doc_text(d, "Also review:");
		doc_para_end(d);
	}
	if (lv->nwarnings > 0)
		report_text_findings(d, lv->warnings, lv->nwarnings, 0);
	doc_verdict_end(d);
}

/* Every input read with its counts, naming those that gave nothing. */
static void
report_text_input_table(struct doc *d, const struct plan *rp)
{
	static const struct doc_column	 cols[] = {
		{ "Input", DOC_LEFT }, { "Records", DOC_RIGHT },
		{ "Used", DOC_RIGHT }, { "Skipped", DOC_RIGHT },
		{ "Duplicate", DOC_RIGHT }, { "Unreadable", DOC_RIGHT },
		{ "Note", DOC_LEFT }
	};
	const struct flows	*fl = rp->fl;
	const struct source	*src;
	size_t			 i, k, n, shown, *idx;
	uint64_t		*w;

	if (fl == NULL || (n = flows_source_count(fl)) == 0)
		return;
	doc_heading(d, 3, "Inputs");
	doc_para_begin(d, "note");
	doc_text(d, "Every record read is counted once: used (an NTLM event), "
	    "skipped (an event ntlmplan does not read), duplicate (the same "
	    "host, channel and EventRecordID read before) or unreadable.");
	doc_para_end(d);
	doc_table_begin(d, "inputs-table", cols, sizeof cols / sizeof cols[0]);
	w = xreallocarray(NULL, n, sizeof *w);
	for (i = 0; i < n; i++) {
		src = flows_source(fl, i);
		w[i] = src->records & ~(UINT64_C(1) << 63);
		if (src->used == 0 || src->unreadable > 0)
			w[i] |= UINT64_C(1) << 63;
	}
	shown = report_text_top(w, n, REPORT_TEXT_ROWS, &idx);
	free(w);
	for (k = 0; k < shown; k++) {
		src = flows_source(fl, idx[k]);
		doc_row_begin(d, NULL);
		doc_cell_begin(d, NULL, NULL);
		doc_code(d, strcmp(src->path, "-") == 0 ? "- (stdin)" :
		    src->path);
		doc_cell_end(d);
		doc_cellf(d, "%" PRIu64, src->records);
		doc_cellf(d, "%" PRIu64, src->used);
		doc_cellf(d, "%" PRIu64, src->skipped);
		doc_cellf(d, "%" PRIu64, src->duplicate);
		doc_cell_begin(d, src->unreadable > 0 ? "warn" : NULL, NULL);
		doc_textf(d, "%" PRIu64, src->unreadable);
		doc_cell_end(d);
		doc_cell_begin(d, src->used == 0 ? "warn" : NULL, NULL);
		if (src->records == 0)
			doc_text(d, "nothing read");
		else if (src->used == 0 && src->duplicate > 0)
			doc_text(d, "its NTLM audit events all read before "
			    "(a copy)");
		else if (src->used == 0)
			doc_text(d, "no NTLM audit event");
		doc_cell_end(d);
		doc_row_end(d);
	}
	doc_table_end(d);
	free(idx);
	if (shown < n) {
		report_text_rows_begin(d, shown, n, "inputs", "that gave "
		    "nothing or held unreadable records first, then with the "
		    "most records");
		report_text_rows_end(d, "plan.json");
	}
}

/* A host's weight in its table: marked short or lossy first, then events. */
static uint64_t *
report_text_host_weights(const struct sim_result *r)
{
	uint64_t	*w;
	size_t		 i;

	w = xreallocarray(NULL, r->nhosts > 0 ? r->nhosts : 1, sizeof *w);
	for (i = 0; i < r->nhosts; i++) {
		w[i] = r->hosts[i].events & ~(UINT64_C(1) << 63);
		if (r->hosts[i].short_window || r->hosts[i].lost > 0)
			w[i] |= UINT64_C(1) << 63;
	}
	return (w);
}

/* The note under a cut hosts' table: what the hosts not shown hold. */
static void
report_text_hosts_rest(struct doc *d, const struct sim_result *r,
    const size_t *idx, size_t n)
{
	uint64_t	events = 0;
	size_t		i, k = 0, rest = 0, marked = 0;

	if (n == r->nhosts)
		return;
	for (i = 0; i < r->nhosts; i++) {
		if (k < n && idx[k] == i) {
			k++;
			continue;
		}
		events += r->hosts[i].events;
		marked += r->hosts[i].short_window || r->hosts[i].lost > 0;
		rest++;
	}
	report_text_rows_begin(d, n, r->nhosts, "hosts", "marked short or "
	    "with records lost first, then with the most events");
	doc_textf(d, "; the other %zu logged %" PRIu64 " events, %zu of them "
	    "marked short or with records lost", rest, events, marked);
	report_text_rows_end(d, "plan.json");
}

/* The time window of every logging host, one row each. */
static void
report_text_hosts(struct doc *d, const struct sim_result *r)
{
	static const struct doc_column	 hostcols[] = {
		{ "Host", DOC_LEFT }, { "Events", DOC_RIGHT },
		{ "First event", DOC_LEFT }, { "Last event", DOC_LEFT },
		{ "Days", DOC_RIGHT }, { "Log covered (days)", DOC_RIGHT },
		{ "Records lost", DOC_RIGHT }
	};
	const struct sim_host		*h;
	double				 days;
	char				 key[32];
	size_t				 k, n, *idx;
	uint64_t			*w;

	doc_heading(d, 3, "Time window per logging host");
	doc_para_begin(d, "note");
	doc_text(d, "Short retention makes \"no NTLM seen\" untrustworthy: a "
	    "host whose log covered less than half the longest window is "
	    "marked ");
	doc_tag(d, "warn", "short");
	doc_text(d, ". Days: from its first to its last NTLM event; log "
	    "covered: from the first to the last record of its logs, NTLM or "
	    "not (\"-\" where only flow files without them were read); "
	    "records lost: record ids missing between the ranges its logs "
	    "hold (log rollover between or inside exports).");
	doc_para_end(d);
	doc_table_begin(d, "hosts", hostcols,
	    sizeof hostcols / sizeof hostcols[0]);
	w = report_text_host_weights(r);
	n = report_text_top(w, r->nhosts, REPORT_TEXT_ROWS, &idx);
	for (k = 0; k < n; k++) {
		h = &r->hosts[idx[k]];
		days = h->first_seen == UTIL_TIME_NONE ? 0.0 :
		    (double)(h->last_seen - h->first_seen) / UTIL_DAY;
		doc_row_begin(d, NULL);
		doc_cell_begin(d, NULL, NULL);
		doc_code(d, h->name != NULL ? h->name : "(unknown host)");
		doc_cell_end(d);
		doc_cellf(d, "%" PRIu64, h->events);
		doc_cell_time(d, h->first_seen);
		doc_cell_time(d, h->last_seen);
		snprintf(key, sizeof key, "%.1f", days);
		doc_cell_begin(d, NULL, key);
		doc_textf(d, "%.1f", days);
		doc_cell_end(d);
		if (h->log_first == UTIL_TIME_NONE) {
			doc_cell_begin(d, NULL, "-1");
			doc_text(d, "-");
		} else {
			days = (double)(h->log_last - h->log_first) /
			    (double)UTIL_DAY;
			snprintf(key, sizeof key, "%.1f", days);
			doc_cell_begin(d, NULL, key);
			doc_textf(d, "%.1f", days);
		}
		if (h->short_window) {
			doc_text(d, " ");
			doc_tag(d, "warn", "short");
		}
		doc_cell_end(d);
		doc_cell_begin(d, h->lost > 0 ? "warn" : NULL, NULL);
		if (h->lost > 0)
			doc_textf(d, "%" PRIu64 " in %zu gap%s", h->lost,
			    h->gaps, h->gaps == 1 ? "" : "s");
		else
			doc_text(d, "0");
		doc_cell_end(d);
		doc_row_end(d);
	}
	doc_table_end(d);
	report_text_hosts_rest(d, r, idx, n);
	free(idx);
	free(w);
}

/*
 * The summary section, its paragraphs in reading order: the verdict, the
 * recommendation, what was analysed, the audit level; over 100 lines
 * because it is one text, each paragraph a few calls of the document
 * interface.
 */
void
report_text_summary(struct doc *d, const struct plan *rp)
{
	const struct sim_result		*r = rp->r;
	const struct sim_level		*lv = &r->levels[r->level];
	const struct policy		*p = r->policy;
	const struct plan_inputs	*in = &rp->in;
	size_t				 i;
	int				 first = 1;

	doc_heading(d, 2, "Summary");
	report_text_verdict(d, rp);
	doc_para_begin(d, NULL);
	if (lv->ready) {
		doc_strong(d, "Recommendation:");
		doc_text(d, " set ");
	} else {
		doc_strong(d, "Planned, not recommended until the blockers "
		    "above are resolved:");
		doc_text(d, " set ");
	}
	doc_em(d, p->setting);
	doc_text(d, " to ");
	doc_strong(d, p->option);
	doc_textf(d, " (value %ld)", p->value);
	if (p->exceptions_key != NULL) {
		doc_text(d, ", with ");
		doc_count(d, rp->ngpo, "server", NULL);
		doc_text(d, " on ");
		doc_em(d, p->exceptions_setting != NULL ?
		    p->exceptions_setting : "the exception list");
		if (rp->ngpo > 0)
			doc_text(d, ": ");
		for (i = 0; i < rp->ngpo && i < REPORT_TEXT_NAMES; i++) {
			doc_text(d, i > 0 ? ", " : "");
			doc_code(d, hostname_str(rp->gpo[i]));
		}
		report_text_more(d, i, rp->ngpo, "exceptions.txt");
	} else
		doc_text(d, ". This setting has no exception list: servers "
		    "that still need NTLM must be left out of the GPO's scope");
	doc_text(d, ".");
	doc_para_end(d);
	if (!lv->answered) {
		doc_para_begin(d, NULL);
		doc_tag(d, "warn", "lower bound");
		doc_text(d, " ");
		doc_strong(d, "The audit data cannot answer for this level");
		doc_text(d, " (see the caveats): its figures are a lower "
		    "bound.");
		doc_para_end(d);
	}
	doc_para_begin(d, NULL);
	doc_text(d, "At this level ");
	doc_count(d, lv->blocked_flows, "flow", NULL);
	doc_text(d, " (");
	doc_count(d, lv->blocked_events, "event", NULL);
	doc_textf(d, ", about %.1f a day) would be denied before exceptions, "
	    "on ", report_plan_per_day(rp, lv->blocked_events));
	doc_count(d, lv->servers, "server", NULL);
	doc_text(d, ", for ");
	doc_count(d, lv->accounts, "account", NULL);
	doc_text(d, " from ");
	doc_count(d, lv->clients, "client", NULL);
	doc_text(d, ". ");
	doc_count(d, lv->nexceptions, "server", NULL);
	doc_textf(d, " need%s a new exception, %zu %s already covered by the "
	    "list in force, and ", lv->nexceptions == 1 ? "s" : "",
	    lv->nalready, lv->nalready == 1 ? "is" : "are");
	doc_count(d, lv->residual_flows, "flow", NULL);
	doc_text(d, " (");
	doc_count(d, lv->residual_events, "event", NULL);
	doc_text(d, ") would still be denied with both lists.");
	doc_para_end(d);

	doc_para_begin(d, NULL);
	doc_strong(d, "What was analysed:");
	doc_text(d, " ");
	doc_count(d, r->input.events, "NTLM audit event", NULL);
	doc_text(d, " (");
	doc_count(d, r->input.flows, "distinct flow", NULL);
	doc_text(d, ") logged by ");
	doc_count(d, r->nhosts, "host", NULL);
	doc_text(d, " from ");
	doc_time(d, r->first_seen);
	doc_text(d, " to ");
	doc_time(d, r->last_seen);
	doc_text(d, " (");
	doc_count(d, rp->ndays, "day", NULL);
	doc_text(d, "); the directory of ");
	doc_code(d, rp->dom->netbios);
	doc_text(d, " (");
	doc_code(d, rp->dom->dns);
	doc_text(d, ") with ");
	doc_count(d, rp->dom->ncomputers, "computer", NULL);
	doc_text(d, " and ");
	doc_count(d, rp->dom->ntrusts, "trust", NULL);
	doc_text(d, ". Inputs: ");
	report_text_inputs(d, "event logs", in->events, in->nevents, &first);
	report_text_inputs(d, "flow files", in->flows, in->nflows, &first);
	report_text_inputs(d, "LDIF", in->ldif, in->nldif, &first);
	if (in->directory != NULL)
		report_text_inputs(d, "directory snapshot", &in->directory, 1,
		    &first);
	if (in->exceptions_path != NULL)
		report_text_inputs(d, "list in force", &in->exceptions_path, 1,
		    &first);
	if (in->rules_path != NULL)
		report_text_inputs(d, "site rules", &in->rules_path, 1,
		    &first);
	doc_text(d, ".");
	doc_para_end(d);
	if (r->audit != NULL) {
		doc_para_begin(d, NULL);
		doc_strong(d, "Audit level of the data:");
		doc_text(d, " ");
		doc_text(d, r->audit->audit_option != NULL ?
		    r->audit->audit_option : r->audit->option);
		doc_textf(d, " (%ld, %s). Levels that deny more than it logs "
		    "are marked ", r->audit->audit_key != NULL ?
		    r->audit->audit_value : r->audit->off, r->audit_inferred ?
		    "inferred from the data" : "as stated");
		doc_tag(d, "warn", "lower bound");
		doc_text(d, " below.");
		doc_para_end(d);
	}
	report_text_hosts(d, r);
	report_text_input_table(d, rp);
}

void
report_text_levels(struct doc *d, const struct plan *rp)
{
	const struct sim_result		*r = rp->r;
	const struct sim_level		*lv;
	static const struct doc_column	 cols[] = {
		{ "Value", DOC_RIGHT }, { "Option", DOC_LEFT },
		{ "Blocked flows", DOC_RIGHT }, { "Events/day", DOC_RIGHT },
		{ "Servers", DOC_RIGHT }, { "Accounts", DOC_RIGHT },
		{ "Clients", DOC_RIGHT }, { "Exceptions needed", DOC_RIGHT },
		{ "Already excepted", DOC_RIGHT },
		{ "Still denied flows", DOC_RIGHT }, { "Data", DOC_LEFT },
		{ "Exceptions without the assumed fixes", DOC_RIGHT }
	};
	const struct remediate_result	*rem = rp->rem;
	int				 without;
	size_t				 i;

	without = rem != NULL && rem->baseline != NULL &&
	    rem->nbaseline == r->nlevels;
	doc_heading(d, 2, "Decision table");
	doc_para_begin(d, NULL);
	doc_text(d, "Every option of the setting, simulated on the same data. "
	    "Events per day: the blocked events over the days of the data. "
	    "Exceptions needed: servers to add to the list in force.");
	doc_para_end(d);
	doc_table_begin(d, "decision", cols, sizeof cols / sizeof cols[0] -
	    (without ? 0 : 1));
	for (i = 0; i < r->nlevels; i++) {
		lv = &r->levels[i];
		doc_row_begin(d, i == r->level ? "planned" : NULL);
		doc_cellf(d, "%ld", lv->policy->value);
		doc_cell_begin(d, NULL, NULL);
		if (i == r->level) {
			doc_strong(d, lv->policy->option);
			doc_text(d, " ");
			doc_tag(d, "ok", "planned");
		} else
			doc_text(d, lv->policy->option);
		doc_cell_end(d);
		doc_cellf(d, "%" PRIu64, lv->blocked_flows);
		doc_cellf(d, "%.1f", report_plan_per_day(rp,
		    lv->blocked_events));
		doc_cellf(d, "%" PRIu64, lv->servers);
		doc_cellf(d, "%" PRIu64, lv->accounts);
		doc_cellf(d, "%" PRIu64, lv->clients);
		doc_cellf(d, "%zu", lv->nexceptions);
		doc_cellf(d, "%zu", lv->nalready);
		doc_cellf(d, "%" PRIu64, lv->residual_flows);
		doc_cell_begin(d, NULL, NULL);
		if (lv->answered)
			doc_text(d, "answers");
		else
			doc_tag(d, "warn", "lower bound");
		doc_cell_end(d);
		if (without) {
			doc_cellf(d, "%zu", rem->baseline[i]);
		}
		doc_row_end(d);
	}
	report_text_smb_row(d, rp, sizeof cols / sizeof cols[0] -
	    (without ? 0 : 1));
	doc_table_end(d);
	doc_hook(d, "chart-levels");
}

static void
report_text_badges(struct doc *d, const struct report_plan_server *sp)
{
	const char	*cls;
	const char	*kind = report_plan_kind(sp, &cls);

	doc_tag(d, report_plan_list_class(sp->list),
	    report_plan_list_name(sp->list));
	doc_text(d, " ");
	doc_tag(d, cls, kind);
}

static void
report_text_card(struct doc *d, const struct report_plan_server *sp)
{
	const struct sim_server	*s = sp->s;
	const char		*what;
	size_t			 j;

	doc_heading_begin(d, 3);
	doc_code(d, s->name);
	doc_text(d, " ");
	report_text_badges(d, sp);
	doc_heading_end(d);
	doc_list_begin(d, 0);
	doc_item_begin(d);
	doc_text(d, "Operating system: ");
	if (sp->os != NULL) {
		doc_text(d, sp->os);
		if (sp->os_version != NULL) {
			doc_text(d, " ");
			doc_text(d, sp->os_version);
		}
	} else
		doc_text(d, "unknown");
	doc_item_end(d);
	doc_item_begin(d);
	doc_text(d, "Volume: ");
	doc_count(d, s->events, "denied event", NULL);
	doc_text(d, " in ");
	doc_count(d, s->flows, "flow", NULL);
	doc_text(d, ", ");
	doc_time(d, s->first_seen);
	doc_text(d, " to ");
	doc_time(d, s->last_seen);
	doc_item_end(d);
	doc_item_begin(d);
	doc_text(d, "Services (process that accepted NTLM): ");
	if (s->processes.n == 0)
		doc_text(d, "no process name in the events (a DC's 8004 "
		    "events carry none)");
	for (j = 0; j < s->processes.n; j++) {
		doc_text(d, j > 0 ? "; " : "");
		doc_code(d, s->processes.names[j]);
		if ((what = report_plan_service(s->processes.names[j])) !=
		    NULL) {
			doc_text(d, ", ");
			doc_text(d, what);
		}
		doc_textf(d, " (%" PRIu64 ")", s->processes.events[j]);
	}
	doc_item_end(d);
	doc_item_begin(d);
	doc_text(d, "Accounts: ");
	report_text_names(d, &s->accounts);
	doc_item_end(d);
	doc_item_begin(d);
	doc_text(d, "Clients: ");
	report_text_names(d, &s->clients);
	doc_item_end(d);
	if (s->entry != NULL) {
		doc_item_begin(d);
		doc_text(d, "Covered by the entry in force: ");
		doc_code(d, s->entry);
		doc_item_end(d);
	}
	doc_list_end(d);
}

/* The note under a cut server table: what the servers not shown hold. */
static void
report_text_servers_rest(struct doc *d, const struct plan *rp,
    const size_t *idx, size_t n)
{
	uint64_t	events = 0, flows = 0;
	size_t		i, k = 0;

	if (n == rp->nservers)
		return;
	for (i = 0; i < rp->nservers; i++) {
		if (k < n && idx[k] == i) {
			k++;
			continue;
		}
		events += rp->servers[i].s->events;
		flows += rp->servers[i].s->flows;
	}
	report_text_rows_begin(d, n, rp->nservers, "servers", "with the most "
	    "denied events");
	doc_textf(d, "; the other %zu have %" PRIu64 " denied events in %"
	    PRIu64 " flows; ", rp->nservers - n, events, flows);
	doc_link(d, "exceptions.txt", "exceptions.txt");
	doc_text(d, " lists the servers to except, ");
	doc_link(d, "blocked.csv", "blocked.csv");
	doc_text(d, " every denied flow");
	report_text_rows_end(d, "plan.json");
}

/* The entries in force that matched no denied flow: candidates to remove. */
static void
report_text_unused(struct doc *d, const struct plan *rp)
{
	size_t	j;

	if (rp->nunused == 0)
		return;
	doc_para_begin(d, NULL);
	doc_strong(d, "Entries in force that matched no flow this level "
	    "denies");
	doc_text(d, " (candidates to remove from the list; ");
	doc_code(d, "exceptions.txt");
	doc_text(d, " names them in its header): ");
	for (j = 0; j < rp->nunused && j < REPORT_TEXT_NAMES; j++) {
		doc_text(d, j > 0 ? ", " : "");
		doc_code(d, rp->unused[j]);
	}
	report_text_more(d, j, rp->nunused, "exceptions.txt");
	doc_text(d, ".");
	doc_para_end(d);
}

void
report_text_servers(struct doc *d, const struct plan *rp)
{
	const struct report_plan_server	*sp;
	const struct sim_server		*s;
	static const struct doc_column	 cols[] = {
		{ "Server", DOC_LEFT }, { "FQDN", DOC_LEFT },
		{ "List", DOC_LEFT }, { "Kind", DOC_LEFT },
		{ "Operating system", DOC_LEFT },
		{ "Denied events", DOC_RIGHT }, { "Flows", DOC_RIGHT },
		{ "First seen", DOC_LEFT }, { "Last seen", DOC_LEFT }
	};
	const char			*cls, *kind;
	size_t				 i, k, n, *idx;
	uint64_t			*w;

	doc_heading(d, 2, "Servers on the list: the evidence");
	report_text_unused(d, rp);
	if (rp->nservers == 0) {
		doc_para_begin(d, NULL);
		doc_text(d, "No server receives NTLM that this level denies.");
		doc_para_end(d);
		return;
	}
	doc_hook(d, "chart-days");
	doc_table_begin(d, "server-table", cols, sizeof cols / sizeof cols[0]);
	w = xreallocarray(NULL, rp->nservers, sizeof *w);
	for (i = 0; i < rp->nservers; i++)
		w[i] = rp->servers[i].s->events;
	n = report_text_top(w, rp->nservers, REPORT_TEXT_ROWS, &idx);
	for (k = 0; k < n; k++) {
		sp = &rp->servers[idx[k]];
		s = sp->s;
		kind = report_plan_kind(sp, &cls);
		doc_row_begin(d, NULL);
		doc_cell_begin(d, NULL, NULL);
		doc_code(d, s->name);
		doc_cell_end(d);
		doc_cell_begin(d, NULL, NULL);
		doc_code(d, s->fqdn);
		doc_cell_end(d);
		doc_cell_begin(d, NULL, NULL);
		doc_tag(d, report_plan_list_class(sp->list),
		    report_plan_list_name(sp->list));
		doc_cell_end(d);
		doc_cell_begin(d, NULL, NULL);
		doc_tag(d, cls, kind);
		doc_cell_end(d);
		doc_cell_begin(d, NULL, NULL);
		doc_text(d, sp->os != NULL ? sp->os : "unknown");
		doc_cell_end(d);
		doc_cellf(d, "%" PRIu64, s->events);
		doc_cellf(d, "%" PRIu64, s->flows);
		doc_cell_time(d, s->first_seen);
		doc_cell_time(d, s->last_seen);
		doc_row_end(d);
	}
	doc_table_end(d);
	report_text_servers_rest(d, rp, idx, n);
	free(idx);
	if (rp->nservers > REPORT_TEXT_CARDS) {
		n = report_text_top(w, rp->nservers, REPORT_TEXT_CARDS, &idx);
		for (k = 0; k < n; k++) {
			report_text_card(d, &rp->servers[idx[k]]);
			report_text_events_card(d, rp, idx[k]);
		}
		free(idx);
		free(w);
		doc_para_begin(d, "note");
		doc_textf(d, "The evidence of the %d servers with the most "
		    "denied events of %zu; ", REPORT_TEXT_CARDS, rp->nservers);
		doc_link(d, "plan.json", "plan.json");
		doc_text(d, " has the evidence of each.");
		doc_para_end(d);
		return;
	}
	free(w);
	for (i = 0; i < rp->nservers && i < REPORT_PLAN_CARDS; i++) {
		report_text_card(d, &rp->servers[i]);
		report_text_events_card(d, rp, i);
	}
	if (rp->nservers > REPORT_PLAN_CARDS) {
		doc_para_begin(d, "note");
		doc_textf(d, "The evidence of the first %d of %zu servers; the "
		    "table above lists all, plan.json has the evidence of "
		    "each.", REPORT_PLAN_CARDS, rp->nservers);
		doc_para_end(d);
	}
}

/* An account as DOMAIN\user. */
static void
report_text_account(struct doc *d, const struct flow *fw)
{
	char	*s;

	if ((fw->key.domain == NULL || *fw->key.domain == '\0') &&
	    (fw->key.user == NULL || *fw->key.user == '\0')) {
		doc_code(d, NULL);
		return;
	}
	xasprintf(&s, "%s\\%s", fw->key.domain != NULL && *fw->key.domain !=
	    '\0' ? fw->key.domain : "-", fw->key.user != NULL &&
	    *fw->key.user != '\0' ? fw->key.user : "-");
	doc_code(d, s);
	free(s);
}

/* A denied flow's cells: server, account, client, process, events, last. */
static void
report_text_flow_cells(struct doc *d, const char *server,
    const struct flow *fw)
{
	doc_cell_begin(d, NULL, NULL);
	doc_code(d, server);
	doc_cell_end(d);
	doc_cell_begin(d, NULL, NULL);
	report_text_account(d, fw);
	doc_cell_end(d);
	doc_cell_begin(d, NULL, NULL);
	doc_code(d, fw->key.workstation);
	doc_cell_end(d);
	doc_cell_begin(d, NULL, NULL);
	doc_code(d, fw->key.process);
	doc_cell_end(d);
	doc_cellf(d, "%" PRIu64, fw->count);
	doc_cell_time(d, fw->last_seen);
}

void
report_text_residual(struct doc *d, const struct plan *rp)
{
	const struct sim_level		*lv = &rp->r->levels[rp->r->level];
	static const struct doc_column	 cols[] = {
		{ "Server", DOC_LEFT }, { "Account", DOC_LEFT },
		{ "Client", DOC_LEFT }, { "Process", DOC_LEFT },
		{ "Events", DOC_RIGHT }, { "Last seen", DOC_LEFT },
		{ "Rule", DOC_LEFT }
	};
	const struct flow		*fw;
	size_t				 i, n = 0;

	doc_heading(d, 2, "What would still break with the list in force");
	if (lv->residual_flows == 0) {
		doc_para_begin(d, NULL);
		doc_text(d, "Nothing in the data: with the proposed list in "
		    "force, every flow this level denies is allowed by an "
		    "exception. Remember the caveats: what was not logged "
		    "cannot be shown.");
		doc_para_end(d);
		return;
	}
	doc_para_begin(d, NULL);
	doc_count(d, lv->residual_flows, "flow", NULL);
	doc_text(d, " (");
	doc_count(d, lv->residual_events, "event", NULL);
	doc_textf(d, ") would still be denied: their servers are kept off the "
	    "list by a remediate rule. Fix them (Kerberos: SPNs, names "
	    "instead of addresses) before enforcing.");
	doc_para_end(d);
	doc_table_begin(d, "residual-table", cols,
	    sizeof cols / sizeof cols[0]);
	for (i = 0; i < rp->nblocked; i++) {
		if (rp->blocked[i].in_force || rp->blocked[i].proposed)
			continue;
		if (n++ == REPORT_PLAN_RESIDUAL)
			break;
		fw = flows_flow(rp->fl, rp->blocked[i].flow);
		doc_row_begin(d, NULL);
		report_text_flow_cells(d, rp->blocked[i].server, fw);
		doc_cell_begin(d, NULL, NULL);
		if (rp->blocked[i].rule != NULL) {
			doc_textf(d, "line %u: ", rp->blocked[i].rule->line);
			doc_text(d, rp->blocked[i].rule->reason);
		} else
			doc_text(d, "-");
		doc_cell_end(d);
		doc_row_end(d);
	}
	doc_table_end(d);
	if (lv->residual_flows > REPORT_PLAN_RESIDUAL) {
		doc_para_begin(d, "note");
		doc_textf(d, "The first %d of %" PRIu64 " flows; blocked.csv "
		    "lists all (outcome denied).", REPORT_PLAN_RESIDUAL,
		    lv->residual_flows);
		doc_para_end(d);
	}
}

/* The flows each rule matched, at most REPORT_PLAN_RULE_FLOWS a rule. */
static void
report_text_rule_flows(struct doc *d, const struct plan *rp)
{
	static const struct doc_column	 cols[] = {
		{ "Rule", DOC_RIGHT }, { "Action", DOC_LEFT },
		{ "Server", DOC_LEFT }, { "Account", DOC_LEFT },
		{ "Client", DOC_LEFT }, { "Process", DOC_LEFT },
		{ "Events", DOC_RIGHT }, { "Last seen", DOC_LEFT }
	};
	const struct sim_decision	*dc;
	const struct flow		*fw;
	size_t				 i, k = 0;

	if (rp->nruled == 0)
		return;
	doc_para_begin(d, NULL);
	doc_textf(d, "The flows of this setting's events each rule matched, "
	    "most events first (at most %d a rule; blocked.csv lists every "
	    "denied one with its rule):", REPORT_PLAN_RULE_FLOWS);
	doc_para_end(d);
	doc_table_begin(d, "rule-flows", cols, sizeof cols / sizeof cols[0]);
	for (i = 0; i < rp->nruled; i++) {
		dc = &rp->ruled[i];
		k = i > 0 && rp->ruled[i - 1].rule == dc->rule ? k + 1 : 0;
		if (k >= REPORT_PLAN_RULE_FLOWS)
			continue;
		fw = flows_flow(rp->fl, dc->flow);
		doc_row_begin(d, NULL);
		doc_cellf(d, "%u", dc->rule->line);
		doc_cell_begin(d, NULL, NULL);
		doc_text(d, rules_action_name(dc->rule->action));
		doc_cell_end(d);
		report_text_flow_cells(d, dc->server, fw);
		doc_row_end(d);
	}
	doc_table_end(d);
}

void
report_text_rules(struct doc *d, const struct plan *rp)
{
	static const struct doc_column	 cols[] = {
		{ "Line", DOC_RIGHT }, { "Action", DOC_LEFT },
		{ "Field", DOC_LEFT }, { "Pattern", DOC_LEFT },
		{ "Reason", DOC_LEFT }, { "Flows", DOC_RIGHT },
		{ "Events", DOC_RIGHT }
	};
	const struct rules		*rs = rp->in.rules;
	const struct rule		*ru;
	size_t				 i, n;

	doc_heading(d, 2, "Site rules");
	if (rs == NULL || (n = rules_count(rs)) == 0) {
		doc_para_begin(d, NULL);
		doc_text(d, "No site rules were given (");
		doc_code(d, "--rules");
		doc_text(d, ").");
		doc_para_end(d);
		return;
	}
	doc_para_begin(d, NULL);
	doc_text(d, "What each rule of ");
	doc_code(d, rp->in.rules_path);
	doc_text(d, " matched over all the flows: ");
	doc_em(d, "ignore");
	doc_text(d, " leaves a flow out of the simulation (noise, such as a "
	    "scanner), ");
	doc_em(d, "remediate");
	doc_text(d, " keeps its server off the list, to be fixed before "
	    "enforcing. A rule that matched nothing is marked.");
	doc_para_end(d);
	doc_table_begin(d, "rules-table", cols, sizeof cols / sizeof cols[0]);
	for (i = 0; i < n; i++) {
		ru = rules_get(rs, i);
		doc_row_begin(d, NULL);
		doc_cellf(d, "%u", ru->line);
		doc_cell_begin(d, NULL, NULL);
		doc_text(d, rules_action_name(ru->action));
		doc_cell_end(d);
		doc_cell_begin(d, NULL, NULL);
		doc_text(d, rules_field_name(ru->field));
		doc_cell_end(d);
		doc_cell_begin(d, NULL, NULL);
		doc_code(d, ru->pattern);
		doc_cell_end(d);
		doc_cell_begin(d, NULL, NULL);
		doc_text(d, ru->reason);
		doc_cell_end(d);
		doc_cell_begin(d, ru->flows == 0 ? "warn" : NULL, NULL);
		doc_textf(d, "%" PRIu64, ru->flows);
		if (ru->flows == 0) {
			doc_text(d, " ");
			doc_tag(d, "warn", "unused");
		}
		doc_cell_end(d);
		doc_cellf(d, "%" PRIu64, ru->events);
		doc_row_end(d);
	}
	doc_table_end(d);
	report_text_rule_flows(d, rp);
}

void
report_text_caveats(struct doc *d, const struct plan *rp)
{
	const struct sim_caveat	*cv;
	size_t			 i, j;
	char			*t;

	doc_heading(d, 2, "Caveats");
	if (rp->r->ncaveats == 0) {
		doc_para_begin(d, NULL);
		doc_text(d, "None.");
		doc_para_end(d);
		return;
	}
	doc_list_begin(d, 0);
	for (i = 0; i < rp->r->ncaveats; i++) {
		cv = &rp->r->caveats[i];
		doc_item_begin(d);
		doc_tag(d, "warn", report_text_caveat_kind(cv->code));
		doc_text(d, ": ");
		t = report_text_caveat(cv);
		doc_text(d, t);
		free(t);
		if (cv->nitems > 0) {
			doc_list_begin(d, 0);
			for (j = 0; j < cv->nitems && j < REPORT_TEXT_NAMES;
			    j++) {
				doc_item_begin(d);
				t = report_text_caveat_item(cv, j);
				doc_text(d, t);
				free(t);
				doc_item_end(d);
			}
			if (cv->nitems > REPORT_TEXT_NAMES) {
				doc_item_begin(d);
				doc_textf(d, "and %zu more (", cv->nitems -
				    REPORT_TEXT_NAMES);
				doc_link(d, "plan.json", "plan.json");
				doc_text(d, " lists all)");
				doc_item_end(d);
			}
			doc_list_end(d);
		}
		doc_item_end(d);
	}
	doc_list_end(d);
}

void
report_text_rollout(struct doc *d, const struct plan *rp)
{
	const struct sim_result		*r = rp->r;
	const struct policy		*p = r->policy;
	const struct policy		*a = r->audit_stage != NULL ?
					    r->audit_stage : p;
	const struct report_plan_scope	*sc = report_plan_scope(p);

	doc_heading(d, 2, "Staged rollout");
	doc_para_begin(d, NULL);
	doc_em(d, p->setting);
	doc_textf(d, " is read by %s: put it in a GPO of its own, linked to "
	    "%s. ", sc->readers, sc->link);
	doc_strong(d, "Import Policy replaces the GPO's security settings");
	doc_text(d, " (Group Policy Management Editor: Computer "
	    "Configuration, Policies, Windows Settings, Security Settings, "
	    "Import Policy): import each template into that dedicated GPO "
	    "only, never into one that holds other security settings. ");
	doc_code(d, "secedit /configure /db ntlm.sdb /cfg FILE /areas "
	    "SECURITYPOLICY");
	doc_text(d, " changes the local policy of the one computer it runs "
	    "on, and a domain GPO setting the same values overrides it: "
	    "use it in a lab, not for the domain.");
	doc_para_end(d);
	doc_list_begin(d, 1);
	doc_item_begin(d);
	doc_strong(d, "Audit with the list");
	doc_text(d, " (");
	doc_code(d, "GptTmpl-audit.inf");
	doc_text(d, "): ");
	doc_em(d, p->audit_setting != NULL ? p->audit_setting : p->setting);
	doc_text(d, " at ");
	doc_strong(d, a->audit_option != NULL ? a->audit_option : a->option);
	doc_textf(d, " (%ld)", a->audit_key != NULL ? a->audit_value :
	    a->value);
	if (a != p)
		doc_text(d, ", broader than the planned level because the data "
		    "was logged at a broader one (an audit stage narrower than "
		    "the data would hide what it showed)");
	else
		doc_text(d, ", the planned level");
	doc_text(d, "; deny nothing; the complete exception list in place.");
	report_text_pre(d, "ini", rp->audit, rp->naudit, "GptTmpl-audit.inf");
	doc_item_end(d);
	doc_item_begin(d);
	doc_strong(d, "Review");
	doc_text(d, ": after some weeks (monthly jobs matter), collect the "
	    "NTLM logs again and plan with ");
	doc_code(d, "--exceptions exceptions.txt");
	doc_text(d, ": the plan must be ready, and what is left denied fixed "
	    "or excepted, before enforcing.");
	doc_item_end(d);
	doc_item_begin(d);
	doc_strong(d, "Enforce");
	doc_text(d, " (");
	doc_code(d, "GptTmpl-enforce.inf");
	doc_text(d, "): deny at the planned level, keep auditing everything, "
	    "the same list; then ");
	doc_code(d, "gpupdate /force");
	doc_textf(d, " on %s, or wait for the background refresh.",
	    sc->readers);
	report_text_pre(d, "ini", rp->enforce, rp->nenforce,
	    "GptTmpl-enforce.inf");
	doc_item_end(d);
	doc_list_end(d);
	doc_para_begin(d, NULL);
	doc_strong(d, "Rollback");
	doc_text(d, ": in the same GPO set ");
	doc_em(d, p->setting);
	doc_textf(d, " back to %ld (Disable, Allow all), auditing and the "
	    "list kept, and run ", p->off);
	doc_code(d, "gpupdate /force");
	doc_textf(d, " on %s. How long until every one has it: %s, once the "
	    "changed GPO has reached them by Active Directory and SYSVOL "
	    "replication, about 15 seconds within a site (change "
	    "notification) and up to the site link's replication interval "
	    "between sites, 180 minutes by default (Microsoft Learn, "
	    "\"Active Directory replication concepts\"). ", sc->readers,
	    sc->refresh);
	doc_code(d, "repadmin /syncall /AdeP");
	doc_text(d, " on a DC of the site where the GPO was changed, then ");
	doc_code(d, "gpupdate /force");
	doc_text(d, ", shortens it to minutes.");
	doc_para_end(d);
	report_text_pre(d, "ini", rp->rollback, rp->nrollback,
	    "GptTmpl-enforce.inf");
	report_text_smb_rollout(d, rp);
}

static size_t
report_text_fixable(const struct remediate_result *rem)
{
	size_t	i, n = 0;

	for (i = 0; i < rem->nservers; i++)
		n += rem->servers[i].fixable;
	return (n);
}

/* "ready", or "NOT READY: kind, kind" (caller frees). */
char *
report_text_verdict_line(const struct sim_level *lv)
{
	char	*s, *t;
	size_t	 i;

	if (lv->ready)
		return (xstrdup(lv->nwarnings > 0 ? "ready, with warnings" :
		    "ready"));
	s = xstrdup("NOT READY:");
	for (i = 0; i < lv->nblockers; i++) {
		xasprintf(&t, "%s%s %s", s, i > 0 ? "," : "",
		    report_text_caveat_kind(lv->blockers[i].code));
		free(s);
		s = t;
	}
	return (s);
}

void
report_text_log(const struct plan *pl, const char *dir)
{
	const struct remediate_result	*rem = pl->rem;
	const struct sim_result		*r = pl->r;
	const struct sim_level		*lv = pl->lv;
	const struct policy		*p = pl->policy;
	char				*verdict;

	if (rem->nfixes > 0)
		log_info("plan: fix instead of except: %zu of %zu servers on "
		    "the list only for flows with a known fix; first fix: %s "
		    "(%zu server%s the list)", report_text_fixable(rem),
		    rem->nservers, rem->fixes[0].spec, rem->fixes[0].nremoves,
		    rem->fixes[0].nremoves == 1 ? " leaves" : "s leave");
	verdict = report_text_verdict_line(lv);
	log_info("plan: %s (%ld): %" PRIu64 " flow%s (%" PRIu64 " event%s) "
	    "denied before exceptions, %zu server%s to except, %zu already "
	    "excepted, %" PRIu64 " flow%s still denied; %zu caveat%s; %s; "
	    "written to %s", p->name, p->value, lv->blocked_flows,
	    lv->blocked_flows == 1 ? "" : "s", lv->blocked_events,
	    lv->blocked_events == 1 ? "" : "s", lv->nexceptions,
	    lv->nexceptions == 1 ? "" : "s", lv->nalready, lv->residual_flows,
	    lv->residual_flows == 1 ? "" : "s", r->ncaveats,
	    r->ncaveats == 1 ? "" : "s", verdict, dir);
	free(verdict);
	if (pl->baseline != NULL)
		log_info("plan: assumed fixed: %" PRIu64 " flows (%" PRIu64
		    " events) dropped; %zu server%s to except without the "
		    "assumed fixes", r->fixed.flows, r->fixed.events,
		    pl->baseline[r->level], pl->baseline[r->level] == 1 ? "" :
		    "s");
}

