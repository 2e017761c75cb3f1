/*
 * report-json.h: plan.json, the machine-readable plan (ntlmplan-plan(5)),
 * written from the plan (plan.h).
 */
#ifndef REPORT_JSON_H
#define REPORT_JSON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct plan;

#define REPORT_JSON_FORMAT	"ntlmplan-plan"
#define REPORT_JSON_VERSION	2

/* Write plan.json of a plan to f. */
void	report_json_write(FILE *, const struct plan *);

#endif
