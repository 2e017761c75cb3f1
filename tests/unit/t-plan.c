/*
 * t-plan.c: the property of the plan, on random small domains and events
 * (trusts, UPNs, odd spellings of the domain, short names and names from
 * another DNS domain, hostile names, trust channels, Security 4624 logons,
 * lists in force with wildcards and FQDNs): when plan_build says the
 * planned level is ready, every flow that level denies by the documented
 * rules (ntlmplan-events(7), SIMULATION; ntlmplan-plan(5)) is covered by the
 * list written, and the list names no server without a denied flow.
 *
 * A third of the cases (INGEST_EVERY) go through the reading path
 * instead: their events are written as exports (wevtutil XML, a saved
 * ForwardedEvents log with RenderingInfo, Winlogbeat and evtx_dump JSON
 * Lines, PowerShell JSON in UTF-8 or UTF-16LE), each file holding several
 * hosts' records with their own Computer, Channel and EventRecordID as a
 * collector's or a SIEM's export does, and read with ingest_inputs as plan
 * reads them.  The same events are then given again: the same file twice,
 * a copy in another format, a file that overlaps the others in records
 * (some of them twice in it), or the folder holding all of them.  A record
 * counts once (ntlmplan-events(7), Record ids): the flows hold as many
 * events as distinct (Computer, Channel, EventRecordID) were written, every
 * copy is counted as duplicate, each host's log holds the ids written and
 * has lost those skipped (rollover), and the plan from the inputs given
 * again is the plan from the inputs given once (verdict, blockers, list,
 * counts).
 *
 * The oracle below is written from those pages, not from simulate.c.  A
 * failing case prints its seed: T_PLAN_SEED=N runs that case alone, and
 * T_PLAN_CASES=N runs N cases.  With T_PLAN_SEED, T_PLAN_KEEP=1 keeps the
 * files the case read and names their folder.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "exceptions.h"
#include "flows.h"
#include "gen-events.h"
#include "hostname.h"
#include "ingest.h"
#include "plan.h"
#include "policy.h"
#include "simulate.h"
#include "tap.h"
#include "util.h"

#define CASES		2000
/*
 * The cases read from exports: one in three, one in nine under
 * AddressSanitizer, where each reader's 1 MiB window is a fresh mapping
 * (22 s of CPU for one in three, 2 s for the whole test before): the same
 * seeds either way, so a failing one runs alike in both builds.
 */
#if defined(__SANITIZE_ADDRESS__)
#define INGEST_EVERY	9
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define INGEST_EVERY	9
#endif
#endif
#ifndef INGEST_EVERY
#define INGEST_EVERY	3
#endif
#define MAXFLOWS	12
#define MAXEVENTS	(MAXFLOWS * 4)
#define MAXFILES	8
#define MAXENTRIES	3
#define DAY		86400000000LL
#define T0		1772323200000000LL	/* 2026-03-01T00:00:00Z */

static struct policies	*ps;

/* xorshift64*: the cases are the same on every machine. */
static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return (*s * 2685821657736338717ULL);
}

static size_t
pick(uint64_t *s, size_t n)
{
	return ((size_t)(rnd(s) % n));
}

/* The directory of every case: CORP (corp.example), two trusts. */
static const struct sim_trust trusts[] = {
	{ "PARTNER", "partner.example" },
	{ "CHILD", "child.corp.example" }
};
static const char *const upn_suffixes[] = { "corp-mail.example" };
static const struct sim_computer computers[] = {
	{ .name = "DC1", .dns = "dc1.corp.example", .enabled = 1, .dc = 1,
	    .last_logon = T0 },
	{ .name = "SRV1", .dns = "srv1.corp.example", .enabled = 1,
	    .last_logon = T0 },
	{ .name = "SRV2", .dns = "srv2.corp.example", .enabled = 1,
	    .last_logon = T0 },
	{ .name = "APP1", .dns = NULL, .enabled = 1, .last_logon = T0 },
	{ .name = "NAS1", .dns = "nas1.corp.example", .enabled = 1,
	    .last_logon = T0 }
};
#define NCOMPUTERS	(sizeof computers / sizeof computers[0])

/* Server names as events write them. */
static const char *const servers[] = {
	"srv1.corp.example", "SRV1", "SRV2.CORP.EXAMPLE", "app1.corp.example",
	"APP1", "nas1.corp.example", "dc1.corp.example", "srv9.corp.example",
	"SRV11", "srv12.dmz.example", "files.partner.example",
	"web.child.corp.example", "APP02,*", "x\r\ny", "*", "srv 13"
};
static const char *const sec_servers[] = {
	"srv1.corp.example", "SRV2", "nas1.corp.example", "dc1.corp.example"
};
static const char *const domains[] = {
	"CORP", "corp", "corp.example", "CORP.EXAMPLE.", "PARTNER",
	"partner.example", "CHILD", "EVIL", "-", ".", "(NULL)", ""
};
static const char *const users[] = {
	"alice", "bob", "alice@corp.example", "bob@CORP.EXAMPLE.",
	"carol@partner.example", "dave@corp-mail.example", "eve@evil.example",
	"ANONYMOUS LOGON", "-", "admin"
};
static const char *const entries[] = {
	"SRV1", "srv2", "srv1.corp.example", "SRV*", "*.corp.example", "APP1",
	"NAS*", "SRV11", "srv12.dmz.example", "files"
};

