/*
 * test_addr.c - address classification, canonical keys and display forms.
 * Vectors: EIP-55 "Test Cases"; BIP-173 and BIP-350 "Test vectors";
 * base58check examples checked against an independent decoder; real
 * OFAC / Blender.io lists from shared/watchlist-sources.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "hex.h"
#include "tap.h"

#define N(a)	(sizeof(a) / sizeof((a)[0]))

static int
parse(struct addr *a, const char *s, struct err *err)
{
	return addr_parse(a, s, strlen(s), err);
}

static int
same_key(const struct addr *a, const struct addr *b)
{
	return a->len == b->len && memcmp(a->key, b->key, a->len) == 0;
}

/* Key as hex, for comparing against a table. */
static const char *
key_hex(char out[2 * ADDR_KEY_MAX + 1], const struct addr *a)
{
	hex_encode(out, a->key, a->len);
	return out;
}

/* parse -> format -> parse gives the same key. */
static int
round_trip(const struct addr *a)
{
	char text[ADDR_TEXT_MAX];
	struct addr b;
	struct err err;
	size_t n;

	n = addr_format(text, a);
	if (n != strlen(text)) {
		return 0;
	}
	if (a->chain == ADDR_OTHER) {
		return 1;
	}
	return addr_parse(&b, text, n, &err) == 0 && same_key(a, &b);
}

/* ---- Ethereum ---- */

static void
test_eip55(void)
{
	/* EIP-55, Test Cases: all caps, all lower, normal. */
	static const char *cases[] = {
		"0x52908400098527886E0F7030069857D2E4169EE7",
		"0x8617E340B3D01FA5F11F306F4090FD50E238070D",
		"0xde709f2102306220921060314715629080e2fb77",
		"0x27b1fdb04752bbc536007a920d24acb045561c26",
		"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
		"0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
		"0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
		"0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
	};
	char text[ADDR_TEXT_MAX], low[43], up[43], kh[2 * ADDR_KEY_MAX + 1];
	char want[2 * ADDR_KEY_MAX + 1], nb[16];
	struct addr a, b;
	struct err err;
	size_t i, j;

	for (i = 0; i < N(cases); i++) {
		TAP_INT(parse(&a, cases[i], &err), 0, "parse %s", cases[i]);
		TAP_INT(a.chain, ADDR_ETHEREUM, "  is ethereum");
		snprintf(want, sizeof(want), "01");
		for (j = 2; j < 42; j++) {
			want[j] = (char)(cases[i][j] | 0x20);
		}
		want[42] = '\0';
		TAP_STR(key_hex(kh, &a), want, "  key is 01 | 20 bytes");
		TAP_INT(addr_format(text, &a), 42, "  format length");
		TAP_STR(text, cases[i], "  format is the EIP-55 form");
		TAP_STR(addr_chain_name(&a, nb), "ethereum", "  chain name");
		/* The same address all lower and all upper case. */
		for (j = 0; j < 43; j++) {
			low[j] = j < 2 ? cases[i][j] : (char)(cases[i][j] |
			    (cases[i][j] >= 'A' ? 0x20 : 0));
			up[j] = j < 2 || cases[i][j] < 'a' ? cases[i][j] :
			    (char)(cases[i][j] - 'a' + 'A');
		}
		tap_ok(parse(&b, low, &err) == 0 && same_key(&a, &b),
		    "  lower case gives the same key");
		tap_ok(parse(&b, up, &err) == 0 && same_key(&a, &b),
		    "  upper case gives the same key");
	}
}

