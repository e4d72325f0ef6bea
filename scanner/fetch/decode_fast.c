/*
 * decode_fast.c - the hot responses decoded straight from the text with
 * jscan, no JSON tree: eth_getBlockByNumber / ByHash (with transaction
 * objects or hashes) here, eth_getBlockReceipts in decode_fast_receipt.c,
 * with the readers they share. It fills exactly what
 * decode_block() and decode_receipts() fill from jansson's tree, under
 * the same rules, or gives up: anything it does not fully handle
 * (escapes or non-ASCII in any string, a number jansson could refuse, a
 * duplicate key, an error object, a null result, a bad field, an odd
 * shape) returns "not handled" and the caller runs the jansson path,
 * which stays the reference for every message and edge.
 *
 * Arena use is the jansson path's, allocation for allocation, or more
 * (an access list of a legacy tx is read here, ignored there): so a cap
 * the fast path meets, the jansson path meets too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "decode_int.h"
#include "hex.h"
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

#define TX(t)		(1u << (t))
#define TX_ALL		(TX(0) | TX(1) | TX(2) | TX(3) | TX(4))
#define TX_1559		(TX(2) | TX(3) | TX(4))

/* ---- scratch and arena ---- */

void *
decode_vec_push(struct decode_vec *v, size_t size)
{
	unsigned char *p;
	size_t cap;

	if (v->n == v->cap) {
		cap = v->cap == 0 ? 16 : 2 * v->cap;
		if (cap > SIZE_MAX / size) {
			return NULL;
		}
		p = realloc(v->p, cap * size);
		if (p == NULL) {
			return NULL;
		}
		v->p = p;
		v->cap = cap;
	}
	p = v->p + v->n * size;
	v->n++;
	memset(p, 0, size);
	return p;
}

void *
decode_vec_take(struct decode_fast *f, struct decode_vec *v, size_t size,
    size_t *n)
{
	void *p;

	*n = 0;
	if (v->n == 0) {
		return NULL;
	}
	p = arena_alloc(f->a, v->n * size);
	if (p == NULL) {
		*n = SIZE_MAX;
		return NULL;
	}
	memcpy(p, v->p, v->n * size);
	*n = v->n;
	v->n = 0;
	return p;
}

/* ---- value readers: the forms of decode_read.c ---- */

static int
is_str(const struct jscan_val *v)
{
	return v != NULL && v->type == JSCAN_STRING;
}

int
decode_fast_fixed(const struct jscan_val *v, uint8_t *out, size_t n)
{
	if (!is_str(v) || v->n != 2 + 2 * n || v->p[0] != '0' ||
	    v->p[1] != 'x') {
		return -1;
	}
	return hex_decode(out, n, v->p + 2, 2 * n);
}

/* "0x", 1-64 hex digits after leading zeros. */
int
decode_fast_u256(const struct jscan_val *v, struct u256 *out)
{
	char pad[64];
	uint8_t be[32];
	const char *s;
	size_t n, k, i;
	uint64_t x;
	int d;

	if (!is_str(v) || v->n < 3 || v->p[0] != '0' || v->p[1] != 'x') {
		return -1;
	}
	s = v->p;
	n = v->n;
	for (k = 2; k + 1 < n && s[k] == '0'; k++) {
		continue;
	}
	if (n - k > 64) {
		return -1;
	}
	memset(out, 0, sizeof(*out));
	if (n - k <= 16) {
		for (x = 0, i = k; i < n; i++) {
			d = hex_digit((unsigned char)s[i]);
			if (d < 0) {
				return -1;
			}
			x = x << 4 | (unsigned)d;
		}
		out->w[0] = x;
		return 0;
	}
	/* r, s and other big ones: right-aligned, 32 bytes at once */
	memset(pad, '0', sizeof(pad));
	memcpy(pad + 64 - (n - k), s + k, n - k);
	if (hex_decode(be, 32, pad, 64) != 0) {
		return -1;
	}
	return u256_from_be(out, be, 32);
}

int
decode_fast_u64(const struct jscan_val *v, uint64_t *out)
{
	struct u256 x;

	if (rd_u256(v, &x) != 0 || (x.w[1] | x.w[2] | x.w[3]) != 0) {
		return -1;
	}
	*out = x.w[0];
	return 0;
}

