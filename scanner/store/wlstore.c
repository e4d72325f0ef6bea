/*
 * wlstore.c - the watchlist databases: wl_addr (every listing of an
 * address), wl_src (what is known of a source) and wl_src_addr (the
 * addresses of a source), their encodings, and screening look-ups.
 *
 * wl_addr value, little-endian:
 *   u8 version (1) | u16 count | count x listing
 *   listing: u8 category | i32 listed_on | i32 delisted_on |
 *            source NUL | label NUL | reference NUL
 * ordered by (source, category, listed_on, delisted_on, label, reference)
 * with no two listings equal, so output is deterministic and look-ups can
 * hand out strings that point into the map. Never stored with count 0.
 *
 * wl_src value, keyed by the name (no NUL), little-endian:
 *   u8 version (1) | i64 imported_at | i32 issued | u32 addresses |
 *   u32 listings | format NUL | origin NUL
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

#define WL_VERSION	0x01
#define WL_HEAD		3	/* version, count */
#define WL_FIXED	9	/* category, listed_on, delisted_on */
#define WL_COUNT_MAX	0xffff
#define SRC_VERSION	0x01
#define SRC_FIXED	21	/* version .. listings */

/* A walk over an encoded wl_addr value. */
struct dec {
	const uint8_t	*p, *end;
	size_t		 left;	/* listings not yet read */
};

/* Returns: the listing count; -1 if the header is bad. */
static long
dec_begin(struct dec *d, const void *val, size_t len)
{
	const uint8_t *p = val;

	if (len < WL_HEAD || p[0] != WL_VERSION) {
		return -1;
	}
	d->p = p + WL_HEAD;
	d->end = p + len;
	d->left = store_get_u16(p + 1);
	if (d->left == 0) {
		return -1;
	}
	return (long)d->left;
}

static int
dec_str(struct dec *d, const char **s)
{
	const uint8_t *nul;

	nul = memchr(d->p, 0, (size_t)(d->end - d->p));
	if (nul == NULL) {
		return -1;
	}
	*s = (const char *)d->p;
	d->p = nul + 1;
	return 0;
}

/* Returns: 1 with *l; 0 at the end of a well-formed value; -1 if bad. */
static int
dec_next(struct dec *d, struct store_listing *l)
{
	if (d->left == 0) {
		return d->p == d->end ? 0 : -1;
	}
	if ((size_t)(d->end - d->p) < WL_FIXED) {
		return -1;
	}
	l->category = d->p[0];
	l->listed_on = store_get_i32(d->p + 1);
	l->delisted_on = store_get_i32(d->p + 5);
	d->p += WL_FIXED;
	if (dec_str(d, &l->source) == -1 || dec_str(d, &l->label) == -1 ||
	    dec_str(d, &l->reference) == -1) {
		return -1;
	}
	d->left--;
	return 1;
}

/*
 * Decode a whole value, filling out[0..cap-1].
 * Returns: the listing count; -1 if the value is malformed.
 */
static long
decode(const void *val, size_t len, struct store_listing *out, size_t cap)
{
	struct store_listing l;
	struct dec d;
	long count;
	size_t i;
	int r;

	count = dec_begin(&d, val, len);
	if (count < 0) {
		return -1;
	}
	for (i = 0;; i++) {
		r = dec_next(&d, i < cap ? &out[i] : &l);
		if (r <= 0) {
			return r == 0 ? count : -1;
		}
	}
}

static int
cmp_int(long long a, long long b)
{
	return a < b ? -1 : a > b;
}

static int
listing_cmp(const struct store_listing *a, const struct store_listing *b)
{
	int c;

	c = strcmp(a->source, b->source);
	if (c == 0) {
		c = cmp_int(a->category, b->category);
	}
	if (c == 0) {
		c = cmp_int(a->listed_on, b->listed_on);
	}
	if (c == 0) {
		c = cmp_int(a->delisted_on, b->delisted_on);
	}
	if (c == 0) {
		c = strcmp(a->label, b->label);
	}
	if (c == 0) {
		c = strcmp(a->reference, b->reference);
	}
	return c;
}

