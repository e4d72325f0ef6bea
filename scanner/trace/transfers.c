/*
 * transfers.c - the value movements of one cached block: native values,
 * call frames, ERC-20 Transfer logs, WETH Deposit/Withdrawal and the
 * Tornado Cash pools' withdrawals, in (tx, order) order (trace.h says
 * which order number each gets). Nothing here reads the store.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "trace.h"

/* keccak256("Deposit(address,uint256)"): WETH9's Deposit(dst, wad). */
const uint8_t trace_weth_deposit_topic[32] = {
	0xe1, 0xff, 0xfc, 0xc4, 0x92, 0x3d, 0x04, 0xb5,
	0x59, 0xf4, 0xd2, 0x9a, 0x8b, 0xfc, 0x6c, 0xda,
	0x04, 0xeb, 0x5b, 0x0d, 0x3c, 0x46, 0x07, 0x51,
	0xc2, 0x40, 0x2c, 0x5c, 0x5c, 0xc9, 0x10, 0x9c
};

/* keccak256("Withdrawal(address,uint256)"): WETH9's Withdrawal(src, wad). */
const uint8_t trace_weth_withdrawal_topic[32] = {
	0x7f, 0xcf, 0x53, 0x2c, 0x15, 0xf0, 0xa6, 0xdb,
	0x0b, 0xd6, 0xd0, 0xe0, 0x38, 0xbe, 0xa7, 0x1d,
	0x30, 0xd8, 0x08, 0xc7, 0xd9, 0x8c, 0xb3, 0xbf,
	0x72, 0x68, 0xa9, 0x5b, 0xf5, 0x08, 0x1b, 0x65
};

/*
 * keccak256("Withdrawal(address,bytes32,address,uint256)"): tornado-core
 * contracts/Tornado.sol, event Withdrawal(address to, bytes32
 * nullifierHash, address indexed relayer, uint256 fee). Only the relayer
 * is a topic; the data is to | nullifierHash | fee, 32 bytes each.
 */
const uint8_t trace_tornado_withdrawal_topic[32] = {
	0xe9, 0xe5, 0x08, 0xba, 0xd6, 0xd4, 0xc3, 0x22,
	0x7e, 0x88, 0x1c, 0xa1, 0x90, 0x68, 0xf0, 0x99,
	0xda, 0x81, 0xb5, 0x16, 0x4d, 0xd6, 0xd6, 0x2b,
	0x2e, 0xaf, 0x1e, 0x8b, 0xc6, 0xc3, 0x49, 0x31
};

/*
 * Mainnet WETH9 and the Ethereum-mainnet ETH pools, as
 * /work/shared/watchlist-sources/tornado-pools.csv lists them (rows with
 * chain_id 1 and token ETH; tornadocash/tornado-cli@378ddf8b config.js):
 *   0x12D66f87A04A9E220743712cE6d9bB1B5616B8Fc   0.1 ETH
 *   0x47CE0C6eD5B0Ce3d3A51fdb1C52DC66a7c3c2936   1 ETH
 *   0x910Cbd523D972eb0a6f4cAe4618aD62622b39DbF   10 ETH
 *   0xA160cdAB225685dA1d56aa342Ad8841c3b53f291   100 ETH
 * (test_trace checks this table against that file.)
 */
static const struct trace_known known_default = {
	.weth = { { {
		0xc0, 0x2a, 0xaa, 0x39, 0xb2, 0x23, 0xfe, 0x8d, 0x0a, 0x0e,
		0x5c, 0x4f, 0x27, 0xea, 0xd9, 0x08, 0x3c, 0x75, 0x6c, 0xc2
	} } },
	.nweth = 1,
	.pools = {
		{ { {
			0x12, 0xd6, 0x6f, 0x87, 0xa0, 0x4a, 0x9e, 0x22, 0x07,
			0x43, 0x71, 0x2c, 0xe6, 0xd9, 0xbb, 0x1b, 0x56, 0x16,
			0xb8, 0xfc
		} }, { { UINT64_C(0x016345785d8a0000), 0, 0, 0 } } },
		{ { {
			0x47, 0xce, 0x0c, 0x6e, 0xd5, 0xb0, 0xce, 0x3d, 0x3a,
			0x51, 0xfd, 0xb1, 0xc5, 0x2d, 0xc6, 0x6a, 0x7c, 0x3c,
			0x29, 0x36
		} }, { { UINT64_C(0x0de0b6b3a7640000), 0, 0, 0 } } },
		{ { {
			0x91, 0x0c, 0xbd, 0x52, 0x3d, 0x97, 0x2e, 0xb0, 0xa6,
			0xf4, 0xca, 0xe4, 0x61, 0x8a, 0xd6, 0x26, 0x22, 0xb3,
			0x9d, 0xbf
		} }, { { UINT64_C(0x8ac7230489e80000), 0, 0, 0 } } },
		{ { {
			0xa1, 0x60, 0xcd, 0xab, 0x22, 0x56, 0x85, 0xda, 0x1d,
			0x56, 0xaa, 0x34, 0x2a, 0xd8, 0x84, 0x1c, 0x3b, 0x53,
			0xf2, 0x91
		} }, { { UINT64_C(0x6bc75e2d63100000), 5, 0, 0 } } }
	},
	.npools = 4
};

