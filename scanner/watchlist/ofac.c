/*
 * ofac.c - OFAC's sdn_advanced.xml, streamed through expat (the file is
 * ~120 MB: no tree is ever built). Collects the DateOfIssue, the
 * "Digital Currency Address - TICKER" feature types, and for each
 * DistinctParty its SDN uid, primary name and digital-currency features;
 * then merges with the source's previous issue so that addresses gone
 * from this issue keep their listing with delisted_on = its date.
 * Element names are matched on their local part: the default namespace
 * changed in 2024 (sdn-excerpt/README.md), and expat runs without
 * namespace processing.
 */
#include <expat.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "wl_int.h"

#define TEXT_MAX	4096	/* bytes of one element's text we keep */
#define LABEL_MAX	512	/* bytes of a party's name */
#define CHUNK		(1u << 20)

static const char dc_prefix[] = "Digital Currency Address - ";

struct ftype {
	uint32_t	 id;
	int		 tick;		/* into tickers; -1: not an address */
};

struct party {
	uint64_t	 uid;		/* DistinctParty FixedRef = SDN uid */
	size_t		 label;		/* pool offset of the primary name */
};

/* One (address, uid): one listing, however often OFAC repeats it. */
struct hit {
	struct addr	 a;
	uint32_t	 party;
	uint32_t	 line;
	uint32_t	 ticks;		/* head of the ticker list, index + 1 */
};

struct tlink {
	uint32_t	 tick;
	uint32_t	 next;		/* index + 1, 0 ends */
};

struct wl_ofac {
	XML_Parser	 xp;
	struct wl_batch	*b;
	uint32_t	 file;
	const char	*name;
	struct err	 e;
	int		 failed;
	int		 depth;
	unsigned long	 root_line;	/* where the root element starts */
	/* DateOfIssue */
	int		 doi;		/* its depth while inside */
	long		 ymd[3];
	int		 part;		/* 0 year, 1 month, 2 day */
	int32_t		 issued;
	/* FeatureTypeValues */
	int		 ftv;
	uint32_t	 ft_id;
	struct ftype	*ft;
	size_t		 nft, capft;
	int		 ft_sorted;
	char		**tickers;
	size_t		 ntick;
	/* the DistinctParty being read */
	int		 party;		/* its depth, 0 outside */
	struct party	*parties;
	size_t		 nparty, capparty;
	int		 alias;		/* depth of the primary Alias */
	int		 docname;	/* depth of its first DocumentedName */
	int		 named;		/* the party's name is complete */
	char		 label[LABEL_MAX];
	size_t		 llen;
	int		 feature;	/* depth of the Feature */
	int		 feat_tick;
	/* text of the element being collected */
	int		 collect;	/* its depth, 0 when not collecting */
	char		 text[TEXT_MAX];
	size_t		 tlen;
	int		 overflow;
	/* results */
	struct hit	*hits;
	size_t		 nhit, caphit;
	struct tlink	*links;
	size_t		 nlink, caplink;
	struct wl_set	 set;
	uint64_t	 cur_uid;	/* for the set's eq */
	const struct addr *cur_a;
};

static const char *
local(const char *name)
{
	const char *c = strrchr(name, ':');

	return c != NULL ? c + 1 : name;
}

static const char *
attr(const XML_Char **atts, const char *want)
{
	size_t i;

	for (i = 0; atts[i] != NULL; i += 2) {
		if (strcmp(local(atts[i]), want) == 0) {
			return atts[i + 1];
		}
	}
	return NULL;
}

static unsigned long
line_no(const struct wl_ofac *o)
{
	return (unsigned long)XML_GetCurrentLineNumber(o->xp);
}

/* Stop the parse with "FILE:LINE: msg". */
static void
fail(struct wl_ofac *o, enum err_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
fail(struct wl_ofac *o, enum err_code code, const char *fmt, ...)
{
	char msg[sizeof(o->e.msg)];
	va_list ap;

	if (o->failed) {
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	err_set(&o->e, code, 0, "%s:%lu: %s", o->name, line_no(o), msg);
	o->failed = 1;
	XML_StopParser(o->xp, XML_FALSE);
}

static int
parse_u64(uint64_t *v, const char *s)
{
	uint64_t x = 0;

	if (s == NULL || *s == '\0') {
		return -1;
	}
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' || x > (UINT64_MAX - 9) / 10) {
			return -1;
		}
		x = x * 10 + (uint64_t)(*s - '0');
	}
	*v = x;
	return 0;
}

