/*
 * report-text-events.c: the report's words for what the events say beyond
 * a count (report-events.h judged it): each listed server's activity and
 * its weekday x hour heatmap, NTLMv1 and what BlockNtlmv1SSO enforcement
 * breaks, the hosts Credential Guard made blind, relay exposure.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report-doc.h"
#include "report-events.h"
#include "report-plan.h"
#include "report-text.h"
#include "simulate.h"
#include "xmalloc.h"

#define REPORT_TEXT_EVENTS_HEATMAPS	50	/* servers with a heatmap */
#define REPORT_TEXT_EVENTS_ROWS		100	/* rows of a table */

/* A server's weekday x hour counts as a table, darker where busier. */
static void
report_text_events_heatmap(struct doc *d, const struct report_events_server
    *es)
{
	static const char *const hours[] = { "00", "01", "02", "03", "04",
	    "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15",
	    "16", "17", "18", "19", "20", "21", "22", "23" };
	struct doc_column	 cols[25];
	uint64_t		 max = 0, n, hrs[168];
	size_t			 i;
	int			 wd, h;

	cols[0].title = "UTC";
	cols[0].align = DOC_LEFT;
	for (h = 0; h < 24; h++) {
		cols[h + 1].title = hours[h];
		cols[h + 1].align = DOC_RIGHT;
	}
	memset(hrs, 0, sizeof hrs);
	for (i = 0; i < es->nhours; i++) {
		hrs[es->hours[i].hour] = es->hours[i].events;
		if (es->hours[i].events > max)
			max = es->hours[i].events;
	}
	doc_table_begin(d, NULL, cols, 25);
	for (wd = 0; wd < 7; wd++) {
		doc_row_begin(d, NULL);
		doc_cell_begin(d, NULL, NULL);
		doc_text(d, report_events_weekday(wd));
		doc_cell_end(d);
		for (h = 0; h < 24; h++) {
			n = hrs[wd * 24 + h];
			doc_cell_begin(d, n == 0 ? NULL : n * 2 >= max ?
			    "danger" : "warn", NULL);
			if (n > 0)
				doc_textf(d, "%" PRIu64, n);
			doc_cell_end(d);
		}
		doc_row_end(d);
	}
	doc_table_end(d);
}

void
report_text_events_card(struct doc *d, const struct plan *rp,
    size_t i)
{
	const struct report_events_server	*es;

	if (rp->events == NULL || i >= rp->events->nservers)
		return;
	es = &rp->events->servers[i];
	doc_para_begin(d, NULL);
	doc_strong(d, "Activity");
	if (es->profiled == 0) {
		doc_text(d, ": when its events happened is not known (flow "
		    "files of version 1 keep no time profile).");
		doc_para_end(d);
		return;
	}
	doc_text(d, " (UTC, from the flows' time profiles): ");
	doc_count(d, es->profiled, "denied event", NULL);
	doc_text(d, " on ");
	doc_count(d, es->active_days, "day", NULL);
	doc_textf(d, "; busiest %s %02d:00-%02d:59 (%" PRIu64 ").",
	    report_events_weekday(es->peak / 24), es->peak % 24,
	    es->peak % 24, es->peak_events);
	if (es->pattern == REPORT_EVENTS_WEEKLY)
		doc_textf(d, " Only on %ss: a weekly job?",
		    report_events_weekday(es->weekday));
	else if (es->pattern == REPORT_EVENTS_MONTHLY)
		doc_textf(d, " Only on day %d of the month: a monthly job?",
		    es->mday);
	if (es->warn) {
		doc_text(d, " ");
		doc_tag(d, "warn", "short window");
		doc_textf(d, " The logs that saw it cover only %.1f days: too "
		    "few to tell a %s job from chance, or to see the runs it "
		    "makes on other days. Keep auditing for %s before "
		    "deciding.", es->window,
		    es->pattern == REPORT_EVENTS_MONTHLY ? "monthly" : "weekly",
		    es->pattern == REPORT_EVENTS_MONTHLY ? "two months" :
		    "four weeks");
	}
	if (es->unknown > 0) {
		doc_text(d, " ");
		doc_count(d, es->unknown, "event", NULL);
		doc_text(d, " of flow files of version 1 are not counted "
		    "here.");
	}
	doc_para_end(d);
	if (i < REPORT_TEXT_EVENTS_HEATMAPS)
		report_text_events_heatmap(d, es);
	else if (i == REPORT_TEXT_EVENTS_HEATMAPS) {
		doc_para_begin(d, "note");
		doc_textf(d, "Heatmaps for the first %d servers only; "
		    "plan.json has the weekday x hour counts of each.",
		    REPORT_TEXT_EVENTS_HEATMAPS);
		doc_para_end(d);
	}
}

