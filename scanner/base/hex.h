/*
 * hex.h - hexadecimal text to bytes and back.
 * Works on caller buffers; nothing here allocates.
 */
#ifndef SCANNER_HEX_H
#define SCANNER_HEX_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decode exactly 2*outlen hex digits (either case, no "0x") into out.
 * Returns: 0 on success; -1 if slen != 2*outlen or a digit is not hex.
 */
int	hex_decode(uint8_t *out, size_t outlen, const char *s, size_t slen);

/*
 * Decode "0x"-prefixed hex of any even length up to outcap bytes.
 * Returns: number of bytes written; -1 on a missing prefix, odd length,
 *          bad digit or more than outcap bytes.
 */
long	hex_decode_0x(uint8_t *out, size_t outcap, const char *s, size_t slen);

/* Write 2*len lowercase digits and a NUL to out (2*len+1 bytes). */
void	hex_encode(char *out, const uint8_t *in, size_t len);

/* Digit value + 1 of each hex digit, 0 for every other byte. */
extern const uint8_t hex_digit1[256];

/* Returns: value 0-15 of hex digit c, or -1 (inline: hot decode loops). */
static inline int
hex_digit(int c)
{
	return c < 0 || c > 255 ? -1 : (int)hex_digit1[c] - 1;
}

#endif
