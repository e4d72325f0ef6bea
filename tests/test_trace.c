/*
 * test_trace.c - the tracer: known answers first (the event topics are the
 * Keccak-256 of their signatures; the built-in pools are the rows of
 * watchlist-sources/tornado-pools.csv; exact fraction arithmetic), then
 * transfer extraction from hand-built blocks, then searches over small
 * chains written into a fresh store, every path, hop, amount and model's
 * tainted amount computed by hand in the comments.
 *
 * Amounts are in raw units (wei, token units); blocks are 12 s apart from
 * 1700000000 (2023-11-14).
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "date.h"
#include "hash.h"
#include "hex.h"
#include "store.h"
#include "tap.h"
#include "trace.h"
#include "trace_int.h"
#include "wl.h"

static char root[64];

/* ---- small values ---- */

static struct eth_addr
X(uint8_t v)
{
	struct eth_addr a;

	memset(a.b, v, sizeof(a.b));
	return a;
}

static struct u256
U(uint64_t v)
{
	struct u256 u;

	u256_from_u64(&u, v);
	return u;
}

static int
ueq(const struct u256 *a, uint64_t v)
{
	struct u256 b = U(v);

	return u256_cmp(a, &b) == 0;
}

static int
aeq(const struct eth_addr *a, const struct eth_addr *b)
{
	return memcmp(a->b, b->b, 20) == 0;
}

static const char *
udec(const struct u256 *a)
{
	static char buf[4][U256_DEC_MAX];
	static int k;

	k = (k + 1) % 4;
	u256_to_dec(buf[k], a);
	return buf[k];
}

/* A pointer to a u256 of small value v (a compound literal). */
#define UP(v)	(&(struct u256){ { (v), 0, 0, 0 } })

#define TAP_U(got, want, ...) do {					\
	if (!tap_ok(ueq((got), (want)), __VA_ARGS__)) {			\
		printf("#   got:  %s\n#   want: %llu\n", udec(got),	\
		    (unsigned long long)(want));			\
	}								\
} while (0)

/* The cast of addresses. */
#define S	X(0x51)		/* seed */
#define A	X(0xa1)
#define B	X(0xb1)
#define C	X(0xc1)
#define D	X(0xd1)
#define E	X(0xe1)		/* an exchange */
#define H	X(0x71)		/* a mixer */
#define K	X(0x61)		/* clean money */
#define M	X(0x81)		/* a heist address */
#define P	X(0x91)		/* a swap pool */
#define R	X(0x92)		/* a router */
#define W	X(0x93)		/* a WETH9 deployed for the tests */
#define TOK	X(0x94)		/* an ERC-20 token */
#define RL	X(0x95)		/* a relayer */
#define Q	X(0x96)		/* a pool withdrawal's recipient */
#define V	X(0x97)		/* a dusted wallet */
#define X1	X(0x31)
#define X2	X(0x32)
#define X3	X(0x33)
#define F	X(0x34)
#define G	X(0x35)

/* ---- hand-built blocks ---- */

#define MAXTX	16
#define MAXFR	32
#define MAXLOG	8

struct bb {
	struct eth_block	 b;
	struct eth_tx		 tx[MAXTX];
	struct eth_receipts	 rs;
	struct eth_receipt	 r[MAXTX];
	struct eth_log		 logs[MAXTX][MAXLOG];
	uint8_t			 data[MAXTX][MAXLOG][96];
	struct eth_traces	 ts;
	struct eth_call		 c[MAXFR];
	int			 traces;
	uint32_t		 nlog;
};

static struct eth_hash
block_hash(uint64_t n)
{
	struct eth_hash h;

	memset(h.b, 0xbb, sizeof(h.b));
	memcpy(h.b, &n, sizeof(n));
	return h;
}

static struct eth_hash
tx_hash(uint64_t n, size_t i)
{
	struct eth_hash h;

	memset(h.b, 0x7e, sizeof(h.b));
	memcpy(h.b, &n, sizeof(n));
	h.b[8] = (uint8_t)i;
	return h;
}

static void
bb_begin(struct bb *bb, uint64_t n, int traces)
{
	memset(bb, 0, sizeof(*bb));
	bb->b.h.number = n;
	bb->b.h.hash = block_hash(n);
	bb->b.h.parent_hash = block_hash(n - 1);
	bb->b.h.timestamp = 1700000000 + 12 * n;
	bb->b.h.gas_limit = 30000000;
	bb->b.h.miner = X(0xee);
	bb->b.txs = bb->tx;
	bb->rs.r = bb->r;
	bb->ts.c = bb->c;
	bb->traces = traces;
}

static void
bb_frame(struct bb *bb, size_t txi, int kind, int depth, struct eth_addr from,
    struct eth_addr to, uint64_t value, int failed)
{
	struct eth_call *c = &bb->c[bb->ts.n++];

	c->kind = (uint8_t)kind;
	c->depth = (uint16_t)depth;
	c->from = from;
	c->has_to = 1;
	c->to = to;
	c->value = U(value);
	c->has_value = 1;
	c->failed = failed;
	c->tx_index = (uint32_t)txi;
	c->tx_hash = bb->tx[txi].hash;
	c->has_tx_hash = 1;
}

/* A transaction and its receipt (and its top frame, with traces). */
static size_t
bb_tx(struct bb *bb, struct eth_addr from, struct eth_addr to,
    uint64_t value, int ok)
{
	size_t i = bb->b.ntxs++;
	struct eth_tx *t = &bb->tx[i];
	struct eth_receipt *r = &bb->r[i];

	t->type = ETH_TX_DYNAMIC_FEE;
	t->hash = tx_hash(bb->b.h.number, i);
	t->from = from;
	t->has_to = 1;
	t->to = to;
	t->value = U(value);
	t->gas = 21000;
	t->block_number = bb->b.h.number;
	t->block_hash = bb->b.h.hash;
	t->index = (uint32_t)i;
	t->has_block = 1;
	r->type = t->type;
	r->tx_hash = t->hash;
	r->tx_index = (uint32_t)i;
	r->block_number = bb->b.h.number;
	r->has_from = 1;
	r->from = from;
	r->has_to = 1;
	r->to = to;
	r->has_status = 1;
	r->status = ok ? 1 : 0;
	r->logs = bb->logs[i];
	bb->rs.n = bb->b.ntxs;
	if (bb->traces) {
		bb_frame(bb, i, ETH_CALL_CALL, 0, from, to, value, !ok);
	}
	return i;
}

static void
topic_addr(struct eth_hash *h, struct eth_addr a)
{
	memset(h->b, 0, sizeof(h->b));
	memcpy(h->b + 12, a.b, 20);
}

static struct eth_log *
bb_log(struct bb *bb, size_t txi, struct eth_addr emitter, const uint8_t *t0,
    size_t datalen)
{
	struct eth_receipt *r = &bb->r[txi];
	struct eth_log *l = &r->logs[r->nlogs];

	l->address = emitter;
	memcpy(l->topics[0].b, t0, 32);
	l->ntopics = 1;
	l->data = datalen > 0 ? bb->data[txi][r->nlogs] : NULL;
	l->data_len = datalen;
	l->log_index = bb->nlog++;
	l->tx_index = (uint32_t)txi;
	l->tx_hash = bb->tx[txi].hash;
	l->block_number = bb->b.h.number;
	r->nlogs++;
	return l;
}

static void
word_u64(uint8_t *w, uint64_t v)
{
	struct u256 u = U(v);

	u256_to_be(w, &u);
}

static void
bb_erc20(struct bb *bb, size_t txi, struct eth_addr token,
    struct eth_addr from, struct eth_addr to, uint64_t amount)
{
	struct eth_log *l = bb_log(bb, txi, token, store_transfer_topic, 32);

	topic_addr(&l->topics[1], from);
	topic_addr(&l->topics[2], to);
	l->ntopics = 3;
	word_u64((uint8_t *)l->data, amount);
}

