/*
 * fuzz-evtx-native.c: libFuzzer target of the native EVTX reader
 * (planner/evtx-native.c), differential against libevtx.
 *
 * The input is one chunk (cut or zero-padded to 64 KiB) whose signature and
 * two CRC32s are set right, so that the decoder gets past the checks.  The
 * decoded events must point into the chunk's arena, NUL-terminated.  When
 * the native reader accepts the chunk, the chunk is written behind a file
 * header and read by ingest_evtx_read through both readers: both must give
 * the same events, field by field, and the same counts, or the target
 * aborts.  Where the native reader reads more, it is by what it documents:
 * the records libevtx 20181227 cannot parse (no template instance, counted
 * by the decoder) and a record that ends at the chunk's end; then libevtx's
 * events must be among the native reader's, in order.
 *
 * Standalone: clang -fsanitize=fuzzer,address,undefined with the library
 * (see tests/fuzz/README.evtx-native); in the fuzz framework: the target
 * "evtx-native" of FUZZ_TARGETS.
 */
#include "config.h"

#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "event.h"
#include "evtx-chunk.h"
#include "evtx-native.h"
#include "flows.h"
#include "ingest-evtx.h"
#include "xmalloc.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = (v >> 16) & 0xff;
	p[3] = v >> 24;
}

struct dump {
	char	*buf;
	size_t	 len;
};

static void
dump_str(struct dump *d, const char *s)
{
	size_t	n = s != NULL ? strlen(s) : 6;

	d->buf = xreallocarray(d->buf, d->len + n + 2, 1);
	memcpy(d->buf + d->len, s != NULL ? s : "(null)", n);
	d->len += n;
	d->buf[d->len++] = '|';
	d->buf[d->len] = '\0';
}

static void
dump_event(const struct event *ev, const struct ingest_evtx_seen *seen,
    void *arg)
{
	struct dump	*d = arg;
	char		 head[96];
	int		 i;

	if (seen->skipped)
		return;
	snprintf(head, sizeof head, "\n%d %lld %llu", ev->id,
	    (long long)ev->time, (unsigned long long)ev->record_id);
	dump_str(d, head);
	dump_str(d, ev->provider);
	dump_str(d, ev->computer);
	for (i = 0; i < ev->nfields; i++)
		dump_str(d, ev->fields[i]);
}

static void
read_file(const char *path, int reader, struct dump *d, uint64_t c[4])
{
	struct flows	*fl = flows_create();
	struct source	*src = flows_add_source(fl, path);
	int		 saved, null;

	/* The readers' warnings are not the fuzzer's. */
	fflush(stderr);
	saved = dup(2);
	if ((null = open("/dev/null", O_WRONLY)) != -1) {
		dup2(null, 2);
		close(null);
	}
	ingest_evtx_set_reader(reader);
	ingest_evtx_set_observer(dump_event, d);
	(void)ingest_evtx_read(fl, src, path);
	ingest_evtx_set_observer(NULL, NULL);
	if (saved != -1) {
		dup2(saved, 2);
		close(saved);
	}
	c[0] = src->records;
	c[1] = src->used;
	c[2] = src->skipped;
	c[3] = src->unreadable;
	flows_free(fl);
}

/* True if every line of a is a line of b, in the same order. */
static int
lines_within(const char *a, const char *b)
{
	const char	*ea, *eb;
	size_t		 n;

	while (*a != '\0') {
		a++;			/* the newline before each line */
		ea = strchr(a, '\n');
		n = ea != NULL ? (size_t)(ea - a) : strlen(a);
		for (;;) {
			if (*b == '\0')
				return (0);
			b++;
			eb = strchr(b, '\n');
			if ((eb != NULL ? (size_t)(eb - b) : strlen(b)) == n &&
			    memcmp(a, b, n) == 0) {
				b += n;
				break;
			}
			b = eb != NULL ? eb : b + strlen(b);
		}
		a += n;
	}
	return (1);
}

