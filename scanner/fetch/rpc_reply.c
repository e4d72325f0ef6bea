/*
 * rpc_reply.c - what a reply means and what becomes of each request: the
 * JSON-RPC envelope, error classes (rate limit, batch refusal, permanent),
 * retry, backoff and failover decisions, batch size adaptation, recording
 * and replay; the plain accessors. No libcurl here: rpc.c does the
 * network side. See rpc.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rpc_int.h"

int64_t
rpc_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* splitmix64: jitter only, nothing secret. */
static uint64_t
rnd(struct rpc *r)
{
	uint64_t z;

	r->rng += 0x9e3779b97f4a7c15ULL;
	z = r->rng;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

long
rpc_backoff(struct rpc *r, int step)
{
	long cap;
	int i;

	cap = r->backoff_ms;
	for (i = 1; i < step && cap < r->max_wait_ms; i++) {
		cap *= 2;
	}
	if (cap > r->max_wait_ms) {
		cap = r->max_wait_ms;
	}
	return (long)(rnd(r) % ((uint64_t)cap + 1));
}

/* Case-insensitive substring test on ASCII. */
static int
has(const char *hay, const char *needle)
{
	size_t i, j;
	char a, b;

	for (i = 0; hay[i] != '\0'; i++) {
		for (j = 0; needle[j] != '\0'; j++) {
			a = hay[i + j];
			b = needle[j];
			if (a >= 'A' && a <= 'Z') {
				a = (char)(a - 'A' + 'a');
			}
			if (a != b) {
				break;
			}
		}
		if (needle[j] == '\0') {
			return 1;
		}
	}
	return 0;
}

int
rpc_error_is_logs_limit(long long code, const char *message)
{
	(void)code;
	return has(message, "range") || has(message, "returned more than") ||
	    has(message, "response size") || has(message, "too many logs") ||
	    has(message, "log response");
}

int
rpc_error_is_rate_limit(long long code, const char *message)
{
	if (rpc_error_is_logs_limit(code, message)) {
		return 0;
	}
	if (code == -32005 || code == -32029 || code == 429) {
		return 1;
	}
	return has(message, "rate limit") || has(message, "rate-limit") ||
	    has(message, "ratelimit") || has(message, "too many requests");
}

int
rpc_error_is_unsupported(long long code, const char *message)
{
	return code == -32601 || has(message, "does not exist") ||
	    has(message, "method not found") || has(message, "not supported") ||
	    has(message, "unsupported") || has(message, "not whitelisted") ||
	    has(message, "not allowed") || has(message, "unknown method");
}

/* An error a node puts in a batch when the batch itself is the problem. */
static int
is_batch_error(const char *message)
{
	return has(message, "batch") || has(message, "response too large");
}

/* ---- request outcomes ---- */

void
rpc_call_done(struct rpc *r, struct rpc_run *ru, size_t i,
    enum rpc_status st)
{
	ru->calls[i].state = RPC_CALL_DONE;
	ru->reqs[i].status = st;
	ru->left--;
	if (st != RPC_FAILED) {
		r->stats.calls++;
	}
}

static void
call_wait(struct rpc_run *ru, size_t i, int64_t ready)
{
	ru->calls[i].state = RPC_CALL_WAIT;
	ru->calls[i].ready = ready;
	if (i < ru->scan) {
		ru->scan = i;
	}
}

static void
call_fail(struct rpc *r, struct rpc_run *ru, size_t i)
{
	struct rpc_callst *c = &ru->calls[i];
	char list[160];
	size_t k, e, used;

	list[0] = '\0';
	used = 0;
	for (k = 0; k < c->tried && used < sizeof(list); k++) {
		e = (c->start + k) % r->neps;
		used += (size_t)snprintf(list + used, sizeof(list) - used,
		    "%s%s", k > 0 ? ", " : "", r->eps[e].label);
	}
	err_set(&ru->reqs[i].err, ERR_NET, 0, "rpc '%s' failed on %s: %s",
	    ru->reqs[i].method, list, c->reason);
	rpc_call_done(r, ru, i, RPC_FAILED);
}

void
rpc_fail_over(struct rpc *r, struct rpc_run *ru, size_t i,
    const char *reason)
{
	struct rpc_callst *c = &ru->calls[i];

	snprintf(c->reason, sizeof(c->reason), "%s", reason);
	if (ru->pinned || c->tried >= r->neps) {
		call_fail(r, ru, i);
		return;
	}
	c->ep = (c->ep + 1) % r->neps;
	c->tried++;
	c->attempts = 0;
	c->bad = 0;
	r->stats.failovers++;
	call_wait(ru, i, rpc_now_ms());
}

long
rpc_wait_for(struct rpc *r, int attempt, long retry_after)
{
	long wait;

	wait = rpc_backoff(r, attempt);
	if (retry_after > wait) {
		wait = retry_after;
	}
	return wait < r->max_wait_ms ? wait : r->max_wait_ms;
}

int64_t
rpc_transient(struct rpc *r, struct rpc_run *ru, size_t i,
    const char *reason, long wait)
{
	struct rpc_callst *c = &ru->calls[i];

	c->attempts++;
	if (c->attempts >= r->attempts) {
		rpc_fail_over(r, ru, i, reason);
		return 0;
	}
	snprintf(c->reason, sizeof(c->reason), "%s", reason);
	if (wait < 0) {
		wait = rpc_wait_for(r, c->attempts, -1);
	}
	r->stats.retries++;
	call_wait(ru, i, rpc_now_ms() + wait);
	return ru->calls[i].ready;
}

void
rpc_bad_reply(struct rpc *r, struct rpc_run *ru, size_t i,
    const char *reason, long wait)
{
	struct rpc_callst *c = &ru->calls[i];

	c->bad++;
	if (c->bad >= RPC_MAX_BAD) {
		rpc_fail_over(r, ru, i, reason);
		return;
	}
	rpc_transient(r, ru, i, reason, wait);
}

void
rpc_requeue(struct rpc_run *ru, size_t i)
{
	call_wait(ru, i, rpc_now_ms());
}

void
rpc_shrink(struct rpc_ep *ep, size_t size)
{
	if (size < 1) {
		size = 1;
	}
	if ((int)size < ep->batch) {
		ep->batch = (int)size;
	}
}

void
rpc_ep_trouble(struct rpc *r, struct rpc_ep *ep)
{
	ep->fails++;
	ep->not_before = rpc_now_ms() + rpc_backoff(r, (int)ep->fails);
}

void
rpc_ep_hold(struct rpc_ep *ep, int64_t t)
{
	if (t > ep->not_before) {
		ep->not_before = t;
	}
}

static void
record(struct rpc *r, struct rpc_run *ru, size_t i, struct rpc_ep *ep,
    const json_t *reply)
{
	struct rpc_req *q = &ru->reqs[i];

	/* A replayed answer is kept too (as replay.io): `--evidence` from
	 * a replay keeps the exchanges its report rests on. */
	if (r->record_dir == NULL) {
		return;
	}
	if (ep->rec == NULL) {
		ep->rec = cassette_rec_open(r->record_dir, ep->name, ep->label,
		    &q->err);
		if (ep->rec == NULL) {
			goto fail;
		}
	}
	if (cassette_rec_put(ep->rec, q->method, q->params, reply,
	    &q->err) != 0) {
		goto fail;
	}
	return;
fail:
	json_decref(q->result);
	q->result = NULL;
	rpc_error_release(&q->error);
	q->status = RPC_FAILED;
	r->stats.calls--;
}

/* Fill q->error from a well-formed error object. */
static void
take_error(struct rpc_req *q, const json_t *e)
{
	q->error.code = json_integer_value(json_object_get(e, "code"));
	snprintf(q->error.message, sizeof(q->error.message), "%s",
	    json_string_value(json_object_get(e, "message")));
	q->error.data = json_incref(json_object_get(e, "data"));
}

/* Settle a request from a well-formed reply (replay or network). */
static void
settle(struct rpc *r, struct rpc_run *ru, size_t i, struct rpc_ep *ep,
    const json_t *reply)
{
	struct rpc_req *q = &ru->reqs[i];
	json_t *e;

	e = json_object_get(reply, "error");
	if (e != NULL) {
		take_error(q, e);
		rpc_call_done(r, ru, i, RPC_ERROR);
	} else {
		q->result = json_incref(json_object_get(reply, "result"));
		rpc_call_done(r, ru, i, RPC_OK);
	}
	record(r, ru, i, ep, reply);
}

/* What check_envelope found. */
enum envelope {
	ENV_OK,
	ENV_BAD
};

static enum envelope
check_envelope(const json_t *reply, long long want_id, char *why,
    size_t whylen)
{
	const json_t *v, *res, *e;

	if (!json_is_object(reply)) {
		snprintf(why, whylen, "reply is not a JSON object");
		return ENV_BAD;
	}
	v = json_object_get(reply, "jsonrpc");
	if (!json_is_string(v) || strcmp(json_string_value(v), "2.0") != 0) {
		snprintf(why, whylen, "reply without \"jsonrpc\":\"2.0\"");
		return ENV_BAD;
	}
	v = json_object_get(reply, "id");
	if (!json_is_integer(v)) {
		snprintf(why, whylen, "reply without a numeric id");
		return ENV_BAD;
	}
	if (json_integer_value(v) != want_id) {
		snprintf(why, whylen, "reply id %lld does not match request "
		    "id %lld", (long long)json_integer_value(v), want_id);
		return ENV_BAD;
	}
	res = json_object_get(reply, "result");
	e = json_object_get(reply, "error");
	if ((res == NULL) == (e == NULL)) {
		snprintf(why, whylen, "reply with %s",
		    res == NULL ? "neither result nor error" :
		    "both result and error");
		return ENV_BAD;
	}
	if (e != NULL && (!json_is_object(e) ||
	    !json_is_integer(json_object_get(e, "code")) ||
	    !json_is_string(json_object_get(e, "message")))) {
		snprintf(why, whylen, "reply with a malformed error object");
		return ENV_BAD;
	}
	return ENV_OK;
}

/*
 * Handle the reply to request k of a job. *wait is the job's wait before
 * a retry, -1 until one of its requests needs it.
 * Returns: 1 when the node says the batch is the problem (the caller
 *          requeues and shrinks), else 0.
 */
static int
take_reply(struct rpc *r, struct rpc_run *ru, const struct rpc_job *job,
    size_t k, const json_t *reply, long http, long retry_after, long *wait)
{
	struct rpc_ep *ep = &r->eps[job->ep];
	size_t i = job->idx[k];
	const json_t *e;
	const char *msg;
	long long code;
	char why[160];
	int64_t until;

	if (*wait < 0) {
		*wait = rpc_wait_for(r, ru->calls[i].attempts + 1,
		    retry_after);
	}
	if (check_envelope(reply, job->first_id + (long long)k, why,
	    sizeof(why)) != ENV_OK) {
		if (http >= 300) {
			snprintf(why, sizeof(why), "HTTP %ld", http);
			rpc_fail_over(r, ru, i, why);
		} else {
			rpc_bad_reply(r, ru, i, why, *wait);
		}
		return 0;
	}
	ep->fails = 0;
	e = json_object_get(reply, "error");
	if (e != NULL) {
		code = json_integer_value(json_object_get(e, "code"));
		msg = json_string_value(json_object_get(e, "message"));
		if (rpc_error_is_rate_limit(code, msg)) {
			snprintf(why, sizeof(why), "rate limited: %lld %s",
			    code, msg);
			until = rpc_transient(r, ru, i, why, *wait);
			rpc_ep_hold(ep, until);
			return 0;
		}
		if (job->n > 1 && is_batch_error(msg)) {
			return 1;
		}
	}
	settle(r, ru, i, ep, reply);
	return 0;
}

void
rpc_take_single(struct rpc *r, struct rpc_run *ru, const struct rpc_job *job,
    const json_t *reply, long http, long retry_after)
{
	long wait = -1;

	take_reply(r, ru, job, 0, reply, http, retry_after, &wait);
}

void
rpc_take_batch(struct rpc *r, struct rpc_run *ru, const struct rpc_job *job,
    const json_t *arr, long http, long retry_after)
{
	struct rpc_ep *ep = &r->eps[job->ep];
	unsigned char *seen;
	const json_t *el, *id;
	size_t k, answered;
	long long v;
	long wait;

	seen = calloc(job->n, 1);
	if (seen == NULL) {
		for (k = 0; k < job->n; k++) {
			rpc_transient(r, ru, job->idx[k], "out of memory", -1);
		}
		return;
	}
	answered = 0;
	wait = -1;
	for (k = 0; k < json_array_size(arr); k++) {
		el = json_array_get(arr, k);
		id = json_object_get(el, "id");
		if (!json_is_integer(id)) {
			continue;
		}
		v = (long long)json_integer_value(id) - job->first_id;
		if (v < 0 || (size_t)v >= job->n || seen[v]) {
			continue;
		}
		seen[v] = 1;
		if (take_reply(r, ru, job, (size_t)v, el, http,
		    retry_after, &wait) != 0) {
			rpc_requeue(ru, job->idx[v]);
		} else {
			answered++;
		}
	}
	for (k = 0; k < job->n; k++) {
		if (!seen[k]) {
			rpc_requeue(ru, job->idx[k]);
		}
	}
	if (answered < job->n) {
		/* a short or refusing reply: send what it did answer at once */
		rpc_shrink(ep, answered > 0 ? answered : job->n / 2);
	}
	free(seen);
}


void
rpc_answer_replay(struct rpc *r, struct rpc_run *ru, size_t i,
    struct rpc_ep *ep)
{
	struct rpc_req *q = &ru->reqs[i];
	json_t *reply;
	char *text;
	int rc;

	rc = cassette_find(ep->replay, q->method, q->params, &reply, &q->err);
	if (rc < 0) {
		rpc_call_done(r, ru, i, RPC_FAILED);
		return;
	}
	if (rc == 0) {
		text = cassette_request_text(q->method, q->params);
		err_set(&q->err, ERR_NET, 0, "no recorded answer for %s",
		    text != NULL ? text : q->method);
		free(text);
		rpc_call_done(r, ru, i, RPC_FAILED);
		return;
	}
	settle(r, ru, i, ep, reply);
	json_decref(reply);
}

void
rpc_error_release(struct rpc_error *e)
{
	if (e == NULL) {
		return;
	}
	json_decref(e->data);
	e->data = NULL;
}

void
rpc_req_release(struct rpc_req *reqs, size_t n)
{
	size_t i;

	if (reqs == NULL) {
		return;
	}
	for (i = 0; i < n; i++) {
		json_decref(reqs[i].params);
		reqs[i].params = NULL;
		json_decref(reqs[i].result);
		reqs[i].result = NULL;
		rpc_error_release(&reqs[i].error);
	}
}

/* ---- accessors ---- */

size_t
rpc_endpoint_count(const struct rpc *r)
{
	return r->neps;
}

const char *
rpc_endpoint_url(const struct rpc *r, size_t ep)
{
	return ep < r->neps ? r->eps[ep].url : NULL;
}

const char *
rpc_endpoint_label(const struct rpc *r, size_t ep)
{
	return ep < r->neps ? r->eps[ep].label : NULL;
}

int
rpc_endpoint_is_replay(const struct rpc *r, size_t ep)
{
	return ep < r->neps && r->eps[ep].is_replay;
}

int
rpc_endpoint_batch(const struct rpc *r, size_t ep)
{
	return ep < r->neps ? r->eps[ep].batch : 0;
}

void
rpc_endpoint_set_batch(struct rpc *r, size_t ep, int size)
{
	if (ep >= r->neps) {
		return;
	}
	if (size < 1) {
		size = 1;
	}
	r->eps[ep].batch = size < r->batch ? size : r->batch;
}

void
rpc_get_stats(const struct rpc *r, struct rpc_stats *st)
{
	*st = r->stats;
}
