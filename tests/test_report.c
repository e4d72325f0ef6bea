/*
 * test_report.c - the reporter: golden outputs of a hand-built trace in
 * every format, the JSON parsed back field by field, attacker-controlled
 * symbols and labels coming out inert in every format, determinism, the
 * HTML graph with and without Graphviz's dot, and the escaping helpers.
 *
 * The trace is synthetic, shaped like the Ronin bridge heist (March 2022:
 * exploiter 0x098B716B8Aaf21512996dC57EB0615e2383E2f96, funds into the
 * Tornado Cash 100 ETH pool 0xA160cdAB225685dA1d56aa342Ad8841c3b53f291);
 * its intermediaries, tokens, tx hashes and amounts are made up.
 * SCANNER_REGOLD=1 rewrites tests/golden/report.*.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "date.h"
#include "hex.h"
#include "report.h"
#include "report_int.h"
#include "tap.h"
#include "wl.h"

#define N(a)	(sizeof(a) / sizeof((a)[0]))

/* The attacker-controlled strings of issue #5. */
static const char *const hostile[] = {
	"<script>alert(1)</script>",
	"=HYPERLINK(\"http://x\")",
	"\"\x1b]0;pwn\x07",
	"\xe2\x80\xaegpj.exe",		/* U+202E RIGHT-TO-LEFT OVERRIDE */
};

static const char EXPLOITER[] = "098b716b8aaf21512996dc57eb0615e2383e2f96";
static const char POOL100[] = "a160cdab225685da1d56aa342ad8841c3b53f291";
static const char EXCHANGE[] = "28c6c06298d514db089934071355e5743bf21d60";
static const char ROUTER[] = "7a250d5630b4cf539739df2c5dacb4c659f2488d";
static const char WETH[] = "c02aaa39b223fe8d0a0e5c4f27ead9083c756cc2";
static const char TOKEN_X[] = "bad0000000000000000000000000000000000001";
static const char TOKEN_Y[] = "bad0000000000000000000000000000000000002";
static const char TOKEN_Z[] = "bad0000000000000000000000000000000000003";
static const char TOKEN_ERR[] = "bad00000000000000000000000000000000000ee";

static struct eth_addr
A(const char *hex40)
{
	struct eth_addr a;

	if (hex_decode(a.b, 20, hex40, 40) != 0) {
		abort();
	}
	return a;
}

/* A made-up address or hash: every byte n. */
static struct eth_addr
AN(uint8_t n)
{
	struct eth_addr a;

	memset(a.b, n, sizeof(a.b));
	return a;
}

static struct eth_hash
HN(uint8_t n)
{
	struct eth_hash h;
	size_t i;

	for (i = 0; i < sizeof(h.b); i++) {
		h.b[i] = (uint8_t)(n + i * 7);
	}
	return h;
}

static struct u256
U(const char *dec)
{
	struct u256 r;

	if (u256_from_dec(&r, dec, strlen(dec)) != 0) {
		abort();
	}
	return r;
}

/* ---- the token metadata callback ---- */

struct tokens {
	const char	*sym_x;		/* the hostile symbol under test */
	const char	*sym_y;
	int		 calls;
};

static int
token_cb(void *ctx, const struct eth_addr *asset, struct report_token *out,
    struct err *err)
{
	struct tokens *t = ctx;
	struct eth_addr x = A(TOKEN_X), y = A(TOKEN_Y), w = A(WETH);
	struct eth_addr e = A(TOKEN_ERR);

	t->calls++;
	if (memcmp(asset, &x, 20) == 0) {
		snprintf(out->symbol, sizeof(out->symbol), "%s", t->sym_x);
		out->decimals = 6;
		return 1;
	}
	if (memcmp(asset, &y, 20) == 0) {
		snprintf(out->symbol, sizeof(out->symbol), "%s", t->sym_y);
		out->decimals = 18;
		return 1;
	}
	if (memcmp(asset, &w, 20) == 0) {
		snprintf(out->symbol, sizeof(out->symbol), "WETH");
		out->decimals = 18;
		return 1;
	}
	if (memcmp(asset, &e, 20) == 0) {
		return err_set(err, ERR_STORE, 0, "token cache unreadable");
	}
	return 0;		/* TOKEN_Z: unknown */
}

/* ---- the hand-built trace ---- */

struct fixture {
	struct trace_query	 q;
	struct trace_result	 res;
	struct trace_path	 paths[2];
	struct trace_transfer	 hops_a[4], hops_b[3];
	struct trace_stopped	 stopped[5];
	struct tokens		 tok;
	struct report_check	 checks[5];
	struct report_input	 in;
};

static struct trace_transfer
T(uint64_t block, uint32_t txi, uint32_t order, uint8_t txn,
    struct eth_addr from, struct eth_addr to, struct eth_addr asset,
    const char *raw, int kind)
{
	struct trace_transfer t;

	memset(&t, 0, sizeof(t));
	t.block = block;
	/* synthetic: 13 s a block from 2022-03-23 10:29:22 UTC */
	t.timestamp = 1648031362 + (block - 14442835) * 13;
	t.tx_index = txi;
	t.order = order;
	t.tx_hash = HN(txn);
	t.from = from;
	t.to = to;
	t.asset = asset;
	t.amount = U(raw);
	t.kind = (uint8_t)kind;
	return t;
}

static struct trace_taint
TT(int model, struct eth_addr asset, const char *raw, const char *num,
    const char *den)
{
	struct trace_taint t;

	memset(&t, 0, sizeof(t));
	t.model = model;
	t.asset = asset;
	t.amount = U(raw);
	t.share_num = U(num);
	t.share_den = U(den);
	return t;
}

/*
 * Path A (hit): exploiter -native-> peel 11 -internal-> peel 22 -erc20 X->
 * peel 33 -mixer-> Tornado Cash 100 ETH pool. Path B (cash-out), seeded
 * by a tx: exploiter -native-> peel 44 -weth-> peel 55 -erc20 Y->
 * exchange (label: the hostile string). The result lists B before A, and
 * the stopped entries out of order, to exercise the sorting.
 */
