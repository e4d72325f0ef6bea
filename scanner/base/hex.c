/*
 * hex.c - hexadecimal text to bytes and back.
 */
#include <stddef.h>
#include <stdint.h>

#include "hex.h"

/*
 * Digit value + 1 for each hex digit, 0 for every other byte: a table
 * look-up per character keeps address and hash parsing branch-light.
 */
static const uint8_t value1[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5,
	['5'] = 6, ['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
	['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15,
	['f'] = 16,
	['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15,
	['F'] = 16,
};

static const char lower[] = "0123456789abcdef";

int
hex_digit(int c)
{
	if (c < 0 || c > 255) {
		return -1;
	}
	return (int)value1[c] - 1;
}

int
hex_decode(uint8_t *out, size_t outlen, const char *s, size_t slen)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned hi, lo, bad = 0;
	size_t i;

	if (slen != 2 * outlen) {
		return -1;
	}
	for (i = 0; i < outlen; i++) {
		hi = value1[p[2 * i]];
		lo = value1[p[2 * i + 1]];
		/* One test after the loop: a zero entry marks a non-digit. */
		bad |= (hi == 0) | (lo == 0);
		out[i] = (uint8_t)(((hi - 1) << 4) | ((lo - 1) & 0x0f));
	}
	return bad ? -1 : 0;
}

long
hex_decode_0x(uint8_t *out, size_t outcap, const char *s, size_t slen)
{
	size_t len;

	if (slen < 2 || s[0] != '0' || s[1] != 'x') {
		return -1;
	}
	if ((slen - 2) % 2 != 0) {
		return -1;
	}
	len = (slen - 2) / 2;
	if (len > outcap) {
		return -1;
	}
	if (hex_decode(out, len, s + 2, slen - 2) != 0) {
		return -1;
	}
	return (long)len;
}

void
hex_encode(char *out, const uint8_t *in, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = lower[in[i] >> 4];
		out[2 * i + 1] = lower[in[i] & 0x0f];
	}
	out[2 * len] = '\0';
}
