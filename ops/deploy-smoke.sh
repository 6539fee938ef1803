#!/usr/bin/env bash
# Deploy smoke test (issue 6): runs the real playbook (ops/ansible/deploy.yml)
# against localhost in process mode, into a temp root, with two API
# instances behind nginx on 127.0.0.1, while a bounded request loop hits
# nginx every 50 ms:
#   1. first install of release smoke-1;
#   2. rolling upgrade to smoke-2: must succeed with zero failed requests;
#      deploying smoke-2 again then migrates and restarts nothing;
#   3. upgrade to smoke-3 with a changed setting, deliberately broken
#      (`yass serve` exits 1; the rollback also restores the env file): its
#      health check fails, the deploy rolls back to smoke-2 and fails, and
#      still no request fails (the other instance keeps serving).
#
# Usage: ops/deploy-smoke.sh PATH/TO/yass PATH/TO/spa-dir
# Env:   SMOKE_DATABASE_URL  DATABASE_URL for the instances (default: the
#                            API's SQLite default in the temp data dir)
#        SMOKE_MAX_REQUESTS  bound of each request loop (default 3000)
#        KEEP=1              keep the temp root for inspection
# Prints "deploy-smoke: N passed, M failed"; exits non-zero on any failure.
# Stops every process it started (instances, nginx, loops) on exit.
set -euo pipefail

yass_bin="${1:?usage: $0 PATH/TO/yass PATH/TO/spa-dir}"
spa_dir="${2:?usage: $0 PATH/TO/yass PATH/TO/spa-dir}"
[[ -x "$yass_bin" ]] || { echo "not executable: $yass_bin" >&2; exit 2; }
[[ -f "$spa_dir/index.html" && -f "$spa_dir/admin.html" ]] || { echo "no index.html and admin.html in $spa_dir" >&2; exit 2; }
yass_bin="$(readlink -f "$yass_bin")"; spa_dir="$(readlink -f "$spa_dir")"
ops="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib/front.sh
. "$ops/lib/front.sh"
# shellcheck source=lib/releases.sh
. "$ops/lib/releases.sh"
# A site of our own (created with the CLI after the first install), so
# /api/v1/resolve must answer 200 with it. Unique, in case of a shared database.
smoke_slug="smoke-$$-$RANDOM"; resolve_host="www.$smoke_slug.test"
max_requests="${SMOKE_MAX_REQUESTS:-3000}"

# Install what is missing (as ops/test.sh does), so a fresh CI machine works.
command -v ansible-playbook >/dev/null || python3 -m pip install -q ansible-core >/dev/null
ensure_nginx
for tool in ansible-playbook nginx curl python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }
done

T="$(mktemp -d /tmp/yass-deploy-smoke.XXXXXX)"
chmod 755 "$T"   # nginx workers (nobody) read the SPA files below it

P1=$(free_port); P2=$(free_port); PN=$(free_port)
while [[ $P2 == "$P1" ]]; do P2=$(free_port); done
while [[ $PN == "$P1" || $PN == "$P2" ]]; do PN=$(free_port); done

ctl_env=(YASS_HOME="$T/srv/yass" YASS_ENV_FILE="$T/etc/yass/yass.env"
         YASS_RUN_DIR="$T/srv/yass/run" YASS_LOG_DIR="$T/srv/yass/log" YASS_BIND_HOST=127.0.0.1)
loop_pid=""
cleanup() {
  set +e
  [[ -n "$loop_pid" ]] && kill "$loop_pid" 2>/dev/null
  if [[ -x "$T/srv/yass/bin/yassctl.sh" ]]; then
    for p in "$P1" "$P2"; do env "${ctl_env[@]}" "$T/srv/yass/bin/yassctl.sh" stop "$p" >/dev/null; done
  fi
  front_nginx_stop "$T/nginx"
  if [[ -n "${KEEP:-}" ]]; then echo "kept $T"; else rm -rf "$T"; fi
}
trap cleanup EXIT