int
decode_fast_u32(const struct jscan_val *v, uint32_t *out)
{
	uint64_t x;

	if (rd_u64(v, &x) != 0 || x > UINT32_MAX) {
		return -1;
	}
	*out = (uint32_t)x;
	return 0;
}

/* Variable DATA into the arena: len + (len == 0) bytes, as
   decode_rd_bytes allocates. */
int
decode_fast_bytes(struct decode_fast *f, const struct jscan_val *v,
    const uint8_t **p, size_t *n)
{
	uint8_t *buf;
	size_t len;

	if (!is_str(v) || v->n < 2 || v->p[0] != '0' || v->p[1] != 'x' ||
	    v->n % 2 != 0) {
		return -1;
	}
	len = (v->n - 2) / 2;
	buf = arena_alloc(f->a, len + (len == 0));
	if (buf == NULL || hex_decode(buf, len, v->p + 2, 2 * len) != 0) {
		return -1;
	}
	*p = buf;
	*n = len;
	return 0;
}

/* ---- objects ---- */

static int
lookup(const struct decode_key *t, int nt, const struct jscan_val *k)
{
	int i;

	for (i = 0; i < nt; i++) {
		if (t[i].n == k->n && t[i].s[0] == k->p[0] &&
		    memcmp(t[i].s, k->p, k->n) == 0) {
			return i;
		}
	}
	return -1;
}

/*
 * The members of an object just opened: known keys into vals (seen bit
 * i), their containers to fn (or skipped); unknown keys skipped, counted
 * in *unknown (may be NULL). A key twice is a failure.
 */
int
decode_fast_object(struct decode_fast *f, const struct decode_key *t, int nt,
    struct jscan_val *vals, uint32_t *seen, decode_member_fn *fn, void *ctx,
    size_t *unknown)
{
	struct jscan_keys other;
	struct jscan_val k, v;
	int more, i;

	*seen = 0;
	jscan_keys_init(&other);
	for (more = jscan_first(&f->s, JSCAN_OBJECT); more == 1;
	    more = jscan_more(&f->s, JSCAN_OBJECT)) {
		if (jscan_key(&f->s, &k) != 0 || jscan_value(&f->s, &v) != 0) {
			return -1;
		}
		i = lookup(t, nt, &k);
		if (i < 0) {
			if (jscan_keys_add(&f->s, &other, &k) != 0 ||
			    jscan_skip(&f->s, &v) != 0) {
				return -1;
			}
			continue;
		}
		if (*seen & BIT(i)) {
			return -1;
		}
		*seen |= BIT(i);
		vals[i] = v;
		if (v.type != JSCAN_OBJECT && v.type != JSCAN_ARRAY) {
			continue;
		}
		if (fn != NULL ? fn(f, ctx, i, &v) != 0 :
		    jscan_skip(&f->s, &v) != 0) {
			return -1;
		}
	}
	if (unknown != NULL) {
		*unknown = other.n;
	}
	return more;
}

const struct jscan_val *
decode_fast_get(const struct jscan_val *vals, uint32_t seen, int i)
{
	return seen & BIT(i) ? &vals[i] : NULL;
}

/* decode_opt: absent or null is NULL. */
const struct jscan_val *
decode_fast_opt(const struct jscan_val *vals, uint32_t seen, int i)
{
	return seen & BIT(i) && vals[i].type != JSCAN_NULL ? &vals[i] : NULL;
}

/* An array of 32-byte hashes (just opened) into the arena. */
static int
hash_array(struct decode_fast *f, struct eth_hash **out, size_t *n)
{
	struct jscan_val v;
	struct eth_hash *h;
	int more;

	f->hashes.n = 0;
	for (more = jscan_first(&f->s, JSCAN_ARRAY); more == 1;
	    more = jscan_more(&f->s, JSCAN_ARRAY)) {
		h = vec_push(&f->hashes, sizeof(*h));
		if (h == NULL || jscan_value(&f->s, &v) != 0 ||
		    rd_fixed(&v, h->b, 32) != 0) {
			return -1;
		}
	}
	if (more != 0) {
		return -1;
	}
	return TAKE(f, &f->hashes, *out, n);
}

/* ---- access lists and authorizations ---- */

enum { A_ADDRESS, A_KEYS, A_N };
static const struct decode_key access_keys[A_N] = {
	K("address"), K("storageKeys")
};

