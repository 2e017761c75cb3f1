/*
 * report-text-size.c: what the report shows of a list that grows with the
 * input, so that report.html stays under 5 MB and report.md under 1 MB at
 * any size (ntlmplan-plan(5), REPORT SIZE).  A table per host, server or
 * input shows at most REPORT_TEXT_ROWS rows, the heaviest, in the order the
 * plan keeps them, followed by a note with the real count of the others;
 * names in a sentence or a cell are cut at REPORT_TEXT_NAMES with a count
 * and a link to the file that lists all; a template line is cut at
 * REPORT_TEXT_LINE bytes.  blocked.csv, remediation.csv, plan.json and
 * the exception list are never cut.  Under the caps the report is the same
 * byte for byte as without them.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report-doc.h"
#include "report-text.h"
#include "xmalloc.h"

/* A row to choose: its weight and its index in the plan's order. */
struct report_text_row {
	uint64_t	weight;
	size_t		index;
};

/* Heaviest first; ties in the plan's order. */
static int
report_text_row_compare(const void *a, const void *b)
{
	const struct report_text_row	*x = a, *y = b;

	if (x->weight != y->weight)
		return (x->weight < y->weight ? 1 : -1);
	return ((x->index > y->index) - (x->index < y->index));
}

static int
report_text_index_compare(const void *a, const void *b)
{
	size_t	x = *(const size_t *)a, y = *(const size_t *)b;

	return ((x > y) - (x < y));
}

size_t
report_text_top(const uint64_t *w, size_t n, size_t cap, size_t **out)
{
	struct report_text_row	*rows;
	size_t			*idx, i;

	idx = xreallocarray(NULL, n > 0 ? n : 1, sizeof *idx);
	for (i = 0; i < n; i++)
		idx[i] = i;
	if (n > cap) {
		rows = xreallocarray(NULL, n, sizeof *rows);
		for (i = 0; i < n; i++) {
			rows[i].weight = w[i];
			rows[i].index = i;
		}
		qsort(rows, n, sizeof *rows, report_text_row_compare);
		for (i = 0; i < cap; i++)
			idx[i] = rows[i].index;
		free(rows);
		n = cap;
		qsort(idx, n, sizeof *idx, report_text_index_compare);
	}
	*out = idx;
	return (n);
}

void
report_text_more(struct doc *d, size_t shown, size_t total, const char *file)
{
	if (total <= shown)
		return;
	doc_textf(d, " and %zu more (", total - shown);
	doc_link(d, file, file);
	doc_text(d, " lists all)");
}

void
report_text_rows_begin(struct doc *d, size_t shown, size_t total,
    const char *noun, const char *by)
{
	doc_para_begin(d, "note");
	doc_textf(d, "Shown: the %zu %s %s, of %zu", shown, noun, by, total);
}

void
report_text_rows_end(struct doc *d, const char *file)
{
	doc_text(d, "; ");
	doc_link(d, file, file);
	doc_text(d, " lists all.");
	doc_para_end(d);
}

void
report_text_pre(struct doc *d, const char *lang, char *const *lines,
    size_t n, const char *file)
{
	char		**v;
	const char	 *comma;
	size_t		  i, len, cut = 0;

	for (i = 0; i < n && strlen(lines[i]) <= REPORT_TEXT_LINE; i++)
		;
	if (i == n) {
		doc_pre(d, lang, lines, n);
		return;
	}
	v = xreallocarray(NULL, n, sizeof *v);
	for (i = 0; i < n; i++) {
		if ((len = strlen(lines[i])) <= REPORT_TEXT_LINE) {
			v[i] = xstrdup(lines[i]);
			continue;
		}
		len = REPORT_TEXT_LINE;
		for (comma = lines[i] + len; comma > lines[i] && *comma != ',';
		    comma--)
			;
		if (comma > lines[i])
			len = (size_t)(comma - lines[i]);
		xasprintf(&v[i], "%.*s,...", (int)len, lines[i]);
		cut++;
	}
	doc_pre(d, lang, v, n);
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
	doc_para_begin(d, "note");
	doc_textf(d, "%s cut at %d characters here (\",...\"); ", cut == 1 ?
	    "A line is" : "Lines are", REPORT_TEXT_LINE);
	doc_link(d, file, file);
	doc_text(d, " holds the list whole: import that file.");
	doc_para_end(d);
}
