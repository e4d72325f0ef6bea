/*
 * scan.c - a batch of cached blocks into alerts. mon_batch_load() reads
 * the blocks and their transfers (trace_block_transfers) and looks up,
 * in one read transaction, the listings of every address they touch;
 * mon_batch_commit() applies the rules in one write transaction:
 *
 *   watchlist  a transfer from or to a hit (active listing of a hit
 *              category on the block's day): one alert per hit side.
 *   exposure   a transfer between an own address O and a counterparty C
 *              that is a hit (O is 1 hop from it), or holds taint from a
 *              --follow seed, or received from a hit through at most
 *              hops - 1 transfers (so O is within hops of the hit). An
 *              exchange or service counterparty is not followed.
 *   taint      a transfer from a seed, or from an address tainted by one
 *              (at most hops from it), reaches an address not tainted
 *              before: it is tainted with its hop count. Hits, own
 *              addresses, exchanges and services are reached but do not
 *              pass taint on (a seed always does). A reached own address
 *              is reported as exposure, not again as taint.
 *
 * Taint from hits (for exposure) spreads the same way, silently, up to
 * hops - 1 and never into a hit, own address, exchange or service.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "date.h"
#include "monitor_int.h"
#include "wl.h"

#define LOOKUP_CAP	16

static int
nomem(struct err *err)
{
	return err_set(err, ERR_SYS, ENOMEM, "out of memory");
}

/* Grow *v (of *cap elements of size sz) to hold n. */
static int
grow(void **v, size_t *cap, size_t n, size_t sz)
{
	size_t c;
	void *p;

	if (n <= *cap) {
		return 0;
	}
	c = *cap < 16 ? 16 : *cap;
	while (c < n) {
		c *= 2;
	}
	p = realloc(*v, c * sz);
	if (p == NULL) {
		return -1;
	}
	*v = p;
	*cap = c;
	return 0;
}

void
mon_batch_release(struct mon_batch *b)
{
	if (b == NULL) {
		return;
	}
	free(b->blocks);
	free(b->xs);
	free(b->addrs);
	free(b->slots);
	free(b->ls);
	memset(b, 0, sizeof(*b));
}

static size_t
slot_of(const struct eth_addr *a, size_t nslots)
{
	uint64_t h;

	/* addresses are hashes already: their bytes spread well */
	memcpy(&h, a->b + 4, sizeof(h));
	h *= 0x9e3779b97f4a7c15ull;
	return (size_t)(h >> 17) & (nslots - 1);
}

static long
addr_find(const struct mon_batch *b, const struct eth_addr *a)
{
	size_t s;
	uint32_t i;

	if (b->nslots == 0) {
		return -1;
	}
	for (s = slot_of(a, b->nslots);; s = (s + 1) & (b->nslots - 1)) {
		i = b->slots[s];
		if (i == 0) {
			return -1;
		}
		if (memcmp(b->addrs[i - 1].a.b, a->b, 20) == 0) {
			return (long)(i - 1);
		}
	}
}

static int
rehash(struct mon_batch *b, size_t nslots)
{
	uint32_t *v;
	size_t i, s;

	v = calloc(nslots, sizeof(*v));
	if (v == NULL) {
		return -1;
	}
	for (i = 0; i < b->naddrs; i++) {
		for (s = slot_of(&b->addrs[i].a, nslots); v[s] != 0;
		    s = (s + 1) & (nslots - 1)) {
			continue;
		}
		v[s] = (uint32_t)(i + 1);
	}
	free(b->slots);
	b->slots = v;
	b->nslots = nslots;
	return 0;
}

/* Returns: the index of a in b->addrs (added if new); -1 out of memory. */
static long
addr_intern(struct mon_batch *b, const struct eth_addr *a)
{
	long i;
	size_t s;

	i = addr_find(b, a);
	if (i >= 0) {
		return i;
	}
	if ((b->naddrs + 1) * 2 > b->nslots &&
	    rehash(b, b->nslots == 0 ? 64 : b->nslots * 2) == -1) {
		return -1;
	}
	if (grow((void **)&b->addrs, &b->capaddrs, b->naddrs + 1,
	    sizeof(*b->addrs)) == -1) {
		return -1;
	}
	b->addrs[b->naddrs].a = *a;
	b->addrs[b->naddrs].lfirst = 0;
	b->addrs[b->naddrs].ln = 0;
	for (s = slot_of(a, b->nslots); b->slots[s] != 0;
	    s = (s + 1) & (b->nslots - 1)) {
		continue;
	}
	b->slots[s] = (uint32_t)(b->naddrs + 1);
	return (long)b->naddrs++;
}