static void
test_eth_bad(void)
{
	static const struct {
		const char	*text;
		const char	*msg;
	} cases[] = {
		/* 'A' at index 3 flipped to 'a': checksum fails. */
		{ "0x5aaeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
		  "bad EIP-55 checksum in "
		  "'0x5aaeb6053F3E94C9b9A09f33669435E7Ef1BeAed': expected "
		  "'0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'" },
		/* the last letter flipped */
		{ "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDB",
		  "bad EIP-55 checksum in "
		  "'0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDB': expected "
		  "'0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb'" },
		{ "0X5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
		  "bad Ethereum address "
		  "'0X5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed': the prefix "
		  "must be '0x'" },
		{ "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe",
		  "bad Ethereum address "
		  "'0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe': 39 hex "
		  "digits after 0x, expected 40" },
		{ "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed0",
		  "bad Ethereum address "
		  "'0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed0': 41 hex "
		  "digits after 0x, expected 40" },
		{ "0x", "bad Ethereum address '0x': 0 hex digits after 0x, "
		  "expected 40" },
		{ "0xc28fad5e8d5e0ce6a2eaf67b6687be5d58113e16be590824d6cfa1a9"
		  "4467d0b7", "bad Ethereum address "
		  "'0xc28fad5e8d5e0ce6a2eaf67b6687be5d58113e16be590824d6cfa1a9"
		  "4467d0b7': 64 hex digits after 0x, expected 40" },
		{ "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaeg",
		  "bad Ethereum address "
		  "'0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaeg': not "
		  "hexadecimal" },
		{ "0x5aaeb6053f3e94c9b9a09f33669435e7ef1bea d",
		  "bad Ethereum address "
		  "'0x5aaeb6053f3e94c9b9a09f33669435e7ef1bea d': not "
		  "hexadecimal" },
	};
	struct addr a;
	struct err err;
	size_t i;

	for (i = 0; i < N(cases); i++) {
		memset(&err, 0, sizeof(err));
		TAP_INT(parse(&a, cases[i].text, &err), -1, "reject %s",
		    cases[i].text);
		TAP_INT(err.code, ERR_INPUT, "  ERR_INPUT");
		TAP_STR(err.msg, cases[i].msg, "  message");
	}
}

static void
test_eth_raw(void)
{
	struct eth_addr e;
	struct addr a, b;
	struct err err;
	char text[ADDR_TEXT_MAX], sum[43];

	hex_decode(e.b, 20, "5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", 40);
	addr_from_eth(&a, &e);
	TAP_INT(a.len, 21, "addr_from_eth key length");
	tap_ok(a.key[0] == ADDR_ETHEREUM && memcmp(a.key + 1, e.b, 20) == 0,
	    "  key is 01 | bytes");
	addr_format(text, &a);
	TAP_STR(text, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
	    "  formats with EIP-55");
	addr_eth_checksum(sum, e.b);
	TAP_STR(sum, text, "addr_eth_checksum");
	parse(&b, text, &err);
	tap_ok(memcmp(&a, &b, sizeof(a)) == 0,
	    "parsed and built addresses are equal structs");
}

/* ---- Bitcoin: segwit ---- */

struct segwit_vec {
	const char	*addr;
	const char	*hrp;
	const char	*spk;	/* scriptPubKey: OP_n, push length, program */
};

/* BIP-350 valid segwit addresses (v0 entries are BIP-173's own). */
static const struct segwit_vec segwit_valid[] = {
	{ "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "bc",
	  "0014751e76e8199196d454941c45d1b3a323f1433bd6" },
	{ "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7",
	  "tb", "00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c632"
	  "9604903262" },
	{ "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5"
	  "xw7kt5nd6y", "bc", "5128751e76e8199196d454941c45d1b3a323f1433bd6"
	  "751e76e8199196d454941c45d1b3a323f1433bd6" },
	{ "BC1SW50QGDZ25J", "bc", "6002751e" },
	{ "bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs", "bc",
	  "5210751e76e8199196d454941c45d1b3a323" },
	{ "tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy",
	  "tb", "0020000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165d"
	  "ab93e86433" },
	{ "tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c",
	  "tb", "5120000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165d"
	  "ab93e86433" },
	{ "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0",
	  "bc", "512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f281"
	  "5b16f81798" },
	/* BIP-173's P2WSH example (section "Examples"). */
	{ "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3",
	  "bc", "00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c632"
	  "9604903262" },
};

