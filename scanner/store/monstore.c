/*
 * monstore.c - the monitor's databases (store.h, "Monitor state"): the
 * transactions, the cursor and counters, the window of scanned block
 * hashes, the taint set, the tx seeds, the rollback of orphaned blocks and
 * the statistics; and the dropping of orphaned blocks from the block
 * cache.
 *
 * The alerts themselves are monalert.c's.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "monstore_int.h"

#define TAINT_VERSION	1
#define SEED_VERSION	1
#define TAINT_KEY	29	/* kind, address, block */
#define TAINT_VAL	82
#define TBLK_VAL	21	/* kind, address */
#define STATE_KEY_MAX	32

static int
missing_dbs(struct store *st, struct err *err)
{
	static const enum store_db need[] = {
		STORE_DB_MON_STATE, STORE_DB_MON_BLK, STORE_DB_MON_TAINT,
		STORE_DB_MON_TAINT_BLK, STORE_DB_MON_SEED, STORE_DB_MON_ALERT,
		STORE_DB_MON_ALERT_BLK, STORE_DB_MON_OUTBOX
	};
	size_t i;

	for (i = 0; i < sizeof(need) / sizeof(need[0]); i++) {
		if (!store_has(st, need[i])) {
			return err_set(err, ERR_STORE, 0, "cannot read "
			    "database '%s': it has no monitor state (opened "
			    "read-only before any monitor run)", st->dir);
		}
	}
	return 0;
}

struct wrap {
	struct store	*st;
	store_mon_fn	 fn;
	void		*ctx;
};

static int
write_txn(MDB_txn *txn, void *ctx, struct err *err)
{
	struct wrap *w = ctx;
	struct store_mon m;

	m.st = w->st;
	m.txn = txn;
	m.write = 1;
	return w->fn(&m, w->ctx, err);
}

int
store_mon_write(struct store *st, store_mon_fn fn, void *ctx,
    struct err *err)
{
	struct wrap w;

	if (st->flags & STORE_RDONLY) {
		return err_set(err, ERR_STORE, 0, "cannot update database "
		    "'%s': opened read-only", st->dir);
	}
	if (missing_dbs(st, err) == -1) {
		return -1;
	}
	w.st = st;
	w.fn = fn;
	w.ctx = ctx;
	return store_txn_write(st, write_txn, &w, err);
}

int
store_mon_read(struct store *st, store_mon_fn fn, void *ctx,
    struct err *err)
{
	struct store_mon m;
	MDB_txn *txn;
	int r;

	if (missing_dbs(st, err) == -1) {
		return -1;
	}
	if (store_txn_read(st, &txn, err) == -1) {
		return -1;
	}
	m.st = st;
	m.txn = txn;
	m.write = 0;
	r = fn(&m, ctx, err);
	store_txn_read_end(st, txn);
	return r;
}

int
store_mon_state_get(struct store_mon *m, const char *key, uint64_t *v,
    struct err *err)
{
	MDB_val k, d;
	int rc;

	k.mv_data = (void *)key;
	k.mv_size = strlen(key);
	if (k.mv_size == 0 || k.mv_size > STATE_KEY_MAX) {
		return err_set(err, ERR_STORE, 0, "invalid monitor state key");
	}
	rc = mdb_get(m->txn, store_mon_dbi(m, STORE_DB_MON_STATE), &k, &d);
	if (rc == MDB_NOTFOUND) {
		return 0;
	}
	if (rc != 0) {
		return store_mon_fail(m, err, rc);
	}
	if (d.mv_size != 8) {
		return err_set(err, ERR_STORE, MDB_CORRUPTED, "cannot read "
		    "database '%s': monitor state '%s' is %zu bytes",
		    m->st->dir, key, d.mv_size);
	}
	*v = store_get_u64(d.mv_data);
	return 1;
}

int
store_mon_state_put(struct store_mon *m, const char *key, uint64_t v,
    struct err *err)
{
	uint8_t b[8];
	MDB_val k, d;
	int rc;

	if (!m->write) {
		return store_mon_rdonly(m, err);
	}
	k.mv_data = (void *)key;
	k.mv_size = strlen(key);
	if (k.mv_size == 0 || k.mv_size > STATE_KEY_MAX) {
		return err_set(err, ERR_STORE, 0, "invalid monitor state key");
	}
	store_put_u64(b, v);
	d.mv_data = b;
	d.mv_size = sizeof(b);
	rc = mdb_put(m->txn, store_mon_dbi(m, STORE_DB_MON_STATE), &k, &d, 0);
	if (rc != 0) {
		return store_mon_fail(m, err, rc);
	}
	return 0;
}