static void
fixture_init(struct fixture *fx, const char *sym, const char *label)
{
	struct eth_addr eth = AN(0), x = A(TOKEN_X), y = A(TOKEN_Y);
	struct eth_addr weth = A(WETH), z = A(TOKEN_Z);
	struct trace_path *a = &fx->paths[1], *b = &fx->paths[0];
	struct trace_query *q = &fx->q;

	memset(fx, 0, sizeof(*fx));
	q->seeds[0].address = A(EXPLOITER);
	q->seeds[1].is_tx = 1;
	q->seeds[1].tx = HN(0xb0);
	q->nseeds = 2;
	q->direction = TRACE_FORWARD;
	q->hops = 5;
	q->from_block = 14442835;
	q->to_block = 14500000;
	q->models = TRACE_ALL_MODELS;
	q->min_value[0].asset = eth;
	q->min_value[0].amount = U("100000000000000000");
	q->min_value[1].asset = x;
	q->min_value[1].amount = U("1000000000");
	q->nmin_value = 2;
	q->dust[0].asset = eth;
	q->dust[0].amount = U("10000000000000000");
	q->ndust = 1;
	q->max_nodes = 100000;
	q->hub_degree = 200;
	if (date_parse(&q->at, "2022-03-29", 10) != 0) {
		abort();
	}

	fx->hops_a[0] = T(14442835, 10, 0, 0xa0, A(EXPLOITER), AN(0x11),
	    eth, "2000000000000000000000", TRACE_NATIVE);
	fx->hops_a[1] = T(14442840, 3, 2, 0xa1, AN(0x11), AN(0x22), eth,
	    "1999500000000000000000", TRACE_INTERNAL);
	fx->hops_a[2] = T(14443001, 7, 1, 0xa2, AN(0x22), AN(0x33), x,
	    "25500000000000", TRACE_ERC20);
	fx->hops_a[3] = T(14450000, 0, 3, 0xa3, AN(0x33), A(POOL100), eth,
	    "100000000000000000000", TRACE_MIXER);
	a->seed = q->seeds[0];
	a->end = TRACE_END_HIT;
	a->end_address = A(POOL100);
	a->category = WL_MIXER;
	snprintf(a->label, sizeof(a->label), "Tornado Cash 100 ETH");
	snprintf(a->source, sizeof(a->source), "mixers");
	a->hops = fx->hops_a;
	a->nhops = 4;
	a->taint[0] = TT(TRACE_POISON, eth, "100000000000000000000", "1",
	    "1");
	a->taint[1] = TT(TRACE_HAIRCUT, eth, "50000000000000000000", "1",
	    "2");
	a->taint[2] = TT(TRACE_FIFO, eth, "33333333333333333333", "1", "3");
	a->ntaint = 3;

	fx->hops_b[0] = T(14442900, 2, 0, 0xb0, A(EXPLOITER), AN(0x44), eth,
	    "10000000000000000000", TRACE_NATIVE);
	fx->hops_b[1] = T(14442950, 5, 1, 0xb1, AN(0x44), AN(0x55), weth,
	    "9900000000000000000", TRACE_WETH);
	fx->hops_b[2] = T(14443100, 9, 4, 0xb2, AN(0x55), A(EXCHANGE), y,
	    "1500000000000000000", TRACE_ERC20);
	b->seed = q->seeds[1];
	b->end = TRACE_END_CASHOUT;
	b->end_address = A(EXCHANGE);
	b->category = WL_EXCHANGE;
	snprintf(b->label, sizeof(b->label), "%s", label);
	snprintf(b->source, sizeof(b->source), "exchanges");
	b->hops = fx->hops_b;
	b->nhops = 3;
	/* the order the tracer gives them in is not the report's */
	b->taint[0] = TT(TRACE_FIFO, y, "0", "0", "0");
	b->taint[1] = TT(TRACE_POISON, y, "1500000000000000000", "1", "1");
	b->taint[2] = TT(TRACE_HAIRCUT, y, "1484999999999999999",
	    "9899999999999999999", "9999999999999999999");
	b->ntaint = 3;

	fx->stopped[0].address = AN(0x66);
	fx->stopped[0].reason = TRACE_STOP_DUST;
	fx->stopped[0].via = T(14451000, 1, 0, 0xc0, A(POOL100), AN(0x66),
	    eth, "5000000000000000", TRACE_MIXER);
	fx->stopped[1].address = A(ROUTER);
	fx->stopped[1].reason = TRACE_STOP_HUB;
	fx->stopped[1].via = T(14442841, 4, 1, 0xc1, AN(0x22), A(ROUTER),
	    eth, "2000000000000000000", TRACE_NATIVE);
	fx->stopped[2].address = AN(0x77);
	fx->stopped[2].reason = TRACE_STOP_HOPS;
	fx->stopped[2].via = T(14452000, 6, 0, 0xc2, AN(0x33), AN(0x77), x,
	    "7000000", TRACE_ERC20);
	fx->stopped[3].address = AN(0x88);
	fx->stopped[3].reason = TRACE_STOP_MIN_VALUE;
	fx->stopped[3].via = T(14442842, 8, 2, 0xc3, AN(0x11), AN(0x88), z,
	    "123456789", TRACE_ERC20);
	fx->stopped[4].address = AN(0x99);
	fx->stopped[4].reason = TRACE_STOP_MAX_NODES;
	fx->stopped[4].via = T(14443005, 2, 0, 0xc4, AN(0x22), AN(0x99), eth,
	    "300000000000000000", TRACE_INTERNAL);

	fx->res.paths = fx->paths;
	fx->res.npaths = 2;
	fx->res.stopped = fx->stopped;
	fx->res.nstopped = 5;
	fx->res.blocks = 57166;
	fx->res.blocks_without_traces = 3;
	fx->res.transfers = 1234;
	fx->res.edges = 56;
	fx->res.nodes = 40;
	fx->res.hits = 1;
	fx->res.cashouts = 1;

	fx->tok.sym_x = sym;
	fx->tok.sym_y = "<b>Y</b>";
	fx->checks[0] = (struct report_check){ "tx-hash", 1234, 1234 };
	fx->checks[1] = (struct report_check){ "sender", 1234, 1234 };
	fx->checks[2] = (struct report_check){ "tx-root", 57166, 57166 };
	fx->checks[3] = (struct report_check){ "receipts-root", 57166,
	    57166 };
	fx->checks[4] = (struct report_check){ "header-hash", 57166, 57166 };
	fx->in.query = &fx->q;
	fx->in.result = &fx->res;
	fx->in.token = token_cb;
	fx->in.token_ctx = &fx->tok;
	fx->in.verification.mode = "full";
	fx->in.verification.blocks = 57166;
	fx->in.verification.txs = 1234;
	fx->in.verification.checks = fx->checks;
	fx->in.verification.nchecks = 5;
	fx->in.strategy.scan = "cached block scan of 14442835-14500000";
	fx->in.strategy.receipts = "eth_getBlockReceipts";
	fx->in.strategy.traces = "debug_traceBlockByNumber";
	fx->in.version = "0.1.0";
}

