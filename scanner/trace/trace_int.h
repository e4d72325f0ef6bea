/*
 * trace_int.h - what the files of the trace module share: positions in
 * the chain, exact fraction arithmetic, the per-asset model accounts
 * (taint.c), the cache of decoded blocks (bcache.c) and the search's
 * state (search.c, walk.c). Private to scanner/trace/.
 */
#ifndef SCANNER_TRACE_INT_H
#define SCANNER_TRACE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "trace.h"

/* A transfer's position: block, transaction, order within it. */
struct trace_key {
	uint64_t	 block;
	uint32_t	 tx;
	uint32_t	 order;
};

static inline int
trace_key_cmp(const struct trace_key *a, const struct trace_key *b)
{
	if (a->block != b->block) {
		return a->block < b->block ? -1 : 1;
	}
	if (a->tx != b->tx) {
		return a->tx < b->tx ? -1 : 1;
	}
	if (a->order != b->order) {
		return a->order < b->order ? -1 : 1;
	}
	return 0;
}

static inline void
trace_key_of(struct trace_key *k, const struct trace_transfer *t)
{
	k->block = t->block;
	k->tx = t->tx_index;
	k->order = t->order;
}

/*
 * r = floor(a * num / den), through a 512-bit product, so exact for any
 * operands. Returns: 0; -1 if den is 0 or the quotient needs more than
 * 256 bits (never when num <= den).
 */
int	trace_muldiv(struct u256 *r, const struct u256 *a,
	    const struct u256 *num, const struct u256 *den);

/* Returns: <0, 0, >0 as an/ad is below, equal to, above bn/bd (ad, bd
 * not 0). Exact (512-bit cross products). */
int	trace_frac_cmp(const struct u256 *an, const struct u256 *ad,
	    const struct u256 *bn, const struct u256 *bd);

/* Adds b to a, saturating at 2^256 - 1 (only fake tokens get there). */
void	trace_add_sat(struct u256 *a, const struct u256 *b);

/* Model indexes into taint arrays: TRACE_POISON is bit 0, and so on. */
#define TRACE_NMODELS	3

/* A fifo lot, and a queue (or a list of segments) of them. */
struct trace_lot {
	struct u256	 amount;
	int		 tainted;
};

struct trace_lots {
	struct trace_lot *v;
	size_t		 head, n, cap;	/* the queue is v[head..n) */
};

void	trace_lots_release(struct trace_lots *l);
/* Empty l, keeping its memory. */
void	trace_lots_clear(struct trace_lots *l);
/* Append a lot (merged with the last when of the same kind). */
int	trace_lots_push(struct trace_lots *l, const struct u256 *amount,
	    int tainted, struct err *err);

/*
 * One asset of one traced address, under each model (DESIGN.md "Taint
 * models"):
 *   poison:  poisoned from the first transfer that brought taint in;
 *   haircut: received and tainted received since the window start;
 *   fifo:    the queue of received lots, oldest first.
 */
struct trace_acct {
	struct eth_addr		 asset;
	int			 poisoned;
	struct trace_key	 poison_from;
	struct u256		 recv, trecv;
	struct trace_lots	 lots;
	/* the search's: the first tainted transfer of this asset in (not
	   a swap's return), and its sender's node */
	int			 has_via;
	uint32_t		 via_parent;
	struct trace_transfer	 via;
};

void	trace_acct_release(struct trace_acct *a);

/*
 * What an outgoing amount at k carries, per model in models (the others
 * left 0). all: the sender is a seed (all it sends is tainted). a NULL:
 * a sender with no account (nothing tainted). For fifo the lots are
 * consumed and, when segs is not NULL, the segments consumed (oldest
 * first) appended to it; past the end of the queue the rest is clean
 * (it came from the balance held before the window, which is unknown and
 * taken as clean).
 * Returns: 0; -1 with err (ERR_SYS).
 */
int	trace_acct_out(struct trace_acct *a, unsigned models, int all,
	    const struct trace_key *k, const struct u256 *amount,
	    struct u256 taint[TRACE_NMODELS], struct trace_lots *segs,
	    struct err *err);

