/*
 * decode_trace.c - call traces into struct eth_traces: geth's callTracer
 * (nested frames, walked with an explicit stack so that a hostile depth
 * cannot overflow ours) and Parity's trace_block (flat frames placed by
 * traceAddress, whose nesting is checked).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "decode.h"
#include "decode_int.h"

struct kind_name {
	const char	*name;
	uint8_t		 kind;
};

static const struct kind_name geth_kinds[] = {
	{ "CALL", ETH_CALL_CALL },
	{ "DELEGATECALL", ETH_CALL_DELEGATECALL },
	{ "STATICCALL", ETH_CALL_STATICCALL },
	{ "CALLCODE", ETH_CALL_CALLCODE },
	{ "CREATE", ETH_CALL_CREATE },
	{ "CREATE2", ETH_CALL_CREATE2 },
	{ "SELFDESTRUCT", ETH_CALL_SELFDESTRUCT },
};

static const struct kind_name parity_calls[] = {
	{ "call", ETH_CALL_CALL },
	{ "delegatecall", ETH_CALL_DELEGATECALL },
	{ "staticcall", ETH_CALL_STATICCALL },
	{ "callcode", ETH_CALL_CALLCODE },
};

/* Frames grow here, then move into the arena in one piece. */
struct cvec {
	struct eth_call	*v;
	size_t		 n, cap;
};

/* One open geth frame: its sub-calls and the next one to visit. */
struct walk {
	const json_t	*calls;
	size_t		 next;
	size_t		 idx;		/* in the cvec */
};

/* One open Parity frame: children seen against those announced. */
struct open_frame {
	size_t		 idx;
	uint64_t	 children;
	uint64_t	 subtraces;
};

static int
lookup(const json_t *v, const struct kind_name *t, size_t n, int nocase,
    uint8_t *kind)
{
	const char *s;
	size_t i;

	if (!json_is_string(v)) {
		return -1;
	}
	s = json_string_value(v);
	if (strlen(s) != json_string_length(v)) {
		return -1;
	}
	for (i = 0; i < n; i++) {
		if ((nocase ? strcasecmp(s, t[i].name) :
		    strcmp(s, t[i].name)) == 0) {
			*kind = t[i].kind;
			return 0;
		}
	}
	return -1;
}

static struct eth_call *
cvec_add(struct decode_ctx *c, struct cvec *cv)
{
	struct eth_call *nv;
	size_t ncap;

	if (c->a->cap != 0 && cv->n >= c->a->cap / sizeof(*nv)) {
		decode_fail(c, "decoded frames exceed the cap of %zu bytes",
		    c->a->cap);
		return NULL;
	}
	if (cv->n == cv->cap) {
		ncap = cv->cap != 0 ? 2 * cv->cap : 64;
		if (ncap > SIZE_MAX / sizeof(*nv)) {
			decode_fail(c, "too many frames");
			return NULL;
		}
		nv = realloc(cv->v, ncap * sizeof(*nv));
		if (nv == NULL) {
			err_set(c->err, ERR_SYS, ENOMEM, "%s: out of memory",
			    c->method);
			return NULL;
		}
		cv->v = nv;
		cv->cap = ncap;
	}
	nv = &cv->v[cv->n++];
	memset(nv, 0, sizeof(*nv));
	return nv;
}

static int
cvec_finish(struct decode_ctx *c, struct eth_traces *t, struct cvec *cv)
{
	if (cv->n == 0) {
		return 0;
	}
	t->c = decode_alloc_array(c, cv->n, sizeof(*t->c));
	if (t->c == NULL) {
		return -1;
	}
	memcpy(t->c, cv->v, cv->n * sizeof(*t->c));
	t->n = cv->n;
	return 0;
}