/* Copy s into out (cap bytes), cut at a UTF-8 character boundary. */
static void
copy_text(char *out, size_t cap, const char *s)
{
	size_t n = strlen(s);

	if (n >= cap) {
		n = cap - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80) {
			n--;
		}
	}
	memcpy(out, s, n);
	out[n] = '\0';
}

struct prefetch {
	struct mon_batch	*b;
	size_t			 n;
};

/* The origins of the batch's addresses' taint entries join the table. */
static int
prefetch_txn(struct store_mon *m, void *ctx, struct err *err)
{
	struct prefetch *p = ctx;
	struct store_taint t;
	struct eth_addr a;
	size_t i;
	int r;
	uint8_t k;

	for (i = 0; i < p->n; i++) {
		a = p->b->addrs[i].a;
		for (k = STORE_TAINT_FOLLOW; k <= STORE_TAINT_HIT; k++) {
			r = store_mon_taint_get(m, k, &a, &t, err);
			if (r == -1) {
				return -1;
			}
			if (r == 1 && addr_intern(p->b, &t.origin) == -1) {
				return nomem(err);
			}
		}
	}
	return 0;
}

static int
lookup_all(struct mon_batch *b, struct store *st, struct err *err)
{
	struct store_listing out[LOOKUP_CAP];
	struct store_reader *rd = NULL;
	struct addr key;
	size_t i, j, n, keep;
	int r, ret = -1;

	if (store_reader_begin(st, &rd, err) == -1) {
		return -1;
	}
	for (i = 0; i < b->naddrs; i++) {
		addr_from_eth(&key, &b->addrs[i].a);
		r = store_wl_lookup(rd, &key, out, LOOKUP_CAP, &n, err);
		if (r == -1) {
			goto out;
		}
		if (r == 0) {
			continue;
		}
		keep = n < LOOKUP_CAP ? n : LOOKUP_CAP;
		if (grow((void **)&b->ls, &b->capls, b->nls + keep,
		    sizeof(*b->ls)) == -1) {
			nomem(err);
			goto out;
		}
		b->addrs[i].lfirst = (uint32_t)b->nls;
		b->addrs[i].ln = (uint32_t)keep;
		for (j = 0; j < keep; j++) {
			struct store_alert_listing *l = &b->ls[b->nls++];

			memset(l, 0, sizeof(*l));
			copy_text(l->source, sizeof(l->source), out[j].source);
			copy_text(l->label, sizeof(l->label), out[j].label);
			l->category = out[j].category;
			l->listed_on = out[j].listed_on;
			l->delisted_on = out[j].delisted_on;
		}
	}
	ret = 0;
out:
	store_reader_end(rd);
	return ret;
}

static int
add_block(struct mon_batch *b, const struct eth_block *blk,
    const struct trace_transfer *xs, size_t nx,
    const struct eth_hash *only_tx)
{
	struct mon_block *mb;
	struct mon_xfer *x;
	long fi, ti;
	size_t i;

	if (grow((void **)&b->blocks, &b->capblocks, b->nblocks + 1,
	    sizeof(*b->blocks)) == -1 ||
	    grow((void **)&b->xs, &b->capxs, b->nxs + nx,
	    sizeof(*b->xs)) == -1) {
		return -1;
	}
	mb = &b->blocks[b->nblocks++];
	mb->number = blk->h.number;
	mb->timestamp = blk->h.timestamp;
	mb->day = date_from_unix((int64_t)blk->h.timestamp);
	mb->hash = blk->h.hash;
	mb->parent = blk->h.parent_hash;
	mb->first = b->nxs;
	mb->n = 0;
	for (i = 0; i < nx; i++) {
		if (only_tx != NULL &&
		    memcmp(xs[i].tx_hash.b, only_tx->b, 32) != 0) {
			continue;
		}
		fi = addr_intern(b, &xs[i].from);
		ti = fi < 0 ? -1 : addr_intern(b, &xs[i].to);
		if (ti < 0) {
			return -1;
		}
		x = &b->xs[b->nxs++];
		x->t = xs[i];
		x->from = (uint32_t)fi;
		x->to = (uint32_t)ti;
		mb->n++;
	}
	return 0;
}

int
mon_batch_load(struct mon_batch *b, struct store *st, uint64_t from,
    uint64_t to, const struct eth_hash *prev, const struct eth_hash *only_tx,
    struct err *err)
{
	struct trace_transfer *xs;
	struct eth_block blk;
	struct eth_receipts rs;
	struct eth_traces ts;
	struct prefetch pf;
	struct eth_hash last;
	uint32_t flags;
	uint64_t n;
	size_t nx;
	int r, have_last, has_traces, ret = MON_LOAD_OK;

