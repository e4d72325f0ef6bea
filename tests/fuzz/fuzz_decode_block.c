/*
 * fuzz_decode_block.c - libFuzzer target: the fast decoders of blocks
 * and receipt lists against the jansson path (tests/fuzz/block_diff.h).
 * Any text a fast path accepts must be accepted by the jansson path with
 * an identical struct; a mismatch aborts with the reason. Blocks are
 * tried with transaction objects required (DECODE_FULL_TXS) or not, and
 * with a small arena cap, where the two paths must agree on what fits.
 *
 * Built only with -Dfuzz=true and clang (meson_options.txt):
 *   CC=clang meson setup build-fuzz -Dfuzz=true \
 *       -Db_sanitize=address,undefined -Db_lundef=false
 *   ninja -C build-fuzz tests/fuzz/fuzz_decode_block
 *   build-fuzz/tests/fuzz/fuzz_decode_block -max_total_time=600 CORPUS_DIR
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "block_diff.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct {
		unsigned	 flags;
		size_t		 cap;
	} opts[] = {
		{ 0, 0 },
		{ DECODE_FULL_TXS, 0 },
		{ DECODE_FULL_TXS, 4096 },
	};
	struct decode_opts o = { 0 };
	char why[256];
	size_t i;
	int fast;

	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		o.flags = opts[i].flags;
		o.cap = opts[i].cap;
		if (!block_diff((const char *)data, size, &o, &fast, why,
		    sizeof(why))) {
			fprintf(stderr, "fuzz_decode_block: flags %u cap %zu: "
			    "%s\n", o.flags, o.cap, why);
			abort();
		}
		if (!receipts_diff((const char *)data, size, &o, &fast, why,
		    sizeof(why))) {
			fprintf(stderr, "fuzz_decode_block: receipts, cap %zu: "
			    "%s\n", o.cap, why);
			abort();
		}
	}
	return 0;
}
