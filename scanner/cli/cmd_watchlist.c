/*
 * cmd_watchlist.c - `scanner watchlist import|list|stats|remove`: manage
 * the lists in the database. Every import is one transaction: all of the
 * files or nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "addr.h"
#include "cli.h"
#include "date.h"
#include "http.h"
#include "wl.h"

#define WL_UPDATE_URL \
	"https://www.treasury.gov/ofac/downloads/sanctions/1.0/sdn_advanced.xml"
#define UPDATE_MAX	((uint64_t)2 << 30)	/* bytes a download may have */
#define META_UPD_URL	"wl.update.url"
#define META_UPD_ETAG	"wl.update.etag"
#define META_UPD_LM	"wl.update.last_modified"

static const char watchlist_help[] =
"usage: scanner watchlist import [--source NAME] [--format F] [--category C] FILE...\n"
"       scanner watchlist list [--source NAME] [--format text|csv|json]\n"
"       scanner watchlist stats [--format text|json]\n"
"       scanner watchlist remove --source NAME\n"
"       scanner watchlist update [--url URL]\n"
"\n"
"import   read FILEs as one source, replacing what that source held, in one\n"
"         transaction: a bad row aborts with FILE:LINE and changes nothing.\n"
"         --format auto|csv|lines|ofac-xml (default auto: .xml is OFAC's\n"
"         sdn_advanced.xml, a header with an 'address' column is CSV, else one\n"
"         address a line). CSV columns, in any order: address (required),\n"
"         chain, category, label, listed_on, delisted_on (YYYY-MM-DD),\n"
"         reference. --category mixer|sanctioned|heist|custom|exchange|\n"
"         service|own for rows without one (default custom; sanctioned for\n"
"         ofac-xml). --source defaults to ofac-sdn for ofac-xml, else the\n"
"         first file's name without its suffix. Importing a newer OFAC issue\n"
"         keeps addresses it dropped, with delisted_on = its date of issue.\n"
"list     every listing (of one source with --source); CSV output can be\n"
"         imported again.\n"
"stats    the sources: where each came from, its date, its counts.\n"
"remove   delete a source and all its listings.\n"
"update   download OFAC's sdn_advanced.xml (default\n"
"         " WL_UPDATE_URL ")\n"
"         with a conditional request (ETag / If-Modified-Since from the last\n"
"         update): unchanged -> nothing to do; changed -> imported as source\n"
"         ofac-sdn like `import`, in one transaction: a download that does\n"
"         not parse changes nothing; addresses OFAC dropped get delisted_on.\n"
"\n"
"The bundled lists (sources ofac-sdn, mixers, ronin-*) are loaded into a\n"
"new database on first use; see watchlists/PROVENANCE.md.\n";

enum list_format {
	LIST_TEXT,
	LIST_CSV,
	LIST_JSON
};

struct list_ctx {
	enum list_format	 format;
	int32_t			 today;
	size_t			 n;
};

/* Warnings of one import: the first few, or all with --verbose. */
struct warn_ctx {
	struct cli	*cli;
	size_t		 n;
};

#define WARN_SHOWN	5

static void
warn_cb(void *vctx, const char *msg)
{
	struct warn_ctx *w = vctx;

	if (w->n++ < WARN_SHOWN || w->cli->verbose) {
		cli_warn(w->cli, "%s", msg);
	}
}

static int
parse_list_format(enum list_format *f, const char *s, int allow_csv)
{
	if (strcmp(s, "text") == 0) {
		*f = LIST_TEXT;
	} else if (strcmp(s, "json") == 0) {
		*f = LIST_JSON;
	} else if (allow_csv && strcmp(s, "csv") == 0) {
		*f = LIST_CSV;
	} else {
		return -1;
	}
	return 0;
}

