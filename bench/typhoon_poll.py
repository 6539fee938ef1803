"""Typhoon morning: when is a city-wide announcement in every school's homepage?

    typhoon_poll.py BASE SITES NOTICE PUBLISHED_MS

Polls the homepages of 50 random schools (one request each per round) until
each shows NOTICE, and prints how long after PUBLISHED_MS (epoch ms) the last
one did, as JSON. Gives up after 30 s.
"""

import json
import random
import sys
import time
import urllib.request

base, sites, notice, published = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
random.seed(7)
sample = random.sample(range(1, sites + 1), min(50, sites))
seen = {}
deadline = time.time() + 30
while len(seen) < len(sample) and time.time() < deadline:
    for i in sample:
        if i in seen:
            continue
        body = urllib.request.urlopen(f"{base}/api/v1/sites/school-{i:04d}/homepage").read().decode()
        if notice in body:
            seen[i] = int(time.time() * 1000) - published
    time.sleep(0.05)
print(json.dumps({"sampled": len(sample), "seen": len(seen), "max_ms": max(seen.values(), default=None)}))
