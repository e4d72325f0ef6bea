/*
 * json.c - the scanner.trace/1 document (DESIGN.md), written by hand in
 * a fixed key order with two-space indentation, so that the same trace
 * gives the same bytes. Every string goes through report_json_str().
 */
#include <inttypes.h>
#include <string.h>

#include "date.h"
#include "report_int.h"
#include "wl.h"

/* A streaming writer: a comma and a new line before every member. */
struct jw {
	FILE	*f;
	int	 depth;
	int	 first;		/* no member yet in the open container */
};

static void
newline(struct jw *w)
{
	int i;

	fputc('\n', w->f);
	for (i = 0; i < w->depth; i++) {
		fputs("  ", w->f);
	}
}

static void
elem(struct jw *w)
{
	if (!w->first) {
		fputc(',', w->f);
	}
	w->first = 0;
	newline(w);
}

static void
key(struct jw *w, const char *k)
{
	elem(w);
	report_json_str(w->f, k);
	fputs(": ", w->f);
}

static void
open_(struct jw *w, int c)
{
	fputc(c, w->f);
	w->depth++;
	w->first = 1;
}

static void
close_(struct jw *w, int c)
{
	w->depth--;
	if (!w->first) {
		newline(w);
	}
	fputc(c, w->f);
	w->first = 0;
}

static void
str(struct jw *w, const char *s)
{
	if (s == NULL) {
		fputs("null", w->f);
	} else {
		report_json_str(w->f, s);
	}
}

static void
u64(struct jw *w, uint64_t v)
{
	fprintf(w->f, "%" PRIu64, v);
}

static void
kstr(struct jw *w, const char *k, const char *s)
{
	key(w, k);
	str(w, s);
}

static void
ku64(struct jw *w, const char *k, uint64_t v)
{
	key(w, k);
	u64(w, v);
}

/* "asset", "symbol", "amount", "amount_raw" (and "decimals") of a value. */
static void
value(struct jw *w, const struct report_ctx *r, const struct eth_addr *asset,
    const struct u256 *raw)
{
	const struct report_tok *t = report_tok_find(r, asset);
	char a[43], amount[REPORT_AMOUNT_MAX];

	report_asset(a, asset);
	kstr(w, "asset", a);
	kstr(w, "symbol", report_symbol(r, asset));
	key(w, "decimals");
	if (t != NULL && t->known) {
		u64(w, t->decimals);
	} else {
		fputs("null", w->f);
	}
	report_amount(r, amount, asset, raw);
	kstr(w, "amount", amount);
	u256_to_dec(amount, raw);
	kstr(w, "amount_raw", amount);
}

static void
thresholds(struct jw *w, const struct report_ctx *r, const char *k,
    const struct trace_threshold *t, size_t n)
{
	size_t i;

	key(w, k);
	open_(w, '[');
	for (i = 0; i < n && i < TRACE_THRESHOLDS_MAX; i++) {
		elem(w);
		open_(w, '{');
		value(w, r, &t[i].asset, &t[i].amount);
		close_(w, '}');
	}
	close_(w, ']');
}

static void
query(struct jw *w, const struct report_ctx *r)
{
	const struct trace_query *q = r->q;
	char s[67], d[11];
	size_t i;

	key(w, "query");
	open_(w, '{');
	key(w, "seeds");
	open_(w, '[');
	for (i = 0; i < q->nseeds && i < TRACE_SEEDS_MAX; i++) {
		elem(w);
		report_seed(s, &q->seeds[i]);
		str(w, s);
	}
	close_(w, ']');
	kstr(w, "direction", report_direction_name(q->direction));
	ku64(w, "hops", q->hops);
	ku64(w, "from_block", q->from_block);
	ku64(w, "to_block", q->to_block);
	key(w, "models");
	open_(w, '[');
	for (i = 0; i < r->nmodels; i++) {
		elem(w);
		str(w, trace_model_name(r->models[i]));
	}
	close_(w, ']');
	thresholds(w, r, "min_value", q->min_value, q->nmin_value);
	thresholds(w, r, "dust", q->dust, q->ndust);
	ku64(w, "max_nodes", q->max_nodes);
	ku64(w, "hub_degree", q->hub_degree);
	key(w, "at");
	if (q->at == DATE_NONE) {
		fputs("null", w->f);
	} else {
		date_format(d, q->at);
		str(w, d);
	}
	close_(w, '}');
}

static void
verification(struct jw *w, const struct report_ctx *r)
{
	const struct report_verification *v = &r->in->verification;
	size_t i;

	key(w, "verification");
	open_(w, '{');
	kstr(w, "mode", v->mode);
	ku64(w, "blocks", v->blocks);
	ku64(w, "txs", v->txs);
	ku64(w, "failures", v->failures);
	key(w, "checks");
	open_(w, '[');
	for (i = 0; i < v->nchecks; i++) {
		elem(w);
		open_(w, '{');
		kstr(w, "name", v->checks[i].name);
		ku64(w, "checked", v->checks[i].checked);
		ku64(w, "passed", v->checks[i].passed);
		close_(w, '}');
	}
	close_(w, ']');
	close_(w, '}');
}

