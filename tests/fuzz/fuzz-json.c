/*
 * fuzz-json.c: JSON event exports (every shape ingest-json.c knows, JSON
 * Lines included) through ingest_file as collect calls it, then the flow
 * file round trip.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "flows.h"
#include "fuzz.h"
#include "ingest.h"
#include "roundtrip.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct flows	*fl;

	fl = flows_create();
	(void)ingest_file(fl, fuzz_file(0, data, size, ".json"));
	fuzz_flows_roundtrip(fl);
	flows_free(fl);
	return (0);
}
