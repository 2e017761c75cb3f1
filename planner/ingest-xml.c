/*
 * ingest-xml.c: NTLM events from rendered event XML.
 *
 * Windows writes the same <Event xmlns='http://schemas.microsoft.com/win/
 * 2004/08/events/event'> element everywhere: wevtutil qe LOG /f:xml (one
 * <Event> after the other, no root element), Get-WinEvent | % ToXml(),
 * Event Viewer's "Save All Events As" XML (an <Events> root), and a
 * subscription in RenderedText format (a RenderingInfo element, ignored).
 * The file is read through a window that holds one event at most: each
 * <Event> ... </Event> is cut out of the stream by its tags and parsed on
 * its own by expat, so a broken event costs that event only, whatever
 * surrounds the events (a declaration, a root, none) is not parsed, and
 * memory does not depend on the size of the file.  UTF-16 (after a byte
 * order mark, as Windows PowerShell 5.1 writes a redirection) is converted
 * to UTF-8 by iconv(3) as it is read.
 *
 * System gives the event id, provider, computer, channel, EventRecordID and
 * time; EventData's <Data Name='...'> values go to the event table's
 * fields by name, <Data> without a name by position (ntlmplan-events(7)).
 * Invariant: every <Event> is one record, counted as used, skipped,
 * unreadable or duplicate (flows_record: its host, channel and record id
 * read before), exactly as the EVTX and JSON readers count theirs.
 */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <expat.h>

#include "event.h"
#include "flows.h"
#include "ingest-xml.h"
#include "log.h"
#include "progress.h"
#include "util.h"
#include "xmalloc.h"

#define XML_WINDOW	(1024 * 1024)
#define XML_RAW		(64 * 1024)		/* bytes read at once */
#define XML_EVENT_MAX	(16 * 1024 * 1024)	/* one event */
#define XML_FIELD_MAX	(64 * 1024)		/* one value, characters */
#define XML_DATA_MAX	64			/* <Data> kept per event */
#define XML_WARN_MAX	10	/* detailed messages per file */
#define XML_NONE	((size_t)-1)

/* What the text of the element being read goes to. */
enum xml_text {
	XML_TEXT_NONE = 0,
	XML_TEXT_EVENT_ID,
	XML_TEXT_RECORD_ID,
	XML_TEXT_CHANNEL,
	XML_TEXT_COMPUTER,
	XML_TEXT_DATA
};

/* System's elements whose text is kept, by local name. */
static const struct {
	const char	*name;
	enum xml_text	 text;
} xml_system_text[] = {
	{ "EventID", XML_TEXT_EVENT_ID },
	{ "EventRecordID", XML_TEXT_RECORD_ID },
	{ "Channel", XML_TEXT_CHANNEL },
	{ "Computer", XML_TEXT_COMPUTER }
};

/* One event's values: offsets into the arena, XML_NONE if absent. */
struct xml_event {
	char		*arena;		/* owned, reset per event */
	size_t		 alen;
	size_t		 acap;
	int		 depth;		/* of the element being read */
	int		 section;	/* 1 System, 2 EventData */
	enum xml_text	 text;		/* where character data goes */
	size_t		 text_off;	/* its start in the arena */
	size_t		 text_chars;
	int		 too_long;
	size_t		 id;
	size_t		 provider;
	size_t		 time;
	size_t		 record_id;
	size_t		 channel;
	size_t		 computer;
	size_t		 data_name[XML_DATA_MAX];
	size_t		 data_value[XML_DATA_MAX];
	int		 ndata;
};

struct xml_reader {
	struct flows	*fl;
	struct source	*src;
	const char	*path;
	FILE		*f;
	XML_Parser	 parser;
	struct xml_event ev;
	iconv_t		 cd;		/* (iconv_t)-1: the file is UTF-8 */
	unsigned char	 raw[XML_RAW];	/* UTF-16 not converted yet */
	size_t		 nraw;
	char		*buf;		/* owned window, UTF-8 */
	size_t		 len;
	size_t		 pos;
	size_t		 cap;
	size_t		 line;		/* line of buf[pos] */
	int		 started;
	int		 eof;
	int		 read_error;
	int		 problems;
	uint64_t	 events;	/* <Event> elements found */
	unsigned long	 salt;		/* expat's hash salt, one a file */
};

