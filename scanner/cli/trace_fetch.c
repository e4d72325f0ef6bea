/*
 * trace_fetch.c - fetch what a trace reads, then run it: a block scan of
 * the window, or address-indexed look-ups in rounds until the search
 * expands nothing new (trace_fetch.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "trace_fetch.h"

struct u64set {
	uint64_t	*v;
	size_t		 n, cap;
};

struct addrset {
	struct eth_addr	*v;
	size_t		 n, cap;
};

static int
u64_cmp(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;

	return (a > b) - (a < b);
}

static int
addr_cmp(const void *a, const void *b)
{
	return memcmp(a, b, sizeof(struct eth_addr));
}

static int
u64set_add(struct u64set *s, uint64_t v, struct err *err)
{
	void *p;

	if (s->n == s->cap) {
		s->cap = s->cap != 0 ? 2 * s->cap : 64;
		p = realloc(s->v, s->cap * sizeof(*s->v));
		if (p == NULL) {
			return err_set(err, ERR_SYS, ENOMEM, "out of memory");
		}
		s->v = p;
	}
	s->v[s->n++] = v;
	return 0;
}

/* Sort and drop repeats. */
static void
u64set_settle(struct u64set *s)
{
	size_t i, k = 0;

	if (s->n > 1) {
		qsort(s->v, s->n, sizeof(*s->v), u64_cmp);
	}
	for (i = 0; i < s->n; i++) {
		if (k == 0 || s->v[k - 1] != s->v[i]) {
			s->v[k++] = s->v[i];
		}
	}
	s->n = k;
}

static int
addrset_add(struct addrset *s, const struct eth_addr *a, struct err *err)
{
	void *p;

	if (s->n == s->cap) {
		s->cap = s->cap != 0 ? 2 * s->cap : 64;
		p = realloc(s->v, s->cap * sizeof(*s->v));
		if (p == NULL) {
			return err_set(err, ERR_SYS, ENOMEM, "out of memory");
		}
		s->v = p;
	}
	s->v[s->n++] = *a;
	return 0;
}

static int
addrset_has(const struct addrset *s, const struct eth_addr *a)
{
	return s->n > 0 && bsearch(a, s->v, s->n, sizeof(*a), addr_cmp) !=
	    NULL;
}

/* Fetch the blocks of want (settled); merge what it did into info. */
static int
fetch_wanted(struct fetcher *f, struct u64set *want,
    struct trace_fetch_info *info, struct err *err)
{
	struct fetch_summary s;

	u64set_settle(want);
	if (fetch_blocks(f, want->v, want->n, &s, err) == -1) {
		return -1;
	}
	info->sum.fetched += s.fetched;
	info->sum.rejected += s.rejected;
	info->sum.txs += s.txs;
	info->sum.receipts_via = s.receipts_via;
	info->sum.traces_via = s.traces_via;
	verify_report_merge(&info->sum.report, &s.report);
	info->blocks = want->n;
	return verify_report_ok(&s.report) ? 0 : 1;
}

static int
is_seed(const struct trace_query *q, const struct eth_addr *a)
{
	size_t i;

	for (i = 0; i < q->nseeds; i++) {
		if (!q->seeds[i].is_tx &&
		    memcmp(q->seeds[i].address.b, a->b, 20) == 0) {
			return 1;
		}
	}
	return 0;
}

/*
 * Look up the addresses of fresh: hubs go to hubs, the blocks of the
 * others (and the pool payouts to them) to want.
 */
static int
look_up(struct fetcher *f, const struct trace_query *q,
    const struct addrset *fresh, const struct fetch_payout *pay,
    size_t npay, struct addrset *hubs, struct u64set *want,
    struct trace_fetch_info *info, struct err *err)
{
	struct fetch_lookup *l;
	size_t *caps, i, k;
	int rc = -1;

	l = calloc(fresh->n, sizeof(*l));
	caps = calloc(fresh->n, sizeof(*caps));
	if (l == NULL || caps == NULL) {
		free(l);
		free(caps);
		return err_set(err, ERR_SYS, ENOMEM, "out of memory");
	}
	for (i = 0; i < fresh->n; i++) {
		caps[i] = is_seed(q, &fresh->v[i]) ? SIZE_MAX :
		    (size_t)q->hub_degree;
	}
	if (fetch_lookup(f, fresh->v, caps, fresh->n, q->from_block,
	    q->to_block, l, err) == -1) {
		goto out;
	}
	info->lookups += fresh->n;
	for (i = 0; i < fresh->n; i++) {
		if (l[i].hub) {
			info->hubs++;
			if (addrset_add(hubs, &fresh->v[i], err) == -1) {
				goto out;
			}
			continue;
		}
		for (k = 0; k < l[i].nblocks; k++) {
			if (u64set_add(want, l[i].blocks[k], err) == -1) {
				goto out;
			}
		}
		for (k = 0; k < npay; k++) {
			if (memcmp(pay[k].to.b, fresh->v[i].b, 20) == 0 &&
			    u64set_add(want, pay[k].block, err) == -1) {
				goto out;
			}
		}
	}
	rc = 0;
out:
	fetch_lookup_release(l, fresh->n);
	free(l);
	free(caps);
	return rc;
}

