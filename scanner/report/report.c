/*
 * report.c - report_write(): sort the result into a deterministic order,
 * look up each token once, then hand over to a renderer; and the
 * formatting every renderer shares.
 */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "report_int.h"

int
report_is_eth(const struct eth_addr *a)
{
	static const struct eth_addr zero;

	return memcmp(a->b, zero.b, sizeof(zero.b)) == 0;
}

void
report_addr(char out[43], const struct eth_addr *a)
{
	addr_eth_checksum(out, a->b);
}

void
report_hash(char out[67], const struct eth_hash *h)
{
	out[0] = '0';
	out[1] = 'x';
	hex_encode(out + 2, h->b, sizeof(h->b));
}

void
report_short_addr(char out[32], const struct eth_addr *a)
{
	char s[43];

	report_addr(s, a);
	snprintf(out, 32, "%.6s\xe2\x80\xa6%s", s, s + 38);
}

void
report_short_hash(char out[32], const struct eth_hash *h)
{
	char s[67];

	report_hash(s, h);
	snprintf(out, 32, "%.10s\xe2\x80\xa6", s);
}

void
report_seed(char out[67], const struct trace_seed *s)
{
	if (s->is_tx) {
		report_hash(out, &s->tx);
	} else {
		report_addr(out, &s->address);
	}
}

void
report_asset(char out[43], const struct eth_addr *asset)
{
	if (report_is_eth(asset)) {
		memcpy(out, "ETH", 4);
	} else {
		report_addr(out, asset);
	}
}

void
report_fixed(char *out, size_t outsz, const char *s, size_t ssz)
{
	size_t n = 0;

	while (n < ssz && n + 1 < outsz && s[n] != '\0') {
		n++;
	}
	memcpy(out, s, n);
	out[n] = '\0';
}

static int
tok_cmp(const void *a, const void *b)
{
	const struct report_tok *x = a, *y = b;

	return memcmp(x->asset.b, y->asset.b, sizeof(x->asset.b));
}

const struct report_tok *
report_tok_find(const struct report_ctx *r, const struct eth_addr *asset)
{
	static const struct report_tok eth = { { { 0 } }, 1, "ETH", 18 };
	struct report_tok key;

	if (report_is_eth(asset)) {
		return &eth;
	}
	if (r->ntoks == 0) {
		return NULL;
	}
	key.asset = *asset;
	return bsearch(&key, r->toks, r->ntoks, sizeof(*r->toks), tok_cmp);
}

void
report_amount(const struct report_ctx *r, char out[REPORT_AMOUNT_MAX],
    const struct eth_addr *asset, const struct u256 *raw)
{
	const struct report_tok *t = report_tok_find(r, asset);

	if (t != NULL && t->known) {
		u256_to_units(out, raw, t->decimals);
	} else {
		u256_to_dec(out, raw);
	}
}

const char *
report_symbol(const struct report_ctx *r, const struct eth_addr *asset)
{
	const struct report_tok *t = report_tok_find(r, asset);

	if (t == NULL || !t->known || t->symbol[0] == '\0') {
		return NULL;
	}
	return t->symbol;
}

int
report_share(char out[REPORT_SHARE_MAX], const struct u256 *num,
    const struct u256 *den)
{
	struct u256 q, rem, gap, acc;
	size_t len, last;
	int i, j, digit;

	if (u256_is_zero(den)) {
		return 0;
	}
	u256_divmod(&q, &rem, num, den);
	u256_to_dec(out, &q);
	len = strlen(out);
	out[len++] = '.';
	last = len - 1;		/* drop the point when no digit follows */
	for (i = 0; i < REPORT_SHARE_DIGITS && !u256_is_zero(&rem); i++) {
		/*
		 * Next digit of rem/den: 10*rem may not fit 256 bits, so add
		 * rem ten times modulo den: acc + rem >= den exactly when
		 * acc >= den - rem, and nothing overflows.
		 */
		u256_sub(&gap, den, &rem);
		u256_zero(&acc);
		digit = 0;
		for (j = 0; j < 10; j++) {
			if (u256_cmp(&acc, &gap) >= 0) {
				u256_sub(&acc, &acc, &gap);
				digit++;
			} else {
				u256_add(&acc, &acc, &rem);
			}
		}
		rem = acc;
		out[len++] = (char)('0' + digit);
		if (digit != 0) {
			last = len;
		}
	}
	out[last] = '\0';
	return 1;
}

