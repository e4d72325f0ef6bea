#!/usr/bin/env python3
"""check.py - compare what scanner reported on the scripted heist with
fixtures/heist/expected.json (hand-computed; fixtures/heist/README.md).

    check.py facts    EXPECTED FACTS.json    the scenario ran as recorded
    check.py forward  EXPECTED REPORT.json   scanner.trace/1, forward
    check.py backward EXPECTED REPORT.json   scanner.trace/1, backward
    check.py csv      EXPECTED REPORT.csv    the forward trace as CSV
    check.py html     EXPECTED REPORT.html   the forward trace as HTML
    check.py text     EXPECTED REPORT.txt    the forward trace as text
    check.py dot      EXPECTED REPORT.dot    the forward trace as DOT

Prints one "ok - TEXT" or "not ok - TEXT" line per check (with "#" lines
saying what differs) for tests/integration/lib.sh's tap_run; exits 1 when a
check failed. Python 3 standard library only.
"""
import csv
import html
import io
import json
import re
import sys
from decimal import Decimal, InvalidOperation
from fractions import Fraction

failed = 0


def check(cond, text, *diag):
    global failed
    print(("ok - " if cond else "not ok - ") + text)
    if not cond:
        failed += 1
        for d in diag:
            for line in str(d).splitlines() or ['']:
                print("#   " + line)
    return cond


def low(s):
    return s.lower() if isinstance(s, str) else s


def same_addr(a, b):
    return isinstance(a, str) and isinstance(b, str) and \
        a.lower() == b.lower()


