/*
 * probe.c - what an endpoint serves: chain id, head, the optional receipt
 * and tracing methods, and the eth_getLogs span it accepts; the compact
 * encoding the caller stores; the cheapest method for a job. See rpc.h.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "hex.h"
#include "rpc.h"

/* eth_getLogs requests a probe may spend on the span search. */
#define LOGS_TRIES	16
/* Blocks below the head searched for a transaction to trace. */
#define TX_SEARCH	8

/* The zero address never emits a log: a filter on it returns nothing. */
static const char ZERO_ADDR[] = "0x0000000000000000000000000000000000000000";

/* Parse a JSON-RPC quantity ("0x" and 1-16 hex digits). */
static int
quantity(const json_t *v, uint64_t *out)
{
	const char *s;
	size_t i, n;
	uint64_t x;
	int d;

	if (!json_is_string(v)) {
		return -1;
	}
	s = json_string_value(v);
	n = strlen(s);
	if (n < 3 || n > 18 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X')) {
		return -1;
	}
	x = 0;
	for (i = 2; i < n; i++) {
		d = hex_digit((unsigned char)s[i]);
		if (d < 0) {
			return -1;
		}
		x = x << 4 | (uint64_t)d;
	}
	*out = x;
	return 0;
}

static json_t *
tag(uint64_t n)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)n);
	return json_string(buf);
}

/* Why a request that should have answered did not. */
static int
step_failed(struct err *err, const char *label, const struct rpc_req *q,
    const char *why)
{
	if (q->status == RPC_ERROR) {
		return err_set(err, ERR_NET, 0, "cannot probe '%s': %s: node "
		    "error %lld: %s", label, q->method, q->error.code,
		    q->error.message);
	}
	if (q->status == RPC_FAILED) {
		return err_set(err, ERR_NET, 0, "cannot probe '%s': %s",
		    label, q->err.msg);
	}
	return err_set(err, ERR_NET, 0, "cannot probe '%s': %s: %s", label,
	    q->method, why);
}

static int
probe_basics(struct rpc *r, size_t ep, struct rpc_caps *caps,
    struct err *err)
{
	const char *label = rpc_endpoint_label(r, ep);
	struct rpc_req q[2];
	int rc;

	memset(q, 0, sizeof(q));
	q[0].method = "eth_chainId";
	q[1].method = "eth_blockNumber";
	rpc_batch_at(r, ep, q, 2, NULL);
	rc = -1;
	if (q[0].status != RPC_OK || quantity(q[0].result,
	    &caps->chain_id) != 0) {
		step_failed(err, label, &q[0], "not a quantity");
	} else if (q[1].status != RPC_OK || quantity(q[1].result,
	    &caps->head) != 0) {
		step_failed(err, label, &q[1], "not a quantity");
	} else {
		rc = 0;
	}
	rpc_req_release(q, 2);
	return rc;
}

/*
 * Find a block near the head with a transaction in it.
 * Out: block (head - 2 when none has one), txhash ("" when none).
 */
static int
probe_block(struct rpc *r, size_t ep, uint64_t head, uint64_t *block,
    char *txhash, size_t txlen, struct err *err)
{
	const char *label = rpc_endpoint_label(r, ep);
	struct rpc_req q[TX_SEARCH];
	const json_t *txs, *h;
	uint64_t top;
	size_t i, n;
	int rc;

	top = head >= 2 ? head - 2 : head;
	n = top + 1 < TX_SEARCH ? (size_t)top + 1 : TX_SEARCH;
	memset(q, 0, sizeof(q));
	for (i = 0; i < n; i++) {
		q[i].method = "eth_getBlockByNumber";
		q[i].params = json_pack("[o,b]", tag(top - i), 0);
	}
	rpc_batch_at(r, ep, q, n, NULL);
	*block = top;
	txhash[0] = '\0';
	rc = -1;
	if (q[0].status != RPC_OK || !json_is_object(q[0].result)) {
		step_failed(err, label, &q[0], "not a block object");
		goto out;
	}
	for (i = 0; i < n; i++) {
		txs = json_object_get(q[i].result, "transactions");
		h = json_array_get(txs, 0);
		if (q[i].status == RPC_OK && json_is_string(h)) {
			*block = top - i;
			snprintf(txhash, txlen, "%s", json_string_value(h));
			break;
		}
	}
	rc = 0;
out:
	rpc_req_release(q, n);
	return rc;
}

