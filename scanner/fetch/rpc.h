/*
 * rpc.h - JSON-RPC 2.0 transport to Ethereum nodes over HTTP(S): batches,
 * a bounded number of requests in flight, retries with backoff, failover
 * across endpoints, a response size cap, record/replay of every exchange,
 * and the capability probe of an endpoint. It moves JSON values only:
 * turning results into structs is decode.h's job. The node is not trusted
 * and may be slow, rate-limited or wrong. A handle serves one thread at a
 * time. Nothing here prints or exits; this is the only module that
 * includes curl.h (in rpc.c).
 */
#ifndef SCANNER_RPC_H
#define SCANNER_RPC_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "err.h"

struct rpc;

/*
 * Options of rpc_create(). Zero means "the default" for every number.
 * An endpoint is an http:// or https:// URL, or a replay source: a path to
 * an existing directory, or "replay:DIR" (see fixtures/cassettes/README.md).
 * Replay sources serve recorded answers only and cannot be mixed with URLs.
 */
struct rpc_opts {
	const char *const *endpoints;	/* tried in this order; NULL or
					   none: rpc_default_endpoints() */
	size_t		 n_endpoints;
	long		 connect_timeout_ms;	/* default 10000 */
	long		 timeout_ms;	/* per attempt, connect included;
					   default 60000 */
	int		 max_attempts;	/* per request and endpoint; def. 4 */
	long		 backoff_ms;	/* first backoff step; default 250 */
	long		 max_wait_ms;	/* cap on one wait, Retry-After
					   included; default 30000 */
	size_t		 max_body;	/* response cap in bytes (after
					   decompression); default 64 MiB */
	int		 max_inflight;	/* HTTP requests at once; default 4 */
	int		 batch_size;	/* first batch size tried per endpoint;
					   default 50, 1 = no batches */
	const char	*record_dir;	/* append every exchange to cassettes
					   there; NULL: no recording */
	const char	*user_agent;	/* NULL: "scanner/VERSION" */
};

/* How one request of a call ended. */
enum rpc_status {
	RPC_PENDING = 0,	/* not sent yet (input state) */
	RPC_OK,			/* result holds the node's "result" */
	RPC_ERROR,		/* the node answered with a JSON-RPC error that
				   is not transient: see error */
	RPC_FAILED		/* no answer after retries and failover, or no
				   recorded answer in a replay: see err */
};

/* A JSON-RPC error object as the node sent it. */
struct rpc_error {
	long long	 code;		/* e.g. -32601 method not found */
	char		 message[256];	/* cut to fit */
	json_t		*data;		/* "data" member: owned, or NULL */
};

/*
 * One request of rpc_batch(). Fill method and params, zero the rest.
 * Release with rpc_req_release() whatever the outcome.
 */
struct rpc_req {
	const char	*method;	/* In: borrowed for the call */
	json_t		*params;	/* In: owned by the request (a reference
					   the caller gave up); NULL sends [] */
	enum rpc_status	 status;	/* Out */
	json_t		*result;	/* Out, RPC_OK: owned by the request */
	struct rpc_error error;		/* Out, RPC_ERROR */
	struct err	 err;		/* Out, RPC_FAILED: ERR_NET, ERR_SYS */
};

/* Counters since rpc_create(), for benchmarks and progress lines. */
struct rpc_stats {
	uint64_t	calls;		/* answered: RPC_OK or RPC_ERROR */
	uint64_t	http;		/* HTTP requests sent */
	uint64_t	retries;	/* sent again to the same endpoint */
	uint64_t	failovers;	/* moved on to the next endpoint */
	uint64_t	bytes;		/* response bytes received */
};

/*
 * Returns: the built-in public Ethereum mainnet endpoints used when no
 *          endpoint is given (static strings). Out: n: how many.
 */
const char *const *rpc_default_endpoints(size_t *n);

/*
 * Make a client. Replay sources are loaded here; nothing is sent yet.
 * Returns: a handle to free with rpc_destroy(); NULL on failure (err:
 *          ERR_USAGE for a bad endpoint or option, ERR_INPUT for a bad
 *          cassette, ERR_SYS for memory or libcurl).
 * In:      opts is copied; NULL means all defaults.
 */
struct rpc *rpc_create(const struct rpc_opts *opts, struct err *err);

/* Free the client and close its connections and cassettes. Accepts NULL. */
void	rpc_destroy(struct rpc *r);

