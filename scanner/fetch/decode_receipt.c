/*
 * decode_receipt.c - receipts (one, or a block's) and logs into eth.h
 * structs.
 */
#include <inttypes.h>
#include <string.h>

#include <jansson.h>

#include "decode.h"
#include "decode_int.h"

/* ---- logs and receipts ---- */

static int
log_obj(struct decode_ctx *c, struct eth_log *l, const json_t *o)
{
	const json_t *topics, *rm;
	size_t i, n;

	if (!json_is_object(o)) {
		return decode_fail_got(c, o, "a log object");
	}
	if (decode_get_addr(c, o, "address", &l->address) != 0 ||
	    decode_get_array(c, o, "topics", 0, &topics) != 0 ||
	    decode_get_bytes(c, o, "data", &l->data, &l->data_len) != 0 ||
	    decode_get_u64(c, o, "blockNumber", &l->block_number) != 0 ||
	    decode_get_hash(c, o, "transactionHash", &l->tx_hash) != 0 ||
	    decode_get_u32(c, o, "transactionIndex", &l->tx_index) != 0 ||
	    decode_get_u32(c, o, "logIndex", &l->log_index) != 0) {
		return -1;
	}
	n = json_array_size(topics);
	decode_push_key(c, "topics");
	/* LOG0..LOG4: at most four topics. */
	if (n > 4) {
		return decode_fail(c, "%zu topics, at most 4", n);
	}
	for (i = 0; i < n; i++) {
		decode_push_idx(c, i);
		if (decode_rd_hash(c, json_array_get(topics, i),
		    &l->topics[i]) != 0) {
			return -1;
		}
		decode_pop(c);
	}
	decode_pop(c);
	l->ntopics = (uint8_t)n;
	rm = decode_opt(o, "removed");
	if (rm != NULL) {
		if (!json_is_boolean(rm)) {
			decode_push_key(c, "removed");
			return decode_fail_got(c, rm, "true or false");
		}
		l->removed = json_is_true(rm);
	}
	return 0;
}

static int
receipt_status(struct decode_ctx *c, struct eth_receipt *r, const json_t *o)
{
	const json_t *st = decode_opt(o, "status"), *root = decode_opt(o,
	    "root");
	uint64_t s;

	/* An empty root beside a status is no root (some nodes). */
	if (st != NULL && json_is_string(root) &&
	    json_string_length(root) == 2) {
		root = NULL;
	}
	if (st != NULL && root != NULL) {
		decode_push_key(c, "root");
		return decode_fail(c, "sent beside status (one or the "
		    "other: EIP-658)");
	}
	if (st == NULL) {
		if (root == NULL) {
			decode_push_key(c, "status");
			return decode_fail(c, "missing, and no root");
		}
		return decode_get_hash(c, o, "root", &r->root);
	}
	decode_push_key(c, "status");
	if (decode_rd_u64(c, st, &s) != 0) {
		return -1;
	}
	if (s > 1) {
		return decode_fail_got(c, st, "0x0 or 0x1");
	}
	decode_pop(c);
	r->has_status = 1;
	r->status = (uint8_t)s;
	return 0;
}

static int
receipt_obj(struct decode_ctx *c, struct eth_receipt *r, const json_t *o,
    struct eth_hash *block_hash)
{
	const json_t *logs;
	struct eth_log *l;
	size_t i, n;

