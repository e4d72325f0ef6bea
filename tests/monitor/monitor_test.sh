#!/bin/sh
# monitor_test.sh - `scanner monitor` against a live anvil chain that
# grows while it is monitored. TAP output.
#
#  (1) live: alerts for a watchlist hit (through a contract that forwards
#      the value: an internal transfer), an own address exposed within 3
#      hops of the hit, the taint of a followed address and of followed
#      transactions (one mined later, one already scanned), a taint
#      reaching an exchange; runs with nothing new exit 0;
#  (2) the same chain scanned in one go gives exactly the live alerts;
#  (3) kill -9 at the named points of SCANNER_MONITOR_CRASH (fetched,
#      txn, committed, printed, delivered), then a rerun: the set of alert
#      ids equals the clean run's, and only a kill between printing and
#      marking prints anything twice;
#  (4) reorgs made with evm_snapshot/evm_revert: delivered alerts of the
#      orphaned block are retracted by a reorg note, its taint is gone,
#      the new branch is scanned; an orphaned alert never printed is
#      never printed;
#  (5) two runs at once: the lock (flock(1) holding it: exit 5, or a
#      wait), and two monitors started together print each alert once;
#  (6) the webhook: down (exit 4, kept), back up (delivered), killed
#      between a 2xx and its mark (posted again: at least once), the
#      secret from the environment or a file and never from argv.
#
# usage: monitor_test.sh SCANNER SOURCE_ROOT
set -u
BIN=$1
SRC=$2
. "$SRC/tests/integration/lib.sh"
. "$SRC/tests/monitor/receiver.sh"
trap 'receiver_stop; lib_cleanup' EXIT

anvil_start monitor --accounts 24

rpc eth_accounts '[]' | python3 -c 'import json, sys
for a in json.load(sys.stdin): print(a)' >"$T/accounts"
acct() {
	sed -n "$(($1 + 1))p" "$T/accounts"
}
A0=$(acct 0)
H=$(acct 1)	# the hit (mixer)
X=$(acct 2)	# receives H's value through the forwarder
O=$(acct 3)	# own
S=$(acct 4)	# followed seed
Y1=$(acct 5)
Y2=$(acct 6)
Y3=$(acct 7)
O2=$(acct 8)	# own
EX=$(acct 9)	# exchange
Z=$(acct 10)
W=$(acct 11)
QQ=$(acct 12)
R1=$(acct 13)
R2=$(acct 14)
V=$(acct 15)

# send FROM:TO:WEI_HEX...: transactions in this order, a block each;
# prints their hashes
send() {
	python3 "$SRC/tests/monitor/send.py" "$ANVIL_URL" "$@" ||
	    bail "send $*"
}

# mon DB ARGS...: scanner monitor, NDJSON appended to DB.out, stderr of
# the last run in DB.err; returns its exit code
mon() {
	db=$1
	shift
	"$BIN" --db "$db" --rpc "$ANVIL_URL" monitor --confirmations 0 \
	    --format ndjson "$@" >>"$db.out" 2>"$db.err"
}

# q FILE EXPR: how many alert lines r of FILE make EXPR true (the line
# lower-cased: addresses compare whatever their checksum case)
q() {
	python3 - "$1" "$(printf %s "$2" | tr 'A-Z' 'a-z')" <<'PY'
import json, sys
n = 0
for line in open(sys.argv[1]):
    r = json.loads(line.lower())
    if eval(sys.argv[2], {"r": r}):
        n += 1
print(n)
PY
}

# ids FILE: the distinct alert ids, sorted; dups FILE: lines repeated
ids() {
	python3 -c 'import json, sys
print("\n".join(sorted({json.loads(l)["id"] for l in open(sys.argv[1])})))' "$1"
}
dups() {
	python3 -c 'import json, sys
v = [json.loads(l)["id"] for l in open(sys.argv[1])]
print(len(v) - len(set(v)))' "$1"
}

