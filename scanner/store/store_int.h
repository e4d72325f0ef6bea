/*
 * store_int.h - what the files of the store module share: the environment,
 * the table of named databases and the transaction plumbing (a write
 * transaction that grows the map and starts over when it fills). Private
 * to scanner/store/: nothing outside includes it.
 */
#ifndef SCANNER_STORE_INT_H
#define SCANNER_STORE_INT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <lmdb.h>

#include "store.h"

/*
 * The named databases. To add one: a constant here (before
 * STORE_DB_COUNT) and its name and flags in dbs[] of store.c. An
 * existing database gets the new one created when opened read-write.
 */
enum store_db {
	STORE_DB_META,
	STORE_DB_WL_ADDR,
	STORE_DB_WL_SRC,
	STORE_DB_WL_SRC_ADDR,
	STORE_DB_BLK,
	STORE_DB_BLK_HASH,
	STORE_DB_RCPT,
	STORE_DB_TRC,
	STORE_DB_ADDR_IDX,
	STORE_DB_MON_STATE,
	STORE_DB_MON_BLK,
	STORE_DB_MON_TAINT,
	STORE_DB_MON_TAINT_BLK,
	STORE_DB_MON_SEED,
	STORE_DB_MON_ALERT,
	STORE_DB_MON_ALERT_BLK,
	STORE_DB_MON_OUTBOX,
	STORE_DB_COUNT
};

#define STORE_FORMAT	"scanner-store/1"

struct store {
	MDB_env		*env;
	MDB_dbi		 dbi[STORE_DB_COUNT];
	unsigned	 present;	/* bit (1u << enum store_db): the
					   database exists (read-only opens
					   of an older file may lack one) */
	unsigned	 flags;		/* STORE_RDONLY */
	int		 readers;	/* read transactions open now: the
					   map cannot move under them */
	char		*dir;
};

/*
 * A piece of work inside one write transaction. It must depend only on
 * its inputs (ctx) and the transaction: after MDB_MAP_FULL it runs again
 * from the start in a fresh transaction.
 * Returns: >= 0 to commit (returned by store_txn_write); -1 with err to
 *          abort (an LMDB failure recorded with store_mdb_err, so that
 *          MDB_MAP_FULL is seen and retried).
 */
typedef int (*store_txn_fn)(MDB_txn *txn, void *ctx, struct err *err);

/*
 * Run fn in one write transaction and commit; on MDB_MAP_FULL (from fn or
 * from the commit) abort, double the map and run fn again.
 * Returns: fn's value >= 0 once committed; -1 with err and nothing
 *          changed.
 */
int	store_txn_write(struct store *st, store_txn_fn fn, void *ctx,
	    struct err *err);

/*
 * Begin a read transaction (adopting a map another process grew).
 * Out:     *txn, end it with store_txn_read_end().
 */
int	store_txn_read(struct store *st, MDB_txn **txn, struct err *err);
/* Abort a read transaction; accepts NULL. */
void	store_txn_read_end(struct store *st, MDB_txn *txn);

/*
 * Record an LMDB (or errno) failure rc: "cannot WHAT database 'DIR': why",
 * ERR_STORE, err->sys = rc.
 * Returns: -1.
 */
int	store_mdb_err(const struct store *st, struct err *err, int rc,
	    const char *what);

/* Returns: 1 if database db exists in this environment. */
static inline int
store_has(const struct store *st, enum store_db db)
{
	return (st->present & (1u << db)) != 0;
}

/* Little-endian integers of the value encodings. */
static inline void
store_put_u16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void
store_put_u32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static inline void
store_put_u64(uint8_t *p, uint64_t v)
{
	store_put_u32(p, (uint32_t)v);
	store_put_u32(p + 4, (uint32_t)(v >> 32));
}

static inline uint16_t
store_get_u16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (unsigned)p[1] << 8);
}

