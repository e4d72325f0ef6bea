/*
 * fetcher.c - missing blocks in, verified blocks into the cache.
 *
 * One round per chunk of missing block numbers: one JSON-RPC batch asks
 * for every block of the chunk with its receipts and call traces (the
 * transport splits it to what the node accepts and keeps several batches
 * in flight), the answers are decoded, verified on every core, and the
 * blocks that passed go into LMDB in one write transaction.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "decode.h"
#include "fetcher.h"
#include "hex.h"

#define CHUNK_DEFAULT	32
#define CAPS_MAX_AGE	86400	/* seconds a stored probe is trusted */
#define META_CHAIN	"chain_id"

struct fetcher {
	struct rpc		*rpc;
	struct store		*st;
	struct verify_ctx	*vc;
	struct rpc_caps		 caps;
	uint64_t		 chain_id;
	unsigned		 verify;
	int			 no_traces;
	size_t			 chunk;
	int			 threads;
	fetch_progress_fn	*progress;
	void			*progress_ctx;
};

/* Everything one block of a round needs, from request to cache. */
struct slot {
	uint64_t		 number;
	struct eth_block	 block;
	struct eth_receipts	 receipts;
	struct eth_traces	 traces;
	int			 has_receipts, has_traces;
	struct verify_report	 report;
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
hex0x(char *out, size_t outsz, const uint8_t *b, size_t n)
{
	if (outsz < 2 * n + 3) {
		out[0] = '\0';
		return;
	}
	out[0] = '0';
	out[1] = 'x';
	hex_encode(out + 2, b, n);
}

/* Capabilities of endpoint ep: from the database when fresh, else probed
 * and kept. */
static int
load_caps_at(struct fetcher *f, size_t ep, struct err *err)
{
	uint8_t buf[RPC_CAPS_ENCODED_LEN];
	char key[320];
	size_t len = 0;
	int r;

	snprintf(key, sizeof(key), "rpc.caps.%s", rpc_endpoint_label(f->rpc,
	    ep));
	r = store_meta_get(f->st, key, buf, sizeof(buf), &len, err);
	if (r == -1) {
		return -1;
	}
	if (r == 1 && len == sizeof(buf) &&
	    rpc_caps_decode(&f->caps, buf, len, err) == 0 &&
	    f->caps.probed_at + CAPS_MAX_AGE > (int64_t)time(NULL) &&
	    !rpc_endpoint_is_replay(f->rpc, ep)) {
		return 0;
	}
	if (rpc_probe(f->rpc, ep, &f->caps, err) == -1) {
		return -1;
	}
	rpc_caps_encode(buf, &f->caps);
	return store_meta_put(f->st, key, buf, sizeof(buf), err);
}

/* The first endpoint that answers the probe: the others fail over past
 * a dead one on every call, and so must the probe. */
static int
load_caps(struct fetcher *f, struct err *err)
{
	size_t ep, n = rpc_endpoint_count(f->rpc);

	for (ep = 0; ep < n; ep++) {
		if (load_caps_at(f, ep, err) == 0) {
			return 0;
		}
		if (err->code != ERR_NET) {
			return -1;
		}
	}
	return -1;
}

int
fetch_create(struct fetcher **out, const struct fetch_opts *opts,
    struct err *err)
{
	struct fetcher *f;
	uint8_t buf[8];
	size_t len = 0;
	int r, i;