int
store_mon_hash_get(struct store_mon *m, uint64_t number,
    struct eth_hash *hash, struct err *err)
{
	uint8_t kb[8];
	MDB_val k, d;
	int rc;

	store_mon_key(kb, &k, number);
	rc = mdb_get(m->txn, store_mon_dbi(m, STORE_DB_MON_BLK), &k, &d);
	if (rc == MDB_NOTFOUND) {
		return 0;
	}
	if (rc != 0) {
		return store_mon_fail(m, err, rc);
	}
	if (d.mv_size != 32) {
		return err_set(err, ERR_STORE, MDB_CORRUPTED, "cannot read "
		    "database '%s': scanned block %llu has a bad hash",
		    m->st->dir, (unsigned long long)number);
	}
	memcpy(hash->b, d.mv_data, 32);
	return 1;
}

int
store_mon_hash_put(struct store_mon *m, uint64_t number,
    const struct eth_hash *hash, struct err *err)
{
	uint8_t kb[8];
	MDB_cursor *c;
	MDB_val k, d;
	int rc;

	if (!m->write) {
		return store_mon_rdonly(m, err);
	}
	store_mon_key(kb, &k, number);
	d.mv_data = (void *)hash->b;
	d.mv_size = 32;
	rc = mdb_put(m->txn, store_mon_dbi(m, STORE_DB_MON_BLK), &k, &d, 0);
	if (rc != 0) {
		return store_mon_fail(m, err, rc);
	}
	if (number < STORE_MON_WINDOW) {
		return 0;
	}
	rc = mdb_cursor_open(m->txn, store_mon_dbi(m, STORE_DB_MON_BLK), &c);
	if (rc != 0) {
		return store_mon_fail(m, err, rc);
	}
	/* The window is kept by this put only: at most a few go. */
	while ((rc = mdb_cursor_get(c, &k, &d, MDB_FIRST)) == 0) {
		if (k.mv_size != 8 || store_get_be64(k.mv_data) >=
		    number - STORE_MON_WINDOW + 1) {
			break;
		}
		rc = mdb_cursor_del(c, 0);
		if (rc != 0) {
			break;
		}
	}
	mdb_cursor_close(c);
	if (rc != 0 && rc != MDB_NOTFOUND) {
		return store_mon_fail(m, err, rc);
	}
	return 0;
}

int
store_mon_hash_lowest(struct store_mon *m, uint64_t *number,
    struct err *err)
{
	MDB_cursor *c;
	MDB_val k, d;
	int rc;

	rc = mdb_cursor_open(m->txn, store_mon_dbi(m, STORE_DB_MON_BLK), &c);
	if (rc != 0) {
		return store_mon_fail(m, err, rc);
	}
	rc = mdb_cursor_get(c, &k, &d, MDB_FIRST);
	if (rc == 0 && k.mv_size == 8) {
		*number = store_get_be64(k.mv_data);
	}
	mdb_cursor_close(c);
	if (rc == MDB_NOTFOUND) {
		return 0;
	}
	if (rc != 0) {
		return store_mon_fail(m, err, rc);
	}
	return 1;
}

static void
taint_key(uint8_t k[TAINT_KEY], uint8_t kind, const struct eth_addr *a,
    uint64_t block)
{
	k[0] = kind;
	memcpy(k + 1, a->b, 20);
	store_put_be64(k + 21, block);
}

static int
taint_decode(struct store_taint *t, const MDB_val *k, const MDB_val *v)
{
	const uint8_t *p = v->mv_data, *q = k->mv_data;

	if (k->mv_size != TAINT_KEY || v->mv_size != TAINT_VAL ||
	    p[0] != TAINT_VERSION) {
		return -1;
	}
	memset(t, 0, sizeof(*t));
	t->kind = q[0];
	memcpy(t->address.b, q + 1, 20);
	t->block = store_get_be64(q + 21);
	t->hops = p[1];
	t->tx_index = store_get_u32(p + 2);
	t->order = store_get_u32(p + 6);
	memcpy(t->tx.b, p + 10, 32);
	memcpy(t->from.b, p + 42, 20);
	memcpy(t->origin.b, p + 62, 20);
	return 0;
}

