/*
 * report-remediate.c: remediation.csv and plan.json's "remediation" part.
 * The CSV follows blocked.csv (report_csv_field: RFC 4180 quoting and the
 * formula-injection guard); rows come in the order of the verdicts, which is
 * the order of the denied flows the caller handed to remediate_run.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flows.h"
#include "kerberos.h"
#include "plan.h"
#include "remediate.h"
#include "report-csv.h"
#include "report-remediate.h"
#include "util.h"
#include "xmalloc.h"

const char *
report_remediate_kerberos_label(int cls, int heuristic)
{
	switch (cls) {
	case KERBEROS_FINE:
		return ("AES tickets: fine");
	case KERBEROS_DES_ONLY:
		return ("DES only: no ticket since the RC4 hardening");
	case KERBEROS_RC4_ONLY:
		return ("RC4 only: no ticket since the RC4 hardening");
	case KERBEROS_NO_AES_KEYS:
		return (heuristic ? "probably no AES keys (a heuristic: "
		    "pwdLastSet older than the Read-only Domain Controllers "
		    "group)" : "no AES keys");
	case KERBEROS_KEYS_UNKNOWN:
		return ("AES keys unknown (no pwdLastSet, or no date of the "
		    "Read-only Domain Controllers group): check them");
	case KERBEROS_NO_ACCOUNT:
		return ("AES keys not checked: the snapshot has no account "
		    "for the SPN");
	default:
		return (NULL);
	}
}

char *
report_remediate_kerberos_step(int cls, unsigned steps, int heuristic,
    const char *account)
{
	char		*s = NULL, *t;
	const char	*acc = account != NULL ? account : "the account";

	(void)heuristic;
	if (cls < 0 || !kerberos_class_needs_step(cls))
		return (NULL);
	if (steps & KERBEROS_STEP_CLEAR_DES)
		xasprintf(&s, "clear USE_DES_KEY_ONLY on %s", acc);
	if (steps & KERBEROS_STEP_SET_AES) {
		xasprintf(&t, "%s%sset msDS-SupportedEncryptionTypes of %s to "
		    "0x%x (AES)", s != NULL ? s : "", s != NULL ? ", then " :
		    "", acc, KERBEROS_AES_TYPES);
		free(s);
		s = t;
	}
	if (steps & KERBEROS_STEP_RESET_PASSWORD) {
		xasprintf(&t, "%s%sreset the password of %s twice (AES keys "
		    "for the password and the one kept before it)",
		    s != NULL ? s : "", s != NULL ? ", then " : "", acc);
		free(s);
		s = t;
	}
	if (s == NULL)
		xasprintf(&s, "check that %s has AES keys (msDS-Supported"
		    "EncryptionTypes, and a password set since the domain had "
		    "Windows Server 2008 domain controllers)", acc);
	xasprintf(&t, "First %s.", s);
	free(s);
	return (t);
}

/* A verdict's kerberos and kerberos_step columns (empty: not a Kerberos
 * fix). */
static void
report_remediate_csv_kerberos(FILE *f, const struct remediate_verdict *v)
{
	char	*step;

	putc(',', f);
	if (v->rule == NULL || !v->rule->kerberos || v->kerberos_class < 0) {
		putc(',', f);
		return;
	}
	fputs(kerberos_class_code(v->kerberos_class), f);
	putc(',', f);
	step = report_remediate_kerberos_step(v->kerberos_class,
	    v->kerberos_steps, v->kerberos_heuristic, v->kerberos_account);
	report_csv_field(f, step);
	free(step);
}

void
report_remediate_csv(FILE *f, const struct remediate_result *r,
    const struct flows *fl)
{
	const struct remediate_verdict	*v;
	const struct remediate_fix	*fx;
	const struct remediate_server	*sv;
	const struct flow		*fw;
	struct remediate_text		 tx;
	size_t				 i;

	memset(&tx, 0, sizeof tx);
	fputs("server,listed,dc,fixable_server,event_id,domain,user,client,"
	    "process,count,class,rule,owner,evidence,fix,source,fix_rank,"
	    "fix_spec,kerberos,kerberos_step\r\n", f);
	for (i = 0; r != NULL && i < r->nverdicts; i++) {
		v = &r->verdicts[i];
		fw = flows_flow(fl, v->decision->flow);
		sv = v->srv >= 0 ? &r->servers[v->srv] : NULL;
		report_csv_field(f, v->decision->server);
		fputs(v->listed ? ",yes," : ",no,", f);
		fputs(sv != NULL && sv->dc ? "yes," : "no,", f);
		if (sv != NULL)
			fputs(sv->fixable ? "yes" : "no", f);
		putc(',', f);
		report_csv_int(f, fw->key.event_id);
		putc(',', f);
		report_csv_field(f, fw->key.domain);
		putc(',', f);
		report_csv_field(f, fw->key.user);
		putc(',', f);
		report_csv_field(f, v->client);
		putc(',', f);
		report_csv_field(f, fw->key.process);
		putc(',', f);
		report_csv_int(f, (long long)fw->count);
		putc(',', f);
		report_csv_field(f, remediate_verdict_class(v));
		putc(',', f);
		if (v->rule != NULL) {
			report_csv_field(f, v->rule->name);
			putc(',', f);
			report_csv_field(f, v->rule->owner);
		} else
			putc(',', f);
		putc(',', f);
		remediate_verdict_text(r, v, &tx);
		report_csv_field(f, tx.evidence);
		putc(',', f);
		report_csv_field(f, tx.fix);
		putc(',', f);
		if (v->rule != NULL)
			report_csv_field(f, v->rule->source);
		putc(',', f);
		if (v->step > 0) {
			fx = &r->fixes[v->step - 1];
			fprintf(f, "%" PRIu32 ",", v->step);
			report_csv_field(f, fx->spec);
		} else
			putc(',', f);
		report_remediate_csv_kerberos(f, v);
		fputs("\r\n", f);
	}
	remediate_text_clear(&tx);
}