	*out = NULL;
	f = calloc(1, sizeof(*f));
	if (f == NULL) {
		return err_set(err, ERR_SYS, ENOMEM, "out of memory");
	}
	f->rpc = opts->rpc;
	f->st = opts->st;
	f->verify = opts->verify;
	f->no_traces = opts->no_traces;
	f->chunk = opts->chunk > 0 ? opts->chunk : CHUNK_DEFAULT;
	f->threads = opts->threads;
	if (f->threads <= 0) {
		f->threads = (int)sysconf(_SC_NPROCESSORS_ONLN);
		if (f->threads <= 0) {
			f->threads = 1;
		}
	}
	f->progress = opts->progress;
	f->progress_ctx = opts->progress_ctx;
	f->chain_id = 1;
	if (f->rpc != NULL) {
		if (load_caps(f, err) == -1) {
			goto fail;
		}
		f->chain_id = f->caps.chain_id;
		for (i = 0; i < 8; i++) {
			buf[i] = (uint8_t)(f->chain_id >> (56 - 8 * i));
		}
		if (store_meta_put(f->st, META_CHAIN, buf, 8, err) == -1) {
			goto fail;
		}
	} else {
		r = store_meta_get(f->st, META_CHAIN, buf, 8, &len, err);
		if (r == -1) {
			goto fail;
		}
		if (r == 1 && len == 8) {
			f->chain_id = 0;
			for (i = 0; i < 8; i++) {
				f->chain_id = f->chain_id << 8 | buf[i];
			}
		}
	}
	if (verify_ctx_create(&f->vc, f->chain_id, err) == -1) {
		goto fail;
	}
	*out = f;
	return 0;
fail:
	fetch_destroy(f);
	return -1;
}

void
fetch_destroy(struct fetcher *f)
{
	if (f == NULL) {
		return;
	}
	verify_ctx_destroy(f->vc);
	free(f);
}

struct rpc *
fetch_rpc(const struct fetcher *f)
{
	return f->rpc;
}

const struct rpc_caps *
fetch_caps(const struct fetcher *f)
{
	return &f->caps;
}

uint64_t
fetch_chain_id(const struct fetcher *f)
{
	return f->chain_id;
}

const struct verify_ctx *
fetch_verifier(const struct fetcher *f)
{
	return f->vc;
}

/* Parse a JSON-RPC quantity result into *v. */
static int
quantity(uint64_t *v, const json_t *j, const char *method, struct err *err)
{
	const char *s = json_string_value(j);
	struct u256 u;

	if (s == NULL || u256_from_hex(&u, s, strlen(s)) == -1 ||
	    u.w[1] != 0 || u.w[2] != 0 || u.w[3] != 0) {
		return err_set(err, ERR_INPUT, 0, "%s: expected a hex "
		    "quantity", method);
	}
	*v = u.w[0];
	return 0;
}

int
fetch_head(struct fetcher *f, uint64_t *head, struct err *err)
{
	json_t *res = NULL;
	int rc;

	if (f->rpc == NULL) {
		return err_set(err, ERR_USAGE, 0, "the head block is not "
		    "known offline");
	}
	if (rpc_call(f->rpc, "eth_blockNumber", NULL, &res, NULL, err) != 0) {
		return -1;
	}
	rc = quantity(head, res, "eth_blockNumber", err);
	json_decref(res);
	return rc;
}

int
fetch_missing(struct fetcher *f, uint64_t from, uint64_t to,
    int (*fn)(void *ctx, uint64_t first, uint64_t last), void *ctx,
    struct err *err)
{
	return store_blocks_missing(f->st, from, to, fn, ctx, err);
}

/* The missing numbers, gathered as ranges before any write. */
struct ranges {
	uint64_t	(*v)[2];
	size_t		 n, cap;
	uint64_t	 total;
};

static int
add_range(void *ctx, uint64_t first, uint64_t last)
{
	struct ranges *r = ctx;
	void *p;

	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 16;
		p = realloc(r->v, r->cap * sizeof(*r->v));
		if (p == NULL) {
			return 1;
		}
		r->v = p;
	}
	r->v[r->n][0] = first;
	r->v[r->n][1] = last;
	r->n++;
	r->total += last - first + 1;
	return 0;
}

static json_t *
number_param(uint64_t n)
{
	char q[24];

	snprintf(q, sizeof(q), "0x%llx", (unsigned long long)n);
	return json_string(q);
}

/* Verification of one round's blocks, spread over threads. */
struct vjob {
	struct fetcher	*f;
	struct slot	*slots;
	size_t		 n;
	int		 t, nt;
};

