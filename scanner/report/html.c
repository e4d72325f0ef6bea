/*
 * html.c - one self-contained HTML file: the query, strategy and
 * verification, the summary, the taint graph (inline SVG from Graphviz's
 * dot, else a table of edges), a table per path and the stopped
 * addresses. No script, no external resource (a Content-Security-Policy
 * forbids both), every string through report_html().
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "report_int.h"
#include "wl.h"

static const char style[] =
"body{font-family:system-ui,sans-serif;margin:1.5em;color:#212529}\n"
"h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}\n"
"table{border-collapse:collapse;margin:.4em 0 1em}\n"
"th,td{border:1px solid #dee2e6;padding:.2em .5em;text-align:left;"
"vertical-align:top}\n"
"th{background:#f1f3f5}\n"
"td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
".m{font-family:ui-monospace,monospace;word-break:break-all}\n"
".hit{background:#f8d7da}.cash-out{background:#fff3cd}\n"
".seed{background:#cfe2ff}.stopped{background:#e2e3e5}\n"
".graph svg{max-width:100%;height:auto}\n";

static void
h(FILE *f, const char *s)
{
	report_html(f, s != NULL ? s : "-");
}

/* "2022-03-23 10:29:22" UTC, from the block's timestamp. */
static void
utc(char out[32], uint64_t t)
{
	struct tm tm;
	time_t tt = (time_t)t;

	/* years past 9999 do not fit: the raw number then */
	if (t >= UINT64_C(253402300800) || gmtime_r(&tt, &tm) == NULL ||
	    strftime(out, 32, "%Y-%m-%d %H:%M:%S", &tm) == 0) {
		snprintf(out, 32, "%" PRIu64, t);
	}
}

/* An amount and its unit: the symbol, or the token's address. */
static void
amount(const struct report_ctx *r, FILE *f, const struct eth_addr *asset,
    const struct u256 *raw)
{
	char s[REPORT_AMOUNT_MAX], a[43];
	const char *sym = report_symbol(r, asset);

	report_amount(r, s, asset, raw);
	fprintf(f, "%s ", s);
	if (sym != NULL) {
		h(f, sym);
	} else {
		report_asset(a, asset);
		fprintf(f, "<span class=\"m\">%s</span>", a);
	}
}

static void
row_open(FILE *f, const char *th)
{
	fputs("<tr><th>", f);
	h(f, th);
	fputs("</th><td>", f);
}

static void
thresholds(const struct report_ctx *r, FILE *f, const char *title,
    const struct trace_threshold *t, size_t n)
{
	size_t i;

	if (n == 0) {
		return;
	}
	row_open(f, title);
	for (i = 0; i < n && i < TRACE_THRESHOLDS_MAX; i++) {
		fputs(i > 0 ? ", " : "", f);
		amount(r, f, &t[i].asset, &t[i].amount);
	}
	fputs("</td></tr>\n", f);
}

static void
overview(const struct report_ctx *r, FILE *f, size_t hits, size_t cashouts)
{
	const struct trace_query *q = r->q;
	const struct report_strategy *s = &r->in->strategy;
	const struct report_verification *v = &r->in->verification;
	char buf[67];
	size_t i;

	fputs("<h2>Summary</h2>\n<table>\n", f);
	row_open(f, "paths");
	fprintf(f, "%zu (hits %zu, cash-outs %zu), stopped %zu</td></tr>\n",
	    r->npaths, hits, cashouts, r->nstopped);
	row_open(f, "query");
	fprintf(f, "%s, up to %u hops, blocks %" PRIu64 "&ndash;%" PRIu64
	    "</td></tr>\n", report_direction_name(q->direction), q->hops,
	    q->from_block, q->to_block);
	row_open(f, "seeds");
	for (i = 0; i < q->nseeds && i < TRACE_SEEDS_MAX; i++) {
		report_seed(buf, &q->seeds[i]);
		fprintf(f, "%s<span class=\"m\">%s</span>%s", i > 0 ? "<br>" :
		    "", buf, q->seeds[i].is_tx ? " (tx)" : "");
	}
	fputs("</td></tr>\n", f);
	row_open(f, "models");
	for (i = 0; i < r->nmodels; i++) {
		fprintf(f, "%s%s%s", i > 0 ? ", " : "",
		    trace_model_name(r->models[i]),
		    i == 0 && r->nmodels > 1 ? " (primary)" : "");
	}
	fputs("</td></tr>\n", f);
	thresholds(r, f, "min value", q->min_value, q->nmin_value);
	thresholds(r, f, "dust", q->dust, q->ndust);
	row_open(f, "limits");
	fprintf(f, "max %zu addresses, hubs at %u counterparties</td></tr>\n",
	    q->max_nodes, q->hub_degree);
	row_open(f, "watchlist at");
	if (q->at == DATE_NONE) {
		fputs("each transfer's own day", f);
	} else {
		date_format(buf, q->at);
		fputs(buf, f);
	}
	fputs("</td></tr>\n", f);
	row_open(f, "strategy");
	h(f, s->scan);
	fputs("<br>receipts: ", f);
	h(f, s->receipts);
	fputs("; traces: ", f);
	report_html(f, s->traces != NULL ? s->traces : "none");
	if (r->res->blocks_without_traces > 0) {
		fprintf(f, "<br>%" PRIu64 " blocks without traces: internal "
		    "ETH transfers there unseen",
		    r->res->blocks_without_traces);
	}
	fputs("</td></tr>\n", f);
	row_open(f, "scanned");
	fprintf(f, "%" PRIu64 " blocks, %" PRIu64 " transfers, %" PRIu64
	    " edges followed, %" PRIu64 " addresses reached</td></tr>\n",
	    r->res->blocks, r->res->transfers, r->res->edges, r->res->nodes);
	row_open(f, "verification");
	h(f, v->mode);
	fprintf(f, ": %" PRIu64 " blocks, %" PRIu64 " txs, %" PRIu64
	    " failures", v->blocks, v->txs, v->failures);
	for (i = 0; i < v->nchecks; i++) {
		fputs("<br>", f);
		h(f, v->checks[i].name);
		fprintf(f, " %" PRIu64 "/%" PRIu64 " passed",
		    v->checks[i].passed, v->checks[i].checked);
	}
	fputs("</td></tr>\n</table>\n", f);
}

