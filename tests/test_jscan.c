/*
 * test_jscan.c - the strict JSON scanner (scanner/fetch/jscan.h) and the
 * fast decoders built on it (decode_block_fast, decode_receipts_fast in
 * decode_int.h):
 *
 * 1. Known answers for the scanner: RFC 8259's grammar (sections 2-7:
 *    values, objects, arrays, numbers, strings and their escapes, the
 *    four whitespace bytes) and RFC 3629's UTF-8 (no overlong forms,
 *    no surrogates, nothing past U+10FFFF); rejection of trailing
 *    commas, bad escapes, control characters, unterminated text, deep
 *    nesting and duplicate keys; the value views it returns.
 * 2. The fast path's known answers: what it takes, what it leaves to
 *    jansson (escapes, duplicate keys, an error object, a null result,
 *    exponents, odd shapes), with decode_block_text() still giving
 *    jansson's result and message.
 * 3. Differential, on real data: every *.json of
 *    $SCANNER_SHARED/mainnet-corpus and every response of the
 *    cassettes (fixtures/NAME/cassettes/NAME.io): when the fast path
 *    accepts, the jansson
 *    path accepts and fills an identical struct (tests/fuzz/block_diff.h).
 * 4. Mutations: a seeded PRNG mutates corpus blocks (byte flips,
 *    truncations, insertions of quotes, backslashes, braces, duplicated
 *    slices) 24,000 times, and receipt lists cut from the corpus 8,000
 *    times, asserting the same implication.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "decode.h"
#include "decode_int.h"
#include "fuzz/block_diff.h"
#include "hex.h"
#include "jscan.h"
#include "tap.h"

#define MUTATIONS	24000	/* of blocks */
#define RMUTATIONS	8000	/* of receipt lists */

/* ---- 1. the scanner ---- */

static const struct {
	const char		*text;
	size_t			 len;	/* 0: strlen */
	enum jscan_error	 want;
} grammar[] = {
	/* RFC 8259 section 2: any value at the top, whitespace around */
	{ "{}", 0, JSCAN_OK },
	{ "[]", 0, JSCAN_OK },
	{ " \t\r\n{ \"a\" : [ 1 , 2 ] }\n", 0, JSCAN_OK },
	{ "1", 0, JSCAN_OK },
	{ "\"x\"", 0, JSCAN_OK },
	{ "true", 0, JSCAN_OK },
	{ "null", 0, JSCAN_OK },
	{ "[true,false,null]", 0, JSCAN_OK },
	{ "{\"a\":{\"b\":{\"c\":[[[]]]}}}", 0, JSCAN_OK },
	/* section 6: numbers */
	{ "[0,-0,1,-1,10,0.5,-0.25,1e5,1E+5,1e-5,12.5e3]", 0, JSCAN_OK },
	{ "[01]", 0, JSCAN_E_SYNTAX },
	{ "[1.]", 0, JSCAN_E_SYNTAX },
	{ "[.5]", 0, JSCAN_E_SYNTAX },
	{ "[-]", 0, JSCAN_E_SYNTAX },
	{ "[+1]", 0, JSCAN_E_SYNTAX },
	{ "[1e]", 0, JSCAN_E_SYNTAX },
	{ "[1e+]", 0, JSCAN_E_SYNTAX },
	{ "[0x10]", 0, JSCAN_E_SYNTAX },
	{ "[Infinity]", 0, JSCAN_E_SYNTAX },
	/* section 7: strings and escapes */
	{ "[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"]", 0, JSCAN_OK },
	{ "[\"\\u00e9\\u20AC\"]", 0, JSCAN_OK },
	{ "[\"\\ud83d\\ude00\"]", 0, JSCAN_OK },	/* U+1F600, a pair */
	{ "[\"\\x\"]", 0, JSCAN_E_SYNTAX },
	{ "[\"\\u12G4\"]", 0, JSCAN_E_SYNTAX },
	{ "[\"\\u12\"]", 0, JSCAN_E_SYNTAX },
	{ "[\"\\ud800\"]", 0, JSCAN_E_SYNTAX },	/* high surrogate alone */
	{ "[\"\\ud800\\u0041\"]", 0, JSCAN_E_SYNTAX },
	{ "[\"\\udc00\"]", 0, JSCAN_E_SYNTAX },	/* low surrogate alone */
	{ "[\"a\tb\"]", 0, JSCAN_E_SYNTAX },		/* control character */
	{ "[\"a\nb\"]", 0, JSCAN_E_SYNTAX },
	{ "[\"a\x01\"]", 0, JSCAN_E_SYNTAX },
	{ "[\"a\0b\"]", 6, JSCAN_E_SYNTAX },
	{ "['a']", 0, JSCAN_E_SYNTAX },
	/* RFC 3629 UTF-8 */
	{ "[\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"]", 0, JSCAN_OK },
	{ "[\"\xc3\x28\"]", 0, JSCAN_E_SYNTAX },	/* bad continuation */
	{ "[\"\xc0\xaf\"]", 0, JSCAN_E_SYNTAX },	/* overlong '/' */
	{ "[\"\xe0\x80\xaf\"]", 0, JSCAN_E_SYNTAX },	/* overlong, 3 bytes */
	{ "[\"\xed\xa0\x80\"]", 0, JSCAN_E_SYNTAX },	/* a surrogate */
	{ "[\"\xf4\x90\x80\x80\"]", 0, JSCAN_E_SYNTAX },	/* > U+10FFFF */
	{ "[\"\xe2\x82\"]", 0, JSCAN_E_SYNTAX },	/* cut short */
	{ "[\"\xff\"]", 0, JSCAN_E_SYNTAX },
	{ "\xef\xbb\xbf{}", 0, JSCAN_E_SYNTAX },	/* a BOM is not JSON */
	/* trailing commas and other punctuation */
	{ "[1,]", 0, JSCAN_E_SYNTAX },
	{ "{\"a\":1,}", 0, JSCAN_E_SYNTAX },
	{ "[,1]", 0, JSCAN_E_SYNTAX },
	{ "{,}", 0, JSCAN_E_SYNTAX },
	{ "[1 2]", 0, JSCAN_E_SYNTAX },
	{ "{\"a\" 1}", 0, JSCAN_E_SYNTAX },
	{ "{\"a\"}", 0, JSCAN_E_SYNTAX },
	{ "{a:1}", 0, JSCAN_E_SYNTAX },
	{ "{1:1}", 0, JSCAN_E_SYNTAX },
	{ "[1]]", 0, JSCAN_E_SYNTAX },
	{ "[1}", 0, JSCAN_E_SYNTAX },
	{ "[tru]", 0, JSCAN_E_SYNTAX },
	{ "[nul]", 0, JSCAN_E_SYNTAX },
	{ "[True]", 0, JSCAN_E_SYNTAX },
	{ "[] []", 0, JSCAN_E_SYNTAX },
	{ "[1]x", 0, JSCAN_E_SYNTAX },
	{ "[1]\0", 4, JSCAN_E_SYNTAX },
	{ "[1,\0]", 5, JSCAN_E_SYNTAX },
	{ "[1]\f", 0, JSCAN_E_SYNTAX },	/* form feed is not whitespace */
	/* unterminated */
	{ "", 0, JSCAN_E_SYNTAX },
	{ "   ", 0, JSCAN_E_SYNTAX },
	{ "[", 0, JSCAN_E_SYNTAX },
	{ "[1", 0, JSCAN_E_SYNTAX },
	{ "{\"a\":", 0, JSCAN_E_SYNTAX },
	{ "{\"a\":1", 0, JSCAN_E_SYNTAX },
	{ "[\"abc", 0, JSCAN_E_SYNTAX },
	{ "[\"abc\\", 0, JSCAN_E_SYNTAX },
	{ "[\"0123456789abcdef0123", 0, JSCAN_E_SYNTAX },
	/* duplicate keys (jansson's JSON_REJECT_DUPLICATES) */
	{ "{\"a\":1,\"a\":2}", 0, JSCAN_E_DUP },
	{ "[{\"b\":{\"x\":1,\"y\":2,\"x\":3}}]", 0, JSCAN_E_DUP },
	{ "{\"a\":1,\"A\":2,\"ab\":3}", 0, JSCAN_OK },
	{ "[{\"a\":1},{\"a\":1}]", 0, JSCAN_OK },
};

