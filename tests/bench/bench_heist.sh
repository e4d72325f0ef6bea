#!/bin/sh
# Heist benchmark (issue #5, item 7, "Speed"): the case's trace time and
# request count, beside a naive one-request-per-step walk of the same case.
#
# The case: fixtures/heist/scenario.cjs played on a fresh anvil (as
# heist_live.sh and record.sh do), then the README's forward trace of it
# (expected.json's forward trace_args: --hops 8 --model all, blocks 4-16,
# from the exploit tx) with `scanner --format json`, live from anvil
# through tests/integration/proxy.py with --record, each run into a fresh
# database holding fixtures/heist/watchlist.csv: wall time (median of 3),
# JSON-RPC calls (the `>> ` lines of the recording) and HTTP requests (the
# proxy's log). Its report is compared with expected.json by
# tests/heist/check.py, the result printed (failures do not fail the
# benchmark: the ends below do).
#
# The limit: naive_walk (tests/bench/naive_walk.c: libcurl + jansson, one
# JSON-RPC call per HTTP request, no batching, no cache) through the same
# proxy, from the same tx, with the same hops and window, stopping at the
# addresses of watchlist.csv and the bundled lists (watchlists/*.csv): its
# requests (its own count, checked against the proxy's) and wall time
# (median of 3). It must reach the same ends as the scanner's paths
# (paths[].hit.address), which must be expected.json's: both sets are
# printed and the benchmark fails if they differ. Then the same two runs
# straight to anvil (no proxy, no --record), for the time without the
# proxy's per-request cost.
#
# usage: bench_heist.sh SCANNER NAIVE_WALK SOURCE_ROOT
set -u
BIN=$1
NAIVE=$2
SRC=$3
RUNS=3
. "$SRC/tests/integration/lib.sh"
H=$SRC/fixtures/heist
EXP=$H/expected.json

fail() {
	echo "bench_heist: $1" >&2
	if [ $# -gt 1 ] && [ -f "$2" ]; then
		sed -n '1,20p' "$2" >&2
	fi
	exit 1
}

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

commas() {	# commas N: 1432 -> 1,432
	echo "$1" | sed -e ':a' \
	    -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/' -e 'ta'
}

# expected EXPR: a value from expected.json (a python expression on e)
expected() {
	python3 -c 'import json, sys
e = json.load(open(sys.argv[1]))
print(eval(sys.argv[2]))' "$EXP" "$1"
}

# served: the HTTP requests the proxy has served so far, once it has
# logged the last one (it logs after answering)
served() {
	n=$(grep -c '^served ' "$T/proxy.log")
	while :; do
		sleep 0.05
		m=$(grep -c '^served ' "$T/proxy.log")
		[ "$m" -eq "$n" ] && break
		n=$m
	done
	echo "$n"
}

command -v node >/dev/null 2>&1 || fail "node is not installed"
GENESIS=$(expected 'e["anvil"]["genesis_timestamp"]') ||
	fail "cannot read $EXP"
ARGS=$(expected '" ".join(e["forward"]["trace_args"])')
TX=$(expected 'e["exploit_tx"]')
FROM=$(expected 'e["window"]["from_block"]')
TO=$(expected 'e["window"]["to_block"]')
HOPS=$(expected 'e["forward"]["trace_args"][
    e["forward"]["trace_args"].index("--hops") + 1]')
# The ends of expected.json's forward paths, lower case, sorted.
WANT=$(expected '"\n".join(sorted({p["hit"]["address"].lower()
    for p in e["forward"]["paths"]}))')

anvil_start heist --timestamp "$GENESIS" --order fifo
s=$(now)
SCANNER_DEPS=$SRC/.deps node "$H/scenario.cjs" "$ANVIL_URL" "$ANVIL_LOG" \
    "$T/facts.json" >"$T/scenario.out" 2>&1 ||
	fail "the scenario failed on anvil" "$T/scenario.out"
python3 "$SRC/tests/heist/check.py" facts "$EXP" "$T/facts.json" \
    >"$T/facts.check" 2>&1 ||
	fail "the scenario did not make expected.json's transactions" \
	    "$T/facts.check"
