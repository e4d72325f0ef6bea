/*
 * bench_trace.c - the tracer on a cached synthetic graph: 1,000,000
 * native transfers among 50,000 addresses in 2,000 blocks of 500
 * (deterministic pseudo-random pairs and amounts, with receipts, no call
 * traces), written once into a temporary store with store_blocks_put;
 * then a 6-hop forward trace (poison, the default) from a seed that pays
 * 64 addresses in the first block. Median of 3 runs.
 *
 * "Edge visited" = one transfer the search evaluated (trace_result.edges):
 * each transfer of an address reached, once, whatever it carried. The
 * figure is shown beside what bounds it: a plain scan of the same cached
 * window (every block decoded and its transfers extracted, in order).
 * The graph, the trace with all three models, and the scan's numbers are
 * printed too.
 *
 * usage: bench_trace [TRANSFERS]
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>

#include "store.h"
#include "trace.h"

#define RUNS		3
#define PER_BLOCK	500
#define POPULATION	50000
#define FANOUT		64
#define BATCH		50
#define FIRST_BLOCK	1000

static uint64_t rng = 0x243f6a8885a308d3ULL;

static uint64_t
next(void)
{
	/* xorshift64*: the same graph every run */
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

static struct eth_addr
who(uint32_t i)
{
	struct eth_addr a;

	memset(a.b, 0x5a, sizeof(a.b));
	a.b[0] = 0x10;
	memcpy(a.b + 1, &i, sizeof(i));
	return a;
}

static void
rmtree(const char *path)
{
	struct dirent *de;
	struct stat sb;
	char sub[1024];
	DIR *d;

	if (lstat(path, &sb) == -1) {
		return;
	}
	if (S_ISDIR(sb.st_mode)) {
		d = opendir(path);
		while (d != NULL && (de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") != 0 &&
			    strcmp(de->d_name, "..") != 0) {
				snprintf(sub, sizeof(sub), "%s/%s", path,
				    de->d_name);
				rmtree(sub);
			}
		}
		if (d != NULL) {
			closedir(d);
		}
		rmdir(path);
	} else {
		unlink(path);
	}
}

/* Block n's transactions; block FIRST_BLOCK opens with the seed's. */
static void
fill(struct eth_block *b, struct eth_receipts *rs, uint64_t n,
    const struct eth_addr *seed)
{
	struct eth_tx *t;
	struct eth_receipt *r;
	uint32_t f, to;
	size_t i;

	b->h.number = n;
	memset(b->h.hash.b, 0xbb, 32);
	memcpy(b->h.hash.b, &n, sizeof(n));
	memset(b->h.parent_hash.b, 0xbb, 32);
	n--;
	memcpy(b->h.parent_hash.b, &n, sizeof(n));
	n++;
	b->h.timestamp = 1700000000 + 12 * n;
	b->h.gas_limit = 30000000;
	b->h.miner = who(UINT32_MAX);
	b->ntxs = PER_BLOCK;
	rs->n = PER_BLOCK;
	for (i = 0; i < PER_BLOCK; i++) {
		t = &b->txs[i];
		r = &rs->r[i];
		memset(t, 0, sizeof(*t));
		memset(r, 0, sizeof(*r));
		f = (uint32_t)(next() % POPULATION);
		to = (uint32_t)(next() % (POPULATION - 1));
		to += to >= f;
		t->from = who(f);
		t->to = who(to);
		if (n == FIRST_BLOCK && i < FANOUT) {
			t->from = *seed;
			t->to = who((uint32_t)(i * (POPULATION / FANOUT)));
		}
		t->has_to = 1;
		u256_from_u64(&t->value, 1 + next() % 1000000000000000000ULL);
		t->gas = 21000;
		memset(t->hash.b, 0x7e, 32);
		memcpy(t->hash.b, &n, sizeof(n));
		memcpy(t->hash.b + 8, &i, sizeof(i));
		t->index = (uint32_t)i;
		r->tx_hash = t->hash;
		r->tx_index = (uint32_t)i;
		r->block_number = n;
		r->has_from = 1;
		r->from = t->from;
		r->has_to = 1;
		r->to = t->to;
		r->has_status = 1;
		r->status = 1;
		r->gas_used = 21000;
		r->cumulative_gas = 21000 * (i + 1);
	}
}

static int
generate(struct store *st, uint64_t nblocks, const struct eth_addr *seed)
{
	static struct eth_block b[BATCH];
	static struct eth_receipts rs[BATCH];
	struct store_block_in in[BATCH];
	struct err err;
	uint64_t n;
	size_t i, k;

	for (i = 0; i < BATCH; i++) {
		b[i].txs = calloc(PER_BLOCK, sizeof(*b[i].txs));
		rs[i].r = calloc(PER_BLOCK, sizeof(*rs[i].r));
		if (b[i].txs == NULL || rs[i].r == NULL) {
			return -1;
		}
	}
	for (n = 0; n < nblocks; n += k) {
		for (k = 0; k < BATCH && n + k < nblocks; k++) {
			fill(&b[k], &rs[k], FIRST_BLOCK + n + k, seed);
			in[k].block = &b[k];
			in[k].receipts = &rs[k];
			in[k].traces = NULL;
			in[k].flags = 0;
		}
		if (store_blocks_put(st, in, k, &err) == -1) {
			fprintf(stderr, "bench_trace: %s\n", err.msg);
			return -1;
		}
	}
	for (i = 0; i < BATCH; i++) {
		free(b[i].txs);
		free(rs[i].r);
	}
	return 0;
}

