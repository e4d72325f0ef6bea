/*
 * store.h - the one LMDB environment of a scanner database and the encoding
 * of every named database in it. The only module that includes lmdb.h.
 * Keys are canonical binary (struct addr keys), values a versioned binary
 * encoding. The map grows by itself when full. Nothing here prints.
 *
 * Named databases (watchlist part):
 *   meta        string key -> bytes ("format" = "scanner-store/1", ...)
 *   wl_addr     addr key -> version byte, then every listing of the address
 *   wl_src      source name -> source metadata
 *   wl_src_addr source name -> addr key (dupsort): the addresses a source
 *               lists, so a source can be replaced or removed
 */
#ifndef SCANNER_STORE_H
#define SCANNER_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "../base/addr.h"
#include "../base/err.h"
#include "../base/eth.h"

struct store;

#define STORE_RDONLY	0x1	/* open read-only (no seeding, no writes) */

#define STORE_NAME_MAX	64	/* bytes of a source name, with NUL */

/*
 * Open (creating it and its directory if needed) the database in dir.
 * Returns: 0; -1 with ERR_STORE when the directory cannot be created or
 *          written ("cannot open database '/x': Permission denied"), or
 *          when the file there is not LMDB or not a scanner database.
 * Out:     *out, free with store_close().
 */
int	store_open(struct store **out, const char *dir, unsigned flags,
	    struct err *err);

/* Close and free; accepts NULL. */
void	store_close(struct store *st);

/* Returns: the map size in bytes now (it grows when a write fills it). */
size_t	store_map_size(const struct store *st);

/*
 * Small string-keyed metadata.
 * store_meta_get: Returns: 1 found (value copied, *len set; truncated to
 * cap), 0 absent, -1 error.
 */
int	store_meta_get(struct store *st, const char *key, void *buf,
	    size_t cap, size_t *len, struct err *err);
int	store_meta_put(struct store *st, const char *key, const void *val,
	    size_t len, struct err *err);

/* One listing of an address, as stored. Strings are NUL-terminated. */
struct store_listing {
	const char	*source;
	uint8_t		 category;	/* enum wl_category; opaque here */
	int32_t		 listed_on;	/* days, or DATE_NONE if unknown */
	int32_t		 delisted_on;	/* days, or DATE_NONE if none */
	const char	*label;		/* "" if none */
	const char	*reference;	/* "" if none */
};

/* What the database knows of one source. */
struct store_source {
	char		 name[STORE_NAME_MAX];
	char		 format[16];	/* "csv", "lines", "ofac-xml", ... */
	char		 origin[256];	/* file name or URL it came from */
	int64_t		 imported_at;	/* Unix time of the import */
	int32_t		 issued;	/* the list's own date, or DATE_NONE */
	uint32_t	 addresses;	/* distinct addresses it lists */
	uint32_t	 listings;
};

/* One source's full content, for store_wl_replace(). */
struct store_wl_import {
	struct store_source		 meta;
	size_t				 n;
	const struct addr		*addrs;		/* n of them */
	const struct store_listing	*listings;	/* n; .source ignored:
							   meta.name is used */
};

/*
 * Replace the sources named in imp[0..nimp-1] with exactly the listings
 * given (any earlier listings of those sources go), all in one write
 * transaction: either every source is replaced or nothing changes.
 * If mark_seeded, also records that the bundled lists were loaded.
 * Returns: 0; -1 (ERR_STORE) and the database as it was.
 */
int	store_wl_replace(struct store *st, const struct store_wl_import *imp,
	    size_t nimp, int mark_seeded, struct err *err);

/*
 * Remove every listing of source name (one transaction).
 * Returns: 1 removed, 0 no such source, -1 error.
 */
int	store_wl_remove(struct store *st, const char *name, struct err *err);

/* Returns: 1 if the bundled lists were ever loaded, 0 if not, -1 error. */
int	store_wl_seeded(struct store *st, struct err *err);

/*
 * The sources, sorted by name.
 * Out:     *out: array of *n, free with free().
 */
int	store_wl_sources(struct store *st, struct store_source **out,
	    size_t *n, struct err *err);

