/*
 * addr.c - Ethereum and Bitcoin addresses to canonical keys and back.
 * Ethereum: EIP-55. Bitcoin: base58check (Bitcoin Core's base58.cpp
 * algorithm), segwit per BIP-173 (bech32, v0) and BIP-350 (bech32m, v1+).
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "addr.h"
#include "hash.h"
#include "hex.h"

#define ETH_KEY_LEN	21
#define BTC_HASH_KEY_LEN	22
#define SEGWIT_MAX	90	/* BIP-173: at most 90 characters */
#define B58_MAX		128	/* characters of base58 text we decode */
#define B58_BYTES_MAX	96	/* bytes (with checksum) we encode */
#define QUOTE_MAX	96	/* characters of input quoted in a message */

/* BIP-350: the constant xored into the checksum, 1 for bech32. */
#define BECH32_CONST	1u
#define BECH32M_CONST	0x2bc830a3u

static const char b58_chars[] =
    "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/* Base58 digit of each ASCII byte, -1 if none (no 0, O, I, l). */
static const int8_t b58_val[128] = {
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1,  0,  1,  2,  3,  4,  5,  6,  7,  8, -1, -1, -1, -1, -1, -1,
	-1,  9, 10, 11, 12, 13, 14, 15, 16, -1, 17, 18, 19, 20, 21, -1,
	22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, -1, -1, -1, -1, -1,
	-1, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, -1, 44, 45, 46,
	47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, -1, -1, -1, -1, -1,
};

