/*
 * decode.c - JSON-RPC responses into eth.h structs: the envelope, blocks,
 * headers and transactions. Field readers are in decode_read.c, receipts
 * and logs in decode_receipt.c, call traces in decode_trace.c.
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "decode.h"
#include "decode_int.h"
#include "u256.h"

/* Bit t of a mask stands for transaction type t. */
#define TX(t)		(1u << (t))
#define TX_ALL		(TX(0) | TX(1) | TX(2) | TX(3) | TX(4))
#define TX_1559		(TX(2) | TX(3) | TX(4))

enum fkind {
	F_HASH,
	F_ADDR,
	F_U64,
	F_U256,
	F_BLOOM,
	F_NONCE
};

/* A fixed-form member: where it goes, for which tx types it is needed. */
struct field {
	const char	*key;
	enum fkind	 kind;
	unsigned	 req;		/* TX() mask: required */
	unsigned	 opt;		/* TX() mask: read when present */
	size_t		 off;		/* in the struct being filled */
};

static const struct field header_fields[] = {
	{ "hash", F_HASH, TX_ALL, 0, offsetof(struct eth_header, hash) },
	{ "parentHash", F_HASH, TX_ALL, 0,
	    offsetof(struct eth_header, parent_hash) },
	{ "sha3Uncles", F_HASH, TX_ALL, 0,
	    offsetof(struct eth_header, ommers_hash) },
	{ "miner", F_ADDR, TX_ALL, 0, offsetof(struct eth_header, miner) },
	{ "stateRoot", F_HASH, TX_ALL, 0,
	    offsetof(struct eth_header, state_root) },
	{ "transactionsRoot", F_HASH, TX_ALL, 0,
	    offsetof(struct eth_header, tx_root) },
	{ "receiptsRoot", F_HASH, TX_ALL, 0,
	    offsetof(struct eth_header, receipts_root) },
	{ "logsBloom", F_BLOOM, TX_ALL, 0,
	    offsetof(struct eth_header, logs_bloom) },
	{ "difficulty", F_U256, TX_ALL, 0,
	    offsetof(struct eth_header, difficulty) },
	{ "number", F_U64, TX_ALL, 0, offsetof(struct eth_header, number) },
	{ "gasLimit", F_U64, TX_ALL, 0,
	    offsetof(struct eth_header, gas_limit) },
	{ "gasUsed", F_U64, TX_ALL, 0, offsetof(struct eth_header, gas_used) },
	{ "timestamp", F_U64, TX_ALL, 0,
	    offsetof(struct eth_header, timestamp) },
	{ "mixHash", F_HASH, TX_ALL, 0,
	    offsetof(struct eth_header, mix_hash) },
	{ "nonce", F_NONCE, TX_ALL, 0, offsetof(struct eth_header, nonce) },
};

/* gasPrice of 1559-style txs is the effective price, sent once mined. */
static const struct field tx_fields[] = {
	{ "hash", F_HASH, TX_ALL, 0, offsetof(struct eth_tx, hash) },
	{ "from", F_ADDR, TX_ALL, 0, offsetof(struct eth_tx, from) },
	{ "nonce", F_U64, TX_ALL, 0, offsetof(struct eth_tx, nonce) },
	{ "gas", F_U64, TX_ALL, 0, offsetof(struct eth_tx, gas) },
	{ "value", F_U256, TX_ALL, 0, offsetof(struct eth_tx, value) },
	{ "gasPrice", F_U256, TX(0) | TX(1), TX_1559,
	    offsetof(struct eth_tx, gas_price) },
	{ "maxFeePerGas", F_U256, TX_1559, 0,
	    offsetof(struct eth_tx, max_fee) },
	{ "maxPriorityFeePerGas", F_U256, TX_1559, 0,
	    offsetof(struct eth_tx, max_priority_fee) },
	{ "maxFeePerBlobGas", F_U256, TX(3), 0,
	    offsetof(struct eth_tx, max_fee_per_blob_gas) },
	{ "r", F_U256, TX_ALL, 0, offsetof(struct eth_tx, r) },
	{ "s", F_U256, TX_ALL, 0, offsetof(struct eth_tx, s) },
};