static int
access_member(struct decode_fast *f, void *ctx, int idx,
    const struct jscan_val *v)
{
	struct eth_access *acc = ctx;

	if (idx == A_KEYS && v->type == JSCAN_ARRAY) {
		return hash_array(f, &acc->keys, &acc->nkeys);
	}
	return jscan_skip(&f->s, v);
}

static int
access_array(struct decode_fast *f, struct eth_access **out, size_t *n)
{
	struct jscan_val vals[A_N], v;
	struct eth_access acc, *p;
	uint32_t seen;
	int more;

	f->access.n = 0;
	for (more = jscan_first(&f->s, JSCAN_ARRAY); more == 1;
	    more = jscan_more(&f->s, JSCAN_ARRAY)) {
		memset(&acc, 0, sizeof(acc));
		if (jscan_value(&f->s, &v) != 0 || v.type != JSCAN_OBJECT ||
		    object(f, access_keys, A_N, vals, &seen, access_member,
		    &acc, NULL) != 0) {
			return -1;
		}
		if (rd_fixed(get(vals, seen, A_ADDRESS), acc.address.b,
		    20) != 0 || !(seen & BIT(A_KEYS)) ||
		    vals[A_KEYS].type != JSCAN_ARRAY) {
			return -1;
		}
		p = vec_push(&f->access, sizeof(*p));
		if (p == NULL) {
			return -1;
		}
		*p = acc;
	}
	if (more != 0) {
		return -1;
	}
	return TAKE(f, &f->access, *out, n);
}

enum { U_CHAIN, U_ADDRESS, U_NONCE, U_YPARITY, U_R, U_S, U_N };
static const struct decode_key auth_keys[U_N] = {
	K("chainId"), K("address"), K("nonce"), K("yParity"), K("r"), K("s")
};

static int
auth_array(struct decode_fast *f, struct eth_auth **out, size_t *n)
{
	struct jscan_val vals[U_N], v;
	struct eth_auth *au;
	uint32_t seen;
	uint64_t yp;
	int more;

	f->auths.n = 0;
	for (more = jscan_first(&f->s, JSCAN_ARRAY); more == 1;
	    more = jscan_more(&f->s, JSCAN_ARRAY)) {
		au = vec_push(&f->auths, sizeof(*au));
		if (au == NULL || jscan_value(&f->s, &v) != 0 ||
		    v.type != JSCAN_OBJECT || object(f, auth_keys, U_N, vals,
		    &seen, NULL, NULL, NULL) != 0) {
			return -1;
		}
		/* EIP-7702 bounds y_parity by 2^8 */
		if (rd_u256(get(vals, seen, U_CHAIN), &au->chain_id) != 0 ||
		    rd_fixed(get(vals, seen, U_ADDRESS), au->address.b,
		    20) != 0 ||
		    rd_u64(get(vals, seen, U_NONCE), &au->nonce) != 0 ||
		    rd_u64(get(vals, seen, U_YPARITY), &yp) != 0 ||
		    yp > UINT8_MAX ||
		    rd_u256(get(vals, seen, U_R), &au->r) != 0 ||
		    rd_u256(get(vals, seen, U_S), &au->s) != 0) {
			return -1;
		}
		au->y_parity = (uint8_t)yp;
	}
	if (more != 0) {
		return -1;
	}
	return TAKE(f, &f->auths, *out, n);
}

/* ---- transactions ---- */

enum {
	T_TYPE, T_HASH, T_FROM, T_NONCE, T_GAS, T_VALUE, T_GAS_PRICE,
	T_MAX_FEE, T_MAX_PRIO, T_MAX_BLOB, T_R, T_S, T_INPUT, T_TO,
	T_CHAIN, T_V, T_YPARITY, T_ACCESS, T_BLOBS, T_AUTHS, T_BLOCK_HASH,
	T_BLOCK_NUMBER, T_INDEX, T_N
};
static const struct decode_key tx_keys[T_N] = {
	K("type"), K("hash"), K("from"), K("nonce"), K("gas"), K("value"),
	K("gasPrice"), K("maxFeePerGas"), K("maxPriorityFeePerGas"),
	K("maxFeePerBlobGas"), K("r"), K("s"), K("input"), K("to"),
	K("chainId"), K("v"), K("yParity"), K("accessList"),
	K("blobVersionedHashes"), K("authorizationList"), K("blockHash"),
	K("blockNumber"), K("transactionIndex")
};

