/*
 * u256.c - exact unsigned 256-bit arithmetic on four 64-bit limbs.
 * Products are formed from 32-bit halves, so plain C11 is enough.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "hex.h"
#include "u256.h"

/* 10^9: decimal text is produced nine digits per division. */
#define TEN9	1000000000u

/* Full 64x64 -> 128-bit product as hi:lo. */
static void
mul64(uint64_t *hi, uint64_t *lo, uint64_t a, uint64_t b)
{
	uint64_t a0 = a & 0xffffffffu, a1 = a >> 32;
	uint64_t b0 = b & 0xffffffffu, b1 = b >> 32;
	uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
	uint64_t mid = (p00 >> 32) + (p01 & 0xffffffffu) +
	    (p10 & 0xffffffffu);

	*lo = (mid << 32) | (p00 & 0xffffffffu);
	*hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

/* r = r * m + add; returns the carry out of the top limb (0: exact). */
static uint64_t
mul_small_add(struct u256 *r, uint64_t m, uint64_t add)
{
	uint64_t carry = add, hi, lo;
	int i;

	for (i = 0; i < 4; i++) {
		mul64(&hi, &lo, r->w[i], m);
		lo += carry;
		hi += lo < carry;
		r->w[i] = lo;
		carry = hi;
	}
	return carry;
}

/* r = r / d for 0 < d < 2^32; returns the remainder. */
static uint32_t
div_small(struct u256 *r, uint32_t d)
{
	uint64_t rem = 0, part, qh, ql;
	int i;

	for (i = 3; i >= 0; i--) {
		/* rem < d < 2^32, so each 64-bit part fits. */
		part = rem << 32 | r->w[i] >> 32;
		qh = part / d;
		rem = part % d;
		part = rem << 32 | (r->w[i] & 0xffffffffu);
		ql = part / d;
		rem = part % d;
		r->w[i] = qh << 32 | ql;
	}
	return (uint32_t)rem;
}

static int
bit_length(const struct u256 *a)
{
	int i, b;

	for (i = 3; i >= 0; i--) {
		if (a->w[i] != 0) {
			for (b = 63; (a->w[i] >> b) == 0; b--) {
				continue;
			}
			return 64 * i + b + 1;
		}
	}
	return 0;
}

void
u256_zero(struct u256 *r)
{
	memset(r, 0, sizeof(*r));
}

void
u256_from_u64(struct u256 *r, uint64_t v)
{
	u256_zero(r);
	r->w[0] = v;
}

int
u256_is_zero(const struct u256 *a)
{
	return (a->w[0] | a->w[1] | a->w[2] | a->w[3]) == 0;
}

int
u256_cmp(const struct u256 *a, const struct u256 *b)
{
	int i;

	for (i = 3; i >= 0; i--) {
		if (a->w[i] != b->w[i]) {
			return a->w[i] < b->w[i] ? -1 : 1;
		}
	}
	return 0;
}

int
u256_add(struct u256 *r, const struct u256 *a, const struct u256 *b)
{
	uint64_t carry = 0, s;
	int i;

	for (i = 0; i < 4; i++) {
		s = a->w[i] + carry;
		carry = s < carry;
		s += b->w[i];
		carry += s < b->w[i];
		r->w[i] = s;
	}
	return carry ? -1 : 0;
}

int
u256_sub(struct u256 *r, const struct u256 *a, const struct u256 *b)
{
	uint64_t borrow = 0, d, bi;
	int i;

	for (i = 0; i < 4; i++) {
		bi = b->w[i] + borrow;
		/* bi wrapped only when b's limb is all ones and borrow is 1. */
		borrow = (bi < borrow) | (a->w[i] < bi);
		d = a->w[i] - bi;
		r->w[i] = d;
	}
	return borrow ? -1 : 0;
}

int
u256_mul(struct u256 *r, const struct u256 *a, const struct u256 *b)
{
	uint64_t t[8] = { 0 }, carry, hi, lo;
	int i, j;

	/* Schoolbook 4x4 limbs into 512 bits; the top half must be zero. */
	for (i = 0; i < 4; i++) {
		carry = 0;
		for (j = 0; j < 4; j++) {
			mul64(&hi, &lo, a->w[i], b->w[j]);
			lo += carry;
			hi += lo < carry;
			lo += t[i + j];
			hi += lo < t[i + j];
			t[i + j] = lo;
			carry = hi;
		}
		t[i + 4] = carry;
	}
	memcpy(r->w, t, sizeof(r->w));
	return (t[4] | t[5] | t[6] | t[7]) != 0 ? -1 : 0;
}

int
u256_divmod(struct u256 *q, struct u256 *rem, const struct u256 *a,
    const struct u256 *b)
{
	struct u256 qq, rr;
	uint64_t top;
	int i, limb;

	if (u256_is_zero(b)) {
		return -1;
	}
	if (b->w[1] == 0 && b->w[2] == 0 && b->w[3] == 0 &&
	    b->w[0] <= 0xffffffffu) {
		qq = *a;
		u256_from_u64(&rr, div_small(&qq, (uint32_t)b->w[0]));
		goto out;
	}
	/* Restoring binary long division, one quotient bit per step. */
	u256_zero(&qq);
	u256_zero(&rr);
	for (i = bit_length(a) - 1; i >= 0; i--) {
		top = rr.w[3] >> 63;
		for (limb = 3; limb > 0; limb--) {
			rr.w[limb] = rr.w[limb] << 1 | rr.w[limb - 1] >> 63;
		}
		rr.w[0] = rr.w[0] << 1 | ((a->w[i / 64] >> (i % 64)) & 1);
		/* A bit shifted out: rr >= 2^256 > b, and the wrap is exact. */
		if (top != 0 || u256_cmp(&rr, b) >= 0) {
			u256_sub(&rr, &rr, b);
			qq.w[i / 64] |= UINT64_C(1) << (i % 64);
		}
	}
out:
	if (q != NULL) {
		*q = qq;
	}
	if (rem != NULL) {
		*rem = rr;
	}
	return 0;
}

int
u256_from_dec(struct u256 *r, const char *s, size_t n)
{
	struct u256 v;
	size_t i;

	if (n == 0) {
		return -1;
	}
	u256_zero(&v);
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9') {
			return -1;
		}
		if (mul_small_add(&v, 10, (uint64_t)(s[i] - '0')) != 0) {
			return -1;
		}
	}
	*r = v;
	return 0;
}

