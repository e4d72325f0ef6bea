/*
 * test_rlp.c - the RLP codec against published vectors.
 *
 * Valid vectors: ethereum/tests RLPTests/rlptest.json (commit 0d2c026f) and
 * the Yellow Paper / ethereum wiki examples ("dog", ["cat","dog"], the
 * set-theoretic representation of three). Invalid vectors:
 * ethereum/tests RLPTests/invalidRLPTest.json (26 cases, current version),
 * and the ttWrongRLP transaction tests in
 * $SCANNER_SHARED/mainnet-corpus/not-mainnet/ethereum-tests (provenance in
 * that folder's PROVENANCE.md) whose exception is an RLP-level one.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "hex.h"
#include "rlp.h"
#include "u256.h"
#include "tap.h"

/* Hex text (with or without 0x) into a malloc'ed buffer; NULL on error. */
static uint8_t *
unhex(const char *s, size_t *n)
{
	size_t len;
	uint8_t *b;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
	}
	len = strlen(s);
	if (len % 2 != 0) {
		return NULL;
	}
	b = malloc(len / 2 + 1);
	if (b == NULL) {
		return NULL;
	}
	if (hex_decode(b, len / 2, s, len) == -1) {
		free(b);
		return NULL;
	}
	*n = len / 2;
	return b;
}

static char *
tohex(const uint8_t *b, size_t n)
{
	char *s = malloc(2 * n + 1);

	if (s != NULL) {
		hex_encode(s, b, n);
	}
	return s;
}

/* Re-encode a decoded item with the writer: checks headers both ways. */
static void
reencode(struct rlp_writer *w, const struct rlp_item *it)
{
	struct rlp_writer count;
	struct rlp_iter iter;
	struct rlp_item sub;

	if (!it->is_list) {
		rlp_put_bytes(w, it->data, it->len);
		return;
	}
	rlp_writer_init(&count, NULL, 0);
	rlp_iter_init(&iter, it);
	while (rlp_iter_next(&iter, &sub, NULL) == 1) {
		reencode(&count, &sub);
	}
	rlp_put_list(w, count.len);
	rlp_iter_init(&iter, it);
	while (rlp_iter_next(&iter, &sub, NULL) == 1) {
		reencode(w, &sub);
	}
}

/* ethereum/tests RLPTests/rlptest.json, "out" of every case. */
static const struct {
	const char	*name;
	const char	*hex;
} valid[] = {
	{ "emptystring", "80" },
	{ "bytestring00", "00" },
	{ "bytestring01", "01" },
	{ "bytestring7F", "7f" },
	{ "shortstring", "83646f67" },
	{ "shortstring2", "b74c6f72656d20697073756d20646f6c6f722073697420616d65"
	  "742c20636f6e7365637465747572206164697069736963696e6720656c69" },
	{ "longstring", "b8384c6f72656d20697073756d20646f6c6f722073697420616d"
	  "65742c20636f6e7365637465747572206164697069736963696e6720656c6974" },
	{ "zero", "80" },
	{ "smallint", "01" },
	{ "smallint2", "10" },
	{ "smallint3", "4f" },
	{ "smallint4", "7f" },
	{ "mediumint1", "8180" },
	{ "mediumint2", "8203e8" },
	{ "mediumint3", "830186a0" },
	{ "mediumint4", "8f102030405060708090a0b0c0d0e0f2" },
	{ "mediumint5", "9c0100020003000400050006000700080009000a000b000c000d"
	  "000e01" },
	{ "emptylist", "c0" },
	{ "stringlist", "cc83646f6783676f6483636174" },
	{ "multilist", "c6827a77c10401" },
	{ "shortListMax1", "f784617364668471776572847a786376846173646684717765"
	  "72847a78637684617364668471776572847a786376846173646684717765"
	  "72" },
	{ "longList1", "f840cf84617364668471776572847a786376cf8461736466847177"
	  "6572847a786376cf84617364668471776572847a786376cf84617364668471"
	  "776572847a786376" },
	{ "listsoflists", "c4c2c0c0c0" },
	{ "listsoflists2", "c7c0c1c0c3c0c1c0" },
	{ "dictTest1", "ecca846b6579318476616c31ca846b6579328476616c32ca846b65"
	  "79338476616c33ca846b6579348476616c34" },
	{ "bigint", "a1010000000000000000000000000000000000000000000000000000"
	  "000000000000" },
};

