/*
 * fetcher.h - get blocks into the cache, verified, fetching only what is
 * missing: the pipeline every command shares (fetch, verify, trace,
 * monitor). It probes the endpoint once (capabilities kept in LMDB), asks
 * for blocks, receipts and call traces in JSON-RPC batches with the
 * cheapest methods the endpoint has, decodes them, verifies them on every
 * core, and caches each block whole. What fails verification is never
 * cached: it is reported with its evidence. Nothing here prints.
 */
#ifndef SCANNER_FETCHER_H
#define SCANNER_FETCHER_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "eth.h"
#include "rpc.h"
#include "store.h"
#include "verify.h"

struct fetcher;

/* How internal transfers (call traces) are obtained. */
enum fetch_traces {
	FETCH_TRACES_NONE = 0,	/* the endpoint has no trace method */
	FETCH_TRACES_GETH,	/* debug_traceBlockByNumber, callTracer */
	FETCH_TRACES_PARITY	/* trace_block */
};

/* How receipts are obtained. */
enum fetch_receipts {
	FETCH_RECEIPTS_BLOCK = 1,	/* eth_getBlockReceipts */
	FETCH_RECEIPTS_TX		/* eth_getTransactionReceipt each */
};

/* Progress of fetch_range(), for a progress bar. */
struct fetch_progress {
	uint64_t	 total;		/* blocks to fetch (missing at start) */
	uint64_t	 done;		/* fetched and cached, or failed */
	uint64_t	 txs;		/* transactions among them */
	double		 elapsed;	/* seconds since the start */
};

typedef void	fetch_progress_fn(void *ctx, const struct fetch_progress *p);

struct fetch_opts {
	struct rpc		*rpc;		/* borrowed; NULL = offline */
	struct store		*st;		/* borrowed */
	unsigned		 verify;	/* VERIFY_SENDERS, VERIFY_FULL or
						   0 (off) */
	int			 no_traces;	/* do not ask for call traces */
	size_t			 chunk;		/* blocks per round; 0: 32 */
	int			 threads;	/* verifying threads; 0: the
						   online CPUs */
	fetch_progress_fn	*progress;	/* may be NULL */
	void			*progress_ctx;
};

/* What fetch_range() did. */
struct fetch_summary {
	uint64_t		 requested;	/* blocks in the range */
	uint64_t		 cached;	/* already cached before */
	uint64_t		 fetched;	/* fetched and cached now */
	uint64_t		 rejected;	/* fetched, failed verification,
						   not cached */
	uint64_t		 txs;		/* transactions fetched */
	enum fetch_receipts	 receipts_via;
	enum fetch_traces	 traces_via;
	struct verify_report	 report;	/* of the blocks fetched now */
};

/*
 * Make a fetcher. With an rpc, the first endpoint's capabilities come from
 * the database (meta "rpc.caps.<label>", less than a day old) or from a
 * probe (then stored); the chain id is the endpoint's.
 * Returns: 0; -1 with err (ERR_NET when the probe fails).
 * Out:     *out, free with fetch_destroy().
 */
int	fetch_create(struct fetcher **out, const struct fetch_opts *opts,
	    struct err *err);
/* Free; accepts NULL. */
void	fetch_destroy(struct fetcher *f);

/* Returns: the capabilities in use (zeroed when offline). */
const struct rpc_caps *fetch_caps(const struct fetcher *f);

/* Returns: how call traces are fetched (NONE: --no-traces, offline, or
 * the endpoint has no block trace method). */
enum fetch_traces fetch_traces_via(const struct fetcher *f);

/* Returns: the chain id (the endpoint's, or the cache's when offline). */
uint64_t fetch_chain_id(const struct fetcher *f);

/* The verifier context in use (for callers that verify cached data). */
const struct verify_ctx *fetch_verifier(const struct fetcher *f);

/*
 * The head block number now (eth_blockNumber).
 * Returns: 0; -1 with err (ERR_USAGE when offline, ERR_NET).
 */
int	fetch_head(struct fetcher *f, uint64_t *head, struct err *err);

/*
 * Make sure blocks [from, to] are cached: fetch what is missing, verify
 * it per opts, cache every block that passed (with its receipts and,
 * where the endpoint has them, its call traces). A block that failed
 * verification is not cached and is named in summary->report.
 * Returns: 0 (check summary->report for verification failures); -1 with
 *          err on a network or storage failure: blocks cached up to then
 *          stay cached, so running again resumes.
 */
int	fetch_range(struct fetcher *f, uint64_t from, uint64_t to,
	    struct fetch_summary *summary, struct err *err);

/*
 * fetch_range() for the blocks numbers[n] (rising, no repeats), which
 * need not be adjacent: what is not cached is fetched in rounds of
 * adjacent runs. A block's parent hash is checked against the block
 * before it when that one is fetched in the same round or cached.
 * Returns: as fetch_range(); ERR_USAGE when numbers are not rising.
 */
int	fetch_blocks(struct fetcher *f, const uint64_t *numbers, size_t n,
	    struct fetch_summary *summary, struct err *err);

/*
 * Verify the cached blocks of [from, to] again, from what the cache holds,
 * on every core: what f's verify mode asks (full: also receipts and the
 * parent-hash chain). Blocks not cached are counted in *missing.
 * Returns: 0 (failures are in report); -1 with err (ERR_STORE).
 */