static int
set_path(struct decode_ctx *c, struct eth_call *f, const uint32_t *path,
    size_t depth)
{
	uint32_t *ta;

	f->depth = (uint16_t)depth;
	if (depth == 0) {
		return 0;
	}
	ta = decode_alloc_array(c, depth, sizeof(*ta));
	if (ta == NULL) {
		return -1;
	}
	memcpy(ta, path, depth * sizeof(*ta));
	f->trace_address = ta;
	f->trace_address_len = (uint16_t)depth;
	return 0;
}

/* An "error" member marks the frame reverted; it must be text. */
static int
get_error(struct decode_ctx *c, const json_t *o, int *failed)
{
	const json_t *e = decode_opt(o, "error");

	*failed = 0;
	if (e == NULL) {
		return 0;
	}
	if (!json_is_string(e)) {
		decode_push_key(c, "error");
		return decode_fail_got(c, e, "an error message");
	}
	*failed = 1;
	return 0;
}

/* ---- geth callTracer ---- */

/*
 * Old geth sends SELFDESTRUCT frames as {"type"} alone: the contract that
 * destroyed itself is the parent's address context (its caller's for a
 * DELEGATECALL or CALLCODE, else its callee).
 */
static int
selfdestruct_from(struct decode_ctx *c, struct eth_call *f,
    const struct eth_call *p)
{
	if (p != NULL && (p->kind == ETH_CALL_DELEGATECALL ||
	    p->kind == ETH_CALL_CALLCODE)) {
		f->from = p->from;
		return 0;
	}
	if (p != NULL && p->has_to) {
		f->from = p->to;
		return 0;
	}
	decode_push_key(c, "from");
	return decode_fail(c, "missing");
}

static int
geth_fields(struct decode_ctx *c, struct cvec *cv, const json_t *o,
    size_t parent, const json_t **calls)
{
	struct eth_call *f = &cv->v[cv->n - 1];
	const struct eth_call *p = parent != SIZE_MAX ? &cv->v[parent] : NULL;
	const json_t *v;
	int failed;

	v = decode_opt(o, "from");
	if (v != NULL) {
		if (decode_get_addr(c, o, "from", &f->from) != 0) {
			return -1;
		}
	} else if (f->kind != ETH_CALL_SELFDESTRUCT) {
		decode_push_key(c, "from");
		return decode_fail(c, "missing");
	} else if (selfdestruct_from(c, f, p) != 0) {
		return -1;
	}
	/* A failed CREATE has no contract, a SELFDESTRUCT of old geth
	   no beneficiary; every call has a callee. */
	if (decode_get_addr_opt(c, o, "to", &f->to, &f->has_to) != 0 ||
	    decode_get_u256_opt(c, o, "value", &f->value,
	    &f->has_value) != 0 || get_error(c, o, &failed) != 0) {
		return -1;
	}
	if (!f->has_to && f->kind <= ETH_CALL_CALLCODE) {
		decode_push_key(c, "to");
		return decode_fail_got(c, json_object_get(o, "to"),
		    "a 20-byte address");
	}
	f->failed = failed || (p != NULL && p->failed);
	v = decode_opt(o, "calls");
	if (v != NULL && !json_is_array(v)) {
		decode_push_key(c, "calls");
		return decode_fail_got(c, v, "an array of call frames");
	}
	*calls = v;
	return 0;
}

static int
geth_frame(struct decode_ctx *c, struct cvec *cv, const json_t *o,
    const uint32_t *path, size_t depth, size_t parent, uint32_t tx_index,
    const struct eth_hash *tx_hash, const json_t **calls)
{
	struct eth_call *f;
	uint8_t kind;

	decode_push_frame(c, path, depth);
	if (!json_is_object(o)) {
		return decode_fail_got(c, o, "a call frame object");
	}
	if (lookup(json_object_get(o, "type"), geth_kinds,
	    sizeof(geth_kinds) / sizeof(geth_kinds[0]), 1, &kind) != 0) {
		decode_push_key(c, "type");
		return decode_fail_got(c, json_object_get(o, "type"),
		    "a call type (CALL, DELEGATECALL, STATICCALL, CALLCODE, "
		    "CREATE, CREATE2, SELFDESTRUCT)");
	}
	f = cvec_add(c, cv);
	if (f == NULL) {
		return -1;
	}
	f->kind = kind;
	f->tx_index = tx_index;
	if (tx_hash != NULL) {
		f->tx_hash = *tx_hash;
		f->has_tx_hash = 1;
	}
	if (set_path(c, f, path, depth) != 0 ||
	    geth_fields(c, cv, o, parent, calls) != 0) {
		return -1;
	}
	decode_pop(c);
	return 0;
}

