/*
 * ingest-siem.c: flows from a SIEM's own aggregation of the NTLM events.
 *
 * The queries of "ntlmplan queries" (queries.c) make the SIEM aggregate the
 * events to ntlmplan's flow key; their result is one row per flow with its
 * count, first and last time and its events per hour.  This module reads
 * such a result as each product exports it: CSV (a header naming the
 * columns, RFC 4180 quoting; Sentinel and Log Analytics, Splunk, Kibana),
 * or JSON (an array of objects or JSON Lines, Splunk's {"result": {...}}
 * lines, the Log Analytics API's tables/columns/rows, ES|QL's
 * columns/values).  Columns are found by name, in any order; unknown ones
 * are ignored.
 *
 * A row becomes an event of its id whose fields are the role columns put
 * back at their positions in the event table, so that flows_prepare derives
 * its flow key exactly as for a raw event; the flow gets the row's count,
 * times and a time profile rebuilt from the hours.  Invariant: every row is
 * one record of the source, counted as used, skipped or unreadable.  A row
 * has no record id: the source is marked pre-aggregated.  The result is
 * read whole (at most SIEM_FILE_MAX bytes): it holds one row per flow.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "event.h"
#include "flows.h"
#include "ingest-siem.h"
#include "log.h"
#include "util.h"
#include "xmalloc.h"

#define SIEM_FILE_MAX	(1024LL * 1024 * 1024)
#define SIEM_WARN_MAX	10
#define SIEM_NUM	32	/* bytes of a number written as text */

#define ROLE(n, r)	{ (n), SIEM_ROLE, EVENT_ROLE_##r, 0 }

/* The columns, in the order the queries write them. */
static const struct siem_column siem_columns[] = {
	{ "event_id", SIEM_EVENT_ID, EVENT_ROLE_NONE, 1 },
	{ "computer", SIEM_COMPUTER, EVENT_ROLE_NONE, 1 },
	ROLE("server", SERVER),
	ROLE("workstation", CLIENT),
	ROLE("user", ACCOUNT),
	ROLE("domain", DOMAIN),
	ROLE("process", PROCESS),
	ROLE("logon_type", LOGON_TYPE),
	ROLE("in_proc", IN_PROC),
	ROLE("mechanism", MECHANISM),
	ROLE("schannel_type", SCHANNEL_TYPE),
	ROLE("ntlm_version", NTLM_VERSION),
	ROLE("usage_id", USAGE_ID),
	ROLE("usage_reason", USAGE_REASON),
	ROLE("client_ip", CLIENT_IP),
	ROLE("target_ip", TARGET_IP),
	ROLE("mic", MIC),
	ROLE("channel_binding", CHANNEL_BINDING),
	ROLE("status", STATUS),
	ROLE("package", PACKAGE),
	{ "count", SIEM_COUNT, EVENT_ROLE_NONE, 1 },
	{ "first_seen", SIEM_FIRST, EVENT_ROLE_NONE, 1 },
	{ "last_seen", SIEM_LAST, EVENT_ROLE_NONE, 1 },
	{ "hours", SIEM_HOURS, EVENT_ROLE_NONE, 0 }
};
#define SIEM_NCOLUMNS	(sizeof siem_columns / sizeof siem_columns[0])

struct siem_reader {
	struct flows	*fl;
	struct source	*src;
	const char	*path;
	int		 problems;
	int		 map[SIEM_NCOLUMNS];	/* column -> field of the row */
};

const struct siem_column *
ingest_siem_columns(size_t *n)
{
	*n = SIEM_NCOLUMNS;
	return (siem_columns);
}