static inline uint32_t
store_get_u32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 |
	    (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t
store_get_u64(const uint8_t *p)
{
	return (uint64_t)store_get_u32(p) |
	    (uint64_t)store_get_u32(p + 4) << 32;
}

/* Two's complement round trip of a signed 32-bit value. */
static inline int32_t
store_get_i32(const uint8_t *p)
{
	uint32_t u;
	int32_t v;

	u = store_get_u32(p);
	memcpy(&v, &u, sizeof(v));
	return v;
}

/* Big-endian integers of the block cache's keys (they sort as numbers). */
static inline void
store_put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static inline void
store_put_be64(uint8_t *p, uint64_t v)
{
	store_put_be32(p, (uint32_t)(v >> 32));
	store_put_be32(p + 4, (uint32_t)v);
}

static inline uint32_t
store_get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static inline uint64_t
store_get_be64(const uint8_t *p)
{
	return (uint64_t)store_get_be32(p) << 32 | store_get_be32(p + 4);
}

/*
 * Address index entries (cacheidx.c): the 20-byte key then the 13-byte
 * dup value, so that one memcmp orders them as LMDB does.
 */
#define STORE_IX_ADDR	20
#define STORE_IX_VAL	13	/* block BE u64, tx index BE u32, role */

struct store_ix {
	uint8_t		 k[STORE_IX_ADDR + STORE_IX_VAL];
};

/* A growing set of entries; free(v) when done. */
struct store_ixset {
	struct store_ix	*v;
	size_t		 n, cap;
	int		 nomem;
};

/*
 * Set s to every entry the parts of block b make (rs, ts may be NULL),
 * sorted, each once.
 * Returns: 0; -1 with ERR_SYS.
 */
int	store_ix_collect(struct store_ixset *s, const struct eth_block *b,
	    const struct eth_receipts *rs, const struct eth_traces *ts,
	    struct err *err);

/* Bring addr_idx from entries old to entries new (both sorted). */
int	store_ix_apply(struct store *st, MDB_txn *txn,
	    const struct store_ixset *old, const struct store_ixset *new,
	    struct err *err);

/*
 * Remove every entry of block number, walking the whole index: for a
 * cached block that no longer decodes, whose entries are not known.
 */
int	store_ix_purge(struct store *st, MDB_txn *txn, uint64_t number,
	    struct err *err);

/*
 * The block cache's value encodings (cacheenc.c writes, cachedec.c
 * reads): flag bits and limits.
 */
#define CACHE_BF_HAS_WD		0x01u	/* block: has_withdrawals */

#define CACHE_TF_HAS_TO		0x01u	/* tx */
#define CACHE_TF_TO		0x02u	/* to written */
#define CACHE_TF_HAS_CHAIN	0x04u
#define CACHE_TF_POS		0x08u	/* position written */
#define CACHE_TF_HAS_BLOCK	0x10u
#define CACHE_TF_ALL		0x1fu

#define CACHE_RF_HAS_TO		0x01u	/* receipt */
#define CACHE_RF_TO		0x02u	/* to written */
#define CACHE_RF_HAS_CONTRACT	0x04u
#define CACHE_RF_CONTRACT	0x08u	/* contract_address written */
#define CACHE_RF_HAS_STATUS	0x10u
#define CACHE_RF_ROOT		0x20u	/* root written */
#define CACHE_RF_HAS_FROM	0x40u
#define CACHE_RF_HAS_PRICE	0x80u
#define CACHE_RF_ALL		0xffu

#define CACHE_LF_REMOVED	0x01u	/* log */
#define CACHE_LF_POS		0x02u	/* position written */
#define CACHE_LF_ALL		0x03u

#define CACHE_CF_HAS_TO		0x01u	/* call frame */
#define CACHE_CF_TO		0x02u	/* to written */
#define CACHE_CF_FAILED		0x04u
#define CACHE_CF_TXHASH		0x08u	/* tx_hash written */
#define CACHE_CF_HAS_VALUE	0x10u
#define CACHE_CF_HAS_TXHASH	0x20u
#define CACHE_CF_ALL		0x3fu

#define CACHE_H_KNOWN		(ETH_H_BASE_FEE | ETH_H_WITHDRAWALS | \
				    ETH_H_BLOB_GAS | ETH_H_BEACON_ROOT | \
				    ETH_H_REQUESTS)

/* Fewest bytes an element can take: bounds a count before allocating. */
#define CACHE_MIN_TX		68
#define CACHE_MIN_ACCESS	21
#define CACHE_MIN_AUTH		25
#define CACHE_MIN_WD		23
#define CACHE_MIN_RCPT		62
#define CACHE_MIN_LOG		24
#define CACHE_MIN_CALL		26

#define CACHE_BLOOM_LEN		256
#define CACHE_SPARSE_MAX	126	/* 1 + 2n < 256 */

#endif
