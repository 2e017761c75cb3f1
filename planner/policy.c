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
policy_block(struct policy *p, char *v)
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
				p->pairs |= POLICY_PAIR(i, j);
		}
	}
	return (NULL);
}

static int
policy_number(const char *s, long long min, long long max, long *out)
{
	long long	v;

	if (util_strtonum(s, min, max, &v) != 0)
		return (-1);
	*out = (long)v;
	return (0);
}

static int
policy_yesno(const char *s, int *out)
{
	if (strcmp(s, "yes") == 0)
		*out = 1;
	else if (strcmp(s, "no") == 0)
		*out = 0;
	else
		return (-1);
	return (0);
}

/* Set one key; returns NULL or a static message. */
static const char *
policy_set(struct policy *p, const char *k, char *v, unsigned *seen)
{
	static const char *const keys[] = {
		"name", "setting", "option", "key", "type", "value", "off",
		"audit_setting", "audit_option", "audit_key", "audit_value",
		"audit_keep", "events", "block", "anomalies",
		"exceptions", "exceptions_setting", "names", "client",
		"default", "note"
	};
	char		**str = NULL, *w, *last;
	long		 n;
	size_t		 i;

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if (strcmp(k, keys[i]) == 0)
			break;
	}
	if (i == sizeof keys / sizeof keys[0])
		return ("unknown key");
	if (strcmp(k, "note") != 0 && strcmp(k, "block") != 0) {
		if (*seen & (1U << i))
			return ("key given twice");
		*seen |= 1U << i;
	}
	switch (i) {
	case 0: str = &p->name; break;
	case 1: str = &p->setting; break;
	case 2: str = &p->option; break;
	case 3: str = &p->key; break;
	case 7: str = &p->audit_setting; break;
	case 8: str = &p->audit_option; break;
	case 9: str = &p->audit_key; break;
	case 15: str = &p->exceptions_key; break;
	case 16: str = &p->exceptions_setting; break;
	case 4:
		if (policy_number(v, 1, 7, &n) != 0)
			return ("type must be a template type code 1..7");
		p->type = (int)n;
		return (NULL);
	case 5:
		return (policy_number(v, 0, UINT32_MAX, &p->value) ?
		    "value must be a DWORD" : NULL);
	case 6:
		return (policy_number(v, 0, UINT32_MAX, &p->off) ?
		    "off must be a DWORD" : NULL);
	case 10:
		return (policy_number(v, 0, UINT32_MAX, &p->audit_value) ?
		    "audit_value must be a DWORD" : NULL);
	case 11:
		return (policy_number(v, 0, UINT32_MAX, &p->audit_keep) ?
		    "audit_keep must be a DWORD" : NULL);
	case 12:
		for (w = strtok_r(v, " \t,", &last); w != NULL;
		    w = strtok_r(NULL, " \t,", &last)) {
			if (p->nevents == POLICY_MAX_EVENTS)
				return ("too many events");
			if (policy_number(w, 1, 65535, &n) != 0)
				return ("bad event id");
			p->events[p->nevents++] = (int)n;
		}
		return (p->nevents == 0 ? "no events" : NULL);
	case 13:
		return (policy_block(p, v));
	case 14:
		return (policy_classes(v, policy_account_names, ACCOUNT__COUNT,
		    &p->anomalies) ? "unknown account class" : NULL);
	case 17:
		if (strcmp(v, "netbios") == 0)
			p->names_both = 0;
		else if (strcmp(v, "both") == 0)
			p->names_both = 1;
		else
			return ("names must be netbios or both");
		return (NULL);
	case 18:
		if (strcmp(v, "workstation") == 0)
			p->client_logged_by = 0;
		else if (strcmp(v, "logged_by") == 0)
			p->client_logged_by = 1;
		else
			return ("client must be workstation or logged_by");
		return (NULL);
	case 19:
		return (policy_yesno(v, &p->is_default) ?
		    "default must be yes or no" : NULL);
	case 20:
		if (*v == '\0')
			return ("empty note");
		p->notes = xreallocarray(p->notes, p->nnotes + 1,
		    sizeof *p->notes);
		p->notes[p->nnotes++] = xstrdup(v);
		return (NULL);
	}
	if (*v == '\0')
		str = NULL;
	if (str != NULL)
		*str = xstrdup(v);
	return (NULL);
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
	else if (p->key == NULL || (seen & (1U << 5)) == 0)
		err = "key and value are required";
	else if (p->nevents == 0)
		err = "events are required";
	else if (p->pairs == 0)
		err = "block is required";
	else if (p->audit_key != NULL && (seen & (3U << 10)) != (3U << 10))
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
	static char	 buf[PATH_MAX + 16];
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
	}
	return (NTLMPLAN_DATADIR "/policies");
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
