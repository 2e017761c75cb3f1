/*
 * report-md.h: report.md, the change-advisory report as Markdown (GitHub
 * flavour: pipe tables) for tickets and wikis; the content of report.html.
 */
#ifndef REPORT_MD_H
#define REPORT_MD_H

#include <stdio.h>

struct report_plan;

/* Write s as Markdown text: punctuation escaped, line ends as spaces. */
void	report_md_text(FILE *, const char *);
/* Write s as a code span; in a table, "|" is escaped as GFM requires. */
void	report_md_code(FILE *, const char *, int);
/* Write report.md for rp to f. */
void	report_md_write(FILE *, const struct report_plan *);

#endif
