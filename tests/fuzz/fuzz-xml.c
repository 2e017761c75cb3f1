/*
 * fuzz-xml.c: rendered event XML (wevtutil, ToXml(), Event Viewer's Save as
 * XML; UTF-8 or UTF-16 after a byte order mark) through ingest_xml_read as
 * collect calls it for a file it sniffed as XML, then the flow file round
 * trip.
 */
#include "config.h"

#include <stdio.h>

#include "flows.h"
#include "fuzz.h"
#include "ingest-xml.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_reader(data, size, ".xml", ingest_xml_read);
	return (0);
}
