/*
 * dot.c - the taint graph (every address on a path or stopped, every
 * transfer once) and its Graphviz DOT rendering: nodes are addresses
 * (short address and what the address is), edges are transfers (amount
 * and unit). Only quoted strings, never HTML-like <labels>; attacker text
 * goes through report_dot().
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"
#include "wl.h"

struct build {
	struct report_graph	*g;
	size_t			 ncap, ecap;
};

static int
nomem(struct err *err)
{
	return err_set(err, ERR_SYS, errno, "cannot write report: %s",
	    strerror(errno));
}

static int
add_node(struct build *b, const struct eth_addr *a, unsigned roles,
    const struct trace_path *end_of, int stop, struct err *err)
{
	struct report_graph *g = b->g;
	struct report_node *nn;

	if (g->nnodes == b->ncap) {
		b->ncap = b->ncap == 0 ? 64 : b->ncap * 2;
		nn = realloc(g->nodes, b->ncap * sizeof(*nn));
		if (nn == NULL) {
			return nomem(err);
		}
		g->nodes = nn;
	}
	nn = &g->nodes[g->nnodes++];
	nn->addr = *a;
	nn->roles = roles;
	nn->end_of = end_of;
	nn->stop = stop;
	nn->seq = g->nnodes - 1;
	return 0;
}

static int
add_edge(struct build *b, const struct trace_transfer *t, int via_only,
    struct err *err)
{
	struct report_graph *g = b->g;
	struct report_edge *ne;

	if (g->nedges == b->ecap) {
		b->ecap = b->ecap == 0 ? 64 : b->ecap * 2;
		ne = realloc(g->edges, b->ecap * sizeof(*ne));
		if (ne == NULL) {
			return nomem(err);
		}
		g->edges = ne;
	}
	ne = &g->edges[g->nedges++];
	ne->t = t;
	ne->via_only = via_only;
	return 0;
}

static int
node_cmp(const void *pa, const void *pb)
{
	const struct report_node *a = pa, *b = pb;

	return memcmp(a->addr.b, b->addr.b, sizeof(a->addr.b));
}

/* By address, then in the order added (paths in report order first). */
static int
node_seq_cmp(const void *pa, const void *pb)
{
	const struct report_node *a = pa, *b = pb;
	int c = node_cmp(a, b);

	if (c == 0 && a->seq != b->seq) {
		c = a->seq < b->seq ? -1 : 1;
	}
	return c;
}

static int
edge_cmp(const void *pa, const void *pb)
{
	const struct report_edge *a = pa, *b = pb;
	int c = report_transfer_cmp(a->t, b->t);

	if (c == 0 && a->via_only != b->via_only) {
		c = a->via_only < b->via_only ? -1 : 1;
	}
	return c;
}

/* Sort and merge duplicates: a node keeps the roles of all its entries,
 * and the end listing and stop reason of the first in report order. */
static void
merge(struct report_graph *g)
{
	size_t i, n;

	if (g->nnodes == 0) {
		return;
	}
	qsort(g->nodes, g->nnodes, sizeof(*g->nodes), node_seq_cmp);
	for (i = 0, n = 0; i < g->nnodes; i++) {
		struct report_node *x = &g->nodes[i], *k;

		if (n > 0 && node_cmp(&g->nodes[n - 1], x) == 0) {
			k = &g->nodes[n - 1];
			k->roles |= x->roles;
			if (k->end_of == NULL) {
				k->end_of = x->end_of;
			}
			if (k->stop == 0) {
				k->stop = x->stop;
			}
			continue;
		}
		g->nodes[n++] = *x;
	}
	g->nnodes = n;
	qsort(g->edges, g->nedges, sizeof(*g->edges), edge_cmp);
	for (i = 0, n = 0; i < g->nedges; i++) {
		/* sorted: a hop (via_only 0) comes before its stopped twin */
		if (n > 0 && report_transfer_cmp(g->edges[n - 1].t,
		    g->edges[i].t) == 0) {
			continue;
		}
		g->edges[n++] = g->edges[i];
	}
	g->nedges = n;
}

int
report_graph_build(const struct report_ctx *r, struct report_graph *g,
    struct err *err)
{
	struct build b = { g, 0, 0 };
	const struct trace_path *p;
	const struct trace_stopped *s;
	unsigned end;
	size_t i, j;

