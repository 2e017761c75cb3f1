/*
 * fuzz-siem.c: a SIEM's result (CSV, or JSON in each product's shape)
 * through ingest_siem_read as collect calls it for a file it sniffed as
 * one, then the flow file round trip.
 */
#include "config.h"

#include <stdio.h>

#include "flows.h"
#include "fuzz.h"
#include "ingest-siem.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_reader(data, size, ".csv", ingest_siem_read);
	return (0);
}
