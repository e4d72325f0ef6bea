/*
 * http.c - webhook POSTs and conditional downloads with libcurl's easy
 * interface: one request at a time, retried with exponential backoff and
 * full jitter (or the server's Retry-After when longer), a hard cap on
 * what a download may write.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "http.h"

#define CONNECT_DEFAULT		10000L
#define TIMEOUT_DEFAULT		30000L
#define ATTEMPTS_DEFAULT	4
#define BACKOFF_DEFAULT		500L
#define MAX_WAIT_DEFAULT	10000L
#define LOW_SPEED_DEFAULT	60L
#define REPLY_CAP		65536	/* bytes of a POST reply kept */

struct http {
	long		 connect_ms, timeout_ms, backoff_ms, max_wait_ms;
	long		 low_speed;
	int		 attempts;
	char		*ua;
	uint64_t	 rnd;
};

/* What one attempt did. */
struct attempt {
	CURLcode	 cc;
	long		 status;
	long		 retry_after_ms;	/* -1: none */
	char		 errbuf[CURL_ERROR_SIZE];
};

static long
opt_long(long v, long def)
{
	return v > 0 ? v : def;
}

int
http_create(struct http **out, const struct http_opts *opts,
    struct err *err)
{
	static const struct http_opts none;
	struct http *h;
	char ua[64];

	*out = NULL;
	if (opts == NULL) {
		opts = &none;
	}
	h = calloc(1, sizeof(*h));
	if (h == NULL) {
		return err_set(err, ERR_SYS, ENOMEM, "out of memory");
	}
	h->connect_ms = opt_long(opts->connect_timeout_ms, CONNECT_DEFAULT);
	h->timeout_ms = opt_long(opts->timeout_ms, TIMEOUT_DEFAULT);
	h->backoff_ms = opt_long(opts->backoff_ms, BACKOFF_DEFAULT);
	h->max_wait_ms = opt_long(opts->max_wait_ms, MAX_WAIT_DEFAULT);
	h->low_speed = opt_long(opts->low_speed_secs, LOW_SPEED_DEFAULT);
	h->attempts = opts->max_attempts > 0 ? opts->max_attempts :
	    ATTEMPTS_DEFAULT;
	snprintf(ua, sizeof(ua), "scanner/%s", SCANNER_VERSION);
	h->ua = strdup(opts->user_agent != NULL ? opts->user_agent : ua);
	h->rnd = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32) ^
	    (uint64_t)(uintptr_t)h;
	if (h->ua == NULL) {
		free(h);
		return err_set(err, ERR_SYS, ENOMEM, "out of memory");
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		free(h->ua);
		free(h);
		return err_set(err, ERR_SYS, 0, "cannot initialise libcurl");
	}
	*out = h;
	return 0;
}

void
http_destroy(struct http *h)
{
	if (h == NULL) {
		return;
	}
	curl_global_cleanup();
	free(h->ua);
	free(h);
}

void
http_url_label(char *out, size_t cap, const char *url)
{
	const char *p, *host, *end, *at;
	size_t n, sn;

	if (cap == 0) {
		return;
	}
	p = strstr(url, "://");
	if (p == NULL) {
		snprintf(out, cap, "%s", "(not a URL)");
		return;
	}
	sn = (size_t)(p - url);
	host = p + 3;
	end = host + strcspn(host, "/?#");
	/* user:password@ never goes into a message */
	at = memchr(host, '@', (size_t)(end - host));
	if (at != NULL) {
		host = at + 1;
	}
	n = (size_t)(end - host);
	snprintf(out, cap, "%.*s://%.*s", (int)sn, url, (int)n, host);
}

static int
check_url(const char *url, struct err *err)
{
	if (strncasecmp(url, "http://", 7) != 0 &&
	    strncasecmp(url, "https://", 8) != 0) {
		return err_set(err, ERR_USAGE, 0, "'%s' is not an http:// or "
		    "https:// URL", url);
	}
	return 0;
}

/* A random number in [0, n]. */
static long
jitter(struct http *h, long n)
{
	/* xorshift64: spreading retries needs no better randomness */
	h->rnd ^= h->rnd << 13;
	h->rnd ^= h->rnd >> 7;
	h->rnd ^= h->rnd << 17;
	return n <= 0 ? 0 : (long)(h->rnd % ((uint64_t)n + 1));
}

