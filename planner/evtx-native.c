/*
 * evtx-native.c: EVTX chunks decoded natively (see evtx-native.h).
 *
 * A record's binary XML is a fragment header and a TemplateInstance: the
 * offset of a template definition in the chunk (inline in the first record
 * that uses it) and an array of substitution values.  A definition is
 * parsed once per chunk into a small tree of tags (name, attributes, child
 * elements, value: a literal or a substitution index) from which the
 * positions libevtx reads are taken: Event/System/EventID, the Provider's
 * EventSourceName or Name attribute, Computer, Channel, and the EventData
 * strings in the order libevtx collects them (depth first, attributes
 * before child elements, every leaf whose value is a non-NULL
 * substitution).  The record's time and EventRecordID are those of its
 * header, as libevtx_record_get_written_time and _get_identifier give them.
 *
 * A record whose binary XML is no template instance (Windows Event
 * Collector writes a forwarded event as it came: elements and literal
 * values, no dependency ids) is parsed the same way, as a template of
 * literals; its EventData values are its leaf elements in order, an empty
 * one empty, as python-evtx and the Rust evtx crate give them (libevtx
 * 20181227 cannot parse such a record).
 *
 * Whatever libevtx might treat differently is declined, never guessed:
 * character and entity references, CDATA, processing instructions, nested
 * binary XML and array values, tags with more than one value, numbers and
 * names it would refuse, strings with U+FFFD.  The chunk is then read
 * through libevtx by the caller, so the result stays libevtx's.
 */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "event.h"
#include "evtx-chunk.h"
#include "evtx-native.h"
#include "util.h"
#include "xmalloc.h"

#define NATIVE_CHUNK		EVTX_CHUNK_SIZE
#define NATIVE_RECORD_SIG	0x00002a2aU
#define NATIVE_RECORD_MIN	28
#define NATIVE_MAX_DEPTH	32	/* element nesting in a template */
#define NATIVE_MAX_SLOTS	64	/* EventData strings of a template */
#define NATIVE_FILETIME_END	UINT64_C(2650467744000000000) /* 10000-01-01 */
#define NATIVE_NO_TAG		-1
#define NATIVE_NO_SUB		-1
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define NATIVE_LITTLE_ENDIAN	1
#else
#define NATIVE_LITTLE_ENDIAN	0
#endif

/* Binary XML tokens (MS-EVEN6 3.1.4.7); 0x40 is the "more" flag. */
#define TOK_EOF			0x00
#define TOK_OPEN_START		0x01
#define TOK_CLOSE_START		0x02
#define TOK_CLOSE_EMPTY		0x03
#define TOK_END_ELEMENT		0x04
#define TOK_VALUE		0x05
#define TOK_ATTRIBUTE		0x06
#define TOK_TEMPLATE_INSTANCE	0x0c
#define TOK_NORMAL_SUBST	0x0d
#define TOK_OPTIONAL_SUBST	0x0e
#define TOK_FRAGMENT_HEADER	0x0f
#define TOK_MORE		0x40

/* Substitution value types. */
#define VT_NULL		0x00
#define VT_STRING	0x01
#define VT_ANSI		0x02
#define VT_INT8		0x03
#define VT_UINT8	0x04
#define VT_INT16	0x05
#define VT_UINT16	0x06
#define VT_INT32	0x07
#define VT_UINT32	0x08
#define VT_INT64	0x09
#define VT_UINT64	0x0a
#define VT_REAL32	0x0b
#define VT_REAL64	0x0c
#define VT_BOOL		0x0d
#define VT_BINARY	0x0e
#define VT_GUID		0x0f
#define VT_SIZE		0x10
#define VT_FILETIME	0x11
#define VT_SYSTEMTIME	0x12
#define VT_SID		0x13
#define VT_HEX32	0x14
#define VT_HEX64	0x15
#define VT_BINXML	0x21

/* A value type as libfwevt accepts it: fixed size (0: any), how shown. */
enum native_show {
	SHOW_NONE,		/* accepted, never shown natively */
	SHOW_STRING,
	SHOW_UNSIGNED,
	SHOW_SIGNED,
	SHOW_HEX,
	SHOW_BOOL,
	SHOW_GUID,
	SHOW_SID,
	SHOW_FILETIME
};

struct native_type {
	uint8_t		 accepted;
	uint8_t		 size;		/* 0: variable */
	uint8_t		 show;
};

static const struct native_type native_types[VT_HEX64 + 1] = {
	[VT_NULL] =		{ 1, 0, SHOW_NONE },
	[VT_STRING] =		{ 1, 0, SHOW_STRING },
	[VT_ANSI] =		{ 1, 0, SHOW_NONE },
	[VT_INT8] =		{ 1, 1, SHOW_SIGNED },
	[VT_UINT8] =		{ 1, 1, SHOW_UNSIGNED },
	[VT_INT16] =		{ 1, 2, SHOW_SIGNED },
	[VT_UINT16] =		{ 1, 2, SHOW_UNSIGNED },
	[VT_INT32] =		{ 1, 4, SHOW_SIGNED },
	[VT_UINT32] =		{ 1, 4, SHOW_UNSIGNED },
	[VT_INT64] =		{ 1, 8, SHOW_SIGNED },
	[VT_UINT64] =		{ 1, 8, SHOW_UNSIGNED },
	[VT_REAL32] =		{ 1, 4, SHOW_NONE },
	[VT_REAL64] =		{ 1, 8, SHOW_NONE },
	[VT_BOOL] =		{ 1, 4, SHOW_BOOL },
	[VT_BINARY] =		{ 1, 0, SHOW_NONE },
	[VT_GUID] =		{ 1, 16, SHOW_GUID },
	[VT_SIZE] =		{ 0, 0, SHOW_NONE },	/* 4 or 8: declined */
	[VT_FILETIME] =		{ 1, 8, SHOW_FILETIME },
	[VT_SYSTEMTIME] =	{ 1, 16, SHOW_NONE },
	[VT_SID] =		{ 1, 0, SHOW_SID },
	[VT_HEX32] =		{ 1, 4, SHOW_HEX },
	[VT_HEX64] =		{ 1, 8, SHOW_HEX },
};

/* A tag of a template: an element or an attribute. */
struct native_tag {
	uint32_t	 name;		/* chunk offset of its characters */
	uint16_t	 namelen;	/* in UTF-16 units */
	uint8_t		 vkind;		/* TAG_V_* */
	uint8_t		 is_attr;
	uint16_t	 sub;		/* substitution index */
	uint32_t	 lit;		/* chunk offset of a literal value */
	uint16_t	 litlen;	/* in UTF-16 units */
	uint32_t	 litoff;	/* arena offset of lit decoded, or
					 * EVTX_NATIVE_NONE */
	int		 first_attr;
	int		 first_child;
	int		 next;		/* sibling of the same kind */
};

#define TAG_V_NONE	0
#define TAG_V_LITERAL	1
#define TAG_V_SUBST	2
#define TAG_V_MANY	3	/* more than one value: declined */

/* Where a System value comes from. */
struct native_src {
	int		 tag;		/* NATIVE_NO_TAG: the record has none */
};

/* A parsed template definition. */
struct native_tmpl {
	uint32_t	 offset;	/* of the definition in the chunk */
	int		 ok;		/* 0: declined */
	char		 why[96];
	int		 eventid;	/* tag or NATIVE_NO_TAG */
	int		 provider;
	int		 computer;
	int		 channel;
	int		 recid;		/* System/EventRecordID */
	int		 strings_ok;	/* 0: libevtx gives no strings */
	int		 raw;		/* a record's own XML, no template:
					 * slots are tags of literals */
	int		 ed;		/* its own EventData (or UserData) */
	int		 binxml;	/* the root's last value, after its
					 * elements: NATIVE_NO_SUB if none */
	int		 nslots;
	uint16_t	 slots[NATIVE_MAX_SLOTS];
	uint32_t	 maxsub;	/* highest substitution index + 1 */
	int		 nsubs;		/* substitutions, for the type check */
	uint16_t	*subs;
	uint8_t		*subtoks;	/* normal or optional */
	size_t		 subcap;
};

