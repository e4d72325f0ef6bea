/*
 * nodes.c - the search's bookkeeping: the addresses met (a hash of
 * nodes with their per-asset accounts), the heap of queued transactions,
 * what ends a path (end accounts) and what is listed as stopped.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "trace_int.h"

static uint32_t
addr_hash(const struct eth_addr *a)
{
	uint64_t v, w;

	memcpy(&v, a->b, 8);
	memcpy(&w, a->b + 12, 8);
	v ^= w * UINT64_C(0x9e3779b97f4a7c15);
	v ^= v >> 31;
	v *= UINT64_C(0xbf58476d1ce4e5b9);
	v ^= v >> 29;
	return (uint32_t)v;
}

uint32_t
trace_node_find(struct trace_search *s, const struct eth_addr *a)
{
	uint32_t i, v;

	if (s->tab == NULL) {
		return TRACE_NONE;
	}
	for (i = addr_hash(a) & s->tab_mask; s->tab[i] != 0;
	    i = (i + 1) & s->tab_mask) {
		v = s->tab[i] - 1;
		if (memcmp(s->nodes[v].addr.b, a->b, 20) == 0) {
			return v;
		}
	}
	return TRACE_NONE;
}

static int
tab_grow(struct trace_search *s, struct err *err)
{
	uint32_t *tab, mask, j, v;

	mask = s->tab != NULL ? s->tab_mask * 2 + 1 : 1023;
	tab = calloc((size_t)mask + 1, sizeof(*tab));
	if (tab == NULL) {
		return err_set(err, ERR_SYS, ENOMEM, "out of memory");
	}
	for (v = 0; v < s->nnodes; v++) {
		for (j = addr_hash(&s->nodes[v].addr) & mask; tab[j] != 0;
		    j = (j + 1) & mask) {
			continue;
		}
		tab[j] = v + 1;
	}
	free(s->tab);
	s->tab = tab;
	s->tab_mask = mask;
	return 0;
}

/* Find or add the node of address a. */
int
trace_node_get(struct trace_search *s, const struct eth_addr *a,
    uint32_t *out, struct err *err)
{
	struct trace_node *v, *n;
	uint32_t i, cap;

	*out = trace_node_find(s, a);
	if (*out != TRACE_NONE) {
		return 0;
	}
	if (s->tab == NULL || (s->nnodes + 1) * 2 > s->tab_mask + 1) {
		if (tab_grow(s, err) == -1) {
			return -1;
		}
	}
	if (s->nnodes == s->cap_nodes) {
		cap = s->cap_nodes != 0 ? 2 * s->cap_nodes : 256;
		v = realloc(s->nodes, (size_t)cap * sizeof(*v));
		if (v == NULL) {
			return err_set(err, ERR_SYS, ENOMEM, "out of memory");
		}
		s->nodes = v;
		s->cap_nodes = cap;
	}
	n = &s->nodes[s->nnodes];
	memset(n, 0, sizeof(*n));
	n->addr = *a;
	n->parent = TRACE_NONE;
	n->seed = TRACE_NONE;
	n->ends = TRACE_NONE;
	for (i = addr_hash(a) & s->tab_mask; s->tab[i] != 0;
	    i = (i + 1) & s->tab_mask) {
		continue;
	}
	s->tab[i] = s->nnodes + 1;
	*out = s->nnodes++;
	return 0;
}

struct trace_acct *
trace_node_acct(struct trace_search *s, uint32_t n,
    const struct eth_addr *asset, struct err *err)
{
	struct trace_node *nd = &s->nodes[n];
	struct trace_acct *v;
	uint32_t i, cap;

	for (i = 0; i < nd->nacct; i++) {
		if (memcmp(nd->acct[i].asset.b, asset->b, 20) == 0) {
			return &nd->acct[i];
		}
	}
	if (nd->nacct == nd->cap_acct) {
		cap = nd->cap_acct != 0 ? 2 * nd->cap_acct : 2;
		v = realloc(nd->acct, (size_t)cap * sizeof(*v));
		if (v == NULL) {
			err_set(err, ERR_SYS, ENOMEM, "out of memory");
			return NULL;
		}
		nd->acct = v;
		nd->cap_acct = cap;
	}
	v = &nd->acct[nd->nacct++];
	memset(v, 0, sizeof(*v));
	v->asset = *asset;
	return v;
}

void
trace_node_release(struct trace_node *nd)
{
	uint32_t i;

	free(nd->queue);
	nd->queue = NULL;
	nd->nqueue = 0;
	for (i = 0; i < nd->nacct; i++) {
		trace_acct_release(&nd->acct[i]);
	}
	free(nd->acct);
	nd->acct = NULL;
	nd->nacct = 0;
	nd->cap_acct = 0;
}

int
trace_below(const struct trace_threshold *th, size_t n,
    const struct trace_transfer *t)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (memcmp(th[i].asset.b, t->asset.b, 20) == 0 &&
		    u256_cmp(&t->amount, &th[i].amount) < 0) {
			return 1;
		}
	}
	return 0;
}

