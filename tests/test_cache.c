/*
 * test_cache.c - the block cache: the value encodings (a known answer,
 * round trips of every field of hand-built blocks, receipts and traces,
 * corrupt values), put/get/flags and merging, missing ranges, the address
 * index, reorgs, atomic failure, a writer killed mid-way, map growth with
 * a 5 MB block, and real mainnet responses through the decoder. Every
 * case runs in a fresh mkdtemp directory.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <lmdb.h>

#include "hash.h"
#include "store.h"
#include "tap.h"

#if defined(__has_include)
#if __has_include("fetch/decode.h")
#include "fetch/decode.h"
#define HAVE_DECODE	1
#endif
#endif

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
	if (S_ISDIR(sb.st_mode)) {
		d = opendir(path);
		while (d != NULL) {
			de = readdir(d);
			if (de == NULL) {
				break;
			}
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
open_store(const char *dir)
{
	struct store *st = NULL;
	struct err err;

	memset(&err, 0, sizeof(err));
	if (store_open(&st, dir, 0, &err) == -1) {
		printf("# open: %s\n", err.msg);
		exit(99);
	}
	return st;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Deterministic filler: distinct bytes for distinct seeds. */
static void
pat(void *p, size_t n, unsigned seed)
{
	uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++) {
		b[i] = (uint8_t)(seed * 37u + i * 11u + 1u);
	}
}

static struct eth_hash
H(unsigned seed)
{
	struct eth_hash h;

	pat(h.b, sizeof(h.b), seed);
	return h;
}

static struct eth_addr
A(unsigned seed)
{
	struct eth_addr a;

	pat(a.b, sizeof(a.b), seed);
	return a;
}

/* An address of twenty equal bytes, easy to name in expectations. */
static struct eth_addr
X(uint8_t v)
{
	struct eth_addr a;

	memset(a.b, v, sizeof(a.b));
	return a;
}

static struct u256
U(uint64_t w0, uint64_t w1, uint64_t w2, uint64_t w3)
{
	struct u256 u;

	u.w[0] = w0;
	u.w[1] = w1;
	u.w[2] = w2;
	u.w[3] = w3;
	return u;
}

static void *
al(struct arena *a, size_t n)
{
	void *p;

	p = arena_alloc(a, n);
	if (p == NULL) {
		printf("# out of memory\n");
		exit(99);
	}
	return p;
}

static const uint8_t *
bytes(struct arena *a, size_t n, unsigned seed)
{
	uint8_t *p;

	p = al(a, n);
	pat(p, n, seed);
	return p;
}

/*
 * A rich block for round trips. full: every optional header field (up to
 * Prague), a dense bloom, extra data, withdrawals; else a pre-London
 * header with nothing optional and a sparse bloom.
 */
static void
mk_header(struct eth_header *h, struct arena *a, uint64_t number,
    unsigned seed, int full)
{
	h->hash = H(seed);
	h->parent_hash = H(seed + 1);
	h->ommers_hash = H(seed + 2);
	h->miner = A(seed + 3);
	h->state_root = H(seed + 4);
	h->tx_root = H(seed + 5);
	h->receipts_root = H(seed + 6);
	h->number = number;
	h->gas_limit = 30000000;
	h->gas_used = 12345678;
	h->timestamp = 1700000000 + number;
	h->mix_hash = H(seed + 7);
	if (full) {
		pat(h->logs_bloom, sizeof(h->logs_bloom), seed + 8);
		h->logs_bloom[0] |= 1;
		h->extra = bytes(a, 32, seed + 9);
		h->extra_len = 32;
		h->has = ETH_H_BASE_FEE | ETH_H_WITHDRAWALS | ETH_H_BLOB_GAS |
		    ETH_H_BEACON_ROOT | ETH_H_REQUESTS;
		h->base_fee = U(12345678901ull, 0, 0, 0);
		h->withdrawals_root = H(seed + 10);
		h->blob_gas_used = 393216;
		h->excess_blob_gas = 77777;
		h->parent_beacon_root = H(seed + 11);
		h->requests_hash = H(seed + 12);
	} else {
		h->logs_bloom[3] = 0x80;
		h->logs_bloom[200] = 0x01;
		h->logs_bloom[255] = 0x42;
		h->difficulty = U(0x3ff0123456789ull, 0, 0, 0);
		pat(h->nonce, sizeof(h->nonce), seed + 13);
	}
}

static void
mk_access(struct eth_tx *t, struct arena *a, size_t n, const size_t *nkeys,
    unsigned seed)
{
	size_t i, j;

	t->naccess = n;
	t->access = al(a, n * sizeof(*t->access));
	for (i = 0; i < n; i++) {
		t->access[i].address = A(seed + (unsigned)i);
		t->access[i].nkeys = nkeys[i];
		if (nkeys[i] == 0) {
			continue;
		}
		t->access[i].keys = al(a, nkeys[i] * sizeof(struct eth_hash));
		for (j = 0; j < nkeys[i]; j++) {
			t->access[i].keys[j] = H(seed + 100 + (unsigned)j);
		}
	}
}

/* Transaction i of type type, in the block of header h. */
static void
mk_tx(struct eth_tx *t, struct arena *a, const struct eth_header *h,
    uint32_t i, uint8_t type, unsigned seed)
{
	static const size_t keys2[] = { 2, 0 }, keys3[] = { 3 },
	    keys1[] = { 1 }, keys0[] = { 0 };
	size_t j;

	t->type = type;
	t->hash = H(seed);
	t->from = A(seed + 1);
	t->has_to = 1;
	t->to = A(seed + 2);
	t->nonce = 1000 + i;
	t->gas = 21000 + i;
	t->value = U(1000000000000000000ull * (i + 1), i == 3 ? 5 : 0, 0, 0);
	t->gas_price = U(30000000000ull, 0, 0, 0);
	t->r = U(0x1111111111111111ull * (i + 1), 0x2222222222222222ull,
	    0x3333333333333333ull, 0xf444444444444444ull);
	t->s = U(0x0555555555555555ull, 0x66666666ull, 0, 0x7fffffffull);
	t->has_block = 1;
	t->block_number = h->number;
	t->block_hash = h->hash;
	t->index = i;
	if (i % 2 == 1) {
		t->input = bytes(a, 68, seed + 3);
		t->input_len = 68;
	}
	if (type != ETH_TX_LEGACY) {
		t->has_chain_id = 1;
		t->chain_id = 1;
		t->v = U(i % 2, 0, 0, 0);
	}
	switch (type) {
	case ETH_TX_LEGACY:
		t->has_chain_id = 1;
		t->chain_id = 1;
		t->v = U(37, 0, 0, 0);	/* EIP-155: 1 * 2 + 35 */
		break;
	case ETH_TX_ACCESS_LIST:
		mk_access(t, a, 2, keys2, seed + 4);
		break;
	case ETH_TX_DYNAMIC_FEE:
		t->max_fee = U(90000000000ull, 0, 0, 0);
		t->max_priority_fee = U(1500000000ull, 0, 0, 0);
		mk_access(t, a, 1, keys3, seed + 5);
		break;
	case ETH_TX_BLOB:
		t->max_fee = U(90000000000ull, 0, 0, 0);
		t->max_priority_fee = U(1, 0, 0, 0);
		t->max_fee_per_blob_gas = U(3000000000ull, 0, 0, 0);
		t->nblob_hashes = 3;
		t->blob_hashes = al(a, 3 * sizeof(struct eth_hash));
		for (j = 0; j < 3; j++) {
			t->blob_hashes[j] = H(seed + 20 + (unsigned)j);
			t->blob_hashes[j].b[0] = 0x01;	/* EIP-4844 version */
		}
		mk_access(t, a, 1, keys1, seed + 6);
		break;
	case ETH_TX_SET_CODE:
		t->max_fee = U(90000000000ull, 0, 0, 0);
		t->max_priority_fee = U(2, 0, 0, 0);
		t->nauths = 2;
		t->auths = al(a, 2 * sizeof(struct eth_auth));
		for (j = 0; j < 2; j++) {
			t->auths[j].chain_id = U(j == 0 ? 1 : 0, 0, 0, 0);
			t->auths[j].address = A(seed + 30 + (unsigned)j);
			t->auths[j].nonce = 7 + j;
			t->auths[j].y_parity = (uint8_t)j;
			t->auths[j].r = U(0xabcdefull, 1, 2, 0xfffffffffffull);
			t->auths[j].s = U(0x123456ull + j, 0, 3, 0x7fffull);
		}
		mk_access(t, a, 1, keys0, seed + 7);
		break;
	}
}

/*
 * Transactions: types 0-4, a pre-EIP-155 legacy one, a contract
 * creation, and a pending-style one whose position is not the block's.
 */
#define RICH_TXS	8

static void
mk_block(struct eth_block *b, uint64_t number, unsigned seed, int full)
{
	size_t i;

	memset(b, 0, sizeof(*b));
	arena_init(&b->arena, 0);
	mk_header(&b->h, &b->arena, number, seed, full);
	b->ntxs = RICH_TXS;
	b->txs = al(&b->arena, RICH_TXS * sizeof(*b->txs));
	for (i = 0; i < 5; i++) {
		mk_tx(&b->txs[i], &b->arena, &b->h, (uint32_t)i, (uint8_t)i,
		    seed + 100 * (unsigned)(i + 1));
	}
	mk_tx(&b->txs[5], &b->arena, &b->h, 5, ETH_TX_LEGACY, seed + 600);
	b->txs[5].has_chain_id = 0;
	b->txs[5].chain_id = 0;
	b->txs[5].v = U(27, 0, 0, 0);
	mk_tx(&b->txs[6], &b->arena, &b->h, 6, ETH_TX_DYNAMIC_FEE,
	    seed + 700);
	b->txs[6].has_to = 0;
	memset(&b->txs[6].to, 0, sizeof(b->txs[6].to));
	b->txs[6].input = bytes(&b->arena, 300, seed + 701);
	b->txs[6].input_len = 300;
	mk_tx(&b->txs[7], &b->arena, &b->h, 7, ETH_TX_DYNAMIC_FEE,
	    seed + 800);
	b->txs[7].has_block = 0;
	b->txs[7].block_number = 0;
	memset(&b->txs[7].block_hash, 0, 32);
	b->txs[7].index = 0;
	b->nuncles = full ? 0 : 2;
	if (!full) {
		b->uncles = al(&b->arena, 2 * sizeof(*b->uncles));
		b->uncles[0] = H(seed + 900);
		b->uncles[1] = H(seed + 901);
	}
	b->has_withdrawals = full;
	if (full) {
		b->nwithdrawals = 3;
		b->withdrawals = al(&b->arena, 3 * sizeof(*b->withdrawals));
		for (i = 0; i < 3; i++) {
			b->withdrawals[i].index = 90000000 + i;
			b->withdrawals[i].validator = 1000000 + 7 * i;
			b->withdrawals[i].address = A(seed + 950 +
			    (unsigned)i);
			b->withdrawals[i].amount_gwei = 17000000 + i;
		}
	}
}