/* WETH9 Deposit(dst, wad) / Withdrawal(src, wad). */
static void
bb_weth(struct bb *bb, size_t txi, struct eth_addr weth, int deposit,
    struct eth_addr who, uint64_t wad)
{
	struct eth_log *l = bb_log(bb, txi, weth, deposit ?
	    trace_weth_deposit_topic : trace_weth_withdrawal_topic, 32);

	topic_addr(&l->topics[1], who);
	l->ntopics = 2;
	word_u64((uint8_t *)l->data, wad);
}

/* Tornado Withdrawal(to, nullifierHash, relayer indexed, fee). */
static void
bb_tornado(struct bb *bb, size_t txi, struct eth_addr pool,
    struct eth_addr to, struct eth_addr relayer, uint64_t fee)
{
	struct eth_log *l = bb_log(bb, txi, pool,
	    trace_tornado_withdrawal_topic, 96);
	uint8_t *d = (uint8_t *)l->data;

	topic_addr(&l->topics[1], relayer);
	l->ntopics = 2;
	memset(d, 0, 96);
	memcpy(d + 12, to.b, 20);
	memset(d + 32, 0x4e, 32);	/* nullifierHash */
	word_u64(d + 64, fee);
}

static void
bb_put(struct bb *bb, struct store *st)
{
	struct err err;

	memset(&err, 0, sizeof(err));
	if (store_block_put(st, &bb->b, &bb->rs, bb->traces ? &bb->ts : NULL,
	    0, &err) == -1) {
		printf("# block %llu: %s\n",
		    (unsigned long long)bb->b.h.number, err.msg);
		exit(99);
	}
}

/* One native transfer in a block of its own. */
static void
put_send(struct store *st, uint64_t n, struct eth_addr from,
    struct eth_addr to, uint64_t value)
{
	struct bb bb;

	bb_begin(&bb, n, 1);
	bb_tx(&bb, from, to, value, 1);
	bb_put(&bb, st);
}

/* ---- stores and watchlists ---- */

static void
rmtree(const char *path)
{
	struct dirent *de;
	struct stat sb;
	char sub[1024];
	DIR *d;

	if (lstat(path, &sb) == -1) {
		return;
	}
	if (S_ISDIR(sb.st_mode)) {
		d = opendir(path);
		while (d != NULL && (de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0) {
				continue;
			}
			snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
			rmtree(sub);
		}
		if (d != NULL) {
			closedir(d);
		}
		rmdir(path);
	} else {
		unlink(path);
	}
}

static struct store *
fresh_store(void)
{
	char dir[128];
	struct store *st = NULL;
	struct err err;

	snprintf(dir, sizeof(dir), "%s/case.XXXXXX", root);
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		exit(99);
	}
	if (store_open(&st, dir, 0, &err) == -1) {
		printf("# open: %s\n", err.msg);
		exit(99);
	}
	return st;
}

struct wl_row {
	struct eth_addr	 a;
	int		 category;
	const char	*label;
	int32_t		 listed_on;
};

static void
put_wl(struct store *st, const struct wl_row *rows, size_t n)
{
	struct store_listing l[16];
	struct store_wl_import im;
	struct addr ad[16];
	struct err err;
	size_t i;

	memset(&im, 0, sizeof(im));
	memset(l, 0, sizeof(l));
	snprintf(im.meta.name, sizeof(im.meta.name), "test");
	snprintf(im.meta.format, sizeof(im.meta.format), "csv");
	im.meta.issued = DATE_NONE;
	for (i = 0; i < n; i++) {
		addr_from_eth(&ad[i], &rows[i].a);
		l[i].category = (uint8_t)rows[i].category;
		l[i].listed_on = rows[i].listed_on;
		l[i].delisted_on = DATE_NONE;
		l[i].label = rows[i].label;
		l[i].reference = "";
	}
	im.n = n;
	im.addrs = ad;
	im.listings = l;
	if (store_wl_replace(st, &im, 1, 0, &err) == -1) {
		printf("# watchlist: %s\n", err.msg);
		exit(99);
	}
}

/* ---- looking at results ---- */

static const struct trace_path *
path_to(const struct trace_result *res, struct eth_addr end,
    struct eth_addr asset)
{
	size_t i;

	for (i = 0; i < res->npaths; i++) {
		if (aeq(&res->paths[i].end_address, &end) &&
		    aeq(&res->paths[i].hops[res->paths[i].nhops - 1].asset,
		    &asset)) {
			return &res->paths[i];
		}
	}
	return NULL;
}

static const struct trace_taint *
taint_of(const struct trace_path *p, int model)
{
	size_t i;

	for (i = 0; p != NULL && i < p->ntaint; i++) {
		if ((int)p->taint[i].model == model) {
			return &p->taint[i];
		}
	}
	return NULL;
}

static int
stopped(const struct trace_result *res, struct eth_addr a)
{
	size_t i;

	for (i = 0; i < res->nstopped; i++) {
		if (aeq(&res->stopped[i].address, &a)) {
			return res->stopped[i].reason;
		}
	}
	return 0;
}

static const struct trace_transfer *
stopped_via(const struct trace_result *res, struct eth_addr a)
{
	size_t i;

	for (i = 0; i < res->nstopped; i++) {
		if (aeq(&res->stopped[i].address, &a)) {
			return &res->stopped[i].via;
		}
	}
	return NULL;
}

struct hop {
	struct eth_addr	 from, to;
	uint64_t	 amount;
	int		 kind;
	uint64_t	 block;
};

static void
check_hops(const struct trace_path *p, const struct hop *want, size_t n,
    const char *what)
{
	size_t i;

	if (!tap_ok(p != NULL, "%s: path found", what)) {
		return;
	}
	TAP_INT(p->nhops, n, "%s: %zu hops", what, n);
	for (i = 0; i < n && i < p->nhops; i++) {
		tap_ok(aeq(&p->hops[i].from, &want[i].from) &&
		    aeq(&p->hops[i].to, &want[i].to) &&
		    ueq(&p->hops[i].amount, want[i].amount) &&
		    p->hops[i].kind == want[i].kind &&
		    p->hops[i].block == want[i].block,
		    "%s: hop %zu is %s %llu in block %llu", what, i,
		    trace_kind_name(want[i].kind),
		    (unsigned long long)want[i].amount,
		    (unsigned long long)want[i].block);
	}
}

/* The three models' tainted amounts and the share's denominator. */
static void
check_taint(const struct trace_path *p, uint64_t poison, uint64_t haircut,
    uint64_t fifo, uint64_t in, const char *what)
{
	const struct trace_taint *t;

	t = taint_of(p, TRACE_POISON);
	tap_ok(t != NULL, "%s: poison reported", what);
	if (t != NULL) {
		TAP_U(&t->amount, poison, "%s: poison %llu", what,
		    (unsigned long long)poison);
		TAP_U(&t->share_den, in, "%s: received %llu", what,
		    (unsigned long long)in);
	}
	t = taint_of(p, TRACE_HAIRCUT);
	if (tap_ok(t != NULL, "%s: haircut reported", what)) {
		TAP_U(&t->amount, haircut, "%s: haircut %llu", what,
		    (unsigned long long)haircut);
		TAP_U(&t->share_num, haircut, "%s: haircut share num", what);
	}
	t = taint_of(p, TRACE_FIFO);
	if (tap_ok(t != NULL, "%s: fifo reported", what)) {
		TAP_U(&t->amount, fifo, "%s: fifo %llu", what,
		    (unsigned long long)fifo);
	}
}

static struct trace_known test_known;

static void
query(struct trace_query *q, struct eth_addr seed, int dir)
{
	trace_query_init(q);
	q->seeds[0].address = seed;
	q->nseeds = 1;
	q->direction = (enum trace_direction)dir;
	q->models = TRACE_ALL_MODELS;
	q->known = &test_known;
}

