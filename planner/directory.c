/*
 * directory.c: the directory snapshot: classifying LDAP entries, settling the
 * domain, saving and loading the JSON file, and finding a server by name.
 *
 * Invariants once directory_finish or directory_load has run: computers are
 * sorted by name (case-insensitively, then by DN bytewise), trusts by partner,
 * each computer's SPNs bytewise; every computer lies under the search base
 * and no interdomain trust account is among them.  The name index is built
 * on the first directory_find_computer and dropped whenever the arrays change.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "casemap.h"
#include "directory.h"
#include "jsonout.h"
#include "jsonwalk.h"
#include "util.h"
#include "xmalloc.h"

const char *const directory_attr_names[DIRECTORY_A_COUNT + 1] = {
	"objectClass",
	"sAMAccountName",
	"dNSHostName",
	"userAccountControl",
	"primaryGroupID",
	"operatingSystem",
	"operatingSystemVersion",
	"servicePrincipalName",
	"lastLogonTimestamp",
	"objectSid",
	"nCName",
	"nETBIOSName",
	"dnsRoot",
	"flatName",
	"trustPartner",
	"trustDirection",
	"trustAttributes",
	"trustType",
	"uPNSuffixes",
	"msDS-SupportedEncryptionTypes",
	"pwdLastSet",
	"whenCreated",
	NULL
};

struct directory_head {			/* a domainDNS entry */
	char		*dn;
	char		*sid;
};

struct directory_xref {			/* a crossRef entry */
	char		*ncname;
	char		*netbios;
	char		*dnsroot;
};

struct directory_group {		/* a group with a SID */
	char		*sid;
	int64_t		 created;
};

struct directory_pending {
	struct directory_group	*groups;
	size_t			 ngroups;
	size_t			 agroups;
	size_t			 aaccounts;
	struct directory_head	*heads;
	size_t			 nheads;
	struct directory_xref	*xrefs;
	size_t			 nxrefs;
	char			**trust_dns;	/* DN of each trust */
	size_t			 atrusts;
	size_t			 acomputers;
};

static char	*directory_dn_pretty(const char *);
static void	 directory_add_account(struct directory *,
		    const struct directory_entry *, int);
static void	 directory_account_clear(struct directory_account *);
static void	 directory_accounts_finish(struct directory *, const char *);
static void	 directory_accounts_sort(struct directory *);

/* An SPN of an account or a computer, for the SPN index. */
struct directory_spn {
	const char	*spn;		/* borrowed */
	uint32_t	 owner;		/* index in accounts or computers */
};

struct directory_index {
	struct casemap	*by_dns;	/* owned: -> index in computers */
	struct casemap	*by_name;	/* owned */
	/* Built at the first directory_find_spn; the first holder wins. */
	struct directory_spn *spns;	/* owned: accounts', computers' */
	struct casemap	*by_account_spn; /* owned: -> index in spns */
	struct casemap	*by_computer_spn; /* owned: -> index in spns */
	struct casemap	*by_account_name; /* owned: computers' accounts */
};

/* A name looked for: len bytes of s. */
struct directory_key {
	const char	*s;
	size_t		 len;
};

void
directory_entry_init(struct directory_entry *e)
{
	memset(e, 0, sizeof *e);
}

void
directory_entry_clear(struct directory_entry *e)
{
	size_t	i, j;

	free(e->dn);
	for (i = 0; i < DIRECTORY_A_COUNT; i++) {
		for (j = 0; j < e->nvalues[i]; j++)
			free(e->values[i][j].data);
		free(e->values[i]);
	}
	memset(e, 0, sizeof *e);
}

void
directory_entry_set_dn(struct directory_entry *e, const char *dn, size_t len)
{
	free(e->dn);
	e->dn = xstrndup(dn, len);
}

/* The index of attribute name in directory_attr_names, or the count. */
static size_t
directory_attr_find(const char *name)
{
	static size_t	lens[DIRECTORY_A_COUNT];
	size_t		i, len = strlen(name);

	if (lens[0] == 0) {
		for (i = 0; i < DIRECTORY_A_COUNT; i++)
			lens[i] = strlen(directory_attr_names[i]);
	}
	for (i = 0; i < DIRECTORY_A_COUNT; i++) {
		if (lens[i] == len &&
		    strcasecmp(name, directory_attr_names[i]) == 0)
			break;
	}
	return (i);
}

int
directory_entry_add(struct directory_entry *e, const char *name,
    const void *data, size_t len)
{
	struct directory_value	*v;
	size_t			 i;
	char			*copy;

	i = directory_attr_find(name);
	if (i == DIRECTORY_A_COUNT)
		return (-1);
	if (e->nvalues[i] == e->avalues[i]) {
		e->avalues[i] = e->avalues[i] == 0 ? 4 : e->avalues[i] * 2;
		e->values[i] = xreallocarray(e->values[i], e->avalues[i],
		    sizeof *e->values[i]);
	}
	copy = xmalloc(len + 1);
	memcpy(copy, data, len);
	copy[len] = '\0';
	v = &e->values[i][e->nvalues[i]++];
	v->data = copy;
	v->len = len;
	return (0);
}

struct directory *
directory_create(void)
{
	struct directory	*dir;

	dir = xcalloc(1, sizeof *dir);
	dir->fetched = UTIL_TIME_NONE;
	dir->rodc_group_created = UTIL_TIME_NONE;
	dir->pending = xcalloc(1, sizeof *dir->pending);
	return (dir);
}

static void
directory_index_free(struct directory *dir)
{
	if (dir->index != NULL) {
		casemap_free(dir->index->by_dns);
		casemap_free(dir->index->by_name);
		casemap_free(dir->index->by_account_spn);
		casemap_free(dir->index->by_computer_spn);
		casemap_free(dir->index->by_account_name);
		free(dir->index->spns);
		free(dir->index);
		dir->index = NULL;
	}
}

static void
directory_pending_free(struct directory *dir)
{
	struct directory_pending	*p = dir->pending;
	size_t				 i;

	if (p == NULL)
		return;
	for (i = 0; i < p->ngroups; i++)
		free(p->groups[i].sid);
	free(p->groups);
	for (i = 0; i < p->nheads; i++) {
		free(p->heads[i].dn);
		free(p->heads[i].sid);
	}
	free(p->heads);
	for (i = 0; i < p->nxrefs; i++) {
		free(p->xrefs[i].ncname);
		free(p->xrefs[i].netbios);
		free(p->xrefs[i].dnsroot);
	}
	free(p->xrefs);
	for (i = 0; i < dir->ntrusts; i++)
		free(p->trust_dns[i]);
	free(p->trust_dns);
	free(p);
	dir->pending = NULL;
}

static void
directory_computer_clear(struct directory_computer *c)
{
	size_t	i;

	free(c->name);
	free(c->dns);
	free(c->dn);
	free(c->os);
	free(c->os_version);
	for (i = 0; i < c->nspns; i++)
		free(c->spns[i]);
	free(c->spns);
}

static void
directory_trust_clear(struct directory_trust *t)
{
	free(t->partner);
	free(t->flat);
}

void
directory_free(struct directory *dir)
{
	size_t	i;

	if (dir == NULL)
		return;
	directory_pending_free(dir);
	directory_index_free(dir);
	free(dir->source_uri);
	for (i = 0; i < dir->nsource_ldif; i++)
		free(dir->source_ldif[i]);
	free(dir->source_ldif);
	free(dir->source_base);
	free(dir->domain_dn);
	free(dir->domain_dns);
	free(dir->domain_netbios);
	free(dir->domain_sid);
	for (i = 0; i < dir->nupn_suffixes; i++)
		free(dir->upn_suffixes[i]);
	free(dir->upn_suffixes);
	for (i = 0; i < dir->ntrusts; i++)
		directory_trust_clear(&dir->trusts[i]);
	free(dir->trusts);
	for (i = 0; i < dir->ncomputers; i++)
		directory_computer_clear(&dir->computers[i]);
	free(dir->computers);
	for (i = 0; i < dir->naccounts; i++)
		directory_account_clear(&dir->accounts[i]);
	free(dir->accounts);
	free(dir);
}

/* The first value of attribute a as a string, or NULL. */
static const char *
directory_entry_first(const struct directory_entry *e, enum directory_attr a)
{
	if (e->nvalues[a] == 0)
		return (NULL);
	return (e->values[a][0].data);
}

static char *
directory_entry_dup(const struct directory_entry *e, enum directory_attr a)
{
	const char	*s = directory_entry_first(e, a);

	return (s != NULL ? xstrdup(s) : NULL);
}

/* The first value of a as an integer; def if absent or not a number. */
static long long
directory_entry_int(const struct directory_entry *e, enum directory_attr a,
    long long def)
{
	const char	*s = directory_entry_first(e, a);
	char		*end;
	long long	 v;

	if (s == NULL)
		return (def);
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0')
		return (def);
	return (v);
}