def want_share(frac):
    """The decimal a report prints for the exact share frac, truncated
    to 18 fractional digits, as a Decimal."""
    f = Fraction(frac)
    return Decimal(f.numerator * 10 ** 18 // f.denominator) / \
        Decimal(10 ** 18)


def dec(s):
    try:
        return Decimal(s)
    except (InvalidOperation, TypeError):
        return None


def path_asset(p):
    t = p.get("taint")
    if isinstance(t, dict) and "asset" in t:
        return t["asset"]
    hops = p.get("hops") or []
    return hops[-1].get("asset") if hops else None


def find_path(paths, want):
    return [p for p in paths
            if same_addr((p.get("hit") or {}).get("address"),
                         want["hit"]["address"])
            and low(path_asset(p)) == low(want["asset"])]


def show_hops(hops):
    return "\n".join("%s -> %s %s %s %s (tx %s, block %s)" % (
        h.get("from"), h.get("to"), h.get("kind"), h.get("asset"),
        h.get("amount_raw"), h.get("tx"), h.get("block")) for h in hops)


def check_hop(where, got, want):
    diffs = []
    for k in ("from", "to", "tx", "kind", "asset", "block", "amount_raw"):
        g, w = got.get(k), want[k]
        if k in ("from", "to", "tx", "asset"):
            eq = low(g) == low(w)
        else:
            eq = str(g) == str(w)
        if not eq:
            diffs.append("%s: got %r, want %r" % (k, g, w))
    if dec(got.get("amount")) != Decimal(want["amount"]):
        diffs.append("amount: got %r, want %s" % (got.get("amount"),
                     want["amount"]))
    if want["symbol"] != "ETH" and got.get("symbol") != want["symbol"]:
        diffs.append("symbol: got %r, want %r" % (got.get("symbol"),
                     want["symbol"]))
    check(not diffs, "%s: %s -> %s, %s %s (%s)" % (where, want["from_name"],
          want["to_name"], want["amount"], want["symbol"], want["kind"]),
          *diffs)


def check_taint(where, model, got, want):
    if not check(got is not None, "%s: a %s taint" % (where, model)):
        return
    diffs = []
    if got.get("model") != model:
        diffs.append("model: got %r" % got.get("model"))
    if str(got.get("amount_raw")) != want["amount_raw"]:
        diffs.append("amount_raw: got %r, want %s" % (got.get("amount_raw"),
                     want["amount_raw"]))
    if dec(got.get("amount")) != Decimal(want["amount"]):
        diffs.append("amount: got %r, want %s" % (got.get("amount"),
                     want["amount"]))
    if dec(got.get("share")) != want_share(want["share"]):
        diffs.append("share: got %r, want %s = %s (truncated)" % (
            got.get("share"), want["share"], want_share(want["share"])))
    check(not diffs, "%s: %s taint %s (share %s)" % (where, model,
          want["amount"], want["share"]), *diffs)


def check_report(exp, rep, direction):
    e = exp[direction]
    w = exp["window"]
    check(rep.get("schema") == "scanner.trace/1", "%s: schema "
          "scanner.trace/1" % direction, "got %r" % rep.get("schema"))
    q = rep.get("query") or {}
    diffs = []
    if [low(s) for s in q.get("seeds", [])] != [low(e["seed"])]:
        diffs.append("seeds: got %r" % q.get("seeds"))
    if q.get("direction") != direction:
        diffs.append("direction: got %r" % q.get("direction"))
    if q.get("hops") != 8:
        diffs.append("hops: got %r" % q.get("hops"))
    if (q.get("from_block"), q.get("to_block")) != (w["from_block"],
                                                    w["to_block"]):
        diffs.append("window: got %r-%r" % (q.get("from_block"),
                     q.get("to_block")))
    if q.get("models") != e["models"]:
        diffs.append("models: got %r, want %r" % (q.get("models"),
                     e["models"]))
    check(not diffs, "%s: the query (seed, window %d-%d, models %s)" % (
          direction, w["from_block"], w["to_block"], ",".join(e["models"])),
          *diffs)
    v = rep.get("verification") or {}
    s = rep.get("strategy") or {}
    if s.get("mode") == "address-index":
        # look-ups fetch the blocks the search needs: every block the
        # trace read is among those verified
        nread = (rep.get("summary") or {}).get("blocks")
        check(v.get("failures") == 0 and isinstance(nread, int) and
              0 < nread <= v.get("blocks", -1),
              "%s: verification: every block the trace read, no failure"
              % direction, "got %r" % v)
    else:
        nblocks = w["to_block"] - w["from_block"] + 1
        check(v.get("failures") == 0 and v.get("blocks") == nblocks,
              "%s: verification: %d blocks, no failure" % (direction,
              nblocks), "got %r" % v)
    check(s.get("blocks_without_traces") == 0 and s.get("traces"),
          "%s: call traces for every block (internal transfers seen)" %
          direction, "got %r" % s)

    paths = rep.get("paths") or []
    check(len(paths) == len(e["paths"]), "%s: %d path%s" % (direction,
          len(e["paths"]), "" if len(e["paths"]) == 1 else "s"), "got %d:" % len(paths),
          "\n".join("%s %s at %s (%s)" % (p.get("end"), path_asset(p),
                    (p.get("hit") or {}).get("address"),
                    (p.get("hit") or {}).get("label")) for p in paths))
    for want in e["paths"]:
        where = "%s: %s" % (direction, want["name"])
        found = find_path(paths, want)
        if not check(len(found) == 1, where + ": reported once",
                     "%d paths end at %s in %s" % (len(found),
                     want["hit"]["address"], want["asset"])):
            continue
        p = found[0]
        check(low(p.get("seed")) == low(e["seed"]), where + ": seed",
              "got %r" % p.get("seed"))
        hit = p.get("hit") or {}
        diffs = ["%s: got %r, want %r" % (k, hit.get(k), want["hit"][k])
                 for k in ("category", "label", "source")
                 if hit.get(k) != want["hit"][k]]
        if p.get("end") != want["end"]:
            diffs.append("end: got %r, want %r" % (p.get("end"),
                         want["end"]))
        check(not diffs, "%s: ends as %s at %s (%s)" % (where, want["end"],
              want["end_name"], want["hit"]["category"]), *diffs)
        hops = p.get("hops") or []
        if check(len(hops) == len(want["hops"]), "%s: %d hops" % (where,
                 len(want["hops"])), "got:", show_hops(hops),
                 "want:", show_hops(want["hops"])):
            for i, (g, h) in enumerate(zip(hops, want["hops"])):
                check_hop("%s: hop %d" % (where, i + 1), g, h)
        models = e["models"]
        primary = p.get("taint")
        check(isinstance(primary, dict) and primary.get("model") ==
              models[0], where + ": primary taint is " + models[0],
              "got %r" % primary)
        if len(models) > 1:
            taints = {t.get("model"): t for t in p.get("taints") or []}
            check(sorted(taints) == sorted(models), where + ": taints of "
                  "every model", "got %r" % sorted(taints))
        else:
            taints = {models[0]: primary}
        for m in models:
            check_taint(where, m, taints.get(m), want["taint"][m])
    check(rep.get("stopped") == e["stopped"], "%s: nothing stopped "
          "(no hub, hop limit, threshold)" % direction,
          "got %r" % rep.get("stopped"))
    sm = rep.get("summary") or {}
    check((sm.get("hits"), sm.get("cashouts")) == (e["hits"], e["cashouts"]),
          "%s: summary: %d hits, %d cash-outs" % (direction, e["hits"],
          e["cashouts"]), "got %r" % sm)


def check_facts(exp, facts):
    diffs = []
    for k in ("actors", "contracts", "window", "chain_id"):
        if facts.get(k) != exp[k]:
            diffs.append("%s: got %r" % (k, facts.get(k)))
    check(not diffs, "scenario: same chain, addresses and window as "
          "recorded", *diffs)
    got = {k: {"hash": v["hash"], "block": v["block"], "index": v["index"]}
           for k, v in facts.get("txs", {}).items()}
    diffs = ["%s: got %r, want %r" % (k, got.get(k), v)
             for k, v in exp["txs"].items() if got.get(k) != v]
    diffs += ["%s: not in expected.json" % k for k in got
              if k not in exp["txs"]]
    got = [(b.get("number"), b.get("hash")) for b in facts.get("blocks", [])]
    want = [(b["number"], b["hash"]) for b in exp["blocks"]]
    check(got == want, "scenario: the same %d blocks (hashes) as recorded" %
          len(want), *["got %r, want %r" % (g, w) for g, w in
                       zip(got, want) if g != w][:5])
    check(not diffs, "scenario: the same %d transactions (hash, block, "
          "index) as recorded" % len(exp["txs"]), *diffs)


def check_csv(exp, text):
    e = exp["forward"]
    try:
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        ok = True
    except csv.Error as err:
        rows, ok = [], False
        check(False, "csv: parses", str(err))
    if not ok:
        return
    check(True, "csv: parses (RFC 4180, %d rows)" % len(rows))
    nhops = sum(len(p["hops"]) for p in e["paths"])
    check(len(rows) == nhops, "csv: one row per hop (%d)" % nhops,
          "got %d rows" % len(rows))
    bad = [v for r in rows for v in r.values()
           if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t",
                                                "\r")]
    check(not bad, "csv: no cell a spreadsheet would run as a formula",
          *bad[:5])
    for want in e["paths"]:
        where = "csv: " + want["name"]
        mine = [r for r in rows
                if same_addr(r.get("end_address"), want["hit"]["address"])
                and low(r.get("taint_poison_asset")) == low(want["asset"])]
        mine.sort(key=lambda r: int(r.get("hop") or 0))
        diffs = []
        if len(mine) != len(want["hops"]):
            diffs.append("%d rows, want %d" % (len(mine),
                         len(want["hops"])))
        for r, h in zip(mine, want["hops"]):
            for k in ("from", "to", "tx", "asset"):
                if low(r.get(k)) != low(h[k]):
                    diffs.append("hop %s %s: got %r, want %r" % (
                        r.get("hop"), k, r.get(k), h[k]))
            if r.get("kind") != h["kind"] or \
                    r.get("amount_raw") != h["amount_raw"]:
                diffs.append("hop %s: got %s %s, want %s %s" % (
                    r.get("hop"), r.get("kind"), r.get("amount_raw"),
                    h["kind"], h["amount_raw"]))
        for r in mine:
            if r.get("end_label") != want["hit"]["label"] or \
                    r.get("end_category") != want["hit"]["category"]:
                diffs.append("end: got %r %r" % (r.get("end_category"),
                             r.get("end_label")))
            for m, t in want["taint"].items():
                if r.get("taint_%s_raw" % m) != t["amount_raw"] or \
                        dec(r.get("taint_%s_share" % m)) != \
                        want_share(t["share"]):
                    diffs.append("hop %s %s taint: got %r share %r, want "
                                 "%s share %s" % (r.get("hop"), m,
                                 r.get("taint_%s_raw" % m),
                                 r.get("taint_%s_share" % m),
                                 t["amount_raw"], t["share"]))
        check(not diffs, where + ": its hops and taints", *diffs[:12])


