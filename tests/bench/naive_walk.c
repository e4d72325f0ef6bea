/*
 * naive_walk.c - the heist traced the way a straightforward script would,
 * as the limit bench_heist.sh measures `scanner trace` against: libcurl and
 * jansson directly (not scanner/rpc), one JSON-RPC call per HTTP request,
 * no batching, no cache, no address-indexed method.
 *
 * From the seed transaction (eth_getTransactionByHash,
 * eth_getTransactionReceipt, debug_traceTransaction with callTracer) it
 * takes every value transfer the transaction made; then, breadth first,
 * for each address reached (up to HOPS hops from the seed, the scanner's
 * --hops) it walks every block of the window FROM..TO:
 * eth_getBlockByNumber(n, true), and for every transaction in it
 * eth_getTransactionReceipt (status, ERC-20 Transfer logs) and
 * debug_traceTransaction with callTracer (internal ETH), and follows the
 * value that leaves the address: top-level ETH, internal ETH (CALL,
 * CREATE, CREATE2, SELFDESTRUCT frames that did not revert) and ERC-20
 * Transfer(from, to, value) logs. Taint is poison per asset (DESIGN.md):
 * every transfer of an asset out of an address, from the block where it
 * first received that asset tainted, is followed. An address on one of the
 * watchlist CSVs (its `address` column, 0x + 40 hex; dates ignored) is an
 * end: reported, never expanded. An address is expanded once, with the
 * assets it was reached in by then (enough for the heist, whose addresses
 * are each reached in one pass).
 *
 * Prints "requests N" (JSON-RPC calls, each its own HTTP request),
 * "expanded N" (addresses whose window was walked) and one "end 0x..."
 * line per end reached (lower case, in the order reached) on stdout;
 * errors on stderr, exit 1.
 *
 * usage: naive_walk URL TX FROM TO HOPS CSV...
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <jansson.h>

#define ADDR_LEN	42		/* "0x" + 40 hex digits */
#define BODY_CAP	(64u << 20)	/* the largest response accepted */
#define MAX_ASSETS	8		/* assets an address is reached in */

/* keccak256("Transfer(address,address,uint256)"), EIP-20 */
static const char TRANSFER_TOPIC[] =
    "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";

struct reach {
	char		 asset[ADDR_LEN + 1];	/* "eth" or a token address */
	long		 block;			/* first tainted receipt */
};

struct node {
	char		 addr[ADDR_LEN + 1];	/* lower case */
	int		 depth;			/* hops from the seed */
	int		 end;			/* on a watchlist */
	struct reach	 reach[MAX_ASSETS];
	size_t		 nreach;
};

struct buf {
	char		*data;
	size_t		 len;
	size_t		 cap;
};

static CURL *curl;
static const char *url;
static long requests;
static struct buf body;

static char **wl;
static size_t nwl, capwl;

static struct node *nodes;
static size_t nnodes, capnodes;

static void
die(const char *fmt, const char *what)
{
	fprintf(stderr, "naive_walk: ");
	fprintf(stderr, fmt, what);
	fputc('\n', stderr);
	exit(1);
}

static void *
grow(void *p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap) {
		return p;
	}
	*cap = *cap == 0 ? 64 : *cap * 2;
	if (*cap < need) {
		*cap = need;
	}
	p = realloc(p, *cap * size);
	if (p == NULL) {
		die("%s", "out of memory");
	}
	return p;
}

static size_t
on_body(char *ptr, size_t size, size_t n, void *ctx)
{
	struct buf *b = ctx;
	size_t len = size * n;

	if (b->len + len + 1 > BODY_CAP) {
		return 0;
	}
	b->data = grow(b->data, &b->cap, b->len + len + 1, 1);
	memcpy(b->data + b->len, ptr, len);
	b->len += len;
	b->data[b->len] = '\0';
	return len;
}

/*
 * One JSON-RPC call in one HTTP request. Steals params; returns the result
 * (a new reference, never JSON null) or dies.
 */
