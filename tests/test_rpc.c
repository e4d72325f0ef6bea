/*
 * test_rpc.c - the JSON-RPC transport, record/replay and the capability
 * probe. Known answers first (error classification, canonical text,
 * cassettes, the caps encoding), then fault cases against
 * tests/faultserver.py, a misbehaving server this test starts on 127.0.0.1:
 * nothing here leaves the loopback interface.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cassette.h"
#include "rpc.h"
#include "tap.h"

/* 2^256, the first integer a u256 cannot hold. */
#define TWO_256 "115792089237316195423570985008687907853269984665640564039" \
	"457584007913129639936"

struct srv {
	pid_t		 pid;
	int		 in;		/* its stdin: closing it stops it */
	int		 out;		/* its stdout, until the port is read */
	int		 port;
	char		 url[64];
	struct rpc	*ctl;		/* control client */
};

static struct srv A, B, C;	/* C: https, self-signed */

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const char *
server_script(char *buf, size_t len)
{
	const char *src, *slash;

	src = getenv("SCANNER_SRC");
	if (src != NULL) {
		snprintf(buf, len, "%s/tests/faultserver.py", src);
		return buf;
	}
	slash = strrchr(__FILE__, '/');
	snprintf(buf, len, "%.*sfaultserver.py",
	    slash != NULL ? (int)(slash - __FILE__ + 1) : 0, __FILE__);
	return buf;
}

/* Start the server with these arguments; srv_wait() gets its port. */
static int
srv_spawn(struct srv *s, const char *a1, const char *a2, const char *a3,
    const char *a4)
{
	int out[2], in[2];
	char script[512];
	const char *py;

	memset(s, 0, sizeof(*s));
	s->out = -1;
	if (pipe(out) != 0 || pipe(in) != 0) {
		return -1;
	}
	py = getenv("SCANNER_PYTHON");
	if (py == NULL) {
		py = "python3";
	}
	server_script(script, sizeof(script));
	s->pid = fork();
	if (s->pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[1]);
		close(out[0]);
		execlp(py, py, script, "--lifetime", "90", a1, a2, a3, a4,
		    (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	s->in = in[1];
	s->out = out[0];
	return s->pid > 0 ? 0 : -1;
}

/* Read the "PORT n" line and make the control client; 0 or -1. */
static int
srv_wait(struct srv *s, const char *scheme)
{
	char line[64];
	struct pollfd pfd;
	struct rpc_opts o;
	struct err err;
	const char *ep;
	ssize_t n;
	size_t got;

	got = 0;
	pfd.fd = s->out;
	pfd.events = POLLIN;
	while (got + 1 < sizeof(line) && (got == 0 || line[got - 1] != '\n')) {
		if (poll(&pfd, 1, 20000) <= 0) {
			break;
		}
		n = read(s->out, line + got, sizeof(line) - 1 - got);
		if (n <= 0) {
			break;
		}
		got += (size_t)n;
	}
	close(s->out);
	s->out = -1;
	line[got] = '\0';
	if (sscanf(line, "PORT %d", &s->port) != 1) {
		return -1;
	}
	snprintf(s->url, sizeof(s->url), "%s://127.0.0.1:%d/", scheme,
	    s->port);
	memset(&o, 0, sizeof(o));
	ep = s->url;
	o.endpoints = &ep;
	o.n_endpoints = 1;
	o.timeout_ms = 5000;
	o.max_attempts = 1;
	o.batch_size = 1;
	o.max_inflight = 1;
	s->ctl = rpc_create(&o, &err);
	return s->ctl != NULL ? 0 : -1;
}

static void
srv_stop(struct srv *s)
{
	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		close(s->in);
		if (s->out >= 0) {
			close(s->out);
		}
		waitpid(s->pid, NULL, 0);
		s->pid = 0;
	}
	rpc_destroy(s->ctl);
	s->ctl = NULL;
}

/* Switch the server's mode (opts: JSON object text); resets counters. */
static void
srv_mode(struct srv *s, const char *mode, const char *opts)
{
	json_t *res;
	struct err err;

	if (rpc_call(s->ctl, "_fault_mode", json_pack("[s,o]", mode,
	    json_loads(opts, 0, NULL)), &res, NULL, &err) != 0) {
		printf("# cannot set mode %s: %s\n", mode, err.msg);
		return;
	}
	json_decref(res);
}

/* A counter of the server; -1 when it cannot be read. */
static long long
srv_stat(struct srv *s, const char *key)
{
	json_t *res;
	struct err err;
	long long v;

	if (rpc_call(s->ctl, "_fault_stats", NULL, &res, NULL, &err) != 0) {
		return -1;
	}
	v = json_integer_value(json_object_get(res, key));
	json_decref(res);
	return v;
}

static long long
srv_method_count(struct srv *s, const char *method)
{
	json_t *res;
	struct err err;
	long long v;

	if (rpc_call(s->ctl, "_fault_stats", NULL, &res, NULL, &err) != 0) {
		return -1;
	}
	v = json_integer_value(json_object_get(json_object_get(res,
	    "methods"), method));
	json_decref(res);
	return v;
}

/* Short timeouts: the whole test stays well under 30 s. */
static void
test_opts(struct rpc_opts *o, const char *const *eps, size_t n)
{
	memset(o, 0, sizeof(*o));
	o->endpoints = eps;
	o->n_endpoints = n;
	o->connect_timeout_ms = 1000;
	o->timeout_ms = 3000;
	o->max_attempts = 3;
	o->backoff_ms = 20;
	o->max_wait_ms = 2500;
	o->user_agent = "scanner-test/1";
}

static struct rpc *
client1(const char *url, struct rpc_opts *o)
{
	struct err err;
	struct rpc *r;
	const char *eps[1];

	eps[0] = url;
	if (o->endpoints == NULL) {
		o->endpoints = eps;
		o->n_endpoints = 1;
	}
	r = rpc_create(o, &err);
	if (r == NULL) {
		printf("# rpc_create: %s\n", err.msg);
	}
	o->endpoints = NULL;
	return r;
}

/* A loopback port nobody listens on: bound, then closed. */
static int
closed_port(void)
{
	struct sockaddr_in sa;
	socklen_t len;
	int fd, port;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	len = sizeof(sa);
	port = -1;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sa, &len) == 0) {
		port = ntohs(sa.sin_port);
	}
	close(fd);
	return port;
}

static int
contains(const char *s, const char *sub)
{
	return s != NULL && strstr(s, sub) != NULL;
}

/* ---- known answers, no server ---- */

