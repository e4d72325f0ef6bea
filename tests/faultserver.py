#!/usr/bin/env python3
"""faultserver.py - a misbehaving Ethereum JSON-RPC server for tests/test_rpc.c.

Listens on 127.0.0.1 (https with --tls CERT KEY), port 0 (the kernel picks
a free one), prints "PORT <n>" on stdout, and serves until it is killed,
its stdin closes, or --lifetime seconds pass (it always stops by itself).
Python stdlib only; loopback traffic only.

The behaviour is a mode, chosen by --mode and --opt KEY=VALUE on the command
line or changed later through the control method "_fault_mode"
(params [mode, {options}]; it also resets the counters). "_fault_stats"
returns the counters. Control calls ("_fault_*") are never faulted nor
counted.

The node behind the faults answers:
  eth_chainId -> opt chain (default "0x1"); eth_blockNumber -> opt head
  ("0x100"); eth_getBlockByNumber -> a block with one transaction hash;
  eth_getLogs -> [] within opt logs_range (default 10000) blocks, else the
  error in opt logs_style (geth, infura, alchemy); the optional methods of
  the capability probe when listed in opt methods (comma list; default all);
  a method starting with "nosuch" -> -32601; any other method -> an echo
  {"method", "params", "server": opt name}.

Modes (the opt "count" bounds how many requests misbehave; -1 = all):
  ok          the node as above
  http429     HTTP 429, Retry-After: opt retry_after seconds, or an HTTP
              date opt retry_date seconds ahead
  rpc429      HTTP 200 with a JSON-RPC error opt code (-32005) per request
  http503     HTTP 503
  hang        read the request, never answer
  truncated   announce the full Content-Length, send half, close
  cutjson     a complete HTTP reply whose JSON body is cut in half
  invalid     HTTP 200 with opt body (an HTML error page by default)
  envelope    a reply with a broken envelope: opt what = noid, nojsonrpc,
              noresult, both, badid, array, string
  wrongtypes  results of the wrong shape (numbers for strings and so on)
  big256      a result holding 2^256 as hex text and as a bare JSON number
  bigbody     a result string of opt size bytes; opt chunked=1 sends it
              without a Content-Length
  nobatch     refuse every batch, the way opt how says: http400, object
              (one error object), geth (an array of one "batch too large"
              error), http413
  batchcap    serve batches of at most opt cap requests; a longer one is
              refused as opt how says (same values, plus fewer: answer only
              the first cap requests)
  shuffle     answer batches in a shuffled order
  gzip        the node, gzip-compressed when the client accepts it
  index       the node with address indexes (for tests/test_lookup.c):
              trace_filter answers the traces of opt traces, a list of
              [dir, address, block, position, more] (dir "from" or "to";
              more, optional: keys that replace the trace's, "action"
              merged, e.g. {"traceAddress": [0], "error": "Reverted"};
              position null: a block reward, with no transactionPosition,
              or "transactionPosition": null when opt reward_null is 1),
              and of opt trace_gen, a list of [dir, address, first block,
              n, per block] (n traces, per block positions a block), that
              match fromAddress / toAddress, in (block, position) order,
              honouring "after" and "count"; a span wider than opt
              trace_range (default unlimited) is refused like geth's logs.
              eth_getLogs answers the logs of opt logs, a list of
              [address, [topics], block, index, data, removed] (data and
              removed optional), and of opt log_gen, a list of [address,
              [topics], first block, n, per block], that match the
              filter's address and topics (null: any, a list: any of);
              more than opt max_results (default unlimited) matches is
              refused as Infura does (-32005 "query returned more than
              10000 results"), a span wider than opt logs_range as in ok.
              Opt range_any 1 also answers items outside the asked blocks;
              opt no_logs 1 answers eth_getLogs "method not found".
              Opt bad {method: what} breaks that method's answers: notlist
              (an object), notobject (a list of numbers), noblock (the
              first item without blockNumber), badpos (a position that is
              no number), error (-32000 "internal error")
"""

import argparse
import email.utils
import gzip
import json
import os
import random
import socket
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

OPTIONAL = ["eth_getBlockReceipts", "debug_traceBlockByNumber",
            "debug_traceTransaction", "trace_block", "trace_filter",
            "ots_getApiLevel", "ots_searchTransactionsAfter"]

TX = "0x" + "ab" * 32


