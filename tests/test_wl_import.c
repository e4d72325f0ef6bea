/*
 * test_wl_import.c - the import driver against a real store (LMDB in a
 * fresh temporary directory): several files as one source, re-import
 * replacing, a failing import leaving every look-up as it was, several
 * sources on one address, point-in-time activity, and seeding the
 * bundled lists once.
 *
 * Known answers: EIP-55's example address 0x5aAeb6053F3E94C9b9A09f336694
 * 35E7Ef1BeAed (https://eips.ethereum.org/EIPS/eip-55); the other
 * addresses are real listed ones (shared/watchlist-sources/ronin.csv,
 * blender-xbt.txt), used here only as well-formed input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bundled.h"
#include "date.h"
#include "store.h"
#include "tap.h"
#include "wl.h"

#define EIP55	"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
#define RONIN	"0x098B716B8Aaf21512996dC57EB0615e2383E2f96"
#define LAZ2	"0xa0e1c89Ef1a489c9C7dE96311eD5Ce5D32c20E4B"
#define P2SH	"3F6bbvS1krsc1qR8FsbTDfYQyvkMm3QvmR"
#define P2PKH	"15PggTG7YhJKiE6B16vkKzA1YDTZipXEX4"

static char dir[] = "/tmp/test_wl_import.XXXXXX";
static int dbn;

static struct store *
fresh_store(void)
{
	char path[sizeof(dir) + 32];
	struct store *st = NULL;
	struct err e;

	snprintf(path, sizeof(path), "%s/db%d", dir, dbn++);
	if (store_open(&st, path, 0, &e) == -1) {
		printf("Bail out! store_open: %s\n", e.msg);
		exit(1);
	}
	return st;
}

static const char *
write_file(const char *name, const char *text)
{
	static char paths[8][sizeof(dir) + 64];
	static int k;
	char *p = paths[k++ % 8];
	FILE *f;

	snprintf(p, sizeof(paths[0]), "%s/%s", dir, name);
	f = fopen(p, "wb");
	fputs(text, f);
	fclose(f);
	return p;
}

/*
 * Every listing of addr as one string "source/category/label/on/off/ref;"
 * in the store's order: what screening sees.
 */
static void
lookup(struct store *st, const char *addr, char *out, size_t cap)
{
	struct store_listing l[16];
	struct store_reader *rd = NULL;
	struct addr a;
	struct err e;
	size_t n = 0, i, off = 0;
	char on[11], offd[11];
	int rc;

	out[0] = '\0';
	if (addr_parse(&a, addr, strlen(addr), &e) == -1 ||
	    store_reader_begin(st, &rd, &e) == -1) {
		snprintf(out, cap, "error: %s", e.msg);
		return;
	}
	rc = store_wl_lookup(rd, &a, l, 16, &n, &e);
	if (rc == -1) {
		snprintf(out, cap, "error: %s", e.msg);
	}
	for (i = 0; rc == 1 && i < n && i < 16; i++) {
		strcpy(on, "-");
		strcpy(offd, "-");
		if (l[i].listed_on != DATE_NONE) {
			date_format(on, l[i].listed_on);
		}
		if (l[i].delisted_on != DATE_NONE) {
			date_format(offd, l[i].delisted_on);
		}
		off += (size_t)snprintf(out + off, cap - off,
		    "%s/%s/%s/%s/%s/%s;", l[i].source,
		    wl_category_name(l[i].category), l[i].label, on, offd,
		    l[i].reference);
	}
	store_reader_end(rd);
}

static const char a_csv[] =
    "address,category,label,listed_on,delisted_on\n"
    RONIN ",heist,Ronin bridge exploiter,2022-03-23,\n"
    EIP55 ",mixer,EIP-55 example,,2025-03-21\n";
static const char b_lines[] = "# own list\n" P2SH "\n";
static const char a2_csv[] =
    "address,category,label\n" LAZ2 ",heist,second list\n";

