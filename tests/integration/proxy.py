#!/usr/bin/env python3
"""A JSON-RPC endpoint that goes down: forwards POST bodies to an upstream
node (loopback only) and, after serving MAX requests, stops listening, so
that later connections are refused, as from a node that died mid-fetch.
Prints "port N" on its first line, then one line per request served. Exits
by itself after LIFETIME seconds at most.

usage: proxy.py UPSTREAM_URL MAX LIFETIME
"""
import http.server
import sys
import threading
import urllib.parse
import urllib.request


def main():
    upstream, limit, lifetime = sys.argv[1], int(sys.argv[2]), \
        float(sys.argv[3])
    host = urllib.parse.urlparse(upstream).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("proxy.py: upstream must be on the loopback interface")
    served = [0]
    done = threading.Event()
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            n = int(self.headers.get("content-length", "0"))
            body = self.rfile.read(n)
            req = urllib.request.Request(
                upstream, body, {"content-type": "application/json"})
            with direct.open(req, timeout=30) as r:
                data = r.read()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.send_header("connection", "close")
            self.end_headers()
            self.wfile.write(data)
            served[0] += 1
            print("served %d" % served[0], flush=True)
            if served[0] >= limit:
                self.close_connection = True
                done.set()

        def log_message(self, fmt, *args):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print("port %d" % srv.server_address[1], flush=True)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    done.wait(lifetime)
    srv.shutdown()
    srv.server_close()
    print("down after %d requests" % served[0], flush=True)


if __name__ == "__main__":
    main()
