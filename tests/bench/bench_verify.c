/*
 * bench_verify.c - verification throughput against the floor:
 * end to end (decode the recorded eth_getBlockByNumber JSON, re-encode
 * and hash every transaction, recover every sender, build the
 * transactions and withdrawals tries, hash the header) on all cores, one
 * block per task, must reach 80% of libsecp256k1's raw
 * secp256k1_ecdsa_recover rate on one core times the cores.
 * Both figures come from the same run, on the real mainnet signatures of
 * $SCANNER_SHARED/mainnet-corpus. Median of several runs.
 *
 * Wall-clock rates are the figure; CPU-time rates (per thread,
 * CLOCK_THREAD_CPUTIME_ID) are printed beside them because they do not
 * depend on what else the machine runs: their ratio is the per-core
 * efficiency of the pipeline.
 *
 * usage: bench_verify [SHARED_DIR [SECONDS]]
 */
#include <dirent.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include "decode.h"
#include "eth.h"
#include "u256.h"
#include "verify.h"

#define RUNS		5
#define SHARE		0.80	/* of raw recovery x cores (issue #4) */
#define MAX_BLOCKS	256

struct text {
	char		*s;
	size_t		 len;
	size_t		 ntxs;
};

struct corpus {
	struct text	 blocks[MAX_BLOCKS];
	struct eth_block decoded[MAX_BLOCKS];	/* for the verify-only run */
	size_t		 n;
	size_t		 ntxs;
};

/* What a worker thread shares with the others. */
struct job {
	const struct corpus	*c;
	const struct verify_ctx	*vc;
	int			 predecoded;	/* verify c->decoded only */
	size_t			 ntasks;	/* rounds * blocks */
	size_t			 next;		/* under lock */
	pthread_mutex_t		 lock;
	size_t			 txs;		/* under lock */
	size_t			 failures;	/* under lock */
	int			 errors;	/* under lock */
	double			 cpu;		/* under lock: thread CPU s */
};

static double
clock_s(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double
now(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

static double
cpu_now(void)
{
	return clock_s(CLOCK_THREAD_CPUTIME_ID);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static char *
slurp(const char *path, size_t *lenp)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long len = -1;

	if (f == NULL) {
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) == 0) {
		len = ftell(f);
	}
	if (len >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)len + 1);
		if (buf != NULL &&
		    fread(buf, 1, (size_t)len, f) != (size_t)len) {
			free(buf);
			buf = NULL;
		} else if (buf != NULL) {
			buf[len] = '\0';
			*lenp = (size_t)len;
		}
	}
	fclose(f);
	return buf;
}

/* Keep each recorded block that has transaction objects. */
static void
walk(struct corpus *c, const char *dir)
{
	char path[4096];
	struct eth_block b;
	struct dirent *de;
	struct stat st;
	struct err err;
	size_t len;
	char *s;
	DIR *d = opendir(dir);

	if (d == NULL) {
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' ||
		    strcmp(de->d_name, "not-mainnet") == 0) {
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (stat(path, &st) == -1) {
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			walk(c, path);
			continue;
		}
		if (strstr(de->d_name, ".json") == NULL || c->n >= MAX_BLOCKS) {
			continue;
		}
		s = slurp(path, &len);
		if (s == NULL || strstr(s, "\"transactionsRoot\"") == NULL ||
		    decode_block_text(&b, s, len, NULL, &err) != 1 ||
		    b.ntxs == 0) {
			free(s);
			continue;
		}
		c->blocks[c->n].s = s;
		c->blocks[c->n].len = len;
		c->blocks[c->n].ntxs = b.ntxs;
		c->decoded[c->n] = b;
		c->ntxs += b.ntxs;
		c->n++;
	}
	closedir(d);
}

/* One signature to recover: message, compact r||s, recovery id. */
struct sig {
	uint8_t		 msg[32];
	uint8_t		 rs[64];
	int		 recid;
};

