/*
 * report-md.h: report.md, the change-advisory report as Markdown (GitHub
 * flavour: pipe tables) for tickets and wikis: the text of report.html.
 */
#ifndef REPORT_MD_H
#define REPORT_MD_H

#include <stdio.h>

struct plan;

/* Write report.md for rp to f. */
void	report_md_write(FILE *, const struct plan *);

#endif
