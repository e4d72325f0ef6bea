#!/usr/bin/env python3
"""send.py - send value transfers from anvil's unlocked dev accounts, in
one process (a python start per transaction is what makes the monitor's
integration test slow).

    send.py URL FROM:TO:WEI_HEX [FROM:TO:WEI_HEX ...]

Each transaction is sent with eth_sendTransaction (anvil signs it and mines
a block for it) and its receipt waited for; the hashes are printed one a
line. Only 127.0.0.1 is contacted; every wait is bounded.
"""
import json
import sys
import time
import urllib.request


def call(url, method, params):
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method,
                       "params": params}).encode()
    req = urllib.request.Request(url, body,
                                 {"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        res = json.load(r)
    if "error" in res:
        sys.exit("send.py: %s: %s" % (method, res["error"]))
    return res["result"]


def main():
    url = sys.argv[1]
    for spec in sys.argv[2:]:
        frm, to, value = spec.split(":")
        h = call(url, "eth_sendTransaction",
                 [{"from": frm, "to": to, "value": value}])
        for _ in range(300):
            if call(url, "eth_getTransactionReceipt", [h]) is not None:
                break
            time.sleep(0.1)
        else:
            sys.exit("send.py: no receipt for " + h)
        print(h, flush=True)


if __name__ == "__main__":
    main()
