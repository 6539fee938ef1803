#!/usr/bin/env python3
"""The fault test's load and its judge (ops/faults/test-faults.sh).

  load.py run BASE SITE ACCOUNT PASSWORD OUT     until OUT/stop exists
  load.py judge OUT PHASES                       the bounds, from the logs
  load.py verify OUT BASE DATABASE NODE...       nothing acknowledged lost

`run` signs in through nginx and keeps, for the whole test, writers that
create news items each with one attachment (random bytes), readers that
open the school's homepage and downloaders that fetch acknowledged
attachments and compare their bytes. Every request is one line of OUT/events.jsonl
(time, kind, status, problem code); every acknowledged write (a 201) is in
OUT/acked.jsonl with the file's SHA-256, for the final check that nothing
acknowledged was lost.

`verify` looks for every acknowledged news item and attachment on every
database node (each node directly, not through HAProxy: mysql:SOCKET or
pg:PORT) and downloads
every acknowledged file through nginx, comparing its SHA-256.

`judge` reads the events and the phase marks the test wrote (one
`NAME UNIX_TIME` per line) and prints, per window, what failed; it exits 1
when a bound of issue 19 does not hold.
"""

import hashlib
import http.client
import json
import os
import random
import sys
import threading
import time
import urllib.parse

WRITERS = int(os.environ.get("FAULTS_WRITERS", "3"))
READERS = int(os.environ.get("FAULTS_READERS", "4"))
DOWNLOADERS = int(os.environ.get("FAULTS_DOWNLOADERS", "2"))
# A download whose bytes differ from what was uploaded is logged with this
# status (no server sends it).
CORRUPT = 599


