/*
 * cache.c - the block cache: blocks, receipt sets and call traces keyed by
 * block number (blk, rcpt, trc), block hash -> number (blk_hash), and the
 * address index (addr_idx) the tracer asks "which blocks touch A". The
 * value bodies are cacheenc.c's; the layouts are in store.h.
 *
 * A put runs in one write transaction: it reads what is cached at that
 * number, writes the block and the parts given, and brings the address
 * index from what the old parts said to what the new ones say (a diff of
 * two sorted sets), so a reorg leaves no stale entry and a re-put writes
 * only what changed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

#define BLK_VERSION	0x01
#define PART_VERSION	0x01
#define BLK_PREFIX	37	/* version, flags, hash */
#define PART_PREFIX	33	/* version, block hash */

static int
corrupt(const struct store *st, struct err *err, uint64_t number,
    const char *why)
{
	return err_set(err, ERR_STORE, MDB_CORRUPTED,
	    "cannot read database '%s': cached block %llu: %s", st->dir,
	    (unsigned long long)number, why);
}

/* A decode failure of a cached value, in the store's words. */
static int
corrupt_dec(const struct store *st, struct err *err, uint64_t number)
{
	char why[sizeof(err->msg)];

	if (err == NULL || err->code != ERR_STORE) {
		return -1;
	}
	memcpy(why, err->msg, sizeof(why));
	return corrupt(st, err, number, why);
}

/* What was cached at a number before a put. */
struct old {
	int			 exists;	/* a blk value is there */
	int			 prefix;	/* its prefix reads */
	int			 ok;		/* and every part decodes */
	uint32_t		 flags;
	struct eth_hash		 hash;
	struct eth_block	 b;
	struct eth_receipts	 r;
	struct eth_traces	 t;
};

static void
old_release(struct old *o)
{
	eth_block_release(&o->b);
	eth_receipts_release(&o->r);
	eth_traces_release(&o->t);
	memset(o, 0, sizeof(*o));
}

/*
 * Read and decode part db of number, checking it belongs to hash.
 * Returns: 1 decoded, 0 missing or corrupt, -1 error (out of memory, or
 *          LMDB).
 */
static int
load_part(struct store *st, MDB_txn *txn, enum store_db db, uint64_t number,
    const struct eth_hash *hash, void *out, struct err *err)
{
	uint8_t key[8];
	const uint8_t *p;
	struct err e;
	MDB_val k, v;
	int rc, r;

	store_put_be64(key, number);
	k.mv_data = key;
	k.mv_size = sizeof(key);
	rc = mdb_get(txn, st->dbi[db], &k, &v);
	if (rc == MDB_NOTFOUND) {
		return 0;
	}
	if (rc != 0) {
		return store_mdb_err(st, err, rc, "read");
	}
	p = v.mv_data;
	if (v.mv_size < PART_PREFIX || p[0] != PART_VERSION ||
	    memcmp(p + 1, hash->b, 32) != 0) {
		return 0;
	}
	memset(&e, 0, sizeof(e));
	if (db == STORE_DB_RCPT) {
		r = store_receipts_decode(out, p + PART_PREFIX,
		    v.mv_size - PART_PREFIX, &e);
	} else {
		r = store_traces_decode(out, p + PART_PREFIX,
		    v.mv_size - PART_PREFIX, &e);
	}
	if (r == -1 && e.code != ERR_STORE) {
		if (err != NULL) {
			*err = e;
		}
		return -1;
	}
	return r == 0;
}

static int
load_old(struct store *st, MDB_txn *txn, uint64_t number, struct old *o,
    struct err *err)
{
	uint8_t key[8];
	const uint8_t *p;
	struct err e;
	MDB_val k, v;
	int rc, r;

