/*
 * test_u256.c - exact 256-bit arithmetic. Expected values are exact
 * integers computed with Python's arbitrary-precision int.
 */
#include <stdint.h>
#include <string.h>

#include "u256.h"
#include "tap.h"

#define MAX_DEC	"115792089237316195423570985008687907853269984665640564039457" \
		"584007913129639935"
/* 2^256, one more than fits. */
#define TOO_BIG_DEC "11579208923731619542357098500868790785326998466564056403" \
		"9457584007913129639936"
#define MAX_HEX	"0xffffffffffffffffffffffffffffffff" \
		"ffffffffffffffffffffffffffffffff"
#define TOO_BIG_HEX "0x1" \
		"00000000000000000000000000000000" \
		"00000000000000000000000000000000"

/* 3^100, 7^30, their product, product + 12345 (all < 2^256). */
#define A_DEC	"515377520732011331036461129765621272702107522001"
#define B_DEC	"22539340290692258087863249"
#define AB_DEC	"1161626931795210754339627993422519816714299101296550979237" \
		"7544288346841249"
#define ABR_DEC	"1161626931795210754339627993422519816714299101296550979237" \
		"7544288346853594"

static struct u256
dec(const char *s)
{
	struct u256 v;

	if (u256_from_dec(&v, s, strlen(s)) != 0) {
		printf("# bad test constant %s\n", s);
		u256_zero(&v);
	}
	return v;
}

static void
check_dec(const struct u256 *v, const char *want, const char *what)
{
	char out[U256_DEC_MAX];

	u256_to_dec(out, v);
	TAP_STR(out, want, "%s", what);
}

static void
test_parse(void)
{
	static const struct {
		const char	*text;
		int		 hex;
		int		 rc;
		const char	*dec;
	} cases[] = {
		{ "0", 0, 0, "0" },
		{ "007", 0, 0, "7" },
		{ "18446744073709551616", 0, 0, "18446744073709551616" },
		{ MAX_DEC, 0, 0, MAX_DEC },
		{ TOO_BIG_DEC, 0, -1, NULL },
		{ MAX_DEC "0", 0, -1, NULL },
		{ "", 0, -1, NULL },
		{ "0x", 0, -1, NULL },
		{ "12a", 0, -1, NULL },
		{ "-1", 0, -1, NULL },
		{ " 1", 0, -1, NULL },
		{ "1 ", 0, -1, NULL },
		{ "+1", 0, -1, NULL },
		{ "0x0", 1, 0, "0" },
		{ "0x10", 1, 0, "16" },
		{ "0xDeadBeef", 1, 0, "3735928559" },
		{ "0x10000000000000000", 1, 0, "18446744073709551616" },
		{ MAX_HEX, 1, 0, MAX_DEC },
		{ "0x0000000000000000000000000000000000000000000000000000000000"
		  "000001", 1, 0, "1" },
		{ TOO_BIG_HEX, 1, -1, NULL },
		{ "", 1, -1, NULL },
		{ "0x", 1, -1, NULL },
		{ "12a", 1, -1, NULL },
		{ "-1", 1, -1, NULL },
		{ " 1", 1, -1, NULL },
		{ "0X1", 1, -1, NULL },
		{ "0x1g", 1, -1, NULL },
		{ "0x 1", 1, -1, NULL },
		{ "0x-1", 1, -1, NULL },
	};
	struct u256 v;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (cases[i].hex) {
			rc = u256_from_hex(&v, cases[i].text,
			    strlen(cases[i].text));
		} else {
			rc = u256_from_dec(&v, cases[i].text,
			    strlen(cases[i].text));
		}
		TAP_INT(rc, cases[i].rc, "u256_from_%s '%s'",
		    cases[i].hex ? "hex" : "dec", cases[i].text);
		if (rc == 0) {
			check_dec(&v, cases[i].dec, "  value");
		}
	}
}