static void
transfer_log(struct eth_log *l, const struct eth_addr *token,
    const struct eth_addr *from, const struct eth_addr *to, int nft)
{
	memcpy(l->topics[0].b, store_transfer_topic, 32);
	memset(&l->topics[1], 0, 32);
	memset(&l->topics[2], 0, 32);
	memcpy(l->topics[1].b + 12, from->b, 20);
	memcpy(l->topics[2].b + 12, to->b, 20);
	l->address = *token;
	l->ntopics = 3;
	if (nft) {
		l->ntopics = 4;
		l->topics[3] = H(4242);
	}
}

/*
 * Receipts of mk_block's transactions: byz selects status (else the
 * pre-Byzantium state root). Logs: an ERC-20 and an ERC-721 Transfer,
 * one with no topics, a removed one, one whose position differs.
 */
static void
mk_receipts(struct eth_receipts *rs, const struct eth_block *b, int byz)
{
	struct eth_receipt *r;
	struct eth_log *l;
	struct eth_addr tok, x, y;
	size_t i, j;

	memset(rs, 0, sizeof(*rs));
	arena_init(&rs->arena, 0);
	rs->n = b->ntxs;
	rs->r = al(&rs->arena, rs->n * sizeof(*rs->r));
	for (i = 0; i < rs->n; i++) {
		r = &rs->r[i];
		r->type = b->txs[i].type;
		r->tx_hash = b->txs[i].hash;
		r->tx_index = (uint32_t)i;
		r->block_number = b->h.number;
		r->has_from = 1;
		r->from = b->txs[i].from;
		r->has_to = b->txs[i].has_to;
		r->to = b->txs[i].to;
		if (!b->txs[i].has_to) {
			r->has_contract = 1;
			r->contract_address = A(5000 + (unsigned)i);
		}
		if (byz) {
			r->has_status = 1;
			r->status = i % 4 != 3;
		} else {
			r->root = H(6000 + (unsigned)i);
		}
		r->cumulative_gas = 21000 * (i + 1);
		r->gas_used = 21000;
		r->has_gas_price = byz;
		r->effective_gas_price = U(byz ? 31000000000ull : 0, 0, 0, 0);
		if (i == 1) {
			pat(r->logs_bloom, 256, 7000);
		} else if (i == 2) {
			r->logs_bloom[17] = 4;
			r->logs_bloom[99] = 0x10;
		}
		if (i > 3) {
			continue;
		}
		r->nlogs = i + 1;
		r->logs = al(&rs->arena, r->nlogs * sizeof(*r->logs));
		for (j = 0; j < r->nlogs; j++) {
			l = &r->logs[j];
			l->log_index = (uint32_t)(10 * i + j);
			l->tx_index = r->tx_index;
			l->tx_hash = r->tx_hash;
			l->block_number = r->block_number;
			tok = A(8000 + (unsigned)j);
			x = A(8100 + (unsigned)i);
			y = A(8200 + (unsigned)i);
			switch (j) {
			case 0:
				transfer_log(l, &tok, &x, &y, 0);
				l->data = bytes(&rs->arena, 32, 8300);
				l->data_len = 32;
				break;
			case 1:
				transfer_log(l, &tok, &x, &y, 1);
				break;
			case 2:
				l->address = tok;
				l->data = bytes(&rs->arena, 100, 8400);
				l->data_len = 100;
				l->removed = 1;
				break;
			default:
				l->address = tok;
				l->ntopics = 1;
				l->topics[0] = H(8500);
				l->tx_index = 99;
				l->tx_hash = H(8501);
				l->block_number = 12;
				break;
			}
		}
	}
}

/* Call frames of every kind, nested, some failed, with paths. */
static void
mk_traces(struct eth_traces *ts, const struct eth_block *b)
{
	static const struct {
		uint8_t		 kind;
		uint16_t	 depth;
		int		 failed, has_to;
		uint64_t	 value;
		uint32_t	 tx;
		uint16_t	 npath;
	} fr[] = {
		{ ETH_CALL_CALL, 0, 0, 1, 1000, 0, 0 },
		{ ETH_CALL_DELEGATECALL, 1, 0, 1, 1000, 0, 1 },
		{ ETH_CALL_STATICCALL, 2, 0, 1, 0, 0, 2 },
		{ ETH_CALL_CALLCODE, 1, 0, 1, 5, 0, 1 },
		{ ETH_CALL_CREATE, 0, 0, 1, 0, 1, 0 },
		{ ETH_CALL_CREATE2, 1, 1, 0, 9, 1, 1 },
		{ ETH_CALL_SELFDESTRUCT, 1, 0, 1, 77, 1, 1 },
		{ ETH_CALL_CALL, 0, 1, 1, 3, 2, 0 },
		{ ETH_CALL_REWARD, 0, 0, 1, 2000000000ull, ETH_CALL_NO_TX, 0 },
	};
	struct eth_call *c;
	uint32_t *path;
	size_t i, j;

	memset(ts, 0, sizeof(*ts));
	arena_init(&ts->arena, 0);
	ts->n = sizeof(fr) / sizeof(fr[0]);
	ts->c = al(&ts->arena, ts->n * sizeof(*ts->c));
	for (i = 0; i < ts->n; i++) {
		c = &ts->c[i];
		c->kind = fr[i].kind;
		c->depth = fr[i].depth;
		c->from = A(9000 + (unsigned)i);
		c->has_to = fr[i].has_to;
		if (c->has_to) {
			c->to = A(9100 + (unsigned)i);
		}
		c->value = U(fr[i].value, i == 0 ? 1 : 0, 0, 0);
		c->has_value = fr[i].kind != ETH_CALL_STATICCALL;
		c->failed = fr[i].failed;
		c->tx_index = fr[i].tx;
		if (fr[i].tx != ETH_CALL_NO_TX) {
			c->tx_hash = b->txs[fr[i].tx].hash;
			c->has_tx_hash = 1;
		}
		c->trace_address_len = fr[i].npath;
		if (fr[i].npath > 0) {
			path = al(&ts->arena, fr[i].npath * sizeof(*path));
			for (j = 0; j < fr[i].npath; j++) {
				path[j] = (uint32_t)(j == 0 ? i : 300 + j);
			}
			c->trace_address = path;
		}
	}
}

/*
 * Field-by-field equality. Each returns NULL when equal, else the name
 * of the first field that differs (in a static buffer).
 */
static char diff[160];

#define EQ(f) do {							\
	if (memcmp(&x->f, &y->f, sizeof(x->f)) != 0) {		\
		snprintf(diff, sizeof(diff), "%s%s", pre, #f);		\
		return diff;						\
	}								\
} while (0)

#define EQB(p, n, what) do {						\
	if ((n) > 0 && memcmp(x->p, y->p, (n)) != 0) {			\
		snprintf(diff, sizeof(diff), "%s%s", pre, what);	\
		return diff;						\
	}								\
} while (0)

static const char *
eq_header(const struct eth_header *x, const struct eth_header *y)
{
	const char *pre = "h.";

	EQ(hash); EQ(parent_hash); EQ(ommers_hash); EQ(miner);
	EQ(state_root); EQ(tx_root); EQ(receipts_root); EQ(logs_bloom);
	EQ(difficulty); EQ(number); EQ(gas_limit); EQ(gas_used);
	EQ(timestamp); EQ(extra_len); EQB(extra, x->extra_len, "extra");
	EQ(mix_hash); EQ(nonce); EQ(has); EQ(base_fee);
	EQ(withdrawals_root); EQ(blob_gas_used); EQ(excess_blob_gas);
	EQ(parent_beacon_root); EQ(requests_hash);
	return NULL;
}

static const char *
eq_tx(const struct eth_tx *x, const struct eth_tx *y)
{
	const char *pre = "tx.";
	size_t j;

	EQ(type); EQ(hash); EQ(from); EQ(has_to); EQ(to); EQ(nonce);
	EQ(gas); EQ(value); EQ(gas_price); EQ(max_fee);
	EQ(max_priority_fee); EQ(max_fee_per_blob_gas); EQ(has_chain_id);
	EQ(chain_id); EQ(v); EQ(r); EQ(s); EQ(input_len);
	EQB(input, x->input_len, "input");
	EQ(naccess);
	for (j = 0; j < x->naccess; j++) {
		EQ(access[j].address);
		EQ(access[j].nkeys);
		EQB(access[j].keys, 32 * x->access[j].nkeys, "access.keys");
	}
	EQ(nblob_hashes);
	EQB(blob_hashes, 32 * x->nblob_hashes, "blob_hashes");
	EQ(nauths);
	for (j = 0; j < x->nauths; j++) {
		EQ(auths[j].chain_id); EQ(auths[j].address);
		EQ(auths[j].nonce); EQ(auths[j].y_parity);
		EQ(auths[j].r); EQ(auths[j].s);
	}
	EQ(block_number); EQ(block_hash); EQ(index); EQ(has_block);
	return NULL;
}

