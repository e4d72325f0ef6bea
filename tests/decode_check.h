/*
 * decode_check.h - compare what scanner/fetch/decode.h decoded with the
 * JSON it came from, field by field, re-reading the JSON with jansson:
 * headers, blocks, transactions of types 0-4, receipts, logs, geth
 * callTracer and Parity traces. Shared by tests/test_decode.c (the
 * mainnet corpus) and tests/integration/integ_check.c (what anvil sent).
 *
 * Each check_* returns 1 when every field matches, else 0 with the first
 * mismatch described in why[] (set by MUST).
 */
#ifndef SCANNER_TEST_DECODE_CHECK_H
#define SCANNER_TEST_DECODE_CHECK_H

#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "decode.h"
#include "hex.h"
#include "u256.h"

static char why[512];		/* first mismatch found by a check_* */

#define MUST(cond, ...) do {						\
	if (!(cond)) {							\
		snprintf(why, sizeof(why), __VA_ARGS__);		\
		return 0;						\
	}								\
} while (0)

/* ---- helpers ---- */

static inline const json_t *
J(const json_t *o, const char *k)
{
	return json_object_get(o, k);
}

static inline int
isnul(const json_t *v)
{
	return v == NULL || json_is_null(v);
}

/* A quantity's digits, lower case, no 0x, no leading zeros. */
static inline int
json_qty_canon(const json_t *v, char *out, size_t size)
{
	const char *s;
	size_t n, i, k = 0;

	if (json_is_integer(v)) {
		snprintf(out, size, "%llx",
		    (unsigned long long)json_integer_value(v));
		return 0;
	}
	if (!json_is_string(v)) {
		return -1;
	}
	s = json_string_value(v);
	n = strlen(s);
	if (n < 3 || s[0] != '0' || s[1] != 'x') {
		return -1;
	}
	for (i = 2; i + 1 < n && s[i] == '0'; i++) {
		continue;
	}
	if (n - i + 1 > size) {
		return -1;
	}
	for (; i < n; i++) {
		out[k++] = (char)tolower((unsigned char)s[i]);
	}
	out[k] = '\0';
	return 0;
}

static inline void
u256_canon(const struct u256 *x, char out[65])
{
	uint8_t be[32];
	char hex[65];
	size_t i;

	u256_to_be(be, x);
	hex_encode(hex, be, 32);
	for (i = 0; i < 63 && hex[i] == '0'; i++) {
		continue;
	}
	memcpy(out, hex + i, 65 - i);
}

static inline int
qty_eq(const json_t *v, const struct u256 *x)
{
	char a[80], b[65];

	if (json_qty_canon(v, a, sizeof(a)) != 0) {
		return 0;
	}
	u256_canon(x, b);
	return strcmp(a, b) == 0;
}

static inline int
u64_eq(const json_t *v, uint64_t x)
{
	struct u256 u;

	u256_from_u64(&u, x);
	return qty_eq(v, &u);
}

static inline int
data_eq(const json_t *v, const uint8_t *b, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	const char *s;
	size_t i;

	if (!json_is_string(v) || json_string_length(v) != 2 + 2 * n) {
		return 0;
	}
	s = json_string_value(v);
	if (s[0] != '0' || s[1] != 'x') {
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (tolower((unsigned char)s[2 + 2 * i]) != digits[b[i] >> 4] ||
		    tolower((unsigned char)s[3 + 2 * i]) !=
		    digits[b[i] & 15]) {
			return 0;
		}
	}
	return 1;
}

static inline int
u256_is(const struct u256 *x, uint64_t v)
{
	return x->w[0] == v && (x->w[1] | x->w[2] | x->w[3]) == 0;
}

static inline int
hash_is(const struct eth_hash *h, const char *hex0x)
{
	uint8_t b[32];

	return hex_decode(b, 32, hex0x + 2, strlen(hex0x + 2)) == 0 &&
	    memcmp(b, h->b, 32) == 0;
}

static inline int
addr_is(const struct eth_addr *a, const char *hex0x)
{
	uint8_t b[20];

	return hex_decode(b, 20, hex0x + 2, strlen(hex0x + 2)) == 0 &&
	    memcmp(b, a->b, 20) == 0;
}

/* ---- field-by-field comparison with the JSON ---- */