static void
sleep_ms(long ms)
{
	struct timespec ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {
		continue;
	}
}

/* The wait before attempt k + 1 (k >= 1). */
static long
backoff(struct http *h, int k, long retry_after_ms)
{
	long step = h->backoff_ms, w;
	int i;

	for (i = 1; i < k && step < h->max_wait_ms; i++) {
		step *= 2;
	}
	if (step > h->max_wait_ms) {
		step = h->max_wait_ms;
	}
	w = jitter(h, step);
	if (retry_after_ms > w) {
		w = retry_after_ms;
	}
	return w > h->max_wait_ms ? h->max_wait_ms : w;
}

static int
transient_status(long s)
{
	return s == 408 || s == 425 || s == 429 || (s >= 500 && s <= 599);
}

static int
transient_curl(CURLcode cc)
{
	switch (cc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return 1;
	default:
		return 0;
	}
}

static void
describe(char *out, size_t cap, const struct attempt *a)
{
	if (a->cc != CURLE_OK) {
		snprintf(out, cap, "%s", a->errbuf[0] != '\0' ? a->errbuf :
		    curl_easy_strerror(a->cc));
	} else {
		snprintf(out, cap, "HTTP %ld", a->status);
	}
}

static int
common_opts(struct http *h, CURL *c, const char *url, char *errbuf)
{
	int bad = 0;

	bad |= curl_easy_setopt(c, CURLOPT_URL, url) != CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf) != CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_USERAGENT, h->ua) != CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https") !=
	    CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L) != CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, h->connect_ms) !=
	    CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L) != CURLE_OK;
	return bad ? -1 : 0;
}

static void
finish(CURL *c, struct attempt *a)
{
	curl_off_t ra = -1;

	a->status = 0;
	a->retry_after_ms = -1;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &a->status);
	if (curl_easy_getinfo(c, CURLINFO_RETRY_AFTER, &ra) == CURLE_OK &&
	    ra > 0) {
		a->retry_after_ms = ra > 3600 ? 3600000L : (long)ra * 1000L;
	}
}

/* A POST reply is read and dropped (up to a cap). */
static size_t
on_reply(char *p, size_t size, size_t n, void *ctx)
{
	size_t *seen = ctx;

	(void)p;
	*seen += size * n;
	return *seen > REPLY_CAP ? 0 : size * n;
}

int
http_post(struct http *h, const char *url, const char *ctype,
    const char *const *headers, size_t nheaders, const void *body,
    size_t len, long *status, struct err *err)
{
	struct curl_slist *hl = NULL, *t;
	struct attempt a;
	char label[256], why[CURL_ERROR_SIZE + 32], ct[128];
	CURL *c = NULL;
	size_t i, seen;
	int k, ret = -1, bad;

	if (status != NULL) {
		*status = 0;
	}
	if (check_url(url, err) == -1) {
		return -1;
	}
	http_url_label(label, sizeof(label), url);
	snprintf(ct, sizeof(ct), "Content-Type: %s", ctype);
	t = curl_slist_append(hl, ct);
	for (i = 0; t != NULL && i < nheaders; i++) {
		hl = t;
		t = curl_slist_append(hl, headers[i]);
	}
	if (t != NULL) {
		hl = t;
		/* no "Expect: 100-continue" round trip */
		t = curl_slist_append(hl, "Expect:");
	}
	c = curl_easy_init();
	if (t == NULL || c == NULL) {
		curl_slist_free_all(t != NULL ? t : hl);
		curl_easy_cleanup(c);
		return err_set(err, ERR_SYS, ENOMEM, "out of memory");
	}
	hl = t;
	memset(&a, 0, sizeof(a));
	for (k = 1;; k++) {
		seen = 0;
		a.errbuf[0] = '\0';
		bad = common_opts(h, c, url, a.errbuf) == -1;
		bad |= curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, h->timeout_ms) !=
		    CURLE_OK;
		bad |= curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl) != CURLE_OK;
		bad |= curl_easy_setopt(c, CURLOPT_POST, 1L) != CURLE_OK;
		bad |= curl_easy_setopt(c, CURLOPT_POSTFIELDS, body) !=
		    CURLE_OK;
		bad |= curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)len) != CURLE_OK;
		bad |= curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_reply) !=
		    CURLE_OK;
		bad |= curl_easy_setopt(c, CURLOPT_WRITEDATA, &seen) !=
		    CURLE_OK;
		if (bad) {
			err_set(err, ERR_SYS, 0, "cannot set up libcurl");
			goto out;
		}
		a.cc = curl_easy_perform(c);
		finish(c, &a);
		if (a.cc == CURLE_WRITE_ERROR && seen > REPLY_CAP) {
			/* a huge reply to a 2xx is still a 2xx */
			a.cc = CURLE_OK;
		}
		if (status != NULL) {
			*status = a.status;
		}
		if (a.cc == CURLE_OK && a.status >= 200 && a.status <= 299) {
			ret = 0;
			goto out;
		}
		if (k >= h->attempts || !(a.cc == CURLE_OK ?
		    transient_status(a.status) : transient_curl(a.cc))) {
			break;
		}
		sleep_ms(backoff(h, k, a.retry_after_ms));
	}
	describe(why, sizeof(why), &a);
	err_set(err, ERR_NET, a.cc != CURLE_OK ? (int)a.cc : 0,
	    "cannot post to '%s': %s after %d attempt%s", label, why, k,
	    k == 1 ? "" : "s");
