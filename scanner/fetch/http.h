/*
 * http.h - plain HTTP(S) requests that are not JSON-RPC: webhook
 * deliveries (POST, retried with backoff) and conditional downloads (GET
 * with ETag / If-Modified-Since, into a file). Built on libcurl like the
 * transport (only scanner/fetch/ includes curl.h). TLS certificates are
 * always verified. Messages name a URL by scheme://host[:port] only, so
 * tokens in paths or queries stay out of logs. Nothing here prints.
 */
#ifndef SCANNER_HTTP_H
#define SCANNER_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct http;

/* Zero means "the default" for every number. */
struct http_opts {
	long		 connect_timeout_ms;	/* default 10000 */
	long		 timeout_ms;	/* per attempt, for a POST; default
					   30000 (a GET is bounded by
					   low_speed instead) */
	int		 max_attempts;	/* per request; default 4 */
	long		 backoff_ms;	/* first backoff step; default 500;
					   doubles, full jitter */
	long		 max_wait_ms;	/* cap on one wait, Retry-After
					   included; default 10000 */
	long		 low_speed_secs;	/* a GET slower than 1 kB/s
					   for this long fails; default 60 */
	const char	*user_agent;	/* NULL: "scanner/VERSION" */
};

/*
 * Make a client (libcurl initialised; nothing sent).
 * Returns: 0; -1 with ERR_SYS. Out: *out, free with http_destroy().
 * In: opts copied; NULL means all defaults.
 */
int	http_create(struct http **out, const struct http_opts *opts,
	    struct err *err);
/* Free; accepts NULL. */
void	http_destroy(struct http *h);

/*
 * POST body (content type ctype) to url with extra headers ("Name:
 * value" lines, borrowed). Retried with backoff: no connection, a
 * timeout, HTTP 408, 425, 429 and 5xx (a Retry-After is honoured up to
 * max_wait_ms); any other status is an answer and is not retried.
 * Returns: 0 the server answered 2xx; -1 with err (ERR_NET: "cannot post
 *          to 'https://host': HTTP 500 after 4 attempts"; ERR_USAGE: a
 *          URL that is not http(s)).
 * Out:     *status: the last HTTP status, 0 if none (may be NULL).
 */
int	http_post(struct http *h, const char *url, const char *ctype,
	    const char *const *headers, size_t nheaders, const void *body,
	    size_t len, long *status, struct err *err);

/* Validators of a conditional GET, as the server sent them. */
struct http_cond {
	char		 etag[256];		/* "" if none */
	char		 last_modified[64];	/* "" if none */
};

/*
 * GET url into the file path (created or truncated, mode 0600), with
 * If-None-Match / If-Modified-Since from *cond when set. A transfer cut
 * short (fewer bytes than Content-Length, a broken connection), a body
 * over max_bytes or any status but 200 and 304 is an error. Retried like
 * http_post.
 * Returns: 1 downloaded (200: the file holds the body, *cond is what the
 *          response said: "" for a validator it did not send); 0 not
 *          modified (304: the file is left empty, *cond unchanged); -1
 *          with err (ERR_NET; ERR_SYS for the file).
 */
int	http_get_file(struct http *h, const char *url, struct http_cond *cond,
	    const char *path, uint64_t max_bytes, struct err *err);

/*
 * The label of url used in messages: scheme://host[:port], no user,
 * path or query.
 * Out: out (cap bytes, NUL-terminated, cut to fit).
 */
void	http_url_label(char *out, size_t cap, const char *url);

#endif