static inline int
check_header(const json_t *o, const struct eth_header *h)
{
	static const struct {
		const char	*key;
		size_t		 off, len;
	} fixed[] = {
		{ "hash", offsetof(struct eth_header, hash), 32 },
		{ "parentHash", offsetof(struct eth_header, parent_hash), 32 },
		{ "sha3Uncles", offsetof(struct eth_header, ommers_hash), 32 },
		{ "miner", offsetof(struct eth_header, miner), 20 },
		{ "stateRoot", offsetof(struct eth_header, state_root), 32 },
		{ "transactionsRoot", offsetof(struct eth_header, tx_root),
		    32 },
		{ "receiptsRoot", offsetof(struct eth_header, receipts_root),
		    32 },
		{ "logsBloom", offsetof(struct eth_header, logs_bloom), 256 },
		{ "mixHash", offsetof(struct eth_header, mix_hash), 32 },
		{ "nonce", offsetof(struct eth_header, nonce), 8 },
	};
	size_t i;

	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		MUST(data_eq(J(o, fixed[i].key), (const uint8_t *)h +
		    fixed[i].off, fixed[i].len), "header %s", fixed[i].key);
	}
	MUST(qty_eq(J(o, "difficulty"), &h->difficulty), "difficulty");
	MUST(u64_eq(J(o, "number"), h->number), "number");
	MUST(u64_eq(J(o, "gasLimit"), h->gas_limit), "gasLimit");
	MUST(u64_eq(J(o, "gasUsed"), h->gas_used), "gasUsed");
	MUST(u64_eq(J(o, "timestamp"), h->timestamp), "timestamp");
	MUST(data_eq(J(o, "extraData"), h->extra, h->extra_len), "extraData");
	MUST(isnul(J(o, "baseFeePerGas")) == !(h->has & ETH_H_BASE_FEE) &&
	    (!(h->has & ETH_H_BASE_FEE) ||
	    qty_eq(J(o, "baseFeePerGas"), &h->base_fee)), "baseFeePerGas");
	MUST(isnul(J(o, "withdrawalsRoot")) == !(h->has & ETH_H_WITHDRAWALS) &&
	    (!(h->has & ETH_H_WITHDRAWALS) || data_eq(J(o, "withdrawalsRoot"),
	    h->withdrawals_root.b, 32)), "withdrawalsRoot");
	MUST(isnul(J(o, "blobGasUsed")) == !(h->has & ETH_H_BLOB_GAS) &&
	    (!(h->has & ETH_H_BLOB_GAS) || (u64_eq(J(o, "blobGasUsed"),
	    h->blob_gas_used) && u64_eq(J(o, "excessBlobGas"),
	    h->excess_blob_gas))), "blobGasUsed/excessBlobGas");
	MUST(isnul(J(o, "parentBeaconBlockRoot")) ==
	    !(h->has & ETH_H_BEACON_ROOT) && (!(h->has & ETH_H_BEACON_ROOT) ||
	    data_eq(J(o, "parentBeaconBlockRoot"), h->parent_beacon_root.b,
	    32)), "parentBeaconBlockRoot");
	MUST(isnul(J(o, "requestsHash")) == !(h->has & ETH_H_REQUESTS) &&
	    (!(h->has & ETH_H_REQUESTS) || data_eq(J(o, "requestsHash"),
	    h->requests_hash.b, 32)), "requestsHash");
	return 1;
}