/* ---- capturing output ---- */

struct out {
	char	*buf;
	size_t	 len;
};

static void
out_free(struct out *o)
{
	free(o->buf);
	o->buf = NULL;
	o->len = 0;
}

static int
render(struct out *o, enum report_format fmt, const struct report_input *in,
    struct err *err)
{
	FILE *f = open_memstream(&o->buf, &o->len);
	int rc;

	if (f == NULL) {
		abort();
	}
	rc = report_write(f, fmt, in, err);
	fclose(f);
	return rc;
}

/* Render with PATH set to path (NULL: unchanged). */
static int
render_path(struct out *o, enum report_format fmt,
    const struct report_input *in, const char *path, struct err *err)
{
	char *old = getenv("PATH") != NULL ? strdup(getenv("PATH")) : NULL;
	int rc;

	if (path != NULL) {
		setenv("PATH", path, 1);
	}
	rc = render(o, fmt, in, err);
	if (old != NULL) {
		setenv("PATH", old, 1);
		free(old);
	}
	return rc;
}

static char tmpdir[64];		/* empty: PATH for "no dot" */

static void
golden(const char *name, const struct out *o)
{
	const char *src = getenv("SCANNER_SRC");
	char path[4096], *want = NULL;
	FILE *f;
	long n = -1;

	snprintf(path, sizeof(path), "%s/tests/golden/%s",
	    src != NULL ? src : ".", name);
	if (getenv("SCANNER_REGOLD") != NULL) {
		f = fopen(path, "wb");
		if (f != NULL) {
			fwrite(o->buf, 1, o->len, f);
			fclose(f);
		}
	}
	f = fopen(path, "rb");
	if (f != NULL && fseek(f, 0, SEEK_END) == 0) {
		n = ftell(f);
		rewind(f);
		want = malloc((size_t)n + 1);
		if (want == NULL || fread(want, 1, (size_t)n, f) != (size_t)n) {
			n = -1;
		}
	}
	if (f != NULL) {
		fclose(f);
	}
	if (!tap_ok(n == (long)o->len && memcmp(want, o->buf, o->len) == 0,
	    "golden %s (%zu bytes)", name, o->len)) {
		printf("#   %s: %ld bytes, got %zu; run with SCANNER_REGOLD=1 "
		    "and diff\n", path, n, o->len);
	}
	free(want);
}

/* ---- inertness checks ---- */

/* Returns: 1 if s[0..n) has a control byte (other than allowed), DEL, a
 * C1 control in UTF-8, or a bidi override/isolate. */
static int
has_unsafe(const char *s, size_t n, const char *allowed)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	for (i = 0; i < n; i++) {
		if ((p[i] < 0x20 && strchr(allowed, p[i]) == NULL) ||
		    p[i] == 0x7f) {
			return 1;
		}
		if (p[i] == 0xc2 && i + 1 < n && p[i + 1] >= 0x80 &&
		    p[i + 1] <= 0x9f) {
			return 1;
		}
		if (p[i] == 0xe2 && i + 2 < n && ((p[i + 1] == 0x80 &&
		    p[i + 2] >= 0xaa && p[i + 2] <= 0xae) ||
		    (p[i + 1] == 0x81 && p[i + 2] >= 0xa6 &&
		    p[i + 2] <= 0xa9))) {
			return 1;
		}
	}
	return 0;
}

static int
contains(const struct out *o, const char *s)
{
	size_t n = strlen(s), i;

	for (i = 0; i + n <= o->len; i++) {
		if (memcmp(o->buf + i, s, n) == 0) {
			return 1;
		}
	}
	return 0;
}

static int
contains_ci(const struct out *o, const char *s)
{
	size_t n = strlen(s), i, j;

	for (i = 0; i + n <= o->len; i++) {
		for (j = 0; j < n; j++) {
			int c = (unsigned char)o->buf[i + j];

			if (c >= 'A' && c <= 'Z') {
				c += 'a' - 'A';
			}
			if (c != s[j]) {
				break;
			}
		}
		if (j == n) {
			return 1;
		}
	}
	return 0;
}

/* Returns: 1 if an on...= event attribute occurs. */
static int
has_on_attr(const struct out *o)
{
	size_t i, j;

	for (i = 0; i + 3 < o->len; i++) {
		if (o->buf[i] == '\0' || !strchr(" \t\n", o->buf[i]) ||
		    (o->buf[i + 1] | 0x20) != 'o' ||
		    (o->buf[i + 2] | 0x20) != 'n') {
			continue;
		}
		for (j = i + 3; j < o->len && ((o->buf[j] | 0x20) >= 'a' &&
		    (o->buf[j] | 0x20) <= 'z'); j++) {
		}
		if (j > i + 3 && j < o->len && o->buf[j] == '=') {
			return 1;
		}
	}
	return 0;
}

/*
 * Split RFC 4180 CSV (CRLF records) into cells. Returns: rows, or -1 if
 * malformed; each row's cell count in ncells[], cells (unquoted) in
 * cells[row][col] (static storage, small inputs only).
 */
#define CSV_ROWS	16
#define CSV_COLS	40
static char csv_cells[CSV_ROWS][CSV_COLS][256];
static int csv_ncells[CSV_ROWS];

static int
csv_parse(const char *s, size_t n)
{
	size_t i = 0, k;
	int row = 0, col;

	while (i < n) {
		if (row >= CSV_ROWS) {
			return -1;
		}
		col = 0;
		for (;;) {
			if (col >= CSV_COLS) {
				return -1;
			}
			k = 0;
			if (i < n && s[i] == '"') {
				i++;
				for (;;) {
					if (i >= n) {
						return -1;
					}
					if (s[i] == '"' && i + 1 < n &&
					    s[i + 1] == '"') {
						i += 2;
						csv_cells[row][col][k++] = '"';
					} else if (s[i] == '"') {
						i++;
						break;
					} else {
						csv_cells[row][col][k++] =
						    s[i++];
					}
					if (k >= 255) {
						return -1;
					}
				}
			} else {
				while (i < n && s[i] != ',' && s[i] != '\r' &&
				    s[i] != '"' && s[i] != '\n') {
					csv_cells[row][col][k++] = s[i++];
					if (k >= 255) {
						return -1;
					}
				}
			}
			csv_cells[row][col][k] = '\0';
			col++;
			if (i < n && s[i] == ',') {
				i++;
				continue;
			}
			if (i + 1 < n && s[i] == '\r' && s[i + 1] == '\n') {
				i += 2;
				break;
			}
			return -1;
		}
		csv_ncells[row++] = col;
	}
	return row;
}

