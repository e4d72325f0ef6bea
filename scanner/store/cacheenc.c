/*
 * cacheenc.c - the compact binary encoding of blocks, receipt sets and
 * call traces that the block cache stores (the value bodies of blk, rcpt
 * and trc; the version byte and the prefix are cache.c's).
 *
 * Primitives: "uv" is an unsigned LEB128 varint (at most 10 bytes);
 * "u256" is a length byte n (0..32) then n big-endian bytes; "data" is
 * uv length then the bytes; "bloom" is a tag byte: 0 (all zero), 1 then
 * the 256 bytes, or 2 then u8 n (1..126) and n (u8 offset, u8 byte)
 * pairs with rising offsets, the non-zero bytes of a sparse bloom.
 * Hashes are 32 raw bytes, addresses 20. Boolean int fields are kept as
 * 0/1. A fixed-size field that is all zero is often left out: a flag bit
 * says whether it was written.
 *
 * block:   header | uv bflags (1: has_withdrawals) | uv ntxs | tx x ntxs |
 *          uv nuncles | 32 x nuncles | uv nwithdrawals | withdrawal x n |
 *          uv ntx_hashes | 32 x ntx_hashes
 * header:  hash parent ommers | 20 miner | state tx_root receipts_root |
 *          bloom | u256 difficulty | uv number gas_limit gas_used
 *          timestamp | data extra | 32 mix_hash | 8 nonce | uv has |
 *          uv stored (ETH_H_* bits of the fields written: those in has
 *          and those non-zero) | [u256 base_fee] | [32 withdrawals_root] |
 *          [uv blob_gas_used, uv excess_blob_gas] | [32 beacon root] |
 *          [32 requests_hash]
 * tx:      u8 type | uv tflags | 32 hash | 20 from | [20 to] | uv nonce |
 *          uv gas | u256 value gas_price max_fee max_priority_fee
 *          max_fee_per_blob_gas | uv chain_id | u256 v r s | data input |
 *          uv naccess (20 address, uv nkeys, 32 x nkeys) | uv nblob
 *          (32 x n) | uv nauths (u256 chain_id, 20 address, uv nonce,
 *          u8 y_parity, u256 r s) | [uv block_number, 32 block_hash,
 *          uv index: only when they differ from the block's and i]
 * withdrawal: uv index validator | 20 address | uv amount_gwei
 * receipts: uv n | receipt x n
 * receipt: u8 type | uv rflags | 32 tx_hash | uv tx_index block_number |
 *          20 from | [20 to] | [20 contract] | u8 status | [32 root] |
 *          uv cumulative_gas gas_used | u256 effective_gas_price | bloom |
 *          uv nlogs | log x nlogs
 * log:     uv lflags | 20 address | u8 ntopics (0..4) | 32 x ntopics |
 *          data | uv log_index | [uv tx_index, 32 tx_hash, uv
 *          block_number: only when they differ from the receipt's]
 * traces:  uv n | frame x n
 * frame:   u8 kind | uv cflags | uv depth | 20 from | [20 to] | u256
 *          value | uv tx_index | [32 tx_hash: when it differs from the
 *          frame before's, zero before the first] | uv ntrace |
 *          uv x ntrace (trace_address)
 *
 * The receipt, log and frame flags also carry the has_* booleans of
 * eth.h (has_from, has_gas_price, has_value, has_tx_hash, has_block): a
 * field added to eth.h needs a place here and in cachedec.c, and a
 * version bump in cache.c if old values cannot be read as before.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

/* A growing output buffer; the first failure sticks. */
struct enc {
	uint8_t		*p;
	size_t		 len, cap;
	int		 failed;
	enum err_code	 code;
	char		 msg[200];
};