static void
xml_warn(struct xml_reader *xr, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
xml_warn(struct xml_reader *xr, size_t line, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	if (xr->problems++ >= XML_WARN_MAX)
		return;
	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	if (line > 0)
		log_warnx("%s:%zu: %s", xr->path, line, msg);
	else
		log_warnx("%s: %s", xr->path, msg);
	free(msg);
}

/* The name of an element without its namespace prefix. */
static const char *
xml_local(const char *name)
{
	const char	*colon = strrchr(name, ':');

	return (colon != NULL ? colon + 1 : name);
}

static const char *
xml_attribute(const char **atts, const char *name)
{
	for (; atts[0] != NULL; atts += 2) {
		if (strcmp(xml_local(atts[0]), name) == 0)
			return (atts[1]);
	}
	return (NULL);
}

/* Append n bytes to the arena; the offset of the first. */
static size_t
xml_arena_add(struct xml_event *e, const char *s, size_t n)
{
	size_t	off = e->alen;

	if (e->acap - e->alen < n + 1) {
		while (e->acap - e->alen < n + 1)
			e->acap = e->acap == 0 ? 4096 : e->acap * 2;
		e->arena = xreallocarray(e->arena, e->acap, 1);
	}
	memcpy(e->arena + e->alen, s, n);
	e->alen += n;
	e->arena[e->alen] = '\0';
	return (off);
}

/* Keep an attribute's value: its arena offset. */
static size_t
xml_arena_string(struct xml_event *e, const char *s)
{
	size_t	off = xml_arena_add(e, s, strlen(s));

	e->alen++;		/* past its NUL */
	return (off);
}

static void
xml_text_begin(struct xml_event *e, enum xml_text t)
{
	e->text = t;
	e->text_off = xml_arena_add(e, "", 0);
	e->text_chars = 0;
}

/* The text of the element ends: it is a NUL-terminated arena string. */
static size_t
xml_text_end(struct xml_event *e)
{
	size_t	off = e->text_off;

	e->text = XML_TEXT_NONE;
	e->alen++;		/* past its NUL */
	return (off);
}

static void XMLCALL
xml_start(void *arg, const char *name, const char **atts)
{
	struct xml_event	*e = arg;
	const char		*local = xml_local(name), *a;
	size_t			 i;

	e->depth++;
	if (e->text != XML_TEXT_NONE) {
		/* Markup inside a value: its text is kept, the tags not. */
		return;
	}
	if (e->depth == 2) {
		e->section = strcmp(local, "System") == 0 ? 1 :
		    strcmp(local, "EventData") == 0 ? 2 : 0;
		return;
	}
	if (e->depth != 3)
		return;
	if (e->section == 1) {
		if (strcmp(local, "Provider") == 0) {
			if ((a = xml_attribute(atts, "Name")) != NULL ||
			    (a = xml_attribute(atts, "EventSourceName")) !=
			    NULL)
				e->provider = xml_arena_string(e, a);
		} else if (strcmp(local, "TimeCreated") == 0) {
			if ((a = xml_attribute(atts, "SystemTime")) != NULL)
				e->time = xml_arena_string(e, a);
		} else {
			for (i = 0; i < sizeof xml_system_text /
			    sizeof xml_system_text[0]; i++) {
				if (strcmp(local, xml_system_text[i].name) == 0)
					xml_text_begin(e,
					    xml_system_text[i].text);
			}
		}
	} else if (e->section == 2 && strcmp(local, "Data") == 0 &&
	    e->ndata < XML_DATA_MAX) {
		a = xml_attribute(atts, "Name");
		e->data_name[e->ndata] = a != NULL ? xml_arena_string(e, a) :
		    XML_NONE;
		xml_text_begin(e, XML_TEXT_DATA);
	}
}

/* The end of an element: a value's text goes where it belongs. */
static void XMLCALL
xml_end(void *arg, const char *name)
{
	struct xml_event	*e = arg;
	enum xml_text		 t = e->text;
	size_t			 off;

	(void)name;
	if (t != XML_TEXT_NONE && e->depth == 3) {
		off = xml_text_end(e);
		switch (t) {
		case XML_TEXT_EVENT_ID:
			e->id = off;
			break;
		case XML_TEXT_RECORD_ID:
			e->record_id = off;
			break;
		case XML_TEXT_CHANNEL:
			e->channel = off;
			break;
		case XML_TEXT_COMPUTER:
			e->computer = off;
			break;
		case XML_TEXT_DATA:
			e->data_value[e->ndata++] = off;
			break;
		case XML_TEXT_NONE:
			break;
		}
	}
	if (e->depth == 2)
		e->section = 0;
	e->depth--;
}

static void XMLCALL
xml_chars(void *arg, const char *s, int n)
{
	struct xml_event	*e = arg;
	int			 i;

	if (e->text == XML_TEXT_NONE || e->too_long)
		return;
	for (i = 0; i < n; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80 &&
		    ++e->text_chars > XML_FIELD_MAX) {
			e->too_long = 1;
			return;
		}
	}
	xml_arena_add(e, s, (size_t)n);
}

