/*
 * kerberos.h: whether the account behind a service can get AES tickets,
 * for a fix that moves a flow from NTLM to Kerberos.  Since the Kerberos
 * RC4 hardening (CVE-2026-20833, KB5073381; enforced from July 2026) a
 * domain controller issues AES tickets only, unless the account says
 * otherwise: an account that is RC4 only, DES only, or has no AES keys
 * makes such a fix fail until an extra step is taken.
 *
 * Pure functions of the directory snapshot; verdicts are codes, never
 * sentences (ntlmplan-directory(5), KERBEROS).
 */
#ifndef KERBEROS_H
#define KERBEROS_H

#include <stdint.h>

struct directory;
struct directory_account;

/* msDS-SupportedEncryptionTypes bits (MS-KILE 2.2.7). */
#define KERBEROS_ET_DES_CBC_CRC		0x01
#define KERBEROS_ET_DES_CBC_MD5		0x02
#define KERBEROS_ET_RC4_HMAC		0x04
#define KERBEROS_ET_AES128		0x08
#define KERBEROS_ET_AES256		0x10
#define KERBEROS_ET_AES			(KERBEROS_ET_AES128 | KERBEROS_ET_AES256)
#define KERBEROS_ET_DES			(KERBEROS_ET_DES_CBC_CRC | \
					 KERBEROS_ET_DES_CBC_MD5)

enum kerberos_class {
	KERBEROS_FINE,		/* AES allowed and keys expected */
	KERBEROS_DES_ONLY,	/* USE_DES_KEY_ONLY, or only DES types set */
	KERBEROS_RC4_ONLY,	/* 0x4 set, 0x8 and 0x10 clear */
	KERBEROS_NO_AES_KEYS,	/* password set before the domain could
				   make AES keys: a heuristic */
	KERBEROS_KEYS_UNKNOWN,	/* no pwdLastSet, or no time of the Read-only
				   Domain Controllers group to compare */
	KERBEROS_NO_ACCOUNT	/* no account of the snapshot holds the SPN */
};
#define KERBEROS_NCLASSES	(KERBEROS_NO_ACCOUNT + 1)

/* The extra steps a fix needs before Kerberos works (bits). */
#define KERBEROS_STEP_CLEAR_DES		0x1	/* clear USE_DES_KEY_ONLY */
#define KERBEROS_STEP_SET_AES		0x2	/* msDS-SupportedEncryption-
						   Types to 0x18 (AES) */
#define KERBEROS_STEP_RESET_PASSWORD	0x4	/* twice: AES keys for the
						   password and the one kept
						   before it */

#define KERBEROS_AES_TYPES	0x18	/* the value the step sets */

struct kerberos_verdict {
	enum kerberos_class	 class;
	unsigned		 steps;		/* KERBEROS_STEP_* */
	int			 heuristic;	/* rests on pwdLastSet against
						   the group's whenCreated */
};

/*
 * Classify account a; aes_since is the whenCreated of the Read-only Domain
 * Controllers group (UTIL_TIME_NONE if unknown): a password set before it
 * probably has no AES keys.  DES only wins over RC4 only, which wins over
 * missing keys; the steps add up.
 */
void		 kerberos_classify(const struct directory_account *, int64_t,
		     struct kerberos_verdict *);
/*
 * The same for the account that holds spn in dir (directory_find_spn);
 * KERBEROS_NO_ACCOUNT if none.  Returns the account (borrowed) or NULL.
 */
const struct directory_account *kerberos_classify_spn(struct directory *,
		     const char *, struct kerberos_verdict *);
/* A short stable code for a class ("rc4-only", ...): plan.json, rules. */
const char	*kerberos_class_code(enum kerberos_class);
/* The class a code names; -1 if none. */
int		 kerberos_class_from_code(const char *);
/* True if a fix for an account of this class is not free. */
int		 kerberos_class_needs_step(enum kerberos_class);

#endif