/*
 * Call fn for every listing of source name, in key order. The pointers
 * passed are valid during the call only. fn returns 0 to go on, non-zero
 * to stop (that value is returned).
 * Returns: 0, fn's non-zero value, or -1 on error.
 */
int	store_wl_each(struct store *st, const char *name,
	    int (*fn)(void *ctx, const struct addr *a,
	    const struct store_listing *l), void *ctx, struct err *err);

/*
 * Screening: a read transaction held across many look-ups.
 */
struct store_reader;

int	store_reader_begin(struct store *st, struct store_reader **out,
	    struct err *err);
/* Ends the transaction and frees; accepts NULL. */
void	store_reader_end(struct store_reader *rd);

/*
 * Every listing of address a.
 * Returns: 1 found, 0 absent, -1 error (a value that does not decode).
 * Out:     out[0..*n-1] (at most cap; *n is the full count even when it
 *          is larger than cap); strings point into the database map,
 *          valid until the next look-up on rd or store_reader_end().
 */
int	store_wl_lookup(struct store_reader *rd, const struct addr *a,
	    struct store_listing *out, size_t cap, size_t *n,
	    struct err *err);

/* Raw LMDB get of the same key, for the benchmark's baseline. */
int	store_wl_lookup_raw(struct store_reader *rd, const struct addr *a);

/*
 * Block cache: blocks, their receipts and call traces as fetched (and,
 * as the flags say, verified), and an address index, so nothing is
 * fetched twice and `--offline` runs from the cache alone.
 *
 * Named databases (block cache part; keys are u64 block numbers, big-
 * endian, so they sort in chain order):
 *   blk      number -> u8 version (1) | u32 flags (LE) | 32 block hash |
 *            block body (store_block_encode)
 *   blk_hash block hash -> number
 *   rcpt     number -> u8 version (1) | 32 block hash | receipts body
 *   trc      number -> u8 version (1) | 32 block hash | traces body
 *   addr_idx 20-byte address -> (dupsort, fixed 13 bytes, sorted)
 *            u64 BE block | u32 BE tx index | u8 enum store_role
 *
 * A block is written whole in one write transaction with everything that
 * derives from it: a killed process leaves whole blocks or none.
 */

/* Flags of a cached block. The caller sets the verification bits. */
#define STORE_BLK_VERIFIED_HEADER	0x0001u	/* header hash recomputed,
						   parent chains */
#define STORE_BLK_VERIFIED_TXROOT	0x0002u	/* transactionsRoot and tx
						   hashes recomputed */
#define STORE_BLK_VERIFIED_SENDERS	0x0004u	/* every sender recovered */
#define STORE_BLK_VERIFIED_RECEIPTS	0x0008u	/* receiptsRoot recomputed */
#define STORE_BLK_VERIFIED_MASK		0xffffu	/* bits a caller may set */
/* Set by the store: which parts are cached. */
#define STORE_BLK_HAS_RECEIPTS		0x10000u
#define STORE_BLK_HAS_TRACES		0x20000u

/*
 * What an address did in a block, as the address index records it.
 * tx index: the transaction's position; for WITHDRAWAL the withdrawal's
 * position in the block; for MINER STORE_TX_NONE.
 */
enum store_role {
	STORE_ROLE_TX_FROM = 1,	/* sender of a transaction (from the tx,
				   or its receipt when it has from) */
	STORE_ROLE_TX_TO,	/* its recipient (not for creations) */
	STORE_ROLE_CREATED,	/* contract created: the receipt's
				   contractAddress, or a CREATE/CREATE2
				   frame that did not fail */
	STORE_ROLE_LOG,		/* emitted a log */
	STORE_ROLE_XFER_FROM,	/* topic 1 of an ERC-20/721 Transfer log */
	STORE_ROLE_XFER_TO,	/* topic 2 of one */
	STORE_ROLE_CALL_FROM,	/* sent value in a call frame that did not
				   fail (CALL, CREATE*, SELFDESTRUCT,
				   REWARD; not DELEGATECALL, STATICCALL or
				   CALLCODE, which move none) */
	STORE_ROLE_CALL_TO,	/* received it */
	STORE_ROLE_WITHDRAWAL,	/* beacon withdrawal recipient */
	STORE_ROLE_MINER	/* fee recipient (coinbase) */
};

