/*
 * t-util.c: unit tests of util.c (times, null values, comparisons) and
 * outfile.c (atomic writes).
 */
#include "config.h"

#include <sys/stat.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "outfile.h"
#include "tap.h"
#include "util.h"
#include "xmalloc.h"

static void
test_time(void)
{
	static const struct {
		const char	*in;
		const char	*out;
	} cases[] = {
		{ "2026-03-09T00:55:20.842728+00:00", "2026-03-09T00:55:20.842728Z" },
		{ "2026-03-09T00:55:20.8427283Z", "2026-03-09T00:55:20.842728Z" },
		{ "2026-03-09T01:55:20.1+01:00", "2026-03-09T00:55:20.100000Z" },
		{ "2026-03-09T00:55:20", "2026-03-09T00:55:20.000000Z" },
		{ "2026-03-08T20:55:20.000-0400", "2026-03-09T00:55:20.000000Z" },
		{ "2024-02-29 23:59:59.999999Z", "2024-02-29T23:59:59.999999Z" },
		{ "1970-01-01T00:00:00Z", "1970-01-01T00:00:00.000000Z" },
		{ "1601-01-01T00:00:00Z", "1601-01-01T00:00:00.000000Z" },
		{ "/Date(1773017720842)/", "2026-03-09T00:55:20.842000Z" },
		{ "\\/Date(1773017720842)\\/", "2026-03-09T00:55:20.842000Z" },
		{ "/Date(1773017720842+0100)/", "2026-03-09T00:55:20.842000Z" },
		{ "/Date(-11644473600000)/", "1601-01-01T00:00:00.000000Z" },
		{ "9999-12-31T23:59:59.999999Z",
		  "9999-12-31T23:59:59.999999Z" },
	};
	static const char *const bad[] = {
		"", "2026-03-09", "2026-13-01T00:00:00Z", "2026-03-09T00:55:20Q",
		"2026-03-09T00:55:20.Z", "yesterday", "2026-03-09T25:00:00Z",
		/* .NET dates: overflow, cut short, outside 1601..9999 */
		"/Date(9223372036854775807)/", "/Date(-9223372036854775808)/",
		"/Date(1773017720842", "/Date(1773017720842)", "Date(1)/",
		"/Date()/", "/Date(1+01)/", "/Date(253402300800000)/",
		"/Date(-11644473600001)/",
		/* ISO 8601 outside the years 1601..9999 */
		"1600-12-31T23:59:59.999999Z", "0000-01-01T00:00:00Z",
		"9999-12-31T23:59:59-01:00", "1601-01-01T00:00:00+00:01"
	};
	char		buf[UTIL_TIME_LEN];
	int64_t		t;
	size_t		i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		t = 0;
		ok(util_time_parse(cases[i].in, &t) == 0, "parse %s",
		    cases[i].in);
		is_str(util_time_format(t, buf), cases[i].out, "format %s",
		    cases[i].in);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ok(util_time_parse(bad[i], &t) == -1, "reject \"%s\"", bad[i]);
	/* FILETIME of 2026-03-09T00:55:20.842728Z. */
	is_str(util_time_format(util_filetime_to_us(UINT64_C(134174913208427280)),
	    buf), "2026-03-09T00:55:20.842728Z", "FILETIME conversion");
	/* What util_time_format writes for the limits reads back. */
	ok(util_time_parse(util_time_format(UTIL_TIME_MIN, buf), &t) == 0 &&
	    t == UTIL_TIME_MIN, "the earliest time reads back");
	ok(util_time_parse(util_time_format(UTIL_TIME_MAX, buf), &t) == 0 &&
	    t == UTIL_TIME_MAX, "the latest time reads back");
	ok(!util_time_valid(util_filetime_to_us(UINT64_MAX)),
	    "FILETIME of year 60056 is outside the years 1601..9999");
	ok(!util_time_valid(UTIL_TIME_MAX + 1) &&
	    !util_time_valid(UTIL_TIME_MIN - 1), "one past either limit");
}

