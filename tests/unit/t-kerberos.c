/*
 * t-kerberos.c: unit tests of kerberos.c: the class of an account that
 * holds an SPN (fine, DES only, RC4 only, probably no AES keys, unknown),
 * the extra steps a fix then needs, and the lookup by SPN.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "directory.h"
#include "directory-ldif.h"
#include "kerberos.h"
#include "tap.h"
#include "util.h"

#define T2008	INT64_C(1200393000000000)	/* 2008-01-15 10:30 UTC */
#define OLD	(T2008 - INT64_C(86400000000))
#define NEW	(T2008 + INT64_C(86400000000))
#define NONE	UTIL_TIME_NONE
#define ET_NONE	DIRECTORY_ENCTYPES_NONE

static void
test_classify(void)
{
	static const struct {
		const char		*what;
		long long		 enctypes;
		long long		 uac;
		int64_t			 pwd;
		int64_t			 since;
		enum kerberos_class	 class;
		unsigned		 steps;
		int			 heuristic;
	} cases[] = {
		{ "not set, new password", ET_NONE, 512, NEW, T2008,
		  KERBEROS_FINE, 0, 0 },
		{ "0 is not set", 0, 512, NEW, T2008, KERBEROS_FINE, 0, 0 },
		{ "AES only", 0x18, 512, NEW, T2008, KERBEROS_FINE, 0, 0 },
		{ "RC4 and AES", 0x1c, 512, NEW, T2008, KERBEROS_FINE, 0, 0 },
		{ "RC4 and AES128 only", 0x0c, 512, NEW, T2008, KERBEROS_FINE,
		  0, 0 },
		{ "RC4 only", 0x04, 512, NEW, T2008, KERBEROS_RC4_ONLY,
		  KERBEROS_STEP_SET_AES, 0 },
		{ "RC4 and DES", 0x07, 512, NEW, T2008, KERBEROS_RC4_ONLY,
		  KERBEROS_STEP_SET_AES, 0 },
		{ "RC4 only, old password", 0x04, 512, OLD, T2008,
		  KERBEROS_RC4_ONLY, KERBEROS_STEP_SET_AES |
		  KERBEROS_STEP_RESET_PASSWORD, 1 },
		{ "DES types only", 0x03, 512, NEW, T2008, KERBEROS_DES_ONLY,
		  KERBEROS_STEP_SET_AES, 0 },
		{ "USE_DES_KEY_ONLY", ET_NONE, 0x200200, NEW, T2008,
		  KERBEROS_DES_ONLY, KERBEROS_STEP_SET_AES |
		  KERBEROS_STEP_CLEAR_DES, 0 },
		{ "USE_DES_KEY_ONLY beats RC4 only", 0x04, 0x200200, NEW,
		  T2008, KERBEROS_DES_ONLY, KERBEROS_STEP_SET_AES |
		  KERBEROS_STEP_CLEAR_DES, 0 },
		{ "old password", ET_NONE, 512, OLD, T2008,
		  KERBEROS_NO_AES_KEYS, KERBEROS_STEP_RESET_PASSWORD, 1 },
		{ "old password, AES set", 0x18, 512, OLD, T2008,
		  KERBEROS_NO_AES_KEYS, KERBEROS_STEP_RESET_PASSWORD, 1 },
		{ "password set the same microsecond", ET_NONE, 512, T2008,
		  T2008, KERBEROS_FINE, 0, 0 },
		{ "never set", ET_NONE, 512, NONE, T2008,
		  KERBEROS_KEYS_UNKNOWN, 0, 1 },
		{ "no group time", ET_NONE, 512, NEW, NONE,
		  KERBEROS_KEYS_UNKNOWN, 0, 1 },
		{ "no group time, RC4 only", 0x04, 512, NEW, NONE,
		  KERBEROS_RC4_ONLY, KERBEROS_STEP_SET_AES, 0 },
	};
	struct directory_account	a;
	struct kerberos_verdict		v;
	size_t				i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memset(&a, 0, sizeof a);
		a.enctypes = cases[i].enctypes;
		a.uac = cases[i].uac;
		a.pwd_last_set = cases[i].pwd;
		kerberos_classify(&a, cases[i].since, &v);
		is_str(kerberos_class_code(v.class),
		    kerberos_class_code(cases[i].class), "%s: class",
		    cases[i].what);
		is_int(v.steps, cases[i].steps, "%s: steps", cases[i].what);
		is_int(v.heuristic, cases[i].heuristic, "%s: heuristic",
		    cases[i].what);
	}
}

