/*
 * eth.c - releasing decoded Ethereum objects.
 */
#include <string.h>

#include "eth.h"

void
eth_block_release(struct eth_block *b)
{
	if (b == NULL) {
		return;
	}
	arena_release(&b->arena);
	memset(b, 0, sizeof(*b));
}

void
eth_receipts_release(struct eth_receipts *r)
{
	if (r == NULL) {
		return;
	}
	arena_release(&r->arena);
	memset(r, 0, sizeof(*r));
}

void
eth_traces_release(struct eth_traces *t)
{
	if (t == NULL) {
		return;
	}
	arena_release(&t->arena);
	memset(t, 0, sizeof(*t));
}
