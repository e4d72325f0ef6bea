/*
 * cmd_screen.c - `scanner screen`: is each address listed, and is a listing
 * of a hit category active on the chosen day? Streams: one look-up and one
 * output record per input line, in input order.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "cli.h"
#include "date.h"
#include "wl.h"

enum screen_format {
	SCREEN_TEXT,
	SCREEN_JSON,
	SCREEN_CSV
};

struct screen {
	struct cli		*cli;
	struct store_reader	*rd;
	int32_t			 at;
	enum screen_format	 format;
	FILE			*out;
	size_t			 n, hits, bad;
	struct store_listing	*ls;		/* look-up buffer */
	size_t			 cap;
	int			 header_done;	/* text: column names shown */
	struct addr		*other;		/* listed keys of other chains */
	size_t			 nother, capother;
	int			 other_loaded;
};

static const char screen_help[] =
"usage: scanner screen [options] ADDR...\n"
"       scanner screen [options] --file FILE | -\n"
"\n"
"Looks each address up in the watchlists and says whether it is a hit on\n"
"the chosen day: an address is a hit when one of its listings of category\n"
"mixer, sanctioned, heist or custom is active that day (listed_on <= day <\n"
"delisted_on). Listings of other categories (exchange, service, own) and\n"
"inactive ones are shown but do not make a hit.\n"
"\n"
"Ethereum addresses: 0x + 40 hex, all lower or all upper case, or mixed\n"
"case with a valid EIP-55 checksum. Bitcoin: base58 P2PKH/P2SH and\n"
"bech32/bech32m (mainnet). Input files hold one address a line; blank lines\n"
"and lines starting with # are skipped.\n"
"\n"
"Options:\n"
"  --at YYYY-MM-DD           screen as of that day (default: today, UTC)\n"
"  --file FILE, -f FILE      read addresses from FILE ('-' = stdin)\n"
"  --format text|json|csv    output (default text); json is\n"
"                            scanner.screen/1, csv one row per listing\n"
"  --help                    this text\n"
"\n"
"Exit: 0 no hit, 1 at least one hit, 2 bad usage or an invalid address\n"
"(every valid one is still screened and reported), 5 database failure.\n";

/*
 * One listing under its address, aligned for a terminal:
 *   category    source                 listed      delisted    status    label
 */
static void
print_listing_text(FILE *f, const struct store_listing *l, int32_t at)
{
	char d[11];

	fputs("        ", f);
	out_text_pad(f, wl_category_name(l->category), 11);
	fputc(' ', f);
	out_text_pad(f, l->source, 22);
	if (l->listed_on != DATE_NONE) {
		date_format(d, l->listed_on);
		fprintf(f, " %-10s", d);
	} else {
		fprintf(f, " %-10s", "?");
	}
	if (l->delisted_on != DATE_NONE) {
		date_format(d, l->delisted_on);
		fprintf(f, "  %-10s", d);
	} else {
		fprintf(f, "  %-10s", "-");
	}
	fprintf(f, "  %-8s  ", wl_listing_active(l, at) ? "active" :
	    "inactive");
	out_text(f, l->label[0] != '\0' ? l->label : "-");
	fputc('\n', f);
}

static void
print_listing_csv(FILE *f, const struct store_listing *l, int32_t at)
{
	char d[11];

	out_csv(f, l->source);
	fputc(',', f);
	out_csv(f, wl_category_name(l->category));
	fputc(',', f);
	out_csv(f, l->label);
	fputc(',', f);
	if (l->listed_on != DATE_NONE) {
		date_format(d, l->listed_on);
		fputs(d, f);
	}
	fputc(',', f);
	if (l->delisted_on != DATE_NONE) {
		date_format(d, l->delisted_on);
		fputs(d, f);
	}
	fprintf(f, ",%s,", wl_listing_active(l, at) ? "true" : "false");
	out_csv(f, l->reference);
}