static void
start_collect(struct wl_ofac *o)
{
	o->collect = o->depth;
	o->tlen = 0;
	o->overflow = 0;
}

static void XMLCALL
on_text(void *ud, const XML_Char *s, int len)
{
	struct wl_ofac *o = ud;
	size_t n = (size_t)len;

	if (o->collect == 0 || o->failed) {
		return;
	}
	if (n > TEXT_MAX - 1 - o->tlen) {
		n = TEXT_MAX - 1 - o->tlen;
		o->overflow = 1;
	}
	memcpy(o->text + o->tlen, s, n);
	o->tlen += n;
	o->text[o->tlen] = '\0';
}

static int
ft_cmp(const void *a, const void *b)
{
	const struct ftype *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

static const struct ftype *
ft_find(struct wl_ofac *o, uint32_t id)
{
	size_t lo = 0, hi, mid;

	if (o->nft == 0) {
		return NULL;
	}
	if (!o->ft_sorted) {
		qsort(o->ft, o->nft, sizeof(*o->ft), ft_cmp);
		o->ft_sorted = 1;
	}
	hi = o->nft;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (o->ft[mid].id == id) {
			return &o->ft[mid];
		}
		if (o->ft[mid].id < id) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return NULL;
}

static int
ticker_index(struct wl_ofac *o, const char *t, size_t n)
{
	char **v;
	size_t i;

	for (i = 0; i < o->ntick; i++) {
		if (strlen(o->tickers[i]) == n &&
		    memcmp(o->tickers[i], t, n) == 0) {
			return (int)i;
		}
	}
	v = realloc(o->tickers, (o->ntick + 1) * sizeof(*v));
	if (v == NULL) {
		return -1;
	}
	o->tickers = v;
	v[o->ntick] = malloc(n + 1);
	if (v[o->ntick] == NULL) {
		return -1;
	}
	memcpy(v[o->ntick], t, n);
	v[o->ntick][n] = '\0';
	return (int)o->ntick++;
}

static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && strchr(" \t\r\n", (*s)[0]) != NULL) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && strchr(" \t\r\n", (*s)[*n - 1]) != NULL) {
		(*n)--;
	}
}

static void
end_feature_type(struct wl_ofac *o)
{
	const char *t = o->text;
	size_t n = o->tlen, plen = sizeof(dc_prefix) - 1;
	int tick = -1;

	trim(&t, &n);
	if (n > plen && memcmp(t, dc_prefix, plen) == 0) {
		t += plen;
		n -= plen;
		trim(&t, &n);
		/* A ticker addr_other refuses only costs its odd addresses. */
		tick = ticker_index(o, t, n);
		if (tick < 0) {
			fail(o, ERR_SYS, "out of memory");
			return;
		}
	}
	if (wl_grow(&o->ft, &o->capft, o->nft, sizeof(*o->ft)) == -1) {
		fail(o, ERR_SYS, "out of memory");
		return;
	}
	o->ft[o->nft].id = o->ft_id;
	o->ft[o->nft].tick = tick;
	o->nft++;
	o->ft_sorted = 0;
}

static int
hit_eq(void *ctx, size_t i)
{
	struct wl_ofac *o = ctx;
	const struct hit *h = &o->hits[i];

	return o->parties[h->party].uid == o->cur_uid &&
	    h->a.len == o->cur_a->len &&
	    memcmp(h->a.key, o->cur_a->key, h->a.len) == 0;
}

static int
add_tick(struct wl_ofac *o, struct hit *h, int tick)
{
	uint32_t i;

	for (i = h->ticks; i != 0; i = o->links[i - 1].next) {
		if (o->links[i - 1].tick == (uint32_t)tick) {
			return 0;
		}
	}
	if (wl_grow(&o->links, &o->caplink, o->nlink,
	    sizeof(*o->links)) == -1) {
		return -1;
	}
	o->links[o->nlink].tick = (uint32_t)tick;
	o->links[o->nlink].next = h->ticks;
	h->ticks = (uint32_t)++o->nlink;
	return 0;
}