static int
listing_qcmp(const void *a, const void *b)
{
	return listing_cmp(a, b);
}

/* Keys in LMDB's default order: bytes, then the shorter first. */
static int
key_cmp(const struct addr *a, const struct addr *b)
{
	size_t n;
	int c;

	n = a->len < b->len ? a->len : b->len;
	c = memcmp(a->key, b->key, n);
	return c != 0 ? c : cmp_int(a->len, b->len);
}

/* Scratch memory of one write transaction. */
struct scratch {
	struct store_listing	*l;
	size_t			 n, cap;
	uint8_t			*buf;
	size_t			 bufcap;
};

static void
scratch_release(struct scratch *sc)
{
	free(sc->l);
	free(sc->buf);
	memset(sc, 0, sizeof(*sc));
}

static int
scratch_listings(struct scratch *sc, size_t n, struct err *err)
{
	struct store_listing *l;

	if (n <= sc->cap) {
		return 0;
	}
	l = realloc(sc->l, n * sizeof(*l));
	if (l == NULL) {
		return err_set(err, ERR_SYS, ENOMEM, "out of memory");
	}
	sc->l = l;
	sc->cap = n;
	return 0;
}

static int
scratch_buf(struct scratch *sc, size_t n, struct err *err)
{
	uint8_t *b;

	if (n <= sc->bufcap) {
		return 0;
	}
	b = realloc(sc->buf, n);
	if (b == NULL) {
		return err_set(err, ERR_SYS, ENOMEM, "out of memory");
	}
	sc->buf = b;
	sc->bufcap = n;
	return 0;
}

static int
corrupt(const struct store *st, struct err *err, const struct addr *a)
{
	char hex[2 * 24 + 4];
	size_t i, n;

	n = a->len < 24 ? a->len : 24;
	for (i = 0; i < n; i++) {
		hex[2 * i] = "0123456789abcdef"[a->key[i] >> 4];
		hex[2 * i + 1] = "0123456789abcdef"[a->key[i] & 15];
	}
	strcpy(hex + 2 * n, n < a->len ? "..." : "");
	return err_set(err, ERR_STORE, MDB_CORRUPTED,
	    "cannot read database '%s': corrupt watchlist entry for key %s",
	    st->dir, hex);
}

static void
key_val(MDB_val *k, const struct addr *a)
{
	k->mv_data = (void *)a->key;
	k->mv_size = a->len;
}

static void
name_val(MDB_val *k, const char *name)
{
	k->mv_data = (void *)name;
	k->mv_size = strlen(name);
}

/*
 * Sort sc->l[0..sc->n-1], drop equal neighbours and write the value of
 * address a (or delete its key when no listing is left).
 */
static int
put_listings(struct store *st, MDB_txn *txn, struct scratch *sc,
    const struct addr *a, struct err *err)
{
	MDB_val k, v;
	size_t i, j, size;
	uint8_t *p;
	int rc;

	key_val(&k, a);
	if (sc->n == 0) {
		rc = mdb_del(txn, st->dbi[STORE_DB_WL_ADDR], &k, NULL);
		if (rc != 0 && rc != MDB_NOTFOUND) {
			return store_mdb_err(st, err, rc, "update");
		}
		return 0;
	}
	qsort(sc->l, sc->n, sizeof(sc->l[0]), listing_qcmp);
	for (i = 1, j = 1; i < sc->n; i++) {
		if (listing_cmp(&sc->l[i], &sc->l[j - 1]) != 0) {
			sc->l[j++] = sc->l[i];
		}
	}
	sc->n = j;
	if (sc->n > WL_COUNT_MAX) {
		return err_set(err, ERR_STORE, 0,
		    "cannot update database '%s': more than %d listings of "
		    "one address", st->dir, WL_COUNT_MAX);
	}
	size = WL_HEAD;
	for (i = 0; i < sc->n; i++) {
		size += WL_FIXED + strlen(sc->l[i].source) +
		    strlen(sc->l[i].label) + strlen(sc->l[i].reference) + 3;
	}
	if (scratch_buf(sc, size, err) == -1) {
		return -1;
	}
	p = sc->buf;
	p[0] = WL_VERSION;
	store_put_u16(p + 1, (uint16_t)sc->n);
	p += WL_HEAD;
	for (i = 0; i < sc->n; i++) {
		const char *s[3] = { sc->l[i].source, sc->l[i].label,
		    sc->l[i].reference };

		p[0] = sc->l[i].category;
		store_put_u32(p + 1, (uint32_t)sc->l[i].listed_on);
		store_put_u32(p + 5, (uint32_t)sc->l[i].delisted_on);
		p += WL_FIXED;
		for (j = 0; j < 3; j++) {
			size_t n = strlen(s[j]) + 1;

			memcpy(p, s[j], n);
			p += n;
		}
	}
	v.mv_data = sc->buf;
	v.mv_size = size;
	rc = mdb_put(txn, st->dbi[STORE_DB_WL_ADDR], &k, &v, 0);
	if (rc != 0) {
		return store_mdb_err(st, err, rc, "update");
	}
	return 0;
}