	memset(r, 0, sizeof(*r));
	if (!json_is_object(o)) {
		return decode_fail_got(c, o, "a receipt object");
	}
	if (decode_get_type(c, o, &r->type) != 0 ||
	    decode_get_hash(c, o, "transactionHash", &r->tx_hash) != 0 ||
	    decode_get_u32(c, o, "transactionIndex", &r->tx_index) != 0 ||
	    decode_get_hash(c, o, "blockHash", block_hash) != 0 ||
	    decode_get_u64(c, o, "blockNumber", &r->block_number) != 0 ||
	    decode_get_addr_opt(c, o, "from", &r->from, &r->has_from) != 0 ||
	    decode_get_addr_opt(c, o, "to", &r->to, &r->has_to) != 0 ||
	    decode_get_addr_opt(c, o, "contractAddress",
	    &r->contract_address, &r->has_contract) != 0 ||
	    receipt_status(c, r, o) != 0 ||
	    decode_get_u64(c, o, "cumulativeGasUsed",
	    &r->cumulative_gas) != 0 ||
	    decode_get_u64(c, o, "gasUsed", &r->gas_used) != 0 ||
	    decode_get_u256_opt(c, o, "effectiveGasPrice",
	    &r->effective_gas_price, &r->has_gas_price) != 0 ||
	    decode_get_bloom(c, o, r->logs_bloom) != 0 ||
	    decode_get_array(c, o, "logs", 0, &logs) != 0) {
		return -1;
	}
	n = json_array_size(logs);
	if (n == 0) {
		return 0;
	}
	r->logs = decode_alloc_array(c, n, sizeof(*r->logs));
	if (r->logs == NULL) {
		return -1;
	}
	decode_push_key(c, "logs");
	for (i = 0; i < n; i++) {
		l = &r->logs[i];
		decode_push_idx(c, i);
		if (log_obj(c, l, json_array_get(logs, i)) != 0) {
			return -1;
		}
		if (memcmp(&l->tx_hash, &r->tx_hash, sizeof(l->tx_hash)) != 0 ||
		    l->tx_index != r->tx_index ||
		    l->block_number != r->block_number) {
			return decode_fail(c, "not the receipt's transaction "
			    "or block");
		}
		decode_pop(c);
	}
	decode_pop(c);
	r->nlogs = n;
	return 0;
}

int
decode_receipt(struct eth_receipt *r, struct arena *a, const json_t *result,
    const struct decode_opts *o, struct err *err)
{
	struct decode_ctx c;
	struct eth_hash bh;

	memset(r, 0, sizeof(*r));
	if (result == NULL || json_is_null(result)) {
		return 0;
	}
	decode_ctx_init(&c, err, o, "eth_getTransactionReceipt", a);
	if (json_is_object(result)) {
		decode_peek_block(&c, result, "blockNumber");
	}
	if (receipt_obj(&c, r, result, &bh) != 0) {
		memset(r, 0, sizeof(*r));
		return -1;
	}
	return 1;
}

/*
 * Receipts go to their transaction's slot: a node sends them in order,
 * but recordings exist that do not; the indices must then be 0..n-1,
 * each once, all of one block.
 */
static int
receipts_arr(struct decode_ctx *c, struct eth_receipts *rs,
    const json_t *arr)
{
	struct eth_hash bh, bh0;
	struct eth_receipt r;
	uint64_t bn0 = 0;
	uint8_t *seen;
	size_t i, n;

	if (!json_is_array(arr)) {
		return decode_fail_got(c, arr, "an array of receipts");
	}
	n = json_array_size(arr);
	if (n == 0) {
		return 0;
	}
	if (json_is_object(json_array_get(arr, 0))) {
		decode_peek_block(c, json_array_get(arr, 0), "blockNumber");
	}
	rs->r = decode_alloc_array(c, n, sizeof(*rs->r));
	seen = decode_alloc(c, n);
	if (rs->r == NULL || seen == NULL) {
		return -1;
	}
	for (i = 0; i < n; i++) {
		decode_push_idx(c, i);
		if (receipt_obj(c, &r, json_array_get(arr, i), &bh) != 0) {
			return -1;
		}
		if (i == 0) {
			bh0 = bh;
			bn0 = r.block_number;
		}
		if (r.tx_index >= n || seen[r.tx_index]) {
			return decode_fail(c, "transactionIndex %" PRIu32
			    " %s", r.tx_index, r.tx_index >= n ? "is past "
			    "the list" : "repeats");
		}
		if (r.block_number != bn0 ||
		    memcmp(&bh, &bh0, sizeof(bh)) != 0) {
			return decode_fail(c, "another block than the first "
			    "receipt's");
		}
		seen[r.tx_index] = 1;
		rs->r[r.tx_index] = r;
		decode_pop(c);
	}
	rs->n = n;
	return 0;
}

