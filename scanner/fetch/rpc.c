/*
 * rpc.c - the JSON-RPC transport: one curl multi handle (its connection
 * cache keeps connections alive between calls), one slot per HTTP request
 * in flight, and a small state machine per JSON-RPC request: wait, fly,
 * then done, retried, moved to the next endpoint or sent again in a
 * smaller batch. See rpc.h.
 */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <sys/stat.h>

#include <curl/curl.h>

#include "rpc_int.h"

#ifndef SCANNER_VERSION
#define SCANNER_VERSION "unknown"
#endif

#define DEF_CONNECT_MS	10000L
#define DEF_TIMEOUT_MS	60000L
#define DEF_ATTEMPTS	4
#define DEF_BACKOFF_MS	250L
#define DEF_MAX_WAIT_MS	30000L
#define DEF_MAX_BODY	((size_t)64 << 20)
#define DEF_INFLIGHT	4
#define DEF_BATCH	50
#define MAX_INFLIGHT	64
#define MAX_BATCH	10000
/* A slot's response buffer above this is freed after use. */
#define KEEP_BUF	((size_t)1 << 20)

/* Public mainnet endpoints without keys, used when none is given. */
static const char *const default_eps[] = {
	"https://ethereum-rpc.publicnode.com",
	"https://eth.drpc.org",
	"https://1rpc.io/eth",
	"https://eth.llamarpc.com",
};

/* libcurl's part of a client. */
struct rpc_net {
	CURLM		*multi;		/* its connection cache keeps them */
	struct curl_slist *headers;
	struct slot	*slots;		/* inflight of them */
	int		 curl_ready;
};

/* One HTTP exchange in flight. */
struct slot {
	CURL		*h;
	int		 busy;
	struct rpc_job	 job;
	char		*body;		/* request text, kept while in flight */
	char		*buf;		/* response */
	size_t		 len;
	size_t		 cap;
	size_t		 max_body;
	int		 over;		/* the response hit max_body */
	char		 retry_after[64];
	char		 errbuf[CURL_ERROR_SIZE];
};

static void
sleep_ms(long ms)
{
	struct timespec ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
		continue;
	}
}

const char *const *
rpc_default_endpoints(size_t *n)
{
	*n = sizeof(default_eps) / sizeof(default_eps[0]);
	return default_eps;
}

/* ---- endpoints ---- */

static void
sanitise(char *s)
{
	for (; *s != '\0'; s++) {
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '.' || *s == '-')) {
			*s = '_';
		}
	}
}

