/*
 * monitor.c - one monitor run: the lock, the first run, and the scan loop
 * that fetches a batch, checks that it chains to what was scanned and to
 * the node's head, and commits it (scan.c). The node's side (reorgs,
 * seeds) is chain.c's, delivery deliver.c's.
 *
 * Order of a run, and why a kill anywhere is safe:
 *   1. flock(DB/monitor.lock): one run at a time on a database.
 *   2. reorg: the hash of block next-1 is asked of the node; on a
 *      mismatch the window's hashes find the fork point, the orphaned
 *      blocks leave the cache, then one transaction rolls back the
 *      cursor, the taint entries and the alerts of the orphaned blocks
 *      (and records a reorg note naming the ones already delivered).
 *   3. deliver what an earlier run left in the outbox (after 2, so that
 *      an alert of an orphaned block never goes out).
 *   4. seeds (--follow).
 *   5. per batch: fetch_range (cached blocks survive a kill), check, one
 *      write transaction for alerts + taint + hashes + cursor, deliver.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "fetcher.h"
#include "monitor_int.h"

#define LOAD_TRIES	3


void
mon_crash_point(const char *point)
{
	static int init;
	static char want[32];
	static long nth = 1, seen;
	const char *s, *colon;
	size_t n;

	if (!init) {
		init = 1;
		s = getenv("SCANNER_MONITOR_CRASH");
		if (s != NULL) {
			colon = strchr(s, ':');
			n = colon != NULL ? (size_t)(colon - s) : strlen(s);
			if (n < sizeof(want)) {
				memcpy(want, s, n);
				want[n] = '\0';
			}
			if (colon != NULL) {
				nth = strtol(colon + 1, NULL, 10);
			}
		}
	}
	if (want[0] == '\0' || strcmp(point, want) != 0) {
		return;
	}
	if (++seen == nth) {
		/* What a power cut or kill -9 does: no cleanup at all. */
		raise(SIGKILL);
	}
}

void
mon_warn(const struct mon_run *R, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (R->o->warn == NULL) {
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	R->o->warn(R->o->warn_ctx, msg);
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The lock: flock, so that flock(1) in scripts sees the same lock. */
static int
lock_take(const char *dir, double wait, int *out, struct err *err)
{
	struct timespec ts = { 0, 100000000L };
	char path[4096];
	double deadline;
	int fd;

	*out = -1;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir,
	    MONITOR_LOCK_FILE) >= sizeof(path)) {
		return err_set(err, ERR_USAGE, 0, "database path too long");
	}
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd == -1) {
		return err_set(err, ERR_STORE, errno, "cannot open lock file "
		    "'%s': %s", path, strerror(errno));
	}
	deadline = now_s() + (wait > 0 ? wait : 0);
	for (;;) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
			*out = fd;
			return 0;
		}
		if (errno != EWOULDBLOCK && errno != EINTR) {
			err_set(err, ERR_STORE, errno, "cannot lock '%s': %s",
			    path, strerror(errno));
			break;
		}
		if (now_s() >= deadline) {
			err_set(err, ERR_STORE, EWOULDBLOCK, "another monitor "
			    "is running on database '%s' (waited %g s for "
			    "'%s'); nothing done", dir, wait > 0 ? wait : 0,
			    path);
			break;
		}
		nanosleep(&ts, NULL);
	}
	close(fd);
	return -1;
}

int
mon_state_txn(struct store_mon *m, void *ctx, struct err *err)
{
	struct mon_state *s = ctx;
	int r;

	memset(s, 0, sizeof(*s));
	r = store_mon_state_get(m, "next", &s->next, err);
	if (r == -1) {
		return -1;
	}
	s->has_next = r;
	if (r == 1 && s->next > 0) {
		r = store_mon_hash_get(m, s->next - 1, &s->prev, err);
		if (r == -1) {
			return -1;
		}
		s->has_prev = r;
	}
	r = store_mon_hash_lowest(m, &s->lowest, err);
	if (r == -1) {
		return -1;
	}
	s->has_lowest = r;
	return 0;
}

struct init {
	uint64_t	 next;
	struct eth_hash	 prev;
	int		 has_prev;
};