/*
 * An attribute that is a signed 32-bit integer of flags or codes
 * (userAccountControl, trustAttributes, trustDirection, trustType) as its
 * 32 bits: a negative value as its unsigned form; a value of no 32 bits as
 * absent (0, no flag).
 */
static long long
directory_entry_bits(const struct directory_entry *e, enum directory_attr a)
{
	long long	v = directory_entry_int(e, a, 0);

	if (v < INT32_MIN || v > (long long)UINT32_MAX)
		return (0);
	return (v < 0 ? v + (1LL << 32) : v);
}

/* The object classes that matter, as bits. */
#define DIRECTORY_C_COMPUTER	0x01
#define DIRECTORY_C_TRUST	0x02
#define DIRECTORY_C_CROSSREF	0x04
#define DIRECTORY_C_DOMAIN	0x08
#define DIRECTORY_C_MSA		0x10	/* (group) managed service account */
#define DIRECTORY_C_USER	0x20
#define DIRECTORY_C_GROUP	0x40

static int
directory_entry_classes(const struct directory_entry *e)
{
	static const struct {
		const char	*name;
		size_t		 len;
		int		 bit;
	} classes[] = {
		{ "computer", 8, DIRECTORY_C_COMPUTER },
		{ "trustedDomain", 13, DIRECTORY_C_TRUST },
		{ "crossRef", 8, DIRECTORY_C_CROSSREF },
		{ "domainDNS", 9, DIRECTORY_C_DOMAIN },
		{ "msDS-GroupManagedServiceAccount", 31, DIRECTORY_C_MSA },
		{ "msDS-ManagedServiceAccount", 26, DIRECTORY_C_MSA },
		{ "msDS-DelegatedManagedServiceAccount", 35, DIRECTORY_C_MSA },
		{ "user", 4, DIRECTORY_C_USER },
		{ "group", 5, DIRECTORY_C_GROUP },
	};
	const struct directory_value	*v;
	size_t				 i, j;
	int				 bits = 0;

	for (i = 0; i < e->nvalues[DIRECTORY_A_OBJECTCLASS]; i++) {
		v = &e->values[DIRECTORY_A_OBJECTCLASS][i];
		for (j = 0; j < sizeof classes / sizeof classes[0]; j++) {
			if (v->len == classes[j].len &&
			    strcasecmp(v->data, classes[j].name) == 0)
				bits |= classes[j].bit;
		}
	}
	return (bits);
}

