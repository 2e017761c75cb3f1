/*
 * report-text-remediate.c: the report's "Fix instead of except" section,
 * written once through the document interface: the assumed fixes and the
 * list with and without them, the ranked fixes with their class, evidence
 * and the servers each takes off the list, every server on the list with
 * whether only fixable flows put it there, domain controllers in red with
 * why that is dangerous, and the sources of the rules that decided.  It
 * words what remediate_run decided; it decides nothing itself.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kerberos.h"
#include "remediate.h"
#include "report-doc.h"
#include "report-json.h"
#include "report-plan.h"
#include "report-remediate.h"
#include "report-text.h"
#include "simulate.h"
#include "xmalloc.h"

#define REPORT_REMEDIATE_TOP	10	/* fixes in the report */

static void
report_text_rem_assumed(struct doc *d, const struct plan *rp,
    const struct remediate_result *rem)
{
	const struct sim_result		*r = rp->r;
	const struct remediate_assumed	*a = rp->in.assumed;
	static const struct doc_column	 cols[] = {
		{ "Option", DOC_LEFT }, { "Exceptions needed", DOC_RIGHT },
		{ "Without the assumed fixes", DOC_RIGHT }
	};
	uint64_t			 fl, ev;
	size_t				 i, n;

	if (rem->baseline == NULL)
		return;
	doc_heading(d, 3, "Assumed fixed");
	n = a != NULL ? remediate_assumed_count(a) : 0;
	doc_para_begin(d, NULL);
	doc_text(d, "This plan assumes fixes done (--assume-fixed, and site "
	    "rules with the action fixed): ");
	doc_count(d, r->fixed.flows, "flow", "flows");
	doc_text(d, " (");
	doc_count(d, r->fixed.events, "event", "events");
	doc_text(d, ") were left out. If a fix is not done by the day of "
	    "enforcement, its servers need the list without it.");
	doc_para_end(d);
	if (n > 0) {
		doc_list_begin(d, 0);
		for (i = 0; i < n; i++) {
			remediate_assumed_hits(a, i, &fl, &ev);
			doc_item_begin(d);
			doc_code(d, remediate_assumed_spec(a, i));
			doc_text(d, ": ");
			doc_count(d, fl, "flow", "flows");
			doc_text(d, ", ");
			doc_count(d, ev, "event", "events");
			doc_item_end(d);
		}
		doc_list_end(d);
	}
	doc_table_begin(d, "assumed", cols, sizeof cols / sizeof cols[0]);
	for (i = 0; i < r->nlevels && i < rem->nbaseline; i++) {
		doc_row_begin(d, i == r->level ? "planned" : NULL);
		doc_cell_begin(d, NULL, NULL);
		doc_text(d, r->levels[i].policy->option);
		doc_cell_end(d);
		doc_cellf(d, "%zu", r->levels[i].nexceptions);
		doc_cellf(d, "%zu", rem->baseline[i]);
		doc_row_end(d);
	}
	doc_table_end(d);
}

/*
 * A fix that moves flows to Kerberos: whether the account can get AES
 * tickets, and the step it needs first.
 */
static void
report_text_rem_kerberos(struct doc *d, const struct remediate_fix *fx)
{
	const char	*label;
	char		*step;

	if (!fx->kerberos || fx->kerberos_class < 0 ||
	    (label = report_remediate_kerberos_label(fx->kerberos_class,
	    fx->kerberos_heuristic)) == NULL)
		return;
	doc_tag(d, kerberos_class_needs_step(fx->kerberos_class) ? "danger" :
	    "ok", label);
	doc_text(d, " ");
	step = report_remediate_kerberos_step(fx->kerberos_class,
	    fx->kerberos_steps, fx->kerberos_heuristic, fx->kerberos_account);
	if (step != NULL) {
		doc_strong(d, step);
		doc_text(d, " Then: ");
	}
	free(step);
}