/*
 * What is retried, for rpc_call() and rpc_batch() alike: timeouts,
 * connection errors, HTTP 429 and 5xx and JSON-RPC rate limits
 * (rpc_error_is_rate_limit) wait with exponential backoff and full jitter,
 * or the server's Retry-After (seconds or a date) when longer, capped at
 * max_wait_ms; an unusable reply (invalid or truncated JSON, a broken
 * envelope: no "jsonrpc":"2.0", an id that does not match, neither result
 * nor error) is tried once more; after max_attempts on an endpoint the
 * request moves to the next one, and at once for a reply over max_body, an
 * HTTP 4xx or a TLS failure. A JSON-RPC error that is not transient is an
 * answer: never retried.
 */

/*
 * One call: method with params, failover across the endpoints.
 * Returns: 0 answered (*result set); 1 the node answered with a JSON-RPC
 *          error (*rerr filled; only when rerr is not NULL); -1 failure
 *          (err: ERR_NET naming the method, the endpoints tried and the
 *          last reason; with rerr NULL a JSON-RPC error also lands here).
 * In:      params: stolen (as json_array_append_new), even on failure;
 *          NULL sends [].
 * Out:     result: a new reference (free with json_decref); any JSON
 *          value, null included: its shape is not checked here.
 *          rerr: release with rpc_error_release().
 */
int	rpc_call(struct rpc *r, const char *method, json_t *params,
	    json_t **result, struct rpc_error *rerr, struct err *err);

/*
 * Send n requests as JSON-RPC batches of at most the endpoint's working
 * batch size, several batches in flight, answers matched back by id.
 * A node that refuses or caps batches (HTTP error, one error object, a
 * short array, "batch too large" errors) gets smaller batches from then on.
 * Each request ends RPC_OK, RPC_ERROR or RPC_FAILED independently.
 * Returns: 0 when every request ended RPC_OK or RPC_ERROR; -1 when one at
 *          least ended RPC_FAILED (err: the first such failure).
 */
int	rpc_batch(struct rpc *r, struct rpc_req *reqs, size_t n,
	    struct err *err);

/*
 * rpc_call() and rpc_batch() pinned to endpoint ep (no failover), for the
 * probe and for callers that track endpoints themselves.
 * Returns: as rpc_call() and rpc_batch().
 */
int	rpc_call_at(struct rpc *r, size_t ep, const char *method,
	    json_t *params, json_t **result, struct rpc_error *rerr,
	    struct err *err);
int	rpc_batch_at(struct rpc *r, size_t ep, struct rpc_req *reqs,
	    size_t n, struct err *err);

/* Drop params, result and error data of n requests; accepts NULL. */
void	rpc_req_release(struct rpc_req *reqs, size_t n);
/* Drop the data of an error. Accepts NULL. */
void	rpc_error_release(struct rpc_error *e);

/*
 * Classify a JSON-RPC error.
 * rpc_error_is_rate_limit: a transient refusal (-32005, -32029, 429, or a
 *   "rate limit" / "too many requests" message); the transport already
 *   retries these, so callers see them only once retries are spent.
 * rpc_error_is_logs_limit: eth_getLogs asked for too wide a range or too
 *   many results ("block range", "query returned more than 10000
 *   results"…): split the range and ask again.
 * rpc_error_is_unsupported: the method is not served here (-32601, "does
 *   not exist", "not supported", "not whitelisted"…).
 * Returns: 1 yes, 0 no.
 */
int	rpc_error_is_rate_limit(long long code, const char *message);
int	rpc_error_is_logs_limit(long long code, const char *message);
int	rpc_error_is_unsupported(long long code, const char *message);

/* Endpoints, in failover order. */
size_t	rpc_endpoint_count(const struct rpc *r);
/* Returns: the URL or replay directory as given, valid until rpc_destroy. */
const char *rpc_endpoint_url(const struct rpc *r, size_t ep);
/*
 * Returns: a label safe for messages and file names: scheme://host[:port]
 *          of a URL (no path, query or credentials: API keys stay out of
 *          logs), "replay:DIR" for a replay; valid until rpc_destroy.
 */
const char *rpc_endpoint_label(const struct rpc *r, size_t ep);
/* Returns: 1 when ep serves recorded answers, else 0. */
int	rpc_endpoint_is_replay(const struct rpc *r, size_t ep);
/* The working batch size of ep (what it accepted so far), to remember. */
int	rpc_endpoint_batch(const struct rpc *r, size_t ep);
/* Restore a remembered working batch size (clamped to 1..batch_size). */
void	rpc_endpoint_set_batch(struct rpc *r, size_t ep, int size);

/* Out: st: the counters so far. */
void	rpc_get_stats(const struct rpc *r, struct rpc_stats *st);

/*
 * Capability probe (probe.c).
 * What an endpoint serves, found by rpc_probe() once per endpoint and kept
 * by the caller (rpc_caps_encode for LMDB). Later stages ask
 * rpc_caps_receipts_via / rpc_caps_internal_via for the cheapest method.
 */
