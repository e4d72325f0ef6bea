#!/bin/sh
# CLI tests for `scanner screen` and `scanner watchlist`: the built binary
# on fixtures, compared with golden output, plus the real OFAC data of
# ../shared/watchlist-sources. TAP output.
#
# usage: screen_test.sh SCANNER_BINARY SOURCE_DIR
set -u
BIN=$1
SRC=$2
SHARED=${SCANNER_SHARED:-$SRC/../shared}
WS=$SHARED/watchlist-sources
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
DB=$T/db
n=0
failed=0

ok() {	# ok COND_STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

skip() {
	n=$((n + 1))
	echo "ok $n - # SKIP $1"
}

run() {	# run EXPECTED_RC ARGS...: runs scanner, output in $T/out, $T/err
	want=$1
	shift
	"$BIN" --db "$DB" "$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "# scanner $*: exit $got, want $want"
		sed 's/^/#   /' "$T/err" | head -5
		return 1
	fi
	return 0
}

golden() {	# golden NAME: compare $T/out with tests/cli/golden/NAME
	if [ -n "${SCANNER_REGOLD:-}" ]; then
		cp "$T/out" "$SRC/tests/cli/golden/$1"
	fi
	if diff -u "$SRC/tests/cli/golden/$1" "$T/out" >"$T/diff"; then
		return 0
	fi
	sed 's/^/#   /' "$T/diff" | head -30
	return 1
}

# --- the sample, golden, on a fixed day -------------------------------
S=$SRC/fixtures/sample-addresses.txt
run 1 screen --at 2025-11-25 --file "$S" && golden sample.txt
ok $? "sample: text output and exit 1 (hits)"
run 1 screen --at 2025-11-25 --format json --file "$S" && golden sample.json
ok $? "sample: scanner.screen/1 JSON"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["schema"]=="scanner.screen/1" and len(d["results"])==7' "$T/out"
ok $? "sample: JSON parses, schema and 7 results"
run 1 screen --at 2025-11-25 --format csv --file "$S" && golden sample.csv
ok $? "sample: CSV output"

# --- point in time: Tornado Cash -------------------------------------
P=0x12d66f87a04a9e220743712ce6d9bb1b5616b8fc
run 1 screen --at 2023-01-01 --format csv "$P"
grep -q '^0x12d66f87a04a9e220743712ce6d9bb1b5616b8fc,0x12D66f87A04A9E220743712cE6d9bB1B5616B8Fc,ethereum,true,ofac-sdn,sanctioned,TORNADO CASH,2022-08-08,2025-03-21,true,' "$T/out"
ok $? "2023-01-01: the Tornado Cash pool is an active sanction"
run 1 screen --format csv "$P"
grep -q ',ofac-sdn,sanctioned,TORNADO CASH,2022-08-08,2025-03-21,false,' "$T/out" &&
	grep -q ',true,mixers,mixer,Tornado Cash 0.1 ETH pool,,,true,' "$T/out"
ok $? "today: a hit as a mixer, the sanction shown with its dates, inactive"
R=0x098b716b8aaf21512996dc57eb0615e2383e2f96
run 0 screen --at 2022-03-22 "$R"
ok $? "the Ronin exploiter is no hit the day before the heist"
run 1 screen --at 2022-03-23 --format csv "$R" &&
	grep -q ',ronin-heist,heist,Ronin bridge exploiter,2022-03-23,,true,' "$T/out" &&
	grep -q ',ofac-sdn,sanctioned,LAZARUS GROUP,2022-04-14,,false,' "$T/out"
ok $? "on the heist's day: a heist hit, not yet sanctioned"
run 1 screen --at 2022-04-14 --format csv "$R" &&
	grep -q ',ofac-sdn,sanctioned,LAZARUS GROUP,2022-04-14,,true,' "$T/out"
ok $? "from 2022-04-14: an OFAC sanction (Lazarus Group)"

# --- exit codes and errors ----------------------------------------------
run 0 screen 0x0000000000000000000000000000000000000001
ok $? "exit 0 for a clean address"
run 2 screen 0x12D66f87A04A9E220743712cE6d9bB1B5616B8FC &&
	grep -q "bad EIP-55 checksum in '0x12D66f87A04A9E220743712cE6d9bB1B5616B8FC': expected '0x12D66f87A04A9E220743712cE6d9bB1B5616B8Fc'" "$T/err"
ok $? "exit 2 and the expected form for a bad checksum"
run 2 screen --bogus
ok $? "exit 2 for an unknown option"
run 2 screen --at 2023-02-30 "$P"
ok $? "exit 2 for an impossible date"
run 2 screen --file "$T/nonexistent"
grep -q "cannot open '$T/nonexistent'" "$T/err"
ok $? "exit 2 and the file named when --file is missing"
: >"$T/notadir"
"$BIN" --db "$T/notadir/db" screen "$P" >/dev/null 2>"$T/err"
rc=$?
[ "$rc" -eq 5 ] && grep -q "^scanner: cannot open database" "$T/err"
ok $? "exit 5 when the database cannot be created (got $rc)"
printf 'not a database' >"$T/fake.mdb" && mkdir -p "$T/fakedb" && cp "$T/fake.mdb" "$T/fakedb/data.mdb"
"$BIN" --db "$T/fakedb" screen "$P" >/dev/null 2>"$T/err"
rc=$?
[ "$rc" -eq 5 ] && grep -q "is not a scanner database" "$T/err"
ok $? "exit 5 and a clear message when the file is not ours (got $rc)"
run 2 nosuchcommand
ok $? "exit 2 for an unknown command"
run 0 --help && grep -q "^usage: scanner" "$T/out"
ok $? "--help teaches (usage on stdout, exit 0)"
run 0 screen --help && grep -q -- "--at YYYY-MM-DD" "$T/out"
ok $? "screen --help"

# --- watchlist import: atomic, FILE:LINE errors -------------------------
cat >"$T/mine.csv" <<'CSV'
label,address,category
"=HYPERLINK(""http://x"")",0x00000000000000000000000000000000000000aa,custom
bell-and-escape,0x00000000000000000000000000000000000000bb,heist
CSV
printf '\033[31mred\007' | sed 's/^/x/' >/dev/null
run 0 watchlist import --source mine "$T/mine.csv" &&
	grep -q "imported source 'mine': 2 rows, 2 addresses, 2 listings" "$T/out"
ok $? "import a user's CSV"
run 1 screen --format csv 0x00000000000000000000000000000000000000aa &&
	grep -q ",mine,custom,\"'=HYPERLINK(\"\"http://x\"\")\"," "$T/out"
ok $? "CSV output neutralises a formula in a label"
run 0 watchlist list --source mine --format csv
cp "$T/out" "$T/before.csv"
cat >"$T/bad.csv" <<'CSV'
address,category
0x00000000000000000000000000000000000000cc,custom
0x00000000000000000000000000000000000000dd,nonsense
CSV
run 2 watchlist import --source mine "$T/bad.csv" &&
	grep -q "^scanner: $T/bad.csv:3: unknown category 'nonsense'" "$T/err"
ok $? "a bad row aborts with FILE:LINE: reason"
run 0 watchlist list --source mine --format csv && cmp -s "$T/out" "$T/before.csv"
ok $? "the failed import changed nothing"
run 0 watchlist import --source mine2 --category heist "$T/before.csv"
ok $? "watchlist list --format csv imports again"
run 0 watchlist stats && grep -q "^mine " "$T/out" && grep -q "^ofac-sdn " "$T/out"
ok $? "watchlist stats lists the sources"
run 0 watchlist remove --source mine && run 2 watchlist remove --source mine
ok $? "remove, then remove again is an error"

# --- a label with terminal escapes is stripped in text output ----------
printf 'address,label\n0x00000000000000000000000000000000000000ee,"evil\033]0;pwned\007label"\n' >"$T/esc.csv"
run 0 watchlist import --source esc "$T/esc.csv" &&
	run 1 screen 0x00000000000000000000000000000000000000ee &&
	! grep -q "$(printf '\033')" "$T/out" && grep -q 'evil?]0;pwned?label' "$T/out"
ok $? "text output strips control characters from labels"
run 1 screen --format json 0x00000000000000000000000000000000000000ee &&
	grep -q 'evil\\u001b]0;pwned\\u0007label' "$T/out"
ok $? "JSON escapes control characters"

# --- the real OFAC data ----------------------------------------------
if [ -d "$WS" ]; then
	cat "$WS"/ofac-*.txt >"$T/ofac-all.txt"
	total=$(grep -c . "$T/ofac-all.txt")
	"$BIN" --db "$DB" screen --format csv --file "$T/ofac-all.txt" >"$T/out" 2>"$T/err"
	rc=$?
	notfound=$(python3 - "$T/out" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
seen, miss = {}, set()
for r in rows:
    seen.setdefault(r["input"], False)
    if r["hit"] == "true":
        seen[r["input"]] = True
print(sum(1 for v in seen.values() if not v), len(seen))
PY
)
	[ "$rc" -eq 1 ] && [ "${notfound%% *}" = 0 ]
	ok $? "every one of the $total addresses in ofac-*.txt screens as a hit (missed, distinct: $notfound)"

	tail -n +2 "$WS/ofac-removed.csv" | cut -d, -f1 >"$T/removed.txt"
	"$BIN" --db "$DB" screen --format csv --file "$T/removed.txt" >"$T/out" 2>"$T/err"
	bad=$(python3 - "$T/out" "$WS/ofac-removed.csv" <<'PY'
import csv, sys
want = {}
for r in csv.DictReader(open(sys.argv[2])):
    want[r["address"]] = r["delisted_on"]
got = {}
for r in csv.DictReader(open(sys.argv[1])):
    if r["source"] == "ofac-sdn" and r["delisted_on"]:
        got.setdefault(r["input"], set()).add(r["delisted_on"])
bad = [a for a, d in want.items() if a not in got]
print(len(bad), len(want))
PY
)
	[ "${bad%% *}" = 0 ]
	ok $? "every removed OFAC address shows its removal date (missing, total: $bad)"

	python3 -c '
import random
r = random.Random(20261125)
for i in range(2000):
    print("0x%040x" % r.getrandbits(160))
' >"$T/random.txt"
	run 0 screen --format csv --file "$T/random.txt" && [ "$(grep -c ',true,' "$T/out")" -eq 0 ]
	ok $? "2,000 random addresses are not hits"
else
	skip "no $WS: the real-data checks need ../shared"
	skip "no $WS"
	skip "no $WS"
fi

echo "1..$n"
[ "$failed" -eq 0 ]
