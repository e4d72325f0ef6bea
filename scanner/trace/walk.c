/*
 * walk.c - the walks over the queued transactions of traced addresses,
 * one whole transaction at a time (its transfers from the block cache):
 * forward in chain order, so that value returning to a tainted sender
 * within the transaction (a swap) can take the share of what it sent
 * out, and an address reached in it takes part in the rest of it;
 * backward in reverse chain order, each sender reached traced back from
 * before the transfer it made.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "trace_int.h"

static int
is_zero(const struct eth_addr *a)
{
	static const struct eth_addr z;

	return memcmp(a->b, z.b, 20) == 0;
}

static int
same(const struct eth_addr *a, const struct eth_addr *b)
{
	return memcmp(a->b, b->b, 20) == 0;
}

/* Copy transaction (block, tx) of the block cache into s->grp. */
static int
load_tx(struct trace_search *s, uint64_t block, uint32_t tx,
    struct err *err)
{
	const struct trace_transfer *t;
	struct trace_gent *v;
	size_t n, j, end, cap;
	int rc;

	s->ngrp = 0;
	rc = trace_bcache_get(s->bc, block, &t, &n, NULL, err);
	if (rc == -1) {
		return -1;
	}
	if (rc == 0) {
		return err_set(err, ERR_STORE, 0,
		    "block %llu is indexed but not cached",
		    (unsigned long long)block);
	}
	j = trace_tx_first(t, n, tx);
	for (end = j; end < n && t[end].tx_index == tx; end++) {
		continue;
	}
	if (end - j > s->cap_grp) {
		cap = end - j;
		v = realloc(s->grp, cap * sizeof(*v));
		if (v == NULL) {
			return err_set(err, ERR_SYS, ENOMEM, "out of memory");
		}
		s->grp = v;
		s->cap_grp = cap;
	}
	for (; j < end; j++) {
		memset(&s->grp[s->ngrp], 0, sizeof(s->grp[s->ngrp]));
		s->grp[s->ngrp++].t = t[j];
	}
	return 0;
}

/* Whether address a sends anything in the transaction being walked. */
static int
sends_in_grp(const struct trace_search *s, const struct eth_addr *a)
{
	size_t i;

	for (i = 0; i < s->ngrp; i++) {
		if (same(&s->grp[i].t.from, a)) {
			return 1;
		}
	}
	return 0;
}

static int
any_taint(const struct trace_search *s, const struct u256 *taint)
{
	int m;

	for (m = 0; m < TRACE_NMODELS; m++) {
		if ((s->models & (1u << m)) && !u256_is_zero(&taint[m])) {
			return 1;
		}
	}
	return 0;
}

/* Credit t to traced node n; a first tainted one of its asset from
 * parent (via: not a return) is kept for the paths. */
static int
credit(struct trace_search *s, uint32_t n, const struct trace_transfer *t,
    const struct u256 *taint, const struct trace_lots *segs, int via,
    uint32_t parent, struct err *err)
{
	struct trace_acct *a;
	struct trace_key k;

	a = trace_node_acct(s, n, &t->asset, err);
	if (a == NULL) {
		return -1;
	}
	if (via && !a->has_via && any_taint(s, taint)) {
		a->has_via = 1;
		a->via = *t;
		a->via_parent = parent;
	}
	trace_key_of(&k, t);
	return trace_acct_in(a, s->models, &k, &t->amount, taint, segs, err);
}

