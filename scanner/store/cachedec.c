/*
 * cachedec.c - reading back the block cache's value bodies (the format is
 * described in cacheenc.c). Every length is checked against what is left
 * before it is read or allocated, and the value must be used up exactly:
 * a truncated, padded or altered value is an error, never a crash or an
 * oversized allocation.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "store_int.h"

/*
 * Reading. Every read checks what is left first; the first failure
 * sticks and later reads return zeros, so the callers check d->bad only
 * before they use what they allocated.
 */
struct dec {
	const uint8_t	*p, *start, *end;
	struct arena	*a;
	int		 bad;
	int		 nomem;
	const char	*why;
	size_t		 at;
};

static void
dec_fail(struct dec *d, const char *why)
{
	if (d->bad) {
		return;
	}
	d->bad = 1;
	d->why = why;
	d->at = (size_t)(d->p - d->start);
}

static int
dec_need(struct dec *d, size_t n)
{
	if (d->bad) {
		return -1;
	}
	if ((size_t)(d->end - d->p) < n) {
		dec_fail(d, "truncated");
		return -1;
	}
	return 0;
}

static void
dec_raw(struct dec *d, void *out, size_t n)
{
	if (n == 0) {
		return;
	}
	if (dec_need(d, n) == -1) {
		memset(out, 0, n);
		return;
	}
	memcpy(out, d->p, n);
	d->p += n;
}

static uint8_t
dec_u8(struct dec *d)
{
	uint8_t v;

	dec_raw(d, &v, 1);
	return v;
}

static uint64_t
dec_uv(struct dec *d)
{
	uint64_t v;
	unsigned shift;
	uint8_t b;

	v = 0;
	for (shift = 0;; shift += 7) {
		if (dec_need(d, 1) == -1) {
			return 0;
		}
		b = *d->p++;
		if (shift == 63 && b > 1) {
			dec_fail(d, "varint overflows 64 bits");
			return 0;
		}
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			return v;
		}
	}
}

/* A varint that must fit max. */
static uint64_t
dec_uvmax(struct dec *d, uint64_t max, const char *why)
{
	uint64_t v;

	v = dec_uv(d);
	if (v > max) {
		dec_fail(d, why);
		return 0;
	}
	return v;
}

static void
dec_u256(struct dec *d, struct u256 *v)
{
	uint8_t n;

	n = dec_u8(d);
	u256_zero(v);
	if (n > 32) {
		dec_fail(d, "256-bit value longer than 32 bytes");
		return;
	}
	if (n == 0 || dec_need(d, n) == -1) {
		return;
	}
	u256_from_be(v, d->p, n);
	d->p += n;
}

/* A count of elements of at least min bytes each, as many as fit. */
static size_t
dec_count(struct dec *d, size_t min)
{
	uint64_t n;

	n = dec_uv(d);
	if (n > (uint64_t)(d->end - d->p) / min) {
		dec_fail(d, "count larger than the value");
		return 0;
	}
	return (size_t)n;
}

static void *
dec_alloc(struct dec *d, size_t n, size_t size)
{
	void *p;

	if (d->bad || n == 0) {
		return NULL;
	}
	if (n > SIZE_MAX / size) {
		dec_fail(d, "count overflows");
		return NULL;
	}
	p = arena_alloc(d->a, n * size);
	if (p == NULL) {
		d->nomem = 1;
		dec_fail(d, "out of memory");
	}
	return p;
}

static void
dec_data(struct dec *d, const uint8_t **out, size_t *len)
{
	uint8_t *p;
	size_t n;

	*out = NULL;
	*len = 0;
	n = dec_count(d, 1);
	if (n == 0 || d->bad) {
		return;
	}
	p = arena_dup(d->a, d->p, n);
	if (p == NULL) {
		d->nomem = 1;
		dec_fail(d, "out of memory");
		return;
	}
	d->p += n;
	*out = p;
	*len = n;
}

static void
dec_bloom(struct dec *d, uint8_t b[CACHE_BLOOM_LEN])
{
	unsigned n, i, off, last;
	uint8_t tag;

	memset(b, 0, CACHE_BLOOM_LEN);
	tag = dec_u8(d);
	if (tag == 1) {
		dec_raw(d, b, CACHE_BLOOM_LEN);
		return;
	}
	if (tag != 2) {
		if (tag != 0) {
			dec_fail(d, "unknown bloom tag");
		}
		return;
	}
	n = dec_u8(d);
	if (n == 0 || n > CACHE_SPARSE_MAX) {
		dec_fail(d, "bad sparse bloom count");
		return;
	}
	for (i = 0, last = 0; i < n && !d->bad; i++) {
		off = dec_u8(d);
		if (i > 0 && off <= last) {
			dec_fail(d, "sparse bloom offsets out of order");
			return;
		}
		last = off;
		b[off] = dec_u8(d);
	}
}

