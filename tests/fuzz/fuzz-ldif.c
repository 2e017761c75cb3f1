/*
 * fuzz-ldif.c: LDIF exports (ldapsearch, ldifde) as directory --ldif and
 * plan --ldif read them, the domain settled as directory does, then the
 * snapshot round trip.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "directory.h"
#include "directory-ldif.h"
#include "fuzz.h"
#include "roundtrip.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct directory	*dir;
	char			*cause = NULL;

	dir = directory_create();
	if (directory_ldif_read(dir, fuzz_file(0, data, size, ".ldif"),
	    &cause) == 0 && directory_finish(dir, NULL, NULL, &cause) == 0)
		fuzz_directory_roundtrip(dir);
	free(cause);
	directory_free(dir);
	return (0);
}
