/*
 * lookup.c - which blocks an address took part in, asked of the node's
 * address indexes instead of scanning every block of a window:
 * trace_filter (top-level and internal calls, creations) and eth_getLogs
 * with the address as a topic (ERC-20/721 Transfer, WETH Deposit and
 * Withdrawal). The answers are hints, not evidence: the blocks they name
 * are then fetched whole and verified like any other.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "decode_int.h"
#include "fetcher.h"
#include "hash.h"
#include "hex.h"

#define PAGE		500	/* trace_filter "count" */
#define PAGES_MAX	400	/* of one address and span: 200,000 traces */
#define BATCH		64	/* requests per JSON-RPC batch */

/* What a job asks about one address over one span. */
enum job_kind {
	JOB_CALLS_FROM,		/* trace_filter fromAddress */
	JOB_CALLS_TO,		/* trace_filter toAddress */
	JOB_LOGS_TOPIC1,	/* Transfer from, Deposit/Withdrawal of */
	JOB_LOGS_TOPIC2		/* Transfer to */
};

struct job {
	size_t		 who;		/* index into addrs (0: the
					   payouts' query) */
	enum job_kind	 kind;
	uint64_t	 from, to;
	uint64_t	 span;		/* ask at most this many blocks at a
					   time, the rest later; 0: all */
	uint64_t	 after;		/* trace_filter paging */
	uint64_t	 fp;		/* paging: the fingerprint of the
					   page before (page_fp) */
};

struct jobs {
	struct job	*v;
	size_t		 head, n, cap;
};

/* A (block, transaction) an address took part in. */
struct seen {
	uint64_t	 block;
	uint32_t	 tx;
};

struct acc {
	struct seen	*v;
	size_t		 n, cap;
	size_t		 distinct;	/* after the last count */
	int		 hub;
};

enum fetch_lookup_via
fetch_lookup_via(const struct fetcher *f)
{
	const struct rpc_caps *c = fetch_caps(f);

	if (fetch_rpc(f) == NULL || !(c->works & RPC_CAP_TRACE_FILTER) ||
	    c->logs_range == 0) {
		return FETCH_LOOKUP_NONE;
	}
	return FETCH_LOOKUP_TRACE_FILTER;
}

const char *
fetch_lookup_methods(enum fetch_lookup_via via)
{
	return via == FETCH_LOOKUP_TRACE_FILTER ? "trace_filter, eth_getLogs" :
	    NULL;
}

static int
jobs_push(struct jobs *j, const struct job *x, struct err *err)
{
	void *p;

	if (j->n == j->cap) {
		j->cap = j->cap != 0 ? 2 * j->cap : 64;
		p = realloc(j->v, j->cap * sizeof(*j->v));
		if (p == NULL) {
			return err_set(err, ERR_SYS, ENOMEM, "out of memory");
		}
		j->v = p;
	}
	j->v[j->n++] = *x;
	return 0;
}

/* Queue kind for who over [from, to], asked in spans of at most span
 * blocks (0: no limit) as the queue reaches them. */
static int
jobs_spans(struct jobs *j, size_t who, enum job_kind kind, uint64_t from,
    uint64_t to, uint64_t span, struct err *err)
{
	struct job x;

	memset(&x, 0, sizeof(x));
	x.who = who;
	x.kind = kind;
	x.from = from;
	x.to = to;
	x.span = span;
	return jobs_push(j, &x, err);
}

/*
 * The next request of the queue: its first job, or the first span of it
 * with the rest queued at the end (so the queue stays as long as the
 * addresses asked about, whatever the window).
 * Returns: 1 and *x; 0 when the queue is empty; -1 with err.
 */
static int
jobs_next(struct jobs *j, struct job *x, struct err *err)
{
	struct job rest;

	if (j->head == j->n) {
		return 0;
	}
	*x = j->v[j->head++];
	if (x->span != 0 && x->to - x->from >= x->span) {
		rest = *x;
		rest.from = x->from + x->span;
		x->to = rest.from - 1;
		if (jobs_push(j, &rest, err) == -1) {
			return -1;
		}
	}
	x->span = 0;
	return 1;
}