static int
read_field(struct decode_ctx *c, void *base, const struct field *f,
    const json_t *v)
{
	unsigned char *p = (unsigned char *)base + f->off;
	int rc = -1;

	decode_push_key(c, f->key);
	switch (f->kind) {
	case F_HASH:
		rc = decode_rd_fixed(c, v, p, 32, "a 32-byte hash");
		break;
	case F_ADDR:
		rc = decode_rd_fixed(c, v, p, 20, "a 20-byte address");
		break;
	case F_BLOOM:
		rc = decode_rd_fixed(c, v, p, 256, "a 256-byte bloom");
		break;
	case F_NONCE:
		rc = decode_rd_fixed(c, v, p, 8, "an 8-byte nonce");
		break;
	case F_U64:
		rc = decode_rd_u64(c, v, (uint64_t *)(void *)p);
		break;
	case F_U256:
		rc = decode_rd_u256(c, v, (struct u256 *)(void *)p);
		break;
	}
	decode_pop(c);
	return rc;
}

/* Fill base from the table entries that apply to tx type `type`. */
static int
read_fields(struct decode_ctx *c, void *base, const json_t *o,
    const struct field *f, size_t n, unsigned type)
{
	const json_t *v;
	size_t i;

	for (i = 0; i < n; i++) {
		if (f[i].req & TX(type)) {
			v = json_object_get(o, f[i].key);
		} else if (f[i].opt & TX(type)) {
			v = decode_opt(o, f[i].key);
			if (v == NULL) {
				continue;
			}
		} else {
			continue;
		}
		if (read_field(c, base, &f[i], v) != 0) {
			return -1;
		}
	}
	return 0;
}

/* ---- headers and blocks ---- */

static int
header_obj(struct decode_ctx *c, struct eth_header *h, const json_t *o)
{
	const json_t *v, *w;

	if (read_fields(c, h, o, header_fields, sizeof(header_fields) /
	    sizeof(header_fields[0]), 0) != 0) {
		return -1;
	}
	if (decode_get_bytes(c, o, "extraData", &h->extra, &h->extra_len) != 0) {
		return -1;
	}
	v = decode_opt(o, "baseFeePerGas");
	if (v != NULL) {
		if (decode_get_u256(c, o, "baseFeePerGas", &h->base_fee) != 0) {
			return -1;
		}
		h->has |= ETH_H_BASE_FEE;
	}
	v = decode_opt(o, "withdrawalsRoot");
	if (v != NULL) {
		if (decode_get_hash(c, o, "withdrawalsRoot",
		    &h->withdrawals_root) != 0) {
			return -1;
		}
		h->has |= ETH_H_WITHDRAWALS;
	}
	/* EIP-4844: the two come together. */
	v = decode_opt(o, "blobGasUsed");
	w = decode_opt(o, "excessBlobGas");
	if (v != NULL || w != NULL) {
		if (decode_get_u64(c, o, "blobGasUsed", &h->blob_gas_used) != 0 ||
		    decode_get_u64(c, o, "excessBlobGas",
		    &h->excess_blob_gas) != 0) {
			return -1;
		}
		h->has |= ETH_H_BLOB_GAS;
	}
	v = decode_opt(o, "parentBeaconBlockRoot");
	if (v != NULL) {
		if (decode_get_hash(c, o, "parentBeaconBlockRoot",
		    &h->parent_beacon_root) != 0) {
			return -1;
		}
		h->has |= ETH_H_BEACON_ROOT;
	}
	v = decode_opt(o, "requestsHash");
	if (v != NULL) {
		if (decode_get_hash(c, o, "requestsHash",
		    &h->requests_hash) != 0) {
			return -1;
		}
		h->has |= ETH_H_REQUESTS;
	}
	return 0;
}

