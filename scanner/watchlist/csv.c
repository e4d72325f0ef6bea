/*
 * csv.c - the user's own lists: CSV with a header row (RFC 4180: quoted
 * fields, "" escapes, CRLF or LF) and one address a line. One linear scan,
 * lines capped at WL_LINE_MAX, so a hostile file fails fast; every error
 * is "FILE:LINE: reason" and aborts the whole import.
 */
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "wl_int.h"

enum col {
	COL_ADDRESS,
	COL_CHAIN,
	COL_CATEGORY,
	COL_LABEL,
	COL_LISTED_ON,
	COL_DELISTED_ON,
	COL_REFERENCE,
	COL_COUNT
};

static const char *const col_names[COL_COUNT] = {
	"address", "chain", "category", "label", "listed_on", "delisted_on",
	"reference"
};

/* One record: fields unescaped into scratch. */
struct rec {
	size_t		*off;
	size_t		*len;
	size_t		 nf, capf;
	char		*scratch;	/* 2 * WL_LINE_MAX + 2 bytes */
	size_t		 slen;
};

struct span {
	const char	*s;
	size_t		 n;
};

static int
is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
	    c == '\v' || c == '\f';
}

static struct span
trim(const char *s, size_t n)
{
	struct span sp;

	while (n > 0 && is_blank((unsigned char)s[0])) {
		s++;
		n--;
	}
	while (n > 0 && is_blank((unsigned char)s[n - 1])) {
		n--;
	}
	sp.s = s;
	sp.n = n;
	return sp;
}

static int
ieq(const char *a, size_t n, const char *lit)
{
	size_t i;

	if (strlen(lit) != n) {
		return 0;
	}
	for (i = 0; i < n; i++) {
		int c = (unsigned char)a[i];

		if (c >= 'A' && c <= 'Z') {
			c += 'a' - 'A';
		}
		if (c != lit[i]) {
			return 0;
		}
	}
	return 1;
}

/*
 * Length of the UTF-8 sequence at p (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF), or 0 if it is not valid.
 */
static size_t
utf8_len(const unsigned char *p, size_t n)
{
	unsigned c = p[0], lo = 0x80, hi = 0xbf;
	size_t k, i;

	if (c >= 0xc2 && c <= 0xdf) {
		k = 2;
	} else if (c >= 0xe0 && c <= 0xef) {
		k = 3;
		if (c == 0xe0) {
			lo = 0xa0;
		} else if (c == 0xed) {
			hi = 0x9f;
		}
	} else if (c >= 0xf0 && c <= 0xf4) {
		k = 4;
		if (c == 0xf0) {
			lo = 0x90;
		} else if (c == 0xf4) {
			hi = 0x8f;
		}
	} else {
		return 0;
	}
	if (n < k || p[1] < lo || p[1] > hi) {
		return 0;
	}
	for (i = 2; i < k; i++) {
		if (p[i] < 0x80 || p[i] > 0xbf) {
			return 0;
		}
	}
	return k;
}

int
wl_text_check(const char *name, const char *buf, size_t len,
    struct err *err)
{
	const unsigned char *p = (const unsigned char *)buf;
	size_t i = 0, start = 0, k;
	unsigned long line = 1;

	while (i < len) {
		unsigned c = p[i];

		if (c == '\n') {
			line++;
			start = ++i;
			continue;
		}
		if (i - start >= WL_LINE_MAX) {
			return err_set(err, ERR_INPUT, 0,
			    "%s:%lu: line too long (over %u bytes)", name,
			    line, WL_LINE_MAX);
		}
		if (c == 0) {
			return err_set(err, ERR_INPUT, 0,
			    "%s:%lu: binary data (NUL byte)", name, line);
		}
		if (c < 0x80) {
			i++;
			continue;
		}
		k = utf8_len(p + i, len - i);
		if (k == 0) {
			return err_set(err, ERR_INPUT, 0,
			    "%s:%lu: binary data (invalid UTF-8)", name, line);
		}
		i += k;
	}
	return 0;
}

static int
rec_init(struct rec *r, struct err *err)
{
	memset(r, 0, sizeof(*r));
	r->scratch = malloc(2 * (size_t)WL_LINE_MAX + 2);
	if (r->scratch == NULL) {
		return err_set(err, ERR_SYS, 0, "out of memory");
	}
	return 0;
}

static void
rec_release(struct rec *r)
{
	free(r->off);
	free(r->len);
	free(r->scratch);
}

