/*
 * util.c: helpers without state.  Nothing here allocates.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

#define UTIL_DAY_SECS	(UTIL_DAY / UTIL_SECOND)

int
util_is_null_value(const char *s)
{
	/* By hand: called for every value of every record. */
	return (s == NULL || s[0] == '\0' || (s[0] == '-' && s[1] == '\0') ||
	    (s[0] == '(' && strcmp(s, "(NULL)") == 0));
}

int
util_strcasecmp_null(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return ((a != NULL) - (b != NULL));
	return (strcasecmp(a, b));
}

int
util_strcmp_null(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return ((a != NULL) - (b != NULL));
	return (strcmp(a, b));
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant). */
static int64_t
util_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t		era;
	unsigned	yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (era * 146097 + (int64_t)doe - 719468);
}

/* v in n decimal digits at p, leading zeros, no NUL. */
static void
util_put_digits(char *p, unsigned long v, int n)
{
	while (n-- > 0) {
		p[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

char *
util_time_format(int64_t us, char *buf)
{
	int64_t		secs, days, z, era, y;
	unsigned	doe, yoe, doy, mp, d, m, rem;
	long		frac;

	secs = us / UTIL_SECOND;
	frac = (long)(us % UTIL_SECOND);
	if (frac < 0) {
		frac += UTIL_SECOND;
		secs--;
	}
	days = secs / UTIL_DAY_SECS;
	if (secs % UTIL_DAY_SECS < 0)
		days--;
	rem = (unsigned)(secs - days * UTIL_DAY_SECS);
	z = days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = (int64_t)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	if (y < 0 || y > 9999) {
		snprintf(buf, UTIL_TIME_LEN, "%04" PRId64
		    "-%02u-%02uT%02u:%02u:%02u.%06ldZ", y, m, d, rem / 3600,
		    rem / 60 % 60, rem % 60, frac);
		return (buf);
	}
	/* By hand: flow files hold two times a flow, and snprintf is
	 * most of the time of writing them. */
	util_put_digits(buf, (unsigned long)y, 4);
	buf[4] = '-';
	util_put_digits(buf + 5, m, 2);
	buf[7] = '-';
	util_put_digits(buf + 8, d, 2);
	buf[10] = 'T';
	util_put_digits(buf + 11, rem / 3600, 2);
	buf[13] = ':';
	util_put_digits(buf + 14, rem / 60 % 60, 2);
	buf[16] = ':';
	util_put_digits(buf + 17, rem % 60, 2);
	buf[19] = '.';
	util_put_digits(buf + 20, (unsigned long)frac, 6);
	buf[26] = 'Z';
	buf[27] = '\0';
	return (buf);
}

int
util_strp_compare(const void *a, const void *b)
{
	const char	*sa = *(const char *const *)a;
	const char	*sb = *(const char *const *)b;
	int		 c;

	if ((c = strcasecmp(sa, sb)) != 0)
		return (c);
	return (strcmp(sa, sb));
}

char *
util_time_readable(int64_t us, char *buf)
{
	util_time_format(us, buf);
	buf[16] = '\0';			/* minutes are enough */
	buf[10] = ' ';
	strcat(buf, " UTC");
	return (buf);
}

static int
util_digits(const char **sp, int n, int *out)
{
	const char	*s = *sp;
	int		 v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return (-1);
		v = v * 10 + (s[i] - '0');
	}
	*sp = s + n;
	*out = v;
	return (0);
}

int
util_time_parse(const char *s, int64_t *out)
{
	int		 y, mo, d, h, mi, sec, tzh, tzm, sign, ndig;
	int64_t		 us, frac;
	const char	*p;
	char		*end;
	long long	 ms;

	if (s == NULL)
		return (-1);
	/*
	 * .NET JSON dates: "/Date(1700000000000)/", or with an offset
	 * "+0100" that only says the writer's zone: ms is UTC.  Each '/' may
	 * keep the backslash of its JSON escape.
	 */
	p = s + (*s == '\\');
	if (strncmp(p, "/Date(", 6) == 0) {
		p += 6;
		if (*p != '-' && !isdigit((unsigned char)*p))
			return (-1);
		errno = 0;
		ms = strtoll(p, &end, 10);
		if (errno != 0 || end == p || ms < UTIL_TIME_MIN / 1000 ||
		    ms > UTIL_TIME_MAX / 1000)
			return (-1);
		p = end;
		if ((*p == '+' || *p == '-') && (p++, util_digits(&p, 4,
		    &tzh) != 0))
			return (-1);
		if (strcmp(p, ")/") != 0 && strcmp(p, ")\\/") != 0)
			return (-1);
		*out = (int64_t)ms * 1000;
		return (0);
	}
	p = s;
	if (util_digits(&p, 4, &y) || *p++ != '-' || util_digits(&p, 2, &mo) ||
	    *p++ != '-' || util_digits(&p, 2, &d) ||
	    (*p != 'T' && *p != 't' && *p != ' '))
		return (-1);
	p++;
	if (util_digits(&p, 2, &h) || *p++ != ':' || util_digits(&p, 2, &mi) ||
	    *p++ != ':' || util_digits(&p, 2, &sec))
		return (-1);
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    sec > 60)
		return (-1);
	frac = 0;
	if (*p == '.' || *p == ',') {
		p++;
		ndig = 0;
		while (isdigit((unsigned char)*p)) {
			if (ndig < 6) {
				frac = frac * 10 + (*p - '0');
				ndig++;
			}
			p++;
		}
		if (ndig == 0)
			return (-1);
		while (ndig++ < 6)
			frac *= 10;
	}
	sign = 0;
	tzh = tzm = 0;
	if (*p == 'Z' || *p == 'z')
		p++;
	else if (*p == '+' || *p == '-') {
		sign = *p++ == '-' ? -1 : 1;
		if (util_digits(&p, 2, &tzh))
			return (-1);
		if (*p == ':')
			p++;
		if (*p != '\0' && util_digits(&p, 2, &tzm))
			return (-1);
	}
	if (*p != '\0')
		return (-1);
	us = util_days_from_civil(y, (unsigned)mo, (unsigned)d) *
	    UTIL_DAY_SECS + h * 3600 + mi * 60 + sec;
	us -= (int64_t)sign * (tzh * 3600 + tzm * 60);
	us = us * UTIL_SECOND + frac;
	if (!util_time_valid(us))
		return (-1);
	*out = us;
	return (0);
}

int
util_time_valid(int64_t t)
{
	return (t >= UTIL_TIME_MIN && t <= UTIL_TIME_MAX);
}

/*
 * The length of the UTF-8 sequence at p (at most n bytes), 0 if it is not
 * one: RFC 3629, no overlong forms, no surrogates, nothing past U+10FFFF.
 */
static size_t
util_utf8_seq(const unsigned char *p, size_t n)
{
	unsigned char	lo = 0x80, hi = 0xbf;
	size_t		k, i;

	if (*p < 0x80)
		return (1);
	else if (*p >= 0xc2 && *p <= 0xdf)
		k = 1;
	else if (*p >= 0xe0 && *p <= 0xef) {
		k = 2;
		if (*p == 0xe0)
			lo = 0xa0;	/* overlong */
		else if (*p == 0xed)
			hi = 0x9f;	/* surrogates */
	} else if (*p >= 0xf0 && *p <= 0xf4) {
		k = 3;
		if (*p == 0xf0)
			lo = 0x90;	/* overlong */
		else if (*p == 0xf4)
			hi = 0x8f;	/* past U+10FFFF */
	} else
		return (0);
	if (k >= n)
		return (0);
	for (i = 1; i <= k; i++) {
		if (p[i] < lo || p[i] > hi)
			return (0);
		lo = 0x80;
		hi = 0xbf;
	}
	return (k + 1);
}

int
util_utf8_valid(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n = strlen(s), k;

	while (n > 0) {
		if ((k = util_utf8_seq(p, n)) == 0)
			return (0);
		p += k;
		n -= k;
	}
	return (1);
}

size_t
util_escape(char *buf, size_t size, const char *s, size_t len)
{
	static const char	 hex[] = "0123456789abcdef";
	const unsigned char	*p = (const unsigned char *)s;
	char			 e[8];
	size_t			 out = 0, k, i, elen;

	while (len > 0) {
		k = util_utf8_seq(p, len);
		elen = 0;
		if (k == 1 && *p >= 0x20 && *p != 0x7f) {
			e[elen++] = (char)*p;
		} else if (k == 1 && (*p == '\r' || *p == '\n' ||
		    *p == '\t')) {
			e[elen++] = '\\';
			e[elen++] = *p == '\r' ? 'r' : *p == '\n' ? 'n' : 't';
		} else if (k > 1 && !(p[0] == 0xc2 && p[1] < 0xa0)) {
			memcpy(e, p, k);
			elen = k;
		} else {
			/* A control, a C1 control or a byte that is not
			 * UTF-8: the C1 control's two bytes one by one. */
			if (k == 0)
				k = 1;
			for (i = 0; i < k; i++) {
				e[elen++] = '\\';
				e[elen++] = 'x';
				e[elen++] = hex[p[i] >> 4];
				e[elen++] = hex[p[i] & 0xf];
			}
		}
		for (i = 0; i < elen; i++, out++)
			if (out + 1 < size)
				buf[out] = e[i];
		p += k;
		len -= k;
	}
	if (size > 0)
		buf[out < size ? out : size - 1] = '\0';
	return (out);
}

void
util_escape_put(FILE *f, const char *s)
{
	char	buf[4 * 64 + 1];
	size_t	n = strlen(s), chunk, k;

	/* A chunk at a time, cut between UTF-8 sequences. */
	while (n > 0) {
		chunk = n < 60 ? n : 60;
		while (chunk < n && chunk < 64 &&
		    (((const unsigned char *)s)[chunk] & 0xc0) == 0x80)
			chunk++;
		k = util_escape(buf, sizeof buf, s, chunk);
		fwrite(buf, 1, k, f);
		s += chunk;
		n -= chunk;
	}
}

char *
util_lltoa(long long v, char buf[UTIL_LLTOA_LEN])
{
	char			*p = buf + UTIL_LLTOA_LEN - 1;
	unsigned long long	 u;

	/* By hand: a plan writes millions of them (report-csv.c). */
	u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	*p = '\0';
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--p = '-';
	return (p);
}

uint64_t
util_count_add(uint64_t a, uint64_t b)
{
	if (a >= UTIL_COUNT_MAX || b >= UTIL_COUNT_MAX - a)
		return (UTIL_COUNT_MAX);
	return (a + b);
}

int64_t
util_filetime_to_us(uint64_t ft)
{
	/* 11644473600 s between 1601-01-01 and 1970-01-01. */
	return ((int64_t)(ft / 10) - INT64_C(11644473600000000));
}

void
util_json_string(FILE *f, const char *s)
{
	const unsigned char	*p, *run;

	if (s == NULL) {
		fputs("null", f);
		return;
	}
	putc('"', f);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		/* The characters written as they are, in one call: putc
		 * locks the stream each time in a program with threads. */
		for (run = p; *p >= 0x20 && *p != '"' && *p != '\\'; p++)
			;
		if (p > run)
			fwrite(run, 1, (size_t)(p - run), f);
		if (*p == '\0')
			break;
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			if (*p < 0x20)
				fprintf(f, "\\u%04x", *p);
			else
				putc(*p, f);
		}
	}
	putc('"', f);
}