static void
test_segwit_valid(void)
{
	uint8_t spk[42], prog[40];
	char text[ADDR_TEXT_MAX], low[ADDR_TEXT_MAX];
	struct addr a, b;
	struct err err;
	size_t i, j, n;
	long len;
	int ver, want_ver;

	for (i = 0; i < N(segwit_valid); i++) {
		const struct segwit_vec *v = &segwit_valid[i];

		n = strlen(v->spk) / 2;
		hex_decode(spk, n, v->spk, 2 * n);
		/* OP_0 is 0x00, OP_1..OP_16 are 0x51..0x60. */
		want_ver = spk[0] == 0 ? 0 : spk[0] - 0x50;
		len = addr_segwit_decode(&ver, prog, v->hrp, v->addr,
		    strlen(v->addr));
		TAP_INT(len, spk[1], "segwit_decode %s", v->addr);
		TAP_INT(ver, want_ver, "  witness version");
		tap_ok(len > 0 && memcmp(prog, spk + 2, (size_t)len) == 0,
		    "  program");
		for (j = 0; j <= strlen(v->addr); j++) {
			low[j] = (char)(v->addr[j] >= 'A' && v->addr[j] <= 'Z' ?
			    v->addr[j] | 0x20 : v->addr[j]);
		}
		TAP_INT(addr_segwit_encode(text, sizeof(text), v->hrp, ver,
		    prog, (size_t)len), strlen(v->addr), "  encode length");
		TAP_STR(text, low, "  encode gives the lower-case form");

		if (strcmp(v->hrp, "bc") != 0) {
			memset(&err, 0, sizeof(err));
			TAP_INT(parse(&a, v->addr, &err), -1,
			    "  not mainnet: addr_parse refuses");
			continue;
		}
		TAP_INT(parse(&a, v->addr, &err), 0, "  addr_parse");
		tap_ok(a.chain == ADDR_BITCOIN &&
		    a.key[1] == ADDR_BTC_SEGWIT + want_ver &&
		    a.len == 2 + len &&
		    memcmp(a.key + 2, spk + 2, (size_t)len) == 0,
		    "  key is 02 | 10+v | program");
		addr_format(text, &a);
		TAP_STR(text, low, "  format is lower case");
		tap_ok(parse(&b, low, &err) == 0 && same_key(&a, &b),
		    "  upper and lower case give equal keys");
	}
}

/* BIP-173 and BIP-350 invalid segwit addresses: each must be refused. */
static const char *segwit_invalid[] = {
	/* BIP-173 */
	"tc1qw508d6qejxtdg4y5r3zarvary0c5xw7kg3g4ty",
	"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5",
	"BC13W508D6QEJXTDG4Y5R3ZARVARY0C5XW7KN40WF2",
	"bc1rw5uspcuh",
	"bc10w508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k"
	"w5rljs90",
	"BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P",
	"tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sL5k7",
	"bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du",
	"tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3pjxtptv",
	"bc1gmk9yu",
	/* BIP-350 */
	"tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut",
	"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd",
	"tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf",
	"BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL",
	"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh",
	"tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47",
	"bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4",
	"BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R",
	"bc1pw5dgrnzv",
	"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaew"
	"av253zgeav",
	"BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P",
	"tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq",
	"bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf",
	"tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j",
	"bc1gmk9yu",
	/* BIP-173's valid v1+ examples carry bech32: invalid under BIP-350. */
	"bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k"
	"7grplx",
	"BC1SW50QA3JX3S",
	"bc1zw508d6qejxtdg4y5r3zarvaryvg6kdaj",
};