static void
xml_event_reset(struct xml_event *e)
{
	size_t	i;

	e->alen = 0;
	e->depth = 0;
	e->section = 0;
	e->text = XML_TEXT_NONE;
	e->too_long = 0;
	e->id = e->provider = e->time = e->record_id = XML_NONE;
	e->channel = e->computer = XML_NONE;
	for (i = 0; i < XML_DATA_MAX; i++)
		e->data_name[i] = e->data_value[i] = XML_NONE;
	e->ndata = 0;
}

static const char *
xml_get(const struct xml_event *e, size_t off)
{
	return (off == XML_NONE ? NULL : e->arena + off);
}

/* A number with blanks around it, as an element's text may have. */
static int
xml_number(const char *s, long long min, long long max, long long *n)
{
	char	 tmp[32];
	size_t	 len;

	if (s == NULL)
		return (-1);
	s += strspn(s, " \t\r\n");
	len = strcspn(s, " \t\r\n");
	if (len == 0 || len >= sizeof tmp || s[len + strspn(s + len,
	    " \t\r\n")] != '\0')
		return (-1);
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	return (util_strtonum(tmp, min, max, n));
}

/*
 * Fill ev from the parsed event.  Returns 0, or -1 with *why set to a
 * static string.
 */
static int
xml_fill_event(const struct xml_event *e, struct event *ev, const char **why)
{
	const struct event_def	*d;
	const char		*name;
	long long		 n;
	int			 i, k;

	memset(ev, 0, sizeof *ev);
	ev->time = UTIL_TIME_NONE;
	if (e->too_long) {
		*why = "value longer than 64 KiB";
		return (-1);
	}
	if (xml_number(xml_get(e, e->id), 0, 65535, &n) != 0) {
		*why = "System/EventID missing or not a number";
		return (-1);
	}
	ev->id = (int)n;
	ev->provider = xml_get(e, e->provider);
	ev->computer = xml_get(e, e->computer);
	ev->channel = xml_get(e, e->channel);
	if (xml_number(xml_get(e, e->record_id), 1, INT64_MAX, &n) == 0)
		ev->record_id = (uint64_t)n;
	if (e->time != XML_NONE)
		util_time_parse(xml_get(e, e->time), &ev->time);
	d = event_def_find(ev->id);
	for (i = 0; i < e->ndata; i++) {
		name = xml_get(e, e->data_name[i]);
		if (name == NULL)
			k = i;		/* positional, as EVTX stores it */
		else if (d != NULL && i < d->nfields &&
		    strcasecmp(d->fields[i].name, name) == 0)
			k = i;		/* the manifest's order, usually */
		else
			k = event_field_index(ev->id, name);
		if (k < 0 || k >= EVENT_MAX_FIELDS)
			continue;
		ev->fields[k] = xml_get(e, e->data_value[i]);
		if (k >= ev->nfields)
			ev->nfields = k + 1;
	}
	return (0);
}

static int
xml_check_event(const struct event *ev)
{
	int	i;

	if (ev->computer != NULL && !util_utf8_valid(ev->computer))
		return (-1);
	for (i = 0; i < ev->nfields; i++) {
		if (ev->fields[i] != NULL && !util_utf8_valid(ev->fields[i]))
			return (-1);
	}
	return (0);
}

