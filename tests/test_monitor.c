/*
 * test_monitor.c - the monitor without a node: the alert id and JSON
 * (known answers), the monitor's databases (cursor, hash window, taint
 * set, alerts, outbox, delivery marks, rollback, dropping orphaned
 * blocks), the rules on a hand-built chain in the block cache (watchlist,
 * exposure, taint, hop limits, terminal addresses, ids stable across a
 * rollback and across batch boundaries, broken and missing blocks), the
 * lock, and delivery to stdout and to a webhook served by
 * tests/monitor/receiver.py (failing, then recovering; the secret
 * header). Every case runs in a fresh mkdtemp directory.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "date.h"
#include "hash.h"
#include "hex.h"
#include "http.h"
#include "monitor/monitor_int.h"
#include "store.h"
#include "tap.h"
#include "wl.h"

static char root[64];

static void
fresh(char *dir, size_t cap)
{
	snprintf(dir, cap, "%s/case.XXXXXX", root);
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		exit(99);
	}
}

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
	if (!S_ISDIR(sb.st_mode)) {
		unlink(path);
		return;
	}
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
}

static struct store *
open_fresh(char *dir, size_t cap)
{
	struct store *st = NULL;
	struct err e;

	fresh(dir, cap);
	memset(&e, 0, sizeof(e));
	if (store_open(&st, dir, 0, &e) == -1) {
		printf("Bail out! store_open: %s\n", e.msg);
		exit(1);
	}
	return st;
}

/* The cast of the hand-built chain: address i is 20 bytes of i. */
enum {
	H = 1,		/* a hit (mixer) */
	O,		/* own */
	O2,		/* own */
	EX,		/* an exchange */
	S,		/* a --follow seed */
	A1, B1, C1,	/* downstream of H */
	P1, P2, P3, P4,	/* downstream of S */
	Q, Z,
	NADDR
};

static struct eth_addr
ad(int i)
{
	struct eth_addr a;

	memset(a.b, i, 20);
	return a;
}

static void
ad_hex(char out[43], int i)
{
	struct eth_addr a = ad(i);

	out[0] = '0';
	out[1] = 'x';
	hex_encode(out + 2, a.b, 20);
}

static const char *
name_of(const struct eth_addr *a)
{
	static const char *names[NADDR] = { "?", "H", "O", "O2", "EX", "S",
	    "A1", "B1", "C1", "P1", "P2", "P3", "P4", "Q", "Z" };

	return a->b[0] < NADDR ? names[a->b[0]] : "?";
}

static void
import_lists(struct store *st)
{
	struct wl_import_opts o;
	struct wl_import_result r;
	struct err e;
	char csv[1024], h[43], o1[43], o2[43], ex[43];

	ad_hex(h, H);
	ad_hex(o1, O);
	ad_hex(o2, O2);
	ad_hex(ex, EX);
	snprintf(csv, sizeof(csv), "address,category,label\n"
	    "%s,mixer,Test Mixer\n%s,own,Deposit 1\n%s,own,Deposit 2\n"
	    "%s,exchange,Test Exchange\n", h, o1, o2, ex);
	memset(&o, 0, sizeof(o));
	memset(&e, 0, sizeof(e));
	o.source = "test";
	o.format = WL_FORMAT_CSV;
	o.category = -1;
	if (wl_import_buffer(st, "test.csv", csv, strlen(csv), &o, &r,
	    &e) == -1) {
		printf("Bail out! import: %s\n", e.msg);
		exit(1);
	}
}

struct xf {
	int		 from, to;
	uint64_t	 value;
};

static struct eth_hash
block_hash(uint64_t number, int branch)
{
	struct eth_hash h;
	uint8_t b[9];

	memcpy(b, &number, 8);
	b[8] = (uint8_t)branch;
	hash_keccak256(h.b, b, sizeof(b));
	return h;
}

/* Cache block number of branch with transfers x (parent: number - 1 of
 * parent_branch). */
static void
put_block(struct store *st, uint64_t number, int branch, int parent_branch,
    const struct xf *x, size_t n)
{
	struct eth_block b;
	struct eth_tx txs[16];
	struct err e;
	size_t i;
	uint8_t seed[40];

	memset(&b, 0, sizeof(b));
	memset(txs, 0, sizeof(txs));
	b.h.number = number;
	b.h.hash = block_hash(number, branch);
	b.h.parent_hash = block_hash(number - 1, parent_branch);
	/* 2025-06-02 00:00 UTC + number minutes */
	b.h.timestamp = 1748822400 + number * 60;
	b.h.gas_limit = 30000000;
	for (i = 0; i < n; i++) {
		struct eth_tx *t = &txs[i];

		memcpy(seed, b.h.hash.b, 32);
		memcpy(seed + 32, &i, sizeof(i));
		hash_keccak256(t->hash.b, seed, sizeof(seed));
		t->type = ETH_TX_DYNAMIC_FEE;
		t->from = ad(x[i].from);
		t->has_to = 1;
		t->to = ad(x[i].to);
		t->gas = 21000;
		u256_from_u64(&t->value, x[i].value);
		t->block_number = number;
		t->block_hash = b.h.hash;
		t->index = (uint32_t)i;
		t->has_block = 1;
		t->nonce = number * 16 + i;
	}
	b.txs = txs;
	b.ntxs = n;
	memset(&e, 0, sizeof(e));
	if (store_block_put(st, &b, NULL, NULL, 0, &e) == -1) {
		printf("Bail out! store_block_put %llu: %s\n",
		    (unsigned long long)number, e.msg);
		exit(1);
	}
}