/*
 * One VersionDetail of a digital-currency Feature: classify it by form
 * (DESIGN.md "Addresses"), keep what cannot be classified under its
 * ticker with a warning, and fold repeats into one hit per (address, uid).
 */
static void
end_address(struct wl_ofac *o)
{
	struct wl_batch *b = o->b;
	const char *t = o->text, *tick = o->tickers[o->feat_tick];
	struct party *p = &o->parties[o->nparty - 1];
	char low[43], q[80];
	struct err e;
	struct addr a;
	struct hit *h;
	size_t n = o->tlen, i, k;
	uint32_t hash;

	trim(&t, &n);
	if (n == 0) {
		wl_batch_warn(b, o->name, line_no(o), "empty %s address of "
		    "SDN uid %llu: skipped", tick,
		    (unsigned long long)p->uid);
		return;
	}
	if (wl_evm_form(t, n)) {
		/* OFAC publishes EIP-55 and lower case alike: lower it. */
		for (i = 0; i < n; i++) {
			low[i] = (char)(t[i] >= 'A' && t[i] <= 'F' ?
			    t[i] + ('a' - 'A') : t[i]);
		}
		low[1] = 'x';
		if (addr_parse(&a, low, n, &e) == -1) {
			fail(o, ERR_INPUT, "%s", e.msg);
			return;
		}
	} else if (o->overflow || addr_parse(&a, t, n, &e) == -1) {
		if (o->overflow || addr_other(&a, tick, t, n, &e) == -1) {
			wl_batch_warn(b, o->name, line_no(o), "%s address "
			    "'%s' of SDN uid %llu cannot be kept: skipped",
			    tick, wl_quote(q, sizeof(q), t, n),
			    (unsigned long long)p->uid);
			return;
		}
		wl_batch_warn(b, o->name, line_no(o), "%s address '%s' of "
		    "SDN uid %llu is no ethereum or bitcoin address: kept "
		    "verbatim", tick, wl_quote(q, sizeof(q), t, n),
		    (unsigned long long)p->uid);
	}
	b->rows++;
	o->cur_uid = p->uid;
	o->cur_a = &a;
	hash = wl_hash(wl_hash(WL_HASH_INIT, a.key, a.len), &p->uid,
	    sizeof(p->uid));
	k = wl_set_find(&o->set, hash, hit_eq, o);
	if (k == (size_t)-1) {
		if (wl_grow(&o->hits, &o->caphit, o->nhit,
		    sizeof(*o->hits)) == -1) {
			fail(o, ERR_SYS, "out of memory");
			return;
		}
		k = o->nhit++;
		h = &o->hits[k];
		h->a = a;
		h->party = (uint32_t)(o->nparty - 1);
		h->line = (uint32_t)line_no(o);
		h->ticks = 0;
		if (wl_set_add(&o->set, hash, k, &e) == -1) {
			fail(o, ERR_SYS, "out of memory");
			return;
		}
	}
	if (add_tick(o, &o->hits[k], o->feat_tick) == -1) {
		fail(o, ERR_SYS, "out of memory");
	}
}

static void
start_party(struct wl_ofac *o, const XML_Char **atts)
{
	uint64_t uid;

	if (parse_u64(&uid, attr(atts, "FixedRef")) == -1) {
		fail(o, ERR_INPUT, "DistinctParty without a numeric FixedRef");
		return;
	}
	if (wl_grow(&o->parties, &o->capparty, o->nparty,
	    sizeof(*o->parties)) == -1) {
		fail(o, ERR_SYS, "out of memory");
		return;
	}
	o->parties[o->nparty].uid = uid;
	o->parties[o->nparty].label = 0;
	o->nparty++;
	o->party = o->depth;
	o->named = 0;
	o->llen = 0;
	o->label[0] = '\0';
}

