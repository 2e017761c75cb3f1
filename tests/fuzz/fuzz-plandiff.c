/*
 * fuzz-plandiff.c: plan.json as ntlmplan diff reads it, compared with
 * itself; both writers run.  A plan compared with itself has no server
 * joining or leaving a list: the list never grows.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"
#include "plandiff.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct plandiff	*d;
	FILE		*f;
	char		*cause = NULL;
	size_t		 i;

	fuzz_init();
	d = plandiff_create(fuzz_file(0, data, size, ".json"),
	    fuzz_file(1, data, size, ".json"), &cause);
	if (d == NULL) {
		if (cause == NULL)
			abort();
		free(cause);
		return (0);
	}
	if (d->list_grew || d->nfixes_done != 0)
		abort();
	for (i = 0; i < d->nlevels; i++) {
		if (d->levels[i].joined.n != 0 || d->levels[i].left.n != 0)
			abort();
	}
	if ((f = fopen("/dev/null", "w")) == NULL)
		abort();
	plandiff_write_text(f, d);
	plandiff_write_json(f, d);
	fclose(f);
	plandiff_free(d);
	return (0);
}