/* The u256 members of decode.c's tx_fields: required, or read when
   present, by type. */
static const struct {
	int		 idx;
	unsigned	 req, opt;
	size_t		 off;
} tx_u256[] = {
	{ T_VALUE, TX_ALL, 0, offsetof(struct eth_tx, value) },
	{ T_GAS_PRICE, TX(0) | TX(1), TX_1559,
	    offsetof(struct eth_tx, gas_price) },
	{ T_MAX_FEE, TX_1559, 0, offsetof(struct eth_tx, max_fee) },
	{ T_MAX_PRIO, TX_1559, 0, offsetof(struct eth_tx, max_priority_fee) },
	{ T_MAX_BLOB, TX(3), 0,
	    offsetof(struct eth_tx, max_fee_per_blob_gas) },
	{ T_R, TX_ALL, 0, offsetof(struct eth_tx, r) },
	{ T_S, TX_ALL, 0, offsetof(struct eth_tx, s) },
};

/* Lists read as they come; which ones count depends on the type. */
struct txlists {
	struct eth_tx	*tx;
	uint32_t	 read;		/* BIT(T_ACCESS) ... */
};

static int
tx_member(struct decode_fast *f, void *ctx, int idx, const struct jscan_val *v)
{
	struct txlists *l = ctx;
	struct eth_tx *tx = l->tx;

	if (v->type != JSCAN_ARRAY) {
		return jscan_skip(&f->s, v);
	}
	l->read |= BIT(idx);
	switch (idx) {
	case T_ACCESS:
		return access_array(f, &tx->access, &tx->naccess);
	case T_BLOBS:
		return hash_array(f, &tx->blob_hashes, &tx->nblob_hashes);
	case T_AUTHS:
		return auth_array(f, &tx->auths, &tx->nauths);
	default:
		l->read &= ~BIT(idx);
		return jscan_skip(&f->s, v);
	}
}

static int
is_parity(const struct u256 *x)
{
	return (x->w[1] | x->w[2] | x->w[3]) == 0 && x->w[0] <= 1;
}

/* decode.c's tx_parity: yParity, v, or both agreeing; 0 or 1. */
static int
tx_parity(struct eth_tx *tx, const struct jscan_val *vals, uint32_t seen)
{
	const struct jscan_val *yp = opt(vals, seen, T_YPARITY),
	    *v = opt(vals, seen, T_V);
	struct u256 a, b;

	if (yp == NULL && v == NULL) {
		return -1;
	}
	if (yp != NULL && (rd_u256(yp, &a) != 0 || !is_parity(&a))) {
		return -1;
	}
	if (v != NULL && (rd_u256(v, &b) != 0 || !is_parity(&b) ||
	    (yp != NULL && memcmp(&a, &b, sizeof(a)) != 0))) {
		return -1;
	}
	tx->v = yp != NULL ? a : b;
	return 0;
}