static int
rec_push(struct rec *r, size_t off, size_t len, struct err *err)
{
	size_t *o, *l, cap;

	if (r->nf == r->capf) {
		cap = r->capf ? r->capf * 2 : 16;
		o = realloc(r->off, cap * sizeof(*o));
		if (o == NULL) {
			return err_set(err, ERR_SYS, 0, "out of memory");
		}
		r->off = o;
		l = realloc(r->len, cap * sizeof(*l));
		if (l == NULL) {
			return err_set(err, ERR_SYS, 0, "out of memory");
		}
		r->len = l;
		r->capf = cap;
	}
	r->off[r->nf] = off;
	r->len[r->nf] = len;
	r->nf++;
	return 0;
}

static struct span
rec_field(const struct rec *r, size_t i)
{
	return trim(r->scratch + r->off[i], r->len[i]);
}

/* Is pos at a line end ("\n", "\r\n", a final "\r") or the end? */
static int
at_eol(const char *buf, size_t len, size_t pos)
{
	if (pos >= len || buf[pos] == '\n') {
		return 1;
	}
	return buf[pos] == '\r' && (pos + 1 >= len || buf[pos + 1] == '\n');
}

/*
 * Read one record at *pos. The text passed wl_text_check, so no physical
 * line is longer than WL_LINE_MAX; a record spanning lines (quoted
 * newlines) is held to the same limit.
 * Returns: 1 read (*line advanced past it), 0 at the end, -1 error.
 */
static int
read_record(struct rec *r, const char *name, const char *buf, size_t len,
    size_t *pos, unsigned long *line, struct err *err)
{
	size_t p = *pos, start = *pos, q, fstart;
	unsigned long first = *line;

	if (p >= len) {
		return 0;
	}
	r->nf = 0;
	r->slen = 0;
	for (;;) {
		fstart = r->slen;
		q = p;
		while (q < len && (buf[q] == ' ' || buf[q] == '\t')) {
			q++;
		}
		if (q < len && buf[q] == '"') {
			unsigned long qline = *line;

			p = q + 1;
			for (;;) {
				if (p >= len) {
					return err_set(err, ERR_INPUT, 0,
					    "%s:%lu: unterminated quote",
					    name, qline);
				}
				if (p - start > WL_LINE_MAX) {
					return err_set(err, ERR_INPUT, 0,
					    "%s:%lu: line too long (over %u "
					    "bytes)", name, first,
					    WL_LINE_MAX);
				}
				if (buf[p] == '"') {
					if (p + 1 < len && buf[p + 1] == '"') {
						r->scratch[r->slen++] = '"';
						p += 2;
						continue;
					}
					p++;
					break;
				}
				if (buf[p] == '\n') {
					(*line)++;
				}
				r->scratch[r->slen++] = buf[p++];
			}
			while (p < len && (buf[p] == ' ' || buf[p] == '\t')) {
				p++;
			}
			if (!at_eol(buf, len, p) && buf[p] != ',') {
				return err_set(err, ERR_INPUT, 0,
				    "%s:%lu: text after closing quote in "
				    "field %zu", name, *line, r->nf + 1);
			}
		} else {
			q = p;
			while (q < len && buf[q] != ',' && buf[q] != '\n') {
				q++;
			}
			memcpy(r->scratch + r->slen, buf + p, q - p);
			r->slen += q - p;
			p = q;
			if (p - start > WL_LINE_MAX) {
				return err_set(err, ERR_INPUT, 0,
				    "%s:%lu: line too long (over %u bytes)",
				    name, first, WL_LINE_MAX);
			}
		}
		if (rec_push(r, fstart, r->slen - fstart, err) == -1) {
			return -1;
		}
		if (p < len && buf[p] == ',') {
			p++;
			continue;
		}
		/* End of the record: step over "\r\n", "\n" or a final "\r". */
		if (p < len && buf[p] == '\r') {
			p++;
		}
		if (p < len && buf[p] == '\n') {
			p++;
			(*line)++;
		}
		break;
	}
	*pos = p;
	return 1;
}

/* A blank line, or a row of empty fields (as spreadsheets leave). */
static int
rec_is_blank(const struct rec *r)
{
	size_t i;

	for (i = 0; i < r->nf; i++) {
		if (rec_field(r, i).n != 0) {
			return 0;
		}
	}
	return 1;
}