static void
test_segwit_invalid(void)
{
	uint8_t prog[40];
	struct addr a;
	struct err err;
	size_t i, n;
	int ver;

	for (i = 0; i < N(segwit_invalid); i++) {
		n = strlen(segwit_invalid[i]);
		tap_ok(addr_segwit_decode(&ver, prog, "bc", segwit_invalid[i],
		    n) == -1 && addr_segwit_decode(&ver, prog, "tb",
		    segwit_invalid[i], n) == -1, "segwit_decode refuses %s",
		    segwit_invalid[i]);
		memset(&err, 0, sizeof(err));
		TAP_INT(parse(&a, segwit_invalid[i], &err), -1,
		    "  addr_parse refuses");
		TAP_INT(err.code, ERR_INPUT, "  ERR_INPUT: %s", err.msg);
	}

	/* Messages name the reason. */
	parse(&a, "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq"
	    "h2y7hd", &err);
	TAP_STR(err.msg, "bad Bitcoin address "
	    "'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd': "
	    "bech32 checksum on witness version 1+ (BIP-350 wants bech32m)",
	    "bech32-for-v1 message");
	parse(&a, "bC1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", &err);
	TAP_STR(err.msg, "bad Bitcoin address "
	    "'bC1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4': mixed case",
	    "mixed-case message");
}

static void
test_segwit_encode_bad(void)
{
	static const uint8_t prog[41] = { 0x75, 0x1e };
	char out[ADDR_TEXT_MAX];

	/* BIP-173 reference tests: invalid witness version / length. */
	TAP_INT(addr_segwit_encode(out, sizeof(out), "bc", 0, prog, 21), -1,
	    "encode v0 with 21 bytes fails");
	TAP_INT(addr_segwit_encode(out, sizeof(out), "bc", 17, prog, 32), -1,
	    "encode v17 fails");
	TAP_INT(addr_segwit_encode(out, sizeof(out), "bc", 1, prog, 1), -1,
	    "encode 1-byte program fails");
	TAP_INT(addr_segwit_encode(out, sizeof(out), "bc", 16, prog, 41), -1,
	    "encode 41-byte program fails");
	TAP_INT(addr_segwit_encode(out, 14, "bc", 16, prog, 2), -1,
	    "encode into too small a buffer fails");
	TAP_INT(addr_segwit_encode(out, 15, "bc", 16, prog, 2), 14,
	    "encode into an exact buffer");
	TAP_STR(out, "bc1sw50qgdz25j", "  BIP-350 v16 example");
}

/* ---- Bitcoin: base58check ---- */

static void
test_base58(void)
{
	/* hash160s checked with a separate Python base58 decoder. */
	static const struct {
		const char	*addr;
		const char	*key;
	} cases[] = {
		/* the genesis block's coinbase address (P2PKH) */
		{ "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
		  "020062e907b15cbf27d5425399ebf6f0fb50ebb88f18" },
		/* P2SH, the Bitcoin wiki's example */
		{ "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
		  "0205b472a266d0bd89c13706a4132ccfb16f7c3b9fcb" },
		/* P2SH, bitcoinjs-lib's documentation example */
		{ "3LRW7jeCvQCRdPF8S3yUCfRAx4eqXFmdcr",
		  "0205cd7b44d0b03f2d026d1e586d7ae18903b0d385f6" },
		/* all-zero hash160: every leading zero byte is a '1' */
		{ "1111111111111111111114oLvT2",
		  "02000000000000000000000000000000000000000000" },
	};
	char text[ADDR_TEXT_MAX], kh[2 * ADDR_KEY_MAX + 1], nb[16];
	uint8_t payload[32];
	struct addr a;
	struct err err;
	size_t i;

	for (i = 0; i < N(cases); i++) {
		TAP_INT(parse(&a, cases[i].addr, &err), 0, "parse %s",
		    cases[i].addr);
		TAP_STR(key_hex(kh, &a), cases[i].key, "  key");
		addr_format(text, &a);
		TAP_STR(text, cases[i].addr, "  format");
		TAP_STR(addr_chain_name(&a, nb), "bitcoin", "  chain name");
		TAP_INT(addr_base58check_decode(payload, sizeof(payload),
		    cases[i].addr, strlen(cases[i].addr)), 21,
		    "  base58check_decode: version + hash160");
		tap_ok(memcmp(payload, a.key + 1, 21) == 0, "  payload");
		TAP_INT(addr_base58check_encode(text, sizeof(text), payload,
		    21), strlen(cases[i].addr), "  base58check_encode");
		TAP_STR(text, cases[i].addr, "  encoded text");
	}
	TAP_INT(addr_base58check_decode(payload, 20,
	    "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", 34), -1,
	    "base58check_decode over cap fails");
	TAP_INT(addr_base58check_decode(payload, sizeof(payload),
	    "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNO", 34), -1,
	    "base58check_decode with 'O' fails");
	TAP_INT(addr_base58check_decode(payload, sizeof(payload), "", 0), -1,
	    "base58check_decode of nothing fails");
	addr_base58check_decode(payload, sizeof(payload),
	    "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", 34);
	TAP_INT(addr_base58check_encode(text, 34, payload, 21), -1,
	    "base58check_encode into too small a buffer fails");
	TAP_INT(addr_base58check_encode(text, 35, payload, 21), 34,
	    "base58check_encode into an exact buffer");
}