/* The chain the rules are tested on (blocks 1-10, branch 0). */
static const struct xf b1[] = { { H, A1, 1000 } };
static const struct xf b2[] = { { A1, O, 500 } };
static const struct xf b3[] = { { A1, B1, 100 }, { B1, O, 50 } };
static const struct xf b4[] = { { B1, C1, 10 }, { C1, O, 5 } };
static const struct xf b5[] = { { H, EX, 7 }, { EX, O2, 3 } };
static const struct xf b6[] = { { S, P1, 900 }, { P1, P2, 800 },
    { P2, P3, 700 }, { P3, P4, 600 } };
static const struct xf b7[] = { { P1, O2, 11 } };
static const struct xf b8[] = { { O, H, 13 } };
static const struct xf b9[] = { { H, H, 17 } };
static const struct xf b10[] = { { P2, EX, 19 }, { EX, Q, 23 } };

static const struct {
	const struct xf	*x;
	size_t		 n;
} chain[] = {
	{ NULL, 0 },
	{ b1, 1 }, { b2, 1 }, { b3, 2 }, { b4, 2 }, { b5, 2 },
	{ b6, 4 }, { b7, 1 }, { b8, 1 }, { b9, 1 }, { b10, 2 },
};

#define CHAIN_TOP	10

static void
put_chain(struct store *st)
{
	uint64_t i;

	put_block(st, 0, 0, 0, NULL, 0);
	for (i = 1; i <= CHAIN_TOP; i++) {
		put_block(st, i, 0, 0, chain[i].x, chain[i].n);
	}
}

/* Set "next" (and the hash of next - 1) as a first run would. */
struct start {
	uint64_t	 next;
};

static int
start_txn(struct store_mon *m, void *ctx, struct err *err)
{
	struct start *s = ctx;
	struct eth_hash h;

	if (store_mon_state_put(m, "next", s->next, err) == -1) {
		return -1;
	}
	h = block_hash(s->next - 1, 0);
	return store_mon_hash_put(m, s->next - 1, &h, err);
}

static int
seed_txn(struct store_mon *m, void *ctx, struct err *err)
{
	struct store_taint t;

	(void)ctx;
	memset(&t, 0, sizeof(t));
	t.kind = STORE_TAINT_FOLLOW;
	t.address = ad(S);
	t.origin = ad(S);
	return store_mon_taint_put(m, &t, err);
}

static void
setup_rules_db(struct store *st)
{
	struct start s = { 1 };
	struct err e;

	import_lists(st);
	put_chain(st);
	memset(&e, 0, sizeof(e));
	if (store_mon_write(st, start_txn, &s, &e) == -1 ||
	    store_mon_write(st, seed_txn, NULL, &e) == -1) {
		printf("Bail out! setup: %s\n", e.msg);
		exit(1);
	}
}

/* Scan [from, to] as the monitor does. Returns: alerts recorded, -1. */
static long
scan(struct store *st, uint64_t from, uint64_t to, unsigned hops,
    struct err *e)
{
	struct mon_batch b;
	struct mon_rules r;
	struct eth_hash prev;
	long n;

	prev = block_hash(from - 1, 0);
	if (mon_batch_load(&b, st, from, to, &prev, NULL, e) != MON_LOAD_OK) {
		return -1;
	}
	memset(&r, 0, sizeof(r));
	r.hops = hops;
	r.channels = STORE_CH_STDOUT;
	r.now = 1;
	r.move_cursor = 1;
	r.expect_next = from;
	n = mon_batch_commit(st, &b, &r, e);
	mon_batch_release(&b);
	return n;
}

/* The outbox as "block:kind:address" lines, in order; ids in *ids. */
struct dump {
	char		 text[4096];
	char		 ids[64][65];
	size_t		 nids;
	struct store_alert *v;
};

static int
dump_txn(struct store_mon *m, void *ctx, struct err *err)
{
	struct dump *d = ctx;
	size_t n, i, off = 0;
	uint64_t after = 0;

	d->text[0] = '\0';
	d->nids = 0;
	for (;;) {
		if (store_mon_outbox(m, STORE_CH_STDOUT | STORE_CH_WEBHOOK,
		    after, d->v, 16, &n, err) == -1) {
			return -1;
		}
		if (n == 0) {
			return 0;
		}
		for (i = 0; i < n; i++) {
			const struct store_alert *a = &d->v[i];

			off += (size_t)snprintf(d->text + off,
			    sizeof(d->text) - off, "%s%llu:%s:%s",
			    off ? " " : "", (unsigned long long)a->block,
			    monitor_kind_name(a->kind), name_of(&a->address));
			if (a->kind == STORE_ALERT_EXPOSURE ||
			    a->kind == STORE_ALERT_TAINT) {
				off += (size_t)snprintf(d->text + off,
				    sizeof(d->text) - off, "/%u",
				    a->hops);
			}
			if (d->nids < 64) {
				hex_encode(d->ids[d->nids++], a->id, 32);
			}
		}
		after = d->v[n - 1].seq;
	}
}

static void
dump(struct store *st, struct dump *d)
{
	struct err e;

	memset(&e, 0, sizeof(e));
	d->v = calloc(16, sizeof(*d->v));
	if (d->v == NULL || store_mon_read(st, dump_txn, d, &e) == -1) {
		printf("Bail out! dump: %s\n", e.msg);
		exit(1);
	}
	free(d->v);
	d->v = NULL;
}

static int
id_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* Known answers. */