static void
test_counts(void)
{
	is_int((long long)util_count_add(1, 2), 3, "1 + 2");
	ok(util_count_add(UTIL_COUNT_MAX - 1, 1) == UTIL_COUNT_MAX,
	    "a sum reaching the limit");
	ok(util_count_add(UTIL_COUNT_MAX, 1) == UTIL_COUNT_MAX,
	    "a sum past the limit saturates");
	ok(util_count_add(UINT64_MAX, UINT64_MAX) == UTIL_COUNT_MAX,
	    "a sum past 2^64 saturates instead of wrapping");
	ok((double)UTIL_COUNT_MAX == 9007199254740991.0 &&
	    (uint64_t)(double)UTIL_COUNT_MAX == UTIL_COUNT_MAX,
	    "the limit is exact in a double");
}

static void
test_names(void)
{
	ok(util_is_null_value(NULL), "NULL is no value");
	ok(util_is_null_value(""), "\"\" is no value");
	ok(util_is_null_value("-"), "- is no value");
	ok(util_is_null_value("(NULL)"), "(NULL) is no value");
	ok(!util_is_null_value("(null)x"), "(null)x is a value");
	ok(!util_is_null_value("--"), "-- is a value");
	ok(util_strcasecmp_null("SRV1", "srv1") == 0, "names fold case");
	ok(util_strcasecmp_null(NULL, "a") < 0, "NULL sorts first");
	ok(util_strcasecmp_null("a", NULL) > 0, "NULL sorts first (2)");
	ok(util_strcasecmp_null(NULL, NULL) == 0, "NULL equals NULL");
}

static void
test_outfile(void)
{
	struct outfile	*of;
	struct stat	 st;
	char		 dir[] = "/tmp/t-util.XXXXXX", path[512], buf[64];
	char		*cause = NULL;
	FILE		*f;

	if (mkdtemp(dir) == NULL) {
		skip(5, "mkdtemp failed");
		return;
	}
	snprintf(path, sizeof path, "%s/out.txt", dir);
	of = outfile_open(path, &cause);
	ok(of != NULL, "outfile_open");
	fputs("hello\n", outfile_stream(of));
	ok(stat(path, &st) == -1, "target absent before commit");
	ok(outfile_commit(of, &cause) == 0, "commit");
	f = fopen(path, "r");
	ok(f != NULL && fgets(buf, sizeof buf, f) != NULL &&
	    strcmp(buf, "hello\n") == 0, "content after commit");
	if (f != NULL)
		fclose(f);
	of = outfile_open(path, &cause);
	fputs("half-written", outfile_stream(of));
	outfile_abort(of);
	f = fopen(path, "r");
	ok(f != NULL && fgets(buf, sizeof buf, f) != NULL &&
	    strcmp(buf, "hello\n") == 0, "abort leaves the old file");
	if (f != NULL)
		fclose(f);
	unlink(path);
	ok(rmdir(dir) == 0, "no temporary file left behind");
	/* A device is written in place, never renamed over. */
	of = outfile_open("/dev/null", &cause);
	ok(of != NULL, "outfile_open /dev/null");
	fputs("discarded", outfile_stream(of));
	ok(outfile_commit(of, &cause) == 0, "commit to /dev/null");
	ok(stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode),
	    "/dev/null is still a character device");
	ok(outfile_open("/tmp", &cause) == NULL, "a directory is refused");
	free(cause);
	cause = NULL;
	snprintf(path, sizeof path, "/nonexistent-dir/out.txt");
	ok(outfile_open(path, &cause) == NULL && cause != NULL &&
	    strstr(cause, "/nonexistent-dir/out.txt") != NULL,
	    "error names the file");
	free(cause);
}