static size_t
collect_sigs(const struct corpus *c, struct sig *out, size_t cap)
{
	const struct eth_tx *tx;
	struct eth_hash h;
	size_t i, k, n = 0;
	uint64_t v;

	for (i = 0; i < c->n; i++) {
		for (k = 0; k < c->decoded[i].ntxs && n < cap; k++) {
			tx = &c->decoded[i].txs[k];
			if (verify_tx_signing_hash(&h, tx) != VERIFY_OK) {
				continue;
			}
			v = tx->v.w[0];
			if (tx->type != ETH_TX_LEGACY) {
				out[n].recid = (int)v;
			} else if (v == 27 || v == 28) {
				out[n].recid = (int)(v - 27);
			} else {
				out[n].recid = (int)((v - 35) % 2);
			}
			memcpy(out[n].msg, h.b, 32);
			u256_to_be(out[n].rs, &tx->r);
			u256_to_be(out[n].rs + 32, &tx->s);
			n++;
		}
	}
	return n;
}

/*
 * Raw libsecp256k1: parse + recover, one core, for about `secs`.
 * Returns: recoveries per wall second; *per_cpu: per CPU second.
 */
static double
raw_rate(const struct sig *sigs, size_t n, double secs, double *per_cpu)
{
	secp256k1_context *ctx;
	secp256k1_ecdsa_recoverable_signature sig;
	secp256k1_pubkey pub;
	size_t i, done = 0, ok = 0;
	double t0, t, c0;

	ctx = secp256k1_context_create(SECP256K1_CONTEXT_VERIFY);
	c0 = cpu_now();
	t0 = now();
	do {
		for (i = 0; i < n; i++) {
			if (secp256k1_ecdsa_recoverable_signature_parse_compact(
			    ctx, &sig, sigs[i].rs, sigs[i].recid) &&
			    secp256k1_ecdsa_recover(ctx, &pub, &sig,
			    sigs[i].msg)) {
				ok++;
			}
		}
		done += n;
		t = now() - t0;
	} while (t < secs);
	*per_cpu = (double)done / (cpu_now() - c0);
	secp256k1_context_destroy(ctx);
	if (ok != done) {
		fprintf(stderr, "bench_verify: %zu of %zu signatures did not "
		    "recover\n", done - ok, done);
	}
	return (double)done / t;
}

static void *
worker(void *arg)
{
	struct job *j = arg;
	struct verify_report r;
	const struct text *t;
	struct eth_block b;
	struct err err;
	size_t task, txs = 0, fails = 0;
	int errors = 0;
	double c0 = cpu_now();

	verify_report_init(&r, NULL, 0);
	for (;;) {
		pthread_mutex_lock(&j->lock);
		task = j->next++;
		pthread_mutex_unlock(&j->lock);
		if (task >= j->ntasks) {
			break;
		}
		if (j->predecoded) {
			verify_block(j->vc, &j->c->decoded[task % j->c->n],
			    NULL, VERIFY_FULL, &r);
			txs += j->c->decoded[task % j->c->n].ntxs;
			continue;
		}
		t = &j->c->blocks[task % j->c->n];
		if (decode_block_text(&b, t->s, t->len, NULL, &err) != 1) {
			errors++;
			continue;
		}
		verify_block(j->vc, &b, NULL, VERIFY_FULL, &r);
		txs += b.ntxs;
		eth_block_release(&b);
	}
	fails = r.nfail;
	c0 = cpu_now() - c0;
	pthread_mutex_lock(&j->lock);
	j->cpu += c0;
	j->txs += txs;
	j->failures += fails;
	j->errors += errors;
	pthread_mutex_unlock(&j->lock);
	return NULL;
}

/*
 * End to end on `cores` threads: rounds over every block.
 * Returns: txs per wall second; *per_cpu: per CPU second of the threads.
 */
static double
e2e_rate(const struct corpus *c, const struct verify_ctx *vc, int cores,
    int predecoded, size_t rounds, double *per_cpu, size_t *failures)
{
	pthread_t th[64];
	struct job j;
	double t0, t;
	int i;

	memset(&j, 0, sizeof(j));
	j.c = c;
	j.vc = vc;
	j.predecoded = predecoded;
	j.ntasks = rounds * c->n;
	pthread_mutex_init(&j.lock, NULL);
	t0 = now();
	for (i = 0; i < cores; i++) {
		pthread_create(&th[i], NULL, worker, &j);
	}
	for (i = 0; i < cores; i++) {
		pthread_join(th[i], NULL);
	}
	t = now() - t0;
	pthread_mutex_destroy(&j.lock);
	*failures = j.failures + (size_t)j.errors;
	*per_cpu = (double)j.txs / j.cpu;
	return (double)j.txs / t;
}

