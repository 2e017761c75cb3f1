/*
 * fuzz-rules.c: site rules (ntlmplan-plan(5)) as plan --rules loads them,
 * then matched against a few flows, one with long runs that make a
 * backtracking pattern expensive (the PCRE2 limits must answer quickly).
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "rules.h"

#define FUZZ_LONG	4096

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char		 longv[FUZZ_LONG + 2];
	const char		*values[RULES_FIELD__COUNT];
	struct rules		*rs;
	char			*cause = NULL;
	size_t			 i;

	if ((rs = rules_load(fuzz_file(0, data, size, ".txt"), &cause)) ==
	    NULL) {
		free(cause);
		return (0);
	}
	for (i = 0; i < RULES_FIELD__COUNT; i++)
		values[i] = i % 2 ? "SRV1.corp.example" : "scanner01";
	(void)rules_match(rs, values, 1);
	(void)rules_find(rs, values);
	memset(longv, 'a', FUZZ_LONG);
	longv[FUZZ_LONG] = '!';
	for (i = 0; i < RULES_FIELD__COUNT; i++)
		values[i] = longv;
	(void)rules_match(rs, values, UINT64_MAX);
	(void)rules_match(rs, values, UINT64_MAX);
	for (i = 0; i < RULES_FIELD__COUNT; i++)
		values[i] = NULL;
	(void)rules_match(rs, values, 1);
	rules_free(rs);
	return (0);
}