static void
test_known_answers(void)
{
	struct store_alert *a;
	struct eth_hash bh, tx;
	struct eth_addr who;
	struct err e;
	uint8_t id[32], buf[128], want[32];
	char hex[65], *json = NULL;
	size_t n;

	memset(bh.b, 0x11, 32);
	memset(tx.b, 0x22, 32);
	memset(who.b, 0x33, 20);
	monitor_alert_id(id, STORE_ALERT_WATCHLIST, &bh, &tx, 7, &who);
	hex_encode(hex, id, 32);
	/* The definition in monitor.h, spelled out byte by byte. */
	n = 0;
	memcpy(buf, "scanner.alert/1", 16);	/* with its NUL */
	n = 16;
	buf[n++] = STORE_ALERT_WATCHLIST;
	memcpy(buf + n, bh.b, 32);
	n += 32;
	memcpy(buf + n, tx.b, 32);
	n += 32;
	buf[n++] = 0;
	buf[n++] = 0;
	buf[n++] = 0;
	buf[n++] = 7;
	memcpy(buf + n, who.b, 20);
	n += 20;
	hash_keccak256(want, buf, n);
	tap_ok(memcmp(id, want, 32) == 0, "alert id: keccak256 of the "
	    "documented layout (%zu bytes)", n);
	/* Pinned: a change of the id breaks consumers' deduplication. */
	TAP_STR(hex, "f92272a18cac9287615c02cb336e8f1873556b8eaa686ad6501f1"
	    "49abb8ff75f", "alert id: pinned value");
	monitor_alert_id(want, STORE_ALERT_EXPOSURE, &bh, &tx, 7, &who);
	tap_ok(memcmp(id, want, 32) != 0, "alert id: the kind changes it");
	monitor_alert_id(want, STORE_ALERT_WATCHLIST, &bh, &tx, 8, &who);
	tap_ok(memcmp(id, want, 32) != 0, "alert id: the order changes it");
	bh.b[31] ^= 1;
	monitor_alert_id(want, STORE_ALERT_WATCHLIST, &bh, &tx, 7, &who);
	tap_ok(memcmp(id, want, 32) != 0, "alert id: the block hash (a reorg) "
	    "changes it");

	a = calloc(1, sizeof(*a));
	memset(a->id, 0xab, 32);
	a->kind = STORE_ALERT_EXPOSURE;
	a->block = 21000000;
	a->timestamp = 1748822400;	/* 2025-06-02 */
	memset(a->block_hash.b, 0x11, 32);
	memset(a->tx.b, 0x22, 32);
	a->tx_index = 3;
	a->transfer_kind = TRACE_INTERNAL;
	/* The EIP-55 test vectors' addresses: checksummed on output. */
	hex_decode(a->from.b, 20, "5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
	    40);
	hex_decode(a->to.b, 20, "fb6916095ca1df60bb79ce92ce3ea74c37c5d359",
	    40);
	a->address = a->to;
	a->counterparty = a->from;
	a->origin = a->from;
	u256_from_u64(&a->amount, 1500000000000000000ull);
	a->via = 0;
	a->hops = 1;
	a->nlistings = 1;
	snprintf(a->listings[0].source, sizeof(a->listings[0].source),
	    "mixers");
	a->listings[0].category = WL_MIXER;
	snprintf(a->listings[0].label, sizeof(a->listings[0].label),
	    "Tornado \"Cash\" \xe2\x80\x94 pool");
	a->listings[0].listed_on = 19097;	/* 2022-04-15 */
	a->listings[0].delisted_on = DATE_NONE;
	memset(&e, 0, sizeof(e));
	TAP_INT(monitor_alert_json(a, &json, &e), 0, "alert JSON renders");
	TAP_STR(json, "{\"schema\":\"scanner.alert/1\",\"id\":\""
	    "abababababababababababababababababababababababababababababababab"
	    "\",\"kind\":\"exposure\",\"block\":21000000,\"block_hash\":\"0x"
	    "1111111111111111111111111111111111111111111111111111111111111111"
	    "\",\"timestamp\":1748822400,\"tx\":\"0x"
	    "2222222222222222222222222222222222222222222222222222222222222222"
	    "\",\"tx_index\":3,\"transfer\":\"internal\","
	    "\"from\":\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\","
	    "\"to\":\"0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359\","
	    "\"asset\":\"ETH\",\"amount_raw\":\"1500000000000000000\","
	    "\"address\":\"0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359\","
	    "\"counterparty\":\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\","
	    "\"listings\":[{\"source\":\"mixers\",\"category\":\"mixer\","
	    "\"label\":\"Tornado \\\"Cash\\\" \xe2\x80\x94 pool\","
	    "\"listed_on\":\"2022-04-15\",\"delisted_on\":null,"
	    "\"active\":true}],\"amount\":\"1.5\",\"hops\":1,"
	    "\"origin\":\"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\","
	    "\"via\":\"hit\"}", "alert JSON: scanner.alert/1, known answer");
	free(json);
	json = NULL;
	/* A label cut in the middle of a UTF-8 character stays JSON. */
	snprintf(a->listings[0].label, sizeof(a->listings[0].label),
	    "bad \xe2\x80");
	TAP_INT(monitor_alert_json(a, &json, &e), 0, "alert JSON with a "
	    "broken UTF-8 label still renders");
	tap_ok(json != NULL && strstr(json, "\"label\":\"bad ??\"") != NULL,
	    "alert JSON: bytes that are not UTF-8 become '?'");
	free(json);
	free(a);
}

/* The monitor's databases. */

struct kv {
	int		 step;
	long		 r[16];
	struct store_taint t;
	struct store_alert *a;
	uint8_t		 ids[4][32];
	size_t		 n;
	int		 retracted;
};

