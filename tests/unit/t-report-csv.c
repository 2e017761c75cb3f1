/*
 * t-report-csv.c: blocked.csv: RFC 4180 quoting, CRLF line ends, formula
 * guarding, one row per denied flow with its classes and coverage, the same
 * bytes twice.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report-csv.h"
#include "report-fixture.h"
#include "tap.h"

static void
field(FILE *f, const void *s)
{
	report_csv_field(f, s);
}

static void
whole(FILE *f, const void *arg)
{
	const struct fixture	*fx = arg;

	report_csv_write(f, fx->p);
}

/* Split a CSV text into records of fields (RFC 4180); -1 if malformed. */
static int
parse(const char *s, char ***rec, size_t *nrec, size_t *nfields)
{
	char	cell[512];
	size_t	n = 0, nf = 0, nr = 0;
	int	q = 0;

	*nrec = 0;
	for (; *s != '\0'; s++) {
		if (q) {
			if (*s == '"' && s[1] == '"') {
				cell[n++] = '"';
				s++;
			} else if (*s == '"')
				q = 0;
			else
				cell[n++] = *s;
		} else if (*s == '"' && n == 0)
			q = 1;
		else if (*s == ',' || (*s == '\r' && s[1] == '\n')) {
			cell[n] = '\0';
			rec[nr][nf++] = strdup(cell);
			n = 0;
			if (*s == '\r') {
				nfields[nr++] = nf;
				nf = 0;
				s++;
			}
		} else if (*s == '\r' || *s == '\n' || *s == '"')
			return (-1);
		else
			cell[n++] = *s;
		if (n >= sizeof cell - 1 || nf >= 32 || nr >= 16)
			return (-1);
	}
	*nrec = nr;
	return (q || n != 0 || nf != 0 ? -1 : 0);
}

int
main(void)
{
	static const struct {
		const char	*in;
		const char	*out;
	} cases[] = {
		{ "plain", "plain" },
		{ "a,b", "\"a,b\"" },
		{ "say \"hi\"", "\"say \"\"hi\"\"\"" },
		{ "two\r\nlines", "\"two\r\nlines\"" },
		{ "lf\nonly", "\"lf\nonly\"" },
		{ "=1+1", "\"'=1+1\"" },
		{ "+cmd", "\"'+cmd\"" },
		{ "@SUM(A1)", "\"'@SUM(A1)\"" },
		{ "-2", "\"'-2\"" },
		{ "-", "-" },
		{ "", "" },
		/* Excel in a ";" locale splits there, and quotes count only at
		 * the start of its field: each part is guarded. */
		{ "WS1;=1+1;", "\"WS1;'=1+1;\"" },
		{ "a;b", "\"a;b\"" },
		{ "tab\there", "\"tab\there\"" },
		{ " =1+1", "\"' =1+1\"" },
		{ "  @x", "\"'  @x\"" },
		{ "\t=1", "\"'\t=1\"" },
		{ "\rcmd", "\"'\rcmd\"" },
		{ "a, =HYPERLINK(x);+1,-2,@3",
		  "\"a,' =HYPERLINK(x);'+1,'-2,'@3\"" },
		{ "x;;=1", "\"x;;'=1\"" },
		{ "=a;=b", "\"'=a;'=b\"" },
		{ "a b", "a b" },
		{ "a-b=c", "a-b=c" },
	};
	struct fixture	  fx;
	char		 *s, *s2, **rec[16], *cells[16][32];
	const char	 *hdr;
	size_t		  i, j, nrec, nf[16];
	int		  crlf = 1;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		s = fixture_capture(field, cases[i].in);
		is_str(s, cases[i].out, "field %zu", i);
		free(s);
	}
	s = fixture_capture(field, NULL);
	is_str(s, "", "NULL is an empty field");
	free(s);

	if (fixture_init(&fx) != 0) {
		ok(0, "fixture");
		return (done_testing());
	}
	s = fixture_capture(whole, &fx);
	s2 = fixture_capture(whole, &fx);
	is_str(s2, s, "the same bytes twice");
	hdr = "server,server_fqdn,server_seen,event_id,logged_by,domain,"
	    "user,workstation,process,count,first_seen,last_seen,"
	    "account_class,server_class,in_force,proposed,rule_line,"
	    "rule_action,outcome,in_directory\r\n";
	ok(strncmp(s, hdr, strlen(hdr)) == 0, "header");
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r'))
			crlf = 0;
	}
	ok(crlf, "every line ends in CRLF");
	for (i = 0; i < 16; i++)
		rec[i] = cells[i];
	is_int(parse(s, rec, &nrec, nf), 0, "parses as RFC 4180");
	is_int((long long)nrec, 5, "a header and four denied flows");
	for (i = 0, j = 1; i < nrec; i++)
		j &= nf[i] == 20;
	ok(j, "20 fields in every record");
	if (nrec == 5) {
		is_str(rec[1][0], "DC1", "sorted by server: DC1 first");
		is_str(rec[1][7], "`tick`", "backtick kept");
		is_str(rec[1][6], "carol|pipe", "pipe kept");
		is_str(rec[1][13], "dc", "server class dc");
		is_str(rec[1][16], "1", "rule line");
		is_str(rec[1][17], "remediate", "rule action");
		is_str(rec[1][18], "denied", "still denied");
		is_str(rec[2][0], "NAS1", "NAS1");
		is_str(rec[2][13], "domain", "not in the directory, a member by its 8003");
		is_str(rec[2][19], "no", "in_directory no");
		is_str(rec[2][14], "yes", "in force");
		is_str(rec[2][18], "allowed-in-force", "allowed in force");
		is_str(rec[3][0], "SRV1", "SRV1, most events first");
		is_str(rec[3][6], "<script>alert(1)</script>", "markup kept");
		is_str(rec[3][7], "WS\"01,x", "quote and comma round trip");
		is_str(rec[3][9], "5", "count");
		is_str(rec[3][10], "2026-03-01T00:00:00.000000Z",
		    "first seen");
		is_str(rec[3][15], "yes", "proposed");
		is_str(rec[3][18], "allowed-proposed", "allowed by the list");
		is_str(rec[4][6], "bob\r\nnew", "line end round trips");
		is_str(rec[4][7], "'=HYPERLINK(\"x\")", "formula guarded");
		is_str(rec[4][12], "domain", "account class");
		for (i = 0; i < nrec; i++)
			for (j = 0; j < nf[i]; j++)
				free(rec[i][j]);
	}
	ok(strstr(s, "erin") == NULL, "a flow not denied is not listed");
	free(s);
	free(s2);
	fixture_clear(&fx);
	return (done_testing());
}
