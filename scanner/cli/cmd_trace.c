/*
 * cmd_trace.c - `scanner trace`: make sure the window is cached and
 * verified, follow the value from the seeds, write the report.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "addr.h"
#include "cli.h"
#include "date.h"
#include "decode.h"
#include "evidence.h"
#include "fetcher.h"
#include "hex.h"
#include "report.h"
#include "rpc.h"
#include "trace.h"
#include "trace_fetch.h"
#include "verify.h"

static const char trace_help[] =
"usage: scanner trace [options] SEED...\n"
"\n"
"Follows value hop by hop from the seeds - addresses, or transaction\n"
"hashes (a transaction seeds the transfers it made) - across ETH, internal\n"
"transfers (from call traces), ERC-20 tokens, WETH and the Tornado Cash\n"
"pools, and reports every path that reaches a watchlist hit (mixer,\n"
"sanctioned, heist, custom) or a cash-out (exchange, service). What it\n"
"reads is fetched, verified and cached first: when the endpoint has\n"
"address-indexed methods (trace_filter and eth_getLogs), only the blocks\n"
"where the addresses it follows took part, found round by round; else\n"
"every block of the window (a block scan). The report says which.\n"
"--offline traces from the cache alone and names the blocks it lacks.\n"
"\n"
"Options:\n"
"  --direction forward|backward  where did it go / where did it come from\n"
"                                (default forward)\n"
"  --hops N                      at most N hops from a seed (default 5)\n"
"  --from-block N, --to-block N  the window (default: from the first tx\n"
"                                seed's block; to the head, or offline the\n"
"                                highest cached block)\n"
"  --model M                     poison, haircut, fifo, or all side by side\n"
"                                (default poison)\n"
"  --min-value ASSET=AMOUNT      do not follow smaller transfers; ASSET is\n"
"                                ETH or a token address, AMOUNT in units\n"
"                                (e.g. ETH=0.1); repeatable\n"
"  --dust ASSET=AMOUNT           transfers below this into a traced address\n"
"                                are listed as dust and make no hit alone\n"
"  --max-nodes N                 stop after N addresses (default 100000)\n"
"  --hub-degree N                an address in more than N transactions of\n"
"                                the window is a hub: listed, not followed\n"
"                                (default 200)\n"
"  --at YYYY-MM-DD               judge listings on that day (default: each\n"
"                                transfer's own day)\n"
"  --format text|json|csv|dot|html   (default text; json is\n"
"                                scanner.trace/1)\n"
"  --output FILE                 write the report there (atomically)\n"
"  --html FILE                   also write the HTML report to FILE\n"
"  --no-traces                   do not fetch call traces\n"
"  --evidence DIR                also write a folder (new or empty) from\n"
"                                which anyone re-runs the trace offline and\n"
"                                gets the same report: sh DIR/rerun.sh\n"
"  --strategy auto|index|scan    address-indexed look-ups, or a scan of\n"
"                                every block of the window (default auto:\n"
"                                look-ups when the endpoint has them)\n"
"\n"
"Exit: 0 no hit; 1 a path reaches a hit; 2 usage; 3 verification failure\n"
"in the window; 4 network failure or blocks missing offline; 5 storage.\n"
"\n"
"Examples:\n"
"  scanner trace --direction forward --hops 6 0xEXPLOIT_TX_HASH\n"
"  scanner trace --direction backward --from-block 15000000 0xADDRESS\n"
"  scanner --offline trace --model all --format html --output r.html 0xTX\n"
"  scanner trace --model all --evidence case-42 0xEXPLOIT_TX_HASH\n";

struct token_ctx {
	struct fetcher	*f;
};

static int
token_cb(void *vctx, const struct eth_addr *asset, struct report_token *out,
    struct err *err)
{
	struct token_ctx *ctx = vctx;
	struct fetch_token t;
	int r;

	r = fetch_token_info(ctx->f, asset, &t, err);
	if (r <= 0) {
		return r;
	}
	if (t.decimals < 0 && t.symbol[0] == '\0') {
		return 0;
	}
	memset(out, 0, sizeof(*out));
	snprintf(out->symbol, sizeof(out->symbol), "%s", t.symbol);
	out->decimals = t.decimals < 0 ? 78 : (unsigned)t.decimals;
	return 1;
}


/* ASSET=AMOUNT with the asset's decimals (ETH: 18; a token: asked). */
static int
parse_threshold(struct trace_threshold *t, const char *s, const char *opt,
    struct fetcher *f)
{
	const char *eq = strchr(s, '=');
	struct fetch_token tok;
	struct addr a;
	struct err err;
	unsigned dec = 18;

