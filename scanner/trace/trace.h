/*
 * trace.h - follow value hop by hop from seeds, forward (where did it go?)
 * or backward (where did it come from?), across ETH, internal transfers,
 * ERC-20 tokens, WETH and the Tornado Cash pools, under the taint models
 * of DESIGN.md (poison, haircut, fifo; per asset, amounts exact), against
 * the watchlists. Works on the block cache (scanner/store): the caller
 * makes sure the window is cached. Nothing here prints or touches the
 * network; results are plain structs for scanner/report.
 */
#ifndef SCANNER_TRACE_H
#define SCANNER_TRACE_H

#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "err.h"
#include "eth.h"
#include "store.h"
#include "u256.h"

/* What kind of value movement a transfer is (scanner.trace/1 "kind"). */
enum trace_kind {
	TRACE_NATIVE = 1,	/* a transaction's own ETH value */
	TRACE_INTERNAL,		/* ETH moved by a call frame */
	TRACE_ERC20,		/* an ERC-20 Transfer log */
	TRACE_WETH,		/* WETH Deposit / Withdrawal (ETH <-> WETH) */
	TRACE_MIXER		/* a Tornado Cash pool's Deposit / Withdrawal */
};

/* The zero address stands for ETH in trace_transfer.asset. */
#define TRACE_ASSET_ETH_IS_ZERO	1

/* One movement of value, as extracted from a cached block. */
struct trace_transfer {
	uint64_t		 block;
	uint64_t		 timestamp;
	uint32_t		 tx_index;
	uint32_t		 order;		/* position within the tx:
						   0 native, then frames, then
						   logs (numbers: see
						   trace_block_transfers) */
	struct eth_hash		 tx_hash;
	struct eth_addr		 from, to;
	struct eth_addr		 asset;		/* zero = ETH, else token */
	struct u256		 amount;	/* raw units */
	uint8_t			 kind;		/* enum trace_kind */
};

/* WETH-like contracts and Tornado Cash ETH pools the extractor knows. */
#define TRACE_KNOWN_MAX		16

struct trace_pool {
	struct eth_addr		 address;
	struct u256		 denomination;	/* wei per note */
};

struct trace_known {
	struct eth_addr		 weth[TRACE_KNOWN_MAX];	/* WETH9-like:
						   Deposit / Withdrawal */
	size_t			 nweth;
	struct trace_pool	 pools[TRACE_KNOWN_MAX];	/* ETH pools */
	size_t			 npools;
};

/*
 * Every transfer of one cached block, in (tx_index, order) order, amounts
 * of zero left out. For each transaction that did not fail (receipt
 * status 0 = failed; with no receipt status, a failed depth-0 frame;
 * else it counts as successful):
 *   order 0            its native value (to the created contract for a
 *                      creation: the receipt's contractAddress or the
 *                      depth-0 frame's; with no tx body, the depth-0
 *                      frame's value);
 *   order 1 + k        (with traces) frame k of the tx, counted over all
 *                      its frames, when at depth > 0, not failed, of
 *                      kind CALL, CREATE, CREATE2 or SELFDESTRUCT and with
 *                      a value (depth 0 duplicates the native value;
 *                      DELEGATECALL, CALLCODE, STATICCALL move none);
 *   order 1 + F + 2j   (F = the tx's frame count) for its log j:
 *                      ERC-20 Transfer (topic0 ddf252ad..., exactly
 *                      three topics, 32 bytes of data; four topics is
 *                      ERC-721: skipped) as erc20, asset = the emitter;
 *                      from a known WETH: Deposit(dst, wad) as an edge
 *                      WETH -> dst of asset WETH, wad (the ETH leg in is
 *                      the tx's value or a frame already);
 *                      Withdrawal(src, wad) as an edge src -> WETH of
 *                      asset WETH, wad (the burn: WETH9 logs no Transfer
 *                      for it) and, at order + 1, WETH -> src of ETH,
 *                      wad; from a known pool: Withdrawal(to, nullifier,
 *                      relayer, fee) as pool -> to of denomination -
 *                      fee and, at order + 1, pool -> relayer of fee,
 *                      both ETH, kind mixer, even without traces.
 * An ETH payout a log stands for that the traces already show (a frame
 * of the same tx, from, to and amount) is not added twice: that frame
 * takes the log's kind. ETH sent to a known pool is kind mixer (its
 * Deposit). Removed logs and reward frames are ignored.
 * In:      rs: NULL (or n 0) when the receipts are not cached (logs and
 *          statuses unseen); ts: NULL when the call traces are not.
 *          known: NULL for trace_known_default().
 * Returns: 0; -1 with err (ERR_SYS).
 * Out:     *out (malloc'd, free(); NULL when *n is 0), *n; *has_traces:
 *          0 when ts is NULL (internal ETH transfers unseen).
 */