static int
hash_list(struct decode_ctx *c, const json_t *arr, struct eth_hash **out,
    size_t *n)
{
	size_t i, len = json_array_size(arr);

	*out = NULL;
	*n = 0;
	if (len == 0) {
		return 0;
	}
	*out = decode_alloc_array(c, len, sizeof(**out));
	if (*out == NULL) {
		return -1;
	}
	for (i = 0; i < len; i++) {
		decode_push_idx(c, i);
		if (decode_rd_hash(c, json_array_get(arr, i), &(*out)[i]) != 0) {
			return -1;
		}
		decode_pop(c);
	}
	*n = len;
	return 0;
}

static int
withdrawals(struct decode_ctx *c, struct eth_block *b, const json_t *arr)
{
	struct eth_withdrawal *w;
	const json_t *e;
	size_t i, n = json_array_size(arr);

	b->has_withdrawals = 1;
	if (n == 0) {
		return 0;
	}
	b->withdrawals = decode_alloc_array(c, n, sizeof(*b->withdrawals));
	if (b->withdrawals == NULL) {
		return -1;
	}
	for (i = 0; i < n; i++) {
		w = &b->withdrawals[i];
		e = json_array_get(arr, i);
		decode_push_idx(c, i);
		if (!json_is_object(e)) {
			return decode_fail_got(c, e, "a withdrawal object");
		}
		if (decode_get_u64(c, e, "index", &w->index) != 0 ||
		    decode_get_u64(c, e, "validatorIndex", &w->validator) != 0 ||
		    decode_get_addr(c, e, "address", &w->address) != 0 ||
		    decode_get_u64(c, e, "amount", &w->amount_gwei) != 0) {
			return -1;
		}
		decode_pop(c);
	}
	b->nwithdrawals = n;
	return 0;
}

static int	tx_obj(struct decode_ctx *c, struct eth_tx *tx, const json_t *o);

/* A tx inside a block sits where the block says, or is placed there. */
static int
tx_in_block(struct decode_ctx *c, struct eth_tx *tx,
    const struct eth_header *h, size_t i)
{
	if (!tx->has_block) {
		tx->has_block = 1;
		tx->block_hash = h->hash;
		tx->block_number = h->number;
		tx->index = (uint32_t)i;
		return 0;
	}
	if (memcmp(&tx->block_hash, &h->hash, sizeof(h->hash)) != 0) {
		return decode_fail(c, "blockHash is not the block's hash");
	}
	if (tx->block_number != h->number) {
		return decode_fail(c, "blockNumber %" PRIu64 " is not the "
		    "block's number", tx->block_number);
	}
	if (tx->index != i) {
		return decode_fail(c, "transactionIndex %" PRIu32 " is not "
		    "its position", tx->index);
	}
	return 0;
}

static int
block_txs(struct decode_ctx *c, struct eth_block *b, const json_t *arr,
    unsigned flags)
{
	const json_t *e;
	size_t i, n = json_array_size(arr);
	int hashes;

	if (n == 0) {
		return 0;
	}
	if (n > UINT32_MAX) {
		return decode_fail(c, "%zu transactions", n);
	}
	hashes = json_is_string(json_array_get(arr, 0)) &&
	    !(flags & DECODE_FULL_TXS);
	if (hashes) {
		return hash_list(c, arr, &b->tx_hashes, &b->ntx_hashes);
	}
	b->txs = decode_alloc_array(c, n, sizeof(*b->txs));
	if (b->txs == NULL) {
		return -1;
	}
	for (i = 0; i < n; i++) {
		e = json_array_get(arr, i);
		decode_push_idx(c, i);
		if (tx_obj(c, &b->txs[i], e) != 0 ||
		    tx_in_block(c, &b->txs[i], &b->h, i) != 0) {
			return -1;
		}
		decode_pop(c);
	}
	b->ntxs = n;
	return 0;
}

