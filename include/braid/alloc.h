/*
 * alloc.h - allocation wrappers. Out-of-memory aborts here, so callers
 * never check for NULL. Everything returned belongs to the caller.
 */
#ifndef BRAID_ALLOC_H
#define BRAID_ALLOC_H

#include <stddef.h>
#include <stdlib.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Grows an array of `nr` used elements to hold at least `want`; doubles. */
#define ALLOC_GROW(arr, want, alloc)                                        \
	do {                                                                 \
		if ((want) > (alloc)) {                                          \
			size_t alloc_grow_n_ = (alloc) ? (alloc) * 2 : 16;           \
			while (alloc_grow_n_ < (want))                               \
				alloc_grow_n_ *= 2;                                      \
			(arr) = xrealloc((arr), alloc_grow_n_ * sizeof(*(arr)));     \
			(alloc) = alloc_grow_n_;                                     \
		}                                                                \
	} while (0)

#endif
