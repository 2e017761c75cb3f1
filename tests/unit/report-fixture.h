/*
 * report-fixture.h: a small simulation for the report writers' tests, with
 * hostile strings in the event fields (markup, quotes, commas, pipes, line
 * ends, a spreadsheet formula) at level 3 with a list in force ("NAS1") and
 * a remediate rule (name ^DC1$).
 */
#ifndef REPORT_FIXTURE_H
#define REPORT_FIXTURE_H

#include <stddef.h>

#include "plan.h"
#include "report-plan.h"
#include "simulate.h"

struct fixture {
	struct policies			*ps;
	struct flows			*fl;
	struct exceptions		*ex;
	struct rules			*rs;
	struct plan			*p;	/* built by plan_build */
};

/* Build the fixture; 0, or -1 after a diagnostic. */
int	fixture_init(struct fixture *);
/* Free everything the fixture holds. */
void	fixture_clear(struct fixture *);
/* Run fn(f, arg) into a string (caller frees). */
char	*fixture_capture(void (*)(FILE *, const void *), const void *);

#endif
