#!/bin/sh
# update_test.sh - `scanner watchlist update` against a local HTTP server
# (tests/monitor/receiver.py) serving the real OFAC issues of
# fixtures/ofac/ (see its README: cut from the 2025-03-04 and 2025-03-21
# sdn_advanced.xml; Tornado Cash left the list on 2025-03-21): a first
# download, 304 Not Modified by ETag and by Last-Modified, a corrupt
# download and a truncated one that change nothing, a failing server, and
# a new issue whose dropped addresses get their delisted_on. TAP output.
#
# usage: update_test.sh SCANNER_BINARY SOURCE_DIR
set -u
BIN=$1
SRC=$2
T=$(mktemp -d "${TMPDIR:-/tmp}/scanner-update.XXXXXX")
DB=$T/db
FX=$SRC/fixtures/ofac
# Tornado Cash (SDN 39796) in the 2025-03-04 issue, gone on 2025-03-21.
TORNADO=0x8589427373D6D84E98730D7795D8f6f8731FDA16
# The Ronin bridge exploiter (Lazarus Group), in both issues.
RONIN=0x098B716B8Aaf21512996dC57EB0615e2383E2f96
n=0
failed=0

. "$SRC/tests/monitor/receiver.sh"
trap 'receiver_stop; rm -rf "$T"' EXIT