/* more: records the native decoder read that libevtx cannot parse. */
static void
differential(const unsigned char *chunk, uint64_t more)
{
	static char		 path[] = "/tmp/fuzz-evtx-native.XXXXXX";
	static int		 fd = -1;
	unsigned char		 hdr[INGEST_EVTX_FILE_HEADER];
	struct dump		 a, b;
	uint64_t		 ca[4], cb[4];

	if (fd == -1 && (fd = mkstemp(path)) == -1)
		abort();
	memset(hdr, 0, sizeof hdr);
	memcpy(hdr, "ElfFile", 8);
	put32(hdr + 32, 128);	/* header size */
	hdr[36] = 1;		/* minor version */
	hdr[38] = 3;		/* major version */
	hdr[40] = 0x00;		/* chunk data offset 4096 */
	hdr[41] = 0x10;
	hdr[42] = 1;		/* one chunk */
	put32(hdr + 124, evtx_chunk_crc32(0, hdr, 120));
	if (ftruncate(fd, 0) != 0 || pwrite(fd, hdr, sizeof hdr, 0) !=
	    (ssize_t)sizeof hdr || pwrite(fd, chunk, EVTX_CHUNK_SIZE,
	    sizeof hdr) != EVTX_CHUNK_SIZE)
		abort();
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	read_file(path, INGEST_EVTX_READER_LIBEVTX, &a, ca);
	read_file(path, INGEST_EVTX_READER_NATIVE, &b, cb);
	/* The record libevtx drops at the chunk's end: native reads it. */
	if (more == 0 && ca[0] == cb[0] && ca[3] == cb[3] + 1 && cb[3] + 1 > 0)
		goto out;
	/*
	 * Records libevtx cannot parse, read natively: libevtx counts them
	 * unreadable (and maybe the one at the chunk's end); the rest alike.
	 */
	if (more > 0 && ca[0] == cb[0] && (ca[3] == cb[3] + more ||
	    ca[3] == cb[3] + more + 1) && ca[1] + ca[2] + ca[3] ==
	    cb[1] + cb[2] + cb[3] && lines_within(a.buf != NULL ? a.buf : "",
	    b.buf != NULL ? b.buf : ""))
		goto out;
	if (memcmp(ca, cb, sizeof ca) != 0 || (a.buf == NULL) !=
	    (b.buf == NULL) || (a.buf != NULL && strcmp(a.buf, b.buf) != 0)) {
		fprintf(stderr, "libevtx: %llu %llu %llu %llu%s\n",
		    (unsigned long long)ca[0], (unsigned long long)ca[1],
		    (unsigned long long)ca[2], (unsigned long long)ca[3],
		    a.buf != NULL ? a.buf : "");
		fprintf(stderr, "native:  %llu %llu %llu %llu%s\n",
		    (unsigned long long)cb[0], (unsigned long long)cb[1],
		    (unsigned long long)cb[2], (unsigned long long)cb[3],
		    b.buf != NULL ? b.buf : "");
		abort();
	}
out:
	free(a.buf);
	free(b.buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct evtx_native_chunk	 ch;
	static int			 init;
	static unsigned char		*chunk;
	struct evtx_chunk	 c;
	struct event			 ev;
	uint32_t			 free_off, crc;
	size_t				 i;
	int				 k;

	if (!init) {
		evtx_native_chunk_init(&ch);
		chunk = xmalloc(EVTX_CHUNK_SIZE);
		init = 1;
	}
	memset(chunk, 0, EVTX_CHUNK_SIZE);
	memcpy(chunk, data, size < EVTX_CHUNK_SIZE ? size :
	    EVTX_CHUNK_SIZE);
	memcpy(chunk, "ElfChnk", 8);
	free_off = (uint32_t)chunk[48] | (uint32_t)chunk[49] << 8 |
	    (uint32_t)chunk[50] << 16 | (uint32_t)chunk[51] << 24;
	if (free_off < EVTX_CHUNK_HEADER ||
	    free_off > EVTX_CHUNK_SIZE) {
		free_off = size < EVTX_CHUNK_HEADER ?
		    EVTX_CHUNK_HEADER : size > EVTX_CHUNK_SIZE ?
		    EVTX_CHUNK_SIZE : (uint32_t)size;
		put32(chunk + 48, free_off);
	}
	put32(chunk + 52, evtx_chunk_crc32(0, chunk +
	    EVTX_CHUNK_HEADER, free_off - EVTX_CHUNK_HEADER));
	crc = evtx_chunk_crc32(0, chunk, 120);
	crc = evtx_chunk_crc32(crc, chunk + 128,
	    EVTX_CHUNK_HEADER - 128);
	put32(chunk + 124, crc);

	evtx_chunk_parse(chunk, EVTX_CHUNK_SIZE, &c);
	if (evtx_native_chunk_read(&ch, chunk, EVTX_CHUNK_SIZE,
	    &c) != 0)
		return (0);
	if (ch.nevents > ch.records || ch.skipped > ch.records)
		abort();
	for (i = 0; i < ch.nevents; i++) {
		evtx_native_event(&ch, i, &ev);
		if (ch.events[i].skipped) {
			if (ev.nfields != 0 || (ev.computer != NULL &&
			    strlen(ev.computer) >= EVTX_CHUNK_MAX_STRING))
				abort();
			continue;
		}
		if (ev.provider == NULL || strlen(ev.provider) >
		    EVTX_CHUNK_MAX_STRING || ev.nfields > EVENT_MAX_FIELDS)
			abort();
		for (k = 0; k < ev.nfields; k++) {
			if (ev.fields[k] != NULL &&
			    strlen(ev.fields[k]) >= EVTX_CHUNK_MAX_STRING)
				abort();
		}
	}
	differential(chunk, ch.beyond);
	return (0);
}
