#!/usr/bin/env python3
"""Backs up a live platform under writes and restores it, on each engine.

    python3 ops/backup/test_backup.py path/to/yass [sqlite mysql postgres]

For each engine: a yass with the demo school on a fresh database and data
directory; a writer adds news items one after another while
ops/backup/yass-backup runs; the backup is restored with
ops/backup/yass-restore into another fresh database and data directory, a
second yass starts on it, and the restored platform is compared with the
live one: the writer's items form an unbroken prefix (one snapshot), the
rest of the school answers the same, every attachment is byte-identical,
the demo's passwords still sign in. Also: files 0600, the textfile metric,
retention (daily copies pruned), and a refused restore of a damaged backup.
Exits 1 on any failure.
"""

import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
BACKUP = os.path.join(HERE, "yass-backup")
RESTORE = os.path.join(HERE, "yass-restore")
RUN = f"{os.getpid()}"
failures = []


def check(what, cond, detail=""):
    print(f"  {'ok  ' if cond else 'FAIL'} {what}" + (f": {detail}" if detail and not cond else ""))
    if not cond:
        failures.append(what)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def http(method, url, body=None, token=None, raw=False):
    req = urllib.request.Request(url, method=method)
    if body is not None:
        req.data = json.dumps(body).encode()
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            data = r.read()
            return r.status, (data if raw else json.loads(data or b"null"))
    except urllib.error.HTTPError as e:
        return e.code, None


