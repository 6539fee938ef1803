# Shared by the end-to-end ops tests (ops/deploy-smoke.sh,
# ops/ci/test-pipeline.sh): nginx in front of yass instances on loopback,
# rendered from the real snippets, and the request loop that must see no
# failure while releases roll. Source it; it defines functions only.
#
#   front_upstream FILE PORT...      the upstream of instances on 127.0.0.1
#   front_nginx DIR PORT UPSTREAM_FILE SPA_DIR   render and start nginx
#   front_nginx_stop DIR
#   loop_start DIR PORT HOST [MAX]   /healthz and /api/v1/resolve?host=HOST
#   loop_stop DIR                    sets loop_total and loop_failed
#   loop_no_failures DIR             prints the figures; false on a failure

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

# Same settings as ops/nginx/snippets/yass-upstream.conf, test ports.
front_upstream() {
  local file="$1" port; shift
  { echo "upstream yass_api {"
    for port in "$@"; do echo "  server 127.0.0.1:$port max_fails=1 fail_timeout=5s;"; done
    echo "  keepalive 32;"; echo "  keepalive_timeout 2s;"; echo "}"; } >"$file"
}

front_nginx() {
  local dir="$1" port="$2" upstream="$3" spa="$4" ops f
  ops="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  mkdir -p "$dir/snippets" "$dir/tmp"
  for f in "$ops"/nginx/snippets/yass-{http,app,proxy,security-headers}.conf; do
    sed -e "s#/etc/nginx/snippets/#$dir/snippets/#g" \
        -e "s#/srv/yass/current/spa#$spa#g" "$f" >"$dir/snippets/$(basename "$f")"
  done
  # No school hostnames here: every request is logged as "other".
  : >"$dir/snippets/yass-known-hosts.map"
  cat >"$dir/nginx.conf" <<CONF
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  include $dir/snippets/yass-http.conf;
  include $upstream;
  server {
    listen 127.0.0.1:$port;
    server_name _;
    access_log $dir/access.log yass;
    include $dir/snippets/yass-app.conf;
  }
}
CONF
  nginx -e "$dir/error.log" -c "$dir/nginx.conf" || return 1
  local _
  for _ in $(seq 50); do [[ -s "$dir/nginx.pid" ]] && return 0; sleep 0.1; done
  return 1
}

front_nginx_stop() {
  [[ -s "$1/nginx.pid" ]] && kill -QUIT "$(cat "$1/nginx.pid")" 2>/dev/null && sleep 0.5
  true
}

# Alternates /healthz and /api/v1/resolve?host=HOST; both must answer 200.
# Anything else - 5xx, 404, 000 (no connection), timeout - is a failed
# request. Runs until DIR/stop exists or MAX requests were made.
loop_start() {
  local dir="$1" port="$2" host="$3" max="${4:-3000}"
  rm -f "$dir/stop" "$dir/loop.out" "$dir/loop.failures"
  (
    n=0; failed=0
    while [[ ! -f "$dir/stop" && $n -lt $max ]]; do
      if (( n % 2 )); then path="/api/v1/resolve?host=$host"; else path="/healthz"; fi
      code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$port$path" || true)
      if [[ $code != 200 ]]; then failed=$((failed+1)); echo "$(date +%T.%N) $path -> $code" >>"$dir/loop.failures"; fi
      n=$((n+1))
      sleep 0.05
    done
    echo "$n $failed" >"$dir/loop.out"
  ) &
  loop_pid=$!
}

loop_stop() {
  touch "$1/stop"; [[ -n "${loop_pid:-}" ]] && { wait "$loop_pid" || true; }; loop_pid=""
  read -r loop_total loop_failed <"$1/loop.out"
}

loop_no_failures() {
  # Retries show that requests did meet a restarting instance and nginx
  # moved them to the other one (upstream status "502, 200").
  local retried; retried=$(grep -c '"[0-9]*, ' "$1/access.log" || true)
  echo "    $loop_total requests through nginx, $loop_failed failed ($retried retried on the other instance)"
  [[ -f "$1/loop.failures" ]] && head -5 "$1/loop.failures" | sed 's/^/    /'
  [[ $loop_total -gt 20 && $loop_failed -eq 0 ]]
}

# Installs Debian packages that are missing, without starting any of them
# as a service (policy-rc.d "101"): the tests start their own instances.
#   ensure_debian_packages PKG...
ensure_debian_packages() {
  local missing=() p own_policy=""
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p"); done
  [[ ${#missing[@]} == 0 ]] && return 0
  [[ -e /usr/sbin/policy-rc.d ]] || { printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; own_policy=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 || {
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  }
  local rc=$?
  [[ -n "$own_policy" ]] && rm -f /usr/sbin/policy-rc.d
  return $rc
}

ensure_nginx() { ensure_debian_packages nginx && command -v nginx >/dev/null; }

# Counted checks: ok/bad print and count; check WHAT CMD... runs CMD.
pass=0; fail=0
ok()  { pass=$((pass+1)); echo "  ok   $*"; }
bad() { fail=$((fail+1)); echo "  FAIL $*"; }
check() { local what="$1"; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }
