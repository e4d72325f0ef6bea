/*
 * evidence.c - `scanner trace --evidence DIR`: the folder from which anyone
 * re-runs a trace offline (evidence.h). The rerun sees what the run saw
 * because the run itself traced from the exported listings and recorded
 * every answer it used.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "evidence.h"
#include "hash.h"
#include "hex.h"
#include "store.h"
#include "verify.h"
#include "wl.h"

#define EV_PATH_MAX	4096
#define EV_FILE_MAX	(STORE_NAME_MAX + 16)
#define EV_DEPTH_MAX	8	/* folders deep a walk goes */

/* One source of the user's database and its file under watchlists/. */
struct ev_source {
	char	 name[STORE_NAME_MAX];
	char	 file[EV_FILE_MAX];
};

struct evidence {
	struct cli	*cli;
	char		 dir[EV_PATH_MAX];
	char		 work[EV_PATH_MAX];
	char		 cassettes[EV_PATH_MAX];
	const char	*saved_db_dir;
	const char	*saved_record_dir;
	struct store	*work_st;
	struct ev_source *src;
	size_t		 nsrc;
	char		**args;		/* the rerun's trace options
					   and seeds, borrowed from argv */
	size_t		 nargs;
	int		 finished;
};

typedef int (*write_fn)(FILE *f, void *ctx, struct err *err);

static int
join(char *out, const char *a, const char *b, struct err *err)
{
	if (snprintf(out, EV_PATH_MAX, "%s/%s", a, b) >= EV_PATH_MAX) {
		return err_set(err, ERR_USAGE, 0, "--evidence: path '%s/%s' "
		    "too long", a, b);
	}
	return 0;
}

/* Write DIR/name through fn into name.tmp, then rename it into place. */
static int
write_file(const struct evidence *ev, const char *name, mode_t mode,
    write_fn fn, void *ctx, struct err *err)
{
	char path[EV_PATH_MAX], tmp[EV_PATH_MAX + 4];
	FILE *f;
	int rc;

	if (join(path, ev->dir, name, err) == -1) {
		return -1;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (f == NULL) {
		return err_set(err, ERR_SYS, errno, "cannot write '%s': %s",
		    tmp, strerror(errno));
	}
	rc = fn(f, ctx, err);
	if (rc == 0 && (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) !=
	    0)) {
		rc = err_set(err, ERR_SYS, errno, "cannot write '%s': %s", tmp,
		    strerror(errno));
	}
	if (fclose(f) != 0 && rc == 0) {
		rc = err_set(err, ERR_SYS, errno, "cannot write '%s': %s", tmp,
		    strerror(errno));
	}
	if (rc == 0 && chmod(tmp, mode) != 0) {
		rc = err_set(err, ERR_SYS, errno, "cannot chmod '%s': %s", tmp,
		    strerror(errno));
	}
	if (rc == 0 && rename(tmp, path) != 0) {
		rc = err_set(err, ERR_SYS, errno, "cannot rename '%s': %s", tmp,
		    strerror(errno));
	}
	if (rc != 0) {
		unlink(tmp);
	}
	return rc;
}

/* Remove path and, if it is a folder, everything in it. */
static int
remove_tree(const char *path, int depth)
{
	char sub[EV_PATH_MAX];
	struct dirent *de;
	struct stat st;
	DIR *d;
	int rc = 0;

	if (lstat(path, &st) != 0) {
		return errno == ENOENT ? 0 : -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		return unlink(path);
	}
	if (depth > EV_DEPTH_MAX) {
		return -1;
	}
	d = opendir(path);
	if (d == NULL) {
		return -1;
	}
	for (de = readdir(d); de != NULL; de = readdir(d)) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0) {
			continue;
		}
		if (snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name) >=
		    (int)sizeof(sub) || remove_tree(sub, depth + 1) != 0) {
			rc = -1;
		}
	}
	closedir(d);
	if (rmdir(path) != 0) {
		rc = -1;
	}
	return rc;
}

