/*
 * ingest-evtx.c: NTLM audit events from EVTX files, natively or through
 * libevtx.
 *
 * Every record libevtx returns, allocated or recovered from slack space, is
 * counted in the source as used (an NTLM event, handed to flows), skipped (any
 * other event) or unreadable.  libevtx 20181227 loses records silently: one
 * that ends exactly at the end of its 64 KiB chunk is not returned, nor is
 * anything past 4 GiB or in a chunk it rejects.  So the file is read here
 * with plain stdio, chunk by chunk, each checked by evtx-chunk.c: its header
 * declares its records (last - first event record number + 1) and carries
 * CRC32s of itself and of its records area; a chunk whose header cannot be
 * trusted is walked record by record instead.  Then libevtx reads that one
 * chunk from memory, behind a copy of the file header that declares only
 * it, and the records it returns are compared with what the chunk holds:
 * the difference is counted as unreadable, with a warning naming the
 * chunk.  One chunk at a time also keeps memory flat (libevtx indexes
 * every record of a file it opens) and needs no record-to-chunk matching
 * (libevtx_record_get_offset returns 0 in this version).  libevtx's copy
 * of a chunk is prepared first: a record declaring more template values
 * than it holds is blanked (evtx_values_guard), a record whose size copy
 * was never written given it (evtx_window_repair).
 *
 * Every record is handed to flows_record first (its host, its channel and
 * its System/EventRecordID, from the XML: evtx_window_ids): a copy of one
 * read before counts as duplicate.
 *
 * The native path (--evtx-reader=native, the default) reads each chunk of
 * a regular file into a buffer (pread) and hands it to evtx-native.c
 * first; a chunk it declines goes the libevtx way above, with the same
 * counts and warnings, and the chunks so read are said in one line a
 * file.  With threads left over (-j), helper threads decode a round of
 * chunks ahead while this one hands the last round's events to flows in
 * file order, so the result does not depend on their number.  The buffers
 * serve chunk after chunk (RSS stays flat).  A mapping of the file cost
 * more than the copy: on a virtual machine, mapping a page in costs about
 * five times what copying it does (a 496 MB file read in 0.05 s through
 * read(), 0.26 s through a mapping); and a read error or a file that
 * shrinks is a warning, not SIGBUS.
 * Its records go to flows_record too, their id and channel taken from the
 * System values of the binary XML as evtx_window_ids takes them from the
 * XML (evtx_native_ids), so that both paths account the same logs.  A
 * chunk the native reader reads whose slack space holds records goes to
 * libevtx too, for those only.
 *
 * Invariants: records == used + skipped + unreadable + duplicate; this is
 * the only file in the program that sees a libevtx_* or libbfio_* type.
 * Warnings name the file and the record or chunk; after
 * INGEST_EVTX_WARN_MAX detailed record (or chunk) warnings the rest are
 * summed up in one line.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libbfio.h>
#include <libevtx.h>

#include "casemap.h"
#include "event.h"
#include "evtx-chunk.h"
#include "evtx-native.h"
#include "flows.h"
#include "ingest-evtx.h"
#include "log.h"
#include "progress.h"
#include "util.h"
#include "xmalloc.h"

#define INGEST_EVTX_WARN_MAX	5	/* detailed warnings per kind */
#define INGEST_EVTX_PROGRESS	4096	/* records between progress lines */

struct evtx_reader {
	struct flows		 *fl;
	struct source		 *src;
	const char		 *path;
	size_t			  chunk;	/* being read */
	uint64_t		  returned;	/* by libevtx, this chunk */
	size_t			  nchunks;	/* holding records */

	char			 *name;		/* owned: provider, host */
	size_t			  namecap;
	char			 *strings;	/* owned: EventData */
	size_t			  stringscap;

	unsigned		  nrecwarn;
	uint64_t		  recmore;
	unsigned		  nchunkwarn;
	uint64_t		  chunkmore;
	int			  problems;
	uint64_t		  unparsed;	/* recovered, not parsed */
	char			  unparsed_why[256];

	int			  idmode;	/* EVTX_IDS_*, this chunk */
	uint64_t		  hdr_first;	/* contiguous: header id of */
	uint64_t		  xml_first;	/* the first record, its XML's */
	char			  channel[256];	/* contiguous: the chunk's */
	char			 *host;		/* owned: last Computer read */
	size_t			  hostcap;	/* its buffer's size */
	char			 *chunk_host;	/* owned: of the chunk's first */
	int			  chunk_mixed;	/* records of several hosts */
	char			  rec_channel[256]; /* per record: its own */
	int			  parted;	/* flows put by the pipe */
	size_t			  native;	/* chunks read natively */
	size_t			  fallback;	/* declined, read by libevtx */
	char			  fallback_why[192];
};

#define EVTX_IDS_NONE		0	/* no XML: no id, no channel */
#define EVTX_IDS_CONTIGUOUS	1	/* XML id = header id + offset */
#define EVTX_IDS_PER_RECORD	2	/* read from each record's XML */

static int		ingest_evtx_reader = INGEST_EVTX_READER_NATIVE;
static int		ingest_evtx_threads = 1;
static void		(*ingest_evtx_observer)(const struct event *,
			    const struct ingest_evtx_seen *, void *);
static void		*ingest_evtx_observer_arg;

/* Show the tests' observer a record read (hid: its header's id). */
static void
evtx_observe(const struct event *ev, int skipped, int recovered,
    uint64_t hid)
{
	struct ingest_evtx_seen	seen;

	if (ingest_evtx_observer == NULL)
		return;
	seen.skipped = skipped;
	seen.recovered = recovered;
	seen.header_id = hid;
	ingest_evtx_observer(ev, &seen, ingest_evtx_observer_arg);
}

/*
 * Hand ev to flows (and to the tests' observer), with its key if it was
 * worked out ahead (prep, or NULL).
 */
static void
evtx_emit(struct evtx_reader *r, const struct event *ev,
    const struct flow_prep *prep, int recovered, uint64_t hid)
{
	evtx_observe(ev, 0, recovered, hid);
	if (prep != NULL)
		flows_add_prepared(r->fl, r->src, ev, prep);
	else
		flows_add_event(r->fl, r->src, ev);
}

static uint32_t
evtx_le32(const unsigned char *p)
{
	return ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24);
}

static void
evtx_put_le32(unsigned char *p, uint32_t v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = (v >> 16) & 0xff;
	p[3] = v >> 24;
}

