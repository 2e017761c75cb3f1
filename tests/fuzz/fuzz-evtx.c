/*
 * fuzz-evtx.c: EVTX through the reader collect uses (ingest_evtx_read,
 * libevtx with ntlmplan's own chunk checks), then the flow file round trip.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "flows.h"
#include "fuzz.h"
#include "ingest-evtx.h"
#include "roundtrip.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct flows	*fl;
	struct source	*src;
	const char	*path;

	path = fuzz_file(0, data, size, ".evtx");
	fl = flows_create();
	src = flows_add_source(fl, path);
	(void)ingest_evtx_read(fl, src, path);
	fuzz_flows_roundtrip(fl);
	flows_free(fl);
	return (0);
}