def check_html(exp, text):
    e = exp["forward"]
    check(re.match(r"\s*<!doctype html", text, re.I) is not None and
          text.rstrip().lower().endswith("</html>"),
          "html: one complete document")
    check(re.search(r"<script", text, re.I) is None, "html: no <script")
    ext = re.findall(r"""(?:src|href|action|xlink:href)\s*=\s*["']?\s*"""
                     r"""(?!#|data:)[^"'\s>]+""", text, re.I)
    ext += re.findall(r"<(?:link|iframe|object|embed|base)\b", text, re.I)
    ext += re.findall(r"url\(\s*['\"]?(?!#|data:)", text, re.I)
    ext += re.findall(r"@import", text, re.I)
    check(not ext, "html: self-contained (no external resource)", *ext[:5])
    label = exp["watchlist"]["exchange"]["label"]
    raw_bits = [b for b in ("<EX-1>", '"hot"') if b in text]
    check(not raw_bits, "html: the exchange's label is escaped",
          "raw in the file: %r" % raw_bits)
    check(label in html.unescape(text), "html: the label is there, "
          "escaped (%s)" % label)
    missing = [p["hit"]["address"] for p in e["paths"]
               if p["hit"]["address"].lower() not in text.lower()]
    check(not missing, "html: every path's end is shown", *missing)


