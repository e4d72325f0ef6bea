/*
 * test_lookup.c - the address-indexed look-ups of scanner/fetch/lookup.c
 * (fetch_lookup, fetch_log_payouts) against tests/faultserver.py in its
 * "index" mode: a node whose trace_filter and eth_getLogs answer from
 * tables this test gives it, and misbehave on demand. The server runs on
 * 127.0.0.1; nothing here leaves the loopback interface.
 */
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fetcher.h"
#include "hex.h"
#include "rpc.h"
#include "store.h"
#include "tap.h"

/*
 * Event topics, as Etherscan shows them on the WETH9 contract
 * (0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2) and the Tornado Cash
 * 1 ETH pool (0x47CE0C6eD5B0Ce3d3A51fdb1C52DC66a7c3c2936):
 * keccak256 of the event signature.
 */
#define TRANSFER \
	"0xddf252ad1be2c89b69c2b068fc378daa" \
	"952ba7f163c4a11628f55a4df523b3ef"
#define DEPOSIT \
	"0xe1fffcc4923d04b559f4d29a8bfc6cda" \
	"04eb5b0d3c460751c2402c5c5cc9109c"
#define WITHDRAWAL \
	"0x7fcf532c15f0a6db0bd6d0e038bea71d" \
	"30d808c7d98cb3bf7268a95bf5081b65"
/* Withdrawal(address to, bytes32 nullifierHash, address indexed relayer,
   uint256 fee) of the Tornado Cash pools */
#define TC_WITHDRAWAL \
	"0xe9e508bad6d4c3227e881ca19068f099" \
	"da81b5164dd6d62b2eaf1e8bc6c34931"
/* Approval(address,address,uint256): not one the look-ups ask for */
#define APPROVAL \
	"0x8c5be1e5ebec7d5bd14f71427d1e84f3" \
	"dd0314c0f7b2291e5b200ac8c7c9b925"

/* The addresses of the tables: 0x1111…11 and so on. */
#define ADDR(c) "0x" c c c c c c c c c c c c c c c c c c c c
#define TOPIC(c) "0x000000000000000000000000" c c c c c c c c c c c c c c \
	c c c c c c
#define A_ ADDR("11")
#define B_ ADDR("22")
#define C_ ADDR("33")
#define D_ ADDR("44")
#define E_ ADDR("55")
#define P1_ ADDR("a1")
#define P2_ ADDR("a2")
#define P3_ ADDR("a3")
#define R1_ ADDR("b1")
#define R2_ ADDR("b2")
/* a first data word: recipient left-padded, then a second word */
#define WORD(c) "0x000000000000000000000000" c c c c c c c c c c c c c c \
	c c c c c c "0000000000000000000000000000000000000000000000000000" \
	"00000000000a"

struct srv {
	pid_t		 pid;
	int		 in;		/* its stdin: closing it stops it */
	char		 url[64];
	struct rpc	*ctl;		/* control client */
};

/* A fetcher on the server, with its store in a temporary directory. */
struct node {
	char		 dir[64];
	struct store	*st;
	struct rpc	*rpc;
	struct fetcher	*f;
};

static struct srv S;

static struct eth_addr
addr(const char *text)
{
	struct eth_addr a;

	memset(&a, 0, sizeof(a));
	if (hex_decode(a.b, 20, text + 2, 40) == -1) {
		printf("# bad address %s\n", text);
	}
	return a;
}

static int
contains(const char *s, const char *sub)
{
	return s != NULL && strstr(s, sub) != NULL;
}