struct evtx_native_cache {
	struct native_tag	*tags;
	size_t			 ntags;
	size_t			 tagcap;
	struct native_tmpl	*tmpls;
	size_t			 ntmpls;
	size_t			 tmplcap;
};

/* Parsing state of one template definition. */
struct native_parse {
	const unsigned char	*p;	/* the chunk */
	size_t			 len;
	size_t			 pos;
	size_t			 end;	/* of the definition's data */
	struct evtx_native_cache *cache;
	struct native_tmpl	*t;
	const char		*err;
};

static uint16_t
le16(const unsigned char *p)
{
	return ((uint16_t)(p[0] | p[1] << 8));
}

static uint32_t
le32(const unsigned char *p)
{
	return ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24);
}

static uint64_t
le64(const unsigned char *p)
{
	return ((uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32);
}

void
evtx_native_chunk_init(struct evtx_native_chunk *ch)
{
	memset(ch, 0, sizeof *ch);
	ch->cache = xcalloc(1, sizeof *ch->cache);
}

void
evtx_native_chunk_free(struct evtx_native_chunk *ch)
{
	size_t	i;

	if (ch->cache != NULL) {
		for (i = 0; i < ch->cache->tmplcap; i++) {
			free(ch->cache->tmpls[i].subs);
			free(ch->cache->tmpls[i].subtoks);
		}
		free(ch->cache->tmpls);
		free(ch->cache->tags);
		free(ch->cache);
	}
	free(ch->events);
	free(ch->arena);
	memset(ch, 0, sizeof *ch);
}

static void
native_decline(struct evtx_native_chunk *ch, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
native_decline(struct evtx_native_chunk *ch, const char *fmt, ...)
{
	va_list	ap;

	if (ch->declined)
		return;
	ch->declined = 1;
	va_start(ap, fmt);
	vsnprintf(ch->why, sizeof ch->why, fmt, ap);
	va_end(ap);
}

/* Room for n more bytes in the arena. */
static char *
native_arena(struct evtx_native_chunk *ch, size_t n)
{
	size_t	cap;

	if (ch->arenalen + n > ch->arenacap) {
		cap = ch->arenacap == 0 ? 65536 : ch->arenacap;
		while (cap < ch->arenalen + n)
			cap *= 2;
		ch->arena = xreallocarray(ch->arena, cap, 1);
		ch->arenacap = cap;
	}
	return (ch->arena + ch->arenalen);
}

uint32_t
evtx_native_utf16(struct evtx_native_chunk *ch, const unsigned char *p,
    size_t n, size_t max)
{
	unsigned char	*o;
	size_t		 i, units = n / 2, start = ch->arenalen;
	uint64_t	 w;
	uint32_t	 c, d;

	/* At most 3 UTF-8 bytes per unit (4 per pair), and the NUL. */
	o = (unsigned char *)native_arena(ch, units * 3 + 1);
	for (i = 0; i < units; i++) {
#if defined(__SSE2__)
		/* Eight ASCII units at a time, none of them NUL. */
		while (NATIVE_LITTLE_ENDIAN && i + 8 <= units) {
			__m128i	x = _mm_loadu_si128((const void *)(p + 2 * i));
			__m128i	zero = _mm_setzero_si128();

			/* No unit 0, every unit below 0x80. */
			if (_mm_movemask_epi8(_mm_cmpeq_epi16(x, zero)) != 0 ||
			    _mm_movemask_epi8(_mm_cmpeq_epi16(_mm_and_si128(x,
			    _mm_set1_epi16((short)0xff80)), zero)) != 0xffff)
				break;
			_mm_storel_epi64((void *)o, _mm_packus_epi16(x, x));
			o += 8;
			i += 8;
		}
#endif
		/* Four ASCII units at a time, none of them NUL. */
		while (NATIVE_LITTLE_ENDIAN && i + 4 <= units) {
			memcpy(&w, p + 2 * i, 8);
			if ((w & 0xff80ff80ff80ff80ULL) != 0 ||
			    ((w - 0x0001000100010001ULL) & ~w &
			    0x0080008000800080ULL) != 0)
				break;
			o[0] = p[2 * i];
			o[1] = p[2 * i + 2];
			o[2] = p[2 * i + 4];
			o[3] = p[2 * i + 6];
			o += 4;
			i += 4;
		}
		if (i >= units)
			break;
		c = le16(p + 2 * i);
		if (c == 0)
			break;
		if (c < 0x80) {
			*o++ = (unsigned char)c;
			continue;
		}
		if (c >= 0xd800 && c < 0xdc00) {
			if (i + 1 >= units)
				return (EVTX_NATIVE_NONE);
			d = le16(p + 2 * (i + 1));
			if (d < 0xdc00 || d >= 0xe000)
				return (EVTX_NATIVE_NONE);
			i++;
			/*
			 * libuna 20181227 (in libevtx) decodes a surrogate
			 * pair 0x3ff below its code point: U+1F600 comes out
			 * as U+1F201.  Its output is what is compared.
			 */
			c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00) -
			    0x3ff;
			if (c == 0xfffd)
				return (EVTX_NATIVE_NONE);
			if (c >= 0x10000) {
				*o++ = (unsigned char)(0xf0 | c >> 18);
				*o++ = (unsigned char)(0x80 |
				    ((c >> 12) & 0x3f));
				*o++ = (unsigned char)(0x80 |
				    ((c >> 6) & 0x3f));
				*o++ = (unsigned char)(0x80 | (c & 0x3f));
				continue;
			}
			*o++ = (unsigned char)(0xe0 | c >> 12);
			*o++ = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
			*o++ = (unsigned char)(0x80 | (c & 0x3f));
			continue;
		}
		if ((c >= 0xdc00 && c < 0xe000) || c == 0xfffd)
			return (EVTX_NATIVE_NONE);
		if (c < 0x800) {
			*o++ = (unsigned char)(0xc0 | c >> 6);
			*o++ = (unsigned char)(0x80 | (c & 0x3f));
		} else {
			*o++ = (unsigned char)(0xe0 | c >> 12);
			*o++ = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
			*o++ = (unsigned char)(0x80 | (c & 0x3f));
		}
	}
	*o++ = '\0';
	if ((size_t)(o - (unsigned char *)ch->arena) - start > max)
		return (EVTX_NATIVE_NONE);
	ch->arenalen = (size_t)(o - (unsigned char *)ch->arena);
	return ((uint32_t)start);
}

/* Append the NUL-terminated s to the arena; its offset. */
static uint32_t
native_text(struct evtx_native_chunk *ch, const char *s, size_t n)
{
	char		*o = native_arena(ch, n + 1);
	uint32_t	 off = (uint32_t)ch->arenalen;

	memcpy(o, s, n);
	o[n] = '\0';
	ch->arenalen += n + 1;
	return (off);
}

/*
 * An integer as libfvalue 20181227 writes it: decimal, or for a negative
 * signed value '-' and the value without its sign bit (sic); hexadecimal
 * as "0x" and every digit of its size.
 */
static uint32_t
native_integer(struct evtx_native_chunk *ch, uint64_t v, int bits, int show)
{
	char		 buf[32];
	int		 n = 0, neg = 0, i;
	uint64_t	 sign;

	if (show == SHOW_HEX) {
		buf[n++] = '0';
		buf[n++] = 'x';
		for (i = bits - 4; i >= 0; i -= 4)
			buf[n++] = "0123456789abcdef"[(v >> i) & 0xf];
		return (native_text(ch, buf, (size_t)n));
	}
	if (show == SHOW_SIGNED) {
		sign = (uint64_t)1 << (bits - 1);
		if (v & sign) {
			neg = 1;
			v &= ~sign;
			if (v == 0)
				v = sign;
		}
	}
	i = (int)sizeof buf;
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	if (neg)
		buf[--i] = '-';
	return (native_text(ch, buf + i, sizeof buf - (size_t)i));
}

/* A GUID as libfvalue writes it here: braces, upper case. */
static uint32_t
native_guid(struct evtx_native_chunk *ch, const unsigned char *p)
{
	char	buf[40];
	int	n;

	n = snprintf(buf, sizeof buf, "{%08" PRIX32 "-%04X-%04X-%02X%02X-"
	    "%02X%02X%02X%02X%02X%02X}", le32(p), le16(p + 4), le16(p + 6),
	    p[8], p[9], p[10], p[11], p[12], p[13], p[14], p[15]);
	return (native_text(ch, buf, (size_t)n));
}

/* An NT SID "S-1-5-21-..."; EVTX_NATIVE_NONE for an odd one. */
static uint32_t
native_sid(struct evtx_native_chunk *ch, const unsigned char *p, size_t n)
{
	char		buf[256];
	uint64_t	auth = 0;
	size_t		i, subs;
	int		k;

	if (n < 8 || p[0] != 1)
		return (EVTX_NATIVE_NONE);
	subs = p[1];
	if (subs > 15 || n != 8 + 4 * subs)
		return (EVTX_NATIVE_NONE);
	for (i = 2; i < 8; i++)
		auth = auth << 8 | p[i];
	if (auth > UINT32_MAX)
		return (EVTX_NATIVE_NONE);
	k = snprintf(buf, sizeof buf, "S-%u-%" PRIu64, p[0], auth);
	for (i = 0; i < subs; i++)
		k += snprintf(buf + k, sizeof buf - (size_t)k, "-%" PRIu32,
		    le32(p + 8 + 4 * i));
	return (native_text(ch, buf, (size_t)k));
}

/*
 * A FILETIME as libfvalue writes it here: ISO 8601 UTC with nanoseconds,
 * "2026-03-09T00:55:20.842728000Z".
 */
static uint32_t
native_filetime(struct evtx_native_chunk *ch, uint64_t ft)
{
	char		buf[48];
	uint64_t	secs = ft / 10000000, days;
	int64_t		z, era, doe, yoe, y, doy, mp, d, m;
	unsigned	frac = (unsigned)(ft % 10000000) * 100;
	int		n;

	days = secs / 86400;
	secs %= 86400;
	/* Days from 1601-01-01 to civil (H. Hinnant's algorithm). */
	z = (int64_t)days - 134774 + 719468;	/* 1970-01-01 is day 134774 */
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	if (m <= 2)
		y++;
	if (y > 9999)
		return (EVTX_NATIVE_NONE);
	n = snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02u:%02u:%02u.%09uZ",
	    (int)y, (int)m, (int)d, (unsigned)(secs / 3600),
	    (unsigned)(secs / 60 % 60), (unsigned)(secs % 60), frac);
	return (native_text(ch, buf, (size_t)n));
}