static void
test_add_sub(void)
{
	struct u256 a, b, r, one;

	u256_from_u64(&one, 1);
	u256_from_u64(&a, UINT64_MAX);
	TAP_INT(u256_add(&r, &a, &one), 0, "2^64-1 + 1");
	tap_ok(r.w[0] == 0 && r.w[1] == 1 && r.w[2] == 0 && r.w[3] == 0,
	    "  carries into limb 1");

	a = dec("6277101735386680763835789423207666416102355444464034512895");
	TAP_INT(u256_add(&r, &a, &one), 0, "2^192-1 + 1");
	check_dec(&r, "627710173538668076383578942320766641610235544446403451"
	    "2896", "  carries through limbs 1 and 2 into 3");

	a = dec(MAX_DEC);
	TAP_INT(u256_add(&r, &a, &one), -1, "2^256-1 + 1 overflows");
	tap_ok(u256_is_zero(&r), "  and wraps to 0");
	TAP_INT(u256_add(&r, &a, &a), -1, "max + max overflows");

	a = dec("340282366920938463463374607431768211456");	/* 2^128 */
	TAP_INT(u256_sub(&r, &a, &one), 0, "2^128 - 1");
	check_dec(&r, "340282366920938463463374607431768211455",
	    "  borrows across limbs");
	u256_zero(&b);
	TAP_INT(u256_sub(&r, &b, &one), -1, "0 - 1 underflows");
	TAP_INT(u256_sub(&r, &a, &a), 0, "a - a");
	tap_ok(u256_is_zero(&r), "  is 0");
	b = dec(MAX_DEC);
	TAP_INT(u256_sub(&r, &a, &b), -1, "2^128 - max underflows");

	tap_ok(u256_cmp(&a, &b) < 0 && u256_cmp(&b, &a) > 0 &&
	    u256_cmp(&a, &a) == 0, "u256_cmp orders");
}

static void
test_mul(void)
{
	struct u256 a, b, r, two;

	a = dec(A_DEC);
	b = dec(B_DEC);
	TAP_INT(u256_mul(&r, &a, &b), 0, "3^100 * 7^30");
	check_dec(&r, AB_DEC, "  product");

	u256_from_u64(&a, UINT64_MAX);
	TAP_INT(u256_mul(&r, &a, &a), 0, "(2^64-1)^2");
	tap_ok(r.w[0] == 1 && r.w[1] == UINT64_MAX - 1 && r.w[2] == 0 &&
	    r.w[3] == 0, "  = 0xfffffffffffffffe_0000000000000001");

	a = dec("340282366920938463463374607431768211456");	/* 2^128 */
	b = dec("170141183460469231731687303715884105728");	/* 2^127 */
	TAP_INT(u256_mul(&r, &a, &b), 0, "2^128 * 2^127");
	tap_ok(r.w[3] == UINT64_C(1) << 63 && r.w[0] == 0 && r.w[1] == 0 &&
	    r.w[2] == 0, "  = 2^255");
	TAP_INT(u256_mul(&r, &a, &a), -1, "2^128 * 2^128 overflows");

	a = dec(MAX_DEC);
	u256_from_u64(&two, 2);
	TAP_INT(u256_mul(&r, &a, &two), -1, "max * 2 overflows");
	u256_from_u64(&two, 1);
	TAP_INT(u256_mul(&r, &a, &two), 0, "max * 1");
	check_dec(&r, MAX_DEC, "  is max");
	u256_zero(&b);
	TAP_INT(u256_mul(&r, &a, &b), 0, "max * 0");
	tap_ok(u256_is_zero(&r), "  is 0");
	a = dec("1000000000000000000");
	TAP_INT(u256_mul(&r, &a, &a), 0, "10^18 * 10^18");
	check_dec(&r, "1000000000000000000000000000000000000", "  = 10^36");
}

static void
test_divmod(void)
{
	static const struct {
		const char	*a, *b, *q, *r;
	} cases[] = {
		{ MAX_DEC, "10", "115792089237316195423570985008687907853269984"
		  "66564056403945758400791312963993", "5" },
		{ MAX_DEC, "1000000000000000000", "11579208923731619542357098"
		  "5008687907853269984665640564039457", "584007913129639935" },
		{ MAX_DEC, "340282366920938463463374607431768211457",
		  "340282366920938463463374607431768211455", "0" },
		{ MAX_DEC, "1606938044258990275541962092341162602522202993782"
		  "792835313721", "72057594037927935",
		  "1606938044258990275541962092341162602521313442784394614"
		  "943800" },
		{ ABR_DEC, B_DEC, A_DEC, "12345" },
		{ ABR_DEC, A_DEC, B_DEC, "12345" },
		{ "7", "10", "0", "7" },
		{ "0", "3", "0", "0" },
		{ MAX_DEC, MAX_DEC, "1", "0" },
		{ "4294967295", "4294967295", "1", "0" },
		{ "4294967296", "4294967297", "0", "4294967296" },
	};
	struct u256 a, b, q, r;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		a = dec(cases[i].a);
		b = dec(cases[i].b);
		TAP_INT(u256_divmod(&q, &r, &a, &b), 0, "divmod %.20s... / "
		    "%.20s", cases[i].a, cases[i].b);
		check_dec(&q, cases[i].q, "  quotient");
		check_dec(&r, cases[i].r, "  remainder");
	}
	a = dec("100");
	b = dec("7");
	TAP_INT(u256_divmod(&q, NULL, &a, &b), 0, "divmod with NULL rem");
	check_dec(&q, "14", "  quotient");
	TAP_INT(u256_divmod(NULL, &r, &a, &b), 0, "divmod with NULL q");
	check_dec(&r, "2", "  remainder");
	u256_zero(&b);
	TAP_INT(u256_divmod(&q, &r, &a, &b), -1, "divide by zero fails");
}