static int
directory_strp_cmp(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

static void
directory_add_computer(struct directory *dir, const struct directory_entry *e,
    int classes)
{
	struct directory_pending	*p = dir->pending;
	struct directory_computer	*c;
	const struct directory_value	*v;
	const char			*sam;
	long long			 uac, pgid, ft;
	size_t				 len, i;

	uac = directory_entry_bits(e, DIRECTORY_A_USERACCOUNTCONTROL);
	if (uac & DIRECTORY_UAC_TRUST_ACCOUNT) {
		dir->trust_accounts++;
		return;
	}
	/* Managed service accounts are computers to LDAP, not hosts. */
	if (classes & DIRECTORY_C_MSA) {
		dir->service_accounts++;
		return;
	}
	sam = directory_entry_first(e, DIRECTORY_A_SAMACCOUNTNAME);
	len = sam != NULL ? strlen(sam) : 0;
	if (len > 0 && sam[len - 1] == '$')
		len--;
	if (len == 0) {
		dir->unnamed++;
		return;
	}
	if (dir->ncomputers == p->acomputers) {
		p->acomputers = p->acomputers == 0 ? 64 : p->acomputers * 2;
		dir->computers = xreallocarray(dir->computers, p->acomputers,
		    sizeof *dir->computers);
	}
	c = &dir->computers[dir->ncomputers++];
	memset(c, 0, sizeof *c);
	c->name = xstrndup(sam, len);
	c->dns = directory_entry_dup(e, DIRECTORY_A_DNSHOSTNAME);
	c->dn = directory_dn_pretty(e->dn);
	pgid = directory_entry_int(e, DIRECTORY_A_PRIMARYGROUPID, 0);
	c->enabled = (uac & DIRECTORY_UAC_DISABLED) == 0;
	c->rodc = (uac & DIRECTORY_UAC_PARTIAL_SECRETS) != 0 ||
	    pgid == DIRECTORY_GROUP_RODCS;
	c->dc = (uac & DIRECTORY_UAC_SERVER) != 0 ||
	    pgid == DIRECTORY_GROUP_DCS || c->rodc;
	c->os = directory_entry_dup(e, DIRECTORY_A_OPERATINGSYSTEM);
	c->os_version = directory_entry_dup(e,
	    DIRECTORY_A_OPERATINGSYSTEMVERSION);
	/* 0x7fffffffffffffff (year 30828) means never, as 0 does. */
	ft = directory_entry_int(e, DIRECTORY_A_LASTLOGONTIMESTAMP, 0);
	c->last_logon = ft > 0 && util_time_valid(util_filetime_to_us(
	    (uint64_t)ft)) ? util_filetime_to_us((uint64_t)ft) :
	    UTIL_TIME_NONE;
	c->nspns = e->nvalues[DIRECTORY_A_SERVICEPRINCIPALNAME];
	if (c->nspns > 0) {
		c->spns = xreallocarray(NULL, c->nspns, sizeof *c->spns);
		v = e->values[DIRECTORY_A_SERVICEPRINCIPALNAME];
		for (i = 0; i < c->nspns; i++)
			c->spns[i] = xstrdup(v[i].data);
		qsort(c->spns, c->nspns, sizeof *c->spns, directory_strp_cmp);
	}
}

static void
directory_add_trust(struct directory *dir, const struct directory_entry *e)
{
	struct directory_pending	*p = dir->pending;
	struct directory_trust		*t;
	const char			*partner;

	partner = directory_entry_first(e, DIRECTORY_A_TRUSTPARTNER);
	if (partner == NULL)
		return;
	if (dir->ntrusts == p->atrusts) {
		p->atrusts = p->atrusts == 0 ? 8 : p->atrusts * 2;
		dir->trusts = xreallocarray(dir->trusts, p->atrusts,
		    sizeof *dir->trusts);
		p->trust_dns = xreallocarray(p->trust_dns, p->atrusts,
		    sizeof *p->trust_dns);
	}
	p->trust_dns[dir->ntrusts] = xstrdup(e->dn);
	t = &dir->trusts[dir->ntrusts++];
	t->partner = xstrdup(partner);
	t->flat = directory_entry_dup(e, DIRECTORY_A_FLATNAME);
	t->direction = directory_entry_bits(e, DIRECTORY_A_TRUSTDIRECTION);
	t->attributes = directory_entry_bits(e, DIRECTORY_A_TRUSTATTRIBUTES);
	t->type = directory_entry_bits(e, DIRECTORY_A_TRUSTTYPE);
}

/* The forest's UPN suffixes, wherever they come (CN=Partitions). */
static void
directory_add_upn_suffixes(struct directory *dir,
    const struct directory_entry *e)
{
	const char	*v;
	size_t		 i, j;

	for (i = 0; i < e->nvalues[DIRECTORY_A_UPNSUFFIXES]; i++) {
		v = e->values[DIRECTORY_A_UPNSUFFIXES][i].data;
		for (j = 0; j < dir->nupn_suffixes; j++)
			if (strcasecmp(dir->upn_suffixes[j], v) == 0)
				break;
		if (j < dir->nupn_suffixes || *v == '\0')
			continue;
		dir->upn_suffixes = xreallocarray(dir->upn_suffixes,
		    dir->nupn_suffixes + 1, sizeof *dir->upn_suffixes);
		dir->upn_suffixes[dir->nupn_suffixes++] = xstrdup(v);
	}
}

void
directory_add_entry(struct directory *dir, const struct directory_entry *e)
{
	struct directory_pending	*p = dir->pending;
	struct directory_head		*h;
	struct directory_xref		*x;
	const struct directory_value	*v;
	int				 classes;

	if (p == NULL || e->dn == NULL)
		return;
	dir->entries++;
	directory_index_free(dir);
	directory_add_upn_suffixes(dir, e);
	classes = directory_entry_classes(e);
	if (classes & (DIRECTORY_C_COMPUTER | DIRECTORY_C_USER |
	    DIRECTORY_C_GROUP))
		directory_add_account(dir, e, classes);
	if (classes & DIRECTORY_C_COMPUTER)
		directory_add_computer(dir, e, classes);
	else if (classes & DIRECTORY_C_TRUST)
		directory_add_trust(dir, e);
	else if (classes & DIRECTORY_C_CROSSREF) {
		if (directory_entry_first(e, DIRECTORY_A_NCNAME) == NULL)
			return;
		p->xrefs = xreallocarray(p->xrefs, p->nxrefs + 1,
		    sizeof *p->xrefs);
		x = &p->xrefs[p->nxrefs++];
		x->ncname = directory_entry_dup(e, DIRECTORY_A_NCNAME);
		x->netbios = directory_entry_dup(e, DIRECTORY_A_NETBIOSNAME);
		x->dnsroot = directory_entry_dup(e, DIRECTORY_A_DNSROOT);
	} else if (classes & DIRECTORY_C_DOMAIN) {
		p->heads = xreallocarray(p->heads, p->nheads + 1,
		    sizeof *p->heads);
		h = &p->heads[p->nheads++];
		h->dn = xstrdup(e->dn);
		h->sid = NULL;
		if (e->nvalues[DIRECTORY_A_OBJECTSID] > 0) {
			v = &e->values[DIRECTORY_A_OBJECTSID][0];
			h->sid = directory_sid_format(v->data, v->len);
		}
	}
}

/* DN in a canonical form: lower case, no spaces around "," "=" "+". */
static char *
directory_dn_normal(const char *dn)
{
	char	*out, *o;
	size_t	 i, n = strlen(dn);

	o = out = xmalloc(n + 1);
	for (i = 0; i < n; i++) {
		if (dn[i] == '\\' && i + 1 < n) {
			*o++ = dn[i++];
			*o++ = tolower((unsigned char)dn[i]);
			continue;
		}
		if (dn[i] == ',' || dn[i] == '=' || dn[i] == '+') {
			while (o > out && o[-1] == ' ' &&
			    (o - 1 == out || o[-2] != '\\'))
				o--;
			*o++ = dn[i];
			while (i + 1 < n && dn[i + 1] == ' ')
				i++;
			continue;
		}
		*o++ = tolower((unsigned char)dn[i]);
	}
	while (o > out && o[-1] == ' ' && (o - 1 == out || o[-2] != '\\'))
		o--;
	*o = '\0';
	return (out);
}

/*
 * DN as written to the snapshot: attribute types in upper case ("CN=", as
 * AD writes them; OpenLDAP returns its schema's spelling), no spaces around
 * "," "=" "+"; values as they were.  The live and LDIF paths agree on it.
 */
static char *
directory_dn_pretty(const char *dn)
{
	char	*out, *o;
	size_t	 i, n = strlen(dn);
	int	 in_type = 1;

	o = out = xmalloc(n + 1);
	for (i = 0; i < n; i++) {
		if (dn[i] == '\\' && i + 1 < n) {
			*o++ = dn[i++];
			*o++ = dn[i];
			continue;
		}
		if (dn[i] == ',' || dn[i] == '=' || dn[i] == '+') {
			while (o > out && o[-1] == ' ' &&
			    (o - 1 == out || o[-2] != '\\'))
				o--;
			*o++ = dn[i];
			while (i + 1 < n && dn[i + 1] == ' ')
				i++;
			in_type = dn[i] != '=';
			continue;
		}
		if (in_type && o == out && dn[i] == ' ')
			continue;
		*o++ = in_type ? toupper((unsigned char)dn[i]) : dn[i];
	}
	while (o > out && o[-1] == ' ' && (o - 1 == out || o[-2] != '\\'))
		o--;
	*o = '\0';
	return (out);
}

int
directory_dn_cmp(const char *a, const char *b)
{
	char	*na, *nb;
	int	 r;

	na = directory_dn_normal(a);
	nb = directory_dn_normal(b);
	r = strcmp(na, nb);
	free(na);
	free(nb);
	return (r);
}

/* Like directory_dn_under with base already normal. */
static int
directory_dn_under_normal(const char *dn, const char *nbase)
{
	char	*nd;
	size_t	 ld, lb, k;
	int	 r = 0;

	nd = directory_dn_normal(dn);
	ld = strlen(nd);
	lb = strlen(nbase);
	if (lb == 0)
		r = 1;
	else if (ld == lb)
		r = strcmp(nd, nbase) == 0;
	else if (ld > lb && strcmp(nd + ld - lb, nbase) == 0 &&
	    nd[ld - lb - 1] == ',') {
		/* The comma must not be escaped. */
		k = 0;
		while (ld - lb - 1 > k && nd[ld - lb - 2 - k] == '\\')
			k++;
		r = k % 2 == 0;
	}
	free(nd);
	return (r);
}

int
directory_dn_under(const char *dn, const char *base)
{
	char	*nb;
	int	 r;

	nb = directory_dn_normal(base);
	r = directory_dn_under_normal(dn, nb);
	free(nb);
	return (r);
}

/* "dc=corp,dc=example" as "corp.example"; NULL if not all DC= parts. */
static char *
directory_dn_to_dns(const char *dn)
{
	char		*n, *out, *o, *p, *q;

	n = directory_dn_normal(dn);
	o = out = xmalloc(strlen(n) + 1);
	for (p = n; *p != '\0'; p = q) {
		if (strncmp(p, "dc=", 3) != 0 || strchr(p, '\\') != NULL) {
			free(n);
			free(out);
			return (NULL);
		}
		p += 3;
		q = strchr(p, ',');
		if (q == NULL)
			q = p + strlen(p);
		if (o != out)
			*o++ = '.';
		memcpy(o, p, q - p);
		o += q - p;
		if (*q == ',')
			q++;
	}
	*o = '\0';
	free(n);
	if (*out == '\0') {
		free(out);
		return (NULL);
	}
	return (out);
}

/* Names in a stable order: case-insensitively, then by their bytes. */
static int
directory_name_cmp(const char *a, const char *b)
{
	int	r;

	if ((r = strcasecmp(a, b)) != 0)
		return (r);
	return (strcmp(a, b));
}

static int
directory_computer_cmp(const void *a, const void *b)
{
	const struct directory_computer	*ca = a, *cb = b;
	int				 r;

	if ((r = directory_name_cmp(ca->name, cb->name)) != 0)
		return (r);
	return (strcmp(ca->dn, cb->dn));
}

static int
directory_trust_cmp(const void *a, const void *b)
{
	const struct directory_trust	*ta = a, *tb = b;
	int				 r;

	if ((r = directory_name_cmp(ta->partner, tb->partner)) != 0)
		return (r);
	return (util_strcmp_null(ta->flat, tb->flat));
}

void
directory_sort(struct directory *dir)
{
	directory_index_free(dir);
	if (dir->ncomputers > 1)
		qsort(dir->computers, dir->ncomputers,
		    sizeof *dir->computers, directory_computer_cmp);
	if (dir->ntrusts > 1)
		qsort(dir->trusts, dir->ntrusts, sizeof *dir->trusts,
		    directory_trust_cmp);
	directory_accounts_sort(dir);
}

/* The trailing DC= RDNs of dn ("DC=corp,DC=example"), or NULL. */
static char *
directory_dn_dc_suffix(const char *dn)
{
	char	*pretty, *start = NULL, *p, *out = NULL;

	pretty = directory_dn_pretty(dn);
	for (p = pretty; p != NULL; ) {
		if (strncmp(p, "DC=", 3) == 0) {
			if (start == NULL)
				start = p;
		} else
			start = NULL;
		/* The next unescaped comma. */
		while (*p != '\0' && *p != ',') {
			if (*p == '\\' && p[1] != '\0')
				p++;
			p++;
		}
		p = *p == ',' ? p + 1 : NULL;
	}
	if (start != NULL)
		out = xstrdup(start);
	free(pretty);
	return (out);
}

/*
 * The DN of the snapshot's domain when none was given: the domainDNS entry
 * under the base, or the only one; else a domain's crossRef; else the base's
 * DC= part (*dcpart, the caller frees).  *n: how many were found; NULL
 * if not one.
 */
static const char *
directory_find_domain(const struct directory_pending *p, const char *base,
    char **dcpart, size_t *n)
{
	const char	*found = NULL;
	size_t		 i;

	for (i = 0, *n = 0; i < p->nheads; i++) {
		if (base == NULL || directory_dn_under(base, p->heads[i].dn)) {
			found = p->heads[i].dn;
			(*n)++;
		}
	}
	if (*n > 0)
		return (*n == 1 ? found : NULL);
	for (i = 0; i < p->nxrefs; i++) {
		if (p->xrefs[i].netbios != NULL && (base == NULL ||
		    directory_dn_under(base, p->xrefs[i].ncname))) {
			found = p->xrefs[i].ncname;
			(*n)++;
		}
	}
	if (*n > 0)
		return (*n == 1 ? found : NULL);
	if (base != NULL && (*dcpart = directory_dn_dc_suffix(base)) != NULL) {
		*n = 1;
		return (*dcpart);
	}
	return (NULL);
}

int
directory_finish(struct directory *dir, const char *domain_dn,
    const char *base, char **cause)
{
	struct directory_pending	*p = dir->pending;
	struct directory_head		*head = NULL;
	struct directory_xref		*xref = NULL;
	char				*nbase, *system, *dcpart = NULL;
	size_t				 i, j, n;

	if (p == NULL) {
		xasprintf(cause, "snapshot already finished");
		return (-1);
	}
	if (domain_dn == NULL &&
	    (domain_dn = directory_find_domain(p, base, &dcpart, &n)) == NULL) {
		xasprintf(cause, "%s domain found (domainDNS entry or crossRef "
		    "with nETBIOSName); give one with -b", n == 0 ? "no" :
		    "more than one");
		return (-1);
	}
	free(dir->domain_dn);
	dir->domain_dn = directory_dn_pretty(domain_dn);
	head = NULL;
	xref = NULL;
	for (i = 0; i < p->nheads && head == NULL; i++) {
		if (directory_dn_cmp(p->heads[i].dn, domain_dn) == 0)
			head = &p->heads[i];
	}
	for (i = 0; i < p->nxrefs && xref == NULL; i++) {
		if (directory_dn_cmp(p->xrefs[i].ncname, domain_dn) == 0)
			xref = &p->xrefs[i];
	}
	free(dir->domain_sid);
	dir->domain_sid = head != NULL && head->sid != NULL ?
	    xstrdup(head->sid) : NULL;
	free(dir->domain_netbios);
	dir->domain_netbios = xref != NULL && xref->netbios != NULL ?
	    xstrdup(xref->netbios) : NULL;
	free(dir->domain_dns);
	if (xref != NULL && xref->dnsroot != NULL)
		dir->domain_dns = xstrdup(xref->dnsroot);
	else
		dir->domain_dns = directory_dn_to_dns(domain_dn);

	if (base == NULL)
		base = domain_dn;
	free(dir->source_base);
	dir->source_base = directory_dn_pretty(base);
	nbase = directory_dn_normal(base);
	for (i = 0, j = 0; i < dir->ncomputers; i++) {
		if (directory_dn_under_normal(dir->computers[i].dn, nbase))
			dir->computers[j++] = dir->computers[i];
		else {
			directory_computer_clear(&dir->computers[i]);
			dir->outside++;
		}
	}
	dir->ncomputers = j;
	directory_accounts_finish(dir, nbase);
	free(nbase);

	xasprintf(&system, "CN=System,%s", domain_dn);
	nbase = directory_dn_normal(system);
	free(system);
	for (i = 0, j = 0; i < dir->ntrusts; i++) {
		if (directory_dn_under_normal(p->trust_dns[i], nbase))
			dir->trusts[j++] = dir->trusts[i];
		else {
			directory_trust_clear(&dir->trusts[i]);
			dir->outside++;
		}
		free(p->trust_dns[i]);
	}
	dir->ntrusts = 0;
	directory_pending_free(dir);
	dir->ntrusts = j;
	free(nbase);
	free(dcpart);
	directory_sort(dir);
	return (0);
}

void
directory_counts(const struct directory *dir, size_t *dcs, size_t *rodcs,
    size_t *disabled)
{
	size_t	i;

	*dcs = *rodcs = *disabled = 0;
	for (i = 0; i < dir->ncomputers; i++) {
		if (dir->computers[i].dc)
			(*dcs)++;
		if (dir->computers[i].rodc)
			(*rodcs)++;
		if (!dir->computers[i].enabled)
			(*disabled)++;
	}
}

char *
directory_sid_format(const void *data, size_t len)
{
	const unsigned char	*b = data;
	char			*out, *o;
	uint64_t		 auth;
	uint32_t		 sub;
	size_t			 i, n;

	/* Revision 1, count, 6-byte big-endian authority, count LE32s. */
	if (len < 8 || b[0] != 1)
		return (NULL);
	n = b[1];
	if (n > 15 || len != 8 + 4 * n)
		return (NULL);
	auth = 0;
	for (i = 2; i < 8; i++)
		auth = (auth << 8) | b[i];
	o = out = xmalloc(32 + n * 11);
	o += sprintf(o, "S-1-%" PRIu64, auth);
	for (i = 0; i < n; i++) {
		sub = (uint32_t)b[8 + 4 * i] |
		    (uint32_t)b[9 + 4 * i] << 8 |
		    (uint32_t)b[10 + 4 * i] << 16 |
		    (uint32_t)b[11 + 4 * i] << 24;
		o += sprintf(o, "-%" PRIu32, sub);
	}
	return (out);
}

static void	directory_save_accounts(struct directory *, struct jsonout *);

void
directory_save(struct directory *dir, FILE *f)
{
	struct directory_computer	*c;
	struct directory_trust		*t;
	struct jsonout			*j;
	size_t				 i;

	j = xmalloc(sizeof *j);
	jsonout_init(j, f);
	jsonout_object_begin(j);
	jsonout_key(j, "format");
	jsonout_string(j, DIRECTORY_FORMAT);
	jsonout_key(j, "version");
	jsonout_int(j, DIRECTORY_VERSION);
	jsonout_break(j, 1);
	jsonout_key(j, "source");
	jsonout_object_begin(j);
	jsonout_key(j, "uri");
	jsonout_string(j, dir->source_uri);
	if (dir->source_ldif != NULL) {
		jsonout_key(j, "ldif");
		jsonout_strings(j, (const char *const *)dir->source_ldif,
		    dir->nsource_ldif);
	}
	jsonout_key(j, "base");
	jsonout_string(j, dir->source_base);
	jsonout_key(j, "fetched");
	jsonout_time(j, dir->fetched);
	jsonout_object_end(j);
	jsonout_break(j, 1);
	jsonout_key(j, "domain");
	jsonout_object_begin(j);
	jsonout_key(j, "dn");
	jsonout_string(j, dir->domain_dn);
	jsonout_key(j, "dns");
	jsonout_string(j, dir->domain_dns);
	jsonout_key(j, "netbios");
	jsonout_string(j, dir->domain_netbios);
	jsonout_key(j, "sid");
	jsonout_string(j, dir->domain_sid);
	if (dir->nupn_suffixes > 0) {
		jsonout_key(j, "upn_suffixes");
		jsonout_strings(j, (const char *const *)dir->upn_suffixes,
		    dir->nupn_suffixes);
	}
	jsonout_object_end(j);
	jsonout_break(j, 1);
	jsonout_key(j, "trusts");
	jsonout_array_begin(j);
	for (i = 0; i < dir->ntrusts; i++) {
		t = &dir->trusts[i];
		jsonout_break(j, 2);
		jsonout_object_begin(j);
		jsonout_key(j, "partner");
		jsonout_string(j, t->partner);
		jsonout_key(j, "flat");
		jsonout_string(j, t->flat);
		jsonout_key(j, "direction");
		jsonout_int(j, t->direction);
		jsonout_key(j, "attributes");
		jsonout_int(j, t->attributes);
		jsonout_key(j, "type");
		jsonout_int(j, t->type);
		jsonout_object_end(j);
	}
	jsonout_array_end(j);
	jsonout_break(j, 1);
	jsonout_key(j, "computers");
	jsonout_array_begin(j);
	for (i = 0; i < dir->ncomputers; i++) {
		c = &dir->computers[i];
		jsonout_break(j, 2);
		jsonout_object_begin(j);
		jsonout_key(j, "name");
		jsonout_string(j, c->name);
		jsonout_key(j, "dns");
		jsonout_string(j, c->dns);
		jsonout_key(j, "dn");
		jsonout_string(j, c->dn);
		jsonout_key(j, "enabled");
		jsonout_bool(j, c->enabled);
		jsonout_key(j, "dc");
		jsonout_bool(j, c->dc);
		jsonout_key(j, "rodc");
		jsonout_bool(j, c->rodc);
		jsonout_key(j, "os");
		jsonout_string(j, c->os);
		jsonout_key(j, "os_version");
		jsonout_string(j, c->os_version);
		jsonout_key(j, "last_logon");
		jsonout_time(j, c->last_logon);
		jsonout_key(j, "spns");
		jsonout_strings(j, (const char *const *)c->spns, c->nspns);
		jsonout_object_end(j);
	}
	jsonout_array_end(j);
	directory_save_accounts(dir, j);
	jsonout_object_end(j);
	free(j);
}

/* Loading. */

struct directory_load {
	const char	*path;
	char		*cause;
};

static int
directory_load_fail(struct directory_load *l, const char *what,
    const char *detail)
{
	if (l->cause == NULL)
		xasprintf(&l->cause, "%s: %s%s%s", l->path, what,
		    detail != NULL ? ": " : "", detail != NULL ? detail : "");
	return (-1);
}

/* String member name of o (NULL allowed if nullable) into *out, copied. */
static int
directory_load_string(struct directory_load *l, const cJSON *o,
    const char *name, int nullable, char **out, const char *where)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, name);
	char		*what;

	*out = NULL;
	if ((v == NULL || cJSON_IsNull(v)) && nullable)
		return (0);
	if (!cJSON_IsString(v)) {
		xasprintf(&what, "%s: \"%s\" is not a string", where, name);
		directory_load_fail(l, what, NULL);
		free(what);
		return (-1);
	}
	*out = xstrdup(v->valuestring);
	return (0);
}