/*
 * DIR must be missing (it is made) or an empty folder.
 * Out: *made: 1 if it was made here.
 */
static int
check_dir(const char *dir, int *made, struct err *err)
{
	struct dirent *de;
	struct stat st;
	DIR *d;
	int empty = 1;

	*made = 0;
	if (stat(dir, &st) != 0) {
		if (errno != ENOENT) {
			return err_set(err, ERR_USAGE, errno, "--evidence: "
			    "cannot use '%s': %s", dir, strerror(errno));
		}
		if (mkdir(dir, 0777) != 0) {
			return err_set(err, ERR_USAGE, errno, "--evidence: "
			    "cannot create '%s': %s", dir, strerror(errno));
		}
		*made = 1;
		return 0;
	}
	if (!S_ISDIR(st.st_mode)) {
		return err_set(err, ERR_USAGE, 0, "--evidence: '%s' is not a "
		    "folder", dir);
	}
	d = opendir(dir);
	if (d == NULL) {
		return err_set(err, ERR_USAGE, errno, "--evidence: cannot read "
		    "'%s': %s", dir, strerror(errno));
	}
	for (de = readdir(d); de != NULL && empty; de = readdir(d)) {
		empty = strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0;
	}
	closedir(d);
	if (!empty) {
		return err_set(err, ERR_USAGE, 0, "--evidence: '%s' is not "
		    "empty: give a new folder", dir);
	}
	if (access(dir, W_OK) != 0) {
		return err_set(err, ERR_USAGE, errno, "--evidence: cannot "
		    "write in '%s': %s", dir, strerror(errno));
	}
	return 0;
}

/*
 * The trace's arguments for the rerun: every option but the ones naming
 * where reports go, then the seeds, as they were given.
 */
static int
rerun_args(struct evidence *ev, int argc, char **argv,
    const struct option *opts, struct err *err)
{
	static const char *const drop[] = {
		"evidence", "format", "output", "html"
	};
	int saved_optind = optind, saved_opterr = opterr, c, idx, start, i;
	size_t k;
	const char *name;

	ev->args = calloc((size_t)argc + 1, sizeof(*ev->args));
	if (ev->args == NULL) {
		return err_set(err, ERR_SYS, ENOMEM, "out of memory");
	}
	optind = 0;
	opterr = 0;
	start = 1;
	for (;;) {
		idx = -1;
		c = getopt_long(argc, argv, "+h", opts, &idx);
		if (c == -1) {
			break;
		}
		name = idx >= 0 ? opts[idx].name : NULL;
		for (k = 0; name != NULL && k < sizeof(drop) / sizeof(*drop);
		    k++) {
			if (strcmp(name, drop[k]) == 0) {
				name = NULL;
			}
		}
		if (c == '?' || c == 'h' || (name == NULL && idx < 0)) {
			optind = saved_optind;
			opterr = saved_opterr;
			return err_set(err, ERR_USAGE, 0, "--evidence: cannot "
			    "repeat the option '%s'", argv[start]);
		}
		for (i = start; name != NULL && i < optind; i++) {
			ev->args[ev->nargs++] = argv[i];
		}
		start = optind;
	}
	for (i = optind; i < argc; i++) {
		ev->args[ev->nargs++] = argv[i];
	}
	optind = saved_optind;
	opterr = saved_opterr;
	return 0;
}

/* A file name for source name: [A-Za-z0-9._-], unique among the first n
 * whatever the case. */
static void
source_file(struct ev_source *s, const struct ev_source *prev, size_t n)
{
	char base[STORE_NAME_MAX];
	size_t i, j;
	int c, clash = 1, k = 1;

	for (i = 0; s->name[i] != '\0'; i++) {
		c = (unsigned char)s->name[i];
		base[i] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    (c == '.' && i > 0) ? (char)c : '_';
	}
	base[i] = '\0';
	snprintf(s->file, sizeof(s->file), "%s.csv", base);
	while (clash) {
		clash = 0;
		for (j = 0; j < n; j++) {
			/* apart on case-insensitive file systems too */
			if (strcasecmp(prev[j].file, s->file) == 0) {
				clash = 1;
			}
		}
		if (clash) {
			snprintf(s->file, sizeof(s->file), "%s-%d.csv", base,
			    ++k);
		}
	}
}