static const char *
eq_block(const struct eth_block *x, const struct eth_block *y)
{
	const char *pre = "", *d;
	size_t i;

	d = eq_header(&x->h, &y->h);
	if (d != NULL) {
		return d;
	}
	EQ(ntxs);
	for (i = 0; i < x->ntxs; i++) {
		d = eq_tx(&x->txs[i], &y->txs[i]);
		if (d != NULL) {
			return d;
		}
	}
	EQ(nuncles); EQB(uncles, 32 * x->nuncles, "uncles");
	EQ(has_withdrawals); EQ(nwithdrawals);
	for (i = 0; i < x->nwithdrawals; i++) {
		EQ(withdrawals[i].index); EQ(withdrawals[i].validator);
		EQ(withdrawals[i].address); EQ(withdrawals[i].amount_gwei);
	}
	EQ(ntx_hashes); EQB(tx_hashes, 32 * x->ntx_hashes, "tx_hashes");
	return NULL;
}

static const char *
eq_log(const struct eth_log *x, const struct eth_log *y)
{
	const char *pre = "log.";

	EQ(address); EQ(ntopics);
	EQB(topics, 32 * (size_t)x->ntopics, "topics");
	EQ(data_len); EQB(data, x->data_len, "data");
	EQ(log_index); EQ(tx_index); EQ(tx_hash); EQ(block_number);
	EQ(removed);
	return NULL;
}

static const char *
eq_receipts(const struct eth_receipts *rx, const struct eth_receipts *ry)
{
	const struct eth_receipt *x, *y;
	const char *pre = "receipt.", *d;
	size_t i, j;

	if (rx->n != ry->n) {
		return "receipts.n";
	}
	for (i = 0; i < rx->n; i++) {
		x = &rx->r[i];
		y = &ry->r[i];
		EQ(type); EQ(tx_hash); EQ(tx_index); EQ(block_number);
		EQ(has_from); EQ(from); EQ(has_to); EQ(to); EQ(has_contract);
		EQ(contract_address); EQ(has_status); EQ(status); EQ(root);
		EQ(cumulative_gas); EQ(gas_used); EQ(has_gas_price);
		EQ(effective_gas_price); EQ(logs_bloom); EQ(nlogs);
		for (j = 0; j < x->nlogs; j++) {
			d = eq_log(&x->logs[j], &y->logs[j]);
			if (d != NULL) {
				return d;
			}
		}
	}
	return NULL;
}

static const char *
eq_traces(const struct eth_traces *tx, const struct eth_traces *ty)
{
	const struct eth_call *x, *y;
	const char *pre = "call.";
	size_t i;

	if (tx->n != ty->n) {
		return "traces.n";
	}
	for (i = 0; i < tx->n; i++) {
		x = &tx->c[i];
		y = &ty->c[i];
		EQ(kind); EQ(depth); EQ(from); EQ(has_to); EQ(to); EQ(value);
		EQ(has_value); EQ(failed); EQ(tx_index); EQ(tx_hash);
		EQ(has_tx_hash); EQ(trace_address_len);
		EQB(trace_address, 4 * (size_t)x->trace_address_len,
		    "trace_address");
	}
	return NULL;
}

static void
check_eq(const char *d, const char *what)
{
	if (!tap_ok(d == NULL, "%s", what)) {
		printf("#   first difference: %s\n", d);
	}
}

/*
 * Known answer: the traces body of one frame, byte by byte, as the
 * format comment of cacheenc.c describes it.
 */
static void
test_known(void)
{
	static const uint8_t want_head[] = {
		0x01,		/* one frame */
		0x01,		/* kind CALL */
		0x3b,		/* has_to | to | tx_hash | has_value |
				   has_tx_hash */
		0x02,		/* depth 2 */
	};
	static const uint8_t want_tail[] = {
		0x08, 0x0d, 0xe0, 0xb6, 0xb3, 0xa7, 0x64, 0x00, 0x00, /* 1e18 */
		0x96, 0x01,	/* tx_index 150 */
	};
	static const uint8_t want_path[] = { 0x02, 0x00, 0xac, 0x02 };
	uint8_t want[4 + 40 + 11 + 32 + 4], *got, topic[32];
	static const uint32_t path[] = { 0, 300 };
	struct eth_traces ts, back;
	struct eth_call c;
	struct err err;
	size_t len, o;

	/* keccak256("Transfer(address,address,uint256)"), the EIP-20 event */
	hash_keccak256(topic, "Transfer(address,address,uint256)", 33);
	tap_ok(memcmp(topic, store_transfer_topic, 32) == 0,
	    "store_transfer_topic is keccak256 of the Transfer signature");

	memset(&c, 0, sizeof(c));
	c.kind = ETH_CALL_CALL;
	c.depth = 2;
	c.from = X(0x11);
	c.has_to = 1;
	c.to = X(0x22);
	c.value = U(1000000000000000000ull, 0, 0, 0);
	c.has_value = 1;
	c.tx_index = 150;
	memset(c.tx_hash.b, 0x33, 32);
	c.has_tx_hash = 1;
	c.trace_address = path;
	c.trace_address_len = 2;
	memset(&ts, 0, sizeof(ts));
	ts.c = &c;
	ts.n = 1;
	o = 0;
	memcpy(want, want_head, sizeof(want_head));
	o += sizeof(want_head);
	memset(want + o, 0x11, 20);
	memset(want + o + 20, 0x22, 20);
	o += 40;
	memcpy(want + o, want_tail, sizeof(want_tail));
	o += sizeof(want_tail);
	memset(want + o, 0x33, 32);
	o += 32;
	memcpy(want + o, want_path, sizeof(want_path));
	o += sizeof(want_path);
	TAP_INT(store_traces_encode(&got, &len, &ts, 1, &err), 0,
	    "known answer: encode one frame");
	TAP_INT(len, o, "known answer: %zu bytes", o);
	tap_ok(len == o && memcmp(got, want, o) == 0,
	    "known answer: the bytes (varints 150 = 96 01, 300 = ac 02; "
	    "1e18 as 8 big-endian bytes)");
	TAP_INT(store_traces_decode(&back, got, len, &err), 0,
	    "known answer: decodes");
	check_eq(eq_traces(&ts, &back), "known answer: round trip");
	eth_traces_release(&back);
	free(got);
}

static void
roundtrip_block(const struct eth_block *b, const char *what)
{
	struct eth_block back;
	struct err err;
	uint8_t *p;
	size_t len;

	memset(&err, 0, sizeof(err));
	if (!tap_ok(store_block_encode(&p, &len, b, &err) == 0,
	    "%s: encodes", what)) {
		printf("# %s\n", err.msg);
		return;
	}
	TAP_INT(store_block_decode(&back, p, len, &err), 0, "%s: decodes",
	    what);
	check_eq(eq_block(b, &back), what);
	eth_block_release(&back);
	free(p);
}

static void
test_codec(void)
{
	struct eth_receipts rs, rback;
	struct eth_traces ts, tback;
	struct eth_block b, c;
	struct err err;
	uint8_t *p;
	size_t len;

	mk_block(&b, 21000000, 1, 1);
	roundtrip_block(&b, "block, types 0-4, every header field");
	mk_block(&c, 4000000, 2, 0);
	roundtrip_block(&c, "block, pre-London header, uncles");
	eth_block_release(&c);

	/* Only transaction hashes (eth_getBlockByNumber, false). */
	memset(&c, 0, sizeof(c));
	arena_init(&c.arena, 0);
	mk_header(&c.h, &c.arena, 5, 3, 0);
	c.ntx_hashes = 2;
	c.tx_hashes = al(&c.arena, 2 * sizeof(*c.tx_hashes));
	c.tx_hashes[0] = H(31);
	c.tx_hashes[1] = H(32);
	roundtrip_block(&c, "block with transaction hashes only");
	eth_block_release(&c);

	memset(&c, 0, sizeof(c));
	roundtrip_block(&c, "all-zero block");

	mk_receipts(&rs, &b, 1);
	TAP_INT(store_receipts_encode(&p, &len, &rs, 1, &err), 0,
	    "receipts (Byzantium): encode");
	TAP_INT(store_receipts_decode(&rback, p, len, &err), 0,
	    "receipts (Byzantium): decode");
	check_eq(eq_receipts(&rs, &rback), "receipts (Byzantium): every field");
	eth_receipts_release(&rback);
	eth_receipts_release(&rs);
	free(p);

	mk_receipts(&rs, &b, 0);
	TAP_INT(store_receipts_encode(&p, &len, &rs, 1, &err), 0,
	    "receipts (pre-Byzantium, root): encode");
	TAP_INT(store_receipts_decode(&rback, p, len, &err), 0,
	    "receipts (pre-Byzantium, root): decode");
	check_eq(eq_receipts(&rs, &rback),
	    "receipts (pre-Byzantium, root): every field");
	eth_receipts_release(&rback);
	free(p);

	mk_traces(&ts, &b);
	TAP_INT(store_traces_encode(&p, &len, &ts, 1, &err), 0,
	    "traces: encode");
	TAP_INT(store_traces_decode(&tback, p, len, &err), 0,
	    "traces: decode");
	check_eq(eq_traces(&ts, &tback), "traces: every field");
	eth_traces_release(&tback);
	free(p);

	/* What cannot be encoded. */
	rs.r[1].logs[0].ntopics = 5;
	memset(&err, 0, sizeof(err));
	TAP_INT(store_receipts_encode(&p, &len, &rs, 77, &err), -1,
	    "a log with 5 topics does not encode");
	TAP_INT(err.code, ERR_INPUT, "5 topics: ERR_INPUT");
	TAP_STR(err.msg, "cannot encode receipts of block 77: receipt 1: "
	    "log 0: 5 topics (at most 4)", "5 topics: message");
	tap_ok(p == NULL && len == 0, "5 topics: no output");
	rs.r[1].logs[0].ntopics = 3;

	b.txs[2].input = NULL;
	b.txs[2].input_len = 10;
	TAP_INT(store_block_encode(&p, &len, &b, &err), -1,
	    "input of 10 bytes and no data does not encode");
	TAP_STR(err.msg, "cannot encode header and transactions of block "
	    "21000000: transaction 2: input has 10 bytes and no data",
	    "no input data: message");
	b.txs[2].input_len = 0;

	ts.c[1].trace_address = NULL;
	TAP_INT(store_traces_encode(&p, &len, &ts, 9, &err), -1,
	    "a trace address with no array does not encode");
	eth_traces_release(&ts);
	eth_receipts_release(&rs);
	eth_block_release(&b);
}