/* An account as DOMAIN\user, as the evidence writes it. */
static void
report_text_events_account(struct doc *d, const char *domain,
    const char *user)
{
	char	*s;

	xasprintf(&s, "%s%s%s", domain != NULL ? domain : "",
	    domain != NULL ? "\\" : "", user != NULL ? user : "-");
	doc_code(d, s);
	free(s);
}

void
report_text_ntlmv1(struct doc *d, const struct plan *rp)
{
	static const struct doc_column	 cols[] = {
		{ "Account", DOC_LEFT }, { "Client", DOC_LEFT },
		{ "Server", DOC_LEFT }, { "Events", DOC_RIGHT },
		{ "Evidence", DOC_LEFT }, { "Last seen", DOC_LEFT }
	};
	const struct report_events		*ev = rp->events;
	const struct report_events_v1row	*v;
	size_t					 i, n;
	int					 k;

	doc_heading(d, 2, "NTLMv1");
	doc_para_begin(d, NULL);
	doc_text(d, "NTLMv1 shows in Security 4624 with package ");
	doc_code(d, "NTLM V1");
	doc_text(d, " (ANONYMOUS LOGON is logged so and left out), in the "
	    "NtlmVersion of the enhanced events 4020 to 4033, in 4013 "
	    "(NTLMv1 refused) and in 4024/4025 (NTLMv1-derived single "
	    "sign-on credentials used or blocked).");
	doc_para_end(d);
	if (ev == NULL || ev->nv1 == 0) {
		doc_para_begin(d, NULL);
		doc_text(d, "None of these events shows NTLMv1 use.");
		doc_para_end(d);
		return;
	}
	doc_para_begin(d, NULL);
	doc_count(d, ev->v1_events, "event", NULL);
	doc_textf(d, " show NTLMv1 use, in %zu combination%s of account, "
	    "client and server:", ev->nv1, ev->nv1 == 1 ? "" : "s");
	doc_para_end(d);
	doc_table_begin(d, "ntlmv1-table", cols, sizeof cols / sizeof cols[0]);
	for (i = 0; i < ev->nv1 && i < REPORT_TEXT_EVENTS_ROWS; i++) {
		v = &ev->v1[i];
		doc_row_begin(d, NULL);
		doc_cell_begin(d, NULL, NULL);
		report_text_events_account(d, v->domain, v->user);
		doc_cell_end(d);
		doc_cell_begin(d, NULL, NULL);
		doc_code(d, v->client);
		doc_cell_end(d);
		doc_cell_begin(d, NULL, NULL);
		doc_code(d, v->server);
		doc_cell_end(d);
		doc_cellf(d, "%" PRIu64, v->events);
		doc_cell_begin(d, NULL, NULL);
		for (k = 0, n = 0; k < REPORT_EVENTS_V1__COUNT; k++) {
			if (v->kind[k] == 0)
				continue;
			doc_textf(d, "%s%s (%" PRIu64 ")", n++ > 0 ? ", " : "",
			    report_events_v1_name(k), v->kind[k]);
		}
		doc_cell_end(d);
		doc_cell_time(d, v->last_seen);
		doc_row_end(d);
	}
	doc_table_end(d);
	if (ev->nv1 > REPORT_TEXT_EVENTS_ROWS) {
		doc_para_begin(d, "note");
		doc_textf(d, "The first %d of %zu rows; plan.json has all.",
		    REPORT_TEXT_EVENTS_ROWS, ev->nv1);
		doc_para_end(d);
	}
	doc_para_begin(d, NULL);
	doc_strong(d, "BlockNtlmv1SSO");
	doc_text(d, ": enforcing it (");
	doc_code(d, "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\MSV1_0"
	    "\\BlockNtlmv1SSO");
	doc_text(d, " = 1; 0, audit, is the default) blocks the "
	    "NTLMv1-derived single sign-on that 4024 audits: ");
	if (ev->sso_events == 0)
		doc_text(d, "no 4024 event is in the data, so nothing seen "
		    "here would break.");
	else {
		doc_count(d, ev->sso_events, "event", NULL);
		doc_text(d, " of ");
		doc_count(d, ev->sso_flows, "flow", NULL);
		doc_text(d, " would fail, the rows with 4024 above.");
	}
	doc_para_end(d);
}

