/*
 * fuzz-exceptions.c: exception lists as plan --exceptions reads them: plain
 * text (the exceptions.txt plan writes), UTF-8 or UTF-16, or a GptTmpl.inf;
 * then the matches the simulation makes.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_exceptions(fuzz_file(0, data, size, ".txt"));
	return (0);
}