static json_t *
rpc(const char *method, json_t *params)
{
	json_t *req, *resp, *res;
	json_error_t jerr;
	struct curl_slist *hdr;
	char *text;
	CURLcode rc;
	long status = 0;

	requests++;
	req = json_pack("{s:s, s:I, s:s, s:o}", "jsonrpc", "2.0", "id",
	    (json_int_t)requests, "method", method, "params", params);
	text = req == NULL ? NULL : json_dumps(req, JSON_COMPACT);
	json_decref(req);
	if (text == NULL) {
		die("cannot encode a %s request", method);
	}
	hdr = curl_slist_append(NULL, "Content-Type: application/json");
	body.len = 0;
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(curl, CURLOPT_POSTFIELDS, text);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
	rc = curl_easy_perform(curl);
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(hdr);
	free(text);
	if (rc != CURLE_OK) {
		die("%s", curl_easy_strerror(rc));
	}
	if (status != 200) {
		die("%s: HTTP status not 200", method);
	}
	resp = json_loadb(body.data, body.len, 0, &jerr);
	if (resp == NULL) {
		die("%s: the response is not JSON", method);
	}
	res = json_object_get(resp, "result");
	if (json_object_get(resp, "error") != NULL || res == NULL ||
	    json_is_null(res)) {
		fprintf(stderr, "naive_walk: %s: %.300s\n", method, body.data);
		exit(1);
	}
	json_incref(res);
	json_decref(resp);
	return res;
}

static const char *
str(json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s == NULL ? "" : s;
}

static const char *
topic(json_t *topics, size_t i)
{
	const char *s = json_string_value(json_array_get(topics, i));

	return s == NULL ? "" : s;
}

/* A quantity "0x..." that is not zero. */
static int
nonzero(const char *hex)
{
	if (strncmp(hex, "0x", 2) != 0) {
		return 0;
	}
	for (hex += 2; *hex != '\0'; hex++) {
		if (*hex != '0') {
			return 1;
		}
	}
	return 0;
}

/* An address "0x" + 40 hex digits, lower-cased into out; 0 if not one. */
static int
addr_of(char out[ADDR_LEN + 1], const char *s)
{
	size_t i;

	if (strlen(s) != ADDR_LEN || s[0] != '0' ||
	    (s[1] != 'x' && s[1] != 'X')) {
		return 0;
	}
	out[0] = '0';
	out[1] = 'x';
	for (i = 2; i < ADDR_LEN; i++) {
		if (!isxdigit((unsigned char)s[i])) {
			return 0;
		}
		out[i] = (char)tolower((unsigned char)s[i]);
	}
	out[ADDR_LEN] = '\0';
	return 1;
}

