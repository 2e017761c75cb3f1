/*
 * simulate-domain.c: the adapter from a directory snapshot to the plain
 * struct sim_domain the simulation reads, so that the simulation never
 * sees struct directory and commands need not know either's fields.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "directory.h"
#include "flows.h"
#include "kerberos.h"
#include "simulate.h"
#include "util.h"
#include "xmalloc.h"

/* A name less trailing dots: its length. */
static size_t
simulate_domain_len(const char *s)
{
	size_t	len = strlen(s);

	while (len > 0 && s[len - 1] == '.')
		len--;
	return (len);
}

/* Compare a (alen bytes) with b less its trailing dots. */
static int
simulate_domain_cmp(const char *a, size_t alen, const char *b)
{
	size_t	blen = simulate_domain_len(b);
	int	c;

	if ((c = strncasecmp(a, b, alen < blen ? alen : blen)) != 0)
		return (c);
	return (alen < blen ? -1 : alen > blen);
}

static const struct sim_computer *simulate_domain_sort_v;
static int simulate_domain_sort_dns;

static int
simulate_domain_sort_cmp(const void *x, const void *y)
{
	const struct sim_computer	*a, *b;
	const char			*sa, *sb;
	int				 c;

	a = &simulate_domain_sort_v[*(const size_t *)x];
	b = &simulate_domain_sort_v[*(const size_t *)y];
	sa = simulate_domain_sort_dns ? a->dns : a->name;
	sb = simulate_domain_sort_dns ? b->dns : b->name;
	if ((c = simulate_domain_cmp(sa, simulate_domain_len(sa), sb)) != 0)
		return (c);
	/* The first of equal names wins, as in a linear search. */
	return (a < b ? -1 : a > b);
}

/* The indexes by name and by DNS name of dom's computers. */
static void
simulate_domain_index(struct sim_domain *dom)
{
	size_t	*by_name, *by_dns, i, n = 0;

	by_name = xcalloc(dom->ncomputers + 1, sizeof *by_name);
	by_dns = xcalloc(dom->ncomputers + 1, sizeof *by_dns);
	for (i = 0; i < dom->ncomputers; i++) {
		by_name[i] = i;
		if (dom->computers[i].dns != NULL)
			by_dns[n++] = i;
	}
	simulate_domain_sort_v = dom->computers;
	simulate_domain_sort_dns = 0;
	qsort(by_name, dom->ncomputers, sizeof *by_name,
	    simulate_domain_sort_cmp);
	simulate_domain_sort_dns = 1;
	qsort(by_dns, n, sizeof *by_dns, simulate_domain_sort_cmp);
	simulate_domain_sort_v = NULL;
	dom->by_name = by_name;
	dom->by_dns = by_dns;
	dom->nby_dns = n;
}

/* SPNs case-insensitively, then accounts before computers, in order. */
static int
simulate_domain_spn_cmp(const void *x, const void *y)
{
	const struct sim_spn	*a = x, *b = y;
	int			 c;

	if ((c = strcasecmp(a->spn, b->spn)) != 0)
		return (c);
	if (a->computer != b->computer)
		return (a->computer - b->computer);
	return (a->index < b->index ? -1 : a->index > b->index);
}

/* The index of every SPN of dom's accounts and computers. */
static void
simulate_domain_spn_index(struct sim_domain *dom)
{
	struct sim_spn	*v;
	size_t		 i, j, n = 0;

	for (i = 0; i < dom->naccounts; i++)
		n += dom->accounts[i].nspns;
	for (i = 0; i < dom->ncomputers; i++)
		n += dom->computers[i].nspns;
	v = xcalloc(n + 1, sizeof *v);
	n = 0;
	for (i = 0; i < dom->naccounts; i++)
		for (j = 0; j < dom->accounts[i].nspns; j++) {
			v[n].spn = dom->accounts[i].spns[j];
			v[n].computer = 0;
			v[n++].index = i;
		}
	for (i = 0; i < dom->ncomputers; i++)
		for (j = 0; j < dom->computers[i].nspns; j++) {
			v[n].spn = dom->computers[i].spns[j];
			v[n].computer = 1;
			v[n++].index = i;
		}
	qsort(v, n, sizeof *v, simulate_domain_spn_cmp);
	dom->by_spn = v;
	dom->nby_spn = n;
}

/* The first holder of spn in the index, or NULL. */
static const struct sim_spn *
simulate_domain_spn_find(const struct sim_domain *dom, const char *spn)
{
	size_t	lo = 0, hi = dom->nby_spn, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcasecmp(dom->by_spn[mid].spn, spn) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == dom->nby_spn || strcasecmp(dom->by_spn[lo].spn, spn) != 0)
		return (NULL);
	return (&dom->by_spn[lo]);
}

