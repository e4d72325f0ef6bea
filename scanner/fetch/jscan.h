/*
 * jscan.h - a zero-copy, one-pass, strict JSON (RFC 8259) pull scanner
 * over a caller's text: values come out in document order as views into
 * the text (strings without their quotes, still escaped), so a decoder
 * can fill its structs without building a tree. Nothing here allocates,
 * prints or unescapes; jansson stays the reference parser (decode.h).
 *
 * Use: jscan_value() reads one value (for an object or array only its
 * opening bracket); jscan_first() / jscan_more() walk a container's
 * elements; jscan_key() reads an object member's key and its colon;
 * jscan_skip() consumes the rest of a container the caller does not
 * want; jscan_end() checks nothing but whitespace follows the document.
 * The first failure sticks: every later call returns -1.
 */
#ifndef SCANNER_JSCAN_H
#define SCANNER_JSCAN_H

#include <stddef.h>

/* Deepest nesting jscan_validate() accepts by default. */
#define JSCAN_MAX_DEPTH		64
/* Keys of one object jscan_skip() checks for duplicates. */
#define JSCAN_KEYS_MAX		64

enum jscan_type {
	JSCAN_NONE = 0,
	JSCAN_OBJECT,
	JSCAN_ARRAY,
	JSCAN_STRING,
	JSCAN_NUMBER,
	JSCAN_TRUE,
	JSCAN_FALSE,
	JSCAN_NULL
};

/* jscan_val.flags, also gathered for the whole text in jscan.seen */
enum {
	JSCAN_F_ESCAPE = 1 << 0,	/* string: has a backslash escape */
	JSCAN_F_UTF8 = 1 << 1,		/* string: has non-ASCII (valid
					   UTF-8) */
	JSCAN_F_FRAC = 1 << 2,		/* number: has a fraction */
	JSCAN_F_EXP = 1 << 3,		/* number: has an exponent */
	JSCAN_F_BIG = 1 << 4		/* number: more than 18 digits */
};

enum jscan_error {
	JSCAN_OK = 0,
	JSCAN_E_SYNTAX,		/* not JSON (RFC 8259) */
	JSCAN_E_DEPTH,		/* nested deeper than max_depth */
	JSCAN_E_DUP,		/* a key twice in one object */
	JSCAN_E_LIMIT		/* more keys than JSCAN_KEYS_MAX to check */
};

/*
 * One value. p, n: a string's raw content (between the quotes, escapes
 * as written), a number's or literal's text, or an object's or array's
 * opening bracket (n 1).
 */
struct jscan_val {
	enum jscan_type	 type;
	unsigned	 flags;		/* JSCAN_F_* */
	const char	*p;
	size_t		 n;
};

struct jscan {
	const char	*start;
	const char	*p;		/* next byte to read */
	const char	*end;
	int		 depth;		/* open containers */
	int		 max_depth;
	unsigned	 seen;		/* JSCAN_F_* of every value so far */
	enum jscan_error error;		/* first failure */
};

/* The keys of one object, for duplicate checks. */
struct jscan_keys {
	struct {
		const char	*p;
		size_t		 n;
	}		 k[JSCAN_KEYS_MAX];
	size_t		 n;
};

/*
 * Start at the first byte of text (len bytes, no NUL needed). max_depth
 * also bounds jscan_skip()'s recursion, about 1 KB of stack a level.
 */
void	jscan_init(struct jscan *s, const char *text, size_t len,
	    int max_depth);

/*
 * Read the next value (after whitespace). A container is only opened:
 * walk it with jscan_first()/jscan_more(), or jscan_skip() it.
 * Returns: 0; -1 on bad JSON or past max_depth (s->error says which).
 */
int	jscan_value(struct jscan *s, struct jscan_val *v);

/* Read an object member's key (a string) and the ':' after it. 0 / -1. */
int	jscan_key(struct jscan *s, struct jscan_val *k);

/*
 * Right after a container of type t (JSCAN_OBJECT or JSCAN_ARRAY) opened.
 * Returns: 1 when an element follows; 0 when the container closed here;
 *          -1 on bad JSON.
 */
int	jscan_first(struct jscan *s, enum jscan_type t);

/*
 * After an element of a container of type t: the ',' before the next one
 * or the closing bracket.
 * Returns: 1 when another element follows; 0 when the container closed;
 *          -1 on bad JSON (a trailing comma among others).
 */
int	jscan_more(struct jscan *s, enum jscan_type t);

/*
 * Consume the rest of v: for a container just opened by jscan_value(),
 * all of its elements and its closing bracket, checking that no object
 * inside has a key twice; nothing for a scalar.
 * Returns: 0; -1 on bad JSON, depth, a duplicate key or a key limit.
 */
int	jscan_skip(struct jscan *s, const struct jscan_val *v);

/* Returns: 0 when only whitespace is left; -1 (JSCAN_E_SYNTAX) else. */
int	jscan_end(struct jscan *s);

/* Byte offset of the next byte to read (of the failure, after one). */
size_t	jscan_offset(const struct jscan *s);

/* Start an empty key set. */
void	jscan_keys_init(struct jscan_keys *ks);

/*
 * Add key k (a string value from jscan_key()) to ks. Keys are compared
 * as written, so two spellings of one key (escapes) are not caught: a
 * caller that needs exactness rejects escaped keys (JSCAN_F_ESCAPE).
 * Returns: 0; -1 when ks already has it (JSCAN_E_DUP in s) or is full
 *          (JSCAN_E_LIMIT).
 */
int	jscan_keys_add(struct jscan *s, struct jscan_keys *ks,
	    const struct jscan_val *k);

/*
 * Check a whole document: one value (any type), whitespace around it,
 * no duplicate keys.
 * Returns: 0; -1 with *error (may be NULL) set.
 */
int	jscan_validate(const char *text, size_t len, int max_depth,
	    enum jscan_error *error);

#endif
