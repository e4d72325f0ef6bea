/*
 * cmd_fetch.c - `scanner fetch` and `scanner verify`: fill the cache from
 * the node, verified, and check blocks against the chain's own hashes and
 * signatures. Also the pieces every network command shares: making the
 * transport and the fetcher, the progress line, printing a verification
 * report.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cli.h"
#include "decode.h"
#include "fetcher.h"
#include "hex.h"
#include "rpc.h"
#include "verify.h"

static const char fetch_help[] =
"usage: scanner fetch --from N --to N\n"
"       scanner fetch --latest K\n"
"\n"
"Fills the cache with blocks, their receipts and (where the endpoint has\n"
"debug_traceBlockByNumber or trace_block) their call traces, verified as\n"
"--verify says, fetching only what is not cached yet: run it again after\n"
"an interruption and it resumes. A block that fails verification is not\n"
"cached; its evidence is printed and the exit code is 3.\n"
"\n"
"Options:\n"
"  --from N, --to N   the block range (inclusive)\n"
"  --latest K         the K blocks up to the head\n"
"  --no-traces        do not ask for call traces (internal transfers)\n"
"  --help             this text\n"
"\n"
"Global options that matter here: --rpc URL (repeatable: failover in\n"
"order; a directory of recorded cassettes replays them), --record DIR\n"
"(keep every request and response), --verify full|senders|off, --offline\n"
"(only say which blocks of the range are missing), --quiet.\n"
"\n"
"Exit: 0 done; 3 a block failed verification; 4 network or RPC failure\n"
"(what was fetched stays cached); 5 storage failure.\n";

static const char verify_help[] =
"usage: scanner verify --block N\n"
"       scanner verify --from N --to N\n"
"       scanner verify --tx HASH\n"
"\n"
"Checks blocks against the chain's own commitments instead of trusting\n"
"the node: every transaction's hash recomputed and its sender recovered\n"
"with libsecp256k1 (EIP-2 low s, EIP-155 chain id, EIP-7702 authorities),\n"
"transactionsRoot, receiptsRoot and withdrawalsRoot rebuilt as\n"
"Merkle-Patricia tries, the header hash recomputed, parent hashes chained.\n"
"Blocks not cached are fetched first (and cached when they pass); cached\n"
"blocks are verified again from the cache.\n"
"\n"
"Options:\n"
"  --block N          one block\n"
"  --from N, --to N   a range (inclusive)\n"
"  --tx HASH          the block holding this transaction (needs the node)\n"
"  --help             this text\n"
"\n"
"Exit: 0 every check passed; 3 a check failed (evidence printed);\n"
"4 network failure; 5 storage failure.\n";

static unsigned
verify_bits(const struct cli *cli)
{
	switch (cli->verify) {
	case CLI_VERIFY_FULL:
		return VERIFY_FULL;
	case CLI_VERIFY_SENDERS:
		return VERIFY_SENDERS;
	case CLI_VERIFY_OFF:
		return 0;
	}
	return VERIFY_FULL;
}

/* A progress line on a terminal; nothing when stderr is not one. */
static void
progress(void *ctx, const struct fetch_progress *p)
{
	const struct cli *cli = ctx;
	double rate, eta;

	if (cli->quiet || !isatty(STDERR_FILENO) || p->elapsed <= 0) {
		return;
	}
	rate = (double)p->done / p->elapsed;
	eta = rate > 0 ? (double)(p->total - p->done) / rate : 0;
	fprintf(stderr, "\r  %llu/%llu blocks  %.1f blocks/s  %.0f tx/s  "
	    "ETA %d:%02d   ", (unsigned long long)p->done,
	    (unsigned long long)p->total, rate, (double)p->txs / p->elapsed,
	    (int)(eta / 60), (int)eta % 60);
	if (p->done == p->total) {
		fputc('\n', stderr);
	}
}

