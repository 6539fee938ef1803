"""Reads the fuzzer's HAR record of one role's run and fails when an
operation listed for that role in expect-2xx.txt never answered 2xx (so a
run of 401s cannot pass), or when an operation of the document was never
called. Prints what each role reached.

    check.py OPENAPI_JSON HAR ROLE EXPECT_FILE [--excluded REGEX] [--anonymous] [--list]

With --anonymous (a run without credentials), a 2xx from any operation the
document says needs a token also fails: a rule must never fail open.
"""
import json
import re
import sys
from urllib.parse import urlsplit

doc_path, har_path, role, expect_path = sys.argv[1:5]
doc = json.load(open(doc_path))
operations = {}
needs_token = set()
for path, item in doc["paths"].items():
    pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path))
    for method, op in item.items():
        if method in ("get", "post", "put", "patch", "delete"):
            operations[(method.upper(), path)] = re.compile(f"^{pattern}$")
            security = op.get("security")
            if security and {} not in security:
                needs_token.add((method.upper(), path))


def operation_of(method, url_path):
    # Literal paths win over templated ones (`/links/homepage` before `/links/{id}`).
    matches = [p for (m, p), rx in operations.items() if m == method and rx.match(url_path)]
    return min(matches, key=lambda p: p.count("{"), default=None)


statuses = {}
for entry in json.load(open(har_path))["log"]["entries"]:
    method = entry["request"]["method"]
    path = operation_of(method, urlsplit(entry["request"]["url"]).path)
    if path:
        statuses.setdefault((method, path), set()).add(entry["response"]["status"])

expected = []
for line in open(expect_path):
    line = line.split("#", 1)[0].split()
    if len(line) == 3 and line[0] == role:
        expected.append((line[1], line[2]))

problems = []
for op in expected:
    if op not in operations:
        problems.append(f"listed but not in the document: {' '.join(op)}")
    elif not any(200 <= s < 300 for s in statuses.get(op, ())):
        problems.append(f"no 2xx: {' '.join(op)} got {sorted(statuses.get(op, ())) or 'no call'}")
excluded = sys.argv[sys.argv.index("--excluded") + 1] if "--excluded" in sys.argv else None
never_called = [op for op in operations if op not in statuses
                and not (excluded and re.search(excluded, op[1]))]
reached = sorted(op for op, s in statuses.items() if any(200 <= x < 300 for x in s))
print(f"{role}: {len(statuses)}/{len(operations)} operations called, "
      f"{len(reached)} answered 2xx, {len(expected)} listed must")
if "--list" in sys.argv:
    for m, p in reached:
        print(f"{role} {m} {p}")
if "--anonymous" in sys.argv:
    for op in sorted(needs_token):
        if any(200 <= x < 300 for x in statuses.get(op, ())):
            problems.append(f"2xx without a token: {' '.join(op)}")
for op in never_called:
    problems.append(f"never called: {' '.join(op)}")
for p in problems:
    print(f"  {role}: {p}")
sys.exit(1 if problems else 0)