static int
acc_add(struct acc *a, uint64_t block, uint32_t tx)
{
	void *p;

	if (a->n == a->cap) {
		a->cap = a->cap != 0 ? 2 * a->cap : 32;
		p = realloc(a->v, a->cap * sizeof(*a->v));
		if (p == NULL) {
			return -1;
		}
		a->v = p;
	}
	a->v[a->n].block = block;
	a->v[a->n].tx = tx;
	a->n++;
	return 0;
}

static int
seen_cmp(const void *pa, const void *pb)
{
	const struct seen *a = pa, *b = pb;

	if (a->block != b->block) {
		return a->block < b->block ? -1 : 1;
	}
	return a->tx < b->tx ? -1 : a->tx > b->tx;
}

/* Sort, drop repeats, and count the distinct transactions. */
static void
acc_settle(struct acc *a)
{
	size_t i, k = 0;

	if (a->n > 1) {
		qsort(a->v, a->n, sizeof(*a->v), seen_cmp);
	}
	for (i = 0; i < a->n; i++) {
		if (k > 0 && seen_cmp(&a->v[k - 1], &a->v[i]) == 0) {
			continue;
		}
		a->v[k++] = a->v[i];
	}
	a->n = k;
	a->distinct = k;
}

static void
quantity_text(char *out, size_t cap, uint64_t v)
{
	snprintf(out, cap, "0x%llx", (unsigned long long)v);
}

/* A topic: the address left-padded to 32 bytes. */
static void
topic_text(char out[67], const struct eth_addr *a)
{
	memcpy(out, "0x000000000000000000000000", 26);
	hex_encode(out + 26, a->b, 20);
}

static void
keccak_text(char out[67], const char *signature)
{
	uint8_t h[32];

	hash_keccak256(h, signature, strlen(signature));
	out[0] = '0';
	out[1] = 'x';
	hex_encode(out + 2, h, 32);
}

static json_t *
job_params(const struct job *x, const struct eth_addr *a)
{
	char from[24], to[24], t[67], transfer[67], dep[67], wd[67];

	quantity_text(from, sizeof(from), x->from);
	quantity_text(to, sizeof(to), x->to);
	hex_encode(t + 2, a->b, 20);
	t[0] = '0';
	t[1] = 'x';
	switch (x->kind) {
	case JOB_CALLS_FROM:
	case JOB_CALLS_TO:
		return json_pack("[{s:s,s:s,s:[s],s:I,s:i}]", "fromBlock", from,
		    "toBlock", to, x->kind == JOB_CALLS_FROM ? "fromAddress" :
		    "toAddress", t, "after", (json_int_t)x->after, "count",
		    PAGE);
	case JOB_LOGS_TOPIC1:
	case JOB_LOGS_TOPIC2:
		break;
	}
	topic_text(t, a);
	keccak_text(transfer, "Transfer(address,address,uint256)");
	if (x->kind == JOB_LOGS_TOPIC2) {
		return json_pack("[{s:s,s:s,s:[s,n,s]}]", "fromBlock", from,
		    "toBlock", to, "topics", transfer, t);
	}
	keccak_text(dep, "Deposit(address,uint256)");
	keccak_text(wd, "Withdrawal(address,uint256)");
	return json_pack("[{s:s,s:s,s:[[s,s,s],s]}]", "fromBlock", from,
	    "toBlock", to, "topics", transfer, dep, wd, t);
}

/* A number as a JSON integer or a hex quantity, as the decoder reads
 * them (decode_rd_num_u64); what is wrong with it is not kept. */
static int
json_u64(const json_t *j, uint64_t *v)
{
	struct decode_ctx c;
	struct err scratch;

	decode_ctx_init(&c, &scratch, NULL, "", NULL);
	return decode_rd_num_u64(&c, j, v);
}

/* A fingerprint of a page: its first item's canonical text, hashed. */
static uint64_t
page_fp(const json_t *res)
{
	uint8_t h[32];
	uint64_t v = 0;
	char *s = json_dumps(json_array_get(res, 0), JSON_COMPACT |
	    JSON_SORT_KEYS);
	int i;

	if (s == NULL) {
		return 0;
	}
	hash_keccak256(h, s, strlen(s));
	free(s);
	for (i = 0; i < 8; i++) {
		v = v << 8 | h[i];
	}
	return v;
}

