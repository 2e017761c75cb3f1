/*
 * fuzz-flows-bin.c: binary flow files (ntlmplan-flows(5) BINARY FORM) as
 * merge and plan load them.  An input without the magic gets it, so that
 * the fuzzer works on what follows.  A file refused names itself and an
 * offset (counts adding up to too many: itself alone); what loads must save in the binary form to bytes that load to
 * the same table (the same bytes again, the same JSON), and the JSON of
 * it must load to the same binary bytes: both forms hold one table.
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

/* fl saved in one form into a string (malloc'd), its length in *len. */
static char *
fuzz_flows_save(struct flows *fl, int binary, size_t *len)
{
	char	*buf = NULL;
	FILE	*f;

	if ((f = open_memstream(&buf, len)) == NULL)
		abort();
	if (binary)
		flows_save_binary(fl, f);
	else
		flows_save(fl, f);
	fclose(f);
	return (buf);
}

/* buf loaded from a file of its own; abort() if it does not load. */
static struct flows *
fuzz_flows_reload(const char *buf, size_t len, const char *suffix)
{
	struct flows	*fl = flows_create();
	const char	*path = fuzz_out(suffix);
	char		*cause = NULL;
	FILE		*f;

	if ((f = fopen(path, "w")) == NULL ||
	    fwrite(buf, 1, len, f) != len || fclose(f) != 0)
		abort();
	if (flows_load(fl, path, &cause) != 0) {
		fprintf(stderr, "round trip: ntlmplan refuses its own %s flow "
		    "file: %s\n", suffix, cause);
		abort();
	}
	return (fl);
}

static void
fuzz_flows_same(const char *what, const char *a, size_t alen, const char *b,
    size_t blen)
{
	if (alen != blen || memcmp(a, b, alen) != 0) {
		fprintf(stderr, "round trip: %s differ (%zu and %zu bytes)\n",
		    what, alen, blen);
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct flows	*fl, *back, *viajson;
	const char	*path;
	char		*cause = NULL, *bin, *bin2, *bin3, *json, *json2;
	uint8_t		*buf;
	size_t		 n, blen, blen2, blen3, jlen, jlen2;

	n = sizeof FLOWS_BIN_MAGIC - 1;
	if (flows_bin_sniff(data, size))
		n = 0;
	if ((buf = malloc(size + n + 1)) == NULL)
		abort();
	memcpy(buf, FLOWS_BIN_MAGIC, n);
	if (size > 0)
		memcpy(buf + n, data, size);
	path = fuzz_file(0, buf, size + n, ".bin");
	free(buf);
	fl = flows_create();
	if (flows_load(fl, path, &cause) != 0) {
		/*
		 * Every refusal names the file and the offset, but the one
		 * of counts that add up to too many (ntlmplan-flows(5)):
		 * no one place in the file is wrong then.
		 */
		if (cause == NULL || strstr(cause, path) == NULL ||
		    (strstr(cause, ": offset ") == NULL &&
		    strstr(cause, " events in the flows loaded") == NULL)) {
			fprintf(stderr, "refused without a place: %s\n",
			    cause != NULL ? cause : "(no message)");
			abort();
		}
		free(cause);
		flows_free(fl);
		return (0);
	}
	bin = fuzz_flows_save(fl, 1, &blen);
	json = fuzz_flows_save(fl, 0, &jlen);
	back = fuzz_flows_reload(bin, blen, ".bin");
	bin2 = fuzz_flows_save(back, 1, &blen2);
	json2 = fuzz_flows_save(back, 0, &jlen2);
	fuzz_flows_same("binary saves", bin, blen, bin2, blen2);
	fuzz_flows_same("JSON saves of the binary", json, jlen, json2, jlen2);
	viajson = fuzz_flows_reload(json, jlen, ".json");
	bin3 = fuzz_flows_save(viajson, 1, &blen3);
	fuzz_flows_same("binary saves through JSON", bin, blen, bin3, blen3);
	fuzz_flows_roundtrip(fl);
	free(bin);
	free(bin2);
	free(bin3);
	free(json);
	free(json2);
	flows_free(viajson);
	flows_free(back);
	flows_free(fl);
	return (0);
}
