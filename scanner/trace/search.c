/*
 * search.c - trace_run: the seeds, the addresses reached (a hash of
 * nodes), how an address is expanded from the address index (its entries
 * in the window, its blocks decoded, its earlier transfers as its clean
 * starting balance, its later ones queued for the walk), the watchlist
 * ends and hubs, and the result. The walks themselves are in walk.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "hex.h"
#include "trace_int.h"
#include "wl.h"

/*
 * Decoded transfers kept in memory at most (about 150 bytes each). The
 * walk reads blocks in order, so a few suffice; haircut and fifo also
 * read each address's earlier blocks, at random.
 */
#define BCACHE_WALK		(1u << 16)
#define BCACHE_BALANCES		(1u << 19)
#define LISTINGS_MAX		64

void
trace_query_init(struct trace_query *q)
{
	memset(q, 0, sizeof(*q));
	q->direction = TRACE_FORWARD;
	q->hops = 5;
	q->from_block = 0;
	q->to_block = UINT64_MAX;
	q->models = TRACE_POISON;
	q->max_nodes = 100000;
	q->hub_degree = 200;
	q->at = DATE_NONE;
	q->known = NULL;
}

struct xlist {
	struct trace_xent	*v;
	size_t		 n, cap, limit;
	uint64_t	 entries;
	int		 logs, over, nomem;
	const struct trace_query *q;	/* q->blocks: the blocks read */
};

static int
u64_cmp(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;

	return (a > b) - (a < b);
}

/* Whether block may be read: any, or one of q->blocks. */
static int
allowed(const struct trace_query *q, uint64_t block)
{
	return q->blocks == NULL || bsearch(&block, q->blocks, q->nblocks,
	    sizeof(block), u64_cmp) != NULL;
}

static int
xlist_add(struct xlist *l, uint64_t block, uint32_t tx)
{
	struct trace_xent *v;
	size_t cap;

	if (l->n == l->cap) {
		cap = l->cap != 0 ? 2 * l->cap : 64;
		v = realloc(l->v, cap * sizeof(*v));
		if (v == NULL) {
			l->nomem = 1;
			return 1;
		}
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n].block = block;
	l->v[l->n].tx = tx;
	l->n++;
	return 0;
}

/* The index entries that can name a transfer of the address. */
static int
entry_cb(void *ctx, uint64_t block, uint32_t tx, enum store_role role)
{
	struct xlist *l = ctx;

	if (role == STORE_ROLE_MINER || role == STORE_ROLE_WITHDRAWAL ||
	    tx == STORE_TX_NONE || (role == STORE_ROLE_LOG && !l->logs) ||
	    !allowed(l->q, block)) {
		return 0;
	}
	l->entries++;
	if (l->n > 0 && l->v[l->n - 1].block == block &&
	    l->v[l->n - 1].tx == tx) {
		return 0;
	}
	if (l->n >= l->limit) {
		l->over = 1;
		return 1;
	}
	return xlist_add(l, block, tx);
}

static int
xent_cmp(const void *pa, const void *pb)
{
	const struct trace_xent *a = pa, *b = pb;

	if (a->block != b->block) {
		return a->block < b->block ? -1 : 1;
	}
	return a->tx < b->tx ? -1 : a->tx > b->tx;
}

static int
addr_cmp(const void *a, const void *b)
{
	return memcmp(a, b, sizeof(struct eth_addr));
}

static int
supp_cmp(const void *pa, const void *pb)
{
	const struct trace_supp *a = pa, *b = pb;
	int c = memcmp(a->to.b, b->to.b, 20);

	if (c != 0) {
		return c;
	}
	if (a->block != b->block) {
		return a->block < b->block ? -1 : 1;
	}
	return a->tx < b->tx ? -1 : a->tx > b->tx;
}

/* Add the pool withdrawals to a that the index may not name. */
static int
add_supp(struct trace_search *s, const struct eth_addr *a, struct xlist *l)
{
	size_t lo = 0, hi = s->nsupp, mid, n0 = l->n;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (memcmp(s->supp[mid].to.b, a->b, 20) < 0) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	for (; lo < s->nsupp && memcmp(s->supp[lo].to.b, a->b, 20) == 0;
	    lo++) {
		if (xlist_add(l, s->supp[lo].block, s->supp[lo].tx) != 0) {
			return -1;
		}
	}
	if (l->n > n0) {
		qsort(l->v, l->n, sizeof(*l->v), xent_cmp);
	}
	return 0;
}

