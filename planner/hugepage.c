/*
 * hugepage.c: huge-page advice over large arrays (hugepage.h).
 */
#include "config.h"

#include <sys/mman.h>

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "hugepage.h"
#include "xmalloc.h"

void
hugepage_advise(void *p, size_t len)
{
#ifdef MADV_HUGEPAGE
	uintptr_t	a = (uintptr_t)p, e = a + len, page;
	long		n;

	if (p == NULL || len < HUGEPAGE_MIN)
		return;
	/* Asked on each call: it is rare (an array grown), and no state. */
	page = (n = sysconf(_SC_PAGESIZE)) > 0 ? (uintptr_t)n : 4096;
	/*
	 * The whole pages the array is on, not only its 2 MiB ones: advice
	 * over part of a mapping splits it, and realloc can no longer move
	 * a split mapping (mremap) but copies it.
	 */
	a &= ~(page - 1);
	e = (e + page - 1) & ~(page - 1);
	(void)madvise((void *)a, e - a, MADV_HUGEPAGE);
#else
	(void)p;
	(void)len;
#endif
}

void *
hugepage_alloc(size_t len)
{
	void	*p;
	size_t	 n;

	if (len < HUGEPAGE_SIZE)
		return (xmalloc(len));
	/* aligned_alloc wants a multiple of the alignment. */
	n = (len + HUGEPAGE_SIZE - 1) & ~(size_t)(HUGEPAGE_SIZE - 1);
	if (n < len || (p = aligned_alloc(HUGEPAGE_SIZE, n)) == NULL)
		fatalx("out of memory allocating %zu bytes", len);
#ifdef MADV_HUGEPAGE
	(void)madvise(p, n, MADV_HUGEPAGE);
#endif
	return (p);
}
