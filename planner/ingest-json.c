/*
 * ingest-json.c: NTLM events from JSON exports.
 *
 * The input is one value, an array of values, or JSON Lines (any sequence of
 * values).  It is read through a window that grows only to hold the record
 * being parsed, so memory does not depend on the size of the file; each
 * record is handed to cJSON on its own.  Four record shapes are understood:
 *
 *   system/event_data  {"system": {"provider", "event_id", "computer",
 *                      "time_created"}, "event_data": {NAME: value}}
 *   Event              {"Event": {"System": {...}, "EventData": {...}}}, as
 *                      written by evtx_dump and xmltodict-style converters
 *   Winlogbeat/ECS     {"@timestamp", "winlog": {"event_id", "provider_name",
 *                      "computer_name", "event_data"}}
 *   PowerShell         Get-WinEvent | ConvertTo-Json: {"Id", "ProviderName",
 *                      "MachineName", "TimeCreated", "Properties": [{"Value"}]}
 *
 * UTF-16 (LE or BE, after a byte order mark) is converted to UTF-8 as it is
 * read.  Invariant: every value read at the top level (or as an element of
 * a top-level array) is one record, counted as used, skipped, unreadable or
 * duplicate (flows_record: its host, channel and record id read before).
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "event.h"
#include "flows.h"
#include "ingest-json.h"
#include "jsonarena.h"
#include "jsonscan.h"
#include "jsonwalk.h"
#include "log.h"
#include "progress.h"
#include "util.h"
#include "xmalloc.h"

#define JSON_WINDOW		(1024 * 1024)
#define JSON_RECORD_MAX		(16 * 1024 * 1024)	/* one record */
#define JSON_FIELD_MAX		(64 * 1024)		/* one value */
#define JSON_WARN_MAX		10	/* detailed messages per file */
#define JSON_RAW		(64 * 1024)	/* UTF-16 read at once */
#define JSON_UTF16LE		1
#define JSON_UTF16BE		2

struct json_reader {
	struct flows	*fl;
	struct source	*src;
	const char	*path;
	FILE		*f;
	char		*buf;		/* owned window */
	size_t		 len;		/* bytes in buf */
	size_t		 pos;		/* next unread byte */
	size_t		 cap;
	int		 eof;
	int		 read_error;
	size_t		 line;		/* line and column of buf[pos] */
	size_t		 col;
	int		 problems;
	int		 in_array;	/* inside a top-level array */
	int		 started;	/* the first bytes were looked at */
	int		 multiline;	/* a value took more than a line */
	int		 utf16;		/* 0 no, JSON_UTF16LE, JSON_UTF16BE */
	unsigned char	 raw[JSON_RAW];	/* UTF-16 bytes not converted yet */
	size_t		 nraw;
};

/* A record's values as strings, for struct event. */
struct json_values {
	char	 num[EVENT_MAX_FIELDS][32];
};

static void
json_warn(struct json_reader *jr, size_t line, size_t col, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));

static void
json_warn(struct json_reader *jr, size_t line, size_t col, const char *fmt,
    ...)
{
	va_list	 ap;
	char	*msg;

	if (jr->problems++ >= JSON_WARN_MAX)
		return;
	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	log_warnx("%s:%zu:%zu: %s", jr->path, line, col, msg);
	free(msg);
}

/* Move pos forward by n bytes, keeping line and column. */
static void
json_advance(struct json_reader *jr, size_t n)
{
	const char	*p = jr->buf + jr->pos, *e = p + n, *nl, *last = NULL;

	while ((nl = memchr(p, '\n', (size_t)(e - p))) != NULL) {
		jr->line++;
		last = nl;
		p = nl + 1;
	}
	if (last != NULL)
		jr->col = (size_t)(e - last);
	else
		jr->col += n;
	jr->pos += n;
}

