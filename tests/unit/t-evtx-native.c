/*
 * t-evtx-native.c: unit tests of evtx-native.c, the native EVTX reader:
 * its UTF-16 conversion and limits, hostile chunks (declined, never read
 * out of bounds), and every event of the fixtures through both readers,
 * field by field (the flow files compare only the fields flows use).
 *
 * With file operands ("t-evtx-native FILE..."), only the field-by-field
 * comparison runs, on those files: tests/cli/evtx-native.sh uses it on
 * its generated corpus and the real logs.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "evtx-chunk.h"
#include "evtx-native.h"
#include "flows.h"
#include "ingest-evtx.h"
#include "tap.h"
#include "xmalloc.h"

/* Every event seen, one text line each. */
struct dump {
	char	*buf;
	size_t	 len;
	size_t	 cap;
	size_t	 nchannel;	/* events with a channel */
};

static void
dump_add(struct dump *d, const char *s)
{
	size_t	n = strlen(s);

	if (d->len + n + 1 > d->cap) {
		d->cap = (d->len + n + 1) * 2;
		d->buf = xreallocarray(d->buf, d->cap, 1);
	}
	memcpy(d->buf + d->len, s, n + 1);
	d->len += n;
}

static void
dump_event(const struct event *ev, const struct ingest_evtx_seen *seen,
    void *arg)
{
	struct dump	*d = arg;
	char		 head[128];
	int		 i;

	if (seen->skipped)
		return;
	snprintf(head, sizeof head, "%d %lld %llu |", ev->id,
	    (long long)ev->time, (unsigned long long)ev->record_id);
	dump_add(d, head);
	dump_add(d, ev->provider != NULL ? ev->provider : "(null)");
	dump_add(d, "|");
	dump_add(d, ev->computer != NULL ? ev->computer : "(null)");
	dump_add(d, "|");
	dump_add(d, ev->channel != NULL ? ev->channel : "(null)");
	for (i = 0; i < ev->nfields; i++) {
		dump_add(d, "|");
		dump_add(d, ev->fields[i] != NULL ? ev->fields[i] : "(null)");
	}
	dump_add(d, "\n");
	if (ev->channel != NULL)
		d->nchannel++;
}

/* Read path with reader into d; the source's counts in c[4]. */
static void
read_with(const char *path, int reader, int threads, struct dump *d,
    uint64_t c[4])
{
	struct flows	*fl = flows_create();
	struct source	*src = flows_add_source(fl, path);

	memset(d, 0, sizeof *d);
	ingest_evtx_set_reader(reader);
	ingest_evtx_set_threads(threads);
	ingest_evtx_set_observer(dump_event, d);
	(void)ingest_evtx_read(fl, src, path);
	ingest_evtx_set_observer(NULL, NULL);
	ingest_evtx_set_reader(INGEST_EVTX_READER_NATIVE);
	ingest_evtx_set_threads(1);
	c[0] = src->records;
	c[1] = src->used;
	c[2] = src->skipped;
	c[3] = src->unreadable;
	flows_free(fl);
}

/* The first line where a and b differ, for the diagnostics. */
static void
diag_first_diff(const char *a, const char *b)
{
	const char	*la = a, *lb = b;

	while (*a != '\0' && *a == *b) {
		if (*a == '\n') {
			la = a + 1;
			lb = b + 1;
		}
		a++;
		b++;
	}
	diag("libevtx: %.200s", la);
	diag("native:  %.200s", lb);
}

static size_t
lines(const char *s)
{
	size_t	n = 0;

	for (; *s != '\0'; s++)
		n += *s == '\n';
	return (n);
}

/* Both readers give the same events and counts for path. */
static void
same_events(const char *path, int dropped_at_end)
{
	struct dump	 a, b;
	uint64_t	 ca[4], cb[4];
	const char	*sa, *sb;

	read_with(path, INGEST_EVTX_READER_LIBEVTX, 1, &a, ca);
	read_with(path, INGEST_EVTX_READER_NATIVE, 1, &b, cb);
	sa = a.buf != NULL ? a.buf : "";
	sb = b.buf != NULL ? b.buf : "";
	if (dropped_at_end) {
		/* The native reader also reads what libevtx drops. */
		ok(lines(sb) == lines(sa) + (size_t)dropped_at_end &&
		    lines(sa) > 0, "%s: native gives libevtx's %zu events "
		    "and %d more", path, lines(sa), dropped_at_end);
		ok(ca[0] == cb[0] && cb[3] + (uint64_t)dropped_at_end == ca[3],
		    "%s: native reads the %d record%s libevtx drops", path,
		    dropped_at_end, dropped_at_end == 1 ? "" : "s");
	} else {
		if (!ok(strcmp(sa, sb) == 0, "%s: same events, field by field",
		    path))
			diag_first_diff(sa, sb);
		ok(ca[0] > 0 && memcmp(ca, cb, sizeof ca) == 0, "%s: same counts (%llu "
		    "records, %llu used, %llu skipped, %llu unreadable)", path,
		    (unsigned long long)ca[0], (unsigned long long)ca[1],
		    (unsigned long long)ca[2], (unsigned long long)ca[3]);
		if (memcmp(ca, cb, sizeof ca) != 0)
			diag("native: %llu %llu %llu %llu",
			    (unsigned long long)cb[0],
			    (unsigned long long)cb[1],
			    (unsigned long long)cb[2],
			    (unsigned long long)cb[3]);
	}
	free(a.buf);
	free(b.buf);
}

