/*
 * simulate-smb.c: the SMB client's NTLM block on the flows.
 *
 * A flow is outgoing NTLM to SMB if it is an 8001/4001 whose TargetName is
 * a "cifs/" SPN, or a 4020/4021 whose TargetService is "cifs".  The flow
 * key keeps no TargetService: every 4020/4021 flow is SERVICE_UNKNOWN and
 * counts as blocked, the reading under which enforcing breaks less.  SMB
 * to the client itself (loopback) is not affected.
 *
 * The exception list names each blocked target as the client named it (an
 * IP target needs its IP: the client compares what it connects to), and its
 * other name form where the directory or the domain's DNS name gives it.
 * Invariant: every name on the list is a struct hostname.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "flows.h"
#include "hostname.h"
#include "ptrmap.h"
#include "simulate-smb.h"
#include "simulate.h"
#include "util.h"
#include "xmalloc.h"

static const char *const simulate_smb_codes[SIMULATE_SMB_NVERDICTS] = {
	[SIMULATE_SMB_NOT_OUTGOING] = "not-outgoing",
	[SIMULATE_SMB_OTHER_SERVICE] = "other-service",
	[SIMULATE_SMB_SERVICE_UNKNOWN] = "service-unknown",
	[SIMULATE_SMB_LOOPBACK] = "loopback",
	[SIMULATE_SMB_EXCEPTED] = "excepted",
	[SIMULATE_SMB_BLOCKED] = "blocked",
	[SIMULATE_SMB_REFUSED] = "name-refused",
	[SIMULATE_SMB_NO_TARGET] = "no-target",
};

const char *
simulate_smb_verdict_code(enum simulate_smb_verdict v)
{
	if ((unsigned)v >= SIMULATE_SMB_NVERDICTS)
		return ("unknown");
	return (simulate_smb_codes[v]);
}

static int
simulate_smb_is_spn_event(int id)
{
	return (id == 8001 || id == 4001);
}

static int
simulate_smb_is_enhanced(int id)
{
	return (id == 4020 || id == 4021);
}

/* Length of the host part of an SPN's rest ("host", "host:port/x@R"). */
static size_t
simulate_smb_spn_host(const char *s)
{
	const char	*colon = NULL;
	size_t		 n, i, ncolons = 0;

	n = strcspn(s, "/@");
	for (i = 0; i < n; i++) {
		if (s[i] == ':') {
			if (ncolons++ == 0)
				colon = s + i;
		}
	}
	/* One ':' is a port ("host:445"); an IPv6 address has more. */
	if (ncolons == 1)
		n = (size_t)(colon - s);
	return (n);
}

enum simulate_smb_verdict
simulate_smb_classify(const struct flow_key *k, const char **target)
{
	const char	*slash;

	*target = NULL;
	if (simulate_smb_is_spn_event(k->event_id)) {
		if (util_is_null_value(k->server))
			return (SIMULATE_SMB_NO_TARGET);
		if ((slash = strchr(k->server, '/')) == NULL ||
		    (size_t)(slash - k->server) != strlen(SIMULATE_SMB_SERVICE) ||
		    strncasecmp(k->server, SIMULATE_SMB_SERVICE,
		    strlen(SIMULATE_SMB_SERVICE)) != 0)
			return (SIMULATE_SMB_OTHER_SERVICE);
		*target = slash + 1;
		if (simulate_smb_spn_host(*target) == 0) {
			*target = NULL;
			return (SIMULATE_SMB_NO_TARGET);
		}
		return (SIMULATE_SMB_BLOCKED);
	}
	if (simulate_smb_is_enhanced(k->event_id)) {
		if (!util_is_null_value(k->server))
			*target = k->server;
		else if (!util_is_null_value(k->target_ip))
			*target = k->target_ip;
		return (*target == NULL ? SIMULATE_SMB_NO_TARGET :
		    SIMULATE_SMB_SERVICE_UNKNOWN);
	}
	return (SIMULATE_SMB_NOT_OUTGOING);
}