enum rpc_cap {
	RPC_CAP_BLOCK_RECEIPTS	= 1u << 0,	/* eth_getBlockReceipts */
	RPC_CAP_DEBUG_BLOCK	= 1u << 1,	/* debug_traceBlockByNumber,
						   callTracer */
	RPC_CAP_DEBUG_TX	= 1u << 2,	/* debug_traceTransaction,
						   callTracer */
	RPC_CAP_TRACE_BLOCK	= 1u << 3,	/* trace_block */
	RPC_CAP_TRACE_FILTER	= 1u << 4,	/* trace_filter */
	RPC_CAP_OTS		= 1u << 5,	/* ots_getApiLevel */
	RPC_CAP_OTS_SEARCH	= 1u << 6	/* ots_searchTransactions-
						   After */
};

/* Version of the rpc_caps_encode() layout (its first byte). */
#define RPC_CAPS_VERSION	1
#define RPC_CAPS_ENCODED_LEN	45
/* Widest eth_getLogs span the probe tries, in blocks. */
#define RPC_PROBE_LOGS_MAX	10000

struct rpc_caps {
	uint64_t	chain_id;	/* eth_chainId */
	uint64_t	head;		/* eth_blockNumber when probed */
	uint32_t	works;		/* RPC_CAP_* that answered */
	uint32_t	tested;		/* RPC_CAP_* that answered, with a
					   result or an error: known either
					   way (RPC_CAP_DEBUG_TX needs a
					   transaction near the head) */
	uint32_t	ots_level;	/* ots_getApiLevel, 0 without ots */
	uint64_t	logs_range;	/* widest eth_getLogs span accepted, in
					   blocks (at most RPC_PROBE_LOGS_MAX
					   and head + 1); 0: it always
					   fails */
	int64_t		probed_at;	/* unix time of the probe */
};

/*
 * Probe endpoint ep: eth_chainId and eth_blockNumber (both required), then
 * the optional methods (one batch) on the first block holding a
 * transaction among the 8 from two below the head down, then a
 * binary search of the eth_getLogs span (at most 16 requests; a filter on
 * the zero address keeps results empty, so result-count limits are not
 * measured: callers still split on rpc_error_is_logs_limit()).
 * A method "works" when it answers with a result of the expected shape;
 * a JSON-RPC error means it does not; an optional method that gets no
 * answer at all (timeout…) is left out of works and tested alike. No
 * answer to eth_chainId, eth_blockNumber, eth_getBlockByNumber or
 * eth_getLogs fails the whole probe.
 * Returns: 0; -1 (err: ERR_NET, the endpoint's label and the step).
 * Out:     caps (fully overwritten).
 */
int	rpc_probe(struct rpc *r, size_t ep, struct rpc_caps *caps,
	    struct err *err);

/*
 * Serialise caps into RPC_CAPS_ENCODED_LEN bytes: version byte, then
 * chain_id, head, works, tested, ots_level, logs_range, probed_at, each
 * big-endian. Out: out.
 */
void	rpc_caps_encode(uint8_t out[RPC_CAPS_ENCODED_LEN],
	    const struct rpc_caps *caps);
/*
 * Parse what rpc_caps_encode() wrote.
 * Returns: 0; -1 wrong length or version (err: ERR_STORE: probe again).
 */
int	rpc_caps_decode(struct rpc_caps *caps, const uint8_t *in, size_t len,
	    struct err *err);

/* How to fetch the receipts of a block. */
enum rpc_receipts_via {
	RPC_RECEIPTS_BY_BLOCK = 1,	/* eth_getBlockReceipts, one call */
	RPC_RECEIPTS_BY_TX		/* eth_getTransactionReceipt per tx */
};

/* How to find the internal value transfers of a block. */
enum rpc_internal_via {
	RPC_INTERNAL_NONE = 0,		/* no tracing method: not available */
	RPC_INTERNAL_TRACE_BLOCK,	/* trace_block, one call, flat */
	RPC_INTERNAL_DEBUG_BLOCK,	/* debug_traceBlockByNumber,
					   callTracer */
	RPC_INTERNAL_DEBUG_TX		/* debug_traceTransaction per tx */
};

/* Returns: the cheapest way the endpoint has. */
enum rpc_receipts_via	rpc_caps_receipts_via(const struct rpc_caps *caps);
enum rpc_internal_via	rpc_caps_internal_via(const struct rpc_caps *caps);
/* Returns: the JSON-RPC method name of a way (static), "" for NONE. */
const char *rpc_receipts_method(enum rpc_receipts_via via);
const char *rpc_internal_method(enum rpc_internal_via via);

#endif