static int
setup_url(struct rpc_ep *ep, struct err *err)
{
	CURLU *u;
	char *scheme, *host, *port;
	int rc;

	rc = -1;
	scheme = host = port = NULL;
	u = curl_url();
	if (u == NULL) {
		return err_set(err, ERR_SYS, ENOMEM, "out of memory");
	}
	if (curl_url_set(u, CURLUPART_URL, ep->url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
		err_set(err, ERR_USAGE, 0, "bad RPC endpoint '%s': not a URL "
		    "nor a directory", ep->url);
		goto out;
	}
	if (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0) {
		err_set(err, ERR_USAGE, 0, "bad RPC endpoint '%s': only http "
		    "and https are served", ep->url);
		goto out;
	}
	if (curl_url_get(u, CURLUPART_PORT, &port, 0) != CURLUE_OK) {
		port = NULL;
	}
	snprintf(ep->label, sizeof(ep->label), "%s://%s%s%s", scheme, host,
	    port != NULL ? ":" : "", port != NULL ? port : "");
	snprintf(ep->name, sizeof(ep->name), "%s%s%s", host,
	    port != NULL ? "_" : "", port != NULL ? port : "");
	sanitise(ep->name);
	rc = 0;
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return rc;
}

/* Returns: the replay directory an endpoint names, or NULL for a URL. */
static const char *
replay_dir(const char *spec)
{
	struct stat st;

	if (strncmp(spec, "replay:", 7) == 0) {
		return spec + 7;
	}
	if (strstr(spec, "://") == NULL && stat(spec, &st) == 0 &&
	    S_ISDIR(st.st_mode)) {
		return spec;
	}
	return NULL;
}

static int
setup_ep(struct rpc *r, struct rpc_ep *ep, const char *spec, struct err *err)
{
	const char *dir;

	dir = replay_dir(spec);
	ep->url = strdup(dir != NULL ? dir : spec);
	if (ep->url == NULL) {
		return err_set(err, ERR_SYS, errno, "out of memory");
	}
	ep->batch = r->batch;
	if (dir == NULL) {
		return setup_url(ep, err);
	}
	ep->is_replay = 1;
	snprintf(ep->label, sizeof(ep->label), "replay:%s", dir);
	snprintf(ep->name, sizeof(ep->name), "replay");
	ep->replay = cassette_load(dir, err);
	return ep->replay != NULL ? 0 : -1;
}

/* ---- curl slots ---- */

static size_t
on_body(char *p, size_t size, size_t nmemb, void *ud)
{
	struct slot *s = ud;
	size_t n, ncap;
	char *nb;

	n = size * nmemb;
	if (n > s->max_body - s->len) {
		s->over = 1;
		return 0;
	}
	if (s->len + n + 1 > s->cap) {
		ncap = s->cap ? s->cap : 16384;
		while (ncap < s->len + n + 1) {
			ncap *= 2;
		}
		nb = realloc(s->buf, ncap);
		if (nb == NULL) {
			return 0;
		}
		s->buf = nb;
		s->cap = ncap;
	}
	memcpy(s->buf + s->len, p, n);
	s->len += n;
	s->buf[s->len] = '\0';
	return n;
}

static size_t
on_header(char *p, size_t size, size_t nitems, void *ud)
{
	struct slot *s = ud;
	size_t n, i, k;

	n = size * nitems;
	if (n > 12 && strncasecmp(p, "Retry-After:", 12) == 0) {
		i = 12;
		while (i < n && (p[i] == ' ' || p[i] == '\t')) {
			i++;
		}
		k = 0;
		while (i < n && p[i] != '\r' && p[i] != '\n' &&
		    k + 1 < sizeof(s->retry_after)) {
			s->retry_after[k++] = p[i++];
		}
		s->retry_after[k] = '\0';
	}
	return n;
}

static int
slot_init(struct rpc *r, struct slot *s)
{
	CURL *h;
	int bad;

	s->job.idx = calloc((size_t)r->batch, sizeof(*s->job.idx));
	s->h = curl_easy_init();
	s->max_body = r->max_body;
	h = s->h;
	if (s->job.idx == NULL || h == NULL) {
		return -1;
	}
	bad = 0;
	bad |= curl_easy_setopt(h, CURLOPT_PRIVATE, s) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_WRITEDATA, s) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header) !=
	    CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_HEADERDATA, s) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_ERRORBUFFER, s->errbuf) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L) != CURLE_OK;
	/* "" offers every encoding this libcurl decodes (gzip, br, zstd) */
	bad |= curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "") != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_USERAGENT, r->ua) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_HTTPHEADER, r->net->headers) !=
	    CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https") !=
	    CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, r->connect_ms) !=
	    CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, r->timeout_ms) !=
	    CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)r->max_body) != CURLE_OK;
	/* TLS verification is on and stays on: there is no option to drop it */
	bad |= curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L) != CURLE_OK;
	return bad ? -1 : 0;
}

static void
slot_release(struct slot *s)
{
	if (s->h != NULL) {
		curl_easy_cleanup(s->h);
	}
	free(s->job.idx);
	free(s->body);
	free(s->buf);
}

/* ---- create / destroy ---- */

static long
opt_long(long v, long def)
{
	return v > 0 ? v : def;
}