static void
siem_warn(struct siem_reader *sr, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
siem_warn(struct siem_reader *sr, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	if (sr->problems++ >= SIEM_WARN_MAX)
		return;
	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	log_warnx("%s: %s", sr->path, msg);
	free(msg);
}

/* The column named name (quotes and blanks around it gone), or -1. */
static int
siem_column_find(const char *name, size_t len)
{
	size_t	i;

	while (len > 0 && strchr(" \t\"", *name) != NULL) {
		name++;
		len--;
	}
	while (len > 0 && strchr(" \t\r\"", name[len - 1]) != NULL)
		len--;
	for (i = 0; i < SIEM_NCOLUMNS; i++) {
		if (strlen(siem_columns[i].name) == len &&
		    strncasecmp(siem_columns[i].name, name, len) == 0)
			return ((int)i);
	}
	return (-1);
}

int
ingest_siem_sniff(const char *text)
{
	const char	*p, *end;
	size_t		 i;
	int		 c, seen[SIEM_NCOLUMNS];

	memset(seen, 0, sizeof seen);
	if (strstr(text, "\"" FLOWS_FORMAT "\"") != NULL)
		return (0);
	if (text[0] == '{' || text[0] == '[') {
		/* JSON: every required column named as a member or name. */
		for (i = 0; i < SIEM_NCOLUMNS; i++) {
			if (!siem_columns[i].required)
				continue;
			for (p = text; (p = strstr(p, siem_columns[i].name)) !=
			    NULL; p++) {
				if (p > text && p[-1] == '"' &&
				    p[strlen(siem_columns[i].name)] == '"')
					break;
			}
			if (p == NULL)
				return (0);
		}
		return (1);
	}
	/* CSV: the header line. */
	end = text + strcspn(text, "\n");
	for (p = text; p < end; p = p + strcspn(p, ",\n") + 1) {
		c = siem_column_find(p, strcspn(p, ",\n"));
		if (c >= 0)
			seen[c] = 1;
		if (p[strcspn(p, ",\n")] != ',')
			break;
	}
	for (i = 0; i < SIEM_NCOLUMNS; i++) {
		if (siem_columns[i].required && !seen[i])
			return (0);
	}
	return (1);
}

/* A time: ISO 8601, or seconds since 1970 (Splunk's _time). */
static int
siem_time(const char *s, int64_t *t)
{
	char	*end;
	double	 d;

	if (s == NULL || *s == '\0')
		return (-1);
	if (util_time_parse(s, t) == 0)
		return (0);
	errno = 0;
	d = strtod(s, &end);
	if (errno != 0 || *end != '\0' || end == s || !isfinite(d) ||
	    d < -11644473600.0 || d > 253402300799.0)
		return (-1);
	*t = (int64_t)(d * 1e6 + (d < 0 ? -0.5 : 0.5));
	return (0);
}

/* The hour a cell names: "YYYY-MM-DDTHH" (or a blank for T), or seconds. */
static int
siem_hour(const char *s, size_t len, int64_t *t)
{
	char	 buf[40];

	if (len == 0 || len >= 24)
		return (-1);
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (len == 13 && (buf[10] == 'T' || buf[10] == ' ') &&
	    buf[4] == '-' && buf[7] == '-') {
		buf[10] = 'T';
		memcpy(buf + 13, ":00:00Z", sizeof ":00:00Z");
		return (util_time_parse(buf, t));
	}
	return (siem_time(buf, t));
}

/* A day cell's place in a sorted array of day keys and counts. */
struct siem_day {
	int64_t		 day;
	uint64_t	 count;
};

static int
siem_day_compare(const void *a, const void *b)
{
	const struct siem_day	*x = a, *y = b;

	return (x->day < y->day ? -1 : x->day > y->day);
}

/*
 * Build p from the hours column ("KEY=N" cells, ';', ',' or blanks
 * between); their counts must add up to count.  Returns 0, or -1 with *why
 * set.  p->cells is owned by the caller.
 */
static int
siem_profile(const char *s, uint64_t count, struct flow_profile *p,
    const char **why)
{
	uint64_t	 hours[FLOWS_PROFILE_HOURS], sum = 0;
	struct siem_day	*days = NULL;
	size_t		 ndays = 0, adays = 0, i, k, len, first;
	long long	 n;
	const char	*eq, *err;
	char		 num[SIEM_NUM];
	int64_t		 t;

	memset(hours, 0, sizeof hours);
	memset(p, 0, sizeof *p);
	err = "hours: a cell is not HOUR=COUNT";
	for (;;) {
		s += strspn(s, "; ,\t\r\n[]\"");
		if (*s == '\0')
			break;
		len = strcspn(s, "; ,\t\r\n[]\"");
		if ((eq = memchr(s, '=', len)) == NULL ||
		    (size_t)(s + len - eq - 1) >= sizeof num)
			goto fail;
		memcpy(num, eq + 1, (size_t)(s + len - eq - 1));
		num[s + len - eq - 1] = '\0';
		if (siem_hour(s, (size_t)(eq - s), &t) != 0 ||
		    util_strtonum(num, 1, (long long)FLOWS_PROFILE_COUNT_MAX,
		    &n) != 0)
			goto fail;
		sum += (uint64_t)n;
		if (sum > count) {
			err = "hours: the cells add up to more than count";
			goto fail;
		}
		hours[flows_weekhour(t)] += (uint64_t)n;
		days = xgrow(days, ndays + 1, &adays, sizeof *days);
		days[ndays].day = flows_day(t);
		days[ndays++].count = (uint64_t)n;
		s += len;
	}
	if (sum != count) {
		err = "hours: the cells do not add up to count";
		goto fail;
	}
	qsort(days, ndays, sizeof *days, siem_day_compare);
	for (i = k = 0; i < ndays; i++) {	/* one cell a day */
		if (k > 0 && days[k - 1].day == days[i].day)
			days[k - 1].count += days[i].count;
		else
			days[k++] = days[i];
	}
	ndays = k;
	first = ndays > FLOWS_PROFILE_DAYS ? ndays - FLOWS_PROFILE_DAYS : 0;
	p->cells = xcalloc(FLOWS_PROFILE_HOURS + FLOWS_PROFILE_DAYS,
	    sizeof *p->cells);
	for (i = 0; i < FLOWS_PROFILE_HOURS; i++) {
		if (hours[i] > FLOWS_PROFILE_COUNT_MAX) {
			err = "hours: a count too large";
			goto fail;
		}
		if (hours[i] > 0)
			p->cells[p->nhours++] = (uint64_t)i << 40 | hours[i];
	}
	for (i = 0; i < ndays; i++) {
		if (i < first)
			p->earlier += days[i].count;
		else if (days[i].count > FLOWS_PROFILE_COUNT_MAX) {
			err = "hours: a count too large";
			goto fail;
		} else
			p->cells[p->nhours + p->ndays++] = (uint64_t)
			    (FLOWS_PROFILE_DAY0 + days[i].day) << 40 |
			    days[i].count;
	}
	p->acells = (uint16_t)(FLOWS_PROFILE_HOURS + FLOWS_PROFILE_DAYS);
	free(days);
	return (0);
fail:
	*why = err;
	free(days);
	free(p->cells);
	p->cells = NULL;
	return (-1);
}

/* Count row (values by column, NULL absent) as a flow of the source. */
static void
siem_row(struct siem_reader *sr, const char *const *v)
{
	const struct event_def	*d = NULL;
	struct flow_profile	 prof, *pp = NULL;
	struct flow_prep	 prep;
	struct event		 ev;
	const char		*why = NULL;
	long long		 id = 0, count = 0;
	int64_t			 first = 0, last = 0;
	size_t			 i;
	int			 pos;

	sr->src->records++;
	memset(&ev, 0, sizeof ev);
	memset(&prof, 0, sizeof prof);
	if (v[0] == NULL || util_strtonum(v[0], 0, 65535, &id) != 0)
		why = "event_id missing or not a number";
	else if (v[1] == NULL || *v[1] == '\0' || !util_utf8_valid(v[1]))
		why = "computer missing";
	if (why == NULL && (d = event_def_find((int)id)) == NULL) {
		flows_source_skip(sr->src, (int)id);
		return;
	}
	for (i = 0; why == NULL && i < SIEM_NCOLUMNS; i++) {
		switch (siem_columns[i].kind) {
		case SIEM_COUNT:
			if (v[i] == NULL || util_strtonum(v[i], 1, INT64_MAX,
			    &count) != 0)
				why = "count missing or not a number";
			break;
		case SIEM_FIRST:
			if (siem_time(v[i], &first) != 0)
				why = "first_seen missing or not a time";
			break;
		case SIEM_LAST:
			if (siem_time(v[i], &last) != 0)
				why = "last_seen missing or not a time";
			break;
		case SIEM_ROLE:
			if (v[i] != NULL && !util_utf8_valid(v[i]))
				why = "invalid UTF-8";
			else if (v[i] != NULL && *v[i] != '\0' &&
			    (pos = event_def_role(d, siem_columns[i].role)) >=
			    0 && pos < EVENT_MAX_FIELDS) {
				ev.fields[pos] = v[i];
				if (pos >= ev.nfields)
					ev.nfields = pos + 1;
			}
			break;
		default:
			break;
		}
	}
	if (why == NULL && (first > last || !util_time_valid(first) ||
	    !util_time_valid(last)))
		why = "first_seen after last_seen, or out of range";
	for (i = 0; why == NULL && i < SIEM_NCOLUMNS; i++) {
		if (siem_columns[i].kind == SIEM_HOURS && v[i] != NULL &&
		    *v[i] != '\0') {
			if (siem_profile(v[i], (uint64_t)count, &prof,
			    &why) == 0)
				pp = &prof;
		}
	}
	if (why != NULL) {
		sr->src->unreadable++;
		siem_warn(sr, "row %llu: %s",
		    (unsigned long long)sr->src->records, why);
		return;
	}
	ev.id = (int)id;
	ev.provider = d->provider;
	ev.computer = v[1];
	ev.time = first;
	flows_prepare(&ev, &prep);
	if (prep.rc != 0) {
		flows_source_skip(sr->src, ev.id);
		free(prof.cells);
		return;
	}
	flows_add_flow(sr->fl, &prep.key, (uint64_t)count, first, last, pp);
	free(prof.cells);
	sr->src->used++;
	if (sr->src->first_seen == UTIL_TIME_NONE || first <
	    sr->src->first_seen)
		sr->src->first_seen = first;
	if (sr->src->last_seen == UTIL_TIME_NONE || last > sr->src->last_seen)
		sr->src->last_seen = last;
	flows_source_logged_by(sr->src, prep.key.logged_by);
}

/*
 * CSV: the next field of the line at *pp into out (unquoted, "" unescaped);
 * *pp moves past its comma.  Returns 1 if the record goes on, 0 at its
 * end, -1 at the end of the input.  Quoted fields may hold newlines.
 */
static int
siem_csv_field(char **pp, char **out)
{
	char	*p = *pp, *w;

	if (*p == '\0')
		return (-1);
	if (*p == '"') {
		*out = w = ++p;
		for (;;) {
			if (*p == '\0')
				break;
			if (*p == '"' && p[1] == '"') {
				*w++ = '"';
				p += 2;
			} else if (*p == '"') {
				p++;
				break;
			} else
				*w++ = *p++;
		}
		/* Anything up to the delimiter after the quote is dropped. */
		p += strcspn(p, ",\n");
		*w = '\0';
	} else {
		*out = p;
		p += strcspn(p, ",\n");
	}
	if (p > *out && p[-1] == '\r' && *p != ',')
		p[-1] = '\0';
	if (*p == ',') {
		*p = '\0';
		*pp = p + 1;
		return (1);
	}
	if (*p == '\n')
		*p++ = '\0';
	*pp = p;
	return (0);
}

/* Read CSV in buf (NUL-terminated, modified). */
static void
siem_read_csv(struct siem_reader *sr, char *buf)
{
	const char	*v[SIEM_NCOLUMNS];
	char		*p = buf, *field;
	int		 ncols = 0, i, c, r, *colof = NULL;
	size_t		 k;

	/* The header: each field's column, -1 if not one of ours. */
	do {
		if ((r = siem_csv_field(&p, &field)) < 0)
			break;
		colof = xreallocarray(colof, (size_t)ncols + 1,
		    sizeof *colof);
		colof[ncols++] = siem_column_find(field, strlen(field));
	} while (r == 1);
	while (*p != '\0') {
		for (k = 0; k < SIEM_NCOLUMNS; k++)
			v[k] = NULL;
		i = 0;
		do {
			if ((r = siem_csv_field(&p, &field)) < 0)
				break;
			if (i < ncols && (c = colof[i]) >= 0)
				v[c] = field;
			i++;
		} while (r == 1);
		if (i == 1 && *field == '\0')
			continue;	/* a blank line */
		siem_row(sr, v);
	}
	free(colof);
}

/* The text of a JSON scalar into num (SIEM_NUM bytes), NULL if none. */
static const char *
siem_json_value(const cJSON *j, char *num)
{
	double	d;

	if (cJSON_IsString(j))
		return (j->valuestring);
	if (cJSON_IsNumber(j)) {
		d = j->valuedouble;
		if (d == floor(d) && fabs(d) < 9e15)
			snprintf(num, SIEM_NUM, "%.0f", d);
		else
			snprintf(num, SIEM_NUM, "%.6f", d);
		return (num);
	}
	if (cJSON_IsBool(j))
		return (cJSON_IsTrue(j) ? "true" : "false");
	return (NULL);
}

/* A row given as an object {column: value}. */
static void
siem_json_object(struct siem_reader *sr, const cJSON *o)
{
	const char	*v[SIEM_NCOLUMNS];
	char		 num[SIEM_NCOLUMNS][SIEM_NUM];
	const cJSON	*j;
	int		 c;
	size_t		 k;

	/* Splunk: {"preview": false, "result": {...}}. */
	if (cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(o, "result")))
		o = cJSON_GetObjectItemCaseSensitive(o, "result");
	for (k = 0; k < SIEM_NCOLUMNS; k++)
		v[k] = NULL;
	cJSON_ArrayForEach(j, o) {
		if (j->string != NULL && (c = siem_column_find(j->string,
		    strlen(j->string))) >= 0)
			v[c] = siem_json_value(j, num[c]);
	}
	siem_row(sr, v);
}