/* util_escape: control characters, C1 and bad UTF-8 as escapes. */
static void
test_escape(void)
{
	static const struct {
		const char	*in;
		const char	*out;
	} cases[] = {
		{ "WS01", "WS01" },
		{ "CORP\\alice", "CORP\\alice" },
		{ "a\r\nb\tc", "a\\r\\nb\\tc" },
		{ "WS\033]0;pwned\007\033[2J", "WS\\x1b]0;pwned\\x07\\x1b[2J" },
		{ "del\177", "del\\x7f" },
		/* U+009B (CSI) in UTF-8; U+00E9 kept */
		{ "\302\233""2J \303\251", "\\xc2\\x9b2J \303\251" },
		/* not UTF-8: a lone 0x9b, a cut sequence */
		{ "\2332J", "\\x9b2J" },
		{ "a\342\202", "a\\xe2\\x82" },
		{ "\344\270\200", "\344\270\200" },
		{ "", "" },
	};
	char	 buf[64], small[8];
	size_t	 i, n;
	FILE	*f;
	char	*mem = NULL;
	size_t	 memlen = 0;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		n = util_escape(buf, sizeof buf, cases[i].in,
		    strlen(cases[i].in));
		is_str(buf, cases[i].out, "escape case %zu", i);
		is_int((long long)n, (long long)strlen(cases[i].out),
		    "escape case %zu: length", i);
	}
	n = util_escape(small, sizeof small, "\033\033\033", 3);
	is_int((long long)n, 12, "escape: the length it needs");
	is_str(small, "\\x1b\\x1", "escape: cut to the buffer, NUL ended");
	is_int((long long)util_escape(NULL, 0, "a\nb", 3), 4,
	    "escape: NULL buffer counts");
	f = open_memstream(&mem, &memlen);
	util_escape_put(f, "host\r\n; RestrictSendingNTLMTraffic=4");
	fclose(f);
	is_str(mem, "host\\r\\n; RestrictSendingNTLMTraffic=4",
	    "escape_put writes one line");
	free(mem);
}

/*
 * Outputs are never written through a link: a link to a device or FIFO is
 * refused, one to a file is replaced, the file it names left as it was; a
 * re-run keeps the file's mode.
 */
static void
test_outfile_links(void)
{
	struct outfile	*of;
	struct stat	 st;
	char		 dir[] = "/tmp/t-util.XXXXXX", path[512], other[512];
	char		 fifo[512], buf[64];
	char		*cause = NULL;
	FILE		*f;

	if (mkdtemp(dir) == NULL) {
		skip(9, "mkdtemp failed");
		return;
	}
	snprintf(path, sizeof path, "%s/out.txt", dir);
	snprintf(other, sizeof other, "%s/other.txt", dir);
	snprintf(fifo, sizeof fifo, "%s/fifo", dir);
	ok(symlink("/dev/null", path) == 0, "symlink to /dev/null");
	of = outfile_open(path, &cause);
	ok(of == NULL && cause != NULL && strstr(cause, "symbolic link") !=
	    NULL, "a link to a device is refused: %s", cause ? cause : "");
	if (of != NULL)
		outfile_abort(of);
	free(cause);
	cause = NULL;
	unlink(path);
	if (mkfifo(fifo, 0600) == 0 && symlink(fifo, path) == 0) {
		of = outfile_open(path, &cause);
		ok(of == NULL && cause != NULL, "a link to a FIFO is refused");
		if (of != NULL)
			outfile_abort(of);
		free(cause);
		cause = NULL;
	} else
		skip(1, "mkfifo");
	unlink(path);
	unlink(fifo);

	f = fopen(other, "w");
	fputs("keep\n", f);
	fclose(f);
	ok(symlink(other, path) == 0, "symlink to a file");
	of = outfile_open(path, &cause);
	ok(of != NULL, "a link to a file: opened");
	if (of != NULL) {
		fputs("new\n", outfile_stream(of));
		ok(outfile_commit(of, &cause) == 0, "a link to a file: commit");
	} else
		skip(1, "not opened");
	ok(lstat(path, &st) == 0 && S_ISREG(st.st_mode),
	    "the link is replaced by a file");
	f = fopen(other, "r");
	ok(f != NULL && fgets(buf, sizeof buf, f) != NULL &&
	    strcmp(buf, "keep\n") == 0, "the file it named is unchanged");
	if (f != NULL)
		fclose(f);

	ok(chmod(path, 0600) == 0, "chmod 0600");
	of = outfile_open(path, &cause);
	fputs("again\n", outfile_stream(of));
	outfile_commit(of, &cause);
	ok(stat(path, &st) == 0 && (st.st_mode & 07777) == 0600,
	    "a re-run keeps mode 0600 (%o)", (unsigned)(st.st_mode & 07777));
	unlink(path);
	unlink(other);
	rmdir(dir);
}