/* Count one record that could not be read, begun at line. */
static void
xml_unreadable(struct xml_reader *xr, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
xml_unreadable(struct xml_reader *xr, size_t line, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	xr->src->records++;
	xr->src->unreadable++;
	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	xml_warn(xr, line, "record %llu: %s",
	    (unsigned long long)xr->src->records, msg);
	free(msg);
}

/* Parse one <Event> ... </Event> of n bytes, begun at line, and count it. */
static void
xml_handle(struct xml_reader *xr, const char *s, size_t n, size_t line)
{
	struct event	 ev, idev;
	const char	*why;

	xml_event_reset(&xr->ev);
	XML_ParserReset(xr->parser, "UTF-8");
	/*
	 * Random, but drawn once a file: expat would draw entropy for
	 * every event (a tenth of the time of a file of small events).
	 */
	XML_SetHashSalt(xr->parser, xr->salt);
	XML_SetUserData(xr->parser, &xr->ev);
	XML_SetElementHandler(xr->parser, xml_start, xml_end);
	XML_SetCharacterDataHandler(xr->parser, xml_chars);
	if (XML_Parse(xr->parser, s, (int)n, 1) != XML_STATUS_OK) {
		xml_unreadable(xr, line + XML_GetCurrentLineNumber(xr->parser) -
		    1, "%s", XML_ErrorString(XML_GetErrorCode(xr->parser)));
		return;
	}
	xr->src->records++;
	if (xml_fill_event(&xr->ev, &ev, &why) != 0) {
		xr->src->unreadable++;
		xml_warn(xr, line, "record %llu: %s",
		    (unsigned long long)xr->src->records, why);
		return;
	}
	/* Its log's window and record ids (ntlmplan-events(7)). */
	idev = ev;
	if (flows_record(xr->fl, &idev) == 1) {
		xr->src->duplicate++;
		return;
	}
	if (!event_is_ntlm(ev.id, ev.provider)) {
		flows_source_skip(xr->src, ev.id);
		return;
	}
	if (ev.time == UTIL_TIME_NONE) {
		xr->src->unreadable++;
		xml_warn(xr, line, "record %llu: event %d without a readable "
		    "time", (unsigned long long)xr->src->records, ev.id);
		return;
	}
	if (xml_check_event(&ev) != 0) {
		xr->src->unreadable++;
		xml_warn(xr, line, "record %llu: event %d: invalid UTF-8",
		    (unsigned long long)xr->src->records, ev.id);
		return;
	}
	flows_add_event(xr->fl, xr->src, &ev);
}

/*
 * Convert the UTF-16 in raw into dst (space bytes); what cannot be
 * converted becomes the byte 0xff, which expat refuses: that event is
 * unreadable.  Returns the bytes written.
 */
static size_t
xml_convert(struct xml_reader *xr, char *dst, size_t space, int at_eof)
{
	char	*in = (char *)xr->raw, *out = dst;
	size_t	 inleft = xr->nraw, outleft = space;

	while (inleft > 0 && outleft >= 4) {
		if (iconv(xr->cd, &in, &inleft, &out, &outleft) !=
		    (size_t)-1)
			break;
		if (errno == E2BIG)
			break;
		if (errno == EINVAL && !at_eof)
			break;		/* the rest of a pair comes next */
		/* EILSEQ, or a lone unit at the end: mark it. */
		*out++ = (char)0xff;
		outleft--;
		in += inleft >= 2 ? 2 : inleft;
		inleft -= inleft >= 2 ? 2 : inleft;
	}
	memmove(xr->raw, in, inleft);
	xr->nraw = inleft;
	return (space - outleft);
}

/* Read up to space (at least 4) bytes of UTF-8 into dst. */
static size_t
xml_read(struct xml_reader *xr, char *dst, size_t space)
{
	const char	*from;
	size_t		 n, out;

	if (!xr->started) {
		xr->started = 1;
		n = fread(xr->raw, 1, 3, xr->f);
		from = NULL;
		if (n >= 2 && xr->raw[0] == 0xff && xr->raw[1] == 0xfe)
			from = "UTF-16LE";
		else if (n >= 2 && xr->raw[0] == 0xfe && xr->raw[1] == 0xff)
			from = "UTF-16BE";
		if (from != NULL) {
			if ((xr->cd = iconv_open("UTF-8", from)) ==
			    (iconv_t)-1)
				fatalx("iconv_open %s: %s", from,
				    strerror(errno));
			xr->raw[0] = xr->raw[2];
			xr->nraw = n - 2;
		} else if (n == 3 && xr->raw[0] == 0xef &&
		    xr->raw[1] == 0xbb && xr->raw[2] == 0xbf)
			n = 0;		/* a UTF-8 byte order mark */
		else {
			memcpy(dst, xr->raw, n);
			return (n + fread(dst + n, 1, space - n, xr->f));
		}
	}
	if (xr->cd == (iconv_t)-1)
		return (fread(dst, 1, space, xr->f));
	for (;;) {
		n = fread(xr->raw + xr->nraw, 1, XML_RAW - xr->nraw, xr->f);
		xr->nraw += n;
		out = xml_convert(xr, dst, space, n == 0);
		if (out > 0 || n == 0)
			return (out);
	}
}

/* Read more; 0 if bytes were added, -1 at the end of the input. */
static int
xml_fill(struct xml_reader *xr)
{
	size_t	n;

	if (xr->eof)
		return (-1);
	if (xr->pos > 0) {
		memmove(xr->buf, xr->buf + xr->pos, xr->len - xr->pos);
		xr->len -= xr->pos;
		xr->pos = 0;
	}
	if (xr->cap - xr->len < XML_RAW) {
		xr->cap *= 2;
		xr->buf = xreallocarray(xr->buf, xr->cap, 1);
	}
	n = xml_read(xr, xr->buf + xr->len, xr->cap - xr->len);
	xr->len += n;
	if (n == 0) {
		if (ferror(xr->f)) {
			xml_warn(xr, 0, "read error: %s", strerror(errno));
			xr->read_error = 1;
		}
		xr->eof = 1;
		return (-1);
	}
	return (0);
}

/* Move pos forward by n bytes, counting lines. */
static void
xml_advance(struct xml_reader *xr, size_t n)
{
	const char	*p = xr->buf + xr->pos, *e = p + n, *nl;

	while ((nl = memchr(p, '\n', (size_t)(e - p))) != NULL) {
		xr->line++;
		p = nl + 1;
	}
	xr->pos += n;
}

/*
 * Find the next "<Event" start tag (not <EventData>, <Events>) from pos:
 * pos moves to it; -1 at the end of the input.
 */
static int
xml_find_start(struct xml_reader *xr)
{
	const char	*p, *b;
	size_t		 from;

	for (;;) {
		b = xr->buf + xr->pos;
		for (p = b; (p = memmem(p, xr->len - (size_t)(p - xr->buf),
		    "<Event", 6)) != NULL; p++) {
			if (p + 6 >= xr->buf + xr->len)
				break;		/* its next byte not read yet */
			if (strchr(" \t\r\n>/", p[6]) != NULL && p[6] != '\0') {
				xml_advance(xr, (size_t)(p - b));
				return (0);
			}
		}
		/* Keep what could be the start of a tag cut by the window. */
		from = xr->len - xr->pos > 6 ? xr->len - xr->pos - 6 : 0;
		xml_advance(xr, from);
		if (xml_fill(xr) != 0)
			return (-1);
	}
}

/*
 * The length of the event at pos, to the end of its "</Event>", reading
 * more as needed; 0 if it is cut off by the end of the input or longer
 * than XML_EVENT_MAX.
 */
static size_t
xml_find_end(struct xml_reader *xr, int *too_long)
{
	const char	*p;
	size_t		 scanned = 0;

	*too_long = 0;
	for (;;) {
		p = memmem(xr->buf + xr->pos + scanned, xr->len - xr->pos -
		    scanned, "</Event>", 8);
		if (p != NULL)
			return ((size_t)(p - (xr->buf + xr->pos)) + 8);
		if (xr->len - xr->pos > XML_EVENT_MAX) {
			*too_long = 1;
			return (0);
		}
		scanned = xr->len - xr->pos > 8 ? xr->len - xr->pos - 8 : 0;
		if (xml_fill(xr) != 0)
			return (0);
	}
}

int
ingest_xml_read(struct flows *fl, struct source *src, const char *path,
    FILE *f)
{
	struct xml_reader	 xr;
	size_t			 n;
	int			 too_long;

	memset(&xr, 0, sizeof xr);
	xr.fl = fl;
	xr.src = src;
	xr.path = path;
	xr.f = f;
	xr.cd = (iconv_t)-1;
	xr.cap = XML_WINDOW;
	xr.buf = xmalloc(xr.cap);
	xr.line = 1;
	if ((xr.parser = XML_ParserCreate("UTF-8")) == NULL)
		fatalx("XML_ParserCreate failed");
	if (getentropy(&xr.salt, sizeof xr.salt) != 0)
		fatalx("getentropy: %s", strerror(errno));
	while (xml_find_start(&xr) == 0) {
		xr.events++;
		n = xml_find_end(&xr, &too_long);
		if (n == 0) {
			xml_unreadable(&xr, xr.line, too_long ? "longer than "
			    "16 MiB" : "cut off: no </Event> before the end "
			    "of the file");
			xml_advance(&xr, 6);	/* past "<Event" */
			continue;
		}
		xml_handle(&xr, xr.buf + xr.pos, n, xr.line);
		xml_advance(&xr, n);
		if ((src->records & 4095) == 0)
			progress_records(src->path, src->records);
	}
	if (xr.events == 0 && !xr.read_error)
		xml_warn(&xr, 0, "no <Event> element: not Windows event XML");
	if (xr.problems > XML_WARN_MAX)
		log_warnx("%s: %d more problems not shown", path,
		    xr.problems - XML_WARN_MAX);
	XML_ParserFree(xr.parser);
	if (xr.cd != (iconv_t)-1)
		iconv_close(xr.cd);
	free(xr.buf);
	free(xr.ev.arena);
	if (xr.read_error && src->records == 0)
		return (-1);
	if (xr.problems > 0 && src->used == 0 && src->skipped == 0)
		return (-1);
	return (xr.problems);
}
