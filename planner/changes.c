/*
 * changes.c: reading changes.data (ntlmplan-changes(5)): "[change NAME]"
 * blocks of "key = value" lines, comments after '#', every key known and
 * given once.  A confirmed or unconfirmed change has a date; an announced
 * one may have none.  Changes come out sorted by date, undated last.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "changes.h"
#include "util.h"
#include "xmalloc.h"

#define CHANGES_LINE_MAX	4096

static const char *const changes_status_codes[] = {
	[CHANGES_CONFIRMED] = "confirmed",
	[CHANGES_ANNOUNCED] = "announced",
	[CHANGES_UNCONFIRMED] = "unconfirmed",
};
static const char *const changes_affects_codes[] = {
	[CHANGES_KERBEROS] = "kerberos",
	[CHANGES_NTLMV1] = "ntlmv1",
	[CHANGES_NTLM] = "ntlm",
};
static const char *const changes_state_codes[] = {
	[CHANGES_IN_FORCE] = "in-force",
	[CHANGES_MAYBE] = "may-be-in-force",
	[CHANGES_COMING] = "coming",
	[CHANGES_NOT_DATED] = "not-dated",
};

#define NELEM(a)	(sizeof (a) / sizeof (a)[0])

const char *
changes_status_code(enum changes_status s)
{
	return ((unsigned)s < NELEM(changes_status_codes) ?
	    changes_status_codes[s] : "unknown");
}

const char *
changes_affects_code(enum changes_affects a)
{
	return ((unsigned)a < NELEM(changes_affects_codes) ?
	    changes_affects_codes[a] : "unknown");
}

const char *
changes_state_code(enum changes_state s)
{
	return ((unsigned)s < NELEM(changes_state_codes) ?
	    changes_state_codes[s] : "unknown");
}

static int
changes_code(const char *const *codes, size_t n, const char *s)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (strcmp(codes[i], s) == 0)
			return ((int)i);
	}
	return (-1);
}

/* "YYYY-MM-DD", "YYYY-MM" or "none". */
static int
changes_date_parse(const char *s, int64_t *t, enum changes_precision *p)
{
	char	 buf[32];
	size_t	 len = strlen(s), i;

	if (strcmp(s, "none") == 0) {
		*t = UTIL_TIME_NONE;
		*p = CHANGES_UNDATED;
		return (0);
	}
	if (len != 7 && len != 10)
		return (-1);
	for (i = 0; i < len; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return (-1);
		} else if (s[i] < '0' || s[i] > '9')
			return (-1);
	}
	snprintf(buf, sizeof buf, "%.7s-%.2sT00:00:00Z", s,
	    len == 10 ? s + 8 : "01");
	if (util_time_parse(buf, t) != 0)
		return (-1);
	/* util_time_parse takes 2026-02-30 as March: refuse it. */
	if (strncmp(util_time_format(*t, buf), s, len) != 0)
		return (-1);
	*p = len == 10 ? CHANGES_DAY : CHANGES_MONTH;
	return (0);
}

char *
changes_date_format(int64_t t, enum changes_precision p, char *buf,
    size_t len)
{
	char	 tmp[UTIL_TIME_LEN];

	if (p == CHANGES_UNDATED || t == UTIL_TIME_NONE)
		snprintf(buf, len, "none");
	else
		snprintf(buf, len, "%.*s", p == CHANGES_DAY ? 10 : 7,
		    util_time_format(t, tmp));
	return (buf);
}

static void
changes_clear(struct change *c)
{
	free(c->name);
	free(c->what);
	free(c->source);
	free(c->url);
	free(c->kb);
	free(c->cve);
}

void
changes_free(struct changes *cs)
{
	size_t	 i;

	if (cs == NULL)
		return;
	for (i = 0; i < cs->n; i++)
		changes_clear(&cs->v[i]);
	free(cs->v);
	free(cs);
}

