/*
 * decode_fast_receipt.c - eth_getBlockReceipts decoded straight from the
 * text (decode_fast.c has the why and the readers): exactly what
 * decode_receipts() fills, or "not handled" for the jansson path.
 */
#include <stdint.h>
#include <string.h>

#include "decode.h"
#include "decode_int.h"
#include "jscan.h"

/* The shared parts of decode_int.h, by the short names of this file. */
#define rd_fixed	decode_fast_fixed
#define rd_u256		decode_fast_u256
#define rd_u64		decode_fast_u64
#define rd_u32		decode_fast_u32
#define rd_bytes	decode_fast_bytes
#define object		decode_fast_object
#define get		decode_fast_get
#define opt		decode_fast_opt
#define vec_push	decode_vec_push
#define TAKE		DECODE_TAKE
#define BIT		DECODE_BIT
#define K		DECODE_KEY

enum {
	L_ADDRESS, L_TOPICS, L_DATA, L_BLOCK_NUMBER, L_TX_HASH, L_TX_INDEX,
	L_LOG_INDEX, L_REMOVED, L_N
};
static const struct decode_key log_keys[L_N] = {
	K("address"), K("topics"), K("data"), K("blockNumber"),
	K("transactionHash"), K("transactionIndex"), K("logIndex"),
	K("removed")
};

/* At most four topics (LOG0..LOG4), straight into the log. */
static int
log_member(struct decode_fast *f, void *ctx, int idx, const struct jscan_val *v)
{
	struct eth_log *l = ctx;
	struct jscan_val e;
	size_t n = 0;
	int more;

	if (idx != L_TOPICS || v->type != JSCAN_ARRAY) {
		return jscan_skip(&f->s, v);
	}
	for (more = jscan_first(&f->s, JSCAN_ARRAY); more == 1;
	    more = jscan_more(&f->s, JSCAN_ARRAY)) {
		if (n == 4 || jscan_value(&f->s, &e) != 0 ||
		    rd_fixed(&e, l->topics[n].b, 32) != 0) {
			return -1;
		}
		n++;
	}
	l->ntopics = (uint8_t)n;
	return more;
}

/* decode_receipt.c's log_obj, on a log object just opened. */
static int
log_object(struct decode_fast *f, struct eth_log *l)
{
	struct jscan_val vals[L_N];
	const struct jscan_val *v;
	uint32_t seen;

	if (object(f, log_keys, L_N, vals, &seen, log_member, l, NULL) != 0 ||
	    rd_fixed(get(vals, seen, L_ADDRESS), l->address.b, 20) != 0 ||
	    !(seen & BIT(L_TOPICS)) || vals[L_TOPICS].type != JSCAN_ARRAY ||
	    rd_bytes(f, get(vals, seen, L_DATA), &l->data,
	    &l->data_len) != 0 ||
	    rd_u64(get(vals, seen, L_BLOCK_NUMBER), &l->block_number) != 0 ||
	    rd_fixed(get(vals, seen, L_TX_HASH), l->tx_hash.b, 32) != 0 ||
	    rd_u32(get(vals, seen, L_TX_INDEX), &l->tx_index) != 0 ||
	    rd_u32(get(vals, seen, L_LOG_INDEX), &l->log_index) != 0) {
		return -1;
	}
	v = opt(vals, seen, L_REMOVED);
	if (v != NULL) {
		if (v->type != JSCAN_TRUE && v->type != JSCAN_FALSE) {
			return -1;
		}
		l->removed = v->type == JSCAN_TRUE;
	}
	return 0;
}

enum {
	R_TYPE, R_TX_HASH, R_TX_INDEX, R_BLOCK_HASH, R_BLOCK_NUMBER, R_FROM,
	R_TO, R_CONTRACT, R_STATUS, R_ROOT, R_CUMULATIVE, R_GAS_USED,
	R_GAS_PRICE, R_BLOOM, R_LOGS, R_N
};
static const struct decode_key receipt_keys[R_N] = {
	K("type"), K("transactionHash"), K("transactionIndex"),
	K("blockHash"), K("blockNumber"), K("from"), K("to"),
	K("contractAddress"), K("status"), K("root"),
	K("cumulativeGasUsed"), K("gasUsed"), K("effectiveGasPrice"),
	K("logsBloom"), K("logs")
};

/* The logs of a receipt, read as they come, checked once it is read. */
struct rlogs {
	struct eth_receipt	*r;
	int			 read;
};