static void
report_remediate_strings(FILE *f, char *const *v, size_t n)
{
	size_t	i;

	putc('[', f);
	for (i = 0; i < n; i++) {
		fputs(i > 0 ? ", " : "", f);
		util_json_string(f, v[i]);
	}
	putc(']', f);
}

/* A fix's "kerberos": null, or its account's class and steps. */
static void
report_remediate_fix_kerberos(FILE *f, const struct remediate_fix *fx)
{
	static const struct {
		unsigned	 bit;
		const char	*code;
	} steps[] = {
		{ KERBEROS_STEP_CLEAR_DES, "clear-des" },
		{ KERBEROS_STEP_SET_AES, "set-aes" },
		{ KERBEROS_STEP_RESET_PASSWORD, "reset-password-twice" }
	};
	size_t	i;
	int	n = 0;

	fputs(",\n    \"kerberos\": ", f);
	if (!fx->kerberos || fx->kerberos_class < 0) {
		fputs("null", f);
		return;
	}
	fprintf(f, "{\"class\": \"%s\", \"heuristic\": %s, \"needs_step\": "
	    "%s, \"account\": ", kerberos_class_code(fx->kerberos_class),
	    fx->kerberos_heuristic ? "true" : "false",
	    kerberos_class_needs_step(fx->kerberos_class) ? "true" : "false");
	util_json_string(f, fx->kerberos_account);
	fputs(", \"steps\": [", f);
	for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		if (fx->kerberos_steps & steps[i].bit)
			fprintf(f, "%s\"%s\"", n++ > 0 ? ", " : "",
			    steps[i].code);
	}
	fputs("]}", f);
}

static void
report_remediate_fix(FILE *f, const struct remediate_fix *fx, size_t rank)
{
	fprintf(f, "{\"rank\": %zu, \"fix\": ", rank);
	util_json_string(f, fx->spec);
	fprintf(f, ", \"kind\": \"%s\", \"account\": ",
	    remediate_kind_name(fx->kind));
	util_json_string(f, fx->account);
	fputs(", \"client\": ", f);
	util_json_string(f, fx->client);
	fputs(", \"process\": ", f);
	util_json_string(f, fx->process);
	fputs(", \"server\": ", f);
	util_json_string(f, fx->server);
	fputs(",\n    \"class\": ", f);
	util_json_string(f, fx->class);
	fprintf(f, ", \"mixed\": %s, \"evidence\": ", fx->mixed ? "true" :
	    "false");
	util_json_string(f, fx->evidence);
	fputs(", \"action\": ", f);
	util_json_string(f, fx->fix);
	fprintf(f, ",\n    \"flows\": %" PRIu64 ", \"events\": %" PRIu64
	    ", \"servers_touched\": %zu, \"removes\": ", fx->flows, fx->events,
	    fx->touches);
	report_remediate_strings(f, fx->removes, fx->nremoves);
	fprintf(f, ", \"list_after\": %zu", fx->list_after);
	report_remediate_fix_kerberos(f, fx);
	putc('}', f);
}

static void
report_remediate_server(FILE *f, const struct remediate_server *sv)
{
	fputs("{\"name\": ", f);
	util_json_string(f, sv->name);
	fprintf(f, ", \"dc\": %s, \"flows\": %" PRIu64 ", \"events\": %" PRIu64
	    ", \"unknown_flows\": %" PRIu64 ", \"unknown_events\": %" PRIu64
	    ", \"fixable\": %s, \"leaves_at\": ", sv->dc ? "true" : "false",
	    sv->flows, sv->events, sv->unknown_flows, sv->unknown_events,
	    sv->fixable ? "true" : "false");
	if (sv->step > 0)
		fprintf(f, "%zu", sv->step);
	else
		fputs("null", f);
	fputs(", \"danger\": ", f);
	if (sv->danger == NULL)
		fputs("null", f);
	else {
		fputs("{\"why\": ", f);
		util_json_string(f, sv->danger->why);
		fputs(", \"causes\": ", f);
		util_json_string(f, sv->danger->causes);
		fputs(", \"source\": ", f);
		util_json_string(f, sv->danger->source);
		putc('}', f);
	}
	putc('}', f);
}