lc() {
	printf %s "$1" | tr 'A-F' 'a-f'
}

# The lists: H a mixer, O and O2 own, EX an exchange.
TPL=$T/template
{
	echo "address,category,label"
	echo "$H,mixer,Test Mixer"
	echo "$O,own,Deposit 1"
	echo "$O2,own,Deposit 2"
	echo "$EX,exchange,Test Exchange"
} >"$T/lists.csv"
"$BIN" --db "$TPL" watchlist import --source test "$T/lists.csv" \
    >/dev/null 2>"$T/err" || { diag "$T/err"; bail "watchlist import"; }

# A forwarder: sends whatever it receives on to X (CALL with CALLVALUE).
xa=$(lc "${X#0x}")
runtime=60006000600060003473${xa}5af100
fwd=$(rpc eth_sendTransaction "[{\"from\":\"$A0\",\"data\":\"0x6021600c60003960216000f3$runtime\"}]" | tr -d '"')
F=$(rpc eth_getTransactionReceipt "[\"$fwd\"]" | python3 -c \
    'import json, sys; print(json.load(sys.stdin)["contractAddress"])')
[ -n "$F" ] || bail "the forwarder was not deployed"

cp -r "$TPL" "$T/live"
LIVE=$T/live
mon "$LIVE" --start 1 --follow "$S"
ok $? "live: the first run (--start 1, --follow seed) exits 0: no alert yet"

# (1) The chain grows while it is monitored.
# 1 ETH: H -> F -> X (internal), then 0.5 ETH: X -> O
send "$H:$F:0xde0b6b3a7640000" "$X:$O:0x6f05b59d3b20000" >/dev/null
mon "$LIVE"
ok $(($? != 1)) "live: a run with alerts exits 1"
[ "$(q "$LIVE.out" 'r["kind"]=="watchlist" and r["address"]=="'"$H"'" and r["to"]=="'"$F"'"')" -eq 1 ]
ok $? "(a) watchlist: H sending to the forwarder"
[ "$(q "$LIVE.out" 'r["kind"]=="exposure" and r["address"]=="'"$O"'" and r["hops"]==3 and r["via"]=="hit-taint" and r["origin"]=="'"$H"'"')" -eq 1 ]
ok $? "(b) exposure: O received from X, 3 hops from H through an internal transfer"
[ "$(q "$LIVE.out" 'r["listings"] and r["listings"][0]["label"]=="test mixer"')" -eq 2 ]
ok $? "alerts carry the hit's listing"

send "$S:$Y1:0x1000" "$Y1:$Y2:0x800" "$Y2:$O2:0x10" "$Y2:$EX:0x20" \
    "$EX:$V:0x5" >/dev/null
mon "$LIVE"
[ "$(q "$LIVE.out" 'r["kind"]=="taint" and r["address"]=="'"$Y1"'" and r["hops"]==1 and r["origin"]=="'"$S"'"')" -eq 1 ]
ok $? "(c) taint: Y1 at hop 1 from the followed seed"
[ "$(q "$LIVE.out" 'r["kind"]=="taint" and r["address"]=="'"$Y2"'" and r["hops"]==2')" -eq 1 ]
ok $? "(c) taint: Y2 at hop 2"
[ "$(q "$LIVE.out" 'r["kind"]=="exposure" and r["address"]=="'"$O2"'" and r["via"]=="follow" and r["hops"]==3')" -eq 1 ]
ok $? "(b) exposure: own O2 received followed taint"
[ "$(q "$LIVE.out" 'r["kind"]=="taint" and r["address"]=="'"$EX"'" and r["listings"][0]["category"]=="exchange"')" -eq 1 ]
ok $? "(c) taint: reaching the exchange is reported with its listing"
[ "$(q "$LIVE.out" 'r["address"]=="'"$V"'"')" -eq 0 ]
ok $? "(c) the exchange does not pass taint on"