int	trace_block_transfers(const struct eth_block *b,
	    const struct eth_receipts *rs, const struct eth_traces *ts,
	    const struct trace_known *known, struct trace_transfer **out,
	    size_t *n, int *has_traces, struct err *err);

/*
 * The built-in known contracts: mainnet WETH9 and the four Tornado Cash
 * Ethereum-mainnet ETH pools (0.1, 1, 10, 100 ETH; from
 * watchlist-sources/tornado-pools.csv, chain_id 1, token ETH).
 * Returns: a static table.
 */
const struct trace_known *trace_known_default(void);

/* Topic 0 of the events read: keccak256 of their signatures. */
extern const uint8_t trace_weth_deposit_topic[32];	/* Deposit(address,
							   uint256) */
extern const uint8_t trace_weth_withdrawal_topic[32];	/* Withdrawal(
							   address,uint256) */
extern const uint8_t trace_tornado_withdrawal_topic[32]; /* Withdrawal(
					address,bytes32,address,uint256) */

enum trace_direction {
	TRACE_FORWARD = 1,
	TRACE_BACKWARD
};

enum trace_model {
	TRACE_POISON = 1 << 0,
	TRACE_HAIRCUT = 1 << 1,
	TRACE_FIFO = 1 << 2,
	TRACE_ALL_MODELS = 7
};

/* A per-asset amount threshold (--min-value, --dust). */
struct trace_threshold {
	struct eth_addr		 asset;		/* zero = ETH */
	struct u256		 amount;	/* raw units */
};

#define TRACE_SEEDS_MAX		64
#define TRACE_THRESHOLDS_MAX	16

struct trace_seed {
	int			 is_tx;		/* a tx hash: seeds the
						   transfers that tx made */
	struct eth_addr		 address;
	struct eth_hash		 tx;
	uint64_t		 block;		/* tx seed: its block when
						   known; 0: searched for in
						   the window */
};

struct trace_query {
	struct trace_seed	 seeds[TRACE_SEEDS_MAX];
	size_t			 nseeds;
	enum trace_direction	 direction;
	unsigned		 hops;		/* default 5 */
	uint64_t		 from_block, to_block;	/* the window */
	unsigned		 models;	/* TRACE_* bits; the first set
						   is the primary model */
	struct trace_threshold	 min_value[TRACE_THRESHOLDS_MAX];
	size_t			 nmin_value;
	struct trace_threshold	 dust[TRACE_THRESHOLDS_MAX];
	size_t			 ndust;
	size_t			 max_nodes;	/* addresses reached; default
						   100000 */
	unsigned		 hub_degree;	/* more transactions than this
						   in the window make a hub;
						   default 200 */
	int32_t			 at;		/* watchlist day; DATE_NONE:
						   each transfer's own day */
	const struct trace_known *known;	/* NULL: the default */
	/* Addresses known to be hubs whatever the cache holds (e.g. the
	 * node's address index counted their transactions in the window
	 * and their blocks were not fetched): never expanded. */
	const struct eth_addr	*hubs;
	size_t			 nhubs;
	/* When not NULL: the only blocks read (rising; e.g. the ones the
	 * node's address index named and were fetched), so the result
	 * does not depend on what else the cache holds. */
	const uint64_t		*blocks;
	size_t			 nblocks;
};