/* Flows and events per class, in order of first appearance. */
static void
report_remediate_classes(FILE *f, const struct remediate_result *r)
{
	const char	**cls;
	uint64_t	 *fl, *ev;
	size_t		  n = 0, i, k;

	cls = xcalloc(r->nverdicts + 1, sizeof *cls);
	fl = xcalloc(r->nverdicts + 1, sizeof *fl);
	ev = xcalloc(r->nverdicts + 1, sizeof *ev);
	for (i = 0; i < r->nverdicts; i++) {
		for (k = 0; k < n; k++) {
			if (strcmp(cls[k], remediate_verdict_class(
			    &r->verdicts[i])) == 0)
				break;
		}
		if (k == n)
			cls[n++] = remediate_verdict_class(&r->verdicts[i]);
		fl[k]++;
		ev[k] += r->verdicts[i].events;
	}
	fputs("[", f);
	for (k = 0; k < n; k++) {
		fputs(k > 0 ? ",\n   {\"class\": " : "\n   {\"class\": ", f);
		util_json_string(f, cls[k]);
		fprintf(f, ", \"flows\": %" PRIu64 ", \"events\": %" PRIu64 "}",
		    fl[k], ev[k]);
	}
	fputs("]", f);
	free(cls);
	free(fl);
	free(ev);
}

void
report_remediate_json(FILE *f, const struct remediate_result *r,
    const struct remediate_assumed *a)
{
	const struct remediate_rule	*ru;
	uint64_t			 fl, ev;
	size_t				 i, n;

	fputs(" \"remediation\": {\"assumed_fixed\": [", f);
	n = a != NULL ? remediate_assumed_count(a) : 0;
	for (i = 0; i < n; i++) {
		remediate_assumed_hits(a, i, &fl, &ev);
		fputs(i > 0 ? ", {\"fix\": " : "{\"fix\": ", f);
		util_json_string(f, remediate_assumed_spec(a, i));
		fprintf(f, ", \"flows\": %" PRIu64 ", \"events\": %" PRIu64 "}",
		    fl, ev);
	}
	fputs("],\n  \"without_assumed_fixes\": ", f);
	if (r == NULL || r->baseline == NULL)
		fputs("null", f);
	else {
		fputs("{\"exceptions_per_level\": [", f);
		for (i = 0; i < r->nbaseline; i++)
			fprintf(f, "%s%zu", i > 0 ? ", " : "", r->baseline[i]);
		fputs("], \"exceptions\": ", f);
		report_remediate_strings(f, r->baseline_names,
		    r->nbaseline_names);
		fputs("}", f);
	}
	if (r == NULL) {
		fputs("}", f);
		return;
	}
	fprintf(f, ",\n  \"list\": %zu, \"unknown_flows\": %" PRIu64
	    ", \"unknown_events\": %" PRIu64 ",\n  \"classes\": ",
	    r->list_before, r->unknown_flows, r->unknown_events);
	report_remediate_classes(f, r);
	fputs(",\n  \"fixes\": [", f);
	for (i = 0; i < r->nfixes; i++) {
		fputs(i > 0 ? ",\n   " : "\n   ", f);
		report_remediate_fix(f, &r->fixes[i], i + 1);
	}
	fputs("],\n  \"servers\": [", f);
	for (i = 0; i < r->nservers; i++) {
		fputs(i > 0 ? ",\n   " : "\n   ", f);
		report_remediate_server(f, &r->servers[i]);
	}
	fputs("],\n  \"rules\": [", f);
	n = r->rules != NULL ? remediate_rules_count(r->rules) : 0;
	for (i = 0; i < n; i++) {
		ru = remediate_rules_get(r->rules, i);
		fputs(i > 0 ? ",\n   {\"name\": " : "\n   {\"name\": ", f);
		util_json_string(f, ru->name);
		fprintf(f, ", \"line\": %u, \"class\": ", ru->line);
		util_json_string(f, ru->class);
		fputs(", \"owner\": ", f);
		util_json_string(f, ru->owner);
		fputs(", \"source\": ", f);
		util_json_string(f, ru->source);
		fprintf(f, ", \"flows\": %" PRIu64 ", \"events\": %" PRIu64 "}",
		    ru->flows, ru->events);
	}
	fputs("]}", f);
}

void
report_remediate_write(FILE *f, const struct plan *p)
{
	report_remediate_csv(f, p->rem, p->fl);
}