tx1=$(send "$QQ:$R1:0x100")
mon "$LIVE" --follow "$tx1"
[ "$(q "$LIVE.out" 'r["kind"]=="taint" and r["address"]=="'"$R1"'" and r["hops"]==1 and r["tx"]=="'"$tx1"'"')" -eq 1 ]
ok $? "(c) a followed transaction: its recipient is tainted"
tx2=$(send "$QQ:$R2:0x200")
mon "$LIVE"
before=$(wc -l <"$LIVE.out")
mon "$LIVE" --follow "$tx2"
[ "$(q "$LIVE.out" 'r["kind"]=="taint" and r["address"]=="'"$R2"'" and r["tx"]=="'"$tx2"'"')" -eq 1 ] &&
    [ $(($(wc -l <"$LIVE.out") - before)) -eq 1 ]
ok $? "(c) a followed transaction already scanned: tainted at once, one alert"
mon "$LIVE" --follow "$tx2"
ok $? "a run with nothing new exits 0"
grep -q "^monitor: no new blocks (next [0-9]*, head [0-9]*, 0 confirmations), 0 alerts, 0 pending delivery$" "$LIVE.err"
ok $? "the summary line: no new blocks"

send "$H:$O:0x3" >/dev/null
mon "$LIVE"
[ "$(q "$LIVE.out" 'r["kind"]=="exposure" and r["address"]=="'"$O"'" and r["via"]=="hit" and r["hops"]==1')" -eq 1 ]
ok $? "(b) exposure: O paid directly by the hit"
grep -q "^monitor: blocks [0-9]*-[0-9]*, 2 alerts, 0 pending delivery$" "$LIVE.err"
ok $? "the summary line: blocks A-B, N alerts, M pending delivery"
[ "$(dups "$LIVE.out")" -eq 0 ]
ok $? "live: no alert printed twice"
HEAD=$(rpc eth_blockNumber '[]' | python3 -c 'import json,sys; print(int(json.load(sys.stdin),16))')

mon "$T/fresh"
grep -q "first run: monitoring from block $((HEAD + 1))" "$T/fresh.err"
ok $? "a first run without --start begins after the head"

# (2) One scan of the finished chain: the same alerts.
cp -r "$TPL" "$T/clean"
mon "$T/clean" --start 1 --batch 3 --follow "$S" --follow "$tx1" \
    --follow "$tx2"
ok $(($? != 1)) "clean: one run over blocks 1-$HEAD exits 1"
ids "$T/clean.out" >"$T/clean.ids"
ids "$LIVE.out" >"$T/live.ids"
cmp -s "$T/clean.ids" "$T/live.ids"
ok $? "the chain monitored as it grew and scanned in one go: the same $(wc -l <"$T/clean.ids") alert ids"

# (3) kill -9 at each named point, then run again.
for point in fetched:2 txn:1 txn:3 committed:1 committed:4 printed:1 \
    printed:2 delivered:1 delivered:3; do
	db=$T/kill-$point
	cp -r "$TPL" "$db"
	SCANNER_MONITOR_CRASH=$point mon "$db" --start 1 --batch 3 \
	    --follow "$S" --follow "$tx1" --follow "$tx2"
	rc=$?
	mon "$db" --start 1 --batch 3 --follow "$S" --follow "$tx1" \
	    --follow "$tx2"
	rc2=$?
	ids "$db.out" >"$db.ids"
	[ "$rc" -eq 137 ] && [ "$rc2" -le 1 ] && cmp -s "$T/clean.ids" "$db.ids"
	ok $? "killed at $point (exit $rc), rerun: the clean run's alert ids"
	case $point in
	printed:*)
		[ "$(dups "$db.out")" -ge 1 ]
		ok $? "killed between printing and marking: printed again (at least once, same ids)"
		;;
	*)
		[ "$(dups "$db.out")" -eq 0 ]
		ok $? "killed at $point: nothing printed twice"
		;;
	esac
done

