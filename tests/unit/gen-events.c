/*
 * gen-events.c: generated event records written as the exports ntlmplan
 * reads (gen-events.h).  Times keep what each writer keeps: the XML
 * SystemTime has seven decimals (100 ns), evtx_dump's six, Winlogbeat's
 * @timestamp and PowerShell 5.1's /Date()/ milliseconds.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gen-events.h"

/* t as "YYYY-MM-DDTHH:MM:SS" (UTC) into buf; the microseconds in *us. */
static void
gen_events_time(int64_t t, char *buf, size_t len, long *us)
{
	time_t		secs = (time_t)(t / 1000000);
	struct tm	tm;

	gmtime_r(&secs, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	*us = (long)(t % 1000000);
}

static void
gen_events_xml_text(FILE *f, const char *s)
{
	size_t	n;

	for (;;) {
		n = strcspn(s, "&<>'\"\001\002\003\004\005\006\007\010\011"
		    "\012\013\014\015\016\017\020\021\022\023\024\025\026"
		    "\027\030\031\032\033\034\035\036\037");
		fwrite(s, 1, n, f);
		s += n;
		switch (*s) {
		case '\0':
			return;
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '\'':
			fputs("&apos;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		default:
			/* A reference keeps CR and LF as they are. */
			fprintf(f, "&#%d;", *s);
		}
		s++;
	}
}

static void
gen_events_json_string(FILE *f, const char *s)
{
	size_t	n;

	fputc('"', f);
	for (;;) {
		n = strcspn(s, "\"\\\001\002\003\004\005\006\007\010\011"
		    "\012\013\014\015\016\017\020\021\022\023\024\025\026"
		    "\027\030\031\032\033\034\035\036\037");
		fwrite(s, 1, n, f);
		s += n;
		if (*s == '\0')
			break;
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if (*s == '\r')
			fputs("\\r", f);
		else if (*s == '\n')
			fputs("\\n", f);
		else
			fprintf(f, "\\u%04x", *s);
		s++;
	}
	fputc('"', f);
}

static void
gen_events_xml(FILE *f, const struct gen_event *e, int rendered)
{
	char	ts[32];
	long	us;
	int	i;

	gen_events_time(e->time, ts, sizeof ts, &us);
	fprintf(f, "<Event xmlns='http://schemas.microsoft.com/win/2004/08/"
	    "events/event'><System><Provider Name='%s'/><EventID>%d"
	    "</EventID><Version>0</Version><Level>4</Level><Task>0</Task>"
	    "<Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords>"
	    "<TimeCreated SystemTime='%s.%07ldZ'/><EventRecordID>%" PRIu64
	    "</EventRecordID><Correlation/><Execution ProcessID='764' "
	    "ThreadID='1000'/><Channel>", e->provider, e->id, ts, us * 10,
	    e->record_id);
	gen_events_xml_text(f, e->channel);
	fputs("</Channel><Computer>", f);
	gen_events_xml_text(f, e->computer);
	fputs("</Computer><Security/></System><EventData>", f);
	for (i = 0; i < e->nfields; i++) {
		fprintf(f, "<Data Name='%s'>", e->names[i]);
		gen_events_xml_text(f, e->values[i]);
		fputs("</Data>", f);
	}
	fputs("</EventData>", f);
	if (rendered)
		fprintf(f, "<RenderingInfo Culture='en-US'><Message>Event %d"
		    "</Message><Level>Information</Level><Task></Task>"
		    "<Opcode>Info</Opcode><Channel>%s</Channel><Provider>%s"
		    "</Provider><Keywords><Keyword>Classic</Keyword>"
		    "</Keywords></RenderingInfo>", e->id,
		    strchr(e->channel, '/') != NULL ? "Operational" :
		    e->channel, e->provider);
	fputs("</Event>\r\n", f);
}

static void
gen_events_winlogbeat(FILE *f, const struct gen_event *e)
{
	char	ts[32];
	long	us;
	int	i;

	gen_events_time(e->time, ts, sizeof ts, &us);
	fprintf(f, "{\"@timestamp\":\"%s.%03ldZ\",\"winlog\":{\"channel\":",
	    ts, us / 1000);
	gen_events_json_string(f, e->channel);
	fprintf(f, ",\"event_id\":%d,\"provider_name\":", e->id);
	gen_events_json_string(f, e->provider);
	fputs(",\"computer_name\":", f);
	gen_events_json_string(f, e->computer);
	fprintf(f, ",\"record_id\":%" PRIu64 ",\"event_data\":{",
	    e->record_id);
	for (i = 0; i < e->nfields; i++) {
		fprintf(f, "%s\"%s\":", i > 0 ? "," : "", e->names[i]);
		gen_events_json_string(f, e->values[i]);
	}
	fputs("}}}\n", f);
}

static void
gen_events_evtx_dump(FILE *f, const struct gen_event *e)
{
	char	ts[32];
	long	us;
	int	i;

	gen_events_time(e->time, ts, sizeof ts, &us);
	fputs("{\"Event\":{\"#attributes\":{\"xmlns\":\"http://schemas."
	    "microsoft.com/win/2004/08/events/event\"},\"System\":{"
	    "\"Provider\":{\"#attributes\":{\"Name\":", f);
	gen_events_json_string(f, e->provider);
	fprintf(f, "}},\"EventID\":%d,\"TimeCreated\":{\"#attributes\":{"
	    "\"SystemTime\":\"%s.%06ldZ\"}},\"EventRecordID\":%" PRIu64
	    ",\"Channel\":", e->id, ts, us, e->record_id);
	gen_events_json_string(f, e->channel);
	fputs(",\"Computer\":", f);
	gen_events_json_string(f, e->computer);
	fputs("},\"EventData\":{", f);
	for (i = 0; i < e->nfields; i++) {
		fprintf(f, "%s\"%s\":", i > 0 ? "," : "", e->names[i]);
		if (e->kinds[i] == 'n' || e->kinds[i] == 'b')
			fputs(e->values[i], f);
		else
			gen_events_json_string(f, e->values[i]);
	}
	fputs("}}}\n", f);
}

static void
gen_events_powershell(FILE *f, const struct gen_event *e, int first)
{
	int	i;

	fprintf(f, "%s    {\r\n        \"Id\":  %d,\r\n", first ? "" : ",\r\n",
	    e->id);
	fputs("        \"ProviderName\":  ", f);
	gen_events_json_string(f, e->provider);
	fputs(",\r\n        \"LogName\":  ", f);
	gen_events_json_string(f, e->channel);
	fputs(",\r\n        \"MachineName\":  ", f);
	gen_events_json_string(f, e->computer);
	fprintf(f, ",\r\n        \"RecordId\":  %" PRIu64 ",\r\n"
	    "        \"TimeCreated\":  \"\\/Date(%" PRId64 ")\\/\",\r\n"
	    "        \"Properties\":  [\r\n", e->record_id, e->time / 1000);
	for (i = 0; i < e->nfields; i++) {
		fputs("                           {\"Value\":  ", f);
		if (e->kinds[i] == 'n' || e->kinds[i] == 'b')
			fputs(e->values[i], f);
		else
			gen_events_json_string(f, e->values[i]);
		fprintf(f, "}%s\r\n", i + 1 < e->nfields ? "," : "");
	}
	fputs("                       ]\r\n    }", f);
}

int
gen_events_write(const char *path, enum gen_events_format fmt,
    const struct gen_event *const *ev, size_t n)
{
	FILE	*m, *f;
	char	*buf = NULL, *wide;
	size_t	 len = 0, i;
	int	 rc = 0;

	if ((m = open_memstream(&buf, &len)) == NULL)
		return (-1);
	if (fmt == GEN_EVENTS_POWERSHELL || fmt == GEN_EVENTS_POWERSHELL_UTF16)
		fputs("[\r\n", m);
	if (fmt == GEN_EVENTS_XML_RENDERED)
		fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n"
		    "<Events>", m);
	for (i = 0; i < n; i++) {
		switch (fmt) {
		case GEN_EVENTS_XML:
		case GEN_EVENTS_XML_RENDERED:
			gen_events_xml(m, ev[i],
			    fmt == GEN_EVENTS_XML_RENDERED);
			break;
		case GEN_EVENTS_WINLOGBEAT:
			gen_events_winlogbeat(m, ev[i]);
			break;
		case GEN_EVENTS_EVTX_DUMP:
			gen_events_evtx_dump(m, ev[i]);
			break;
		default:
			gen_events_powershell(m, ev[i], i == 0);
			break;
		}
	}
	if (fmt == GEN_EVENTS_POWERSHELL || fmt == GEN_EVENTS_POWERSHELL_UTF16)
		fputs("\r\n]\r\n", m);
	if (fmt == GEN_EVENTS_XML_RENDERED)
		fputs("</Events>", m);
	fclose(m);
	if ((f = fopen(path, "wb")) == NULL) {
		free(buf);
		return (-1);
	}
	if (fmt == GEN_EVENTS_POWERSHELL_UTF16) {
		/* Every byte written is ASCII: one UTF-16LE unit each. */
		if ((wide = calloc(len + 1, 2)) == NULL)
			abort();
		wide[0] = '\xff';
		wide[1] = '\xfe';
		for (i = 0; i < len; i++)
			wide[2 + 2 * i] = buf[i];
		fwrite(wide, 2, len + 1, f);
		free(wide);
	} else
		fwrite(buf, 1, len, f);
	if (ferror(f))
		rc = -1;
	if (fclose(f) != 0)
		rc = -1;
	free(buf);
	return (rc);
}