	memset(o, 0, sizeof(*o));
	store_put_be64(key, number);
	k.mv_data = key;
	k.mv_size = sizeof(key);
	rc = mdb_get(txn, st->dbi[STORE_DB_BLK], &k, &v);
	if (rc == MDB_NOTFOUND) {
		return 0;
	}
	if (rc != 0) {
		return store_mdb_err(st, err, rc, "read");
	}
	o->exists = 1;
	p = v.mv_data;
	if (v.mv_size < BLK_PREFIX || p[0] != BLK_VERSION) {
		return 0;
	}
	o->prefix = 1;
	o->flags = store_get_u32(p + 1);
	memcpy(o->hash.b, p + 5, 32);
	memset(&e, 0, sizeof(e));
	if (store_block_decode(&o->b, p + BLK_PREFIX, v.mv_size - BLK_PREFIX,
	    &e) == -1) {
		if (e.code != ERR_STORE) {
			if (err != NULL) {
				*err = e;
			}
			return -1;
		}
		return 0;
	}
	if (o->b.h.number != number ||
	    memcmp(&o->b.h.hash, &o->hash, 32) != 0) {
		return 0;
	}
	if (o->flags & STORE_BLK_HAS_RECEIPTS) {
		r = load_part(st, txn, STORE_DB_RCPT, number, &o->hash, &o->r,
		    err);
		if (r != 1) {
			return r;
		}
	}
	if (o->flags & STORE_BLK_HAS_TRACES) {
		r = load_part(st, txn, STORE_DB_TRC, number, &o->hash, &o->t,
		    err);
		if (r != 1) {
			return r;
		}
	}
	o->ok = 1;
	return 0;
}

/* Write (or delete, when body is NULL) part db of number. */
static int
put_part(struct store *st, MDB_txn *txn, enum store_db db, uint64_t number,
    const struct eth_hash *hash, const uint8_t *body, size_t len,
    struct err *err)
{
	uint8_t key[8];
	MDB_val k, v;
	uint8_t *p;
	int rc;

	store_put_be64(key, number);
	k.mv_data = key;
	k.mv_size = sizeof(key);
	if (body == NULL) {
		rc = mdb_del(txn, st->dbi[db], &k, NULL);
		if (rc != 0 && rc != MDB_NOTFOUND) {
			return store_mdb_err(st, err, rc, "update");
		}
		return 0;
	}
	v.mv_data = NULL;
	v.mv_size = PART_PREFIX + len;
	rc = mdb_put(txn, st->dbi[db], &k, &v, MDB_RESERVE);
	if (rc != 0) {
		return store_mdb_err(st, err, rc, "update");
	}
	p = v.mv_data;
	p[0] = PART_VERSION;
	memcpy(p + 1, hash->b, 32);
	memcpy(p + PART_PREFIX, body, len);
	return 0;
}

static int
put_blk(struct store *st, MDB_txn *txn, const struct eth_block *b,
    uint32_t flags, struct err *err)
{
	uint8_t key[8], *body, *p;
	MDB_val k, v;
	size_t len;
	int rc;

	if (store_block_encode(&body, &len, b, err) == -1) {
		return -1;
	}
	store_put_be64(key, b->h.number);
	k.mv_data = key;
	k.mv_size = sizeof(key);
	v.mv_data = NULL;
	v.mv_size = BLK_PREFIX + len;
	rc = mdb_put(txn, st->dbi[STORE_DB_BLK], &k, &v, MDB_RESERVE);
	if (rc == 0) {
		p = v.mv_data;
		p[0] = BLK_VERSION;
		store_put_u32(p + 1, flags);
		memcpy(p + 5, b->h.hash.b, 32);
		memcpy(p + BLK_PREFIX, body, len);
	}
	free(body);
	if (rc != 0) {
		return store_mdb_err(st, err, rc, "update");
	}
	return 0;
}

/* blk_hash: drop old -> number (if it still says so), add new. */
static int
put_hash(struct store *st, MDB_txn *txn, const struct old *o,
    const struct eth_hash *hash, uint64_t number, struct err *err)
{
	uint8_t num[8];
	MDB_val k, v;
	int rc;

	store_put_be64(num, number);
	if (o->prefix && memcmp(&o->hash, hash, 32) != 0) {
		k.mv_data = (void *)o->hash.b;
		k.mv_size = 32;
		rc = mdb_get(txn, st->dbi[STORE_DB_BLK_HASH], &k, &v);
		if (rc == 0 && v.mv_size == 8 &&
		    memcmp(v.mv_data, num, 8) == 0) {
			rc = mdb_del(txn, st->dbi[STORE_DB_BLK_HASH], &k,
			    NULL);
		}
		if (rc != 0 && rc != MDB_NOTFOUND) {
			return store_mdb_err(st, err, rc, "update");
		}
	}
	k.mv_data = (void *)hash->b;
	k.mv_size = 32;
	v.mv_data = num;
	v.mv_size = sizeof(num);
	rc = mdb_put(txn, st->dbi[STORE_DB_BLK_HASH], &k, &v, 0);
	if (rc != 0) {
		return store_mdb_err(st, err, rc, "update");
	}
	return 0;
}

