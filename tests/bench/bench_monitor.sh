#!/bin/sh
# Monitor benchmark (issue #6, "Speed"): the blocks per second `scanner
# monitor` keeps up with on a local anvil chain (2,000 blocks of three
# value transfers each, made by tests/integration/chain.cjs load: anvil's
# ten dev accounts paying each other in a ring) with a 10,000-address
# watchlist and 1,000 own addresses imported (generated; one dev account is
# among the hits, one among the own addresses, one is followed, so that
# every kind of alert is made along the ring), beside the fetcher's raw
# rate: `scanner fetch` of the same range into the same kind of database.
# Three figures, medians of 3 runs, each into a fresh copy of the
# database with the lists imported:
#   fetch      scanner fetch --from 1 --to HEAD (verify full)
#   monitor    scanner monitor --start 1 --confirmations 0 from an empty
#              cache: fetch, check, scan, record and print every alert
#   scan       the same monitor run once the blocks are cached: what the
#              monitor adds to the fetcher
# The limit they are measured against is the chain's: mainnet makes a
# block every 12 s (0.083 blocks/s).
#
# usage: bench_monitor.sh SCANNER SOURCE_ROOT [BLOCKS [TXS]]
set -u
BIN=$1
SRC=$2
BLOCKS=${3:-2000}
PER=${4:-3}
RUNS=3
. "$SRC/tests/integration/lib.sh"

now() {
	date +%s.%N
}

calc() {	# calc FORMAT EXPR
	awk "BEGIN { printf \"$1\", $2 }"
}

median() {
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
	    END { print v[int((NR + 1) / 2)] }'
}

fail() {
	echo "bench_monitor: $1" >&2
	sed -n '1,20p' "$T/out" >&2
	exit 1
}

# timed PREP ARGS...: a fresh copy of the template database; PREP (a
# scanner command line or "-") run untimed on it first; then scanner ARGS
# timed. Prints the seconds.
timed() {
	prep=$1
	shift
	rm -rf "$T/db"
	cp -r "$T/template" "$T/db"
	if [ "$prep" != "-" ]; then
		# shellcheck disable=SC2086
		"$BIN" --db "$T/db" --quiet $prep >"$T/out" 2>&1 ||
		    fail "scanner $prep failed"
	fi
	s=$(now)
	"$BIN" --db "$T/db" --quiet "$@" >"$T/out" 2>"$T/err"
	rc=$?
	e=$(now)
	[ "$rc" -le 1 ] || { cat "$T/err" >>"$T/out"; fail "scanner $* exit $rc"; }
	calc %.4f "$e - $s"
}

anvil_start bench
s=$(now)
chain load "$ANVIL_URL" "$ANVIL_LOG" "$BLOCKS" "$PER" >"$T/load" 2>&1 || {
	cat "$T/load" >&2
	exit 1
}
HEAD=$(sed -n 's/^head \([0-9]*\) txs.*/\1/p' "$T/load")
NTX=$(sed -n 's/^head [0-9]* txs \([0-9]*\)/\1/p' "$T/load")
echo "chain: anvil $("$ANVIL" --version | sed -n 's/^anvil Version: //p')" \
    "on 127.0.0.1, blocks 1-$HEAD, $NTX transactions, made in" \
    "$(calc %.1f "$(now) - $s") s; $(nproc) cores"

rpc eth_accounts '[]' | python3 -c 'import json, sys
for a in json.load(sys.stdin): print(a)' >"$T/accounts"
acct() {
	sed -n "$(($1 + 1))p" "$T/accounts"
}

# 10,000 hits (one a dev account) and 1,000 own addresses (one too).
python3 - "$T" "$(acct 1)" "$(acct 3)" <<'PY'
import random, sys
t, hit, own = sys.argv[1:4]
rnd = random.Random(6)
cats = ["mixer", "sanctioned", "heist", "custom"]
with open(t + "/hits.csv", "w") as f:
    f.write("address,category,label\n%s,mixer,bench mixer\n" % hit)
    for i in range(9999):
        f.write("0x%040x,%s,hit %d\n" % (rnd.getrandbits(160), cats[i % 4], i))
with open(t + "/own.csv", "w") as f:
    f.write("address,category,label\n%s,own,bench deposit\n" % own)
    for i in range(999):
        f.write("0x%040x,own,deposit %d\n" % (rnd.getrandbits(160), i))
PY
"$BIN" --db "$T/template" --quiet watchlist import --source bench-hits \
    "$T/hits.csv" >"$T/out" 2>&1 || fail "import hits"
"$BIN" --db "$T/template" --quiet watchlist import --source bench-own \
    "$T/own.csv" >"$T/out" 2>&1 || fail "import own"
echo "lists: 10,000 hit addresses (source bench-hits), 1,000 own" \
    "(bench-own), plus the bundled lists"

set --
i=0
while [ $i -lt $RUNS ]; do
	set -- "$@" "$(timed - --rpc "$ANVIL_URL" fetch --from 1 --to "$HEAD")"
	i=$((i + 1))
done
T_FETCH=$(median "$@")

MON="--rpc $ANVIL_URL monitor --start 1 --confirmations 0 --format ndjson"
set --
i=0
while [ $i -lt $RUNS ]; do
	# shellcheck disable=SC2086
	set -- "$@" "$(timed - $MON --follow "$(acct 7)")"
	i=$((i + 1))
done
T_MON=$(median "$@")
ALERTS=$(wc -l <"$T/out")
grep -q "^monitor: blocks 1-$HEAD, " "$T/err" || fail "the monitor did not scan 1-$HEAD"
KINDS=$(python3 -c 'import json, sys, collections
c = collections.Counter(json.loads(l)["kind"] for l in open(sys.argv[1]))
print(", ".join("%d %s" % (n, k) for k, n in sorted(c.items())))' "$T/out")

set --
i=0
while [ $i -lt $RUNS ]; do
	# shellcheck disable=SC2086
	set -- "$@" "$(timed "--rpc $ANVIL_URL fetch --from 1 --to $HEAD" \
	    $MON --follow "$(acct 7)")"
	i=$((i + 1))
done
T_SCAN=$(median "$@")

echo "fetch   (scanner fetch, verify full):  $(calc %.0f "$HEAD / $T_FETCH")" \
    "blocks/s ($(calc %.2f "$T_FETCH") s)"
echo "monitor (fetch + scan + $ALERTS alerts):  $(calc %.0f "$HEAD / $T_MON")" \
    "blocks/s ($(calc %.2f "$T_MON") s), $(calc %.0f "100 * $T_FETCH / $T_MON")%" \
    "of the fetcher's rate; alerts: $KINDS"
echo "scan    (monitor on cached blocks):    $(calc %.0f "$HEAD / $T_SCAN")" \
    "blocks/s ($(calc %.2f "$T_SCAN") s)"
echo "limit: mainnet makes 0.083 blocks/s (one every 12 s): the monitor" \
    "keeps up $(calc %.0f "$HEAD / $T_MON / 0.0833")x over"
