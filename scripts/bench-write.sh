#!/usr/bin/env bash
# The write row of `make bench` on its own, against any yass binary, so a
# write's cost can be compared before and after a change (issue 14: every
# write also stores a version and an audit entry). SQLite, demo school.
#
#   scripts/bench-write.sh path/to/yass [seconds] [connections]
#
# Starts `yass serve --demo` pinned to CPU 1 on a fresh data directory,
# signs in as the demo admin, and PATCHes one news item's title with wrk
# pinned to CPU 0; prints requests/s, p50, p99 and server CPU per request.
set -euo pipefail
YASS=$(realpath "$1")
SECS=${2:-10}
CONNS=${3:-4}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
command -v wrk >/dev/null || apt-get install -y -q wrk >/dev/null
RUN=$(mktemp -d /tmp/yass-bench-write.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
cleanup() { [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$RUN"; }
trap cleanup EXIT
YASS_LOG=warn YASS_DATA_DIR=$RUN YASS_BIND=127.0.0.1:$PORT YASS_JWT_SECRET=bench-write-secret-bench-write-secret \
  taskset -c 1 "$YASS" serve --demo >"$RUN/yass.log" 2>&1 &
PID=$!
for _ in $(seq 100); do curl -fs -o /dev/null "$BASE/readyz" && break; sleep 0.2; done
TOKEN=$(curl -fsS -X POST -H 'Content-Type: application/json' -d '{"account":"admin","password":"admin-demo-pass"}' \
  "$BASE/api/v1/sites/demo/auth/login" | python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')
NEWS_ID=$(curl -fsS "$BASE/api/v1/sites/demo/news?per_page=1" | python3 -c 'import json, sys; d = json.load(sys.stdin); print((d.get("items") or d["pinned"])[0]["id"])')
cat "$ROOT/bench/lua/write.lua" "$ROOT/bench/lua/report.lua" >"$RUN/write.lua"
ticks() { cut -d' ' -f14,15 "/proc/$PID/stat" | awk '{ print $1 + $2 }'; }
t0=$(ticks)
out=$(taskset -c 0 wrk -t1 -c"$CONNS" -d"${SECS}s" --timeout 5s -s "$RUN/write.lua" "$BASE/api/v1/sites/demo/news/$NEWS_ID" -- "$TOKEN")
t1=$(ticks)
python3 - "$(grep '^WRKJSON ' <<<"$out" | sed 's/^WRKJSON //')" "$((t1 - t0))" "$(getconf CLK_TCK)" "$CONNS" <<'PY'
import json, sys
w, ticks, hz, c = json.loads(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
err = sum(w[k] for k in ("connect", "read", "write", "status", "timeout"))
n = w["requests"]
print(f"news edit (PATCH), c={c}: {n / (w['duration_us'] / 1e6):,.0f} req/s  p50 {w['p50_us'] / 1000:.2f} ms  "
      f"p99 {w['p99_us'] / 1000:.2f} ms  errors {err}  server CPU {ticks / hz * 1e6 / max(n, 1):,.0f} us/req  ({n} writes)")
PY