static void *
verify_worker(void *arg)
{
	struct vjob *j = arg;
	struct slot *s;
	size_t i;

	for (i = (size_t)j->t; i < j->n; i += (size_t)j->nt) {
		s = &j->slots[i];
		verify_block(j->f->vc, &s->block, s->has_receipts ?
		    &s->receipts : NULL, j->f->verify, &s->report);
	}
	return NULL;
}

static void
verify_slots(struct fetcher *f, struct slot *slots, size_t n)
{
	pthread_t tid[64];
	struct vjob jobs[64];
	int nt = f->threads, t, started = 0;

	if (nt > 64) {
		nt = 64;
	}
	if ((size_t)nt > n) {
		nt = (int)n;
	}
	for (t = 0; t < nt; t++) {
		jobs[t].f = f;
		jobs[t].slots = slots;
		jobs[t].n = n;
		jobs[t].t = t;
		jobs[t].nt = nt;
	}
	/* Thread 0's share runs here; a thread that cannot start runs too. */
	for (t = 1; t < nt; t++) {
		if (pthread_create(&tid[t], NULL, verify_worker, &jobs[t]) !=
		    0) {
			break;
		}
		started = t;
	}
	if (nt > 0) {
		verify_worker(&jobs[0]);
	}
	for (t = started + 1; t < nt; t++) {
		verify_worker(&jobs[t]);
	}
	for (t = 1; t <= started; t++) {
		pthread_join(tid[t], NULL);
	}
}

/* Record that block s's parentHash is not the hash of the block before. */
static void
parent_failure(struct slot *s, const struct eth_hash *want)
{
	struct verify_report *r = &s->report;
	struct verify_failure *fl;

	r->checked[VERIFY_C_PARENT_HASH]++;
	if (memcmp(want->b, s->block.h.parent_hash.b, 32) == 0) {
		r->passed[VERIFY_C_PARENT_HASH]++;
		return;
	}
	if (r->nfail < VERIFY_FAIL_MAX) {
		fl = &r->fail[r->nfail];
		memset(fl, 0, sizeof(*fl));
		fl->check = VERIFY_C_PARENT_HASH;
		fl->field = VERIFY_F_PARENT_HASH;
		fl->block_number = s->number;
		fl->block_hash = s->block.h.hash;
		fl->reason = "parentHash is not the hash of the block before";
		hex0x(fl->expected, sizeof(fl->expected), want->b, 32);
		hex0x(fl->got, sizeof(fl->got), s->block.h.parent_hash.b, 32);
	}
	r->nfail++;
}

/*
 * Check each slot's parentHash against the hash of the block before it:
 * the slot before in this round, else that block in the cache (none
 * cached: nothing to chain to).
 * Returns: 0; -1 with err.
 */
static int
chain_slots(struct fetcher *f, struct slot *slots, size_t n,
    struct err *err)
{
	struct eth_hash prev;
	size_t i;
	int r;

	for (i = 0; i < n; i++) {
		if (i > 0 && slots[i - 1].number + 1 == slots[i].number) {
			parent_failure(&slots[i], &slots[i - 1].block.h.hash);
			continue;
		}
		if (slots[i].number == 0) {
			continue;
		}
		r = store_block_flags(f->st, slots[i].number - 1, NULL, &prev,
		    err);
		if (r == -1) {
			return -1;
		}
		if (r == 1) {
			parent_failure(&slots[i], &prev);
		}
	}
	return 0;
}

/* Decode answer k of method for block n; 1 decoded, 0 absent, -1 error. */
static int
answer(struct rpc_req *q, const char *method, uint64_t n,
    struct err *err)
{
	if (q->status == RPC_ERROR) {
		return err_set(err, ERR_NET, (int)q->error.code, "%s block %llu:"
		    " the node answered error %lld: %s", method,
		    (unsigned long long)n, q->error.code, q->error.message);
	}
	if (q->status != RPC_OK) {
		*err = q->err;
		return -1;
	}
	return 1;
}