static void
test_valid_roundtrip(void)
{
	struct rlp_writer w;
	struct rlp_item top;
	uint8_t out[256];
	uint8_t *in;
	char *got;
	size_t i, n;

	for (i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
		in = unhex(valid[i].hex, &n);
		if (!tap_ok(in != NULL, "%s: vector is hex", valid[i].name)) {
			continue;
		}
		tap_ok(rlp_check(&top, in, n, NULL) == 0, "%s: decodes",
		    valid[i].name);
		rlp_writer_init(&w, out, sizeof(out));
		reencode(&w, &top);
		got = tohex(out, w.len <= sizeof(out) ? w.len : 0);
		TAP_STR(got, valid[i].hex, "%s: re-encodes to the same bytes",
		    valid[i].name);
		free(got);
		free(in);
	}
}

/* Build the wiki examples with the writer and compare bytes. */
static void
test_encode_examples(void)
{
	static const uint8_t lorem[] =
	    "Lorem ipsum dolor sit amet, consectetur adipisicing elit";
	struct rlp_writer w;
	struct u256 u;
	uint8_t out[128];
	char hex[257];
	size_t payload;

	/* "dog" = [0x83, 'd', 'o', 'g'] (Yellow Paper appendix B, wiki) */
	rlp_writer_init(&w, out, sizeof(out));
	rlp_put_bytes(&w, (const uint8_t *)"dog", 3);
	hex_encode(hex, out, w.len);
	TAP_STR(hex, "83646f67", "\"dog\"");

	/* ["cat", "dog"] = [0xc8, 0x83, 'c', 'a', 't', 0x83, 'd', 'o', 'g'] */
	payload = rlp_bytes_size((const uint8_t *)"cat", 3) +
	    rlp_bytes_size((const uint8_t *)"dog", 3);
	rlp_writer_init(&w, out, sizeof(out));
	rlp_put_list(&w, payload);
	rlp_put_bytes(&w, (const uint8_t *)"cat", 3);
	rlp_put_bytes(&w, (const uint8_t *)"dog", 3);
	hex_encode(hex, out, w.len);
	TAP_STR(hex, "c88363617483646f67", "[\"cat\", \"dog\"]");

	/* "" = 0x80; [] = 0xc0 */
	rlp_writer_init(&w, out, sizeof(out));
	rlp_put_bytes(&w, NULL, 0);
	rlp_put_list(&w, 0);
	hex_encode(hex, out, w.len);
	TAP_STR(hex, "80c0", "empty string and empty list");

	/* integers: 0 = 0x80, 15 = 0x0f, 1024 = 0x82 0x04 0x00 */
	rlp_writer_init(&w, out, sizeof(out));
	rlp_put_uint(&w, 0);
	rlp_put_uint(&w, 15);
	rlp_put_uint(&w, 1024);
	rlp_put_uint(&w, 127);
	rlp_put_uint(&w, 128);
	rlp_put_uint(&w, UINT64_MAX);
	hex_encode(hex, out, w.len);
	TAP_STR(hex, "800f8204007f818088ffffffffffffffff",
	    "integers 0, 15, 1024, 127, 128, 2^64-1");

	/* [ [], [[]], [ [], [[]] ] ] = c7 c0 c1 c0 c3 c0 c1 c0 */
	rlp_writer_init(&w, out, sizeof(out));
	rlp_put_list(&w, 7);
	rlp_put_list(&w, 0);
	rlp_put_list(&w, 1);
	rlp_put_list(&w, 0);
	rlp_put_list(&w, 3);
	rlp_put_list(&w, 0);
	rlp_put_list(&w, 1);
	rlp_put_list(&w, 0);
	hex_encode(hex, out, w.len);
	TAP_STR(hex, "c7c0c1c0c3c0c1c0", "set-theoretic three");

	/* a 56-byte string takes the long form: 0xb8 0x38 ... */
	rlp_writer_init(&w, out, sizeof(out));
	rlp_put_bytes(&w, lorem, 56);
	TAP_INT(w.len, 58, "56-byte string: 58 bytes");
	TAP_INT(out[0], 0xb8, "56-byte string: 0xb8");
	TAP_INT(out[1], 0x38, "56-byte string: length 0x38");
	TAP_INT(rlp_bytes_size(lorem, 56), 58, "rlp_bytes_size(56 bytes)");
	TAP_INT(rlp_bytes_size(lorem, 55), 56, "rlp_bytes_size(55 bytes)");
	TAP_INT(rlp_list_size(55), 56, "list of 55: short header");
	TAP_INT(rlp_list_size(56), 58, "list of 56: long header");
	TAP_INT(rlp_list_size(256), 259, "list of 256: two length bytes");
	TAP_INT(rlp_bytes_size((const uint8_t *)"\x7f", 1), 1,
	    "single byte 0x7f is itself");
	TAP_INT(rlp_bytes_size((const uint8_t *)"\x80", 1), 2,
	    "single byte 0x80 has a header");

	/* u256: 2^255 is 32 bytes; 2^256-1 is a0 ff*32; small ones as u64 */
	memset(&u, 0, sizeof(u));
	u.w[3] = UINT64_C(1) << 63;
	rlp_writer_init(&w, out, sizeof(out));
	rlp_put_u256(&w, &u);
	TAP_INT(w.len, 33, "2^255: 33 bytes");
	TAP_INT(out[0] == 0xa0 && out[1] == 0x80 && out[32] == 0, 1,
	    "2^255: a0 80 00..");
	TAP_INT(rlp_u256_size(&u), 33, "rlp_u256_size(2^255)");
	u.w[0] = u.w[1] = u.w[2] = u.w[3] = UINT64_MAX;
	rlp_writer_init(&w, out, sizeof(out));
	rlp_put_u256(&w, &u);
	hex_encode(hex, out, w.len);
	TAP_STR(hex, "a0ffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	    "ffffffffff", "2^256-1");
	u256_from_u64(&u, 100000);
	rlp_writer_init(&w, out, sizeof(out));
	rlp_put_u256(&w, &u);
	hex_encode(hex, out, w.len);
	TAP_STR(hex, "830186a0", "u256 100000 (mediumint3)");
	u.w[1] = 1;
	TAP_INT(rlp_u256_size(&u), 10, "rlp_u256_size(2^64 + 100000)");
}

static void
test_sizes(void)
{
	static const uint64_t vals[] = { 0, 1, 0x7f, 0x80, 0xff, 0x100,
	    0xffff, 0x10000, 0xffffffffULL, 0x100000000ULL, UINT64_MAX };
	struct rlp_writer w;
	uint8_t out[16];
	size_t i, bad = 0;

	for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		rlp_writer_init(&w, out, sizeof(out));
		rlp_put_uint(&w, vals[i]);
		if (w.len != rlp_uint_size(vals[i])) {
			bad++;
		}
	}
	TAP_INT(bad, 0, "rlp_uint_size agrees with rlp_put_uint");
}