static const char *
name_of(const char *const *names, size_t n, int v)
{
	if (v < 0 || (size_t)v >= n || names[v] == NULL) {
		return "unknown";
	}
	return names[v];
}

const char *
report_end_name(int end)
{
	static const char *const names[] = { NULL, "hit", "cash-out" };

	return name_of(names, sizeof(names) / sizeof(names[0]), end);
}

const char *
report_direction_name(int dir)
{
	static const char *const names[] = { NULL, "forward", "backward" };

	return name_of(names, sizeof(names) / sizeof(names[0]), dir);
}

const struct trace_taint *
report_taint(const struct trace_path *p, int m)
{
	size_t i;

	for (i = 0; i < p->ntaint && i < 3; i++) {
		if ((int)p->taint[i].model == m) {
			return &p->taint[i];
		}
	}
	return NULL;
}

const struct trace_taint *
report_primary(const struct report_ctx *r, const struct trace_path *p)
{
	const struct trace_taint *t = NULL;

	if (r->nmodels > 0) {
		t = report_taint(p, r->models[0]);
	}
	if (t == NULL && p->ntaint > 0) {
		t = &p->taint[0];
	}
	return t;
}

const struct eth_addr *
report_path_start(const struct report_ctx *r, const struct trace_path *p)
{
	if (!p->seed.is_tx || p->nhops == 0) {
		return &p->seed.address;
	}
	return r->q->direction == TRACE_BACKWARD ? &p->hops[0].to :
	    &p->hops[0].from;
}

int
report_transfer_cmp(const struct trace_transfer *a,
    const struct trace_transfer *b)
{
	int c;

	if (a->block != b->block) {
		return a->block < b->block ? -1 : 1;
	}
	if (a->tx_index != b->tx_index) {
		return a->tx_index < b->tx_index ? -1 : 1;
	}
	if (a->order != b->order) {
		return a->order < b->order ? -1 : 1;
	}
	c = memcmp(a->tx_hash.b, b->tx_hash.b, sizeof(a->tx_hash.b));
	if (c == 0) {
		c = memcmp(a->from.b, b->from.b, sizeof(a->from.b));
	}
	if (c == 0) {
		c = memcmp(a->to.b, b->to.b, sizeof(a->to.b));
	}
	if (c == 0) {
		c = memcmp(a->asset.b, b->asset.b, sizeof(a->asset.b));
	}
	if (c == 0) {
		c = u256_cmp(&a->amount, &b->amount);
	}
	if (c == 0 && a->kind != b->kind) {
		c = a->kind < b->kind ? -1 : 1;
	}
	if (c == 0 && a->timestamp != b->timestamp) {
		c = a->timestamp < b->timestamp ? -1 : 1;
	}
	return c;
}

static int
seed_cmp(const struct trace_seed *a, const struct trace_seed *b)
{
	int c;

	if (a->is_tx != b->is_tx) {
		return a->is_tx ? 1 : -1;
	}
	if (a->is_tx) {
		c = memcmp(a->tx.b, b->tx.b, sizeof(a->tx.b));
	} else {
		c = memcmp(a->address.b, b->address.b, sizeof(a->address.b));
	}
	return c;
}

/*
 * Paths: hits before cash-outs, then by end address, then by their hops
 * from the first (block, tx, position), then by seed, so that the order
 * is total and does not depend on the order the tracer found them in.
 */
