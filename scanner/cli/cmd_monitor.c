/*
 * cmd_monitor.c - `scanner monitor`: for cron and systemd timers. Scans
 * the blocks since the last run, prints each new alert (text or NDJSON
 * scanner.alert/1), optionally POSTs it to a webhook, and ends with one
 * summary line on stderr.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "addr.h"
#include "cli.h"
#include "fetcher.h"
#include "hex.h"
#include "monitor.h"
#include "trace.h"
#include "u256.h"
#include "wl.h"

#define FOLLOW_MAX	64
#define SECRET_MAX	512

static const char monitor_help[] =
"usage: scanner monitor [--start N] [--confirmations N] [--hops N]\n"
"                       [--follow SEED]... [--format text|ndjson]\n"
"                       [--webhook URL [--webhook-secret-file F]]\n"
"                       [--wait S] [--batch N]\n"
"\n"
"Scans the blocks that arrived since the last run (a cursor kept in the\n"
"database; the first run starts at --start, else at the head minus the\n"
"confirmations) and alerts once on:\n"
"  watchlist  a transfer from or to a watchlist hit (mixer, sanctioned,\n"
"             heist, custom)\n"
"  exposure   a transfer touching your own addresses (imported with\n"
"             --category own) whose counterparty is a hit, carries taint\n"
"             from a --follow seed, or received from a hit so that your\n"
"             address is within --hops of it\n"
"  taint      value from a --follow seed reaching an address for the first\n"
"             time, up to --hops away (the taint set lives in the database\n"
"             and grows as blocks arrive)\n"
"  reorg      a note: blocks whose alerts were already delivered were\n"
"             orphaned (their ids are listed); they are rescanned\n"
"Every alert is recorded in the same transaction that moves the cursor,\n"
"then delivered; a run killed at any point loses none. Printing is at\n"
"least once (a kill between printing and marking prints again): every\n"
"alert has a stable id to deduplicate on.\n"
"\n"
"Options:\n"
"  --start N            first block of the first run (later runs resume)\n"
"  --confirmations N    stay N blocks behind the head (default 12)\n"
"  --hops N             reach of exposure and taint, 1-32 (default 3)\n"
"  --follow SEED        an address or a transaction hash to follow;\n"
"                       repeatable; kept for later runs\n"
"  --format F           text (default) or ndjson (scanner.alert/1)\n"
"  --webhook URL        also POST each alert as JSON; failed deliveries\n"
"                       stay queued and are retried on the next run\n"
"  --webhook-secret-file F\n"
"                       send its first line as 'Authorization: Bearer' (else\n"
"                       the environment variable SCANNER_WEBHOOK_SECRET;\n"
"                       never give a secret on the command line)\n"
"  --wait S             wait up to S seconds for another run's lock\n"
"                       (default 0: exit 5 at once)\n"
"  --batch N            blocks per transaction (default 100)\n"
"  --help               this text\n"
"\n"
"Exit: 0 nothing alerted; 1 alerts printed; 2 usage; 3 a block failed\n"
"verification; 4 node or webhook unreachable (alerts stay queued);\n"
"5 storage failure, or another monitor holds the lock.\n";

enum mon_format {
	MON_TEXT,
	MON_NDJSON
};

struct sink_ctx {
	enum mon_format		 format;
};

static void
print_addr(const struct eth_addr *a)
{
	char s[43];

	addr_eth_checksum(s, a->b);
	fputs(s, stdout);
}

static void
print_amount(const struct store_alert *a)
{
	char s[U256_DEC_MAX + 2];
	struct eth_addr zero;

	memset(&zero, 0, sizeof(zero));
	if (memcmp(a->asset.b, zero.b, 20) == 0) {
		u256_to_units(s, &a->amount, 18);
		printf("%s ETH", s);
	} else {
		u256_to_dec(s, &a->amount);
		printf("%s units of ", s);
		print_addr(&a->asset);
	}
}

static void
print_listings(const struct store_alert *a)
{
	size_t i;

	for (i = 0; i < a->nlistings; i++) {
		fputs(i == 0 ? "  [" : "; ", stdout);
		out_text(stdout, wl_category_name(a->listings[i].category));
		fputs(": ", stdout);
		out_text(stdout, a->listings[i].label);
		fputs(" (", stdout);
		out_text(stdout, a->listings[i].source);
		putchar(')');
	}
	if (a->nlistings > 0) {
		putchar(']');
	}
}

static void
print_text(const struct store_alert *a)
{
	char id[65], h[67];
	uint32_t i;

	hex_encode(id, a->id, 32);
	printf("%-9s ", monitor_kind_name(a->kind));
	if (a->kind == STORE_ALERT_REORG) {
		printf("blocks from %llu orphaned (%u deep): %u delivered "
		    "alert%s retracted:", (unsigned long long)a->block,
		    a->reorg_depth, a->nretracts, a->nretracts == 1 ? "" : "s");
		for (i = 0; i < a->nretracts && i < STORE_ALERT_RETRACT; i++) {
			char r[65];

			hex_encode(r, a->retracts[i], 32);
			printf(" %s", r);
		}
		printf("  id %s\n", id);
		return;
	}
	print_addr(&a->address);
	h[0] = '0';
	h[1] = 'x';
	hex_encode(h + 2, a->tx.b, 32);
	printf("  block %llu tx %s %s: ", (unsigned long long)a->block, h,
	    trace_kind_name(a->transfer_kind));
	print_amount(a);
	putchar(' ');
	print_addr(&a->from);
	fputs(" -> ", stdout);
	print_addr(&a->to);
	if (a->kind == STORE_ALERT_EXPOSURE) {
		printf("  %u hop%s from ", a->hops, a->hops == 1 ? "" : "s");
		print_addr(&a->origin);
		printf(a->via == 0 ? " (a hit)" : a->via == STORE_TAINT_FOLLOW ?
		    " (a followed seed)" : " (a hit)");
	} else if (a->kind == STORE_ALERT_TAINT) {
		printf("  hop %u from seed ", a->hops);
		print_addr(&a->origin);
	}
	print_listings(a);
	printf("  id %s\n", id);
}

static int
emit(void *vctx, const struct store_alert *a, const char *json,
    struct err *err)
{
	struct sink_ctx *ctx = vctx;

	(void)err;
	if (ctx->format == MON_NDJSON) {
		fputs(json, stdout);
		putchar('\n');
	} else {
		print_text(a);
	}
	return 0;
}

static int
flush(void *vctx, struct err *err)
{
	(void)vctx;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		return err_set(err, ERR_SYS, errno, "cannot write output: %s",
		    strerror(errno));
	}
	return 0;
}

static void
warn_cb(void *vctx, const char *msg)
{
	cli_warn(vctx, "%s", msg);
}


/* A secret fit for a header: printable ASCII, no CR/LF. */
static int
secret_ok(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e) {
			return 0;
		}
	}
	return 1;
}