static int
basics_txn(struct store_mon *m, void *ctx, struct err *err)
{
	struct kv *k = ctx;
	struct store_taint t;
	struct eth_hash h;
	uint64_t v = 0, i;
	int r;

	switch (k->step) {
	case 0:
		k->r[0] = store_mon_state_get(m, "next", &v, err);
		if (store_mon_state_put(m, "next", 42, err) == -1) {
			return -1;
		}
		k->r[1] = store_mon_state_get(m, "next", &v, err);
		k->r[2] = (long)v;
		/* 300 hashes: the window keeps the last 256 */
		for (i = 1; i <= 300; i++) {
			h = block_hash(i, 0);
			if (store_mon_hash_put(m, i, &h, err) == -1) {
				return -1;
			}
		}
		r = store_mon_hash_lowest(m, &v, err);
		k->r[3] = r == 1 ? (long)v : -1;
		k->r[4] = store_mon_hash_get(m, 44, &h, err);
		k->r[5] = store_mon_hash_get(m, 45, &h, err);
		k->r[6] = memcmp(h.b, block_hash(45, 0).b, 32) == 0;
		/* taint: hops 3 at block 10, then 1 at block 20 */
		memset(&t, 0, sizeof(t));
		t.kind = STORE_TAINT_FOLLOW;
		t.address = ad(A1);
		t.origin = ad(S);
		t.block = 10;
		t.hops = 3;
		if (store_mon_taint_put(m, &t, err) == -1) {
			return -1;
		}
		t.block = 200;
		t.hops = 1;
		if (store_mon_taint_put(m, &t, err) == -1) {
			return -1;
		}
		k->r[7] = store_mon_taint_get(m, STORE_TAINT_FOLLOW, &t.address,
		    &k->t, err);
		k->r[8] = store_mon_taint_get(m, STORE_TAINT_HIT, &t.address,
		    &t, err);
		return 0;
	case 1:
		return (int)store_mon_rollback(m, 150, NULL, NULL, err);
	case 2:
		t.address = ad(A1);
		k->r[0] = store_mon_taint_get(m, STORE_TAINT_FOLLOW, &t.address,
		    &k->t, err);
		k->r[1] = store_mon_hash_get(m, 150, &h, err);
		k->r[2] = store_mon_hash_get(m, 151, &h, err);
		k->r[3] = store_mon_state_get(m, "next", &v, err);
		k->r[4] = (long)v;
		return 0;
	}
	return 0;
}

static int
alerts_txn(struct store_mon *m, void *ctx, struct err *err)
{
	struct kv *k = ctx;
	struct store_alert *a = k->a;
	int i;

	for (i = 0; i < 3; i++) {
		memset(a, 0, sizeof(*a));
		a->kind = STORE_ALERT_WATCHLIST;
		a->pending = STORE_CH_STDOUT | STORE_CH_WEBHOOK;
		a->block = 100 + (uint64_t)i;
		a->address = ad(H);
		memset(a->id, 0x10 + i, 32);
		memcpy(k->ids[i], a->id, 32);
		k->r[i] = store_mon_alert_add(m, a, err);
		k->r[3 + i] = (long)a->seq;
	}
	/* the same id again */
	memset(a->id, 0x10, 32);
	k->r[6] = store_mon_alert_add(m, a, err);
	return 0;
}

static int
outbox_txn(struct store_mon *m, void *ctx, struct err *err)
{
	struct kv *k = ctx;

	return store_mon_outbox(m, (unsigned)k->step, 0, k->a, 4, &k->n, err);
}

static int
deliver_txn(struct store_mon *m, void *ctx, struct err *err)
{
	struct kv *k = ctx;

	k->r[0] = store_mon_alert_delivered(m, k->ids[0], STORE_CH_STDOUT,
	    err);
	k->r[1] = store_mon_alert_delivered(m, k->ids[1],
	    STORE_CH_STDOUT | STORE_CH_WEBHOOK, err);
	return 0;
}

static int
count_retract(void *ctx, const struct store_alert *a, struct err *err)
{
	struct kv *k = ctx;

	(void)a;
	(void)err;
	k->retracted++;
	return 0;
}

static int
rollback_alerts_txn(struct store_mon *m, void *ctx, struct err *err)
{
	struct kv *k = ctx;

	k->retracted = 0;
	k->r[0] = store_mon_rollback(m, 100, count_retract, k, err);
	return 0;
}

static int
stats_txn(struct store_mon *m, void *ctx, struct err *err)
{
	return store_mon_stats(m, ctx, err);
}

