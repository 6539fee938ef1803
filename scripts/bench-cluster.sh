#!/usr/bin/env bash
# Three yass instances against one, on the same machine and the same
# database cluster (issue 19: a benchmark, not a test; `make bench-cluster`).
#
#   scripts/bench-cluster.sh path/to/yass [seconds]
#
# Starts what `make test-faults` starts (ops/faults/lib): a three-node
# MariaDB Galera cluster and a three-node Garage (three copies) behind
# HAProxy, then nginx in front of first one yass instance, then three, and
# measures through nginx:
#   - a school homepage (wrk, 64 connections): requests/s, p50, p99;
#   - writes: news items created by 8 connections (wrk with a Lua body):
#     requests/s, p50, p99;
#   - an attachment (100 KB) downloaded from Garage by 64 connections, and
#     uploaded to Garage by 4.
# Every process shares the machine's CPUs: on a 2-core machine the figures
# say what more instances cost or gain there, not what more machines gain.
set -euo pipefail
yass_bin="$(readlink -f "${1:?usage: scripts/bench-cluster.sh path/to/yass [seconds]}")"
secs="${2:-10}"
root="$(cd "$(dirname "$0")/.." && pwd)"; ops="$root/ops"
. "$ops/lib/front.sh"
. "$ops/faults/lib/galera.sh"
. "$ops/faults/lib/haproxy.sh"
. "$ops/lib/garage.sh"
ensure_nginx; galera_install; haproxy_install; garage_install
ensure_debian_packages wrk

T="$(mktemp -d /var/tmp/yass-bench-cluster.XXXXXX)"; chmod 755 "$T"
mkdir -p "$T/spa"; echo '<!doctype html><title>yass</title>' >"$T/spa/index.html"
pids=()
cleanup() {
  set +e
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  front_nginx_stop "$T/nginx"; haproxy_stop "$T/galera/haproxy"; galera_stop_all; garage_stop_all
  rm -rf "$T"
}
trap cleanup EXIT

HP=$(free_port); NP=$(free_port); GH=$(free_port)
GB=$(python3 -c 'import random;print(random.randrange(20000,30000,100))')
# Garage's three nodes from another base, behind the same HAProxy.
export FAULTS_GARAGE_BASE=$((GB + 5000)) FAULTS_GARAGE_BIND_PORT=$GH
galera_init "$T/galera" "$GB" "$HP" >/dev/null
galera_bootstrap && galera_join 2 && galera_join 3
galera_sql 1 "CREATE DATABASE yass CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
haproxy_galera "$T/galera/haproxy"
garage_start 1 && garage_start 2 && garage_start 3 && garage_setup

export DATABASE_URL="mysql://yass:yass@127.0.0.1:$HP/yass" YASS_DATA_DIR="$T/data" YASS_SPA_DIR="$T/spa"
export YASS_JWT_SECRET="bench-$(python3 -c 'import secrets;print(secrets.token_hex(24))')"
export YASS_TRUSTED_PROXIES=127.0.0.1 YASS_ACCESS_TOKEN_TTL=3600 YASS_MAIL_SENDER=false YASS_LOG=warn
export YASS_S3_ENDPOINT="http://127.0.0.1:$GH" YASS_S3_BUCKET="$GARAGE_BUCKET" YASS_S3_PREFIX=bench
export YASS_S3_ACCESS_KEY_ID="$GARAGE_KEY_ID" YASS_S3_SECRET_ACCESS_KEY="$GARAGE_SECRET"
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

# One news item with a 100 KB attachment to download; uploads go to it too.
news_id=$(curl -fsS -H "authorization: Bearer $token" -H 'content-type: application/json' \
  -d "{\"title\":\"bench files\",\"body\":\"<p>x</p>\",\"group_id\":$group}" \
  "http://127.0.0.1:${ports[0]}/api/v1/sites/demo/news" | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')
{ printf '%%PDF-1.4\n'; head -c 74000 /dev/urandom | base64 -w 76; } >"$T/file.pdf"
file_url=$(curl -fsS -H "authorization: Bearer $token" -F "file=@$T/file.pdf;type=application/pdf" \
  "http://127.0.0.1:${ports[0]}/api/v1/sites/demo/news/$news_id/attachments" | python3 -c 'import json,sys;print(json.load(sys.stdin)["url"])')
python3 - "$T/file.pdf" "$token" >"$T/upload.lua" <<'PY'
import sys
data = open(sys.argv[1], "rb").read().decode()
b = "yassbenchboundary"
body = (f"--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n"
        f"Content-Type: application/pdf\r\n\r\n{data}\r\n--{b}--\r\n")
print('wrk.method = "POST"')
print(f'wrk.headers["content-type"] = "multipart/form-data; boundary={b}"')
print(f'wrk.headers["authorization"] = "Bearer {sys.argv[2]}"')
lua = body.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r").replace("\n", "\\n")
print(f'wrk.body = "{lua}"')
PY

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

echo "| yass instances behind nginx (Galera ×3 and Garage ×3 behind HAProxy) | req/s | p50 ms | p99 ms | errors |"
echo "|---|---|---|---|---|"
for n in 1 3; do
  front_nginx_stop "$T/nginx"; sleep 1
  front_upstream "$T/upstream.conf" "${ports[@]:0:$n}"
  front_nginx "$T/nginx" "$NP" "$T/upstream.conf" "$T/spa"
  curl -fs -o /dev/null "$base/api/v1/sites/demo/homepage"
  row "$n: school homepage, 64 connections" 64 "$base/api/v1/sites/demo/homepage"
  row "$n: create a news item, 8 connections" 8 -s "$T/write.lua" "$base/api/v1/sites/demo/news"
  row "$n: download a 100 KB attachment (Garage), 64 connections" 64 "$base$file_url"
  row "$n: upload a 100 KB attachment (Garage), 4 connections" 4 -s "$T/upload.lua" "$base/api/v1/sites/demo/news/$news_id/attachments"
done
echo
echo "Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)); wrk, nginx, HAProxy, three Galera nodes, three Garage nodes and the instances share them; ${secs} s per row."
