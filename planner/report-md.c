/*
 * report-md.c: report.md.  Every string from the data is written either as
 * a code span (names, paths: no escape needed but for backticks, which set
 * the fence, and "|" inside tables) or as escaped text, so that no event
 * field can add markup, links or HTML.  Control characters become spaces.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "flows.h"
#include "policy.h"
#include "report-json.h"
#include "report-md.h"
#include "report-plan.h"
#include "rules.h"
#include "simulate.h"
#include "util.h"

static void
report_md_char(FILE *f, int c)
{
	putc((unsigned char)c < 0x20 || c == 0x7f ? ' ' : c, f);
}

void
report_md_text(FILE *f, const char *s)
{
	if (s == NULL || *s == '\0') {
		fputs("-", f);
		return;
	}
	for (; *s != '\0'; s++) {
		if (strchr("\\`*_[]<>|&~", *s) != NULL)
			putc('\\', f);
		report_md_char(f, *s);
	}
}

void
report_md_code(FILE *f, const char *s, int table)
{
	size_t	run = 0, max = 0, i;
	int	pad;

	if (s == NULL || *s == '\0') {
		fputs("-", f);
		return;
	}
	for (i = 0; s[i] != '\0'; i++) {
		run = s[i] == '`' ? run + 1 : 0;
		if (run > max)
			max = run;
	}
	pad = s[0] == '`' || s[i - 1] == '`' || s[0] == ' ';
	for (i = 0; i <= max; i++)
		putc('`', f);
	if (pad)
		putc(' ', f);
	for (; *s != '\0'; s++) {
		if (*s == '|' && table)
			putc('\\', f);
		report_md_char(f, *s);
	}
	if (pad)
		putc(' ', f);
	for (i = 0; i <= max; i++)
		putc('`', f);
}

static void
report_md_time(FILE *f, int64_t t)
{
	char	buf[UTIL_TIME_LEN];

	if (t == FLOWS_TIME_NONE)
		fputs("-", f);
	else {
		util_time_format(t, buf);
		buf[16] = '\0';		/* minutes are enough */
		buf[10] = ' ';
		fprintf(f, "%s", buf);
	}
}

/* A fenced code block of lines, the fence longer than any backtick run. */
static void
report_md_block(FILE *f, char *const *lines, size_t n)
{
	size_t	i, j, run, max = 2;

	for (i = 0; i < n; i++) {
		for (j = 0, run = 0; lines[i][j] != '\0'; j++) {
			run = lines[i][j] == '`' ? run + 1 : 0;
			if (run > max)
				max = run;
		}
	}
	for (j = 0; j <= max; j++)
		putc('`', f);
	fputs("ini\n", f);
	for (i = 0; i < n; i++) {
		for (j = 0; lines[i][j] != '\0'; j++)
			report_md_char(f, lines[i][j]);
		putc('\n', f);
	}
	for (j = 0; j <= max; j++)
		putc('`', f);
	fputs("\n\n", f);
}

static void
report_md_names(FILE *f, const struct sim_names *n)
{
	size_t	i;

	if (n->n == 0) {
		fputs("none in the events", f);
		return;
	}
	for (i = 0; i < n->n; i++) {
		fputs(i > 0 ? ", " : "", f);
		report_md_code(f, n->names[i], 0);
		fprintf(f, " (%" PRIu64 ")", n->events[i]);
	}
	if (n->total > n->n)
		fprintf(f, " and %" PRIu64 " more (blocked.csv lists all)",
		    n->total - n->n);
}

static const char *
report_md_kind(const struct report_plan_server *sp)
{
	if (!sp->known)
		return ("not in the directory");
	if (sp->rodc)
		return ("read-only DC");
	if (sp->dc)
		return ("domain controller");
	return (sp->enabled ? "member" : "member (disabled account)");
}