class Client:
    """One keep-alive HTTP/1.1 connection to nginx, reopened after errors."""

    def __init__(self, base):
        u = urllib.parse.urlsplit(base)
        self.host, self.port = u.hostname, u.port
        self.conn = None

    def request(self, method, path, body=None, headers=None):
        """-> (status, body bytes); status 0 when no answer came."""
        for _ in range(2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
                self.conn.request(method, path, body=body, headers=headers or {})
                res = self.conn.getresponse()
                return res.status, res.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # nginx closed an idle keep-alive connection: a read tries
                # a new one once; a write is counted as failed (it may have
                # reached an instance).
                self.close()
                if method != "GET":
                    return 0, b""
            except (OSError, http.client.HTTPException):
                self.close()
                return 0, b""
        return 0, b""

    def close(self):
        if self.conn is not None:
            self.conn.close()
        self.conn = None


class Log:
    def __init__(self, out):
        self.lock = threading.Lock()
        self.events = open(os.path.join(out, "events.jsonl"), "a", buffering=1)
        self.acked = open(os.path.join(out, "acked.jsonl"), "a", buffering=1)
        self.files = []

    def event(self, kind, status, body=b""):
        code = None
        if status >= 400 and body[:1] == b"{":
            try:
                code = json.loads(body).get("code")
            except ValueError:
                pass
        with self.lock:
            self.events.write(json.dumps({"t": time.time(), "kind": kind, "status": status, "code": code}) + "\n")

    def ack(self, row):
        with self.lock:
            self.acked.write(json.dumps(row) + "\n")
            if row["kind"] == "attachment":
                self.files.append(row)

    def some_file(self):
        with self.lock:
            return random.choice(self.files) if self.files else None


def multipart(name, data):
    boundary = "yassfaults%016x" % random.getrandbits(64)
    head = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def writer(n, base, site, token, group, out, log):
    c = Client(base)
    auth = {"authorization": f"Bearer {token}"}
    i = 0
    while not os.path.exists(os.path.join(out, "stop")):
        i += 1
        title = f"fault test {n}-{i}"
        body = json.dumps({"title": title, "body": f"<p>寫入 {n}-{i}</p>", "group_id": group}).encode()
        status, res = c.request("POST", f"/api/v1/sites/{site}/news", body,
                                {**auth, "content-type": "application/json"})
        log.event("write", status, res)
        if status == 201:
            news_id = json.loads(res)["id"]
            log.ack({"kind": "news", "id": news_id, "title": title})
            data = os.urandom(random.randint(2_000, 64_000))
            form, ctype = multipart(f"f-{n}-{i}.bin", data)
            status, res = c.request("POST", f"/api/v1/sites/{site}/news/{news_id}/attachments", form,
                                    {**auth, "content-type": ctype, "content-length": str(len(form))})
            log.event("write", status, res)
            if status == 201:
                a = json.loads(res)
                log.ack({"kind": "attachment", "id": a["id"], "news_id": news_id, "url": a["url"],
                         "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)})
        time.sleep(0.05)


def reader(base, site, out, log):
    c = Client(base)
    while not os.path.exists(os.path.join(out, "stop")):
        status, res = c.request("GET", f"/api/v1/sites/{site}/homepage")
        log.event("read", status, res)
        time.sleep(0.02)


def downloader(base, out, log):
    """Downloads acknowledged attachments (each a file in the store) and
    compares their bytes."""
    c = Client(base)
    while not os.path.exists(os.path.join(out, "stop")):
        a = log.some_file()
        if a is None:
            time.sleep(0.1)
            continue
        status, res = c.request("GET", a["url"])
        if status == 200 and hashlib.sha256(res).hexdigest() != a["sha256"]:
            status = CORRUPT
        log.event("download", status, res if status != 200 else b"")
        time.sleep(0.02)


def run(base, site, account, password, out):
    c = Client(base)
    status, res = c.request("POST", f"/api/v1/sites/{site}/auth/login",
                            json.dumps({"account": account, "password": password}).encode(),
                            {"content-type": "application/json"})
    if status != 200:
        sys.exit(f"sign-in failed: {status} {res[:200]!r}")
    token = json.loads(res)["access_token"]
    status, res = c.request("GET", f"/api/v1/sites/{site}/groups", headers={"authorization": f"Bearer {token}"})
    group = next(g["id"] for g in json.loads(res) if g["kind"] == "staff")
    log = Log(out)
    threads = [threading.Thread(target=writer, args=(n, base, site, token, group, out, log)) for n in range(WRITERS)]
    threads += [threading.Thread(target=reader, args=(base, site, out, log)) for _ in range(READERS)]
    threads += [threading.Thread(target=downloader, args=(base, out, log)) for _ in range(DOWNLOADERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def window(events, kind, start, end):
    rows = [e for e in events if e["kind"] == kind and start <= e["t"] < end]
    failed = [e for e in rows if e["status"] not in (200, 201)]
    return rows, failed


def judge(out, phases_file):
    events = [json.loads(line) for line in open(os.path.join(out, "events.jsonl"))]
    marks = {}
    for line in open(phases_file):
        name, t = line.split()
        marks[name] = float(t)
    ok = True

    def check(what, holds):
        nonlocal ok
        print(f"  {'ok' if holds else 'FAILED'}: {what}")
        ok &= holds

    def describe(failed):
        by = {}
        for e in failed:
            key = f"{e['status']} {e['code'] or ''}".strip()
            by[key] = by.get(key, 0) + 1
        return ", ".join(f"{k} ×{v}" for k, v in sorted(by.items())) or "none"

    all_writes, all_failed = window(events, "write", 0, float("inf"))
    all_reads, reads_failed = window(events, "read", 0, float("inf"))
    all_downloads, downloads_failed = window(events, "download", 0, float("inf"))
    print(f"load: {len(all_writes)} writes ({len(all_failed)} failed: {describe(all_failed)}), "
          f"{len(all_reads)} reads ({len(reads_failed)} failed: {describe(reads_failed)}), "
          f"{len(all_downloads)} downloads ({len(downloads_failed)} failed: {describe(downloads_failed)})")
    check("no download anywhere came back with other bytes than were uploaded",
          not any(e["status"] == CORRUPT for e in events))
    check("no request anywhere answered 500", not any(e["status"] == 500 for e in events))
    check("no request anywhere was refused as the caller's fault (4xx): a write acknowledged on "
          "one instance is seen by the next request on any other",
          not any(400 <= e["status"] < 500 for e in events))

    def writes_recover(writes, failed, start, bound, since):
        """Failed writes are 503 only, the last within `bound` s of `start`,
        and writes succeed after it."""
        check("failed writes are 503, never 500", all(e["status"] == 503 for e in failed))
        last = max((e["t"] for e in failed), default=start)
        print(f"  writes recovered {last - start:.2f} s after {since}")
        check(f"writes recover within {bound:.0f} s", last - start <= bound)
        check("writes went on afterwards", any(e["status"] == 201 and e["t"] > last for e in writes))

    def node_lost(what, start, end, note=""):
        """A node away and back: at most 1% of writes fail, only with 503,
        writes recover within 10 s, no read fails."""
        writes, failed = window(events, "write", start, end)
        share = 100.0 * len(failed) / max(1, len(writes))
        print(f"{what} lost and back ({end - start:.1f} s): {len(writes)} writes{note}, {len(failed)} failed "
              f"({share:.2f}%): {describe(failed)}")
        check(f"at most 1% of writes fail while a {what} is lost", share <= 1.0)
        writes_recover(writes, failed, start, 10.0, "the node stopped")
        _, reads_failed = window(events, "read", start, end)
        check(f"no read failed while a {what} was lost", not reads_failed)

    if "galera_stop" in marks:
        # From the stop to a while after the node is back: the failback
        # (sessions on two nodes at once) is judged too.
        node_lost("Galera node", marks["galera_stop"], marks["galera_settled"])

    if "instance1_stop" in marks:
        start, end = marks["instance1_stop"], marks["instances_back"]
        reads, failed = window(events, "read", start, end)
        print(f"yass instances stopped one, then another ({end - start:.1f} s): {len(reads)} reads, "
              f"{len(failed)} failed: {describe(failed)}")
        check("0 failed reads while instances stop", not failed and len(reads) > 0)
        writes, wfailed = window(events, "write", start, end)
        print(f"  writes in that window: {len(writes)}, failed: {describe(wfailed)}")
        # A stopping instance drains first (http::drain): nginx holds no
        # idle connection to it at the end and retries every request it
        # could not send. What remains is a write nginx sent on a connection
        # the instance accepted in the last instant before its listener
        # closed: actix drops a connection not yet handed to a worker, and
        # nginx rightly never sends a write twice, so the client gets a 502
        # (0 to 2 in ~650 writes over the CI runs; the write never ran, so a
        # retry is safe). upgrade.yml takes the host out of nginx first and
        # never meets it; deploy.yml relies on the drain (decision 0022). The
        # issue's bound is on reads (above); writes are held to 1%, 502 only
        # (never 500, never 503).
        share = 100.0 * len(wfailed) / max(len(writes), 1)
        check("at most 1% of writes fail while instances stop, each a 502",
              len(writes) > 0 and share <= 1.0 and all(e["status"] == 502 for e in wfailed))

    if "garage_stop" in marks:
        start, end = marks["garage_stop"], marks["garage_settled"]
        node_lost("Garage node", start, end, " (half of them uploads)")
        downloads, dfailed = window(events, "download", start, end)
        print(f"  downloads: {len(downloads)}, failed: {describe(dfailed)}")
        check("0 failed downloads while a Garage node is lost", not dfailed and len(downloads) > 0)

    if "pg_switchover" in marks:
        start, end = marks["pg_switchover"], marks["pg_settled"]
        writes, failed = window(events, "write", start, end)
        print(f"PostgreSQL switchover (took {marks['pg_switched'] - start:.1f} s; window {end - start:.1f} s): "
              f"{len(writes)} writes, {len(failed)} failed: {describe(failed)}")
        writes_recover(writes, failed, start, 30.0, "the switchover began")
        reads, rfailed = window(events, "read", start, end)
        print(f"  reads: {len(reads)}, failed: {describe(rfailed)}")

    return ok


def node_ids(node, database, table, ids):
    """The ids of `ids` that the node holds: NODE is mysql:SOCKET (a Galera
    node's own socket) or pg:PORT (a PostgreSQL node on 127.0.0.1)."""
    import subprocess
    engine, where = node.split(":", 1)
    found = set()
    ids = sorted(ids)
    for i in range(0, len(ids), 500):
        sql = f"SELECT id FROM {table} WHERE id IN ({','.join(str(x) for x in ids[i:i + 500])})"
        if engine == "mysql":
            cmd = ["mariadb", f"--socket={where}", "-uroot", "-N", "-B", database, "-e", sql]
        else:
            cmd = ["psql", "-h", "127.0.0.1", "-p", where, "-U", "postgres", "-d", database, "-tAqc", sql]
        rows = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.split()
        found.update(int(r) for r in rows)
    return found


def verify(out, base, database, nodes):
    acked = [json.loads(line) for line in open(os.path.join(out, "acked.jsonl"))]
    news = {a["id"] for a in acked if a["kind"] == "news"}
    files = [a for a in acked if a["kind"] == "attachment"]
    ok = True
    for node in nodes:
        missing_news = news - node_ids(node, database, "news", news)
        missing_files = {a["id"] for a in files} - node_ids(node, database, "attachments", {a["id"] for a in files})
        engine, where = node.split(":", 1)
        label = os.path.basename(os.path.dirname(where)) if engine == "mysql" else f"PostgreSQL :{where}"
        print(f"  {'ok' if not (missing_news or missing_files) else 'FAILED'}: node {label} has every "
              f"acknowledged news item ({len(news)}) and attachment ({len(files)})"
              + (f"; missing news {sorted(missing_news)[:10]}, attachments {sorted(missing_files)[:10]}"
                 if missing_news or missing_files else ""))
        ok &= not (missing_news or missing_files)
    c = Client(base)
    differ = []
    for a in files:
        status, body = c.request("GET", a["url"])
        if status != 200 or hashlib.sha256(body).hexdigest() != a["sha256"]:
            differ.append((a["id"], status))
    print(f"  {'ok' if not differ else 'FAILED'}: every acknowledged file ({len(files)}) downloads "
          f"byte-identical through nginx" + (f"; not: {differ[:10]}" if differ else ""))
    return ok and not differ


if __name__ == "__main__":
    if sys.argv[1] == "run":
        run(*sys.argv[2:7])
    elif sys.argv[1] == "verify":
        sys.exit(0 if verify(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]) else 1)
    elif sys.argv[1] == "judge":
        sys.exit(0 if judge(sys.argv[2], sys.argv[3]) else 1)
    else:
        sys.exit(__doc__)
