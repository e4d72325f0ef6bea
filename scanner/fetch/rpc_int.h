/*
 * rpc_int.h - what rpc.c (the network side: libcurl, the event loop) and
 * rpc_reply.c (what a reply means and what becomes of each request) share.
 * Private to scanner/fetch/: nothing outside includes it. No curl.h here.
 */
#ifndef SCANNER_RPC_INT_H
#define SCANNER_RPC_INT_H

#include <stddef.h>
#include <stdint.h>

#include "cassette.h"
#include "rpc.h"

/* Unusable replies (invalid JSON, bad envelope) tolerated per endpoint. */
#define RPC_MAX_BAD	2

enum rpc_call_state {
	RPC_CALL_WAIT,
	RPC_CALL_FLIGHT,
	RPC_CALL_DONE
};

struct rpc_ep {
	char		*url;
	char		 label[128];	/* scheme://host[:port] */
	char		 name[96];	/* cassette file name */
	int		 is_replay;
	int		 batch;		/* working batch size */
	unsigned	 fails;		/* transport failures in a row */
	int64_t		 not_before;	/* monotonic ms: no request before */
	struct cassette	*replay;
	struct cassette_rec *rec;
};

/* The state of one request during a run. */
struct rpc_callst {
	size_t		 ep;		/* endpoint in use */
	size_t		 start;		/* first endpoint used */
	size_t		 tried;		/* endpoints used so far */
	int		 attempts;	/* on the current endpoint */
	int		 bad;		/* unusable replies on it */
	int64_t		 ready;		/* monotonic ms */
	enum rpc_call_state state;
	char		 reason[160];	/* last failure */
};

/* One rpc_batch() or rpc_call() under way. */
struct rpc_run {
	struct rpc_req	*reqs;
	struct rpc_callst *calls;
	size_t		 n;
	size_t		 left;		/* not done */
	size_t		 scan;		/* no waiting call below this index */
	int		 pinned;
};

/* The requests one HTTP exchange carries: request k has id first_id + k. */
struct rpc_job {
	size_t		 ep;
	size_t		*idx;		/* indices into the run */
	size_t		 n;
	long long	 first_id;
};

struct rpc_net;		/* libcurl's part, rpc.c */

struct rpc {
	struct rpc_ep	*eps;
	size_t		 neps;
	long		 connect_ms;
	long		 timeout_ms;
	long		 backoff_ms;
	long		 max_wait_ms;
	int		 attempts;
	int		 inflight;
	int		 batch;
	size_t		 max_body;
	char		*record_dir;
	char		*ua;
	long long	 next_id;
	uint64_t	 rng;
	struct rpc_stats stats;
	struct rpc_net	*net;
};

/* Monotonic milliseconds. */
int64_t	rpc_now_ms(void);

/* Full jitter: uniform in [0, min(max_wait, backoff * 2^(step-1))]. */
long	rpc_backoff(struct rpc *r, int step);

/* Request i is over with status st. */
void	rpc_call_done(struct rpc *r, struct rpc_run *ru, size_t i,
	    enum rpc_status st);

/* Attempts on the current endpoint are over: the next one, or fail. */
void	rpc_fail_over(struct rpc *r, struct rpc_run *ru, size_t i,
	    const char *reason);

/*
 * How long to wait before attempt number attempt + 1: the jittered
 * backoff, or retry_after ms (-1: none) when longer; at most max_wait.
 * The requests of one exchange share one wait, so they stay together.
 */
long	rpc_wait_for(struct rpc *r, int attempt, long retry_after);

/*
 * A transient failure: wait ms (-1: rpc_wait_for without Retry-After), or
 * fail over once the attempts are spent.
 * Returns: when the request is due again (0 when it moved on).
 */
int64_t	rpc_transient(struct rpc *r, struct rpc_run *ru, size_t i,
	    const char *reason, long wait);

/* An unusable reply: one more try here after wait ms, then the next one. */
void	rpc_bad_reply(struct rpc *r, struct rpc_run *ru, size_t i,
	    const char *reason, long wait);

/* Send request i again at once, in a smaller batch: not an attempt. */
void	rpc_requeue(struct rpc_run *ru, size_t i);

/* Lower the working batch size of ep to size (at least 1). */
void	rpc_shrink(struct rpc_ep *ep, size_t size);

/* The endpoint failed at the transport level: back off from it. */
void	rpc_ep_trouble(struct rpc *r, struct rpc_ep *ep);

/* Keep every request off the endpoint until t (Retry-After). */
void	rpc_ep_hold(struct rpc_ep *ep, int64_t t);

/*
 * Interpret a single reply (JSON already parsed) to a one-request job.
 * http: the HTTP status; retry_after: ms asked by the server or -1.
 */
void	rpc_take_single(struct rpc *r, struct rpc_run *ru,
	    const struct rpc_job *job, const json_t *reply, long http,
	    long retry_after);

/* Interpret the array answering a batch: match by id, adapt the size. */
void	rpc_take_batch(struct rpc *r, struct rpc_run *ru,
	    const struct rpc_job *job, const json_t *arr, long http,
	    long retry_after);

/* Answer request i of a replay endpoint from its cassettes. */
void	rpc_answer_replay(struct rpc *r, struct rpc_run *ru, size_t i,
	    struct rpc_ep *ep);

#endif
