/*
 * test_wl_csv.c - the CSV and one-address-a-line importers: RFC 4180
 * quoting, line endings, BOM, header order, and every user error with its
 * exact "FILE:LINE: reason" message. Each case is imported through
 * wl_import_buffer into a fresh database and read back with store_wl_each.
 *
 * Known answers: EIP-55's own example 0x5aAeb6053F3E94C9b9A09f33669435E7Ef
 * 1BeAed (https://eips.ethereum.org/EIPS/eip-55); Bitcoin and Tron
 * addresses are real OFAC-listed ones (shared/watchlist-sources/
 * blender-xbt.txt, ofac-xbt.txt, ofac-trx.txt, brave-intl commit 3ed66906).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "date.h"
#include "store.h"
#include "tap.h"
#include "wl.h"

#define EIP55	"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
#define EIP55_LOW "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"
#define EIP55_BAD "0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
#define P2SH	"3F6bbvS1krsc1qR8FsbTDfYQyvkMm3QvmR"
#define P2PKH	"15PggTG7YhJKiE6B16vkKzA1YDTZipXEX4"
#define BECH32	"bc1q05aktddf9ce4p7hh3stgsf253m4vweu7nkhtmw"
#define TRON	"TAYhjpL8pPs8T84FSM329nffQpc6jD8GBM"
#define HDR	"address,chain,category,label,listed_on,delisted_on,reference\n"

static char dbdir[] = "/tmp/test_wl_csv.XXXXXX";
static int dbn;

/* Every listing of source as sorted "addr|chain|cat|label|on|off|ref". */
struct dump {
	char	**v;
	size_t	 n;
};

