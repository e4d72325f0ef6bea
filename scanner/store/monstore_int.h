/*
 * monstore_int.h - what monstore.c and monalert.c share: the monitor's
 * transaction handle and small helpers. Private to scanner/store/.
 */
#ifndef SCANNER_MONSTORE_INT_H
#define SCANNER_MONSTORE_INT_H

#include "store_int.h"

struct store_mon {
	struct store	*st;
	MDB_txn		*txn;
	int		 write;
};

static inline MDB_dbi
store_mon_dbi(const struct store_mon *m, enum store_db db)
{
	return m->st->dbi[db];
}

/* An LMDB failure rc, as store_mdb_err. Returns: -1. */
static inline int
store_mon_fail(struct store_mon *m, struct err *err, int rc)
{
	return store_mdb_err(m->st, err, rc, m->write ? "update" : "read");
}

/* A mutator called inside store_mon_read. Returns: -1. */
static inline int
store_mon_rdonly(struct store_mon *m, struct err *err)
{
	return err_set(err, ERR_STORE, 0, "cannot update database '%s': "
	    "inside a read transaction", m->st->dir);
}

/* An alert value that does not decode. Returns: -1. */
static inline int
store_mon_alert_corrupt(struct store_mon *m, struct err *err)
{
	return err_set(err, ERR_STORE, MDB_CORRUPTED, "cannot read database "
	    "'%s': a monitor alert does not decode", m->st->dir);
}

/* The big-endian key of a block number or sequence number. */
static inline void
store_mon_key(uint8_t k[8], MDB_val *v, uint64_t number)
{
	store_put_be64(k, number);
	v->mv_data = k;
	v->mv_size = 8;
}

#endif
