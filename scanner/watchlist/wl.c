/*
 * wl.c - the listing model (categories, formats, activity on a day), the
 * in-memory batch every importer fills, and the import driver: read and
 * parse every file, then one store_wl_replace for the source.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bundled.h"
#include "date.h"
#include "hex.h"
#include "wl_int.h"

#define HEAD_MAX	65536u	/* bytes read to tell the format */
#define READ_CHUNK	(1u << 20)

static const char *const cat_names[] = {
	NULL, "mixer", "sanctioned", "heist", "custom", "exchange", "service",
	"own"
};
#define NCAT	(sizeof(cat_names) / sizeof(cat_names[0]))

static const char *const fmt_names[] = {
	"auto", "csv", "lines", "ofac-xml"
};
#define NFMT	(sizeof(fmt_names) / sizeof(fmt_names[0]))

const char *
wl_category_name(int cat)
{
	if (cat <= 0 || (size_t)cat >= NCAT) {
		return "unknown";
	}
	return cat_names[cat];
}

int
wl_category_parse(const char *s, size_t n)
{
	size_t i;

	for (i = 1; i < NCAT; i++) {
		if (strlen(cat_names[i]) == n &&
		    memcmp(cat_names[i], s, n) == 0) {
			return (int)i;
		}
	}
	return -1;
}

int
wl_category_is_hit(int cat)
{
	return cat == WL_MIXER || cat == WL_SANCTIONED || cat == WL_HEIST ||
	    cat == WL_CUSTOM;
}

int
wl_listing_active(const struct store_listing *l, int32_t day)
{
	/* An unknown listed_on counts as listed since forever. */
	if (l->listed_on != DATE_NONE && day < l->listed_on) {
		return 0;
	}
	return l->delisted_on == DATE_NONE || day < l->delisted_on;
}

int
wl_format_parse(const char *s)
{
	size_t i;

	for (i = 0; i < NFMT; i++) {
		if (strcmp(s, fmt_names[i]) == 0) {
			return (int)i;
		}
	}
	return -1;
}

int
wl_parse_input(struct addr *a, const char *s, size_t n, struct err *err)
{
	while (n > 0 && strchr(" \t\r\n\v\f", s[0]) != NULL && s[0] != '\0') {
		s++;
		n--;
	}
	while (n > 0 && strchr(" \t\r\n\v\f", s[n - 1]) != NULL &&
	    s[n - 1] != '\0') {
		n--;
	}
	if (n == 0) {
		return err_set(err, ERR_INPUT, 0, "empty address");
	}
	return addr_parse(a, s, n, err);
}

int
wl_grow(void *arrp, size_t *cap, size_t n, size_t size)
{
	void *old, *p;
	size_t c;

	if (n < *cap) {
		return 0;
	}
	c = *cap ? *cap * 2 : 64;
	if (c > SIZE_MAX / size) {
		return -1;
	}
	memcpy(&old, arrp, sizeof(old));
	p = realloc(old, c * size);
	if (p == NULL) {
		return -1;
	}
	memcpy(arrp, &p, sizeof(p));
	*cap = c;
	return 0;
}

int
wl_evm_form(const char *s, size_t n)
{
	size_t i;

	if (n != 42 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X')) {
		return 0;
	}
	for (i = 2; i < n; i++) {
		if (hex_digit((unsigned char)s[i]) < 0) {
			return 0;
		}
	}
	return 1;
}

uint32_t
wl_hash(uint32_t h, const void *p, size_t n)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++) {
		h = (h ^ b[i]) * 16777619u;
	}
	return h;
}

void
wl_set_release(struct wl_set *s)
{
	if (s == NULL) {
		return;
	}
	free(s->hash);
	free(s->idx);
	memset(s, 0, sizeof(*s));
}