enum opt_kind {
	WANT_ARRAY,
	WANT_OBJECT,
	WANT_INTEGER
};

/* The optional methods, each tried once. */
static void
probe_optional(struct rpc *r, size_t ep, uint64_t block, const char *tx,
    struct rpc_caps *caps)
{
	static const struct {
		const char	*method;
		uint32_t	 cap;
		enum opt_kind	 want;
	} opt[] = {
		{ "eth_getBlockReceipts", RPC_CAP_BLOCK_RECEIPTS, WANT_ARRAY },
		{ "debug_traceBlockByNumber", RPC_CAP_DEBUG_BLOCK,
		    WANT_ARRAY },
		{ "debug_traceTransaction", RPC_CAP_DEBUG_TX, WANT_OBJECT },
		{ "trace_block", RPC_CAP_TRACE_BLOCK, WANT_ARRAY },
		{ "trace_filter", RPC_CAP_TRACE_FILTER, WANT_ARRAY },
		{ "ots_getApiLevel", RPC_CAP_OTS, WANT_INTEGER },
		{ "ots_searchTransactionsAfter", RPC_CAP_OTS_SEARCH,
		    WANT_OBJECT },
	};
	enum { N = sizeof(opt) / sizeof(opt[0]) };
	struct rpc_req q[N];
	const json_t *res;
	size_t i, k, n;
	int ok;

	memset(q, 0, sizeof(q));
	n = 0;
	for (i = 0; i < N; i++) {
		if (opt[i].cap == RPC_CAP_DEBUG_TX && tx[0] == '\0') {
			continue;
		}
		q[n].method = opt[i].method;
		switch (opt[i].cap) {
		case RPC_CAP_BLOCK_RECEIPTS:
		case RPC_CAP_TRACE_BLOCK:
			q[n].params = json_pack("[o]", tag(block));
			break;
		case RPC_CAP_DEBUG_BLOCK:
			q[n].params = json_pack("[o,{s:s}]", tag(block),
			    "tracer", "callTracer");
			break;
		case RPC_CAP_DEBUG_TX:
			q[n].params = json_pack("[s,{s:s}]", tx,
			    "tracer", "callTracer");
			break;
		case RPC_CAP_TRACE_FILTER:
			q[n].params = json_pack("[{s:o,s:o,s:i}]",
			    "fromBlock", tag(block), "toBlock", tag(block),
			    "count", 1);
			break;
		case RPC_CAP_OTS_SEARCH:
			q[n].params = json_pack("[s,I,i]", ZERO_ADDR,
			    (json_int_t)block, 1);
			break;
		default:
			break;
		}
		n++;
	}
	rpc_batch_at(r, ep, q, n, NULL);
	for (i = 0; i < n; i++) {
		for (k = 0; strcmp(opt[k].method, q[i].method) != 0; k++) {
			continue;
		}
		if (q[i].status == RPC_FAILED) {
			continue;	/* no answer: not known either way */
		}
		caps->tested |= opt[k].cap;
		res = q[i].result;
		switch (opt[k].want) {
		case WANT_ARRAY:
			ok = json_is_array(res);
			break;
		case WANT_OBJECT:
			ok = json_is_object(res);
			break;
		default:
			ok = json_is_integer(res) &&
			    json_integer_value(res) > 0;
			break;
		}
		if (q[i].status == RPC_OK && ok) {
			caps->works |= opt[k].cap;
			if (opt[k].cap == RPC_CAP_OTS) {
				caps->ots_level =
				    (uint32_t)json_integer_value(res);
			}
		}
	}
	rpc_req_release(q, n);
}

/*
 * A span the node's message suggests ("exceed maximum block range: 5000",
 * "up to a 2K block range"): the first decimal number in (lo, hi).
 * Returns: the number, or 0.
 */
