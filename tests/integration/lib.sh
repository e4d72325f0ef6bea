# lib.sh - sourced by the integration tests: TAP output, a temporary
# directory, and anvil started on a free loopback port and stopped on exit.
#
# The caller sets SRC (the source root) before sourcing. After it:
#   T                    a fresh temporary directory, removed on exit
#   ok STATUS TEXT       one TAP line ("ok N - TEXT" when STATUS is 0)
#   skip_all WHY         the TAP plan "1..0 # SKIP WHY" and exit
#   tap_done             the plan, and exit 1 if a check failed
#   anvil_start NAME [ARGS...]
#                        start anvil (--hardfork prague, --port 0: the
#                        kernel picks a free port), wait until it answers
#                        (at most 60 s); sets ANVIL_URL, ANVIL_LOG
#                        (its output: the dev keys) and ANVIL_PID
#   anvil_stop           stop it (done on exit too)
#   rpc METHOD PARAMS    one JSON-RPC call to anvil; prints the result
#   chain ARGS...        tests/integration/chain.cjs with node
#   closed_port          sets CLOSED_PORT: a loopback port held bound (so
#                        nothing else takes it) and never listening, so
#                        connections to it are refused; freed on exit
#   proxy_start MAX      sets PROXY_URL: tests/integration/proxy.py in
#                        front of anvil, down after MAX requests; its log
#                        is $T/proxy.log
# Every wait is bounded; nothing here talks to anything but 127.0.0.1.

ANVIL=${SCANNER_ANVIL:-$SRC/.deps/node_modules/.bin/anvil}
T=$(mktemp -d "${TMPDIR:-/tmp}/scanner-integ.XXXXXX")
ANVIL_PID=
ANVIL_URL=
ANVIL_LOG=
BG_PIDS=
tap_n=0
tap_failed=0

lib_cleanup() {
	for p in $BG_PIDS; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	anvil_stop
	rm -rf "$T"
}
trap lib_cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 141' PIPE

ok() {	# ok STATUS TEXT
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_failed=$((tap_failed + 1))
	fi
}

bail() {	# bail WHY: a setup step failed, nothing else can run
	echo "Bail out! $1"
	exit 1
}

skip_all() {
	echo "1..0 # SKIP $1"
	exit 0
}

tap_done() {
	echo "1..$tap_n"
	if [ "$tap_failed" -gt 0 ]; then
		echo "# $tap_failed of $tap_n failed"
		exit 1
	fi
	exit 0
}

# Show a file as TAP diagnostics (at most 20 lines).
diag() {
	sed -n '1,20s/^/#   /p' "$1"
}

# Run a program that prints its own "ok - TEXT" / "not ok - TEXT" lines
# (and "#" comments): renumber them into this test's TAP stream.
tap_run() {
	"$@" >"$T/tap_run.out" 2>"$T/tap_run.err"
	rc=$?
	while IFS= read -r line; do
		case $line in
		"ok - "*)
			ok 0 "${line#ok - }"
			;;
		"not ok - "*)
			ok 1 "${line#not ok - }"
			;;
		*)
			echo "$line"
			;;
		esac
	done <"$T/tap_run.out"
	if [ "$rc" -ne 0 ] && ! grep -q '^not ok' "$T/tap_run.out"; then
		ok 1 "$1 exited $rc"
		diag "$T/tap_run.err"
	fi
}

anvil_start() {	# anvil_start NAME [ARGS...]
	name=$1
	shift
	if [ ! -x "$ANVIL" ]; then
		echo "# $ANVIL is missing"
		bail "anvil is not installed: run tests/install-deps --test"
	fi
	ANVIL_LOG=$T/anvil-$name.log
	"$ANVIL" --hardfork prague --host 127.0.0.1 --port 0 "$@" \
	    >"$ANVIL_LOG" 2>&1 &
	ANVIL_PID=$!
	ANVIL_URL=
	i=0
	while [ $i -lt 600 ]; do	# 60 s
		if ! kill -0 "$ANVIL_PID" 2>/dev/null; then
			diag "$ANVIL_LOG"
			ANVIL_PID=
			bail "anvil exited at startup"
		fi
		port=$(sed -n 's/^Listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' \
		    "$ANVIL_LOG")
		if [ -n "$port" ]; then
			ANVIL_URL=http://127.0.0.1:$port
			if rpc eth_chainId '[]' >/dev/null 2>&1; then
				return 0
			fi
		fi
		sleep 0.1
		i=$((i + 1))
	done
	bail "anvil did not answer within 60 s"
}

anvil_stop() {
	if [ -n "$ANVIL_PID" ]; then
		kill "$ANVIL_PID" 2>/dev/null
		i=0
		while kill -0 "$ANVIL_PID" 2>/dev/null && [ $i -lt 50 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		kill -9 "$ANVIL_PID" 2>/dev/null
		wait "$ANVIL_PID" 2>/dev/null
		ANVIL_PID=
	fi
}

rpc() {	# rpc METHOD PARAMS_JSON: print the result as JSON
	python3 - "$ANVIL_URL" "$1" "$2" <<'PY'
import json, sys, urllib.request
url, method, params = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method,
    "params": params}).encode()
req = urllib.request.Request(url, body,
    {"content-type": "application/json"})
direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
with direct.open(req, timeout=30) as r:
    res = json.load(r)
if "error" in res:
    sys.exit("%s: %s" % (method, res["error"]))
print(json.dumps(res["result"]))
PY
}

chain() {
	SCANNER_DEPS=$SRC/.deps node "$SRC/tests/integration/chain.cjs" "$@"
}

# wait_line FILE REGEX: print the first line of FILE matching REGEX, once
# it is there (at most 30 s)
wait_line() {
	i=0
	while [ $i -lt 300 ]; do
		line=$(grep -m1 -E "$2" "$1" 2>/dev/null)
		if [ -n "$line" ]; then
			echo "$line"
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

closed_port() {
	python3 -c '
import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
print("port %d" % s.getsockname()[1], flush=True)
time.sleep(600)' >"$T/closed.log" 2>&1 &
	BG_PIDS="$BG_PIDS $!"
	CLOSED_PORT=$(wait_line "$T/closed.log" '^port ' | cut -d' ' -f2)
	[ -n "$CLOSED_PORT" ] || bail "could not hold a closed port"
}

proxy_start() {	# proxy_start MAX
	python3 "$SRC/tests/integration/proxy.py" "$ANVIL_URL" "$1" 300 \
	    >"$T/proxy.log" 2>&1 &
	BG_PIDS="$BG_PIDS $!"
	PROXY_URL=http://127.0.0.1:$(wait_line "$T/proxy.log" '^port ' |
	    cut -d' ' -f2)
	[ "$PROXY_URL" != "http://127.0.0.1:" ] || bail "the proxy did not start"
}