static void
test_grammar(void)
{
	enum jscan_error e;
	size_t i, len;
	int rc;

	for (i = 0; i < sizeof(grammar) / sizeof(grammar[0]); i++) {
		len = grammar[i].len != 0 ? grammar[i].len :
		    strlen(grammar[i].text);
		rc = jscan_validate(grammar[i].text, len, JSCAN_MAX_DEPTH, &e);
		if (!tap_ok(rc == (grammar[i].want == JSCAN_OK ? 0 : -1) &&
		    e == grammar[i].want, "grammar %zu: %s", i,
		    grammar[i].want == JSCAN_OK ? "accepted" : "rejected")) {
			printf("#   text '%.*s' gave rc %d error %d\n",
			    (int)len, grammar[i].text, rc, (int)e);
		}
	}
}

static void
test_depth(void)
{
	char buf[2 * 80 + 1];
	enum jscan_error e;
	int i, d;

	for (d = 63; d <= 65; d++) {
		for (i = 0; i < d; i++) {
			buf[i] = '[';
			buf[d + i] = ']';
		}
		buf[2 * d] = '\0';
		jscan_validate(buf, (size_t)(2 * d), 64, &e);
		TAP_INT(e, d <= 64 ? JSCAN_OK : JSCAN_E_DEPTH,
		    "%d nested arrays with a limit of 64", d);
	}
	/* an object's depth counts the same */
	jscan_validate("{\"a\":{\"b\":{}}}", 14, 2, &e);
	TAP_INT(e, JSCAN_E_DEPTH, "three objects with a limit of 2");
}

