/*
 * hex.c - hexadecimal text to bytes and back.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "hex.h"

/*
 * Digit value + 1 for each hex digit, 0 for every other byte: a table
 * look-up per character keeps address and hash parsing branch-light.
 */
const uint8_t hex_digit1[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5,
	['5'] = 6, ['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
	['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15,
	['f'] = 16,
	['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15,
	['F'] = 16,
};

static const char lower[] = "0123456789abcdef";

/* The text's first byte into the low lane, whatever the host's order. */
static uint64_t
le64(uint64_t x)
{
	const uint16_t one = 1;
	uint8_t b[8];
	int k;

	if (*(const uint8_t *)&one == 1) {
		return x;
	}
	memcpy(b, &x, 8);
	x = 0;
	for (k = 7; k >= 0; k--) {
		x = x << 8 | b[k];
	}
	return x;
}

#define ONES	UINT64_C(0x0101010101010101)
#define HIGHS	UINT64_C(0x8080808080808080)

/*
 * Eight hex digits (x: the text, first digit in the low byte) to four
 * bytes, a lane per digit. Returns: 0; -1 if one is not a hex digit.
 */
static int
hex8(uint8_t out[4], uint64_t x)
{
	uint64_t y = x | (ONES * 0x20), digit, letter, v, pair;
	int k;

	/* Bytes below 0x80 only, so adding to a lane never carries out:
	   its top bit then says whether it reached the bound. */
	digit = (x + ONES * (0x80 - '0')) & ~(x + ONES * (0x7f - '9'));
	letter = (y + ONES * (0x80 - 'a')) & ~(y + ONES * (0x7f - 'f'));
	if ((x & HIGHS) != 0 || ((digit | letter) & HIGHS) != HIGHS) {
		return -1;
	}
	/* '0'-'9' have bit 6 clear, letters set: value = low nibble, + 9 */
	v = (x & (ONES * 0x0f)) + 9 * ((x >> 6) & ONES);
	pair = (v & UINT64_C(0x000f000f000f000f)) << 4 |
	    ((v >> 8) & UINT64_C(0x000f000f000f000f));
	for (k = 0; k < 4; k++) {
		out[k] = (uint8_t)(pair >> (16 * k));
	}
	return 0;
}

int
hex_decode(uint8_t *out, size_t outlen, const char *s, size_t slen)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned hi, lo, bad = 0;
	uint64_t x;
	size_t i = 0;

	if (slen != 2 * outlen) {
		return -1;
	}
	/* Long data (calldata, blooms) eight digits at a time. */
	for (; i + 4 <= outlen; i += 4) {
		memcpy(&x, p + 2 * i, 8);
		x = le64(x);
		if (hex8(out + i, x) != 0) {
			return -1;
		}
	}
	for (; i < outlen; i++) {
		hi = hex_digit1[p[2 * i]];
		lo = hex_digit1[p[2 * i + 1]];
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
