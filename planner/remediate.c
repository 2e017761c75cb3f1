/*
 * remediate.c: fix classes from a rules file, the greedy "fix instead of
 * except" cover, and plan --assume-fixed.
 *
 * The rules file (ntlmplan-remediation(5)) is blocks of "key = value"
 * lines under "[service NAME]", "[rule NAME]" or "[danger NAME]" headers.
 * Every pattern is compiled once by the pattern module.  A flow's values
 * are strings by field; those the directory gives (the server's SPNs,
 * operating system and Kerberos verdict, the client's membership) are read
 * from the simulated domain's computers and accounts (simulate.h), the
 * others from the flow and the plan's decision.
 *
 * The cover: each step takes the candidate fix (an account on a client, a
 * process on a server, an account, a client) that takes the most servers
 * off the list now; ties go to the one that does most of the remaining
 * work (for each server it touches, the share of that server's remaining
 * denied flows it carries), then the most denied events, then the kind
 * (narrowest first), then the name.  Candidates with the same flows are
 * one candidate, of the narrowest kind.  Same input, same order.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "casemap.h"
#include "flows.h"
#include "intern.h"
#include "kerberos.h"
#include "pattern.h"
#include "plan.h"
#include "policy.h"
#include "ptrmap.h"
#include "remediate.h"
#include "simulate.h"
#include "util.h"
#include "xmalloc.h"

static const char *const rem_fields[REMEDIATE_F__COUNT] = {
	"event_id", "server", "server_seen", "server_class",
	"server_in_directory", "os", "os_version", "account", "domain",
	"user", "account_class", "client", "client_in_directory", "process",
	"logon_type", "mechanism", "service", "spn_holder", "spn_status",
	"spn", "spn_owners", "usage_id", "usage_reason", "target_ip",
	"client_ip", "kerberos"
};

struct rem_cond {
	enum remediate_field	 field;
	int			 negate;
	struct pattern		*pattern;	/* owned */
	/* The last value matched and its result: the verdicts in a row
	   often share a field's value (a class, an OS, a status). */
	char			*last;		/* owned, or NULL: none */
	size_t			 alast;
	int			 last_match;
};

struct rem_rule {
	struct remediate_rule	 rule;
	struct rem_cond		*when;		/* owned */
	size_t			 nwhen;
};

struct rem_service {
	char		*name;			/* owned */
	struct pattern	*process;		/* owned */
	char		**spn;			/* owned: classes, lower case */
	size_t		 nspn;
	char		*holder;		/* owned */
	char		*source;		/* owned */
};

struct remediate_rules {
	struct rem_rule		*rules;		/* owned */
	size_t			 nrules;
	struct rem_service	*services;	/* owned */
	size_t			 nservices;
	struct remediate_danger	*dangers;	/* owned */
	size_t			 ndangers;
};

const char *
remediate_field_name(enum remediate_field f)
{
	return (rem_fields[f]);
}

int
remediate_field_find(const char *name)
{
	int	i;

	for (i = 0; i < REMEDIATE_F__COUNT; i++) {
		if (strcmp(rem_fields[i], name) == 0)
			return (i);
	}
	return (-1);
}

static char *
rem_trim(char *s)
{
	char	*e;

	s += strspn(s, " \t");
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
	    e[-1] == '\n'))
		*--e = '\0';
	return (s);
}

enum rem_block { REM_NONE, REM_SERVICE, REM_RULE, REM_DANGER };

/* Set *dst to a copy of v unless already set; -1 if it was. */
static int
rem_set(char **dst, const char *v)
{
	if (*dst != NULL)
		return (-1);
	*dst = xstrdup(v);
	return (0);
}

/* Check the block just read; NULL or the missing key. */
static const char *
rem_check(const struct remediate_rules *rs, enum rem_block b)
{
	const struct rem_rule		*r;
	const struct rem_service	*s;
	const struct remediate_danger	*d;

	switch (b) {
	case REM_RULE:
		r = &rs->rules[rs->nrules - 1];
		if (r->rule.class == NULL)
			return ("class");
		if (r->nwhen == 0)
			return ("when");
		if (r->rule.fix == NULL)
			return ("fix");
		if (r->rule.evidence == NULL)
			return ("evidence");
		if (r->rule.source == NULL)
			return ("source");
		break;
	case REM_SERVICE:
		s = &rs->services[rs->nservices - 1];
		if (s->process == NULL)
			return ("process");
		if (s->nspn == 0)
			return ("spn");
		if (s->holder == NULL)
			return ("holder");
		if (s->source == NULL)
			return ("source");
		break;
	case REM_DANGER:
		d = &rs->dangers[rs->ndangers - 1];
		if (d->server_class == NULL)
			return ("server_class");
		if (d->why == NULL)
			return ("why");
		if (d->causes == NULL)
			return ("causes");
		if (d->source == NULL)
			return ("source");
		break;
	case REM_NONE:
		break;
	}
	return (NULL);
}

/* "when = FIELD [!]PATTERN" of a [rule]; NULL or an error message. */
static char *
rem_line_when(struct rem_rule *r, char *val)
{
	struct rem_cond	*c;
	char		*pat, *pcause, *msg;
	int		 f;

	pat = val + strcspn(val, " \t");
	if (*pat != '\0')
		*pat++ = '\0';
	pat += strspn(pat, " \t");
	if ((f = remediate_field_find(val)) == -1) {
		xasprintf(&msg, "unknown field: %s", val);
		return (msg);
	}
	if (*pat == '\0')
		return (xstrdup("expected when = FIELD [!]PATTERN"));
	r->when = xreallocarray(r->when, r->nwhen + 1, sizeof *r->when);
	c = &r->when[r->nwhen];
	memset(c, 0, sizeof *c);
	c->field = (enum remediate_field)f;
	c->negate = *pat == '!';
	if (c->negate)
		pat++;
	if ((c->pattern = pattern_create(pat, PATTERN_CASELESS,
	    &pcause)) == NULL) {
		xasprintf(&msg, "pattern %s: %s", pat, pcause);
		free(pcause);
		return (msg);
	}
	r->nwhen++;
	return (NULL);
}

static char *
rem_unknown_key(const char *key)
{
	char	*msg;

	xasprintf(&msg, "unknown key: %s", key);
	return (msg);
}

/* One key of a [rule] block; *dup set if it was given before. */
static char *
rem_line_rule(struct rem_rule *r, const char *key, char *val, int *dup)
{
	if (strcmp(key, "when") == 0)
		return (rem_line_when(r, val));
	if (strcmp(key, "class") == 0)
		*dup = rem_set(&r->rule.class, val);
	else if (strcmp(key, "owner") == 0)
		*dup = rem_set(&r->rule.owner, val);
	else if (strcmp(key, "fix") == 0)
		*dup = rem_set(&r->rule.fix, val);
	else if (strcmp(key, "evidence") == 0)
		*dup = rem_set(&r->rule.evidence, val);
	else if (strcmp(key, "source") == 0)
		*dup = rem_set(&r->rule.source, val);
	else if (strcmp(key, "kerberos") == 0) {
		if (strcmp(val, "yes") != 0 && strcmp(val, "no") != 0)
			return (xstrdup("kerberos must be yes or no"));
		r->rule.kerberos = strcmp(val, "yes") == 0;
	} else
		return (rem_unknown_key(key));
	return (NULL);
}

/* One key of a [service] block; *dup set if it was given before. */
static char *
rem_line_service(struct rem_service *s, const char *key, char *val,
    int *dup)
{
	char	*pcause, *msg, *t, *last, *p;

	if (strcmp(key, "process") == 0) {
		if (s->process != NULL)
			*dup = -1;
		else if ((s->process = pattern_create(val, PATTERN_CASELESS,
		    &pcause)) == NULL) {
			xasprintf(&msg, "pattern %s: %s", val, pcause);
			free(pcause);
			return (msg);
		}
	} else if (strcmp(key, "spn") == 0) {
		if (s->nspn > 0)
			*dup = -1;
		for (t = strtok_r(val, " \t", &last); t != NULL && *dup == 0;
		    t = strtok_r(NULL, " \t", &last)) {
			s->spn = xreallocarray(s->spn, s->nspn + 1,
			    sizeof *s->spn);
			s->spn[s->nspn] = xstrdup(t);
			for (p = s->spn[s->nspn]; *p != '\0'; p++)
				*p = (char)tolower((unsigned char)*p);
			s->nspn++;
		}
	} else if (strcmp(key, "holder") == 0) {
		if (strcmp(val, "computer") != 0 &&
		    strcmp(val, "service-account") != 0)
			return (xstrdup("holder must be computer or "
			    "service-account"));
		*dup = rem_set(&s->holder, val);
	} else if (strcmp(key, "source") == 0)
		*dup = rem_set(&s->source, val);
	else
		return (rem_unknown_key(key));
	return (NULL);
}

/* One key of a [danger] block; *dup set if it was given before. */
static char *
rem_line_danger(struct remediate_danger *d, const char *key, char *val,
    int *dup)
{
	if (strcmp(key, "server_class") == 0)
		*dup = rem_set(&d->server_class, val);
	else if (strcmp(key, "why") == 0)
		*dup = rem_set(&d->why, val);
	else if (strcmp(key, "causes") == 0)
		*dup = rem_set(&d->causes, val);
	else if (strcmp(key, "source") == 0)
		*dup = rem_set(&d->source, val);
	else
		return (rem_unknown_key(key));
	return (NULL);
}

/* One "key = value" line of a block; NULL or an error message. */
static char *
rem_line(struct remediate_rules *rs, enum rem_block b, const char *key,
    char *val)
{
	char	*msg = NULL;
	int	 dup = 0;

	switch (b) {
	case REM_NONE:
		return (xstrdup("a key outside a [service], [rule] or "
		    "[danger] block"));
	case REM_RULE:
		msg = rem_line_rule(&rs->rules[rs->nrules - 1], key, val, &dup);
		break;
	case REM_SERVICE:
		msg = rem_line_service(&rs->services[rs->nservices - 1], key,
		    val, &dup);
		break;
	case REM_DANGER:
		msg = rem_line_danger(&rs->dangers[rs->ndangers - 1], key, val,
		    &dup);
		break;
	}
	if (msg == NULL && dup != 0)
		xasprintf(&msg, "%s given twice", key);
	return (msg);
}