static void
report_md_summary(FILE *f, const struct report_plan *rp)
{
	const struct sim_result		*r = rp->r;
	const struct sim_level		*lv = &r->levels[r->level];
	const struct policy		*p = r->policy;
	const struct report_json_inputs	*in = rp->in;
	size_t				 i;

	fputs("## Summary\n\n", f);
	fprintf(f, "**Recommendation:** set *");
	report_md_text(f, p->setting);
	fputs("* to **", f);
	report_md_text(f, p->option);
	fprintf(f, "** (value %ld)", p->value);
	if (p->exceptions_key != NULL) {
		fprintf(f, ", with %zu server%s on *", rp->ngpo,
		    rp->ngpo == 1 ? "" : "s");
		report_md_text(f, p->exceptions_setting != NULL ?
		    p->exceptions_setting : "the exception list");
		fputs("*", f);
		if (rp->ngpo > 0)
			fputs(": ", f);
		for (i = 0; i < rp->ngpo; i++) {
			fputs(i > 0 ? ", " : "", f);
			report_md_code(f, rp->gpo[i], 0);
		}
	} else
		fputs(". This setting has no exception list: servers that "
		    "still need NTLM must be left out of the GPO's scope", f);
	fputs(".\n\n", f);
	if (!lv->answered)
		fputs("**The audit data cannot answer for this level** (see "
		    "the caveats): its figures are a lower bound.\n\n", f);
	fprintf(f, "At this level %" PRIu64 " flows (%" PRIu64 " events, "
	    "about %.1f a day) would be denied before exceptions, on %" PRIu64
	    " server%s, for %" PRIu64 " account%s from %" PRIu64 " client%s. "
	    "%zu server%s need%s a new exception, %zu %s already covered by "
	    "the list in force, and %" PRIu64 " flow%s (%" PRIu64 " events) "
	    "would still be denied with both lists.\n\n", lv->blocked_flows,
	    lv->blocked_events, report_plan_per_day(rp, lv->blocked_events),
	    lv->servers, lv->servers == 1 ? "" : "s", lv->accounts,
	    lv->accounts == 1 ? "" : "s", lv->clients,
	    lv->clients == 1 ? "" : "s", lv->nexceptions,
	    lv->nexceptions == 1 ? "" : "s", lv->nexceptions == 1 ? "s" : "",
	    lv->nalready, lv->nalready == 1 ? "is" : "are",
	    lv->residual_flows, lv->residual_flows == 1 ? "" : "s",
	    lv->residual_events);
	fprintf(f, "**What was analysed:** %" PRIu64 " NTLM audit events "
	    "(%" PRIu64 " distinct flows) logged by %zu host%s from ",
	    r->input.events, r->input.flows, r->nhosts,
	    r->nhosts == 1 ? "" : "s");
	report_md_time(f, r->first_seen);
	fputs(" to ", f);
	report_md_time(f, r->last_seen);
	fprintf(f, " UTC (%zu day%s); directory of ", rp->ndays,
	    rp->ndays == 1 ? "" : "s");
	report_md_code(f, in->domain_netbios, 0);
	fputs(" (", f);
	report_md_code(f, in->domain_dns, 0);
	fprintf(f, ") with %zu computers and %zu trust%s. Flow files: ",
	    in->computers, in->trusts, in->trusts == 1 ? "" : "s");
	for (i = 0; i < in->nflows; i++) {
		fputs(i > 0 ? ", " : "", f);
		report_md_code(f, in->flows[i], 0);
	}
	fputs("; directory snapshot: ", f);
	report_md_code(f, in->directory, 0);
	if (in->exceptions_path != NULL) {
		fputs("; list in force: ", f);
		report_md_code(f, in->exceptions_path, 0);
	}
	if (in->rules_path != NULL) {
		fputs("; site rules: ", f);
		report_md_code(f, in->rules_path, 0);
	}
	fputs(".\n\n", f);
	if (r->audit != NULL) {
		fputs("**Audit level of the data:** ", f);
		report_md_text(f, r->audit->audit_option != NULL ?
		    r->audit->audit_option : r->audit->option);
		fprintf(f, " (%ld, %s). Levels that deny more than it logs "
		    "are marked *lower bound* below.\n\n",
		    r->audit->audit_key != NULL ? r->audit->audit_value :
		    r->audit->off, r->audit_inferred ? "inferred from the data" :
		    "as stated");
	}
	fputs("### Time window per logging host\n\n"
	    "Short retention makes \"no NTLM seen\" untrustworthy: a host "
	    "logged for a few days says little about the rest.\n\n"
	    "| Host | Events | First event (UTC) | Last event (UTC) | Days |\n"
	    "|---|--:|---|---|--:|\n", f);
	for (i = 0; i < r->nhosts; i++) {
		const struct sim_host *h = &r->hosts[i];

		fputs("| ", f);
		report_md_code(f, h->name != NULL ? h->name :
		    "(unknown host)", 1);
		fprintf(f, " | %" PRIu64 " | ", h->events);
		report_md_time(f, h->first_seen);
		fputs(" | ", f);
		report_md_time(f, h->last_seen);
		fprintf(f, " | %.1f |\n", h->first_seen == FLOWS_TIME_NONE ?
		    0.0 : (double)(h->last_seen - h->first_seen) / 86400e6);
	}
	fputs("\n", f);
}

