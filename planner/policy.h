/*
 * policy.h: the options ntlmplan can simulate, read from policy files.
 *
 * One file per option of a Restrict NTLM setting (ntlmplan-policy(5)): its
 * registry value and audit counterpart, the events it is evaluated on, the
 * account and server classes it blocks and the exception list that applies.
 * Nothing about what an option blocks is written in C: the simulation only
 * evaluates these fields.
 *
 * Ownership: a struct policies owns every policy and string in it; pointers
 * into it stay valid until policies_free.  Policies are sorted by setting,
 * then value, so that the options of one setting are contiguous.
 */
#ifndef POLICY_H
#define POLICY_H

#include <stddef.h>
#include <stdint.h>

/* Account classes of DOMAIN.md section 5. */
enum account_class {
	ACCOUNT_DOMAIN,
	ACCOUNT_TRUSTED,
	ACCOUNT_LOCAL,
	ACCOUNT_ANONYMOUS,
	ACCOUNT_UNKNOWN,
	ACCOUNT__COUNT
};

/* Server classes of DOMAIN.md section 5. */
enum server_class {
	SERVER_DOMAIN,
	SERVER_DC,
	SERVER_NONDOMAIN,
	SERVER__COUNT
};

#define POLICY_MAX_EVENTS	8

/* The bit of an (account class, server class) pair in policy.pairs. */
#define POLICY_PAIR(a, s)	(1U << ((a) * SERVER__COUNT + (s)))

struct policy {
	char		*path;		/* owned */
	char		*name;		/* owned */
	char		*setting;	/* owned: display name of the setting */
	char		*option;	/* owned: display name of the option */
	char		*key;		/* owned: MACHINE\... registry value */
	int		 type;		/* security template type code (4) */
	long		 value;		/* data when enforced */
	long		 off;		/* data of key during the audit stage */
	char		*audit_setting;	/* owned, NULL: audit is key itself */
	char		*audit_option;	/* owned, may be NULL */
	char		*audit_key;	/* owned, may be NULL */
	long		 audit_value;	/* audit data in the audit stage */
	long		 audit_keep;	/* audit data in the enforce stage */
	int		 events[POLICY_MAX_EVENTS];
	size_t		 nevents;
	uint32_t	 pairs;		/* blocked: POLICY_PAIR(a, s) bits */
	unsigned	 anomalies;	/* account classes that are anomalies */
	char		*exceptions_key; /* owned, NULL: no exception list */
	char		*exceptions_setting; /* owned, may be NULL */
	int		 names_both;	/* list FQDNs after NetBIOS names */
	int		 client_logged_by; /* client: logged_by */
	int		 is_default;
	char		**notes;	/* owned */
	size_t		 nnotes;
};

struct policies;

/* Class names as in policy files and plan.json. */
const char	*policy_account_class_name(enum account_class);
const char	*policy_server_class_name(enum server_class);

/*
 * Load every *.policy file of dir.  Returns NULL with *cause set
 * ("dir/file.policy:12: ...", caller frees) on the first error.
 */
struct policies	*policies_load(const char *, char **);
/* Free ps and every policy; NULL is a no-op. */
void		 policies_free(struct policies *);
/* Number of policies. */
size_t		 policies_count(const struct policies *);
/* Policy i, in setting and value order (borrowed). */
const struct policy *policies_get(const struct policies *, size_t);
/*
 * Find a policy by name, or by value within the setting of the default
 * policy.  NULL if nothing matches; with no argument, the default.
 */
const struct policy *policies_find(const struct policies *, const char *);
/* Index of the first policy of p's setting; *n gets their number. */
size_t		 policies_setting(const struct policies *,
		     const struct policy *, size_t *);
/* True if p evaluates event id. */
/* True if v is the audit value of an option of p's setting in ps. */
int		 policies_is_audit_value(const struct policies *,
		     const struct policy *, long);
int		 policy_has_event(const struct policy *, int);
/* True if p blocks a flow of these classes (before exceptions). */
int		 policy_blocks(const struct policy *, enum account_class,
		     enum server_class);
/*
 * The policy directory: $NTLMPLAN_POLICIES, the source tree's policies/ when
 * running from the build tree, else the installed one.  Returns a static
 * or environment string.
 */
const char	*policies_default_dir(void);

#endif