/* One generated flow, as the oracle sees it. */
struct gen_flow {
	int		 id;		/* 8003, 8004 or 4624 */
	const char	*server;	/* as seen */
	const char	*domain;
	const char	*user;
	int		 schannel;	/* 8004: 2, 3, 4, 6 or -1 */
	int		 logon;		/* 4624: 2 or 3 */
};

/* --- The oracle, from the manual pages. --- */

static int
o_null(const char *s)
{
	return (s == NULL || *s == '\0' || strcmp(s, "-") == 0 ||
	    strcasecmp(s, "(NULL)") == 0 || strcasecmp(s, "NULL") == 0);
}

/* Equal domain names: case-insensitive, a trailing dot ignored. */
static int
o_same(const char *a, const char *b)
{
	size_t	la = strlen(a), lb = strlen(b);

	while (la > 0 && a[la - 1] == '.')
		la--;
	while (lb > 0 && b[lb - 1] == '.')
		lb--;
	return (la > 0 && la == lb && strncasecmp(a, b, la) == 0);
}

enum o_account { O_DOMAIN, O_TRUSTED, O_LOCAL, O_ANONYMOUS, O_UNKNOWN };

static enum o_account
o_domain(const char *d)
{
	if (o_same(d, "CORP") || o_same(d, "corp.example"))
		return (O_DOMAIN);
	if (o_same(d, "PARTNER") || o_same(d, "partner.example") ||
	    o_same(d, "CHILD") || o_same(d, "child.corp.example"))
		return (O_TRUSTED);
	return (O_UNKNOWN);
}

static enum o_account
o_account(const struct gen_flow *g, const char *netbios)
{
	const char	*at;

	if (o_null(g->user) || strcasecmp(g->user, "ANONYMOUS LOGON") == 0)
		return (O_ANONYMOUS);
	if (!o_null(g->domain) && o_domain(g->domain) != O_UNKNOWN)
		return (o_domain(g->domain));
	if (!o_null(g->domain) && netbios != NULL &&
	    strcasecmp(g->domain, netbios) == 0)
		return (O_LOCAL);
	if ((at = strrchr(g->user, '@')) != NULL) {
		if (o_domain(at + 1) != O_UNKNOWN)
			return (o_domain(at + 1));
		if (o_same(at + 1, "corp-mail.example"))
			return (O_DOMAIN);
	}
	return (O_UNKNOWN);
}

/* A name a list can hold: letters, digits, '-', '_', dots between. */
static int
o_valid(const char *s)
{
	size_t	i, n = strlen(s);

	if (n == 0 || s[0] == '.' || s[n - 1] == '.' || strstr(s, "..") !=
	    NULL)
		return (0);
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && strchr("-_.", s[i]) ==
		    NULL)
			return (0);
	return (1);
}

/* The server of a flow: its NetBIOS name, class, and whether refused. */
struct o_server {
	char		 netbios[64];
	int		 domain;	/* a server of this domain */
	int		 dc;
	int		 refused;
	int		 trust;		/* a trust channel: no server */
};

static int
o_under(const char *d, const char *parent)
{
	size_t	l = strlen(d), p = strlen(parent);

	return (o_same(d, parent) || (l > p && d[l - p - 1] == '.' &&
	    strcasecmp(d + l - p, parent) == 0));
}

static void
o_server(const struct gen_flow *g, struct o_server *o)
{
	const char	*s = g->server, *dot = strchr(s, '.');
	size_t		 i, len;

	memset(o, 0, sizeof *o);
	if (g->id == 8004 && (g->schannel == 3 || g->schannel == 4)) {
		o->trust = 1;
		return;
	}
	for (i = 0; i < NCOMPUTERS; i++) {
		len = strcspn(s, ".");
		if ((computers[i].dns != NULL &&
		    strcasecmp(computers[i].dns, s) == 0) ||
		    (dot == NULL && strcasecmp(computers[i].name, s) == 0) ||
		    (dot != NULL && o_same(dot + 1, "corp.example") &&
		    strlen(computers[i].name) == len &&
		    strncasecmp(computers[i].name, s, len) == 0)) {
			snprintf(o->netbios, sizeof o->netbios, "%s",
			    computers[i].name);
			o->domain = 1;
			o->dc = computers[i].dc;
			return;
		}
	}
	if (!o_valid(s)) {
		o->refused = 1;
		o->domain = 1;	/* never proven outside */
		return;
	}
	len = strcspn(s, ".");
	for (i = 0; i < len && i < sizeof o->netbios - 1; i++)
		o->netbios[i] = (char)toupper((unsigned char)s[i]);
	/*
	 * Not in the directory: only an FQDN in a trusted domain's DNS name
	 * proves a server outside; what the plan cannot place counts as a
	 * server of this domain.
	 */
	o->domain = dot == NULL || (!o_under(dot + 1, "partner.example") &&
	    !o_under(dot + 1, "child.corp.example"));
}

