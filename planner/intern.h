/*
 * intern.h: a pool of interned strings.
 *
 * Strings repeated across millions of events (hosts, users, processes) are
 * stored once.  The pool owns every string it returns; they live until
 * intern_free.  Not thread-safe: one pool per thread.
 */
#ifndef INTERN_H
#define INTERN_H

#include <stddef.h>

struct intern;

struct intern	*intern_create(void);
void		 intern_free(struct intern *);
/* The pooled copy of s (exact bytes), or NULL if s is NULL. */
const char	*intern_get(struct intern *, const char *);
/*
 * Keep the strings and free what finds them (about 16 bytes a string): the
 * pool is read only from now on, and intern_get on it a fatal error.
 */
void		 intern_freeze(struct intern *);
/* Number of distinct strings in the pool. */
size_t		 intern_count(const struct intern *);

#endif
