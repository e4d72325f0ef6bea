/*
 * csv.c - one row per hop for case files (RFC 4180: header row, CRLF,
 * quoted cells): the path's seed and end, the hop, and the path's taint
 * under each model asked. A path without hops (its seed is the end) has
 * one row with the hop cells empty. Every cell goes through
 * report_csv_cell(), which neutralises formulas.
 */
#include <inttypes.h>
#include <string.h>

#include "report_int.h"
#include "wl.h"

static void
cell(FILE *f, const char *s, int last)
{
	report_csv_cell(f, s != NULL ? s : "");
	fputs(last ? "\r\n" : ",", f);
}

static void
cell_u64(FILE *f, uint64_t v)
{
	fprintf(f, "%" PRIu64 ",", v);
}

static void
header(const struct report_ctx *r, FILE *f)
{
	static const char *const cols[] = {
		"path", "hop", "seed", "end", "end_address", "end_category",
		"end_label", "end_source", "from", "to", "tx", "block",
		"timestamp", "kind", "asset", "symbol", "amount", "amount_raw"
	};
	const char *m;
	size_t i;

	for (i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		if (i > 0) {
			fputc(',', f);
		}
		report_csv_cell(f, cols[i]);
	}
	for (i = 0; i < r->nmodels; i++) {
		m = trace_model_name(r->models[i]);
		fprintf(f, ",taint_%s_asset,taint_%s,taint_%s_raw,"
		    "taint_%s_share", m, m, m, m);
	}
	fputs("\r\n", f);
}

static void
row(const struct report_ctx *r, FILE *f, const struct trace_path *p, size_t id,
    const struct trace_transfer *h, size_t hop)
{
	const struct trace_taint *t;
	char s[67], label[REPORT_LABEL_MAX], amount[REPORT_AMOUNT_MAX];
	char share[REPORT_SHARE_MAX];
	size_t i;

	cell_u64(f, id);
	if (h != NULL) {
		cell_u64(f, hop);
	} else {
		cell(f, "", 0);
	}
	report_seed(s, &p->seed);
	cell(f, s, 0);
	cell(f, report_end_name(p->end), 0);
	report_addr(s, &p->end_address);
	cell(f, s, 0);
	cell(f, wl_category_name(p->category), 0);
	report_fixed(label, sizeof(label), p->label, sizeof(p->label));
	cell(f, label, 0);
	report_fixed(label, sizeof(label), p->source, sizeof(p->source));
	cell(f, label, 0);
	if (h != NULL) {
		report_addr(s, &h->from);
		cell(f, s, 0);
		report_addr(s, &h->to);
		cell(f, s, 0);
		report_hash(s, &h->tx_hash);
		cell(f, s, 0);
		cell_u64(f, h->block);
		cell_u64(f, h->timestamp);
		cell(f, trace_kind_name(h->kind), 0);
		report_asset(s, &h->asset);
		cell(f, s, 0);
		cell(f, report_symbol(r, &h->asset), 0);
		report_amount(r, amount, &h->asset, &h->amount);
		cell(f, amount, 0);
		u256_to_dec(amount, &h->amount);
		cell(f, amount, r->nmodels == 0);
	} else {
		fputs(",,,,,,,,,", f);
		fputs(r->nmodels == 0 ? "\r\n" : ",", f);
	}
	for (i = 0; i < r->nmodels; i++) {
		int last = i + 1 == r->nmodels;

		t = report_taint(p, r->models[i]);
		if (t == NULL) {
			fputs(last ? ",,,\r\n" : ",,,,", f);
			continue;
		}
		report_asset(s, &t->asset);
		cell(f, s, 0);
		report_amount(r, amount, &t->asset, &t->amount);
		cell(f, amount, 0);
		u256_to_dec(amount, &t->amount);
		cell(f, amount, 0);
		cell(f, report_share(share, &t->share_num, &t->share_den) ?
		    share : "", last);
	}
}

int
report_render_csv(struct report_ctx *r, struct err *err)
{
	const struct trace_path *p;
	size_t i, j;

	(void)err;
	header(r, r->f);
	for (i = 0; i < r->npaths; i++) {
		p = r->paths[i];
		if (p->nhops == 0) {
			row(r, r->f, p, i + 1, NULL, 0);
		}
		for (j = 0; j < p->nhops; j++) {
			row(r, r->f, p, i + 1, &p->hops[j], j + 1);
		}
	}
	return 0;
}