size_t
wl_set_find(const struct wl_set *s, uint32_t h, wl_set_eq_fn eq, void *ctx)
{
	size_t i, mask;

	if (s->cap == 0) {
		return (size_t)-1;
	}
	mask = s->cap - 1;
	for (i = h & mask; s->idx[i] != 0; i = (i + 1) & mask) {
		if (s->hash[i] == h && eq(ctx, s->idx[i] - 1)) {
			return s->idx[i] - 1;
		}
	}
	return (size_t)-1;
}

static void
set_put(uint32_t *hash, uint32_t *idx, size_t cap, uint32_t h, uint32_t v)
{
	size_t i;

	for (i = h & (cap - 1); idx[i] != 0; i = (i + 1) & (cap - 1)) {
	}
	hash[i] = h;
	idx[i] = v;
}

int
wl_set_add(struct wl_set *s, uint32_t h, size_t idx, struct err *err)
{
	uint32_t *nh, *ni;
	size_t cap, i;

	if (idx >= UINT32_MAX) {
		return err_set(err, ERR_INPUT, 0, "too many entries");
	}
	if ((s->n + 1) * 2 > s->cap) {
		cap = s->cap ? s->cap * 2 : 1024;
		nh = malloc(cap * sizeof(*nh));
		ni = calloc(cap, sizeof(*ni));
		if (nh == NULL || ni == NULL) {
			free(nh);
			free(ni);
			return err_set(err, ERR_SYS, 0, "out of memory");
		}
		for (i = 0; i < s->cap; i++) {
			if (s->idx[i] != 0) {
				set_put(nh, ni, cap, s->hash[i], s->idx[i]);
			}
		}
		free(s->hash);
		free(s->idx);
		s->hash = nh;
		s->idx = ni;
		s->cap = cap;
	}
	set_put(s->hash, s->idx, s->cap, h, (uint32_t)(idx + 1));
	s->n++;
	return 0;
}

int
wl_batch_init(struct wl_batch *b, struct err *err)
{
	memset(b, 0, sizeof(*b));
	b->category = -1;
	b->issued = DATE_NONE;
	b->pcap = 4096;
	b->pool = malloc(b->pcap);
	if (b->pool == NULL) {
		return err_set(err, ERR_SYS, 0, "out of memory");
	}
	b->pool[0] = '\0';
	b->plen = 1;
	return 0;
}

void
wl_batch_release(struct wl_batch *b)
{
	if (b == NULL) {
		return;
	}
	free(b->v);
	free(b->pool);
	wl_set_release(&b->dup);
	memset(b, 0, sizeof(*b));
}

long
wl_batch_str(struct wl_batch *b, const char *s, size_t n, struct err *err)
{
	size_t cap, off;
	char *p;

	if (n == 0) {
		return 0;
	}
	if (n + 1 > b->pcap - b->plen) {
		cap = b->pcap;
		while (n + 1 > cap - b->plen) {
			if (cap > (size_t)WL_FILE_MAX * 4) {
				return err_set(err, ERR_SYS, 0,
				    "out of memory");
			}
			cap *= 2;
		}
		p = realloc(b->pool, cap);
		if (p == NULL) {
			return err_set(err, ERR_SYS, 0, "out of memory");
		}
		b->pool = p;
		b->pcap = cap;
	}
	off = b->plen;
	memcpy(b->pool + off, s, n);
	b->pool[off + n] = '\0';
	b->plen += n + 1;
	return (long)off;
}

int
wl_batch_push(struct wl_batch *b, const struct wl_item *it, struct err *err)
{
	struct wl_item *v;
	size_t cap;

	if (b->n == b->cap) {
		cap = b->cap ? b->cap * 2 : 256;
		v = realloc(b->v, cap * sizeof(*v));
		if (v == NULL) {
			return err_set(err, ERR_SYS, 0, "out of memory");
		}
		b->v = v;
		b->cap = cap;
	}
	b->v[b->n++] = *it;
	return 0;
}

struct dup_ctx {
	const struct wl_batch	*b;
	const struct wl_item	*it;
};