static const char bech32_chars[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

/* Bech32 value of each ASCII byte, either case, -1 if none. */
static const int8_t bech32_val[128] = {
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
	15, -1, 10, 17, 21, 20, 26, 30,  7,  5, -1, -1, -1, -1, -1, -1,
	-1, 29, -1, 24, 13, 25,  9,  8, 23, -1, 18, 22, 31, 27, 19, -1,
	 1,  0,  3, 16, 11, 28, 12, 14,  6,  4,  2, -1, -1, -1, -1, -1,
	-1, 29, -1, 24, 13, 25,  9,  8, 23, -1, 18, 22, 31, 27, 19, -1,
	 1,  0,  3, 16, 11, 28, 12, 14,  6,  4,  2, -1, -1, -1, -1, -1,
};

static int
b58_digit(unsigned char c)
{
	return c < 128 ? b58_val[c] : -1;
}

static int
is_lower(int c)
{
	return c >= 'a' && c <= 'z';
}

static int
is_upper(int c)
{
	return c >= 'A' && c <= 'Z';
}

static int
to_lower(int c)
{
	return is_upper(c) ? c - 'A' + 'a' : c;
}

/* Input text fit for a message: at most QUOTE_MAX bytes, controls as '?'. */
static const char *
quote(char out[QUOTE_MAX + 4], const char *s, size_t n)
{
	size_t i, m = n > QUOTE_MAX ? QUOTE_MAX : n;

	for (i = 0; i < m; i++) {
		unsigned char c = (unsigned char)s[i];

		out[i] = c < 0x20 || c >= 0x7f ? '?' : (char)c;
	}
	if (m < n) {
		memcpy(out + m, "...", 3);
		m += 3;
	}
	out[m] = '\0';
	return out;
}

static void
set_key(struct addr *a, const uint8_t *key, size_t len)
{
	assert(len <= ADDR_KEY_MAX);
	/* Zero the tail so that equal addresses are equal structs too. */
	memset(a, 0, sizeof(*a));
	a->chain = key[0];
	a->len = (uint8_t)len;
	memcpy(a->key, key, len);
}

/* Ticker characters: letters, digits and -_. (stored upper case). */
static int
ticker_char(int c)
{
	return is_lower(c) || is_upper(c) || (c >= '0' && c <= '9') ||
	    c == '-' || c == '_' || c == '.';
}

/* Verbatim text bytes: no space, no control byte, no DEL. */
static int
text_byte(unsigned char c)
{
	return c > 0x20 && c != 0x7f;
}

/* ---- Ethereum (EIP-55) ---- */

void
addr_eth_checksum(char out[43], const uint8_t b[20])
{
	uint8_t h[32];
	int i, nib;

	out[0] = '0';
	out[1] = 'x';
	hex_encode(out + 2, b, 20);
	/* EIP-55: letter i upper case when nibble i of keccak(hex) >= 8. */
	hash_keccak256(h, out + 2, 40);
	for (i = 0; i < 40; i++) {
		nib = i % 2 == 0 ? h[i / 2] >> 4 : h[i / 2] & 0x0f;
		if (nib >= 8 && is_lower(out[2 + i])) {
			out[2 + i] = (char)(out[2 + i] - 'a' + 'A');
		}
	}
}

void
addr_from_eth(struct addr *a, const struct eth_addr *e)
{
	uint8_t key[ETH_KEY_LEN];

	key[0] = ADDR_ETHEREUM;
	memcpy(key + 1, e->b, 20);
	set_key(a, key, sizeof(key));
}

static int
parse_eth(struct addr *a, const char *s, size_t n, struct err *err)
{
	struct eth_addr e;
	char q[QUOTE_MAX + 4], want[43];
	int lower = 0, upper = 0;
	size_t i;

	if (s[1] != 'x') {
		return err_set(err, ERR_INPUT, 0, "bad Ethereum address '%s': "
		    "the prefix must be '0x'", quote(q, s, n));
	}
	if (n != 42) {
		return err_set(err, ERR_INPUT, 0, "bad Ethereum address '%s': "
		    "%zu hex digits after 0x, expected 40", quote(q, s, n),
		    n - 2);
	}
	if (hex_decode(e.b, 20, s + 2, 40) != 0) {
		return err_set(err, ERR_INPUT, 0, "bad Ethereum address '%s': "
		    "not hexadecimal", quote(q, s, n));
	}
	for (i = 2; i < 42; i++) {
		lower |= is_lower(s[i]);
		upper |= is_upper(s[i]);
	}
	/* Only mixed case carries a checksum; one case needs no Keccak. */
	if (lower && upper) {
		addr_eth_checksum(want, e.b);
		if (memcmp(want + 2, s + 2, 40) != 0) {
			return err_set(err, ERR_INPUT, 0, "bad EIP-55 checksum "
			    "in '%s': expected '%s'", quote(q, s, n), want);
		}
	}
	addr_from_eth(a, &e);
	return 0;
}

/* ---- base58check ---- */

long
addr_base58check_decode(uint8_t *out, size_t cap, const char *s, size_t n)
{
	uint8_t b256[B58_MAX + 1], full[B58_MAX + 1], h[32];
	size_t zeros = 0, size, length = 0, i, j, total;
	unsigned carry;
	int v;

	if (n == 0 || n > B58_MAX) {
		return -1;
	}
	/* Each leading '1' is a zero byte. */
	while (zeros < n && s[zeros] == '1') {
		zeros++;
	}
	/* log(58) / log(256) < 0.733: bytes needed for the rest. */
	size = (n - zeros) * 733 / 1000 + 1;
	memset(b256, 0, size);
	for (i = zeros; i < n; i++) {
		v = b58_digit((unsigned char)s[i]);
		if (v < 0) {
			return -1;
		}
		carry = (unsigned)v;
		for (j = 0; j < size && (carry != 0 || j < length); j++) {
			carry += 58u * b256[size - 1 - j];
			b256[size - 1 - j] = (uint8_t)carry;
			carry >>= 8;
		}
		assert(carry == 0);
		length = j;
	}
	total = zeros + length;
	if (total < 5) {
		return -1;
	}
	memset(full, 0, zeros);
	memcpy(full + zeros, b256 + size - length, length);
	/* Checksum: the first 4 bytes of SHA-256(SHA-256(payload)). */
	hash_sha256(h, full, total - 4);
	hash_sha256(h, h, 32);
	if (memcmp(h, full + total - 4, 4) != 0) {
		return -1;
	}
	if (total - 4 > cap) {
		return -1;
	}
	memcpy(out, full, total - 4);
	return (long)(total - 4);
}

long
addr_base58check_encode(char *out, size_t outsz, const uint8_t *in,
    size_t n)
{
	uint8_t data[B58_BYTES_MAX], b58[B58_BYTES_MAX * 138 / 100 + 1], h[32];
	size_t zeros = 0, size, length = 0, i, j, total = n + 4;
	unsigned carry;

	if (total > sizeof(data)) {
		return -1;
	}
	memcpy(data, in, n);
	hash_sha256(h, in, n);
	hash_sha256(h, h, 32);
	memcpy(data + n, h, 4);
	while (zeros < total && data[zeros] == 0) {
		zeros++;
	}
	/* log(256) / log(58) < 1.38: digits needed for the rest. */
	size = (total - zeros) * 138 / 100 + 1;
	memset(b58, 0, size);
	for (i = zeros; i < total; i++) {
		carry = data[i];
		for (j = 0; j < size && (carry != 0 || j < length); j++) {
			carry += 256u * b58[size - 1 - j];
			b58[size - 1 - j] = (uint8_t)(carry % 58);
			carry /= 58;
		}
		assert(carry == 0);
		length = j;
	}
	if (zeros + length + 1 > outsz) {
		return -1;
	}
	memset(out, '1', zeros);
	for (i = 0; i < length; i++) {
		out[zeros + i] = b58_chars[b58[size - length + i]];
	}
	out[zeros + length] = '\0';
	return (long)(zeros + length);
}

static int
parse_base58(struct addr *a, const char *s, size_t n, struct err *err)
{
	uint8_t payload[B58_MAX], key[BTC_HASH_KEY_LEN];
	char q[QUOTE_MAX + 4];
	long len;

	len = addr_base58check_decode(payload, sizeof(payload), s, n);
	if (len == 21 && (payload[0] == ADDR_BTC_P2PKH ||
	    payload[0] == ADDR_BTC_P2SH)) {
		/* The key is 02 | version | hash160: the payload as is. */
		key[0] = ADDR_BITCOIN;
		memcpy(key + 1, payload, 21);
		set_key(a, key, sizeof(key));
		return 0;
	}
	if (len < 0 && n >= 26 && n <= 35 && (s[0] == '1' || s[0] == '3')) {
		return err_set(err, ERR_INPUT, 0, "bad Bitcoin address '%s': "
		    "bad base58check character or checksum", quote(q, s, n));
	}
	if (len > 0) {
		return err_set(err, ERR_INPUT, 0, "'%s' is not an Ethereum or "
		    "Bitcoin address (base58check version 0x%02x, %ld bytes)",
		    quote(q, s, n), payload[0], len);
	}
	return err_set(err, ERR_INPUT, 0, "'%s' is not an Ethereum or "
	    "Bitcoin address", quote(q, s, n));
}

/* ---- segwit: bech32 / bech32m ---- */

/* BIP-173: one step of the BCH checksum over GF(32). */
static uint32_t
polymod_step(uint32_t pre)
{
	static const uint32_t gen[5] = {
		0x3b6a57b2u, 0x26508e6du, 0x1ea119fau, 0x3d4233ddu,
		0x2a1462b3u
	};
	uint32_t b = pre >> 25, chk = (pre & 0x1ffffffu) << 5;
	int i;

	for (i = 0; i < 5; i++) {
		if ((b >> i) & 1) {
			chk ^= gen[i];
		}
	}
	return chk;
}

/* Checksum state after the expanded hrp (BIP-173 hrp_expand). */
static uint32_t
polymod_hrp(const char *hrp, size_t hlen)
{
	uint32_t chk = 1;
	size_t i;

	for (i = 0; i < hlen; i++) {
		chk = polymod_step(chk) ^ ((unsigned char)hrp[i] >> 5);
	}
	chk = polymod_step(chk);
	for (i = 0; i < hlen; i++) {
		chk = polymod_step(chk) ^ ((unsigned char)hrp[i] & 0x1f);
	}
	return chk;
}

/* The reason a segwit string is refused, for addr_parse's message. */
static long
segwit_decode(int *witver, uint8_t prog[40], const char *hrp,
    const char *s, size_t n, const char **why)
{
	uint8_t data[SEGWIT_MAX];
	size_t i, sep, hlen = strlen(hrp), dlen, plen = 0;
	uint32_t chk, acc = 0;
	int lower = 0, upper = 0, c, v, bits = 0;

	if (n < 8 || n > SEGWIT_MAX) {
		*why = "length out of range";
		return -1;
	}
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c < 33 || c > 126) {
			*why = "character out of range";
			return -1;
		}
		lower |= is_lower(c);
		upper |= is_upper(c);
	}
	if (lower && upper) {
		*why = "mixed case";
		return -1;
	}
	for (sep = n; sep > 0 && s[sep - 1] != '1'; sep--) {
		continue;
	}
	if (sep == 0) {
		*why = "no separator";
		return -1;
	}
	sep--;
	if (sep != hlen) {
		*why = "wrong human-readable part";
		return -1;
	}
	for (i = 0; i < hlen; i++) {
		if (to_lower(s[i]) != hrp[i]) {
			*why = "wrong human-readable part";
			return -1;
		}
	}
	/* Separator, at least the witness version, then 6 checksum chars. */
	if (n - sep - 1 < 7) {
		*why = "data part too short";
		return -1;
	}
	chk = polymod_hrp(hrp, hlen);
	dlen = 0;
	for (i = sep + 1; i < n; i++) {
		v = bech32_val[(unsigned char)s[i]];
		if (v < 0) {
			*why = "bad character";
			return -1;
		}
		chk = polymod_step(chk) ^ (uint32_t)v;
		data[dlen++] = (uint8_t)v;
	}
	dlen -= 6;
	if (chk != BECH32_CONST && chk != BECH32M_CONST) {
		*why = "bad checksum";
		return -1;
	}
	if (data[0] > 16) {
		*why = "bad witness version";
		return -1;
	}
	/* BIP-350: v0 uses bech32, v1..v16 bech32m. */
	if ((data[0] == 0) != (chk == BECH32_CONST)) {
		*why = data[0] == 0 ? "bech32m checksum on witness version 0" :
		    "bech32 checksum on witness version 1+ (BIP-350 wants "
		    "bech32m)";
		return -1;
	}
	/* 5-bit groups to bytes; at most 4 zero bits of padding. */
	for (i = 1; i < dlen; i++) {
		acc = (acc << 5 | data[i]) & 0xfffu;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			if (plen == 40) {
				*why = "program longer than 40 bytes";
				return -1;
			}
			prog[plen++] = (uint8_t)(acc >> bits);
		}
	}
	if (bits >= 5 || (acc & ((1u << bits) - 1)) != 0) {
		*why = "bad padding";
		return -1;
	}
	if (plen < 2 || (data[0] == 0 && plen != 20 && plen != 32)) {
		*why = "bad program length";
		return -1;
	}
	*witver = data[0];
	return (long)plen;
}