/* decode.c's tx_obj, on a transaction object just opened. */
static int
tx_object(struct decode_fast *f, struct eth_tx *tx)
{
	struct jscan_val vals[T_N];
	const struct jscan_val *v;
	struct txlists l;
	uint32_t seen;
	uint64_t t;
	size_t i;
	unsigned m;

	memset(tx, 0, sizeof(*tx));
	l.tx = tx;
	l.read = 0;
	if (object(f, tx_keys, T_N, vals, &seen, tx_member, &l, NULL) != 0) {
		return -1;
	}
	v = opt(vals, seen, T_TYPE);
	if (v != NULL) {
		if (rd_u64(v, &t) != 0 || t > ETH_TX_SET_CODE) {
			return -1;
		}
		tx->type = (uint8_t)t;
	}
	m = TX(tx->type);
	if (rd_fixed(get(vals, seen, T_HASH), tx->hash.b, 32) != 0 ||
	    rd_fixed(get(vals, seen, T_FROM), tx->from.b, 20) != 0 ||
	    rd_u64(get(vals, seen, T_NONCE), &tx->nonce) != 0 ||
	    rd_u64(get(vals, seen, T_GAS), &tx->gas) != 0) {
		return -1;
	}
	for (i = 0; i < sizeof(tx_u256) / sizeof(tx_u256[0]); i++) {
		if (tx_u256[i].req & m) {
			v = get(vals, seen, tx_u256[i].idx);
		} else if (tx_u256[i].opt & m) {
			v = opt(vals, seen, tx_u256[i].idx);
			if (v == NULL) {
				continue;
			}
		} else {
			continue;
		}
		if (rd_u256(v, (struct u256 *)(void *)((unsigned char *)tx +
		    tx_u256[i].off)) != 0) {
			return -1;
		}
	}
	if (rd_bytes(f, get(vals, seen, T_INPUT), &tx->input,
	    &tx->input_len) != 0) {
		return -1;
	}
	/* "to": null for a creation, which blob and set-code txs cannot be */
	v = get(vals, seen, T_TO);
	if (v == NULL) {
		return -1;
	}
	if (v->type != JSCAN_NULL) {
		if (rd_fixed(v, tx->to.b, 20) != 0) {
			return -1;
		}
		tx->has_to = 1;
	} else if (tx->type >= ETH_TX_BLOB) {
		return -1;
	}
	/* chainId: optional on legacy txs only */
	if (tx->type != ETH_TX_LEGACY || opt(vals, seen, T_CHAIN) != NULL) {
		if (rd_u64(get(vals, seen, T_CHAIN), &tx->chain_id) != 0) {
			return -1;
		}
		tx->has_chain_id = 1;
	}
	if (tx->type == ETH_TX_LEGACY) {
		if (rd_u256(get(vals, seen, T_V), &tx->v) != 0) {
			return -1;
		}
		/* lists the jansson path does not read for this type */
		tx->access = NULL;
		tx->naccess = 0;
	} else if (tx_parity(tx, vals, seen) != 0 ||
	    !(l.read & BIT(T_ACCESS))) {
		return -1;
	}
	if (tx->type == ETH_TX_BLOB) {
		if (!(l.read & BIT(T_BLOBS))) {
			return -1;
		}
	} else {
		tx->blob_hashes = NULL;
		tx->nblob_hashes = 0;
	}
	if (tx->type == ETH_TX_SET_CODE) {
		if (!(l.read & BIT(T_AUTHS))) {
			return -1;
		}
	} else {
		tx->auths = NULL;
		tx->nauths = 0;
	}
	/* blockHash, blockNumber, transactionIndex: all set, or all null */
	if (opt(vals, seen, T_BLOCK_HASH) == NULL) {
		return opt(vals, seen, T_BLOCK_NUMBER) != NULL ||
		    opt(vals, seen, T_INDEX) != NULL ? -1 : 0;
	}
	if (rd_fixed(get(vals, seen, T_BLOCK_HASH), tx->block_hash.b,
	    32) != 0 ||
	    rd_u64(get(vals, seen, T_BLOCK_NUMBER), &tx->block_number) != 0 ||
	    rd_u32(get(vals, seen, T_INDEX), &tx->index) != 0) {
		return -1;
	}
	tx->has_block = 1;
	return 0;
}

/* ---- blocks ---- */

enum {
	B_HASH, B_PARENT, B_OMMERS, B_MINER, B_STATE, B_TX_ROOT,
	B_RECEIPTS_ROOT, B_BLOOM, B_DIFFICULTY, B_NUMBER, B_GAS_LIMIT,
	B_GAS_USED, B_TIMESTAMP, B_MIX, B_NONCE, B_EXTRA, B_BASE_FEE,
	B_WD_ROOT, B_BLOB_GAS, B_EXCESS_BLOB, B_BEACON, B_REQUESTS,
	B_TXS, B_UNCLES, B_WDS,
	/* the envelope's, read at the top level only */
	E_JSONRPC, E_ID, E_RESULT, E_ERROR, E_N
};
#define B_N		E_JSONRPC
#define B_MASK		(BIT(B_N) - 1)