static int
do_import(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "source", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'F' },
		{ "category", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct wl_import_opts o;
	struct wl_import_result res;
	struct warn_ctx w = { cli, 0 };
	struct store *st;
	struct err err;
	char d[11];
	int c, f;

	memset(&o, 0, sizeof(o));
	memset(&res, 0, sizeof(res));
	memset(&err, 0, sizeof(err));
	o.category = -1;
	o.warn = warn_cb;
	o.warn_ctx = &w;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (optarg[0] == '\0' ||
			    strlen(optarg) >= STORE_NAME_MAX) {
				return cli_usage_error("--source: a name of 1 "
				    "to %d bytes", STORE_NAME_MAX - 1);
			}
			o.source = optarg;
			break;
		case 'F':
			f = wl_format_parse(optarg);
			if (f == -1) {
				return cli_usage_error("--format: expected "
				    "auto, csv, lines or ofac-xml, got '%s'",
				    optarg);
			}
			o.format = (enum wl_format)f;
			break;
		case 'c':
			o.category = wl_category_parse(optarg, strlen(optarg));
			if (o.category == -1) {
				return cli_usage_error("--category: unknown "
				    "category '%s' (mixer, sanctioned, heist, "
				    "custom, exchange, service, own)", optarg);
			}
			break;
		case 'h':
			fputs(watchlist_help, stdout);
			return EXIT_CLEAN;
		default:
			return cli_usage_error("watchlist import: unknown "
			    "option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc) {
		return cli_usage_error("watchlist import: no file given "
		    "(see scanner watchlist --help)");
	}
	st = cli_store(cli, &err);
	if (st == NULL) {
		return cli_fail(&err);
	}
	if (wl_import(st, (const char *const *)argv + optind,
	    (size_t)(argc - optind), &o, &res, &err) == -1) {
		return cli_fail(&err);
	}
	if (w.n > WARN_SHOWN && !cli->verbose) {
		cli_warn(cli, "... and %zu more warnings (--verbose shows "
		    "them all)", w.n - WARN_SHOWN);
	}
	printf("imported source '%s': %zu rows, %zu addresses, %zu listings",
	    res.source, res.rows, res.addresses, res.listings);
	if (res.issued != DATE_NONE && res.format == WL_FORMAT_OFAC_XML) {
		date_format(d, res.issued);
		printf(", issue of %s, %zu delisted", d, res.delisted);
	}
	if (res.warnings > 0) {
		printf(", %zu warning%s", res.warnings,
		    res.warnings == 1 ? "" : "s");
	}
	putchar('\n');
	return EXIT_CLEAN;
}

static int
list_one(void *vctx, const struct addr *a, const struct store_listing *l)
{
	struct list_ctx *ctx = vctx;
	char text[ADDR_TEXT_MAX], chain[ADDR_TICKER_MAX + 1], d[11];
	const char *cn;

	addr_format(text, a);
	cn = addr_chain_name(a, chain);
	switch (ctx->format) {
	case LIST_CSV:
		out_csv(stdout, text);
		putchar(',');
		out_csv(stdout, cn);
		putchar(',');
		out_csv(stdout, wl_category_name(l->category));
		putchar(',');
		out_csv(stdout, l->label);
		putchar(',');
		if (l->listed_on != DATE_NONE) {
			date_format(d, l->listed_on);
			fputs(d, stdout);
		}
		putchar(',');
		if (l->delisted_on != DATE_NONE) {
			date_format(d, l->delisted_on);
			fputs(d, stdout);
		}
		putchar(',');
		out_csv(stdout, l->reference);
		putchar(',');
		out_csv(stdout, l->source);
		putchar('\n');
		break;
	case LIST_JSON:
		fputs(ctx->n > 0 ? ",\n" : "\n", stdout);
		printf("{\"address\":\"%s\",\"chain\":", text);
		out_json_str(stdout, cn);
		fputs(",\"source\":", stdout);
		out_json_str(stdout, l->source);
		fputs(",\"category\":", stdout);
		out_json_str(stdout, wl_category_name(l->category));
		fputs(",\"label\":", stdout);
		out_json_str(stdout, l->label);
		fputs(",\"listed_on\":", stdout);
		out_json_date(stdout, l->listed_on);
		fputs(",\"delisted_on\":", stdout);
		out_json_date(stdout, l->delisted_on);
		printf(",\"active\":%s,\"reference\":",
		    wl_listing_active(l, ctx->today) ? "true" : "false");
		out_json_str(stdout, l->reference);
		putchar('}');
		break;
	case LIST_TEXT:
		printf("%-44s ", text);
		out_text_pad(stdout, wl_category_name(l->category), 11);
		putchar(' ');
		out_text_pad(stdout, l->source, 22);
		putchar(' ');
		if (l->listed_on != DATE_NONE) {
			date_format(d, l->listed_on);
			printf("%s", d);
		} else {
			fputs("?         ", stdout);
		}
		if (l->delisted_on != DATE_NONE) {
			date_format(d, l->delisted_on);
			printf("..%s  ", d);
		} else {
			fputs("              ", stdout);
		}
		out_text(stdout, l->label);
		putchar('\n');
		break;
	}
	ctx->n++;
	return 0;
}