/* Start tests/faultserver.py in mode index and make its control client. */
static int
srv_start(struct srv *s)
{
	char script[512], line[64];
	const char *py, *src;
	struct pollfd pfd;
	struct rpc_opts o;
	struct err err;
	const char *ep;
	int out[2], in[2], port;
	size_t got;
	ssize_t n;

	memset(s, 0, sizeof(*s));
	src = getenv("SCANNER_SRC");
	snprintf(script, sizeof(script), "%s/tests/faultserver.py",
	    src != NULL ? src : ".");
	py = getenv("SCANNER_PYTHON");
	if (py == NULL) {
		py = "python3";
	}
	if (pipe(out) != 0 || pipe(in) != 0) {
		return -1;
	}
	s->pid = fork();
	if (s->pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[1]);
		close(out[0]);
		execlp(py, py, script, "--lifetime", "120", "--mode", "index",
		    (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	s->in = in[1];
	got = 0;
	pfd.fd = out[0];
	pfd.events = POLLIN;
	while (got + 1 < sizeof(line) && (got == 0 || line[got - 1] != '\n')) {
		if (poll(&pfd, 1, 20000) <= 0) {
			break;
		}
		n = read(out[0], line + got, sizeof(line) - 1 - got);
		if (n <= 0) {
			break;
		}
		got += (size_t)n;
	}
	close(out[0]);
	line[got] = '\0';
	if (s->pid < 0 || sscanf(line, "PORT %d", &port) != 1) {
		return -1;
	}
	snprintf(s->url, sizeof(s->url), "http://127.0.0.1:%d/", port);
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
		waitpid(s->pid, NULL, 0);
		s->pid = 0;
	}
	rpc_destroy(s->ctl);
	s->ctl = NULL;
}

/* Switch the server to mode with opts (JSON text); resets its counters. */
static void
srv_mode(const char *mode, const char *opts)
{
	json_t *res, *o;
	json_error_t je;
	struct err err;

	o = json_loads(opts, 0, &je);
	if (o == NULL) {
		printf("# bad opts (%s): %s\n", je.text, opts);
		o = json_object();
	}
	if (rpc_call(S.ctl, "_fault_mode", json_pack("[s,o]", mode, o), &res,
	    NULL, &err) != 0) {
		printf("# cannot set mode %s: %s\n", mode, err.msg);
		return;
	}
	json_decref(res);
}

/* A counter of the server ("requests", "calls", or a method's). */
static long long
srv_stat(const char *key)
{
	json_t *res, *v;
	struct err err;
	long long n;

	if (rpc_call(S.ctl, "_fault_stats", NULL, &res, NULL, &err) != 0) {
		return -1;
	}
	v = json_object_get(res, key);
	if (v == NULL) {
		v = json_object_get(json_object_get(res, "methods"), key);
	}
	n = json_integer_value(v);
	json_decref(res);
	return n;
}

static void
rm_tree(const char *dir)
{
	struct dirent *de;
	char path[512];
	DIR *d;

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

/*
 * A fetcher on S after the server is set to opts: its probe (run now,
 * with a fresh store) sees what opts say. 0 or -1.
 */
static int
node_open_traces(struct node *nd, const char *opts, int no_traces);

static int
node_open(struct node *nd, const char *opts)
{
	return node_open_traces(nd, opts, 0);
}

static int
node_open_traces(struct node *nd, const char *opts, int no_traces)
{
	struct fetch_opts fo;
	struct rpc_opts o;
	struct err err;
	const char *ep = S.url;

	memset(nd, 0, sizeof(*nd));
	snprintf(nd->dir, sizeof(nd->dir), "/tmp/test_lookupXXXXXX");
	if (mkdtemp(nd->dir) == NULL) {
		printf("# mkdtemp: %s\n", strerror(errno));
		return -1;
	}
	srv_mode("index", opts);
	memset(&o, 0, sizeof(o));
	o.endpoints = &ep;
	o.n_endpoints = 1;
	o.connect_timeout_ms = 1000;
	o.timeout_ms = 5000;
	o.max_attempts = 2;
	o.backoff_ms = 20;
	o.max_wait_ms = 500;
	nd->rpc = rpc_create(&o, &err);
	if (nd->rpc == NULL ||
	    store_open(&nd->st, nd->dir, 0, &err) == -1) {
		printf("# %s\n", err.msg);
		return -1;
	}
	memset(&fo, 0, sizeof(fo));
	fo.rpc = nd->rpc;
	fo.st = nd->st;
	fo.threads = 1;
	fo.no_traces = no_traces;
	if (fetch_create(&nd->f, &fo, &err) == -1) {
		printf("# fetch_create: %s\n", err.msg);
		return -1;
	}
	return 0;
}

static void
node_close(struct node *nd)
{
	fetch_destroy(nd->f);
	store_close(nd->st);
	rpc_destroy(nd->rpc);
	rm_tree(nd->dir);
	memset(nd, 0, sizeof(*nd));
}

/* The blocks of l as text: "100,103,105", "" for none, "hub". */
static void
blocks_text(char *out, size_t cap, const struct fetch_lookup *l)
{
	size_t i, len = 0;

	out[0] = '\0';
	if (l->hub) {
		snprintf(out, cap, "hub");
		return;
	}
	for (i = 0; i < l->nblocks && len < cap; i++) {
		len += (size_t)snprintf(out + len, cap - len, "%s%llu",
		    i > 0 ? "," : "", (unsigned long long)l->blocks[i]);
	}
}

/* ---- known answers: what a node without the methods gets ---- */

static void
test_via(void)
{
	static const struct {
		const char		*opts;
		enum fetch_lookup_via	 via;
	} cases[] = {
		{ "{\"head\":\"0x100000\"}", FETCH_LOOKUP_TRACE_FILTER },
		{ "{\"head\":\"0x100000\",\"methods\":\"trace_block\"}",
		    FETCH_LOOKUP_NONE },
		/* eth_getLogs refused as unsupported: span 0 */
		{ "{\"head\":\"0x100000\",\"no_logs\":1}",
		    FETCH_LOOKUP_NONE },
	};
	struct eth_addr a = addr(A_);
	struct fetch_lookup l;
	static struct fetch_payout dummy;
	struct fetch_payout *p;
	struct node nd;
	struct err err;
	uint8_t t0[32];
	size_t i, np, cap = SIZE_MAX;
	int rc;

	TAP_STR(fetch_lookup_methods(FETCH_LOOKUP_TRACE_FILTER),
	    "trace_filter, eth_getLogs", "methods named in the report");
	tap_ok(fetch_lookup_methods(FETCH_LOOKUP_NONE) == NULL,
	    "no methods for NONE");
	memset(t0, 0, sizeof(t0));
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (node_open(&nd, cases[i].opts) == -1) {
			tap_ok(0, "fetcher %zu", i);
			node_close(&nd);
			continue;
		}
		TAP_INT(fetch_lookup_via(nd.f), cases[i].via, "probe %s: via",
		    cases[i].opts);
		if (cases[i].via != FETCH_LOOKUP_NONE) {
			node_close(&nd);
			continue;
		}
		srv_mode("index", "{\"traces\":[[\"from\",\"" A_ "\",5,0]]}");
		memset(&l, 0xff, sizeof(l));
		rc = fetch_lookup(nd.f, &a, &cap, 1, 1, 10, &l, &err);
		tap_ok(rc == -1 && err.code == ERR_USAGE && l.blocks == NULL &&
		    l.nblocks == 0, "fetch_lookup without trace_filter: %s",
		    err.msg);
		p = &dummy;
		np = 7;
		rc = fetch_log_payouts(nd.f, &a, 1, t0, 1, 10, &p, &np, &err);
		tap_ok(rc == 0 && p == NULL && np == 0,
		    "fetch_log_payouts without trace_filter: none");
		TAP_INT(srv_stat("calls"), 0, "and nothing asked");
		node_close(&nd);
	}
}

/* ---- which frames count: what the cache's index would record ---- */

/*
 * A's own transactions always count; its inner frames only when they
 * moved value and did not fail (CALL, CREATE, SELFDESTRUCT), or created
 * it; and only when call traces are fetched at all (scanner/store/
 * cacheidx.c indexes nothing else, so a hub is one by the same count).
 */
#define FRAMES_TABLE \
	"{\"traces\":[" \
	"[\"from\",\"" A_ "\",100,0]," \
	"[\"from\",\"" A_ "\",101,0,{\"traceAddress\":[0]}]," \
	"[\"from\",\"" A_ "\",102,0,{\"traceAddress\":[0]," \
	"\"action\":{\"value\":\"0x1\"}}]," \
	"[\"from\",\"" A_ "\",103,0,{\"traceAddress\":[1]," \
	"\"action\":{\"value\":\"0x5\"},\"error\":\"Reverted\"}]," \
	"[\"from\",\"" A_ "\",104,0,{\"traceAddress\":[0]," \
	"\"action\":{\"value\":\"0x5\",\"callType\":\"staticcall\"}}]," \
	"[\"to\",\"" A_ "\",105,0,{\"traceAddress\":[0]," \
	"\"type\":\"create\"}]," \
	"[\"from\",\"" A_ "\",106,0,{\"traceAddress\":[0]," \
	"\"type\":\"create\"}]," \
	"[\"from\",\"" A_ "\",107,0,{\"traceAddress\":[0,1]," \
	"\"type\":\"suicide\",\"action\":{\"balance\":\"0x10\"}}]," \
	"[\"from\",\"" A_ "\",108,0,{\"traceAddress\":[0]," \
	"\"type\":\"suicide\",\"action\":{\"balance\":\"0x0\"}}]]}"

static void
test_frames(struct node *nd, int no_traces)
{
	struct eth_addr a = addr(A_);
	struct fetch_lookup l;
	struct err err;
	size_t cap = SIZE_MAX;
	char got[256];
	int rc;

	srv_mode("index", FRAMES_TABLE);
	rc = fetch_lookup(nd->f, &a, &cap, 1, 100, 200, &l, &err);
	TAP_INT(rc, 0, "frames%s: %s", no_traces ? ", no traces" : "",
	    rc == 0 ? "" : err.msg);
	blocks_text(got, sizeof(got), &l);
	TAP_STR(got, no_traces ? "100" : "100,102,105,107",
	    "frames%s: the transaction's own, value moved, created",
	    no_traces ? " (no traces: own only)" : "");
	TAP_INT(l.txs, no_traces ? 1 : 4, "frames: distinct transactions");
	fetch_lookup_release(&l, 1);
	/* a cap of 1: only the frames that count make a hub */
	cap = 1;
	rc = fetch_lookup(nd->f, &a, &cap, 1, 100, 200, &l, &err);
	TAP_INT(rc, 0, "frames, cap 1");
	TAP_INT(l.hub, !no_traces, "frames, cap 1: %s", no_traces ?
	    "not a hub by frames the cache would not index" : "a hub");
	fetch_lookup_release(&l, 1);
}

/* ---- blocks merged across the four queries ---- */

/*
 * The index of A over [100, 200]: calls from and to it (one transaction
 * both ways, a reward, a trace outside the window the node should not
 * have sent), Transfer from and to it, a WETH Deposit and Withdrawal, a
 * removed log, and logs that must not match (the address as topic 3,
 * an Approval, the address as emitter).
 */
#define MERGE_TABLE \
	"\"traces\":[" \
	"[\"from\",\"" A_ "\",105,2],[\"from\",\"" A_ "\",100,0]," \
	"[\"to\",\"" A_ "\",103,1],[\"to\",\"" A_ "\",105,2]," \
	"[\"to\",\"" A_ "\",104,null],[\"to\",\"" A_ "\",50,0]," \
	"[\"to\",\"" A_ "\",201,0]," \
	"[\"from\",\"" B_ "\",150,0],[\"to\",\"" C_ "\",180,4]]," \
	"\"logs\":[" \
	"[\"" D_ "\",[\"" TRANSFER "\",\"" TOPIC("11") "\",\"" \
	TOPIC("22") "\"],110,3]," \
	"[\"" D_ "\",[\"" DEPOSIT "\",\"" TOPIC("11") "\"],103,1]," \
	"[\"" D_ "\",[\"" WITHDRAWAL "\",\"" TOPIC("11") "\"],120,0]," \
	"[\"" D_ "\",[\"" TRANSFER "\",\"" TOPIC("33") "\",\"" \
	TOPIC("11") "\"],130,5]," \
	"[\"" D_ "\",[\"" TRANSFER "\",\"" TOPIC("11") "\",\"" \
	TOPIC("33") "\"],140,0,\"0x\",true]," \
	"[\"" D_ "\",[\"" TRANSFER "\",\"" TOPIC("44") "\",\"" \
	TOPIC("55") "\",\"" TOPIC("11") "\"],150,1]," \
	"[\"" D_ "\",[\"" APPROVAL "\",\"" TOPIC("11") "\",\"" \
	TOPIC("33") "\"],160,0]," \
	"[\"" A_ "\",[\"" TRANSFER "\",\"" TOPIC("44") "\",\"" \
	TOPIC("55") "\"],170,0]]"

static void
test_merge(struct node *nd)
{
	static const struct {
		const char	*opts;
		size_t		 cap;
		const char	*want[3];	/* A, B, C */
		size_t		 txs[3];
	} cases[] = {
		{ "{" MERGE_TABLE "}", SIZE_MAX,
		    { "100,103,105,110,120,130", "110,150", "130,180" },
		    { 6, 2, 2 } },
		/* a cap above the count changes nothing */
		{ "{" MERGE_TABLE "}", 6,
		    { "100,103,105,110,120,130", "110,150", "130,180" },
		    { 6, 2, 2 } },
		/* items outside the asked blocks are dropped */
		{ "{" MERGE_TABLE ",\"range_any\":1}", SIZE_MAX,
		    { "100,103,105,110,120,130", "110,150", "130,180" },
		    { 6, 2, 2 } },
		/* a reward as "transactionPosition": null (OpenEthereum,
		   Nethermind) is skipped as the absent one (Erigon) */
		{ "{" MERGE_TABLE ",\"reward_null\":1}", SIZE_MAX,
		    { "100,103,105,110,120,130", "110,150", "130,180" },
		    { 6, 2, 2 } },
		{ "{}", SIZE_MAX, { "", "", "" }, { 0, 0, 0 } },
	};
	struct eth_addr a[3];
	struct fetch_lookup l[3];
	struct err err;
	size_t caps[3], i, k;
	char got[512];
	int rc;

	a[0] = addr(A_);
	a[1] = addr(B_);
	a[2] = addr(C_);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		srv_mode("index", cases[i].opts);
		caps[0] = caps[1] = caps[2] = cases[i].cap;
		rc = fetch_lookup(nd->f, a, caps, 3, 100, 200, l, &err);
		TAP_INT(rc, 0, "merge case %zu: %s", i, rc == 0 ? "" :
		    err.msg);
		for (k = 0; k < 3; k++) {
			blocks_text(got, sizeof(got), &l[k]);
			TAP_STR(got, cases[i].want[k], "case %zu address %zu: "
			    "blocks", i, k);
			TAP_INT(l[k].txs, cases[i].txs[k], "case %zu address "
			    "%zu: distinct transactions", i, k);
			tap_ok((l[k].blocks == NULL) == (l[k].nblocks == 0),
			    "blocks NULL exactly when none");
		}
		/* 3 addresses x 4 queries, one JSON-RPC batch */
		TAP_INT(srv_stat("requests"), 1, "one HTTP request");
		TAP_INT(srv_stat("trace_filter"), 6, "6 trace_filter");
		TAP_INT(srv_stat("eth_getLogs"), 6, "6 eth_getLogs");
		fetch_lookup_release(l, 3);
		tap_ok(l[0].blocks == NULL && l[0].nblocks == 0,
		    "release zeroes");
	}
	fetch_lookup_release(NULL, 3);
}