static void
enc_fail(struct enc *e, enum err_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
enc_fail(struct enc *e, enum err_code code, const char *fmt, ...)
{
	va_list ap;

	if (e->failed) {
		return;
	}
	e->failed = 1;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
}

static int
enc_room(struct enc *e, size_t n)
{
	size_t cap;
	uint8_t *p;

	if (e->failed) {
		return -1;
	}
	if (e->cap - e->len >= n) {
		return 0;
	}
	cap = e->cap != 0 ? e->cap : 4096;
	while (cap - e->len < n) {
		if (cap > SIZE_MAX / 2) {
			enc_fail(e, ERR_SYS, "out of memory");
			return -1;
		}
		cap *= 2;
	}
	p = realloc(e->p, cap);
	if (p == NULL) {
		enc_fail(e, ERR_SYS, "out of memory");
		return -1;
	}
	e->p = p;
	e->cap = cap;
	return 0;
}

static void
enc_raw(struct enc *e, const void *p, size_t n)
{
	if (n == 0 || enc_room(e, n) == -1) {
		return;
	}
	memcpy(e->p + e->len, p, n);
	e->len += n;
}

static void
enc_u8(struct enc *e, uint8_t v)
{
	enc_raw(e, &v, 1);
}

static void
enc_uv(struct enc *e, uint64_t v)
{
	uint8_t b[10];
	size_t n;

	n = 0;
	do {
		b[n] = (uint8_t)(v & 0x7f);
		v >>= 7;
		if (v != 0) {
			b[n] |= 0x80;
		}
		n++;
	} while (v != 0);
	enc_raw(e, b, n);
}

static void
enc_u256(struct enc *e, const struct u256 *v)
{
	uint8_t b[32];
	size_t i;

	u256_to_be(b, v);
	for (i = 0; i < sizeof(b) && b[i] == 0; i++) {
		continue;
	}
	enc_u8(e, (uint8_t)(sizeof(b) - i));
	enc_raw(e, b + i, sizeof(b) - i);
}

static void
enc_data(struct enc *e, const uint8_t *p, size_t n, const char *what)
{
	if (n > 0 && p == NULL) {
		enc_fail(e, ERR_INPUT, "%s has %zu bytes and no data", what,
		    n);
		return;
	}
	enc_uv(e, n);
	enc_raw(e, p, n);
}

static void
enc_bloom(struct enc *e, const uint8_t b[CACHE_BLOOM_LEN])
{
	size_t i, nz;

	for (i = 0, nz = 0; i < CACHE_BLOOM_LEN; i++) {
		nz += b[i] != 0;
	}
	if (nz == 0) {
		enc_u8(e, 0);
	} else if (nz > CACHE_SPARSE_MAX) {
		enc_u8(e, 1);
		enc_raw(e, b, CACHE_BLOOM_LEN);
	} else {
		enc_u8(e, 2);
		enc_u8(e, (uint8_t)nz);
		for (i = 0; i < CACHE_BLOOM_LEN; i++) {
			if (b[i] != 0) {
				enc_u8(e, (uint8_t)i);
				enc_u8(e, b[i]);
			}
		}
	}
}

/* Put "what i: " in front of an input failure's message. */
static void
enc_where(struct enc *e, const char *what, size_t i)
{
	char old[sizeof(e->msg)];

	if (!e->failed || e->code == ERR_SYS) {
		return;
	}
	memcpy(old, e->msg, sizeof(old));
	if (snprintf(e->msg, sizeof(e->msg), "%s %zu: %s", what, i,
	    old) < 0) {
		e->msg[0] = '\0';
	}
}

static int
zero(const void *p, size_t n)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++) {
		if (b[i] != 0) {
			return 0;
		}
	}
	return 1;
}

/* The array a of n elements must exist when n > 0. */
static int
enc_arr(struct enc *e, const void *a, size_t n, const char *what)
{
	if (n > 0 && a == NULL) {
		enc_fail(e, ERR_INPUT, "%s: %zu of them and no array", what,
		    n);
		return -1;
	}
	enc_uv(e, n);
	return e->failed ? -1 : 0;
}

static unsigned
header_stored(const struct eth_header *h)
{
	unsigned s;

	s = h->has & CACHE_H_KNOWN;
	if (!u256_is_zero(&h->base_fee)) {
		s |= ETH_H_BASE_FEE;
	}
	if (!zero(&h->withdrawals_root, 32)) {
		s |= ETH_H_WITHDRAWALS;
	}
	if (h->blob_gas_used != 0 || h->excess_blob_gas != 0) {
		s |= ETH_H_BLOB_GAS;
	}
	if (!zero(&h->parent_beacon_root, 32)) {
		s |= ETH_H_BEACON_ROOT;
	}
	if (!zero(&h->requests_hash, 32)) {
		s |= ETH_H_REQUESTS;
	}
	return s;
}

