/*
 * rules.c: the site rules file.  One rule per line:
 *
 *	FIELD ACTION PATTERN REASON...
 *
 * separated by blanks; PATTERN is one token (write a blank as \s or \x20)
 * matched case-insensitively, unanchored; '#' starts a comment line.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "pattern.h"
#include "rules.h"
#include "util.h"
#include "xmalloc.h"

struct rules_item {
	struct rule	 rule;
	struct pattern	*pattern;	/* owned */
	int		 warned;	/* a match error said */
};

struct rules {
	char			*path;	/* owned */
	struct rules_item	*v;	/* owned */
	size_t			 n;
	size_t			 av;	/* capacity of v */
	unsigned		 fields;	/* bit per field used */
};

static const char *const rules_fields[RULES_FIELD__COUNT] = {
	"event_id", "logged_by", "server", "name", "domain", "user",
	"workstation", "process", "mechanism", "account_class",
	"server_class"
};

const char *
rules_field_name(enum rules_field f)
{
	return (rules_fields[f]);
}

const char *
rules_action_name(enum rules_action a)
{
	return (a == RULES_IGNORE ? "ignore" : a == RULES_REMEDIATE ?
	    "remediate" : "fixed");
}

/* Next blank-separated token of *sp, or NULL. */
static char *
rules_token(char **sp)
{
	char	*s = *sp, *t;

	s += strspn(s, " \t");
	if (*s == '\0')
		return (NULL);
	t = s;
	s += strcspn(s, " \t");
	if (*s != '\0')
		*s++ = '\0';
	*sp = s;
	return (t);
}

struct rules *
rules_load(const char *path, char **cause)
{
	struct rules		*rs;
	struct rules_item	*it;
	FILE			*f;
	char			*line = NULL, *s, *field, *action, *pat, *why;
	char			*e, *pcause;
	size_t			 size = 0;
	ssize_t			 len;
	unsigned		 lineno = 0;
	int			 i;

	if ((f = fopen(path, "r")) == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return (NULL);
	}
	rs = xcalloc(1, sizeof *rs);
	rs->path = xstrdup(path);
	while ((len = getline(&line, &size, f)) != -1) {
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			line[--len] = '\0';
		s = line;
		if ((field = rules_token(&s)) == NULL || *field == '#')
			continue;
		action = rules_token(&s);
		pat = rules_token(&s);
		why = s + strspn(s, " \t");
		e = why + strlen(why);
		while (e > why && (e[-1] == ' ' || e[-1] == '\t'))
			*--e = '\0';
		if (action == NULL || pat == NULL || *why == '\0') {
			xasprintf(cause, "%s:%u: expected FIELD ACTION PATTERN "
			    "REASON", path, lineno);
			goto fail;
		}
		for (i = 0; i < RULES_FIELD__COUNT; i++) {
			if (strcmp(field, rules_fields[i]) == 0)
				break;
		}
		if (i == RULES_FIELD__COUNT) {
			xasprintf(cause, "%s:%u: unknown field: %s", path,
			    lineno, field);
			goto fail;
		}
		rs->v = xgrow(rs->v, rs->n, &rs->av, sizeof *rs->v);
		it = &rs->v[rs->n];
		memset(it, 0, sizeof *it);
		it->rule.line = lineno;
		it->rule.field = (enum rules_field)i;
		if (strcmp(action, "ignore") == 0)
			it->rule.action = RULES_IGNORE;
		else if (strcmp(action, "remediate") == 0)
			it->rule.action = RULES_REMEDIATE;
		else if (strcmp(action, "fixed") == 0)
			it->rule.action = RULES_FIXED;
		else {
			xasprintf(cause, "%s:%u: action must be ignore, "
			    "remediate or fixed: %s", path, lineno, action);
			goto fail;
		}
		if ((it->pattern = pattern_create(pat, PATTERN_CASELESS,
		    &pcause)) == NULL) {
			xasprintf(cause, "%s:%u: pattern %s: %s", path, lineno,
			    pat, pcause);
			free(pcause);
			goto fail;
		}
		it->rule.pattern = xstrdup(pat);
		it->rule.reason = xstrdup(why);
		rs->fields |= 1U << i;
		rs->n++;
	}
	if (ferror(f)) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		goto fail;
	}
	free(line);
	fclose(f);
	return (rs);
fail:
	free(line);
	fclose(f);
	rules_free(rs);
	return (NULL);
}

void
rules_free(struct rules *rs)
{
	size_t	i;

	if (rs == NULL)
		return;
	for (i = 0; i < rs->n; i++) {
		pattern_free(rs->v[i].pattern);
		free(rs->v[i].rule.pattern);
		free(rs->v[i].rule.reason);
	}
	free(rs->v);
	free(rs->path);
	free(rs);
}

/*
 * Match one rule's pattern.  A PCRE2 error (a match or depth limit hit, a
 * value that is not UTF-8) counts as no match and is said once a rule.
 */
static int
rules_pattern_match(struct rules *rs, struct rules_item *it, const char *v)
{
	int	rc;

	if ((rc = pattern_exec(it->pattern, v)) == -1 && !it->warned) {
		it->warned = 1;
		log_warnx("%s:%u: pattern %s cannot be matched against %s "
		    "\"%.40s\"%s: %s; counted as no match (further errors of "
		    "this rule not shown)", rs->path, it->rule.line,
		    it->rule.pattern, rules_fields[it->rule.field],
		    v != NULL ? v : "", v != NULL && strlen(v) > 40 ? "..." :
		    "", pattern_error(it->pattern));
	}
	return (rc == 1);
}

size_t
rules_count(const struct rules *rs)
{
	return (rs->n);
}

const struct rule *
rules_get(const struct rules *rs, size_t i)
{
	return (&rs->v[i].rule);
}

int
rules_uses(const struct rules *rs, enum rules_field f)
{
	return ((rs->fields & (1U << f)) != 0);
}

const struct rule *
rules_match(struct rules *rs, const char *const values[RULES_FIELD__COUNT],
    uint64_t count)
{
	struct rules_item	*it;
	size_t			 i;

	for (i = 0; i < rs->n; i++) {
		it = &rs->v[i];
		if (rules_pattern_match(rs, it, values[it->rule.field])) {
			it->rule.flows++;
			it->rule.events = util_count_add(it->rule.events,
			    count);
			return (&it->rule);
		}
	}
	return (NULL);
}

void
rules_clear_hits(struct rules *rs)
{
	size_t	i;

	for (i = 0; i < rs->n; i++)
		rs->v[i].rule.flows = rs->v[i].rule.events = 0;
}

const struct rule *
rules_find(const struct rules *rs,
    const char *const values[RULES_FIELD__COUNT])
{
	size_t	i;

	for (i = 0; i < rs->n; i++) {
		if (rules_pattern_match((struct rules *)rs,
		    (struct rules_item *)&rs->v[i],
		    values[rs->v[i].rule.field]))
			return (&rs->v[i].rule);
	}
	return (NULL);
}
