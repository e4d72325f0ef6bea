/*
 * bench_fetch_decode.c - the decoding part of `scanner fetch` alone: every
 * recorded eth_getBlockByNumber (full), eth_getBlockReceipts and
 * trace_block / debug_traceBlockByNumber response of a cassette directory
 * (`scanner --record DIR`) through scanner/fetch/decode.h's text API, on
 * one core, no network, no verification, no LMDB. Prints one line:
 * "decode BLOCKS TXS SECONDS" for the median of RUNS runs (default 3).
 * Used by bench_fetch.sh, which prints it beside the end-to-end figures.
 *
 * usage: bench_fetch_decode DIR [RUNS]
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "decode.h"

enum kind {
	K_BLOCK,
	K_RECEIPTS,
	K_PARITY,
	K_GETH
};

struct resp {
	enum kind	 kind;
	char		*text;		/* the response line, after "<< " */
	size_t		 len;
};

static struct resp *resps;
static size_t nresps, cap;

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

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Which response to keep, from its request line (canonical: compact). */
static int
kind_of(const char *req, enum kind *k)
{
	if (strstr(req, "\"method\":\"eth_getBlockByNumber\"") != NULL) {
		*k = K_BLOCK;
		return strstr(req, ",true]") != NULL;
	}
	if (strstr(req, "\"method\":\"eth_getBlockReceipts\"") != NULL) {
		*k = K_RECEIPTS;
		return 1;
	}
	if (strstr(req, "\"method\":\"trace_block\"") != NULL) {
		*k = K_PARITY;
		return 1;
	}
	if (strstr(req, "\"method\":\"debug_traceBlockByNumber\"") != NULL) {
		*k = K_GETH;
		return 1;
	}
	return 0;
}

static int
load(const char *dir)
{
	char **names = NULL, path[4096], *line = NULL;
	size_t nnames = 0, ncap = 0, lcap = 0, i, len;
	struct dirent *de;
	enum kind k = K_BLOCK;
	ssize_t got;
	int want = 0;
	DIR *d;
	FILE *f;

	d = opendir(dir);
	if (d == NULL) {
		fprintf(stderr, "bench_fetch_decode: %s: %s\n", dir,
		    strerror(errno));
		return -1;
	}
	for (;;) {
		de = readdir(d);
		if (de == NULL) {
			break;
		}
		len = strlen(de->d_name);
		if (len <= 3 || strcmp(de->d_name + len - 3, ".io") != 0) {
			continue;
		}
		if (nnames == ncap) {
			ncap = ncap ? 2 * ncap : 8;
			names = realloc(names, ncap * sizeof(*names));
			if (names == NULL) {
				abort();
			}
		}
		names[nnames++] = strdup(de->d_name);
	}
	closedir(d);
	if (nnames > 0) {
		qsort(names, nnames, sizeof(*names), cmp_str);
	}
	for (i = 0; i < nnames; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		f = fopen(path, "r");
		if (f == NULL) {
			continue;
		}
		for (;;) {
			got = getline(&line, &lcap, f);
			if (got < 0) {
				break;
			}
			if (got > 0 && line[got - 1] == '\n') {
				line[--got] = '\0';
			}
			if (strncmp(line, ">> ", 3) == 0) {
				want = kind_of(line, &k);
				continue;
			}
			if (strncmp(line, "<< ", 3) != 0 || !want) {
				continue;
			}
			if (nresps == cap) {
				cap = cap ? 2 * cap : 1024;
				resps = realloc(resps, cap * sizeof(*resps));
				if (resps == NULL) {
					abort();
				}
			}
			resps[nresps].kind = k;
			resps[nresps].text = strdup(line + 3);
			resps[nresps].len = (size_t)got - 3;
			nresps++;
			want = 0;
		}
		fclose(f);
		free(names[i]);
	}
	free(names);
	free(line);
	return 0;
}

/* Decode everything once. Returns: 0; -1 on a decoding error. */
static int
run(uint64_t *blocks, uint64_t *txs)
{
	struct decode_opts full;
	struct eth_block b;
	struct eth_receipts rs;
	struct eth_traces t;
	struct err err;
	size_t i;
	int r = 0;

	memset(&full, 0, sizeof(full));
	full.flags = DECODE_FULL_TXS;
	*blocks = *txs = 0;
	for (i = 0; i < nresps && r != -1; i++) {
		switch (resps[i].kind) {
		case K_BLOCK:
			r = decode_block_text(&b, resps[i].text, resps[i].len,
			    &full, &err);
			if (r == 1) {
				(*blocks)++;
				*txs += b.ntxs;
				eth_block_release(&b);
			}
			break;
		case K_RECEIPTS:
			r = decode_receipts_text(&rs, resps[i].text,
			    resps[i].len, NULL, &err);
			if (r == 1) {
				eth_receipts_release(&rs);
			}
			break;
		case K_PARITY:
			r = decode_traces_parity_text(&t, resps[i].text,
			    resps[i].len, NULL, &err);
			if (r == 1) {
				eth_traces_release(&t);
			}
			break;
		case K_GETH:
			r = decode_traces_geth_text(&t, resps[i].text,
			    resps[i].len, NULL, &err);
			if (r == 1) {
				eth_traces_release(&t);
			}
			break;
		}
	}
	if (r == -1) {
		fprintf(stderr, "bench_fetch_decode: %s\n", err.msg);
		return -1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	double t[16], t0;
	uint64_t blocks = 0, txs = 0;
	int runs = 3, i;
	size_t k;

	if (argc < 2 || argc > 3) {
		fputs("usage: bench_fetch_decode DIR [RUNS]\n", stderr);
		return 2;
	}
	if (argc == 3) {
		runs = atoi(argv[2]);
		if (runs < 1 || runs > 16) {
			fputs("bench_fetch_decode: RUNS is 1-16\n", stderr);
			return 2;
		}
	}
	if (load(argv[1]) == -1) {
		return 1;
	}
	for (i = 0; i < runs; i++) {
		t0 = now();
		if (run(&blocks, &txs) == -1) {
			return 1;
		}
		t[i] = now() - t0;
	}
	qsort(t, (size_t)runs, sizeof(t[0]), cmp_double);
	printf("decode %llu %llu %.6f\n", (unsigned long long)blocks,
	    (unsigned long long)txs, t[runs / 2]);
	for (k = 0; k < nresps; k++) {
		free(resps[k].text);
	}
	free(resps);
	return 0;
}