/* The views: types, content spans, flags, the failure's offset. */
static void
test_views(void)
{
	static const char text[] = "{\"k\":\"0xab\",\"e\":\"a\\nb\",\"u\":"
	    "\"\xc3\xa9\",\"n\":-12.5e3,\"big\":1234567890123456789,"
	    "\"t\":true,\"z\":null,\"a\":[]}";
	struct jscan s;
	struct jscan_val k, v;

	jscan_init(&s, text, sizeof(text) - 1, 8);
	tap_ok(jscan_value(&s, &v) == 0 && v.type == JSCAN_OBJECT &&
	    s.depth == 1, "object opened, depth 1");
	TAP_INT(jscan_first(&s, JSCAN_OBJECT), 1, "a member follows");
	tap_ok(jscan_key(&s, &k) == 0 && k.n == 1 && k.p[0] == 'k',
	    "key 'k'");
	tap_ok(jscan_value(&s, &v) == 0 && v.type == JSCAN_STRING &&
	    v.n == 4 && memcmp(v.p, "0xab", 4) == 0 && v.flags == 0,
	    "string view without quotes, no flags");
	TAP_INT(jscan_more(&s, JSCAN_OBJECT), 1, "comma");
	tap_ok(jscan_key(&s, &k) == 0 && jscan_value(&s, &v) == 0 &&
	    v.n == 4 && memcmp(v.p, "a\\nb", 4) == 0 &&
	    v.flags == JSCAN_F_ESCAPE, "escaped string: raw view, flag");
	jscan_more(&s, JSCAN_OBJECT);
	tap_ok(jscan_key(&s, &k) == 0 && jscan_value(&s, &v) == 0 &&
	    v.n == 2 && v.flags == JSCAN_F_UTF8, "UTF-8 string flagged");
	jscan_more(&s, JSCAN_OBJECT);
	tap_ok(jscan_key(&s, &k) == 0 && jscan_value(&s, &v) == 0 &&
	    v.type == JSCAN_NUMBER && v.n == 7 &&
	    memcmp(v.p, "-12.5e3", 7) == 0 &&
	    v.flags == (JSCAN_F_FRAC | JSCAN_F_EXP), "number view, flags");
	jscan_more(&s, JSCAN_OBJECT);
	tap_ok(jscan_key(&s, &k) == 0 && jscan_value(&s, &v) == 0 &&
	    v.flags == JSCAN_F_BIG, "19 digits flagged big");
	jscan_more(&s, JSCAN_OBJECT);
	tap_ok(jscan_key(&s, &k) == 0 && jscan_value(&s, &v) == 0 &&
	    v.type == JSCAN_TRUE, "true");
	jscan_more(&s, JSCAN_OBJECT);
	tap_ok(jscan_key(&s, &k) == 0 && jscan_value(&s, &v) == 0 &&
	    v.type == JSCAN_NULL, "null");
	jscan_more(&s, JSCAN_OBJECT);
	tap_ok(jscan_key(&s, &k) == 0 && jscan_value(&s, &v) == 0 &&
	    v.type == JSCAN_ARRAY && s.depth == 2, "array opened, depth 2");
	TAP_INT(jscan_first(&s, JSCAN_ARRAY), 0, "empty array closes");
	TAP_INT(jscan_more(&s, JSCAN_OBJECT), 0, "object closes");
	tap_ok(s.depth == 0 && jscan_end(&s) == 0, "document ends");
	TAP_INT(s.seen, JSCAN_F_ESCAPE | JSCAN_F_UTF8 | JSCAN_F_FRAC |
	    JSCAN_F_EXP | JSCAN_F_BIG, "flags gathered in seen");

	/* the failure sticks and says where */
	jscan_init(&s, "[1,2,]", 6, 8);
	jscan_value(&s, &v);
	jscan_skip(&s, &v);
	tap_ok(s.error == JSCAN_E_SYNTAX && jscan_offset(&s) == 5,
	    "trailing comma fails at offset 5");
	tap_ok(jscan_value(&s, &v) == -1 && jscan_end(&s) == -1,
	    "every call fails after a failure");
}

/*
 * hex_decode() takes eight digits at a time: every byte value in every
 * position of a 16-digit text must give what a digit-by-digit reference
 * gives (the bytes, or a refusal).
 */
static int
ref_hex(uint8_t *out, const unsigned char *s, size_t n)
{
	size_t i;
	int d[2], k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < 2; k++) {
			d[k] = s[2 * i + k] >= '0' && s[2 * i + k] <= '9' ?
			    s[2 * i + k] - '0' :
			    (s[2 * i + k] | 0x20) >= 'a' &&
			    (s[2 * i + k] | 0x20) <= 'f' ?
			    (s[2 * i + k] | 0x20) - 'a' + 10 : -1;
			if (d[k] < 0) {
				return -1;
			}
		}
		out[i] = (uint8_t)(d[0] << 4 | d[1]);
	}
	return 0;
}

static void
test_hex_lanes(void)
{
	unsigned char text[20] = "0123456789abcDEF0a1b";
	uint8_t got[10], want[10];
	size_t pos, bad = 0;
	int c, rg, rw;

	for (pos = 0; pos < sizeof(text); pos++) {
		for (c = 0; c < 256; c++) {
			text[pos] = (unsigned char)c;
			rg = hex_decode(got, 10, (const char *)text, 20);
			rw = ref_hex(want, text, 10);
			if (rg != rw || (rg == 0 &&
			    memcmp(got, want, 10) != 0)) {
				bad++;
			}
		}
		text[pos] = (unsigned char)"0123456789abcDEF0a1b"[pos];
	}
	TAP_INT(bad, 0, "hex_decode: every byte in every position (20 x 256)");
	tap_ok(hex_decode(got, 10, (const char *)text, 20) == 0 &&
	    got[0] == 0x01 && got[6] == 0xcd && got[7] == 0xef &&
	    got[9] == 0x1b,
	    "hex_decode: mixed case known answer");
}

/* ---- 2. the fast path's known answers ---- */

/* Block 0 of mainnet (genesis), as geth sends it: no transactions. */
#define GENESIS_FIELDS							\
	"\"difficulty\":\"0x400000000\",\"extraData\":\"0x11bbe8db4e347b4e"\
	"8c937c1c8370e4b5ed33adb3db69cbdb7a38e1e50b1b82fa\",\"gasLimit\":"\
	"\"0x1388\",\"gasUsed\":\"0x0\",\"hash\":\"0xd4e56740f876aef8c010b"\
	"86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3\",\"logsBloom\":\"0x"\
	Z64 Z64 Z64 Z64 Z64 Z64 Z64 Z64 "\",\"miner\":\"0x000000000000000"\
	"0000000000000000000000000\",\"mixHash\":\"0x" Z64 "\",\"nonce\":"\
	"\"0x0000000000000042\",\"number\":\"0x0\",\"parentHash\":\"0x" Z64\
	"\",\"receiptsRoot\":\"0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b99"\
	"6cadc001622fb5e363b421\",\"sha3Uncles\":\"0x1dcc4de8dec75d7aab85b5"\
	"67b6ccd41ad312451b948a7413f0a142fd40d49347\",\"size\":\"0x21c\","\
	"\"stateRoot\":\"0xd7f8974fb5ac78d9ac099b9ad5018bedc2ce0a72dad1827a"\
	"1709da30580f0544\",\"timestamp\":\"0x0\",\"totalDifficulty\":"\
	"\"0x400000000\",\"transactionsRoot\":\"0x56e81f171bcc55a6ff8345e69"\
	"2c0f86e5b48e01b996cadc001622fb5e363b421\",\"uncles\":[]"