static void
start_feature(struct wl_ofac *o, const XML_Char **atts)
{
	const struct ftype *f;
	const char *id = attr(atts, "FeatureTypeID");
	uint64_t v;

	if (parse_u64(&v, id) == -1 || v > UINT32_MAX) {
		fail(o, ERR_INPUT, "Feature without a numeric FeatureTypeID");
		return;
	}
	f = ft_find(o, (uint32_t)v);
	if (f == NULL) {
		fail(o, ERR_INPUT, "unknown feature type '%s'", id);
		return;
	}
	o->feature = o->depth;
	o->feat_tick = f->tick;
}

static void XMLCALL
on_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
	struct wl_ofac *o = ud;
	const char *ln = local(el), *v;
	uint64_t id;

	if (o->failed) {
		return;
	}
	o->depth++;
	if (o->depth == 1) {
		o->root_line = line_no(o);
		if (strcmp(ln, "Sanctions") != 0) {
			fail(o, ERR_INPUT, "root element '%s' is not "
			    "'Sanctions': not an OFAC sdn_advanced file", ln);
		}
		return;
	}
	if (o->doi != 0) {
		o->part = strcmp(ln, "Year") == 0 ? 0 :
		    strcmp(ln, "Month") == 0 ? 1 :
		    strcmp(ln, "Day") == 0 ? 2 : -1;
		if (o->part >= 0) {
			start_collect(o);
		}
	} else if (o->depth == 2 && strcmp(ln, "DateOfIssue") == 0) {
		o->doi = o->depth;
		o->ymd[0] = o->ymd[1] = o->ymd[2] = -1;
	} else if (strcmp(ln, "FeatureTypeValues") == 0) {
		o->ftv = o->depth;
	} else if (o->ftv != 0 && strcmp(ln, "FeatureType") == 0) {
		v = attr(atts, "ID");
		if (parse_u64(&id, v) == -1 || id > UINT32_MAX) {
			fail(o, ERR_INPUT, "FeatureType without a numeric ID");
			return;
		}
		o->ft_id = (uint32_t)id;
		start_collect(o);
	} else if (o->party == 0) {
		if (strcmp(ln, "DistinctParty") == 0) {
			start_party(o, atts);
		}
	} else if (strcmp(ln, "Feature") == 0) {
		start_feature(o, atts);
	} else if (o->feature != 0) {
		if (o->feat_tick >= 0 && strcmp(ln, "VersionDetail") == 0) {
			start_collect(o);
		}
	} else if (strcmp(ln, "Alias") == 0) {
		v = attr(atts, "Primary");
		if (!o->named && o->alias == 0 && v != NULL &&
		    strcmp(v, "true") == 0) {
			o->alias = o->depth;
		}
	} else if (o->alias != 0 && o->docname == 0 && !o->named &&
	    strcmp(ln, "DocumentedName") == 0) {
		o->docname = o->depth;
	} else if (o->docname != 0 && strcmp(ln, "NamePartValue") == 0) {
		start_collect(o);
	}
}

static void
end_name_part(struct wl_ofac *o)
{
	const char *t = o->text;
	size_t n = o->tlen;

	trim(&t, &n);
	if (n == 0) {
		return;
	}
	if (o->llen > 0 && o->llen < LABEL_MAX - 1) {
		o->label[o->llen++] = ' ';
	}
	if (n > LABEL_MAX - 1 - o->llen) {
		n = LABEL_MAX - 1 - o->llen;
	}
	memcpy(o->label + o->llen, t, n);
	o->llen += n;
	o->label[o->llen] = '\0';
}

static void
end_collect(struct wl_ofac *o, const char *ln)
{
	char *end;
	long v;

	o->collect = 0;
	if (o->doi != 0) {
		v = strtol(o->text, &end, 10);
		while (*end == ' ' || *end == '\t' || *end == '\r' ||
		    *end == '\n') {
			end++;
		}
		if (end == o->text || *end != '\0' || v < 0 || v > 9999) {
			fail(o, ERR_INPUT, "bad DateOfIssue %s '%s'", ln,
			    o->text);
			return;
		}
		o->ymd[o->part] = v;
	} else if (o->ftv != 0) {
		end_feature_type(o);
	} else if (o->feature != 0) {
		end_address(o);
	} else if (o->docname != 0) {
		end_name_part(o);
	}
}