/* Whether a JSON quantity (a hex string) is above zero. */
static int
nonzero(const json_t *v)
{
	const char *s = json_string_value(v);

	if (s == NULL || s[0] != '0' || (s[1] != 'x' && s[1] != 'X')) {
		return 0;
	}
	for (s += 2; *s != '\0'; s++) {
		if (*s != '0') {
			return 1;
		}
	}
	return 0;
}

/*
 * Whether trace t (Parity format) names the address the way the cache's
 * address index would (scanner/store/cacheidx.c), so that a hub is one
 * by the same count: the transaction's own frame always; an inner frame
 * only when call traces are fetched (internal), it did not fail, and it
 * moved value (a CALL, CREATE or SELFDESTRUCT of a value) or created the
 * address. An inner frame under a failed parent is counted (the trace
 * does not say): a hub by a few such frames more is the one difference.
 */
static int
counts(const json_t *t, enum job_kind kind, int internal)
{
	const json_t *ta = json_object_get(t, "traceAddress");
	const json_t *act = json_object_get(t, "action");
	const json_t *e = json_object_get(t, "error");
	const char *type = json_string_value(json_object_get(t, "type"));
	const char *ct;

	if (!json_is_array(ta) || json_array_size(ta) == 0) {
		return 1;	/* the transaction's own frame */
	}
	if (!internal || (e != NULL && !json_is_null(e)) || type == NULL ||
	    !json_is_object(act)) {
		return 0;
	}
	if (strcmp(type, "create") == 0) {
		return kind == JOB_CALLS_TO ||
		    nonzero(json_object_get(act, "value"));
	}
	if (strcmp(type, "call") == 0) {
		ct = json_string_value(json_object_get(act, "callType"));
		return ct != NULL && strcmp(ct, "call") == 0 &&
		    nonzero(json_object_get(act, "value"));
	}
	if (strcmp(type, "suicide") == 0 ||
	    strcmp(type, "selfdestruct") == 0) {
		return nonzero(json_object_get(act, "balance"));
	}
	return 0;
}

/*
 * Take one answer: the (block, tx) pairs it names, inside [x->from,
 * x->to] (of traces, those counts() keeps). Returns: the number of
 * items; -1 for a malformed answer.
 */
static long
take(struct acc *a, const struct job *x, const json_t *res, int internal)
{
	const json_t *it, *pos;
	uint64_t block, tx;
	size_t i;
	int is_calls = x->kind == JOB_CALLS_FROM || x->kind == JOB_CALLS_TO;

	if (!json_is_array(res)) {
		return -1;
	}
	json_array_foreach(res, i, it) {
		if (!json_is_object(it)) {
			return -1;
		}
		if (json_is_true(json_object_get(it, "removed"))) {
			continue;
		}
		if (json_u64(json_object_get(it, "blockNumber"), &block) ==
		    -1) {
			return -1;
		}
		if (json_u64(json_object_get(it, is_calls ?
		    "transactionPosition" : "transactionIndex"), &tx) == -1) {
			/* a block reward: no transaction (Erigon leaves the
			   position out, OpenEthereum and Nethermind send
			   null) */
			pos = json_object_get(it, "transactionPosition");
			if (is_calls && (pos == NULL || json_is_null(pos))) {
				continue;
			}
			return -1;
		}
		if (block < x->from || block > x->to || tx >= UINT32_MAX ||
		    (is_calls && !counts(it, x->kind, internal))) {
			continue;	/* outside what was asked: ignored */
		}
		if (acc_add(a, block, (uint32_t)tx) == -1) {
			return -2;
		}
	}
	return (long)json_array_size(res);
}