#define Z64	"00000000000000000000000000000000" \
	"00000000000000000000000000000000"

static const struct {
	const char	*what;
	const char	*text;
	int		 fast;		/* decode_block_fast's answer */
	int		 rc;		/* decode_block_text's */
	const char	*msg;		/* its message when rc is -1 */
} fastcases[] = {
	{ "envelope", "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{"
	    GENESIS_FIELDS ",\"transactions\":[]}}", 1, 1, NULL },
	{ "bare result", "{" GENESIS_FIELDS ",\"transactions\":[]}", 1, 1,
	    NULL },
	{ "envelope without jsonrpc", "{\"id\":7,\"result\":{"
	    GENESIS_FIELDS ",\"transactions\":[]}}", 1, 1, NULL },
	{ "error null beside the result", "{\"jsonrpc\":\"2.0\",\"id\":1,"
	    "\"error\":null,\"result\":{" GENESIS_FIELDS
	    ",\"transactions\":[]}}", 1, 1, NULL },
	{ "tx hashes", "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{"
	    GENESIS_FIELDS ",\"transactions\":[\"0x" Z64 "\"]}}", 1, 1, NULL },
	{ "escaped key left to jansson", "{\"jsonrpc\":\"2.0\",\"id\":1,"
	    "\"result\":{" GENESIS_FIELDS ",\"transaction\\u0073\":[]}}", 0,
	    1, NULL },
	{ "escape in an unknown member left to jansson", "{\"jsonrpc\":"
	    "\"2.0\",\"id\":\"a\\/b\",\"result\":{" GENESIS_FIELDS
	    ",\"transactions\":[]}}", 0, 1, NULL },
	{ "exponent in the id left to jansson", "{\"jsonrpc\":\"2.0\","
	    "\"id\":1e2,\"result\":{" GENESIS_FIELDS ",\"transactions\":[]}}",
	    0, 1, NULL },
	{ "duplicate key", "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{"
	    GENESIS_FIELDS ",\"transactions\":[],\"number\":\"0x1\"}}", 0, -1,
	    "eth_getBlockByNumber: invalid JSON at line 1 column 1479: "
	    "duplicate object key near '\"number\"'" },
	{ "duplicate unknown key", "{\"jsonrpc\":\"2.0\",\"id\":1,\"x\":1,"
	    "\"x\":2,\"result\":{" GENESIS_FIELDS ",\"transactions\":[]}}", 0,
	    -1, "eth_getBlockByNumber: invalid JSON at line 1 column 33: "
	    "duplicate object key near '\"x\"'" },
	{ "error object", "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{"
	    "\"code\":-32000,\"message\":\"header not found\"}}", 0, -1,
	    "eth_getBlockByNumber: node error -32000: header not found" },
	{ "null result", "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}",
	    0, 0, NULL },
	{ "missing transactions", "{\"jsonrpc\":\"2.0\",\"id\":1,"
	    "\"result\":{" GENESIS_FIELDS "}}", 0, -1,
	    "eth_getBlockByNumber block 0: transactions: missing" },
	{ "upper-case 0X", "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{"
	    GENESIS_FIELDS ",\"transactions\":[],\"baseFeePerGas\":\"0X1\"}}",
	    0, -1, "eth_getBlockByNumber block 0: baseFeePerGas: expected a "
	    "hex quantity, got \"0X1\"" },
	{ "trailing comma", "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{"
	    GENESIS_FIELDS ",\"transactions\":[],}}", 0, -1, NULL },
	{ "top-level array", "[{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":"
	    "null}]", 0, -1, NULL },
	{ "not JSON", "<html>502 Bad Gateway</html>", 0, -1, NULL },
};

static void
test_fast_cases(void)
{
	struct decode_opts o = { 0 };
	struct eth_block a, b;
	struct err err;
	char why[256];
	size_t i, len;
	int fast, rc;

	o.flags = DECODE_FULL_TXS;
	for (i = 0; i < sizeof(fastcases) / sizeof(fastcases[0]); i++) {
		len = strlen(fastcases[i].text);
		fast = decode_block_fast(&a, fastcases[i].text, len, NULL);
		TAP_INT(fast, fastcases[i].fast, "fast path: %s",
		    fastcases[i].what);
		memset(&err, 0, sizeof(err));
		rc = decode_block_text(&b, fastcases[i].text, len, NULL, &err);
		TAP_INT(rc, fastcases[i].rc, "decode_block_text: %s",
		    fastcases[i].what);
		if (fastcases[i].msg != NULL) {
			TAP_STR(err.msg, fastcases[i].msg, "message: %s",
			    fastcases[i].what);
		}
		if (fast == 1) {
			why[0] = '\0';
			tap_ok(rc == 1 && block_equal(&a, &b, why, sizeof(why)),
			    "same block both ways: %s %s", fastcases[i].what,
			    why);
		}
		eth_block_release(&a);
		eth_block_release(&b);
	}
	/* tx hashes where full transactions are asked for: jansson's
	   message */
	len = strlen(fastcases[4].text);
	TAP_INT(decode_block_fast(&a, fastcases[4].text, len, &o), 0,
	    "hashes declined when DECODE_FULL_TXS");
	rc = decode_block_text(&b, fastcases[4].text, len, &o, &err);
	TAP_INT(rc, -1, "hashes refused when DECODE_FULL_TXS");
	TAP_STR(err.msg, "eth_getBlockByNumber block 0: transactions[0]: "
	    "expected a transaction object, got \"0x0000000000000000000000"
	    "0000000000000000...\" (66 chars)", "jansson's message");
	/* the values the fast path filled */
	len = strlen(fastcases[0].text);
	decode_block_fast(&a, fastcases[0].text, len, NULL);
	tap_ok(a.h.number == 0 && a.h.gas_limit == 5000 &&
	    a.h.difficulty.w[0] == UINT64_C(0x400000000) &&
	    a.h.nonce[7] == 0x42 && a.h.extra_len == 32 &&
	    a.h.extra[0] == 0x11 && a.h.hash.b[0] == 0xd4 &&
	    a.h.hash.b[31] == 0xa3 && a.ntxs == 0 && a.txs == NULL &&
	    a.h.has == 0 && !a.has_withdrawals,
	    "genesis: number, gas limit, difficulty, nonce, extra, hash");
	eth_block_release(&a);
	/* a cap the block does not fit in: left to jansson, which says so */
	o.flags = 0;
	o.cap = 16;
	TAP_INT(decode_block_fast(&a, fastcases[0].text, len, &o), 0,
	    "past the arena cap: declined");
	TAP_INT(decode_block_text(&b, fastcases[0].text, len, &o, &err), -1,
	    "past the arena cap: jansson's error");
}