/* ---- paging and hubs ---- */

static void
test_paging(struct node *nd)
{
	static const struct {
		int		 n;		/* traces from D, 4 a block */
		size_t		 cap;
		int		 hub;
		size_t		 txs;
		size_t		 nblocks;
		long long	 trace_filter;	/* requests */
		long long	 http;
	} cases[] = {
		{ 499, SIZE_MAX, 0, 499, 125, 2, 1 },
		/* a full page: one more, empty, to know it was the last */
		{ 500, SIZE_MAX, 0, 500, 125, 3, 2 },
		{ 501, SIZE_MAX, 0, 501, 126, 3, 2 },
		{ 1000, SIZE_MAX, 0, 1000, 250, 4, 3 },
		{ 1234, SIZE_MAX, 0, 1234, 309, 4, 3 },
		/* a hub: asking stops at the answer past its cap */
		{ 1234, 10, 1, 500, 0, 2, 1 },
		{ 1234, 499, 1, 500, 0, 2, 1 },
		{ 1234, 500, 1, 1000, 0, 3, 2 },
		{ 1234, 1233, 1, 1234, 0, 4, 3 },
		{ 1234, 1234, 0, 1234, 309, 4, 3 },
		{ 0, 0, 0, 0, 0, 2, 1 },
	};
	struct eth_addr d = addr(D_);
	struct fetch_lookup l;
	struct err err;
	char opts[256];
	size_t i;
	int rc;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(opts, sizeof(opts), "{\"trace_gen\":[[\"from\",\""
		    D_ "\",1000,%d,4]]}", cases[i].n);
		srv_mode("index", opts);
		rc = fetch_lookup(nd->f, &d, &cases[i].cap, 1, 1000, 2000, &l,
		    &err);
		TAP_INT(rc, 0, "%d traces, cap %zd: %s", cases[i].n,
		    (ssize_t)cases[i].cap, rc == 0 ? "ok" : err.msg);
		TAP_INT(l.hub, cases[i].hub, "hub");
		TAP_INT(l.txs, cases[i].txs, "distinct transactions");
		TAP_INT(l.nblocks, cases[i].nblocks, "blocks");
		tap_ok(l.nblocks == 0 || (l.blocks[0] == 1000 &&
		    l.blocks[l.nblocks - 1] == 1000 + l.nblocks - 1),
		    "blocks 1000 on, rising");
		TAP_INT(srv_stat("trace_filter"), cases[i].trace_filter,
		    "trace_filter requests");
		TAP_INT(srv_stat("requests"), cases[i].http, "HTTP requests");
		fetch_lookup_release(&l, 1);
	}
}