static void
test_monstore(void)
{
	struct store_mon_stats ms;
	struct store *st;
	struct kv k;
	struct err e;
	char dir[128];

	st = open_fresh(dir, sizeof(dir));
	memset(&k, 0, sizeof(k));
	memset(&e, 0, sizeof(e));
	TAP_INT(store_mon_write(st, basics_txn, &k, &e), 0, "state, window "
	    "and taint in one write");
	TAP_INT(k.r[0], 0, "state: 'next' absent in a new database");
	TAP_INT(k.r[1], 1, "state: 'next' found once put");
	TAP_INT(k.r[2], 42, "state: 'next' reads back 42");
	TAP_INT(k.r[3], 45, "window: after 300 blocks the oldest kept is "
	    "300 - %d + 1", STORE_MON_WINDOW);
	TAP_INT(k.r[4], 0, "window: block 44 left it");
	tap_ok(k.r[5] == 1 && k.r[6] == 1, "window: block 45 is there with "
	    "its hash");
	TAP_INT(k.r[7], 1, "taint: found");
	tap_ok(k.t.hops == 1 && k.t.block == 200, "taint: the entry with the "
	    "fewest hops wins (1 at block 200 over 3 at block 10)");
	TAP_INT(k.r[8], 0, "taint: kinds are separate");
	k.step = 1;
	TAP_INT(store_mon_write(st, basics_txn, &k, &e), 0, "rollback to 150");
	k.step = 2;
	TAP_INT(store_mon_read(st, basics_txn, &k, &e), 0, "read after "
	    "rollback");
	tap_ok(k.r[0] == 1 && k.t.hops == 3 && k.t.block == 10, "rollback: "
	    "the block-200 taint entry went, the block-10 one stays");
	tap_ok(k.r[1] == 1 && k.r[2] == 0, "rollback: hashes above 150 gone, "
	    "150 kept");
	tap_ok(k.r[3] == 1 && k.r[4] == 151, "rollback: next = fork + 1 = "
	    "151");
	k.step = 0;
	e.code = ERR_OK;
	TAP_INT(store_mon_read(st, basics_txn, &k, &e), -1, "a read "
	    "transaction refuses writes");
	TAP_INT(e.code, ERR_STORE, "... with ERR_STORE");

	k.a = calloc(4, sizeof(*k.a));
	TAP_INT(store_mon_write(st, alerts_txn, &k, &e), 0, "three alerts "
	    "recorded");
	tap_ok(k.r[0] == 1 && k.r[1] == 1 && k.r[2] == 1, "alert_add: 1 for "
	    "each new id");
	tap_ok(k.r[3] == 1 && k.r[4] == 2 && k.r[5] == 3, "alert_add: "
	    "sequence numbers 1, 2, 3");
	TAP_INT(k.r[6], 0, "alert_add: an id already recorded is left "
	    "alone (0)");
	k.step = STORE_CH_STDOUT;
	store_mon_read(st, outbox_txn, &k, &e);
	tap_ok(k.n == 3 && k.a[0].seq == 1 && k.a[2].seq == 3 &&
	    memcmp(k.a[1].id, k.ids[1], 32) == 0, "outbox: all three, in "
	    "order");
	TAP_INT(store_mon_write(st, deliver_txn, &k, &e), 0, "mark "
	    "delivered");
	tap_ok(k.r[0] == 1 && k.r[1] == 1, "delivered: both found");
	k.step = STORE_CH_STDOUT;
	store_mon_read(st, outbox_txn, &k, &e);
	TAP_INT(k.n, 1, "outbox, stdout: only the third is left to print");
	k.step = STORE_CH_WEBHOOK;
	store_mon_read(st, outbox_txn, &k, &e);
	tap_ok(k.n == 2 && k.a[0].seq == 1 && k.a[0].delivered ==
	    STORE_CH_STDOUT, "outbox, webhook: the first (printed, not "
	    "posted) and the third");
	store_mon_read(st, stats_txn, &ms, &e);
	tap_ok(ms.alerts == 3 && ms.outbox == 2 && ms.pending_stdout == 1 &&
	    ms.pending_webhook == 2, "stats: 3 alerts, 2 in the outbox (1 "
	    "for stdout, 2 for the webhook)");
	TAP_INT(store_mon_write(st, rollback_alerts_txn, &k, &e), 0,
	    "rollback to block 100");
	tap_ok(k.r[0] == 2 && k.retracted == 1, "rollback: the alerts of "
	    "blocks 101, 102 removed; the delivered one (101) reported");
	store_mon_read(st, stats_txn, &ms, &e);
	tap_ok(ms.alerts == 1 && ms.outbox == 1, "rollback: block 100's "
	    "alert and its outbox entry stay");
	free(k.a);
	store_close(st);
	rmtree(dir);
}

static int
count_idx(void *ctx, uint64_t block, uint32_t tx_index,
    enum store_role role)
{
	(void)block;
	(void)tx_index;
	(void)role;
	++*(int *)ctx;
	return 0;
}

static void
test_drop(void)
{
	struct store *st;
	struct eth_addr a;
	struct err e;
	char dir[128];
	int n1 = 0, n2 = 0;

	st = open_fresh(dir, sizeof(dir));
	memset(&e, 0, sizeof(e));
	put_chain(st);
	a = ad(H);
	store_addr_each(st, &a, 0, 100, count_idx, &n1, &e);
	TAP_INT(store_blocks_drop(st, 5, 12, &e), 6, "drop [5, 12]: the 6 "
	    "cached blocks 5-10 go");
	TAP_INT(store_block_flags(st, 5, NULL, NULL, &e), 0, "dropped: block "
	    "5 not cached");
	TAP_INT(store_block_flags(st, 4, NULL, NULL, &e), 1, "kept: block 4");
	store_addr_each(st, &a, 0, 100, count_idx, &n2, &e);
	/* H sends in blocks 1, 5, 9 and receives in 8 and 9 */
	tap_ok(n1 > n2 && n2 > 0, "dropped: the address index lost blocks "
	    "5-10's entries (%d -> %d), kept block 1's", n1, n2);
	n2 = 0;
	store_addr_each(st, &a, 5, 100, count_idx, &n2, &e);
	TAP_INT(n2, 0, "dropped: no index entry above block 4 is left");
	put_block(st, 5, 1, 0, b5, 2);
	TAP_INT(store_block_flags(st, 5, NULL, NULL, &e), 1, "a new block 5 "
	    "caches after the drop");
	store_close(st);
	rmtree(dir);
}

/* The rules on the hand-built chain. */

