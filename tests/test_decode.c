/*
 * test_decode.c - the JSON-RPC decoder (scanner/fetch/decode.h).
 *
 * 1. Known answers from real mainnet responses in
 *    $SCANNER_SHARED/mainnet-corpus (sources and commits in its
 *    PROVENANCE.md): the genesis block, a type-1/3/4 tx, a Tornado Cash
 *    withdrawal, a receipt.
 * 2. The whole corpus: every block, header, tx, receipt(s), logs and
 *    trace recording is found by its shape, decoded through the text API,
 *    and every decoded field compared with the JSON it came from, re-read
 *    here with jansson; the tx totals per type are checked against those
 *    PROVENANCE.md states. The execution-apis cassettes (not mainnet)
 *    go through the same checks by their recorded method.
 * 3. Hostile responses, table-driven: wrong types, 2^256, odd and non-hex
 *    digits, missing fields, truncated JSON, error envelopes, null, a
 *    50 MB input, traces 1000+ frames deep.
 * 4. With SCANNER_DECODE_TIMING set, a by-hand timing of the corpus
 *    blocks (printed as a comment, never asserted).
 */
#include <ctype.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <jansson.h>

#include "decode.h"
#include "hex.h"
#include "tap.h"
#include "u256.h"

#include "decode_check.h"

/* ---- helpers ---- */

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n = -1;

	if (f == NULL) {
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) == 0) {
		n = ftell(f);
	}
	if (n >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
	}
	if (buf != NULL && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	if (buf != NULL) {
		buf[n] = '\0';
		*len = (size_t)n;
	}
	fclose(f);
	return buf;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- the corpus ---- */

enum kind {
	K_BLOCK,
	K_HEADER,
	K_TX,
	K_RECEIPT,
	K_RECEIPTS,
	K_LOGS,
	K_GETH_BLOCK,
	K_GETH_TX,
	K_PARITY,
	K_EMPTY,
	K_NKINDS
};

static const char *kind_names[K_NKINDS] = {
	"block", "header", "tx", "receipt", "receipt list", "log list",
	"geth block trace", "geth tx trace", "parity trace",
	"empty list (every list decoder)"
};

struct txrec {
	uint8_t		 hash[32];
	uint8_t		 type;
	uint8_t		 pre155;	/* legacy with v 27 or 28 */
	uint8_t		 in_block;	/* seen in a block file */
};

struct corpus {
	const char	*root;
	size_t		 files[K_NKINDS];
	size_t		 skipped;
	size_t		 skipped_tests;	/* not-mainnet/ethereum-tests */
	struct txrec	*tx;
	size_t		 ntx, captx;
	size_t		 txs_with_dups;
	/* blocks for the timing loop */
	char		**texts;
	size_t		*lens;
	size_t		 ntexts;
	size_t		 block_txs;
	size_t		 io_files, io_exchanges;
};

static void
add_tx(struct corpus *co, const struct eth_tx *tx, int in_block)
{
	struct txrec *r;

	if (co->ntx == co->captx) {
		co->captx = co->captx != 0 ? 2 * co->captx : 1024;
		co->tx = realloc(co->tx, co->captx * sizeof(*co->tx));
		if (co->tx == NULL) {
			abort();
		}
	}
	r = &co->tx[co->ntx++];
	memcpy(r->hash, tx->hash.b, 32);
	r->type = tx->type;
	r->pre155 = tx->type == 0 && (u256_is(&tx->v, 27) ||
	    u256_is(&tx->v, 28));
	r->in_block = (uint8_t)in_block;
	co->txs_with_dups++;
}

static int
cmp_txrec(const void *a, const void *b)
{
	const struct txrec *x = a, *y = b;
	int c = memcmp(x->hash, y->hash, 32);

	if (c != 0) {
		return c;
	}
	return (int)y->in_block - (int)x->in_block;
}

/* The result of a JSON-RPC envelope, or the value itself (bare). */
static const json_t *
unwrap(const json_t *root)
{
	const json_t *r = J(root, "result");

	if (json_is_object(root) && r != NULL && (J(root, "jsonrpc") != NULL ||
	    json_object_size(root) == 1 || (J(root, "id") != NULL &&
	    json_object_size(root) == 2))) {
		return r;
	}
	return root;
}

/* By content: what a JSON-RPC result is, or -1. */
static int
classify(const json_t *res)
{
	const json_t *e;

	if (json_is_object(res)) {
		if (J(res, "parentHash") != NULL) {
			return J(res, "transactions") != NULL ? K_BLOCK :
			    K_HEADER;
		}
		if (J(res, "hash") != NULL && J(res, "r") != NULL &&
		    J(res, "input") != NULL) {
			return K_TX;
		}
		if (J(res, "cumulativeGasUsed") != NULL &&
		    J(res, "logsBloom") != NULL) {
			return K_RECEIPT;
		}
		if (json_is_string(J(res, "type")) && J(res, "from") != NULL &&
		    J(res, "gasUsed") != NULL) {
			return K_GETH_TX;
		}
		return -1;
	}
	if (!json_is_array(res)) {
		return -1;
	}
	if (json_array_size(res) == 0) {
		return K_EMPTY;
	}
	e = json_array_get(res, 0);
	if (J(e, "action") != NULL && J(e, "traceAddress") != NULL) {
		return K_PARITY;
	}
	if (json_is_object(J(e, "result")) || J(e, "txHash") != NULL) {
		return K_GETH_BLOCK;
	}
	if (J(e, "cumulativeGasUsed") != NULL) {
		return K_RECEIPTS;
	}
	if (J(e, "topics") != NULL && J(e, "data") != NULL) {
		return K_LOGS;
	}
	return -1;
}

/*
 * Decode text as kind k through the text API and compare with res.
 * Returns: 1 match, 0 mismatch or failure (why says), and for K_BLOCK the
 * tx records.
 */
static int
decode_kind(struct corpus *co, int k, const char *text, size_t len,
    const json_t *res, int count_txs, size_t *ntx)
{
	struct decode_opts o = { 0 };
	struct eth_block b;
	struct eth_header h;
	struct eth_tx tx;
	struct eth_receipt r;
	struct eth_receipts rs;
	struct eth_traces t;
	struct eth_log *logs;
	struct arena a;
	struct err err = { 0 };
	size_t i, n;
	int rc = 0, ok = 0;

	*ntx = 0;
	arena_init(&a, DECODE_ARENA_CAP);
	switch (k) {
	case K_BLOCK:
		rc = decode_block_text(&b, text, len, &o, &err);
		if (rc == 1) {
			ok = check_block(res, &b);
			for (i = 0; count_txs && i < b.ntxs; i++) {
				add_tx(co, &b.txs[i], 1);
			}
			*ntx = b.ntxs;
		}
		eth_block_release(&b);
		break;
	case K_HEADER:
		rc = decode_header_text(&h, &a, text, len, &o, &err);
		ok = rc == 1 && check_header(res, &h);
		break;
	case K_TX:
		rc = decode_tx_text(&tx, &a, text, len, &o, &err);
		ok = rc == 1 && check_tx(res, &tx);
		if (ok && count_txs) {
			add_tx(co, &tx, 0);
		}
		*ntx = ok;
		break;
	case K_RECEIPT:
		rc = decode_receipt_text(&r, &a, text, len, &o, &err);
		ok = rc == 1 && check_receipt(res, &r);
		break;
	case K_RECEIPTS:
		rc = decode_receipts_text(&rs, text, len, &o, &err);
		ok = rc == 1 && check_receipts(res, &rs);
		eth_receipts_release(&rs);
		break;
	case K_LOGS:
		rc = decode_logs_text(&logs, &n, &a, text, len, &o, &err);
		ok = rc == 1 && check_logs(res, logs, n);
		break;
	case K_GETH_BLOCK:
		rc = decode_traces_geth_text(&t, text, len, &o, &err);
		ok = rc == 1 && check_geth_block(res, &t);
		eth_traces_release(&t);
		break;
	case K_GETH_TX:
		rc = decode_trace_geth_tx(&t, res, 0, NULL, &o, &err);
		if (rc == 1) {
			i = 0;
			ok = check_geth_frame(res, &t, &i, 0, 0, 0);
			if (ok && i != t.n) {
				snprintf(why, sizeof(why), "frame count");
				ok = 0;
			}
		}
		eth_traces_release(&t);
		break;
	case K_PARITY:
		rc = decode_traces_parity(&t, res, &o, &err);
		ok = rc == 1 && check_parity(res, &t);
		eth_traces_release(&t);
		break;
	case K_EMPTY:
		rc = decode_receipts_text(&rs, text, len, &o, &err);
		ok = rc == 1 && rs.n == 0;
		rc = decode_logs_text(&logs, &n, &a, text, len, &o, &err);
		ok = ok && rc == 1 && n == 0;
		rc = decode_traces_geth_text(&t, text, len, &o, &err);
		ok = ok && rc == 1 && t.n == 0;
		rc = decode_traces_parity_text(&t, text, len, &o, &err);
		ok = ok && rc == 1 && t.n == 0;
		snprintf(why, sizeof(why), "an empty list did not decode");
		break;
	}
	if (rc != 1) {
		snprintf(why, sizeof(why), "rc %d: %s", rc, err.msg);
		ok = 0;
	}
	arena_release(&a);
	return ok;
}

static void
keep_text(struct corpus *co, char *text, size_t len, size_t ntx)
{
	co->texts = realloc(co->texts, (co->ntexts + 1) * sizeof(char *));
	co->lens = realloc(co->lens, (co->ntexts + 1) * sizeof(size_t));
	if (co->texts == NULL || co->lens == NULL) {
		abort();
	}
	co->texts[co->ntexts] = text;
	co->lens[co->ntexts] = len;
	co->ntexts++;
	co->block_txs += ntx;
}

static void
skip(struct corpus *co, const char *rel, const char *reason)
{
	co->skipped++;
	if (strncmp(rel, "not-mainnet/ethereum-tests/", 27) == 0) {
		co->skipped_tests++;
		return;
	}
	printf("# skip %s: %s\n", rel, reason);
}

/* An ethereum/execution-apis cassette: ">> request" / "<< response". */
static void
do_cassette(struct corpus *co, const char *rel, char *text)
{
	static const struct {
		const char	*method;
		int		 kind;
	} map[] = {
		{ "eth_getBlockByNumber", K_BLOCK },
		{ "eth_getBlockByHash", K_BLOCK },
		{ "eth_getTransactionByHash", K_TX },
		{ "eth_getTransactionByBlockHashAndIndex", K_TX },
		{ "eth_getTransactionByBlockNumberAndIndex", K_TX },
		{ "eth_getTransactionReceipt", K_RECEIPT },
		{ "eth_getBlockReceipts", K_RECEIPTS },
		{ "eth_getLogs", K_LOGS },
	};
	char *line, *save = NULL, *req = NULL;
	const char *method;
	json_t *rq, *rs, *res;
	struct err err;
	size_t i, ntx;
	int kind, rc, want, ok;

	co->io_files++;
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, ">> ", 3) == 0) {
			req = line + 3;
			continue;
		}
		if (strncmp(line, "<< ", 3) != 0 || req == NULL) {
			continue;
		}
		co->io_exchanges++;
		rq = json_loads(req, 0, NULL);
		rs = json_loads(line + 3, 0, NULL);
		method = json_string_value(J(rq, "method"));
		/* The envelope first: error, null, or a result. */
		memset(&err, 0, sizeof(err));
		want = J(rs, "error") != NULL ? -1 : json_is_null(J(rs,
		    "result")) ? 0 : 1;
		rc = decode_parse(&res, line + 3, strlen(line + 3), method,
		    &err);
		ok = rc == want && (want != -1 || (err.code == ERR_NET &&
		    err.sys == json_integer_value(J(J(rs, "error"), "code"))));
		json_decref(res);
		kind = -1;
		for (i = 0; method != NULL && i < sizeof(map) / sizeof(map[0]);
		    i++) {
			if (strcmp(method, map[i].method) == 0) {
				kind = map[i].kind;
			}
		}
		if (want == 1 && kind >= 0) {
			ok = ok && decode_kind(co, kind, line + 3,
			    strlen(line + 3), J(rs, "result"), 0, &ntx);
			tap_ok(ok, "cassette %s: %s decoded, fields match%s%s",
			    rel, method, ok ? "" : ": ", ok ? "" : why);
		} else {
			tap_ok(ok, "cassette %s: %s envelope %s%s%s", rel,
			    method, want == -1 ? "error -> ERR_NET" :
			    want == 0 ? "null -> not found" :
			    "result (not a decoded kind)", ok ? "" : ": ",
			    ok ? "" : err.msg);
		}
		json_decref(rq);
		json_decref(rs);
		req = NULL;
	}
}