int
cli_fetcher(struct cli *cli, struct fetcher **out, struct err *err)
{
	struct rpc_opts ro;
	struct fetch_opts fo;
	struct store *st;

	*out = NULL;
	st = cli_store(cli, err);
	if (st == NULL) {
		return -1;
	}
	memset(&fo, 0, sizeof(fo));
	if (!cli->offline) {
		memset(&ro, 0, sizeof(ro));
		ro.endpoints = cli->nrpc > 0 ? cli->rpc : NULL;
		ro.n_endpoints = (size_t)cli->nrpc;
		ro.record_dir = cli->record_dir;
		cli->rpc_handle = rpc_create(&ro, err);
		if (cli->rpc_handle == NULL) {
			return -1;
		}
		fo.rpc = cli->rpc_handle;
	}
	fo.st = st;
	fo.verify = verify_bits(cli);
	fo.no_traces = cli->no_traces;
	fo.progress = progress;
	fo.progress_ctx = cli;
	if (fetch_create(out, &fo, err) == -1) {
		return -1;
	}
	return 0;
}

void
cli_print_report(FILE *f, const struct verify_report *r)
{
	size_t i;
	int c, first = 1;

	fprintf(f, "verified %llu block%s, %llu transactions (types 0-4: "
	    "%llu %llu %llu %llu %llu):", (unsigned long long)r->blocks,
	    r->blocks == 1 ? "" : "s", (unsigned long long)(r->txs[0] +
	    r->txs[1] + r->txs[2] + r->txs[3] + r->txs[4]),
	    (unsigned long long)r->txs[0], (unsigned long long)r->txs[1],
	    (unsigned long long)r->txs[2], (unsigned long long)r->txs[3],
	    (unsigned long long)r->txs[4]);
	for (c = 0; c < VERIFY_C_COUNT; c++) {
		if (r->checked[c] == 0) {
			continue;
		}
		fprintf(f, "%s %s %llu/%llu", first ? "" : ",",
		    verify_check_name(c), (unsigned long long)r->passed[c],
		    (unsigned long long)r->checked[c]);
		first = 0;
	}
	if (first) {
		fputs(" nothing checked (--verify off)", f);
	}
	fputc('\n', f);
	for (i = 0; i < r->nfail && i < VERIFY_FAIL_MAX; i++) {
		const struct verify_failure *fl = &r->fail[i];
		char h[67];

		fprintf(f, "FAILED %s: block %llu", verify_check_name(
		    fl->check), (unsigned long long)fl->block_number);
		if (fl->has_tx) {
			h[0] = '0';
			h[1] = 'x';
			hex_encode(h + 2, fl->tx_hash.b, 32);
			fprintf(f, " tx %u %s", fl->tx_index, h);
		}
		fprintf(f, ": %s: expected %s, got %s (%s)\n",
		    verify_field_name(fl->field), fl->expected, fl->got,
		    fl->reason != NULL ? fl->reason : "");
	}
	if (r->nfail > VERIFY_FAIL_MAX) {
		fprintf(f, "... and %zu more failures\n",
		    r->nfail - VERIFY_FAIL_MAX);
	}
}


static int
print_missing(void *ctx, uint64_t first, uint64_t last)
{
	(void)ctx;
	if (first == last) {
		printf("missing %llu\n", (unsigned long long)first);
	} else {
		printf("missing %llu-%llu\n", (unsigned long long)first,
		    (unsigned long long)last);
	}
	return 0;
}

static const char *
traces_name(enum fetch_traces t)
{
	switch (t) {
	case FETCH_TRACES_GETH:
		return "debug_traceBlockByNumber (callTracer)";
	case FETCH_TRACES_PARITY:
		return "trace_block";
	case FETCH_TRACES_NONE:
		break;
	}
	return "none: this endpoint has no trace method, internal "
	    "transfers are not visible";
}

