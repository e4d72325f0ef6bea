/*
 * tap.h - a minimal Test Anything Protocol emitter for the unit tests.
 * Each check prints one "ok N - what" or "not ok N - what" line; tap_done()
 * prints the plan and returns the exit status meson expects.
 */
#ifndef SCANNER_TAP_H
#define SCANNER_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_n, tap_failed;

static inline int
tap_ok(int cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static inline int
tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;

	tap_n++;
	if (!cond) {
		tap_failed++;
	}
	printf("%sok %d - ", cond ? "" : "not ", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	return cond;
}

/* Compare two strings; on mismatch print both as TAP diagnostics. */
#define TAP_STR(got, want, ...) do {					\
	const char *tap_g_ = (got), *tap_w_ = (want);			\
	int tap_c_ = tap_g_ != NULL && strcmp(tap_g_, tap_w_) == 0;	\
	if (!tap_ok(tap_c_, __VA_ARGS__)) {				\
		printf("#   got:  '%s'\n#   want: '%s'\n",		\
		    tap_g_ ? tap_g_ : "(null)", tap_w_);		\
	}								\
} while (0)

/* Compare two integers; on mismatch print both. */
#define TAP_INT(got, want, ...) do {					\
	long long tap_g_ = (long long)(got), tap_w_ = (long long)(want);\
	if (!tap_ok(tap_g_ == tap_w_, __VA_ARGS__)) {			\
		printf("#   got:  %lld\n#   want: %lld\n", tap_g_, tap_w_);\
	}								\
} while (0)

/*
 * Tests on the real data of ../shared (the mainnet corpus, the sanction
 * lists) run where it is, as in CI; on a clone without it they are
 * reported as skipped, never failed.
 * Returns: 1 if $SCANNER_SHARED/sub exists, else 0 after one TAP skip line.
 */
static inline int
tap_have_shared(const char *sub, const char *what)
{
	const char *shared = getenv("SCANNER_SHARED");
	char path[4096];
	FILE *f;

	if (shared != NULL) {
		snprintf(path, sizeof(path), "%s/%s", shared, sub);
		f = fopen(path, "r");
		if (f != NULL) {
			fclose(f);
			return 1;
		}
	}
	tap_n++;
	printf("ok %d - # SKIP %s: no %s/%s\n", tap_n, what,
	    shared != NULL ? shared : "$SCANNER_SHARED", sub);
	return 0;
}

static inline int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	if (tap_failed) {
		printf("# %d of %d failed\n", tap_failed, tap_n);
	}
	return tap_failed ? 1 : 0;
}

#endif
