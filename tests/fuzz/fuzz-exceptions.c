/*
 * fuzz-exceptions.c: exception lists as plan --exceptions reads them: plain
 * text (the exceptions.txt plan writes), UTF-8 or UTF-16, or a GptTmpl.inf;
 * then the matches the simulation makes.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "exceptions.h"
#include "fuzz.h"

static const char *const fuzz_names[][2] = {
	{ "SRV1", "srv1.corp.example" }, { "WEB1", NULL }, { "", "" },
	{ "a", "a.b.c." }
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct exceptions	*ex;
	char			*cause = NULL;
	size_t			 i;
	int			 found;

	ex = exceptions_create();
	if (exceptions_load(ex, fuzz_file(0, data, size, ".txt"),
	    "DCAllowedNTLMServers", &found, &cause) == 0) {
		for (i = 0; i < sizeof fuzz_names / sizeof fuzz_names[0]; i++)
			(void)exceptions_match(ex, fuzz_names[i][0],
			    fuzz_names[i][1]);
	}
	free(cause);
	exceptions_free(ex);
	return (0);
}
