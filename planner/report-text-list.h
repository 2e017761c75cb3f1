/*
 * report-text-list.h: the comment lines atop the proposed exception list
 * (exceptions.txt), worded from the plan.
 */
#ifndef REPORT_TEXT_LIST_H
#define REPORT_TEXT_LIST_H

#include <stddef.h>

struct plan;

/* The comment lines, at most 216, *n of them (caller frees each and v). */
char	**report_text_list_comments(const struct plan *, size_t *);

#endif