/*
 * Credit an incoming amount at k that carries taint[] (per model). For
 * fifo, segs (from trace_acct_out) become the lots; NULL: one tainted lot
 * of taint[2] and then one clean lot of the rest.
 * Returns: 0; -1 with err (ERR_SYS).
 */
int	trace_acct_in(struct trace_acct *a, unsigned models,
	    const struct trace_key *k, const struct u256 *amount,
	    const struct u256 taint[TRACE_NMODELS],
	    const struct trace_lots *segs, struct err *err);

/*
 * A cache of decoded blocks' transfer lists, least recently used out
 * past a total number of transfers.
 */
struct trace_bcache;

struct trace_bcache_stats {
	uint64_t	 blocks;		/* distinct blocks decoded */
	uint64_t	 without_traces;
	uint64_t	 without_receipts;
	uint64_t	 transfers;	/* of those distinct blocks */
	uint64_t	 decodes;	/* with repeats after eviction */
};

int	trace_bcache_create(struct trace_bcache **out, struct store *st,
	    const struct trace_known *known, size_t cap_transfers,
	    struct err *err);
void	trace_bcache_destroy(struct trace_bcache *c);

/*
 * The transfers of block n.
 * Returns: 1 found; 0 not cached; -1 with err.
 * Out:     *t, *n valid until the next call on c; *has_traces may be
 *          NULL.
 */
int	trace_bcache_get(struct trace_bcache *c, uint64_t block,
	    const struct trace_transfer **t, size_t *n, int *has_traces,
	    struct err *err);

void	trace_bcache_stats(const struct trace_bcache *c,
	    struct trace_bcache_stats *out);

/*
 * The search (search.c keeps the nodes, their expansion and the
 * results; walk.c the forward and backward walks).
 */
#define TRACE_NONE	UINT32_MAX

enum trace_node_state {
	TRACE_N_SEEN = 0,	/* a counterparty only; maybe stopped (min-
				   value, dust, max-nodes) */
	TRACE_N_TRACED,		/* reached and expanded (seeds too) */
	TRACE_N_HALT,		/* reached, not expanded (hops, hub) */
	TRACE_N_END		/* reached, a watchlist hit or cash-out */
};

struct trace_node {
	struct eth_addr		 addr;
	uint8_t			 state;		/* enum trace_node_state */
	uint8_t			 stop;		/* enum trace_stop, or 0 */
	uint8_t			 is_seed;
	uint8_t			 end;		/* enum trace_end */
	uint32_t		 hops;
	uint32_t		 parent;	/* node of the first tainting
						   sender (forward) or
						   recipient (backward) */
	uint32_t		 seed;		/* index into q->seeds */
	struct trace_key	 bound;		/* where it was reached:
						   forward, traced after;
						   backward, before */
	struct trace_transfer	 via;		/* the transfer that reached
						   (or stopped) it */
	struct trace_acct	*acct;
	uint32_t		 nacct, cap_acct;
	uint32_t		 ends;		/* first end account, or
						   TRACE_NONE */
	uint32_t		 stamp;		/* make_path's visit mark */
	struct trace_xent	*queue;		/* its transactions still to
						   walk, in the walk's order */
	uint32_t		 nqueue, qpos;
	uint8_t			 category;	/* ends: the listing */
	char			 label[128];
	char			 source[64];
};

/* The taint that reached one end in one asset: a path. */
struct trace_endacc {
	uint32_t		 node;
	uint32_t		 next;		/* the node's next asset */
	uint32_t		 parent;	/* sender (forward) / recipient
						   (backward) of via */
	uint32_t		 seed;
	struct eth_addr		 asset;
	struct u256		 in;		/* all it received from traced
						   addresses */
	struct u256		 taint[TRACE_NMODELS];
	int			 has_via;
	struct trace_transfer	 via;		/* the first tainted one */
};

/* A transaction of the address index. */
struct trace_xent {
	uint64_t	 block;
	uint32_t	 tx;
};

/*
 * The next transaction in the walk's heap (k.order unused) of a node's
 * queue (node; its others wait in the node), or of a tx seed (seed).
 */