/* Every cut, an extra byte and every byte flipped: never a crash. */
static void
corrupt_all(const uint8_t *p, size_t len, const char *what,
    int (*dec)(void *, const void *, size_t, struct err *),
    void (*release)(void *), void *obj)
{
	size_t i, cut_ok, flip_ok, flip_bad;
	struct err err;
	uint8_t *q;
	int r;

	q = malloc(len + 1);
	memcpy(q, p, len);
	cut_ok = 0;
	for (i = 0; i < len; i++) {
		memset(&err, 0, sizeof(err));
		r = dec(obj, q, i, &err);
		if (r == -1 && err.code == ERR_STORE) {
			cut_ok++;
		} else {
			printf("# %s cut at %zu: %d %s\n", what, i, r,
			    err.msg);
		}
		release(obj);
	}
	TAP_INT(cut_ok, len, "%s: all %zu truncations are ERR_STORE", what,
	    len);
	q[len] = 0;
	TAP_INT(dec(obj, q, len + 1, &err), -1, "%s: a byte over is -1",
	    what);
	tap_ok(strstr(err.msg, "bytes left over") != NULL,
	    "%s: message says bytes left over (%s)", what, err.msg);
	flip_ok = flip_bad = 0;
	for (i = 0; i < len; i++) {
		q[i] ^= 0xff;
		memset(&err, 0, sizeof(err));
		r = dec(obj, q, len, &err);
		if (r == 0) {
			flip_ok++;
		} else if (r == -1 && err.code == ERR_STORE) {
			flip_bad++;
		}
		release(obj);
		q[i] ^= 0xff;
	}
	TAP_INT(flip_ok + flip_bad, len, "%s: %zu flipped bytes: each 0 or "
	    "-1 ERR_STORE (%zu rejected)", what, len, flip_bad);
	free(q);
}

static int
dec_block(void *o, const void *p, size_t n, struct err *err)
{
	return store_block_decode(o, p, n, err);
}

static int
dec_receipts(void *o, const void *p, size_t n, struct err *err)
{
	return store_receipts_decode(o, p, n, err);
}

static int
dec_traces(void *o, const void *p, size_t n, struct err *err)
{
	return store_traces_decode(o, p, n, err);
}

static void
rel_block(void *o)
{
	eth_block_release(o);
}

static void
rel_receipts(void *o)
{
	eth_receipts_release(o);
}

static void
rel_traces(void *o)
{
	eth_traces_release(o);
}

static void
test_codec_corrupt(void)
{
	/* A receipt set claiming 2^62 receipts in 10 bytes. */
	static const uint8_t bomb[] = { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
	    0x80, 0x80, 0x40, 0x00 };
	static const uint8_t overlong[] = { 0xff, 0xff, 0xff, 0xff, 0xff,
	    0xff, 0xff, 0xff, 0xff, 0x7f };
	struct eth_receipts rs, rback;
	struct eth_traces ts, tback;
	struct eth_block b, bback;
	struct err err;
	uint8_t *p;
	size_t len;

	mk_block(&b, 21000000, 1, 1);
	store_block_encode(&p, &len, &b, &err);
	corrupt_all(p, len, "block", dec_block, rel_block, &bback);
	free(p);
	mk_receipts(&rs, &b, 1);
	store_receipts_encode(&p, &len, &rs, 1, &err);
	corrupt_all(p, len, "receipts", dec_receipts, rel_receipts, &rback);
	free(p);
	mk_traces(&ts, &b);
	store_traces_encode(&p, &len, &ts, 1, &err);
	corrupt_all(p, len, "traces", dec_traces, rel_traces, &tback);
	free(p);

	memset(&err, 0, sizeof(err));
	TAP_INT(store_receipts_decode(&rback, bomb, sizeof(bomb), &err), -1,
	    "a count of 2^62 in 10 bytes: -1, nothing allocated");
	TAP_STR(err.msg, "corrupt receipts encoding: count larger than the "
	    "value at byte 9 of 10", "count bomb: message");
	TAP_INT(store_traces_decode(&tback, overlong, sizeof(overlong),
	    &err), -1, "a varint past 64 bits: -1");
	TAP_STR(err.msg, "corrupt call traces encoding: varint overflows 64 "
	    "bits at byte 10 of 10", "varint overflow: message");
	tap_ok(rback.r == NULL && rback.n == 0 && tback.c == NULL,
	    "failed decodes leave empty objects");
	eth_traces_release(&ts);
	eth_receipts_release(&rs);
	eth_block_release(&b);
}

/*
 * A small block for the store tests: number n, hash from seed; tx 0
 * from F to T, tx 1 a creation from F2; the miner M.
 */
struct small {
	struct eth_block	 b;
	struct eth_receipts	 r;
	struct eth_traces	 t;
};

static void
mk_small(struct small *s, uint64_t n, unsigned seed, uint8_t base)
{
	struct eth_receipt *r;
	struct eth_call *c;

	memset(s, 0, sizeof(*s));
	arena_init(&s->b.arena, 0);
	arena_init(&s->r.arena, 0);
	arena_init(&s->t.arena, 0);
	s->b.h.hash = H(seed);
	s->b.h.parent_hash = H(seed + 1);
	s->b.h.number = n;
	s->b.h.miner = X(base + 0x0f);
	s->b.ntxs = 2;
	s->b.txs = al(&s->b.arena, 2 * sizeof(*s->b.txs));
	s->b.txs[0].hash = H(seed + 10);
	s->b.txs[0].from = X(base + 0x01);
	s->b.txs[0].has_to = 1;
	s->b.txs[0].to = X(base + 0x02);
	s->b.txs[1].hash = H(seed + 11);
	s->b.txs[1].from = X(base + 0x03);
	s->b.txs[1].index = 1;
	s->b.has_withdrawals = 1;
	s->b.nwithdrawals = 2;
	s->b.withdrawals = al(&s->b.arena, 2 * sizeof(*s->b.withdrawals));
	s->b.withdrawals[0].address = X(base + 0x0e);
	s->b.withdrawals[1].address = X(base + 0x0e);
	s->b.withdrawals[1].index = 1;

	s->r.n = 2;
	s->r.r = al(&s->r.arena, 2 * sizeof(*s->r.r));
	r = &s->r.r[0];
	r->tx_hash = s->b.txs[0].hash;
	r->block_number = n;
	r->has_status = 1;
	r->status = 1;
	r->nlogs = 2;
	r->logs = al(&s->r.arena, 2 * sizeof(*r->logs));
	{
		struct eth_addr tok = X(base + 0x04), f = X(base + 0x05),
		    t = X(base + 0x06);

		transfer_log(&r->logs[0], &tok, &f, &t, 0);
		r->logs[0].block_number = n;
		r->logs[0].tx_hash = r->tx_hash;
		r->logs[1].address = X(base + 0x07);
		r->logs[1].ntopics = 2;
		memcpy(r->logs[1].topics[0].b, store_transfer_topic, 32);
		r->logs[1].topics[1] = H(5);	/* 2 topics: no Transfer */
		r->logs[1].block_number = n;
		r->logs[1].tx_hash = r->tx_hash;
		r->logs[1].log_index = 1;
	}
	r = &s->r.r[1];
	r->tx_hash = s->b.txs[1].hash;
	r->tx_index = 1;
	r->block_number = n;
	r->has_contract = 1;
	r->contract_address = X(base + 0x08);

	s->t.n = 6;
	s->t.c = al(&s->t.arena, 6 * sizeof(*s->t.c));
	c = s->t.c;
	/* tx 0: F -> T with 1 wei; T -> 0x09 with 5; delegatecall with
	   value (moves none); failed call with value (moves none). */
	c[0].kind = ETH_CALL_CALL;
	c[0].from = X(base + 0x01);
	c[0].has_to = 1;
	c[0].to = X(base + 0x02);
	c[0].value = U(1, 0, 0, 0);
	c[1].kind = ETH_CALL_CALL;
	c[1].depth = 1;
	c[1].from = X(base + 0x02);
	c[1].has_to = 1;
	c[1].to = X(base + 0x09);
	c[1].value = U(5, 0, 0, 0);
	c[2].kind = ETH_CALL_DELEGATECALL;
	c[2].depth = 1;
	c[2].from = X(base + 0x02);
	c[2].has_to = 1;
	c[2].to = X(base + 0x0a);
	c[2].value = U(1, 0, 0, 0);
	c[3].kind = ETH_CALL_CALL;
	c[3].depth = 1;
	c[3].from = X(base + 0x02);
	c[3].has_to = 1;
	c[3].to = X(base + 0x0b);
	c[3].value = U(7, 0, 0, 0);
	c[3].failed = 1;
	/* tx 1: the creation, then a selfdestruct to 0x0c. */
	c[4].kind = ETH_CALL_CREATE;
	c[4].from = X(base + 0x03);
	c[4].has_to = 1;
	c[4].to = X(base + 0x08);
	c[4].tx_index = 1;
	c[5].kind = ETH_CALL_SELFDESTRUCT;
	c[5].depth = 1;
	c[5].from = X(base + 0x08);
	c[5].has_to = 1;
	c[5].to = X(base + 0x0c);
	c[5].value = U(9, 0, 0, 0);
	c[5].tx_index = 1;
}

static void
small_release(struct small *s)
{
	eth_block_release(&s->b);
	eth_receipts_release(&s->r);
	eth_traces_release(&s->t);
}