int
trace_is_weth(const struct trace_search *s, const struct eth_addr *a)
{
	size_t i;

	for (i = 0; i < s->known->nweth; i++) {
		if (memcmp(s->known->weth[i].b, a->b, 20) == 0) {
			return 1;
		}
	}
	return 0;
}

int
trace_is_known(const struct trace_search *s, const struct eth_addr *a)
{
	size_t i;

	if (trace_is_weth(s, a)) {
		return 1;
	}
	for (i = 0; i < s->known->npools; i++) {
		if (memcmp(s->known->pools[i].address.b, a->b, 20) == 0) {
			return 1;
		}
	}
	return 0;
}

/* The heap: earliest first forward, latest first backward. */
static int
ent_before(const struct trace_search *s, const struct trace_ent *a,
    const struct trace_ent *b)
{
	int c = trace_key_cmp(&a->k, &b->k);

	return s->forward ? c < 0 : c > 0;
}

int
trace_push(struct trace_search *s, const struct trace_ent *e,
    struct err *err)
{
	struct trace_ent *v, tmp;
	size_t i, p, cap;

	if (s->nheap == s->cap_heap) {
		cap = s->cap_heap != 0 ? 2 * s->cap_heap : 1024;
		v = realloc(s->heap, cap * sizeof(*v));
		if (v == NULL) {
			return err_set(err, ERR_SYS, ENOMEM, "out of memory");
		}
		s->heap = v;
		s->cap_heap = cap;
	}
	i = s->nheap++;
	s->heap[i] = *e;
	while (i > 0) {
		p = (i - 1) / 2;
		if (!ent_before(s, &s->heap[i], &s->heap[p])) {
			break;
		}
		tmp = s->heap[i];
		s->heap[i] = s->heap[p];
		s->heap[p] = tmp;
		i = p;
	}
	return 0;
}

void
trace_take(struct trace_search *s, struct trace_ent *e)
{
	struct trace_node *nd = NULL;
	struct trace_ent tmp;
	size_t i, l, r, m;

	*e = s->heap[0];
	if (e->node != TRACE_NONE) {
		nd = &s->nodes[e->node];
		nd->qpos++;
	}
	if (nd != NULL && nd->qpos < nd->nqueue) {
		s->heap[0].k.block = nd->queue[nd->qpos].block;
		s->heap[0].k.tx = nd->queue[nd->qpos].tx;
	} else {
		s->heap[0] = s->heap[--s->nheap];
		if (nd != NULL) {
			free(nd->queue);
			nd->queue = NULL;
			nd->nqueue = 0;
		}
	}
	i = 0;
	for (;;) {
		l = 2 * i + 1;
		r = l + 1;
		m = i;
		if (l < s->nheap && ent_before(s, &s->heap[l], &s->heap[m])) {
			m = l;
		}
		if (r < s->nheap && ent_before(s, &s->heap[r], &s->heap[m])) {
			m = r;
		}
		if (m == i) {
			break;
		}
		tmp = s->heap[i];
		s->heap[i] = s->heap[m];
		s->heap[m] = tmp;
		i = m;
	}
}

size_t
trace_tx_first(const struct trace_transfer *t, size_t n, uint32_t tx)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (t[mid].tx_index < tx) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return lo;
}

void
trace_stop_at(struct trace_search *s, uint32_t n, enum trace_stop reason,
    const struct trace_transfer *via)
{
	struct trace_node *nd = &s->nodes[n];

	if (nd->state == TRACE_N_SEEN && nd->stop == 0) {
		nd->stop = (uint8_t)reason;
		nd->via = *via;
	}
}

int
trace_end_add(struct trace_search *s, uint32_t n, uint32_t parent,
    uint32_t seed, const struct trace_transfer *t, int tainted,
    const struct u256 taint[TRACE_NMODELS], struct err *err)
{
	struct trace_endacc *e = NULL, *v;
	uint32_t i, cap;
	int m;

	for (i = s->nodes[n].ends; i != TRACE_NONE; i = s->ends[i].next) {
		if (memcmp(s->ends[i].asset.b, t->asset.b, 20) == 0) {
			e = &s->ends[i];
			break;
		}
	}
	if (e == NULL) {
		if (s->nends == s->cap_ends) {
			cap = s->cap_ends != 0 ? 2 * s->cap_ends : 64;
			v = realloc(s->ends, (size_t)cap * sizeof(*v));
			if (v == NULL) {
				return err_set(err, ERR_SYS, ENOMEM,
				    "out of memory");
			}
			s->ends = v;
			s->cap_ends = cap;
		}
		e = &s->ends[s->nends];
		memset(e, 0, sizeof(*e));
		e->node = n;
		e->asset = t->asset;
		e->next = s->nodes[n].ends;
		s->nodes[n].ends = s->nends++;
	}
	trace_add_sat(&e->in, &t->amount);
	if (!tainted) {
		return 0;
	}
	for (m = 0; m < TRACE_NMODELS; m++) {
		trace_add_sat(&e->taint[m], &taint[m]);
	}
	if (!e->has_via) {
		e->has_via = 1;
		e->via = *t;
		e->parent = parent;
		e->seed = seed;
	}
	return 0;
}
