/*
 * jsonout.c: the JSON emitter (jsonout.h).  Everything goes through a
 * buffer of the caller's struct, written out in blocks: a flow file of a
 * million flows is some 25 million items, and a stdio call per item (each
 * taking the stream's lock) was most of the time of writing it.
 *
 * Invariants: bit d of items says whether the container at depth d (1 for
 * the outermost) has an item yet; keyed is set between a key and its value,
 * when no separator is due.
 */
#include "config.h"

#include <string.h>

#include "jsonout.h"
#include "util.h"
#include "xmalloc.h"

_Static_assert(UTIL_TIME_LEN <= JSONOUT_TIME, "jsonout: a time's text");

void
jsonout_init(struct jsonout *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->brk = -1;
	j->keyed = 0;
	j->items = 0;
	j->flushed = 0;
	j->tlast = UTIL_TIME_NONE;
	j->tlen = 0;
	j->len = 0;
}

void
jsonout_flush(struct jsonout *j)
{
	if (j->len > 0)
		fwrite(j->buf, 1, j->len, j->f);
	j->flushed += j->len;
	j->len = 0;
}

/* Room for n more bytes (n <= JSONOUT_BUF). */
static inline char *
jsonout_room(struct jsonout *j, size_t n)
{
	if (j->len + n > sizeof j->buf)
		jsonout_flush(j);
	return (j->buf + j->len);
}

static void
jsonout_write(struct jsonout *j, const char *s, size_t n)
{
	size_t	k;

	if (j->len + n <= sizeof j->buf) {
		memcpy(j->buf + j->len, s, n);
		j->len += n;
		return;
	}
	while (n > 0) {
		k = n < sizeof j->buf ? n : sizeof j->buf;
		memcpy(jsonout_room(j, k), s, k);
		j->len += k;
		s += k;
		n -= k;
	}
}

static inline void
jsonout_char(struct jsonout *j, char c)
{
	*jsonout_room(j, 1) = c;
	j->len++;
}

/* A newline and indent spaces. */
static void
jsonout_newline(struct jsonout *j, int indent)
{
	char	*p;

	if (indent > 255)
		indent = 255;
	p = jsonout_room(j, (size_t)indent + 1);
	*p++ = '\n';
	memset(p, ' ', (size_t)indent);
	j->len += (size_t)indent + 1;
}

void
jsonout_break(struct jsonout *j, int indent)
{
	j->brk = indent < 0 ? 0 : indent;
}

/* What goes before an item: a separator, and the break asked for. */
static inline void
jsonout_item(struct jsonout *j)
{
	uint64_t	bit = UINT64_C(1) << j->depth;
	int		more = (j->items & bit) != 0;

	if (j->keyed) {
		j->keyed = 0;
		return;
	}
	if (more)
		jsonout_char(j, ',');
	if (j->brk >= 0) {
		jsonout_newline(j, j->brk);
		j->brk = -1;
	} else if (more)
		jsonout_char(j, ' ');
	j->items |= bit;
}

static void
jsonout_open(struct jsonout *j, char c)
{
	jsonout_item(j);
	if (j->depth + 1 >= JSONOUT_DEPTH)
		fatalx("jsonout: nested too deep");
	j->depth++;
	j->items &= ~(UINT64_C(1) << j->depth);
	jsonout_char(j, c);
}

static void
jsonout_close(struct jsonout *j, char c)
{
	if (j->depth == 0 || j->keyed)
		fatalx("jsonout: %c without its opening", c);
	if (j->brk >= 0 && (j->items & UINT64_C(1) << j->depth))
		jsonout_newline(j, j->brk);
	j->brk = -1;
	jsonout_char(j, c);
	if (--j->depth == 0) {
		jsonout_char(j, '\n');
		jsonout_flush(j);
	}
}

void
jsonout_object_begin(struct jsonout *j)
{
	jsonout_open(j, '{');
}

void
jsonout_object_end(struct jsonout *j)
{
	jsonout_close(j, '}');
}

void
jsonout_array_begin(struct jsonout *j)
{
	jsonout_open(j, '[');
}

void
jsonout_array_end(struct jsonout *j)
{
	jsonout_close(j, ']');
}

#define JSONOUT_ONES	UINT64_C(0x0101010101010101)
#define JSONOUT_HIGHS	(JSONOUT_ONES * 0x80)

/* True if one of the 8 bytes of w is below 0x20, '"' or '\\'. */
static inline int
jsonout_special8(uint64_t w)
{
	uint64_t	q = w ^ (JSONOUT_ONES * '"');
	uint64_t	b = w ^ (JSONOUT_ONES * '\\');

	return ((((w - JSONOUT_ONES * 0x20) & ~w) |
	    ((q - JSONOUT_ONES) & ~q) | ((b - JSONOUT_ONES) & ~b)) &
	    JSONOUT_HIGHS) != 0;
}

/* The length of the run of s[0..len) that needs no escape. */
static inline size_t
jsonout_plain(const unsigned char *s, size_t len)
{
	uint64_t	w;
	size_t		i = 0;

	/* Eight bytes at a time while none needs an escape. */
	for (; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		if (jsonout_special8(w))
			break;
	}
	while (i < len && s[i] >= 0x20 && s[i] != '"' && s[i] != '\\')
		i++;
	return (i);
}