static int
directory_load_time(struct directory_load *l, const cJSON *o,
    const char *name, int64_t *out, const char *where)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, name);
	char		*what;

	*out = UTIL_TIME_NONE;
	if (v == NULL || cJSON_IsNull(v))
		return (0);
	if (!cJSON_IsString(v) || util_time_parse(v->valuestring, out) != 0) {
		xasprintf(&what, "%s: \"%s\" is not a time", where, name);
		directory_load_fail(l, what, NULL);
		free(what);
		return (-1);
	}
	return (0);
}

static int
directory_load_int(struct directory_load *l, const cJSON *o,
    const char *name, long long *out, const char *where)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, name);
	char		*what;

	/* Range-checked before the cast: 1e30 does not fit a long long. */
	if (!cJSON_IsNumber(v) || !(v->valuedouble >=
	    -(double)UTIL_COUNT_MAX && v->valuedouble <=
	    (double)UTIL_COUNT_MAX) || v->valuedouble != (double)(long long)
	    v->valuedouble) {
		xasprintf(&what, "%s: \"%s\" is not an integer", where, name);
		directory_load_fail(l, what, NULL);
		free(what);
		return (-1);
	}
	*out = (long long)v->valuedouble;
	return (0);
}

static int
directory_load_bool(struct directory_load *l, const cJSON *o,
    const char *name, int *out, const char *where)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, name);
	char		*what;

	if (!cJSON_IsBool(v)) {
		xasprintf(&what, "%s: \"%s\" is not a boolean", where, name);
		directory_load_fail(l, what, NULL);
		free(what);
		return (-1);
	}
	*out = cJSON_IsTrue(v);
	return (0);
}