	memset(t, 0, sizeof(*t));
	memset(&err, 0, sizeof(err));
	if (eq == NULL) {
		return cli_usage_error("%s: expected ASSET=AMOUNT, got '%s'",
		    opt, s);
	}
	if (!(eq - s == 3 && strncasecmp(s, "ETH", 3) == 0)) {
		if (addr_parse(&a, s, (size_t)(eq - s), &err) == -1 ||
		    a.chain != ADDR_ETHEREUM) {
			return cli_usage_error("%s: '%.*s' is neither ETH nor "
			    "a token address", opt, (int)(eq - s), s);
		}
		memcpy(t->asset.b, a.key + 1, 20);
		if (fetch_token_info(f, &t->asset, &tok, &err) != 1 ||
		    tok.decimals < 0) {
			return cli_usage_error("%s: the decimals of token "
			    "'%.*s' are not known%s", opt, (int)(eq - s), s,
			    err.msg[0] ? ": " : "");
		}
		dec = (unsigned)tok.decimals;
	}
	if (u256_from_units(&t->amount, eq + 1, strlen(eq + 1), dec) == -1) {
		return cli_usage_error("%s: bad amount '%s' (at most %u "
		    "decimals)", opt, eq + 1, dec);
	}
	return 0;
}

/* The block of a transaction seed, asked of the node. */
static int
seed_block(struct cli *cli, const struct eth_hash *h, uint64_t *number,
    struct err *err)
{
	struct eth_tx tx;
	struct arena a;
	json_t *res = NULL;
	char hx[67];
	int r;

	if (cli->rpc_handle == NULL) {
		return err_set(err, ERR_USAGE, 0, "offline, the block of a "
		    "transaction seed is not known: give --from-block");
	}
	hx[0] = '0';
	hx[1] = 'x';
	hex_encode(hx + 2, h->b, 32);
	if (rpc_call(cli->rpc_handle, "eth_getTransactionByHash",
	    json_pack("[s]", hx), &res, NULL, err) != 0) {
		return -1;
	}
	arena_init(&a, DECODE_ARENA_CAP);
	r = decode_tx(&tx, &a, res, NULL, err);
	json_decref(res);
	if (r == 0 || (r == 1 && !tx.has_block)) {
		r = err_set(err, ERR_INPUT, 0, "transaction %s is not in a "
		    "block", hx);
	} else if (r == 1 && memcmp(tx.hash.b, h->b, 32) != 0) {
		r = err_set(err, ERR_VERIFY, 0, "asked for transaction %s, the "
		    "node sent another", hx);
	} else if (r == 1) {
		*number = tx.block_number;
		r = 0;
	}
	arena_release(&a);
	return r;
}

static int
parse_seed(struct trace_seed *s, const char *arg)
{
	struct addr a;
	struct err err;
	size_t n = strlen(arg);

	memset(s, 0, sizeof(*s));
	memset(&err, 0, sizeof(err));
	if (n == 66 && strncmp(arg, "0x", 2) == 0) {
		if (hex_decode(s->tx.b, 32, arg + 2, 64) == -1) {
			return cli_usage_error("seed '%s': not a transaction "
			    "hash", arg);
		}
		s->is_tx = 1;
		return 0;
	}
	if (addr_parse(&a, arg, n, &err) == -1) {
		return cli_usage_error("seed '%s': %s", arg, err.msg);
	}
	if (a.chain != ADDR_ETHEREUM) {
		return cli_usage_error("seed '%s': only Ethereum addresses and "
		    "transactions can be traced", arg);
	}
	memcpy(s->address.b, a.key + 1, 20);
	return 0;
}

struct missing_ctx {
	uint64_t	 n;
};

