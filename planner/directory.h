/*
 * directory.h: the directory snapshot: what the planner knows of the Active
 * Directory domain (its names and SID, its trusts, its computers), how it is
 * built from LDAP entries, saved, loaded and searched.
 *
 * Ownership: a struct directory owns every string and array in it; callers
 * read the plain fields but change them only through these functions.
 * Pointers returned by directory_find_computer are borrowed and stay valid
 * until the next directory_add_entry, directory_finish or directory_free.
 * The file format is documented in ntlmplan-directory(5).
 *
 * Building: the LDAP and LDIF readers turn each entry into a struct
 * directory_entry (plain strings, no library types) and hand it to
 * directory_add_entry, which classifies it by objectClass; directory_finish
 * then settles the domain and sorts.  Both readers share this path, so the
 * same directory content gives the same snapshot.
 */
#ifndef DIRECTORY_H
#define DIRECTORY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define DIRECTORY_FORMAT	"ntlmplan-directory"
#define DIRECTORY_VERSION	1

/* userAccountControl bits and primaryGroupID values (MS-ADTS 2.2.16). */
#define DIRECTORY_UAC_DISABLED		0x00000002
#define DIRECTORY_UAC_TRUST_ACCOUNT	0x00000800	/* interdomain trust */
#define DIRECTORY_UAC_WORKSTATION	0x00001000
#define DIRECTORY_UAC_SERVER		0x00002000	/* a DC */
#define DIRECTORY_UAC_PARTIAL_SECRETS	0x04000000	/* an RODC */
#define DIRECTORY_UAC_USE_DES_KEY_ONLY	0x00200000
#define DIRECTORY_GROUP_DCS		516
#define DIRECTORY_GROUP_RODCS		521

struct directory_trust {
	char		*partner;	/* owned: trustPartner (DNS name) */
	char		*flat;		/* owned: flatName, or NULL */
	long long	 direction;	/* 1 inbound, 2 outbound, 3 both */
	long long	 attributes;
	long long	 type;
};

struct directory_computer {
	char		*name;		/* owned: sAMAccountName without "$" */
	char		*dns;		/* owned: dNSHostName, or NULL */
	char		*dn;		/* owned */
	int		 enabled;
	int		 dc;
	int		 rodc;
	char		*os;		/* owned: operatingSystem, or NULL */
	char		*os_version;	/* owned, or NULL */
	int64_t		 last_logon;	/* us since 1970, UTIL_TIME_NONE */
	char		**spns;		/* owned, sorted bytewise */
	size_t		 nspns;
};

/*
 * An account that holds an SPN: what Kerberos needs of it (ntlmplan-
 * directory(5), KERBEROS).  Computers are also in computers[].
 */
enum directory_account_kind {
	DIRECTORY_ACCOUNT_USER,
	DIRECTORY_ACCOUNT_COMPUTER,
	DIRECTORY_ACCOUNT_MANAGED	/* (group) managed service account */
};

#define DIRECTORY_ENCTYPES_NONE	(-1)	/* msDS-SupportedEncryptionTypes
					   not set */

struct directory_account {
	char		*name;		/* owned: sAMAccountName */
	char		*dn;		/* owned */
	enum directory_account_kind kind;
	long long	 enctypes;	/* or DIRECTORY_ENCTYPES_NONE */
	int64_t		 pwd_last_set;	/* us since 1970; UTIL_TIME_NONE:
					   never set (0) or absent */
	long long	 uac;		/* userAccountControl */
	char		**spns;		/* owned, sorted bytewise; none for
					   a computer (see computers[]) */
	size_t		 nspns;
};

struct directory_index;
struct directory_pending;

struct directory {
	/* Where the snapshot came from. */
	char		*source_uri;	/* owned: LDAP URI, or NULL */
	char		**source_ldif;	/* owned: LDIF paths, or NULL */
	size_t		 nsource_ldif;
	char		*source_base;	/* owned: search base */
	int64_t		 fetched;	/* us since 1970 */

	/* The domain. */
	char		*domain_dn;	/* owned */
	char		*domain_dns;	/* owned, or NULL */
	char		*domain_netbios; /* owned, or NULL */
	char		*domain_sid;	/* owned: "S-1-5-21-...", or NULL */
	char		**upn_suffixes;	/* owned: the forest's UPN suffixes
					   (uPNSuffixes of CN=Partitions) */
	size_t		 nupn_suffixes;

	struct directory_trust	  *trusts;	/* owned, sorted by partner */
	size_t			   ntrusts;
	struct directory_computer *computers;	/* owned, sorted by name */
	size_t			   ncomputers;
	struct directory_account  *accounts;	/* owned, sorted by name */
	size_t			   naccounts;
	/* whenCreated of the Read-only Domain Controllers group (RID 521),
	   us since 1970, or UTIL_TIME_NONE. */
	int64_t			   rodc_group_created;

	/* Counted while building; not saved. */
	uint64_t	 entries;	/* entries handed in */
	uint64_t	 trust_accounts; /* computers left out: 0x800 */
	uint64_t	 service_accounts; /* left out: (g)MSAs */
	uint64_t	 unnamed;	/* computers left out: no name */
	uint64_t	 outside;	/* left out: not under the base */

	struct directory_pending *pending;	/* private, while building */
	struct directory_index	 *index;	/* private, built on demand */
};