const struct trace_known *
trace_known_default(void)
{
	return &known_default;
}

/* A growing transfer list; nomem is sticky. */
struct xlist {
	struct trace_transfer	*v;
	size_t			 n, cap;
	int			 nomem;
};

/* Where one transaction's transfers start and what they share. */
struct txctx {
	uint64_t		 block, timestamp;
	uint32_t		 tx_index;
	struct eth_hash		 hash;
	size_t			 first;		/* its first in the list */
};

static struct trace_transfer *
xadd(struct xlist *l, const struct txctx *tx, uint32_t order,
    const struct eth_addr *from, const struct eth_addr *to,
    const struct eth_addr *asset, const struct u256 *amount, int kind)
{
	struct trace_transfer *t, *v;
	size_t cap;

	if (l->nomem || u256_is_zero(amount)) {
		return NULL;
	}
	if (l->n == l->cap) {
		cap = l->cap != 0 ? 2 * l->cap : 64;
		v = realloc(l->v, cap * sizeof(*v));
		if (v == NULL) {
			l->nomem = 1;
			return NULL;
		}
		l->v = v;
		l->cap = cap;
	}
	t = &l->v[l->n++];
	memset(t, 0, sizeof(*t));
	t->block = tx->block;
	t->timestamp = tx->timestamp;
	t->tx_index = tx->tx_index;
	t->order = order;
	t->tx_hash = tx->hash;
	t->from = *from;
	t->to = *to;
	if (asset != NULL) {
		t->asset = *asset;
	}
	t->amount = *amount;
	t->kind = (uint8_t)kind;
	return t;
}

static int
addr_in(const struct eth_addr *a, const struct eth_addr *set, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (memcmp(a->b, set[i].b, sizeof(a->b)) == 0) {
			return 1;
		}
	}
	return 0;
}

static const struct trace_pool *
pool_of(const struct trace_known *k, const struct eth_addr *a)
{
	size_t i;

	for (i = 0; i < k->npools; i++) {
		if (memcmp(a->b, k->pools[i].address.b, sizeof(a->b)) == 0) {
			return &k->pools[i];
		}
	}
	return NULL;
}

static int
moves_value(uint8_t kind)
{
	return kind == ETH_CALL_CALL || kind == ETH_CALL_CREATE ||
	    kind == ETH_CALL_CREATE2 || kind == ETH_CALL_SELFDESTRUCT;
}

/* The low 20 bytes of a 32-byte ABI word or topic. */
static void
word_addr(struct eth_addr *a, const uint8_t *w)
{
	memcpy(a->b, w + 12, sizeof(a->b));
}

/*
 * An ETH payout that a log stands for: when a frame of this tx already
 * moved it (same from, to and amount, still kind internal), that frame
 * takes the log's kind; else the edge is added with the log's order.
 */
static void
payout(struct xlist *l, const struct txctx *tx, uint32_t order,
    const struct eth_addr *from, const struct eth_addr *to,
    const struct u256 *amount, int kind)
{
	static const struct eth_addr eth;
	struct trace_transfer *t;
	size_t i;

	if (u256_is_zero(amount)) {
		return;
	}
	for (i = tx->first; i < l->n; i++) {
		t = &l->v[i];
		if (t->kind == TRACE_INTERNAL &&
		    memcmp(t->from.b, from->b, 20) == 0 &&
		    memcmp(t->to.b, to->b, 20) == 0 &&
		    u256_cmp(&t->amount, amount) == 0) {
			t->kind = (uint8_t)kind;
			return;
		}
	}
	xadd(l, tx, order, from, to, &eth, amount, kind);
}