int
decode_receipts(struct eth_receipts *r, const json_t *result,
    const struct decode_opts *o, struct err *err)
{
	struct decode_ctx c;

	memset(r, 0, sizeof(*r));
	if (result == NULL || json_is_null(result)) {
		return 0;
	}
	arena_init(&r->arena, decode_ctx_cap(o));
	decode_ctx_init(&c, err, o, "eth_getBlockReceipts", &r->arena);
	if (receipts_arr(&c, r, result) != 0) {
		eth_receipts_release(r);
		return -1;
	}
	return 1;
}

int
decode_logs(struct eth_log **logs, size_t *n, struct arena *a,
    const json_t *result, const struct decode_opts *o, struct err *err)
{
	struct decode_ctx c;
	const json_t *e;
	struct eth_log *out;
	size_t i, len;

	*logs = NULL;
	*n = 0;
	if (result == NULL || json_is_null(result)) {
		return 0;
	}
	decode_ctx_init(&c, err, o, "eth_getLogs", a);
	if (!json_is_array(result)) {
		return decode_fail_got(&c, result, "an array of logs");
	}
	len = json_array_size(result);
	if (len == 0) {
		return 1;
	}
	out = decode_alloc_array(&c, len, sizeof(*out));
	if (out == NULL) {
		return -1;
	}
	for (i = 0; i < len; i++) {
		e = json_array_get(result, i);
		/* Logs span blocks: name each one's in messages. */
		c.has_block = o != NULL && o->has_block;
		if (json_is_object(e)) {
			decode_peek_block(&c, e, "blockNumber");
		}
		decode_push_idx(&c, i);
		if (log_obj(&c, &out[i], e) != 0) {
			return -1;
		}
		decode_pop(&c);
	}
	*logs = out;
	*n = len;
	return 1;
}

/* ---- text wrappers ---- */

int
decode_receipt_text(struct eth_receipt *rc_out, struct arena *a,
    const char *text, size_t len, const struct decode_opts *o,
    struct err *err)
{
	json_t *r;
	int rc;

	memset(rc_out, 0, sizeof(*rc_out));
	rc = decode_parse(&r, text, len,
	    decode_method_or(o, "eth_getTransactionReceipt"), err);
	if (rc == 1) {
		rc = decode_receipt(rc_out, a, r, o, err);
		json_decref(r);
	}
	return rc;
}

int
decode_receipts_text(struct eth_receipts *rs, const char *text, size_t len,
    const struct decode_opts *o, struct err *err)
{
	json_t *r;
	int rc;

	/* the common case without a JSON tree; jansson for the rest */
	if (decode_receipts_fast(rs, text, len, o) == 1) {
		return 1;
	}
	rc = decode_parse(&r, text, len,
	    decode_method_or(o, "eth_getBlockReceipts"), err);
	if (rc == 1) {
		rc = decode_receipts(rs, r, o, err);
		json_decref(r);
	}
	return rc;
}

int
decode_logs_text(struct eth_log **logs, size_t *n, struct arena *a,
    const char *text, size_t len, const struct decode_opts *o,
    struct err *err)
{
	json_t *r;
	int rc;

	*logs = NULL;
	*n = 0;
	rc = decode_parse(&r, text, len, decode_method_or(o, "eth_getLogs"),
	    err);
	if (rc == 1) {
		rc = decode_logs(logs, n, a, r, o, err);
		json_decref(r);
	}
	return rc;
}