static int
run(struct store *st, const struct trace_query *q, struct trace_result *res)
{
	struct err err;

	memset(&err, 0, sizeof(err));
	if (trace_run(st, q, res, &err) == -1) {
		printf("# trace_run: %s\n", err.msg);
		return -1;
	}
	return 0;
}

/* ---- known answers ---- */

static void
test_topics(void)
{
	static const struct {
		const char	*sig;
		const uint8_t	*topic;
		const char	*head;	/* as block explorers show it */
	} ev[] = {
		{ "Transfer(address,address,uint256)", store_transfer_topic,
		    "ddf252ad" },
		{ "Deposit(address,uint256)", trace_weth_deposit_topic,
		    "e1fffcc4" },
		{ "Withdrawal(address,uint256)", trace_weth_withdrawal_topic,
		    "7fcf532c" },
		{ "Withdrawal(address,bytes32,address,uint256)",
		    trace_tornado_withdrawal_topic, "e9e508ba" },
	};
	uint8_t h[32];
	char hex[9];
	size_t i;

	for (i = 0; i < sizeof(ev) / sizeof(ev[0]); i++) {
		hash_keccak256(h, ev[i].sig, strlen(ev[i].sig));
		tap_ok(memcmp(h, ev[i].topic, 32) == 0,
		    "topic0 is keccak256(\"%s\")", ev[i].sig);
		hex_encode(hex, ev[i].topic, 4);
		TAP_STR(hex, ev[i].head, "topic0 of %s starts %s", ev[i].sig,
		    ev[i].head);
	}
	TAP_STR(trace_kind_name(TRACE_MIXER), "mixer", "kind name");
	TAP_STR(trace_model_name(TRACE_FIFO), "fifo", "model name");
	TAP_STR(trace_stop_name(TRACE_STOP_MIN_VALUE), "min-value",
	    "stop name");
	TAP_STR(trace_stop_name(99), "unknown", "unknown stop name");
}