/* Whether level blocks the flow (before exceptions). */
static int
o_blocked(long level, const struct gen_flow *g, const struct o_server *o,
    enum o_account a)
{
	int	dom, srv;

	if (g->id == 4624 && (g->logon != 3 || o->dc))
		return (0);
	if (a == O_LOCAL || a == O_ANONYMOUS)
		return (0);
	dom = a == O_DOMAIN || a == O_UNKNOWN;
	srv = !o->trust && o->domain;
	switch (level) {
	case 1:
		return (dom && srv);
	case 3:
		return (dom);
	case 5:
		return (srv);
	default:
		return (dom || srv);
	}
}

/* --- The generator. --- */

static void
gen_flow(uint64_t *s, struct gen_flow *g)
{
	static const int ids[] = { 8003, 8003, 8003, 8004, 8004, 4624 };
	static const int types[] = { 2, 2, 3, 4, 6, -1 };

	memset(g, 0, sizeof *g);
	g->id = ids[pick(s, 6)];
	g->server = servers[pick(s, sizeof servers / sizeof servers[0])];
	g->domain = domains[pick(s, sizeof domains / sizeof domains[0])];
	g->user = users[pick(s, sizeof users / sizeof users[0])];
	g->schannel = g->id == 8004 ? types[pick(s, 6)] : -1;
	g->logon = g->id == 4624 ? (pick(s, 4) == 0 ? 2 : 3) : -1;
	/* A local account: the server's own name. */
	if (pick(s, 8) == 0 && strcasecmp(g->user, "admin") == 0)
		g->domain = "SRV1";
	/* 4624 only on computers of the directory. */
	if (g->id == 4624)
		g->server = sec_servers[pick(s, 4)];
}

static void
add_flow(struct flows *fl, const struct gen_flow *g, int i)
{
	struct flow_key	k;

	memset(&k, 0, sizeof k);
	k.event_id = g->id;
	k.server = g->server;
	k.logged_by = g->id == 8004 ? "dc1.corp.example" : g->server;
	k.domain = g->domain;
	k.user = g->user;
	k.workstation = i % 2 ? "WS01" : "WS02";
	k.process = "System";
	k.logon_type = g->logon;
	k.in_proc = -1;
	k.schannel_type = g->schannel;
	k.usage_id = -1;
	/* Forty days of evidence on every host. */
	flows_add_flow(fl, &k, 1 + (uint64_t)i, T0, T0 + 40 * DAY, NULL);
	flows_add_flow(fl, &k, 1, T0 + 40 * DAY, T0 + 40 * DAY, NULL);
}

/* --- The same flows as exports, read through the ingest path. --- */

static char	 tmpdir[64];
static int	 keep;		/* T_PLAN_KEEP: the files stay */

/* Security 4624, as a network logon with NTLM writes it. */
static const struct {
	const char	*name;
	const char	*value;
	char		 kind;
} layout_4624[] = {
	{ "SubjectUserSid", "S-1-0-0", 's' },
	{ "SubjectUserName", "-", 's' },
	{ "SubjectDomainName", "-", 's' },
	{ "SubjectLogonId", "0x0", 's' },
	{ "TargetUserSid", "S-1-0-0", 's' },
	{ "TargetUserName", NULL, 's' },
	{ "TargetDomainName", NULL, 's' },
	{ "TargetLogonId", "0x3e1f2a", 's' },
	{ "LogonType", NULL, 'n' },
	{ "LogonProcessName", "NtLmSsp ", 's' },
	{ "AuthenticationPackageName", "NTLM", 's' },
	{ "WorkstationName", NULL, 's' },
	{ "LogonGuid", "{00000000-0000-0000-0000-000000000000}", 's' },
	{ "TransmittedServices", "-", 's' },
	{ "LmPackageName", "NTLM V2", 's' },
	{ "KeyLength", "128", 'n' },
	{ "ProcessId", "0x0", 's' },
	{ "ProcessName", "-", 's' },
	{ "IpAddress", "10.0.0.21", 's' },
	{ "IpPort", "49711", 's' },
	{ "ImpersonationLevel", "%%1833", 's' },
	{ "RestrictedAdminMode", "-", 's' },
	{ "TargetOutboundUserName", "-", 's' },
	{ "TargetOutboundDomainName", "-", 's' },
	{ "VirtualAccount", "%%1843", 's' },
	{ "TargetLinkedLogonId", "0x0", 's' },
	{ "ElevatedToken", "%%1842", 's' }
};
#define N4624	(sizeof layout_4624 / sizeof layout_4624[0])

