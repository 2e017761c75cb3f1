/*
 * t-jsonwalk.c: unit tests of jsonwalk.c, the walker behind flows_load and
 * directory_load: members and elements in order, and where errors are.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "jsonwalk.h"
#include "tap.h"
#include "xmalloc.h"

struct seen {
	char	text[256];
};

static int
elem(struct jsonwalk *w, cJSON *o, size_t at, void *arg)
{
	struct seen	*s = arg;
	size_t		 n = strlen(s->text);

	(void)w;
	snprintf(s->text + n, sizeof s->text - n, "[%zu:%g]", at,
	    cJSON_IsNumber(o) ? o->valuedouble : -1.0);
	return (0);
}

static int
member(struct jsonwalk *w, const char *name, size_t at, void *arg)
{
	struct seen	*s = arg;
	size_t		 n = strlen(s->text);
	cJSON		*v;

	snprintf(s->text + n, sizeof s->text - n, "%s@%zu", name, at);
	if (strcmp(name, "a") == 0)
		return (jsonwalk_array(w, elem, s));
	if ((v = jsonwalk_parse(w, &at)) == NULL)
		return (-1);
	cJSON_Delete(v);
	return (0);
}

static int
walk(const char *text, int lenient, struct seen *s, char **cause)
{
	struct jsonwalk	w;
	int		rc;

	memset(s, 0, sizeof *s);
	jsonwalk_init(&w, "f.json", text, strlen(text));
	w.keep = 1;
	w.lenient = lenient;
	if (jsonwalk_peek(&w) != '{')
		rc = jsonwalk_error(&w, w.pos, "expected '{'");
	else if ((rc = jsonwalk_object(&w, member, s)) == 0)
		rc = jsonwalk_end(&w);
	*cause = w.cause;
	return (rc);
}

int
main(void)
{
	static const struct {
		const char	*text;
		int		 lenient;
		const char	*cause;		/* NULL: read */
	} cases[] = {
		{ "{}", 0, NULL },
		{ " {\"x\": {\"y\": [1]}, \"a\": [1, 2]}\n", 0, NULL },
		{ "{\"x\": 1, }", 1, NULL },
		{ "{\"x\": 1, }", 0, "f.json:1:10: invalid JSON" },
		{ "{\"x\": 1,\n \"a\": [1,, 2]}", 0,
		  "f.json:2:10: invalid JSON" },
		{ "{\"x\" 1}", 0, "f.json:1:6: expected ':'" },
		{ "{1: 1}", 0, "f.json:1:2: expected a member name" },
		{ "{\"x\": 1 \"y\": 2}", 0,
		  "f.json:1:9: expected ',' or '}'" },
		{ "{\"a\": 1}", 0, "f.json:1:7: expected an array" },
		{ "{\"a\": [1 2]}", 0, "f.json:1:10: expected ',' or ']'" },
		{ "{\"x\": 1} x", 0, "f.json:1:10: trailing data" },
		{ "{\"x\": ", 0, "f.json:1:7: unexpected end of file" },
		{ "[]", 0, "f.json:1:1: expected '{'" },
	};
	struct seen	 s;
	char		*cause, *deep;
	size_t		 i;
	int		 rc;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		rc = walk(cases[i].text, cases[i].lenient, &s, &cause);
		if (cases[i].cause == NULL)
			ok(rc == 0 && cause == NULL, "case %zu is read", i);
		else
			is_str(cause, cases[i].cause, "case %zu: %s", i,
			    cases[i].cause);
		free(cause);
	}
	/* Past cJSON's 1000 levels: said so, where the 1001st opens. */
	deep = xmalloc(8000);
	memcpy(deep, "{\"x\": ", 6);
	memset(deep + 6, '[', 1400);
	memset(deep + 1406, ']', 1400);
	memcpy(deep + 2806, "}", 2);
	(void)walk(deep, 0, &s, &cause);
	is_str(cause, "f.json:1:1007: nested too deep (more than 1000 levels)",
	    "deep arrays: nested too deep");
	free(cause);
	for (i = 0; i < 1100; i++)
		memcpy(deep + 6 + 5 * i, "{\"a\":", 5);
	memset(deep + 6 + 5 * 1100, '}', 1101);
	deep[6 + 5 * 1100 + 1101] = '\0';
	(void)walk(deep, 0, &s, &cause);
	ok(cause != NULL && strstr(cause, "nested too deep") != NULL,
	    "deep objects: nested too deep");
	free(cause);
	free(deep);
	(void)walk(" {\"x\": {\"y\": [1]}, \"a\": [1, 2]}\n", 0, &s, &cause);
	is_str(s.text, "x@2a@19[25:1][28:2]",
	    "members and elements in order, with their offsets");
	free(cause);
	return (done_testing());
}
