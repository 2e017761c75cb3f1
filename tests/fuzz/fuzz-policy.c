/*
 * fuzz-policy.c: policy files (ntlmplan-policy(5)) as plan loads them from
 * a directory, then the questions the simulation asks of each policy.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "fuzz.h"
#include "policy.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct policies		*ps;
	const struct policy	*p;
	char			*cause = NULL;
	size_t			 i;

	if ((ps = policies_load(fuzz_dir(data, size), &cause)) == NULL) {
		free(cause);
		return (0);
	}
	for (i = 0; i < policies_count(ps); i++) {
		p = policies_get(ps, i);
		(void)policy_has_event(p, 8003);
		(void)policies_find(ps, p->name);
	}
	policies_free(ps);
	return (0);
}
