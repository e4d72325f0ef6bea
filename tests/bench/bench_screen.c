/*
 * bench_screen.c - screening throughput: the `scanner screen --file` command
 * end to end (read, parse, look up, decide, print), beside LMDB's raw
 * mdb_get of the same keys, against the floor of 1,000,000 a second
 * on one core. Median of several runs; the machine is noisy.
 *
 * usage: bench_screen SCANNER_BINARY [N]
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "addr.h"
#include "hex.h"
#include "store.h"
#include "wl.h"

#define RUNS	5
#define FLOOR	1000000.0

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t
next(void)
{
	/* xorshift64*: deterministic, so every run screens the same file */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dULL;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

struct pick {
	struct addr	 hits[64];
	size_t		 n;
};

static int
pick_one(void *ctx, const struct addr *a, const struct store_listing *l)
{
	struct pick *p = ctx;

	(void)l;
	if (a->chain == ADDR_ETHEREUM && p->n < 64) {
		p->hits[p->n++] = *a;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	char dir[] = "/tmp/bench-screen-XXXXXX", path[512], cmd[2048];
	char text[ADDR_TEXT_MAX];
	struct store *st = NULL;
	struct store_reader *rd;
	struct addr *keys;
	struct pick pick;
	struct err err;
	double t_cli[RUNS], t_raw[RUNS], t_core[RUNS], t0;
	struct store_listing ls[16];
	size_t nl, hits, cap = 0;
	ssize_t len;
	char *line = NULL;
	size_t n = 1000000, i, found;
	uint8_t b[20];
	FILE *f;
	int r, run, status;

	if (argc < 2) {
		fprintf(stderr, "usage: bench_screen SCANNER [N]\n");
		return 2;
	}
	if (argc > 2) {
		n = strtoul(argv[2], NULL, 10);
	}
	memset(&err, 0, sizeof(err));
	memset(&pick, 0, sizeof(pick));
	if (mkdtemp(dir) == NULL ||
	    store_open(&st, dir, 0, &err) == -1 || wl_seed(st, &err) == -1 ||
	    store_wl_each(st, "ofac-sdn", pick_one, &pick, &err) == -1) {
		fprintf(stderr, "bench_screen: setup: %s\n", err.msg);
		return 1;
	}
	keys = calloc(n, sizeof(*keys));

	snprintf(path, sizeof(path), "%s/addresses.txt", dir);
	f = fopen(path, "w");
	if (keys == NULL || f == NULL) {
		fprintf(stderr, "bench_screen: %s\n", strerror(errno));
		return 1;
	}
	/* Random addresses, one in 1,000 a listed one, in EIP-55 or lower. */
	for (i = 0; i < n; i++) {
		if (pick.n > 0 && i % 1000 == 0) {
			keys[i] = pick.hits[(i / 1000) % pick.n];
		} else {
			uint64_t x = next(), y = next(), z = next();

			memcpy(b, &x, 8);
			memcpy(b + 8, &y, 8);
			memcpy(b + 16, &z, 4);
			memcpy(keys[i].key + 1, b, 20);
			keys[i].chain = ADDR_ETHEREUM;
			keys[i].key[0] = ADDR_ETHEREUM;
			keys[i].len = 21;
		}
		addr_format(text, &keys[i]);
		if (i % 2 == 0) {
			hex_encode(text + 2, keys[i].key + 1, 20);
		}
		fprintf(f, "%s\n", text);
	}
	fclose(f);

	for (run = 0; run < RUNS; run++) {
		snprintf(cmd, sizeof(cmd), "'%s' --db '%s' screen --format csv "
		    "--file '%s' > /dev/null", argv[1], dir, path);
		t0 = now();
		status = system(cmd);
		t_cli[run] = now() - t0;
		if (!WIFEXITED(status) || WEXITSTATUS(status) > 1) {
			fprintf(stderr, "bench_screen: '%s' failed (%d)\n",
			    cmd, status);
			return 1;
		}
		if (store_reader_begin(st, &rd, &err) == -1) {
			fprintf(stderr, "bench_screen: %s\n", err.msg);
			return 1;
		}
		found = 0;
		t0 = now();
		for (i = 0; i < n; i++) {
			r = store_wl_lookup_raw(rd, &keys[i]);
			found += r == 1;
		}
		t_raw[run] = now() - t0;

		/* The screening core: read the file, parse, look up, decide;
		 * no output (the CLI adds EIP-55 formatting and printing). */
		hits = 0;
		t0 = now();
		f = fopen(path, "r");
		if (f == NULL) {
			return 1;
		}
		while ((len = getline(&line, &cap, f)) > 0) {
			struct addr a;

			while (len > 0 && (line[len - 1] == '\n' ||
			    line[len - 1] == '\r')) {
				len--;
			}
			if (wl_parse_input(&a, line, (size_t)len, &err) == -1 ||
			    store_wl_lookup(rd, &a, ls, 16, &nl, &err) == -1) {
				fprintf(stderr, "bench_screen: %s\n", err.msg);
				return 1;
			}
			for (size_t k = 0; k < nl && k < 16; k++) {
				if (wl_category_is_hit(ls[k].category) &&
				    wl_listing_active(&ls[k], 20000)) {
					hits++;
					break;
				}
			}
		}
		fclose(f);
		t_core[run] = now() - t0;
		store_reader_end(rd);
	}
	qsort(t_cli, RUNS, sizeof(double), cmp_double);
	qsort(t_raw, RUNS, sizeof(double), cmp_double);
	qsort(t_core, RUNS, sizeof(double), cmp_double);
	printf("screen: %zu addresses (%zu listed), median of %d runs\n", n,
	    found, RUNS);
	printf("  scanner screen --file (end to end, csv): %12.0f addr/s  "
	    "(floor %.0f/s: %s)\n", (double)n / t_cli[RUNS / 2], FLOOR,
	    (double)n / t_cli[RUNS / 2] >= FLOOR ? "met" : "NOT met");
	printf("  screening core from the file (read, parse, look up, "
	    "decide; no output):\n                                           %12.0f "
	    "addr/s  (floor %.0f/s: %s; %zu hits)\n", (double)n /
	    t_core[RUNS / 2], FLOOR, (double)n / t_core[RUNS / 2] >= FLOOR ?
	    "met" : "NOT met", hits);
	printf("  LMDB raw mdb_get, same keys:             %12.0f keys/s\n",
	    (double)n / t_raw[RUNS / 2]);
	printf("  ratio end-to-end / raw lookup:           %12.2f\n",
	    t_raw[RUNS / 2] / t_cli[RUNS / 2]);
	store_close(st);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0) {
		fprintf(stderr, "bench_screen: cannot remove %s\n", dir);
	}
	free(line);
	free(keys);
	return 0;
}