/* Ask for each transaction's receipt (nodes without eth_getBlockReceipts). */
static int
receipts_by_tx(struct fetcher *f, struct slot *slots, size_t n,
    struct err *err)
{
	struct rpc_req *q;
	struct decode_opts o;
	char h[67];
	size_t total = 0, i, k, at;
	int rc = -1, r;

	for (i = 0; i < n; i++) {
		total += slots[i].block.ntxs;
	}
	q = calloc(total ? total : 1, sizeof(*q));
	if (q == NULL) {
		return err_set(err, ERR_SYS, ENOMEM, "out of memory");
	}
	for (i = 0, at = 0; i < n; i++) {
		for (k = 0; k < slots[i].block.ntxs; k++, at++) {
			hex0x(h, sizeof(h), slots[i].block.txs[k].hash.b, 32);
			q[at].method = "eth_getTransactionReceipt";
			q[at].params = json_pack("[s]", h);
		}
	}
	if (total > 0 && rpc_batch(f->rpc, q, total, err) == -1) {
		goto out;
	}
	for (i = 0, at = 0; i < n; i++) {
		struct eth_receipts *rs = &slots[i].receipts;

		arena_init(&rs->arena, DECODE_ARENA_CAP);
		rs->n = slots[i].block.ntxs;
		rs->r = arena_alloc(&rs->arena, (rs->n ? rs->n : 1) *
		    sizeof(*rs->r));
		if (rs->r == NULL) {
			err_set(err, ERR_SYS, ENOMEM, "out of memory");
			goto out;
		}
		memset(&o, 0, sizeof(o));
		o.has_block = 1;
		o.block = slots[i].number;
		for (k = 0; k < rs->n; k++, at++) {
			if (answer(&q[at], "eth_getTransactionReceipt",
			    slots[i].number, err) == -1) {
				goto out;
			}
			r = decode_receipt(&rs->r[k], &rs->arena, q[at].result,
			    &o, err);
			if (r == -1) {
				goto out;
			}
			if (r == 0) {
				err_set(err, ERR_NET, 0, "block %llu: the node "
				    "has no receipt for transaction %zu",
				    (unsigned long long)slots[i].number, k);
				goto out;
			}
		}
		slots[i].has_receipts = 1;
	}
	rc = 0;
out:
	rpc_req_release(q, total);
	free(q);
	return rc;
}

/* Fetch, decode, verify and cache slots[0..n-1] (numbers set). */
static int
round_trip(struct fetcher *f, struct slot *slots, size_t n,
    struct fetch_summary *sum, struct err *err)
{
	struct store_block_in *in = NULL;
	struct rpc_req *q;
	struct decode_opts o;
	size_t per, i, k, nin = 0;
	int rc = -1, r, block_receipts, traces;
	uint32_t flags;