static void
ev_field(struct gen_event *e, const char *name, const char *value, char kind)
{
	e->names[e->nfields] = name;
	e->values[e->nfields] = value;
	e->kinds[e->nfields++] = kind;
}

/* The record of one event of flow g, at time t, without its record id. */
static void
ev_make(struct gen_event *e, const struct gen_flow *g, int i, int64_t t)
{
	static const char *const num[] = { "0", "1", "2", "3", "4", "5", "6" };
	const char	*ws = i % 2 ? "WS01" : "WS02";
	size_t		 k;

	memset(e, 0, sizeof *e);
	e->id = g->id;
	e->time = t;
	switch (g->id) {
	case 8003:
		e->provider = "Microsoft-Windows-NTLM";
		e->channel = "Microsoft-Windows-NTLM/Operational";
		e->computer = g->server;
		ev_field(e, "UserName", g->user, 's');
		ev_field(e, "DomainName", g->domain, 's');
		ev_field(e, "Workstation", ws, 's');
		ev_field(e, "CallerPID", "4", 'n');
		ev_field(e, "ProcessName", "System", 's');
		ev_field(e, "LogonType", "3", 'n');
		ev_field(e, "InProc", "false", 'b');
		ev_field(e, "MechanismOID", "(NULL)", 's');
		break;
	case 8004:
		e->provider = "Microsoft-Windows-Security-Netlogon";
		e->channel = "Microsoft-Windows-NTLM/Operational";
		e->computer = "dc1.corp.example";
		ev_field(e, "SChannelName", g->server, 's');
		ev_field(e, "UserName", g->user, 's');
		ev_field(e, "DomainName", g->domain, 's');
		ev_field(e, "WorkstationName", i % 2 ? "\\\\WS01" : "\\\\WS02",
		    's');
		/* No type: an export that lost the value. */
		if (g->schannel >= 0)
			ev_field(e, "SChannelType", num[g->schannel], 'n');
		else
			ev_field(e, "SChannelType", "", 's');
		break;
	default:
		e->provider = "Microsoft-Windows-Security-Auditing";
		e->channel = "Security";
		e->computer = g->server;
		for (k = 0; k < N4624; k++)
			ev_field(e, layout_4624[k].name, layout_4624[k].value,
			    layout_4624[k].kind);
		e->values[5] = g->user;
		e->values[6] = g->domain;
		e->values[8] = num[g->logon];
		e->values[11] = ws;
		break;
	}
}

static int
ev_compare(const void *a, const void *b)
{
	const struct gen_event	*x = *(const struct gen_event *const *)a;
	const struct gen_event	*y = *(const struct gen_event *const *)b;

	if (x->time != y->time)
		return (x->time < y->time ? -1 : 1);
	return (x < y ? -1 : x > y);
}

/* A log (Computer, Channel) as written: the ids it holds and lost. */
struct gen_log {
	const char	*computer;
	const char	*channel;
	uint64_t	 next;
	uint64_t	 held;
	uint64_t	 lost;
};

/*
 * The events of flows g[0..n): two to four each, the first in the first
 * day and the last in the fortieth, as add_flow's; sorted by time, and
 * numbered in each log (Computer, Channel) from a base of its own, one by
 * one, as a host numbers its records; now and then the next id jumps, as
 * when records were lost to rollover between two exports.
 */
static size_t
ev_generate(uint64_t *s, const struct gen_flow *g, size_t n,
    struct gen_event *ev, struct gen_event **sorted, struct gen_log *logs,
    size_t *nlogsp)
{
	size_t		 i, j, c, nev = 0, nlogs = 0;
	uint64_t	 skip;
	int64_t		 t;

	for (i = 0; i < n; i++) {
		c = 2 + pick(s, 3);
		for (j = 0; j < c; j++) {
			if (j == 0)
				t = T0 + (int64_t)(rnd(s) % DAY);
			else if (j == c - 1)
				t = T0 + 39 * DAY + (int64_t)(rnd(s) % DAY);
			else
				t = T0 + (int64_t)(rnd(s) % (40 * DAY));
			ev_make(&ev[nev], &g[i], (int)i, t);
			sorted[nev] = &ev[nev];
			nev++;
		}
	}
	qsort(sorted, nev, sizeof *sorted, ev_compare);
	for (i = 0; i < nev; i++) {
		for (j = 0; j < nlogs; j++)
			if (strcasecmp(logs[j].computer,
			    sorted[i]->computer) == 0 &&
			    strcmp(logs[j].channel, sorted[i]->channel) == 0)
				break;
		if (j == nlogs) {
			memset(&logs[j], 0, sizeof logs[j]);
			logs[j].computer = sorted[i]->computer;
			logs[j].channel = sorted[i]->channel;
			logs[j].next = 1000 * (1 + (uint64_t)pick(s, 100000));
			nlogs++;
		} else if (pick(s, 8) == 0) {
			skip = 1 + pick(s, 50);
			logs[j].next += skip;
			logs[j].lost += skip;
		}
		sorted[i]->record_id = logs[j].next++;
		logs[j].held++;
	}
	*nlogsp = nlogs;
	return (nev);
}