static void
report_md_levels(FILE *f, const struct report_plan *rp)
{
	const struct sim_result	*r = rp->r;
	const struct sim_level	*lv;
	size_t			 i;

	fputs("## Decision table\n\n"
	    "Every option of the setting, simulated on the same data. "
	    "Events per day: the blocked events over the days of the data. "
	    "Exceptions needed: servers to add to the list in force.\n\n"
	    "| Value | Option | Blocked flows | Events/day | Servers | "
	    "Accounts | Clients | Exceptions needed | Already excepted | "
	    "Still denied flows | Data |\n"
	    "|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|---|\n", f);
	for (i = 0; i < r->nlevels; i++) {
		lv = &r->levels[i];
		fprintf(f, "| %ld | ", lv->policy->value);
		if (i == r->level)
			fputs("**", f);
		report_md_text(f, lv->policy->option);
		if (i == r->level)
			fputs("** (planned)", f);
		fprintf(f, " | %" PRIu64 " | %.1f | %" PRIu64 " | %" PRIu64
		    " | %" PRIu64 " | %zu | %zu | %" PRIu64 " | %s |\n",
		    lv->blocked_flows,
		    report_plan_per_day(rp, lv->blocked_events), lv->servers,
		    lv->accounts, lv->clients, lv->nexceptions, lv->nalready,
		    lv->residual_flows, lv->answered ? "answers" :
		    "*lower bound*");
	}
	fputs("\n", f);
}

static void
report_md_servers(FILE *f, const struct report_plan *rp)
{
	const struct report_plan_server	*sp;
	const struct sim_server		*s;
	const char			*what;
	size_t				 i, j;

	fputs("## Servers on the list: the evidence\n\n", f);
	if (rp->nservers == 0) {
		fputs("No server receives NTLM that this level denies.\n\n",
		    f);
		return;
	}
	fputs("| Server | FQDN | List | Kind | Operating system | Denied "
	    "events | Flows | First seen | Last seen |\n"
	    "|---|---|---|---|---|--:|--:|---|---|\n", f);
	for (i = 0; i < rp->nservers; i++) {
		sp = &rp->servers[i];
		s = sp->s;
		fputs("| ", f);
		report_md_code(f, s->name, 1);
		fputs(" | ", f);
		report_md_code(f, s->fqdn, 1);
		fprintf(f, " | %s | %s | ", report_plan_list_name(sp->list),
		    report_md_kind(sp));
		report_md_code(f, sp->os, 1);
		fprintf(f, " | %" PRIu64 " | %" PRIu64 " | ", s->events,
		    s->flows);
		report_md_time(f, s->first_seen);
		fputs(" | ", f);
		report_md_time(f, s->last_seen);
		fputs(" |\n", f);
	}
	fputs("\n", f);
	for (i = 0; i < rp->nservers && i < REPORT_PLAN_CARDS; i++) {
		sp = &rp->servers[i];
		s = sp->s;
		fputs("### ", f);
		report_md_code(f, s->name, 0);
		fprintf(f, " (%s, %s)\n\n", report_plan_list_name(sp->list),
		    report_md_kind(sp));
		fputs("- Services (process that accepted NTLM): ", f);
		if (s->processes.n == 0)
			fputs("no process name in the events (a DC's 8004 "
			    "events carry none)", f);
		for (j = 0; j < s->processes.n; j++) {
			fputs(j > 0 ? "; " : "", f);
			report_md_code(f, s->processes.names[j], 0);
			if ((what = report_plan_service(
			    s->processes.names[j])) != NULL)
				fprintf(f, ", %s", what);
			fprintf(f, " (%" PRIu64 ")", s->processes.events[j]);
		}
		fputs("\n- Accounts: ", f);
		report_md_names(f, &s->accounts);
		fputs("\n- Clients: ", f);
		report_md_names(f, &s->clients);
		if (s->entry != NULL) {
			fputs("\n- Covered by the entry in force: ", f);
			report_md_code(f, s->entry, 0);
		}
		fputs("\n\n", f);
	}
	if (rp->nservers > REPORT_PLAN_CARDS)
		fprintf(f, "The evidence of the first %d of %zu servers; the "
		    "table above lists all, plan.json has the evidence of "
		    "each.\n\n", REPORT_PLAN_CARDS, rp->nservers);
}

