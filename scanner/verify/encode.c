/*
 * encode.c - the consensus encodings the verifier hashes: signed
 * transactions and their signing payloads (legacy, EIP-155, EIP-2930,
 * EIP-1559, EIP-4844, EIP-7702), receipts and block headers.
 *
 * Every encoder puts to a struct rlp_writer, so the same code counts
 * sizes (for list headers), fills buffers and streams into Keccak.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../base/eth.h"
#include "../base/hash.h"
#include "../base/rlp.h"
#include "../base/u256.h"
#include "verify.h"

/* What to put after the fields common to a transaction's payloads. */
enum tail {
	TAIL_NONE,	/* signing payload: no signature */
	TAIL_SIG,	/* signed transaction: v or yParity, r, s */
	TAIL_EIP155	/* legacy signing payload: chain id, 0, 0 */
};

static void
put_to(struct rlp_writer *w, const struct eth_tx *tx)
{
	rlp_put_bytes(w, tx->has_to ? tx->to.b : NULL, tx->has_to ? 20 : 0);
}

/* Payload of an EIP-2930 access list: [[address, [key, ...]], ...] */
static size_t
access_payload(const struct eth_tx *tx)
{
	size_t i, n = 0;

	for (i = 0; i < tx->naccess; i++) {
		n += rlp_list_size(21 + rlp_list_size(tx->access[i].nkeys *
		    33));
	}
	return n;
}

static void
put_access(struct rlp_writer *w, const struct eth_tx *tx)
{
	const struct eth_access *a;
	size_t i, k;

	rlp_put_list(w, access_payload(tx));
	for (i = 0; i < tx->naccess; i++) {
		a = &tx->access[i];
		rlp_put_list(w, 21 + rlp_list_size(a->nkeys * 33));
		rlp_put_bytes(w, a->address.b, 20);
		rlp_put_list(w, a->nkeys * 33);
		for (k = 0; k < a->nkeys; k++) {
			rlp_put_bytes(w, a->keys[k].b, 32);
		}
	}
}

static void
put_blob_hashes(struct rlp_writer *w, const struct eth_tx *tx)
{
	size_t i;

	rlp_put_list(w, tx->nblob_hashes * 33);
	for (i = 0; i < tx->nblob_hashes; i++) {
		rlp_put_bytes(w, tx->blob_hashes[i].b, 32);
	}
}

static void
put_auth_fields(struct rlp_writer *w, const struct eth_auth *a)
{
	rlp_put_u256(w, &a->chain_id);
	rlp_put_bytes(w, a->address.b, 20);
	rlp_put_uint(w, a->nonce);
	rlp_put_uint(w, a->y_parity);
	rlp_put_u256(w, &a->r);
	rlp_put_u256(w, &a->s);
}

static size_t
auth_payload(const struct eth_auth *a)
{
	return rlp_u256_size(&a->chain_id) + 21 + rlp_uint_size(a->nonce) +
	    rlp_uint_size(a->y_parity) + rlp_u256_size(&a->r) +
	    rlp_u256_size(&a->s);
}

static size_t	auths_payload(const struct eth_tx *tx);

static void
put_auths(struct rlp_writer *w, const struct eth_tx *tx)
{
	size_t i;

	rlp_put_list(w, auths_payload(tx));
	for (i = 0; i < tx->nauths; i++) {
		rlp_put_list(w, auth_payload(&tx->auths[i]));
		put_auth_fields(w, &tx->auths[i]);
	}
}

/* The fields of a payload, in the order of the type's RLP list. */
static void
put_fields(struct rlp_writer *w, const struct eth_tx *tx, enum tail tail,
    uint64_t chain_id)
{
	if (tx->type == ETH_TX_LEGACY) {
		rlp_put_uint(w, tx->nonce);
		rlp_put_u256(w, &tx->gas_price);
		rlp_put_uint(w, tx->gas);
		put_to(w, tx);
		rlp_put_u256(w, &tx->value);
		rlp_put_bytes(w, tx->input, tx->input_len);
		if (tail == TAIL_EIP155) {
			/* EIP-155: sign [.., chainId, 0, 0] */
			rlp_put_uint(w, chain_id);
			rlp_put_uint(w, 0);
			rlp_put_uint(w, 0);
		}
	} else {
		rlp_put_uint(w, tx->chain_id);
		rlp_put_uint(w, tx->nonce);
		if (tx->type == ETH_TX_ACCESS_LIST) {
			rlp_put_u256(w, &tx->gas_price);
		} else {
			rlp_put_u256(w, &tx->max_priority_fee);
			rlp_put_u256(w, &tx->max_fee);
		}
		rlp_put_uint(w, tx->gas);
		put_to(w, tx);
		rlp_put_u256(w, &tx->value);
		rlp_put_bytes(w, tx->input, tx->input_len);
		put_access(w, tx);
		if (tx->type == ETH_TX_BLOB) {
			rlp_put_u256(w, &tx->max_fee_per_blob_gas);
			put_blob_hashes(w, tx);
		} else if (tx->type == ETH_TX_SET_CODE) {
			put_auths(w, tx);
		}
	}
	if (tail == TAIL_SIG) {
		rlp_put_u256(w, &tx->v);
		rlp_put_u256(w, &tx->r);
		rlp_put_u256(w, &tx->s);
	}
}