static void
test_hubs(struct node *nd)
{
	/* D: 600 transactions; A: one, seen from both sides and as a
	   Transfer sender; E: 30 Transfers received, 3 a block */
	static const char opts[] = "{\"trace_gen\":[[\"from\",\"" D_
	    "\",1000,600,4]],\"traces\":[[\"from\",\"" A_ "\",1500,7],"
	    "[\"to\",\"" A_ "\",1500,7]],\"logs\":[[\"" B_ "\",[\"" TRANSFER
	    "\",\"" TOPIC("11") "\"],1500,7]],\"log_gen\":[[\"" B_ "\",[\""
	    TRANSFER "\",\"" TOPIC("44") "\",\"" TOPIC("55") "\"],1100,30,3]]"
	    "}";
	static const struct {
		size_t		 caps[3];	/* D, A, E */
		const char	*want[3];
		size_t		 txs[3];
	} cases[] = {
		{ { SIZE_MAX, SIZE_MAX, SIZE_MAX }, { "*150", "1500",
		    "*10" }, { 600, 1, 30 } },
		/* the same transaction three ways is one */
		{ { 10, 1, 30 }, { "hub", "1500", "*10" }, { 500, 1, 30 } },
		/* a hub by its logs */
		{ { 600, 0, 29 }, { "*150", "hub", "hub" }, { 600, 1, 30 } },
	};
	struct eth_addr a[3];
	struct fetch_lookup l[3];
	struct err err;
	char got[4096];
	size_t i, k;
	int rc;

	a[0] = addr(D_);
	a[1] = addr(A_);
	a[2] = addr(E_);
	srv_mode("index", opts);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rc = fetch_lookup(nd->f, a, cases[i].caps, 3, 1000, 2000, l,
		    &err);
		TAP_INT(rc, 0, "hub case %zu", i);
		for (k = 0; k < 3; k++) {
			blocks_text(got, sizeof(got), &l[k]);
			if (cases[i].want[k][0] == '*') {
				TAP_INT(l[k].nblocks,
				    atoi(cases[i].want[k] + 1), "case %zu "
				    "address %zu: blocks", i, k);
			} else {
				TAP_STR(got, cases[i].want[k], "case %zu "
				    "address %zu: blocks", i, k);
			}
			TAP_INT(l[k].txs, cases[i].txs[k], "case %zu address "
			    "%zu: transactions", i, k);
			tap_ok(!l[k].hub || l[k].blocks == NULL, "a hub lists "
			    "no blocks");
		}
		fetch_lookup_release(l, 3);
	}
}