static void
test_rules(void)
{
	struct mon_batch b;
	struct mon_rules r;
	struct eth_hash prev;
	struct store *st, *st2;
	struct dump d1, d2;
	struct err e;
	char dir[128], dir2[128];
	long n;
	int i;

	st = open_fresh(dir, sizeof(dir));
	setup_rules_db(st);
	memset(&e, 0, sizeof(e));
	n = scan(st, 1, CHAIN_TOP, 3, &e);
	TAP_INT(n, 12, "hops 3: 12 alerts on blocks 1-10");
	if (n == -1) {
		printf("# %s\n", e.msg);
	}
	dump(st, &d1);
	TAP_STR(d1.text,
	    "1:watchlist:H "		/* H -> A1 */
	    "2:exposure:O/2 "		/* A1 -> O: 2 hops from H */
	    "3:exposure:O/3 "		/* B1 -> O: 3 hops from H */
	    "5:watchlist:H "		/* H -> EX; EX -> O2: an exchange is
					   not followed */
	    "6:taint:P1/1 6:taint:P2/2 6:taint:P3/3 "	/* P4: 4 hops */
	    "7:exposure:O2/2 "		/* P1 -> O2: follow taint */
	    "8:watchlist:H 8:exposure:O/1 "	/* O -> H */
	    "9:watchlist:H "		/* H -> H: once */
	    "10:taint:EX/3",		/* P2 -> EX; EX -> Q stops */
	    "the alerts, in order: watchlist, exposure within 3 hops, taint "
	    "within 3 hops, terminal exchanges and own addresses");
	qsort(d1.ids, d1.nids, sizeof(d1.ids[0]), id_cmp);

	/* The same scan again: the cursor is past it. */
	n = scan(st, 1, CHAIN_TOP, 3, &e);
	tap_ok(n == -1 && strstr(e.msg, "cursor moved") != NULL, "a batch "
	    "that is not at the cursor is refused: %s", e.msg);

	/* Roll back to 0 and scan again: the same ids. */
	{
		struct kv k;

		memset(&k, 0, sizeof(k));
		TAP_INT(store_mon_write(st, rollback_alerts_txn, &k, &e), 0,
		    "rollback of the alerts above block 100: nothing");
	}
	store_close(st);
	rmtree(dir);

	/* Two batches instead of one: the same alerts, the same ids. */
	st2 = open_fresh(dir2, sizeof(dir2));
	setup_rules_db(st2);
	n = scan(st2, 1, 4, 3, &e);
	n += scan(st2, 5, CHAIN_TOP, 3, &e);
	TAP_INT(n, 12, "two batches (1-4, 5-10): 12 alerts");
	dump(st2, &d2);
	qsort(d2.ids, d2.nids, sizeof(d2.ids[0]), id_cmp);
	tap_ok(d1.nids == d2.nids && memcmp(d1.ids, d2.ids,
	    sizeof(d1.ids[0]) * d1.nids) == 0, "two batches: the same %zu "
	    "ids as one batch", d2.nids);

	/* Chain checks of mon_batch_load. */
	prev = block_hash(4, 1);
	TAP_INT(mon_batch_load(&b, st2, 5, 6, &prev, NULL, &e),
	    MON_LOAD_BROKEN, "a block whose parent is not the previous hash: "
	    "broken");
	TAP_INT(b.stop, 5, "broken: at block 5");
	mon_batch_release(&b);
	prev = block_hash(8, 0);
	TAP_INT(mon_batch_load(&b, st2, 9, 12, &prev, NULL, &e),
	    MON_LOAD_MISSING, "blocks not cached: missing");
	tap_ok(b.stop == 11 && b.nblocks == 2, "missing: stops at 11 with "
	    "blocks 9 and 10 loaded");
	mon_batch_release(&b);
	store_close(st2);
	rmtree(dir2);

	/* hops 1: only direct contact with a hit counts. */
	st = open_fresh(dir, sizeof(dir));
	setup_rules_db(st);
	n = scan(st, 1, CHAIN_TOP, 1, &e);
	dump(st, &d1);
	TAP_STR(d1.text, "1:watchlist:H 5:watchlist:H 6:taint:P1/1 "
	    "7:exposure:O2/2 8:watchlist:H 8:exposure:O/1 9:watchlist:H",
	    "hops 1: exposure only to a hit or to followed taint, taint 1 hop");

	/* A past seed tx (taint only): its recipients now, once. */
	{
		struct eth_hash tx;

		memset(&r, 0, sizeof(r));
		r.hops = 3;
		r.channels = STORE_CH_STDOUT;
		r.taint_only = 1;
		/* block 3's second transfer: B1 -> O; the first A1 -> B1 */
		mon_batch_load(&b, st, 3, 3, NULL, NULL, &e);
		tx = b.xs[0].t.tx_hash;
		mon_batch_release(&b);
		mon_batch_load(&b, st, 3, 3, NULL, &tx, &e);
		TAP_INT(b.nxs, 1, "a tx filter keeps that tx's transfers");
		r.put_seed = &tx;
		n = mon_batch_commit(st, &b, &r, &e);
		TAP_INT(n, 1, "a past seed tx: its recipient is tainted now "
		    "(one alert)");
		n = mon_batch_commit(st, &b, &r, &e);
		TAP_INT(n, 0, "... and only once");
		mon_batch_release(&b);
		dump(st, &d1);
		i = strstr(d1.text, "3:taint:B1/1") != NULL;
		tap_ok(i, "the seed tx's recipient B1 is tainted at hop 1");
	}
	store_close(st);
	rmtree(dir);
}

/* Delivery, the lock and the webhook. */

struct capture {
	char		 out[16384];
	size_t		 n;
	int		 emitted, flushed, fail;
};

static int
cap_emit(void *ctx, const struct store_alert *a, const char *json,
    struct err *err)
{
	struct capture *c = ctx;

	(void)a;
	if (c->fail) {
		return err_set(err, ERR_SYS, EPIPE, "cannot write output: "
		    "Broken pipe");
	}
	c->n += (size_t)snprintf(c->out + c->n, sizeof(c->out) - c->n,
	    "%s\n", json);
	c->emitted++;
	return 0;
}

static int
cap_flush(void *ctx, struct err *err)
{
	struct capture *c = ctx;

	(void)err;
	c->flushed++;
	return 0;
}

struct add {
	int		 first, n;
	uint8_t		 channels;
};

static int
add_txn(struct store_mon *m, void *ctx, struct err *err)
{
	struct add *ad_ = ctx;
	struct store_alert *a;
	int i, r = 0;

	a = calloc(1, sizeof(*a));
	for (i = ad_->first; i < ad_->first + ad_->n && r >= 0; i++) {
		a->kind = STORE_ALERT_WATCHLIST;
		a->pending = ad_->channels;
		a->block = (uint64_t)i;
		a->timestamp = 1748822400;
		a->address = ad(H);
		a->from = ad(H);
		a->to = ad(A1);
		memset(a->block_hash.b, i, 32);
		monitor_alert_id(a->id, a->kind, &a->block_hash, &a->tx, 0,
		    &a->address);
		r = store_mon_alert_add(m, a, err);
	}
	free(a);
	return r < 0 ? -1 : 0;
}

