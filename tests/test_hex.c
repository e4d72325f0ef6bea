/*
 * test_hex.c - hex text to bytes and back.
 */
#include <stdint.h>
#include <string.h>

#include "hex.h"
#include "tap.h"

static void
test_digit(void)
{
	int c, want, bad = 0;

	/* Every byte value: 0-9, a-f, A-F are digits, nothing else is. */
	for (c = -1; c <= 256; c++) {
		if (c >= '0' && c <= '9') {
			want = c - '0';
		} else if (c >= 'a' && c <= 'f') {
			want = c - 'a' + 10;
		} else if (c >= 'A' && c <= 'F') {
			want = c - 'A' + 10;
		} else {
			want = -1;
		}
		if (hex_digit(c) != want) {
			bad++;
			printf("# hex_digit(%d) = %d, want %d\n", c,
			    hex_digit(c), want);
		}
	}
	TAP_INT(bad, 0, "hex_digit over -1..256");
}

static void
test_decode(void)
{
	static const struct {
		const char	*text;
		size_t		 outlen;
		int		 rc;
		const char	*bytes;	/* expected, as a C string */
	} cases[] = {
		{ "", 0, 0, "" },
		{ "00", 1, 0, "\x00" },
		{ "deadBEEF", 4, 0, "\xde\xad\xbe\xef" },
		{ "0123456789abcdefABCDEF", 11, 0,
		  "\x01\x23\x45\x67\x89\xab\xcd\xef\xab\xcd\xef" },
		{ "ff", 2, -1, NULL },		/* too short for outlen */
		{ "fff", 1, -1, NULL },		/* odd */
		{ "0g", 1, -1, NULL },		/* bad digit */
		{ "g0", 1, -1, NULL },
		{ " 0", 1, -1, NULL },
		{ "0x", 1, -1, NULL },		/* no prefix here */
		{ "1\xff", 1, -1, NULL },	/* high byte */
	};
	uint8_t out[16];
	size_t i;
	int rc;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rc = hex_decode(out, cases[i].outlen, cases[i].text,
		    strlen(cases[i].text));
		TAP_INT(rc, cases[i].rc, "hex_decode '%s' into %zu",
		    cases[i].text, cases[i].outlen);
		if (rc == 0) {
			tap_ok(memcmp(out, cases[i].bytes,
			    cases[i].outlen) == 0, "hex_decode '%s' bytes",
			    cases[i].text);
		}
	}
}

static void
test_decode_0x(void)
{
	static const struct {
		const char	*text;
		size_t		 cap;
		long		 rc;
		const char	*bytes;
	} cases[] = {
		{ "0x", 4, 0, "" },
		{ "0x00", 4, 1, "\x00" },
		{ "0x0102", 2, 2, "\x01\x02" },
		{ "0xA0b1", 4, 2, "\xa0\xb1" },
		{ "0x010203", 2, -1, NULL },	/* over cap */
		{ "0x1", 4, -1, NULL },		/* odd */
		{ "0X01", 4, -1, NULL },	/* prefix is lower case */
		{ "01", 4, -1, NULL },		/* no prefix */
		{ "0", 4, -1, NULL },
		{ "", 4, -1, NULL },
		{ "0xzz", 4, -1, NULL },
	};
	uint8_t out[8];
	size_t i;
	long rc;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rc = hex_decode_0x(out, cases[i].cap, cases[i].text,
		    strlen(cases[i].text));
		TAP_INT(rc, cases[i].rc, "hex_decode_0x '%s' cap %zu",
		    cases[i].text, cases[i].cap);
		if (rc > 0) {
			tap_ok(memcmp(out, cases[i].bytes, (size_t)rc) == 0,
			    "hex_decode_0x '%s' bytes", cases[i].text);
		}
	}
}

static void
test_encode(void)
{
	static const uint8_t in[] = { 0x00, 0x01, 0xab, 0xcd, 0xef, 0xff };
	uint8_t back[sizeof(in)];
	char out[2 * sizeof(in) + 1];

	hex_encode(out, in, sizeof(in));
	TAP_STR(out, "0001abcdefff", "hex_encode writes lower case");
	hex_encode(out, in, 0);
	TAP_STR(out, "", "hex_encode of nothing is empty");
	hex_encode(out, in, sizeof(in));
	tap_ok(hex_decode(back, sizeof(back), out, strlen(out)) == 0 &&
	    memcmp(back, in, sizeof(in)) == 0, "encode then decode");
}

int
main(void)
{
	test_digit();
	test_decode();
	test_decode_0x();
	test_encode();
	return tap_done();
}