/* ---- refused spans ---- */

/* E receives Transfers: one in each of blocks 1-60, two in each of
   4000-4029, seven in block 2500 (the most one block has); deposits in
   block 10, sends in block 4990, is called in blocks 3000-3049. */
#define SPLIT_TABLE \
	"\"log_gen\":[[\"" B_ "\",[\"" TRANSFER "\",\"" TOPIC("44") \
	"\",\"" TOPIC("55") "\"],1,60,1],[\"" B_ "\",[\"" TRANSFER \
	"\",\"" TOPIC("44") "\",\"" TOPIC("55") "\"],4000,60,2]," \
	"[\"" B_ "\",[\"" TRANSFER "\",\"" TOPIC("44") "\",\"" TOPIC("55") \
	"\"],2500,7,7]]," \
	"\"logs\":[[\"" B_ "\",[\"" DEPOSIT "\",\"" TOPIC("55") "\"],10,5]," \
	"[\"" B_ "\",[\"" TRANSFER "\",\"" TOPIC("55") "\",\"" TOPIC("44") \
	"\"],4990,0]]," \
	"\"trace_gen\":[[\"to\",\"" E_ "\",3000,50,1]]"

static void
test_split(struct node *nd)
{
	static const struct {
		const char	*opts;
		int		 splits;	/* more requests than 4 */
	} cases[] = {
		{ "{" SPLIT_TABLE "}", 0 },
		/* Infura's result-count limit */
		{ "{" SPLIT_TABLE ",\"max_results\":10}", 1 },
		{ "{" SPLIT_TABLE ",\"max_results\":7}", 1 },
		/* a node whose span shrank since the probe */
		{ "{" SPLIT_TABLE ",\"logs_range\":300}", 1 },
		{ "{" SPLIT_TABLE ",\"logs_range\":1000,"
		    "\"logs_style\":\"alchemy\"}", 1 },
		/* trace_filter refused too */
		{ "{" SPLIT_TABLE ",\"trace_range\":700}", 1 },
	};
	struct eth_addr e = addr(E_);
	struct fetch_lookup l;
	struct err err;
	char want[1024], got[1024];
	size_t cap = SIZE_MAX, wtx = 0, i;
	int rc;

	want[0] = '\0';
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		srv_mode("index", cases[i].opts);
		rc = fetch_lookup(nd->f, &e, &cap, 1, 1, 5000, &l, &err);
		TAP_INT(rc, 0, "split case %zu: %s", i, rc == 0 ? "ok" :
		    err.msg);
		blocks_text(got, sizeof(got), &l);
		if (i == 0) {
			snprintf(want, sizeof(want), "%s", got);
			wtx = l.txs;
			/* 60 + 30 + 1 + 1 (4990) + 50 blocks */
			TAP_INT(l.nblocks, 142, "unlimited node: blocks");
			TAP_INT(l.txs, 60 + 60 + 7 + 2 + 50,
			    "unlimited node: transactions");
		} else {
			TAP_STR(got, want, "the same blocks as an unlimited "
			    "node");
			TAP_INT(l.txs, wtx, "and the same transactions");
		}
		if (cases[i].splits) {
			tap_ok(srv_stat("calls") > 4, "%lld requests: split",
			    srv_stat("calls"));
		} else {
			TAP_INT(srv_stat("calls"), 4, "4 requests");
		}
		fetch_lookup_release(&l, 1);
	}
}