static uint64_t
native_uint(const unsigned char *p, size_t n)
{
	switch (n) {
	case 1:
		return (p[0]);
	case 2:
		return (le16(p));
	case 4:
		return (le32(p));
	default:
		return (le64(p));
	}
}

/*
 * A substitution value as the UTF-8 string libevtx gives (its offset in
 * the arena), or EVTX_NATIVE_NONE if it is not one to be decoded here.
 */
static uint32_t
native_value_string(struct evtx_native_chunk *ch, uint8_t type,
    const unsigned char *p, size_t n)
{
	const struct native_type	*t;

	if (type > VT_HEX64)
		return (EVTX_NATIVE_NONE);
	t = &native_types[type];
	switch (t->show) {
	case SHOW_STRING:
		/* libevtx gives an empty string as no string at all. */
		if (n == 0)
			return (EVTX_NATIVE_NULL);
		if (n % 2 != 0)
			return (EVTX_NATIVE_NONE);
		return (evtx_native_utf16(ch, p, n, EVTX_CHUNK_MAX_STRING));
	case SHOW_UNSIGNED:
	case SHOW_SIGNED:
	case SHOW_HEX:
		return (native_integer(ch, native_uint(p, n), (int)n * 8,
		    t->show));
	case SHOW_BOOL:
		return (le32(p) == 0 ? native_text(ch, "false", 5) :
		    native_text(ch, "true", 4));
	case SHOW_GUID:
		return (native_guid(ch, p));
	case SHOW_SID:
		return (native_sid(ch, p, n));
	case SHOW_FILETIME:
		return (native_filetime(ch, le64(p)));
	}
	return (EVTX_NATIVE_NONE);
}

/* ---- template definitions ---------------------------------------- */

static int
native_tag_new(struct native_parse *ps)
{
	struct evtx_native_cache	*c = ps->cache;
	struct native_tag		*t;

	if (c->ntags == c->tagcap) {
		c->tagcap = c->tagcap == 0 ? 256 : c->tagcap * 2;
		c->tags = xreallocarray(c->tags, c->tagcap, sizeof *c->tags);
	}
	t = &c->tags[c->ntags];
	memset(t, 0, sizeof *t);
	t->first_attr = t->first_child = t->next = NATIVE_NO_TAG;
	t->litoff = EVTX_NATIVE_NONE;
	return ((int)c->ntags++);
}

static int
native_fail(struct native_parse *ps, const char *err)
{
	if (ps->err == NULL)
		ps->err = err;
	return (-1);
}

/* A name at ps->pos: by offset (earlier in the chunk) or inline. */
static int
native_name(struct native_parse *ps, struct native_tag *t)
{
	uint32_t	off;
	uint16_t	n;

	if (ps->pos + 4 > ps->end)
		return (native_fail(ps, "name past the template"));
	off = le32(ps->p + ps->pos);
	ps->pos += 4;
	if (off > ps->pos)
		return (native_fail(ps, "name offset ahead"));
	if ((size_t)off + 8 > ps->len)
		return (native_fail(ps, "name out of the chunk"));
	n = le16(ps->p + off + 6);
	if ((size_t)off + 8 + 2 * (size_t)n + 2 > ps->len)
		return (native_fail(ps, "name out of the chunk"));
	/* libfwevt reads the NUL too: a name without it is another name. */
	if (le16(ps->p + off + 8 + 2 * (size_t)n) != 0)
		return (native_fail(ps, "name without its NUL"));
	t->name = off + 8;
	t->namelen = n;
	if (off == ps->pos) {
		ps->pos += 8 + 2 * (size_t)n + 2;
		if (ps->pos > ps->end)
			return (native_fail(ps, "name past the template"));
	}
	return (0);
}

static int
native_sub_note(struct native_parse *ps, uint16_t idx, uint8_t tok)
{
	struct native_tmpl	*t = ps->t;

	if ((size_t)t->nsubs == t->subcap) {
		t->subcap = t->subcap == 0 ? 32 : t->subcap * 2;
		t->subs = xreallocarray(t->subs, t->subcap, sizeof *t->subs);
		t->subtoks = xreallocarray(t->subtoks, t->subcap,
		    sizeof *t->subtoks);
	}
	t->subs[t->nsubs] = idx;
	t->subtoks[t->nsubs++] = tok;
	if ((uint32_t)idx + 1 > t->maxsub)
		t->maxsub = (uint32_t)idx + 1;	/* 65536 for 0xffff */
	return (0);
}

