/*
 * t-pattern.c: the PCRE2 wrapper: regular expressions with and without
 * case, errors with their offset, and name wildcards with every other
 * character literal.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "pattern.h"
#include "tap.h"

int
main(void)
{
	static const struct {
		const char	*wildcard;
		const char	*subject;
		int		 match;
	} wild[] = {
		{ "SRV*", "srv01", 1 },
		{ "*01", "APP01", 1 },
		{ "A*1", "APP01", 1 },
		{ "A*1", "APP02", 0 },
		{ "app01", "APP01", 1 },
		{ "app01", "APP011", 0 },
		{ "app01", "XAPP01", 0 },
		{ "a.b", "a.b", 1 },
		{ "a.b", "axb", 0 },
		{ "a+b", "a+b", 1 },
		{ "a+b", "aab", 0 },
		{ "(x)*", "(x)yz", 1 },
		{ "[ab]", "a", 0 },
		{ "[ab]", "[ab]", 1 },
		{ "a$b^", "A$B^", 1 },
		{ "a{2}", "aa", 0 },
		{ "a\\d", "a\\d", 1 },
		{ "*.corp.example", "srv1.corp.example", 1 },
		{ "*.corp.example", "srv1.corp.example.evil", 0 },
		{ "srv\xc3\xa9*", "SRV\xc3\x89" "1", 1 },
	};
	struct pattern	*p;
	static char	 longv[PATTERN_SUBJECT_MAX + 2];
	char		*cause = NULL, subject[64];
	size_t		 i;

	for (i = 0; i < sizeof wild / sizeof wild[0]; i++) {
		p = pattern_create_wildcard(wild[i].wildcard, &cause);
		ok(p != NULL && pattern_match(p, wild[i].subject) ==
		    wild[i].match, "wildcard %s %s %s", wild[i].wildcard,
		    wild[i].match ? "matches" : "does not match",
		    wild[i].subject);
		pattern_free(p);
	}
	p = pattern_create("^svc-\\d+$", PATTERN_CASELESS, &cause);
	ok(p != NULL && pattern_match(p, "SVC-12") &&
	    !pattern_match(p, "svc-x"), "caseless regular expression");
	ok(p != NULL && !pattern_match(p, NULL), "NULL is matched as \"\"");
	pattern_free(p);
	p = pattern_create("^$", 0, &cause);
	ok(p != NULL && pattern_match(p, NULL), "NULL matches ^$");
	pattern_free(p);
	p = pattern_create("^abc$", 0, &cause);
	ok(p != NULL && !pattern_match(p, "ABC") && pattern_match(p, "abc"),
	    "case-sensitive regular expression");
	pattern_free(p);
	p = pattern_create("scan", PATTERN_CASELESS, &cause);
	ok(p != NULL && pattern_match(p, "vuln-SCANNER"), "unanchored");
	pattern_free(p);
	ok(pattern_create("a(b", 0, &cause) == NULL && cause != NULL &&
	    strncmp(cause, "offset 3: ", 10) == 0, "error with its offset");
	free(cause);
	cause = NULL;
	ok(pattern_create("x{2,1}", 0, &cause) == NULL && cause != NULL,
	    "bad quantifier refused");
	free(cause);
	pattern_free(NULL);

	/* A catastrophic pattern hits the match limit: an error, said. */
	memset(subject, 'a', sizeof subject - 2);
	subject[sizeof subject - 2] = '!';
	subject[sizeof subject - 1] = '\0';
	p = pattern_create("(a+)+$", 0, &cause);
	ok(p != NULL && pattern_exec(p, subject) == -1 &&
	    strstr(pattern_error(p), "limit") != NULL,
	    "backtracking stops at a limit, with a message");
	if (p != NULL)
		diag("%s", pattern_error(p));
	ok(p != NULL && pattern_exec(p, "aaa") == 1,
	    "the same pattern still matches a short subject");
	pattern_free(p);
	/* A subject PCRE2 refuses is an error, not "no match". */
	p = pattern_create("x", 0, &cause);
	ok(p != NULL && pattern_exec(p, "\xff") == -1 &&
	    pattern_match(p, "\xff") == 0 &&
	    strstr(pattern_error(p), "UTF-8") != NULL,
	    "invalid UTF-8 subject: an error with PCRE2's message");
	pattern_free(p);
	/*
	 * A value past PATTERN_SUBJECT_MAX is an error, not "no match", and
	 * never a match: a possessive run the match limit does not count
	 * ("(?:a+).*+b") took 16 s on 4 KiB, once at each start position.
	 */
	memset(longv, 'a', sizeof longv - 1);
	longv[sizeof longv - 1] = '\0';
	p = pattern_create("(?:a+).*+b|a", 0, &cause);
	ok(p != NULL && pattern_exec(p, longv + 1) == 1,
	    "a value of PATTERN_SUBJECT_MAX bytes is matched");
	ok(p != NULL && pattern_exec(p, longv) == -1 &&
	    !pattern_match(p, longv) &&
	    strstr(pattern_error(p), "longer than") != NULL,
	    "a longer value: an error with a message, no match");
	pattern_free(p);
	return (done_testing());
}