/* s quoted and escaped, without an item's separator. */
static void
jsonout_quoted(struct jsonout *j, const char *s)
{
	static const char	 hex[] = "0123456789abcdef";
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 len = strlen(s), n;
	char			*o;

	/* Most strings need no escape: quotes and bytes in one copy. */
	if ((n = jsonout_plain(p, len)) == len && len + 2 <= sizeof j->buf) {
		o = jsonout_room(j, len + 2);
		o[0] = '"';
		memcpy(o + 1, s, len);
		o[len + 1] = '"';
		j->len += len + 2;
		return;
	}
	jsonout_char(j, '"');
	for (;;) {
		n = jsonout_plain(p, len);
		if (n > 0)
			jsonout_write(j, (const char *)p, n);
		p += n;
		len -= n;
		if (len == 0)
			break;
		o = jsonout_room(j, 6);
		o[0] = '\\';
		switch (*p) {
		case '"':
		case '\\':
			o[1] = (char)*p;
			j->len += 2;
			break;
		case '\n':
			o[1] = 'n';
			j->len += 2;
			break;
		case '\r':
			o[1] = 'r';
			j->len += 2;
			break;
		case '\t':
			o[1] = 't';
			j->len += 2;
			break;
		default:
			memcpy(o + 1, "u00", 3);
			o[4] = hex[*p >> 4];
			o[5] = hex[*p & 15];
			j->len += 6;
			break;
		}
		p++;
		len--;
	}
	jsonout_char(j, '"');
}

void
jsonout_key_len(struct jsonout *j, const char *name, size_t len)
{
	char	*o;

	jsonout_item(j);
	if (jsonout_plain((const unsigned char *)name, len) == len &&
	    len + 4 <= sizeof j->buf) {
		o = jsonout_room(j, len + 4);
		o[0] = '"';
		memcpy(o + 1, name, len);
		memcpy(o + len + 1, "\": ", 3);
		j->len += len + 4;
	} else {
		jsonout_quoted(j, name);
		jsonout_write(j, ": ", 2);
	}
	j->keyed = 1;
}

void
jsonout_string(struct jsonout *j, const char *s)
{
	jsonout_item(j);
	if (s == NULL)
		jsonout_write(j, "null", 4);
	else
		jsonout_quoted(j, s);
}

/* v in decimal, by hand: the files are mostly numbers. */
static void
jsonout_digits(struct jsonout *j, uint64_t v)
{
	char	buf[24], *p = buf + sizeof buf;

	do {
		*--p = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	jsonout_write(j, p, (size_t)(buf + sizeof buf - p));
}

void
jsonout_uint(struct jsonout *j, uint64_t v)
{
	jsonout_item(j);
	jsonout_digits(j, v);
}

void
jsonout_int(struct jsonout *j, long long v)
{
	jsonout_item(j);
	if (v < 0) {
		jsonout_char(j, '-');
		jsonout_digits(j, -(uint64_t)v);
	} else
		jsonout_digits(j, (uint64_t)v);
}

void
jsonout_opt_int(struct jsonout *j, long long v)
{
	if (v < 0)
		jsonout_null(j);
	else
		jsonout_uint(j, (uint64_t)v);
}

void
jsonout_bool(struct jsonout *j, int v)
{
	jsonout_item(j);
	if (v)
		jsonout_write(j, "true", 4);
	else
		jsonout_write(j, "false", 5);
}

void
jsonout_opt_bool(struct jsonout *j, int v)
{
	if (v < 0)
		jsonout_null(j);
	else
		jsonout_bool(j, v);
}

void
jsonout_null(struct jsonout *j)
{
	jsonout_item(j);
	jsonout_write(j, "null", 4);
}

void
jsonout_time(struct jsonout *j, int64_t t)
{
	size_t	n;

	if (t == UTIL_TIME_NONE) {
		jsonout_null(j);
		return;
	}
	if (t != j->tlast) {
		util_time_format(t, j->ttext + 1);
		n = strlen(j->ttext + 1);
		j->ttext[0] = '"';
		j->ttext[n + 1] = '"';
		j->tlen = n + 2;
		j->tlast = t;
	}
	jsonout_item(j);
	jsonout_write(j, j->ttext, j->tlen);
}

void
jsonout_fixed(struct jsonout *j, double v, int digits)
{
	char	buf[384];	/* DBL_MAX has 309 digits */
	int	n;

	if (digits < 0 || digits > 60)
		digits = digits < 0 ? 0 : 60;
	n = snprintf(buf, sizeof buf, "%.*f", digits, v);
	if (n < 0 || (size_t)n >= sizeof buf)
		fatalx("jsonout: number too long");
	jsonout_item(j);
	jsonout_write(j, buf, (size_t)n);
}

void
jsonout_strings(struct jsonout *j, const char *const *v, size_t n)
{
	size_t	i;

	jsonout_array_begin(j);
	for (i = 0; i < n; i++)
		jsonout_string(j, v[i]);
	jsonout_array_end(j);
}

void
jsonout_direct(struct jsonout *j)
{
	jsonout_item(j);
	jsonout_flush(j);
}

uint64_t
jsonout_mark(struct jsonout *j)
{
	(void)jsonout_room(j, JSONOUT_MEMO);
	return (j->flushed + j->len);
}

size_t
jsonout_memo(const struct jsonout *j, uint64_t mark, char *memo)
{
	size_t	n;

	if (mark < j->flushed)
		return (0);
	n = j->flushed + j->len - mark;
	if (n == 0 || n > JSONOUT_MEMO)
		return (0);
	memcpy(memo, j->buf + (mark - j->flushed), n);
	return (n);
}

void
jsonout_replay(struct jsonout *j, const char *memo, size_t n)
{
	jsonout_write(j, memo, n);
	j->items |= UINT64_C(1) << j->depth;
}