#define STORE_TX_NONE	0xffffffffu

/* keccak256("Transfer(address,address,uint256)"), the log's topic 0. */
extern const uint8_t store_transfer_topic[32];

/*
 * Cache block b (keyed by b->h.number) with its receipts (NULL: none
 * now) and call traces (NULL: none now), in one write transaction. flags
 * are the STORE_BLK_VERIFIED_* bits that passed (other bits ignored).
 * The same block again (same hash) keeps what it had: the flags are
 * or-ed, receipts or traces not given now stay. A different block at
 * that number (a reorg) replaces the old one with its receipts, traces
 * and index entries. The address index is brought to exactly what the
 * cached parts say. A cached block that no longer decodes is replaced
 * too (its stale index entries are then found by a scan of addr_idx).
 * Returns: 0 stored; 1 stored, replacing a different block (reorg); -1
 *          with err and the database as it was: ERR_INPUT when a part
 *          cannot be encoded (a log with 5 topics, a count with no
 *          array) or receipts->n is not the number of transactions
 *          (or of tx_hashes, for a block of hashes only), ERR_STORE,
 *          ERR_SYS.
 */
int	store_block_put(struct store *st, const struct eth_block *b,
	    const struct eth_receipts *receipts,
	    const struct eth_traces *traces, uint32_t flags,
	    struct err *err);

/* One block of store_blocks_put(). */
struct store_block_in {
	const struct eth_block		*block;
	const struct eth_receipts	*receipts;	/* or NULL */
	const struct eth_traces		*traces;	/* or NULL */
	uint32_t			 flags;
};

/*
 * store_block_put() for n blocks in one write transaction (one disk
 * sync instead of n): all of them are cached or none.
 * Returns: the number of blocks that replaced a different one; -1 with
 *          err and nothing changed.
 */
long	store_blocks_put(struct store *st, const struct store_block_in *in,
	    size_t n, struct err *err);

/*
 * Read block number back.
 * Returns: 1 found; 0 not cached; -1 with err (ERR_STORE for a value that
 *          does not decode, ERR_SYS).
 * Out:     *block (release with eth_block_release()); *receipts and
 *          *traces when asked for (non-NULL) and cached (flags say
 *          STORE_BLK_HAS_*), else left empty (n = 0), release them too;
 *          *flags (may be NULL). On 0 and -1 everything is empty.
 */
int	store_block_get(struct store *st, uint64_t number,
	    struct eth_block *block, struct eth_receipts *receipts,
	    struct eth_traces *traces, uint32_t *flags, struct err *err);

/*
 * Flags and hash of cached block number, without decoding it.
 * Returns: 1 found, 0 not cached, -1 with err.
 * Out:     *flags, *hash (either may be NULL).
 */
int	store_block_flags(struct store *st, uint64_t number, uint32_t *flags,
	    struct eth_hash *hash, struct err *err);

/*
 * The number of the cached block with hash h.
 * Returns: 1 found (*number set), 0 not cached, -1 with err.
 */
int	store_block_number(struct store *st, const struct eth_hash *h,
	    uint64_t *number, struct err *err);

/*
 * Call fn for each maximal range [first, last] of numbers in [from, to]
 * with no cached block, in rising order (one cursor walk over the cached
 * numbers). fn runs inside a read transaction: it must not write to st.
 * fn returns 0 to go on, non-zero to stop (that value is returned).
 * Returns: 0, fn's non-zero value, or -1 with err. Nothing if from > to.
 */
int	store_blocks_missing(struct store *st, uint64_t from, uint64_t to,
	    int (*fn)(void *ctx, uint64_t first, uint64_t last), void *ctx,
	    struct err *err);

/*
 * Call fn for every index entry of address a in blocks [from, to], in
 * (block, tx index, role) order; same rules for fn as above.
 * Returns: 0, fn's non-zero value, or -1 with err.
 */
int	store_addr_each(struct store *st, const struct eth_addr *a,
	    uint64_t from, uint64_t to, int (*fn)(void *ctx, uint64_t block,
	    uint32_t tx_index, enum store_role role), void *ctx,
	    struct err *err);