struct export_ctx {
	struct store	*st;
	const char	*source;
};

static int
write_export(FILE *f, void *vctx, struct err *err)
{
	struct export_ctx *ctx = vctx;

	return wl_export_csv(ctx->st, ctx->source, f, err) < 0 ? -1 : 0;
}

/* Export every source of st to DIR/watchlists/. */
static int
export_sources(struct evidence *ev, struct store *st, struct err *err)
{
	struct store_source *src = NULL;
	struct export_ctx ctx;
	char name[EV_PATH_MAX], path[EV_PATH_MAX];
	size_t n = 0, i;
	int rc = -1;

	if (store_wl_sources(st, &src, &n, err) == -1) {
		return -1;
	}
	ev->src = calloc(n + 1, sizeof(*ev->src));
	if (ev->src == NULL) {
		err_set(err, ERR_SYS, ENOMEM, "out of memory");
		goto out;
	}
	if (join(path, ev->dir, "watchlists", err) == -1) {
		goto out;
	}
	if (mkdir(path, 0777) != 0) {
		err_set(err, ERR_SYS, errno, "cannot create '%s': %s", path,
		    strerror(errno));
		goto out;
	}
	for (i = 0; i < n; i++) {
		snprintf(ev->src[i].name, sizeof(ev->src[i].name), "%s",
		    src[i].name);
		source_file(&ev->src[i], ev->src, i);
		ev->nsrc = i + 1;
		snprintf(name, sizeof(name), "watchlists/%s", ev->src[i].file);
		ctx.st = st;
		ctx.source = ev->src[i].name;
		if (write_file(ev, name, 0644, write_export, &ctx, err) ==
		    -1) {
			goto out;
		}
	}
	rc = 0;
out:
	free(src);
	return rc;
}

static void
no_warn(void *ctx, const char *msg)
{
	(void)ctx;
	(void)msg;
}

/*
 * The work database: the exported files imported as rerun.sh imports them
 * (`watchlist import --source S --format csv`), so the run and its rerun
 * judge against the same listings.
 */
static int
open_work(struct evidence *ev, struct err *err)
{
	struct wl_import_opts o;
	struct wl_import_result res;
	char rel[EV_PATH_MAX], path[EV_PATH_MAX];
	const char *paths[1];
	size_t i;

	if (join(ev->work, ev->dir, ".work", err) == -1 ||
	    store_open(&ev->work_st, ev->work, 0, err) == -1) {
		return -1;
	}
	memset(&o, 0, sizeof(o));
	o.format = WL_FORMAT_CSV;
	o.category = -1;
	o.warn = no_warn;
	for (i = 0; i < ev->nsrc; i++) {
		snprintf(rel, sizeof(rel), "watchlists/%s", ev->src[i].file);
		if (join(path, ev->dir, rel, err) == -1) {
			return -1;
		}
		paths[0] = path;
		o.source = ev->src[i].name;
		if (wl_import(ev->work_st, paths, 1, &o, &res, err) == -1) {
			return err_wrap(err, "--evidence: the listings of "
			    "source '%s' do not import again", o.source);
		}
	}
	return 0;
}