/* ---- failures ---- */

static void
test_failures(struct node *nd)
{
	static const struct {
		const char	*opts;
		const char	*msg;
	} cases[] = {
		{ "{" SPLIT_TABLE ",\"bad\":{\"eth_getLogs\":\"error\"}}",
		    "eth_getLogs: the node answered error -32000: internal "
		    "error" },
		{ "{" SPLIT_TABLE ",\"bad\":{\"trace_filter\":\"error\"}}",
		    "trace_filter: the node answered error -32000: internal "
		    "error" },
		/* one block over the result-count limit cannot be split */
		{ "{" SPLIT_TABLE ",\"max_results\":6}", "eth_getLogs: the "
		    "node answered error -32005: query returned more" },
		{ "{" SPLIT_TABLE ",\"bad\":{\"trace_filter\":\"notlist\"}}",
		    "trace_filter: the node's answer is not a list of traces" },
		{ "{" SPLIT_TABLE ",\"bad\":{\"trace_filter\":\"notobject\"}}",
		    "trace_filter: the node's answer is not a list of traces" },
		{ "{" SPLIT_TABLE ",\"bad\":{\"trace_filter\":\"noblock\"}}",
		    "trace_filter: the node's answer is not a list of traces" },
		{ "{" SPLIT_TABLE ",\"bad\":{\"trace_filter\":\"badpos\"}}",
		    "trace_filter: the node's answer is not a list of traces" },
		{ "{" SPLIT_TABLE ",\"bad\":{\"eth_getLogs\":\"notlist\"}}",
		    "eth_getLogs: the node's answer is not a list of logs" },
		{ "{" SPLIT_TABLE ",\"bad\":{\"eth_getLogs\":\"notobject\"}}",
		    "eth_getLogs: the node's answer is not a list of logs" },
		{ "{" SPLIT_TABLE ",\"bad\":{\"eth_getLogs\":\"noblock\"}}",
		    "eth_getLogs: the node's answer is not a list of logs" },
		{ "{" SPLIT_TABLE ",\"bad\":{\"eth_getLogs\":\"badpos\"}}",
		    "eth_getLogs: the node's answer is not a list of logs" },
	};
	struct eth_addr a[2];
	struct fetch_lookup l[2];
	struct err err;
	size_t caps[2] = { SIZE_MAX, SIZE_MAX }, i;
	int rc;

	a[0] = addr(A_);
	a[1] = addr(E_);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		srv_mode("index", cases[i].opts);
		memset(&err, 0, sizeof(err));
		rc = fetch_lookup(nd->f, a, caps, 2, 1, 5000, l, &err);
		tap_ok(rc == -1 && err.code == ERR_NET && contains(err.msg,
		    cases[i].msg), "failure %zu: %s", i, err.msg);
		tap_ok(l[0].blocks == NULL && l[1].blocks == NULL &&
		    l[1].nblocks == 0, "nothing listed");
	}
	rc = fetch_lookup(nd->f, a, caps, 2, 10, 9, l, &err);
	tap_ok(rc == -1 && err.code == ERR_USAGE, "empty range: %s", err.msg);
}