/* SHA-256 (FIPS 180-2 examples) and base64 (RFC 4648 section 10). */
static void
test_sha256(void)
{
	static const struct {
		const char	*in;
		const char	*b64;
	} cases[] = {
		{ "", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=" },
		{ "abc", "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "JI1qYdIGOLjlwCaTDD5gOaM85Flk/yFn9uzt1BnbBsE=" },
	};
	static const char *const b64[][2] = {
		{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" },
		{ "foo", "Zm9v" },
		{ "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" },
		{ "foobar", "Zm9vYmFy" },
	};
	unsigned char	 h[32];
	char		 buf[64], *big;
	size_t		 i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		util_sha256(cases[i].in, strlen(cases[i].in), h);
		is_str(util_base64(h, sizeof h, buf), cases[i].b64,
		    "sha256 case %zu", i);
	}
	/* A million 'a': many blocks. */
	big = xmalloc(1000000);
	memset(big, 'a', 1000000);
	util_sha256(big, 1000000, h);
	is_str(util_base64(h, sizeof h, buf),
	    "zcduXJkU+5KBocfihNc+Z/GAmkiklyAOBG05zMcRLNA=",
	    "sha256 of a million a");
	free(big);
	for (i = 0; i < sizeof b64 / sizeof b64[0]; i++)
		is_str(util_base64(b64[i][0], strlen(b64[i][0]), buf),
		    b64[i][1], "base64 %s", b64[i][0]);
}

/* xgrow doubles: 100,000 appends, a handful of reallocations. */
static void
test_grow(void)
{
	size_t	 n, cap = 0, grows = 0, last = 0;
	int	*v = NULL, good = 1;

	for (n = 0; n < 100000; n++) {
		v = xgrow(v, n, &cap, sizeof *v);
		if (cap != last) {
			grows++;
			last = cap;
		}
		v[n] = (int)n;
	}
	for (n = 0; n < 100000; n++)
		good &= v[n] == (int)n;
	ok(good, "xgrow keeps every element");
	ok(cap >= 100000 && cap < 200000, "xgrow capacity %zu", cap);
	ok(grows <= 15, "xgrow reallocated %zu times for 100,000", grows);
	v = xgrow(v, 5, &cap, sizeof *v);
	is_int((long long)cap, (long long)last, "xgrow within capacity: no change");
	free(v);
}

/* util_lltoa writes what "%lld" writes, at the ends of the range too. */
static void
test_lltoa(void)
{
	static const long long	 v[] = { 0, 7, -7, 8003, -1, 1000000,
	    LLONG_MAX, LLONG_MIN, LLONG_MIN + 1 };
	char			 buf[UTIL_LLTOA_LEN], want[32];
	size_t			 i;

	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		snprintf(want, sizeof want, "%lld", v[i]);
		is_str(util_lltoa(v[i], buf), want, "lltoa %s", want);
	}
}

int
main(void)
{
	test_time();
	test_lltoa();
	test_counts();
	test_names();
	test_outfile();
	test_grow();
	test_escape();
	test_outfile_links();
	test_sha256();
	return (done_testing());
}
