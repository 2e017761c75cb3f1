/*
 * t-report-md.c: report.md: data in code spans or escaped text, "|" escaped
 * in tables so that every row keeps its columns, no raw markup from the
 * events, the same bytes twice.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report-doc.h"
#include "report-fixture.h"
#include "report-md.h"
#include "tap.h"

static void
text(FILE *f, const void *s)
{
	struct doc	*d = doc_create(f, DOC_MARKDOWN);

	doc_text(d, s);
	doc_free(d);
}

/* A code span in the one cell of a table's row. */
static void
code_table(FILE *f, const void *s)
{
	struct doc	*d = doc_create(f, DOC_MARKDOWN);
	char		*buf = NULL;
	size_t		 len = 0;
	FILE		*g = open_memstream(&buf, &len);
	struct doc	*e = doc_create(g, DOC_MARKDOWN);
	char		*p;

	doc_free(d);
	doc_table_begin(e, NULL, NULL, 0);
	doc_row_begin(e, NULL);
	doc_cell_begin(e, NULL, NULL);
	doc_code(e, s);
	doc_cell_end(e);
	doc_row_end(e);
	doc_table_end(e);
	doc_free(e);
	fclose(g);
	/* "|\n|\n| CODE |\n\n": keep CODE. */
	p = strstr(buf, "| ");
	if (p != NULL) {
		p += 2;
		fwrite(p, 1, strlen(p) - 4, f);
	}
	free(buf);
}

static void
code(FILE *f, const void *s)
{
	struct doc	*d = doc_create(f, DOC_MARKDOWN);

	doc_code(d, s);
	doc_free(d);
}

/* A verdict holding a paragraph and a list: every line quoted. */
static void
quoted(FILE *f, const void *s)
{
	static char	 line[] = "x";
	char		*lines[] = { line };
	struct doc	*d = doc_create(f, DOC_MARKDOWN);

	doc_verdict_begin(d, 0);
	doc_para_begin(d, NULL);
	doc_text(d, s);
	doc_para_end(d);
	doc_list_begin(d, 1);
	doc_item_begin(d);
	doc_text(d, "one");
	doc_pre(d, NULL, lines, 1);
	doc_item_end(d);
	doc_item_begin(d);
	doc_count(d, 1, "flow", NULL);
	doc_text(d, ", ");
	doc_count(d, 2, "flow", NULL);
	doc_item_end(d);
	doc_list_end(d);
	doc_verdict_end(d);
	doc_free(d);
}

static void
whole(FILE *f, const void *arg)
{
	report_md_write(f, arg);
}

/* Cells of a table row: unescaped "|" outside code spans, minus one. */
static int
cells(const char *line)
{
	size_t	tick = 0, open = 0;
	int	n = -1;

	for (; *line != '\0' && *line != '\n'; line++) {
		if (*line == '`') {
			for (tick = 0; *line == '`'; line++)
				tick++;
			line--;
			open = open == tick ? 0 : open == 0 ? tick : open;
			continue;
		}
		if (*line == '\\' && line[1] != '\0') {
			line++;
			continue;
		}
		if (*line == '|' && open == 0)
			n++;
	}
	return (n);
}

int
main(void)
{
	struct fixture	 fx;
	char		*s, *s2, *p, *line;
	int		 want = 0, rows = 0, bad = 0;

	s = fixture_capture(text, "<b>x|y</b> & *z*_\\");
	is_str(s, "\\<b\\>x\\|y\\</b\\> \\& \\*z\\*\\_\\\\", "text escaped");
	free(s);
	s = fixture_capture(text, "two\nlines");
	is_str(s, "two lines", "a line end becomes a space");
	free(s);
	s = fixture_capture(code_table, "a|b");
	is_str(s, "`a\\|b`", "pipe escaped in a table's code span");
	free(s);
	s = fixture_capture(code, "a|b");
	is_str(s, "`a|b`", "pipe as is outside tables");
	free(s);
	s = fixture_capture(code, "x`y``z");
	is_str(s, "```x`y``z```", "the fence outruns the backticks");
	free(s);
	s = fixture_capture(code, "`tick`");
	is_str(s, "`` `tick` ``", "a leading backtick padded");
	free(s);
	s = fixture_capture(code, "");
	is_str(s, "-", "empty as a dash");
	free(s);
	s = fixture_capture(quoted, "not *ready*");
	is_str(s, "> not \\*ready\\*\n>\n> 1. one\n>    ```\n>    x\n"
	    ">    ```\n> 2. 1 flow, 2 flows\n>\n\n",
	    "a verdict quotes its paragraph, list and code block");
	free(s);

	if (fixture_init(&fx) != 0) {
		ok(0, "fixture");
		return (done_testing());
	}
	s = fixture_capture(whole, fx.p);
	s2 = fixture_capture(whole, fx.p);
	is_str(s2, s, "the same bytes twice");
	ok(strncmp(s, "# NTLM restriction plan: `CORP`", 31) == 0, "title");
	ok(strstr(s, "\n## Decision table\n") != NULL, "decision table");
	ok(strstr(s, "| 3 | **Deny for domain accounts** *planned* |") != NULL,
	    "the planned level marked");
	ok(strstr(s, "`CORP\\<script>alert(1)</script>`") != NULL,
	    "markup only inside a code span");
	ok(strstr(s, "\\<b\\>moves\\</b\\> to Kerberos") != NULL,
	    "rule reason escaped");
	ok(strstr(s, "| `DC1` | `CORP\\carol\\|pipe` | `` `tick` `` |") !=
	    NULL, "residual row with pipe and backticks, DOMAIN\\user");
	ok(strstr(s, "bob\r") == NULL && strstr(s, "bob\n") == NULL,
	    "no raw line end from the data");
	ok(strstr(s, "DCAllowedNTLMServers=7,NAS1,SRV1\n") != NULL,
	    "GPO lines of report-gpo");
	for (p = s, line = NULL; (p = strstr(p, "RestrictNTLMInDomain=")) !=
	    NULL; p++)
		line = p;
	ok(line != NULL && strncmp(line, "RestrictNTLMInDomain=4,0\n", 25) ==
	    0, "rollback, the last block, sets the option to 0");
	/* Every row of a table has the columns of its header. */
	for (p = s; (line = strchr(p, '\n')) != NULL; p = line + 1) {
		if (*p != '|') {
			want = 0;
			continue;
		}
		if (want == 0)
			want = cells(p);
		else if (cells(p) != want) {
			bad++;
			diag("row: %.*s", (int)(line - p), p);
		}
		rows++;
	}
	ok(rows > 10 && bad == 0, "%d table rows keep their columns", rows);
	free(s);
	free(s2);
	fixture_clear(&fx);
	return (done_testing());
}
