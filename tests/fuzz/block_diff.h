/*
 * block_diff.h - the differential check of the fast decoders
 * (decode_block_fast, decode_receipts_fast) against the jansson path
 * (decode_parse + decode_block / decode_receipts), shared by
 * tests/test_jscan.c and tests/fuzz/fuzz_decode_block.c: whenever a fast
 * path accepts a text, the jansson path must accept it too and fill an
 * identical struct, compared field by field (every header field, every
 * transaction field and list, uncles, withdrawals, hashes; every receipt
 * and log field).
 */
#ifndef SCANNER_TEST_BLOCK_DIFF_H
#define SCANNER_TEST_BLOCK_DIFF_H

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "decode.h"
#include "decode_int.h"

#define BD_SAME(a, b, what) do {					\
	if (memcmp(&(a), &(b), sizeof(a)) != 0) {			\
		snprintf(why, whylen, "%s differs", what);		\
		return 0;						\
	}								\
} while (0)

/* n elements of size sz at a and b; both NULL when n is 0. */
static inline int
bd_arr(const void *a, const void *b, size_t n, size_t sz)
{
	if (n == 0) {
		return a == NULL && b == NULL;
	}
	return a != NULL && b != NULL && memcmp(a, b, n * sz) == 0;
}

/* DATA: never NULL once decoded, even when empty. */
static inline int
bd_bytes(const uint8_t *a, const uint8_t *b, size_t n)
{
	if ((a == NULL) != (b == NULL)) {
		return 0;
	}
	return n == 0 || memcmp(a, b, n) == 0;
}

#define BD_ARR(a, b, n, what) do {					\
	if (!bd_arr((a), (b), (n), sizeof(*(a)))) {			\
		snprintf(why, whylen, "%s differ", what);		\
		return 0;						\
	}								\
} while (0)

static inline int
bd_header(const struct eth_header *x, const struct eth_header *y,
    char *why, size_t whylen)
{
	BD_SAME(x->hash, y->hash, "hash");
	BD_SAME(x->parent_hash, y->parent_hash, "parentHash");
	BD_SAME(x->ommers_hash, y->ommers_hash, "sha3Uncles");
	BD_SAME(x->miner, y->miner, "miner");
	BD_SAME(x->state_root, y->state_root, "stateRoot");
	BD_SAME(x->tx_root, y->tx_root, "transactionsRoot");
	BD_SAME(x->receipts_root, y->receipts_root, "receiptsRoot");
	BD_SAME(x->logs_bloom, y->logs_bloom, "logsBloom");
	BD_SAME(x->difficulty, y->difficulty, "difficulty");
	BD_SAME(x->number, y->number, "number");
	BD_SAME(x->gas_limit, y->gas_limit, "gasLimit");
	BD_SAME(x->gas_used, y->gas_used, "gasUsed");
	BD_SAME(x->timestamp, y->timestamp, "timestamp");
	BD_SAME(x->extra_len, y->extra_len, "extraData length");
	if (!bd_bytes(x->extra, y->extra, x->extra_len)) {
		snprintf(why, whylen, "extraData differs");
		return 0;
	}
	BD_SAME(x->mix_hash, y->mix_hash, "mixHash");
	BD_SAME(x->nonce, y->nonce, "nonce");
	BD_SAME(x->has, y->has, "optional header fields");
	BD_SAME(x->base_fee, y->base_fee, "baseFeePerGas");
	BD_SAME(x->withdrawals_root, y->withdrawals_root, "withdrawalsRoot");
	BD_SAME(x->blob_gas_used, y->blob_gas_used, "blobGasUsed");
	BD_SAME(x->excess_blob_gas, y->excess_blob_gas, "excessBlobGas");
	BD_SAME(x->parent_beacon_root, y->parent_beacon_root,
	    "parentBeaconBlockRoot");
	BD_SAME(x->requests_hash, y->requests_hash, "requestsHash");
	return 1;
}

