/*
 * rlp.c - strict RLP decoding and encoding (Yellow Paper, appendix B).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "err.h"
#include "hash.h"
#include "rlp.h"
#include "u256.h"

/*
 * Read a long-form length of lenlen bytes: canonical means no leading
 * zero byte and a value of at least 56 (else the short form applies).
 */
static int
long_len(size_t *len, const uint8_t *p, size_t lenlen, struct err *err)
{
	size_t i, v = 0;

	if (p[0] == 0) {
		return err_set(err, ERR_INPUT, 0,
		    "rlp: length with leading zero bytes");
	}
	if (lenlen > sizeof(size_t)) {
		return err_set(err, ERR_INPUT, 0, "rlp: length too large");
	}
	for (i = 0; i < lenlen; i++) {
		v = v << 8 | p[i];
	}
	if (v < 56) {
		return err_set(err, ERR_INPUT, 0,
		    "rlp: long form for a length below 56");
	}
	*len = v;
	return 0;
}

int
rlp_decode(struct rlp_item *item, size_t *used, const uint8_t *in,
    size_t inlen, struct err *err)
{
	size_t hdr, len = 0, lenlen;
	uint8_t b;

	if (inlen == 0) {
		return err_set(err, ERR_INPUT, 0, "rlp: truncated input");
	}
	b = in[0];
	if (b < 0x80) {
		item->data = in;
		item->len = 1;
		item->is_list = 0;
		if (used != NULL) {
			*used = 1;
		}
		return 0;
	}
	item->is_list = b >= 0xc0;
	if (b <= 0xb7 || (b >= 0xc0 && b <= 0xf7)) {
		hdr = 1;
		len = (size_t)(b & (item->is_list ? 0x3f : 0x7f));
		if (!item->is_list && len == 1 && inlen >= 2 && in[1] < 0x80) {
			return err_set(err, ERR_INPUT, 0,
			    "rlp: single byte below 0x80 given a header");
		}
	} else {
		lenlen = (size_t)(b - (item->is_list ? 0xf7 : 0xb7));
		if (inlen - 1 < lenlen) {
			return err_set(err, ERR_INPUT, 0,
			    "rlp: truncated length");
		}
		if (long_len(&len, in + 1, lenlen, err) == -1) {
			return -1;
		}
		hdr = 1 + lenlen;
	}
	if (len > inlen - hdr) {
		return err_set(err, ERR_INPUT, 0,
		    "rlp: item of %zu bytes past the end of the input", len);
	}
	item->data = in + hdr;
	item->len = len;
	if (used != NULL) {
		*used = hdr + len;
	}
	return 0;
}

static int
check_items(const struct rlp_item *list, int depth, struct err *err)
{
	struct rlp_iter it;
	struct rlp_item sub;
	int rc;

	if (depth >= RLP_DEPTH_MAX) {
		return err_set(err, ERR_INPUT, 0,
		    "rlp: lists nested deeper than %d", RLP_DEPTH_MAX);
	}
	rlp_iter_init(&it, list);
	while ((rc = rlp_iter_next(&it, &sub, err)) == 1) {
		if (sub.is_list && check_items(&sub, depth + 1, err) == -1) {
			return -1;
		}
	}
	return rc;
}

int
rlp_check(struct rlp_item *item, const uint8_t *in, size_t inlen,
    struct err *err)
{
	struct rlp_item top;
	size_t used;

	if (rlp_decode(&top, &used, in, inlen, err) == -1) {
		return -1;
	}
	if (used != inlen) {
		return err_set(err, ERR_INPUT, 0,
		    "rlp: %zu trailing bytes after the item", inlen - used);
	}
	if (top.is_list && check_items(&top, 0, err) == -1) {
		return -1;
	}
	if (item != NULL) {
		*item = top;
	}
	return 0;
}

void
rlp_iter_init(struct rlp_iter *it, const struct rlp_item *list)
{
	it->p = list->data;
	it->left = list->len;
}