static int
block_obj(struct decode_ctx *c, struct eth_block *b, const json_t *o,
    unsigned flags)
{
	const json_t *txs, *uncles, *wd;

	if (!json_is_object(o)) {
		return decode_fail_got(c, o, "a block object");
	}
	decode_peek_block(c, o, "number");
	if (header_obj(c, &b->h, o) != 0) {
		return -1;
	}
	if (decode_get_array(c, o, "transactions", 0, &txs) != 0 ||
	    decode_get_array(c, o, "uncles", 0, &uncles) != 0 ||
	    decode_get_array(c, o, "withdrawals", 1, &wd) != 0) {
		return -1;
	}
	decode_push_key(c, "transactions");
	if (block_txs(c, b, txs, flags) != 0) {
		return -1;
	}
	decode_pop(c);
	decode_push_key(c, "uncles");
	if (hash_list(c, uncles, &b->uncles, &b->nuncles) != 0) {
		return -1;
	}
	decode_pop(c);
	if (wd != NULL) {
		decode_push_key(c, "withdrawals");
		if (withdrawals(c, b, wd) != 0) {
			return -1;
		}
		decode_pop(c);
	}
	return 0;
}

int
decode_block(struct eth_block *b, const json_t *result,
    const struct decode_opts *o, struct err *err)
{
	struct decode_ctx c;

	memset(b, 0, sizeof(*b));
	if (result == NULL || json_is_null(result)) {
		return 0;
	}
	arena_init(&b->arena, decode_ctx_cap(o));
	decode_ctx_init(&c, err, o, "eth_getBlockByNumber", &b->arena);
	if (block_obj(&c, b, result, o != NULL ? o->flags : 0) != 0) {
		eth_block_release(b);
		return -1;
	}
	return 1;
}

int
decode_header(struct eth_header *h, struct arena *a, const json_t *result,
    const struct decode_opts *o, struct err *err)
{
	struct decode_ctx c;

	memset(h, 0, sizeof(*h));
	if (result == NULL || json_is_null(result)) {
		return 0;
	}
	decode_ctx_init(&c, err, o, "eth_getUncleByBlockHashAndIndex", a);
	if (!json_is_object(result)) {
		return decode_fail_got(&c, result, "a block object");
	}
	decode_peek_block(&c, result, "number");
	if (header_obj(&c, h, result) != 0) {
		memset(h, 0, sizeof(*h));
		return -1;
	}
	return 1;
}

/* ---- transactions ---- */

static int
access_list(struct decode_ctx *c, struct eth_tx *tx, const json_t *arr)
{
	struct eth_access *acc;
	const json_t *e, *keys;
	size_t i, n = json_array_size(arr);

	if (n == 0) {
		return 0;
	}
	tx->access = decode_alloc_array(c, n, sizeof(*tx->access));
	if (tx->access == NULL) {
		return -1;
	}
	for (i = 0; i < n; i++) {
		acc = &tx->access[i];
		e = json_array_get(arr, i);
		decode_push_idx(c, i);
		if (!json_is_object(e)) {
			return decode_fail_got(c, e, "an access-list entry");
		}
		if (decode_get_addr(c, e, "address", &acc->address) != 0 ||
		    decode_get_array(c, e, "storageKeys", 0, &keys) != 0) {
			return -1;
		}
		decode_push_key(c, "storageKeys");
		if (hash_list(c, keys, &acc->keys, &acc->nkeys) != 0) {
			return -1;
		}
		decode_pop(c);
		decode_pop(c);
	}
	tx->naccess = n;
	return 0;
}

