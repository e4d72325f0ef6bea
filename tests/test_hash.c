/*
 * test_hash.c - Keccak-256 and SHA-256 known answers.
 */
#include <stdint.h>
#include <string.h>

#include "hash.h"
#include "hex.h"
#include "tap.h"

#define MSG_MAX	1000

/* m[i] = i mod 256, the messages of the length table below. */
static void
fill(uint8_t *m, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		m[i] = (uint8_t)i;
	}
}

static void
test_keccak_strings(void)
{
	/*
	 * "" and "abc": Ethereum's Keccak-256 (the Yellow Paper's KEC; the
	 * empty hash is geth's crypto.Keccak256Hash(nil)); the fox sentence
	 * is the Keccak team's reference example.
	 */
	static const struct {
		const char	*msg;
		const char	*hash;
	} cases[] = {
		{ "", "c5d2460186f7233c927e7db2dcc703c0"
		      "e500b653ca82273b7bfad8045d85a470" },
		{ "abc", "4e03657aea45a94fc7d47ba826c8d667"
			 "c0d1e6e33a64a036ec44f58fa12d6c45" },
		{ "The quick brown fox jumps over the lazy dog",
		  "4d741b6f1eb29cb2a9b9911c82f56fa8"
		  "d73b04959d3d9d222895df6c0b28aa15" },
	};
	uint8_t h[32];
	char hx[65];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		hash_keccak256(h, cases[i].msg, strlen(cases[i].msg));
		hex_encode(hx, h, 32);
		TAP_STR(hx, cases[i].hash, "keccak256(\"%s\")", cases[i].msg);
	}
}

/*
 * Lengths around the 136-byte rate: one short of a block, exactly one
 * (the padding then takes a block of its own), one over, two blocks.
 * Expected values from @noble/hashes keccak_256 (an independent,
 * audited implementation) over m[i] = i mod 256.
 */
static const struct {
	size_t		 len;
	const char	*hash;
} lens[] = {
	{ 0, "c5d2460186f7233c927e7db2dcc703c0"
	     "e500b653ca82273b7bfad8045d85a470" },
	{ 1, "bc36789e7a1e281436464229828f817d"
	     "6612f7b477d66591ff96a9e064bcc98a" },
	{ 135, "cbdfd9dee5faad3818d6b06f95a219fd"
	       "290b0e1706f6a82e5a595b9ce9faca62" },
	{ 136, "7ce759f1ab7f9ce437719970c26b0a66"
	       "ff11fe3e38e17df89cf5d29c7d7f807e" },
	{ 137, "ac73d4fae68b8453f764007c1a20ce95"
	       "994187861f0c3227a3a8e99a73a3b1db" },
	{ 272, "fdf2ec49e749960d3c8521a0219af8d0"
	       "3e30e2b3bf19bd16150ee0eaf133d66e" },
	{ 1000, "aca79e4146e30eb1c733f6d6060d7247"
		"1c36ea4e01ebf45d7f4916249c2bbd82" },
};

static void
test_keccak_lengths(void)
{
	uint8_t m[MSG_MAX], h[32];
	char hx[65];
	size_t i;

	fill(m, sizeof(m));
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		hash_keccak256(h, m, lens[i].len);
		hex_encode(hx, h, 32);
		TAP_STR(hx, lens[i].hash, "keccak256 of %zu bytes",
		    lens[i].len);
	}
}

static void
test_keccak_incremental(void)
{
	/* Odd chunk sizes so that every buffer boundary is crossed. */
	static const size_t chunks[] = { 1, 3, 7, 13, 67, 135, 136, 137, 200 };
	struct hash_keccak ctx, copy;
	uint8_t m[MSG_MAX], h[32], h2[32];
	char hx[65];
	size_t i, c, off, take;
	int bad;

	fill(m, sizeof(m));
	for (c = 0; c < sizeof(chunks) / sizeof(chunks[0]); c++) {
		bad = 0;
		for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
			hash_keccak_init(&ctx);
			for (off = 0; off < lens[i].len; off += take) {
				take = lens[i].len - off;
				if (take > chunks[c]) {
					take = chunks[c];
				}
				hash_keccak_update(&ctx, m + off, take);
			}
			hash_keccak_final(&ctx, h);
			hex_encode(hx, h, 32);
			if (strcmp(hx, lens[i].hash) != 0) {
				bad++;
				printf("# len %zu chunk %zu: %s\n", lens[i].len,
				    chunks[c], hx);
			}
		}
		TAP_INT(bad, 0, "incremental keccak in chunks of %zu equals "
		    "one-shot for every length", chunks[c]);
	}

	/* Empty updates change nothing; a copied state hashes the same. */
	hash_keccak_init(&ctx);
	hash_keccak_update(&ctx, m, 0);
	hash_keccak_update(&ctx, m, 100);
	hash_keccak_update(&ctx, m + 100, 0);
	copy = ctx;
	hash_keccak_update(&ctx, m + 100, 37);
	hash_keccak_update(&copy, m + 100, 37);
	hash_keccak_final(&ctx, h);
	hash_keccak_final(&copy, h2);
	hex_encode(hx, h, 32);
	TAP_STR(hx, lens[4].hash, "empty updates are no-ops");
	tap_ok(memcmp(h, h2, 32) == 0, "a copied state gives the same hash");

	/* No data at all may come as NULL. */
	hash_keccak256(h, NULL, 0);
	hex_encode(hx, h, 32);
	TAP_STR(hx, lens[0].hash, "keccak256(NULL, 0) is the empty hash");
	hash_keccak_init(&ctx);
	hash_keccak_update(&ctx, NULL, 0);
	hash_keccak_final(&ctx, h);
	hex_encode(hx, h, 32);
	TAP_STR(hx, lens[0].hash, "update(NULL, 0) then final");
}

static void
test_sha256(void)
{
	/* FIPS 180-2, appendix B.1 and B.2; "" from NIST's examples. */
	static const struct {
		const char	*msg;
		const char	*hash;
	} cases[] = {
		{ "", "e3b0c44298fc1c149afbf4c8996fb924"
		      "27ae41e4649b934ca495991b7852b855" },
		{ "abc", "ba7816bf8f01cfea414140de5dae2223"
			 "b00361a396177a9cb410ff61f20015ad" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "248d6a61d20638b8e5c026930c3e6039"
		  "a33ce45964ff2167f6ecedd419db06c1" },
	};
	uint8_t h[32];
	char hx[65];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		hash_sha256(h, cases[i].msg, strlen(cases[i].msg));
		hex_encode(hx, h, 32);
		TAP_STR(hx, cases[i].hash, "sha256(\"%s\")", cases[i].msg);
	}
}

int
main(void)
{
	test_keccak_strings();
	test_keccak_lengths();
	test_keccak_incremental();
	test_sha256();
	return tap_done();
}