/* One transaction's frames in pre-order, without recursion. */
static int
geth_walk(struct decode_ctx *c, struct cvec *cv, struct walk *st,
    uint32_t *path, const json_t *top, uint32_t tx_index,
    const struct eth_hash *tx_hash)
{
	const json_t *calls, *child;
	struct walk *w;
	size_t sp;

	if (geth_frame(c, cv, top, path, 0, SIZE_MAX, tx_index, tx_hash,
	    &calls) != 0) {
		return -1;
	}
	st[0].calls = calls;
	st[0].next = 0;
	st[0].idx = cv->n - 1;
	sp = 1;
	while (sp > 0) {
		w = &st[sp - 1];
		if (w->calls == NULL || w->next >= json_array_size(w->calls)) {
			sp--;
			continue;
		}
		if (sp > DECODE_MAX_DEPTH || w->next > UINT32_MAX) {
			decode_push_frame(c, path, sp - 1);
			return decode_fail(c, "calls nested deeper than %d "
			    "frames", DECODE_MAX_DEPTH);
		}
		path[sp - 1] = (uint32_t)w->next;
		child = json_array_get(w->calls, w->next);
		w->next++;
		if (geth_frame(c, cv, child, path, sp, w->idx, tx_index,
		    tx_hash, &calls) != 0) {
			return -1;
		}
		st[sp].calls = calls;
		st[sp].next = 0;
		st[sp].idx = cv->n - 1;
		sp++;
	}
	return 0;
}

static int
walk_alloc(struct decode_ctx *c, struct walk **st, uint32_t **path)
{
	*st = malloc((DECODE_MAX_DEPTH + 1) * sizeof(**st));
	*path = malloc((DECODE_MAX_DEPTH + 1) * sizeof(**path));
	if (*st == NULL || *path == NULL) {
		return err_set(c->err, ERR_SYS, ENOMEM, "%s: out of memory",
		    c->method);
	}
	return 0;
}

/* debug_traceBlockBy*: [{txHash?, result | error}] in tx order. */
static int
geth_block(struct decode_ctx *c, struct cvec *cv, struct walk *st,
    uint32_t *path, const json_t *arr)
{
	const json_t *e, *r, *er, *h;
	struct eth_hash txh;
	char text[104];
	size_t i, n;

	if (!json_is_array(arr)) {
		return decode_fail_got(c, arr, "an array of traces");
	}
	n = json_array_size(arr);
	for (i = 0; i < n; i++) {
		e = json_array_get(arr, i);
		decode_push_idx(c, i);
		if (!json_is_object(e)) {
			return decode_fail_got(c, e, "a trace entry");
		}
		if (i > UINT32_MAX) {
			return decode_fail(c, "too many transactions");
		}
		h = decode_opt(e, "txHash");
		if (h != NULL && decode_get_hash(c, e, "txHash", &txh) != 0) {
			return -1;
		}
		r = decode_opt(e, "result");
		er = decode_opt(e, "error");
		if (r == NULL && json_is_string(er)) {
			/* The node failed to trace it: its failure, not a
			   malformed answer. */
			decode_clean(text, sizeof(text), json_string_value(er),
			    json_string_length(er), 100);
			decode_fail(c, "node could not trace the transaction: "
			    "%s", text);
			c->err->code = ERR_NET;
			return -1;
		}
		decode_push_key(c, "result");
		if (geth_walk(c, cv, st, path, json_object_get(e, "result"),
		    (uint32_t)i, h != NULL ? &txh : NULL) != 0) {
			return -1;
		}
		decode_pop(c);
		decode_pop(c);
	}
	return 0;
}