/* A "[kind name]" header; the new block, or REM_NONE with *msg set. */
static enum rem_block
rem_header(struct remediate_rules *rs, char *s, unsigned lineno, char **msg)
{
	char	*end, *name;
	size_t	 i;

	end = strchr(s, ']');
	if (end == NULL || end[1] != '\0') {
		*msg = xstrdup("expected [service NAME], [rule NAME] or "
		    "[danger NAME]");
		return (REM_NONE);
	}
	*end = '\0';
	name = s + 1 + strcspn(s + 1, " \t");
	if (*name != '\0')
		*name++ = '\0';
	name = rem_trim(name);
	if (*name == '\0' || strpbrk(name, " \t") != NULL) {
		*msg = xstrdup("a block needs one NAME");
		return (REM_NONE);
	}
	if (strcmp(s + 1, "rule") == 0) {
		for (i = 0; i < rs->nrules; i++) {
			if (strcmp(rs->rules[i].rule.name, name) == 0) {
				xasprintf(msg, "rule %s given twice", name);
				return (REM_NONE);
			}
		}
		rs->rules = xreallocarray(rs->rules, rs->nrules + 1,
		    sizeof *rs->rules);
		memset(&rs->rules[rs->nrules], 0, sizeof *rs->rules);
		rs->rules[rs->nrules].rule.name = xstrdup(name);
		rs->rules[rs->nrules].rule.line = lineno;
		rs->nrules++;
		return (REM_RULE);
	}
	if (strcmp(s + 1, "service") == 0) {
		rs->services = xreallocarray(rs->services, rs->nservices + 1,
		    sizeof *rs->services);
		memset(&rs->services[rs->nservices], 0, sizeof *rs->services);
		rs->services[rs->nservices++].name = xstrdup(name);
		return (REM_SERVICE);
	}
	if (strcmp(s + 1, "danger") == 0) {
		rs->dangers = xreallocarray(rs->dangers, rs->ndangers + 1,
		    sizeof *rs->dangers);
		memset(&rs->dangers[rs->ndangers], 0, sizeof *rs->dangers);
		rs->dangers[rs->ndangers++].name = xstrdup(name);
		return (REM_DANGER);
	}
	xasprintf(msg, "unknown block: %s", s + 1);
	return (REM_NONE);
}

struct remediate_rules *
remediate_rules_load(const char *path, char **cause)
{
	struct remediate_rules	*rs;
	enum rem_block		 b = REM_NONE;
	FILE			*f;
	char			*line = NULL, *s, *eq, *msg = NULL;
	const char		*missing;
	size_t			 size = 0;
	unsigned		 lineno = 0, start = 0;

	if ((f = fopen(path, "r")) == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return (NULL);
	}
	rs = xcalloc(1, sizeof *rs);
	while (getline(&line, &size, f) != -1) {
		lineno++;
		s = rem_trim(line);
		if (*s == '\0' || *s == '#')
			continue;
		if (*s == '[') {
			if ((missing = rem_check(rs, b)) != NULL) {
				xasprintf(cause, "%s:%u: block without %s",
				    path, start, missing);
				goto fail;
			}
			start = lineno;
			if ((b = rem_header(rs, s, lineno, &msg)) == REM_NONE)
				goto msg;
			continue;
		}
		if ((eq = strchr(s, '=')) == NULL) {
			msg = xstrdup("expected KEY = VALUE");
			goto msg;
		}
		*eq = '\0';
		if ((msg = rem_line(rs, b, rem_trim(s), rem_trim(eq + 1))) !=
		    NULL)
			goto msg;
	}
	if (ferror(f)) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if ((missing = rem_check(rs, b)) != NULL) {
		xasprintf(cause, "%s:%u: block without %s", path, start,
		    missing);
		goto fail;
	}
	free(line);
	fclose(f);
	return (rs);
msg:
	xasprintf(cause, "%s:%u: %s", path, lineno, msg);
	free(msg);
fail:
	free(line);
	fclose(f);
	remediate_rules_free(rs);
	return (NULL);
}

void
remediate_rules_free(struct remediate_rules *rs)
{
	struct rem_rule	*r;
	size_t		 i, j;

	if (rs == NULL)
		return;
	for (i = 0; i < rs->nrules; i++) {
		r = &rs->rules[i];
		for (j = 0; j < r->nwhen; j++) {
			pattern_free(r->when[j].pattern);
			free(r->when[j].last);
		}
		free(r->when);
		free(r->rule.name);
		free(r->rule.class);
		free(r->rule.owner);
		free(r->rule.fix);
		free(r->rule.evidence);
		free(r->rule.source);
	}
	free(rs->rules);
	for (i = 0; i < rs->nservices; i++) {
		free(rs->services[i].name);
		pattern_free(rs->services[i].process);
		for (j = 0; j < rs->services[i].nspn; j++)
			free(rs->services[i].spn[j]);
		free(rs->services[i].spn);
		free(rs->services[i].holder);
		free(rs->services[i].source);
	}
	free(rs->services);
	for (i = 0; i < rs->ndangers; i++) {
		free(rs->dangers[i].name);
		free(rs->dangers[i].server_class);
		free(rs->dangers[i].why);
		free(rs->dangers[i].causes);
		free(rs->dangers[i].source);
	}
	free(rs->dangers);
	free(rs);
}

size_t
remediate_rules_count(const struct remediate_rules *rs)
{
	return (rs->nrules);
}

const struct remediate_rule *
remediate_rules_get(const struct remediate_rules *rs, size_t i)
{
	return (&rs->rules[i].rule);
}

const struct remediate_danger *
remediate_rules_danger(const struct remediate_rules *rs, const char *class)
{
	size_t	i;

	for (i = 0; rs != NULL && i < rs->ndangers; i++) {
		if (strcmp(rs->dangers[i].server_class, class) == 0)
			return (&rs->dangers[i]);
	}
	return (NULL);
}

/* pattern_match of c's pattern and s, the last value's result kept. */
static int
rem_cond_match(struct rem_cond *c, const char *s)
{
	size_t	len;

	if (s == NULL)
		s = "";		/* as pattern_match reads it */
	if (c->last != NULL && strcmp(c->last, s) == 0)
		return (c->last_match);
	len = strlen(s) + 1;
	if (len > c->alast) {
		free(c->last);
		c->alast = len < 64 ? 64 : len;
		c->last = xmalloc(c->alast);
	}
	memcpy(c->last, s, len);
	c->last_match = pattern_match(c->pattern, s);
	return (c->last_match);
}

const struct remediate_rule *
remediate_classify(struct remediate_rules *rs,
    const struct remediate_values *vals, uint64_t events)
{
	struct rem_rule	*r;
	size_t		 i, j;
	int		 m;

	for (i = 0; rs != NULL && i < rs->nrules; i++) {
		r = &rs->rules[i];
		for (j = 0; j < r->nwhen; j++) {
			m = rem_cond_match(&r->when[j],
			    vals->v[r->when[j].field]);
			if (m == r->when[j].negate)
				break;
		}
		if (j == r->nwhen) {
			r->rule.flows++;
			r->rule.events += events;
			return (&r->rule);
		}
	}
	return (NULL);
}

/* A growing string. */
struct rem_buf {
	char	*s;		/* owned */
	size_t	 len;
	size_t	 cap;
};

