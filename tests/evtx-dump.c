/*
 * evtx-dump.c: every record ntlmplan reads from EVTX files, one line each,
 * for the differential tests against other readers (tests/pyevtx-compare.py).
 *
 * evtx-dump [-r native|libevtx] FILE...: per record read (NTLM events and
 * skipped ones; not duplicates, not unreadable records), tab-separated:
 *
 *	kind header-id record-id event-id time-us computer channel field...
 *
 * kind is "used", "skipped" or "recovered" (from slack space: no identity);
 * record-id is System/EventRecordID (0: none), time-us the record's time in
 * microseconds since 1970 ("-" for none), fields only for used records.  A
 * tab, newline or backslash in a value is written \t, \n or \\; a missing
 * value (or NULL) as nothing.  Then, a file, "# records used skipped
 * unreadable duplicate".
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "event.h"
#include "flows.h"
#include "ingest-evtx.h"
#include "util.h"

static void
put(const char *s)
{
	putchar('\t');
	if (s == NULL)
		return;
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '\t':
			fputs("\\t", stdout);
			break;
		case '\n':
			fputs("\\n", stdout);
			break;
		case '\r':
			fputs("\\r", stdout);
			break;
		case '\\':
			fputs("\\\\", stdout);
			break;
		default:
			putchar(*s);
		}
	}
}

static void
dump(const struct event *ev, const struct ingest_evtx_seen *seen, void *arg)
{
	int	i;

	(void)arg;
	fputs(seen->recovered ? "recovered" : seen->skipped ? "skipped" :
	    "used", stdout);
	printf("\t%" PRIu64 "\t%" PRIu64 "\t%d", seen->header_id,
	    ev->record_id, ev->id);
	if (ev->time == UTIL_TIME_NONE)
		fputs("\t-", stdout);
	else
		printf("\t%lld", (long long)ev->time);
	put(ev->computer);
	put(ev->channel);
	for (i = 0; !seen->skipped && i < ev->nfields; i++)
		put(ev->fields[i]);
	putchar('\n');
}

int
main(int argc, char **argv)
{
	struct flows	*fl;
	struct source	*src;
	int		 ch, i;

	while ((ch = getopt(argc, argv, "r:")) != -1) {
		switch (ch) {
		case 'r':
			if (strcmp(optarg, "libevtx") == 0)
				ingest_evtx_set_reader(
				    INGEST_EVTX_READER_LIBEVTX);
			else if (strcmp(optarg, "native") != 0)
				goto usage;
			break;
		default:
			goto usage;
		}
	}
	if (optind == argc)
		goto usage;
	ingest_evtx_set_observer(dump, NULL);
	for (i = optind; i < argc; i++) {
		fl = flows_create();
		src = flows_add_source(fl, argv[i]);
		(void)ingest_evtx_read(fl, src, argv[i]);
		printf("# %" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " %"
		    PRIu64 "\n", src->records, src->used, src->skipped,
		    src->unreadable, src->duplicate);
		flows_free(fl);
	}
	return (0);
usage:
	fprintf(stderr, "usage: evtx-dump [-r native|libevtx] file ...\n");
	return (2);
}