# (4) Reorgs.
SNAP=$(rpc evm_snapshot '[]' | tr -d '"')
send "$H:$Z:0x7" "$S:$Z:0x9" >/dev/null
: >"$LIVE.out"
mon "$LIVE"
orphan_ids=$(ids "$LIVE.out" | tr '\n' ' ')
[ "$(q "$LIVE.out" 'r["to"]=="'"$Z"'"')" -eq 2 ]
ok $? "reorg: the branch to be orphaned gave 2 alerts (watchlist, taint of Z)"
rpc evm_revert "[\"$SNAP\"]" >/dev/null
send "$H:$W:0xb" >/dev/null
rpc anvil_mine '["0x2"]' >/dev/null
: >"$LIVE.out"
mon "$LIVE"
ok $(($? != 1)) "reorg: the run after it exits 1"
python3 - "$LIVE.out" $orphan_ids <<'PY'
import json, sys
notes = [json.loads(l) for l in open(sys.argv[1])]
notes = [r for r in notes if r["kind"] == "reorg"]
sys.exit(0 if len(notes) == 1 and
         sorted(notes[0]["retracts"]) == sorted(sys.argv[2:]) and
         notes[0]["retracted"] == 2 and notes[0]["depth"] == 2 else 1)
PY
ok $? "reorg: one note retracting exactly the 2 delivered alerts of the orphaned blocks"
[ "$(q "$LIVE.out" 'r["kind"]=="watchlist" and r["to"]=="'"$W"'"')" -eq 1 ] &&
    [ "$(q "$LIVE.out" 'r.get("to")=="'"$Z"'"')" -eq 0 ]
ok $? "reorg: the new branch scanned (H -> W), the old one not again"
grep -q "reorg: 2 blocks rolled back" "$LIVE.err"
ok $? "reorg: the summary says so"
send "$Z:$O:0x1" >/dev/null
: >"$LIVE.out"
mon "$LIVE"
[ "$(q "$LIVE.out" 'r["address"]=="'"$O"'"')" -eq 0 ]
ok $? "reorg: Z's taint from the orphaned block is gone (Z -> O: no exposure)"

SNAP=$(rpc evm_snapshot '[]' | tr -d '"')
send "$H:$Z:0xd" >/dev/null
: >"$LIVE.out"
SCANNER_MONITOR_CRASH=committed mon "$LIVE"
ok $(($? != 137)) "reorg: a run killed after committing, before printing"
rpc evm_revert "[\"$SNAP\"]" >/dev/null
send "$H:$Y3:0xf" >/dev/null
rpc anvil_mine '["0x1"]' >/dev/null
mon "$LIVE"
[ "$(q "$LIVE.out" 'r.get("to")=="'"$Z"'" or r["kind"]=="reorg"')" -eq 0 ] &&
    [ "$(q "$LIVE.out" 'r["kind"]=="watchlist" and r["to"]=="'"$Y3"'"')" -eq 1 ]
ok $? "reorg: the orphaned alert that was never printed is never printed, and needs no note"

# (5) Two runs at once.
flock "$LIVE/monitor.lock" sleep 3 &
holder=$!
sleep 0.5
mon "$LIVE"
rc=$?
[ "$rc" -eq 5 ] && grep -q "another monitor is running" "$LIVE.err"
ok $? "lock held (flock(1)): --wait 0 exits 5 at once, saying why (exit $rc)"
send "$H:$X:0x11" >/dev/null
: >"$LIVE.out"
mon "$LIVE" --wait 20
rc=$?
wait "$holder"
[ "$rc" -eq 1 ] && [ "$(q "$LIVE.out" 'r["to"]=="'"$X"'"')" -eq 1 ]
ok $? "lock held: --wait 20 waits for it, then runs (exit $rc)"
rpc anvil_mine '["0x64"]' >/dev/null
send "$H:$Y1:0x13" >/dev/null
rpc anvil_mine '["0x64"]' >/dev/null
: >"$T/a.out"
: >"$T/b.out"
"$BIN" --db "$LIVE" --rpc "$ANVIL_URL" monitor --confirmations 0 \
    --format ndjson --wait 60 --batch 10 >"$T/a.out" 2>"$T/a.err" &
