/*
 * simulate.c: the simulation of ntlmplan-events(7), SIMULATION.
 *
 * Every flow is classified once: its server resolved against the directory
 * (dNSHostName, sAMAccountName without $, or the first label of an FQDN in
 * the domain's DNS name) and merged by NetBIOS name, its account class, its
 * rule.  Each option of the setting is then a pass over the classified
 * flows, evaluating only what its policy file says it blocks.  Servers are
 * matched against the exception list in force once each.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "casemap.h"
#include "event.h"
#include "exceptions.h"
#include "flows.h"
#include "policy.h"
#include "rules.h"
#include "simulate.h"
#include "util.h"
#include "xmalloc.h"

#define SIM_NONE	UINT32_MAX
#define SIM_IDBUF	16	/* an event id as text */

/*
 * A map of case-insensitive string pairs (b may be NULL) to values, over a
 * casemap whose values index entries; not to be moved once used.
 */
struct sim_entry {
	const char	*a;		/* borrowed */
	const char	*b;		/* borrowed */
	uint32_t	 val;
};

struct sim_map {
	struct casemap		*index;		/* owned, NULL while empty */
	struct sim_entry	*entries;	/* owned */
	size_t			 count;
};

struct sim_pair;

/* A server as the simulation knows it. */
struct sim_srv {
	char				*name;	/* owned */
	char				*fqdn;	/* owned */
	enum server_class		 class;
	const struct sim_computer	*computer;
	uint64_t			 events;
	uint64_t			 dc_events; /* of them, 8004/4004 */
	int64_t				 last_seen;
	long				 entry;	/* list in force, -1 */
	long				 weak;	/* matched, not named, -1 */
	int				 proven; /* a member by its events,
						   not in the directory */
	struct hostname			*host;	/* owned; NULL: refused */
	struct hostname			*fqdn_host; /* owned, or NULL */
	enum hostname_refusal		 refused;
};

/* The tables of distinct names a flow refers to. */
enum sim_table {
	SIM_ACCOUNTS,		/* DOMAIN and user */
	SIM_CLIENTS,
	SIM_PROCESSES,
	SIM__TABLES
};

/* What a site rule does to a flow. */
enum sim_action {
	SIM_ACT_NONE,
	SIM_ACT_IGNORE,		/* left out of the simulation */
	SIM_ACT_REMEDIATE,	/* its server kept off the list */
	SIM_ACT_FIXED		/* assumed fixed: counted, then left out */
};

/* A distinct account, client or process: the first spelling seen. */
struct sim_id {
	const char	*a;
	const char	*b;
};

/* Classified flow. */
struct sim_flow {
	uint32_t	 sid;
	uint32_t	 account;
	uint32_t	 client;
	uint32_t	 process;
	uint8_t		 aclass;
	uint8_t		 action;	/* enum sim_action */
	uint8_t		 evaluated;
	uint8_t		 trust;		/* over a trust's secure channel */
	uint8_t		 noserver;	/* the event names no server */
};

struct sim_ctx {
	const struct flows		*fl;
	const struct sim_domain		*dom;
	const struct sim_options	*opts;
	struct sim_result		*r;
	size_t				 nflows;
	struct sim_flow			*flows;		/* owned */
	struct sim_srv			*srv;		/* owned */
	size_t				 nsrv;
	struct sim_map			 raw;		/* raw name -> sid */
	struct sim_map			 byname;	/* NetBIOS -> sid */
	struct sim_map			 dir_name;	/* -> computer */
	struct sim_map			 dir_dns;
	struct sim_id			*ids[SIM__TABLES];
	size_t				 nids[SIM__TABLES];
	struct sim_map			 idmap[SIM__TABLES];
	struct sim_pair			*scratch[SIM__TABLES];	/* owned */
	size_t				 nscratch;
	/*
	 * The name of each id as the evidence lists it ("DOMAIN\user"),
	 * owned, made when a list first names it (NULL until then), kept
	 * with the result: every server's lists borrow it.
	 */
	char				**idname[SIM__TABLES];
	size_t				 nidname[SIM__TABLES];
	uint32_t			 audit_seen; /* class pairs the audit
						   setting logged */
	struct sim_map			 passed;	/* (DC, account) of the
							   DCs' pass-through
							   events */
	int				 passed_built;
};

static uint64_t
sim_hash(const char *a, const char *b)
{
	return (casemap_hash(casemap_hash(CASEMAP_SEED, a), b));
}

/* casemap_match_fn: key is a struct sim_entry, value an index in entries. */
static int
sim_map_match(const void *key, uint32_t value, const void *arg)
{
	const struct sim_map	*m = arg;
	const struct sim_entry	*k = key, *e = &m->entries[value];

	return (util_strcasecmp_null(e->a, k->a) == 0 &&
	    util_strcasecmp_null(e->b, k->b) == 0);
}

static void
sim_map_clear(struct sim_map *m)
{
	casemap_free(m->index);
	free(m->entries);
	memset(m, 0, sizeof *m);
}

static uint32_t
sim_map_find(const struct sim_map *m, const char *a, const char *b)
{
	struct sim_entry	k;
	uint32_t		i;

	if (m->index == NULL)
		return (SIM_NONE);
	k.a = a;
	k.b = b;
	i = casemap_find(m->index, sim_hash(a, b), &k);
	return (i == CASEMAP_NONE ? SIM_NONE : m->entries[i].val);
}

/* Insert a key known to be absent. */
static void
sim_map_put(struct sim_map *m, const char *a, const char *b, uint32_t val)
{
	if (m->index == NULL)
		m->index = casemap_create(32, sim_map_match, m);
	if (m->count >= UINT32_MAX - 1)
		fatalx("too many names");
	if ((m->count & (m->count - 1)) == 0)
		m->entries = xreallocarray(m->entries, m->count == 0 ? 1 :
		    m->count * 2, sizeof *m->entries);
	m->entries[m->count].a = a;
	m->entries[m->count].b = b;
	m->entries[m->count].val = val;
	casemap_insert(m->index, sim_hash(a, b), (uint32_t)m->count++);
}

/* The id of (a, b) in table t, added if new. */
static uint32_t
sim_id(struct sim_ctx *c, enum sim_table t, const char *a, const char *b)
{
	uint32_t	id;

	if ((id = sim_map_find(&c->idmap[t], a, b)) != SIM_NONE)
		return (id);
	if ((c->nids[t] & (c->nids[t] - 1)) == 0 || c->nids[t] == 0)
		c->ids[t] = xreallocarray(c->ids[t],
		    c->nids[t] == 0 ? 1 : c->nids[t] * 2, sizeof *c->ids[t]);
	id = (uint32_t)c->nids[t]++;
	c->ids[t][id].a = a;
	c->ids[t][id].b = b;
	sim_map_put(&c->idmap[t], a, b, id);
	return (id);
}

static char *
sim_upper_label(const char *s)
{
	char	*u;
	size_t	 i, len = strcspn(s, ".");

	u = xstrndup(s, len);
	for (i = 0; i < len; i++)
		u[i] = (char)toupper((unsigned char)u[i]);
	return (u);
}

/* True if fqdn lies inside the DNS name dns (a subdomain or itself). */
static int
sim_in_dns(const char *fqdn, const char *dns)
{
	const char	*dot = strchr(fqdn, '.');
	size_t		 l, d;

	if (dot == NULL || dns == NULL)
		return (0);
	dot++;
	l = strlen(dot);
	d = strlen(dns);
	if (l == d)
		return (strcasecmp(dot, dns) == 0);
	return (l > d && dot[l - d - 1] == '.' &&
	    strcasecmp(dot + l - d, dns) == 0);
}

/*
 * The host in a server name as events give it (caller frees): the host of
 * an SPN ("cifs/srv1.corp.example", "HTTP/app01:8080"), without a trailing
 * dot (an absolute DNS name).
 */
static char *
sim_host_part(const char *raw)
{
	const char	*slash, *colon;
	size_t		 len;

	if ((slash = strchr(raw, '/')) != NULL && slash[1] != '\0')
		raw = slash + 1;
	len = strcspn(raw, "/");
	if ((colon = memchr(raw, ':', len)) != NULL &&
	    memchr(colon + 1, ':', len - (size_t)(colon + 1 - raw)) == NULL &&
	    colon + 1 < raw + len &&
	    strspn(colon + 1, "0123456789") == len - (size_t)(colon + 1 - raw))
		len = (size_t)(colon - raw);
	while (len > 1 && raw[len - 1] == '.')
		len--;
	return (xstrndup(raw, len));
}

/*
 * The computer whose dNSHostName is host (seen without a trailing dot),
 * written with or without one in the directory.
 */
static uint32_t
sim_find_dns(struct sim_ctx *c, const char *host)
{
	uint32_t	 ci;
	char		*dotted;

	if ((ci = sim_map_find(&c->dir_dns, host, NULL)) != SIM_NONE)
		return (ci);
	xasprintf(&dotted, "%s.", host);
	ci = sim_map_find(&c->dir_dns, dotted, NULL);
	free(dotted);
	return (ci);
}

/* True if s is an IP literal (hostname.h: IPv4 or IPv6 as inet_pton). */
static int
sim_is_address(const char *s)
{
	enum hostname_kind	k;

	return (hostname_check(s, &k) == HOSTNAME_OK &&
	    (k == HOSTNAME_IPV4 || k == HOSTNAME_IPV6));
}

/*
 * A name for the reports that no list can hold: control characters as \r,
 * \n, \t or \xNN, so that it shows on one line as it was (caller frees).
 */
static char *
sim_escape(const char *s)
{
	char	*e, *t;
	size_t	 n = 0;

	e = xmalloc(4 * strlen(s) + 1);
	for (t = e; *s != '\0'; s++) {
		if (*s == '\r' || *s == '\n' || *s == '\t') {
			*t++ = '\\';
			*t++ = *s == '\r' ? 'r' : *s == '\n' ? 'n' : 't';
		} else if ((unsigned char)*s < 0x20 || *s == 0x7f) {
			n = (size_t)snprintf(t, 5, "\\x%02x",
			    (unsigned char)*s);
			t += n;
		} else
			*t++ = *s;
	}
	*t = '\0';
	return (e);
}

static int	sim_in_trust(const struct sim_domain *, const char *);