static int
init_txn(struct store_mon *m, void *ctx, struct err *err)
{
	struct init *in = ctx;
	uint64_t v;
	int r;

	r = store_mon_state_get(m, "next", &v, err);
	if (r != 0) {
		return r == 1 ? err_set(err, ERR_STORE, 0, "the monitor's "
		    "cursor appeared under it") : -1;
	}
	if (store_mon_state_put(m, "next", in->next, err) == -1) {
		return -1;
	}
	if (in->has_prev && store_mon_hash_put(m, in->next - 1, &in->prev,
	    err) == -1) {
		return -1;
	}
	return 0;
}

/* The hash of cached block n, fetching it if needed. */
static int
cached_hash(struct mon_run *R, uint64_t n, struct eth_hash *h, struct err *err)
{
	struct fetch_summary fs;
	int r;

	if (fetch_range(R->o->f, n, n, &fs, err) == -1) {
		return -1;
	}
	r = store_block_flags(R->o->st, n, NULL, h, err);
	if (r == -1) {
		return -1;
	}
	if (r == 0) {
		R->sum->verify_failed = 1;
		R->sum->verify_block = n;
		return err_set(err, ERR_VERIFY, 0, "block %llu failed "
		    "verification: the monitor cannot start there",
		    (unsigned long long)n);
	}
	return 0;
}

/* Scanning. */

static int
load_checked(struct mon_run *R, uint64_t from, uint64_t to,
    struct mon_batch *b, struct err *err)
{
	struct fetch_summary fs;
	struct eth_hash nh, ch;
	struct mon_state s;
	int tries, r;

	for (tries = 0; tries < LOAD_TRIES; tries++) {
		if (fetch_range(R->o->f, from, to, &fs, err) == -1) {
			return -1;
		}
		mon_crash_point("fetched");
		r = store_block_flags(R->o->st, to, NULL, &ch, err);
		if (r == -1) {
			return -1;
		}
		if (r == 1) {
			if (mon_node_hashes(R->o->rpc, to, to, &nh,
			    err) == -1) {
				return -1;
			}
			if (memcmp(nh.b, ch.b, 32) != 0) {
				if (mon_reconcile(R, from, to, err) == -1) {
					return -1;
				}
				continue;
			}
		}
		if (store_mon_read(R->o->st, mon_state_txn, &s, err) == -1) {
			return -1;
		}
		r = mon_batch_load(b, R->o->st, from, to,
		    s.has_prev ? &s.prev : NULL, NULL, err);
		if (r == -1) {
			return -1;
		}
		if (r == MON_LOAD_OK) {
			return r;
		}
		if (r == MON_LOAD_MISSING && fs.rejected > 0) {
			R->sum->verify_failed = 1;
			R->sum->verify_block = b->stop;
			return r;
		}
		/* A block not chaining, or one gone: refetch what differs. */
		mon_batch_release(b);
		if (mon_reconcile(R, from, to, err) == -1) {
			return -1;
		}
	}
	return err_set(err, ERR_NET, 0, "blocks %llu-%llu keep changing on "
	    "the node while the monitor reads them; run it again",
	    (unsigned long long)from, (unsigned long long)to);
}

static int
scan(struct mon_run *R, uint64_t target, struct err *err)
{
	struct mon_batch b;
	struct mon_rules ru;
	uint64_t to, last;
	long n;
	int r;

	while (R->next <= target) {
		to = target - R->next >= R->batch ? R->next + R->batch - 1 :
		    target;
		r = load_checked(R, R->next, to, &b, err);
		if (r == -1) {
			return -1;
		}
		if (b.nblocks > 0) {
			memset(&ru, 0, sizeof(ru));
			ru.hops = R->hops;
			ru.channels = R->channels;
			ru.now = (int64_t)time(NULL);
			ru.move_cursor = 1;
			ru.expect_next = R->next;
			n = mon_batch_commit(R->o->st, &b, &ru, err);
			last = b.blocks[b.nblocks - 1].number;
			mon_batch_release(&b);
			if (n == -1) {
				return -1;
			}
			mon_crash_point("committed");
			if (!R->sum->scanned) {
				R->sum->from = R->next;
			}
			R->sum->scanned = 1;
			R->sum->to = last;
			R->sum->recorded += (uint64_t)n;
			R->next = last + 1;
			if (mon_deliver(R, err) == -1) {
				return -1;
			}
		} else {
			mon_batch_release(&b);
		}
		if (r == MON_LOAD_MISSING) {
			return 0;
		}
	}
	return 0;
}