static void
test_put_get(void)
{
	struct store_cache_stats cs;
	struct small s;
	struct eth_block b, back;
	struct eth_receipts rs, rback;
	struct eth_traces ts, tback;
	struct eth_hash h;
	struct store *st;
	struct err err;
	char dir[256];
	uint64_t n;
	uint32_t f;

	fresh(dir, sizeof(dir));
	st = open_store(dir);
	mk_block(&b, 21000000, 1, 1);
	mk_receipts(&rs, &b, 1);
	mk_traces(&ts, &b);
	memset(&err, 0, sizeof(err));
	TAP_INT(store_block_put(st, &b, &rs, &ts, STORE_BLK_VERIFIED_HEADER |
	    STORE_BLK_VERIFIED_TXROOT | STORE_BLK_HAS_TRACES | 0x40000u,
	    &err), 0, "put a block with receipts and traces");
	TAP_INT(store_block_get(st, 21000000, &back, &rback, &tback, &f,
	    &err), 1, "get it back");
	check_eq(eq_block(&b, &back), "get: the block, every field");
	check_eq(eq_receipts(&rs, &rback), "get: the receipts, every field");
	check_eq(eq_traces(&ts, &tback), "get: the traces, every field");
	TAP_INT(f, STORE_BLK_VERIFIED_HEADER | STORE_BLK_VERIFIED_TXROOT |
	    STORE_BLK_HAS_RECEIPTS | STORE_BLK_HAS_TRACES,
	    "get: flags (caller's bits past the mask ignored)");
	eth_block_release(&back);
	eth_receipts_release(&rback);
	eth_traces_release(&tback);

	TAP_INT(store_block_get(st, 21000000, &back, NULL, NULL, NULL, &err),
	    1, "get the block alone");
	check_eq(eq_block(&b, &back), "get alone: the block");
	eth_block_release(&back);
	TAP_INT(store_block_flags(st, 21000000, &f, &h, &err), 1,
	    "flags without decoding");
	tap_ok(memcmp(&h, &b.h.hash, 32) == 0 && (f &
	    STORE_BLK_HAS_RECEIPTS), "flags: hash and bits");
	TAP_INT(store_block_number(st, &b.h.hash, &n, &err), 1,
	    "number by hash");
	TAP_INT(n, 21000000, "number by hash: the number");
	h = H(4);
	TAP_INT(store_block_number(st, &h, &n, &err), 0,
	    "an unknown hash: 0");
	TAP_INT(store_block_get(st, 20999999, &back, &rback, &tback, &f,
	    &err), 0, "an uncached number: 0");
	tap_ok(back.txs == NULL && rback.r == NULL && tback.c == NULL &&
	    f == 0, "an uncached number: outputs empty");
	TAP_INT(store_block_flags(st, 20999999, &f, NULL, &err), 0,
	    "flags of an uncached number: 0");

	/* Merge: the same block again with other parts and flags. */
	mk_small(&s, 7, 70, 0x10);
	TAP_INT(store_block_put(st, &s.b, NULL, NULL,
	    STORE_BLK_VERIFIED_SENDERS, &err), 0, "put block 7 alone");
	TAP_INT(store_block_get(st, 7, &back, &rback, &tback, &f, &err), 1,
	    "block 7 without parts");
	TAP_INT(f, STORE_BLK_VERIFIED_SENDERS, "block 7: flags");
	tap_ok(rback.n == 0 && tback.n == 0, "block 7: no parts given back");
	eth_block_release(&back);
	TAP_INT(store_block_put(st, &s.b, &s.r, NULL,
	    STORE_BLK_VERIFIED_RECEIPTS, &err), 0,
	    "re-put block 7 with receipts");
	TAP_INT(store_block_put(st, &s.b, NULL, &s.t, 0, &err), 0,
	    "re-put block 7 with traces only");
	TAP_INT(store_block_get(st, 7, &back, &rback, &tback, &f, &err), 1,
	    "block 7 merged");
	TAP_INT(f, STORE_BLK_VERIFIED_SENDERS | STORE_BLK_VERIFIED_RECEIPTS |
	    STORE_BLK_HAS_RECEIPTS | STORE_BLK_HAS_TRACES,
	    "merge: flags or-ed, both parts present");
	check_eq(eq_receipts(&s.r, &rback), "merge: receipts kept");
	check_eq(eq_traces(&s.t, &tback), "merge: traces added");
	eth_block_release(&back);
	eth_receipts_release(&rback);
	eth_traces_release(&tback);

	TAP_INT(store_cache_stats(st, &cs, &err), 0, "stats");
	tap_ok(cs.blocks == 2 && cs.receipts == 2 && cs.traces == 2 &&
	    cs.lowest == 7 && cs.highest == 21000000 && cs.index_entries > 0,
	    "stats: 2 blocks, 2 receipt sets, 2 trace sets, 7..21000000, "
	    "%llu index entries", (unsigned long long)cs.index_entries);

	/* Receipts must match the transactions. */
	s.r.n = 1;
	TAP_INT(store_block_put(st, &s.b, &s.r, NULL, 0, &err), -1,
	    "1 receipt for 2 transactions: refused");
	TAP_STR(err.msg, "cannot cache block 7: 1 receipts for 2 "
	    "transactions", "receipt count: message");
	s.r.n = 2;
	store_close(st);

	/* Read-only: reads work, a put is refused. */
	st = NULL;
	TAP_INT(store_open(&st, dir, STORE_RDONLY, &err), 0,
	    "open read-only");
	TAP_INT(store_block_get(st, 7, &back, &rback, &tback, &f, &err), 1,
	    "read-only: get");
	check_eq(eq_block(&s.b, &back), "read-only: the block");
	eth_block_release(&back);
	eth_receipts_release(&rback);
	eth_traces_release(&tback);
	TAP_INT(store_block_put(st, &s.b, NULL, NULL, 0, &err), -1,
	    "read-only: put refused");
	TAP_INT(err.code, ERR_STORE, "read-only put: ERR_STORE");
	store_close(st);
	small_release(&s);
	eth_traces_release(&ts);
	eth_receipts_release(&rs);
	eth_block_release(&b);
	rmtree(dir);
}

/* Missing ranges, written as "a-b a-b". */
struct ranges {
	char	 s[512];
	int	 calls, stop_at;
};

static int
on_range(void *ctx, uint64_t a, uint64_t b)
{
	struct ranges *r = ctx;
	size_t n = strlen(r->s);

	snprintf(r->s + n, sizeof(r->s) - n, "%s%llu-%llu", n ? " " : "",
	    (unsigned long long)a, (unsigned long long)b);
	r->calls++;
	return r->calls == r->stop_at ? 7 : 0;
}

static const char *
missing(struct store *st, uint64_t from, uint64_t to, int stop_at)
{
	static struct ranges r;
	struct err err;
	int rc;

	memset(&r, 0, sizeof(r));
	r.stop_at = stop_at;
	rc = store_blocks_missing(st, from, to, on_range, &r, &err);
	if (rc == 7) {
		strcat(r.s, " (stopped)");
	} else if (rc != 0) {
		snprintf(r.s, sizeof(r.s), "error %d: %s", rc, err.msg);
	}
	return r.s;
}

static void
test_missing(void)
{
	static const uint64_t have[] = { 1, 2, 5, 9, UINT64_MAX - 1 };
	struct store *st;
	struct small s;
	struct err err;
	char dir[256];
	double t0, t1;
	size_t i;

	fresh(dir, sizeof(dir));
	st = open_store(dir);
	TAP_STR(missing(st, 0, 10, 0), "0-10", "empty cache: all missing");
	for (i = 0; i < sizeof(have) / sizeof(have[0]); i++) {
		mk_small(&s, have[i], 100 + (unsigned)i, 0x20);
		if (store_block_put(st, &s.b, NULL, NULL, 0, &err) != 0) {
			printf("# put: %s\n", err.msg);
		}
		small_release(&s);
	}
	TAP_STR(missing(st, 0, 10, 0), "0-0 3-4 6-8 10-10",
	    "cached {1,2,5,9}: missing in [0,10]");
	TAP_STR(missing(st, 1, 2, 0), "", "[1,2]: nothing missing");
	TAP_STR(missing(st, 3, 4, 0), "3-4", "[3,4]: all missing");
	TAP_STR(missing(st, 2, 5, 0), "3-4", "[2,5]: the gap inside");
	TAP_STR(missing(st, 9, 9, 0), "", "[9,9]: present");
	TAP_STR(missing(st, 6, 6, 0), "6-6", "[6,6]: missing");
	TAP_STR(missing(st, 10, 3, 0), "", "from > to: nothing");
	TAP_STR(missing(st, 0, 10, 2), "0-0 3-4 (stopped)",
	    "fn's non-zero stops the walk and is returned");
	TAP_STR(missing(st, UINT64_MAX - 3, UINT64_MAX, 0),
	    "18446744073709551612-18446744073709551613 "
	    "18446744073709551615-18446744073709551615",
	    "at the top of the number range");
	TAP_STR(missing(st, 9, UINT64_MAX, 0),
	    "10-18446744073709551613 18446744073709551615-"
	    "18446744073709551615", "a window to 2^64-1");

	/* Speed: 2,000 blocks spread over 20 million numbers. */
	for (i = 0; i < 2000; i++) {
		mk_small(&s, 1000000 + 10000 * (uint64_t)i, 200 + (unsigned)i,
		    0x30);
		store_block_put(st, &s.b, NULL, NULL, 0, &err);
		small_release(&s);
	}
	t0 = now();
	missing(st, 0, 21000000, 0);
	t1 = now();
	{
		struct ranges r;

		memset(&r, 0, sizeof(r));
		store_blocks_missing(st, 0, 21000000, on_range, &r, &err);
		TAP_INT(r.calls, 2004, "21 million numbers, 2,004 blocks "
		    "cached: 2,004 ranges");
	}
	tap_ok(t1 - t0 < 1.0, "missing over 21 million numbers in %.4f s",
	    t1 - t0);
	store_close(st);
	rmtree(dir);
}

/* Index entries of one address, as "block:tx:role ...". */
struct hits {
	char	 s[1024];
};

static int
on_hit(void *ctx, uint64_t block, uint32_t tx, enum store_role role)
{
	struct hits *h = ctx;
	size_t n = strlen(h->s);

	if (tx == STORE_TX_NONE) {
		snprintf(h->s + n, sizeof(h->s) - n, "%s%llu:-:%d",
		    n ? " " : "", (unsigned long long)block, (int)role);
	} else {
		snprintf(h->s + n, sizeof(h->s) - n, "%s%llu:%u:%d",
		    n ? " " : "", (unsigned long long)block, tx, (int)role);
	}
	return 0;
}