static int
directory_load_computer(struct directory *dir, struct directory_load *l,
    const cJSON *o, size_t at)
{
	struct directory_computer	*c;
	const cJSON			*spns, *s;
	char				 where[64];
	size_t				 i;

	snprintf(where, sizeof where, "computer %zu", at);
	if (!cJSON_IsObject(o))
		return (directory_load_fail(l, where, "not an object"));
	c = &dir->computers[dir->ncomputers++];
	memset(c, 0, sizeof *c);
	if (directory_load_string(l, o, "name", 0, &c->name, where) != 0 ||
	    directory_load_string(l, o, "dns", 1, &c->dns, where) != 0 ||
	    directory_load_string(l, o, "dn", 0, &c->dn, where) != 0 ||
	    directory_load_bool(l, o, "enabled", &c->enabled, where) != 0 ||
	    directory_load_bool(l, o, "dc", &c->dc, where) != 0 ||
	    directory_load_bool(l, o, "rodc", &c->rodc, where) != 0 ||
	    directory_load_string(l, o, "os", 1, &c->os, where) != 0 ||
	    directory_load_string(l, o, "os_version", 1, &c->os_version,
	    where) != 0 ||
	    directory_load_time(l, o, "last_logon", &c->last_logon,
	    where) != 0)
		return (-1);
	spns = cJSON_GetObjectItemCaseSensitive(o, "spns");
	if (spns != NULL && !cJSON_IsNull(spns)) {
		if (!cJSON_IsArray(spns))
			return (directory_load_fail(l, where,
			    "\"spns\" is not an array"));
		c->spns = xreallocarray(NULL,
		    (size_t)cJSON_GetArraySize(spns) + 1, sizeof *c->spns);
		i = 0;
		cJSON_ArrayForEach(s, spns) {
			if (!cJSON_IsString(s))
				return (directory_load_fail(l, where,
				    "an SPN is not a string"));
			c->spns[i++] = xstrdup(s->valuestring);
			c->nspns = i;
		}
		qsort(c->spns, c->nspns, sizeof *c->spns, directory_strp_cmp);
	}
	return (0);
}

static int
directory_load_trust(struct directory *dir, struct directory_load *l,
    const cJSON *o, size_t at)
{
	struct directory_trust	*t;
	char			 where[64];

	snprintf(where, sizeof where, "trust %zu", at);
	if (!cJSON_IsObject(o))
		return (directory_load_fail(l, where, "not an object"));
	t = &dir->trusts[dir->ntrusts++];
	memset(t, 0, sizeof *t);
	if (directory_load_string(l, o, "partner", 0, &t->partner,
	    where) != 0 ||
	    directory_load_string(l, o, "flat", 1, &t->flat, where) != 0 ||
	    directory_load_int(l, o, "direction", &t->direction, where) != 0 ||
	    directory_load_int(l, o, "attributes", &t->attributes,
	    where) != 0 ||
	    directory_load_int(l, o, "type", &t->type, where) != 0)
		return (-1);
	return (0);
}

static int
directory_load_json(struct directory *dir, struct directory_load *l,
    const cJSON *root)
{
	const cJSON	*v, *src, *dom, *arr, *o;
	size_t		 i;

	if (!cJSON_IsObject(root))
		return (directory_load_fail(l, "not a JSON object", NULL));
	v = cJSON_GetObjectItemCaseSensitive(root, "format");
	if (!cJSON_IsString(v) || strcmp(v->valuestring, DIRECTORY_FORMAT))
		return (directory_load_fail(l, "not a directory snapshot",
		    NULL));
	v = cJSON_GetObjectItemCaseSensitive(root, "version");
	if (!cJSON_IsNumber(v) || v->valuedouble != DIRECTORY_VERSION)
		return (directory_load_fail(l, "unsupported version", NULL));

	src = cJSON_GetObjectItemCaseSensitive(root, "source");
	if (!cJSON_IsObject(src))
		return (directory_load_fail(l, "\"source\" is not an object",
		    NULL));
	if (directory_load_string(l, src, "uri", 1, &dir->source_uri,
	    "source") != 0 ||
	    directory_load_string(l, src, "base", 1, &dir->source_base,
	    "source") != 0 ||
	    directory_load_time(l, src, "fetched", &dir->fetched,
	    "source") != 0)
		return (-1);
	arr = cJSON_GetObjectItemCaseSensitive(src, "ldif");
	if (arr != NULL && !cJSON_IsNull(arr)) {
		if (!cJSON_IsArray(arr))
			return (directory_load_fail(l, "source",
			    "\"ldif\" is not an array"));
		dir->source_ldif = xreallocarray(NULL,
		    (size_t)cJSON_GetArraySize(arr) + 1,
		    sizeof *dir->source_ldif);
		cJSON_ArrayForEach(o, arr) {
			if (!cJSON_IsString(o))
				return (directory_load_fail(l, "source",
				    "an LDIF path is not a string"));
			dir->source_ldif[dir->nsource_ldif++] =
			    xstrdup(o->valuestring);
		}
	}

	dom = cJSON_GetObjectItemCaseSensitive(root, "domain");
	if (!cJSON_IsObject(dom))
		return (directory_load_fail(l, "\"domain\" is not an object",
		    NULL));
	if (directory_load_string(l, dom, "dn", 0, &dir->domain_dn,
	    "domain") != 0 ||
	    directory_load_string(l, dom, "dns", 1, &dir->domain_dns,
	    "domain") != 0 ||
	    directory_load_string(l, dom, "netbios", 1, &dir->domain_netbios,
	    "domain") != 0 ||
	    directory_load_string(l, dom, "sid", 1, &dir->domain_sid,
	    "domain") != 0)
		return (-1);
	arr = cJSON_GetObjectItemCaseSensitive(dom, "upn_suffixes");
	if (arr != NULL && !cJSON_IsArray(arr))
		return (directory_load_fail(l, "domain",
		    "\"upn_suffixes\" is not an array"));
	cJSON_ArrayForEach(o, arr) {
		if (!cJSON_IsString(o))
			return (directory_load_fail(l, "domain",
			    "a UPN suffix is not a string"));
		dir->upn_suffixes = xreallocarray(dir->upn_suffixes,
		    dir->nupn_suffixes + 1, sizeof *dir->upn_suffixes);
		dir->upn_suffixes[dir->nupn_suffixes++] =
		    xstrdup(o->valuestring);
	}

	arr = cJSON_GetObjectItemCaseSensitive(root, "trusts");
	if (!cJSON_IsArray(arr))
		return (directory_load_fail(l, "\"trusts\" is not an array",
		    NULL));
	dir->trusts = xreallocarray(NULL, (size_t)cJSON_GetArraySize(arr) + 1,
	    sizeof *dir->trusts);
	i = 0;
	cJSON_ArrayForEach(o, arr) {
		if (directory_load_trust(dir, l, o, i++) != 0)
			return (-1);
	}
	/* Absent from snapshots written before accounts were read. */
	if (directory_load_time(l, root, "rodc_group_created",
	    &dir->rodc_group_created, "snapshot") != 0)
		return (-1);

	return (0);
}

