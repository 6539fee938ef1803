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