static void
print_listing_json(FILE *f, const struct store_listing *l, int32_t at)
{
	fputs("{\"source\":", f);
	out_json_str(f, l->source);
	fputs(",\"category\":", f);
	out_json_str(f, wl_category_name(l->category));
	fputs(",\"label\":", f);
	out_json_str(f, l->label);
	fputs(",\"listed_on\":", f);
	out_json_date(f, l->listed_on);
	fputs(",\"delisted_on\":", f);
	out_json_date(f, l->delisted_on);
	fprintf(f, ",\"active\":%s,\"reference\":",
	    wl_listing_active(l, at) ? "true" : "false");
	out_json_str(f, l->reference);
	fputc('}', f);
}

/* Returns: 1 if s is letters and digits only: safe in every format as is. */
static int
plain(const char *s)
{
	for (; *s != '\0'; s++) {
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') ||
		    (*s >= 'A' && *s <= 'Z'))) {
			return 0;
		}
	}
	return 1;
}

/* Append NUL-terminated s at *p. */
static char *
put(char *p, const char *s)
{
	size_t n = strlen(s);

	memcpy(p, s, n);
	return p + n;
}

/*
 * The common case of bulk screening, an address on no list, written as one
 * line with one fwrite: in, text and chain are plain (see plain()).
 */
static void
print_clean(struct screen *sc, const char *in, const char *text,
    const char *chain)
{
	char line[3 * ADDR_TEXT_MAX + 128], *p = line;

	switch (sc->format) {
	case SCREEN_TEXT:
		p = put(p, "clean   ");
		p = put(p, text);
		p = put(p, "  ");
		p = put(p, chain);
		*p++ = '\n';
		break;
	case SCREEN_CSV:
		p = put(p, in);
		*p++ = ',';
		p = put(p, text);
		*p++ = ',';
		p = put(p, chain);
		p = put(p, ",false,,,,,,,,\n");
		break;
	case SCREEN_JSON:
		p = put(p, sc->n + sc->bad > 1 ? ",\n{\"input\":\"" :
		    "\n{\"input\":\"");
		p = put(p, in);
		p = put(p, "\",\"address\":\"");
		p = put(p, text);
		p = put(p, "\",\"chain\":\"");
		p = put(p, chain);
		p = put(p, "\",\"hit\":false,\"listings\":[]}");
		break;
	}
	fwrite(line, 1, (size_t)(p - line), sc->out);
}

/* An input that is no address: reported in place, screening goes on. */
static void
report_bad(struct screen *sc, const char *input, const char *where,
    const struct err *e)
{
	FILE *f = sc->out;

	sc->bad++;
	if (where != NULL) {
		fprintf(stderr, "scanner: %s: %s\n", where, e->msg);
	} else {
		fprintf(stderr, "scanner: %s\n", e->msg);
	}
	switch (sc->format) {
	case SCREEN_TEXT:
		fputs("INVALID ", f);
		out_text(f, input);
		fputs("  ", f);
		out_text(f, e->msg);
		fputc('\n', f);
		break;
	case SCREEN_CSV:
		out_csv(f, input);
		fputs(",,,false,,,,,,,,", f);
		out_csv(f, e->msg);
		fputc('\n', f);
		break;
	case SCREEN_JSON:
		fputs(sc->n + sc->bad > 1 ? ",\n" : "\n", f);
		fputs("{\"input\":", f);
		out_json_str(f, input);
		fputs(",\"address\":null,\"chain\":null,\"hit\":false,"
		    "\"listings\":[],\"error\":", f);
		out_json_str(f, e->msg);
		fputc('}', f);
		break;
	}
}

/*
 * Watchlists keep what is no Ethereum or Bitcoin address (Tron, Monero, ...)
 * verbatim under its ticker. Screening such a string looks for it among
 * those keys, gathered once per run (OFAC lists a few hundred).
 */