def check_text(exp, text):
    e = exp["forward"]
    missing = [p["hit"]["address"] for p in e["paths"]
               if p["hit"]["address"].lower() not in text.lower()]
    missing += [p["hit"]["label"] for p in e["paths"]
                if p["hit"]["label"] not in text]
    check(not missing, "text: every path's end and label is shown",
          *missing)
    ctl = [c for c in text if (ord(c) < 32 and c not in "\n\t") or
           0x7f <= ord(c) < 0xa0]
    check(not ctl, "text: no control characters", repr(ctl[:5]))


def check_dot(exp, text):
    e = exp["forward"]
    check(re.match(r"\s*(strict\s+)?digraph\b", text) is not None and
          text.rstrip().endswith("}"), "dot: a digraph")
    hops = {(h["from"].lower(), h["to"].lower()) for p in e["paths"]
            for h in p["hops"]}
    missing = ["%s -> %s" % x for x in sorted(hops)
               if x[0] not in text.lower() or x[1] not in text.lower()]
    check(not missing, "dot: every hop's addresses are nodes", *missing)


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: check.py facts|forward|backward|csv|html|text|dot "
                 "EXPECTED FILE")
    mode, exp_path, path = sys.argv[1:]
    with open(exp_path, encoding="utf-8") as f:
        exp = json.load(f)
    try:
        with open(path, encoding="utf-8", newline="") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as err:
        check(False, "%s: %s readable" % (mode, path), str(err))
        return 1
    if mode in ("facts", "forward", "backward"):
        try:
            doc = json.loads(text)
        except ValueError as err:
            check(False, "%s: %s is JSON" % (mode, path), str(err))
            return 1
        if mode == "facts":
            check_facts(exp, doc)
        else:
            check_report(exp, doc, mode)
    elif mode == "csv":
        check_csv(exp, text)
    elif mode == "html":
        check_html(exp, text)
    elif mode == "text":
        check_text(exp, text)
    elif mode == "dot":
        check_dot(exp, text)
    else:
        sys.exit("check.py: unknown mode " + mode)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