static int
run_indexed(struct store *st, struct fetcher *f, struct trace_query *q,
    struct trace_result *res, struct trace_fetch_info *info,
    struct err *err)
{
	const struct trace_known *known = q->known != NULL ? q->known :
	    trace_known_default();
	struct eth_addr pools[TRACE_KNOWN_MAX];
	struct fetch_payout *pay = NULL;
	struct addrset looked, fresh, hubs;
	struct u64set want;
	static const uint64_t none = 0;
	uint64_t head;
	size_t npay = 0, i;
	int rc = -1, r;

	memset(&looked, 0, sizeof(looked));
	memset(&fresh, 0, sizeof(fresh));
	memset(&hubs, 0, sizeof(hubs));
	memset(&want, 0, sizeof(want));
	info->indexed = 1;
	info->methods = fetch_lookup_methods(fetch_lookup_via(f));
	/* the node's indexes end at its head: a window past it is an
	 * error, as a scan finds (not a look-up of empty spans) */
	if (fetch_head(f, &head, err) == -1) {
		return -1;
	}
	if (q->to_block > head) {
		return err_set(err, ERR_NET, 0, "the window ends at block "
		    "%llu, past the node's head %llu",
		    (unsigned long long)q->to_block,
		    (unsigned long long)head);
	}
	for (i = 0; i < known->npools; i++) {
		pools[i] = known->pools[i].address;
	}
	if (fetch_log_payouts(f, pools, known->npools,
	    trace_tornado_withdrawal_topic, q->from_block, q->to_block, &pay,
	    &npay, err) == -1) {
		goto out;
	}
	for (i = 0; i < q->nseeds; i++) {
		if (q->seeds[i].is_tx && q->seeds[i].block != 0 &&
		    u64set_add(&want, q->seeds[i].block, err) == -1) {
			goto out;
		}
	}
	for (;;) {
		r = fetch_wanted(f, &want, info, err);
		if (r != 0) {
			rc = r;
			goto out;
		}
		q->hubs = hubs.v;
		q->nhubs = hubs.n;
		q->blocks = want.v != NULL ? want.v : &none;
		q->nblocks = want.n;
		if (trace_run(st, q, res, err) == -1) {
			goto out;
		}
		info->rounds++;
		fresh.n = 0;
		for (i = 0; i < res->nexpanded; i++) {
			if (!addrset_has(&looked, &res->expanded[i]) &&
			    addrset_add(&fresh, &res->expanded[i], err) ==
			    -1) {
				goto out;
			}
		}
		if (fresh.n == 0) {
			break;
		}
		trace_result_release(res);
		if (look_up(f, q, &fresh, pay, npay, &hubs, &want, info,
		    err) == -1) {
			goto out;
		}
		for (i = 0; i < fresh.n; i++) {
			if (addrset_add(&looked, &fresh.v[i], err) == -1) {
				goto out;
			}
		}
		qsort(looked.v, looked.n, sizeof(*looked.v), addr_cmp);
	}
	rc = 0;
out:
	if (rc != 0) {
		trace_result_release(res);
	}
	/* q->hubs and q->blocks stay for the report (the blocks it rests
	 * on); trace_fetch_release frees them */
	q->hubs = hubs.v;
	q->nhubs = hubs.n;
	q->blocks = want.v;
	q->nblocks = want.n;
	free(looked.v);
	free(fresh.v);
	free(pay);
	return rc;
}

int
trace_fetch_run(struct cli *cli, struct fetcher *f,
    enum trace_strategy strategy, struct trace_query *q,
    struct trace_result *res, struct trace_fetch_info *info,
    struct err *err)
{
	enum fetch_lookup_via via = fetch_lookup_via(f);

	memset(res, 0, sizeof(*res));
	memset(info, 0, sizeof(*info));
	verify_report_init(&info->sum.report, NULL, 0);
	if (strategy == TRACE_STRATEGY_INDEX && via == FETCH_LOOKUP_NONE) {
		return err_set(err, ERR_USAGE, 0, "--strategy index: the "
		    "endpoint has no address-indexed methods (trace_filter "
		    "and eth_getLogs)");
	}
	if (strategy != TRACE_STRATEGY_SCAN && via != FETCH_LOOKUP_NONE) {
		return run_indexed(cli->st, f, q, res, info, err);
	}
	if (fetch_range(f, q->from_block, q->to_block, &info->sum, err) ==
	    -1) {
		return -1;
	}
	info->blocks = q->to_block - q->from_block == UINT64_MAX ?
	    UINT64_MAX : q->to_block - q->from_block + 1;
	if (!verify_report_ok(&info->sum.report)) {
		return 1;
	}
	return trace_run(cli->st, q, res, err);
}

void
trace_fetch_release(struct trace_query *q)
{
	free((void *)q->hubs);
	free((void *)q->blocks);
	q->hubs = NULL;
	q->nhubs = 0;
	q->blocks = NULL;
	q->nblocks = 0;
}
