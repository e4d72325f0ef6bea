/*
 * decode_read.c - the decoding context: the field path and the messages
 * that name method, block and field; and the readers that check a JSON
 * value's type, form and range before they store it.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "decode.h"
#include "decode_int.h"
#include "hex.h"
#include "u256.h"

/* ---- context and messages ---- */

size_t
decode_ctx_cap(const struct decode_opts *o)
{
	return o != NULL && o->cap != 0 ? o->cap : DECODE_ARENA_CAP;
}

const char *
decode_method_or(const struct decode_opts *o, const char *dflt)
{
	return o != NULL && o->method != NULL ? o->method : dflt;
}

void
decode_ctx_init(struct decode_ctx *c, struct err *err,
    const struct decode_opts *o, const char *dflt_method, struct arena *a)
{
	memset(c, 0, sizeof(*c));
	c->err = err;
	c->method = decode_method_or(o, dflt_method);
	if (o != NULL && o->has_block) {
		c->has_block = 1;
		c->block = o->block;
	}
	c->a = a;
}

static struct decode_seg *
push(struct decode_ctx *c)
{
	struct decode_seg *s = NULL;

	if (c->nseg < DECODE_MAXSEG) {
		s = &c->seg[c->nseg];
	}
	c->nseg++;
	return s;
}

void
decode_push_key(struct decode_ctx *c, const char *key)
{
	struct decode_seg *s = push(c);

	if (s != NULL) {
		s->kind = DECODE_SEG_KEY;
		s->key = key;
	}
}

void
decode_push_idx(struct decode_ctx *c, size_t idx)
{
	struct decode_seg *s = push(c);

	if (s != NULL) {
		s->kind = DECODE_SEG_IDX;
		s->idx = idx;
	}
}

void
decode_push_frame(struct decode_ctx *c, const uint32_t *path, size_t len)
{
	struct decode_seg *s = push(c);

	if (s != NULL) {
		s->kind = DECODE_SEG_FRAME;
		s->path = path;
		s->len = len;
	}
}

void
decode_pop(struct decode_ctx *c)
{
	if (c->nseg > 0) {
		c->nseg--;
	}
}

/* Append to buf at *k, never past size; stops quietly when full. */
static void
put(char *buf, size_t size, size_t *k, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
put(char *buf, size_t size, size_t *k, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*k + 1 >= size) {
		return;
	}
	va_start(ap, fmt);
	n = vsnprintf(buf + *k, size - *k, fmt, ap);
	va_end(ap);
	if (n < 0) {
		return;
	}
	*k = (size_t)n >= size - *k ? size - 1 : *k + (size_t)n;
}

/* "transactions[7].accessList[0].address", "[2].result.calls[0]..." */
static void
render_path(const struct decode_ctx *c, char *buf, size_t size)
{
	const struct decode_seg *s;
	size_t k = 0, j;
	int i, n = c->nseg < DECODE_MAXSEG ? c->nseg : DECODE_MAXSEG;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		s = &c->seg[i];
		if (s->kind == DECODE_SEG_KEY) {
			put(buf, size, &k, "%s%s", k > 0 ? "." : "", s->key);
		} else if (s->kind == DECODE_SEG_IDX) {
			put(buf, size, &k, "[%zu]", s->idx);
		} else if (s->len <= 4) {
			for (j = 0; j < s->len; j++) {
				put(buf, size, &k, "%scalls[%" PRIu32 "]",
				    k > 0 ? "." : "", s->path[j]);
			}
		} else {
			put(buf, size, &k, "%scalls[%" PRIu32 "]...calls[%"
			    PRIu32 "] (depth %zu)", k > 0 ? "." : "",
			    s->path[0], s->path[s->len - 1], s->len);
		}
	}
	if (c->nseg > DECODE_MAXSEG) {
		put(buf, size, &k, "...");
	}
}

