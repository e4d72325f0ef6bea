/*
 * cacheidx.c - the block cache's address index (addr_idx): which entries
 * a block's parts make, bringing the index from one set of entries to
 * another, and the look-up by address and block range.
 *
 * Entries are keyed by the 20-byte address; the dups (fixed 13 bytes,
 * sorted) are block BE u64 | tx index BE u32 | role, so one address's
 * entries in a block range are one cursor walk.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

const uint8_t store_transfer_topic[32] = {
	0xdd, 0xf2, 0x52, 0xad, 0x1b, 0xe2, 0xc8, 0x9b,
	0x69, 0xc2, 0xb0, 0x68, 0xfc, 0x37, 0x8d, 0xaa,
	0x95, 0x2b, 0xa7, 0xf1, 0x63, 0xc4, 0xa1, 0x16,
	0x28, 0xf5, 0x5a, 0x4d, 0xf5, 0x23, 0xb3, 0xef
};

static void
ix_add(struct store_ixset *s, const uint8_t addr[STORE_IX_ADDR],
    uint64_t block, uint32_t tx, enum store_role role)
{
	struct store_ix *v;
	size_t cap;

	if (s->nomem) {
		return;
	}
	if (s->n == s->cap) {
		cap = s->cap != 0 ? 2 * s->cap : 256;
		v = realloc(s->v, cap * sizeof(*v));
		if (v == NULL) {
			s->nomem = 1;
			return;
		}
		s->v = v;
		s->cap = cap;
	}
	v = &s->v[s->n++];
	memcpy(v->k, addr, STORE_IX_ADDR);
	store_put_be64(v->k + STORE_IX_ADDR, block);
	store_put_be32(v->k + STORE_IX_ADDR + 8, tx);
	v->k[STORE_IX_ADDR + 12] = (uint8_t)role;
}

static int
ix_cmp(const void *a, const void *b)
{
	return memcmp(a, b, sizeof(struct store_ix));
}

/* Kinds of frame that move value (DESIGN: internal transfers). */
static int
moves_value(uint8_t kind)
{
	return kind == ETH_CALL_CALL || kind == ETH_CALL_CREATE ||
	    kind == ETH_CALL_CREATE2 || kind == ETH_CALL_SELFDESTRUCT ||
	    kind == ETH_CALL_REWARD;
}

/* Every entry the parts of block b say, sorted, each once. */
int
store_ix_collect(struct store_ixset *s, const struct eth_block *b,
    const struct eth_receipts *rs, const struct eth_traces *ts,
    struct err *err)
{
	const struct eth_receipt *r;
	const struct eth_call *c;
	const struct eth_log *l;
	uint64_t n = b->h.number;
	size_t i, j, k;

	s->n = 0;
	ix_add(s, b->h.miner.b, n, STORE_TX_NONE, STORE_ROLE_MINER);
	for (i = 0; i < b->ntxs; i++) {
		ix_add(s, b->txs[i].from.b, n, (uint32_t)i,
		    STORE_ROLE_TX_FROM);
		if (b->txs[i].has_to) {
			ix_add(s, b->txs[i].to.b, n, (uint32_t)i,
			    STORE_ROLE_TX_TO);
		}
	}
	for (i = 0; i < b->nwithdrawals; i++) {
		ix_add(s, b->withdrawals[i].address.b, n, (uint32_t)i,
		    STORE_ROLE_WITHDRAWAL);
	}
	for (i = 0; rs != NULL && i < rs->n; i++) {
		r = &rs->r[i];
		/* The receipt names them too (a block of hashes only). */
		if (r->has_from) {
			ix_add(s, r->from.b, n, r->tx_index,
			    STORE_ROLE_TX_FROM);
		}
		if (r->has_from && r->has_to) {
			ix_add(s, r->to.b, n, r->tx_index, STORE_ROLE_TX_TO);
		}
		if (r->has_contract) {
			ix_add(s, r->contract_address.b, n, r->tx_index,
			    STORE_ROLE_CREATED);
		}
		for (j = 0; j < r->nlogs; j++) {
			l = &r->logs[j];
			if (l->removed) {
				continue;
			}
			ix_add(s, l->address.b, n, r->tx_index,
			    STORE_ROLE_LOG);
			if (l->ntopics < 3 || memcmp(l->topics[0].b,
			    store_transfer_topic, 32) != 0) {
				continue;
			}
			/* The low 20 bytes of an indexed address topic. */
			ix_add(s, l->topics[1].b + 12, n, r->tx_index,
			    STORE_ROLE_XFER_FROM);
			ix_add(s, l->topics[2].b + 12, n, r->tx_index,
			    STORE_ROLE_XFER_TO);
		}
	}
	for (k = 0; ts != NULL && k < ts->n; k++) {
		c = &ts->c[k];
		if (c->failed) {
			continue;
		}
		if ((c->kind == ETH_CALL_CREATE ||
		    c->kind == ETH_CALL_CREATE2) && c->has_to) {
			ix_add(s, c->to.b, n, c->tx_index, STORE_ROLE_CREATED);
		}
		if (!moves_value(c->kind) || u256_is_zero(&c->value)) {
			continue;
		}
		ix_add(s, c->from.b, n, c->tx_index, STORE_ROLE_CALL_FROM);
		if (c->has_to) {
			ix_add(s, c->to.b, n, c->tx_index, STORE_ROLE_CALL_TO);
		}
	}
	if (s->nomem) {
		return err_set(err, ERR_SYS, ENOMEM, "out of memory");
	}
	if (s->n > 1) {
		qsort(s->v, s->n, sizeof(*s->v), ix_cmp);
	}
	for (i = 1, j = s->n > 0 ? 1 : 0; i < s->n; i++) {
		if (memcmp(&s->v[i], &s->v[j - 1], sizeof(*s->v)) != 0) {
			s->v[j++] = s->v[i];
		}
	}
	s->n = j;
	return 0;
}

