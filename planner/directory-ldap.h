/*
 * directory-ldap.h: directory entries from an LDAP server (Active Directory,
 * or OpenLDAP with an AD-like schema) through OpenLDAP's libldap.
 */
#ifndef DIRECTORY_LDAP_H
#define DIRECTORY_LDAP_H

#include <stdint.h>

struct directory;

#define DIRECTORY_LDAP_PAGE_SIZE	500	/* default */
#define DIRECTORY_LDAP_PAGE_MAX		1000	/* AD's MaxPageSize */
#define DIRECTORY_LDAP_TIMEOUT		30	/* seconds */

struct directory_ldap_options {
	const char	*uri;
	const char	*base;		/* NULL: defaultNamingContext */
	const char	*binddn;	/* NULL: anonymous or SASL */
	const char	*password;	/* for binddn */
	const char	*mech;		/* SASL mechanism, or NULL */
	const char	*cacert;	/* CA file, or NULL */
	int		 starttls;	/* 0 no, 1 try (-Z), 2 require (-ZZ) */
	int		 page_size;	/* 0: no paging control */
	int		 timeout;	/* seconds, for each network wait */
};

/* What went wrong, for the caller's exit status. */
enum directory_ldap_error {
	DIRECTORY_LDAP_OK = 0,
	DIRECTORY_LDAP_CONNECT,		/* unreachable, timed out */
	DIRECTORY_LDAP_TLS,		/* handshake failed, not trusted */
	DIRECTORY_LDAP_AUTH,		/* bind refused, anonymous refused */
	DIRECTORY_LDAP_SEARCH,		/* base missing, search refused */
	DIRECTORY_LDAP_INCOMPLETE	/* cut off: limit, connection lost */
};

struct directory_ldap_stats {
	uint64_t	 entries;	/* entries received, all searches */
	uint64_t	 pages;		/* pages of the computer search */
	uint64_t	 references;	/* search references skipped */
};

/*
 * Bind, read the rootDSE, the domain head, the crossRefs, the trusts and
 * every computer under the base into dir, then directory_finish it.  Returns
 * DIRECTORY_LDAP_OK, or an error with *cause set (caller frees); dir is then
 * incomplete and must not be saved.
 */
enum directory_ldap_error directory_ldap_fetch(struct directory *,
	    const struct directory_ldap_options *,
	    struct directory_ldap_stats *, char **);

#endif
