#!/usr/bin/env bash
# Load benchmark of the hot public paths (issue 7; method in
# docs/decisions/0005-performance.md). Not part of `make test` or CI.
#
#   scripts/bench.sh [sqlite|mysql|postgres]      (make bench DB=...)
#
# Builds yass in release, generates the dataset (or reuses the cached one for
# the same parameters), starts `yass serve` on 127.0.0.1 pinned to CPU 1,
# measures with wrk pinned to CPU 0, compares with nginx serving the same
# homepage bytes, and writes bench/results/<db>-<date>.md and .svg.
#
# Environment: SITES (300), NEWS (2000), SEED (42), SIZES (100,10000,100000:
# the scaling sites), DURATION (10 s per measurement), WARMUP (3 s),
# CONNS (64), KEEP_CACHE=0 to drop the generated dataset afterwards,
# BIN_DIR to use already built yass and yass-bench-data instead of building,
# GEN_ONLY=1 to prepare the dataset and stop.
set -euo pipefail

DB=${1:-${DB:-sqlite}}
case $DB in sqlite | mysql | postgres) ;; *)
  echo "usage: $0 [sqlite|mysql|postgres]" >&2
  exit 2
  ;;
esac
SITES=${SITES:-300}
NEWS=${NEWS:-2000}
SEED=${SEED:-42}
SIZES=${SIZES:-100,10000,100000}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
CONNS=${CONNS:-64}
PASSWORD=bench-admin-pass

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
DATE=$(date -u +%F)
STAMP=$(date -u +%F-%H%M)
log() { printf '\033[1m== %s\033[0m\n' "$*" >&2; }

# ---------------------------------------------------------------- tools
need_pkg() { # command package
  command -v "$1" >/dev/null 2>&1 && return
  log "installing $2 (Debian)"
  apt-get install -y -q "$2" >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q "$2" >/dev/null; }
}
need_pkg wrk wrk
need_pkg nginx nginx
need_pkg taskset util-linux
need_pkg curl curl
[ "$DB" = mysql ] && need_pkg mariadb mariadb-client
[ "$DB" = postgres ] && need_pkg psql postgresql-client
if [ "$(nproc)" -lt 2 ]; then
  echo "needs 2 CPUs (server and load tool are pinned apart)" >&2
  exit 1
fi

