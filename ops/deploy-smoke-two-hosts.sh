#!/usr/bin/env bash
# Deploy smoke test with two app hosts and a web host of its own (issue 19's
# multi-host defects, which one host cannot show). The real playbook
# (ops/ansible/deploy.yml) deploys, in process mode, to two inventory hosts
# on this machine, each with its own root and its own loopback address
# (app1 127.0.0.2, app2 127.0.0.3), sharing one MariaDB database; nginx is
# the web host on a third address (127.0.0.4: it connects to the instances
# from there, as from another machine). It checks:
#   1. each host's instance binds the host's address (yass_bind_host), not
#      127.0.0.1, and the nginx upstream the nginx role renders reaches both;
#   2. each app host trusts the web host as a proxy (its address in
#      YASS_TRUSTED_PROXIES), so visitors are not all nginx's address;
#   3. nginx reaches each host: with either host's instance down, it
#      serves from the other;
#   4. the canary: a broken release fails its health check on the first
#      host and is rolled back there (env file too); the second host is
#      never touched (its release, env file and process unchanged).
#
# Usage: ops/deploy-smoke-two-hosts.sh PATH/TO/yass PATH/TO/spa-dir
# Env:   SMOKE_MYSQL  the MariaDB server for the shared database
#                     (default mysql://root@127.0.0.1:3306)
#        KEEP=1       keep the temp root
set -euo pipefail

yass_bin="${1:?usage: $0 PATH/TO/yass PATH/TO/spa-dir}"
spa_dir="${2:?usage: $0 PATH/TO/yass PATH/TO/spa-dir}"
[[ -x "$yass_bin" ]] || { echo "not executable: $yass_bin" >&2; exit 2; }
yass_bin="$(readlink -f "$yass_bin")"; spa_dir="$(readlink -f "$spa_dir")"
ops="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib/front.sh
. "$ops/lib/front.sh"
# shellcheck source=lib/releases.sh
. "$ops/lib/releases.sh"
command -v ansible-playbook >/dev/null || python3 -m pip install -q ansible-core >/dev/null
ensure_nginx

T="$(mktemp -d /tmp/yass-deploy-two.XXXXXX)"
chmod 755 "$T"
declare -A addr=([app1]=127.0.0.2 [app2]=127.0.0.3)
web_addr=127.0.0.4
Q1=$(free_port); Q2=$(free_port); PN=$(free_port)
declare -A port=([app1]=$Q1 [app2]=$Q2)
server="${SMOKE_MYSQL:-mysql://root@127.0.0.1:3306}"
db="yass_smoke_two_$$"
mariadb -h 127.0.0.1 -u root -e "CREATE DATABASE $db CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci" ||
  { echo "cannot create database $db" >&2; exit 2; }

ctl() { # HOST ACTION: yassctl.sh of that host for its instance
  local h="$1"
  env YASS_HOME="$T/$h/srv/yass" YASS_ENV_FILE="$T/$h/etc/yass/yass.env" YASS_RUN_DIR="$T/$h/srv/yass/run" \
    YASS_LOG_DIR="$T/$h/srv/yass/log" YASS_BIND_HOST="${addr[$h]}" \
    "$T/$h/srv/yass/bin/yassctl.sh" "$2" "${port[$h]}"
}
cleanup() {
  set +e
  for h in app1 app2; do [[ -x "$T/$h/srv/yass/bin/yassctl.sh" ]] && ctl "$h" stop >/dev/null; done
  front_nginx_stop "$T/nginx"
  mariadb -h 127.0.0.1 -u root -e "DROP DATABASE IF EXISTS $db"
  if [[ -n "${KEEP:-}" || $fail != 0 ]]; then echo "deploy-smoke-two-hosts: kept $T"; else rm -rf "$T"; fi
}
trap cleanup EXIT

mkdir -p "$T/dist"
for r in "smoke-1 good" "smoke-2 good" "smoke-3 broken"; do
  # shellcheck disable=SC2086
  smoke_release "$T/dist" $r "$yass_bin" "$spa_dir"
done

