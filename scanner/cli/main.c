/*
 * main.c - scanner's entry point: global options, then one subcommand from
 * the commands[] table. Maps every failure to DESIGN.md's exit codes.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rpc.h"
#include "wl.h"

static const char usage_text[] =
"usage: scanner [global options] COMMAND [options]\n"
"\n"
"Screens Ethereum and Bitcoin addresses against watchlists of mixers,\n"
"sanctioned entities and stolen funds (Tornado Cash, Blender.io, the Ronin\n"
"heist's Lazarus Group addresses and every OFAC digital-currency address\n"
"are bundled and loaded on first use).\n"
"\n"
"Commands:\n"
"  screen ADDR... | --file F | -   is this address listed, on which date?\n"
"  watchlist import|list|stats|remove|update\n"
"                                  manage the lists in the database\n"
"  fetch --from N --to N | --latest K\n"
"                                  fill the cache from the node, verified\n"
"  trace SEED... [--direction forward|backward] [--hops N] ...\n"
"                                  follow the money to mixers, sanctioned\n"
"                                  and heist addresses, and exchanges\n"
"  verify --block N | --from N --to N | --tx HASH\n"
"                                  check blocks against their hashes and\n"
"                                  signatures instead of trusting the node\n"
"  monitor [--start N] [--confirmations N] [--follow SEED]... ...\n"
"                                  for cron: alert once on new transfers of\n"
"                                  watchlisted, own and tainted addresses\n"
"\n"
"Global options (before the command):\n"
"  --db DIR        database directory (env SCANNER_DB; default\n"
"                  $XDG_DATA_HOME/scanner or ~/.local/share/scanner)\n"
"  --rpc URL       Ethereum JSON-RPC endpoint, repeatable: failover in\n"
"                  order (env SCANNER_RPC; default: public endpoints); a\n"
"                  directory of recorded cassettes is replayed instead\n"
"  --record DIR    keep every JSON-RPC request and response in DIR\n"
"  --verify MODE   full|senders|off (default full)\n"
"  --offline       never touch the network\n"
"  --quiet         no warnings or progress on stderr\n"
"  --verbose       more detail on stderr\n"
"  --help, -h      this text; `scanner COMMAND --help` for a command\n"
"  --version       print the version\n"
"\n"
"Exit codes: 0 ran, nothing found; 1 ran, hits found; 2 usage or bad input;\n"
"3 verification failure; 4 network/RPC failure; 5 storage failure.\n"
"\n"
"Examples:\n"
"  scanner screen 0x8589427373D6D84E98730D7795D8f6f8731FDA16\n"
"  scanner screen --at 2023-01-01 --format json 0x12d66f87a04a9e220743712ce6d9bb1b5616b8fc\n"
"  scanner screen --file deposits.txt --format csv > case.csv\n"
"  scanner watchlist import --source my-risk --category custom risk.csv\n"
"  scanner watchlist import sdn_advanced.xml      # OFAC's XML, source ofac-sdn\n";

static const struct {
	const char	*name;
	int		(*fn)(struct cli *, int, char **);
} commands[] = {
	{ "screen", cmd_screen },
	{ "watchlist", cmd_watchlist },
	{ "fetch", cmd_fetch },
	{ "verify", cmd_verify },
	{ "trace", cmd_trace },
	{ "monitor", cmd_monitor },
};

int
cli_fail(const struct err *err)
{
	fprintf(stderr, "scanner: %s\n", err->msg);
	return err_exit_code(err);
}

int
cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("scanner: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_USAGE;
}

int
cli_parse_u64(uint64_t *v, const char *s, const char *opt, uint64_t max)
{
	char *end;
	unsigned long long x;

	errno = 0;
	if (s[0] < '0' || s[0] > '9') {
		return cli_usage_error("%s: expected a number, got '%s'", opt,
		    s);
	}
	x = strtoull(s, &end, 0);
	if (errno != 0 || *end != '\0' || x > max) {
		return cli_usage_error("%s: expected a number up to %llu, got "
		    "'%s'", opt, (unsigned long long)max, s);
	}
	*v = x;
	return 0;
}

void
cli_warn(const struct cli *cli, const char *fmt, ...)
{
	va_list ap;

	if (cli->quiet) {
		return;
	}
	fputs("scanner: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

struct store *
cli_store(struct cli *cli, struct err *err)
{
	if (cli->st != NULL) {
		return cli->st;
	}
	if (store_open(&cli->st, cli->db_dir, 0, err) == -1) {
		return NULL;
	}
	if (wl_seed(cli->st, err) == -1) {
		err_wrap(err, "cannot load the bundled watchlists");
		store_close(cli->st);
		cli->st = NULL;
		return NULL;
	}
	return cli->st;
}

/* $XDG_DATA_HOME/scanner, else $HOME/.local/share/scanner. */
static int
default_db(struct cli *cli)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	int n;

	if (xdg != NULL && xdg[0] == '/') {
		n = snprintf(cli->db_buf, sizeof(cli->db_buf), "%s/scanner",
		    xdg);
	} else if (home != NULL && home[0] != '\0') {
		n = snprintf(cli->db_buf, sizeof(cli->db_buf),
		    "%s/.local/share/scanner", home);
	} else {
		return -1;
	}
	if (n < 0 || (size_t)n >= sizeof(cli->db_buf)) {
		return -1;
	}
	cli->db_dir = cli->db_buf;
	return 0;
}