static size_t
auths_payload(const struct eth_tx *tx)
{
	size_t i, n = 0;

	for (i = 0; i < tx->nauths; i++) {
		n += rlp_list_size(auth_payload(&tx->auths[i]));
	}
	return n;
}

/* What put_fields() puts, counted without putting it. */
static size_t
fields_size(const struct eth_tx *tx, enum tail tail, uint64_t chain_id)
{
	size_t n;

	n = rlp_uint_size(tx->nonce) + rlp_uint_size(tx->gas) +
	    (tx->has_to ? 21 : 1) + rlp_u256_size(&tx->value) +
	    rlp_bytes_size(tx->input, tx->input_len);
	if (tx->type == ETH_TX_LEGACY) {
		n += rlp_u256_size(&tx->gas_price);
		if (tail == TAIL_EIP155) {
			n += rlp_uint_size(chain_id) + 2;
		}
	} else {
		n += rlp_uint_size(tx->chain_id) +
		    rlp_list_size(access_payload(tx));
		if (tx->type == ETH_TX_ACCESS_LIST) {
			n += rlp_u256_size(&tx->gas_price);
		} else {
			n += rlp_u256_size(&tx->max_priority_fee) +
			    rlp_u256_size(&tx->max_fee);
		}
		if (tx->type == ETH_TX_BLOB) {
			n += rlp_u256_size(&tx->max_fee_per_blob_gas) +
			    rlp_list_size(tx->nblob_hashes * 33);
		} else if (tx->type == ETH_TX_SET_CODE) {
			n += rlp_list_size(auths_payload(tx));
		}
	}
	if (tail == TAIL_SIG) {
		n += rlp_u256_size(&tx->v) + rlp_u256_size(&tx->r) +
		    rlp_u256_size(&tx->s);
	}
	return n;
}

/* type byte (typed), list header, fields; a counting writer (no buffer,
   no Keccak) is only told the size */
static void
put_payload(struct rlp_writer *w, const struct eth_tx *tx, enum tail tail,
    uint64_t chain_id)
{
	size_t payload = fields_size(tx, tail, chain_id);

	if (w->buf == NULL && w->keccak == NULL) {
		w->len += (tx->type != ETH_TX_LEGACY) + rlp_list_size(payload);
		return;
	}
	if (tx->type != ETH_TX_LEGACY) {
		rlp_put_raw(w, &tx->type, 1);
	}
	rlp_put_list(w, payload);
	put_fields(w, tx, tail, chain_id);
}

static int
type_ok(const struct eth_tx *tx)
{
	return tx->type <= ETH_TX_SET_CODE;
}

int
verify_tx_put(struct rlp_writer *w, const struct eth_tx *tx)
{
	if (!type_ok(tx)) {
		return -1;
	}
	put_payload(w, tx, TAIL_SIG, 0);
	return 0;
}

size_t
verify_tx_encode(uint8_t *buf, size_t cap, const struct eth_tx *tx)
{
	struct rlp_writer w;

	rlp_writer_init(&w, buf, cap);
	if (verify_tx_put(&w, tx) == -1) {
		return 0;
	}
	return w.len;
}

int
verify_tx_hash(struct eth_hash *out, const struct eth_tx *tx)
{
	struct hash_keccak k;
	struct rlp_writer w;

	if (!type_ok(tx)) {
		return -1;
	}
	hash_keccak_init(&k);
	rlp_writer_init_keccak(&w, &k);
	put_payload(&w, tx, TAIL_SIG, 0);
	hash_keccak_final(&k, out->b);
	return 0;
}

int
verify_tx_signing_hash(struct eth_hash *out, const struct eth_tx *tx)
{
	struct hash_keccak k;
	struct rlp_writer w;
	struct u256 c, two, rem;
	enum tail tail = TAIL_NONE;
	uint64_t chain_id = 0;

	if (!type_ok(tx)) {
		return VERIFY_BAD_TYPE;
	}
	if (tx->type == ETH_TX_LEGACY) {
		if (tx->v.w[1] == 0 && tx->v.w[2] == 0 && tx->v.w[3] == 0 &&
		    (tx->v.w[0] == 27 || tx->v.w[0] == 28)) {
			tail = TAIL_NONE;
		} else {
			/* EIP-155: v = recid + chain_id * 2 + 35 */
			u256_from_u64(&c, 35);
			if (u256_sub(&c, &tx->v, &c) == -1) {
				return VERIFY_BAD_V;
			}
			u256_from_u64(&two, 2);
			u256_divmod(&c, &rem, &c, &two);
			if (c.w[1] != 0 || c.w[2] != 0 || c.w[3] != 0) {
				return VERIFY_BAD_CHAIN_ID;
			}
			chain_id = c.w[0];
			tail = TAIL_EIP155;
		}
	}
	hash_keccak_init(&k);
	rlp_writer_init_keccak(&w, &k);
	put_payload(&w, tx, tail, chain_id);
	hash_keccak_final(&k, out->b);
	return VERIFY_OK;
}