/* One receipt with one log; IDX is its transactionIndex digit. */
#define H(b)	"\"0x" b b b b b b b b b b b b b b b b b b b b b b b b b b b b \
	b b b b "\""
#define A(b)	"\"0x" b b b b b b b b b b b b b b b b b b b b "\""
#define RECEIPT(IDX, EXTRA)						\
	"{\"blockHash\":" H("11") ",\"blockNumber\":\"0x1\","	\
	"\"contractAddress\":null,\"cumulativeGasUsed\":\"0x5208\","	\
	"\"from\":" A("22") ",\"gasUsed\":\"0x5208\",\"logs\":[{"	\
	"\"address\":" A("33") ",\"topics\":[" H("44") "],\"data\":"	\
	"\"0x0102\",\"blockNumber\":\"0x1\",\"transactionHash\":"	\
	H("55") ",\"transactionIndex\":\"0x" IDX "\",\"logIndex\":"	\
	"\"0x" IDX "\",\"removed\":false}],\"logsBloom\":\"0x"	\
	Z64 Z64 Z64 Z64 Z64 Z64 Z64 Z64 "\",\"status\":\"0x1\",\"to\":"	\
	A("66") ",\"transactionHash\":" H("55") ",\"transactionIndex\":"\
	"\"0x" IDX "\",\"type\":\"0x2\",\"effectiveGasPrice\":"	\
	"\"0x3b9aca00\"" EXTRA "}"
#define ENVELOPE(r)	"{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":" r "}"

static const struct {
	const char	*what;
	const char	*text;
	int		 fast;
	int		 rc;
	size_t		 n;
	const char	*msg;
} rcases[] = {
	{ "one receipt", ENVELOPE("[" RECEIPT("0", "") "]"), 1, 1, 1, NULL },
	{ "bare list", "[" RECEIPT("0", "") "]", 1, 1, 1, NULL },
	{ "out of order", ENVELOPE("[" RECEIPT("1", "") ","
	    RECEIPT("0", "") "]"), 1, 1, 2, NULL },
	{ "empty list", ENVELOPE("[]"), 1, 1, 0, NULL },
	{ "index twice", ENVELOPE("[" RECEIPT("0", "") "," RECEIPT("0", "")
	    "]"), 0, -1, 0, "eth_getBlockReceipts block 1: [1]: "
	    "transactionIndex 0 repeats" },
	{ "root beside status", ENVELOPE("[" RECEIPT("0", ",\"root\":"
	    H("77")) "]"), 0, -1, 0, "eth_getBlockReceipts block 1: [0].root: "
	    "sent beside status (one or the other: EIP-658)" },
	{ "empty root beside status", ENVELOPE("[" RECEIPT("0",
	    ",\"root\":\"0x\"") "]"), 1, 1, 1, NULL },
	{ "a block, not receipts", ENVELOPE("{\"number\":\"0x1\"}"), 0,
	    -1, 0, "eth_getBlockReceipts: expected an array of receipts, got "
	    "an object" },
};

static void
test_fast_receipts(void)
{
	struct eth_receipts a, b;
	struct err err;
	char why[256];
	size_t i, len;
	int fast, rc;

	for (i = 0; i < sizeof(rcases) / sizeof(rcases[0]); i++) {
		len = strlen(rcases[i].text);
		fast = decode_receipts_fast(&a, rcases[i].text, len, NULL);
		TAP_INT(fast, rcases[i].fast, "receipts fast path: %s",
		    rcases[i].what);
		memset(&err, 0, sizeof(err));
		rc = decode_receipts_text(&b, rcases[i].text, len, NULL,
		    &err);
		TAP_INT(rc, rcases[i].rc, "decode_receipts_text: %s",
		    rcases[i].what);
		if (rcases[i].msg != NULL) {
			TAP_STR(err.msg, rcases[i].msg, "message: %s",
			    rcases[i].what);
		}
		if (fast == 1) {
			why[0] = '\0';
			tap_ok(rc == 1 && b.n == rcases[i].n &&
			    receipts_equal(&a, &b, why, sizeof(why)),
			    "same receipts both ways: %s %s",
			    rcases[i].what, why);
		}
		eth_receipts_release(&a);
		eth_receipts_release(&b);
	}
	/* the values, put in transaction order */
	len = strlen(rcases[2].text);
	decode_receipts_fast(&a, rcases[2].text, len, NULL);
	tap_ok(a.n == 2 && a.r[0].tx_index == 0 && a.r[1].tx_index == 1 &&
	    a.r[1].logs[0].log_index == 1 && a.r[0].type == 2 &&
	    a.r[0].has_status && a.r[0].status == 1 && a.r[0].has_from &&
	    a.r[0].from.b[0] == 0x22 && a.r[0].has_to &&
	    !a.r[0].has_contract && a.r[0].cumulative_gas == 21000 &&
	    a.r[0].has_gas_price &&
	    a.r[0].effective_gas_price.w[0] == 1000000000 &&
	    a.r[0].nlogs == 1 && a.r[0].logs[0].ntopics == 1 &&
	    a.r[0].logs[0].topics[0].b[31] == 0x44 &&
	    a.r[0].logs[0].data_len == 2 && a.r[0].logs[0].data[1] == 2 &&
	    !a.r[0].logs[0].removed, "receipts: fields and order");
	eth_receipts_release(&a);
}