/*
 * Encode and write part db (receipts or traces) of block b, or delete it
 * when there is none to keep.
 */
static int
write_part(struct store *st, MDB_txn *txn, enum store_db db,
    const struct eth_block *b, const void *part, struct err *err)
{
	uint8_t *body;
	size_t len;
	int r;

	if (part == NULL) {
		return put_part(st, txn, db, b->h.number, &b->h.hash, NULL, 0,
		    err);
	}
	if (db == STORE_DB_RCPT) {
		r = store_receipts_encode(&body, &len, part, b->h.number, err);
	} else {
		r = store_traces_encode(&body, &len, part, b->h.number, err);
	}
	if (r == -1) {
		return -1;
	}
	r = put_part(st, txn, db, b->h.number, &b->h.hash, body, len, err);
	free(body);
	return r;
}

/* One block of a put, inside the transaction. */
static int
put_one(struct store *st, MDB_txn *txn, const struct store_block_in *in,
    struct store_ixset *oldix, struct store_ixset *newix, struct err *err)
{
	const struct eth_block *b = in->block;
	const struct eth_receipts *rf;
	const struct eth_traces *tf;
	uint64_t number = b->h.number;
	struct old o;
	uint32_t flags;
	size_t ntx;
	int same, ret;

	ntx = b->ntxs != 0 ? b->ntxs : b->ntx_hashes;
	if (in->receipts != NULL && in->receipts->n != ntx) {
		return err_set(err, ERR_INPUT, 0, "cannot cache block %llu: "
		    "%zu receipts for %zu transactions",
		    (unsigned long long)number, in->receipts->n, ntx);
	}
	ret = -1;
	if (load_old(st, txn, number, &o, err) == -1) {
		goto out;
	}
	same = o.ok && memcmp(&o.hash, &b->h.hash, 32) == 0;
	rf = in->receipts;
	if (rf == NULL && same && (o.flags & STORE_BLK_HAS_RECEIPTS)) {
		rf = &o.r;
	}
	tf = in->traces;
	if (tf == NULL && same && (o.flags & STORE_BLK_HAS_TRACES)) {
		tf = &o.t;
	}
	flags = in->flags & STORE_BLK_VERIFIED_MASK;
	if (same) {
		flags |= o.flags & STORE_BLK_VERIFIED_MASK;
	}
	flags |= rf != NULL ? STORE_BLK_HAS_RECEIPTS : 0;
	flags |= tf != NULL ? STORE_BLK_HAS_TRACES : 0;

	/*
	 * The parts first (a kept part is left as it is): a part that cannot
	 * be encoded aborts the whole transaction.
	 */
	if (put_blk(st, txn, b, flags, err) == -1 ||
	    put_hash(st, txn, &o, &b->h.hash, number, err) == -1 ||
	    (rf != &o.r && write_part(st, txn, STORE_DB_RCPT, b, rf,
	    err) == -1) ||
	    (tf != &o.t && write_part(st, txn, STORE_DB_TRC, b, tf,
	    err) == -1)) {
		goto out;
	}
	if (store_ix_collect(newix, b, rf, tf, err) == -1) {
		goto out;
	}
	oldix->n = 0;
	if (o.ok) {
		if (store_ix_collect(oldix, &o.b,
		    (o.flags & STORE_BLK_HAS_RECEIPTS) ? &o.r : NULL,
		    (o.flags & STORE_BLK_HAS_TRACES) ? &o.t : NULL,
		    err) == -1) {
			goto out;
		}
	} else if (o.exists && store_ix_purge(st, txn, number, err) == -1) {
		goto out;
	}
	if (store_ix_apply(st, txn, oldix, newix, err) == -1) {
		goto out;
	}
	ret = o.exists && (!o.prefix || memcmp(&o.hash, &b->h.hash, 32) != 0);
out:
	old_release(&o);
	return ret;
}

