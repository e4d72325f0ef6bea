/*
 * taint.c - the taint models' bookkeeping for one asset of one address
 * (DESIGN.md "Taint models"), in exact integer arithmetic: shares are
 * kept as fractions and applied as amount * num / den through a 512-bit
 * product, rounded down (the tainted part of a transfer is never
 * overstated; what rounding leaves out counts as clean).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "trace_int.h"

/* 512-bit unsigned, little-endian limbs. */
struct u512 {
	uint64_t	 w[8];
};

static void
mul64(uint64_t *hi, uint64_t *lo, uint64_t a, uint64_t b)
{
	uint64_t a0 = a & 0xffffffffu, a1 = a >> 32;
	uint64_t b0 = b & 0xffffffffu, b1 = b >> 32;
	uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
	uint64_t mid;

	mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
	*lo = (mid << 32) | (p00 & 0xffffffffu);
	*hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

static void
mul512(struct u512 *r, const struct u256 *a, const struct u256 *b)
{
	uint64_t carry, hi, lo;
	int i, j;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < 4; i++) {
		carry = 0;
		for (j = 0; j < 4; j++) {
			mul64(&hi, &lo, a->w[i], b->w[j]);
			lo += carry;
			hi += lo < carry;
			lo += r->w[i + j];
			hi += lo < r->w[i + j];
			r->w[i + j] = lo;
			carry = hi;
		}
		r->w[i + 4] = carry;
	}
}

static int
cmp512(const struct u512 *a, const struct u512 *b)
{
	int i;

	for (i = 7; i >= 0; i--) {
		if (a->w[i] != b->w[i]) {
			return a->w[i] < b->w[i] ? -1 : 1;
		}
	}
	return 0;
}

int
trace_muldiv(struct u256 *r, const struct u256 *a, const struct u256 *num,
    const struct u256 *den)
{
	struct u512 p;
	struct u256 rem, q;
	uint64_t top;
	int i, limb;

	if (u256_is_zero(den)) {
		return -1;
	}
	mul512(&p, a, num);
	if ((p.w[4] | p.w[5] | p.w[6] | p.w[7]) == 0) {
		memcpy(q.w, p.w, sizeof(q.w));
		return u256_divmod(r, NULL, &q, den);
	}
	/* Restoring long division, one quotient bit per step; the
	   remainder stays below den, so 256 bits and a carry hold it. */
	u256_zero(&rem);
	u256_zero(&q);
	for (i = 511; i >= 0; i--) {
		top = rem.w[3] >> 63;
		for (limb = 3; limb > 0; limb--) {
			rem.w[limb] = rem.w[limb] << 1 | rem.w[limb - 1] >> 63;
		}
		rem.w[0] = rem.w[0] << 1 | ((p.w[i / 64] >> (i % 64)) & 1);
		if (top != 0 || u256_cmp(&rem, den) >= 0) {
			u256_sub(&rem, &rem, den);
			if (i >= 256) {
				return -1;
			}
			q.w[i / 64] |= UINT64_C(1) << (i % 64);
		}
	}
	*r = q;
	return 0;
}

int
trace_frac_cmp(const struct u256 *an, const struct u256 *ad,
    const struct u256 *bn, const struct u256 *bd)
{
	struct u512 x, y;

	mul512(&x, an, bd);
	mul512(&y, bn, ad);
	return cmp512(&x, &y);
}

void
trace_add_sat(struct u256 *a, const struct u256 *b)
{
	if (u256_add(a, a, b) == -1) {
		memset(a->w, 0xff, sizeof(a->w));
	}
}