/* ---- 3. differential on real data ---- */

struct tally {
	size_t		 files, fast, bad;
	size_t		 blocks_fast;	/* with transaction objects */
	size_t		 receipts_fast;	/* receipt lists taken */
};

static char *
slurp(const char *path, size_t *lenp)
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
			*lenp = (size_t)len;
		}
	}
	fclose(f);
	return buf;
}

/* Both option sets: transaction objects required, or not. */
static void
diff_text(struct tally *t, const char *name, const char *text, size_t len)
{
	struct decode_opts o = { 0 };
	struct eth_block b;
	char why[256];
	int fast, k;

	for (k = 0; k < 2; k++) {
		o.flags = k == 0 ? 0 : DECODE_FULL_TXS;
		why[0] = '\0';
		if (!block_diff(text, len, &o, &fast, why, sizeof(why))) {
			t->bad++;
			printf("# %s (flags %u): %s\n", name, o.flags, why);
		}
		if (fast == 1 && k == 1) {
			t->fast++;
			decode_block_fast(&b, text, len, &o);
			t->blocks_fast += b.ntxs > 0;
			eth_block_release(&b);
		}
	}
	why[0] = '\0';
	if (!receipts_diff(text, len, NULL, &fast, why, sizeof(why))) {
		t->bad++;
		printf("# %s (receipts): %s\n", name, why);
	}
	t->receipts_fast += fast == 1;
	t->files++;
}

static void
walk(struct tally *t, const char *dir, size_t root)
{
	char path[4096];
	struct dirent *de;
	struct stat st;
	size_t len, n;
	char *s;
	DIR *d = opendir(dir);

	if (d == NULL) {
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.') {
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (stat(path, &st) == -1) {
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			walk(t, path, root);
			continue;
		}
		n = strlen(de->d_name);
		if (n < 5 || strcmp(de->d_name + n - 5, ".json") != 0) {
			continue;
		}
		s = slurp(path, &len);
		if (s != NULL) {
			diff_text(t, path + root, s, len);
		}
		free(s);
	}
	closedir(d);
}

static void
test_corpus(void)
{
	const char *shared = getenv("SCANNER_SHARED");
	struct tally t = { 0 };
	char dir[4096];

	if (!tap_have_shared("mainnet-corpus/PROVENANCE.md",
	    "differential over the mainnet corpus")) {
		return;
	}
	snprintf(dir, sizeof(dir), "%s/mainnet-corpus", shared);
	walk(&t, dir, strlen(dir) + 1);
	printf("# corpus: %zu files, fast path took %zu, %zu blocks with "
	    "transactions, %zu receipt lists\n", t.files, t.fast,
	    t.blocks_fast, t.receipts_fast);
	tap_ok(t.files >= 300, "corpus: %zu json files read", t.files);
	TAP_INT(t.bad, 0, "corpus: fast path accepts => jansson accepts, "
	    "same struct");
	/* the bench's 40 blocks and the others in the same forms */
	tap_ok(t.blocks_fast >= 40, "corpus: fast path took %zu blocks with "
	    "transactions", t.blocks_fast);
	/* eth_getBlockReceipts of ethereum-etl, helios' receipts.json */
	tap_ok(t.receipts_fast >= 2, "corpus: fast path took %zu receipt "
	    "lists", t.receipts_fast);
}

/* Each "<< " response line of each cassette. */
static void
test_cassettes(void)
{
	const char *src = getenv("SCANNER_SRC");
	struct tally t = { 0 };
	char dir[4096], path[4096 + 512], *s, *line, *nl;
	struct dirent *de, *ce;
	size_t len, n;
	DIR *d, *c;

	if (src == NULL) {
		tap_ok(1, "# SKIP cassettes: SCANNER_SRC is not set");
		return;
	}
	snprintf(dir, sizeof(dir), "%s/fixtures", src);
	d = opendir(dir);
	if (!tap_ok(d != NULL, "fixtures directory at %s", dir)) {
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.') {
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s/cassettes", dir,
		    de->d_name);
		c = opendir(path);
		if (c == NULL) {
			continue;
		}
		while ((ce = readdir(c)) != NULL) {
			n = strlen(ce->d_name);
			if (n < 3 || strcmp(ce->d_name + n - 3, ".io") != 0) {
				continue;
			}
			snprintf(path, sizeof(path), "%s/%s/cassettes/%s", dir,
			    de->d_name, ce->d_name);
			s = slurp(path, &len);
			for (line = s; line != NULL && *line != '\0';
			    line = nl != NULL ? nl + 1 : NULL) {
				nl = strchr(line, '\n');
				if (strncmp(line, "<< ", 3) == 0) {
					len = nl != NULL ?
					    (size_t)(nl - line - 3) :
					    strlen(line + 3);
					diff_text(&t, ce->d_name, line + 3,
					    len);
				}
			}
			free(s);
		}
		closedir(c);
	}
	closedir(d);
	printf("# cassettes: %zu responses, fast path took %zu blocks, %zu "
	    "receipt lists\n", t.files, t.fast, t.receipts_fast);
	tap_ok(t.files > 0, "cassettes: %zu responses read", t.files);
	tap_ok(t.fast > 0, "cassettes: fast path took %zu blocks", t.fast);
	tap_ok(t.receipts_fast > 0, "cassettes: fast path took %zu receipt "
	    "lists", t.receipts_fast);
	TAP_INT(t.bad, 0, "cassettes: fast path accepts => jansson accepts, "
	    "same struct");
}