pa=$!
"$BIN" --db "$LIVE" --rpc "$ANVIL_URL" monitor --confirmations 0 \
    --format ndjson --wait 60 --batch 10 >"$T/b.out" 2>"$T/b.err" &
pb=$!
wait "$pa"
ra=$?
wait "$pb"
rb=$?
cat "$T/a.out" "$T/b.out" >"$T/ab.out"
[ "$ra" -le 1 ] && [ "$rb" -le 1 ] && [ $((ra + rb)) -eq 1 ] &&
    [ "$(q "$T/ab.out" 'r["to"]=="'"$Y1"'"')" -eq 1 ] &&
    [ "$(dups "$T/ab.out")" -eq 0 ]
ok $? "two monitors started together: one scans, the other waits; the alert printed once (exits $ra, $rb)"

# (6) The webhook.
receiver_start
HOOK=$RECV_URL/hook
SECRET=env-secret-4f1c
control '{"hook_status": 500}'
send "$H:$Y2:0x15" >/dev/null
: >"$LIVE.out"
SCANNER_WEBHOOK_SECRET=$SECRET mon "$LIVE" --webhook "$HOOK"
rc=$?
[ "$rc" -eq 4 ] && grep -q "alerts stay queued" "$LIVE.err" &&
    grep -q ", 1 pending delivery" "$LIVE.err"
ok $? "webhook down: exit 4, the alert kept (1 pending delivery)"
[ "$(q "$LIVE.out" 'r["to"]=="'"$Y2"'"')" -eq 1 ]
ok $? "webhook down: the alert is printed all the same"
id=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["id"])' "$LIVE.out")
grep -q "$SECRET" "$LIVE.out" "$LIVE.err" && bad=1 || bad=0
ok $bad "webhook down: the secret is in no output"
[ "$(log_count 'r["path"]=="/hook" and r["headers"].get("authorization")=="Bearer '"$SECRET"'"')" -eq 4 ]
ok $? "webhook down: 4 attempts, each with the secret from SCANNER_WEBHOOK_SECRET"
"$BIN" --db "$LIVE" --rpc "$ANVIL_URL" monitor --webhook "$HOOK" \
    --webhook-secret "$SECRET" >/dev/null 2>"$T/err"
[ $? -eq 2 ]
ok $? "a secret on the command line is refused (exit 2)"
control '{"hook_status": 0}'
printf 'file-secret-9a2e\n' >"$T/secret"
chmod 600 "$T/secret"
: >"$LIVE.out"
mon "$LIVE" --webhook "$HOOK" --webhook-secret-file "$T/secret"
rc=$?
[ "$rc" -eq 0 ] && [ ! -s "$LIVE.out" ] && grep -q ", 0 pending delivery" "$LIVE.err"
ok $? "webhook back: the kept alert delivered, nothing printed again (exit $rc)"
[ "$(log_count 'r["status"]==200 and __import__("json").loads(r["body"])["id"]=="'"$id"'" and r["headers"].get("authorization")=="Bearer file-secret-9a2e"')" -eq 1 ]
ok $? "webhook back: the receiver got it once, with the secret from the file"
send "$H:$Y3:0x17" >/dev/null
: >"$LIVE.out"
SCANNER_MONITOR_CRASH=posted mon "$LIVE" --webhook "$HOOK"
rc=$?
mon "$LIVE" --webhook "$HOOK"
id=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["id"])' "$LIVE.out")
[ "$rc" -eq 137 ] &&
    [ "$(log_count 'r["status"]==200 and __import__("json").loads(r["body"])["id"]=="'"$id"'"')" -eq 2 ] &&
    [ "$(wc -l <"$LIVE.out")" -eq 1 ]
ok $? "killed between a 2xx and its mark: posted again (at least once), printed once"

tap_done
