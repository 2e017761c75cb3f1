/*
 * t-rules.c: the site rules file: syntax, first match wins, hit counts.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pattern.h"
#include "rules.h"
#include "tap.h"
#include "util.h"
#include "xmalloc.h"

static char *
write_rules(const char *text)
{
	static char	path[64];
	FILE		*f;

	snprintf(path, sizeof path, "/tmp/t-rules.XXXXXX");
	f = fdopen(mkstemp(path), "w");
	fputs(text, f);
	fclose(f);
	return (path);
}

int
main(void)
{
	static const struct {
		const char	*text;
		const char	*error;
	} bad[] = {
		{ "user ignore\n", ":1: expected FIELD ACTION PATTERN REASON" },
		{ "user ignore ^x$\n", ":1: expected" },
		{ "# c\ncolour ignore x why\n", ":2: unknown field: colour" },
		{ "user drop x why\n",
		  ":1: action must be ignore, remediate or fixed" },
		{ "user ignore a(b why\n", ":1: pattern a(b: offset" },
	};
	struct rules		*rs;
	const struct rule	*r;
	const char		*v[RULES_FIELD__COUNT];
	char			*path, *cause = NULL, *big;
	char			 long_user[PATTERN_SUBJECT_MAX + 1];
	size_t			 i;

	path = write_rules("# site rules\n\n"
	    "user ignore ^scan\\d+$ vulnerability scanner\n"
	    "name remediate ^WEB(1|2)$   IIS moves to Kerberos  \n"
	    "server_class ignore ^non-domain$ lab machines\n"
	    "process ignore never matched\n");
	rs = rules_load(path, &cause);
	unlink(path);
	ok(rs != NULL, "rules load");
	if (rs == NULL) {
		diag("%s", cause);
		return (done_testing());
	}
	is_int(rules_count(rs), 4, "four rules");
	r = rules_get(rs, 1);
	ok(r->line == 4 && r->field == RULES_NAME &&
	    r->action == RULES_REMEDIATE, "line, field, action");
	is_str(r->reason, "IIS moves to Kerberos", "reason trimmed");
	ok(rules_uses(rs, RULES_USER) && !rules_uses(rs, RULES_DOMAIN),
	    "fields used");
	memset(v, 0, sizeof v);
	v[RULES_USER] = "SCAN01";
	v[RULES_NAME] = "WEB1";
	v[RULES_SERVER_CLASS] = "domain";
	r = rules_match(rs, v, 5);
	ok(r != NULL && r->line == 3, "first matching rule wins, caseless");
	v[RULES_USER] = "alice";
	r = rules_match(rs, v, 2);
	ok(r != NULL && r->line == 4, "name rule");
	v[RULES_NAME] = "WEB3";
	ok(rules_match(rs, v, 1) == NULL, "no rule");
	v[RULES_SERVER_CLASS] = "non-domain";
	ok(rules_match(rs, v, 1) != NULL, "class rule");
	is_int(rules_get(rs, 0)->flows, 1, "hits: flows");
	is_int(rules_get(rs, 0)->events, 5, "hits: events");
	is_int(rules_get(rs, 3)->flows, 0, "unused rule: no hits");
	rules_clear_hits(rs);
	ok(rules_get(rs, 0)->flows == 0 && rules_get(rs, 0)->events == 0 &&
	    rules_get(rs, 1)->flows == 0, "hits cleared");
	rules_free(rs);

	path = write_rules("user fixed ^svc-monitor$ monitoring moves to "
	    "Kerberos\n");
	rs = rules_load(path, &cause);
	unlink(path);
	ok(rs != NULL && rules_get(rs, 0)->action == RULES_FIXED &&
	    strcmp(rules_action_name(RULES_FIXED), "fixed") == 0,
	    "action fixed");
	rules_free(rs);

	/*
	 * A catastrophic pattern stops at PCRE2's limits (a warning, counted
	 * as no match): the next rule is still tried.  Events saturate.
	 */
	path = write_rules("user ignore ^(a|aa)+$ catastrophic\n"
	    "user ignore ! the subject's last character\n");
	rs = rules_load(path, &cause);
	unlink(path);
	ok(rs != NULL, "catastrophic rule loads");
	if (rs != NULL) {
		memset(long_user, 'a', sizeof long_user - 2);
		long_user[sizeof long_user - 2] = '!';
		long_user[sizeof long_user - 1] = '\0';
		memset(v, 0, sizeof v);
		v[RULES_USER] = long_user;
		r = rules_match(rs, v, UINT64_MAX);
		ok(r != NULL && r->line == 2,
		    "limit hit: the next rule matches");
		r = rules_match(rs, v, UINT64_MAX);
		ok(r != NULL && r->events == UTIL_COUNT_MAX,
		    "a rule's events saturate instead of wrapping");
		is_int(rules_get(rs, 0)->flows, 0, "limit hit: no hits");
		rules_free(rs);
	}
	/* A value past the patterns' cap matches no rule: it stays. */
	path = write_rules("user ignore . anything\n");
	rs = rules_load(path, &cause);
	unlink(path);
	if (rs != NULL) {
		big = xmalloc(PATTERN_SUBJECT_MAX + 2);
		memset(big, 'a', PATTERN_SUBJECT_MAX + 1);
		big[PATTERN_SUBJECT_MAX + 1] = '\0';
		memset(v, 0, sizeof v);
		v[RULES_USER] = big;
		ok(rules_match(rs, v, 1) == NULL,
		    "a value past PATTERN_SUBJECT_MAX: no rule matches");
		big[PATTERN_SUBJECT_MAX] = '\0';
		ok(rules_match(rs, v, 1) != NULL, "one byte shorter: it does");
		free(big);
		rules_free(rs);
	} else
		ok(0, "rule loads");

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cause = NULL;
		path = write_rules(bad[i].text);
		rs = rules_load(path, &cause);
		unlink(path);
		ok(rs == NULL && cause != NULL &&
		    strstr(cause, bad[i].error) != NULL, "refused: %s",
		    bad[i].error);
		if (cause != NULL && strstr(cause, bad[i].error) == NULL)
			diag("got: %s", cause);
		free(cause);
	}
	return (done_testing());
}