static const char *
hits(struct store *st, uint8_t a, uint64_t from, uint64_t to)
{
	static struct hits h;
	struct eth_addr ad = X(a);
	struct err err;

	memset(&h, 0, sizeof(h));
	if (store_addr_each(st, &ad, from, to, on_hit, &h, &err) != 0) {
		snprintf(h.s, sizeof(h.s), "error: %s", err.msg);
	}
	return h.s;
}

static int
has_entry(struct store *st, const struct eth_addr *a, uint64_t block,
    uint32_t tx, enum store_role role)
{
	struct hits h;
	struct err err;
	char want[64];

	memset(&h, 0, sizeof(h));
	if (store_addr_each(st, a, block, block, on_hit, &h, &err) != 0) {
		return 0;
	}
	snprintf(want, sizeof(want), "%llu:%u:%d", (unsigned long long)block,
	    tx, (int)role);
	return strstr(h.s, want) != NULL;
}

static void
test_index(void)
{
	static const struct {
		uint8_t		 a;
		const char	*want, *what;
	} cases[] = {
		/* roles: 1 tx from, 2 tx to, 3 created, 4 log, 5 xfer
		   from, 6 xfer to, 7 call from, 8 call to, 9 withdrawal,
		   10 miner */
		{ 0x41, "100:0:1 100:0:7 200:0:1 200:0:7",
		    "tx sender, value call sender" },
		{ 0x42, "100:0:2 100:0:7 100:0:8 200:0:2 200:0:7 200:0:8",
		    "tx recipient; internal sender and recipient" },
		{ 0x43, "100:1:1 200:1:1", "creation's sender" },
		{ 0x44, "100:0:4 200:0:4", "token contract: log emitter" },
		{ 0x45, "100:0:5 200:0:5", "Transfer topic 1" },
		{ 0x46, "100:0:6 200:0:6", "Transfer topic 2" },
		{ 0x47, "100:0:4 200:0:4",
		    "2-topic log with the Transfer topic: emitter only" },
		{ 0x48, "100:1:3 100:1:7 200:1:3 200:1:7",
		    "created contract (receipt and CREATE frame, once), "
		    "selfdestruct sender" },
		{ 0x49, "100:0:8 200:0:8", "internal call recipient" },
		{ 0x4a, "", "DELEGATECALL with value: not indexed" },
		{ 0x4b, "", "failed call with value: not indexed" },
		{ 0x4c, "100:1:8 200:1:8", "SELFDESTRUCT beneficiary" },
		{ 0x4e, "100:0:9 100:1:9 200:0:9 200:1:9",
		    "withdrawal recipient (by withdrawal position)" },
		{ 0x4f, "100:-:10 200:-:10", "miner" },
	};
	struct store *st;
	struct small s;
	struct err err;
	char dir[256];
	size_t i;

	fresh(dir, sizeof(dir));
	st = open_store(dir);
	mk_small(&s, 100, 300, 0x40);
	TAP_INT(store_block_put(st, &s.b, &s.r, &s.t, 0, &err), 0,
	    "index: put block 100");
	small_release(&s);
	mk_small(&s, 200, 400, 0x40);
	store_block_put(st, &s.b, &s.r, &s.t, 0, &err);
	small_release(&s);
	/* Block 300 without receipts or traces: only block roles. */
	mk_small(&s, 300, 500, 0x40);
	store_block_put(st, &s.b, NULL, NULL, 0, &err);
	small_release(&s);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		TAP_STR(hits(st, cases[i].a, 100, 299), cases[i].want,
		    "index %02x: %s", cases[i].a, cases[i].what);
	}
	TAP_STR(hits(st, 0x45, 0, 1000), "100:0:5 200:0:5",
	    "block 300 without receipts: no log roles");
	TAP_STR(hits(st, 0x41, 150, 1000), "200:0:1 200:0:7 300:0:1",
	    "window [150, 1000]");
	TAP_STR(hits(st, 0x41, 101, 199), "", "window between blocks");
	TAP_STR(hits(st, 0x41, 300, 300), "300:0:1", "window of one block");
	TAP_STR(hits(st, 0x99, 0, UINT64_MAX), "", "unknown address");

	/* Receipts added later bring their entries. */
	mk_small(&s, 300, 500, 0x40);
	store_block_put(st, &s.b, &s.r, NULL, 0, &err);
	small_release(&s);
	TAP_STR(hits(st, 0x45, 300, 300), "300:0:5",
	    "receipts added to block 300: Transfer entry appears");
	TAP_STR(hits(st, 0x49, 300, 300), "",
	    "no traces for block 300: no internal entries");
	store_close(st);
	rmtree(dir);
}

static void
test_reorg(void)
{
	struct store_cache_stats before, after;
	struct small s, t;
	struct eth_block back;
	struct eth_receipts rback;
	struct store *st;
	struct err err;
	char dir[256];
	uint64_t n;
	uint32_t f;

	fresh(dir, sizeof(dir));
	st = open_store(dir);
	mk_small(&t, 50, 600, 0x60);
	store_block_put(st, &t.b, &t.r, &t.t, 0, &err);
	store_cache_stats(st, &before, &err);
	mk_small(&s, 51, 700, 0x50);
	TAP_INT(store_block_put(st, &s.b, &s.r, &s.t,
	    STORE_BLK_VERIFIED_SENDERS, &err), 0, "reorg: put block 51 (A)");
	TAP_STR(hits(st, 0x55, 0, 100), "51:0:5", "block A: its Transfer");
	small_release(&s);

	/* B at 51: other addresses, no traces. */
	mk_small(&s, 51, 800, 0x70);
	TAP_INT(store_block_put(st, &s.b, &s.r, NULL, 0, &err), 1,
	    "reorg: a different block at 51 returns 1");
	TAP_STR(hits(st, 0x55, 0, 100), "", "A's Transfer entry is gone");
	TAP_STR(hits(st, 0x51, 0, 100), "", "A's sender entries are gone");
	TAP_STR(hits(st, 0x5f, 0, 100), "", "A's miner entry is gone");
	TAP_STR(hits(st, 0x75, 0, 100), "51:0:5", "B's Transfer entry");
	TAP_STR(hits(st, 0x79, 0, 100), "", "B has no traces: no internal");
	TAP_STR(hits(st, 0x65, 0, 100), "50:0:5", "block 50 untouched");
	s.b.h.hash = H(700);
	TAP_INT(store_block_number(st, &s.b.h.hash, &n, &err), 0,
	    "A's hash no longer maps");
	TAP_INT(store_block_flags(st, 51, &f, NULL, &err), 1, "flags of B");
	TAP_INT(f, STORE_BLK_HAS_RECEIPTS,
	    "B: A's flags and traces not inherited");
	s.b.h.hash = H(800);
	TAP_INT(store_block_get(st, 51, &back, &rback, NULL, NULL, &err), 1,
	    "B reads back");
	check_eq(eq_block(&s.b, &back), "B: the block");
	check_eq(eq_receipts(&s.r, &rback), "B: its receipts");
	eth_block_release(&back);
	eth_receipts_release(&rback);
	TAP_INT(store_block_put(st, &s.b, NULL, NULL, 0, &err), 0,
	    "B again: 0 (no reorg)");
	small_release(&s);

	/* Back to a block with no receipts: B's receipts go. */
	mk_small(&s, 51, 900, 0x50);
	TAP_INT(store_block_put(st, &s.b, NULL, NULL, 0, &err), 1,
	    "reorg to C without receipts");
	TAP_INT(store_block_get(st, 51, &back, &rback, NULL, &f, &err), 1,
	    "C reads back");
	tap_ok(rback.n == 0 && f == 0, "C: no receipts, no flags");
	eth_block_release(&back);
	TAP_STR(hits(st, 0x75, 0, 100), "", "B's Transfer entry is gone");
	small_release(&s);
	mk_small(&s, 51, 900, 0x50);
	store_block_put(st, &s.b, &s.r, &s.t, 0, &err);
	small_release(&s);

	/* Dropping 51 back to A's content leaves block 50 as it was. */
	mk_small(&s, 51, 700, 0x50);
	store_block_put(st, &s.b, NULL, NULL, 0, &err);
	small_release(&s);
	store_cache_stats(st, &after, &err);
	TAP_INT(after.blocks, 2, "reorgs: 2 blocks");
	TAP_INT(after.receipts, 1, "reorgs: 1 receipt set (block 50)");
	/* 50 has 21 entries with parts; 51 (block only) has 6. */
	TAP_INT(after.index_entries, before.index_entries + 6,
	    "reorgs: index entries exactly block 50's and block 51's");
	small_release(&t);
	store_close(st);
	rmtree(dir);
}

/* Raw LMDB put into a store's named database (the store closed). */
static int
raw_put(const char *dir, const char *db, const void *k, size_t kl,
    const void *v, size_t vl)
{
	MDB_val key = { kl, (void *)k }, val = { vl, (void *)v };
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi dbi;
	int rc;

	rc = mdb_env_create(&env);
	if (rc != 0) {
		return rc;
	}
	mdb_env_set_maxdbs(env, 32);
	rc = mdb_env_open(env, dir, 0, 0600);
	if (rc == 0) {
		rc = mdb_txn_begin(env, NULL, 0, &txn);
	}
	if (rc == 0) {
		rc = mdb_dbi_open(txn, db, 0, &dbi);
		if (rc == 0) {
			rc = mdb_put(txn, dbi, &key, &val, 0);
		}
		if (rc == 0) {
			rc = mdb_txn_commit(txn);
		} else {
			mdb_txn_abort(txn);
		}
	}
	mdb_env_close(env);
	return rc;
}

static void
be64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 7; i >= 0; i--) {
		p[i] = (uint8_t)v;
		v >>= 8;
	}
}

