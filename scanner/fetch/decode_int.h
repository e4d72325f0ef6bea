/*
 * decode_int.h - what decode.c and decode_trace.c share: the decoding
 * context (method, block, the field path for messages, the arena) and the
 * field readers. Not part of the public interface of decode.h.
 */
#ifndef SCANNER_DECODE_INT_H
#define SCANNER_DECODE_INT_H

#include <jansson.h>

#include "decode.h"

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

#endif