/* The inputs of an ingest case: given once, and given again. */
struct inputs {
	char		*once[MAXFILES];
	int		 nonce;
	char		*again[MAXFILES + 2];
	int		 nagain;
	char		*files[MAXFILES];	/* to remove */
	size_t		 nfiles;
	uint64_t	 records;		/* written, in again */
};

static const char *const ext[] = {
	"xml", "xml", "jsonl", "jsonl", "json", "json"
};

/* Write ev[0..n) to a new file of a random format; its path. */
static char *
inputs_write(uint64_t *s, struct inputs *in, struct gen_event *const *ev,
    size_t n)
{
	enum gen_events_format	 f = (enum gen_events_format)pick(s,
				    GEN_EVENTS_NFORMATS);
	char			*path;

	if (asprintf(&path, "%s/%c%zu.%s", tmpdir, 'a' + (int)pick(s, 26),
	    in->nfiles, ext[f]) < 0)
		abort();
	if (gen_events_write(path, f, (const struct gen_event *const *)ev,
	    n) != 0) {
		diag("%s: cannot write", path);
		abort();
	}
	in->files[in->nfiles++] = path;
	return (path);
}

/*
 * The events sorted[0..nev) written once over one to three files, each
 * holding any hosts' records; then one or two more of: a file given twice,
 * a copy of one in another format, a file overlapping the others (some of
 * its records twice).  Given again as the list of files or as the folder.
 */
static void
inputs_make(uint64_t *s, struct inputs *in, struct gen_event **sorted,
    size_t nev)
{
	struct gen_event	*part[MAXFILES][MAXEVENTS * 2];
	size_t			 npart[MAXFILES];
	size_t			 i, k, nb, nx, x;
	int			 folder;

	memset(in, 0, sizeof *in);
	memset(npart, 0, sizeof npart);
	if ((nb = 1 + pick(s, 3)) > nev)
		nb = nev;
	for (i = 0; i < nev; i++) {
		k = i < nb ? i : pick(s, nb);
		part[k][npart[k]++] = sorted[i];
	}
	for (k = 0; k < nb; k++) {
		in->once[in->nonce++] = inputs_write(s, in, part[k], npart[k]);
		in->again[in->nagain++] = in->once[k];
		in->records += npart[k];
	}
	folder = pick(s, 4) == 0;
	nx = 1 + pick(s, 2);
	for (x = 0; x < nx; x++) {
		switch (pick(s, 3)) {
		case 0:
			if (!folder) {
				k = pick(s, nb);
				in->again[in->nagain++] = in->once[k];
				in->records += npart[k];
				break;
			}
			/* FALLTHROUGH */
		case 1:
			k = pick(s, nb);
			in->again[in->nagain++] = inputs_write(s, in, part[k],
			    npart[k]);
			in->records += npart[k];
			break;
		default:
			for (i = k = 0; i < nev; i++) {
				if (pick(s, 2) == 0)
					continue;
				part[nb][k++] = sorted[i];
				if (pick(s, 4) == 0)
					part[nb][k++] = sorted[i];
			}
			if (k == 0)
				part[nb][k++] = sorted[pick(s, nev)];
			in->again[in->nagain++] = inputs_write(s, in, part[nb],
			    k);
			in->records += k;
			break;
		}
	}
	if (folder) {
		in->again[0] = tmpdir;
		in->nagain = 1;
	}
}

static void
inputs_clear(struct inputs *in)
{
	size_t	i;

	for (i = 0; i < in->nfiles; i++) {
		if (!keep)
			unlink(in->files[i]);
		free(in->files[i]);
	}
}

/* Read args[0..n) as plan does; NULL after a diagnostic. */
static struct flows *
read_inputs(uint64_t seed, char **args, int n, struct ingest_totals *t,
    struct sim_sources *srcs)
{
	struct flows	*fl;

	/* Two threads at times: the result does not depend on them. */
	fl = ingest_inputs(args, n, (seed / 3) % 4 == 1 ? 2 : 1, 0, t);
	if (fl == NULL) {
		diag("seed %llu: nothing read", (unsigned long long)seed);
		return (NULL);
	}
	flows_sort(fl);
	simulate_sources_add(srcs, fl, 1);
	return (fl);
}

/* 1 if name is on the written list (case-insensitive). */
static int
listed(const struct plan *p, const char *name)
{
	size_t	i;

	for (i = 0; i < p->ngpo; i++)
		if (strcasecmp(hostname_str(p->gpo[i]), name) == 0)
			return (1);
	return (0);
}

