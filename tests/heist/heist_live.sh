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
trace() {	# trace OUT forward|backward: sets rc
	out=$1
	args=$(argv "$2")
	# shellcheck disable=SC2086 # the arguments: hex, numbers and words
	set -- $args
	mkdir -p "$T/db-$out"
	"$SCANNER" --db "$T/db-$out" --quiet watchlist import \
	    "$H/watchlist.csv" >/dev/null 2>"$T/$out.err" &&
	"$SCANNER" --rpc "$ANVIL_URL" --db "$T/db-$out" --quiet trace \
	    --format json --output "$T/$out" "$@" 2>"$T/$out.err"
	rc=$?
}

trace fwd.json forward
ok $((rc != 1)) "forward: exit code 1 (the pools are hits), got $rc"
[ "$rc" -eq 1 ] || diag "$T/fwd.json.err"
tap_run python3 "$CHECK" forward "$EXP" "$T/fwd.json"

trace bwd.json backward
ok $((rc != 1)) "backward: exit code 1 (the pool is a hit), got $rc"
[ "$rc" -eq 1 ] || diag "$T/bwd.json.err"
tap_run python3 "$CHECK" backward "$EXP" "$T/bwd.json"

tap_done