/* Fill q with the defaults: forward, 5 hops, the whole chain as window,
 * poison, 100000 nodes, hub degree 200, at DATE_NONE, no seeds. A zero
 * hops, max_nodes, hub_degree, models or direction also means the
 * default in trace_run. */
void	trace_query_init(struct trace_query *q);

/* A path's end. */
enum trace_end {
	TRACE_END_HIT = 1,	/* a watchlist hit (mixer, sanctioned, heist,
				   custom) */
	TRACE_END_CASHOUT	/* an exchange or service */
};

enum trace_stop {
	TRACE_STOP_HUB = 1,
	TRACE_STOP_HOPS,
	TRACE_STOP_MIN_VALUE,
	TRACE_STOP_MAX_NODES,
	TRACE_STOP_DUST
};

/*
 * The tainted amount reaching a path's end under one model: the sum over
 * the transfers of the path's asset from traced addresses into the end
 * since it was reached. Backward traces report poison only (amount: what
 * the end sent into traced addresses before they sent on).
 */
struct trace_taint {
	enum trace_model	 model;
	struct eth_addr		 asset;
	struct u256		 amount;	/* raw units */
	/* share of what the end received from traced addresses that is
	 * tainted, as a fraction num/den (exact); den 0 when nothing was
	 * received */
	struct u256		 share_num, share_den;
};

/*
 * One path per end and asset. Its hops, seed side first: the transfer
 * into the end that first brought taint in that asset; before it, into
 * each address on the way, the first tainted transfer of the asset the
 * path leaves it in (a token path follows the token), or, when there is
 * none (a swap changed the asset), the first that reached the address.
 * Backward: the transfers each address was reached by.
 */
struct trace_path {
	struct trace_seed	 seed;
	enum trace_end		 end;
	struct eth_addr		 end_address;
	/* the listing that ended it (copied) */
	uint8_t			 category;
	char			 label[128];
	char			 source[64];
	struct trace_transfer	*hops;		/* seed side first (backward
						   too: hops[0] touches the
						   seed, the last leaves the
						   end); free() */
	size_t			 nhops;
	struct trace_taint	 taint[3];	/* one per model asked, in
						   the order poison, haircut,
						   fifo */
	size_t			 ntaint;
};

struct trace_stopped {
	struct eth_addr		 address;
	enum trace_stop		 reason;
	struct trace_transfer	 via;		/* the transfer that reached
						   it (hops, hub) or was not
						   followed into it (dust,
						   min-value, max-nodes);
						   backward: the one it made
						   (address is its sender) */
};

struct trace_result {
	struct trace_path	*paths;
	size_t			 npaths;
	struct trace_stopped	*stopped;
	size_t			 nstopped;
	/* summary */
	uint64_t		 blocks;	/* distinct blocks of the
						   window read (the index
						   says which) */
	uint64_t		 blocks_without_traces;	/* of those: internal
						   ETH transfers not visible */
	uint64_t		 blocks_without_receipts; /* logs not visible */
	uint64_t		 transfers;	/* transfers extracted from
						   those blocks */
	uint64_t		 edges;		/* transfers the search
						   evaluated: each transfer of
						   a traced address, once */
	uint64_t		 nodes;		/* addresses reached */
	uint64_t		 index_entries;	/* address index entries read */
	size_t			 hits, cashouts;
	/* The addresses expanded (seeds and traced addresses: their index
	 * entries in the window were read), in the order first met. A
	 * caller fetching only what the search needs makes sure each has
	 * all its blocks of the window cached, and runs again until this
	 * list brings nothing new. */
	struct eth_addr		*expanded;
	size_t			 nexpanded;
};