/*
 * True if a server the directory does not know is proven outside this
 * domain: its FQDN lies in a trusted domain's DNS name.  Anything else it
 * cannot place (a short name, another DNS suffix, an address, a refused
 * name) counts as a server of this domain for what it would break
 * (ntlmplan-events(7), fail-safe rules).
 */
static int
sim_outside(const struct sim_ctx *c, const char *seen)
{
	const char	*dot = strchr(seen, '.');

	return (dot != NULL && dot != seen && !sim_is_address(seen) &&
	    hostname_check(seen, NULL) == HOSTNAME_OK &&
	    sim_in_trust(c->dom, dot + 1));
}

/*
 * Resolve a server name as seen in an event to a server index.  An IP
 * literal is kept whole as the server's name.  A name that is no host name
 * (hostname.h) makes a server of its own that no list can hold: its flows
 * stay denied.  The look-ups (as seen, by DNS name, by NetBIOS name, in a
 * trust) are one order of precedence read top to bottom, so they stay in
 * one function although it counts more than 25 decisions.
 */
static uint32_t
sim_server(struct sim_ctx *c, const char *raw)
{
	const struct sim_computer	*comp = NULL;
	struct sim_srv			*s;
	enum hostname_refusal		 why;
	uint32_t			 sid, ci;
	char				*name, *label, *seen;

	if ((sid = sim_map_find(&c->raw, raw, NULL)) != SIM_NONE)
		return (sid);
	seen = sim_host_part(raw);
	if ((ci = sim_find_dns(c, seen)) != SIM_NONE)
		comp = &c->dom->computers[ci];
	else if ((ci = sim_map_find(&c->dir_name, seen, NULL)) != SIM_NONE)
		comp = &c->dom->computers[ci];
	else if (sim_in_dns(seen, c->dom->dns)) {
		label = xstrndup(seen, strcspn(seen, "."));
		if ((ci = sim_map_find(&c->dir_name, label, NULL)) != SIM_NONE)
			comp = &c->dom->computers[ci];
		free(label);
	}
	why = HOSTNAME_OK;
	if (comp != NULL)
		name = xstrdup(comp->name);
	else if ((why = hostname_check(seen, NULL)) != HOSTNAME_OK)
		name = xstrdup(seen);
	else if (sim_is_address(seen))
		name = xstrdup(seen);
	else
		name = sim_upper_label(seen);
	if (why == HOSTNAME_OK)
		why = hostname_check(name, NULL);
	if (why != HOSTNAME_OK) {
		label = sim_escape(name);
		free(name);
		name = label;
	}
	if ((sid = sim_map_find(&c->byname, name, NULL)) == SIM_NONE) {
		if ((c->nsrv & (c->nsrv - 1)) == 0)
			c->srv = xreallocarray(c->srv, c->nsrv == 0 ? 1 :
			    c->nsrv * 2, sizeof *c->srv);
		sid = (uint32_t)c->nsrv++;
		s = &c->srv[sid];
		memset(s, 0, sizeof *s);
		s->name = name;
		s->computer = comp;
		s->entry = s->weak = -1;
		s->last_seen = UTIL_TIME_NONE;
		s->refused = why;
		if (why == HOSTNAME_OK)
			s->host = hostname_create(name, NULL);
		if (comp != NULL) {
			s->class = comp->dc ? SERVER_DC : SERVER_DOMAIN;
			if (comp->dns != NULL)
				s->fqdn = xstrdup(comp->dns);
		} else
			s->class = sim_outside(c, seen) ? SERVER_NONDOMAIN :
			    SERVER_DOMAIN;
		sim_map_put(&c->byname, s->name, NULL, sid);
	} else {
		free(name);
		s = &c->srv[sid];
	}
	if (s->fqdn == NULL && s->host != NULL && strchr(seen, '.') != NULL &&
	    !sim_is_address(seen))
		s->fqdn = seen;
	else
		free(seen);
	if (s->fqdn != NULL && s->host != NULL && s->fqdn_host == NULL)
		s->fqdn_host = hostname_create(s->fqdn, NULL);
	sim_map_put(&c->raw, raw, NULL, sid);
	return (sid);
}

/* True if the DNS domain d is a trust's partner or lies under one. */
static int
sim_in_trust(const struct sim_domain *dom, const char *d)
{
	size_t	i, l = strlen(d), pl;

	for (i = 0; i < dom->ntrusts; i++) {
		if (dom->trusts[i].partner == NULL)
			continue;
		pl = strlen(dom->trusts[i].partner);
		if (l == pl && strcasecmp(d, dom->trusts[i].partner) == 0)
			return (1);
		if (l > pl && d[l - pl - 1] == '.' &&
		    strcasecmp(d + l - pl, dom->trusts[i].partner) == 0)
			return (1);
	}
	return (0);
}

/*
 * True if flow f proves its server a member of this domain (ntlmplan-events
 * (7)): a server that logs 8003/4003 passed a logon through to a DC of its
 * domain, and an FQDN directly in the domain's DNS name puts it in this
 * one; an 8004/4004 whose SChannelType is 2 (member) or 6 (server) was
 * passed through a member's secure channel with the DC that logged it.
 */
static int
sim_member_evidence(const struct sim_ctx *c, const struct flow *f)
{
	static const struct {
		int	id;
		int	by_server;	/* logged by the server itself */
	} proof[] = {
		{ 8003, 1 }, { 4003, 1 }, { 4624, 1 }, { 8004, 0 }, { 4004, 0 }
	};
	const char	*dot;
	char		*seen;
	size_t		 i;
	int		 yes = 0;

	if (util_is_null_value(f->key.server))
		return (0);
	for (i = 0; i < sizeof proof / sizeof proof[0]; i++)
		if (proof[i].id == f->key.event_id)
			break;
	if (i == sizeof proof / sizeof proof[0])
		return (0);
	/* A 4624 proves a pass-through only as an NTLM network logon. */
	if (f->key.event_id == 4624 && (f->key.logon_type != 3 ||
	    simulate_account_class(c->dom, f->key.domain, f->key.user,
	    NULL) != ACCOUNT_DOMAIN))
		return (0);
	if (proof[i].by_server) {
		/*
		 * It passed a logon through to a DC of its own domain: a
		 * member, of this domain unless its DNS name places it in a
		 * trusted one (a short name, or a disjoint namespace such as
		 * srv12.dmz.example, proves nothing else).
		 */
		seen = sim_host_part(f->key.server);
		dot = strchr(seen, '.');
		yes = !sim_is_address(seen) && (dot == NULL ||
		    (dot != seen && !sim_in_trust(c->dom, dot + 1)));
		free(seen);
		return (yes);
	}
	if (f->key.schannel_type != 2 && f->key.schannel_type != 6)
		return (0);
	if (strchr(f->key.server, '.') != NULL || sim_is_address(f->key.server))
		return (0);
	/* The DC that logged it must be one of this domain's. */
	return (f->key.logged_by == NULL ||
	    sim_in_dns(f->key.logged_by, c->dom->dns));
}

/*
 * True if flow f came over a trust's secure channel (an 8004 family event
 * with SChannelType 3 or 4, MS-NRPC 2.2.1.3.13): SChannelName is then the
 * other domain, not a server of this one.
 */
static int
sim_trust_channel(const struct flow *f)
{
	return (event_on_dc(f->key.event_id) && (f->key.schannel_type == 3 ||
	    f->key.schannel_type == 4));
}

/* Mark the servers their own events prove members (before classifying). */
static void
sim_prove(struct sim_ctx *c)
{
	struct sim_srv	*s;
	size_t		 i;
	uint32_t	 sid;

	for (i = 0; i < flows_count(c->fl); i++) {
		if (!sim_member_evidence(c, flows_flow(c->fl, i)))
			continue;
		sid = sim_server(c, flows_flow(c->fl, i)->key.server);
		s = &c->srv[sid];
		if (s->computer == NULL) {
			s->class = SERVER_DOMAIN;
			s->proven = 1;
		}
	}
}

/*
 * True if name (len bytes, a trailing dot ignored) is d, case-insensitively:
 * "CORP.EXAMPLE." is corp.example.
 */
static int
sim_same_domain(const char *name, size_t len, const char *d)
{
	size_t	dl;

	if (d == NULL)
		return (0);
	while (len > 0 && name[len - 1] == '.')
		len--;
	dl = strlen(d);
	while (dl > 0 && d[dl - 1] == '.')
		dl--;
	return (len > 0 && len == dl && strncasecmp(name, d, len) == 0);
}

/* The class of a domain name (len bytes): domain, trusted or unknown. */
static enum account_class
sim_domain_class(const struct sim_domain *dom, const char *name, size_t len)
{
	size_t	i;

	if (sim_same_domain(name, len, dom->netbios) ||
	    sim_same_domain(name, len, dom->dns))
		return (ACCOUNT_DOMAIN);
	for (i = 0; i < dom->ntrusts; i++)
		if (sim_same_domain(name, len, dom->trusts[i].flat) ||
		    sim_same_domain(name, len, dom->trusts[i].partner))
			return (ACCOUNT_TRUSTED);
	return (ACCOUNT_UNKNOWN);
}

/*
 * A user principal name's suffix (ntlmplan-events(7)): the domain's DNS
 * name or a UPN suffix of the forest is this domain (the safe reading: the
 * forest's suffixes may belong to another of its domains, whose accounts
 * the same options deny), a trust's partner is trusted; anything else is
 * unknown.
 */
static enum account_class
sim_upn_class(const struct sim_domain *dom, const char *suffix)
{
	enum account_class	c;
	size_t			i, len = strlen(suffix);

	if ((c = sim_domain_class(dom, suffix, len)) != ACCOUNT_UNKNOWN)
		return (c);
	for (i = 0; i < dom->nupn_suffixes; i++)
		if (sim_same_domain(suffix, len, dom->upn_suffixes[i]))
			return (ACCOUNT_DOMAIN);
	return (ACCOUNT_UNKNOWN);
}

