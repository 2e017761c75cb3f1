/*
 * pattern.h: compiled regular expressions (PCRE2), the only module that
 * sees pcre2_* types.
 *
 * A pattern is compiled once (and JIT-compiled where PCRE2 supports it) and
 * then matched many times.  A struct pattern owns its code and match data;
 * it is not safe to match with one pattern from several threads at once.
 */
#ifndef PATTERN_H
#define PATTERN_H

#include <stddef.h>

#define PATTERN_CASELESS	0x1
/*
 * Limits of one match: backtracking steps and nesting depth (PCRE2's own
 * defaults are 10,000,000, seconds for a catastrophic pattern).
 */
#define PATTERN_MATCH_LIMIT	100000
#define PATTERN_DEPTH_LIMIT	1000
/*
 * The longest value a pattern is matched against, in bytes.  PCRE2 applies
 * the match limit at each start position, and a possessive run is one step
 * however far it scans: "(?:a+).*+b" takes the cube of the subject's
 * length, 16 s on 4 KiB, 0.2 s on 1 KiB.  A longer value is an error
 * (pattern_exec), never a match: the flow stays counted.
 */
#define PATTERN_SUBJECT_MAX	1024

struct pattern;

/*
 * Compile a PCRE2 pattern.  Returns NULL with *cause set ("offset N: message",
 * caller frees) if it does not compile.
 */
struct pattern	*pattern_create(const char *, int, char **);
/*
 * Compile a name wildcard: '*' matches any run of characters, everything
 * else literally, the whole string, case-insensitively.
 */
struct pattern	*pattern_create_wildcard(const char *, char **);
/* Free p; NULL is a no-op. */
void		 pattern_free(struct pattern *);
/*
 * 1 if the pattern matches s (a NULL s is matched as ""), 0 if not, -1 if
 * PCRE2 could not tell (a limit hit, s not UTF-8): pattern_error says why.
 */
int		 pattern_exec(struct pattern *, const char *);
/* True if pattern_exec gives 1: an error is no match, unsaid. */
int		 pattern_match(struct pattern *, const char *);
/* The message of the last pattern_exec that returned -1. */
const char	*pattern_error(const struct pattern *);

#endif