static void
put_log(struct rlp_writer *w, const struct eth_log *l)
{
	size_t i;

	rlp_put_list(w, 21 + rlp_list_size((size_t)l->ntopics * 33) +
	    rlp_bytes_size(l->data, l->data_len));
	rlp_put_bytes(w, l->address.b, 20);
	rlp_put_list(w, (size_t)l->ntopics * 33);
	for (i = 0; i < l->ntopics; i++) {
		rlp_put_bytes(w, l->topics[i].b, 32);
	}
	rlp_put_bytes(w, l->data, l->data_len);
}

static size_t
log_size(const struct eth_log *l)
{
	return rlp_list_size(21 + rlp_list_size((size_t)l->ntopics * 33) +
	    rlp_bytes_size(l->data, l->data_len));
}

/*
 * Byzantium+ (EIP-658): [status, cumulativeGas, bloom, logs]; before it
 * the post-state root instead of status. Typed receipts: type || rlp.
 */
void
verify_receipt_put(struct rlp_writer *w, const struct eth_receipt *r)
{
	size_t logs = 0, first, i;

	for (i = 0; i < r->nlogs; i++) {
		logs += log_size(&r->logs[i]);
	}
	first = r->has_status ? rlp_uint_size(r->status) : 33;
	if (r->type != ETH_TX_LEGACY) {
		rlp_put_raw(w, &r->type, 1);
	}
	rlp_put_list(w, first + rlp_uint_size(r->cumulative_gas) + 259 +
	    rlp_list_size(logs));
	if (r->has_status) {
		rlp_put_uint(w, r->status);
	} else {
		rlp_put_bytes(w, r->root.b, 32);
	}
	rlp_put_uint(w, r->cumulative_gas);
	rlp_put_bytes(w, r->logs_bloom, 256);
	rlp_put_list(w, logs);
	for (i = 0; i < r->nlogs; i++) {
		put_log(w, &r->logs[i]);
	}
}

/*
 * Header fields in order (Yellow Paper 4.3), then the fork-dependent
 * tail: baseFee (EIP-1559), withdrawalsRoot (EIP-4895), blobGasUsed and
 * excessBlobGas (EIP-4844), parentBeaconRoot (EIP-4788), requestsHash
 * (EIP-7685).
 */
static void
put_header_fields(struct rlp_writer *w, const struct eth_header *h)
{
	rlp_put_bytes(w, h->parent_hash.b, 32);
	rlp_put_bytes(w, h->ommers_hash.b, 32);
	rlp_put_bytes(w, h->miner.b, 20);
	rlp_put_bytes(w, h->state_root.b, 32);
	rlp_put_bytes(w, h->tx_root.b, 32);
	rlp_put_bytes(w, h->receipts_root.b, 32);
	rlp_put_bytes(w, h->logs_bloom, 256);
	rlp_put_u256(w, &h->difficulty);
	rlp_put_uint(w, h->number);
	rlp_put_uint(w, h->gas_limit);
	rlp_put_uint(w, h->gas_used);
	rlp_put_uint(w, h->timestamp);
	rlp_put_bytes(w, h->extra, h->extra_len);
	rlp_put_bytes(w, h->mix_hash.b, 32);
	rlp_put_bytes(w, h->nonce, 8);
	if (h->has & ETH_H_BASE_FEE) {
		rlp_put_u256(w, &h->base_fee);
	}
	if (h->has & ETH_H_WITHDRAWALS) {
		rlp_put_bytes(w, h->withdrawals_root.b, 32);
	}
	if (h->has & ETH_H_BLOB_GAS) {
		rlp_put_uint(w, h->blob_gas_used);
		rlp_put_uint(w, h->excess_blob_gas);
	}
	if (h->has & ETH_H_BEACON_ROOT) {
		rlp_put_bytes(w, h->parent_beacon_root.b, 32);
	}
	if (h->has & ETH_H_REQUESTS) {
		rlp_put_bytes(w, h->requests_hash.b, 32);
	}
}

void
verify_header_hash(struct eth_hash *out, const struct eth_header *h)
{
	struct hash_keccak k;
	struct rlp_writer w;
	size_t payload;

	rlp_writer_init(&w, NULL, 0);
	put_header_fields(&w, h);
	payload = w.len;
	hash_keccak_init(&k);
	rlp_writer_init_keccak(&w, &k);
	rlp_put_list(&w, payload);
	put_header_fields(&w, h);
	hash_keccak_final(&k, out->b);
}