enum account_class
simulate_account_class(const struct sim_domain *dom, const char *domain,
    const char *user, const char *server)
{
	enum account_class	 c;
	const char		*at;

	if (util_is_null_value(user) ||
	    strcasecmp(user, "ANONYMOUS LOGON") == 0)
		return (ACCOUNT_ANONYMOUS);
	if (!util_is_null_value(domain)) {
		c = sim_domain_class(dom, domain, strlen(domain));
		if (c != ACCOUNT_UNKNOWN)
			return (c);
		if (server != NULL && strcasecmp(domain, server) == 0)
			return (ACCOUNT_LOCAL);
	}
	/* A UPN, with the domain empty or one the plan cannot place. */
	if ((at = strrchr(user, '@')) != NULL && at[1] != '\0')
		return (sim_upn_class(dom, at + 1));
	return (ACCOUNT_UNKNOWN);
}

void
simulate_options_init(struct sim_options *o)
{
	memset(o, 0, sizeof *o);
	o->audit_level = -1;
	o->stale = 90 * UTIL_DAY;
	o->evidence_max = 3;
}

/* A new caveat of code c, its figures zero (report-text-caveats.c). */
static struct sim_caveat *
sim_caveat(struct sim_result *r, enum sim_code c)
{
	struct sim_caveat	*cv;

	r->caveats = xreallocarray(r->caveats, r->ncaveats + 1,
	    sizeof *r->caveats);
	cv = &r->caveats[r->ncaveats++];
	memset(cv, 0, sizeof *cv);
	cv->code = c;
	return (cv);
}

/* A caveat of code c with two counts. */
static struct sim_caveat *
sim_caveat2(struct sim_result *r, enum sim_code c, uint64_t n0, uint64_t n1)
{
	struct sim_caveat	*cv = sim_caveat(r, c);

	cv->n[0] = n0;
	cv->n[1] = n1;
	return (cv);
}

/* Widen the window [*first, *last] to cover flow f's. */
static void
sim_widen(int64_t *first, int64_t *last, const struct flow *f)
{
	if (f->first_seen != UTIL_TIME_NONE && (*first == UTIL_TIME_NONE ||
	    f->first_seen < *first))
		*first = f->first_seen;
	if (f->last_seen != UTIL_TIME_NONE && (*last == UTIL_TIME_NONE ||
	    f->last_seen > *last))
		*last = f->last_seen;
}

/* The fields a site rule can match, for flow f at server s. */
static void
sim_rule_values(const struct flow *f, const struct sim_srv *s,
    enum account_class aclass, char *idbuf, const char **v)
{
	snprintf(idbuf, SIM_IDBUF, "%d", f->key.event_id);
	v[RULES_EVENT_ID] = idbuf;
	v[RULES_LOGGED_BY] = f->key.logged_by;
	v[RULES_SERVER] = f->key.server;
	v[RULES_NAME] = s->name;
	v[RULES_DOMAIN] = f->key.domain;
	v[RULES_USER] = f->key.user;
	v[RULES_WORKSTATION] = f->key.workstation;
	v[RULES_PROCESS] = f->key.process;
	v[RULES_MECHANISM] = f->key.mechanism;
	v[RULES_ACCOUNT_CLASS] = policy_account_class_name(aclass);
	v[RULES_SERVER_CLASS] = policy_server_class_name(s->class);
}

/* The virtual byte i of "s: " (len the length of s), 0 past its end. */
static int
sim_item_byte(const char *s, size_t len, size_t i, int fold)
{
	int	ch;

	if (i < len)
		ch = (unsigned char)s[i];
	else if (i == len)
		ch = ':';
	else if (i == len + 1)
		ch = ' ';
	else
		return (0);
	return (fold ? tolower(ch) : ch);
}

/* Compare "a: " with "b: ", case-folded or bytewise. */
static int
sim_item_prefix_compare(const char *a, const char *b, int fold)
{
	size_t	la = strlen(a), lb = strlen(b), i;
	int	ca, cb;

	for (i = 0; i < la + 2 || i < lb + 2; i++) {
		ca = sim_item_byte(a, la, i, fold);
		cb = sim_item_byte(b, lb, i, fold);
		if (ca != cb)
			return (ca < cb ? -1 : 1);
	}
	return (0);
}

/*
 * Items in the order of their texts under util_strp_compare: each text is
 * its name and ": " before the figures, and names are distinct (without
 * regard to case), so the name and that ": " decide.
 */
static int
sim_item_text_compare(const void *a, const void *b)
{
	const struct sim_item	*ia = a, *ib = b;
	int			 c;

	if ((c = sim_item_prefix_compare(ia->name, ib->name, 1)) != 0)
		return (c);
	return (sim_item_prefix_compare(ia->name, ib->name, 0));
}

/* Items that are a name only, by name (util_strp_compare). */
static int
sim_item_name_compare(const void *a, const void *b)
{
	const struct sim_item	*ia = a, *ib = b;

	return (util_strp_compare(&ia->name, &ib->name));
}

/* An (id, events) pair while building a name list. */
struct sim_pair {
	uint32_t	 id;
	uint64_t	 events;
	const char	*a;		/* borrowed: the id's strings, or */
	const char	*b;
	char		*name;		/* owned: a plain name list's */
};

static int
sim_pair_id_compare(const void *a, const void *b)
{
	const struct sim_pair	*pa = a, *pb = b;

	return (pa->id < pb->id ? -1 : pa->id > pb->id);
}

/* Most events first, then by name (case-insensitively, then bytewise). */
static int
sim_pair_events_compare(const void *a, const void *b)
{
	const struct sim_pair	*pa = a, *pb = b;
	int			 c;

	if (pa->events != pb->events)
		return (pa->events > pb->events ? -1 : 1);
	if (pa->name != NULL || pb->name != NULL)
		return (util_strp_compare(&pa->name, &pb->name));
	if ((c = util_strcasecmp_null(pa->a, pb->a)) != 0 ||
	    (c = util_strcasecmp_null(pa->b, pb->b)) != 0)
		return (c);
	if ((c = util_strcmp_null(pa->a, pb->a)) != 0)
		return (c);
	return (util_strcmp_null(pa->b, pb->b));
}

/* Sort pairs: insertion sort for the short lists most servers have. */
static void
sim_sort(struct sim_pair *p, size_t n, int (*cmp)(const void *, const void *))
{
	struct sim_pair	tmp;
	size_t		i, j;

	if (n > 16) {
		qsort(p, n, sizeof *p, cmp);
		return;
	}
	for (i = 1; i < n; i++) {
		tmp = p[i];
		for (j = i; j > 0 && cmp(&p[j - 1], &tmp) > 0; j--)
			p[j] = p[j - 1];
		p[j] = tmp;
	}
}

/* The name of pair p's id in table t, made once (struct sim_ctx). */
static char *
sim_id_name(struct sim_ctx *c, const struct sim_pair *p, enum sim_table t)
{
	const char	*a, *b;
	char		*s, **slot = &c->idname[t][p->id];
	size_t		 la, lb;

	if (*slot != NULL)
		return (*slot);
	if (t != SIM_ACCOUNTS)
		return (*slot = xstrdup(p->a));
	/* DOMAIN\user, joined by hand. */
	a = p->a != NULL ? p->a : "-";
	b = p->b != NULL ? p->b : "-";
	la = strlen(a);
	lb = strlen(b);
	s = xmalloc(la + lb + 2);
	memcpy(s, a, la);
	s[la] = '\\';
	memcpy(s + la + 1, b, lb + 1);
	return (*slot = s);
}

/*
 * Sum n (id, events) pairs by id and sort them most events first; the
 * count of distinct ids.
 */
static size_t
sim_names_rank(const struct sim_ctx *c, enum sim_table t, struct sim_pair *p,
    size_t n)
{
	size_t	i, m = 0;

	if (n == 0)
		return (0);
	sim_sort(p, n, sim_pair_id_compare);
	for (i = 0; i < n; i++) {
		if (m > 0 && p[m - 1].id == p[i].id)
			p[m - 1].events += p[i].events;
		else
			p[m++] = p[i];
	}
	for (i = 0; i < m; i++) {
		p[i].a = c->ids[t][p[i].id].a;
		p[i].b = c->ids[t][p[i].id].b;
	}
	sim_sort(p, m, sim_pair_events_compare);
	return (m);
}

static void
sim_names_clear(struct sim_names *n)
{
	size_t	i;

	for (i = 0; i < n->n; i++)
		free(n->names[i]);
	free(n->names);
	free(n->events);
	memset(n, 0, sizeof *n);
}

/* A name list of plain strings with their events. */
static void
sim_names_strings(struct sim_names *out, char **names, uint64_t *events,
    size_t n)
{
	struct sim_pair	*p;
	size_t		 i;

	memset(out, 0, sizeof *out);
	if (n == 0)
		return;
	p = xcalloc(n, sizeof *p);
	for (i = 0; i < n; i++) {
		p[i].name = names[i];
		p[i].events = events[i];
	}
	qsort(p, n, sizeof *p, sim_pair_events_compare);
	out->names = xcalloc(n, sizeof *out->names);
	out->events = xcalloc(n, sizeof *out->events);
	for (i = 0; i < n; i++) {
		out->names[i] = p[i].name;
		out->events[i] = p[i].events;
	}
	out->n = out->total = n;
	free(p);
}