/* Several files as one source, looked up; re-import replaces. */
static void
round_trip(void)
{
	struct wl_import_opts o;
	struct wl_import_result r;
	struct store_source *src = NULL;
	struct store *st = fresh_store();
	const char *paths[2];
	char got[2048];
	struct err e;
	size_t n = 0;
	time_t t0 = time(NULL);

	memset(&o, 0, sizeof(o));
	o.category = -1;
	o.source = "cases";
	paths[0] = write_file("a.csv", a_csv);
	paths[1] = write_file("b.txt", b_lines);
	if (!tap_ok(wl_import(st, paths, 2, &o, &r, &e) == 0,
	    "two files (csv and lines) import as one source")) {
		printf("#   %s\n", e.msg);
	}
	TAP_STR(r.source, "cases", "result: source");
	TAP_INT(r.format, WL_FORMAT_CSV, "result: format of the first file");
	TAP_INT(r.rows, 3, "result: rows");
	TAP_INT(r.listings, 3, "result: listings");
	TAP_INT(r.addresses, 3, "result: addresses");
	TAP_INT(r.issued, DATE_NONE, "result: no issue date for CSV");
	lookup(st, RONIN, got, sizeof(got));
	TAP_STR(got, "cases/heist/Ronin bridge exploiter/2022-03-23/-/;",
	    "look-up: the CSV row");
	lookup(st, EIP55, got, sizeof(got));
	TAP_STR(got, "cases/mixer/EIP-55 example/-/2025-03-21/;",
	    "look-up: unknown listed_on, delisted_on");
	lookup(st, P2SH, got, sizeof(got));
	TAP_STR(got, "cases/custom//-/-/;", "look-up: the lines file, custom");
	lookup(st, P2PKH, got, sizeof(got));
	TAP_STR(got, "", "look-up: an address never listed");
	store_wl_sources(st, &src, &n, &e);
	TAP_INT(n, 1, "one source");
	if (n == 1) {
		char want[600];

		snprintf(want, sizeof(want), "%s, %s", paths[0], paths[1]);
		TAP_STR(src[0].origin, want, "meta: origin lists both files");
		TAP_STR(src[0].format, "csv", "meta: format");
		TAP_INT(src[0].listings, 3, "meta: listings");
		TAP_INT(src[0].addresses, 3, "meta: addresses");
		TAP_INT(src[0].issued, DATE_NONE, "meta: issued");
		tap_ok(src[0].imported_at >= (int64_t)t0 &&
		    src[0].imported_at <= (int64_t)time(NULL),
		    "meta: imported_at is now");
	}
	free(src);

	paths[0] = write_file("a2.csv", a2_csv);
	TAP_INT(wl_import(st, paths, 1, &o, &r, &e), 0,
	    "re-import of the source");
	lookup(st, RONIN, got, sizeof(got));
	TAP_STR(got, "", "re-import: old rows gone");
	lookup(st, P2SH, got, sizeof(got));
	TAP_STR(got, "", "re-import: old file's rows gone");
	lookup(st, LAZ2, got, sizeof(got));
	TAP_STR(got, "cases/heist/second list/-/-/;", "re-import: new row");

	/* A duplicate across the files of one import names both. */
	paths[0] = write_file("d1.csv", "address\n" P2PKH "\n" EIP55 "\n");
	paths[1] = write_file("d2.txt", "\n" EIP55 "\n");
	TAP_INT(wl_import(st, paths, 2, &o, &r, &e), -1,
	    "a duplicate across files fails");
	{
		char want[600];

		snprintf(want, sizeof(want), "%s:2: duplicate of %s:3",
		    paths[1], paths[0]);
		TAP_STR(e.msg, want, "duplicate across files: message");
	}
	store_close(st);
}

/* A failing import changes nothing any look-up can see. */
static void
failure_changes_nothing(void)
{
	static const char *const probe[] = { RONIN, EIP55, P2SH, LAZ2, P2PKH };
	struct wl_import_opts o;
	struct wl_import_result r;
	struct store *st = fresh_store();
	const char *paths[2];
	char before[5][2048], after[2048], *big;
	struct err e;
	size_t i, n;
	int same = 1;

	memset(&o, 0, sizeof(o));
	o.category = -1;
	o.source = "keep";
	paths[0] = write_file("k.csv", a_csv);
	TAP_INT(wl_import(st, paths, 1, &o, &r, &e), 0, "a good import");
	o.source = "other";
	paths[0] = write_file("o.csv", a2_csv);
	TAP_INT(wl_import(st, paths, 1, &o, &r, &e), 0, "a second source");
	for (i = 0; i < 5; i++) {
		lookup(st, probe[i], before[i], sizeof(before[i]));
	}

	/* 20000 good rows, then a bad one. */
	big = malloc(20000 * 64 + 256);
	n = (size_t)sprintf(big, "address,label\n");
	for (i = 0; i < 20000; i++) {
		n += (size_t)sprintf(big + n, "0x%040zx,row %zu\n", i + 1, i);
	}
	sprintf(big + n, "%s,last\n%s,bad\n", P2SH, "0xnothex");
	o.source = "keep";
	paths[0] = write_file("bad.csv", big);
	free(big);
	TAP_INT(wl_import(st, paths, 1, &o, &r, &e), -1,
	    "an import whose last row is bad fails");
	tap_ok(strstr(e.msg, "bad.csv:20003: bad Ethereum address "
	    "'0xnothex'") != NULL, "the bad row's line (%s)", e.msg);
	paths[0] = write_file("k2.csv", a2_csv);
	paths[1] = write_file("k3.csv", "address\n\"" EIP55 "\n");
	TAP_INT(wl_import(st, paths, 2, &o, &r, &e), -1,
	    "an import whose second file is bad fails");
	for (i = 0; i < 5; i++) {
		lookup(st, probe[i], after, sizeof(after));
		if (strcmp(after, before[i]) != 0) {
			printf("#   %s: '%s' then '%s'\n", probe[i], before[i],
			    after);
			same = 0;
		}
	}
	tap_ok(same, "every look-up identical after the failures");
	{
		char x[64] = { 0 };

		memset(x, 'x', 63);
		o.source = x;
		paths[0] = write_file("k4.csv", a2_csv);
		TAP_INT(wl_import(st, paths, 1, &o, &r, &e), 0,
		    "a 63-byte source name is fine");
		o.source = "0123456789012345678901234567890123456789"
		    "012345678901234567890123";
		TAP_INT(wl_import(st, paths, 1, &o, &r, &e), -1,
		    "a 64-byte source name fails");
	}
	store_close(st);
}