static const char *
node_class(const struct report_graph *g, const struct eth_addr *a)
{
	const struct report_node *n = report_graph_node(g, a);

	if (n == NULL) {
		return "";
	}
	if (n->roles & REPORT_NODE_HIT) {
		return " hit";
	}
	if (n->roles & REPORT_NODE_CASHOUT) {
		return " cash-out";
	}
	if (n->roles & REPORT_NODE_SEED) {
		return " seed";
	}
	if (n->roles & REPORT_NODE_STOPPED) {
		return " stopped";
	}
	return "";
}

/* What an address is, after its address: "mixer: label", "seed" ... */
static void
node_what(FILE *f, const struct report_graph *g, const struct eth_addr *a)
{
	const struct report_node *n = report_graph_node(g, a);
	char label[REPORT_LABEL_MAX];

	if (n == NULL) {
		return;
	}
	if (n->end_of != NULL) {
		fputs("<br>", f);
		h(f, wl_category_name(n->end_of->category));
		report_fixed(label, sizeof(label), n->end_of->label,
		    sizeof(n->end_of->label));
		if (label[0] != '\0') {
			fputs(": ", f);
			h(f, label);
		}
	} else if (n->roles & REPORT_NODE_SEED) {
		fputs("<br>seed", f);
	} else if (n->stop != 0) {
		fprintf(f, "<br>stopped: %s", trace_stop_name(n->stop));
	}
}

static void
addr_cell(FILE *f, const struct report_graph *g, const struct eth_addr *a)
{
	char s[43];

	report_addr(s, a);
	fprintf(f, "<td class=\"m%s\">%s", node_class(g, a), s);
	node_what(f, g, a);
	fputs("</td>", f);
}

static void
transfer_cells(const struct report_ctx *r, FILE *f,
    const struct report_graph *g,
    const struct trace_transfer *t)
{
	char tx[67], when[32];

	report_hash(tx, &t->tx_hash);
	utc(when, t->timestamp);
	fprintf(f, "<td class=\"n\">%" PRIu64 "</td><td>%s</td>"
	    "<td class=\"m\">%s</td>", t->block, when, tx);
	addr_cell(f, g, &t->from);
	addr_cell(f, g, &t->to);
	fprintf(f, "<td>%s</td><td class=\"n\">", trace_kind_name(t->kind));
	amount(r, f, &t->asset, &t->amount);
	fputs("</td>", f);
}

static const char transfer_head[] =
    "<th>block</th><th>time (UTC)</th><th>tx</th><th>from</th><th>to</th>"
    "<th>kind</th><th>amount</th>";

static int
graph(struct report_ctx *r, FILE *f, const struct report_graph *g,
    struct err *err)
{
	char *svg = NULL;
	size_t i;
	int rc;

