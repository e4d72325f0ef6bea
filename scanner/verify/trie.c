/*
 * trie.c - roots of ordered Merkle-Patricia tries (Yellow Paper,
 * appendix D), the kind a block commits its transactions, receipts and
 * withdrawals to: key rlp(i), value the i-th encoded item.
 *
 * The keys depend only on the number of items, so the trie's shape is
 * known in advance: the builder walks the keys in sorted order,
 * recursively, with every node on the C stack (a branch is at most
 * 17 * 33 bytes, the depth at most 18 nibbles). A leaf's value is never
 * copied: it is streamed into Keccak from the caller's encoder.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../base/eth.h"
#include "../base/hash.h"
#include "../base/rlp.h"
#include "verify.h"

/* A child reference: a hash (len 32), or a node under 32 bytes inline. */
struct ref {
	uint8_t		 len;
	uint8_t		 b[32];
};

/* rlp(i) is at most 9 bytes: 18 nibbles. */
struct key {
	uint8_t		 nib[18];
	size_t		 len;
};

struct trie {
	size_t		 n;
	verify_value_fn	*value;
	const void	*ctx;
};

/* Values below this size are encoded in a local buffer, not streamed. */
#define SMALL	56

/*
 * Item at sorted position pos. Keys rlp(1)..rlp(127) are the single
 * bytes 0x01..0x7f, rlp(0) is 0x80, rlp(128..) start 0x81, 0x82...:
 * so 1..127 come first, then 0, then 128 onwards in order.
 */
static size_t
pos_index(size_t pos, size_t n)
{
	size_t small = n < 128 ? n : 128;

	if (pos + 1 < small) {
		return pos + 1;
	}
	if (pos + 1 == small) {
		return 0;
	}
	return pos;
}

static void
key_of(struct key *k, const struct trie *t, size_t pos)
{
	uint8_t b[9];
	size_t i, n, idx = pos_index(pos, t->n);
	uint64_t v = idx;

	if (idx == 0) {
		b[0] = 0x80;
		n = 1;
	} else if (idx < 0x80) {
		b[0] = (uint8_t)idx;
		n = 1;
	} else {
		n = 0;
		while (v != 0) {
			n++;
			v >>= 8;
		}
		b[0] = (uint8_t)(0x80 + n);
		for (i = 0; i < n; i++) {
			b[n - i] = (uint8_t)((uint64_t)idx >> (8 * i));
		}
		n++;
	}
	for (i = 0; i < n; i++) {
		k->nib[2 * i] = b[i] >> 4;
		k->nib[2 * i + 1] = b[i] & 0x0f;
	}
	k->len = 2 * n;
}

/* Hex-prefix encoding (appendix C): flag nibble 2 for a leaf, 0 else. */
static size_t
hex_prefix(uint8_t *out, const uint8_t *nib, size_t n, int leaf)
{
	size_t i = 0, o = 1;
	uint8_t flag = leaf ? 0x20 : 0x00;

	if (n % 2 == 1) {
		out[0] = (uint8_t)(flag | 0x10 | nib[0]);
		i = 1;
	} else {
		out[0] = flag;
	}
	for (; i < n; i += 2) {
		out[o++] = (uint8_t)(nib[i] << 4 | nib[i + 1]);
	}
	return o;
}

/* A node's reference: inline when under 32 bytes, unless it is the root. */
static void
finish(struct ref *out, const uint8_t *enc, size_t len, int root)
{
	if (len < 32 && !root) {
		memcpy(out->b, enc, len);
		out->len = (uint8_t)len;
		return;
	}
	hash_keccak256(out->b, enc, len);
	out->len = 32;
}

static size_t
ref_size(const struct ref *r)
{
	return r->len == 32 ? 33 : r->len;
}

static void
put_ref(struct rlp_writer *w, const struct ref *r)
{
	if (r->len == 32) {
		rlp_put_bytes(w, r->b, 32);
	} else {
		rlp_put_raw(w, r->b, r->len);
	}
}

static void
leaf(const struct trie *t, size_t pos, size_t d, int root, struct ref *out)
{
	uint8_t hp[10], val[SMALL], enc[SMALL + 16];
	struct hash_keccak k;
	struct rlp_writer w;
	struct key key;
	size_t hplen, vlen, payload;
	size_t idx = pos_index(pos, t->n);

	key_of(&key, t, pos);
	assert(key.len >= d);
	hplen = hex_prefix(hp, key.nib + d, key.len - d, 1);
	rlp_writer_init(&w, NULL, 0);
	t->value(&w, t->ctx, idx);
	vlen = w.len;
	if (vlen < SMALL) {
		rlp_writer_init(&w, val, sizeof(val));
		t->value(&w, t->ctx, idx);
		payload = rlp_bytes_size(hp, hplen) + rlp_bytes_size(val, vlen);
		rlp_writer_init(&w, enc, sizeof(enc));
		rlp_put_list(&w, payload);
		rlp_put_bytes(&w, hp, hplen);
		rlp_put_bytes(&w, val, vlen);
		finish(out, enc, w.len, root);
		return;
	}
	/*
	 * Large: [hp, value] is over 32 bytes, so hashed; stream the value.
	 * A string of vlen >= 2 bytes takes as much room as a list of vlen.
	 */
	payload = rlp_bytes_size(hp, hplen) + rlp_list_size(vlen);
	hash_keccak_init(&k);
	rlp_writer_init_keccak(&w, &k);
	rlp_put_list(&w, payload);
	rlp_put_bytes(&w, hp, hplen);
	rlp_put_string_header(&w, vlen);
	t->value(&w, t->ctx, idx);
	hash_keccak_final(&k, out->b);
	out->len = 32;
}

