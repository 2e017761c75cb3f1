/*
 * report-text-smb.c: the report's words for the changes of 2026 that a
 * plan of the domain setting does not cover by itself: the SMB client's
 * own NTLM block (its row beside the domain options, what it breaks per
 * client and server, the clients that left no evidence, its Registry.pol
 * and Set-GPRegistryValue lines) and the dated changes of Windows as of
 * the plan's time.  plan.c has judged everything; this file only words it.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "changes.h"
#include "flows.h"
#include "hostname.h"
#include "plan.h"
#include "report-doc.h"
#include "report-plan.h"
#include "report-text.h"
#include "simulate-smb.h"
#include "util.h"

#define REPORT_TEXT_SMB_ROWS	50	/* flows in the SMB table */
#define REPORT_TEXT_SMB_NAMES	10	/* blind clients named */

/* The SMB block's row of the decision table; ncols as the table has. */
void
report_text_smb_row(struct doc *d, const struct plan *rp, size_t ncols)
{
	size_t	i;

	if (rp->smb == NULL)
		return;
	doc_row_begin(d, NULL);
	doc_cell_begin(d, NULL, NULL);
	doc_text(d, "-");
	doc_cell_end(d);
	doc_cell_begin(d, NULL, NULL);
	doc_text(d, "SMB client: Block NTLM (LM, NTLM, NTLMv2) ");
	doc_tag(d, "warn", "its own policy");
	doc_cell_end(d);
	doc_cellf(d, "%" PRIu64, rp->smb_flows);
	doc_cellf(d, "%.1f", report_plan_per_day(rp, rp->smb_events));
	doc_cellf(d, "%zu", rp->smb_targets);
	doc_cellf(d, "%zu", rp->smb_accounts);
	doc_cellf(d, "%zu", rp->smb_clients);
	doc_cellf(d, "%zu", rp->nsmb_list);
	doc_cell_begin(d, NULL, NULL);
	doc_text(d, "-");
	doc_cell_end(d);
	doc_cellf(d, "%" PRIu64, rp->smb_denied);
	doc_cell_begin(d, NULL, NULL);
	doc_tag(d, "warn", "no audit mode");
	doc_cell_end(d);
	for (i = 11; i < ncols; i++) {
		doc_cell_begin(d, NULL, NULL);
		doc_text(d, "-");
		doc_cell_end(d);
	}
	doc_row_end(d);
}

/* The words for what the block does to a flow of verdict v. */
static const char *
report_text_smb_effect(enum simulate_smb_verdict v)
{
	switch (v) {
	case SIMULATE_SMB_SERVICE_UNKNOWN:
		return ("blocked unless listed (enhanced event: the service "
		    "is not kept, counted as SMB)");
	case SIMULATE_SMB_BLOCKED:
		return ("blocked unless listed");
	case SIMULATE_SMB_REFUSED:
		return ("blocked: the target is not a host name, no list "
		    "entry can keep it");
	case SIMULATE_SMB_NO_TARGET:
		return ("blocked: no target logged, no list entry can keep "
		    "it");
	case SIMULATE_SMB_EXCEPTED:
		return ("allowed: the list in force names the target");
	case SIMULATE_SMB_LOOPBACK:
		return ("not affected: SMB to the client itself");
	default:
		return ("not affected");
	}
}

/* The clients that logged neither 8001/4001 nor 4020/4021. */
static void
report_text_smb_blind(struct doc *d, const struct simulate_smb *smb,
    int logs)
{
	const struct simulate_smb_client	*c;
	size_t					 i, n = 0;

	for (i = 0; i < smb->nclients; i++) {
		c = &smb->clients[i];
		if (!simulate_smb_client_blind(c) || c->logs != logs)
			continue;
		if (n < REPORT_TEXT_SMB_NAMES) {
			doc_text(d, n > 0 ? ", " : "");
			doc_code(d, c->name);
		}
		n++;
	}
	if (n == 0)
		doc_text(d, "none");
	else if (n > REPORT_TEXT_SMB_NAMES)
		doc_textf(d, " and %zu more", n - REPORT_TEXT_SMB_NAMES);
	doc_textf(d, " (%zu)", n);
}