/* Rows as arrays of values, columns as [{"name": ...}]: Log Analytics. */
static void
siem_json_table(struct siem_reader *sr, const cJSON *cols, const cJSON *rows)
{
	const char	*v[SIEM_NCOLUMNS];
	char		 num[SIEM_NCOLUMNS][SIEM_NUM];
	const cJSON	*row, *j, *name;
	int		 colof[256], n = 0, i, c;
	size_t		 k;

	cJSON_ArrayForEach(j, cols) {
		name = cJSON_GetObjectItemCaseSensitive(j, "name");
		if (n < 256)
			colof[n++] = cJSON_IsString(name) ?
			    siem_column_find(name->valuestring,
			    strlen(name->valuestring)) : -1;
	}
	cJSON_ArrayForEach(row, rows) {
		for (k = 0; k < SIEM_NCOLUMNS; k++)
			v[k] = NULL;
		i = 0;
		cJSON_ArrayForEach(j, row) {
			if (i < n && (c = colof[i]) >= 0)
				v[c] = siem_json_value(j, num[c]);
			i++;
		}
		siem_row(sr, v);
	}
}

/* One JSON document: which of the products' shapes it is. */
static void
siem_json_doc(struct siem_reader *sr, const cJSON *doc)
{
	const cJSON	*t, *j;

	if (cJSON_IsArray(doc)) {
		cJSON_ArrayForEach(j, doc)
			siem_json_object(sr, j);
		return;
	}
	if ((t = cJSON_GetObjectItemCaseSensitive(doc, "tables")) != NULL) {
		/* Log Analytics: the first table, PrimaryResult. */
		t = cJSON_GetArrayItem(t, 0);
		siem_json_table(sr, cJSON_GetObjectItemCaseSensitive(t,
		    "columns"), cJSON_GetObjectItemCaseSensitive(t, "rows"));
		return;
	}
	if ((t = cJSON_GetObjectItemCaseSensitive(doc, "values")) != NULL &&
	    cJSON_IsArray(t)) {
		/* ES|QL. */
		siem_json_table(sr, cJSON_GetObjectItemCaseSensitive(doc,
		    "columns"), t);
		return;
	}
	siem_json_object(sr, doc);
}