int
evidence_begin(struct evidence **out, struct cli *cli, const char *dir,
    int argc, char **argv, const struct option *opts, struct err *err)
{
	static const char *const ours[] = { "watchlists", "cassettes",
	    ".work" };
	struct evidence *ev;
	struct store *st;
	char sub[EV_PATH_MAX];
	size_t i;
	int made = 0, wrote = 0;

	*out = NULL;
	if (cli->offline) {
		return err_set(err, ERR_USAGE, 0, "--evidence keeps the node's "
		    "answers: it cannot run --offline");
	}
	if (cli->record_dir != NULL) {
		return err_set(err, ERR_USAGE, 0, "--evidence records into "
		    "DIR/cassettes itself: drop --record");
	}
	if (dir[0] == '\0') {
		return err_set(err, ERR_USAGE, 0, "--evidence: empty folder "
		    "name");
	}
	ev = calloc(1, sizeof(*ev));
	if (ev == NULL) {
		return err_set(err, ERR_SYS, ENOMEM, "out of memory");
	}
	ev->cli = cli;
	ev->saved_db_dir = cli->db_dir;
	ev->saved_record_dir = cli->record_dir;
	if (snprintf(ev->dir, sizeof(ev->dir), "%s", dir) >=
	    (int)sizeof(ev->dir) - 64) {
		err_set(err, ERR_USAGE, 0, "--evidence: path too long");
		goto fail;
	}
	if (rerun_args(ev, argc, argv, opts, err) == -1 ||
	    check_dir(ev->dir, &made, err) == -1) {
		goto fail;
	}
	wrote = 1;	/* from here on, DIR holds what this run wrote */
	st = cli_store(cli, err);
	if (st == NULL || export_sources(ev, st, err) == -1 ||
	    join(ev->cassettes, ev->dir, "cassettes", err) == -1) {
		goto fail;
	}
	if (mkdir(ev->cassettes, 0777) != 0) {
		err_set(err, ERR_SYS, errno, "cannot create '%s': %s",
		    ev->cassettes, strerror(errno));
		goto fail;
	}
	if (open_work(ev, err) == -1) {
		goto fail;
	}
	store_close(cli->st);
	cli->st = ev->work_st;
	cli->db_dir = ev->work;
	cli->record_dir = ev->cassettes;
	*out = ev;
	return 0;
fail:
	if (wrote) {
		store_close(ev->work_st);
		if (made) {
			remove_tree(ev->dir, 0);
		}
		for (i = 0; !made && i < sizeof(ours) / sizeof(*ours); i++) {
			if (join(sub, ev->dir, ours[i], NULL) == 0) {
				remove_tree(sub, 0);
			}
		}
	}
	free(ev->args);
	free(ev->src);
	free(ev);
	return -1;
}

/* ---- the files of evidence_finish ---- */

struct report_ctx {
	const struct report_input	*in;
	enum report_format		 fmt;
};

static int
write_report(FILE *f, void *vctx, struct err *err)
{
	struct report_ctx *ctx = vctx;

	return report_write(f, ctx->fmt, ctx->in, err);
}

struct verif_ctx {
	const struct report_input	*in;
	const struct verify_report	*vrep;
};

static int
write_verification(FILE *f, void *vctx, struct err *err)
{
	struct verif_ctx *ctx = vctx;
	const struct trace_query *q = ctx->in->query;

	(void)err;
	fprintf(f, "What scanner verified of the blocks the report rests on "
	    "(--verify %s), in the\nwindow %llu-%llu: each block's header "
	    "hash, parent hash, transactionsRoot and\nreceiptsRoot "
	    "recomputed, every transaction's hash recomputed and its sender\n"
	    "recovered, as --verify selects.\n\n",
	    ctx->in->verification.mode != NULL ? ctx->in->verification.mode :
	    "?", (unsigned long long)q->from_block,
	    (unsigned long long)q->to_block);
	cli_print_report(f, ctx->vrep);
	fprintf(f, "failures: %zu\n", ctx->vrep->nfail);
	return 0;
}

/*
 * Write s for sh: as is when it is plain, else in single quotes.
 * Returns: the bytes written.
 */
static size_t
sh_quote(FILE *f, const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTU"
	    "VWXYZ0123456789_./:=,+@%-");

	if (s[0] != '\0' && s[n] == '\0') {
		fputs(s, f);
		return n;
	}
	n = 2;
	fputc('\'', f);
	for (; *s != '\0'; s++) {
		if (*s == '\'') {
			fputs("'\\''", f);
			n += 4;
		} else {
			fputc(*s, f);
			n++;
		}
	}
	fputc('\'', f);
	return n;
}