static int
dup_eq(void *ctx, size_t i)
{
	const struct dup_ctx *d = ctx;
	const struct wl_item *x = &d->b->v[i], *y = d->it;

	return x->a.len == y->a.len &&
	    memcmp(x->a.key, y->a.key, x->a.len) == 0 &&
	    x->category == y->category && x->listed_on == y->listed_on &&
	    strcmp(d->b->pool + x->label, d->b->pool + y->label) == 0;
}

/*
 * The same address twice in one source is a mistake unless the listings
 * differ: another category, label or listing date (a re-listing).
 */
int
wl_batch_add_unique(struct wl_batch *b, const struct wl_item *it,
    struct err *err)
{
	const struct wl_item *o;
	struct dup_ctx d;
	const char *lab = b->pool + it->label;
	uint32_t h;
	size_t k;

	h = wl_hash(WL_HASH_INIT, it->a.key, it->a.len);
	h = wl_hash(h, &it->category, 1);
	h = wl_hash(h, &it->listed_on, sizeof(it->listed_on));
	h = wl_hash(h, lab, strlen(lab));
	d.b = b;
	d.it = it;
	k = wl_set_find(&b->dup, h, dup_eq, &d);
	if (k != (size_t)-1) {
		o = &b->v[k];
		if (o->file == it->file) {
			return err_set(err, ERR_INPUT, 0,
			    "%s:%lu: duplicate of line %lu", b->names[it->file],
			    (unsigned long)it->line, (unsigned long)o->line);
		}
		return err_set(err, ERR_INPUT, 0, "%s:%lu: duplicate of %s:%lu",
		    b->names[it->file], (unsigned long)it->line,
		    b->names[o->file], (unsigned long)o->line);
	}
	if (wl_set_add(&b->dup, h, b->n, err) == -1) {
		return -1;
	}
	return wl_batch_push(b, it, err);
}

