/*
 * pattern.c: PCRE2 behind a small interface.  Wildcards are translated to
 * anchored patterns with every other character quoted (\Q...\E cannot be
 * used: the text could contain \E).
 *
 * Every match runs under match and depth limits (PATTERN_MATCH_LIMIT,
 * PATTERN_DEPTH_LIMIT), so a backtracking site rule costs at most a few
 * milliseconds per subject.  Patterns are not JIT-compiled: JIT code does
 * not keep to the match limit over a subject's start positions (four rules
 * like "(?:a+.*domain)+b" took 34 s on 4 KiB subjects, 36 ms without).
 * Hitting a limit, a value longer than PATTERN_SUBJECT_MAX, or any other
 * PCRE2 error (a subject of invalid UTF-8), is an error with a message,
 * never "no match".
 */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pattern.h"
#include "xmalloc.h"

struct pattern {
	pcre2_code		*code;	/* owned */
	pcre2_match_data	*md;	/* owned */
	pcre2_match_context	*mc;	/* owned */
	char			 error[128];	/* of the last match */
};

struct pattern *
pattern_create(const char *re, int flags, char **cause)
{
	struct pattern	*p;
	PCRE2_UCHAR	 msg[256];
	PCRE2_SIZE	 off;
	uint32_t	 opts = PCRE2_UTF;
	int		 err;

	if (flags & PATTERN_CASELESS)
		opts |= PCRE2_CASELESS;
	p = xcalloc(1, sizeof *p);
	p->code = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED, opts,
	    &err, &off, NULL);
	if (p->code == NULL) {
		pcre2_get_error_message(err, msg, sizeof msg);
		xasprintf(cause, "offset %zu: %s", (size_t)off, (char *)msg);
		free(p);
		return (NULL);
	}
	p->md = pcre2_match_data_create_from_pattern(p->code, NULL);
	if (p->md == NULL)
		fatalx("pcre2_match_data_create_from_pattern failed");
	if ((p->mc = pcre2_match_context_create(NULL)) == NULL)
		fatalx("pcre2_match_context_create failed");
	pcre2_set_match_limit(p->mc, PATTERN_MATCH_LIMIT);
	pcre2_set_depth_limit(p->mc, PATTERN_DEPTH_LIMIT);
	return (p);
}

struct pattern *
pattern_create_wildcard(const char *w, char **cause)
{
	struct pattern	*p;
	char		*re, *o;
	const char	*s;

	re = o = xmalloc(strlen(w) * 2 + 8);
	*o++ = '^';
	for (s = w; *s != '\0'; s++) {
		if (*s == '*') {
			*o++ = '.';
			*o++ = '*';
			continue;
		}
		if (strchr("\\^$.|?+()[]{}", *s) != NULL)
			*o++ = '\\';
		*o++ = *s;
	}
	*o++ = '$';
	*o = '\0';
	p = pattern_create(re, PATTERN_CASELESS, cause);
	free(re);
	return (p);
}

void
pattern_free(struct pattern *p)
{
	if (p == NULL)
		return;
	pcre2_match_data_free(p->md);
	pcre2_match_context_free(p->mc);
	pcre2_code_free(p->code);
	free(p);
}

int
pattern_match(struct pattern *p, const char *s)
{
	return (pattern_exec(p, s) == 1);
}

int
pattern_exec(struct pattern *p, const char *s)
{
	size_t	len;
	int	rc;

	if (s == NULL)
		s = "";
	if ((len = strlen(s)) > PATTERN_SUBJECT_MAX) {
		snprintf(p->error, sizeof p->error, "value of %zu bytes, "
		    "longer than %d", len, PATTERN_SUBJECT_MAX);
		return (-1);
	}
	rc = pcre2_match(p->code, (PCRE2_SPTR)s, len, 0, 0, p->md, p->mc);
	if (rc >= 0)
		return (1);
	if (rc == PCRE2_ERROR_NOMATCH)
		return (0);
	if (pcre2_get_error_message(rc, (PCRE2_UCHAR *)p->error,
	    sizeof p->error) < 0)
		snprintf(p->error, sizeof p->error, "PCRE2 error %d", rc);
	return (-1);
}

const char *
pattern_error(const struct pattern *p)
{
	return (p->error);
}