/* Every quote of the DOT is escaped or delimits a string, strings close
 * on their line, & appears only as &amp;, no HTML-like label. */
static int
dot_ok(const struct out *o)
{
	size_t i;
	int in = 0;

	for (i = 0; i < o->len; i++) {
		char c = o->buf[i];

		if (in && c == '\\') {
			i++;
			if (i >= o->len || (o->buf[i] != '"' &&
			    o->buf[i] != '\\' && o->buf[i] != 'n')) {
				return 0;
			}
			continue;
		}
		if (c == '"') {
			in = !in;
		} else if (c == '\n' && in) {
			return 0;
		} else if (c == '&' && (i + 5 > o->len ||
		    memcmp(o->buf + i, "&amp;", 5) != 0)) {
			return 0;
		} else if (!in && c == '<') {
			return 0;
		}
	}
	return !in;
}

static void
check_inert(const char *h, size_t hi)
{
	struct fixture fx;
	struct out o = { NULL, 0 };
	struct err err;
	json_t *doc, *sym;
	json_error_t je;
	int rows, r, c, bad;

	fixture_init(&fx, h, h);

	TAP_INT(render(&o, REPORT_TEXT, &fx.in, &err), 0,
	    "hostile %zu: text written", hi);
	tap_ok(!has_unsafe(o.buf, o.len, "\n"),
	    "hostile %zu: text has no control or bidi character", hi);
	out_free(&o);

	TAP_INT(render(&o, REPORT_JSON, &fx.in, &err), 0,
	    "hostile %zu: json written", hi);
	tap_ok(!has_unsafe(o.buf, o.len, "\n"),
	    "hostile %zu: json has no raw control or bidi character", hi);
	doc = json_loadb(o.buf, o.len, 0, &je);
	sym = json_object_get(json_array_get(json_object_get(json_array_get(
	    json_object_get(doc, "paths"), 0), "hops"), 2), "symbol");
	TAP_STR(json_string_value(sym), h,
	    "hostile %zu: json parses, symbol comes back exactly", hi);
	TAP_STR(json_string_value(json_object_get(json_object_get(
	    json_array_get(json_object_get(doc, "paths"), 1), "hit"),
	    "label")), h, "hostile %zu: json label comes back exactly", hi);
	json_decref(doc);
	out_free(&o);

	TAP_INT(render(&o, REPORT_CSV, &fx.in, &err), 0,
	    "hostile %zu: csv written", hi);
	tap_ok(!has_unsafe(o.buf, o.len, "\r\n"),
	    "hostile %zu: csv has no control or bidi character", hi);
	rows = csv_parse(o.buf, o.len);
	TAP_INT(rows, 8, "hostile %zu: csv parses per RFC 4180, 7 hops", hi);
	bad = 0;
	for (r = 0; r < rows; r++) {
		bad += csv_ncells[r] != 30;
		for (c = 0; c < csv_ncells[r]; c++) {
			bad += strchr("=+-@\t\r", csv_cells[r][c][0]) != NULL &&
			    csv_cells[r][c][0] != '\0';
		}
	}
	TAP_INT(bad, 0, "hostile %zu: csv: 30 cells a row, no cell a "
	    "formula", hi);
	out_free(&o);

	TAP_INT(render(&o, REPORT_DOT, &fx.in, &err), 0,
	    "hostile %zu: dot written", hi);
	tap_ok(!has_unsafe(o.buf, o.len, "\n\t"),
	    "hostile %zu: dot has no control or bidi character", hi);
	tap_ok(dot_ok(&o), "hostile %zu: dot strings well escaped", hi);
	out_free(&o);

	TAP_INT(render_path(&o, REPORT_HTML, &fx.in, tmpdir, &err), 0,
	    "hostile %zu: html written", hi);
	tap_ok(!has_unsafe(o.buf, o.len, "\n"),
	    "hostile %zu: html has no control or bidi character", hi);
	tap_ok(!contains_ci(&o, "<script") && !contains(&o, "=HYPERLINK(\"")
	    && !contains_ci(&o, "href=") && !contains_ci(&o, "src="),
	    "hostile %zu: html has no script, raw quote, link or source", hi);
	out_free(&o);
}

/* ---- tests ---- */

static void
test_goldens(void)
{
	static const struct {
		enum report_format	 fmt;
		const char		*name;
	} t[] = {
		{ REPORT_TEXT, "report.txt" },
		{ REPORT_JSON, "report.json" },
		{ REPORT_CSV, "report.csv" },
		{ REPORT_DOT, "report.dot" },
		{ REPORT_HTML, "report.html" },
	};
	struct fixture fx;
	struct out o = { NULL, 0 }, o2 = { NULL, 0 };
	struct err err;
	struct trace_path swapped[2];
	struct trace_stopped rev[5];
	size_t i, j;

	/* a hostile symbol and a hostile label in the goldens too */
	fixture_init(&fx, "=HYPERLINK(\"http://x\")",
	    "\"\x1b]0;pwn\x07 <script>alert(1)</script> \xe2\x80\xae");
	for (i = 0; i < N(t); i++) {
		fx.tok.calls = 0;
		TAP_INT(render_path(&o, t[i].fmt, &fx.in, tmpdir, &err), 0,
		    "%s: written", t[i].name);
		TAP_INT(fx.tok.calls, 4, "%s: each of 4 tokens looked up once",
		    t[i].name);
		golden(t[i].name, &o);
		TAP_INT(render_path(&o2, t[i].fmt, &fx.in, tmpdir, &err), 0,
		    "%s: written again", t[i].name);
		tap_ok(o.len == o2.len && memcmp(o.buf, o2.buf, o.len) == 0,
		    "%s: deterministic (two writes equal)", t[i].name);
		out_free(&o2);

		/* the tracer's order must not matter */
		swapped[0] = fx.paths[1];
		swapped[1] = fx.paths[0];
		for (j = 0; j < 5; j++) {
			rev[j] = fx.stopped[4 - j];
		}
		fx.res.paths = swapped;
		fx.res.stopped = rev;
		TAP_INT(render_path(&o2, t[i].fmt, &fx.in, tmpdir, &err), 0,
		    "%s: written from reordered result", t[i].name);
		tap_ok(o.len == o2.len && memcmp(o.buf, o2.buf, o.len) == 0,
		    "%s: same bytes whatever the result's order", t[i].name);
		fx.res.paths = fx.paths;
		fx.res.stopped = fx.stopped;
		out_free(&o);
		out_free(&o2);
	}
}