int
decode_traces_geth(struct eth_traces *t, const json_t *result,
    const struct decode_opts *o, struct err *err)
{
	struct decode_ctx c;
	struct cvec cv = { NULL, 0, 0 };
	struct walk *st = NULL;
	uint32_t *path = NULL;
	int rc = -1;

	memset(t, 0, sizeof(*t));
	if (result == NULL || json_is_null(result)) {
		return 0;
	}
	arena_init(&t->arena, decode_ctx_cap(o));
	decode_ctx_init(&c, err, o, "debug_traceBlockByNumber", &t->arena);
	if (walk_alloc(&c, &st, &path) != 0 ||
	    geth_block(&c, &cv, st, path, result) != 0 ||
	    cvec_finish(&c, t, &cv) != 0) {
		eth_traces_release(t);
		goto out;
	}
	rc = 1;
out:
	free(cv.v);
	free(st);
	free(path);
	return rc;
}

int
decode_trace_geth_tx(struct eth_traces *t, const json_t *result,
    uint32_t tx_index, const struct eth_hash *tx_hash,
    const struct decode_opts *o, struct err *err)
{
	struct decode_ctx c;
	struct cvec cv = { NULL, 0, 0 };
	struct walk *st = NULL;
	uint32_t *path = NULL;
	int rc = -1;

	memset(t, 0, sizeof(*t));
	if (result == NULL || json_is_null(result)) {
		return 0;
	}
	arena_init(&t->arena, decode_ctx_cap(o));
	decode_ctx_init(&c, err, o, "debug_traceTransaction", &t->arena);
	if (walk_alloc(&c, &st, &path) != 0 ||
	    geth_walk(&c, &cv, st, path, result, tx_index, tx_hash) != 0 ||
	    cvec_finish(&c, t, &cv) != 0) {
		eth_traces_release(t);
		goto out;
	}
	rc = 1;
out:
	free(cv.v);
	free(st);
	free(path);
	return rc;
}

/* ---- Parity trace_block ---- */

static int
parity_call(struct decode_ctx *c, struct eth_call *f, const json_t *act)
{
	if (lookup(json_object_get(act, "callType"), parity_calls,
	    sizeof(parity_calls) / sizeof(parity_calls[0]), 0,
	    &f->kind) != 0) {
		decode_push_key(c, "callType");
		return decode_fail_got(c, json_object_get(act, "callType"),
		    "call, delegatecall, staticcall or callcode");
	}
	if (decode_get_addr(c, act, "from", &f->from) != 0 ||
	    decode_get_addr(c, act, "to", &f->to) != 0 ||
	    decode_get_u256_opt(c, act, "value", &f->value,
	    &f->has_value) != 0) {
		return -1;
	}
	f->has_to = 1;
	return 0;
}

static int
parity_create(struct decode_ctx *c, struct eth_call *f, const json_t *act)
{
	const json_t *m = decode_opt(act, "creationMethod");

	f->kind = ETH_CALL_CREATE;
	if (json_is_string(m) && strcmp(json_string_value(m),
	    "create2") == 0) {
		f->kind = ETH_CALL_CREATE2;
	}
	return decode_get_addr(c, act, "from", &f->from) != 0 ||
	    decode_get_u256_opt(c, act, "value", &f->value,
	    &f->has_value) != 0 ? -1 : 0;
}