static int
gather_other(void *ctx, const struct addr *a, const struct store_listing *l)
{
	struct screen *sc = ctx;
	struct addr *v;
	size_t i;

	(void)l;
	if (a->chain != ADDR_OTHER) {
		return 0;
	}
	for (i = 0; i < sc->nother; i++) {
		if (sc->other[i].len == a->len &&
		    memcmp(sc->other[i].key, a->key, a->len) == 0) {
			return 0;
		}
	}
	if (sc->nother == sc->capother) {
		sc->capother = sc->capother ? 2 * sc->capother : 64;
		v = realloc(sc->other, sc->capother * sizeof(*v));
		if (v == NULL) {
			return -1;
		}
		sc->other = v;
	}
	sc->other[sc->nother++] = *a;
	return 0;
}

static int
load_other(struct screen *sc, struct err *e)
{
	struct store_source *src = NULL;
	struct store *st = sc->cli->st;
	size_t n = 0, i;
	int rc = 0;

	sc->other_loaded = 1;
	if (store_wl_sources(st, &src, &n, e) == -1) {
		return -1;
	}
	for (i = 0; i < n && rc == 0; i++) {
		rc = store_wl_each(st, src[i].name, gather_other, sc, e);
	}
	free(src);
	if (rc > 0) {
		return err_set(e, ERR_SYS, ENOMEM, "out of memory");
	}
	return rc;
}

/* Returns: index of the next other-chain key after *from whose text is s. */
static long
find_other(const struct screen *sc, size_t from, const char *s, size_t n)
{
	const struct addr *a;
	const uint8_t *nul;
	size_t i;

	for (i = from; i < sc->nother; i++) {
		a = &sc->other[i];
		nul = memchr(a->key + 1, 0, a->len - 1);
		if (nul != NULL && (size_t)(a->key + a->len - nul - 1) == n &&
		    memcmp(nul + 1, s, n) == 0) {
			return (long)i;
		}
	}
	return -1;
}

static int screen_addr(struct screen *, const struct addr *, const char *);

/*
 * Screen one input: in is NUL-terminated, len = strlen(in); name and lineno
 * say where it came from (name NULL for the command line).
 */
static int
screen_one(struct screen *sc, const char *in, size_t len, const char *name,
    size_t lineno)
{
	struct addr a;
	struct err e;
	char where[4200];
	long k;
	int rc = 0, matched = 0;

	e.code = ERR_OK;
	e.msg[0] = '\0';
	if (wl_parse_input(&a, in, len, &e) == 0) {
		return screen_addr(sc, &a, in);
	}
	if (!sc->other_loaded && load_other(sc, &e) == -1) {
		return cli_fail(&e);
	}
	for (k = find_other(sc, 0, in, len); k >= 0 && rc == 0;
	    k = find_other(sc, (size_t)k + 1, in, len)) {
		rc = screen_addr(sc, &sc->other[k], in);
		matched = 1;
	}
	if (!matched) {
		if (strncmp(in, "0x", 2) != 0 && strncmp(in, "0X", 2) != 0 &&
		    strlen(e.msg) < sizeof(e.msg) - 40) {
			strcat(e.msg, ", nor listed under another chain");
		}
		if (name != NULL) {
			snprintf(where, sizeof(where), "%s:%zu", name, lineno);
		}
		report_bad(sc, in, name != NULL ? where : NULL, &e);
	}
	return rc;
}