	block_receipts = sum->receipts_via == FETCH_RECEIPTS_BLOCK;
	traces = f->no_traces ? FETCH_TRACES_NONE : sum->traces_via;
	per = 1 + (block_receipts ? 1 : 0) + (traces ? 1 : 0);
	q = calloc(n * per, sizeof(*q));
	in = calloc(n, sizeof(*in));
	if (q == NULL || in == NULL) {
		err_set(err, ERR_SYS, ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		k = i * per;
		q[k].method = "eth_getBlockByNumber";
		q[k].params = json_pack("[o b]", number_param(slots[i].number),
		    1);
		if (block_receipts) {
			k++;
			q[k].method = "eth_getBlockReceipts";
			q[k].params = json_pack("[o]",
			    number_param(slots[i].number));
		}
		if (traces == FETCH_TRACES_GETH) {
			k++;
			q[k].method = "debug_traceBlockByNumber";
			q[k].params = json_pack("[o {s:s}]",
			    number_param(slots[i].number), "tracer",
			    "callTracer");
		} else if (traces == FETCH_TRACES_PARITY) {
			k++;
			q[k].method = "trace_block";
			q[k].params = json_pack("[o]",
			    number_param(slots[i].number));
		}
	}
	if (rpc_batch(f->rpc, q, n * per, err) == -1) {
		goto out;
	}
	for (i = 0; i < n; i++) {
		struct slot *s = &slots[i];

		memset(&o, 0, sizeof(o));
		o.has_block = 1;
		o.block = s->number;
		o.flags = DECODE_FULL_TXS;
		k = i * per;
		if (answer(&q[k], q[k].method, s->number, err) == -1) {
			goto out;
		}
		r = decode_block(&s->block, q[k].result, &o, err);
		if (r == -1) {
			goto out;
		}
		if (r == 0 || s->block.h.number != s->number) {
			err_set(err, ERR_NET, 0, "eth_getBlockByNumber: the node "
			    "has no block %llu", (unsigned long long)s->number);
			goto out;
		}
		if (block_receipts) {
			k++;
			o.flags = 0;
			if (answer(&q[k], q[k].method, s->number, err) == -1 ||
			    decode_receipts(&s->receipts, q[k].result, &o,
			    err) == -1) {
				goto out;
			}
			s->has_receipts = 1;
		}
		if (traces) {
			k++;
			o.flags = 0;
			if (answer(&q[k], q[k].method, s->number, err) == -1) {
				goto out;
			}
			r = traces == FETCH_TRACES_GETH ?
			    decode_traces_geth(&s->traces, q[k].result, &o,
			    err) :
			    decode_traces_parity(&s->traces, q[k].result, &o,
			    err);
			if (r == -1) {
				goto out;
			}
			s->has_traces = r == 1;
		}
	}
	rpc_req_release(q, n * per);
	free(q);
	q = NULL;
	if (!block_receipts && receipts_by_tx(f, slots, n, err) == -1) {
		goto out;
	}

	/* Verify, then chain each block to the one before it. */
	for (i = 0; i < n; i++) {
		verify_report_init(&slots[i].report, NULL, 0);
	}
	if (f->verify != 0) {
		verify_slots(f, slots, n);
	}
	if ((f->verify & VERIFY_ROOTS) && chain_slots(f, slots, n, err) ==
	    -1) {
		goto out;
	}
	for (i = 0; i < n; i++) {
		struct slot *s = &slots[i];

		s->report.blocks = 1;
		verify_report_merge(&sum->report, &s->report);
		sum->txs += s->block.ntxs;
		if (!verify_report_ok(&s->report)) {
			sum->rejected++;
			continue;
		}
		flags = 0;
		if (f->verify & VERIFY_SENDERS) {
			flags |= STORE_BLK_VERIFIED_SENDERS;
		}
		if (f->verify & VERIFY_ROOTS) {
			flags |= STORE_BLK_VERIFIED_HEADER |
			    STORE_BLK_VERIFIED_TXROOT;
			if (s->has_receipts) {
				flags |= STORE_BLK_VERIFIED_RECEIPTS;
			}
		}
		in[nin].block = &s->block;
		in[nin].receipts = s->has_receipts ? &s->receipts : NULL;
		in[nin].traces = s->has_traces ? &s->traces : NULL;
		in[nin].flags = flags;
		nin++;
	}
	if (nin > 0 && store_blocks_put(f->st, in, nin, err) == -1) {
		goto out;
	}
	sum->fetched += nin;
	rc = 0;
out:
	if (q != NULL) {
		rpc_req_release(q, n * per);
		free(q);
	}
	free(in);
	return rc;
}

static void
slots_release(struct slot *slots, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		eth_block_release(&slots[i].block);
		eth_receipts_release(&slots[i].receipts);
		eth_traces_release(&slots[i].traces);
		memset(&slots[i], 0, sizeof(slots[i]));
	}
}