/* -j N gives the events of -j 1 in the same order. */
static void
same_threads(const char *path)
{
	struct dump	 a, b;
	uint64_t	 ca[4], cb[4];

	read_with(path, INGEST_EVTX_READER_NATIVE, 1, &a, ca);
	read_with(path, INGEST_EVTX_READER_NATIVE, 3, &b, cb);
	ok(strcmp(a.buf != NULL ? a.buf : "", b.buf != NULL ? b.buf : "") ==
	    0 && ca[0] > 0 && memcmp(ca, cb, sizeof ca) == 0,
	    "%s: 3 threads give what 1 gives", path);
	free(a.buf);
	free(b.buf);
}

static void
test_utf16(void)
{
	struct evtx_native_chunk	 ch;
	static const unsigned char	 abc[] = { 'a', 0, 'b', 0, 'c', 0 };
	static const unsigned char	 nul[] = { 'a', 0, 0, 0, 'b', 0 };
	static const unsigned char	 pair[] = { 0x3d, 0xd8, 0x00, 0xde };
	static const unsigned char	 lone[] = { 'a', 0, 0x00, 0xd8, 'b', 0 };
	static const unsigned char	 low[] = { 0x00, 0xdc };
	static const unsigned char	 first[] = { 0x00, 0xd8, 0x00, 0xdc };
	static const unsigned char	 repl[] = { 0xfd, 0xff };
	static const unsigned char	 e9[] = { 0xe9, 0x00, 0x2d, 0x4e };
	uint32_t			 o;

	evtx_native_chunk_init(&ch);
	o = evtx_native_utf16(&ch, abc, sizeof abc, 100);
	is_str(ch.arena + o, "abc", "utf16: ASCII");
	o = evtx_native_utf16(&ch, nul, sizeof nul, 100);
	is_str(ch.arena + o, "a", "utf16: ends at the first NUL");
	o = evtx_native_utf16(&ch, pair, sizeof pair, 100);
	/* libevtx's libuna gives U+1F600 as U+1F201: so does the reader. */
	is_str(ch.arena + o, "\xf0\x9f\x88\x81", "utf16: a surrogate pair "
	    "(non-BMP) as libevtx decodes it");
	o = evtx_native_utf16(&ch, first, sizeof first, 100);
	is_str(ch.arena + o, "\xef\xb0\x81", "utf16: U+10000 as libevtx "
	    "decodes it (U+FC01)");
	o = evtx_native_utf16(&ch, e9, sizeof e9, 100);
	is_str(ch.arena + o, "\xc3\xa9\xe4\xb8\xad", "utf16: 2- and 3-byte "
	    "UTF-8");
	ok(evtx_native_utf16(&ch, lone, sizeof lone, 100) == EVTX_NATIVE_NONE,
	    "utf16: a lone high surrogate is declined");
	ok(evtx_native_utf16(&ch, pair, 2, 100) == EVTX_NATIVE_NONE,
	    "utf16: a high surrogate at the end is declined");
	ok(evtx_native_utf16(&ch, low, sizeof low, 100) == EVTX_NATIVE_NONE,
	    "utf16: a lone low surrogate is declined");
	ok(evtx_native_utf16(&ch, repl, sizeof repl, 100) == EVTX_NATIVE_NONE,
	    "utf16: U+FFFD is declined (libevtx's path calls it invalid)");
	ok(evtx_native_utf16(&ch, abc, sizeof abc, 3) == EVTX_NATIVE_NONE,
	    "utf16: longer than the limit with its NUL is declined");
	o = evtx_native_utf16(&ch, abc, sizeof abc, 4);
	is_str(ch.arena + o, "abc", "utf16: exactly the limit is read");
	evtx_native_chunk_free(&ch);
}

/* Chunk i of the fixture into buf. */
static size_t
fixture_chunk(const char *name, int i, unsigned char *buf)
{
	FILE	*f;
	size_t	 n = 0;

	if ((f = fopen(testdata(name), "rb")) == NULL)
		return (0);
	if (fseek(f, INGEST_EVTX_FILE_HEADER + (long)i *
	    EVTX_CHUNK_SIZE, SEEK_SET) == 0)
		n = fread(buf, 1, EVTX_CHUNK_SIZE, f);
	fclose(f);
	return (n);
}

