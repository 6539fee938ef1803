#!/usr/bin/env bash
# yassctl.sh start|stop|restart|status PORT
#
# Runs one yass instance without systemd (the deploy smoke test, or a host
# without an init system). Same contract as yass@.service: environment from
# YASS_ENV_FILE, bind YASS_BIND_HOST:PORT, SIGTERM for a graceful stop with
# 30 s grace, then SIGKILL. The pid file is the instance's only state.
set -euo pipefail

: "${YASS_HOME:?}" "${YASS_ENV_FILE:?}" "${YASS_RUN_DIR:?}" "${YASS_LOG_DIR:?}"
host="${YASS_BIND_HOST:-127.0.0.1}"
cmd="${1:-}"; port="${2:-}"
[[ "$port" =~ ^[0-9]+$ ]] || { echo "usage: $0 start|stop|restart|status PORT" >&2; exit 2; }
pidfile="$YASS_RUN_DIR/yass-$port.pid"

running() {
  [[ -f "$pidfile" ]] || return 1
  local pid; pid="$(cat "$pidfile")"
  # Guard against a recycled pid: it must still be a `yass serve`.
  [[ -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'serve'
}

start() {
  if running; then echo "yass $port already running (pid $(cat "$pidfile"))"; return 0; fi
  mkdir -p "$YASS_RUN_DIR" "$YASS_LOG_DIR"
  # KEY=value lines taken literally (the format systemd's EnvironmentFile
  # reads too); comments and blank lines skipped.
  local -a env=()
  while IFS= read -r line || [[ -n "$line" ]]; do
    [[ -z "$line" || "$line" == \#* ]] && continue
    env+=("$line")
  done <"$YASS_ENV_FILE"
  # Resolve `current` now, so `ps` shows which release each instance runs.
  local release; release="$(readlink -f "$YASS_HOME/current")"
  # setsid + closed stdin/stdout: the instance outlives the caller (ansible).
  env "${env[@]}" YASS_BIND="$host:$port" \
    setsid "$release/yass" serve </dev/null >>"$YASS_LOG_DIR/yass-$port.log" 2>&1 &
  echo $! >"$pidfile"
  echo "yass $port started (pid $!)"
}

stop() {
  if ! running; then rm -f "$pidfile"; echo "yass $port not running"; return 0; fi
  local pid; pid="$(cat "$pidfile")"
  kill -TERM "$pid"
  for _ in $(seq 300); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; echo "yass $port stopped"; return 0; }
    sleep 0.1
  done
  echo "yass $port did not stop in 30 s; killing" >&2
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  status) if running; then echo "yass $port running (pid $(cat "$pidfile"))"; else echo "yass $port stopped"; exit 3; fi ;;
  *) echo "usage: $0 start|stop|restart|status PORT" >&2; exit 2 ;;
esac