enum fetch_traces
fetch_traces_via(const struct fetcher *f)
{
	switch (f->no_traces || f->rpc == NULL ? RPC_INTERNAL_NONE :
	    rpc_caps_internal_via(&f->caps)) {
	case RPC_INTERNAL_TRACE_BLOCK:
		return FETCH_TRACES_PARITY;
	case RPC_INTERNAL_DEBUG_BLOCK:
		return FETCH_TRACES_GETH;
	default:
		/* debug_traceTransaction alone: one call per transaction is
		 * not worth it for a block scan; the report says so. */
		return FETCH_TRACES_NONE;
	}
}

/* The methods a round trip uses, for the summary. */
static void
summary_init(struct fetcher *f, struct fetch_summary *sum)
{
	memset(sum, 0, sizeof(*sum));
	verify_report_init(&sum->report, NULL, 0);
	sum->receipts_via = rpc_caps_receipts_via(&f->caps) ==
	    RPC_RECEIPTS_BY_BLOCK ? FETCH_RECEIPTS_BLOCK : FETCH_RECEIPTS_TX;
	sum->traces_via = fetch_traces_via(f);
}

/* Fetch, verify and cache the blocks of the ranges rg, in rounds. */
static int
fetch_ranges(struct fetcher *f, const struct ranges *rg,
    struct fetch_summary *sum, struct err *err)
{
	struct fetch_progress pr;
	struct slot *slots;
	uint64_t next;
	size_t ri = 0, n, k;
	double t0 = now();
	int rc = -1, r;

	memset(&pr, 0, sizeof(pr));
	if (rg->total > 0 && f->rpc == NULL) {
		return err_set(err, ERR_NET, 0, "offline, and %llu of the %llu "
		    "blocks are not cached", (unsigned long long)rg->total,
		    (unsigned long long)sum->requested);
	}
	slots = calloc(f->chunk, sizeof(*slots));
	if (slots == NULL) {
		return err_set(err, ERR_SYS, ENOMEM, "out of memory");
	}
	pr.total = rg->total;
	next = rg->n > 0 ? rg->v[0][0] : 0;
	while (ri < rg->n) {
		for (n = 0; n < f->chunk && ri < rg->n; n++) {
			slots[n].number = next;
			if (next == rg->v[ri][1]) {
				ri++;
				next = ri < rg->n ? rg->v[ri][0] : 0;
			} else {
				next++;
			}
		}
		r = round_trip(f, slots, n, sum, err);
		for (k = 0; k < n; k++) {
			pr.txs += slots[k].block.ntxs;
		}
		slots_release(slots, n);
		if (r == -1) {
			goto out;
		}
		pr.done += n;
		pr.elapsed = now() - t0;
		if (f->progress != NULL) {
			f->progress(f->progress_ctx, &pr);
		}
	}
	rc = 0;
out:
	free(slots);
	return rc;
}

int
fetch_range(struct fetcher *f, uint64_t from, uint64_t to,
    struct fetch_summary *sum, struct err *err)
{
	struct ranges rg;
	int rc = -1, r;

	memset(&rg, 0, sizeof(rg));
	summary_init(f, sum);
	if (from > to) {
		return err_set(err, ERR_USAGE, 0, "empty block range %llu-%llu",
		    (unsigned long long)from, (unsigned long long)to);
	}
	sum->requested = to - from + 1;
	r = store_blocks_missing(f->st, from, to, add_range, &rg, err);
	if (r == -1) {
		goto out;
	}
	if (r != 0) {
		err_set(err, ERR_SYS, ENOMEM, "out of memory");
		goto out;
	}
	sum->cached = sum->requested - rg.total;
	rc = fetch_ranges(f, &rg, sum, err);
out:
	free(rg.v);
	return rc;
}

int
fetch_blocks(struct fetcher *f, const uint64_t *numbers, size_t n,
    struct fetch_summary *sum, struct err *err)
{
	struct ranges rg;
	size_t i;
	int rc = -1, r;

