/*
 * decode_int.h - what decode.c and decode_trace.c share: the decoding
 * context (method, block, the field path for messages, the arena) and the
 * field readers. Not part of the public interface of decode.h.
 */
#ifndef SCANNER_DECODE_INT_H
#define SCANNER_DECODE_INT_H

#include <stdint.h>

#include <jansson.h>

#include "decode.h"
#include "jscan.h"

#define DECODE_MAXSEG	12

enum decode_seg_kind {
	DECODE_SEG_KEY,
	DECODE_SEG_IDX,
	DECODE_SEG_FRAME
};

/* One step of the field path shown in messages. */
struct decode_seg {
	enum decode_seg_kind	 kind;
	const char		*key;	/* DECODE_SEG_KEY */
	size_t			 idx;	/* DECODE_SEG_IDX */
	const uint32_t		*path;	/* DECODE_SEG_FRAME: child indices */
	size_t			 len;
};

struct decode_ctx {
	struct err		*err;
	const char		*method;
	int			 has_block;	/* block known, for messages */
	uint64_t		 block;
	struct arena		*a;
	struct decode_seg	 seg[DECODE_MAXSEG];
	int			 nseg;
};

void	decode_ctx_init(struct decode_ctx *c, struct err *err,
	    const struct decode_opts *o, const char *dflt_method,
	    struct arena *a);
/* Returns: the arena cap o asks for (DECODE_ARENA_CAP by default). */
size_t	decode_ctx_cap(const struct decode_opts *o);
/* Returns: o's method, or dflt. */
const char *decode_method_or(const struct decode_opts *o, const char *dflt);

void	decode_push_key(struct decode_ctx *c, const char *key);
void	decode_push_idx(struct decode_ctx *c, size_t idx);
void	decode_push_frame(struct decode_ctx *c, const uint32_t *path,
	    size_t len);
void	decode_pop(struct decode_ctx *c);

/* Record ERR_INPUT "method block N: path: what". Returns: -1. */
int	decode_fail(struct decode_ctx *c, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* "path: expected <what>, got <v>"; v NULL: "path: missing". -1. */
int	decode_fail_got(struct decode_ctx *c, const json_t *v,
	    const char *what);

/* Arena memory; NULL with err set (past the cap: ERR_INPUT; ERR_SYS). */
void	*decode_alloc(struct decode_ctx *c, size_t n);
void	*decode_alloc_array(struct decode_ctx *c, size_t count, size_t size);

/* Take the block number for messages from member k, if it reads. */
void	decode_peek_block(struct decode_ctx *c, const json_t *o,
	    const char *k);
/* Printable ASCII of at most max bytes of s (node text is hostile). */
void	decode_clean(char *out, size_t size, const char *s, size_t n,
	    size_t max);

/* Returns: the member, or NULL when it is absent or null. */
const json_t *decode_opt(const json_t *o, const char *key);

/* Value readers (v NULL is "missing"). Returns: 0; -1 with err set. */
int	decode_rd_u256(struct decode_ctx *c, const json_t *v,
	    struct u256 *out);
int	decode_rd_u64(struct decode_ctx *c, const json_t *v, uint64_t *out);
int	decode_rd_u32(struct decode_ctx *c, const json_t *v, uint32_t *out);
/* A non-negative JSON integer or a hex quantity (Parity positions). */
int	decode_rd_num_u64(struct decode_ctx *c, const json_t *v,
	    uint64_t *out);
int	decode_rd_fixed(struct decode_ctx *c, const json_t *v, uint8_t *out,
	    size_t n, const char *what);
int	decode_rd_hash(struct decode_ctx *c, const json_t *v,
	    struct eth_hash *h);
int	decode_rd_addr(struct decode_ctx *c, const json_t *v,
	    struct eth_addr *a);
/* Variable-length DATA into the arena (never NULL on success). */
int	decode_rd_bytes(struct decode_ctx *c, const json_t *v,
	    const uint8_t **p, size_t *n);

/* Member readers: push the key, read, pop. */
int	decode_get_u256(struct decode_ctx *c, const json_t *o, const char *k,
	    struct u256 *out);
int	decode_get_u64(struct decode_ctx *c, const json_t *o, const char *k,
	    uint64_t *out);
int	decode_get_u32(struct decode_ctx *c, const json_t *o, const char *k,
	    uint32_t *out);
int	decode_get_hash(struct decode_ctx *c, const json_t *o, const char *k,
	    struct eth_hash *h);
int	decode_get_addr(struct decode_ctx *c, const json_t *o, const char *k,
	    struct eth_addr *a);
/* Variable-length DATA member into the arena. */
int	decode_get_bytes(struct decode_ctx *c, const json_t *o, const char *k,
	    const uint8_t **p, size_t *n);
int	decode_get_bloom(struct decode_ctx *c, const json_t *o,
	    uint8_t bloom[256]);
/* A member that must be an array (optional: absent or null gives NULL). */
int	decode_get_array(struct decode_ctx *c, const json_t *o, const char *k,
	    int optional, const json_t **arr);
/* "type": absent is 0 (before EIP-2718); 0x0-0x4 only. */
int	decode_get_type(struct decode_ctx *c, const json_t *o, uint8_t *type);
/* Optional members: absent or null set *has to 0. */
int	decode_get_addr_opt(struct decode_ctx *c, const json_t *o,
	    const char *k, struct eth_addr *a, int *has);
int	decode_get_u256_opt(struct decode_ctx *c, const json_t *o,
	    const char *k, struct u256 *out, int *has);

/* ---- the fast path (decode_fast.c, decode_fast_receipt.c) ---- */

/* Deeper than any block or receipt list needs: those go to jansson. */
#define DECODE_FAST_DEPTH	16
/* What jansson might read differently, or refuse: the fast path gives
   up on a text with any of it (jscan.seen). */
#define DECODE_DOUBT	(JSCAN_F_ESCAPE | JSCAN_F_UTF8 | JSCAN_F_FRAC | \
			 JSCAN_F_EXP | JSCAN_F_BIG)