static inline int
check_tx(const json_t *o, const struct eth_tx *tx)
{
	const json_t *al, *bl, *au, *e, *keys;
	size_t i, j;

	MUST(isnul(J(o, "type")) ? tx->type == 0 : u64_eq(J(o, "type"),
	    tx->type), "type");
	MUST(data_eq(J(o, "hash"), tx->hash.b, 32), "hash");
	MUST(data_eq(J(o, "from"), tx->from.b, 20), "from");
	MUST(isnul(J(o, "to")) ? !tx->has_to : tx->has_to &&
	    data_eq(J(o, "to"), tx->to.b, 20), "to");
	MUST(u64_eq(J(o, "nonce"), tx->nonce), "nonce");
	MUST(u64_eq(J(o, "gas"), tx->gas), "gas");
	MUST(qty_eq(J(o, "value"), &tx->value), "value");
	MUST(isnul(J(o, "gasPrice")) ? u256_is(&tx->gas_price, 0) :
	    qty_eq(J(o, "gasPrice"), &tx->gas_price), "gasPrice");
	MUST(qty_eq(J(o, "r"), &tx->r), "r");
	MUST(qty_eq(J(o, "s"), &tx->s), "s");
	MUST(data_eq(J(o, "input"), tx->input, tx->input_len),
	    "input (%zu bytes)", tx->input_len);
	MUST(isnul(J(o, "chainId")) ? !tx->has_chain_id : tx->has_chain_id &&
	    u64_eq(J(o, "chainId"), tx->chain_id), "chainId");
	if (tx->type == 0) {
		MUST(qty_eq(J(o, "v"), &tx->v), "v");
	} else {
		MUST(qty_eq(isnul(J(o, "yParity")) ? J(o, "v") :
		    J(o, "yParity"), &tx->v), "yParity");
	}
	if (tx->type >= 2) {
		MUST(qty_eq(J(o, "maxFeePerGas"), &tx->max_fee),
		    "maxFeePerGas");
		MUST(qty_eq(J(o, "maxPriorityFeePerGas"),
		    &tx->max_priority_fee), "maxPriorityFeePerGas");
	}
	if (tx->type == 3) {
		MUST(qty_eq(J(o, "maxFeePerBlobGas"),
		    &tx->max_fee_per_blob_gas), "maxFeePerBlobGas");
	}
	al = J(o, "accessList");
	MUST(json_array_size(al) == tx->naccess, "accessList size");
	for (i = 0; i < tx->naccess; i++) {
		e = json_array_get(al, i);
		keys = J(e, "storageKeys");
		MUST(data_eq(J(e, "address"), tx->access[i].address.b, 20),
		    "accessList[%zu].address", i);
		MUST(json_array_size(keys) == tx->access[i].nkeys,
		    "accessList[%zu] size", i);
		for (j = 0; j < tx->access[i].nkeys; j++) {
			MUST(data_eq(json_array_get(keys, j),
			    tx->access[i].keys[j].b, 32),
			    "accessList[%zu].storageKeys[%zu]", i, j);
		}
	}
	bl = J(o, "blobVersionedHashes");
	MUST(tx->type != 3 || json_array_size(bl) == tx->nblob_hashes,
	    "blobVersionedHashes size");
	for (i = 0; i < tx->nblob_hashes; i++) {
		MUST(data_eq(json_array_get(bl, i), tx->blob_hashes[i].b, 32),
		    "blobVersionedHashes[%zu]", i);
	}
	au = J(o, "authorizationList");
	MUST(tx->type != 4 || json_array_size(au) == tx->nauths,
	    "authorizationList size");
	for (i = 0; i < tx->nauths; i++) {
		e = json_array_get(au, i);
		MUST(qty_eq(J(e, "chainId"), &tx->auths[i].chain_id) &&
		    data_eq(J(e, "address"), tx->auths[i].address.b, 20) &&
		    u64_eq(J(e, "nonce"), tx->auths[i].nonce) &&
		    u64_eq(J(e, "yParity"), tx->auths[i].y_parity) &&
		    qty_eq(J(e, "r"), &tx->auths[i].r) &&
		    qty_eq(J(e, "s"), &tx->auths[i].s),
		    "authorizationList[%zu]", i);
	}
	if (!isnul(J(o, "blockHash"))) {
		MUST(tx->has_block && data_eq(J(o, "blockHash"),
		    tx->block_hash.b, 32) && u64_eq(J(o, "blockNumber"),
		    tx->block_number) && u64_eq(J(o, "transactionIndex"),
		    tx->index), "position");
	}
	return 1;
}