/* The NetBIOS form of a host name: its first label in upper case. */
static char *
simulate_smb_netbios(const char *s, size_t len)
{
	char	*p;
	size_t	 i;

	if (hostname_check(s, NULL) == HOSTNAME_OK) {
		/* An address is its own form. */
		if (strspn(s, "0123456789.") == strlen(s) ||
		    strchr(s, ':') != NULL)
			return (xstrndup(s, len));
	}
	len = strcspn(s, ".") < len ? strcspn(s, ".") : len;
	p = xstrndup(s, len);
	for (i = 0; p[i] != '\0'; i++) {
		if (p[i] >= 'a' && p[i] <= 'z')
			p[i] = (char)(p[i] - 'a' + 'A');
	}
	return (p);
}

static int
simulate_smb_is_loopback_address(const char *s)
{
	return (s != NULL && (strncmp(s, "127.", 4) == 0 ||
	    strcmp(s, "::1") == 0 || strcasecmp(s, "localhost") == 0));
}

/* SMB to the client itself: the same host, or a loopback address. */
static int
simulate_smb_loopback(const struct flow_key *k, const char *target,
    size_t len)
{
	const char	*client;
	char		*a, *b;
	int		 same;

	if (simulate_smb_is_loopback_address(k->target_ip))
		return (1);
	if (len >= 4 && strncmp(target, "127.", 4) == 0)
		return (1);
	if ((len == 3 && strncmp(target, "::1", 3) == 0) ||
	    (len == 9 && strncasecmp(target, "localhost", 9) == 0))
		return (1);
	client = !util_is_null_value(k->logged_by) ? k->logged_by :
	    k->workstation;
	if (util_is_null_value(client))
		return (0);
	a = simulate_smb_netbios(target, len);
	b = simulate_smb_netbios(client, strlen(client));
	same = strcasecmp(a, b) == 0;
	free(a);
	free(b);
	return (same);
}

/* The list being built: names with counts, merged when sorted. */
struct simulate_smb_build {
	struct simulate_smb_name	*names;
	size_t				 nnames;
	size_t				 anames;
	struct simulate_smb_client	*clients;
	size_t				 nclients;
	size_t				 aclients;
	struct ptrmap			 seen;	/* workstations added as
						   seen: a flow's string,
						   pooled, by address */
};

static void
simulate_smb_add_name(struct simulate_smb_build *b, struct hostname *h,
    int seen, const struct flow *f, int unknown)
{
	struct simulate_smb_name	*n;

	b->names = xgrow(b->names, b->nnames, &b->anames, sizeof *b->names);
	n = &b->names[b->nnames++];
	n->name = h;
	n->seen = seen;
	n->flows = 1;
	n->events = f->count;
	n->unknown = unknown ? f->count : 0;
}

/* The other name form of target, or NULL. */
static char *
simulate_smb_other_form(const struct sim_domain *dom,
    const struct hostname *t)
{
	const struct sim_computer	*c;
	const char			*s = hostname_str(t);
	size_t				 n, d;

	if (t->kind == HOSTNAME_IPV4 || t->kind == HOSTNAME_IPV6)
		return (NULL);
	if (dom != NULL && (c = simulate_domain_find(dom, s)) != NULL) {
		if (t->kind == HOSTNAME_NETBIOS)
			return (c->dns != NULL ? xstrdup(c->dns) : NULL);
		return (xstrdup(c->name));
	}
	/* An FQDN directly in the domain's DNS name: its first label. */
	if (t->kind == HOSTNAME_DNS && dom != NULL && dom->dns != NULL) {
		n = strcspn(s, ".");
		d = strlen(dom->dns);
		if (s[n] == '.' && strlen(s + n + 1) == d &&
		    strcasecmp(s + n + 1, dom->dns) == 0)
			return (simulate_smb_netbios(s, n));
	}
	return (NULL);
}

static int
simulate_smb_in_force(const struct hostname *t,
    const struct hostname *const *inforce, size_t ninforce)
{
	size_t	 i;

	for (i = 0; i < ninforce; i++) {
		if (strcasecmp(hostname_str(inforce[i]), hostname_str(t)) == 0)
			return (1);
	}
	return (0);
}