/*
 * Load the listings of a into sc->l, leaving out those of source skip.
 * The strings point into the map until the next write to wl_addr.
 */
static int
load_listings(struct store *st, MDB_txn *txn, struct scratch *sc,
    const struct addr *a, const char *skip, size_t extra, struct err *err)
{
	struct store_listing l;
	struct dec d;
	MDB_val k, v;
	long count;
	int rc, r;

	sc->n = 0;
	key_val(&k, a);
	rc = mdb_get(txn, st->dbi[STORE_DB_WL_ADDR], &k, &v);
	if (rc == MDB_NOTFOUND) {
		return scratch_listings(sc, extra, err);
	}
	if (rc != 0) {
		return store_mdb_err(st, err, rc, "read");
	}
	count = dec_begin(&d, v.mv_data, v.mv_size);
	if (count < 0) {
		return corrupt(st, err, a);
	}
	if (scratch_listings(sc, (size_t)count + extra, err) == -1) {
		return -1;
	}
	for (r = dec_next(&d, &l); r == 1; r = dec_next(&d, &l)) {
		if (strcmp(l.source, skip) != 0) {
			sc->l[sc->n++] = l;
		}
	}
	if (r == -1) {
		return corrupt(st, err, a);
	}
	return 0;
}

static void
addr_of_key(struct addr *a, const MDB_val *v)
{
	memset(a, 0, sizeof(*a));
	a->len = (uint8_t)v->mv_size;
	memcpy(a->key, v->mv_data, v->mv_size);
	a->chain = a->key[0];
}

/*
 * Take every listing of source name out of wl_addr and forget the source.
 * Returns: 1 if the source was there, 0 if not; -1 with err.
 */
static int
drop_source(struct store *st, MDB_txn *txn, struct scratch *sc,
    const char *name, struct err *err)
{
	MDB_cursor *cur;
	MDB_val k, v;
	struct addr a;
	int rc, found;

	found = 0;
	rc = mdb_cursor_open(txn, st->dbi[STORE_DB_WL_SRC_ADDR], &cur);
	if (rc != 0) {
		return store_mdb_err(st, err, rc, "read");
	}
	name_val(&k, name);
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT_DUP)) {
		found = 1;
		if (v.mv_size == 0 || v.mv_size > ADDR_KEY_MAX) {
			rc = MDB_CORRUPTED;
			break;
		}
		addr_of_key(&a, &v);
		if (load_listings(st, txn, sc, &a, name, 0, err) == -1 ||
		    put_listings(st, txn, sc, &a, err) == -1) {
			mdb_cursor_close(cur);
			return -1;
		}
	}
	mdb_cursor_close(cur);
	if (rc != MDB_NOTFOUND) {
		return store_mdb_err(st, err, rc, "read");
	}
	name_val(&k, name);
	rc = mdb_del(txn, st->dbi[STORE_DB_WL_SRC_ADDR], &k, NULL);
	if (rc != 0 && rc != MDB_NOTFOUND) {
		return store_mdb_err(st, err, rc, "update");
	}
	rc = mdb_del(txn, st->dbi[STORE_DB_WL_SRC], &k, NULL);
	if (rc == 0) {
		found = 1;
	} else if (rc != MDB_NOTFOUND) {
		return store_mdb_err(st, err, rc, "update");
	}
	return found;
}

