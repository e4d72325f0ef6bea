/*
 * integ_check.c - the C half of the integration tests (tests/integration/
 * *.sh): reads the cassettes that `scanner --record DIR` wrote while
 * talking to a real anvil node, and checks them and the cache. Prints TAP
 * lines without numbers ("ok - what", "not ok - what", "# detail"); the
 * calling script numbers them into its own stream.
 *
 *   integ_check decode DIR EXPECT.json
 *	Every recorded response of a method the scanner decodes (blocks,
 *	receipts, call traces of both flavours, transactions, logs) goes
 *	through scanner/fetch/decode.h's text API, and every decoded field
 *	is compared with jansson's reading of the same JSON
 *	(tests/decode_check.h); the transaction types decoded are those
 *	chain.cjs recorded in EXPECT.json.
 *   integ_check cache DB DIR EXPECT.json [--partial N]...
 *	Every block 0..head is cached, with its receipts and traces, and
 *	equals field by field what the node sent; blocks are marked fully
 *	verified (--partial N: block N only its senders); the expected
 *	transactions, ERC-20 Transfer logs, internal value transfers
 *	(nested and reverted), address index entries and EIP-7702
 *	authorities are there.
 *   integ_check tamper IN OUT KIND BLOCK [TX [TX2]]
 *	Copy cassette directory IN to OUT with one lie in the responses
 *	about BLOCK (KIND: tx-r, tx-s, tx-v, tx-value, tx-input, tx-from,
 *	tx-hash, swap, log-data, log-topic, receipt-status, parent,
 *	parent-forged); prints what it changed as "# " lines.
 *   integ_check rawroot DIR BLOCK RAWFILE
 *	RAWFILE holds the raw transactions the node serves for BLOCK
 *	(eth_getRawTransactionByHash, one hex string a line, in order):
 *	says whether the block's transactionsRoot is the trie root over
 *	them, and whether it is the canonical (EIP-2718) root.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <jansson.h>

#include "cassette.h"
#include "decode.h"
#include "../decode_check.h"
#include "hex.h"
#include "rlp.h"
#include "store.h"
#include "u256.h"
#include "verify.h"

/* One recorded exchange. */
struct xchg {
	char		*method;
	json_t		*params;
	json_t		*reply;		/* {"result"} or {"error"} */
	char		*text;		/* the response line, after "<< " */
	size_t		 len;
	char		 where[300];	/* file:line of the response */
};

struct tape {
	struct xchg	*x;
	size_t		 n, cap;
};

static int failures;

