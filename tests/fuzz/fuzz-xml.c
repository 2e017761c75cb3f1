/*
 * fuzz-xml.c: rendered event XML (wevtutil, ToXml(), Event Viewer's Save as
 * XML; UTF-8 or UTF-16 after a byte order mark) through ingest_xml_read as
 * collect calls it for a file it sniffed as XML, then the flow file round
 * trip.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "flows.h"
#include "fuzz.h"
#include "ingest-xml.h"
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
	path = fuzz_file(0, data, size, ".xml");
	src = flows_add_source(fl, path);
	if ((f = fopen(path, "rb")) != NULL) {
		(void)ingest_xml_read(fl, src, path, f);
		fclose(f);
	}
	fuzz_flows_roundtrip(fl);
	flows_free(fl);
	return (0);
}
