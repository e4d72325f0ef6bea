/*
 * bcache.c - decoded blocks' transfer lists, kept while they are used:
 * a hash of block numbers, least recently used out once the lists hold
 * more than a set number of transfers. A walk reads a traced address's
 * blocks when it is reached and each transfer again when its turn comes,
 * so the same blocks come back often.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "trace_int.h"

#define NIL	UINT32_MAX

struct bent {
	uint64_t		 block;
	struct trace_transfer	*t;
	size_t			 n;
	int			 has_traces;
	uint32_t		 hnext;		/* hash chain */
	uint32_t		 prev, next;	/* use order: head = newest */
};

struct trace_bcache {
	struct store			*st;
	const struct trace_known	*known;
	size_t				 cap;		/* transfers */
	size_t				 held;

	struct bent			*e;
	uint32_t			 ne, cap_e;
	uint32_t			 free_e;	/* chain via hnext */
	uint32_t			*bucket;
	uint32_t			 mask;
	uint32_t			 head, tail;

	/* every block ever decoded, for the counts */
	uint64_t			*seen;
	size_t				 nseen;
	uint64_t			 seen_mask;

	struct trace_bcache_stats	 stats;
};

static uint32_t
hash64(uint64_t v)
{
	v ^= v >> 33;
	v *= UINT64_C(0xff51afd7ed558ccd);
	v ^= v >> 33;
	return (uint32_t)v;
}

int
trace_bcache_create(struct trace_bcache **out, struct store *st,
    const struct trace_known *known, size_t cap_transfers, struct err *err)
{
	struct trace_bcache *c;

	*out = NULL;
	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		return err_set(err, ERR_SYS, ENOMEM, "out of memory");
	}
	c->st = st;
	c->known = known;
	c->cap = cap_transfers;
	c->mask = 1023;
	c->bucket = malloc((c->mask + 1) * sizeof(*c->bucket));
	c->seen_mask = 1023;
	c->seen = calloc(c->seen_mask + 1, sizeof(*c->seen));
	if (c->bucket == NULL || c->seen == NULL) {
		trace_bcache_destroy(c);
		return err_set(err, ERR_SYS, ENOMEM, "out of memory");
	}
	memset(c->bucket, 0xff, (c->mask + 1) * sizeof(*c->bucket));
	c->free_e = NIL;
	c->head = NIL;
	c->tail = NIL;
	*out = c;
	return 0;
}

void
trace_bcache_destroy(struct trace_bcache *c)
{
	uint32_t i;

	if (c == NULL) {
		return;
	}
	for (i = 0; i < c->ne; i++) {
		free(c->e[i].t);
	}
	free(c->e);
	free(c->bucket);
	free(c->seen);
	free(c);
}

void
trace_bcache_stats(const struct trace_bcache *c,
    struct trace_bcache_stats *out)
{
	*out = c->stats;
}

/* Record block n as decoded. Returns: 1 first time, 0 again, -1. */
static int
seen_add(struct trace_bcache *c, uint64_t n, struct err *err)
{
	uint64_t *old, *v, key, mask, i, j;
	size_t cap;

	key = n + 1;	/* 0 marks an empty slot */
	if ((c->nseen + 1) * 2 > c->seen_mask + 1) {
		cap = (size_t)(c->seen_mask + 1) * 2;
		v = calloc(cap, sizeof(*v));
		if (v == NULL) {
			return err_set(err, ERR_SYS, ENOMEM, "out of memory");
		}
		mask = cap - 1;
		old = c->seen;
		for (i = 0; i <= c->seen_mask; i++) {
			if (old[i] == 0) {
				continue;
			}
			for (j = hash64(old[i]) & mask; v[j] != 0;
			    j = (j + 1) & mask) {
				continue;
			}
			v[j] = old[i];
		}
		free(old);
		c->seen = v;
		c->seen_mask = mask;
	}
	for (i = hash64(key) & c->seen_mask; c->seen[i] != 0;
	    i = (i + 1) & c->seen_mask) {
		if (c->seen[i] == key) {
			return 0;
		}
	}
	c->seen[i] = key;
	c->nseen++;
	return 1;
}

static void
unlink_use(struct trace_bcache *c, uint32_t i)
{
	struct bent *e = &c->e[i];

	if (e->prev != NIL) {
		c->e[e->prev].next = e->next;
	} else {
		c->head = e->next;
	}
	if (e->next != NIL) {
		c->e[e->next].prev = e->prev;
	} else {
		c->tail = e->prev;
	}
	e->prev = NIL;
	e->next = NIL;
}

static void
link_head(struct trace_bcache *c, uint32_t i)
{
	struct bent *e = &c->e[i];

	e->prev = NIL;
	e->next = c->head;
	if (c->head != NIL) {
		c->e[c->head].prev = i;
	}
	c->head = i;
	if (c->tail == NIL) {
		c->tail = i;
	}
}