/* A value token (literal or substitution) at ps->pos into tag ti. */
static int
native_content_value(struct native_parse *ps, int ti, uint8_t tok)
{
	struct native_tag	*t;
	uint16_t		 idx, n;
	uint8_t			 type;

	if ((tok & ~TOK_MORE) == TOK_VALUE) {
		if (tok & TOK_MORE)
			return (native_fail(ps, "value continued"));
		if (ps->pos + 4 > ps->end)
			return (native_fail(ps, "value past the template"));
		if (ps->p[ps->pos + 1] != VT_STRING)
			return (native_fail(ps, "literal not a string"));
		n = le16(ps->p + ps->pos + 2);
		t = &ps->cache->tags[ti];
		t->vkind = t->vkind == TAG_V_NONE ? TAG_V_LITERAL : TAG_V_MANY;
		t->lit = (uint32_t)ps->pos + 4;
		t->litlen = n;
		ps->pos += 4 + 2 * (size_t)n;
		if (ps->pos > ps->end)
			return (native_fail(ps, "value past the template"));
		return (0);
	}
	/* Normal or optional substitution. */
	if (ps->pos + 4 > ps->end)
		return (native_fail(ps, "substitution past the template"));
	idx = le16(ps->p + ps->pos + 1);
	type = ps->p[ps->pos + 3];
	ps->pos += 4;
	(void)type;	/* the declared type: libfwevt goes by the value's */
	t = &ps->cache->tags[ti];
	t->vkind = t->vkind == TAG_V_NONE ? TAG_V_SUBST : TAG_V_MANY;
	t->sub = idx;
	return (native_sub_note(ps, idx, tok));
}

static int	native_element(struct native_parse *, int, int *);

/* Append tag ti to the list at *head. */
static void
native_link(struct native_parse *ps, int *head, int ti)
{
	struct native_tag	*tags = ps->cache->tags;
	int			 i;

	if (*head == NATIVE_NO_TAG) {
		*head = ti;
		return;
	}
	for (i = *head; tags[i].next != NATIVE_NO_TAG; i = tags[i].next)
		;
	tags[i].next = ti;
}

/* An element at ps->pos (its open token); its tag in *out. */
static int
native_element(struct native_parse *ps, int depth, int *out)
{
	uint8_t		tok, atok;
	uint32_t	esize, alist;
	size_t		start, astart;
	int		ti, ai, ci, head_attr = NATIVE_NO_TAG;
	int		head_child = NATIVE_NO_TAG, items = 0, subst = 0;
	int		literals = 0, last_subst = 0;

	if (depth > NATIVE_MAX_DEPTH)
		return (native_fail(ps, "elements nested too deep"));
	if (ps->pos + 7 > ps->end)
		return (native_fail(ps, "element past the template"));
	tok = ps->p[ps->pos];
	if (ps->t->raw) {
		/* Outside a template an element has no dependency id. */
		esize = le32(ps->p + ps->pos + 1);
		ps->pos += 5;
	} else {
		esize = le32(ps->p + ps->pos + 3);
		ps->pos += 7;	/* token, dependency id, data size */
	}
	start = ps->pos;
	ti = native_tag_new(ps);
	if (native_name(ps, &ps->cache->tags[ti]) != 0)
		return (-1);
	if (tok & TOK_MORE) {
		if (ps->pos + 4 > ps->end)
			return (native_fail(ps, "attributes past the "
			    "template"));
		alist = le32(ps->p + ps->pos);
		ps->pos += 4;
		astart = ps->pos;
		do {
			if (ps->pos >= ps->end)
				return (native_fail(ps, "attribute past the "
				    "template"));
			atok = ps->p[ps->pos++];
			if ((atok & ~TOK_MORE) != TOK_ATTRIBUTE)
				return (native_fail(ps, "unknown token in "
				    "attributes"));
			ai = native_tag_new(ps);
			ps->cache->tags[ai].is_attr = 1;
			if (native_name(ps, &ps->cache->tags[ai]) != 0)
				return (-1);
			if (ps->pos >= ps->end)
				return (native_fail(ps, "attribute value past "
				    "the template"));
			tok = ps->p[ps->pos];
			if ((tok & ~TOK_MORE) != TOK_VALUE &&
			    tok != TOK_NORMAL_SUBST &&
			    tok != TOK_OPTIONAL_SUBST)
				return (native_fail(ps, "unsupported attribute "
				    "value token"));
			if (native_content_value(ps, ai, tok) != 0)
				return (-1);
			native_link(ps, &head_attr, ai);
		} while (atok & TOK_MORE);
		/* libfwevt goes by the list's size, not the flags. */
		if (ps->pos - astart != alist)
			return (native_fail(ps, "attribute list size wrong"));
	}
	if (ps->pos >= ps->end)
		return (native_fail(ps, "element past the template"));
	tok = ps->p[ps->pos++];
	if (tok == TOK_CLOSE_START) {
		for (;;) {
			if (ps->pos >= ps->end)
				return (native_fail(ps, "element not ended"));
			tok = ps->p[ps->pos];
			if (tok == TOK_END_ELEMENT) {
				ps->pos++;
				break;
			}
			items++;
			last_subst = tok == TOK_NORMAL_SUBST ||
			    tok == TOK_OPTIONAL_SUBST;
			if ((tok & ~TOK_MORE) == TOK_OPEN_START) {
				if (native_element(ps, depth + 1, &ci) != 0)
					return (-1);
				native_link(ps, &head_child, ci);
				continue;
			}
			if ((tok & ~TOK_MORE) == TOK_VALUE ||
			    tok == TOK_NORMAL_SUBST ||
			    tok == TOK_OPTIONAL_SUBST) {
				subst += last_subst;
				literals += !last_subst;
				if (native_content_value(ps, ti, tok) != 0)
					return (-1);
				continue;
			}
			return (native_fail(ps, "unsupported token in "
			    "element content"));
		}
	} else if (tok != TOK_CLOSE_EMPTY)
		return (native_fail(ps, "unsupported token after the "
		    "attributes"));
	/*
	 * libfwevt checks the element's size; and whether it keeps the
	 * element depends on its last substitution's value when there is
	 * more than that in it: such templates are left to it.
	 */
	if (ps->pos - start != esize)
		return (native_fail(ps, "element size wrong"));
	if (subst > 0 && items > 1) {
		/*
		 * But for the root's last value after its elements: the
		 * EventData as binary XML, as Windows writes most events.
		 */
		if (depth > 0 || subst > 1 || literals > 0 || !last_subst)
			return (native_fail(ps, "substitution among other "
			    "content"));
		ps->t->binxml = ps->cache->tags[ti].sub;
		ps->cache->tags[ti].vkind = TAG_V_NONE;
	}
	ps->cache->tags[ti].first_attr = head_attr;
	ps->cache->tags[ti].first_child = head_child;
	*out = ti;
	return (0);
}

/* True if tag ti is named as the ASCII s (case-sensitive, as libfwevt). */
static int
native_named(const struct native_parse *ps, int ti, const char *s)
{
	const struct native_tag	*t = &ps->cache->tags[ti];
	const unsigned char	*n = ps->p + t->name;
	size_t			 i, len = strlen(s);

	if (t->namelen != len)
		return (0);
	for (i = 0; i < len; i++) {
		if (le16(n + 2 * i) != (unsigned char)s[i])
			return (0);
	}
	return (1);
}

/* First child element (attr 0) or attribute (attr 1) of ti named s. */
static int
native_find(const struct native_parse *ps, int ti, const char *s, int attr)
{
	const struct native_tag	*tags = ps->cache->tags;
	int			 i;

	if (ti == NATIVE_NO_TAG)
		return (NATIVE_NO_TAG);
	for (i = attr ? tags[ti].first_attr : tags[ti].first_child;
	    i != NATIVE_NO_TAG; i = tags[i].next) {
		if (native_named(ps, i, s))
			return (i);
	}
	return (NATIVE_NO_TAG);
}

/*
 * The values of a record's own XML (no template) below tag ti, as
 * python-evtx and Windows give EventData: every leaf element in document
 * order, an empty one as an empty value; attributes (Data's Name) are no
 * values.  Slots are tag indexes.
 */
static int
native_raw_slots(struct native_parse *ps, int ti, int depth)
{
	const struct native_tag	*tags = ps->cache->tags;
	struct native_tmpl	*t = ps->t;
	int			 i;

	if (depth > NATIVE_MAX_DEPTH)
		return (-1);
	if (tags[ti].first_child == NATIVE_NO_TAG) {
		if (tags[ti].vkind == TAG_V_MANY ||
		    tags[ti].vkind == TAG_V_SUBST || ti > UINT16_MAX)
			return (-1);
		if (depth == 0)
			return (0);	/* EventData itself empty */
		if (t->nslots == NATIVE_MAX_SLOTS)
			return (-1);
		t->slots[t->nslots++] = (uint16_t)ti;
		return (0);
	}
	if (tags[ti].vkind != TAG_V_NONE)
		return (-1);		/* text among elements */
	for (i = tags[ti].first_child; i != NATIVE_NO_TAG; i = tags[i].next) {
		if (native_raw_slots(ps, i, depth + 1) != 0)
			return (-1);
	}
	return (0);
}