out:
	curl_slist_free_all(hl);
	curl_easy_cleanup(c);
	return ret;
}

struct sink {
	int		 fd;
	uint64_t	 n, cap;
	int		 over, ioerr;
	long		 status;
	CURL		*c;
};

static size_t
on_data(char *p, size_t size, size_t n, void *ctx)
{
	struct sink *s = ctx;
	size_t len = size * n, done = 0;
	ssize_t w;

	if (s->status == 0) {
		curl_easy_getinfo(s->c, CURLINFO_RESPONSE_CODE, &s->status);
	}
	if (s->status != 200) {
		/* an error page or a 304 body: not the file */
		return len;
	}
	if (s->n + len > s->cap) {
		s->over = 1;
		return 0;
	}
	while (done < len) {
		w = write(s->fd, p + done, len - done);
		if (w == -1 && errno == EINTR) {
			continue;
		}
		if (w <= 0) {
			s->ioerr = errno != 0 ? errno : EIO;
			return 0;
		}
		done += (size_t)w;
	}
	s->n += len;
	return len;
}

/* ETag / Last-Modified of the response, kept while it is read. */
struct vals {
	struct http_cond	 got;
};

static void
header_value(char *out, size_t cap, const char *v, size_t n)
{
	while (n > 0 && (*v == ' ' || *v == '\t')) {
		v++;
		n--;
	}
	while (n > 0 && (v[n - 1] == '\r' || v[n - 1] == '\n' ||
	    v[n - 1] == ' ' || v[n - 1] == '\t')) {
		n--;
	}
	if (n >= cap) {
		/* a validator that does not fit is not kept at all */
		out[0] = '\0';
		return;
	}
	memcpy(out, v, n);
	out[n] = '\0';
}

static size_t
on_header(char *p, size_t size, size_t n, void *ctx)
{
	struct vals *v = ctx;
	size_t len = size * n;

	if (len >= 5 && strncmp(p, "HTTP/", 5) == 0) {
		/* a new response (after a 1xx): forget the last one's */
		memset(&v->got, 0, sizeof(v->got));
	} else if (len > 5 && strncasecmp(p, "ETag:", 5) == 0) {
		header_value(v->got.etag, sizeof(v->got.etag), p + 5,
		    len - 5);
	} else if (len > 14 && strncasecmp(p, "Last-Modified:", 14) == 0) {
		header_value(v->got.last_modified,
		    sizeof(v->got.last_modified), p + 14, len - 14);
	}
	return len;
}