/* EIP-7702: [{chainId, address, nonce, yParity, r, s}]. */
static int
auth_list(struct decode_ctx *c, struct eth_tx *tx, const json_t *arr)
{
	struct eth_auth *au;
	const json_t *e;
	uint64_t yp;
	size_t i, n = json_array_size(arr);

	if (n == 0) {
		return 0;
	}
	tx->auths = decode_alloc_array(c, n, sizeof(*tx->auths));
	if (tx->auths == NULL) {
		return -1;
	}
	for (i = 0; i < n; i++) {
		au = &tx->auths[i];
		e = json_array_get(arr, i);
		decode_push_idx(c, i);
		if (!json_is_object(e)) {
			return decode_fail_got(c, e, "an authorization");
		}
		if (decode_get_u256(c, e, "chainId", &au->chain_id) != 0 ||
		    decode_get_addr(c, e, "address", &au->address) != 0 ||
		    decode_get_u64(c, e, "nonce", &au->nonce) != 0 ||
		    decode_get_u64(c, e, "yParity", &yp) != 0 ||
		    decode_get_u256(c, e, "r", &au->r) != 0 ||
		    decode_get_u256(c, e, "s", &au->s) != 0) {
			return -1;
		}
		/* EIP-7702 bounds y_parity by 2^8 (the tx stays valid). */
		if (yp > UINT8_MAX) {
			decode_push_key(c, "yParity");
			return decode_fail_got(c, json_object_get(e, "yParity"),
			    "a y-parity below 2^8");
		}
		au->y_parity = (uint8_t)yp;
		decode_pop(c);
	}
	tx->nauths = n;
	return 0;
}

static int
is_parity(const struct u256 *x)
{
	return (x->w[1] | x->w[2] | x->w[3]) == 0 && x->w[0] <= 1;
}

/* Typed txs: yParity, or v where the node sends only that; if both,
   they must agree. */
static int
tx_parity(struct decode_ctx *c, struct eth_tx *tx, const json_t *o)
{
	const json_t *yp = decode_opt(o, "yParity"), *v = decode_opt(o, "v");
	struct u256 a, b;

	if (yp == NULL && v == NULL) {
		decode_push_key(c, "yParity");
		return decode_fail(c, "missing (and no v)");
	}
	if (yp != NULL) {
		if (decode_get_u256(c, o, "yParity", &a) != 0) {
			return -1;
		}
		if (!is_parity(&a)) {
			decode_push_key(c, "yParity");
			return decode_fail_got(c, yp, "0x0 or 0x1");
		}
	}
	if (v != NULL) {
		if (decode_get_u256(c, o, "v", &b) != 0) {
			return -1;
		}
		if (yp != NULL && u256_cmp(&a, &b) != 0) {
			decode_push_key(c, "v");
			return decode_fail(c, "does not match yParity");
		}
		if (!is_parity(&b)) {
			decode_push_key(c, "v");
			return decode_fail_got(c, v, "0x0 or 0x1");
		}
	}
	tx->v = yp != NULL ? a : b;
	return 0;
}

/* blockHash, blockNumber, transactionIndex: all set, or all null. */
static int
tx_position(struct decode_ctx *c, struct eth_tx *tx, const json_t *o)
{
	if (decode_opt(o, "blockHash") == NULL) {
		if (decode_opt(o, "blockNumber") != NULL ||
		    decode_opt(o, "transactionIndex") != NULL) {
			decode_push_key(c, "blockHash");
			return decode_fail(c, "missing beside blockNumber or "
			    "transactionIndex");
		}
		return 0;
	}
	if (decode_get_hash(c, o, "blockHash", &tx->block_hash) != 0 ||
	    decode_get_u64(c, o, "blockNumber", &tx->block_number) != 0 ||
	    decode_get_u32(c, o, "transactionIndex", &tx->index) != 0) {
		return -1;
	}
	tx->has_block = 1;
	return 0;
}

