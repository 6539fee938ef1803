#!/usr/bin/env bash
# All checks of ops/ (monitoring, nginx, systemd, Ansible). Installs what it
# needs when missing (Debian packages, ansible-core/ansible-lint from PyPI);
# quick when everything is already there.
#
#   bash ops/test.sh                      # exporter metrics only
#   YASS_METRICS_URL=http://127.0.0.1:8081/metrics bash ops/test.sh
#
# Env: YASS_METRICS_URL  a live yass /metrics (URL or file) for the dashboard
#                        checker; YASS_METRICS_TOKEN is sent as bearer token.
#      MYSQL_DSN         mysqld_exporter DSN (default root@(127.0.0.1:3306)/)
#      PG_DSN            postgres_exporter DSN (default postgres@127.0.0.1:5432)
# Last line: "ops: N passed, M failed"; exit status non-zero on any failure.
# Leaves no process running.
set -uo pipefail
ops="$(cd "$(dirname "$0")" && pwd)"
T="$(mktemp -d /tmp/yass-ops-test.XXXXXX)"
chmod 755 "$T"   # the one-node Galera runs as mysql below it
pass=0; fail=0; pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
  [[ -d "$T/galera" ]] && (. "$ops/faults/lib/galera.sh"; GALERA_DIR="$T/galera"; galera_stop_all)
  [[ -d "$T/garage" ]] && (. "$ops/lib/garage.sh"; GARAGE_DIR="$T/garage" GARAGE_NODES=1 garage_stop_all)
  rm -rf "$T"
}
trap cleanup EXIT

# run NAME CMD...: one counted check; output shown only when it fails.
run() {
  local name="$1"; shift
  if "$@" >"$T/out" 2>&1; then
    pass=$((pass+1)); echo "ok   $name"
  else
    fail=$((fail+1)); echo "FAIL $name"; sed 's/^/     /' "$T/out" | tail -40
  fi
}

# --- tools ----------------------------------------------------------------
need_apt=()
for pair in promtool:prometheus nginx:nginx mtail:mtail openssl:openssl curl:curl \
            prometheus-node-exporter:prometheus-node-exporter \
            prometheus-mysqld-exporter:prometheus-mysqld-exporter \
            prometheus-postgres-exporter:prometheus-postgres-exporter \
            prometheus-blackbox-exporter:prometheus-blackbox-exporter \
            prometheus-nginx-exporter:prometheus-nginx-exporter haproxy:haproxy; do
  command -v "${pair%%:*}" >/dev/null || need_apt+=("${pair#*:}")
