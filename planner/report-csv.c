/*
 * report-csv.c: blocked.csv (RFC 4180: CRLF line ends; a field holding a
 * comma, a semicolon, a double quote, CR, LF or tab is quoted, its quotes
 * doubled).  Event fields come from the network, and a spreadsheet that
 * splits at ";" (Excel in many locales) sees a quote only at the start of
 * its field: so an apostrophe goes before what it would evaluate as a
 * formula (=, +, -, @, tab or CR after any spaces) at the start of the
 * field and after each "," and ";" in it.
 * Rows: the flows the plan denies, in report_plan_sort order.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "flows.h"
#include "plan.h"
#include "policy.h"
#include "report-csv.h"
#include "rules.h"
#include "simulate.h"
#include "util.h"

/*
 * True if the part of a field at s, after its spaces, starts what a
 * spreadsheet evaluates: = + - @, tab or CR.
 */
static int
report_csv_formula(const char *s)
{
	while (*s == ' ')
		s++;
	return (*s != '\0' && strchr("=+-@\t\r", *s) != NULL);
}

void
report_csv_field(FILE *f, const char *s)
{
	const char	*p, *q;

	if (s == NULL)
		return;
	if (strcmp(s, "-") == 0 || (!report_csv_formula(s) &&
	    strpbrk(s, ",;\"\r\n\t") == NULL)) {
		fputs(s, f);
		return;
	}
	putc('"', f);
	if (report_csv_formula(s))
		putc('\'', f);
	/* In runs up to the next quote, comma or semicolon. */
	for (p = s; *p != '\0'; p = q + 1) {
		q = p + strcspn(p, "\",;");
		fwrite(p, 1, q - p, f);
		if (*q == '\0')
			break;
		if (*q == '"')
			putc('"', f);
		putc(*q, f);
		if ((*q == ',' || *q == ';') && report_csv_formula(q + 1))
			putc('\'', f);
	}
	putc('"', f);
}

void
report_csv_int(FILE *f, long long v)
{
	char	buf[UTIL_LLTOA_LEN];

	fputs(util_lltoa(v, buf), f);
}

static void
report_csv_time(FILE *f, int64_t t)
{
	char	buf[UTIL_TIME_LEN];

	if (t != UTIL_TIME_NONE)
		fputs(util_time_format(t, buf), f);
}

void
report_csv_write(FILE *f, const struct plan *p)
{
	const struct flows		*fl = p->fl;
	const struct sim_decision	*d = p->blocked;
	const struct flow		*fw;
	size_t				 i, n = p->nblocked;

	fputs("server,server_fqdn,server_seen,event_id,logged_by,domain,user,"
	    "workstation,process,count,first_seen,last_seen,account_class,"
	    "server_class,in_force,proposed,rule_line,rule_action,outcome,"
	    "in_directory\r\n", f);
	for (i = 0; i < n; i++) {
		fw = flows_flow(fl, d[i].flow);
		report_csv_field(f, d[i].server);
		putc(',', f);
		report_csv_field(f, d[i].fqdn);
		putc(',', f);
		report_csv_field(f, fw->key.server);
		putc(',', f);
		report_csv_int(f, fw->key.event_id);
		putc(',', f);
		report_csv_field(f, fw->key.logged_by);
		putc(',', f);
		report_csv_field(f, fw->key.domain);
		putc(',', f);
		report_csv_field(f, fw->key.user);
		putc(',', f);
		report_csv_field(f, fw->key.workstation);
		putc(',', f);
		report_csv_field(f, fw->key.process);
		putc(',', f);
		report_csv_int(f, (long long)fw->count);
		putc(',', f);
		report_csv_time(f, fw->first_seen);
		putc(',', f);
		report_csv_time(f, fw->last_seen);
		putc(',', f);
		fputs(policy_account_class_name(d[i].account), f);
		putc(',', f);
		fputs(policy_server_class_name(d[i].server_class), f);
		fputs(d[i].in_force ? ",yes," : ",no,", f);
		fputs(d[i].proposed ? "yes," : "no,", f);
		if (d[i].rule != NULL)
			fprintf(f, "%u,%s", d[i].rule->line,
			    rules_action_name(d[i].rule->action));
		else
			putc(',', f);
		fputs(d[i].in_force ? ",allowed-in-force" :
		    d[i].proposed ? ",allowed-proposed" : ",denied", f);
		fputs(d[i].in_directory ? ",yes\r\n" : ",no\r\n", f);
	}
}