static void
test_base58_bad(void)
{
	static const struct {
		const char	*text;
		const char	*msg;
	} cases[] = {
		/* last character changed: checksum no longer matches */
		{ "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb",
		  "bad Bitcoin address '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb': "
		  "bad base58check character or checksum" },
		{ "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLz",
		  "bad Bitcoin address '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLz': "
		  "bad base58check character or checksum" },
		/* Tron (version 0x41), from OFAC's TRX list */
		{ "TAYhjpL8pPs8T84FSM329nffQpc6jD8GBM",
		  "'TAYhjpL8pPs8T84FSM329nffQpc6jD8GBM' is not an Ethereum or "
		  "Bitcoin address (base58check version 0x41, 21 bytes)" },
		/* Litecoin (version 0x30), from OFAC's LTC list */
		{ "LNf2JDiuunBz7GMDKFYHN4rq5meXWxiwfb",
		  "'LNf2JDiuunBz7GMDKFYHN4rq5meXWxiwfb' is not an Ethereum or "
		  "Bitcoin address (base58check version 0x30, 21 bytes)" },
		/* Monero (OFAC's XMR list): base58, no base58check */
		{ "49HqitRzdnhYjgTEAhgGpCfsjdTeMbUTU6cyR4JV1R7k2Eej9rGT8JpFiY"
		  "Da4tZM6RZiFrHmMzgSrhHEqpDYKBe5B2ufNsL",
		  "'49HqitRzdnhYjgTEAhgGpCfsjdTeMbUTU6cyR4JV1R7k2Eej9rGT8JpFiY"
		  "Da4tZM6RZiFrHmMzgSrhHEqpDYKBe5B2ufNsL' is not an Ethereum "
		  "or Bitcoin address" },
		/* a long text is quoted up to 96 bytes */
		{ "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"
		  "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"
		  "zzzzzzzzz",
		  "'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"
		  "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz...' is not an "
		  "Ethereum or Bitcoin address" },
		{ "", "'' is not an Ethereum or Bitcoin address" },
		{ "hello world", "'hello world' is not an Ethereum or Bitcoin "
		  "address" },
		{ "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa ",
		  "'1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa ' is not an Ethereum or "
		  "Bitcoin address" },
		{ "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx",
		  "'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx' is not an "
		  "Ethereum or Bitcoin address" },
		{ "bad\x01\x7f", "'bad?\?' is not an Ethereum or Bitcoin "
		  "address" },
	};
	struct addr a;
	struct err err;
	size_t i;

	for (i = 0; i < N(cases); i++) {
		memset(&err, 0, sizeof(err));
		TAP_INT(parse(&a, cases[i].text, &err), -1, "reject '%s'",
		    cases[i].text);
		TAP_INT(err.code, ERR_INPUT, "  ERR_INPUT");
		TAP_STR(err.msg, cases[i].msg, "  message");
	}
}

/* ---- other chains, kept verbatim ---- */