/* The computer whose name (dns) is the first len bytes of host. */
static const struct sim_computer *
simulate_domain_lookup(const struct sim_domain *dom, int dns,
    const char *host, size_t len)
{
	const size_t	*v = dns ? dom->by_dns : dom->by_name;
	const char	*s;
	size_t		 lo = 0, hi = dns ? dom->nby_dns : dom->ncomputers, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		s = dns ? dom->computers[v[mid]].dns :
		    dom->computers[v[mid]].name;
		if (simulate_domain_cmp(host, len, s) > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == (dns ? dom->nby_dns : dom->ncomputers))
		return (NULL);
	s = dns ? dom->computers[v[lo]].dns : dom->computers[v[lo]].name;
	return (simulate_domain_cmp(host, len, s) == 0 ?
	    &dom->computers[v[lo]] : NULL);
}

static const struct directory_account *simulate_domain_accounts_v;

/* Computer accounts by name (case-insensitive), then by their order. */
static int
simulate_domain_account_cmp(const void *x, const void *y)
{
	size_t	a = *(const size_t *)x, b = *(const size_t *)y;
	int	c;

	if ((c = strcasecmp(simulate_domain_accounts_v[a].name,
	    simulate_domain_accounts_v[b].name)) != 0)
		return (c);
	return (a < b ? -1 : a > b);
}

/* The first computer account named name (case-insensitive), or NULL. */
static const struct directory_account *
simulate_domain_account(const struct directory *dir, const size_t *idx,
    size_t n, const char *name)
{
	size_t	lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcasecmp(dir->accounts[idx[mid]].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == n || strcasecmp(dir->accounts[idx[lo]].name, name) != 0)
		return (NULL);
	return (&dir->accounts[idx[lo]]);
}

/*
 * The account of each computer (the first computer account of the snapshot
 * named "NAME$") and its Kerberos verdict; the accounts that list SPNs
 * themselves with theirs (ntlmplan-directory(5), KERBEROS).
 */
static void
simulate_domain_kerberos(struct sim_domain *dom, struct sim_computer *comps,
    const struct directory *dir)
{
	const struct directory_account	*a;
	struct sim_account		*acc;
	size_t				*idx, i, n = 0;
	char				*name;

	idx = xcalloc(dir->naccounts + 1, sizeof *idx);
	acc = xcalloc(dir->naccounts + 1, sizeof *acc);
	for (i = 0; i < dir->naccounts; i++) {
		a = &dir->accounts[i];
		if (a->kind == DIRECTORY_ACCOUNT_COMPUTER)
			idx[n++] = i;
		if (a->nspns == 0)
			continue;
		acc[dom->naccounts].name = a->name;
		acc[dom->naccounts].spns = (const char *const *)a->spns;
		acc[dom->naccounts].nspns = a->nspns;
		acc[dom->naccounts].computer =
		    a->kind == DIRECTORY_ACCOUNT_COMPUTER;
		kerberos_classify(a, dir->rodc_group_created,
		    &acc[dom->naccounts++].kerberos);
	}
	simulate_domain_accounts_v = dir->accounts;
	qsort(idx, n, sizeof *idx, simulate_domain_account_cmp);
	simulate_domain_accounts_v = NULL;
	for (i = 0; i < dom->ncomputers; i++) {
		comps[i].kerberos.class = KERBEROS_NO_ACCOUNT;
		xasprintf(&name, "%s$", comps[i].name);
		a = simulate_domain_account(dir, idx, n, name);
		free(name);
		if (a == NULL)
			continue;
		comps[i].account = a->name;
		kerberos_classify(a, dir->rodc_group_created,
		    &comps[i].kerberos);
	}
	free(idx);
	dom->accounts = acc;
	dom->kerberos = 1;
}

