# receiver.sh - sourced by the monitor's shell tests: start and steer
# tests/monitor/receiver.py (a local HTTP server on a free loopback port).
#
# The caller sets SRC (the source root) and T (a temporary directory,
# removed by the caller) before sourcing. After it:
#   receiver_start       start it; sets RECV_URL (http://127.0.0.1:PORT),
#                        RECV_LOG (one JSON line per request), RECV_PID
#   receiver_stop        stop it (call it from the caller's EXIT trap)
#   control JSON         POST /control: change what it answers
#   log_count FILTER     how many logged requests match a python expression
#                        over r (the request's JSON), e.g. 'r["status"]==304'
# Every wait is bounded.

RECV_PID=
RECV_URL=
RECV_LOG=

receiver_start() {
	RECV_LOG=$T/receiver.log
	: >"$RECV_LOG"
	python3 "$SRC/tests/monitor/receiver.py" "$RECV_LOG" \
	    >"$T/receiver.port" 2>"$T/receiver.err" &
	RECV_PID=$!
	i=0
	while [ $i -lt 100 ]; do	# 10 s
		port=$(head -n 1 "$T/receiver.port" 2>/dev/null)
		if [ -n "$port" ]; then
			RECV_URL=http://127.0.0.1:$port
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	echo "Bail out! the test HTTP receiver did not start"
	sed 's/^/#   /' "$T/receiver.err"
	exit 1
}

receiver_stop() {
	if [ -n "$RECV_PID" ]; then
		kill "$RECV_PID" 2>/dev/null
		wait "$RECV_PID" 2>/dev/null
		RECV_PID=
	fi
}

control() {
	python3 - "$RECV_URL/control" "$1" <<'PY'
import sys, urllib.request
req = urllib.request.Request(sys.argv[1], sys.argv[2].encode(),
    {"content-type": "application/json"})
urllib.request.urlopen(req, timeout=10).read()
PY
}

log_count() {
	python3 - "$RECV_LOG" "$1" <<'PY'
import json, sys
n = 0
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    if eval(sys.argv[2], {"r": r}):
        n += 1
print(n)
PY
}
