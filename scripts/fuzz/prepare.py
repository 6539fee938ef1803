"""Writes the document the fuzzer reads: the committed OpenAPI document with
`{site}` limited to the demo school and, for reads by id, the id of a real
row (so those reads are reached instead of answering 404 to random ids;
writes and deletes keep generated ids). Narrows inputs only: responses are
checked against the committed schemas unchanged.

    prepare.py BASE_URL ADMIN_TOKEN OUT
"""
import json
import sys
import urllib.request

base, admin_token, out = sys.argv[1:4]


def get(path):
    req = urllib.request.Request(base + path, headers={"Authorization": f"Bearer {admin_token}"})
    return json.load(urllib.request.urlopen(req, timeout=30))


def first_id(body):
    """The id of the first row of a list response (an array, or an object
    holding one under `items` or the first list-valued field)."""
    if isinstance(body, dict):
        rows = body.get("items")
        if rows is None:
            rows = next((v for v in body.values() if isinstance(v, list)), [])
    else:
        rows = body
    return rows[0]["id"]


site = "/api/v1/sites/demo"
real_ids = {
    "/api/v1/sites/{site}/news/{id}": first_id(get(f"{site}/manage/news")),
    "/api/v1/sites/{site}/pages/{id}": first_id(get(f"{site}/manage/pages")),
    "/api/v1/sites/{site}/users/{id}": first_id(get(f"{site}/users")),
    "/api/v1/sites/{site}/users/{id}/rights": first_id(get(f"{site}/users")),
    "/api/v1/sites/{site}/news/categories/{id}.rss": first_id(get(f"{site}/news/categories")),
}

doc = json.load(open("openapi/openapi.json"))
for path, item in doc["paths"].items():
    for method, op in item.items():
        if not isinstance(op, dict):
            continue
        for p in op.get("parameters", []):
            if p.get("in") != "path":
                continue
            if p["name"] == "site":
                p["schema"] = {"type": "string", "enum": ["demo"]}
            elif p["name"] == "id" and method == "get" and path in real_ids:
                p["schema"] = {"type": "integer", "format": "int64", "enum": [real_ids[path]]}
json.dump(doc, open(out, "w"))