static void XMLCALL
on_end(void *ud, const XML_Char *el)
{
	struct wl_ofac *o = ud;
	struct err e;
	long off;

	if (o->failed) {
		return;
	}
	if (o->collect == o->depth) {
		end_collect(o, local(el));
	}
	if (o->depth == o->doi) {
		o->doi = 0;
		if (date_from_ymd(&o->issued, (int)o->ymd[0], (int)o->ymd[1],
		    (int)o->ymd[2]) == -1) {
			fail(o, ERR_INPUT, "bad DateOfIssue %ld-%ld-%ld",
			    o->ymd[0], o->ymd[1], o->ymd[2]);
		}
	} else if (o->depth == o->ftv) {
		o->ftv = 0;
	} else if (o->depth == o->feature) {
		o->feature = 0;
	} else if (o->depth == o->docname) {
		/* Only the first DocumentedName: others are other scripts. */
		o->docname = 0;
		o->named = 1;
	} else if (o->depth == o->alias) {
		o->alias = 0;
	} else if (o->depth == o->party) {
		o->party = 0;
		off = wl_batch_str(o->b, o->label, o->llen, &e);
		if (off < 0) {
			fail(o, ERR_SYS, "out of memory");
		} else {
			o->parties[o->nparty - 1].label = (size_t)off;
		}
	}
	o->depth--;
}

int
wl_ofac_create(struct wl_ofac **out, struct wl_batch *b, uint32_t file,
    struct err *err)
{
	struct wl_ofac *o;

	*out = NULL;
	o = calloc(1, sizeof(*o));
	if (o == NULL) {
		return err_set(err, ERR_SYS, 0, "out of memory");
	}
	o->b = b;
	o->file = file;
	o->name = b->names[file];
	o->issued = DATE_NONE;
	o->xp = XML_ParserCreate(NULL);
	if (o->xp == NULL) {
		free(o);
		return err_set(err, ERR_SYS, 0, "out of memory");
	}
	XML_SetUserData(o->xp, o);
	XML_SetElementHandler(o->xp, on_start, on_end);
	XML_SetCharacterDataHandler(o->xp, on_text);
	*out = o;
	return 0;
}

void
wl_ofac_destroy(struct wl_ofac *o)
{
	size_t i;

	if (o == NULL) {
		return;
	}
	XML_ParserFree(o->xp);
	for (i = 0; i < o->ntick; i++) {
		free(o->tickers[i]);
	}
	free(o->tickers);
	free(o->ft);
	free(o->parties);
	free(o->hits);
	free(o->links);
	wl_set_release(&o->set);
	free(o);
}

int
wl_ofac_feed(struct wl_ofac *o, const char *buf, size_t len, int final,
    struct err *err)
{
	size_t n;
	int last;

	do {
		n = len < CHUNK ? len : CHUNK;
		last = final && n == len;
		if (XML_Parse(o->xp, buf, (int)n, last) == XML_STATUS_ERROR) {
			if (o->failed) {
				*err = o->e;
				return -1;
			}
			return err_set(err, ERR_INPUT, 0, "%s:%lu: %s",
			    o->name, line_no(o),
			    XML_ErrorString(XML_GetErrorCode(o->xp)));
		}
		buf += n;
		len -= n;
	} while (len > 0);
	return 0;
}

/* A listing the source held before this import. */
struct prev {
	struct wl_item	 it;
	uint64_t	 uid;		/* 0: reference names none */
	uint32_t	 next;		/* same address, index + 1 */
	int		 used;		/* carried into this issue */
};

struct merge {
	struct wl_batch	*b;
	struct prev	*v;
	size_t		 n, cap;
	struct wl_set	 set;		/* by address: first of the chain */
	const struct addr *cur;
	struct err	*err;
};

/* The SDN uid in a reference "OFAC SDN uid 27307; ETH", or 0. */
static uint64_t
ref_uid(const char *ref)
{
	const char *p = strstr(ref, "uid");
	uint64_t v = 0;

	if (p == NULL) {
		return 0;
	}
	for (p += 3; *p == ' ' || *p == ':' || *p == '#'; p++) {
	}
	for (; *p >= '0' && *p <= '9' && v < UINT64_MAX / 10 - 9; p++) {
		v = v * 10 + (uint64_t)(*p - '0');
	}
	return v;
}