void
trace_lots_release(struct trace_lots *l)
{
	if (l == NULL) {
		return;
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

void
trace_lots_clear(struct trace_lots *l)
{
	l->head = 0;
	l->n = 0;
}

int
trace_lots_push(struct trace_lots *l, const struct u256 *amount, int tainted,
    struct err *err)
{
	struct trace_lot *v;
	size_t cap;

	if (u256_is_zero(amount)) {
		return 0;
	}
	if (l->n > l->head && l->v[l->n - 1].tainted == tainted) {
		trace_add_sat(&l->v[l->n - 1].amount, amount);
		return 0;
	}
	if (l->n == l->cap && l->head > 0 && l->head >= l->n / 2) {
		/* Most of the array is consumed lots: slide the rest down. */
		memmove(l->v, l->v + l->head,
		    (l->n - l->head) * sizeof(*l->v));
		l->n -= l->head;
		l->head = 0;
	}
	if (l->n == l->cap) {
		cap = l->cap != 0 ? 2 * l->cap : 4;
		v = realloc(l->v, cap * sizeof(*v));
		if (v == NULL) {
			return err_set(err, ERR_SYS, ENOMEM, "out of memory");
		}
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n].amount = *amount;
	l->v[l->n].tainted = tainted;
	l->n++;
	return 0;
}

void
trace_acct_release(struct trace_acct *a)
{
	if (a == NULL) {
		return;
	}
	trace_lots_release(&a->lots);
}

/* Consume amount from the queue's head; the segments go to segs. */
static int
fifo_take(struct trace_lots *q, const struct u256 *amount,
    struct u256 *tainted, struct trace_lots *segs, struct err *err)
{
	struct u256 left, take;
	struct trace_lot *lot;

	left = *amount;
	u256_zero(tainted);
	while (!u256_is_zero(&left) && q != NULL && q->head < q->n) {
		lot = &q->v[q->head];
		take = u256_cmp(&lot->amount, &left) < 0 ? lot->amount : left;
		u256_sub(&lot->amount, &lot->amount, &take);
		u256_sub(&left, &left, &take);
		if (lot->tainted) {
			trace_add_sat(tainted, &take);
		}
		if (segs != NULL && trace_lots_push(segs, &take, lot->tainted,
		    err) == -1) {
			return -1;
		}
		if (u256_is_zero(&lot->amount)) {
			q->head++;
		}
	}
	if (q != NULL && q->head == q->n) {
		q->head = 0;
		q->n = 0;
	}
	/* Past the queue: the unknown balance held before the window. */
	if (segs != NULL && trace_lots_push(segs, &left, 0, err) == -1) {
		return -1;
	}
	return 0;
}

int
trace_acct_out(struct trace_acct *a, unsigned models, int all,
    const struct trace_key *k, const struct u256 *amount,
    struct u256 taint[TRACE_NMODELS], struct trace_lots *segs,
    struct err *err)
{
	int i;

	for (i = 0; i < TRACE_NMODELS; i++) {
		u256_zero(&taint[i]);
	}
	if (all) {
		for (i = 0; i < TRACE_NMODELS; i++) {
			if (models & (1u << i)) {
				taint[i] = *amount;
			}
		}
		if ((models & TRACE_FIFO) && segs != NULL &&
		    trace_lots_push(segs, amount, 1, err) == -1) {
			return -1;
		}
		return 0;
	}
	if (a == NULL) {
		return segs != NULL && (models & TRACE_FIFO) ?
		    trace_lots_push(segs, amount, 0, err) : 0;
	}
	/* poison: all of it, once tainted value came in before k */
	if ((models & TRACE_POISON) && a->poisoned &&
	    trace_key_cmp(&a->poison_from, k) < 0) {
		taint[0] = *amount;
	}
	/* haircut: amount * tainted received / received */
	if ((models & TRACE_HAIRCUT) && !u256_is_zero(&a->trecv) &&
	    (trace_muldiv(&taint[1], amount, &a->trecv, &a->recv) == -1 ||
	    u256_cmp(&taint[1], amount) > 0)) {
		/* Only saturated sums can get here: keep the bound. */
		taint[1] = *amount;
	}
	if ((models & TRACE_FIFO) &&
	    fifo_take(&a->lots, amount, &taint[2], segs, err) == -1) {
		return -1;
	}
	return 0;
}

int
trace_acct_in(struct trace_acct *a, unsigned models,
    const struct trace_key *k, const struct u256 *amount,
    const struct u256 taint[TRACE_NMODELS], const struct trace_lots *segs,
    struct err *err)
{
	struct u256 rest;
	size_t i;

	if ((models & TRACE_POISON) && !a->poisoned &&
	    !u256_is_zero(&taint[0])) {
		a->poisoned = 1;
		a->poison_from = *k;
	}
	if (models & TRACE_HAIRCUT) {
		trace_add_sat(&a->recv, amount);
		trace_add_sat(&a->trecv, &taint[1]);
	}
	if (!(models & TRACE_FIFO)) {
		return 0;
	}
	if (segs != NULL) {
		for (i = segs->head; i < segs->n; i++) {
			if (trace_lots_push(&a->lots, &segs->v[i].amount,
			    segs->v[i].tainted, err) == -1) {
				return -1;
			}
		}
		return 0;
	}
	if (u256_sub(&rest, amount, &taint[2]) == -1) {
		u256_zero(&rest);
	}
	if (trace_lots_push(&a->lots, &taint[2], 1, err) == -1 ||
	    trace_lots_push(&a->lots, &rest, 0, err) == -1) {
		return -1;
	}
	return 0;
}