int
store_mon_taint_get(struct store_mon *m, uint8_t kind,
    const struct eth_addr *a, struct store_taint *out, struct err *err)
{
	uint8_t kb[TAINT_KEY];
	struct store_taint t;
	MDB_cursor *c;
	MDB_val k, d;
	int rc, found = 0;

	taint_key(kb, kind, a, 0);
	rc = mdb_cursor_open(m->txn, store_mon_dbi(m, STORE_DB_MON_TAINT), &c);
	if (rc != 0) {
		return store_mon_fail(m, err, rc);
	}
	k.mv_data = kb;
	k.mv_size = sizeof(kb);
	for (rc = mdb_cursor_get(c, &k, &d, MDB_SET_RANGE); rc == 0;
	    rc = mdb_cursor_get(c, &k, &d, MDB_NEXT)) {
		if (k.mv_size != TAINT_KEY || memcmp(k.mv_data, kb, 21) != 0) {
			break;
		}
		if (taint_decode(&t, &k, &d) == -1) {
			mdb_cursor_close(c);
			return err_set(err, ERR_STORE, MDB_CORRUPTED, "cannot "
			    "read database '%s': a taint entry does not "
			    "decode", m->st->dir);
		}
		if (!found || t.hops < out->hops) {
			*out = t;
			found = 1;
		}
	}
	mdb_cursor_close(c);
	if (rc != 0 && rc != MDB_NOTFOUND) {
		return store_mon_fail(m, err, rc);
	}
	return found;
}

int
store_mon_taint_put(struct store_mon *m, const struct store_taint *t,
    struct err *err)
{
	uint8_t kb[TAINT_KEY], v[TAINT_VAL], bk[8], iv[TBLK_VAL];
	MDB_val k, d;
	int rc;

	if (!m->write) {
		return store_mon_rdonly(m, err);
	}
	taint_key(kb, t->kind, &t->address, t->block);
	v[0] = TAINT_VERSION;
	v[1] = t->hops;
	store_put_u32(v + 2, t->tx_index);
	store_put_u32(v + 6, t->order);
	memcpy(v + 10, t->tx.b, 32);
	memcpy(v + 42, t->from.b, 20);
	memcpy(v + 62, t->origin.b, 20);
	k.mv_data = kb;
	k.mv_size = sizeof(kb);
	d.mv_data = v;
	d.mv_size = sizeof(v);
	rc = mdb_put(m->txn, store_mon_dbi(m, STORE_DB_MON_TAINT), &k, &d, 0);
	if (rc != 0) {
		return store_mon_fail(m, err, rc);
	}
	if (t->block == 0) {
		/* A seed the user gave: no block can orphan it. */
		return 0;
	}
	store_mon_key(bk, &k, t->block);
	memcpy(iv, kb, TBLK_VAL);
	d.mv_data = iv;
	d.mv_size = sizeof(iv);
	rc = mdb_put(m->txn, store_mon_dbi(m, STORE_DB_MON_TAINT_BLK), &k, &d,
	    MDB_NODUPDATA);
	if (rc != 0 && rc != MDB_KEYEXIST) {
		return store_mon_fail(m, err, rc);
	}
	return 0;
}

int
store_mon_seed_put(struct store_mon *m, const struct eth_hash *tx,
    struct err *err)
{
	uint8_t v = SEED_VERSION;
	MDB_val k, d;
	int rc;

	if (!m->write) {
		return store_mon_rdonly(m, err);
	}
	k.mv_data = (void *)tx->b;
	k.mv_size = 32;
	d.mv_data = &v;
	d.mv_size = 1;
	rc = mdb_put(m->txn, store_mon_dbi(m, STORE_DB_MON_SEED), &k, &d, 0);
	if (rc != 0) {
		return store_mon_fail(m, err, rc);
	}
	return 0;
}

int
store_mon_seed_has(struct store_mon *m, const struct eth_hash *tx,
    struct err *err)
{
	MDB_val k, d;
	int rc;

	k.mv_data = (void *)tx->b;
	k.mv_size = 32;
	rc = mdb_get(m->txn, store_mon_dbi(m, STORE_DB_MON_SEED), &k, &d);
	if (rc == MDB_NOTFOUND) {
		return 0;
	}
	if (rc != 0) {
		return store_mon_fail(m, err, rc);
	}
	return 1;
}

