#!/bin/sh
# Fetch benchmark (issue #3, "Speed"): `scanner fetch` of a local anvil
# chain of 2,001 blocks carrying 6,000 transactions (three a block, types
# 0, 1 and 2 in turn, sent by anvil's unlocked accounts, automine off,
# one evm_mine a block) into a fresh database, with full verification:
# blocks/s and transactions/s (median of 3 runs); JSON-RPC calls and HTTP
# requests per block (the calls counted in a --record recording, the HTTP
# requests by tests/integration/proxy.py in front of anvil); beside the
# same range replayed from the recording (no node: decode, verify, LMDB),
# replayed with --verify off, and decoding alone (bench_fetch_decode).
# The issue sets no floor for these: they are reported, for the README.
#
# usage: bench_fetch.sh SCANNER BENCH_FETCH_DECODE SOURCE_ROOT [BLOCKS [TXS]]
set -u
BIN=$1
DECODE=$2
SRC=$3
BLOCKS=${4:-2000}
PER=${5:-3}
RUNS=3
. "$SRC/tests/integration/lib.sh"

now() {
	date +%s.%N
}

# calc FORMAT EXPR: awk arithmetic, printed with FORMAT
calc() {
	awk "BEGIN { printf \"$1\", $2 }"
}

# median A B C...: the middle value
median() {
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
	    END { print v[int((NR + 1) / 2)] }'
}

# timed ARGS...: run scanner into a fresh database, print the seconds
timed() {
	rm -rf "$T/db"
	s=$(now)
	"$BIN" --db "$T/db" --quiet "$@" >"$T/out" 2>&1 || {
		echo "bench_fetch: scanner $* failed:" >&2
		cat "$T/out" >&2
		exit 1
	}
	calc %.4f "$(now) - $s"
}

rate() {	# rate COUNT SECONDS
	calc %.0f "$1 / $2"
}

anvil_start bench
s=$(now)
chain load "$ANVIL_URL" "$ANVIL_LOG" "$BLOCKS" "$PER" >"$T/load" 2>&1 || {
	cat "$T/load" >&2
	exit 1
}
HEAD=$(sed -n 's/^head \([0-9]*\) txs.*/\1/p' "$T/load")
NTX=$(sed -n 's/^head [0-9]* txs \([0-9]*\)/\1/p' "$T/load")
N=$((HEAD + 1))
echo "chain: anvil $("$ANVIL" --version | sed -n 's/^anvil Version: //p')" \
    "(--hardfork prague) on 127.0.0.1, blocks 0-$HEAD ($N), $NTX" \
    "transactions, made in $(calc %.1f "$(now) - $s") s;" \
    "$(nproc) cores"

# End to end from the node.
set --
i=0
while [ $i -lt $RUNS ]; do
	set -- "$@" "$(timed --rpc "$ANVIL_URL" fetch --from 0 --to "$HEAD")"
	i=$((i + 1))
done
grep -q "^blocks 0-$HEAD: $N fetched" "$T/out" || {
	cat "$T/out" >&2
	exit 1
}
T_NODE=$(median "$@")
echo "fetch from anvil (HTTP, verify full, fresh LMDB), median of $RUNS:" \
    "$(rate "$N" "$T_NODE") blocks/s, $(rate "$NTX" "$T_NODE") tx/s" \
    "($(printf '%.2f ' "$@")s)"

# Requests per block: calls in a recording, HTTP requests via the proxy.
rm -rf "$T/rec"
timed --record "$T/rec" --rpc "$ANVIL_URL" fetch --from 0 --to "$HEAD" \
    >/dev/null
CALLS=$(cat "$T/rec"/*.io | grep -c '^>> ')
BLOCKCALLS=$(cat "$T/rec"/*.io | grep '^>> ' | grep -cE \
    '"method":"(eth_getBlockByNumber|eth_getBlockReceipts|trace_block|debug_traceBlockByNumber)","params":\["0x[0-9a-f]+"(,true|,\{[^]]*\})?\]')
proxy_start 1000000
timed --rpc "$PROXY_URL" fetch --from 0 --to "$HEAD" >/dev/null
HTTP=$(grep -c '^served ' "$T/proxy.log")
echo "requests: $(calc %.2f "$CALLS / $N")" \
    "JSON-RPC calls per block ($CALLS in all, $BLOCKCALLS of them" \
    "block, receipts and trace requests, the rest the endpoint probe)," \
    "$(calc %.3f "$HTTP / $N") HTTP requests" \
    "per block ($HTTP in all: JSON-RPC batches)"

# No node: the recording replayed, then decoding alone.
set --
i=0
while [ $i -lt $RUNS ]; do
	set -- "$@" "$(timed --rpc "$T/rec" fetch --from 0 --to "$HEAD")"
	i=$((i + 1))
done
T_REPLAY=$(median "$@")
echo "replay of the recording (--rpc DIR, verify full, fresh LMDB)," \
    "median of $RUNS: $(rate "$N" "$T_REPLAY") blocks/s," \
    "$(rate "$NTX" "$T_REPLAY") tx/s"
set --
i=0
while [ $i -lt $RUNS ]; do
	set -- "$@" "$(timed --verify off --rpc "$T/rec" fetch --from 0 \
	    --to "$HEAD")"
	i=$((i + 1))
done
T_OFF=$(median "$@")
echo "replay, --verify off: $(rate "$N" "$T_OFF") blocks/s," \
    "$(rate "$NTX" "$T_OFF") tx/s"
"$DECODE" "$T/rec" "$RUNS" >"$T/decode" || exit 1
set -- $(cat "$T/decode")
echo "decode alone (decode.h on the $2 recorded blocks with receipts and" \
    "traces, one core, median of $RUNS): $(rate "$2" "$4") blocks/s," \
    "$(rate "$3" "$4") tx/s"
echo "so of the replay's $(printf '%.2f' "$T_REPLAY") s, decoding is" \
    "$(printf '%.2f' "$4") s; the rest is loading the cassettes, verifying" \
    "($(calc %.2f "$T_REPLAY - $T_OFF") s, from --verify off) and LMDB"
