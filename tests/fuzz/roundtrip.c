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
#include "util.h"
#include "xmalloc.h"

/*
 * What every reader of flows relies on: a time span has both ends or none,
 * in order and within the years 1601..9999 (so last - first cannot
 * overflow), and counts stay at most UTIL_COUNT_MAX.
 */
static void
fuzz_flows_check(struct flows *fl)
{
	const struct flow	*f;
	size_t			 i;

	for (i = 0; i < flows_count(fl); i++) {
		f = flows_flow(fl, i);
		if ((f->first_seen == UTIL_TIME_NONE) !=
		    (f->last_seen == UTIL_TIME_NONE) ||
		    f->first_seen > f->last_seen ||
		    (f->first_seen != UTIL_TIME_NONE &&
		    (!util_time_valid(f->first_seen) ||
		    !util_time_valid(f->last_seen))) ||
		    f->count == 0 || f->count > UTIL_COUNT_MAX) {
			fprintf(stderr, "flow %zu: count %llu, first %lld, "
			    "last %lld\n", i, (unsigned long long)f->count,
			    (long long)f->first_seen, (long long)f->last_seen);
			abort();
		}
	}
	if (flows_events(fl) > UTIL_COUNT_MAX)
		abort();
}

void
fuzz_flows_roundtrip(struct flows *fl)
{
	struct flows	*back;
	const char	*path = fuzz_out(".json");
	char		*cause = NULL;
	FILE		*f;

	fuzz_flows_check(fl);
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