/* Several sources listing one address: screening sees them all. */
static void
several_sources(void)
{
	struct wl_import_opts o;
	struct wl_import_result r;
	struct store *st = fresh_store();
	const char *p;
	char got[2048];
	struct err e;

	memset(&o, 0, sizeof(o));
	o.category = -1;
	o.source = "mixers";
	p = write_file("m.csv", "address,category,label,listed_on,"
	    "delisted_on\n" EIP55 ",mixer,Pool,2019-12-16,\n");
	TAP_INT(wl_import(st, &p, 1, &o, &r, &e), 0, "source mixers");
	o.source = "sanctions";
	p = write_file("s.csv", "address,category,label,listed_on,"
	    "delisted_on\n" EIP55 ",sanctioned,SDN,2022-08-08,2025-03-21\n");
	TAP_INT(wl_import(st, &p, 1, &o, &r, &e), 0, "source sanctions");
	o.source = "mine";
	o.category = WL_OWN;
	p = write_file("mine.txt", EIP55 "\n");
	TAP_INT(wl_import(st, &p, 1, &o, &r, &e), 0, "source mine (own)");
	lookup(st, EIP55, got, sizeof(got));
	tap_ok(strstr(got, "mixers/mixer/Pool/2019-12-16/-/;") != NULL &&
	    strstr(got, "sanctions/sanctioned/SDN/2022-08-08/2025-03-21/;") !=
	    NULL && strstr(got, "mine/own//-/-/;") != NULL,
	    "three sources on one address (%s)", got);
	TAP_INT(store_wl_remove(st, "sanctions", &e), 1, "remove one source");
	lookup(st, EIP55, got, sizeof(got));
	tap_ok(strstr(got, "sanctions/") == NULL &&
	    strstr(got, "mixers/mixer/") != NULL &&
	    strstr(got, "mine/own/") != NULL, "the others stay (%s)", got);
	store_close(st);
}

/* listed_on <= D < delisted_on; unknown listed_on: since forever. */
static void
activity(void)
{
	static const struct {
		const char	*on, *off, *day;
		int		 want;
	} cases[] = {
		{ "2022-08-08", "2025-03-21", "2022-08-07", 0 },
		{ "2022-08-08", "2025-03-21", "2022-08-08", 1 },
		{ "2022-08-08", "2025-03-21", "2025-03-20", 1 },
		{ "2022-08-08", "2025-03-21", "2025-03-21", 0 },
		{ "2022-08-08", "2025-03-21", "2030-01-01", 0 },
		{ "2022-08-08", NULL, "2022-08-07", 0 },
		{ "2022-08-08", NULL, "2022-08-08", 1 },
		{ "2022-08-08", NULL, "9999-12-31", 1 },
		{ NULL, "2025-03-21", "1970-01-01", 1 },
		{ NULL, "2025-03-21", "2025-03-20", 1 },
		{ NULL, "2025-03-21", "2025-03-21", 0 },
		{ NULL, NULL, "1970-01-01", 1 },
		{ NULL, NULL, "9999-12-31", 1 },
	};
	struct store_listing l;
	int32_t d;
	size_t i;

	memset(&l, 0, sizeof(l));
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		l.listed_on = DATE_NONE;
		l.delisted_on = DATE_NONE;
		if (cases[i].on != NULL) {
			date_parse(&l.listed_on, cases[i].on, 10);
		}
		if (cases[i].off != NULL) {
			date_parse(&l.delisted_on, cases[i].off, 10);
		}
		date_parse(&d, cases[i].day, 10);
		TAP_INT(wl_listing_active(&l, d), cases[i].want,
		    "listed %s, delisted %s: active on %s",
		    cases[i].on ? cases[i].on : "unknown",
		    cases[i].off ? cases[i].off : "never", cases[i].day);
	}
}

