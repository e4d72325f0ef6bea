/*
 * chain.c - the monitor and the node: block hashes asked of it (one
 * batch), reorgs found by comparing them with the window of scanned
 * hashes and rolled back, cached blocks reconciled with it, and the
 * --follow seeds (addresses; transactions, located by the node).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "addr.h"
#include "fetcher.h"
#include "hex.h"
#include "monitor_int.h"
#include "rpc.h"

static int
node_fail(struct err *err, const char *what, uint64_t n)
{
	return err_set(err, ERR_NET, 0, "eth_getBlockByNumber: %s for block "
	    "%llu", what, (unsigned long long)n);
}

/* The node's hashes of blocks [from, to] (one batch). */
int
mon_node_hashes(struct rpc *rpc, uint64_t from, uint64_t to,
    struct eth_hash *out, struct err *err)
{
	struct rpc_req *q;
	const char *h;
	char num[24];
	size_t n, i;
	int ret = -1;

	if (rpc == NULL) {
		return err_set(err, ERR_USAGE, 0, "the monitor needs the node "
		    "(not --offline)");
	}
	n = (size_t)(to - from + 1);
	q = calloc(n, sizeof(*q));
	if (q == NULL) {
		return err_set(err, ERR_SYS, ENOMEM, "out of memory");
	}
	for (i = 0; i < n; i++) {
		snprintf(num, sizeof(num), "0x%llx",
		    (unsigned long long)(from + i));
		q[i].method = "eth_getBlockByNumber";
		q[i].params = json_pack("[s b]", num, 0);
	}
	if (rpc_batch(rpc, q, n, err) == -1) {
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (q[i].status != RPC_OK) {
			err_set(err, ERR_NET, 0, "eth_getBlockByNumber: %s",
			    q[i].error.message);
			goto out;
		}
		if (!json_is_object(q[i].result)) {
			node_fail(err, "the node has no such block", from + i);
			goto out;
		}
		h = json_string_value(json_object_get(q[i].result, "hash"));
		if (h == NULL || strlen(h) != 66 || h[0] != '0' ||
		    h[1] != 'x' || hex_decode(out[i].b, 32, h + 2, 64) == -1) {
			node_fail(err, "no usable hash", from + i);
			goto out;
		}
	}
	ret = 0;
out:
	rpc_req_release(q, n);
	free(q);
	return ret;
}

static int
node_tx_block(struct rpc *rpc, const char *hash, uint64_t *block,
    struct err *err)
{
	json_t *res = NULL, *bn;
	const char *s;
	char *end;
	int ret = -1;

	if (rpc == NULL) {
		return err_set(err, ERR_USAGE, 0, "--follow of a transaction "
		    "needs the node");
	}
	if (rpc_call(rpc, "eth_getTransactionByHash", json_pack("[s]", hash),
	    &res, NULL, err) != 0) {
		return -1;
	}
	if (!json_is_object(res)) {
		err_set(err, ERR_USAGE, 0, "--follow: the node knows no "
		    "transaction %s", hash);
		goto out;
	}
	bn = json_object_get(res, "blockNumber");
	s = json_string_value(bn);
	if (s == NULL) {
		err_set(err, ERR_USAGE, 0, "--follow: transaction %s is "
		    "pending, in no block yet", hash);
		goto out;
	}
	errno = 0;
	*block = strtoull(s, &end, 16);
	if (errno != 0 || *end != '\0' || strncmp(s, "0x", 2) != 0) {
		err_set(err, ERR_NET, 0, "eth_getTransactionByHash: bad "
		    "blockNumber '%s'", s);
		goto out;
	}
	ret = 0;
out:
	json_decref(res);
	return ret;
}

/* Reorgs. */

struct rollback {
	uint64_t		 fork;
	uint64_t		 depth;
	uint8_t			 channels;
	int64_t			 now;
	struct store_alert	*note;
};