class State:
    def __init__(self, mode, opts):
        self.lock = threading.Lock()
        self.set(mode, opts)
        self.connections = 0

    def set(self, mode, opts):
        self.mode = mode
        self.opts = opts
        self.requests = 0      # HTTP requests, control calls excluded
        self.calls = 0         # JSON-RPC requests in them
        self.batches = 0       # HTTP requests carrying an array
        self.max_batch = 0
        self.faulted = 0
        self.user_agent = ""
        self.accept_encoding = ""
        self.methods = {}

    def opt(self, key, default):
        v = self.opts.get(key, default)
        if isinstance(default, int) and not isinstance(v, int):
            v = int(v)
        return v

    def stats(self):
        return {"requests": self.requests, "calls": self.calls,
                "batches": self.batches, "max_batch": self.max_batch,
                "faulted": self.faulted, "connections": self.connections,
                "user_agent": self.user_agent,
                "accept_encoding": self.accept_encoding,
                "methods": self.methods}


STATE = None


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # clients hang up on purpose (timeouts, size caps): not news
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


def error(id_, code, message):
    return {"jsonrpc": "2.0", "id": id_,
            "error": {"code": code, "message": message}}


def reply(id_, result):
    return {"jsonrpc": "2.0", "id": id_, "result": result}


def logs_error(style, limit):
    if style == "infura":
        return -32005, "query returned more than 10000 results"
    if style == "alchemy":
        return -32602, ("Log response size exceeded. You can make "
                        "eth_getLogs requests with up to a 2K block range "
                        "and no limit on the response size")
    return -32000, "exceed maximum block range: %d" % limit


def answer(msg):
    """The node's answer to one well-formed request object."""
    st = STATE
    id_ = msg.get("id")
    method = msg.get("method")
    params = msg.get("params", [])
    methods = st.opt("methods", ",".join(OPTIONAL)).split(",")
    if method == "eth_chainId":
        return reply(id_, st.opt("chain", "0x1"))
    if method == "eth_blockNumber":
        return reply(id_, st.opt("head", "0x100"))
    if method == "eth_getBlockByNumber":
        return reply(id_, {"number": params[0], "hash": "0x" + "11" * 32,
                           "transactions": [TX]})
    if method == "eth_getLogs":
        f = params[0]
        span = int(f["toBlock"], 16) - int(f["fromBlock"], 16) + 1
        limit = st.opt("logs_range", 10000)
        if span > limit:
            code, text = logs_error(st.opt("logs_style", "geth"), limit)
            return error(id_, code, text)
        return reply(id_, [])
    if method in OPTIONAL:
        if method not in methods:
            return error(id_, -32601, "the method %s does not exist/is "
                         "not available" % method)
        if method == "ots_getApiLevel":
            return reply(id_, 8)
        if method in ("debug_traceTransaction",
                      "ots_searchTransactionsAfter"):
            return reply(id_, {"type": "CALL"})
        return reply(id_, [])
    if method.startswith("nosuch"):
        return error(id_, -32601, "the method %s does not exist/is not "
                     "available" % method)
    return reply(id_, {"method": method, "params": params,
                       "server": st.opt("name", "")})