static void
test_other(void)
{
	static const char tron[] = "TAYhjpL8pPs8T84FSM329nffQpc6jD8GBM";
	char text[ADDR_TEXT_MAX], kh[2 * ADDR_KEY_MAX + 1], nb[16];
	char big[ADDR_TEXT_MAX + 8];
	struct addr a, b;
	struct err err;

	TAP_INT(addr_other(&a, "trx", tron, strlen(tron), &err), 0,
	    "addr_other TRX");
	TAP_INT(a.chain, ADDR_OTHER, "  chain is other");
	TAP_STR(key_hex(kh, &a), "7f54525800"
	    "544159686a704c387050733854383446534d3332396e6666517063366a443847"
	    "424d", "  key is 7f | TRX | 00 | text");
	TAP_INT(addr_format(text, &a), strlen(tron), "  format length");
	TAP_STR(text, tron, "  format is the text verbatim");
	TAP_STR(addr_chain_name(&a, nb), "trx", "  chain name is the ticker");
	addr_other(&b, "TRX", tron, strlen(tron), &err);
	tap_ok(same_key(&a, &b), "  ticker case does not matter");
	addr_other(&b, "XBT", tron, strlen(tron), &err);
	tap_ok(!same_key(&a, &b), "  another ticker is another key");
	tap_ok(round_trip(&a), "  round trip");

	memset(big, 'x', sizeof(big));
	TAP_INT(addr_other(&a, "XMR", big, ADDR_TEXT_MAX - 1, &err), 0,
	    "191 bytes of text fit");
	TAP_INT(addr_format(text, &a), ADDR_TEXT_MAX - 1, "  and format");
	TAP_INT(addr_other(&a, "XMR", big, ADDR_TEXT_MAX, &err), -1,
	    "192 bytes do not");
	TAP_INT(addr_other(&a, "ABCDEFGHIJKLMNO", big, 183, &err), 0,
	    "15-byte ticker and 183 bytes fill the 200-byte key");
	TAP_INT(a.len, ADDR_KEY_MAX, "  key is 200 bytes");
	TAP_INT(addr_other(&a, "ABCDEFGHIJKLMNO", big, 184, &err), -1,
	    "one byte more does not fit");
	TAP_INT(addr_other(&a, "ABCDEFGHIJKLMNOP", "x", 1, &err), -1,
	    "16-byte ticker fails");
	TAP_INT(addr_other(&a, "", "x", 1, &err), -1, "empty ticker fails");
	TAP_INT(addr_other(&a, "T X", "x", 1, &err), -1,
	    "ticker with a space fails");
	TAP_INT(addr_other(&a, "TRX", "", 0, &err), -1, "empty text fails");
	TAP_STR(err.msg, "empty TRX address", "  message");
	TAP_INT(addr_other(&a, "TRX", "a b", 3, &err), -1,
	    "text with a space fails");
	TAP_STR(err.msg, "bad TRX address 'a b': space or control character",
	    "  message");
	TAP_INT(addr_other(&a, "TRX", "a\tb", 3, &err), -1,
	    "text with a tab fails");
	TAP_INT(addr_other(&a, "TRX", "a\x01", 2, &err), -1,
	    "text with a control byte fails");
	TAP_INT(addr_other(&a, "TRX", "a\x7f", 2, &err), -1,
	    "text with DEL fails");
	TAP_INT(addr_other(&a, "TRX", "a\0b", 3, &err), -1,
	    "text with NUL fails");
	TAP_INT(addr_other(&a, "SOL", "caf\xc3\xa9", 5, &err), 0,
	    "UTF-8 text is kept");
}

/* ---- keys ---- */

