/*
 * hostname.h: the checked server name.  A name that goes into an exception
 * list, a security template, a Registry.pol or a rule match is a struct
 * hostname, made only by hostname_create from a string that is a valid
 * NetBIOS computer name, a DNS host name or an IP literal; anything else is
 * refused with a code (never a sentence: the words are the report's).
 *
 * Event fields are written by whoever authenticates: a target, workstation
 * or channel name can hold CR/LF, commas, '*' or terminal escapes.  Such a
 * name is never a struct hostname, so it cannot reach a list.  Writers call
 * HOSTNAME_ASSERT on every entry they write: it checks the mark and the
 * string again and aborts on a forged or corrupted value (ntlmplan-plan(5),
 * NAMES).
 *
 * The rules are stricter than Windows' own (a NetBIOS name of letters,
 * digits, '-' and '_' only): a server whose real name uses other
 * characters is refused and stays denied, which is the safe side.
 */
#ifndef HOSTNAME_H
#define HOSTNAME_H

#include <stddef.h>

#define HOSTNAME_NETBIOS_MAX	15
#define HOSTNAME_DNS_MAX	253
#define HOSTNAME_LABEL_MAX	63
#define HOSTNAME_MAGIC		0x686f7374u	/* "host" */

enum hostname_kind {
	HOSTNAME_NETBIOS,	/* one label, 1-15 characters */
	HOSTNAME_DNS,		/* two labels or more */
	HOSTNAME_IPV4,		/* dotted quad, as inet_pton reads it */
	HOSTNAME_IPV6		/* as inet_pton reads it, no zone */
};

/* Why a string is not a host name (HOSTNAME_OK if it is one). */
enum hostname_refusal {
	HOSTNAME_OK = 0,
	HOSTNAME_EMPTY,		/* empty, or a null value: "-", "(NULL)" */
	HOSTNAME_TOO_LONG,	/* over 253 characters, or a label over 63 */
	HOSTNAME_CONTROL,	/* a control character (CR, LF, ESC ...) */
	HOSTNAME_WILDCARD,	/* '*' or '?' */
	HOSTNAME_SEPARATOR,	/* ',' ';' '=' or white space */
	HOSTNAME_CHARACTER,	/* any other character outside the rules */
	HOSTNAME_LABEL,		/* an empty label, or one that starts or
				   ends with '-' */
	HOSTNAME_NUMERIC,	/* all digits and dots, not an IPv4 address */
	HOSTNAME_ADDRESS,	/* has ':' but is not an IPv6 address */
	HOSTNAME_NETBIOS_LONG	/* one label over 15 characters */
};
#define HOSTNAME_NREFUSALS	(HOSTNAME_NETBIOS_LONG + 1)

struct hostname {
	unsigned		 magic;	/* HOSTNAME_MAGIC once checked */
	enum hostname_kind	 kind;
	char			*name;	/* owned: as given, less one
					   trailing '.' of a DNS name */
};

/*
 * Check s; HOSTNAME_OK and *kind set (kind may be NULL) if it is a host
 * name, else the first reason it is not.
 */
enum hostname_refusal	 hostname_check(const char *, enum hostname_kind *);
/* A checked copy of s, or NULL with *why set (why may be NULL). */
struct hostname		*hostname_create(const char *,
			     enum hostname_refusal *);
/* The same, with the ASCII letters in upper case (a NetBIOS name). */
struct hostname		*hostname_create_upper(const char *,
			     enum hostname_refusal *);
/* A copy of a checked name. */
struct hostname		*hostname_dup(const struct hostname *);
/* Free h; NULL is a no-op. */
void			 hostname_free(struct hostname *);
/* 1 if h carries the mark and its string passes the check again. */
int			 hostname_is_checked(const struct hostname *);
/* Abort (with a message naming the caller) unless h is checked. */
void			 hostname_assert(const struct hostname *,
			     const char *, int);
#define HOSTNAME_ASSERT(h)	hostname_assert((h), __FILE__, __LINE__)
/* The checked string of h (HOSTNAME_ASSERT first). */
const char		*hostname_str(const struct hostname *);
/* A short stable code for a refusal ("control-character", ...): plan.json. */
const char		*hostname_refusal_code(enum hostname_refusal);

#endif