class Yass:
    def __init__(self, binary, data_dir, db_url, s3=None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = dict(os.environ, YASS_DATA_DIR=data_dir, DATABASE_URL=db_url,
                        YASS_BIND=f"127.0.0.1:{self.port}", YASS_LOG="error",
                        YASS_ARGON2_MEMORY_KIB="64", YASS_ARGON2_ITERATIONS="1",
                        YASS_JWT_SECRET="backup test secret backup test secret 0123", **(s3 or {}))
        self.binary = binary
        self.proc = None

    def run(self, *args):
        subprocess.run([self.binary, *args], env=self.env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def start(self):
        self.proc = subprocess.Popen([self.binary, "serve"], env=self.env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(300):
            try:
                if http("GET", self.base + "/readyz", raw=True)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError("yass did not become ready")

    def stop(self):
        if self.proc:
            self.proc.terminate()
            self.proc.wait(timeout=20)
            self.proc = None

    def site(self, path):
        return f"{self.base}/api/v1/sites/demo{path}"

    def token(self, account="admin"):
        s, body = http("POST", self.site("/auth/login"),
                       {"account": account, "password": f"{account}-demo-pass"})
        return body["access_token"] if s == 200 else None


def databases(engine):
    """Two fresh databases (source, restore target) and how to drop them."""
    if engine == "sqlite":
        return "", "", lambda: None
    names = [f"yass_backup_{RUN}_src", f"yass_backup_{RUN}_dst"]
    if engine == "mysql":
        sql = lambda q: subprocess.run(["mariadb", "-h127.0.0.1", "-uroot", "-e", q], check=True)
        for n in names:
            sql(f"DROP DATABASE IF EXISTS {n}; CREATE DATABASE {n} CHARACTER SET utf8mb4")
        urls = [f"mysql://root@127.0.0.1:3306/{n}" for n in names]
        return urls[0], urls[1], lambda: [sql(f"DROP DATABASE IF EXISTS {n}") for n in names]
    sql = lambda q: subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", q],
                                   check=True, stdout=subprocess.DEVNULL)
    for n in names:
        sql(f"CREATE DATABASE {n}")
    urls = [f"postgres://postgres@127.0.0.1:5432/{n}" for n in names]
    return urls[0], urls[1], lambda: [sql(f"DROP DATABASE IF EXISTS {n} WITH (FORCE)") for n in names]


def titles(y):
    out, page = [], 1
    while True:
        s, body = http("GET", y.site(f"/news?per_page=100&page={page}"))
        assert s == 200, s
        out += [n["title"] for n in body["items"] + (body.get("pinned") or [] if page == 1 else [])]
        if page * 100 >= body["total"] or not body["items"]:
            return out
        page += 1


def audited(y, token):
    """Titles of the writer's items the site's audit log records as created."""
    out, page = [], 1
    while True:
        s, body = http("GET", y.site(f"/audit-log?kind=news&per_page=100&page={page}"), token=token)
        assert s == 200, s
        out += [e["label"] for e in body["items"] if e["action"] == "create" and e["label"].startswith("備份中 ")]
        if page * 100 >= body["total"] or not body["items"]:
            return sorted(out)
        page += 1


def attachments(y):
    """Every attachment of the public news, by title and file name → bytes."""
    got, page = {}, 1
    while True:
        s, body = http("GET", y.site(f"/news?per_page=100&page={page}"))
        for n in body["items"] + (body.get("pinned") or [] if page == 1 else []):
            s, item = http("GET", y.site(f"/news/{n['id']}"))
            for a in item.get("attachments", []):
                s, data = http("GET", y.base + a["url"], raw=True)
                got[(n["title"], a["file_name"])] = (s, data)
        if not body["items"] or page * 100 >= body["total"]:
            return got
        page += 1


def strip(v):
    if isinstance(v, dict):
        return {k: strip(x) for k, x in v.items() if k not in ("etag",)}
    if isinstance(v, list):
        return [strip(x) for x in v]
    return v


def s3_settings(prefix):
    """The object store (a Garage node scripts/test.sh started) under its
    own key prefix, or None when the run has none."""
    if not os.environ.get("YASS_BACKUP_TEST_S3_ENDPOINT"):
        return None
    return {"YASS_S3_ENDPOINT": os.environ["YASS_BACKUP_TEST_S3_ENDPOINT"],
            "YASS_S3_BUCKET": os.environ["YASS_BACKUP_TEST_S3_BUCKET"],
            "YASS_S3_ACCESS_KEY_ID": os.environ["YASS_BACKUP_TEST_S3_ACCESS_KEY_ID"],
            "YASS_S3_SECRET_ACCESS_KEY": os.environ["YASS_BACKUP_TEST_S3_SECRET_ACCESS_KEY"],
            "YASS_S3_PREFIX": prefix}


def one_engine(binary, engine, work, store=False):
    label = engine + (" + Garage" if store else "")
    print(f"== {label}")
    src_url, dst_url, drop = databases(engine)
    live = restored = None
    run_id = os.path.basename(work)
    # With the store: the live platform and the restored one each under
    # their own prefix of the bucket; the backup mirrors one into the other.
    live_s3 = s3_settings(f"{run_id}-live") if store else None
    restored_s3 = s3_settings(f"{run_id}-restored") if store else None
    tag = engine + ("-s3" if store else "")
    try:
        src_dir, dst_dir = os.path.join(work, f"{tag}-src"), os.path.join(work, f"{tag}-dst")
        bk_dir, tf_dir = os.path.join(work, f"{tag}-backups"), os.path.join(work, f"{tag}-textfile")
        live = Yass(binary, src_dir, src_url, live_s3)
        live.run("demo")
        live.start()
        admin = live.token()
        group = http("GET", live.site("/groups"), token=admin)[1][0]["id"]

        stop = threading.Event()
        written = []

        def writer():
            n = 0
            while not stop.is_set():
                n += 1
                s, _ = http("POST", live.site("/news"),
                            {"title": f"備份中 {n}", "group_id": group}, token=admin)
                if s == 201:
                    written.append(n)

        t = threading.Thread(target=writer)
        t.start()
        time.sleep(0.5)
        env = dict(os.environ, YASS_DATA_DIR=src_dir, DATABASE_URL=src_url, YASS_BIN=binary,
                   BACKUP_DIR=bk_dir, TEXTFILE_DIR=tf_dir, KEEP_DAILY="14", KEEP_WEEKLY="8", **(live_s3 or {}))
        out = subprocess.run(["bash", BACKUP], env=env, check=True, capture_output=True, text=True)
        time.sleep(0.5)
        stop.set()
        t.join()
        backup = out.stdout.strip().splitlines()[-1]
        check("the writer wrote before, during and after the backup", len(written) > 3, len(written))

        modes = {f: stat.S_IMODE(os.stat(os.path.join(backup, f)).st_mode) for f in os.listdir(backup)}
        check("every backup file is mode 0600", all(m == 0o600 for m in modes.values()), modes)
        check("the backup directory is 0700", stat.S_IMODE(os.stat(backup).st_mode) == 0o700)
        prom = open(os.path.join(tf_dir, "yass_backup.prom")).read()
        stamp = [l for l in prom.splitlines() if l.startswith("yass_backup_last_success_timestamp_seconds ")]
        check("the textfile metric holds the time of the backup",
              stamp and abs(float(stamp[0].split()[1]) - time.time()) < 300, prom)

        restored = Yass(binary, dst_dir, dst_url, restored_s3)
        r = subprocess.run(["bash", RESTORE, backup], env=dict(os.environ, YASS_DATA_DIR=dst_dir,
                           DATABASE_URL=dst_url, YASS_BIN=binary, **(restored_s3 or {})),
                           capture_output=True, text=True)
        check("the backup restores into a fresh database and data directory", r.returncode == 0, r.stderr)
        again = subprocess.run(["bash", RESTORE, backup], env=dict(os.environ, YASS_DATA_DIR=dst_dir,
                               DATABASE_URL=dst_url), capture_output=True, text=True)
        check("a restore over a platform that has data is refused", again.returncode != 0, again.stderr)
        restored.start()

        got = titles(restored)
        ours = sorted(int(x.split()[1]) for x in got if x.startswith("備份中 "))
        check("the restored writes are one snapshot (an unbroken run 1..k)",
              ours == list(range(1, len(ours) + 1)), ours[:5])
        check("the restored platform has what was there before the backup", len(ours) >= 1, len(ours))
        check("every restored item has its audit entry and no entry lacks its item (tables of one moment)",
              audited(restored, restored.token()) == sorted(x for x in got if x.startswith("備份中 ")))
        check("the restored platform lacks nothing the live one had then",
              sorted(x for x in titles(live) if not x.startswith("備份中 ")) ==
              sorted(x for x in got if not x.startswith("備份中 ")))
        for path in ("", "/nav", "/links", "/extensions", "/news/categories", "/calendar"):
            a, b = http("GET", live.site(path)), http("GET", restored.site(path))
            check(f"{path or '/'} answers the same", strip(a) == strip(b), f"{a} != {b}")
        files_live, files_restored = attachments(live), attachments(restored)
        check("every attachment is byte-identical",
              files_live and files_live == files_restored, f"{len(files_live)} vs {len(files_restored)}")
        check("the demo's passwords sign in on the restored platform", restored.token("academic") is not None)

        if engine == "sqlite" and not store:
            for _ in range(3):
                r = subprocess.run(["bash", BACKUP], env=dict(env, KEEP_DAILY="2"), capture_output=True, text=True)
                check("a later backup runs", r.returncode == 0, r.stderr)
            daily = sorted(os.listdir(os.path.join(bk_dir, "daily")))
            check("retention keeps the newest daily copies only", len(daily) == 2, daily)
            check("a weekly copy is kept", len(os.listdir(os.path.join(bk_dir, "weekly"))) >= 1)
            damaged = os.path.join(bk_dir, "daily", daily[-1])
            with open(os.path.join(damaged, "uploads.tar"), "ab") as f:
                f.write(b"x")
            fresh = os.path.join(work, "sqlite-damaged")
            r = subprocess.run(["bash", RESTORE, damaged], env=dict(os.environ, YASS_DATA_DIR=fresh,
                               DATABASE_URL=""), capture_output=True, text=True)
            check("a damaged backup is refused before anything is written",
                  r.returncode != 0 and "checksums" in r.stderr and not os.path.exists(os.path.join(fresh, "yass.db")),
                  r.stderr)
    finally:
        for y in (live, restored):
            if y:
                y.stop()
        drop()


def main():
    binary = os.path.abspath(sys.argv[1])
    engines = sys.argv[2:] or ["sqlite", "mysql", "postgres"]
    work = tempfile.mkdtemp(prefix="yass-backup-test-")
    try:
        for e in engines:
            one_engine(binary, e, work)
        if s3_settings("") and "sqlite" in engines:
            one_engine(binary, "sqlite", work, store=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"backup test: {'FAILED: ' + ', '.join(failures) if failures else 'every check passed'}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