struct trace_ent {
	struct trace_key	 k;
	uint32_t		 node;		/* or TRACE_NONE */
	uint32_t		 seed;		/* a tx seed: the seed; else
						   TRACE_NONE */
};

/* One transfer of the transaction being walked. */
struct trace_gent {
	struct trace_transfer	 t;
	int			 done, deferred;
	struct u256		 taint[TRACE_NMODELS];
};

struct trace_search {
	struct store			*st;
	struct store_reader		*rd;
	const struct trace_query	*q;
	const struct trace_known	*known;
	struct trace_result		*res;
	struct trace_bcache		*bc;
	unsigned			 models;	/* asked */
	unsigned			 hops;
	size_t				 max_nodes;
	unsigned			 hub_degree;
	int				 forward;
	uint64_t			 reached;

	struct trace_node		*nodes;
	uint32_t			 nnodes, cap_nodes;
	uint32_t			*tab;		/* hash: node + 1 */
	uint32_t			 tab_mask;

	struct trace_endacc		*ends;
	uint32_t			 nends, cap_ends;

	struct trace_ent		*heap;
	size_t				 nheap, cap_heap;

	/* the transaction being walked */
	struct trace_gent		*grp;
	size_t				 ngrp, cap_grp;

	/* pool withdrawals to addresses the index may lack */
	struct trace_supp		*supp;
	size_t				 nsupp;

	struct eth_addr			*hubs;		/* q->hubs, sorted */
	size_t				 nhubs;

	struct trace_lots		 segs;		/* scratch */
};

/* Recipients of pool withdrawals in blocks without traces. */
struct trace_supp {
	struct eth_addr		 to;
	uint64_t		 block;
	uint32_t		 tx;
};

/* nodes.c */
/* Returns: the node of address a, or TRACE_NONE. */
uint32_t trace_node_find(struct trace_search *s, const struct eth_addr *a);
/* Find or add (state SEEN) the node of a; node pointers move. */
int	trace_node_get(struct trace_search *s, const struct eth_addr *a,
	    uint32_t *out, struct err *err);
/* Returns: node n's account of asset (added if new), NULL with err. */
struct trace_acct *trace_node_acct(struct trace_search *s, uint32_t n,
	    const struct eth_addr *asset, struct err *err);
/* Free a node's accounts. */
void	trace_node_release(struct trace_node *nd);
/* Count transfer t into end n (its asset's path); tainted: it carries
 * taint[] and may be the path's last hop. */
int	trace_end_add(struct trace_search *s, uint32_t n, uint32_t parent,
	    uint32_t seed, const struct trace_transfer *t, int tainted,
	    const struct u256 taint[TRACE_NMODELS], struct err *err);
/* List node n (not reached) as stopped, unless it already is. */
void	trace_stop_at(struct trace_search *s, uint32_t n,
	    enum trace_stop reason, const struct trace_transfer *via);
/* Returns: 1 if t is below the threshold of its asset in th. */
int	trace_below(const struct trace_threshold *th, size_t n,
	    const struct trace_transfer *t);
int	trace_is_weth(const struct trace_search *s, const struct eth_addr *a);
/* WETH or pool: their Deposit/Withdrawal logs name their transfers. */
int	trace_is_known(const struct trace_search *s, const struct eth_addr *a);
/* The first transfer of transaction tx in a block's list (sorted). */
size_t	trace_tx_first(const struct trace_transfer *t, size_t n, uint32_t tx);
/* The heap of queued transactions: earliest first forward, latest first
 * backward; one entry per node with a queue (a k-way merge). push adds
 * e; take removes the first, putting its node's next one in. */
int	trace_push(struct trace_search *s, const struct trace_ent *e,
	    struct err *err);
void	trace_take(struct trace_search *s, struct trace_ent *e);

/* search.c: reach node n by transfer via (forward: credit it with
 * taint, segs); expand it unless it ends a path or is stopped. */
int	trace_reach(struct trace_search *s, uint32_t n, uint32_t hops,
	    uint32_t parent, uint32_t seed, const struct trace_transfer *via,
	    const struct u256 taint[TRACE_NMODELS],
	    const struct trace_lots *segs, struct err *err);

/* walk.c */
int	trace_walk(struct trace_search *s, struct err *err);

#endif