void
simulate_domain_init(struct sim_domain *dom, const struct directory *dir,
    const char *netbios)
{
	struct sim_computer	*comps;
	struct sim_trust	*trusts;
	size_t			 i;

	memset(dom, 0, sizeof *dom);
	dom->netbios = dir->domain_netbios != NULL ? dir->domain_netbios :
	    netbios;
	dom->dns = dir->domain_dns;
	comps = xcalloc(dir->ncomputers + 1, sizeof *comps);
	for (i = 0; i < dir->ncomputers; i++) {
		comps[i].name = dir->computers[i].name;
		comps[i].dns = dir->computers[i].dns;
		comps[i].enabled = dir->computers[i].enabled;
		comps[i].dc = dir->computers[i].dc;
		comps[i].rodc = dir->computers[i].rodc;
		comps[i].os = dir->computers[i].os;
		comps[i].os_version = dir->computers[i].os_version;
		comps[i].spns = (const char *const *)dir->computers[i].spns;
		comps[i].nspns = dir->computers[i].nspns;
		comps[i].last_logon = dir->computers[i].last_logon ==
		    UTIL_TIME_NONE ? UTIL_TIME_NONE :
		    dir->computers[i].last_logon;
	}
	trusts = xcalloc(dir->ntrusts + 1, sizeof *trusts);
	for (i = 0; i < dir->ntrusts; i++) {
		trusts[i].flat = dir->trusts[i].flat;
		trusts[i].partner = dir->trusts[i].partner;
	}
	dom->computers = comps;
	dom->ncomputers = dir->ncomputers;
	dom->trusts = trusts;
	dom->ntrusts = dir->ntrusts;
	dom->upn_suffixes = (const char *const *)dir->upn_suffixes;
	dom->nupn_suffixes = dir->nupn_suffixes;
	simulate_domain_kerberos(dom, comps, dir);
	simulate_domain_index(dom);
	simulate_domain_spn_index(dom);
}

void
simulate_domain_clear(struct sim_domain *dom)
{
	/* The arrays are simulate_domain_init's own allocations. */
	free((void *)(uintptr_t)dom->computers);
	free((void *)(uintptr_t)dom->trusts);
	free((void *)(uintptr_t)dom->accounts);
	free((void *)(uintptr_t)dom->by_name);
	free((void *)(uintptr_t)dom->by_dns);
	free((void *)(uintptr_t)dom->by_spn);
	memset(dom, 0, sizeof *dom);
}

/* The computer named (by_dns: dNSHostName) the len bytes of host. */
static const struct sim_computer *
simulate_domain_by(const struct sim_domain *dom, int by_dns,
    const char *host, size_t len)
{
	const char	*s;
	size_t		 i;

	if (dom->by_name != NULL)
		return (simulate_domain_lookup(dom, by_dns, host, len));
	for (i = 0; i < dom->ncomputers; i++) {
		s = by_dns ? dom->computers[i].dns : dom->computers[i].name;
		if (s != NULL && simulate_domain_cmp(host, len, s) == 0)
			return (&dom->computers[i]);
	}
	return (NULL);
}

const struct sim_computer *
simulate_domain_find(const struct sim_domain *dom, const char *host)
{
	const struct sim_computer	*c;
	const char			*dot;
	size_t				 len, dlen;

	if (host == NULL || (len = simulate_domain_len(host)) == 0)
		return (NULL);
	if ((c = simulate_domain_by(dom, 1, host, len)) != NULL)
		return (c);
	if ((dot = memchr(host, '.', len)) == NULL)
		return (simulate_domain_by(dom, 0, host, len));
	if (dom->dns == NULL || (dlen = simulate_domain_len(dom->dns)) == 0 ||
	    len <= dlen + 1 || host[len - dlen - 1] != '.' ||
	    strncasecmp(host + len - dlen, dom->dns, dlen) != 0)
		return (NULL);
	return (simulate_domain_by(dom, 0, host, (size_t)(dot - host)));
}

const struct sim_account *
simulate_domain_spn(const struct sim_domain *dom, const char *spn,
    const struct sim_computer **comp)
{
	const struct sim_computer	*c = NULL;
	const struct sim_spn		*e;
	const char			*host;
	char				*h;
	size_t				 i, j;

	*comp = NULL;
	if (dom->by_spn != NULL) {
		if ((e = simulate_domain_spn_find(dom, spn)) != NULL &&
		    !e->computer)
			return (&dom->accounts[e->index]);
		if (e != NULL)
			c = &dom->computers[e->index];
	} else {
		for (i = 0; i < dom->naccounts; i++) {
			for (j = 0; j < dom->accounts[i].nspns; j++) {
				if (strcasecmp(dom->accounts[i].spns[j],
				    spn) == 0)
					return (&dom->accounts[i]);
			}
		}
		for (i = 0; i < dom->ncomputers && c == NULL; i++) {
			for (j = 0; j < dom->computers[i].nspns; j++) {
				if (strcasecmp(dom->computers[i].spns[j],
				    spn) == 0)
					c = &dom->computers[i];
			}
		}
	}
	/* A host-based SPN: HOST/ maps to every service of a computer. */
	if (c == NULL && (host = strchr(spn, '/')) != NULL) {
		h = xstrndup(host + 1, strcspn(host + 1, "/:@"));
		c = simulate_domain_find(dom, h);
		free(h);
	}
	*comp = c;
	return (NULL);
}
