/*
 * report-gpo.h: Group Policy security templates (GptTmpl.inf) for a policy:
 * an audit stage and an enforce stage, per DOMAIN.md section 2.
 */
#ifndef REPORT_GPO_H
#define REPORT_GPO_H

#include <stddef.h>
#include <stdio.h>

struct policy;

enum report_gpo_stage {
	REPORT_GPO_AUDIT,	/* audit at the policy's level, deny nothing */
	REPORT_GPO_ENFORCE	/* deny at the policy's level, audit all */
};

/*
 * Write a template to f: UTF-16LE with a BOM, CRLF line ends, the
 * [Unicode] and [Version] preamble and the [Registry Values] of the stage,
 * with the exception list names[0..n) if the policy has one.
 */
void	report_gpo_write(FILE *, const struct policy *, enum report_gpo_stage,
	    const char *const *, size_t);

#endif