	memset(b, 0, sizeof(*b));
	have_last = prev != NULL;
	if (prev != NULL) {
		last = *prev;
	}
	for (n = from; n <= to; n++) {
		memset(&blk, 0, sizeof(blk));
		memset(&rs, 0, sizeof(rs));
		memset(&ts, 0, sizeof(ts));
		r = store_block_get(st, n, &blk, &rs, &ts, &flags, err);
		if (r == -1) {
			goto fail;
		}
		if (r == 0) {
			b->stop = n;
			ret = MON_LOAD_MISSING;
			break;
		}
		if (have_last && memcmp(blk.h.parent_hash.b, last.b, 32) != 0) {
			eth_block_release(&blk);
			eth_receipts_release(&rs);
			eth_traces_release(&ts);
			b->stop = n;
			ret = MON_LOAD_BROKEN;
			break;
		}
		xs = NULL;
		nx = 0;
		r = trace_block_transfers(&blk,
		    (flags & STORE_BLK_HAS_RECEIPTS) ? &rs : NULL,
		    (flags & STORE_BLK_HAS_TRACES) ? &ts : NULL, NULL, &xs, &nx,
		    &has_traces, err);
		if (r == 0 && add_block(b, &blk, xs, nx, only_tx) == -1) {
			r = nomem(err);
		}
		last = blk.h.hash;
		have_last = 1;
		free(xs);
		eth_block_release(&blk);
		eth_receipts_release(&rs);
		eth_traces_release(&ts);
		if (r == -1) {
			goto fail;
		}
		if (n == UINT64_MAX) {
			break;
		}
	}
	pf.b = b;
	pf.n = b->naddrs;
	if (b->naddrs > 0 && (store_mon_read(st, prefetch_txn, &pf,
	    err) == -1 || lookup_all(b, st, err) == -1)) {
		goto fail;
	}
	return ret;
fail:
	mon_batch_release(b);
	return -1;
}

/* The rules. */

struct commit {
	struct store		*st;
	const struct mon_batch	*b;
	const struct mon_rules	*r;
	struct store_alert	*a;	/* scratch */
	long			 recorded;
	long			 nseeds;
};

static unsigned
flags_of(const struct mon_batch *b, uint32_t ai, int32_t day)
{
	const struct mon_addr *ma = &b->addrs[ai];
	struct store_listing l;
	unsigned f = 0;
	uint32_t i;

	memset(&l, 0, sizeof(l));
	for (i = 0; i < ma->ln; i++) {
		const struct store_alert_listing *al = &b->ls[ma->lfirst + i];

		l.listed_on = al->listed_on;
		l.delisted_on = al->delisted_on;
		if (!wl_listing_active(&l, day)) {
			continue;
		}
		if (wl_category_is_hit(al->category)) {
			f |= MON_HIT;
		} else if (al->category == WL_OWN) {
			f |= MON_OWN;
		} else if (al->category == WL_EXCHANGE ||
		    al->category == WL_SERVICE) {
			f |= MON_CASHOUT;
		}
	}
	return f;
}

static void
set_listings(struct store_alert *a, const struct mon_batch *b, long ai)
{
	const struct mon_addr *ma;
	uint32_t i;

	a->nlistings = 0;
	if (ai < 0) {
		return;
	}
	ma = &b->addrs[ai];
	for (i = 0; i < ma->ln && i < STORE_ALERT_LISTINGS; i++) {
		a->listings[a->nlistings++] = b->ls[ma->lfirst + i];
	}
}

/* Record one alert about transfer x. */
static int
alert(struct commit *c, struct store_mon *m, const struct mon_block *blk,
    const struct mon_xfer *x, uint8_t kind, const struct eth_addr *address,
    const struct eth_addr *counterparty, const struct eth_addr *origin,
    uint8_t via, unsigned hops, long listings_of, struct err *err)
{
	struct store_alert *a = c->a;
	int r;

	memset(a, 0, sizeof(*a));
	a->kind = kind;
	a->pending = c->r->channels;
	a->created_at = c->r->now;
	a->block = blk->number;
	a->timestamp = blk->timestamp;
	a->block_hash = blk->hash;
	a->tx_index = x->t.tx_index;
	a->order = x->t.order;
	a->tx = x->t.tx_hash;
	a->transfer_kind = x->t.kind;
	a->from = x->t.from;
	a->to = x->t.to;
	a->asset = x->t.asset;
	a->amount = x->t.amount;
	a->address = *address;
	a->counterparty = *counterparty;
	if (origin != NULL) {
		a->origin = *origin;
	}
	a->via = via;
	a->hops = (uint8_t)hops;
	set_listings(a, c->b, listings_of);
	monitor_alert_id(a->id, kind, &blk->hash, &x->t.tx_hash, x->t.order,
	    address);
	r = store_mon_alert_add(m, a, err);
	if (r == -1) {
		return -1;
	}
	c->recorded += r;
	return 0;
}