#define DECODE_BIT(i)	((uint32_t)1 << (i))

/* A growable scratch array, copied to the arena once complete. */
struct decode_vec {
	unsigned char	*p;
	size_t		 n, cap;
};

/* One fast decoding: the scanner, the arena, scratch per list kind. */
struct decode_fast {
	struct jscan	 s;
	struct arena	*a;
	unsigned	 flags;		/* DECODE_* */
	struct decode_vec txs, hashes, access, auths, wds;
	struct decode_vec receipts, logs;
};

/* A member name of an object the fast path reads. */
struct decode_key {
	const char	*s;
	size_t		 n;
};
#define DECODE_KEY(s)	{ s, sizeof(s) - 1 }

/* Called for a known member whose value is a container (just opened):
   read it all. Returns: 0; -1 to give up. */
typedef int decode_member_fn(struct decode_fast *f, void *ctx, int idx,
    const struct jscan_val *v);

/* Start on text (len bytes) into arena a. */
void	decode_fast_init(struct decode_fast *f, struct arena *a,
	    const char *text, size_t len, unsigned flags);
/* Free the scratch (not the arena). */
void	decode_fast_release(struct decode_fast *f);
/* A zeroed element at the end of v; NULL when memory runs out. */
void	*decode_vec_push(struct decode_vec *v, size_t size);
/*
 * v's elements into the arena (n * size bytes, as the jansson path
 * allocates them); v is emptied.
 * Returns: the copy; NULL for none (*n 0) or when the arena refuses
 *          (*n SIZE_MAX).
 */
void	*decode_vec_take(struct decode_fast *f, struct decode_vec *v,
	    size_t size, size_t *n);
/* decode_vec_take into a typed pointer. Returns: 0; -1 when refused. */
#define DECODE_TAKE(f, v, ptr, n)					\
	((ptr) = decode_vec_take((f), (v), sizeof(*(ptr)), (n)),	\
	    *(n) == SIZE_MAX ? -1 : 0)

/* The forms of the readers above, on a value's text (NULL: missing).
   Returns: 0; -1 when the jansson path would refuse it. */
int	decode_fast_fixed(const struct jscan_val *v, uint8_t *out, size_t n);
int	decode_fast_u256(const struct jscan_val *v, struct u256 *out);
int	decode_fast_u64(const struct jscan_val *v, uint64_t *out);
int	decode_fast_u32(const struct jscan_val *v, uint32_t *out);
/* DATA into the arena, len + (len == 0) bytes as decode_rd_bytes. */
int	decode_fast_bytes(struct decode_fast *f, const struct jscan_val *v,
	    const uint8_t **p, size_t *n);

/*
 * The members of an object just opened: known keys (t, nt <= 32) into
 * vals with seen bit i, their containers to fn (or skipped); unknown keys
 * skipped and counted in *unknown (may be NULL). A key twice fails.
 * Returns: 0; -1 to give up.
 */
int	decode_fast_object(struct decode_fast *f, const struct decode_key *t,
	    int nt, struct jscan_val *vals, uint32_t *seen,
	    decode_member_fn *fn, void *ctx, size_t *unknown);
/* Member i as sent (NULL: absent); _opt: NULL when absent or null. */
const struct jscan_val *decode_fast_get(const struct jscan_val *vals,
	    uint32_t seen, int i);
const struct jscan_val *decode_fast_opt(const struct jscan_val *vals,
	    uint32_t seen, int i);

/*
 * The fast path of decode_block_text() (decode_fast.c): the text read in
 * one pass with jscan, no JSON tree. It only accepts what decode_parse()
 * and decode_block() accept, and fills b exactly as they would; anything
 * else it leaves to them.
 * Returns: 1 handled (b owns its arena); 0 not handled (b zeroed, owns
 *          nothing): run the jansson path, which gives the result and
 *          every error message.
 */
int	decode_block_fast(struct eth_block *b, const char *text, size_t len,
	    const struct decode_opts *o);
/* The same for decode_receipts_text(). Returns: 1 handled; 0 not. */
int	decode_receipts_fast(struct eth_receipts *rs, const char *text,
	    size_t len, const struct decode_opts *o);

#endif
