/*
 * rules.h: site rules: a PCRE2 pattern on one field of a flow, an action and
 * a reason (ntlmplan-plan(5)).
 *
 * "ignore" drops matching flows from the simulation (noise: a scanner, a
 * decommissioned server); "remediate" keeps them blocked but keeps their
 * server off the proposed exception list: they are a to-do before
 * enforcement; "fixed" drops them as assumed fixed (plan --assume-fixed),
 * and the plan shows the list with and without them.  The first matching
 * rule wins.  A struct rules owns its
 * rules, patterns and strings; each rule counts the flows and events it
 * matched.
 */
#ifndef RULES_H
#define RULES_H

#include <stddef.h>
#include <stdint.h>

enum rules_field {
	RULES_EVENT_ID,
	RULES_LOGGED_BY,
	RULES_SERVER,		/* as seen in the event */
	RULES_NAME,		/* the server's NetBIOS name */
	RULES_DOMAIN,
	RULES_USER,
	RULES_WORKSTATION,
	RULES_PROCESS,
	RULES_MECHANISM,
	RULES_ACCOUNT_CLASS,
	RULES_SERVER_CLASS,
	RULES_FIELD__COUNT
};

enum rules_action {
	RULES_IGNORE,
	RULES_REMEDIATE,
	RULES_FIXED
};

struct rule {
	unsigned		 line;
	enum rules_field	 field;
	enum rules_action	 action;
	char			*pattern;	/* owned: the text */
	char			*reason;	/* owned */
	uint64_t		 flows;		/* hits */
	uint64_t		 events;
};

struct rules;

/* Field and action names as in the rules file. */
const char	*rules_field_name(enum rules_field);
const char	*rules_action_name(enum rules_action);
/*
 * Read a rules file.  NULL with *cause set ("file:line: ...", caller frees)
 * on a syntax error or a pattern that does not compile.
 */
struct rules	*rules_load(const char *, char **);
/* Free rs; NULL is a no-op. */
void		 rules_free(struct rules *);
/* Number of rules. */
size_t		 rules_count(const struct rules *);
/* Rule i, in file order (borrowed). */
const struct rule *rules_get(const struct rules *, size_t);
/* True if some rule tests field. */
int		 rules_uses(const struct rules *, enum rules_field);
/*
 * The first rule matching the field values (NULL values match as ""), with
 * its hit counters raised by one flow of count events; NULL if none.
 */
const struct rule *rules_match(struct rules *,
		     const char *const [RULES_FIELD__COUNT], uint64_t);
/* Set every rule's hit counters to zero. */
void		 rules_clear_hits(struct rules *);
/* The first rule matching, as rules_match, without counting a hit. */
const struct rule *rules_find(const struct rules *,
		     const char *const [RULES_FIELD__COUNT]);

#endif