/* The first line of file path, without its line end. */
static int
read_secret(struct cli *cli, char *out, size_t cap, const char *path)
{
	struct stat sb;
	FILE *f;
	size_t n;

	f = fopen(path, "r");
	if (f == NULL) {
		return cli_usage_error("--webhook-secret-file: cannot read "
		    "'%s': %s", path, strerror(errno));
	}
	if (fstat(fileno(f), &sb) == 0 && (sb.st_mode & 0077) != 0) {
		cli_warn(cli, "'%s' can be read by other users: chmod 600 it",
		    path);
	}
	if (fgets(out, (int)cap, f) == NULL) {
		out[0] = '\0';
	}
	fclose(f);
	n = strcspn(out, "\r\n");
	out[n] = '\0';
	if (n == 0 || n + 1 >= cap || !secret_ok(out)) {
		memset(out, 0, cap);
		return cli_usage_error("--webhook-secret-file: '%s' must hold "
		    "one line of printable ASCII (1 to %zu bytes)", path,
		    cap - 2);
	}
	return 0;
}

static void
summary(const struct monitor_summary *s, uint64_t conf)
{
	if (s->scanned) {
		fprintf(stderr, "monitor: blocks %llu-%llu",
		    (unsigned long long)s->from, (unsigned long long)s->to);
	} else {
		fprintf(stderr, "monitor: no new blocks (next %llu, head %llu, "
		    "%llu confirmations)", (unsigned long long)s->next,
		    (unsigned long long)s->head, (unsigned long long)conf);
	}
	fprintf(stderr, ", %llu alert%s, %llu pending delivery",
	    (unsigned long long)s->emitted, s->emitted == 1 ? "" : "s",
	    (unsigned long long)s->pending);
	if (s->reorgs > 0) {
		fprintf(stderr, ", reorg: %llu block%s rolled back",
		    (unsigned long long)s->rolled_back,
		    s->rolled_back == 1 ? "" : "s");
	}
	fputc('\n', stderr);
}