/* The first run: where to start, and the hash of the block before. */
static int
first_run(struct mon_run *R, uint64_t target, int has_target, struct err *err)
{
	struct init in;

	memset(&in, 0, sizeof(in));
	if (R->o->has_start) {
		if (R->o->start > R->sum->head + 1) {
			return err_set(err, ERR_USAGE, 0, "--start %llu is "
			    "past the head (%llu)",
			    (unsigned long long)R->o->start,
			    (unsigned long long)R->sum->head);
		}
		in.next = R->o->start;
	} else {
		in.next = has_target ? target + 1 : 0;
	}
	if (in.next > 0) {
		if (cached_hash(R, in.next - 1, &in.prev, err) == -1) {
			return -1;
		}
		in.has_prev = 1;
	}
	if (store_mon_write(R->o->st, init_txn, &in, err) == -1) {
		return -1;
	}
	R->next = in.next;
	mon_warn(R, "first run: monitoring from block %llu",
	    (unsigned long long)in.next);
	return 0;
}

static int
stats_txn(struct store_mon *m, void *ctx, struct err *err)
{
	return store_mon_stats(m, ctx, err);
}

static int
run(struct mon_run *R, struct err *err)
{
	const struct monitor_opts *o = R->o;
	struct mon_state s;
	uint64_t head, target;
	int has_target;

	if (o->f == NULL) {
		return mon_deliver(R, err);
	}
	if (fetch_head(o->f, &head, err) == -1) {
		return -1;
	}
	R->sum->head = head;
	has_target = head >= o->confirmations;
	target = has_target ? head - o->confirmations : 0;
	if (store_mon_read(o->st, mon_state_txn, &s, err) == -1) {
		return -1;
	}
	if (!s.has_next) {
		if (first_run(R, target, has_target, err) == -1) {
			return -1;
		}
	} else {
		R->next = s.next;
		if (o->has_start && o->start != s.next) {
			mon_warn(R, "--start %llu ignored: the monitor goes on "
			    "from block %llu where it stopped",
			    (unsigned long long)o->start,
			    (unsigned long long)s.next);
		}
		/* Before delivering what an earlier run left: an alert of a
		 * block orphaned since must not go out. */
		if (mon_check_reorg(R, err) == -1) {
			return -1;
		}
	}
	if (mon_deliver(R, err) == -1) {
		return -1;
	}
	if (mon_add_seeds(R, err) == -1) {
		return -1;
	}
	if (has_target && scan(R, target, err) == -1) {
		return -1;
	}
	return mon_deliver(R, err);
}

int
monitor_run(const struct monitor_opts *o, struct monitor_summary *sum,
    struct err *err)
{
	struct store_mon_stats ms;
	struct mon_run R;
	struct err e2;
	int fd = -1, ret = -1;

	memset(sum, 0, sizeof(*sum));
	memset(&R, 0, sizeof(R));
	R.o = o;
	R.sum = sum;
	R.hops = o->hops > 0 ? o->hops : MONITOR_HOPS_DEFAULT;
	R.batch = o->batch > 0 ? o->batch : MONITOR_BATCH_DEFAULT;
	R.channels = STORE_CH_STDOUT;
	if (R.hops > MONITOR_HOPS_MAX) {
		return err_set(err, ERR_USAGE, 0, "--hops: at most %d",
		    MONITOR_HOPS_MAX);
	}
	if (o->webhook != NULL) {
		R.channels |= STORE_CH_WEBHOOK;
		if (http_create(&R.http, &o->http, err) == -1) {
			return -1;
		}
	}
	if (lock_take(o->lock_dir, o->wait, &fd, err) == -1) {
		goto out;
	}
	sum->locked = 1;
	ret = run(&R, err);
	/* How much is queued, even when the run failed. */
	memset(&e2, 0, sizeof(e2));
	if (store_mon_read(o->st, stats_txn, &ms, ret == 0 ? err : &e2) ==
	    0) {
		sum->pending = ms.outbox;
	} else if (ret == 0) {
		ret = -1;
	}
	sum->next = R.next;
out:
	if (fd != -1) {
		close(fd);
	}
	http_destroy(R.http);
	return ret;
}
