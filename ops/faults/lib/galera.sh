# A three-node MariaDB Galera cluster on loopback ports, for the fault test
# (ops/faults/test-faults.sh). Each node is Debian's mariadbd with Debian's
# galera-4 provider, run as the `mysql` user in its own data directory
# under $GALERA_DIR; the machine's own MariaDB on 3306 is never touched.
# Source it after ops/lib/front.sh; it defines functions only.
#
#   galera_init DIR BASE_PORT HAPROXY_PORT   render the nodes' and HAProxy's
#                                configs from the Ansible roles (ports BASE..);
#                                with FAULTS_PG_PORTS="P1 P2" and
#                                FAULTS_PG_BIND_PORT, HAProxy also fronts the
#                                PostgreSQL nodes on those ports; with
#                                FAULTS_GARAGE_BASE and FAULTS_GARAGE_BIND_PORT,
#                                three Garage nodes (ops/lib/garage.sh); HAProxy's
#                                metrics on 127.0.0.1:$FAULTS_HAPROXY_METRICS_PORT
#                                (default: a free port)
#   galera_bootstrap             start node 1 as a new cluster, add the users
#   galera_join N                start node N (2, 3): SST from a donor
#   galera_stop N                a clean shutdown (SIGTERM), waits for exit
#   galera_start N               start a stopped node again: it rejoins (IST)
#   galera_sql N SQL             run SQL on node N as root (its socket)
#   galera_status N VAR          a wsrep status value of node N
#   galera_wait_synced N [SECS]  until node N says Synced
#   galera_port N                node N's SQL port
#   galera_stop_all

galera_install() { ensure_debian_packages galera-4 rsync mariadb-server mariadb-client; }

# Node N's ports, from the base: SQL, group communication, IST, SST.
galera_port() { echo $((GALERA_BASE + 10 * $1)); }
_galera_gcomm_port() { echo $((GALERA_BASE + 10 * $1 + 1)); }
_galera_ist_port() { echo $((GALERA_BASE + 10 * $1 + 2)); }
_galera_sst_port() { echo $((GALERA_BASE + 10 * $1 + 3)); }

galera_init() { # DIR BASE_PORT HAPROXY_PORT
  GALERA_DIR="$1"; GALERA_BASE="$2"
  export GALERA_DIR GALERA_BASE
  local haproxy_port="$3" n ops
  ops="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  galera_install
  command -v ansible-playbook >/dev/null || python3 -m pip install -q ansible-core >/dev/null
  mkdir -p "$GALERA_DIR"
  chmod 755 "$GALERA_DIR"
  # The production templates (roles/galera, roles/haproxy), rendered for
  # three nodes on loopback ports with test-sized memory.
  {
    cat <<INV
all:
  vars:
    ansible_connection: local
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
    galera_cluster_name: yass_faults
    galera_address: 127.0.0.1
    galera_innodb_buffer_pool_size: 64M
    galera_innodb_log_file_size: 32M
    galera_gcache_size: 128M
    galera_max_connections: 200
    galera_applier_threads: 2
    galera_sst_method: rsync
    haproxy_galera_bind: 127.0.0.1:$haproxy_port
    haproxy_pid_file: $GALERA_DIR/haproxy/haproxy.pid
    haproxy_stats_socket: $GALERA_DIR/haproxy/haproxy.sock
    haproxy_log: stdout format raw local0 notice
    haproxy_run_as: ""
    haproxy_check_script: $ops/galera/galera-check.sh
    haproxy_postgres_bind: 127.0.0.1:${FAULTS_PG_BIND_PORT:-5433}
    haproxy_pg_check_script: $ops/postgres/pg-check.sh
    haproxy_garage_bind: 127.0.0.1:${FAULTS_GARAGE_BIND_PORT:-3900}
    haproxy_metrics_address: 127.0.0.1
    haproxy_metrics_port: ${FAULTS_HAPROXY_METRICS_PORT:-$(free_port)}
    pg_shared_buffers: 64MB
    pg_wal_keep_size: 256MB
  children:
    yass_app:
      hosts:
        localhost:
    yass_pg:
      hosts:
INV
    local p
    for p in ${FAULTS_PG_PORTS:-}; do
      printf '        pg%s:\n          pg_address: 127.0.0.1\n          pg_port: %s\n' "$p" "$p"
    done
    cat <<INV
    yass_galera:
      hosts:
INV
    for n in 1 2 3; do
      local d="$GALERA_DIR/g$n"
      cat <<INV
        g$n:
          galera_sql_port: $(galera_port "$n")
          galera_gcomm_port: $(_galera_gcomm_port "$n")
          galera_ist_port: $(_galera_ist_port "$n")
          galera_sst_port: $(_galera_sst_port "$n")
          galera_datadir: $d/data
          galera_tmpdir: $d/tmp
          galera_socket: $d/mysqld.sock
          galera_pid_file: $d/mysqld.pid
          galera_log_error: $d/error.log
INV
    done
    # With FAULTS_GARAGE_BASE: three Garage nodes, three copies, in the
    # same HAProxy (ops/lib/garage.sh; their directories beside the nodes').
    if [[ -n "${FAULTS_GARAGE_BASE:-}" ]]; then
      garage_inventory_hosts "$GALERA_DIR" "$FAULTS_GARAGE_BASE" 3 3
    fi
  } >"$GALERA_DIR/inventory.yml"
  (cd "$ops/ansible" && ANSIBLE_STDOUT_CALLBACK=minimal ansible-playbook -i "$GALERA_DIR/inventory.yml" \
    tests/render-cluster.yml -e "render_dir=$GALERA_DIR/render") >"$GALERA_DIR/render.log" 2>&1 ||
    { cat "$GALERA_DIR/render.log" >&2; return 1; }
  for n in 1 2 3; do
    local d="$GALERA_DIR/g$n"
    mkdir -p "$d/data" "$d/tmp"
    cp "$GALERA_DIR/render/g$n/my.cnf" "$d/my.cnf"
    chown -R mysql:mysql "$d"
  done
}