static int
directory_load_syntax(struct directory_load *l, const char *buf,
    const char *at)
{
	char	what[64];

	snprintf(what, sizeof what, "invalid JSON at byte %zu",
	    (size_t)(at - buf));
	return (directory_load_fail(l, what, NULL));
}

/* What directory_load_buffer's walk has seen. */
struct directory_walk {
	struct directory	*dir;
	struct directory_load	*l;
	cJSON			*root;		/* members but computers */
	size_t			 acomputers;
	size_t			 aaccounts;
	int			 computers;	/* seen */
	int			 accounts;	/* seen */
	int			 first;
};

static int
directory_walk_computer(struct jsonwalk *w, cJSON *v, size_t at, void *arg)
{
	struct directory_walk	*dw = arg;
	struct directory	*dir = dw->dir;

	(void)w;
	(void)at;
	if (dir->ncomputers == dw->acomputers) {
		dw->acomputers = dw->acomputers == 0 ? 1024 :
		    dw->acomputers * 2;
		dir->computers = xreallocarray(dir->computers, dw->acomputers,
		    sizeof *dir->computers);
	}
	return (directory_load_computer(dir, dw->l, v, dir->ncomputers));
}

static int	directory_load_account(struct directory *,
		    struct directory_load *, const cJSON *, size_t);

static int
directory_walk_account(struct jsonwalk *w, cJSON *v, size_t at, void *arg)
{
	struct directory_walk	*dw = arg;
	struct directory	*dir = dw->dir;

	(void)w;
	(void)at;
	dir->accounts = xgrow(dir->accounts, dir->naccounts, &dw->aaccounts,
	    sizeof *dir->accounts);
	return (directory_load_account(dir, dw->l, v, dir->naccounts));
}

static int
directory_walk_member(struct jsonwalk *w, const char *name, size_t at,
    void *arg)
{
	struct directory_walk	*dw = arg;
	cJSON			*v;

	(void)at;
	if (dw->first && strcmp(name, "format") != 0)
		return (directory_load_fail(dw->l, "not a directory snapshot",
		    NULL));
	dw->first = 0;
	if (strcmp(name, "computers") == 0 && jsonwalk_peek(w) == '[' &&
	    !dw->computers) {
		dw->computers = 1;
		return (jsonwalk_array(w, directory_walk_computer, dw));
	}
	if (strcmp(name, "accounts") == 0 && jsonwalk_peek(w) == '[' &&
	    !dw->accounts) {
		dw->accounts = 1;
		return (jsonwalk_array(w, directory_walk_account, dw));
	}
	if ((v = jsonwalk_parse(w, &at)) == NULL)
		return (-1);
	if (strcmp(name, "format") == 0 && (!cJSON_IsString(v) ||
	    strcmp(v->valuestring, DIRECTORY_FORMAT) != 0)) {
		cJSON_Delete(v);
		return (directory_load_fail(dw->l, "not a directory snapshot",
		    NULL));
	}
	if (strcmp(name, "computers") == 0 || strcmp(name, "accounts") == 0 ||
	    cJSON_GetObjectItemCaseSensitive(dw->root, name) != NULL) {
		cJSON_Delete(v);
		return (directory_load_fail(dw->l, name,
		    "repeated or not an array"));
	}
	cJSON_AddItemToObject(dw->root, name, v);
	return (0);
}

/*
 * Walk the top-level object member by member (jsonwalk): each computer is
 * handed to cJSON on its own and freed at once, so that loading 100,000
 * computers does not hold a tree of them all; the other members go into
 * one small tree for directory_load_json.  A syntax error is told by its
 * byte offset.
 */
static int
directory_load_buffer(struct directory *dir, struct directory_load *l,
    const char *buf, size_t len)
{
	struct directory_walk	dw;
	struct jsonwalk		w;
	int			rc = -1;

	memset(&dw, 0, sizeof dw);
	dw.dir = dir;
	dw.l = l;
	dw.root = cJSON_CreateObject();
	dw.first = 1;
	jsonwalk_init(&w, l->path, buf, len);
	w.keep = 1;
	if (jsonwalk_peek(&w) != '{')
		jsonwalk_error(&w, w.pos, "expected '{'");
	else if (jsonwalk_object(&w, directory_walk_member, &dw) == 0 &&
	    jsonwalk_end(&w) == 0) {
		if (!dw.computers)
			directory_load_fail(l, "\"computers\" is not an array",
			    NULL);
		else
			rc = directory_load_json(dir, l, dw.root);
	}
	if (w.cause != NULL && l->cause == NULL)
		directory_load_syntax(l, buf, buf + w.err_at);
	jsonwalk_clear(&w);
	cJSON_Delete(dw.root);
	return (rc);
}

