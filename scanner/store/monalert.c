/*
 * monalert.c - the monitor's alerts (store.h, "Monitor state"): their
 * encoding, recording under a stable id, the outbox in recording order and
 * the delivery marks.
 *
 * Alert value layout (little-endian integers):
 *   u8 version (1) | u8 kind | u8 pending | u8 delivered |
 *   u8 transfer kind | u8 via | u8 hops | u8 listings |
 *   u64 seq | i64 created_at | u64 block | u64 timestamp |
 *   u32 tx index | u32 order | u32 retracts | u32 reorg depth |
 *   32 block hash | 32 tx hash | 20 from | 20 to | 20 asset |
 *   32 amount (big-endian) | 20 address | 20 counterparty | 20 origin |
 *   u8 ids kept, then that many 32-byte retracted ids |
 *   per listing: u8 category | i32 listed_on | i32 delisted_on |
 *                u8 length, source | u8 length, label
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "monstore_int.h"

#define ALERT_VERSION	1
#define ALERT_FIXED	(8 + 8 * 4 + 4 * 4 + 32 * 2 + 20 * 3 + 32 + \
			    20 * 3 + 1)
#define ALERT_MAX	(ALERT_FIXED + STORE_ALERT_RETRACT * 32 + \
			    STORE_ALERT_LISTINGS * (1 + 4 + 4 + 1 + \
			    STORE_NAME_MAX + 1 + STORE_ALERT_LABEL))

struct enc {
	uint8_t		*p;
	size_t		 n;
};

static void
put_bytes(struct enc *e, const void *b, size_t n)
{
	memcpy(e->p + e->n, b, n);
	e->n += n;
}

static void
put_u8(struct enc *e, uint8_t v)
{
	e->p[e->n++] = v;
}

static void
put_u32(struct enc *e, uint32_t v)
{
	store_put_u32(e->p + e->n, v);
	e->n += 4;
}

static void
put_u64(struct enc *e, uint64_t v)
{
	store_put_u64(e->p + e->n, v);
	e->n += 8;
}

static void
put_str(struct enc *e, const char *s, size_t cap)
{
	size_t n = strnlen(s, cap - 1);

	put_u8(e, (uint8_t)n);
	put_bytes(e, s, n);
}

static int
alert_encode(uint8_t *buf, size_t *len, const struct store_alert *a,
    struct err *err)
{
	struct enc e = { buf, 0 };
	uint8_t amt[32];
	uint32_t keep;
	size_t i;
	uint64_t ca;

	if (a->nlistings > STORE_ALERT_LISTINGS || a->kind == 0 ||
	    a->kind > STORE_ALERT_REORG) {
		return err_set(err, ERR_INPUT, 0, "cannot record an alert of "
		    "kind %u with %zu listings", a->kind, a->nlistings);
	}
	keep = a->nretracts < STORE_ALERT_RETRACT ? a->nretracts :
	    STORE_ALERT_RETRACT;
	put_u8(&e, ALERT_VERSION);
	put_u8(&e, a->kind);
	put_u8(&e, a->pending);
	put_u8(&e, a->delivered);
	put_u8(&e, a->transfer_kind);
	put_u8(&e, a->via);
	put_u8(&e, a->hops);
	put_u8(&e, (uint8_t)a->nlistings);
	put_u64(&e, a->seq);
	memcpy(&ca, &a->created_at, sizeof(ca));
	put_u64(&e, ca);
	put_u64(&e, a->block);
	put_u64(&e, a->timestamp);
	put_u32(&e, a->tx_index);
	put_u32(&e, a->order);
	put_u32(&e, a->nretracts);
	put_u32(&e, a->reorg_depth);
	put_bytes(&e, a->block_hash.b, 32);
	put_bytes(&e, a->tx.b, 32);
	put_bytes(&e, a->from.b, 20);
	put_bytes(&e, a->to.b, 20);
	put_bytes(&e, a->asset.b, 20);
	u256_to_be(amt, &a->amount);
	put_bytes(&e, amt, 32);
	put_bytes(&e, a->address.b, 20);
	put_bytes(&e, a->counterparty.b, 20);
	put_bytes(&e, a->origin.b, 20);
	put_u8(&e, (uint8_t)keep);
	for (i = 0; i < keep; i++) {
		put_bytes(&e, a->retracts[i], 32);
	}
	for (i = 0; i < a->nlistings; i++) {
		const struct store_alert_listing *l = &a->listings[i];

		put_u8(&e, l->category);
		put_u32(&e, (uint32_t)l->listed_on);
		put_u32(&e, (uint32_t)l->delisted_on);
		put_str(&e, l->source, sizeof(l->source));
		put_str(&e, l->label, sizeof(l->label));
	}
	*len = e.n;
	return 0;
}

struct dec {
	const uint8_t	*p;
	size_t		 n, off;
	int		 bad;
};

static const uint8_t *
take(struct dec *d, size_t n)
{
	const uint8_t *p;

	if (d->bad || d->n - d->off < n) {
		d->bad = 1;
		return NULL;
	}
	p = d->p + d->off;
	d->off += n;
	return p;
}

static void
get_bytes(struct dec *d, void *out, size_t n)
{
	const uint8_t *p = take(d, n);

	if (p != NULL) {
		memcpy(out, p, n);
	}
}

static uint8_t
get_u8(struct dec *d)
{
	const uint8_t *p = take(d, 1);

	return p != NULL ? p[0] : 0;
}

static uint32_t
get_u32(struct dec *d)
{
	const uint8_t *p = take(d, 4);

	return p != NULL ? store_get_u32(p) : 0;
}

static uint64_t
get_u64(struct dec *d)
{
	const uint8_t *p = take(d, 8);

	return p != NULL ? store_get_u64(p) : 0;
}

static void
get_str(struct dec *d, char *out, size_t cap)
{
	size_t n = get_u8(d);

	if (n >= cap) {
		d->bad = 1;
		return;
	}
	get_bytes(d, out, n);
	out[d->bad ? 0 : n] = '\0';
}

static int
alert_decode(struct store_alert *a, const uint8_t id[32], const MDB_val *v)
{
	struct dec d = { v->mv_data, v->mv_size, 0, 0 };
	uint8_t amt[32];
	uint32_t u;
	uint64_t ca;
	size_t i, keep;

	memset(a, 0, sizeof(*a));
	memcpy(a->id, id, 32);
	if (get_u8(&d) != ALERT_VERSION) {
		return -1;
	}
	a->kind = get_u8(&d);
	a->pending = get_u8(&d);
	a->delivered = get_u8(&d);
	a->transfer_kind = get_u8(&d);
	a->via = get_u8(&d);
	a->hops = get_u8(&d);
	a->nlistings = get_u8(&d);
	a->seq = get_u64(&d);
	ca = get_u64(&d);
	memcpy(&a->created_at, &ca, sizeof(ca));
	a->block = get_u64(&d);
	a->timestamp = get_u64(&d);
	a->tx_index = get_u32(&d);
	a->order = get_u32(&d);
	a->nretracts = get_u32(&d);
	a->reorg_depth = get_u32(&d);
	get_bytes(&d, a->block_hash.b, 32);
	get_bytes(&d, a->tx.b, 32);
	get_bytes(&d, a->from.b, 20);
	get_bytes(&d, a->to.b, 20);
	get_bytes(&d, a->asset.b, 20);
	get_bytes(&d, amt, 32);
	u256_from_be(&a->amount, amt, 32);
	get_bytes(&d, a->address.b, 20);
	get_bytes(&d, a->counterparty.b, 20);
	get_bytes(&d, a->origin.b, 20);
	keep = get_u8(&d);
	if (keep > STORE_ALERT_RETRACT || a->nlistings > STORE_ALERT_LISTINGS) {
		return -1;
	}
	for (i = 0; i < keep; i++) {
		get_bytes(&d, a->retracts[i], 32);
	}
	for (i = 0; i < a->nlistings; i++) {
		struct store_alert_listing *l = &a->listings[i];

		l->category = get_u8(&d);
		u = get_u32(&d);
		memcpy(&l->listed_on, &u, 4);
		u = get_u32(&d);
		memcpy(&l->delisted_on, &u, 4);
		get_str(&d, l->source, sizeof(l->source));
		get_str(&d, l->label, sizeof(l->label));
	}
	if (d.bad || d.off != d.n || a->kind == 0 ||
	    a->kind > STORE_ALERT_REORG) {
		return -1;
	}
	return 0;
}

static int
put_alert(struct store_mon *m, const struct store_alert *a,
    struct err *err)
{
	uint8_t *buf;
	size_t len = 0;
	MDB_val k, d;
	int rc;

	buf = malloc(ALERT_MAX);
	if (buf == NULL) {
		return err_set(err, ERR_SYS, ENOMEM, "out of memory");
	}
	if (alert_encode(buf, &len, a, err) == -1) {
		free(buf);
		return -1;
	}
	k.mv_data = (void *)a->id;
	k.mv_size = 32;
	d.mv_data = buf;
	d.mv_size = len;
	rc = mdb_put(m->txn, store_mon_dbi(m, STORE_DB_MON_ALERT), &k, &d, 0);
	free(buf);
	if (rc != 0) {
		return store_mon_fail(m, err, rc);
	}
	return 0;
}

int
store_mon_alert_add(struct store_mon *m, struct store_alert *a,
    struct err *err)
{
	uint8_t kb[8];
	uint64_t seq = 0;
	MDB_val k, d;
	int rc, r;

	if (!m->write) {
		return store_mon_rdonly(m, err);
	}
	k.mv_data = a->id;
	k.mv_size = 32;
	rc = mdb_get(m->txn, store_mon_dbi(m, STORE_DB_MON_ALERT), &k, &d);
	if (rc == 0) {
		return 0;
	}
	if (rc != MDB_NOTFOUND) {
		return store_mon_fail(m, err, rc);
	}
	r = store_mon_state_get(m, "seq", &seq, err);
	if (r == -1) {
		return -1;
	}
	a->seq = r == 1 ? seq : 1;
	if (put_alert(m, a, err) == -1 ||
	    store_mon_state_put(m, "seq", a->seq + 1, err) == -1) {
		return -1;
	}
	if (a->kind != STORE_ALERT_REORG) {
		store_mon_key(kb, &k, a->block);
		d.mv_data = a->id;
		d.mv_size = 32;
		rc = mdb_put(m->txn, store_mon_dbi(m, STORE_DB_MON_ALERT_BLK),
		    &k, &d, MDB_NODUPDATA);
		if (rc != 0 && rc != MDB_KEYEXIST) {
			return store_mon_fail(m, err, rc);
		}
	}
	if (a->pending != 0) {
		store_mon_key(kb, &k, a->seq);
		d.mv_data = a->id;
		d.mv_size = 32;
		rc = mdb_put(m->txn, store_mon_dbi(m, STORE_DB_MON_OUTBOX), &k,
		    &d, 0);
		if (rc != 0) {
			return store_mon_fail(m, err, rc);
		}
	}
	return 1;
}

int
store_mon_alert_get(struct store_mon *m, const uint8_t id[32],
    struct store_alert *out, struct err *err)
{
	MDB_val k, d;
	int rc;

	k.mv_data = (void *)id;
	k.mv_size = 32;
	rc = mdb_get(m->txn, store_mon_dbi(m, STORE_DB_MON_ALERT), &k, &d);
	if (rc == MDB_NOTFOUND) {
		return 0;
	}
	if (rc != 0) {
		return store_mon_fail(m, err, rc);
	}
	if (alert_decode(out, id, &d) == -1) {
		return store_mon_alert_corrupt(m, err);
	}
	return 1;
}

int
store_mon_outbox(struct store_mon *m, unsigned mask, uint64_t after,
    struct store_alert *out, size_t cap, size_t *n, struct err *err)
{
	uint8_t kb[8];
	MDB_cursor *c;
	MDB_val k, d;
	int rc, r;

	*n = 0;
	rc = mdb_cursor_open(m->txn, store_mon_dbi(m, STORE_DB_MON_OUTBOX), &c);
	if (rc != 0) {
		return store_mon_fail(m, err, rc);
	}
	store_mon_key(kb, &k, after + 1);
	for (rc = mdb_cursor_get(c, &k, &d, MDB_SET_RANGE);
	    rc == 0 && *n < cap; rc = mdb_cursor_get(c, &k, &d, MDB_NEXT)) {
		if (d.mv_size != 32) {
			mdb_cursor_close(c);
			return store_mon_alert_corrupt(m, err);
		}
		r = store_mon_alert_get(m, d.mv_data, &out[*n], err);
		if (r != 1) {
			mdb_cursor_close(c);
			return r == 0 ? store_mon_alert_corrupt(m, err) : -1;
		}
		if (out[*n].pending & mask) {
			(*n)++;
		}
	}
	mdb_cursor_close(c);
	if (rc != 0 && rc != MDB_NOTFOUND) {
		return store_mon_fail(m, err, rc);
	}
	return 0;
}

int
store_mon_alert_delivered(struct store_mon *m, const uint8_t id[32],
    unsigned channels, struct err *err)
{
	struct store_alert *a;
	uint8_t kb[8];
	MDB_val k;
	int r, rc;

	if (!m->write) {
		return store_mon_rdonly(m, err);
	}
	a = malloc(sizeof(*a));
	if (a == NULL) {
		return err_set(err, ERR_SYS, ENOMEM, "out of memory");
	}
	r = store_mon_alert_get(m, id, a, err);
	if (r != 1) {
		free(a);
		return r;
	}
	a->delivered |= (uint8_t)(a->pending & channels);
	a->pending &= (uint8_t)~channels;
	r = put_alert(m, a, err);
	if (r == 0 && a->pending == 0) {
		store_mon_key(kb, &k, a->seq);
		rc = mdb_del(m->txn, store_mon_dbi(m, STORE_DB_MON_OUTBOX), &k,
		    NULL);
		if (rc != 0 && rc != MDB_NOTFOUND) {
			r = store_mon_fail(m, err, rc);
		}
	}
	free(a);
	return r == 0 ? 1 : -1;
}