/* Own address o (index oi) traded with counterparty ci (flags fc). */
static int
exposure(struct commit *c, struct store_mon *m, const struct mon_block *blk,
    const struct mon_xfer *x, uint32_t oi, uint32_t ci, unsigned fc,
    struct err *err)
{
	const struct mon_batch *b = c->b;
	const struct eth_addr *o = &b->addrs[oi].a, *cp = &b->addrs[ci].a;
	struct store_taint t;
	uint8_t k;
	int r;

	if (fc & MON_HIT) {
		return alert(c, m, blk, x, STORE_ALERT_EXPOSURE, o, cp, cp, 0,
		    1, (long)ci, err);
	}
	if (fc & MON_CASHOUT) {
		return 0;
	}
	for (k = STORE_TAINT_FOLLOW; k <= STORE_TAINT_HIT; k++) {
		r = store_mon_taint_get(m, k, cp, &t, err);
		if (r == -1) {
			return -1;
		}
		if (r == 1 && (k == STORE_TAINT_FOLLOW ||
		    t.hops + 1u <= c->r->hops)) {
			return alert(c, m, blk, x, STORE_ALERT_EXPOSURE, o, cp,
			    &t.origin, k, t.hops + 1u, addr_find(b, &t.origin),
			    err);
		}
	}
	return 0;
}

static void
taint_of(struct store_taint *t, uint8_t kind, const struct eth_addr *a,
    const struct mon_block *blk, const struct mon_xfer *x, unsigned hops,
    const struct eth_addr *origin)
{
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->address = *a;
	t->block = blk->number;
	t->hops = (uint8_t)hops;
	t->tx_index = x->t.tx_index;
	t->order = x->t.order;
	t->tx = x->t.tx_hash;
	t->from = x->t.from;
	t->origin = *origin;
}

/* Value moved from x->from (flags ff) to x->to (flags ft). */
static int
propagate(struct commit *c, struct store_mon *m, const struct mon_block *blk,
    const struct mon_xfer *x, unsigned ff, unsigned ft, struct err *err)
{
	const struct mon_batch *b = c->b;
	const struct eth_addr *f = &b->addrs[x->from].a;
	const struct eth_addr *to = &b->addrs[x->to].a;
	struct store_taint t, cur, put;
	struct eth_addr origin;
	unsigned h = 0;
	int r, ok = 0, seedtx;

	seedtx = c->r->taint_only;
	if (!seedtx && c->nseeds > 0) {
		seedtx = store_mon_seed_has(m, &x->t.tx_hash, err);
		if (seedtx == -1) {
			return -1;
		}
	}
	if (seedtx) {
		ok = 1;
		origin = *f;
	} else {
		r = store_mon_taint_get(m, STORE_TAINT_FOLLOW, f, &t, err);
		if (r == -1) {
			return -1;
		}
		if (r == 1 && (t.hops == 0 ||
		    !(ff & (MON_HIT | MON_OWN | MON_CASHOUT)))) {
			ok = 1;
			h = t.hops;
			origin = t.origin;
		}
	}
	if (ok && h + 1 <= c->r->hops) {
		r = store_mon_taint_get(m, STORE_TAINT_FOLLOW, to, &cur, err);
		if (r == -1) {
			return -1;
		}
		if (r == 0 || cur.hops > h + 1) {
			taint_of(&put, STORE_TAINT_FOLLOW, to, blk, x, h + 1,
			    &origin);
			if (store_mon_taint_put(m, &put, err) == -1) {
				return -1;
			}
		}
		if (r == 0 && !(ft & MON_OWN) &&
		    alert(c, m, blk, x, STORE_ALERT_TAINT, to, f, &origin,
		    STORE_TAINT_FOLLOW, h + 1, (long)x->to, err) == -1) {
			return -1;
		}
	}

	/* Taint from hits, for exposure: never into a terminal address. */
	if (c->r->taint_only || c->r->hops < 2 ||
	    (ft & (MON_HIT | MON_OWN | MON_CASHOUT))) {
		return 0;
	}
	ok = 0;
	if (ff & MON_HIT) {
		ok = 1;
		h = 0;
		origin = *f;
	} else if (!(ff & (MON_OWN | MON_CASHOUT))) {
		r = store_mon_taint_get(m, STORE_TAINT_HIT, f, &t, err);
		if (r == -1) {
			return -1;
		}
		if (r == 1) {
			ok = 1;
			h = t.hops;
			origin = t.origin;
		}
	}
	if (!ok || h + 1 > c->r->hops - 1) {
		return 0;
	}
	r = store_mon_taint_get(m, STORE_TAINT_HIT, to, &cur, err);
	if (r == -1) {
		return -1;
	}
	if (r == 0 || cur.hops > h + 1) {
		taint_of(&put, STORE_TAINT_HIT, to, blk, x, h + 1, &origin);
		if (store_mon_taint_put(m, &put, err) == -1) {
			return -1;
		}
	}
	return 0;
}

