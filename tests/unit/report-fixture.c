/*
 * report-fixture.c: the simulation the report writers' tests share.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exceptions.h"
#include "flows.h"
#include "policy.h"
#include "report-fixture.h"
#include "rules.h"
#include "tap.h"
#include "util.h"
#include "xmalloc.h"

#define DAY	86400000000LL
#define T0	1772323200000000LL	/* 2026-03-01T00:00:00Z */

static const struct sim_computer computers[] = {
	{ .name = "DC1", .dns = "dc1.corp.example", .enabled = 1, .dc = 1,
	    .last_logon = T0 },
	{ .name = "SRV1", .dns = "srv1.corp.example", .enabled = 1, .dc = 0,
	    .last_logon = T0 },
};
static const struct sim_trust trusts[] = {
	{ "PARTNER", "partner.example" }
};
static const struct sim_domain dom = {
	.netbios = "CORP", .dns = "corp.example", .trusts = trusts,
	.ntrusts = 1, .computers = computers, .ncomputers = 2
};
static const char *const paths[] = { "a.flows" };

static void
add(struct flows *fl, const char *server, const char *domain,
    const char *user, const char *ws, const char *proc, uint64_t count,
    int days)
{
	struct flow_key	k;

	memset(&k, 0, sizeof k);
	k.event_id = 8003;
	k.logged_by = server;
	k.server = server;
	k.domain = domain;
	k.user = user;
	k.workstation = ws;
	k.process = proc;
	k.logon_type = 3;
	k.in_proc = 0;
	k.schannel_type = -1;
	k.usage_id = -1;
	flows_add_flow(fl, &k, count, T0, T0 + days * DAY, NULL);
}

int
fixture_init(struct fixture *fx)
{
	struct plan_inputs	 in;
	char			 path[] = "/tmp/t-report-rules.XXXXXX";
	char			*cause = NULL;
	FILE			*f;
	int			 fd;

	memset(fx, 0, sizeof *fx);
	if ((fx->ps = policies_load(testdata("../policies"), &cause)) ==
	    NULL) {
		diag("%s", cause);
		return (-1);
	}
	fx->fl = flows_create();
	add(fx->fl, "srv1.corp.example", "CORP", "<script>alert(1)</script>",
	    "WS\"01,x", "C:\\a|b.exe", 5, 1);
	add(fx->fl, "srv1.corp.example", "CORP", "bob\r\nnew",
	    "=HYPERLINK(\"x\")", "System", 3, 0);
	add(fx->fl, "nas1.other.example", "CORP", "dave", "WS2", NULL, 2, 2);
	add(fx->fl, "dc1.corp.example", "CORP", "carol|pipe", "`tick`",
	    "C:\\Windows\\System32\\lsass.exe", 4, 3);
	add(fx->fl, "srv1.corp.example", "PARTNER", "erin", "WS3", NULL, 1,
	    0);
	flows_sort(fx->fl);
	fx->ex = exceptions_create();
	exceptions_add(fx->ex, "NAS1", "list:1");
	if ((fd = mkstemp(path)) == -1 || (f = fdopen(fd, "w")) == NULL) {
		diag("mkstemp failed");
		return (-1);
	}
	fputs("name remediate ^DC1$ <b>moves</b> to Kerberos\n", f);
	fclose(f);
	fx->rs = rules_load(path, &cause);
	unlink(path);
	if (fx->rs == NULL) {
		diag("%s", cause);
		return (-1);
	}
	memset(&in, 0, sizeof in);
	in.policies = fx->ps;
	in.policy = policies_find(fx->ps, "3");
	in.exceptions = fx->ex;
	in.rules = fx->rs;
	in.names = -1;
	in.audit_level = -1;
	in.generated = 1773500000000000LL;
	in.directory_time = UTIL_TIME_NONE;
	in.flows = paths;
	in.nflows = 1;
	in.directory = "dir.json";
	fx->p = plan_build(fx->fl, &dom, &in);
	return (0);
}

void
fixture_clear(struct fixture *fx)
{
	plan_free(fx->p);
	rules_free(fx->rs);
	exceptions_free(fx->ex);
	flows_free(fx->fl);
	policies_free(fx->ps);
}

char *
fixture_capture(void (*fn)(FILE *, const void *), const void *arg)
{
	char	*buf = NULL;
	size_t	 len;
	FILE	*f;

	f = open_memstream(&buf, &len);
	fn(f, arg);
	fclose(f);
	return (buf);
}