static void node(const struct trie *t, size_t lo, size_t hi, size_t d,
    int root, struct ref *out);

static void
branch(const struct trie *t, size_t lo, size_t hi, size_t d, int root,
    struct ref *out)
{
	struct ref child[16];
	uint8_t enc[3 + 16 * 33 + 1];
	struct rlp_writer w;
	struct key k;
	size_t p, q, payload = 1;
	uint8_t v;
	int i;

	memset(child, 0, sizeof(child));
	p = lo;
	while (p < hi) {
		key_of(&k, t, p);
		/* rlp(i) keys are prefix-free: no key ends at a branch */
		assert(k.len > d);
		v = k.nib[d];
		q = p + 1;
		while (q < hi) {
			key_of(&k, t, q);
			if (k.nib[d] != v) {
				break;
			}
			q++;
		}
		node(t, p, q, d + 1, 0, &child[v]);
		p = q;
	}
	for (i = 0; i < 16; i++) {
		payload += child[i].len == 0 ? 1 : ref_size(&child[i]);
	}
	rlp_writer_init(&w, enc, sizeof(enc));
	rlp_put_list(&w, payload);
	for (i = 0; i < 16; i++) {
		if (child[i].len == 0) {
			rlp_put_bytes(&w, NULL, 0);
		} else {
			put_ref(&w, &child[i]);
		}
	}
	rlp_put_bytes(&w, NULL, 0);	/* no value in the branch */
	assert(!rlp_writer_overflow(&w));
	finish(out, enc, w.len, root);
}

static void
node(const struct trie *t, size_t lo, size_t hi, size_t d, int root,
    struct ref *out)
{
	struct key a, b;
	struct ref child;
	uint8_t hp[10], enc[3 + 11 + 33];
	struct rlp_writer w;
	size_t c, hplen;

	if (hi - lo == 1) {
		leaf(t, lo, d, root, out);
		return;
	}
	/* sorted: the common prefix of all is that of the first and last */
	key_of(&a, t, lo);
	key_of(&b, t, hi - 1);
	c = d;
	while (c < a.len && c < b.len && a.nib[c] == b.nib[c]) {
		c++;
	}
	if (c == d) {
		branch(t, lo, hi, d, root, out);
		return;
	}
	branch(t, lo, hi, c, 0, &child);
	hplen = hex_prefix(hp, a.nib + d, c - d, 0);
	rlp_writer_init(&w, enc, sizeof(enc));
	rlp_put_list(&w, rlp_bytes_size(hp, hplen) + ref_size(&child));
	rlp_put_bytes(&w, hp, hplen);
	put_ref(&w, &child);
	assert(!rlp_writer_overflow(&w));
	finish(out, enc, w.len, root);
}

void
verify_ordered_root(struct eth_hash *out, size_t n, verify_value_fn *value,
    const void *ctx)
{
	static const uint8_t empty = 0x80;
	struct trie t;
	struct ref r;

	if (n == 0) {
		hash_keccak256(out->b, &empty, 1);
		return;
	}
	t.n = n;
	t.value = value;
	t.ctx = ctx;
	node(&t, 0, n, 0, 1, &r);
	memcpy(out->b, r.b, 32);
}

static void
tx_value(struct rlp_writer *w, const void *ctx, size_t i)
{
	const struct eth_tx *txs = ctx;

	verify_tx_put(w, &txs[i]);
}

int
verify_tx_root(struct eth_hash *out, const struct eth_tx *txs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (txs[i].type > ETH_TX_SET_CODE) {
			return -1;
		}
	}
	verify_ordered_root(out, n, tx_value, txs);
	return 0;
}

static void
receipt_value(struct rlp_writer *w, const void *ctx, size_t i)
{
	const struct eth_receipt *rs = ctx;

	verify_receipt_put(w, &rs[i]);
}

void
verify_receipts_root(struct eth_hash *out, const struct eth_receipt *rs,
    size_t n)
{
	verify_ordered_root(out, n, receipt_value, rs);
}

/* EIP-4895: rlp([index, validator_index, address, amount_gwei]) */
static void
withdrawal_value(struct rlp_writer *w, const void *ctx, size_t i)
{
	const struct eth_withdrawal *wd = (const struct eth_withdrawal *)ctx +
	    i;

	rlp_put_list(w, rlp_uint_size(wd->index) +
	    rlp_uint_size(wd->validator) + 21 +
	    rlp_uint_size(wd->amount_gwei));
	rlp_put_uint(w, wd->index);
	rlp_put_uint(w, wd->validator);
	rlp_put_bytes(w, wd->address.b, 20);
	rlp_put_uint(w, wd->amount_gwei);
}

void
verify_withdrawals_root(struct eth_hash *out, const struct eth_withdrawal *ws,
    size_t n)
{
	verify_ordered_root(out, n, withdrawal_value, ws);
}
