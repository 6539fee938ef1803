#!/usr/bin/env bash
# Starts a real yass with the demo school, drives the requests that create
# every yass_* series (homepage, lists, failed and locked logins), and writes
# its /metrics scrape to FILE — for checking dashboards against live metrics.
# Usage: scripts/live-metrics.sh PATH/TO/yass FILE
set -euo pipefail
bin=${1:?usage: $0 PATH/TO/yass FILE}
out=${2:?usage: $0 PATH/TO/yass FILE}
dir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
YASS_ARGON2_MEMORY_KIB=1024 YASS_ARGON2_ITERATIONS=1 YASS_LOG=warn \
  "$bin" serve --demo --bind "127.0.0.1:$port" --data-dir "$dir" --spa-dir "$dir/none" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do curl -fs "$base/readyz" >/dev/null && break; sleep 0.2; done
curl -fs "$base/readyz" >/dev/null
get() { curl -s -o /dev/null "$base$1" || true; }
login() { curl -s -o /dev/null -H 'content-type: application/json' -d "{\"account\":\"$1\",\"password\":\"$2\"}" "$base/api/v1/sites/demo/auth/login" || true; }
for _ in 1 2 3; do get /api/v1/sites/demo/homepage; get /api/v1/sites/demo/news; done
get /api/v1/sites/demo/no-such-thing
login ghost wrong-password
for _ in 1 2 3 4 5 6; do login admin wrong-password; done
login admin admin-demo-pass
sleep 11 # the lockout and pool gauges refresh every 10 s
curl -fs "$base/metrics" > "$out"
echo "live metrics: $(grep -c '^yass_' "$out") yass_* samples written to $out"