long
addr_segwit_decode(int *witver, uint8_t prog[40], const char *hrp,
    const char *s, size_t n)
{
	const char *why;

	return segwit_decode(witver, prog, hrp, s, n, &why);
}

long
addr_segwit_encode(char *out, size_t outsz, const char *hrp, int witver,
    const uint8_t *prog, size_t proglen)
{
	uint8_t data[1 + (40 * 8 + 4) / 5];
	size_t hlen = strlen(hrp), dlen = 0, i, total;
	uint32_t chk, acc = 0;
	int bits = 0;

	if (witver < 0 || witver > 16 || proglen < 2 || proglen > 40 ||
	    (witver == 0 && proglen != 20 && proglen != 32)) {
		return -1;
	}
	data[dlen++] = (uint8_t)witver;
	for (i = 0; i < proglen; i++) {
		acc = (acc << 8 | prog[i]) & 0xfffu;
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			data[dlen++] = (uint8_t)((acc >> bits) & 0x1f);
		}
	}
	if (bits > 0) {
		data[dlen++] = (uint8_t)((acc << (5 - bits)) & 0x1f);
	}
	total = hlen + 1 + dlen + 6;
	if (hlen == 0 || total > SEGWIT_MAX || total + 1 > outsz) {
		return -1;
	}
	chk = polymod_hrp(hrp, hlen);
	for (i = 0; i < dlen; i++) {
		chk = polymod_step(chk) ^ data[i];
	}
	for (i = 0; i < 6; i++) {
		chk = polymod_step(chk);
	}
	chk ^= witver == 0 ? BECH32_CONST : BECH32M_CONST;
	memcpy(out, hrp, hlen);
	out[hlen] = '1';
	for (i = 0; i < dlen; i++) {
		out[hlen + 1 + i] = bech32_chars[data[i]];
	}
	for (i = 0; i < 6; i++) {
		out[hlen + 1 + dlen + i] = bech32_chars[(chk >> (5 * (5 - i))) &
		    0x1f];
	}
	out[total] = '\0';
	return (long)total;
}

