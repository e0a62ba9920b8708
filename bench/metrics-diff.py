#!/usr/bin/env python3
"""Reads two /metrics scrapes (before, after) and prints, as JSON, what happened between them:
the share of GET /v1/feed answered without a store call (bucket le="0" of stadium_downstream_calls,
kind="store") and the share of database reads served by replicas (stadium_db_reads_total by role)."""
import json, re, sys

LINE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+([0-9.eE+-]+|NaN)')

def parse(path):
    samples = []
    for line in open(path):
        m = LINE.match(line)
        if m:
            labels = dict(re.findall(r'(\w+)="([^"]*)"', m.group(2) or ""))
            samples.append((m.group(1), labels, float(m.group(3))))
    return samples

def total(samples, name, **want):
    return sum(v for n, l, v in samples if n == name and all(l.get(k) == x for k, x in want.items()))

before, after = parse(sys.argv[1]), parse(sys.argv[2])
def delta(name, **want): return total(after, name, **want) - total(before, name, **want)

feed = dict(http_route="/v1/feed", kind="store")
requests = delta("stadium_downstream_calls_count", **feed)
no_store = delta("stadium_downstream_calls_bucket", le="0", **feed)
primary = delta("stadium_db_reads_total", role="primary")
replica = delta("stadium_db_reads_total", role="replica")
reads = primary + replica
print(json.dumps({
    "feedRequests": int(requests),
    "feedWithoutStoreCall": int(no_store),
    "feedWithoutStoreShare": round(no_store / requests, 4) if requests else None,
    "dbReadsPrimary": int(primary),
    "dbReadsReplica": int(replica),
    "replicaReadShare": round(replica / reads, 4) if reads else None,
}))