static void
simulate_smb_add_client(struct simulate_smb_build *b, const char *name,
    int logs, int seen, int directory)
{
	struct simulate_smb_client	*c;

	b->clients = xgrow(b->clients, b->nclients, &b->aclients,
	    sizeof *b->clients);
	c = &b->clients[b->nclients++];
	memset(c, 0, sizeof *c);
	c->name = simulate_smb_netbios(name, strlen(name));
	c->logs = logs;
	c->seen = seen;
	c->directory = directory;
}

static int
simulate_smb_name_cmp(const void *a, const void *b)
{
	const struct simulate_smb_name	*na = a, *nb = b;
	const char			*sa = hostname_str(na->name);
	const char			*sb = hostname_str(nb->name);
	int				 c;

	if ((c = strcasecmp(sa, sb)) != 0)
		return (c);
	if ((c = strcmp(sa, sb)) != 0)
		return (c);
	return (nb->seen - na->seen);
}

static int
simulate_smb_client_cmp(const void *a, const void *b)
{
	const struct simulate_smb_client *ca = a, *cb = b;

	return (strcmp(ca->name, cb->name));
}

/* Sort the names, one entry per name case-insensitively, counts summed. */
static void
simulate_smb_names_finish(struct simulate_smb_build *b)
{
	size_t	 i, j;

	if (b->nnames == 0)
		return;
	qsort(b->names, b->nnames, sizeof *b->names, simulate_smb_name_cmp);
	for (i = 0, j = 1; j < b->nnames; j++) {
		if (strcasecmp(hostname_str(b->names[i].name),
		    hostname_str(b->names[j].name)) == 0) {
			b->names[i].seen |= b->names[j].seen;
			b->names[i].flows += b->names[j].flows;
			b->names[i].events = util_count_add(b->names[i].events,
			    b->names[j].events);
			b->names[i].unknown = util_count_add(
			    b->names[i].unknown, b->names[j].unknown);
			hostname_free(b->names[j].name);
		} else
			b->names[++i] = b->names[j];
	}
	b->nnames = i + 1;
}

static void
simulate_smb_clients_finish(struct simulate_smb_build *b)
{
	struct simulate_smb_client	*c, *d;
	size_t				 i, j;

	if (b->nclients == 0)
		return;
	qsort(b->clients, b->nclients, sizeof *b->clients,
	    simulate_smb_client_cmp);
	for (i = 0, j = 1; j < b->nclients; j++) {
		c = &b->clients[i];
		d = &b->clients[j];
		if (strcmp(c->name, d->name) == 0) {
			c->logs |= d->logs;
			c->seen |= d->seen;
			c->directory |= d->directory;
			c->outgoing = util_count_add(c->outgoing, d->outgoing);
			c->enhanced = util_count_add(c->enhanced, d->enhanced);
			c->blocked = util_count_add(c->blocked, d->blocked);
			free(d->name);
		} else
			b->clients[++i] = *d;
	}
	b->nclients = i + 1;
}

/* Add the flow's target (and its other form) to the list. */
static void
simulate_smb_list(struct simulate_smb_build *b, const struct sim_domain *dom,
    const struct flow *f, const struct hostname *t, int unknown)
{
	char		*other;
	struct hostname	*h;

	simulate_smb_add_name(b, hostname_dup(t), 1, f, unknown);
	if ((other = simulate_smb_other_form(dom, t)) == NULL)
		return;
	if ((h = hostname_create(other, NULL)) != NULL)
		simulate_smb_add_name(b, h, 0, f, unknown);
	free(other);
}

static void
simulate_smb_count(struct simulate_smb *s, enum simulate_smb_verdict v,
    const struct flow *f)
{
	s->flow_count[v]++;
	s->event_count[v] = util_count_add(s->event_count[v], f->count);
}