	fputs("<h2>Taint graph</h2>\n", f);
	rc = report_svg(r, &svg, err);
	if (rc < 0) {
		return -1;
	}
	if (rc == 1) {
		fputs("<div class=\"graph\">\n", f);
		fputs(svg, f);
		fputs("</div>\n", f);
		free(svg);
		return 0;
	}
	fputs("<p>Graphviz's <code>dot</code> was not available: the "
	    "graph's edges, in chain order.</p>\n", f);
	fprintf(f, "<table>\n<tr>%s<th>note</th></tr>\n", transfer_head);
	for (i = 0; i < g->nedges; i++) {
		fputs("<tr>", f);
		transfer_cells(r, f, g, g->edges[i].t);
		fprintf(f, "<td>%s</td></tr>\n", g->edges[i].via_only ?
		    "to a stopped address" : "");
	}
	fputs("</table>\n", f);
	return 0;
}

static void
path(struct report_ctx *r, FILE *f, const struct report_graph *g,
    const struct trace_path *p, size_t id)
{
	const struct trace_taint *t;
	char s[67], label[REPORT_LABEL_MAX], share[REPORT_SHARE_MAX];
	size_t i;

	fprintf(f, "<h2 id=\"path-%zu\">Path %zu: %s at ", id, id,
	    report_end_name(p->end));
	h(f, wl_category_name(p->category));
	report_fixed(label, sizeof(label), p->label, sizeof(p->label));
	if (label[0] != '\0') {
		fputs(" &ldquo;", f);
		h(f, label);
		fputs("&rdquo;", f);
	}
	fputs("</h2>\n<p>", f);
	report_seed(s, &p->seed);
	fprintf(f, "seed <span class=\"m\">%s</span>, end <span class=\"m\">",
	    s);
	report_addr(s, &p->end_address);
	fprintf(f, "%s</span>, listed by ", s);
	report_fixed(label, sizeof(label), p->source, sizeof(p->source));
	h(f, label);
	fputs("</p>\n", f);
	if (p->nhops > 0) {
		fprintf(f, "<table>\n<tr><th>hop</th>%s</tr>\n",
		    transfer_head);
	}
	for (i = 0; i < p->nhops; i++) {
		fprintf(f, "<tr><td class=\"n\">%zu</td>", i + 1);
		transfer_cells(r, f, g, &p->hops[i]);
		fputs("</tr>\n", f);
	}
	if (p->nhops > 0) {
		fputs("</table>\n", f);
	}
	if (p->ntaint == 0) {
		return;
	}
	fputs("<table>\n<tr><th>model</th><th>tainted amount</th>"
	    "<th>share</th></tr>\n", f);
	for (i = 0; i < r->nmodels; i++) {
		t = report_taint(p, r->models[i]);
		if (t == NULL) {
			continue;
		}
		fprintf(f, "<tr><td>%s</td><td class=\"n\">",
		    trace_model_name(t->model));
		amount(r, f, &t->asset, &t->amount);
		fprintf(f, "</td><td class=\"n\">%s</td></tr>\n",
		    report_share(share, &t->share_num, &t->share_den) ? share :
		    "-");
	}
	fputs("</table>\n", f);
}

static void
stopped(struct report_ctx *r, FILE *f, const struct report_graph *g)
{
	const struct trace_stopped *s;
	char a[43];
	size_t i;

	if (r->nstopped == 0) {
		return;
	}
	fputs("<h2>Stopped (not traversed)</h2>\n<table>\n<tr><th>reason"
	    "</th><th>address</th>", f);
	fprintf(f, "%s</tr>\n", transfer_head);
	for (i = 0; i < r->nstopped; i++) {
		s = r->stopped[i];
		report_addr(a, &s->address);
		fprintf(f, "<tr><td>%s</td><td class=\"m\">%s</td>",
		    trace_stop_name(s->reason), a);
		transfer_cells(r, f, g, &s->via);
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
}

int
report_render_html(struct report_ctx *r, struct err *err)
{
	FILE *f = r->f;
	struct report_graph g;
	size_t i, hits = 0, cashouts = 0;
	int rc = -1;

	if (report_graph_build(r, &g, err) < 0) {
		return -1;
	}
	for (i = 0; i < r->npaths; i++) {
		hits += r->paths[i]->end == TRACE_END_HIT;
		cashouts += r->paths[i]->end == TRACE_END_CASHOUT;
	}
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\""
	    "default-src 'none'; style-src 'unsafe-inline'\">\n"
	    "<title>scanner trace report</title>\n<style>\n", f);
	fputs(style, f);
	fputs("</style>\n</head>\n<body>\n<h1>Trace report</h1>\n"
	    "<p>scanner ", f);
	h(f, r->in->version);
	fputs(", schema scanner.trace/1</p>\n", f);
	overview(r, f, hits, cashouts);
	if (graph(r, f, &g, err) < 0) {
		goto out;
	}
	for (i = 0; i < r->npaths; i++) {
		path(r, f, &g, r->paths[i], i + 1);
	}
	stopped(r, f, &g);
	fputs("</body>\n</html>\n", f);
	rc = 0;
out:
	report_graph_release(&g);
	return rc;
}