static int
retract(void *ctx, const struct store_alert *a, struct err *err)
{
	struct store_alert *note = ctx;

	(void)err;
	if (note->nretracts < STORE_ALERT_RETRACT) {
		memcpy(note->retracts[note->nretracts], a->id, 32);
	}
	note->nretracts++;
	return 0;
}

static int
rollback_txn(struct store_mon *m, void *ctx, struct err *err)
{
	struct rollback *rb = ctx;
	struct store_alert *note = rb->note;
	struct eth_hash zero;
	struct eth_addr none;
	int r;

	memset(note, 0, sizeof(*note));
	memset(&zero, 0, sizeof(zero));
	memset(&none, 0, sizeof(none));
	r = store_mon_hash_get(m, rb->fork + 1, &note->block_hash, err);
	if (r == -1) {
		return -1;
	}
	if (store_mon_rollback(m, rb->fork, retract, note, err) == -1) {
		return -1;
	}
	if (note->nretracts == 0) {
		return 0;
	}
	note->kind = STORE_ALERT_REORG;
	note->pending = rb->channels;
	note->created_at = rb->now;
	note->block = rb->fork + 1;
	note->reorg_depth = (uint32_t)rb->depth;
	monitor_alert_id(note->id, STORE_ALERT_REORG, &note->block_hash, &zero,
	    0, &none);
	return store_mon_alert_add(m, note, err) == -1 ? -1 : 0;
}

/* The window's hashes of [from, to] (have[i]: the window holds it). */
struct window {
	uint64_t		 from, to;
	struct eth_hash		*h;
	uint8_t			*have;
};

static int
window_txn(struct store_mon *m, void *ctx, struct err *err)
{
	struct window *w = ctx;
	uint64_t k;
	int r;

	for (k = w->from; k <= w->to; k++) {
		r = store_mon_hash_get(m, k, &w->h[k - w->from], err);
		if (r == -1) {
			return -1;
		}
		w->have[k - w->from] = (uint8_t)r;
	}
	return 0;
}

/* Roll back to fork: the cache first, then the monitor's state. */
static int
roll_back(struct mon_run *R, uint64_t fork, uint64_t top, struct err *err)
{
	struct rollback rb;
	int r;

	if (store_blocks_drop(R->o->st, fork + 1, top, err) == -1) {
		return -1;
	}
	memset(&rb, 0, sizeof(rb));
	rb.fork = fork;
	rb.depth = top - fork;
	rb.channels = R->channels;
	rb.now = (int64_t)time(NULL);
	rb.note = malloc(sizeof(*rb.note));
	if (rb.note == NULL) {
		return err_set(err, ERR_SYS, ENOMEM, "out of memory");
	}
	r = store_mon_write(R->o->st, rollback_txn, &rb, err);
	if (r == 0 && rb.note->nretracts > 0) {
		R->sum->recorded++;
	}
	free(rb.note);
	if (r == -1) {
		return -1;
	}
	R->sum->reorgs++;
	R->sum->rolled_back += top - fork;
	R->next = fork + 1;
	mon_warn(R, "reorg: blocks %llu-%llu were orphaned; rolled back and "
	    "rescanning", (unsigned long long)(fork + 1),
	    (unsigned long long)top);
	return 0;
}

