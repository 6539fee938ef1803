# A PostgreSQL primary with a streaming replica on loopback ports, for the
# fault test (ops/faults/test-faults.sh): Debian's PostgreSQL binaries run
# as the `postgres` user in their own data directories under $PG_DIR; the
# machine's own server on 5432 is never touched. Source it after
# ops/lib/front.sh and ops/faults/lib/galera.sh (galera_init renders the
# nodes' settings from the pg role); it defines functions only.
#
#   pg_init DIR PORT1 PORT2   primary on PORT1, replica of it on PORT2
#   pg_sql PORT SQL           run SQL as postgres on the node at PORT
#   pg_is_primary PORT        true when that node is not in recovery
#   pg_switchover FROM TO     planned switchover: FROM stops cleanly (every
#                             WAL record reaches TO), TO is promoted, FROM
#                             restarts as TO's replica
#   pg_stop_all

pg_bin() { echo "/usr/lib/postgresql/$(ls /usr/lib/postgresql | sort -n | tail -1)/bin"; }
_pg_as() { runuser -u postgres -- "$@"; }

# The pg role's settings (rendered by galera_init into
# $GALERA_DIR/render/pgPORT/yass.conf), plus where this test's sockets go.
_pg_conf() { # DIR PORT
  cat "$GALERA_DIR/render/pg$2/yass.conf" >>"$1/postgresql.conf" || return 1
  echo "unix_socket_directories = '$PG_DIR'" >>"$1/postgresql.conf"
}

pg_init() {
  PG_DIR="$1"; export PG_DIR
  local p1="$2" p2="$3" bin
  bin=$(pg_bin)
  mkdir -p "$PG_DIR"
  chown postgres:postgres "$PG_DIR"
  _pg_as "$bin/initdb" -D "$PG_DIR/n1" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 ||
    { cat "$PG_DIR/initdb.log" >&2; return 1; }
  _pg_conf "$PG_DIR/n1" "$p1" || return 1
  echo "host replication postgres 127.0.0.1/32 trust" >>"$PG_DIR/n1/pg_hba.conf"
  _pg_as "$bin/pg_ctl" -D "$PG_DIR/n1" -l "$PG_DIR/n1.log" -w start >/dev/null || return 1
  pg_sql "$p1" "CREATE ROLE yass LOGIN PASSWORD 'yass'; CREATE ROLE haproxy LOGIN;" >/dev/null &&
    pg_sql "$p1" "CREATE DATABASE yass OWNER yass" >/dev/null || return 1
  # The replica: a copy of the primary that follows it (-R writes
  # primary_conninfo and standby.signal).
  _pg_as "$bin/pg_basebackup" -h 127.0.0.1 -p "$p1" -U postgres -D "$PG_DIR/n2" -R -X stream >"$PG_DIR/basebackup.log" 2>&1 ||
    { cat "$PG_DIR/basebackup.log" >&2; return 1; }
  sed -i "s/^port = .*/port = $p2/" "$PG_DIR/n2/postgresql.conf"
  _pg_as "$bin/pg_ctl" -D "$PG_DIR/n2" -l "$PG_DIR/n2.log" -w start >/dev/null || return 1
  PG_PORTS="$p1 $p2"; export PG_PORTS
}

pg_sql() { psql -h 127.0.0.1 -p "$1" -U postgres -d "${3:-postgres}" -tAqc "$2"; }

pg_is_primary() { [[ $(pg_sql "$1" "SELECT pg_is_in_recovery()" 2>/dev/null) == f ]]; }

_pg_node_dir() { # PORT -> the data directory of the node on it
  local d
  for d in "$PG_DIR"/n1 "$PG_DIR"/n2; do
    grep -q "^port = $1\$" "$d/postgresql.conf" 2>/dev/null && { echo "$d"; return; }
  done
}

pg_replica_streaming() { # PORT of the primary: its replica is connected
  [[ $(pg_sql "$1" "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'") -ge 1 ]]
}

pg_switchover() {
  local from="$1" to="$2" bin fd td
  bin=$(pg_bin); fd=$(_pg_node_dir "$from"); td=$(_pg_node_dir "$to")
  # A clean (fast) shutdown sends every WAL record, the shutdown checkpoint
  # included, to the connected replica before the primary exits.
  _pg_as "$bin/pg_ctl" -D "$fd" -m fast -w stop >/dev/null || return 1
  _pg_as "$bin/pg_ctl" -D "$td" -w promote >/dev/null || return 1
  # The old primary follows the new one.
  _pg_as touch "$fd/standby.signal"
  echo "primary_conninfo = 'host=127.0.0.1 port=$to user=postgres application_name=$(basename "$fd")'" >>"$fd/postgresql.auto.conf"
  _pg_as "$bin/pg_ctl" -D "$fd" -l "$PG_DIR/$(basename "$fd").log" -w start >/dev/null
}

pg_stop_all() {
  local bin d
  [[ -n ${PG_DIR:-} ]] || return 0
  bin=$(pg_bin)
  for d in "$PG_DIR"/n1 "$PG_DIR"/n2; do
    [[ -f "$d/postmaster.pid" ]] && _pg_as "$bin/pg_ctl" -D "$d" -m immediate stop >/dev/null 2>&1
  done
  true
}