/* Split one CSV line into fields (quotes as RFC 4180). */
static size_t
csv_fields(char *line, char **f, size_t cap)
{
	char *r = line, *w = line;
	size_t n = 0;
	int q = 0;

	f[n++] = w;
	for (; *r != '\0' && *r != '\n' && *r != '\r'; r++) {
		if (*r == '"') {
			if (q && r[1] == '"') {
				*w++ = *r++;
			} else {
				q = !q;
			}
		} else if (*r == ',' && !q) {
			*w++ = '\0';
			if (n == cap) {
				break;
			}
			f[n++] = w;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	return n;
}

/* trace_known_default() holds exactly the chain_id 1 ETH pools of
 * watchlist-sources/tornado-pools.csv, and mainnet WETH9. */
static void
test_known_pools(void)
{
	const struct trace_known *k = trace_known_default();
	char path[512], line[2048], *f[16];
	const char *shared;
	struct eth_addr weth;
	struct u256 den;
	size_t n = 0;
	uint8_t a[20];
	FILE *fp;

	shared = getenv("SCANNER_SHARED");
	snprintf(path, sizeof(path), "%s/watchlist-sources/tornado-pools.csv",
	    shared != NULL ? shared : "/work/shared");
	fp = fopen(path, "r");
	if (!tap_ok(fp != NULL, "open %s", path)) {
		return;
	}
	while (fgets(line, sizeof(line), fp) != NULL) {
		if (csv_fields(line, f, 16) < 9 || strcmp(f[6], "1") != 0 ||
		    strcmp(f[7], "ETH") != 0) {
			continue;
		}
		if (n >= k->npools) {
			n++;
			continue;
		}
		tap_ok(hex_decode(a, 20, f[0] + 2, 40) == 0 &&
		    memcmp(a, k->pools[n].address.b, 20) == 0,
		    "pool %zu is %s", n, f[0]);
		tap_ok(u256_from_units(&den, f[8], strlen(f[8]), 18) == 0 &&
		    u256_cmp(&den, &k->pools[n].denomination) == 0,
		    "pool %zu denomination %s ETH", n, f[8]);
		n++;
	}
	fclose(fp);
	TAP_INT(n, 4, "four mainnet ETH pools in the file");
	TAP_INT(k->npools, n, "and as many built in");
	hex_decode(weth.b, 20, "c02aaa39b223fe8d0a0e5c4f27ead9083c756cc2",
	    40);
	tap_ok(k->nweth == 1 && aeq(&k->weth[0], &weth), "WETH9 built in");
}

static void
test_fractions(void)
{
	struct u256 max, r, t, a, b;

	memset(max.w, 0xff, sizeof(max.w));
	TAP_INT(trace_muldiv(&r, UP(10), UP(1), UP(3)), 0, "10 * 1/3");
	TAP_U(&r, 3, "10 * 1/3 rounds down to 3");
	TAP_INT(trace_muldiv(&r, &max, &max, &max), 0, "max * max / max");
	tap_ok(u256_cmp(&r, &max) == 0, "max * max / max = max (512 bits)");
	u256_zero(&a);
	a.w[3] = UINT64_C(1) << 8;	/* 2^200 */
	u256_zero(&b);
	b.w[1] = UINT64_C(1) << 36;	/* 2^100 */
	u256_zero(&t);
	t.w[2] = UINT64_C(1) << 22;	/* 2^150 */
	TAP_INT(trace_muldiv(&r, &a, &b, &t), 0, "2^200 * 2^100 / 2^150");
	tap_ok(u256_cmp(&r, &t) == 0, "= 2^150 through a 2^300 product");
	TAP_INT(trace_muldiv(&r, &max, UP(3), UP(2)), -1,
	    "a quotient past 256 bits is refused");
	TAP_INT(trace_muldiv(&r, &max, UP(1), UP(0)), -1, "den 0 refused");
	tap_ok(trace_frac_cmp(UP(1), UP(3), UP(1), UP(2)) < 0, "1/3 < 1/2");
	tap_ok(trace_frac_cmp(UP(2), UP(4), UP(1), UP(2)) == 0,
	    "2/4 = 1/2");
	u256_sub(&t, &max, UP(1));
	tap_ok(trace_frac_cmp(&max, &t, UP(1), UP(1)) > 0,
	    "max/(max-1) > 1");
}

/* ---- transfer extraction ---- */

struct want {
	uint32_t	 tx, order;
	struct eth_addr	 from, to, asset;	/* asset zero: ETH */
	uint64_t	 amount;
	int		 kind;
};

static void
check_list(const struct trace_transfer *t, size_t n, const struct want *w,
    size_t nw, const char *what)
{
	size_t i;

	TAP_INT(n, nw, "%s: %zu transfers", what, nw);
	for (i = 0; i < n && i < nw; i++) {
		tap_ok(t[i].tx_index == w[i].tx && t[i].order == w[i].order &&
		    aeq(&t[i].from, &w[i].from) && aeq(&t[i].to, &w[i].to) &&
		    aeq(&t[i].asset, &w[i].asset) &&
		    ueq(&t[i].amount, w[i].amount) && t[i].kind == w[i].kind &&
		    t[i].block == 100 && t[i].timestamp == 1700001200,
		    "%s: [%zu] tx %u order %u %s %llu", what, i, w[i].tx,
		    w[i].order, trace_kind_name(w[i].kind),
		    (unsigned long long)w[i].amount);
		if (i == 0) {
			tap_ok(memcmp(t[i].tx_hash.b, tx_hash(100, 0).b,
			    32) == 0, "%s: tx hash copied", what);
		}
	}
}

/*
 * Block 100: tx0 a call with inner frames of every kind and three
 * Transfer-shaped logs; tx1 failed (its traces too; one inner frame
 * claims success); tx2 WETH deposit; tx3 WETH withdrawal; tx4 a Tornado
 * 0.1 ETH pool withdrawal through a relayer (fee 0.001 ETH); tx5 a
 * deposit into that pool.
 */
static void
build_block100(struct bb *bb, struct eth_addr p01)
{
	struct eth_log *l;
	size_t i;

	bb_begin(bb, 100, 1);
	i = bb_tx(bb, A, B, 5, 1);			/* frame 0: depth 0 */
	bb_frame(bb, i, ETH_CALL_CALL, 1, B, C, 2, 0);	/* 1: order 2 */
	bb_frame(bb, i, ETH_CALL_DELEGATECALL, 1, B, D, 7, 0); /* 2: none */
	bb_frame(bb, i, ETH_CALL_CALL, 1, B, E, 3, 1);	/* 3: reverted */
	bb_frame(bb, i, ETH_CALL_STATICCALL, 2, E, F, 0, 1); /* 4 */
	bb_frame(bb, i, ETH_CALL_CREATE, 1, B, F, 1, 0); /* 5: order 6 */
	bb_frame(bb, i, ETH_CALL_SELFDESTRUCT, 2, F, G, 1, 0); /* 6: 7 */
	bb_frame(bb, i, ETH_CALL_CALLCODE, 1, B, G, 4, 0); /* 7: none */
	bb_erc20(bb, i, TOK, A, C, 1000);		/* log 0: order 9 */
	bb_erc20(bb, i, TOK, A, D, 1);			/* ERC-721: 4 topics */
	l = &bb->r[i].logs[1];
	l->ntopics = 4;
	memset(l->topics[3].b, 0x01, 32);
	bb_erc20(bb, i, TOK, A, E, 1);			/* 64 bytes of data */
	bb->r[i].logs[2].data_len = 64;
	bb_erc20(bb, i, TOK, A, F, 0);			/* zero: nothing */
	i = bb_tx(bb, A, B, 9, 0);
	bb_frame(bb, i, ETH_CALL_CALL, 1, B, C, 4, 1);
	bb_frame(bb, i, ETH_CALL_CALL, 1, B, D, 6, 0);
	i = bb_tx(bb, A, W, 8, 1);
	bb_weth(bb, i, W, 1, A, 8);
	i = bb_tx(bb, A, W, 0, 1);
	bb_frame(bb, i, ETH_CALL_CALL, 1, W, A, 6, 0);
	bb_weth(bb, i, W, 0, A, 6);
	i = bb_tx(bb, RL, p01, 0, 1);
	bb_frame(bb, i, ETH_CALL_CALL, 1, p01, Q, 99000000000000000, 0);
	bb_frame(bb, i, ETH_CALL_CALL, 1, p01, RL, 1000000000000000, 0);
	bb_tornado(bb, i, p01, Q, RL, 1000000000000000);
	bb_tx(bb, D, p01, 100000000000000000, 1);
}

static void
test_transfers(void)
{
	struct eth_addr p01 = trace_known_default()->pools[0].address;
	struct eth_addr z = X(0);
	struct trace_transfer *t;
	struct bb *bb;
	struct err err;
	size_t n;
	int ht;
	struct want full[] = {
		{ 0, 0, A, B, z, 5, TRACE_NATIVE },
		{ 0, 2, B, C, z, 2, TRACE_INTERNAL },
		{ 0, 6, B, F, z, 1, TRACE_INTERNAL },
		{ 0, 7, F, G, z, 1, TRACE_INTERNAL },
		{ 0, 9, A, C, TOK, 1000, TRACE_ERC20 },
		{ 2, 0, A, W, z, 8, TRACE_NATIVE },
		{ 2, 2, W, A, W, 8, TRACE_WETH },	/* Deposit: mint */
		{ 3, 2, W, A, z, 6, TRACE_WETH },	/* frame, relabeled */
		{ 3, 3, A, W, W, 6, TRACE_WETH },	/* Withdrawal: burn */
		{ 4, 2, p01, Q, z, 99000000000000000, TRACE_MIXER },
		{ 4, 3, p01, RL, z, 1000000000000000, TRACE_MIXER },
		{ 5, 0, D, p01, z, 100000000000000000, TRACE_MIXER },
	};
	/* No traces: frames unseen; the logs' payouts become edges. */
	struct want notrace[] = {
		{ 0, 0, A, B, z, 5, TRACE_NATIVE },
		{ 0, 1, A, C, TOK, 1000, TRACE_ERC20 },
		{ 2, 0, A, W, z, 8, TRACE_NATIVE },
		{ 2, 1, W, A, W, 8, TRACE_WETH },
		{ 3, 1, A, W, W, 6, TRACE_WETH },
		{ 3, 2, W, A, z, 6, TRACE_WETH },
		{ 4, 1, p01, Q, z, 99000000000000000, TRACE_MIXER },
		{ 4, 2, p01, RL, z, 1000000000000000, TRACE_MIXER },
		{ 5, 0, D, p01, z, 100000000000000000, TRACE_MIXER },
	};
	/* No receipts: logs unseen; tx1's failure read from its top frame. */
	struct want norcpt[] = {
		{ 0, 0, A, B, z, 5, TRACE_NATIVE },
		{ 0, 2, B, C, z, 2, TRACE_INTERNAL },
		{ 0, 6, B, F, z, 1, TRACE_INTERNAL },
		{ 0, 7, F, G, z, 1, TRACE_INTERNAL },
		{ 2, 0, A, W, z, 8, TRACE_NATIVE },
		{ 3, 2, W, A, z, 6, TRACE_INTERNAL },
		{ 4, 2, p01, Q, z, 99000000000000000, TRACE_INTERNAL },
		{ 4, 3, p01, RL, z, 1000000000000000, TRACE_INTERNAL },
		{ 5, 0, D, p01, z, 100000000000000000, TRACE_MIXER },
	};

	bb = calloc(1, sizeof(*bb));
	if (bb == NULL) {
		exit(99);
	}
	build_block100(bb, p01);
	TAP_INT(trace_block_transfers(&bb->b, &bb->rs, &bb->ts, &test_known,
	    &t, &n, &ht, &err), 0, "extract with traces");
	TAP_INT(ht, 1, "with traces: has_traces");
	check_list(t, n, full, sizeof(full) / sizeof(full[0]), "traces");
	free(t);
	TAP_INT(trace_block_transfers(&bb->b, &bb->rs, NULL, &test_known,
	    &t, &n, &ht, &err), 0, "extract without traces");
	TAP_INT(ht, 0, "without traces: has_traces 0");
	check_list(t, n, notrace, sizeof(notrace) / sizeof(notrace[0]),
	    "no traces");
	free(t);
	TAP_INT(trace_block_transfers(&bb->b, NULL, &bb->ts, &test_known,
	    &t, &n, &ht, &err), 0, "extract without receipts");
	check_list(t, n, norcpt, sizeof(norcpt) / sizeof(norcpt[0]),
	    "no receipts");
	free(t);
	/* The default table does not know the test's WETH. */
	TAP_INT(trace_block_transfers(&bb->b, &bb->rs, &bb->ts, NULL, &t, &n,
	    &ht, &err), 0, "extract with the default table");
	TAP_INT(n, 10, "no WETH edges for an unknown contract");
	free(t);
	free(bb);
}

/* ---- searches ---- */

/*
 * A peel chain: S -> A 100; A keeps peeling: A -> B 60 (+40 to X1),
 * B -> C 50 (+10 to X2), C -> E 45 (+5 to X3); X2 -> H 10. E is an
 * exchange that four others also paid (a hub by degree, but an end);
 * H a mixer. With hub_degree 3, A, B and C (three transactions each)
 * are no hubs. Everything downstream of S is tainted in full under every
 * model, so each end's taint is what it received.
 */
static struct store *
peel_store(int32_t h_listed)
{
	struct store *st = fresh_store();
	struct wl_row wl[] = {
		{ E, WL_EXCHANGE, "Exchange hot wallet", DATE_NONE },
		{ H, WL_MIXER, "Mixer", h_listed },
	};
	struct bb bb;
	uint8_t k;

	bb_begin(&bb, 9, 1);
	for (k = 0x62; k <= 0x65; k++) {
		bb_tx(&bb, X(k), E, 1, 1);
	}
	bb_put(&bb, st);
	put_send(st, 10, S, A, 100);
	bb_begin(&bb, 11, 1);
	bb_tx(&bb, A, B, 60, 1);
	bb_tx(&bb, A, X1, 40, 1);
	bb_put(&bb, st);
	bb_begin(&bb, 12, 1);
	bb_tx(&bb, B, C, 50, 1);
	bb_tx(&bb, B, X2, 10, 1);
	bb_put(&bb, st);
	bb_begin(&bb, 13, 1);
	bb_tx(&bb, C, E, 45, 1);
	bb_tx(&bb, C, X3, 5, 1);
	bb_put(&bb, st);
	put_send(st, 14, X2, H, 10);
	put_wl(st, wl, 2);
	return st;
}

static void
test_peel(void)
{
	struct hop to_e[] = {
		{ S, A, 100, TRACE_NATIVE, 10 }, { A, B, 60, TRACE_NATIVE, 11 },
		{ B, C, 50, TRACE_NATIVE, 12 }, { C, E, 45, TRACE_NATIVE, 13 },
	};
	struct hop to_h[] = {
		{ S, A, 100, TRACE_NATIVE, 10 }, { A, B, 60, TRACE_NATIVE, 11 },
		{ B, X2, 10, TRACE_NATIVE, 12 },
		{ X2, H, 10, TRACE_NATIVE, 14 },
	};
	const struct trace_path *p;
	struct trace_result res;
	struct trace_query q;
	struct store *st;
	int32_t later;

	st = peel_store(DATE_NONE);
	query(&q, S, TRACE_FORWARD);
	q.hub_degree = 3;
	if (run(st, &q, &res) == 0) {
		TAP_INT(res.npaths, 2, "peel: two ends");
		TAP_INT(res.hits, 1, "peel: one hit");
		TAP_INT(res.cashouts, 1, "peel: one cash-out");
		TAP_INT(res.nodes, 9, "peel: S A B X1 C X2 E X3 H reached");
		TAP_INT(res.nstopped, 0, "peel: nothing stopped");
		/* 10-14: the traced addresses' blocks; not 9 (E's other
		   deposits: an end is not expanded) */
		TAP_INT(res.blocks, 5, "peel: five blocks read");
		TAP_INT(res.blocks_without_traces, 0, "peel: all traced");
		p = path_to(&res, E, X(0));
		check_hops(p, to_e, 4, "peel to E");
		check_taint(p, 45, 45, 45, 45, "peel to E");
		if (p != NULL) {
			TAP_INT(p->end, TRACE_END_CASHOUT, "E is a cash-out");
			TAP_INT(p->category, WL_EXCHANGE, "E's category");
			TAP_STR(p->label, "Exchange hot wallet", "E's label");
			TAP_STR(p->source, "test", "E's source");
			tap_ok(!p->seed.is_tx &&
			    memcmp(p->seed.address.b, S.b, 20) == 0,
			    "E's path starts at seed S");
		}
		p = path_to(&res, H, X(0));
		check_hops(p, to_h, 4, "peel to H");
		check_taint(p, 10, 10, 10, 10, "peel to H");
		if (p != NULL) {
			TAP_INT(p->end, TRACE_END_HIT, "H is a hit");
			TAP_INT(p->category, WL_MIXER, "H's category");
		}
		trace_result_release(&res);
	}

	/* hops 3: C and X2 are reached at hop 3 and not expanded. */
	q.hops = 3;
	if (run(st, &q, &res) == 0) {
		TAP_INT(res.npaths, 0, "hops 3: no end within 3 hops");
		TAP_INT(res.nstopped, 2, "hops 3: two stopped");
		TAP_INT(stopped(&res, C), TRACE_STOP_HOPS, "hops 3: C stopped");
		TAP_INT(stopped(&res, X2), TRACE_STOP_HOPS,
		    "hops 3: X2 stopped");
		TAP_INT(res.nodes, 6, "hops 3: S A B X1 C X2 reached");
		trace_result_release(&res);
	}

	/* max-nodes 4: S A B X1, then C and X2 do not fit. */
	q.hops = 5;
	q.max_nodes = 4;
	if (run(st, &q, &res) == 0) {
		TAP_INT(res.npaths, 0, "max-nodes 4: no end");
		TAP_INT(res.nodes, 4, "max-nodes 4: four reached");
		TAP_INT(stopped(&res, C), TRACE_STOP_MAX_NODES,
		    "max-nodes 4: C stopped");
		TAP_INT(stopped(&res, X2), TRACE_STOP_MAX_NODES,
		    "max-nodes 4: X2 stopped");
		trace_result_release(&res);
	}

	/* min-value 20 wei: the 10 and 5 peels are not followed. */
	q.max_nodes = 0;
	q.min_value[0].amount = U(20);
	q.nmin_value = 1;
	if (run(st, &q, &res) == 0) {
		TAP_INT(res.npaths, 1, "min-value: only E");
		tap_ok(path_to(&res, E, X(0)) != NULL, "min-value: E's path");
		TAP_INT(stopped(&res, X2), TRACE_STOP_MIN_VALUE,
		    "min-value: X2 stopped");
		TAP_INT(stopped(&res, X3), TRACE_STOP_MIN_VALUE,
		    "min-value: X3 stopped");
		tap_ok(stopped_via(&res, X2) != NULL &&
		    ueq(&stopped_via(&res, X2)->amount, 10),
		    "min-value: the 10 wei transfer is the reason");
		trace_result_release(&res);
	}
	store_close(st);

	/* H listed from 2024-01-01: not a hit on 2023-11-14, but one when
	   screened as of 2024-06-01. */
	date_from_ymd(&later, 2024, 1, 1);
	st = peel_store(later);
	query(&q, S, TRACE_FORWARD);
	if (run(st, &q, &res) == 0) {
		TAP_INT(res.npaths, 1, "listed later: H not a hit that day");
		TAP_INT(res.hits, 0, "listed later: no hit");
		trace_result_release(&res);
	}
	date_from_ymd(&q.at, 2024, 6, 1);
	if (run(st, &q, &res) == 0) {
		TAP_INT(res.hits, 1, "at 2024-06-01: H is a hit");
		trace_result_release(&res);
	}
	store_close(st);
}

/*
 * Clean and tainted inflows: K -> A 100 (block 20), S -> A 100 (21),
 * K -> A 100 (22), then A -> H 150 (23) and A -> H 100 (24).
 * Window from 20:
 *   poison  150 + 100 = 250
 *   haircut share 100/300: 150*1/3 = 50, 100*1/3 = 33.33 -> 33; 83
 *   fifo    lots [c100][t100][c100]: 150 takes c100 t50 -> 50;
 *           100 takes t50 c50 -> 50; 100
 * Window from 21 (K's first 100 is before it, unknown):
 *   haircut share 100/200: 75 + 50 = 125
 *   fifo    lots [t100][c100]: 150 takes t100 c50 -> 100; 100 takes
 *           c50 and 50 of the unknown balance (clean) -> 0; 100
 */
static void
test_models(void)
{
	struct hop want[] = {
		{ S, A, 100, TRACE_NATIVE, 21 },
		{ A, H, 150, TRACE_NATIVE, 23 },
	};
	struct wl_row wl[] = { { H, WL_MIXER, "Mixer", DATE_NONE } };
	const struct trace_path *p;
	struct trace_result res;
	struct trace_query q;
	struct store *st;

	st = fresh_store();
	put_send(st, 20, K, A, 100);
	put_send(st, 21, S, A, 100);
	put_send(st, 22, K, A, 100);
	put_send(st, 23, A, H, 150);
	put_send(st, 24, A, H, 100);
	put_wl(st, wl, 1);
	query(&q, S, TRACE_FORWARD);
	q.from_block = 20;
	if (run(st, &q, &res) == 0) {
		TAP_INT(res.npaths, 1, "models: one end");
		p = path_to(&res, H, X(0));
		check_hops(p, want, 2, "models");
		check_taint(p, 250, 83, 100, 250, "models from 20");
		if (p != NULL) {
			TAP_INT(p->ntaint, 3, "models: all three side by side");
			TAP_INT(p->taint[0].model, TRACE_POISON,
			    "poison first");
			TAP_INT(p->taint[2].model, TRACE_FIFO, "fifo last");
		}
		trace_result_release(&res);
	}
	q.from_block = 21;
	if (run(st, &q, &res) == 0) {
		check_taint(path_to(&res, H, X(0)), 250, 125, 100, 250,
		    "models from 21");
		trace_result_release(&res);
	}
	q.models = TRACE_HAIRCUT;
	if (run(st, &q, &res) == 0) {
		p = path_to(&res, H, X(0));
		tap_ok(p != NULL && p->ntaint == 1 &&
		    p->taint[0].model == TRACE_HAIRCUT &&
		    ueq(&p->taint[0].amount, 125),
		    "haircut alone: one taint, 125");
		trace_result_release(&res);
	}
	store_close(st);
}

/*
 * A swap in one transaction. A holds 100 clean tokens (K, block 29) and
 * gets 100 tainted ones from S (30). In block 31 A calls a router: pool
 * P pays A 1000 wei (an inner call, listed before the token log: frames
 * come before logs) for 150 of A's tokens. P is in six transactions
 * (K1-K5's and A's), over hub_degree 4: a hub, not traversed (A is in
 * four). Then A sends
 * 1000 wei to mixer H (32).
 * A's 150 tokens out: poison 150/150; haircut 150 * 100/200 = 75 (1/2);
 * fifo takes c100 t50: 50 (1/3). The 1000 wei back carry the same
 * shares: poison 1000, haircut 500, fifo 1000/3 = 333 (rounded down).
 * A -> H 1000: poison 1000; haircut 1000 * 500/1000 = 500; fifo lots
 * [t333][c667] -> 333.
 */
static void
test_swap(void)
{
	struct hop want[] = {
		{ S, A, 100, TRACE_ERC20, 30 },
		{ A, H, 1000, TRACE_NATIVE, 32 },
	};
	struct wl_row wl[] = { { H, WL_MIXER, "Mixer", DATE_NONE } };
	struct eth_addr tok = TOK, eth = X(0);
	const struct trace_path *p;
	struct trace_result res;
	struct trace_query q;
	struct store *st;
	struct bb bb;
	uint8_t k;
	size_t i;

	st = fresh_store();
	bb_begin(&bb, 28, 1);
	for (k = 0x62; k <= 0x66; k++) {
		i = bb_tx(&bb, X(k), TOK, 0, 1);
		bb_erc20(&bb, i, TOK, X(k), P, 10);
	}
	bb_put(&bb, st);
	bb_begin(&bb, 29, 1);
	bb_erc20(&bb, bb_tx(&bb, K, TOK, 0, 1), TOK, K, A, 100);
	bb_put(&bb, st);
	bb_begin(&bb, 30, 1);
	bb_erc20(&bb, bb_tx(&bb, S, TOK, 0, 1), TOK, S, A, 100);
	bb_put(&bb, st);
	bb_begin(&bb, 31, 1);
	i = bb_tx(&bb, A, R, 0, 1);
	bb_frame(&bb, i, ETH_CALL_CALL, 1, P, A, 1000, 0);
	bb_erc20(&bb, i, TOK, A, P, 150);
	bb_put(&bb, st);
	put_send(st, 32, A, H, 1000);
	put_wl(st, wl, 1);
	query(&q, S, TRACE_FORWARD);
	q.hub_degree = 4;
	if (run(st, &q, &res) == 0) {
		TAP_INT(res.npaths, 1, "swap: one end");
		p = path_to(&res, H, X(0));
		check_hops(p, want, 2, "swap");
		check_taint(p, 1000, 500, 333, 1000, "swap");
		if (p != NULL) {
			tap_ok(aeq(&p->hops[0].asset, &tok) &&
			    aeq(&p->taint[0].asset, &eth),
			    "swap: token in, ETH out");
		}
		TAP_INT(stopped(&res, P), TRACE_STOP_HUB,
		    "swap: pool is a hub");
		trace_result_release(&res);
	}
	store_close(st);
}

/*
 * Failed value moves nothing: S -> A 50 in a failed tx (block 40);
 * S -> R 10 (41) where R's inner call to B reverts, its DELEGATECALL to
 * C carries a value field but moves nothing, and its call to D moves 5.
 * A, B, C and D are all mixers: only D is reached.
 */
static void
test_failed(void)
{
	struct hop want[] = {
		{ S, R, 10, TRACE_NATIVE, 41 }, { R, D, 5, TRACE_INTERNAL, 41 },
	};
	struct wl_row wl[] = {
		{ A, WL_MIXER, "a", DATE_NONE },
		{ B, WL_MIXER, "b", DATE_NONE },
		{ C, WL_MIXER, "c", DATE_NONE },
		{ D, WL_MIXER, "d", DATE_NONE },
	};
	struct trace_result res;
	struct trace_query q;
	struct store *st;
	struct bb bb;
	size_t i;

	st = fresh_store();
	bb_begin(&bb, 40, 1);
	bb_tx(&bb, S, A, 50, 0);
	bb_put(&bb, st);
	bb_begin(&bb, 41, 1);
	i = bb_tx(&bb, S, R, 10, 1);
	bb_frame(&bb, i, ETH_CALL_CALL, 1, R, B, 30, 1);
	bb_frame(&bb, i, ETH_CALL_DELEGATECALL, 1, R, C, 20, 0);
	bb_frame(&bb, i, ETH_CALL_CALL, 1, R, D, 5, 0);
	bb_put(&bb, st);
	put_wl(st, wl, 4);
	query(&q, S, TRACE_FORWARD);
	if (run(st, &q, &res) == 0) {
		TAP_INT(res.npaths, 1, "failed: only D is reached");
		TAP_INT(res.nodes, 3, "failed: S R D");
		check_hops(path_to(&res, D, X(0)), want, 2, "failed");
		check_taint(path_to(&res, D, X(0)), 5, 5, 5, 5, "failed");
		trace_result_release(&res);
	}
	store_close(st);
}

/*
 * ETH -> WETH -> ETH. S -> A 70 (50); A deposits 70 into WETH W (51:
 * W -> A 70 WETH comes back for the 70 ETH A sent: a swap, share 1);
 * A transfers the 70 WETH to B (52, W's Transfer log); B withdraws (53:
 * B -> W 70 WETH burnt, W -> B 70 ETH by an inner call); B -> H 70 (54).
 * W converts: listed as a hub, never traversed.
 */
static void
test_weth(void)
{
	struct hop from_s[] = {
		{ S, A, 70, TRACE_NATIVE, 50 }, { A, B, 70, TRACE_ERC20, 52 },
		{ B, H, 70, TRACE_NATIVE, 54 },
	};
	struct hop from_tx[] = {
		{ W, A, 70, TRACE_WETH, 51 }, { A, B, 70, TRACE_ERC20, 52 },
		{ B, H, 70, TRACE_NATIVE, 54 },
	};
	struct wl_row wl[] = { { H, WL_MIXER, "Mixer", DATE_NONE } };
	const struct trace_path *p;
	struct trace_result res;
	struct trace_query q;
	struct store *st;
	struct err err;
	struct bb bb;
	size_t i;

	st = fresh_store();
	put_send(st, 50, S, A, 70);
	bb_begin(&bb, 51, 1);
	bb_weth(&bb, bb_tx(&bb, A, W, 70, 1), W, 1, A, 70);
	bb_put(&bb, st);
	bb_begin(&bb, 52, 1);
	bb_erc20(&bb, bb_tx(&bb, A, W, 0, 1), W, A, B, 70);
	bb_put(&bb, st);
	bb_begin(&bb, 53, 1);
	i = bb_tx(&bb, B, W, 0, 1);
	bb_frame(&bb, i, ETH_CALL_CALL, 1, W, B, 70, 0);
	bb_weth(&bb, i, W, 0, B, 70);
	bb_put(&bb, st);
	put_send(st, 54, B, H, 70);
	put_wl(st, wl, 1);
	query(&q, S, TRACE_FORWARD);
	if (run(st, &q, &res) == 0) {
		TAP_INT(res.npaths, 1, "weth: one end");
		check_hops(path_to(&res, H, X(0)), from_s, 3, "weth");
		check_taint(path_to(&res, H, X(0)), 70, 70, 70, 70, "weth");
		TAP_INT(stopped(&res, W), TRACE_STOP_HUB,
		    "weth: W not traversed");
		tap_ok(stopped_via(&res, W) != NULL &&
		    stopped_via(&res, W)->kind == TRACE_NATIVE &&
		    stopped_via(&res, W)->block == 51,
		    "weth: W reached by A's deposit");
		trace_result_release(&res);
	}

	/* The deposit tx as the seed: its transfers taint their
	   recipients, W -> A's 70 WETH first of all. */
	q.seeds[0].is_tx = 1;
	q.seeds[0].tx = tx_hash(51, 0);
	q.seeds[0].block = 51;
	if (run(st, &q, &res) == 0) {
		p = path_to(&res, H, X(0));
		check_hops(p, from_tx, 3, "tx seed");
		check_taint(p, 70, 70, 70, 70, "tx seed");
		tap_ok(p != NULL && p->seed.is_tx &&
		    memcmp(p->seed.tx.b, tx_hash(51, 0).b, 32) == 0,
		    "tx seed: the path names the tx");
		trace_result_release(&res);
	}
	q.seeds[0].block = 0;	/* found by a scan of the window */
	if (run(st, &q, &res) == 0) {
		TAP_INT(res.npaths, 1, "tx seed without its block: found");
		trace_result_release(&res);
	}
	q.seeds[0].tx = tx_hash(51, 7);
	memset(&err, 0, sizeof(err));
	TAP_INT(trace_run(st, &q, &res, &err), -1, "unknown tx seed fails");
	TAP_INT(err.code, ERR_INPUT, "unknown tx seed: ERR_INPUT");
	tap_ok(strstr(err.msg, "is not in the cached blocks") != NULL,
	    "unknown tx seed: says so (%s)", err.msg);
	q.nseeds = 0;
	TAP_INT(trace_run(st, &q, &res, &err), -1, "no seed fails");
	store_close(st);
}

static int
count_cb(void *ctx, uint64_t block, uint32_t tx, enum store_role role)
{
	(void)block;
	(void)tx;
	(void)role;
	(*(int *)ctx)++;
	return 0;
}

/*
 * Tornado Cash's 1 ETH pool (its mainnet address, listed as a mixer),
 * blocks without traces: D deposits 1 ETH (59); relayer RL withdraws to
 * Q for a 0.01 ETH fee (60: the pool pays Q 0.99 ETH and RL 0.01 ETH,
 * seen only in the Withdrawal log: the address index does not name Q);
 * Q pays 0.5 ETH to exchange E (61).
 */
static void
test_tornado(void)
{
	struct eth_addr p1 = trace_known_default()->pools[1].address;
	struct wl_row wl[] = {
		{ p1, WL_MIXER, "Tornado Cash 1 ETH pool", DATE_NONE },
		{ E, WL_EXCHANGE, "Exchange", DATE_NONE },
	};
	struct hop back[] = {
		{ p1, Q, 990000000000000000, TRACE_MIXER, 60 },
	};
	struct hop dep[] = {
		{ D, p1, 1000000000000000000, TRACE_MIXER, 59 },
	};
	struct hop fwd[] = {
		{ p1, Q, 990000000000000000, TRACE_MIXER, 60 },
		{ Q, E, 500000000000000000, TRACE_NATIVE, 61 },
	};
	const struct trace_path *p;
	struct trace_result res;
	struct trace_query q;
	struct eth_addr q_addr = Q;
	struct store *st;
	struct err err;
	struct bb bb;
	size_t i;
	int n = 0;

	st = fresh_store();
	bb_begin(&bb, 59, 0);
	bb_tx(&bb, D, p1, 1000000000000000000, 1);
	bb_put(&bb, st);
	bb_begin(&bb, 60, 0);
	i = bb_tx(&bb, RL, p1, 0, 1);
	bb_tornado(&bb, i, p1, Q, RL, 10000000000000000);
	bb_put(&bb, st);
	put_send(st, 61, Q, E, 500000000000000000);
	put_wl(st, wl, 2);
	TAP_INT(store_addr_each(st, &q_addr, 60, 60, count_cb, &n, &err), 0,
	    "tornado: read Q's index entries in block 60");
	TAP_INT(n, 0, "tornado: the index has no entry for Q there");

	/* Backward from the withdrawal's recipient: the pool, a hit. */
	query(&q, Q, TRACE_BACKWARD);
	if (run(st, &q, &res) == 0) {
		TAP_INT(res.npaths, 1, "backward from Q: one end");
		TAP_INT(res.hits, 1, "backward from Q: a hit");
		p = path_to(&res, p1, X(0));
		check_hops(p, back, 1, "backward from Q");
		if (p != NULL) {
			TAP_INT(p->ntaint, 1, "backward: poison only");
			TAP_INT(p->taint[0].model, TRACE_POISON,
			    "backward: the model is poison");
			TAP_U(&p->taint[0].amount, 990000000000000000,
			    "backward: 0.99 ETH came from the pool");
			TAP_STR(p->label, "Tornado Cash 1 ETH pool",
			    "backward: the pool's label");
		}
		TAP_INT(res.blocks_without_traces, 1,
		    "backward: one block read had no traces");
		trace_result_release(&res);
	}

	/* Forward from the depositor: the deposit is a mixer edge. */
	query(&q, D, TRACE_FORWARD);
	if (run(st, &q, &res) == 0) {
		p = path_to(&res, p1, X(0));
		check_hops(p, dep, 1, "deposit");
		check_taint(p, 1000000000000000000, 1000000000000000000,
		    1000000000000000000, 1000000000000000000, "deposit");
		trace_result_release(&res);
	}

	/* Forward from the pool: a seed is no hit of its own trace. */
	query(&q, p1, TRACE_FORWARD);
	if (run(st, &q, &res) == 0) {
		TAP_INT(res.hits, 0, "from the pool: the seed is no hit");
		TAP_INT(res.cashouts, 1, "from the pool: E is a cash-out");
		p = path_to(&res, E, X(0));
		check_hops(p, fwd, 2, "from the pool");
		check_taint(p, 500000000000000000, 500000000000000000,
		    500000000000000000, 500000000000000000, "from the pool");
		trace_result_release(&res);
	}
	store_close(st);
}

/*
 * Dust: the 0.1 ETH pool (listed) withdraws 0.1 ETH to V with no fee
 * (block 70, no traces), as in the August 2022 dusting; K pays V 5 ETH
 * (71). With --dust ETH=0.2, the pool's transfer into V is listed as
 * dust and makes no hit, backward or (V listed custom) forward.
 */
static void
test_dust(void)
{
	struct eth_addr p01 = trace_known_default()->pools[0].address;
	struct wl_row wl[] = {
		{ p01, WL_MIXER, "Tornado Cash 0.1 ETH pool", DATE_NONE },
		{ V, WL_CUSTOM, "Public figure", DATE_NONE },
	};
	struct hop want[] = {
		{ p01, V, 100000000000000000, TRACE_MIXER, 70 },
	};
	const struct trace_transfer *via;
	struct trace_result res;
	struct trace_query q;
	struct store *st;
	struct bb bb;

	st = fresh_store();
	bb_begin(&bb, 70, 0);
	bb_tornado(&bb, bb_tx(&bb, RL, p01, 0, 1), p01, V, RL, 0);
	bb_put(&bb, st);
	put_send(st, 71, K, V, 5000000000000000000);
	put_wl(st, wl, 1);

	query(&q, V, TRACE_BACKWARD);
	if (run(st, &q, &res) == 0) {
		TAP_INT(res.hits, 1, "no dust rule: the pool is a hit");
		check_hops(path_to(&res, p01, X(0)), want, 1, "no dust rule");
		trace_result_release(&res);
	}
	q.dust[0].amount = U(200000000000000000);
	q.ndust = 1;
	if (run(st, &q, &res) == 0) {
		TAP_INT(res.hits, 0, "dust: no hit");
		TAP_INT(res.npaths, 0, "dust: no path");
		TAP_INT(stopped(&res, p01), TRACE_STOP_DUST,
		    "dust: the pool listed as dust");
		via = stopped_via(&res, p01);
		tap_ok(via != NULL && via->kind == TRACE_MIXER &&
		    ueq(&via->amount, 100000000000000000),
		    "dust: via the 0.1 ETH withdrawal");
		TAP_INT(stopped(&res, K), 0, "dust: K followed, not stopped");
		TAP_INT(res.nodes, 2, "dust: V and K reached");
		trace_result_release(&res);
	}

	put_wl(st, wl, 2);
	query(&q, p01, TRACE_FORWARD);
	if (run(st, &q, &res) == 0) {
		TAP_INT(res.hits, 1, "forward, no dust rule: V is a hit");
		trace_result_release(&res);
	}
	q.dust[0].amount = U(200000000000000000);
	q.ndust = 1;
	if (run(st, &q, &res) == 0) {
		TAP_INT(res.hits, 0, "forward dust: V is no hit");
		TAP_INT(stopped(&res, V), TRACE_STOP_DUST,
		    "forward dust: V listed as dust");
		trace_result_release(&res);
	}
	store_close(st);
}

/* A hub that is not listed: A, reached from S, pays 5 addresses. */
static void
test_hub(void)
{
	struct trace_result res;
	struct trace_query q;
	struct store *st;
	struct bb bb;
	uint8_t k;

	st = fresh_store();
	put_send(st, 80, S, A, 50);
	bb_begin(&bb, 81, 1);
	for (k = 0x40; k < 0x45; k++) {
		bb_tx(&bb, A, X(k), 10, 1);
	}
	bb_put(&bb, st);
	query(&q, S, TRACE_FORWARD);
	q.hub_degree = 5;	/* A is in six transactions */
	if (run(st, &q, &res) == 0) {
		TAP_INT(stopped(&res, A), TRACE_STOP_HUB, "hub: A stopped");
		TAP_INT(res.nodes, 2, "hub: S and A reached, no further");
		tap_ok(stopped_via(&res, A) != NULL &&
		    ueq(&stopped_via(&res, A)->amount, 50),
		    "hub: reached by S's 50");
		trace_result_release(&res);
	}
	q.hub_degree = 6;
	if (run(st, &q, &res) == 0) {
		TAP_INT(stopped(&res, A), 0, "degree 6: A traversed");
		TAP_INT(res.nodes, 7, "degree 6: A's payees reached");
		trace_result_release(&res);
	}
	store_close(st);
}

/*
 * A token path follows the token: A is reached by S's 10 wei (95), then
 * gets 500 tokens from S (96) and sends them to exchange E (97). E's
 * token path is S -> A 500 tokens, A -> E 500 tokens, not the wei.
 */
static void
test_token_path(void)
{
	struct hop want[] = {
		{ S, A, 500, TRACE_ERC20, 96 }, { A, E, 500, TRACE_ERC20, 97 },
	};
	struct wl_row wl[] = { { E, WL_EXCHANGE, "Exchange", DATE_NONE } };
	struct trace_result res;
	struct trace_query q;
	struct store *st;
	struct bb bb;

	st = fresh_store();
	put_send(st, 95, S, A, 10);
	bb_begin(&bb, 96, 1);
	bb_erc20(&bb, bb_tx(&bb, S, TOK, 0, 1), TOK, S, A, 500);
	bb_put(&bb, st);
	bb_begin(&bb, 97, 1);
	bb_erc20(&bb, bb_tx(&bb, A, TOK, 0, 1), TOK, A, E, 500);
	bb_put(&bb, st);
	put_wl(st, wl, 1);
	query(&q, S, TRACE_FORWARD);
	if (run(st, &q, &res) == 0) {
		TAP_INT(res.npaths, 1, "token path: one end");
		check_hops(path_to(&res, E, TOK), want, 2, "token path");
		check_taint(path_to(&res, E, TOK), 500, 500, 500, 500,
		    "token path");
		trace_result_release(&res);
	}
	store_close(st);
}

/* The block cache: a cap of 3 transfers holds one block of two at a
 * time; blocks come back right after eviction, counted once. */
static void
test_bcache(void)
{
	const struct trace_transfer *t;
	struct trace_bcache_stats bs;
	struct trace_bcache *c = NULL;
	struct store *st;
	struct err err;
	struct bb bb;
	size_t n;
	int ht = -1, i;

	st = fresh_store();
	bb_begin(&bb, 90, 1);
	bb_tx(&bb, A, B, 1, 1);
	bb_tx(&bb, A, C, 2, 1);
	bb_put(&bb, st);
	bb_begin(&bb, 91, 0);
	bb_tx(&bb, B, C, 3, 1);
	bb_tx(&bb, B, D, 4, 1);
	bb_put(&bb, st);
	if (!tap_ok(trace_bcache_create(&c, st, NULL, 3, &err) == 0,
	    "bcache: create")) {
		store_close(st);
		return;
	}
	for (i = 0; i < 6; i++) {
		TAP_INT(trace_bcache_get(c, 90 + (uint64_t)(i % 2), &t, &n, &ht,
		    &err), 1, "bcache: get %d", i);
		tap_ok(n == 2 && ueq(&t[1].amount, i % 2 ? 4 : 2) &&
		    ht == !(i % 2), "bcache: block %d's transfers", 90 + i % 2);
	}
	TAP_INT(trace_bcache_get(c, 89, &t, &n, &ht, &err), 0,
	    "bcache: an uncached block is 0");
	trace_bcache_stats(c, &bs);
	TAP_INT(bs.blocks, 2, "bcache: two distinct blocks");
	TAP_INT(bs.decodes, 6, "bcache: decoded again after each eviction");
	TAP_INT(bs.transfers, 4, "bcache: four transfers, counted once");
	TAP_INT(bs.without_traces, 1, "bcache: one block without traces");
	trace_bcache_destroy(c);
	trace_bcache_create(&c, st, NULL, 100, &err);
	for (i = 0; i < 6; i++) {
		trace_bcache_get(c, 90 + (uint64_t)(i % 2), &t, &n, &ht, &err);
	}
	trace_bcache_stats(c, &bs);
	TAP_INT(bs.decodes, 2, "bcache: with room, each block decoded once");
	trace_bcache_destroy(c);
	trace_bcache_destroy(NULL);
	store_close(st);
}

int
main(void)
{
	snprintf(root, sizeof(root), "/tmp/test_trace.XXXXXX");
	if (mkdtemp(root) == NULL) {
		perror("mkdtemp");
		return 99;
	}
	test_known = *trace_known_default();
	test_known.weth[test_known.nweth++] = W;
	test_topics();
	if (tap_have_shared("watchlist-sources/tornado-pools.csv",
	    "the pools against tornado-pools.csv")) {
		test_known_pools();
	}
	test_fractions();
	test_transfers();
	test_peel();
	test_models();
	test_swap();
	test_failed();
	test_weth();
	test_tornado();
	test_dust();
	test_hub();
	test_token_path();
	test_bcache();
	rmtree(root);
	return tap_done();
}