/* The table of the flows the block denies, the first REPORT_TEXT_SMB_ROWS. */
static void
report_text_smb_rows(struct doc *d, const struct plan *rp)
{
	static const struct doc_column	 cols[] = {
		{ "Client", DOC_LEFT }, { "SMB server (as named)", DOC_LEFT },
		{ "Account", DOC_LEFT }, { "Event", DOC_RIGHT },
		{ "Events", DOC_RIGHT }, { "Effect", DOC_LEFT }
	};
	const struct simulate_smb	*smb = rp->smb;
	const struct simulate_smb_flow	*sf;
	const struct flow		*fw;
	const char			*target;
	size_t				 i, n = 0;

	doc_table_begin(d, "smb-table", cols,
	    sizeof cols / sizeof cols[0]);
	for (i = 0; i < smb->nflows; i++) {
		sf = &smb->flows[i];
		if (!plan_smb_denies(sf->verdict))
			continue;
		if (n++ >= REPORT_TEXT_SMB_ROWS)
			continue;
		fw = flows_flow(rp->fl, sf->index);
		(void)simulate_smb_classify(&fw->key, &target);
		doc_row_begin(d, NULL);
		doc_cell_begin(d, NULL, NULL);
		doc_code(d, fw->key.logged_by);
		doc_cell_end(d);
		doc_cell_begin(d, NULL, NULL);
		doc_code(d, target);
		doc_cell_end(d);
		doc_cellf(d, "%s\\%s", fw->key.domain != NULL ?
		    fw->key.domain : "-", fw->key.user != NULL ?
		    fw->key.user : "-");
		doc_cellf(d, "%d", fw->key.event_id);
		doc_cellf(d, "%" PRIu64, fw->count);
		doc_cell_begin(d, sf->verdict == SIMULATE_SMB_REFUSED ||
		    sf->verdict == SIMULATE_SMB_NO_TARGET ? "danger" :
		    "warn", NULL);
		doc_text(d, report_text_smb_effect(sf->verdict));
		if (sf->verdict == SIMULATE_SMB_REFUSED) {
			doc_text(d, ": ");
			doc_code(d, hostname_refusal_code(
			    sf->refusal));
		}
		doc_cell_end(d);
		doc_row_end(d);
	}
	doc_table_end(d);
	if (n > REPORT_TEXT_SMB_ROWS) {
		doc_para_begin(d, "note");
		doc_textf(d, "and %zu more flows (plan.json lists them "
		    "all)", n - REPORT_TEXT_SMB_ROWS);
		doc_para_end(d);
	}
}

/* The section: what the SMB block breaks, and who logged nothing. */
void
report_text_smb(struct doc *d, const struct plan *rp)
{
	const struct simulate_smb	*smb = rp->smb;

	doc_heading(d, 2, "SMB client NTLM block");
	doc_para_begin(d, NULL);
	doc_em(d, "Block NTLM (LM, NTLM, NTLMv2)");
	doc_text(d, " (Administrative Templates, Network, Lanman Workstation) "
	    "makes the SMB client refuse NTLM to every server not on its own "
	    "exception list, whatever the domain options say. ");
	doc_strong(d, "It has no audit mode and logs no event of its own");
	doc_text(d, ": the clients' outgoing audit (8001, or 4001) with a ");
	doc_code(d, "cifs/");
	doc_text(d, " target and the enhanced client events (4020, 4021) are "
	    "the only evidence of what it would break. SMB to the client "
	    "itself is not affected (ntlmplan-smb(7)).");
	doc_para_end(d);
	if (smb == NULL)
		return;
	doc_para_begin(d, NULL);
	doc_text(d, "It would block ");
	doc_count(d, rp->smb_flows, "flow", "flows");
	doc_text(d, " (");
	doc_count(d, rp->smb_events, "event", "events");
	doc_text(d, ") from ");
	doc_count(d, rp->smb_clients, "client", "clients");
	doc_text(d, " to ");
	doc_count(d, rp->smb_targets, "server", "servers");
	doc_text(d, "; its exception list needs ");
	doc_count(d, rp->nsmb_list, "name", "names");
	if (rp->smb_denied > 0)
		doc_textf(d, ", and %" PRIu64 " flows stay blocked whatever "
		    "the list", rp->smb_denied);
	doc_text(d, ".");
	doc_para_end(d);
	if (rp->smb_flows > 0)
		report_text_smb_rows(d, rp);
	doc_para_begin(d, NULL);
	doc_strong(d, "Clients that logged neither");
	doc_text(d, " 8001/4001 nor 4020/4021, so nothing shows what the block "
	    "would break there: with logs read ");
	report_text_smb_blind(d, smb, 1);
	doc_text(d, "; named by other hosts' events or the directory only ");
	report_text_smb_blind(d, smb, 0);
	doc_text(d, ". Turn on ");
	doc_em(d, "Restrict NTLM: Outgoing NTLM traffic to remote servers");
	doc_text(d, " at Audit all on them, and collect again, before "
	    "blocking.");
	doc_para_end(d);
}