static int
parse_segwit(struct addr *a, const char *s, size_t n, struct err *err)
{
	uint8_t key[2 + 40];
	char q[QUOTE_MAX + 4];
	const char *why;
	long len;
	int ver;

	len = segwit_decode(&ver, key + 2, "bc", s, n, &why);
	if (len < 0) {
		return err_set(err, ERR_INPUT, 0, "bad Bitcoin address '%s': "
		    "%s", quote(q, s, n), why);
	}
	key[0] = ADDR_BITCOIN;
	key[1] = (uint8_t)(ADDR_BTC_SEGWIT + ver);
	set_key(a, key, 2 + (size_t)len);
	return 0;
}

/* ---- classification and keys ---- */

int
addr_parse(struct addr *a, const char *s, size_t n, struct err *err)
{
	char q[QUOTE_MAX + 4];
	size_t i;

	if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		return parse_eth(a, s, n, err);
	}
	if (n >= 3 && to_lower(s[0]) == 'b' && to_lower(s[1]) == 'c' &&
	    s[2] == '1') {
		return parse_segwit(a, s, n, err);
	}
	for (i = 0; i < n && b58_digit((unsigned char)s[i]) >= 0; i++) {
		continue;
	}
	if (n > 0 && i == n) {
		return parse_base58(a, s, n, err);
	}
	return err_set(err, ERR_INPUT, 0, "'%s' is not an Ethereum or "
	    "Bitcoin address", quote(q, s, n));
}