struct rpc *
rpc_create(const struct rpc_opts *opts, struct err *err)
{
	static const struct rpc_opts none;
	const char *const *specs;
	struct rpc *r;
	size_t i, nspecs, nreplay;
	char ua[64];

	if (opts == NULL) {
		opts = &none;
	}
	if (opts->connect_timeout_ms < 0 || opts->timeout_ms < 0 ||
	    opts->max_attempts < 0 || opts->backoff_ms < 0 ||
	    opts->max_wait_ms < 0 || opts->max_inflight < 0 ||
	    opts->max_inflight > MAX_INFLIGHT || opts->batch_size < 0 ||
	    opts->batch_size > MAX_BATCH) {
		err_set(err, ERR_USAGE, 0, "bad RPC options: a negative or "
		    "out-of-range value");
		return NULL;
	}
	r = calloc(1, sizeof(*r));
	if (r != NULL) {
		r->net = calloc(1, sizeof(*r->net));
	}
	if (r == NULL || r->net == NULL) {
		err_set(err, ERR_SYS, errno, "out of memory");
		free(r);
		return NULL;
	}
	r->connect_ms = opt_long(opts->connect_timeout_ms, DEF_CONNECT_MS);
	r->timeout_ms = opt_long(opts->timeout_ms, DEF_TIMEOUT_MS);
	r->backoff_ms = opt_long(opts->backoff_ms, DEF_BACKOFF_MS);
	r->max_wait_ms = opt_long(opts->max_wait_ms, DEF_MAX_WAIT_MS);
	r->attempts = opts->max_attempts > 0 ? opts->max_attempts :
	    DEF_ATTEMPTS;
	r->inflight = opts->max_inflight > 0 ? opts->max_inflight :
	    DEF_INFLIGHT;
	r->batch = opts->batch_size > 0 ? opts->batch_size : DEF_BATCH;
	r->max_body = opts->max_body > 0 ? opts->max_body : DEF_MAX_BODY;
	r->next_id = 1;
	r->rng = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32) ^
	    (uint64_t)(uintptr_t)r;
	snprintf(ua, sizeof(ua), "scanner/%s", SCANNER_VERSION);
	r->ua = strdup(opts->user_agent != NULL ? opts->user_agent : ua);
	if (opts->record_dir != NULL) {
		r->record_dir = strdup(opts->record_dir);
	}
	if (r->ua == NULL ||
	    (opts->record_dir != NULL && r->record_dir == NULL)) {
		err_set(err, ERR_SYS, errno, "out of memory");
		goto fail;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		err_set(err, ERR_SYS, 0, "cannot initialise libcurl");
		goto fail;
	}
	r->net->curl_ready = 1;

	specs = opts->endpoints;
	nspecs = opts->n_endpoints;
	if (specs == NULL || nspecs == 0) {
		specs = rpc_default_endpoints(&nspecs);
	}
	r->eps = calloc(nspecs, sizeof(*r->eps));
	if (r->eps == NULL) {
		err_set(err, ERR_SYS, errno, "out of memory");
		goto fail;
	}
	nreplay = 0;
	for (i = 0; i < nspecs; i++) {
		nreplay += replay_dir(specs[i]) != NULL;
	}
	if (nreplay != 0 && nreplay != nspecs) {
		err_set(err, ERR_USAGE, 0, "RPC endpoints mix replay "
		    "directories and URLs: a replay never falls back to the "
		    "network");
		goto fail;
	}
	for (i = 0; i < nspecs; i++) {
		r->neps++;
		if (setup_ep(r, &r->eps[i], specs[i], err) != 0) {
			goto fail;
		}
	}

	r->net->multi = curl_multi_init();
	r->net->headers = curl_slist_append(NULL,
	    "Content-Type: application/json");
	if (r->net->headers != NULL) {
		r->net->headers = curl_slist_append(r->net->headers,
		    "Accept: application/json");
	}
	if (r->net->headers != NULL) {
		/* no "Expect: 100-continue" round trip before large batches */
		r->net->headers = curl_slist_append(r->net->headers, "Expect:");
	}
	r->net->slots = calloc((size_t)r->inflight, sizeof(*r->net->slots));
	if (r->net->multi == NULL || r->net->headers == NULL ||
	    r->net->slots == NULL) {
		err_set(err, ERR_SYS, 0, "cannot initialise libcurl");
		goto fail;
	}
	for (i = 0; i < (size_t)r->inflight; i++) {
		if (slot_init(r, &r->net->slots[i]) != 0) {
			err_set(err, ERR_SYS, 0, "cannot initialise libcurl");
			goto fail;
		}
	}
	return r;
fail:
	rpc_destroy(r);
	return NULL;
}