int
cmd_fetch(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "latest", required_argument, NULL, 'l' },
		{ "no-traces", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct fetch_summary sum;
	struct fetcher *f = NULL;
	struct err err;
	uint64_t from = 0, to = 0, latest = 0, head;
	int c, has_from = 0, has_to = 0, has_latest = 0, rc;

	memset(&err, 0, sizeof(err));
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (cli_parse_u64(&from, optarg,
			    "--from", UINT64_MAX) != 0) {
				return EXIT_USAGE;
			}
			has_from = 1;
			break;
		case 't':
			if (cli_parse_u64(&to, optarg,
			    "--to", UINT64_MAX) != 0) {
				return EXIT_USAGE;
			}
			has_to = 1;
			break;
		case 'l':
			if (cli_parse_u64(&latest, optarg,
			    "--latest", UINT64_MAX) != 0 ||
			    latest == 0) {
				return cli_usage_error("--latest: expected a "
				    "positive count, got '%s'", optarg);
			}
			has_latest = 1;
			break;
		case 'n':
			cli->no_traces = 1;
			break;
		case 'h':
			fputs(fetch_help, stdout);
			return EXIT_CLEAN;
		default:
			return cli_usage_error("fetch: unknown option '%s' (see "
			    "scanner fetch --help)", argv[optind - 1]);
		}
	}
	if (optind < argc || has_latest == (has_from || has_to) ||
	    has_from != has_to) {
		fputs(fetch_help, stderr);
		return EXIT_USAGE;
	}
	if (has_from && from > to) {
		return cli_usage_error("fetch: --from %llu is after --to %llu",
		    (unsigned long long)from, (unsigned long long)to);
	}
	if (cli_fetcher(cli, &f, &err) == -1) {
		return cli_fail(&err);
	}
	if (has_latest) {
		if (fetch_head(f, &head, &err) == -1) {
			fetch_destroy(f);
			return cli_fail(&err);
		}
		to = head;
		from = head + 1 >= latest ? head + 1 - latest : 0;
	}
	if (cli->offline) {
		/* Offline there is nothing to fetch: say what is missing. */
		rc = fetch_missing(f, from, to, print_missing, NULL, &err);
		fetch_destroy(f);
		return rc == -1 ? cli_fail(&err) : EXIT_CLEAN;
	}
	if (fetch_range(f, from, to, &sum, &err) == -1) {
		if (!cli->quiet && isatty(STDERR_FILENO)) {
			fputc('\n', stderr);
		}
		fetch_destroy(f);
		return cli_fail(&err);
	}
	printf("blocks %llu-%llu: %llu fetched, %llu already cached, %llu "
	    "rejected; %llu transactions\n", (unsigned long long)from,
	    (unsigned long long)to, (unsigned long long)sum.fetched,
	    (unsigned long long)sum.cached, (unsigned long long)sum.rejected,
	    (unsigned long long)sum.txs);
	if (sum.fetched + sum.rejected > 0) {
		printf("receipts via %s; internal transfers via %s\n",
		    sum.receipts_via == FETCH_RECEIPTS_BLOCK ?
		    "eth_getBlockReceipts" : "eth_getTransactionReceipt",
		    traces_name(sum.traces_via));
		cli_print_report(stdout, &sum.report);
	}
	fetch_destroy(f);
	return verify_report_ok(&sum.report) ? EXIT_CLEAN : EXIT_VERIFY;
}

/* The block of a transaction, asked of the node. */
static int
tx_block(struct cli *cli, const char *hash, uint64_t *number,
    struct err *err)
{
	struct eth_tx tx;
	struct arena a;
	json_t *res = NULL;
	uint8_t b[32];
	int r;

	if (strlen(hash) != 66 || strncmp(hash, "0x", 2) != 0 ||
	    hex_decode(b, 32, hash + 2, 64) == -1) {
		return err_set(err, ERR_USAGE, 0, "--tx: expected 0x and 64 "
		    "hex digits, got '%s'", hash);
	}
	if (cli->rpc_handle == NULL) {
		return err_set(err, ERR_USAGE, 0, "--tx needs the node (the "
		    "cache has no transaction index offline)");
	}
	if (rpc_call(cli->rpc_handle, "eth_getTransactionByHash",
	    json_pack("[s]", hash), &res, NULL, err) != 0) {
		return -1;
	}
	arena_init(&a, DECODE_ARENA_CAP);
	r = decode_tx(&tx, &a, res, NULL, err);
	json_decref(res);
	if (r == 1 && !tx.has_block) {
		r = err_set(err, ERR_INPUT, 0, "transaction %s is pending, in "
		    "no block yet", hash);
	} else if (r == 0) {
		r = err_set(err, ERR_INPUT, 0, "the node knows no transaction "
		    "%s", hash);
	} else if (r == 1 && memcmp(tx.hash.b, b, 32) != 0) {
		r = err_set(err, ERR_VERIFY, 0, "asked for transaction %s, the "
		    "node sent another", hash);
	}
	if (r == 1) {
		*number = tx.block_number;
		r = 0;
	}
	arena_release(&a);
	return r;
}