	memset(&rg, 0, sizeof(rg));
	summary_init(f, sum);
	for (i = 0; i < n; i++) {
		if (i > 0 && numbers[i] <= numbers[i - 1]) {
			err_set(err, ERR_USAGE, 0, "block numbers not in "
			    "rising order");
			goto out;
		}
		sum->requested++;
		r = store_block_flags(f->st, numbers[i], NULL, NULL, err);
		if (r == -1) {
			goto out;
		}
		if (r == 1) {
			sum->cached++;
			continue;
		}
		if (rg.n > 0 && rg.v[rg.n - 1][1] + 1 == numbers[i]) {
			rg.v[rg.n - 1][1]++;
			rg.total++;
		} else if (add_range(&rg, numbers[i], numbers[i]) != 0) {
			err_set(err, ERR_SYS, ENOMEM, "out of memory");
			goto out;
		}
	}
	rc = fetch_ranges(f, &rg, sum, err);
out:
	free(rg.v);
	return rc;
}

/* The block numbers to verify again: a range, or a list. */
struct numbers {
	uint64_t	 at, to;	/* the range: at..to */
	const uint64_t	*v;		/* or the list: v[i..n) */
	size_t		 i, n;
	int		 done;
};

/* Returns: 1 and *number, or 0 when there is none left. */
static int
numbers_next(struct numbers *ns, uint64_t *number)
{
	if (ns->v != NULL) {
		if (ns->i == ns->n) {
			return 0;
		}
		*number = ns->v[ns->i++];
		return 1;
	}
	if (ns->done || ns->at > ns->to) {
		return 0;
	}
	*number = ns->at;
	if (ns->at == ns->to) {
		ns->done = 1;
	} else {
		ns->at++;
	}
	return 1;
}

static int
verify_cached(struct fetcher *f, struct numbers *ns,
    struct verify_report *report, uint64_t *missing, struct err *err)
{
	struct slot *slots;
	uint64_t at;
	uint32_t flags;
	size_t n, i;
	int rc = -1, r, more = 1;

	*missing = 0;
	slots = calloc(f->chunk, sizeof(*slots));
	if (slots == NULL) {
		return err_set(err, ERR_SYS, ENOMEM, "out of memory");
	}
	while (more) {
		for (n = 0; n < f->chunk;) {
			more = numbers_next(ns, &at);
			if (!more) {
				break;
			}
			flags = 0;
			slots[n].number = at;
			r = store_block_get(f->st, at, &slots[n].block,
			    &slots[n].receipts, &slots[n].traces, &flags,
			    err);
			if (r == -1) {
				slots_release(slots, n + 1);
				goto out;
			}
			if (r == 0) {
				(*missing)++;
				continue;
			}
			slots[n].has_receipts = (flags &
			    STORE_BLK_HAS_RECEIPTS) != 0;
			verify_report_init(&slots[n].report, NULL, 0);
			n++;
		}
		if (f->verify != 0) {
			verify_slots(f, slots, n);
		}
		if ((f->verify & VERIFY_ROOTS) &&
		    chain_slots(f, slots, n, err) == -1) {
			slots_release(slots, n);
			goto out;
		}
		for (i = 0; i < n; i++) {
			slots[i].report.blocks = 1;
			verify_report_merge(report, &slots[i].report);
		}
		slots_release(slots, n);
	}
	rc = 0;
out:
	free(slots);
	return rc;
}

int
fetch_verify_cached(struct fetcher *f, uint64_t from, uint64_t to,
    struct verify_report *report, uint64_t *missing, struct err *err)
{
	struct numbers ns;

	memset(&ns, 0, sizeof(ns));
	ns.at = from;
	ns.to = to;
	return verify_cached(f, &ns, report, missing, err);
}

int
fetch_verify_blocks(struct fetcher *f, const uint64_t *numbers, size_t n,
    struct verify_report *report, uint64_t *missing, struct err *err)
{
	struct numbers ns;

	memset(&ns, 0, sizeof(ns));
	ns.v = numbers;
	ns.n = n;
	return verify_cached(f, &ns, report, missing, err);
}

