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

#include "fuzz.h"
#include "xmalloc.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t	*buf;

	buf = xmalloc(size + 2);
	buf[0] = 0xff;
	buf[1] = 0xfe;
	if (size > 0)
		memcpy(buf + 2, data, size);
	fuzz_exceptions(fuzz_file(0, buf, size + 2, ".inf"));
	free(buf);
	return (0);
}