/* The evidence of one server from its blocked flows idx[0..n). */
static void
sim_evidence(struct sim_ctx *c, uint32_t sid, const uint32_t *idx,
    size_t n, struct sim_server *out)
{
	const struct sim_srv	*s = &c->srv[sid];
	const struct flow	*f;
	struct sim_pair		*p[SIM__TABLES];
	struct sim_names	*list[SIM__TABLES];
	size_t			 np[SIM__TABLES] = { 0, 0, 0 }, i, k = 0;
	uint64_t		*events;
	char			**names;
	uint32_t		 id;
	int			 t;

	memset(out, 0, sizeof *out);
	out->name = s->name;
	out->fqdn = s->fqdn;
	out->host = s->host;
	out->fqdn_host = s->fqdn_host;
	out->refused = s->refused;
	out->class = s->class;
	out->proven = s->proven;
	out->absent = s->computer == NULL;
	out->disabled = s->computer != NULL && !s->computer->enabled;
	out->first_seen = out->last_seen = UTIL_TIME_NONE;
	if (s->entry != -1 && c->opts->exceptions != NULL)
		out->entry = xstrdup(exceptions_get(c->opts->exceptions,
		    (size_t)s->entry)->name);
	if (s->weak != -1 && c->opts->exceptions != NULL)
		out->weak = xstrdup(exceptions_get(c->opts->exceptions,
		    (size_t)s->weak)->name);
	if (n > c->nscratch) {
		for (t = 0; t < SIM__TABLES; t++)
			c->scratch[t] = xreallocarray(c->scratch[t], n,
			    sizeof *c->scratch[t]);
		c->nscratch = n;
	}
	for (t = 0; t < SIM__TABLES; t++)
		p[t] = c->scratch[t];
	for (i = 0; i < n; i++) {
		f = flows_flow(c->fl, idx[i]);
		out->flows++;
		out->events += f->count;
		sim_widen(&out->first_seen, &out->last_seen, f);
		for (t = 0; t < SIM__TABLES; t++) {
			id = t == SIM_ACCOUNTS ? c->flows[idx[i]].account :
			    t == SIM_CLIENTS ? c->flows[idx[i]].client :
			    c->flows[idx[i]].process;
			if (id == SIM_NONE)
				continue;
			p[t][np[t]].id = id;
			p[t][np[t]].name = NULL;
			p[t][np[t]++].events = f->count;
		}
	}
	list[SIM_ACCOUNTS] = &out->accounts;
	list[SIM_CLIENTS] = &out->clients;
	list[SIM_PROCESSES] = &out->processes;
	for (t = 0; t < SIM__TABLES; t++) {
		list[t]->total = sim_names_rank(c, t, p[t], np[t]);
		list[t]->n = list[t]->total < c->opts->evidence_max ?
		    list[t]->total : c->opts->evidence_max;
		k += list[t]->n;
	}
	if (k == 0)
		return;
	/* One block: the events of the three lists, then their names. */
	events = xreallocarray(NULL, k, sizeof *events + sizeof *names);
	names = (char **)(events + k);
	for (t = 0; t < SIM__TABLES; t++) {
		list[t]->events = events;
		list[t]->names = names;
		for (i = 0; i < list[t]->n; i++) {
			events[i] = p[t][i].events;
			names[i] = sim_id_name(c, &p[t][i], t);
		}
		events += list[t]->n;
		names += list[t]->n;
	}
}

static void
sim_server_clear(struct sim_server *s)
{
	if (s->borrowed)
		return;
	free(s->entry);
	free(s->weak);
	free(s->accounts.events);	/* the block of the three lists */
}

static int
sim_server_compare(const void *a, const void *b)
{
	const struct sim_server	*sa = a, *sb = b;

	return (util_strp_compare(&sa->name, &sb->name));
}

/*
 * The entry in force that covers server s: only one that names it as the
 * list is matched, its NetBIOS name (or its address) without a wildcard
 * (ntlmplan-plan(5), LISTS IN FORCE).  An entry that matched it otherwise,
 * a wildcard or its FQDN, is kept as weak: no proof, the server goes on the
 * list by name.  A server whose name no list can hold is never covered.
 */
static void
sim_match(struct sim_ctx *c, struct sim_srv *s)
{
	struct exceptions		*ex = c->opts->exceptions;
	const struct exceptions_entry	*e;
	long				 m;

	if (s->events == 0 || s->host == NULL)
		return;
	if ((m = exceptions_match(ex, s->name, s->fqdn)) == -1)
		return;
	e = exceptions_get(ex, (size_t)m);
	if (strchr(e->name, '*') == NULL && strcasecmp(e->name, s->name) == 0) {
		s->entry = m;
		return;
	}
	s->weak = m;
	s->entry = exceptions_exact(ex, s->name);
}

/*
 * The (DC, account) pairs of the pass-throughs the DCs logged naming the
 * server (8004-8006, 4004-4006, 4030-4033): what explains a DC's 4776.
 */
static void
sim_passed_build(struct sim_ctx *c)
{
	const struct flow	*f;
	size_t			 i;

	c->passed_built = 1;
	for (i = 0; i < flows_count(c->fl); i++) {
		f = flows_flow(c->fl, i);
		if (f->key.event_id == 4776 || !event_on_dc(f->key.event_id) ||
		    util_is_null_value(f->key.server) ||
		    util_is_null_value(f->key.logged_by) ||
		    util_is_null_value(f->key.user))
			continue;
		if (sim_map_find(&c->passed, f->key.logged_by, f->key.user) ==
		    SIM_NONE)
			sim_map_put(&c->passed, f->key.logged_by, f->key.user,
			    0);
	}
}

/*
 * True if flow f, a DC's Security 4776 (it validated NTLM credentials; the
 * event names no server), is explained by the same DC's NTLM audit: a
 * pass-through it logged for the same account names the server, and those
 * flows decide.  A 4776 nothing explains is NTLM the DC validates that no
 * audit record places (MS-CHAPv2 through NPS is one such use): it stays,
 * denied for what it would break.  A failed validation explains itself.
 */
static int
sim_dc_explained(struct sim_ctx *c, const struct flow *f)
{
	const char		*st = f->key.status;
	char			*end;
	unsigned long long	 v;

	/*
	 * A validation that failed (Status not 0, e.g. 0xC000006A): the
	 * logon fails today, enforcing breaks nothing of it.  No Status, or
	 * one that does not read as a number, counts as a success.
	 */
	if (!util_is_null_value(st)) {
		errno = 0;
		v = strtoull(st, &end, 16);
		if (errno == 0 && end != st && *end == '\0' && v != 0)
			return (1);
	}
	if (!c->passed_built)
		sim_passed_build(c);
	return (!util_is_null_value(f->key.logged_by) &&
	    !util_is_null_value(f->key.user) && sim_map_find(&c->passed,
	    f->key.logged_by, f->key.user) != SIM_NONE);
}

/*
 * True if flow f is not evaluated on its own: a Security 4624 that is no
 * pass-through for the domain setting (only an NTLM network logon, type 3,
 * on a member is one, MS-APDS 3.1.5; a DC validates its own logons; other
 * settings take 4624 whole), or a DC's 4776 its NTLM audit explains.
 */
static int
sim_not_passed(struct sim_ctx *c, const struct flow *f)
{
	uint32_t	sid;

	if (f->key.event_id == 4776)
		return (sim_dc_explained(c, f));
	if (f->key.event_id != 4624 || !policy_has_event(c->opts->policy, 8003))
		return (0);
	if (f->key.logon_type != 3 || util_is_null_value(f->key.server))
		return (1);
	sid = sim_server(c, f->key.server);	/* may move c->srv */
	return (c->srv[sid].class == SERVER_DC);
}

/* What a site rule or --assume-fixed does with flow i, at server s. */
static enum sim_action
sim_action(struct sim_ctx *c, size_t i, const struct flow *f,
    const struct sim_srv *s, enum account_class aclass)
{
	const struct rule	*rule;
	const char		*v[RULES_FIELD__COUNT];
	char			 idbuf[SIM_IDBUF];

	if (c->opts->rules != NULL) {
		sim_rule_values(f, s, aclass, idbuf, v);
		rule = rules_match(c->opts->rules, v, f->count);
		if (rule != NULL)
			return (rule->action == RULES_IGNORE ? SIM_ACT_IGNORE :
			    rule->action == RULES_REMEDIATE ?
			    SIM_ACT_REMEDIATE : c->opts->keep_fixed ?
			    SIM_ACT_NONE : SIM_ACT_FIXED);
	}
	if (c->opts->fixed != NULL && !c->opts->keep_fixed &&
	    c->opts->fixed[i])
		return (SIM_ACT_FIXED);
	return (SIM_ACT_NONE);
}

/* Count evaluated flow f (sf) at its server s: classes, volumes, ids. */
static void
sim_count(struct sim_ctx *c, const struct flow *f, struct sim_flow *sf,
    struct sim_srv *s)
{
	struct sim_result	*r = c->r;
	const char		*client;

	r->classes[sf->aclass][s->class].flows++;
	r->classes[sf->aclass][s->class].events += f->count;
	/*
	 * What the audit level is inferred from: an account the plan cannot
	 * place never raises it, and the Security log's 4624 and 4776 are
	 * logged whatever the NTLM audit setting is.
	 */
	if (sf->aclass != ACCOUNT_UNKNOWN && f->key.event_id != 4624 &&
	    f->key.event_id != 4776)
		c->audit_seen |= 1U << (sf->aclass * SERVER__COUNT + s->class);
	s->events += f->count;
	if (event_on_dc(f->key.event_id))
		s->dc_events += f->count;
	if (f->last_seen != UTIL_TIME_NONE && (s->last_seen == UTIL_TIME_NONE ||
	    f->last_seen > s->last_seen))
		s->last_seen = f->last_seen;
	sf->account = sim_id(c, SIM_ACCOUNTS, f->key.domain, f->key.user);
	client = c->opts->policy->client_logged_by ? f->key.logged_by :
	    f->key.workstation;
	if (!util_is_null_value(client))
		sf->client = sim_id(c, SIM_CLIENTS, client, NULL);
	if (!util_is_null_value(f->key.process))
		sf->process = sim_id(c, SIM_PROCESSES, f->key.process, NULL);
}

/* Classify every flow once. */
static void
sim_classify(struct sim_ctx *c, const struct policy *const *levels,
    size_t nlevels)
{
	struct sim_result	*r = c->r;
	const struct flow	*f;
	struct sim_flow		*sf;
	struct sim_srv		*s;
	size_t			 i, l;
	int			 ev;

	for (i = 0; i < c->nflows; i++) {
		f = flows_flow(c->fl, i);
		sf = &c->flows[i];
		sf->sid = sf->account = sf->client = sf->process = SIM_NONE;
		r->input.flows++;
		r->input.events += f->count;
		sim_widen(&r->first_seen, &r->last_seen, f);
		for (ev = 0, l = 0; l < nlevels && !ev; l++)
			ev = policy_has_event(levels[l], f->key.event_id);
		if (!ev || sim_not_passed(c, f))
			continue;
		sf->evaluated = 1;
		r->evaluated.flows++;
		r->evaluated.events += f->count;
		if (sim_trust_channel(f)) {
			/* Never a server of this domain: shown apart. */
			sf->trust = 1;
			sf->aclass = (uint8_t)simulate_account_class(c->dom,
			    f->key.domain, f->key.user, NULL);
			r->trust.flows++;
			r->trust.events += f->count;
			continue;
		}
		if (util_is_null_value(f->key.server)) {
			sf->noserver = 1;
			sf->aclass = (uint8_t)simulate_account_class(c->dom,
			    f->key.domain, f->key.user, NULL);
			r->no_server.flows++;
			r->no_server.events += f->count;
			continue;
		}
		sf->sid = sim_server(c, f->key.server);
		s = &c->srv[sf->sid];
		sf->aclass = (uint8_t)simulate_account_class(c->dom,
		    f->key.domain, f->key.user, s->name);
		sf->action = sim_action(c, i, f, s, sf->aclass);
		if (sf->action == SIM_ACT_FIXED) {
			r->fixed.flows++;
			r->fixed.events += f->count;
			sf->action = SIM_ACT_IGNORE;	/* left out as well */
			continue;
		}
		if (sf->action == SIM_ACT_IGNORE) {
			r->ignored.flows++;
			r->ignored.events += f->count;
			continue;
		}
		sim_count(c, f, sf, s);
	}
	for (i = 0; c->opts->exceptions != NULL && i < c->nsrv; i++)
		sim_match(c, &c->srv[i]);
}