static pid_t recv_pid;
static char recv_url[64], recv_log[256];

static int
receiver_start(const char *dir)
{
	const char *src = getenv("SCANNER_SRC");
	char script[1024], line[32];
	int pfd[2];
	ssize_t k;
	size_t n = 0;

	if (src == NULL) {
		src = ".";
	}
	snprintf(script, sizeof(script), "%s/tests/monitor/receiver.py", src);
	snprintf(recv_log, sizeof(recv_log), "%s/receiver.log", dir);
	if (access(script, R_OK) == -1 || pipe(pfd) == -1) {
		return -1;
	}
	recv_pid = fork();
	if (recv_pid == 0) {
		dup2(pfd[1], 1);
		close(pfd[0]);
		close(pfd[1]);
		execlp("python3", "python3", script, recv_log, (char *)NULL);
		_exit(127);
	}
	close(pfd[1]);
	while (n < sizeof(line) - 1) {
		k = read(pfd[0], line + n, 1);
		if (k <= 0 || line[n] == '\n') {
			break;
		}
		n++;
	}
	line[n] = '\0';
	close(pfd[0]);
	if (n == 0) {
		return -1;
	}
	snprintf(recv_url, sizeof(recv_url), "http://127.0.0.1:%s", line);
	return 0;
}

static void
receiver_stop(void)
{
	if (recv_pid > 0) {
		kill(recv_pid, SIGTERM);
		waitpid(recv_pid, NULL, 0);
		recv_pid = 0;
	}
}

static void
control(struct http *h, const char *json)
{
	char url[128];
	struct err e;

	snprintf(url, sizeof(url), "%s/control", recv_url);
	if (http_post(h, url, "application/json", NULL, 0, json, strlen(json),
	    NULL, &e) == -1) {
		printf("# control: %s\n", e.msg);
	}
}

/* The receiver's log: POSTs to /hook, their statuses and headers. */
struct hooks {
	int		 posts, ok, with_auth, auth_right, id_matches;
	char		 ids[64][65];	/* of the 2xx ones */
	int		 nids;
};

static void
read_hooks(struct hooks *hk, const char *secret)
{
	json_t *r, *hd, *body;
	const char *id, *auth, *hid;
	char line[65536], want[600];
	FILE *f;

	memset(hk, 0, sizeof(*hk));
	snprintf(want, sizeof(want), "Bearer %s", secret ? secret : "");
	f = fopen(recv_log, "r");
	while (f != NULL && fgets(line, sizeof(line), f) != NULL) {
		r = json_loads(line, 0, NULL);
		if (r == NULL || strcmp(json_string_value(json_object_get(r,
		    "path")), "/hook") != 0) {
			json_decref(r);
			continue;
		}
		hk->posts++;
		hd = json_object_get(r, "headers");
		auth = json_string_value(json_object_get(hd, "authorization"));
		hid = json_string_value(json_object_get(hd,
		    "x-scanner-alert-id"));
		body = json_loads(json_string_value(json_object_get(r, "body")),
		    0, NULL);
		id = json_string_value(json_object_get(body, "id"));
		hk->with_auth += auth != NULL;
		hk->auth_right += auth != NULL && strcmp(auth, want) == 0;
		hk->id_matches += id != NULL && hid != NULL &&
		    strcmp(id, hid) == 0;
		if (json_integer_value(json_object_get(r, "status")) == 200 &&
		    id != NULL && hk->nids < 64) {
			hk->ok++;
			snprintf(hk->ids[hk->nids++], 65, "%s", id);
		}
		json_decref(body);
		json_decref(r);
	}
	if (f != NULL) {
		fclose(f);
	}
}

static void
truncate_log(void)
{
	FILE *f = fopen(recv_log, "w");

	if (f != NULL) {
		fclose(f);
	}
}