/* Damage at every offset of the records area is declined or read. */
static void
test_hostile(void)
{
	struct evtx_native_chunk	 ch;
	struct evtx_chunk	 c;
	unsigned char			*buf, *bad;
	size_t				 n, off, read = 0, declined = 0;
	int				 rv;

	buf = xmalloc(EVTX_CHUNK_SIZE);
	bad = xmalloc(EVTX_CHUNK_SIZE);
	n = fixture_chunk("evtx/all-types.evtx", 0, buf);
	ok(n == EVTX_CHUNK_SIZE, "all-types: chunk 0 read");
	evtx_native_chunk_init(&ch);
	evtx_chunk_parse(buf, n, &c);
	rv = evtx_native_chunk_read(&ch, buf, n, &c);
	ok(rv == 0 && ch.records == 18 && ch.nevents > 0,
	    "all-types: chunk 0 read natively (%llu records, %zu events)",
	    (unsigned long long)ch.records, ch.nevents);
	/*
	 * Every byte of the first records set to 0xff in turn, the CRC32s
	 * made right again: each result is a clean read or a decline.
	 */
	for (off = EVTX_CHUNK_HEADER; off < c.free_offset &&
	    off < 4096; off++) {
		memcpy(bad, buf, n);
		bad[off] ^= 0xff;
		bad[52] = 0;	/* records CRC32 */
		{
			uint32_t crc = evtx_chunk_crc32(0,
			    bad + EVTX_CHUNK_HEADER,
			    c.free_offset - EVTX_CHUNK_HEADER);
			bad[52] = crc & 0xff;
			bad[53] = (crc >> 8) & 0xff;
			bad[54] = (crc >> 16) & 0xff;
			bad[55] = crc >> 24;
		}
		{
			uint32_t crc = evtx_chunk_crc32(0, bad, 120);
			crc = evtx_chunk_crc32(crc, bad + 128,
			    EVTX_CHUNK_HEADER - 128);
			bad[124] = crc & 0xff;
			bad[125] = (crc >> 8) & 0xff;
			bad[126] = (crc >> 16) & 0xff;
			bad[127] = crc >> 24;
		}
		evtx_chunk_parse(bad, n, &c);
		if (evtx_native_chunk_read(&ch, bad, n, &c) == 0)
			read++;
		else
			declined++;
		evtx_chunk_parse(buf, n, &c);
	}
	ok(read + declined > 3000 && declined > 0,
	    "hostile: %zu damaged chunks read, %zu declined, none out of "
	    "bounds", read, declined);
	memset(bad, 0, n);
	memcpy(bad, buf, EVTX_CHUNK_HEADER);
	evtx_chunk_parse(bad, n, &c);
	ok(evtx_native_chunk_read(&ch, bad, n, &c) == -1 && ch.why[0] != '\0',
	    "hostile: a chunk whose records are gone is declined: %s",
	    ch.why);
	evtx_chunk_parse(buf, n - 1, &c);
	ok(evtx_native_chunk_read(&ch, buf, n - 1, &c) == -1,
	    "hostile: a truncated chunk is declined");
	evtx_native_chunk_free(&ch);
	free(buf);
	free(bad);
}

static uint32_t
get32(const unsigned char *p)
{
	return ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24);
}

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = (v >> 16) & 0xff;
	p[3] = v >> 24;
}

/* Make the chunk's two CRC32s right again after an edit. */
static void
fix_crcs(unsigned char *p)
{
	uint32_t	free_off = get32(p + 48), crc;

	put32(p + 52, evtx_chunk_crc32(0, p + EVTX_CHUNK_HEADER,
	    free_off - EVTX_CHUNK_HEADER));
	crc = evtx_chunk_crc32(0, p, 120);
	crc = evtx_chunk_crc32(crc, p + 128, EVTX_CHUNK_HEADER - 128);
	put32(p + 124, crc);
}

/* Declined with a reason holding want, after the edit of the caller. */
static void
declined_for(const char *name, unsigned char *p, const char *want)
{
	struct evtx_native_chunk	ch;
	struct evtx_chunk	c;
	int				rv;

	fix_crcs(p);
	evtx_native_chunk_init(&ch);
	evtx_chunk_parse(p, EVTX_CHUNK_SIZE, &c);
	rv = evtx_native_chunk_read(&ch, p, EVTX_CHUNK_SIZE, &c);
	if (!ok(rv == -1 && strstr(ch.why, want) != NULL, "binary XML: %s: "
	    "declined (%s)", name, want))
		diag("rv %d, why: %s", rv, ch.why);
	evtx_native_chunk_free(&ch);
}