void
rpc_destroy(struct rpc *r)
{
	size_t i;

	if (r == NULL) {
		return;
	}
	if (r->net->slots != NULL) {
		for (i = 0; i < (size_t)r->inflight; i++) {
			slot_release(&r->net->slots[i]);
		}
		free(r->net->slots);
	}
	if (r->net->multi != NULL) {
		curl_multi_cleanup(r->net->multi);
	}
	curl_slist_free_all(r->net->headers);
	for (i = 0; i < r->neps; i++) {
		free(r->eps[i].url);
		cassette_free(r->eps[i].replay);
		cassette_rec_close(r->eps[i].rec);
	}
	free(r->eps);
	free(r->ua);
	free(r->record_dir);
	if (r->net->curl_ready) {
		curl_global_cleanup();
	}
	free(r->net);
	free(r);
}

/* Milliseconds asked by a Retry-After header (seconds or a date); -1. */
static long
retry_after_ms(struct rpc *r, const char *v)
{
	const char *p;
	time_t t, now;
	long long sec;

	if (v[0] == '\0') {
		return -1;
	}
	for (p = v; *p >= '0' && *p <= '9'; p++) {
		continue;
	}
	if (*p == '\0' && p - v < 10) {
		sec = atoll(v);
	} else {
		t = curl_getdate(v, NULL);
		if (t == -1) {
			return -1;
		}
		now = time(NULL);
		sec = t > now ? (long long)(t - now) : 0;
	}
	if (sec * 1000 > r->max_wait_ms) {
		return r->max_wait_ms;
	}
	return (long)(sec * 1000);
}

static int
curl_fatal(CURLcode c)
{
	switch (c) {
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_TOO_MANY_REDIRECTS:
		return 1;
	default:
		return 0;
	}
}

/* Every request of s the same way. */
enum fate {
	FATE_REQUEUE,
	FATE_TRANSIENT,
	FATE_BAD,
	FATE_FAILOVER
};

static void
all(struct rpc *r, struct rpc_run *ru, struct slot *s, enum fate f,
    const char *why, long retry_after)
{
	size_t k;
	int64_t until;
	long wait;

	/* one wait for all: the requests stay together in one batch */
	wait = rpc_wait_for(r, ru->calls[s->job.idx[0]].attempts + 1,
	    retry_after);
	for (k = 0; k < s->job.n; k++) {
		switch (f) {
		case FATE_REQUEUE:
			rpc_requeue(ru, s->job.idx[k]);
			break;
		case FATE_TRANSIENT:
			until = rpc_transient(r, ru, s->job.idx[k], why, wait);
			if (retry_after >= 0) {
				rpc_ep_hold(&r->eps[s->job.ep], until);
			}
			break;
		case FATE_BAD:
			rpc_bad_reply(r, ru, s->job.idx[k], why, wait);
			break;
		case FATE_FAILOVER:
			rpc_fail_over(r, ru, s->job.idx[k], why);
			break;
		}
	}
}