static void
report_text_rem_fixes(struct doc *d, const struct remediate_result *rem)
{
	static const struct doc_column	 cols[] = {
		{ "#", DOC_RIGHT }, { "Fix", DOC_LEFT }, { "Class", DOC_LEFT },
		{ "What to do", DOC_LEFT }, { "Evidence", DOC_LEFT },
		{ "Denied events", DOC_RIGHT }, { "Leave the list", DOC_LEFT },
		{ "List after", DOC_RIGHT }
	};
	const struct remediate_fix	*fx;
	size_t				 i, j, n;

	n = rem->nfixes < REPORT_REMEDIATE_TOP ? rem->nfixes :
	    REPORT_REMEDIATE_TOP;
	doc_para_begin(d, NULL);
	doc_text(d, "Each fix below is one account on one client, one client, "
	    "one account, or one service on one server. Fixes are ranked "
	    "greedily: each takes the most servers off the list once the "
	    "fixes above it are done, then does most of what is left; the "
	    "evidence is that of its heaviest flow. ");
	if (rem->nfixes > n)
		doc_textf(d, "The first %zu of %zu are shown; remediation.csv "
		    "and plan.json have them all.", n, rem->nfixes);
	doc_para_end(d);
	doc_table_begin(d, "fixes", cols, sizeof cols / sizeof cols[0]);
	for (i = 0; i < n; i++) {
		fx = &rem->fixes[i];
		doc_row_begin(d, NULL);
		doc_cellf(d, "%zu", i + 1);
		doc_cell_begin(d, NULL, NULL);
		doc_code(d, fx->spec);
		doc_cell_end(d);
		doc_cell_begin(d, strcmp(fx->class, REMEDIATE_UNKNOWN) == 0 ?
		    "warn" : NULL, NULL);
		doc_text(d, fx->class);
		if (fx->mixed)
			doc_text(d, " (and others)");
		doc_cell_end(d);
		doc_cell_begin(d, NULL, NULL);
		report_text_rem_kerberos(d, fx);
		doc_text(d, fx->fix != NULL ? fx->fix : "-");
		doc_cell_end(d);
		doc_cell_begin(d, NULL, NULL);
		doc_text(d, fx->evidence);
		doc_cell_end(d);
		doc_cellf(d, "%" PRIu64, fx->events);
		doc_cell_begin(d, fx->nremoves > 0 ? "ok" : NULL, NULL);
		if (fx->nremoves == 0)
			doc_text(d, "-");
		for (j = 0; j < fx->nremoves && j < REPORT_TEXT_NAMES; j++) {
			if (j > 0)
				doc_text(d, ", ");
			doc_code(d, fx->removes[j]);
		}
		report_text_more(d, j, fx->nremoves, "remediation.csv");
		doc_cell_end(d);
		doc_cellf(d, "%zu", fx->list_after);
		doc_row_end(d);
	}
	doc_table_end(d);
}

static void
report_text_rem_servers(struct doc *d, const struct remediate_result *rem)
{
	static const struct doc_column	 cols[] = {
		{ "Server", DOC_LEFT }, { "Denied flows", DOC_RIGHT },
		{ "Flows without a known fix", DOC_RIGHT },
		{ "On the list only for fixable flows", DOC_LEFT },
		{ "Leaves with fix", DOC_RIGHT }
	};
	const struct remediate_server	*sv;
	size_t				 i, k, n, *idx;
	uint64_t			*w;

	doc_heading(d, 3, "The servers on the list");
	doc_table_begin(d, "fixable", cols, sizeof cols / sizeof cols[0]);
	w = xreallocarray(NULL, rem->nservers, sizeof *w);
	for (i = 0; i < rem->nservers; i++)
		w[i] = rem->servers[i].flows;
	n = report_text_top(w, rem->nservers, REPORT_TEXT_ROWS, &idx);
	free(w);
	for (k = 0; k < n; k++) {
		sv = &rem->servers[idx[k]];
		doc_row_begin(d, NULL);
		doc_cell_begin(d, sv->dc ? "danger" : NULL, sv->name);
		doc_code(d, sv->name);
		if (sv->dc) {
			doc_text(d, " ");
			doc_tag(d, "danger", "domain controller");
		}
		doc_cell_end(d);
		doc_cellf(d, "%" PRIu64, sv->flows);
		doc_cellf(d, "%" PRIu64, sv->unknown_flows);
		doc_cell_begin(d, sv->fixable ? "ok" : "warn", NULL);
		doc_text(d, sv->fixable ? "yes" : "no: the evidence does not "
		    "decide every flow");
		doc_cell_end(d);
		doc_cell_begin(d, NULL, NULL);
		if (sv->step > 0)
			doc_textf(d, "#%zu", sv->step);
		else
			doc_text(d, "-");
		doc_cell_end(d);
		doc_row_end(d);
	}
	doc_table_end(d);
	free(idx);
	if (n < rem->nservers) {
		report_text_rows_begin(d, n, rem->nservers, "servers", "with "
		    "the most denied flows");
		report_text_rows_end(d, "remediation.csv");
	}
	for (i = 0, k = 0; i < rem->nservers; i++) {
		sv = &rem->servers[i];
		if (sv->danger == NULL || k++ >= REPORT_TEXT_ROWS)
			continue;
		doc_para_begin(d, NULL);
		doc_tag(d, "danger", "danger");
		doc_text(d, " ");
		doc_strong(d, "A domain controller is on the list:");
		doc_text(d, " ");
		doc_code(d, sv->name);
		doc_text(d, ". ");
		doc_text(d, sv->danger->why);
		doc_text(d, ". ");
		doc_text(d, sv->danger->causes);
		doc_text(d, ". Source: ");
		doc_text(d, sv->danger->source);
		doc_text(d, ".");
		doc_para_end(d);
	}
	if (k > REPORT_TEXT_ROWS) {
		doc_para_begin(d, "note");
		doc_textf(d, "The first %d of %zu domain controllers on the "
		    "list are named; ", REPORT_TEXT_ROWS, k);
		doc_link(d, "remediation.csv", "remediation.csv");
		doc_text(d, " lists all.");
		doc_para_end(d);
	}
}