/* Read an ABI word as a small number; -1 if it does not fit an int. */
static int
abi_small(const uint8_t *w)
{
	int i;

	for (i = 0; i < 28; i++) {
		if (w[i] != 0) {
			return -1;
		}
	}
	if (w[28] & 0x80) {
		return -1;
	}
	return (int)((uint32_t)w[28] << 24 | (uint32_t)w[29] << 16 |
	    (uint32_t)w[30] << 8 | w[31]);
}

/*
 * The symbol in an eth_call answer: an ABI string (offset, length,
 * bytes) or, from older tokens, a bytes32 padded with zeros.
 */
static void
abi_symbol(char *out, size_t cap, const uint8_t *d, size_t n)
{
	int off, len;
	size_t i;

	out[0] = '\0';
	if (n >= 64) {
		off = abi_small(d);
		if (off >= 0 && (size_t)off + 32 <= n) {
			len = abi_small(d + off);
			if (len >= 0 && (size_t)off + 32 + (size_t)len <= n) {
				if ((size_t)len >= cap) {
					len = (int)cap - 1;
				}
				memcpy(out, d + off + 32, (size_t)len);
				out[len] = '\0';
				return;
			}
		}
	}
	if (n == 32) {
		for (i = 0; i < 32 && i + 1 < cap && d[i] != 0; i++) {
			out[i] = (char)d[i];
		}
		out[i] = '\0';
	}
}

static long
call_result(uint8_t *buf, size_t cap, struct rpc_req *q)
{
	const char *s;

	if (q->status != RPC_OK || (s = json_string_value(q->result)) ==
	    NULL) {
		return -1;
	}
	return hex_decode_0x(buf, cap, s, strlen(s));
}

int
fetch_token_info(struct fetcher *f, const struct eth_addr *token,
    struct fetch_token *out, struct err *err)
{
	struct rpc_req q[2];
	uint8_t buf[1 + FETCH_SYMBOL_MAX], data[4096];
	char key[64], to[43];
	size_t len = 0;
	long n;
	int r;

	memset(out, 0, sizeof(*out));
	out->decimals = -1;
	memcpy(key, "token.", 6);
	hex_encode(key + 6, token->b, 20);
	r = store_meta_get(f->st, key, buf, sizeof(buf) - 1, &len, err);
	if (r == -1) {
		return -1;
	}
	if (r == 1 && len >= 1) {
		out->decimals = buf[0] == 0xff ? -1 : buf[0];
		memcpy(out->symbol, buf + 1, len - 1);
		out->symbol[len - 1] = '\0';
		return 1;
	}
	if (f->rpc == NULL) {
		return 0;
	}
	hex0x(to, sizeof(to), token->b, 20);
	memset(q, 0, sizeof(q));
	q[0].method = "eth_call";
	q[0].params = json_pack("[{s:s,s:s} s]", "to", to, "data",
	    "0x95d89b41", "latest");		/* symbol() */
	q[1].method = "eth_call";
	q[1].params = json_pack("[{s:s,s:s} s]", "to", to, "data",
	    "0x313ce567", "latest");		/* decimals() */
	r = rpc_batch(f->rpc, q, 2, err);
	if (r == -1) {
		rpc_req_release(q, 2);
		return -1;
	}
	n = call_result(data, sizeof(data), &q[0]);
	if (n > 0) {
		abi_symbol(out->symbol, sizeof(out->symbol), data, (size_t)n);
	}
	n = call_result(data, sizeof(data), &q[1]);
	if (n == 32) {
		r = abi_small(data);
		out->decimals = r >= 0 && r <= 77 ? r : -1;
	}
	rpc_req_release(q, 2);
	len = strlen(out->symbol);
	buf[0] = out->decimals < 0 ? 0xff : (uint8_t)out->decimals;
	memcpy(buf + 1, out->symbol, len);
	if (store_meta_put(f->st, key, buf, len + 1, err) == -1) {
		return -1;
	}
	return 1;
}
