/*
 * policy.c: policy files (ntlmplan-policy(5)) into struct policy.
 *
 * A file is "key = value" lines; '#' starts a comment line.  Every key but
 * "note" appears at most once; unknown keys are errors, so that a typo never
 * silently changes what is simulated.
 */
#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "policy.h"
#include "util.h"
#include "xmalloc.h"

#ifndef NTLMPLAN_DATADIR
#define NTLMPLAN_DATADIR "/usr/local/share/ntlmplan"
#endif

struct policies {
	struct policy	*v;		/* owned */
	size_t		 n;
};

static const char *const policy_account_names[ACCOUNT__COUNT] = {
	"domain", "trusted", "local", "anonymous", "unknown"
};
static const char *const policy_server_names[SERVER__COUNT] = {
	"domain", "dc", "non-domain"
};

const char *
policy_account_class_name(enum account_class c)
{
	return (policy_account_names[c]);
}

const char *
policy_server_class_name(enum server_class c)
{
	return (policy_server_names[c]);
}

static void
policy_clear(struct policy *p)
{
	size_t	i;

	free(p->path);
	free(p->name);
	free(p->setting);
	free(p->option);
	free(p->key);
	free(p->audit_setting);
	free(p->audit_option);
	free(p->audit_key);
	free(p->exceptions_key);
	free(p->exceptions_setting);
	for (i = 0; i < p->nnotes; i++)
		free(p->notes[i]);
	free(p->notes);
	memset(p, 0, sizeof *p);
}

/* Parse a list of class names into a bit set; -1 on an unknown name. */
static int
policy_classes(char *s, const char *const *names, int n, unsigned *out)
{
	char	*w, *last;
	int	 i;

	*out = 0;
	for (w = strtok_r(s, " \t,", &last); w != NULL;
	    w = strtok_r(NULL, " \t,", &last)) {
		for (i = 0; i < n; i++) {
			if (strcmp(w, names[i]) == 0)
				break;
		}
		if (i == n)
			return (-1);
		*out |= 1U << i;
	}
	return (0);
}

/* "ACCOUNTS : SERVERS": every pair of the two lists is blocked. */
static const char *
policy_block(uint32_t *pairs, char *v)
{
	char		*colon;
	unsigned	 a, s;
	int		 i, j;

	if ((colon = strchr(v, ':')) == NULL)
		return ("block must be ACCOUNT-CLASSES : SERVER-CLASSES");
	*colon = '\0';
	if (policy_classes(v, policy_account_names, ACCOUNT__COUNT, &a) != 0)
		return ("unknown account class");
	if (policy_classes(colon + 1, policy_server_names, SERVER__COUNT,
	    &s) != 0)
		return ("unknown server class");
	if (a == 0 || s == 0)
		return ("block needs account and server classes");
	for (i = 0; i < ACCOUNT__COUNT; i++) {
		for (j = 0; j < SERVER__COUNT; j++) {
			if ((a & (1U << i)) && (s & (1U << j)))
				*pairs |= POLICY_PAIR(i, j);
		}
	}
	return (NULL);
}

/* How a key's value is read, and where it goes. */
enum policy_key_type {
	POLICY_STRING,		/* char *, owned; empty is NULL */
	POLICY_INT,		/* int, min..max */
	POLICY_LONG,		/* long, min..max */
	POLICY_CHOICE,		/* int: the index of the value in choices */
	POLICY_EVENTS,		/* int[POLICY_MAX_EVENTS], count at .count */
	POLICY_BLOCK,		/* uint32_t pairs: ACCOUNTS : SERVERS */
	POLICY_ACCOUNTS,	/* unsigned: a set of account classes */
	POLICY_NOTES		/* char **, owned, count at .count */
};

/*
 * The keys of a policy file (ntlmplan-policy(5)), walked by policy_set: a
 * new key is one row (and a field of struct policy).  error is the message
 * for a value out of range or not among choices; repeat keys may be given
 * more than once.
 */
struct policy_key {
	const char		*name;
	size_t			 offset;
	enum policy_key_type	 type;
	long long		 min, max;
	const char *const	*choices;	/* POLICY_CHOICE, NULL-ended */
	size_t			 count;		/* POLICY_EVENTS, POLICY_NOTES */
	int			 repeat;
	const char		*error;
};

static const char *const policy_names_choices[] = { "netbios", "both", NULL };
static const char *const policy_client_choices[] = {
	"workstation", "logged_by", NULL
};
static const char *const policy_yesno_choices[] = { "no", "yes", NULL };

