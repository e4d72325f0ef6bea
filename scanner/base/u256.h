/*
 * u256.h - unsigned 256-bit integers for amounts, balances and quantities.
 * Exact: every operation reports overflow instead of wrapping silently.
 * A plain value type; nothing here allocates.
 */
#ifndef SCANNER_U256_H
#define SCANNER_U256_H

#include <stddef.h>
#include <stdint.h>

struct u256 {
	uint64_t	 w[4];		/* little-endian limbs: w[0] lowest */
};

/* Longest decimal text of a u256: 78 digits and a NUL. */
#define U256_DEC_MAX	79

void	u256_zero(struct u256 *r);
void	u256_from_u64(struct u256 *r, uint64_t v);
int	u256_is_zero(const struct u256 *a);
/* Returns: <0, 0, >0 as a is less than, equal to, greater than b. */
int	u256_cmp(const struct u256 *a, const struct u256 *b);

/* Returns: 0; -1 on overflow (r then holds the wrapped value). */
int	u256_add(struct u256 *r, const struct u256 *a, const struct u256 *b);
/* Returns: 0; -1 if b > a (underflow). */
int	u256_sub(struct u256 *r, const struct u256 *a, const struct u256 *b);
/* Returns: 0; -1 on overflow. */
int	u256_mul(struct u256 *r, const struct u256 *a, const struct u256 *b);
/* r = a / b, rem = a % b (either out may be NULL). Returns: -1 if b == 0. */
int	u256_divmod(struct u256 *q, struct u256 *rem, const struct u256 *a,
	    const struct u256 *b);

/*
 * Parse text. dec: digits only; hex: "0x" then 1-64 digits (JSON-RPC
 * quantity; leading zeros allowed here, the caller checks canonical form).
 * Returns: 0; -1 on empty input, a bad character or a value >= 2^256.
 */
int	u256_from_dec(struct u256 *r, const char *s, size_t n);
int	u256_from_hex(struct u256 *r, const char *s, size_t n);

/* Big-endian bytes (1-32 of them) to u256 and back (always 32 bytes). */
int	u256_from_be(struct u256 *r, const uint8_t *b, size_t n);
void	u256_to_be(uint8_t out[32], const struct u256 *a);

/* Write decimal digits and a NUL (at most U256_DEC_MAX bytes). */
void	u256_to_dec(char out[U256_DEC_MAX], const struct u256 *a);

/*
 * Decimal with a fixed number of fractional digits, trailing zeros after
 * the point removed: (1500000, 6) -> "1.5", (10^18, 18) -> "1".
 * out must hold U256_DEC_MAX + 2 bytes. decimals is 0..77.
 */
void	u256_to_units(char *out, const struct u256 *a, unsigned decimals);

/*
 * Parse "1.5" with decimals applied ("1.5", 6 -> 1500000).
 * Returns: 0; -1 on bad text, more fractional digits than decimals, or
 *          overflow.
 */
int	u256_from_units(struct u256 *r, const char *s, size_t n,
	    unsigned decimals);

#endif