struct store_cache_stats {
	uint64_t	 blocks;
	uint64_t	 receipts;	/* blocks with their receipts */
	uint64_t	 traces;	/* blocks with their call traces */
	uint64_t	 index_entries;
	uint64_t	 lowest, highest;	/* cached numbers; 0 if none */
};

int	store_cache_stats(struct store *st, struct store_cache_stats *out,
	    struct err *err);

/*
 * The value bodies of blk, rcpt and trc (format in cacheenc.c), exposed
 * for tests and benchmarks. Every field comes back as it went in, int
 * booleans as 0/1; topics past ntopics are not kept (they read as zero);
 * an empty byte string reads back as NULL, 0.
 * encode: Returns: 0; -1 with ERR_INPUT (a log with more than 4 topics,
 *         a count with a NULL array) or ERR_SYS.
 *         Out: *out (free with free()), *len.
 * decode: Returns: 0; -1 with ERR_STORE (corrupt: truncated, bytes over,
 *         bad count or flag) or ERR_SYS.
 *         Out: the struct with its own arena (release it with
 *         eth_*_release()); emptied on -1.
 */
int	store_block_encode(uint8_t **out, size_t *len,
	    const struct eth_block *b, struct err *err);
int	store_receipts_encode(uint8_t **out, size_t *len,
	    const struct eth_receipts *rs, uint64_t number, struct err *err);
int	store_traces_encode(uint8_t **out, size_t *len,
	    const struct eth_traces *ts, uint64_t number, struct err *err);
int	store_block_decode(struct eth_block *b, const void *p, size_t len,
	    struct err *err);
int	store_receipts_decode(struct eth_receipts *rs, const void *p,
	    size_t len, struct err *err);
int	store_traces_decode(struct eth_traces *ts, const void *p, size_t len,
	    struct err *err);

/*
 * Monitor state (`scanner monitor`, monstore.c): where the monitor stands
 * in the chain, the hashes of the blocks it scanned (to see reorgs), the
 * live taint set, and its alerts with an outbox for delivery. The
 * monitor writes them only through store_mon_write(), so that a batch's
 * alerts, taint entries and the cursor move in one transaction.
 *
 * Named databases (monitor part; numbers u64 big-endian):
 *   mon_state     string key -> u64 LE ("next": first block not scanned,
 *                 "seq": next outbox sequence number)
 *   mon_blk       number -> 32-byte hash of a scanned block (the last
 *                 STORE_MON_WINDOW of them)
 *   mon_taint     u8 kind | 20 address | number -> u8 version (1) | u8 hops
 *                 | u32 tx index | u32 order | 32 tx hash | 20 from |
 *                 20 origin (one entry each time an address is reached
 *                 with fewer hops than before)
 *   mon_taint_blk number -> (dupsort, fixed 21) u8 kind | 20 address: the
 *                 taint entries a block made, for rollback
 *   mon_seed      32 tx hash -> u8 version: transactions to follow
 *   mon_alert     32-byte alert id -> the alert (monstore.c has the layout)
 *   mon_alert_blk number -> (dupsort, fixed 32) the ids of its alerts
 *   mon_outbox    u64 BE sequence -> 32-byte id: alerts some channel has
 *                 not delivered yet, in the order they were recorded
 */

/* Scanned block hashes kept: the deepest reorg the monitor can undo. */
#define STORE_MON_WINDOW	256

/* Why an address is in the taint set. */
enum store_taint_kind {
	STORE_TAINT_FOLLOW = 1,	/* reached from a --follow seed */
	STORE_TAINT_HIT = 2	/* reached from a watchlist hit */
};

/* One taint entry. */
struct store_taint {
	uint8_t			 kind;		/* enum store_taint_kind */
	struct eth_addr		 address;
	uint64_t		 block;		/* where it was reached; 0 for a
						   seed the user gave */
	uint8_t			 hops;		/* 0 for a seed */
	uint32_t		 tx_index, order;	/* the transfer that
						   reached it */
	struct eth_hash		 tx;
	struct eth_addr		 from;		/* who sent it */
	struct eth_addr		 origin;	/* the seed or hit it derives
						   from */
};

