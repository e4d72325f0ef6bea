/*
 * jscan.c - the strict one-pass JSON scanner: RFC 8259's grammar (value,
 * object, array, string, number, literals, the four whitespace bytes),
 * escapes checked (\uXXXX surrogates must pair), UTF-8 checked (no
 * overlong forms, no surrogates, nothing past U+10FFFF), control bytes
 * in strings rejected.
 */
#include <stdint.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "jscan.h"

#define ONES	UINT64_C(0x0101010101010101)
#define HIGHS	UINT64_C(0x8080808080808080)

static int
fail(struct jscan *s, enum jscan_error e)
{
	if (s->error == JSCAN_OK) {
		s->error = e;
	}
	return -1;
}

void
jscan_init(struct jscan *s, const char *text, size_t len, int max_depth)
{
	s->start = text;
	s->p = text;
	s->end = text + len;
	s->depth = 0;
	s->max_depth = max_depth;
	s->seen = 0;
	s->error = JSCAN_OK;
}

size_t
jscan_offset(const struct jscan *s)
{
	return (size_t)(s->p - s->start);
}

static void
skip_ws(struct jscan *s)
{
	const char *p = s->p, *end = s->end;

	while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' ||
	    *p == '\t')) {
		p++;
	}
	s->p = p;
}

/* 1 when any byte of x is '"', '\\', below 0x20 or above 0x7f. */
static int
special8(uint64_t x)
{
	uint64_t q = x ^ (ONES * '"'), b = x ^ (ONES * '\\');

	return (((q - ONES) & ~q) | ((b - ONES) & ~b) |
	    ((x - ONES * 0x20) & ~x) | x) & HIGHS ? 1 : 0;
}

/*
 * Skip the plain bytes of a string (not '"', '\\', below 0x20 or above
 * 0x7f) from p, a block at a time; stops at the first other byte or when
 * less than a block is left.
 */
static const unsigned char *
plain_run(const unsigned char *p, const unsigned char *end)
{
	uint64_t x8;
#ifdef __SSE2__
	const __m128i quote = _mm_set1_epi8('"'), bs = _mm_set1_epi8('\\'),
	    space = _mm_set1_epi8(0x20);
	__m128i x;
	unsigned m;

	while (end - p >= 16) {
		x = _mm_loadu_si128((const __m128i *)(const void *)p);
		/* signed: bytes above 0x7f are below 0x20 too */
		m = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(
		    _mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, bs)),
		    _mm_cmplt_epi8(x, space)));
		if (m != 0) {
			return p + __builtin_ctz(m);
		}
		p += 16;
	}
#endif
	while (end - p >= 8) {
		memcpy(&x8, p, 8);
		if (special8(x8)) {
			break;
		}
		p += 8;
	}
	return p;
}

static int
hex4(const unsigned char *p, unsigned *out)
{
	unsigned v = 0, d;
	int i;

	for (i = 0; i < 4; i++) {
		if (p[i] >= '0' && p[i] <= '9') {
			d = p[i] - '0';
		} else if ((p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'f') {
			d = (p[i] | 0x20) - 'a' + 10;
		} else {
			return -1;
		}
		v = v << 4 | d;
	}
	*out = v;
	return 0;
}

/* An escape at p (the backslash); returns its length, 0 if bad. */
static size_t
escape(const unsigned char *p, const unsigned char *end)
{
	unsigned u, lo;

	if (end - p < 2) {
		return 0;
	}
	switch (p[1]) {
	case '"': case '\\': case '/': case 'b': case 'f': case 'n':
	case 'r': case 't':
		return 2;
	case 'u':
		break;
	default:
		return 0;
	}
	if (end - p < 6 || hex4(p + 2, &u) != 0) {
		return 0;
	}
	if (u >= 0xdc00 && u <= 0xdfff) {
		return 0;	/* a low surrogate alone */
	}
	if (u < 0xd800 || u > 0xdbff) {
		return 6;
	}
	/* a high surrogate must be followed by \u and a low one */
	if (end - p < 12 || p[6] != '\\' || p[7] != 'u' ||
	    hex4(p + 8, &lo) != 0 || lo < 0xdc00 || lo > 0xdfff) {
		return 0;
	}
	return 12;
}

/* A UTF-8 sequence at p (first byte >= 0x80); its length, 0 if bad. */
static size_t
utf8(const unsigned char *p, const unsigned char *end)
{
	size_t n, i;
	uint32_t cp;

	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		n = 2;
		cp = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		n = 3;
		cp = p[0] & 0x0f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		n = 4;
		cp = p[0] & 0x07;
	} else {
		return 0;
	}
	if ((size_t)(end - p) < n) {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			return 0;
		}
		cp = cp << 6 | (p[i] & 0x3f);
	}
	/* overlong, surrogates, past U+10FFFF */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) {
		return 0;
	}
	return n;
}