int
cmd_verify(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "block", required_argument, NULL, 'b' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "tx", required_argument, NULL, 'x' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct fetch_summary sum;
	struct verify_report rep;
	struct fetcher *f = NULL;
	struct err err;
	const char *tx = NULL;
	uint64_t from = 0, to = 0, missing = 0;
	int c, has_from = 0, has_to = 0, has_block = 0, rc;

	memset(&err, 0, sizeof(err));
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			if (cli_parse_u64(&from, optarg,
			    "--block", UINT64_MAX) != 0) {
				return EXIT_USAGE;
			}
			to = from;
			has_block = 1;
			break;
		case 'f':
			if (cli_parse_u64(&from, optarg,
			    "--from", UINT64_MAX) != 0) {
				return EXIT_USAGE;
			}
			has_from = 1;
			break;
		case 't':
			if (cli_parse_u64(&to, optarg,
			    "--to", UINT64_MAX) != 0) {
				return EXIT_USAGE;
			}
			has_to = 1;
			break;
		case 'x':
			tx = optarg;
			break;
		case 'h':
			fputs(verify_help, stdout);
			return EXIT_CLEAN;
		default:
			return cli_usage_error("verify: unknown option '%s' "
			    "(see scanner verify --help)", argv[optind - 1]);
		}
	}
	if (optind < argc || has_block + (has_from || has_to) +
	    (tx != NULL) != 1 || has_from != has_to) {
		fputs(verify_help, stderr);
		return EXIT_USAGE;
	}
	if (from > to) {
		return cli_usage_error("verify: --from %llu is after --to %llu",
		    (unsigned long long)from, (unsigned long long)to);
	}
	if (cli->verify == CLI_VERIFY_OFF) {
		return cli_usage_error("verify: --verify off leaves nothing to "
		    "check");
	}
	if (cli_fetcher(cli, &f, &err) == -1) {
		return cli_fail(&err);
	}
	if (tx != NULL && tx_block(cli, tx, &from, &err) == -1) {
		fetch_destroy(f);
		return cli_fail(&err);
	}
	if (tx != NULL) {
		to = from;
	}
	memset(&sum, 0, sizeof(sum));
	verify_report_init(&sum.report, NULL, 0);
	if (!cli->offline && fetch_range(f, from, to, &sum, &err) == -1) {
		fetch_destroy(f);
		return cli_fail(&err);
	}
	/* What failed on fetching was not cached: report it, then check
	 * everything the cache holds of the range. */
	verify_report_init(&rep, NULL, 0);
	rc = fetch_verify_cached(f, from, to, &rep, &missing, &err);
	fetch_destroy(f);
	if (rc == -1) {
		return cli_fail(&err);
	}
	sum.report.blocks = 0;
	memset(sum.report.checked, 0, sizeof(sum.report.checked));
	memset(sum.report.passed, 0, sizeof(sum.report.passed));
	memset(sum.report.txs, 0, sizeof(sum.report.txs));
	verify_report_merge(&rep, &sum.report);
	cli_print_report(stdout, &rep);
	if (missing > sum.rejected) {
		printf("not verified: %llu block%s not cached%s\n",
		    (unsigned long long)(missing - sum.rejected),
		    missing - sum.rejected == 1 ? "" : "s", cli->offline ?
		    " (offline)" : "");
		if (verify_report_ok(&rep)) {
			return cli->offline ? EXIT_NET : EXIT_VERIFY;
		}
	}
	return verify_report_ok(&rep) ? EXIT_CLEAN : EXIT_VERIFY;
}