static size_t
skip_bom(const char *buf, size_t len)
{
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
		return 3;
	}
	return 0;
}

/* A chain column's ticker: 1-15 letters, digits, '.', '-' or '_'. */
static int
good_ticker(struct span t)
{
	size_t i;

	if (t.n == 0 || t.n > ADDR_TICKER_MAX) {
		return 0;
	}
	for (i = 0; i < t.n; i++) {
		int c = (unsigned char)t.s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '-' ||
		    c == '_')) {
			return 0;
		}
	}
	return 1;
}

/*
 * The address of a row under its chain column (DESIGN.md "Addresses"):
 * ethereum/bitcoin must match the form; a ticker is classified by form
 * first, else the text is kept verbatim under it with a warning.
 */
static int
row_addr(struct wl_batch *b, const char *name, unsigned long line,
    struct addr *a, struct span as, struct span ch, struct err *err)
{
	char q1[80], q2[80], tick[ADDR_TICKER_MAX + 1];
	int want = 0;

	if (as.n == 0) {
		return err_set(err, ERR_INPUT, 0, "%s:%lu: empty address", name,
		    line);
	}
	if (ch.n == 0) {
		want = 0;
	} else if (ieq(ch.s, ch.n, "ethereum")) {
		want = ADDR_ETHEREUM;
	} else if (ieq(ch.s, ch.n, "bitcoin")) {
		want = ADDR_BITCOIN;
	} else if (!good_ticker(ch)) {
		return err_set(err, ERR_INPUT, 0, "%s:%lu: bad chain '%s'",
		    name, line, wl_quote(q1, sizeof(q1), ch.s, ch.n));
	} else {
		want = -1;
	}
	if (addr_parse(a, as.s, as.n, err) == 0) {
		if (want > 0 && a->chain != want) {
			return err_set(err, ERR_INPUT, 0,
			    "%s:%lu: chain '%s' does not match %s address "
			    "'%s'", name, line,
			    wl_quote(q1, sizeof(q1), ch.s, ch.n),
			    a->chain == ADDR_ETHEREUM ? "ethereum" : "bitcoin",
			    wl_quote(q2, sizeof(q2), as.s, as.n));
		}
		return 0;
	}
	/* A ticker's EVM form is still ethereum: a bad checksum stays bad. */
	if (want != -1 || wl_evm_form(as.s, as.n)) {
		return err_wrap(err, "%s:%lu", name, line);
	}
	memcpy(tick, ch.s, ch.n);
	tick[ch.n] = '\0';
	if (addr_other(a, tick, as.s, as.n, err) == -1) {
		return err_wrap(err, "%s:%lu", name, line);
	}
	wl_batch_warn(b, name, line, "'%s' is no ethereum or bitcoin address: "
	    "kept verbatim under '%s'", wl_quote(q1, sizeof(q1), as.s, as.n),
	    wl_quote(q2, sizeof(q2), ch.s, ch.n));
	return 0;
}

static int
row_date(int32_t *day, const char *name, unsigned long line,
    const char *col, struct span s, struct err *err)
{
	char q[80];

	*day = DATE_NONE;
	if (s.n == 0) {
		return 0;
	}
	if (date_parse(day, s.s, s.n) == -1) {
		return err_set(err, ERR_INPUT, 0,
		    "%s:%lu: bad %s '%s': expected YYYY-MM-DD", name, line, col,
		    wl_quote(q, sizeof(q), s.s, s.n));
	}
	return 0;
}

static int
row_category(const struct wl_batch *b, const char *name, unsigned long line,
    struct span s, uint8_t *cat, struct err *err)
{
	char q[80];
	int c;

	if (s.n == 0) {
		*cat = (uint8_t)(b->category > 0 ? b->category : WL_CUSTOM);
		return 0;
	}
	c = wl_category_parse(s.s, s.n);
	if (c < 0) {
		return err_set(err, ERR_INPUT, 0,
		    "%s:%lu: unknown category '%s'", name, line,
		    wl_quote(q, sizeof(q), s.s, s.n));
	}
	*cat = (uint8_t)c;
	return 0;
}

