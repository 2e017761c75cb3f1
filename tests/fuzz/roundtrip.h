/*
 * roundtrip.h: the property the ingest targets check after each input:
 * the file ntlmplan writes for what it read loads again.
 */
#ifndef FUZZ_ROUNDTRIP_H
#define FUZZ_ROUNDTRIP_H

struct directory;
struct flows;

/* Save fl, load the file into new flows; abort() if that fails. */
void	fuzz_flows_roundtrip(struct flows *);
/* Save dir, load the snapshot back; abort() if that fails. */
void	fuzz_directory_roundtrip(struct directory *);

#endif