void
util_json_time(FILE *f, int64_t t)
{
	char	buf[UTIL_TIME_LEN];

	if (t == UTIL_TIME_NONE)
		fputs("null", f);
	else {
		putc('"', f);
		fputs(util_time_format(t, buf), f);
		putc('"', f);
	}
}

int
util_strtonum(const char *s, long long min, long long max, long long *out)
{
	char		*end;
	long long	 v;

	if (s == NULL || *s == '\0')
		return (-1);
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return (-1);
	*out = v;
	return (0);
}

int
util_ncpus(void)
{
	long	n;

	n = sysconf(_SC_NPROCESSORS_ONLN);
	return (n < 1 ? 1 : (n > 256 ? 256 : (int)n));
}

static const uint32_t	util_sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b,
	0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
	0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7,
	0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152,
	0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
	0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
	0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
	0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

#define UTIL_ROR(x, n)	(((x) >> (n)) | ((x) << (32 - (n))))

static void
util_sha256_block(uint32_t h[8], const unsigned char *b)
{
	uint32_t	w[64], v[8], t1, t2;
	int		i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)b[4 * i] << 24 | (uint32_t)b[4 * i + 1] << 16 |
		    (uint32_t)b[4 * i + 2] << 8 | b[4 * i + 3];
	for (; i < 64; i++)
		w[i] = w[i - 16] + (UTIL_ROR(w[i - 15], 7) ^
		    UTIL_ROR(w[i - 15], 18) ^ (w[i - 15] >> 3)) + w[i - 7] +
		    (UTIL_ROR(w[i - 2], 17) ^ UTIL_ROR(w[i - 2], 19) ^
		    (w[i - 2] >> 10));
	memcpy(v, h, sizeof v);
	for (i = 0; i < 64; i++) {
		t1 = v[7] + (UTIL_ROR(v[4], 6) ^ UTIL_ROR(v[4], 11) ^
		    UTIL_ROR(v[4], 25)) + ((v[4] & v[5]) ^ (~v[4] & v[6])) +
		    util_sha256_k[i] + w[i];
		t2 = (UTIL_ROR(v[0], 2) ^ UTIL_ROR(v[0], 13) ^
		    UTIL_ROR(v[0], 22)) + ((v[0] & v[1]) ^ (v[0] & v[2]) ^
		    (v[1] & v[2]));
		memmove(v + 1, v, 7 * sizeof v[0]);
		v[4] += t1;
		v[0] = t1 + t2;
	}
	for (i = 0; i < 8; i++)
		h[i] += v[i];
}