static void
test_classify(void)
{
	/*
	 * Messages as nodes send them: geth rpc/errors.go (method not
	 * found, "batch too large"), Infura's docs for eth_getLogs and
	 * -32005 rate limits, BSC/publicnode ("exceed maximum block
	 * range"), Alchemy's eth_getLogs limit text, QuickNode's 10,000
	 * range, EIP-1474 codes.
	 */
	static const struct {
		long long	 code;
		const char	*msg;
		int		 rate, logs, unsupported;
	} cases[] = {
		{ -32005, "daily request count exceeded, request rate limited",
		    1, 0, 0 },
		{ -32005, "query returned more than 10000 results", 0, 1, 0 },
		{ -32029, "Too many requests, please slow down", 1, 0, 0 },
		{ 429, "Your app has exceeded its compute units", 1, 0, 0 },
		{ -32000, "Rate limit reached", 1, 0, 0 },
		{ -32000, "exceed maximum block range: 5000", 0, 1, 0 },
		{ -32602, "Log response size exceeded. You can make "
		    "eth_getLogs requests with up to a 2K block range",
		    0, 1, 0 },
		{ -32000, "eth_getLogs is limited to a 10,000 range", 0, 1, 0 },
		{ -32601, "the method debug_traceBlockByNumber does not "
		    "exist/is not available", 0, 0, 1 },
		{ -32000, "method trace_block not whitelisted", 0, 0, 1 },
		{ -32600, "Unsupported method: ots_getApiLevel", 0, 0, 1 },
		{ -32602, "invalid argument 0: hex string without 0x prefix",
		    0, 0, 0 },
		{ -32000, "execution reverted", 0, 0, 0 },
		{ 3, "execution reverted: ERC20: transfer amount exceeds "
		    "balance", 0, 0, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		TAP_INT(rpc_error_is_rate_limit(cases[i].code, cases[i].msg),
		    cases[i].rate, "rate limit? %lld '%s'", cases[i].code,
		    cases[i].msg);
		TAP_INT(rpc_error_is_logs_limit(cases[i].code, cases[i].msg),
		    cases[i].logs, "logs limit? '%s'", cases[i].msg);
		TAP_INT(rpc_error_is_unsupported(cases[i].code, cases[i].msg),
		    cases[i].unsupported, "unsupported? '%s'", cases[i].msg);
	}
}

static void
test_canon(void)
{
	static const struct {
		const char	*in;
		const char	*canon;
	} cases[] = {
		{ "{\"b\": 1, \"a\": [1, 2, {\"d\": null, \"c\": true}]}",
		    "{\"a\":[1,2,{\"c\":true,\"d\":null}],\"b\":1}" },
		{ "\"0x10\"", "\"0x10\"" },
		/* 2^256 as a bare number stays exact, as text */
		{ "[" TWO_256 "]", "[\"" TWO_256 "\"]" },
		{ "{\"v\":-9223372036854775809,\"w\":9223372036854775807}",
		    "{\"v\":\"-9223372036854775809\","
		    "\"w\":9223372036854775807}" },
		/* digits after a decimal point are no integer */
		{ "[1.5,18446744073709551616,\"18446744073709551616\"]",
		    "[1.5,\"18446744073709551616\",\"18446744073709551616\"]" },
		{ "[\"a\\\"99999999999999999999\",99999999999999999999]",
		    "[\"a\\\"99999999999999999999\","
		    "\"99999999999999999999\"]" },
	};
	json_t *j;
	char *s;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		j = cassette_loadb(cases[i].in, strlen(cases[i].in), NULL);
		s = j != NULL ? cassette_canon(j) : NULL;
		TAP_STR(s, cases[i].canon, "canonical text of %s",
		    cases[i].in);
		free(s);
		json_decref(j);
	}
	j = cassette_loadb("[1,", 3, NULL);
	tap_ok(j == NULL, "truncated JSON does not parse");
	s = cassette_request_text("eth_blockNumber", NULL);
	TAP_STR(s, "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":"
	    "\"eth_blockNumber\",\"params\":[]}", "request line, no params");
	free(s);
	j = json_pack("[s,b]", "0x1b4", 1);
	s = cassette_request_text("eth_getBlockByNumber", j);
	TAP_STR(s, "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":"
	    "\"eth_getBlockByNumber\",\"params\":[\"0x1b4\",true]}",
	    "request line with params");
	free(s);
	json_decref(j);
}

static int
write_file(const char *path, const char *text)
{
	FILE *f;

	f = fopen(path, "w");
	if (f == NULL) {
		return -1;
	}
	fputs(text, f);
	return fclose(f);
}

