#!/usr/bin/env bash
# How long a 2,000-news yascms school takes to import (issue 17). Not part
# of `make test`:
#
#   scripts/bench-yascms-import.sh path/to/yass [news] [attachments per news]
#
# Makes a yascms database on the local MariaDB from the test fixture
# (crates/api/tests/fixtures/yascms/school.sql), grows it to N news items
# (default 2,000; each with one attachment file of 20 KB by default and
# HTML bodies of ~2 KB) and times `yass import yascms` into a fresh SQLite
# data directory, then a dry run, and prints both with the rows made.
# Then it signs in against the imported school at production argon2 cost
# with passlib's default sha256_crypt rounds (535,000) and prints the
# median time (30 interleaved samples each) of a sign-in with an unknown account, a legacy (yascms)
# account and an argon2id account, each with a wrong password: on a site
# that still holds legacy hashes the three must take the same time.
set -euo pipefail
YASS=$(realpath "$1")
NEWS=${2:-2000}
ATT=${3:-1}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DB=yass_bench_yascms_$$
RUN=$(mktemp -d /tmp/yass-bench-yascms.XXXXXX)
cleanup() { mariadb -h127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS $DB" || true; rm -rf "$RUN"; }
trap cleanup EXIT
mariadb -h127.0.0.1 -uroot -e "CREATE DATABASE $DB CHARACTER SET utf8mb4"
grep -v '^--' "$ROOT/crates/api/tests/fixtures/yascms/school.sql" | mariadb -h127.0.0.1 -uroot "$DB"
cp -r "$ROOT/crates/api/tests/fixtures/yascms/uploads" "$RUN/uploads"
mkdir -p "$RUN/uploads/news/2025/09"
python3 - "$NEWS" "$ATT" "$RUN" >"$RUN/grow.sql" <<'PY'
import os, sys
n, att, run = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
body = "<p>" + "本校公告內容，請家長與學生留意相關事項。" * 40 + "</p>"
print("START TRANSACTION;")
for i in range(100, 100 + n):
    print(f"INSERT INTO news (id, title, content, is_html, publication_datetime, display_datetime, last_updated_datetime, group_id, category_id) "
          f"VALUES ({i}, '第 {i} 則公告', '{body}', 1, '2025-09-01 08:00:00', '2025-09-01 08:00:00', '2025-09-01 08:00:00', 3, {1 + i % 2});")
    print(f"INSERT INTO news_tags_association VALUES ({i}, 2);")
    for a in range(att):
        name = f"{i}_bench{a:03d}.pdf"
        with open(os.path.join(run, "uploads/news/2025/09", name), "wb") as f:
            f.write(b"%PDF-1.4 " + os.urandom(20 * 1024))
        print(f"INSERT INTO news_attachments (original_name, real_name, news_id) VALUES ('附件{a}.pdf', '{name}', {i});")
print("COMMIT;")
PY
mariadb -h127.0.0.1 -uroot "$DB" <"$RUN/grow.sql"
# Twenty teachers with passlib's default cost: ten stay legacy, ten sign in
# once (their hash becomes argon2id) before the timing.
python3 -W ignore - >"$RUN/people.sql" <<'PY'
import crypt
# One cost on the whole school (as one passlib release makes them; the
# fixture's own accounts use 5,000 rounds to keep the tests quick).
print("UPDATE users SET password = '" + crypt.crypt("fixture", "$5$rounds=535000$benchfixture0000$") + "' WHERE password <> '*';")
for i in range(20):
    h = crypt.crypt(f"pass-{i}", f"$5$rounds=535000$benchsalt{i:07d}$")
    print(f"INSERT INTO users (first_name, last_name, account, password, status) VALUES ('師{i}', '王', 'teacher{i:02d}', '{h}', 1);")
PY
mariadb -h127.0.0.1 -uroot "$DB" <"$RUN/people.sql"
export YASS_DATA_DIR=$RUN/data YASS_LOG=warn
run() {
  local start end
  start=$(date +%s.%N)
  "$YASS" import yascms --mysql-url "mysql://root@127.0.0.1:3306/$DB" --uploads "$RUN/uploads" \
    --slug "$1" --host "$1.bench.test" "${@:2}" >"$RUN/$1.out" 2>&1
  end=$(date +%s.%N)
  python3 -c "print(f'{$end - $start:.1f}')"
}
dry=$(run benchdry --dry-run)
real=$(run bench)
news=$(grep -E '^  news:' "$RUN/bench.out" | awk '{print $2}')
atts=$(grep -E '^  attachments:' "$RUN/bench.out" | awk '{print $2}')
echo "yascms import of $news news, $atts attachments (SQLite): dry run ${dry} s, import ${real} s ($(nproc) CPUs)"
tail -1 "$RUN/bench.out"

# Sign-in timing on the imported school (production argon2 settings).
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
YASS_BIND=127.0.0.1:$PORT YASS_JWT_SECRET=bench-yascms-secret-bench-yascms-secret \
  YASS_TRUSTED_PROXIES=127.0.0.1/32 "$YASS" serve >"$RUN/serve.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; cleanup' EXIT
for _ in $(seq 100); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/readyz" && break; sleep 0.2; done
python3 - "http://127.0.0.1:$PORT/api/v1/sites/bench/auth/login" <<'PY'
import json, statistics, sys, time, urllib.request, urllib.error
url = sys.argv[1]
def login(account, password, ip):
    req = urllib.request.Request(url, data=json.dumps({"account": account, "password": password}).encode(),
                                 headers={"Content-Type": "application/json", "X-Forwarded-For": ip})
    t = time.perf_counter()
    try:
        status = urllib.request.urlopen(req).status
    except urllib.error.HTTPError as e:
        status = e.code
    return status, (time.perf_counter() - t) * 1000
for i in range(10, 20):  # these become argon2id
    assert login(f"teacher{i:02d}", f"pass-{i}", f"198.51.100.{i}")[0] == 200
kinds = {"unknown account": lambda i: (f"nobody{i:02d}", "wrong"),
         "legacy (sha256_crypt) account": lambda i: (f"teacher{i:02d}", "wrong"),
         "argon2id account": lambda i: (f"teacher{i + 10:02d}", "wrong")}
# Interleaved (each kind in turn), three wrong attempts per account (under
# the lock-out), so drift on the machine falls on every kind alike.
times = {name: [] for name in kinds}
for n in range(30):
    for name, who in kinds.items():
        status, ms = login(*who(n % 10), f"203.0.{n}.{list(kinds).index(name) + 1}")
        assert status == 401, status
        times[name].append(ms)
for name, t in times.items():
    print(f"wrong password, {name}: median {statistics.median(t):.0f} ms (min {min(t):.0f}, max {max(t):.0f}, n={len(t)})")
PY