static void
do_file(struct corpus *co, const char *path, const char *rel)
{
	json_t *root;
	const json_t *res;
	char *text;
	size_t len, ntx;
	int k, ok, tracetest;

	if (strncmp(rel, "not-mainnet/", 12) == 0) {
		len = strlen(rel);
		if (len > 3 && strcmp(rel + len - 3, ".io") == 0) {
			text = slurp(path, &len);
			if (text != NULL) {
				do_cassette(co, rel, text);
			}
			free(text);
			return;
		}
		skip(co, rel, "not JSON-RPC (test vectors / node config)");
		return;
	}
	text = slurp(path, &len);
	if (text == NULL) {
		tap_ok(0, "read %s", rel);
		return;
	}
	root = json_loadb(text, len, 0, NULL);
	if (root == NULL) {
		skip(co, rel, "not JSON (source excerpt, zip or notes)");
		free(text);
		return;
	}
	/* go-ethereum tracer tests wrap debug_traceTransaction's result. */
	tracetest = J(root, "genesis") != NULL && J(root, "context") != NULL;
	res = tracetest ? J(root, "result") : unwrap(root);
	k = classify(res);
	if (k < 0) {
		skip(co, rel, tracetest ? "prestate tracer output, not a "
		    "call trace" : "not a block, tx, receipt, log or trace "
		    "result");
		json_decref(root);
		free(text);
		return;
	}
	co->files[k]++;
	ok = decode_kind(co, k, text, len, res, 1, &ntx);
	tap_ok(ok, "%s %s: decoded, every field matches the JSON%s%s",
	    kind_names[k], rel, ok ? "" : ": ", ok ? "" : why);
	if (k == K_BLOCK) {
		keep_text(co, text, len, ntx);
	} else {
		free(text);
	}
	json_decref(root);
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted, recursive: the TAP output is the same on every run. */
static void
walk(struct corpus *co, const char *dir)
{
	char **names = NULL, path[4096];
	struct dirent *de;
	struct stat st;
	size_t n = 0, i;
	DIR *d = opendir(dir);

	if (d == NULL) {
		tap_ok(0, "open %s", dir);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.') {
			continue;
		}
		names = realloc(names, (n + 1) * sizeof(*names));
		names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_name);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			walk(co, path);
		} else if (strcmp(names[i], "PROVENANCE.md") != 0) {
			do_file(co, path, path + strlen(co->root) + 1);
		}
		free(names[i]);
	}
	free(names);
}