int
decode_fail(struct decode_ctx *c, const char *fmt, ...)
{
	char path[160], what[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	render_path(c, path, sizeof(path));
	if (c->has_block) {
		return err_set(c->err, ERR_INPUT, 0, "%s block %" PRIu64
		    ": %s%s%s", c->method, c->block, path,
		    path[0] != '\0' ? ": " : "", what);
	}
	return err_set(c->err, ERR_INPUT, 0, "%s: %s%s%s", c->method, path,
	    path[0] != '\0' ? ": " : "", what);
}

/* Printable, bounded: a node's text is attacker-controlled. */
void
decode_clean(char *out, size_t size, const char *s, size_t n, size_t max)
{
	size_t i, k = 0;
	unsigned char ch;

	for (i = 0; i < n && i < max && k + 1 < size; i++) {
		ch = (unsigned char)s[i];
		out[k++] = ch >= 0x20 && ch < 0x7f ? (char)ch : '?';
	}
	out[k] = '\0';
}

static void
describe(char *buf, size_t size, const json_t *v)
{
	char text[48];
	size_t n;

	switch (json_typeof(v)) {
	case JSON_STRING:
		n = json_string_length(v);
		decode_clean(text, sizeof(text), json_string_value(v), n, 40);
		if (n > 40) {
			snprintf(buf, size, "\"%s...\" (%zu chars)", text, n);
		} else {
			snprintf(buf, size, "\"%s\"", text);
		}
		break;
	case JSON_INTEGER:
		snprintf(buf, size, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		break;
	case JSON_REAL:
		snprintf(buf, size, "%g", json_real_value(v));
		break;
	case JSON_TRUE:
		snprintf(buf, size, "true");
		break;
	case JSON_FALSE:
		snprintf(buf, size, "false");
		break;
	case JSON_NULL:
		snprintf(buf, size, "null");
		break;
	case JSON_OBJECT:
		snprintf(buf, size, "an object");
		break;
	case JSON_ARRAY:
		snprintf(buf, size, "an array");
		break;
	}
}

int
decode_fail_got(struct decode_ctx *c, const json_t *v, const char *what)
{
	char got[96];

	if (v == NULL) {
		return decode_fail(c, "missing");
	}
	describe(got, sizeof(got), v);
	return decode_fail(c, "expected %s, got %s", what, got);
}

void *
decode_alloc(struct decode_ctx *c, size_t n)
{
	const struct arena *a = c->a;
	void *p;

	p = arena_alloc(c->a, n);
	if (p != NULL) {
		return p;
	}
	/* arena_alloc rounds up to 16: allow for it when telling why. */
	if (a->cap != 0 && (n > a->cap || a->used > a->cap - n ||
	    a->cap - a->used - n < 16)) {
		decode_fail(c, "decoded data exceeds the cap of %zu bytes",
		    a->cap);
		return NULL;
	}
	err_set(c->err, ERR_SYS, ENOMEM, "%s: out of memory", c->method);
	return NULL;
}

void *
decode_alloc_array(struct decode_ctx *c, size_t count, size_t size)
{
	if (size != 0 && count > SIZE_MAX / size) {
		decode_fail(c, "%zu elements exceed the cap of %zu bytes",
		    count, c->a->cap);
		return NULL;
	}
	return decode_alloc(c, count * size);
}

const json_t *
decode_opt(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	return json_is_null(v) ? NULL : v;
}

/* ---- value readers ---- */

int
decode_rd_u256(struct decode_ctx *c, const json_t *v, struct u256 *out)
{
	char buf[2 + 64];
	const char *s;
	size_t n, i, k;

	if (v == NULL) {
		return decode_fail(c, "missing");
	}
	if (!json_is_string(v)) {
		return decode_fail_got(c, v, "a hex quantity");
	}
	s = json_string_value(v);
	n = json_string_length(v);
	if (n < 3 || s[0] != '0' || s[1] != 'x') {
		return decode_fail_got(c, v, "a hex quantity");
	}
	for (i = 2; i < n; i++) {
		if (hex_digit((unsigned char)s[i]) < 0) {
			return decode_fail_got(c, v, "a hex quantity");
		}
	}
	/* Leading zeros are not canonical, but some nodes send them. */
	for (k = 2; k + 1 < n && s[k] == '0'; k++) {
		continue;
	}
	if (n - k > 64) {
		return decode_fail_got(c, v, "a quantity below 2^256");
	}
	buf[0] = '0';
	buf[1] = 'x';
	memcpy(buf + 2, s + k, n - k);
	if (u256_from_hex(out, buf, 2 + n - k) != 0) {
		return decode_fail_got(c, v, "a hex quantity");
	}
	return 0;
}

int
decode_rd_u64(struct decode_ctx *c, const json_t *v, uint64_t *out)
{
	struct u256 x;

	if (decode_rd_u256(c, v, &x) != 0) {
		return -1;
	}
	if ((x.w[1] | x.w[2] | x.w[3]) != 0) {
		return decode_fail_got(c, v, "a quantity below 2^64");
	}
	*out = x.w[0];
	return 0;
}

int
decode_rd_u32(struct decode_ctx *c, const json_t *v, uint32_t *out)
{
	uint64_t x;

	if (decode_rd_u64(c, v, &x) != 0) {
		return -1;
	}
	if (x > UINT32_MAX) {
		return decode_fail_got(c, v, "a quantity below 2^32");
	}
	*out = (uint32_t)x;
	return 0;
}

int
decode_rd_num_u64(struct decode_ctx *c, const json_t *v, uint64_t *out)
{
	json_int_t x;

	if (json_is_integer(v)) {
		x = json_integer_value(v);
		if (x < 0) {
			return decode_fail_got(c, v, "a non-negative number");
		}
		*out = (uint64_t)x;
		return 0;
	}
	if (v != NULL && !json_is_string(v)) {
		return decode_fail_got(c, v, "a number or a hex quantity");
	}
	return decode_rd_u64(c, v, out);
}

int
decode_rd_fixed(struct decode_ctx *c, const json_t *v, uint8_t *out,
    size_t n, const char *what)
{
	const char *s;
	size_t len;

	if (v == NULL) {
		return decode_fail(c, "missing");
	}
	if (!json_is_string(v)) {
		return decode_fail_got(c, v, what);
	}
	s = json_string_value(v);
	len = json_string_length(v);
	if (len != 2 + 2 * n || s[0] != '0' || s[1] != 'x' ||
	    hex_decode(out, n, s + 2, len - 2) != 0) {
		return decode_fail_got(c, v, what);
	}
	return 0;
}

int
decode_rd_hash(struct decode_ctx *c, const json_t *v, struct eth_hash *h)
{
	return decode_rd_fixed(c, v, h->b, sizeof(h->b), "a 32-byte hash");
}

int
decode_rd_addr(struct decode_ctx *c, const json_t *v, struct eth_addr *a)
{
	return decode_rd_fixed(c, v, a->b, sizeof(a->b),
	    "a 20-byte address");
}

int
decode_rd_bytes(struct decode_ctx *c, const json_t *v, const uint8_t **p,
    size_t *n)
{
	const char *s;
	uint8_t *buf;
	size_t len;

	if (v == NULL) {
		return decode_fail(c, "missing");
	}
	if (!json_is_string(v)) {
		return decode_fail_got(c, v, "hex data");
	}
	s = json_string_value(v);
	len = json_string_length(v);
	if (len < 2 || s[0] != '0' || s[1] != 'x' || len % 2 != 0) {
		return decode_fail_got(c, v, "0x and an even number of hex "
		    "digits");
	}
	len = (len - 2) / 2;
	buf = decode_alloc(c, len + (len == 0));
	if (buf == NULL) {
		return -1;
	}
	if (hex_decode(buf, len, s + 2, 2 * len) != 0) {
		return decode_fail_got(c, v, "hex data");
	}
	*p = buf;
	*n = len;
	return 0;
}

int
decode_get_u256(struct decode_ctx *c, const json_t *o, const char *k,
    struct u256 *out)
{
	int rc;

	decode_push_key(c, k);
	rc = decode_rd_u256(c, json_object_get(o, k), out);
	decode_pop(c);
	return rc;
}

int
decode_get_u64(struct decode_ctx *c, const json_t *o, const char *k,
    uint64_t *out)
{
	int rc;

	decode_push_key(c, k);
	rc = decode_rd_u64(c, json_object_get(o, k), out);
	decode_pop(c);
	return rc;
}

int
decode_get_u32(struct decode_ctx *c, const json_t *o, const char *k,
    uint32_t *out)
{
	int rc;

	decode_push_key(c, k);
	rc = decode_rd_u32(c, json_object_get(o, k), out);
	decode_pop(c);
	return rc;
}

int
decode_get_hash(struct decode_ctx *c, const json_t *o, const char *k,
    struct eth_hash *h)
{
	int rc;

	decode_push_key(c, k);
	rc = decode_rd_hash(c, json_object_get(o, k), h);
	decode_pop(c);
	return rc;
}

int
decode_get_addr(struct decode_ctx *c, const json_t *o, const char *k,
    struct eth_addr *a)
{
	int rc;

	decode_push_key(c, k);
	rc = decode_rd_addr(c, json_object_get(o, k), a);
	decode_pop(c);
	return rc;
}

int
decode_get_addr_opt(struct decode_ctx *c, const json_t *o, const char *k,
    struct eth_addr *a, int *has)
{
	const json_t *v = decode_opt(o, k);
	int rc;

	*has = 0;
	if (v == NULL) {
		return 0;
	}
	decode_push_key(c, k);
	rc = decode_rd_addr(c, v, a);
	decode_pop(c);
	*has = rc == 0;
	return rc;
}

int
decode_get_u256_opt(struct decode_ctx *c, const json_t *o, const char *k,
    struct u256 *out, int *has)
{
	const json_t *v = decode_opt(o, k);
	int rc;

	*has = 0;
	if (v == NULL) {
		return 0;
	}
	decode_push_key(c, k);
	rc = decode_rd_u256(c, v, out);
	decode_pop(c);
	*has = rc == 0;
	return rc;
}

int
decode_get_bytes(struct decode_ctx *c, const json_t *o, const char *k,
    const uint8_t **p, size_t *n)
{
	int rc;

	decode_push_key(c, k);
	rc = decode_rd_bytes(c, json_object_get(o, k), p, n);
	decode_pop(c);
	return rc;
}

int
decode_get_bloom(struct decode_ctx *c, const json_t *o, uint8_t bloom[256])
{
	int rc;

	decode_push_key(c, "logsBloom");
	rc = decode_rd_fixed(c, json_object_get(o, "logsBloom"), bloom, 256,
	    "a 256-byte bloom");
	decode_pop(c);
	return rc;
}

/* A member that must be an array (NULL: absent or null, when allowed). */
int
decode_get_array(struct decode_ctx *c, const json_t *o, const char *k,
    int optional, const json_t **arr)
{
	const json_t *v = json_object_get(o, k);

	*arr = NULL;
	if (optional && json_is_null(v)) {
		return 0;
	}
	if (v == NULL && optional) {
		return 0;
	}
	if (!json_is_array(v)) {
		decode_push_key(c, k);
		return decode_fail_got(c, v, "an array");
	}
	*arr = v;
	return 0;
}

/* Take the block number for messages from a member, if it reads. */
void
decode_peek_block(struct decode_ctx *c, const json_t *o, const char *k)
{
	const json_t *v = json_object_get(o, k);
	const char *s;
	size_t n, i;
	uint64_t x = 0;

	if (c->has_block || !json_is_string(v)) {
		return;
	}
	s = json_string_value(v);
	n = json_string_length(v);
	if (n < 3 || n > 2 + 16 || s[0] != '0' || s[1] != 'x') {
		return;
	}
	for (i = 2; i < n; i++) {
		if (hex_digit((unsigned char)s[i]) < 0) {
			return;
		}
		x = x << 4 | (uint64_t)hex_digit((unsigned char)s[i]);
	}
	c->has_block = 1;
	c->block = x;
}

/* A type byte: absent is 0 (before EIP-2718); known types only. */
int
decode_get_type(struct decode_ctx *c, const json_t *o, uint8_t *type)
{
	const json_t *v = decode_opt(o, "type");
	uint64_t t;
	int rc = 0;

	*type = 0;
	if (v == NULL) {
		return 0;
	}
	decode_push_key(c, "type");
	if (decode_rd_u64(c, v, &t) != 0) {
		rc = -1;
	} else if (t > ETH_TX_SET_CODE) {
		rc = decode_fail_got(c, v, "a transaction type 0x0-0x4");
	} else {
		*type = (uint8_t)t;
	}
	decode_pop(c);
	return rc;
}