/* What a plan is built from, besides the flows. */
struct setup {
	struct sim_domain	 dom;
	long			 level;
	size_t			 entries[MAXENTRIES];
	size_t			 nentries;
};

/* The plan of fl; *ex (the list in force) must outlive it. */
static struct plan *
build(const struct flows *fl, const struct setup *su,
    const struct sim_sources *srcs, const struct ingest_totals *t,
    struct exceptions **ex)
{
	struct plan_inputs	 in;
	char			 lv[8], w[32];
	size_t			 i;

	*ex = exceptions_create();
	for (i = 0; i < su->nentries; i++) {
		snprintf(w, sizeof w, "in-force:%zu", i + 1);
		exceptions_add(*ex, entries[su->entries[i]], w);
	}
	snprintf(lv, sizeof lv, "%ld", su->level);
	memset(&in, 0, sizeof in);
	in.policies = ps;
	in.policy = policies_find(ps, lv);
	in.exceptions = *ex;
	in.names = -1;
	in.audit_level = 7;
	in.generated = T0 + 41 * DAY;
	in.max_age = 30 * DAY;
	in.min_window = 7 * DAY;
	in.directory_time = UTIL_TIME_NONE;
	in.sources = srcs;
	if (t != NULL) {
		in.unread = (const char *const *)t->unread;
		in.nunread = t->nunread;
		in.unreadable = (size_t)t->problems > t->nunread ?
		    (uint64_t)t->problems - t->nunread : 0;
	}
	return (plan_build(fl, &su->dom, &in));
}

/* The property, on plan p of flows g[0..n); 0 or -1 after diagnostics. */
static int
check_property(uint64_t seed, const struct plan *p, long level,
    const struct gen_flow *g, size_t n)
{
	struct o_server		 o[MAXFLOWS];
	enum o_account		 a[MAXFLOWS];
	size_t			 i, j;
	int			 bad = 0, found;

	for (i = 0; i < n; i++) {
		o_server(&g[i], &o[i]);
		a[i] = o_account(&g[i], o[i].netbios[0] != '\0' ?
		    o[i].netbios : NULL);
	}
	/* Ready: every flow the oracle denies is covered by the list. */
	for (i = 0; p->lv->ready && i < n; i++) {
		if (!o_blocked(level, &g[i], &o[i], a[i]))
			continue;
		if (o[i].trust || o[i].refused || !listed(p, o[i].netbios)) {
			diag("seed %llu: level %ld ready, but flow %d "
			    "%s\\%s on \"%s\" (type %d) is denied and not "
			    "covered",
			    (unsigned long long)seed, level, g[i].id,
			    g[i].domain, g[i].user, g[i].server, g[i].schannel);
			bad = 1;
		}
	}
	/* The list names no server without a denied flow. */
	for (j = 0; j < p->ngpo; j++) {
		found = 0;
		for (i = 0; i < n && !found; i++)
			found = o_blocked(level, &g[i], &o[i], a[i]) &&
			    !o[i].trust && !o[i].refused &&
			    strcasecmp(o[i].netbios,
			    hostname_str(p->gpo[j])) == 0;
		if (!found) {
			diag("seed %llu: level %ld lists %s without a denied "
			    "flow", (unsigned long long)seed, level,
			    hostname_str(p->gpo[j]));
			bad = 1;
		}
	}
	return (bad ? -1 : 0);
}

/* Each record once: counts of the sources and flows; 0 or -1. */
static int
check_counts(uint64_t seed, const char *what, const struct flows *fl,
    uint64_t distinct, uint64_t written)
{
	const struct source	*src;
	uint64_t		 records = 0, used = 0, dup = 0, other = 0;
	size_t			 k;

	for (k = 0; k < flows_source_count(fl); k++) {
		src = flows_source(fl, k);
		records += src->records;
		used += src->used;
		dup += src->duplicate;
		other += src->skipped + src->unreadable;
	}
	if (flows_events(fl) == distinct && used == distinct &&
	    records == written && dup == written - distinct && other == 0)
		return (0);
	diag("seed %llu: %s: %llu distinct records in %llu written, read "
	    "%llu records: %llu used, %llu duplicate, %llu skipped or "
	    "unreadable; flows hold %llu events", (unsigned long long)seed,
	    what, (unsigned long long)distinct, (unsigned long long)written,
	    (unsigned long long)records, (unsigned long long)used,
	    (unsigned long long)dup, (unsigned long long)other,
	    (unsigned long long)flows_events(fl));
	return (-1);
}

/*
 * Each host's ids told apart: every log written is a log read, holding the
 * ids written and having lost those skipped; 0 or -1.
 */