/* libevtx's string order below tag ti: attributes, then elements. */
static int
native_slots(struct native_parse *ps, int ti, int depth)
{
	const struct native_tag	*tags = ps->cache->tags;
	struct native_tmpl	*t = ps->t;
	int			 i;

	if (depth > NATIVE_MAX_DEPTH)
		return (-1);
	if (t->raw)
		return (native_raw_slots(ps, ti, depth));
	for (i = tags[ti].first_attr; i != NATIVE_NO_TAG; i = tags[i].next) {
		if (tags[i].vkind == TAG_V_MANY)
			return (-1);
		if (tags[i].vkind == TAG_V_SUBST) {
			if (t->nslots == NATIVE_MAX_SLOTS)
				return (-1);
			t->slots[t->nslots++] = tags[i].sub;
		}
	}
	if (tags[ti].first_child == NATIVE_NO_TAG) {
		if (tags[ti].vkind == TAG_V_MANY)
			return (-1);
		if (tags[ti].vkind == TAG_V_SUBST) {
			if (t->nslots == NATIVE_MAX_SLOTS)
				return (-1);
			t->slots[t->nslots++] = tags[ti].sub;
		}
		return (0);
	}
	for (i = tags[ti].first_child; i != NATIVE_NO_TAG; i = tags[i].next) {
		if (native_slots(ps, i, depth + 1) != 0)
			return (-1);
	}
	return (0);
}

static void
native_why(struct native_tmpl *t, const char *s)
{
	size_t	l = strlen(t->why);

	snprintf(t->why + l, sizeof t->why - l, "%s", s);
}

static void	native_tree_parse(struct evtx_native_cache *,
		    struct native_tmpl *, const unsigned char *, size_t, size_t,
		    size_t);

/* Parse the definition at chunk offset off into t (t->ok says). */
static void
native_tmpl_parse(struct evtx_native_cache *cache, struct native_tmpl *t,
    const unsigned char *p, size_t len, uint32_t off)
{
	uint32_t	size;

	t->offset = off;
	t->raw = 0;
	snprintf(t->why, sizeof t->why, "template at 0x%x: ", off);
	if ((size_t)off + 24 > len) {
		t->ok = 0;
		native_why(t, "out of the chunk");
		return;
	}
	size = le32(p + off + 20);
	if ((size_t)off + 24 + size > len || size < 5) {
		t->ok = 0;
		native_why(t, "data out of the chunk");
		return;
	}
	native_tree_parse(cache, t, p, len, (size_t)off + 24,
	    (size_t)off + 24 + size);
}

/*
 * Parse the binary XML fragment from pos to end (a template's data, or a
 * record's own XML when t->raw) into t: its tags, and where the values
 * ntlmplan reads are.  A template's data ends with the end of the
 * fragment; a record's may have bytes after it.
 */
static void
native_tree_parse(struct evtx_native_cache *cache, struct native_tmpl *t,
    const unsigned char *p, size_t len, size_t pos, size_t end)
{
	struct native_parse	 ps;
	int			 root, sys, prov, ed, ud, only;

	t->ok = 0;
	t->nslots = 0;
	t->nsubs = 0;
	t->maxsub = 0;
	t->strings_ok = 0;
	t->eventid = t->provider = t->computer = t->channel = NATIVE_NO_TAG;
	t->recid = NATIVE_NO_TAG;
	t->ed = NATIVE_NO_TAG;
	t->binxml = NATIVE_NO_SUB;
	memset(&ps, 0, sizeof ps);
	ps.p = p;
	ps.len = len;
	ps.pos = pos;
	ps.end = end;
	ps.cache = cache;
	ps.t = t;
	if (ps.pos + 5 > ps.end || p[ps.pos] != TOK_FRAGMENT_HEADER) {
		native_why(t, "no fragment header");
		return;
	}
	ps.pos += 4;
	if ((p[ps.pos] & ~TOK_MORE) != TOK_OPEN_START) {
		native_why(t, "no element");
		return;
	}
	if (native_element(&ps, 0, &root) != 0) {
		native_why(t, ps.err);
		return;
	}
	if (ps.pos >= ps.end || p[ps.pos] != TOK_EOF ||
	    (!t->raw && ps.pos + 1 != ps.end)) {
		native_why(t, "no end of the fragment at the end of its data");
		return;
	}
	sys = native_find(&ps, root, "System", 0);
	t->eventid = native_find(&ps, sys, "EventID", 0);
	prov = native_find(&ps, sys, "Provider", 0);
	if ((t->provider = native_find(&ps, prov, "EventSourceName", 1)) ==
	    NATIVE_NO_TAG)
		t->provider = native_find(&ps, prov, "Name", 1);
	t->computer = native_find(&ps, sys, "Computer", 0);
	t->recid = native_find(&ps, sys, "EventRecordID", 0);
	t->channel = native_find(&ps, sys, "Channel", 0);
	if ((ed = native_find(&ps, root, "EventData", 0)) == NATIVE_NO_TAG)
		ed = native_find(&ps, root, "ProcessingErrorData", 0);
	ud = native_find(&ps, root, "UserData", 0);
	if (ed == NATIVE_NO_TAG && ud != NATIVE_NO_TAG &&
	    t->binxml != NATIVE_NO_SUB) {
		/* libevtx would take an EventData of the value first. */
		native_why(t, "UserData and binary XML");
		return;
	}
	/* A template of binary XML in a value: the data is its root. */
	if (ed == NATIVE_NO_TAG && ud == NATIVE_NO_TAG &&
	    (native_named(&ps, root, "EventData") ||
	    native_named(&ps, root, "ProcessingErrorData")))
		ed = root;
	else if (ed == NATIVE_NO_TAG && ud == NATIVE_NO_TAG &&
	    native_named(&ps, root, "UserData"))
		ud = root;
	if (ed != NATIVE_NO_TAG) {
		t->ed = ed;
		t->strings_ok = native_slots(&ps, ed, 0) == 0;
	} else if (ud != NATIVE_NO_TAG) {
		t->ed = ud;
		only = cache->tags[ud].first_child;
		if (only != NATIVE_NO_TAG &&
		    cache->tags[only].next == NATIVE_NO_TAG)
			t->strings_ok = native_slots(&ps, only, 0) == 0;
	}
	t->ok = 1;
}

/*
 * The own XML of the record at off (size bytes) that holds no template
 * instance: a forwarded event on a collector (Windows Event Collector
 * writes the event as it came, with or without RenderingInfo), parsed as
 * a template of literals, cached under the record's offset (no template
 * starts there).
 */
static struct native_tmpl *
native_raw_get(struct evtx_native_chunk *ch, const unsigned char *p,
    size_t off, size_t size)
{
	struct evtx_native_cache	*c = ch->cache;
	struct native_tmpl		*t;

	if (c->ntmpls == c->tmplcap) {
		c->tmplcap = c->tmplcap == 0 ? 16 : c->tmplcap * 2;
		c->tmpls = xreallocarray(c->tmpls, c->tmplcap,
		    sizeof *c->tmpls);
		memset(c->tmpls + c->ntmpls, 0, (c->tmplcap - c->ntmpls) *
		    sizeof *c->tmpls);
	}
	t = &c->tmpls[c->ntmpls++];
	t->offset = (uint32_t)off;
	t->raw = 1;
	snprintf(t->why, sizeof t->why, "record at 0x%zx: ", off);
	native_tree_parse(c, t, p, NATIVE_CHUNK, off + 24, off + size - 4);
	if (t->ok && t->nsubs > 0) {
		t->ok = 0;
		native_why(t, "a substitution outside a template");
	}
	return (t);
}