static int
ix_write(struct store *st, MDB_txn *txn, const struct store_ix *e, int del,
    struct err *err)
{
	MDB_val k, v;
	int rc;

	k.mv_data = (void *)e->k;
	k.mv_size = STORE_IX_ADDR;
	v.mv_data = (void *)(e->k + STORE_IX_ADDR);
	v.mv_size = STORE_IX_VAL;
	if (del) {
		rc = mdb_del(txn, st->dbi[STORE_DB_ADDR_IDX], &k, &v);
		if (rc == MDB_NOTFOUND) {
			rc = 0;
		}
	} else {
		rc = mdb_put(txn, st->dbi[STORE_DB_ADDR_IDX], &k, &v, 0);
	}
	if (rc != 0) {
		return store_mdb_err(st, err, rc, "update");
	}
	return 0;
}

/* Delete what is only in old, add what is only in new (both sorted). */
int
store_ix_apply(struct store *st, MDB_txn *txn, const struct store_ixset *old,
    const struct store_ixset *new, struct err *err)
{
	size_t i, j;
	int c;

	i = j = 0;
	while (i < old->n || j < new->n) {
		if (i == old->n) {
			c = 1;
		} else if (j == new->n) {
			c = -1;
		} else {
			c = memcmp(&old->v[i], &new->v[j],
			    sizeof(old->v[i]));
		}
		if (c < 0) {
			if (ix_write(st, txn, &old->v[i++], 1, err) == -1) {
				return -1;
			}
		} else if (c > 0) {
			if (ix_write(st, txn, &new->v[j++], 0, err) == -1) {
				return -1;
			}
		} else {
			i++;
			j++;
		}
	}
	return 0;
}

/*
 * Remove every index entry of block number by walking the whole index:
 * for an old block that no longer decodes, whose entries are unknown.
 */
int
store_ix_purge(struct store *st, MDB_txn *txn, uint64_t number, struct err *err)
{
	uint8_t key[STORE_IX_ADDR], val[STORE_IX_VAL];
	MDB_cursor *cur;
	MDB_val k, v;
	int rc;

	rc = mdb_cursor_open(txn, st->dbi[STORE_DB_ADDR_IDX], &cur);
	if (rc != 0) {
		return store_mdb_err(st, err, rc, "update");
	}
	memset(val, 0, sizeof(val));
	store_put_be64(val, number);
	rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST);
	while (rc == 0) {
		if (k.mv_size != STORE_IX_ADDR) {
			rc = MDB_CORRUPTED;
			break;
		}
		memcpy(key, k.mv_data, STORE_IX_ADDR);
		for (;;) {
			k.mv_data = key;
			k.mv_size = STORE_IX_ADDR;
			v.mv_data = val;
			v.mv_size = STORE_IX_VAL;
			rc = mdb_cursor_get(cur, &k, &v, MDB_GET_BOTH_RANGE);
			if (rc != 0 || v.mv_size != STORE_IX_VAL ||
			    store_get_be64(v.mv_data) != number) {
				break;
			}
			rc = mdb_cursor_del(cur, 0);
			if (rc != 0) {
				break;
			}
		}
		if (rc != 0 && rc != MDB_NOTFOUND) {
			break;
		}
		/* On to the first key after this one. */
		k.mv_data = key;
		k.mv_size = STORE_IX_ADDR;
		rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);
		if (rc == 0 && k.mv_size == STORE_IX_ADDR &&
		    memcmp(k.mv_data, key, STORE_IX_ADDR) == 0) {
			rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT_NODUP);
		}
	}
	mdb_cursor_close(cur);
	if (rc != MDB_NOTFOUND) {
		return store_mdb_err(st, err, rc, "update");
	}
	return 0;
}

int
store_addr_each(struct store *st, const struct eth_addr *a, uint64_t from,
    uint64_t to, int (*fn)(void *ctx, uint64_t block, uint32_t tx_index,
    enum store_role role), void *ctx, struct err *err)
{
	uint8_t val[STORE_IX_VAL];
	const uint8_t *p;
	MDB_cursor *cur;
	MDB_txn *txn;
	MDB_val k, v;
	uint64_t n;
	int rc, r;

	if (from > to || !store_has(st, STORE_DB_ADDR_IDX)) {
		return 0;
	}
	if (store_txn_read(st, &txn, err) == -1) {
		return -1;
	}
	rc = mdb_cursor_open(txn, st->dbi[STORE_DB_ADDR_IDX], &cur);
	if (rc != 0) {
		store_txn_read_end(st, txn);
		return store_mdb_err(st, err, rc, "read");
	}
	memset(val, 0, sizeof(val));
	store_put_be64(val, from);
	k.mv_data = (void *)a->b;
	k.mv_size = STORE_IX_ADDR;
	v.mv_data = val;
	v.mv_size = STORE_IX_VAL;
	r = 0;
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_GET_BOTH_RANGE); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT_DUP)) {
		if (v.mv_size != STORE_IX_VAL) {
			rc = MDB_CORRUPTED;
			break;
		}
		p = v.mv_data;
		n = store_get_be64(p);
		if (n > to) {
			break;
		}
		r = fn(ctx, n, store_get_be32(p + 8), (enum store_role)p[12]);
		if (r != 0) {
			break;
		}
	}
	if (r == 0 && rc != 0 && rc != MDB_NOTFOUND) {
		r = store_mdb_err(st, err, rc, "read");
	}
	mdb_cursor_close(cur);
	store_txn_read_end(st, txn);
	return r;
}