/* One HTTP exchange is over: sort out each request it carried. */
static void
finish(struct rpc *r, struct rpc_run *ru, struct slot *s, CURLcode res)
{
	struct rpc_ep *ep = &r->eps[s->job.ep];
	json_error_t jerr;
	json_t *j, *e;
	long http, ra;
	char why[200];

	http = 0;
	curl_easy_getinfo(s->h, CURLINFO_RESPONSE_CODE, &http);
	r->stats.bytes += s->len;
	ra = retry_after_ms(r, s->retry_after);
	if (s->over || res == CURLE_FILESIZE_EXCEEDED) {
		snprintf(why, sizeof(why), "response larger than the "
		    "%zu-byte cap", r->max_body);
		if (s->job.n > 1) {
			rpc_shrink(ep, s->job.n / 2);
			all(r, ru, s, FATE_REQUEUE, why, -1);
		} else {
			all(r, ru, s, FATE_FAILOVER, why, -1);
		}
		return;
	}
	if (res != CURLE_OK) {
		snprintf(why, sizeof(why), "%.160s", s->errbuf[0] != '\0' ?
		    s->errbuf : curl_easy_strerror(res));
		rpc_ep_trouble(r, ep);
		if (curl_fatal(res)) {
			all(r, ru, s, FATE_FAILOVER, why, -1);
		} else if (res == CURLE_PARTIAL_FILE) {
			snprintf(why, sizeof(why), "truncated response: %.160s",
			    s->errbuf[0] != '\0' ? s->errbuf :
			    curl_easy_strerror(res));
			all(r, ru, s, FATE_BAD, why, -1);
		} else {
			all(r, ru, s, FATE_TRANSIENT, why, -1);
		}
		return;
	}
	if (http == 429 || http >= 500) {
		snprintf(why, sizeof(why), "HTTP %ld", http);
		if (http != 429) {
			rpc_ep_trouble(r, ep);
			if (s->job.n > 1) {
				rpc_shrink(ep, s->job.n / 2);
			}
		}
		all(r, ru, s, FATE_TRANSIENT, why, http == 429 && ra < 0 ?
		    r->backoff_ms : ra);
		return;
	}
	j = cassette_loadb(s->buf != NULL ? s->buf : "", s->len, &jerr);
	if (j == NULL) {
		if (http >= 300 && s->job.n > 1) {
			rpc_shrink(ep, s->job.n / 2);
			all(r, ru, s, FATE_REQUEUE, why, -1);
		} else if (http >= 300) {
			snprintf(why, sizeof(why), "HTTP %ld", http);
			all(r, ru, s, FATE_FAILOVER, why, -1);
		} else {
			snprintf(why, sizeof(why), "%s JSON at byte %d: %s",
			    strstr(jerr.text, "end of file") != NULL ||
			    strstr(jerr.text, "premature end") != NULL ?
			    "truncated" : "invalid", jerr.position, jerr.text);
			all(r, ru, s, FATE_BAD, why, -1);
		}
		return;
	}
	if (s->job.n == 1) {
		rpc_take_single(r, ru, &s->job, j, http, ra);
	} else if (json_is_array(j)) {
		rpc_take_batch(r, ru, &s->job, j, http, ra);
	} else {
		/* one object for a whole batch: a refusal, or a rate limit */
		e = json_object_get(j, "error");
		if (json_is_string(json_object_get(e, "message")) &&
		    rpc_error_is_rate_limit(json_integer_value(
		    json_object_get(e, "code")), json_string_value(
		    json_object_get(e, "message")))) {
			snprintf(why, sizeof(why), "rate limited: %s",
			    json_string_value(json_object_get(e, "message")));
			all(r, ru, s, FATE_TRANSIENT, why,
			    ra >= 0 ? ra : r->backoff_ms);
		} else {
			rpc_shrink(ep, s->job.n / 2);
			all(r, ru, s, FATE_REQUEUE, why, -1);
		}
	}
	json_decref(j);
}

/* ---- the loop ---- */

static struct slot *
free_slot(struct rpc *r)
{
	int i;

	for (i = 0; i < r->inflight; i++) {
		if (!r->net->slots[i].busy) {
			return &r->net->slots[i];
		}
	}
	return NULL;
}

/* Gather up to max ready requests of endpoint e into idx. */
static size_t
collect(struct rpc_run *ru, size_t e, int64_t now, size_t *idx, size_t max)
{
	size_t i, k;
	struct rpc_callst *c;

	while (ru->scan < ru->n && ru->calls[ru->scan].state != RPC_CALL_WAIT) {
		ru->scan++;
	}
	k = 0;
	for (i = ru->scan; i < ru->n && k < max; i++) {
		c = &ru->calls[i];
		if (c->state == RPC_CALL_WAIT && c->ep == e &&
		    c->ready <= now) {
			idx[k++] = i;
		}
	}
	return k;
}

