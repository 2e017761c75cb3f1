/*
 * xmalloc.h: allocation that never returns NULL.
 *
 * Out of memory is fatal: every function here prints a message and exits
 * with EXIT_SOFTWARE on failure, so callers never test the result.
 */
#ifndef XMALLOC_H
#define XMALLOC_H

#include <stdarg.h>
#include <stddef.h>

/*
 * Set how the allocator treats large blocks (xmalloc.c), once at start;
 * every block of HUGEPAGE_MIN or more asks for huge pages (hugepage.h).
 */
void	 xmalloc_init(void);
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
/*
 * Make room in array p (*cap elements of size bytes) for index n: the
 * capacity doubles (git's ALLOC_GROW), so appending n elements one by one
 * costs O(n) copies under any allocator.  Returns the array, *cap updated.
 */
void	*xgrow(void *, size_t, size_t *, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
int	 xasprintf(char **, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
int	 xvasprintf(char **, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
void	 fatalx(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

#endif