static int
apply(struct commit *c, struct store_mon *m, const struct mon_block *blk,
    const struct mon_xfer *x, struct err *err)
{
	const struct mon_batch *b = c->b;
	const struct eth_addr *f = &b->addrs[x->from].a;
	const struct eth_addr *to = &b->addrs[x->to].a;
	unsigned ff, ft;
	int self;

	ff = flags_of(b, x->from, blk->day);
	ft = flags_of(b, x->to, blk->day);
	self = x->from == x->to;
	if (!c->r->taint_only) {
		if ((ff & MON_HIT) && alert(c, m, blk, x,
		    STORE_ALERT_WATCHLIST, f, to, NULL, 0, 0, (long)x->from,
		    err) == -1) {
			return -1;
		}
		if ((ft & MON_HIT) && !self && alert(c, m, blk, x,
		    STORE_ALERT_WATCHLIST, to, f, NULL, 0, 0, (long)x->to,
		    err) == -1) {
			return -1;
		}
		if (!self && (ft & MON_OWN) && !(ff & MON_OWN) &&
		    exposure(c, m, blk, x, x->to, x->from, ff, err) == -1) {
			return -1;
		}
		if (!self && (ff & MON_OWN) && !(ft & MON_OWN) &&
		    exposure(c, m, blk, x, x->from, x->to, ft, err) == -1) {
			return -1;
		}
	}
	if (self) {
		return 0;
	}
	return propagate(c, m, blk, x, ff, ft, err);
}

static int
commit_txn(struct store_mon *m, void *ctx, struct err *err)
{
	struct commit *c = ctx;
	const struct mon_batch *b = c->b;
	uint64_t next;
	size_t i, j;
	int r;

	c->recorded = 0;
	if (c->r->move_cursor) {
		r = store_mon_state_get(m, "next", &next, err);
		if (r == -1) {
			return -1;
		}
		if (r == 0 || next != c->r->expect_next) {
			return err_set(err, ERR_STORE, 0, "the monitor's "
			    "cursor moved under it (another run without the "
			    "lock?)");
		}
	}
	if (c->r->put_seed != NULL &&
	    store_mon_seed_put(m, c->r->put_seed, err) == -1) {
		return -1;
	}
	c->nseeds = store_mon_seed_count(m, err);
	if (c->nseeds < 0) {
		return -1;
	}
	for (i = 0; i < b->nblocks; i++) {
		const struct mon_block *blk = &b->blocks[i];

		for (j = 0; j < blk->n; j++) {
			if (apply(c, m, blk, &b->xs[blk->first + j], err) ==
			    -1) {
				return -1;
			}
		}
		if (c->r->move_cursor &&
		    store_mon_hash_put(m, blk->number, &blk->hash, err) == -1) {
			return -1;
		}
	}
	if (c->r->move_cursor && b->nblocks > 0 &&
	    store_mon_state_put(m, "next",
	    b->blocks[b->nblocks - 1].number + 1, err) == -1) {
		return -1;
	}
	mon_crash_point("txn");
	return 0;
}

long
mon_batch_commit(struct store *st, const struct mon_batch *b,
    const struct mon_rules *r, struct err *err)
{
	struct commit c;

	memset(&c, 0, sizeof(c));
	c.st = st;
	c.b = b;
	c.r = r;
	c.a = malloc(sizeof(*c.a));
	if (c.a == NULL) {
		return nomem(err);
	}
	if (store_mon_write(st, commit_txn, &c, err) == -1) {
		free(c.a);
		return -1;
	}
	free(c.a);
	return c.recorded;
}
