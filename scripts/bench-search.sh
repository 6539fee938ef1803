#!/usr/bin/env bash
# The search row of `make bench` on its own, against any yass binary, so a
# search's cost can be compared before and after a change (issue 18:
# keyword search stays uncached, bounded by YASS_SEARCH_CAP). SQLite, one
# school of SIZE items made by yass-bench-data, kept in /var/tmp between
# runs (the data do not depend on the yass build).
#
#   scripts/bench-search.sh path/to/yass path/to/yass-bench-data [size] [seconds]
#
# Starts `yass serve` pinned to CPU 1 and searches with wrk pinned to CPU 0
# (bench/lua/search.lua: words of 1-4 characters), once with one connection
# (the latency of one search) and once with 64 (searches queueing on one
# CPU); prints requests/s, p50, p99 and server CPU per request of each.
set -euo pipefail
YASS=$(realpath "$1")
GEN=$(realpath "$2")
SIZE=${3:-100000}
SECS=${4:-10}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
command -v wrk >/dev/null || apt-get install -y -q wrk >/dev/null
DATA=/var/tmp/yass-bench-search-$SIZE
if [ ! -f "$DATA/made" ]; then
  rm -rf "$DATA" && mkdir -p "$DATA"
  echo "generating one school of $SIZE items in $DATA"
  DATABASE_URL= "$GEN" --data-dir "$DATA" --sites 0 --sizes "$SIZE" \
    --seed 42 --anchor 2026-12-01 --admin-password bench-admin-pass >"$DATA/gen.log"
  touch "$DATA/made"
fi
RUN=$(mktemp -d /tmp/yass-bench-search.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
cleanup() { [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$RUN"; }
trap cleanup EXIT
DATABASE_URL= YASS_LOG=warn YASS_DATA_DIR=$DATA YASS_BIND=127.0.0.1:$PORT \
  YASS_JWT_SECRET=bench-search-secret-bench-search-secret taskset -c 1 "$YASS" serve >"$RUN/yass.log" 2>&1 &
PID=$!
for _ in $(seq 300); do curl -fs -o /dev/null "$BASE/readyz" && break; sleep 0.2; done
PREFIX="/api/v1/sites/scale-$SIZE/news?q="
curl -fsS -o /dev/null "$BASE${PREFIX}%E6%A0%A1" || { echo "no school scale-$SIZE answers" >&2; cat "$RUN/yass.log" >&2; exit 1; }
cat "$ROOT/bench/lua/search.lua" "$ROOT/bench/lua/report.lua" >"$RUN/search.lua"
ticks() { cut -d' ' -f14,15 "/proc/$PID/stat" | awk '{ print $1 + $2 }'; }
for CONNS in 1 64; do
  t0=$(ticks)
  out=$(taskset -c 0 wrk -t1 -c"$CONNS" -d"${SECS}s" --timeout 10s -s "$RUN/search.lua" "$BASE" -- "$PREFIX" 42)
  t1=$(ticks)
  python3 - "$(grep '^WRKJSON ' <<<"$out" | sed 's/^WRKJSON //')" "$((t1 - t0))" "$(getconf CLK_TCK)" "$CONNS" "$SIZE" <<'PY'
import json, sys
w, ticks, hz, c, size = json.loads(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
err = sum(w[k] for k in ("connect", "read", "write", "status", "timeout"))
n = w["requests"]
print(f"search, words of 1-4 characters, {size:,} items, c={c}: {n / (w['duration_us'] / 1e6):,.0f} req/s  "
      f"p50 {w['p50_us'] / 1000:.2f} ms  p99 {w['p99_us'] / 1000:.2f} ms  errors {err}  "
      f"server CPU {ticks / hz * 1e6 / max(n, 1):,.0f} us/req  ({n} searches)")
PY
done
