"""Ids the benchmark's public reads need, read from the running server.

    public_ids.py BASE SLUG        -> "<category id> <tag, URL-encoded> <page id>"
    public_ids.py BASE items N     -> "<site number> <news id>" lines for schools 1..N
"""

import json
import re
import sys
import urllib.parse
import urllib.request


def get(base, slug, path):
    return urllib.request.urlopen(f"{base}/api/v1/sites/{slug}{path}").read()


def ids_of_site(base, slug):
    cats = json.loads(get(base, slug, "/news/categories"))
    tags = json.loads(get(base, slug, "/news/tags"))
    pages = re.findall(rb"/pages/(\d+)<", get(base, slug, "/sitemap.xml"))
    print(
        cats[0]["id"] if cats else 0,
        urllib.parse.quote(tags[0]["name"]) if tags else "x",
        pages[0].decode() if pages else 0,
    )


def items(base, n):
    for i in range(1, n + 1):
        page = json.loads(get(base, f"school-{i:04d}", "/news?page=1&per_page=20"))
        for item in page["items"][:5]:
            print(i, item["id"])


if __name__ == "__main__":
    if sys.argv[2] == "items":
        items(sys.argv[1], int(sys.argv[3]))
    else:
        ids_of_site(sys.argv[1], sys.argv[2])