static inline int
check_block(const json_t *o, const struct eth_block *b)
{
	const json_t *txs = J(o, "transactions"), *w, *e;
	size_t i, n = json_array_size(txs);

	if (!check_header(o, &b->h)) {
		return 0;
	}
	if (n > 0 && json_is_string(json_array_get(txs, 0))) {
		MUST(b->ntxs == 0 && b->ntx_hashes == n, "tx hash count");
		for (i = 0; i < n; i++) {
			MUST(data_eq(json_array_get(txs, i), b->tx_hashes[i].b,
			    32), "transactions[%zu]", i);
		}
	} else {
		MUST(b->ntxs == n && b->ntx_hashes == 0, "tx count");
		for (i = 0; i < n; i++) {
			if (!check_tx(json_array_get(txs, i), &b->txs[i])) {
				snprintf(why + strlen(why), sizeof(why) -
				    strlen(why), " of transactions[%zu]", i);
				return 0;
			}
			MUST(b->txs[i].has_block && b->txs[i].index == i &&
			    b->txs[i].block_number == b->h.number,
			    "transactions[%zu] position", i);
		}
	}
	MUST(json_array_size(J(o, "uncles")) == b->nuncles, "uncle count");
	for (i = 0; i < b->nuncles; i++) {
		MUST(data_eq(json_array_get(J(o, "uncles"), i),
		    b->uncles[i].b, 32), "uncles[%zu]", i);
	}
	w = J(o, "withdrawals");
	MUST(isnul(w) == !b->has_withdrawals, "withdrawals presence");
	MUST(json_array_size(w) == b->nwithdrawals, "withdrawal count");
	for (i = 0; i < b->nwithdrawals; i++) {
		e = json_array_get(w, i);
		MUST(u64_eq(J(e, "index"), b->withdrawals[i].index) &&
		    u64_eq(J(e, "validatorIndex"),
		    b->withdrawals[i].validator) &&
		    data_eq(J(e, "address"), b->withdrawals[i].address.b, 20) &&
		    u64_eq(J(e, "amount"), b->withdrawals[i].amount_gwei),
		    "withdrawals[%zu]", i);
	}
	return 1;
}

static inline int
check_log(const json_t *o, const struct eth_log *l)
{
	const json_t *t = J(o, "topics");
	size_t i;

	MUST(data_eq(J(o, "address"), l->address.b, 20), "log address");
	MUST(json_array_size(t) == l->ntopics, "topic count");
	for (i = 0; i < l->ntopics; i++) {
		MUST(data_eq(json_array_get(t, i), l->topics[i].b, 32),
		    "topics[%zu]", i);
	}
	MUST(data_eq(J(o, "data"), l->data, l->data_len), "log data");
	MUST(u64_eq(J(o, "logIndex"), l->log_index), "logIndex");
	MUST(u64_eq(J(o, "transactionIndex"), l->tx_index), "log txIndex");
	MUST(data_eq(J(o, "transactionHash"), l->tx_hash.b, 32), "log txHash");
	MUST(u64_eq(J(o, "blockNumber"), l->block_number), "log block");
	MUST(l->removed == json_is_true(J(o, "removed")), "removed");
	return 1;
}

static inline int
check_receipt(const json_t *o, const struct eth_receipt *r)
{
	const json_t *logs = J(o, "logs");
	size_t i;

	MUST(isnul(J(o, "type")) ? r->type == 0 : u64_eq(J(o, "type"),
	    r->type), "receipt type");
	MUST(data_eq(J(o, "transactionHash"), r->tx_hash.b, 32), "txHash");
	MUST(u64_eq(J(o, "transactionIndex"), r->tx_index), "txIndex");
	MUST(u64_eq(J(o, "blockNumber"), r->block_number), "blockNumber");
	MUST(isnul(J(o, "from")) ? !r->has_from : r->has_from &&
	    data_eq(J(o, "from"), r->from.b, 20), "from");
	MUST(isnul(J(o, "to")) ? !r->has_to : r->has_to &&
	    data_eq(J(o, "to"), r->to.b, 20), "to");
	MUST(isnul(J(o, "contractAddress")) ? !r->has_contract :
	    r->has_contract && data_eq(J(o, "contractAddress"),
	    r->contract_address.b, 20), "contractAddress");
	if (!isnul(J(o, "status"))) {
		MUST(r->has_status && u64_eq(J(o, "status"), r->status),
		    "status");
	} else {
		MUST(!r->has_status && data_eq(J(o, "root"), r->root.b, 32),
		    "root");
	}
	MUST(u64_eq(J(o, "cumulativeGasUsed"), r->cumulative_gas),
	    "cumulativeGasUsed");
	MUST(u64_eq(J(o, "gasUsed"), r->gas_used), "gasUsed");
	MUST(isnul(J(o, "effectiveGasPrice")) ? !r->has_gas_price :
	    r->has_gas_price && qty_eq(J(o, "effectiveGasPrice"),
	    &r->effective_gas_price), "effectiveGasPrice");
	MUST(data_eq(J(o, "logsBloom"), r->logs_bloom, 256), "logsBloom");
	MUST(json_array_size(logs) == r->nlogs, "log count");
	for (i = 0; i < r->nlogs; i++) {
		if (!check_log(json_array_get(logs, i), &r->logs[i])) {
			return 0;
		}
	}
	return 1;
}