/* Alert kinds (scanner.alert/1 "kind"); values are stored. */
enum store_alert_kind {
	STORE_ALERT_WATCHLIST = 1,
	STORE_ALERT_EXPOSURE = 2,
	STORE_ALERT_TAINT = 3,
	STORE_ALERT_REORG = 4	/* a note: delivered alerts were orphaned */
};

/* Delivery channels of an alert (bits). */
#define STORE_CH_STDOUT		0x1u
#define STORE_CH_WEBHOOK	0x2u

#define STORE_ALERT_LISTINGS	8	/* listings kept with an alert */
#define STORE_ALERT_LABEL	128	/* bytes of a kept label, with NUL */
#define STORE_ALERT_RETRACT	64	/* ids a reorg note lists */

/* A listing as an alert keeps it (copied when the alert is made). */
struct store_alert_listing {
	char			 source[STORE_NAME_MAX];
	uint8_t			 category;	/* enum wl_category */
	int32_t			 listed_on, delisted_on;	/* days or
						   DATE_NONE */
	char			 label[STORE_ALERT_LABEL];	/* cut to
						   fit */
};

/* One alert as recorded. */
struct store_alert {
	uint8_t			 id[32];	/* stable: see monitor.h */
	uint8_t			 kind;		/* enum store_alert_kind */
	uint8_t			 pending;	/* STORE_CH_* still to do */
	uint8_t			 delivered;	/* STORE_CH_* done */
	uint64_t		 seq;		/* set by store_mon_alert_add */
	int64_t			 created_at;	/* Unix time recorded */
	uint64_t		 block;		/* reorg: first orphaned number */
	uint64_t		 timestamp;	/* the block's */
	struct eth_hash		 block_hash;	/* reorg: the orphaned one */
	uint32_t		 tx_index, order;
	struct eth_hash		 tx;
	uint8_t			 transfer_kind;	/* enum trace_kind; 0: none */
	struct eth_addr		 from, to, asset;	/* asset 0 = ETH */
	struct u256		 amount;	/* raw units */
	struct eth_addr		 address;	/* who the alert is about */
	struct eth_addr		 counterparty;	/* the other side */
	struct eth_addr		 origin;	/* exposure, taint: the hit or
						   seed it derives from */
	uint8_t			 via;		/* exposure: 0 the counter-
						   party is a hit, else the
						   store_taint_kind */
	uint8_t			 hops;
	size_t			 nlistings;
	struct store_alert_listing listings[STORE_ALERT_LISTINGS];
	uint32_t		 nretracts;	/* reorg: delivered alerts of
						   the orphaned blocks */
	uint32_t		 reorg_depth;	/* reorg: blocks orphaned */
	uint8_t			 retracts[STORE_ALERT_RETRACT][32];	/*
						   the first of their ids */
};

/* A transaction on the monitor's databases (valid inside the callback). */
struct store_mon;

/*
 * Run fn in one write transaction (store_mon_write) or a read one
 * (store_mon_read; the mutators then fail with ERR_STORE) and commit. On
 * a full map the write starts over in a bigger one: fn must depend only
 * on ctx and what it reads through m, and must not keep anything from an
 * earlier attempt.
 * Returns: fn's value >= 0 once committed; -1 with err and, for a write,
 *          nothing changed.
 */
typedef int	(*store_mon_fn)(struct store_mon *m, void *ctx,
		    struct err *err);
int	store_mon_write(struct store *st, store_mon_fn fn, void *ctx,
	    struct err *err);
int	store_mon_read(struct store *st, store_mon_fn fn, void *ctx,
	    struct err *err);

/*
 * Small counters of mon_state ("next", "seq"; key of 1 to 32 bytes).
 * get: Returns: 1 found (*v), 0 absent, -1 with err.
 */
int	store_mon_state_get(struct store_mon *m, const char *key,
	    uint64_t *v, struct err *err);
int	store_mon_state_put(struct store_mon *m, const char *key, uint64_t v,
	    struct err *err);

/*
 * The hash of scanned block number.
 * get: Returns: 1 found, 0 not in the window, -1 with err.
 * put: also drops the hashes of blocks below number - STORE_MON_WINDOW.
 * lowest: Returns: 1 (*number: the oldest block in the window), 0 none.
 */