struct put {
	struct store			*st;
	const struct store_block_in	*in;
	size_t				 n;
};

static int
put_txn(MDB_txn *txn, void *ctx, struct err *err)
{
	struct put *pp = ctx;
	struct store_ixset oldix, newix;
	size_t i;
	int r, replaced;

	memset(&oldix, 0, sizeof(oldix));
	memset(&newix, 0, sizeof(newix));
	replaced = 0;
	for (i = 0; i < pp->n; i++) {
		r = put_one(pp->st, txn, &pp->in[i], &oldix, &newix, err);
		if (r == -1) {
			replaced = -1;
			break;
		}
		replaced += r;
	}
	free(oldix.v);
	free(newix.v);
	return replaced;
}

static int
check_writable(struct store *st, struct err *err)
{
	if (st->flags & STORE_RDONLY) {
		return err_set(err, ERR_STORE, 0, "cannot update database "
		    "'%s': opened read-only", st->dir);
	}
	return 0;
}

long
store_blocks_put(struct store *st, const struct store_block_in *in,
    size_t n, struct err *err)
{
	struct put pp;

	if (check_writable(st, err) == -1) {
		return -1;
	}
	pp.st = st;
	pp.in = in;
	pp.n = n;
	return store_txn_write(st, put_txn, &pp, err);
}

int
store_block_put(struct store *st, const struct eth_block *b,
    const struct eth_receipts *receipts, const struct eth_traces *traces,
    uint32_t flags, struct err *err)
{
	struct store_block_in in;

	in.block = b;
	in.receipts = receipts;
	in.traces = traces;
	in.flags = flags;
	return (int)store_blocks_put(st, &in, 1, err);
}

/* Read part db of block number (hash) into out. */
static int
get_part(struct store *st, MDB_txn *txn, enum store_db db, uint64_t number,
    const struct eth_hash *hash, void *out, struct err *err)
{
	const char *what = db == STORE_DB_RCPT ? "receipts" : "call traces";
	uint8_t key[8];
	const uint8_t *p;
	char why[96];
	MDB_val k, v;
	int rc, r;

	store_put_be64(key, number);
	k.mv_data = key;
	k.mv_size = sizeof(key);
	rc = store_has(st, db) ? mdb_get(txn, st->dbi[db], &k, &v) :
	    MDB_NOTFOUND;
	if (rc == MDB_NOTFOUND) {
		snprintf(why, sizeof(why), "%s missing", what);
		return corrupt(st, err, number, why);
	}
	if (rc != 0) {
		return store_mdb_err(st, err, rc, "read");
	}
	p = v.mv_data;
	if (v.mv_size < PART_PREFIX || p[0] != PART_VERSION ||
	    memcmp(p + 1, hash->b, 32) != 0) {
		snprintf(why, sizeof(why), "%s of another block or "
		    "version", what);
		return corrupt(st, err, number, why);
	}
	if (db == STORE_DB_RCPT) {
		r = store_receipts_decode(out, p + PART_PREFIX,
		    v.mv_size - PART_PREFIX, err);
	} else {
		r = store_traces_decode(out, p + PART_PREFIX,
		    v.mv_size - PART_PREFIX, err);
	}
	if (r == -1) {
		return corrupt_dec(st, err, number);
	}
	return 0;
}

/* The blk value's prefix. Returns: 0, or -1 if it does not read. */
static int
blk_prefix(const MDB_val *v, uint32_t *flags, struct eth_hash *hash)
{
	const uint8_t *p = v->mv_data;

	if (v->mv_size < BLK_PREFIX || p[0] != BLK_VERSION) {
		return -1;
	}
	if (flags != NULL) {
		*flags = store_get_u32(p + 1);
	}
	if (hash != NULL) {
		memcpy(hash->b, p + 5, 32);
	}
	return 0;
}