/* ---- 4. mutations ---- */

/* xorshift64* (Vigna 2016): deterministic across platforms. */
static uint64_t
rnd(uint64_t *st)
{
	*st ^= *st >> 12;
	*st ^= *st << 25;
	*st ^= *st >> 27;
	return *st * UINT64_C(2685821657736338717);
}

struct seed {
	char		*s;
	size_t		 len;
};

/*
 * A small block cut from a big one: its header and at most 4 of its
 * transactions, those of types 1, 3 and 4 first (access lists, blob
 * hashes, authorizations), re-indexed to their new positions.
 * Returns: the text (free it), or NULL.
 */
static char *
mini_block(const char *text, size_t len)
{
	json_t *root = json_loadb(text, len, 0, NULL), *blk, *txs, *pick, *tx;
	const char *type;
	char idx[24], *out = NULL;
	size_t i, pass;

	if (root == NULL) {
		return NULL;
	}
	blk = json_object_get(root, "result");
	if (!json_is_object(blk)) {
		blk = root;
	}
	txs = json_object_get(blk, "transactions");
	pick = json_array();
	for (pass = 0; pass < 2 && pick != NULL; pass++) {
		json_array_foreach(txs, i, tx) {
			type = json_string_value(json_object_get(tx, "type"));
			if (json_array_size(pick) == 4 ||
			    (type != NULL && (strcmp(type, "0x1") == 0 ||
			    strcmp(type, "0x3") == 0 ||
			    strcmp(type, "0x4") == 0)) != (pass == 0)) {
				continue;
			}
			json_array_append(pick, tx);
		}
	}
	json_array_foreach(pick, i, tx) {
		snprintf(idx, sizeof(idx), "0x%zx", i);
		json_object_set_new(tx, "transactionIndex", json_string(idx));
	}
	if (pick != NULL && json_array_size(pick) > 0 &&
	    json_object_set(blk, "transactions", pick) == 0) {
		out = json_dumps(root, JSON_COMPACT);
	}
	json_decref(pick);
	json_decref(root);
	return out;
}

/*
 * The seeds: corpus blocks of at most 64 KB the fast path takes, and a
 * small block cut from each bigger one.
 */
