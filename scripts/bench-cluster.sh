#!/usr/bin/env bash
# Three yass instances against one, on the same machine and the same
# database cluster (issue 19: a benchmark, not a test; `make bench-cluster`).
#
#   scripts/bench-cluster.sh path/to/yass [seconds]
#
# Starts what `make test-faults` starts (ops/faults/lib): a three-node
# MariaDB Galera cluster behind HAProxy, then nginx in front of first one
# yass instance, then three, and measures through nginx:
#   - a school homepage (wrk, 64 connections): requests/s, p50, p99;
#   - writes: news items created by 8 connections (wrk with a Lua body):
#     requests/s, p50, p99.
# Every process shares the machine's CPUs: on a 2-core machine the figures
# say what more instances cost or gain there, not what more machines gain.
set -euo pipefail
yass_bin="$(readlink -f "${1:?usage: scripts/bench-cluster.sh path/to/yass [seconds]}")"
secs="${2:-10}"
root="$(cd "$(dirname "$0")/.." && pwd)"; ops="$root/ops"
. "$ops/lib/front.sh"
. "$ops/faults/lib/galera.sh"
. "$ops/faults/lib/haproxy.sh"
ensure_nginx; galera_install; haproxy_install
ensure_debian_packages wrk

T="$(mktemp -d /var/tmp/yass-bench-cluster.XXXXXX)"; chmod 755 "$T"
mkdir -p "$T/spa"; echo '<!doctype html><title>yass</title>' >"$T/spa/index.html"
pids=()
cleanup() {
  set +e
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  front_nginx_stop "$T/nginx"; haproxy_stop "$T/galera/haproxy"; galera_stop_all
  rm -rf "$T"
}
trap cleanup EXIT

HP=$(free_port); NP=$(free_port)
galera_init "$T/galera" "$(python3 -c 'import random;print(random.randrange(20000,30000,100))')" "$HP" >/dev/null
galera_bootstrap && galera_join 2 && galera_join 3
galera_sql 1 "CREATE DATABASE yass CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
haproxy_galera "$T/galera/haproxy"

export DATABASE_URL="mysql://yass:yass@127.0.0.1:$HP/yass" YASS_DATA_DIR="$T/data" YASS_SPA_DIR="$T/spa"
export YASS_JWT_SECRET="bench-$(python3 -c 'import secrets;print(secrets.token_hex(24))')"
export YASS_TRUSTED_PROXIES=127.0.0.1 YASS_ACCESS_TOKEN_TTL=3600 YASS_MAIL_SENDER=false YASS_LOG=warn
ports=("$(free_port)" "$(free_port)" "$(free_port)")
ready() { local _; for _ in $(seq 300); do curl -fs -o /dev/null "http://127.0.0.1:$1/readyz" && return 0; sleep 0.2; done; return 1; }
"$yass_bin" serve --demo --bind "127.0.0.1:${ports[0]}" >"$T/yass-0.log" 2>&1 & pids+=($!)
ready "${ports[0]}"
for i in 1 2; do "$yass_bin" serve --bind "127.0.0.1:${ports[$i]}" >"$T/yass-$i.log" 2>&1 & pids+=($!); done
ready "${ports[1]}"; ready "${ports[2]}"

base="http://127.0.0.1:$NP"
token=$(curl -fsS -H 'content-type: application/json' -d '{"account":"admin","password":"admin-demo-pass"}' \
  "http://127.0.0.1:${ports[0]}/api/v1/sites/demo/auth/login" | python3 -c 'import json,sys;print(json.load(sys.stdin)["access_token"])')
group=$(curl -fsS -H "authorization: Bearer $token" "http://127.0.0.1:${ports[0]}/api/v1/sites/demo/groups" |
  python3 -c 'import json,sys;print(next(g["id"] for g in json.load(sys.stdin) if g["kind"]=="staff"))')
cat >"$T/write.lua" <<LUA
wrk.method = "POST"
wrk.headers["content-type"] = "application/json"
wrk.headers["authorization"] = "Bearer $token"
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, '{"title":"bench ' .. n .. '","body":"<p>x</p>","group_id":$group}')
end
LUA

row() { # LABEL CONNECTIONS [wrk args...] -> "| label | req/s | p50 | p99 | errors |"
  local label="$1" conns="$2"; shift 2
  wrk -t2 -c"$conns" -d"${secs}s" --latency "$@" >"$T/wrk.txt" 2>&1
  python3 - "$label" "$T/wrk.txt" <<'PY'
import re, sys
label, text = sys.argv[1], open(sys.argv[2]).read()
rps = re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)
def pct(p):
    m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", text)
    v, u = float(m.group(1)), m.group(2)
    return v / 1000 if u == "us" else v * 1000 if u == "s" else v
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
errs = int(non2xx.group(1)) if non2xx else 0
sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
errs += sum(int(x) for x in sock.groups()) if sock else 0
print(f"| {label} | {float(rps):,.0f} | {pct(50):.2f} | {pct(99):.2f} | {errs} |")
PY
}

echo "| yass instances behind nginx (Galera ×3 behind HAProxy) | req/s | p50 ms | p99 ms | errors |"
echo "|---|---|---|---|---|"
for n in 1 3; do
  front_nginx_stop "$T/nginx"; sleep 1
  front_upstream "$T/upstream.conf" "${ports[@]:0:$n}"
  front_nginx "$T/nginx" "$NP" "$T/upstream.conf" "$T/spa"
  curl -fs -o /dev/null "$base/api/v1/sites/demo/homepage"
  row "$n: school homepage, 64 connections" 64 "$base/api/v1/sites/demo/homepage"
  row "$n: create a news item, 8 connections" 8 -s "$T/write.lua" "$base/api/v1/sites/demo/news"
done
echo
echo "Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)); wrk, nginx, HAProxy, three Galera nodes and the instances share them; ${secs} s per row."