void
wl_batch_warn(struct wl_batch *b, const char *name, unsigned long line,
    const char *fmt, ...)
{
	char msg[512], full[600];
	va_list ap;

	b->warnings++;
	if (b->warn == NULL) {
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(full, sizeof(full), "%s:%lu: %s", name, line, msg);
	b->warn(b->warn_ctx, full);
}

const char *
wl_quote(char *out, size_t cap, const char *s, size_t n)
{
	size_t i, o = 0, max = 64;

	if (cap == 0) {
		return out;
	}
	for (i = 0; i < n && o + 4 < cap; i++) {
		unsigned char c = (unsigned char)s[i];

		if (i == max) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		out[o++] = (char)(c < 0x20 || c == 0x7f || c == '\'' ? '?' :
		    c);
	}
	out[o] = '\0';
	return out;
}

/*
 * Read a file whole (lists the user edits by hand are small; the cap
 * keeps a wrong path to a disk image from eating memory).
 */
static int
read_rest(FILE *f, const char *path, char **buf, size_t *len,
    struct err *err)
{
	size_t cap = *len + READ_CHUNK, n;
	char *p;

	for (;;) {
		p = realloc(*buf, cap);
		if (p == NULL) {
			return err_set(err, ERR_SYS, 0, "out of memory");
		}
		*buf = p;
		n = fread(*buf + *len, 1, cap - *len, f);
		*len += n;
		if (n == 0) {
			break;
		}
		if (*len == cap) {
			if (cap >= WL_FILE_MAX) {
				return err_set(err, ERR_INPUT, 0,
				    "watchlist '%s' is larger than 1 GiB",
				    path);
			}
			cap *= 2;
		}
	}
	if (ferror(f)) {
		return err_set(err, ERR_INPUT, errno,
		    "cannot read watchlist '%s': %s", path, strerror(errno));
	}
	return 0;
}

static int
has_suffix(const char *name, const char *suf)
{
	size_t n = strlen(name), k = strlen(suf), i;

	if (n < k) {
		return 0;
	}
	for (i = 0; i < k; i++) {
		int c = (unsigned char)name[n - k + i];

		if (c >= 'A' && c <= 'Z') {
			c += 'a' - 'A';
		}
		if (c != suf[i]) {
			return 0;
		}
	}
	return 1;
}

/* DESIGN.md: .xml or an XML start is OFAC; an address header is CSV. */
static enum wl_format
detect(const char *name, const char *head, size_t n)
{
	size_t i = 0;

	if (has_suffix(name, ".xml")) {
		return WL_FORMAT_OFAC_XML;
	}
	if (n >= 3 && memcmp(head, "\xef\xbb\xbf", 3) == 0) {
		i = 3;
	}
	while (i < n && strchr(" \t\r\n", head[i]) != NULL && head[i] != 0) {
		i++;
	}
	if ((n - i >= 5 && memcmp(head + i, "<?xml", 5) == 0) ||
	    (n - i >= 10 && memcmp(head + i, "<Sanctions", 10) == 0)) {
		return WL_FORMAT_OFAC_XML;
	}
	if (wl_csv_sniff(head, n)) {
		return WL_FORMAT_CSV;
	}
	return WL_FORMAT_LINES;
}

/* The default source name: the file's base name without its suffix. */
static int
stem(char *out, const char *path, struct err *err)
{
	const char *base = strrchr(path, '/'), *dot;
	size_t n;

	base = base != NULL ? base + 1 : path;
	dot = strrchr(base, '.');
	n = dot != NULL && dot != base ? (size_t)(dot - base) : strlen(base);
	if (n == 0 || n >= STORE_NAME_MAX) {
		return err_set(err, ERR_INPUT, 0, "cannot name a source after "
		    "'%s': give one with --source", path);
	}
	memcpy(out, base, n);
	out[n] = '\0';
	return 0;
}

static int
check_source(const char *s, struct err *err)
{
	size_t n = strlen(s), i;

	if (n == 0 || n >= STORE_NAME_MAX) {
		return err_set(err, ERR_INPUT, 0, "bad source name '%.64s': "
		    "1 to %d bytes", s, STORE_NAME_MAX - 1);
	}
	for (i = 0; i < n; i++) {
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) {
			return err_set(err, ERR_INPUT, 0,
			    "bad source name: control character");
		}
	}
	return 0;
}

/* One import in progress. */
struct job {
	struct wl_batch		 b;
	const struct wl_import_opts *opts;
	size_t			 nfiles;
	enum wl_format		 format;	/* of the first file */
	struct wl_ofac		*ofac;
};

static int
job_init(struct job *j, const char *const *names, size_t n,
    const struct wl_import_opts *opts, struct err *err)
{
	memset(j, 0, sizeof(*j));
	j->opts = opts;
	j->nfiles = n;
	if (n == 0) {
		return err_set(err, ERR_USAGE, 0, "no watchlist file given");
	}
	if (opts != NULL && opts->category != -1 &&
	    (opts->category <= 0 || (size_t)opts->category >= NCAT)) {
		return err_set(err, ERR_USAGE, 0, "bad category %d",
		    opts->category);
	}
	if (opts != NULL && (opts->format < WL_FORMAT_AUTO ||
	    opts->format > WL_FORMAT_OFAC_XML)) {
		return err_set(err, ERR_USAGE, 0, "bad format %d",
		    (int)opts->format);
	}
	if (opts != NULL && opts->source != NULL &&
	    check_source(opts->source, err) == -1) {
		return -1;
	}
	if (wl_batch_init(&j->b, err) == -1) {
		return -1;
	}
	j->b.names = names;
	if (opts != NULL) {
		j->b.category = opts->category;
		j->b.warn = opts->warn;
		j->b.warn_ctx = opts->warn_ctx;
	}
	return 0;
}

static void
job_release(struct job *j)
{
	wl_ofac_destroy(j->ofac);
	wl_batch_release(&j->b);
}

