/*
 * kerberos.c: the Kerberos keys and types of the account behind an SPN.
 *
 * An account is DES only if userAccountControl has USE_DES_KEY_ONLY
 * (0x200000) or msDS-SupportedEncryptionTypes allows DES and nothing else;
 * RC4 only if that attribute has 0x4 and neither 0x8 nor 0x10.  Whether the
 * account has AES keys at all is not in the directory: a password set
 * before the domain's first Windows Server 2008 functional level has none,
 * and the Read-only Domain Controllers group (RID 521) is created then, so
 * a pwdLastSet older than its whenCreated probably means no AES keys.  That
 * comparison is a heuristic and the verdict says so.
 */
#include "config.h"

#include <string.h>

#include "directory.h"
#include "kerberos.h"
#include "util.h"

static const char *const kerberos_codes[KERBEROS_NCLASSES] = {
	[KERBEROS_FINE] = "fine",
	[KERBEROS_DES_ONLY] = "des-only",
	[KERBEROS_RC4_ONLY] = "rc4-only",
	[KERBEROS_NO_AES_KEYS] = "probably-no-aes-keys",
	[KERBEROS_KEYS_UNKNOWN] = "keys-unknown",
	[KERBEROS_NO_ACCOUNT] = "no-account",
};

const char *
kerberos_class_code(enum kerberos_class c)
{
	if ((unsigned)c >= KERBEROS_NCLASSES)
		return ("unknown");
	return (kerberos_codes[c]);
}

int
kerberos_class_from_code(const char *s)
{
	int	 i;

	for (i = 0; i < KERBEROS_NCLASSES; i++) {
		if (strcmp(s, kerberos_codes[i]) == 0)
			return (i);
	}
	return (-1);
}

int
kerberos_class_needs_step(enum kerberos_class c)
{
	return (c != KERBEROS_FINE && c != KERBEROS_NO_ACCOUNT);
}

void
kerberos_classify(const struct directory_account *a, int64_t aes_since,
    struct kerberos_verdict *v)
{
	long long	 et = a->enctypes;
	int		 set = et != DIRECTORY_ENCTYPES_NONE && et != 0;
	int		 des = (a->uac & DIRECTORY_UAC_USE_DES_KEY_ONLY) != 0;
	int		 rc4 = 0, old = 0;

	memset(v, 0, sizeof *v);
	if (set && (et & KERBEROS_ET_DES) && !(et & (KERBEROS_ET_RC4_HMAC |
	    KERBEROS_ET_AES)))
		des = 1;
	if (set && (et & KERBEROS_ET_RC4_HMAC) && !(et & KERBEROS_ET_AES))
		rc4 = 1;
	if (des) {
		if (a->uac & DIRECTORY_UAC_USE_DES_KEY_ONLY)
			v->steps |= KERBEROS_STEP_CLEAR_DES;
	}
	if (des || rc4)
		v->steps |= KERBEROS_STEP_SET_AES;
	if (a->pwd_last_set != UTIL_TIME_NONE && aes_since != UTIL_TIME_NONE &&
	    a->pwd_last_set < aes_since) {
		old = 1;
		v->heuristic = 1;
		v->steps |= KERBEROS_STEP_RESET_PASSWORD;
	}
	if (des)
		v->class = KERBEROS_DES_ONLY;
	else if (rc4)
		v->class = KERBEROS_RC4_ONLY;
	else if (old)
		v->class = KERBEROS_NO_AES_KEYS;
	else if (a->pwd_last_set == UTIL_TIME_NONE ||
	    aes_since == UTIL_TIME_NONE) {
		/* Cannot compare: not free, said so. */
		v->class = KERBEROS_KEYS_UNKNOWN;
		v->heuristic = 1;
	} else
		v->class = KERBEROS_FINE;
}

const struct directory_account *
kerberos_classify_spn(struct directory *dir, const char *spn,
    struct kerberos_verdict *v)
{
	const struct directory_account	*a;

	if ((a = directory_find_spn(dir, spn)) == NULL) {
		memset(v, 0, sizeof *v);
		v->class = KERBEROS_NO_ACCOUNT;
		return (NULL);
	}
	kerberos_classify(a, dir->rodc_group_created, v);
	return (a);
}