static void
test_delivery(void)
{
	struct monitor_opts o;
	struct monitor_summary sum;
	struct store_mon_stats ms;
	struct capture *cap;
	struct http *h = NULL;
	struct hooks hk;
	struct store *st;
	struct add add;
	struct err e;
	char dir[128], url[160], lockp[200];
	int fd, dup_ids, i, j;

	st = open_fresh(dir, sizeof(dir));
	cap = calloc(1, sizeof(*cap));
	memset(&e, 0, sizeof(e));
	memset(&o, 0, sizeof(o));
	o.st = st;
	o.lock_dir = dir;
	o.sink.emit = cap_emit;
	o.sink.flush = cap_flush;
	o.sink.ctx = cap;

	/* stdout only */
	add.first = 1;
	add.n = 3;
	add.channels = STORE_CH_STDOUT;
	store_mon_write(st, add_txn, &add, &e);
	TAP_INT(monitor_run(&o, &sum, &e), 0, "deliver-only run");
	tap_ok(cap->emitted == 3 && cap->flushed >= 1 && sum.emitted == 3 &&
	    sum.pending == 0, "stdout: 3 alerts emitted, flushed, none "
	    "pending");
	TAP_INT(monitor_run(&o, &sum, &e), 0, "run again");
	tap_ok(cap->emitted == 3 && sum.emitted == 0, "stdout: nothing "
	    "printed twice");
	add.first = 10;
	add.n = 2;
	store_mon_write(st, add_txn, &add, &e);
	cap->fail = 1;
	TAP_INT(monitor_run(&o, &sum, &e), -1, "a sink that cannot write "
	    "fails the run");
	store_mon_read(st, stats_txn, &ms, &e);
	TAP_INT(ms.pending_stdout, 2, "... and its alerts stay pending");
	cap->fail = 0;
	monitor_run(&o, &sum, &e);
	TAP_INT(sum.emitted, 2, "they are printed by the next run");

	/* The lock. */
	snprintf(lockp, sizeof(lockp), "%s/%s", dir, MONITOR_LOCK_FILE);
	fd = open(lockp, O_RDWR | O_CREAT, 0600);
	flock(fd, LOCK_EX);
	memset(&e, 0, sizeof(e));
	TAP_INT(monitor_run(&o, &sum, &e), -1, "another holder of the lock: "
	    "the run fails at once (--wait 0)");
	tap_ok(e.code == ERR_STORE && strstr(e.msg, "another monitor is "
	    "running") != NULL && !sum.locked, "lock: ERR_STORE (exit 5), "
	    "'%s'", e.msg);
	o.wait = 1;
	{
		double t0, t1;
		struct timespec ts;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		t0 = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
		monitor_run(&o, &sum, &e);
		clock_gettime(CLOCK_MONOTONIC, &ts);
		t1 = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
		tap_ok(t1 - t0 >= 0.9 && t1 - t0 < 5, "lock: --wait 1 waits "
		    "about a second (%.2f s) before giving up", t1 - t0);
	}
	flock(fd, LOCK_UN);
	close(fd);
	TAP_INT(monitor_run(&o, &sum, &e), 0, "lock released: the run goes");
	o.wait = 0;

	/* The webhook. */
	if (receiver_start(dir) == -1) {
		tap_ok(0, "start tests/monitor/receiver.py (python3)");
		goto out;
	}
	http_create(&h, NULL, &e);
	snprintf(url, sizeof(url), "%s/hook", recv_url);
	o.webhook = url;
	o.webhook_secret = "s3cret-token";
	o.http.max_attempts = 4;
	o.http.backoff_ms = 20;
	o.http.max_wait_ms = 100;
	add.first = 20;
	add.n = 3;
	add.channels = STORE_CH_STDOUT | STORE_CH_WEBHOOK;
	store_mon_write(st, add_txn, &add, &e);
	control(h, "{\"hook_fail\": 2}");
	TAP_INT(monitor_run(&o, &sum, &e), 0, "webhook failing twice, then "
	    "up: the run succeeds");
	read_hooks(&hk, o.webhook_secret);
	tap_ok(hk.posts == 5 && hk.ok == 3 && sum.posted == 3 &&
	    !sum.webhook_failed && sum.pending == 0, "webhook: 2 failures "
	    "retried with backoff, 3 alerts taken (%d posts)", hk.posts);
	tap_ok(hk.with_auth == 5 && hk.auth_right == 5, "webhook: every POST "
	    "has 'Authorization: Bearer <secret>'");
	tap_ok(hk.id_matches == 5, "webhook: X-Scanner-Alert-Id is the "
	    "alert's id");

	/* Down for a whole run: kept, then delivered by the next. */
	truncate_log();
	o.http.max_attempts = 2;
	control(h, "{\"hook_status\": 503}");
	add.first = 30;
	add.n = 2;
	store_mon_write(st, add_txn, &add, &e);
	cap->emitted = 0;
	TAP_INT(monitor_run(&o, &sum, &e), 0, "webhook down: the run itself "
	    "succeeds");
	tap_ok(sum.webhook_failed && sum.webhook_err.code == ERR_NET &&
	    strstr(sum.webhook_err.msg, "HTTP 503 after 2 attempts") != NULL,
	    "webhook down: reported: %s", sum.webhook_err.msg);
	tap_ok(strstr(sum.webhook_err.msg, "/hook") == NULL &&
	    strstr(sum.webhook_err.msg, "s3cret") == NULL, "webhook down: the "
	    "message names scheme://host:port only, no path, no secret");
	tap_ok(cap->emitted == 2 && sum.pending == 2 && sum.posted == 0,
	    "webhook down: printed anyway, 2 pending delivery");
	read_hooks(&hk, o.webhook_secret);
	TAP_INT(hk.posts, 2, "webhook down: the first alert tried twice, the "
	    "second not at all this run");
	truncate_log();
	control(h, "{\"hook_status\": 0}");
	TAP_INT(monitor_run(&o, &sum, &e), 0, "webhook back up");
	read_hooks(&hk, o.webhook_secret);
	tap_ok(sum.posted == 2 && sum.pending == 0 && sum.emitted == 0 &&
	    hk.ok == 2, "webhook back: the 2 kept alerts delivered, nothing "
	    "printed again");
	dup_ids = 0;
	for (i = 0; i < hk.nids; i++) {
		for (j = i + 1; j < hk.nids; j++) {
			dup_ids += strcmp(hk.ids[i], hk.ids[j]) == 0;
		}
	}
	TAP_INT(dup_ids, 0, "webhook back: each delivered once");

	/* A 4xx is an answer: not retried. No secret: no header. */
	truncate_log();
	o.webhook_secret = NULL;
	o.http.max_attempts = 4;
	control(h, "{\"hook_status\": 400}");
	add.first = 40;
	add.n = 1;
	store_mon_write(st, add_txn, &add, &e);
	monitor_run(&o, &sum, &e);
	read_hooks(&hk, NULL);
	tap_ok(hk.posts == 1 && sum.webhook_failed, "HTTP 400: tried once, "
	    "kept");
	TAP_INT(hk.with_auth, 0, "no secret: no Authorization header");

	/* Nothing listening. */
	receiver_stop();
	monitor_run(&o, &sum, &e);
	tap_ok(sum.webhook_failed && strstr(sum.webhook_err.msg,
	    "cannot post to 'http://127.0.0.1:") != NULL && sum.pending == 1,
	    "webhook unreachable: %s; the alert stays", sum.webhook_err.msg);
out:
	receiver_stop();
	http_destroy(h);
	free(cap);
	store_close(st);
	rmtree(dir);
}

int
main(void)
{
	snprintf(root, sizeof(root), "%s/test_monitor.XXXXXX",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(root) == NULL) {
		perror("mkdtemp");
		return 99;
	}
	test_known_answers();
	test_monstore();
	test_drop();
	test_rules();
	test_delivery();
	rmtree(root);
	return tap_done();
}