/*
 * An argument with an endpoint URL in it loses the URL's path, query and
 * credentials (API keys live there): scheme://host[:port] stays.
 * Returns: 1 if something was cut.
 */
static int
cut_url(char *out, size_t cap, const char *arg)
{
	const char *p = strstr(arg, "://"), *host, *end, *at;

	if (p == NULL) {
		snprintf(out, cap, "%s", arg);
		return 0;
	}
	host = p + 3;
	end = host + strcspn(host, "/?#");
	at = memchr(host, '@', (size_t)(end - host));
	while (at != NULL) {
		host = at + 1;
		at = memchr(host, '@', (size_t)(end - host));
	}
	snprintf(out, cap, "%.*s%.*s%s", (int)(p + 3 - arg), arg,
	    (int)(end - host), host, *end != '\0' ? "/..." : "");
	return *end != '\0' || host != p + 3;
}

static int
write_command(FILE *f, void *vctx, struct err *err)
{
	struct evidence *ev = vctx;
	char a[EV_PATH_MAX];
	int i, cut = 0;

	(void)err;
	fprintf(f, "scanner %s\n", SCANNER_VERSION);
	for (i = 0; i < ev->cli->argc; i++) {
		cut |= cut_url(a, sizeof(a), ev->cli->argv[i]);
		if (i > 0) {
			fputc(' ', f);
		}
		sh_quote(f, a);
	}
	fputc('\n', f);
	if (cut) {
		fputs("(endpoint URLs are cut to scheme://host[:port]: their "
		    "path, query and\ncredentials may hold API keys)\n", f);
	}
	return 0;
}

static const char rerun_head[] =
"#!/bin/sh\n"
"# rerun.sh - re-run the trace of this evidence folder offline, from its\n"
"# files alone, and compare the report with report.json byte for byte.\n"
"#   sh rerun.sh         uses $SCANNER, else `scanner` from PATH (the same\n"
"#                       version as command.txt names)\n"
"# Writes report.rerun.json here (in a temporary folder if this one is\n"
"# read-only). Exit: 0 identical; 1 the reports differ; else the replayed\n"
"# trace's exit code: 2 usage, 3 verification failure, 4 an answer that\n"
"# the cassettes lack, 5 storage.\n"
"here=$(CDPATH='' cd -- \"$(dirname -- \"$0\")\" && pwd) || exit 2\n"
"SCANNER=${SCANNER:-scanner}\n"
"command -v \"$SCANNER\" >/dev/null 2>&1 || {\n"
"\techo \"rerun: no '$SCANNER': put scanner on PATH or set SCANNER\" >&2\n"
"\texit 2\n"
"}\n"
"tmp=$(mktemp -d \"${TMPDIR:-/tmp}/scanner-rerun.XXXXXX\") || exit 5\n"
"trap 'rm -rf \"$tmp\"' EXIT\n"
"trap 'exit 129' HUP\n"
"trap 'exit 130' INT\n"
"trap 'exit 143' TERM\n"
"db=$tmp/db\n"
"fail() {\t# fail CODE WHAT\n"
"\techo \"rerun: $2\" >&2\n"
"\texit \"$1\"\n"
"}\n"
"run() {\n"
"\t\"$SCANNER\" --db \"$db\" --quiet \"$@\"\n"
"}\n"
"imp() {\t# imp SOURCE FILE\n"
"\trun watchlist import --source \"$1\" --format csv \\\n"
"\t    \"$here/watchlists/$2\" >/dev/null ||\n"
"\t    fail 2 \"cannot import watchlists/$2\"\n"
"}\n"
"\n"
"# A fresh database with exactly the listings of watchlists/: the bundled\n"
"# lists a new database starts with go first.\n"
"run watchlist stats --format json >\"$tmp/sources.json\" ||\n"
"    fail 5 \"cannot make a database in $db\"\n"
"sed -n 's/^{\"source\":\"\\([^\"\\\\]*\\)\".*/\\1/p' \\\n"
"    \"$tmp/sources.json\" >\"$tmp/sources\"\n"
"while IFS= read -r s; do\n"
"\trun watchlist remove --source \"$s\" >/dev/null ||\n"
"\t    fail 5 \"cannot remove source '$s'\"\n"
"done <\"$tmp/sources\"\n";