/* The address in a 32-byte topic (its last 20 bytes). */
static int
topic_addr(char out[ADDR_LEN + 1], const char *topic)
{
	char tmp[ADDR_LEN + 1];

	if (strlen(topic) != 66) {
		return 0;
	}
	tmp[0] = '0';
	tmp[1] = 'x';
	memcpy(tmp + 2, topic + 26, 40);
	tmp[ADDR_LEN] = '\0';
	return addr_of(out, tmp);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The first column named "address" of each CSV, its 0x addresses. */
static void
load_csv(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[4096], a[ADDR_LEN + 1];
	int col = -1, i;
	char *p, *q;

	if (f == NULL) {
		die("cannot open '%s'", path);
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		p = line;
		for (i = 0; col < 0 || i < col; i++) {
			q = p + strcspn(p, ",\r\n");
			if (col < 0 && (size_t)(q - p) == 7 &&
			    strncmp(p, "address", 7) == 0) {
				col = i;
				break;
			}
			if (*q != ',') {
				break;
			}
			p = q + 1;
		}
		if (col < 0) {
			fclose(f);
			die("'%s': no address column in its header", path);
		}
		if (i != col) {
			continue;
		}
		p[strcspn(p, ",\r\n")] = '\0';
		if (addr_of(a, p)) {
			wl = grow(wl, &capwl, nwl + 1, sizeof(*wl));
			wl[nwl] = strdup(a);
			if (wl[nwl] == NULL) {
				die("%s", "out of memory");
			}
			nwl++;
		}
	}
	fclose(f);
}

static int
listed(const char *a)
{
	return bsearch(&a, wl, nwl, sizeof(*wl), cmp_str) != NULL;
}

static struct node *
find(const char *a)
{
	size_t i;

	for (i = 0; i < nnodes; i++) {
		if (strcmp(nodes[i].addr, a) == 0) {
			return &nodes[i];
		}
	}
	return NULL;
}

static struct reach *
reach_of(struct node *n, const char *asset)
{
	size_t i;

	for (i = 0; i < n->nreach; i++) {
		if (strcmp(n->reach[i].asset, asset) == 0) {
			return &n->reach[i];
		}
	}
	return NULL;
}

/* Tainted value of `asset` reaches `to` in `block`, `depth` hops out. */
static void
reached(const char *to, const char *asset, long block, int depth)
{
	struct node *n = find(to);
	struct reach *r;

	if (n == NULL) {
		nodes = grow(nodes, &capnodes, nnodes + 1, sizeof(*nodes));
		n = &nodes[nnodes++];
		memset(n, 0, sizeof(*n));
		memcpy(n->addr, to, ADDR_LEN + 1);
		n->depth = depth;
		n->end = listed(to);
	}
	r = reach_of(n, asset);
	if (r == NULL) {
		if (n->nreach == MAX_ASSETS) {
			die("'%s': too many assets", to);
		}
		r = &n->reach[n->nreach++];
		snprintf(r->asset, sizeof(r->asset), "%s", asset);
		r->block = block;
	} else if (block < r->block) {
		r->block = block;
	}
}

/* Is a transfer of `asset` out of `from` in `block` tainted? */
static int
tainted(const char *from, const char *asset, long block, int seed)
{
	struct node *n;
	struct reach *r;

	if (seed) {
		return 1;
	}
	n = find(from);
	if (n == NULL) {
		return 0;
	}
	r = reach_of(n, asset);
	return r != NULL && r->block <= block;
}

/*
 * Follow the value transfers of one transaction: out of `from` (all of
 * them for the seed, `from` NULL), reaching their recipients at `depth`.
 */
static void
follow(const char *from, json_t *tx, json_t *rcpt, json_t *trace,
    long block, int depth)
{
	char f[ADDR_LEN + 1], t[ADDR_LEN + 1], asset[ADDR_LEN + 1];
	json_t *stack[256], *frame, *calls, *log, *topics;
	size_t nstack = 0, i;
	int seed = from == NULL;
	const char *type;

	if (strcmp(str(rcpt, "status"), "0x1") != 0) {
		return;		/* reverted: it moved nothing */
	}
	/* Top-level ETH. */
	if (addr_of(f, str(tx, "from")) && nonzero(str(tx, "value")) &&
	    (addr_of(t, str(tx, "to")) ||
	    addr_of(t, str(rcpt, "contractAddress"))) &&
	    (seed || strcmp(f, from) == 0) && tainted(f, "eth", block, seed)) {
		reached(t, "eth", block, depth);
	}
	/* Internal ETH: the call tree below the top frame, but not below a
	 * frame that reverted. */
	calls = json_object_get(trace, "calls");
	for (i = 0; i < json_array_size(calls) && nstack < 256; i++) {
		stack[nstack++] = json_array_get(calls, i);
	}
	while (nstack > 0) {
		frame = stack[--nstack];
		if (json_object_get(frame, "error") != NULL) {
			continue;
		}
		type = str(frame, "type");
		if ((strcmp(type, "CALL") == 0 || strcmp(type, "CREATE") == 0 ||
		    strcmp(type, "CREATE2") == 0 ||
		    strcmp(type, "SELFDESTRUCT") == 0) &&
		    nonzero(str(frame, "value")) &&
		    addr_of(f, str(frame, "from")) &&
		    addr_of(t, str(frame, "to")) &&
		    (seed || strcmp(f, from) == 0) &&
		    tainted(f, "eth", block, seed)) {
			reached(t, "eth", block, depth);
		}
		calls = json_object_get(frame, "calls");
		for (i = 0; i < json_array_size(calls); i++) {
			if (nstack == 256) {
				die("%s", "a call tree deeper than 256");
			}
			stack[nstack++] = json_array_get(calls, i);
		}
	}
	/* ERC-20 Transfer(from indexed, to indexed, value). */
	json_array_foreach(json_object_get(rcpt, "logs"), i, log) {
		topics = json_object_get(log, "topics");
		if (json_array_size(topics) != 3 ||
		    strcmp(topic(topics, 0), TRANSFER_TOPIC) != 0 ||
		    !nonzero(str(log, "data")) ||
		    !addr_of(asset, str(log, "address")) ||
		    !topic_addr(f, topic(topics, 1)) ||
		    !topic_addr(t, topic(topics, 2))) {
			continue;
		}
		if ((seed || strcmp(f, from) == 0) &&
		    tainted(f, asset, block, seed)) {
			reached(t, asset, block, depth);
		}
	}
}

static json_t *
trace_tx(const char *hash)
{
	return rpc("debug_traceTransaction", json_pack("[s, {s:s}]", hash,
	    "tracer", "callTracer"));
}

/* Walk every block of the window for the value leaving node i. */
static void
expand(size_t i, long from, long to)
{
	char num[32], addr[ADDR_LEN + 1];
	json_t *blk, *tx, *rcpt, *trace;
	const char *hash;
	size_t k;
	long n;
	int depth = nodes[i].depth + 1;

	/* nodes may move as the walk reaches new addresses */
	memcpy(addr, nodes[i].addr, sizeof(addr));
	for (n = from; n <= to; n++) {
		snprintf(num, sizeof(num), "0x%lx", n);
		blk = rpc("eth_getBlockByNumber", json_pack("[s, b]", num, 1));
		json_array_foreach(json_object_get(blk, "transactions"), k,
		    tx) {
			hash = str(tx, "hash");
			rcpt = rpc("eth_getTransactionReceipt",
			    json_pack("[s]", hash));
			trace = trace_tx(hash);
			follow(addr, tx, rcpt, trace, n, depth);
			json_decref(rcpt);
			json_decref(trace);
		}
		json_decref(blk);
	}
}

int
main(int argc, char **argv)
{
	json_t *tx, *rcpt, *trace;
	long from, to, block, expanded = 0;
	int hops, i;
	size_t k;
	char *endp;

	if (argc < 7) {
		fprintf(stderr, "usage: naive_walk URL TX FROM TO HOPS "
		    "CSV...\n");
		return 2;
	}
	url = argv[1];
	from = strtol(argv[3], &endp, 10);
	to = strtol(argv[4], &endp, 10);
	hops = atoi(argv[5]);
	if (from < 0 || to < from || hops < 1) {
		die("%s", "bad FROM, TO or HOPS");
	}
	for (i = 6; i < argc; i++) {
		load_csv(argv[i]);
	}
	qsort(wl, nwl, sizeof(*wl), cmp_str);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
		die("%s", "curl_global_init failed");
	}
	curl = curl_easy_init();
	if (curl == NULL) {
		die("%s", "curl_easy_init failed");
	}

	/* The seed: every transfer the transaction made, hop 1. */
	tx = rpc("eth_getTransactionByHash", json_pack("[s]", argv[2]));
	rcpt = rpc("eth_getTransactionReceipt", json_pack("[s]", argv[2]));
	trace = trace_tx(argv[2]);
	block = strtol(str(tx, "blockNumber"), &endp, 16);
	follow(NULL, tx, rcpt, trace, block, 1);
	json_decref(tx);
	json_decref(rcpt);
	json_decref(trace);

	/* Breadth first: nodes[] is the queue, in the order reached. */
	for (k = 0; k < nnodes; k++) {
		if (!nodes[k].end && nodes[k].depth < hops) {
			expand(k, from, to);
			expanded++;
		}
	}

	printf("requests %ld\nexpanded %ld\n", requests, expanded);
	for (k = 0; k < nnodes; k++) {
		if (nodes[k].end) {
			printf("end %s\n", nodes[k].addr);
		}
	}
	curl_easy_cleanup(curl);
	curl_global_cleanup();
	for (k = 0; k < nwl; k++) {
		free(wl[k]);
	}
	free(wl);
	free(nodes);
	free(body.data);
	return 0;
}