/* Returns: 0 if s is a NUL-terminated string of at most cap bytes. */
static int
check_str(const char *s, size_t cap, int nonempty, const char *what,
    struct err *err)
{
	if (strnlen(s, cap) == cap) {
		return err_set(err, ERR_INPUT, 0,
		    "%s '%.20s...' is too long (at most %zu bytes)", what, s,
		    cap - 1);
	}
	if (nonempty && *s == '\0') {
		return err_set(err, ERR_INPUT, 0, "%s is empty", what);
	}
	return 0;
}

static int
check_import(const struct store_wl_import *im, struct err *err)
{
	size_t i;

	if (check_str(im->meta.name, sizeof(im->meta.name), 1,
	    "source name", err) == -1 ||
	    check_str(im->meta.format, sizeof(im->meta.format), 0,
	    "source format", err) == -1 ||
	    check_str(im->meta.origin, sizeof(im->meta.origin), 0,
	    "source origin", err) == -1) {
		return -1;
	}
	for (i = 0; i < im->n; i++) {
		if (im->addrs[i].len == 0 ||
		    im->addrs[i].len > ADDR_KEY_MAX) {
			return err_set(err, ERR_INPUT, 0,
			    "source '%s': address %zu has no valid key",
			    im->meta.name, i);
		}
	}
	return 0;
}

/* One listing of an import, with its address. */
struct item {
	const struct addr	*a;
	struct store_listing	 l;
};

static int
item_cmp(const void *va, const void *vb)
{
	const struct item *a = va, *b = vb;
	int c;

	c = key_cmp(a->a, b->a);
	return c != 0 ? c : listing_cmp(&a->l, &b->l);
}

static int
put_source(struct store *st, MDB_txn *txn, const struct store_source *src,
    uint32_t naddr, uint32_t nlist, struct err *err)
{
	uint8_t buf[SRC_FIXED + sizeof(src->format) + sizeof(src->origin)];
	size_t nf, no;
	MDB_val k, v;
	int rc;

	nf = strlen(src->format) + 1;
	no = strlen(src->origin) + 1;
	buf[0] = SRC_VERSION;
	store_put_u64(buf + 1, (uint64_t)src->imported_at);
	store_put_u32(buf + 9, (uint32_t)src->issued);
	store_put_u32(buf + 13, naddr);
	store_put_u32(buf + 17, nlist);
	memcpy(buf + SRC_FIXED, src->format, nf);
	memcpy(buf + SRC_FIXED + nf, src->origin, no);
	name_val(&k, src->name);
	v.mv_data = buf;
	v.mv_size = SRC_FIXED + nf + no;
	rc = mdb_put(txn, st->dbi[STORE_DB_WL_SRC], &k, &v, 0);
	if (rc != 0) {
		return store_mdb_err(st, err, rc, "update");
	}
	return 0;
}

/* Returns: 0 with *src; -1 if the value is malformed. */
static int
get_source(struct store_source *src, const MDB_val *k, const MDB_val *v)
{
	const uint8_t *p = v->mv_data, *f, *o, *end;

	memset(src, 0, sizeof(*src));
	if (k->mv_size == 0 || k->mv_size >= sizeof(src->name) ||
	    v->mv_size < SRC_FIXED || p[0] != SRC_VERSION) {
		return -1;
	}
	end = p + v->mv_size;
	f = p + SRC_FIXED;
	o = memchr(f, '\0', (size_t)(end - f));
	if (o == NULL || (size_t)(o - f) >= sizeof(src->format)) {
		return -1;
	}
	o++;
	if (memchr(o, '\0', (size_t)(end - o)) != end - 1 ||
	    (size_t)(end - o) > sizeof(src->origin)) {
		return -1;
	}
	memcpy(src->name, k->mv_data, k->mv_size);
	src->imported_at = (int64_t)store_get_u64(p + 1);
	src->issued = store_get_i32(p + 9);
	src->addresses = store_get_u32(p + 13);
	src->listings = store_get_u32(p + 17);
	memcpy(src->format, f, (size_t)(o - f));
	memcpy(src->origin, o, (size_t)(end - o));
	return 0;
}

