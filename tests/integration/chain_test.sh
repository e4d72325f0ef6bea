#!/bin/sh
# Integration: the scanner against a real anvil node (--hardfork prague)
# with a scripted chain (chain.cjs: transaction types 0-4, contract
# creations, an ERC-20 token, ETH moved by nested internal calls, a
# reverted inner call, plain transfers, empty blocks). TAP output.
#
#  (a) `scanner --record DIR fetch --from 0 --to HEAD`: every block
#      fetched and cached, every decoded field of every recorded
#      response equal to the node's JSON, the cache equal to it too and
#      holding the expected transactions, logs and internal transfers;
#  (b) `scanner verify --from 0 --to HEAD`: its report counts the
#      transactions of each type chain.cjs sent;
#  (c) lies replayed from a tampered copy of the recording: each one
#      exits 3 naming the field, and the block is not cached.
#
# Anvil 1.7.1 (the pinned node) commits a block's transactionsRoot over
# blob transactions in their pooled form, sidecars included
# (foundry-rs/foundry#15132, fixed upstream after 1.7.1): the block with
# the blob transactions does not verify, and the scanner must say so.
# This test checks that this is the only failure and that its cause is
# the node's (the root over the raw pooled encodings is the header's);
# that block is then cached with --verify senders.
#
# usage: chain_test.sh SCANNER INTEG_CHECK SOURCE_ROOT
set -u
BIN=$1
CHECK=$2
SRC=$3
. "$SRC/tests/integration/lib.sh"

# fact EXPR: a Python expression over d, the expected facts (expect.json)
fact() {
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
r = eval(sys.argv[2])
print(" ".join(str(x) for x in r) if isinstance(r, list) else r)' \
	    "$T/expect.json" "$1"
}

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

# has REGEX: $T/out has a line matching REGEX (extended), else show it
has() {
	if grep -Eq "$1" "$T/out"; then
		return 0
	fi
	echo "# no line matching: $1"
	diag "$T/out"
	return 1
}

anvil_start chain
if ! chain script "$ANVIL_URL" "$ANVIL_LOG" "$T/expect.json" \
    2>"$T/chain.err"; then
	diag "$T/chain.err"
	bail "chain.cjs could not script the chain"
fi
HEAD=$(fact 'd["head"]')
NTX=$(fact 'len(d["txs"])')
BLOB=$(fact 'sorted({t["block"] for t in d["txs"] if t["type"] == 3})')
TYPES=$(fact '" ".join(str(sum(1 for t in d["txs"] if t["type"] == k))
    for k in range(5))')
echo "# anvil at $ANVIL_URL: blocks 0-$HEAD, $NTX transactions (types 0-4:" \
    "$TYPES), blob transactions in block $BLOB"
[ "$(echo "$BLOB" | wc -w)" -eq 1 ] || bail "expected one blob block"

# ---- (a) fetch the whole chain, recorded --------------------------------
DB=$T/db
REC=$T/rec
scan 3 --db "$DB" --record "$REC" --rpc "$ANVIL_URL" fetch --from 0 \
    --to "$HEAD" &&
	has "^blocks 0-$HEAD: $HEAD fetched, 0 already cached, 1 rejected; $NTX transactions" &&
	has "^FAILED transactions-root: block $BLOB: transactionsRoot: expected 0x[0-9a-f]{64}, got 0x[0-9a-f]{64}" &&
	[ "$(grep -c '^FAILED' "$T/out")" -eq 1 ]
ok $? "fetch 0..$HEAD from anvil: every block fetched; exit 3 with one failure, transactionsRoot of the blob block $BLOB"
sed -n 's/^\(verified .*\)/# \1/p' "$T/out"
SCANNER_ROOT=$(sed -n "s/^FAILED transactions-root: block $BLOB: transactionsRoot: expected \(0x[0-9a-f]*\),.*/\1/p" "$T/out")

# The cause: the root anvil committed is the one over the raw (pooled)
# transactions it serves, not over their EIP-2718 payloads.
: >"$T/raw"
for h in $(fact '[t["hash"] for t in sorted(d["txs"], key=lambda t: t["index"])
    if t["block"] == '"$BLOB"']'); do
	rpc eth_getRawTransactionByHash "[\"$h\"]" >>"$T/raw" ||
		echo "# eth_getRawTransactionByHash $h failed"
done
"$CHECK" rawroot "$REC" "$BLOB" "$T/raw" >"$T/rawroot" 2>&1
grep '^#' "$T/rawroot"
[ "$(tail -1 "$T/rawroot")" = raw ] &&
	grep -q "^# canonical root (EIP-2718 payloads) $SCANNER_ROOT\$" \
	    "$T/rawroot"
ok $? "block $BLOB: anvil's transactionsRoot is the root over the pooled blob transactions (sidecars included, foundry-rs/foundry#15132); the scanner's expected root is the canonical one"

scan 0 --db "$DB" --offline fetch --from 0 --to "$HEAD" &&
	[ "$(cat "$T/out")" = "missing $BLOB" ]
ok $? "--offline lists the rejected block $BLOB as missing, and only it"