int
addr_other(struct addr *a, const char *ticker, const char *s, size_t n,
    struct err *err)
{
	uint8_t key[ADDR_KEY_MAX];
	char q[QUOTE_MAX + 4];
	size_t tlen = strlen(ticker), i;

	if (tlen == 0 || tlen > ADDR_TICKER_MAX) {
		return err_set(err, ERR_INPUT, 0, "bad ticker '%s': expected "
		    "1 to %d characters", quote(q, ticker, tlen),
		    ADDR_TICKER_MAX);
	}
	for (i = 0; i < tlen; i++) {
		if (!ticker_char((unsigned char)ticker[i])) {
			return err_set(err, ERR_INPUT, 0, "bad ticker '%s': "
			    "only letters, digits and -_. allowed",
			    quote(q, ticker, tlen));
		}
	}
	/* From here on the ticker is known to be short and printable. */
	if (n == 0) {
		return err_set(err, ERR_INPUT, 0, "empty %s address", ticker);
	}
	for (i = 0; i < n; i++) {
		if (!text_byte((unsigned char)s[i])) {
			return err_set(err, ERR_INPUT, 0, "bad %s address "
			    "'%s': space or control character", ticker,
			    quote(q, s, n));
		}
	}
	if (2 + tlen + n > ADDR_KEY_MAX || n >= ADDR_TEXT_MAX) {
		return err_set(err, ERR_INPUT, 0, "bad %s address '%s': "
		    "too long", ticker, quote(q, s, n));
	}
	key[0] = ADDR_OTHER;
	for (i = 0; i < tlen; i++) {
		key[1 + i] = (uint8_t)(is_lower(ticker[i]) ?
		    ticker[i] - 'a' + 'A' : ticker[i]);
	}
	key[1 + tlen] = 0;
	memcpy(key + 2 + tlen, s, n);
	set_key(a, key, 2 + tlen + n);
	return 0;
}

