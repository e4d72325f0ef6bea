#!/bin/sh
# evidence_test.sh SCANNER SRC - `scanner trace --evidence DIR` on the
# recorded heist (no node, no network: the trace replays fixtures/heist/
# cassettes, as heist_replay.sh does). The folder it writes must re-run
# offline to the same report byte for byte, also when copied elsewhere;
# SHA256SUMS must check; one flipped byte in a recorded response must fail
# both the check and the rerun; a folder that is not empty, --offline and
# --record are refused with exit 2 and nothing written; a trace that fails
# leaves no SHA256SUMS.
SCANNER=$(CDPATH='' cd -- "$(dirname -- "$1")" && pwd)/$(basename -- "$1")
SRC=$2
. "$SRC/tests/integration/lib.sh"
H=$SRC/fixtures/heist
EXP=$H/expected.json

if ! ls "$H"/cassettes/*.io >/dev/null 2>&1; then
	bail "no cassettes in $H/cassettes: run fixtures/heist/record.sh"
fi
command -v sha256sum >/dev/null 2>&1 || skip_all "no sha256sum"
FWD=$(python3 -c 'import json, sys
print("\n".join(json.load(open(sys.argv[1]))["forward"]["trace_args"]))' \
    "$EXP") || bail "cannot read $EXP"

# The user's database: the bundled lists (loaded on first use), the
# heist's watchlist and a list of their own with a label that needs CSV
# quoting, so the export has several sources to carry over.
DB=$T/db
mkdir -p "$DB"
A=0x00000000000000000000000000000000000000aa
L='"a, ""quoted"" label"'
printf '%s\n' 'address,category,label,listed_on' \
    "$A,custom,$L,2024-01-02" >"$T/mine.csv"
"$SCANNER" --db "$DB" --quiet watchlist import "$H/watchlist.csv" \
    >/dev/null 2>"$T/import.err" &&
    "$SCANNER" --db "$DB" --quiet watchlist import --source my-list \
    "$T/mine.csv" >/dev/null 2>>"$T/import.err" ||
    { diag "$T/import.err"; bail "watchlist import failed"; }

# trace DB OUT [OPTIONS...]: the forward trace of expected.json, replayed
trace() {
	db=$1 out=$2
	shift 2
	# shellcheck disable=SC2086 # the arguments: hex, numbers and words
	"$SCANNER" --rpc "$H/cassettes" --db "$db" --quiet trace \
	    --format text --output "$out" "$@" $FWD 2>"$out.err"
	rc=$?
}

# The same trace, plain: what the evidence's report must equal.
trace "$DB" "$T/plain.txt" --format json --output "$T/plain.json"
[ "$rc" -eq 1 ] || { diag "$T/plain.txt.err"; bail "plain trace: exit $rc"; }
trace "$DB" "$T/plain.txt"

E=$T/ev
trace "$DB" "$T/ev.txt" --evidence "$E"
ok $((rc != 1)) "--evidence: exit code 1 as without it, got $rc"
[ "$rc" -eq 1 ] || diag "$T/ev.txt.err"
cmp -s "$T/ev.txt" "$T/plain.txt"
ok $? "--evidence: the report asked for is the same as without it"
cmp -s "$E/report.json" "$T/plain.json"
ok $? "report.json is the plain trace's JSON report"
cmp -s "$E/report.txt" "$T/plain.txt"
ok $? "report.txt: the format asked for"
for f in README.txt SHA256SUMS command.txt rerun.sh verification.txt \
    watchlists/watchlist.csv watchlists/my-list.csv \
    watchlists/ofac-sdn.csv watchlists/mixers.csv; do
	[ -f "$E/$f" ]
	ok $? "the folder has $f"
done
ls "$E"/cassettes/*.io >/dev/null 2>&1
ok $? "the folder has cassettes/*.io"
[ ! -e "$E/.work" ]
ok $? "the work database is removed"
ls "$E"/*.tmp "$E"/*/*.tmp >/dev/null 2>&1
ok $((! $?)) "no .tmp file is left"
grep -q -e "$T" -e "$H" -e cassettes "$E/report.json"
ok $((! $?)) "report.json names no path"
grep -q '^verified [0-9]* blocks, .* header-hash \([0-9]*\)/\1' \
    "$E/verification.txt"
ok $? "verification.txt: blocks and each check's checked/passed"
grep -q '^failures: 0$' "$E/verification.txt"
ok $? "verification.txt: no failure"
grep -q -- '--evidence' "$E/command.txt" && grep -q '^scanner ' \
    "$E/command.txt"
ok $? "command.txt: the command line and the version"
grep -qixF "$A,ethereum,custom,$L,2024-01-02,," "$E/watchlists/my-list.csv"
ok $? "watchlists/my-list.csv: the user's listing, quoted as CSV"

(cd "$E" && sha256sum -c --quiet SHA256SUMS) >"$T/sums.out" 2>&1
ok $? "sha256sum -c SHA256SUMS passes"
n=$(find "$E" -type f ! -name SHA256SUMS | wc -l)
[ "$(wc -l <"$E/SHA256SUMS")" -eq "$n" ]
ok $? "SHA256SUMS covers every other file ($n)"

