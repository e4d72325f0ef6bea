#!/usr/bin/env python3
"""receiver.py - a local HTTP server for the monitor's tests: a webhook
receiver that can fail on purpose, and a file server for `watchlist
update` with ETag / Last-Modified validators.

    receiver.py LOG
        Listens on 127.0.0.1, port chosen by the kernel; prints the port on
        the first line of stdout, then serves until killed. Every request
        is appended to LOG as one JSON line: {"method", "path", "headers",
        "body", "status"} (headers with lower-case names).

    POST /control   JSON that sets the behaviour from now on:
        {"hook_fail": N}      the next N POST /hook answer 500
        {"hook_status": S}    every POST /hook answers S (0: back to 200)
        {"file": PATH, "etag": E, "last_modified": L, "mode": M}
                              what GET /sdn.xml serves: PATH's bytes, with
                              the validators given (null: not sent); M is
                              "normal", "truncate" (a Content-Length larger
                              than the body, then the connection closes) or
                              "error" (500 every time)
    POST /hook      the webhook: 200 unless told otherwise
    GET /sdn.xml    the download: 304 when If-None-Match equals the ETag
                    or If-Modified-Since equals Last-Modified, else 200

Nothing here talks to anything but 127.0.0.1.
"""
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
STATE = {"hook_fail": 0, "hook_status": 0, "file": None, "etag": None,
         "last_modified": None, "mode": "normal"}
LOG = sys.argv[1]


def log(entry):
    with LOCK:
        with open(LOG, "a", encoding="utf-8") as f:
            f.write(json.dumps(entry) + "\n")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def answer(self, status, data=b"", headers=None, length=None):
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if status != 304:
            self.send_header("Content-Length",
                             str(len(data) if length is None else length))
        self.end_headers()
        if data:
            self.wfile.write(data)
            self.wfile.flush()

    def record(self, body, status):
        log({"method": self.command, "path": self.path,
             "headers": {k.lower(): v for k, v in self.headers.items()},
             "body": body.decode("utf-8", "replace"), "status": status})

    def do_POST(self):
        data = self.body()
        if self.path == "/control":
            with LOCK:
                STATE.update(json.loads(data))
            self.answer(200, b"ok\n")
            return
        if self.path != "/hook":
            self.record(data, 404)
            self.answer(404)
            return
        with LOCK:
            if STATE["hook_fail"] > 0:
                STATE["hook_fail"] -= 1
                status = 500
            else:
                status = STATE["hook_status"] or 200
        self.record(data, status)
        self.answer(status, b"{}\n", {"Content-Type": "application/json"})

    def do_GET(self):
        if self.path.split("?")[0] != "/sdn.xml":
            self.record(b"", 404)
            self.answer(404)
            return
        with LOCK:
            st = dict(STATE)
        if st["mode"] == "error" or st["file"] is None:
            self.record(b"", 500)
            self.answer(500, b"server error\n")
            return
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        hdrs = {"Content-Type": "application/xml"}
        if st["etag"] is not None:
            hdrs["ETag"] = st["etag"]
        if st["last_modified"] is not None:
            hdrs["Last-Modified"] = st["last_modified"]
        if (st["etag"] is not None and inm == st["etag"]) or \
                (st["etag"] is None and st["last_modified"] is not None and
                 ims == st["last_modified"]):
            self.record(b"", 304)
            self.answer(304, headers=hdrs)
            return
        with open(st["file"], "rb") as f:
            data = f.read()
        if st["mode"] == "truncate":
            self.record(b"", 200)
            self.answer(200, data[: len(data) // 2], hdrs, length=len(data))
            self.close_connection = True
            return
        self.record(b"", 200)
        self.answer(200, data, hdrs)


def main():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(srv.server_address[1], flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    main()