static void
test_corrupt_store(void)
{
	static const struct {
		const char	*what;
		size_t		 len;
		uint8_t		 v[48];
	} cases[] = {
		{ "empty value", 0, { 0 } },
		{ "prefix cut", 20, { 1 } },
		{ "unknown version", 40, { 2 } },
		{ "body cut", 40, { 1 } },
	};
	struct eth_block back;
	struct eth_receipts rback;
	struct store *st;
	struct small s;
	struct err err;
	char dir[256], want[512];
	uint8_t key[8];
	uint32_t f;
	size_t i;

	fresh(dir, sizeof(dir));
	st = open_store(dir);
	mk_small(&s, 40, 1000, 0x80);
	store_block_put(st, &s.b, &s.r, &s.t, 0, &err);
	store_close(st);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		be64(key, 30 + i);
		raw_put(dir, "blk", key, 8, cases[i].v, cases[i].len);
	}
	/* Block 40 keeps its prefix; its receipts value gets cut. */
	be64(key, 40);
	raw_put(dir, "rcpt", key, 8, "\x01", 1);
	st = open_store(dir);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&err, 0, sizeof(err));
		TAP_INT(store_block_get(st, 30 + i, &back, NULL, NULL, &f,
		    &err), -1, "corrupt %s: get -1", cases[i].what);
		TAP_INT(err.code, ERR_STORE, "corrupt %s: ERR_STORE",
		    cases[i].what);
		tap_ok(back.txs == NULL && f == 0,
		    "corrupt %s: outputs empty", cases[i].what);
	}
	snprintf(want, sizeof(want), "cannot read database '%s': cached "
	    "block 33: corrupt block encoding: truncated at byte 0 of 3",
	    dir);
	TAP_STR(err.msg, want, "corrupt body: message");
	TAP_INT(store_block_flags(st, 30, &f, NULL, &err), -1,
	    "flags of an empty value: -1");
	TAP_INT(store_block_flags(st, 33, &f, NULL, &err), 1,
	    "flags of a value whose prefix reads: 1");
	TAP_INT(store_block_get(st, 40, &back, NULL, NULL, NULL, &err), 1,
	    "block 40 without its receipts reads");
	eth_block_release(&back);
	TAP_INT(store_block_get(st, 40, &back, &rback, NULL, NULL, &err), -1,
	    "block 40 with its corrupt receipts: -1");
	snprintf(want, sizeof(want), "cannot read database '%s': cached "
	    "block 40: receipts of another block or version", dir);
	TAP_STR(err.msg, want, "corrupt receipts: message");

	/* A put over a corrupt value replaces it, stale entries purged. */
	TAP_STR(hits(st, 0x85, 0, 100), "40:0:5", "block 40's entry before");
	small_release(&s);
	mk_small(&s, 40, 1100, 0x90);
	TAP_INT(store_block_put(st, &s.b, &s.r, NULL, 0, &err), 1,
	    "put over block 40 with corrupt receipts");
	TAP_STR(hits(st, 0x85, 0, 100), "", "its stale entries are purged");
	TAP_STR(hits(st, 0x81, 0, 100), "", "all of them");
	TAP_STR(hits(st, 0x95, 0, 100), "40:0:5", "the new block's entries");
	TAP_INT(store_block_get(st, 40, &back, &rback, NULL, NULL, &err), 1,
	    "block 40 reads again");
	eth_block_release(&back);
	eth_receipts_release(&rback);
	small_release(&s);
	mk_small(&s, 33, 1200, 0xa0);
	TAP_INT(store_block_put(st, &s.b, NULL, NULL, 0, &err), 1,
	    "put over a corrupt block body");
	TAP_INT(store_block_get(st, 33, &back, NULL, NULL, NULL, &err), 1,
	    "block 33 reads again");
	eth_block_release(&back);
	small_release(&s);

	store_close(st);
	rmtree(dir);
}

static void
test_atomic(void)
{
	struct store_cache_stats before, after;
	struct store_block_in in[2];
	struct eth_block back;
	struct small s, t, a;
	struct store *st;
	struct err err;
	char dir[256];
	uint64_t n;
	uint32_t f;

	fresh(dir, sizeof(dir));
	st = open_store(dir);
	mk_small(&a, 21, 1300, 0xb0);
	store_block_put(st, &a.b, &a.r, &a.t, STORE_BLK_VERIFIED_HEADER,
	    &err);
	store_cache_stats(st, &before, &err);

	/*
	 * The block value is written before the receipts are encoded: a
	 * log with 5 topics fails the encoding after that write.
	 */
	mk_small(&s, 20, 1400, 0xc0);
	s.r.r[0].logs[1].ntopics = 5;
	memset(&err, 0, sizeof(err));
	TAP_INT(store_block_put(st, &s.b, &s.r, &s.t, 0, &err), -1,
	    "a block whose receipts fail to encode: -1");
	TAP_INT(err.code, ERR_INPUT, "failed put: ERR_INPUT");
	TAP_STR(err.msg, "cannot encode receipts of block 20: receipt 0: "
	    "log 1: 5 topics (at most 4)", "failed put: message");
	TAP_INT(store_block_get(st, 20, &back, NULL, NULL, NULL, &err), 0,
	    "failed put: the block is not there");
	TAP_INT(store_block_number(st, &s.b.h.hash, &n, &err), 0,
	    "failed put: nor its hash");
	TAP_STR(hits(st, 0xc1, 0, 100), "", "failed put: nor its entries");
	store_cache_stats(st, &after, &err);
	tap_ok(memcmp(&before, &after, sizeof(before)) == 0,
	    "failed put: stats unchanged");

	/* A failed reorg leaves the old block whole. */
	mk_small(&t, 21, 1500, 0xd0);
	t.r.r[0].logs[0].ntopics = 6;
	TAP_INT(store_block_put(st, &t.b, &t.r, NULL, 0, &err), -1,
	    "a failing reorg: -1");
	TAP_INT(store_block_get(st, 21, &back, NULL, NULL, &f, &err), 1,
	    "failing reorg: the old block is there");
	check_eq(eq_block(&a.b, &back), "failing reorg: old block intact");
	TAP_INT(f, STORE_BLK_VERIFIED_HEADER | STORE_BLK_HAS_RECEIPTS |
	    STORE_BLK_HAS_TRACES, "failing reorg: old flags");
	eth_block_release(&back);
	TAP_STR(hits(st, 0xb5, 0, 100), "21:0:5",
	    "failing reorg: old entries kept");
	TAP_STR(hits(st, 0xd1, 0, 100), "", "failing reorg: no new entries");

	/* A batch is all or nothing. */
	t.r.r[0].logs[0].ntopics = 3;
	s.r.r[0].logs[1].ntopics = 5;
	in[0].block = &t.b;
	in[0].receipts = &t.r;
	in[0].traces = NULL;
	in[0].flags = 0;
	in[1].block = &s.b;
	in[1].receipts = &s.r;
	in[1].traces = NULL;
	in[1].flags = 0;
	TAP_INT(store_blocks_put(st, in, 2, &err), -1,
	    "a batch with one bad block: -1");
	TAP_INT(store_block_flags(st, 21, NULL, &back.h.hash, &err), 1,
	    "failed batch: block 21");
	tap_ok(memcmp(&back.h.hash, &a.b.h.hash, 32) == 0,
	    "failed batch: block 21 is still the old one");
	s.r.r[0].logs[1].ntopics = 2;
	TAP_INT(store_blocks_put(st, in, 2, &err), 1,
	    "the batch fixed: 1 block replaced");
	TAP_STR(hits(st, 0xd5, 0, 100), "21:0:5", "batch: new block 21");
	TAP_STR(hits(st, 0xc5, 0, 100), "20:0:5", "batch: block 20");
	small_release(&a);
	small_release(&s);
	small_release(&t);
	store_close(st);
	rmtree(dir);
}

/*
 * A writer killed with SIGKILL in the middle of a run of puts leaves
 * whole blocks: every cached one reads back with its parts and index.
 */
static void
test_kill(void)
{
	struct store_cache_stats cs;
	struct eth_block back;
	struct eth_receipts rback;
	struct eth_traces tback;
	struct store *st;
	struct small s;
	struct err err;
	char dir[256], c;
	uint64_t n, whole;
	int fds[2], status, i;
	pid_t pid;

	fresh(dir, sizeof(dir));
	if (pipe(fds) == -1) {
		perror("pipe");
		exit(99);
	}
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		st = open_store(dir);
		for (i = 0; i < 1000000; i++) {
			mk_small(&s, 5000 + (uint64_t)i, 2000 + (unsigned)i,
			    (uint8_t)i);
			if (store_block_put(st, &s.b, &s.r, &s.t, 0,
			    &err) != 0) {
				_exit(3);
			}
			small_release(&s);
			if (i < 20 && write(fds[1], "x", 1) != 1) {
				_exit(4);
			}
		}
		_exit(0);
	}
	close(fds[1]);
	for (i = 0; i < 20; i++) {
		if (read(fds[0], &c, 1) != 1) {
			break;
		}
	}
	usleep(20000);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	close(fds[0]);
	tap_ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
	    "the writer was killed mid-run");
	st = open_store(dir);
	store_cache_stats(st, &cs, &err);
	tap_ok(cs.blocks >= 20, "%llu blocks cached before the kill",
	    (unsigned long long)cs.blocks);
	TAP_INT(cs.receipts, cs.blocks, "as many receipt sets");
	TAP_INT(cs.traces, cs.blocks, "as many trace sets");
	TAP_STR(missing(st, 5000, cs.highest, 0), "",
	    "no gap below the last block");
	whole = 0;
	for (n = cs.lowest; n <= cs.highest; n++) {
		if (store_block_get(st, n, &back, &rback, &tback, NULL,
		    &err) == 1 && rback.n == 2 && tback.n == 6) {
			whole++;
		}
		eth_block_release(&back);
		eth_receipts_release(&rback);
		eth_traces_release(&tback);
	}
	TAP_INT(whole, cs.blocks, "every cached block is whole");
	store_close(st);
	rmtree(dir);
}

