#!/usr/bin/env python3
"""Reads Buildbot's REST API for ops/ci/test-pipeline.sh (logging in first,
as every endpoint is behind the password):

  bb.py URL USER PASSWORD builds BUILDER     JSON list: number, complete, results, revision
  bb.py URL USER PASSWORD workers            number of connected workers
  bb.py URL USER PASSWORD log BUILDER NUMBER every step's stdio log, in order
"""
import http.cookiejar
import json
import sys
import urllib.error
import urllib.request
from base64 import b64encode


def main():
    url, user, password, what, *rest = sys.argv[1:]
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    auth = b64encode(f"{user}:{password}".encode()).decode()
    opener.open(urllib.request.Request(f"{url}/auth/login", headers={"Authorization": f"Basic {auth}"}), timeout=10).read()

    def get(path, raw=False):
        try:
            with opener.open(f"{url}/api/v2/{path}", timeout=10) as r:
                body = r.read()
        except urllib.error.HTTPError as e:
            sys.exit(f"bb.py: {path}: HTTP {e.code}: {e.read()[:300]!r}")
        return body.decode(errors="replace") if raw else json.loads(body)

    if what == "builds":
        builds = get(f"builders/{rest[0]}/builds?order=number&property=got_revision")["builds"]
        out = []
        for b in builds:
            rev = (b.get("properties") or {}).get("got_revision", [None])[0]
            out.append({"number": b["number"], "complete": b["complete"], "results": b["results"], "revision": rev})
        print(json.dumps(out))
    elif what == "workers":
        workers = get("workers")["workers"]
        print(sum(1 for w in workers if w.get("connected_to")))
    elif what == "log":
        builder, number = rest
        steps = get(f"builders/{builder}/builds/{number}/steps")["steps"]
        for s in steps:
            logs = get(f"steps/{s['stepid']}/logs")["logs"]
            for lg in logs:
                if lg["slug"] == "stdio":
                    print(f"=== step {s['name']}")
                    print(get(f"logs/{lg['logid']}/raw", raw=True))
    else:
        sys.exit(f"unknown request {what}")


if __name__ == "__main__":
    main()