/*
 * What identifies an address across issues: its key, except that text
 * kept verbatim is matched without its ticker (a list may have filed a
 * Tron address OFAC publishes under USDT as TRX).
 */
static void
match_key(const struct addr *a, const uint8_t **p, size_t *n)
{
	const uint8_t *z;

	*p = a->key;
	*n = a->len;
	if (a->chain != ADDR_OTHER) {
		return;
	}
	z = memchr(a->key + 1, 0, a->len - 1);
	if (z != NULL) {
		*p = z + 1;
		*n = a->len - (size_t)(*p - a->key);
	}
}

static uint32_t
match_hash(const struct addr *a)
{
	const uint8_t *p;
	size_t n;

	match_key(a, &p, &n);
	return wl_hash(wl_hash(WL_HASH_INIT, &a->chain, 1), p, n);
}

static int
prev_eq(void *ctx, size_t i)
{
	struct merge *m = ctx;
	const uint8_t *p, *q;
	size_t n, k;

	if (m->v[i].it.a.chain != m->cur->chain) {
		return 0;
	}
	match_key(&m->v[i].it.a, &p, &n);
	match_key(m->cur, &q, &k);
	return n == k && memcmp(p, q, n) == 0;
}

static int
prev_add(void *ctx, const struct addr *a, const struct store_listing *l)
{
	struct merge *m = ctx;
	struct prev *p;
	uint32_t h;
	size_t k;
	long off;

	if (wl_grow(&m->v, &m->cap, m->n, sizeof(*m->v)) == -1) {
		err_set(m->err, ERR_SYS, 0, "out of memory");
		return -1;
	}
	p = &m->v[m->n];
	memset(p, 0, sizeof(*p));
	p->it.a = *a;
	p->it.category = l->category;
	p->it.listed_on = l->listed_on;
	p->it.delisted_on = l->delisted_on;
	off = wl_batch_str(m->b, l->label, strlen(l->label), m->err);
	if (off < 0) {
		return -1;
	}
	p->it.label = (size_t)off;
	off = wl_batch_str(m->b, l->reference, strlen(l->reference), m->err);
	if (off < 0) {
		return -1;
	}
	p->it.reference = (size_t)off;
	p->uid = ref_uid(l->reference);
	m->cur = a;
	h = match_hash(a);
	k = wl_set_find(&m->set, h, prev_eq, m);
	if (k == (size_t)-1) {
		if (wl_set_add(&m->set, h, m->n, m->err) == -1) {
			return -1;
		}
	} else {
		while (m->v[k].next != 0) {
			k = m->v[k].next - 1;
		}
		m->v[k].next = (uint32_t)(m->n + 1);
	}
	m->n++;
	return 0;
}

/*
 * Does the source's previous content come from an earlier issue? An OFAC
 * issue older than the one imported is refused: delisting dates would
 * run backwards.
 */
static int
prev_issue(struct wl_ofac *o, struct store *st, const char *source,
    int *have, struct err *err)
{
	struct store_source *src = NULL;
	char d1[11], d2[11];
	size_t n = 0, i;
	int rc = -1;

	*have = 0;
	if (store_wl_sources(st, &src, &n, err) == -1) {
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (strcmp(src[i].name, source) != 0 ||
		    strcmp(src[i].format, "ofac-xml") != 0 ||
		    src[i].issued == DATE_NONE) {
			continue;
		}
		if (src[i].issued > o->issued) {
			date_format(d1, o->issued);
			date_format(d2, src[i].issued);
			err_set(err, ERR_INPUT, 0, "%s: issue of %s is older "
			    "than the one source '%s' holds (%s)", o->name, d1,
			    source, d2);
			goto out;
		}
		*have = 1;
	}
	rc = 0;
out:
	free(src);
	return rc;
}