static int
receipt_member(struct decode_fast *f, void *ctx, int idx,
    const struct jscan_val *v)
{
	struct rlogs *rl = ctx;
	struct jscan_val e;
	struct eth_log *l;
	int more;

	if (idx != R_LOGS || v->type != JSCAN_ARRAY) {
		return jscan_skip(&f->s, v);
	}
	f->logs.n = 0;
	for (more = jscan_first(&f->s, JSCAN_ARRAY); more == 1;
	    more = jscan_more(&f->s, JSCAN_ARRAY)) {
		l = vec_push(&f->logs, sizeof(*l));
		if (l == NULL || jscan_value(&f->s, &e) != 0 ||
		    e.type != JSCAN_OBJECT || log_object(f, l) != 0) {
			return -1;
		}
	}
	rl->read = 1;
	return more != 0 ? -1 : TAKE(f, &f->logs, rl->r->logs,
	    &rl->r->nlogs);
}

/* An optional address: absent or null leaves *has 0. */
static int
opt_addr(const struct jscan_val *vals, uint32_t seen, int idx,
    struct eth_addr *a, int *has)
{
	const struct jscan_val *v = opt(vals, seen, idx);

	*has = 0;
	if (v == NULL) {
		return 0;
	}
	*has = 1;
	return rd_fixed(v, a->b, 20);
}

/* decode_receipt.c's receipt_obj, on a receipt object just opened. */
static int
receipt_object(struct decode_fast *f, struct eth_receipt *r,
    struct eth_hash *bh)
{
	struct jscan_val vals[R_N];
	const struct jscan_val *v, *st, *root;
	struct rlogs rl;
	uint32_t seen;
	uint64_t x;
	size_t i;

	memset(r, 0, sizeof(*r));
	rl.r = r;
	rl.read = 0;
	if (object(f, receipt_keys, R_N, vals, &seen, receipt_member, &rl,
	    NULL) != 0) {
		return -1;
	}
	v = opt(vals, seen, R_TYPE);
	if (v != NULL) {
		if (rd_u64(v, &x) != 0 || x > ETH_TX_SET_CODE) {
			return -1;
		}
		r->type = (uint8_t)x;
	}
	if (rd_fixed(get(vals, seen, R_TX_HASH), r->tx_hash.b, 32) != 0 ||
	    rd_u32(get(vals, seen, R_TX_INDEX), &r->tx_index) != 0 ||
	    rd_fixed(get(vals, seen, R_BLOCK_HASH), bh->b, 32) != 0 ||
	    rd_u64(get(vals, seen, R_BLOCK_NUMBER), &r->block_number) != 0 ||
	    opt_addr(vals, seen, R_FROM, &r->from, &r->has_from) != 0 ||
	    opt_addr(vals, seen, R_TO, &r->to, &r->has_to) != 0 ||
	    opt_addr(vals, seen, R_CONTRACT, &r->contract_address,
	    &r->has_contract) != 0) {
		return -1;
	}
	/* EIP-658: status, or before it the state root; an empty root
	   beside a status is no root */
	st = opt(vals, seen, R_STATUS);
	root = opt(vals, seen, R_ROOT);
	if (st != NULL && root != NULL && root->type == JSCAN_STRING &&
	    root->n == 2) {
		root = NULL;
	}
	if (st != NULL && root != NULL) {
		return -1;
	}
	if (st == NULL) {
		if (rd_fixed(root, r->root.b, 32) != 0) {
			return -1;
		}
	} else {
		if (rd_u64(st, &x) != 0 || x > 1) {
			return -1;
		}
		r->has_status = 1;
		r->status = (uint8_t)x;
	}
	if (rd_u64(get(vals, seen, R_CUMULATIVE), &r->cumulative_gas) != 0 ||
	    rd_u64(get(vals, seen, R_GAS_USED), &r->gas_used) != 0) {
		return -1;
	}
	v = opt(vals, seen, R_GAS_PRICE);
	if (v != NULL) {
		if (rd_u256(v, &r->effective_gas_price) != 0) {
			return -1;
		}
		r->has_gas_price = 1;
	}
	if (rd_fixed(get(vals, seen, R_BLOOM), r->logs_bloom, 256) != 0 ||
	    !rl.read) {
		return -1;
	}
	/* each log is the receipt's transaction's, in its block */
	for (i = 0; i < r->nlogs; i++) {
		if (memcmp(&r->logs[i].tx_hash, &r->tx_hash,
		    sizeof(r->tx_hash)) != 0 ||
		    r->logs[i].tx_index != r->tx_index ||
		    r->logs[i].block_number != r->block_number) {
			return -1;
		}
	}
	return 0;
}