/* Look up one parsed address and print its result; in is the input text. */
static int
screen_addr(struct screen *sc, const struct addr *ap, const char *in)
{
	struct err e;
	char text[ADDR_TEXT_MAX], chain[ADDR_TICKER_MAX + 1];
	const char *chain_name;
	size_t n = 0, i;
	int found, hit = 0;
	FILE *f = sc->out;

	memset(&e, 0, sizeof(e));
	for (;;) {
		found = store_wl_lookup(sc->rd, ap, sc->ls, sc->cap, &n, &e);
		if (found == -1) {
			return cli_fail(&e);
		}
		if (n <= sc->cap) {
			break;
		}
		free(sc->ls);
		sc->cap = n;
		sc->ls = calloc(n, sizeof(*sc->ls));
		if (sc->ls == NULL) {
			err_set(&e, ERR_SYS, ENOMEM, "out of memory");
			return cli_fail(&e);
		}
	}
	for (i = 0; i < n; i++) {
		if (wl_category_is_hit(sc->ls[i].category) &&
		    wl_listing_active(&sc->ls[i], sc->at)) {
			hit = 1;
		}
	}
	sc->n++;
	sc->hits += hit;
	addr_format(text, ap);
	chain_name = addr_chain_name(ap, chain);
	if (n == 0 && plain(in)) {
		print_clean(sc, in, text, chain_name);
		return 0;
	}

	switch (sc->format) {
	case SCREEN_TEXT:
		fprintf(f, "%-7s %s  %s\n", hit ? "HIT" : n > 0 ? "listed" :
		    "clean", text, chain_name);
		if (n > 0 && !sc->header_done) {
			fprintf(f, "        %-11s %-22s %-10s  %-10s  %-8s  %s\n",
			    "category", "source", "listed", "delisted",
			    "status", "label");
			sc->header_done = 1;
		}
		for (i = 0; i < n; i++) {
			print_listing_text(f, &sc->ls[i], sc->at);
		}
		break;
	case SCREEN_CSV:
		if (n == 0) {
			out_csv(f, in);
			fprintf(f, ",%s,%s,false,,,,,,,,\n", text, chain_name);
			break;
		}
		for (i = 0; i < n; i++) {
			out_csv(f, in);
			fprintf(f, ",%s,%s,%s,", text, chain_name,
			    hit ? "true" : "false");
			print_listing_csv(f, &sc->ls[i], sc->at);
			fputs(",\n", f);
		}
		break;
	case SCREEN_JSON:
		fputs(sc->n + sc->bad > 1 ? ",\n" : "\n", f);
		fputs("{\"input\":", f);
		out_json_str(f, in);
		fprintf(f, ",\"address\":\"%s\",\"chain\":", text);
		out_json_str(f, chain_name);
		fprintf(f, ",\"hit\":%s,\"listings\":[", hit ? "true" :
		    "false");
		for (i = 0; i < n; i++) {
			if (i > 0) {
				fputc(',', f);
			}
			print_listing_json(f, &sc->ls[i], sc->at);
		}
		fputs("]}", f);
		break;
	}
	return 0;
}

/* Screen every line of fp; name is used in messages ("FILE:LINE"). */
static int
screen_stream(struct screen *sc, FILE *fp, const char *name)
{
	char *line = NULL;
	size_t cap = 0, lineno = 0, b, e;
	ssize_t len;
	int rc = 0;

	while ((len = getline(&line, &cap, fp)) != -1) {
		lineno++;
		b = 0;
		e = (size_t)len;
		while (b < e && strchr(" \t\r\n", line[b]) != NULL) {
			b++;
		}
		while (e > b && strchr(" \t\r\n", line[e - 1]) != NULL) {
			e--;
		}
		if (b == e || line[b] == '#') {
			continue;
		}
		line[e] = '\0';
		rc = screen_one(sc, line + b, e - b, name, lineno);
		if (rc != 0) {
			break;
		}
	}
	if (rc == 0 && ferror(fp)) {
		rc = cli_usage_error("cannot read '%s': %s", name,
		    strerror(errno));
	}
	free(line);
	return rc;
}