static void
test_writer_modes(void)
{
	static const char empty_root[] =
	    "56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421";
	struct hash_keccak k;
	struct rlp_writer w;
	uint8_t out[4], h[32];
	char hex[65];

	/* count only */
	rlp_writer_init(&w, NULL, 0);
	rlp_put_bytes(&w, (const uint8_t *)"dog", 3);
	TAP_INT(w.len, 4, "count writer counts");
	TAP_INT(rlp_writer_overflow(&w), 0, "count writer never overflows");

	/* buffer too small: counts on, writes nothing past cap */
	memset(out, 0xee, sizeof(out));
	rlp_writer_init(&w, out, 3);
	rlp_put_bytes(&w, (const uint8_t *)"dog", 3);
	TAP_INT(w.len, 4, "short buffer: len counts past cap");
	TAP_INT(rlp_writer_overflow(&w), 1, "short buffer: overflow");
	TAP_INT(out[3], 0xee, "short buffer: nothing past cap");

	/* keccak sink: keccak(rlp("")) is the empty trie root */
	hash_keccak_init(&k);
	rlp_writer_init_keccak(&w, &k);
	rlp_put_bytes(&w, NULL, 0);
	hash_keccak_final(&k, h);
	hex_encode(hex, h, 32);
	TAP_STR(hex, empty_root, "keccak writer: empty trie root");
}