int
cmd_monitor(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "start", required_argument, NULL, 's' },
		{ "confirmations", required_argument, NULL, 'c' },
		{ "hops", required_argument, NULL, 'H' },
		{ "follow", required_argument, NULL, 'F' },
		{ "format", required_argument, NULL, 'f' },
		{ "webhook", required_argument, NULL, 'w' },
		{ "webhook-secret-file", required_argument, NULL, 'S' },
		{ "wait", required_argument, NULL, 'W' },
		{ "batch", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *follow[FOLLOW_MAX], *secret_file = NULL, *env;
	struct monitor_opts mo;
	struct monitor_summary sum;
	struct sink_ctx sk;
	struct fetcher *f = NULL;
	struct err err;
	char secret[SECRET_MAX];
	uint64_t v;
	int c, rc;

	memset(&mo, 0, sizeof(mo));
	memset(&err, 0, sizeof(err));
	memset(&sk, 0, sizeof(sk));
	memset(secret, 0, sizeof(secret));
	mo.confirmations = MONITOR_CONFIRMATIONS_DEFAULT;
	mo.hops = MONITOR_HOPS_DEFAULT;
	mo.follow = follow;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (cli_parse_u64(&mo.start, optarg, "--start",
			    UINT64_MAX - 1) != 0) {
				return EXIT_USAGE;
			}
			mo.has_start = 1;
			break;
		case 'c':
			if (cli_parse_u64(&mo.confirmations, optarg,
			    "--confirmations", 1000000) != 0) {
				return EXIT_USAGE;
			}
			break;
		case 'H':
			if (cli_parse_u64(&v, optarg,
			    "--hops", MONITOR_HOPS_MAX) !=
			    0) {
				return EXIT_USAGE;
			}
			if (v == 0) {
				return cli_usage_error("--hops: at least 1");
			}
			mo.hops = (unsigned)v;
			break;
		case 'F':
			if (mo.nfollow == FOLLOW_MAX) {
				return cli_usage_error("--follow: at most %d "
				    "seeds a run", FOLLOW_MAX);
			}
			follow[mo.nfollow++] = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "text") == 0) {
				sk.format = MON_TEXT;
			} else if (strcmp(optarg, "ndjson") == 0) {
				sk.format = MON_NDJSON;
			} else {
				return cli_usage_error("--format: expected "
				    "text or ndjson, got '%s'", optarg);
			}
			break;
		case 'w':
			mo.webhook = optarg;
			break;
		case 'S':
			secret_file = optarg;
			break;
		case 'W':
			if (cli_parse_u64(&v, optarg, "--wait", 86400) != 0) {
				return EXIT_USAGE;
			}
			mo.wait = (double)v;
			break;
		case 'b':
			if (cli_parse_u64(&mo.batch, optarg,
			    "--batch", 10000) !=
			    0) {
				return EXIT_USAGE;
			}
			if (mo.batch == 0) {
				return cli_usage_error("--batch: at least 1");
			}
			break;
		case 'h':
			fputs(monitor_help, stdout);
			return EXIT_CLEAN;
		default:
			return cli_usage_error("monitor: unknown option '%s' "
			    "(see scanner monitor --help)", argv[optind - 1]);
		}
	}
	if (optind < argc) {
		return cli_usage_error("monitor: unexpected '%s' (see scanner "
		    "monitor --help)", argv[optind]);
	}
	if (cli->offline) {
		return cli_usage_error("monitor: needs the node (not "
		    "--offline)");
	}
	if (secret_file != NULL && mo.webhook == NULL) {
		return cli_usage_error("--webhook-secret-file without "
		    "--webhook");
	}
	if (mo.webhook != NULL && strncmp(mo.webhook, "http://", 7) != 0 &&
	    strncmp(mo.webhook, "https://", 8) != 0) {
		return cli_usage_error("--webhook: expected an http:// or "
		    "https:// URL, got '%s'", mo.webhook);
	}
	if (mo.webhook != NULL) {
		env = getenv("SCANNER_WEBHOOK_SECRET");
		if (secret_file != NULL) {
			if (read_secret(cli, secret, sizeof(secret),
			    secret_file) != 0) {
				return EXIT_USAGE;
			}
			mo.webhook_secret = secret;
		} else if (env != NULL && env[0] != '\0') {
			if (!secret_ok(env) || strlen(env) >= SECRET_MAX) {
				return cli_usage_error(
				    "SCANNER_WEBHOOK_SECRET: one line of "
				    "printable ASCII");
			}
			mo.webhook_secret = env;
		}
	}
	if (cli_fetcher(cli, &f, &err) == -1) {
		return cli_fail(&err);
	}
	mo.st = cli->st;
	mo.f = f;
	mo.rpc = cli->rpc_handle;
	mo.lock_dir = cli->db_dir;
	mo.sink.emit = emit;
	mo.sink.flush = flush;
	mo.sink.ctx = &sk;
	mo.warn = warn_cb;
	mo.warn_ctx = cli;
	rc = monitor_run(&mo, &sum, &err);
	memset(secret, 0, sizeof(secret));
	fetch_destroy(f);
	if (rc == -1) {
		rc = cli_fail(&err);
		if (sum.locked) {
			summary(&sum, mo.confirmations);
		}
		return rc;
	}
	summary(&sum, mo.confirmations);
	if (sum.verify_failed) {
		fprintf(stderr, "scanner: block %llu failed verification: the "
		    "monitor stopped before it (see scanner verify --block "
		    "%llu)\n", (unsigned long long)sum.verify_block,
		    (unsigned long long)sum.verify_block);
		return EXIT_VERIFY;
	}
	if (sum.webhook_failed) {
		fprintf(stderr, "scanner: %s (alerts stay queued for the next "
		    "run)\n", sum.webhook_err.msg);
		return EXIT_NET;
	}
	return sum.emitted > 0 ? EXIT_HITS : EXIT_CLEAN;
}
