/*
 * t-ingest.c: reading many inputs in parallel (ingest_inputs): the same
 * flows whatever the number of threads, inputs that cannot be read
 * counted, nothing readable is NULL.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flows.h"
#include "ingest.h"
#include "log.h"
#include "tap.h"

int
main(void)
{
	static char		 x[] = "/nonexistent/x.evtx";
	static char		 y[] = "/nonexistent/y.evtx";
	char			*one[] = { NULL }, *two[] = { NULL, NULL };
	char			*none[] = { x };
	struct ingest_totals	 t1, t4, tm;
	struct flows		*f1, *f4, *fm;

	one[0] = two[0] = (char *)testdata("demo/logs");
	two[1] = y;
	f1 = ingest_inputs(one, 1, 1, 0, &t1);
	f4 = ingest_inputs(one, 1, 4, 0, &t4);
	ok(f1 != NULL && f4 != NULL, "the demo logs read");
	if (f1 != NULL && f4 != NULL) {
		is_int(t1.inputs, 15, "the folder expanded to its 15 files");
		is_int(flows_count(f4), flows_count(f1),
		    "4 threads: the flows of 1");
		is_int(flows_events(f4), flows_events(f1),
		    "4 threads: the events of 1");
		is_int(t1.problems, 0, "no problem");
	}
	ingest_totals_clear(&t1);
	ingest_totals_clear(&t4);
	ok(ingest_inputs(two, 2, 2, 0, &tm) == NULL && tm.operands == 1,
	    "a missing operand: nothing read without keep_going");
	ingest_totals_clear(&tm);
	fm = ingest_inputs(two, 2, 2, 1, &tm);
	ok(fm != NULL && tm.problems == 1 &&
	    flows_events(fm) == flows_events(f1),
	    "keep_going: a missing input counted as a problem, the rest "
	    "read");
	ok(tm.nunread == 1 && strcmp(tm.unread[0], y) == 0,
	    "the missing input named");
	ingest_totals_clear(&tm);
	ok(ingest_inputs(none, 1, 2, 1, &tm) == NULL,
	    "nothing readable: NULL");
	ingest_totals_clear(&tm);
	flows_free(f1);
	flows_free(f4);
	flows_free(fm);
	return (done_testing());
}
