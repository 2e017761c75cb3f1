/*
 * roundtrip.c: save flows, read them back, abort if ntlmplan refuses its
 * own output (merge must accept collect's flow files).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "directory.h"
#include "flows.h"
#include "fuzz.h"
#include "roundtrip.h"
#include "xmalloc.h"

void
fuzz_flows_roundtrip(struct flows *fl)
{
	struct flows	*back;
	const char	*path = fuzz_out(".json");
	char		*cause = NULL;
	FILE		*f;

	if ((f = fopen(path, "w")) == NULL)
		fatalx("%s: %s", path, strerror(errno));
	flows_save(fl, f);
	if (fclose(f) != 0)
		fatalx("%s: %s", path, strerror(errno));
	back = flows_create();
	if (flows_load(back, path, &cause) != 0) {
		fprintf(stderr, "round trip: ntlmplan refuses its own flow "
		    "file: %s\n", cause);
		abort();
	}
	if (flows_events(back) != flows_events(fl) ||
	    flows_count(back) != flows_count(fl)) {
		fprintf(stderr, "round trip: %llu events in %zu flows written, "
		    "%llu in %zu read\n", (unsigned long long)flows_events(fl),
		    flows_count(fl), (unsigned long long)flows_events(back),
		    flows_count(back));
		abort();
	}
	flows_free(back);
}

void
fuzz_directory_roundtrip(struct directory *dir)
{
	struct directory	*back;
	const char		*path = fuzz_out(".json");
	char			*cause = NULL;
	FILE			*f;

	if ((f = fopen(path, "w")) == NULL)
		fatalx("%s: %s", path, strerror(errno));
	directory_save(dir, f);
	if (fclose(f) != 0)
		fatalx("%s: %s", path, strerror(errno));
	if ((back = directory_load(path, &cause)) == NULL) {
		fprintf(stderr, "round trip: ntlmplan refuses its own "
		    "snapshot: %s\n", cause);
		abort();
	}
	directory_free(back);
}