static int
dump_one(void *ctx, const struct addr *a, const struct store_listing *l)
{
	struct dump *d = ctx;
	char t[ADDR_TEXT_MAX], cb[ADDR_TICKER_MAX + 1], on[11] = "",
	    off[11] = "", line[2048];

	addr_format(t, a);
	if (l->listed_on != DATE_NONE) {
		date_format(on, l->listed_on);
	}
	if (l->delisted_on != DATE_NONE) {
		date_format(off, l->delisted_on);
	}
	snprintf(line, sizeof(line), "%s|%s|%s|%s|%s|%s|%s", t,
	    addr_chain_name(a, cb), wl_category_name(l->category), l->label,
	    on, off, l->reference);
	d->v = realloc(d->v, (d->n + 1) * sizeof(*d->v));
	d->v[d->n++] = strdup(line);
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Returns: the listings joined by '\n', sorted; free with free(). */
static char *
dump(struct store *st, const char *source)
{
	struct dump d = { NULL, 0 };
	struct err e;
	size_t i, len = 1;
	char *s;

	if (store_wl_each(st, source, dump_one, &d, &e) != 0) {
		return strdup("(store_wl_each failed)");
	}
	if (d.n > 0) {
		qsort(d.v, d.n, sizeof(*d.v), cmp_str);
	}
	for (i = 0; i < d.n; i++) {
		len += strlen(d.v[i]) + 1;
	}
	s = calloc(1, len);
	for (i = 0; i < d.n; i++) {
		strcat(s, d.v[i]);
		if (i + 1 < d.n) {
			strcat(s, "\n");
		}
		free(d.v[i]);
	}
	free(d.v);
	return s;
}

/* The lines of s sorted, as dump() gives them; free with free(). */
static char *
sorted_lines(const char *s)
{
	char *copy = strdup(s), *out = calloc(1, strlen(s) + 2), *p, **v;
	size_t n = 0, i;

	v = calloc(strlen(s) + 1, sizeof(*v));
	for (p = strtok(copy, "\n"); p != NULL; p = strtok(NULL, "\n")) {
		v[n++] = p;
	}
	qsort(v, n, sizeof(*v), cmp_str);
	for (i = 0; i < n; i++) {
		strcat(out, v[i]);
		if (i + 1 < n) {
			strcat(out, "\n");
		}
	}
	free(v);
	free(copy);
	return out;
}

static struct store *
fresh_store(void)
{
	char path[sizeof(dbdir) + 32];
	struct store *st = NULL;
	struct err e;

	snprintf(path, sizeof(path), "%s/db%d", dbdir, dbn++);
	if (store_open(&st, path, 0, &e) == -1) {
		printf("# store_open: %s\n", e.msg);
		return NULL;
	}
	return st;
}

struct warns {
	int	 n;
	char	 last[512];
};

static void
on_warn(void *ctx, const char *msg)
{
	struct warns *w = ctx;

	w->n++;
	snprintf(w->last, sizeof(w->last), "%s", msg);
}

/* Cases that import: what the source then holds. */
static const struct ok_case {
	const char	*what;
	const char	*name;		/* file name: source = its stem */
	enum wl_format	 format;
	int		 category;
	const char	*in;
	const char	*want;
	int		 warnings;
} ok_cases[] = {
	{ "all columns in order", "list.csv", WL_FORMAT_AUTO, -1,
	  HDR EIP55 ",ethereum,mixer,Mixer A,2022-08-08,2025-03-21,ref 1\n",
	  EIP55 "|ethereum|mixer|Mixer A|2022-08-08|2025-03-21|ref 1", 0 },
	{ "header in another order, mixed case, padded, extra column",
	  "list.csv", WL_FORMAT_AUTO, -1,
	  " Label ,NOTES,Address , CATEGORY\n"
	  "Blender,whatever," P2SH ",mixer\n",
	  P2SH "|bitcoin|mixer|Blender|||", 0 },
	{ "quoted fields: commas, \"\" escapes, a newline", "q.csv",
	  WL_FORMAT_AUTO, -1,
	  "address,label,reference\n"
	  "\"" EIP55 "\",\"Smith, \"\"the\"\" fence\",\"line1\nline2\"\n",
	  EIP55 "|ethereum|custom|Smith, \"the\" fence|||line1\nline2", 0 },
	{ "CRLF line endings", "crlf.csv", WL_FORMAT_AUTO, -1,
	  "address,label\r\n" EIP55 ",a\r\n" P2PKH ",\"b\"\r\n",
	  P2PKH "|bitcoin|custom|b|||\n" EIP55 "|ethereum|custom|a|||", 0 },
	{ "UTF-8 BOM and a UTF-8 label", "bom.csv", WL_FORMAT_AUTO, -1,
	  "\xef\xbb\xbf" "address,label\n" EIP55 ",Caf\xc3\xa9\n",
	  EIP55 "|ethereum|custom|Caf\xc3\xa9|||", 0 },
	{ "blank lines and a row of empty fields are skipped", "b.csv",
	  WL_FORMAT_AUTO, -1,
	  "\n\naddress,label\n\n  \n,\n" EIP55 ",x\n\n",
	  EIP55 "|ethereum|custom|x|||", 0 },
	{ "chain inferred from the form", "infer.csv", WL_FORMAT_AUTO, -1,
	  "address\n" EIP55_LOW "\n" P2SH "\n" BECH32 "\n",
	  P2SH "|bitcoin|custom||||\n"
	  EIP55 "|ethereum|custom||||\n"
	  BECH32 "|bitcoin|custom||||", 0 },
	{ "upper-case Ethereum address accepted", "up.csv", WL_FORMAT_AUTO,
	  -1, "address,chain\n0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED,"
	  "Ethereum\n",
	  EIP55 "|ethereum|custom||||", 0 },
	{ "tickers: classified by form, else kept with a warning", "t.csv",
	  WL_FORMAT_AUTO, -1,
	  "address,chain\n" EIP55 ",USDT\n" P2PKH ",xbt\n" TRON ",trx\n",
	  P2PKH "|bitcoin|custom||||\n"
	  EIP55 "|ethereum|custom||||\n"
	  TRON "|trx|custom||||", 1 },
	{ "category: row value, else --category", "c.csv", WL_FORMAT_AUTO,
	  WL_HEIST,
	  "address,category\n" EIP55 ",\n" P2SH ",exchange\n",
	  P2SH "|bitcoin|exchange||||\n" EIP55 "|ethereum|heist||||", 0 },
	{ "one address, two categories or labels: separate listings",
	  "two.csv", WL_FORMAT_AUTO, -1,
	  "address,category,label\n" EIP55 ",mixer,a\n" EIP55 ",own,a\n"
	  EIP55 ",mixer,b\n",
	  EIP55 "|ethereum|mixer|a|||\n" EIP55 "|ethereum|mixer|b|||\n"
	  EIP55 "|ethereum|own|a|||", 0 },
	{ "a single-column header is CSV too", "one.txt", WL_FORMAT_AUTO,
	  -1, "Address\n" EIP55 "\n",
	  EIP55 "|ethereum|custom||||", 0 },
	{ "header only: an empty source", "h.csv", WL_FORMAT_AUTO, -1,
	  HDR, "", 0 },
	{ "lines: comments, blanks, spaces, CRLF, --category", "mine.txt",
	  WL_FORMAT_AUTO, WL_OWN,
	  "# my deposit addresses\r\n\r\n  " EIP55 "  \r\n\t" P2SH
	  " # cold wallet\r\n#" P2PKH "\r\n",
	  P2SH "|bitcoin|own||||\n" EIP55 "|ethereum|own||||", 0 },
	{ "lines: default category custom", "l", WL_FORMAT_LINES, -1,
	  EIP55_LOW "\n" BECH32,
	  EIP55 "|ethereum|custom||||\n" BECH32 "|bitcoin|custom||||", 0 },
};

/* Cases that fail: the exact message. */
static const struct bad_case {
	const char	*what;
	const char	*name;
	enum wl_format	 format;
	const char	*in;
	size_t		 len;		/* 0: strlen(in) */
	const char	*msg;
} bad_cases[] = {
	{ "empty file", "list.csv", WL_FORMAT_AUTO, "", 0,
	  "list.csv:1: empty file" },
	{ "empty file, csv", "list.csv", WL_FORMAT_CSV, "", 0,
	  "list.csv:1: empty file" },
	{ "blank lines only", "list.csv", WL_FORMAT_CSV, "\n \r\n\n", 0,
	  "list.csv:1: no header row" },
	{ "no address column", "list.csv", WL_FORMAT_CSV,
	  "chain,label,adress\n" EIP55 ",x,y\n", 0,
	  "list.csv:1: no 'address' column" },
	{ "no address column, header after blank lines", "list.csv",
	  WL_FORMAT_CSV, "\n\nlabel\nx\n", 0,
	  "list.csv:3: no 'address' column" },
	{ "duplicate column", "list.csv", WL_FORMAT_AUTO,
	  "address,label,LABEL\n", 0,
	  "list.csv:1: duplicate column 'label'" },
	{ "NUL byte", "list.csv", WL_FORMAT_AUTO,
	  "address\n" EIP55 "\n\0\x01\x02", 8 + 43 + 3,
	  "list.csv:3: binary data (NUL byte)" },
	{ "invalid UTF-8", "list.csv", WL_FORMAT_AUTO,
	  "address,label\n" EIP55 ",ok\n" EIP55_LOW ",\xff\xfe\n", 0,
	  "list.csv:3: binary data (invalid UTF-8)" },
	{ "overlong UTF-8", "list.csv", WL_FORMAT_AUTO,
	  "address,label\n" EIP55 ",\xc0\xaf\n", 0,
	  "list.csv:2: binary data (invalid UTF-8)" },
	{ "UTF-8 surrogate", "list.csv", WL_FORMAT_AUTO,
	  "address,label\n" EIP55 ",\xed\xa0\x80\n", 0,
	  "list.csv:2: binary data (invalid UTF-8)" },
	{ "unterminated quote", "list.csv", WL_FORMAT_AUTO,
	  "address,label\n" EIP55 ",ok\n" P2SH ",\"open\nand on\n", 0,
	  "list.csv:3: unterminated quote" },
	{ "text after a closing quote", "list.csv", WL_FORMAT_AUTO,
	  "address,label\n" EIP55 ",\"a\"b\n", 0,
	  "list.csv:2: text after closing quote in field 2" },
	{ "fewer fields than the header", "list.csv", WL_FORMAT_AUTO,
	  HDR EIP55 ",ethereum,mixer\n", 0,
	  "list.csv:2: expected 7 fields, got 3" },
	{ "more fields than the header", "list.csv", WL_FORMAT_AUTO,
	  "address,label\n" EIP55 ",a,b\n", 0,
	  "list.csv:2: expected 2 fields, got 3" },
	{ "empty address", "list.csv", WL_FORMAT_AUTO,
	  "address,label\n" EIP55 ",a\n,b\n", 0,
	  "list.csv:3: empty address" },
	{ "bad EIP-55 checksum", "list.csv", WL_FORMAT_AUTO,
	  "address\n" P2SH "\n" EIP55_BAD "\n", 0,
	  "list.csv:3: bad EIP-55 checksum in '" EIP55_BAD "': expected '"
	  EIP55 "'" },
	{ "bad checksum under a ticker is still an error", "list.csv",
	  WL_FORMAT_AUTO, "address,chain\n" EIP55_BAD ",usdt\n", 0,
	  "list.csv:2: bad EIP-55 checksum in '" EIP55_BAD "': expected '"
	  EIP55 "'" },
	{ "chain ethereum, bitcoin form", "list.csv", WL_FORMAT_AUTO,
	  "address,chain\n" P2SH ",ethereum\n", 0,
	  "list.csv:2: chain 'ethereum' does not match bitcoin address '"
	  P2SH "'" },
	{ "chain bitcoin, ethereum form", "list.csv", WL_FORMAT_AUTO,
	  "address,chain\n" EIP55 ",bitcoin\n", 0,
	  "list.csv:2: chain 'bitcoin' does not match ethereum address '"
	  EIP55 "'" },
	{ "chain bitcoin, not a bitcoin address", "list.csv",
	  WL_FORMAT_AUTO, "address,chain\n" TRON ",bitcoin\n", 0,
	  "list.csv:2: '" TRON "' is not an Ethereum or Bitcoin address "
	  "(base58check version 0x41, 21 bytes)" },
	{ "no chain, not an ethereum or bitcoin address", "list.csv",
	  WL_FORMAT_AUTO, "address\n" TRON "\n", 0,
	  "list.csv:2: '" TRON "' is not an Ethereum or Bitcoin address "
	  "(base58check version 0x41, 21 bytes)" },
	{ "bad chain", "list.csv", WL_FORMAT_AUTO,
	  "address,chain\n" TRON ",tr x\n", 0,
	  "list.csv:2: bad chain 'tr x'" },
	{ "unknown category", "list.csv", WL_FORMAT_AUTO,
	  "address,category\n" EIP55 ",mixer\n" P2SH ",foo\n", 0,
	  "list.csv:3: unknown category 'foo'" },
	{ "bad date", "list.csv", WL_FORMAT_AUTO,
	  "address,listed_on\n" EIP55 ",2022-02-30\n", 0,
	  "list.csv:2: bad listed_on '2022-02-30': expected YYYY-MM-DD" },
	{ "delisted before listed", "list.csv", WL_FORMAT_AUTO,
	  "address,listed_on,delisted_on\n" EIP55 ",2022-08-08,2022-08-08\n",
	  0, "list.csv:2: delisted_on '2022-08-08' is not after listed_on "
	  "'2022-08-08'" },
	{ "duplicate", "list.csv", WL_FORMAT_AUTO,
	  "address,category\n" EIP55 ",mixer\n" P2SH ",mixer\n\n"
	  EIP55_LOW ",mixer\n", 0,
	  "list.csv:5: duplicate of line 2" },
	{ "lines: bad address", "mine.txt", WL_FORMAT_AUTO,
	  "# comment\n" EIP55 "\n0x1234\n", 0,
	  "mine.txt:3: bad Ethereum address '0x1234': 4 hex digits after 0x, "
	  "expected 40" },
	{ "lines: duplicate", "mine.txt", WL_FORMAT_LINES,
	  EIP55 "\n" EIP55_LOW "\n", 0,
	  "mine.txt:2: duplicate of line 1" },
	{ "lines: binary", "mine.txt", WL_FORMAT_LINES,
	  "\x7f" "ELF\x02\x01\x01\0\0", 9,
	  "mine.txt:1: binary data (NUL byte)" },
};

static void
run_ok(const struct ok_case *c)
{
	struct wl_import_opts o;
	struct wl_import_result r;
	struct warns w;
	struct store *st = fresh_store();
	struct err e;
	char source[STORE_NAME_MAX], *got, *want;
	const char *dot;
	int rc;

	memset(&o, 0, sizeof(o));
	memset(&w, 0, sizeof(w));
	o.format = c->format;
	o.category = c->category;
	o.warn = on_warn;
	o.warn_ctx = &w;
	rc = wl_import_buffer(st, c->name, c->in, strlen(c->in), &o, &r, &e);
	if (!tap_ok(rc == 0, "%s: imports", c->what)) {
		printf("#   %s\n", e.msg);
		store_close(st);
		return;
	}
	dot = strrchr(c->name, '.');
	snprintf(source, sizeof(source), "%.*s", dot ? (int)(dot - c->name) :
	    (int)strlen(c->name), c->name);
	TAP_STR(r.source, source, "%s: source named after the file",
	    c->what);
	got = dump(st, source);
	want = sorted_lines(c->want);
	TAP_STR(got, want, "%s: listings", c->what);
	free(want);
	TAP_INT(w.n, c->warnings, "%s: warnings", c->what);
	TAP_INT(r.warnings, c->warnings, "%s: warnings counted", c->what);
	free(got);
	store_close(st);
}

static void
run_bad(const struct bad_case *c)
{
	struct wl_import_opts o;
	struct store *st = fresh_store();
	struct store_source *src = NULL;
	struct err e;
	size_t nsrc = 99;
	int rc;

	memset(&o, 0, sizeof(o));
	o.format = c->format;
	o.category = -1;
	memset(&e, 0, sizeof(e));
	rc = wl_import_buffer(st, c->name, c->in, c->len ? c->len :
	    strlen(c->in), &o, NULL, &e);
	TAP_INT(rc, -1, "%s: fails", c->what);
	TAP_INT(e.code, ERR_INPUT, "%s: ERR_INPUT", c->what);
	TAP_STR(e.msg, c->msg, "%s: message", c->what);
	rc = store_wl_sources(st, &src, &nsrc, &e);
	tap_ok(rc == 0 && nsrc == 0, "%s: nothing written", c->what);
	free(src);
	store_close(st);
}

/* Lines longer than 64 KiB fail on line 1 without a quadratic scan. */
static void
long_lines(void)
{
	struct wl_import_opts o;
	struct store *st = fresh_store();
	struct timespec t0, t1;
	size_t big = 10u << 20, n;
	struct err e;
	char path[sizeof(dbdir) + 32], *buf;
	const char *paths[1];
	FILE *f;
	int rc;

	memset(&o, 0, sizeof(o));
	o.category = -1;
	buf = malloc(big + 64);

	/* "address,label\n" then a line of exactly 65536 bytes: fine. */
	n = (size_t)snprintf(buf, 64, "address,label\n" EIP55 ",");
	memset(buf + n, 'A', 65536 - 43);
	buf[14 + 65536] = '\n';
	rc = wl_import_buffer(st, "max.csv", buf, 14 + 65537, &o, NULL, &e);
	if (!tap_ok(rc == 0, "a 65536-byte line is accepted")) {
		printf("#   %s\n", e.msg);
	}
	buf[14 + 65536] = 'A';
	buf[14 + 65537] = '\n';
	rc = wl_import_buffer(st, "max.csv", buf, 14 + 65538, &o, NULL, &e);
	TAP_INT(rc, -1, "a 65537-byte line fails");
	TAP_STR(e.msg, "max.csv:2: line too long (over 65536 bytes)",
	    "a 65537-byte line: message");

	/* A 10 MB single line, from a buffer and from a file. */
	memset(buf, 'A', big);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = wl_import_buffer(st, "huge.csv", buf, big, &o, NULL, &e);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	TAP_INT(rc, -1, "a 10 MB line fails");
	TAP_STR(e.msg, "huge.csv:1: line too long (over 65536 bytes)",
	    "a 10 MB line: message");
	printf("# 10 MB line rejected in %.1f ms\n",
	    (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
	snprintf(path, sizeof(path), "%s/huge.csv", dbdir);
	f = fopen(path, "wb");
	fwrite(buf, 1, big, f);
	fclose(f);
	paths[0] = path;
	rc = wl_import(st, paths, 1, &o, NULL, &e);
	TAP_INT(rc, -1, "a 10 MB line in a file fails");
	tap_ok(strstr(e.msg, "huge.csv:1: line too long") != NULL,
	    "a 10 MB line in a file: message (%s)", e.msg);
	unlink(path);

	/* A quoted field may span lines, but the record is held to 64 KiB. */
	n = (size_t)snprintf(buf, 64, "address,label\n" EIP55 ",\"");
	memset(buf + n, 'a', 70000);
	for (size_t i = n + 100; i < n + 70000; i += 100) {
		buf[i] = '\n';
	}
	memcpy(buf + n + 70000, "\"\n", 2);
	rc = wl_import_buffer(st, "q.csv", buf, n + 70002, &o, NULL, &e);
	TAP_INT(rc, -1, "a 70000-byte quoted field over many lines fails");
	TAP_STR(e.msg, "q.csv:2: line too long (over 65536 bytes)",
	    "a 70000-byte quoted field: message");
	free(buf);
	store_close(st);
}

/* Format detection and names (DESIGN.md "Listings", wl.h). */
static void
formats_and_names(void)
{
	static const struct {
		const char	*s;
		int		 want;
	} fmts[] = {
		{ "auto", WL_FORMAT_AUTO }, { "csv", WL_FORMAT_CSV },
		{ "lines", WL_FORMAT_LINES },
		{ "ofac-xml", WL_FORMAT_OFAC_XML },
		{ "xml", -1 }, { "CSV", -1 }, { "", -1 },
	};
	static const struct {
		const char	*s;
		int		 want;
		int		 hit;
	} cats[] = {
		{ "mixer", WL_MIXER, 1 }, { "sanctioned", WL_SANCTIONED, 1 },
		{ "heist", WL_HEIST, 1 }, { "custom", WL_CUSTOM, 1 },
		{ "exchange", WL_EXCHANGE, 0 }, { "service", WL_SERVICE, 0 },
		{ "own", WL_OWN, 0 }, { "Mixer", -1, 0 }, { "mixers", -1, 0 },
		{ "", -1, 0 },
	};
	struct wl_import_opts o;
	struct wl_import_result r;
	struct store *st = fresh_store();
	struct err e;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		TAP_INT(wl_format_parse(fmts[i].s), fmts[i].want,
		    "wl_format_parse('%s')", fmts[i].s);
	}
	for (i = 0; i < sizeof(cats) / sizeof(cats[0]); i++) {
		rc = wl_category_parse(cats[i].s, strlen(cats[i].s));
		TAP_INT(rc, cats[i].want, "wl_category_parse('%s')",
		    cats[i].s);
		if (rc > 0) {
			TAP_STR(wl_category_name(rc), cats[i].s,
			    "wl_category_name(%d)", rc);
			TAP_INT(wl_category_is_hit(rc), cats[i].hit,
			    "wl_category_is_hit(%s)", cats[i].s);
		}
	}
	TAP_STR(wl_category_name(0), "unknown", "wl_category_name(0)");
	TAP_STR(wl_category_name(99), "unknown", "wl_category_name(99)");

	memset(&o, 0, sizeof(o));
	o.category = -1;
	/* A comma but no address header: one address a line, so it fails. */
	rc = wl_import_buffer(st, "x.txt", "addr,label\n", 11, &o, &r, &e);
	TAP_STR(e.msg, "x.txt:1: 'addr,label' is not an Ethereum or Bitcoin "
	    "address", "comma without an address header is read as lines");
	rc = wl_import_buffer(st, "x.txt", "label,\"address\"\nx," EIP55 "\n",
	    strlen("label,\"address\"\nx," EIP55 "\n"), &o, &r, &e);
	TAP_INT(rc, 0, "a quoted address header is CSV");
	TAP_INT(r.format, WL_FORMAT_CSV, "detected format csv");
	o.source = "my-list";
	rc = wl_import_buffer(st, "x.txt", EIP55 "\n", 43, &o, &r, &e);
	TAP_INT(rc, 0, "lines with --source");
	TAP_INT(r.format, WL_FORMAT_LINES, "detected format lines");
	TAP_STR(r.source, "my-list", "--source names the source");
	o.source = "";
	rc = wl_import_buffer(st, "x.txt", EIP55 "\n", 43, &o, &r, &e);
	TAP_INT(rc, -1, "an empty source name fails");
	o.source = NULL;
	rc = wl_import_buffer(st, "dir/", EIP55 "\n", 43, &o, &r, &e);
	TAP_STR(e.msg, "cannot name a source after 'dir/': give one with "
	    "--source", "a file name without a stem needs --source");
	o.category = 42;
	rc = wl_import_buffer(st, "x.txt", EIP55 "\n", 43, &o, &r, &e);
	TAP_INT(e.code, ERR_USAGE, "a bad --category is a usage error");
	store_close(st);
}

/* Screening input: trimmed, Ethereum or Bitcoin only. */
static void
parse_input(void)
{
	struct addr a, b;
	struct err e;

	TAP_INT(wl_parse_input(&a, "  " EIP55_LOW "\n", 45, &e), 0,
	    "wl_parse_input trims");
	addr_parse(&b, EIP55, 42, &e);
	tap_ok(a.len == b.len && memcmp(a.key, b.key, a.len) == 0,
	    "wl_parse_input: same key as addr_parse");
	TAP_INT(wl_parse_input(&a, "\t" P2SH " ", 36, &e), 0,
	    "wl_parse_input: bitcoin");
	TAP_INT(a.chain, ADDR_BITCOIN, "wl_parse_input: bitcoin chain");
	TAP_INT(wl_parse_input(&a, " " EIP55_BAD, 43, &e), -1,
	    "wl_parse_input: bad checksum fails");
	TAP_STR(e.msg, "bad EIP-55 checksum in '" EIP55_BAD "': expected '"
	    EIP55 "'", "wl_parse_input: addr_parse's message");
	TAP_INT(wl_parse_input(&a, TRON, strlen(TRON), &e), -1,
	    "wl_parse_input: a Tron address is not screened");
	TAP_INT(e.code, ERR_INPUT, "wl_parse_input: ERR_INPUT");
	TAP_INT(wl_parse_input(&a, "  \n", 3, &e), -1,
	    "wl_parse_input: blank fails");
	TAP_STR(e.msg, "empty address", "wl_parse_input: blank message");
}

/* Export to a string: wl_export_csv into open_memstream. */
static char *
export_str(struct store *st, const char *source, long *rows)
{
	struct err e;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	*rows = f != NULL ? wl_export_csv(st, source, f, &e) : -1;
	if (f != NULL) {
		fclose(f);
	}
	if (*rows < 0) {
		printf("# wl_export_csv: %s\n", e.msg);
	}
	return buf;
}

/*
 * wl_export_csv: what every ok case imported comes back the same when its
 * export is imported again (as `scanner trace --evidence` relies on), and
 * one known answer: quoting by RFC 4180 only, no spreadsheet neutralising,
 * tickers and dates kept.
 */
static void
export_round_trip(void)
{
	static const char in[] =
	    "address,chain,category,label,listed_on,delisted_on,reference\n"
	    TRON ",trx,sanctioned,\"=HYPERLINK(\"\"x\"\"), a\",2020-01-02,,\n"
	    EIP55 ",ethereum,mixer,\"two\nlines\",2022-08-08,2025-03-21,"
	    "-ref\n"
	    P2SH ",bitcoin,heist,@label,,,\"r,1\"\n";
	static const char want[] =
	    "address,chain,category,label,listed_on,delisted_on,reference\n"
	    EIP55 ",ethereum,mixer,\"two\nlines\",2022-08-08,2025-03-21,"
	    "-ref\n"
	    P2SH ",bitcoin,heist,@label,,,\"r,1\"\n"
	    TRON ",trx,sanctioned,\"=HYPERLINK(\"\"x\"\"), a\",2020-01-02,,\n";
	struct wl_import_opts o;
	struct store *st, *st2;
	struct err e;
	char source[STORE_NAME_MAX], *csv, *a, *b;
	const char *dot;
	long rows;
	size_t i;
	FILE *full;

	memset(&o, 0, sizeof(o));
	o.format = WL_FORMAT_CSV;
	o.category = -1;
	for (i = 0; i < sizeof(ok_cases) / sizeof(ok_cases[0]); i++) {
		const struct ok_case *c = &ok_cases[i];
		struct wl_import_opts o1 = o;

		st = fresh_store();
		st2 = fresh_store();
		o1.format = c->format;
		o1.category = c->category;
		dot = strrchr(c->name, '.');
		snprintf(source, sizeof(source), "%.*s", dot ?
		    (int)(dot - c->name) : (int)strlen(c->name), c->name);
		csv = NULL;
		if (st == NULL || st2 == NULL ||
		    wl_import_buffer(st, c->name, c->in, strlen(c->in), &o1,
		    NULL, &e) == -1) {
			tap_ok(0, "export %s: set up", c->what);
		} else {
			csv = export_str(st, source, &rows);
			o.source = source;
			TAP_INT(wl_import_buffer(st2, "export.csv", csv,
			    csv != NULL ? strlen(csv) : 0, &o, NULL, &e), 0,
			    "export %s: imports again", c->what);
			a = dump(st, source);
			b = dump(st2, source);
			TAP_STR(b, a, "export %s: the same listings", c->what);
			free(a);
			free(b);
		}
		free(csv);
		store_close(st);
		store_close(st2);
	}

	st = fresh_store();
	o.source = "known";
	if (st == NULL || wl_import_buffer(st, "known.csv", in,
	    strlen(in), &o, NULL, &e) == -1) {
		tap_ok(0, "export known answer: set up");
		store_close(st);
		return;
	}
	csv = export_str(st, "known", &rows);
	TAP_STR(csv, want, "export: known answer (key order, quoting only "
	    "where RFC 4180 needs it, formulas as they are)");
	TAP_INT(rows, 3, "export: rows written");
	free(csv);
	csv = export_str(st, "no-such-source", &rows);
	TAP_STR(csv, "address,chain,category,label,listed_on,delisted_on,"
	    "reference\n", "export of no such source: the header only");
	TAP_INT(rows, 0, "export of no such source: 0 rows");
	free(csv);
	full = fopen("/dev/full", "w");
	if (full != NULL) {
		setvbuf(full, NULL, _IONBF, 0);
		memset(&e, 0, sizeof(e));
		TAP_INT(wl_export_csv(st, "known", full, &e), -1,
		    "export to a full disk fails");
		TAP_INT(e.code, ERR_SYS, "export to a full disk: ERR_SYS");
		fclose(full);
	}
	store_close(st);
}

int
main(void)
{
	size_t i;

	if (mkdtemp(dbdir) == NULL) {
		printf("Bail out! mkdtemp failed\n");
		return 1;
	}
	for (i = 0; i < sizeof(ok_cases) / sizeof(ok_cases[0]); i++) {
		run_ok(&ok_cases[i]);
	}
	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		run_bad(&bad_cases[i]);
	}
	long_lines();
	formats_and_names();
	parse_input();
	export_round_trip();
	{
		char cmd[sizeof(dbdir) + 16];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", dbdir);
		if (system(cmd) != 0) {
			printf("# could not remove %s\n", dbdir);
		}
	}
	return tap_done();
}