static int
do_list(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "source", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct list_ctx ctx;
	struct store_source *src = NULL;
	struct store *st;
	struct err err;
	const char *source = NULL;
	size_t n = 0, i;
	int c, rc = EXIT_CLEAN, found = 0;

	memset(&ctx, 0, sizeof(ctx));
	memset(&err, 0, sizeof(err));
	ctx.today = date_today();
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			source = optarg;
			break;
		case 'F':
			if (parse_list_format(&ctx.format, optarg, 1) == -1) {
				return cli_usage_error("--format: expected "
				    "text, csv or json, got '%s'", optarg);
			}
			break;
		case 'h':
			fputs(watchlist_help, stdout);
			return EXIT_CLEAN;
		default:
			return cli_usage_error("watchlist list: unknown "
			    "option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc) {
		return cli_usage_error("watchlist list: unexpected '%s'",
		    argv[optind]);
	}
	st = cli_store(cli, &err);
	if (st == NULL || store_wl_sources(st, &src, &n, &err) == -1) {
		return cli_fail(&err);
	}
	if (ctx.format == LIST_CSV) {
		puts("address,chain,category,label,listed_on,delisted_on,"
		    "reference,source");
	} else if (ctx.format == LIST_JSON) {
		fputs("{\"schema\":\"scanner.watchlist/1\",\"listings\":[",
		    stdout);
	}
	for (i = 0; i < n && rc == EXIT_CLEAN; i++) {
		if (source != NULL && strcmp(source, src[i].name) != 0) {
			continue;
		}
		found = 1;
		if (store_wl_each(st, src[i].name, list_one, &ctx, &err) ==
		    -1) {
			rc = cli_fail(&err);
		}
	}
	if (ctx.format == LIST_JSON) {
		fputs("\n]}\n", stdout);
	}
	free(src);
	if (rc == EXIT_CLEAN && source != NULL && !found) {
		rc = cli_usage_error("no source '%s' in the database",
		    source);
	}
	return rc;
}

struct stats_ctx {
	int32_t		 today;
	size_t		 by_cat[8];
	size_t		 active;
};

static int
stats_one(void *vctx, const struct addr *a, const struct store_listing *l)
{
	struct stats_ctx *ctx = vctx;

	(void)a;
	if (l->category < 8) {
		ctx->by_cat[l->category]++;
	}
	ctx->active += wl_listing_active(l, ctx->today);
	return 0;
}

static int
do_stats(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct store_source *src = NULL;
	struct stats_ctx sc;
	struct store *st;
	struct err err;
	enum list_format format = LIST_TEXT;
	char issued[11], imported[11];
	size_t n = 0, i;
	int c, k, first;

	memset(&err, 0, sizeof(err));
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'F':
			if (parse_list_format(&format, optarg, 0) == -1) {
				return cli_usage_error("--format: expected "
				    "text or json, got '%s'", optarg);
			}
			break;
		case 'h':
			fputs(watchlist_help, stdout);
			return EXIT_CLEAN;
		default:
			return cli_usage_error("watchlist stats: unknown "
			    "option '%s'", argv[optind - 1]);
		}
	}
	st = cli_store(cli, &err);
	if (st == NULL || store_wl_sources(st, &src, &n, &err) == -1) {
		return cli_fail(&err);
	}
	if (format == LIST_JSON) {
		fputs("{\"schema\":\"scanner.watchlist-stats/1\","
		    "\"sources\":[", stdout);
	} else {
		printf("%-24s %-9s %-10s %-10s %9s %9s %9s  %s\n", "source",
		    "format", "issued", "imported", "addresses", "listings",
		    "active", "by category");
	}
	for (i = 0; i < n; i++) {
		memset(&sc, 0, sizeof(sc));
		sc.today = date_today();
		if (store_wl_each(st, src[i].name, stats_one, &sc, &err) ==
		    -1) {
			free(src);
			return cli_fail(&err);
		}
		if (src[i].issued != DATE_NONE) {
			date_format(issued, src[i].issued);
		} else {
			strcpy(issued, "-");
		}
		date_format(imported, date_from_unix(src[i].imported_at));
		if (format == LIST_JSON) {
			fputs(i > 0 ? ",\n" : "\n", stdout);
			fputs("{\"source\":", stdout);
			out_json_str(stdout, src[i].name);
			fputs(",\"format\":", stdout);
			out_json_str(stdout, src[i].format);
			fputs(",\"origin\":", stdout);
			out_json_str(stdout, src[i].origin);
			fputs(",\"issued\":", stdout);
			out_json_date(stdout, src[i].issued);
			printf(",\"imported_at\":%lld,\"addresses\":%u,"
			    "\"listings\":%u,\"active_today\":%zu,"
			    "\"categories\":{", (long long)src[i].imported_at,
			    src[i].addresses, src[i].listings, sc.active);
			for (k = 1, first = 1; k < 8; k++) {
				if (sc.by_cat[k] == 0) {
					continue;
				}
				printf("%s\"%s\":%zu", first ? "" : ",",
				    wl_category_name(k), sc.by_cat[k]);
				first = 0;
			}
			fputs("}}", stdout);
			continue;
		}
		out_text_pad(stdout, src[i].name, 24);
		printf(" %-9s %-10s %-10s %9u %9u %9zu ", src[i].format,
		    issued, imported, src[i].addresses, src[i].listings,
		    sc.active);
		for (k = 1; k < 8; k++) {
			if (sc.by_cat[k] > 0) {
				printf(" %s=%zu", wl_category_name(k),
				    sc.by_cat[k]);
			}
		}
		fputs("\n  from ", stdout);
		out_text(stdout, src[i].origin);
		putchar('\n');
	}
	if (format == LIST_JSON) {
		fputs("\n]}\n", stdout);
	}
	free(src);
	return EXIT_CLEAN;
}

