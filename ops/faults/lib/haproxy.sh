# HAProxy in front of the Galera nodes (ops/faults/lib/galera.sh): one
# writer at a time, the others as backups, as ops/ansible's galera role
# renders it for production. Source it; it defines functions only.
#
#   haproxy_galera DIR         start it; yass connects to galera_init's HAPROXY_PORT
#   haproxy_stop DIR
#   haproxy_server_state DIR   "g1 UP" lines, from the stats socket

haproxy_install() { ensure_debian_packages haproxy socat; }

haproxy_galera() { # DIR: start with the configuration galera_init rendered
  local dir="$1"
  haproxy_install
  mkdir -p "$dir"
  cp "$GALERA_DIR/render/haproxy.cfg" "$dir/haproxy.cfg"
  haproxy -c -q -f "$dir/haproxy.cfg" || return 1
  haproxy -D -f "$dir/haproxy.cfg" >"$dir/haproxy.log" 2>&1 || return 1
  local _
  for _ in $(seq 50); do [[ -s "$dir/haproxy.pid" ]] && return 0; sleep 0.1; done
  return 1
}

haproxy_server_state() {
  echo "show servers state galera" | socat - "UNIX-CONNECT:$1/haproxy.sock" 2>/dev/null |
    awk 'NF > 6 && $4 ~ /^g[0-9]$/ {print $4, ($6 == 2 ? "UP" : "DOWN")}'
}

haproxy_stop() {
  [[ -s "$1/haproxy.pid" ]] && kill "$(cat "$1/haproxy.pid")" 2>/dev/null
  true
}