static int
path_cmp(const void *pa, const void *pb)
{
	const struct trace_path *a = *(const struct trace_path *const *)pa;
	const struct trace_path *b = *(const struct trace_path *const *)pb;
	size_t i;
	int c;

	if (a->end != b->end) {
		return a->end < b->end ? -1 : 1;
	}
	c = memcmp(a->end_address.b, b->end_address.b,
	    sizeof(a->end_address.b));
	for (i = 0; c == 0 && i < a->nhops && i < b->nhops; i++) {
		c = report_transfer_cmp(&a->hops[i], &b->hops[i]);
	}
	if (c == 0 && a->nhops != b->nhops) {
		c = a->nhops < b->nhops ? -1 : 1;
	}
	if (c == 0) {
		c = seed_cmp(&a->seed, &b->seed);
	}
	if (c == 0) {
		c = memcmp(a->label, b->label, sizeof(a->label));
	}
	if (c == 0) {
		c = memcmp(a->source, b->source, sizeof(a->source));
	}
	if (c == 0 && a->category != b->category) {
		c = a->category < b->category ? -1 : 1;
	}
	for (i = 0; c == 0 && i < a->ntaint && i < b->ntaint && i < 3; i++) {
		c = u256_cmp(&a->taint[i].amount, &b->taint[i].amount);
	}
	return c;
}

/* Stopped entries: by reason, address, then the transfer that led there. */
static int
stopped_cmp(const void *pa, const void *pb)
{
	const struct trace_stopped *a =
	    *(const struct trace_stopped *const *)pa;
	const struct trace_stopped *b =
	    *(const struct trace_stopped *const *)pb;
	int c;

	if (a->reason != b->reason) {
		return a->reason < b->reason ? -1 : 1;
	}
	c = memcmp(a->address.b, b->address.b, sizeof(a->address.b));
	if (c == 0) {
		c = report_transfer_cmp(&a->via, &b->via);
	}
	return c;
}

/* Collect every asset shown, dedupe, and ask the caller about each once. */
static int
add_asset(struct report_ctx *r, size_t *cap, const struct eth_addr *asset,
    struct err *err)
{
	struct report_tok *nt;

	if (report_is_eth(asset)) {
		return 0;
	}
	if (r->ntoks == *cap) {
		*cap = *cap == 0 ? 16 : *cap * 2;
		nt = realloc(r->toks, *cap * sizeof(*nt));
		if (nt == NULL) {
			return err_set(err, ERR_SYS, errno,
			    "cannot write report: %s", strerror(errno));
		}
		r->toks = nt;
	}
	memset(&r->toks[r->ntoks], 0, sizeof(r->toks[0]));
	r->toks[r->ntoks++].asset = *asset;
	return 0;
}