static int
check_logs(uint64_t seed, const char *what, const struct flows *fl,
    const struct gen_log *gl, size_t ngl)
{
	const struct flows_log	*l;
	size_t			 i, j, n;
	int			 bad = 0;

	n = flows_logs(fl, &l);
	if (n != ngl) {
		diag("seed %llu: %s: %zu logs written, %zu read",
		    (unsigned long long)seed, what, ngl, n);
		bad = 1;
	}
	for (i = 0; i < ngl; i++) {
		for (j = 0; j < n; j++)
			if (strcasecmp(l[j].host, gl[i].computer) == 0 &&
			    l[j].channel != NULL &&
			    strcmp(l[j].channel, gl[i].channel) == 0)
				break;
		if (j < n && flows_log_held(&l[j]) == gl[i].held &&
		    flows_log_lost(&l[j]) == gl[i].lost)
			continue;
		diag("seed %llu: %s: log %s %s: %llu ids written, %llu "
		    "lost; read %llu held, %llu lost",
		    (unsigned long long)seed, what, gl[i].computer,
		    gl[i].channel, (unsigned long long)gl[i].held,
		    (unsigned long long)gl[i].lost, j < n ?
		    (unsigned long long)flows_log_held(&l[j]) : 0,
		    j < n ? (unsigned long long)flows_log_lost(&l[j]) : 0);
		bad = 1;
	}
	return (bad ? -1 : 0);
}

/* The plans of the inputs given once (a) and again (b) are one. */
static int
check_same(uint64_t seed, const struct plan *a, const struct plan *b)
{
	const struct sim_level	*x = a->lv, *y = b->lv;
	size_t			 i;
	int			 same;

	same = flows_count(a->fl) == flows_count(b->fl) &&
	    x->ready == y->ready && x->nblockers == y->nblockers &&
	    x->blocked_flows == y->blocked_flows &&
	    x->blocked_events == y->blocked_events &&
	    x->excepted_flows == y->excepted_flows &&
	    x->excepted_events == y->excepted_events &&
	    x->residual_flows == y->residual_flows &&
	    x->residual_events == y->residual_events &&
	    x->servers == y->servers && a->ngpo == b->ngpo;
	for (i = 0; same && i < flows_count(a->fl); i++)
		same = flows_compare(flows_flow(a->fl, i),
		    flows_flow(b->fl, i)) == 0 && flows_flow(a->fl,
		    i)->count == flows_flow(b->fl, i)->count;
	for (i = 0; same && i < x->nblockers; i++)
		same = x->blockers[i].code == y->blockers[i].code;
	for (i = 0; same && i < a->ngpo; i++)
		same = strcmp(hostname_str(a->gpo[i]),
		    hostname_str(b->gpo[i])) == 0;
	if (same)
		return (0);
	diag("seed %llu: given again, the plan differs: %s (%zu blockers, "
	    "%zu listed, %llu events denied) against %s (%zu, %zu, %llu) "
	    "given once", (unsigned long long)seed, y->ready ? "ready" :
	    "not ready", y->nblockers, b->ngpo,
	    (unsigned long long)y->blocked_events, x->ready ? "ready" :
	    "not ready", x->nblockers, a->ngpo,
	    (unsigned long long)x->blocked_events);
	for (i = 0; i < x->nblockers; i++)
		diag("  blocker %d given once", (int)x->blockers[i].code);
	for (i = 0; i < y->nblockers; i++)
		diag("  blocker %d given again", (int)y->blockers[i].code);
	return (-1);
}

/*
 * The ingest half of a case: write g's events, read them once and again,
 * plan both; *pp is the plan of the inputs given again.  0 or -1.
 */
static int
run_ingest(uint64_t seed, uint64_t *s, const struct gen_flow *g, size_t n,
    const struct setup *su, struct plan **pp, struct flows **flp,
    struct exceptions **exp)
{
	static struct gen_event	 ev[MAXEVENTS];
	struct gen_event	*sorted[MAXEVENTS];
	struct gen_log		 logs[MAXEVENTS];
	struct inputs		 in;
	struct ingest_totals	 t1, t2;
	struct sim_sources	 s1, s2;
	struct flows		*once = NULL, *again = NULL;
	struct exceptions	*ex1 = NULL;
	struct plan		*p1 = NULL, *p2 = NULL;
	size_t			 nev, nlogs;
	int			 bad = 0;