static void
enc_header(struct enc *e, const struct eth_header *h)
{
	unsigned s;

	enc_raw(e, h->hash.b, 32);
	enc_raw(e, h->parent_hash.b, 32);
	enc_raw(e, h->ommers_hash.b, 32);
	enc_raw(e, h->miner.b, 20);
	enc_raw(e, h->state_root.b, 32);
	enc_raw(e, h->tx_root.b, 32);
	enc_raw(e, h->receipts_root.b, 32);
	enc_bloom(e, h->logs_bloom);
	enc_u256(e, &h->difficulty);
	enc_uv(e, h->number);
	enc_uv(e, h->gas_limit);
	enc_uv(e, h->gas_used);
	enc_uv(e, h->timestamp);
	enc_data(e, h->extra, h->extra_len, "extraData");
	enc_raw(e, h->mix_hash.b, 32);
	enc_raw(e, h->nonce, 8);
	s = header_stored(h);
	enc_uv(e, h->has);
	enc_uv(e, s);
	if (s & ETH_H_BASE_FEE) {
		enc_u256(e, &h->base_fee);
	}
	if (s & ETH_H_WITHDRAWALS) {
		enc_raw(e, h->withdrawals_root.b, 32);
	}
	if (s & ETH_H_BLOB_GAS) {
		enc_uv(e, h->blob_gas_used);
		enc_uv(e, h->excess_blob_gas);
	}
	if (s & ETH_H_BEACON_ROOT) {
		enc_raw(e, h->parent_beacon_root.b, 32);
	}
	if (s & ETH_H_REQUESTS) {
		enc_raw(e, h->requests_hash.b, 32);
	}
}

static void
enc_tx(struct enc *e, const struct eth_header *h, const struct eth_tx *t,
    size_t i)
{
	unsigned f;
	size_t j;

	f = 0;
	if (t->has_to) {
		f |= CACHE_TF_HAS_TO;
	}
	if (!zero(&t->to, 20)) {
		f |= CACHE_TF_TO;
	}
	if (t->has_chain_id) {
		f |= CACHE_TF_HAS_CHAIN;
	}
	if (t->has_block) {
		f |= CACHE_TF_HAS_BLOCK;
	}
	if (t->block_number != h->number || t->index != i ||
	    memcmp(&t->block_hash, &h->hash, 32) != 0) {
		f |= CACHE_TF_POS;
	}
	enc_u8(e, t->type);
	enc_uv(e, f);
	enc_raw(e, t->hash.b, 32);
	enc_raw(e, t->from.b, 20);
	if (f & CACHE_TF_TO) {
		enc_raw(e, t->to.b, 20);
	}
	enc_uv(e, t->nonce);
	enc_uv(e, t->gas);
	enc_u256(e, &t->value);
	enc_u256(e, &t->gas_price);
	enc_u256(e, &t->max_fee);
	enc_u256(e, &t->max_priority_fee);
	enc_u256(e, &t->max_fee_per_blob_gas);
	enc_uv(e, t->chain_id);
	enc_u256(e, &t->v);
	enc_u256(e, &t->r);
	enc_u256(e, &t->s);
	enc_data(e, t->input, t->input_len, "input");
	if (enc_arr(e, t->access, t->naccess, "access list") == -1) {
		return;
	}
	for (j = 0; j < t->naccess; j++) {
		enc_raw(e, t->access[j].address.b, 20);
		if (enc_arr(e, t->access[j].keys, t->access[j].nkeys,
		    "storage keys") == -1) {
			return;
		}
		enc_raw(e, t->access[j].keys, 32 * t->access[j].nkeys);
	}
	if (enc_arr(e, t->blob_hashes, t->nblob_hashes, "blob hashes") ==
	    -1) {
		return;
	}
	enc_raw(e, t->blob_hashes, 32 * t->nblob_hashes);
	if (enc_arr(e, t->auths, t->nauths, "authorizations") == -1) {
		return;
	}
	for (j = 0; j < t->nauths; j++) {
		enc_u256(e, &t->auths[j].chain_id);
		enc_raw(e, t->auths[j].address.b, 20);
		enc_uv(e, t->auths[j].nonce);
		enc_u8(e, t->auths[j].y_parity);
		enc_u256(e, &t->auths[j].r);
		enc_u256(e, &t->auths[j].s);
	}
	if (f & CACHE_TF_POS) {
		enc_uv(e, t->block_number);
		enc_raw(e, t->block_hash.b, 32);
		enc_uv(e, t->index);
	}
}