/* Add the listings of one import (its source already dropped). */
static int
add_import(struct store *st, MDB_txn *txn, struct scratch *sc,
    const struct store_wl_import *im, struct err *err)
{
	const char *name = im->meta.name;
	struct item *it;
	MDB_val k, v;
	size_t i, g, j, naddr, nlist, before;
	int rc, ret;

	ret = -1;
	naddr = nlist = 0;
	it = malloc((im->n > 0 ? im->n : 1) * sizeof(*it));
	if (it == NULL) {
		return err_set(err, ERR_SYS, ENOMEM, "out of memory");
	}
	for (i = 0; i < im->n; i++) {
		it[i].a = &im->addrs[i];
		it[i].l = im->listings[i];
		it[i].l.source = name;
		if (it[i].l.label == NULL) {
			it[i].l.label = "";
		}
		if (it[i].l.reference == NULL) {
			it[i].l.reference = "";
		}
	}
	qsort(it, im->n, sizeof(*it), item_cmp);
	for (i = 0; i < im->n; i = g) {
		for (g = i + 1; g < im->n && key_cmp(it[g].a, it[i].a) == 0;
		    g++) {
			continue;
		}
		if (load_listings(st, txn, sc, it[i].a, name, g - i,
		    err) == -1) {
			goto out;
		}
		before = sc->n;
		for (j = i; j < g; j++) {
			/* Sorted: an equal listing is the one before. */
			if (j == i || item_cmp(&it[j], &it[j - 1]) != 0) {
				sc->l[sc->n++] = it[j].l;
			}
		}
		naddr++;
		nlist += sc->n - before;
		if (put_listings(st, txn, sc, it[i].a, err) == -1) {
			goto out;
		}
		name_val(&k, name);
		key_val(&v, it[i].a);
		rc = mdb_put(txn, st->dbi[STORE_DB_WL_SRC_ADDR], &k, &v, 0);
		if (rc != 0) {
			store_mdb_err(st, err, rc, "update");
			goto out;
		}
	}
	if (naddr > UINT32_MAX || nlist > UINT32_MAX) {
		err_set(err, ERR_STORE, 0, "source '%s' is too large", name);
		goto out;
	}
	ret = put_source(st, txn, &im->meta, (uint32_t)naddr,
	    (uint32_t)nlist, err);
out:
	free(it);
	return ret;
}

struct replace {
	struct store			*st;
	const struct store_wl_import	*imp;
	size_t				 nimp;
	int				 mark_seeded;
};

static int
replace_txn(MDB_txn *txn, void *ctx, struct err *err)
{
	struct replace *rp = ctx;
	struct store *st = rp->st;
	struct scratch sc;
	MDB_val k, v;
	size_t i;
	int rc, ret;

	memset(&sc, 0, sizeof(sc));
	ret = -1;
	for (i = 0; i < rp->nimp; i++) {
		if (check_import(&rp->imp[i], err) == -1 ||
		    drop_source(st, txn, &sc, rp->imp[i].meta.name,
		    err) == -1 ||
		    add_import(st, txn, &sc, &rp->imp[i], err) == -1) {
			goto out;
		}
	}
	if (rp->mark_seeded) {
		name_val(&k, "wl.seeded");
		name_val(&v, "1");
		rc = mdb_put(txn, st->dbi[STORE_DB_META], &k, &v, 0);
		if (rc != 0) {
			store_mdb_err(st, err, rc, "update");
			goto out;
		}
	}
	ret = 0;
out:
	scratch_release(&sc);
	return ret;
}