_galera_start() {
  local n="$1"; shift
  local d="$GALERA_DIR/g$n"
  rm -f "$d/mysqld.pid"
  # start-stop-daemon detaches mariadbd; it logs to error.log.
  start-stop-daemon --start --background --pidfile "$d/mysqld.pid" \
    --exec /usr/sbin/mariadbd -- --defaults-file="$d/my.cnf" "$@"
}

galera_sql() {
  mariadb --socket="$GALERA_DIR/g$1/mysqld.sock" -uroot -N -B -e "$2"
}

galera_status() {
  galera_sql "$1" "SHOW STATUS LIKE '$2'" 2>/dev/null | awk '{print $2}'
}

galera_wait_synced() {
  local n="$1" secs="${2:-120}" i
  for ((i = 0; i < secs * 5; i++)); do
    [[ $(galera_status "$n" wsrep_local_state_comment) == Synced ]] && return 0
    sleep 0.2
  done
  echo "galera node $n not synced after ${secs}s; its log:" >&2
  tail -30 "$GALERA_DIR/g$n/error.log" >&2
  return 1
}

galera_bootstrap() {
  local d="$GALERA_DIR/g1"
  mariadb-install-db --defaults-file="$d/my.cnf" --auth-root-authentication-method=socket \
    --skip-test-db >"$GALERA_DIR/install-g1.log" 2>&1 || { cat "$GALERA_DIR/install-g1.log" >&2; return 1; }
  _galera_start 1 --wsrep-new-cluster
  galera_wait_synced 1 60 || return 1
  # yass and HAProxy's health check connect over TCP; the users replicate
  # to the joiners with the first state transfer.
  galera_sql 1 "CREATE USER 'yass'@'127.0.0.1' IDENTIFIED BY 'yass';
    GRANT ALL PRIVILEGES ON *.* TO 'yass'@'127.0.0.1';
    CREATE USER 'haproxy'@'127.0.0.1';"
}

galera_join() {
  _galera_start "$1"
  galera_wait_synced "$1" 180
}

galera_start() { _galera_start "$1"; }

galera_stop() {
  local n="$1" d="$GALERA_DIR/g$1" pid i
  pid=$(cat "$d/mysqld.pid" 2>/dev/null) || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 600; i++)); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null
}

galera_stop_all() {
  local n
  for n in 3 2 1; do [[ -n ${GALERA_DIR:-} ]] && galera_stop "$n"; done
}