/*
 * What sim_level keeps of the level before: its blocked flows by server
 * (idx[start[sid]..start[sid + 1]), by flow) and each server's evidence,
 * which a level that denies a server the same flows borrows (the levels
 * of the setting often differ only at some servers).
 */
struct sim_prev {
	uint32_t		*start;		/* owned: nsrv + 2 */
	uint32_t		*idx;		/* owned: nflows + 1 */
	struct sim_server	*ev;		/* owned array, borrowed
						   evidence: by server */
	uint32_t		*mark;		/* owned: level that set ev */
};

/*
 * Append a server's evidence to an array grown by doubling: the level
 * before's if it denied the server the same flows (level mark - 1).
 */
static void
sim_push(struct sim_ctx *c, struct sim_server **v, size_t *n,
    uint32_t sid, const uint32_t *idx, size_t cnt, struct sim_prev *pv,
    uint32_t mark)
{
	struct sim_server	*out;
	size_t			 k;

	if ((*n & (*n - 1)) == 0)
		*v = xreallocarray(*v, *n == 0 ? 1 : *n * 2, sizeof **v);
	out = &(*v)[(*n)++];
	k = pv->start[sid + 1] - pv->start[sid];
	if (mark > 1 && pv->mark[sid] == mark - 1 && k == cnt &&
	    memcmp(pv->idx + pv->start[sid], idx, cnt * sizeof *idx) == 0) {
		*out = pv->ev[sid];		/* borrowed already */
	} else {
		sim_evidence(c, sid, idx, cnt, out);
		pv->ev[sid] = *out;
		pv->ev[sid].borrowed = 1;
	}
	pv->mark[sid] = mark;
}

/*
 * Make *v (n servers) the array of the level before (bv, bn) if every
 * server of it is borrowed from there in the same order: one array for the
 * levels that deny the same servers the same flows, not a copy per level.
 */
static void
sim_share(struct sim_server **v, size_t n, struct sim_server *bv, size_t bn,
    unsigned *shared, unsigned bit)
{
	size_t	i;

	if (bv == NULL || n == 0 || n != bn)
		return;
	for (i = 0; i < n; i++) {
		if (!(*v)[i].borrowed || (*v)[i].name != bv[i].name ||
		    (*v)[i].accounts.names != bv[i].accounts.names)
			return;
	}
	free(*v);
	*v = bv;
	*shared |= bit;
}

/*
 * Flow i if option p blocks it (before exceptions), NULL if not: no server,
 * ignored by a rule, not one of p's events, or a class p lets through.
 */
static const struct flow *
sim_blocked(const struct sim_ctx *c, const struct policy *p, size_t i)
{
	const struct sim_flow	*sf = &c->flows[i];
	const struct flow	*f;

	if (sf->sid == SIM_NONE || sf->action == SIM_ACT_IGNORE)
		return (NULL);
	f = flows_flow(c->fl, i);
	if (!policy_has_event(p, f->key.event_id) ||
	    !policy_blocks(p, sf->aclass, c->srv[sf->sid].class))
		return (NULL);
	return (f);
}

/*
 * The flows option lv denies that name no server of this domain (a trust's
 * channel, no server at all, a DC's 4776 nothing explains): no list can
 * cover them; denied before exceptions all the same, and still denied.
 */
static void
sim_level_unplaced(const struct sim_ctx *c, struct sim_level *lv)
{
	const struct policy	*p = lv->policy;
	const struct flow	*f;
	const struct sim_flow	*sf;
	size_t			 i;

	for (i = 0; i < c->nflows; i++) {
		sf = &c->flows[i];
		f = flows_flow(c->fl, i);
		if ((!sf->trust && !sf->noserver) ||
		    !policy_has_event(p, f->key.event_id) ||
		    !policy_blocks(p, sf->aclass, sf->trust ?
		    SERVER_NONDOMAIN : SERVER_DOMAIN))
			continue;
		lv->blocked_flows++;
		lv->blocked_events += f->count;
		if (sf->trust) {
			lv->trust_flows++;
			lv->trust_events += f->count;
		} else if (f->key.event_id == 4776) {
			lv->dcvalid_flows++;
			lv->dcvalid_events += f->count;
		} else {
			lv->noserver_flows++;
			lv->noserver_events += f->count;
		}
		lv->residual_flows++;
		lv->residual_events += f->count;
	}
}

/* One option: blocked flows, exceptions, residuals, evidence. */
static void
sim_level(struct sim_ctx *c, struct sim_level *lv, struct sim_level *before,
    uint32_t *stamp[2], uint32_t mark, uint32_t *start, uint32_t *idx,
    uint8_t *nonrem, struct sim_prev *pv)
{
	const struct policy	*p = lv->policy;
	const struct flow	*f;
	const struct sim_flow	*sf;
	const struct sim_srv	*s;
	size_t			 i;
	uint32_t		 sid, *fill;

	memset(start, 0, (c->nsrv + 1) * sizeof *start);
	memset(nonrem, 0, c->nsrv);
	sim_level_unplaced(c, lv);
	for (i = 0; i < c->nflows; i++) {
		if ((f = sim_blocked(c, p, i)) == NULL)
			continue;
		sf = &c->flows[i];
		lv->blocked_flows++;
		lv->blocked_events += f->count;
		if (stamp[0][sf->account] != mark) {
			stamp[0][sf->account] = mark;
			lv->accounts++;
		}
		if (sf->client != SIM_NONE && stamp[1][sf->client] != mark) {
			stamp[1][sf->client] = mark;
			lv->clients++;
		}
		if (start[sf->sid + 1]++ == 0)
			lv->servers++;
		if (sf->action == SIM_ACT_NONE)
			nonrem[sf->sid] = 1;
		if (sf->action == SIM_ACT_REMEDIATE) {
			lv->remediate_flows++;
			lv->remediate_events += f->count;
		}
	}
	/* Counting sort of the blocked flows by server. */
	for (i = 1; i <= c->nsrv; i++)
		start[i] += start[i - 1];
	fill = xcalloc(c->nsrv + 1, sizeof *fill);
	for (i = 0; i < c->nflows; i++) {
		if (sim_blocked(c, p, i) == NULL)
			continue;
		sf = &c->flows[i];
		idx[start[sf->sid] + fill[sf->sid]++] = (uint32_t)i;
	}
	free(fill);
	for (sid = 0; sid < c->nsrv; sid++) {
		size_t	 n = start[sid + 1] - start[sid];
		uint64_t ev = 0;

		if (n == 0)
			continue;
		s = &c->srv[sid];
		for (i = 0; i < n; i++)
			ev += flows_flow(c->fl, idx[start[sid] + i])->count;
		if (s->host == NULL) {
			lv->residual_flows += n;
			lv->residual_events += ev;
			sim_push(c, &lv->refused, &lv->nrefused, sid,
			    idx + start[sid], n, pv, mark);
		} else if (s->entry != -1) {
			lv->excepted_flows += n;
			lv->excepted_events += ev;
			sim_push(c, &lv->already, &lv->nalready, sid,
			    idx + start[sid], n, pv, mark);
		} else if (nonrem[sid]) {
			sim_push(c, &lv->exceptions, &lv->nexceptions, sid,
			    idx + start[sid], n, pv, mark);
		} else {
			lv->residual_flows += n;
			lv->residual_events += ev;
			sim_push(c, &lv->remediate, &lv->nremediate, sid,
			    idx + start[sid], n, pv, mark);
		}
	}
	memcpy(pv->start, start, (c->nsrv + 1) * sizeof *start);
	memcpy(pv->idx, idx, start[c->nsrv] * sizeof *idx);
	if (lv->nexceptions > 1)
		qsort(lv->exceptions, lv->nexceptions, sizeof *lv->exceptions,
		    sim_server_compare);
	if (lv->nalready > 1)
		qsort(lv->already, lv->nalready, sizeof *lv->already,
		    sim_server_compare);
	if (lv->nremediate > 1)
		qsort(lv->remediate, lv->nremediate, sizeof *lv->remediate,
		    sim_server_compare);
	if (lv->nrefused > 1)
		qsort(lv->refused, lv->nrefused, sizeof *lv->refused,
		    sim_server_compare);
	if (before == NULL)
		return;
	sim_share(&lv->exceptions, lv->nexceptions, before->exceptions,
	    before->nexceptions, &lv->shared, SIM_SHARED_EXCEPTIONS);
	sim_share(&lv->already, lv->nalready, before->already,
	    before->nalready, &lv->shared, SIM_SHARED_ALREADY);
	sim_share(&lv->remediate, lv->nremediate, before->remediate,
	    before->nremediate, &lv->shared, SIM_SHARED_REMEDIATE);
	sim_share(&lv->refused, lv->nrefused, before->refused,
	    before->nrefused, &lv->shared, SIM_SHARED_REFUSED);
}

/* Bit set of (account, server) class pairs a policy blocks. */
static uint32_t
sim_pairs(const struct policy *p)
{
	uint32_t	m = 0;
	int		a, s;

	for (a = 0; a < ACCOUNT__COUNT; a++) {
		for (s = 0; s < SERVER__COUNT; s++) {
			if (policy_blocks(p, a, s))
				m |= 1U << (a * SERVER__COUNT + s);
		}
	}
	return (m);
}