static void
test_scalars(void)
{
	static const struct {
		const char	*hex;
		int		 rc;
		uint64_t	 v;
	} u64s[] = {
		{ "80", 0, 0 },
		{ "0f", 0, 15 },
		{ "820400", 0, 1024 },
		{ "88ffffffffffffffff", 0, UINT64_MAX },
		{ "00", -1, 0 },		/* 0 is the empty string */
		{ "820004", -1, 0 },		/* leading zero */
		{ "89010000000000000000", -1, 0 },	/* 2^64: too long */
		{ "c0", -1, 0 },		/* a list */
	};
	struct rlp_item it;
	struct u256 u;
	struct err err;
	uint64_t v;
	uint8_t *in, addr[3];
	size_t i, n;
	int rc;

	for (i = 0; i < sizeof(u64s) / sizeof(u64s[0]); i++) {
		in = unhex(u64s[i].hex, &n);
		v = 12345;
		rc = rlp_decode(&it, NULL, in, n, NULL);
		if (rc == 0) {
			rc = rlp_get_u64(&v, &it, &err);
		}
		TAP_INT(rc, u64s[i].rc, "rlp_get_u64(%s) rc", u64s[i].hex);
		if (u64s[i].rc == 0) {
			TAP_INT(v == u64s[i].v, 1, "rlp_get_u64(%s) value",
			    u64s[i].hex);
		}
		free(in);
	}

	in = unhex("a0ffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	    "ffffffffff", &n);
	rlp_decode(&it, NULL, in, n, NULL);
	TAP_INT(rlp_get_u256(&u, &it, NULL), 0, "u256 max decodes");
	TAP_INT(u.w[0] == UINT64_MAX && u.w[3] == UINT64_MAX, 1,
	    "u256 max value");
	free(in);
	in = unhex(valid[sizeof(valid) / sizeof(valid[0]) - 1].hex, &n);
	rlp_decode(&it, NULL, in, n, NULL);
	TAP_INT(rlp_get_u256(&u, &it, &err), -1, "2^256 is too large");
	free(in);

	in = unhex("83010203", &n);
	rlp_decode(&it, NULL, in, n, NULL);
	TAP_INT(rlp_get_fixed(addr, 3, &it, NULL), 0, "fixed 3 bytes");
	TAP_INT(addr[2], 3, "fixed 3 bytes: value");
	TAP_INT(rlp_get_fixed(addr, 2, &it, &err), -1, "fixed: wrong size");
	free(in);
}

/* ethereum/tests RLPTests/invalidRLPTest.json: every one is refused. */
static void
test_invalid(void)
{
	static const struct {
		const char	*name;
		const char	*hex;
	} bad[] = {
		{ "int32Overflow", "bf0f000000000000021111" },
		{ "int32Overflow2", "ff0f000000000000021111" },
		{ "wrongSizeList", "f80180" },
		{ "wrongSizeList2", "f80100" },
		{ "incorrectLengthInArray", "b9002100dc2b275d0f74e8a53e6f4ec6"
		  "1b27f24278820be3f82ea2110e582081b0565df0" },
		{ "randomRLP", "f861f83eb9002100dc2b275d0f74e8a53e6f4ec61b27f2"
		  "4278820be3f82ea2110e582081b0565df027b90015002d5ef8325ae4d0"
		  "34df55d4b58d0dfba64d61ddd17be00000b9001a00dae30907045a2f66"
		  "fa36f2bb8aa9029cbb0b8a7b3b5c435ab331" },
		{ "bytesShouldBeSingleByte00", "8100" },
		{ "bytesShouldBeSingleByte01", "8101" },
		{ "bytesShouldBeSingleByte7F", "817F" },
		{ "leadingZerosInLongLengthArray1", "b900400001020304050607080"
		  "90a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2021222324252"
		  "62728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f" },
		{ "leadingZerosInLongLengthArray2", "b800" },
		{ "leadingZerosInLongLengthList1", "fb000000400001020304050607"
		  "08090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2021222324"
		  "25262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f" },
		{ "leadingZerosInLongLengthList2", "f800" },
		{ "nonOptimalLongLengthArray1",
		  "b81000112233445566778899aabbccddeeff" },
		{ "nonOptimalLongLengthArray2", "b801ff" },
		{ "nonOptimalLongLengthList1",
		  "f810000102030405060708090a0b0c0d0e0f" },
		{ "nonOptimalLongLengthList2", "f803112233" },
		{ "emptyEncoding", "" },
		{ "lessThanShortLengthArray1", "81" },
		{ "lessThanShortLengthArray2", "a0000102030405060708090a0b0c0d"
		  "0e0f101112131415161718191a1b1c1d1e" },
		{ "lessThanShortLengthList1", "c5010203" },
		{ "lessThanShortLengthList2", "e201020304050607" },
		{ "lessThanLongLengthArray1", "ba010000aabbccddeeff" },
		{ "lessThanLongLengthArray2",
		  "b840ffeeddccbbaa99887766554433221100" },
		{ "lessThanLongLengthList1", "f90180" },
		{ "lessThanLongLengthList2",
		  "ffffffffffffffffff0001020304050607" },
		/* not in the file: trailing bytes, an item overrunning its
		   list, a two-byte length that fits in one */
		{ "trailing byte", "83646f6700" },
		{ "trailing list", "c0c0" },
		{ "item overruns list", "c283646f67" },
		{ "long prefix alone", "b8" },
	};
	struct err err;
	uint8_t *in;
	size_t i, n;
	int rc;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		in = unhex(bad[i].hex, &n);
		if (!tap_ok(in != NULL, "%s: vector is hex", bad[i].name)) {
			continue;
		}
		memset(&err, 0, sizeof(err));
		rc = rlp_check(NULL, in, n, &err);
		TAP_INT(rc, -1, "%s: refused", bad[i].name);
		TAP_INT(err.code, ERR_INPUT, "%s: ERR_INPUT (%s)", bad[i].name,
		    err.msg);
		free(in);
	}
}