int
store_wl_replace(struct store *st, const struct store_wl_import *imp,
    size_t nimp, int mark_seeded, struct err *err)
{
	struct replace rp;

	rp.st = st;
	rp.imp = imp;
	rp.nimp = nimp;
	rp.mark_seeded = mark_seeded;
	return store_txn_write(st, replace_txn, &rp, err);
}

struct remove {
	struct store	*st;
	const char	*name;
};

static int
remove_txn(MDB_txn *txn, void *ctx, struct err *err)
{
	struct remove *rm = ctx;
	struct scratch sc;
	int r;

	memset(&sc, 0, sizeof(sc));
	r = drop_source(rm->st, txn, &sc, rm->name, err);
	scratch_release(&sc);
	return r;
}

int
store_wl_remove(struct store *st, const char *name, struct err *err)
{
	struct remove rm;

	if (check_str(name, STORE_NAME_MAX, 1, "source name", err) == -1) {
		return -1;
	}
	rm.st = st;
	rm.name = name;
	return store_txn_write(st, remove_txn, &rm, err);
}

int
store_wl_seeded(struct store *st, struct err *err)
{
	char v[2];
	size_t n;
	int r;

	r = store_meta_get(st, "wl.seeded", v, sizeof(v), &n, err);
	if (r != 1) {
		return r;
	}
	return n == 1 && v[0] == '1';
}

int
store_wl_sources(struct store *st, struct store_source **out, size_t *n,
    struct err *err)
{
	struct store_source *a, *na;
	MDB_cursor *cur;
	MDB_txn *txn;
	MDB_val k, v;
	size_t cnt, cap;
	int rc, ret;

	*out = NULL;
	*n = 0;
	a = NULL;
	cnt = cap = 0;
	cur = NULL;
	ret = -1;
	if (!store_has(st, STORE_DB_WL_SRC)) {
		return 0;
	}
	if (store_txn_read(st, &txn, err) == -1) {
		return -1;
	}
	rc = mdb_cursor_open(txn, st->dbi[STORE_DB_WL_SRC], &cur);
	if (rc != 0) {
		store_mdb_err(st, err, rc, "read");
		goto out;
	}
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if (cnt == cap) {
			cap = cap ? 2 * cap : 8;
			na = realloc(a, cap * sizeof(*a));
			if (na == NULL) {
				err_set(err, ERR_SYS, ENOMEM, "out of memory");
				goto out;
			}
			a = na;
		}
		if (get_source(&a[cnt], &k, &v) == -1) {
			err_set(err, ERR_STORE, MDB_CORRUPTED,
			    "cannot read database '%s': corrupt source "
			    "entry '%.*s'", st->dir,
			    (int)(k.mv_size < 64 ? k.mv_size : 64),
			    (const char *)k.mv_data);
			goto out;
		}
		cnt++;
	}
	if (rc != MDB_NOTFOUND) {
		store_mdb_err(st, err, rc, "read");
		goto out;
	}
	*out = a;
	*n = cnt;
	a = NULL;
	ret = 0;
out:
	mdb_cursor_close(cur);
	store_txn_read_end(st, txn);
	free(a);
	return ret;
}

/* The listings of source name in one wl_addr value, given to fn. */
static int
each_addr(struct store *st, MDB_txn *txn, const char *name,
    const MDB_val *key, int (*fn)(void *, const struct addr *,
    const struct store_listing *), void *ctx, struct err *err)
{
	struct store_listing l;
	struct addr a;
	struct dec d;
	MDB_val k, v;
	int rc, r;

	if (key->mv_size == 0 || key->mv_size > ADDR_KEY_MAX) {
		return store_mdb_err(st, err, MDB_CORRUPTED, "read");
	}
	addr_of_key(&a, key);
	key_val(&k, &a);
	rc = mdb_get(txn, st->dbi[STORE_DB_WL_ADDR], &k, &v);
	if (rc == MDB_NOTFOUND) {
		return corrupt(st, err, &a);
	}
	if (rc != 0) {
		return store_mdb_err(st, err, rc, "read");
	}
	/* Whole value checked first, so fn never sees half of it. */
	if (decode(v.mv_data, v.mv_size, NULL, 0) < 0) {
		return corrupt(st, err, &a);
	}
	dec_begin(&d, v.mv_data, v.mv_size);
	while (dec_next(&d, &l) == 1) {
		if (strcmp(l.source, name) != 0) {
			continue;
		}
		r = fn(ctx, &a, &l);
		if (r != 0) {
			return r;
		}
	}
	return 0;
}

