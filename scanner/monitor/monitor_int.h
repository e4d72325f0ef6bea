/*
 * monitor_int.h - what the files of the monitor share: a batch of cached
 * blocks read into memory with its transfers and the listings of every
 * address they touch (scan.c), and the rules that turn it into alerts
 * and taint entries inside one write transaction. Private to
 * scanner/monitor/ and its unit test.
 */
#ifndef SCANNER_MONITOR_INT_H
#define SCANNER_MONITOR_INT_H

#include <stddef.h>
#include <stdint.h>

#include "monitor.h"
#include "store.h"
#include "trace.h"

/* Flags of an address on a day, from its active listings. */
#define MON_HIT		0x1u	/* mixer, sanctioned, heist, custom */
#define MON_OWN		0x2u	/* the user's own */
#define MON_CASHOUT	0x4u	/* exchange, service */

struct mon_block {
	uint64_t		 number;
	uint64_t		 timestamp;
	int32_t			 day;
	struct eth_hash		 hash, parent;
	size_t			 first, n;	/* its transfers in xs */
};

struct mon_addr {
	struct eth_addr		 a;
	uint32_t		 lfirst, ln;	/* its listings in ls */
};

struct mon_xfer {
	struct trace_transfer	 t;
	uint32_t		 from, to;	/* indices in addrs */
};

struct mon_batch {
	struct mon_block	*blocks;
	size_t			 nblocks, capblocks;
	struct mon_xfer		*xs;
	size_t			 nxs, capxs;
	struct mon_addr		*addrs;
	size_t			 naddrs, capaddrs;
	uint32_t		*slots;		/* hash table of addrs: index
						   + 1, 0 empty */
	size_t			 nslots;
	struct store_alert_listing *ls;
	size_t			 nls, capls;
	uint64_t		 stop;		/* mon_batch_load: the number it
						   stopped at (missing or not
						   chaining), or 0 */
};

/* How mon_batch_load() ended. */
enum {
	MON_LOAD_OK = 0,	/* every block of the range */
	MON_LOAD_MISSING,	/* block b->stop is not cached */
	MON_LOAD_BROKEN		/* block b->stop does not chain to the one
				   before it (its parent hash differs) */
};

/*
 * Read cached blocks [from, to] (only the transfers of transaction
 * *only_tx when given), each checked to chain to the one before it (the
 * first to *prev when given), with the listings of every address their
 * transfers touch and of the origins of those addresses' taint entries.
 * Returns: MON_LOAD_* (b holds the blocks before b->stop); -1 with err.
 * Out:     b, release with mon_batch_release().
 */
int	mon_batch_load(struct mon_batch *b, struct store *st, uint64_t from,
	    uint64_t to, const struct eth_hash *prev,
	    const struct eth_hash *only_tx, struct err *err);
void	mon_batch_release(struct mon_batch *b);

/* The rules' parameters. */
struct mon_rules {
	unsigned		 hops;		/* --hops */
	uint8_t			 channels;	/* STORE_CH_* of new alerts */
	int64_t			 now;		/* created_at of new alerts */
	int			 taint_only;	/* a past seed tx: taint only,
						   no cursor, no hashes */
	int			 move_cursor;	/* set "next" past the batch
						   and keep the hashes */
	uint64_t		 expect_next;	/* "next" must be this */
	const struct eth_hash	*put_seed;	/* a tx seed to record in the
						   same transaction, or NULL */
};

/*
 * Apply the rules to batch b in one write transaction: alerts recorded
 * (an id already recorded is left alone), taint entries, the scanned
 * hashes and "next" (r->move_cursor). The crash point "txn" is in it.
 * Returns: the number of alerts recorded; -1 with err and nothing
 *          changed (ERR_STORE "the monitor's cursor moved" when "next" is
 *          not r->expect_next).
 */
long	mon_batch_commit(struct store *st, const struct mon_batch *b,
	    const struct mon_rules *r, struct err *err);

/* Kill the process here when SCANNER_MONITOR_CRASH names point. */
void	mon_crash_point(const char *point);

struct http;
struct rpc;

/* One run (monitor.c), as chain.c and deliver.c see it. */
struct mon_run {
	const struct monitor_opts	*o;
	struct monitor_summary		*sum;
	struct http			*http;		/* NULL: no webhook */
	uint8_t				 channels;	/* of new alerts */
	unsigned			 hops;
	uint64_t			 batch;
	uint64_t			 next;		/* first block not
							   scanned */
	int				 webhook_down;	/* failed this run:
							   not tried again */
};

/* Pass a message to o->warn. */
void	mon_warn(const struct mon_run *R, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* Where the monitor stands (mon_state_txn reads it, store_mon_read). */
struct mon_state {
	uint64_t		 next;
	int			 has_next;
	struct eth_hash		 prev;		/* hash of next - 1 */
	int			 has_prev;
	uint64_t		 lowest;	/* oldest block of the window */
	int			 has_lowest;
};

int	mon_state_txn(struct store_mon *m, void *ctx, struct err *err);

/*
 * Deliver the outbox (deliver.c): stdout through the sink, then the
 * webhook (unless it failed already this run: R->webhook_down, and the
 * failure in R->sum).
 * Returns: 0; -1 with err (the sink or the store failed).
 */
int	mon_deliver(struct mon_run *R, struct err *err);

/*
 * The node's hashes of blocks [from, to], in one batch (chain.c).
 * Returns: 0; -1 with err (ERR_NET, ERR_USAGE without a node).
 */
int	mon_node_hashes(struct rpc *rpc, uint64_t from, uint64_t to,
	    struct eth_hash *out, struct err *err);

/*
 * Compare the hash of block next - 1 with the node's; on a mismatch find
 * the fork in the window, drop the orphaned blocks from the cache and
 * roll the monitor back to it (R->next moves back). A node whose head is
 * below next - 1 is waited for (nothing changes).
 * Returns: 0; -1 with err (ERR_VERIFY: deeper than the window).
 */
int	mon_check_reorg(struct mon_run *R, struct err *err);

/* Drop the cached blocks of [from, to] from the first that is not the
 * node's. Returns: 0; -1 with err. */
int	mon_reconcile(struct mon_run *R, uint64_t from, uint64_t to,
	    struct err *err);

/* Record the --follow seeds of R->o. Returns: 0; -1 with err. */
int	mon_add_seeds(struct mon_run *R, struct err *err);

#endif
