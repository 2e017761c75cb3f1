/*
 * report-remediate.h: the remediation outputs: remediation.csv (one row per
 * flow denied at the planned level, with its fix class, evidence and the
 * ranked fix that covers it) and the "remediation" member of plan.json
 * (ntlmplan-plan(5)), written from the plain structs of remediate.h.
 */
#ifndef REPORT_REMEDIATE_H
#define REPORT_REMEDIATE_H

#include <stdio.h>

struct flows;
struct plan;
struct remediate_assumed;
struct remediate_result;

/* Write remediation.csv for r (flows borrowed from fl) to f. */
void	report_remediate_csv(FILE *, const struct remediate_result *,
	    const struct flows *);
/*
 * Write ' "remediation": {...}' (no trailing comma or newline) to f; a
 * NULL r or assumed writes what is known.
 */
void	report_remediate_json(FILE *, const struct remediate_result *,
	    const struct remediate_assumed *);

/*
 * The step a Kerberos fix needs first, in words ("reset the password of
 * svc-sql twice ..."), for an account of kerberos class cls (kerberos.h)
 * with steps KERBEROS_STEP_*; NULL if none.  Caller frees.
 */
char	*report_remediate_kerberos_step(int, unsigned, int, const char *);
/* A Kerberos class in words ("RC4 only", "fine: AES", ...). */
const char *report_remediate_kerberos_label(int, int);

/* remediation.csv of a plan. */
void	report_remediate_write(FILE *, const struct plan *);

#endif