int
store_wl_each(struct store *st, const char *name,
    int (*fn)(void *ctx, const struct addr *a,
    const struct store_listing *l), void *ctx, struct err *err)
{
	MDB_cursor *cur;
	MDB_txn *txn;
	MDB_val k, v;
	int rc, r;

	if (!store_has(st, STORE_DB_WL_SRC_ADDR) ||
	    !store_has(st, STORE_DB_WL_ADDR)) {
		return 0;
	}
	if (store_txn_read(st, &txn, err) == -1) {
		return -1;
	}
	rc = mdb_cursor_open(txn, st->dbi[STORE_DB_WL_SRC_ADDR], &cur);
	if (rc != 0) {
		store_txn_read_end(st, txn);
		return store_mdb_err(st, err, rc, "read");
	}
	r = 0;
	name_val(&k, name);
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT_DUP)) {
		r = each_addr(st, txn, name, &v, fn, ctx, err);
		if (r != 0) {
			break;
		}
	}
	if (r == 0 && rc != MDB_NOTFOUND) {
		r = store_mdb_err(st, err, rc, "read");
	}
	mdb_cursor_close(cur);
	store_txn_read_end(st, txn);
	return r;
}

struct store_reader {
	struct store	*st;
	MDB_txn		*txn;
	MDB_dbi		 dbi;
	int		 have;	/* wl_addr exists */
};

int
store_reader_begin(struct store *st, struct store_reader **out,
    struct err *err)
{
	struct store_reader *rd;

	*out = NULL;
	rd = calloc(1, sizeof(*rd));
	if (rd == NULL) {
		return err_set(err, ERR_SYS, ENOMEM, "out of memory");
	}
	if (store_txn_read(st, &rd->txn, err) == -1) {
		free(rd);
		return -1;
	}
	rd->st = st;
	rd->have = store_has(st, STORE_DB_WL_ADDR);
	rd->dbi = st->dbi[STORE_DB_WL_ADDR];
	*out = rd;
	return 0;
}

void
store_reader_end(struct store_reader *rd)
{
	if (rd == NULL) {
		return;
	}
	store_txn_read_end(rd->st, rd->txn);
	free(rd);
}

int
store_wl_lookup(struct store_reader *rd, const struct addr *a,
    struct store_listing *out, size_t cap, size_t *n, struct err *err)
{
	MDB_val k, v;
	long count;
	int rc;

	*n = 0;
	if (!rd->have) {
		return 0;
	}
	key_val(&k, a);
	rc = mdb_get(rd->txn, rd->dbi, &k, &v);
	if (rc == MDB_NOTFOUND) {
		return 0;
	}
	if (rc != 0) {
		return store_mdb_err(rd->st, err, rc, "read");
	}
	count = decode(v.mv_data, v.mv_size, out, cap);
	if (count < 0) {
		return corrupt(rd->st, err, a);
	}
	*n = (size_t)count;
	return 1;
}

int
store_wl_lookup_raw(struct store_reader *rd, const struct addr *a)
{
	MDB_val k, v;
	int rc;

	if (!rd->have) {
		return 0;
	}
	key_val(&k, a);
	rc = mdb_get(rd->txn, rd->dbi, &k, &v);
	if (rc == 0) {
		return 1;
	}
	return rc == MDB_NOTFOUND ? 0 : -1;
}
