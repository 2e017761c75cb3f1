/*
 * directory-ldif.c: read LDIF files (RFC 2849) into directory entries with
 * libldap's own reader: ldif_read_record splits records (and turns CRLF into
 * LF), ldif_getline unfolds continued lines and skips comments,
 * ldif_parse_line2 splits "attr: value" and decodes base64 "::" values.
 *
 * Accepted: ldapsearch output (comments, "# search result" trailers), Windows
 * ldifde exports ("changetype: add", CRLF, folding at 79 columns), a leading
 * "version: 1".  Refused with file:line: lines without a colon, bad base64,
 * "attr:< URL" values (never fetched), "include:" lines (libldap would open
 * the file they name: the reader's stream stops before such a line),
 * records without "dn:", change records other than add.  Attribute options
 * (";binary", ";range=...") are dropped from the name.
 *
 * Only this file sees libldap's LDIF types.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ldap.h>
#include <ldif.h>

#include "directory.h"
#include "directory-ldif.h"
#include "log.h"
#include "xmalloc.h"

struct directory_ldif {
	const char	*path;
	unsigned long	 first;		/* line of the record's first line */
	const char	*buf;		/* start of the record */
	size_t		*nl;		/* offsets of each '\n' in buf */
	size_t		 nnl;
	size_t		 anl;
};

/* Note the offsets of the newlines of a record before it is unfolded. */
static void
directory_ldif_lines(struct directory_ldif *l, const char *buf)
{
	const char	*p;

	l->buf = buf;
	l->nnl = 0;
	for (p = buf; (p = strchr(p, '\n')) != NULL; p++) {
		l->nl = xgrow(l->nl, l->nnl, &l->anl, sizeof *l->nl);
		l->nl[l->nnl++] = p - buf;
	}
}

