/*
 * cli.h - what the subcommands share: the global options, the database
 * handle opened on demand, output helpers, and one error printer. Only the
 * CLI prints and only main() exits.
 */
#ifndef SCANNER_CLI_H
#define SCANNER_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "err.h"
#include "store.h"

/* Exit codes (DESIGN.md, as clamscan's). */
enum {
	EXIT_CLEAN = 0,		/* ran, nothing found */
	EXIT_HITS = 1,		/* ran, hits found */
	EXIT_USAGE = 2,		/* usage or bad input */
	EXIT_VERIFY = 3,	/* verification failure */
	EXIT_NET = 4,		/* network or RPC failure after retries */
	EXIT_STORE = 5		/* storage failure */
};

enum cli_verify {
	CLI_VERIFY_FULL,
	CLI_VERIFY_SENDERS,
	CLI_VERIFY_OFF
};

struct cli {
	const char	*db_dir;	/* --db, SCANNER_DB, or the XDG default */
	char		 db_buf[4096];
	const char	*rpc[16];	/* --rpc, repeatable */
	int		 nrpc;
	enum cli_verify	 verify;
	int		 offline;
	int		 quiet;
	int		 verbose;
	const char	*record_dir;	/* --record */
	int		 no_traces;	/* fetch --no-traces */
	struct store	*st;		/* opened by cli_store() */
	struct rpc	*rpc_handle;	/* made by cli_fetcher() */
	int		 argc;		/* main()'s, as run (for --evidence) */
	char		**argv;
};

struct fetcher;
struct verify_report;

/*
 * Open the database (once) and load the bundled watchlists if it never had
 * them. Returns: the store, or NULL with err.
 */
struct store *cli_store(struct cli *cli, struct err *err);

/*
 * Make the transport (unless --offline) and a fetcher on the database.
 * Returns: 0; -1 with err. Out: *out, free with fetch_destroy(); the
 * transport is freed by main().
 */
int	cli_fetcher(struct cli *cli, struct fetcher **out, struct err *err);

/* Print what a verification checked and each failure's evidence. */
void	cli_print_report(FILE *f, const struct verify_report *r);

/* Print "scanner: MSG" for err and return its exit code. */
int	cli_fail(const struct err *err);

/* Print "scanner: " + formatted message; returns EXIT_USAGE. */
int	cli_usage_error(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));

/*
 * Parse an option's number (decimal, or 0x hex) of at most max.
 * Returns: 0 and *v; EXIT_USAGE after printing what is wrong with it.
 */
int	cli_parse_u64(uint64_t *v, const char *s, const char *opt,
	    uint64_t max);

/* Print a warning line on stderr unless --quiet. */
void	cli_warn(const struct cli *cli, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* Output helpers (out.c). */
/* Write s with control characters (C0, DEL, C1 in UTF-8) replaced by '?'. */
void	out_text(FILE *f, const char *s);
/* Write s padded with spaces to width columns (counted in code points). */
void	out_text_pad(FILE *f, const char *s, int width);
/* Write one CSV cell: quoted when needed, formula prefixes neutralised. */
void	out_csv(FILE *f, const char *s);
/* Write s as a JSON string literal, quotes included. */
void	out_json_str(FILE *f, const char *s);
/* Write a date (days) as "YYYY-MM-DD" JSON string, or null for DATE_NONE. */
void	out_json_date(FILE *f, int32_t day);

/* Subcommands: argc/argv start at the command's own name. */
int	cmd_watchlist(struct cli *cli, int argc, char **argv);
int	cmd_screen(struct cli *cli, int argc, char **argv);
int	cmd_fetch(struct cli *cli, int argc, char **argv);
int	cmd_verify(struct cli *cli, int argc, char **argv);
int	cmd_trace(struct cli *cli, int argc, char **argv);
int	cmd_monitor(struct cli *cli, int argc, char **argv);

#endif