static void
dec_header(struct dec *d, struct eth_header *h)
{
	unsigned s;

	dec_raw(d, h->hash.b, 32);
	dec_raw(d, h->parent_hash.b, 32);
	dec_raw(d, h->ommers_hash.b, 32);
	dec_raw(d, h->miner.b, 20);
	dec_raw(d, h->state_root.b, 32);
	dec_raw(d, h->tx_root.b, 32);
	dec_raw(d, h->receipts_root.b, 32);
	dec_bloom(d, h->logs_bloom);
	dec_u256(d, &h->difficulty);
	h->number = dec_uv(d);
	h->gas_limit = dec_uv(d);
	h->gas_used = dec_uv(d);
	h->timestamp = dec_uv(d);
	dec_data(d, &h->extra, &h->extra_len);
	dec_raw(d, h->mix_hash.b, 32);
	dec_raw(d, h->nonce, 8);
	h->has = (unsigned)dec_uvmax(d, UINT_MAX, "header flags too large");
	s = (unsigned)dec_uvmax(d, CACHE_H_KNOWN, "unknown header fields");
	if (s & ETH_H_BASE_FEE) {
		dec_u256(d, &h->base_fee);
	}
	if (s & ETH_H_WITHDRAWALS) {
		dec_raw(d, h->withdrawals_root.b, 32);
	}
	if (s & ETH_H_BLOB_GAS) {
		h->blob_gas_used = dec_uv(d);
		h->excess_blob_gas = dec_uv(d);
	}
	if (s & ETH_H_BEACON_ROOT) {
		dec_raw(d, h->parent_beacon_root.b, 32);
	}
	if (s & ETH_H_REQUESTS) {
		dec_raw(d, h->requests_hash.b, 32);
	}
}

static void
dec_tx(struct dec *d, const struct eth_header *h, struct eth_tx *t,
    size_t i)
{
	struct eth_access *ac;
	struct eth_auth *au;
	unsigned f;
	size_t j;

	t->type = dec_u8(d);
	f = (unsigned)dec_uvmax(d, CACHE_TF_ALL, "unknown transaction flags");
	t->has_to = (f & CACHE_TF_HAS_TO) != 0;
	t->has_chain_id = (f & CACHE_TF_HAS_CHAIN) != 0;
	t->has_block = (f & CACHE_TF_HAS_BLOCK) != 0;
	dec_raw(d, t->hash.b, 32);
	dec_raw(d, t->from.b, 20);
	if (f & CACHE_TF_TO) {
		dec_raw(d, t->to.b, 20);
	}
	t->nonce = dec_uv(d);
	t->gas = dec_uv(d);
	dec_u256(d, &t->value);
	dec_u256(d, &t->gas_price);
	dec_u256(d, &t->max_fee);
	dec_u256(d, &t->max_priority_fee);
	dec_u256(d, &t->max_fee_per_blob_gas);
	t->chain_id = dec_uv(d);
	dec_u256(d, &t->v);
	dec_u256(d, &t->r);
	dec_u256(d, &t->s);
	dec_data(d, &t->input, &t->input_len);
	t->naccess = dec_count(d, CACHE_MIN_ACCESS);
	t->access = dec_alloc(d, t->naccess, sizeof(*t->access));
	for (j = 0; j < t->naccess && !d->bad; j++) {
		ac = &t->access[j];
		dec_raw(d, ac->address.b, 20);
		ac->nkeys = dec_count(d, 32);
		ac->keys = dec_alloc(d, ac->nkeys, sizeof(*ac->keys));
		if (!d->bad) {
			dec_raw(d, ac->keys, 32 * ac->nkeys);
		}
	}
	t->nblob_hashes = dec_count(d, 32);
	t->blob_hashes = dec_alloc(d, t->nblob_hashes,
	    sizeof(*t->blob_hashes));
	if (!d->bad) {
		dec_raw(d, t->blob_hashes, 32 * t->nblob_hashes);
	}
	t->nauths = dec_count(d, CACHE_MIN_AUTH);
	t->auths = dec_alloc(d, t->nauths, sizeof(*t->auths));
	for (j = 0; j < t->nauths && !d->bad; j++) {
		au = &t->auths[j];
		dec_u256(d, &au->chain_id);
		dec_raw(d, au->address.b, 20);
		au->nonce = dec_uv(d);
		au->y_parity = dec_u8(d);
		dec_u256(d, &au->r);
		dec_u256(d, &au->s);
	}
	if (f & CACHE_TF_POS) {
		t->block_number = dec_uv(d);
		dec_raw(d, t->block_hash.b, 32);
		t->index = (uint32_t)dec_uvmax(d, UINT32_MAX,
		    "transaction index too large");
	} else {
		t->block_number = h->number;
		t->block_hash = h->hash;
		t->index = (uint32_t)i;
	}
}