int	store_mon_hash_get(struct store_mon *m, uint64_t number,
	    struct eth_hash *hash, struct err *err);
int	store_mon_hash_put(struct store_mon *m, uint64_t number,
	    const struct eth_hash *hash, struct err *err);
int	store_mon_hash_lowest(struct store_mon *m, uint64_t *number,
	    struct err *err);

/*
 * The taint entry of (kind, address) with the fewest hops (the earliest
 * block among equals).
 * Returns: 1 found (*out), 0 not tainted, -1 with err.
 */
int	store_mon_taint_get(struct store_mon *m, uint8_t kind,
	    const struct eth_addr *a, struct store_taint *out,
	    struct err *err);

/*
 * Record t (keyed by kind, address, block; the same key again is
 * overwritten) and index it under its block for rollback.
 */
int	store_mon_taint_put(struct store_mon *m, const struct store_taint *t,
	    struct err *err);

/* Tx seeds. has: Returns: 1 a seed, 0 not, -1 with err. */
int	store_mon_seed_put(struct store_mon *m, const struct eth_hash *tx,
	    struct err *err);
int	store_mon_seed_has(struct store_mon *m, const struct eth_hash *tx,
	    struct err *err);
/* Returns: the number of tx seeds; -1 with err. */
long	store_mon_seed_count(struct store_mon *m, struct err *err);

/*
 * Record alert a under a->id unless an alert with that id exists: it is
 * given the next sequence number (a->seq is set), indexed under a->block
 * (not for STORE_ALERT_REORG) and, when a->pending is not 0, put in the
 * outbox.
 * Returns: 1 recorded, 0 the id was there already (nothing changed), -1
 *          with err (ERR_INPUT for an alert that does not encode).
 */
int	store_mon_alert_add(struct store_mon *m, struct store_alert *a,
	    struct err *err);

/* Returns: 1 found (*out), 0 no such id, -1 with err. */
int	store_mon_alert_get(struct store_mon *m, const uint8_t id[32],
	    struct store_alert *out, struct err *err);

/*
 * The alerts of the outbox with a channel of mask pending and a sequence
 * number above after, in sequence order, at most cap of them.
 * Returns: 0; -1 with err. Out: out[0..*n-1].
 */
int	store_mon_outbox(struct store_mon *m, unsigned mask, uint64_t after,
	    struct store_alert *out, size_t cap, size_t *n, struct err *err);

/*
 * Mark channels of alert id delivered; it leaves the outbox when no
 * channel is pending any more.
 * Returns: 1 done, 0 no such alert, -1 with err.
 */
int	store_mon_alert_delivered(struct store_mon *m, const uint8_t id[32],
	    unsigned channels, struct err *err);

/*
 * Undo every block above fork: the hashes, the taint entries and the
 * alerts they made (from the outbox too), and set "next" to fork + 1.
 * fn (may be NULL) sees each alert removed that some channel had
 * delivered, before it goes; it returns 0 to go on, -1 with err to abort.
 * Returns: the number of alerts removed; -1 with err.
 */
long	store_mon_rollback(struct store_mon *m, uint64_t fork,
	    int (*fn)(void *ctx, const struct store_alert *a,
	    struct err *err), void *ctx, struct err *err);

struct store_mon_stats {
	uint64_t	 alerts;	/* recorded (kept forever) */
	uint64_t	 outbox;	/* pending on some channel */
	uint64_t	 pending_stdout, pending_webhook;
	uint64_t	 taint_entries;
	uint64_t	 seeds;		/* tx seeds */
	uint64_t	 window;	/* scanned hashes kept */
};

int	store_mon_stats(struct store_mon *m, struct store_mon_stats *out,
	    struct err *err);

/*
 * Drop cached blocks [from, to] with their receipts, traces and address
 * index entries (a reorg orphaned them), so that the fetcher fetches what
 * the chain has now. One write transaction; numbers not cached are
 * skipped. A block that another process replaced in the meantime is
 * dropped all the same (its index entries by a scan).
 * Returns: the number of blocks dropped; -1 with err.
 */
long	store_blocks_drop(struct store *st, uint64_t from, uint64_t to,
	    struct err *err);

#endif