static void
corpus_totals(struct corpus *co)
{
	size_t blk[5] = { 0 }, all[5] = { 0 }, pre155 = 0, ublk = 0, uall = 0;
	size_t i, k;

	qsort(co->tx, co->ntx, sizeof(*co->tx), cmp_txrec);
	for (i = 0; i < co->ntx; i++) {
		if (i > 0 && memcmp(co->tx[i].hash, co->tx[i - 1].hash,
		    32) == 0) {
			continue;
		}
		/* Sorted block occurrences first: in_block is "any". */
		all[co->tx[i].type]++;
		uall++;
		pre155 += co->tx[i].pre155;
		if (co->tx[i].in_block) {
			blk[co->tx[i].type]++;
			ublk++;
		}
	}
	for (k = 0; k < K_NKINDS; k++) {
		printf("# decoded %zu %s file(s)\n", co->files[k],
		    kind_names[k]);
	}
	printf("# skipped %zu file(s), %zu of them ethereum/tests vectors "
	    "(not JSON-RPC)\n", co->skipped, co->skipped_tests);
	printf("# %zu tx objects decoded (%zu unique), %zu cassettes with "
	    "%zu exchanges\n", co->txs_with_dups, uall, co->io_files,
	    co->io_exchanges);
	printf("# block files alone: %zu unique txs: legacy %zu, type1 %zu, "
	    "type2 %zu, type3 %zu, type4 %zu\n", ublk, blk[0], blk[1], blk[2],
	    blk[3], blk[4]);
	printf("# PROVENANCE.md's 7,052 also counts the two single "
	    "eth_getTransactionByHash objects, ethereumjs/tx-json/rpcTx.json "
	    "(type 2) and thornode/tx_0xba43fa28... (type 4), in no block "
	    "file: with them\n");
	TAP_INT(uall, 7052, "7,052 unique mainnet JSON-RPC tx objects "
	    "(PROVENANCE.md)");
	TAP_INT(all[0], 1694, "legacy: 1,694");
	TAP_INT(pre155, 91, "of them pre-EIP-155 (v 27/28): 91");
	TAP_INT(all[1], 11, "type 1: 11");
	TAP_INT(all[2], 5318, "type 2: 5,318");
	TAP_INT(all[3], 17, "type 3: 17");
	TAP_INT(all[4], 12, "type 4: 12");
	TAP_INT(ublk, 7050, "block files alone: 7,050 (5,317 type 2, 11 "
	    "type 4)");
	TAP_INT(blk[2] + 1, all[2], "the one type-2 outside blocks");
	TAP_INT(blk[4] + 1, all[4], "the one type-4 outside blocks");
	TAP_INT(co->files[K_BLOCK] > 0 && co->files[K_RECEIPTS] > 0 &&
	    co->files[K_LOGS] > 0 && co->files[K_PARITY] > 0 &&
	    co->files[K_GETH_BLOCK] > 0 && co->files[K_GETH_TX] > 0 &&
	    co->files[K_RECEIPT] > 0 && co->files[K_TX] > 0 &&
	    co->files[K_HEADER] > 0, 1, "every kind is in the corpus");
}

/* Decode every block of the corpus, again and again, for a second of CPU
   time (the machine may be shared): the whole text API, jansson's parse
   alone, and decode_block alone. */
static void
timing(const struct corpus *co)
{
	struct eth_block b;
	struct err err;
	double t0, tt, tp, td;
	size_t i, r, rounds = 0, bytes = 0, fails = 0;
	json_t **js;

	for (i = 0; i < co->ntexts; i++) {
		bytes += co->lens[i];
	}
	t0 = now();
	do {
		for (i = 0; i < co->ntexts; i++) {
			if (decode_block_text(&b, co->texts[i], co->lens[i],
			    NULL, &err) != 1) {
				fails++;
			}
			eth_block_release(&b);
		}
		rounds++;
		tt = now() - t0;
	} while (tt < 1.0);
	js = calloc(co->ntexts, sizeof(*js));
	t0 = now();
	for (r = 0; r < rounds; r++) {
		for (i = 0; i < co->ntexts; i++) {
			json_decref(js[i]);
			js[i] = json_loadb(co->texts[i], co->lens[i],
			    JSON_REJECT_DUPLICATES, NULL);
		}
	}
	tp = now() - t0;
	t0 = now();
	for (r = 0; r < rounds; r++) {
		for (i = 0; i < co->ntexts; i++) {
			if (decode_block(&b, json_object_get(js[i], "result") !=
			    NULL ? json_object_get(js[i], "result") : js[i],
			    NULL, &err) != 1) {
				fails++;
			}
			eth_block_release(&b);
		}
	}
	td = now() - t0;
	for (i = 0; i < co->ntexts; i++) {
		json_decref(js[i]);
	}
	free(js);
	if (fails != 0) {
		printf("# %zu decodes failed in the timing loops\n", fails);
	}
	printf("# decode speed (CPU time), text API (parse + decode): %zu blocks, %zu "
	    "txs, %.1f MB x %zu rounds in %.2f s: %.0f txs/s, %.0f blocks/s, "
	    "%.1f MB/s\n", co->ntexts, co->block_txs, (double)bytes / 1e6,
	    rounds, tt, (double)(co->block_txs * rounds) / tt,
	    (double)(co->ntexts * rounds) / tt,
	    (double)bytes * (double)rounds / 1e6 / tt);
	printf("# of which jansson's parse: %.2f s alone; decode_block from "
	    "json_t alone: %.2f s = %.0f txs/s\n", tp, td,
	    (double)(co->block_txs * rounds) / td);
}

static void
test_corpus(void)
{
	struct corpus co;
	const char *shared = getenv("SCANNER_SHARED");
	char root[4096];
	size_t i;

	memset(&co, 0, sizeof(co));
	snprintf(root, sizeof(root), "%s/mainnet-corpus",
	    shared != NULL ? shared : "../shared");
	co.root = root;
	walk(&co, root);
	corpus_totals(&co);
	/* A figure, not a test (DESIGN.md): only when asked for. */
	if (getenv("SCANNER_DECODE_TIMING") != NULL) {
		timing(&co);
	} else {
		printf("# decode timing: set SCANNER_DECODE_TIMING=1\n");
	}
	for (i = 0; i < co.ntexts; i++) {
		free(co.texts[i]);
	}
	free(co.texts);
	free(co.lens);
	free(co.tx);
}

/* ---- known answers ---- */

static char *
corpus_file(const char *rel, size_t *len)
{
	const char *shared = getenv("SCANNER_SHARED");
	char path[4096];

	snprintf(path, sizeof(path), "%s/mainnet-corpus/%s",
	    shared != NULL ? shared : "../shared", rel);
	return slurp(path, len);
}

#define LEA	"learn-evm-attacks/rpc_cache/blocks/1/"