done
if ((${#need_apt[@]})); then
  echo "installing ${need_apt[*]}"
  # Debian's maintainer scripts would start each package as a service (via
  # /etc/init.d without systemd); a temporary policy-rc.d (exit 101 = "not
  # allowed") keeps them from running, so nothing outlives this script.
  own_policy=""
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && own_policy=1
  fi
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  [[ -n "$own_policy" ]] && rm -f /usr/sbin/policy-rc.d
fi
if ! command -v ansible-playbook >/dev/null || ! command -v ansible-lint >/dev/null; then
  echo "installing ansible-core ansible-lint"
  python3 -m pip install -q ansible-core ansible-lint >/dev/null
fi

free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }

# --- Prometheus -----------------------------------------------------------
# A copy, so the credentials file the config names can exist (a dummy).
cp -r "$ops/prometheus" "$T/prometheus"
mkdir -p "$T/prometheus/secrets" && echo dummy-token >"$T/prometheus/secrets/yass_metrics_token" && echo dummy-token >"$T/prometheus/secrets/garage_metrics_token"
run "promtool check config" promtool check config "$T/prometheus/prometheus.yml"
run "promtool check rules" promtool check rules "$ops"/prometheus/rules/*.yml
run "promtool test rules (every alert firing and not firing)" \
  bash -c "cd '$ops/prometheus' && promtool test rules tests/*.yml"
every_alert_tested() {
  # Each alert needs a case where it fires and one where it stays silent.
  python3 - "$ops/prometheus" <<'PY'
import glob, sys, yaml
root = sys.argv[1]
alerts = [r["alert"] for f in glob.glob(root + "/rules/*.yml")
          for g in yaml.safe_load(open(f))["groups"] for r in g["rules"] if "alert" in r]
cases = {}
for f in glob.glob(root + "/tests/*.yml"):
    for t in yaml.safe_load(open(f))["tests"]:
        for c in t.get("alert_rule_test", []):
            cases.setdefault(c["alertname"], set()).add(bool(c.get("exp_alerts")))
bad = [a for a in alerts if cases.get(a) != {True, False}]
for a in bad:
    print(f"{a}: needs a firing and a not-firing case, has {sorted(cases.get(a, []))}")
# Each runbook link must land on a heading of ops/README.md.
import re
readme = open(root + "/../README.md", encoding="utf-8").read()
anchors = {re.sub(r"[^a-z0-9 -]", "", h.strip().lower()).replace(" ", "-")
           for h in re.findall(r"^#+ (.+)$", readme, re.M)}
for f in glob.glob(root + "/rules/*.yml"):
    for g in yaml.safe_load(open(f))["groups"]:
        for r in g["rules"]:
            if "alert" not in r:
                continue
            ann = r.get("annotations", {})
            for key in ("summary", "description", "runbook"):
                if not ann.get(key):
                    bad.append(r["alert"]); print(f"{r['alert']}: no {key}")
            m = re.search(r"README\.md#([\w-]+)", ann.get("runbook", ""))
            if m and m.group(1) not in anchors:
                bad.append(r["alert"]); print(f"{r['alert']}: runbook anchor #{m.group(1)} not in ops/README.md")
print(f"{len(alerts)} alerts, {len(alerts) - len(bad)} tested both ways")
sys.exit(1 if bad else 0)
PY
}
run "every alert: firing and not-firing tests, summary, runbook anchor in README" every_alert_tested
run "blackbox exporter config" prometheus-blackbox-exporter --config.check --config.file="$ops/prometheus/blackbox.yml"

# --- systemd ----------------------------------------------------------------
verify_unit() {
  # verify insists that ExecStart exists; the real binary is only on a
  # deployed host, so point it at /bin/true for the check.
  mkdir -p "$T/unit"
  sed 's#^ExecStart=/srv/yass/current/yass#ExecStart=/bin/true#' "$ops/systemd/yass@.service" >"$T/unit/yass@.service"
  ln -sf 'yass@.service' "$T/unit/yass@8081.service"
  out="$(cd "$T/unit" && systemd-analyze verify ./yass@8081.service 2>&1)"; rc=$?
  echo "$out"; [[ $rc == 0 && -z "$out" ]]
}
verify_backup_units() {
  mkdir -p "$T/unit"
  sed 's#^ExecStart=/usr/local/sbin/yass-backup#ExecStart=/bin/true#' "$ops/systemd/yass-backup.service" >"$T/unit/yass-backup.service"
  cp "$ops/systemd/yass-backup.timer" "$T/unit/"
  out="$(cd "$T/unit" && systemd-analyze verify ./yass-backup.service ./yass-backup.timer 2>&1)"; rc=$?
  echo "$out"; [[ $rc == 0 && -z "$out" ]]
}
if command -v systemd-analyze >/dev/null; then
  run "systemd-analyze verify yass@.service" verify_unit
  run "systemd-analyze verify yass-backup.service and .timer" verify_backup_units
else echo "skip systemd-analyze (not installed)"; fi

# --- nginx (config test + behaviour), mtail, nginx/blackbox exporter scrapes
mkdir -p "$T/scrapes"
run "nginx: nginx -t, TLS per hostname, headers, caching, mtail, probes" \
  env SCRAPE_DIR="$T/scrapes" bash "$ops/nginx/test-nginx.sh"

# --- shell scripts ------------------------------------------------------------
run "shell scripts parse" bash -c "for f in '$ops'/*.sh '$ops'/lib/*.sh '$ops'/ci/*.sh '$ops'/ci/hooks/post-receive '$ops'/nginx/*.sh '$ops'/ansible/roles/yass/files/*.sh '$ops'/backup/yass-backup '$ops'/backup/yass-restore '$ops'/faults/*.sh '$ops'/faults/lib/*.sh '$ops'/galera/*.sh; do bash -n \"\$f\" || exit 1; done"

# --- Ansible --------------------------------------------------------------
run "ansible-playbook --syntax-check" bash -c \
  "cd '$ops/ansible' && for p in deploy.yml upgrade.yml ci.yml galera.yml garage.yml postgres.yml; do ansible-playbook --syntax-check -i inventory/example.yml \$p || exit 1; done"
run "ansible-lint --offline (profile production)" bash -c "cd '$ops/ansible' && ansible-lint --offline --nocolor"

# The roles' Jinja templates (file_sd targets, nginx upstream) must render
# into a config that promtool and nginx accept.
rendered_templates_valid() {
  local r="$T/render"
  # (group_vars/all.yml, loaded as vars_files, would empty the inventory's
  # yass_sites: the schools are given as extra vars, as an operator's are.)
  (cd "$ops/ansible" && ansible-playbook -i tests/inventory.yml tests/render.yml -e "render_dir=$r" \
    -e '{"yass_sites": [{"slug": "example-es", "hostnames": ["www.example-es.tp.edu.tw", "example-es.tp.edu.tw"]}]}') || return 1
  cp -r "$ops/prometheus" "$r/prometheus" && rm -rf "$r/prometheus/targets" && cp -r "$r/targets" "$r/prometheus/targets"
  mkdir -p "$r/prometheus/secrets" && echo dummy-token >"$r/prometheus/secrets/yass_metrics_token" && echo dummy-token >"$r/prometheus/secrets/garage_metrics_token"
  promtool check config "$r/prometheus/prometheus.yml" || return 1
  printf 'pid %s/nginx.pid;\nerror_log %s/error.log;\nevents {}\nhttp { include %s/yass-upstream.conf;\n  map $host $h { default other; include %s/yass-known-hosts.map; } }\n' "$r" "$r" "$r" "$r" >"$r/nginx.conf"
  grep -qx 'www.example-es.tp.edu.tw www.example-es.tp.edu.tw;' "$r/yass-known-hosts.map" ||
    { echo "yass-known-hosts.map: no line for www.example-es.tp.edu.tw"; return 1; }
  nginx -t -e "$r/error.log" -c "$r/nginx.conf" || return 1
  # nginx on its own host (web2) is a trusted proxy of the app hosts.
  grep -qx 'YASS_TRUSTED_PROXIES=127.0.0.1/32,::1/128,192.0.2.10' "$r/yass.env" ||
    { echo "yass.env: $(grep TRUSTED "$r/yass.env")"; return 1; }
  # ... and the unit binds the address the inventory gives (yass@.service).
  grep -qx 'YASS_BIND_HOST=127.0.0.1' "$r/yass.env" || { echo "yass.env: no YASS_BIND_HOST"; return 1; }
  # With Garage hosts, uploads go to the object store through HAProxy.
  grep -qx 'YASS_S3_ENDPOINT=http://127.0.0.1:3900' "$r/yass.env" || { echo "yass.env: no YASS_S3_ENDPOINT"; return 1; }
  grep -qx -- '- targets: \["192.0.2.21:3903"\]' "$r/targets/garage.yml" || { echo "garage.yml: $(cat "$r/targets/garage.yml")"; return 1; }
}
run "role templates render to valid Prometheus targets, nginx upstream and trusted proxies" rendered_templates_valid

# With monitoring on a host of its own (inventory/example.yml: mon1), that
# host's Prometheus must find every app host's instances and mtail at the
# host's address (and HAProxy's exporter, with a cluster): a loopback
# target there would be the monitoring host itself, and a list without an
# app host leaves its alerts silent.
monitoring_targets_reach_app_hosts() {
  local r="$T/render-monitoring" inv="${1:-inventory/example.yml}"
  (cd "$ops/ansible" && ansible-playbook -i "$inv" tests/render-monitoring.yml -e "render_dir=$r" &&
    ansible-inventory -i "$inv" --playbook-dir . --list >"$r/inventory.json") || return 1
  python3 - "$r" <<'PY'
import json, sys, yaml
r = sys.argv[1]
inv = json.load(open(r + "/inventory.json"))
hv = inv["_meta"]["hostvars"]
def group(g):
    return inv.get(g, {}).get("hosts", [])
loopback = ("127.", "::1", "[::1]", "localhost")
bad = []
mons = group("yass_monitoring")
if not mons or set(mons) & (set(group("yass_app")) | set(group("yass_web"))):
    bad.append(f"the monitoring host must be a host of its own, not {mons}")
for mon in mons:
    def targets(name):
        groups = yaml.safe_load(open(f"{r}/{mon}/targets/{name}")) or []
        return [(t, (g.get("labels") or {}).get("host")) for g in groups for t in g["targets"]]
    # yass: every instance of every app host, at the host's own address.
    yass = targets("yass.yml")
    for app in group("yass_app"):
        addr = hv[app].get("ansible_host", app)
        want = {f"{addr}:{p}" for p in hv[app].get("yass_instances", [])}
        got = {t for t, h in yass if h == app}
        if not want or got != want:
            bad.append(f"yass.yml on {mon}: {app} (ansible_host {addr}, yass_bind_host "
                       f"{hv[app].get('yass_bind_host')}) should be {sorted(want)}, is {sorted(got)}")
    # mtail: one target per web host, at its address.
    want = {f"{hv[w].get('ansible_host', w)}:3903" for w in group("yass_web")}
    got = {t for t, _ in targets("mtail.yml")}
    if got != want:
        bad.append(f"mtail.yml on {mon}: should be {sorted(want)}, is {sorted(got)}")
    # HAProxy's exporter: one per app host (they run HAProxy in front of
    # the cluster), at its address, with the host's name as `host`.
    if group("yass_galera") or group("yass_pg") or group("yass_garage"):
        want = {(f"{hv[a].get('haproxy_metrics_address', hv[a].get('ansible_host', a))}:{hv[a].get('haproxy_metrics_port', 8405)}", a)
                for a in group("yass_app")}
        got = set(targets("haproxy.yml"))
        if not want or got != want:
            bad.append(f"haproxy.yml on {mon}: should be {sorted(want)}, is {sorted(got)}")
    for name in ("yass.yml", "mtail.yml", "blackbox-readyz.yml", "haproxy.yml"):
        for t, _ in targets(name):
            if t.split("//")[-1].startswith(loopback):
                bad.append(f"{name} on {mon}: loopback target {t} (the monitoring host itself)")
print("\n".join(bad) or f"targets of {', '.join(mons)}: every app host's instances, mtail and HAProxy at its address")
sys.exit(1 if bad else 0)
PY
}
run "monitoring on its own host: yass, mtail and HAProxy targets at the app hosts' addresses (inventory/example.yml)" \
  monitoring_targets_reach_app_hosts

# --- Grafana ----------------------------------------------------------------
grafana_files_parse() {
  python3 - "$ops/grafana" <<'PY'
import glob, json, sys, yaml
root = sys.argv[1]
for f in glob.glob(root + "/provisioning/**/*.yml", recursive=True):
    doc = yaml.safe_load(open(f))
    assert doc.get("apiVersion") == 1, f + ": apiVersion 1 expected"
# Grafana expands $VAR in provisioning files (annotations excepted): only
# ${SECRET} references and annotation templates may hold a `$`.
import re
for f in glob.glob(root + "/provisioning/**/*.yml", recursive=True):
    for n, line in enumerate(open(f), 1):
        code = line.split("#", 1)[0] if not line.lstrip().startswith("#") else ""
        for m in re.finditer(r"\$(?!\{[A-Z_]+\}|labels\b|value\b)", code):
            raise SystemExit(f"{f}:{n}: stray $ would be expanded by Grafana: {line.strip()}")
for f in glob.glob(root + "/dashboards/*.json"):
    d = json.load(open(f))
    assert 36 <= d["schemaVersion"] <= 41, f
print("ok")
PY
}
run "grafana provisioning and dashboard files parse" grafana_files_parse

# --- exporter scrapes + dashboard/rule metric check ---------------------------
start_exporter() {  # name port cmd...
  local name="$1" port="$2"; shift 2
  "$@" >"$T/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 50); do curl -sf -o "$T/scrapes/$name.prom" "http://127.0.0.1:$port/metrics" && return 0; sleep 0.1; done
  echo "$name did not answer on $port" >&2; return 1
}
scrape_exporters() {
  local pn pm pp
  pn=$(free_port); pm=$(free_port); pp=$(free_port)
  # A real backup (of a throwaway SQLite platform) writes its metric where
  # node exporter's textfile collector reads it, as on the backup host.
  mkdir -p "$T/backup-data" "$T/textfile"
  python3 -c "import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute('create table t(x)')" "$T/backup-data/yass.db"
  YASS_DATA_DIR="$T/backup-data" DATABASE_URL= BACKUP_DIR="$T/backups" TEXTFILE_DIR="$T/textfile" \
    bash "$ops/backup/yass-backup" >/dev/null 2>&1 || { echo "yass-backup failed"; return 1; }
  start_exporter node "$pn" prometheus-node-exporter --web.listen-address="127.0.0.1:$pn" \
    --collector.textfile.directory="$T/textfile" || return 1
  grep -q '^yass_backup_last_success_timestamp_seconds ' "$T/scrapes/node.prom" ||
    { echo "node exporter does not show the backup's metric"; return 1; }
  # Prometheus itself: its rule and notification metrics, on the checked
  # configuration. An Alertmanager address where nothing listens makes the
  # per-Alertmanager counters exist (production has none; they appear a
  # few seconds after start, when the notifier has its targets).
  local pprom
  pprom=$(free_port)
  { cat "$T/prometheus/prometheus.yml"
    printf 'alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ["127.0.0.1:%s"]\n' "$(free_port)"
  } >"$T/prometheus/prometheus-scrape.yml"
  start_exporter prometheus "$pprom" prometheus --config.file="$T/prometheus/prometheus-scrape.yml" \
    --storage.tsdb.path="$T/prometheus-data" --web.listen-address="127.0.0.1:$pprom" || return 1
  for _ in $(seq 60); do
    grep -q '^prometheus_notifications_errors_total{' "$T/scrapes/prometheus.prom" && break
    sleep 0.5; curl -sf -o "$T/scrapes/prometheus.prom" "http://127.0.0.1:$pprom/metrics"
  done
  grep -q '^prometheus_rule_evaluation_failures_total{' "$T/scrapes/prometheus.prom" ||
    { echo "Prometheus: no rule group loaded"; return 1; }
  DATA_SOURCE_NAME="${MYSQL_DSN:-root@(127.0.0.1:3306)/}" \
    start_exporter mysqld "$pm" prometheus-mysqld-exporter --web.listen-address="127.0.0.1:$pm" || return 1
  DATA_SOURCE_NAME="${PG_DSN:-postgresql://postgres@127.0.0.1:5432/postgres?sslmode=disable}" \
    start_exporter postgres "$pp" prometheus-postgres-exporter --web.listen-address="127.0.0.1:$pp" \
      --extend.query-path="$ops/prometheus/postgres-queries.yml" || return 1
  # A one-node Galera cluster (the galera role's configuration, 3 s to
  # start): the wsrep_* metrics the cluster alerts use exist only there.
  # HAProxy's frontend metrics on a free port ($ph), below.
  local pg gb ph
  pg=$(free_port); ph=$(free_port)
  gb=$(python3 -c 'import random;print(random.randrange(20000,30000,100))')
  (. "$ops/lib/front.sh"; . "$ops/faults/lib/galera.sh"; FAULTS_HAPROXY_METRICS_PORT=$ph galera_init "$T/galera" "$gb" "$(free_port)" >/dev/null && galera_bootstrap) ||
    { echo "one-node Galera did not start"; return 1; }
  DATA_SOURCE_NAME="yass:yass@(127.0.0.1:$((gb + 10)))/" \
    start_exporter galera "$pg" prometheus-mysqld-exporter --web.listen-address="127.0.0.1:$pg" || return 1
  grep -q '^mysql_global_status_wsrep_local_state 4' "$T/scrapes/galera.prom" ||
    { echo "mysqld_exporter on the Galera node: no Synced wsrep_local_state"; return 1; }
  # HAProxy on the haproxy role's configuration as galera_init rendered it
  # (three servers, only g1 running): its built-in exporter's backend and
  # server metrics, scraped once its checks have found g1 up and g2 down.
  mkdir -p "$T/galera/haproxy"
  haproxy -c -q -f "$T/galera/render/haproxy.cfg" || { echo "haproxy -c: the rendered configuration is refused"; return 1; }
  start_exporter haproxy "$ph" haproxy -f "$T/galera/render/haproxy.cfg" || return 1
  for _ in $(seq 40); do
    grep -q '^haproxy_server_status{proxy="galera",server="g1",state="UP"} 1' "$T/scrapes/haproxy.prom" &&
      grep -q '^haproxy_server_status{proxy="galera",server="g2",state="DOWN"} 1' "$T/scrapes/haproxy.prom" && break
    sleep 0.25; curl -sf -o "$T/scrapes/haproxy.prom" "http://127.0.0.1:$ph/metrics"
  done
  grep -q '^haproxy_backend_active_servers{proxy="galera"} 1' "$T/scrapes/haproxy.prom" &&
    grep -q '^haproxy_server_status{proxy="galera",server="g2",state="DOWN"} 1' "$T/scrapes/haproxy.prom" ||
    { echo "HAProxy's exporter: the galera backend should have g1 up and g2 down:"; grep -E '^haproxy_(backend_active_servers|server_status)\{proxy="galera"' "$T/scrapes/haproxy.prom"; return 1; }
  # A one-node Garage (the garage role's configuration): the cluster and
  # block metrics of the object-store alerts and panels, from its admin API.
  # (Its cluster gauges are refreshed every few seconds: scraped until
  # they show the node available.)
  (. "$ops/lib/garage.sh"; garage_install >/dev/null &&
    garage_single "$T/garage" "$(python3 -c 'import random;print(random.randrange(20000,29000,10))')" >/dev/null &&
    for _ in $(seq 60); do
      curl -sf -H "Authorization: Bearer $GARAGE_ADMIN_TOKEN" -o "$T/scrapes/garage.prom" \
        "http://127.0.0.1:$(garage_admin_port 1)/metrics" && grep -q '^cluster_available 1' "$T/scrapes/garage.prom" && exit 0
      sleep 0.5
    done; exit 1) || { echo "one-node Garage did not start, answer or become available"; return 1; }
  grep -Eq '^pg_replication_streaming_replicas[{ ]' "$T/scrapes/postgres.prom" ||
    { echo "postgres_exporter: the replication queries did not run"; return 1; }
  grep -q '^mysql_up 1' "$T/scrapes/mysqld.prom" || { echo "mysqld_exporter: MariaDB not reachable"; return 1; }
  grep -q '^pg_up 1' "$T/scrapes/postgres.prom" || { echo "postgres_exporter: PostgreSQL not reachable"; return 1; }
}
run "scrape Prometheus, node, mysqld, postgres exporters, Garage and HAProxy" scrape_exporters
yass_args=()
if [[ -n "${YASS_METRICS_URL:-}" ]]; then yass_args=(--yass-metrics "$YASS_METRICS_URL")
else echo "note: YASS_METRICS_URL unset: yass_* metrics were not checked (exporter metrics only)"; fi
run "dashboards and rules only use metrics that exist${YASS_METRICS_URL:+ (yass: $YASS_METRICS_URL)}" \
  python3 "$ops/check_dashboards.py" "${yass_args[@]}" --exporter-metrics "$T"/scrapes/*.prom

echo "ops: $pass passed, $fail failed"
[[ $fail == 0 ]]