static void
test_growth(void)
{
	struct eth_block b, back;
	struct store *st;
	struct err err;
	char dir[256];
	uint8_t *big;
	size_t before;

	fresh(dir, sizeof(dir));
	setenv("SCANNER_MAPSIZE", "64k", 1);
	st = open_store(dir);
	before = store_map_size(st);
	mk_block(&b, 19000000, 5, 1);
	big = malloc(5u << 20);
	pat(big, 5u << 20, 77);
	b.txs[0].input = big;
	b.txs[0].input_len = 5u << 20;
	memset(&err, 0, sizeof(err));
	TAP_INT(store_block_put(st, &b, NULL, NULL, 0, &err), 0,
	    "a 5 MB block into a 64 KiB map");
	if (err.msg[0] != '\0') {
		printf("# %s\n", err.msg);
	}
	tap_ok(store_map_size(st) > (5u << 20) && before <= (64u << 10),
	    "the map grew from %zu to %zu bytes", before,
	    store_map_size(st));
	TAP_INT(store_block_get(st, 19000000, &back, NULL, NULL, NULL, &err),
	    1, "the 5 MB block reads back");
	check_eq(eq_block(&b, &back), "the 5 MB block: every field");
	eth_block_release(&back);
	store_close(st);
	unsetenv("SCANNER_MAPSIZE");
	st = open_store(dir);
	TAP_INT(store_block_get(st, 19000000, &back, NULL, NULL, NULL, &err),
	    1, "after reopening");
	tap_ok(back.ntxs > 0 && back.txs[0].input_len == (5u << 20),
	    "after reopening: the 5 MB input");
	eth_block_release(&back);
	store_close(st);
	free(big);
	eth_block_release(&b);
	rmtree(dir);
}

#ifdef HAVE_DECODE
static char *
slurp(const char *rel, size_t *len)
{
	const char *shared;
	char path[1024];
	FILE *f;
	char *buf;
	long n;

	shared = getenv("SCANNER_SHARED");
	if (shared == NULL) {
		return NULL;
	}
	snprintf(path, sizeof(path), "%s/mainnet-corpus/%s", shared, rel);
	f = fopen(path, "rb");
	if (f == NULL) {
		return NULL;
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
		n = 0;
	}
	fclose(f);
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

/* Move a block to another number and hash (speed runs). */
static void
renumber(struct eth_block *b, uint64_t n)
{
	size_t i;

	b->h.number = n;
	memcpy(b->h.hash.b, &n, sizeof(n));
	for (i = 0; i < b->ntxs; i++) {
		b->txs[i].block_number = n;
		b->txs[i].block_hash = b->h.hash;
	}
}

static void
test_real(void)
{
	static const char blk_path[] =
	    "learn-evm-attacks/rpc_cache/blocks/1/23717396/block.json";
	struct decode_opts o;
	struct eth_block b, back;
	struct eth_receipts rs, rback;
	struct eth_traces ts, tback;
	struct store *st;
	struct err err;
	char dir[256], *json;
	uint8_t *p;
	static struct eth_block copy[20];
	struct store_block_in in[20];
	size_t len, jlen, i, j, types[5];
	double t0, t1, bt;
	int ok, runs;

	json = slurp(blk_path, &jlen);
	if (json == NULL) {
		printf("ok %d - # SKIP no mainnet corpus (SCANNER_SHARED)\n",
		    ++tap_n);
		return;
	}
	memset(&o, 0, sizeof(o));
	o.flags = DECODE_FULL_TXS;
	memset(&err, 0, sizeof(err));
	if (!tap_ok(decode_block_text(&b, json, jlen, &o, &err) == 1,
	    "mainnet block 23717396 decodes")) {
		printf("# %s\n", err.msg);
		free(json);
		return;
	}
	memset(types, 0, sizeof(types));
	for (i = 0; i < b.ntxs; i++) {
		if (b.txs[i].type < 5) {
			types[b.txs[i].type]++;
		}
	}
	tap_ok(types[0] && types[2] && types[4] && b.nwithdrawals > 0,
	    "block 23717396: %zu txs (type 0: %zu, 1: %zu, 2: %zu, 3: %zu, "
	    "4: %zu), %zu withdrawals", b.ntxs, types[0], types[1], types[2],
	    types[3], types[4], b.nwithdrawals);
	store_block_encode(&p, &len, &b, &err);
	printf("# block 23717396: JSON %zu bytes, encoded %zu bytes "
	    "(%.1f%%)\n", jlen, len, 100.0 * (double)len / (double)jlen);
	tap_ok(len < jlen / 2, "encoding under half the JSON");
	free(p);

	fresh(dir, sizeof(dir));
	st = open_store(dir);
	TAP_INT(store_block_put(st, &b, NULL, NULL, 0, &err), 0,
	    "put block 23717396");
	TAP_INT(store_block_get(st, 23717396, &back, NULL, NULL, NULL, &err),
	    1, "get block 23717396");
	check_eq(eq_block(&b, &back), "block 23717396: every field");
	eth_block_release(&back);

	/* Speed, by hand: the same block at other numbers. */
	runs = 200;
	t0 = now();
	for (i = 0; i < (size_t)runs; i++) {
		renumber(&b, 30000000 + i);
		store_block_put(st, &b, NULL, NULL, 0, &err);
	}
	t1 = now();
	printf("# put: %.0f blocks/s (%zu txs each, one transaction "
	    "per block)\n", runs / (t1 - t0), b.ntxs);
	/* The same in batches of 20 blocks per write transaction. */
	store_block_encode(&p, &len, &b, &err);
	bt = 0;
	for (i = 0; i < (size_t)runs; i += 20) {
		for (j = 0; j < 20; j++) {
			store_block_decode(&copy[j], p, len, &err);
			renumber(&copy[j], 30000000 + runs + i + j);
			in[j].block = &copy[j];
			in[j].receipts = NULL;
			in[j].traces = NULL;
			in[j].flags = 0;
		}
		t0 = now();
		ok = store_blocks_put(st, in, 20, &err) == 0;
		bt += now() - t0;
		for (j = 0; j < 20; j++) {
			eth_block_release(&copy[j]);
		}
		if (!ok) {
			break;
		}
	}
	free(p);
	tap_ok(ok, "batched puts");
	printf("# put in batches of 20: %.0f blocks/s\n", runs / bt);
	t0 = now();
	ok = 0;
	for (i = 0; i < (size_t)runs; i++) {
		ok += store_block_get(st, 30000000 + i, &back, NULL, NULL,
		    NULL, &err) == 1;
		eth_block_release(&back);
	}
	t1 = now();
	printf("# get: %.0f blocks/s\n", runs / (t1 - t0));
	TAP_INT(ok, runs, "speed run: every block reads back");
	eth_block_release(&b);
	free(json);

	/* helios: block 21925176 (tx hashes) and its 202 receipts. */
	json = slurp("helios/rpc/block.json", &jlen);
	memset(&o, 0, sizeof(o));
	if (json != NULL && decode_block_text(&b, json, jlen, &o, &err) ==
	    1) {
		free(json);
		json = slurp("helios/rpc/receipts.json", &jlen);
		ok = json != NULL && decode_receipts_text(&rs, json, jlen, &o,
		    &err) == 1;
		if (!tap_ok(ok, "helios receipts of block 21925176 decode")) {
			printf("# %s\n", err.msg);
		} else {
			store_receipts_encode(&p, &len, &rs, b.h.number, &err);
			printf("# receipts of 21925176 (%zu, %zu bytes JSON): "
			    "encoded %zu bytes (%.1f%%)\n", rs.n, jlen, len,
			    100.0 * (double)len / (double)jlen);
			free(p);
			TAP_INT(store_block_put(st, &b, &rs, NULL, 0, &err),
			    0, "put helios block (hashes only) and receipts");
			TAP_INT(store_block_get(st, b.h.number, &back, &rback,
			    NULL, NULL, &err), 1, "helios block and receipts "
			    "read back");
			check_eq(eq_receipts(&rs, &rback),
			    "helios receipts: every field");
			check_eq(eq_block(&b, &back),
			    "helios block: every field");
			tap_ok(has_entry(st, &rs.r[5].from, b.h.number, 5,
			    STORE_ROLE_TX_FROM), "tx 5's sender is indexed "
			    "from its receipt");
			eth_block_release(&back);
			eth_receipts_release(&rback);
			eth_receipts_release(&rs);
		}
		eth_block_release(&b);
	}
	free(json);

	/* Parity trace_block of block 1,000,000 (ethereum-etl). */
	json = slurp("ethereum-etl/test_export_traces_job/"
	    "block_with_subtraces/web3_response.trace_block_0xf4240.json",
	    &jlen);
	if (json != NULL && decode_traces_parity_text(&ts, json, jlen, &o,
	    &err) == 1) {
		store_traces_encode(&p, &len, &ts, 1000000, &err);
		printf("# trace_block 1000000 (%zu frames, %zu bytes JSON): "
		    "encoded %zu bytes\n", ts.n, jlen, len);
		TAP_INT(store_traces_decode(&tback, p, len, &err), 0,
		    "mainnet traces of block 1000000: decode");
		check_eq(eq_traces(&ts, &tback),
		    "mainnet traces of block 1000000: every field");
		free(p);
		eth_traces_release(&tback);
		eth_traces_release(&ts);
	} else {
		tap_ok(0, "trace_block 1000000 decodes: %s", err.msg);
	}
	free(json);
	store_close(st);
	rmtree(dir);
}
#endif

int
main(void)
{
	snprintf(root, sizeof(root), "/tmp/test_cache.XXXXXX");
	if (mkdtemp(root) == NULL) {
		perror("mkdtemp");
		return 99;
	}
	unsetenv("SCANNER_MAPSIZE");
	test_known();
	test_codec();
	test_codec_corrupt();
	test_put_get();
	test_missing();
	test_index();
	test_reorg();
	test_corrupt_store();
	test_atomic();
	test_kill();
	test_growth();
#ifdef HAVE_DECODE
	test_real();
#else
	printf("ok %d - # SKIP the decoder (fetch/decode.h) is not built\n",
	    ++tap_n);
#endif
	rmtree(root);
	return tap_done();
}