scan 0 --db "$DB" --verify senders --rpc "$ANVIL_URL" fetch --from "$BLOB" \
    --to "$BLOB" &&
	has "^blocks $BLOB-$BLOB: 1 fetched, 0 already cached, 0 rejected; 2 transactions" &&
	has "tx-hash 2/2, sender 2/2"
ok $? "--verify senders: the blob block's transactions verify (hash, sender) and it is cached"

scan 0 --db "$DB" --rpc "$ANVIL_URL" fetch --from 0 --to "$HEAD" &&
	has "^blocks 0-$HEAD: 0 fetched, $((HEAD + 1)) already cached, 0 rejected"
ok $? "fetch again: nothing fetched, all $((HEAD + 1)) blocks cached"

tap_run "$CHECK" decode "$REC" "$T/expect.json"
tap_run "$CHECK" cache "$DB" "$REC" "$T/expect.json" --partial "$BLOB"

# ---- (b) verify ------------------------------------------------------------
scan 0 --db "$DB" --verify senders --rpc "$ANVIL_URL" verify --from 0 \
    --to "$HEAD" &&
	has "^verified $((HEAD + 1)) blocks, $NTX transactions \(types 0-4: $TYPES\): tx-hash $NTX/$NTX, sender $NTX/$NTX, authority 2/2"
ok $? "verify --verify senders 0..$HEAD: exit 0, $NTX transactions of types 0-4: $TYPES"
sed -n 's/^\(verified .*\)/# \1/p' "$T/out"

scan 3 --db "$DB" --rpc "$ANVIL_URL" verify --from 0 --to "$HEAD" &&
	has "^verified $((HEAD + 1)) blocks, $NTX transactions \(types 0-4: $TYPES\)" &&
	has "^FAILED transactions-root: block $BLOB: transactionsRoot:" &&
	[ "$(grep -c '^FAILED' "$T/out")" -eq 1 ]
ok $? "verify (full) 0..$HEAD: exit 3, the blob block's transactionsRoot the only failure, types 0-4 counted: $TYPES"

# Full verification of everything but the blob block.
TYPES_LO=$(fact '" ".join(str(sum(1 for t in d["txs"] if t["type"] == k and
    t["block"] < '"$BLOB"')) for k in range(5))')
N_LO=$(fact 'sum(1 for t in d["txs"] if t["block"] < '"$BLOB"')')
scan 0 --db "$DB" --rpc "$ANVIL_URL" verify --from 0 --to $((BLOB - 1)) &&
	has "^verified $BLOB blocks, $N_LO transactions \(types 0-4: $TYPES_LO\): tx-hash $N_LO/$N_LO, sender $N_LO/$N_LO, .*transactions-root $BLOB/$BLOB, receipts-root $BLOB/$BLOB, .*header-hash $BLOB/$BLOB, parent-hash $((BLOB - 1))/$((BLOB - 1))"
ok $? "verify (full) 0..$((BLOB - 1)): exit 0, every check passed, types 0-4: $TYPES_LO"
N_HI=$((NTX - N_LO - 2))
scan 0 --db "$DB" --rpc "$ANVIL_URL" verify --from $((BLOB + 1)) \
    --to "$HEAD" &&
	has "^verified $((HEAD - BLOB)) blocks, $N_HI transactions .*authority 2/2, transactions-root $((HEAD - BLOB))/$((HEAD - BLOB))"
ok $? "verify (full) $((BLOB + 1))..$HEAD: exit 0, EIP-7702 authorities recovered"

TX4=$(fact '[t["hash"] for t in d["txs"] if t["type"] == 4][0]')
B4=$(fact '[t["block"] for t in d["txs"] if t["type"] == 4][0]')
scan 0 --db "$DB" --rpc "$ANVIL_URL" verify --tx "$TX4" &&
	has "^verified 1 block, "
ok $? "verify --tx (the set-code transaction, block $B4): exit 0"

scan 0 --db "$DB" --offline --verify senders verify --from 0 --to "$HEAD"
ok $? "verify --offline from the cache alone: exit 0"

# ---- (c) lies, replayed from a tampered copy of the recording ------------
scan 0 --db "$T/db-replay" --rpc "$REC" fetch --from 0 --to $((BLOB - 1)) &&
	has "^blocks 0-$((BLOB - 1)): $BLOB fetched, 0 already cached, 0 rejected"
ok $? "control: the untampered recording replays and verifies (blocks 0..$((BLOB - 1)))"

# lie KIND BLOCK TX TX2 FROM_BLOCK REGEX...: tamper, replay into a fresh
# database, want exit 3, every REGEX in the output, and BLOCK not cached.
lie() {
	kind=$1 blk=$2 i=$3 j=$4 from=$5
	shift 5
	"$CHECK" tamper "$REC" "$T/tam-$kind" "$kind" "$blk" "$i" "$j" \
	    >"$T/tamper" 2>&1 || {
		diag "$T/tamper"
		return 1
	}
	grep '^#' "$T/tamper"
	scan 3 --db "$T/db-$kind" --rpc "$T/tam-$kind" fetch --from "$from" \
	    --to "$blk" || return 1
	for re in "$@"; do
		has "$re" || return 1
	done
	grep '^FAILED' "$T/out" | head -3 | sed 's/^/#   /'
	scan 0 --db "$T/db-$kind" --offline fetch --from "$from" --to "$blk" &&
		grep -qx "missing $blk" "$T/out"
}