static const char rerun_tail[] =
"rc=$?\n"
"if [ \"$rc\" -gt 1 ]; then\n"
"\tfail \"$rc\" \"the replayed trace failed (exit $rc)\"\n"
"fi\n"
"if cmp \"$here/report.json\" \"$out\"; then\n"
"\techo \"identical: $out is report.json byte for byte\"\n"
"\texit 0\n"
"fi\n"
"echo \"different: $out is not report.json\"\n"
"exit 1\n";

static int
write_rerun(FILE *f, void *vctx, struct err *err)
{
	struct evidence *ev = vctx;
	size_t i, col;

	(void)err;
	fputs(rerun_head, f);
	for (i = 0; i < ev->nsrc; i++) {
		fputs("imp ", f);
		sh_quote(f, ev->src[i].name);
		fputc(' ', f);
		sh_quote(f, ev->src[i].file);
		fputc('\n', f);
	}
	fputs("\n# The trace, its answers replayed from cassettes/ only.\n"
	    "out=$here/report.rerun.json\n"
	    "if ! [ -w \"$here\" ]; then\n"
	    "\tout=$tmp/report.rerun.json\n"
	    "fi\n"
	    "run --rpc \"replay:$here/cassettes\" --verify ", f);
	fputs(ev->cli->verify == CLI_VERIFY_FULL ? "full" :
	    ev->cli->verify == CLI_VERIFY_SENDERS ? "senders" : "off", f);
	fputs(" trace --format json \\\n    --output \"$out\"", f);
	col = 72;
	for (i = 0; i < ev->nargs; i++) {
		/* an option and its value stay on one line */
		if (col > 60 && (ev->args[i][0] == '-' || col > 72)) {
			fputs(" \\\n   ", f);
			col = 3;
		}
		fputc(' ', f);
		col += 1 + sh_quote(f, ev->args[i]);
	}
	fputc('\n', f);
	fputs(rerun_tail, f);
	return 0;
}

static const char *
format_ext(enum report_format fmt)
{
	switch (fmt) {
	case REPORT_TEXT:
		return "txt";
	case REPORT_CSV:
		return "csv";
	case REPORT_DOT:
		return "dot";
	case REPORT_HTML:
		return "html";
	case REPORT_JSON:
		break;
	}
	return "json";
}

struct readme_ctx {
	enum report_format	 fmt;
};

static int
write_readme(FILE *f, void *vctx, struct err *err)
{
	struct readme_ctx *ctx = vctx;

	(void)err;
	fprintf(f, "Evidence of a trace by scanner %s (`scanner trace ... "
	    "--evidence DIR`).\n\n", SCANNER_VERSION);
	fputs("  report.json       the report (JSON, scanner.trace/1)\n", f);
	if (ctx->fmt != REPORT_JSON) {
		fprintf(f, "  report.%-4s       the same report in the format "
		    "asked for\n", format_ext(ctx->fmt));
	}
	fputs("  verification.txt  what was verified of the blocks the "
	    "report rests on:\n"
	    "                    blocks, transactions, each check with "
	    "checked/passed,\n"
	    "                    and every failure's evidence\n"
	    "  cassettes/*.io    every JSON-RPC exchange the trace made, "
	    "one \">> request\"\n"
	    "                    line and one \"<< response\" line each. "
	    "The lines are a\n"
	    "                    canonical re-serialisation of what the "
	    "node sent\n"
	    "                    (compact JSON, keys sorted, id 1), not "
	    "its raw bytes;\n"
	    "                    the trace used nothing else from the "
	    "node\n"
	    "  watchlists/*.csv  every listing the trace judged against, "
	    "one file per\n"
	    "                    source (address, chain, category, label, "
	    "listed_on,\n"
	    "                    delisted_on, reference)\n"
	    "  command.txt       the command as run, and the scanner "
	    "version\n"
	    "  rerun.sh          re-runs the trace offline from these files "
	    "alone\n"
	    "  SHA256SUMS        the SHA-256 of every other file\n"
	    "\n"
	    "Check:   sha256sum -c SHA256SUMS\n"
	    "Re-run:  sh rerun.sh\n"
	    "         (with $SCANNER, else `scanner` from PATH, of the version "
	    "command.txt\n"
	    "         names: it writes report.rerun.json, says \"identical\" "
	    "and exits 0\n"
	    "         when it is report.json byte for byte)\n", f);
	return 0;
}