/* What a change must have; the keys seen. */
#define CHANGES_K_DATE		0x01
#define CHANGES_K_STATUS	0x02
#define CHANGES_K_AFFECTS	0x04
#define CHANGES_K_WHAT		0x08
#define CHANGES_K_SOURCE	0x10
#define CHANGES_K_URL		0x20
#define CHANGES_K_KB		0x40
#define CHANGES_K_CVE		0x80
#define CHANGES_K_ANNOUNCED	0x100
#define CHANGES_K_REQUIRED	(CHANGES_K_DATE | CHANGES_K_STATUS | \
				 CHANGES_K_AFFECTS | CHANGES_K_WHAT | \
				 CHANGES_K_SOURCE)

static const struct {
	const char	*name;
	int		 bit;
} changes_keys[] = {
	{ "date", CHANGES_K_DATE },
	{ "status", CHANGES_K_STATUS },
	{ "affects", CHANGES_K_AFFECTS },
	{ "what", CHANGES_K_WHAT },
	{ "source", CHANGES_K_SOURCE },
	{ "url", CHANGES_K_URL },
	{ "kb", CHANGES_K_KB },
	{ "cve", CHANGES_K_CVE },
	{ "announced", CHANGES_K_ANNOUNCED },
};

static char *
changes_trim(char *s)
{
	char	*e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
	    e[-1] == '\n'))
		e--;
	*e = '\0';
	return (s);
}

/* Set key of c from value; NULL, or what is wrong. */
static const char *
changes_set(struct change *c, int bit, const char *v)
{
	int	 i;

	switch (bit) {
	case CHANGES_K_DATE:
		if (changes_date_parse(v, &c->date, &c->precision) != 0)
			return ("date is not YYYY-MM-DD, YYYY-MM or none");
		break;
	case CHANGES_K_ANNOUNCED:
		if (changes_date_parse(v, &c->announced,
		    &c->announced_precision) != 0)
			return ("announced is not YYYY-MM-DD or YYYY-MM");
		break;
	case CHANGES_K_STATUS:
		if ((i = changes_code(changes_status_codes,
		    NELEM(changes_status_codes), v)) < 0)
			return ("status is not confirmed, announced or "
			    "unconfirmed");
		c->status = i;
		break;
	case CHANGES_K_AFFECTS:
		if ((i = changes_code(changes_affects_codes,
		    NELEM(changes_affects_codes), v)) < 0)
			return ("affects is not kerberos, ntlmv1 or ntlm");
		c->affects = i;
		break;
	case CHANGES_K_WHAT:
		c->what = xstrdup(v);
		break;
	case CHANGES_K_SOURCE:
		c->source = xstrdup(v);
		break;
	case CHANGES_K_URL:
		if (strncmp(v, "https://", 8) != 0)
			return ("url is not https://...");
		c->url = xstrdup(v);
		break;
	case CHANGES_K_KB:
		c->kb = xstrdup(v);
		break;
	case CHANGES_K_CVE:
		c->cve = xstrdup(v);
		break;
	}
	return (NULL);
}

/* The checks once a change is complete; NULL or what is wrong. */
static const char *
changes_check(const struct change *c, int seen)
{
	if ((seen & CHANGES_K_REQUIRED) != CHANGES_K_REQUIRED)
		return ("date, status, affects, what and source are required");
	if (c->precision == CHANGES_UNDATED && c->status != CHANGES_ANNOUNCED)
		return ("only an announced change may have no date");
	if (*c->what == '\0' || *c->source == '\0')
		return ("what and source may not be empty");
	return (NULL);
}

static int
changes_cmp(const void *a, const void *b)
{
	const struct change	*ca = a, *cb = b;

	if (ca->precision == CHANGES_UNDATED ||
	    cb->precision == CHANGES_UNDATED) {
		if (ca->precision != cb->precision)
			return (ca->precision == CHANGES_UNDATED ? 1 : -1);
	} else if (ca->date != cb->date)
		return (ca->date < cb->date ? -1 : 1);
	return (strcmp(ca->name, cb->name));
}