ok() {	# ok STATUS TEXT
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

run() {	# run EXPECTED_RC ARGS...: output in $T/out, $T/err
	want=$1
	shift
	"$BIN" --db "$DB" "$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "# scanner $*: exit $got, want $want"
		sed -n '1,5s/^/#   /p' "$T/err" "$T/out"
		return 1
	fi
	return 0
}

has() {	# has FILE TEXT
	grep -qF -- "$2" "$1"
}

# The state an update must not touch when it fails.
snapshot() {
	"$BIN" --db "$DB" watchlist list --source ofac-sdn --format csv \
	    >"$T/$1.csv" 2>/dev/null
	"$BIN" --db "$DB" screen --format json "$TORNADO" "$RONIN" \
	    >"$T/$1.json" 2>/dev/null
}

receiver_start
URL=$RECV_URL/sdn.xml

run 2 watchlist update --url ftp://example.org/sdn.xml
ok $? "a URL that is not http(s) is a usage error"

# 1. A first download: imported as source ofac-sdn.
control "{\"file\": \"$FX/sdn-2025-03-04.xml\", \"etag\": \"\\\"v1\\\"\", \"last_modified\": null, \"mode\": \"normal\"}"
run 0 watchlist update --url "$URL"
ok $? "first update: exit 0"
has "$T/out" "imported source 'ofac-sdn' from http://127.0.0.1" &&
    has "$T/out" "issue of 2025-03-04"
ok $? "first update: imported the 2025-03-04 issue as ofac-sdn"
run 1 screen "$TORNADO"
ok $? "Tornado Cash is a hit after the 2025-03-04 issue"
[ "$(log_count 'r["path"]=="/sdn.xml" and "if-none-match" not in r["headers"]')" -eq 1 ]
ok $? "the first request was not conditional"

# 2. The same issue again: 304, nothing downloaded.
snapshot before
run 0 watchlist update --url "$URL"
ok $? "unchanged issue: exit 0"
has "$T/out" "unchanged since the last update (304 Not Modified)"
ok $? "unchanged issue: says 304 Not Modified"
[ "$(log_count 'r["headers"].get("if-none-match")=="\"v1\"" and r["status"]==304')" -eq 1 ]
ok $? "the second request carried If-None-Match with the stored ETag"
snapshot after
cmp -s "$T/before.csv" "$T/after.csv"
ok $? "a 304 changes nothing"

# 3. A corrupt download (a tag missing): exit 2, nothing changed.
control "{\"file\": \"$FX/sdn-2025-11-19-malformed.xml\", \"etag\": \"\\\"v2\\\"\"}"
run 2 watchlist update --url "$URL"
ok $? "corrupt download: exit 2"
has "$T/err" "not a usable sdn_advanced.xml; nothing changed"
ok $? "corrupt download: the error says nothing changed"
snapshot after
cmp -s "$T/before.csv" "$T/after.csv" &&
    cmp -s "$T/before.json" "$T/after.json"
ok $? "corrupt download: listings and screening as before"
ls "$DB" | grep -q '^update-' && bad=1 || bad=0
ok $bad "corrupt download: no temporary file left in the database"

# 4. A download cut short: exit 4, nothing changed, validators kept.
control "{\"file\": \"$FX/sdn-2025-03-21.xml\", \"etag\": \"\\\"v3\\\"\", \"mode\": \"truncate\"}"
run 4 watchlist update --url "$URL"
ok $? "truncated download: exit 4 (network)"
snapshot after
cmp -s "$T/before.csv" "$T/after.csv"
ok $? "truncated download: nothing changed"
[ "$(log_count 'r["headers"].get("if-none-match")=="\"v1\"" and r["status"]==200')" -ge 2 ]
ok $? "after failed updates the request still carries the last good ETag"

# 5. A server that keeps failing: retried, then exit 4.
control '{"mode": "error"}'
before=$(log_count 'r["status"]==500')
run 4 watchlist update --url "$URL"
ok $? "server error: exit 4"
[ $(($(log_count 'r["status"]==500') - before)) -eq 4 ]
ok $? "server error: tried 4 times"
has "$T/err" "HTTP 500 after 4 attempts"
ok $? "server error: the message names the status and the attempts"

# 6. The next issue: Tornado Cash delisted on 2025-03-21, Lazarus kept.
control "{\"file\": \"$FX/sdn-2025-03-21.xml\", \"etag\": \"\\\"v3\\\"\", \"mode\": \"normal\"}"
run 0 watchlist update --url "$URL"
ok $? "new issue: exit 0"
has "$T/out" "issue of 2025-03-21"
ok $? "new issue: the 2025-03-21 issue is in"
"$BIN" --db "$DB" screen --at 2025-04-01 --format json "$TORNADO" \
    >"$T/out" 2>/dev/null
python3 - "$T/out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
sdn = [l for l in r["listings"] if l["source"] == "ofac-sdn"]
mix = [l for l in r["listings"] if l["category"] == "mixer"]
ok = (len(sdn) == 1 and sdn[0]["delisted_on"] == "2025-03-21" and
      sdn[0]["listed_on"] is not None and not sdn[0]["active"] and
      mix and mix[0]["active"] and r["hit"])
sys.exit(0 if ok else 1)
PY
ok $? "Tornado Cash's ofac-sdn listing is kept with delisted_on 2025-03-21, inactive on 2025-04-01 (still a hit as a mixer)"
run 1 screen --at 2025-04-01 "$RONIN"
ok $? "the Ronin exploiter stays a hit"

# 7. Last-Modified alone: If-Modified-Since, 304.
control "{\"etag\": null, \"last_modified\": \"Fri, 21 Mar 2025 16:00:00 GMT\"}"
run 0 watchlist update --url "$URL"
ok $? "same issue with only Last-Modified: downloaded (no ETag stored)"
run 0 watchlist update --url "$URL"
has "$T/out" "304 Not Modified"
ok $? "then If-Modified-Since gets a 304"
[ "$(log_count 'r["headers"].get("if-modified-since")=="Fri, 21 Mar 2025 16:00:00 GMT" and r["status"]==304')" -eq 1 ]
ok $? "the request carried If-Modified-Since with the stored date"

# 8. Another URL: its validators are not the stored ones.
run 0 watchlist update --url "$URL?mirror=2"
has "$T/out" "imported source 'ofac-sdn'"
ok $? "a different URL downloads without validators"

echo "1..$n"
[ "$failed" -eq 0 ]