static void
report_md_residual(FILE *f, const struct report_plan *rp)
{
	const struct sim_level	*lv = &rp->r->levels[rp->r->level];
	const struct flow	*fw;
	size_t			 i, n = 0;

	fputs("## What would still break with the list in force\n\n", f);
	if (lv->residual_flows == 0) {
		fputs("Nothing in the data: with the proposed list in force, "
		    "every flow this level denies is allowed by an exception. "
		    "Remember the caveats: what was not logged cannot be "
		    "shown.\n\n", f);
		return;
	}
	fprintf(f, "%" PRIu64 " flows (%" PRIu64 " events) would still be "
	    "denied: their servers are kept off the list by a remediate "
	    "rule. Fix them (Kerberos: SPNs, names instead of addresses) "
	    "before enforcing.\n\n"
	    "| Server | Account | Client | Process | Events | Last seen | "
	    "Rule |\n|---|---|---|---|--:|---|---|\n", lv->residual_flows,
	    lv->residual_events);
	for (i = 0; i < rp->nblocked; i++) {
		if (rp->blocked[i].in_force || rp->blocked[i].proposed)
			continue;
		if (n++ == REPORT_PLAN_RESIDUAL)
			break;
		fw = flows_flow(rp->fl, rp->blocked[i].flow);
		fputs("| ", f);
		report_md_code(f, rp->blocked[i].server, 1);
		fputs(" | ", f);
		report_md_code(f, fw->key.domain, 1);
		fputs(" ", f);
		report_md_code(f, fw->key.user, 1);
		fputs(" | ", f);
		report_md_code(f, fw->key.workstation, 1);
		fputs(" | ", f);
		report_md_code(f, fw->key.process, 1);
		fprintf(f, " | %" PRIu64 " | ", fw->count);
		report_md_time(f, fw->last_seen);
		fputs(" | ", f);
		if (rp->blocked[i].rule != NULL) {
			fprintf(f, "line %u: ", rp->blocked[i].rule->line);
			report_md_text(f, rp->blocked[i].rule->reason);
		} else
			fputs("-", f);
		fputs(" |\n", f);
	}
	if (lv->residual_flows > REPORT_PLAN_RESIDUAL)
		fprintf(f, "\nThe first %d of %" PRIu64 " flows; blocked.csv "
		    "lists all (outcome denied).\n", REPORT_PLAN_RESIDUAL,
		    lv->residual_flows);
	fputs("\n", f);
}

static void
report_md_caveats(FILE *f, const struct report_plan *rp)
{
	const struct sim_caveat	*cv;
	size_t			 i, j;

	fputs("## Caveats\n\n", f);
	if (rp->r->ncaveats == 0)
		fputs("None.\n", f);
	for (i = 0; i < rp->r->ncaveats; i++) {
		cv = &rp->r->caveats[i];
		fprintf(f, "- **%s**: ", cv->kind);
		report_md_text(f, cv->text);
		fputs("\n", f);
		for (j = 0; j < cv->nitems; j++) {
			fputs("  - ", f);
			report_md_text(f, cv->items[j]);
			fputs("\n", f);
		}
	}
	fputs("\n", f);
}

static void
report_md_rollout(FILE *f, const struct report_plan *rp)
{
	const struct policy	*p = rp->r->policy;

	fputs("## Staged rollout\n\n"
	    "Import each template into the GPO that applies the setting "
	    "(Group Policy Management: Security Settings, Import Policy), or "
	    "apply it with `secedit /configure /db ntlm.sdb /cfg FILE "
	    "/areas SECURITYPOLICY`.\n\n", f);
	fputs("1. **Audit with the list** (`GptTmpl-audit.inf`): audit at "
	    "the planned level, deny nothing, the exception list in "
	    "place.\n\n", f);
	report_md_block(f, rp->audit, rp->naudit);
	fputs("2. **Review**: collect the NTLM logs again after some weeks "
	    "and plan with `--exceptions GptTmpl-audit.inf`: what is left "
	    "denied must be fixed or excepted before enforcing.\n\n"
	    "3. **Enforce** (`GptTmpl-enforce.inf`): deny at the planned "
	    "level, keep auditing everything.\n\n", f);
	report_md_block(f, rp->enforce, rp->nenforce);
	fputs("**Rollback**: set *", f);
	report_md_text(f, p->setting);
	fprintf(f, "* back to its off value, %ld (Disable, Allow all): "
	    "auditing and the list stay.\n\n", p->off);
	report_md_block(f, rp->rollback, rp->nrollback);
}

void
report_md_write(FILE *f, const struct report_plan *rp)
{
	char	buf[UTIL_TIME_LEN];

	fputs("# NTLM restriction plan: ", f);
	report_md_code(f, rp->in->domain_netbios, 0);
	fputs("\n\n", f);
	fputs("Generated ", f);
	if (rp->in->generated != FLOWS_TIME_NONE) {
		util_time_format(rp->in->generated, buf);
		buf[10] = '\0';
		fputs(buf, f);
	}
	fputs(" by `ntlmplan plan` for the change-advisory board. "
	    "Companion files: `exceptions.txt`, `GptTmpl-audit.inf`, "
	    "`GptTmpl-enforce.inf`, `blocked.csv` (every denied flow), "
	    "`plan.json`.\n\n", f);
	report_md_summary(f, rp);
	report_md_levels(f, rp);
	report_md_servers(f, rp);
	report_md_residual(f, rp);
	report_md_caveats(f, rp);
	report_md_rollout(f, rp);
}
