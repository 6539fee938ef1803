#!/usr/bin/env bash
# Browser tests of the visitor site against a fresh demo server.
#
#   e2e/run.sh [yass binary] [spa dir]     (defaults: target/debug/yass, dist/spa)
#   E2E_TESTS='tests/admin-site.test.mjs' e2e/run.sh ...   (only these files;
#                                          default tests/*.test.mjs)
#
# Installs what it needs from the package registries when missing (Debian's
# chromium and CJK fonts, the npm packages in package-lock.json), starts
# `yass serve --demo` on a free port with a throw-away data directory, waits
# for /readyz, adds a platform admin with `yass user create --platform-admin`
# (credentials passed to the tests as E2E_PLATFORM_ACCOUNT/_PASSWORD), runs node's test runner (TAP: "# pass N" / "# fail N"), leaves
# screenshots and the server log in e2e/artifacts/, and always stops the server.
# Exits non-zero when any test fails.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
abs() { case "$1" in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$PWD/$1" ;; esac; }
bin="$(abs "${1:-$root/target/debug/yass}")"
spa="$(abs "${2:-$root/dist/spa}")"
artifacts="${E2E_ARTIFACTS:-$here/artifacts}"
mkdir -p "$artifacts"

log() { printf '[e2e] %s\n' "$*" >&2; }

[ -x "$bin" ] || { echo "no yass binary at $bin (build it: cargo build -p yass-api)" >&2; exit 1; }
[ -f "$spa/index.html" ] || { echo "no SPA in $spa (build it: scripts/build-spa.sh debug)" >&2; exit 1; }

apt_install() {
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1 || {
    apt-get update -qq >/dev/null 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  }
}
if [ ! -x /usr/bin/chromium ]; then
  log "installing Debian's chromium"
  apt_install chromium
fi
# Screenshots of Chinese text need a CJK font; the tests pass without one.
if ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then
  log "installing fonts-noto-cjk (for readable screenshots)"
  apt_install fonts-noto-cjk || log "no CJK font: screenshots will show boxes"
fi

# npm packages, reinstalled only when the lockfile changed.
lock_sum="$(sha256sum "$here/package-lock.json" | cut -c1-64)"
if [ "$(cat "$here/node_modules/.yass-lock-sum" 2>/dev/null || true)" != "$lock_sum" ]; then
  log "npm ci"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
  printf '%s\n' "$lock_sum" > "$here/node_modules/.yass-lock-sum"
fi

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
port="$(free_port)"

# A real SMTP server (aiosmtpd, PyPI) receives the server's mail into a
# Maildir the onboarding tests read (E2E_MAILDIR).
smtpd_py="${YASS_TEST_SMTPD_PYTHON:-}"
if [ -z "$smtpd_py" ]; then
  venv="$here/.venv"
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/python" -c 'import aiosmtpd' 2>/dev/null || "$venv/bin/pip" install -q 'aiosmtpd==1.4.6'
  smtpd_py="$venv/bin/python"
fi
smtp_port="$(free_port)"
maildir="$(mktemp -d "${TMPDIR:-/tmp}/yass-e2e-mail.XXXXXX")"
"$smtpd_py" -m aiosmtpd -n -l "127.0.0.1:$smtp_port" -c aiosmtpd.handlers.Mailbox "$maildir/box" \
  >"$artifacts/smtpd.log" 2>&1 &
smtpd_pid=$!
data="$(mktemp -d "${TMPDIR:-/tmp}/yass-e2e-data.XXXXXX")"
server_log="$artifacts/server.log"
log "starting $bin serve --demo on 127.0.0.1:$port"
YASS_SPA_DIR="$spa" YASS_SMTP_URL="smtp://127.0.0.1:$smtp_port" YASS_MAIL_POLL_MS=200 \
  YASS_PUBLIC_URL="http://127.0.0.1:$port" \
  "$bin" serve --demo --bind "127.0.0.1:$port" --data-dir "$data" >"$server_log" 2>&1 &
pid=$!
cleanup() {
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
  kill "$smtpd_pid" 2>/dev/null || true
  wait "$smtpd_pid" 2>/dev/null || true
  rm -rf "$data" "$maildir"
}
trap cleanup EXIT INT TERM

base="http://127.0.0.1:$port"
for i in $(seq 1 600); do
  if curl -fsS -o /dev/null "$base/readyz" 2>/dev/null; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "yass exited before it was ready; log:" >&2; tail -n 40 "$server_log" >&2; exit 1
  fi
  if [ "$i" = 600 ]; then echo "yass not ready after 60 s" >&2; tail -n 40 "$server_log" >&2; exit 1; fi
  sleep 0.1
done
log "ready at $base"

demo_json=""
[ -f "$data/demo.json" ] && demo_json="$data/demo.json"

# The demo has no platform admin: add one against the same data directory.
platform_account=e2e-platform
platform_password="Platform-e2e-$(date +%s)-pass"
YASS_PASSWORD="$platform_password" "$bin" user create --platform-admin \
  --account "$platform_account" --data-dir "$data" >>"$server_log" 2>&1 || {
  echo "could not create the platform admin; log:" >&2; tail -n 20 "$server_log" >&2; exit 1
}

# Test files to run (globs relative to e2e/), e.g. E2E_TESTS='tests/admin-*.test.mjs'.
tests="${E2E_TESTS:-tests/*.test.mjs}"

set +e
# $tests is deliberately unquoted: the shell expands its globs inside e2e/.
# shellcheck disable=SC2086
(cd "$here" && YASS_URL="$base" E2E_ARTIFACTS="$artifacts" E2E_DEMO_JSON="$demo_json" \
  E2E_MAILDIR="$maildir/box" \
  E2E_PLATFORM_ACCOUNT="$platform_account" E2E_PLATFORM_PASSWORD="$platform_password" \
  node --test --test-concurrency=1 --test-reporter=tap $tests) | tee "$artifacts/results.tap"
status=${PIPESTATUS[0]}
set -e
log "screenshots and server log in $artifacts"
exit "$status"