/* Turn a failed walk (or one that left bytes over) into err. */
static int
dec_finish(struct dec *d, const char *what, struct err *err)
{
	if (!d->bad && d->p != d->end) {
		dec_fail(d, "bytes left over");
	}
	if (!d->bad) {
		return 0;
	}
	if (d->nomem) {
		return err_set(err, ERR_SYS, ENOMEM, "out of memory");
	}
	return err_set(err, ERR_STORE, MDB_CORRUPTED,
	    "corrupt %s encoding: %s at byte %zu of %zu", what, d->why,
	    d->at, (size_t)(d->end - d->start));
}

static void
dec_begin(struct dec *d, struct arena *a, const void *p, size_t len)
{
	memset(d, 0, sizeof(*d));
	d->start = p;
	d->p = p;
	d->end = d->start + len;
	d->a = a;
	arena_init(a, 0);
}

int
store_block_decode(struct eth_block *b, const void *p, size_t len,
    struct err *err)
{
	struct eth_withdrawal *w;
	struct dec d;
	unsigned f;
	size_t i;

	memset(b, 0, sizeof(*b));
	dec_begin(&d, &b->arena, p, len);
	dec_header(&d, &b->h);
	f = (unsigned)dec_uvmax(&d, CACHE_BF_HAS_WD, "unknown block flags");
	b->has_withdrawals = (f & CACHE_BF_HAS_WD) != 0;
	b->ntxs = dec_count(&d, CACHE_MIN_TX);
	b->txs = dec_alloc(&d, b->ntxs, sizeof(*b->txs));
	for (i = 0; i < b->ntxs && !d.bad; i++) {
		dec_tx(&d, &b->h, &b->txs[i], i);
	}
	b->nuncles = dec_count(&d, 32);
	b->uncles = dec_alloc(&d, b->nuncles, sizeof(*b->uncles));
	if (!d.bad) {
		dec_raw(&d, b->uncles, 32 * b->nuncles);
	}
	b->nwithdrawals = dec_count(&d, CACHE_MIN_WD);
	b->withdrawals = dec_alloc(&d, b->nwithdrawals,
	    sizeof(*b->withdrawals));
	for (i = 0; i < b->nwithdrawals && !d.bad; i++) {
		w = &b->withdrawals[i];
		w->index = dec_uv(&d);
		w->validator = dec_uv(&d);
		dec_raw(&d, w->address.b, 20);
		w->amount_gwei = dec_uv(&d);
	}
	b->ntx_hashes = dec_count(&d, 32);
	b->tx_hashes = dec_alloc(&d, b->ntx_hashes, sizeof(*b->tx_hashes));
	if (!d.bad) {
		dec_raw(&d, b->tx_hashes, 32 * b->ntx_hashes);
	}
	if (dec_finish(&d, "block", err) == -1) {
		eth_block_release(b);
		return -1;
	}
	return 0;
}

static void
dec_log(struct dec *d, const struct eth_receipt *r, struct eth_log *l)
{
	unsigned f;

	f = (unsigned)dec_uvmax(d, CACHE_LF_ALL, "unknown log flags");
	l->removed = (f & CACHE_LF_REMOVED) != 0;
	dec_raw(d, l->address.b, 20);
	l->ntopics = dec_u8(d);
	if (l->ntopics > 4) {
		dec_fail(d, "more than 4 topics");
		l->ntopics = 0;
		return;
	}
	dec_raw(d, l->topics, 32 * (size_t)l->ntopics);
	dec_data(d, &l->data, &l->data_len);
	l->log_index = (uint32_t)dec_uvmax(d, UINT32_MAX,
	    "log index too large");
	if (f & CACHE_LF_POS) {
		l->tx_index = (uint32_t)dec_uvmax(d, UINT32_MAX,
		    "transaction index too large");
		dec_raw(d, l->tx_hash.b, 32);
		l->block_number = dec_uv(d);
	} else {
		l->tx_index = r->tx_index;
		l->tx_hash = r->tx_hash;
		l->block_number = r->block_number;
	}
}

