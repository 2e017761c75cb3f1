/*
 * hugepage.h: large arrays backed by huge pages where the system hands
 * them out on request (transparent huge pages in "madvise" mode).
 *
 * A table of a million flows touches some hundred thousand fresh pages as
 * it grows; each first touch is a page fault, and on a virtual machine a
 * slow one.  Asking for huge pages over such an array makes that a fault
 * every 2 MiB.  Only advice: nothing changes where it is not taken.
 * xmalloc.c asks for every block of HUGEPAGE_MIN or more.
 */
#ifndef HUGEPAGE_H
#define HUGEPAGE_H

#include <stddef.h>

/* Smallest array worth the advice, in bytes. */
#define HUGEPAGE_MIN	(4 * 1024 * 1024)

/* A huge page's size: blocks of it come whole from hugepage_alloc. */
#define HUGEPAGE_SIZE	(2 * 1024 * 1024)

/* Ask for huge pages over the whole pages of p[0..len). */
void	hugepage_advise(void *, size_t);
/*
 * len bytes (never NULL), aligned to HUGEPAGE_SIZE and advised if len is
 * HUGEPAGE_SIZE or more, so that the first touch of each 2 MiB is the
 * only page fault there; freed with free().
 */
void	*hugepage_alloc(size_t);

#endif