static void
test_from_key(void)
{
	static const struct {
		const char	*hex;
		int		 rc;
		const char	*what;
	} cases[] = {
		{ "015aaeb6053f3e94c9b9a09f33669435e7ef1beaed", 0, "ethereum" },
		{ "020062e907b15cbf27d5425399ebf6f0fb50ebb88f18", 0, "p2pkh" },
		{ "0205b472a266d0bd89c13706a4132ccfb16f7c3b9fcb", 0, "p2sh" },
		{ "0210751e76e8199196d454941c45d1b3a323f1433bd6", 0,
		  "segwit v0, 20 bytes" },
		{ "02201863143c14c5166804bd19203356da136c985678cd4d27a1b8c632"
		  "9604903262", 0, "segwit v16, 32 bytes" },
		{ "02101863143c14c5166804bd19203356da136c985678cd4d27a1b8c632"
		  "9604903262", 0, "segwit v0, 32 bytes" },
		{ "0220751e", 0, "segwit v16, 2 bytes" },
		{ "0211751e", 0, "segwit v1, 2 bytes" },
		{ "7f54525800414243", 0, "other TRX 'ABC'" },
		{ "", -1, "empty" },
		{ "015aaeb6053f3e94c9b9a09f33669435e7ef1bea", -1,
		  "ethereum, 19 bytes" },
		{ "015aaeb6053f3e94c9b9a09f33669435e7ef1beaed00", -1,
		  "ethereum, 21 bytes" },
		{ "0201b472a266d0bd89c13706a4132ccfb16f7c3b9fcb", -1,
		  "bitcoin kind 01" },
		{ "020062e907b15cbf27d5425399ebf6f0fb50ebb88f", -1,
		  "p2pkh, 19 bytes" },
		{ "0210751e76e8199196d454941c45d1b3a323f1433b", -1,
		  "segwit v0, 19 bytes" },
		{ "0221751e", -1, "segwit v17" },
		{ "021175", -1, "segwit v1, 1 byte" },
		{ "0211751e76e8199196d454941c45d1b3a323f1433bd6751e76e8199196"
		  "d454941c45d1b3a323f1433bd6aa", -1, "segwit v1, 41 bytes" },
		{ "02", -1, "bitcoin without kind" },
		{ "03", -1, "unknown chain" },
		{ "7f5452580041424300", -1, "other, NUL in text" },
		{ "7f545258414243", -1, "other without NUL" },
		{ "7f0041", -1, "other, empty ticker" },
		{ "7f545258", -1, "other, no text" },
		{ "7f54525800", -1, "other, empty text" },
		{ "7f74727800414243", -1, "other, lower-case ticker" },
		{ "7f5452580041204243", -1, "other, space in text" },
	};
	uint8_t key[ADDR_KEY_MAX + 1];
	struct addr a;
	size_t i, n;

	for (i = 0; i < N(cases); i++) {
		n = strlen(cases[i].hex) / 2;
		hex_decode(key, n, cases[i].hex, 2 * n);
		TAP_INT(addr_from_key(&a, key, n), cases[i].rc,
		    "from_key %s", cases[i].what);
		if (cases[i].rc == 0) {
			tap_ok(a.chain == key[0] && a.len == n &&
			    memcmp(a.key, key, n) == 0 && round_trip(&a),
			    "  rebuilt and round-trips");
		}
	}
	memset(key, 'A', sizeof(key));
	key[0] = ADDR_OTHER;
	key[2] = 0;
	TAP_INT(addr_from_key(&a, key, ADDR_KEY_MAX + 1), -1,
	    "from_key longer than ADDR_KEY_MAX");
}

/* ---- real lists ---- */

static FILE *
open_shared(const char *name, char *path, size_t pathsz)
{
	const char *dir = getenv("SCANNER_SHARED");

	if (dir == NULL) {
		return NULL;
	}
	snprintf(path, pathsz, "%s/watchlist-sources/%s", dir, name);
	return fopen(path, "r");
}

/* Next line without its end-of-line bytes; 0 at end of file. */
static int
next_line(FILE *f, char *buf, size_t sz, size_t *n)
{
	if (fgets(buf, (int)sz, f) == NULL) {
		return 0;
	}
	*n = strcspn(buf, "\r\n");
	buf[*n] = '\0';
	return 1;
}

