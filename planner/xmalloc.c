/*
 * xmalloc.c: allocation wrappers that exit on failure (tmux's xmalloc.c).
 */
#include "config.h"

#include <sys/mman.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exitcode.h"
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
 * The arrays of a plan of a million flows are tens of megabytes each, and
 * their memory is new to the process (malloc maps a block that large of its
 * own): asked for in 2 MiB pages where the kernel gives them on request
 * (transparent huge pages, "madvise"), the first touch costs one fault in
 * 512, and the walks over them miss the TLB far less.  Advice only: where
 * the kernel gives none, nothing changes.
 */
#define XMALLOC_HUGE		(8 * 1024 * 1024)
#define XMALLOC_HUGE_PAGE	((uintptr_t)2 * 1024 * 1024)

static void *
xmalloc_huge(void *p, size_t size)
{
#ifdef MADV_HUGEPAGE
	uintptr_t	start, end;

	if (size < XMALLOC_HUGE)
		return (p);
	start = ((uintptr_t)p + XMALLOC_HUGE_PAGE - 1) &
	    ~(XMALLOC_HUGE_PAGE - 1);
	end = ((uintptr_t)p + size) & ~(XMALLOC_HUGE_PAGE - 1);
	if (end > start)
		(void)madvise((void *)start, end - start, MADV_HUGEPAGE);
#else
	(void)size;
#endif
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
