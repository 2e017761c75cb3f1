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

cJSON *
jsonwalk_parse(struct jsonwalk *w, size_t *at)
{
	const char	*errp = NULL;
	cJSON		*j;

	(void)jsonwalk_peek(w);
	*at = w->pos;
	if (!w->keep)
		jsonarena_reset();
	j = cJSON_ParseWithLengthOpts(w->buf + w->pos, w->len - w->pos, &errp,
	    0);
	if (j == NULL) {
		jsonwalk_error(w, errp != NULL && errp >= w->buf ?
		    (size_t)(errp - w->buf) : w->pos, w->pos >= w->len ?
		    "unexpected end of file" : "invalid JSON");
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