/* Hand over e's buffer, or its failure as err with what in front. */
static int
enc_finish(struct enc *e, uint8_t **out, size_t *len, const char *what,
    uint64_t number, struct err *err)
{
	if (e->failed) {
		free(e->p);
		return err_set(err, e->code, e->code == ERR_SYS ? ENOMEM : 0,
		    "cannot encode %s of block %llu: %s", what,
		    (unsigned long long)number, e->msg);
	}
	*out = e->p;
	*len = e->len;
	return 0;
}

int
store_block_encode(uint8_t **out, size_t *len, const struct eth_block *b,
    struct err *err)
{
	struct enc e;
	size_t i;

	*out = NULL;
	*len = 0;
	memset(&e, 0, sizeof(e));
	enc_header(&e, &b->h);
	enc_uv(&e, b->has_withdrawals ? CACHE_BF_HAS_WD : 0);
	if (enc_arr(&e, b->txs, b->ntxs, "transactions") == 0) {
		for (i = 0; i < b->ntxs && !e.failed; i++) {
			enc_tx(&e, &b->h, &b->txs[i], i);
			enc_where(&e, "transaction", i);
		}
	}
	if (enc_arr(&e, b->uncles, b->nuncles, "uncles") == 0) {
		enc_raw(&e, b->uncles, 32 * b->nuncles);
	}
	if (enc_arr(&e, b->withdrawals, b->nwithdrawals, "withdrawals") ==
	    0) {
		for (i = 0; i < b->nwithdrawals; i++) {
			enc_uv(&e, b->withdrawals[i].index);
			enc_uv(&e, b->withdrawals[i].validator);
			enc_raw(&e, b->withdrawals[i].address.b, 20);
			enc_uv(&e, b->withdrawals[i].amount_gwei);
		}
	}
	if (enc_arr(&e, b->tx_hashes, b->ntx_hashes, "transaction hashes") ==
	    0) {
		enc_raw(&e, b->tx_hashes, 32 * b->ntx_hashes);
	}
	return enc_finish(&e, out, len, "header and transactions",
	    b->h.number, err);
}

static void
enc_log(struct enc *e, const struct eth_receipt *r, const struct eth_log *l)
{
	unsigned f;

	if (l->ntopics > 4) {
		enc_fail(e, ERR_INPUT, "%u topics (at most 4)",
		    (unsigned)l->ntopics);
		return;
	}
	f = l->removed ? CACHE_LF_REMOVED : 0;
	if (l->tx_index != r->tx_index || l->block_number !=
	    r->block_number || memcmp(&l->tx_hash, &r->tx_hash, 32) != 0) {
		f |= CACHE_LF_POS;
	}
	enc_uv(e, f);
	enc_raw(e, l->address.b, 20);
	enc_u8(e, l->ntopics);
	enc_raw(e, l->topics, 32 * (size_t)l->ntopics);
	enc_data(e, l->data, l->data_len, "data");
	enc_uv(e, l->log_index);
	if (f & CACHE_LF_POS) {
		enc_uv(e, l->tx_index);
		enc_raw(e, l->tx_hash.b, 32);
		enc_uv(e, l->block_number);
	}
}