def index_traces(st, f):
    """The traces the index holds for trace_filter's filter f."""
    lo, hi = int(f["fromBlock"], 16), int(f["toBlock"], 16)
    want = {}
    for key, dir_ in (("fromAddress", "from"), ("toAddress", "to")):
        for a in f.get(key) or []:
            want.setdefault(dir_, set()).add(a.lower())
    items = [tuple(t) + ({},) * (5 - len(t))
             for t in st.opts.get("traces", [])]
    for dir_, addr, first, n, per in st.opts.get("trace_gen", []):
        items += [(dir_, addr, first + i // per, i % per, {})
                  for i in range(n)]
    out = []
    for dir_, addr, block, pos, more in items:
        if addr.lower() not in want.get(dir_, ()):
            continue
        if not st.opt("range_any", 0) and not lo <= block <= hi:
            continue
        t = {"action": {"from": addr if dir_ == "from" else TX[:42],
                        "to": addr if dir_ == "to" else TX[:42],
                        "value": "0x0", "callType": "call"},
             "blockHash": "0x" + "22" * 32, "blockNumber": block,
             "subtraces": 0, "traceAddress": [], "type": "call"}
        for k, v in more.items():   # an inner frame, a failure...
            if k == "action":
                t["action"].update(v)
            else:
                t[k] = v
        if pos is not None:
            t["transactionPosition"] = pos
            t["transactionHash"] = "0x%064x" % (block << 16 | pos)
        else:
            t["type"] = "reward"
            if st.opt("reward_null", 0):
                t["transactionPosition"] = None
                t["transactionHash"] = None
        out.append(((block, -1 if pos is None else pos), t))
    out.sort(key=lambda x: x[0])
    return [t for _, t in out]


def topic_match(want, have):
    for i, w in enumerate(want):
        if w is None:
            continue
        ws = [x.lower() for x in (w if isinstance(w, list) else [w])]
        if i >= len(have) or have[i].lower() not in ws:
            return False
    return True


def index_logs(st, f):
    """The logs the index holds for eth_getLogs' filter f."""
    lo, hi = int(f["fromBlock"], 16), int(f["toBlock"], 16)
    addrs = f.get("address")
    if isinstance(addrs, str):
        addrs = [addrs]
    addrs = None if addrs is None else [a.lower() for a in addrs]
    items = [list(x) for x in st.opts.get("logs", [])]
    for addr, topics, first, n, per in st.opts.get("log_gen", []):
        items += [[addr, topics, first + i // per, i % per]
                  for i in range(n)]
    out = []
    for it in items:
        addr, topics, block, index = it[:4]
        data = it[4] if len(it) > 4 else "0x"
        removed = bool(it[5]) if len(it) > 5 else False
        if addrs is not None and addr.lower() not in addrs:
            continue
        if not topic_match(f.get("topics") or [], topics):
            continue
        if not st.opt("range_any", 0) and not lo <= block <= hi:
            continue
        out.append({"address": addr, "topics": topics, "data": data,
                    "blockNumber": hex(block), "transactionIndex": hex(index),
                    "logIndex": hex(len(out)), "removed": removed,
                    "blockHash": "0x" + "22" * 32,
                    "transactionHash": "0x%064x" % (block << 16 | index)})
    return out


def index_answer(msg):
    """answer(), with trace_filter and eth_getLogs served from the index."""
    st = STATE
    id_ = msg.get("id")
    method = msg.get("method")
    methods = st.opt("methods", ",".join(OPTIONAL)).split(",")
    if method not in ("trace_filter", "eth_getLogs") or (
            method == "trace_filter" and method not in methods):
        return answer(msg)
    if method == "eth_getLogs" and st.opt("no_logs", 0):
        return error(id_, -32601, "the method eth_getLogs does not "
                     "exist/is not available")
    f = msg.get("params", [{}])[0]
    span = int(f["toBlock"], 16) - int(f["fromBlock"], 16) + 1
    bad = st.opts.get("bad", {}).get(method, "")
    if bad == "error":
        return error(id_, -32000, "internal error")
    if method == "trace_filter":
        limit = st.opt("trace_range", 0)
        if limit and span > limit:
            return error(id_, -32000, "exceed maximum block range: %d" %
                         limit)
        items = index_traces(st, f)
        after = f.get("after", 0)
        items = items[after:after + f.get("count", len(items))]
        key = "transactionPosition"
    else:
        limit = st.opt("logs_range", 10000)
        if span > limit:
            code, text = logs_error(st.opt("logs_style", "geth"), limit)
            return error(id_, code, text)
        items = index_logs(st, f)
        cap = st.opt("max_results", 0)
        if cap and len(items) > cap:
            return error(id_, -32005, "query returned more than 10000 "
                         "results")
        key = "transactionIndex"
    if bad == "notlist":
        return reply(id_, {"result": items})
    if bad == "notobject":
        return reply(id_, [1, 2, 3])
    if bad == "noblock" and items:
        del items[0]["blockNumber"]
    if bad == "badpos" and items:
        items[0][key] = "zz"
    return reply(id_, items)


def wrong_types(msg):
    return reply(msg.get("id"), {"number": 12, "hash": False,
                                 "transactions": "none", "gas": [1.5]})


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # headers and body go out in two writes: without this, Nagle holds the
    # second until the client's delayed ACK, 40 ms per request
    disable_nagle_algorithm = True

    def setup(self):
        super().setup()
        with STATE.lock:
            STATE.connections += 1

    def log_message(self, fmt, *args):
        pass

    def send(self, code, body, headers=None, ctype="application/json"):
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        elif isinstance(body, str):
            body = body.encode()
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        try:
            msg = json.loads(raw)
        except ValueError:
            self.send(400, error(None, -32700, "parse error"))
            return
        if isinstance(msg, dict) and str(msg.get("method", "")).startswith(
                "_fault_"):
            self.control(msg)
            return
        st = STATE
        with st.lock:
            st.requests += 1
            batch = isinstance(msg, list)
            n = len(msg) if batch else 1
            st.calls += n
            if batch:
                st.batches += 1
                st.max_batch = max(st.max_batch, n)
            for m in (msg if batch else [msg]):
                name = m.get("method", "") if isinstance(m, dict) else ""
                st.methods[name] = st.methods.get(name, 0) + 1
            st.user_agent = self.headers.get("User-Agent", "")
            st.accept_encoding = self.headers.get("Accept-Encoding", "")
            count = st.opt("count", -1)
            fault = count < 0 or st.faulted < count
            if fault:
                st.faulted += 1
            mode = st.mode
        getattr(self, "mode_" + mode)(msg, batch, fault)

    def control(self, msg):
        st = STATE
        if msg["method"] == "_fault_mode":
            p = msg.get("params", [])
            with st.lock:
                st.set(p[0], p[1] if len(p) > 1 else {})
            self.send(200, reply(msg.get("id"), True))
        elif msg["method"] == "_fault_stats":
            with st.lock:
                s = st.stats()
            self.send(200, reply(msg.get("id"), s))
        else:
            self.send(200, error(msg.get("id"), -32601, "no such control"))

    def serve(self, msg, batch, fn=answer, order=None):
        if batch:
            out = [fn(m) for m in msg]
            if order is not None:
                order(out)
        else:
            out = fn(msg)
        body = json.dumps(out).encode()
        enc = self.headers.get("Accept-Encoding", "")
        if STATE.mode == "gzip" and "gzip" in enc:
            self.send(200, gzip.compress(body),
                      {"Content-Encoding": "gzip"})
        else:
            self.send(200, body)

    def mode_ok(self, msg, batch, fault):
        self.serve(msg, batch)

    mode_gzip = mode_ok

    def mode_http429(self, msg, batch, fault):
        if not fault:
            return self.serve(msg, batch)
        date = STATE.opt("retry_date", 0)
        if date:
            ra = email.utils.formatdate(time.time() + date, usegmt=True)
        else:
            ra = str(STATE.opt("retry_after", 1))
        self.send(429, "Too Many Requests", {"Retry-After": ra},
                  "text/plain")

    def mode_rpc429(self, msg, batch, fault):
        if not fault:
            return self.serve(msg, batch)
        code = STATE.opt("code", -32005)
        self.serve(msg, batch, lambda m: error(
            m.get("id"), code, "daily request count exceeded, request "
            "rate limited"))

    def mode_http503(self, msg, batch, fault):
        if not fault:
            return self.serve(msg, batch)
        self.send(503, "Service Unavailable", None, "text/plain")

    def mode_hang(self, msg, batch, fault):
        if not fault:
            return self.serve(msg, batch)
        time.sleep(3600)

    def mode_truncated(self, msg, batch, fault):
        if not fault:
            return self.serve(msg, batch)
        body = json.dumps([answer(m) for m in msg] if batch
                          else answer(msg)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[:len(body) // 2])
        self.wfile.flush()
        self.close_connection = True
        self.connection.shutdown(socket.SHUT_RDWR)

    def mode_cutjson(self, msg, batch, fault):
        if not fault:
            return self.serve(msg, batch)
        body = json.dumps([answer(m) for m in msg] if batch
                          else answer(msg)).encode()
        self.send(200, body[:len(body) // 2])

    def mode_invalid(self, msg, batch, fault):
        if not fault:
            return self.serve(msg, batch)
        self.send(200, STATE.opt(
            "body", "<html><body>502 Bad Gateway</body></html>"),
            None, "text/html")

    def mode_envelope(self, msg, batch, fault):
        if not fault:
            return self.serve(msg, batch)
        what = STATE.opt("what", "noid")
        out = answer(msg)
        if what == "noid":
            del out["id"]
        elif what == "nojsonrpc":
            del out["jsonrpc"]
        elif what == "noresult":
            out.pop("result", None)
            out.pop("error", None)
        elif what == "both":
            out["error"] = {"code": -32000, "message": "and an error"}
        elif what == "badid":
            out["id"] = out["id"] + 1000
        elif what == "array":
            out = [out]
        elif what == "string":
            out = json.dumps("ok")
        self.send(200, out)

    def mode_wrongtypes(self, msg, batch, fault):
        if not fault:
            return self.serve(msg, batch)
        self.serve(msg, batch, wrong_types)

    def mode_big256(self, msg, batch, fault):
        big = 2 ** 256
        self.serve(msg, batch, lambda m: reply(m.get("id"), {
            "hex": hex(big), "number": big, "negative": -big,
            "small": 7, "real": 1.12345678901234567890123}))

    def mode_bigbody(self, msg, batch, fault):
        # streamed from a 1 MB piece: 50 MB never sit in memory at once
        size = STATE.opt("size", 50 * 1000 * 1000)
        head = (b'{"jsonrpc":"2.0","id":' + str(msg.get("id")).encode() +
                b',"result":"0x')
        tail = b'"}'
        piece = b"ab" * (1 << 19)
        fill = size - len(head) - len(tail)
        fill -= fill % 2
        chunked = STATE.opt("chunked", 0)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length",
                             str(len(head) + fill + len(tail)))
        self.end_headers()

        def put(b):
            if chunked:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(b), b))
            else:
                self.wfile.write(b)
        try:
            put(head)
            while fill > 0:
                n = min(fill, len(piece))
                put(piece[:n])
                fill -= n
            put(tail)
            if chunked:
                self.wfile.write(b"0\r\n\r\n")
        except OSError:
            self.close_connection = True

    def refuse(self, msg, how):
        first = next((m.get("id") for m in msg if isinstance(m, dict)),
                     None)
        if how == "http400":
            self.send(400, error(None, -32600, "batch requests are not "
                                 "supported"))
        elif how == "http413":
            self.send(413, "Payload Too Large", None, "text/plain")
        elif how == "object":
            self.send(200, error(None, -32600, "batch requests are not "
                                 "supported"))
        else:
            # geth's BatchRequestLimit answer (rpc/handler.go)
            self.send(200, [error(first, -32600, "batch too large")])

    def mode_nobatch(self, msg, batch, fault):
        if not batch:
            return self.serve(msg, batch)
        self.refuse(msg, STATE.opt("how", "http400"))

    def mode_batchcap(self, msg, batch, fault):
        cap = STATE.opt("cap", 10)
        if not batch or len(msg) <= cap:
            return self.serve(msg, batch)
        how = STATE.opt("how", "fewer")
        if how == "fewer":
            return self.send(200, [answer(m) for m in msg[:cap]])
        self.refuse(msg, how)

    def mode_index(self, msg, batch, fault):
        self.serve(msg, batch, index_answer)

    def mode_shuffle(self, msg, batch, fault):
        rnd = random.Random(STATE.opt("seed", 7))
        self.serve(msg, batch, order=rnd.shuffle)


def main():
    global STATE
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mode", default="ok")
    ap.add_argument("--opt", action="append", default=[],
                    help="KEY=VALUE option of the mode")
    ap.add_argument("--lifetime", type=float, default=60.0,
                    help="seconds before the server stops by itself")
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"),
                    help="serve https with this certificate and key (PEM)")
    args = ap.parse_args()
    opts = {}
    for kv in args.opt:
        k, _, v = kv.partition("=")
        opts[k] = v
    STATE = State(args.mode, opts)
    if not hasattr(Handler, "mode_" + args.mode):
        sys.exit("faultserver: unknown mode '%s'" % args.mode)

    srv = Server(("127.0.0.1", 0), Handler)
    if args.tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.tls[0], args.tls[1])
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    print("PORT %d" % srv.server_address[1], flush=True)

    def watch_stdin():
        try:
            while sys.stdin.buffer.read(4096):
                pass
        except OSError:
            pass
        os._exit(0)

    threading.Thread(target=watch_stdin, daemon=True).start()
    timer = threading.Timer(args.lifetime, lambda: os._exit(0))
    timer.daemon = True
    timer.start()
    srv.serve_forever()


if __name__ == "__main__":
    main()