/*
 * The decimal number of a literal (EventID, EventRecordID in a record's
 * own XML): 0 with it in *n, or -1.
 */
static int
native_literal_number(const unsigned char *p, const struct native_tag *t,
    uint64_t *n)
{
	uint16_t	i, c;

	if (t->vkind != TAG_V_LITERAL || t->litlen == 0 || t->litlen > 20)
		return (-1);
	*n = 0;
	for (i = 0; i < t->litlen; i++) {
		c = le16(p + t->lit + 2 * (size_t)i);
		if (c < '0' || c > '9' || *n > (UINT64_MAX - 9) / 10)
			return (-1);
		*n = *n * 10 + (c - '0');
	}
	return (0);
}

/* The template at chunk offset off, parsed once per chunk. */
static struct native_tmpl *
native_tmpl_get(struct evtx_native_chunk *ch, const unsigned char *p,
    size_t len, uint32_t off)
{
	struct evtx_native_cache	*c = ch->cache;
	struct native_tmpl		*t;
	size_t				 i;

	for (i = c->ntmpls; i-- > 0;) {
		if (c->tmpls[i].offset == off)
			return (&c->tmpls[i]);
	}
	if (c->ntmpls == c->tmplcap) {
		c->tmplcap = c->tmplcap == 0 ? 16 : c->tmplcap * 2;
		c->tmpls = xreallocarray(c->tmpls, c->tmplcap,
		    sizeof *c->tmpls);
		memset(c->tmpls + c->ntmpls, 0, (c->tmplcap - c->ntmpls) *
		    sizeof *c->tmpls);
	}
	t = &c->tmpls[c->ntmpls++];
	native_tmpl_parse(c, t, p, len, off);
	return (t);
}

/* ---- records ------------------------------------------------------ */

struct native_values {
	const unsigned char	*p;	/* descriptors */
	const unsigned char	*data;	/* value data */
	uint32_t		 n;
	uint32_t		*offs;	/* n + 1 offsets into data */
	size_t			 offcap;
};

/* Value i: type, bytes, size. */
static uint8_t
native_value(const struct native_values *v, uint16_t i,
    const unsigned char **p, size_t *n)
{
	*p = v->data + v->offs[i];
	*n = v->offs[i + 1] - v->offs[i];
	return (v->p[4 * (size_t)i + 2]);
}

/*
 * A string-valued System value (Provider, Computer, Channel) of tag ti:
 * 1 with the offset in *off, 0 if there is none, -1 if declined.
 */
static int
native_sys_string(struct evtx_native_chunk *ch, const unsigned char *p,
    struct native_tag *tags, int ti, const struct native_values *v,
    uint32_t *off)
{
	struct native_tag	*t;
	const unsigned char	*vp;
	size_t			 vn;
	uint8_t			 type;

	if (ti == NATIVE_NO_TAG)
		return (0);
	t = &tags[ti];
	switch (t->vkind) {
	case TAG_V_NONE:
		return (-1);
	case TAG_V_LITERAL:
		if (t->litlen == 0)
			return (-1);
		/* Decoded once a chunk: every record of the template has
		 * it (the arena lives as long as the chunk's tags). */
		if (t->litoff == EVTX_NATIVE_NONE)
			t->litoff = evtx_native_utf16(ch, p + t->lit,
			    2 * (size_t)t->litlen, EVTX_CHUNK_MAX_STRING);
		*off = t->litoff;
		return (*off == EVTX_NATIVE_NONE ? -1 : 1);
	case TAG_V_SUBST:
		type = native_value(v, t->sub, &vp, &vn);
		if (type != VT_STRING || vn == 0 || vn % 2 != 0)
			return (-1);
		*off = evtx_native_utf16(ch, vp, vn, EVTX_CHUNK_MAX_STRING);
		return (*off == EVTX_NATIVE_NONE ? -1 : 1);
	}
	return (-1);
}

static struct evtx_native_event *
native_event_new(struct evtx_native_chunk *ch)
{
	if (ch->nevents == ch->evcap) {
		ch->evcap = ch->evcap == 0 ? 512 : ch->evcap * 2;
		ch->events = xreallocarray(ch->events, ch->evcap,
		    sizeof *ch->events);
	}
	return (&ch->events[ch->nevents++]);
}

/*
 * The template instance at pos (a fragment header first), bounded by end:
 * its template in *tp and its values in v.  Where binxml is not
 * NATIVE_NO_SUB, that value may be binary XML (the EventData of most
 * Windows events).  0, or -1 if declined (what at names the place).
 */
static int
native_instance(struct evtx_native_chunk *ch, const unsigned char *p,
    size_t pos, size_t end, const char *what, size_t at,
    struct native_tmpl **tp, struct native_values *v)
{
	struct native_tmpl	*t;
	const unsigned char	*vp;
	size_t			 need, vn, i;
	uint32_t		 toff;
	uint8_t			 type;
	int			 k;

	if (pos + 14 > end || p[pos] != TOK_FRAGMENT_HEADER ||
	    p[pos + 1] != 1 || p[pos + 2] != 1 || p[pos + 3] != 0 ||
	    p[pos + 4] != TOK_TEMPLATE_INSTANCE) {
		native_decline(ch, "%s at 0x%zx: not a template instance",
		    what, at);
		return (-1);
	}
	toff = le32(p + pos + 10);
	pos += 14;
	if (toff == pos) {
		if (pos + 24 > end || pos + 24 + le32(p + pos + 20) > end) {
			native_decline(ch, "%s at 0x%zx: template past its end",
			    what, at);
			return (-1);
		}
		pos += 24 + le32(p + pos + 20);
	} else if (toff > pos) {
		native_decline(ch, "%s at 0x%zx: template offset ahead", what,
		    at);
		return (-1);
	}
	*tp = t = native_tmpl_get(ch, p, NATIVE_CHUNK, toff);
	if (!t->ok) {
		native_decline(ch, "%s", t->why);
		return (-1);
	}
	/* The substitution values. */
	if (pos + 4 > end) {
		native_decline(ch, "%s at 0x%zx: no values", what, at);
		return (-1);
	}
	v->n = le32(p + pos);
	pos += 4;
	if (v->n > (end - pos) / 4) {
		native_decline(ch, "%s at 0x%zx: values past its end", what,
		    at);
		return (-1);
	}
	v->p = p + pos;
	pos += 4 * (size_t)v->n;
	v->data = p + pos;
	if ((size_t)v->n + 1 > v->offcap) {
		v->offcap = (size_t)v->n + 1;
		v->offs = xreallocarray(v->offs, v->offcap, sizeof *v->offs);
	}
	need = 0;
	for (i = 0; i < v->n; i++) {
		v->offs[i] = (uint32_t)need;
		need += le16(v->p + 4 * i);
	}
	v->offs[v->n] = (uint32_t)need;
	/* libfwevt reads on after the template instance: only its end. */
	if (need >= end - pos || v->data[need] != TOK_EOF) {
		native_decline(ch, "%s at 0x%zx: no end after the values",
		    what, at);
		return (-1);
	}
	if (t->maxsub > v->n) {
		native_decline(ch, "%s at 0x%zx: substitution %u of %" PRIu32
		    " values", what, at, (unsigned)t->maxsub - 1, v->n);
		return (-1);
	}
	/* Every value the template uses, as libfwevt would take it. */
	for (k = 0; k < t->nsubs; k++) {
		type = native_value(v, t->subs[k], &vp, &vn);
		if (type == VT_BINXML && t->subs[k] == t->binxml)
			continue;
		if (type > VT_HEX64 || !native_types[type].accepted ||
		    (native_types[type].size != 0 &&
		    vn != native_types[type].size) ||
		    (type == VT_SID && vn < 8) ||
		    (type == VT_NULL && t->subtoks[k] == TOK_NORMAL_SUBST) ||
		    (type == VT_NULL && t->subs[k] == t->binxml)) {
			/*
			 * libfwevt refuses a NULL normal substitution; a
			 * NULL last value of the root drops the root.
			 */
			native_decline(ch, "%s at 0x%zx: value %u: type "
			    "0x%02x, %zu bytes", what, at, t->subs[k], type,
			    vn);
			return (-1);
		}
	}
	return (0);
}

