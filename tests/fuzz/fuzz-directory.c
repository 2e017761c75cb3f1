/*
 * fuzz-directory.c: directory snapshots (ntlmplan-directory(5)) as plan
 * loads them; the lookups the simulation makes, and what loads must save
 * and load again.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "directory.h"
#include "fuzz.h"
#include "roundtrip.h"

static const char *const fuzz_names[] = {
	"SRV1", "srv1.corp.example", "srv1.corp.example.", "DC1$", "", ".",
	"a.b.c.", "WEB1.other.example"
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct directory	*dir;
	char			*cause = NULL;
	size_t			 i;

	dir = directory_load(fuzz_file(0, data, size, ".json"), &cause);
	if (dir == NULL) {
		free(cause);
		return (0);
	}
	for (i = 0; i < sizeof fuzz_names / sizeof fuzz_names[0]; i++)
		(void)directory_find_computer(dir, fuzz_names[i]);
	fuzz_directory_roundtrip(dir);
	directory_free(dir);
	return (0);
}