static void
test_known(void)
{
	struct eth_block b;
	struct eth_receipt r;
	struct arena a;
	struct err err;
	const struct eth_tx *tx;
	char *text;
	size_t len;

	/* Mainnet genesis, its well-known hash and 0x42 nonce. */
	text = corpus_file(LEA "0/block.json", &len);
	TAP_INT(decode_block_text(&b, text, len, NULL, &err), 1,
	    "genesis decodes");
	tap_ok(hash_is(&b.h.hash, "0xd4e56740f876aef8c010b86a40d5f56745a118d0"
	    "906a34e69aec8c0db1cb8fa3") && b.h.number == 0 && b.ntxs == 0 &&
	    b.h.nonce[7] == 0x42 && b.h.gas_limit == 5000 &&
	    u256_is(&b.h.difficulty, 0x400000000) && b.h.extra_len == 32 &&
	    b.h.has == 0 && !b.has_withdrawals, "genesis: hash d4e56740..., "
	    "nonce 0x42, gas limit 5000, difficulty 2^34, 32-byte extra");
	eth_block_release(&b);
	free(text);

	/* Block 21,982,110: type 1 at 0x7, blob txs at 0x206/0x207. */
	text = corpus_file(LEA "21982110/block.json", &len);
	TAP_INT(decode_block_text(&b, text, len, NULL, &err), 1,
	    "block 21982110 decodes");
	TAP_INT(b.ntxs, 521, "block 21982110: 521 txs");
	tx = &b.txs[7];
	tap_ok(tx->type == 1 && hash_is(&tx->hash, "0x3b80b0bf210e27730484dd"
	    "eaa5b2a3eca9221b009310f2b613c6f0ae7208b71f") && tx->nonce ==
	    0x239c54 && u256_is(&tx->gas_price, 0x2540be400) &&
	    u256_is(&tx->value, 0xc79748f6d4c800) && tx->input_len == 0 &&
	    tx->naccess == 0 && u256_is(&tx->v, 0) && tx->chain_id == 1 &&
	    addr_is(&tx->from, "0x264bd8291fae1d75db2c5f573b07faa6715997b5"),
	    "block 21982110 tx 7: type 1 0x3b80b0bf..., nonce 0x239c54");
	tap_ok(b.txs[0x206].type == 3 && b.txs[0x206].nblob_hashes == 5 &&
	    b.txs[0x207].nblob_hashes == 1 && (b.h.has & ETH_H_BLOB_GAS) &&
	    (b.h.has & ETH_H_BEACON_ROOT) && !(b.h.has & ETH_H_REQUESTS),
	    "block 21982110: blob txs with 5 and 1 blobs, Cancun header");
	eth_block_release(&b);
	free(text);

	/* 17,248,593 tx 0x3: type 1 with 3 access-list entries. */
	text = corpus_file(LEA "17248593/block.json", &len);
	TAP_INT(decode_block_text(&b, text, len, NULL, &err), 1,
	    "block 17248593 decodes");
	tx = &b.txs[3];
	tap_ok(tx->type == 1 && tx->naccess == 3 && tx->access[0].nkeys >= 2 &&
	    addr_is(&tx->access[0].address, "0xc02aaa39b223fe8d0a0e5c4f27ead9"
	    "083c756cc2") && hash_is(&tx->access[0].keys[0], "0x677657ff915a28"
	    "1400b9690f934f54cc9959c6043edd05295b831da440e2bef4"),
	    "block 17248593 tx 3: access list of 3, WETH first");
	eth_block_release(&b);
	free(text);

	/* 23,377,072 (Prague): type 4 at 0x12, 16 withdrawals. */
	text = corpus_file(LEA "23377072/block.json", &len);
	TAP_INT(decode_block_text(&b, text, len, NULL, &err), 1,
	    "block 23377072 decodes");
	tx = &b.txs[0x12];
	tap_ok(tx->type == 4 && tx->nauths == 1 && hash_is(&tx->hash,
	    "0x2ab36f9173850840068c64c04b28c70aef41e2232979c6051929a0985b66f2"
	    "8c") && u256_is(&tx->auths[0].chain_id, 1) &&
	    addr_is(&tx->auths[0].address, "0x000000009b1d0af20d8c6d0a44e162d1"
	    "1f9b8f00") && tx->auths[0].nonce == 0x1c &&
	    tx->auths[0].y_parity == 0, "block 23377072 tx 0x12: type 4, "
	    "authorization to 0x00000000...9b8f00 nonce 0x1c");
	tap_ok(b.h.number == 23377072 && b.h.has == (ETH_H_BASE_FEE |
	    ETH_H_WITHDRAWALS | ETH_H_BLOB_GAS | ETH_H_BEACON_ROOT |
	    ETH_H_REQUESTS) && b.h.blob_gas_used == 0x120000 &&
	    b.h.excess_blob_gas == 0x3a0000 && hash_is(&b.h.requests_hash,
	    "0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8"
	    "55") && b.nwithdrawals == 16 && b.withdrawals[0].index ==
	    0x60c5deb && b.withdrawals[0].validator == 0x1c362a &&
	    b.withdrawals[0].amount_gwei == 0x11b65f0,
	    "block 23377072: every Prague header field, 16 withdrawals");
	eth_block_release(&b);
	free(text);

	/* A Tornado Cash 0.1 ETH withdrawal (PROVENANCE.md). */
	text = corpus_file(LEA "12995894/block.json", &len);
	TAP_INT(decode_block_text(&b, text, len, NULL, &err), 1,
	    "block 12995894 decodes");
	tx = &b.txs[0x51];
	tap_ok(hash_is(&tx->hash, "0x1fb9bb7dd85260d5d61fb47c169e5efdc181e574"
	    "6111f01b9eef211e2c7bec97") && addr_is(&tx->to, "0x722122df12d4e1"
	    "4e13ac3b6895a86e84145b6967") && tx->input_len == 548 &&
	    tx->input[0] == 0xb4 && tx->input[1] == 0x38 &&
	    tx->input[2] == 0x68 && tx->input[3] == 0x9f &&
	    u256_is(&tx->v, 0x26), "Tornado withdrawal 0x1fb9bb7d...: "
	    "withdraw() selector b438689f, 548 bytes, EIP-155 v 0x26");
	eth_block_release(&b);
	free(text);

	/* helios: a deposit-contract receipt of block 21,925,176. */
	text = corpus_file("helios/rpc/receipt.json", &len);
	arena_init(&a, 0);
	TAP_INT(decode_receipt_text(&r, &a, text, len, NULL, &err), 1,
	    "helios receipt decodes");
	tap_ok(r.type == 2 && r.has_status && r.status == 1 &&
	    r.tx_index == 0x27 && r.block_number == 21925176 &&
	    r.gas_used == 0xc552 && r.cumulative_gas == 0x6fce49 &&
	    r.has_gas_price && u256_is(&r.effective_gas_price, 0xdd0d90c6) &&
	    !r.has_contract && r.nlogs == 1 && r.logs[0].log_index == 0xfb &&
	    r.logs[0].ntopics == 1 && addr_is(&r.logs[0].address,
	    "0x00000000219ab540356cbb839cbe05303d7705fa"),
	    "helios receipt: status 1, gas 0xc552, one DepositEvent log");
	arena_release(&a);
	free(text);
}

/* ---- hostile responses ---- */

/* Set (or delete, repl NULL) the member at a dotted path ("a.3.b"). */
static int
mutate(json_t *root, const char *path, const char *repl)
{
	char buf[256], *seg, *save = NULL, *next;
	json_t *cur = root, *v;

	snprintf(buf, sizeof(buf), "%s", path);
	seg = strtok_r(buf, ".", &save);
	while (seg != NULL) {
		next = strtok_r(NULL, ".", &save);
		if (next == NULL) {
			break;
		}
		cur = isdigit((unsigned char)seg[0]) ? json_array_get(cur,
		    strtoul(seg, NULL, 10)) : json_object_get(cur, seg);
		seg = next;
	}
	if (cur == NULL || seg == NULL) {
		return -1;
	}
	if (repl == NULL) {
		return json_is_array(cur) ? json_array_remove(cur,
		    strtoul(seg, NULL, 10)) : json_object_del(cur, seg);
	}
	v = json_loads(repl, JSON_DECODE_ANY, NULL);
	if (v == NULL) {
		return -1;
	}
	if (json_is_array(cur)) {
		return json_array_set_new(cur, strtoul(seg, NULL, 10), v);
	}
	return json_object_set_new(cur, seg, v);
}

enum target {
	T_BLOCK,
	T_TX,
	T_RECEIPT,
	T_RECEIPTS,
	T_LOGS,
	T_PARITY,
	T_GETH
};

struct hostile {
	const char	*name;
	enum target	 target;
	const char	*base;		/* corpus file mutated, or NULL */
	const char	*path;		/* member set or deleted */
	const char	*repl;		/* new JSON value, NULL: delete */
	const char	*text;		/* without base: the whole body */
	int		 rc;		/* expected */
	enum err_code	 code;
	const char	*msg;		/* expected substring of err.msg */
};

#define BLK21	LEA "21982110/block.json"
#define Z64	"0000000000000000000000000000000000000000000000000000000000000000"
#define TXBASE	"ethereumjs/tx-json/rpcTx.json"
#define RCPT	"helios/rpc/receipt.json"
#define RCPTS	"ethereum-etl/test_export_block_receipts_job/" \
		"receipts_with_logs/" \
		"web3_response.eth_getBlockReceipts_483920.json"
#define PAR	"ethereum-etl/test_export_traces_job/block_with_subtraces/" \
		"web3_response.trace_block_0xf4240.json"
#define GETH	"ethereum-etl/test_extract_geth_traces_job/block_with_subtraces/" \
		"web3_response.debug_traceBlockByNumber_0xf4240_tracer_" \
		"calltracer.json"
#define LOGS	"helios/rpc/logs.json"