/* The characters XML escapes. */
static const unsigned char native_escaped[256] = {
	['&'] = 1, ['<'] = 1, ['>'] = 1, ['"'] = 1, ['\''] = 1
};

/* True if the string s holds & < > " or ' (a short name: no call). */
static int
native_has_markup(const char *s)
{
	for (; *s != '\0'; s++)
		if (native_escaped[(unsigned char)*s])
			return (1);
	return (0);
}

/*
 * True if the UTF-16 string of n bytes at p is, up to its first NUL, one
 * character XML escapes: libevtx 20181227 cannot write the XML of a record
 * holding such a value (its EventRecordID is lost on the libevtx path),
 * where it writes "a&b", "&&" or "&" after a NUL.  Measured for & < > in
 * element content (tests/evtx-spec/native-markup.spec); " and ' alone are
 * counted in too, for a value that lands in an attribute.
 */
static int
native_lone_markup(const unsigned char *p, size_t n)
{
	if (n < 2 || p[1] != 0 || !native_escaped[p[0]])
		return (0);
	return (n < 4 || (p[2] == 0 && p[3] == 0));
}

/*
 * True if every value of v is one libevtx can write into the record's XML
 * (its System/EventRecordID comes from there): a value of a fixed size
 * with that size, a SID whose sub-authorities fill it, a FILETIME before
 * the year 10000, no SYSTEMTIME.  Values ntlmplan never reads count too:
 * when libevtx cannot write the XML, the libevtx path has no record id,
 * as with a string that is only a character XML escapes.
 */
static int
native_values_render(const struct native_values *v)
{
	const unsigned char	*vp;
	size_t			 vn;
	uint32_t		 i;
	uint8_t			 type;

	for (i = 0; i < v->n; i++) {
		type = native_value(v, (uint16_t)i, &vp, &vn);
		/* The fixed sizes from the type table, the rest by hand. */
		if (type <= VT_HEX64 && native_types[type].size != 0 &&
		    type != VT_FILETIME && type != VT_SYSTEMTIME) {
			if (vn != native_types[type].size)
				return (0);
			continue;
		}
		switch (type) {
		case VT_FILETIME:
			if (vn != 8 || le64(vp) >= NATIVE_FILETIME_END)
				return (0);
			break;
		case VT_SID:
			if (vn < 8 || vp[0] != 1 || vp[1] > 15 ||
			    vn != 8 + 4 * (size_t)vp[1])
				return (0);
			break;
		case VT_SYSTEMTIME:
			return (0);
		case VT_STRING:
			if (vn % 2 != 0 || native_lone_markup(vp, vn))
				return (0);
			break;
		default:
			break;
		}
	}
	return (1);
}

/*
 * The EventData of a record's own XML (t->raw) into ev: every value, an
 * empty one as EVTX_NATIVE_NULL.  A record with fewer values than its event
 * requires, or an invalid string, is unreadable (ev->unreadable says why):
 * that record alone, libevtx cannot read such a chunk either.
 */
static int
native_raw_fields(struct evtx_native_chunk *ch, const unsigned char *p,
    const struct native_tmpl *t, struct evtx_native_event *ev)
{
	const struct native_tag	*tag;
	const struct event_def	*d = event_def_find(ev->id);
	int			 k, nnames, nreq;
	uint32_t		 soff;

	nnames = d->nfields < EVENT_MAX_FIELDS ? d->nfields : EVENT_MAX_FIELDS;
	nreq = d->nrequired > 0 ? d->nrequired : d->nfields;
	ev->nfields = 0;
	if (t->nslots < nreq) {
		ev->unreadable = "fewer EventData values than the event has";
		return (0);
	}
	for (k = 0; k < t->nslots && ev->nfields < nnames; k++) {
		tag = &ch->cache->tags[t->slots[k]];
		if (tag->vkind != TAG_V_LITERAL || tag->litlen == 0)
			soff = EVTX_NATIVE_NULL;
		else if ((soff = evtx_native_utf16(ch, p + tag->lit,
		    2 * (size_t)tag->litlen, EVTX_CHUNK_MAX_STRING)) ==
		    EVTX_NATIVE_NONE) {
			ev->nfields = 0;
			ev->unreadable = "EventData: invalid UTF-16";
			return (0);
		}
		ev->fields[ev->nfields++] = soff;
	}
	return (0);
}

/* Decode the record at off (size bytes); 0, or -1 if declined. */
static int
native_record(struct evtx_native_chunk *ch, const unsigned char *p,
    size_t off, size_t size, struct native_values *v,
    struct native_values *v2)
{
	struct native_tag		*tags;
	const struct native_tmpl	*st;	/* where the strings are */
	const struct native_values	*sv;
	const struct event_def		*d;
	struct native_tmpl		*t, *nt;
	struct evtx_native_event	*ev;
	const unsigned char		*vp;
	const char			*prov;
	size_t				 vn, vat;
	uint32_t			 soff, prov_off = 0;
	uint64_t			 id;
	uint8_t				 type;
	int				 rv, nnames, nstr, k, ntlm;

	if (size >= 24 + 4 + 5 + 4 && p[off + 24] == TOK_FRAGMENT_HEADER &&
	    (p[off + 28] & ~TOK_MORE) == TOK_OPEN_START) {
		t = native_raw_get(ch, p, off, size);
		if (!t->ok) {
			native_decline(ch, "%s", t->why);
			return (-1);
		}
		v->n = 0;
		ch->beyond++;	/* a record declined declines the chunk */
	} else if (native_instance(ch, p, off + 24, off + size - 4, "record",
	    off, &t, v) != 0)
		return (-1);
	if (!t->raw && !native_values_render(v)) {
		native_decline(ch, "record at 0x%zx: a value libevtx's XML "
		    "cannot hold", off);
		return (-1);
	}
	st = t;
	sv = v;
	if (t->binxml != NATIVE_NO_SUB && t->ed == NATIVE_NO_TAG &&
	    native_value(v, (uint16_t)t->binxml, &vp, &vn) == VT_BINXML) {
		/* The EventData: binary XML in a value, one level deep. */
		vat = (size_t)(vp - p);
		if (native_instance(ch, p, vat, vat + vn, "EventData", vat,
		    &nt, v2) != 0)
			return (-1);
		if (!native_values_render(v2)) {
			native_decline(ch, "EventData at 0x%zx: a value "
			    "libevtx's XML cannot hold", vat);
			return (-1);
		}
		if (nt->binxml != NATIVE_NO_SUB) {
			native_decline(ch, "EventData at 0x%zx: nested binary "
			    "XML", vat);
			return (-1);
		}
		st = nt;
		sv = v2;
	}

