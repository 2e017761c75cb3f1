/*
 * hostname.c: the checked server name (hostname.h).
 *
 * Invariant: every struct hostname with the mark was made here from a
 * string that hostname_check accepted, and its string is never changed
 * after.  hostname_assert checks both again, so a writer that is handed a
 * forged or overwritten value aborts instead of writing it.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostname.h"
#include "util.h"
#include "xmalloc.h"

/* Characters allowed in a label besides ASCII letters and digits. */
#define HOSTNAME_PUNCT	"-_"

static enum hostname_refusal
hostname_char(unsigned char ch)
{
	if (ch < 0x20 || ch == 0x7f)
		return (HOSTNAME_CONTROL);
	if (ch == '*' || ch == '?')
		return (HOSTNAME_WILDCARD);
	if (ch == ',' || ch == ';' || ch == '=' || ch == ' ')
		return (HOSTNAME_SEPARATOR);
	if (isalnum(ch) || (ch < 0x80 && strchr(HOSTNAME_PUNCT, ch) != NULL))
		return (HOSTNAME_OK);
	return (HOSTNAME_CHARACTER);
}

/* An IP literal: inet_pton's forms only (no zone, no brackets). */
static int
hostname_address(const char *s, enum hostname_kind *kind)
{
	unsigned char	buf[16];

	if (inet_pton(AF_INET, s, buf) == 1) {
		*kind = HOSTNAME_IPV4;
		return (1);
	}
	if (inet_pton(AF_INET6, s, buf) == 1) {
		*kind = HOSTNAME_IPV6;
		return (1);
	}
	return (0);
}

/* Check the labels of s (len bytes, no trailing dot). */
static enum hostname_refusal
hostname_labels(const char *s, size_t len, size_t *nlabels)
{
	enum hostname_refusal	 why;
	size_t			 i, start = 0;

	*nlabels = 0;
	for (i = 0; i <= len; i++) {
		if (i < len && s[i] != '.') {
			if ((why = hostname_char((unsigned char)s[i])) !=
			    HOSTNAME_OK)
				return (why);
			continue;
		}
		if (i == start)
			return (HOSTNAME_LABEL);
		if (i - start > HOSTNAME_LABEL_MAX)
			return (HOSTNAME_TOO_LONG);
		(*nlabels)++;
		start = i + 1;
	}
	return (HOSTNAME_OK);
}

/* DNS labels neither start nor end with '-'. */
static int
hostname_hyphens(const char *s, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++) {
		if (s[i] != '-')
			continue;
		if (i == 0 || s[i - 1] == '.' || i + 1 == len ||
		    s[i + 1] == '.')
			return (0);
	}
	return (1);
}

enum hostname_refusal
hostname_check(const char *s, enum hostname_kind *kindp)
{
	enum hostname_refusal	 why;
	enum hostname_kind	 kind;
	size_t			 len, nlabels, i;
	const char		*p;

	if (kindp == NULL)
		kindp = &kind;
	if (s == NULL || *s == '\0' || util_is_null_value(s))
		return (HOSTNAME_EMPTY);
	len = strlen(s);
	if (len > HOSTNAME_DNS_MAX + 1)
		return (HOSTNAME_TOO_LONG);
	for (p = s; *p != '\0'; p++) {
		if ((why = hostname_char((unsigned char)*p)) != HOSTNAME_OK &&
		    *p != '.' && *p != ':')
			return (why);
	}
	if (strchr(s, ':') != NULL)
		return (hostname_address(s, kindp) ? HOSTNAME_OK :
		    HOSTNAME_ADDRESS);
	if (strspn(s, "0123456789.") == len)
		return (hostname_address(s, kindp) ? HOSTNAME_OK :
		    HOSTNAME_NUMERIC);
	if (len > 1 && s[len - 1] == '.')
		len--;			/* one trailing dot: the root */
	if (len > HOSTNAME_DNS_MAX)
		return (HOSTNAME_TOO_LONG);
	if ((why = hostname_labels(s, len, &nlabels)) != HOSTNAME_OK)
		return (why);
	if (nlabels == 1) {
		if (len > HOSTNAME_NETBIOS_MAX)
			return (HOSTNAME_NETBIOS_LONG);
		*kindp = HOSTNAME_NETBIOS;
		return (HOSTNAME_OK);
	}
	if (!hostname_hyphens(s, len))
		return (HOSTNAME_LABEL);
	/* The last label of a DNS name is not all digits (RFC 3696). */
	for (i = len; i > 0 && s[i - 1] != '.'; i--)
		;
	if (strspn(s + i, "0123456789") == len - i)
		return (HOSTNAME_NUMERIC);
	*kindp = HOSTNAME_DNS;
	return (HOSTNAME_OK);
}