#define PK(f)	offsetof(struct policy, f)
static const struct policy_key policy_keys[] = {
	{ .name = "name", .offset = PK(name), .type = POLICY_STRING },
	{ .name = "setting", .offset = PK(setting), .type = POLICY_STRING },
	{ .name = "option", .offset = PK(option), .type = POLICY_STRING },
	{ .name = "key", .offset = PK(key), .type = POLICY_STRING },
	{ .name = "type", .offset = PK(type), .type = POLICY_INT,
	  .min = 1, .max = 7,
	  .error = "type must be a template type code 1..7" },
	{ .name = "value", .offset = PK(value), .type = POLICY_LONG,
	  .min = 0, .max = UINT32_MAX, .error = "value must be a DWORD" },
	{ .name = "off", .offset = PK(off), .type = POLICY_LONG,
	  .min = 0, .max = UINT32_MAX, .error = "off must be a DWORD" },
	{ .name = "audit_setting", .offset = PK(audit_setting),
	  .type = POLICY_STRING },
	{ .name = "audit_option", .offset = PK(audit_option),
	  .type = POLICY_STRING },
	{ .name = "audit_key", .offset = PK(audit_key),
	  .type = POLICY_STRING },
	{ .name = "audit_value", .offset = PK(audit_value),
	  .type = POLICY_LONG, .min = 0, .max = UINT32_MAX,
	  .error = "audit_value must be a DWORD" },
	{ .name = "audit_keep", .offset = PK(audit_keep), .type = POLICY_LONG,
	  .min = 0, .max = UINT32_MAX, .error = "audit_keep must be a DWORD" },
	{ .name = "events", .offset = PK(events), .type = POLICY_EVENTS,
	  .min = 1, .max = 65535, .count = PK(nevents) },
	{ .name = "block", .offset = PK(pairs), .type = POLICY_BLOCK,
	  .repeat = 1 },
	{ .name = "anomalies", .offset = PK(anomalies),
	  .type = POLICY_ACCOUNTS },
	{ .name = "exceptions", .offset = PK(exceptions_key),
	  .type = POLICY_STRING },
	{ .name = "exceptions_setting", .offset = PK(exceptions_setting),
	  .type = POLICY_STRING },
	{ .name = "names", .offset = PK(names_both), .type = POLICY_CHOICE,
	  .choices = policy_names_choices,
	  .error = "names must be netbios or both" },
	{ .name = "client", .offset = PK(client_logged_by),
	  .type = POLICY_CHOICE, .choices = policy_client_choices,
	  .error = "client must be workstation or logged_by" },
	{ .name = "default", .offset = PK(is_default), .type = POLICY_CHOICE,
	  .choices = policy_yesno_choices,
	  .error = "default must be yes or no" },
	{ .name = "note", .offset = PK(notes), .type = POLICY_NOTES,
	  .count = PK(nnotes), .repeat = 1 }
};
#undef PK
#define POLICY_NKEYS	(sizeof policy_keys / sizeof policy_keys[0])
_Static_assert(POLICY_NKEYS <= 32, "a key's seen bit is an unsigned bit");

/* The bit of key name in a set of keys seen. */
static unsigned
policy_key_bit(const char *name)
{
	size_t	i;

	for (i = 0; i < POLICY_NKEYS; i++) {
		if (strcmp(policy_keys[i].name, name) == 0)
			return (1U << i);
	}
	abort();
}

/* A list of event ids into the int array at ids, its length at *n. */
static const char *
policy_events(const struct policy_key *pk, char *v, int *ids, size_t *n)
{
	char		*w, *last;
	long long	 id;

	for (w = strtok_r(v, " \t,", &last); w != NULL;
	    w = strtok_r(NULL, " \t,", &last)) {
		if (*n == POLICY_MAX_EVENTS)
			return ("too many events");
		if (util_strtonum(w, pk->min, pk->max, &id) != 0)
			return ("bad event id");
		ids[(*n)++] = (int)id;
	}
	return (*n == 0 ? "no events" : NULL);
}

/* Set one key; returns NULL or a static message. */
static const char *
policy_set(struct policy *p, const char *k, char *v, unsigned *seen)
{
	const struct policy_key	*pk;
	char			*field, ***notes;
	size_t			 i, *count;
	long long		 n;

	for (i = 0; i < POLICY_NKEYS; i++) {
		if (strcmp(k, policy_keys[i].name) == 0)
			break;
	}
	if (i == POLICY_NKEYS)
		return ("unknown key");
	pk = &policy_keys[i];
	if (!pk->repeat) {
		if (*seen & (1U << i))
			return ("key given twice");
		*seen |= 1U << i;
	}
	field = (char *)p + pk->offset;
	count = (size_t *)((char *)p + pk->count);
	switch (pk->type) {
	case POLICY_STRING:
		if (*v != '\0')
			*(char **)field = xstrdup(v);
		return (NULL);
	case POLICY_INT:
	case POLICY_LONG:
		if (util_strtonum(v, pk->min, pk->max, &n) != 0)
			return (pk->error);
		if (pk->type == POLICY_INT)
			*(int *)field = (int)n;
		else
			*(long *)field = (long)n;
		return (NULL);
	case POLICY_CHOICE:
		for (i = 0; pk->choices[i] != NULL; i++) {
			if (strcmp(v, pk->choices[i]) == 0) {
				*(int *)field = (int)i;
				return (NULL);
			}
		}
		return (pk->error);
	case POLICY_EVENTS:
		return (policy_events(pk, v, (int *)field, count));
	case POLICY_BLOCK:
		return (policy_block((uint32_t *)field, v));
	case POLICY_ACCOUNTS:
		return (policy_classes(v, policy_account_names, ACCOUNT__COUNT,
		    (unsigned *)field) ? "unknown account class" : NULL);
	case POLICY_NOTES:
		if (*v == '\0')
			return ("empty note");
		notes = (char ***)field;
		*notes = xreallocarray(*notes, *count + 1, sizeof **notes);
		(*notes)[(*count)++] = xstrdup(v);
		return (NULL);
	}
	abort();
}