int
http_get_file(struct http *h, const char *url, struct http_cond *cond,
    const char *path, uint64_t max_bytes, struct err *err)
{
	struct curl_slist *hl = NULL, *t;
	struct attempt a;
	struct sink s;
	struct vals v;
	char label[256], why[CURL_ERROR_SIZE + 32], line[320];
	CURL *c = NULL;
	int k, ret = -1, bad, fd = -1;

	if (check_url(url, err) == -1) {
		return -1;
	}
	http_url_label(label, sizeof(label), url);
	if (cond->etag[0] != '\0') {
		snprintf(line, sizeof(line), "If-None-Match: %s", cond->etag);
		t = curl_slist_append(hl, line);
		if (t == NULL) {
			return err_set(err, ERR_SYS, ENOMEM, "out of memory");
		}
		hl = t;
	}
	if (cond->last_modified[0] != '\0') {
		snprintf(line, sizeof(line), "If-Modified-Since: %s",
		    cond->last_modified);
		t = curl_slist_append(hl, line);
		if (t == NULL) {
			curl_slist_free_all(hl);
			return err_set(err, ERR_SYS, ENOMEM, "out of memory");
		}
		hl = t;
	}
	c = curl_easy_init();
	if (c == NULL) {
		curl_slist_free_all(hl);
		return err_set(err, ERR_SYS, ENOMEM, "out of memory");
	}
	memset(&a, 0, sizeof(a));
	for (k = 1;; k++) {
		if (fd != -1) {
			close(fd);
		}
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (fd == -1) {
			err_set(err, ERR_SYS, errno, "cannot write '%s': %s",
			    path, strerror(errno));
			goto out;
		}
		memset(&s, 0, sizeof(s));
		memset(&v, 0, sizeof(v));
		s.fd = fd;
		s.cap = max_bytes;
		s.c = c;
		a.errbuf[0] = '\0';
		bad = common_opts(h, c, url, a.errbuf) == -1;
		bad |= curl_easy_setopt(c, CURLOPT_HTTPGET, 1L) != CURLE_OK;
		bad |= curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl) != CURLE_OK;
		/* "" offers every encoding this libcurl decodes */
		bad |= curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "") !=
		    CURLE_OK;
		bad |= curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1024L) !=
		    CURLE_OK;
		bad |= curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME,
		    h->low_speed) != CURLE_OK;
		bad |= curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data) !=
		    CURLE_OK;
		bad |= curl_easy_setopt(c, CURLOPT_WRITEDATA, &s) != CURLE_OK;
		bad |= curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header) !=
		    CURLE_OK;
		bad |= curl_easy_setopt(c, CURLOPT_HEADERDATA, &v) != CURLE_OK;
		if (bad) {
			err_set(err, ERR_SYS, 0, "cannot set up libcurl");
			goto out;
		}
		a.cc = curl_easy_perform(c);
		finish(c, &a);
		if (s.over) {
			err_set(err, ERR_NET, 0, "cannot download from '%s': "
			    "more than %llu bytes", label,
			    (unsigned long long)max_bytes);
			goto out;
		}
		if (s.ioerr != 0) {
			err_set(err, ERR_SYS, s.ioerr, "cannot write '%s': %s",
			    path, strerror(s.ioerr));
			goto out;
		}
		if (a.cc == CURLE_OK && a.status == 304) {
			ret = 0;
			goto out;
		}
		if (a.cc == CURLE_OK && a.status == 200) {
			if (fsync(fd) == -1 || close(fd) == -1) {
				fd = -1;
				err_set(err, ERR_SYS, errno, "cannot write "
				    "'%s': %s", path, strerror(errno));
				goto out;
			}
			fd = -1;
			*cond = v.got;
			ret = 1;
			goto out;
		}
		if (k >= h->attempts || !(a.cc == CURLE_OK ?
		    transient_status(a.status) : transient_curl(a.cc))) {
			break;
		}
		sleep_ms(backoff(h, k, a.retry_after_ms));
	}
	describe(why, sizeof(why), &a);
	err_set(err, ERR_NET, a.cc != CURLE_OK ? (int)a.cc : 0,
	    "cannot download from '%s': %s after %d attempt%s", label, why,
	    k, k == 1 ? "" : "s");
out:
	if (fd != -1) {
		close(fd);
	}
	curl_slist_free_all(hl);
	curl_easy_cleanup(c);
	return ret;
}