/* The contract a create made is in result; a failed create has none. */
static int
parity_created(struct decode_ctx *c, struct eth_call *f, const json_t *o)
{
	const json_t *r = decode_opt(o, "result");

	if (r == NULL) {
		return 0;
	}
	decode_push_key(c, "result");
	if (!json_is_object(r)) {
		return decode_fail_got(c, r, "an object");
	}
	if (decode_get_addr_opt(c, r, "address", &f->to, &f->has_to) != 0) {
		return -1;
	}
	decode_pop(c);
	return 0;
}

static int
parity_action(struct decode_ctx *c, struct eth_call *f, const json_t *o)
{
	const json_t *type = json_object_get(o, "type"), *act;
	const char *s;

	if (!json_is_string(type)) {
		decode_push_key(c, "type");
		return decode_fail_got(c, type, "call, create, suicide or "
		    "reward");
	}
	s = json_string_value(type);
	act = json_object_get(o, "action");
	decode_push_key(c, "action");
	if (!json_is_object(act)) {
		return decode_fail_got(c, act, "an object");
	}
	if (strcmp(s, "call") == 0) {
		if (parity_call(c, f, act) != 0) {
			return -1;
		}
	} else if (strcmp(s, "create") == 0) {
		if (parity_create(c, f, act) != 0) {
			return -1;
		}
	} else if (strcmp(s, "suicide") == 0) {
		f->kind = ETH_CALL_SELFDESTRUCT;
		if (decode_get_addr(c, act, "address", &f->from) != 0 ||
		    decode_get_addr(c, act, "refundAddress", &f->to) != 0 ||
		    decode_get_u256(c, act, "balance", &f->value) != 0) {
			return -1;
		}
		f->has_to = 1;
		f->has_value = 1;
	} else if (strcmp(s, "reward") == 0) {
		/* New issuance: no sender. */
		f->kind = ETH_CALL_REWARD;
		if (decode_get_addr(c, act, "author", &f->to) != 0 ||
		    decode_get_u256(c, act, "value", &f->value) != 0) {
			return -1;
		}
		f->has_to = 1;
		f->has_value = 1;
	} else {
		decode_pop(c);
		decode_push_key(c, "type");
		return decode_fail_got(c, type, "call, create, suicide or "
		    "reward");
	}
	decode_pop(c);
	return f->kind == ETH_CALL_CREATE || f->kind == ETH_CALL_CREATE2 ?
	    parity_created(c, f, o) : 0;
}

static int
parity_path(struct decode_ctx *c, struct eth_call *f, const json_t *o,
    uint32_t *path)
{
	const json_t *ta = json_object_get(o, "traceAddress"), *e;
	size_t i, n;
	json_int_t x;

	decode_push_key(c, "traceAddress");
	if (!json_is_array(ta)) {
		return decode_fail_got(c, ta, "an array");
	}
	n = json_array_size(ta);
	if (n > DECODE_MAX_DEPTH) {
		return decode_fail(c, "calls nested deeper than %d frames",
		    DECODE_MAX_DEPTH);
	}
	for (i = 0; i < n; i++) {
		e = json_array_get(ta, i);
		x = json_is_integer(e) ? json_integer_value(e) : -1;
		if (x < 0 || x > UINT32_MAX) {
			decode_push_idx(c, i);
			return decode_fail_got(c, e, "a sub-call index");
		}
		path[i] = (uint32_t)x;
	}
	decode_pop(c);
	return set_path(c, f, path, n);
}

/* Which transaction: transactionHash / transactionPosition. */
static int
parity_tx(struct decode_ctx *c, struct eth_call *f, const json_t *o)
{
	const json_t *h = decode_opt(o, "transactionHash"),
	    *p = decode_opt(o, "transactionPosition");
	uint64_t x;

	f->tx_index = ETH_CALL_NO_TX;
	if (f->kind == ETH_CALL_REWARD) {
		if (h != NULL || p != NULL) {
			return decode_fail(c, "a reward with a transaction");
		}
		return 0;
	}
	if (h != NULL) {
		if (decode_get_hash(c, o, "transactionHash", &f->tx_hash) != 0) {
			return -1;
		}
		f->has_tx_hash = 1;
	}
	if (p != NULL) {
		decode_push_key(c, "transactionPosition");
		if (decode_rd_num_u64(c, p, &x) != 0) {
			return -1;
		}
		if (x >= UINT32_MAX) {
			return decode_fail_got(c, p, "a position below 2^32-1");
		}
		decode_pop(c);
		f->tx_index = (uint32_t)x;
	}
	return 0;
}

