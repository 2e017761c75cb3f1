/*
 * exceptions.h: a server exception list (DCAllowedNTLMServers or
 * ClientAllowedNTLMServers): reading the list in force, matching server
 * names against it, and writing a proposed list.
 *
 * Entries are NetBIOS names or FQDNs with at most one '*' wildcard; they
 * match case-insensitively against either name of a server.  Wildcard
 * entries are compiled once (pattern.h); exact entries are looked up in a
 * sorted table.  Invalid entries are kept aside with the reason, never
 * matched.  A struct exceptions owns every string in it.
 */
#ifndef EXCEPTIONS_H
#define EXCEPTIONS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define EXCEPTIONS_NAME_MAX	255

struct exceptions;
struct hostname;

struct exceptions_entry {
	const char	*name;		/* as written */
	const char	*where;		/* "file:line" */
	const char	*reason;	/* NULL if valid */
	uint64_t	 hits;		/* servers matched (valid entries) */
};

/* An empty list. */
struct exceptions	*exceptions_create(void);
/* Free ex and its entries; NULL is a no-op. */
void			 exceptions_free(struct exceptions *);
/*
 * Check one entry; NULL if valid, else a static reason ("more than one
 * '*'", "invalid character ...").
 */
const char		*exceptions_check(const char *);
/* Add one entry; where names its origin.  Returns 0, or -1 if invalid. */
int			 exceptions_add(struct exceptions *, const char *,
			     const char *);
/*
 * Read a list: a text file (one entry per line, '#' comment lines) or a
 * security template (UTF-16LE with BOM, or UTF-8) whose registry value
 * named by key (e.g. "DCAllowedNTLMServers") is read.  Invalid entries are
 * kept as such.  Returns 0, or -1 with *cause set (caller frees).  *found
 * is set to 0 for a template without the value.
 */
int			 exceptions_load(struct exceptions *, const char *,
			     const char *, int *, char **);
/* Entries in file order, valid and invalid. */
size_t			 exceptions_count(const struct exceptions *);
/* Set every entry's hit counter to zero. */
void			 exceptions_clear_hits(struct exceptions *);
/* Entry i (borrowed). */
const struct exceptions_entry *exceptions_get(const struct exceptions *,
			     size_t);
/*
 * Index of the first valid entry matching netbios or fqdn (either may be
 * NULL), counting a hit; -1 if none.
 */
long			 exceptions_match(struct exceptions *, const char *,
			     const char *);
/* Index of the valid entry without a wildcard equal to name, or -1. */
long			 exceptions_exact(struct exceptions *, const char *);
/*
 * Write an exception list file: each comment line prefixed "# " (control
 * characters as \xNN), then one checked name per line; a name that is not
 * checked (hostname.h) aborts.
 */
void			 exceptions_save(FILE *, const char *const *, size_t,
			     const struct hostname *const *, size_t);
/*
 * UTF-16LE bytes (no BOM) to a NUL-terminated UTF-8 string (caller frees);
 * NULL on an unpaired surrogate.  Shared with the template reader's tests.
 */
char			*exceptions_utf16le_to_utf8(const unsigned char *,
			     size_t);

#endif