static inline int
bd_tx(const struct eth_tx *x, const struct eth_tx *y, char *why,
    size_t whylen)
{
	size_t i;

	BD_SAME(x->type, y->type, "type");
	BD_SAME(x->hash, y->hash, "hash");
	BD_SAME(x->from, y->from, "from");
	BD_SAME(x->has_to, y->has_to, "has_to");
	BD_SAME(x->to, y->to, "to");
	BD_SAME(x->nonce, y->nonce, "nonce");
	BD_SAME(x->gas, y->gas, "gas");
	BD_SAME(x->value, y->value, "value");
	BD_SAME(x->gas_price, y->gas_price, "gasPrice");
	BD_SAME(x->max_fee, y->max_fee, "maxFeePerGas");
	BD_SAME(x->max_priority_fee, y->max_priority_fee,
	    "maxPriorityFeePerGas");
	BD_SAME(x->max_fee_per_blob_gas, y->max_fee_per_blob_gas,
	    "maxFeePerBlobGas");
	BD_SAME(x->has_chain_id, y->has_chain_id, "has_chain_id");
	BD_SAME(x->chain_id, y->chain_id, "chainId");
	BD_SAME(x->v, y->v, "v");
	BD_SAME(x->r, y->r, "r");
	BD_SAME(x->s, y->s, "s");
	BD_SAME(x->input_len, y->input_len, "input length");
	if (!bd_bytes(x->input, y->input, x->input_len)) {
		snprintf(why, whylen, "input differs");
		return 0;
	}
	BD_SAME(x->naccess, y->naccess, "accessList length");
	if ((x->access == NULL) != (y->access == NULL)) {
		snprintf(why, whylen, "accessList differs");
		return 0;
	}
	for (i = 0; i < x->naccess; i++) {
		BD_SAME(x->access[i].address, y->access[i].address,
		    "accessList address");
		BD_SAME(x->access[i].nkeys, y->access[i].nkeys,
		    "storageKeys length");
		BD_ARR(x->access[i].keys, y->access[i].keys,
		    x->access[i].nkeys, "storageKeys");
	}
	BD_SAME(x->nblob_hashes, y->nblob_hashes, "blob hash count");
	BD_ARR(x->blob_hashes, y->blob_hashes, x->nblob_hashes,
	    "blobVersionedHashes");
	BD_SAME(x->nauths, y->nauths, "authorization count");
	if ((x->auths == NULL) != (y->auths == NULL)) {
		snprintf(why, whylen, "authorizationList differs");
		return 0;
	}
	for (i = 0; i < x->nauths; i++) {
		BD_SAME(x->auths[i].chain_id, y->auths[i].chain_id,
		    "authorization chainId");
		BD_SAME(x->auths[i].address, y->auths[i].address,
		    "authorization address");
		BD_SAME(x->auths[i].nonce, y->auths[i].nonce,
		    "authorization nonce");
		BD_SAME(x->auths[i].y_parity, y->auths[i].y_parity,
		    "authorization yParity");
		BD_SAME(x->auths[i].r, y->auths[i].r, "authorization r");
		BD_SAME(x->auths[i].s, y->auths[i].s, "authorization s");
	}
	BD_SAME(x->block_number, y->block_number, "blockNumber");
	BD_SAME(x->block_hash, y->block_hash, "blockHash");
	BD_SAME(x->index, y->index, "transactionIndex");
	BD_SAME(x->has_block, y->has_block, "has_block");
	return 1;
}

/* Returns: 1 when a and b hold the same block; 0 with why[] else. */
static inline int
block_equal(const struct eth_block *a, const struct eth_block *b,
    char *why, size_t whylen)
{
	size_t i, k;

	if (!bd_header(&a->h, &b->h, why, whylen)) {
		return 0;
	}
	BD_SAME(a->ntxs, b->ntxs, "transaction count");
	if ((a->txs == NULL) != (b->txs == NULL)) {
		snprintf(why, whylen, "transactions differ");
		return 0;
	}
	for (i = 0; i < a->ntxs; i++) {
		if (!bd_tx(&a->txs[i], &b->txs[i], why, whylen)) {
			k = strlen(why);
			snprintf(why + k, whylen - k, " (tx %zu)", i);
			return 0;
		}
	}
	BD_SAME(a->nuncles, b->nuncles, "uncle count");
	BD_ARR(a->uncles, b->uncles, a->nuncles, "uncles");
	BD_SAME(a->has_withdrawals, b->has_withdrawals, "has_withdrawals");
	BD_SAME(a->nwithdrawals, b->nwithdrawals, "withdrawal count");
	BD_ARR(a->withdrawals, b->withdrawals, a->nwithdrawals,
	    "withdrawals");
	BD_SAME(a->ntx_hashes, b->ntx_hashes, "transaction hash count");
	BD_ARR(a->tx_hashes, b->tx_hashes, a->ntx_hashes,
	    "transaction hashes");
	return 1;
}

/* The jansson path alone: what decode_block_text did before. */
static inline int
block_jansson(struct eth_block *b, const char *text, size_t len,
    const struct decode_opts *o, struct err *err)
{
	json_t *r;
	int rc;

	memset(b, 0, sizeof(*b));
	rc = decode_parse(&r, text, len, "eth_getBlockByNumber", err);
	if (rc == 1) {
		rc = decode_block(b, r, o, err);
		json_decref(r);
	}
	return rc;
}

/*
 * Decode text both ways.
 * Returns: 1 when the fast path declined (*fast 0), or accepted (*fast
 *          1) and the jansson path accepted an equal block; 0 with why[]
 *          when the fast path accepted what jansson refuses or reads
 *          differently.
 */
static inline int
block_diff(const char *text, size_t len, const struct decode_opts *o,
    int *fast, char *why, size_t whylen)
{
	struct eth_block a, b;
	struct err err;
	int rc, ok = 1;

	*fast = decode_block_fast(&a, text, len, o);
	if (*fast != 1) {
		return 1;
	}
	rc = block_jansson(&b, text, len, o, &err);
	if (rc != 1) {
		snprintf(why, whylen, "fast path accepted, jansson path "
		    "returned %d: %.160s", rc, rc == -1 ? err.msg : "(null)");
		ok = 0;
	} else if (!block_equal(&a, &b, why, whylen)) {
		ok = 0;
	}
	eth_block_release(&a);
	eth_block_release(&b);
	return ok;
}