/* Attributes a reader needs, in the order of enum directory_attr. */
enum directory_attr {
	DIRECTORY_A_OBJECTCLASS,
	DIRECTORY_A_SAMACCOUNTNAME,
	DIRECTORY_A_DNSHOSTNAME,
	DIRECTORY_A_USERACCOUNTCONTROL,
	DIRECTORY_A_PRIMARYGROUPID,
	DIRECTORY_A_OPERATINGSYSTEM,
	DIRECTORY_A_OPERATINGSYSTEMVERSION,
	DIRECTORY_A_SERVICEPRINCIPALNAME,
	DIRECTORY_A_LASTLOGONTIMESTAMP,
	DIRECTORY_A_OBJECTSID,
	DIRECTORY_A_NCNAME,
	DIRECTORY_A_NETBIOSNAME,
	DIRECTORY_A_DNSROOT,
	DIRECTORY_A_FLATNAME,
	DIRECTORY_A_TRUSTPARTNER,
	DIRECTORY_A_TRUSTDIRECTION,
	DIRECTORY_A_TRUSTATTRIBUTES,
	DIRECTORY_A_TRUSTTYPE,
	DIRECTORY_A_UPNSUFFIXES,	/* on CN=Partitions: the forest's */
	DIRECTORY_A_SUPPORTEDENCTYPES,
	DIRECTORY_A_PWDLASTSET,
	DIRECTORY_A_WHENCREATED,
	DIRECTORY_A_COUNT
};

/* NULL-terminated attribute names, indexed by enum directory_attr. */
extern const char *const directory_attr_names[DIRECTORY_A_COUNT + 1];

struct directory_value {
	char		*data;		/* owned, NUL-terminated */
	size_t		 len;		/* without the NUL (binary values) */
};

/* One LDAP entry in plain form; values of unknown attributes are dropped. */
struct directory_entry {
	char			*dn;	/* owned */
	struct directory_value	*values[DIRECTORY_A_COUNT]; /* owned */
	size_t			 nvalues[DIRECTORY_A_COUNT];
	size_t			 avalues[DIRECTORY_A_COUNT];
};

/* Make e empty. */
void	directory_entry_init(struct directory_entry *);
/* Free what e holds and make it empty again. */
void	directory_entry_clear(struct directory_entry *);
/* Set the DN of e (copied). */
void	directory_entry_set_dn(struct directory_entry *, const char *, size_t);
/* Add a value of attribute name (any case); 0, or -1 if not wanted. */
int	directory_entry_add(struct directory_entry *, const char *,
	    const void *, size_t);

/* An empty snapshot. */
struct directory *directory_create(void);
/* Free dir and all it owns; NULL is a no-op. */
void	directory_free(struct directory *);
/*
 * Classify e by objectClass: computer (interdomain trust accounts and
 * managed service accounts, whose classes derive from computer, left out),
 * trustedDomain, crossRef, domainDNS; anything else is ignored.  e is not
 * consumed.
 */
void	directory_add_entry(struct directory *, const struct directory_entry *);
/*
 * Settle the domain once every entry is in: domain_dn (NULL: the only
 * domainDNS entry, or the only crossRef with a NetBIOS name), its NetBIOS and
 * DNS names from the matching crossRef, its SID; drop computers outside base
 * (NULL: the domain) and trusts outside the domain; sort.  0, or -1 with
 * *cause set (caller frees).
 */
int	directory_finish(struct directory *, const char *, const char *,
	    char **);
/* Sort computers by name and trusts by partner (case-insensitively). */
void	directory_sort(struct directory *);
/* Write dir as JSON (ntlmplan-directory(5)); deterministic. */
void	directory_save(struct directory *, FILE *);
/* Read a snapshot written by directory_save; NULL with *cause on error. */
struct directory *directory_load(const char *, char **);
/*
 * The computer a server name denotes (ntlmplan-events(7)): by dNSHostName,
 * by name (sAMAccountName without "$"), or for an FQDN in the domain's DNS
 * name by its first label; case-insensitive, trailing dot ignored.  NULL if
 * unknown.
 */
const struct directory_computer *directory_find_computer(struct directory *,
	    const char *);
/* Count of computers with dc, rodc set; of disabled computers. */
void	directory_counts(const struct directory *, size_t *, size_t *,
	    size_t *);
/* A binary SID as "S-1-5-21-..."; NULL if malformed.  Caller frees. */
char	*directory_sid_format(const void *, size_t);
/*
 * The account that holds spn: the one that lists it, or the account of the
 * computer that does (case-insensitive), else for a host-based SPN
 * ("class/host[:port][/name]") the account of the computer the host
 * denotes.  NULL if unknown.  Borrowed, as directory_find_computer.
 */
const struct directory_account *directory_find_spn(struct directory *,
	    const char *);
/*
 * The LDAP filter for the domain's group of RID rid (its objectSid, from the
 * domain head of domain_dn read so far); NULL if that SID is not known.
 * Caller frees.
 */
char	*directory_group_filter(const struct directory *, const char *,
	    unsigned);
/* GeneralizedTime ("20080115103000.0Z") to us since 1970; 0 or -1. */
int	directory_generalized_time(const char *, int64_t *);
/* Compare DNs case-insensitively, ignoring spaces around "," and "=". */
int	directory_dn_cmp(const char *, const char *);
/* True if dn is base or lies under it. */
int	directory_dn_under(const char *, const char *);

#endif
