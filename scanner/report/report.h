/*
 * report.h - render a trace (scanner/trace) as text for a terminal, JSON
 * scanner.trace/1, CSV, Graphviz DOT or one self-contained HTML file, and
 * the escaping helpers for attacker-controlled text (labels, token names
 * and symbols) that every renderer, and the CLI, writes through.
 * Output is deterministic: the same input gives the same bytes (no clock,
 * paths and stopped entries sorted), since reports are re-run as evidence.
 * Nothing here reads the store or the network, prints to the terminal on
 * its own or exits; the HTML renderer may run Graphviz's `dot`.
 */
#ifndef SCANNER_REPORT_H
#define SCANNER_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "addr.h"
#include "err.h"
#include "trace.h"

enum report_format {
	REPORT_TEXT = 1,
	REPORT_JSON,
	REPORT_CSV,
	REPORT_DOT,
	REPORT_HTML
};

/* Fractional digits of a taint share, truncated toward zero ("0.5"). */
#define REPORT_SHARE_DIGITS	18

#define REPORT_SYMBOL_MAX	64	/* bytes of a token symbol with NUL */

/* A token's metadata, as read by the caller (eth_call, cached). */
struct report_token {
	char		 symbol[REPORT_SYMBOL_MAX];	/* attacker-controlled;
							   NUL-terminated */
	unsigned	 decimals;	/* > 77 is treated as unknown */
};

/*
 * Look up a token (never called for ETH, the zero address).
 * Returns: 1 found (*out filled); 0 unknown: its amounts print raw with
 *          the token's address; -1 with err (the report fails with it).
 */
typedef int (*report_token_fn)(void *ctx, const struct eth_addr *asset,
    struct report_token *out, struct err *err);

/* One kind of verification check and how many passed. */
struct report_check {
	const char	*name;		/* "tx-hash", "sender", ... */
	uint64_t	 checked;
	uint64_t	 passed;
};

/* What the verifier checked of the data the trace rests on. */
struct report_verification {
	const char		*mode;		/* "full", "senders", "off" */
	uint64_t		 blocks;
	uint64_t		 txs;
	uint64_t		 failures;
	const struct report_check *checks;	/* may be NULL if nchecks 0 */
	size_t			 nchecks;
};

/* How the data was obtained. NULL strings print as absent (JSON null). */
struct report_strategy {
	const char	*scan;		/* "cached block scan of 14442835-
					   14500000", "trace_filter" ... */
	const char	*receipts;	/* method: "eth_getBlockReceipts" */
	const char	*traces;	/* method: "debug_traceBlockByNumber",
					   "trace_block"; NULL: none */
	const char	*mode;		/* "address-index"; NULL: a block
					   scan */
};

struct report_input {
	const struct trace_query	*query;
	const struct trace_result	*result;
	report_token_fn			 token;		/* NULL: every token
							   unknown */
	void				*token_ctx;
	struct report_verification	 verification;
	struct report_strategy		 strategy;
	const char			*version;	/* "0.1.0" */
};

/*
 * Write the report of in to out in format fmt. The token callback is
 * called once per distinct asset. The strategy's count of blocks without
 * traces is the result's blocks_without_traces. For REPORT_HTML, when an
 * executable `dot` is found on PATH, the taint graph is its SVG (run as
 * `dot -Tsvg`, sanitised), else a table of edges; a `dot` that fails, and
 * a graph of more than 5000 transfers, fall back to the table too. Only
 * absolute PATH entries are searched for `dot`.
 * Formats (every attacker-controlled string escaped for its format):
 *   TEXT  aligned lines; control, C1 and bidi-override characters as '?'
 *   JSON  scanner.trace/1 (DESIGN.md), two-space indented, UTF-8
 *   CSV   RFC 4180, one row per hop, header row, formulas neutralised
 *   DOT   a digraph: addresses as nodes, hops as edges
 *   HTML  one file, no external resource, no script
 * Returns: 0; -1 with err (ERR_SYS: memory or a write error on out; the
 *          token callback's err). out may then hold part of a report.
 */
int	report_write(FILE *out, enum report_format fmt,
	    const struct report_input *in, struct err *err);

/* Returns: the format named s ("text", "json", "csv", "dot", "html"), or
 *          -1. */
int	report_format_parse(const char *s);

/*
 * Escaping helpers for attacker-controlled text (s is NUL-terminated,
 * any bytes). "Unsafe" below means: C0 and C1 controls, DEL, invalid
 * UTF-8, and the bidirectional embeddings, overrides and isolates
 * U+202A-U+202E and U+2066-U+2069 that make text read as something else
 * (Trojan Source, CVE-2021-42574).
 */

/* Write s for a terminal, each unsafe character as '?'. */
void	report_text(FILE *f, const char *s);

/* As report_text, then spaces up to width columns (counted in code
 * points). */
void	report_text_pad(FILE *f, const char *s, int width);

/*
 * Write s as one CSV cell (RFC 4180): quoted when it holds , " CR LF or
 * starts with a space or a formula prefix; a cell starting with = + - @
 * tab or CR (run as a formula by spreadsheets) gets a leading '; unsafe
 * characters as '?'. Writes nothing for "".
 */
void	report_csv_cell(FILE *f, const char *s);

/*
 * Write s as a JSON string literal, quotes included: " and \ escaped,
 * unsafe characters as \uXXXX (lossless), invalid UTF-8 as \ufffd.
 */
void	report_json_str(FILE *f, const char *s);

/* Write s as HTML text or attribute value: & < > " ' as entities,
 * unsafe characters as '?'. */
void	report_html(FILE *f, const char *s);

/*
 * Write the inside of a DOT quoted string (quotes not included): " and \
 * backslash-escaped, & as &amp; (Graphviz expands entities in labels),
 * unsafe characters (newlines too) as '?'.
 */
void	report_dot(FILE *f, const char *s);

#endif
