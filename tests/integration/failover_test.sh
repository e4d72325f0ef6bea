#!/bin/sh
# Integration: several --rpc endpoints, failover in order, against a real
# anvil node: a first endpoint that refuses connections (a loopback port
# held bound and never listening), one that goes down in the middle of a
# fetch (tests/integration/proxy.py in front of anvil, closing after 10
# requests), and a lone dead endpoint, which must fail cleanly with exit 4.
# Each case on a fresh database, so the endpoint is probed. TAP output.
#
# usage: failover_test.sh SCANNER INTEG_CHECK SOURCE_ROOT
set -u
BIN=$1
SRC=$3
. "$SRC/tests/integration/lib.sh"

# scan EXPECTED_RC ARGS...: run scanner; stdout+stderr in $T/out
scan() {
	want=$1
	shift
	"$BIN" "$@" >"$T/out" 2>&1
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "# scanner $*: exit $got, want $want"
		diag "$T/out"
		return 1
	fi
	return 0
}

anvil_start failover
chain load "$ANVIL_URL" "$ANVIL_LOG" 40 2 >"$T/load" 2>&1 || {
	diag "$T/load"
	bail "chain.cjs could not load the chain"
}
rpc anvil_mine '["0xc8"]' >/dev/null || bail "anvil_mine failed"
HEAD=$(($(rpc eth_blockNumber '[]' | tr -d '"')))
N=$((HEAD + 1))
closed_port
DEAD=http://127.0.0.1:$CLOSED_PORT
echo "# anvil at $ANVIL_URL: blocks 0-$HEAD, 80 transactions; $DEAD refuses connections"

scan 0 --db "$T/db1" --rpc "$DEAD" --rpc "$ANVIL_URL" fetch --from 0 \
    --to "$HEAD" &&
	grep -q "^blocks 0-$HEAD: $N fetched, 0 already cached, 0 rejected; 80 transactions" "$T/out"
ok $? "--rpc <refusing port> --rpc <anvil>: fetch 0..$HEAD on a fresh database fails over to anvil, exit 0, $N blocks fetched"

scan 0 --db "$T/db2" --rpc "$DEAD" --rpc "$ANVIL_URL" verify --from 0 \
    --to "$HEAD" &&
	grep -q "^verified $N blocks, 80 transactions" "$T/out"
ok $? "--rpc <refusing port> --rpc <anvil>: verify 0..$HEAD, exit 0"

scan 0 --db "$T/db3" --rpc "$ANVIL_URL" --rpc "$DEAD" fetch --from 0 \
    --to "$HEAD" &&
	grep -q "^blocks 0-$HEAD: $N fetched" "$T/out"
ok $? "--rpc <anvil> --rpc <refusing port>: exit 0, the second endpoint never needed"

proxy_start 10
scan 0 --db "$T/db4" --rpc "$PROXY_URL" --rpc "$ANVIL_URL" fetch --from 0 \
    --to "$HEAD" &&
	grep -q "^blocks 0-$HEAD: $N fetched, 0 already cached, 0 rejected" \
	    "$T/out" &&
	wait_line "$T/proxy.log" '^down after 10 requests' >/dev/null
ok $? "an endpoint that goes down after 10 requests, in the middle of the fetch: the rest comes from the next one, exit 0, $N blocks"
grep -q '^served 10$' "$T/proxy.log" || diag "$T/proxy.log"

scan 0 --db "$T/db4" --offline verify --from 0 --to "$HEAD" &&
	grep -q "^verified $N blocks, 80 transactions" "$T/out" &&
	! grep -q '^FAILED' "$T/out"
ok $? "what came from the two endpoints verifies as one chain from the cache"

start=$(date +%s)
scan 4 --db "$T/db5" --rpc "$DEAD" fetch --from 0 --to "$HEAD" &&
	[ "$(grep -c . "$T/out")" -eq 1 ] &&
	grep -q "^scanner: .*127\.0\.0\.1:$CLOSED_PORT" "$T/out"
ok $? "only a refusing endpoint: exit 4 and one line naming it, in $(($(date +%s) - start)) s"
sed 's/^/# /' "$T/out"

scan 0 --db "$T/db5" --offline fetch --from 0 --to "$HEAD" &&
	grep -qx "missing 0-$HEAD" "$T/out"
ok $? "nothing was cached by the failed run"

tap_done
