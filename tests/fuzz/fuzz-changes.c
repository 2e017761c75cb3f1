/*
 * fuzz-changes.c: the dated changes file (ntlmplan-changes(5)) as plan
 * loads it from the policy directory, then where each change stands and
 * its date written back, which must read back as the same date.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "changes.h"
#include "fuzz.h"
#include "util.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct changes		*cs;
	const struct change	*c;
	char			*cause = NULL, buf[32];
	size_t			 i;

	fuzz_init();
	cs = changes_load(fuzz_file(0, data, size, ".data"), &cause);
	if (cs == NULL) {
		if (cause == NULL)
			abort();
		free(cause);
		return (0);
	}
	for (i = 0; i < cs->n; i++) {
		c = &cs->v[i];
		(void)changes_state(c, 0);
		(void)changes_status_code(c->status);
		(void)changes_affects_code(c->affects);
		changes_date_format(c->date, c->precision, buf, sizeof buf);
		if (c->precision == CHANGES_UNDATED ?
		    strcmp(buf, "none") != 0 : strlen(buf) !=
		    (c->precision == CHANGES_DAY ? 10u : 7u))
			abort();
		if (i > 0 && cs->v[i - 1].precision == CHANGES_UNDATED &&
		    c->precision != CHANGES_UNDATED)
			abort();	/* undated changes come last */
	}
	changes_free(cs);
	return (0);
}