	nev = ev_generate(s, g, n, ev, sorted, logs, &nlogs);
	inputs_make(s, &in, sorted, nev);
	memset(&s1, 0, sizeof s1);
	memset(&s2, 0, sizeof s2);
	memset(&t1, 0, sizeof t1);
	memset(&t2, 0, sizeof t2);
	if ((once = read_inputs(seed, in.once, in.nonce, &t1, &s1)) == NULL ||
	    (again = read_inputs(seed, in.again, in.nagain, &t2, &s2)) ==
	    NULL) {
		bad = 1;
		goto out;
	}
	if (t1.problems != 0 || t2.problems != 0) {
		diag("seed %llu: %d and %d problems reading",
		    (unsigned long long)seed, t1.problems, t2.problems);
		bad = 1;
	}
	if (check_counts(seed, "given once", once, nev, nev) != 0 ||
	    check_counts(seed, "given again", again, nev, in.records) != 0 ||
	    check_logs(seed, "given once", once, logs, nlogs) != 0 ||
	    check_logs(seed, "given again", again, logs, nlogs) != 0)
		bad = 1;
	p1 = build(once, su, &s1, &t1, &ex1);
	p2 = build(again, su, &s2, &t2, exp);
	if (check_same(seed, p1, p2) != 0)
		bad = 1;
out:
	plan_free(p1);
	exceptions_free(ex1);
	flows_free(once);
	simulate_sources_clear(&s1);
	ingest_totals_clear(&t1);
	simulate_sources_clear(&s2);
	ingest_totals_clear(&t2);
	inputs_clear(&in);
	*pp = p2;
	*flp = again;
	return (bad ? -1 : 0);
}

/* One case; 0 if the property holds, else -1 after a diagnostic. */
static int
run_case(uint64_t seed, int *ready)
{
	static const long	 levels[] = { 1, 3, 5, 7 };
	struct gen_flow		 g[MAXFLOWS];
	struct setup		 su;
	struct flows		*fl;
	struct exceptions	*ex = NULL;
	struct plan		*p = NULL;
	uint64_t		 s = seed * 2654435761ULL + 1;
	size_t			 i, n;
	int			 bad = 0;

	memset(&su, 0, sizeof su);
	su.dom.netbios = "CORP";
	su.dom.dns = "corp.example";
	su.dom.trusts = trusts;
	su.dom.ntrusts = 2;
	su.dom.computers = computers;
	su.dom.ncomputers = NCOMPUTERS;
	su.dom.upn_suffixes = upn_suffixes;
	su.dom.nupn_suffixes = 1;
	n = 1 + pick(&s, MAXFLOWS);
	fl = flows_create();
	for (i = 0; i < n; i++) {
		gen_flow(&s, &g[i]);
		add_flow(fl, &g[i], (int)i);
	}
	flows_sort(fl);
	su.nentries = pick(&s, MAXENTRIES + 1);
	for (i = 0; i < su.nentries; i++)
		su.entries[i] = pick(&s, sizeof entries / sizeof entries[0]);
	su.level = levels[pick(&s, 4)];
	/* One case in INGEST_EVERY: the same flows as exports, read. */
	if (seed % INGEST_EVERY == 0) {
		flows_free(fl);
		if (run_ingest(seed, &s, g, n, &su, &p, &fl, &ex) != 0)
			bad = 1;
	} else
		p = build(fl, &su, NULL, NULL, &ex);
	*ready = p != NULL && p->lv->ready;
	if (p != NULL && check_property(seed, p, su.level, g, n) != 0)
		bad = 1;
	plan_free(p);
	exceptions_free(ex);
	flows_free(fl);
	return (bad ? -1 : 0);
}

int
main(void)
{
	const char	*one = getenv("T_PLAN_SEED");
	const char	*many = getenv("T_PLAN_CASES");
	const char	*tmp = getenv("TMPDIR");
	char		*cause = NULL;
	uint64_t	 seed, cases = CASES;
	int		 failed = 0, ready, nready = 0, ncases = 0;
	int		 ningest = 0;

	if ((ps = policies_load(testdata("../policies"), &cause)) == NULL) {
		diag("%s", cause);
		ok(0, "policies load");
		return (done_testing());
	}
	snprintf(tmpdir, sizeof tmpdir, "%s/t-plan.XXXXXX",
	    tmp != NULL && *tmp != '\0' && strlen(tmp) < 40 ? tmp : "/tmp");
	if (mkdtemp(tmpdir) == NULL) {
		diag("%s: cannot create", tmpdir);
		ok(0, "temporary folder");
		return (done_testing());
	}
	keep = one != NULL && getenv("T_PLAN_KEEP") != NULL;
	/* T_PLAN_CASES=N runs more (or fewer) cases than make check. */
	if (many != NULL && strtoull(many, NULL, 10) > 0)
		cases = strtoull(many, NULL, 10);
	for (seed = 1; seed <= cases; seed++) {
		if (one != NULL && strtoull(one, NULL, 10) != seed)
			continue;
		ncases++;
		ningest += seed % INGEST_EVERY == 0;
		if (run_case(seed, &ready) != 0)
			failed++;
		nready += ready;
	}
	if (keep)
		diag("the inputs are in %s", tmpdir);
	else
		rmdir(tmpdir);
	ok(failed == 0, "%d generated plans, %d read from exports given once "
	    "and again: ready means every flow the level denies is on the "
	    "list, the list names only denied servers, a record counts once "
	    "(%d failed)", ncases, ningest, failed);
	ok(one != NULL || (nready > ncases / 10 && nready < ncases),
	    "both verdicts among the cases (%d of %d ready)", nready, ncases);
	policies_free(ps);
	return (done_testing());
}