/* depth lists, each holding the next: [[[...[]...]]] */
static int
nested(uint8_t *buf, size_t cap, int depth, size_t *len)
{
	struct rlp_writer w;
	size_t payload[RLP_DEPTH_MAX + 2];
	int i;

	payload[depth - 1] = 0;
	for (i = depth - 2; i >= 0; i--) {
		payload[i] = rlp_list_size(payload[i + 1]);
	}
	rlp_writer_init(&w, buf, cap);
	for (i = 0; i < depth; i++) {
		rlp_put_list(&w, payload[i]);
	}
	*len = w.len;
	return rlp_writer_overflow(&w) ? -1 : 0;
}

static void
test_truncation_and_depth(void)
{
	uint8_t buf[4 * RLP_DEPTH_MAX], *in;
	struct rlp_item it;
	size_t n, k, accepted = 0;

	/* every proper prefix of a valid encoding is refused */
	in = unhex(valid[21].hex, &n);	/* longList1 */
	for (k = 0; k < n; k++) {
		if (rlp_check(NULL, in, k, NULL) == 0) {
			accepted++;
		}
	}
	TAP_INT(accepted, 0, "no truncation of longList1 decodes");
	free(in);

	/* RLP_DEPTH_MAX nested lists are fine, one more is refused */
	TAP_INT(nested(buf, sizeof(buf), RLP_DEPTH_MAX, &n), 0,
	    "build %d nested lists", RLP_DEPTH_MAX);
	TAP_INT(rlp_check(&it, buf, n, NULL), 0, "%d nested lists decode",
	    RLP_DEPTH_MAX);
	TAP_INT(nested(buf, sizeof(buf), RLP_DEPTH_MAX + 1, &n), 0,
	    "build %d nested lists", RLP_DEPTH_MAX + 1);
	TAP_INT(rlp_check(&it, buf, n, NULL), -1,
	    "%d nested lists are refused", RLP_DEPTH_MAX + 1);
}