/* Decoded receipts are in tx order, whatever the JSON's order. */
static inline int
check_receipts(const json_t *arr, const struct eth_receipts *rs)
{
	const json_t *e;
	json_int_t k;
	size_t i;

	MUST(json_array_size(arr) == rs->n, "receipt count");
	for (i = 0; i < rs->n; i++) {
		MUST(rs->r[i].tx_index == i, "receipt %zu out of order", i);
	}
	for (i = 0; i < rs->n; i++) {
		e = json_array_get(arr, i);
		k = strtoll(json_string_value(J(e, "transactionIndex")), NULL,
		    16);
		MUST(k >= 0 && (size_t)k < rs->n, "receipt %zu index", i);
		if (!check_receipt(e, &rs->r[k])) {
			snprintf(why + strlen(why), sizeof(why) - strlen(why),
			    " of receipt %zu", i);
			return 0;
		}
	}
	return 1;
}

static inline int
check_logs(const json_t *arr, const struct eth_log *l, size_t n)
{
	size_t i;

	MUST(json_array_size(arr) == n, "log count");
	for (i = 0; i < n; i++) {
		if (!check_log(json_array_get(arr, i), &l[i])) {
			return 0;
		}
	}
	return 1;
}

/* A geth frame, recursively (the corpus is shallow), in pre-order. */
static inline int
check_geth_frame(const json_t *f, const struct eth_traces *t, size_t *k,
    unsigned depth, int parent_failed, uint32_t tx_index)
{
	static const char *names[] = { "", "CALL", "DELEGATECALL",
	    "STATICCALL", "CALLCODE", "CREATE", "CREATE2", "SELFDESTRUCT" };
	const json_t *calls = J(f, "calls");
	const struct eth_call *c;
	int failed;
	size_t i;

	MUST(*k < t->n, "too few frames");
	c = &t->c[*k];
	(*k)++;
	failed = parent_failed || !isnul(J(f, "error"));
	MUST(c->kind <= ETH_CALL_SELFDESTRUCT &&
	    strcmp(names[c->kind], json_string_value(J(f, "type"))) == 0,
	    "frame %zu type", *k - 1);
	MUST(isnul(J(f, "from")) || data_eq(J(f, "from"), c->from.b, 20),
	    "frame %zu from", *k - 1);
	MUST(isnul(J(f, "to")) ? !c->has_to : c->has_to &&
	    data_eq(J(f, "to"), c->to.b, 20), "frame %zu to", *k - 1);
	MUST(isnul(J(f, "value")) ? !c->has_value : c->has_value &&
	    qty_eq(J(f, "value"), &c->value), "frame %zu value", *k - 1);
	MUST(c->depth == depth && c->trace_address_len == depth,
	    "frame %zu depth", *k - 1);
	MUST(c->failed == failed, "frame %zu failed", *k - 1);
	MUST(c->tx_index == tx_index, "frame %zu tx index", *k - 1);
	for (i = 0; i < json_array_size(calls); i++) {
		MUST(*k < t->n && t->c[*k].trace_address[depth] == i,
		    "frame %zu trace address", *k);
		if (!check_geth_frame(json_array_get(calls, i), t, k,
		    depth + 1, failed, tx_index)) {
			return 0;
		}
	}
	return 1;
}

static inline int
check_geth_block(const json_t *arr, const struct eth_traces *t)
{
	const json_t *e;
	size_t i, k = 0;

	for (i = 0; i < json_array_size(arr); i++) {
		e = json_array_get(arr, i);
		if (!check_geth_frame(J(e, "result"), t, &k, 0, 0,
		    (uint32_t)i)) {
			return 0;
		}
		MUST(isnul(J(e, "txHash")) || (t->c[k - 1].has_tx_hash &&
		    data_eq(J(e, "txHash"), t->c[k - 1].tx_hash.b, 32)),
		    "txHash of trace %zu", i);
	}
	MUST(k == t->n, "%zu frames, %zu in the JSON", t->n, k);
	return 1;
}