# --- releases: tarballs like a real build's (yass + spa/) -----------------
mkdir -p "$T/dist"
make_release() { smoke_release "$T/dist" "$1" "$2" "$yass_bin" "$spa_dir"; }
make_release smoke-1 good
make_release smoke-2 good
make_release smoke-3 broken

# --- inventory and variables: production paths moved under $T ------------
cat >"$T/inventory.yml" <<YML
all:
  children:
    yass_app:
      hosts:
        localhost:
          ansible_connection: local
          ansible_python_interpreter: "{{ ansible_playbook_python }}"
YML
secret() { python3 -c 'import secrets;print(secrets.token_hex(32))'; }
cat >"$T/vars.yml" <<YML
yass_service_manager: process
exporters_install: false   # do not apt-install exporters on the test machine
yass_home: $T/srv/yass
yass_data_dir: $T/var/lib/yass
yass_etc_dir: $T/etc/yass
yass_instances: [$P1, $P2]
yass_release_archive: "$T/dist/yass-{{ yass_release }}.tar"
yass_jwt_secret: "$(secret)"
yass_metrics_token: "$(secret)"
yass_database_url: "${SMOKE_DATABASE_URL:-}"
yass_health_retries: 20
yass_health_delay: 1
YML

deploy() {  # version [ansible args...] -> exit status; log in $T/ansible-<v>.log
  local v="$1"; shift
  ANSIBLE_CONFIG="$ops/ansible/ansible.cfg" ansible-playbook \
    -i "$T/inventory.yml" "$ops/ansible/deploy.yml" \
    -e "@$T/vars.yml" -e "yass_release=$v" "$@" >"$T/ansible-$v.log" 2>&1
}
instance_pids() { cat "$T/srv/yass/run/yass-$P1.pid" "$T/srv/yass/run/yass-$P2.pid" 2>/dev/null | tr '\n' ' '; }

ready() { [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "http://127.0.0.1:$1/readyz")" == 200 ]]; }
both_ready() { ready "$P1" && ready "$P2"; }
current_is() { [[ "$(readlink "$T/srv/yass/current")" == "$T/srv/yass/releases/$1" ]]; }
# The running instances must come from the expected release (proves they
# were restarted, or restarted back after the rollback). yassctl.sh starts
# releases/<version>/yass, so the command line names the release.
instances_run() {
  local p pid cmd
  for p in "$P1" "$P2"; do
    pid="$(cat "$T/srv/yass/run/yass-$p.pid" 2>/dev/null)" || return 1
    cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
    [[ "$cmd" == *"/releases/$1/yass serve"* ]] || { echo "    instance $p runs: $cmd" >&2; return 1; }
  done
}

# --- 1. first install --------------------------------------------------
echo "deploy-smoke: instances on $P1 and $P2, nginx on $PN, root $T"
if deploy smoke-1; then ok "first install of smoke-1"; else bad "first install of smoke-1 (log: $T/ansible-smoke-1.log)"; tail -30 "$T/ansible-smoke-1.log"; KEEP=${KEEP:-}; exit 1; fi
check "both instances ready on smoke-1" both_ready
create_site() {
  ( set -a; . "$T/etc/yass/yass.env"; set +a
    "$T/srv/yass/current/yass" site create --slug "$smoke_slug" --name "Deploy smoke" --host "$resolve_host" ) \
    >"$T/site-create.log" 2>&1 || { sed 's/^/    /' "$T/site-create.log"; return 1; }
}
check "yass site create (CLI) for $resolve_host" create_site

# --- nginx in front, rendered from the real snippets ---------------------
mkdir -p "$T/nginx" && front_upstream "$T/nginx/upstream.conf" "$P1" "$P2"
front_nginx "$T/nginx" "$PN" "$T/nginx/upstream.conf" "$T/srv/yass/current/spa" || bad "nginx did not start"
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "http://127.0.0.1:$PN/healthz" || true)
[[ $code == 200 ]] && ok "nginx serves /healthz from the instances" || bad "nginx /healthz answered $code"
# HTML routes go to the API, which serves the release's spa/index.html.
code=$(curl -s -o "$T/index.out" -w '%{http_code}' --max-time 5 -H "Host: $resolve_host" "http://127.0.0.1:$PN/" || true)
if [[ $code == 200 ]] && grep -qi '<html' "$T/index.out"; then ok "nginx -> API serves the SPA's index.html at /"
else bad "GET / through nginx answered $code"; fi
# The dashboard is its own bundle: /admin gets admin.html (yass-web-admin).
code=$(curl -s -o "$T/admin.out" -w '%{http_code}' --max-time 5 -H "Host: $resolve_host" "http://127.0.0.1:$PN/admin" || true)
if [[ $code == 200 ]] && grep -q 'yass-web-admin_bg-' "$T/admin.out" && ! grep -q 'yass-web-spa_bg-' "$T/admin.out"; then ok "nginx -> API serves the dashboard's admin.html at /admin"
else bad "GET /admin through nginx answered $code without the admin bundle"; fi