/* ---- SHA256SUMS ---- */

struct files {
	char	**v;
	size_t	 n, cap;
};

static void
files_release(struct files *fs)
{
	size_t i;

	for (i = 0; i < fs->n; i++) {
		free(fs->v[i]);
	}
	free(fs->v);
}

/* Collect the files under DIR/rel (rel "" for DIR itself). */
static int
collect(struct files *fs, const char *dir, const char *rel, int depth,
    struct err *err)
{
	char path[EV_PATH_MAX], sub[EV_PATH_MAX], **v;
	struct dirent *de;
	struct stat st;
	DIR *d;
	int rc = 0;

	if (depth > EV_DEPTH_MAX) {
		return err_set(err, ERR_SYS, 0, "--evidence: folders too deep "
		    "in '%s'", dir);
	}
	snprintf(path, sizeof(path), "%s%s%s", dir, rel[0] ? "/" : "", rel);
	d = opendir(path);
	if (d == NULL) {
		return err_set(err, ERR_SYS, errno, "cannot read '%s': %s",
		    path, strerror(errno));
	}
	for (de = readdir(d); de != NULL && rc == 0; de = readdir(d)) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0 ||
		    (rel[0] == '\0' && (strcmp(de->d_name, ".work") == 0 ||
		    strcmp(de->d_name, "SHA256SUMS") == 0 ||
		    strcmp(de->d_name, "SHA256SUMS.tmp") == 0))) {
			continue;
		}
		if (snprintf(sub, sizeof(sub), "%s%s%s", rel, rel[0] ? "/" :
		    "", de->d_name) >= (int)sizeof(sub) ||
		    snprintf(path, sizeof(path), "%s/%s", dir, sub) >=
		    (int)sizeof(path)) {
			rc = err_set(err, ERR_SYS, 0, "--evidence: path too "
			    "long under '%s'", dir);
			break;
		}
		if (lstat(path, &st) != 0) {
			rc = err_set(err, ERR_SYS, errno, "cannot read '%s': "
			    "%s", path, strerror(errno));
		} else if (S_ISDIR(st.st_mode)) {
			rc = collect(fs, dir, sub, depth + 1, err);
		} else if (S_ISREG(st.st_mode)) {
			if (fs->n == fs->cap) {
				fs->cap = fs->cap ? fs->cap * 2 : 32;
				v = realloc(fs->v, fs->cap * sizeof(*v));
				if (v == NULL) {
					rc = err_set(err, ERR_SYS, ENOMEM,
					    "out of memory");
					break;
				}
				fs->v = v;
			}
			fs->v[fs->n] = strdup(sub);
			if (fs->v[fs->n] == NULL) {
				rc = err_set(err, ERR_SYS, ENOMEM,
				    "out of memory");
				break;
			}
			fs->n++;
		}
	}
	closedir(d);
	return rc;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The SHA-256 of a whole file. */