static const char *
jstr(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static long long
jint(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);

	return json_is_integer(v) ? json_integer_value(v) : -1;
}

/* Keys of o, in order, joined by ','. */
static const char *
keys(json_t *o, char *buf, size_t n)
{
	const char *k;
	json_t *v;
	size_t len = 0;

	buf[0] = '\0';
	json_object_foreach(o, k, v) {
		len += (size_t)snprintf(buf + len, n - len, "%s%s",
		    len > 0 ? "," : "", k);
		if (len >= n) {
			break;
		}
	}
	return buf;
}

static void
test_json_fields(void)
{
	static const char *const kinds[] = {
		"native", "internal", "erc20", "mixer"
	};
	static const char *const reasons[] = {
		"hub", "hops", "min-value", "max-nodes", "dust"
	};
	struct fixture fx;
	struct out o = { NULL, 0 };
	struct err err;
	json_error_t je;
	json_t *doc, *q, *p, *h, *t, *s;
	char buf[512];
	size_t i;

	fixture_init(&fx, "USDX", "Binance 14");
	TAP_INT(render(&o, REPORT_JSON, &fx.in, &err), 0, "json: written");
	doc = json_loadb(o.buf, o.len, 0, &je);
	if (!tap_ok(doc != NULL, "json: parses back (jansson)")) {
		printf("#   %s at line %d\n", je.text, je.line);
		out_free(&o);
		return;
	}
	TAP_STR(keys(doc, buf, sizeof(buf)), "schema,version,query,"
	    "verification,strategy,paths,stopped,summary",
	    "json: top-level keys");
	TAP_STR(jstr(doc, "schema"), "scanner.trace/1", "json: schema");
	TAP_STR(jstr(doc, "version"), "0.1.0", "json: version");
	q = json_object_get(doc, "query");
	TAP_STR(keys(q, buf, sizeof(buf)), "seeds,direction,hops,from_block,"
	    "to_block,models,min_value,dust,max_nodes,hub_degree,at",
	    "json: query keys");
	TAP_STR(json_string_value(json_array_get(json_object_get(q, "seeds"),
	    0)), "0x098B716B8Aaf21512996dC57EB0615e2383E2f96",
	    "json: address seed in EIP-55");
	TAP_INT(strlen(json_string_value(json_array_get(json_object_get(q,
	    "seeds"), 1))), 66, "json: tx seed as a 0x hash");
	TAP_STR(jstr(q, "direction"), "forward", "json: direction");
	TAP_INT(jint(q, "from_block"), 14442835, "json: from_block");
	TAP_INT(json_array_size(json_object_get(q, "models")), 3,
	    "json: three models");
	TAP_STR(jstr(json_array_get(json_object_get(q, "min_value"), 1),
	    "amount"), "1000", "json: min_value token, decimals applied");
	TAP_STR(jstr(q, "at"), "2022-03-29", "json: at");
	TAP_STR(keys(json_object_get(doc, "verification"), buf, sizeof(buf)),
	    "mode,blocks,txs,failures,checks", "json: verification keys");
	TAP_STR(jstr(json_array_get(json_object_get(json_object_get(doc,
	    "verification"), "checks"), 1), "name"), "sender",
	    "json: verification check name");
	s = json_object_get(doc, "strategy");
	TAP_STR(jstr(s, "scan"), "cached block scan of 14442835-14500000",
	    "json: strategy scan");
	TAP_INT(jint(s, "blocks_without_traces"), 3,
	    "json: strategy blocks without traces");

	TAP_INT(json_array_size(json_object_get(doc, "paths")), 2,
	    "json: two paths");
	p = json_array_get(json_object_get(doc, "paths"), 0);
	TAP_STR(keys(p, buf, sizeof(buf)), "id,seed,end,hit,hops,taint,"
	    "taints", "json: path keys");
	TAP_STR(jstr(p, "end"), "hit", "json: hit path sorted first");
	h = json_object_get(p, "hit");
	TAP_STR(keys(h, buf, sizeof(buf)), "address,category,label,source",
	    "json: hit keys");
	TAP_STR(jstr(h, "address"),
	    "0xA160cdAB225685dA1d56aa342Ad8841c3b53f291",
	    "json: hit address EIP-55");
	TAP_STR(jstr(h, "category"), "mixer", "json: hit category");
	TAP_STR(jstr(h, "label"), "Tornado Cash 100 ETH", "json: hit label");
	TAP_STR(jstr(h, "source"), "mixers", "json: hit source");
	TAP_INT(json_array_size(json_object_get(p, "hops")), 4,
	    "json: four hops");
	for (i = 0; i < 4; i++) {
		h = json_array_get(json_object_get(p, "hops"), i);
		TAP_STR(jstr(h, "kind"), kinds[i], "json: hop %zu kind", i);
	}
	h = json_array_get(json_object_get(p, "hops"), 0);
	TAP_STR(keys(h, buf, sizeof(buf)), "from,to,tx,block,timestamp,"
	    "tx_index,order,kind,asset,symbol,decimals,amount,amount_raw",
	    "json: hop keys");
	TAP_STR(jstr(h, "asset"), "ETH", "json: ETH asset");
	TAP_STR(jstr(h, "symbol"), "ETH", "json: ETH symbol");
	TAP_STR(jstr(h, "amount"), "2000", "json: amount in ETH");
	TAP_STR(jstr(h, "amount_raw"), "2000000000000000000000",
	    "json: amount_raw in wei");
	TAP_INT(jint(h, "timestamp"), 1648031362, "json: timestamp");
	h = json_array_get(json_object_get(p, "hops"), 2);
	TAP_STR(jstr(h, "asset"), "0xBaD0000000000000000000000000000000000001",
	    "json: token asset as its EIP-55 address");
	TAP_STR(jstr(h, "symbol"), "USDX", "json: token symbol");
	TAP_STR(jstr(h, "amount"), "25500000", "json: token decimals applied");
	t = json_object_get(p, "taint");
	TAP_STR(keys(t, buf, sizeof(buf)), "model,asset,symbol,decimals,"
	    "amount,amount_raw,share", "json: taint keys");
	TAP_STR(jstr(t, "model"), "poison", "json: primary taint is poison");
	TAP_STR(jstr(t, "share"), "1", "json: poison share");
	t = json_array_get(json_object_get(p, "taints"), 2);
	TAP_STR(jstr(t, "model"), "fifo", "json: taints in model order");
	TAP_STR(jstr(t, "amount"), "33.333333333333333333",
	    "json: fifo amount exact");
	TAP_STR(jstr(t, "share"), "0.333333333333333333",
	    "json: share 1/3 to 18 digits");

	p = json_array_get(json_object_get(doc, "paths"), 1);
	TAP_STR(jstr(p, "end"), "cash-out", "json: cash-out path");
	TAP_STR(jstr(json_object_get(p, "hit"), "category"), "exchange",
	    "json: cash-out names its listing");
	TAP_STR(jstr(json_array_get(json_object_get(p, "hops"), 1), "kind"),
	    "weth", "json: weth kind");
	TAP_STR(jstr(json_object_get(p, "taint"), "model"), "poison",
	    "json: primary taint found whatever the tracer's order");
	t = json_array_get(json_object_get(p, "taints"), 2);
	tap_ok(json_is_null(json_object_get(t, "share")),
	    "json: share null when nothing was received");
	t = json_array_get(json_object_get(p, "taints"), 1);
	TAP_STR(jstr(t, "share"), "0.989999999999999999",
	    "json: share truncated, not rounded");

	TAP_INT(json_array_size(json_object_get(doc, "stopped")), 5,
	    "json: five stopped");
	for (i = 0; i < 5; i++) {
		s = json_array_get(json_object_get(doc, "stopped"), i);
		TAP_STR(jstr(s, "reason"), reasons[i],
		    "json: stopped %zu reason", i);
	}
	s = json_array_get(json_object_get(doc, "stopped"), 2);
	TAP_STR(jstr(json_object_get(s, "via"), "amount"), "123456789",
	    "json: unknown token: amount raw");
	tap_ok(json_is_null(json_object_get(json_object_get(s, "via"),
	    "symbol")), "json: unknown token: symbol null");
	s = json_object_get(doc, "summary");
	TAP_STR(keys(s, buf, sizeof(buf)), "paths,hits,cashouts,stopped,"
	    "blocks,blocks_without_traces,transfers,edges,nodes",
	    "json: summary keys");
	TAP_INT(jint(s, "hits"), 1, "json: summary hits");
	TAP_INT(jint(s, "cashouts"), 1, "json: summary cash-outs");
	json_decref(doc);
	out_free(&o);

	/* one model: no "taints" */
	fx.q.models = TRACE_HAIRCUT;
	TAP_INT(render(&o, REPORT_JSON, &fx.in, &err), 0,
	    "json: one model written");
	doc = json_loadb(o.buf, o.len, 0, &je);
	p = json_array_get(json_object_get(doc, "paths"), 0);
	TAP_STR(jstr(json_object_get(p, "taint"), "model"), "haircut",
	    "json: the only model is primary");
	tap_ok(json_object_get(p, "taints") == NULL,
	    "json: no taints with one model");
	json_decref(doc);
	out_free(&o);
}