static const struct decode_key block_keys[E_N] = {
	K("hash"), K("parentHash"), K("sha3Uncles"), K("miner"),
	K("stateRoot"), K("transactionsRoot"), K("receiptsRoot"),
	K("logsBloom"), K("difficulty"), K("number"), K("gasLimit"),
	K("gasUsed"), K("timestamp"), K("mixHash"), K("nonce"),
	K("extraData"), K("baseFeePerGas"), K("withdrawalsRoot"),
	K("blobGasUsed"), K("excessBlobGas"), K("parentBeaconBlockRoot"),
	K("requestsHash"), K("transactions"), K("uncles"), K("withdrawals"),
	K("jsonrpc"), K("id"), K("result"), K("error")
};

/* decode.c's header_fields: fixed-size hashes and numbers. */
static const struct {
	int		 idx;
	size_t		 len;		/* bytes; 0: a u64; 1: the u256 */
	size_t		 off;
} header_fixed[] = {
	{ B_HASH, 32, offsetof(struct eth_header, hash) },
	{ B_PARENT, 32, offsetof(struct eth_header, parent_hash) },
	{ B_OMMERS, 32, offsetof(struct eth_header, ommers_hash) },
	{ B_MINER, 20, offsetof(struct eth_header, miner) },
	{ B_STATE, 32, offsetof(struct eth_header, state_root) },
	{ B_TX_ROOT, 32, offsetof(struct eth_header, tx_root) },
	{ B_RECEIPTS_ROOT, 32, offsetof(struct eth_header, receipts_root) },
	{ B_BLOOM, 256, offsetof(struct eth_header, logs_bloom) },
	{ B_DIFFICULTY, 1, offsetof(struct eth_header, difficulty) },
	{ B_NUMBER, 0, offsetof(struct eth_header, number) },
	{ B_GAS_LIMIT, 0, offsetof(struct eth_header, gas_limit) },
	{ B_GAS_USED, 0, offsetof(struct eth_header, gas_used) },
	{ B_TIMESTAMP, 0, offsetof(struct eth_header, timestamp) },
	{ B_MIX, 32, offsetof(struct eth_header, mix_hash) },
	{ B_NONCE, 8, offsetof(struct eth_header, nonce) },
};

/* One block object's members, and what its arrays held. */
struct blk {
	struct jscan_val	 vals[E_N];
	uint32_t		 seen;
	size_t			 unknown;
	uint32_t		 read;		/* BIT(B_TXS) ... parsed */
	struct eth_block	 b;		/* arrays only */
	struct blk		*inner;		/* top level: the result's */
};

static int	block_object(struct decode_fast *f, struct blk *k);

static int
block_txs(struct decode_fast *f, struct blk *k)
{
	struct jscan_val v;
	struct eth_hash *h;
	struct eth_tx *tx;
	int more, hashes = -1;

	f->txs.n = 0;
	f->hashes.n = 0;
	for (more = jscan_first(&f->s, JSCAN_ARRAY); more == 1;
	    more = jscan_more(&f->s, JSCAN_ARRAY)) {
		if (jscan_value(&f->s, &v) != 0) {
			return -1;
		}
		/* as decode.c: hashes when the first one is a string */
		if (hashes == -1) {
			hashes = v.type == JSCAN_STRING &&
			    !(f->flags & DECODE_FULL_TXS);
		}
		if (hashes) {
			h = vec_push(&f->hashes, sizeof(*h));
			if (h == NULL || rd_fixed(&v, h->b, 32) != 0) {
				return -1;
			}
			continue;
		}
		tx = vec_push(&f->txs, sizeof(*tx));
		if (tx == NULL || v.type != JSCAN_OBJECT ||
		    tx_object(f, tx) != 0) {
			return -1;
		}
	}
	if (more != 0 || f->txs.n > UINT32_MAX) {
		return -1;
	}
	if (hashes == 1) {
		return TAKE(f, &f->hashes, k->b.tx_hashes,
		    &k->b.ntx_hashes);
	}
	return TAKE(f, &f->txs, k->b.txs, &k->b.ntxs);
}

enum { W_INDEX, W_VALIDATOR, W_ADDRESS, W_AMOUNT, W_N };
static const struct decode_key wd_keys[W_N] = {
	K("index"), K("validatorIndex"), K("address"), K("amount")
};