/* Decide file i's format; an OFAC issue is always imported alone. */
static int
job_format(struct job *j, uint32_t i, const char *head, size_t n,
    enum wl_format *fmt, struct err *err)
{
	*fmt = j->opts != NULL ? j->opts->format : WL_FORMAT_AUTO;
	if (*fmt == WL_FORMAT_AUTO) {
		*fmt = detect(j->b.names[i], head, n);
	}
	if (i == 0) {
		j->format = *fmt;
	}
	if (j->nfiles > 1 && (*fmt == WL_FORMAT_OFAC_XML ||
	    j->format == WL_FORMAT_OFAC_XML)) {
		return err_set(err, ERR_USAGE, 0, "%s: an OFAC XML issue is "
		    "imported alone, not with other files", j->b.names[i]);
	}
	if (*fmt == WL_FORMAT_OFAC_XML &&
	    wl_ofac_create(&j->ofac, &j->b, i, err) == -1) {
		return -1;
	}
	return 0;
}

static int
parse_text(struct job *j, uint32_t i, enum wl_format fmt, const char *buf,
    size_t len, struct err *err)
{
	if (fmt == WL_FORMAT_CSV) {
		return wl_csv_parse(&j->b, i, buf, len, err);
	}
	return wl_lines_parse(&j->b, i, buf, len, err);
}

static int
parse_file(struct job *j, uint32_t i, struct err *err)
{
	const char *path = j->b.names[i];
	enum wl_format fmt;
	char *buf = NULL;
	size_t len = 0, n;
	FILE *f;
	int rc = -1;

	f = fopen(path, "rb");
	if (f == NULL) {
		return err_set(err, ERR_INPUT, errno,
		    "cannot open watchlist '%s': %s", path, strerror(errno));
	}
	buf = malloc(READ_CHUNK);
	if (buf == NULL) {
		err_set(err, ERR_SYS, 0, "out of memory");
		goto out;
	}
	len = fread(buf, 1, HEAD_MAX, f);
	if (ferror(f)) {
		err_set(err, ERR_INPUT, errno, "cannot read watchlist '%s': %s",
		    path, strerror(errno));
		goto out;
	}
	if (job_format(j, i, buf, len, &fmt, err) == -1) {
		goto out;
	}
	if (fmt != WL_FORMAT_OFAC_XML) {
		if (read_rest(f, path, &buf, &len, err) == -1 ||
		    parse_text(j, i, fmt, buf, len, err) == -1) {
			goto out;
		}
		rc = 0;
		goto out;
	}
	/* Stream the XML: the real file is over 100 MB. */
	n = len;
	do {
		if (wl_ofac_feed(j->ofac, buf, n, 0, err) == -1) {
			goto out;
		}
		n = fread(buf, 1, READ_CHUNK, f);
	} while (n > 0);
	if (ferror(f)) {
		err_set(err, ERR_INPUT, errno, "cannot read watchlist '%s': %s",
		    path, strerror(errno));
		goto out;
	}
	rc = wl_ofac_feed(j->ofac, buf, 0, 1, err);
out:
	free(buf);
	fclose(f);
	return rc;
}

static int
key_eq(void *ctx, size_t i)
{
	const struct wl_batch *b = ((const struct dup_ctx *)ctx)->b;
	const struct wl_item *it = ((const struct dup_ctx *)ctx)->it;

	return b->v[i].a.len == it->a.len &&
	    memcmp(b->v[i].a.key, it->a.key, it->a.len) == 0;
}

/* Distinct addresses among the batch's listings. */
static int
count_addresses(const struct wl_batch *b, size_t *out, struct err *err)
{
	struct wl_set s;
	struct dup_ctx d;
	uint32_t h;
	size_t i;
	int rc = -1;

	memset(&s, 0, sizeof(s));
	*out = 0;
	d.b = b;
	for (i = 0; i < b->n; i++) {
		d.it = &b->v[i];
		h = wl_hash(WL_HASH_INIT, b->v[i].a.key, b->v[i].a.len);
		if (wl_set_find(&s, h, key_eq, &d) != (size_t)-1) {
			continue;
		}
		if (wl_set_add(&s, h, i, err) == -1) {
			goto out;
		}
		(*out)++;
	}
	rc = 0;
out:
	wl_set_release(&s);
	return rc;
}