static int
do_remove(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "source", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct store *st;
	struct err err;
	const char *source = NULL;
	int c, r;

	memset(&err, 0, sizeof(err));
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			source = optarg;
			break;
		case 'h':
			fputs(watchlist_help, stdout);
			return EXIT_CLEAN;
		default:
			return cli_usage_error("watchlist remove: unknown "
			    "option '%s'", argv[optind - 1]);
		}
	}
	if (source == NULL || optind < argc) {
		return cli_usage_error("usage: scanner watchlist remove "
		    "--source NAME");
	}
	st = cli_store(cli, &err);
	if (st == NULL) {
		return cli_fail(&err);
	}
	r = store_wl_remove(st, source, &err);
	if (r == -1) {
		return cli_fail(&err);
	}
	if (r == 0) {
		return cli_usage_error("no source '%s' in the database",
		    source);
	}
	printf("removed source '%s'\n", source);
	return EXIT_CLEAN;
}

/* A meta string into buf (cap), "" when absent. */
static int
meta_str(struct store *st, const char *key, char *buf, size_t cap,
    struct err *err)
{
	size_t n = 0;
	int r;

	r = store_meta_get(st, key, buf, cap - 1, &n, err);
	if (r == -1) {
		return -1;
	}
	buf[r == 1 ? n : 0] = '\0';
	return 0;
}

/* Import the downloaded file (mapped, so the origin can be the URL). */
static int
update_import(struct store *st, const char *path, const char *url,
    struct wl_import_opts *o, struct wl_import_result *res,
    struct err *err)
{
	struct stat sb;
	void *p;
	int fd, r;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1 || fstat(fd, &sb) == -1) {
		r = err_set(err, ERR_SYS, errno, "cannot read '%s': %s", path,
		    strerror(errno));
		if (fd != -1) {
			close(fd);
		}
		return r;
	}
	if (sb.st_size == 0) {
		close(fd);
		return err_set(err, ERR_INPUT, 0, "'%s' sent an empty file",
		    url);
	}
	p = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED) {
		return err_set(err, ERR_SYS, errno, "cannot read '%s': %s",
		    path, strerror(errno));
	}
	r = wl_import_buffer(st, url, p, (size_t)sb.st_size, o, res, err);
	munmap(p, (size_t)sb.st_size);
	return r;
}