static void
evtx_warn_record(struct evtx_reader *r, int recovered, uint64_t id,
    int have_id, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void
evtx_warn_record(struct evtx_reader *r, int recovered, uint64_t id,
    int have_id, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	if (r->nrecwarn >= INGEST_EVTX_WARN_MAX) {
		r->recmore++;
		return;
	}
	r->nrecwarn++;
	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	if (have_id)
		log_warnx("%s: %srecord %" PRIu64 ": %s", r->path,
		    recovered ? "recovered " : "", id, msg);
	else
		log_warnx("%s: chunk %zu: %srecord (index %" PRIu64 "): %s",
		    r->path, r->chunk, recovered ? "recovered " : "", id, msg);
	free(msg);
}

static void
evtx_warn_chunk(struct evtx_reader *r, size_t chunk, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
evtx_warn_chunk(struct evtx_reader *r, size_t chunk, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	r->problems++;
	if (r->nchunkwarn >= INGEST_EVTX_WARN_MAX) {
		r->chunkmore++;
		return;
	}
	r->nchunkwarn++;
	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	log_warnx("%s: chunk %zu: %s", r->path, chunk, msg);
	free(msg);
}

/*
 * libevtx's error as one line: the innermost cause of the backtrace without
 * its function name.  Frees the error.
 */
static void
evtx_error_text(libevtx_error_t **error, char *buf, size_t len)
{
	char	 tmp[4096], *s, *e;

	if (error == NULL || *error == NULL) {
		snprintf(buf, len, "libevtx gave no reason");
		return;
	}
	if (libevtx_error_backtrace_sprint(*error, tmp, sizeof tmp) <= 0)
		snprintf(tmp, sizeof tmp, "libevtx gave no reason");
	libevtx_error_free(error);
	tmp[sizeof tmp - 1] = '\0';
	s = tmp;
	if ((e = strchr(s, '\n')) != NULL)
		*e = '\0';
	if ((e = strstr(s, ": ")) != NULL && strchr(s, ' ') > e)
		s = e + 2;
	e = s + strlen(s);
	while (e > s && (e[-1] == '.' || e[-1] == ' ' || e[-1] == '\r'))
		*--e = '\0';
	snprintf(buf, len, "%s", s);
}

static void
evtx_reserve(char **buf, size_t *cap, size_t need)
{
	if (need <= *cap)
		return;
	if (*cap == 0)
		*cap = 256;
	while (*cap < need)
		*cap *= 2;
	free(*buf);
	*buf = xmalloc(*cap);
}

/*
 * True if s holds U+FFFD: libuna's replacement for invalid UTF-16 (a lone
 * surrogate), which libevtx passes on without an error.
 */
static int
evtx_replaced(const char *s)
{
	return (strstr(s, "\xef\xbf\xbd") != NULL);
}

/* Fetch EventData values into ev; 0, or -1 with the reason in why. */
static int
evtx_strings(struct evtx_reader *r, libevtx_record_t *rec,
    struct event *ev, char *why, size_t whylen)
{
	libevtx_error_t		*error = NULL;
	const struct event_def	*d = event_def_find(ev->id);
	size_t			 sizes[EVENT_MAX_FIELDS], total = 0, off;
	char			 text[256];
	int			 n, nnames, nrequired, i;

	nnames = d->nfields;
	nrequired = d->nrequired > 0 ? d->nrequired : d->nfields;
	if (libevtx_record_get_number_of_strings(rec, &n, &error) != 1) {
		evtx_error_text(&error, text, sizeof text);
		snprintf(why, whylen, "EventData not readable: %s", text);
		return (-1);
	}
	if (n < nrequired) {
		/* libevtx leaves out a null value: the rest would shift. */
		snprintf(why, whylen, "%d EventData values, %d expected", n,
		    nrequired);
		return (-1);
	}
	if (n > nnames)
		n = nnames;
	if (n > EVENT_MAX_FIELDS)
		n = EVENT_MAX_FIELDS;
	for (i = 0; i < n; i++) {
		if (libevtx_record_get_utf8_string_size(rec, i, &sizes[i],
		    &error) != 1) {
			evtx_error_text(&error, text, sizeof text);
			snprintf(why, whylen, "EventData %s not readable: %s",
			    d->fields[i].name, text);
			return (-1);
		}
		if (sizes[i] > EVTX_CHUNK_MAX_STRING) {
			snprintf(why, whylen, "EventData %s is %zu bytes long "
			    "(more than %d)", d->fields[i].name, sizes[i],
			    EVTX_CHUNK_MAX_STRING);
			return (-1);
		}
		total += sizes[i] + 1;
	}
	evtx_reserve(&r->strings, &r->stringscap, total);
	off = 0;
	for (i = 0; i < n; i++) {
		if (sizes[i] == 0) {
			ev->fields[i] = NULL;
			continue;
		}
		if (libevtx_record_get_utf8_string(rec, i,
		    (uint8_t *)r->strings + off, sizes[i], &error) != 1) {
			evtx_error_text(&error, text, sizeof text);
			snprintf(why, whylen, "EventData %s not readable: %s",
			    d->fields[i].name, text);
			return (-1);
		}
		r->strings[off + sizes[i] - 1] = '\0';
		if (evtx_replaced(r->strings + off)) {
			snprintf(why, whylen, "EventData %s: invalid UTF-16",
			    d->fields[i].name);
			return (-1);
		}
		ev->fields[i] = r->strings + off;
		off += sizes[i];
	}
	ev->nfields = n;
	return (0);
}

/*
 * Fetch a UTF-8 value of rec into r->name at offset *off through the
 * size/copy pair of libevtx functions.  Returns 1, 0 if the record has no
 * such value, or -1 with the reason in why.
 */
static int
evtx_name(struct evtx_reader *r, libevtx_record_t *rec,
    int (*get_size)(libevtx_record_t *, size_t *, libevtx_error_t **),
    int (*get)(libevtx_record_t *, uint8_t *, size_t, libevtx_error_t **),
    size_t *off, char *why, size_t whylen)
{
	libevtx_error_t	*error = NULL;
	size_t		 size;
	int		 rv;

	if ((rv = get_size(rec, &size, &error)) != 1 || size == 0) {
		if (rv == -1)
			evtx_error_text(&error, why, whylen);
		return (rv == -1 ? -1 : 0);
	}
	if (size > EVTX_CHUNK_MAX_STRING) {
		snprintf(why, whylen, "%zu bytes long", size);
		return (-1);
	}
	if (*off + size > r->namecap) {
		/* Only called for the provider (off 0), then the computer. */
		char	*old = r->name;

		r->namecap = *off + size + 256;
		r->name = xmalloc(r->namecap);
		if (old != NULL)
			memcpy(r->name, old, *off);
		free(old);
	}
	if (get(rec, (uint8_t *)r->name + *off, size, &error) != 1) {
		evtx_error_text(&error, why, whylen);
		return (-1);
	}
	r->name[*off + size - 1] = '\0';
	if (evtx_replaced(r->name + *off)) {
		snprintf(why, whylen, "invalid UTF-16");
		return (-1);
	}
	*off += size;
	return (1);
}

/*
 * The text of element name in the XML xml, or NULL; into buf.
 */
static const char *
evtx_xml_element(const char *xml, const char *name, char *buf, size_t len)
{
	char		 open[64];
	const char	*p, *e;

	snprintf(open, sizeof open, "<%s>", name);
	if ((p = strstr(xml, open)) == NULL)
		return (NULL);
	p += strlen(open);
	if ((e = strchr(p, '<')) == NULL || (size_t)(e - p) >= len)
		return (NULL);
	memcpy(buf, p, (size_t)(e - p));
	buf[e - p] = '\0';
	return (buf);
}

/*
 * System/EventRecordID and System/Channel of rec from its XML: libevtx has
 * no accessor for either, and the id of the record header is not the
 * event's in an exported file (wevtutil epl, Event Viewer's "Save As"
 * number their records from 1; a collector's ForwardedEvents its own),
 * while the XML keeps the log's.  0, or -1 if the XML cannot be had.
 */
static int
evtx_xml_system(libevtx_record_t *rec, uint64_t *id, char *channel,
    size_t len)
{
	libevtx_error_t	*error = NULL;
	size_t		 size;
	char		*xml, buf[64];
	const char	*v;
	long long	 n;
	int		 rc = -1;

	if (libevtx_record_get_utf8_xml_string_size(rec, &size, &error) != 1 ||
	    size == 0 || size > 16 * EVTX_CHUNK_MAX_STRING) {
		libevtx_error_free(&error);
		return (-1);
	}
	xml = xmalloc(size);
	if (libevtx_record_get_utf8_xml_string(rec, (uint8_t *)xml, size,
	    &error) != 1) {
		libevtx_error_free(&error);
		goto out;
	}
	xml[size - 1] = '\0';
	if ((v = evtx_xml_element(xml, "EventRecordID", buf,
	    sizeof buf)) == NULL || util_strtonum(v, 1, INT64_MAX, &n) != 0)
		goto out;
	*id = (uint64_t)n;
	if ((v = evtx_xml_element(xml, "Channel", channel, len)) == NULL ||
	    *v == '\0' || evtx_replaced(v))
		channel[0] = '\0';
	rc = 0;
out:
	free(xml);
	return (rc);
}

/*
 * How the records of a chunk (n allocated, in file) get their ids: the XML
 * of the first and the last; if their ids are as far apart as their headers'
 * and their channels agree, every record's is its header's plus that offset
 * (two renderings a chunk); otherwise (a filtered export, forwarded events)
 * each record's XML is read.  So is each record's of a chunk whose records
 * fail their checksum (whole is 0): a log copied from a volume shadow copy
 * mixes pages of several times, a record's header may be older than its
 * XML.
 */
static void
evtx_window_ids(struct evtx_reader *r, libevtx_file_t *file, int n,
    int whole)
{
	libevtx_record_t	*a = NULL, *b = NULL;
	uint64_t		 ha = 0, hb = 0, xa = 0, xb = 0;
	char			 cb[sizeof r->channel];
	int			 ok;

	r->idmode = EVTX_IDS_PER_RECORD;
	r->channel[0] = '\0';
	if (n <= 0 || !whole)
		return;
	ok = libevtx_file_get_record_by_index(file, 0, &a, NULL) == 1 &&
	    libevtx_file_get_record_by_index(file, n - 1, &b, NULL) == 1 &&
	    libevtx_record_get_identifier(a, &ha, NULL) == 1 &&
	    libevtx_record_get_identifier(b, &hb, NULL) == 1 &&
	    evtx_xml_system(a, &xa, r->channel, sizeof r->channel) == 0 &&
	    evtx_xml_system(b, &xb, cb, sizeof cb) == 0;
	if (ok && hb >= ha && xb >= xa && hb - ha == xb - xa &&
	    strcmp(r->channel, cb) == 0) {
		r->idmode = EVTX_IDS_CONTIGUOUS;
		r->hdr_first = ha;
		r->xml_first = xa;
	}
	libevtx_record_free(&a, NULL);
	libevtx_record_free(&b, NULL);
}

/* Remember the host of the last record read: the file's, usually. */
static void
evtx_host(struct evtx_reader *r, const char *host)
{
	size_t	n;

	if (host == NULL || (r->host != NULL &&
	    casemap_equal(r->host, host) == CASEMAP_SAME))
		return;
	/* Into the buffer of the last: a collector's log changes host at
	 * every record. */
	n = strlen(host) + 1;
	if (n > r->hostcap) {
		free(r->host);
		r->hostcap = n < 64 ? 64 : n;
		r->host = xmalloc(r->hostcap);
	}
	memcpy(r->host, host, n);
}

static int	evtx_account(struct evtx_reader *, const struct event *);

/*
 * Account the record in its log (ntlmplan-events(7): host, channel,
 * EventRecordID); returns 1 for a duplicate, counted as such.
 */
static int
evtx_identity(struct evtx_reader *r, libevtx_record_t *rec,
    struct event *ev, uint64_t rid)
{
	char		*channel = r->rec_channel;
	uint64_t	 id = 0;

	ev->channel = NULL;
	ev->record_id = 0;
	if (r->idmode == EVTX_IDS_CONTIGUOUS && rid >= r->hdr_first) {
		ev->record_id = rid - r->hdr_first + r->xml_first;
		ev->channel = r->channel[0] != '\0' ? r->channel : NULL;
	} else if (rec != NULL && evtx_xml_system(rec, &id, channel,
	    sizeof r->rec_channel) == 0) {
		ev->record_id = id;
		ev->channel = channel[0] != '\0' ? channel : NULL;
	}
	return (evtx_account(r, ev));
}

/*
 * Account ev, its id and channel chosen, in its log; note the chunk's
 * host.  1 for a duplicate, counted as such.
 */
static int
evtx_account(struct evtx_reader *r, const struct event *ev)
{
	if (ev->computer != NULL && r->chunk_host == NULL)
		r->chunk_host = xstrdup(ev->computer);
	else if (ev->computer != NULL &&
	    strcasecmp(ev->computer, r->chunk_host) != 0)
		r->chunk_mixed = 1;
	if (flows_record(r->fl, ev) == 1) {
		r->src->duplicate++;
		return (1);
	}
	return (0);
}

/* Count, classify and use one record; recovered: from slack space. */
static void
evtx_record(struct evtx_reader *r, libevtx_record_t *rec, int recovered)
{
	struct source	*src = r->src;
	libevtx_error_t	*error = NULL;
	struct event	 ev;
	uint64_t	 rid = 0, ft = 0;
	uint32_t	 evid;
	size_t		 off = 0, prov_len;
	char		 why[1024], text[512], ctext[512], ttext[512];
	int		 rv, rvc, have_time, bad_time = 0;

	src->records++;
	if (src->records % INGEST_EVTX_PROGRESS == 0)
		progress_records(src->path, src->records);
	if (libevtx_record_get_identifier(rec, &rid, &error) != 1) {
		libevtx_error_free(&error);
		rid = 0;
	}

	memset(&ev, 0, sizeof ev);
	ev.time = UTIL_TIME_NONE;
	have_time = libevtx_record_get_written_time(rec, &ft, &error) == 1;
	if (have_time) {
		ev.time = util_filetime_to_us(ft);
		/* Past the year 9999: no time, even for its log's ranges. */
		if (!util_time_valid(ev.time)) {
			ev.time = UTIL_TIME_NONE;
			bad_time = 1;
		}
	} else
		evtx_error_text(&error, ttext, sizeof ttext);
	if (libevtx_record_get_event_identifier(rec, &evid, &error) != 1) {
		evtx_error_text(&error, text, sizeof text);
		snprintf(why, sizeof why, "no event identifier: %s", text);
		/* Still a record of the file's log: no gap, maybe a copy. */
		ev.computer = r->host;
		if (!recovered && evtx_identity(r, NULL, &ev, rid))
			return;
		goto unreadable;
	}
	ev.id = (int)(evid & 0xffff);
	rv = evtx_name(r, rec, libevtx_record_get_utf8_source_name_size,
	    libevtx_record_get_utf8_source_name, &off, text, sizeof text);
	prov_len = off;
	rvc = evtx_name(r, rec, libevtx_record_get_utf8_computer_name_size,
	    libevtx_record_get_utf8_computer_name, &off, ctext, sizeof ctext);
	ev.provider = rv == 1 ? r->name : NULL;
	ev.computer = rvc == 1 ? r->name + prov_len : NULL;
	if (ev.computer != NULL)
		evtx_host(r, ev.computer);
	else
		ev.computer = r->host;
	/* Slack space holds remnants, maybe of another log: no identity. */
	if (!recovered && evtx_identity(r, rec, &ev, rid))
		return;
	ev.computer = rvc == 1 ? r->name + prov_len : NULL;
	if (rv != 1 || !event_is_ntlm(ev.id, r->name)) {
		if (rv == 1 || !event_id_known(ev.id)) {
			evtx_observe(&ev, 1, recovered, rid);
			flows_source_skip(src, ev.id);
			return;
		}
		snprintf(why, sizeof why, "event %d: provider not readable%s%s",
		    ev.id, rv == -1 ? ": " : "", rv == -1 ? text : "");
		goto unreadable;
	}
	if (rvc == -1) {
		snprintf(why, sizeof why, "event %d: Computer not readable: "
		    "%s", ev.id, ctext);
		goto unreadable;
	}
	if (!have_time) {
		snprintf(why, sizeof why, "event %d: no time: %s", ev.id,
		    ttext);
		goto unreadable;
	}
	if (bad_time) {
		snprintf(why, sizeof why, "event %d: time after the year 9999",
		    ev.id);
		goto unreadable;
	}
	if (evtx_strings(r, rec, &ev, text, sizeof text) != 0) {
		snprintf(why, sizeof why, "event %d: %s", ev.id, text);
		goto unreadable;
	}
	evtx_emit(r, &ev, NULL, recovered, rid);
	return;

unreadable:
	src->unreadable++;
	if (!recovered)
		r->problems++;
	evtx_warn_record(r, recovered, rid, 1, "%s", why);
}

/*
 * Hand chunk (the window: a file header declaring one chunk, then the chunk)
 * to libevtx and read its allocated and recovered records.  Counts in
 * r->returned the records libevtx gave for the chunk: the allocated ones,
 * and the recovered ones if the chunk header is not trusted (libevtx then
 * returns the chunk's records as recovered).
 */
static int
evtx_id_compare(const void *a, const void *b)
{
	uint64_t	x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x < y ? -1 : x > y);
}

/* The identifier of rec, or 0 if it has none. */
static uint64_t
evtx_record_id(libevtx_record_t *rec)
{
	libevtx_error_t	*error = NULL;
	uint64_t	 id;

	if (libevtx_record_get_identifier(rec, &id, &error) != 1) {
		libevtx_error_free(&error);
		return (0);
	}
	return (id);
}

/*
 * Whether the record whose signature is at off in chunk (len bytes)
 * declares no more template values than its bytes can hold.  libevtx
 * 20181227 (libfwevt) allocates a value for each one a template instance
 * declares, unbounded: a damaged record saying 2^32 values costs gigabytes.
 */
static int
evtx_values_fit(const unsigned char *chunk, size_t len, size_t off)
{
	size_t		 p, end;
	uint32_t	 size, count, defoff, dsize;

	size = evtx_le32(chunk + off + 4);
	if (size < 28 || size > len - off)
		return (1);		/* no record to libevtx */
	end = off + size - 4;
	p = off + 24;
	if (p < end && chunk[p] == 0x0f)	/* fragment header */
		p += 4;
	if (p + 10 > end || (chunk[p] & 0x0f) != 0x0c)
		return (1);
	defoff = evtx_le32(chunk + p + 6);
	p += 10;
	if (defoff == p && p + 24 <= end) {
		/* Inline definition: next, GUID, size, data. */
		dsize = evtx_le32(chunk + p + 20);
		p = dsize <= end - p - 24 ? p + 24 + dsize : end;
	}
	if (p + 4 > end)
		return (1);
	count = evtx_le32(chunk + p);
	return ((uint64_t)count * 4 <= end - p - 4);
}

/*
 * In libevtx's copy of chunk (len bytes), give a record of the chain whose
 * size copy at its end is 0 its size: Windows writes that copy last, and a
 * log copied while it was open (or from a volume shadow copy) can hold a
 * record whose copy was not yet written; python-evtx and the Rust evtx crate
 * read it, libevtx does not.  The walk goes on after it.  Returns the
 * number of records so given.
 */
static size_t
evtx_window_repair(unsigned char *chunk, size_t len)
{
	size_t		 off = EVTX_CHUNK_HEADER, n = 0;
	uint32_t	 size, copy;

	while (off + 28 <= len && evtx_le32(chunk + off) == 0x00002a2aU) {
		size = evtx_le32(chunk + off + 4);
		if (size < 28 || size > len - off)
			break;
		copy = evtx_le32(chunk + off + size - 4);
		if (copy != size) {
			if (copy != 0)
				break;
			evtx_put_le32(chunk + off + size - 4, size);
			n++;
		}
		off += size;
	}
	return (n);
}

/*
 * Keep from libevtx every record of chunk (len bytes, libevtx's copy, as
 * parsed into c) that declares more template values than it holds: its
 * signature is blanked, so that libevtx neither walks to it nor recovers
 * it, and its neighbours are still read.  The records of the chain are
 * looked at, then every signature after it, where libevtx recovers
 * records from slack space; in a chunk whose header or checksum is not
 * valid, every signature (libevtx may look anywhere).  A blanked record
 * of the chain is counted by the caller as not returned.  Returns the
 * number blanked, the first one's offset in *bad.
 */
static size_t
evtx_values_guard(unsigned char *chunk, size_t len,
    const struct evtx_chunk *c, size_t *bad)
{
	size_t		 off = EVTX_CHUNK_HEADER, chain, n = 0;
	uint32_t	 size;
	int		 chain_ok = c->status == EVTX_CHUNK_OK, crc = 0;

	/* The chain of allocated records, as evtx_chunk_parse walks it. */
	while (off + 28 <= len && evtx_le32(chunk + off) == 0x00002a2aU) {
		size = evtx_le32(chunk + off + 4);
		if (size < 28 || size > len - off ||
		    evtx_le32(chunk + off + size - 4) != size)
			break;
		if (!evtx_values_fit(chunk, len, off)) {
			if (n++ == 0)
				*bad = off;
			memset(chunk + off, 0, 4);
			crc = 1;
		}
		off += size;
	}
	chain = off;
	for (off = chain_ok ? chain : EVTX_CHUNK_HEADER; off + 28 <= len;
	    off++) {
		if (memcmp(chunk + off, "\x2a\x2a\0\0", 4) != 0 ||
		    evtx_values_fit(chunk, len, off))
			continue;
		if (n++ == 0)
			*bad = off;
		memset(chunk + off, 0, 4);
		crc |= off < chain;
	}
	/* A chain whose checksum held still holds it: libevtx trusts it. */
	if (crc && chain_ok && c->free_offset <= len)
		evtx_put_le32(chunk + 52, evtx_chunk_crc32(0,
		    chunk + EVTX_CHUNK_HEADER, c->free_offset -
		    EVTX_CHUNK_HEADER));
	return (n);
}

/* True if the native reader read the record of identifier id in nc. */
static int
evtx_native_has(const struct evtx_native_chunk *nc, uint64_t id)
{
	size_t	k;

	for (k = 0; k < nc->nevents; k++)
		if (nc->events[k].record_id == id)
			return (1);
	return (0);
}

/*
 * Read the chunk in win with libevtx.  nc: the native reader's reading of
 * it, when only the records it did not read are wanted (slack space), else
 * NULL.
 */
static void
evtx_window(struct evtx_reader *r, size_t chunk, unsigned char *win,
    size_t len, const struct evtx_chunk *c,
    const struct evtx_native_chunk *nc)
{
	struct source		*src = r->src;
	libbfio_handle_t	*io = NULL;
	libbfio_error_t		*ioerror = NULL;
	libevtx_file_t		*file = NULL;
	libevtx_record_t	*rec;
	libevtx_error_t		*error = NULL;
	uint64_t		*ids = NULL, id;
	size_t			 nids = 0;
	char			 text[512];
	int			 i, n, own, trusted = evtx_chunk_trusted(c);
	int			 slack_only = nc != NULL;
	size_t			 bad = 0, nbad;

	(void)evtx_window_repair(win + INGEST_EVTX_FILE_HEADER,
	    len - INGEST_EVTX_FILE_HEADER);
	if ((nbad = evtx_values_guard(win + INGEST_EVTX_FILE_HEADER,
	    len - INGEST_EVTX_FILE_HEADER, c, &bad)) > 0)
		evtx_warn_chunk(r, chunk, "the record at offset %zu declares "
		    "more template values than it holds%s: kept from libevtx, "
		    "unreadable", bad, nbad > 1 ? " (and others)" : "");
	if (libbfio_memory_range_initialize(&io, &ioerror) != 1 ||
	    libbfio_memory_range_set(io, win, len, &ioerror) != 1) {
		libbfio_error_free(&ioerror);
		fatalx("libbfio_memory_range_initialize failed");
	}
	if (libevtx_file_initialize(&file, &error) != 1) {
		evtx_error_text(&error, text, sizeof text);
		fatalx("libevtx_file_initialize: %s", text);
	}
	if (libevtx_file_open_file_io_handle(file, io, LIBEVTX_OPEN_READ,
	    &error) != 1) {
		evtx_error_text(&error, text, sizeof text);
		evtx_warn_chunk(r, chunk, "libevtx cannot read it: %s", text);
		goto out;
	}
	if (libevtx_file_get_number_of_records(file, &n, &error) != 1) {
		evtx_error_text(&error, text, sizeof text);
		evtx_warn_chunk(r, chunk, "libevtx gives no records: %s", text);
		n = 0;
	}
	if (slack_only)
		n = 0;		/* the allocated ones were read natively */
	evtx_window_ids(r, file, n, c->status == EVTX_CHUNK_OK);
	if (n > 0)
		ids = xreallocarray(NULL, (size_t)n, sizeof *ids);
	for (i = 0; i < n; i++) {
		r->returned++;
		rec = NULL;
		if (libevtx_file_get_record_by_index(file, i, &rec,
		    &error) != 1) {
			evtx_error_text(&error, text, sizeof text);
			src->records++;
			src->unreadable++;
			r->problems++;
			evtx_warn_record(r, 0, (uint64_t)i, 0, "%s", text);
			continue;
		}
		ids[nids++] = evtx_record_id(rec);
		evtx_record(r, rec, 0);
		libevtx_record_free(&rec, NULL);
	}
	if (nids > 0)
		qsort(ids, nids, sizeof *ids, evtx_id_compare);
	if (libevtx_file_get_number_of_recovered_records(file, &n,
	    &error) != 1) {
		evtx_error_text(&error, text, sizeof text);
		evtx_warn_chunk(r, chunk, "libevtx gives no recovered records: "
		    "%s", text);
		n = 0;
	}
	for (i = 0; i < n; i++) {
		if (!trusted)
			r->returned++;
		rec = NULL;
		if (libevtx_file_get_recovered_record_by_index(file, i, &rec,
		    &error) != 1) {
			/*
			 * Slack space: typically the template was overwritten
			 * long ago.  Said once a file, with the first reason.
			 */
			if (r->unparsed++ == 0)
				evtx_error_text(&error, r->unparsed_why,
				    sizeof r->unparsed_why);
			else
				libevtx_error_free(&error);
			src->records++;
			src->unreadable++;
			if (!trusted)
				r->problems++;
			continue;
		}
		/*
		 * A record libevtx already gave as allocated is not counted
		 * again.  In a trusted chunk, a recovered record with an
		 * identifier the header declares is the chunk's own (after a
		 * record with a broken size): it counts as returned, not as
		 * slack.  An untrusted chunk's own records are no slack.
		 */
		id = evtx_record_id(rec);
		if (id != 0 && nids > 0 && bsearch(&id, ids, nids,
		    sizeof *ids, evtx_id_compare) != NULL) {
			libevtx_record_free(&rec, NULL);
			continue;
		}
		own = !trusted || (id != 0 && id >= c->first_id &&
		    id <= c->last_id);
		if (slack_only && own && evtx_native_has(nc, id)) {
			/*
			 * One of the chunk's own, read natively.  One the
			 * native walk did not reach (it stopped at a damaged
			 * record) is counted here.
			 */
			libevtx_record_free(&rec, NULL);
			continue;
		}
		if (trusted && own)
			r->returned++;
		evtx_record(r, rec, !own);
		libevtx_record_free(&rec, NULL);
	}
	libevtx_file_close(file, NULL);
out:
	free(ids);
	libevtx_file_free(&file, NULL);
	libbfio_handle_free(&io, NULL);
}

/* Warn about a chunk that is not as it should be. */
static void
evtx_report_chunk(struct evtx_reader *r, size_t i,
    const struct evtx_chunk *c, size_t len, size_t hdr_chunks)
{
	if (len < EVTX_CHUNK_SIZE &&
	    c->status != EVTX_CHUNK_EMPTY)
		evtx_warn_chunk(r, i, "truncated: %zu of %d bytes in the file; "
		    "%" PRIu64 " complete records in it", len,
		    EVTX_CHUNK_SIZE, c->walked);
	switch (c->status) {
	case EVTX_CHUNK_EMPTY:
		if (i < hdr_chunks)
			evtx_warn_chunk(r, i, "all zero, but the file header "
			    "declares %zu chunks", hdr_chunks);
		break;
	case EVTX_CHUNK_SIGNATURE:
		evtx_warn_chunk(r, i, "no ElfChnk signature (corrupt chunk); "
		    "%" PRIu64 " records found in it", c->walked);
		break;
	case EVTX_CHUNK_HEADER_CRC:
		if (len >= EVTX_CHUNK_HEADER)
			evtx_warn_chunk(r, i, "chunk header CRC32 mismatch "
			    "(corrupt chunk); %" PRIu64 " records found in it",
			    c->walked);
		break;
	case EVTX_CHUNK_NUMBERS:
		evtx_warn_chunk(r, i, "the chunk header's record numbers "
		    "%" PRIu64 "..%" PRIu64 " are more than a chunk holds (%d) "
		    "(corrupt chunk); %" PRIu64 " records found in it",
		    c->first_number, c->last_number,
		    EVTX_CHUNK_MAX_RECORDS, c->walked);
		break;
	case EVTX_CHUNK_RECORDS_CRC:
		if (len == EVTX_CHUNK_SIZE)
			evtx_warn_chunk(r, i, "event records CRC32 mismatch "
			    "(corrupt records)");
		break;
	}
}

/*
 * Give chunk i (len bytes at win + INGEST_EVTX_FILE_HEADER, parsed into c)
 * to libevtx and count what it does not return as unreadable.
 */
static void
evtx_libevtx_chunk(struct evtx_reader *r, size_t i,
    const struct evtx_chunk *c, unsigned char *win, size_t len)
{
	struct source	*src = r->src;
	uint64_t	 expected, diff;
	int		 trusted;

	trusted = evtx_chunk_trusted(c);
	r->chunk = i;
	r->returned = 0;
	free(r->chunk_host);
	r->chunk_host = NULL;
	r->chunk_mixed = 0;
	evtx_window(r, i, win, INGEST_EVTX_FILE_HEADER + len, c, NULL);
	/*
	 * The ids the chunk header declares are in the file, read or not: no
	 * records lost to rollover there.
	 */
	if (trusted && r->idmode == EVTX_IDS_CONTIGUOUS && !r->chunk_mixed &&
	    r->chunk_host != NULL && r->channel[0] != '\0' &&
	    c->first_id >= r->hdr_first && c->last_id >= c->first_id)
		flows_record_range(r->fl, r->chunk_host, r->channel,
		    c->first_id - r->hdr_first + r->xml_first,
		    c->last_id - r->hdr_first + r->xml_first);
	expected = evtx_chunk_expected(c);
	if (r->returned >= expected)
		return;
	diff = expected - r->returned;
	src->records += diff;
	src->unreadable += diff;
	evtx_warn_chunk(r, i, "%" PRIu64 " record%s %s by the chunk "
	    "%s not returned by libevtx", diff, diff == 1 ? "" : "s",
	    trusted ? "declared" : "found",
	    trusted ? (diff == 1 ? "header was" : "header were") :
	    (diff == 1 ? "was" : "were"));
}

/*
 * Check the file header in win (len bytes read); then make it the header
 * libevtx sees: one that declares just one chunk.  libevtx thus reads one
 * chunk at a time: its memory stays flat however large the file (it
 * indexes every record of a file it opens), nothing past 4 GiB is lost,
 * and each record it returns belongs to a known chunk.  Returns 0 with the
 * chunks the header declares in *hdr_chunks, or -1 if this is no EVTX.
 */
static int
evtx_file_header(struct evtx_reader *r, unsigned char *win, size_t len,
    size_t *hdr_chunks)
{
	if (len < INGEST_EVTX_FILE_HEADER || memcmp(win, "ElfFile", 8) != 0) {
		log_warnx("%s: not an EVTX file (%s)", r->path,
		    len < INGEST_EVTX_FILE_HEADER ? "file header truncated" :
		    "no ElfFile signature");
		return (-1);
	}
	if (evtx_chunk_crc32(0, win, 120) != evtx_le32(win + 124)) {
		log_warnx("%s: file header CRC32 mismatch", r->path);
		r->problems++;
	}
	*hdr_chunks = (size_t)(win[42] | win[43] << 8);
	memset(win + 8, 0, 16);		/* first, last chunk number: 0 */
	win[42] = 1;			/* number of chunks */
	win[43] = 0;
	evtx_put_le32(win + 124, evtx_chunk_crc32(0, win, 120));
	return (0);
}

/* The warnings said once a file, after its last chunk. */
static void
evtx_file_done(struct evtx_reader *r, size_t hdr_chunks, size_t held)
{
	if (r->nchunks > hdr_chunks && (r->nchunks & 0xffff) != hdr_chunks)
		log_warnx("%s: the file header declares %zu chunks, the file "
		    "holds %zu: all read", r->path, hdr_chunks, r->nchunks);
	else if (held < hdr_chunks) {
		/* Cut short (at a chunk, or a header saying 65535). */
		log_warnx("%s: the file header declares %zu chunks, the file "
		    "holds %zu: %zu missing", r->path, hdr_chunks, held,
		    hdr_chunks - held);
		r->problems++;
	}
	if (r->unparsed > 0)
		log_warnx("%s: %" PRIu64 " recovered record%s (deleted, from "
		    "slack space) could not be parsed, e.g.: %s", r->path,
		    r->unparsed, r->unparsed == 1 ? "" : "s", r->unparsed_why);
}

static void
evtx_file_more(struct evtx_reader *r)
{
	if (r->recmore > 0)
		log_warnx("%s: %" PRIu64 " more unreadable record%s", r->path,
		    r->recmore, r->recmore == 1 ? "" : "s");
	if (r->chunkmore > 0)
		log_warnx("%s: %" PRIu64 " more chunk problem%s", r->path,
		    r->chunkmore, r->chunkmore == 1 ? "" : "s");
}

/* ---- the native path ------------------------------------------------ */

#define EVTX_PIPE_SLOTS	8	/* chunks decoded ahead, a thread */
#define EVTX_PIPE_MIN	16	/* fewer chunks: no helper threads */
#define EVTX_PREFETCH	4	/* records between prefetch and use */

/*
 * One chunk decoded ahead of its turn: its records as events, and the
 * flow key of each that is used, so that the thread that adds them to the
 * flows has the least to do.
 */
struct evtx_slot {
	struct evtx_chunk	 c;
	unsigned char			*data;	/* EVTX_CHUNK_SIZE */
	size_t				 len;
	int				 error;	/* errno of its read, or 0 */
	struct evtx_native_chunk	 nc;
	struct event			*ev;	/* nc.nevents of them */
	struct flow_prep		*prep;	/* the same */
	unsigned char			*put;	/* the same: to put */
	size_t				 cap;
	int				 native; /* committed natively */
};

/* A regular file read natively: chunk i is at its offset in fd. */
struct evtx_file {
	int			 fd;
	size_t			 size;
	size_t			 nchunks;
};

/*
 * A table's room for the flows of a file is made before reading
 * it: about one flow a record of EVTX_RESERVE_RECORD bytes (an NTLM audit
 * event takes some 500), at most EVTX_RESERVE_MAX.  The room is address
 * space until a flow is added to it; made at once, the array never moves
 * as it grows, and its pages are huge ones from the first (on a virtual
 * machine, each 4 KiB page touched for the first time costs as much as
 * reading a dozen records).  A file of more flows grows the array as
 * ever.
 */
#define EVTX_RESERVE_RECORD	400
#define EVTX_RESERVE_MAX	(1024 * 1024)

static size_t
evtx_flows_room(const struct evtx_file *m)
{
	size_t	n = m->size / EVTX_RESERVE_RECORD;

	return (n < EVTX_RESERVE_MAX ? n : EVTX_RESERVE_MAX);
}

/*
 * The chunks of one file on their way from the helper threads, which
 * decode them in any order, to the thread that uses them in file order: a
 * ring of slots, chunk i in slot i % nslots (ready: i + 1 once decoded
 * there, 0 when free).  A chunk is taken for
 * decoding only when its slot is free, that is when the chunk nslots
 * before it has been used: the decoded chunks wait in the cache, a few
 * ahead of their use.  Everything below the lock is changed under it;
 * ready and used are atomic too, so that a thread about to wait can watch
 * them for a while first (evtx_pipe_spin).
 *
 * The reading thread commits the chunks in file order: each record's
 * identity and its source's counts, which depend on that order.  The
 * flows of the used events are then put by any thread into nparts tables
 * of their own, a flow's table chosen by its key's hash, each table by one
 * thread at a time and in chunk order (evtx_pipe_put); a chunk is used
 * when every table has it.  The tables hold disjoint flows, and a flow's
 * count, times, spelling and profile do not depend on the order of its
 * events: the file's flows are the same whatever the threads did.
 */
struct evtx_pipe {
	const struct evtx_file	*file;
	struct evtx_slot	*slots;
	atomic_size_t		*ready;		/* per slot: chunk + 1 */
	size_t			 nslots;
	pthread_mutex_t		 lock;
	pthread_cond_t		 decoded;	/* a slot is ready */
	pthread_cond_t		 freed;		/* a slot free, a put */
	size_t			 next;		/* chunk to decode next */
	atomic_size_t		 used;		/* chunks used */
	atomic_size_t		 committed;	/* chunks committed */
	struct flows		**parts;	/* owned, nparts */
	size_t			 nparts;
	size_t			*pnext;		/* per table: next */
	int			*pbusy;		/* per table: in use */
};

/*
 * How long a thread that has nothing to do watches for the other threads
 * before it sleeps: a chunk takes some 40 us to decode, and a sleeping
 * thread can take longer than that to run again once it is woken (on a
 * virtual machine, its processor may have to be woken as well).
 */
#define EVTX_SPIN_NS	200000

static void
evtx_cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#endif
}