/* The file line at which the logical line starting at p begins. */
static unsigned long
directory_ldif_lineno(const struct directory_ldif *l, const char *p)
{
	size_t	off = p - l->buf, lo = 0, hi = l->nnl, mid;

	while (lo < hi) {		/* newlines before off */
		mid = (lo + hi) / 2;
		if (l->nl[mid] < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (l->first + lo);
}

static int
directory_ldif_fail(const struct directory_ldif *l, const char *line,
    char **cause, const char *what)
{
	xasprintf(cause, "%s:%lu: %s", l->path, line != NULL ?
	    directory_ldif_lineno(l, line) : l->first, what);
	return (-1);
}

/*
 * Parse one record of buf into e and add it; 0, or -1 with *cause.  Records
 * without a DN that ldapsearch writes are skipped ("ref:" search references,
 * "search:"/"result:" trailers), except a trailer with a result other than 0:
 * the export it ends was cut off.
 */
static int
directory_ldif_record(struct directory *dir, struct directory_ldif *l,
    char *buf, struct directory_entry *e, char **cause)
{
	struct berval	 type, value;
	char		*next = buf, *line, *semi, name[128], *what = NULL;
	char		 empty[1] = "";
	int		 freeval, first = 1, trailer = 0;

	while ((line = ldif_getline(&next)) != NULL) {
		if (strchr(line, ':') == NULL)
			return (directory_ldif_fail(l, line, cause,
			    "missing ':' (not LDIF?)"));
		if (strchr(line, ':')[1] == '<')
			return (directory_ldif_fail(l, line, cause,
			    "URL values (\":<\") are not read"));
		if (ldif_parse_line2(line, &type, &value, &freeval) != 0)
			return (directory_ldif_fail(l, line, cause,
			    "malformed line (bad base64?)"));
		if (value.bv_val == NULL) {
			value.bv_val = empty;
			value.bv_len = 0;
			freeval = 0;
		}
		if (e->dn != NULL) {
			if (strcasecmp(type.bv_val, "changetype") == 0 &&
			    strcasecmp(value.bv_val, "add") != 0) {
				xasprintf(&what, "changetype \"%s\" is not an "
				    "export", value.bv_val);
			} else if (strcasecmp(type.bv_val, "changetype") != 0 &&
			    strcasecmp(type.bv_val, "control") != 0) {
				snprintf(name, sizeof name, "%s", type.bv_val);
				if ((semi = strchr(name, ';')) != NULL)
					*semi = '\0';
				directory_entry_add(e, name, value.bv_val,
				    value.bv_len);
			}
		} else if (strcasecmp(type.bv_val, "dn") == 0)
			directory_entry_set_dn(e, value.bv_val, value.bv_len);
		else if (first && strcasecmp(type.bv_val, "version") == 0) {
			if (strcmp(value.bv_val, "1") != 0)
				xasprintf(&what, "LDIF version %s",
				    value.bv_val);
		} else if (first && (strcasecmp(type.bv_val, "ref") == 0 ||
		    strcasecmp(type.bv_val, "search") == 0))
			trailer = 1;
		else if (trailer) {
			if (strcasecmp(type.bv_val, "result") == 0 &&
			    strtol(value.bv_val, NULL, 10) != 0) {
				xasprintf(&what, "the export was cut off "
				    "(result: %s)", value.bv_val);
			}
		} else {
			xasprintf(&what, "\"%s\" before \"dn:\"",
			    type.bv_val);
		}
		if (freeval)
			ber_memfree(value.bv_val);
		if (what != NULL) {
			directory_ldif_fail(l, line, cause, what);
			free(what);
			return (-1);
		}
		first = 0;
	}
	if (e->dn != NULL)
		directory_add_entry(dir, e);
	return (0);
}

/*
 * The stream libldap reads: the file's bytes up to the first line starting
 * with "include:" (any case), which libldap would follow (RFC 2849 has no
 * such line; libldap opens the file:// URL it names).  The stream ends
 * there and the line is noted.
 */
struct directory_ldif_guard {
	FILE		*f;		/* the file */
	int		 own;		/* f is closed with the stream */
	int		 match;		/* of "include:" at a line start; -1 */
	unsigned long	 line;		/* lines before buf's start */
	unsigned long	 hit;		/* line of an include, or 0 */
};

static ssize_t
directory_ldif_guard_read(void *cookie, char *buf, size_t size)
{
	static const char		 inc[] = "include:";
	struct directory_ldif_guard	*g = cookie;
	size_t				 n, i;

	if (g->hit != 0)
		return (0);
	n = fread(buf, 1, size, g->f);
	for (i = 0; i < n; i++) {
		if (g->match >= 0) {
			if (tolower((unsigned char)buf[i]) == inc[g->match]) {
				if (++g->match == (int)sizeof inc - 1) {
					/* End the stream before the line. */
					g->hit = g->line + 1;
					return ((ssize_t)(i + 1 -
					    (sizeof inc - 1)));
				}
			} else
				g->match = -1;
		}
		if (buf[i] == '\n') {
			g->line++;
			g->match = 0;
		}
	}
	if (n == 0 && ferror(g->f))
		return (-1);
	return ((ssize_t)n);
}

static int
directory_ldif_guard_close(void *cookie)
{
	struct directory_ldif_guard	*g = cookie;
	int				 rc = 0;

	if (g->own)
		rc = fclose(g->f);
	free(g);
	return (rc);
}

/* Open path ("-": stdin) through the guard; NULL with errno. */
static FILE *
directory_ldif_guard_open(const char *path, struct directory_ldif_guard **gp)
{
	cookie_io_functions_t		 io = {
		.read = directory_ldif_guard_read,
		.close = directory_ldif_guard_close
	};
	struct directory_ldif_guard	*g;
	FILE				*f;

	g = xcalloc(1, sizeof *g);
	if (strcmp(path, "-") == 0)
		g->f = stdin;
	else if ((g->f = fopen(path, "r")) == NULL) {
		free(g);
		return (NULL);
	} else
		g->own = 1;
	if ((f = fopencookie(g, "r", io)) == NULL)
		fatalx("fopencookie failed");
	*gp = g;
	return (f);
}

/*
 * Skip a UTF-8 byte order mark (Notepad writes one); refuse UTF-16, which
 * "ldifde -u" writes.  0, or -1 with *cause.
 */
static int
directory_ldif_bom(FILE *f, const char *path, char **cause)
{
	int	c, c2, c3;

	c = getc(f);
	if (c == 0xff || c == 0xfe) {
		xasprintf(cause, "%s:1: UTF-16 (ldifde -u?): export without -u "
		    "or convert with iconv -f UTF-16 -t UTF-8", path);
		return (-1);
	}
	if (c == 0xef) {
		c2 = getc(f);
		c3 = getc(f);
		if (c2 != 0xbb || c3 != 0xbf) {
			xasprintf(cause, "%s:1: not LDIF", path);
			return (-1);
		}
		return (0);
	}
	if (c != EOF)
		ungetc(c, f);
	return (0);
}

int
directory_ldif_read(struct directory *dir, const char *path, char **cause)
{
	struct directory_ldif	 l;
	struct directory_entry	 e;
	struct directory_ldif_guard *g;
	LDIFFP			*fp, in;
	unsigned long		 lineno = 0, last, records = 0;
	char			*buf = NULL;
	int			 buflen = 0, rc = 0, r;

	memset(&l, 0, sizeof l);
	l.path = path;
	if ((in.fp = directory_ldif_guard_open(path, &g)) == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return (-1);
	}
	in.prev = NULL;
	fp = &in;
	directory_entry_init(&e);
	if (directory_ldif_bom(fp->fp, path, cause) != 0) {
		fclose(in.fp);
		return (-1);
	}
	while ((r = ldif_read_record(fp, &lineno, &buf, &buflen)) > 0) {
		/*
		 * lineno counts the blank line ending a record; at end of
		 * file there is none.  The record starts its newlines back.
		 */
		last = feof(fp->fp) ? lineno : lineno - 1;
		/*
		 * A record of only a line starting with a digit (an entry ID
		 * of old slapcat output) leaves no buffer: nothing in it.
		 */
		if (buf == NULL)
			continue;
		directory_ldif_lines(&l, buf);
		l.first = last + 1 - l.nnl;
		rc = directory_ldif_record(dir, &l, buf, &e, cause);
		directory_entry_clear(&e);
		if (rc != 0)
			break;
		if (++records % 4096 == 0 && log_progress_enabled())
			log_progress("directory: %s: %lu records", path,
			    records);
	}
	if (log_progress_enabled())
		log_progress_done();
	if (rc == 0 && g->hit != 0) {
		xasprintf(cause, "%s:%lu: \"include:\" lines are not followed "
		    "(libldap would read the file they name)", path, g->hit);
		rc = -1;
	} else if (rc == 0 && (r < 0 || ferror(fp->fp))) {
		xasprintf(cause, "%s:%lu: %s", path, lineno + 1,
		    ferror(fp->fp) ? strerror(errno) : "read error");
		rc = -1;
	}
	ber_memfree(buf);
	free(l.nl);
	fclose(in.fp);
	return (rc);
}

int
directory_ldif_sniff(const char *path)
{
	char	 buf[4096], *p, *e;
	size_t	 n;
	FILE	*f;

	if (strcmp(path, "-") == 0 || (f = fopen(path, "rb")) == NULL)
		return (0);
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	p = buf;
	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (*p != '\0') {
		if ((e = strchr(p, '\n')) == NULL)
			e = p + strlen(p);
		if (*p == '#' || *p == '\r' || *p == '\n' ||
		    strncasecmp(p, "version:", 8) == 0) {
			/* A comment, a blank line, the version; folded
			 * comment lines start with a space. */
			p = *e == '\n' ? e + 1 : e;
			while (*p == ' ' && (e = strchr(p, '\n')) != NULL)
				p = e + 1;
			continue;
		}
		return (strncasecmp(p, "dn:", 3) == 0);
	}
	return (0);
}
