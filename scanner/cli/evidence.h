/*
 * evidence.h - `scanner trace --evidence DIR`: a self-contained folder from
 * which anyone re-runs the same trace offline and gets the same report byte
 * for byte: the node's answers (cassettes), the listings, the reports, what
 * was verified, the command, a rerun script and SHA256SUMS over it all.
 * The trace runs against a fresh database in DIR/.work (removed at the end)
 * holding the user's listings as exported, so every answer the report rests
 * on comes from the node and is recorded. Prints nothing.
 */
#ifndef SCANNER_EVIDENCE_H
#define SCANNER_EVIDENCE_H

#include <getopt.h>

#include "cli.h"
#include "err.h"
#include "report.h"

struct evidence;
struct verify_report;

/*
 * Before the fetcher is made: check that dir is missing or empty, export
 * every source of the user's database to dir/watchlists/<source>.csv,
 * import them into a fresh dir/.work database and point cli at it
 * (cli->st, cli->db_dir) with its answers recorded into dir/cassettes
 * (cli->record_dir). argc, argv: the trace command's own (argv[0] is
 * "trace"), already parsed with opts, whose options the rerun repeats
 * except --evidence, --format, --output and --html.
 * Returns: 0; -1 with err: ERR_USAGE when dir exists and is not an empty
 *          directory (nothing written then), with --offline (no answers
 *          to keep) or --record (the evidence records itself); ERR_STORE,
 *          ERR_INPUT (a listing that does not export), ERR_SYS. On -1
 *          nothing is left to clean up and cli is as it was.
 * Out:     *out, to end with evidence_end() whatever happens next.
 */
int	evidence_begin(struct evidence **out, struct cli *cli,
	    const char *dir, int argc, char **argv,
	    const struct option *opts, struct err *err);

/*
 * After the report was written: dir/report.json (scanner.trace/1) and,
 * when fmt is not json, dir/report.<txt|csv|dot|html>; verification.txt
 * from vrep; command.txt; rerun.sh; README.txt; and last SHA256SUMS over
 * every other file, so a folder without SHA256SUMS is an unfinished one.
 * Every file is written to NAME.tmp and renamed.
 * Returns: 0; -1 with err (the folder then has no SHA256SUMS).
 */
int	evidence_finish(struct evidence *ev, const struct report_input *in,
	    enum report_format fmt, const struct verify_report *vrep,
	    struct err *err);

/*
 * Close the work database, remove dir/.work, give cli back its own
 * settings and free ev. Call it after the fetcher is destroyed. After a
 * failure (no evidence_finish) the folder keeps what it had, without a
 * SHA256SUMS. Accepts NULL.
 */
void	evidence_end(struct evidence *ev);

#endif