static int
load_tokens(struct report_ctx *r, struct err *err)
{
	const struct trace_query *q = r->q;
	const struct trace_result *res = r->res;
	struct report_token meta;
	size_t cap = 0, i, j, n;
	int rc;

	for (i = 0; i < q->nmin_value && i < TRACE_THRESHOLDS_MAX; i++) {
		if (add_asset(r, &cap, &q->min_value[i].asset, err) < 0) {
			return -1;
		}
	}
	for (i = 0; i < q->ndust && i < TRACE_THRESHOLDS_MAX; i++) {
		if (add_asset(r, &cap, &q->dust[i].asset, err) < 0) {
			return -1;
		}
	}
	for (i = 0; i < res->npaths; i++) {
		for (j = 0; j < res->paths[i].nhops; j++) {
			if (add_asset(r, &cap, &res->paths[i].hops[j].asset,
			    err) < 0) {
				return -1;
			}
		}
		for (j = 0; j < res->paths[i].ntaint && j < 3; j++) {
			if (add_asset(r, &cap, &res->paths[i].taint[j].asset,
			    err) < 0) {
				return -1;
			}
		}
	}
	for (i = 0; i < res->nstopped; i++) {
		if (add_asset(r, &cap, &res->stopped[i].via.asset, err) < 0) {
			return -1;
		}
	}
	if (r->ntoks == 0) {
		return 0;
	}
	qsort(r->toks, r->ntoks, sizeof(*r->toks), tok_cmp);
	for (i = 1, n = 1; i < r->ntoks; i++) {
		if (tok_cmp(&r->toks[i], &r->toks[n - 1]) != 0) {
			r->toks[n++] = r->toks[i];
		}
	}
	r->ntoks = n;
	for (i = 0; i < r->ntoks && r->in->token != NULL; i++) {
		memset(&meta, 0, sizeof(meta));
		rc = r->in->token(r->in->token_ctx, &r->toks[i].asset, &meta,
		    err);
		if (rc < 0) {
			return -1;
		}
		/* u256_to_units takes 0..77 fractional digits */
		if (rc == 1 && meta.decimals <= 77) {
			r->toks[i].known = 1;
			r->toks[i].decimals = meta.decimals;
			report_fixed(r->toks[i].symbol,
			    sizeof(r->toks[i].symbol), meta.symbol,
			    sizeof(meta.symbol));
		}
	}
	return 0;
}

int
report_format_parse(const char *s)
{
	static const char *const names[] = {
		NULL, "text", "json", "csv", "dot", "html"
	};
	size_t i;

	for (i = 1; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(s, names[i]) == 0) {
			return (int)i;
		}
	}
	return -1;
}

int
report_write(FILE *out, enum report_format fmt,
    const struct report_input *in, struct err *err)
{
	struct report_ctx r;
	size_t i;
	int rc = -1, m;

	assert(out != NULL && in != NULL && in->query != NULL &&
	    in->result != NULL);
	memset(&r, 0, sizeof(r));
	r.f = out;
	r.in = in;
	r.q = in->query;
	r.res = in->result;
	for (m = TRACE_POISON; m <= TRACE_FIFO; m <<= 1) {
		if (r.q->models & (unsigned)m) {
			r.models[r.nmodels++] = m;
		}
	}
	r.npaths = r.res->npaths;
	r.nstopped = r.res->nstopped;
	r.paths = calloc(r.npaths + 1, sizeof(*r.paths));
	r.stopped = calloc(r.nstopped + 1, sizeof(*r.stopped));
	if (r.paths == NULL || r.stopped == NULL) {
		err_set(err, ERR_SYS, errno, "cannot write report: %s",
		    strerror(errno));
		goto out;
	}
	for (i = 0; i < r.npaths; i++) {
		r.paths[i] = &r.res->paths[i];
	}
	for (i = 0; i < r.nstopped; i++) {
		r.stopped[i] = &r.res->stopped[i];
	}
	qsort(r.paths, r.npaths, sizeof(*r.paths), path_cmp);
	qsort(r.stopped, r.nstopped, sizeof(*r.stopped), stopped_cmp);
	if (load_tokens(&r, err) < 0) {
		goto out;
	}
	switch (fmt) {
	case REPORT_TEXT:
		rc = report_render_text(&r, err);
		break;
	case REPORT_JSON:
		rc = report_render_json(&r, err);
		break;
	case REPORT_CSV:
		rc = report_render_csv(&r, err);
		break;
	case REPORT_DOT:
		rc = report_render_dot(&r, out, err);
		break;
	case REPORT_HTML:
		rc = report_render_html(&r, err);
		break;
	default:
		err_set(err, ERR_USAGE, 0, "unknown report format %d",
		    (int)fmt);
		break;
	}
	if (rc == 0 && (fflush(out) != 0 || ferror(out))) {
		rc = err_set(err, ERR_SYS, errno, "cannot write report: %s",
		    strerror(errno));
	}
out:
	free(r.paths);
	free(r.stopped);
	free(r.toks);
	return rc;
}