static void
rem_buf_put(struct rem_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xreallocarray(b->s, b->cap, 1);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* remediate_field_find of the len bytes at name. */
static int
rem_field_find_len(const char *name, size_t len)
{
	int	i;

	for (i = 0; i < REMEDIATE_F__COUNT; i++) {
		if (strncmp(rem_fields[i], name, len) == 0 &&
		    rem_fields[i][len] == '\0')
			return (i);
	}
	return (-1);
}

/*
 * A template cut once into its runs of text and its fields, which
 * remediate_expand fills: each rule's texts are cut once for all flows.
 */
struct rem_seg {
	const char	*s;		/* borrowed from the template */
	size_t		 len;
	int		 field;		/* -1: the text s */
};

struct rem_tmpl {
	struct rem_seg	*v;		/* owned */
	size_t		 n;
};

static struct rem_tmpl *
rem_tmpl_cut(const char *t)
{
	struct rem_tmpl	*tp;
	const char	*e;
	size_t		 n, a = 0;
	int		 f;

	tp = xcalloc(1, sizeof *tp);
	while (*t != '\0') {
		tp->v = xgrow(tp->v, tp->n, &a, sizeof *tp->v);
		if (*t == '{' && (e = strchr(t, '}')) != NULL) {
			f = rem_field_find_len(t + 1, (size_t)(e - t - 1));
			if (f != -1) {
				tp->v[tp->n].s = NULL;
				tp->v[tp->n].len = 0;
				tp->v[tp->n++].field = f;
				t = e + 1;
				continue;
			}
		}
		n = strcspn(t + 1, "{") + 1;
		tp->v[tp->n].s = t;
		tp->v[tp->n].len = n;
		tp->v[tp->n++].field = -1;
		t += n;
	}
	return (tp);
}

static void
rem_tmpl_free(struct rem_tmpl *tp)
{
	if (tp == NULL)
		return;
	free(tp->v);
	free(tp);
}

/* Fill template tp into b, emptied first; a field with no value "(none)". */
static void
rem_tmpl_fill(const struct rem_tmpl *tp, const struct remediate_values *vals,
    struct rem_buf *b)
{
	const char	*v;
	size_t		 i;

	b->len = 0;
	rem_buf_put(b, "", 0);
	for (i = 0; i < tp->n; i++) {
		if (tp->v[i].field == -1) {
			rem_buf_put(b, tp->v[i].s, tp->v[i].len);
			continue;
		}
		v = vals->v[tp->v[i].field];
		if (util_is_null_value(v))
			v = "(none)";
		rem_buf_put(b, v, strlen(v));
	}
}

char *
remediate_expand(const char *t, const struct remediate_values *vals)
{
	struct rem_tmpl	*tp = rem_tmpl_cut(t);
	struct rem_buf	 b;

	memset(&b, 0, sizeof b);
	rem_tmpl_fill(tp, vals, &b);
	rem_tmpl_free(tp);
	return (b.s);
}

/* The [service] block whose process pattern matches, or NULL. */
static const struct rem_service *
rem_service(const struct remediate_rules *rs, const char *process)
{
	size_t	i;

	if (rs == NULL || util_is_null_value(process))
		return (NULL);
	for (i = 0; i < rs->nservices; i++) {
		if (pattern_match(rs->services[i].process, process))
			return (&rs->services[i]);
	}
	return (NULL);
}

/* Every SPN of the directory, lower case, with its computer. */
struct rem_spn {
	char		*spn;		/* owned */
	size_t		 comp;
};

/* The SPN evidence of one computer for one service, once computed. */
struct rem_spn_memo {
	const char	*status;	/* static; NULL: not computed */
	const char	*spn;		/* pooled */
	const char	*owners;	/* pooled */
	struct kerberos_verdict kerberos; /* of the SPN's account */
	const char	*kerberos_account; /* pooled, or NULL: none */
};

struct rem_ctx {
	const struct plan		*p;
	int				 kerberos; /* the domain's accounts
						   are known */
	struct remediate_rules		*rs;
	struct intern			*pool;	/* the result's */
	struct rem_spn			*spns;	/* owned, sorted */
	size_t				 nspns;
	/*
	 * The SPN evidence by computer and service (rem_memo_slot): the
	 * index + 1 of its memo, 0 none yet (owned, NULL until the first);
	 * the memos in chunks that never move (owned).
	 */
	uint32_t			*memo_at;
	struct rem_spn_memo		**memo_chunks;
	size_t				 nmemos;
	struct ptrmap			 services; /* process -> service */
	struct ptrmap			 computers; /* name -> computer */
	struct ptrmap			 tmpls;	/* template -> its cut
						   (owned): every rule's,
						   cut before the flows */
	char				 spn[512];
	char				 owners[512];
};

static int
rem_spn_compare(const void *a, const void *b)
{
	const struct rem_spn	*sa = a, *sb = b;
	int			 c;

	if ((c = strcmp(sa->spn, sb->spn)) != 0)
		return (c);
	return (sa->comp < sb->comp ? -1 : sa->comp > sb->comp);
}

static char *
rem_lower(const char *s)
{
	char	*l, *p;

	l = xstrdup(s);
	for (p = l; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	return (l);
}

/* rem_lower of s, which is freed. */
static char *
rem_lower_free(char *s)
{
	char	*l = rem_lower(s);

	free(s);
	return (l);
}

static void
rem_spn_index(struct rem_ctx *c)
{
	const struct sim_domain	*dom = c->p->dom;
	size_t			 i, j, n = 0;

	if (dom == NULL)
		return;
	for (i = 0; i < dom->ncomputers; i++)
		n += dom->computers[i].nspns;
	c->spns = xcalloc(n + 1, sizeof *c->spns);
	for (i = 0; i < dom->ncomputers; i++) {
		for (j = 0; j < dom->computers[i].nspns; j++) {
			c->spns[c->nspns].spn =
			    rem_lower(dom->computers[i].spns[j]);
			c->spns[c->nspns++].comp = i;
		}
	}
	qsort(c->spns, c->nspns, sizeof *c->spns, rem_spn_compare);
}

#define REM_HOLDERS	16

/* The distinct computers holding an SPN, and one spelling of it. */
struct rem_holders {
	size_t		 comp[REM_HOLDERS];
	size_t		 n;		/* distinct, at most REM_HOLDERS */
	const char	*spelling;	/* borrowed from the directory */
};

/*
 * The computers holding key ("class/host", lower case) with or without a
 * port or service name after it ("MSSQLSvc/sql1.corp.example:1433").
 */
static void
rem_spn_holders(const struct rem_ctx *c, const char *key,
    struct rem_holders *h)
{
	const struct sim_domain	*dom = c->p->dom;
	const struct sim_computer *comp;
	size_t			 lo = 0, hi = c->nspns, mid, len = strlen(key);
	size_t			 i, k;
	char			 next;

	memset(h, 0, sizeof *h);
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (strcmp(c->spns[mid].spn, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < c->nspns && strncmp(c->spns[lo].spn, key, len) == 0;
	    lo++) {
		next = c->spns[lo].spn[len];
		if (next != '\0' && next != ':' && next != '/')
			continue;
		for (k = 0; k < h->n; k++) {
			if (h->comp[k] == c->spns[lo].comp)
				break;
		}
		if (k < h->n || h->n == REM_HOLDERS)
			continue;
		h->comp[h->n++] = c->spns[lo].comp;
		if (h->spelling == NULL) {
			comp = &dom->computers[c->spns[lo].comp];
			for (i = 0; i < comp->nspns; i++) {
				if (strcasecmp(comp->spns[i],
				    c->spns[lo].spn) == 0) {
					h->spelling = comp->spns[i];
					break;
				}
			}
		}
	}
}

/* Names of the holders, "A, B", into c->owners. */
static void
rem_owners(struct rem_ctx *c, const struct rem_holders *h)
{
	const struct sim_domain	*dom = c->p->dom;
	size_t			 i, len = 0;

	c->owners[0] = '\0';
	for (i = 0; i < h->n && len < sizeof c->owners; i++)
		len += (size_t)snprintf(c->owners + len, sizeof c->owners -
		    len, "%s%s", len > 0 ? ", " : "",
		    dom->computers[h->comp[i]].name);
}

/* True if computer ci is among the holders. */
static int
rem_holds(const struct rem_holders *h, size_t ci)
{
	size_t	i;

	for (i = 0; i < h->n; i++) {
		if (h->comp[i] == ci)
			return (1);
	}
	return (0);
}

/*
 * The SPN status of the server computer comp (index ci) for service sv
 * (NULL: not known): into c->spn, c->owners; returns the status word.
 */
static const char *
rem_spn_status(struct rem_ctx *c, const struct sim_computer *comp,
    size_t ci, const struct rem_service *sv)
{
	struct rem_holders	 h, other;
	const char		*hosts[2];
	char			*key;
	size_t			 i, k;
	int			 found = 0;

	c->spn[0] = c->owners[0] = '\0';
	memset(&other, 0, sizeof other);
	if (comp->nspns == 0)
		return ("none");
	if (sv == NULL) {
		for (i = 0; i < comp->nspns; i++) {
			key = rem_lower(comp->spns[i]);
			rem_spn_holders(c, key, &h);
			free(key);
			if (h.n > 1) {
				snprintf(c->spn, sizeof c->spn, "%s",
				    comp->spns[i]);
				rem_owners(c, &h);
				return ("duplicate");
			}
		}
		return ("unchecked");
	}
	hosts[0] = comp->name;
	hosts[1] = comp->dns;
	for (i = 0; i < sv->nspn; i++) {
		for (k = 0; k < 2; k++) {
			if (hosts[k] == NULL)
				continue;
			xasprintf(&key, "%s/%s", sv->spn[i], hosts[k]);
			key = rem_lower_free(key);
			rem_spn_holders(c, key, &h);
			if (h.n == 0) {
				free(key);
				continue;
			}
			if (!rem_holds(&h, ci)) {
				if (other.n == 0) {
					other = h;
					snprintf(c->spn, sizeof c->spn, "%s",
					    h.spelling != NULL ? h.spelling :
					    key);
				}
				free(key);
				continue;
			}
			if (h.n > 1) {
				snprintf(c->spn, sizeof c->spn, "%s",
				    h.spelling != NULL ? h.spelling : key);
				rem_owners(c, &h);
				free(key);
				return ("duplicate");
			}
			if (!found) {
				found = 1;
				snprintf(c->spn, sizeof c->spn, "%s",
				    h.spelling != NULL ? h.spelling : key);
			}
			free(key);
		}
	}
	if (found) {
		snprintf(c->owners, sizeof c->owners, "%s", comp->name);
		return ("registered");
	}
	if (other.n > 0) {
		rem_owners(c, &other);
		return ("elsewhere");
	}
	snprintf(c->spn, sizeof c->spn, "%s/%s", sv->spn[0],
	    comp->dns != NULL ? comp->dns : comp->name);
	return ("missing");
}

/* Index of a computer of the directory in its array. */
static size_t
rem_comp_index(const struct sim_domain *dom,
    const struct sim_computer *comp)
{
	return ((size_t)(comp - dom->computers));
}

/*
 * For a service whose SPN belongs on a service account: the user or
 * managed service account of the directory that lists one of its SPNs for
 * comp (by NetBIOS name, then FQDN): "service-account", with that SPN and
 * the account as owner, or NULL if none does (the computers decide then).
 */
static const char *
rem_spn_account(struct rem_ctx *c, const struct sim_computer *comp,
    const struct rem_service *sv)
{
	const struct sim_account	*a;
	const struct sim_computer	*holder;
	const char			*hosts[2];
	char				*key;
	size_t				 i, k, j;

	if (!c->kerberos || sv == NULL ||
	    strcmp(sv->holder, "service-account") != 0)
		return (NULL);
	hosts[0] = comp->name;
	hosts[1] = comp->dns;
	for (i = 0; i < sv->nspn; i++) {
		for (k = 0; k < 2; k++) {
			if (hosts[k] == NULL)
				continue;
			xasprintf(&key, "%s/%s", sv->spn[i], hosts[k]);
			a = simulate_domain_spn(c->p->dom, key, &holder);
			if (a == NULL || a->computer) {
				free(key);
				continue;
			}
			/* The spelling the account lists. */
			snprintf(c->spn, sizeof c->spn, "%s", key);
			for (j = 0; j < a->nspns; j++) {
				if (strcasecmp(a->spns[j], key) == 0)
					snprintf(c->spn, sizeof c->spn, "%s",
					    a->spns[j]);
			}
			snprintf(c->owners, sizeof c->owners, "%s", a->name);
			free(key);
			return ("service-account");
		}
	}
	return (NULL);
}

/*
 * Whether the account that holds (or would hold) the SPN of memo m can get
 * AES tickets: the SPN found or wanted, else the computer's HOST SPN (its
 * own account: a server without SPNs gets them there).
 */
static void
rem_kerberos(struct rem_ctx *c, const struct sim_computer *comp,
    struct rem_spn_memo *m)
{
	const struct sim_account	*a;
	const struct sim_computer	*holder;
	char				*spn;

	memset(&m->kerberos, 0, sizeof m->kerberos);
	m->kerberos.class = KERBEROS_NO_ACCOUNT;
	m->kerberos_account = NULL;
	if (!c->kerberos)
		return;
	if (m->spn != NULL && *m->spn != '\0')
		spn = xstrdup(m->spn);
	else
		xasprintf(&spn, "host/%s", comp->dns != NULL ? comp->dns :
		    comp->name);
	a = simulate_domain_spn(c->p->dom, spn, &holder);
	free(spn);
	if (a != NULL) {
		m->kerberos = a->kerberos;
		m->kerberos_account = intern_get(c->pool, a->name);
	} else if (holder != NULL && holder->account != NULL) {
		m->kerberos = holder->kerberos;
		m->kerberos_account = intern_get(c->pool, holder->account);
	}
}

/*
 * The SPN evidence of computer comp for service sv, computed once per
 * computer and service: many flows share a server.
 */
#define REM_MEMO_CHUNK	4096

/* The slot in memo_at of computer comp and service sv (NULL: none). */
static size_t
rem_memo_slot(const struct rem_ctx *c, const struct sim_computer *comp,
    const struct rem_service *sv)
{
	size_t	per = (c->rs != NULL ? c->rs->nservices : 0) + 1;

	return (rem_comp_index(c->p->dom, comp) * per +
	    (sv != NULL ? (size_t)(sv - c->rs->services) + 1 : 0));
}

static struct rem_spn_memo *
rem_memo(const struct rem_ctx *c, uint32_t at)
{
	return (&c->memo_chunks[(at - 1) / REM_MEMO_CHUNK]
	    [(at - 1) % REM_MEMO_CHUNK]);
}

static const struct rem_spn_memo *
rem_spn_memo(struct rem_ctx *c, const struct sim_computer *comp,
    const struct rem_service *sv)
{
	const struct sim_domain	*dom = c->p->dom;
	struct rem_spn_memo	*m;
	size_t			 per, slot;

	if (c->memo_at == NULL) {
		per = (c->rs != NULL ? c->rs->nservices : 0) + 1;
		if (dom->ncomputers > (SIZE_MAX - 1) / per)
			fatalx("remediate: %zu computers", dom->ncomputers);
		c->memo_at = xcalloc(dom->ncomputers * per + 1,
		    sizeof *c->memo_at);
	}
	slot = rem_memo_slot(c, comp, sv);
	if (c->memo_at[slot] == 0) {
		if (c->nmemos >= UINT32_MAX - 1)
			fatalx("remediate: %zu SPN memos", c->nmemos);
		if (c->nmemos % REM_MEMO_CHUNK == 0) {
			c->memo_chunks = xreallocarray(c->memo_chunks,
			    c->nmemos / REM_MEMO_CHUNK + 1,
			    sizeof *c->memo_chunks);
			c->memo_chunks[c->nmemos / REM_MEMO_CHUNK] =
			    xcalloc(REM_MEMO_CHUNK, sizeof **c->memo_chunks);
		}
		c->memo_at[slot] = (uint32_t)++c->nmemos;
	}
	m = rem_memo(c, c->memo_at[slot]);
	if (m->status == NULL) {
		c->spn[0] = c->owners[0] = '\0';
		if ((m->status = rem_spn_account(c, comp, sv)) == NULL)
			m->status = rem_spn_status(c, comp,
			    rem_comp_index(dom, comp), sv);
		m->spn = intern_get(c->pool, c->spn);
		m->owners = intern_get(c->pool, c->owners);
		rem_kerberos(c, comp, m);
	}
	return (m);
}

/*
 * simulate_domain_find, cached by the name's pointer; fill (c itself, or
 * NULL: look only) keeps what it found.
 */
static const struct sim_computer *
rem_find_computer(const struct rem_ctx *c, struct rem_ctx *fill,
    const char *name)
{
	const struct sim_computer	*comp;
	const void			*cached;

	if (ptrmap_get(&c->computers, name, &cached))
		return (cached);
	comp = simulate_domain_find(c->p->dom, name);
	if (fill != NULL)
		ptrmap_put(&fill->computers, name, comp);
	return (comp);
}

/* The SPN evidence rem_spn_memo made for comp and sv. */
static const struct rem_spn_memo *
rem_spn_memo_find(const struct rem_ctx *c, const struct sim_computer *comp,
    const struct rem_service *sv)
{
	uint32_t	at;

	if (c->memo_at == NULL || (at = c->memo_at[rem_memo_slot(c, comp,
	    sv)]) == 0 || rem_memo(c, at)->status == NULL)
		fatalx("remediate: no SPN evidence for %s", comp->name);
	return (rem_memo(c, at));
}

/* The client of a flow as the simulation counts it, or NULL. */
static const char *
rem_client(const struct flow *f, int logged_by)
{
	const char	*s = logged_by ? f->key.logged_by : f->key.workstation;

	return (util_is_null_value(s) ? NULL : s);
}

/* "DOMAIN\user" of a flow into buf (alen bytes), "-" for a value not set. */
static void
rem_account(const struct flow *f, char *buf, size_t alen)
{
	const char	*d, *u;
	size_t		 dl, ul;

	d = util_is_null_value(f->key.domain) ? "-" : f->key.domain;
	u = util_is_null_value(f->key.user) ? "-" : f->key.user;
	dl = strlen(d);
	ul = strlen(u);
	if (dl + ul + 2 > alen) {	/* as snprintf cuts it */
		(void)snprintf(buf, alen, "%s\\%s", d, u);
		return;
	}
	memcpy(buf, d, dl);
	buf[dl] = '\\';
	memcpy(buf + dl + 1, u, ul + 1);
}

/*
 * Fill the values of denied flow d; bufs hold the formatted numbers.  The
 * SPN evidence of its server, or NULL if the directory does not know it.
 * With fill (c itself), what it finds is kept for the next flows; without
 * (NULL), it reads what the run kept: the values of a flow the run filled
 * them for, again.
 */
static const struct rem_spn_memo *
rem_values(const struct rem_ctx *c, struct rem_ctx *fill,
    const struct sim_decision *d, struct remediate_values *vals,
    char *account, size_t alen, char bufs[3][32])
{
	const struct flow		*f = flows_flow(c->p->fl, d->flow);
	const struct sim_domain		*dom = c->p->dom;
	const struct sim_computer	*comp = NULL, *cl;
	const struct rem_service	*sv;
	const struct rem_spn_memo	*memo = NULL;
	const char			*client;
	const void			*cached;

	memset(vals, 0, sizeof *vals);
	vals->v[REMEDIATE_F_EVENT_ID] = util_lltoa(f->key.event_id, bufs[0]);
	vals->v[REMEDIATE_F_SERVER] = d->server;
	vals->v[REMEDIATE_F_SERVER_SEEN] = f->key.server;
	vals->v[REMEDIATE_F_SERVER_CLASS] =
	    policy_server_class_name(d->server_class);
	rem_account(f, account, alen);
	vals->v[REMEDIATE_F_ACCOUNT] = account;
	vals->v[REMEDIATE_F_DOMAIN] = f->key.domain;
	vals->v[REMEDIATE_F_USER] = f->key.user;
	vals->v[REMEDIATE_F_ACCOUNT_CLASS] =
	    policy_account_class_name(d->account);
	client = rem_client(f, c->p->policy->client_logged_by);
	vals->v[REMEDIATE_F_CLIENT] = client;
	vals->v[REMEDIATE_F_PROCESS] = f->key.process;
	if (f->key.logon_type != -1)
		vals->v[REMEDIATE_F_LOGON_TYPE] = util_lltoa(f->key.logon_type,
		    bufs[1]);
	vals->v[REMEDIATE_F_MECHANISM] = f->key.mechanism;
	/* The enhanced events' reason and addresses (ntlmplan-events(7)). */
	if (f->key.usage_id != -1)
		vals->v[REMEDIATE_F_USAGE_ID] = util_lltoa(
		    (long long)f->key.usage_id, bufs[2]);
	vals->v[REMEDIATE_F_USAGE_REASON] = f->key.usage_reason;
	vals->v[REMEDIATE_F_TARGET_IP] = f->key.target_ip;
	vals->v[REMEDIATE_F_CLIENT_IP] = f->key.client_ip;
	if (f->key.process == NULL)
		sv = NULL;
	else if (ptrmap_get(&c->services, f->key.process, &cached))
		sv = cached;
	else {
		sv = rem_service(c->rs, f->key.process);
		if (fill != NULL)
			ptrmap_put(&fill->services, f->key.process, sv);
	}
	if (sv != NULL) {
		vals->v[REMEDIATE_F_SERVICE] = sv->name;
		vals->v[REMEDIATE_F_SPN_HOLDER] = sv->holder;
	}
	if (dom == NULL)
		return (NULL);
	if (d->server != NULL)
		comp = rem_find_computer(c, fill, d->server);
	if (comp == NULL && d->fqdn != NULL)
		comp = rem_find_computer(c, fill, d->fqdn);
	vals->v[REMEDIATE_F_SERVER_IN_DIRECTORY] = comp != NULL ? "yes" :
	    "no";
	if (comp != NULL) {
		vals->v[REMEDIATE_F_OS] = comp->os;
		vals->v[REMEDIATE_F_OS_VERSION] = comp->os_version;
		memo = fill != NULL ? rem_spn_memo(fill, comp, sv) :
		    rem_spn_memo_find(c, comp, sv);
		vals->v[REMEDIATE_F_SPN_STATUS] = memo->status;
		vals->v[REMEDIATE_F_SPN] = memo->spn;
		vals->v[REMEDIATE_F_SPN_OWNERS] = memo->owners;
		if (c->kerberos)
			vals->v[REMEDIATE_F_KERBEROS] =
			    kerberos_class_code(memo->kerberos.class);
	}
	if (client != NULL) {
		cl = rem_find_computer(c, fill, client);
		vals->v[REMEDIATE_F_CLIENT_IN_DIRECTORY] = cl != NULL ?
		    "yes" : "no";
	}
	return (memo);
}

const char *
remediate_kind_name(enum remediate_kind k)
{
	static const char *const names[REMEDIATE_KIND__COUNT] = {
		"account-client", "process-server", "account", "client"
	};

	return (names[k]);
}

/* A candidate fix while ranking. */
struct rem_cand {
	uint32_t		*members;	/* verdict indices, in a
						   pool of its kind */
	uint32_t		 n;
	uint8_t			 kind;		/* enum remediate_kind */
	uint8_t			 dead;		/* a duplicate, or chosen */
};

/*
 * The names of the listed verdicts by rank (rem_ranks): the distinct names
 * sorted once, case-insensitively, names equal but for case one rank, 0
 * for none; the candidates' keys sort by these integers in the order of
 * util_strcasecmp_null of the names.
 */
enum rem_name { REM_N_ACCOUNT, REM_N_CLIENT, REM_N_PROCESS, REM_N_SERVER,
    REM_N__COUNT };

struct rem_ranks {
	uint32_t	*v[REM_N__COUNT];	/* owned: per verdict */
	uint32_t	 n;			/* the highest rank */
};

/* The base name of a Windows or POSIX path (borrowed). */
static const char *
rem_basename(const char *p)
{
	const char	*s = p;

	for (; *p != '\0'; p++) {
		if (*p == '\\' || *p == '/')
			s = p + 1;
	}
	return (s);
}

/* The base name of verdict v's process (in the flows' string), or NULL. */
static const char *
rem_process(const struct remediate_result *r,
    const struct remediate_verdict *v)
{
	const struct flow	*f = flows_flow(r->ctx->p->fl,
				    v->decision->flow);

	return (util_is_null_value(f->key.process) ? NULL :
	    rem_basename(f->key.process));
}

/* Name k of verdict v of r (a process: its base name). */
static const char *
rem_name_of(const struct remediate_result *r,
    const struct remediate_verdict *v, enum rem_name k)
{
	switch (k) {
	case REM_N_ACCOUNT:
		return (v->account);
	case REM_N_CLIENT:
		return (v->client);
	case REM_N_PROCESS:
		return (rem_process(r, v));
	case REM_N_SERVER:
		return (v->decision->server);
	case REM_N__COUNT:
		break;
	}
	return (NULL);
}

static int
rem_name_compare(const void *x, const void *y)
{
	return (strcasecmp(*(const char *const *)x, *(const char *const *)y));
}

/*
 * Rank the names of the listed verdicts of r: the distinct names (by
 * pointer: they are pooled, or the flows' or the simulation's) sorted once.
 */
static void
rem_ranks(const struct remediate_result *r, struct rem_ranks *rk)
{
	struct ptrmap	  m;
	const char	**v = NULL, *s;
	const void	 *val;
	size_t		  i, nv = 0, av = 0;
	uint32_t	  rank = 0;
	enum rem_name	  k;

	if (r->nverdicts >= UINT32_MAX / REM_N__COUNT)
		fatalx("remediate: %zu verdicts", r->nverdicts);
	memset(&m, 0, sizeof m);
	for (k = 0; k < REM_N__COUNT; k++)
		rk->v[k] = xcalloc(r->nverdicts + 1, sizeof *rk->v[k]);
	for (i = 0; i < r->nverdicts; i++) {
		for (k = 0; r->verdicts[i].listed && k < REM_N__COUNT; k++) {
			s = rem_name_of(r, &r->verdicts[i], k);
			if (s == NULL || ptrmap_get(&m, s, &val))
				continue;
			ptrmap_put(&m, s, NULL);
			v = xgrow(v, nv, &av, sizeof *v);
			v[nv++] = s;
		}
	}
	if (nv > 1)
		qsort(v, nv, sizeof *v, rem_name_compare);
	for (i = 0; i < nv; i++) {
		if (i == 0 || strcasecmp(v[i - 1], v[i]) != 0)
			rank++;
		ptrmap_put(&m, v[i], (const void *)(uintptr_t)rank);
	}
	rk->n = rank;
	for (i = 0; i < r->nverdicts; i++) {
		for (k = 0; r->verdicts[i].listed && k < REM_N__COUNT; k++) {
			s = rem_name_of(r, &r->verdicts[i], k);
			if (s != NULL && ptrmap_get(&m, s, &val))
				rk->v[k][i] = (uint32_t)(uintptr_t)val;
		}
	}
	free(v);
	ptrmap_clear(&m);
}

static void
rem_ranks_clear(struct rem_ranks *rk)
{
	enum rem_name	k;

	for (k = 0; k < REM_N__COUNT; k++)
		free(rk->v[k]);
}

/* A verdict's key: the ranks of its two names (0: none). */
struct rem_key {
	uint32_t	 ra;
	uint32_t	 rb;
	uint32_t	 verdict;
};

/*
 * Sort keys[0..n) by (ra, rb), ranks up to nrank, stably: two counting
 * passes, rb then ra, so that each key's verdicts stay in their order.
 */
static void
rem_key_sort(struct rem_key *keys, size_t n, uint32_t nrank)
{
	struct rem_key	*tmp, *from, *to;
	size_t		*at, i, sum, c;
	int		 pass;

	if (n < 2)
		return;
	tmp = xcalloc(n, sizeof *tmp);
	at = xcalloc((size_t)nrank + 1, sizeof *at);
	from = keys;
	to = tmp;
	for (pass = 0; pass < 2; pass++) {
		memset(at, 0, ((size_t)nrank + 1) * sizeof *at);
		for (i = 0; i < n; i++)
			at[pass == 0 ? from[i].rb : from[i].ra]++;
		for (i = sum = 0; i <= nrank; i++) {
			c = at[i];
			at[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			to[at[pass == 0 ? from[i].rb : from[i].ra]++] = from[i];
		from = to;
		to = keys;
	}
	free(at);
	free(tmp);
}

/*
 * True if a rule's fix is on the server's side (owner server or directory):
 * then fixing the process on the server fixes the flow, whatever client.
 */
static int
rem_server_side(const struct remediate_rule *ru)
{
	return (ru != NULL && ru->owner != NULL &&
	    (strcmp(ru->owner, "server") == 0 ||
	    strcmp(ru->owner, "directory") == 0));
}

/*
 * Build the candidates of one kind over the listed verdicts: the verdicts
 * grouped by key (rk: the ranks of their names).
 */
static uint32_t *
rem_candidates(const struct remediate_result *r, enum remediate_kind kind,
    const struct rem_ranks *rk, struct rem_cand **cv, size_t *ncv,
    size_t *acv)
{
	uint32_t			*pool;
	const struct remediate_verdict	*v;
	struct rem_key			*keys;
	struct rem_cand			*c;
	size_t				 i, j, n = 0;

	if (r->nverdicts >= UINT32_MAX)
		fatalx("remediate: %zu verdicts", r->nverdicts);
	keys = xcalloc(r->nverdicts + 1, sizeof *keys);
	for (i = 0; i < r->nverdicts; i++) {
		v = &r->verdicts[i];
		if (!v->listed)
			continue;
		keys[n].verdict = (uint32_t)i;
		switch (kind) {
		case REMEDIATE_ACCOUNT_CLIENT:
			if (v->client == NULL)
				continue;
			keys[n].ra = rk->v[REM_N_ACCOUNT][i];
			keys[n].rb = rk->v[REM_N_CLIENT][i];
			break;
		case REMEDIATE_PROCESS_SERVER:
			if (!rem_server_side(v->rule))
				continue;
			keys[n].ra = rk->v[REM_N_PROCESS][i];
			keys[n].rb = rk->v[REM_N_SERVER][i];
			break;
		case REMEDIATE_ACCOUNT:
			keys[n].ra = rk->v[REM_N_ACCOUNT][i];
			break;
		case REMEDIATE_CLIENT:
			if (v->client == NULL)
				continue;
			keys[n].ra = rk->v[REM_N_CLIENT][i];
			break;
		case REMEDIATE_KIND__COUNT:
			continue;
		}
		n++;
	}
	rem_key_sort(keys, n, rk->n);
	pool = xcalloc(n + 1, sizeof *pool);
	for (i = 0; i < n; i++)
		pool[i] = keys[i].verdict;
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && keys[j].ra == keys[i].ra &&
		    keys[j].rb == keys[i].rb; j++)
			;
		*cv = xgrow(*cv, *ncv, acv, sizeof **cv);
		c = &(*cv)[(*ncv)++];
		memset(c, 0, sizeof *c);
		c->kind = (uint8_t)kind;
		c->n = (uint32_t)(j - i);
		c->members = pool + i;
	}
	free(keys);
	return (pool);
}

/*
 * Drop candidates whose flows an earlier candidate has (a narrower kind:
 * kinds are made narrowest first); the order of cv is kept.  A table by
 * the hash of the flows holds the first candidate of each set of flows.
 */
static void
rem_dedupe(struct rem_cand *cv, size_t n)
{
	uint32_t	*slot;
	uint64_t	 hash;
	size_t		 i, k, h, mask, size;
	struct rem_cand	*c, *o;

	if (n < 2)
		return;
	for (size = 16; size < n * 2; size *= 2)
		;
	mask = size - 1;
	slot = xcalloc(size, sizeof *slot);	/* candidate + 1, 0: free */
	for (i = 0; i < n; i++) {
		c = &cv[i];
		hash = CASEMAP_SEED;
		for (k = 0; k < c->n; k++)
			hash = casemap_hash_int(hash, c->members[k]);
		for (h = (size_t)(hash ^ c->n) & mask; slot[h] != 0;
		    h = (h + 1) & mask) {
			o = &cv[slot[h] - 1];
			if (o->n == c->n &&
			    memcmp(o->members, c->members, c->n *
			    sizeof *c->members) == 0)
				break;
		}
		if (slot[h] != 0)
			c->dead = 1;
		else
			slot[h] = (uint32_t)i + 1;
	}
	free(slot);
}

/* A candidate's score; one per candidate, so kept small. */
struct rem_score {
	uint32_t	removes;
	uint32_t	steps;		/* flows whose fix needs a Kerberos
					   step first */
	uint32_t	touches;
	uint32_t	flows;		/* fewer than the verdicts */
	double		progress;
	uint64_t	events;
};

/* Spelling of the candidate's key and its --assume-fixed form. */
static void
rem_fix_names(struct remediate_fix *fx, const struct rem_cand *c,
    const struct remediate_result *r)
{
	const struct remediate_verdict	*v = &r->verdicts[c->members[0]];
	const char			*process = rem_process(r, v);

	fx->kind = c->kind;
	switch (c->kind) {
	case REMEDIATE_ACCOUNT_CLIENT:
		fx->account = xstrdup(v->account);
		fx->client = xstrdup(v->client);
		xasprintf(&fx->spec, "account=%s,client=%s", v->account,
		    v->client);
		break;
	case REMEDIATE_PROCESS_SERVER:
		fx->server = xstrdup(v->decision->server);
		if (process == NULL) {
			xasprintf(&fx->spec, "server=%s", v->decision->server);
			break;
		}
		fx->process = xstrdup(process);
		xasprintf(&fx->spec, "process=%s,server=%s", fx->process,
		    v->decision->server);
		break;
	case REMEDIATE_ACCOUNT:
		fx->account = xstrdup(v->account);
		xasprintf(&fx->spec, "account=%s", v->account);
		break;
	case REMEDIATE_CLIENT:
		fx->client = xstrdup(v->client);
		xasprintf(&fx->spec, "client=%s", v->client);
		break;
	case REMEDIATE_KIND__COUNT:
		break;
	}
}

/*
 * The Kerberos side of fix fx: its class moves flows to Kerberos; the
 * account of the first of its flows of that class that needs a step (else
 * of its heaviest, best), and the steps of all of them.
 */
static void
rem_fix_kerberos(struct remediate_fix *fx, const struct rem_cand *c,
    const struct remediate_result *r, const uint8_t *covered,
    const struct remediate_verdict *best)
{
	const struct remediate_verdict	*v, *pick = best;
	size_t				 i;

	fx->kerberos_class = -1;
	if (best->rule == NULL || !best->rule->kerberos)
		return;
	fx->kerberos = 1;
	for (i = 0; i < c->n; i++) {
		if (covered[c->members[i]])
			continue;
		v = &r->verdicts[c->members[i]];
		if (strcmp(remediate_verdict_class(v), fx->class) != 0 ||
		    !v->kerberos_step)
			continue;
		if (pick == best && !best->kerberos_step)
			pick = v;
		fx->kerberos_steps |= v->kerberos_steps;
		fx->kerberos_heuristic |= v->kerberos_heuristic;
	}
	fx->kerberos_class = pick->kerberos_class;
	fx->kerberos_steps |= pick->kerberos_steps;
	fx->kerberos_heuristic |= pick->kerberos_heuristic;
	if (pick->kerberos_account != NULL)
		fx->kerberos_account = xstrdup(pick->kerberos_account);
}

/* Class with most events among the members fixed now; its evidence. */
static void
rem_fix_class(struct remediate_fix *fx, const struct rem_cand *c,
    const struct remediate_result *r, const uint8_t *covered)
{
	const struct remediate_verdict	*v, *best = NULL;
	struct remediate_text		 tx;
	const char			*cls[64];
	uint64_t			 ev[64], top = 0, heavy = 0;
	size_t			 	 ncls = 0, i, k, bi = 0;

	for (i = 0; i < c->n; i++) {
		if (covered[c->members[i]])
			continue;
		v = &r->verdicts[c->members[i]];
		for (k = 0; k < ncls; k++) {
			if (strcmp(cls[k], remediate_verdict_class(v)) == 0)
				break;
		}
		if (k == ncls && ncls < 64) {
			cls[ncls] = remediate_verdict_class(v);
			ev[ncls++] = 0;
		}
		if (k < ncls)
			ev[k] += v->events;
	}
	for (k = 0; k < ncls; k++) {
		if (ev[k] > top || (ev[k] == top && strcmp(cls[k],
		    cls[bi]) < 0)) {
			top = ev[k];
			bi = k;
		}
	}
	fx->class = ncls > 0 ? cls[bi] : REMEDIATE_UNKNOWN;
	fx->mixed = ncls > 1;
	for (i = 0; i < c->n; i++) {
		if (covered[c->members[i]])
			continue;
		v = &r->verdicts[c->members[i]];
		if (strcmp(remediate_verdict_class(v), fx->class) != 0)
			continue;
		if (best == NULL || v->events > heavy) {
			best = v;
			heavy = v->events;
		}
	}
	if (best != NULL) {
		memset(&tx, 0, sizeof tx);
		remediate_verdict_text(r, best, &tx);
		fx->evidence = xstrdup(tx.evidence);
		fx->fix = tx.fix != NULL ? xstrdup(tx.fix) : NULL;
		remediate_text_clear(&tx);
		rem_fix_kerberos(fx, c, r, covered, best);
	}
}

/*
 * True if score a beats b; on a tie the earlier candidate wins (they are
 * made kind by kind, each kind in order of its names), so a is later.
 */
static int
rem_better(const struct rem_score *a, const struct rem_score *b)
{
	if (a->removes != b->removes)
		return (a->removes > b->removes);
	/* An extra step (a password reset, an attribute) is not free. */
	if ((a->steps == 0) != (b->steps == 0))
		return (a->steps == 0);
	if (a->progress != b->progress)
		return (a->progress > b->progress);
	return (a->events > b->events);
}

static void
rem_fix_clear(struct remediate_fix *fx)
{
	size_t	i;

	free(fx->account);
	free(fx->client);
	free(fx->process);
	free(fx->server);
	free(fx->spec);
	free(fx->evidence);
	free(fx->fix);
	free(fx->kerberos_account);
	for (i = 0; i < fx->nremoves; i++)
		free(fx->removes[i]);
	free(fx->removes);
	memset(fx, 0, sizeof *fx);
}

/* A candidate's score against the remaining flows of each server. */
static void
rem_score_of(const struct rem_cand *c, const uint8_t *covered,
    const uint32_t *rem, uint32_t *cnt, uint32_t *touched,
    const struct remediate_verdict *vs, struct rem_score *s)
{
	const struct remediate_verdict	*v;
	size_t				 m, k;

	memset(s, 0, sizeof *s);
	for (m = 0; m < c->n; m++) {
		if (covered[c->members[m]])
			continue;
		v = &vs[c->members[m]];
		k = (size_t)v->srv;
		if (cnt[k]++ == 0)
			touched[s->touches++] = (uint32_t)k;
		s->flows++;
		s->events += v->events;
		if (v->kerberos_step)
			s->steps++;
	}
	for (m = 0; m < s->touches; m++) {
		k = touched[m];
		if (cnt[k] == rem[k])
			s->removes++;
		s->progress += (double)cnt[k] / (double)rem[k];
		cnt[k] = 0;
	}
}

/*
 * The greedy cover over the listed verdicts.  Scores are kept per
 * candidate and recomputed, after each pick, only for the candidates with
 * a flow on a server the pick changed.  One loop with its bookkeeping
 * (over 100 lines): split, the incremental rescoring would be spread over
 * functions sharing all its state.  rk: the ranks of the names, cleared
 * once the candidates are made.
 */
static void
rem_cover(struct remediate_result *r, size_t max, struct rem_ranks *rk)
{
	struct rem_cand		*cv = NULL;
	struct rem_score	*sc;
	size_t			 ncv = 0, acv = 0, i, j, k, m, c, best, left;
	size_t			 nlisted, nmembers;
	uint32_t		*rem, *cnt, *touched, *sstart, *slist;
	uint32_t		*vstart, *vlist, *fill, *changed, *sstamp;
	size_t			 nchanged;
	uint32_t		*stamp;
	uint8_t			*covered;
	struct remediate_fix	*fx;
	struct remediate_server	*sv;
	enum remediate_kind	 kind;
	uint32_t		*pools[REMEDIATE_KIND__COUNT];

	/* Indices are 32 bits: rem_servers refused more verdicts. */
	covered = xcalloc(r->nverdicts + 1, 1);
	rem = xcalloc(r->nservers + 1, sizeof *rem);
	cnt = xcalloc(r->nservers + 1, sizeof *cnt);
	touched = xcalloc(r->nservers + 1, sizeof *touched);
	sstart = xcalloc(r->nservers + 2, sizeof *sstart);
	sstamp = xcalloc(r->nservers + 1, sizeof *sstamp);
	changed = xcalloc(r->nservers + 1, sizeof *changed);
	for (i = nlisted = 0; i < r->nverdicts; i++) {
		if (r->verdicts[i].srv < 0)
			continue;
		rem[r->verdicts[i].srv]++;
		sstart[r->verdicts[i].srv + 1]++;
		nlisted++;
	}
	/* The listed verdicts of each server. */
	for (i = 0; i < r->nservers; i++)
		sstart[i + 1] += sstart[i];
	slist = xcalloc(nlisted + 1, sizeof *slist);
	fill = xcalloc(r->nservers + 1, sizeof *fill);
	for (i = 0; i < r->nverdicts; i++) {
		if (r->verdicts[i].srv < 0)
			continue;
		k = (size_t)r->verdicts[i].srv;
		slist[sstart[k] + fill[k]++] = (uint32_t)i;
	}
	free(fill);
	for (kind = 0; kind < REMEDIATE_KIND__COUNT; kind++)
		pools[kind] = rem_candidates(r, kind, rk, &cv, &ncv, &acv);
	rem_ranks_clear(rk);
	if (ncv >= UINT32_MAX)
		fatalx("remediate: %zu candidate fixes", ncv);
	rem_dedupe(cv, ncv);
	/* The live candidates of each verdict. */
	vstart = xcalloc(r->nverdicts + 2, sizeof *vstart);
	for (c = nmembers = 0; c < ncv; c++) {
		if (cv[c].dead)
			continue;
		nmembers += cv[c].n;
		for (m = 0; m < cv[c].n; m++)
			vstart[cv[c].members[m] + 1]++;
	}
	if (nmembers >= UINT32_MAX)
		fatalx("remediate: %zu verdicts in candidate fixes", nmembers);
	for (i = 0; i < r->nverdicts; i++)
		vstart[i + 1] += vstart[i];
	vlist = xcalloc(nmembers + 1, sizeof *vlist);
	fill = xcalloc(r->nverdicts + 1, sizeof *fill);
	for (c = 0; c < ncv; c++) {
		for (m = 0; !cv[c].dead && m < cv[c].n; m++) {
			k = cv[c].members[m];
			vlist[vstart[k] + fill[k]++] = (uint32_t)c;
		}
	}
	free(fill);
	sc = xcalloc(ncv + 1, sizeof *sc);
	stamp = xcalloc(ncv + 1, sizeof *stamp);
	for (c = 0; c < ncv; c++) {
		if (!cv[c].dead)
			rem_score_of(&cv[c], covered, rem, cnt, touched,
			    r->verdicts, &sc[c]);
	}

	left = r->nservers;
	r->fixes = xcalloc(max + 1, sizeof *r->fixes);
	while (r->nfixes < max && left > 0) {
		best = ncv;
		for (c = 0; c < ncv; c++) {
			if (cv[c].dead || sc[c].flows == 0)
				continue;
			if (best == ncv || rem_better(&sc[c], &sc[best]))
				best = c;
		}
		if (best == ncv)
			break;
		fx = &r->fixes[r->nfixes++];
		rem_fix_names(fx, &cv[best], r);
		rem_fix_class(fx, &cv[best], r, covered);
		fx->flows = sc[best].flows;
		fx->events = sc[best].events;
		fx->touches = sc[best].touches;
		nchanged = 0;
		for (i = 0; i < cv[best].n; i++) {
			k = cv[best].members[i];
			if (covered[k])
				continue;
			covered[k] = 1;
			r->verdicts[k].step = (uint32_t)r->nfixes;
			j = (size_t)r->verdicts[k].srv;
			if (sstamp[j] != r->nfixes) {
				sstamp[j] = (uint32_t)r->nfixes;
				changed[nchanged++] = (uint32_t)j;
			}
			if (--rem[j] != 0)
				continue;
			sv = &r->servers[j];
			sv->step = r->nfixes;
			fx->removes = xreallocarray(fx->removes,
			    fx->nremoves + 1, sizeof *fx->removes);
			fx->removes[fx->nremoves++] = xstrdup(sv->name);
			left--;
		}
		if (fx->nremoves > 1)
			qsort(fx->removes, fx->nremoves, sizeof *fx->removes,
			    util_strp_compare);
		fx->list_after = left;
		cv[best].dead = 1;
		/* Rescore what has a flow on a server that changed. */
		for (j = 0; j < nchanged; j++) {
			for (m = sstart[changed[j]]; m < sstart[changed[j] + 1];
			    m++) {
				k = slist[m];
				for (i = vstart[k]; i < vstart[k + 1]; i++) {
					c = vlist[i];
					if (cv[c].dead ||
					    stamp[c] == (uint32_t)r->nfixes)
						continue;
					stamp[c] = (uint32_t)r->nfixes;
					rem_score_of(&cv[c], covered, rem,
					    cnt, touched, r->verdicts, &sc[c]);
				}
			}
		}
	}
	for (kind = 0; kind < REMEDIATE_KIND__COUNT; kind++)
		free(pools[kind]);
	free(cv);
	free(sc);
	free(stamp);
	free(vstart);
	free(vlist);
	free(slist);
	free(sstart);
	free(sstamp);
	free(changed);
	free(covered);
	free(rem);
	free(cnt);
	free(touched);
}

/* What no rule decides says: the values rules match on most often. */
static const char rem_no_rule[] = "no rule decides: "
    "server in the directory: {server_in_directory}, "
    "service {service}, SPN {spn_status} {spn}, client "
    "in the directory: {client_in_directory}, account "
    "class {account_class}";

/* Cut template t once, for every flow. */
static void
rem_tmpl_keep(struct rem_ctx *c, const char *t)
{
	const void	*cached;

	if (!ptrmap_get(&c->tmpls, t, &cached))
		ptrmap_put(&c->tmpls, t, rem_tmpl_cut(t));
}

/* Template t, cut by rem_tmpl_keep, filled with vals into b[k]. */
static const char *
rem_fill(const struct rem_ctx *c, const char *t,
    const struct remediate_values *vals, struct remediate_text *tx, int k)
{
	const void	*cached;
	struct rem_buf	 b;

	if (!ptrmap_get(&c->tmpls, t, &cached))
		fatalx("remediate: a template not cut");
	b.s = tx->buf[k];
	b.len = 0;
	b.cap = tx->cap[k];
	rem_tmpl_fill(cached, vals, &b);
	tx->buf[k] = b.s;
	tx->cap[k] = b.cap;
	return (b.s);
}

const char *
remediate_verdict_class(const struct remediate_verdict *v)
{
	return (v->rule != NULL ? v->rule->class : REMEDIATE_UNKNOWN);
}

void
remediate_verdict_text(const struct remediate_result *r,
    const struct remediate_verdict *v, struct remediate_text *tx)
{
	struct remediate_values	 vals;
	char			 account[512], bufs[3][32];

	(void)rem_values(r->ctx, NULL, v->decision, &vals, account,
	    sizeof account, bufs);
	if (v->rule != NULL) {
		tx->evidence = rem_fill(r->ctx, v->rule->evidence, &vals, tx,
		    0);
		tx->fix = rem_fill(r->ctx, v->rule->fix, &vals, tx, 1);
	} else {
		tx->evidence = rem_fill(r->ctx, rem_no_rule, &vals, tx, 0);
		tx->fix = NULL;
	}
}

void
remediate_text_clear(struct remediate_text *tx)
{
	free(tx->buf[0]);
	free(tx->buf[1]);
	memset(tx, 0, sizeof *tx);
}

/* Free c and what it owns. */
static void
rem_ctx_free(struct rem_ctx *c)
{
	size_t	i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nspns; i++)
		free(c->spns[i].spn);
	free(c->spns);
	for (i = 0; i < c->nmemos; i += REM_MEMO_CHUNK)
		free(c->memo_chunks[i / REM_MEMO_CHUNK]);
	free(c->memo_chunks);
	free(c->memo_at);
	ptrmap_clear(&c->services);
	ptrmap_clear(&c->computers);
	for (i = 0; i < c->tmpls.n; i++) {
		if (c->tmpls.v[i].key != NULL)
			rem_tmpl_free((struct rem_tmpl *)(uintptr_t)
			    c->tmpls.v[i].val);
	}
	ptrmap_clear(&c->tmpls);
	free(c);
}

/*
 * A listed verdict by its server's rank (names equal but for case one rank,
 * rem_ranks) and its flow.
 */
struct rem_server_key {
	size_t		flow;
	size_t		verdict;
	uint32_t	rank;
};

static int
rem_server_key_compare(const void *a, const void *b)
{
	const struct rem_server_key	*ka = a, *kb = b;

	if (ka->rank != kb->rank)
		return (ka->rank < kb->rank ? -1 : 1);
	return (ka->flow < kb->flow ? -1 : ka->flow > kb->flow);
}

/*
 * The servers of the listed verdicts, by name (srank: their ranks), with
 * their counts.
 */
static void
rem_servers(struct remediate_result *r, const struct remediate_rules *rs,
    const uint32_t *srank)
{
	struct rem_server_key		 *k;
	struct remediate_verdict	 *v;
	struct remediate_server		 *sv = NULL;
	const struct sim_decision	 *d;
	size_t				  i, n = 0;

	if (r->nverdicts >= INT32_MAX)
		fatalx("remediate: %zu verdicts", r->nverdicts);
	k = xcalloc(r->nverdicts + 1, sizeof *k);
	for (i = 0; i < r->nverdicts; i++) {
		r->verdicts[i].srv = -1;
		if (!r->verdicts[i].listed)
			continue;
		k[n].rank = srank[i];
		k[n].flow = r->verdicts[i].decision->flow;
		k[n++].verdict = i;
	}
	qsort(k, n, sizeof *k, rem_server_key_compare);
	r->servers = xcalloc(n + 1, sizeof *r->servers);
	for (i = 0; i < n; i++) {
		v = &r->verdicts[k[i].verdict];
		d = v->decision;
		if (sv == NULL || strcasecmp(sv->name, d->server) != 0) {
			sv = &r->servers[r->nservers++];
			sv->name = xstrdup(d->server);
			sv->dc = d->server_class == SERVER_DC;
			sv->danger = remediate_rules_danger(rs,
			    policy_server_class_name(d->server_class));
		}
		v->srv = (int32_t)(sv - r->servers);
		sv->flows++;
		sv->events += v->events;
		if (v->rule == NULL) {
			sv->unknown_flows++;
			sv->unknown_events += v->events;
		}
	}
	free(k);
}

/* The Kerberos verdict of v's SPN holder (memo NULL: none). */
static void
rem_verdict_kerberos(struct remediate_verdict *v,
    const struct rem_spn_memo *memo)
{
	v->kerberos_class = -1;
	if (memo == NULL)
		return;
	v->kerberos_class = (int8_t)memo->kerberos.class;
	v->kerberos_steps = (uint8_t)memo->kerberos.steps;
	v->kerberos_heuristic = memo->kerberos.heuristic != 0;
	v->kerberos_account = memo->kerberos_account;
	/* A step to take, not a check (keys unknown): ranked as one. */
	v->kerberos_step = v->rule != NULL && v->rule->kerberos &&
	    memo->kerberos.steps != 0;
}

struct remediate_result *
remediate_run(const struct plan *p, struct remediate_rules *rs,
    size_t max_fixes)
{
	struct remediate_result		*r;
	struct remediate_verdict	*v;
	struct remediate_values		 vals;
	const struct sim_decision	*d;
	const struct flow		*f;
	const struct rem_spn_memo	*memo;
	struct rem_ctx			*c;
	struct rem_ranks		 rk;
	char				 account[512], bufs[3][32];
	size_t				 i;

	r = xcalloc(1, sizeof *r);
	r->ctx = c = xcalloc(1, sizeof *c);
	c->p = p;
	c->kerberos = p->dom != NULL && p->dom->kerberos;
	c->rs = rs;
	rem_spn_index(c);
	r->strings = c->pool = intern_create();
	r->rules = rs;
	for (i = 0; rs != NULL && i < rs->nrules; i++) {
		rs->rules[i].rule.flows = rs->rules[i].rule.events = 0;
		rem_tmpl_keep(c, rs->rules[i].rule.evidence);
		rem_tmpl_keep(c, rs->rules[i].rule.fix);
	}
	rem_tmpl_keep(c, rem_no_rule);
	r->verdicts = xcalloc(p->nblocked + 1, sizeof *r->verdicts);
	for (i = 0; i < p->nblocked; i++) {
		d = &p->blocked[i];
		if (!d->blocked || d->in_force || d->server == NULL)
			continue;
		f = flows_flow(p->fl, d->flow);
		v = &r->verdicts[r->nverdicts++];
		memo = rem_values(c, c, d, &vals, account, sizeof account,
		    bufs);
		v->decision = d;
		v->events = f->count;
		v->rule = remediate_classify(rs, &vals, f->count);
		rem_verdict_kerberos(v, c->kerberos ? memo : NULL);
		v->account = intern_get(r->strings, account);
		v->client = vals.v[REMEDIATE_F_CLIENT];
		v->listed = d->proposed != 0;
		if (v->rule == NULL) {
			r->unknown_flows++;
			r->unknown_events += f->count;
		}
	}
	/* The pool is read only now (the SPN evidence and accounts made). */
	intern_freeze(r->strings);
	/* Every name of the listed ranked. */
	rem_ranks(r, &rk);
	rem_servers(r, rs, rk.v[REM_N_SERVER]);
	for (i = 0; i < r->nservers; i++)
		r->servers[i].fixable = r->servers[i].unknown_flows == 0;
	r->list_before = r->nservers;
	rem_cover(r, max_fixes > 0 ? max_fixes : REMEDIATE_MAX_FIXES, &rk);
	if (p->baseline != NULL) {
		r->baseline = xcalloc(p->nbaseline + 1, sizeof *r->baseline);
		memcpy(r->baseline, p->baseline, p->nbaseline *
		    sizeof *r->baseline);
		r->nbaseline = p->nbaseline;
		r->baseline_names = xcalloc(p->nbaseline_names + 1,
		    sizeof *r->baseline_names);
		for (i = 0; i < p->nbaseline_names; i++)
			r->baseline_names[i] = xstrdup(p->baseline_names[i]);
		r->nbaseline_names = p->nbaseline_names;
	}
	return (r);
}

void
remediate_free(struct remediate_result *r)
{
	size_t	i;

	if (r == NULL)
		return;
	free(r->verdicts);
	rem_ctx_free(r->ctx);
	intern_free(r->strings);
	for (i = 0; i < r->nfixes; i++)
		rem_fix_clear(&r->fixes[i]);
	free(r->fixes);
	for (i = 0; i < r->nservers; i++)
		free(r->servers[i].name);
	free(r->servers);
	free(r->baseline);
	for (i = 0; i < r->nbaseline_names; i++)
		free(r->baseline_names[i]);
	free(r->baseline_names);
	free(r);
}

/*
 * Assumed fixes: each is a list of key=value conditions, all of which a
 * flow must meet.  Values compare case-insensitively; a name without a dot
 * also matches the first label of an FQDN, a process without a path its
 * base name, an account without a domain any domain.
 */
enum rem_akey { REM_A_ACCOUNT, REM_A_CLIENT, REM_A_PROCESS, REM_A_SERVER,
    REM_A__COUNT };

static const char *const rem_akeys[REM_A__COUNT] = {
	"account", "client", "process", "server"
};

struct rem_afix {
	char		*spec;			/* owned */
	char		*v[REM_A__COUNT];	/* owned, NULL: any */
	uint64_t	 flows;
	uint64_t	 events;
};

struct remediate_assumed {
	struct rem_afix	*v;			/* owned */
	size_t		 n;
};

struct remediate_assumed *
remediate_assumed_create(void)
{
	return (xcalloc(1, sizeof (struct remediate_assumed)));
}

void
remediate_assumed_free(struct remediate_assumed *a)
{
	size_t	i;
	int	k;

	if (a == NULL)
		return;
	for (i = 0; i < a->n; i++) {
		free(a->v[i].spec);
		for (k = 0; k < REM_A__COUNT; k++)
			free(a->v[i].v[k]);
	}
	free(a->v);
	free(a);
}

int
remediate_assumed_add(struct remediate_assumed *a, const char *spec,
    char **cause)
{
	struct rem_afix	 fx;
	char		*copy, *t, *last, *eq;
	int		 k, any = 0;

	memset(&fx, 0, sizeof fx);
	copy = xstrdup(spec);
	for (t = strtok_r(copy, ",", &last); t != NULL;
	    t = strtok_r(NULL, ",", &last)) {
		if ((eq = strchr(t, '=')) == NULL || eq[1] == '\0') {
			xasprintf(cause, "%s: expected KEY=VALUE[,KEY=VALUE]",
			    spec);
			goto fail;
		}
		*eq = '\0';
		for (k = 0; k < REM_A__COUNT; k++) {
			if (strcmp(t, rem_akeys[k]) == 0)
				break;
		}
		if (k == REM_A__COUNT) {
			xasprintf(cause, "%s: unknown key %s (account, client, "
			    "process, server)", spec, t);
			goto fail;
		}
		if (fx.v[k] != NULL) {
			xasprintf(cause, "%s: %s given twice", spec, t);
			goto fail;
		}
		fx.v[k] = xstrdup(eq + 1);
		any = 1;
	}
	if (!any) {
		xasprintf(cause, "%s: expected KEY=VALUE[,KEY=VALUE]", spec);
		goto fail;
	}
	fx.spec = xstrdup(spec);
	a->v = xreallocarray(a->v, a->n + 1, sizeof *a->v);
	a->v[a->n++] = fx;
	free(copy);
	return (0);
fail:
	for (k = 0; k < REM_A__COUNT; k++)
		free(fx.v[k]);
	free(copy);
	return (-1);
}

size_t
remediate_assumed_count(const struct remediate_assumed *a)
{
	return (a->n);
}

const char *
remediate_assumed_spec(const struct remediate_assumed *a, size_t i)
{
	return (a->v[i].spec);
}

void
remediate_assumed_hits(const struct remediate_assumed *a, size_t i,
    uint64_t *flows, uint64_t *events)
{
	*flows = a->v[i].flows;
	*events = a->v[i].events;
}

/* A host name as given matches seen: whole, or seen's first label. */
static int
rem_host_eq(const char *want, const char *seen)
{
	const char	*slash;
	size_t		 l;

	if (util_is_null_value(seen))
		return (0);
	if ((slash = strchr(seen, '/')) != NULL && slash[1] != '\0')
		seen = slash + 1;	/* an SPN: cifs/host */
	if (seen[0] == '\\' && seen[1] == '\\')
		seen += 2;
	if (strcasecmp(want, seen) == 0)
		return (1);
	l = strcspn(seen, ".");
	return (strchr(want, '.') == NULL && strlen(want) == l &&
	    strncasecmp(want, seen, l) == 0);
}

static int
rem_afix_match(const struct rem_afix *fx, const struct flow *f,
    int logged_by)
{
	const char	*bs, *p;

	if (fx->v[REM_A_ACCOUNT] != NULL) {
		if (util_is_null_value(f->key.user))
			return (0);
		if ((bs = strchr(fx->v[REM_A_ACCOUNT], '\\')) != NULL) {
			if (util_is_null_value(f->key.domain) ||
			    strlen(f->key.domain) != (size_t)(bs -
			    fx->v[REM_A_ACCOUNT]) ||
			    strncasecmp(f->key.domain, fx->v[REM_A_ACCOUNT],
			    (size_t)(bs - fx->v[REM_A_ACCOUNT])) != 0 ||
			    strcasecmp(f->key.user, bs + 1) != 0)
				return (0);
		} else if (strcasecmp(f->key.user, fx->v[REM_A_ACCOUNT]) != 0)
			return (0);
	}
	if (fx->v[REM_A_CLIENT] != NULL &&
	    !rem_host_eq(fx->v[REM_A_CLIENT], rem_client(f, logged_by)))
		return (0);
	if (fx->v[REM_A_SERVER] != NULL &&
	    !rem_host_eq(fx->v[REM_A_SERVER], f->key.server))
		return (0);
	if (fx->v[REM_A_PROCESS] != NULL) {
		if (util_is_null_value(f->key.process))
			return (0);
		p = strpbrk(fx->v[REM_A_PROCESS], "\\/") != NULL ?
		    f->key.process : rem_basename(f->key.process);
		if (strcasecmp(p, fx->v[REM_A_PROCESS]) != 0)
			return (0);
	}
	return (1);
}

int
remediate_assumed_match(struct remediate_assumed *a, const struct flow *f,
    int logged_by)
{
	size_t	i;

	for (i = 0; i < a->n; i++) {
		if (rem_afix_match(&a->v[i], f, logged_by)) {
			a->v[i].flows++;
			a->v[i].events += f->count;
			return (1);
		}
	}
	return (0);
}
