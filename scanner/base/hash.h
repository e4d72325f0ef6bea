/*
 * hash.h - Keccak-256 (Ethereum's pre-standard SHA-3, built on nettle's
 * sha3_permute) and SHA-256 (nettle). The only module that includes nettle.
 * Nothing here allocates.
 */
#ifndef SCANNER_HASH_H
#define SCANNER_HASH_H

#include <stddef.h>
#include <stdint.h>

#define HASH_KECCAK_RATE	136	/* bytes absorbed per permutation */

/* Incremental Keccak-256; state is plain data, copyable. */
struct hash_keccak {
	uint64_t	 a[25];
	uint8_t		 buf[HASH_KECCAK_RATE];
	size_t		 n;		/* bytes pending in buf */
};

void	hash_keccak_init(struct hash_keccak *ctx);
void	hash_keccak_update(struct hash_keccak *ctx, const void *data,
	    size_t len);
/* Pads (Keccak 0x01 ... 0x80, not SHA-3's 0x06) and writes 32 bytes. */
void	hash_keccak_final(struct hash_keccak *ctx, uint8_t out[32]);

/* One-shot Keccak-256 of data. */
void	hash_keccak256(uint8_t out[32], const void *data, size_t len);

/* One-shot SHA-256 of data. */
void	hash_sha256(uint8_t out[32], const void *data, size_t len);

#endif