/* Forward: what a transfer before the address was reached did to its
 * balance (all clean then). */
static int
prehistory(struct trace_search *s, uint32_t n, const struct trace_transfer *t,
    struct err *err)
{
	static const struct u256 none[TRACE_NMODELS];
	struct u256 taint[TRACE_NMODELS];
	struct trace_acct *a;
	struct trace_key k;

	a = trace_node_acct(s, n, &t->asset, err);
	if (a == NULL) {
		return -1;
	}
	trace_key_of(&k, t);
	if (memcmp(t->to.b, s->nodes[n].addr.b, 20) == 0) {
		return trace_acct_in(a, s->models, &k, &t->amount, none, NULL,
		    err);
	}
	return trace_acct_out(a, s->models, 0, &k, &t->amount, taint, NULL,
	    err);
}

/* Compare transaction e with position k, ignoring the order in it. */
static int
tx_cmp(const struct trace_xent *e, const struct trace_key *k)
{
	if (e->block != k->block) {
		return e->block < k->block ? -1 : 1;
	}
	return e->tx < k->tx ? -1 : e->tx > k->tx;
}

/* Forward, haircut and fifo: the address's transfers before k in the
 * window make its starting balance (their blocks are read for it). */
static int
starting_balance(struct trace_search *s, uint32_t n, const struct xlist *l,
    const struct trace_key *k, struct err *err)
{
	const struct trace_transfer *t;
	struct eth_addr a = s->nodes[n].addr;
	struct trace_key tk;
	size_t i, j, nt;

	for (i = 0; i < l->n && tx_cmp(&l->v[i], k) <= 0; i++) {
		if (trace_bcache_get(s->bc, l->v[i].block, &t, &nt, NULL,
		    err) == -1) {
			return -1;
		}
		for (j = trace_tx_first(t, nt, l->v[i].tx);
		    j < nt && t[j].tx_index == l->v[i].tx; j++) {
			trace_key_of(&tk, &t[j]);
			if (trace_key_cmp(&tk, k) >= 0) {
				break;
			}
			if ((memcmp(t[j].from.b, a.b, 20) == 0) ==
			    (memcmp(t[j].to.b, a.b, 20) == 0)) {
				continue;	/* not its, or to itself */
			}
			if (prehistory(s, n, &t[j], err) == -1) {
				return -1;
			}
		}
	}
	return 0;
}

/*
 * Expand node n, reached at k: read its index entries in the window
 * (with the pool withdrawals the index lacks) and queue its transactions
 * after k (forward) or before k (backward); all of them for a seed (all).
 * More than hub_degree transactions make a hub, seeds excepted.
 * Returns: 0 expanded; 1 a hub (nothing queued); -1 with err.
 */
static int
expand(struct trace_search *s, uint32_t n, const struct trace_key *k,
    int all, struct err *err)
{
	struct trace_xent x;
	struct trace_ent e;
	struct eth_addr a;
	struct xlist l;
	size_t i, j;
	int c, ret = -1, seed;

	memset(&l, 0, sizeof(l));
	a = s->nodes[n].addr;
	seed = s->nodes[n].is_seed;
	if (!seed && s->nhubs > 0 && bsearch(&a, s->hubs, s->nhubs,
	    sizeof(a), addr_cmp) != NULL) {
		return 1;
	}
	l.logs = trace_is_known(s, &a);
	l.q = s->q;
	l.limit = seed ? SIZE_MAX : (size_t)s->hub_degree + 1;
	if (store_addr_each(s->st, &a, s->q->from_block, s->q->to_block,
	    entry_cb, &l, err) == -1) {
		goto out;
	}
	s->res->index_entries += l.entries;
	if (l.nomem || add_supp(s, &a, &l) == -1) {
		err_set(err, ERR_SYS, ENOMEM, "out of memory");
		goto out;
	}
	/* Distinct transactions (a pool payout may repeat an entry). */
	for (i = 1, c = 0; i < l.n; i++) {
		c += l.v[i].block == l.v[i - 1].block &&
		    l.v[i].tx == l.v[i - 1].tx;
	}
	if (!seed && l.n - (size_t)c > s->hub_degree) {
		ret = 1;
		goto out;
	}
	if (s->forward && !all && (s->models & (TRACE_HAIRCUT | TRACE_FIFO)) &&
	    starting_balance(s, n, &l, k, err) == -1) {
		goto out;
	}
	/* Keep its transactions after k (forward) or before it (backward;
	   latest first), each once: the transaction of k is being walked
	   now. */
	for (i = 0, j = 0; i < l.n; i++) {
		if (i > 0 && l.v[i].block == l.v[i - 1].block &&
		    l.v[i].tx == l.v[i - 1].tx) {
			continue;
		}
		c = tx_cmp(&l.v[i], k);
		if (all || (s->forward ? c > 0 : c < 0)) {
			l.v[j++] = l.v[i];
		}
	}
	for (i = 0; !s->forward && i < j / 2; i++) {
		x = l.v[i];
		l.v[i] = l.v[j - 1 - i];
		l.v[j - 1 - i] = x;
	}
	ret = 0;
	if (j == 0) {
		goto out;
	}
	e.k.block = l.v[0].block;
	e.k.tx = l.v[0].tx;
	e.k.order = 0;
	e.node = n;
	e.seed = TRACE_NONE;
	if (trace_push(s, &e, err) == -1) {
		ret = -1;
		goto out;
	}
	s->nodes[n].queue = l.v;
	s->nodes[n].nqueue = (uint32_t)j;
	s->nodes[n].qpos = 0;
	l.v = NULL;
out:
	free(l.v);
	return ret;
}

