/*
 * fuzz-gpttmpl.c: GptTmpl.inf in UTF-16LE, as secedit and the GPO editor
 * write it: the input is the text after the byte order mark, which the target
 * adds; then the matches the simulation makes.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "exceptions.h"
#include "fuzz.h"
#include "xmalloc.h"

static const char *const fuzz_names[][2] = {
	{ "SRV1", "srv1.corp.example" }, { "WEB1", NULL }, { "", "" },
	{ "a", "a.b.c." }
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct exceptions	*ex;
	char			*cause = NULL;
	uint8_t			*buf;
	size_t			 i;
	int			 found;

	buf = xmalloc(size + 2);
	buf[0] = 0xff;
	buf[1] = 0xfe;
	if (size > 0)
		memcpy(buf + 2, data, size);
	ex = exceptions_create();
	if (exceptions_load(ex, fuzz_file(0, buf, size + 2, ".inf"),
	    "DCAllowedNTLMServers", &found, &cause) == 0) {
		for (i = 0; i < sizeof fuzz_names / sizeof fuzz_names[0]; i++)
			(void)exceptions_match(ex, fuzz_names[i][0],
			    fuzz_names[i][1]);
	}
	free(cause);
	free(buf);
	exceptions_free(ex);
	return (0);
}