/*
 * Run a query on the cached blocks of [q->from_block, q->to_block].
 * The address index (store_addr_each) says which blocks to read: when an
 * address is reached, its entries in the window are read and its blocks
 * decoded (a bounded cache keeps them), plus the blocks without traces
 * where a known pool's Withdrawal paid it (the index cannot name such a
 * recipient). Nothing scans the window, except for a tx seed given
 * without its block.
 *
 * Forward: the transfers of traced addresses are walked in chain order
 * (block, tx_index, order), a transaction at a time. A seed address's
 * transfers are tainted in full; a tx seed's transfers are, and their
 * recipients are reached at hop 1. A transfer that carries taint under
 * a model asked reaches its recipient: hop = 1 + its sender's (the
 * first such transfer decides). The recipient then:
 *   - ends a path when one of its listings is active on the transfer's
 *     day (q->at when set): a hit category (mixer, sanctioned, heist,
 *     custom) before exchange/service (a cash-out). Checked when it is
 *     first reached; seeds never end. Past hubs, hops and max-nodes;
 *   - is listed max-nodes once q->max_nodes addresses are reached;
 *   - is listed hops at hop q->hops (reached, not expanded);
 *   - is listed hub when it takes part in more than q->hub_degree
 *     transactions of the window (its address index entries: fan-in and
 *     fan-out together, counted without reading a block), or is one of
 *     q->hubs; a known WETH is always one: it converts, and the value
 *     comes back by the swap rule;
 *   - else is expanded: its transactions after that one are queued; for
 *     haircut and fifo its transfers before it in the window are read
 *     as its starting balance (clean).
 * The walk takes the queued transactions in order, each once, and
 * evaluates each transfer with a traced address in it.
 * Taint per model (DESIGN.md; per asset, exact, rounded down):
 *   poison  every transfer out after the one that first brought taint
 *           (a transfer earlier in the same block is not: it cannot
 *           carry value received after it);
 *   haircut amount * tainted received / received, since the window
 *           start;
 *   fifo    received lots queued, oldest spent first; spending past the
 *           queue spends the balance held before the window, unknown
 *           and taken as clean.
 * Swaps: a transfer that carries no taint into a traced address that
 * sends value out in the same transaction is a return: it is credited
 * after the transaction, tainted at the largest share (over the assets)
 * of what the address sent out in it. Gas is not a transfer.
 * min-value and dust: a transfer below the threshold of its asset is not
 * followed (its recipient, if not reached otherwise, is listed
 * min-value or dust; dust is checked first) and brings no taint to an
 * address already traced; it makes no hit by itself.
 *
 * Backward: from each seed, its incoming transfers in the window, latest
 * first; each sender reached is traced in turn from before the transfer
 * it made (where did the money come from), with the same hops, hub,
 * max-nodes, min-value and dust rules, dust and min-value applying to
 * transfers into traced addresses (the sender is listed). Poison
 * semantics: every incoming transfer counts in full; a path's taint is
 * what the end sent into traced addresses; q->models is ignored.
 * Returns: 0; -1 with err (ERR_STORE, ERR_SYS; ERR_INPUT: no seed, more
 *          than TRACE_SEEDS_MAX, an empty window, or a tx seed not in
 *          the cached blocks of the window).
 * Out:     res: release with trace_result_release(). Paths in the order
 *          their ends were first reached; stopped in the order the
 *          addresses were first met.
 */
int	trace_run(struct store *st, const struct trace_query *q,
	    struct trace_result *res, struct err *err);

void	trace_result_release(struct trace_result *res);

/* Returns: static names for reports ("native", "poison", "hub"...). */
const char *trace_kind_name(int kind);
const char *trace_model_name(int model);
const char *trace_stop_name(int reason);

#endif
