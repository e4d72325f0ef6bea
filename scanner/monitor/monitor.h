/*
 * monitor.h - `scanner monitor`: scan the blocks that arrived since the
 * last run and alert, once, on (a) transfers touching a watchlist hit,
 * (b) transfers touching the user's own addresses (category `own`) whose
 * counterparty is a hit or within --hops of one, (c) value reaching new
 * addresses from followed seeds (live taint). Each batch's alerts, taint
 * entries and cursor move in one LMDB transaction; alerts are delivered
 * afterwards from an outbox (stdout through the caller's sink, a webhook
 * by POST) and marked delivered, so a run killed anywhere loses nothing.
 * Reorgs are found by block hash, rolled back and rescanned. Nothing here
 * prints; the sink does.
 */
#ifndef SCANNER_MONITOR_H
#define SCANNER_MONITOR_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "http.h"
#include "store.h"

struct fetcher;
struct rpc;

#define MONITOR_CONFIRMATIONS_DEFAULT	12
#define MONITOR_HOPS_DEFAULT		3
#define MONITOR_HOPS_MAX		32
#define MONITOR_BATCH_DEFAULT		100	/* blocks per transaction */
#define MONITOR_LOCK_FILE		"monitor.lock"

/*
 * Where alerts go to be printed. emit gets each pending alert in the
 * order it was recorded, with its scanner.alert/1 JSON (one line, no
 * newline); flush makes what emit wrote durable (fflush). An alert is
 * marked printed only after flush returned 0: a run killed between the
 * two prints it again on the next run (ids are stable: consumers dedupe).
 * Both return 0, or -1 with err (the alerts stay pending).
 */
struct monitor_sink {
	int	(*emit)(void *ctx, const struct store_alert *a,
		    const char *json, struct err *err);
	int	(*flush)(void *ctx, struct err *err);
	void	*ctx;
};

typedef void	monitor_warn_fn(void *ctx, const char *msg);

struct monitor_opts {
	struct store		*st;		/* borrowed */
	struct fetcher		*f;		/* borrowed; NULL: deliver
						   what is pending, scan
						   nothing */
	struct rpc		*rpc;		/* borrowed: block hashes (reorg
						   checks), tx seeds */
	const char		*lock_dir;	/* the database directory: the
						   lock file goes there */
	int			 has_start;
	uint64_t		 start;		/* first block of a first run */
	uint64_t		 confirmations;	/* blocks left below the head */
	unsigned		 hops;		/* 1..MONITOR_HOPS_MAX; 0:
						   the default */
	uint64_t		 batch;		/* 0: MONITOR_BATCH_DEFAULT */
	double			 wait;		/* seconds to wait for the lock
						   another run holds */
	const char *const	*follow;	/* seeds: addresses or tx
						   hashes, as typed */
	size_t			 nfollow;
	const char		*webhook;	/* URL, or NULL */
	const char		*webhook_secret;	/* sent as
						   "Authorization: Bearer S";
						   NULL: none */
	struct http_opts	 http;		/* webhook retries, timeouts */
	struct monitor_sink	 sink;
	monitor_warn_fn		*warn;		/* may be NULL */
	void			*warn_ctx;
};

/* What a run did. */
struct monitor_summary {
	int			 locked;	/* 1 once the lock was taken */
	int			 scanned;	/* 1 when blocks were scanned */
	uint64_t		 from, to;	/* the blocks scanned */
	uint64_t		 head;		/* the node's head */
	uint64_t		 next;		/* first block not scanned */
	uint64_t		 recorded;	/* new alerts recorded */
	uint64_t		 emitted;	/* alerts given to the sink */
	uint64_t		 posted;	/* alerts the webhook took */
	uint64_t		 pending;	/* still in the outbox */
	uint64_t		 reorgs;	/* rollbacks done */
	uint64_t		 rolled_back;	/* blocks rolled back */
	uint64_t		 seeds_added;
	int			 webhook_failed;	/* webhook_err says why;
						   the alerts stay queued */
	struct err		 webhook_err;
	int			 verify_failed;	/* a block failed
						   verification: the scan
						   stopped before it */
	uint64_t		 verify_block;
};

/*
 * One run: take the lock (waiting up to o->wait seconds), deliver what an
 * earlier run left pending, roll back a reorg, add the seeds, scan
 * [next, head - confirmations] in batches (fetch, check the hash chain,
 * record alerts and move the cursor in one transaction, deliver), and
 * release the lock. A first run starts at o->start, else after the head
 * minus the confirmations. A reorg deeper than STORE_MON_WINDOW blocks is
 * an error (ERR_VERIFY) and changes nothing.
 * Returns: 0 (see sum: verification failures and webhook failures are
 *          there, not in err); -1 with err: ERR_STORE when another run
 *          holds the lock ("another monitor is running on 'DIR'"), ERR_NET,
 *          ERR_USAGE (a bad seed), ERR_INPUT, ERR_VERIFY. What was
 *          committed before the failure stays, with its alerts.
 * Out:     sum (filled as far as the run went, on -1 too).
 *
 * Test hook: the environment variable SCANNER_MONITOR_CRASH=POINT[:N]
 * makes the process SIGKILL itself the Nth time (default 1st) it reaches
 * POINT: "fetched" (a batch cached, nothing recorded), "txn" (inside the
 * write transaction, everything written, not committed), "committed"
 * (after the commit, before delivery), "printed" (after the sink's flush,
 * before marking printed), "posted" (after a webhook 2xx, before marking
 * it), "delivered" (after marking).
 */
int	monitor_run(const struct monitor_opts *o, struct monitor_summary *sum,
	    struct err *err);

/*
 * An alert's id: keccak256 of "scanner.alert/1", a zero byte, the kind,
 * the block hash, the tx hash, the transfer's order (u32 big-endian) and
 * the address (20 bytes). The same transfer in the same block gives the
 * same id on every run and every machine; a reorg that moves it to
 * another block gives another.
 */
void	monitor_alert_id(uint8_t id[32], uint8_t kind,
	    const struct eth_hash *block_hash, const struct eth_hash *tx,
	    uint32_t order, const struct eth_addr *address);

/*
 * Render a as one scanner.alert/1 JSON line (no newline).
 * Returns: 0; -1 with ERR_SYS. Out: *out, free with free().
 */
int	monitor_alert_json(const struct store_alert *a, char **out,
	    struct err *err);

/* Returns: "watchlist", "exposure", "taint", "reorg" or "unknown". */
const char *monitor_kind_name(int kind);

#endif