/* ---- payouts ---- */

#define PAYOUT_TABLE \
	"\"logs\":[" \
	"[\"" P2_ "\",[\"" TC_WITHDRAWAL "\",\"" TOPIC("c1") "\"],210,0," \
	"\"" WORD("b2") "\"]," \
	"[\"" P1_ "\",[\"" TC_WITHDRAWAL "\",\"" TOPIC("c1") "\"],200,1," \
	"\"" WORD("b1") "\"]," \
	"[\"" P1_ "\",[\"" TC_WITHDRAWAL "\"],205,0,\"" WORD("b3") \
	"\",true]," \
	"[\"" P3_ "\",[\"" TC_WITHDRAWAL "\"],207,0,\"" WORD("b3") "\"]," \
	"[\"" P1_ "\",[\"" TRANSFER "\"],208,0,\"" WORD("b3") "\"]," \
	"[\"" P1_ "\",[\"" TC_WITHDRAWAL "\"],209,2,\"0x0000\"]," \
	"[\"" P1_ "\",[\"" TC_WITHDRAWAL "\"],4000,3,\"" WORD("b1") "\"]]"

static void
test_payouts(struct node *nd)
{
	static const struct {
		const char	*opts;
		int		 rc;
		const char	*want;	/* "block/tx/to-byte" each, or the
					   error */
	} cases[] = {
		{ "{" PAYOUT_TABLE "}", 0, "200/1/b1 210/0/b2 4000/3/b1" },
		{ "{" PAYOUT_TABLE ",\"range_any\":1}", 0,
		    "200/1/b1 210/0/b2 4000/3/b1" },
		{ "{" PAYOUT_TABLE ",\"max_results\":1}", 0,
		    "200/1/b1 210/0/b2 4000/3/b1" },
		{ "{" PAYOUT_TABLE ",\"logs_range\":100}", 0,
		    "200/1/b1 210/0/b2 4000/3/b1" },
		{ "{\"logs\":[[\"" P1_ "\",[\"" TC_WITHDRAWAL "\"],200,1,\""
		    WORD("b1") "\"],[\"" P1_ "\",[\"" TC_WITHDRAWAL "\"],200,"
		    "2,\"" WORD("b2") "\"]],\"max_results\":1}", -1,
		    "eth_getLogs: the node answered error -32005" },
		{ "{" PAYOUT_TABLE ",\"bad\":{\"eth_getLogs\":\"error\"}}", -1,
		    "eth_getLogs: the node answered error -32000: internal "
		    "error" },
		{ "{" PAYOUT_TABLE ",\"bad\":{\"eth_getLogs\":\"notlist\"}}",
		    -1, "eth_getLogs: the node's answer is not a list of "
		    "logs" },
		{ "{" PAYOUT_TABLE ",\"bad\":{\"eth_getLogs\":\"noblock\"}}",
		    -1, "eth_getLogs: a log without blockNumber" },
		{ "{" PAYOUT_TABLE ",\"bad\":{\"eth_getLogs\":\"badpos\"}}",
		    -1, "eth_getLogs: a log without blockNumber" },
		{ "{" PAYOUT_TABLE ",\"bad\":{\"eth_getLogs\":\"notobject\"}}",
		    -1, "eth_getLogs: a log without blockNumber" },
	};
	struct eth_addr em[2];
	struct fetch_payout *p;
	struct err err;
	uint8_t t0[32];
	char got[512];
	size_t i, k, np, len;
	int rc;

	em[0] = addr(P1_);
	em[1] = addr(P2_);
	hex_decode(t0, 32, TC_WITHDRAWAL + 2, 64);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		srv_mode("index", cases[i].opts);
		memset(&err, 0, sizeof(err));
		rc = fetch_log_payouts(nd->f, em, 2, t0, 1, 5000, &p, &np,
		    &err);
		TAP_INT(rc, cases[i].rc, "payouts %zu", i);
		if (rc == -1) {
			tap_ok(err.code == ERR_NET && contains(err.msg,
			    cases[i].want) && p == NULL && np == 0, "%s",
			    err.msg);
			continue;
		}
		got[0] = '\0';
		for (k = 0, len = 0; k < np && len < sizeof(got); k++) {
			len += (size_t)snprintf(got + len, sizeof(got) - len,
			    "%s%llu/%u/%02x", k > 0 ? " " : "",
			    (unsigned long long)p[k].block, p[k].tx,
			    p[k].to.b[19]);
			tap_ok(memcmp(p[k].to.b, p[k].to.b + 1, 19) == 0,
			    "recipient from the first data word");
		}
		TAP_STR(got, cases[i].want, "payouts");
		free(p);
	}
	/* two payouts in adjacent blocks, refused together, in a window of
	   three probed spans: the refused span is split, not the rest */
	srv_mode("index", "{\"logs\":[[\"" P1_ "\",[\"" TC_WITHDRAWAL "\"],"
	    "100,1,\"" WORD("b1") "\"],[\"" P1_ "\",[\"" TC_WITHDRAWAL
	    "\"],101,2,\"" WORD("b2") "\"],[\"" P2_ "\",[\"" TC_WITHDRAWAL
	    "\"],25000,0,\"" WORD("b1") "\"]],\"max_results\":1}");
	rc = fetch_log_payouts(nd->f, em, 2, t0, 1, 30000, &p, &np, &err);
	TAP_INT(rc, 0, "payouts around a dense spot");
	TAP_INT(np, 3, "all three");
	tap_ok(np == 3 && p[0].block == 100 && p[1].block == 101 &&
	    p[2].block == 25000 && p[2].to.b[0] == 0xb1, "in block order");
	tap_ok(srv_stat("eth_getLogs") < 60, "%lld eth_getLogs requests",
	    srv_stat("eth_getLogs"));
	free(p);
	rc = fetch_log_payouts(nd->f, em, 0, t0, 1, 5000, &p, &np, &err);
	tap_ok(rc == 0 && p == NULL && np == 0, "no emitters: none");
	rc = fetch_log_payouts(nd->f, em, 2, t0, 10, 9, &p, &np, &err);
	tap_ok(rc == 0 && p == NULL && np == 0, "empty range: none");
}

