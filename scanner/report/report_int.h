/*
 * report_int.h - what the renderers of scanner/report share: the sorted
 * view of a trace result, token metadata looked up once per asset, and
 * the formatting of amounts, shares, addresses and names. Internal to the
 * module.
 */
#ifndef SCANNER_REPORT_INT_H
#define SCANNER_REPORT_INT_H

#include <stddef.h>
#include <stdio.h>

#include "report.h"
#include "u256.h"

/* Room for a decimal amount with a point, and for a share. */
#define REPORT_AMOUNT_MAX	(U256_DEC_MAX + 2)
#define REPORT_SHARE_MAX	(U256_DEC_MAX + REPORT_SHARE_DIGITS + 2)
#define REPORT_LABEL_MAX	128

struct report_tok {
	struct eth_addr		 asset;
	int			 known;		/* metadata found */
	char			 symbol[REPORT_SYMBOL_MAX];
	unsigned		 decimals;
};

struct report_ctx {
	FILE				*f;
	const struct report_input	*in;
	const struct trace_query	*q;
	const struct trace_result	*res;
	const struct trace_path		**paths;	/* sorted */
	size_t				 npaths;
	const struct trace_stopped	**stopped;	/* sorted */
	size_t				 nstopped;
	struct report_tok		*toks;		/* sorted by asset */
	size_t				 ntoks;
	int				 models[3];	/* asked, in order */
	size_t				 nmodels;
};

/* The taint graph: every address shown, and every transfer once. */
enum {
	REPORT_NODE_SEED = 1 << 0,
	REPORT_NODE_HIT = 1 << 1,
	REPORT_NODE_CASHOUT = 1 << 2,
	REPORT_NODE_STOPPED = 1 << 3
};

struct report_node {
	struct eth_addr			 addr;
	unsigned			 roles;		/* REPORT_NODE_* */
	const struct trace_path		*end_of;	/* first path ending
							   here, or NULL */
	int				 stop;		/* first stop reason */
	size_t				 seq;		/* order added */
};

struct report_edge {
	const struct trace_transfer	*t;
	int				 via_only;	/* only leads to a
							   stopped address */
};

struct report_graph {
	struct report_node	*nodes;		/* sorted by address */
	size_t			 nnodes;
	struct report_edge	*edges;		/* sorted as transfers */
	size_t			 nedges;
};

/* Returns: 0; -1 with err (ERR_SYS). Out: g, release with
 * report_graph_release(). */
int	report_graph_build(const struct report_ctx *r, struct report_graph *g,
	    struct err *err);
void	report_graph_release(struct report_graph *g);
/* Returns: the node of a (always present for graph addresses). */
const struct report_node *report_graph_node(const struct report_graph *g,
	    const struct eth_addr *a);

/* Orders transfers by block, tx, position, then every field. */
int	report_transfer_cmp(const struct trace_transfer *a,
	    const struct trace_transfer *b);

/* "0x098B…2f96" (32 bytes) and "0xc28fad5e…" (32 bytes). */
void	report_short_addr(char out[32], const struct eth_addr *a);
void	report_short_hash(char out[32], const struct eth_hash *h);

/* The renderers; each returns 0, or -1 with err (ERR_SYS). */
int	report_render_text(struct report_ctx *r, struct err *err);
int	report_render_json(struct report_ctx *r, struct err *err);
int	report_render_csv(struct report_ctx *r, struct err *err);
int	report_render_dot(struct report_ctx *r, FILE *f, struct err *err);
int	report_render_html(struct report_ctx *r, struct err *err);

/*
 * Run `dot -Tsvg` (found on PATH) on the DOT of r and return its SVG,
 * sanitised for inlining in HTML.
 * Returns: 1 with *svg (malloc'd, free()); 0 when dot is absent or
 *          failed; -1 with err (ERR_SYS) when memory runs out.
 */
int	report_svg(struct report_ctx *r, char **svg, struct err *err);

/*
 * Keep only what is safe to inline of an SVG document: no prolog,
 * doctype, comments, CDATA, processing instructions; no script,
 * foreignObject, style, animation, image, iframe, object or embed
 * elements (with their content); no on* event, href, src, style or
 * xmlns attributes.
 * Returns: 0 with *out (malloc'd, free()); 1 if svg is not well-formed
 *          enough to be sure (nothing kept); -1 when memory runs out.
 */
int	report_svg_sanitise(char **out, const char *svg, size_t len);

/* Returns: the token entry of asset (ETH has known=1, "ETH", 18). */
const struct report_tok *report_tok_find(const struct report_ctx *r,
	    const struct eth_addr *asset);

/* Returns: 1 if a is the zero address (ETH). */
int	report_is_eth(const struct eth_addr *a);

/* "ETH", or the asset's EIP-55 address. out: 43 bytes. */
void	report_asset(char out[43], const struct eth_addr *asset);

/* Decimal amount, the token's decimals applied when known, else raw. */
void	report_amount(const struct report_ctx *r,
	    char out[REPORT_AMOUNT_MAX], const struct eth_addr *asset,
	    const struct u256 *raw);

/* The symbol to show (attacker-controlled), or NULL when unknown or
 * empty. */
const char *report_symbol(const struct report_ctx *r,
	    const struct eth_addr *asset);

/* The share num/den as a decimal of at most REPORT_SHARE_DIGITS
 * fractional digits, truncated; 0 (out untouched) when den is 0. */
int	report_share(char out[REPORT_SHARE_MAX], const struct u256 *num,
	    const struct u256 *den);

/* EIP-55 address; "0x" + 64 hex of a hash. */
void	report_addr(char out[43], const struct eth_addr *a);
void	report_hash(char out[67], const struct eth_hash *h);

/* The seed as text: its address, or its tx hash. out: 67 bytes. */
void	report_seed(char out[67], const struct trace_seed *s);

/* The path's primary taint (the query's first model), or NULL. */
const struct trace_taint *report_primary(const struct report_ctx *r,
	    const struct trace_path *p);
/* The path's taint under model m, or NULL. */
const struct trace_taint *report_taint(const struct trace_path *p, int m);

/* A NUL-terminated copy of a fixed-size text field. */
void	report_fixed(char *out, size_t outsz, const char *s, size_t ssz);

/* Names of the schema (DESIGN.md scanner.trace/1) that trace.h has no
 * function for: "hit", "cash-out"; "forward", "backward". */
const char *report_end_name(int end);
const char *report_direction_name(int dir);

/* The address where path p starts: the seed, or for a tx seed the
 * seed-side address of its first hop. */
const struct eth_addr *report_path_start(const struct report_ctx *r,
	    const struct trace_path *p);

#endif
