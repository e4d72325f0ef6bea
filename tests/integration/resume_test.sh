#!/bin/sh
# Integration: `scanner fetch` killed with SIGKILL in the middle of a
# chain of 2,100 anvil blocks (600 carrying two transactions each), then
# run again: the database holds whole blocks only, the second run fetches
# exactly the blocks that were missing, and `verify` over the whole range
# passes with every block present. TAP output.
#
# usage: resume_test.sh SCANNER INTEG_CHECK SOURCE_ROOT
set -u
BIN=$1
SRC=$3
. "$SRC/tests/integration/lib.sh"

TXBLOCKS=600
EMPTY=1500

# missing DB HEAD: how many of blocks 0..HEAD are not cached
missing() {
	"$BIN" --db "$1" --offline fetch --from 0 --to "$2" 2>/dev/null |
	    awk '/^missing [0-9]+-[0-9]+$/ { split($2, r, "-");
		n += r[2] - r[1] + 1; next }
		/^missing [0-9]+$/ { n++ } END { print n + 0 }'
}

anvil_start resume
chain load "$ANVIL_URL" "$ANVIL_LOG" "$TXBLOCKS" 2 >"$T/load" 2>&1 || {
	diag "$T/load"
	bail "chain.cjs could not load the chain"
}
rpc anvil_mine "[\"0x$(printf %x "$EMPTY")\"]" >/dev/null ||
	bail "anvil_mine failed"
HEAD=$(rpc eth_blockNumber '[]' | tr -d '"')
HEAD=$((HEAD))
NTX=$((TXBLOCKS * 2))
echo "# anvil at $ANVIL_URL: blocks 0-$HEAD, $NTX transactions"
[ "$HEAD" -ge 2000 ]
ok $? "the chain has $((HEAD + 1)) blocks (at least 2,000)"

# Start fetching; SIGKILL it as soon as some blocks are cached and before
# all are. A run that ended before the kill is tried again on a fresh
# database; at most 3 tries of at most 30 s each.
killed=0
try=0
while [ $try -lt 3 ] && [ $killed -eq 0 ]; do
	try=$((try + 1))
	DB=$T/db$try
	"$BIN" --db "$DB" --quiet --rpc "$ANVIL_URL" fetch --from 0 \
	    --to "$HEAD" >"$T/fetch1" 2>&1 &
	pid=$!
	end=$(($(date +%s) + 30))
	while [ "$(date +%s)" -lt $end ] && kill -0 "$pid" 2>/dev/null; do
		if [ -f "$DB/data.mdb" ] &&
		    [ "$(missing "$DB" "$HEAD")" -le "$HEAD" ]; then
			kill -9 "$pid" 2>/dev/null && killed=1
			break
		fi
		sleep 0.02
	done
	if [ $killed -eq 0 ] && kill -9 "$pid" 2>/dev/null; then
		echo "# try $try: nothing cached within 30 s"
	fi
	wait "$pid" 2>/dev/null
	rc=$?
	if [ $killed -eq 1 ] && [ $rc -ne 137 ]; then
		killed=0	# it had ended by itself in between
	fi
	[ $killed -eq 1 ] ||
		echo "# try $try: fetch ended (exit $rc) before the kill"
done
M=$(missing "$DB" "$HEAD")
C=$((HEAD + 1 - M))
echo "# killed on try $try: $C blocks cached, $M missing"
[ $killed -eq 1 ] && [ "$M" -gt 0 ] && [ "$C" -gt 0 ]
ok $? "fetch killed with SIGKILL in the middle: $C of $((HEAD + 1)) blocks cached, $M missing"

# Whole blocks only: every cached block verifies from the cache alone;
# the others are reported as not cached.
"$BIN" --db "$DB" --offline verify --from 0 --to "$HEAD" >"$T/out" 2>&1
rc=$?
[ $rc -eq 4 ] &&
	grep -q "^verified $C blocks" "$T/out" &&
	grep -q "^not verified: $M blocks not cached (offline)" "$T/out" &&
	! grep -q '^FAILED' "$T/out"
ok $? "after the kill, the $C cached blocks verify from the cache (headers, transactions, receipts, parent hashes) and $M are reported not cached (exit 4, offline)"
[ $rc -ne 4 ] && diag "$T/out"
sed -n 's/^\(verified .*\)/# \1/p' "$T/out"

# Resume, recorded: only the missing blocks are asked for.
"$BIN" --db "$DB" --offline fetch --from 0 --to "$HEAD" >"$T/missing" 2>&1
"$BIN" --db "$DB" --record "$T/rec" --rpc "$ANVIL_URL" fetch --from 0 \
    --to "$HEAD" >"$T/out" 2>&1
rc=$?
[ $rc -eq 0 ] &&
	grep -q "^blocks 0-$HEAD: $M fetched, $C already cached, 0 rejected" \
	    "$T/out"
ok $? "fetch again: exit 0, $M fetched, $C already cached"
[ $rc -eq 0 ] || diag "$T/out"

python3 - "$T/rec" "$T/missing" <<'PY'
import glob, json, sys
asked = []
for path in sorted(glob.glob(sys.argv[1] + "/*.io")):
    for line in open(path):
        if line.startswith(">> "):
            req = json.loads(line[3:])
            if req["method"] in ("eth_getBlockByNumber",
                    "eth_getBlockReceipts", "trace_block",
                    "debug_traceBlockByNumber") and (
                    req["method"] != "eth_getBlockByNumber" or
                    req["params"][1]):
                asked.append((req["method"], int(req["params"][0], 16)))
want = set()
for line in open(sys.argv[2]):
    a = line.split()[1].split("-")
    want.update(range(int(a[0]), int(a[-1]) + 1))
blocks = {n for m, n in asked if m == "eth_getBlockByNumber"}
extra = sorted(blocks - want)
lost = sorted(want - blocks)
twice = len(blocks) != sum(1 for m, n in asked if m == "eth_getBlockByNumber")
print("# the resumed run asked for %d full blocks (%d missing before); "
      "%d requests of blocks, receipts and traces" % (len(blocks),
      len(want), len(asked)))
if extra or lost or twice:
    print("# asked but cached: %s; missing but not asked: %s; some twice: "
          "%s" % (extra[:10], lost[:10], twice))
    sys.exit(1)
PY
ok $? "the resumed run asked the node for exactly the missing blocks, each once"

"$BIN" --db "$DB" --rpc "$ANVIL_URL" verify --from 0 --to "$HEAD" \
    >"$T/out" 2>&1
rc=$?
[ $rc -eq 0 ] &&
	grep -Eq "^verified $((HEAD + 1)) blocks, $NTX transactions .*tx-hash $NTX/$NTX, sender $NTX/$NTX, transactions-root $((HEAD + 1))/$((HEAD + 1)), receipts-root $((HEAD + 1))/$((HEAD + 1)), .*header-hash $((HEAD + 1))/$((HEAD + 1)), parent-hash $HEAD/$HEAD" \
	    "$T/out" &&
	! grep -q '^not verified' "$T/out"
ok $? "verify 0..$HEAD (full): exit 0, every block present, $NTX transactions, the parent-hash chain whole"
[ $rc -eq 0 ] || diag "$T/out"
sed -n 's/^\(verified .*\)/# \1/p' "$T/out"

"$BIN" --db "$DB" --offline fetch --from 0 --to "$HEAD" >"$T/out" 2>&1 &&
	[ ! -s "$T/out" ]
ok $? "--offline: no block of 0..$HEAD missing"

tap_done