struct dump {
	char	**v;
	size_t	 n;
};

static int
dump_one(void *ctx, const struct addr *a, const struct store_listing *l)
{
	struct dump *d = ctx;
	char t[ADDR_TEXT_MAX], line[4096];

	addr_format(t, a);
	snprintf(line, sizeof(line), "%s|%d|%s|%d|%d|%s", t, l->category,
	    l->label, (int)l->listed_on, (int)l->delisted_on, l->reference);
	d->v = realloc(d->v, (d->n + 1) * sizeof(*d->v));
	d->v[d->n++] = strdup(line);
	return 0;
}

/* Does source in a hold exactly what it holds in b? */
static int
same_source(struct store *a, struct store *b, const char *source)
{
	struct dump x = { NULL, 0 }, y = { NULL, 0 };
	struct err e;
	size_t i;
	int same;

	store_wl_each(a, source, dump_one, &x, &e);
	store_wl_each(b, source, dump_one, &y, &e);
	same = x.n == y.n && x.n > 0;
	for (i = 0; i < x.n && i < y.n; i++) {
		same = same && strcmp(x.v[i], y.v[i]) == 0;
	}
	for (i = 0; i < x.n; i++) {
		free(x.v[i]);
	}
	for (i = 0; i < y.n; i++) {
		free(y.v[i]);
	}
	free(x.v);
	free(y.v);
	return same;
}

/* The bundled lists load once, each as its own source. */
static void
seeding(void)
{
	struct wl_import_opts o;
	struct wl_import_result r;
	struct store_source *src = NULL;
	struct store *st = fresh_store(), *ref = fresh_store();
	struct err e;
	size_t n = 0, i, j;
	int found;

	TAP_INT(store_wl_seeded(st, &e), 0, "a new database is not seeded");
	if (!tap_ok(wl_seed(st, &e) == 1, "wl_seed loads (%zu bundled lists)",
	    wl_bundled_count)) {
		printf("#   %s\n", e.msg);
	}
	TAP_INT(store_wl_seeded(st, &e), 1, "seeded is recorded");
	TAP_INT(wl_seed(st, &e), 0, "wl_seed a second time does nothing");
	store_wl_sources(st, &src, &n, &e);
	TAP_INT(n, wl_bundled_count, "one source per bundled list");
	memset(&o, 0, sizeof(o));
	o.category = -1;
	o.format = WL_FORMAT_CSV;
	for (i = 0; i < wl_bundled_count; i++) {
		const struct wl_bundled *w = &wl_bundled[i];

		found = 0;
		for (j = 0; j < n; j++) {
			if (strcmp(src[j].name, w->source) != 0) {
				continue;
			}
			found = 1;
			TAP_STR(src[j].origin, w->file, "%s: origin",
			    w->source);
			TAP_STR(src[j].format, "csv", "%s: format", w->source);
		}
		tap_ok(found, "%s: a source", w->source);
		o.source = w->source;
		TAP_INT(wl_import_buffer(ref, w->file, w->data, w->len, &o, &r,
		    &e), 0, "%s: imports as a CSV", w->source);
		tap_ok(same_source(st, ref, w->source),
		    "%s: seeded = imported (%zu listings)", w->source,
		    r.listings);
	}
	free(src);
	/* A bundled source the user removed is not loaded again. */
	if (wl_bundled_count > 0) {
		TAP_INT(store_wl_remove(st, wl_bundled[0].source, &e), 1,
		    "remove a bundled source");
		TAP_INT(wl_seed(st, &e), 0, "wl_seed does not bring it back");
		store_wl_sources(st, &src, &n, &e);
		TAP_INT(n, wl_bundled_count - 1, "it stays removed");
		free(src);
	}
	store_close(st);
	store_close(ref);
}

int
main(void)
{
	char cmd[sizeof(dir) + 16];

	if (mkdtemp(dir) == NULL) {
		printf("Bail out! mkdtemp failed\n");
		return 1;
	}
	round_trip();
	failure_changes_nothing();
	several_sources();
	activity();
	seeding();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0) {
		printf("# could not remove %s\n", dir);
	}
	return tap_done();
}