void
util_sha256(const void *p, size_t len, unsigned char out[32])
{
	uint32_t		 h[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372,
				    0xa54ff53a, 0x510e527f, 0x9b05688c,
				    0x1f83d9ab, 0x5be0cd19 };
	const unsigned char	*s = p;
	unsigned char		 last[128];
	uint64_t		 bits = (uint64_t)len * 8;
	size_t			 n, i;

	for (; len >= 64; s += 64, len -= 64)
		util_sha256_block(h, s);
	memset(last, 0, sizeof last);
	memcpy(last, s, len);
	last[len] = 0x80;
	n = len < 56 ? 64 : 128;
	for (i = 0; i < 8; i++)
		last[n - 1 - i] = (unsigned char)(bits >> (8 * i));
	util_sha256_block(h, last);
	if (n == 128)
		util_sha256_block(h, last + 64);
	for (i = 0; i < 32; i++)
		out[i] = (unsigned char)(h[i / 4] >> (24 - 8 * (i % 4)));
}

char *
util_base64(const void *p, size_t len, char *buf)
{
	static const char	 a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				    "abcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char	*s = p;
	char			*o = buf;
	uint32_t		 v;

	for (; len >= 3; s += 3, len -= 3) {
		v = (uint32_t)s[0] << 16 | (uint32_t)s[1] << 8 | s[2];
		*o++ = a[v >> 18];
		*o++ = a[(v >> 12) & 63];
		*o++ = a[(v >> 6) & 63];
		*o++ = a[v & 63];
	}
	if (len > 0) {
		v = (uint32_t)s[0] << 16 | (len == 2 ? (uint32_t)s[1] << 8 : 0);
		*o++ = a[v >> 18];
		*o++ = a[(v >> 12) & 63];
		*o++ = len == 2 ? a[(v >> 6) & 63] : '=';
		*o++ = '=';
	}
	*o = '\0';
	return (buf);
}
