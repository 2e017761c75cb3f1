/*
 * t-report-text-size.c: the caps of the report (report-text-size.c): the
 * rows chosen are the heaviest, ties broken by the plan's order, given back
 * in the plan's order; under the cap every row, untouched; the notes and
 * the cut template lines as both renderers write them.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report-doc.h"
#include "report-text.h"
#include "tap.h"

static const struct {
	const char	*name;
	uint64_t	 w[8];
	size_t		 n, cap;
	const char	*want;		/* indexes chosen, in order */
} cases[] = {
	{ "under the cap: all", { 1, 2, 3 }, 3, 5, "0 1 2" },
	{ "at the cap: all", { 3, 2, 1 }, 3, 3, "0 1 2" },
	{ "the heaviest, in order", { 1, 9, 2, 8, 3, 7 }, 6, 3, "1 3 5" },
	{ "ties: the first", { 5, 5, 5, 5 }, 4, 2, "0 1" },
	{ "ties after the heaviest", { 1, 4, 4, 9, 4 }, 5, 3, "1 2 3" },
	{ "the top bit first", { 100, UINT64_C(1) << 63, 50 }, 3, 1, "1" },
	{ "none", { 0 }, 0, 3, "" },
	{ "a cap of 0", { 1, 2 }, 2, 0, "" }
};

/* What a writer renders in f's format, as a string (caller frees). */
static char *
render(enum doc_format fmt, void (*fn)(struct doc *))
{
	char		*buf = NULL;
	size_t		 len = 0;
	FILE		*f = open_memstream(&buf, &len);
	struct doc	*d = doc_create(f, fmt);

	fn(d);
	doc_free(d);
	fclose(f);
	return (buf);
}

static void
more(struct doc *d)
{
	doc_para_begin(d, NULL);
	doc_text(d, "A, B");
	report_text_more(d, 2, 2, "exceptions.txt");
	report_text_more(d, 2, 7, "exceptions.txt");
	doc_para_end(d);
}

static char	*long_lines[2];
static char	 short_line[] = "A=4,1";

static void
pre(struct doc *d)
{
	report_text_pre(d, "ini", long_lines, 2, "GptTmpl-audit.inf");
}

int
main(void)
{
	char	 got[128], *s, *line;
	size_t	*idx, i, k, n, len;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		n = report_text_top(cases[i].w, cases[i].n, cases[i].cap, &idx);
		got[0] = '\0';
		for (k = 0; k < n; k++)
			snprintf(got + strlen(got), sizeof got - strlen(got),
			    "%s%zu", k > 0 ? " " : "", idx[k]);
		is_str(got, cases[i].want, "%s", cases[i].name);
		free(idx);
	}

	s = render(DOC_MARKDOWN, more);
	is_str(s, "A, B and 5 more ([exceptions.txt](exceptions.txt) lists "
	    "all)\n\n", "markdown: the count and a link, once");
	free(s);
	s = render(DOC_HTML, more);
	ok(strstr(s, "A, B and 5 more (<a href=\"exceptions.txt\">"
	    "exceptions.txt</a> lists all)") != NULL, "html: the link");
	free(s);

	/* A list line of 300 names: cut at a comma, the short line kept. */
	len = strlen("K=7") + 300 * strlen(",SRV000");
	line = malloc(len + 1);
	strcpy(line, "K=7");
	for (i = 0; i < 300; i++)
		sprintf(line + strlen(line), ",SRV%03zu", i);
	long_lines[0] = short_line;
	long_lines[1] = line;
	s = render(DOC_MARKDOWN, pre);
	ok(strstr(s, "A=4,1\n") != NULL, "the short line whole");
	ok(strstr(s, ",SRV141,...\n") != NULL && strstr(s, "SRV142") == NULL,
	    "the long line cut at the last comma before 1000 characters");
	ok(strstr(s, "[GptTmpl-audit.inf](GptTmpl-audit.inf) holds the "
	    "list whole") != NULL, "the note names the template");
	free(s);
	long_lines[1] = short_line;
	s = render(DOC_MARKDOWN, pre);
	ok(strstr(s, "cut") == NULL, "no cut, no note");
	free(s);
	free(line);
	return (done_testing());
}