/* s->p at the opening quote. */
static int
string(struct jscan *s, struct jscan_val *v)
{
	const unsigned char *p = (const unsigned char *)s->p + 1,
	    *end = (const unsigned char *)s->end;
	unsigned flags = 0;
	size_t k;

	v->type = JSCAN_STRING;
	v->p = (const char *)p;
	for (;;) {
		p = plain_run(p, end);
		if (p >= end) {
			return fail(s, JSCAN_E_SYNTAX);
		}
		if (*p == '"') {
			break;
		}
		if (*p == '\\') {
			k = escape(p, end);
			flags |= JSCAN_F_ESCAPE;
		} else if (*p < 0x20) {
			k = 0;
		} else if (*p >= 0x80) {
			k = utf8(p, end);
			flags |= JSCAN_F_UTF8;
		} else {
			k = 1;
		}
		if (k == 0) {
			s->p = (const char *)p;
			return fail(s, JSCAN_E_SYNTAX);
		}
		p += k;
	}
	v->n = (size_t)((const char *)p - v->p);
	v->flags = flags;
	s->seen |= flags;
	s->p = (const char *)p + 1;
	return 0;
}

static int
digit(const char *p, const char *end)
{
	return p < end && *p >= '0' && *p <= '9';
}

/* -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)? */
static int
number(struct jscan *s, struct jscan_val *v)
{
	const char *p = s->p, *end = s->end, *d;
	unsigned flags = 0;

	v->type = JSCAN_NUMBER;
	v->p = p;
	if (*p == '-') {
		p++;
	}
	d = p;
	if (!digit(p, end)) {
		return fail(s, JSCAN_E_SYNTAX);
	}
	if (*p == '0') {
		p++;
	} else {
		while (digit(p, end)) {
			p++;
		}
	}
	if (p - d > 18) {
		flags |= JSCAN_F_BIG;
	}
	if (p < end && *p == '.') {
		p++;
		if (!digit(p, end)) {
			s->p = p;
			return fail(s, JSCAN_E_SYNTAX);
		}
		while (digit(p, end)) {
			p++;
		}
		flags |= JSCAN_F_FRAC;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '+' || *p == '-')) {
			p++;
		}
		if (!digit(p, end)) {
			s->p = p;
			return fail(s, JSCAN_E_SYNTAX);
		}
		while (digit(p, end)) {
			p++;
		}
		flags |= JSCAN_F_EXP;
	}
	v->n = (size_t)(p - v->p);
	v->flags = flags;
	s->seen |= flags;
	s->p = p;
	return 0;
}

static int
literal(struct jscan *s, struct jscan_val *v, const char *word,
    enum jscan_type t)
{
	size_t n = strlen(word);

	if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n) != 0) {
		return fail(s, JSCAN_E_SYNTAX);
	}
	v->type = t;
	v->flags = 0;
	v->p = s->p;
	v->n = n;
	s->p += n;
	return 0;
}

int
jscan_value(struct jscan *s, struct jscan_val *v)
{
	v->type = JSCAN_NONE;
	v->flags = 0;
	v->p = s->p;
	v->n = 0;
	if (s->error != JSCAN_OK) {
		return -1;
	}
	skip_ws(s);
	if (s->p >= s->end) {
		return fail(s, JSCAN_E_SYNTAX);
	}
	switch (*s->p) {
	case '{':
	case '[':
		if (s->depth >= s->max_depth) {
			return fail(s, JSCAN_E_DEPTH);
		}
		s->depth++;
		v->type = *s->p == '{' ? JSCAN_OBJECT : JSCAN_ARRAY;
		v->p = s->p;
		v->n = 1;
		s->p++;
		return 0;
	case '"':
		return string(s, v);
	case 't':
		return literal(s, v, "true", JSCAN_TRUE);
	case 'f':
		return literal(s, v, "false", JSCAN_FALSE);
	case 'n':
		return literal(s, v, "null", JSCAN_NULL);
	default:
		if (*s->p == '-' || (*s->p >= '0' && *s->p <= '9')) {
			return number(s, v);
		}
		return fail(s, JSCAN_E_SYNTAX);
	}
}