/* JSON in buf: one document, or one a line (JSON Lines, Splunk's). */
static void
siem_read_json(struct siem_reader *sr, char *buf, size_t len)
{
	cJSON		*doc;
	const char	*end;
	char		*line, *nl;
	size_t		 lineno = 0;

	/* The whole input one document, nothing after it but blanks. */
	if ((doc = cJSON_ParseWithLengthOpts(buf, len + 1, &end, 1)) != NULL) {
		siem_json_doc(sr, doc);
		cJSON_Delete(doc);
		return;
	}
	for (line = buf; line != NULL && *line != '\0'; line = nl) {
		lineno++;
		if ((nl = strchr(line, '\n')) != NULL)
			*nl++ = '\0';
		if (line[strspn(line, " \t\r")] == '\0')
			continue;
		if ((doc = cJSON_Parse(line)) == NULL) {
			sr->src->records++;
			sr->src->unreadable++;
			siem_warn(sr, "line %zu: invalid JSON", lineno);
			continue;
		}
		siem_json_doc(sr, doc);
		cJSON_Delete(doc);
	}
}

int
ingest_siem_read(struct flows *fl, struct source *src, const char *path,
    FILE *f)
{
	struct siem_reader	 sr;
	char			*buf = NULL, *p;
	size_t			 len = 0, cap = 0, n;

	memset(&sr, 0, sizeof sr);
	sr.fl = fl;
	sr.src = src;
	sr.path = path;
	src->preaggregated = 1;
	for (;;) {
		if (cap - len < 65536) {
			cap = cap == 0 ? 65536 : cap * 2;
			buf = xreallocarray(buf, cap + 1, 1);
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
		if ((long long)len > SIEM_FILE_MAX) {
			siem_warn(&sr, "larger than 1 GiB: not read");
			free(buf);
			return (-1);
		}
	}
	if (ferror(f)) {
		siem_warn(&sr, "read error: %s", strerror(errno));
		free(buf);
		return (-1);
	}
	buf[len] = '\0';
	if (memchr(buf, '\0', len) != NULL) {
		siem_warn(&sr, "holds a NUL byte (UTF-16? export as UTF-8)");
		free(buf);
		return (-1);
	}
	p = buf;
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	p += strspn(p, " \t\r\n");
	if (*p == '{' || *p == '[')
		siem_read_json(&sr, p, len - (size_t)(p - buf));
	else
		siem_read_csv(&sr, p);
	free(buf);
	if (sr.problems > SIEM_WARN_MAX)
		log_warnx("%s: %d more problems not shown", path,
		    sr.problems - SIEM_WARN_MAX);
	if (sr.problems > 0 && src->used == 0 && src->skipped == 0)
		return (-1);
	return (sr.problems);
}

size_t
ingest_siem_warn_mixed(const struct flows *fl, const char *cmd)
{
	const struct source	*a, *b;
	size_t			 i, j, k, l, n = 0;

	for (i = 0; i < flows_source_count(fl); i++) {
		a = flows_source(fl, i);
		if (!a->preaggregated)
			continue;
		for (j = 0; j < flows_source_count(fl); j++) {
			b = flows_source(fl, j);
			if (b->preaggregated)
				continue;
			for (k = 0; k < a->nlogged_by; k++) {
				for (l = 0; l < b->nlogged_by; l++) {
					if (strcasecmp(a->logged_by[k],
					    b->logged_by[l]) != 0)
						continue;
					log_warnx("%s: %s: pre-aggregated rows "
					    "(%s) and raw events (%s) of this "
					    "host cannot be told from copies "
					    "of each other: its events may "
					    "count twice; give one or the "
					    "other", cmd, a->logged_by[k],
					    a->path, b->path);
					n++;
				}
			}
		}
	}
	return (n);
}
