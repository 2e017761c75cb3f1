/*
 * report-html.h: report.html, the change-advisory report as one
 * self-contained HTML file: inline CSS, inline SVG charts and a small inline
 * script that makes tables sortable and filterable (the page reads the same
 * without it); nothing is fetched.
 */
#ifndef REPORT_HTML_H
#define REPORT_HTML_H

#include <stdio.h>

struct report_plan;

/* Write s escaped for HTML text and attribute values. */
void	report_html_escape(FILE *, const char *);
/* Write report.html for rp to f. */
void	report_html_write(FILE *, const struct report_plan *);

#endif