/* Is Parity frame a (path pa) an ancestor of b, in the same tx? */
static inline int
parity_ancestor(const json_t *a, const json_t *b)
{
	const json_t *pa = J(a, "traceAddress"), *pb = J(b, "traceAddress");
	size_t i;

	if (!json_equal(J(a, "transactionPosition"),
	    J(b, "transactionPosition")) || isnul(J(a,
	    "transactionPosition")) ||
	    json_array_size(pa) >= json_array_size(pb)) {
		return 0;
	}
	for (i = 0; i < json_array_size(pa); i++) {
		if (!json_equal(json_array_get(pa, i), json_array_get(pb, i))) {
			return 0;
		}
	}
	return 1;
}

static inline int
check_parity(const json_t *arr, const struct eth_traces *t)
{
	const json_t *f, *a, *ta;
	const struct eth_call *c;
	const char *type;
	size_t i, j;
	int failed;

	MUST(json_array_size(arr) == t->n, "frame count");
	for (i = 0; i < t->n; i++) {
		f = json_array_get(arr, i);
		a = J(f, "action");
		ta = J(f, "traceAddress");
		c = &t->c[i];
		type = json_string_value(J(f, "type"));
		if (strcmp(type, "call") == 0) {
			MUST(data_eq(J(a, "from"), c->from.b, 20) &&
			    data_eq(J(a, "to"), c->to.b, 20) &&
			    qty_eq(J(a, "value"), &c->value) &&
			    c->kind == (strcmp(json_string_value(J(a,
			    "callType")), "call") == 0 ? ETH_CALL_CALL :
			    c->kind) && c->kind <= ETH_CALL_CALLCODE,
			    "call frame %zu", i);
		} else if (strcmp(type, "create") == 0) {
			MUST((c->kind == ETH_CALL_CREATE ||
			    c->kind == ETH_CALL_CREATE2) &&
			    data_eq(J(a, "from"), c->from.b, 20) &&
			    qty_eq(J(a, "value"), &c->value) &&
			    (isnul(J(f, "result")) ? !c->has_to :
			    data_eq(J(J(f, "result"), "address"), c->to.b,
			    20)), "create frame %zu", i);
		} else if (strcmp(type, "suicide") == 0) {
			MUST(c->kind == ETH_CALL_SELFDESTRUCT &&
			    data_eq(J(a, "address"), c->from.b, 20) &&
			    data_eq(J(a, "refundAddress"), c->to.b, 20) &&
			    qty_eq(J(a, "balance"), &c->value),
			    "suicide frame %zu", i);
		} else {
			MUST(strcmp(type, "reward") == 0 &&
			    c->kind == ETH_CALL_REWARD &&
			    data_eq(J(a, "author"), c->to.b, 20) &&
			    qty_eq(J(a, "value"), &c->value) &&
			    c->tx_index == ETH_CALL_NO_TX,
			    "reward frame %zu", i);
		}
		MUST(c->depth == json_array_size(ta) &&
		    c->trace_address_len == json_array_size(ta),
		    "frame %zu depth", i);
		for (j = 0; j < c->trace_address_len; j++) {
			MUST(json_integer_value(json_array_get(ta, j)) ==
			    c->trace_address[j], "frame %zu traceAddress", i);
		}
		MUST(isnul(J(f, "transactionPosition")) ?
		    c->tx_index == ETH_CALL_NO_TX : c->tx_index ==
		    json_integer_value(J(f, "transactionPosition")),
		    "frame %zu transactionPosition", i);
		MUST(isnul(J(f, "transactionHash")) ? !c->has_tx_hash :
		    c->has_tx_hash && data_eq(J(f, "transactionHash"),
		    c->tx_hash.b, 32), "frame %zu transactionHash", i);
		/* failed: its own error or an ancestor's, found by path. */
		failed = !isnul(J(f, "error"));
		for (j = 0; j < i; j++) {
			if (!isnul(J(json_array_get(arr, j), "error")) &&
			    parity_ancestor(json_array_get(arr, j), f)) {
				failed = 1;
			}
		}
		MUST(c->failed == failed, "frame %zu failed", i);
	}
	return 1;
}

#endif