NTX=$(python3 -c 'import json, sys
f = json.load(open(sys.argv[1]))
print(sum(len(b["txs"]) for b in f["blocks"]
    if int(sys.argv[2]) <= b["number"] <= int(sys.argv[3])))' \
    "$T/facts.json" "$FROM" "$TO")
echo "chain: anvil $("$ANVIL" --version | sed -n 's/^anvil Version: //p')" \
    "(--hardfork prague) on 127.0.0.1, the scripted heist" \
    "(fixtures/heist/scenario.cjs) played in $(calc %.1f "$(now) - $s") s;" \
    "window $FROM-$TO: $((TO - FROM + 1)) blocks, $NTX transactions;" \
    "$(nproc) cores"
echo "trace: scanner --db FRESH trace --format json $ARGS"

# scan URL RECORD: one timed scanner trace into a fresh database (the
# watchlist imported first, untimed); RECORD "-" for none. Sets SECS and
# the report $T/scan.json.
scan() {
	rm -rf "$T/db" "$T/rec"
	mkdir -p "$T/db"
	"$BIN" --db "$T/db" --quiet watchlist import "$H/watchlist.csv" \
	    >"$T/scan.err" 2>&1 || fail "watchlist import failed" "$T/scan.err"
	set -- --rpc "$1"
	[ "$2" = "-" ] || set -- "$@" --record "$T/rec"
	s=$(now)
	# shellcheck disable=SC2086 # the arguments: hex, numbers and words
	"$BIN" "$@" --db "$T/db" --quiet trace --format json \
	    --output "$T/scan.json" $ARGS >"$T/scan.err" 2>&1
	rc=$?
	SECS=$(calc %.4f "$(now) - $s")
	[ "$rc" -eq 1 ] ||
		fail "scanner trace exited $rc, not 1 (hits)" "$T/scan.err"
}

# walk URL: one timed naive walk. Sets SECS, NREQ, NEXP and $T/naive.ends.
walk() {
	s=$(now)
	"$NAIVE" "$1" "$TX" "$FROM" "$TO" "$HOPS" "$H/watchlist.csv" \
	    "$SRC"/watchlists/*.csv >"$T/naive.out" 2>"$T/naive.err" ||
		fail "naive_walk failed" "$T/naive.err"
	SECS=$(calc %.4f "$(now) - $s")
	NREQ=$(sed -n 's/^requests //p' "$T/naive.out")
	NEXP=$(sed -n 's/^expanded //p' "$T/naive.out")
	sed -n 's/^end //p' "$T/naive.out" | sort -u >"$T/naive.ends"
}

ends() {	# ends REPORT: the paths' end addresses, lower case, sorted
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print("\n".join(sorted({p["hit"]["address"].lower() for p in d["paths"]})))' \
	    "$1"
}

proxy_start 1000000

# The scanner through the proxy, with --record.
set --
CALLS=
HTTP=
i=0
while [ $i -lt $RUNS ]; do
	h0=$(served)
	scan "$PROXY_URL" "$T/rec"
	h1=$(served)
	c=$(cat "$T/rec"/*.io | grep -c '^>> ')
	set -- "$@" "$SECS"
	CALLS="$CALLS $c"
	HTTP="$HTTP $((h1 - h0))"
	if [ $i -eq 0 ]; then
		python3 "$SRC/tests/heist/check.py" forward "$EXP" \
		    "$T/scan.json" >"$T/scan.check" 2>&1
		ends "$T/scan.json" >"$T/scan.ends"
	fi
	i=$((i + 1))
done
T_SCAN=$(median "$@")
TIMES_SCAN=$(printf '%.2f ' "$@")
# shellcheck disable=SC2086
C_SCAN=$(median $CALLS)
# shellcheck disable=SC2086
H_SCAN=$(median $HTTP)
STRATEGY=$(python3 -c 'import json, sys
s = json.load(open(sys.argv[1]))["strategy"]
print(", ".join("%s %s" % (k, v) for k, v in s.items()))' "$T/scan.json")

# The naive walk through the same proxy.
set --
i=0
while [ $i -lt $RUNS ]; do
	h0=$(served)
	walk "$PROXY_URL"
	h1=$(served)
	k=0	# the proxy logs after answering: give its log time
	while [ "$((h1 - h0))" -lt "$NREQ" ] && [ $k -lt 40 ]; do
		sleep 0.05
		h1=$(served)
		k=$((k + 1))
	done
	[ "$((h1 - h0))" -eq "$NREQ" ] ||
		fail "naive_walk counted $NREQ requests, the proxy $((h1 - h0))"
	set -- "$@" "$SECS"
	i=$((i + 1))
done
T_NAIVE=$(median "$@")
TIMES_NAIVE=$(printf '%.2f ' "$@")

# The rest of expected.json, for information: how the scanner fetches
# (what it verified, say) is its own business here; its ends are not.
echo "scanner's report vs expected.json (tests/heist/check.py forward):" \
    "$(grep -c '^ok - ' "$T/scan.check") checks pass," \
    "$(grep -c '^not ok - ' "$T/scan.check") fail"
sed -n 's/^not ok - /  failed: /p' "$T/scan.check" | sed -n '1,10p'

# The same ends, or no comparison.
echo "$WANT" >"$T/want.ends"
echo "ends: expected.json  $(tr '\n' ' ' <"$T/want.ends")"
echo "      scanner paths  $(tr '\n' ' ' <"$T/scan.ends")"
echo "      naive walk     $(tr '\n' ' ' <"$T/naive.ends")"
cmp -s "$T/want.ends" "$T/scan.ends" ||
	fail "the scanner's ends are not expected.json's"
cmp -s "$T/scan.ends" "$T/naive.ends" ||
	fail "the naive walk's ends are not the scanner's"

# Straight to anvil: no proxy, no recording.
set --
i=0
while [ $i -lt $RUNS ]; do
	scan "$ANVIL_URL" -
	set -- "$@" "$SECS"
	i=$((i + 1))
done
D_SCAN=$(median "$@")
set --
i=0
while [ $i -lt $RUNS ]; do
	walk "$ANVIL_URL"
	set -- "$@" "$SECS"
	i=$((i + 1))
done
D_NAIVE=$(median "$@")

echo "heist: scanner trace $(calc %.2f "$T_SCAN") s," \
    "$(commas "$C_SCAN") JSON-RPC calls in $(commas "$H_SCAN") HTTP requests"
echo "       naive walk    $(calc %.2f "$T_NAIVE") s," \
    "$(commas "$NREQ") requests (one call each)"
echo "       scanner/naive: time $(calc %.3f "$T_SCAN / $T_NAIVE")," \
    "requests $(calc %.4f "$H_SCAN / $NREQ")"
echo "(through proxy.py, fresh database each run, median of $RUNS;" \
    "scanner runs ${TIMES_SCAN}s, calls$CALLS, HTTP$HTTP, its strategy:" \
    "$STRATEGY; naive runs ${TIMES_NAIVE}s, $NEXP addresses x" \
    "$((TO - FROM + 1)) blocks walked; JSON-RPC calls scanner/naive" \
    "$(calc %.3f "$C_SCAN / $NREQ"))"
echo "straight to anvil (no proxy, no --record), median of $RUNS:" \
    "scanner $(calc %.2f "$D_SCAN") s, naive walk $(calc %.2f "$D_NAIVE") s," \
    "scanner/naive: time $(calc %.3f "$D_SCAN / $D_NAIVE")"

# A wide window: 2,000 empty blocks mined after the case, the same trace
# over blocks FROM..TO+2000, with address-indexed look-ups and with a
# block scan (both into fresh databases, straight to anvil, through the
# proxy for the HTTP count); the paths must be the same.
WIDE=2000
curl -s -X POST -H 'content-type: application/json' --data \
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"anvil_mine\",\"params\":[\"$(printf '0x%x' $WIDE)\"]}" \
    "$ANVIL_URL" >"$T/mine.out" || fail "anvil_mine failed" "$T/mine.out"
WTO=$((TO + WIDE))
WARGS=$(echo "$ARGS" | sed "s/--to-block $TO/--to-block $WTO/")
# wide STRATEGY: one timed trace through the proxy; sets SECS, WC, WH
wide() {
	rm -rf "$T/db" "$T/rec"
	mkdir -p "$T/db"
	"$BIN" --db "$T/db" --quiet watchlist import "$H/watchlist.csv" \
	    >"$T/wide.err" 2>&1 || fail "watchlist import failed" "$T/wide.err"
	h0=$(served)
	s=$(now)
	# shellcheck disable=SC2086 # the arguments: hex, numbers and words
	"$BIN" --rpc "$PROXY_URL" --record "$T/rec" --db "$T/db" --quiet \
	    trace --strategy "$1" --format json --output "$T/wide-$1.json" \
	    $WARGS >"$T/wide.err" 2>&1
	rc=$?
	SECS=$(calc %.4f "$(now) - $s")
	h1=$(served)
	[ "$rc" -eq 1 ] || fail "wide trace ($1) exited $rc" "$T/wide.err"
	WC=$(cat "$T/rec"/*.io | grep -c '^>> ')
	WH=$((h1 - h0))
}
for st in index scan; do
	set --
	i=0
	while [ $i -lt $RUNS ]; do
		wide $st
		set -- "$@" "$SECS"
		i=$((i + 1))
	done
	eval "WT_$st=$(median "$@") WC_$st=$WC WH_$st=$WH"
done
python3 -c 'import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
sys.exit(not (a["paths"] == b["paths"] and a["stopped"] == b["stopped"]))' \
    "$T/wide-index.json" "$T/wide-scan.json" ||
	fail "wide window: look-ups and the block scan disagree"
# shellcheck disable=SC2154 # set by eval above
echo "wide window $FROM-$WTO ($((WTO - FROM + 1)) blocks), through the" \
    "proxy, median of $RUNS: look-ups $(calc %.2f "$WT_index") s," \
    "$(commas "$WC_index") calls in $(commas "$WH_index") HTTP requests;" \
    "block scan $(calc %.2f "$WT_scan") s, $(commas "$WC_scan") calls in" \
    "$(commas "$WH_scan") HTTP requests; look-ups/scan: time" \
    "$(calc %.3f "$WT_index / $WT_scan"), calls" \
    "$(calc %.3f "$WC_index / $WC_scan") (the same paths)"