int
store_block_get(struct store *st, uint64_t number, struct eth_block *b,
    struct eth_receipts *receipts, struct eth_traces *traces,
    uint32_t *flags, struct err *err)
{
	struct eth_hash hash;
	MDB_txn *txn;
	uint8_t key[8];
	MDB_val k, v;
	uint32_t f;
	int rc, ret;

	memset(b, 0, sizeof(*b));
	if (receipts != NULL) {
		memset(receipts, 0, sizeof(*receipts));
	}
	if (traces != NULL) {
		memset(traces, 0, sizeof(*traces));
	}
	if (flags != NULL) {
		*flags = 0;
	}
	if (!store_has(st, STORE_DB_BLK)) {
		return 0;
	}
	if (store_txn_read(st, &txn, err) == -1) {
		return -1;
	}
	ret = -1;
	store_put_be64(key, number);
	k.mv_data = key;
	k.mv_size = sizeof(key);
	rc = mdb_get(txn, st->dbi[STORE_DB_BLK], &k, &v);
	if (rc == MDB_NOTFOUND) {
		ret = 0;
		goto out;
	}
	if (rc != 0) {
		store_mdb_err(st, err, rc, "read");
		goto out;
	}
	if (blk_prefix(&v, &f, &hash) == -1) {
		corrupt(st, err, number, "bad prefix or version");
		goto out;
	}
	if (store_block_decode(b, (const uint8_t *)v.mv_data + BLK_PREFIX,
	    v.mv_size - BLK_PREFIX, err) == -1) {
		corrupt_dec(st, err, number);
		goto out;
	}
	if (b->h.number != number || memcmp(&b->h.hash, &hash, 32) != 0) {
		corrupt(st, err, number, "block of another number or hash");
		goto out;
	}
	if (receipts != NULL && (f & STORE_BLK_HAS_RECEIPTS) &&
	    get_part(st, txn, STORE_DB_RCPT, number, &hash, receipts,
	    err) == -1) {
		goto out;
	}
	if (traces != NULL && (f & STORE_BLK_HAS_TRACES) &&
	    get_part(st, txn, STORE_DB_TRC, number, &hash, traces,
	    err) == -1) {
		goto out;
	}
	if (flags != NULL) {
		*flags = f;
	}
	ret = 1;
out:
	store_txn_read_end(st, txn);
	if (ret != 1) {
		eth_block_release(b);
		eth_receipts_release(receipts);
		eth_traces_release(traces);
	}
	return ret;
}

int
store_block_flags(struct store *st, uint64_t number, uint32_t *flags,
    struct eth_hash *hash, struct err *err)
{
	MDB_txn *txn;
	uint8_t key[8];
	MDB_val k, v;
	int rc, ret;

	if (!store_has(st, STORE_DB_BLK)) {
		return 0;
	}
	if (store_txn_read(st, &txn, err) == -1) {
		return -1;
	}
	store_put_be64(key, number);
	k.mv_data = key;
	k.mv_size = sizeof(key);
	rc = mdb_get(txn, st->dbi[STORE_DB_BLK], &k, &v);
	if (rc == 0) {
		ret = blk_prefix(&v, flags, hash) == 0 ? 1 :
		    corrupt(st, err, number, "bad prefix or version");
	} else if (rc == MDB_NOTFOUND) {
		ret = 0;
	} else {
		ret = store_mdb_err(st, err, rc, "read");
	}
	store_txn_read_end(st, txn);
	return ret;
}

int
store_block_number(struct store *st, const struct eth_hash *h,
    uint64_t *number, struct err *err)
{
	MDB_txn *txn;
	MDB_val k, v;
	int rc, ret;

	if (!store_has(st, STORE_DB_BLK_HASH)) {
		return 0;
	}
	if (store_txn_read(st, &txn, err) == -1) {
		return -1;
	}
	k.mv_data = (void *)h->b;
	k.mv_size = 32;
	rc = mdb_get(txn, st->dbi[STORE_DB_BLK_HASH], &k, &v);
	if (rc == 0 && v.mv_size == 8) {
		*number = store_get_be64(v.mv_data);
		ret = 1;
	} else if (rc == 0) {
		ret = err_set(err, ERR_STORE, MDB_CORRUPTED, "cannot read "
		    "database '%s': corrupt block hash entry", st->dir);
	} else if (rc == MDB_NOTFOUND) {
		ret = 0;
	} else {
		ret = store_mdb_err(st, err, rc, "read");
	}
	store_txn_read_end(st, txn);
	return ret;
}