static char *
policy_trim(char *s)
{
	char	*e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
	    e[-1] == '\r'))
		*--e = '\0';
	return (s);
}

/* Read one policy file into p; -1 with *cause set. */
static int
policy_read(struct policy *p, const char *path, char **cause)
{
	FILE		*f;
	char		*line = NULL, *s, *eq, *k, *v;
	const char	*err = NULL;
	size_t		 size = 0;
	unsigned	 seen = 0, lineno = 0;
	int		 rc = -1;

	memset(p, 0, sizeof *p);
	p->path = xstrdup(path);
	p->type = 4;
	if ((f = fopen(path, "r")) == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return (-1);
	}
	while (getline(&line, &size, f) != -1) {
		lineno++;
		s = policy_trim(line);
		if (*s == '\0' || *s == '#')
			continue;
		if ((eq = strchr(s, '=')) == NULL) {
			err = "expected key = value";
			goto out;
		}
		*eq = '\0';
		k = policy_trim(s);
		v = policy_trim(eq + 1);
		if ((err = policy_set(p, k, v, &seen)) != NULL)
			goto out;
	}
	if (ferror(f)) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		goto fail;
	}
	lineno = 0;
	if (p->name == NULL)
		err = "no name";
	else if (p->setting == NULL || p->option == NULL)
		err = "setting and option are required";
	else if (p->key == NULL || (seen & policy_key_bit("value")) == 0)
		err = "key and value are required";
	else if (p->nevents == 0)
		err = "events are required";
	else if (p->pairs == 0)
		err = "block is required";
	else if (p->audit_key != NULL &&
	    ((seen & policy_key_bit("audit_value")) == 0 ||
	    (seen & policy_key_bit("audit_keep")) == 0))
		err = "audit_key needs audit_value and audit_keep";
	else if (strspn(p->name, "abcdefghijklmnopqrstuvwxyz0123456789-") !=
	    strlen(p->name))
		err = "name must be lower case letters, digits and -";
out:
	if (err != NULL) {
		if (lineno != 0)
			xasprintf(cause, "%s:%u: %s", path, lineno, err);
		else
			xasprintf(cause, "%s: %s", path, err);
	} else
		rc = 0;
fail:
	free(line);
	fclose(f);
	return (rc);
}

static int
policy_compare(const void *a, const void *b)
{
	const struct policy	*pa = a, *pb = b;
	int			 c;

	if ((c = strcmp(pa->setting, pb->setting)) != 0)
		return (c);
	if (pa->value != pb->value)
		return (pa->value < pb->value ? -1 : 1);
	return (strcmp(pa->name, pb->name));
}

struct policies *
policies_load(const char *dir, char **cause)
{
	struct policies	*ps;
	struct dirent	**ents = NULL;
	char		*path;
	size_t		 len, i, j;
	int		 n, k, ndefault = 0;

	if ((n = scandir(dir, &ents, NULL, alphasort)) == -1) {
		xasprintf(cause, "%s: %s", dir, strerror(errno));
		return (NULL);
	}
	ps = xcalloc(1, sizeof *ps);
	for (k = 0; k < n; k++) {
		len = strlen(ents[k]->d_name);
		if (ents[k]->d_name[0] == '.' || len <= 7 ||
		    strcmp(ents[k]->d_name + len - 7, ".policy") != 0)
			continue;
		xasprintf(&path, "%s/%s", dir, ents[k]->d_name);
		ps->v = xreallocarray(ps->v, ps->n + 1, sizeof *ps->v);
		if (policy_read(&ps->v[ps->n], path, cause) != 0) {
			policy_clear(&ps->v[ps->n]);
			free(path);
			goto fail;
		}
		ndefault += ps->v[ps->n].is_default;
		ps->n++;
		free(path);
	}
	if (ps->n == 0) {
		xasprintf(cause, "%s: no *.policy files", dir);
		goto fail;
	}
	if (ndefault != 1) {
		xasprintf(cause, "%s: exactly one policy must say "
		    "default = yes", dir);
		goto fail;
	}
	qsort(ps->v, ps->n, sizeof *ps->v, policy_compare);
	for (i = 0; i < ps->n; i++) {
		for (j = i + 1; j < ps->n; j++) {
			if (strcmp(ps->v[i].name, ps->v[j].name) == 0 ||
			    (strcmp(ps->v[i].setting, ps->v[j].setting) == 0 &&
			    ps->v[i].value == ps->v[j].value)) {
				xasprintf(cause, "%s: same name or value as %s",
				    ps->v[j].path, ps->v[i].path);
				goto fail;
			}
		}
	}
	for (k = 0; k < n; k++)
		free(ents[k]);
	free(ents);
	return (ps);
fail:
	for (k = 0; k < n; k++)
		free(ents[k]);
	free(ents);
	policies_free(ps);
	return (NULL);
}