/* Split a refused span in two, or fail. */
static int
retry_split(struct jobs *j, const struct job *x, const char *method,
    const struct rpc_error *e, struct err *err)
{
	struct job lo = *x, hi = *x;

	if (x->from == x->to || !(rpc_error_is_logs_limit(e->code,
	    e->message) || e->code == -32005)) {
		return err_set(err, ERR_NET, (int)e->code, "%s: the node "
		    "answered error %lld: %s", method, e->code, e->message);
	}
	lo.to = x->from + (x->to - x->from) / 2;
	hi.from = lo.to + 1;
	lo.after = hi.after = 0;
	if (x->after != 0) {
		/* a page past the first: ask for the rest only */
		return err_set(err, ERR_NET, (int)e->code, "%s: the node "
		    "refused a page: %s", method, e->message);
	}
	if (jobs_push(j, &lo, err) == -1 || jobs_push(j, &hi, err) == -1) {
		return -1;
	}
	return 0;
}

static const char *
job_method(const struct job *x)
{
	return x->kind == JOB_CALLS_FROM || x->kind == JOB_CALLS_TO ?
	    "trace_filter" : "eth_getLogs";
}

/* Run the queued jobs in batches; accs[x->who] collects. */
static int
run_jobs(struct fetcher *f, struct jobs *j, const struct eth_addr *addrs,
    const size_t *caps, struct acc *accs, struct err *err)
{
	struct rpc_req reqs[BATCH];
	struct job batch[BATCH], next;
	struct acc *a;
	uint64_t fp;
	size_t n, i;
	long got;
	int rc = -1, r, internal = fetch_traces_via(f) != FETCH_TRACES_NONE;

	memset(reqs, 0, sizeof(reqs));
	for (;;) {
		for (n = 0; n < BATCH;) {
			r = jobs_next(j, &batch[n], err);
			if (r == -1) {
				goto out;
			}
			if (r == 0) {
				break;
			}
			if (accs[batch[n].who].hub) {
				continue;	/* a hub already: no more */
			}
			reqs[n].method = job_method(&batch[n]);
			reqs[n].params = job_params(&batch[n],
			    &addrs[batch[n].who]);
			n++;
		}
		if (n == 0) {
			break;
		}
		if (rpc_batch(fetch_rpc(f), reqs, n, err) == -1) {
			rpc_req_release(reqs, n);
			return -1;
		}
		for (i = 0; i < n; i++) {
			a = &accs[batch[i].who];
			if (reqs[i].status == RPC_ERROR) {
				if (retry_split(j, &batch[i], reqs[i].method,
				    &reqs[i].error, err) == -1) {
					goto out;
				}
				continue;
			}
			if (reqs[i].status != RPC_OK) {
				*err = reqs[i].err;
				goto out;
			}
			got = take(a, &batch[i], reqs[i].result, internal);
			if (got == -2) {
				err_set(err, ERR_SYS, ENOMEM, "out of memory");
				goto out;
			}
			if (got == -1) {
				err_set(err, ERR_NET, 0, "%s: the node's "
				    "answer is not a list of %s",
				    reqs[i].method,
				    batch[i].kind == JOB_CALLS_FROM ||
				    batch[i].kind == JOB_CALLS_TO ? "traces" :
				    "logs");
				goto out;
			}
			acc_settle(a);
			a->hub = caps[batch[i].who] != SIZE_MAX &&
			    a->distinct > caps[batch[i].who];
			if (job_method(&batch[i])[0] == 't' && got == PAGE &&
			    !a->hub) {
				/* a full page: there may be more; a node that
				   ignores "after" would serve it again */
				fp = page_fp(reqs[i].result);
				if (batch[i].after > 0 && fp == batch[i].fp) {
					err_set(err, ERR_NET, 0, "trace_filter: "
					    "the node repeats a page (does it "
					    "ignore \"after\"?)");
					goto out;
				}
				if (batch[i].after / PAGE + 1 >= PAGES_MAX) {
					err_set(err, ERR_NET, 0, "trace_filter: "
					    "more than %d traces of one address"
					    " in blocks %llu-%llu: give a "
					    "narrower window or --strategy scan",
					    PAGE * PAGES_MAX, (unsigned long long)
					    batch[i].from, (unsigned long long)
					    batch[i].to);
					goto out;
				}
				next = batch[i];
				next.after += PAGE;
				next.fp = fp;
				if (jobs_push(j, &next, err) == -1) {
					goto out;
				}
			}
		}
		rpc_req_release(reqs, n);
		memset(reqs, 0, sizeof(reqs));
	}
	return 0;
out:
	rpc_req_release(reqs, n);
	return rc;
}