/* ---- receipts ---- */

static inline int
bd_receipt(const struct eth_receipt *x, const struct eth_receipt *y,
    char *why, size_t whylen)
{
	size_t i;

	BD_SAME(x->type, y->type, "type");
	BD_SAME(x->tx_hash, y->tx_hash, "transactionHash");
	BD_SAME(x->tx_index, y->tx_index, "transactionIndex");
	BD_SAME(x->block_number, y->block_number, "blockNumber");
	BD_SAME(x->has_from, y->has_from, "has_from");
	BD_SAME(x->from, y->from, "from");
	BD_SAME(x->has_to, y->has_to, "has_to");
	BD_SAME(x->to, y->to, "to");
	BD_SAME(x->has_contract, y->has_contract, "has_contract");
	BD_SAME(x->contract_address, y->contract_address,
	    "contractAddress");
	BD_SAME(x->has_status, y->has_status, "has_status");
	BD_SAME(x->status, y->status, "status");
	BD_SAME(x->root, y->root, "root");
	BD_SAME(x->cumulative_gas, y->cumulative_gas, "cumulativeGasUsed");
	BD_SAME(x->gas_used, y->gas_used, "gasUsed");
	BD_SAME(x->has_gas_price, y->has_gas_price, "has_gas_price");
	BD_SAME(x->effective_gas_price, y->effective_gas_price,
	    "effectiveGasPrice");
	BD_SAME(x->logs_bloom, y->logs_bloom, "logsBloom");
	BD_SAME(x->nlogs, y->nlogs, "log count");
	if ((x->logs == NULL) != (y->logs == NULL)) {
		snprintf(why, whylen, "logs differ");
		return 0;
	}
	for (i = 0; i < x->nlogs; i++) {
		BD_SAME(x->logs[i].address, y->logs[i].address, "log address");
		BD_SAME(x->logs[i].ntopics, y->logs[i].ntopics, "topic count");
		BD_SAME(x->logs[i].topics, y->logs[i].topics, "topics");
		BD_SAME(x->logs[i].data_len, y->logs[i].data_len,
		    "log data length");
		if (!bd_bytes(x->logs[i].data, y->logs[i].data,
		    x->logs[i].data_len)) {
			snprintf(why, whylen, "log data differs");
			return 0;
		}
		BD_SAME(x->logs[i].log_index, y->logs[i].log_index,
		    "logIndex");
		BD_SAME(x->logs[i].tx_index, y->logs[i].tx_index,
		    "log transactionIndex");
		BD_SAME(x->logs[i].tx_hash, y->logs[i].tx_hash,
		    "log transactionHash");
		BD_SAME(x->logs[i].block_number, y->logs[i].block_number,
		    "log blockNumber");
		BD_SAME(x->logs[i].removed, y->logs[i].removed, "removed");
	}
	return 1;
}

/* Returns: 1 when a and b hold the same receipts; 0 with why[] else. */
static inline int
receipts_equal(const struct eth_receipts *a, const struct eth_receipts *b,
    char *why, size_t whylen)
{
	size_t i, k;

	BD_SAME(a->n, b->n, "receipt count");
	if ((a->r == NULL) != (b->r == NULL)) {
		snprintf(why, whylen, "receipts differ");
		return 0;
	}
	for (i = 0; i < a->n; i++) {
		if (!bd_receipt(&a->r[i], &b->r[i], why, whylen)) {
			k = strlen(why);
			snprintf(why + k, whylen - k, " (receipt %zu)", i);
			return 0;
		}
	}
	return 1;
}

static inline int
receipts_jansson(struct eth_receipts *rs, const char *text, size_t len,
    const struct decode_opts *o, struct err *err)
{
	json_t *r;
	int rc;

	memset(rs, 0, sizeof(*rs));
	rc = decode_parse(&r, text, len, "eth_getBlockReceipts", err);
	if (rc == 1) {
		rc = decode_receipts(rs, r, o, err);
		json_decref(r);
	}
	return rc;
}

/* block_diff() for receipt lists. */
static inline int
receipts_diff(const char *text, size_t len, const struct decode_opts *o,
    int *fast, char *why, size_t whylen)
{
	struct eth_receipts a, b;
	struct err err;
	int rc, ok = 1;

	*fast = decode_receipts_fast(&a, text, len, o);
	if (*fast != 1) {
		return 1;
	}
	rc = receipts_jansson(&b, text, len, o, &err);
	if (rc != 1) {
		snprintf(why, whylen, "fast path accepted, jansson path "
		    "returned %d: %.160s", rc, rc == -1 ? err.msg : "(null)");
		ok = 0;
	} else if (!receipts_equal(&a, &b, why, whylen)) {
		ok = 0;
	}
	eth_receipts_release(&a);
	eth_receipts_release(&b);
	return ok;
}

#endif