/*
 * The first record of all-types (its template inline) edited where
 * libevtx refuses it or might read it otherwise: each is declined.
 * Offsets: the record at 512, its fragment at 536, the template instance
 * at 540, the inline definition at 550 (data size at 570, data at 574:
 * fragment header, then the root element's token at 578, its size at 581).
 */
static void
test_binxml(void)
{
	unsigned char	*buf, *p;
	size_t		 vals, data, need, i;
	uint32_t	 n;

	buf = xmalloc(EVTX_CHUNK_SIZE);
	p = xmalloc(EVTX_CHUNK_SIZE);
	if (fixture_chunk("evtx/all-types.evtx", 0, buf) !=
	    EVTX_CHUNK_SIZE || buf[578] != 0x41) {
		ok(0, "binary XML: all-types chunk 0 as expected");
		free(buf);
		free(p);
		return;
	}
	vals = 574 + get32(buf + 570);
	n = get32(buf + vals);
	data = vals + 4 + 4 * (size_t)n;
	for (need = 0, i = 0; i < n; i++)
		need += buf[vals + 4 + 4 * i] | buf[vals + 5 + 4 * i] << 8;

	memcpy(p, buf, EVTX_CHUNK_SIZE);
	p[581]++;
	declined_for("an element size one too large", p, "element size");
	memcpy(p, buf, EVTX_CHUNK_SIZE);
	p[578] = 0x07;		/* CDATA */
	declined_for("a CDATA section for the root", p, "no element");
	memcpy(p, buf, EVTX_CHUNK_SIZE);
	p[vals + 4 + 4 * 11 + 2] = 0x00;	/* ThreadID, normal */
	declined_for("a NULL value in a normal substitution", p,
	    "value 11: type 0x00");
	memcpy(p, buf, EVTX_CHUNK_SIZE);
	p[vals + 4 + 4 * 2 + 2] = 0x21;	/* EventID as binary XML */
	declined_for("binary XML where the template has none", p,
	    "value 2: type 0x21");
	memcpy(p, buf, EVTX_CHUNK_SIZE);
	p[data + need] = 0x3a;
	declined_for("a token after the template instance", p,
	    "no end after the values");
	memcpy(p, buf, EVTX_CHUNK_SIZE);
	put32(p + vals, n + 1000);
	declined_for("more values than the record holds", p,
	    "values past its end");
	memcpy(p, buf, EVTX_CHUNK_SIZE);
	put32(p + 546, 60000);		/* template offset */
	declined_for("a template offset ahead", p, "template offset ahead");
	memcpy(p, buf, EVTX_CHUNK_SIZE);
	put32(p + 585, get32(p + 585) + 8);	/* root's name offset */
	declined_for("a name offset ahead", p, "name offset ahead");
	memcpy(p, buf, EVTX_CHUNK_SIZE);
	p[40] = 189;		/* the chunk header's size */
	declined_for("a chunk header size libevtx refuses", p,
	    "chunk header size");
	/* Substitution 0xffff (found by fuzzing: its count wrapped). */
	memcpy(p, buf, EVTX_CHUNK_SIZE);
	for (i = 578; i + 4 < vals; i++) {
		if (p[i] == 0x0d && p[i + 1] == 0 && p[i + 2] == 0 &&
		    p[i + 3] == 0x01) {
			p[i + 1] = p[i + 2] = 0xff;
			break;
		}
	}
	declined_for("substitution 65535", p, "substitution 65535 of");
	memcpy(p, buf, EVTX_CHUNK_SIZE);
	p[589 + 8 + 2 * 5 + 1] = 0xf6;	/* "Event" without its NUL */
	declined_for("a name without its NUL", p, "name without its NUL");
	free(buf);
	free(p);
}

int
main(int argc, char **argv)
{
	static const char *const fixtures[] = {
		"all-types", "three-chunks", "bad-signature",
		"bad-header-crc", "bad-records-crc", "bad-file-crc",
		"truncated", "bad-strings", "bad-xml", "header-chunks"
	};
	char	path[1024];
	size_t	i;
	int	k;

	if (argc > 1) {
		for (k = 1; k < argc; k++) {
			same_events(argv[k], 0);
			same_threads(argv[k]);
		}
		return (done_testing());
	}
	test_utf16();
	test_hostile();
	test_binxml();
	for (i = 0; i < sizeof fixtures / sizeof fixtures[0]; i++) {
		snprintf(path, sizeof path, "evtx/%s.evtx", fixtures[i]);
		same_events(testdata(path), 0);
	}
	same_events(testdata("evtx/chunk-end.evtx"), 1);
	same_events(testdata("evtx/multi-chunk.evtx"), 1);
	same_threads(testdata("evtx/multi-chunk.evtx"));
	same_events(testdata("samples/dc-8004-recovered.evtx"), 0);
	same_events(testdata("samples/client-8001-recovered.evtx"), 0);
	return (done_testing());
}
