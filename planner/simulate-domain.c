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
#include "simulate.h"
#include "util.h"
#include "xmalloc.h"

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
}

void
simulate_domain_clear(struct sim_domain *dom)
{
	/* The arrays are simulate_domain_init's own allocations. */
	free((void *)(uintptr_t)dom->computers);
	free((void *)(uintptr_t)dom->trusts);
	memset(dom, 0, sizeof *dom);
}

/* True if a (len bytes) and b are the same name, b less trailing dots. */
static int
simulate_domain_same(const char *a, size_t len, const char *b)
{
	size_t	blen;

	if (b == NULL)
		return (0);
	blen = strlen(b);
	while (blen > 0 && b[blen - 1] == '.')
		blen--;
	return (blen == len && strncasecmp(a, b, len) == 0);
}

const struct sim_computer *
simulate_domain_find(const struct sim_domain *dom, const char *host)
{
	const char	*dot;
	size_t		 i, len, dlen;

	if (host == NULL)
		return (NULL);
	len = strlen(host);
	while (len > 0 && host[len - 1] == '.')
		len--;
	if (len == 0)
		return (NULL);
	for (i = 0; i < dom->ncomputers; i++)
		if (simulate_domain_same(host, len, dom->computers[i].dns))
			return (&dom->computers[i]);
	if ((dot = memchr(host, '.', len)) == NULL) {
		for (i = 0; i < dom->ncomputers; i++)
			if (simulate_domain_same(host, len,
			    dom->computers[i].name))
				return (&dom->computers[i]);
		return (NULL);
	}
	if (dom->dns == NULL)
		return (NULL);
	dlen = strlen(dom->dns);
	while (dlen > 0 && dom->dns[dlen - 1] == '.')
		dlen--;
	if (dlen == 0 || len <= dlen + 1 || host[len - dlen - 1] != '.' ||
	    strncasecmp(host + len - dlen, dom->dns, dlen) != 0)
		return (NULL);
	for (i = 0; i < dom->ncomputers; i++)
		if (simulate_domain_same(host, (size_t)(dot - host),
		    dom->computers[i].name))
			return (&dom->computers[i]);
	return (NULL);
}