static void
test_blender(void)
{
	char path[4096], line[256];
	struct addr a;
	struct err err;
	size_t n, lines = 0, bad = 0;
	FILE *f;

	f = open_shared("blender-xbt.txt", path, sizeof(path));
	if (f == NULL) {
		tap_ok(1, "# SKIP blender-xbt.txt not found (SCANNER_SHARED)");
		return;
	}
	while (next_line(f, line, sizeof(line), &n)) {
		lines++;
		if (addr_parse(&a, line, n, &err) != 0 ||
		    a.chain != ADDR_BITCOIN || !round_trip(&a)) {
			bad++;
			printf("# %s: %s\n", line, err.msg);
		}
	}
	fclose(f);
	TAP_INT(lines, 46, "blender-xbt.txt has 46 lines");
	TAP_INT(bad, 0, "every Blender.io address parses as bitcoin");
}

static void
test_ofac_xbt(void)
{
	char path[4096], line[256];
	struct addr a;
	struct err err;
	size_t n, lines = 0, btc = 0, segwit = 0, other = 0;
	FILE *f;

	f = open_shared("ofac-xbt.txt", path, sizeof(path));
	if (f == NULL) {
		tap_ok(1, "# SKIP ofac-xbt.txt not found (SCANNER_SHARED)");
		return;
	}
	while (next_line(f, line, sizeof(line), &n)) {
		lines++;
		if (addr_parse(&a, line, n, &err) == 0) {
			btc += a.chain == ADDR_BITCOIN && round_trip(&a);
			segwit += a.key[1] >= ADDR_BTC_SEGWIT;
			continue;
		}
		/* DESIGN.md: one 'XBT' entry is a Tron address. */
		printf("# not bitcoin: %s\n", err.msg);
		other += line[0] == 'T' &&
		    addr_other(&a, "XBT", line, n, &err) == 0;
	}
	fclose(f);
	printf("# ofac-xbt.txt: %zu lines, %zu bitcoin (%zu segwit), "
	    "%zu kept as other\n", lines, btc, segwit, other);
	TAP_INT(btc + other, lines, "every OFAC XBT line is bitcoin or kept");
	TAP_INT(other, 1, "exactly one OFAC XBT entry (Tron) is not bitcoin");
}

static void
test_ofac_eth(void)
{
	char path[4096], line[256], low[256];
	struct addr a, b;
	struct err err;
	size_t n, i, lines = 0, bad = 0, lower = 0, valid = 0, badsum = 0;
	FILE *f;

	f = open_shared("ofac-eth.txt", path, sizeof(path));
	if (f == NULL) {
		tap_ok(1, "# SKIP ofac-eth.txt not found (SCANNER_SHARED)");
		return;
	}
	while (next_line(f, line, sizeof(line), &n)) {
		if (strncmp(line, "0x", 2) != 0) {
			continue;
		}
		lines++;
		for (i = 0; i <= n; i++) {
			low[i] = (char)(line[i] >= 'A' && line[i] <= 'Z' ?
			    line[i] | 0x20 : line[i]);
		}
		if (addr_parse(&b, low, n, &err) != 0 || !round_trip(&b)) {
			bad++;
			printf("# %s: %s\n", low, err.msg);
			continue;
		}
		if (strcmp(low, line) == 0) {
			lower++;
		} else if (addr_parse(&a, line, n, &err) == 0) {
			valid++;
			bad += !same_key(&a, &b);
		} else {
			/* OFAC's own case: reported, not a failure here. */
			badsum++;
			printf("# %s\n", err.msg);
		}
	}
	fclose(f);
	printf("# ofac-eth.txt: %zu addresses: %zu all lower case, %zu "
	    "valid EIP-55, %zu mixed case with a bad checksum\n", lines,
	    lower, valid, badsum);
	TAP_INT(bad, 0, "every OFAC ETH address parses in lower case");
	tap_ok(lines > 0 && lower + valid + badsum == lines,
	    "every OFAC ETH address classified (%zu)", lines);
}

int
main(void)
{
	test_eip55();
	test_eth_bad();
	test_eth_raw();
	test_segwit_valid();
	test_segwit_invalid();
	test_segwit_encode_bad();
	test_base58();
	test_base58_bad();
	test_other();
	test_from_key();
	test_blender();
	test_ofac_xbt();
	test_ofac_eth();
	return tap_done();
}
