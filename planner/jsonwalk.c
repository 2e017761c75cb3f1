/*
 * jsonwalk.c: the walker over flow files and directory snapshots.  The
 * syntax between values (braces, brackets, ':' and ',') is checked here,
 * each value by cJSON, which says where it ended.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "jsonarena.h"
#include "jsonscan.h"
#include "jsonwalk.h"
#include "xmalloc.h"

void
jsonwalk_init(struct jsonwalk *w, const char *path, const char *buf,
    size_t len)
{
	memset(w, 0, sizeof *w);
	w->path = path;
	w->buf = buf;
	w->len = len;
}

void
jsonwalk_clear(struct jsonwalk *w)
{
	free(w->cause);
	w->cause = NULL;
}

int
jsonwalk_error(struct jsonwalk *w, size_t at, const char *msg)
{
	size_t	line, col;

	if (w->cause != NULL)
		return (-1);
	w->err_at = at < w->len ? at : w->len;
	jsonscan_position(w->buf, w->err_at, &line, &col);
	xasprintf(&w->cause, "%s:%zu:%zu: %s", w->path, line, col, msg);
	return (-1);
}

int
jsonwalk_peek(struct jsonwalk *w)
{
	while (w->pos < w->len && (w->buf[w->pos] == ' ' ||
	    w->buf[w->pos] == '\t' || w->buf[w->pos] == '\n' ||
	    w->buf[w->pos] == '\r'))
		w->pos++;
	return (w->pos < w->len ? (unsigned char)w->buf[w->pos] : -1);
}

int
jsonwalk_too_deep(const char *s, size_t at)
{
	size_t	i, depth = 0;
	int	str = 0, esc = 0;

	if (s[at] != '[' && s[at] != '{')
		return (0);
	for (i = 0; i < at; i++) {
		if (str) {
			if (esc)
				esc = 0;
			else if (s[i] == '\\')
				esc = 1;
			else if (s[i] == '"')
				str = 0;
		} else if (s[i] == '"')
			str = 1;
		else if (s[i] == '[' || s[i] == '{')
			depth++;
		else if ((s[i] == ']' || s[i] == '}') && depth > 0)
			depth--;
	}
	return (depth >= CJSON_NESTING_LIMIT);
}

cJSON *
jsonwalk_parse(struct jsonwalk *w, size_t *at)
{
	const char	*errp = NULL;
	cJSON		*j;
	const char	*msg;
	size_t		 at2;

	(void)jsonwalk_peek(w);
	*at = w->pos;
	if (!w->keep)
		jsonarena_reset();
	j = cJSON_ParseWithLengthOpts(w->buf + w->pos, w->len - w->pos, &errp,
	    0);
	if (j == NULL) {
		at2 = errp != NULL && errp >= w->buf + w->pos ?
		    (size_t)(errp - w->buf) : w->pos;
		if (w->pos >= w->len)
			msg = "unexpected end of file";
		else if (at2 < w->len &&
		    jsonwalk_too_deep(w->buf + w->pos, at2 - w->pos))
			msg = JSONWALK_TOO_DEEP;
		else
			msg = "invalid JSON";
		jsonwalk_error(w, at2, msg);
		return (NULL);
	}
	w->pos = (size_t)(errp - w->buf);
	return (j);
}

int
jsonwalk_object(struct jsonwalk *w, jsonwalk_member_fn *member, void *arg)
{
	cJSON	*key;
	size_t	 at;
	char	*name;
	int	 c, first = 1, error;

	w->pos++;			/* the '{' */
	for (;; first = 0) {
		if (jsonwalk_peek(w) == '}' && (first || w->lenient))
			break;
		if ((key = jsonwalk_parse(w, &at)) == NULL)
			return (-1);
		if (!cJSON_IsString(key)) {
			cJSON_Delete(key);
			return (jsonwalk_error(w, at,
			    "expected a member name"));
		}
		name = xstrdup(key->valuestring);
		cJSON_Delete(key);
		if (jsonwalk_peek(w) != ':') {
			free(name);
			return (jsonwalk_error(w, w->pos, "expected ':'"));
		}
		w->pos++;
		error = member(w, name, at, arg);
		free(name);
		if (error != 0)
			return (-1);
		if ((c = jsonwalk_peek(w)) == ',') {
			w->pos++;
			continue;
		}
		if (c == '}')
			break;
		return (jsonwalk_error(w, w->pos, "expected ',' or '}'"));
	}
	w->pos++;
	return (0);
}

int
jsonwalk_array(struct jsonwalk *w, jsonwalk_elem_fn *elem, void *arg)
{
	cJSON	*o;
	size_t	 at;
	int	 c, error;

	if (jsonwalk_peek(w) != '[')
		return (jsonwalk_error(w, w->pos, "expected an array"));
	w->pos++;
	if (jsonwalk_peek(w) == ']') {
		w->pos++;
		return (0);
	}
	for (;;) {
		if ((o = jsonwalk_parse(w, &at)) == NULL)
			return (-1);
		error = elem(w, o, at, arg);
		cJSON_Delete(o);
		if (error != 0)
			return (-1);
		if ((c = jsonwalk_peek(w)) == ',') {
			w->pos++;
			continue;
		}
		if (c == ']') {
			w->pos++;
			return (0);
		}
		return (jsonwalk_error(w, w->pos, "expected ',' or ']'"));
	}
}

int
jsonwalk_end(struct jsonwalk *w)
{
	if (jsonwalk_peek(w) != -1)
		return (jsonwalk_error(w, w->pos, "trailing data"));
	return (0);
}