static long
entries(struct store_mon *m, enum store_db db, struct err *err)
{
	MDB_stat s;
	int rc;

	rc = mdb_stat(m->txn, store_mon_dbi(m, db), &s);
	if (rc != 0) {
		return store_mon_fail(m, err, rc);
	}
	return (long)s.ms_entries;
}

long
store_mon_seed_count(struct store_mon *m, struct err *err)
{
	return entries(m, STORE_DB_MON_SEED, err);
}

/* Delete every key above fork of a number-keyed database. */
static int
drop_above(struct store_mon *m, enum store_db db, uint64_t fork,
    struct err *err)
{
	uint8_t kb[8];
	MDB_cursor *c;
	MDB_val k, d;
	int rc;

	if (fork == UINT64_MAX) {
		return 0;
	}
	rc = mdb_cursor_open(m->txn, store_mon_dbi(m, db), &c);
	if (rc != 0) {
		return store_mon_fail(m, err, rc);
	}
	/* Seek again after each delete: LMDB's cursor after a delete of
	 * the last key is not a position to read from. */
	for (;;) {
		store_mon_key(kb, &k, fork + 1);
		rc = mdb_cursor_get(c, &k, &d, MDB_SET_RANGE);
		if (rc != 0) {
			break;
		}
		rc = mdb_cursor_del(c, MDB_NODUPDATA);
		if (rc != 0) {
			break;
		}
	}
	mdb_cursor_close(c);
	if (rc != MDB_NOTFOUND) {
		return store_mon_fail(m, err, rc);
	}
	return 0;
}

/* The taint entries of blocks above fork. */
static int
rollback_taint(struct store_mon *m, uint64_t fork, struct err *err)
{
	uint8_t kb[8], tk[TAINT_KEY];
	MDB_cursor *c;
	MDB_val k, d, tkv;
	uint64_t block;
	int rc;

	rc = mdb_cursor_open(m->txn, store_mon_dbi(m, STORE_DB_MON_TAINT_BLK),
	    &c);
	if (rc != 0) {
		return store_mon_fail(m, err, rc);
	}
	store_mon_key(kb, &k, fork + 1);
	for (rc = mdb_cursor_get(c, &k, &d, MDB_SET_RANGE); rc == 0;
	    rc = mdb_cursor_get(c, &k, &d, MDB_NEXT)) {
		if (k.mv_size != 8 || d.mv_size != TBLK_VAL) {
			rc = MDB_CORRUPTED;
			break;
		}
		block = store_get_be64(k.mv_data);
		memcpy(tk, d.mv_data, TBLK_VAL);
		store_put_be64(tk + TBLK_VAL, block);
		tkv.mv_data = tk;
		tkv.mv_size = sizeof(tk);
		rc = mdb_del(m->txn, store_mon_dbi(m, STORE_DB_MON_TAINT), &tkv,
		    NULL);
		if (rc != 0 && rc != MDB_NOTFOUND) {
			break;
		}
	}
	mdb_cursor_close(c);
	if (rc != MDB_NOTFOUND) {
		return store_mon_fail(m, err, rc);
	}
	return drop_above(m, STORE_DB_MON_TAINT_BLK, fork, err);
}