static size_t
seeds_walk(struct seed *out, size_t cap, size_t n, const char *dir)
{
	char path[4096];
	struct eth_block b;
	struct dirent *de;
	struct stat st;
	size_t len;
	char *s, *m;
	DIR *d = opendir(dir);

	if (d == NULL) {
		return n;
	}
	while ((de = readdir(d)) != NULL && n < cap) {
		if (de->d_name[0] == '.') {
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (stat(path, &st) == -1) {
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			n = seeds_walk(out, cap, n, path);
			continue;
		}
		if (strstr(de->d_name, ".json") == NULL) {
			continue;
		}
		s = slurp(path, &len);
		if (s == NULL || decode_block_fast(&b, s, len, NULL) != 1) {
			free(s);
			continue;
		}
		eth_block_release(&b);
		if (st.st_size > 64 * 1024) {
			m = mini_block(s, len);
			free(s);
			s = m;
			len = s != NULL ? strlen(s) : 0;
		}
		if (s != NULL && decode_block_fast(&b, s, len, NULL) == 1) {
			eth_block_release(&b);
			out[n].s = s;
			out[n].len = len;
			n++;
			continue;
		}
		free(s);
	}
	closedir(d);
	return n;
}

/*
 * A receipt list of at most 4 from a corpus receipt or receipt list,
 * re-indexed (receipts and their logs) to their new positions.
 * Returns: the text (free it), or NULL.
 */
static char *
mini_receipts(const char *text, size_t len)
{
	json_t *root = json_loadb(text, len, 0, NULL), *res, *list, *r, *l;
	char idx[24], *out = NULL;
	size_t i, k;

	if (root == NULL) {
		return NULL;
	}
	res = json_object_get(root, "result");
	if (res == NULL) {
		res = root;
	}
	list = json_array();
	if (json_is_object(res)) {
		json_array_append(list, res);
	}
	json_array_foreach(res, i, r) {
		if (i < 4) {
			json_array_append(list, r);
		}
	}
	json_array_foreach(list, i, r) {
		snprintf(idx, sizeof(idx), "0x%zx", i);
		json_object_set_new(r, "transactionIndex", json_string(idx));
		json_array_foreach(json_object_get(r, "logs"), k, l) {
			json_object_set_new(l, "transactionIndex",
			    json_string(idx));
		}
	}
	if (list != NULL && json_array_size(list) > 0) {
		res = json_pack("{s:s,s:i,s:O}", "jsonrpc", "2.0", "id", 1,
		    "result", list);
		out = res != NULL ? json_dumps(res, JSON_COMPACT) : NULL;
		json_decref(res);
	}
	json_decref(list);
	json_decref(root);
	return out;
}

/* Receipt lists cut from every corpus receipt file the fast path
   takes once cut. */
static size_t
rseeds_walk(struct seed *out, size_t cap, size_t n, const char *dir)
{
	char path[4096];
	struct eth_receipts rs;
	struct dirent *de;
	struct stat st;
	size_t len;
	char *s, *m;
	DIR *d = opendir(dir);

	if (d == NULL) {
		return n;
	}
	while ((de = readdir(d)) != NULL && n < cap) {
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (de->d_name[0] == '.' || stat(path, &st) == -1) {
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			n = rseeds_walk(out, cap, n, path);
			continue;
		}
		if (strstr(de->d_name, ".json") == NULL) {
			continue;
		}
		s = slurp(path, &len);
		m = s != NULL && strstr(s, "\"cumulativeGasUsed\"") != NULL ?
		    mini_receipts(s, len) : NULL;
		free(s);
		if (m != NULL && decode_receipts_fast(&rs, m, strlen(m),
		    NULL) == 1) {
			eth_receipts_release(&rs);
			out[n].s = m;
			out[n].len = strlen(m);
			n++;
			continue;
		}
		free(m);
	}
	closedir(d);
	return n;
}

/* One mutation of src into dst (room for len + 64); its length. */
static size_t
mutate(char *dst, const char *src, size_t len, uint64_t *st)
{
	static const char ins[] = "\"\\{}[],:0x-e.9afAF \t\n\x01\x80\xff";
	size_t at = (size_t)(rnd(st) % len), n, from, k;

	memcpy(dst, src, len);
	switch (rnd(st) % 7) {
	case 0:		/* flip a bit */
		dst[at] = (char)(dst[at] ^ (1 << (rnd(st) % 8)));
		return len;
	case 1:		/* truncate */
		return at;
	case 2:		/* insert a special byte */
		memmove(dst + at + 1, dst + at, len - at);
		dst[at] = ins[rnd(st) % (sizeof(ins) - 1)];
		return len + 1;
	case 3:		/* replace a byte */
		dst[at] = ins[rnd(st) % (sizeof(ins) - 1)];
		return len;
	case 4:		/* delete a byte */
		memmove(dst + at, dst + at + 1, len - at - 1);
		return len - 1;
	case 5:		/* duplicate a slice (keys twice, elements twice) */
		from = (size_t)(rnd(st) % len);
		n = 1 + (size_t)(rnd(st) % 64);
		if (from + n > len) {
			n = len - from;
		}
		memmove(dst + at + n, dst + at, len - at);
		memcpy(dst + at, src + from, n);
		return len + n;
	default:	/* change a hex digit's case or to another digit */
		for (k = at; k < len && !(dst[k] >= 'a' && dst[k] <= 'f');
		    k++) {
			continue;
		}
		if (k < len) {
			dst[k] = (char)(rnd(st) % 2 ? dst[k] - 32 : '0' +
			    (int)(rnd(st) % 10));
		}
		return len;
	}
}

static void
test_mutations(void)
{
	const char *shared = getenv("SCANNER_SHARED");
	struct tally t = { 0 };
	struct seed seeds[96];
	char dir[4096], name[64], *buf = NULL;
	uint64_t st = UINT64_C(0x5eed2026);
	size_t nseeds, i, k, len, max = 0;
	unsigned types = 0;

	if (!tap_have_shared("mainnet-corpus/PROVENANCE.md",
	    "mutations of the corpus")) {
		return;
	}
	snprintf(dir, sizeof(dir), "%s/mainnet-corpus", shared);
	nseeds = seeds_walk(seeds, 96, 0, dir);
	tap_ok(nseeds >= 40, "mutations: %zu seed blocks", nseeds);
	for (i = 0; i < nseeds; i++) {
		for (k = 0; k < 5; k++) {
			snprintf(name, sizeof(name), "\"type\":\"0x%zu\"", k);
			types |= strstr(seeds[i].s, name) != NULL ? 1u << k : 0;
		}
	}
	TAP_INT(types, 0x1f, "mutations: seeds hold every tx type");
	for (i = 0; i < nseeds; i++) {
		max = seeds[i].len > max ? seeds[i].len : max;
	}
	buf = malloc(max + 64);
	for (i = 0; buf != NULL && nseeds > 0 && i < MUTATIONS; i++) {
		len = mutate(buf, seeds[i % nseeds].s, seeds[i % nseeds].len,
		    &st);
		snprintf(name, sizeof(name), "mutation %zu", i);
		diff_text(&t, name, buf, len);
	}
	printf("# mutations: %zu inputs, fast path took %zu\n", t.files,
	    t.fast);
	TAP_INT(t.files, MUTATIONS, "mutations: all run");
	TAP_INT(t.bad, 0, "mutations: fast path accepts => jansson accepts, "
	    "same struct");
	tap_ok(t.fast > MUTATIONS / 10 && t.fast < t.files,
	    "mutations: fast path took some (%zu), declined others", t.fast);
	for (i = 0; i < nseeds; i++) {
		free(seeds[i].s);
	}
	/* the same on receipt lists */
	memset(&t, 0, sizeof(t));
	nseeds = rseeds_walk(seeds, 96, 0, dir);
	tap_ok(nseeds >= 5, "receipt mutations: %zu seed lists", nseeds);
	for (i = 0, max = 0; i < nseeds; i++) {
		max = seeds[i].len > max ? seeds[i].len : max;
	}
	free(buf);
	buf = malloc(max + 64);
	for (i = 0; buf != NULL && nseeds > 0 && i < RMUTATIONS; i++) {
		len = mutate(buf, seeds[i % nseeds].s, seeds[i % nseeds].len,
		    &st);
		snprintf(name, sizeof(name), "receipt mutation %zu", i);
		diff_text(&t, name, buf, len);
	}
	printf("# receipt mutations: %zu inputs, fast path took %zu\n",
	    t.files, t.receipts_fast);
	TAP_INT(t.files, RMUTATIONS, "receipt mutations: all run");
	TAP_INT(t.bad, 0, "receipt mutations: fast path accepts => jansson "
	    "accepts, same struct");
	tap_ok(t.receipts_fast > RMUTATIONS / 10 &&
	    t.receipts_fast < t.files, "receipt mutations: fast path took "
	    "some (%zu), declined others", t.receipts_fast);
	for (i = 0; i < nseeds; i++) {
		free(seeds[i].s);
	}
	free(buf);
}

int
main(void)
{
	test_grammar();
	test_depth();
	test_views();
	test_hex_lanes();
	test_fast_cases();
	test_fast_receipts();
	test_corpus();
	test_cassettes();
	test_mutations();
	return tap_done();
}