static int
tx_obj(struct decode_ctx *c, struct eth_tx *tx, const json_t *o)
{
	const json_t *v, *arr;
	uint64_t chain;

	memset(tx, 0, sizeof(*tx));
	if (!json_is_object(o)) {
		return decode_fail_got(c, o, "a transaction object");
	}
	if (decode_get_type(c, o, &tx->type) != 0 ||
	    read_fields(c, tx, o, tx_fields, sizeof(tx_fields) /
	    sizeof(tx_fields[0]), tx->type) != 0 ||
	    decode_get_bytes(c, o, "input", &tx->input, &tx->input_len) != 0) {
		return -1;
	}
	/* "to" is null for a creation; blob and set-code txs cannot
	   create. */
	v = json_object_get(o, "to");
	decode_push_key(c, "to");
	if (v == NULL) {
		return decode_fail(c, "missing");
	}
	if (!json_is_null(v)) {
		if (decode_rd_addr(c, v, &tx->to) != 0) {
			return -1;
		}
		tx->has_to = 1;
	} else if (tx->type >= ETH_TX_BLOB) {
		return decode_fail_got(c, v, "a 20-byte address (this type "
		    "cannot create a contract)");
	}
	decode_pop(c);
	/* chainId: optional on legacy txs (absent before EIP-155; Parity
	   sends null). */
	v = decode_opt(o, "chainId");
	if (tx->type != ETH_TX_LEGACY || v != NULL) {
		if (decode_get_u64(c, o, "chainId", &chain) != 0) {
			return -1;
		}
		tx->has_chain_id = 1;
		tx->chain_id = chain;
	}
	if (tx->type == ETH_TX_LEGACY) {
		if (decode_get_u256(c, o, "v", &tx->v) != 0) {
			return -1;
		}
	} else {
		if (tx_parity(c, tx, o) != 0 ||
		    decode_get_array(c, o, "accessList", 0, &arr) != 0) {
			return -1;
		}
		decode_push_key(c, "accessList");
		if (access_list(c, tx, arr) != 0) {
			return -1;
		}
		decode_pop(c);
	}
	if (tx->type == ETH_TX_BLOB) {
		if (decode_get_array(c, o, "blobVersionedHashes", 0, &arr) != 0) {
			return -1;
		}
		decode_push_key(c, "blobVersionedHashes");
		if (hash_list(c, arr, &tx->blob_hashes,
		    &tx->nblob_hashes) != 0) {
			return -1;
		}
		decode_pop(c);
	}
	if (tx->type == ETH_TX_SET_CODE) {
		if (decode_get_array(c, o, "authorizationList", 0, &arr) != 0) {
			return -1;
		}
		decode_push_key(c, "authorizationList");
		if (auth_list(c, tx, arr) != 0) {
			return -1;
		}
		decode_pop(c);
	}
	return tx_position(c, tx, o);
}

int
decode_tx(struct eth_tx *tx, struct arena *a, const json_t *result,
    const struct decode_opts *o, struct err *err)
{
	struct decode_ctx c;

	memset(tx, 0, sizeof(*tx));
	if (result == NULL || json_is_null(result)) {
		return 0;
	}
	decode_ctx_init(&c, err, o, "eth_getTransactionByHash", a);
	if (json_is_object(result)) {
		decode_peek_block(&c, result, "blockNumber");
	}
	if (tx_obj(&c, tx, result) != 0) {
		memset(tx, 0, sizeof(*tx));
		return -1;
	}
	return 1;
}

/* ---- the response envelope ---- */

/* {"jsonrpc",...}, or only id/result/error members with one of the
   last two. A bare result never looks like that: blocks, receipts,
   txs and trace frames all have other members. */
static int
is_envelope(json_t *root)
{
	const char *key;
	json_t *v;
	int has = 0;

	if (!json_is_object(root)) {
		return 0;
	}
	if (json_object_get(root, "jsonrpc") != NULL) {
		return 1;
	}
	json_object_foreach(root, key, v) {
		if (strcmp(key, "result") == 0 || strcmp(key, "error") == 0) {
			has = 1;
		} else if (strcmp(key, "id") != 0) {
			return 0;
		}
	}
	return has;
}