long
store_mon_rollback(struct store_mon *m, uint64_t fork,
    int (*fn)(void *ctx, const struct store_alert *a, struct err *err),
    void *ctx, struct err *err)
{
	struct store_alert *a = NULL;
	uint8_t kb[8], id[32];
	MDB_cursor *c = NULL;
	MDB_val k, d, ik;
	long removed = -1, n = 0;
	int rc, r;

	if (!m->write) {
		return store_mon_rdonly(m, err);
	}
	a = malloc(sizeof(*a));
	if (a == NULL) {
		return err_set(err, ERR_SYS, ENOMEM, "out of memory");
	}
	if (drop_above(m, STORE_DB_MON_BLK, fork, err) == -1 ||
	    rollback_taint(m, fork, err) == -1) {
		goto out;
	}
	rc = mdb_cursor_open(m->txn, store_mon_dbi(m, STORE_DB_MON_ALERT_BLK),
	    &c);
	if (rc != 0) {
		store_mon_fail(m, err, rc);
		goto out;
	}
	store_mon_key(kb, &k, fork + 1);
	for (rc = mdb_cursor_get(c, &k, &d, MDB_SET_RANGE); rc == 0;
	    rc = mdb_cursor_get(c, &k, &d, MDB_NEXT)) {
		if (d.mv_size != 32) {
			store_mon_alert_corrupt(m, err);
			goto out;
		}
		memcpy(id, d.mv_data, 32);
		r = store_mon_alert_get(m, id, a, err);
		if (r == -1) {
			goto out;
		}
		if (r == 0) {
			continue;
		}
		if (a->delivered != 0 && fn != NULL &&
		    fn(ctx, a, err) == -1) {
			goto out;
		}
		if (a->pending != 0) {
			store_mon_key(kb, &ik, a->seq);
			rc = mdb_del(m->txn,
			    store_mon_dbi(m, STORE_DB_MON_OUTBOX), &ik, NULL);
			if (rc != 0 && rc != MDB_NOTFOUND) {
				store_mon_fail(m, err, rc);
				goto out;
			}
		}
		ik.mv_data = id;
		ik.mv_size = 32;
		rc = mdb_del(m->txn, store_mon_dbi(m, STORE_DB_MON_ALERT), &ik,
		    NULL);
		if (rc != 0 && rc != MDB_NOTFOUND) {
			store_mon_fail(m, err, rc);
			goto out;
		}
		n++;
	}
	if (rc != MDB_NOTFOUND) {
		store_mon_fail(m, err, rc);
		goto out;
	}
	mdb_cursor_close(c);
	c = NULL;
	if (drop_above(m, STORE_DB_MON_ALERT_BLK, fork, err) == -1 ||
	    store_mon_state_put(m, "next", fork + 1, err) == -1) {
		goto out;
	}
	removed = n;
out:
	if (c != NULL) {
		mdb_cursor_close(c);
	}
	free(a);
	return removed;
}

int
store_mon_stats(struct store_mon *m, struct store_mon_stats *out,
    struct err *err)
{
	struct store_alert *a;
	MDB_cursor *c;
	MDB_val k, d;
	long v;
	int rc, r;

	memset(out, 0, sizeof(*out));
	v = entries(m, STORE_DB_MON_ALERT, err);
	if (v < 0) {
		return -1;
	}
	out->alerts = (uint64_t)v;
	v = entries(m, STORE_DB_MON_TAINT, err);
	if (v < 0) {
		return -1;
	}
	out->taint_entries = (uint64_t)v;
	v = entries(m, STORE_DB_MON_SEED, err);
	if (v < 0) {
		return -1;
	}
	out->seeds = (uint64_t)v;
	v = entries(m, STORE_DB_MON_BLK, err);
	if (v < 0) {
		return -1;
	}
	out->window = (uint64_t)v;
	a = malloc(sizeof(*a));
	if (a == NULL) {
		return err_set(err, ERR_SYS, ENOMEM, "out of memory");
	}
	rc = mdb_cursor_open(m->txn, store_mon_dbi(m, STORE_DB_MON_OUTBOX), &c);
	if (rc != 0) {
		free(a);
		return store_mon_fail(m, err, rc);
	}
	r = 0;
	for (rc = mdb_cursor_get(c, &k, &d, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(c, &k, &d, MDB_NEXT)) {
		out->outbox++;
		if (d.mv_size != 32) {
			r = store_mon_alert_corrupt(m, err);
			break;
		}
		r = store_mon_alert_get(m, d.mv_data, a, err);
		if (r != 1) {
			r = r == 0 ? store_mon_alert_corrupt(m, err) : -1;
			break;
		}
		r = 0;
		out->pending_stdout += (a->pending & STORE_CH_STDOUT) != 0;
		out->pending_webhook += (a->pending & STORE_CH_WEBHOOK) != 0;
	}
	mdb_cursor_close(c);
	free(a);
	if (r == -1) {
		return -1;
	}
	if (rc != MDB_NOTFOUND) {
		return store_mon_fail(m, err, rc);
	}
	return 0;
}

/* Orphaned blocks out of the block cache. */

struct drop_one {
	uint64_t		 number;
	int			 known;		/* hash and ix are what was
						   cached when read */
	struct eth_hash		 hash;
	struct store_ixset	 ix;
};

struct drop {
	struct store		*st;
	struct drop_one		*v;
	size_t			 n;
};

static int
del_num(struct store *st, MDB_txn *txn, enum store_db db, uint64_t number,
    struct err *err)
{
	uint8_t kb[8];
	MDB_val k;
	int rc;