int
rlp_iter_next(struct rlp_iter *it, struct rlp_item *item, struct err *err)
{
	size_t used;

	if (it->left == 0) {
		return 0;
	}
	if (rlp_decode(item, &used, it->p, it->left, err) == -1) {
		return -1;
	}
	it->p += used;
	it->left -= used;
	return 1;
}

int
rlp_list_count(const struct rlp_item *list, size_t *n, struct err *err)
{
	struct rlp_iter it;
	struct rlp_item sub;
	size_t k = 0;
	int rc;

	if (!list->is_list) {
		return err_set(err, ERR_INPUT, 0, "rlp: string, want a list");
	}
	rlp_iter_init(&it, list);
	while ((rc = rlp_iter_next(&it, &sub, err)) == 1) {
		k++;
	}
	if (rc == -1) {
		return -1;
	}
	*n = k;
	return 0;
}

static int
get_int(const struct rlp_item *item, size_t max, struct err *err)
{
	if (item->is_list) {
		return err_set(err, ERR_INPUT, 0,
		    "rlp: list, want an integer");
	}
	if (item->len > max) {
		return err_set(err, ERR_INPUT, 0,
		    "rlp: integer of %zu bytes, at most %zu", item->len, max);
	}
	if (item->len > 0 && item->data[0] == 0) {
		return err_set(err, ERR_INPUT, 0,
		    "rlp: leading zero in integer");
	}
	return 0;
}

int
rlp_get_u64(uint64_t *v, const struct rlp_item *item, struct err *err)
{
	uint64_t x = 0;
	size_t i;

	if (get_int(item, 8, err) == -1) {
		return -1;
	}
	for (i = 0; i < item->len; i++) {
		x = x << 8 | item->data[i];
	}
	*v = x;
	return 0;
}

int
rlp_get_u256(struct u256 *v, const struct rlp_item *item, struct err *err)
{
	if (get_int(item, 32, err) == -1) {
		return -1;
	}
	if (item->len == 0) {
		u256_zero(v);
		return 0;
	}
	return u256_from_be(v, item->data, item->len);
}

int
rlp_get_fixed(uint8_t *out, size_t n, const struct rlp_item *item,
    struct err *err)
{
	if (item->is_list) {
		return err_set(err, ERR_INPUT, 0,
		    "rlp: list, want %zu bytes", n);
	}
	if (item->len != n) {
		return err_set(err, ERR_INPUT, 0,
		    "rlp: string of %zu bytes, want %zu", item->len, n);
	}
	memcpy(out, item->data, n);
	return 0;
}

/* Bytes needed for v big-endian without leading zeros (0 for v == 0). */
static size_t
be_len(uint64_t v)
{
	size_t n = 0;

	while (v != 0) {
		n++;
		v >>= 8;
	}
	return n;
}

/* Size of a string or list header for a payload of len bytes. */
static size_t
hdr_size(size_t len)
{
	return len < 56 ? 1 : 1 + be_len(len);
}

size_t
rlp_bytes_size(const uint8_t *p, size_t n)
{
	if (n == 1 && p[0] < 0x80) {
		return 1;
	}
	return hdr_size(n) + n;
}

size_t
rlp_uint_size(uint64_t v)
{
	if (v != 0 && v < 0x80) {
		return 1;
	}
	return 1 + be_len(v);
}

/*
 * Minimal big-endian bytes of v (w[1..3] not all zero); returns where
 * they start in be[32]. Only the limbs in use are written.
 */
static size_t
u256_min_be(uint8_t be[32], const struct u256 *v)
{
	size_t off, top = 3, i, k;

	while (top > 0 && v->w[top] == 0) {
		top--;
	}
	off = 8 * (3 - top) + (8 - be_len(v->w[top]));
	for (i = 0; i <= top; i++) {
		for (k = 0; k < 8; k++) {
			be[31 - 8 * i - k] = (uint8_t)(v->w[i] >> (8 * k));
		}
	}
	return off;
}