static const struct hostile hostile[] = {
	/* The example of the brief, to the letter. */
	{ "tx value as a number", T_BLOCK, BLK21, "result.transactions.7.value",
	    "12", NULL, -1, ERR_INPUT, "eth_getBlockByNumber block 21982110: "
	    "transactions[7].value: expected a hex quantity, got 12" },
	{ "value of 2^256", T_BLOCK, BLK21, "result.transactions.7.value",
	    "\"0x1" Z64 "\"", NULL, -1, ERR_INPUT, "transactions[7].value: "
	    "expected a quantity below 2^256" },
	{ "value of 2^256-1 is fine", T_BLOCK, BLK21,
	    "result.transactions.7.value", "\"0x" "ffffffffffffffffffffffff"
	    "ffffffffffffffffffffffffffffffffffffffff\"", NULL, 1, ERR_OK,
	    NULL },
	{ "leading zeros accepted", T_BLOCK, BLK21,
	    "result.transactions.7.nonce", "\"0x00000000239c54\"", NULL, 1,
	    ERR_OK, NULL },
	{ "empty quantity", T_BLOCK, BLK21, "result.transactions.7.nonce",
	    "\"0x\"", NULL, -1, ERR_INPUT, "transactions[7].nonce: expected "
	    "a hex quantity, got \"0x\"" },
	{ "nonce of 2^64", T_BLOCK, BLK21, "result.transactions.7.nonce",
	    "\"0x10000000000000000\"", NULL, -1, ERR_INPUT,
	    "nonce: expected a quantity below 2^64" },
	{ "non-hex quantity", T_BLOCK, BLK21, "result.transactions.7.gas",
	    "\"0x7g120\"", NULL, -1, ERR_INPUT, "transactions[7].gas: "
	    "expected a hex quantity, got \"0x7g120\"" },
	{ "no 0x", T_BLOCK, BLK21, "result.gasUsed", "\"1570feb\"", NULL, -1,
	    ERR_INPUT, "block 21982110: gasUsed: expected a hex quantity" },
	{ "odd hex input", T_BLOCK, BLK21, "result.transactions.7.input",
	    "\"0x123\"", NULL, -1, ERR_INPUT, "transactions[7].input: "
	    "expected 0x and an even number of hex digits" },
	{ "non-hex input", T_BLOCK, BLK21, "result.transactions.7.input",
	    "\"0x12zz\"", NULL, -1, ERR_INPUT, "input: expected hex data" },
	{ "short hash", T_BLOCK, BLK21, "result.transactions.7.hash",
	    "\"0x3b80b0bf\"", NULL, -1, ERR_INPUT, "transactions[7].hash: "
	    "expected a 32-byte hash, got \"0x3b80b0bf\"" },
	{ "address of 20 bytes", T_BLOCK, BLK21, "result.miner",
	    "\"0x" "00000000000000000000000000000000000000aa\"", NULL, 1,
	    ERR_OK, NULL },
	{ "address of 21 bytes", T_BLOCK, BLK21, "result.miner",
	    "\"0x" "0000000000000000000000000000000000000000aa\"", NULL, -1,
	    ERR_INPUT, "miner: expected a 20-byte address" },
	{ "missing gas", T_BLOCK, BLK21, "result.transactions.7.gas", NULL,
	    NULL, -1, ERR_INPUT, "transactions[7].gas: missing" },
	{ "missing to", T_BLOCK, BLK21, "result.transactions.7.to", NULL,
	    NULL, -1, ERR_INPUT, "transactions[7].to: missing" },
	{ "missing header field", T_BLOCK, BLK21, "result.stateRoot", NULL,
	    NULL, -1, ERR_INPUT, "block 21982110: stateRoot: missing" },
	{ "number as a JSON number", T_BLOCK, BLK21, "result.number",
	    "21982110", NULL, -1, ERR_INPUT, "eth_getBlockByNumber: number: "
	    "expected a hex quantity, got 21982110" },
	{ "short bloom", T_BLOCK, BLK21, "result.logsBloom", "\"0x00\"", NULL,
	    -1, ERR_INPUT, "logsBloom: expected a 256-byte bloom" },
	{ "blobGasUsed alone", T_BLOCK, BLK21, "result.excessBlobGas", NULL,
	    NULL, -1, ERR_INPUT, "excessBlobGas: missing" },
	{ "tx in another block", T_BLOCK, BLK21,
	    "result.transactions.7.blockNumber", "\"0x1\"", NULL, -1,
	    ERR_INPUT, "transactions[7]: blockNumber 1 is not the block's "
	    "number" },
	{ "tx out of place", T_BLOCK, BLK21,
	    "result.transactions.7.transactionIndex", "\"0x8\"", NULL, -1,
	    ERR_INPUT, "transactions[7]: transactionIndex 8 is not its "
	    "position" },
	{ "hash among tx objects", T_BLOCK, BLK21, "result.transactions.3",
	    "\"0x" Z64 "\"", NULL, -1, ERR_INPUT, "transactions[3]: expected "
	    "a transaction object" },
	{ "tx type 5", T_BLOCK, BLK21, "result.transactions.7.type",
	    "\"0x5\"", NULL, -1, ERR_INPUT, "transactions[7].type: expected a "
	    "transaction type 0x0-0x4, got \"0x5\"" },
	{ "yParity and v disagree", T_BLOCK, BLK21,
	    "result.transactions.7.v", "\"0x1\"", NULL, -1, ERR_INPUT,
	    "transactions[7].v: does not match yParity" },
	{ "yParity 2", T_BLOCK, BLK21, "result.transactions.7.yParity",
	    "\"0x2\"", NULL, -1, ERR_INPUT, "yParity: expected 0x0 or 0x1" },
	{ "v alone will do", T_BLOCK, BLK21, "result.transactions.7.yParity",
	    NULL, NULL, 1, ERR_OK, NULL },
	{ "type 1 without accessList", T_BLOCK, BLK21,
	    "result.transactions.7.accessList", NULL, NULL, -1, ERR_INPUT,
	    "transactions[7].accessList: missing" },
	{ "blob tx creating", T_BLOCK, BLK21, "result.transactions.518.to",
	    "null", NULL, -1, ERR_INPUT, "transactions[518].to: expected a "
	    "20-byte address (this type cannot create a contract), got null" },
	{ "blob hash not a string", T_BLOCK, BLK21,
	    "result.transactions.518.blobVersionedHashes.2", "7", NULL, -1,
	    ERR_INPUT, "transactions[518].blobVersionedHashes[2]: expected a "
	    "32-byte hash, got 7" },
	{ "uncles not a list", T_BLOCK, BLK21, "result.uncles", "{}", NULL,
	    -1, ERR_INPUT, "uncles: expected an array, got an object" },
	{ "withdrawal amount 2^64", T_BLOCK, BLK21,
	    "result.withdrawals.0.amount", "\"0x10000000000000000\"", NULL,
	    -1, ERR_INPUT, "withdrawals[0].amount: expected a quantity below "
	    "2^64" },
	{ "control characters shown safely", T_BLOCK, BLK21,
	    "result.transactions.7.hash", "\"0x\\u001b[31mred\"", NULL, -1,
	    ERR_INPUT, "expected a 32-byte hash, got \"0x?[31mred\"" },
	/* A single tx (eth_getTransactionByHash, ethereumjs rpcTx.json). */
	{ "tx: r as a bool", T_TX, TXBASE, "r", "true", NULL, -1, ERR_INPUT,
	    "eth_getTransactionByHash block 15496077: r: expected a hex "
	    "quantity, got true" },
	{ "tx: storage key odd", T_TX, TXBASE, "accessList",
	    "[{\"address\":\"0x" "00000000000000000000000000000000000000aa\","
	    "\"storageKeys\":[\"0x1\"]}]", NULL, -1, ERR_INPUT,
	    "accessList[0].storageKeys[0]: expected a 32-byte hash" },
	{ "tx: pending", T_TX, TXBASE, "blockHash", "null", NULL, -1,
	    ERR_INPUT, "blockHash: missing beside blockNumber" },
	{ "tx: index 2^32", T_TX, TXBASE, "transactionIndex",
	    "\"0x100000000\"", NULL, -1, ERR_INPUT, "transactionIndex: "
	    "expected a quantity below 2^32" },
	{ "tx: chainId 2^64", T_TX, TXBASE, "chainId",
	    "\"0x10000000000000000\"", NULL, -1, ERR_INPUT, "chainId: "
	    "expected a quantity below 2^64" },
	{ "tx: 1559 without maxFeePerGas", T_TX, TXBASE, "maxFeePerGas", NULL,
	    NULL, -1, ERR_INPUT, "maxFeePerGas: missing" },
	{ "tx: not an object", T_TX, NULL, NULL, NULL, "[1,2]", -1, ERR_INPUT,
	    "eth_getTransactionByHash: expected a transaction object, got an "
	    "array" },
	/* Receipts. */
	{ "receipt: status 2", T_RECEIPT, RCPT, "status", "\"0x2\"", NULL, -1,
	    ERR_INPUT, "block 21925176: status: expected 0x0 or 0x1" },
	{ "receipt: status and root", T_RECEIPT, RCPT, "root", "\"0x" Z64
	    "\"", NULL, -1, ERR_INPUT, "root: sent beside status" },
	{ "receipt: neither", T_RECEIPT, RCPT, "status", NULL, NULL, -1,
	    ERR_INPUT, "status: missing, and no root" },
	{ "receipt: five topics", T_RECEIPT, RCPT, "logs.0.topics",
	    "[\"0x" Z64 "\",\"0x" Z64 "\",\"0x" Z64 "\",\"0x" Z64 "\",\"0x"
	    Z64 "\"]", NULL, -1, ERR_INPUT, "logs[0].topics: 5 topics, at "
	    "most 4" },
	{ "receipt: log of another tx", T_RECEIPT, RCPT,
	    "logs.0.transactionIndex", "\"0x1\"", NULL, -1, ERR_INPUT,
	    "logs[0]: not the receipt's transaction or block" },
	{ "receipt: removed as a string", T_RECEIPT, RCPT, "logs.0.removed",
	    "\"no\"", NULL, -1, ERR_INPUT, "logs[0].removed: expected true or "
	    "false" },
	{ "receipt: no gasUsed", T_RECEIPT, RCPT, "gasUsed", NULL, NULL, -1,
	    ERR_INPUT, "gasUsed: missing" },
	{ "receipts: an index missing", T_RECEIPTS, RCPTS, "result.1", NULL,
	    NULL, -1, ERR_INPUT, "eth_getBlockReceipts block 483920: [1]: "
	    "transactionIndex 3 is past the list" },
	{ "receipts: an index twice", T_RECEIPTS, RCPTS,
	    "result.2.transactionIndex", "\"0x0\"", NULL, -1, ERR_INPUT,
	    "[2]: transactionIndex 0 repeats" },
	{ "receipts of two blocks", T_RECEIPTS, RCPTS, "result.2.blockNumber",
	    "\"0x76251\"", NULL, -1, ERR_INPUT, "[2]: another block than the "
	    "first receipt's" },
	{ "receipts: log of another block", T_RECEIPTS, RCPTS,
	    "result.3.blockNumber", "\"0x76251\"", NULL, -1, ERR_INPUT,
	    "[3].logs[0]: not the receipt's transaction or block" },
	{ "logs: topics a string", T_LOGS, LOGS, "0.topics", "\"0x\"", NULL,
	    -1, ERR_INPUT, "eth_getLogs block 21925176: [0].topics: expected "
	    "an array" },
	/* Parity traces (block 1,000,000). */
	{ "parity: unknown type", T_PARITY, PAR, "result.1.type", "\"jump\"",
	    NULL, -1, ERR_INPUT, "trace_block block 1000000: [1].type: "
	    "expected call, create, suicide or reward, got \"jump\"" },
	{ "parity: value 2^256", T_PARITY, PAR, "result.0.action.value",
	    "\"0x1" Z64 "\"", NULL, -1, ERR_INPUT, "[0].action.value: "
	    "expected a quantity below 2^256" },
	{ "parity: out of order", T_PARITY, PAR, "result.1.traceAddress",
	    "[1]", NULL, -1, ERR_INPUT, "[1]: traceAddress out of order" },
	{ "parity: orphan", T_PARITY, PAR, "result.0.traceAddress", "[0]",
	    NULL, -1, ERR_INPUT, "[0]: traceAddress has no parent frame" },
	{ "parity: subtraces lie", T_PARITY, PAR, "result.0.subtraces", "2",
	    NULL, -1, ERR_INPUT, "[0]: subtraces is 2 but 1 sub-calls follow" },
	{ "parity: another block", T_PARITY, PAR, "result.1.blockNumber",
	    "999999", NULL, -1, ERR_INPUT, "[1].blockNumber: 999999 is another "
	    "block" },
	{ "parity: negative position", T_PARITY, PAR,
	    "result.1.transactionPosition", "-1", NULL, -1, ERR_INPUT,
	    "transactionPosition: expected a non-negative number, got -1" },
	{ "parity: reward in a tx", T_PARITY, PAR, "result.3.transactionHash",
	    "\"0x" Z64 "\"", NULL, -1, ERR_INPUT, "[3]: a reward with a "
	    "transaction" },
	/* geth callTracer (block 1,000,000). */
	{ "geth: unknown type", T_GETH, GETH, "result.0.result.type",
	    "\"JUMP\"", NULL, -1, ERR_INPUT, "debug_traceBlockByNumber: "
	    "[0].result.type: expected a call type" },
	{ "geth: nested value 2^256", T_GETH, GETH,
	    "result.0.result.calls.0.value", "\"0x1" Z64 "\"", NULL, -1,
	    ERR_INPUT, "[0].result.calls[0].value: expected a quantity below "
	    "2^256" },
	{ "geth: calls an object", T_GETH, GETH, "result.0.result.calls",
	    "{}", NULL, -1, ERR_INPUT, "[0].result.calls: expected an array "
	    "of call frames" },
	{ "geth: call without to", T_GETH, GETH, "result.1.result.to", NULL,
	    NULL, -1, ERR_INPUT, "[1].result.to: missing" },
	{ "geth: node could not trace", T_GETH, NULL, NULL, NULL,
	    "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":[{\"txHash\":\"0x" Z64
	    "\",\"error\":\"execution timeout\"}]}", -1, ERR_NET,
	    "[0]: node could not trace the transaction: execution timeout" },
	/* The envelope. */
	{ "null result", T_BLOCK, NULL, NULL, NULL,
	    "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":null}", 0, ERR_OK, NULL },
	{ "error envelope", T_BLOCK, NULL, NULL, NULL,
	    "{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-32000,"
	    "\"message\":\"header not found\"}}", -1, ERR_NET,
	    "eth_getBlockByNumber: node error -32000: header not found" },
	{ "rate-limit error", T_RECEIPTS, NULL, NULL, NULL,
	    "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32005,"
	    "\"message\":\"limit exceeded\\u0007\\n\"}}", -1, ERR_NET,
	    "node error -32005: limit exceeded??" },
	{ "error without a code", T_LOGS, NULL, NULL, NULL,
	    "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"message\":\"x\"}}",
	    -1, ERR_INPUT, "eth_getLogs: malformed JSON-RPC error object" },
	{ "both result and error", T_TX, NULL, NULL, NULL,
	    "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{},\"error\":{\"code\":"
	    "1,\"message\":\"x\"}}", -1, ERR_INPUT, "both result and error" },
	{ "neither result nor error", T_TX, NULL, NULL, NULL,
	    "{\"jsonrpc\":\"2.0\",\"id\":1}", -1, ERR_INPUT,
	    "neither result nor error" },
	{ "truncated JSON", T_BLOCK, NULL, NULL, NULL,
	    "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"number\":\"0x1",
	    -1, ERR_INPUT, "eth_getBlockByNumber: invalid JSON at line 1" },
	{ "empty body", T_PARITY, NULL, NULL, NULL, "", -1, ERR_INPUT,
	    "trace_block: invalid JSON" },
	{ "duplicate key", T_TX, NULL, NULL, NULL,
	    "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"r\":\"0x1\",\"r\":"
	    "\"0x2\"}}", -1, ERR_INPUT, "invalid JSON" },
	{ "result a string", T_BLOCK, NULL, NULL, NULL,
	    "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x1\"}", -1,
	    ERR_INPUT, "eth_getBlockByNumber: expected a block object, got "
	    "\"0x1\"" },
	{ "receipts not a list", T_RECEIPTS, NULL, NULL, NULL,
	    "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"a\":1}}", -1,
	    ERR_INPUT, "expected an array of receipts, got an object" },
};

static int
run_text(enum target tg, const char *text, size_t len,
    const struct decode_opts *o, struct err *err)
{
	struct eth_block b;
	struct eth_tx tx;
	struct eth_receipt r;
	struct eth_receipts rs;
	struct eth_traces t;
	struct eth_log *logs;
	struct arena a;
	size_t n;
	int rc = -2;

	arena_init(&a, DECODE_ARENA_CAP);
	switch (tg) {
	case T_BLOCK:
		rc = decode_block_text(&b, text, len, o, err);
		eth_block_release(&b);
		break;
	case T_TX:
		rc = decode_tx_text(&tx, &a, text, len, o, err);
		break;
	case T_RECEIPT:
		rc = decode_receipt_text(&r, &a, text, len, o, err);
		break;
	case T_RECEIPTS:
		rc = decode_receipts_text(&rs, text, len, o, err);
		eth_receipts_release(&rs);
		break;
	case T_LOGS:
		rc = decode_logs_text(&logs, &n, &a, text, len, o, err);
		break;
	case T_PARITY:
		rc = decode_traces_parity_text(&t, text, len, o, err);
		eth_traces_release(&t);
		break;
	case T_GETH:
		rc = decode_traces_geth_text(&t, text, len, o, err);
		eth_traces_release(&t);
		break;
	}
	arena_release(&a);
	return rc;
}

static void
test_hostile(void)
{
	const struct hostile *h;
	struct err err;
	json_t *root;
	char *text, *body;
	size_t i, len;
	int rc, ok;

	for (i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		h = &hostile[i];
		body = NULL;
		if (h->base != NULL) {
			text = corpus_file(h->base, &len);
			root = json_loadb(text, len, 0, NULL);
			free(text);
			if (mutate(root, h->path, h->repl) != 0) {
				tap_ok(0, "hostile %s: cannot mutate", h->name);
				json_decref(root);
				continue;
			}
			body = json_dumps(root, JSON_COMPACT);
			json_decref(root);
		}
		text = body != NULL ? body : (char *)h->text;
		memset(&err, 0, sizeof(err));
		rc = run_text(h->target, text, strlen(text), NULL, &err);
		ok = rc == h->rc && (h->rc != -1 || (err.code == h->code &&
		    strstr(err.msg, h->msg) != NULL));
		tap_ok(ok, "hostile: %s -> %s%s", h->name, h->rc == 1 ?
		    "decodes" : h->rc == 0 ? "not found" : h->msg,
		    ok ? "" : " (see below)");
		if (!ok) {
			printf("#   rc %d, code %d, msg '%s'\n", rc, err.code,
			    err.msg);
		}
		free(body);
	}
}

/* A body: head, then n bytes as 2n hex digits, then tail. */
static char *
big_body(const char *head, size_t n, const char *tail, size_t *len)
{
	size_t hl = strlen(head), tl = strlen(tail), i;
	char *text, *p;

	*len = hl + 2 * n + tl;
	text = malloc(*len + 1);
	if (text == NULL) {
		abort();
	}
	memcpy(text, head, hl);
	p = text + hl;
	for (i = 0; i < n; i++) {
		p[2 * i] = "0123456789abcdef"[i % 16];
		p[2 * i + 1] = "fedcba9876543210"[i % 16];
	}
	memcpy(p + 2 * n, tail, tl + 1);
	return text;
}

#define TXHEAD	"{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"blockHash\":" \
		"null,\"from\":\"0x00000000000000000000000000000000000000aa\"," \
		"\"gas\":\"0x5208\",\"gasPrice\":\"0x1\",\"hash\":\"0x" Z64 \
		"\",\"nonce\":\"0x0\",\"to\":null,\"v\":\"0x1b\",\"r\":" \
		"\"0x1\",\"s\":\"0x1\","

/* A 50 MB input: decoded whole under the default cap, refused past a
   small one (one parse, both through the json_t API after the text API);
   a megabyte of digits in a quantity refused. */
static void
test_huge(void)
{
	const size_t nbytes = 25u << 20;	/* 50 MiB of hex digits */
	struct eth_tx tx;
	struct arena a;
	struct err err;
	json_t *r;
	char *text;
	size_t len, i;
	int rc, ok;

	text = big_body(TXHEAD "\"value\":\"0x0\",\"input\":\"0x", nbytes,
	    "\"}}", &len);
	rc = decode_parse(&r, text, len, "eth_getTransactionByHash", &err);
	free(text);
	TAP_INT(rc, 1, "50 MB body parses");
	arena_init(&a, DECODE_ARENA_CAP);
	rc = decode_tx(&tx, &a, r, NULL, &err);
	ok = rc == 1 && tx.input_len == nbytes && !tx.has_to &&
	    !tx.has_block;
	for (i = 0; ok && i < nbytes; i += 4099) {
		ok = tx.input[i] == (uint8_t)((i % 16) << 4 | (15 - i % 16));
	}
	tap_ok(ok, "50 MB input decodes whole (25 MiB of bytes, spot-checked)"
	    ", a pending creation");
	arena_release(&a);
	arena_init(&a, 1u << 20);
	rc = decode_tx(&tx, &a, r, NULL, &err);
	tap_ok(rc == -1 && err.code == ERR_INPUT && strstr(err.msg,
	    "input: decoded data exceeds the cap of 1048576 bytes") != NULL,
	    "50 MB input past a 1 MiB arena cap: clean error (%s)", err.msg);
	arena_release(&a);
	json_decref(r);

	text = big_body(TXHEAD "\"input\":\"0x\",\"value\":\"0x", 1u << 20,
	    "\"}}", &len);
	arena_init(&a, DECODE_ARENA_CAP);
	rc = decode_tx_text(&tx, &a, text, len, NULL, &err);
	tap_ok(rc == -1 && err.code == ERR_INPUT && strstr(err.msg,
	    "value: expected a quantity below 2^256, got \"0x") != NULL &&
	    strstr(err.msg, "(2097154 chars)") != NULL,
	    "2 MB quantity: clean error (%s)", err.msg);
	arena_release(&a);
	free(text);
}

/* A block's arena cap holds for the whole block. */
static void
test_cap(void)
{
	struct decode_opts o = { 0 };
	struct eth_block b;
	struct err err;
	char *text;
	size_t len;
	int rc;

	text = corpus_file(BLK21, &len);
	o.cap = 64 * 1024;
	rc = decode_block_text(&b, text, len, &o, &err);
	tap_ok(rc == -1 && err.code == ERR_INPUT && strstr(err.msg,
	    "block 21982110: ") != NULL && strstr(err.msg, "exceeds the cap "
	    "of 65536 bytes") != NULL && b.txs == NULL && b.arena.head == NULL,
	    "64 KiB cap on a 582 KB block: clean error, nothing kept (%s)",
	    err.msg);
	o.cap = 0;
	o.flags = DECODE_FULL_TXS;
	rc = decode_block_text(&b, text, len, &o, &err);
	TAP_INT(rc, 1, "DECODE_FULL_TXS takes a full block");
	eth_block_release(&b);
	free(text);
	text = corpus_file("helios/rpc/block.json", &len);
	rc = decode_block_text(&b, text, len, &o, &err);
	tap_ok(rc == -1 && strstr(err.msg, "transactions[0]: expected a "
	    "transaction object") != NULL, "DECODE_FULL_TXS refuses a "
	    "hash-only block (%s)", err.msg);
	o.flags = 0;
	o.method = "eth_getBlockByHash";
	rc = decode_block_text(&b, text, len, &o, &err);
	tap_ok(rc == 1 && b.ntxs == 0 && b.ntx_hashes == 202 && b.txs == NULL,
	    "without it, the 202 hashes go to tx_hashes");
	eth_block_release(&b);
	free(text);
}

/* A geth frame nested n deep: {"type":"CALL",...,"calls":[{...}]}. */
static json_t *
deep_frame(size_t n)
{
	json_t *top = NULL, *f, *calls;
	size_t i;

	for (i = 0; i < n; i++) {
		f = json_pack("{s:s,s:s,s:s,s:s}", "type", "CALL", "from",
		    "0x00000000000000000000000000000000000000aa", "to",
		    "0x00000000000000000000000000000000000000bb", "value",
		    "0x1");
		if (top != NULL) {
			calls = json_array();
			json_array_append_new(calls, top);
			json_object_set_new(f, "calls", calls);
		}
		top = f;
	}
	return top;
}

static void
test_deep(void)
{
	struct eth_traces t;
	struct err err;
	json_t *f, *env;
	char *text;
	size_t i;
	int rc, ok;

	/* 1000 frames deep, through the text API (jansson's parser stops
	   at 2048 levels: two per frame). */
	f = deep_frame(1000);
	json_object_set_new(f, "error", json_string("execution reverted"));
	env = json_pack("{s:s,s:i,s:[{s:o}]}", "jsonrpc", "2.0", "id", 1,
	    "result", "result", f);
	text = json_dumps(env, JSON_COMPACT);
	rc = decode_traces_geth_text(&t, text, strlen(text), NULL, &err);
	ok = rc == 1 && t.n == 1000;
	for (i = 0; ok && i < t.n; i++) {
		ok = t.c[i].depth == i && t.c[i].failed &&
		    t.c[i].trace_address_len == i && (i == 0 ||
		    t.c[i].trace_address[i - 1] == 0);
	}
	tap_ok(ok, "geth trace 1000 frames deep: flattened, depth 0..999, "
	    "all failed under a reverted top");
	eth_traces_release(&t);
	free(text);
	json_decref(env);

	/* Past the EVM's limit, built in memory: refused, no recursion. */
	f = deep_frame(DECODE_MAX_DEPTH + 1);
	rc = decode_trace_geth_tx(&t, f, 3, NULL, NULL, &err);
	TAP_INT(rc, 1, "1025 frames (depth 1024) is still the EVM's range");
	TAP_INT(t.n, DECODE_MAX_DEPTH + 1, "all 1025 frames kept");
	eth_traces_release(&t);
	json_decref(f);
	f = deep_frame(5000);
	rc = decode_trace_geth_tx(&t, f, 3, NULL, NULL, &err);
	tap_ok(rc == -1 && err.code == ERR_INPUT && strstr(err.msg,
	    "debug_traceTransaction: calls[0]...calls[0] (depth 1024): calls "
	    "nested deeper than 1024 frames") != NULL && t.n == 0,
	    "5000 frames deep: clean error (%s)", err.msg);
	json_decref(f);

	/* Nesting JSON itself 100000 deep. */
	text = malloc(200001);
	memset(text, '[', 100000);
	memset(text + 100000, ']', 100000);
	text[200000] = '\0';
	rc = decode_traces_parity_text(&t, text, 200000, NULL, &err);
	tap_ok(rc == -1 && err.code == ERR_INPUT && strstr(err.msg,
	    "invalid JSON") != NULL, "[[[... 100000 deep: %s", err.msg);
	free(text);
}

/* Parity shapes the corpus lacks: failed create, reward, suicide. */
static void
test_parity_shapes(void)
{
	static const char text[] = "[{\"action\":{\"callType\":\"call\","
	    "\"from\":\"0x00000000000000000000000000000000000000a1\",\"to\":"
	    "\"0x00000000000000000000000000000000000000b1\",\"value\":\"0x5\""
	    "},\"error\":\"Reverted\",\"subtraces\":1,\"traceAddress\":[],"
	    "\"transactionPosition\":0,\"type\":\"call\"},{\"action\":{"
	    "\"from\":\"0x00000000000000000000000000000000000000b1\",\"value\":"
	    "\"0x1\",\"init\":\"0x\",\"creationMethod\":\"create2\"},\"result\":"
	    "null,\"error\":\"Out of gas\",\"subtraces\":0,\"traceAddress\":"
	    "[0],\"transactionPosition\":0,\"type\":\"create\"},{\"action\":{"
	    "\"address\":\"0x00000000000000000000000000000000000000c1\","
	    "\"refundAddress\":\"0x00000000000000000000000000000000000000d1\""
	    ",\"balance\":\"0x7\"},\"result\":null,\"subtraces\":0,"
	    "\"traceAddress\":[],\"transactionPosition\":1,\"type\":\"suicide\""
	    "},{\"action\":{\"author\":\"0x0000000000000000000000000000000000"
	    "0000e1\",\"rewardType\":\"block\",\"value\":\"0x1bc16d674ec80000\""
	    "},\"result\":null,\"subtraces\":0,\"traceAddress\":[],"
	    "\"transactionHash\":null,\"transactionPosition\":null,\"type\":"
	    "\"reward\"}]";
	struct eth_traces t;
	struct err err;
	int rc;

	rc = decode_traces_parity_text(&t, text, sizeof(text) - 1, NULL, &err);
	TAP_INT(rc, 1, "parity: hand-made call/create2/suicide/reward");
	tap_ok(rc == 1 && t.n == 4 && t.c[0].kind == ETH_CALL_CALL &&
	    t.c[0].failed && t.c[1].kind == ETH_CALL_CREATE2 &&
	    !t.c[1].has_to && t.c[1].failed && t.c[1].depth == 1 &&
	    t.c[2].kind == ETH_CALL_SELFDESTRUCT && t.c[2].from.b[19] == 0xc1 &&
	    t.c[2].to.b[19] == 0xd1 && u256_is(&t.c[2].value, 7) &&
	    !t.c[2].failed && t.c[2].tx_index == 1 &&
	    t.c[3].kind == ETH_CALL_REWARD && t.c[3].to.b[19] == 0xe1 &&
	    u256_is(&t.c[3].value, 2000000000000000000ull) &&
	    t.c[3].tx_index == ETH_CALL_NO_TX && !t.c[3].has_tx_hash,
	    "parity: reverted call fails its create2 child; suicide moves "
	    "the balance to refundAddress; 2 ETH reward outside any tx");
	eth_traces_release(&t);
}

/* Old geth: SELFDESTRUCT frames carry only their type. */
static void
test_geth_selfdestruct(void)
{
	static const char nested[] = "[{\"result\":{\"type\":"
	    "\"DELEGATECALL\",\"from\":\"0x0000000000000000000000000000000000"
	    "0000a1\",\"to\":\"0x00000000000000000000000000000000000000b1\","
	    "\"gas\":\"0x1\",\"gasUsed\":\"0x1\",\"input\":\"0x\",\"calls\":"
	    "[{\"type\":\"SELFDESTRUCT\"}]}}]";
	static const char top[] = "[{\"txHash\":\"0x" Z64 "\",\"result\":{"
	    "\"type\":\"SELFDESTRUCT\"}}]";
	struct eth_traces t;
	struct err err;
	int rc;

	rc = decode_traces_geth_text(&t, nested, sizeof(nested) - 1, NULL,
	    &err);
	tap_ok(rc == 1 && t.n == 2 && t.c[1].kind == ETH_CALL_SELFDESTRUCT &&
	    t.c[1].from.b[19] == 0xa1 && !t.c[1].has_to &&
	    !t.c[1].has_value && !t.c[1].has_tx_hash && t.c[1].depth == 1,
	    "geth: a bare SELFDESTRUCT under a DELEGATECALL destroys the "
	    "caller; no beneficiary or value is made up");
	eth_traces_release(&t);
	rc = decode_traces_geth_text(&t, top, sizeof(top) - 1, NULL, &err);
	tap_ok(rc == -1 && strstr(err.msg, "[0].result.from: missing") != NULL,
	    "geth: a bare top-level SELFDESTRUCT has no sender (%s)",
	    err.msg);
}

int
main(void)
{
	if (tap_have_shared("mainnet-corpus/PROVENANCE.md",
	    "the mainnet corpus tests")) {
		test_known();
		test_corpus();
		test_hostile();	/* mutations of a corpus block */
		test_cap();	/* and a corpus block under a cap */
	}
	test_huge();
	test_deep();
	test_parity_shapes();
	test_geth_selfdestruct();
	return tap_done();
}