int
mon_check_reorg(struct mon_run *R, struct err *err)
{
	struct eth_hash nh, *node = NULL;
	struct window w;
	struct mon_state s;
	uint64_t top, k, lowest;
	int ret = -1;

	memset(&w, 0, sizeof(w));
	if (store_mon_read(R->o->st, mon_state_txn, &s, err) == -1) {
		return -1;
	}
	if (!s.has_prev) {
		return 0;
	}
	top = s.next - 1;
	if (top > R->sum->head) {
		/* A node that lags (or a chain not yet longer again): the
		 * blocks above its head may well be canonical. Wait. */
		mon_warn(R, "the node's head %llu is below block %llu the "
		    "monitor scanned: waiting for it",
		    (unsigned long long)R->sum->head, (unsigned long long)top);
		return 0;
	}
	if (mon_node_hashes(R->o->rpc, top, top, &nh, err) == -1) {
		return -1;
	}
	if (memcmp(nh.b, s.prev.b, 32) == 0) {
		return 0;
	}
	lowest = s.has_lowest && s.lowest <= top ? s.lowest : top;
	w.from = lowest;
	w.to = top;
	w.h = calloc((size_t)(top - lowest + 1), sizeof(*w.h));
	w.have = calloc((size_t)(top - lowest + 1), 1);
	node = calloc((size_t)(top - lowest + 1), sizeof(*node));
	if (w.h == NULL || w.have == NULL || node == NULL) {
		err_set(err, ERR_SYS, ENOMEM, "out of memory");
		goto out;
	}
	if (store_mon_read(R->o->st, window_txn, &w, err) == -1 ||
	    mon_node_hashes(R->o->rpc, lowest, top, node, err) == -1) {
		goto out;
	}
	/* The newest block of the window the node still agrees on. */
	for (k = top;; k--) {
		if (w.have[k - lowest] &&
		    memcmp(w.h[k - lowest].b, node[k - lowest].b, 32) == 0) {
			ret = roll_back(R, k, top, err);
			goto out;
		}
		if (k == lowest) {
			break;
		}
	}
	err_set(err, ERR_VERIFY, 0, "the chain reorganised below block %llu: "
	    "deeper than the %d blocks the monitor keeps (or the node is on "
	    "another chain); nothing changed", (unsigned long long)lowest,
	    STORE_MON_WINDOW);
out:
	free(w.h);
	free(w.have);
	free(node);
	return ret;
}

/* Seeds. */

struct seed_addr {
	struct eth_addr	 a;
	int		 added;
};

static int
seed_addr_txn(struct store_mon *m, void *ctx, struct err *err)
{
	struct seed_addr *sa = ctx;
	struct store_taint t;
	int r;

	sa->added = 0;
	r = store_mon_taint_get(m, STORE_TAINT_FOLLOW, &sa->a, &t, err);
	if (r == -1) {
		return -1;
	}
	if (r == 1 && t.hops == 0) {
		return 0;
	}
	memset(&t, 0, sizeof(t));
	t.kind = STORE_TAINT_FOLLOW;
	t.address = sa->a;
	t.origin = sa->a;
	sa->added = 1;
	return store_mon_taint_put(m, &t, err);
}

struct seed_tx {
	struct eth_hash	 tx;
	int		 has;
};

static int
seed_has_txn(struct store_mon *m, void *ctx, struct err *err)
{
	struct seed_tx *st = ctx;

	st->has = store_mon_seed_has(m, &st->tx, err);
	return st->has == -1 ? -1 : 0;
}

static int
seed_put_txn(struct store_mon *m, void *ctx, struct err *err)
{
	struct seed_tx *st = ctx;

	return store_mon_seed_put(m, &st->tx, err);
}

/* A tx seed in a block already scanned: its transfers taint now. */
static int
seed_catch_up(struct mon_run *R, uint64_t block, const struct seed_tx *sx,
    struct err *err)
{
	struct fetch_summary fs;
	struct mon_batch b;
	struct mon_rules ru;
	long n;
	int r;