/* Forward: transfer i of the transaction (seed: a tx seed's). */
static int
eval_fwd(struct trace_search *s, size_t i, uint32_t seed, struct err *err)
{
	static const struct u256 none[TRACE_NMODELS];
	struct u256 taint[TRACE_NMODELS];
	struct trace_transfer t = s->grp[i].t;
	struct trace_acct *a = NULL;
	struct trace_key k;
	uint32_t x, y, hops, parent;
	int m, all, carries, below;

	if (same(&t.from, &t.to)) {
		return 0;
	}
	all = seed != TRACE_NONE;
	x = trace_node_find(s, &t.from);
	if (x != TRACE_NONE && s->nodes[x].state != TRACE_N_TRACED) {
		x = TRACE_NONE;
	}
	y = trace_node_find(s, &t.to);
	if (!all && x == TRACE_NONE &&
	    (y == TRACE_NONE || s->nodes[y].state != TRACE_N_TRACED)) {
		return 0;	/* no traced address in it (yet) */
	}
	s->res->edges++;
	s->grp[i].done = 1;
	trace_key_of(&k, &t);
	trace_lots_clear(&s->segs);
	if (x != TRACE_NONE) {
		a = trace_node_acct(s, x, &t.asset, err);
		if (a == NULL) {
			return -1;
		}
	}
	if (trace_acct_out(a, s->models, x != TRACE_NONE &&
	    s->nodes[x].is_seed, &k, &t.amount, taint, &s->segs, err) == -1) {
		return -1;
	}
	if (all) {
		/* A tx seed's transfer is tainted in full. */
		trace_lots_clear(&s->segs);
		if (trace_acct_out(NULL, s->models, 1, &k, &t.amount, taint,
		    &s->segs, err) == -1) {
			return -1;
		}
	}
	for (m = 0; m < TRACE_NMODELS; m++) {
		s->grp[i].taint[m] = taint[m];
	}
	carries = any_taint(s, taint);
	below = trace_below(s->q->dust, s->q->ndust, &t) ? TRACE_STOP_DUST :
	    trace_below(s->q->min_value, s->q->nmin_value, &t) ?
	    TRACE_STOP_MIN_VALUE : 0;
	if (is_zero(&t.to)) {
		return 0;
	}
	parent = all ? TRACE_NONE : x;
	hops = all || x == TRACE_NONE ? 1 : s->nodes[x].hops + 1;
	if (!all) {
		seed = x != TRACE_NONE ? s->nodes[x].seed : TRACE_NONE;
	}
	if (y != TRACE_NONE) {
		switch (s->nodes[y].state) {
		case TRACE_N_TRACED:
			if (s->nodes[y].is_seed) {
				return 0;
			}
			if (!carries && sends_in_grp(s, &t.to)) {
				/* A return: credited after the tx. */
				s->grp[i].deferred = 1;
				return 0;
			}
			if (below) {
				return credit(s, y, &t, none, NULL, 0, parent,
				    err);
			}
			return credit(s, y, &t, taint, &s->segs, 1, parent,
			    err);
		case TRACE_N_END:
			return trace_end_add(s, y, parent, seed, &t,
			    carries && !below, taint, err);
		case TRACE_N_HALT:
			return 0;
		default:
			break;
		}
	}
	if (!carries || seed == TRACE_NONE) {
		return 0;
	}
	if (trace_node_get(s, &t.to, &y, err) == -1) {
		return -1;
	}
	if (below) {
		trace_stop_at(s, y, (enum trace_stop)below, &t);
		return 0;
	}
	return trace_reach(s, y, hops, parent, seed, &t, taint, &s->segs,
	    err);
}

/*
 * The share, per model, of what address a sent out in the transaction:
 * tainted / sent, per asset, the largest over the assets it sent.
 */
static void
out_share(const struct trace_search *s, const struct eth_addr *a,
    struct u256 num[TRACE_NMODELS], struct u256 den[TRACE_NMODELS])
{
	struct u256 sn[TRACE_NMODELS], sd;
	const struct trace_gent *g, *h;
	size_t i, j;
	int m, dup;

	for (m = 0; m < TRACE_NMODELS; m++) {
		u256_zero(&num[m]);
		u256_from_u64(&den[m], 1);
	}
	for (i = 0; i < s->ngrp; i++) {
		g = &s->grp[i];
		if (!g->done || g->deferred || !same(&g->t.from, a) ||
		    same(&g->t.to, a)) {
			continue;
		}
		for (j = 0, dup = 0; j < i && !dup; j++) {
			h = &s->grp[j];
			dup = h->done && !h->deferred &&
			    same(&h->t.from, a) && !same(&h->t.to, a) &&
			    same(&h->t.asset, &g->t.asset);
		}
		if (dup) {
			continue;	/* that asset is summed already */
		}
		u256_zero(&sd);
		for (m = 0; m < TRACE_NMODELS; m++) {
			u256_zero(&sn[m]);
		}
		for (j = i; j < s->ngrp; j++) {
			h = &s->grp[j];
			if (!h->done || h->deferred ||
			    !same(&h->t.from, a) || same(&h->t.to, a) ||
			    !same(&h->t.asset, &g->t.asset)) {
				continue;
			}
			trace_add_sat(&sd, &h->t.amount);
			for (m = 0; m < TRACE_NMODELS; m++) {
				trace_add_sat(&sn[m], &h->taint[m]);
			}
		}
		if (u256_is_zero(&sd)) {
			continue;
		}
		for (m = 0; m < TRACE_NMODELS; m++) {
			if (trace_frac_cmp(&sn[m], &sd, &num[m], &den[m]) > 0) {
				num[m] = sn[m];
				den[m] = sd;
			}
		}
	}
}

