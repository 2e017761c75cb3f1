/*
 * simulate-domain.c: the adapter from a directory snapshot to the plain
 * struct sim_domain the simulation reads, so that the simulation never
 * sees struct directory and commands need not know either's fields.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
}

void
simulate_domain_clear(struct sim_domain *dom)
{
	/* The arrays are simulate_domain_init's own allocations. */
	free((void *)(uintptr_t)dom->computers);
	free((void *)(uintptr_t)dom->trusts);
	memset(dom, 0, sizeof *dom);
}