static void
copy_str(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);

	if (n >= cap) {
		n = cap - 1;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/*
 * Whether node n ends a path on day: an active listing of a hit
 * category first, else of exchange or service (a cash-out).
 * Returns: TRACE_END_HIT, TRACE_END_CASHOUT, 0, or -1 with err.
 */
static int
listing(struct trace_search *s, uint32_t n, int32_t day, struct err *err)
{
	struct store_listing buf[LISTINGS_MAX], *l = buf, *pick = NULL;
	struct trace_node *nd = &s->nodes[n];
	struct addr key;
	size_t cnt, i;
	int rc, end = 0;

	addr_from_eth(&key, &nd->addr);
	rc = store_wl_lookup(s->rd, &key, buf, LISTINGS_MAX, &cnt, err);
	if (rc != 1) {
		return rc;
	}
	if (cnt > LISTINGS_MAX) {
		l = calloc(cnt, sizeof(*l));
		if (l == NULL) {
			return err_set(err, ERR_SYS, ENOMEM, "out of memory");
		}
		rc = store_wl_lookup(s->rd, &key, l, cnt, &cnt, err);
		if (rc != 1) {
			free(l);
			return rc;
		}
	}
	for (i = 0; i < cnt; i++) {
		if (!wl_listing_active(&l[i], day)) {
			continue;
		}
		if (wl_category_is_hit(l[i].category)) {
			pick = &l[i];
			end = TRACE_END_HIT;
			break;
		}
		if (pick == NULL && (l[i].category == WL_EXCHANGE ||
		    l[i].category == WL_SERVICE)) {
			pick = &l[i];
			end = TRACE_END_CASHOUT;
		}
	}
	if (pick != NULL) {
		nd->category = pick->category;
		copy_str(nd->label, sizeof(nd->label), pick->label);
		copy_str(nd->source, sizeof(nd->source), pick->source);
	}
	if (l != buf) {
		free(l);
	}
	return end;
}

int
trace_reach(struct trace_search *s, uint32_t n, uint32_t hops,
    uint32_t parent, uint32_t seed, const struct trace_transfer *via,
    const struct u256 taint[TRACE_NMODELS], const struct trace_lots *segs,
    struct err *err)
{
	struct trace_node *nd;
	struct trace_acct *a;
	struct trace_key k;
	int32_t day;
	int end, rc;

	day = s->q->at != DATE_NONE ? s->q->at :
	    date_from_unix((int64_t)via->timestamp);
	end = listing(s, n, day, err);
	if (end == -1) {
		return -1;
	}
	nd = &s->nodes[n];
	if (end == 0 && s->reached >= s->max_nodes) {
		trace_stop_at(s, n, TRACE_STOP_MAX_NODES, via);
		return 0;
	}
	s->reached++;
	nd->hops = hops;
	nd->parent = parent;
	nd->seed = seed;
	nd->via = *via;
	nd->stop = 0;
	trace_key_of(&k, via);
	if (end != 0) {
		nd->state = TRACE_N_END;
		nd->end = (uint8_t)end;
		return trace_end_add(s, n, parent, seed, via, 1, taint, err);
	}
	if (hops >= s->hops) {
		nd->state = TRACE_N_HALT;
		nd->stop = TRACE_STOP_HOPS;
		return 0;
	}
	/* WETH converts: value comes back by the swap rule, not through
	   the contract's own balance (and mainnet's is a hub anyway). */
	if (trace_is_weth(s, &nd->addr)) {
		nd->state = TRACE_N_HALT;
		nd->stop = TRACE_STOP_HUB;
		return 0;
	}
	rc = expand(s, n, &k, 0, err);
	nd = &s->nodes[n];
	if (rc == -1) {
		return -1;
	}
	if (rc == 1) {
		nd->state = TRACE_N_HALT;
		nd->stop = TRACE_STOP_HUB;
		return 0;
	}
	nd->state = TRACE_N_TRACED;
	if (!s->forward) {
		nd->bound = k;
		return 0;
	}
	a = trace_node_acct(s, n, &via->asset, err);
	if (a == NULL) {
		return -1;
	}
	a->has_via = 1;
	a->via = *via;
	a->via_parent = parent;
	return trace_acct_in(a, s->models, &k, &via->amount, taint, segs,
	    err);
}

/* Recipients of pool withdrawals in blocks without traces: the index
 * names them only when they sent the transaction. */
struct blist {
	uint64_t	*v;
	size_t		 n, cap;
	int		 nomem;
	const struct trace_query *q;
};

static int
log_cb(void *ctx, uint64_t block, uint32_t tx, enum store_role role)
{
	struct blist *b = ctx;
	uint64_t *v;
	size_t cap;

	(void)tx;
	if (role != STORE_ROLE_LOG || (b->n > 0 && b->v[b->n - 1] == block) ||
	    !allowed(b->q, block)) {
		return 0;
	}
	if (b->n == b->cap) {
		cap = b->cap != 0 ? 2 * b->cap : 64;
		v = realloc(b->v, cap * sizeof(*v));
		if (v == NULL) {
			b->nomem = 1;
			return 1;
		}
		b->v = v;
		b->cap = cap;
	}
	b->v[b->n++] = block;
	return 0;
}

static int
build_supp(struct trace_search *s, struct err *err)
{
	const struct trace_transfer *t;
	const struct eth_addr *pool;
	struct trace_supp *v;
	struct blist b;
	uint32_t flags;
	size_t i, j, k, nt, cap = 0;
	int rc, ret = -1;

	memset(&b, 0, sizeof(b));
	b.q = s->q;
	for (i = 0; i < s->known->npools; i++) {
		pool = &s->known->pools[i].address;
		b.n = 0;
		if (store_addr_each(s->st, pool, s->q->from_block,
		    s->q->to_block, log_cb, &b, err) == -1) {
			goto out;
		}
		if (b.nomem) {
			err_set(err, ERR_SYS, ENOMEM, "out of memory");
			goto out;
		}
		for (j = 0; j < b.n; j++) {
			rc = store_block_flags(s->st, b.v[j], &flags, NULL,
			    err);
			if (rc == -1) {
				goto out;
			}
			if (rc == 0 || (flags & STORE_BLK_HAS_TRACES)) {
				continue;
			}
			if (trace_bcache_get(s->bc, b.v[j], &t, &nt, NULL,
			    err) == -1) {
				goto out;
			}
			for (k = 0; k < nt; k++) {
				if (t[k].kind != TRACE_MIXER ||
				    memcmp(t[k].from.b, pool->b, 20) != 0) {
					continue;
				}
				if (s->nsupp == cap) {
					cap = cap != 0 ? 2 * cap : 64;
					v = realloc(s->supp, cap * sizeof(*v));
					if (v == NULL) {
						err_set(err, ERR_SYS, ENOMEM,
						    "out of memory");
						goto out;
					}
					s->supp = v;
				}
				s->supp[s->nsupp].to = t[k].to;
				s->supp[s->nsupp].block = t[k].block;
				s->supp[s->nsupp].tx = t[k].tx_index;
				s->nsupp++;
			}
		}
	}
	if (s->nsupp > 1) {
		qsort(s->supp, s->nsupp, sizeof(*s->supp), supp_cmp);
	}
	ret = 0;
out:
	free(b.v);
	return ret;
}

/* Find the block and index of tx seed h. Returns: 1, 0 absent, -1. */
static int
find_tx(struct trace_search *s, const struct trace_seed *sd,
    uint64_t *block, uint32_t *index, struct err *err)
{
	struct store_cache_stats cs;
	struct eth_block b;
	uint64_t n, lo, hi;
	size_t i;
	int rc;

	if (sd->block != 0) {
		lo = hi = sd->block;
		if (lo < s->q->from_block || lo > s->q->to_block ||
		    !allowed(s->q, lo)) {
			return 0;
		}
	} else {
		if (store_cache_stats(s->st, &cs, err) == -1) {
			return -1;
		}
		lo = s->q->from_block > cs.lowest ? s->q->from_block :
		    cs.lowest;
		hi = s->q->to_block < cs.highest ? s->q->to_block :
		    cs.highest;
	}
	for (n = lo; n <= hi && n >= lo; n++) {
		rc = store_block_get(s->st, n, &b, NULL, NULL, NULL, err);
		if (rc == -1) {
			return -1;
		}
		for (i = 0; rc == 1 && i < b.ntxs; i++) {
			if (memcmp(b.txs[i].hash.b, sd->tx.b, 32) == 0) {
				break;
			}
		}
		if (rc == 1 && i == b.ntxs) {
			for (i = 0; i < b.ntx_hashes; i++) {
				if (memcmp(b.tx_hashes[i].b, sd->tx.b,
				    32) == 0) {
					break;
				}
			}
			if (i == b.ntx_hashes) {
				i = SIZE_MAX;
			}
		}
		eth_block_release(&b);
		if (rc == 1 && i != SIZE_MAX) {
			*block = n;
			*index = (uint32_t)i;
			return 1;
		}
		if (n == UINT64_MAX) {
			break;
		}
	}
	return 0;
}

static int
seed_tx(struct trace_search *s, uint32_t si, struct err *err)
{
	const struct trace_seed *sd = &s->q->seeds[si];
	struct trace_ent e;
	char hex[67];
	uint64_t block;
	uint32_t index;
	int rc;

	rc = find_tx(s, sd, &block, &index, err);
	if (rc == -1) {
		return -1;
	}
	if (rc == 0) {
		hex[0] = '0';
		hex[1] = 'x';
		hex_encode(hex + 2, sd->tx.b, 32);
		return err_set(err, ERR_INPUT, 0,
		    "tx seed '%s' is not in the cached blocks %llu-%llu", hex,
		    (unsigned long long)s->q->from_block,
		    (unsigned long long)s->q->to_block);
	}
	e.k.block = block;
	e.k.tx = index;
	e.k.order = 0;
	e.node = TRACE_NONE;
	e.seed = si;
	return trace_push(s, &e, err);
}

static int
seed_addr(struct trace_search *s, uint32_t si, struct err *err)
{
	struct trace_node *nd;
	struct trace_key k;
	uint32_t n;
	int rc;

	if (trace_node_get(s, &s->q->seeds[si].address, &n, err) == -1) {
		return -1;
	}
	nd = &s->nodes[n];
	if (nd->is_seed) {
		return 0;	/* named twice */
	}
	nd->is_seed = 1;
	nd->state = TRACE_N_TRACED;
	nd->seed = si;
	nd->hops = 0;
	s->reached++;
	k.block = UINT64_MAX;
	k.tx = UINT32_MAX;
	k.order = UINT32_MAX;
	nd->bound = k;
	rc = expand(s, n, &k, 1, err);
	return rc == -1 ? -1 : 0;
}

/*
 * The hop into node v that a path leaving it in asset came by: forward,
 * its first tainted transfer of that asset when there is one (a token
 * path follows the token), else the first that reached it (a swap
 * changed the asset); backward, the one it made when reached.
 */
static void
hop_into(struct trace_search *s, uint32_t v, const struct eth_addr *asset,
    int first, const struct trace_transfer **via, uint32_t *parent)
{
	const struct trace_node *nd = &s->nodes[v];
	uint32_t i;

	*via = &nd->via;
	*parent = nd->parent;
	for (i = 0; s->forward && !first && i < nd->nacct; i++) {
		if (nd->acct[i].has_via &&
		    memcmp(nd->acct[i].asset.b, asset->b, 20) == 0) {
			*via = &nd->acct[i].via;
			*parent = nd->acct[i].via_parent;
			return;
		}
	}
}

/*
 * Walk from end account e towards its seed; count, or fill hops. first:
 * by the first transfer that reached each address (a tree: it ends).
 * Returns: the number of hops; 0 if the walk went round.
 */
static size_t
chain(struct trace_search *s, const struct trace_endacc *e, uint32_t stamp,
    int first, struct trace_transfer *hops, size_t len)
{
	const struct trace_transfer *via = &e->via;
	uint32_t v = e->parent, next;
	size_t n = 1;

	if (hops != NULL) {
		hops[len - 1] = *via;
	}
	while (v != TRACE_NONE && !s->nodes[v].is_seed) {
		if (s->nodes[v].stamp == stamp) {
			return 0;	/* went round: not a chain */
		}
		s->nodes[v].stamp = stamp;
		hop_into(s, v, &via->asset, first, &via, &next);
		n++;
		if (hops != NULL) {
			hops[len - n] = *via;
		}
		v = next;
	}
	return n;
}

/* The path to end account e, seed side first. */
static int
make_path(struct trace_search *s, const struct trace_endacc *e,
    struct trace_path *p, uint32_t *stamp, struct err *err)
{
	const struct trace_node *nd = &s->nodes[e->node];
	size_t len;
	int m, first;

	memset(p, 0, sizeof(*p));
	p->seed = s->q->seeds[e->seed];
	p->end = nd->end;
	p->end_address = nd->addr;
	p->category = nd->category;
	memcpy(p->label, nd->label, sizeof(p->label));
	memcpy(p->source, nd->source, sizeof(p->source));
	first = 0;
	len = chain(s, e, ++*stamp, first, NULL, 0);
	if (len == 0) {
		first = 1;
		len = chain(s, e, ++*stamp, first, NULL, 0);
	}
	p->hops = calloc(len, sizeof(*p->hops));
	if (p->hops == NULL) {
		return err_set(err, ERR_SYS, ENOMEM, "out of memory");
	}
	p->nhops = len;
	chain(s, e, ++*stamp, first, p->hops, len);
	for (m = 0; m < TRACE_NMODELS; m++) {
		if (!(s->models & (1u << m))) {
			continue;
		}
		p->taint[p->ntaint].model = (enum trace_model)(1u << m);
		p->taint[p->ntaint].asset = e->asset;
		p->taint[p->ntaint].amount = e->taint[m];
		p->taint[p->ntaint].share_num = e->taint[m];
		p->taint[p->ntaint].share_den = e->in;
		p->ntaint++;
	}
	return 0;
}

static int
results(struct trace_search *s, struct err *err)
{
	struct trace_result *res = s->res;
	struct trace_bcache_stats bs;
	struct trace_node *nd;
	size_t np = 0, ns = 0, nx = 0;
	uint32_t i, stamp = 0;

	for (i = 0; i < s->nends; i++) {
		np += s->ends[i].has_via;
	}
	for (i = 0; i < s->nnodes; i++) {
		nd = &s->nodes[i];
		ns += nd->state == TRACE_N_HALT ||
		    (nd->state == TRACE_N_SEEN && nd->stop != 0);
		nx += nd->state == TRACE_N_TRACED;
	}
	if (nx > 0) {
		res->expanded = calloc(nx, sizeof(*res->expanded));
		if (res->expanded == NULL) {
			return err_set(err, ERR_SYS, ENOMEM, "out of memory");
		}
	}
	for (i = 0; i < s->nnodes; i++) {
		if (s->nodes[i].state == TRACE_N_TRACED) {
			res->expanded[res->nexpanded++] = s->nodes[i].addr;
		}
	}
	if (np > 0) {
		res->paths = calloc(np, sizeof(*res->paths));
	}
	if (ns > 0) {
		res->stopped = calloc(ns, sizeof(*res->stopped));
	}
	if ((np > 0 && res->paths == NULL) ||
	    (ns > 0 && res->stopped == NULL)) {
		return err_set(err, ERR_SYS, ENOMEM, "out of memory");
	}
	for (i = 0; i < s->nends; i++) {
		if (!s->ends[i].has_via) {
			continue;
		}
		if (make_path(s, &s->ends[i], &res->paths[res->npaths],
		    &stamp, err) == -1) {
			return -1;
		}
		if (res->paths[res->npaths].end == TRACE_END_HIT) {
			res->hits++;
		} else {
			res->cashouts++;
		}
		res->npaths++;
	}
	for (i = 0; i < s->nnodes; i++) {
		nd = &s->nodes[i];
		if (nd->state == TRACE_N_HALT ||
		    (nd->state == TRACE_N_SEEN && nd->stop != 0)) {
			res->stopped[res->nstopped].address = nd->addr;
			res->stopped[res->nstopped].reason =
			    (enum trace_stop)nd->stop;
			res->stopped[res->nstopped].via = nd->via;
			res->nstopped++;
		}
	}
	trace_bcache_stats(s->bc, &bs);
	res->blocks = bs.blocks;
	res->blocks_without_traces = bs.without_traces;
	res->blocks_without_receipts = bs.without_receipts;
	res->transfers = bs.transfers;
	res->nodes = s->reached;
	return 0;
}

static void
search_release(struct trace_search *s)
{
	uint32_t i;

	for (i = 0; i < s->nnodes; i++) {
		trace_node_release(&s->nodes[i]);
	}
	free(s->nodes);
	free(s->tab);
	free(s->ends);
	free(s->heap);
	free(s->grp);
	free(s->supp);
	free(s->hubs);
	trace_lots_release(&s->segs);
	trace_bcache_destroy(s->bc);
	store_reader_end(s->rd);
}

int
trace_run(struct store *st, const struct trace_query *q,
    struct trace_result *res, struct err *err)
{
	struct trace_search s;
	uint32_t i;
	int ret = -1;

	memset(res, 0, sizeof(*res));
	memset(&s, 0, sizeof(s));
	if (q->nseeds == 0 || q->nseeds > TRACE_SEEDS_MAX) {
		return err_set(err, ERR_INPUT, 0, "a trace needs 1 to %d seeds",
		    TRACE_SEEDS_MAX);
	}
	if (q->from_block > q->to_block) {
		return err_set(err, ERR_INPUT, 0,
		    "empty block window %llu-%llu",
		    (unsigned long long)q->from_block,
		    (unsigned long long)q->to_block);
	}
	s.st = st;
	s.q = q;
	s.res = res;
	s.known = q->known != NULL ? q->known : trace_known_default();
	s.models = q->models & TRACE_ALL_MODELS;
	if (s.models == 0) {
		s.models = TRACE_POISON;
	}
	s.forward = q->direction != TRACE_BACKWARD;
	if (!s.forward) {
		s.models = TRACE_POISON;
	}
	s.hops = q->hops != 0 ? q->hops : 5;
	s.max_nodes = q->max_nodes != 0 ? q->max_nodes : 100000;
	s.hub_degree = q->hub_degree != 0 ? q->hub_degree : 200;
	if (q->nhubs > 0) {
		s.hubs = malloc(q->nhubs * sizeof(*s.hubs));
		if (s.hubs == NULL) {
			return err_set(err, ERR_SYS, ENOMEM, "out of memory");
		}
		memcpy(s.hubs, q->hubs, q->nhubs * sizeof(*s.hubs));
		qsort(s.hubs, q->nhubs, sizeof(*s.hubs), addr_cmp);
		s.nhubs = q->nhubs;
	}
	if (store_reader_begin(st, &s.rd, err) == -1 ||
	    trace_bcache_create(&s.bc, st, s.known, s.models == TRACE_POISON ?
	    BCACHE_WALK : BCACHE_BALANCES, err) == -1 ||
	    build_supp(&s, err) == -1) {
		goto out;
	}
	for (i = 0; i < q->nseeds; i++) {
		if ((q->seeds[i].is_tx ? seed_tx(&s, i, err) :
		    seed_addr(&s, i, err)) == -1) {
			goto out;
		}
	}
	if (trace_walk(&s, err) == -1) {
		goto out;
	}
	if (results(&s, err) == -1) {
		goto out;
	}
	ret = 0;
out:
	search_release(&s);
	if (ret == -1) {
		trace_result_release(res);
	}
	return ret;
}

void
trace_result_release(struct trace_result *res)
{
	size_t i;

	if (res == NULL) {
		return;
	}
	for (i = 0; i < res->npaths; i++) {
		free(res->paths[i].hops);
	}
	free(res->paths);
	free(res->stopped);
	free(res->expanded);
	memset(res, 0, sizeof(*res));
}