# --- 2. good rolling upgrade ----------------------------------------------
loop_start "$T/nginx" "$PN" "$resolve_host" "$max_requests"
if deploy smoke-2; then ok "rolling upgrade to smoke-2 succeeded"; else bad "upgrade to smoke-2 failed (log: $T/ansible-smoke-2.log)"; tail -30 "$T/ansible-smoke-2.log"; fi
# The deploy reads the schools' hostnames from yass (for nginx's certificates).
read_hostnames() {
  grep -A2 -F "Read every school's hostnames from yass" "$T/ansible-smoke-2.log" | grep -q -F "ok: [localhost]"
}
check "the deploy read the hostnames from yass" read_hostnames
loop_stop "$T/nginx"
check "zero failed requests during the upgrade" loop_no_failures "$T/nginx"
check "current points at smoke-2" current_is smoke-2
check "both instances restarted onto smoke-2" instances_run smoke-2
check "both instances ready after the upgrade" both_ready

# --- 2b. the live release again: nothing migrates, nothing restarts -------
pids_before="$(instance_pids)"
if deploy smoke-2-again -e yass_release=smoke-2; then ok "deploying the live release again succeeds"; else bad "re-deploy of smoke-2 failed (log: $T/ansible-smoke-2-again.log)"; tail -30 "$T/ansible-smoke-2-again.log"; fi
check "... and restarts no instance (same pids)" test "$(instance_pids)" == "$pids_before"
migration_skipped() { grep -A2 'Run database migrations once' "$T/ansible-smoke-2-again.log" | grep -q '^skipping'; }
check "... and runs no migration" migration_skipped

# --- 3. broken release: health check fails, rollback ----------------------
# It also changes a setting: the rollback must put the previous env file back.
loop_start "$T/nginx" "$PN" "$resolve_host" "$max_requests"
if deploy smoke-3 -e '{"yass_env_extra": {"YASS_SMOKE_SETTING": "smoke-3"}}'; then bad "broken smoke-3 deploy reported success"; else
  if grep -q 'failed its health check and was rolled' "$T/ansible-smoke-3.log"; then ok "broken smoke-3 failed its health check and the deploy failed"
  else bad "smoke-3 failed, but not through the rollback (log: $T/ansible-smoke-3.log)"; tail -30 "$T/ansible-smoke-3.log"; fi
fi
loop_stop "$T/nginx"
check "zero failed requests during the failed deploy and rollback" loop_no_failures "$T/nginx"
check "current points back at smoke-2" current_is smoke-2
check "both instances run smoke-2 after the rollback" instances_run smoke-2
check "both instances ready after the rollback" both_ready
check "the rollback put the previous env file back (no smoke-3 setting)" \
  bash -c "! grep -q YASS_SMOKE_SETTING '$T/etc/yass/yass.env'"

echo "deploy-smoke: $pass passed, $fail failed"
[[ $fail == 0 ]]