static void
one_log(struct xlist *l, const struct txctx *tx, uint32_t order,
    const struct eth_log *g, const struct trace_known *k)
{
	const struct trace_pool *pool;
	struct eth_addr a1, a2;
	struct u256 v, fee, rest;

	if (g->removed || g->ntopics == 0) {
		return;
	}
	if (g->ntopics == 3 && g->data_len == 32 &&
	    memcmp(g->topics[0].b, store_transfer_topic, 32) == 0) {
		word_addr(&a1, g->topics[1].b);
		word_addr(&a2, g->topics[2].b);
		u256_from_be(&v, g->data, 32);
		xadd(l, tx, order, &a1, &a2, &g->address, &v, TRACE_ERC20);
		return;
	}
	if (g->ntopics == 2 && g->data_len == 32 &&
	    addr_in(&g->address, k->weth, k->nweth)) {
		word_addr(&a1, g->topics[1].b);
		u256_from_be(&v, g->data, 32);
		if (memcmp(g->topics[0].b, trace_weth_deposit_topic,
		    32) == 0) {
			xadd(l, tx, order, &g->address, &a1, &g->address, &v,
			    TRACE_WETH);
		} else if (memcmp(g->topics[0].b,
		    trace_weth_withdrawal_topic, 32) == 0) {
			xadd(l, tx, order, &a1, &g->address, &g->address, &v,
			    TRACE_WETH);
			payout(l, tx, order + 1, &g->address, &a1, &v,
			    TRACE_WETH);
		}
		return;
	}
	if (g->ntopics == 2 && g->data_len == 96 &&
	    memcmp(g->topics[0].b, trace_tornado_withdrawal_topic, 32) == 0) {
		pool = pool_of(k, &g->address);
		if (pool == NULL) {
			return;
		}
		word_addr(&a1, g->data);
		word_addr(&a2, g->topics[1].b);
		u256_from_be(&fee, g->data + 64, 32);
		/* The contract requires fee <= denomination. */
		if (u256_sub(&rest, &pool->denomination, &fee) == -1) {
			return;
		}
		payout(l, tx, order, &g->address, &a1, &rest, TRACE_MIXER);
		payout(l, tx, order + 1, &g->address, &a2, &fee, TRACE_MIXER);
	}
}

/* Whether tx i failed: its receipt's status, else a failed top frame. */
static int
tx_failed(const struct eth_receipts *rs, const struct eth_call *top,
    size_t i)
{
	if (rs != NULL && i < rs->n && rs->r[i].has_status) {
		return rs->r[i].status == 0;
	}
	return top != NULL && top->failed;
}

static void
one_tx(struct xlist *l, const struct eth_block *b,
    const struct eth_receipts *rs, const struct eth_call *const *fr,
    size_t nfr, size_t i, const struct trace_known *k)
{
	static const struct eth_addr eth;
	const struct eth_receipt *r = NULL;
	const struct eth_call *top = NULL, *c;
	const struct eth_tx *t = NULL;
	struct trace_transfer *x;
	struct eth_addr to;
	struct txctx tx;
	size_t j;
	int has_to;

	if (rs != NULL && i < rs->n) {
		r = &rs->r[i];
	}
	if (i < b->ntxs) {
		t = &b->txs[i];
	}
	for (j = 0; j < nfr; j++) {
		if (fr[j]->depth == 0) {
			top = fr[j];
			break;
		}
	}
	if (tx_failed(rs, top, i)) {
		return;
	}
	memset(&tx, 0, sizeof(tx));
	tx.block = b->h.number;
	tx.timestamp = b->h.timestamp;
	tx.tx_index = (uint32_t)i;
	tx.first = l->n;
	if (t != NULL) {
		tx.hash = t->hash;
	} else if (i < b->ntx_hashes) {
		tx.hash = b->tx_hashes[i];
	} else if (r != NULL) {
		tx.hash = r->tx_hash;
	} else if (top != NULL) {
		tx.hash = top->tx_hash;
	}
	/* Order 0: the transaction's own value. */
	if (t != NULL) {
		has_to = t->has_to;
		to = t->to;
		if (!has_to && r != NULL && r->has_contract) {
			has_to = 1;
			to = r->contract_address;
		} else if (!has_to && top != NULL && top->has_to) {
			has_to = 1;
			to = top->to;
		}
		if (has_to) {
			x = xadd(l, &tx, 0, &t->from, &to, &eth, &t->value,
			    TRACE_NATIVE);
			if (x != NULL && pool_of(k, &to) != NULL) {
				x->kind = TRACE_MIXER;
			}
		}
	} else if (top != NULL && top->has_value && top->has_to) {
		x = xadd(l, &tx, 0, &top->from, &top->to, &eth, &top->value,
		    TRACE_NATIVE);
		if (x != NULL && pool_of(k, &top->to) != NULL) {
			x->kind = TRACE_MIXER;
		}
	}
	/* Orders 1..nfr: the frames that moved value. */
	for (j = 0; j < nfr; j++) {
		c = fr[j];
		if (c->depth == 0 || c->failed || !c->has_value ||
		    !c->has_to || !moves_value(c->kind)) {
			continue;
		}
		x = xadd(l, &tx, (uint32_t)(1 + j), &c->from, &c->to, &eth,
		    &c->value, TRACE_INTERNAL);
		if (x != NULL && pool_of(k, &c->to) != NULL) {
			x->kind = TRACE_MIXER;
		}
	}
	/* Then the logs, two order numbers each. */
	for (j = 0; r != NULL && j < r->nlogs; j++) {
		one_log(l, &tx, (uint32_t)(1 + nfr + 2 * j), &r->logs[j], k);
	}
}

