/*
 * rlp.h - Recursive Length Prefix codec (Yellow Paper, appendix B).
 * The decoder is strict: every non-canonical encoding is an error. The
 * encoder writes into a caller buffer, only counts, or streams into a
 * Keccak-256 state. Nothing here allocates, prints or exits.
 */
#ifndef SCANNER_RLP_H
#define SCANNER_RLP_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "hash.h"
#include "u256.h"

/* Lists nested deeper than this are refused by rlp_check(). */
#define RLP_DEPTH_MAX	64

struct rlp_item {
	const uint8_t	*data;		/* payload, borrowed from the input */
	size_t		 len;
	int		 is_list;
};

/* Walks the items of a list payload in order. */
struct rlp_iter {
	const uint8_t	*p;
	size_t		 left;
};

/*
 * Decode the item at the start of `in`.
 * Returns: 0 on success; -1 with ERR_INPUT on malformed input (err says
 *          why): truncated input, a length with leading zero bytes, a long
 *          form for a length below 56, a single byte below 0x80 written as
 *          0x81 xx, a length past the end of the input.
 * Out:     item: view valid as long as `in` is; used: bytes consumed
 *          (may be NULL).
 */
int	rlp_decode(struct rlp_item *item, size_t *used,
	    const uint8_t *in, size_t inlen, struct err *err);

/*
 * Decode `in` as exactly one item and check every item nested in it
 * (down to RLP_DEPTH_MAX levels) with the same rules.
 * Returns: 0; -1 with ERR_INPUT on malformed input or trailing bytes.
 * Out:     item (may be NULL): the top item, valid as long as `in` is.
 */
int	rlp_check(struct rlp_item *item, const uint8_t *in, size_t inlen,
	    struct err *err);

/* Start walking the items of list. */
void	rlp_iter_init(struct rlp_iter *it, const struct rlp_item *list);

/*
 * Take the next item of the list.
 * Returns: 1 item taken; 0 end of the list; -1 malformed item (ERR_INPUT).
 */
int	rlp_iter_next(struct rlp_iter *it, struct rlp_item *item,
	    struct err *err);

/*
 * Count the items of a list (each decoded, not descended into).
 * Returns: 0; -1 if an item is malformed or list is not a list.
 */
int	rlp_list_count(const struct rlp_item *list, size_t *n,
	    struct err *err);

/*
 * Read an item as a scalar. Integers are canonical: a string of at most
 * 8 (u64) or 32 (u256) bytes without leading zero bytes (0 is the empty
 * string). rlp_get_fixed wants a string of exactly n bytes.
 * Returns: 0; -1 with ERR_INPUT when item is a list, too long, or not
 *          canonical; err names what (e.g. "leading zero in integer").
 */
int	rlp_get_u64(uint64_t *v, const struct rlp_item *item,
	    struct err *err);
int	rlp_get_u256(struct u256 *v, const struct rlp_item *item,
	    struct err *err);
int	rlp_get_fixed(uint8_t *out, size_t n, const struct rlp_item *item,
	    struct err *err);

/*
 * Encoded sizes, header included: of a byte string, of an integer (its
 * minimal big-endian bytes as a string), and of a list whose items take
 * payload bytes.
 */
size_t	rlp_bytes_size(const uint8_t *p, size_t n);
size_t	rlp_uint_size(uint64_t v);
size_t	rlp_u256_size(const struct u256 *v);
size_t	rlp_list_size(size_t payload);

/*
 * An output for the rlp_put_* calls. Three kinds:
 *   buffer: rlp_writer_init(w, buf, cap) writes into buf; like snprintf,
 *           len keeps counting past cap and nothing is written past it
 *           (rlp_writer_overflow() tells);
 *   count:  rlp_writer_init(w, NULL, 0) only counts (first pass);
 *   hash:   rlp_writer_init_keccak(w, k) feeds every byte to k.
 */
struct rlp_writer {
	uint8_t			*buf;
	size_t			 cap;
	size_t			 len;		/* bytes produced so far */
	struct hash_keccak	*keccak;
};

void	rlp_writer_init(struct rlp_writer *w, uint8_t *buf, size_t cap);
void	rlp_writer_init_keccak(struct rlp_writer *w, struct hash_keccak *k);
/* Returns: 1 if a buffer writer was given more than cap bytes, else 0. */
int	rlp_writer_overflow(const struct rlp_writer *w);

/* Already-encoded bytes (or a type byte), copied as they are. */
void	rlp_put_raw(struct rlp_writer *w, const void *p, size_t n);
/* A byte string. */
void	rlp_put_bytes(struct rlp_writer *w, const uint8_t *p, size_t n);
/* An integer as its minimal big-endian bytes (0 is the empty string). */
void	rlp_put_uint(struct rlp_writer *w, uint64_t v);
void	rlp_put_u256(struct rlp_writer *w, const struct u256 *v);
/*
 * The header of a byte string of len bytes that the caller puts next with
 * rlp_put_raw (to stream a long value); not for one byte below 0x80,
 * which is its own encoding (rlp_put_bytes handles that case).
 */
void	rlp_put_string_header(struct rlp_writer *w, size_t len);
/* The header of a list whose items, put next, take payload bytes. */
void	rlp_put_list(struct rlp_writer *w, size_t payload);

#endif