struct directory *
directory_load(const char *path, char **cause)
{
	struct directory_load	 l = { path, NULL };
	struct directory	*dir;
	FILE			*f;
	char			*buf = NULL;
	size_t			 len = 0, size = 0, n;
	int			 rc;

	if (strcmp(path, "-") == 0)
		f = stdin;
	else if ((f = fopen(path, "r")) == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return (NULL);
	}
	for (;;) {
		if (size - len < 65536) {
			size = size == 0 ? 1 << 20 : size * 2;
			buf = xreallocarray(buf, size, 1);
		}
		n = fread(buf + len, 1, size - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		if (f != stdin)
			fclose(f);
		free(buf);
		return (NULL);
	}
	if (f != stdin)
		fclose(f);

	dir = directory_create();
	directory_pending_free(dir);
	rc = directory_load_buffer(dir, &l, buf, len);
	free(buf);
	if (rc != 0) {
		directory_free(dir);
		*cause = l.cause;
		return (NULL);
	}
	directory_sort(dir);
	return (dir);
}

/* Finding computers. */

static int
directory_key_match(const char *other, const struct directory_key *k)
{
	return (other != NULL && strncasecmp(other, k->s, k->len) == 0 &&
	    other[k->len] == '\0');
}

/* casemap_match_fn of the indexes: value is an index in computers. */
static int
directory_match_name(const void *key, uint32_t value, const void *arg)
{
	const struct directory	*dir = arg;

	return (directory_key_match(dir->computers[value].name, key));
}

static int
directory_match_dns(const void *key, uint32_t value, const void *arg)
{
	const struct directory	*dir = arg;

	return (directory_key_match(dir->computers[value].dns, key));
}

static void
directory_index_insert(struct casemap *m, const char *name, size_t idx)
{
	struct directory_key	k;
	uint64_t		h;

	k.s = name;
	k.len = strlen(name);
	h = casemap_hash_len(CASEMAP_SEED, k.s, k.len);
	if (casemap_find(m, h, &k) == CASEMAP_NONE)	/* the first wins */
		casemap_insert(m, h, (uint32_t)idx);
}

static void
directory_index_build(struct directory *dir)
{
	struct directory_index	*ix;
	size_t			 i;

	if (dir->ncomputers >= UINT32_MAX)
		fatalx("too many computers");
	ix = xcalloc(1, sizeof *ix);
	ix->by_name = casemap_create(dir->ncomputers, directory_match_name,
	    dir);
	ix->by_dns = casemap_create(dir->ncomputers, directory_match_dns, dir);
	for (i = 0; i < dir->ncomputers; i++) {
		directory_index_insert(ix->by_name, dir->computers[i].name, i);
		if (dir->computers[i].dns != NULL)
			directory_index_insert(ix->by_dns,
			    dir->computers[i].dns, i);
	}
	dir->index = ix;
}

static const struct directory_computer *
directory_index_find(const struct directory *dir, int by_dns, const char *key,
    size_t len)
{
	struct directory_key	k;
	uint32_t		i;

	k.s = key;
	k.len = len;
	i = casemap_find(by_dns ? dir->index->by_dns : dir->index->by_name,
	    casemap_hash_len(CASEMAP_SEED, key, len), &k);
	return (i == CASEMAP_NONE ? NULL : &dir->computers[i]);
}

const struct directory_computer *
directory_find_computer(struct directory *dir, const char *host)
{
	const struct directory_computer	*c;
	const char			*dot;
	size_t				 len, dlen;

	if (host == NULL)
		return (NULL);
	len = strlen(host);
	while (len > 0 && host[len - 1] == '.')
		len--;
	if (len == 0)
		return (NULL);
	if (dir->index == NULL)
		directory_index_build(dir);
	if ((c = directory_index_find(dir, 1, host, len)) != NULL)
		return (c);
	dot = memchr(host, '.', len);
	if (dot == NULL)
		return (directory_index_find(dir, 0, host, len));
	if (dir->domain_dns == NULL)
		return (NULL);
	dlen = strlen(dir->domain_dns);
	while (dlen > 0 && dir->domain_dns[dlen - 1] == '.')
		dlen--;
	if (dlen == 0 || len <= dlen + 1 || host[len - dlen - 1] != '.' ||
	    strncasecmp(host + len - dlen, dir->domain_dns, dlen) != 0)
		return (NULL);
	return (directory_index_find(dir, 0, host, dot - host));
}

/*
 * Accounts that hold an SPN, for Kerberos (ntlmplan-directory(5),
 * KERBEROS): users, computers and managed service accounts with
 * servicePrincipalName, their msDS-SupportedEncryptionTypes, pwdLastSet
 * and userAccountControl; and the whenCreated of the Read-only Domain
 * Controllers group (RID 521), found by its objectSid once the domain's SID
 * is known.
 */

static const char *const directory_account_kinds[] = {
	[DIRECTORY_ACCOUNT_USER] = "user",
	[DIRECTORY_ACCOUNT_COMPUTER] = "computer",
	[DIRECTORY_ACCOUNT_MANAGED] = "managed",
};

static void
directory_account_clear(struct directory_account *a)
{
	size_t	 i;

	free(a->name);
	free(a->dn);
	for (i = 0; i < a->nspns; i++)
		free(a->spns[i]);
	free(a->spns);
}

int
directory_generalized_time(const char *s, int64_t *out)
{
	char		 buf[UTIL_TIME_LEN];
	size_t		 i;

	/* YYYYMMDDHHMMSS, an optional fraction, then Z. */
	for (i = 0; i < 14; i++) {
		if (s[i] < '0' || s[i] > '9')
			return (-1);
	}
	i = 14;
	if (s[i] == '.' || s[i] == ',') {
		for (i++; s[i] >= '0' && s[i] <= '9'; i++)
			;
	}
	if (s[i] != 'Z' || s[i + 1] != '\0')
		return (-1);
	snprintf(buf, sizeof buf, "%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ", s, s + 4,
	    s + 6, s + 8, s + 10, s + 12);
	return (util_time_parse(buf, out));
}

static void
directory_add_account(struct directory *dir, const struct directory_entry *e,
    int classes)
{
	struct directory_pending	*p = dir->pending;
	struct directory_account	*a;
	struct directory_group		*g;
	const struct directory_value	*v;
	const char			*s;
	long long			 uac, ft;
	size_t				 i;

	if (classes & DIRECTORY_C_GROUP) {
		if (e->nvalues[DIRECTORY_A_OBJECTSID] == 0 ||
		    (s = directory_entry_first(e, DIRECTORY_A_WHENCREATED)) ==
		    NULL)
			return;
		p->groups = xgrow(p->groups, p->ngroups, &p->agroups,
		    sizeof *p->groups);
		g = &p->groups[p->ngroups];
		v = &e->values[DIRECTORY_A_OBJECTSID][0];
		if ((g->sid = directory_sid_format(v->data, v->len)) == NULL)
			return;
		if (directory_generalized_time(s, &g->created) != 0) {
			free(g->sid);
			return;
		}
		p->ngroups++;
		return;
	}
	uac = directory_entry_bits(e, DIRECTORY_A_USERACCOUNTCONTROL);
	if (e->nvalues[DIRECTORY_A_SERVICEPRINCIPALNAME] == 0 ||
	    (uac & DIRECTORY_UAC_TRUST_ACCOUNT) ||
	    directory_entry_first(e, DIRECTORY_A_SAMACCOUNTNAME) == NULL)
		return;
	dir->accounts = xgrow(dir->accounts, dir->naccounts, &p->aaccounts,
	    sizeof *dir->accounts);
	a = &dir->accounts[dir->naccounts++];
	memset(a, 0, sizeof *a);
	a->name = directory_entry_dup(e, DIRECTORY_A_SAMACCOUNTNAME);
	a->dn = directory_dn_pretty(e->dn);
	if (classes & DIRECTORY_C_MSA)
		a->kind = DIRECTORY_ACCOUNT_MANAGED;
	else if (classes & DIRECTORY_C_COMPUTER)
		a->kind = DIRECTORY_ACCOUNT_COMPUTER;
	else
		a->kind = DIRECTORY_ACCOUNT_USER;
	a->enctypes = directory_entry_int(e, DIRECTORY_A_SUPPORTEDENCTYPES,
	    DIRECTORY_ENCTYPES_NONE);
	if (a->enctypes < 0 || a->enctypes > UINT32_MAX)
		a->enctypes = DIRECTORY_ENCTYPES_NONE;
	/* 0: never set (or must change at next logon). */
	ft = directory_entry_int(e, DIRECTORY_A_PWDLASTSET, 0);
	a->pwd_last_set = ft > 0 && util_time_valid(util_filetime_to_us(
	    (uint64_t)ft)) ? util_filetime_to_us((uint64_t)ft) :
	    UTIL_TIME_NONE;
	a->uac = uac;
	/* A computer's SPNs are in computers[]: not kept twice. */
	if (a->kind == DIRECTORY_ACCOUNT_COMPUTER)
		return;
	a->nspns = e->nvalues[DIRECTORY_A_SERVICEPRINCIPALNAME];
	a->spns = xreallocarray(NULL, a->nspns, sizeof *a->spns);
	v = e->values[DIRECTORY_A_SERVICEPRINCIPALNAME];
	for (i = 0; i < a->nspns; i++)
		a->spns[i] = xstrdup(v[i].data);
	qsort(a->spns, a->nspns, sizeof *a->spns, directory_strp_cmp);
}

/* Drop accounts outside nbase; settle the RODC group's time. */
static void
directory_accounts_finish(struct directory *dir, const char *nbase)
{
	struct directory_pending	*p = dir->pending;
	char				*sid;
	size_t				 i, j;

	for (i = 0, j = 0; i < dir->naccounts; i++) {
		if (directory_dn_under_normal(dir->accounts[i].dn, nbase))
			dir->accounts[j++] = dir->accounts[i];
		else {
			directory_account_clear(&dir->accounts[i]);
			dir->outside++;
		}
	}
	dir->naccounts = j;
	dir->rodc_group_created = UTIL_TIME_NONE;
	if (dir->domain_sid == NULL)
		return;
	xasprintf(&sid, "%s-%d", dir->domain_sid, DIRECTORY_GROUP_RODCS);
	for (i = 0; i < p->ngroups; i++) {
		if (strcmp(p->groups[i].sid, sid) == 0)
			dir->rodc_group_created = p->groups[i].created;
	}
	free(sid);
}

static int
directory_account_cmp(const void *a, const void *b)
{
	const struct directory_account	*aa = a, *ab = b;
	int				 r;

	if ((r = directory_name_cmp(aa->name, ab->name)) != 0)
		return (r);
	return (strcmp(aa->dn, ab->dn));
}

static void
directory_accounts_sort(struct directory *dir)
{
	if (dir->naccounts > 1)
		qsort(dir->accounts, dir->naccounts, sizeof *dir->accounts,
		    directory_account_cmp);
}

static void
directory_save_accounts(struct directory *dir, struct jsonout *j)
{
	struct directory_account	*a;
	size_t				 i;

	jsonout_break(j, 1);
	jsonout_key(j, "rodc_group_created");
	jsonout_time(j, dir->rodc_group_created);
	jsonout_break(j, 1);
	jsonout_key(j, "accounts");
	jsonout_array_begin(j);
	for (i = 0; i < dir->naccounts; i++) {
		a = &dir->accounts[i];
		jsonout_break(j, 2);
		jsonout_object_begin(j);
		jsonout_key(j, "name");
		jsonout_string(j, a->name);
		jsonout_key(j, "dn");
		jsonout_string(j, a->dn);
		jsonout_key(j, "kind");
		jsonout_string(j, directory_account_kinds[a->kind]);
		jsonout_key(j, "enctypes");
		if (a->enctypes == DIRECTORY_ENCTYPES_NONE)
			jsonout_null(j);
		else
			jsonout_int(j, a->enctypes);
		jsonout_key(j, "pwd_last_set");
		jsonout_time(j, a->pwd_last_set);
		jsonout_key(j, "uac");
		jsonout_int(j, a->uac);
		if (a->kind != DIRECTORY_ACCOUNT_COMPUTER) {
			jsonout_key(j, "spns");
			jsonout_strings(j, (const char *const *)a->spns,
			    a->nspns);
		}
		jsonout_object_end(j);
	}
	jsonout_array_end(j);
}

static int
directory_load_account(struct directory *dir, struct directory_load *l,
    const cJSON *o, size_t at)
{
	struct directory_account	*a;
	const cJSON			*v, *s;
	char				 where[64], *kind = NULL;
	size_t				 i;
	int				 k;

	snprintf(where, sizeof where, "account %zu", at);
	if (!cJSON_IsObject(o))
		return (directory_load_fail(l, where, "not an object"));
	a = &dir->accounts[dir->naccounts++];
	memset(a, 0, sizeof *a);
	if (directory_load_string(l, o, "name", 0, &a->name, where) != 0 ||
	    directory_load_string(l, o, "dn", 0, &a->dn, where) != 0 ||
	    directory_load_string(l, o, "kind", 0, &kind, where) != 0 ||
	    directory_load_time(l, o, "pwd_last_set", &a->pwd_last_set,
	    where) != 0 ||
	    directory_load_int(l, o, "uac", &a->uac, where) != 0) {
		free(kind);
		return (-1);
	}
	for (k = 0; k <= DIRECTORY_ACCOUNT_MANAGED; k++) {
		if (strcmp(kind, directory_account_kinds[k]) == 0)
			break;
	}
	free(kind);
	if (k > DIRECTORY_ACCOUNT_MANAGED)
		return (directory_load_fail(l, where, "unknown \"kind\""));
	a->kind = k;
	if (a->uac < 0 || a->uac > UINT32_MAX)
		return (directory_load_fail(l, where, "\"uac\" out of range"));
	a->enctypes = DIRECTORY_ENCTYPES_NONE;
	v = cJSON_GetObjectItemCaseSensitive(o, "enctypes");
	if (v != NULL && !cJSON_IsNull(v)) {
		if (directory_load_int(l, o, "enctypes", &a->enctypes,
		    where) != 0)
			return (-1);
		if (a->enctypes < 0 || a->enctypes > UINT32_MAX)
			return (directory_load_fail(l, where,
			    "\"enctypes\" out of range"));
	}
	v = cJSON_GetObjectItemCaseSensitive(o, "spns");
	/* A computer's SPNs are those of its entry in "computers". */
	if (v == NULL && a->kind == DIRECTORY_ACCOUNT_COMPUTER)
		return (0);
	if (!cJSON_IsArray(v))
		return (directory_load_fail(l, where,
		    "\"spns\" is not an array"));
	a->spns = xreallocarray(NULL, (size_t)cJSON_GetArraySize(v) + 1,
	    sizeof *a->spns);
	i = 0;
	cJSON_ArrayForEach(s, v) {
		if (!cJSON_IsString(s))
			return (directory_load_fail(l, where,
			    "an SPN is not a string"));
		a->spns[i++] = xstrdup(s->valuestring);
		a->nspns = i;
	}
	qsort(a->spns, a->nspns, sizeof *a->spns, directory_strp_cmp);
	return (0);
}

/* casemap_match_fn of the SPN index: value is an index in spns. */
static int
directory_match_spn(const void *key, uint32_t value, const void *arg)
{
	const struct directory_index	*ix = arg;

	return (casemap_equal(ix->spns[value].spn, key) != 0);
}

/* casemap_match_fn of the computers' accounts: an index in accounts. */
static int
directory_match_account(const void *key, uint32_t value, const void *arg)
{
	const struct directory	*dir = arg;

	return (casemap_equal(dir->accounts[value].name, key) != 0);
}

static void
directory_spn_insert(struct casemap *m, struct directory_spn *spns,
    size_t idx)
{
	uint64_t	h;

	h = casemap_hash(CASEMAP_SEED, spns[idx].spn);
	if (casemap_find(m, h, spns[idx].spn) == CASEMAP_NONE)
		casemap_insert(m, h, (uint32_t)idx);
}

/*
 * The SPN index: every SPN of accounts[] and of computers[] to its first
 * holder in array order, and the computers' accounts by name, as the scans
 * they replace found them.
 */
static void
directory_spn_index_build(struct directory *dir)
{
	struct directory_index	*ix = dir->index;
	const char		*name;
	uint64_t		 h;
	size_t			 i, j, n, na, nc;

	na = nc = 0;
	for (i = 0; i < dir->naccounts; i++)
		na += dir->accounts[i].nspns;
	for (i = 0; i < dir->ncomputers; i++)
		nc += dir->computers[i].nspns;
	if (na + nc >= UINT32_MAX || dir->naccounts >= UINT32_MAX)
		fatalx("too many SPNs");
	ix->spns = xreallocarray(NULL, na + nc + 1, sizeof *ix->spns);
	ix->by_account_spn = casemap_create(na, directory_match_spn, ix);
	ix->by_computer_spn = casemap_create(nc, directory_match_spn, ix);
	ix->by_account_name = casemap_create(dir->naccounts,
	    directory_match_account, dir);
	n = 0;
	for (i = 0; i < dir->naccounts; i++) {
		for (j = 0; j < dir->accounts[i].nspns; j++) {
			ix->spns[n].spn = dir->accounts[i].spns[j];
			ix->spns[n].owner = (uint32_t)i;
			directory_spn_insert(ix->by_account_spn, ix->spns, n++);
		}
	}
	for (i = 0; i < dir->ncomputers; i++) {
		for (j = 0; j < dir->computers[i].nspns; j++) {
			ix->spns[n].spn = dir->computers[i].spns[j];
			ix->spns[n].owner = (uint32_t)i;
			directory_spn_insert(ix->by_computer_spn, ix->spns, n++);
		}
	}
	for (i = 0; i < dir->naccounts; i++) {
		if (dir->accounts[i].kind != DIRECTORY_ACCOUNT_COMPUTER)
			continue;
		name = dir->accounts[i].name;
		h = casemap_hash(CASEMAP_SEED, name);
		if (casemap_find(ix->by_account_name, h, name) == CASEMAP_NONE)
			casemap_insert(ix->by_account_name, h, (uint32_t)i);
	}
}

const struct directory_account *
directory_find_spn(struct directory *dir, const char *spn)
{
	const struct directory_computer	*c;
	struct directory_index		*ix;
	const char			*host;
	char				*h, *name;
	uint64_t			 hash;
	uint32_t			 v;
	size_t				 n;

	if (dir->index == NULL)
		directory_index_build(dir);
	ix = dir->index;
	if (ix->spns == NULL)
		directory_spn_index_build(dir);
	hash = casemap_hash(CASEMAP_SEED, spn);
	if ((v = casemap_find(ix->by_account_spn, hash, spn)) != CASEMAP_NONE)
		return (&dir->accounts[ix->spns[v].owner]);
	c = NULL;
	if ((v = casemap_find(ix->by_computer_spn, hash, spn)) != CASEMAP_NONE)
		c = &dir->computers[ix->spns[v].owner];
	/* A host-based SPN: HOST/ maps to every service of a computer. */
	if (c == NULL) {
		if ((host = strchr(spn, '/')) == NULL)
			return (NULL);
		host++;
		n = strcspn(host, "/:@");
		h = xstrndup(host, n);
		c = directory_find_computer(dir, h);
		free(h);
		if (c == NULL)
			return (NULL);
	}
	xasprintf(&name, "%s$", c->name);
	v = casemap_find(ix->by_account_name, casemap_hash(CASEMAP_SEED, name),
	    name);
	free(name);
	return (v != CASEMAP_NONE ? &dir->accounts[v] : NULL);
}

char *
directory_group_filter(const struct directory *dir, const char *domain_dn,
    unsigned rid)
{
	const struct directory_pending	*p = dir->pending;
	const char			*sid = NULL, *s;
	char				*out, *e;
	unsigned long long		 v;
	unsigned char			 b[8 + 4 * 16];
	size_t				 nb = 8, i;

	for (i = 0; p != NULL && i < p->nheads; i++) {
		if (p->heads[i].sid != NULL &&
		    directory_dn_cmp(p->heads[i].dn, domain_dn) == 0)
			sid = p->heads[i].sid;
	}
	if (sid == NULL || strncmp(sid, "S-1-", 4) != 0)
		return (NULL);
	/* S-1-<authority>-<sub>...: revision 1, count, authority BE. */
	v = strtoull(sid + 4, &e, 10);
	if (*e != '-' || v > 0xffffffffffffULL)
		return (NULL);
	b[0] = 1;
	for (i = 0; i < 6; i++)
		b[2 + i] = (unsigned char)(v >> (8 * (5 - i)));
	for (s = e; *s == '-' && nb < sizeof b - 4; s = e) {
		v = strtoull(s + 1, &e, 10);
		if (e == s + 1 || v > UINT32_MAX)
			return (NULL);
		for (i = 0; i < 4; i++)
			b[nb++] = (unsigned char)(v >> (8 * i));
	}
	if (*s != '\0' || nb >= sizeof b - 4)
		return (NULL);
	for (i = 0; i < 4; i++)
		b[nb++] = (unsigned char)(rid >> (8 * i));
	b[1] = (unsigned char)((nb - 8) / 4);
	out = xmalloc(sizeof "(&(objectClass=group)(objectSid=))" + 3 * nb);
	e = out + sprintf(out, "(&(objectClass=group)(objectSid=");
	for (i = 0; i < nb; i++)
		e += sprintf(e, "\\%02x", b[i]);
	strcpy(e, "))");
	return (out);
}
