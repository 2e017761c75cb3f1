/*
 * xmalloc.c: allocation wrappers that exit on failure (tmux's xmalloc.c).
 */
#include "config.h"

#ifdef HAVE_MALLOC_H
#include <malloc.h>
#endif
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exitcode.h"
#include "hugepage.h"
#include "xmalloc.h"

void
fatalx(const char *fmt, ...)
{
	va_list	ap;

	fflush(stdout);
	fputs("ntlmplan: fatal: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_SOFTWARE);
}

/*
 * Blocks of 1 MiB or more mapped of their own and unmapped when freed, at
 * every size: glibc raises that threshold to the largest block freed (up to
 * 32 MiB), after which a plan's arrays of megabytes come from the heap,
 * which keeps their memory once freed and zeroes it for calloc.  A plan of
 * 1,000,000 flows peaks some 110 MiB lower.
 */
#define XMALLOC_MMAP_MIN	(1024 * 1024)

void
xmalloc_init(void)
{
#ifdef HAVE_MALLOPT
	(void)mallopt(M_MMAP_THRESHOLD, XMALLOC_MMAP_MIN);
#endif
}

/*
 * The arrays of a plan or a flow table of a million flows are tens of
 * megabytes each: every allocation of HUGEPAGE_MIN or more asks for huge
 * pages over its mapping (hugepage.h), so that its first touch costs a
 * fault in 512 and the walks over it miss the TLB far less.
 */
static void *
xmalloc_huge(void *p, size_t size)
{
	hugepage_advise(p, size);	/* nothing below HUGEPAGE_MIN */
	return (p);
}

void *
xmalloc(size_t size)
{
	void	*p;

	if (size == 0)
		size = 1;
	if ((p = malloc(size)) == NULL)
		fatalx("out of memory allocating %zu bytes", size);
	return (xmalloc_huge(p, size));
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void	*p;

	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	if ((p = calloc(nmemb, size)) == NULL)
		fatalx("out of memory allocating %zu x %zu bytes", nmemb, size);
	return (size <= SIZE_MAX / nmemb ? xmalloc_huge(p, nmemb * size) : p);
}

void *
xreallocarray(void *ptr, size_t nmemb, size_t size)
{
	void	*p;

	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	if (size > SIZE_MAX / nmemb)
		fatalx("allocation overflow: %zu x %zu bytes", nmemb, size);
	if ((p = realloc(ptr, nmemb * size)) == NULL)
		fatalx("out of memory allocating %zu x %zu bytes", nmemb, size);
	return (xmalloc_huge(p, nmemb * size));
}

void *
xgrow(void *ptr, size_t n, size_t *cap, size_t size)
{
	size_t	want;

	if (n < *cap)
		return (ptr);
	want = *cap < 8 ? 8 : *cap;
	while (want <= n) {
		if (want > SIZE_MAX / 2)
			fatalx("allocation overflow: %zu elements", n);
		want *= 2;
	}
	ptr = xreallocarray(ptr, want, size);
	*cap = want;
	return (ptr);
}

char *
xstrdup(const char *s)
{
	return (xstrndup(s, strlen(s)));
}

char *
xstrndup(const char *s, size_t n)
{
	char	*p;
	size_t	 len;

	len = strnlen(s, n);
	p = xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return (p);
}

int
xvasprintf(char **ret, const char *fmt, va_list ap)
{
	va_list	 ap2;
	int	 len;

	va_copy(ap2, ap);
	len = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (len < 0)
		fatalx("vsnprintf: %s", strerror(errno));
	*ret = xmalloc((size_t)len + 1);
	vsnprintf(*ret, (size_t)len + 1, fmt, ap);
	return (len);
}

int
xasprintf(char **ret, const char *fmt, ...)
{
	va_list	ap;
	int	len;

	va_start(ap, fmt);
	len = xvasprintf(ret, fmt, ap);
	va_end(ap);
	return (len);
}