/* The bit of key k in changes_keys, 0 if it is none. */
static int
changes_key_bit(const char *k)
{
	size_t	i;

	for (i = 0; i < NELEM(changes_keys); i++) {
		if (strcmp(k, changes_keys[i].name) == 0)
			return (changes_keys[i].bit);
	}
	return (0);
}

/*
 * A "[change NAME]" header line s (trimmed, changed in place): *name set
 * to its name, or why it is not one.
 */
static const char *
changes_header(const struct changes *cs, char *s, char **name)
{
	char	*end, *k;
	size_t	 i;

	if (strncmp(s, "[change ", 8) != 0 || (end = strchr(s, ']')) == NULL ||
	    end[1] != '\0')
		return ("not a [change NAME] header");
	*end = '\0';
	k = changes_trim(s + 8);
	if (*k == '\0' || strpbrk(k, " \t") != NULL)
		return ("a change's name is one word");
	for (i = 0; i < cs->n; i++) {
		if (strcmp(cs->v[i].name, k) == 0)
			return ("a change of that name already");
	}
	*name = k;
	return (NULL);
}

struct changes *
changes_load(const char *path, char **cause)
{
	struct changes	*cs;
	struct change	*c = NULL;
	FILE		*f;
	char		 buf[CHANGES_LINE_MAX], *s, *eq, *k, *v;
	const char	*why = NULL;
	size_t		 cap = 0;
	int		 line = 0, seen = 0, bit, at = 0;

	*cause = NULL;
	if ((f = fopen(path, "r")) == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return (NULL);
	}
	cs = xcalloc(1, sizeof *cs);
	while (why == NULL && fgets(buf, sizeof buf, f) != NULL) {
		line++;
		at = line;
		if (strchr(buf, '\n') == NULL && !feof(f)) {
			why = "line too long";
			break;
		}
		s = changes_trim(buf);
		if (*s == '\0' || *s == '#')
			continue;
		if (*s == '[') {
			if (c != NULL && (why = changes_check(c, seen)) != NULL) {
				at = c->line;
				break;
			}
			if ((why = changes_header(cs, s, &k)) != NULL)
				break;
			cs->v = xgrow(cs->v, cs->n, &cap, sizeof *cs->v);
			c = &cs->v[cs->n++];
			memset(c, 0, sizeof *c);
			c->name = xstrdup(k);
			c->line = line;
			c->date = c->announced = UTIL_TIME_NONE;
			c->precision = c->announced_precision =
			    CHANGES_UNDATED;
			seen = 0;
			continue;
		}
		if (c == NULL) {
			why = "a key before any [change NAME]";
			break;
		}
		if ((eq = strchr(s, '=')) == NULL) {
			why = "not key = value";
			break;
		}
		*eq = '\0';
		k = changes_trim(s);
		v = changes_trim(eq + 1);
		bit = changes_key_bit(k);
		if (bit == 0)
			why = "unknown key";
		else if (seen & bit)
			why = "key given twice";
		else
			why = changes_set(c, bit, v);
		seen |= bit;
	}
	if (why == NULL && ferror(f))
		why = strerror(errno);
	if (why == NULL && c != NULL && (why = changes_check(c, seen)) != NULL)
		at = c->line;
	if (why == NULL && cs->n == 0)
		why = "no change";
	fclose(f);
	if (why != NULL) {
		xasprintf(cause, "%s:%d: %s", path, at, why);
		changes_free(cs);
		return (NULL);
	}
	qsort(cs->v, cs->n, sizeof *cs->v, changes_cmp);
	return (cs);
}

const char *
changes_path(const char *dir)
{
	static char	 buf[PATH_MAX];

	snprintf(buf, sizeof buf, "%s/%s", dir, CHANGES_FILE);
	return (buf);
}

enum changes_state
changes_state(const struct change *c, int64_t t)
{
	if (c->precision == CHANGES_UNDATED)
		return (CHANGES_NOT_DATED);
	if (t != UTIL_TIME_NONE && c->date > t)
		return (CHANGES_COMING);
	return (c->status == CHANGES_CONFIRMED ? CHANGES_IN_FORCE :
	    CHANGES_MAYBE);
}