static void
test_be(void)
{
	uint8_t be[33], out[32];
	struct u256 v;
	size_t i;

	for (i = 0; i < sizeof(be); i++) {
		be[i] = (uint8_t)(i + 1);
	}
	TAP_INT(u256_from_be(&v, be, 32), 0, "from_be 32 bytes");
	tap_ok(v.w[3] == UINT64_C(0x0102030405060708) &&
	    v.w[0] == UINT64_C(0x191a1b1c1d1e1f20), "  limb order");
	u256_to_be(out, &v);
	tap_ok(memcmp(out, be, 32) == 0, "  to_be round trip");
	TAP_INT(u256_from_be(&v, be, 1), 0, "from_be 1 byte");
	check_dec(&v, "1", "  value");
	u256_to_be(out, &v);
	tap_ok(out[31] == 1 && out[0] == 0 && out[30] == 0,
	    "  to_be left-pads with zeros");
	TAP_INT(u256_from_be(&v, be, 0), 0, "from_be of no bytes");
	tap_ok(u256_is_zero(&v), "  is 0");
	TAP_INT(u256_from_be(&v, be, 33), -1, "from_be 33 bytes fails");
}

static void
test_units(void)
{
	static const struct {
		const char	*raw;
		unsigned	 decimals;
		const char	*text;
	} cases[] = {
		{ "1500000", 6, "1.5" },
		{ "1000000000000000000", 18, "1" },
		{ "0", 18, "0" },
		{ "0", 0, "0" },
		{ "1", 18, "0.000000000000000001" },
		{ "123456789", 0, "123456789" },
		{ "120", 2, "1.2" },
		{ "5", 1, "0.5" },
		{ "1234567", 3, "1234.567" },
		{ MAX_DEC, 18, "11579208923731619542357098500868790785326998466"
		  "5640564039457.584007913129639935" },
		{ MAX_DEC, 77, "1.157920892373161954235709850086879078532699846"
		  "65640564039457584007913129639935" },
		{ "1", 77, "0.000000000000000000000000000000000000000000000000"
		  "00000000000000000000000000001" },
	};
	char out[U256_DEC_MAX + 2];
	struct u256 v, back;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		v = dec(cases[i].raw);
		u256_to_units(out, &v, cases[i].decimals);
		TAP_STR(out, cases[i].text, "to_units(%.24s, %u)",
		    cases[i].raw, cases[i].decimals);
		TAP_INT(u256_from_units(&back, out, strlen(out),
		    cases[i].decimals), 0, "  from_units back");
		tap_ok(u256_cmp(&back, &v) == 0, "  equal");
	}
}

static void
test_from_units(void)
{
	static const struct {
		const char	*text;
		unsigned	 decimals;
		int		 rc;
		const char	*raw;
	} cases[] = {
		{ "1.5", 6, 0, "1500000" },
		{ "1", 18, 0, "1000000000000000000" },
		{ "0.000000000000000001", 18, 0, "1" },
		{ "1.50", 2, 0, "150" },
		{ "007.25", 2, 0, "725" },
		{ "0", 1000, 0, "0" },
		{ MAX_DEC, 0, 0, MAX_DEC },
		{ "1.5", 0, -1, NULL },		/* more digits than decimals */
		{ "1.1234567", 6, -1, NULL },
		{ MAX_DEC, 1, -1, NULL },	/* overflow when scaled */
		{ "1", 78, -1, NULL },		/* 10^78 > 2^256 */
		{ "", 6, -1, NULL },
		{ ".5", 6, -1, NULL },
		{ "1.", 6, -1, NULL },
		{ "1.2.3", 6, -1, NULL },
		{ "-1", 6, -1, NULL },
		{ "1e5", 6, -1, NULL },
		{ " 1", 6, -1, NULL },
		{ "1,5", 6, -1, NULL },
	};
	struct u256 v;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rc = u256_from_units(&v, cases[i].text, strlen(cases[i].text),
		    cases[i].decimals);
		TAP_INT(rc, cases[i].rc, "from_units('%.24s', %u)",
		    cases[i].text, cases[i].decimals);
		if (rc == 0) {
			check_dec(&v, cases[i].raw, "  value");
		}
	}
}

int
main(void)
{
	test_parse();
	test_add_sub();
	test_mul();
	test_divmod();
	test_be();
	test_units();
	test_from_units();
	return tap_done();
}