static uint64_t
hint(const char *msg, uint64_t lo, uint64_t hi)
{
	const char *p;
	uint64_t v;

	for (p = msg; *p != '\0'; p++) {
		if (*p < '0' || *p > '9' || (p > msg && ((p[-1] >= '0' &&
		    p[-1] <= '9') || p[-1] == 'x' || p[-1] == 'X'))) {
			continue;
		}
		if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
			continue;
		}
		v = 0;
		while ((*p >= '0' && *p <= '9') || (*p == ',' &&
		    p[1] >= '0' && p[1] <= '9')) {
			if (*p != ',' && v < UINT64_MAX / 16) {
				v = v * 10 + (uint64_t)(*p - '0');
			}
			p++;
		}
		if (*p == 'k' || *p == 'K') {
			v *= 1000;
		}
		if (v > lo && v < hi) {
			return v;
		}
		if (*p == '\0') {
			break;
		}
	}
	return 0;
}

enum logs_answer {
	LOGS_OK,
	LOGS_REFUSED,
	LOGS_UNSUPPORTED
};

static int
logs_try(struct rpc *r, size_t ep, uint64_t head, uint64_t span,
    enum logs_answer *ans, char *msg, size_t msglen, struct err *err)
{
	struct rpc_error rerr;
	json_t *params, *res;
	int rc;

	params = json_pack("[{s:o,s:o,s:s}]", "fromBlock",
	    tag(head - span + 1), "toBlock", tag(head), "address", ZERO_ADDR);
	rc = rpc_call_at(r, ep, "eth_getLogs", params, &res, &rerr, err);
	if (rc < 0) {
		return err_wrap(err, "cannot probe '%s'",
		    rpc_endpoint_label(r, ep));
	}
	if (rc == 0) {
		*ans = json_is_array(res) ? LOGS_OK : LOGS_REFUSED;
		json_decref(res);
		return 0;
	}
	snprintf(msg, msglen, "%s", rerr.message);
	*ans = LOGS_REFUSED;
	if (!rpc_error_is_logs_limit(rerr.code, rerr.message) &&
	    rpc_error_is_unsupported(rerr.code, rerr.message)) {
		*ans = LOGS_UNSUPPORTED;
	}
	rpc_error_release(&rerr);
	return 0;
}

/* Binary search of the widest span in [1, max]: lo works, hi does not. */
static int
probe_logs(struct rpc *r, size_t ep, struct rpc_caps *caps, struct err *err)
{
	enum logs_answer ans;
	uint64_t lo, hi, max, mid, next;
	char msg[256];
	int tries, hinted, edge;

	max = caps->head + 1 < RPC_PROBE_LOGS_MAX ? caps->head + 1 :
	    RPC_PROBE_LOGS_MAX;
	if (logs_try(r, ep, caps->head, max, &ans, msg, sizeof(msg),
	    err) != 0) {
		return -1;
	}
	tries = 1;
	if (ans == LOGS_OK) {
		caps->logs_range = max;
		return 0;
	}
	if (ans == LOGS_UNSUPPORTED) {
		caps->logs_range = 0;
		return 0;
	}
	lo = 0;
	hi = max;
	next = hint(msg, lo, hi);
	edge = 0;
	while (hi - lo > 1 && tries < LOGS_TRIES) {
		hinted = next > lo && next < hi;
		mid = hinted ? next : lo + (hi - lo) / 2;
		if (logs_try(r, ep, caps->head, mid, &ans, msg, sizeof(msg),
		    err) != 0) {
			return -1;
		}
		tries++;
		if (ans == LOGS_UNSUPPORTED) {
			break;
		}
		if (ans == LOGS_OK) {
			/* a suggested span that works: is it the edge? */
			lo = mid;
			next = hinted && !edge ? mid + 1 : 0;
			edge = hinted && !edge;
		} else {
			hi = mid;
			next = edge ? 0 : hint(msg, lo, hi);
			edge = 0;
		}
	}
	caps->logs_range = lo;
	return 0;
}