void
policies_free(struct policies *ps)
{
	size_t	i;

	if (ps == NULL)
		return;
	for (i = 0; i < ps->n; i++)
		policy_clear(&ps->v[i]);
	free(ps->v);
	free(ps);
}

size_t
policies_count(const struct policies *ps)
{
	return (ps->n);
}

const struct policy *
policies_get(const struct policies *ps, size_t i)
{
	return (&ps->v[i]);
}

const struct policy *
policies_find(const struct policies *ps, const char *s)
{
	const struct policy	*def = NULL;
	long long		 v;
	size_t			 i;

	for (i = 0; i < ps->n; i++) {
		if (ps->v[i].is_default)
			def = &ps->v[i];
	}
	if (s == NULL)
		return (def);
	for (i = 0; i < ps->n; i++) {
		if (strcasecmp(ps->v[i].name, s) == 0)
			return (&ps->v[i]);
	}
	if (util_strtonum(s, 0, UINT32_MAX, &v) != 0)
		return (NULL);
	for (i = 0; i < ps->n; i++) {
		if (strcmp(ps->v[i].setting, def->setting) == 0 &&
		    ps->v[i].value == v)
			return (&ps->v[i]);
	}
	return (NULL);
}

size_t
policies_setting(const struct policies *ps, const struct policy *p,
    size_t *n)
{
	size_t	i, first = ps->n;

	*n = 0;
	for (i = 0; i < ps->n; i++) {
		if (strcmp(ps->v[i].setting, p->setting) != 0)
			continue;
		if (first == ps->n)
			first = i;
		(*n)++;
	}
	return (first);
}

int
policies_is_audit_value(const struct policies *ps, const struct policy *p,
    long v)
{
	const struct policy	*q;
	size_t			 first, n, i;

	first = policies_setting(ps, p, &n);
	for (i = first; i < first + n; i++) {
		q = policies_get(ps, i);
		if ((q->audit_key != NULL ? q->audit_value : q->off) == v)
			return (1);
	}
	return (0);
}

int
policy_has_event(const struct policy *p, int id)
{
	size_t	i;

	for (i = 0; i < p->nevents; i++) {
		if (p->events[i] == id)
			return (1);
	}
	return (0);
}

int
policy_blocks(const struct policy *p, enum account_class a,
    enum server_class s)
{
	return ((p->pairs & POLICY_PAIR(a, s)) != 0);
}

/* True if path is a directory. */
static int
policy_isdir(const char *path)
{
	struct stat	st;

	return (stat(path, &st) == 0 && S_ISDIR(st.st_mode));
}

const char *
policies_default_dir(void)
{
	static char	 buf[PATH_MAX + 32];
	const char	*env;
	char		 exe[PATH_MAX], *slash;
	ssize_t		 len;

	if ((env = getenv("NTLMPLAN_POLICIES")) != NULL && *env != '\0')
		return (env);
	len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (len > 0) {
		exe[len] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL)
			*slash = '\0';
#if defined(NTLMPLAN_BUILDDIR) && defined(NTLMPLAN_SRCDIR)
		if (strcmp(exe, NTLMPLAN_BUILDDIR) == 0 &&
		    policy_isdir(NTLMPLAN_SRCDIR "/policies"))
			return (NTLMPLAN_SRCDIR "/policies");
#endif
		snprintf(buf, sizeof buf, "%s/policies", exe);
		if (policy_isdir(buf))
			return (buf);
		snprintf(buf, sizeof buf, "%s/../policies", exe);
		if (policy_isdir(buf))
			return (buf);
		/* An installed or unpacked (dpkg -x) prefix: bin/../share. */
		snprintf(buf, sizeof buf, "%s/../share/ntlmplan/policies", exe);
		if (policy_isdir(buf))
			return (buf);
	}
	return (NTLMPLAN_DATADIR "/policies");
}
