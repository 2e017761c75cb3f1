/*
 * ingest-xml.h: rendered event XML through expat: the <Event> documents of
 * wevtutil qe /f:xml, Get-WinEvent | % ToXml() and Event Viewer's "Save
 * All Events As" XML.
 */
#ifndef INGEST_XML_H
#define INGEST_XML_H

#include <stdio.h>

struct flows;
struct source;

/*
 * Read rendered event XML from f (UTF-8, or UTF-16 after a byte order
 * mark), named path in messages, into fl, counting every <Event> in src.
 * Returns the number of problems reported, or -1 if nothing could be read.
 * Does not close f.
 */
int	ingest_xml_read(struct flows *, struct source *, const char *, FILE *);

#endif