static int
sim_popcount(uint32_t m)
{
	int	n = 0;

	for (; m != 0; m &= m - 1)
		n++;
	return (n);
}

/*
 * Audit level: stated or inferred; caveats for levels beyond it.  Its
 * branches (stated, inferred, the audit stage, what each level answers)
 * read the same class-pair masks one after the other, so they stay in one
 * function although it counts more than 25 decisions.
 */
static void
sim_audit(struct sim_ctx *c, const struct policy *const *levels, size_t n)
{
	struct sim_result	*r = c->r;
	const struct policy	*best = NULL, *stage;
	struct sim_caveat	*cv;
	uint32_t		 seen = 0, m, am;
	long			 av;
	size_t			 i;
	int			 a, s;

	for (a = 0; a < ACCOUNT__COUNT; a++) {
		if (c->opts->policy->anomalies & (1U << a))
			continue;
		for (s = 0; s < SERVER__COUNT; s++)
			seen |= c->audit_seen & (1U << (a * SERVER__COUNT + s));
	}
	if (c->opts->audit_level >= 0) {
		for (i = 0; i < n; i++) {
			av = levels[i]->audit_key != NULL ?
			    levels[i]->audit_value : levels[i]->off;
			if (av == c->opts->audit_level)
				best = levels[i];
		}
		r->audit = best;
		if (best != NULL && (seen & ~sim_pairs(best)) != 0) {
			cv = sim_caveat2(r, SIM_AUDIT_CONTRADICTED,
			    seen & ~sim_pairs(best), 0);
			cv->t[0] = c->opts->audit_level;
		}
	} else if (seen != 0) {
		for (i = 0; i < n; i++) {
			m = sim_pairs(levels[i]);
			if ((seen & ~m) != 0)
				continue;
			if (best == NULL ||
			    sim_popcount(m) < sim_popcount(sim_pairs(best)))
				best = levels[i];
		}
		r->audit = best;
		r->audit_inferred = 1;
		if (best != NULL)
			sim_caveat(r, SIM_AUDIT_INFERRED)->p[0] = best;
	}
	/* Audit at the planned level, never narrower than the data was. */
	am = sim_pairs(c->opts->policy) | (r->audit != NULL ?
	    sim_pairs(r->audit) : 0);
	stage = (am & ~sim_pairs(c->opts->policy)) == 0 ? c->opts->policy :
	    NULL;
	for (i = 0; i < n && stage != c->opts->policy; i++) {
		m = sim_pairs(levels[i]);
		if ((am & ~m) != 0)
			continue;
		if (stage == NULL ||
		    sim_popcount(m) < sim_popcount(sim_pairs(stage)))
			stage = levels[i];
	}
	r->audit_stage = stage != NULL ? stage : c->opts->policy;
	if (r->audit == NULL) {
		for (i = 0; i < r->nlevels; i++)
			r->levels[i].answered = seen != 0;
		if (seen == 0)
			sim_caveat(r, SIM_NO_DATA);
		return;
	}
	am = sim_pairs(r->audit);
	for (i = 0; i < r->nlevels; i++) {
		m = sim_pairs(r->levels[i].policy);
		r->levels[i].answered = (m & ~am) == 0;
		if (r->levels[i].answered)
			continue;
		cv = sim_caveat2(r, SIM_LEVEL_BEYOND_AUDIT, m & ~am, 0);
		cv->p[0] = r->levels[i].policy;
	}
}

/* The domains of accounts of class unknown, with their events. */
static void
sim_unknown_domains(struct sim_ctx *c)
{
	struct sim_map		 dm;
	const struct flow	*f;
	char			**names = NULL;
	uint64_t		*ev = NULL;
	uint32_t		 d;
	size_t			 i, n = 0;

	memset(&dm, 0, sizeof dm);
	for (i = 0; i < c->nflows; i++) {
		if (c->flows[i].sid == SIM_NONE ||
		    c->flows[i].action == SIM_ACT_IGNORE ||
		    c->flows[i].aclass != ACCOUNT_UNKNOWN)
			continue;
		f = flows_flow(c->fl, i);
		if ((d = sim_map_find(&dm, f->key.domain, NULL)) == SIM_NONE) {
			names = xreallocarray(names, n + 1, sizeof *names);
			ev = xreallocarray(ev, n + 1, sizeof *ev);
			names[n] = xstrdup(f->key.domain != NULL ?
			    f->key.domain : "-");
			ev[n] = 0;
			d = (uint32_t)n++;
			sim_map_put(&dm, f->key.domain, NULL, d);
		}
		ev[d] += f->count;
	}
	sim_names_strings(&c->r->unknown_domains, names, ev, n);
	free(names);
	free(ev);
	sim_map_clear(&dm);
}

static void	sim_caveats_events(struct sim_ctx *);


/* The trusted domains whose secure channel passed logons through. */
static void
sim_trust_names(struct sim_ctx *c)
{
	const struct flow	*f;
	char			**names = NULL;
	uint64_t		*events = NULL;
	size_t			 i, j, n = 0;

	for (i = 0; i < c->nflows; i++) {
		if (!c->flows[i].trust)
			continue;
		f = flows_flow(c->fl, i);
		for (j = 0; j < n; j++)
			if (strcasecmp(names[j], f->key.server != NULL ?
			    f->key.server : "-") == 0)
				break;
		if (j == n) {
			if ((n & (n - 1)) == 0) {
				names = xreallocarray(names, n == 0 ? 1 : 2 * n,
				    sizeof *names);
				events = xreallocarray(events, n == 0 ? 1 :
				    2 * n, sizeof *events);
			}
			names[n] = sim_escape(f->key.server != NULL ?
			    f->key.server : "-");
			events[n++] = 0;
		}
		events[j] += f->count;
	}
	sim_names_strings(&c->r->trust_channels, names, events, n);
	free(names);
	free(events);
	if (n > 0)
		sim_caveat2(c->r, SIM_TRUST_CHANNEL, c->r->trust.flows,
		    c->r->trust.events);
}

/* The logging hosts, and those whose window is short (a caveat). */
static void
sim_caveats_hosts(struct sim_ctx *c)
{
	struct sim_result	*r = c->r;
	struct sim_caveat	*cv;
	struct flows_host	*h;
	int64_t			 longest = 0, w;
	size_t			 i, n;
	struct sim_item		*it;

	n = flows_hosts(c->fl, &h);
	r->hosts = xcalloc(n + 1, sizeof *r->hosts);
	r->nhosts = n;
	for (i = 0; i < n; i++) {
		r->hosts[i].name = h[i].name != NULL ? xstrdup(h[i].name) :
		    NULL;
		r->hosts[i].events = h[i].events;
		r->hosts[i].first_seen = h[i].first_seen;
		r->hosts[i].last_seen = h[i].last_seen;
		r->hosts[i].log_first = h[i].log_first;
		r->hosts[i].log_last = h[i].log_last;
		r->hosts[i].lost = h[i].lost;
		r->hosts[i].gaps = h[i].gaps;
		/* The window its log covered, every record (flows.h). */
		if (h[i].log_first != UTIL_TIME_NONE &&
		    h[i].log_last - h[i].log_first > longest)
			longest = h[i].log_last - h[i].log_first;
	}
	cv = NULL;
	for (i = 0; i < n && longest > 0; i++) {
		w = h[i].log_first == UTIL_TIME_NONE ? 0 :
		    h[i].log_last - h[i].log_first;
		if (w * 2 >= longest)
			continue;
		r->hosts[i].short_window = 1;
		if (cv == NULL) {
			cv = sim_caveat(r, SIM_SHORT_WINDOW);
			cv->t[0] = longest;
		}
		it = simulate_item_add(cv, h[i].name);
		it->t[0] = h[i].log_first;
		it->t[1] = h[i].log_last;
	}
	free(h);
}

/* DCs receiving NTLM, servers not in the directory, proven members. */
static void
sim_caveats_servers(struct sim_ctx *c)
{
	struct sim_result	*r = c->r;
	struct sim_caveat	*cv;
	const struct sim_srv	*s;
	size_t			 i, nd = 0, na = 0, np = 0;
	char			**dn, **an;
	uint64_t		*de, *ae;

	dn = xcalloc(c->nsrv + 1, sizeof *dn);
	de = xcalloc(c->nsrv + 1, sizeof *de);
	an = xcalloc(c->nsrv + 1, sizeof *an);
	ae = xcalloc(c->nsrv + 1, sizeof *ae);
	for (i = 0; i < c->nsrv; i++) {
		s = &c->srv[i];
		if (s->events == 0)
			continue;
		if (s->class == SERVER_DC) {
			dn[nd] = xstrdup(s->name);
			de[nd++] = s->events;
		}
		if (s->computer == NULL) {
			an[na] = xstrdup(s->name);
			ae[na++] = s->events;
		}
		if (s->proven)
			np++;
	}
	sim_names_strings(&r->dc_servers, dn, de, nd);
	sim_names_strings(&r->absent, an, ae, na);
	free(dn);
	free(de);
	free(an);
	free(ae);
	if (na > 0) {
		cv = sim_caveat2(r, SIM_ABSENT, na, 0);
		for (i = 0; i < r->absent.n; i++)
			(void)simulate_item_add(cv, r->absent.names[i]);
		qsort(cv->items, cv->nitems, sizeof *cv->items,
		    sim_item_name_compare);
	}
	if (np > 0) {
		cv = sim_caveat2(r, SIM_MEMBER_ABSENT, np, 0);
		for (i = 0; i < c->nsrv; i++)
			if (c->srv[i].proven && c->srv[i].events > 0)
				(void)simulate_item_add(cv, c->srv[i].name);
		qsort(cv->items, cv->nitems, sizeof *cv->items,
		    sim_item_name_compare);
	}
}