# ---------------------------------------------------------------- cleanup
RUN=$(mktemp -d /tmp/yass-bench.XXXXXX)
chmod 755 "$RUN"
YASS_PID=
NGINX_PID=
stop_pid() {
  local pid=$1
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}
cleanup() {
  stop_pid "$YASS_PID"
  stop_pid "$NGINX_PID"
  YASS_PID= NGINX_PID=
  rm -rf "$RUN"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# ---------------------------------------------------------------- build
if [ -n "${BIN_DIR:-}" ]; then
  # Already built binaries (e.g. copied aside while others share the target dir).
  YASS=$BIN_DIR/yass
  GEN=$BIN_DIR/yass-bench-data
else
  log "building yass and yass-bench-data (release)"
  timeout 3600 cargo build -q --release -p yass-api --bin yass -p yass-bench-data --bin yass-bench-data
  YASS=$TARGET/release/yass
  GEN=$TARGET/release/yass-bench-data
fi

# ---------------------------------------------------------------- dataset
# Keyed by every parameter, the day (item dates are relative to it) and the
# schema and generator sources, so a changed migration regenerates.
FP=$(cat migrations/src/*.rs crates/bench-data/src/*.rs | sha256sum | cut -c1-10)
KEY="$DB-s$SITES-n$NEWS-seed$SEED-z${SIZES//,/_}-$DATE-$FP"
CACHE=$ROOT/bench/cache
DATA=$CACHE/$KEY
DBNAME=yass_bench_$(printf %s "$KEY" | sha256sum | cut -c1-12)
[ -f "$DATA/dbname" ] && DBNAME=$(cat "$DATA/dbname")
case $DB in
  sqlite) DB_URL= ;;
  mysql) DB_URL="mysql://root@127.0.0.1:3306/$DBNAME" ;;
  postgres) DB_URL="postgres://postgres@127.0.0.1:5432/$DBNAME" ;;
esac

db_exists() {
  case $DB in
    sqlite) [ -f "$DATA/yass.db" ] ;;
    mysql) [ "$(mariadb -h 127.0.0.1 -u root -N -e "SHOW DATABASES LIKE '$DBNAME'" 2>/dev/null)" = "$DBNAME" ] ;;
    postgres) [ "$(psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$DBNAME'")" = 1 ] ;;
  esac
}
drop_db() { # name
  case $DB in
    mysql) mariadb -h 127.0.0.1 -u root -e "DROP DATABASE IF EXISTS \`$1\`" ;;
    postgres) psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS \"$1\"" ;;
  esac
}

if [ -f "$DATA/ok" ] && db_exists; then
  log "reusing dataset $KEY"
  GEN_NOTE=$(cat "$DATA/ok")
else
  log "generating dataset $KEY"
  # Older datasets of this database: drop them (they take gigabytes).
  for old in "$CACHE/$DB"-*; do
    [ -d "$old" ] || continue
    [ -f "$old/dbname" ] && drop_db "$(cat "$old/dbname")" || true
    rm -rf "$old"
  done
  mkdir -p "$DATA"
  echo "$DBNAME" >"$DATA/dbname"
  case $DB in
    mysql) drop_db "$DBNAME" && mariadb -h 127.0.0.1 -u root -e "CREATE DATABASE \`$DBNAME\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci" ;;
    postgres) drop_db "$DBNAME" && psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE \"$DBNAME\" ENCODING 'UTF8' TEMPLATE template0" ;;
  esac
  t0=$(date +%s.%N)
  DATABASE_URL=$DB_URL timeout 3600 "$GEN" --data-dir "$DATA" --sites "$SITES" --news "$NEWS" \
    --sizes "$SIZES" --seed "$SEED" --anchor "$DATE" --admin-password "$PASSWORD" | tee "$DATA/gen.log"
  t1=$(date +%s.%N)
  rows=$(sed -n 's/.* news, \([0-9]*\) rows.*/\1/p' "$DATA/gen.log")
  GEN_NOTE=$(awk -v a="$t0" -v b="$t1" -v db="$DB" -v r="$rows" \
    'BEGIN { printf "generated in %.0f s on %s (%s rows; yass-bench-data unpinned, before the measurements)", b - a, db, r }')
  echo "$GEN_NOTE" >"$DATA/ok"
fi

if [ "${GEN_ONLY:-0}" = 1 ]; then
  log "dataset ready ($GEN_NOTE); GEN_ONLY=1: not measuring"
  exit 0
fi

# ---------------------------------------------------------------- server
PORT=$(free_port)
BASE=http://127.0.0.1:$PORT
start_yass() { # [ENV=VALUE...] for this start only
  mkdir -p "$RUN/yass"
  env "$@" DATABASE_URL=$DB_URL YASS_LOG=warn taskset -c 1 "$YASS" serve --bind "127.0.0.1:$PORT" \
    --data-dir "$DATA" --spa-dir "$RUN/no-spa" >"$RUN/yass/log" 2>&1 &
  YASS_PID=$!
  SERVER_PID=$YASS_PID
  for _ in $(seq 300); do
    curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null && return 0
    kill -0 "$YASS_PID" 2>/dev/null || break
    sleep 0.2
  done
  echo "yass did not start:" >&2
  cat "$RUN/yass/log" >&2
  exit 1
}
rss_kb() { sed -n "s/^$1:[[:space:]]*\([0-9]*\) kB/\1/p" "/proc/$YASS_PID/status"; }
PEAK_KB=0
RSS_STEPS=
checkpoint() { # label: VmHWM/VmRSS after a phase, to tell what grew the peak
  RSS_STEPS="$RSS_STEPS[\"$1\", $(rss_kb VmHWM || echo 0), $(rss_kb VmRSS || echo 0)],"
}
note_peak() {
  [ -n "$YASS_PID" ] || return 0
  local hwm
  hwm=$(rss_kb VmHWM || echo 0)
  [ "${hwm:-0}" -gt "$PEAK_KB" ] && PEAK_KB=$hwm
  return 0
}

# ---------------------------------------------------------------- wrk
RESULTS=$RUN/results.jsonl
: >"$RESULTS"
script() { # name -> path of bench/lua/<name>.lua with the report appended
  local s=$RUN/$1.lua
  [ -f "$s" ] || cat "$ROOT/bench/lua/$1.lua" "$ROOT/bench/lua/report.lua" >"$s"
  echo "$s"
}
wrk_json() { # conns seconds script path [args...] -> WRKJSON payload
  local c=$1 d=$2 s=$3 path=$4
  shift 4
  local out
  out=$(timeout $((d + 60)) taskset -c 0 wrk -t1 -c"$c" -d"${d}s" --timeout 5s -s "$(script "$s")" \
    "$BASE$path" -- "$@" 2>&1) || true
  echo "$out" >>"$RUN/wrk.log"
  grep '^WRKJSON ' <<<"$out" | sed 's/^WRKJSON //' | tail -1
}
# CPU time (user + system, clock ticks) of the server under test and its
# children: CPU per request stays meaningful when other work shares the
# machine, where requests/s and latency do not.
SERVER_PID=
cpu_ticks() {
  local pid total=0 f
  for pid in $SERVER_PID $(pgrep -P "$SERVER_PID" 2>/dev/null); do
    f=$(cut -d' ' -f14,15 "/proc/$pid/stat" 2>/dev/null) || continue
    total=$((total + ${f% *} + ${f#* }))
  done
  echo "$total"
}
# Waits (up to 60 s) until the server is idle: requests that timed out in
# wrk may still be running, and would eat into the next measurement.
settle() {
  local a b
  for _ in $(seq 120); do
    a=$(cpu_ticks)
    sleep 0.5
    b=$(cpu_ticks)
    [ $((b - a)) -le 2 ] && return 0
  done
  echo "   (server still busy after 60 s)" >&2
}
measure() { # group name conns script path [args...]
  local g=$1 n=$2 c=$3 s=$4 path=$5
  shift 5
  local j t0 t1
  settle
  t0=$(cpu_ticks)
  j=$(wrk_json "$c" "$DURATION" "$s" "$path" "$@")
  t1=$(cpu_ticks)
  [ -n "$j" ] || j='{}'
  printf '{"group":"%s","name":"%s","conns":%s,"cpu_s":%s,"wrk":%s}\n' "$g" "$n" "$c" \
    "$(awk -v a="$t0" -v b="$t1" -v hz="$(getconf CLK_TCK)" 'BEGIN { print (b - a) / hz }')" "$j" >>"$RESULTS"
  note_peak
  python3 - "$(tail -1 "$RESULTS")" <<'EOF' >&2
import json, sys
r = json.loads(sys.argv[1])
w = r["wrk"]
if w:
    err = sum(w[k] for k in ("connect", "read", "write", "status", "timeout"))
    cpu = r["cpu_s"] * 1e6 / w["requests"] if w["requests"] else 0
    print(f"   {r['name']:<48} c={r['conns']:<4} {w['requests'] / (w['duration_us'] / 1e6):>9,.0f} req/s  "
          f"p50 {w['p50_us'] / 1000:7.2f} ms  p99 {w['p99_us'] / 1000:7.2f} ms  errors {err}  "
          f"server CPU {cpu:,.0f} us/req")
else:
    print(f"   {r['name']}: wrk failed (see log)")
EOF
}
warm() { wrk_json "$CONNS" "$WARMUP" "$1" "$2" "${@:3}" >/dev/null; }

# ---------------------------------------------------------------- run
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
# Nothing stored from an earlier run, and nothing built ahead (the chore
# off): the first cold pass builds every homepage on a visitor's request.
invalidate() { DATABASE_URL=$DB_URL YASS_LOG=warn "$YASS" invalidate-caches --data-dir "$DATA" >/dev/null 2>&1; }
invalidate
log "starting yass on $BASE (CPU 1), database $DB, homepages not built ahead"
start_yass YASS_PREBUILD_HOMEPAGES=false
S1=school-0001
HOME_PATH=/api/v1/sites/$S1/homepage
HOME_FMT=/api/v1/sites/school-%04d/homepage
HOME_LABEL=homepage
HOME_NOTE=
code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE$HOME_PATH")
if [ "$code" != 200 ]; then
  HOME_PATH=/api/v1/sites/$S1/nav
  HOME_FMT=/api/v1/sites/school-%04d/nav
  HOME_LABEL="nav tree (homepage stand-in)"
  HOME_NOTE="GET /api/v1/sites/{slug}/homepage answered $code on this build: the nav tree (the other cached public response) stands in for the homepage in the homepage rows and the nginx comparison."
  log "no homepage endpoint ($code): the nav tree stands in"
fi

cold_pass() { # label
  local t0 t1 j
  # wrk runs for the whole -d even when the script stops its thread earlier.
  t0=$(cpu_ticks)
  j=$(wrk_json "$CONNS" 20 each_site_once "$HOME_PATH" "$SITES" "$HOME_FMT")
  t1=$(cpu_ticks)
  [ -n "$j" ] || j='{}'
  printf '{"group":"cold","name":"%s, first request per site, %s","conns":%s,"cpu_s":%s,"wrk":%s}\n' \
    "$HOME_LABEL" "$1" "$CONNS" "$(awk -v a="$t0" -v b="$t1" -v hz="$(getconf CLK_TCK)" 'BEGIN { print (b - a) / hz }')" \
    "$j" >>"$RESULTS"
  note_peak
}
log "uncached: first request per site after a cold start, nothing stored (every request builds)"
cold_pass "nothing stored: built from the database"
log "uncached: first request per site after a restart (the shared snapshots the first pass stored)"
stop_pid "$YASS_PID"
start_yass YASS_PREBUILD_HOMEPAGES=false
cold_pass "after a restart: shared snapshots"
# A new build (or `yass invalidate-caches`): no snapshot fits, and the
# instance builds every homepage before it answers /healthz.
log "uncached: a new build, every homepage built before ready"
stop_pid "$YASS_PID"
invalidate
t0=$(date +%s%N)
start_yass
READY_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
printf '{"group":"cold-ready","name":"start to ready with every homepage built ahead (%s sites)","ms":%s,"wrk":{}}\n' \
  "$SITES" "$READY_MS" >>"$RESULTS"
cold_pass "a new build: built before ready"
checkpoint "after the cold pass"
# First (uncached) homepage of each scaling site, one connection.
IFS=, read -r -a SIZE_LIST <<<"$SIZES"
for z in "${SIZE_LIST[@]}"; do
  out=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' "$BASE/api/v1/sites/scale-$z/${HOME_PATH##*/}")
  printf '{"group":"scale-first","name":"scale-%s (%s items)","status":%s,"ms":%s,"wrk":{}}\n' \
    "$z" "$z" "${out%% *}" "$(awk -v t="${out##* }" 'BEGIN { print t * 1000 }')" >>"$RESULTS"
done

# A visible item of site 1 for the detail request.
NEWS_ID=$(curl -fsS "$BASE/api/v1/sites/$S1/news?page=2&per_page=20" | python3 -c '
import json, sys
d = json.load(sys.stdin)
items = d.get("items") or d.get("data") or []
print(items[0]["id"] if items else "")')
[ -n "$NEWS_ID" ] || { echo "could not find a news item of $S1" >&2; exit 1; }
DEEP=$((NEWS * 9 / 10 / 20))
[ "$DEEP" -ge 2 ] || DEEP=2

MAIN=(
  "$HOME_LABEL, one site|get|$HOME_PATH"
  "$HOME_LABEL, random site of $SITES|random_site|/|$SITES|$HOME_FMT"
  "news list page 1|get|/api/v1/sites/$S1/news?page=1&per_page=20"
  "news list page $DEEP (deep)|get|/api/v1/sites/$S1/news?page=$DEEP&per_page=20"
  "news detail|get|/api/v1/sites/$S1/news/$NEWS_ID"
  "nav tree|get|/api/v1/sites/$S1/nav"
)
# Every other anonymous public read of site 1 (issue 18), each measured
# again on nginx serving the same bytes.
read -r CAT_ID TAG PAGE_ID <<<"$(python3 "$ROOT/bench/public_ids.py" "$BASE" "$S1")"
PUBLIC=(
  "homepage, one site|$HOME_PATH"
  "news list page 1|/api/v1/sites/$S1/news?page=1&per_page=20"
  "news list page $DEEP (deep)|/api/v1/sites/$S1/news?page=$DEEP&per_page=20"
  "news detail|/api/v1/sites/$S1/news/$NEWS_ID"
  "nav tree|/api/v1/sites/$S1/nav"
  "news list, one category|/api/v1/sites/$S1/news?page=1&per_page=20&category=$CAT_ID"
  "news list, one tag|/api/v1/sites/$S1/news?page=1&per_page=20&tag=$TAG"
  "page|/api/v1/sites/$S1/pages/$PAGE_ID"
  "links|/api/v1/sites/$S1/links"
  "extensions|/api/v1/sites/$S1/extensions"
  "calendar events|/api/v1/sites/$S1/calendar/events"
  "calendar .ics|/api/v1/sites/$S1/calendar.ics"
  "RSS feed|/api/v1/sites/$S1/news.rss"
  "sitemap|/api/v1/sites/$S1/sitemap.xml"
  "news tags|/api/v1/sites/$S1/news/tags"
)
# Visible items of the first 50 schools, for the mixed workload's details.
ITEMS=$RUN/items.txt
python3 "$ROOT/bench/public_ids.py" "$BASE" items "$((SITES < 50 ? SITES : 50))" >"$ITEMS"

log "warm-up ($WARMUP s each)"
for m in "${MAIN[@]}"; do
  IFS='|' read -r -a f <<<"$m"
  warm "${f[1]}" "${f[2]}" "${f[@]:3}"
done
log "side by side, $CONNS connections, $DURATION s each"
for m in "${MAIN[@]}"; do
  IFS='|' read -r -a f <<<"$m"
  measure main "${f[0]}" "$CONNS" "${f[1]}" "${f[2]}" "${f[@]:3}"
done

mkdir -p "$RUN/nginx/www/public"
log "every public read, $CONNS connections"
n=0
for m in "${PUBLIC[@]}"; do
  IFS='|' read -r name path <<<"$m"
  n=$((n + 1))
  curl -fsS "$BASE$path" -o "$RUN/nginx/www/public/$n" || echo "   $name: $path failed" >&2
  warm get "$path"
  measure public "$name" "$CONNS" get "$path"
done
log "mixed workload: 80% homepages of random schools, 15% news details, 5% lists"
warm mixed / "$SITES" "$ITEMS"
measure mixed "mixed: 80% homepages (random school), 15% details, 5% lists" "$CONNS" mixed / "$SITES" "$ITEMS"

checkpoint "after the side-by-side runs"

# ---------------------------------------------------------------- typhoon morning
# Every school's homepage is cached (the random-site runs above); a platform
# admin publishes a city-wide announcement; the 2 × DURATION seconds after it
# are measured while a poller records when the announcement is in the
# homepage of every school it samples.
log "typhoon morning: a city-wide announcement under the random-homepage load"
DATABASE_URL=$DB_URL YASS_PASSWORD=$PASSWORD YASS_LOG=error "$YASS" user create --platform-admin \
  --account benchroot --data-dir "$DATA" >/dev/null 2>&1 || true
ROOT_TOKEN=$(curl -fsS -X POST -H 'Content-Type: application/json' \
  -d "{\"account\":\"benchroot\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/auth/login" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')
warm random_site / "$SITES" "$HOME_FMT"
NOTICE="颱風停課 bench $STAMP"
PUBLISHED_MS=$(date +%s%3N)
ANN_ID=$(curl -fsS -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer $ROOT_TOKEN" \
  -d "{\"title\":\"$NOTICE\",\"body\":\"明日全市停止上班上課。\"}" "$BASE/api/v1/announcements" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
taskset -c 0 python3 "$ROOT/bench/typhoon_poll.py" "$BASE" "$SITES" "$NOTICE" "$PUBLISHED_MS" >"$RUN/typhoon.json" &
POLLER=$!
DURATION_SAVED=$DURATION
DURATION=$((DURATION * 2))
measure typhoon "homepage, random site of $SITES, the $DURATION s after a city-wide announcement" "$CONNS" \
  random_site / "$SITES" "$HOME_FMT"
DURATION=$DURATION_SAVED
wait "$POLLER" || true
printf '{"group":"typhoon-seen","name":"announcement in every sampled homepage","wrk":{},"seen":%s}\n' \
  "$(cat "$RUN/typhoon.json" 2>/dev/null || echo '{}')" >>"$RESULTS"
curl -fsS -X DELETE -H "Authorization: Bearer $ROOT_TOKEN" "$BASE/api/v1/announcements/$ANN_ID" >/dev/null || true
log "concurrency sweep"
for c in 1 8 64 256; do
  measure sweep-yass "$HOME_LABEL, one site" "$c" get "$HOME_PATH"
  measure sweep-yass-random "$HOME_LABEL, random site of $SITES" "$c" random_site / "$SITES" "$HOME_FMT"
done

checkpoint "after the concurrency sweep"
# Login before the scaling runs: requests to the 100,000-item site time out
# in wrk but their queries keep the database busy for a while (on MariaDB and
# PostgreSQL outside the yass process, where settle() cannot see them).
log "login (argon2id)"
measure login "site login (POST /auth/login), $S1" 2 login "/api/v1/sites/$S1/auth/login" admin "$PASSWORD"
checkpoint "after the login runs"
# Writes (issue 14: every write also stores a version and an audit entry).
log "writes"
TOKEN=$(curl -fsS -X POST -H 'Content-Type: application/json' \
  -d "{\"account\":\"admin\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/sites/$S1/auth/login" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')
measure write "news edit (PATCH /news/{id}: row, tokens, version, audit entry), $S1" 4 write \
  "/api/v1/sites/$S1/news/$NEWS_ID" "$TOKEN"
log "scaling"
for z in "${SIZE_LIST[@]}"; do
  zl=$(python3 -c "print(f'{$z:,}')")
  warm get "/api/v1/sites/scale-$z/${HOME_PATH##*/}"
  measure scale "$HOME_LABEL, $zl items" "$CONNS" get "/api/v1/sites/scale-$z/${HOME_PATH##*/}"
  measure scale "news list page 1, $zl items" "$CONNS" get "/api/v1/sites/scale-$z/news?page=1&per_page=20"
  deep=$((z * 9 / 10 / 20))
  [ "$deep" -ge 1 ] || deep=1
  measure scale "news list deep page, $zl items" "$CONNS" get "/api/v1/sites/scale-$z/news?page=$deep&per_page=20"
done

# Keyword search stays uncached but bounded (YASS_SEARCH_CAP): words of 1–4
# characters on the largest scaling site.
BIG=${SIZE_LIST[${#SIZE_LIST[@]}-1]}
measure scale "search, words of 1–4 characters, $(python3 -c "print(f'{$BIG:,}')") items" "$CONNS" \
  search / "/api/v1/sites/scale-$BIG/news?q="

checkpoint "after the scaling runs"

note_peak
RSS_END_KB=$(rss_kb VmRSS || echo 0)

# ---------------------------------------------------------------- nginx
log "nginx serving the same bytes (CPU 1)"
mkdir -p "$RUN/nginx/www" "$RUN/nginx/tmp"
curl -fsS "$BASE$HOME_PATH" -o "$RUN/nginx/www/homepage.json"
stop_pid "$YASS_PID"
YASS_PID=
NPORT=$(free_port)
USER_LINE=
[ "$(id -u)" = 0 ] && USER_LINE="user root;"
cat >"$RUN/nginx/nginx.conf" <<EOF
$USER_LINE
worker_processes 1;
daemon off;
pid $RUN/nginx/nginx.pid;
error_log $RUN/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 10000000;
  types { application/json json; }
  client_body_temp_path $RUN/nginx/tmp/body;
  proxy_temp_path $RUN/nginx/tmp/proxy;
  fastcgi_temp_path $RUN/nginx/tmp/fastcgi;
  uwsgi_temp_path $RUN/nginx/tmp/uwsgi;
  scgi_temp_path $RUN/nginx/tmp/scgi;
  server {
    listen 127.0.0.1:$NPORT;
    root $RUN/nginx/www;
  }
}
EOF
chmod -R a+rX "$RUN/nginx"
taskset -c 1 nginx -e "$RUN/nginx/error.log" -p "$RUN/nginx" -c "$RUN/nginx/nginx.conf" &
NGINX_PID=$!
SERVER_PID=$NGINX_PID
for _ in $(seq 50); do curl -fsS -o /dev/null "http://127.0.0.1:$NPORT/homepage.json" 2>/dev/null && break; sleep 0.1; done
YBASE=$BASE
BASE=http://127.0.0.1:$NPORT
warm get /homepage.json
measure main "nginx: same JSON as a static file" "$CONNS" get /homepage.json
n=0
for m in "${PUBLIC[@]}"; do
  IFS='|' read -r name path <<<"$m"
  n=$((n + 1))
  warm get "/public/$n"
  measure public-nginx "$name" "$CONNS" get "/public/$n"
done
for c in 1 8 64 256; do
  measure sweep-nginx "nginx: same JSON as a static file" "$c" get /homepage.json
done
stop_pid "$NGINX_PID"
NGINX_PID=
BASE=$YBASE

# ---------------------------------------------------------------- report
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
mkdir -p "$ROOT/bench/results"
OUT=$ROOT/bench/results/$DB-$STAMP
python3 - "$RUN/meta.json" <<EOF
import json, os, platform, subprocess, sys
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
mem = next((l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal")), "0")
commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True).stdout.strip()
json.dump({
    "db": "$DB", "date": "$DATE", "command": "make bench DB=$DB (scripts/bench.sh $DB; SITES=$SITES NEWS=$NEWS SEED=$SEED SIZES=$SIZES DURATION=$DURATION CONNS=$CONNS)",
    "commit": commit + ("+changes" if dirty else ""),
    "cpus": os.cpu_count(), "cpu_model": cpu, "mem": f"{int(mem) / 1048576:.0f} GB RAM",
    "sites": $SITES, "news": $NEWS, "seed": $SEED, "sizes": "$SIZES", "anchor": "$DATE",
    "duration": $DURATION, "warmup": $WARMUP, "main_conns": $CONNS, "cold_conns": $CONNS,
    "gen": """$GEN_NOTE""",
    "home_label": """$HOME_LABEL""", "home_note": """$HOME_NOTE""",
    "rss_steps": [${RSS_STEPS%,}],
    "load_start": "$LOAD_START", "load_end": "$LOAD_END",
    "rss_peak_mb": $PEAK_KB / 1024, "rss_end_mb": ${RSS_END_KB:-0} / 1024,
}, open(sys.argv[1], "w"), indent=1)
EOF
python3 "$ROOT/bench/report.py" "$RUN" "$OUT.md" "$OUT.svg"
cp "$RUN/results.jsonl" "$OUT.jsonl"
cp "$RUN/meta.json" "$OUT.meta.json"
log "wrote ${OUT#"$ROOT"/}.md, .svg, .jsonl and .meta.json"
cat "$OUT.md"
if [ "${KEEP_CACHE:-1}" = 0 ]; then
  drop_db "$DBNAME" || true
  rm -rf "$DATA"
fi
