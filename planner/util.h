/*
 * util.h: small helpers shared by every stage: "no value" detection,
 * case-insensitive name comparison, UTC timestamps and JSON string output.
 *
 * Times are int64_t microseconds since 1970-01-01T00:00:00Z throughout.
 */
#ifndef UTIL_H
#define UTIL_H

#include <stdint.h>
#include <stdio.h>

#define UTIL_TIME_LEN	64	/* buffer for util_time_format */
#define UTIL_TIME_NONE	INT64_MIN	/* no time: not known, never */
#define UTIL_SECOND	INT64_C(1000000)
#define UTIL_DAY	(86400 * UTIL_SECOND)
/* The times ntlmplan reads and writes: years 1601..9999 (FILETIME's start). */
#define UTIL_TIME_MIN	INT64_C(-11644473600000000)	/* 1601-01-01 */
#define UTIL_TIME_MAX	INT64_C(253402300799999999)	/* 9999-12-31 */
/*
 * The largest count ntlmplan keeps, writes and reads: 2^53 - 1, exact in a
 * JSON number read as a double.  Sums saturate there (util_count_add).
 */
#define UTIL_COUNT_MAX	((UINT64_C(1) << 53) - 1)

/* True for NULL, "", "(NULL)" and "-": Windows' ways of saying no value. */
int	 util_is_null_value(const char *);
/* strcasecmp (ASCII) with NULL sorting before any string. */
int	 util_strcasecmp_null(const char *, const char *);
/* strcmp with NULL sorting before any string. */
int	 util_strcmp_null(const char *, const char *);
/* Format as 2026-03-09T00:55:20.842728Z; returns buf. */
char	*util_time_format(int64_t, char *);
/* qsort: char pointers case-insensitively, then bytewise (a total order). */
int	util_strp_compare(const void *, const void *);
/* A time as the reports write it, "2026-03-02 00:07 UTC", into buf. */
char	*util_time_readable(int64_t, char *);
/*
 * Parse ISO 8601 (fraction of any length, "Z", "+hh:mm" or no zone meaning
 * UTC) or a .NET "/Date(ms)/" or "/Date(ms+hhmm)/" string.  Returns 0, or
 * -1 if malformed or outside UTIL_TIME_MIN..UTIL_TIME_MAX.
 */
int	 util_time_parse(const char *, int64_t *);
/* True if t is within UTIL_TIME_MIN..UTIL_TIME_MAX. */
int	 util_time_valid(int64_t);
/*
 * True if s is well-formed UTF-8 as PCRE2 checks it (RFC 3629: no overlong
 * forms, no surrogates, nothing past U+10FFFF).
 */
int	 util_utf8_valid(const char *);
/* a + b, saturated at UTIL_COUNT_MAX. */
uint64_t util_count_add(uint64_t, uint64_t);
/* Room for a long long in decimal, its sign and the NUL. */
#define UTIL_LLTOA_LEN	24
/* v in decimal, as "%lld" writes it, at the end of buf; its start. */
char	*util_lltoa(long long, char [UTIL_LLTOA_LEN]);
/* Windows FILETIME (100 ns since 1601) to microseconds since 1970. */
int64_t	 util_filetime_to_us(uint64_t);
/*
 * Escape the len bytes of s for a terminal or a one-line comment: control
 * characters as \r, \n, \t or \xNN, and so are DEL, the C1 controls
 * (U+0080..U+009F) and bytes that are not UTF-8; everything else is kept,
 * a backslash too (CORP\alice).  Writes at most size - 1 bytes and a NUL
 * into buf (nothing if size is 0) and returns the length of the whole
 * escaped text, as snprintf does.
 */
size_t	 util_escape(char *, size_t, const char *, size_t);
/* Write s escaped as util_escape does. */
void	 util_escape_put(FILE *, const char *);
/* SHA-256 (FIPS 180-4) of len bytes at p, into out. */
void	 util_sha256(const void *, size_t, unsigned char[32]);
/*
 * Base64 (RFC 4648, with padding) of len bytes at p into buf, which holds
 * at least 4 * ((len + 2) / 3) + 1 bytes; returns buf.
 */
char	*util_base64(const void *, size_t, char *);
/* Write s as a JSON string, or null if s is NULL. */
void	 util_json_string(FILE *, const char *);
/* Write t as a quoted util_time_format string, or null if UTIL_TIME_NONE. */
void	 util_json_time(FILE *, int64_t);
/* Parse a decimal integer in [min, max]; 0 on success, -1 otherwise. */
int	 util_strtonum(const char *, long long, long long, long long *);
/* Number of online CPUs, at least 1. */
int	 util_ncpus(void);

#endif