/* Credit the returns of the transaction with the swap rule. */
static int
returns(struct trace_search *s, struct err *err)
{
	struct u256 num[TRACE_NMODELS], den[TRACE_NMODELS];
	struct u256 taint[TRACE_NMODELS];
	struct trace_gent *g;
	uint32_t y;
	size_t i;
	int m;

	for (i = 0; i < s->ngrp; i++) {
		g = &s->grp[i];
		if (!g->deferred) {
			continue;
		}
		y = trace_node_find(s, &g->t.to);
		out_share(s, &g->t.to, num, den);
		for (m = 0; m < TRACE_NMODELS; m++) {
			u256_zero(&taint[m]);
			if ((s->models & (1u << m)) &&
			    trace_muldiv(&taint[m], &g->t.amount, &num[m],
			    &den[m]) == -1) {
				u256_zero(&taint[m]);
			}
			g->taint[m] = taint[m];
		}
		if (trace_below(s->q->dust, s->q->ndust, &g->t) ||
		    trace_below(s->q->min_value, s->q->nmin_value, &g->t)) {
			for (m = 0; m < TRACE_NMODELS; m++) {
				u256_zero(&taint[m]);
			}
		}
		if (credit(s, y, &g->t, taint, NULL, 0, TRACE_NONE,
		    err) == -1) {
			return -1;
		}
	}
	return 0;
}

/* Backward: transfer i of the transaction (seed: a tx seed's). */
static int
eval_back(struct trace_search *s, size_t i, uint32_t seed, struct err *err)
{
	struct u256 taint[TRACE_NMODELS];
	struct trace_transfer t = s->grp[i].t;
	struct trace_key k;
	uint32_t x, y, hops, parent;
	int below;

	if (same(&t.from, &t.to) || is_zero(&t.from)) {
		return 0;
	}
	trace_key_of(&k, &t);
	y = trace_node_find(s, &t.to);
	if (seed != TRACE_NONE) {
		parent = TRACE_NONE;
		hops = 1;
	} else if (y != TRACE_NONE && s->nodes[y].state == TRACE_N_TRACED &&
	    trace_key_cmp(&k, &s->nodes[y].bound) < 0) {
		parent = y;
		seed = s->nodes[y].seed;
		hops = s->nodes[y].hops + 1;
	} else {
		return 0;
	}
	s->res->edges++;
	memset(taint, 0, sizeof(taint));
	taint[0] = t.amount;
	below = trace_below(s->q->dust, s->q->ndust, &t) ? TRACE_STOP_DUST :
	    trace_below(s->q->min_value, s->q->nmin_value, &t) ?
	    TRACE_STOP_MIN_VALUE : 0;
	x = trace_node_find(s, &t.from);
	if (x != TRACE_NONE && s->nodes[x].state == TRACE_N_END) {
		return trace_end_add(s, x, parent, seed, &t, !below, taint,
		    err);
	}
	if (x != TRACE_NONE && s->nodes[x].state != TRACE_N_SEEN) {
		return 0;
	}
	if (trace_node_get(s, &t.from, &x, err) == -1) {
		return -1;
	}
	if (below) {
		trace_stop_at(s, x, (enum trace_stop)below, &t);
		return 0;
	}
	return trace_reach(s, x, hops, parent, seed, &t, taint, NULL, err);
}

int
trace_walk(struct trace_search *s, struct err *err)
{
	struct trace_ent e, f;
	size_t i;

	while (s->nheap > 0) {
		trace_take(s, &e);
		/* Several addresses may have queued the same one. */
		while (s->nheap > 0 && s->heap[0].k.block == e.k.block &&
		    s->heap[0].k.tx == e.k.tx) {
			trace_take(s, &f);
			if (e.seed == TRACE_NONE) {
				e.seed = f.seed;
			}
		}
		if (load_tx(s, e.k.block, e.k.tx, err) == -1) {
			return -1;
		}
		if (!s->forward) {
			for (i = s->ngrp; i > 0; i--) {
				if (eval_back(s, i - 1, e.seed, err) == -1) {
					return -1;
				}
			}
			continue;
		}
		for (i = 0; i < s->ngrp; i++) {
			if (eval_fwd(s, i, e.seed, err) == -1) {
				return -1;
			}
		}
		if (returns(s, err) == -1) {
			return -1;
		}
	}
	return 0;
}