static void
enc_receipt(struct enc *e, const struct eth_receipt *r)
{
	unsigned f;
	size_t j;

	f = 0;
	f |= r->has_to ? CACHE_RF_HAS_TO : 0;
	f |= zero(&r->to, 20) ? 0 : CACHE_RF_TO;
	f |= r->has_contract ? CACHE_RF_HAS_CONTRACT : 0;
	f |= zero(&r->contract_address, 20) ? 0 : CACHE_RF_CONTRACT;
	f |= r->has_status ? CACHE_RF_HAS_STATUS : 0;
	f |= zero(&r->root, 32) ? 0 : CACHE_RF_ROOT;
	f |= r->has_from ? CACHE_RF_HAS_FROM : 0;
	f |= r->has_gas_price ? CACHE_RF_HAS_PRICE : 0;
	enc_u8(e, r->type);
	enc_uv(e, f);
	enc_raw(e, r->tx_hash.b, 32);
	enc_uv(e, r->tx_index);
	enc_uv(e, r->block_number);
	enc_raw(e, r->from.b, 20);
	if (f & CACHE_RF_TO) {
		enc_raw(e, r->to.b, 20);
	}
	if (f & CACHE_RF_CONTRACT) {
		enc_raw(e, r->contract_address.b, 20);
	}
	enc_u8(e, r->status);
	if (f & CACHE_RF_ROOT) {
		enc_raw(e, r->root.b, 32);
	}
	enc_uv(e, r->cumulative_gas);
	enc_uv(e, r->gas_used);
	enc_u256(e, &r->effective_gas_price);
	enc_bloom(e, r->logs_bloom);
	if (enc_arr(e, r->logs, r->nlogs, "logs") == -1) {
		return;
	}
	for (j = 0; j < r->nlogs && !e->failed; j++) {
		enc_log(e, r, &r->logs[j]);
		enc_where(e, "log", j);
	}
}

int
store_receipts_encode(uint8_t **out, size_t *len,
    const struct eth_receipts *rs, uint64_t number, struct err *err)
{
	struct enc e;
	size_t i;

	*out = NULL;
	*len = 0;
	memset(&e, 0, sizeof(e));
	if (enc_arr(&e, rs->r, rs->n, "receipts") == 0) {
		for (i = 0; i < rs->n && !e.failed; i++) {
			enc_receipt(&e, &rs->r[i]);
			enc_where(&e, "receipt", i);
		}
	}
	return enc_finish(&e, out, len, "receipts", number, err);
}

int
store_traces_encode(uint8_t **out, size_t *len,
    const struct eth_traces *ts, uint64_t number, struct err *err)
{
	const struct eth_call *c;
	struct eth_hash prev;
	struct enc e;
	unsigned f;
	size_t i, j;

	*out = NULL;
	*len = 0;
	memset(&e, 0, sizeof(e));
	memset(&prev, 0, sizeof(prev));
	if (enc_arr(&e, ts->c, ts->n, "call frames") == 0) {
		for (i = 0; i < ts->n && !e.failed; i++) {
			c = &ts->c[i];
			f = 0;
			f |= c->has_to ? CACHE_CF_HAS_TO : 0;
			f |= zero(&c->to, 20) ? 0 : CACHE_CF_TO;
			f |= c->failed ? CACHE_CF_FAILED : 0;
			f |= c->has_value ? CACHE_CF_HAS_VALUE : 0;
			f |= c->has_tx_hash ? CACHE_CF_HAS_TXHASH : 0;
			if (memcmp(&c->tx_hash, &prev, 32) != 0) {
				f |= CACHE_CF_TXHASH;
			}
			prev = c->tx_hash;
			enc_u8(&e, c->kind);
			enc_uv(&e, f);
			enc_uv(&e, c->depth);
			enc_raw(&e, c->from.b, 20);
			if (f & CACHE_CF_TO) {
				enc_raw(&e, c->to.b, 20);
			}
			enc_u256(&e, &c->value);
			enc_uv(&e, c->tx_index);
			if (f & CACHE_CF_TXHASH) {
				enc_raw(&e, c->tx_hash.b, 32);
			}
			if (c->trace_address_len > 0 &&
			    c->trace_address == NULL) {
				enc_fail(&e, ERR_INPUT, "frame %zu: trace "
				    "address of %u and no array", i,
				    (unsigned)c->trace_address_len);
				break;
			}
			enc_uv(&e, c->trace_address_len);
			for (j = 0; j < c->trace_address_len; j++) {
				enc_uv(&e, c->trace_address[j]);
			}
		}
	}
	return enc_finish(&e, out, len, "call traces", number, err);
}