static void
strategy(struct jw *w, const struct report_ctx *r)
{
	const struct report_strategy *s = &r->in->strategy;

	key(w, "strategy");
	open_(w, '{');
	kstr(w, "scan", s->scan);
	kstr(w, "receipts", s->receipts);
	kstr(w, "traces", s->traces);
	ku64(w, "blocks_without_traces", r->res->blocks_without_traces);
	kstr(w, "mode", s->mode != NULL ? s->mode : "block-scan");
	close_(w, '}');
}

/* One hop object: DESIGN.md's fields, then "decimals" and "order". */
static void
hop(struct jw *w, const struct report_ctx *r, const struct trace_transfer *t)
{
	char s[67];

	open_(w, '{');
	report_addr(s, &t->from);
	kstr(w, "from", s);
	report_addr(s, &t->to);
	kstr(w, "to", s);
	report_hash(s, &t->tx_hash);
	kstr(w, "tx", s);
	ku64(w, "block", t->block);
	ku64(w, "timestamp", t->timestamp);
	ku64(w, "tx_index", t->tx_index);
	ku64(w, "order", t->order);
	kstr(w, "kind", trace_kind_name(t->kind));
	value(w, r, &t->asset, &t->amount);
	close_(w, '}');
}

static void
taint(struct jw *w, const struct report_ctx *r, const struct trace_taint *t)
{
	char share[REPORT_SHARE_MAX];

	open_(w, '{');
	kstr(w, "model", trace_model_name(t->model));
	value(w, r, &t->asset, &t->amount);
	kstr(w, "share", report_share(share, &t->share_num, &t->share_den) ?
	    share : NULL);
	close_(w, '}');
}

static void
path(struct jw *w, const struct report_ctx *r, const struct trace_path *p,
    size_t id)
{
	const struct trace_taint *t;
	char s[67], label[REPORT_LABEL_MAX];
	size_t i;

	open_(w, '{');
	ku64(w, "id", id);
	report_seed(s, &p->seed);
	kstr(w, "seed", s);
	kstr(w, "end", report_end_name(p->end));
	key(w, "hit");
	open_(w, '{');
	report_addr(s, &p->end_address);
	kstr(w, "address", s);
	kstr(w, "category", wl_category_name(p->category));
	report_fixed(label, sizeof(label), p->label, sizeof(p->label));
	kstr(w, "label", label);
	report_fixed(label, sizeof(label), p->source, sizeof(p->source));
	kstr(w, "source", label);
	close_(w, '}');
	key(w, "hops");
	open_(w, '[');
	for (i = 0; i < p->nhops; i++) {
		elem(w);
		hop(w, r, &p->hops[i]);
	}
	close_(w, ']');
	key(w, "taint");
	t = report_primary(r, p);
	if (t == NULL) {
		fputs("null", w->f);
	} else {
		taint(w, r, t);
	}
	if (r->nmodels > 1) {
		key(w, "taints");
		open_(w, '[');
		for (i = 0; i < r->nmodels; i++) {
			t = report_taint(p, r->models[i]);
			if (t != NULL) {
				elem(w);
				taint(w, r, t);
			}
		}
		close_(w, ']');
	}
	close_(w, '}');
}

int
report_render_json(struct report_ctx *r, struct err *err)
{
	struct jw w = { r->f, 0, 1 };
	char s[43];
	size_t i, hits = 0, cashouts = 0;

	(void)err;
	open_(&w, '{');
	kstr(&w, "schema", "scanner.trace/1");
	kstr(&w, "version", r->in->version);
	query(&w, r);
	verification(&w, r);
	strategy(&w, r);
	key(&w, "paths");
	open_(&w, '[');
	for (i = 0; i < r->npaths; i++) {
		elem(&w);
		path(&w, r, r->paths[i], i + 1);
		hits += r->paths[i]->end == TRACE_END_HIT;
		cashouts += r->paths[i]->end == TRACE_END_CASHOUT;
	}
	close_(&w, ']');
	key(&w, "stopped");
	open_(&w, '[');
	for (i = 0; i < r->nstopped; i++) {
		elem(&w);
		open_(&w, '{');
		report_addr(s, &r->stopped[i]->address);
		kstr(&w, "address", s);
		kstr(&w, "reason", trace_stop_name(r->stopped[i]->reason));
		key(&w, "via");
		hop(&w, r, &r->stopped[i]->via);
		close_(&w, '}');
	}
	close_(&w, ']');
	key(&w, "summary");
	open_(&w, '{');
	ku64(&w, "paths", r->npaths);
	ku64(&w, "hits", hits);
	ku64(&w, "cashouts", cashouts);
	ku64(&w, "stopped", r->nstopped);
	ku64(&w, "blocks", r->res->blocks);
	ku64(&w, "blocks_without_traces", r->res->blocks_without_traces);
	ku64(&w, "transfers", r->res->transfers);
	ku64(&w, "edges", r->res->edges);
	ku64(&w, "nodes", r->res->nodes);
	close_(&w, '}');
	close_(&w, '}');
	fputc('\n', r->f);
	return 0;
}