static void
dec_receipt(struct dec *d, struct eth_receipt *r)
{
	unsigned f;
	size_t j;

	r->type = dec_u8(d);
	f = (unsigned)dec_uvmax(d, CACHE_RF_ALL, "unknown receipt flags");
	r->has_from = (f & CACHE_RF_HAS_FROM) != 0;
	r->has_gas_price = (f & CACHE_RF_HAS_PRICE) != 0;
	r->has_to = (f & CACHE_RF_HAS_TO) != 0;
	r->has_contract = (f & CACHE_RF_HAS_CONTRACT) != 0;
	r->has_status = (f & CACHE_RF_HAS_STATUS) != 0;
	dec_raw(d, r->tx_hash.b, 32);
	r->tx_index = (uint32_t)dec_uvmax(d, UINT32_MAX,
	    "transaction index too large");
	r->block_number = dec_uv(d);
	dec_raw(d, r->from.b, 20);
	if (f & CACHE_RF_TO) {
		dec_raw(d, r->to.b, 20);
	}
	if (f & CACHE_RF_CONTRACT) {
		dec_raw(d, r->contract_address.b, 20);
	}
	r->status = dec_u8(d);
	if (f & CACHE_RF_ROOT) {
		dec_raw(d, r->root.b, 32);
	}
	r->cumulative_gas = dec_uv(d);
	r->gas_used = dec_uv(d);
	dec_u256(d, &r->effective_gas_price);
	dec_bloom(d, r->logs_bloom);
	r->nlogs = dec_count(d, CACHE_MIN_LOG);
	r->logs = dec_alloc(d, r->nlogs, sizeof(*r->logs));
	for (j = 0; j < r->nlogs && !d->bad; j++) {
		dec_log(d, r, &r->logs[j]);
	}
}

int
store_receipts_decode(struct eth_receipts *rs, const void *p, size_t len,
    struct err *err)
{
	struct dec d;
	size_t i;

	memset(rs, 0, sizeof(*rs));
	dec_begin(&d, &rs->arena, p, len);
	rs->n = dec_count(&d, CACHE_MIN_RCPT);
	rs->r = dec_alloc(&d, rs->n, sizeof(*rs->r));
	for (i = 0; i < rs->n && !d.bad; i++) {
		dec_receipt(&d, &rs->r[i]);
	}
	if (dec_finish(&d, "receipts", err) == -1) {
		eth_receipts_release(rs);
		return -1;
	}
	return 0;
}

int
store_traces_decode(struct eth_traces *ts, const void *p, size_t len,
    struct err *err)
{
	struct eth_hash prev;
	struct eth_call *c;
	uint32_t *ta;
	struct dec d;
	unsigned f;
	size_t i, j;

	memset(ts, 0, sizeof(*ts));
	memset(&prev, 0, sizeof(prev));
	dec_begin(&d, &ts->arena, p, len);
	ts->n = dec_count(&d, CACHE_MIN_CALL);
	ts->c = dec_alloc(&d, ts->n, sizeof(*ts->c));
	for (i = 0; i < ts->n && !d.bad; i++) {
		c = &ts->c[i];
		c->kind = dec_u8(&d);
		f = (unsigned)dec_uvmax(&d, CACHE_CF_ALL,
		    "unknown frame flags");
		c->has_to = (f & CACHE_CF_HAS_TO) != 0;
		c->failed = (f & CACHE_CF_FAILED) != 0;
		c->has_value = (f & CACHE_CF_HAS_VALUE) != 0;
		c->has_tx_hash = (f & CACHE_CF_HAS_TXHASH) != 0;
		c->depth = (uint16_t)dec_uvmax(&d, UINT16_MAX,
		    "call depth too large");
		dec_raw(&d, c->from.b, 20);
		if (f & CACHE_CF_TO) {
			dec_raw(&d, c->to.b, 20);
		}
		dec_u256(&d, &c->value);
		c->tx_index = (uint32_t)dec_uvmax(&d, UINT32_MAX,
		    "transaction index too large");
		if (f & CACHE_CF_TXHASH) {
			dec_raw(&d, c->tx_hash.b, 32);
		} else {
			c->tx_hash = prev;
		}
		prev = c->tx_hash;
		c->trace_address_len = (uint16_t)dec_uvmax(&d,
		    d.end - d.p < UINT16_MAX ? (uint64_t)(d.end - d.p) :
		    UINT16_MAX, "trace address too long");
		ta = dec_alloc(&d, c->trace_address_len, sizeof(*ta));
		for (j = 0; j < c->trace_address_len && !d.bad; j++) {
			ta[j] = (uint32_t)dec_uvmax(&d, UINT32_MAX,
			    "trace address element too large");
		}
		c->trace_address = ta;
	}
	if (dec_finish(&d, "call traces", err) == -1) {
		eth_traces_release(ts);
		return -1;
	}
	return 0;
}