static int
file_sha256(uint8_t out[32], const char *path, struct err *err)
{
	struct stat st;
	uint8_t *buf;
	FILE *f;
	size_t n;
	int rc = 0;

	f = fopen(path, "rb");
	if (f == NULL) {
		return err_set(err, ERR_SYS, errno, "cannot read '%s': %s",
		    path, strerror(errno));
	}
	if (fstat(fileno(f), &st) != 0) {
		rc = err_set(err, ERR_SYS, errno, "cannot read '%s': %s", path,
		    strerror(errno));
		fclose(f);
		return rc;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL) {
		fclose(f);
		return err_set(err, ERR_SYS, ENOMEM, "out of memory");
	}
	n = fread(buf, 1, (size_t)st.st_size + 1, f);
	if (ferror(f) || n != (size_t)st.st_size) {
		rc = err_set(err, ERR_SYS, errno, "cannot read '%s': it "
		    "changed while read", path);
	} else {
		hash_sha256(out, buf, n);
	}
	free(buf);
	fclose(f);
	return rc;
}

static int
write_sums(FILE *f, void *vctx, struct err *err)
{
	struct evidence *ev = vctx;
	struct files fs;
	char path[EV_PATH_MAX], hx[65];
	uint8_t h[32];
	size_t i;
	int rc = 0;

	memset(&fs, 0, sizeof(fs));
	if (collect(&fs, ev->dir, "", 0, err) == -1) {
		files_release(&fs);
		return -1;
	}
	if (fs.n > 0) {
		qsort(fs.v, fs.n, sizeof(*fs.v), cmp_str);
	}
	for (i = 0; i < fs.n && rc == 0; i++) {
		rc = join(path, ev->dir, fs.v[i], err);
		if (rc == 0) {
			rc = file_sha256(h, path, err);
		}
		if (rc == 0) {
			hex_encode(hx, h, 32);
			hx[64] = '\0';
			fprintf(f, "%s  %s\n", hx, fs.v[i]);
		}
	}
	files_release(&fs);
	return rc;
}

int
evidence_finish(struct evidence *ev, const struct report_input *in,
    enum report_format fmt, const struct verify_report *vrep,
    struct err *err)
{
	struct report_ctx rc;
	struct verif_ctx vc;
	struct readme_ctx mc;
	char name[32];

	rc.in = in;
	rc.fmt = REPORT_JSON;
	if (write_file(ev, "report.json", 0644, write_report, &rc, err) ==
	    -1) {
		return -1;
	}
	if (fmt != REPORT_JSON) {
		rc.fmt = fmt;
		snprintf(name, sizeof(name), "report.%s", format_ext(fmt));
		if (write_file(ev, name, 0644, write_report, &rc, err) == -1) {
			return -1;
		}
	}
	vc.in = in;
	vc.vrep = vrep;
	mc.fmt = fmt;
	if (write_file(ev, "verification.txt", 0644, write_verification,
	    &vc, err) == -1 ||
	    write_file(ev, "command.txt", 0644, write_command, ev, err) ==
	    -1 ||
	    write_file(ev, "rerun.sh", 0755, write_rerun, ev, err) == -1 ||
	    write_file(ev, "README.txt", 0644, write_readme, &mc, err) ==
	    -1) {
		return -1;
	}
	/* Last: a folder with SHA256SUMS is a finished one. */
	if (write_file(ev, "SHA256SUMS", 0644, write_sums, ev, err) == -1) {
		return err_wrap(err, "--evidence");
	}
	ev->finished = 1;
	return 0;
}

void
evidence_end(struct evidence *ev)
{
	struct cli *cli;

	if (ev == NULL) {
		return;
	}
	cli = ev->cli;
	if (cli->st == ev->work_st) {
		cli->st = NULL;
	}
	store_close(ev->work_st);
	cli->db_dir = ev->saved_db_dir;
	cli->record_dir = ev->saved_record_dir;
	remove_tree(ev->work, 0);
	free(ev->args);
	free(ev->src);
	free(ev);
}
