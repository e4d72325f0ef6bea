#!/bin/sh
# heist_live.sh SCANNER SRC - the scripted heist (fixtures/heist/
# scenario.cjs) on a live anvil: the scenario must reproduce the recorded
# transactions, and scanner, fetching from that node, must report every
# path, hop, amount and taint of fixtures/heist/expected.json (computed by
# hand: fixtures/heist/README.md) forward from the exploit tx, and find the
# Tornado Cash pool backward from the pool withdrawal's recipient. Needs
# tests/install-deps --test (anvil, viem, solc in .deps/) and node.
SCANNER=$1
SRC=$2
. "$SRC/tests/integration/lib.sh"
H=$SRC/fixtures/heist
EXP=$H/expected.json
CHECK=$SRC/tests/heist/check.py

command -v node >/dev/null 2>&1 || bail "node is not installed"
GENESIS=$(python3 -c 'import json, sys
print(json.load(open(sys.argv[1]))["anvil"]["genesis_timestamp"])' "$EXP") ||
	bail "cannot read $EXP"
anvil_start heist --timestamp "$GENESIS" --order fifo
SCANNER_DEPS=$SRC/.deps node "$H/scenario.cjs" "$ANVIL_URL" "$ANVIL_LOG" \
    "$T/facts.json" 2>"$T/scenario.err"
rc=$?
ok "$rc" "the scenario ran on anvil (receipts, events and balances checked)"
[ "$rc" -eq 0 ] || { diag "$T/scenario.err"; tap_done; }
tap_run python3 "$CHECK" facts "$EXP" "$T/facts.json"

argv() {
	python3 -c 'import json, sys
print("\n".join(json.load(open(sys.argv[1]))[sys.argv[2]]["trace_args"]))' \
	    "$EXP" "$1"
}
trace() {	# trace OUT forward|backward [OPTION...]: sets rc
	out=$1
	args=$(argv "$2")
	shift 2
	mkdir -p "$T/db-$out"
	# shellcheck disable=SC2086 # the arguments: hex, numbers and words
	"$SCANNER" --db "$T/db-$out" --quiet watchlist import \
	    "$H/watchlist.csv" >/dev/null 2>"$T/$out.err" &&
	"$SCANNER" --rpc "$ANVIL_URL" --db "$T/db-$out" --quiet trace \
	    --format json --output "$T/$out" "$@" $args 2>"$T/$out.err"
	rc=$?
}
# same A B: the two reports have the same paths and stopped addresses.
same() {
	python3 -c 'import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
sys.exit(not (a["paths"] == b["paths"] and a["stopped"] == b["stopped"]))' \
	    "$1" "$2"
}

trace fwd.json forward
ok $((rc != 1)) "forward: exit code 1 (the pools are hits), got $rc"
[ "$rc" -eq 1 ] || diag "$T/fwd.json.err"
tap_run python3 "$CHECK" forward "$EXP" "$T/fwd.json"

trace bwd.json backward
ok $((rc != 1)) "backward: exit code 1 (the pool is a hit), got $rc"
[ "$rc" -eq 1 ] || diag "$T/bwd.json.err"
tap_run python3 "$CHECK" backward "$EXP" "$T/bwd.json"

# Address-indexed look-ups (trace_filter, eth_getLogs: anvil has both)
# against a block scan of the window: the same paths and stopped
# addresses, whatever the hub threshold (hubs found by the node's count
# are not fetched) and without call traces (pool payouts by eth_getLogs).
for dir in forward backward; do
	for opts in "" "--hub-degree 3" "--hub-degree 5" "--no-traces"; do
		name=$dir$(echo "$opts" | tr -d ' -')
		# shellcheck disable=SC2086 # options: words and numbers
		trace "$name-index.json" $dir --strategy index $opts
		rci=$rc
		# shellcheck disable=SC2086
		trace "$name-scan.json" $dir --strategy scan $opts
		ok $((rci > 1 || rc > 1)) \
		    "$dir $opts: both strategies ran (exit $rci, $rc)"
		same "$T/$name-index.json" "$T/$name-scan.json"
		ok $? "$dir $opts: look-ups and a block scan give the same \
paths and stops"
	done
done
tap_run python3 "$CHECK" forward "$EXP" "$T/forward-index.json"
tap_run python3 "$CHECK" backward "$EXP" "$T/backward-index.json"

tap_done