	if (fetch_range(R->o->f, block, block, &fs, err) == -1) {
		return -1;
	}
	r = mon_batch_load(&b, R->o->st, block, block, NULL, &sx->tx, err);
	if (r == -1) {
		return -1;
	}
	if (r != MON_LOAD_OK) {
		mon_batch_release(&b);
		return err_set(err, ERR_VERIFY, 0, "--follow: block %llu of "
		    "the transaction failed verification",
		    (unsigned long long)block);
	}
	if (b.nxs == 0) {
		mon_warn(R, "--follow: the transaction moved no value in block "
		    "%llu: nothing to taint", (unsigned long long)block);
	}
	memset(&ru, 0, sizeof(ru));
	ru.hops = R->hops;
	ru.channels = R->channels;
	ru.now = (int64_t)time(NULL);
	ru.taint_only = 1;
	ru.put_seed = &sx->tx;
	n = mon_batch_commit(R->o->st, &b, &ru, err);
	mon_batch_release(&b);
	if (n == -1) {
		return -1;
	}
	R->sum->recorded += (uint64_t)n;
	return 0;
}

int
mon_add_seeds(struct mon_run *R, struct err *err)
{
	struct seed_addr sa;
	struct seed_tx sx;
	struct addr a;
	uint64_t block = 0;
	const char *s;
	size_t i, n;

	for (i = 0; i < R->o->nfollow; i++) {
		s = R->o->follow[i];
		n = strlen(s);
		if (n == 66 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
			memset(&sx, 0, sizeof(sx));
			if (hex_decode(sx.tx.b, 32, s + 2, 64) == -1) {
				return err_set(err, ERR_USAGE, 0, "--follow: "
				    "'%s' is neither an address nor a "
				    "transaction hash", s);
			}
			if (store_mon_read(R->o->st, seed_has_txn, &sx,
			    err) == -1) {
				return -1;
			}
			if (sx.has) {
				continue;
			}
			if (node_tx_block(R->o->rpc, s, &block, err) == -1) {
				return -1;
			}
			if (block < R->next) {
				if (seed_catch_up(R, block, &sx, err) == -1) {
					return -1;
				}
			} else if (store_mon_write(R->o->st, seed_put_txn, &sx,
			    err) == -1) {
				return -1;
			}
			R->sum->seeds_added++;
			mon_warn(R, "following transaction %s (block %llu)", s,
			    (unsigned long long)block);
			continue;
		}
		if (addr_parse(&a, s, n, err) == -1 ||
		    a.chain != ADDR_ETHEREUM || a.len != 21) {
			return err_set(err, ERR_USAGE, 0, "--follow: '%s' is "
			    "neither an Ethereum address nor a transaction "
			    "hash", s);
		}
		memcpy(sa.a.b, a.key + 1, 20);
		if (store_mon_write(R->o->st, seed_addr_txn, &sa, err) == -1) {
			return -1;
		}
		R->sum->seeds_added += (uint64_t)sa.added;
		if (sa.added) {
			mon_warn(R, "following address %s", s);
		}
	}
	return 0;
}

/*
 * The cache's blocks of [from, to] that are not the node's (a reorg the
 * cache has not seen): drop from the first one that differs.
 */
int
mon_reconcile(struct mon_run *R, uint64_t from, uint64_t to, struct err *err)
{
	struct eth_hash *node, h;
	uint64_t k;
	int r, ret = -1;

	node = calloc((size_t)(to - from + 1), sizeof(*node));
	if (node == NULL) {
		return err_set(err, ERR_SYS, ENOMEM, "out of memory");
	}
	if (mon_node_hashes(R->o->rpc, from, to, node, err) == -1) {
		goto out;
	}
	for (k = from; k <= to; k++) {
		r = store_block_flags(R->o->st, k, NULL, &h, err);
		if (r == -1) {
			goto out;
		}
		if (r == 1 && memcmp(h.b, node[k - from].b, 32) != 0) {
			if (store_blocks_drop(R->o->st, k, to, err) == -1) {
				goto out;
			}
			break;
		}
	}
	ret = 0;
out:
	free(node);
	return ret;
}

/*
 * Fetch and load [from, to] so that it chains to the window and ends in
 * the node's block `to`. Returns: MON_LOAD_OK or MON_LOAD_MISSING (a
 * block failed verification: b holds the blocks before it); -1 with err.
 */