static int
start(struct rpc *r, struct rpc_run *ru, struct slot *s, size_t e, size_t n)
{
	json_t *body, *one, *p;
	struct rpc_req *q;
	size_t k;
	int bad;

	body = n > 1 ? json_array() : NULL;
	s->job.first_id = r->next_id;
	r->next_id += (long long)n;
	for (k = 0; k < n; k++) {
		q = &ru->reqs[s->job.idx[k]];
		p = q->params != NULL ? json_incref(q->params) : json_array();
		one = json_pack("{s:s, s:I, s:s, s:o}", "jsonrpc", "2.0",
		    "id", (json_int_t)(s->job.first_id + (long long)k),
		    "method", q->method, "params", p);
		if (n == 1) {
			body = one;
		} else if (json_array_append_new(body, one) != 0) {
			json_decref(body);
			body = NULL;
			break;
		}
	}
	free(s->body);
	s->body = body != NULL ? json_dumps(body, JSON_COMPACT) : NULL;
	json_decref(body);
	if (s->body == NULL) {
		return -1;
	}
	s->job.ep = e;
	s->job.n = n;
	s->len = 0;
	s->over = 0;
	s->retry_after[0] = '\0';
	s->errbuf[0] = '\0';
	bad = 0;
	bad |= curl_easy_setopt(s->h, CURLOPT_URL, r->eps[e].url) != CURLE_OK;
	bad |= curl_easy_setopt(s->h, CURLOPT_POSTFIELDS, s->body) != CURLE_OK;
	bad |= curl_easy_setopt(s->h, CURLOPT_POSTFIELDSIZE_LARGE,
	    (curl_off_t)strlen(s->body)) != CURLE_OK;
	if (bad || curl_multi_add_handle(r->net->multi, s->h) != CURLM_OK) {
		return -1;
	}
	s->busy = 1;
	r->stats.http++;
	for (k = 0; k < n; k++) {
		ru->calls[s->job.idx[k]].state = RPC_CALL_FLIGHT;
	}
	return 0;
}

static void
dispatch(struct rpc *r, struct rpc_run *ru)
{
	struct rpc_ep *ep;
	struct slot *s;
	size_t e, k, i, one;
	int64_t now;

	now = rpc_now_ms();
	for (e = 0; e < r->neps; e++) {
		ep = &r->eps[e];
		if (ep->not_before > now) {
			continue;
		}
		for (;;) {
			if (ep->is_replay) {
				if (collect(ru, e, now, &one, 1) == 0) {
					break;
				}
				rpc_answer_replay(r, ru, one, ep);
				continue;
			}
			s = free_slot(r);
			if (s == NULL) {
				return;
			}
			k = collect(ru, e, now, s->job.idx, (size_t)ep->batch);
			if (k == 0) {
				break;
			}
			if (start(r, ru, s, e, k) != 0) {
				for (i = 0; i < k; i++) {
					err_set(&ru->reqs[s->job.idx[i]].err,
					    ERR_SYS, ENOMEM, "cannot send "
					    "'%s': out of memory",
					    ru->reqs[s->job.idx[i]].method);
					rpc_call_done(r, ru, s->job.idx[i],
					    RPC_FAILED);
				}
			}
		}
	}
}

static void
drain(struct rpc *r, struct rpc_run *ru)
{
	CURLMsg *m;
	struct slot *s;
	int q;

	for (;;) {
		m = curl_multi_info_read(r->net->multi, &q);
		if (m == NULL) {
			break;
		}
		if (m->msg != CURLMSG_DONE) {
			continue;
		}
		s = NULL;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE,
		    (char **)&s);
		curl_multi_remove_handle(r->net->multi, s->h);
		finish(r, ru, s, m->data.result);
		s->busy = 0;
		free(s->body);
		s->body = NULL;
		if (s->cap > KEEP_BUF) {
			free(s->buf);
			s->buf = NULL;
			s->cap = 0;
		}
		s->len = 0;
	}
}

/* Sleep or poll until the next request is due or a transfer moves. */
static void
pause_run(struct rpc *r, struct rpc_run *ru)
{
	int64_t now, wake, t;
	size_t i;
	int busy;
	long ms;

	now = rpc_now_ms();
	wake = now + 1000;
	busy = 0;
	for (i = 0; i < (size_t)r->inflight; i++) {
		busy += r->net->slots[i].busy;
	}
	if (busy < r->inflight) {
		for (i = ru->scan; i < ru->n; i++) {
			if (ru->calls[i].state != RPC_CALL_WAIT) {
				continue;
			}
			t = ru->calls[i].ready;
			if (r->eps[ru->calls[i].ep].not_before > t) {
				t = r->eps[ru->calls[i].ep].not_before;
			}
			if (t < wake) {
				wake = t;
			}
		}
	}
	ms = wake > now ? (long)(wake - now) : 0;
	if (busy > 0) {
		curl_multi_poll(r->net->multi, NULL, 0, (int)ms, NULL);
	} else if (ms > 0) {
		sleep_ms(ms);
	}
}

