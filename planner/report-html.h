/*
 * report-html.h: report.html, the change-advisory report as one
 * self-contained HTML file: the text of report-text.c rendered by the
 * document interface, with inline CSS, inline SVG charts and a small inline
 * script that makes tables sortable and filterable (the page reads the same
 * without it); nothing is fetched.
 */
#ifndef REPORT_HTML_H
#define REPORT_HTML_H

#include <stdio.h>

struct plan;

/* Write report.html for rp to f. */
void	report_html_write(FILE *, const struct plan *);

#endif
