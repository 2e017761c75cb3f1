/*
 * t-changes.c: unit tests of changes.c: the shipped policies/changes.data
 * (its changes, their order and where they stand at a plan's time), and
 * every way a changes file is refused, with its file:line.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "changes.h"
#include "tap.h"
#include "util.h"

static int64_t
at(const char *s)
{
	int64_t	 t;

	if (util_time_parse(s, &t) != 0)
		abort();
	return (t);
}

static void
test_shipped(void)
{
	static const char *const names[] = { "rc4-audit", "rc4-aes-default",
	    "rc4-enforce", "ntlmv1-sso-enforce", "ntlm-off-by-default" };
	static const char *const dec[] = { "in-force", "in-force",
	    "in-force", "may-be-in-force", "not-dated" };
	static const char *const march[] = { "in-force", "coming", "coming",
	    "coming", "not-dated" };
	struct changes	*cs;
	char		*cause = NULL, path[4096], buf[32];
	size_t		 i;

	snprintf(path, sizeof path, "%s", testdata(""));
	snprintf(path + strlen(path) - strlen("testdata/"),
	    sizeof path - strlen(path), "policies");
	cs = changes_load(changes_path(path), &cause);
	if (!ok(cs != NULL, "policies/changes.data loads")) {
		diag("%s", cause);
		free(cause);
		return;
	}
	is_int((long long)cs->n, 5, "five changes");
	for (i = 0; i < cs->n && i < 5; i++) {
		is_str(cs->v[i].name, names[i], "change %zu by date", i);
		is_str(changes_state_code(changes_state(&cs->v[i],
		    at("2026-12-05T00:00:00Z"))), dec[i],
		    "%s as of December 2026", names[i]);
		is_str(changes_state_code(changes_state(&cs->v[i],
		    at("2026-03-16T00:00:00Z"))), march[i],
		    "%s as of March 2026", names[i]);
		ok(cs->v[i].source != NULL && cs->v[i].what != NULL &&
		    cs->v[i].url != NULL, "%s: what, source, url", names[i]);
	}
	if (cs->n == 5) {
		is_str(changes_date_format(cs->v[0].date, cs->v[0].precision,
		    buf, sizeof buf), "2026-01-13", "a day");
		is_str(changes_date_format(cs->v[1].date, cs->v[1].precision,
		    buf, sizeof buf), "2026-04", "a month");
		is_str(changes_date_format(cs->v[4].date, cs->v[4].precision,
		    buf, sizeof buf), "none", "no date");
		is_str(changes_date_format(cs->v[4].announced,
		    cs->v[4].announced_precision, buf, sizeof buf), "2026-01",
		    "announced in January 2026");
		is_str(changes_status_code(cs->v[3].status), "unconfirmed",
		    "BlockNtlmv1SSO's date is not confirmed");
		is_str(changes_affects_code(cs->v[0].affects), "kerberos",
		    "RC4 affects Kerberos fixes");
		is_str(cs->v[0].kb, "KB5073381", "the KB");
		is_str(cs->v[0].cve, "CVE-2026-20833", "the CVE");
		is_str(changes_state_code(changes_state(&cs->v[1],
		    at("2026-04-01T00:00:00Z"))), "in-force",
		    "a month's change counts from its first day");
		is_str(changes_state_code(changes_state(&cs->v[1],
		    at("2026-03-31T23:59:59Z"))), "coming",
		    "and not before");
	}
	changes_free(cs);
	changes_free(NULL);
}

#define GOOD "[change a]\ndate = 2026-01-13\nstatus = confirmed\n" \
	"affects = ntlm\nwhat = w\nsource = s\n"

static void
test_refused(void)
{
	static const struct {
		const char	*text;
		const char	*error;		/* NULL: loads */
	} cases[] = {
		{ GOOD, NULL },
		{ "# only a comment\n\n" GOOD "url = https://x\n", NULL },
		{ "", ":0: no change" },
		{ "date = 2026-01-13\n", ":1: a key before any [change NAME]" },
		{ "[rule a]\n", ":1: not a [change NAME] header" },
		{ "[change a b]\n", ":1: a change's name is one word" },
		{ GOOD GOOD, ":7: a change of that name already" },
		{ GOOD "what = again\n", ":7: key given twice" },
		{ GOOD "colour = blue\n", ":7: unknown key" },
		{ GOOD "nothing here\n", ":7: not key = value" },
		{ GOOD "url = http://x\n", ":7: url is not https://" },
		{ "[change a]\ndate = 2026-02-30\n", ":2: date is not" },
		{ "[change a]\ndate = 2026-13\n", ":2: date is not" },
		{ "[change a]\ndate = 26-01-13\n", ":2: date is not" },
		{ "[change a]\ndate = soon\n", ":2: date is not" },
		{ "[change a]\nstatus = likely\n", ":2: status is not" },
		{ "[change a]\naffects = smb\n", ":2: affects is not" },
		{ "[change a]\ndate = 2026-01\n", ":1: date, status, affects" },
		{ "[change a]\ndate = none\nstatus = confirmed\naffects = ntlm\n"
		  "what = w\nsource = s\n",
		  ":1: only an announced change may have no date" },
		{ "[change a]\ndate = none\nstatus = announced\naffects = ntlm\n"
		  "what = w\nsource = s\n[change b]\n",
		  ":7: date, status, affects" },
		{ "[change a]\ndate = 2026-01\nstatus = confirmed\n"
		  "affects = ntlm\nwhat =\nsource = s\n",
		  ":1: what and source may not be empty" },
	};
	struct changes	*cs;
	char		 path[] = "/tmp/t-changes.XXXXXX", *cause;
	FILE		*f;
	size_t		 i;
	int		 fd;

	if ((fd = mkstemp(path)) == -1)
		abort();
	close(fd);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		f = fopen(path, "w");
		fputs(cases[i].text, f);
		fclose(f);
		cause = NULL;
		cs = changes_load(path, &cause);
		if (cases[i].error == NULL)
			ok(cs != NULL, "case %zu loads", i);
		else
			ok(cs == NULL && cause != NULL &&
			    strstr(cause, cases[i].error) != NULL,
			    "case %zu: %s", i, cases[i].error);
		if (cause != NULL && cases[i].error != NULL &&
		    strstr(cause, cases[i].error) == NULL)
			diag("got: %s", cause);
		changes_free(cs);
		free(cause);
	}
	unlink(path);
	cs = changes_load(path, &cause);
	ok(cs == NULL && strstr(cause, "No such file") != NULL,
	    "a missing file");
	free(cause);
}

int
main(void)
{
	test_shipped();
	test_refused();
	return (done_testing());
}