/* The rollout of the SMB block: its Registry.pol and PowerShell lines. */
void
report_text_smb_rollout(struct doc *d, const struct plan *rp)
{
	if (rp->smb == NULL)
		return;
	doc_heading(d, 3, "SMB client NTLM block");
	doc_para_begin(d, NULL);
	doc_text(d, "A policy of its own, in a GPO of its own linked to the "
	    "clients, only once the evidence above covers them: ");
	doc_code(d, PLAN_SMB_POL);
	doc_text(d, " is that GPO's ");
	doc_code(d, "Machine\\Registry.pol");
	doc_text(d, " (copy it into the GPO's folder in SYSVOL, or run the "
	    "lines below, which set the same values through Group Policy).");
	if (rp->regpol_too_large)
		doc_text(d, " The exception list is over the 65,535 bytes a "
		    "Registry.pol value can hold: the file sets the block off "
		    "(0) and holds no list; shorten the list (fix the clients "
		    "that connect by address) before blocking.");
	else if (rp->smb_denied > 0)
		doc_textf(d, " %" PRIu64 " flows stay blocked with this list "
		    "(their target is not a host name, or was not logged).",
		    rp->smb_denied);
	doc_text(d, " Rollback: set Block NTLM to 0 (");
	doc_code(d, "Set-SmbClientConfiguration -BlockNTLM $false");
	doc_text(d, " on one client).");
	doc_para_end(d);
	doc_pre(d, "powershell", rp->smb_ps, rp->nsmb_ps);
}

/* Where each dated change stands at the plan's time, in words. */
static const char *
report_text_change_state(enum changes_state s)
{
	switch (s) {
	case CHANGES_IN_FORCE:
		return ("in force");
	case CHANGES_MAYBE:
		return ("may already be enforced (date not confirmed)");
	case CHANGES_COMING:
		return ("to come");
	default:
		return ("announced, no date");
	}
}

/* The dated changes of Windows that affect the plan (a caveats section). */
void
report_text_changes(struct doc *d, const struct plan *rp)
{
	const struct change	*c;
	enum changes_state	 st;
	char			 buf[32];
	size_t			 i;

	doc_heading(d, 3, "Dated changes of Windows");
	doc_para_begin(d, NULL);
	if (rp->changes == NULL) {
		doc_text(d, "Not read: ");
		doc_text(d, rp->changes_cause);
		doc_para_end(d);
		return;
	}
	doc_text(d, "As of the plan's time ");
	doc_time(d, rp->in.generated);
	doc_text(d, ", from ");
	doc_code(d, CHANGES_FILE);
	doc_text(d, " (ntlmplan-changes(5)):");
	doc_para_end(d);
	doc_list_begin(d, 0);
	for (i = 0; i < rp->changes->n; i++) {
		c = &rp->changes->v[i];
		st = rp->change_states[i];
		doc_item_begin(d);
		doc_tag(d, st == CHANGES_COMING ? "ok" : st == CHANGES_MAYBE ?
		    "danger" : "warn", report_text_change_state(st));
		doc_text(d, " ");
		doc_strong(d, c->name);
		if (c->precision != CHANGES_UNDATED) {
			doc_text(d, " (");
			doc_text(d, changes_date_format(c->date, c->precision,
			    buf, sizeof buf));
			doc_text(d, ")");
		}
		doc_text(d, ": ");
		doc_text(d, c->what);
		doc_textf(d, ". Status: %s. Source: ",
		    changes_status_code(c->status));
		doc_text(d, c->source);
		doc_text(d, c->url != NULL ? " (its address in plan.json)." :
		    ".");
		doc_item_end(d);
	}
	doc_list_end(d);
}