SCANNER=$SCANNER sh "$E/rerun.sh" >"$T/rerun.out" 2>&1
rc=$?
ok "$rc" "rerun.sh exits 0"
grep -q '^identical' "$T/rerun.out"
ok $? "rerun.sh says identical"
[ "$rc" -eq 0 ] || diag "$T/rerun.out"

# Copied elsewhere (and under a name with a space), it still re-runs.
mkdir "$T/else where"
cp -R "$E" "$T/else where/copy"
rm -f "$T/else where/copy/report.rerun.json"
(cd / && SCANNER=$SCANNER sh "$T/else where/copy/rerun.sh") \
    >"$T/rerun2.out" 2>&1
ok $? "rerun.sh works from a copy of the folder"
grep -q '^identical' "$T/rerun2.out"
ok $? "the copy says identical"

# One byte flipped in a recorded block (not a probe's header): the
# checksums and the rerun both fail (its header hash no longer checks out).
cp -R "$E" "$T/bad"
f=$(find "$T/bad/cassettes" -name '*.io' | sort | head -n 1)
python3 - "$f" <<'PY' || bail "cannot flip a byte in $f"
import re, sys
p = sys.argv[1]
lines = open(p, encoding="utf-8").read().split("\n")
for i, l in enumerate(lines):
    if (l.startswith(">> ") and '"eth_getBlockByNumber"' in l and
            l.endswith(',true]}')):
        r = lines[i + 1]
        m = re.search(r'"timestamp":"0x[0-9a-f]*([0-9a-f])"', r)
        if m:
            c = "1" if m.group(1) != "1" else "2"
            lines[i + 1] = r[:m.start(1)] + c + r[m.end(1):]
            break
else:
    sys.exit("no block response")
open(p, "w", encoding="utf-8").write("\n".join(lines))
PY
(cd "$T/bad" && sha256sum -c --quiet SHA256SUMS) >"$T/sums.bad" 2>&1
ok $((! $?)) "a flipped byte: sha256sum -c fails"
grep -q "cassettes/.*FAILED" "$T/sums.bad"
ok $? "sha256sum -c names the cassette"
SCANNER=$SCANNER sh "$T/bad/rerun.sh" >"$T/rerun.bad" 2>&1
rc=$?
ok $((rc != 3)) "a flipped byte: rerun.sh fails with exit 3, got $rc"
[ "$rc" -eq 3 ] || diag "$T/rerun.bad"
grep -q '^identical' "$T/rerun.bad"
ok $((! $?)) "a flipped byte: rerun.sh does not say identical"

# A folder that is not empty: exit 2, nothing written.
mkdir "$T/full"
echo keep >"$T/full/note"
trace "$DB" "$T/full.txt" --evidence "$T/full"
ok $((rc != 2)) "a folder that is not empty: exit 2, got $rc"
[ "$(ls -A "$T/full")" = note ] && [ ! -e "$T/full.txt" ]
ok $? "a folder that is not empty: nothing written"
grep -q 'is not empty' "$T/full.txt.err"
ok $? "a folder that is not empty: says so"
: >"$T/afile"
trace "$DB" "$T/afile.txt" --evidence "$T/afile"
ok $((rc != 2)) "a file, not a folder: exit 2, got $rc"

# --offline and --record: usage errors, nothing written.
# shellcheck disable=SC2086 # $FWD: hex, numbers and words
"$SCANNER" --offline --db "$DB" --quiet trace --evidence "$T/off" $FWD \
    >/dev/null 2>"$T/off.err"
rc=$?
ok $((rc != 2)) "--offline --evidence: exit 2, got $rc"
[ ! -e "$T/off" ]
ok $? "--offline --evidence: nothing written"
grep -q -- '--offline' "$T/off.err"
ok $? "--offline --evidence: says why"
# shellcheck disable=SC2086 # $FWD: hex, numbers and words
"$SCANNER" --record "$T/rec" --rpc "$H/cassettes" --db "$DB" --quiet trace \
    --evidence "$T/rec-ev" $FWD >/dev/null 2>"$T/rec.err"
rc=$?
ok $((rc != 2)) "--record --evidence: exit 2, got $rc"
[ ! -e "$T/rec-ev" ] && [ ! -e "$T/rec" ]
ok $? "--record --evidence: nothing written"

# A trace that fails (an answer the cassettes lack: a window past the
# recorded chain) leaves the folder without SHA256SUMS or work database.
"$SCANNER" --rpc "$H/cassettes" --db "$DB" --quiet trace --evidence \
    "$T/failed" --from-block 4 --to-block 999 \
    0x78d81D87219afa9BDd6e53835b559f1Ff62Eb065 >/dev/null \
    2>"$T/failed.err"
rc=$?
ok $((rc != 4)) "a failed trace: exit 4, got $rc"
[ ! -e "$T/failed/SHA256SUMS" ] && [ ! -e "$T/failed/.work" ]
ok $? "a failed trace: no SHA256SUMS, no work database"

tap_done
