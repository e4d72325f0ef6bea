/*
 * arena.c - bump allocation in chunks.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define CHUNK_MIN	(64 * 1024)
#define ALIGN		16

struct arena_chunk {
	struct arena_chunk	*next;
	size_t			 size, off;
	_Alignas(ALIGN) unsigned char data[];
};

void
arena_init(struct arena *a, size_t cap)
{
	a->head = NULL;
	a->used = 0;
	a->cap = cap;
}

void
arena_release(struct arena *a)
{
	struct arena_chunk *c, *next;

	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	a->head = NULL;
	a->used = 0;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_chunk *c = a->head;
	size_t need, size;
	void *p;

	need = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	if (need < n || (a->cap != 0 && a->used + need > a->cap)) {
		return NULL;
	}
	if (c == NULL || c->size - c->off < need) {
		size = need > CHUNK_MIN ? need : CHUNK_MIN;
		if (size > SIZE_MAX - sizeof(*c)) {
			return NULL;
		}
		c = malloc(sizeof(*c) + size);
		if (c == NULL) {
			return NULL;
		}
		c->size = size;
		c->off = 0;
		c->next = a->head;
		a->head = c;
	}
	p = c->data + c->off;
	c->off += need;
	a->used += need;
	memset(p, 0, n);
	return p;
}

void *
arena_dup(struct arena *a, const void *p, size_t n)
{
	unsigned char *q = arena_alloc(a, n + 1);

	if (q != NULL && n > 0) {
		memcpy(q, p, n);
	}
	return q;
}