/* All frames are of one block: the caller's, else the first frame's. */
static int
parity_block(struct decode_ctx *c, const json_t *o, int first)
{
	const json_t *v = decode_opt(o, "blockNumber");
	uint64_t n;

	if (v == NULL) {
		return 0;
	}
	decode_push_key(c, "blockNumber");
	if (decode_rd_num_u64(c, v, &n) != 0) {
		return -1;
	}
	if (first && !c->has_block) {
		c->has_block = 1;
		c->block = n;
	} else if (n != c->block) {
		return decode_fail(c, "%" PRIu64 " is another block", n);
	}
	decode_pop(c);
	return 0;
}

static int
parity_frame(struct decode_ctx *c, struct eth_call *f, const json_t *o,
    uint32_t *path, int first, int *own_error, uint64_t *subtraces)
{
	if (!json_is_object(o)) {
		return decode_fail_got(c, o, "a trace object");
	}
	if (parity_block(c, o, first) != 0 ||
	    parity_action(c, f, o) != 0 ||
	    parity_tx(c, f, o) != 0 ||
	    get_error(c, o, own_error) != 0 ||
	    parity_path(c, f, o, path) != 0) {
		return -1;
	}
	decode_push_key(c, "subtraces");
	if (decode_rd_num_u64(c, json_object_get(o, "subtraces"),
	    subtraces) != 0) {
		return -1;
	}
	decode_pop(c);
	return 0;
}

/* Close the open frames deeper than depth: each had all its children. */
static int
close_frames(struct decode_ctx *c, struct open_frame *st, size_t *sp,
    size_t depth)
{
	struct open_frame *e;

	while (*sp > depth) {
		e = &st[*sp - 1];
		if (e->children != e->subtraces) {
			decode_push_idx(c, e->idx);
			return decode_fail(c, "subtraces is %" PRIu64 " but %"
			    PRIu64 " sub-calls follow", e->subtraces,
			    e->children);
		}
		(*sp)--;
	}
	return 0;
}

static int
same_tx(const struct eth_call *a, const struct eth_call *b)
{
	return a->tx_index == b->tx_index && a->has_tx_hash == b->has_tx_hash &&
	    memcmp(&a->tx_hash, &b->tx_hash, sizeof(a->tx_hash)) == 0;
}

/* Pre-order: a frame at depth d > 0 is the next child of the open
   frame at depth d - 1, whose path it extends. */
static int
parity_place(struct decode_ctx *c, struct cvec *cv, struct open_frame *st,
    size_t *sp, int own_error)
{
	struct eth_call *f = &cv->v[cv->n - 1];
	const struct eth_call *p;
	size_t d = f->trace_address_len;

	if (close_frames(c, st, sp, d) != 0) {
		return -1;
	}
	decode_push_idx(c, cv->n - 1);
	if (d == 0) {
		f->failed = own_error;
	} else {
		if (*sp < d) {
			return decode_fail(c, "traceAddress has no parent "
			    "frame before it");
		}
		p = &cv->v[st[d - 1].idx];
		if (!same_tx(p, f)) {
			return decode_fail(c, "not in its parent frame's "
			    "transaction");
		}
		if ((d > 1 && memcmp(p->trace_address, f->trace_address,
		    (d - 1) * sizeof(uint32_t)) != 0) ||
		    f->trace_address[d - 1] != st[d - 1].children) {
			return decode_fail(c, "traceAddress out of order");
		}
		st[d - 1].children++;
		f->failed = own_error || p->failed;
	}
	decode_pop(c);
	return 0;
}