static void
report_text_rem_sources(struct doc *d, const struct remediate_result *rem)
{
	const struct remediate_rule	*ru;
	size_t				 i, n;

	n = rem->rules != NULL ? remediate_rules_count(rem->rules) : 0;
	doc_heading(d, 3, "Where the fix classes come from");
	doc_para_begin(d, NULL);
	doc_text(d, "Each class comes from a rule of ");
	doc_code(d, "remediation.rules");
	doc_text(d, " (ntlmplan-remediation(5)) that matched the flow; a flow "
	    "no rule decides is ");
	doc_code(d, REMEDIATE_UNKNOWN);
	doc_text(d, ", with what was known about it. Rules that decided "
	    "flows here:");
	doc_para_end(d);
	doc_list_begin(d, 0);
	for (i = 0; i < n; i++) {
		ru = remediate_rules_get(rem->rules, i);
		if (ru->flows == 0)
			continue;
		doc_item_begin(d);
		doc_code(d, ru->class);
		doc_text(d, " (rule ");
		doc_text(d, ru->name);
		doc_text(d, ", ");
		doc_count(d, ru->flows, "flow", "flows");
		doc_text(d, "): ");
		doc_text(d, ru->source);
		doc_item_end(d);
	}
	doc_item_begin(d);
	doc_code(d, REMEDIATE_UNKNOWN);
	doc_text(d, ": ");
	doc_count(d, rem->unknown_flows, "flow", "flows");
	doc_text(d, " (");
	doc_count(d, rem->unknown_events, "event", "events");
	doc_text(d, ") the evidence does not explain");
	doc_item_end(d);
	doc_list_end(d);
}

void
report_text_remediate(struct doc *d, const struct plan *rp)
{
	const struct remediate_result	*rem = rp->rem;
	size_t				 i, fixable = 0;

	doc_heading(d, 2, "Fix instead of except");
	if (rem == NULL) {
		doc_para_begin(d, "note");
		doc_text(d, "No remediation analysis was made.");
		doc_para_end(d);
		return;
	}
	for (i = 0; i < rem->nservers; i++)
		fixable += rem->servers[i].fixable;
	doc_para_begin(d, NULL);
	doc_text(d, "An exception is a stay of execution, not a fix. Of the ");
	doc_count(d, rem->nservers, "server", "servers");
	doc_text(d, " on the proposed list, ");
	doc_count(d, fixable, "is", "are");
	doc_text(d, " there only because of flows with a known fix");
	if (rem->nfixes > 0) {
		doc_text(d, "; the first fix, ");
		doc_code(d, rem->fixes[0].spec);
		doc_text(d, ", takes ");
		doc_count(d, rem->fixes[0].nremoves, "server", "servers");
		doc_text(d, " off the list");
	}
	doc_text(d, ". Give a fix to ");
	doc_code(d, "ntlmplan plan --assume-fixed");
	doc_text(d, " to see the plan once it is done.");
	doc_para_end(d);
	if (rem->rules == NULL) {
		doc_para_begin(d, "note");
		doc_text(d, "No remediation rules were read (remediation.rules "
		    "is missing from the policy directory): every class is "
		    "unknown.");
		doc_para_end(d);
	}
	report_text_rem_assumed(d, rp, rem);
	if (rem->nfixes > 0) {
		doc_heading(d, 3, "The fixes that shrink the list");
		report_text_rem_fixes(d, rem);
	}
	if (rem->nservers > 0)
		report_text_rem_servers(d, rem);
	report_text_rem_sources(d, rem);
}