size_t
rlp_u256_size(const struct u256 *v)
{
	size_t top = 3;

	if (v->w[1] == 0 && v->w[2] == 0 && v->w[3] == 0) {
		return rlp_uint_size(v->w[0]);
	}
	while (v->w[top] == 0) {
		top--;
	}
	/* over 8 bytes: a header byte and the bytes */
	return 1 + 8 * top + be_len(v->w[top]);
}

size_t
rlp_list_size(size_t payload)
{
	return hdr_size(payload) + payload;
}

void
rlp_writer_init(struct rlp_writer *w, uint8_t *buf, size_t cap)
{
	w->buf = buf;
	w->cap = buf == NULL ? 0 : cap;
	w->len = 0;
	w->keccak = NULL;
}

void
rlp_writer_init_keccak(struct rlp_writer *w, struct hash_keccak *k)
{
	w->buf = NULL;
	w->cap = 0;
	w->len = 0;
	w->keccak = k;
}

int
rlp_writer_overflow(const struct rlp_writer *w)
{
	return w->buf != NULL && w->len > w->cap;
}

void
rlp_put_raw(struct rlp_writer *w, const void *p, size_t n)
{
	if (n == 0) {
		return;
	}
	if (w->keccak != NULL) {
		hash_keccak_update(w->keccak, p, n);
	} else if (w->buf != NULL && n <= w->cap && w->len <= w->cap - n) {
		memcpy(w->buf + w->len, p, n);
	}
	w->len += n;
}

/* Write a header: short form base + len, or long form base + 55 + lenlen. */
static void
put_hdr(struct rlp_writer *w, uint8_t base, size_t len)
{
	uint8_t h[1 + sizeof(size_t)];
	size_t n, i;

	if (len < 56) {
		h[0] = (uint8_t)(base + len);
		rlp_put_raw(w, h, 1);
		return;
	}
	n = be_len(len);
	h[0] = (uint8_t)(base + 55 + n);
	for (i = 0; i < n; i++) {
		h[n - i] = (uint8_t)(len >> (8 * i));
	}
	rlp_put_raw(w, h, 1 + n);
}

void
rlp_put_bytes(struct rlp_writer *w, const uint8_t *p, size_t n)
{
	uint8_t s[1 + 55];

	if (n == 1 && p[0] < 0x80) {
		rlp_put_raw(w, p, 1);
		return;
	}
	/* short strings (hashes, addresses, numbers): one put, not two */
	if (n < 56) {
		s[0] = (uint8_t)(0x80 + n);
		if (n > 0) {
			memcpy(s + 1, p, n);
		}
		rlp_put_raw(w, s, 1 + n);
		return;
	}
	put_hdr(w, 0x80, n);
	rlp_put_raw(w, p, n);
}

void
rlp_put_string_header(struct rlp_writer *w, size_t len)
{
	put_hdr(w, 0x80, len);
}

void
rlp_put_uint(struct rlp_writer *w, uint64_t v)
{
	uint8_t be[8];
	size_t n = be_len(v), i;

	for (i = 0; i < n; i++) {
		be[n - 1 - i] = (uint8_t)(v >> (8 * i));
	}
	rlp_put_bytes(w, be, n);
}

void
rlp_put_u256(struct rlp_writer *w, const struct u256 *v)
{
	uint8_t be[32];
	size_t off;

	if (v->w[1] == 0 && v->w[2] == 0 && v->w[3] == 0) {
		rlp_put_uint(w, v->w[0]);
		return;
	}
	off = u256_min_be(be, v);
	rlp_put_bytes(w, be + off, 32 - off);
}

void
rlp_put_list(struct rlp_writer *w, size_t payload)
{
	put_hdr(w, 0xc0, payload);
}