int
rpc_probe(struct rpc *r, size_t ep, struct rpc_caps *caps, struct err *err)
{
	uint64_t block;
	char tx[80];

	memset(caps, 0, sizeof(*caps));
	if (ep >= rpc_endpoint_count(r)) {
		return err_set(err, ERR_USAGE, 0, "no RPC endpoint %zu", ep);
	}
	if (probe_basics(r, ep, caps, err) != 0 ||
	    probe_block(r, ep, caps->head, &block, tx, sizeof(tx), err) != 0) {
		return -1;
	}
	probe_optional(r, ep, block, tx, caps);
	if (probe_logs(r, ep, caps, err) != 0) {
		return -1;
	}
	caps->probed_at = (int64_t)time(NULL);
	return 0;
}

static void
put(uint8_t *p, uint64_t v, int n)
{
	int i;

	for (i = n - 1; i >= 0; i--) {
		p[i] = (uint8_t)v;
		v >>= 8;
	}
}

static uint64_t
get(const uint8_t *p, int n)
{
	uint64_t v;
	int i;

	v = 0;
	for (i = 0; i < n; i++) {
		v = v << 8 | p[i];
	}
	return v;
}

void
rpc_caps_encode(uint8_t out[RPC_CAPS_ENCODED_LEN], const struct rpc_caps *caps)
{
	out[0] = RPC_CAPS_VERSION;
	put(out + 1, caps->chain_id, 8);
	put(out + 9, caps->head, 8);
	put(out + 17, caps->works, 4);
	put(out + 21, caps->tested, 4);
	put(out + 25, caps->ots_level, 4);
	put(out + 29, caps->logs_range, 8);
	put(out + 37, (uint64_t)caps->probed_at, 8);
}

int
rpc_caps_decode(struct rpc_caps *caps, const uint8_t *in, size_t len,
    struct err *err)
{
	if (len < 1 || in[0] != RPC_CAPS_VERSION) {
		return err_set(err, ERR_STORE, 0, "endpoint capabilities: "
		    "unknown encoding version %d", len < 1 ? -1 : in[0]);
	}
	if (len != RPC_CAPS_ENCODED_LEN) {
		return err_set(err, ERR_STORE, 0, "endpoint capabilities: "
		    "%zu bytes, expected %d", len, RPC_CAPS_ENCODED_LEN);
	}
	caps->chain_id = get(in + 1, 8);
	caps->head = get(in + 9, 8);
	caps->works = (uint32_t)get(in + 17, 4);
	caps->tested = (uint32_t)get(in + 21, 4);
	caps->ots_level = (uint32_t)get(in + 25, 4);
	caps->logs_range = get(in + 29, 8);
	caps->probed_at = (int64_t)get(in + 37, 8);
	return 0;
}

enum rpc_receipts_via
rpc_caps_receipts_via(const struct rpc_caps *caps)
{
	if (caps->works & RPC_CAP_BLOCK_RECEIPTS) {
		return RPC_RECEIPTS_BY_BLOCK;
	}
	return RPC_RECEIPTS_BY_TX;
}

enum rpc_internal_via
rpc_caps_internal_via(const struct rpc_caps *caps)
{
	/* one call per block beats one per transaction; flat beats nested */
	if (caps->works & RPC_CAP_TRACE_BLOCK) {
		return RPC_INTERNAL_TRACE_BLOCK;
	}
	if (caps->works & RPC_CAP_DEBUG_BLOCK) {
		return RPC_INTERNAL_DEBUG_BLOCK;
	}
	if (caps->works & RPC_CAP_DEBUG_TX) {
		return RPC_INTERNAL_DEBUG_TX;
	}
	return RPC_INTERNAL_NONE;
}

const char *
rpc_receipts_method(enum rpc_receipts_via via)
{
	return via == RPC_RECEIPTS_BY_BLOCK ? "eth_getBlockReceipts" :
	    "eth_getTransactionReceipt";
}

const char *
rpc_internal_method(enum rpc_internal_via via)
{
	switch (via) {
	case RPC_INTERNAL_TRACE_BLOCK:
		return "trace_block";
	case RPC_INTERNAL_DEBUG_BLOCK:
		return "debug_traceBlockByNumber";
	case RPC_INTERNAL_DEBUG_TX:
		return "debug_traceTransaction";
	default:
		return "";
	}
}