/* The bound: decode every block of the window in order. */
static int
scan(struct store *st, uint64_t nblocks, uint64_t *transfers)
{
	struct trace_transfer *t;
	struct eth_receipts rs;
	struct eth_block b;
	struct err err;
	uint64_t n;
	size_t nt;
	int ht;

	*transfers = 0;
	for (n = FIRST_BLOCK; n < FIRST_BLOCK + nblocks; n++) {
		if (store_block_get(st, n, &b, &rs, NULL, NULL, &err) != 1 ||
		    trace_block_transfers(&b, &rs, NULL, NULL, &t, &nt, &ht,
		    &err) == -1) {
			return -1;
		}
		*transfers += nt;
		free(t);
		eth_block_release(&b);
		eth_receipts_release(&rs);
	}
	return 0;
}

static int
trace_once(struct store *st, struct trace_query *q, struct trace_result *res,
    double *secs)
{
	struct err err;
	double t0;

	t0 = now();
	if (trace_run(st, q, res, &err) == -1) {
		fprintf(stderr, "bench_trace: %s\n", err.msg);
		return -1;
	}
	*secs = now() - t0;
	return 0;
}

int
main(int argc, char **argv)
{
	char dir[] = "/tmp/bench-trace-XXXXXX";
	double rate[RUNS], scan_rate[RUNS], secs, t0, gen;
	struct eth_addr seed = who(POPULATION + 7);
	struct trace_result res;
	struct trace_query q;
	struct store *st = NULL;
	struct err err;
	uint64_t want = 1000000, nblocks, edges = 0, scanned = 0;
	int i, ret = 1;

	if (argc > 1) {
		want = strtoull(argv[1], NULL, 10);
	}
	nblocks = (want + PER_BLOCK - 1) / PER_BLOCK;
	if (mkdtemp(dir) == NULL || store_open(&st, dir, 0, &err) == -1) {
		fprintf(stderr, "bench_trace: cannot make a store in /tmp\n");
		return 1;
	}
	t0 = now();
	if (generate(st, nblocks, &seed) == -1) {
		goto out;
	}
	gen = now() - t0;
	printf("graph: %llu transfers among %d addresses in %llu blocks "
	    "(written in %.1f s)\n",
	    (unsigned long long)(nblocks * PER_BLOCK), POPULATION,
	    (unsigned long long)nblocks, gen);

	trace_query_init(&q);
	q.seeds[0].address = seed;
	q.nseeds = 1;
	q.hops = 6;
	q.from_block = FIRST_BLOCK;
	q.to_block = FIRST_BLOCK + nblocks - 1;
	for (i = 0; i < RUNS; i++) {
		if (trace_once(st, &q, &res, &secs) == -1) {
			goto out;
		}
		rate[i] = (double)res.edges / secs;
		edges = res.edges;
		if (i == 0) {
			printf("trace: 6 hops forward, poison: %llu edges "
			    "visited, %llu addresses reached, %llu blocks "
			    "read, %zu stopped, %llu index entries\n",
			    (unsigned long long)res.edges,
			    (unsigned long long)res.nodes,
			    (unsigned long long)res.blocks, res.nstopped,
			    (unsigned long long)res.index_entries);
		}
		printf("  run %d: %.2f s, %.0f edges/s\n", i + 1, secs,
		    rate[i]);
		trace_result_release(&res);
		t0 = now();
		if (scan(st, nblocks, &scanned) == -1) {
			fprintf(stderr, "bench_trace: scan failed\n");
			goto out;
		}
		scan_rate[i] = (double)scanned / (now() - t0);
	}
	qsort(rate, RUNS, sizeof(rate[0]), cmp_double);
	qsort(scan_rate, RUNS, sizeof(scan_rate[0]), cmp_double);
	q.models = TRACE_ALL_MODELS;
	if (trace_once(st, &q, &res, &secs) == -1) {
		goto out;
	}
	printf("trace, all three models: %llu edges in %.2f s, %.0f edges/s\n",
	    (unsigned long long)res.edges, secs, (double)res.edges / secs);
	trace_result_release(&res);
	printf("edges visited per second (median of %d): %.0f\n", RUNS,
	    rate[RUNS / 2]);
	printf("bound: a plain scan of the cached window extracts %.0f "
	    "transfers/s, median of %d (%llu transfers; the trace visits "
	    "%.0f%% of them: an address's count from the one that reached "
	    "it)\n", scan_rate[RUNS / 2], RUNS, (unsigned long long)scanned,
	    100.0 * (double)edges / (double)(scanned != 0 ? scanned : 1));
	ret = 0;
out:
	store_close(st);
	rmtree(dir);
	return ret;
}