static void
say(int cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
say(int cond, const char *fmt, ...)
{
	va_list ap;

	if (!cond) {
		failures++;
	}
	printf("%sok - ", cond ? "" : "not ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static void
die(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));

static void
die(const char *fmt, ...)
{
	va_list ap;

	fputs("integ_check: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.io files of dir, sorted (as the replay loads them). */
static char **
io_files(const char *dir, size_t *n)
{
	struct dirent *de;
	char **names = NULL;
	size_t cap = 0, len;
	DIR *d;

	*n = 0;
	d = opendir(dir);
	if (d == NULL) {
		die("cannot read '%s': %s", dir, strerror(errno));
	}
	for (;;) {
		de = readdir(d);
		if (de == NULL) {
			break;
		}
		len = strlen(de->d_name);
		if (len <= 3 || strcmp(de->d_name + len - 3,
		    CASSETTE_EXT) != 0) {
			continue;
		}
		if (*n == cap) {
			cap = cap ? 2 * cap : 8;
			names = realloc(names, cap * sizeof(*names));
			if (names == NULL) {
				die("out of memory");
			}
		}
		names[(*n)++] = strdup(de->d_name);
	}
	closedir(d);
	if (*n > 0) {
		qsort(names, *n, sizeof(*names), cmp_str);
	}
	return names;
}

static void
free_names(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(names[i]);
	}
	free(names);
}

static json_t *
parse_line(const char *s, size_t len, const char *file, size_t line)
{
	json_error_t jerr;
	json_t *j;

	j = cassette_loadb(s, len, &jerr);
	if (j == NULL) {
		die("%s:%zu: %s", file, line, jerr.text);
	}
	return j;
}

static void
load_tape(struct tape *t, const char *dir)
{
	char **names, path[4096], *line = NULL;
	size_t nnames, i, cap = 0, lineno;
	json_t *req = NULL, *j;
	const char *m;
	struct xchg *x;
	ssize_t got;
	FILE *f;

	memset(t, 0, sizeof(*t));
	names = io_files(dir, &nnames);
	for (i = 0; i < nnames; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		f = fopen(path, "r");
		if (f == NULL) {
			die("cannot open '%s': %s", path, strerror(errno));
		}
		lineno = 0;
		for (;;) {
			got = getline(&line, &cap, f);
			if (got < 0) {
				break;
			}
			lineno++;
			while (got > 0 && (line[got - 1] == '\n' ||
			    line[got - 1] == '\r')) {
				line[--got] = '\0';
			}
			if (strncmp(line, ">> ", 3) == 0) {
				json_decref(req);
				req = parse_line(line + 3, (size_t)got - 3,
				    path, lineno);
				continue;
			}
			if (strncmp(line, "<< ", 3) != 0 || req == NULL) {
				continue;
			}
			j = parse_line(line + 3, (size_t)got - 3, path,
			    lineno);
			m = json_string_value(json_object_get(req, "method"));
			if (t->n == t->cap) {
				t->cap = t->cap ? 2 * t->cap : 256;
				t->x = realloc(t->x, t->cap * sizeof(*t->x));
				if (t->x == NULL) {
					die("out of memory");
				}
			}
			x = &t->x[t->n++];
			memset(x, 0, sizeof(*x));
			x->method = strdup(m != NULL ? m : "");
			x->params = json_incref(json_object_get(req,
			    "params"));
			x->reply = j;
			x->text = strdup(line + 3);
			x->len = (size_t)got - 3;
			snprintf(x->where, sizeof(x->where), "%s:%zu",
			    names[i], lineno);
			json_decref(req);
			req = NULL;
		}
		fclose(f);
	}
	json_decref(req);
	free(line);
	free_names(names, nnames);
}

static void
free_tape(struct tape *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->x[i].method);
		json_decref(t->x[i].params);
		json_decref(t->x[i].reply);
		free(t->x[i].text);
	}
	free(t->x);
}

static const json_t *
result_of(const struct xchg *x)
{
	return json_object_get(x->reply, "result");
}

/* The block number a request is about: its first param, a quantity. */
static int
param_block(const struct xchg *x, uint64_t *n)
{
	const char *s = json_string_value(json_array_get(x->params, 0));
	char *end;

	if (s == NULL || strncmp(s, "0x", 2) != 0) {
		return 0;
	}
	*n = strtoull(s + 2, &end, 16);
	return *end == '\0';
}

static int
is_full_block(const struct xchg *x)
{
	return strcmp(x->method, "eth_getBlockByNumber") == 0 &&
	    json_is_true(json_array_get(x->params, 1));
}

/* The last recorded response of method about block n (NULL: none). */
static const json_t *
find_result(const struct tape *t, const char *method, uint64_t n)
{
	const json_t *r = NULL;
	uint64_t b;
	size_t i;

	for (i = 0; i < t->n; i++) {
		if (strcmp(t->x[i].method, method) != 0 ||
		    !param_block(&t->x[i], &b) || b != n) {
			continue;
		}
		if (strcmp(method, "eth_getBlockByNumber") == 0 &&
		    !is_full_block(&t->x[i])) {
			continue;
		}
		if (result_of(&t->x[i]) != NULL &&
		    !json_is_null(result_of(&t->x[i]))) {
			r = result_of(&t->x[i]);
		}
	}
	return r;
}

static json_t *
load_json(const char *path)
{
	json_error_t jerr;
	json_t *j;

	j = json_load_file(path, 0, &jerr);
	if (j == NULL) {
		die("%s:%d: %s", path, jerr.line, jerr.text);
	}
	return j;
}

static uint64_t
jint(const json_t *o, const char *k)
{
	const json_t *v = json_object_get(o, k);

	if (!json_is_integer(v)) {
		die("expected facts: '%s' is not an integer", k);
	}
	return (uint64_t)json_integer_value(v);
}

static const char *
jstr(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static void
addr_of(struct eth_addr *a, const char *hex0x)
{
	if (hex0x == NULL || strlen(hex0x) != 42 ||
	    hex_decode(a->b, 20, hex0x + 2, 40) == -1) {
		die("expected facts: bad address '%s'",
		    hex0x ? hex0x : "(null)");
	}
}

static void
hash_of(struct eth_hash *h, const char *hex0x)
{
	if (hex0x == NULL || strlen(hex0x) != 66 ||
	    hex_decode(h->b, 32, hex0x + 2, 64) == -1) {
		die("expected facts: bad hash '%s'",
		    hex0x ? hex0x : "(null)");
	}
}

static void
u256_of(struct u256 *u, const char *hex0x)
{
	if (hex0x == NULL || u256_from_hex(u, hex0x, strlen(hex0x)) == -1) {
		die("expected facts: bad quantity '%s'",
		    hex0x ? hex0x : "(null)");
	}
}

/* ---- decode: every recorded response against its own JSON ---- */

struct per_method {
	const char	*method;
	size_t		 ok, bad, errors, nulls;
};

static void
fail_detail(struct per_method *m, const struct xchg *x, const char *what)
{
	char *p = json_dumps(x->params, JSON_COMPACT);

	if (m->bad++ < 5) {
		printf("# %s %s (%s): %s\n", x->method, p ? p : "?",
		    x->where, what);
	}
	free(p);
}

static void
decode_one(struct per_method *m, const struct xchg *x, size_t types[5],
    uint64_t *seen, size_t nseen_cap, size_t *nseen)
{
	struct decode_opts o;
	struct eth_block b;
	struct eth_receipts rs;
	struct eth_traces tr;
	struct eth_receipt r1;
	struct eth_tx tx;
	struct eth_log *logs = NULL;
	struct arena a;
	struct err err;
	const json_t *res = result_of(x);
	size_t nlogs = 0, i;
	uint64_t num;
	int rc, ok = 0;

	memset(&o, 0, sizeof(o));
	memset(&err, 0, sizeof(err));
	o.method = x->method;
	if (res == NULL) {
		m->errors++;
		return;
	}
	if (json_is_null(res)) {
		m->nulls++;
		return;
	}
	why[0] = '\0';
	arena_init(&a, DECODE_ARENA_CAP);
	if (strcmp(x->method, "eth_getBlockByNumber") == 0 ||
	    strcmp(x->method, "eth_getBlockByHash") == 0) {
		if (json_is_true(json_array_get(x->params, 1))) {
			o.flags = DECODE_FULL_TXS;
		}
		rc = decode_block_text(&b, x->text, x->len, &o, &err);
		ok = rc == 1 && check_block(res, &b);
		if (ok && o.flags == DECODE_FULL_TXS) {
			num = b.h.number;
			for (i = 0; i < *nseen && seen[i] != num; i++) {
				continue;
			}
			if (i == *nseen && *nseen < nseen_cap) {
				seen[(*nseen)++] = num;
				for (i = 0; i < b.ntxs; i++) {
					types[b.txs[i].type]++;
				}
			}
		}
		if (rc == 1) {
			eth_block_release(&b);
		}
	} else if (strcmp(x->method, "eth_getBlockReceipts") == 0) {
		rc = decode_receipts_text(&rs, x->text, x->len, &o, &err);
		ok = rc == 1 && check_receipts(res, &rs);
		if (rc == 1) {
			eth_receipts_release(&rs);
		}
	} else if (strcmp(x->method, "trace_block") == 0 ||
	    strcmp(x->method, "trace_filter") == 0) {
		rc = decode_traces_parity_text(&tr, x->text, x->len, &o,
		    &err);
		ok = rc == 1 && check_parity(res, &tr);
		if (rc == 1) {
			eth_traces_release(&tr);
		}
	} else if (strcmp(x->method, "debug_traceBlockByNumber") == 0) {
		rc = decode_traces_geth_text(&tr, x->text, x->len, &o, &err);
		ok = rc == 1 && check_geth_block(res, &tr);
		if (rc == 1) {
			eth_traces_release(&tr);
		}
	} else if (strcmp(x->method, "eth_getTransactionByHash") == 0) {
		rc = decode_tx_text(&tx, &a, x->text, x->len, &o, &err);
		ok = rc == 1 && check_tx(res, &tx);
	} else if (strcmp(x->method, "eth_getTransactionReceipt") == 0) {
		rc = decode_receipt_text(&r1, &a, x->text, x->len, &o, &err);
		ok = rc == 1 && check_receipt(res, &r1);
	} else {
		rc = decode_logs_text(&logs, &nlogs, &a, x->text, x->len, &o,
		    &err);
		ok = rc == 1 && check_logs(res, logs, nlogs);
	}
	arena_release(&a);
	if (ok) {
		m->ok++;
	} else {
		fail_detail(m, x, rc == 1 ? why : err.msg);
	}
}

static int
cmd_decode(const char *dir, const char *expect_path)
{
	/* Keep in the order of enum below. */
	static const char *const methods[] = {
		"eth_getBlockByNumber", "eth_getBlockByHash",
		"eth_getBlockReceipts", "trace_block", "trace_filter",
		"debug_traceBlockByNumber", "eth_getTransactionByHash",
		"eth_getTransactionReceipt", "eth_getLogs"
	};
	enum { M_RECEIPTS = 2, M_PARITY = 3, M_GETH = 5,
	    NM = sizeof(methods) / sizeof(methods[0]) };
	struct per_method pm[NM];
	struct tape t;
	json_t *ex;
	size_t types[5] = { 0 }, want[5] = { 0 }, nseen = 0, i, k, total = 0;
	uint64_t *seen, head;
	const json_t *e;

	ex = load_json(expect_path);
	head = jint(ex, "head");
	load_tape(&t, dir);
	seen = calloc(head + 1, sizeof(*seen));
	if (seen == NULL) {
		die("out of memory");
	}
	memset(pm, 0, sizeof(pm));
	for (k = 0; k < NM; k++) {
		pm[k].method = methods[k];
	}
	for (i = 0; i < t.n; i++) {
		for (k = 0; k < NM; k++) {
			if (strcmp(t.x[i].method, methods[k]) == 0) {
				break;
			}
		}
		if (k == NM) {
			continue;
		}
		decode_one(&pm[k], &t.x[i], types, seen, head + 1, &nseen);
		total++;
	}
	printf("# %zu exchanges recorded in %s, %zu of methods the scanner "
	    "decodes\n", t.n, dir, total);
	for (k = 0; k < NM; k++) {
		if (pm[k].ok + pm[k].bad + pm[k].errors + pm[k].nulls == 0) {
			continue;
		}
		say(pm[k].bad == 0 && pm[k].ok > 0, "%s: %zu responses "
		    "decoded, every field equal to the node's JSON (%zu "
		    "mismatched; %zu errors, %zu null results not decoded)",
		    pm[k].method, pm[k].ok, pm[k].bad, pm[k].errors,
		    pm[k].nulls);
	}
	say(nseen == head + 1, "full blocks 0..%llu recorded and decoded: "
	    "%zu of %llu", (unsigned long long)head, nseen,
	    (unsigned long long)head + 1);
	json_array_foreach(json_object_get(ex, "txs"), i, e) {
		want[jint(e, "type") % 5]++;
	}
	say(memcmp(types, want, sizeof(types)) == 0, "transactions decoded "
	    "by type 0-4: %zu %zu %zu %zu %zu (chain.cjs sent %zu %zu %zu "
	    "%zu %zu)", types[0], types[1], types[2], types[3], types[4],
	    want[0], want[1], want[2], want[3], want[4]);
	say(pm[M_RECEIPTS].ok > 0 && (pm[M_PARITY].ok > 0 ||
	    pm[M_GETH].ok > 0), "receipts and call traces were recorded "
	    "(eth_getBlockReceipts %zu, trace_block %zu, "
	    "debug_traceBlockByNumber %zu)", pm[M_RECEIPTS].ok,
	    pm[M_PARITY].ok, pm[M_GETH].ok);
	free(seen);
	free_tape(&t);
	json_decref(ex);
	return failures ? 1 : 0;
}

/* ---- cache: what the store holds against the node and the facts ---- */

struct idx_want {
	uint64_t	 block;
	uint32_t	 tx;
	int		 role;
	int		 found;
};

static int
idx_cb(void *ctx, uint64_t block, uint32_t tx_index, enum store_role role)
{
	struct idx_want *w = ctx;

	if (block == w->block && tx_index == w->tx && (int)role == w->role) {
		w->found = 1;
	}
	return 0;
}

/* 1 when the address index has (a, block, tx, role); -1 on error. */
static int
has_role(struct store *st, const struct eth_addr *a, uint64_t block,
    uint32_t tx, int role)
{
	struct idx_want w;
	struct err err;

	memset(&w, 0, sizeof(w));
	w.block = block;
	w.tx = tx;
	w.role = role;
	if (store_addr_each(st, a, block, block, idx_cb, &w, &err) == -1) {
		printf("# store_addr_each: %s\n", err.msg);
		return -1;
	}
	return w.found;
}

struct cached {
	int		 ok;
	struct eth_block b;
	struct eth_receipts rs;
	struct eth_traces tr;
	uint32_t	 flags;
};

static int
is_partial(uint64_t n, const uint64_t *partial, size_t npartial)
{
	size_t i;

	for (i = 0; i < npartial; i++) {
		if (partial[i] == n) {
			return 1;
		}
	}
	return 0;
}

/* Every block equal to what the node sent, its flags as expected. */
static void
cache_blocks(struct store *st, const struct tape *t, struct cached *c,
    uint64_t head, const uint64_t *partial, size_t npartial)
{
	const uint32_t full = STORE_BLK_VERIFIED_HEADER |
	    STORE_BLK_VERIFIED_TXROOT | STORE_BLK_VERIFIED_SENDERS |
	    STORE_BLK_VERIFIED_RECEIPTS | STORE_BLK_HAS_RECEIPTS |
	    STORE_BLK_HAS_TRACES;
	const json_t *jb, *jr, *jt;
	size_t cached = 0, same = 0, flagged = 0, nr = 0, nt = 0, nf = 0;
	struct err err;
	uint64_t n;
	int r, bad;

	for (n = 0; n <= head; n++) {
		r = store_block_get(st, n, &c[n].b, &c[n].rs, &c[n].tr,
		    &c[n].flags, &err);
		if (r != 1) {
			printf("# block %llu: %s\n", (unsigned long long)n,
			    r == 0 ? "not cached" : err.msg);
			continue;
		}
		c[n].ok = 1;
		cached++;
		jb = find_result(t, "eth_getBlockByNumber", n);
		jr = find_result(t, "eth_getBlockReceipts", n);
		jt = find_result(t, "trace_block", n);
		why[0] = '\0';
		bad = jb == NULL || !check_block(jb, &c[n].b);
		if (!bad && jr != NULL) {
			nr++;
			bad = !check_receipts(jr, &c[n].rs);
		}
		if (!bad && jt != NULL) {
			nt++;
			bad = !check_parity(jt, &c[n].tr);
		}
		if (bad) {
			printf("# block %llu: cached %s\n",
			    (unsigned long long)n, jb == NULL ?
			    "but no recorded response" : why);
		} else {
			same++;
		}
		if (is_partial(n, partial, npartial)) {
			nf++;
			if ((c[n].flags & STORE_BLK_VERIFIED_SENDERS) &&
			    (c[n].flags & STORE_BLK_HAS_RECEIPTS)) {
				flagged++;
			}
		} else if ((c[n].flags & full) == full) {
			flagged++;
		} else {
			printf("# block %llu: flags 0x%x\n",
			    (unsigned long long)n, c[n].flags);
		}
	}
	say(cached == head + 1, "blocks 0..%llu cached: %zu of %llu",
	    (unsigned long long)head, cached, (unsigned long long)head + 1);
	say(same == cached && cached > 0, "cached blocks equal, field by "
	    "field, what the node sent: header, transactions, withdrawals "
	    "(%zu blocks), receipts and logs (%zu), trace_block frames "
	    "(%zu)", same, nr, nt);
	say(flagged == cached && cached > 0, "cache flags: %zu blocks "
	    "marked header, transactions root, senders and receipts "
	    "verified, with receipts and traces; %zu of them (--partial) "
	    "senders only", flagged, nf);
}

static const struct eth_tx *
tx_at(const struct cached *c, uint64_t head, uint64_t block, uint64_t i)
{
	if (block > head || !c[block].ok || i >= c[block].b.ntxs) {
		return NULL;
	}
	return &c[block].b.txs[i];
}

static void
cache_txs(struct store *st, const struct cached *c, uint64_t head,
    const json_t *ex)
{
	const json_t *e, *jto, *jct;
	const struct eth_tx *tx;
	const struct eth_receipt *r;
	struct eth_hash h;
	struct eth_addr from, to;
	struct u256 v, v27, v28, v155;
	size_t i, n = 0, good = 0, idx_ok = 0, types[5] = { 0 };
	size_t pre155 = 0, eip155 = 0, creates = 0, failed = 0, empty = 0;
	uint64_t blk, k;
	int ok;

	json_array_foreach(json_object_get(ex, "txs"), i, e) {
		n++;
		blk = jint(e, "block");
		tx = tx_at(c, head, blk, jint(e, "index"));
		hash_of(&h, jstr(e, "hash"));
		addr_of(&from, jstr(e, "from"));
		u256_of(&v, jstr(e, "value"));
		jto = json_object_get(e, "to");
		jct = json_object_get(e, "contract");
		ok = tx != NULL && memcmp(tx->hash.b, h.b, 32) == 0 &&
		    tx->type == jint(e, "type") &&
		    memcmp(tx->from.b, from.b, 20) == 0 &&
		    u256_cmp(&tx->value, &v) == 0;
		if (ok && json_is_null(jto)) {
			ok = !tx->has_to;
		} else if (ok) {
			addr_of(&to, json_string_value(jto));
			ok = tx->has_to && memcmp(tx->to.b, to.b, 20) == 0;
		}
		r = ok ? &c[blk].rs.r[jint(e, "index")] : NULL;
		ok = ok && c[blk].rs.n == c[blk].b.ntxs &&
		    r->has_status && r->status == jint(e, "status") &&
		    r->nlogs == jint(e, "logs") &&
		    r->has_contract == !json_is_null(jct);
		if (ok && !json_is_null(jct)) {
			addr_of(&to, json_string_value(jct));
			ok = memcmp(r->contract_address.b, to.b, 20) == 0;
			creates++;
		}
		if (!ok) {
			printf("# %s (%s): not in the cache as sent\n",
			    jstr(e, "label"), jstr(e, "hash"));
			continue;
		}
		good++;
		types[tx->type]++;
		failed += r->status == 0;
		/* The address index: the sender, and the recipient or the
		 * contract created. */
		if (has_role(st, &from, blk, (uint32_t)jint(e, "index"),
		    STORE_ROLE_TX_FROM) == 1 && (tx->has_to ?
		    has_role(st, &tx->to, blk, (uint32_t)jint(e, "index"),
		    STORE_ROLE_TX_TO) : has_role(st, &r->contract_address,
		    blk, (uint32_t)jint(e, "index"), STORE_ROLE_CREATED)) ==
		    1) {
			idx_ok++;
		} else {
			printf("# %s: address index entries missing\n",
			    jstr(e, "label"));
		}
	}
	say(good == n && n > 0, "%zu of %zu transactions chain.cjs sent are "
	    "cached at their block and index with their hash, type, from, "
	    "to, value, status, log count and created contract", good, n);
	say(types[0] > 0 && types[1] > 0 && types[2] > 0 && types[3] > 0 &&
	    types[4] > 0, "every transaction type is in the cache: 0-4: "
	    "%zu %zu %zu %zu %zu", types[0], types[1], types[2], types[3],
	    types[4]);
	say(idx_ok == n, "address index: sender, recipient or created "
	    "contract of %zu of %zu transactions", idx_ok, n);
	/* Legacy signatures of both kinds: v 27/28 and EIP-155 v. */
	u256_from_u64(&v27, 27);
	u256_from_u64(&v28, 28);
	for (blk = 0; blk <= head; blk++) {
		if (!c[blk].ok) {
			continue;
		}
		empty += c[blk].b.ntxs == 0;
		for (k = 0; k < c[blk].b.ntxs; k++) {
			tx = &c[blk].b.txs[k];
			if (tx->type != 0) {
				continue;
			}
			u256_from_u64(&v155, 2 * jint(ex, "chain_id") + 35);
			if (u256_cmp(&tx->v, &v27) == 0 ||
			    u256_cmp(&tx->v, &v28) == 0) {
				pre155++;
			} else if (u256_cmp(&tx->v, &v155) >= 0) {
				eip155++;
			}
		}
	}
	say(pre155 > 0 && eip155 > 0,
	    "legacy transactions signed before EIP-155 (v 27/28): %zu, "
	    "with EIP-155 (v >= 2 * %llu + 35): %zu", pre155,
	    (unsigned long long)jint(ex, "chain_id"), eip155);
	say(creates >= 5 && failed == 1 && empty > 0, "%zu contract "
	    "creations, %zu reverted transaction (status 0), %zu empty "
	    "blocks", creates, failed, empty);
}

static void
pad_topic(struct eth_hash *h, const struct eth_addr *a)
{
	memset(h->b, 0, 12);
	memcpy(h->b + 12, a->b, 20);
}

static void
cache_logs(struct store *st, const struct cached *c, uint64_t head,
    const json_t *ex)
{
	const json_t *e;
	const struct eth_receipt *r;
	const struct eth_log *l;
	struct eth_addr token, from, to, zero;
	struct eth_hash th, tf, tt;
	struct u256 v, lv;
	size_t i, j, k, n = 0, good = 0, idx_ok = 0, all = 0;
	uint64_t blk;
	int found;

	addr_of(&token, jstr(ex, "token"));
	memset(&zero, 0, sizeof(zero));
	json_array_foreach(json_object_get(ex, "transfers"), i, e) {
		n++;
		hash_of(&th, jstr(e, "tx"));
		addr_of(&from, jstr(e, "from"));
		addr_of(&to, jstr(e, "to"));
		u256_of(&v, jstr(e, "value"));
		pad_topic(&tf, &from);
		pad_topic(&tt, &to);
		found = 0;
		for (blk = 0; blk <= head && !found; blk++) {
			if (!c[blk].ok) {
				continue;
			}
			for (j = 0; j < c[blk].rs.n && !found; j++) {
				r = &c[blk].rs.r[j];
				if (memcmp(r->tx_hash.b, th.b, 32) != 0) {
					continue;
				}
				for (k = 0; k < r->nlogs && !found; k++) {
					l = &r->logs[k];
					if (l->data_len != 32 ||
					    u256_from_be(&lv, l->data, 32) ==
					    -1) {
						continue;
					}
					found = memcmp(l->address.b, token.b,
					    20) == 0 && l->ntopics == 3 &&
					    memcmp(l->topics[0].b,
					    store_transfer_topic, 32) == 0 &&
					    memcmp(l->topics[1].b, tf.b, 32) ==
					    0 && memcmp(l->topics[2].b, tt.b,
					    32) == 0 && u256_cmp(&lv, &v) == 0;
					if (found) {
						good++;
						idx_ok += has_role(st, &to,
						    blk, (uint32_t)j,
						    STORE_ROLE_XFER_TO) == 1 &&
						    (memcmp(from.b, zero.b,
						    20) == 0 || has_role(st,
						    &from, blk, (uint32_t)j,
						    STORE_ROLE_XFER_FROM) ==
						    1);
					}
				}
			}
		}
		if (!found) {
			printf("# Transfer log of %s not cached\n",
			    jstr(e, "tx"));
		}
	}
	/* No other Transfer log in the chain. */
	for (blk = 0; blk <= head; blk++) {
		for (j = 0; c[blk].ok && j < c[blk].rs.n; j++) {
			for (k = 0; k < c[blk].rs.r[j].nlogs; k++) {
				all += c[blk].rs.r[j].logs[k].ntopics > 0 &&
				    memcmp(c[blk].rs.r[j].logs[k].topics[0].b,
				    store_transfer_topic, 32) == 0;
			}
		}
	}
	say(good == n && all == n && n > 0, "ERC-20 Transfer logs cached "
	    "with token, from, to and amount: %zu of %zu expected (%zu "
	    "Transfer logs in all)", good, n, all);
	say(idx_ok == n, "address index: Transfer sender and recipient of "
	    "%zu of %zu token transfers", idx_ok, n);
}

static void
cache_internal(struct store *st, const struct cached *c, uint64_t head,
    const json_t *ex)
{
	const json_t *e;
	const struct eth_call *f;
	struct eth_hash th;
	struct eth_addr from, to;
	struct u256 v;
	size_t i, j, n = 0, good = 0, idx_ok = 0, moving = 0, nested = 0;
	size_t failed = 0;
	uint64_t blk, at_blk = 0;
	uint32_t at_tx = 0;
	int found, want_failed;

	json_array_foreach(json_object_get(ex, "internal"), i, e) {
		n++;
		hash_of(&th, jstr(e, "tx"));
		addr_of(&from, jstr(e, "from"));
		addr_of(&to, jstr(e, "to"));
		u256_of(&v, jstr(e, "value"));
		want_failed = json_is_true(json_object_get(e, "failed"));
		found = 0;
		for (blk = 0; blk <= head && !found; blk++) {
			for (j = 0; c[blk].ok && j < c[blk].tr.n; j++) {
				f = &c[blk].tr.c[j];
				if (!f->has_tx_hash || memcmp(f->tx_hash.b,
				    th.b, 32) != 0 || f->kind !=
				    ETH_CALL_CALL || f->depth != jint(e,
				    "depth") || !f->has_to ||
				    memcmp(f->from.b, from.b, 20) != 0 ||
				    memcmp(f->to.b, to.b, 20) != 0 ||
				    u256_cmp(&f->value, &v) != 0 ||
				    f->failed != want_failed) {
					continue;
				}
				found = 1;
				at_blk = blk;
				at_tx = f->tx_index;
				break;
			}
		}
		if (!found) {
			printf("# internal transfer %zu of %s not in the "
			    "cached traces\n", i, jstr(e, "tx"));
			continue;
		}
		good++;
		nested += jint(e, "depth") >= 2;
		failed += want_failed;
		/* The index: a failed frame moved nothing. */
		if (want_failed ? has_role(st, &to, at_blk, at_tx,
		    STORE_ROLE_CALL_TO) == 0 : has_role(st, &to, at_blk,
		    at_tx, STORE_ROLE_CALL_TO) == 1 && has_role(st, &from,
		    at_blk, at_tx, STORE_ROLE_CALL_FROM) == 1) {
			idx_ok++;
		} else {
			printf("# internal transfer %zu of %s: address index "
			    "wrong\n", i, jstr(e, "tx"));
		}
	}
	/* No other frame below the top moved value. */
	for (blk = 0; blk <= head; blk++) {
		for (j = 0; c[blk].ok && j < c[blk].tr.n; j++) {
			f = &c[blk].tr.c[j];
			moving += f->depth > 0 && f->has_value &&
			    !u256_is_zero(&f->value);
		}
	}
	say(good == n && moving == n && nested >= 2 && failed == 1,
	    "internal value transfers in the cached traces: %zu of %zu "
	    "expected (%zu nested 2+ deep, %zu reverted), %zu frames below "
	    "the top carrying value in all", good, n, nested, failed,
	    moving);
	say(idx_ok == n, "address index: %zu of %zu internal transfers "
	    "indexed as sent and received, the reverted one not received",
	    idx_ok, n);
}

static void
cache_auths(const struct cached *c, uint64_t head, const json_t *ex)
{
	struct verify_authority auths[8];
	struct verify_report rep;
	struct verify_ctx *vc = NULL;
	const json_t *au = json_object_get(ex, "authorities"), *e;
	struct eth_addr want;
	struct err err;
	uint64_t blk;
	size_t i, k, n7702 = 0, good = 0;

	if (verify_ctx_create(&vc, jint(ex, "chain_id"), &err) == -1) {
		die("%s", err.msg);
	}
	verify_report_init(&rep, auths, 8);
	for (blk = 0; blk <= head; blk++) {
		for (k = 0; c[blk].ok && k < c[blk].b.ntxs; k++) {
			if (c[blk].b.txs[k].type == ETH_TX_SET_CODE) {
				verify_tx(vc, &c[blk].b.txs[k], blk, &rep);
				n7702++;
			}
		}
	}
	json_array_foreach(au, i, e) {
		addr_of(&want, json_string_value(e));
		if (i < rep.nauths && i < 8 && auths[i].status == VERIFY_OK &&
		    memcmp(auths[i].authority.b, want.b, 20) == 0) {
			good++;
		}
	}
	say(n7702 > 0 && rep.nauths == json_array_size(au) &&
	    good == json_array_size(au) && verify_report_ok(&rep),
	    "EIP-7702: %zu set-code transaction(s) verify from the cache, "
	    "%zu authorities recovered, %zu of %zu the accounts that signed "
	    "them", n7702, rep.nauths, good, json_array_size(au));
	verify_ctx_destroy(vc);
}

static int
cmd_cache(const char *db, const char *dir, const char *expect_path,
    const uint64_t *partial, size_t npartial)
{
	struct cached *c;
	struct store *st = NULL;
	struct tape t;
	struct err err;
	json_t *ex;
	uint64_t head, n;

	ex = load_json(expect_path);
	head = jint(ex, "head");
	load_tape(&t, dir);
	if (store_open(&st, db, STORE_RDONLY, &err) == -1) {
		die("%s", err.msg);
	}
	c = calloc(head + 1, sizeof(*c));
	if (c == NULL) {
		die("out of memory");
	}
	cache_blocks(st, &t, c, head, partial, npartial);
	cache_txs(st, c, head, ex);
	cache_logs(st, c, head, ex);
	cache_internal(st, c, head, ex);
	cache_auths(c, head, ex);
	for (n = 0; n <= head; n++) {
		eth_block_release(&c[n].b);
		eth_receipts_release(&c[n].rs);
		eth_traces_release(&c[n].tr);
	}
	free(c);
	store_close(st);
	free_tape(&t);
	json_decref(ex);
	return failures ? 1 : 0;
}

/* ---- tamper: one lie in a copy of the recording ---- */

struct lie {
	const char	*kind;
	uint64_t	 block;
	size_t		 tx, tx2;
	/* parent-forged: the block's hash as sent, the one recomputed
	 * over the forged header, and the forged parentHash. */
	char		 old_hash[67], new_hash[67], parent[67];
	int		 done;
};

/* Flip one hex digit in the middle of string o[key] (0x...). */
static void
flip(json_t *o, const char *key, const char *what)
{
	const char *s = json_string_value(json_object_get(o, key));
	static const char digits[] = "0123456789abcdef";
	char *c;
	size_t len, k;
	int d;

	if (s == NULL || strlen(s) < 3) {
		die("tamper: %s: no '%s' to change", what, key);
	}
	c = strdup(s);
	len = strlen(c);
	k = 2 + (len - 2) / 2;
	d = hex_digit(c[k]);
	c[k] = digits[(d ^ 1) & 15];
	printf("# %s: %s %s -> %s\n", what, key, s, c);
	json_object_set_new(o, key, json_string(c));
	free(c);
}

/* Replace every string equal to from (any case) by to, recursively. */
static void
replace_strings(json_t *j, const char *from, const char *to)
{
	const char *k;
	json_t *v;
	size_t i;

	if (json_is_object(j)) {
		json_object_foreach(j, k, v) {
			if (json_is_string(v) && strcasecmp(
			    json_string_value(v), from) == 0) {
				json_object_set_new(j, k, json_string(to));
			} else {
				replace_strings(v, from, to);
			}
		}
	} else if (json_is_array(j)) {
		json_array_foreach(j, i, v) {
			if (json_is_string(v) && strcasecmp(
			    json_string_value(v), from) == 0) {
				json_array_set_new(j, i, json_string(to));
			} else {
				replace_strings(v, from, to);
			}
		}
	}
}

static json_t *
nth_tx(json_t *res, size_t i)
{
	json_t *tx = json_array_get(json_object_get(res, "transactions"), i);

	if (!json_is_object(tx)) {
		die("tamper: the block has no transaction object %zu", i);
	}
	return tx;
}

static json_t *
first_log(json_t *res, size_t i)
{
	json_t *r = json_array_get(res, i);
	json_t *l = json_array_get(json_object_get(r, "logs"), 0);

	if (!json_is_object(l)) {
		die("tamper: receipt %zu has no log", i);
	}
	return l;
}

/* Change res, the result of (method) about lie->block, as kind says. */
static void
apply(struct lie *lie, const char *method, int full, json_t *res)
{
	const char *k = lie->kind;
	json_t *a, *b, *txs, *ia;
	char w[64];

	if (strcmp(method, "eth_getBlockByNumber") == 0 && full) {
		snprintf(w, sizeof(w), "block %llu tx %zu",
		    (unsigned long long)lie->block, lie->tx);
		if (strncmp(k, "tx-", 3) == 0 && strcmp(k, "tx-v") != 0) {
			flip(nth_tx(res, lie->tx), strcmp(k, "tx-input") == 0 ?
			    "input" : k + 3, w);
			lie->done = 1;
		} else if (strcmp(k, "tx-v") == 0) {
			/* yParity and v say the same for typed txs. */
			a = nth_tx(res, lie->tx);
			flip(a, "v", w);
			if (json_object_get(a, "yParity") != NULL) {
				flip(a, "yParity", w);
			}
			lie->done = 1;
		} else if (strcmp(k, "swap") == 0) {
			txs = json_object_get(res, "transactions");
			a = json_incref(nth_tx(res, lie->tx));
			b = json_incref(nth_tx(res, lie->tx2));
			/* Each keeps the index of its new position, so the
			 * lie is consistent: only the order changed. */
			ia = json_incref(json_object_get(a,
			    "transactionIndex"));
			json_object_set(a, "transactionIndex",
			    json_object_get(b, "transactionIndex"));
			json_object_set_new(b, "transactionIndex", ia);
			json_array_set_new(txs, lie->tx, b);
			json_array_set_new(txs, lie->tx2, a);
			printf("# block %llu: transactions %zu and %zu "
			    "swapped\n", (unsigned long long)lie->block,
			    lie->tx, lie->tx2);
			lie->done = 1;
		} else if (strcmp(k, "parent") == 0) {
			snprintf(w, sizeof(w), "block %llu",
			    (unsigned long long)lie->block);
			flip(res, "parentHash", w);
			lie->done = 1;
		}
	} else if (strcmp(method, "eth_getBlockReceipts") == 0) {
		snprintf(w, sizeof(w), "block %llu receipt %zu log 0",
		    (unsigned long long)lie->block, lie->tx);
		if (strcmp(k, "log-data") == 0) {
			flip(first_log(res, lie->tx), "data", w);
			lie->done = 1;
		} else if (strcmp(k, "log-topic") == 0) {
			a = json_object_get(first_log(res, lie->tx),
			    "topics");
			b = json_object();
			json_object_set(b, "topic", json_array_get(a,
			    json_array_size(a) - 1));
			flip(b, "topic", w);
			json_array_set(a, json_array_size(a) - 1,
			    json_object_get(b, "topic"));
			json_decref(b);
			lie->done = 1;
		} else if (strcmp(k, "receipt-status") == 0) {
			snprintf(w, sizeof(w), "block %llu receipt %zu",
			    (unsigned long long)lie->block, lie->tx);
			flip(json_array_get(res, lie->tx), "status", w);
			lie->done = 1;
		}
	}
}

/* parent-forged: a new parentHash and the header hash that goes with it,
 * so that the block is consistent in itself and only the chain breaks. */
static void
forge_parent(struct lie *lie, const char *in)
{
	struct decode_opts o;
	struct eth_block b;
	struct eth_hash h;
	struct tape t;
	struct err err;
	const json_t *res;
	char *text;
	int r;

	load_tape(&t, in);
	res = find_result(&t, "eth_getBlockByNumber", lie->block);
	if (res == NULL) {
		die("tamper: no recorded block %llu",
		    (unsigned long long)lie->block);
	}
	text = json_dumps(res, JSON_COMPACT);
	memset(&o, 0, sizeof(o));
	o.flags = DECODE_FULL_TXS;
	r = decode_block_text(&b, text, strlen(text), &o, &err);
	free(text);
	if (r != 1) {
		die("tamper: block %llu does not decode: %s",
		    (unsigned long long)lie->block, err.msg);
	}
	b.h.parent_hash.b[16] ^= 0x01;
	verify_header_hash(&h, &b.h);
	lie->old_hash[0] = lie->new_hash[0] = lie->parent[0] = '0';
	lie->old_hash[1] = lie->new_hash[1] = lie->parent[1] = 'x';
	hex_encode(lie->old_hash + 2, b.h.hash.b, 32);
	hex_encode(lie->new_hash + 2, h.b, 32);
	hex_encode(lie->parent + 2, b.h.parent_hash.b, 32);
	printf("# block %llu: parentHash changed, header hash recomputed: "
	    "%s -> %s\n", (unsigned long long)lie->block, lie->old_hash,
	    lie->new_hash);
	eth_block_release(&b);
	free_tape(&t);
}

static int
cmd_tamper(const char *in, const char *out, struct lie *lie)
{
	char **names, ipath[4096], opath[4096], *line = NULL, *text;
	char bhex[32];
	size_t nnames, i, cap = 0;
	json_t *req = NULL, *j, *res;
	const char *m;
	ssize_t got;
	FILE *fi, *fo;
	int about, full, forged;

	forged = strcmp(lie->kind, "parent-forged") == 0;
	if (forged) {
		forge_parent(lie, in);
	}
	snprintf(bhex, sizeof(bhex), "0x%llx", (unsigned long long)lie->block);
	if (mkdir(out, 0777) == -1 && errno != EEXIST) {
		die("cannot create '%s': %s", out, strerror(errno));
	}
	names = io_files(in, &nnames);
	for (i = 0; i < nnames; i++) {
		snprintf(ipath, sizeof(ipath), "%s/%s", in, names[i]);
		snprintf(opath, sizeof(opath), "%s/%s", out, names[i]);
		fi = fopen(ipath, "r");
		fo = fopen(opath, "w");
		if (fi == NULL || fo == NULL) {
			die("cannot copy '%s' to '%s'", ipath, opath);
		}
		about = full = 0;
		m = "";
		for (;;) {
			got = getline(&line, &cap, fi);
			if (got < 0) {
				break;
			}
			if (strncmp(line, ">> ", 3) == 0) {
				json_decref(req);
				req = parse_line(line + 3, (size_t)got - 3,
				    ipath, 0);
				m = json_string_value(json_object_get(req,
				    "method"));
				m = m != NULL ? m : "";
				text = (char *)json_string_value(
				    json_array_get(json_object_get(req,
				    "params"), 0));
				about = text != NULL &&
				    strcmp(text, bhex) == 0 &&
				    (strcmp(m, "eth_getBlockByNumber") == 0 ||
				    strcmp(m, "eth_getBlockReceipts") == 0 ||
				    strcmp(m, "trace_block") == 0 ||
				    strcmp(m, "debug_traceBlockByNumber") ==
				    0);
				full = json_is_true(json_array_get(
				    json_object_get(req, "params"), 1));
				fputs(line, fo);
				continue;
			}
			if (strncmp(line, "<< ", 3) != 0 || !about) {
				fputs(line, fo);
				continue;
			}
			j = parse_line(line + 3, (size_t)got - 3, ipath, 0);
			res = json_object_get(j, "result");
			if (res != NULL && !json_is_null(res)) {
				if (forged) {
					/* The block's hash wherever it
					 * appears (transactions, receipts,
					 * logs, traces), and the header. */
					replace_strings(res, lie->old_hash,
					    lie->new_hash);
					if (strcmp(m,
					    "eth_getBlockByNumber") == 0) {
						json_object_set_new(res,
						    "parentHash",
						    json_string(lie->parent));
					}
					lie->done = 1;
				} else {
					apply(lie, m, full, res);
				}
			}
			text = cassette_canon(j);
			if (text == NULL) {
				die("out of memory");
			}
			fprintf(fo, "<< %s\n", text);
			free(text);
			json_decref(j);
			about = 0;
		}
		fclose(fi);
		if (fclose(fo) != 0) {
			die("cannot write '%s'", opath);
		}
	}
	json_decref(req);
	free(line);
	free_names(names, nnames);
	if (!lie->done) {
		die("tamper: nothing recorded for %s on block %llu",
		    lie->kind, (unsigned long long)lie->block);
	}
	return 0;
}

/* ---- rawroot: which encodings make the node's transactionsRoot ---- */

struct raws {
	uint8_t		**b;
	size_t		 *len;
	size_t		  n;
};

static void
raw_value(struct rlp_writer *w, const void *ctx, size_t i)
{
	const struct raws *r = ctx;

	rlp_put_raw(w, r->b[i], r->len[i]);
}

static int
cmd_rawroot(const char *dir, uint64_t block, const char *rawfile)
{
	struct decode_opts o;
	struct eth_block b;
	struct eth_hash root, canon;
	struct raws r;
	struct tape t;
	struct err err;
	const json_t *res;
	char *line = NULL, *text, hex[67];
	size_t cap = 0, i, hexlen;
	ssize_t got;
	FILE *f;

	memset(&r, 0, sizeof(r));
	r.b = calloc(1024, sizeof(*r.b));
	r.len = calloc(1024, sizeof(*r.len));
	f = fopen(rawfile, "r");
	if (f == NULL || r.b == NULL || r.len == NULL) {
		die("cannot read '%s'", rawfile);
	}
	for (;;) {
		got = getline(&line, &cap, f);
		if (got < 0 || r.n == 1024) {
			break;
		}
		while (got > 0 && (line[got - 1] == '\n' ||
		    line[got - 1] == '"' || line[got - 1] == '\r')) {
			line[--got] = '\0';
		}
		text = line;
		if (*text == '"') {
			text++;
		}
		if (strncmp(text, "0x", 2) != 0) {
			continue;
		}
		hexlen = strlen(text + 2);
		r.b[r.n] = malloc(hexlen / 2 + 1);
		if (r.b[r.n] == NULL || hex_decode(r.b[r.n], hexlen / 2,
		    text + 2, hexlen) == -1) {
			die("%s: bad hex", rawfile);
		}
		r.len[r.n++] = hexlen / 2;
	}
	fclose(f);
	free(line);
	load_tape(&t, dir);
	res = find_result(&t, "eth_getBlockByNumber", block);
	if (res == NULL) {
		die("no recorded block %llu", (unsigned long long)block);
	}
	text = json_dumps(res, JSON_COMPACT);
	memset(&o, 0, sizeof(o));
	o.flags = DECODE_FULL_TXS;
	if (decode_block_text(&b, text, strlen(text), &o, &err) != 1) {
		die("%s", err.msg);
	}
	free(text);
	verify_ordered_root(&root, r.n, raw_value, &r);
	if (verify_tx_root(&canon, b.txs, b.ntxs) == -1) {
		die("a transaction of block %llu has an unknown type",
		    (unsigned long long)block);
	}
	for (i = 0; i < r.n; i++) {
		printf("# raw transaction %zu: %zu bytes\n", i, r.len[i]);
	}
	hex[0] = '0';
	hex[1] = 'x';
	hex_encode(hex + 2, b.h.tx_root.b, 32);
	printf("# header transactionsRoot %s\n", hex);
	hex_encode(hex + 2, root.b, 32);
	printf("# root over the raw encodings %s\n", hex);
	hex_encode(hex + 2, canon.b, 32);
	printf("# canonical root (EIP-2718 payloads) %s\n", hex);
	printf("%s\n", memcmp(root.b, b.h.tx_root.b, 32) == 0 ?
	    (memcmp(canon.b, b.h.tx_root.b, 32) == 0 ? "same" : "raw") :
	    (memcmp(canon.b, b.h.tx_root.b, 32) == 0 ? "canonical" :
	    "neither"));
	eth_block_release(&b);
	free_tape(&t);
	for (i = 0; i < r.n; i++) {
		free(r.b[i]);
	}
	free(r.b);
	free(r.len);
	return 0;
}

static uint64_t
num_arg(const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno != 0 || *end != '\0' || s[0] == '\0') {
		die("expected a number, got '%s'", s);
	}
	return v;
}

int
main(int argc, char **argv)
{
	uint64_t partial[16];
	size_t npartial = 0;
	struct lie lie;
	int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 4 && strcmp(argv[1], "decode") == 0) {
		return cmd_decode(argv[2], argv[3]);
	}
	if (argc >= 5 && strcmp(argv[1], "cache") == 0) {
		for (i = 5; i + 1 < argc && npartial < 16; i += 2) {
			if (strcmp(argv[i], "--partial") != 0) {
				die("unknown option '%s'", argv[i]);
			}
			partial[npartial++] = num_arg(argv[i + 1]);
		}
		return cmd_cache(argv[2], argv[3], argv[4], partial,
		    npartial);
	}
	if (argc >= 6 && argc <= 8 && strcmp(argv[1], "tamper") == 0) {
		memset(&lie, 0, sizeof(lie));
		lie.kind = argv[4];
		lie.block = num_arg(argv[5]);
		lie.tx = argc > 6 ? num_arg(argv[6]) : 0;
		lie.tx2 = argc > 7 ? num_arg(argv[7]) : 1;
		return cmd_tamper(argv[2], argv[3], &lie);
	}
	if (argc == 5 && strcmp(argv[1], "rawroot") == 0) {
		return cmd_rawroot(argv[2], num_arg(argv[3]), argv[4]);
	}
	fputs("usage: integ_check decode DIR EXPECT.json\n"
	    "       integ_check cache DB DIR EXPECT.json [--partial N]...\n"
	    "       integ_check tamper IN OUT KIND BLOCK [TX [TX2]]\n"
	    "       integ_check rawroot DIR BLOCK RAWFILE\n", stderr);
	return 2;
}
