#!/usr/bin/env bash
# Instructions per request of the hot public paths, counted by valgrind's
# callgrind (Debian): stable on a shared, noisy machine where times are not
# (issue 18; docs/decisions/0005-performance.md).
#
#   scripts/callgrind.sh [BIN] [REQUESTS]      (make callgrind)
#
# Starts the release `yass` (BIN, default target/release/yass) under
# callgrind with the demo school on a fresh SQLite data dir, warms each path,
# then for each: zeroes the counters, sends REQUESTS (default 200) requests
# over one keep-alive connection, dumps, and divides the instructions by the
# requests. Two passes: "warm" (the response cache as configured) and
# "uncached" (YASS_CACHE_BYTES=0 and YASS_SITE_CACHE_MS=0: every request
# reads the site and builds the response; homepage and menu still come from
# the shared snapshot, as on a restarted instance). Prints a Markdown table.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-${CARGO_TARGET_DIR:-$ROOT/target}/release/yass}
N=${2:-200}
[ -x "$BIN" ] || { echo "no yass binary at $BIN (cargo build --release -p yass-api --bin yass)" >&2; exit 1; }
if ! command -v callgrind_control >/dev/null; then
  apt-get install -y -q valgrind >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q valgrind >/dev/null; }
fi

RUN=$(mktemp -d /tmp/yass-callgrind.XXXXXX)
PID=
cleanup() {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true
  rm -rf "$RUN"
}
trap cleanup EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

PATHS=(homepage nav "news?page=1&per_page=20" "news/ITEM" "pages/PAGE" links extensions
  "calendar/events" calendar.ics news.rss sitemap.xml)

pass() { # label, then env assignments
  local label=$1
  shift
  local p base data out item page
  p=$(port)
  base=http://127.0.0.1:$p/api/v1/sites/demo
  data=$RUN/$label
  mkdir -p "$data"
  # The homepage chore off (decision 0023): callgrind counts every thread,
  # and its passes would land in whichever path is being counted.
  env "$@" YASS_PREBUILD_HOMEPAGES=false YASS_LOG=error valgrind --tool=callgrind --callgrind-out-file="$data/cg.%p" \
    "$BIN" serve --demo --bind "127.0.0.1:$p" --data-dir "$data" --spa-dir "$RUN/none" \
    >"$data/log" 2>&1 &
  PID=$!
  for _ in $(seq 600); do
    curl -fsS -o /dev/null "http://127.0.0.1:$p/healthz" 2>/dev/null && break
    sleep 0.5
  done
  item=$(curl -fsS "$base/news?per_page=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
  page=$(curl -fsS "$base/sitemap.xml" | grep -o '/pages/[0-9]*<' | head -1 | tr -dc 0-9)
  for path in "${PATHS[@]}"; do
    path=${path/ITEM/$item}
    path=${path/PAGE/${page:-1}}
    curl -fsS -o /dev/null "$base/$path" -o /dev/null "$base/$path"
    callgrind_control -z "$PID" >/dev/null 2>&1
    # One curl, N URLs: one keep-alive connection.
    curl -fsS $(for _ in $(seq "$N"); do printf -- '-o /dev/null %s ' "$base/$path"; done)
    callgrind_control -d "$label-$RANDOM" "$PID" >/dev/null
    out=$(ls -t "$data"/cg.* | head -1)
    ir=$(awk '/^(summary|totals):/ { print $2; exit }' "$out")
    printf '| %s | %s | %s |\n' "$label" "${path%%\?*}$([ "$path" != "${path%%\?*}" ] && echo " (?${path#*\?})")" \
      "$(python3 -c "print(f'{$ir / $N:,.0f}')")"
  done
  kill "$PID"
  wait "$PID" 2>/dev/null || true
  PID=
}

echo "Instructions per request (callgrind, $N requests each, $("$BIN" --version 2>/dev/null || echo yass), demo school, SQLite)"
echo
echo "| Pass | GET /api/v1/sites/demo/… | Instructions / request |"
echo "|---|---|---:|"
pass warm
pass uncached YASS_CACHE_BYTES=0 YASS_SITE_CACHE_MS=0