static void
test_empty(void)
{
	struct fixture fx;
	struct out o = { NULL, 0 };
	struct err err;
	json_t *doc;
	static const enum report_format fmts[] = {
		REPORT_TEXT, REPORT_JSON, REPORT_CSV, REPORT_DOT, REPORT_HTML
	};
	size_t i;

	fixture_init(&fx, "X", "Y");
	fx.res.npaths = 0;
	fx.res.nstopped = 0;
	fx.in.token = NULL;
	fx.in.strategy.traces = NULL;
	fx.in.verification.checks = NULL;
	fx.in.verification.nchecks = 0;
	for (i = 0; i < N(fmts); i++) {
		TAP_INT(render_path(&o, fmts[i], &fx.in, tmpdir, &err), 0,
		    "empty result: format %zu written", i);
		if (fmts[i] == REPORT_JSON) {
			doc = json_loadb(o.buf, o.len, 0, NULL);
			tap_ok(doc != NULL && json_array_size(json_object_get(
			    doc, "paths")) == 0 && json_is_null(
			    json_object_get(json_object_get(doc, "strategy"),
			    "traces")), "empty result: json valid, no paths, "
			    "traces null");
			json_decref(doc);
		}
		if (fmts[i] == REPORT_CSV) {
			TAP_INT(csv_parse(o.buf, o.len), 1,
			    "empty result: csv header only");
		}
		if (fmts[i] == REPORT_TEXT) {
			tap_ok(contains(&o, "paths 0 (hits 0, cash-outs 0)"),
			    "empty result: text summary");
		}
		out_free(&o);
	}
}

static void
test_errors(void)
{
	struct fixture fx;
	struct out o = { NULL, 0 };
	struct err err;
	FILE *f;

	fixture_init(&fx, "X", "Y");
	fx.hops_a[2].asset = A(TOKEN_ERR);
	memset(&err, 0, sizeof(err));
	TAP_INT(render(&o, REPORT_JSON, &fx.in, &err), -1,
	    "token lookup failing fails the report");
	TAP_INT(err.code, ERR_STORE, "its err is passed on");
	TAP_STR(err.msg, "token cache unreadable", "its message is kept");
	out_free(&o);

	fixture_init(&fx, "X", "Y");
	f = fopen("/dev/full", "w");
	if (f == NULL) {
		tap_ok(1, "# SKIP no /dev/full");
		return;
	}
	memset(&err, 0, sizeof(err));
	TAP_INT(report_write(f, REPORT_TEXT, &fx.in, &err), -1,
	    "a write error fails the report");
	TAP_INT(err.code, ERR_SYS, "as ERR_SYS");
	fclose(f);

	TAP_INT(report_format_parse("html"), REPORT_HTML, "format html");
	TAP_INT(report_format_parse("json"), REPORT_JSON, "format json");
	TAP_INT(report_format_parse("pdf"), -1, "format pdf unknown");
}

/* Write an executable script called dot into dir. */
static void
fake_dot(const char *dir, const char *body)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/dot", dir);
	f = fopen(path, "w");
	if (f == NULL) {
		abort();
	}
	fprintf(f, "#!/bin/sh\n%s", body);
	fclose(f);
	chmod(path, 0755);
}

