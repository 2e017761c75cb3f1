/*
 * exceptions.c: the server exception list.  Syntax (Microsoft Learn, "Add
 * server exceptions in this domain"): one name per entry, NetBIOS or FQDN,
 * a single '*' anywhere as a wildcard, case-insensitive.  In a security
 * template the list is "KEY=7,NAME,NAME" (MS-GPSB 2.2), so a comma can never
 * be part of a name.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "exceptions.h"
#include "hostname.h"
#include "log.h"
#include "pattern.h"
#include "util.h"
#include "xmalloc.h"

struct exceptions_wild {
	size_t		 entry;
	struct pattern	*pattern;	/* owned */
	int		 warned;	/* a match error said */
};

struct exceptions_exact {
	size_t		 entry;
	const char	*name;		/* borrowed from the entry */
};

struct exceptions {
	struct exceptions_entry	*v;	/* owned, strings owned */
	size_t			 n;
	size_t			 av;	/* capacity of v */
	struct exceptions_exact	*exact;	/* owned, sorted by name */
	size_t			 nexact;
	size_t			 aexact;
	int			 sorted;
	struct exceptions_wild	*wild;	/* owned */
	size_t			 nwild;
	size_t			 awild;
};

struct exceptions *
exceptions_create(void)
{
	return (xcalloc(1, sizeof (struct exceptions)));
}

void
exceptions_free(struct exceptions *ex)
{
	size_t	i;

	if (ex == NULL)
		return;
	for (i = 0; i < ex->n; i++) {
		free((char *)ex->v[i].name);
		free((char *)ex->v[i].where);
	}
	for (i = 0; i < ex->nwild; i++)
		pattern_free(ex->wild[i].pattern);
	free(ex->v);
	free(ex->exact);
	free(ex->wild);
	free(ex);
}

const char *
exceptions_check(const char *s)
{
	const char	*p, *star;

	if (*s == '\0')
		return ("empty name");
	if (strlen(s) > EXCEPTIONS_NAME_MAX)
		return ("longer than 255 characters");
	if ((star = strchr(s, '*')) != NULL && strchr(star + 1, '*') != NULL)
		return ("more than one '*'");
	if (strcmp(s, "*") == 0)
		return ("a lone '*' would except every server");
	if (!util_utf8_valid(s))
		return ("invalid UTF-8");
	for (p = s; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f ||
		    strchr(" \t\\/:?\"<>|,=;[]+", *p) != NULL)
			return ("invalid character");
	}
	return (NULL);
}

int
exceptions_add(struct exceptions *ex, const char *name, const char *where)
{
	struct exceptions_entry	*e;
	struct pattern		*p;
	char			*cause;

	ex->v = xgrow(ex->v, ex->n, &ex->av, sizeof *ex->v);
	e = &ex->v[ex->n];
	memset(e, 0, sizeof *e);
	e->name = xstrdup(name);
	e->where = xstrdup(where);
	if ((e->reason = exceptions_check(name)) != NULL) {
		ex->n++;
		return (-1);
	}
	if (strchr(name, '*') != NULL) {
		if ((p = pattern_create_wildcard(name, &cause)) == NULL) {
			/* Every byte is quoted: only PCRE2's own limits. */
			free(cause);
			e->reason = "not a usable wildcard";
			ex->n++;
			return (-1);
		}
		ex->wild = xgrow(ex->wild, ex->nwild, &ex->awild,
		    sizeof *ex->wild);
		ex->wild[ex->nwild].entry = ex->n;
		ex->wild[ex->nwild].warned = 0;
		ex->wild[ex->nwild++].pattern = p;
	} else {
		ex->exact = xgrow(ex->exact, ex->nexact, &ex->aexact,
		    sizeof *ex->exact);
		ex->exact[ex->nexact].entry = ex->n;
		ex->exact[ex->nexact++].name = NULL;
		ex->sorted = 0;
	}
	ex->n++;
	return (0);
}

static int
exceptions_exact_compare(const void *a, const void *b)
{
	const struct exceptions_exact	*ea = a, *eb = b;
	int				 c;

	if ((c = strcasecmp(ea->name, eb->name)) != 0)
		return (c);
	return (ea->entry < eb->entry ? -1 : ea->entry > eb->entry);
}

/*
 * Match wildcard k against name (NULL: no match).  A PCRE2 error (a name
 * that is not UTF-8, from a hand-edited flow file) counts as no match and
 * is said once an entry.
 */
static int
exceptions_wild_match(struct exceptions *ex, size_t k, const char *name)
{
	struct exceptions_wild	*w = &ex->wild[k];
	int			 rc;

	if (name == NULL)
		return (0);
	if ((rc = pattern_exec(w->pattern, name)) == -1 && !w->warned) {
		w->warned = 1;
		log_warnx("%s: %s cannot be matched against \"%.40s\": %s; "
		    "counted as no match", ex->v[w->entry].where,
		    ex->v[w->entry].name, name, pattern_error(w->pattern));
	}
	return (rc == 1);
}