int
fetch_lookup(struct fetcher *f, const struct eth_addr *addrs,
    const size_t *caps, size_t n, uint64_t from, uint64_t to,
    struct fetch_lookup *out, struct err *err)
{
	static const enum job_kind kinds[] = { JOB_CALLS_FROM, JOB_CALLS_TO,
	    JOB_LOGS_TOPIC1, JOB_LOGS_TOPIC2 };
	const struct rpc_caps *c = fetch_caps(f);
	struct jobs j;
	struct acc *accs;
	uint64_t span;
	size_t i, k, m;
	int rc = -1;

	memset(out, 0, n * sizeof(*out));
	memset(&j, 0, sizeof(j));
	if (fetch_lookup_via(f) == FETCH_LOOKUP_NONE) {
		return err_set(err, ERR_USAGE, 0, "the endpoint has no "
		    "address-indexed method (trace_filter and eth_getLogs)");
	}
	if (from > to) {
		return err_set(err, ERR_USAGE, 0, "empty block range %llu-%llu",
		    (unsigned long long)from, (unsigned long long)to);
	}
	accs = calloc(n != 0 ? n : 1, sizeof(*accs));
	if (accs == NULL) {
		return err_set(err, ERR_SYS, ENOMEM, "out of memory");
	}
	for (i = 0; i < n; i++) {
		for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
			/* trace_filter has no span limit the probe knows:
			   the whole window, split only when refused */
			span = k < 2 ? to - from + 1 : c->logs_range;
			if (span == 0) {
				span = UINT64_MAX;	/* 0..UINT64_MAX */
			}
			if (jobs_spans(&j, i, kinds[k], from, to, span,
			    err) == -1) {
				goto out;
			}
		}
	}
	if (run_jobs(f, &j, addrs, caps, accs, err) == -1) {
		goto out;
	}
	for (i = 0; i < n; i++) {
		acc_settle(&accs[i]);
		out[i].txs = accs[i].distinct;
		out[i].hub = caps[i] != SIZE_MAX && accs[i].distinct > caps[i];
		if (out[i].hub || accs[i].n == 0) {
			continue;
		}
		out[i].blocks = malloc(accs[i].n * sizeof(*out[i].blocks));
		if (out[i].blocks == NULL) {
			err_set(err, ERR_SYS, ENOMEM, "out of memory");
			goto out;
		}
		for (k = 0, m = 0; k < accs[i].n; k++) {
			if (m == 0 || out[i].blocks[m - 1] !=
			    accs[i].v[k].block) {
				out[i].blocks[m++] = accs[i].v[k].block;
			}
		}
		out[i].nblocks = m;
	}
	rc = 0;
out:
	for (i = 0; i < n; i++) {
		free(accs[i].v);
	}
	free(accs);
	free(j.v);
	if (rc == -1) {
		fetch_lookup_release(out, n);
	}
	return rc;
}

void
fetch_lookup_release(struct fetch_lookup *l, size_t n)
{
	size_t i;

	if (l == NULL) {
		return;
	}
	for (i = 0; i < n; i++) {
		free(l[i].blocks);
		memset(&l[i], 0, sizeof(l[i]));
	}
}

static int
payout_cmp(const void *pa, const void *pb)
{
	const struct fetch_payout *a = pa, *b = pb;

	if (a->block != b->block) {
		return a->block < b->block ? -1 : 1;
	}
	return a->tx < b->tx ? -1 : a->tx > b->tx;
}

int
fetch_log_payouts(struct fetcher *f, const struct eth_addr *emitters,
    size_t n, const uint8_t topic0[32], uint64_t from, uint64_t to,
    struct fetch_payout **out, size_t *nout, struct err *err)
{
	const struct rpc_caps *c = fetch_caps(f);
	struct fetch_payout *v = NULL;
	const json_t *it, *data;
	json_t *res = NULL, *addrs = NULL;
	struct rpc_error e;
	struct jobs j;
	struct job x, lo;
	uint64_t block, tx;
	size_t i, len, cap = 0, cnt = 0;
	char q0[67], a[43], fb[24], tb[24];
	const char *d;
	void *p;
	int r, rc = -1;

