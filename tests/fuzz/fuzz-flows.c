/*
 * fuzz-flows.c: flow files (ntlmplan-flows(5)) as merge and plan load them;
 * what loads must save and load again, and the loader's fast path (entries
 * read without cJSON) must give what cJSON's path gives: the same result,
 * the same table saved, byte for byte.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flows.h"
#include "fuzz.h"
#include "roundtrip.h"

/* fl saved into a string (malloc'd). */
static char *
fuzz_flows_text(struct flows *fl, size_t *len)
{
	char	*buf = NULL;
	FILE	*f;

	if ((f = open_memstream(&buf, len)) == NULL)
		abort();
	flows_save(fl, f);
	fclose(f);
	return (buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct flows	*fl, *slow;
	const char	*path;
	char		*cause = NULL, *cause2 = NULL, *a, *b;
	size_t		 alen, blen;
	int		 rc, rc2;

	path = fuzz_file(0, data, size, ".json");
	fl = flows_create();
	rc = flows_load(fl, path, &cause);
	slow = flows_create();
	flows_load_fast(0);
	rc2 = flows_load(slow, path, &cause2);
	flows_load_fast(1);
	if (rc != rc2 || (rc != 0 && strcmp(cause, cause2) != 0)) {
		fprintf(stderr, "fast path: %d (%s), cJSON's: %d (%s)\n", rc,
		    rc != 0 ? cause : "", rc2, rc2 != 0 ? cause2 : "");
		abort();
	}
	if (rc == 0) {
		a = fuzz_flows_text(fl, &alen);
		b = fuzz_flows_text(slow, &blen);
		if (alen != blen || memcmp(a, b, alen) != 0) {
			fprintf(stderr, "fast path and cJSON's: other tables\n");
			abort();
		}
		free(a);
		free(b);
		fuzz_flows_roundtrip(fl);
	}
	free(cause);
	free(cause2);
	flows_free(slow);
	flows_free(fl);
	return (0);
}