static int
withdrawal_array(struct decode_fast *f, struct blk *k)
{
	struct jscan_val vals[W_N], v;
	struct eth_withdrawal *w;
	uint32_t seen;
	int more;

	f->wds.n = 0;
	for (more = jscan_first(&f->s, JSCAN_ARRAY); more == 1;
	    more = jscan_more(&f->s, JSCAN_ARRAY)) {
		w = vec_push(&f->wds, sizeof(*w));
		if (w == NULL || jscan_value(&f->s, &v) != 0 ||
		    v.type != JSCAN_OBJECT || object(f, wd_keys, W_N, vals,
		    &seen, NULL, NULL, NULL) != 0) {
			return -1;
		}
		if (rd_u64(get(vals, seen, W_INDEX), &w->index) != 0 ||
		    rd_u64(get(vals, seen, W_VALIDATOR), &w->validator) != 0 ||
		    rd_fixed(get(vals, seen, W_ADDRESS), w->address.b,
		    20) != 0 ||
		    rd_u64(get(vals, seen, W_AMOUNT), &w->amount_gwei) != 0) {
			return -1;
		}
	}
	if (more != 0) {
		return -1;
	}
	return TAKE(f, &f->wds, k->b.withdrawals, &k->b.nwithdrawals);
}

static int
block_member(struct decode_fast *f, void *ctx, int idx,
    const struct jscan_val *v)
{
	struct blk *k = ctx;

	if (idx == B_TXS && v->type == JSCAN_ARRAY) {
		k->read |= BIT(idx);
		return block_txs(f, k);
	}
	if (idx == B_UNCLES && v->type == JSCAN_ARRAY) {
		k->read |= BIT(idx);
		return hash_array(f, &k->b.uncles, &k->b.nuncles);
	}
	if (idx == B_WDS && v->type == JSCAN_ARRAY) {
		k->read |= BIT(idx);
		return withdrawal_array(f, k);
	}
	if (idx == E_RESULT && v->type == JSCAN_OBJECT && k->inner != NULL) {
		k->read |= BIT(idx);
		return block_object(f, k->inner);
	}
	return jscan_skip(&f->s, v);
}

static int
block_object(struct decode_fast *f, struct blk *k)
{
	/* envelope keys count as unknown inside a result */
	return object(f, block_keys, k->inner != NULL ? E_N : B_N, k->vals,
	    &k->seen, block_member, k, &k->unknown);
}

/* An optional hash member: absent or null leaves it unset. */
static int
opt_hash(const struct blk *k, int idx, struct eth_hash *h, unsigned *has,
    unsigned bit)
{
	const struct jscan_val *v = opt(k->vals, k->seen, idx);

	if (v == NULL) {
		return 0;
	}
	*has |= bit;
	return rd_fixed(v, h->b, 32);
}