static void
test_html_graph(void)
{
	struct fixture fx;
	struct out o = { NULL, 0 }, o2 = { NULL, 0 };
	struct err err;
	char dir[64], path[256], cwd[4096], *p, *e;
	const char *env = getenv("PATH");
	int have_dot = 0;

	fixture_init(&fx, "=HYPERLINK(\"http://x\")",
	    "<script>alert(1)</script>");

	/* without dot: a table of edges */
	TAP_INT(render_path(&o, REPORT_HTML, &fx.in, tmpdir, &err), 0,
	    "html without dot: written");
	tap_ok(!contains(&o, "<svg") && contains(&o, "was not available"),
	    "html without dot: no svg, says so");
	tap_ok(contains(&o, "to a stopped address"),
	    "html without dot: edges table with stopped edges");
	tap_ok(contains(&o, "&lt;script&gt;alert(1)&lt;/script&gt;"),
	    "html without dot: label escaped");
	out_free(&o);

	/* a dot that writes hostile SVG: sanitised on the way in */
	snprintf(dir, sizeof(dir), "/tmp/test_report_dotXXXXXX");
	if (mkdtemp(dir) == NULL) {
		abort();
	}
	fake_dot(dir, ""
	    "printf '<?xml version=\"1.0\"?>\\n<!DOCTYPE svg PUBLIC "
	    "\"-//W3C//DTD SVG 1.1//EN\" \"x.dtd\">\\n<!-- c -->\\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\" "
	    "width=\"10pt\">\\n<script>alert(2)</script>"
	    "<g id=\"n\" OnClick=\"alert(3)\"><a xlink:href=\"javascript:"
	    "alert(4)\"><text x=\"1\">&lt;b&gt;</text></a></g>"
	    "<foreignObject><div>x</div></foreignObject></svg>\\n'\n");
	TAP_INT(render_path(&o, REPORT_HTML, &fx.in, dir, &err), 0,
	    "html with a hostile dot: written");
	tap_ok(contains(&o, "<svg width=\"10pt\">") &&
	    contains(&o, "<g id=\"n\"><a><text x=\"1\">&lt;b&gt;</text></a>"
	    "</g></svg>"), "html with a hostile dot: its drawing kept");
	tap_ok(!contains_ci(&o, "alert(1)\"") && !contains_ci(&o,
	    "alert(2)") && !contains_ci(&o, "alert(3)") &&
	    !contains_ci(&o, "javascript") && !contains_ci(&o, "<div>x") &&
	    !contains_ci(&o, "<!doctype svg") && !contains_ci(&o, "<?xml"),
	    "html with a hostile dot: script, handlers, links, foreign "
	    "content and prolog gone");
	out_free(&o);

	/* a dot that fails, or writes something not well formed */
	fake_dot(dir, "echo '<svg>'\nexit 1\n");
	TAP_INT(render_path(&o, REPORT_HTML, &fx.in, dir, &err), 0,
	    "html with a failing dot: written");
	tap_ok(!contains(&o, "<svg") && contains(&o, "was not available"),
	    "html with a failing dot: falls back to the table");
	out_free(&o);
	fake_dot(dir, "echo '<svg><g onload=x'\n");
	TAP_INT(render_path(&o, REPORT_HTML, &fx.in, dir, &err), 0,
	    "html with a truncated svg: written");
	tap_ok(!contains(&o, "<svg") && contains(&o, "was not available"),
	    "html with a truncated svg: falls back to the table");
	out_free(&o);

	/* a dot only in a relative PATH entry is never run */
	if (getcwd(cwd, sizeof(cwd)) != NULL && chdir(dir) == 0) {
		fake_dot(dir, "echo '<svg></svg>'\n");
		TAP_INT(render_path(&o, REPORT_HTML, &fx.in, ":.", &err), 0,
		    "html with dot only in '.': written");
		tap_ok(!contains(&o, "<svg"),
		    "html: relative and empty PATH entries not searched");
		out_free(&o);
		if (chdir(cwd) != 0) {
			abort();
		}
	}
	snprintf(path, sizeof(path), "%s/dot", dir);
	unlink(path);
	rmdir(dir);

	/* the real Graphviz, when installed */
	p = env != NULL ? strdup(env) : NULL;
	for (e = p != NULL ? strtok(p, ":") : NULL; e != NULL;
	    e = strtok(NULL, ":")) {
		snprintf(path, sizeof(path), "%s/dot", e);
		if (e[0] == '/' && access(path, X_OK) == 0) {
			have_dot = 1;
		}
	}
	free(p);
	if (!have_dot) {
		printf("ok %d - # SKIP Graphviz dot not installed\n", ++tap_n);
		return;
	}
	TAP_INT(render_path(&o, REPORT_HTML, &fx.in, NULL, &err), 0,
	    "html with graphviz: written");
	tap_ok(contains(&o, "<svg") && contains(&o, "</svg>") &&
	    !contains(&o, "was not available"), "html with graphviz: svg "
	    "inlined");
	tap_ok(contains(&o, "&lt;script&gt;alert(1)&lt;/script&gt;") &&
	    !contains_ci(&o, "<script") && !has_on_attr(&o) &&
	    !contains_ci(&o, "href=") && !contains_ci(&o, "xmlns"),
	    "html with graphviz: label escaped, no script, handler, link");
	tap_ok(!has_unsafe(o.buf, o.len, "\n"),
	    "html with graphviz: no control or bidi character");
	TAP_INT(render_path(&o2, REPORT_HTML, &fx.in, NULL, &err), 0,
	    "html with graphviz: written again");
	tap_ok(o.len == o2.len && memcmp(o.buf, o2.buf, o.len) == 0,
	    "html with graphviz: deterministic");
	out_free(&o);
	out_free(&o2);
}

static char *
capture(void (*fn)(FILE *, const char *), const char *s)
{
	static char buf[512];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	if (f == NULL) {
		abort();
	}
	fn(f, s);
	fputc('\0', f);
	fclose(f);
	return buf;
}

static void
text_fn(FILE *f, const char *s)
{
	report_text(f, s);
}

static void
pad_fn(FILE *f, const char *s)
{
	report_text_pad(f, s, 6);
}