/* decode_receipt.c's receipts_arr, on an array just opened. */
static int
receipts_array(struct decode_fast *f, struct eth_receipts *rs)
{
	struct eth_hash bh, bh0;
	struct eth_receipt *r, *out;
	struct jscan_val e;
	uint8_t *seen;
	size_t i, n;
	int more;

	f->receipts.n = 0;
	for (more = jscan_first(&f->s, JSCAN_ARRAY); more == 1;
	    more = jscan_more(&f->s, JSCAN_ARRAY)) {
		r = vec_push(&f->receipts, sizeof(*r));
		if (r == NULL || jscan_value(&f->s, &e) != 0 ||
		    e.type != JSCAN_OBJECT || receipt_object(f, r, &bh) != 0) {
			return -1;
		}
		if (f->receipts.n == 1) {
			bh0 = bh;
		} else if (memcmp(&bh, &bh0, sizeof(bh)) != 0) {
			return -1;
		}
	}
	n = f->receipts.n;
	if (more != 0 || n == 0) {
		return more;
	}
	/* in transaction order: indices 0..n-1, each once, one block */
	out = arena_alloc(f->a, n * sizeof(*out));
	seen = arena_alloc(f->a, n);
	if (out == NULL || seen == NULL) {
		return -1;
	}
	r = (struct eth_receipt *)(void *)f->receipts.p;
	for (i = 0; i < n; i++) {
		if (r[i].tx_index >= n || seen[r[i].tx_index] ||
		    r[i].block_number != r[0].block_number) {
			return -1;
		}
		seen[r[i].tx_index] = 1;
		out[r[i].tx_index] = r[i];
	}
	rs->r = out;
	rs->n = n;
	return 0;
}

enum { V_JSONRPC, V_ID, V_RESULT, V_ERROR, V_N };
static const struct decode_key envelope_keys[V_N] = {
	K("jsonrpc"), K("id"), K("result"), K("error")
};

/* The envelope of a receipt list, and whether its result was read. */
struct renv {
	struct eth_receipts	*rs;
	int			 read;
};

static int
envelope_member(struct decode_fast *f, void *ctx, int idx,
    const struct jscan_val *v)
{
	struct renv *e = ctx;

	if (idx == V_RESULT && v->type == JSCAN_ARRAY) {
		e->read = 1;
		return receipts_array(f, e->rs);
	}
	return jscan_skip(&f->s, v);
}

/* A bare array, or an envelope (as decode_parse tells) holding one. */
static int
receipts_document(struct decode_fast *f, struct eth_receipts *rs)
{
	struct jscan_val v, vals[V_N];
	struct renv e;
	uint32_t seen;
	size_t unknown;
	int env;

	e.rs = rs;
	e.read = 0;
	if (jscan_value(&f->s, &v) != 0) {
		return -1;
	}
	if (v.type == JSCAN_ARRAY) {
		if (receipts_array(f, rs) != 0) {
			return -1;
		}
	} else {
		if (v.type != JSCAN_OBJECT || object(f, envelope_keys, V_N,
		    vals, &seen, envelope_member, &e, &unknown) != 0) {
			return -1;
		}
		env = (seen & BIT(V_JSONRPC)) || (unknown == 0 &&
		    (seen & (BIT(V_RESULT) | BIT(V_ERROR))) != 0);
		if (!env || opt(vals, seen, V_ERROR) != NULL || !e.read) {
			return -1;
		}
	}
	if (jscan_end(&f->s) != 0 || (f->s.seen & DECODE_DOUBT) != 0) {
		return -1;
	}
	return 0;
}

int
decode_receipts_fast(struct eth_receipts *rs, const char *text, size_t len,
    const struct decode_opts *o)
{
	struct decode_fast f;
	int rc;

	memset(rs, 0, sizeof(*rs));
	arena_init(&rs->arena, decode_ctx_cap(o));
	decode_fast_init(&f, &rs->arena, text, len, 0);
	rc = receipts_document(&f, rs);
	decode_fast_release(&f);
	if (rc != 0) {
		eth_receipts_release(rs);
		return 0;
	}
	return 1;
}