	*out = NULL;
	*nout = 0;
	memset(&j, 0, sizeof(j));
	if (fetch_lookup_via(f) == FETCH_LOOKUP_NONE || n == 0 || from > to) {
		return 0;
	}
	q0[0] = '0';
	q0[1] = 'x';
	hex_encode(q0 + 2, topic0, 32);
	addrs = json_array();
	for (i = 0; addrs != NULL && i < n; i++) {
		a[0] = '0';
		a[1] = 'x';
		hex_encode(a + 2, emitters[i].b, 20);
		json_array_append_new(addrs, json_stringn(a, 42));
	}
	if (addrs == NULL) {
		return err_set(err, ERR_SYS, ENOMEM, "out of memory");
	}
	/* the probed spans; one the node refuses is split in two, the
	   others keep their width */
	if (jobs_spans(&j, 0, JOB_LOGS_TOPIC1, from, to, c->logs_range,
	    err) == -1) {
		goto out;
	}
	for (;;) {
		r = jobs_next(&j, &x, err);
		if (r == -1) {
			goto out;
		}
		if (r == 0) {
			break;
		}
		quantity_text(fb, sizeof(fb), x.from);
		quantity_text(tb, sizeof(tb), x.to);
		memset(&e, 0, sizeof(e));
		r = rpc_call(fetch_rpc(f), "eth_getLogs", json_pack("[{s:s,s:s,"
		    "s:O,s:[s]}]", "fromBlock", fb, "toBlock", tb, "address",
		    addrs, "topics", q0), &res, &e, err);
		if (r == 1) {
			if (rpc_error_is_logs_limit(e.code, e.message) &&
			    x.to > x.from) {
				rpc_error_release(&e);
				lo = x;
				lo.to = x.from + (x.to - x.from) / 2;
				x.from = lo.to + 1;
				if (jobs_push(&j, &lo, err) == -1 ||
				    jobs_push(&j, &x, err) == -1) {
					goto out;
				}
				continue;
			}
			err_set(err, ERR_NET, (int)e.code, "eth_getLogs: the "
			    "node answered error %lld: %s", e.code, e.message);
			rpc_error_release(&e);
			goto out;
		}
		if (r == -1) {
			goto out;
		}
		if (!json_is_array(res)) {
			err_set(err, ERR_NET, 0, "eth_getLogs: the node's "
			    "answer is not a list of logs");
			goto out;
		}
		json_array_foreach(res, i, it) {
			data = json_object_get(it, "data");
			if (json_is_true(json_object_get(it, "removed"))) {
				continue;
			}
			if (json_u64(json_object_get(it, "blockNumber"),
			    &block) == -1 || json_u64(json_object_get(it,
			    "transactionIndex"), &tx) == -1 ||
			    !json_is_string(data)) {
				err_set(err, ERR_NET, 0, "eth_getLogs: a log "
				    "without blockNumber, transactionIndex or "
				    "data");
				goto out;
			}
			d = json_string_value(data);
			len = json_string_length(data);
			if (block < x.from || block > x.to ||
			    tx >= UINT32_MAX || len < 2 + 64) {
				continue;
			}
			if (cnt == cap) {
				cap = cap != 0 ? 2 * cap : 16;
				p = realloc(v, cap * sizeof(*v));
				if (p == NULL) {
					err_set(err, ERR_SYS, ENOMEM, "out of "
					    "memory");
					goto out;
				}
				v = p;
			}
			/* the first data word: the recipient, left-padded */
			if (hex_decode(v[cnt].to.b, 20, d + 2 + 24, 40) == -1) {
				continue;
			}
			v[cnt].block = block;
			v[cnt].tx = (uint32_t)tx;
			cnt++;
		}
		json_decref(res);
		res = NULL;
	}
	if (cnt > 1) {
		qsort(v, cnt, sizeof(*v), payout_cmp);
	}
	rc = 0;
out:
	json_decref(res);
	json_decref(addrs);
	free(j.v);
	if (rc == -1) {
		free(v);
		v = NULL;
		cnt = 0;
	}
	*out = v;
	*nout = cnt;
	return rc;
}