static long
exceptions_lookup(struct exceptions *ex, const char *name)
{
	size_t	lo = 0, hi = ex->nexact, mid;
	int	c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcasecmp(name, ex->exact[mid].name);
		if (c <= 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (lo < ex->nexact && strcasecmp(name, ex->exact[lo].name) == 0)
		return ((long)ex->exact[lo].entry);
	return (-1);
}

static void
exceptions_sort(struct exceptions *ex)
{
	size_t	k;

	if (ex->sorted)
		return;
	/* Entry names are stable now: the array has stopped growing. */
	for (k = 0; k < ex->nexact; k++)
		ex->exact[k].name = ex->v[ex->exact[k].entry].name;
	if (ex->nexact > 1)
		qsort(ex->exact, ex->nexact, sizeof *ex->exact,
		    exceptions_exact_compare);
	ex->sorted = 1;
}

long
exceptions_exact(struct exceptions *ex, const char *name)
{
	long	i;

	exceptions_sort(ex);
	if ((i = exceptions_lookup(ex, name)) != -1)
		ex->v[i].hits++;
	return (i);
}

long
exceptions_match(struct exceptions *ex, const char *netbios,
    const char *fqdn)
{
	long	found = -1, i;
	size_t	k;

	exceptions_sort(ex);
	if (netbios != NULL && (i = exceptions_lookup(ex, netbios)) != -1)
		found = i;
	if (fqdn != NULL && (i = exceptions_lookup(ex, fqdn)) != -1 &&
	    (found == -1 || i < found))
		found = i;
	for (k = 0; k < ex->nwild; k++) {
		if ((long)ex->wild[k].entry >= found && found != -1)
			break;
		if (exceptions_wild_match(ex, k, netbios) ||
		    exceptions_wild_match(ex, k, fqdn)) {
			found = (long)ex->wild[k].entry;
			break;
		}
	}
	if (found != -1)
		ex->v[found].hits++;
	return (found);
}

size_t
exceptions_count(const struct exceptions *ex)
{
	return (ex->n);
}

void
exceptions_clear_hits(struct exceptions *ex)
{
	size_t	i;

	for (i = 0; i < ex->n; i++)
		ex->v[i].hits = 0;
}

const struct exceptions_entry *
exceptions_get(const struct exceptions *ex, size_t i)
{
	return (&ex->v[i]);
}

char *
exceptions_utf16le_to_utf8(const unsigned char *p, size_t len)
{
	char		*out, *o;
	size_t		 i;
	uint32_t	 c, c2;

	o = out = xmalloc(len / 2 * 3 + 1);
	for (i = 0; i + 1 < len; i += 2) {
		c = p[i] | (uint32_t)p[i + 1] << 8;
		if (c >= 0xdc00 && c <= 0xdfff)
			goto bad;
		if (c >= 0xd800 && c <= 0xdbff) {
			if (i + 3 >= len)
				goto bad;
			c2 = p[i + 2] | (uint32_t)p[i + 3] << 8;
			if (c2 < 0xdc00 || c2 > 0xdfff)
				goto bad;
			c = 0x10000 + ((c - 0xd800) << 10) + (c2 - 0xdc00);
			i += 2;
		}
		if (c == 0)
			goto bad;
		if (c < 0x80)
			*o++ = (char)c;
		else if (c < 0x800) {
			*o++ = (char)(0xc0 | c >> 6);
			*o++ = (char)(0x80 | (c & 0x3f));
		} else if (c < 0x10000) {
			*o++ = (char)(0xe0 | c >> 12);
			*o++ = (char)(0x80 | ((c >> 6) & 0x3f));
			*o++ = (char)(0x80 | (c & 0x3f));
		} else {
			*o++ = (char)(0xf0 | c >> 18);
			*o++ = (char)(0x80 | ((c >> 12) & 0x3f));
			*o++ = (char)(0x80 | ((c >> 6) & 0x3f));
			*o++ = (char)(0x80 | (c & 0x3f));
		}
	}
	*o = '\0';
	return (out);
bad:
	free(out);
	return (NULL);
}

static char *
exceptions_trim(char *s)
{
	char	*e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return (s);
}

/* Read the whole file; -1 with *cause set. */
static int
exceptions_slurp(const char *path, unsigned char **buf, size_t *len,
    char **cause)
{
	FILE	*f;
	size_t	 size = 0, n;

	if ((f = fopen(path, "rb")) == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return (-1);
	}
	*buf = NULL;
	*len = 0;
	for (;;) {
		if (*len == size) {
			size = size == 0 ? 4096 : size * 2;
			if (size > (64U << 20)) {
				xasprintf(cause, "%s: larger than 64 MiB",
				    path);
				goto fail;
			}
			*buf = xreallocarray(*buf, size, 1);
		}
		n = fread(*buf + *len, 1, size - *len, f);
		*len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		goto fail;
	}
	fclose(f);
	return (0);
fail:
	fclose(f);
	free(*buf);
	*buf = NULL;
	return (-1);
}

/* Add the entries of a template value "7,A,B" read at where. */
static int
exceptions_multi_sz(struct exceptions *ex, char *v, const char *path,
    unsigned lineno, char **cause)
{
	char	*w, *next, *where;

	if (strncmp(v, "7,", 2) != 0 && strcmp(v, "7") != 0) {
		xasprintf(cause, "%s:%u: not a REG_MULTI_SZ value (7,...)",
		    path, lineno);
		return (-1);
	}
	xasprintf(&where, "%s:%u", path, lineno);
	for (w = v[1] == ',' ? v + 2 : v + 1; w != NULL; w = next) {
		if ((next = strchr(w, ',')) != NULL)
			*next++ = '\0';
		w = exceptions_trim(w);
		if (*w != '\0')
			exceptions_add(ex, w, where);
	}
	free(where);
	return (0);
}

/*
 * The file's bytes as UTF-8 text (caller frees): UTF-16LE with or without
 * its byte order mark, or UTF-8 without NULs, its mark dropped; NULL if
 * neither.
 */
static char *
exceptions_text(const unsigned char *buf, size_t len)
{
	char	*text;

	if (len >= 2 && buf[0] == 0xff && buf[1] == 0xfe)
		return (exceptions_utf16le_to_utf8(buf + 2, len - 2));
	if (len >= 2 && buf[0] != 0 && buf[1] == 0 && len % 2 == 0)
		return (exceptions_utf16le_to_utf8(buf, len));
	if (memchr(buf, '\0', len) != NULL)
		return (NULL);
	text = xmalloc(len + 1);
	memcpy(text, buf, len);
	text[len] = '\0';
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		memmove(text, text + 3, len - 2);
	return (text);
}

int
exceptions_load(struct exceptions *ex, const char *path, const char *key,
    int *found, char **cause)
{
	unsigned char	*buf = NULL;
	char		*text = NULL, *line, *next, *s, *eq, *k, *where;
	size_t		 len, klen = strlen(key);
	unsigned	 lineno = 0;
	int		 inf = 0, rc = -1;

	*found = 1;
	if (exceptions_slurp(path, &buf, &len, cause) != 0)
		return (-1);
	if ((text = exceptions_text(buf, len)) == NULL) {
		xasprintf(cause, "%s: neither UTF-8 nor UTF-16LE text", path);
		goto out;
	}
	for (s = text; *s != '\0'; s += len) {
		s += strspn(s, " \t\r\n");
		len = strcspn(s, "\n");
		if (*s == '[') {
			inf = 1;
			break;
		}
		if (*s != '\0' && *s != '#' && *s != ';')
			break;
	}
	*found = !inf;
	for (line = text; *line != '\0'; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		else
			next = line + strlen(line);
		s = exceptions_trim(line);
		if (*s == '\0' || *s == '#' || (inf && *s == ';'))
			continue;
		if (!inf) {
			xasprintf(&where, "%s:%u", path, lineno);
			exceptions_add(ex, s, where);
			free(where);
			continue;
		}
		if (*s == '[' || (eq = strchr(s, '=')) == NULL)
			continue;
		*eq = '\0';
		k = exceptions_trim(s);
		if (strlen(k) < klen || strcasecmp(k + strlen(k) - klen,
		    key) != 0 || (strlen(k) > klen && k[strlen(k) - klen - 1]
		    != '\\'))
			continue;
		if (exceptions_multi_sz(ex, exceptions_trim(eq + 1), path,
		    lineno, cause) != 0)
			goto out;
		*found = 1;
	}
	rc = 0;
out:
	free(text);
	free(buf);
	return (rc);
}

void
exceptions_save(FILE *f, const char *const *comments, size_t ncomments,
    const struct hostname *const *names, size_t n)
{
	const char	*c;
	size_t		 i;

	for (i = 0; i < ncomments; i++) {
		fputs("# ", f);
		/* A comment is one line: control characters escaped. */
		for (c = comments[i]; *c != '\0'; c++) {
			if ((unsigned char)*c < 0x20 || *c == 0x7f)
				fprintf(f, "\\x%02x", (unsigned char)*c);
			else
				putc(*c, f);
		}
		putc('\n', f);
	}
	for (i = 0; i < n; i++) {
		HOSTNAME_ASSERT(names[i]);
		fprintf(f, "%s\n", hostname_str(names[i]));
	}
}