int
trace_block_transfers(const struct eth_block *b,
    const struct eth_receipts *rs, const struct eth_traces *ts,
    const struct trace_known *known, struct trace_transfer **out,
    size_t *n, int *has_traces, struct err *err)
{
	const struct eth_call **fr = NULL;
	struct xlist l;
	uint32_t *start = NULL;
	size_t ntx, i, nfr;
	int ret = -1;

	*out = NULL;
	*n = 0;
	*has_traces = ts != NULL;
	memset(&l, 0, sizeof(l));
	if (known == NULL) {
		known = &known_default;
	}
	ntx = b->ntxs;
	if (b->ntx_hashes > ntx) {
		ntx = b->ntx_hashes;
	}
	if (rs != NULL && rs->n > ntx) {
		ntx = rs->n;
	}
	nfr = ts != NULL ? ts->n : 0;
	for (i = 0; i < nfr; i++) {
		if (ts->c[i].tx_index != ETH_CALL_NO_TX &&
		    ts->c[i].tx_index >= ntx) {
			ntx = (size_t)ts->c[i].tx_index + 1;
		}
	}
	/* About one transfer a transaction, frame and log: one allocation
	   for most blocks. */
	l.cap = ntx + nfr + 16;
	for (i = 0; rs != NULL && i < rs->n; i++) {
		l.cap += rs->r[i].nlogs;
	}
	l.v = malloc(l.cap * sizeof(*l.v));
	if (l.v == NULL) {
		err_set(err, ERR_SYS, ENOMEM, "out of memory");
		goto out;
	}
	/* Bucket the frames by transaction, keeping execution order. */
	start = calloc(ntx + 2, sizeof(*start));
	fr = calloc(nfr + 1, sizeof(*fr));
	if (start == NULL || fr == NULL) {
		err_set(err, ERR_SYS, ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < nfr; i++) {
		if (ts->c[i].tx_index != ETH_CALL_NO_TX) {
			start[ts->c[i].tx_index + 1]++;
		}
	}
	for (i = 0; i < ntx; i++) {
		start[i + 1] += start[i];
	}
	for (i = 0; i < nfr; i++) {
		if (ts->c[i].tx_index != ETH_CALL_NO_TX) {
			fr[start[ts->c[i].tx_index]++] = &ts->c[i];
		}
	}
	/* The fill moved each start to the next one's: move them back. */
	for (i = ntx; i > 0; i--) {
		start[i] = start[i - 1];
	}
	start[0] = 0;
	/* Frames of tx i: fr[start[i] .. start[i + 1]). */
	for (i = 0; i < ntx; i++) {
		one_tx(&l, b, rs, fr + start[i], start[i + 1] - start[i], i,
		    known);
	}
	if (l.nomem) {
		err_set(err, ERR_SYS, ENOMEM, "out of memory");
		goto out;
	}
	if (l.n == 0) {
		free(l.v);
		l.v = NULL;
	}
	*out = l.v;
	*n = l.n;
	l.v = NULL;
	ret = 0;
out:
	free(l.v);
	free(start);
	free(fr);
	return ret;
}

const char *
trace_kind_name(int kind)
{
	switch (kind) {
	case TRACE_NATIVE:
		return "native";
	case TRACE_INTERNAL:
		return "internal";
	case TRACE_ERC20:
		return "erc20";
	case TRACE_WETH:
		return "weth";
	case TRACE_MIXER:
		return "mixer";
	default:
		return "unknown";
	}
}

const char *
trace_model_name(int model)
{
	switch (model) {
	case TRACE_POISON:
		return "poison";
	case TRACE_HAIRCUT:
		return "haircut";
	case TRACE_FIFO:
		return "fifo";
	default:
		return "unknown";
	}
}

const char *
trace_stop_name(int reason)
{
	switch (reason) {
	case TRACE_STOP_HUB:
		return "hub";
	case TRACE_STOP_HOPS:
		return "hops";
	case TRACE_STOP_MIN_VALUE:
		return "min-value";
	case TRACE_STOP_MAX_NODES:
		return "max-nodes";
	case TRACE_STOP_DUST:
		return "dust";
	default:
		return "unknown";
	}
}