static struct hostname *
hostname_make(const char *s, int upper, enum hostname_refusal *whyp)
{
	enum hostname_refusal	 why;
	enum hostname_kind	 kind;
	struct hostname		*h;
	size_t			 len;
	char			*p;

	if ((why = hostname_check(s, &kind)) != HOSTNAME_OK) {
		if (whyp != NULL)
			*whyp = why;
		return (NULL);
	}
	if (whyp != NULL)
		*whyp = HOSTNAME_OK;
	len = strlen(s);
	/* The root's dot, after one label too ("fs01."): not kept. */
	if ((kind == HOSTNAME_DNS || kind == HOSTNAME_NETBIOS) &&
	    s[len - 1] == '.')
		len--;
	h = xmalloc(sizeof *h);
	h->magic = HOSTNAME_MAGIC;
	h->kind = kind;
	h->name = xstrndup(s, len);
	if (upper)
		for (p = h->name; *p != '\0'; p++)
			*p = (char)toupper((unsigned char)*p);
	return (h);
}

struct hostname *
hostname_create(const char *s, enum hostname_refusal *why)
{
	return (hostname_make(s, 0, why));
}

struct hostname *
hostname_create_upper(const char *s, enum hostname_refusal *why)
{
	return (hostname_make(s, 1, why));
}

struct hostname *
hostname_dup(const struct hostname *h)
{
	struct hostname	*c;

	HOSTNAME_ASSERT(h);
	c = xmalloc(sizeof *c);
	*c = *h;
	c->name = xstrdup(h->name);
	return (c);
}

void
hostname_free(struct hostname *h)
{
	if (h == NULL)
		return;
	h->magic = 0;
	free(h->name);
	free(h);
}

int
hostname_is_checked(const struct hostname *h)
{
	enum hostname_kind	kind;

	return (h != NULL && h->magic == HOSTNAME_MAGIC && h->name != NULL &&
	    hostname_check(h->name, &kind) == HOSTNAME_OK &&
	    kind == h->kind && h->name[strlen(h->name) - 1] != '.');
}

void
hostname_assert(const struct hostname *h, const char *file, int line)
{
	if (hostname_is_checked(h))
		return;
	/* Not fatalx: its message would print the bad name. */
	fprintf(stderr, "ntlmplan: %s:%d: an unchecked server name reached "
	    "a writer\n", file, line);
	abort();
}

const char *
hostname_str(const struct hostname *h)
{
	HOSTNAME_ASSERT(h);
	return (h->name);
}

const char *
hostname_refusal_code(enum hostname_refusal why)
{
	static const char *const code[HOSTNAME_NREFUSALS] = {
		[HOSTNAME_OK] = "ok",
		[HOSTNAME_EMPTY] = "empty",
		[HOSTNAME_TOO_LONG] = "too-long",
		[HOSTNAME_CONTROL] = "control-character",
		[HOSTNAME_WILDCARD] = "wildcard",
		[HOSTNAME_SEPARATOR] = "separator",
		[HOSTNAME_CHARACTER] = "invalid-character",
		[HOSTNAME_LABEL] = "invalid-label",
		[HOSTNAME_NUMERIC] = "numeric",
		[HOSTNAME_ADDRESS] = "invalid-address",
		[HOSTNAME_NETBIOS_LONG] = "netbios-too-long"
	};

	if ((unsigned)why >= HOSTNAME_NREFUSALS)
		return ("unknown");
	return (code[why]);
}