static int
tick_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "OFAC SDN uid N; T1, T2" with the tickers sorted. */
static long
reference(struct wl_ofac *o, const struct hit *h, struct err *err)
{
	const char *t[64];
	char buf[1024];
	size_t n = 0, len, i, k;
	uint32_t l;

	for (l = h->ticks; l != 0 && n < 64; l = o->links[l - 1].next) {
		t[n++] = o->tickers[o->links[l - 1].tick];
	}
	qsort(t, n, sizeof(t[0]), tick_cmp);
	len = (size_t)snprintf(buf, sizeof(buf), "OFAC SDN uid %llu;",
	    (unsigned long long)o->parties[h->party].uid);
	for (i = 0; i < n; i++) {
		k = (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s",
		    i ? ", " : " ", t[i]);
		if (k >= sizeof(buf) - len) {
			len = sizeof(buf) - 1;
			break;
		}
		len += k;
	}
	return wl_batch_str(o->b, buf, len, err);
}

/* Among the earlier listings of a, the one this issue carries on. */
static struct prev *
carried(struct merge *m, const struct addr *a, uint64_t uid, int32_t day,
    int *relisted)
{
	struct prev *p, *best = NULL;
	size_t k;

	*relisted = 0;
	m->cur = a;
	k = wl_set_find(&m->set, match_hash(a), prev_eq, m);
	for (; k != (size_t)-1; k = (size_t)m->v[k].next - 1) {
		p = &m->v[k];
		if (p->used || (p->uid != uid && p->uid != 0)) {
			continue;
		}
		if (p->it.delisted_on != DATE_NONE &&
		    p->it.delisted_on <= day) {
			*relisted = 1;
			continue;
		}
		if (best == NULL || (best->uid == 0 && p->uid == uid)) {
			best = p;
		}
	}
	return best;
}

/*
 * Write this issue's listings into b, merged with the source's previous
 * listings (DESIGN.md "Listings"; wl.h wl_import).
 */
int
wl_ofac_finish(struct wl_ofac *o, struct store *st, const char *source,
    struct err *err)
{
	struct wl_batch *b = o->b;
	struct merge m;
	struct wl_item it;
	struct prev *p;
	size_t i;
	long off;
	int have = 0, relisted, rc = -1;
	int32_t day = o->issued;

	memset(&m, 0, sizeof(m));
	m.b = b;
	m.err = err;
	if (day == DATE_NONE) {
		return err_set(err, ERR_INPUT, 0, "%s:%lu: no DateOfIssue",
		    o->name, o->root_line);
	}
	b->issued = day;
	if (prev_issue(o, st, source, &have, err) == -1) {
		goto out;
	}
	if (store_wl_each(st, source, prev_add, &m, err) != 0) {
		goto out;
	}
	for (i = 0; i < o->nhit; i++) {
		const struct hit *h = &o->hits[i];
		uint64_t uid = o->parties[h->party].uid;

		memset(&it, 0, sizeof(it));
		it.a = h->a;
		it.category = (uint8_t)(b->category > 0 ? b->category :
		    WL_SANCTIONED);
		it.label = o->parties[h->party].label;
		it.file = o->file;
		it.line = h->line;
		off = reference(o, h, err);
		if (off < 0) {
			goto out;
		}
		it.reference = (size_t)off;
		it.listed_on = DATE_NONE;
		it.delisted_on = DATE_NONE;
		p = carried(&m, &h->a, uid, day, &relisted);
		if (p != NULL) {
			/* Still listed: the listing goes on as it was. */
			p->used = 1;
			if (p->it.listed_on == DATE_NONE ||
			    p->it.listed_on <= day) {
				it.listed_on = p->it.listed_on;
			}
			it.delisted_on = p->it.delisted_on;
		} else if (have || relisted) {
			it.listed_on = day;
		}
		if (wl_batch_push(b, &it, err) == -1) {
			goto out;
		}
	}
	for (i = 0; i < m.n; i++) {
		p = &m.v[i];
		if (p->used) {
			continue;
		}
		/* Gone from this issue (unless dated after it or gone). */
		if ((p->it.listed_on == DATE_NONE || p->it.listed_on <= day) &&
		    (p->it.delisted_on == DATE_NONE ||
		    p->it.delisted_on > day)) {
			p->it.delisted_on = day;
			b->delisted++;
		}
		if (wl_batch_push(b, &p->it, err) == -1) {
			goto out;
		}
	}
	rc = 0;
out:
	free(m.v);
	wl_set_release(&m.set);
	return rc;
}