int	fetch_verify_cached(struct fetcher *f, uint64_t from, uint64_t to,
	    struct verify_report *report, uint64_t *missing, struct err *err);

/* fetch_verify_cached() for the blocks numbers[n] (rising, no repeats). */
int	fetch_verify_blocks(struct fetcher *f, const uint64_t *numbers,
	    size_t n, struct verify_report *report, uint64_t *missing,
	    struct err *err);

/* The transport in use; NULL offline. */
struct rpc *fetch_rpc(const struct fetcher *f);

/*
 * Address-indexed look-ups (lookup.c): which blocks an address took part
 * in, asked of the node's indexes, so a trace fetches those blocks only
 * instead of its whole window. The answers are hints, not evidence: the
 * blocks they name are fetched whole and verified; what the node's index
 * leaves out, the trace does not see (the report names the methods).
 */
enum fetch_lookup_via {
	FETCH_LOOKUP_NONE = 0,		/* none: scan the window's blocks */
	FETCH_LOOKUP_TRACE_FILTER	/* trace_filter (calls, internal
					   ones too, creations) and
					   eth_getLogs (tokens, WETH) */
};

/* Returns: what the endpoint has (from the probe); NONE offline. */
enum fetch_lookup_via fetch_lookup_via(const struct fetcher *f);

/* Returns: "trace_filter, eth_getLogs", or NULL for NONE. */
const char *fetch_lookup_methods(enum fetch_lookup_via via);

/* What the node's indexes say of one address in a window. */
struct fetch_lookup {
	uint64_t	*blocks;	/* rising, distinct; NULL for a hub */
	size_t		 nblocks;
	size_t		 txs;		/* distinct transactions found (a
					   hub: at least cap + 1) */
	int		 hub;		/* more than its cap: not listed */
};

/*
 * For each addrs[i]: the blocks of [from, to] where it sent or received
 * a transaction, or, when call traces are fetched (fetch_traces_via),
 * value in an inner call frame that did not fail or was created by one
 * (trace_filter, fromAddress then toAddress, pages of 500, at most
 * 200,000 traces), or appears as topic 1 of an ERC-20/721 Transfer, WETH
 * Deposit or Withdrawal log, or topic 2 of a Transfer (eth_getLogs in
 * spans the probe found accepted, halved when the node refuses one):
 * what the cache's address index would record of it, so that an address
 * seen in more than caps[i] distinct transactions (SIZE_MAX: no limit)
 * is a hub by the count a block scan makes: asking stops there and no
 * blocks are listed. Requests go in JSON-RPC batches; spans are asked as
 * the queue reaches them.
 * Returns: 0; -1 with err (ERR_USAGE without such methods, ERR_NET,
 *          ERR_SYS).
 * Out:     out[n]: release with fetch_lookup_release().
 */
int	fetch_lookup(struct fetcher *f, const struct eth_addr *addrs,
	    const size_t *caps, size_t n, uint64_t from, uint64_t to,
	    struct fetch_lookup *out, struct err *err);
void	fetch_lookup_release(struct fetch_lookup *l, size_t n);

/* A log's payout: its place and the address in its first data word. */
struct fetch_payout {
	uint64_t	 block;
	uint32_t	 tx;
	struct eth_addr	 to;
};

/*
 * The logs with topic 0 topic0 that emitters[n] emitted in [from, to]
 * (eth_getLogs), each with the address its first data word holds: the
 * recipients of the Tornado Cash pools' Withdrawal, which the event does
 * not index, in (block, tx) order; a span the node refuses is asked again
 * in halves. Nothing (0, none) without address-indexed methods.
 * Returns: 0; -1 with err (ERR_NET, ERR_SYS).
 * Out:     *out (malloc'd, free()), *nout.
 */
int	fetch_log_payouts(struct fetcher *f, const struct eth_addr *emitters,
	    size_t n, const uint8_t topic0[32], uint64_t from, uint64_t to,
	    struct fetch_payout **out, size_t *nout, struct err *err);

#define FETCH_SYMBOL_MAX	64

/* A token's symbol and decimals, as its contract answers them. */
struct fetch_token {
	char		 symbol[FETCH_SYMBOL_MAX];	/* raw bytes of the
							   answer, untrusted;
							   "" if none */
	int		 decimals;	/* -1: no usable answer */
};

/*
 * symbol() and decimals() of an ERC-20 contract, by eth_call, kept in the
 * database (meta "token.<address>") so each is asked once; offline, only
 * the database. A contract that reverts or answers strangely (bytes32
 * symbols are read too) gets decimals -1 and still traces, by address.
 * Returns: 1 known (from the cache or the node), 0 unknown offline, -1
 *          with err (ERR_NET, ERR_STORE).
 */
int	fetch_token_info(struct fetcher *f, const struct eth_addr *token,
	    struct fetch_token *out, struct err *err);

/*
 * Call fn for each range of blocks in [from, to] that is not cached
 * (what --offline cannot see). Returns: as store_blocks_missing().
 */
int	fetch_missing(struct fetcher *f, uint64_t from, uint64_t to,
	    int (*fn)(void *ctx, uint64_t first, uint64_t last), void *ctx,
	    struct err *err);

#endif