int
store_blocks_missing(struct store *st, uint64_t from, uint64_t to,
    int (*fn)(void *ctx, uint64_t first, uint64_t last), void *ctx,
    struct err *err)
{
	MDB_cursor *cur;
	MDB_txn *txn;
	uint8_t key[8];
	MDB_val k, v;
	uint64_t next, n;
	int rc, r, done;

	if (from > to) {
		return 0;
	}
	if (!store_has(st, STORE_DB_BLK)) {
		return fn(ctx, from, to);
	}
	if (store_txn_read(st, &txn, err) == -1) {
		return -1;
	}
	rc = mdb_cursor_open(txn, st->dbi[STORE_DB_BLK], &cur);
	if (rc != 0) {
		store_txn_read_end(st, txn);
		return store_mdb_err(st, err, rc, "read");
	}
	r = 0;
	done = 0;
	next = from;
	store_put_be64(key, from);
	k.mv_data = key;
	k.mv_size = sizeof(key);
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if (k.mv_size != 8) {
			rc = MDB_CORRUPTED;
			break;
		}
		n = store_get_be64(k.mv_data);
		if (n > to) {
			break;
		}
		if (n > next) {
			r = fn(ctx, next, n - 1);
			if (r != 0) {
				break;
			}
		}
		if (n == to) {
			done = 1;
			break;
		}
		next = n + 1;
	}
	if (r == 0 && rc != 0 && rc != MDB_NOTFOUND) {
		r = store_mdb_err(st, err, rc, "read");
	}
	mdb_cursor_close(cur);
	store_txn_read_end(st, txn);
	if (r == 0 && !done) {
		r = fn(ctx, next, to);
	}
	return r;
}

static int
entries(struct store *st, MDB_txn *txn, enum store_db db, uint64_t *out,
    struct err *err)
{
	MDB_stat ms;
	int rc;

	*out = 0;
	if (!store_has(st, db)) {
		return 0;
	}
	rc = mdb_stat(txn, st->dbi[db], &ms);
	if (rc != 0) {
		return store_mdb_err(st, err, rc, "read");
	}
	*out = ms.ms_entries;
	return 0;
}

int
store_cache_stats(struct store *st, struct store_cache_stats *out,
    struct err *err)
{
	MDB_cursor *cur;
	MDB_txn *txn;
	MDB_val k, v;
	int rc, ret;

	memset(out, 0, sizeof(*out));
	if (store_txn_read(st, &txn, err) == -1) {
		return -1;
	}
	ret = -1;
	cur = NULL;
	if (entries(st, txn, STORE_DB_BLK, &out->blocks, err) == -1 ||
	    entries(st, txn, STORE_DB_RCPT, &out->receipts, err) == -1 ||
	    entries(st, txn, STORE_DB_TRC, &out->traces, err) == -1 ||
	    entries(st, txn, STORE_DB_ADDR_IDX, &out->index_entries,
	    err) == -1) {
		goto out;
	}
	if (out->blocks > 0) {
		rc = mdb_cursor_open(txn, st->dbi[STORE_DB_BLK], &cur);
		if (rc == 0) {
			rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST);
		}
		if (rc == 0 && k.mv_size == 8) {
			out->lowest = store_get_be64(k.mv_data);
			rc = mdb_cursor_get(cur, &k, &v, MDB_LAST);
		}
		if (rc == 0 && k.mv_size == 8) {
			out->highest = store_get_be64(k.mv_data);
		} else if (rc == 0) {
			rc = MDB_CORRUPTED;
		}
		if (rc != 0) {
			store_mdb_err(st, err, rc, "read");
			goto out;
		}
	}
	ret = 0;
out:
	mdb_cursor_close(cur);
	store_txn_read_end(st, txn);
	return ret;
}
