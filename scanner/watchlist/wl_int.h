/*
 * wl_int.h - what the watchlist importers share inside the module: the
 * in-memory batch a parse fills before the one store transaction, a small
 * hash set, and the parsers of csv.c and ofac.c. Not a public interface.
 */
#ifndef SCANNER_WL_INT_H
#define SCANNER_WL_INT_H

#include <stddef.h>
#include <stdint.h>

#include "wl.h"

#define WL_LINE_MAX	65536u		/* bytes of one CSV/lines line */
#define WL_FILE_MAX	(1u << 30)	/* bytes of a file read whole */

/* A set of indices into some array, by caller-computed 32-bit hash. */
struct wl_set {
	uint32_t	*hash;		/* cap of them */
	uint32_t	*idx;		/* index + 1; 0 is an empty slot */
	size_t		 cap;		/* power of two, or 0 */
	size_t		 n;
};

/* Returns: 1 if element idx is the one looked for. */
typedef int (*wl_set_eq_fn)(void *ctx, size_t idx);

void	wl_set_release(struct wl_set *s);
/*
 * Returns: the index of the element with hash h that eq accepts, or
 *          (size_t)-1 when there is none.
 */
size_t	wl_set_find(const struct wl_set *s, uint32_t h, wl_set_eq_fn eq,
	    void *ctx);
/* Add index idx under hash h. Returns: 0; -1 (ERR_SYS) out of memory. */
int	wl_set_add(struct wl_set *s, uint32_t h, size_t idx, struct err *err);

/*
 * Make room for element n of the array *arrp (a pointer to any array
 * pointer) of *cap elements of size bytes, doubling it.
 * Returns: 0; -1 out of memory (the array as it was).
 */
int	wl_grow(void *arrp, size_t *cap, size_t n, size_t size);

/* Returns: 1 if s is "0x" + 40 hex digits (EVM form, either case). */
int	wl_evm_form(const char *s, size_t n);

/* FNV-1a over bytes, continuing from h (start with WL_HASH_INIT). */
#define WL_HASH_INIT	2166136261u
uint32_t wl_hash(uint32_t h, const void *p, size_t n);

/* One listing being imported; strings are offsets into the batch pool. */
struct wl_item {
	struct addr	 a;
	uint8_t		 category;
	int32_t		 listed_on;
	int32_t		 delisted_on;
	size_t		 label;		/* offset in pool, NUL-terminated */
	size_t		 reference;
	uint32_t	 file;		/* index into names, for messages */
	uint32_t	 line;
};

/* Every listing of one import, parsed before anything is written. */
struct wl_batch {
	struct wl_item	*v;
	size_t		 n, cap;
	char		*pool;		/* strings; offset 0 is "" */
	size_t		 plen, pcap;
	struct wl_set	 dup;		/* csv/lines duplicate check */
	const char	*const *names;	/* file names, for messages */
	int		 category;	/* opts->category, or -1 */
	wl_warn_fn	 warn;
	void		*warn_ctx;
	size_t		 rows;
	size_t		 warnings;
	size_t		 delisted;
	int32_t		 issued;
};

int	wl_batch_init(struct wl_batch *b, struct err *err);
void	wl_batch_release(struct wl_batch *b);
/* Copy n bytes and a NUL into the pool. Returns: offset, or -1. */
long	wl_batch_str(struct wl_batch *b, const char *s, size_t n,
	    struct err *err);
/* Append it (strings already in the pool). Returns: 0; -1 (ERR_SYS). */
int	wl_batch_push(struct wl_batch *b, const struct wl_item *it,
	    struct err *err);
/*
 * For csv and lines: append it unless the same address, category, label
 * and listed_on is already there, which is an error naming both lines.
 * Returns: 0; -1 with err ("FILE:LINE: duplicate of line N").
 */
int	wl_batch_add_unique(struct wl_batch *b, const struct wl_item *it,
	    struct err *err);
/* Count a warning and pass "FILE:LINE: msg" to the callback. */
void	wl_batch_warn(struct wl_batch *b, const char *name, unsigned long line,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * Copy s into out (cap bytes) for a message: at most 64 characters (then
 * "..."), control bytes and quotes shown as '?'. Returns: out.
 */
const char *wl_quote(char *out, size_t cap, const char *s, size_t n);

/*
 * Check text input before parsing it: no NUL byte, valid UTF-8, no line
 * longer than WL_LINE_MAX. Returns: 0; -1 with "NAME:LINE: reason".
 */
int	wl_text_check(const char *name, const char *buf, size_t len,
	    struct err *err);

/*
 * Parse a CSV (RFC 4180, header row) or a one-address-a-line file into b,
 * as file number file of b->names. Returns: 0; -1 with "NAME:LINE: ..."
 * (ERR_INPUT) or ERR_SYS.
 */
int	wl_csv_parse(struct wl_batch *b, uint32_t file, const char *buf,
	    size_t len, struct err *err);
int	wl_lines_parse(struct wl_batch *b, uint32_t file, const char *buf,
	    size_t len, struct err *err);

/* Returns: 1 if the first line of buf is a CSV header naming address. */
int	wl_csv_sniff(const char *buf, size_t len);

/*
 * OFAC sdn_advanced.xml, streamed: create, feed the bytes in chunks (the
 * last with final set), then finish, which merges with what the store
 * holds for source (delisting) and fills b.
 */
struct wl_ofac;

int	wl_ofac_create(struct wl_ofac **out, struct wl_batch *b, uint32_t file,
	    struct err *err);
void	wl_ofac_destroy(struct wl_ofac *o);
int	wl_ofac_feed(struct wl_ofac *o, const char *buf, size_t len,
	    int final, struct err *err);
int	wl_ofac_finish(struct wl_ofac *o, struct store *st,
	    const char *source, struct err *err);

#endif
