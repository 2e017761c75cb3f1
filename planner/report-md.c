/*
 * report-md.c: report.md, the report's text (report-text.c) rendered as
 * Markdown by the document interface; all escaping is the renderer's.
 */
#include "config.h"

#include <stdio.h>

#include "report-doc.h"
#include "report-md.h"
#include "report-text.h"

void
report_md_write(FILE *f, const struct plan *rp)
{
	struct doc	*d;

	d = doc_create(f, DOC_MARKDOWN);
	report_text_write(d, rp);
	doc_free(d);
}