idx() {	# idx LABEL: block and index of the transaction chain.cjs labelled
	fact '[(t["block"], t["index"]) for t in d["txs"]
	    if t["label"] == "'"$1"'"][0]'
}

loc() {	# loc LABEL: sets B and I
	set -- $(idx "$1")
	B=$(echo "$1" | tr -d '(,')
	I=$(echo "$2" | tr -d ')')
}

H='0x[0-9a-f]{64}'
loc 'EIP-1559 transfer'
lie tx-r "$B" "$I" 0 "$B" "^FAILED tx-hash: block $B tx $I $H: hash: expected $H, got $H" \
    "^FAILED sender: block $B tx $I $H: (from|r|signature):"
ok $? "a flipped r (block $B tx $I): exit 3, hash and sender named, not cached"

loc 'EIP-2930 transfer with an access list'
lie tx-s "$B" "$I" 0 "$B" "^FAILED tx-hash: block $B tx $I $H: hash:" \
    "^FAILED sender: block $B tx $I $H: (from|s|signature):"
ok $? "a flipped s (block $B tx $I, type 1): exit 3, hash and sender named, not cached"

loc 'legacy pre-EIP-155 transfer'
lie tx-v "$B" "$I" 0 "$B" "^FAILED tx-hash: block $B tx $I $H: hash:" \
    "^FAILED sender: block $B tx $I $H: (from|v|signature):"
ok $? "a changed v (block $B tx $I, legacy pre-EIP-155): exit 3, hash and v named, not cached"

loc 'legacy EIP-155 transfer'
lie tx-value "$B" "$I" 0 "$B" "^FAILED tx-hash: block $B tx $I $H: hash:" \
    "^FAILED sender: block $B tx $I $H: from: expected 0x[0-9a-f]{40}, got $(fact '[t["from"] for t in d["txs"] if t["label"] == "legacy EIP-155 transfer"][0]')"
ok $? "a changed value (block $B tx $I): exit 3, hash and from named, not cached"

loc 'token transfer'
lie tx-input "$B" "$I" 0 "$B" "^FAILED tx-hash: block $B tx $I $H: hash:" \
    "^FAILED sender: block $B tx $I $H: from:"
ok $? "a changed input (block $B tx $I, an ERC-20 transfer): exit 3, hash and from named, not cached"

loc 'EIP-1559 transfer signed by anvil'
REAL=$(fact '[t["from"] for t in d["txs"] if t["label"] == "EIP-1559 transfer signed by anvil"][0]')
lie tx-from "$B" "$I" 0 "$B" \
    "^FAILED sender: block $B tx $I $H: from: expected $REAL, got 0x[0-9a-f]{40}" &&
	! grep -q '^FAILED tx-hash' "$T/out"
ok $? "a forged from (block $B tx $I): exit 3, from named with the real sender, hash fine, not cached"

loc 'set code (EIP-7702) and forward'
lie tx-r "$B" "$I" 0 "$B" "^FAILED tx-hash: block $B tx $I $H: hash:" \
    "^FAILED sender: block $B tx $I $H: (from|r|signature):"
ok $? "a flipped r of the set-code transaction (block $B tx $I, type 4): exit 3, not cached"

loc 'token transfer'
lie swap "$B" 0 1 "$B" "^FAILED transactions-root: block $B: transactionsRoot: expected $H, got $H"
ok $? "two transactions swapped (block $B, with their indexes): exit 3, transactionsRoot named, not cached"

lie log-data "$B" "$I" 0 "$B" "^FAILED receipts-root: block $B: receiptsRoot: expected $H, got $H"
ok $? "a log's data changed (block $B receipt $I, the Transfer amount): exit 3, receiptsRoot named, not cached"

loc 'token transferFrom'
lie log-topic "$B" "$I" 0 "$B" "^FAILED receipts-root: block $B: receiptsRoot:"
ok $? "a log's topic changed (block $B receipt $I, the Transfer recipient): exit 3, receiptsRoot named, not cached"

loc 'token approve'
lie receipt-status "$B" "$I" 0 "$B" "^FAILED receipts-root: block $B: receiptsRoot:"
ok $? "a receipt's status changed (block $B receipt $I): exit 3, receiptsRoot named, not cached"

lie parent "$B" 0 0 "$B" "^FAILED header-hash: block $B: blockHash: expected $H, got $H"
ok $? "a flipped parentHash (block $B): exit 3, blockHash named, not cached"

lie parent-forged "$B" 0 0 $((B - 1)) \
    "^FAILED parent-hash: block $B: parentHash: expected $H, got $H"
ok $? "a forged parentHash with the header hash recomputed (blocks $((B - 1))..$B): exit 3, parentHash named, block $B not cached"

tap_done