static int
row(struct wl_batch *b, uint32_t file, unsigned long line,
    const struct rec *r, const int *col, struct err *err)
{
	const char *name = b->names[file];
	struct span f[COL_COUNT];
	struct wl_item it;
	char q1[80], q2[80];
	long off;
	int i;

	for (i = 0; i < COL_COUNT; i++) {
		f[i].s = "";
		f[i].n = 0;
		if (col[i] >= 0) {
			f[i] = rec_field(r, (size_t)col[i]);
		}
	}
	memset(&it, 0, sizeof(it));
	it.file = file;
	it.line = (uint32_t)line;
	if (row_addr(b, name, line, &it.a, f[COL_ADDRESS], f[COL_CHAIN],
	    err) == -1) {
		return -1;
	}
	if (row_category(b, name, line, f[COL_CATEGORY], &it.category,
	    err) == -1) {
		return -1;
	}
	if (row_date(&it.listed_on, name, line, "listed_on",
	    f[COL_LISTED_ON], err) == -1 ||
	    row_date(&it.delisted_on, name, line, "delisted_on",
	    f[COL_DELISTED_ON], err) == -1) {
		return -1;
	}
	if (it.listed_on != DATE_NONE && it.delisted_on != DATE_NONE &&
	    it.delisted_on <= it.listed_on) {
		return err_set(err, ERR_INPUT, 0,
		    "%s:%lu: delisted_on '%s' is not after listed_on '%s'",
		    name, line, wl_quote(q1, sizeof(q1), f[COL_DELISTED_ON].s,
		    f[COL_DELISTED_ON].n), wl_quote(q2, sizeof(q2),
		    f[COL_LISTED_ON].s, f[COL_LISTED_ON].n));
	}
	off = wl_batch_str(b, f[COL_LABEL].s, f[COL_LABEL].n, err);
	if (off < 0) {
		return -1;
	}
	it.label = (size_t)off;
	off = wl_batch_str(b, f[COL_REFERENCE].s, f[COL_REFERENCE].n, err);
	if (off < 0) {
		return -1;
	}
	it.reference = (size_t)off;
	b->rows++;
	return wl_batch_add_unique(b, &it, err);
}

static int
header(const struct rec *r, const char *name, unsigned long line, int *col,
    struct err *err)
{
	struct span h;
	size_t i;
	int c;

	for (c = 0; c < COL_COUNT; c++) {
		col[c] = -1;
	}
	for (i = 0; i < r->nf; i++) {
		h = rec_field(r, i);
		for (c = 0; c < COL_COUNT; c++) {
			if (ieq(h.s, h.n, col_names[c])) {
				break;
			}
		}
		if (c == COL_COUNT) {
			continue;
		}
		if (col[c] >= 0) {
			return err_set(err, ERR_INPUT, 0,
			    "%s:%lu: duplicate column '%s'", name, line,
			    col_names[c]);
		}
		col[c] = (int)i;
	}
	if (col[COL_ADDRESS] < 0) {
		return err_set(err, ERR_INPUT, 0, "%s:%lu: no 'address' column",
		    name, line);
	}
	return 0;
}

int
wl_csv_parse(struct wl_batch *b, uint32_t file, const char *buf, size_t len,
    struct err *err)
{
	const char *name = b->names[file];
	int col[COL_COUNT], rc = -1, got, have_header = 0;
	unsigned long line = 1, at;
	size_t pos, nh = 0;
	struct rec r;

	if (len == 0) {
		return err_set(err, ERR_INPUT, 0, "%s:1: empty file", name);
	}
	if (wl_text_check(name, buf, len, err) == -1) {
		return -1;
	}
	if (rec_init(&r, err) == -1) {
		return -1;
	}
	pos = skip_bom(buf, len);
	for (;;) {
		at = line;
		got = read_record(&r, name, buf, len, &pos, &line, err);
		if (got == -1) {
			goto out;
		}
		if (got == 0) {
			break;
		}
		if (rec_is_blank(&r)) {
			continue;
		}
		if (!have_header) {
			if (header(&r, name, at, col, err) == -1) {
				goto out;
			}
			have_header = 1;
			nh = r.nf;
			continue;
		}
		if (r.nf != nh) {
			err_set(err, ERR_INPUT, 0,
			    "%s:%lu: expected %zu fields, got %zu", name, at,
			    nh, r.nf);
			goto out;
		}
		if (row(b, file, at, &r, col, err) == -1) {
			goto out;
		}
	}
	if (!have_header) {
		err_set(err, ERR_INPUT, 0, "%s:1: no header row", name);
		goto out;
	}
	rc = 0;
out:
	rec_release(&r);
	return rc;
}