static void
test_escapes(void)
{
	static const struct {
		void		(*fn)(FILE *, const char *);
		const char	*in, *want, *what;
	} t[] = {
		{ text_fn, "Tornado Cash", "Tornado Cash", "text plain" },
		{ text_fn, "a\x1b]0;pwn\x07z", "a?]0;pwn?z", "text C0" },
		{ text_fn, "a\xc2\x9b" "1m", "a?1m", "text C1 (CSI)" },
		{ text_fn, "\xe2\x80\xae" "exe", "?exe", "text U+202E" },
		{ text_fn, "\xe2\x81\xa6x", "?x", "text U+2066" },
		{ text_fn, "\xff\xc3", "??", "text invalid UTF-8" },
		{ text_fn, "\xc3\xa9t\xc3\xa9", "\xc3\xa9t\xc3\xa9",
		    "text UTF-8 kept" },
		{ pad_fn, "\xc3\xa9t", "\xc3\xa9t    ", "pad in code points" },
		{ report_csv_cell, "", "", "csv empty" },
		{ report_csv_cell, "abc", "abc", "csv plain" },
		{ report_csv_cell, "=1+1", "\"'=1+1\"", "csv =" },
		{ report_csv_cell, "+1", "\"'+1\"", "csv +" },
		{ report_csv_cell, "-1", "\"'-1\"", "csv -" },
		{ report_csv_cell, "@SUM(A1)", "\"'@SUM(A1)\"", "csv @" },
		{ report_csv_cell, "\tx", "\"'?x\"", "csv tab" },
		{ report_csv_cell, "\rx", "\"'?x\"", "csv CR" },
		{ report_csv_cell, "a,\"b\"", "\"a,\"\"b\"\"\"",
		    "csv comma and quotes" },
		{ report_csv_cell, "a\nb", "\"a?b\"", "csv newline" },
		{ report_csv_cell, " x", "\" x\"", "csv leading space" },
		{ report_json_str, "a\"b\\c", "\"a\\\"b\\\\c\"", "json quote" },
		{ report_json_str, "\x1b\x7f", "\"\\u001b\\u007f\"",
		    "json controls" },
		{ report_json_str, "\xe2\x80\xae", "\"\\u202e\"",
		    "json U+202E" },
		{ report_json_str, "\xc2\x85", "\"\\u0085\"", "json C1" },
		{ report_json_str, "a\xffz", "\"a\\ufffdz\"", "json invalid" },
		{ report_json_str, "\xc3\xa9", "\"\xc3\xa9\"", "json UTF-8" },
		{ report_html, "<a href='x'>\"&\"</a>",
		    "&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;",
		    "html entities" },
		{ report_html, "\x1b\xe2\x80\xae", "??", "html controls" },
		{ report_dot, "a\"b\\c", "a\\\"b\\\\c",
		    "dot quote, backslash" },
		{ report_dot, "x\ny\\N", "x?y\\\\N", "dot newline, \\N" },
		{ report_dot, "&#x202e;", "&amp;#x202e;", "dot entity" },
		{ report_dot, "<b>", "<b>", "dot inside quotes" },
	};
	size_t i;

	for (i = 0; i < N(t); i++) {
		TAP_STR(capture(t[i].fn, t[i].in), t[i].want, "escape: %s",
		    t[i].what);
	}
}

static void
test_share(void)
{
	static const struct {
		const char *num, *den, *want;
	} t[] = {
		{ "1", "1", "1" },
		{ "1", "2", "0.5" },
		{ "1", "3", "0.333333333333333333" },
		{ "2", "3", "0.666666666666666666" },
		{ "0", "5", "0" },
		{ "5", "4", "1.25" },
		{ "1", "1000000000000000000", "0.000000000000000001" },
		{ "1", "1000000000000000001", "0" },
		/* 2^256-2 / 2^256-1: 10*rem does not fit 256 bits */
		{ "115792089237316195423570985008687907853269984665640564039457"
		  "584007913129639934",
		  "115792089237316195423570985008687907853269984665640564039457"
		  "584007913129639935", "0.999999999999999999" },
		{ "1", "1157920892373161954235709850086879078532699846656405640"
		  "39457584007913129639935", "0" },
	};
	char out[REPORT_SHARE_MAX];
	struct u256 n, d;
	size_t i;

	for (i = 0; i < N(t); i++) {
		n = U(t[i].num);
		d = U(t[i].den);
		TAP_INT(report_share(out, &n, &d), 1, "share %s/%s computed",
		    t[i].num, t[i].den);
		TAP_STR(out, t[i].want, "share %zu", i);
	}
	u256_zero(&d);
	TAP_INT(report_share(out, &n, &d), 0, "share x/0: none");
}

static void
test_sanitise(void)
{
	static const struct {
		const char *in, *want;
		int rc;
	} t[] = {
		{ "<svg width=\"1\"><g id='a\"b'><text>x &amp; y</text></g>"
		  "<path d=\"M0\"/></svg>",
		  "<svg width=\"1\"><g id=\"a&quot;b\"><text>x &amp; y</text>"
		  "</g><path d=\"M0\"/></svg>", 0 },
		{ "<?xml version=\"1.0\"?><!DOCTYPE svg><!-- x --><svg/>",
		  "<svg/>", 0 },
		{ "<svg><SCRIPT type=\"a\">alert(1)</script ><g/></svg>",
		  "<svg><g/></svg>", 0 },
		{ "<svg><script/><style>@import url(x)</style></svg>",
		  "<svg></svg>", 0 },
		{ "<svg onload=\"x\" ONERROR='y' xmlns:xlink=\"u\" "
		  "style=\"s\"></svg>", "<svg></svg>", 0 },
		{ "<a xlink:href=\"http://x\" href=\"y\" target=\"_top\">t</a>",
		  "<a target=\"_top\">t</a>", 0 },
		{ "<g fill=\"javascript:x\"/>", "<g/>", 0 },
		{ "<svg><![CDATA[<script>x</script>]]></svg>", "<svg></svg>",
		  0 },
		{ "<svg><animate attributeName=\"href\" to=\"x\"/></svg>",
		  "<svg></svg>", 0 },
		{ "<svg", "", 1 },
		{ "<svg a=b></svg>", "", 1 },
		{ "<svg a=\"<\"></svg>", "", 1 },
		{ "<svg><script>x</svg>", "", 1 },
		{ "<!DOCTYPE x [<!ENTITY e \"z\">]><svg/>", "", 1 },
		{ "<svg><!-- x </svg>", "", 1 },
		{ "< svg>", "", 1 },
	};
	char *out;
	size_t i;
	int rc;

	for (i = 0; i < N(t); i++) {
		rc = report_svg_sanitise(&out, t[i].in, strlen(t[i].in));
		TAP_INT(rc, t[i].rc, "sanitise %zu: result", i);
		if (rc == 0) {
			TAP_STR(out, t[i].want, "sanitise %zu: output", i);
		}
		free(out);
	}
}

int
main(void)
{
	size_t i;

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_report_emptyXXXXXX");
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	test_escapes();
	test_share();
	test_sanitise();
	test_goldens();
	test_json_fields();
	for (i = 0; i < N(hostile); i++) {
		check_inert(hostile[i], i);
	}
	test_empty();
	test_errors();
	test_html_graph();
	rmdir(tmpdir);
	return tap_done();
}