int
cmd_screen(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "at", required_argument, NULL, 'a' },
		{ "file", required_argument, NULL, 'f' },
		{ "format", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static char outbuf[1 << 16];
	struct screen sc;
	struct store *st;
	struct err err;
	const char *files[64];
	FILE *fp;
	char d[11];
	int c, i, nfiles = 0, rc = 0;

	memset(&sc, 0, sizeof(sc));
	memset(&err, 0, sizeof(err));
	sc.cli = cli;
	sc.at = date_today();
	sc.out = stdout;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if (date_parse(&sc.at, optarg, strlen(optarg)) == -1) {
				return cli_usage_error("--at: expected a date "
				    "YYYY-MM-DD, got '%s'", optarg);
			}
			break;
		case 'f':
			if (nfiles == 64) {
				return cli_usage_error("too many --file");
			}
			files[nfiles++] = optarg;
			break;
		case 'F':
			if (strcmp(optarg, "text") == 0) {
				sc.format = SCREEN_TEXT;
			} else if (strcmp(optarg, "json") == 0) {
				sc.format = SCREEN_JSON;
			} else if (strcmp(optarg, "csv") == 0) {
				sc.format = SCREEN_CSV;
			} else {
				return cli_usage_error("--format: expected "
				    "text, json or csv, got '%s'", optarg);
			}
			break;
		case 'h':
			fputs(screen_help, stdout);
			return EXIT_CLEAN;
		default:
			return cli_usage_error("screen: unknown option '%s' "
			    "(see scanner screen --help)", argv[optind - 1]);
		}
	}
	if (optind >= argc && nfiles == 0) {
		fputs(screen_help, stderr);
		return EXIT_USAGE;
	}
	/* Open every file before printing anything: a typo fails cleanly. */
	for (i = 0; i < nfiles; i++) {
		if (strcmp(files[i], "-") != 0) {
			fp = fopen(files[i], "r");
			if (fp == NULL) {
				return cli_usage_error("cannot open '%s': %s",
				    files[i], strerror(errno));
			}
			fclose(fp);
		}
	}
	st = cli_store(cli, &err);
	if (st == NULL || store_reader_begin(st, &sc.rd, &err) == -1) {
		return cli_fail(&err);
	}
	sc.cap = 16;
	sc.ls = calloc(sc.cap, sizeof(*sc.ls));
	if (sc.ls == NULL) {
		store_reader_end(sc.rd);
		err_set(&err, ERR_SYS, ENOMEM, "out of memory");
		return cli_fail(&err);
	}
	setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
	date_format(d, sc.at);
	if (sc.format == SCREEN_JSON) {
		fprintf(sc.out, "{\"schema\":\"scanner.screen/1\",\"at\":\"%s\","
		    "\"results\":[", d);
	} else if (sc.format == SCREEN_CSV) {
		fputs("input,address,chain,hit,source,category,label,"
		    "listed_on,delisted_on,active,reference,error\n", sc.out);
	}
	for (i = optind; i < argc && rc == 0; i++) {
		if (strcmp(argv[i], "-") == 0) {
			rc = screen_stream(&sc, stdin, "<stdin>");
		} else {
			rc = screen_one(&sc, argv[i], strlen(argv[i]), NULL,
			    0);
		}
	}
	for (i = 0; i < nfiles && rc == 0; i++) {
		if (strcmp(files[i], "-") == 0) {
			rc = screen_stream(&sc, stdin, "<stdin>");
			continue;
		}
		fp = fopen(files[i], "r");
		if (fp == NULL) {
			rc = cli_usage_error("cannot open '%s': %s", files[i],
			    strerror(errno));
			break;
		}
		rc = screen_stream(&sc, fp, files[i]);
		fclose(fp);
	}
	if (sc.format == SCREEN_JSON) {
		fprintf(sc.out, "\n],\"summary\":{\"screened\":%zu,\"hits\":%zu,"
		    "\"invalid\":%zu}}\n", sc.n, sc.hits, sc.bad);
	} else if (sc.format == SCREEN_TEXT && !cli->quiet) {
		fprintf(sc.out, "-- screened %zu address%s as of %s: %zu "
		    "hit%s%s", sc.n, sc.n == 1 ? "" : "es", d, sc.hits,
		    sc.hits == 1 ? "" : "s", sc.bad > 0 ? ", " : "\n");
		if (sc.bad > 0) {
			fprintf(sc.out, "%zu invalid\n", sc.bad);
		}
	}
	fflush(sc.out);
	store_reader_end(sc.rd);
	free(sc.ls);
	free(sc.other);
	if (rc != 0) {
		return rc;
	}
	if (sc.bad > 0) {
		return EXIT_USAGE;
	}
	return sc.hits > 0 ? EXIT_HITS : EXIT_CLEAN;
}