void
report_text_blind(struct doc *d, const struct plan *rp)
{
	static const struct doc_column	 cols[] = {
		{ "Host", DOC_LEFT }, { "4013 (NTLMv1 refused)", DOC_RIGHT },
		{ "4014 (Credential Guard)", DOC_RIGHT },
		{ "Refused images", DOC_LEFT },
		{ "First seen", DOC_LEFT }, { "Last seen", DOC_LEFT }
	};
	const struct report_events		*ev = rp->events;
	const struct report_events_blind	*b;
	size_t					 i, j;

	doc_heading(d, 2, "Blind hosts");
	if (ev == NULL || ev->nblind == 0) {
		doc_para_begin(d, NULL);
		doc_text(d, "No host logged 4013 or 4014: nothing says that "
		    "Credential Guard hid refused NTLM from the audit events.");
		doc_para_end(d);
		return;
	}
	doc_para_begin(d, NULL);
	doc_text(d, "With Credential Guard, refused NTLM bypasses the audit "
	    "events 8001 to 8004. These hosts logged 4013 or 4014: their "
	    "clean record is not evidence that nothing would break there.");
	doc_para_end(d);
	doc_table_begin(d, "blind-table", cols, sizeof cols / sizeof cols[0]);
	for (i = 0; i < ev->nblind && i < REPORT_TEXT_EVENTS_ROWS; i++) {
		b = &ev->blind[i];
		doc_row_begin(d, NULL);
		doc_cell_begin(d, NULL, NULL);
		doc_code(d, b->host);
		doc_cell_end(d);
		doc_cellf(d, "%" PRIu64, b->refused_v1);
		doc_cellf(d, "%" PRIu64, b->refused_cg);
		doc_cell_begin(d, NULL, NULL);
		for (j = 0; j < b->nimages; j++) {
			doc_text(d, j > 0 ? ", " : "");
			doc_code(d, b->images[j]);
		}
		if (b->more_images > 0)
			doc_textf(d, " and %zu more", b->more_images);
		doc_cell_end(d);
		doc_cell_time(d, b->first_seen);
		doc_cell_time(d, b->last_seen);
		doc_row_end(d);
	}
	doc_table_end(d);
}

void
report_text_relay(struct doc *d, const struct plan *rp)
{
	static const struct doc_column	 cols[] = {
		{ "Server", DOC_LEFT }, { "Flows", DOC_RIGHT },
		{ "Events", DOC_RIGHT }, { "Without MIC", DOC_RIGHT },
		{ "Without channel binding", DOC_RIGHT }
	};
	const struct report_events	*ev = rp->events;
	size_t				 i;

	doc_heading(d, 2, "Relay exposure");
	doc_para_begin(d, NULL);
	doc_text(d, "An NTLM session without a MIC or without channel binding "
	    "can be relayed. Only the enhanced events 4020 to 4033 log "
	    "MicStatus and ChannelBindingStatus; ");
	if (ev == NULL || ev->nrelay == 0) {
		doc_text(d, "none of them shows a session without either.");
		doc_para_end(d);
		return;
	}
	doc_text(d, "these servers received such sessions:");
	doc_para_end(d);
	doc_table_begin(d, "relay-table", cols, sizeof cols / sizeof cols[0]);
	for (i = 0; i < ev->nrelay && i < REPORT_TEXT_EVENTS_ROWS; i++) {
		doc_row_begin(d, NULL);
		doc_cell_begin(d, NULL, NULL);
		doc_code(d, ev->relay[i].server);
		doc_cell_end(d);
		doc_cellf(d, "%" PRIu64, ev->relay[i].flows);
		doc_cellf(d, "%" PRIu64, ev->relay[i].events);
		doc_cellf(d, "%" PRIu64, ev->relay[i].no_mic);
		doc_cellf(d, "%" PRIu64, ev->relay[i].no_cb);
		doc_row_end(d);
	}
	doc_table_end(d);
	if (ev->nrelay > REPORT_TEXT_EVENTS_ROWS) {
		doc_para_begin(d, "note");
		doc_textf(d, "The first %d of %zu servers; plan.json has all.",
		    REPORT_TEXT_EVENTS_ROWS, ev->nrelay);
		doc_para_end(d);
	}
}