int
wl_lines_parse(struct wl_batch *b, uint32_t file, const char *buf,
    size_t len, struct err *err)
{
	const char *name = b->names[file], *nl, *hash;
	size_t pos;
	unsigned long line = 1;
	struct wl_item it;
	struct span s;

	if (len == 0) {
		return err_set(err, ERR_INPUT, 0, "%s:1: empty file", name);
	}
	if (wl_text_check(name, buf, len, err) == -1) {
		return -1;
	}
	pos = skip_bom(buf, len);
	for (; pos < len; line++) {
		nl = memchr(buf + pos, '\n', len - pos);
		s.s = buf + pos;
		s.n = nl != NULL ? (size_t)(nl - s.s) : len - pos;
		pos += s.n + 1;
		hash = memchr(s.s, '#', s.n);
		if (hash != NULL) {
			s.n = (size_t)(hash - s.s);
		}
		s = trim(s.s, s.n);
		if (s.n == 0) {
			continue;
		}
		memset(&it, 0, sizeof(it));
		it.file = file;
		it.line = (uint32_t)line;
		it.category = (uint8_t)(b->category > 0 ? b->category :
		    WL_CUSTOM);
		it.listed_on = DATE_NONE;
		it.delisted_on = DATE_NONE;
		if (addr_parse(&it.a, s.s, s.n, err) == -1) {
			return err_wrap(err, "%s:%lu", name, line);
		}
		b->rows++;
		if (wl_batch_add_unique(b, &it, err) == -1) {
			return -1;
		}
	}
	return 0;
}

int
wl_csv_sniff(const char *buf, size_t len)
{
	size_t pos = skip_bom(buf, len), end, i, f;
	struct span s;

	/* The first line that is not blank, at most WL_LINE_MAX of it. */
	while (pos < len && is_blank((unsigned char)buf[pos])) {
		pos++;
	}
	end = pos;
	while (end < len && end - pos < WL_LINE_MAX && buf[end] != '\n') {
		end++;
	}
	for (i = pos, f = pos; i <= end; i++) {
		if (i < end && buf[i] != ',') {
			continue;
		}
		s = trim(buf + f, i - f);
		if (s.n >= 2 && s.s[0] == '"' && s.s[s.n - 1] == '"') {
			s = trim(s.s + 1, s.n - 2);
		}
		if (ieq(s.s, s.n, "address")) {
			return 1;
		}
		f = i + 1;
	}
	return 0;
}

/* ---- export: the reverse of wl_csv_parse ---- */

struct export_ctx {
	FILE	*out;
	long	 rows;
};

/* One cell, quoted (RFC 4180) when it holds , " CR or LF; else as is. */
static void
export_cell(FILE *f, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"') {
			fputc('"', f);
		}
		fputc(*s, f);
	}
	fputc('"', f);
}

static void
export_date(FILE *f, int32_t day)
{
	char d[11];

	if (day != DATE_NONE) {
		date_format(d, day);
		fputs(d, f);
	}
}

static int
export_one(void *vctx, const struct addr *a, const struct store_listing *l)
{
	struct export_ctx *ctx = vctx;
	char text[ADDR_TEXT_MAX], chain[ADDR_TICKER_MAX + 1];

	addr_format(text, a);
	export_cell(ctx->out, text);
	fputc(',', ctx->out);
	export_cell(ctx->out, addr_chain_name(a, chain));
	fputc(',', ctx->out);
	export_cell(ctx->out, wl_category_name(l->category));
	fputc(',', ctx->out);
	export_cell(ctx->out, l->label);
	fputc(',', ctx->out);
	export_date(ctx->out, l->listed_on);
	fputc(',', ctx->out);
	export_date(ctx->out, l->delisted_on);
	fputc(',', ctx->out);
	export_cell(ctx->out, l->reference);
	fputc('\n', ctx->out);
	ctx->rows++;
	return ferror(ctx->out) ? 1 : 0;
}

long
wl_export_csv(struct store *st, const char *source, FILE *out,
    struct err *err)
{
	struct export_ctx ctx;
	int r;

	ctx.out = out;
	ctx.rows = 0;
	fputs("address,chain,category,label,listed_on,delisted_on,"
	    "reference\n", out);
	r = store_wl_each(st, source, export_one, &ctx, err);
	if (r == -1) {
		return -1;
	}
	if (r != 0 || ferror(out)) {
		return err_set(err, ERR_SYS, 0, "cannot write the listings of "
		    "source '%s'", source);
	}
	return ctx.rows;
}