static int
do_update(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "url", required_argument, NULL, 'u' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct wl_import_opts o;
	struct wl_import_result res;
	struct warn_ctx w = { cli, 0 };
	struct http_cond cond;
	struct http *h = NULL;
	struct store *st;
	struct err err;
	const char *url = WL_UPDATE_URL;
	char path[4200], last[1024], label[256], d[11];
	int c, fd, r, rc;

	memset(&err, 0, sizeof(err));
	memset(&cond, 0, sizeof(cond));
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'u':
			url = optarg;
			break;
		case 'h':
			fputs(watchlist_help, stdout);
			return EXIT_CLEAN;
		default:
			return cli_usage_error("watchlist update: unknown "
			    "option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc) {
		return cli_usage_error("watchlist update: unexpected '%s'",
		    argv[optind]);
	}
	if (strncmp(url, "http://", 7) != 0 &&
	    strncmp(url, "https://", 8) != 0) {
		return cli_usage_error("--url: expected an http:// or https:// "
		    "URL, got '%s'", url);
	}
	if (cli->offline) {
		return cli_usage_error("watchlist update: needs the network "
		    "(not --offline)");
	}
	st = cli_store(cli, &err);
	if (st == NULL) {
		return cli_fail(&err);
	}
	/* The validators belong to the URL they came from. */
	if (meta_str(st, META_UPD_URL, last, sizeof(last), &err) == -1) {
		return cli_fail(&err);
	}
	if (strcmp(last, url) == 0 &&
	    (meta_str(st, META_UPD_ETAG, cond.etag, sizeof(cond.etag),
	    &err) == -1 || meta_str(st, META_UPD_LM, cond.last_modified,
	    sizeof(cond.last_modified), &err) == -1)) {
		return cli_fail(&err);
	}
	if ((size_t)snprintf(path, sizeof(path), "%s/update-XXXXXX.xml",
	    cli->db_dir) >= sizeof(path)) {
		return cli_usage_error("database path too long");
	}
	fd = mkstemps(path, 4);
	if (fd == -1) {
		err_set(&err, ERR_STORE, errno, "cannot create '%s': %s", path,
		    strerror(errno));
		return cli_fail(&err);
	}
	close(fd);
	http_url_label(label, sizeof(label), url);
	rc = EXIT_CLEAN;
	r = http_create(&h, NULL, &err);
	if (r == 0) {
		r = http_get_file(h, url, &cond, path, UPDATE_MAX, &err);
	}
	http_destroy(h);
	if (r == 0) {
		printf("watchlist update: %s unchanged since the last update "
		    "(304 Not Modified)\n", label);
		goto out;
	}
	if (r == -1) {
		rc = cli_fail(&err);
		goto out;
	}
	memset(&o, 0, sizeof(o));
	memset(&res, 0, sizeof(res));
	o.format = WL_FORMAT_OFAC_XML;
	o.category = -1;
	o.warn = warn_cb;
	o.warn_ctx = &w;
	if (update_import(st, path, url, &o, &res, &err) == -1) {
		err_wrap(&err, "the download from %s is not a usable "
		    "sdn_advanced.xml; nothing changed", label);
		rc = cli_fail(&err);
		goto out;
	}
	/* Remembered only once the issue is in: a failed import retries
	 * the full download next time. */
	if (store_meta_put(st, META_UPD_URL, url, strlen(url), &err) == -1 ||
	    store_meta_put(st, META_UPD_ETAG, cond.etag, strlen(cond.etag),
	    &err) == -1 || store_meta_put(st, META_UPD_LM, cond.last_modified,
	    strlen(cond.last_modified), &err) == -1) {
		rc = cli_fail(&err);
		goto out;
	}
	if (w.n > WARN_SHOWN && !cli->verbose) {
		cli_warn(cli, "... and %zu more warnings (--verbose shows "
		    "them all)", w.n - WARN_SHOWN);
	}
	printf("watchlist update: imported source '%s' from %s: %zu "
	    "addresses, %zu listings", res.source, label, res.addresses,
	    res.listings);
	if (res.issued != DATE_NONE) {
		date_format(d, res.issued);
		printf(", issue of %s", d);
	}
	printf(", %zu delisted", res.delisted);
	if (res.warnings > 0) {
		printf(", %zu warning%s", res.warnings,
		    res.warnings == 1 ? "" : "s");
	}
	putchar('\n');
out:
	unlink(path);
	return rc;
}

int
cmd_watchlist(struct cli *cli, int argc, char **argv)
{
	static const struct {
		const char	*name;
		int		(*fn)(struct cli *, int, char **);
	} sub[] = {
		{ "import", do_import },
		{ "list", do_list },
		{ "stats", do_stats },
		{ "remove", do_remove },
		{ "update", do_update },
	};
	size_t i;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		fputs(watchlist_help, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_CLEAN;
	}
	for (i = 0; i < sizeof(sub) / sizeof(sub[0]); i++) {
		if (strcmp(argv[1], sub[i].name) == 0) {
			return sub[i].fn(cli, argc - 1, argv + 1);
		}
	}
	return cli_usage_error("watchlist: unknown subcommand '%s' (import, "
	    "list, stats, remove, update)", argv[1]);
}