/* decode.c's header_obj and block_obj, on the members read. */
static int
block_fill(struct decode_fast *f, struct eth_block *b, const struct blk *k)
{
	struct eth_header *h = &b->h;
	const struct jscan_val *v, *w;
	unsigned char *p;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(header_fixed) / sizeof(header_fixed[0]); i++) {
		v = get(k->vals, k->seen, header_fixed[i].idx);
		p = (unsigned char *)h + header_fixed[i].off;
		if (header_fixed[i].len == 0) {
			rc = rd_u64(v, (uint64_t *)(void *)p);
		} else if (header_fixed[i].len == 1) {
			rc = rd_u256(v, (struct u256 *)(void *)p);
		} else {
			rc = rd_fixed(v, p, header_fixed[i].len);
		}
		if (rc != 0) {
			return -1;
		}
	}
	if (rd_bytes(f, get(k->vals, k->seen, B_EXTRA), &h->extra,
	    &h->extra_len) != 0) {
		return -1;
	}
	v = opt(k->vals, k->seen, B_BASE_FEE);
	if (v != NULL) {
		if (rd_u256(v, &h->base_fee) != 0) {
			return -1;
		}
		h->has |= ETH_H_BASE_FEE;
	}
	if (opt_hash(k, B_WD_ROOT, &h->withdrawals_root, &h->has,
	    ETH_H_WITHDRAWALS) != 0) {
		return -1;
	}
	/* EIP-4844: the two come together */
	v = opt(k->vals, k->seen, B_BLOB_GAS);
	w = opt(k->vals, k->seen, B_EXCESS_BLOB);
	if (v != NULL || w != NULL) {
		if (rd_u64(get(k->vals, k->seen, B_BLOB_GAS),
		    &h->blob_gas_used) != 0 ||
		    rd_u64(get(k->vals, k->seen, B_EXCESS_BLOB),
		    &h->excess_blob_gas) != 0) {
			return -1;
		}
		h->has |= ETH_H_BLOB_GAS;
	}
	if (opt_hash(k, B_BEACON, &h->parent_beacon_root, &h->has,
	    ETH_H_BEACON_ROOT) != 0 ||
	    opt_hash(k, B_REQUESTS, &h->requests_hash, &h->has,
	    ETH_H_REQUESTS) != 0) {
		return -1;
	}
	if (!(k->read & BIT(B_TXS)) || !(k->read & BIT(B_UNCLES))) {
		return -1;
	}
	if (opt(k->vals, k->seen, B_WDS) != NULL) {
		if (!(k->read & BIT(B_WDS))) {
			return -1;
		}
		b->has_withdrawals = 1;
		b->withdrawals = k->b.withdrawals;
		b->nwithdrawals = k->b.nwithdrawals;
	}
	b->txs = k->b.txs;
	b->ntxs = k->b.ntxs;
	b->tx_hashes = k->b.tx_hashes;
	b->ntx_hashes = k->b.ntx_hashes;
	b->uncles = k->b.uncles;
	b->nuncles = k->b.nuncles;
	/* each tx sits where the block says, or is placed there */
	for (i = 0; i < b->ntxs; i++) {
		if (!b->txs[i].has_block) {
			b->txs[i].has_block = 1;
			b->txs[i].block_hash = h->hash;
			b->txs[i].block_number = h->number;
			b->txs[i].index = (uint32_t)i;
		} else if (memcmp(&b->txs[i].block_hash, &h->hash,
		    sizeof(h->hash)) != 0 ||
		    b->txs[i].block_number != h->number ||
		    b->txs[i].index != i) {
			return -1;
		}
	}
	return 0;
}

/* The envelope or the bare result, as decode_parse tells them apart. */
static int
document(struct decode_fast *f, struct eth_block *b)
{
	struct blk *top, *res;
	struct jscan_val v;
	const struct jscan_val *e;
	int env, rc = -1;

	top = calloc(2, sizeof(*top));
	if (top == NULL) {
		return -1;
	}
	res = top + 1;
	top->inner = res;
	if (jscan_value(&f->s, &v) != 0 || v.type != JSCAN_OBJECT ||
	    block_object(f, top) != 0 || jscan_end(&f->s) != 0 ||
	    (f->s.seen & DECODE_DOUBT) != 0) {
		goto out;
	}
	env = (top->seen & BIT(E_JSONRPC)) || ((top->seen & B_MASK) == 0 &&
	    top->unknown == 0 &&
	    (top->seen & (BIT(E_RESULT) | BIT(E_ERROR))) != 0);
	if (env) {
		e = opt(top->vals, top->seen, E_ERROR);
		/* extra members beside the envelope's: leave it to jansson */
		if (e != NULL || (top->seen & B_MASK) != 0 ||
		    !(top->read & BIT(E_RESULT))) {
			goto out;
		}
		rc = block_fill(f, b, res);
	} else if (!(top->seen & BIT(E_RESULT))) {
		rc = block_fill(f, b, top);
	}
out:
	free(top);
	return rc;
}

void
decode_fast_init(struct decode_fast *f, struct arena *a, const char *text,
    size_t len, unsigned flags)
{
	memset(f, 0, sizeof(*f));
	jscan_init(&f->s, text, len, DECODE_FAST_DEPTH);
	f->a = a;
	f->flags = flags;
}

void
decode_fast_release(struct decode_fast *f)
{
	free(f->txs.p);
	free(f->hashes.p);
	free(f->access.p);
	free(f->auths.p);
	free(f->wds.p);
	free(f->receipts.p);
	free(f->logs.p);
}

int
decode_block_fast(struct eth_block *b, const char *text, size_t len,
    const struct decode_opts *o)
{
	struct decode_fast f;
	int rc;

	memset(b, 0, sizeof(*b));
	arena_init(&b->arena, decode_ctx_cap(o));
	decode_fast_init(&f, &b->arena, text, len, o != NULL ? o->flags : 0);
	rc = document(&f, b);
	decode_fast_release(&f);
	if (rc != 0) {
		eth_block_release(b);
		return 0;
	}
	return 1;
}