/*
 * The store's view of a batch: arrays pointing into it, valid while it
 * lives. Free *addrs and *ls with free().
 */
static int
to_import(struct store_wl_import *imp, const struct wl_batch *b,
    size_t nnames, const char *source, enum wl_format fmt,
    struct addr **addrs,
    struct store_listing **ls, struct err *err)
{
	struct store_source *m = &imp->meta;
	size_t i, nd = 0, off = 0, k;

	*addrs = NULL;
	*ls = NULL;
	memset(imp, 0, sizeof(*imp));
	if (count_addresses(b, &nd, err) == -1) {
		return -1;
	}
	if (b->n > UINT32_MAX) {
		return err_set(err, ERR_INPUT, 0, "too many listings");
	}
	*addrs = malloc((b->n ? b->n : 1) * sizeof(**addrs));
	*ls = malloc((b->n ? b->n : 1) * sizeof(**ls));
	if (*addrs == NULL || *ls == NULL) {
		return err_set(err, ERR_SYS, 0, "out of memory");
	}
	for (i = 0; i < b->n; i++) {
		(*addrs)[i] = b->v[i].a;
		(*ls)[i].source = source;
		(*ls)[i].category = b->v[i].category;
		(*ls)[i].listed_on = b->v[i].listed_on;
		(*ls)[i].delisted_on = b->v[i].delisted_on;
		(*ls)[i].label = b->pool + b->v[i].label;
		(*ls)[i].reference = b->pool + b->v[i].reference;
	}
	snprintf(m->name, sizeof(m->name), "%s", source);
	snprintf(m->format, sizeof(m->format), "%s", fmt_names[fmt]);
	for (i = 0; i < nnames; i++) {
		k = (size_t)snprintf(m->origin + off, sizeof(m->origin) - off,
		    "%s%s", i ? ", " : "", b->names[i]);
		if (k >= sizeof(m->origin) - off) {
			/* Truncated: say so rather than cut a name silently. */
			memcpy(m->origin + sizeof(m->origin) - 4, "...", 4);
			break;
		}
		off += k;
	}
	m->imported_at = (int64_t)time(NULL);
	m->issued = b->issued;
	m->addresses = (uint32_t)nd;
	m->listings = (uint32_t)b->n;
	imp->n = b->n;
	imp->addrs = *addrs;
	imp->listings = *ls;
	return 0;
}

/* Everything parsed: merge an OFAC issue, then one write transaction. */
static int
job_commit(struct job *j, struct store *st, struct wl_import_result *res,
    struct err *err)
{
	const struct wl_import_opts *opts = j->opts;
	struct store_wl_import imp;
	struct store_listing *ls = NULL;
	struct addr *addrs = NULL;
	char source[STORE_NAME_MAX];
	int rc = -1;

	if (opts != NULL && opts->source != NULL) {
		snprintf(source, sizeof(source), "%s", opts->source);
	} else if (j->format == WL_FORMAT_OFAC_XML) {
		snprintf(source, sizeof(source), "ofac-sdn");
	} else if (stem(source, j->b.names[0], err) == -1) {
		return -1;
	}
	if (j->ofac != NULL &&
	    wl_ofac_finish(j->ofac, st, source, err) == -1) {
		return -1;
	}
	if (to_import(&imp, &j->b, j->nfiles, source, j->format, &addrs,
	    &ls, err) == -1) {
		goto out;
	}
	if (store_wl_replace(st, &imp, 1, 0, err) == -1) {
		goto out;
	}
	if (res != NULL) {
		memset(res, 0, sizeof(*res));
		snprintf(res->source, sizeof(res->source), "%s", source);
		res->format = j->format;
		res->rows = j->b.rows;
		res->addresses = imp.meta.addresses;
		res->listings = j->b.n;
		res->warnings = j->b.warnings;
		res->delisted = j->b.delisted;
		res->issued = j->b.issued;
	}
	rc = 0;
out:
	free(addrs);
	free(ls);
	return rc;
}

