/*
 * report-gpo.h: Group Policy security templates (GptTmpl.inf) for a policy:
 * an audit stage and an enforce stage, per ntlmplan-events(7).
 */
#ifndef REPORT_GPO_H
#define REPORT_GPO_H

#include <stddef.h>
#include <stdio.h>

struct hostname;
struct plan;
struct policy;

enum report_gpo_stage {
	REPORT_GPO_AUDIT,	/* audit at the policy's level, deny nothing */
	REPORT_GPO_ENFORCE,	/* deny at the policy's level, audit all */
	REPORT_GPO_ROLLBACK	/* the option back to off, auditing kept */
};

/*
 * Write a template to f: UTF-16LE with a BOM, CRLF line ends, the
 * [Unicode] and [Version] preamble and the [Registry Values] of the stage,
 * with the exception list names[0..n) if the policy has one (checked names
 * only: HOSTNAME_ASSERT aborts on any other).  The audit
 * stage audits at the audit value of audit (NULL: the policy's own), so
 * that it is never narrower than what the data was logged at.
 */
void	report_gpo_write(FILE *, const struct policy *, const struct policy *,
	    enum report_gpo_stage, const struct hostname *const *, size_t);

/*
 * The [Registry Values] lines of a stage as UTF-8, without line ends: *lines
 * gets an array of that many strings, each owned by the caller, as is the
 * array.  report_gpo_write writes these same lines.
 */
size_t	report_gpo_lines(const struct policy *, const struct policy *,
	    enum report_gpo_stage, const struct hostname *const *, size_t,
	    char ***);

/* The plan's templates: the audit stage and the enforce stage. */
void	report_gpo_audit_write(FILE *, const struct plan *);
void	report_gpo_enforce_write(FILE *, const struct plan *);
/* The plan's exception list with its comment lines (exceptions.txt). */
void	report_list_write(FILE *, const struct plan *);

#endif
