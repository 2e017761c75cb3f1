/*
 * t-jsonout.c: the JSON emitter: separators, breaks, escapes, numbers.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonout.h"
#include "tap.h"
#include "util.h"

static char	*text;
static size_t	 textlen;

static struct jsonout *
start(FILE **f)
{
	struct jsonout	*j = malloc(sizeof *j);

	free(text);
	text = NULL;
	*f = open_memstream(&text, &textlen);
	jsonout_init(j, *f);
	return (j);
}

static const char *
finish(struct jsonout *j, FILE *f)
{
	jsonout_flush(j);
	fclose(f);
	free(j);
	return (text);
}

int
main(void)
{
	struct jsonout	*j;
	FILE		*f;
	FILE		*ref;
	char		*big, fbuf[512], s[8], *reftext;
	char		 memo[JSONOUT_MEMO];
	size_t		 reflen, memolen;
	uint64_t	 mark;
	int		 i;
	static const char *const strs[] = { "a", NULL, "q\"" };

	plan(16);

	j = start(&f);
	jsonout_object_begin(j);
	jsonout_key(j, "a");
	jsonout_int(j, -12);
	jsonout_key(j, "b");
	jsonout_array_begin(j);
	jsonout_uint(j, 18446744073709551615ULL);
	jsonout_opt_int(j, -1);
	jsonout_opt_bool(j, 1);
	jsonout_opt_bool(j, -1);
	jsonout_bool(j, 0);
	jsonout_string(j, NULL);
	jsonout_array_end(j);
	jsonout_object_end(j);
	is_str(finish(j, f), "{\"a\": -12, \"b\": [18446744073709551615, "
	    "null, true, null, false, null]}\n", "inline items");

	j = start(&f);
	jsonout_object_begin(j);
	jsonout_key(j, "x");
	jsonout_array_begin(j);
	for (i = 0; i < 2; i++) {
		jsonout_break(j, 2);
		jsonout_object_begin(j);
		jsonout_key(j, "n");
		jsonout_int(j, i);
		jsonout_object_end(j);
	}
	jsonout_break(j, 1);
	jsonout_array_end(j);
	jsonout_break(j, 1);
	jsonout_key(j, "y");
	jsonout_array_begin(j);
	jsonout_break(j, 1);
	jsonout_array_end(j);
	jsonout_object_end(j);
	is_str(finish(j, f), "{\"x\": [\n  {\"n\": 0},\n  {\"n\": 1}\n ],\n"
	    " \"y\": []}\n", "breaks, and none in an empty array");

	j = start(&f);
	jsonout_array_begin(j);
	jsonout_string(j, "q\"b\\n\nr\rt\t\001\037\x7f\xc3\xa9");
	jsonout_array_end(j);
	is_str(finish(j, f), "[\"q\\\"b\\\\n\\nr\\rt\\t\\u0001\\u001f\x7f"
	    "\xc3\xa9\"]\n", "escapes as util_json_string writes them");

	j = start(&f);
	jsonout_array_begin(j);
	jsonout_time(j, UTIL_TIME_NONE);
	jsonout_time(j, 0);
	jsonout_time(j, 0);
	jsonout_time(j, UTIL_SECOND + 1);
	jsonout_time(j, 0);
	jsonout_array_end(j);
	is_str(finish(j, f), "[null, \"1970-01-01T00:00:00.000000Z\", "
	    "\"1970-01-01T00:00:00.000000Z\", "
	    "\"1970-01-01T00:00:01.000001Z\", "
	    "\"1970-01-01T00:00:00.000000Z\"]\n", "times, again and anew");

	/* A string longer than the buffer, and many items past it. */
	big = malloc(3 * JSONOUT_BUF + 1);
	memset(big, 'a', 3 * JSONOUT_BUF);
	big[3 * JSONOUT_BUF] = '\0';
	j = start(&f);
	jsonout_array_begin(j);
	jsonout_string(j, big);
	for (i = 0; i < 10000; i++)
		jsonout_uint(j, 7);
	jsonout_array_end(j);
	finish(j, f);
	is_int((long long)textlen, 3 * JSONOUT_BUF + 4 + 10000 * 3 + 1,
	    "long output: every byte");
	ok(text[1] == '"' && text[3 * JSONOUT_BUF + 2] == '"' &&
	    strncmp(text + 3 * JSONOUT_BUF + 3, ", 7, 7", 6) == 0,
	    "long output: in order");
	ok(strcmp(text + textlen - 5, ", 7]\n") == 0, "long output: ends");
	free(big);

	j = start(&f);
	jsonout_object_begin(j);
	jsonout_key(j, "k\"ey");
	jsonout_object_begin(j);
	jsonout_object_end(j);
	jsonout_object_end(j);
	is_str(finish(j, f), "{\"k\\\"ey\": {}}\n", "keys escaped");

	j = start(&f);
	jsonout_array_begin(j);
	jsonout_array_begin(j);
	jsonout_array_end(j);
	jsonout_break(j, 0);
	jsonout_array_begin(j);
	jsonout_int(j, 1);
	jsonout_array_end(j);
	jsonout_array_end(j);
	is_str(finish(j, f), "[[],\n[1]]\n", "a break at indent 0");

	j = start(&f);
	jsonout_array_begin(j);
	jsonout_fixed(j, 0.0, 1);
	jsonout_fixed(j, 14.0, 1);
	jsonout_fixed(j, 1.25, 1);
	jsonout_fixed(j, 1.35, 1);
	jsonout_fixed(j, -0.04, 1);
	jsonout_fixed(j, 2.0 / 3.0, 3);
	jsonout_fixed(j, 7.5, 0);
	jsonout_fixed(j, 1e300, 1);
	jsonout_array_end(j);
	snprintf(fbuf, sizeof fbuf, "[0.0, 14.0, %.1f, %.1f, %.1f, 0.667, "
	    "%.0f, %.1f]\n", 1.25, 1.35, -0.04, 7.5, 1e300);
	is_str(finish(j, f), fbuf, "fixed point, as printf writes it");

	j = start(&f);
	jsonout_object_begin(j);
	jsonout_key(j, "none");
	jsonout_strings(j, NULL, 0);
	jsonout_key(j, "some");
	jsonout_strings(j, strs, 3);
	jsonout_break(j, 1);
	jsonout_key(j, "after");
	jsonout_int(j, 1);
	jsonout_object_end(j);
	is_str(finish(j, f), "{\"none\": [], \"some\": [\"a\", null, "
	    "\"q\\\"\"],\n \"after\": 1}\n", "arrays of strings");

	/* A member written straight to the FILE between two of jsonout. */
	j = start(&f);
	jsonout_object_begin(j);
	jsonout_key(j, "a");
	jsonout_int(j, 1);
	jsonout_break(j, 0);
	jsonout_direct(j);
	fputs(" \"b\": 2", f);
	jsonout_key(j, "c");
	jsonout_array_begin(j);
	jsonout_direct(j);
	fputs("3", f);
	jsonout_int(j, 4);
	jsonout_array_end(j);
	jsonout_object_end(j);
	is_str(finish(j, f), "{\"a\": 1,\n \"b\": 2, \"c\": [3, 4]}\n",
	    "items written straight to the FILE");

	/* After a key, the value is the caller's: no separator. */
	j = start(&f);
	jsonout_object_begin(j);
	jsonout_key(j, "a");
	jsonout_direct(j);
	fputs("{}", f);
	jsonout_key(j, "b");
	jsonout_null(j);
	jsonout_object_end(j);
	is_str(finish(j, f), "{\"a\": {}, \"b\": null}\n",
	    "a value written straight to the FILE");

	/* Every byte escaped as util_json_string escapes it. */
	ref = open_memstream(&reftext, &reflen);
	j = start(&f);
	jsonout_array_begin(j);
	putc('[', ref);
	for (i = 1; i < 256; i++) {
		snprintf(s, sizeof s, "a%cb%c%c", i, i, i);
		jsonout_string(j, s);
		fputs(i > 1 ? ", " : "", ref);
		util_json_string(ref, s);
	}
	jsonout_array_end(j);
	fputs("]\n", ref);
	fclose(ref);
	is_str(finish(j, f), reftext, "every byte as util_json_string");
	free(reftext);

	/* Items kept once written, and written again. */
	j = start(&f);
	jsonout_array_begin(j);
	jsonout_object_begin(j);
	mark = jsonout_mark(j);
	jsonout_key(j, "a");
	jsonout_int(j, 1);
	jsonout_key(j, "b");
	jsonout_array_begin(j);
	jsonout_string(j, "x");
	jsonout_array_end(j);
	memolen = jsonout_memo(j, mark, memo);
	jsonout_object_end(j);
	jsonout_break(j, 1);
	jsonout_object_begin(j);
	jsonout_replay(j, memo, memolen);
	jsonout_key(j, "c");
	jsonout_null(j);
	jsonout_object_end(j);
	jsonout_array_end(j);
	is_str(finish(j, f), "[{\"a\": 1, \"b\": [\"x\"]},\n "
	    "{\"a\": 1, \"b\": [\"x\"], \"c\": null}]\n",
	    "items replayed: the same text, the separators after");

	/* Text flushed or longer than a memo is not kept. */
	big = malloc(JSONOUT_MEMO + 1);
	memset(big, 'a', JSONOUT_MEMO);
	big[JSONOUT_MEMO] = '\0';
	j = start(&f);
	jsonout_array_begin(j);
	mark = jsonout_mark(j);
	jsonout_string(j, big);
	memolen = jsonout_memo(j, mark, memo);
	mark = jsonout_mark(j);
	for (i = 0; i < JSONOUT_BUF; i++)
		jsonout_null(j);
	is_int((long long)(memolen + jsonout_memo(j, mark, memo)), 0,
	    "no memo of text too long or flushed");
	jsonout_array_end(j);
	finish(j, f);
	free(big);
	free(text);
	return (done_testing());
}
