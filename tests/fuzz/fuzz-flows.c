/*
 * fuzz-flows.c: flow files (ntlmplan-flows(5)) as merge and plan load them;
 * what loads must save and load again.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "flows.h"
#include "fuzz.h"
#include "roundtrip.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct flows	*fl;
	char		*cause = NULL;

	fl = flows_create();
	if (flows_load(fl, fuzz_file(0, data, size, ".json"), &cause) == 0)
		fuzz_flows_roundtrip(fl);
	free(cause);
	flows_free(fl);
	return (0);
}