int
jscan_key(struct jscan *s, struct jscan_val *k)
{
	k->type = JSCAN_NONE;
	if (s->error != JSCAN_OK) {
		return -1;
	}
	skip_ws(s);
	if (s->p >= s->end || *s->p != '"') {
		return fail(s, JSCAN_E_SYNTAX);
	}
	if (string(s, k) != 0) {
		return -1;
	}
	skip_ws(s);
	if (s->p >= s->end || *s->p != ':') {
		return fail(s, JSCAN_E_SYNTAX);
	}
	s->p++;
	return 0;
}

static char
closer(enum jscan_type t)
{
	return t == JSCAN_OBJECT ? '}' : ']';
}

int
jscan_first(struct jscan *s, enum jscan_type t)
{
	if (s->error != JSCAN_OK) {
		return -1;
	}
	skip_ws(s);
	if (s->p < s->end && *s->p == closer(t)) {
		s->p++;
		s->depth--;
		return 0;
	}
	/* the element itself is checked by the next read */
	return 1;
}

int
jscan_more(struct jscan *s, enum jscan_type t)
{
	if (s->error != JSCAN_OK) {
		return -1;
	}
	skip_ws(s);
	if (s->p >= s->end) {
		return fail(s, JSCAN_E_SYNTAX);
	}
	if (*s->p == ',') {
		s->p++;
		return 1;
	}
	if (*s->p == closer(t)) {
		s->p++;
		s->depth--;
		return 0;
	}
	return fail(s, JSCAN_E_SYNTAX);
}

void
jscan_keys_init(struct jscan_keys *ks)
{
	ks->n = 0;
}

int
jscan_keys_add(struct jscan *s, struct jscan_keys *ks,
    const struct jscan_val *k)
{
	size_t i;

	for (i = 0; i < ks->n; i++) {
		if (ks->k[i].n == k->n && memcmp(ks->k[i].p, k->p, k->n) == 0) {
			return fail(s, JSCAN_E_DUP);
		}
	}
	if (ks->n == JSCAN_KEYS_MAX) {
		return fail(s, JSCAN_E_LIMIT);
	}
	ks->k[ks->n].p = k->p;
	ks->k[ks->n].n = k->n;
	ks->n++;
	return 0;
}

int
jscan_skip(struct jscan *s, const struct jscan_val *v)
{
	struct jscan_keys ks;
	struct jscan_val k, e;
	int more;

	if (s->error != JSCAN_OK) {
		return -1;
	}
	if (v->type != JSCAN_OBJECT && v->type != JSCAN_ARRAY) {
		return 0;
	}
	jscan_keys_init(&ks);
	/* recursion is bounded by max_depth, checked when opening */
	for (more = jscan_first(s, v->type); more == 1;
	    more = jscan_more(s, v->type)) {
		if (v->type == JSCAN_OBJECT && (jscan_key(s, &k) != 0 ||
		    jscan_keys_add(s, &ks, &k) != 0)) {
			return -1;
		}
		if (jscan_value(s, &e) != 0 || jscan_skip(s, &e) != 0) {
			return -1;
		}
	}
	return more;
}

int
jscan_end(struct jscan *s)
{
	if (s->error != JSCAN_OK) {
		return -1;
	}
	skip_ws(s);
	if (s->p != s->end) {
		return fail(s, JSCAN_E_SYNTAX);
	}
	return 0;
}

int
jscan_validate(const char *text, size_t len, int max_depth,
    enum jscan_error *error)
{
	struct jscan s;
	struct jscan_val v;
	int rc = -1;

	jscan_init(&s, text, len, max_depth);
	if (jscan_value(&s, &v) == 0 && jscan_skip(&s, &v) == 0 &&
	    jscan_end(&s) == 0) {
		rc = 0;
	}
	if (error != NULL) {
		*error = s.error;
	}
	return rc;
}