/* Computers stale or disabled in the directory; servers seen twice. */
static void
sim_caveats_computers(struct sim_ctx *c)
{
	struct sim_result		*r = c->r;
	struct sim_caveat		*cv;
	const struct sim_srv		*s;
	const struct sim_computer	*comp;
	size_t				 i;
	struct sim_item			*it;

	cv = NULL;
	for (i = 0; i < c->nsrv; i++) {
		s = &c->srv[i];
		if (s->events == 0 || (comp = s->computer) == NULL ||
		    !comp->enabled)
			continue;
		if (comp->last_logon != UTIL_TIME_NONE &&
		    (s->last_seen == UTIL_TIME_NONE ||
		    comp->last_logon >= s->last_seen - c->opts->stale))
			continue;
		if (cv == NULL) {
			cv = sim_caveat(r, SIM_STALE_COMPUTER);
			cv->t[0] = c->opts->stale / UTIL_DAY;
		}
		it = simulate_item_add(cv, s->name);
		it->t[0] = comp->last_logon;
		it->t[1] = s->last_seen;
	}
	if (cv != NULL)
		qsort(cv->items, cv->nitems, sizeof *cv->items,
		    sim_item_text_compare);
	cv = NULL;
	for (i = 0; i < c->nsrv; i++) {
		s = &c->srv[i];
		if (s->events == 0 || s->computer == NULL ||
		    s->computer->enabled)
			continue;
		if (cv == NULL)
			cv = sim_caveat(r, SIM_DISABLED_COMPUTER);
		simulate_item_add(cv, s->name)->n[0] = s->events;
	}
	if (cv != NULL)
		qsort(cv->items, cv->nitems, sizeof *cv->items,
		    sim_item_text_compare);

	/*
	 * A server that logs 8003 itself and whose logons the DCs log as 8004
	 * is seen twice: its volumes may count the same logons twice.
	 */
	cv = NULL;
	for (i = 0; i < c->nsrv; i++) {
		s = &c->srv[i];
		if (s->dc_events == 0 || s->dc_events == s->events)
			continue;
		if (cv == NULL)
			cv = sim_caveat(r, SIM_DOUBLE_COUNTED);
		it = simulate_item_add(cv, s->name);
		it->n[0] = s->events - s->dc_events;
		it->n[1] = s->dc_events;
	}
	if (cv != NULL)
		qsort(cv->items, cv->nitems, sizeof *cv->items,
		    sim_item_text_compare);
}

/* Caveats about hosts, servers, account classes and the policy. */
static void
sim_caveats(struct sim_ctx *c)
{
	struct sim_result	*r = c->r;
	struct sim_caveat	*cv;
	size_t			 i;
	uint64_t		 anom_f = 0, anom_e = 0;
	int			 a, k;
	const struct policy	*p = c->opts->policy;

	sim_caveats_hosts(c);
	sim_caveats_servers(c);
	sim_caveats_computers(c);
	sim_trust_names(c);
	sim_unknown_domains(c);
	if (r->unknown_domains.n > 0) {
		cv = sim_caveat2(r, SIM_UNKNOWN_DOMAIN, r->unknown_domains.n,
		    0);
		for (i = 0; i < r->unknown_domains.n; i++)
			(void)simulate_item_add(cv,
			    r->unknown_domains.names[i]);
	}

	for (a = 0; a < ACCOUNT__COUNT; a++) {
		if ((p->anomalies & (1U << a)) == 0)
			continue;
		for (k = 0; k < SERVER__COUNT; k++) {
			anom_f += r->classes[a][k].flows;
			anom_e += r->classes[a][k].events;
		}
	}
	if (anom_f > 0)
		sim_caveat2(r, SIM_ANOMALY, anom_f, anom_e);
	if (r->no_server.flows > 0)
		sim_caveat2(r, SIM_NO_SERVER, r->no_server.flows,
		    r->no_server.events);
	for (i = 0; i < p->nnotes; i++)
		sim_caveat2(r, SIM_POLICY_NOTE, i, 0)->p[0] = p;
	sim_caveats_events(c);
}

/*
 * Caveats the events' table flags and profiles give: blind hosts, events
 * without a time profile, and the blind spot no event shows.
 */
static void
sim_caveats_events(struct sim_ctx *c)
{
	struct sim_result	*r = c->r;
	struct sim_caveat	*cv = NULL;
	const struct flow	*f;
	char			**hosts = NULL;
	size_t			 i, j, n = 0;
	uint64_t		 unknown = 0;

	for (i = 0; i < c->nflows; i++) {
		f = flows_flow(c->fl, i);
		if (f->profile == NULL)
			unknown += f->count;
		else
			unknown += f->profile->unknown;
		if (!event_has_flag(f->key.event_id, EVENT_BLIND) ||
		    f->key.logged_by == NULL)
			continue;
		for (j = 0; j < n; j++) {
			if (strcasecmp(hosts[j], f->key.logged_by) == 0)
				break;
		}
		if (j == n) {
			hosts = xreallocarray(hosts, n + 1, sizeof *hosts);
			hosts[n++] = xstrdup(f->key.logged_by);
		}
	}
	if (n > 0) {
		qsort(hosts, n, sizeof *hosts, util_strp_compare);
		cv = sim_caveat2(r, SIM_BLIND_HOSTS, n, 0);
		for (j = 0; j < n; j++) {
			(void)simulate_item_add(cv, hosts[j]);
			free(hosts[j]);
		}
	}
	free(hosts);
	if (unknown > 0)
		sim_caveat2(r, SIM_NO_PROFILE, unknown, 0);
	sim_caveat(r, SIM_BLIND_SPOT);
}

/*
 * Caveats about the list in force and the rules, after hit counting.  The
 * caveats are held by index: adding one may move the array.
 */
static void
sim_caveats_inputs(struct sim_ctx *c)
{
	const struct exceptions_entry	*e;
	const struct rule		*ru;
	struct sim_caveat		*cv = NULL;
	struct sim_item			*it;
	size_t				 i, inv = SIZE_MAX, unused = SIZE_MAX;

	if (c->opts->exceptions != NULL) {
		for (i = 0; i < exceptions_count(c->opts->exceptions); i++) {
			e = exceptions_get(c->opts->exceptions, i);
			if (e->reason != NULL) {
				if (inv == SIZE_MAX) {
					(void)sim_caveat(c->r,
					    SIM_INVALID_EXCEPTION);
					inv = c->r->ncaveats - 1;
				}
				it = simulate_item_add(&c->r->caveats[inv],
				    e->name);
				it->s[0] = xstrdup(e->where);
				it->s[1] = xstrdup(e->reason);
			} else if (e->hits == 0) {
				if (unused == SIZE_MAX) {
					(void)sim_caveat(c->r,
					    SIM_UNUSED_EXCEPTION);
					unused = c->r->ncaveats - 1;
				}
				it = simulate_item_add(&c->r->caveats[unused],
				    e->name);
				it->s[0] = xstrdup(e->where);
			}
		}
	}
	if (c->opts->rules == NULL)
		return;
	for (i = 0; i < rules_count(c->opts->rules); i++) {
		ru = rules_get(c->opts->rules, i);
		if (ru->flows != 0)
			continue;
		if (cv == NULL)
			cv = sim_caveat(c->r, SIM_UNUSED_RULE);
		it = simulate_item_add(cv, ru->pattern);
		it->n[0] = ru->line;
		it->n[1] = (uint64_t)ru->field;
		it->n[2] = (uint64_t)ru->action;
	}
}

struct sim_result *
simulate_run(const struct flows *fl, const struct sim_domain *dom,
    const struct sim_options *opts)
{
	struct sim_ctx		 c;
	struct sim_result	*r;
	const struct policy	**levels;
	struct sim_prev		 prev;
	uint32_t		*stamp[2], *start, *idx;
	uint8_t			*nonrem;
	size_t			 first, n, i;
	int			 t;

	memset(&c, 0, sizeof c);
	c.fl = fl;
	c.dom = dom;
	c.opts = opts;
	c.nflows = flows_count(fl);
	c.flows = xcalloc(c.nflows + 1, sizeof *c.flows);
	r = c.r = xcalloc(1, sizeof *r);
	r->first_seen = r->last_seen = UTIL_TIME_NONE;
	r->policy = opts->policy;

	for (i = 0; i < dom->ncomputers; i++) {
		if (sim_map_find(&c.dir_name, dom->computers[i].name, NULL) ==
		    SIM_NONE)
			sim_map_put(&c.dir_name, dom->computers[i].name, NULL,
			    (uint32_t)i);
		if (dom->computers[i].dns != NULL &&
		    sim_map_find(&c.dir_dns, dom->computers[i].dns, NULL) ==
		    SIM_NONE)
			sim_map_put(&c.dir_dns, dom->computers[i].dns, NULL,
			    (uint32_t)i);
	}

	first = policies_setting(opts->policies, opts->policy, &n);
	levels = xcalloc(n, sizeof *levels);
	r->levels = xcalloc(n, sizeof *r->levels);
	r->nlevels = n;
	for (i = 0; i < n; i++) {
		levels[i] = policies_get(opts->policies, first + i);
		r->levels[i].policy = levels[i];
		if (levels[i] == opts->policy)
			r->level = i;
	}
	sim_prove(&c);
	sim_classify(&c, levels, n);
	for (t = 0; t < SIM__TABLES; t++) {
		c.idname[t] = xcalloc(c.nids[t] + 1, sizeof *c.idname[t]);
		c.nidname[t] = c.nids[t];
	}

	stamp[0] = xcalloc(c.nids[SIM_ACCOUNTS] + 1, sizeof *stamp[0]);
	stamp[1] = xcalloc(c.nids[SIM_CLIENTS] + 1, sizeof *stamp[1]);
	start = xcalloc(c.nsrv + 2, sizeof *start);
	idx = xcalloc(c.nflows + 1, sizeof *idx);
	nonrem = xcalloc(c.nsrv + 1, 1);
	prev.start = xcalloc(c.nsrv + 2, sizeof *prev.start);
	prev.idx = xcalloc(c.nflows + 1, sizeof *prev.idx);
	prev.ev = xcalloc(c.nsrv + 1, sizeof *prev.ev);
	prev.mark = xcalloc(c.nsrv + 1, sizeof *prev.mark);
	for (i = 0; i < n; i++)
		sim_level(&c, &r->levels[i], i > 0 ? &r->levels[i - 1] : NULL,
		    stamp, (uint32_t)i + 1, start, idx, nonrem, &prev);
	free(prev.start);
	free(prev.idx);
	free(prev.ev);
	free(prev.mark);
	free(stamp[0]);
	free(stamp[1]);
	free(start);
	free(idx);
	free(nonrem);

	sim_audit(&c, levels, n);
	sim_caveats(&c);
	sim_caveats_inputs(&c);
	free(levels);

	/*
	 * The servers, their names and every flow's server and class stay
	 * with the result for the evaluator (simulate_eval_create), which
	 * decides each flow at each level as this run did.
	 */
	for (t = 0; t < SIM__TABLES; t++) {
		free(c.scratch[t]);
		free(c.ids[t]);
		sim_map_clear(&c.idmap[t]);
		c.scratch[t] = NULL;
		c.ids[t] = NULL;
		c.nids[t] = 0;
	}
	c.nscratch = 0;
	r->ctx = xmalloc(sizeof *r->ctx);
	*r->ctx = c;
	return (r);
}