static int
add_rpc(struct cli *cli, const char *url)
{
	if (cli->nrpc == (int)(sizeof(cli->rpc) / sizeof(cli->rpc[0]))) {
		return -1;
	}
	cli->rpc[cli->nrpc++] = url;
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "rpc", required_argument, NULL, 'r' },
		{ "verify", required_argument, NULL, 'V' },
		{ "record", required_argument, NULL, 'C' },
		{ "offline", no_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'R' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli cli;
	const char *env;
	size_t i;
	int c, rc;

	memset(&cli, 0, sizeof(cli));
	cli.argc = argc;
	cli.argv = argv;
	opterr = 0;
	/* '+': stop at the command; its options are its own. */
	while ((c = getopt_long(argc, argv, "+hqv", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			cli.db_dir = optarg;
			break;
		case 'r':
			if (add_rpc(&cli, optarg) == -1) {
				return cli_usage_error("too many --rpc");
			}
			break;
		case 'V':
			if (strcmp(optarg, "full") == 0) {
				cli.verify = CLI_VERIFY_FULL;
			} else if (strcmp(optarg, "senders") == 0) {
				cli.verify = CLI_VERIFY_SENDERS;
			} else if (strcmp(optarg, "off") == 0) {
				cli.verify = CLI_VERIFY_OFF;
			} else {
				return cli_usage_error("--verify: expected "
				    "full, senders or off, got '%s'", optarg);
			}
			break;
		case 'o':
			cli.offline = 1;
			break;
		case 'C':
			cli.record_dir = optarg;
			break;
		case 'q':
			cli.quiet = 1;
			break;
		case 'v':
			cli.verbose = 1;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_CLEAN;
		case 'R':
			printf("scanner %s\n", SCANNER_VERSION);
			return EXIT_CLEAN;
		default:
			return cli_usage_error("unknown global option '%s' "
			    "(see scanner --help)", argv[optind - 1]);
		}
	}
	if (optind >= argc) {
		fputs(usage_text, stderr);
		return EXIT_USAGE;
	}
	if (cli.db_dir == NULL) {
		env = getenv("SCANNER_DB");
		if (env != NULL && env[0] != '\0') {
			cli.db_dir = env;
		} else if (default_db(&cli) == -1) {
			return cli_usage_error("no database directory: give "
			    "--db DIR or set SCANNER_DB");
		}
	}
	if (cli.nrpc == 0) {
		env = getenv("SCANNER_RPC");
		if (env != NULL && env[0] != '\0') {
			add_rpc(&cli, env);
		}
	}
	rc = -1;
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[optind], commands[i].name) == 0) {
			optind++;
			rc = commands[i].fn(&cli, argc - optind + 1,
			    argv + optind - 1);
			break;
		}
	}
	if (rc == -1) {
		rc = cli_usage_error("unknown command '%s' (see scanner "
		    "--help)", argv[optind]);
	}
	rpc_destroy(cli.rpc_handle);
	store_close(cli.st);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "scanner: cannot write output: %s\n",
		    strerror(errno));
		if (rc < EXIT_USAGE) {
			rc = EXIT_STORE;
		}
	}
	return rc;
}