static void
evict(struct trace_bcache *c, uint32_t i)
{
	uint32_t *p;
	struct bent *e = &c->e[i];

	for (p = &c->bucket[hash64(e->block) & c->mask]; *p != NIL;
	    p = &c->e[*p].hnext) {
		if (*p == i) {
			*p = e->hnext;
			break;
		}
	}
	unlink_use(c, i);
	c->held -= e->n;
	free(e->t);
	e->t = NULL;
	e->n = 0;
	e->hnext = c->free_e;
	c->free_e = i;
}

/* Double the buckets when the chains get long. */
static int
rehash(struct trace_bcache *c, struct err *err)
{
	uint32_t *b, mask, i, h;

	mask = c->mask * 2 + 1;
	b = malloc(((size_t)mask + 1) * sizeof(*b));
	if (b == NULL) {
		return err_set(err, ERR_SYS, ENOMEM, "out of memory");
	}
	memset(b, 0xff, ((size_t)mask + 1) * sizeof(*b));
	for (i = c->head; i != NIL; i = c->e[i].next) {
		h = hash64(c->e[i].block) & mask;
		c->e[i].hnext = b[h];
		b[h] = i;
	}
	free(c->bucket);
	c->bucket = b;
	c->mask = mask;
	return 0;
}

static int
slot(struct trace_bcache *c, uint32_t *out, struct err *err)
{
	struct bent *v;
	uint32_t cap;

	if (c->free_e != NIL) {
		*out = c->free_e;
		c->free_e = c->e[*out].hnext;
		return 0;
	}
	if (c->ne == c->cap_e) {
		cap = c->cap_e != 0 ? 2 * c->cap_e : 256;
		v = realloc(c->e, (size_t)cap * sizeof(*v));
		if (v == NULL) {
			return err_set(err, ERR_SYS, ENOMEM, "out of memory");
		}
		c->e = v;
		c->cap_e = cap;
	}
	*out = c->ne++;
	return 0;
}

/* Decode block n from the store. Returns: 1, 0 not cached, -1. */
static int
decode(struct trace_bcache *c, uint64_t n, struct trace_transfer **t,
    size_t *nt, int *has_traces, struct err *err)
{
	struct eth_receipts rs;
	struct eth_traces ts;
	struct eth_block b;
	uint32_t flags;
	int rc, first;

	rc = store_block_get(c->st, n, &b, &rs, &ts, &flags, err);
	if (rc != 1) {
		return rc;
	}
	rc = trace_block_transfers(&b, (flags & STORE_BLK_HAS_RECEIPTS) ?
	    &rs : NULL, (flags & STORE_BLK_HAS_TRACES) ? &ts : NULL,
	    c->known, t, nt, has_traces, err);
	eth_block_release(&b);
	eth_receipts_release(&rs);
	eth_traces_release(&ts);
	if (rc == -1) {
		return -1;
	}
	c->stats.decodes++;
	first = seen_add(c, n, err);
	if (first == -1) {
		free(*t);
		*t = NULL;
		return -1;
	}
	if (first) {
		c->stats.blocks++;
		c->stats.transfers += *nt;
		c->stats.without_traces += !(flags & STORE_BLK_HAS_TRACES);
		c->stats.without_receipts +=
		    !(flags & STORE_BLK_HAS_RECEIPTS);
	}
	return 1;
}

int
trace_bcache_get(struct trace_bcache *c, uint64_t block,
    const struct trace_transfer **t, size_t *n, int *has_traces,
    struct err *err)
{
	struct trace_transfer *v = NULL;
	struct bent *e;
	uint32_t i, h;
	size_t nv = 0;
	int rc, ht = 0;

	*t = NULL;
	*n = 0;
	for (i = c->bucket[hash64(block) & c->mask]; i != NIL;
	    i = c->e[i].hnext) {
		if (c->e[i].block == block) {
			unlink_use(c, i);
			link_head(c, i);
			*t = c->e[i].t;
			*n = c->e[i].n;
			if (has_traces != NULL) {
				*has_traces = c->e[i].has_traces;
			}
			return 1;
		}
	}
	rc = decode(c, block, &v, &nv, &ht, err);
	if (rc != 1) {
		return rc;
	}
	/* Make room, keeping at least the block being returned. */
	while (c->tail != NIL && c->held + nv > c->cap) {
		evict(c, c->tail);
	}
	if (slot(c, &i, err) == -1) {
		free(v);
		return -1;
	}
	e = &c->e[i];
	e->block = block;
	e->t = v;
	e->n = nv;
	e->has_traces = ht;
	h = hash64(block) & c->mask;
	e->hnext = c->bucket[h];
	c->bucket[h] = i;
	link_head(c, i);
	c->held += nv;
	if (c->ne > 2 * (c->mask + 1) && rehash(c, err) == -1) {
		return -1;
	}
	*t = e->t;
	*n = e->n;
	if (has_traces != NULL) {
		*has_traces = ht;
	}
	return 1;
}
