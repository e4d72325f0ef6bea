/*
 * trace_fetch.h - get what a trace reads into the cache, verified, and
 * run it: the whole window (a block scan), or, when the endpoint has
 * address-indexed methods, only the blocks the search needs.
 */
#ifndef SCANNER_TRACE_FETCH_H
#define SCANNER_TRACE_FETCH_H

#include <stdint.h>

#include "cli.h"
#include "fetcher.h"
#include "trace.h"

enum trace_strategy {
	TRACE_STRATEGY_AUTO = 0,	/* index when the endpoint can */
	TRACE_STRATEGY_INDEX,		/* address-indexed look-ups */
	TRACE_STRATEGY_SCAN		/* every block of the window */
};

/* What was fetched, and how. */
struct trace_fetch_info {
	int			 indexed;	/* 1: look-ups, else a scan */
	const char		*methods;	/* the look-up methods */
	uint64_t		 lookups;	/* addresses looked up */
	uint64_t		 hubs;		/* of them, hubs by the node's
						   count (not fetched) */
	unsigned		 rounds;	/* look-up rounds */
	uint64_t		 blocks;	/* blocks the look-ups named,
						   with the seeds' */
	struct fetch_summary	 sum;		/* of what was fetched now
						   (report merged over the
						   rounds) */
};

/*
 * Online: fetch and run q. A scan fetches [q->from_block, q->to_block]
 * and runs once. Look-ups: the seeds' blocks (q->seeds[].block for a tx
 * seed) are fetched and the search run on the cache; every address it
 * expanded that was not looked up yet is looked up (fetch_lookup; more
 * transactions than q->hub_degree make a hub, which q->hubs then names),
 * the blocks named and the Tornado pools' payouts to it fetched, and the
 * search run again, until a run expands nothing new: its result is the
 * one a scan of the whole window gives, as far as the node's indexes
 * are complete. q->hubs (the hubs) and q->blocks (the blocks the look-ups
 * named, the only ones the search reads, so the result does not depend
 * on what else the cache holds) are set to memory owned until
 * trace_fetch_release().
 * Returns: 0 (*res filled); 1 a fetched block failed verification (in
 *          info->sum.report; nothing traced); -1 with err.
 */
int	trace_fetch_run(struct cli *cli, struct fetcher *f,
	    enum trace_strategy strategy, struct trace_query *q,
	    struct trace_result *res, struct trace_fetch_info *info,
	    struct err *err);

/* Free what trace_fetch_run() kept (q->hubs). */
void	trace_fetch_release(struct trace_query *q);

#endif