/* Free what simulate_run kept of its context. */
static void
sim_ctx_free(struct sim_ctx *c)
{
	size_t	i;
	int	t;

	if (c == NULL)
		return;
	for (i = 0; i < c->nsrv; i++) {
		free(c->srv[i].name);
		free(c->srv[i].fqdn);
		hostname_free(c->srv[i].host);
		hostname_free(c->srv[i].fqdn_host);
	}
	free(c->srv);
	for (t = 0; t < SIM__TABLES; t++) {
		for (i = 0; i < c->nidname[t]; i++)
			free(c->idname[t][i]);
		free(c->idname[t]);
	}
	free(c->flows);
	sim_map_clear(&c->raw);
	sim_map_clear(&c->byname);
	sim_map_clear(&c->dir_name);
	sim_map_clear(&c->dir_dns);
	sim_map_clear(&c->passed);
	free(c);
}

static void
sim_caveats_free(struct sim_caveat *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(v[i].s[0]);
		free(v[i].s[1]);
		simulate_items_clear(&v[i]);
	}
	free(v);
}

/* Free a level's array of n servers, unless the level before has it. */
static void
sim_servers_free(struct sim_server *v, size_t n, unsigned shared)
{
	size_t	i;

	if (shared)
		return;
	for (i = 0; i < n; i++)
		sim_server_clear(&v[i]);
	free(v);
}

void
simulate_free(struct sim_result *r)
{
	struct sim_level	*lv;
	size_t			 i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nlevels; i++) {
		lv = &r->levels[i];
		sim_servers_free(lv->exceptions, lv->nexceptions,
		    lv->shared & SIM_SHARED_EXCEPTIONS);
		sim_servers_free(lv->already, lv->nalready,
		    lv->shared & SIM_SHARED_ALREADY);
		sim_servers_free(lv->remediate, lv->nremediate,
		    lv->shared & SIM_SHARED_REMEDIATE);
		sim_servers_free(lv->refused, lv->nrefused,
		    lv->shared & SIM_SHARED_REFUSED);
		sim_caveats_free(lv->blockers, lv->nblockers);
		sim_caveats_free(lv->warnings, lv->nwarnings);
	}
	free(r->levels);
	for (i = 0; i < r->nhosts; i++)
		free(r->hosts[i].name);
	free(r->hosts);
	sim_names_clear(&r->dc_servers);
	sim_names_clear(&r->absent);
	sim_names_clear(&r->unknown_domains);
	sim_names_clear(&r->trust_channels);
	sim_caveats_free(r->caveats, r->ncaveats);
	sim_ctx_free(r->ctx);
	free(r);
}

/*
 * Per-flow decisions (simulate_eval_*), on the context simulate_run kept
 * (struct sim_result's ctx): each flow's server, as that run resolved it,
 * and its account class; the rule found without counting a hit, and the
 * list that covers a denied flow read from the level's server lists, which
 * simulate_run sorted by name.  The evaluator keeps what a flow's every
 * level asks again: the site rule that matches a flow (by flow, once
 * asked), and whether a server is on a level's lists (by server and level:
 * SIM_LISTED_KNOWN once looked up).
 */
#define SIM_LISTED_KNOWN	0x01
#define SIM_LISTED_IN_FORCE	0x02
#define SIM_LISTED_PROPOSED	0x04

struct sim_eval {
	struct sim_ctx		*c;		/* the result's */
	const struct sim_result	*r;
	const struct rule	**rule;		/* owned: by flow, if rules */
	uint8_t			*rule_known;	/* owned: by flow, if rules */
	uint8_t			*listed;	/* owned: by server, level */
	size_t			 alisted;	/* servers listed has room for */
};

struct sim_eval *
simulate_eval_create(const struct flows *fl, const struct sim_domain *dom,
    const struct sim_options *opts, const struct sim_result *r)
{
	struct sim_eval	*ev;
	size_t		 n = flows_count(fl);

	if (r->ctx == NULL || r->ctx->fl != fl || r->ctx->dom != dom ||
	    r->ctx->opts != opts)
		fatalx("%s: not the flows, domain and options of the "
		    "simulation", __func__);
	if (r->ctx->flows == NULL)
		fatalx("%s: the simulation's flows are freed", __func__);
	ev = xcalloc(1, sizeof *ev);
	ev->c = r->ctx;
	ev->r = r;
	if (opts->rules != NULL) {
		ev->rule = xcalloc(n + 1, sizeof *ev->rule);
		ev->rule_known = xcalloc(n + 1, 1);
	}
	return (ev);
}

void
simulate_eval_done(struct sim_result *r)
{
	struct sim_ctx	*c = r->ctx;

	if (c == NULL)
		return;
	free(c->flows);
	c->flows = NULL;
	sim_map_clear(&c->raw);
	sim_map_clear(&c->byname);
	sim_map_clear(&c->dir_name);
	sim_map_clear(&c->dir_dns);
	sim_map_clear(&c->passed);
	c->passed_built = 0;
}

void
simulate_eval_free(struct sim_eval *ev)
{
	if (ev == NULL)
		return;
	free(ev->rule);
	free(ev->rule_known);
	free(ev->listed);
	free(ev);
}

/* True if a server named name is in v[0..n), sorted by sim_server_compare. */
static int
sim_eval_listed(const struct sim_server *v, size_t n, const char *name)
{
	struct sim_server	key;

	if (n == 0)
		return (0);
	memset(&key, 0, sizeof key);
	key.name = (char *)(uintptr_t)name;
	return (bsearch(&key, v, n, sizeof *v, sim_server_compare) != NULL);
}

/* SIM_LISTED_* of server sid at level (its lists searched once). */
static uint8_t
sim_eval_lists(struct sim_eval *ev, uint32_t sid, size_t level)
{
	const struct sim_level	*lv = &ev->r->levels[level];
	size_t			 n = ev->r->nlevels, a;
	uint8_t			*b;

	if (sid >= ev->alisted) {
		a = ev->alisted == 0 ? 64 : ev->alisted;
		while (a <= sid)
			a *= 2;
		ev->listed = xreallocarray(ev->listed, a, n);
		memset(ev->listed + ev->alisted * n, 0,
		    (a - ev->alisted) * n);
		ev->alisted = a;
	}
	b = &ev->listed[(size_t)sid * n + level];
	if (*b == 0) {
		*b = SIM_LISTED_KNOWN;
		if (sim_eval_listed(lv->already, lv->nalready,
		    ev->c->srv[sid].name))
			*b |= SIM_LISTED_IN_FORCE;
		if (sim_eval_listed(lv->exceptions, lv->nexceptions,
		    ev->c->srv[sid].name))
			*b |= SIM_LISTED_PROPOSED;
	}
	return (*b);
}

void
simulate_eval_flow(struct sim_eval *ev, size_t i, size_t level,
    struct sim_decision *d)
{
	struct sim_ctx		*c = ev->c;
	const struct sim_flow	*sf = &c->flows[i];
	const struct sim_level	*lv = &ev->r->levels[level];
	const struct policy	*p = lv->policy;
	const struct flow	*f = flows_flow(c->fl, i);
	const struct sim_srv	*s;
	const char		*v[RULES_FIELD__COUNT];
	char			 idbuf[SIM_IDBUF];
	uint8_t			 listed;

	memset(d, 0, sizeof *d);
	d->flow = i;
	d->account = ACCOUNT_UNKNOWN;
	d->server_class = SERVER_NONDOMAIN;
	if (!policy_has_event(p, f->key.event_id))
		return;
	/*
	 * simulate_run evaluated every flow of a level's events but those
	 * sim_not_passed leaves out, and classified it (sim_classify).
	 */
	if (!sf->evaluated) {
		d->not_passed = 1;
		return;
	}
	d->account = (enum account_class)sf->aclass;
	if (sf->trust) {
		d->trust = 1;
		d->blocked = policy_blocks(p, d->account, SERVER_NONDOMAIN);
		return;
	}
	if (sf->noserver) {
		/*
		 * Denied as at a server of this domain, which it may be: a
		 * row of blocked.csv with no server, on no list.
		 */
		d->server_class = SERVER_DOMAIN;
		d->blocked = d->account != ACCOUNT_LOCAL &&
		    d->account != ACCOUNT_ANONYMOUS &&
		    policy_blocks(p, d->account, SERVER_DOMAIN);
		return;
	}
	s = &c->srv[sf->sid];
	d->server = s->name;
	d->fqdn = s->fqdn;
	d->server_class = s->class;
	d->in_directory = s->computer != NULL;
	d->refused = s->host == NULL;
	if (c->opts->rules != NULL) {
		if (!ev->rule_known[i]) {
			sim_rule_values(f, s, d->account, idbuf, v);
			ev->rule[i] = rules_find(c->opts->rules, v);
			ev->rule_known[i] = 1;
		}
		d->rule = ev->rule[i];
	}
	if (d->rule != NULL && (d->rule->action == RULES_IGNORE ||
	    (d->rule->action == RULES_FIXED && !c->opts->keep_fixed))) {
		d->dropped = d->rule->action == RULES_IGNORE ? 1 : 2;
		return;
	}
	if (c->opts->fixed != NULL && !c->opts->keep_fixed &&
	    c->opts->fixed[i] && d->rule == NULL) {
		d->dropped = 2;
		return;
	}
	if (!policy_blocks(p, d->account, s->class))
		return;
	d->blocked = 1;
	listed = sim_eval_lists(ev, sf->sid, level);
	d->in_force = (listed & SIM_LISTED_IN_FORCE) != 0;
	d->proposed = (listed & SIM_LISTED_PROPOSED) != 0;
}