/* Append code point cp as UTF-8 to dst; the number of bytes. */
static size_t
json_utf8(uint32_t cp, char *dst)
{
	unsigned char	*p = (unsigned char *)dst;

	if (cp < 0x80) {
		p[0] = (unsigned char)cp;
		return (1);
	}
	if (cp < 0x800) {
		p[0] = (unsigned char)(0xc0 | cp >> 6);
		p[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return (2);
	}
	if (cp < 0x10000) {
		p[0] = (unsigned char)(0xe0 | cp >> 12);
		p[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		p[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return (3);
	}
	p[0] = (unsigned char)(0xf0 | cp >> 18);
	p[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	p[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	p[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return (4);
}

/*
 * Read up to space (at least 4) bytes of UTF-8 into dst: the file's bytes,
 * or, after a UTF-16 byte order mark (Windows PowerShell 5.1 writes its
 * redirections so), its UTF-16 converted as it streams.  A lone surrogate
 * becomes the byte 0xff, which the record's check reports as invalid.
 */
static size_t
json_read(struct json_reader *jr, char *dst, size_t space)
{
	size_t		 n, i, out = 0, total, want;
	uint32_t	 u, lo;
	unsigned char	*r = jr->raw;
	int		 at_eof;

	if (!jr->started) {
		jr->started = 1;
		n = fread(r, 1, 2, jr->f);
		if (n == 2 && r[0] == 0xff && r[1] == 0xfe)
			jr->utf16 = JSON_UTF16LE;
		else if (n == 2 && r[0] == 0xfe && r[1] == 0xff)
			jr->utf16 = JSON_UTF16BE;
		else {
			memcpy(dst, r, n);
			if (n < 2)
				return (n);
			return (n + fread(dst + n, 1, space - n, jr->f));
		}
	}
	if (!jr->utf16)
		return (fread(dst, 1, space, jr->f));
	/* Two bytes give at most three of UTF-8; four (a pair) four. */
	for (;;) {
		want = space / 3 * 2;
		if (want > JSON_RAW - jr->nraw)
			want = JSON_RAW - jr->nraw;
		n = want > 0 ? fread(r + jr->nraw, 1, want, jr->f) : 0;
		at_eof = want > 0 && n == 0;
		total = jr->nraw + n;
		for (i = 0; i + 1 < total && out + 4 <= space;) {
			u = jr->utf16 == JSON_UTF16LE ? (uint32_t)(r[i] |
			    r[i + 1] << 8) : (uint32_t)(r[i] << 8 | r[i + 1]);
			if (u >= 0xd800 && u <= 0xdbff) {
				if (i + 3 >= total && !at_eof)
					break;	/* its pair is in the next read */
				lo = i + 3 >= total ? 0 : jr->utf16 ==
				    JSON_UTF16LE ? (uint32_t)(r[i + 2] |
				    r[i + 3] << 8) : (uint32_t)(r[i + 2] << 8 |
				    r[i + 3]);
				if (lo >= 0xdc00 && lo <= 0xdfff) {
					out += json_utf8(0x10000 + ((u - 0xd800)
					    << 10) + (lo - 0xdc00), dst + out);
					i += 4;
					continue;
				}
				dst[out++] = (char)0xff;
			} else if (u >= 0xdc00 && u <= 0xdfff)
				dst[out++] = (char)0xff;
			else
				out += json_utf8(u, dst + out);
			i += 2;
		}
		if (at_eof && i < total)
			i = total;	/* an odd byte at the end */
		memmove(r, r + i, total - i);
		jr->nraw = total - i;
		if (out > 0 || at_eof)
			return (out);
	}
}

/* Read more input; returns 0 if bytes were added, -1 at end of input. */
static int
json_fill(struct json_reader *jr)
{
	size_t	n;

	if (jr->eof)
		return (-1);
	if (jr->pos > 0) {
		memmove(jr->buf, jr->buf + jr->pos, jr->len - jr->pos);
		jr->len -= jr->pos;
		jr->pos = 0;
	}
	if (jr->cap - jr->len < 4) {
		jr->cap *= 2;
		jr->buf = xreallocarray(jr->buf, jr->cap, 1);
	}
	n = json_read(jr, jr->buf + jr->len, jr->cap - jr->len);
	jr->len += n;
	if (n == 0) {
		if (ferror(jr->f)) {
			json_warn(jr, jr->line, jr->col, "read error: %s",
			    strerror(errno));
			jr->read_error = 1;
		}
		jr->eof = 1;
		return (-1);
	}
	return (0);
}

/* Skip blanks (and a UTF-8 BOM); returns the next byte or EOF. */
static int
json_peek(struct json_reader *jr)
{
	unsigned char	c;

	for (;;) {
		if (jr->pos == jr->len && json_fill(jr) != 0)
			return (EOF);
		c = (unsigned char)jr->buf[jr->pos];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			json_advance(jr, 1);
		else if (c == 0xef || c == 0xbb || c == 0xbf) {
			/* The byte order mark some exporters write. */
			jr->pos++;
		} else
			return (c);
	}
}

/* Skip to the start of the next line after an unreadable record. */
static void
json_skip_line(struct json_reader *jr)
{
	char	*nl;

	for (;;) {
		nl = memchr(jr->buf + jr->pos, '\n', jr->len - jr->pos);
		if (nl != NULL) {
			json_advance(jr, (size_t)(nl - (jr->buf + jr->pos)) + 1);
			return;
		}
		json_advance(jr, jr->len - jr->pos);
		if (json_fill(jr) != 0)
			return;
	}
}

/*
 * Skip the value at pos, however long, to its end: after a record over
 * JSON_RECORD_MAX, the records that follow it on the same line (a one-line
 * array) are still read.  Strings, brackets and braces are tracked across
 * refills; a scalar ends at a delimiter or blank.
 */
static void
json_skip_value(struct json_reader *jr)
{
	size_t	i;
	int	depth = 0, str = 0, esc = 0, started = 0;
	char	c;

	for (;;) {
		for (i = jr->pos; i < jr->len; i++) {
			c = jr->buf[i];
			if (str) {
				if (esc)
					esc = 0;
				else if (c == '\\')
					esc = 1;
				else if (c == '"') {
					str = 0;
					if (depth == 0)
						goto end;
				}
				continue;
			}
			if (c == '"')
				str = 1;
			else if (c == '{' || c == '[')
				depth++;
			else if (c == '}' || c == ']') {
				if (depth == 0)
					break;	/* the enclosing array's */
				if (--depth == 0)
					goto end;
			} else if (depth == 0 && started && (c == ',' ||
			    c == ' ' || c == '\t' || c == '\r' || c == '\n'))
				break;
			started = 1;
		}
		if (i < jr->len) {
			json_advance(jr, i - jr->pos);
			return;
		}
		json_advance(jr, jr->len - jr->pos);
		if (json_fill(jr) != 0)
			return;
	}
end:
	json_advance(jr, i + 1 - jr->pos);
}

static cJSON *
json_member(const cJSON *o, const char *name)
{
	return (cJSON_GetObjectItem(o, name));	/* case-insensitive */
}

/* The string of v, or NULL if v is not a string. */
static const char *
json_string(const cJSON *v)
{
	return (cJSON_IsString(v) ? v->valuestring : NULL);
}

/* Decimal form of v into num (32 bytes): snprintf is slow in a hot loop. */
static void
json_format_integer(long long v, char *num)
{
	char			 tmp[24];
	unsigned long long	 u = v < 0 ? 0ULL - (unsigned long long)v :
				     (unsigned long long)v;
	size_t			 n = 0, i = 0;

	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		num[i++] = '-';
	while (n > 0)
		num[i++] = tmp[--n];
	num[i] = '\0';
}

/* String form of a scalar JSON value, or NULL if it has none. */
static const char *
json_scalar(const cJSON *v, char *num)
{
	double	d;

	if (v == NULL || cJSON_IsNull(v))
		return (NULL);
	if (cJSON_IsString(v))
		return (v->valuestring);
	if (cJSON_IsBool(v))
		return (cJSON_IsTrue(v) ? "true" : "false");
	if (cJSON_IsNumber(v)) {
		d = v->valuedouble;
		if (d == floor(d) && fabs(d) < 9e15)
			json_format_integer((long long)d, num);
		else
			snprintf(num, 32, "%.17g", d);
		return (num);
	}
	/* {"#text": ...} (xmltodict) or {"Value": ...} (.NET objects). */
	if (cJSON_IsObject(v)) {
		if (json_member(v, "#text") != NULL)
			return (json_scalar(json_member(v, "#text"), num));
		if (json_member(v, "Value") != NULL)
			return (json_scalar(json_member(v, "Value"), num));
	}
	return (NULL);
}

/* An attribute in the converters' spellings: #attributes.X, @X or X. */
static const cJSON *
json_attribute(const cJSON *o, const char *name)
{
	const cJSON	*a;
	char		 at[64];

	if (o == NULL || !cJSON_IsObject(o))
		return (NULL);
	if ((a = json_member(json_member(o, "#attributes"), name)) != NULL)
		return (a);
	snprintf(at, sizeof at, "@%s", name);
	if ((a = json_member(o, at)) != NULL)
		return (a);
	return (json_member(o, name));
}

static int
json_event_id(const cJSON *v, int *id)
{
	char		 num[32];
	const char	*s;
	long long	 n;

	if ((s = json_scalar(v, num)) == NULL ||
	    util_strtonum(s, 0, 65535, &n) != 0)
		return (-1);
	*id = (int)n;
	return (0);
}

/* EventRecordID from v (a number or a string), 0 if none. */
static uint64_t
json_record_id(const cJSON *v)
{
	char		 num[32];
	const char	*s;
	long long	 n;

	if ((s = json_scalar(v, num)) == NULL ||
	    util_strtonum(s, 1, INT64_MAX, &n) != 0)
		return (0);
	return ((uint64_t)n);
}

/*
 * Set field name of ev from v; unknown names are not EventData we use.  The
 * exporters keep the manifest's order, so position hint is tried first.
 */
static void
json_set_named(struct event *ev, struct json_values *vals, const char *name,
    const cJSON *v, int hint)
{
	const struct event_def	*d;
	int			 i;

	if ((d = event_def_find(ev->id)) == NULL)
		return;
	if (hint >= 0 && hint < d->nfields &&
	    strcasecmp(d->fields[hint].name, name) == 0)
		i = hint;
	else if ((i = event_field_index(ev->id, name)) < 0)
		return;
	ev->fields[i] = json_scalar(v, vals->num[i]);
	if (i >= ev->nfields)
		ev->nfields = i + 1;
}

/* EventData as {NAME: value} or {"Data": [{"@Name": N, "#text": v}]}. */
static void
json_event_data(struct event *ev, struct json_values *vals, const cJSON *data)
{
	const cJSON	*item, *name, *list;
	int		 i = 0;

	if (data == NULL || !cJSON_IsObject(data))
		return;
	list = json_member(data, "Data");
	if (list != NULL && (cJSON_IsArray(list) || cJSON_IsObject(list)) &&
	    json_attribute(cJSON_IsArray(list) ? list->child : list,
	    "Name") != NULL) {
		if (cJSON_IsObject(list)) {
			name = json_attribute(list, "Name");
			if (cJSON_IsString(name))
				json_set_named(ev, vals, name->valuestring,
				    list, 0);
			return;
		}
		cJSON_ArrayForEach(item, list) {
			name = json_attribute(item, "Name");
			if (cJSON_IsString(name))
				json_set_named(ev, vals, name->valuestring,
				    item, i);
			i++;
		}
		return;
	}
	cJSON_ArrayForEach(item, data) {
		if (item->string != NULL)
			json_set_named(ev, vals, item->string, item, i);
		i++;
	}
}

/*
 * Fill ev from record o.  Returns 0, or -1 with *why set to a static string
 * for a record of no known shape or without its essential members.
 */
static int
json_record(const cJSON *o, struct event *ev, struct json_values *vals,
    const char **why)
{
	const cJSON	*sys, *w, *props, *item, *t;
	int		 i;

	memset(ev, 0, sizeof *ev);
	ev->time = UTIL_TIME_NONE;
	if (!cJSON_IsObject(o)) {
		*why = "record is not a JSON object";
		return (-1);
	}
	if ((sys = json_member(o, "system")) != NULL && cJSON_IsObject(sys) &&
	    json_member(o, "Event") == NULL) {
		/* system/event_data. */
		if (json_event_id(json_member(sys, "event_id"), &ev->id) != 0) {
			*why = "system.event_id missing or not a number";
			return (-1);
		}
		ev->provider = json_string(json_member(sys, "provider"));
		if (ev->provider == NULL)
			ev->provider = json_string(json_attribute(
			    json_member(sys, "provider"), "Name"));
		ev->computer = json_string(json_member(sys, "computer"));
		ev->channel = json_string(json_member(sys, "channel"));
		ev->record_id = json_record_id(json_member(sys,
		    "event_record_id"));
		t = json_member(sys, "time_created");
		if (t == NULL)
			t = json_member(sys, "timestamp");
		if (t == NULL)
			t = json_member(o, "timestamp");
		if (cJSON_IsString(t))
			util_time_parse(t->valuestring, &ev->time);
		json_event_data(ev, vals, json_member(o, "event_data"));
		return (0);
	}
	if ((w = json_member(o, "Event")) != NULL && cJSON_IsObject(w) &&
	    (sys = json_member(w, "System")) != NULL) {
		/* evtx_dump / xmltodict. */
		if (json_event_id(json_member(sys, "EventID"), &ev->id) != 0) {
			*why = "Event.System.EventID missing or not a number";
			return (-1);
		}
		ev->provider = json_string(json_attribute(
		    json_member(sys, "Provider"), "Name"));
		ev->computer = json_string(json_member(sys, "Computer"));
		ev->channel = json_string(json_member(sys, "Channel"));
		ev->record_id = json_record_id(json_member(sys,
		    "EventRecordID"));
		t = json_attribute(json_member(sys, "TimeCreated"),
		    "SystemTime");
		if (cJSON_IsString(t))
			util_time_parse(t->valuestring, &ev->time);
		json_event_data(ev, vals, json_member(w, "EventData"));
		return (0);
	}
	if ((w = json_member(o, "winlog")) != NULL && cJSON_IsObject(w)) {
		/* Winlogbeat / Elastic Common Schema. */
		if (json_event_id(json_member(w, "event_id"), &ev->id) != 0) {
			*why = "winlog.event_id missing or not a number";
			return (-1);
		}
		ev->provider = json_string(json_member(w, "provider_name"));
		ev->computer = json_string(json_member(w, "computer_name"));
		ev->channel = json_string(json_member(w, "channel"));
		ev->record_id = json_record_id(json_member(w, "record_id"));
		t = json_member(o, "@timestamp");
		if (cJSON_IsString(t))
			util_time_parse(t->valuestring, &ev->time);
		json_event_data(ev, vals, json_member(w, "event_data"));
		return (0);
	}
	if ((props = json_member(o, "Properties")) != NULL &&
	    json_member(o, "Id") != NULL) {
		/* PowerShell Get-WinEvent | ConvertTo-Json: positional. */
		if (json_event_id(json_member(o, "Id"), &ev->id) != 0) {
			*why = "Id is not a number";
			return (-1);
		}
		ev->provider = json_string(json_member(o, "ProviderName"));
		t = json_member(o, "TimeCreated");
		if (cJSON_IsString(t))
			util_time_parse(t->valuestring, &ev->time);
		else if (cJSON_IsObject(t) && cJSON_IsString(json_member(t,
		    "value")))
			util_time_parse(json_member(t, "value")->valuestring,
			    &ev->time);
		i = 0;
		cJSON_ArrayForEach(item, props) {
			if (i == EVENT_MAX_FIELDS)
				break;
			ev->fields[i] = json_scalar(cJSON_IsObject(item) ?
			    json_member(item, "Value") : item, vals->num[i]);
			i++;
		}
		ev->nfields = i;
		ev->computer = json_string(json_member(o, "MachineName"));
		ev->channel = json_string(json_member(o, "LogName"));
		ev->record_id = json_record_id(json_member(o, "RecordId"));
		return (0);
	}
	*why = "unknown JSON shape (expected system/event_data, Event, "
	    "winlog or PowerShell Id/Properties)";
	return (-1);
}

/*
 * Valid UTF-8 as PCRE2 checks it (no overlong forms or surrogates: site
 * rules match these values), no longer than JSON_FIELD_MAX characters.
 */
static int
json_check_string(const char *s, const char **why)
{
	const unsigned char	*p;
	size_t			 n = 0;

	if (!util_utf8_valid(s)) {
		*why = "invalid UTF-8";
		return (-1);
	}
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if ((*p & 0xc0) != 0x80 && ++n > JSON_FIELD_MAX) {
			*why = "value longer than 64 KiB";
			return (-1);
		}
	}
	return (0);
}

static int
json_check_event(const struct event *ev, const char **why)
{
	int	i;

	if (ev->computer != NULL && json_check_string(ev->computer, why) != 0)
		return (-1);
	for (i = 0; i < ev->nfields; i++) {
		if (ev->fields[i] != NULL &&
		    json_check_string(ev->fields[i], why) != 0)
			return (-1);
	}
	return (0);
}

/* Count and use one parsed record that began at line:col. */
static void
json_handle(struct json_reader *jr, const cJSON *o, size_t line, size_t col)
{
	struct event		 ev, idev;
	struct json_values	 vals;
	const char		*why;

	jr->src->records++;
	if (json_record(o, &ev, &vals, &why) != 0) {
		jr->src->unreadable++;
		json_warn(jr, line, col, "record %llu: %s",
		    (unsigned long long)jr->src->records, why);
		return;
	}
	/* Its log's window and record ids (ntlmplan-events(7)). */
	idev = ev;
	if (idev.computer != NULL && json_check_string(idev.computer,
	    &why) != 0)
		idev.computer = NULL;
	if (idev.channel != NULL && json_check_string(idev.channel, &why) != 0)
		idev.channel = NULL;
	if (flows_record(jr->fl, &idev) == 1) {
		jr->src->duplicate++;
		return;
	}
	if (!event_is_ntlm(ev.id, ev.provider)) {
		flows_source_skip(jr->src, ev.id);
		return;
	}
	if (ev.time == UTIL_TIME_NONE) {
		jr->src->unreadable++;
		json_warn(jr, line, col, "record %llu: event %d without a "
		    "readable time", (unsigned long long)jr->src->records,
		    ev.id);
		return;
	}
	if (json_check_event(&ev, &why) != 0) {
		jr->src->unreadable++;
		json_warn(jr, line, col, "record %llu: event %d: %s",
		    (unsigned long long)jr->src->records, ev.id, why);
		return;
	}
	flows_add_event(jr->fl, jr->src, &ev);
}

/* Count one record that could not be parsed. */
static void
json_unreadable(struct json_reader *jr, size_t line, size_t col,
    const char *what)
{
	jr->src->records++;
	jr->src->unreadable++;
	json_warn(jr, line, col, "record %llu: %s",
	    (unsigned long long)jr->src->records, what);
}

/* The next byte (filling the window), or EOF; pos does not move. */
static int
json_byte(struct json_reader *jr)
{
	if (jr->pos == jr->len && json_fill(jr) != 0)
		return (EOF);
	return ((unsigned char)jr->buf[jr->pos]);
}

/*
 * After a broken element of a top-level array that began at line:col, find
 * the next element: in a pretty-printed array (PowerShell's ConvertTo-Json)
 * the next line whose first character is at the element's column, after a
 * comma, or the array's end left of it; in a compact one the next comma at
 * the element's depth.  Only the broken element is lost; if no element is
 * found, say how much of the file was.
 */
static void
json_resync(struct json_reader *jr, size_t line, size_t col, int first)
{
	size_t	lost_line = jr->line, c;
	int	b, prev = 0, depth = 0, instr = 0, esc = 0;

	if (first) {
		for (;;) {
			/* The rest of this line, then the next's indent. */
			while ((b = json_byte(jr)) != EOF && b != '\n') {
				if (b != ' ' && b != '\t' && b != '\r')
					prev = b;
				json_advance(jr, 1);
			}
			if (b == EOF)
				break;
			json_advance(jr, 1);
			c = 1;
			while ((b = json_byte(jr)) == ' ' || b == '\t') {
				json_advance(jr, 1);
				c++;
			}
			if (b == EOF)
				break;
			if ((c == col && b == '{' && prev == ',') || c < col)
				return;
		}
	} else {
		while ((b = json_byte(jr)) != EOF) {
			if (instr) {
				if (esc)
					esc = 0;
				else if (b == '\\')
					esc = 1;
				else if (b == '"')
					instr = 0;
			} else if (b == '"')
				instr = 1;
			else if (b == '{' || b == '[')
				depth++;
			else if ((b == '}' || b == ']') && --depth < 0)
				return;		/* the array's end */
			else if (b == ',' && depth == 0) {
				json_advance(jr, 1);
				return;
			}
			json_advance(jr, 1);
		}
	}
	json_warn(jr, line, col, "no element of the top-level array found "
	    "after this one: lines %zu to %zu (the end) lost", lost_line,
	    jr->line);
}

/*
 * True if the JSON text of a record writes a NUL (\u0000) in a string:
 * cJSON would cut the string there (a name "SRV1\u0000evil" read as SRV1).
 */
static int
json_has_nul(const char *p, size_t len)
{
	const char	*end = p + len, *q, *b;

	for (q = p; (q = memmem(q, (size_t)(end - q), "\\u0000", 6)) != NULL;
	    q++) {
		/* The backslash is an escape if an even number precede it. */
		for (b = q; b > p && b[-1] == '\\'; b--)
			;
		if ((q - b) % 2 == 0)
			return (1);
	}
	return (0);
}

/*
 * Read the value at pos and handle it.  cJSON says where a value ends; only
 * when it fails is the value's extent scanned, to tell a value cut off by
 * the end of the window (read more) from invalid JSON (skip it).  In JSON
 * Lines (no value so far took more than a line) a broken value costs its
 * line only; in a top-level array, that element only (json_resync).
 */
static void
json_one(struct json_reader *jr, int first)
{
	const char	*errp, *start, *nl;
	size_t		 n, line = jr->line, col = jr->col, eline, ecol;
	size_t		 eoff = 0, linelen;
	cJSON		*o;
	int		 r, nul, jsonl = !jr->in_array && !jr->multiline;

	for (;;) {
		start = jr->buf + jr->pos;
		jsonarena_reset();
		o = cJSON_ParseWithLengthOpts(start, jr->len - jr->pos, &errp,
		    0);
		if (o != NULL && (errp < jr->buf + jr->len || jr->eof)) {
			n = (size_t)(errp - start);
			if (memchr(start, '\n', n) != NULL)
				jr->multiline = 1;
			nul = json_has_nul(start, n);
			json_advance(jr, n);
			if (nul)
				json_unreadable(jr, line, col, "a string "
				    "holds a NUL (\\u0000), which would cut it "
				    "short");
			else
				json_handle(jr, o, line, col);
			cJSON_Delete(o);
			return;
		}
		eoff = errp != NULL && errp >= start ? (size_t)(errp - start) :
		    0;
		cJSON_Delete(o);
		r = jsonscan_value(start, jr->len - jr->pos, &n);
		if (r == JSONSCAN_ERROR) {
			json_unreadable(jr, line, col, "unexpected character");
			if (jr->in_array) {
				json_advance(jr, 1);
				json_resync(jr, line, col, first);
			} else
				json_skip_line(jr);
			return;
		}
		if (r == JSONSCAN_DONE && o == NULL)
			break;
		/* JSON Lines: a value does not go on past its line. */
		if (jsonl && o == NULL &&
		    memchr(start, '\n', jr->len - jr->pos) != NULL)
			break;
		/* The value goes on past the window: read more. */
		if (jr->len - jr->pos > JSON_RECORD_MAX) {
			json_unreadable(jr, line, col, "longer than 16 MiB");
			json_skip_value(jr);
			return;
		}
		if (json_fill(jr) != 0) {
			if (o != NULL)
				continue;	/* a scalar at the very end */
			n = jr->len - jr->pos;
			break;
		}
	}
	start = jr->buf + jr->pos;
	if (jsonl) {
		/* The error on the value's line, or that line's end. */
		nl = memchr(start, '\n', jr->len - jr->pos);
		linelen = nl != NULL ? (size_t)(nl - start) : jr->len - jr->pos;
		json_unreadable(jr, line, col + (eoff < linelen ? eoff :
		    linelen), eoff < linelen && jsonwalk_too_deep(start,
		    eoff) ? JSONWALK_TOO_DEEP : "invalid JSON");
		json_skip_line(jr);
		return;
	}
	/* Invalid JSON: locate cJSON's error within the value. */
	eline = line;
	ecol = col;
	if (eoff <= n) {
		jsonscan_position(start, eoff, &eline, &ecol);
		ecol = eline == 1 ? col + ecol - 1 : ecol;
		eline = line + eline - 1;
	}
	json_unreadable(jr, eline, ecol, eoff < jr->len - jr->pos &&
	    jsonwalk_too_deep(start, eoff) ? JSONWALK_TOO_DEEP :
	    "invalid JSON");
	if (jr->in_array) {
		/* Compact: scan the element from its start, depth 0. */
		if (first)
			json_advance(jr, 1);
		json_resync(jr, line, col, first);
		return;
	}
	json_advance(jr, n);
	json_skip_line(jr);
}

/* True if only blanks precede pos on its line (as far as the window holds). */
static int
json_first_on_line(const struct json_reader *jr)
{
	size_t	i = jr->pos;

	while (i > 0 && (jr->buf[i - 1] == ' ' || jr->buf[i - 1] == '\t'))
		i--;
	return (i == 0 || jr->buf[i - 1] == '\n');
}

int
ingest_json_read(struct flows *fl, struct source *src, const char *path,
    FILE *f)
{
	struct json_reader	jr;
	int			c;

	memset(&jr, 0, sizeof jr);
	jr.fl = fl;
	jr.src = src;
	jr.path = path;
	jr.f = f;
	jr.cap = JSON_WINDOW;
	jr.buf = xmalloc(jr.cap);
	jr.line = jr.col = 1;
	jsonarena_begin();
	while ((c = json_peek(&jr)) != EOF) {
		if (!jr.in_array && c == '[' && jr.src->records == 0 &&
		    jr.problems == 0) {
			/* A top-level array: its elements are the records. */
			jr.in_array = 1;
			json_advance(&jr, 1);
			continue;
		}
		if (jr.in_array && (c == ',' || c == ']')) {
			if (c == ']')
				jr.in_array = 2;
			json_advance(&jr, 1);
			continue;
		}
		if (jr.in_array == 2) {
			json_warn(&jr, jr.line, jr.col, "data after the "
			    "closing ']' of the top-level array");
			break;
		}
		json_one(&jr, json_first_on_line(&jr));
		if ((src->records & 4095) == 0)
			progress_records(src->path, src->records);
	}
	if (jr.in_array == 1)
		json_warn(&jr, jr.line, jr.col, "unterminated top-level array");
	if (jr.problems > JSON_WARN_MAX)
		log_warnx("%s: %d more problems not shown", path,
		    jr.problems - JSON_WARN_MAX);
	free(jr.buf);
	jsonarena_end();
	if (jr.read_error && src->records == 0)
		return (-1);
	if (jr.problems > 0 && src->used == 0 && src->skipped == 0)
		return (-1);
	return (jr.problems);
}