/* Length of the ticker of a well-formed other key (up to its NUL). */
static size_t
other_ticker_len(const struct addr *a)
{
	const uint8_t *nul = memchr(a->key + 1, 0, (size_t)a->len - 1);

	assert(nul != NULL);
	return (size_t)(nul - (a->key + 1));
}

static int
valid_other_key(const uint8_t *key, size_t len)
{
	const uint8_t *nul;
	size_t tlen, n, i;

	if (len < 4) {
		return 0;
	}
	nul = memchr(key + 1, 0, len - 1);
	if (nul == NULL) {
		return 0;
	}
	tlen = (size_t)(nul - (key + 1));
	n = len - 2 - tlen;
	if (tlen == 0 || tlen > ADDR_TICKER_MAX || n == 0 ||
	    n >= ADDR_TEXT_MAX) {
		return 0;
	}
	for (i = 1; i <= tlen; i++) {
		if (!ticker_char(key[i]) || is_lower(key[i])) {
			return 0;
		}
	}
	for (i = 2 + tlen; i < len; i++) {
		if (!text_byte(key[i])) {
			return 0;
		}
	}
	return 1;
}

static int
valid_key(const uint8_t *key, size_t len)
{
	size_t plen;
	int ver;

	if (len < 1 || len > ADDR_KEY_MAX) {
		return 0;
	}
	switch (key[0]) {
	case ADDR_ETHEREUM:
		return len == ETH_KEY_LEN;
	case ADDR_BITCOIN:
		if (len < 2) {
			return 0;
		}
		if (key[1] == ADDR_BTC_P2PKH || key[1] == ADDR_BTC_P2SH) {
			return len == BTC_HASH_KEY_LEN;
		}
		if (key[1] < ADDR_BTC_SEGWIT || key[1] > ADDR_BTC_SEGWIT + 16) {
			return 0;
		}
		ver = key[1] - ADDR_BTC_SEGWIT;
		plen = len - 2;
		if (ver == 0) {
			return plen == 20 || plen == 32;
		}
		return plen >= 2 && plen <= 40;
	case ADDR_OTHER:
		return valid_other_key(key, len);
	}
	return 0;
}

int
addr_from_key(struct addr *a, const uint8_t *key, size_t len)
{
	if (!valid_key(key, len)) {
		return -1;
	}
	set_key(a, key, len);
	return 0;
}

size_t
addr_format(char *out, const struct addr *a)
{
	size_t tlen, n;
	long len = -1;

	switch (a->chain) {
	case ADDR_ETHEREUM:
		addr_eth_checksum(out, a->key + 1);
		return 42;
	case ADDR_BITCOIN:
		if (a->key[1] == ADDR_BTC_P2PKH || a->key[1] == ADDR_BTC_P2SH) {
			/* key[1..22) is version | hash160, the payload. */
			len = addr_base58check_encode(out, ADDR_TEXT_MAX,
			    a->key + 1, 21);
		} else {
			len = addr_segwit_encode(out, ADDR_TEXT_MAX, "bc",
			    a->key[1] - ADDR_BTC_SEGWIT, a->key + 2,
			    (size_t)a->len - 2);
		}
		break;
	case ADDR_OTHER:
		tlen = other_ticker_len(a);
		n = (size_t)a->len - 2 - tlen;
		memcpy(out, a->key + 2 + tlen, n);
		out[n] = '\0';
		return n;
	}
	/* Every constructor checked the key, so encoding cannot fail. */
	assert(len >= 0);
	return (size_t)len;
}

const char *
addr_chain_name(const struct addr *a, char buf[ADDR_TICKER_MAX + 1])
{
	size_t tlen, i;

	switch (a->chain) {
	case ADDR_ETHEREUM:
		return "ethereum";
	case ADDR_BITCOIN:
		return "bitcoin";
	}
	assert(a->chain == ADDR_OTHER);
	tlen = other_ticker_len(a);
	for (i = 0; i < tlen; i++) {
		buf[i] = (char)to_lower(a->key[1 + i]);
	}
	buf[tlen] = '\0';
	return buf;
}