host_vars() { # HOST
  cat <<YML
        $1:
          yass_bind_host: ${addr[$1]}
          yass_instances: [${port[$1]}]
          yass_home: $T/$1/srv/yass
          yass_data_dir: $T/$1/var/lib/yass
          yass_etc_dir: $T/$1/etc/yass
YML
}
{
  cat <<YML
all:
  vars:
    ansible_connection: local
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
  children:
    yass_app:
      hosts:
YML
  host_vars app1
  host_vars app2
  cat <<YML
    yass_web:
      hosts:
        web:
          ansible_host: $web_addr
          nginx_manage: false
YML
} >"$T/inventory.yml"
secret() { python3 -c 'import secrets;print(secrets.token_hex(32))'; }
cat >"$T/vars.yml" <<YML
yass_service_manager: process
exporters_install: false
yass_release_archive: "$T/dist/yass-{{ yass_release }}.tar"
yass_jwt_secret: "$(secret)"
yass_metrics_token: "$(secret)"
yass_database_url: "$server/$db"
yass_health_retries: 20
yass_health_delay: 1
YML
deploy() { # VERSION [ansible args...]; log in $T/ansible-VERSION.log
  local v="$1"; shift
  ANSIBLE_CONFIG="$ops/ansible/ansible.cfg" ansible-playbook -i "$T/inventory.yml" "$ops/ansible/deploy.yml" \
    -e "@$T/vars.yml" -e "yass_release=$v" "$@" >"$T/ansible-$v.log" 2>&1
}
ready_at() { [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "http://$1/readyz")" == 200 ]]; }
current_of() { basename "$(readlink "$T/$1/srv/yass/current")"; }
pid_of() { cat "$T/$1/srv/yass/run/yass-${port[$1]}.pid" 2>/dev/null; }

echo "deploy-smoke-two-hosts: app1 ${addr[app1]}:$Q1, app2 ${addr[app2]}:$Q2, nginx from $web_addr on 127.0.0.1:$PN, root $T"
if deploy smoke-1; then ok "first install of smoke-1 on both app hosts"
else bad "first install (log: $T/ansible-smoke-1.log)"; tail -30 "$T/ansible-smoke-1.log"; exit 1; fi

# --- 1. each host binds its own address ---------------------------------------
for h in app1 app2; do
  check "$h's instance answers on its own address ${addr[$h]}:${port[$h]}" ready_at "${addr[$h]}:${port[$h]}"
  check "... and not on 127.0.0.1:${port[$h]}" bash -c "! curl -s -o /dev/null --max-time 2 http://127.0.0.1:${port[$h]}/readyz"
done

# --- 2. the web host is a trusted proxy on each app host ---------------------
for h in app1 app2; do
  check "$h trusts the web host $web_addr as a proxy" grep -q "^YASS_TRUSTED_PROXIES=.*$web_addr" "$T/$h/etc/yass/yass.env"
done

# --- 3. nginx from the web host's address, upstream by the nginx role -------
mkdir -p "$T/nginx"
render_upstream() {
  ANSIBLE_CONFIG="$ops/ansible/ansible.cfg" ansible web -i "$T/inventory.yml" -e "@$T/vars.yml" \
    -m ansible.builtin.template \
    -a "src=$ops/ansible/roles/nginx/templates/yass-upstream.conf.j2 dest=$T/nginx/upstream.conf mode=0644" \
    >"$T/render-upstream.log" 2>&1 || { cat "$T/render-upstream.log"; return 1; }
  grep -q "server ${addr[app1]}:$Q1 " "$T/nginx/upstream.conf" && grep -q "server ${addr[app2]}:$Q2 " "$T/nginx/upstream.conf"
}
check "the nginx role's upstream names each host's address" render_upstream
# nginx connects from the web host's address.
sed -i "s#^upstream yass_api {#proxy_bind $web_addr;\nupstream yass_api {#" "$T/nginx/upstream.conf"
front_nginx "$T/nginx" "$PN" "$T/nginx/upstream.conf" "$T/app1/srv/yass/current/spa" || bad "nginx did not start"
through_nginx() { # N: N requests to /healthz through nginx, all 200
  local i
  for ((i = 0; i < $1; i++)); do
    [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$PN/healthz")" == 200 ]] || return 1
  done
}
check "nginx reaches both hosts' instances" through_nginx 20
ctl app1 stop >/dev/null
check "with app1's instance down, nginx serves from app2" through_nginx 10
ctl app1 start >/dev/null
check "app1's instance back" bash -c "$(declare -f ready_at); for _ in \$(seq 50); do ready_at ${addr[app1]}:$Q1 && exit 0; sleep 0.2; done; exit 1"

# --- 4. the canary: a broken release stops at the first host ------------------
if deploy smoke-2; then ok "rolling upgrade to smoke-2, one host after the other"
else bad "upgrade to smoke-2 (log: $T/ansible-smoke-2.log)"; tail -30 "$T/ansible-smoke-2.log"; fi
check "both hosts run smoke-2" bash -c "[[ \$(basename \$(readlink '$T/app1/srv/yass/current')) == smoke-2 && \$(basename \$(readlink '$T/app2/srv/yass/current')) == smoke-2 ]]"
app2_pid=$(pid_of app2); app2_env=$(sha256sum <"$T/app2/etc/yass/yass.env")
if deploy smoke-3 -e '{"yass_env_extra": {"YASS_SMOKE_SETTING": "smoke-3"}}'; then bad "the broken smoke-3 deploy reported success"
else ok "the broken smoke-3 deploy fails"; fi
check "app1 (the canary) failed its health check and was rolled back to smoke-2" \
  bash -c "grep -q 'failed its health check and was rolled' '$T/ansible-smoke-3.log' && [[ \$(basename \$(readlink '$T/app1/srv/yass/current')) == smoke-2 ]]"
check "app1's env file is the previous one again" bash -c "! grep -q YASS_SMOKE_SETTING '$T/app1/etc/yass/yass.env'"
check "app2 was never touched: no smoke-3 there, same env file, same process" \
  bash -c "[[ ! -e '$T/app2/srv/yass/releases/smoke-3' && \$(basename \$(readlink '$T/app2/srv/yass/current')) == smoke-2 && \"\$(sha256sum <'$T/app2/etc/yass/yass.env')\" == '$app2_env' && \"\$(cat '$T/app2/srv/yass/run/yass-$Q2.pid')\" == '$app2_pid' ]]"
check "both hosts serve through nginx after the failed deploy" through_nginx 10
ctl app2 stop >/dev/null
check "with app2's instance down, nginx serves from app1" through_nginx 10
ctl app2 start >/dev/null

echo "deploy-smoke-two-hosts: $pass passed, $fail failed"
[[ $fail == 0 ]]