	memset(g, 0, sizeof(*g));
	for (i = 0; i < r->npaths; i++) {
		p = r->paths[i];
		end = p->end == TRACE_END_HIT ? REPORT_NODE_HIT :
		    REPORT_NODE_CASHOUT;
		if (add_node(&b, report_path_start(r, p), REPORT_NODE_SEED,
		    NULL, 0, err) < 0 || add_node(&b, &p->end_address, end, p,
		    0, err) < 0) {
			goto fail;
		}
		for (j = 0; j < p->nhops; j++) {
			if (add_node(&b, &p->hops[j].from, 0, NULL, 0,
			    err) < 0 || add_node(&b, &p->hops[j].to, 0, NULL,
			    0, err) < 0 || add_edge(&b, &p->hops[j], 0,
			    err) < 0) {
				goto fail;
			}
		}
	}
	for (i = 0; i < r->nstopped; i++) {
		s = r->stopped[i];
		if (add_node(&b, &s->address, REPORT_NODE_STOPPED, NULL,
		    (int)s->reason, err) < 0 || add_node(&b, &s->via.from, 0,
		    NULL, 0, err) < 0 || add_node(&b, &s->via.to, 0, NULL, 0,
		    err) < 0 || add_edge(&b, &s->via, 1, err) < 0) {
			goto fail;
		}
	}
	merge(g);
	return 0;
fail:
	report_graph_release(g);
	return -1;
}

void
report_graph_release(struct report_graph *g)
{
	if (g == NULL) {
		return;
	}
	free(g->nodes);
	free(g->edges);
	memset(g, 0, sizeof(*g));
}

const struct report_node *
report_graph_node(const struct report_graph *g, const struct eth_addr *a)
{
	struct report_node key;

	if (g->nnodes == 0) {
		return NULL;
	}
	memset(&key, 0, sizeof(key));
	key.addr = *a;
	return bsearch(&key, g->nodes, g->nnodes, sizeof(*g->nodes),
	    node_cmp);
}

static void
node(const struct report_ctx *r, FILE *f, const struct report_node *n)
{
	char s[43], label[REPORT_LABEL_MAX];
	const char *fill = NULL;

	(void)r;
	report_addr(s, &n->addr);
	fprintf(f, "\t\"%s\" [label=\"", s);
	report_short_addr(s, &n->addr);
	fputs(s, f);
	if (n->roles & REPORT_NODE_SEED) {
		fputs("\\nseed", f);
		fill = "#cfe2ff";
	}
	if (n->stop != 0) {
		fprintf(f, "\\nstopped: %s", trace_stop_name(n->stop));
		fill = "#e2e3e5";
	}
	if (n->end_of != NULL) {
		fputs("\\n", f);
		report_dot(f, wl_category_name(n->end_of->category));
		report_fixed(label, sizeof(label), n->end_of->label,
		    sizeof(n->end_of->label));
		if (label[0] != '\0') {
			fputs(": ", f);
			report_dot(f, label);
		}
		fill = n->roles & REPORT_NODE_HIT ? "#f8d7da" : "#fff3cd";
	}
	fputc('"', f);
	if (fill != NULL) {
		/* only stopped: dashed */
		fprintf(f, ", style=\"filled%s\", fillcolor=\"%s\"",
		    n->roles == REPORT_NODE_STOPPED ? ",dashed" : "", fill);
	}
	if (n->roles & REPORT_NODE_HIT) {
		fputs(", penwidth=2", f);
	}
	fputs("];\n", f);
}

static void
edge(const struct report_ctx *r, FILE *f, const struct report_edge *e)
{
	const struct trace_transfer *t = e->t;
	char from[43], to[43], amount[REPORT_AMOUNT_MAX];
	const char *sym;

	report_addr(from, &t->from);
	report_addr(to, &t->to);
	report_amount(r, amount, &t->asset, &t->amount);
	fprintf(f, "\t\"%s\" -> \"%s\" [label=\"%s ", from, to, amount);
	sym = report_symbol(r, &t->asset);
	if (sym != NULL) {
		report_dot(f, sym);
	} else {
		report_short_addr(from, &t->asset);
		fputs(from, f);
	}
	fputc('"', f);
	if (e->via_only) {
		fputs(", style=dashed", f);
	}
	fputs("];\n", f);
}

/* Write the DOT of r to f (the report's stream, or dot's input). */
int
report_render_dot(struct report_ctx *r, FILE *f, struct err *err)
{
	struct report_graph g;
	size_t i;

	if (report_graph_build(r, &g, err) < 0) {
		return -1;
	}
	fputs("digraph taint {\n", f);
	fprintf(f, "\tgraph [rankdir=LR, label=\"scanner trace, %s: %zu "
	    "paths, %zu stopped\", fontname=\"Helvetica\", fontsize=11];\n",
	    report_direction_name(r->q->direction), r->npaths, r->nstopped);
	fputs("\tnode [shape=box, fontname=\"Courier\", fontsize=10];\n", f);
	fputs("\tedge [fontname=\"Helvetica\", fontsize=9];\n", f);
	for (i = 0; i < g.nnodes; i++) {
		node(r, f, &g.nodes[i]);
	}
	for (i = 0; i < g.nedges; i++) {
		edge(r, f, &g.edges[i]);
	}
	fputs("}\n", f);
	report_graph_release(&g);
	return 0;
}