int
u256_from_hex(struct u256 *r, const char *s, size_t n)
{
	struct u256 v;
	size_t i, k;
	int d;

	if (n < 3 || n > 2 + 64 || s[0] != '0' || s[1] != 'x') {
		return -1;
	}
	u256_zero(&v);
	/* k counts digits from the right: digit k is bits 4k..4k+3. */
	for (k = 0; k < n - 2; k++) {
		i = n - 1 - k;
		d = hex_digit((unsigned char)s[i]);
		if (d < 0) {
			return -1;
		}
		v.w[k / 16] |= (uint64_t)d << (4 * (k % 16));
	}
	*r = v;
	return 0;
}

int
u256_from_be(struct u256 *r, const uint8_t *b, size_t n)
{
	size_t k;

	/* No bytes is zero (RLP encodes 0 as the empty string). */
	if (n > 32) {
		return -1;
	}
	u256_zero(r);
	for (k = 0; k < n; k++) {
		r->w[k / 8] |= (uint64_t)b[n - 1 - k] << (8 * (k % 8));
	}
	return 0;
}

void
u256_to_be(uint8_t out[32], const struct u256 *a)
{
	int k;

	for (k = 0; k < 32; k++) {
		out[31 - k] = (uint8_t)(a->w[k / 8] >> (8 * (k % 8)));
	}
}

void
u256_to_dec(char out[U256_DEC_MAX], const struct u256 *a)
{
	/* 9 runs of 9 digits (81) cover the 78 digits of 2^256 - 1. */
	char tmp[9 * 9 + 1];
	struct u256 v = *a;
	size_t pos = sizeof(tmp) - 1, len;
	uint32_t chunk;
	int i;

	tmp[pos] = '\0';
	do {
		chunk = div_small(&v, TEN9);
		for (i = 0; i < 9; i++) {
			tmp[--pos] = (char)('0' + chunk % 10);
			chunk /= 10;
		}
	} while (!u256_is_zero(&v));
	while (tmp[pos] == '0' && tmp[pos + 1] != '\0') {
		pos++;
	}
	len = sizeof(tmp) - 1 - pos;
	memcpy(out, tmp + pos, len + 1);
}

void
u256_to_units(char *out, const struct u256 *a, unsigned decimals)
{
	char dec[U256_DEC_MAX], frac[77];
	size_t len, ilen, flen, j;

	assert(decimals <= 77);
	u256_to_dec(dec, a);
	len = strlen(dec);
	if (len > decimals) {
		ilen = len - decimals;
		memcpy(out, dec, ilen);
	} else {
		ilen = 1;
		out[0] = '0';
	}
	/* Fraction digit j is digit decimals - j from the right of dec. */
	for (j = 0; j < decimals; j++) {
		frac[j] = decimals - j > len ? '0' : dec[len - (decimals - j)];
	}
	for (flen = decimals; flen > 0 && frac[flen - 1] == '0'; flen--) {
		continue;
	}
	if (flen > 0) {
		out[ilen++] = '.';
		memcpy(out + ilen, frac, flen);
		ilen += flen;
	}
	out[ilen] = '\0';
}

int
u256_from_units(struct u256 *r, const char *s, size_t n, unsigned decimals)
{
	struct u256 v;
	size_t i, ilen, flen = 0;
	unsigned k;

	for (ilen = 0; ilen < n && s[ilen] >= '0' && s[ilen] <= '9'; ilen++) {
		continue;
	}
	if (ilen == 0) {
		return -1;
	}
	if (ilen < n) {
		/* "1." and ".5" are not amounts: digits on both sides. */
		if (s[ilen] != '.' || ilen + 1 == n) {
			return -1;
		}
		flen = n - ilen - 1;
		if (flen > decimals) {
			return -1;
		}
	}
	u256_zero(&v);
	for (i = 0; i < n; i++) {
		if (i == ilen) {
			continue;
		}
		if (s[i] < '0' || s[i] > '9') {
			return -1;
		}
		if (mul_small_add(&v, 10, (uint64_t)(s[i] - '0')) != 0) {
			return -1;
		}
	}
	/* Scale the rest of the way; zero stays zero whatever decimals is. */
	for (k = (unsigned)flen; k < decimals && !u256_is_zero(&v); k++) {
		if (mul_small_add(&v, 10, 0) != 0) {
			return -1;
		}
	}
	*r = v;
	return 0;
}