static void
test_codes(void)
{
	int	 c;

	for (c = 0; c < KERBEROS_NCLASSES; c++)
		is_int(kerberos_class_from_code(kerberos_class_code(c)), c,
		    "code %s reads back", kerberos_class_code(c));
	is_int(kerberos_class_from_code("RC4-only"), -1, "codes are exact");
	is_str(kerberos_class_code(KERBEROS_NCLASSES), "unknown",
	    "an out-of-range class");
	ok(!kerberos_class_needs_step(KERBEROS_FINE) &&
	    kerberos_class_needs_step(KERBEROS_RC4_ONLY) &&
	    kerberos_class_needs_step(KERBEROS_NO_AES_KEYS) &&
	    kerberos_class_needs_step(KERBEROS_KEYS_UNKNOWN) &&
	    !kerberos_class_needs_step(KERBEROS_NO_ACCOUNT),
	    "which classes make a fix not free");
}

static void
test_spn(void)
{
	struct directory		*dir;
	const struct directory_account	*a;
	struct kerberos_verdict		 v;
	char				*cause = NULL;

	static const char *const files[] = {
		"ldap/ldifde-corp-domain.ldf",
		"ldap/ldifde-corp-partitions.ldf",
		"ldap/ldifde-corp-kerberos.ldf",
	};
	size_t				 i;

	/* The LDIF exports of testdata/ldap, as directory --ldif reads. */
	dir = directory_create();
	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		if (directory_ldif_read(dir, testdata(files[i]), &cause) != 0)
			break;
	}
	if (cause == NULL)
		directory_finish(dir, NULL, NULL, &cause);
	if (!ok(cause == NULL, "the ldifde exports read")) {
		diag("%s", cause);
		free(cause);
		directory_free(dir);
		return;
	}
	a = kerberos_classify_spn(dir, "MSSQLSvc/sql01.corp.example:1433", &v);
	ok(a != NULL && strcmp(a->name, "svc-sql") == 0 &&
	    v.class == KERBEROS_RC4_ONLY, "svc-sql: RC4 only");
	a = kerberos_classify_spn(dir, "http/INTRANET.corp.example", &v);
	ok(a != NULL && v.class == KERBEROS_NO_AES_KEYS && v.heuristic,
	    "svc-web: a password from before the group: probably no AES "
	    "keys, a heuristic");
	a = kerberos_classify_spn(dir, "HTTP/scan.corp.example", &v);
	ok(a != NULL && v.class == KERBEROS_DES_ONLY &&
	    (v.steps & KERBEROS_STEP_CLEAR_DES), "svc-scan: DES only");
	a = kerberos_classify_spn(dir, "HTTP/app.corp.example", &v);
	ok(a != NULL && v.class == KERBEROS_FINE, "svc-app: fine");
	a = kerberos_classify_spn(dir, "cifs/fs01.corp.example", &v);
	ok(a != NULL && strcmp(a->name, "FS01$") == 0 &&
	    v.class == KERBEROS_KEYS_UNKNOWN,
	    "FS01 by its host name: no pwdLastSet exported, unknown");
	a = kerberos_classify_spn(dir, "cifs/nas01.corp.example", &v);
	ok(a == NULL && v.class == KERBEROS_NO_ACCOUNT, "an unknown host");
	directory_free(dir);
}

int
main(void)
{
	test_classify();
	test_codes();
	test_spn();
	return (done_testing());
}