static int
say_missing(void *vctx, uint64_t first, uint64_t last)
{
	struct missing_ctx *m = vctx;

	if (m->n < 10) {
		if (first == last) {
			fprintf(stderr, "scanner: block %llu is not cached\n",
			    (unsigned long long)first);
		} else {
			fprintf(stderr, "scanner: blocks %llu-%llu are not "
			    "cached\n", (unsigned long long)first,
			    (unsigned long long)last);
		}
	}
	m->n += last - first + 1;
	return 0;
}

/* Write the report to FILE.tmp, then rename: no half-written report. */
static int
write_report(const char *path, enum report_format fmt,
    const struct report_input *in, struct err *err)
{
	char tmp[4096];
	FILE *fp;
	int rc;

	if (path == NULL) {
		return report_write(stdout, fmt, in, err);
	}
	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp)) {
		return err_set(err, ERR_USAGE, 0, "--output: path too long");
	}
	fp = fopen(tmp, "w");
	if (fp == NULL) {
		return err_set(err, ERR_USAGE, errno, "cannot write '%s': %s",
		    tmp, strerror(errno));
	}
	rc = report_write(fp, fmt, in, err);
	if (fclose(fp) != 0 && rc == 0) {
		rc = err_set(err, ERR_SYS, errno, "cannot write '%s': %s", tmp,
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

int
cmd_trace(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "direction", required_argument, NULL, 'd' },
		{ "hops", required_argument, NULL, 'H' },
		{ "from-block", required_argument, NULL, 'f' },
		{ "to-block", required_argument, NULL, 't' },
		{ "model", required_argument, NULL, 'm' },
		{ "min-value", required_argument, NULL, 'v' },
		{ "dust", required_argument, NULL, 'D' },
		{ "max-nodes", required_argument, NULL, 'n' },
		{ "hub-degree", required_argument, NULL, 'B' },
		{ "at", required_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'F' },
		{ "output", required_argument, NULL, 'o' },
		{ "html", required_argument, NULL, 'W' },
		{ "no-traces", no_argument, NULL, 'T' },
		{ "evidence", required_argument, NULL, 'E' },
		{ "strategy", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static struct trace_query q;
	struct trace_result res;
	struct trace_fetch_info info;
	struct verify_report vrep;
	struct report_input in;
	struct report_check checks[VERIFY_C_COUNT];
	struct token_ctx tctx;
	struct missing_ctx mc;
	struct store_cache_stats cs;
	struct fetcher *f = NULL;
	struct evidence *ev = NULL;
	struct err err;
	const char *minv[TRACE_THRESHOLDS_MAX], *dust[TRACE_THRESHOLDS_MAX];
	const char *output = NULL, *html = NULL, *evidence = NULL;
	char scan[256];
	enum report_format fmt = REPORT_TEXT;
	enum trace_strategy strategy = TRACE_STRATEGY_AUTO;
	uint64_t v, b;
	size_t nminv = 0, ndust = 0, i, nchecks = 0;
	int c, has_from = 0, has_to = 0, rc = EXIT_USAGE, fmtv, user_from, r;

	memset(&q, 0, sizeof(q));
	memset(&res, 0, sizeof(res));
	memset(&err, 0, sizeof(err));
	memset(&info, 0, sizeof(info));
	verify_report_init(&info.sum.report, NULL, 0);
	q.direction = TRACE_FORWARD;
	q.hops = 5;
	q.models = TRACE_POISON;
	q.max_nodes = 100000;
	q.hub_degree = 200;
	q.at = DATE_NONE;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			if (strcmp(optarg, "forward") == 0) {
				q.direction = TRACE_FORWARD;
			} else if (strcmp(optarg, "backward") == 0) {
				q.direction = TRACE_BACKWARD;
			} else {
				return cli_usage_error("--direction: forward "
				    "or backward, not '%s'", optarg);
			}
			break;
		case 'H':
			if (cli_parse_u64(&v, optarg,
			    "--hops", UINT64_MAX) != 0 || v < 1 ||
			    v > 64) {
				return cli_usage_error("--hops: 1 to 64");
			}
			q.hops = (unsigned)v;
			break;
		case 'f':
			if (cli_parse_u64(&q.from_block, optarg,
			    "--from-block", UINT64_MAX)
			    != 0) {
				return EXIT_USAGE;
			}
			has_from = 1;
			break;
		case 't':
			if (cli_parse_u64(&q.to_block, optarg,
			    "--to-block", UINT64_MAX)
			    != 0) {
				return EXIT_USAGE;
			}
			has_to = 1;
			break;
		case 'm':
			if (strcmp(optarg, "poison") == 0) {
				q.models = TRACE_POISON;
			} else if (strcmp(optarg, "haircut") == 0) {
				q.models = TRACE_HAIRCUT;
			} else if (strcmp(optarg, "fifo") == 0) {
				q.models = TRACE_FIFO;
			} else if (strcmp(optarg, "all") == 0) {
				q.models = TRACE_ALL_MODELS;
			} else {
				return cli_usage_error("--model: poison, "
				    "haircut, fifo or all, not '%s'", optarg);
			}
			break;
		case 'v':
			if (nminv == TRACE_THRESHOLDS_MAX) {
				return cli_usage_error("too many --min-value");
			}
			minv[nminv++] = optarg;
			break;
		case 'D':
			if (ndust == TRACE_THRESHOLDS_MAX) {
				return cli_usage_error("too many --dust");
			}
			dust[ndust++] = optarg;
			break;
		case 'n':
			if (cli_parse_u64(&v, optarg,
			    "--max-nodes", UINT64_MAX) != 0 ||
			    v == 0) {
				return cli_usage_error("--max-nodes: a positive "
				    "number");
			}
			q.max_nodes = (size_t)v;
			break;
		case 'B':
			if (cli_parse_u64(&v, optarg, "--hub-degree",
			    UINT32_MAX) != 0 || v == 0) {
				return cli_usage_error("--hub-degree: a "
				    "positive number");
			}
			q.hub_degree = (unsigned)v;
			break;
		case 'a':
			if (date_parse(&q.at, optarg, strlen(optarg)) == -1) {
				return cli_usage_error("--at: expected "
				    "YYYY-MM-DD, got '%s'", optarg);
			}
			break;
		case 'F':
			fmtv = report_format_parse(optarg);
			if (fmtv == -1) {
				return cli_usage_error("--format: text, json, "
				    "csv, dot or html, not '%s'", optarg);
			}
			fmt = (enum report_format)fmtv;
			break;
		case 'o':
			output = optarg;
			break;
		case 'W':
			html = optarg;
			break;
		case 'T':
			cli->no_traces = 1;
			break;
		case 'E':
			evidence = optarg;
			break;
		case 'S':
			if (strcmp(optarg, "auto") == 0) {
				strategy = TRACE_STRATEGY_AUTO;
			} else if (strcmp(optarg, "index") == 0) {
				strategy = TRACE_STRATEGY_INDEX;
			} else if (strcmp(optarg, "scan") == 0) {
				strategy = TRACE_STRATEGY_SCAN;
			} else {
				return cli_usage_error("--strategy: auto, "
				    "index or scan, not '%s'", optarg);
			}
			break;
		case 'h':
			fputs(trace_help, stdout);
			return EXIT_CLEAN;
		default:
			return cli_usage_error("trace: unknown option '%s' (see "
			    "scanner trace --help)", argv[optind - 1]);
		}
	}
	if (optind >= argc) {
		fputs(trace_help, stderr);
		return EXIT_USAGE;
	}
	if (argc - optind > TRACE_SEEDS_MAX) {
		return cli_usage_error("at most %d seeds", TRACE_SEEDS_MAX);
	}
	for (i = 0; (int)i < argc - optind; i++) {
		if (parse_seed(&q.seeds[i], argv[optind + (int)i]) != 0) {
			return EXIT_USAGE;
		}
	}
	q.nseeds = (size_t)(argc - optind);
	if (has_from && has_to && q.from_block > q.to_block) {
		return cli_usage_error("--from-block is after --to-block");
	}
	if (cli->offline && strategy == TRACE_STRATEGY_INDEX) {
		return cli_usage_error("--strategy index: offline, a trace "
		    "reads the cached window (a block scan)");
	}

	if (evidence != NULL && evidence_begin(&ev, cli, evidence, argc, argv,
	    opts, &err) == -1) {
		return cli_fail(&err);
	}
	if (cli_fetcher(cli, &f, &err) == -1) {
		rc = cli_fail(&err);
		goto out;
	}
	for (i = 0; i < nminv; i++) {
		if (parse_threshold(&q.min_value[i], minv[i], "--min-value",
		    f) != 0) {
			goto out;
		}
	}
	q.nmin_value = nminv;
	for (i = 0; i < ndust; i++) {
		if (parse_threshold(&q.dust[i], dust[i], "--dust", f) != 0) {
			goto out;
		}
	}
	q.ndust = ndust;

	/* The window: from the earliest tx seed, to the head. Online, each
	 * tx seed's block is asked (a look-up starts there). */
	user_from = has_from;
	for (i = 0; i < q.nseeds && (!user_from || !cli->offline); i++) {
		if (!q.seeds[i].is_tx) {
			continue;
		}
		if (seed_block(cli, &q.seeds[i].tx, &b, &err) == -1) {
			rc = cli_fail(&err);
			goto out;
		}
		q.seeds[i].block = b;
		if (!user_from && (!has_from || b < q.from_block)) {
			q.from_block = b;
			has_from = 1;
		}
	}
	if (!has_from) {
		rc = cli_usage_error("trace: give --from-block (the window "
		    "starts at a transaction seed's block only)");
		goto out;
	}
	if (!has_to) {
		if (cli->offline) {
			if (store_cache_stats(cli->st, &cs, &err) == -1) {
				rc = cli_fail(&err);
				goto out;
			}
			q.to_block = cs.highest;
		} else if (fetch_head(f, &q.to_block, &err) == -1) {
			rc = cli_fail(&err);
			goto out;
		}
	}
	for (i = 0; i < q.nseeds; i++) {
		if (q.seeds[i].is_tx && q.seeds[i].block != 0 &&
		    (q.seeds[i].block < q.from_block ||
		    q.seeds[i].block > q.to_block)) {
			rc = cli_usage_error("trace: seed %s is in block %llu, "
			    "outside the window %llu-%llu", argv[optind +
			    (int)i], (unsigned long long)q.seeds[i].block,
			    (unsigned long long)q.from_block,
			    (unsigned long long)q.to_block);
			goto out;
		}
	}
	if (q.from_block > q.to_block) {
		rc = cli_usage_error("trace: the window %llu-%llu is empty",
		    (unsigned long long)q.from_block,
		    (unsigned long long)q.to_block);
		goto out;
	}

	if (cli->offline) {
		memset(&mc, 0, sizeof(mc));
		if (fetch_missing(f, q.from_block, q.to_block, say_missing,
		    &mc, &err) == -1) {
			rc = cli_fail(&err);
			goto out;
		}
		if (mc.n > 0) {
			fprintf(stderr, "scanner: offline, %llu block%s of the "
			    "window %llu-%llu %s not cached (look-ups cache "
			    "only the blocks a trace needs: `scanner fetch` the "
			    "window first, or trace online)\n",
			    (unsigned long long)mc.n, mc.n == 1 ? "" : "s",
			    (unsigned long long)q.from_block,
			    (unsigned long long)q.to_block,
			    mc.n == 1 ? "is" : "are");
			rc = EXIT_NET;
			goto out;
		}
		if (trace_run(cli->st, &q, &res, &err) == -1) {
			rc = cli_fail(&err);
			goto out;
		}
	} else {
		r = trace_fetch_run(cli, f, strategy, &q, &res, &info, &err);
		if (r == -1) {
			rc = cli_fail(&err);
			goto out;
		}
		if (r == 1) {
			cli_print_report(stderr, &info.sum.report);
			fprintf(stderr, "scanner: blocks the trace needs failed "
			    "verification: not traced\n");
			rc = EXIT_VERIFY;
			goto out;
		}
	}
	/* What the report rests on is the cache: check it all again, so
	 * the report's verification covers every block, new or cached:
	 * the window, or after look-ups the blocks they named (the only
	 * ones the search read). */
	verify_report_init(&vrep, NULL, 0);
	if ((info.indexed ? fetch_verify_blocks(f, q.blocks, q.nblocks, &vrep,
	    &b, &err) : fetch_verify_cached(f, q.from_block, q.to_block, &vrep,
	    &b, &err)) == -1) {
		rc = cli_fail(&err);
		goto out;
	}
	if (!verify_report_ok(&vrep) || b > 0) {
		cli_print_report(stderr, &vrep);
		fprintf(stderr, "scanner: the cached window does not verify%s: "
		    "not traced\n", b > 0 ? " (blocks missing)" : "");
		rc = EXIT_VERIFY;
		goto out;
	}

	memset(&in, 0, sizeof(in));
	in.query = &q;
	in.result = &res;
	tctx.f = f;
	in.token = token_cb;
	in.token_ctx = &tctx;
	in.version = SCANNER_VERSION;
	in.verification.mode = cli->verify == CLI_VERIFY_FULL ? "full" :
	    cli->verify == CLI_VERIFY_SENDERS ? "senders" : "off";
	in.verification.blocks = vrep.blocks;
	for (i = 0; i < 5; i++) {
		in.verification.txs += vrep.txs[i];
	}
	in.verification.failures = vrep.nfail;
	for (c = 0; c < VERIFY_C_COUNT; c++) {
		if (vrep.checked[c] == 0) {
			continue;
		}
		checks[nchecks].name = verify_check_name(c);
		checks[nchecks].checked = vrep.checked[c];
		checks[nchecks].passed = vrep.passed[c];
		nchecks++;
	}
	in.verification.checks = checks;
	in.verification.nchecks = nchecks;
	if (info.indexed) {
		/* how many rounds and look-ups depends on what was cached
		 * before: said on stderr, kept out of the report */
		snprintf(scan, sizeof(scan), "address-indexed look-ups (%s) "
		    "in %llu-%llu", info.methods,
		    (unsigned long long)q.from_block,
		    (unsigned long long)q.to_block);
		in.strategy.mode = "address-index";
	} else {
		snprintf(scan, sizeof(scan), "cached block scan of %llu-%llu",
		    (unsigned long long)q.from_block,
		    (unsigned long long)q.to_block);
	}
	in.strategy.scan = scan;
	if (!cli->offline) {
		in.strategy.receipts = info.sum.receipts_via ==
		    FETCH_RECEIPTS_BLOCK ? "eth_getBlockReceipts" :
		    "eth_getTransactionReceipt";
		in.strategy.traces = info.sum.traces_via == FETCH_TRACES_GETH ?
		    "debug_traceBlockByNumber" : info.sum.traces_via ==
		    FETCH_TRACES_PARITY ? "trace_block" : NULL;
	}
	if (write_report(output, fmt, &in, &err) == -1 ||
	    (html != NULL && write_report(html, REPORT_HTML, &in, &err) ==
	    -1)) {
		rc = cli_fail(&err);
		goto out;
	}
	if (ev != NULL && evidence_finish(ev, &in, fmt, &vrep, &err) == -1) {
		rc = cli_fail(&err);
		goto out;
	}
	if (!cli->quiet && info.indexed) {
		fprintf(stderr, "scanner: looked up %llu address%s in %u "
		    "round%s (%s), %llu hub%s; %llu block%s named, %llu "
		    "fetched\n", (unsigned long long)info.lookups,
		    info.lookups == 1 ? "" : "es", info.rounds,
		    info.rounds == 1 ? "" : "s", info.methods,
		    (unsigned long long)info.hubs, info.hubs == 1 ? "" : "s",
		    (unsigned long long)info.blocks,
		    info.blocks == 1 ? "" : "s",
		    (unsigned long long)info.sum.fetched);
	}
	if (!cli->quiet) {
		fprintf(stderr, "scanner: traced %llu transfers in %llu blocks: "
		    "%zu path%s to a hit, %zu to a cash-out%s\n",
		    (unsigned long long)res.transfers,
		    (unsigned long long)res.blocks, res.hits,
		    res.hits == 1 ? "" : "s", res.cashouts,
		    res.blocks_without_traces > 0 ? "; some blocks had no "
		    "call traces: internal transfers there unseen" : "");
	}
	rc = res.hits > 0 ? EXIT_HITS : EXIT_CLEAN;
out:
	trace_result_release(&res);
	trace_fetch_release(&q);
	fetch_destroy(f);
	evidence_end(ev);
	return rc;
}