static int
rpc_error(const json_t *e, const char *method, struct err *err)
{
	const json_t *code = json_object_get(e, "code"),
	    *msg = json_object_get(e, "message");
	char text[128];
	json_int_t x;

	if (!json_is_object(e) || !json_is_integer(code)) {
		return err_set(err, ERR_INPUT, 0, "%s: malformed JSON-RPC "
		    "error object", method);
	}
	x = json_integer_value(code);
	if (x < INT32_MIN || x > INT32_MAX) {
		return err_set(err, ERR_INPUT, 0, "%s: JSON-RPC error code "
		    "%" JSON_INTEGER_FORMAT " out of range", method, x);
	}
	if (json_is_string(msg)) {
		decode_clean(text, sizeof(text), json_string_value(msg),
		    json_string_length(msg), 120);
	} else {
		snprintf(text, sizeof(text), "(no message)");
	}
	return err_set(err, ERR_NET, (int)x, "%s: node error %d: %s", method,
	    (int)x, text);
}

int
decode_parse(json_t **result, const char *text, size_t len,
    const char *method, struct err *err)
{
	json_error_t je;
	json_t *root, *r = NULL, *e;
	int rc = -1;

	*result = NULL;
	if (method == NULL) {
		method = "JSON-RPC response";
	}
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL) {
		return err_set(err, ERR_INPUT, 0, "%s: invalid JSON at line %d "
		    "column %d: %s", method, je.line, je.column, je.text);
	}
	if (!is_envelope(root)) {
		r = root;
	} else {
		r = json_object_get(root, "result");
		e = json_object_get(root, "error");
		if (json_is_null(e)) {
			e = NULL;
		}
		if (e != NULL && r != NULL && !json_is_null(r)) {
			err_set(err, ERR_INPUT, 0, "%s: response has both "
			    "result and error", method);
			goto out;
		}
		if (e != NULL) {
			rpc_error(e, method, err);
			goto out;
		}
		if (r == NULL) {
			err_set(err, ERR_INPUT, 0, "%s: response has neither "
			    "result nor error", method);
			goto out;
		}
	}
	if (json_is_null(r)) {
		rc = 0;
		goto out;
	}
	*result = json_incref(r);
	rc = 1;
out:
	json_decref(root);
	return rc;
}

/* ---- text wrappers ---- */

int
decode_block_text(struct eth_block *b, const char *text, size_t len,
    const struct decode_opts *o, struct err *err)
{
	json_t *r;
	int rc;

	/* the common case without a JSON tree; jansson for the rest */
	if (decode_block_fast(b, text, len, o) == 1) {
		return 1;
	}
	rc = decode_parse(&r, text, len,
	    decode_method_or(o, "eth_getBlockByNumber"), err);
	if (rc == 1) {
		rc = decode_block(b, r, o, err);
		json_decref(r);
	}
	return rc;
}

int
decode_tx_text(struct eth_tx *tx, struct arena *a, const char *text,
    size_t len, const struct decode_opts *o, struct err *err)
{
	json_t *r;
	int rc;

	memset(tx, 0, sizeof(*tx));
	rc = decode_parse(&r, text, len,
	    decode_method_or(o, "eth_getTransactionByHash"), err);
	if (rc == 1) {
		rc = decode_tx(tx, a, r, o, err);
		json_decref(r);
	}
	return rc;
}

int
decode_header_text(struct eth_header *h, struct arena *a, const char *text,
    size_t len, const struct decode_opts *o, struct err *err)
{
	json_t *r;
	int rc;

	memset(h, 0, sizeof(*h));
	rc = decode_parse(&r, text, len,
	    decode_method_or(o, "eth_getUncleByBlockHashAndIndex"), err);
	if (rc == 1) {
		rc = decode_header(h, a, r, o, err);
		json_decref(r);
	}
	return rc;
}