/* The endpoint a new request starts on: the first not backing off. */
static size_t
pick_ep(struct rpc *r, int64_t now)
{
	size_t e, best;

	best = 0;
	for (e = 0; e < r->neps; e++) {
		if (r->eps[e].not_before <= now) {
			return e;
		}
		if (r->eps[e].not_before < r->eps[best].not_before) {
			best = e;
		}
	}
	return best;
}

static int
run(struct rpc *r, long pin, struct rpc_req *reqs, size_t n,
    struct err *err)
{
	struct rpc_run ru;
	size_t i;
	int64_t now;
	int running;

	if (n == 0) {
		return 0;
	}
	memset(&ru, 0, sizeof(ru));
	ru.calls = calloc(n, sizeof(*ru.calls));
	if (ru.calls == NULL) {
		return err_set(err, ERR_SYS, errno, "out of memory");
	}
	ru.reqs = reqs;
	ru.n = n;
	ru.left = n;
	ru.pinned = pin >= 0;
	now = rpc_now_ms();
	for (i = 0; i < n; i++) {
		assert(reqs[i].method != NULL);
		reqs[i].status = RPC_PENDING;
		reqs[i].result = NULL;
		memset(&reqs[i].error, 0, sizeof(reqs[i].error));
		memset(&reqs[i].err, 0, sizeof(reqs[i].err));
		ru.calls[i].ep = pin >= 0 ? (size_t)pin : pick_ep(r, now);
		ru.calls[i].start = ru.calls[i].ep;
		ru.calls[i].tried = 1;
		ru.calls[i].state = RPC_CALL_WAIT;
		ru.calls[i].ready = now;
	}
	for (;;) {
		dispatch(r, &ru);
		if (ru.left == 0) {
			break;
		}
		curl_multi_perform(r->net->multi, &running);
		drain(r, &ru);
		if (ru.left == 0) {
			break;
		}
		pause_run(r, &ru);
	}
	free(ru.calls);
	for (i = 0; i < n; i++) {
		if (reqs[i].status == RPC_FAILED) {
			if (err != NULL) {
				*err = reqs[i].err;
			}
			return -1;
		}
	}
	return 0;
}

/* ---- public calls ---- */

int
rpc_batch(struct rpc *r, struct rpc_req *reqs, size_t n, struct err *err)
{
	return run(r, -1, reqs, n, err);
}

int
rpc_batch_at(struct rpc *r, size_t ep, struct rpc_req *reqs, size_t n,
    struct err *err)
{
	if (ep >= r->neps) {
		return err_set(err, ERR_USAGE, 0, "no RPC endpoint %zu", ep);
	}
	return run(r, (long)ep, reqs, n, err);
}

static int
call(struct rpc *r, long pin, const char *method, json_t *params,
    json_t **result, struct rpc_error *rerr, struct err *err)
{
	struct rpc_req q;
	struct err local;
	int rc;

	*result = NULL;
	if (rerr != NULL) {
		memset(rerr, 0, sizeof(*rerr));
	}
	memset(&q, 0, sizeof(q));
	q.method = method;
	q.params = params;
	if (pin >= (long)r->neps) {
		rpc_req_release(&q, 1);
		return err_set(err, ERR_USAGE, 0, "no RPC endpoint %ld", pin);
	}
	rc = -1;
	if (run(r, pin, &q, 1, &local) != 0 && q.status == RPC_PENDING) {
		q.status = RPC_FAILED;
		q.err = local;
	}
	if (q.status == RPC_OK) {
		*result = q.result;
		q.result = NULL;
		rc = 0;
	} else if (q.status == RPC_ERROR && rerr != NULL) {
		*rerr = q.error;
		q.error.data = NULL;
		rc = 1;
	} else if (q.status == RPC_ERROR) {
		err_set(err, ERR_NET, 0, "rpc '%s' failed: node error %lld: %s",
		    method, q.error.code, q.error.message);
	} else if (err != NULL) {
		*err = q.err;
	}
	rpc_req_release(&q, 1);
	return rc;
}

int
rpc_call(struct rpc *r, const char *method, json_t *params,
    json_t **result, struct rpc_error *rerr, struct err *err)
{
	return call(r, -1, method, params, result, rerr, err);
}

int
rpc_call_at(struct rpc *r, size_t ep, const char *method, json_t *params,
    json_t **result, struct rpc_error *rerr, struct err *err)
{
	return call(r, (long)ep, method, params, result, rerr, err);
}