	store_mon_key(kb, &k, number);
	rc = mdb_del(txn, st->dbi[db], &k, NULL);
	if (rc != 0 && rc != MDB_NOTFOUND) {
		return store_mdb_err(st, err, rc, "update");
	}
	return 0;
}

static int
drop_txn(MDB_txn *txn, void *ctx, struct err *err)
{
	struct drop *dp = ctx;
	struct store *st = dp->st;
	struct store_ixset none;
	uint8_t kb[8];
	MDB_val k, v, hk;
	size_t i;
	long n = 0;
	int rc, same;

	memset(&none, 0, sizeof(none));
	for (i = 0; i < dp->n; i++) {
		struct drop_one *o = &dp->v[i];

		store_mon_key(kb, &k, o->number);
		rc = mdb_get(txn, st->dbi[STORE_DB_BLK], &k, &v);
		if (rc == MDB_NOTFOUND) {
			continue;
		}
		if (rc != 0) {
			return store_mdb_err(st, err, rc, "update");
		}
		/* blk value: version, u32 flags, 32 hash (cache.c). */
		same = o->known && v.mv_size >= 37 &&
		    memcmp((const uint8_t *)v.mv_data + 5, o->hash.b, 32) == 0;
		if (v.mv_size >= 37) {
			hk.mv_data = (uint8_t *)v.mv_data + 5;
			hk.mv_size = 32;
			rc = mdb_del(txn, st->dbi[STORE_DB_BLK_HASH], &hk,
			    NULL);
			if (rc != 0 && rc != MDB_NOTFOUND) {
				return store_mdb_err(st, err, rc, "update");
			}
		}
		if (same) {
			if (store_ix_apply(st, txn, &o->ix, &none, err) == -1) {
				return -1;
			}
		} else if (store_ix_purge(st, txn, o->number, err) == -1) {
			return -1;
		}
		if (del_num(st, txn, STORE_DB_BLK, o->number, err) == -1 ||
		    del_num(st, txn, STORE_DB_RCPT, o->number, err) == -1 ||
		    del_num(st, txn, STORE_DB_TRC, o->number, err) == -1) {
			return -1;
		}
		n++;
	}
	return (int)n;
}

long
store_blocks_drop(struct store *st, uint64_t from, uint64_t to,
    struct err *err)
{
	struct eth_block b;
	struct eth_receipts rs;
	struct eth_traces ts;
	struct drop dp;
	uint32_t flags;
	uint64_t num;
	size_t i;
	long ret = -1;
	int r;

	if (st->flags & STORE_RDONLY) {
		return err_set(err, ERR_STORE, 0, "cannot update database "
		    "'%s': opened read-only", st->dir);
	}
	if (from > to) {
		return 0;
	}
	if (to - from >= STORE_MON_WINDOW * 4) {
		return err_set(err, ERR_USAGE, 0, "cannot drop %llu cached "
		    "blocks at once", (unsigned long long)(to - from + 1));
	}
	memset(&dp, 0, sizeof(dp));
	dp.st = st;
	dp.v = calloc((size_t)(to - from + 1), sizeof(*dp.v));
	if (dp.v == NULL) {
		return err_set(err, ERR_SYS, ENOMEM, "out of memory");
	}
	for (num = from;; num++) {
		struct drop_one *o = &dp.v[dp.n++];

		o->number = num;
		memset(&b, 0, sizeof(b));
		memset(&rs, 0, sizeof(rs));
		memset(&ts, 0, sizeof(ts));
		r = store_block_get(st, num, &b, &rs, &ts, &flags, err);
		if (r == 1) {
			o->known = 1;
			o->hash = b.h.hash;
			r = store_ix_collect(&o->ix, &b,
			    (flags & STORE_BLK_HAS_RECEIPTS) ? &rs : NULL,
			    (flags & STORE_BLK_HAS_TRACES) ? &ts : NULL, err);
		} else if (r == -1 && err != NULL && err->code == ERR_STORE) {
			/* Does not decode: purged by a scan of the index. */
			r = 0;
		}
		eth_block_release(&b);
		eth_receipts_release(&rs);
		eth_traces_release(&ts);
		if (r == -1) {
			goto out;
		}
		if (num == to) {
			break;
		}
	}
	r = store_txn_write(st, drop_txn, &dp, err);
	if (r == -1) {
		goto out;
	}
	ret = r;
out:
	for (i = 0; i < dp.n; i++) {
		free(dp.v[i].ix.v);
	}
	free(dp.v);
	return ret;
}