static void
rm_dir(const char *dir)
{
	DIR *d;
	struct dirent *de;
	char path[512];

	d = opendir(dir);
	if (d == NULL) {
		return;
	}
	for (;;) {
		de = readdir(d);
		if (de == NULL) {
			break;
		}
		if (de->d_name[0] == '.') {
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

static void
test_cassette_files(void)
{
	static const struct {
		const char	*text;
		const char	*why;
	} bad[] = {
		{ ">> {\"method\":\"a\"}\n", "x.io:1: request without a "
		    "response" },
		{ "// c\n<< {\"result\":1}\n", "x.io:2: response without a "
		    "request" },
		{ ">> {\"method\":\"a\"}\n>> {\"method\":\"b\"}\n",
		    "x.io:2: request without a response" },
		{ "hello\n", "x.io:1: line starts with neither" },
		{ ">> {\"params\":[]}\n", "x.io:1: request is not a JSON "
		    "object with a \"method\"" },
		{ ">> {\"method\":\"a\"}\n<< {\"id\":1}\n", "x.io:2: response "
		    "is not a JSON object with \"result\" or \"error\"" },
		{ ">> {\"method\":\"a\"}\n<< {\"result\":\n", "x.io:2: "
		    "response is not" },
	};
	char dir[] = "/tmp/test_rpc_cassXXXXXX";
	char path[256];
	struct cassette *c;
	struct err err;
	json_t *p, *reply;
	size_t i;
	int rc;

	if (mkdtemp(dir) == NULL) {
		tap_ok(0, "mkdtemp");
		return;
	}
	c = cassette_load(dir, &err);
	tap_ok(c == NULL && err.code == ERR_INPUT &&
	    contains(err.msg, "no cassettes"), "an empty replay directory is "
	    "an error: %s", err.msg);
	snprintf(path, sizeof(path), "%s/a.io", dir);
	write_file(path,
	    "// a hand-written cassette\n"
	    "\n"
	    ">> {\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"eth_blockNumber\"}\n"
	    "<< {\"jsonrpc\":\"2.0\",\"id\":7,\"result\":\"0x10\"}\n"
	    ">> {\"id\":9,\"method\":\"eth_blockNumber\",\"params\":[]}\r\n"
	    "<< {\"id\":9,\"result\":\"0x11\"}\r\n"
	    ">> {\"id\":1,\"method\":\"eth_getBalance\",\"params\":"
	    "[\"0xab\", \"latest\"]}\n"
	    "<< {\"id\":1,\"error\":{\"code\":-32000,\"message\":\"no\"}}\n");
	snprintf(path, sizeof(path), "%s/notes.txt", dir);
	write_file(path, "not a cassette: ignored\n");
	c = cassette_load(dir, &err);
	tap_ok(c != NULL, "cassette loads");
	TAP_INT(cassette_count(c), 3, "three exchanges");
	if (c != NULL) {
		/* recorded twice: in recorded order, the last repeats */
		static const char *const want[] = { "\"0x10\"", "\"0x11\"",
		    "\"0x11\"" };
		char *s;

		for (i = 0; i < 3; i++) {
			rc = cassette_find(c, "eth_blockNumber", NULL, &reply,
			    &err);
			s = rc == 1 ? cassette_canon(json_object_get(reply,
			    "result")) : NULL;
			TAP_STR(s, want[i], "eth_blockNumber answer %zu",
			    i + 1);
			free(s);
			json_decref(reply);
		}
		/* keys match canonically: spaces and key order do not count */
		p = json_loads("[\"0xab\",\"latest\"]", 0, NULL);
		rc = cassette_find(c, "eth_getBalance", p, &reply, &err);
		TAP_INT(rc, 1, "found by (method, canonical params)");
		TAP_INT(json_integer_value(json_object_get(json_object_get(
		    reply, "error"), "code")), -32000, "a recorded error");
		json_decref(reply);
		json_decref(p);
		p = json_loads("[\"0xab\",\"0x1\"]", 0, NULL);
		TAP_INT(cassette_find(c, "eth_getBalance", p, &reply, &err), 0,
		    "other params: no answer");
		json_decref(p);
		cassette_free(c);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(path, sizeof(path), "%s/a.io", dir);
		unlink(path);
		snprintf(path, sizeof(path), "%s/x.io", dir);
		write_file(path, bad[i].text);
		memset(&err, 0, sizeof(err));
		c = cassette_load(dir, &err);
		tap_ok(c == NULL && err.code == ERR_INPUT &&
		    contains(err.msg, bad[i].why), "malformed cassette %zu: %s",
		    i, err.msg);
		cassette_free(c);
	}
	rm_dir(dir);
}

static void
test_caps(void)
{
	/* field by field, big-endian after the version byte */
	static const uint8_t want[RPC_CAPS_ENCODED_LEN] = {
		0x01,
		0, 0, 0, 0, 0, 0, 0, 0x01,			/* chain 1 */
		0, 0, 0, 0, 0x01, 0x54, 0x8c, 0x35,		/* 22318133 */
		0, 0, 0, 0x29,					/* works */
		0, 0, 0, 0x7f,					/* tested */
		0, 0, 0, 0x08,					/* ots 8 */
		0, 0, 0, 0, 0, 0, 0x07, 0xd0,			/* 2000 */
		0, 0, 0, 0, 0x68, 0x2f, 0x5c, 0x00,		/* 2025-05-22 */
	};
	static const struct {
		uint32_t		 works;
		enum rpc_receipts_via	 receipts;
		enum rpc_internal_via	 internal;
		const char		*method;
	} via[] = {
		{ 0, RPC_RECEIPTS_BY_TX, RPC_INTERNAL_NONE, "" },
		{ RPC_CAP_BLOCK_RECEIPTS | RPC_CAP_DEBUG_TX,
		    RPC_RECEIPTS_BY_BLOCK, RPC_INTERNAL_DEBUG_TX,
		    "debug_traceTransaction" },
		{ RPC_CAP_DEBUG_TX | RPC_CAP_DEBUG_BLOCK, RPC_RECEIPTS_BY_TX,
		    RPC_INTERNAL_DEBUG_BLOCK, "debug_traceBlockByNumber" },
		{ RPC_CAP_DEBUG_BLOCK | RPC_CAP_TRACE_BLOCK | RPC_CAP_OTS,
		    RPC_RECEIPTS_BY_TX, RPC_INTERNAL_TRACE_BLOCK,
		    "trace_block" },
	};
	struct rpc_caps caps, back;
	uint8_t buf[RPC_CAPS_ENCODED_LEN];
	struct err err;
	size_t i;

	memset(&caps, 0, sizeof(caps));
	caps.chain_id = 1;
	caps.head = 22318133;
	caps.works = RPC_CAP_BLOCK_RECEIPTS | RPC_CAP_TRACE_BLOCK |
	    RPC_CAP_OTS;
	caps.tested = 0x7f;
	caps.ots_level = 8;
	caps.logs_range = 2000;
	caps.probed_at = 1747934208;
	rpc_caps_encode(buf, &caps);
	tap_ok(memcmp(buf, want, sizeof(want)) == 0, "caps encode to the "
	    "known bytes");
	memset(&back, 0xff, sizeof(back));
	TAP_INT(rpc_caps_decode(&back, buf, sizeof(buf), &err), 0,
	    "caps decode");
	tap_ok(back.chain_id == 1 && back.head == 22318133 &&
	    back.works == caps.works && back.tested == 0x7f &&
	    back.ots_level == 8 && back.logs_range == 2000 &&
	    back.probed_at == 1747934208, "caps round-trip");
	TAP_INT(rpc_caps_decode(&back, buf, sizeof(buf) - 1, &err), -1,
	    "short caps rejected");
	TAP_INT(err.code, ERR_STORE, "as a store error");
	buf[0] = 2;
	TAP_INT(rpc_caps_decode(&back, buf, sizeof(buf), &err), -1,
	    "unknown caps version rejected");
	tap_ok(contains(err.msg, "version 2"), "message names the version: "
	    "%s", err.msg);
	TAP_INT(rpc_caps_decode(&back, buf, 0, &err), -1, "empty caps "
	    "rejected");
	for (i = 0; i < sizeof(via) / sizeof(via[0]); i++) {
		caps.works = via[i].works;
		TAP_INT(rpc_caps_receipts_via(&caps), via[i].receipts,
		    "receipts via, works 0x%x", via[i].works);
		TAP_INT(rpc_caps_internal_via(&caps), via[i].internal,
		    "internal transfers via, works 0x%x", via[i].works);
		TAP_STR(rpc_internal_method(rpc_caps_internal_via(&caps)),
		    via[i].method, "method for works 0x%x", via[i].works);
	}
	TAP_STR(rpc_receipts_method(RPC_RECEIPTS_BY_BLOCK),
	    "eth_getBlockReceipts", "receipts method by block");
}

static void
test_create(void)
{
	static const struct {
		const char	*ep[2];
		enum err_code	 code;
		const char	*why;
	} bad[] = {
		{ { "ftp://example.org/", NULL }, ERR_USAGE,
		    "only http and https" },
		{ { "localhost:8545", NULL }, ERR_USAGE, "not a URL" },
		{ { "replay:/nonexistent/scanner-test", NULL }, ERR_INPUT,
		    "cannot open replay directory" },
		{ { "/tmp", "http://127.0.0.1:1/" }, ERR_USAGE,
		    "mix replay directories and URLs" },
	};
	const char *ep;
	struct rpc_opts o;
	struct rpc *r;
	struct err err;
	size_t i, n;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		n = bad[i].ep[1] != NULL ? 2 : 1;
		test_opts(&o, bad[i].ep, n);
		memset(&err, 0, sizeof(err));
		r = rpc_create(&o, &err);
		tap_ok(r == NULL && err.code == bad[i].code &&
		    contains(err.msg, bad[i].why), "bad endpoint '%s': %s",
		    bad[i].ep[0], err.msg);
		rpc_destroy(r);
	}
	/* credentials, paths and keys stay out of labels and file names */
	ep = "https://user:secret@node.example:8545/v3/KEY?x=1";
	test_opts(&o, &ep, 1);
	r = rpc_create(&o, &err);
	TAP_STR(r != NULL ? rpc_endpoint_label(r, 0) : NULL,
	    "https://node.example:8545", "label drops credentials and path");
	TAP_STR(r != NULL ? rpc_endpoint_url(r, 0) : NULL, ep,
	    "the URL is kept as given");
	TAP_INT(r != NULL ? rpc_endpoint_batch(r, 0) : 0, 50,
	    "default batch size");
	if (r != NULL) {
		rpc_endpoint_set_batch(r, 0, 7);
		TAP_INT(rpc_endpoint_batch(r, 0), 7, "batch size restored");
		rpc_endpoint_set_batch(r, 0, 1000);
		TAP_INT(rpc_endpoint_batch(r, 0), 50, "clamped to the option");
	}
	rpc_destroy(r);
	o.batch_size = -1;
	r = rpc_create(&o, &err);
	tap_ok(r == NULL && err.code == ERR_USAGE, "negative option "
	    "rejected");
	n = 0;
	ep = rpc_default_endpoints(&n)[0];
	tap_ok(n >= 2 && strncmp(ep, "https://", 8) == 0,
	    "built-in public endpoints, https (%zu)", n);
}

/* ---- against the fault server ---- */

/* The first parameter the echo method sends back. */
static long long
echo_arg(const json_t *result)
{
	return json_integer_value(json_array_get(json_object_get(result,
	    "params"), 0));
}

static void
test_basic(void)
{
	struct rpc_opts o;
	struct rpc_error rerr;
	struct rpc_stats st;
	struct rpc *r;
	struct err err;
	json_t *res, *want;
	long long conns;
	int i, rc, same;

	srv_mode(&A, "ok", "{\"name\":\"A\"}");
	conns = srv_stat(&A, "connections");
	test_opts(&o, NULL, 0);
	r = client1(A.url, &o);
	if (r == NULL) {
		tap_ok(0, "client");
		return;
	}
	rc = rpc_call(r, "eth_chainId", NULL, &res, NULL, &err);
	TAP_INT(rc, 0, "eth_chainId answered");
	TAP_STR(json_string_value(res), "0x1", "chain id 0x1");
	json_decref(res);
	same = 1;
	for (i = 0; i < 20; i++) {
		rc = rpc_call(r, "test_echo", json_pack("[i,s]", i, "x"), &res,
		    NULL, &err);
		want = json_pack("{s:s,s:[i,s],s:s}", "method", "test_echo",
		    "params", i, "x", "server", "A");
		same &= rc == 0 && json_equal(res, want);
		json_decref(want);
		json_decref(res);
	}
	tap_ok(same, "20 calls, each result the echo of its params");
	TAP_INT(srv_stat(&A, "connections") - conns, 1,
	    "one persistent connection for 21 calls");
	TAP_INT(srv_stat(&A, "requests"), 21, "21 HTTP requests");
	{
		json_t *s;

		rpc_call(A.ctl, "_fault_stats", NULL, &s, NULL, &err);
		TAP_STR(json_string_value(json_object_get(s, "user_agent")),
		    "scanner-test/1", "user agent sent");
		tap_ok(contains(json_string_value(json_object_get(s,
		    "accept_encoding")), "gzip"), "Accept-Encoding offers "
		    "gzip: %s", json_string_value(json_object_get(s,
		    "accept_encoding")));
		json_decref(s);
	}

	/* a non-transient JSON-RPC error: returned as such, no retry */
	srv_mode(&A, "ok", "{}");
	rc = rpc_call(r, "nosuch_method", NULL, &res, &rerr, &err);
	TAP_INT(rc, 1, "method not found is a JSON-RPC error");
	TAP_INT(rerr.code, -32601, "its code");
	TAP_STR(rerr.message, "the method nosuch_method does not exist/is "
	    "not available", "its message");
	tap_ok(res == NULL, "no result");
	rpc_error_release(&rerr);
	TAP_INT(srv_stat(&A, "requests"), 1, "sent once, not retried");
	rc = rpc_call(r, "nosuch_method", json_array(), &res, NULL, &err);
	TAP_INT(rc, -1, "without rerr the JSON-RPC error is a failure");
	tap_ok(err.code == ERR_NET && contains(err.msg, "'nosuch_method'") &&
	    contains(err.msg, "-32601"), "naming method and code: %s",
	    err.msg);

	/* gzip: the body is decompressed and the cap counts its real size */
	srv_mode(&A, "gzip", "{}");
	{
		char big[20001];

		memset(big, 'z', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		rc = rpc_call(r, "test_echo", json_pack("[s]", big), &res,
		    NULL, &err);
		TAP_STR(json_string_value(json_array_get(json_object_get(res,
		    "params"), 0)), big, "gzip-compressed reply decoded");
		json_decref(res);
	}
	rpc_get_stats(r, &st);
	TAP_INT(st.calls, 24, "stats: calls answered");
	TAP_INT(st.retries + st.failovers, 0, "stats: no retries");
	rpc_destroy(r);
}

static int
run_echo_batch(struct rpc *r, int n)
{
	struct rpc_req q[64];
	struct err err;
	int i, ok;

	memset(q, 0, sizeof(q));
	for (i = 0; i < n; i++) {
		q[i].method = "test_echo";
		q[i].params = json_pack("[i]", i);
	}
	ok = rpc_batch(r, q, (size_t)n, &err) == 0;
	for (i = 0; i < n; i++) {
		ok &= q[i].status == RPC_OK && echo_arg(q[i].result) == i;
	}
	rpc_req_release(q, (size_t)n);
	return ok;
}

static void
test_batch(void)
{
	enum { N = 100 };
	struct rpc_req q[N];
	struct rpc_opts o;
	struct rpc *r;
	struct err err;
	long long conns;
	int i, rc, ok;

	srv_mode(&A, "ok", "{}");
	conns = srv_stat(&A, "connections");
	test_opts(&o, NULL, 0);
	o.batch_size = 25;
	o.max_inflight = 4;
	r = client1(A.url, &o);
	memset(q, 0, sizeof(q));
	for (i = 0; i < N; i++) {
		q[i].method = i == 42 ? "nosuch_x" : "test_echo";
		q[i].params = json_pack("[i]", i);
	}
	rc = rpc_batch(r, q, N, &err);
	TAP_INT(rc, 0, "batch of 100 answered");
	ok = 1;
	for (i = 0; i < N; i++) {
		if (i == 42) {
			continue;
		}
		ok &= q[i].status == RPC_OK && echo_arg(q[i].result) == i;
	}
	tap_ok(ok, "every result matches its request");
	TAP_INT(q[42].status, RPC_ERROR, "one request's error stays its own");
	TAP_INT(q[42].error.code, -32601, "with its code");
	TAP_INT(srv_stat(&A, "requests"), 4, "4 HTTP requests");
	TAP_INT(srv_stat(&A, "batches"), 4, "all of them batches");
	TAP_INT(srv_stat(&A, "max_batch"), 25, "of at most 25");
	rpc_req_release(q, N);
	TAP_INT(srv_stat(&A, "connections") - conns, 4, "4 batches in "
	    "flight at once, on 4 connections");
	tap_ok(run_echo_batch(r, 60), "another 60");
	TAP_INT(srv_stat(&A, "connections") - conns, 4, "on the same "
	    "connections");

	/* ids shuffled in the reply: matched by id, not by position */
	srv_mode(&A, "shuffle", "{\"seed\":3}");
	for (i = 0; i < 30; i++) {
		q[i].method = "test_echo";
		q[i].params = json_pack("[i]", i);
	}
	rc = rpc_batch(r, q, 30, &err);
	ok = rc == 0;
	for (i = 0; i < 30; i++) {
		ok &= q[i].status == RPC_OK && echo_arg(q[i].result) == i;
	}
	tap_ok(ok, "shuffled batch replies matched by id");
	TAP_INT(srv_stat(&A, "batches"), 2, "sent as 2 batches");
	rpc_req_release(q, 30);
	rpc_destroy(r);
}

static void
test_batch_refused(void)
{
	static const char *const how[] = { "http400", "object", "geth",
	    "http413" };
	struct rpc_opts o;
	struct rpc *r;
	char opts[64];
	size_t i;

	for (i = 0; i < sizeof(how) / sizeof(how[0]); i++) {
		snprintf(opts, sizeof(opts), "{\"how\":\"%s\"}", how[i]);
		srv_mode(&A, "nobatch", opts);
		test_opts(&o, NULL, 0);
		o.batch_size = 12;
		r = client1(A.url, &o);
		tap_ok(run_echo_batch(r, 12), "batches refused (%s): all 12 "
		    "results arrive", how[i]);
		TAP_INT(rpc_endpoint_batch(r, 0), 1, "working batch size "
		    "down to 1 (%s)", how[i]);
		srv_mode(&A, "nobatch", opts);
		tap_ok(run_echo_batch(r, 12), "again");
		TAP_INT(srv_stat(&A, "batches"), 0, "no batch sent once "
		    "learnt (%s)", how[i]);
		TAP_INT(srv_stat(&A, "requests"), 12, "12 single requests");
		rpc_destroy(r);
	}

	/* a node serving at most 10 per batch */
	srv_mode(&A, "batchcap", "{\"cap\":10,\"how\":\"fewer\"}");
	test_opts(&o, NULL, 0);
	o.batch_size = 50;
	r = client1(A.url, &o);
	tap_ok(run_echo_batch(r, 50), "cap 10, short replies: all 50 "
	    "results arrive");
	TAP_INT(rpc_endpoint_batch(r, 0), 10, "working batch size 10");
	TAP_INT(srv_stat(&A, "requests"), 5, "1 short reply, then 4 batches "
	    "of 10");
	rpc_destroy(r);
	srv_mode(&A, "batchcap", "{\"cap\":10,\"how\":\"geth\"}");
	r = client1(A.url, &o);
	tap_ok(run_echo_batch(r, 50), "cap 10, \"batch too large\": all 50 "
	    "results arrive");
	tap_ok(rpc_endpoint_batch(r, 0) <= 10, "working batch size %d <= 10",
	    rpc_endpoint_batch(r, 0));
	srv_mode(&A, "batchcap", "{\"cap\":10,\"how\":\"geth\"}");
	tap_ok(run_echo_batch(r, 50), "again");
	tap_ok(srv_stat(&A, "max_batch") <= 10, "no batch over 10 once "
	    "learnt");
	rpc_destroy(r);
}

static void
test_rate_limits(void)
{
	struct rpc_opts o;
	struct rpc *r;
	struct err err;
	json_t *res;
	long long t0, el;
	int rc;

	test_opts(&o, NULL, 0);
	o.max_attempts = 4;
	r = client1(A.url, &o);

	srv_mode(&A, "http429", "{\"count\":2,\"retry_after\":1}");
	t0 = now_ms();
	rc = rpc_call(r, "eth_blockNumber", NULL, &res, NULL, &err);
	el = now_ms() - t0;
	TAP_INT(rc, 0, "two 429s with Retry-After: 1, then an answer");
	json_decref(res);
	tap_ok(el >= 2000, "waited the Retry-After twice: %lld ms", el);
	TAP_INT(srv_stat(&A, "requests"), 3, "3 HTTP requests");

	srv_mode(&A, "http429", "{\"count\":1,\"retry_date\":2}");
	t0 = now_ms();
	rc = rpc_call(r, "eth_blockNumber", NULL, &res, NULL, &err);
	el = now_ms() - t0;
	TAP_INT(rc, 0, "429 with an HTTP-date Retry-After, then an answer");
	json_decref(res);
	tap_ok(el >= 1000, "waited until the date: %lld ms", el);
	TAP_INT(srv_stat(&A, "requests"), 2, "2 HTTP requests");

	srv_mode(&A, "http429", "{\"count\":1,\"retry_after\":3600}");
	rpc_destroy(r);
	o.max_wait_ms = 400;
	r = client1(A.url, &o);
	t0 = now_ms();
	rc = rpc_call(r, "eth_blockNumber", NULL, &res, NULL, &err);
	el = now_ms() - t0;
	json_decref(res);
	tap_ok(rc == 0 && el >= 380 && el < 3000, "Retry-After: 3600 capped "
	    "at max_wait 400 ms: %lld ms", el);

	srv_mode(&A, "rpc429", "{\"count\":2}");
	rc = rpc_call(r, "eth_blockNumber", NULL, &res, NULL, &err);
	TAP_INT(rc, 0, "JSON-RPC -32005 rate limit retried, then answered");
	json_decref(res);
	TAP_INT(srv_stat(&A, "requests"), 3, "3 HTTP requests");
	srv_mode(&A, "rpc429", "{\"count\":1,\"code\":-32029}");
	tap_ok(run_echo_batch(r, 8), "a batch rate-limited element-wise "
	    "(-32029) is retried");

	srv_mode(&A, "http503", "{\"count\":1}");
	rc = rpc_call(r, "eth_blockNumber", NULL, &res, NULL, &err);
	TAP_INT(rc, 0, "HTTP 503 retried, then answered");
	json_decref(res);
	TAP_INT(srv_stat(&A, "requests"), 2, "2 HTTP requests");

	srv_mode(&A, "http429", "{\"retry_after\":0}");
	rc = rpc_call(r, "eth_blockNumber", NULL, &res, NULL, &err);
	TAP_INT(rc, -1, "endless 429: fails after the attempts");
	/* the endpoint's label, scheme://host:port, not its URL */
	tap_ok(err.code == ERR_NET && contains(err.msg, "'eth_blockNumber'")
	    && contains(err.msg, A.url) == 0 && contains(err.msg,
	    "http://127.0.0.1:") && contains(err.msg, "HTTP 429"),
	    "message names method, endpoint and reason: %s", err.msg);
	TAP_INT(srv_stat(&A, "requests"), 4, "max_attempts = 4 requests");
	rpc_destroy(r);
}

static void
test_failover(void)
{
	const char *eps[2];
	char down1[64], down2[64];
	struct rpc_opts o;
	struct rpc_stats st;
	struct rpc *r;
	struct err err;
	json_t *res;
	long long t0, el;
	int rc;

	/* a hang: time out twice, then the healthy second endpoint */
	srv_mode(&A, "hang", "{}");
	srv_mode(&B, "ok", "{\"name\":\"B\"}");
	eps[0] = A.url;
	eps[1] = B.url;
	test_opts(&o, eps, 2);
	o.timeout_ms = 300;
	o.max_attempts = 2;
	r = rpc_create(&o, &err);
	t0 = now_ms();
	rc = rpc_call(r, "test_echo", NULL, &res, NULL, &err);
	el = now_ms() - t0;
	TAP_INT(rc, 0, "hanging first endpoint: answered");
	TAP_STR(json_string_value(json_object_get(res, "server")), "B",
	    "by the second endpoint");
	json_decref(res);
	tap_ok(el >= 600 && el < 3000, "after two 300 ms timeouts: %lld ms",
	    el);
	TAP_INT(srv_stat(&A, "requests"), 2, "the hanging one was tried "
	    "twice");
	rpc_get_stats(r, &st);
	TAP_INT(st.failovers, 1, "one failover");
	rpc_destroy(r);

	/* only hanging endpoints: a clear failure */
	srv_mode(&A, "hang", "{}");
	test_opts(&o, eps, 1);
	o.timeout_ms = 200;
	o.max_attempts = 2;
	r = rpc_create(&o, &err);
	rc = rpc_call(r, "eth_blockNumber", NULL, &res, NULL, &err);
	TAP_INT(rc, -1, "hanging only endpoint: failure");
	tap_ok(err.code == ERR_NET && contains(err.msg, "rpc "
	    "'eth_blockNumber' failed on http://127.0.0.1:") &&
	    contains(err.msg, "timed out"), "%s", err.msg);
	rpc_destroy(r);

	/* connection refused, then failover */
	snprintf(down1, sizeof(down1), "http://127.0.0.1:%d/", closed_port());
	snprintf(down2, sizeof(down2), "http://127.0.0.1:%d/", closed_port());
	eps[0] = down1;
	eps[1] = B.url;
	test_opts(&o, eps, 2);
	r = rpc_create(&o, &err);
	rc = rpc_call(r, "test_echo", NULL, &res, NULL, &err);
	TAP_INT(rc, 0, "first endpoint down: answered");
	TAP_STR(json_string_value(json_object_get(res, "server")), "B",
	    "by the next");
	json_decref(res);
	/* the endpoint that failed backs off: the next call starts on B */
	srv_mode(&B, "ok", "{\"name\":\"B\"}");
	tap_ok(run_echo_batch(r, 10), "a batch right after");
	TAP_INT(srv_stat(&B, "requests"), 1, "goes straight to the healthy "
	    "endpoint");
	rpc_destroy(r);
	eps[1] = down2;
	r = rpc_create(&o, &err);
	rc = rpc_call(r, "eth_chainId", NULL, &res, NULL, &err);
	TAP_INT(rc, -1, "both endpoints down: failure");
	tap_ok(err.code == ERR_NET && contains(err.msg, "rpc 'eth_chainId' "
	    "failed on") && contains(err.msg, "Couldn't connect"), "%s",
	    err.msg);
	{
		char l1[64], l2[64];

		snprintf(l1, sizeof(l1), "%.*s", (int)strlen(down1) - 1, down1);
		snprintf(l2, sizeof(l2), "%.*s", (int)strlen(down2) - 1, down2);
		tap_ok(contains(err.msg, l1) && contains(err.msg, l2),
		    "both endpoints named");
	}
	rpc_destroy(r);
}

static void
test_bad_replies(void)
{
	static const struct {
		const char	*mode;
		const char	*opts;
		const char	*why;
	} cases[] = {
		{ "truncated", "{}", "truncated response" },
		{ "cutjson", "{}", "truncated JSON" },
		{ "invalid", "{}", "invalid JSON at byte" },
		{ "envelope", "{\"what\":\"noid\"}", "reply without a numeric "
		    "id" },
		{ "envelope", "{\"what\":\"nojsonrpc\"}", "reply without "
		    "\"jsonrpc\":\"2.0\"" },
		{ "envelope", "{\"what\":\"noresult\"}", "reply with neither "
		    "result nor error" },
		{ "envelope", "{\"what\":\"both\"}", "reply with both result "
		    "and error" },
		{ "envelope", "{\"what\":\"badid\"}", "does not match request "
		    "id" },
		{ "envelope", "{\"what\":\"array\"}", "reply is not a JSON "
		    "object" },
		{ "envelope", "{\"what\":\"string\"}", "reply is not a JSON "
		    "object" },
	};
	struct rpc_opts o;
	struct rpc *r;
	struct err err;
	json_t *res, *want;
	size_t i;
	int rc;
	char opts[96];

	test_opts(&o, NULL, 0);
	o.max_attempts = 4;
	r = client1(A.url, &o);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		srv_mode(&A, cases[i].mode, cases[i].opts);
		memset(&err, 0, sizeof(err));
		rc = rpc_call(r, "eth_blockNumber", NULL, &res, NULL, &err);
		tap_ok(rc == -1 && err.code == ERR_NET &&
		    contains(err.msg, cases[i].why), "%s %s: %s",
		    cases[i].mode, cases[i].opts, err.msg);
		TAP_INT(srv_stat(&A, "requests"), 2, "tried twice, not 4 "
		    "times");
	}
	/* once only: the retry succeeds */
	for (i = 0; i < 2; i++) {
		snprintf(opts, sizeof(opts), "{\"count\":1}");
		srv_mode(&A, cases[i].mode, opts);
		rc = rpc_call(r, "eth_blockNumber", NULL, &res, NULL, &err);
		TAP_INT(rc, 0, "one %s reply, then an answer", cases[i].mode);
		json_decref(res);
	}

	/* wrong shapes inside result are the decoder's business */
	srv_mode(&A, "wrongtypes", "{}");
	rc = rpc_call(r, "eth_getBlockByNumber", json_pack("[s,b]", "0x1", 0),
	    &res, NULL, &err);
	want = json_loads("{\"number\":12,\"hash\":false,\"transactions\":"
	    "\"none\",\"gas\":[1.5]}", 0, NULL);
	tap_ok(rc == 0 && json_equal(res, want), "a result of the wrong "
	    "shape passes through as JSON");
	json_decref(want);
	json_decref(res);

	srv_mode(&A, "big256", "{}");
	rc = rpc_call(r, "eth_getBalance", NULL, &res, NULL, &err);
	TAP_INT(rc, 0, "2^256 in a reply: answered");
	TAP_STR(json_string_value(json_object_get(res, "hex")), "0x1"
	    "0000000000000000000000000000000000000000000000000000000000000000",
	    "2^256 as hex passes through");
	TAP_STR(json_string_value(json_object_get(res, "number")), TWO_256,
	    "2^256 as a bare number passes through as text");
	TAP_STR(json_string_value(json_object_get(res, "negative")),
	    "-" TWO_256, "so does -2^256");
	TAP_INT(json_integer_value(json_object_get(res, "small")), 7,
	    "small numbers stay integers");
	tap_ok(json_is_real(json_object_get(res, "real")), "reals stay reals");
	json_decref(res);
	rpc_destroy(r);
}

static void
test_big_body(void)
{
	static const char *const modes[] = {
		"{\"size\":50000000}",
		"{\"size\":50000000,\"chunked\":1}",
	};
	struct rpc_opts o;
	struct rpc *r;
	struct err err;
	json_t *res;
	long long t0, el;
	size_t i;
	int rc;

	test_opts(&o, NULL, 0);
	o.max_body = 1 << 20;
	r = client1(A.url, &o);
	for (i = 0; i < 2; i++) {
		srv_mode(&A, "bigbody", modes[i]);
		rc = rpc_call(r, "eth_getBlockByNumber", NULL, &res, NULL,
		    &err);
		tap_ok(rc == -1 && err.code == ERR_NET && contains(err.msg,
		    "response larger than the 1048576-byte cap"),
		    "50 MB body over a 1 MiB cap (%s): %s", i ? "chunked" :
		    "Content-Length", err.msg);
		TAP_INT(srv_stat(&A, "requests"), 1, "not retried");
	}
	rpc_destroy(r);
	test_opts(&o, NULL, 0);
	r = client1(A.url, &o);
	srv_mode(&A, "bigbody", modes[0]);
	t0 = now_ms();
	rc = rpc_call(r, "eth_getBlockByNumber", NULL, &res, NULL, &err);
	el = now_ms() - t0;
	TAP_INT(rc, 0, "50 MB body under the default 64 MiB cap");
	/* the body is 50,000,000 bytes, the envelope around 40 of them */
	tap_ok(json_string_length(res) > 49999900 &&
	    json_string_length(res) < 50000000 &&
	    strncmp(json_string_value(res), "0xabab", 6) == 0,
	    "the whole string arrives: %zu bytes", json_string_length(res));
	printf("# 50 MB body received and parsed in %lld ms\n", el);
	tap_ok(el < 20000, "in reasonable time");
	json_decref(res);
	rpc_destroy(r);
}

static void
test_probe(void)
{
	static const struct {
		const char	*opts;
		uint32_t	 works;
		uint64_t	 head;
		uint64_t	 range;
		int		 max_logs_calls;
	} cases[] = {
		/* the limit in the message: tried, then the next span */
		{ "{\"methods\":\"eth_getBlockReceipts,trace_block,"
		    "ots_getApiLevel\",\"logs_range\":2000,"
		    "\"head\":\"0x5000\"}",
		    RPC_CAP_BLOCK_RECEIPTS | RPC_CAP_TRACE_BLOCK | RPC_CAP_OTS,
		    0x5000, 2000, 3 },
		{ "{\"methods\":\"debug_traceBlockByNumber,"
		    "debug_traceTransaction\",\"logs_range\":2000,"
		    "\"logs_style\":\"alchemy\",\"head\":\"0x5000\"}",
		    RPC_CAP_DEBUG_BLOCK | RPC_CAP_DEBUG_TX, 0x5000, 2000, 3 },
		/* no hint: binary search to the exact span */
		{ "{\"logs_range\":3000,\"logs_style\":\"infura\","
		    "\"head\":\"0x1000000\"}", 0x7f, 0x1000000, 3000, 16 },
		{ "{\"methods\":\"\",\"logs_range\":1,\"head\":\"0x20000\"}",
		    0, 0x20000, 1, 16 },
		/* a short chain: the span is capped at head + 1 */
		{ "{\"head\":\"0x3\"}", 0x7f, 3, 4, 1 },
	};
	struct rpc_caps caps;
	struct rpc_opts o;
	struct rpc *r;
	struct err err;
	size_t i;
	int rc;

	test_opts(&o, NULL, 0);
	r = client1(A.url, &o);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		srv_mode(&A, "ok", cases[i].opts);
		rc = rpc_probe(r, 0, &caps, &err);
		TAP_INT(rc, 0, "probe %zu", i);
		TAP_INT(caps.chain_id, 1, "chain id");
		TAP_INT(caps.head, cases[i].head, "head");
		TAP_INT(caps.works, cases[i].works, "methods that work");
		TAP_INT(caps.tested, 0x7f, "all tested");
		TAP_INT(caps.ots_level, cases[i].works & RPC_CAP_OTS ? 8 : 0,
		    "ots level");
		TAP_INT(caps.logs_range, cases[i].range, "eth_getLogs span");
		tap_ok(srv_method_count(&A, "eth_getLogs") <=
		    cases[i].max_logs_calls, "%lld eth_getLogs requests",
		    srv_method_count(&A, "eth_getLogs"));
		tap_ok(caps.probed_at > 1700000000, "probe time set");
	}
	srv_mode(&A, "ok", "{\"chain\":\"0xzz\"}");
	rc = rpc_probe(r, 0, &caps, &err);
	tap_ok(rc == -1 && err.code == ERR_NET && contains(err.msg,
	    "eth_chainId: not a quantity"), "bad chain id: %s", err.msg);
	rpc_destroy(r);
}

static int
call_list(struct rpc *r, json_t **out, struct rpc_error *rerr)
{
	struct rpc_req q[5];
	struct err err;
	int i, rc;

	memset(q, 0, sizeof(q));
	for (i = 0; i < 5; i++) {
		q[i].method = "test_echo";
		q[i].params = json_pack("[i,{s:s,s:b}]", i, "b", "x", "a", 1);
	}
	rc = rpc_batch(r, q, 5, &err);
	out[0] = json_array();
	for (i = 0; i < 5; i++) {
		json_array_append(out[0], q[i].result);
	}
	rpc_req_release(q, 5);
	rc |= rpc_call(r, "eth_chainId", NULL, &out[1], NULL, &err);
	rc |= rpc_call(r, "eth_blockNumber", NULL, &out[2], NULL, &err);
	rc |= rpc_call(r, "eth_blockNumber", NULL, &out[3], NULL, &err);
	rc |= rpc_call(r, "eth_blockNumber", NULL, &out[4], NULL, &err);
	if (rpc_call(r, "nosuch_thing", json_pack("[i]", 5), &out[5], rerr,
	    &err) != 1) {
		rc = -1;
	}
	return rc;
}

/* Replay from ep the calls recorded in rec (see call_list). */
static void
replay_checks(const char *ep, json_t *const *rec, const struct rpc_error *e1)
{
	struct rpc_error e2;
	struct rpc_opts o;
	struct rpc_req q[2];
	struct rpc *r;
	struct err err;
	json_t *rep[6], *res;
	int i, rc, same;

	test_opts(&o, &ep, 1);
	r = rpc_create(&o, &err);
	tap_ok(r != NULL && rpc_endpoint_is_replay(r, 0), "replay from %s",
	    ep);
	if (r == NULL) {
		printf("# %s\n", err.msg);
		return;
	}
	memset(rep, 0, sizeof(rep));
	memset(&e2, 0, sizeof(e2));
	rc = rpc_call(r, "eth_chainId", NULL, &res, NULL, &err);
	json_decref(res);
	rc |= call_list(r, rep, &e2);
	TAP_INT(rc, 0, "replayed calls answered");
	same = 1;
	for (i = 0; i < 5; i++) {
		same &= rec[i] != NULL && json_equal(rec[i], rep[i]);
		json_decref(rep[i]);
	}
	tap_ok(same, "replayed results identical to the recorded ones");
	TAP_STR(json_string_value(rec[4]), "0x100", "recorded head");
	TAP_INT(e2.code, e1->code, "replayed error code");
	TAP_STR(e2.message, e1->message, "replayed error message");
	rpc_error_release(&e2);
	rc = rpc_call(r, "eth_blockNumber", NULL, &res, NULL, &err);
	TAP_STR(json_string_value(res), "0x101", "a later answer to the same "
	    "request comes next");
	json_decref(res);

	/* a miss is an error that shows the request */
	rc = rpc_call(r, "eth_getBalance", json_pack("[s,s]", "0xab",
	    "latest"), &res, NULL, &err);
	TAP_INT(rc, -1, "no recorded answer: failure");
	TAP_INT(err.code, ERR_NET, "a network error");
	TAP_STR(err.msg, "no recorded answer for {\"id\":1,\"jsonrpc\":"
	    "\"2.0\",\"method\":\"eth_getBalance\",\"params\":"
	    "[\"0xab\",\"latest\"]}", "message prints the request");
	memset(q, 0, sizeof(q));
	q[0].method = "eth_chainId";
	q[1].method = "eth_getCode";
	q[1].params = json_pack("[s]", "0x01");
	rc = rpc_batch(r, q, 2, &err);
	TAP_INT(rc, -1, "batch with a miss fails");
	TAP_INT(q[0].status, RPC_OK, "its recorded element answered");
	TAP_STR(json_string_value(q[0].result), "0x1", "as recorded");
	TAP_INT(q[1].status, RPC_FAILED, "the other failed");
	tap_ok(contains(q[1].err.msg, "\"method\":\"eth_getCode\""), "%s",
	    q[1].err.msg);
	rpc_req_release(q, 2);
	rpc_destroy(r);
}

static void
test_record_replay(void)
{
	char dir[] = "/tmp/test_rpc_recXXXXXX";
	char path[512], spec[600], line[512], name[64];
	struct rpc_error e1;
	struct rpc_opts o;
	struct rpc *r;
	struct err err;
	json_t *rec[6], *res;
	FILE *f;
	int i, rc;

	if (mkdtemp(dir) == NULL) {
		tap_ok(0, "mkdtemp");
		return;
	}
	srv_mode(&A, "ok", "{\"head\":\"0x100\"}");
	test_opts(&o, NULL, 0);
	o.record_dir = dir;
	r = client1(A.url, &o);
	rc = rpc_call(r, "eth_chainId", NULL, &res, NULL, &err);
	json_decref(res);
	memset(rec, 0, sizeof(rec));
	/* the head moves between the second and third eth_blockNumber */
	rc |= call_list(r, rec, &e1);
	srv_mode(&A, "ok", "{\"head\":\"0x101\"}");
	rc |= rpc_call(r, "eth_blockNumber", NULL, &res, NULL, &err);
	json_decref(res);
	TAP_INT(rc, 0, "calls recorded");
	rpc_destroy(r);

	snprintf(name, sizeof(name), "127.0.0.1_%d.io", A.port);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	tap_ok(f != NULL, "cassette %s written", name);
	if (f != NULL) {
		tap_ok(fgets(line, sizeof(line), f) != NULL &&
		    strncmp(line, "// recorded by scanner ", 23) == 0,
		    "a provenance line first");
		tap_ok(fgets(line, sizeof(line), f) != NULL, "a request line");
		TAP_STR(line, ">> {\"id\":1,\"jsonrpc\":\"2.0\",\"method\":"
		    "\"eth_chainId\",\"params\":[]}\n", "canonical request");
		tap_ok(fgets(line, sizeof(line), f) != NULL, "a reply line");
		TAP_STR(line, "<< {\"id\":1,\"jsonrpc\":\"2.0\",\"result\":"
		    "\"0x1\"}\n", "canonical reply");
		tap_ok(fgets(line, sizeof(line), f) != NULL, "a request line");
		TAP_STR(line, ">> {\"id\":1,\"jsonrpc\":\"2.0\",\"method\":"
		    "\"test_echo\",\"params\":[0,{\"a\":true,\"b\":\"x\"}]}\n",
		    "batch elements recorded one by one, keys sorted");
		fclose(f);
	}

	/* no server from here on: replay only */
	srv_stop(&A);
	srv_stop(&B);
	snprintf(spec, sizeof(spec), "replay:%s", dir);
	replay_checks(spec, rec, &e1);
	replay_checks(dir, rec, &e1);	/* a plain directory path works too */
	for (i = 0; i < 6; i++) {
		json_decref(rec[i]);
	}
	rpc_error_release(&e1);
	rm_dir(dir);
}

/* Run one test function and print how long it took. */
#define TIMED(fn) do {							\
	long long t_ = now_ms();					\
	fn();								\
	printf("# %s: %lld ms\n", #fn, now_ms() - t_);			\
} while (0)

/*
 * A self-signed certificate for 127.0.0.1 in dir (mkdtemp'd here).
 * Returns: 1 made, 0 not (no openssl).
 */
static int
make_cert(char *dir)
{
	char cmd[512];

	if (mkdtemp(dir) == NULL) {
		return 0;
	}
	snprintf(cmd, sizeof(cmd), "openssl req -x509 -newkey ec -pkeyopt "
	    "ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=127.0.0.1 "
	    "-keyout %s/key.pem -out %s/cert.pem >/dev/null 2>&1", dir, dir);
	return system(cmd) == 0;
}

/* TLS verification is on: a self-signed server is refused, at once. */
static void
test_tls(void)
{
	struct rpc_opts o;
	struct rpc *r;
	struct err err;
	json_t *res;
	int rc;

	test_opts(&o, NULL, 0);
	r = client1(C.url, &o);
	rc = rpc_call(r, "eth_chainId", NULL, &res, NULL, &err);
	TAP_INT(rc, -1, "https with a self-signed certificate: refused");
	tap_ok(err.code == ERR_NET && contains(err.msg, "certificate"),
	    "%s", err.msg);
	rpc_destroy(r);
}

int
main(void)
{
	char tlsdir[] = "/tmp/test_rpc_tlsXXXXXX";
	char cert[64], key[64];
	long long t0;
	int tls;

	t0 = now_ms();
	signal(SIGPIPE, SIG_IGN);
	test_classify();
	test_canon();
	test_cassette_files();
	test_caps();
	test_create();
	tls = make_cert(tlsdir);
	/* all start at once: python's start-up is the slow part */
	if (tls) {
		snprintf(cert, sizeof(cert), "%s/cert.pem", tlsdir);
		snprintf(key, sizeof(key), "%s/key.pem", tlsdir);
		tls = srv_spawn(&C, "--tls", cert, key, "--opt=x=0") == 0;
	}
	if (srv_spawn(&A, "--mode", "ok", "--opt", "name=A") != 0 ||
	    srv_spawn(&B, "--mode", "ok", "--opt", "name=B") != 0 ||
	    srv_wait(&A, "http") != 0 || srv_wait(&B, "http") != 0) {
		tap_ok(0, "start tests/faultserver.py (python3 on PATH or "
		    "SCANNER_PYTHON)");
		srv_stop(&A);
		srv_stop(&B);
		return tap_done();
	}
	TIMED(test_basic);
	TIMED(test_batch);
	TIMED(test_batch_refused);
	TIMED(test_rate_limits);
	TIMED(test_failover);
	TIMED(test_bad_replies);
	TIMED(test_big_body);
	TIMED(test_probe);
	if (tls && srv_wait(&C, "https") == 0) {
		TIMED(test_tls);
	} else {
		tap_ok(1, "TLS verification # SKIP no openssl to make a "
		    "certificate");
	}
	srv_stop(&C);
	rm_dir(tlsdir);
	TIMED(test_record_replay);	/* stops the servers */
	srv_stop(&A);
	srv_stop(&B);
	printf("# test_rpc ran in %lld ms\n", now_ms() - t0);
	return tap_done();
}
