/*
 * fuzz-siem.c: a SIEM's result (CSV, or JSON in each product's shape)
 * through ingest_siem_read as collect calls it for a file it sniffed as
 * one, then the flow file round trip.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "flows.h"
#include "fuzz.h"
#include "ingest-siem.h"
#include "roundtrip.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct flows	*fl;
	struct source	*src;
	const char	*path;
	FILE		*f;

	fuzz_init();
	fl = flows_create();
	path = fuzz_file(0, data, size, ".csv");
	src = flows_add_source(fl, path);
	if ((f = fopen(path, "rb")) != NULL) {
		(void)ingest_siem_read(fl, src, path, f);
		fclose(f);
	}
	fuzz_flows_roundtrip(fl);
	flows_free(fl);
	return (0);
}
