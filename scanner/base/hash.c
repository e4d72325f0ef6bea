/*
 * hash.c - Keccak-256 on nettle's Keccak-f[1600] permutation, and SHA-256.
 * Keccak-256 is SHA3-256 with the original padding (FIPS 202 appends the
 * domain bits 01 before the pad10*1; Ethereum's Keccak does not).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <nettle/sha2.h>
#include <nettle/sha3.h>

#include "hash.h"

/* The state is handed to sha3_permute in place, so the layouts must agree. */
_Static_assert(sizeof(struct sha3_state) == sizeof(uint64_t[25]),
    "nettle's sha3_state is not 25 lanes");

#define LANES	(HASH_KECCAK_RATE / 8)	/* 17 lanes absorbed per block */

/* Lanes are little-endian (FIPS 202, 3.1.2); compilers fold this to a load. */
static uint64_t
load64le(const uint8_t *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
	    (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 |
	    (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
	    (uint64_t)p[7] << 56;
}

static void
store64le(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++) {
		p[i] = (uint8_t)(v >> (8 * i));
	}
}

static void
permute(uint64_t a[25])
{
	/* struct sha3_state is { uint64_t a[25]; }: same object, same type. */
	sha3_permute((struct sha3_state *)(void *)a);
}

/* XOR one full block into the state and permute. */
static void
absorb(uint64_t a[25], const uint8_t *block)
{
	int i;

	for (i = 0; i < LANES; i++) {
		a[i] ^= load64le(block + 8 * i);
	}
	permute(a);
}

void
hash_keccak_init(struct hash_keccak *ctx)
{
	memset(ctx->a, 0, sizeof(ctx->a));
	ctx->n = 0;
}

void
hash_keccak_update(struct hash_keccak *ctx, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t take;

	if (len == 0) {
		return;
	}
	/* The encoders' small pieces: into the block buffer, nothing else. */
	if (len < HASH_KECCAK_RATE - ctx->n) {
		memcpy(ctx->buf + ctx->n, p, len);
		ctx->n += len;
		return;
	}
	if (ctx->n > 0) {
		take = HASH_KECCAK_RATE - ctx->n;
		if (take > len) {
			take = len;
		}
		memcpy(ctx->buf + ctx->n, p, take);
		ctx->n += take;
		p += take;
		len -= take;
		if (ctx->n < HASH_KECCAK_RATE) {
			return;
		}
		absorb(ctx->a, ctx->buf);
		ctx->n = 0;
	}
	/* Whole blocks straight from the caller's buffer, no copy. */
	while (len >= HASH_KECCAK_RATE) {
		absorb(ctx->a, p);
		p += HASH_KECCAK_RATE;
		len -= HASH_KECCAK_RATE;
	}
	if (len > 0) {
		memcpy(ctx->buf, p, len);
		ctx->n = len;
	}
}

/*
 * Absorb the last n < HASH_KECCAK_RATE bytes with Keccak's pad10*1
 * (0x01 after the message, 0x80 in the block's last byte; both land in
 * one byte when n is 135) XORed straight into the lanes, then permute.
 */
static void
absorb_last(uint64_t a[25], const uint8_t *p, size_t n)
{
	uint8_t last[8] = { 0 };
	size_t i, full = n / 8;

	for (i = 0; i < full; i++) {
		a[i] ^= load64le(p + 8 * i);
	}
	if (n % 8 != 0) {
		memcpy(last, p + 8 * full, n % 8);
	}
	last[n % 8] = 0x01;
	a[full] ^= load64le(last);
	a[LANES - 1] ^= UINT64_C(0x80) << 56;
	permute(a);
}

static void
squeeze(uint8_t out[32], const uint64_t a[25])
{
	int i;

	for (i = 0; i < 4; i++) {
		store64le(out + 8 * i, a[i]);
	}
}

void
hash_keccak_final(struct hash_keccak *ctx, uint8_t out[32])
{
	absorb_last(ctx->a, ctx->buf, ctx->n);
	squeeze(out, ctx->a);
	ctx->n = 0;
}

void
hash_keccak256(uint8_t out[32], const void *data, size_t len)
{
	const uint8_t *p = data;
	uint64_t a[25] = { 0 };

	/* No context and no buffer copy: the short inputs of hot paths. */
	while (len >= HASH_KECCAK_RATE) {
		absorb(a, p);
		p += HASH_KECCAK_RATE;
		len -= HASH_KECCAK_RATE;
	}
	absorb_last(a, p, len);
	squeeze(out, a);
}

void
hash_sha256(uint8_t out[32], const void *data, size_t len)
{
	struct sha256_ctx ctx;

	sha256_init(&ctx);
	sha256_update(&ctx, len, data);
	sha256_digest(&ctx, SHA256_DIGEST_SIZE, out);
}
