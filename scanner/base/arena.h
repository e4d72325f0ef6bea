/*
 * arena.h - a bump allocator that owns everything decoded from one node
 * response (a block and its transactions, a receipt set): one free releases
 * it all. Allocation fails cleanly at a caller-set cap.
 */
#ifndef SCANNER_ARENA_H
#define SCANNER_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk	*head;
	size_t			 used;		/* bytes handed out so far */
	size_t			 cap;		/* 0: no cap */
};

/* Start empty; cap bounds the total (0 = none). */
void	arena_init(struct arena *a, size_t cap);
/* Free every chunk; the arena is empty again. Accepts a zeroed arena. */
void	arena_release(struct arena *a);
/*
 * Returns: n zeroed bytes aligned for any type, valid until
 *          arena_release(); NULL when out of memory or past the cap.
 */
void	*arena_alloc(struct arena *a, size_t n);
/* Returns: a copy of n bytes (NUL-terminated), or NULL. */
void	*arena_dup(struct arena *a, const void *p, size_t n);

#endif
