/*
 * text.c - the report for a terminal: the query and how the data was
 * obtained, then each path (its addresses seed to end, one aligned line
 * per hop, the taint per model), the stopped addresses and the summary.
 * Attacker-controlled text goes through report_text().
 */
#include <inttypes.h>
#include <string.h>

#include "date.h"
#include "report_int.h"
#include "wl.h"

#define UNIT_MAX	REPORT_SYMBOL_MAX	/* >= 43 for an address */

/* The unit of an amount: its symbol, else the token's address. */
static void
unit(const struct report_ctx *r, FILE *f, const struct eth_addr *asset)
{
	const char *sym = report_symbol(r, asset);
	char a[43];

	if (sym != NULL) {
		report_text(f, sym);
	} else {
		report_asset(a, asset);
		fputs(a, f);
	}
}

static void
amount(const struct report_ctx *r, FILE *f, const struct eth_addr *asset,
    const struct u256 *raw, int width)
{
	char s[REPORT_AMOUNT_MAX];

	report_amount(r, s, asset, raw);
	fprintf(f, "%*s ", width, s);
	unit(r, f, asset);
}

static int
amount_width(const struct report_ctx *r, const struct eth_addr *asset,
    const struct u256 *raw, int width)
{
	char s[REPORT_AMOUNT_MAX];
	int n;

	report_amount(r, s, asset, raw);
	n = (int)strlen(s);
	return n > width ? n : width;
}

static void
thresholds(const struct report_ctx *r, FILE *f, const char *title,
    const struct trace_threshold *t, size_t n)
{
	size_t i;

	if (n == 0) {
		return;
	}
	fprintf(f, "%-14s", title);
	for (i = 0; i < n && i < TRACE_THRESHOLDS_MAX; i++) {
		if (i > 0) {
			fputs(", ", f);
		}
		amount(r, f, &t[i].asset, &t[i].amount, 0);
	}
	fputc('\n', f);
}

static void
header(const struct report_ctx *r, FILE *f)
{
	const struct trace_query *q = r->q;
	const struct report_verification *v = &r->in->verification;
	const struct report_strategy *s = &r->in->strategy;
	char buf[67], d[11];
	size_t i;

	fputs("scanner ", f);
	report_text(f, r->in->version != NULL ? r->in->version : "?");
	fputs(" trace report\n", f);
	fprintf(f, "%-14s%s, up to %u hops, blocks %" PRIu64 "-%" PRIu64
	    "\n", "query", report_direction_name(q->direction), q->hops,
	    q->from_block, q->to_block);
	for (i = 0; i < q->nseeds && i < TRACE_SEEDS_MAX; i++) {
		report_seed(buf, &q->seeds[i]);
		fprintf(f, "%-14s%s%s\n", i == 0 ? "seeds" : "", buf,
		    q->seeds[i].is_tx ? " (tx)" : "");
	}
	fprintf(f, "%-14s", "models");
	for (i = 0; i < r->nmodels; i++) {
		fprintf(f, "%s%s%s", i > 0 ? ", " : "",
		    trace_model_name(r->models[i]),
		    i == 0 && r->nmodels > 1 ? " (primary)" : "");
	}
	fputc('\n', f);
	thresholds(r, f, "min value", q->min_value, q->nmin_value);
	thresholds(r, f, "dust", q->dust, q->ndust);
	fprintf(f, "%-14smax %zu addresses, hubs at %u counterparties\n",
	    "limits", q->max_nodes, q->hub_degree);
	if (q->at == DATE_NONE) {
		fprintf(f, "%-14seach transfer's own day\n", "watchlist at");
	} else {
		date_format(d, q->at);
		fprintf(f, "%-14s%s\n", "watchlist at", d);
	}
	fprintf(f, "%-14s", "strategy");
	report_text(f, s->scan != NULL ? s->scan : "-");
	fprintf(f, "\n%-14sreceipts: ", "");
	report_text(f, s->receipts != NULL ? s->receipts : "-");
	fputs("; traces: ", f);
	report_text(f, s->traces != NULL ? s->traces : "none");
	fputc('\n', f);
	if (r->res->blocks_without_traces > 0) {
		fprintf(f, "%-14s%" PRIu64 " blocks without traces: internal "
		    "ETH transfers there unseen\n", "",
		    r->res->blocks_without_traces);
	}
	fprintf(f, "%-14s", "verification");
	report_text(f, v->mode != NULL ? v->mode : "-");
	fprintf(f, ": %" PRIu64 " blocks, %" PRIu64 " txs, %" PRIu64
	    " failures\n", v->blocks, v->txs, v->failures);
	for (i = 0; i < v->nchecks; i++) {
		fprintf(f, "%-14s", "");
		report_text_pad(f, v->checks[i].name, 18);
		fprintf(f, " %" PRIu64 "/%" PRIu64 " passed\n",
		    v->checks[i].passed, v->checks[i].checked);
	}
}