static void
test_iter(void)
{
	struct rlp_item top, it;
	struct rlp_iter iter;
	size_t n = 0, count;
	uint8_t *in;
	char s[8];

	in = unhex("cc83646f6783676f6483636174", &n);
	rlp_check(&top, in, n, NULL);
	TAP_INT(rlp_list_count(&top, &count, NULL), 0, "count stringlist");
	TAP_INT(count, 3, "stringlist has 3 items");
	rlp_iter_init(&iter, &top);
	rlp_iter_next(&iter, &it, NULL);
	rlp_iter_next(&iter, &it, NULL);
	memcpy(s, it.data, it.len);
	s[it.len] = '\0';
	TAP_STR(s, "god", "second item is \"god\"");
	rlp_iter_next(&iter, &it, NULL);
	TAP_INT(rlp_iter_next(&iter, &it, NULL), 0, "end of list");
	rlp_iter_init(&iter, &it);
	TAP_INT(rlp_list_count(&it, &count, NULL), -1,
	    "rlp_list_count of a string fails");
	free(in);
}

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long len = -1;

	if (f == NULL) {
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) == 0) {
		len = ftell(f);
	}
	if (len >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)len + 1);
		if (buf != NULL &&
		    fread(buf, 1, (size_t)len, f) != (size_t)len) {
			free(buf);
			buf = NULL;
		} else if (buf != NULL) {
			buf[len] = '\0';
		}
	}
	fclose(f);
	return buf;
}

/* The ttWrongRLP cases whose exception says the RLP itself is bad. */
static int
rlp_level(const char *json)
{
	static const char *const kinds[] = {
		"RLP_ERROR_EOF\"", "RLP_ERROR_SIZE\"",
		"RLP_ERROR_SIZE_LEADING_ZEROS\"",
		"RLP_LEADING_ZEROS_DATA_SIZE\"",
		"RLP_LEADING_ZEROS_NONCE_SIZE\"",
	};
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (strstr(json, kinds[i]) != NULL) {
			return 1;
		}
	}
	return 0;
}

static void
test_wrong_rlp_corpus(void)
{
	const char *shared = getenv("SCANNER_SHARED");
	char dir[1024], path[2048], *json, *p, *q;
	struct dirent *de;
	size_t n, files = 0, rlp_bad = 0, refused = 0;
	uint8_t *in;
	DIR *d;

	if (shared == NULL) {
		shared = "../shared";
	}
	snprintf(dir, sizeof(dir), "%s/mainnet-corpus/not-mainnet/"
	    "ethereum-tests/TransactionTests/ttWrongRLP", shared);
	d = opendir(dir);
	if (!tap_ok(d != NULL, "open %s", dir)) {
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (strstr(de->d_name, ".json") == NULL) {
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		json = slurp(path);
		if (json == NULL) {
			continue;
		}
		files++;
		p = strstr(json, "\"txbytes\"");
		p = p != NULL ? strchr(p + 9, '"') : NULL;
		q = p != NULL ? strchr(p + 1, '"') : NULL;
		if (q != NULL && rlp_level(json)) {
			*q = '\0';
			in = unhex(p + 1, &n);
			rlp_bad++;
			if (in != NULL && rlp_check(NULL, in, n, NULL) == -1) {
				refused++;
			} else {
				printf("# accepted: %s\n", de->d_name);
			}
			free(in);
		}
		free(json);
	}
	closedir(d);
	TAP_INT(files, 59, "ttWrongRLP: 59 files");
	TAP_INT(rlp_bad, 30, "ttWrongRLP: 30 with an RLP-level exception");
	TAP_INT(refused, rlp_bad, "ttWrongRLP: every RLP-level case refused");
}

int
main(void)
{
	test_valid_roundtrip();
	test_encode_examples();
	test_sizes();
	test_writer_modes();
	test_scalars();
	test_invalid();
	test_truncation_and_depth();
	test_iter();
	if (tap_have_shared("mainnet-corpus/PROVENANCE.md",
	    "the ethereum/tests RLP vectors")) {
		test_wrong_rlp_corpus();
	}
	return tap_done();
}