int
main(int argc, char **argv)
{
	static struct corpus c;
	const char *shared = getenv("SCANNER_SHARED");
	double secs = 2.0, raw[RUNS], e2e[RUNS], rawc[RUNS], e2ec[RUNS];
	double ver[RUNS], verc[RUNS], target;
	struct verify_ctx *vc;
	struct sig *sigs;
	struct err err;
	char dir[4096];
	size_t nsigs, rounds, failures = 0, f, i;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int cores = ncpu < 1 ? 1 : ncpu > 64 ? 64 : (int)ncpu, run;

	if (argc > 1) {
		shared = argv[1];
	}
	if (argc > 2) {
		secs = atof(argv[2]);
	}
	if (shared == NULL) {
		shared = "../shared";
	}
	snprintf(dir, sizeof(dir), "%s/mainnet-corpus", shared);
	walk(&c, dir);
	if (c.n == 0) {
		fprintf(stderr, "bench_verify: no blocks under %s\n", dir);
		return 1;
	}
	sigs = calloc(c.ntxs, sizeof(*sigs));
	if (sigs == NULL || verify_ctx_create(&vc, 1, &err) == -1) {
		fprintf(stderr, "bench_verify: out of memory\n");
		return 1;
	}
	nsigs = collect_sigs(&c, sigs, c.ntxs);
	/* enough rounds for about `secs` at the target rate */
	rounds = (size_t)(secs * 20000.0 * cores / (double)c.ntxs) + 1;
	for (run = 0; run < RUNS; run++) {
		raw[run] = raw_rate(sigs, nsigs, secs, &rawc[run]);
		e2e[run] = e2e_rate(&c, vc, cores, 0, rounds, &e2ec[run], &f);
		failures += f;
		ver[run] = e2e_rate(&c, vc, cores, 1, rounds, &verc[run], &f);
		failures += f;
	}
	qsort(raw, RUNS, sizeof(double), cmp_double);
	qsort(e2e, RUNS, sizeof(double), cmp_double);
	qsort(rawc, RUNS, sizeof(double), cmp_double);
	qsort(e2ec, RUNS, sizeof(double), cmp_double);
	qsort(ver, RUNS, sizeof(double), cmp_double);
	qsort(verc, RUNS, sizeof(double), cmp_double);
	target = SHARE * raw[RUNS / 2] * cores;
	printf("verify: %zu mainnet blocks, %zu txs (%zu signatures), %d "
	    "cores, median of %d runs\n", c.n, c.ntxs, nsigs, cores, RUNS);
	printf("  raw secp256k1_ecdsa_recover, 1 core:       %10.0f /s\n",
	    raw[RUNS / 2]);
	printf("  end to end (decode, RLP, keccak, recovery, tries), "
	    "%d cores:\n", cores);
	printf("                                              %10.0f txs/s\n",
	    e2e[RUNS / 2]);
	printf("  floor 80%% x raw x %d cores:                 %10.0f txs/s "
	    "(%s)\n", cores, target, e2e[RUNS / 2] >= target ? "met" :
	    "NOT met");
	printf("  end to end / (raw x cores):                %10.2f\n",
	    e2e[RUNS / 2] / (raw[RUNS / 2] * cores));
	printf("  per CPU second: raw %.0f /s, end to end %.0f txs/s, "
	    "ratio %.2f\n", rawc[RUNS / 2], e2ec[RUNS / 2],
	    e2ec[RUNS / 2] / rawc[RUNS / 2]);
	printf("  verification alone (blocks decoded beforehand), %d cores: "
	    "%.0f txs/s,\n    per CPU second %.0f txs/s, ratio to raw %.2f\n",
	    cores, ver[RUNS / 2], verc[RUNS / 2],
	    verc[RUNS / 2] / rawc[RUNS / 2]);
	if (failures != 0) {
		printf("  %zu verification failures or decode errors\n",
		    failures);
	}
	for (i = 0; i < c.n; i++) {
		free(c.blocks[i].s);
		eth_block_release(&c.decoded[i]);
	}
	free(sigs);
	verify_ctx_destroy(vc);
	return failures != 0;
}