/* "seed → a → … → end" forward, "seed ← a ← … ← end" backward. */
static void
chain(const struct report_ctx *r, FILE *f, const struct trace_path *p)
{
	const char *arrow = r->q->direction == TRACE_BACKWARD ?
	    " \xe2\x86\x90 " : " \xe2\x86\x92 ";
	char s[32];
	size_t i;

	report_short_addr(s, report_path_start(r, p));
	fprintf(f, "  %s", s);
	for (i = 0; i < p->nhops; i++) {
		report_short_addr(s, r->q->direction == TRACE_BACKWARD ?
		    &p->hops[i].from : &p->hops[i].to);
		fprintf(f, "%s%s", arrow, s);
	}
	fputc('\n', f);
}

static void
path(const struct report_ctx *r, FILE *f, const struct trace_path *p, size_t id)
{
	const struct trace_taint *t;
	char s[67], label[REPORT_LABEL_MAX], share[REPORT_SHARE_MAX];
	int bw = 5, aw = 0;
	size_t i;

	fprintf(f, "\npath %zu  %s  ", id, report_end_name(p->end));
	report_text(f, wl_category_name(p->category));
	fputs("  ", f);
	report_fixed(label, sizeof(label), p->label, sizeof(p->label));
	report_text(f, label[0] != '\0' ? label : "-");
	report_fixed(label, sizeof(label), p->source, sizeof(p->source));
	fputs("  (", f);
	report_text(f, label);
	fputs(")\n", f);
	chain(r, f, p);
	report_seed(s, &p->seed);
	fprintf(f, "  seed  %s\n", s);
	report_addr(s, &p->end_address);
	fprintf(f, "  end   %s\n", s);
	for (i = 0; i < p->nhops; i++) {
		snprintf(s, sizeof(s), "%" PRIu64, p->hops[i].block);
		if ((int)strlen(s) > bw) {
			bw = (int)strlen(s);
		}
		aw = amount_width(r, &p->hops[i].asset, &p->hops[i].amount,
		    aw);
	}
	if (p->nhops > 0) {
		fprintf(f, "  %3s  %-*s  %-11s  %-42s   %-42s  %-8s  %s\n",
		    "hop", bw, "block", "tx", "from", "to", "kind", "amount");
	}
	for (i = 0; i < p->nhops; i++) {
		const struct trace_transfer *h = &p->hops[i];
		char from[43], to[43], tx[32];

		report_addr(from, &h->from);
		report_addr(to, &h->to);
		report_short_hash(tx, &h->tx_hash);
		fprintf(f, "  %3zu  %*" PRIu64 "  %s  %s \xe2\x86\x92 %s  "
		    "%-8s  ", i + 1, bw, h->block, tx, from, to,
		    trace_kind_name(h->kind));
		amount(r, f, &h->asset, &h->amount, aw);
		fputc('\n', f);
	}
	aw = 0;
	for (i = 0; i < r->nmodels; i++) {
		t = report_taint(p, r->models[i]);
		if (t != NULL) {
			aw = amount_width(r, &t->asset, &t->amount, aw);
		}
	}
	for (i = 0; i < r->nmodels; i++) {
		t = report_taint(p, r->models[i]);
		if (t == NULL) {
			continue;
		}
		fprintf(f, "  %-5s  %-7s  ", i == 0 ? "taint" : "",
		    trace_model_name(t->model));
		amount(r, f, &t->asset, &t->amount, aw);
		fprintf(f, "  share %s\n", report_share(share, &t->share_num,
		    &t->share_den) ? share : "-");
	}
}

static void
stopped(const struct report_ctx *r, FILE *f)
{
	const struct trace_stopped *s;
	char a[43], tx[32];
	size_t i;

	if (r->nstopped == 0) {
		return;
	}
	fputs("\nstopped (not traversed)\n", f);
	for (i = 0; i < r->nstopped; i++) {
		s = r->stopped[i];
		report_addr(a, &s->address);
		report_short_hash(tx, &s->via.tx_hash);
		fprintf(f, "  %-9s  %s  via block %" PRIu64 " tx %s  ",
		    trace_stop_name(s->reason), a, s->via.block, tx);
		amount(r, f, &s->via.asset, &s->via.amount, 0);
		fputc('\n', f);
	}
}

int
report_render_text(struct report_ctx *r, struct err *err)
{
	FILE *f = r->f;
	size_t i, hits = 0, cashouts = 0;

	(void)err;
	header(r, f);
	for (i = 0; i < r->npaths; i++) {
		path(r, f, r->paths[i], i + 1);
		hits += r->paths[i]->end == TRACE_END_HIT;
		cashouts += r->paths[i]->end == TRACE_END_CASHOUT;
	}
	stopped(r, f);
	fprintf(f, "\n%-14spaths %zu (hits %zu, cash-outs %zu), stopped %zu\n",
	    "summary", r->npaths, hits, cashouts, r->nstopped);
	fprintf(f, "%-14s%" PRIu64 " blocks read (%" PRIu64 " without "
	    "traces), %" PRIu64 " transfers, %" PRIu64 " edges followed, %"
	    PRIu64 " addresses reached\n", "", r->res->blocks,
	    r->res->blocks_without_traces, r->res->transfers, r->res->edges,
	    r->res->nodes);
	return 0;
}