int
main(void)
{
	struct node nd;

	signal(SIGPIPE, SIG_IGN);
	if (srv_start(&S) != 0) {
		tap_ok(0, "start tests/faultserver.py (python3 on PATH or "
		    "SCANNER_PYTHON)");
		srv_stop(&S);
		return tap_done();
	}
	test_via();
	/* the span the probe finds: 10000 blocks, what most nodes take */
	if (node_open(&nd, "{\"head\":\"0x100000\"}") == 0) {
		TAP_INT(fetch_caps(nd.f)->logs_range, 10000, "probed span");
		test_merge(&nd);
		test_paging(&nd);
		test_hubs(&nd);
		test_split(&nd);
		test_failures(&nd);
		test_payouts(&nd);
		test_frames(&nd, 0);
	} else {
		tap_ok(0, "make a fetcher on the server");
	}
	node_close(&nd);
	if (node_open_traces(&nd, "{\"head\":\"0x100000\"}", 1) == 0) {
		TAP_INT(fetch_traces_via(nd.f), FETCH_TRACES_NONE,
		    "--no-traces: no traces fetched");
		test_frames(&nd, 1);
	} else {
		tap_ok(0, "make a fetcher on the server, no traces");
	}
	node_close(&nd);
	srv_stop(&S);
	return tap_done();
}