int
wl_import(struct store *st, const char *const *paths, size_t npaths,
    const struct wl_import_opts *opts, struct wl_import_result *res,
    struct err *err)
{
	const char **names = NULL;
	struct job j;
	size_t i;
	int rc = -1;

	if (job_init(&j, NULL, npaths, opts, err) == -1) {
		goto out;
	}
	/* NULL-terminated copy, for messages and the origin. */
	names = calloc(npaths + 1, sizeof(*names));
	if (names == NULL) {
		err_set(err, ERR_SYS, 0, "out of memory");
		goto out;
	}
	memcpy(names, paths, npaths * sizeof(*names));
	j.b.names = names;
	for (i = 0; i < npaths; i++) {
		if (parse_file(&j, (uint32_t)i, err) == -1) {
			goto out;
		}
	}
	rc = job_commit(&j, st, res, err);
out:
	job_release(&j);
	free(names);
	return rc;
}

int
wl_import_buffer(struct store *st, const char *name, const char *buf,
    size_t len, const struct wl_import_opts *opts,
    struct wl_import_result *res, struct err *err)
{
	const char *names[2];
	enum wl_format fmt;
	struct job j;
	int rc = -1;

	names[0] = name;
	names[1] = NULL;
	if (job_init(&j, names, 1, opts, err) == -1) {
		goto out;
	}
	if (job_format(&j, 0, buf, len < HEAD_MAX ? len : HEAD_MAX, &fmt,
	    err) == -1) {
		goto out;
	}
	if (fmt == WL_FORMAT_OFAC_XML) {
		if (wl_ofac_feed(j.ofac, buf, len, 1, err) == -1) {
			goto out;
		}
	} else if (parse_text(&j, 0, fmt, buf, len, err) == -1) {
		goto out;
	}
	rc = job_commit(&j, st, res, err);
out:
	job_release(&j);
	return rc;
}

int
wl_seed(struct store *st, struct err *err)
{
	struct store_wl_import *imp = NULL;
	struct store_listing **ls = NULL;
	struct wl_batch *b = NULL;
	struct addr **addrs = NULL;
	size_t n = wl_bundled_count, i;
	int rc = -1, seeded;

	seeded = store_wl_seeded(st, err);
	if (seeded != 0) {
		return seeded == 1 ? 0 : -1;
	}
	imp = calloc(n + 1, sizeof(*imp));
	ls = calloc(n + 1, sizeof(*ls));
	b = calloc(n + 1, sizeof(*b));
	addrs = calloc(n + 1, sizeof(*addrs));
	if (imp == NULL || ls == NULL || b == NULL || addrs == NULL) {
		err_set(err, ERR_SYS, 0, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		const struct wl_bundled *w = &wl_bundled[i];

		if (wl_batch_init(&b[i], err) == -1) {
			goto out;
		}
		b[i].names = &w->file;
		if (wl_csv_parse(&b[i], 0, w->data, w->len, err) == -1 ||
		    to_import(&imp[i], &b[i], 1, w->source, WL_FORMAT_CSV,
		    &addrs[i], &ls[i], err) == -1) {
			goto out;
		}
	}
	if (store_wl_replace(st, imp, n, 1, err) == -1) {
		goto out;
	}
	rc = 1;
out:
	for (i = 0; b != NULL && i < n; i++) {
		wl_batch_release(&b[i]);
		free(addrs[i]);
		free(ls[i]);
	}
	free(imp);
	free(ls);
	free(b);
	free(addrs);
	return rc;
}
