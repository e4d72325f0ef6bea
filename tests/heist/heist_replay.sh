#!/bin/sh
# heist_replay.sh SCANNER SRC - the recorded heist, replayed: no node, no
# network (`--rpc fixtures/heist/cassettes` serves recorded answers only
# and fails on any other request). Traces forward from the exploit tx and
# backward from the pool withdrawal's recipient into fresh databases and
# checks every path, hop, amount and taint against fixtures/heist/
# expected.json (computed by hand: fixtures/heist/README.md); then the
# report formats (HTML self-contained, no script, labels escaped; CSV
# parses) and that a replay gives the same bytes every time.
SCANNER=$1
SRC=$2
. "$SRC/tests/integration/lib.sh"
H=$SRC/fixtures/heist
EXP=$H/expected.json
CHECK=$SRC/tests/heist/check.py

if ! ls "$H"/cassettes/*.io >/dev/null 2>&1; then
	bail "no cassettes in $H/cassettes: run fixtures/heist/record.sh"
fi
argv() {	# argv forward|backward: the trace's arguments from expected.json
	python3 -c 'import json, sys
print("\n".join(json.load(open(sys.argv[1]))[sys.argv[2]]["trace_args"]))' \
	    "$EXP" "$1"
}
FWD=$(argv forward) || bail "cannot read $EXP"
BWD=$(argv backward) || bail "cannot read $EXP"

newdb() {	# newdb DIR: a fresh database with the heist's watchlist
	mkdir -p "$1" &&
	    "$SCANNER" --db "$1" --quiet watchlist import "$H/watchlist.csv" \
	    >/dev/null 2>"$T/import.err"
}

# trace DB OUT FORMAT forward|backward [OPTION...]: one replayed trace;
# sets rc.
trace() {
	db=$1 out=$2 fmt=$3 dir=$4
	shift 4
	if [ "$dir" = forward ]; then args=$FWD; else args=$BWD; fi
	# shellcheck disable=SC2086 # the arguments: hex, numbers and words
	"$SCANNER" --rpc "$H/cassettes" --db "$db" --quiet trace \
	    --format "$fmt" --output "$out" "$@" $args 2>"$out.err"
	rc=$?
}
# same A B: the two reports have the same paths and stopped addresses.
same() {
	python3 -c 'import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
sys.exit(not (a["paths"] == b["paths"] and a["stopped"] == b["stopped"]))' \
	    "$1" "$2"
}

newdb "$T/db1" || { diag "$T/import.err"; bail "watchlist import failed"; }
newdb "$T/db2" || { diag "$T/import.err"; bail "watchlist import failed"; }

trace "$T/db1" "$T/fwd1.json" json forward
ok $((rc != 1)) "forward: exit code 1 (the pools are hits), got $rc"
[ "$rc" -eq 1 ] || diag "$T/fwd1.json.err"
tap_run python3 "$CHECK" forward "$EXP" "$T/fwd1.json"

trace "$T/db2" "$T/bwd1.json" json backward
ok $((rc != 1)) "backward: exit code 1 (the pool is a hit), got $rc"
[ "$rc" -eq 1 ] || diag "$T/bwd1.json.err"
tap_run python3 "$CHECK" backward "$EXP" "$T/bwd1.json"

# The default on this endpoint (it has trace_filter): look-ups; and a
# block scan of the whole window finds the same paths.
python3 -c 'import json, sys
sys.exit(json.load(open(sys.argv[1]))["strategy"].get("mode") !=
    "address-index")' "$T/fwd1.json"
ok $? "forward: address-indexed look-ups by default"
for dir in forward backward; do
	newdb "$T/db-scan-$dir" || bail "watchlist import failed"
	trace "$T/db-scan-$dir" "$T/$dir-scan.json" json $dir --strategy scan
	ok $((rc != 1)) "$dir --strategy scan: exit code 1, got $rc"
	tap_run python3 "$CHECK" "$dir" "$EXP" "$T/$dir-scan.json"
	[ $dir = forward ] && idx=$T/fwd1.json || idx=$T/bwd1.json
	same "$idx" "$T/$dir-scan.json"
	ok $? "$dir: look-ups and a block scan give the same paths and stops"
done

for fmt in html csv text dot; do
	trace "$T/db1" "$T/fwd1.$fmt" "$fmt" forward
	ok $((rc != 1)) "forward --format $fmt: exit code 1, got $rc"
	[ "$rc" -eq 1 ] || diag "$T/fwd1.$fmt.err"
	tap_run python3 "$CHECK" "$fmt" "$EXP" "$T/fwd1.$fmt"
done

# HTML without Graphviz on PATH: the table of edges instead of the SVG.
mkdir -p "$T/nobin"
PATH=$T/nobin trace "$T/db1" "$T/fwd-nodot.html" html forward
ok $((rc != 1)) "forward --format html, no Graphviz: exit code 1, got $rc"
tap_run python3 "$CHECK" html "$EXP" "$T/fwd-nodot.html"

# The same replay into another fresh database: the same bytes.
newdb "$T/db3" && newdb "$T/db4" || bail "watchlist import failed"
for fmt in json html csv text dot; do
	trace "$T/db3" "$T/fwd2.$fmt" "$fmt" forward
	cmp -s "$T/fwd1.$fmt" "$T/fwd2.$fmt"
	ok $? "forward --format $fmt: a second replay gives the same bytes"
done
trace "$T/db4" "$T/bwd2.json" json backward
cmp -s "$T/bwd1.json" "$T/bwd2.json"
ok $? "backward: a second replay gives the same bytes"
# And a re-run on a database that already holds the window.
trace "$T/db1" "$T/fwd3.json" json forward
cmp -s "$T/fwd1.json" "$T/fwd3.json"
ok $? "forward: a re-run on the cached database gives the same bytes"
if ! cmp -s "$T/fwd1.json" "$T/fwd3.json"; then
	diff "$T/fwd1.json" "$T/fwd3.json" >"$T/fwd3.diff"
	diag "$T/fwd3.diff"
fi

tap_done