	/* Times after the year 9999 are for libevtx's path to judge. */
	if (le64(p + off + 16) >= NATIVE_FILETIME_END) {
		native_decline(ch, "record at 0x%zx: time after 9999", off);
		return (-1);
	}
	ch->records++;
	tags = ch->cache->tags;
	/* EventID */
	if (t->eventid == NATIVE_NO_TAG)
		goto declined;
	if (t->raw) {
		if (native_literal_number(p, &tags[t->eventid], &id) != 0)
			goto declined;
		id &= 0xffff;
	} else {
		if (tags[t->eventid].vkind != TAG_V_SUBST)
			goto declined;
		type = native_value(v, tags[t->eventid].sub, &vp, &vn);
		if (type != VT_UINT16 && type != VT_UINT32 &&
		    type != VT_UINT8)
			goto declined;
		id = native_uint(vp, vn) & 0xffff;
	}
	/* Provider */
	rv = native_sys_string(ch, p, tags, t->provider, v, &prov_off);
	if (rv == -1)
		goto declined;
	prov = rv == 1 ? ch->arena + prov_off : NULL;
	/* The same provider string as the record before: the same answer. */
	if (rv == 1 && prov_off == ch->memo_prov && (int)id == ch->memo_id)
		ntlm = ch->memo_ntlm;
	else {
		ntlm = rv == 1 && event_is_ntlm((int)id, prov);
		if (rv == 1) {
			ch->memo_prov = prov_off;
			ch->memo_id = (int)id;
			ch->memo_ntlm = ntlm;
		}
	}
	if (rv != 1 && event_id_known((int)id))
		goto declined;
	ev = native_event_new(ch);
	ev->id = (int)id;
	ev->skipped = 0;
	ev->unreadable = NULL;
	ev->nfields = 0;
	ev->provider = rv == 1 ? prov_off : EVTX_NATIVE_NONE;
	ev->time = util_filetime_to_us(le64(p + off + 16));
	ev->record_id = le64(p + off + 8);
	ev->has_sys_record_id = 0;
	if (t->recid != NATIVE_NO_TAG && t->raw) {
		if (native_literal_number(p, &tags[t->recid],
		    &ev->sys_record_id) != 0)
			goto declined_ev;
		ev->has_sys_record_id = 1;
	} else if (t->recid != NATIVE_NO_TAG) {
		/* Another form is one libevtx's XML writes some other way. */
		if (tags[t->recid].vkind != TAG_V_SUBST)
			goto declined_ev;
		type = native_value(v, tags[t->recid].sub, &vp, &vn);
		if (type == VT_UINT64) {
			ev->sys_record_id = le64(vp);
			ev->has_sys_record_id = 1;
		} else if (type != VT_NULL)
			goto declined_ev;
	}
	rv = native_sys_string(ch, p, tags, t->computer, v, &ev->computer);
	if (rv == -1)
		goto declined_ev;
	if (rv == 0)
		ev->computer = EVTX_NATIVE_NONE;
	if (native_sys_string(ch, p, tags, t->channel, v, &ev->channel) != 1)
		ev->channel = EVTX_NATIVE_NONE;
	else if (ev->channel != ch->memo_channel) {
		if (native_has_markup(ch->arena + ev->channel))
			goto declined_ev;	/* escaped in libevtx's XML */
		ch->memo_channel = ev->channel;
	}
	if (!ntlm) {
		ev->skipped = 1;
		ch->skipped++;
		return (0);
	}
	/* EventData */
	if (!st->strings_ok)
		goto declined_ev;
	if (st->raw)
		return (native_raw_fields(ch, p, st, ev));
	d = event_def_find(ev->id);
	nnames = d->nfields;
	nstr = 0;
	for (k = 0; k < st->nslots; k++) {
		if (sv->p[4 * (size_t)st->slots[k] + 2] != VT_NULL)
			nstr++;
	}
	/* libevtx leaves out NULL values: fewer than required, unreadable. */
	if (nstr < (d->nrequired > 0 ? d->nrequired : d->nfields))
		goto declined_ev;
	if (nnames > EVENT_MAX_FIELDS)
		nnames = EVENT_MAX_FIELDS;
	ev->nfields = 0;
	for (k = 0; k < st->nslots && ev->nfields < nnames; k++) {
		type = native_value(sv, st->slots[k], &vp, &vn);
		if (type == VT_NULL)
			continue;
		soff = native_value_string(ch, type, vp, vn);
		if (soff == EVTX_NATIVE_NONE)
			goto declined_ev;
		ev->fields[ev->nfields++] = soff;
	}
	return (0);

declined_ev:
	ch->nevents--;
declined:
	native_decline(ch, "record %" PRIu64 ": left to libevtx",
	    le64(p + off + 8));
	return (-1);
}

int
evtx_native_chunk_read(struct evtx_native_chunk *ch, const unsigned char *p,
    size_t len, const struct evtx_chunk *c)
{
	struct native_values	 v, v2;
	size_t			 off, end, last = 0, scan;
	uint32_t		 size;
	uint64_t		 n = 0;

	ch->declined = 0;
	ch->slack = 0;
	ch->why[0] = '\0';
	ch->records = ch->skipped = ch->beyond = 0;
	ch->nevents = 0;
	ch->arenalen = 0;
	ch->memo_prov = ch->memo_channel = EVTX_NATIVE_NONE;
	ch->cache->ntags = 0;
	ch->cache->ntmpls = 0;
	if (c->status != EVTX_CHUNK_OK) {
		native_decline(ch, "chunk header or records not valid");
		return (-1);
	}
	if (len != NATIVE_CHUNK) {
		native_decline(ch, "chunk truncated");
		return (-1);
	}
	if (le32(p + 40) != 128) {
		/* libevtx refuses the chunk then. */
		native_decline(ch, "chunk header size not 128");
		return (-1);
	}
	end = c->free_offset;
	memset(&v, 0, sizeof v);
	memset(&v2, 0, sizeof v2);
	off = EVTX_CHUNK_HEADER;
	while (off + NATIVE_RECORD_MIN <= end) {
		size = le32(p + off + 4);
		if (le32(p + off) != NATIVE_RECORD_SIG ||
		    size < NATIVE_RECORD_MIN || size > end - off ||
		    le32(p + off + size - 4) != size)
			break;
		last = off;
		if (native_record(ch, p, off, size, &v, &v2) != 0)
			break;
		n++;
		off += size;
	}
	free(v.offs);
	free(v2.offs);
	if (ch->declined)
		return (-1);
	/*
	 * The walk stopped before the free space at a record signature: a
	 * size's copy that differs, or a size past the free space offset.
	 * libevtx takes that for a record all the same (it checks neither)
	 * and counts it, unreadable if it cannot parse it.  The chunk is
	 * left to it, so that the record is counted as it counts it.
	 */
	if (off < end && off + 8 <= len && le32(p + off) == NATIVE_RECORD_SIG) {
		native_decline(ch, "record at offset %zu: its size (%" PRIu32
		    ") or the size's copy is not as the walk wants", off,
		    le32(p + off + 4));
		return (-1);
	}
	if (n != c->walked || n != evtx_chunk_declared(c) ||
	    (n > 0 && last != le32(p + 44))) {
		native_decline(ch, "records not as the chunk header declares");
		return (-1);
	}
	/*
	 * libevtx looks for deleted records in the slack space, every 4
	 * bytes, from where its own walk ended: left to it if any.
	 */
	for (scan = off; scan + 4 <= len; scan += 4) {
		if (le32(p + scan) == NATIVE_RECORD_SIG) {
			ch->slack = 1;
			return (0);
		}
	}
	if (n > 0 && len - (last + le32(p + last + 4)) < 4) {
		/*
		 * libevtx drops a record that ends less than 4 bytes before
		 * the chunk's end (it wants room for its size copy after it);
		 * its slack scan then starts at that record.
		 */
		for (scan = last + 4; scan + 4 <= len; scan += 4) {
			if (le32(p + scan) == NATIVE_RECORD_SIG) {
				ch->slack = 1;
				return (0);
			}
		}
	}
	return (0);
}

void
evtx_native_event(const struct evtx_native_chunk *ch, size_t i,
    struct event *ev)
{
	const struct evtx_native_event	*e = &ch->events[i];
	int				 k;

	memset(ev, 0, sizeof *ev);
	ev->id = e->id;
	ev->time = e->time;
	ev->record_id = e->record_id;
	ev->provider = e->provider == EVTX_NATIVE_NONE ? NULL :
	    ch->arena + e->provider;
	ev->computer = e->computer == EVTX_NATIVE_NONE ? NULL :
	    ch->arena + e->computer;
	ev->channel = e->channel == EVTX_NATIVE_NONE ? NULL :
	    ch->arena + e->channel;
	for (k = 0; !e->skipped && k < e->nfields; k++)
		ev->fields[k] = e->fields[k] == EVTX_NATIVE_NULL ? NULL :
		    ch->arena + e->fields[k];
	ev->nfields = e->skipped ? 0 : e->nfields;
}