static int
parity_all(struct decode_ctx *c, struct cvec *cv, struct open_frame *st,
    uint32_t *path, const json_t *arr)
{
	struct eth_call *f;
	uint64_t subtraces;
	size_t i, n, sp = 0;
	int own_error = 0;

	if (!json_is_array(arr)) {
		return decode_fail_got(c, arr, "an array of traces");
	}
	n = json_array_size(arr);
	for (i = 0; i < n; i++) {
		f = cvec_add(c, cv);
		if (f == NULL) {
			return -1;
		}
		decode_push_idx(c, i);
		if (parity_frame(c, f, json_array_get(arr, i), path, i == 0,
		    &own_error, &subtraces) != 0) {
			return -1;
		}
		decode_pop(c);
		if (parity_place(c, cv, st, &sp, own_error) != 0) {
			return -1;
		}
		st[sp].idx = i;
		st[sp].children = 0;
		st[sp].subtraces = subtraces;
		sp++;
	}
	return close_frames(c, st, &sp, 0);
}

int
decode_traces_parity(struct eth_traces *t, const json_t *result,
    const struct decode_opts *o, struct err *err)
{
	struct decode_ctx c;
	struct cvec cv = { NULL, 0, 0 };
	struct open_frame *st = NULL;
	uint32_t *path = NULL;
	int rc = -1;

	memset(t, 0, sizeof(*t));
	if (result == NULL || json_is_null(result)) {
		return 0;
	}
	arena_init(&t->arena, decode_ctx_cap(o));
	decode_ctx_init(&c, err, o, "trace_block", &t->arena);
	st = malloc((DECODE_MAX_DEPTH + 1) * sizeof(*st));
	path = malloc((DECODE_MAX_DEPTH + 1) * sizeof(*path));
	if (st == NULL || path == NULL) {
		err_set(err, ERR_SYS, ENOMEM, "%s: out of memory", c.method);
		eth_traces_release(t);
		goto out;
	}
	if (parity_all(&c, &cv, st, path, result) != 0 ||
	    cvec_finish(&c, t, &cv) != 0) {
		eth_traces_release(t);
		goto out;
	}
	rc = 1;
out:
	free(cv.v);
	free(st);
	free(path);
	return rc;
}

/* ---- text wrappers ---- */

int
decode_traces_geth_text(struct eth_traces *t, const char *text, size_t len,
    const struct decode_opts *o, struct err *err)
{
	json_t *r;
	int rc;

	memset(t, 0, sizeof(*t));
	rc = decode_parse(&r, text, len,
	    decode_method_or(o, "debug_traceBlockByNumber"), err);
	if (rc == 1) {
		rc = decode_traces_geth(t, r, o, err);
		json_decref(r);
	}
	return rc;
}

int
decode_trace_geth_tx_text(struct eth_traces *t, const char *text,
    size_t len, uint32_t tx_index, const struct eth_hash *tx_hash,
    const struct decode_opts *o, struct err *err)
{
	json_t *r;
	int rc;

	memset(t, 0, sizeof(*t));
	rc = decode_parse(&r, text, len,
	    decode_method_or(o, "debug_traceTransaction"), err);
	if (rc == 1) {
		rc = decode_trace_geth_tx(t, r, tx_index, tx_hash, o, err);
		json_decref(r);
	}
	return rc;
}

int
decode_traces_parity_text(struct eth_traces *t, const char *text,
    size_t len, const struct decode_opts *o, struct err *err)
{
	json_t *r;
	int rc;

	memset(t, 0, sizeof(*t));
	rc = decode_parse(&r, text, len, decode_method_or(o, "trace_block"),
	    err);
	if (rc == 1) {
		rc = decode_traces_parity(t, r, o, err);
		json_decref(r);
	}
	return rc;
}