/* Watch *v (the lock not held) until it is not old, or EVTX_SPIN_NS. */
static void
evtx_pipe_spin(atomic_size_t *v, size_t old)
{
	struct timespec	t0, t;
	unsigned	k;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		for (k = 0; k < 64; k++) {
			if (atomic_load_explicit(v, memory_order_relaxed) !=
			    old)
				return;
			evtx_cpu_relax();
		}
		clock_gettime(CLOCK_MONOTONIC, &t);
		if ((t.tv_sec - t0.tv_sec) * 1000000000L +
		    (t.tv_nsec - t0.tv_nsec) > EVTX_SPIN_NS)
			return;
	}
}

/*
 * Up to len bytes of fd at off into buf: how many were read, fewer at the
 * end of the file or on an error (*error its errno, else 0).
 */
static size_t
evtx_pread(int fd, unsigned char *buf, size_t len, off_t off, int *error)
{
	size_t	done = 0;
	ssize_t	n;

	*error = 0;
	while (done < len) {
		n = pread(fd, buf + done, len - done, off + (off_t)done);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			*error = errno;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	return (done);
}

/*
 * Chunk i of m into s->data: s->len is what was read, short if the file
 * shrank meanwhile (a truncated chunk then); s->error the errno of a read
 * that failed.
 */
static void
evtx_read_chunk(const struct evtx_file *m, size_t i, struct evtx_slot *s)
{
	size_t	off = INGEST_EVTX_FILE_HEADER + i * EVTX_CHUNK_SIZE;

	if (s->data == NULL)
		s->data = xmalloc(EVTX_CHUNK_SIZE);
	s->len = evtx_pread(m->fd, s->data, m->size - off < EVTX_CHUNK_SIZE ?
	    m->size - off : EVTX_CHUNK_SIZE, (off_t)off, &s->error);
}

static void
evtx_decode(const struct evtx_file *m, size_t i, struct evtx_slot *s)
{
	const unsigned char	*p;
	size_t			 k;

	s->native = 0;
	evtx_read_chunk(m, i, s);
	if (s->error != 0)
		return;
	p = s->data;
	evtx_chunk_parse(p, s->len, &s->c);
	if (s->c.status == EVTX_CHUNK_EMPTY)
		return;
	evtx_native_chunk_read(&s->nc, p, s->len, &s->c);
	if (s->nc.declined)
		return;
	if (s->nc.nevents > s->cap) {
		s->cap = s->nc.nevents;
		s->ev = xreallocarray(s->ev, s->cap, sizeof *s->ev);
		s->prep = xreallocarray(s->prep, s->cap, sizeof *s->prep);
		s->put = xreallocarray(s->put, s->cap, sizeof *s->put);
	}
	if (s->nc.nevents > 0)
		memset(s->put, 0, s->nc.nevents * sizeof *s->put);
	for (k = 0; k < s->nc.nevents; k++) {
		evtx_native_event(&s->nc, k, &s->ev[k]);
		if (!s->nc.events[k].skipped &&
		    s->nc.events[k].unreadable == NULL)
			flows_prepare(&s->ev[k], &s->prep[k]);
	}
}

static void
evtx_slot_free(struct evtx_slot *s)
{
	evtx_native_chunk_free(&s->nc);
	free(s->data);
	free(s->ev);
	free(s->prep);
	free(s->put);
}

/* Whether chunk p->next may be taken (under the lock). */
static int
evtx_pipe_takable(const struct evtx_pipe *p)
{
	return (p->next < p->file->nchunks && p->next < atomic_load(&p->used) +
	    p->nslots);
}

/* Take chunk p->next, decode it outside the lock, mark it ready. */
static void
evtx_pipe_decode(struct evtx_pipe *p)
{
	size_t	i = p->next++;

	pthread_mutex_unlock(&p->lock);
	evtx_decode(p->file, i, &p->slots[i % p->nslots]);
	pthread_mutex_lock(&p->lock);
	atomic_store(&p->ready[i % p->nslots], i + 1);
	pthread_cond_signal(&p->decoded);
}

/* The table a flow of hash h goes to: by bits the index does not use. */
static size_t
evtx_pipe_part(const struct evtx_pipe *p, uint64_t h)
{
	return ((size_t)(h >> 32) % p->nparts);
}

/* A table with a committed chunk to put and no thread on it, or -1. */
static int
evtx_pipe_puttable(const struct evtx_pipe *p)
{
	size_t	q, committed = atomic_load(&p->committed);

	for (q = 0; q < p->nparts; q++) {
		if (!p->pbusy[q] && p->pnext[q] < committed)
			return ((int)q);
	}
	return (-1);
}

/*
 * Put the next chunk of a table that has one (under the lock, released
 * meanwhile); when every table has a chunk, its slot is free.  0 if there
 * was nothing to put.
 */
static int
evtx_pipe_put(struct evtx_pipe *p)
{
	struct evtx_slot	*s;
	size_t			 i, k, q, used;
	int			 t;

	if ((t = evtx_pipe_puttable(p)) == -1)
		return (0);
	q = (size_t)t;
	i = p->pnext[q];
	p->pbusy[q] = 1;
	pthread_mutex_unlock(&p->lock);
	s = &p->slots[i % p->nslots];
	for (k = 0; s->native && k < s->nc.nevents; k++) {
		if (k + EVTX_PREFETCH < s->nc.nevents &&
		    s->put[k + EVTX_PREFETCH] && evtx_pipe_part(p,
		    s->prep[k + EVTX_PREFETCH].hash) == q)
			flows_prefetch(p->parts[q], &s->prep[k +
			    EVTX_PREFETCH]);
		if (s->put[k] && evtx_pipe_part(p, s->prep[k].hash) == q)
			flows_put_prepared(p->parts[q], &s->ev[k],
			    &s->prep[k]);
	}
	pthread_mutex_lock(&p->lock);
	p->pbusy[q] = 0;
	p->pnext[q] = i + 1;
	used = p->pnext[0];
	for (q = 1; q < p->nparts; q++)
		used = p->pnext[q] < used ? p->pnext[q] : used;
	for (i = atomic_load(&p->used); i < used; i++)
		atomic_store(&p->ready[i % p->nslots], 0);
	atomic_store(&p->used, used);
	pthread_cond_broadcast(&p->freed);
	pthread_cond_broadcast(&p->decoded);
	return (1);
}

/* Whether every chunk is decoded and put (under the lock). */
static int
evtx_pipe_done(const struct evtx_pipe *p)
{
	return (p->next >= p->file->nchunks &&
	    atomic_load(&p->used) >= p->file->nchunks);
}

static void *
evtx_helper_main(void *arg)
{
	struct evtx_pipe	*p = arg;
	size_t			 used;

	pthread_mutex_lock(&p->lock);
	while (!evtx_pipe_done(p)) {
		/* Chunks put free their slots: before any decoding. */
		if (evtx_pipe_put(p))
			continue;
		if (evtx_pipe_takable(p)) {
			evtx_pipe_decode(p);
			continue;
		}
		/* Nothing to do: sleep until a chunk is committed or put. */
		used = atomic_load(&p->used);
		while (!evtx_pipe_done(p) && !evtx_pipe_takable(p) &&
		    evtx_pipe_puttable(p) == -1 &&
		    atomic_load(&p->used) == used)
			pthread_cond_wait(&p->freed, &p->lock);
	}
	pthread_mutex_unlock(&p->lock);
	return (NULL);
}

/*
 * Until chunk i is decoded, with the lock held: decode one ahead while
 * that can be done, else watch for it, then sleep.
 */
static void
evtx_pipe_wait(struct evtx_pipe *p, size_t i)
{
	atomic_size_t	*ready = &p->ready[i % p->nslots];
	size_t		 old;

	/* The slot may still hold the chunk nslots before, until put. */
	while ((old = atomic_load(ready)) != i + 1) {
		if (evtx_pipe_put(p))
			continue;
		if (evtx_pipe_takable(p)) {
			evtx_pipe_decode(p);
			continue;
		}
		pthread_mutex_unlock(&p->lock);
		evtx_pipe_spin(ready, old);
		pthread_mutex_lock(&p->lock);
		while (atomic_load(ready) != i + 1 && !evtx_pipe_takable(p) &&
		    evtx_pipe_puttable(p) == -1)
			pthread_cond_wait(&p->decoded, &p->lock);
	}
}

/*
 * System/EventRecordID and System/Channel of record k of nc as
 * evtx_xml_system finds them in libevtx's XML: 0, or -1 if it has no id.
 */
static int
evtx_native_sys(const struct evtx_native_chunk *nc, size_t k, uint64_t *id,
    char *channel, size_t len)
{
	const struct evtx_native_event	*e = &nc->events[k];
	const char			*c;

	if (!e->has_sys_record_id || e->sys_record_id == 0 ||
	    e->sys_record_id > INT64_MAX)
		return (-1);
	*id = e->sys_record_id;
	channel[0] = '\0';
	if (e->channel != EVTX_NATIVE_NONE &&
	    strlen(c = nc->arena + e->channel) < len)
		memcpy(channel, c, strlen(c) + 1);
	return (0);
}

/*
 * How the records of a natively read chunk get their ids, as
 * evtx_window_ids chooses for the libevtx path: from the first and the last
 * record.
 */
static void
evtx_native_ids(struct evtx_reader *r, const struct evtx_native_chunk *nc)
{
	const struct evtx_native_event	*a, *b;
	uint64_t			 xa = 0, xb = 0;
	char				 cb[sizeof r->channel];

	r->idmode = EVTX_IDS_PER_RECORD;
	r->channel[0] = '\0';
	if (nc->nevents == 0)
		return;
	a = &nc->events[0];
	b = &nc->events[nc->nevents - 1];
	if (evtx_native_sys(nc, 0, &xa, r->channel, sizeof r->channel) == 0 &&
	    evtx_native_sys(nc, nc->nevents - 1, &xb, cb, sizeof cb) == 0 &&
	    b->record_id >= a->record_id && xb >= xa &&
	    b->record_id - a->record_id == xb - xa &&
	    strcmp(r->channel, cb) == 0) {
		r->idmode = EVTX_IDS_CONTIGUOUS;
		r->hdr_first = a->record_id;
		r->xml_first = xa;
	}
}

/*
 * Record k of nc, ev as evtx_native_event made it, accounted as
 * evtx_identity does; 1: a duplicate.
 */
static int
evtx_native_identity(struct evtx_reader *r,
    const struct evtx_native_chunk *nc, size_t k, struct event *ev)
{
	const char	*computer;
	uint64_t	 id = 0;

	computer = ev->computer;
	if (computer != NULL)
		evtx_host(r, computer);
	else
		ev->computer = r->host;
	ev->channel = NULL;
	if (r->idmode == EVTX_IDS_CONTIGUOUS &&
	    nc->events[k].record_id >= r->hdr_first) {
		ev->record_id = nc->events[k].record_id - r->hdr_first +
		    r->xml_first;
		ev->channel = r->channel[0] != '\0' ? r->channel : NULL;
	} else if (evtx_native_sys(nc, k, &id, r->rec_channel,
	    sizeof r->rec_channel) == 0) {
		ev->record_id = id;
		ev->channel = r->rec_channel[0] != '\0' ? r->rec_channel :
		    NULL;
	} else
		ev->record_id = 0;
	if (evtx_account(r, ev))
		return (1);
	ev->computer = computer;
	return (0);
}

/* Use chunk i as decoded into s: natively, or through libevtx. */
static void
evtx_commit(struct evtx_reader *r, size_t i, struct evtx_slot *s,
    unsigned char *win, size_t hdr_chunks)
{
	struct source	*src = r->src;
	uint64_t	 before;
	size_t		 k;

	if (s->error != 0) {
		/* Its records are not known: the chunk is the problem. */
		evtx_warn_chunk(r, i, "%s", strerror(s->error));
		return;
	}
	evtx_report_chunk(r, i, &s->c, s->len, hdr_chunks);
	if (s->c.status == EVTX_CHUNK_EMPTY)
		return;
	r->nchunks = i + 1;
	if (s->nc.declined) {
		if (r->fallback++ == 0)
			snprintf(r->fallback_why, sizeof r->fallback_why,
			    "chunk %zu: %s", i, s->nc.why);
		memcpy(win + INGEST_EVTX_FILE_HEADER, s->data, s->len);
		evtx_libevtx_chunk(r, i, &s->c, win, s->len);
		return;
	}
	r->native++;
	r->chunk = i;
	free(r->chunk_host);
	r->chunk_host = NULL;
	r->chunk_mixed = 0;
	evtx_native_ids(r, &s->nc);
	before = src->records;
	src->records += s->nc.records;
	for (k = 0; k < s->nc.nevents; k++) {
		/* The index slot of a flow a few records on (cache miss). */
		if (!r->parted && k + EVTX_PREFETCH < s->nc.nevents &&
		    !s->nc.events[k + EVTX_PREFETCH].skipped &&
		    s->nc.events[k + EVTX_PREFETCH].unreadable == NULL)
			flows_prefetch(r->fl, &s->prep[k + EVTX_PREFETCH]);
		if (evtx_native_identity(r, &s->nc, k, &s->ev[k]))
			continue;	/* a duplicate, counted */
		if (s->nc.events[k].skipped) {
			evtx_observe(&s->ev[k], 1, 0,
			    s->nc.events[k].record_id);
			flows_source_skip(src, s->ev[k].id);
		} else if (s->nc.events[k].unreadable != NULL) {
			src->unreadable++;
			r->problems++;
			evtx_warn_record(r, 0, s->nc.events[k].record_id, 1,
			    "event %d: %s", s->ev[k].id,
			    s->nc.events[k].unreadable);
		} else if (r->parted) {
			/* The source's part now, the flow's by the pipe. */
			evtx_observe(&s->ev[k], 0, 0,
			    s->nc.events[k].record_id);
			s->put[k] = flows_account_prepared(r->fl, src,
			    &s->ev[k], &s->prep[k]) == 0;
		} else
			evtx_emit(r, &s->ev[k], &s->prep[k], 0,
			    s->nc.events[k].record_id);
	}
	s->native = 1;
	/* As evtx_libevtx_chunk: the declared ids are in the file. */
	if (r->idmode == EVTX_IDS_CONTIGUOUS && !r->chunk_mixed &&
	    r->chunk_host != NULL && r->channel[0] != '\0' &&
	    s->c.first_id >= r->hdr_first && s->c.last_id >= s->c.first_id)
		flows_record_range(r->fl, r->chunk_host, r->channel,
		    s->c.first_id - r->hdr_first + r->xml_first,
		    s->c.last_id - r->hdr_first + r->xml_first);
	if (s->nc.slack) {
		/* Records left in its slack space: libevtx recovers them. */
		memcpy(win + INGEST_EVTX_FILE_HEADER, s->data, s->len);
		evtx_window(r, i, win, INGEST_EVTX_FILE_HEADER + s->len, &s->c,
		    &s->nc);
	}
	if (before / INGEST_EVTX_PROGRESS != src->records / INGEST_EVTX_PROGRESS)
		progress_records(src->path, src->records);
}

/*
 * Read the chunks of m in order.  With helper threads, they decode the
 * chunks ahead through the pipe, and this thread decodes too whenever the
 * chunk it is to use next is not ready: the events reach flows in file
 * order whatever the number of threads.
 */
static void
evtx_chunks(struct evtx_reader *r, const struct evtx_file *m,
    unsigned char *win, size_t hdr_chunks)
{
	struct evtx_pipe	 p;
	struct evtx_slot	 one = { 0 }, *s;
	pthread_t		*h;
	size_t			 nh, i, k, done;
	int			 disjoint;

	nh = ingest_evtx_threads > 1 ? (size_t)ingest_evtx_threads - 1 : 0;
	if (m->nchunks < EVTX_PIPE_MIN)
		nh = 0;
	if (nh == 0) {
		flows_reserve(r->fl, evtx_flows_room(m));
		evtx_native_chunk_init(&one.nc);
		for (i = 0; i < m->nchunks; i++) {
			evtx_decode(m, i, &one);
			evtx_commit(r, i, &one, win, hdr_chunks);
		}
		evtx_slot_free(&one);
		return;
	}
	memset(&p, 0, sizeof p);
	p.file = m;
	p.nslots = (nh + 1) * EVTX_PIPE_SLOTS;
	p.slots = xcalloc(p.nslots, sizeof *p.slots);
	p.ready = xcalloc(p.nslots, sizeof *p.ready);
	for (k = 0; k < p.nslots; k++)
		atomic_init(&p.ready[k], 0);
	atomic_init(&p.used, 0);
	atomic_init(&p.committed, 0);
	p.nparts = nh + 1;
	p.parts = xcalloc(p.nparts, sizeof *p.parts);
	p.pnext = xcalloc(p.nparts, sizeof *p.pnext);
	p.pbusy = xcalloc(p.nparts, sizeof *p.pbusy);
	/*
	 * A flow goes to one of the tables by its hash; the first table
	 * becomes the file's if it has none yet, and the others' flows are
	 * then appended to it: room for them all there.
	 */
	for (k = 0; k < p.nparts; k++) {
		p.parts[k] = flows_create();
		flows_reserve(p.parts[k], k == 0 ? evtx_flows_room(m) :
		    evtx_flows_room(m) / p.nparts + evtx_flows_room(m) / 8);
	}
	for (k = 0; k < p.nslots; k++)
		evtx_native_chunk_init(&p.slots[k].nc);
	if (pthread_mutex_init(&p.lock, NULL) != 0 ||
	    pthread_cond_init(&p.decoded, NULL) != 0 ||
	    pthread_cond_init(&p.freed, NULL) != 0)
		fatalx("pthread_mutex_init failed");
	h = xcalloc(nh, sizeof *h);
	for (k = 0; k < nh; k++)
		if (pthread_create(&h[k], NULL, evtx_helper_main, &p) != 0)
			fatalx("pthread_create failed");
	r->parted = 1;
	pthread_mutex_lock(&p.lock);
	for (i = 0; i < m->nchunks; i++) {
		s = &p.slots[i % p.nslots];
		evtx_pipe_wait(&p, i);
		pthread_mutex_unlock(&p.lock);
		evtx_commit(r, i, s, win, hdr_chunks);
		pthread_mutex_lock(&p.lock);
		atomic_store(&p.committed, i + 1);
		pthread_cond_broadcast(&p.freed);
	}
	/* Put what is left, with the helpers. */
	while (!evtx_pipe_done(&p)) {
		if (evtx_pipe_put(&p))
			continue;
		done = atomic_load(&p.used);
		while (!evtx_pipe_done(&p) && evtx_pipe_puttable(&p) == -1 &&
		    atomic_load(&p.used) == done)
			pthread_cond_wait(&p.decoded, &p.lock);
	}
	pthread_mutex_unlock(&p.lock);
	for (k = 0; k < nh; k++)
		pthread_join(h[k], NULL);
	free(h);
	r->parted = 0;
	/* The tables' flows into the file's: disjoint if it had none. */
	disjoint = flows_count(r->fl) == 0;
	for (k = 0; k < p.nparts; k++) {
		flows_absorb(r->fl, p.parts[k], disjoint);
		flows_free(p.parts[k]);
	}
	free(p.parts);
	free(p.pnext);
	free(p.pbusy);
	pthread_cond_destroy(&p.freed);
	pthread_cond_destroy(&p.decoded);
	pthread_mutex_destroy(&p.lock);
	for (k = 0; k < p.nslots; k++)
		evtx_slot_free(&p.slots[k]);
	free(p.slots);
	free(p.ready);
}

/*
 * The native path: every chunk of a regular file decoded by evtx-native.c
 * or, where it declines, read through libevtx.  Returns as
 * ingest_evtx_read, or -2 if path is not a regular file that holds a file
 * header (then read it with stdio).
 */
static int
evtx_read_native(struct evtx_reader *r, const char *path)
{
	struct evtx_file	 m;
	struct stat		 st;
	unsigned char		*win;
	size_t			 hdr_chunks;
	int			 fd, error, rc = -1;

	if ((fd = open(path, O_RDONLY)) == -1)
		return (-2);
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_size < INGEST_EVTX_FILE_HEADER ||
	    (uint64_t)st.st_size > SIZE_MAX) {
		close(fd);
		return (-2);
	}
	win = xmalloc(INGEST_EVTX_FILE_HEADER + EVTX_CHUNK_SIZE);
	if (evtx_pread(fd, win, INGEST_EVTX_FILE_HEADER, 0, &error) !=
	    INGEST_EVTX_FILE_HEADER) {
		/* Shrunk since fstat, or unreadable: stdio says which. */
		close(fd);
		free(win);
		return (-2);
	}
	(void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	m.fd = fd;
	m.size = (size_t)st.st_size;
	m.nchunks = (m.size - INGEST_EVTX_FILE_HEADER +
	    EVTX_CHUNK_SIZE - 1) / EVTX_CHUNK_SIZE;
	if (evtx_file_header(r, win, INGEST_EVTX_FILE_HEADER,
	    &hdr_chunks) == 0) {
		evtx_chunks(r, &m, win, hdr_chunks);
		evtx_file_done(r, hdr_chunks, m.nchunks);
		if (r->fallback > 0)
			log_info("%s: %zu of %zu chunks read through libevtx "
			    "(native reader declined %s)", path, r->fallback,
			    r->fallback + r->native, r->fallback_why);
		rc = r->problems;
	}
	evtx_file_more(r);
	close(fd);
	free(win);
	free(r->name);
	free(r->strings);
	free(r->host);
	free(r->chunk_host);
	return (rc);
}

void
ingest_evtx_set_reader(int reader)
{
	ingest_evtx_reader = reader;
}

void
ingest_evtx_set_observer(void (*fn)(const struct event *,
    const struct ingest_evtx_seen *, void *), void *arg)
{
	ingest_evtx_observer = fn;
	ingest_evtx_observer_arg = arg;
}

void
ingest_evtx_set_threads(int n)
{
	ingest_evtx_threads = n < 1 ? 1 : n;
}

int
ingest_evtx_read(struct flows *fl, struct source *src, const char *path)
{
	struct evtx_reader	 r;
	struct evtx_chunk c;
	FILE			*f;
	unsigned char		*win = NULL, *chunk;
	size_t			 len, i, hdr_chunks;
	int			 rc = -1;

	memset(&r, 0, sizeof r);
	r.fl = fl;
	r.src = src;
	r.path = path;
	if (ingest_evtx_reader == INGEST_EVTX_READER_NATIVE &&
	    (rc = evtx_read_native(&r, path)) != -2)
		return (rc);
	rc = -1;
	if ((f = fopen(path, "rb")) == NULL) {
		log_warnx("%s: %s", path, strerror(errno));
		return (-1);
	}
	win = xmalloc(INGEST_EVTX_FILE_HEADER + EVTX_CHUNK_SIZE);
	chunk = win + INGEST_EVTX_FILE_HEADER;
	len = fread(win, 1, INGEST_EVTX_FILE_HEADER, f);
	if (evtx_file_header(&r, win, len, &hdr_chunks) != 0)
		goto out;
	for (i = 0; (len = fread(chunk, 1, EVTX_CHUNK_SIZE, f)) > 0;
	    i++) {
		evtx_chunk_parse(chunk, len, &c);
		evtx_report_chunk(&r, i, &c, len, hdr_chunks);
		if (c.status == EVTX_CHUNK_EMPTY)
			continue;
		r.nchunks = i + 1;
		evtx_libevtx_chunk(&r, i, &c, win, len);
	}
	if (ferror(f)) {
		log_warnx("%s: chunk %zu: %s", path, i, strerror(errno));
		r.problems++;
	}
	evtx_file_done(&r, hdr_chunks, i);
	rc = r.problems;
out:
	evtx_file_more(&r);
	fclose(f);
	free(win);
	free(r.name);
	free(r.strings);
	free(r.host);
	free(r.chunk_host);
	return (rc);
}
