/*
 * t-simulate-smb.c: unit tests of simulate-smb.c: which outgoing flows the
 * SMB client's NTLM block denies (cifs/ SPNs of 8001/4001, enhanced events
 * whose service the flow does not keep, loopback spared), the exception
 * list in the form the client named the target plus its other form, names
 * refused, the list in force, and the clients that logged no outgoing
 * evidence at all.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "directory.h"
#include "flows.h"
#include "hostname.h"
#include "simulate-smb.h"
#include "simulate.h"
#include "tap.h"

static void
add(struct directory *dir, const char *dn, ...)
{
	struct directory_entry	 e;
	const char		*a, *v;
	va_list			 ap;

	directory_entry_init(&e);
	directory_entry_set_dn(&e, dn, strlen(dn));
	va_start(ap, dn);
	while ((a = va_arg(ap, const char *)) != NULL) {
		v = va_arg(ap, const char *);
		directory_entry_add(&e, a, v, strlen(v));
	}
	va_end(ap);
	directory_add_entry(dir, &e);
	directory_entry_clear(&e);
}

static struct directory *
domain(void)
{
	struct directory	*dir;
	char			*cause = NULL;

	dir = directory_create();
	add(dir, "DC=corp,DC=example", "objectClass", "domainDNS", NULL);
	add(dir, "CN=CORP,CN=Partitions,CN=Configuration,DC=corp,DC=example",
	    "objectClass", "crossRef", "nCName", "DC=corp,DC=example",
	    "dnsRoot", "corp.example", "nETBIOSName", "CORP", NULL);
	add(dir, "CN=FS1,OU=Servers,DC=corp,DC=example", "objectClass",
	    "computer", "sAMAccountName", "FS1$", "dNSHostName",
	    "fs1.corp.example", "userAccountControl", "4096", NULL);
	add(dir, "CN=WS1,OU=PCs,DC=corp,DC=example", "objectClass",
	    "computer", "sAMAccountName", "WS1$", "dNSHostName",
	    "ws1.corp.example", "userAccountControl", "4096", NULL);
	add(dir, "CN=WS9,OU=PCs,DC=corp,DC=example", "objectClass",
	    "computer", "sAMAccountName", "WS9$", "dNSHostName",
	    "ws9.corp.example", "userAccountControl", "4096", NULL);
	add(dir, "CN=DC1,OU=Domain Controllers,DC=corp,DC=example",
	    "objectClass", "computer", "sAMAccountName", "DC1$",
	    "dNSHostName", "dc1.corp.example", "userAccountControl", "532480",
	    NULL);
	if (directory_finish(dir, NULL, NULL, &cause) != 0) {
		diag("%s", cause);
		free(cause);
	}
	return (dir);
}

static void
flow(struct flows *fl, int id, const char *by, const char *server,
    const char *ws, const char *ip, uint64_t count)
{
	struct flow_key	 k;

	memset(&k, 0, sizeof k);
	k.event_id = id;
	k.logged_by = by;
	k.server = server;
	k.workstation = ws;
	k.target_ip = ip;
	k.logon_type = k.usage_id = -1;
	k.in_proc = k.schannel_type = -1;
	flows_add_flow(fl, &k, count, 1000, 2000, NULL);
}

static void
test_classify(void)
{
	static const struct {
		int		 id;
		const char	*server;
		const char	*ip;
		enum simulate_smb_verdict v;
		const char	*target;
	} cases[] = {
		{ 8001, "cifs/fs1.corp.example", NULL, SIMULATE_SMB_BLOCKED,
		    "fs1.corp.example" },
		{ 4001, "CIFS/10.1.2.3", NULL, SIMULATE_SMB_BLOCKED,
		    "10.1.2.3" },
		{ 8001, "HTTP/web.corp.example", NULL,
		    SIMULATE_SMB_OTHER_SERVICE, NULL },
		{ 8001, "cifsx/fs1", NULL, SIMULATE_SMB_OTHER_SERVICE, NULL },
		{ 8001, "fs1", NULL, SIMULATE_SMB_OTHER_SERVICE, NULL },
		{ 8001, "(NULL)", NULL, SIMULATE_SMB_NO_TARGET, NULL },
		{ 8001, "cifs/", NULL, SIMULATE_SMB_NO_TARGET, NULL },
		{ 4020, "NAS01", "10.1.2.3", SIMULATE_SMB_SERVICE_UNKNOWN,
		    "NAS01" },
		{ 4021, NULL, "10.1.2.3", SIMULATE_SMB_SERVICE_UNKNOWN,
		    "10.1.2.3" },
		{ 4020, "-", "-", SIMULATE_SMB_NO_TARGET, NULL },
		{ 8003, "FS1", NULL, SIMULATE_SMB_NOT_OUTGOING, NULL },
		{ 4022, "FS1", NULL, SIMULATE_SMB_NOT_OUTGOING, NULL },
	};
	struct flow_key	 k;
	const char	*t;
	size_t		 i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memset(&k, 0, sizeof k);
		k.event_id = cases[i].id;
		k.server = cases[i].server;
		k.target_ip = cases[i].ip;
		is_str(simulate_smb_verdict_code(simulate_smb_classify(&k,
		    &t)), simulate_smb_verdict_code(cases[i].v),
		    "%d %s: verdict", cases[i].id, cases[i].server);
		if (cases[i].target == NULL)
			ok(t == NULL, "%d %s: no target", cases[i].id,
			    cases[i].server);
		else
			ok(t != NULL && strncmp(t, cases[i].target,
			    strlen(cases[i].target)) == 0, "%d %s: target",
			    cases[i].id, cases[i].server);
	}
	is_str(simulate_smb_verdict_code(SIMULATE_SMB_NVERDICTS), "unknown",
	    "an out-of-range verdict");
}

static const struct simulate_smb_name *
find_name(const struct simulate_smb *s, const char *name)
{
	size_t	 i;

	for (i = 0; i < s->nnames; i++) {
		if (strcmp(hostname_str(s->names[i].name), name) == 0)
			return (&s->names[i]);
	}
	return (NULL);
}

static const struct simulate_smb_client *
find_client(const struct simulate_smb *s, const char *name)
{
	size_t	 i;

	for (i = 0; i < s->nclients; i++) {
		if (strcmp(s->clients[i].name, name) == 0)
			return (&s->clients[i]);
	}
	return (NULL);
}

static void
test_run(void)
{
	struct directory			*dir = domain();
	struct sim_domain			 dom;
	struct flows				*fl = flows_create();
	struct simulate_smb			*s;
	const struct simulate_smb_name		*n;
	const struct simulate_smb_client	*c;
	struct hostname				*inforce;
	const char				*names[16];
	size_t					 i;

	/* WS1 maps \\fs1 by FQDN and the NAS by IP: both blocked. */
	flow(fl, 8001, "ws1.corp.example", "cifs/fs1.corp.example", NULL,
	    NULL, 10);
	flow(fl, 8001, "ws1.corp.example", "cifs/10.1.2.3", NULL, NULL, 4);
	/* By NetBIOS name, upper or lower case: one flow, both forms. */
	flow(fl, 8001, "ws2.corp.example", "cifs/FS1", NULL, NULL, 3);
	flow(fl, 8001, "ws2.corp.example", "cifs/fs1", NULL, NULL, 1);
	/* Loopback: its own name and 127.0.0.1. */
	flow(fl, 8001, "ws2.corp.example", "cifs/WS2", NULL, NULL, 5);
	flow(fl, 8001, "ws2.corp.example", "cifs/127.0.0.1", NULL, NULL, 5);
	/* Not SMB. */
	flow(fl, 8001, "ws2.corp.example", "HTTP/web.corp.example", NULL,
	    NULL, 7);
	/* A name no list may take. */
	flow(fl, 8001, "ws3.corp.example", "cifs/nas*", NULL, NULL, 2);
	/* Enhanced: the service is not kept. */
	flow(fl, 4020, "ws3.corp.example", "nas02.branch.example", "WS3",
	    "10.9.9.9", 6);
	/* Excepted by the list in force. */
	flow(fl, 8001, "ws3.corp.example", "cifs/old.partner.example", NULL,
	    NULL, 1);
	/* Incoming: WS4 is a client that logged nothing of its own. */
	flow(fl, 8003, "fs1.corp.example", NULL, "WS4", NULL, 9);
	flows_sort(fl);

	inforce = hostname_create("OLD.partner.example", NULL);
	simulate_domain_init(&dom, dir, NULL);
	s = simulate_smb_run(fl, &dom, (const struct hostname *const *)&inforce,
	    1);

	for (i = 0; i < s->nnames && i < 16; i++)
		names[i] = hostname_str(s->names[i].name);
	if (!is_int((long long)s->nnames, 4, "four names on the list")) {
		for (i = 0; i < s->nnames; i++)
			diag("%s", names[i]);
	} else {
		is_str(names[0], "10.1.2.3", "the IP target by its IP");
		is_str(names[1], "FS1", "FS1 as named (fs1 merged)");
		is_str(names[2], "fs1.corp.example", "and its FQDN");
		is_str(names[3], "nas02.branch.example",
		    "an enhanced event's target, no other form known");
	}
	n = find_name(s, "FS1");
	ok(n != NULL && n->seen && n->flows == 2 && n->events == 14,
	    "FS1: named so by WS2, derived for WS1's flow: 2 flows, 14");
	n = find_name(s, "fs1.corp.example");
	ok(n != NULL && n->seen && n->flows == 2 && n->events == 14,
	    "fs1.corp.example: 2 flows, 14 events");
	n = find_name(s, "nas02.branch.example");
	ok(n != NULL && n->unknown == 6, "nas02: its 6 events of an "
	    "unknown service");
	ok(find_name(s, "WS2") == NULL && find_name(s, "127.0.0.1") == NULL,
	    "loopback targets not listed");
	ok(find_name(s, "old.partner.example") == NULL &&
	    find_name(s, "OLD.partner.example") == NULL,
	    "a target the list in force names: not listed again");

	is_int((long long)s->flow_count[SIMULATE_SMB_BLOCKED], 3,
	    "blocked: 3 flows");
	is_int((long long)s->event_count[SIMULATE_SMB_BLOCKED], 18,
	    "blocked: 18 events");
	is_int((long long)s->event_count[SIMULATE_SMB_LOOPBACK], 10,
	    "loopback: 10 events");
	is_int((long long)s->event_count[SIMULATE_SMB_OTHER_SERVICE], 7,
	    "other service: 7 events");
	is_int((long long)s->event_count[SIMULATE_SMB_REFUSED], 2,
	    "name refused: 2 events");
	is_int((long long)s->event_count[SIMULATE_SMB_SERVICE_UNKNOWN], 6,
	    "service unknown: 6 events");
	is_int((long long)s->event_count[SIMULATE_SMB_EXCEPTED], 1,
	    "excepted: 1 event");
	is_int((long long)s->event_count[SIMULATE_SMB_NOT_OUTGOING], 9,
	    "not outgoing: 9 events");
	is_int((long long)s->nflows, 8, "eight flows concern the block");
	for (i = 0; i < s->nflows; i++) {
		if (s->flows[i].verdict == SIMULATE_SMB_REFUSED)
			is_str(hostname_refusal_code(s->flows[i].refusal),
			    hostname_refusal_code(HOSTNAME_WILDCARD),
			    "the refused name: why");
	}

	is_int((long long)s->nclients, 6, "six clients");
	c = find_client(s, "WS1");
	ok(c != NULL && c->logs && c->directory && c->outgoing == 14 &&
	    c->blocked == 14 && !simulate_smb_client_blind(c),
	    "WS1: 14 outgoing events, all blocked");
	c = find_client(s, "WS2");
	ok(c != NULL && c->outgoing == 21 && c->blocked == 4,
	    "WS2: 21 outgoing, 4 blocked (loopback and HTTP spared)");
	c = find_client(s, "WS3");
	ok(c != NULL && c->outgoing == 3 && c->enhanced == 6 &&
	    c->blocked == 8, "WS3: refused and unknown service blocked");
	c = find_client(s, "FS1");
	ok(c != NULL && c->logs && simulate_smb_client_blind(c),
	    "FS1: logs read, no outgoing evidence: blind");
	c = find_client(s, "WS4");
	ok(c != NULL && c->seen && !c->logs && simulate_smb_client_blind(c),
	    "WS4: only seen as a client: blind");
	c = find_client(s, "WS9");
	ok(c != NULL && c->directory && !c->logs && !c->seen &&
	    simulate_smb_client_blind(c), "WS9: only in the directory: blind");
	ok(find_client(s, "DC1") == NULL, "a DC is not counted as a client");
	hostname_free(inforce);
	simulate_smb_free(s);
	flows_free(fl);
	simulate_domain_clear(&dom);
	directory_free(dir);

	/* No directory: an FQDN gets no other form. */
	dir = NULL;
	fl = flows_create();
	flow(fl, 8001, "ws1.corp.example", "cifs/fs1.corp.example", NULL,
	    NULL, 1);
	s = simulate_smb_run(fl, NULL, NULL, 0);
	ok(s->nnames == 1 && strcmp(hostname_str(s->names[0].name),
	    "fs1.corp.example") == 0, "no directory: the name as named");
	simulate_smb_free(s);
	flows_free(fl);
	simulate_smb_free(NULL);
}

int
main(void)
{
	test_classify();
	test_run();
	return (done_testing());
}