struct simulate_smb *
simulate_smb_run(const struct flows *fl, const struct sim_domain *dom,
    const struct hostname *const *inforce, size_t ninforce)
{
	struct simulate_smb		*s;
	struct simulate_smb_build	 b;
	struct simulate_smb_flow	 r;
	struct simulate_smb_client	*c;
	struct flows_host		*hosts;
	const struct flow		*f;
	const char			*target, *client;
	struct hostname			*t;
	char				*host;
	size_t				 i, n, aflows = 0;
	enum simulate_smb_verdict	 v;

	s = xcalloc(1, sizeof *s);
	memset(&b, 0, sizeof b);

	/* The clients: hosts with logs, named clients, directory members. */
	n = flows_hosts(fl, &hosts);
	for (i = 0; i < n; i++) {
		if (hosts[i].name != NULL)
			simulate_smb_add_client(&b, hosts[i].name, 1, 0, 0);
	}
	free(hosts);
	for (i = 0; dom != NULL && i < dom->ncomputers; i++) {
		if (dom->computers[i].enabled && !dom->computers[i].dc)
			simulate_smb_add_client(&b, dom->computers[i].name, 0,
			    0, 1);
	}

	for (i = 0; i < flows_count(fl); i++) {
		f = flows_flow(fl, i);
		v = simulate_smb_classify(&f->key, &target);
		client = !util_is_null_value(f->key.logged_by) ?
		    f->key.logged_by : f->key.workstation;
		if (v == SIMULATE_SMB_NOT_OUTGOING) {
			/* Once a name: simulate_smb_clients_finish would
			   only merge the copies. */
			if (!util_is_null_value(f->key.workstation) &&
			    !ptrmap_get(&b.seen, f->key.workstation, NULL)) {
				ptrmap_put(&b.seen, f->key.workstation, NULL);
				simulate_smb_add_client(&b,
				    f->key.workstation, 0, 1, 0);
			}
			simulate_smb_count(s, v, f);
			continue;
		}
		c = NULL;
		if (!util_is_null_value(client)) {
			simulate_smb_add_client(&b, client,
			    client == f->key.logged_by, 0, 0);
			c = &b.clients[b.nclients - 1];
			if (simulate_smb_is_spn_event(f->key.event_id))
				c->outgoing = f->count;
			else
				c->enhanced = f->count;
		}
		if (v == SIMULATE_SMB_OTHER_SERVICE) {
			simulate_smb_count(s, v, f);
			continue;
		}
		memset(&r, 0, sizeof r);
		r.index = i;
		if (target != NULL) {
			host = xstrndup(target,
			    simulate_smb_is_spn_event(f->key.event_id) ?
			    simulate_smb_spn_host(target) : strlen(target));
			if (simulate_smb_loopback(&f->key, host,
			    strlen(host)))
				v = SIMULATE_SMB_LOOPBACK;
			else if ((t = hostname_create(host, &r.refusal)) ==
			    NULL)
				v = SIMULATE_SMB_REFUSED;
			else {
				if (simulate_smb_in_force(t, inforce,
				    ninforce))
					v = SIMULATE_SMB_EXCEPTED;
				else
					simulate_smb_list(&b, dom, f, t,
					    v == SIMULATE_SMB_SERVICE_UNKNOWN);
				hostname_free(t);
			}
			free(host);
		}
		r.verdict = v;
		if (c != NULL && v != SIMULATE_SMB_LOOPBACK &&
		    v != SIMULATE_SMB_EXCEPTED)
			c->blocked = f->count;
		s->flows = xgrow(s->flows, s->nflows, &aflows,
		    sizeof *s->flows);
		s->flows[s->nflows++] = r;
		simulate_smb_count(s, v, f);
	}
	simulate_smb_names_finish(&b);
	ptrmap_clear(&b.seen);
	simulate_smb_clients_finish(&b);
	s->names = b.names;
	s->nnames = b.nnames;
	s->clients = b.clients;
	s->nclients = b.nclients;
	return (s);
}

void
simulate_smb_free(struct simulate_smb *s)
{
	size_t	 i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nnames; i++)
		hostname_free(s->names[i].name);
	for (i = 0; i < s->nclients; i++)
		free(s->clients[i].name);
	free(s->names);
	free(s->clients);
	free(s->flows);
	free(s);
}

int
simulate_smb_client_blind(const struct simulate_smb_client *c)
{
	return (c->outgoing == 0 && c->enhanced == 0);
}
