/*
 * t-ingest.c: reading many inputs in parallel (ingest_inputs): the same
 * flows whatever the number of threads, inputs that cannot be read
 * counted, nothing readable is NULL; and what the first bytes of an input
 * say it is (ingest_sniff).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flows.h"
#include "ingest.h"
#include "log.h"
#include "tap.h"

/* First bytes and the kind they are, one row a case. */
static const struct {
	const char		*bytes;
	size_t			 len;	/* 0: strlen */
	enum ingest_kind	 kind;
	const char		*what;
} sniff_cases[] = {
	{ "ElfFile\0\0\0", 11, INGEST_EVTX, "EVTX" },
	{ "0\0\0\0LfLe\1\0\0\0", 12, INGEST_EVT, "legacy .evt" },
	{ "  \r\n{\"winlog\": {}}", 0, INGEST_JSON, "JSON after blanks" },
	{ "\xef\xbb\xbf[", 0, INGEST_JSON, "JSON after a UTF-8 BOM" },
	{ "\xff\xfe[\0{\0", 6, INGEST_JSON, "UTF-16LE JSON" },
	{ "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/"
	    "event'>", 0, INGEST_XML, "wevtutil XML" },
	{ "<?xml version=\"1.0\"?>\r\n<Events>", 0, INGEST_XML,
	    "Event Viewer's Save as XML" },
	{ "\xfe\xff\0<\0E\0v\0e\0n\0t\0 ", 16, INGEST_XML,
	    "UTF-16BE XML" },
	{ "<?xml version=\"1.0\"?><GPO/>", 0, INGEST_XML_OTHER,
	    "XML of another kind" },
	{ "Level,Date and Time,Source,Event ID,Task Category\r\n", 0,
	    INGEST_VIEWER, "Event Viewer CSV" },
	{ "Ebene\tDatum und Uhrzeit\tQuelle\tEreignis-ID\tAufgabenkategorie"
	    "\r\n", 0, INGEST_VIEWER, "Event Viewer text, German" },
	{ "Log Name:      Microsoft-Windows-NTLM/Operational\r\n", 0,
	    INGEST_VIEWER, "copied details" },
	{ "#TYPE System.Diagnostics.Eventing.Reader.EventLogRecord\r\n", 0,
	    INGEST_PS_CSV, "Export-Csv with its type line" },
	{ "\"Message\",\"Id\",\"Version\",\"ProviderName\"\r\n", 0,
	    INGEST_PS_CSV, "Export-Csv" },
	{ "\r\nTimeCreated  : 3/2/2026\r\nProviderName : Microsoft-Windows-"
	    "NTLM\r\nId           : 8003\r\nMessage      : NTLM", 0,
	    INGEST_PS_TEXT, "Format-List" },
	{ "a,b,c\n1,2,3\n", 0, INGEST_UNKNOWN, "another CSV" },
	{ " \r\n\t", 0, INGEST_EMPTY, "blanks only" },
	{ "", 0, INGEST_EMPTY, "nothing" }
};

static void
test_sniff(void)
{
	size_t	i, n;

	for (i = 0; i < sizeof sniff_cases / sizeof sniff_cases[0]; i++) {
		n = sniff_cases[i].len != 0 ? sniff_cases[i].len :
		    strlen(sniff_cases[i].bytes);
		is_int(ingest_sniff((const unsigned char *)sniff_cases[i].bytes,
		    n), sniff_cases[i].kind, "%s", sniff_cases[i].what);
	}
}

int
main(void)
{
	static char		 x[] = "/nonexistent/x.evtx";
	static char		 y[] = "/nonexistent/y.evtx";
	char			*one[] = { NULL }, *two[] = { NULL, NULL };
	char			*none[] = { x };
	struct ingest_totals	 t1, t4, tm;
	struct flows		*f1, *f4, *fm;

	test_sniff();
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
