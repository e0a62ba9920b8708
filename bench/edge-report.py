#!/usr/bin/env python3
"""bench/edge.sh's report: bench/out/edge.json and the RESULTS.md section (bench/out/edge-section.md).

usage: edge-report.py OUT_DIR UPTIME"""
import json
import re
import statistics
import subprocess
import sys
from collections import Counter

out, uptime = sys.argv[1], sys.argv[2]
# edge.conf's `edge` log_format: $msec $status $upstream_cache_status "$request_method $request_uri" ...
LINE = re.compile(r'^\S+ (\d{3}) (\S+) "(\S+) (\S+)" \S+ "([^"]*)"')
PUBLIC = re.compile(r"^/v1/(users/[^/?]+(/posts)?|posts/\d+)(\?.*)?$")
ABSORBED = {"HIT", "UPDATING", "STALE"}


def budgets():
    """slo.yaml's staleness budgets in seconds."""
    import yaml  # python3-yaml, as Debian ships it
    units = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}
    parsed = {}
    for kind, text in yaml.safe_load(open("slo.yaml"))["staleness"].items():
        parsed[kind] = sum(float(n) * units[u] for n, u in re.findall(r"(\d+(?:\.\d+)?)(ms|s|m|h|d)", str(text)))
    return parsed


def run(name):
    load = json.load(open(f"{out}/edge-{name}-load.json"))
    before, after = (int(x) for x in open(f"{out}/edge-{name}-origin.txt").read().split())
    seconds = load["durationSeconds"]
    writes = [json.loads(l) for l in open(f"{out}/edge-{name}-staleness.jsonl") if l.strip()]
    staleness = {}
    for endpoint in sorted({w["endpoint"] for w in writes}):
        seen = [w["seenAfterSeconds"] for w in writes if w["endpoint"] == endpoint]
        shown = [s for s in seen if s is not None]
        budget = next(w["budget"] for w in writes if w["endpoint"] == endpoint)
        staleness[endpoint] = {"budget": budget, "budgetSeconds": BUDGETS[budget], "writes": len(seen), "neverShown": len(seen) - len(shown),
                               "p50Seconds": round(statistics.median(shown), 2) if shown else None,
                               "maxSeconds": round(max(shown), 2) if shown else None,
                               "withinBudget": bool(shown) and len(shown) == len(seen) and max(shown) <= BUDGETS[budget]}
    return {"requests": load["requests"], "errors": load["errors"], "shed": load.get("shed", 0), "durationSeconds": seconds,
            "requestsPerSecond": load["requestsPerSecond"],
            "endpoints": {k: {"requests": v["requests"], "p50Ms": v["p50Ms"], "p99Ms": v["p99Ms"]} for k, v in load["endpoints"].items()},
            "originRequests": after - before, "originRequestsPerSecond": round((after - before) / seconds, 1), "staleness": staleness}


BUDGETS = budgets()
statuses = Counter()
for line in open(f"{out}/edge-access.log"):
    m = LINE.match(line)
    if m and m.group(3) == "GET" and PUBLIC.match(m.group(4)):
        statuses[m.group(2)] += 1
public = sum(statuses.values())
absorbed = sum(n for s, n in statuses.items() if s in ABSORBED)
edge, direct = run("edge"), run("direct")
saved = 1 - edge["originRequestsPerSecond"] / direct["originRequestsPerSecond"] if direct["originRequestsPerSecond"] else None
within = all(s["withinBudget"] for s in edge["staleness"].values()) and bool(edge["staleness"])
tree = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
report = {"tree": tree, "uptime": uptime, "publicReadsAtEdge": public, "cacheStatus": dict(statuses.most_common()),
          "absorbedShare": round(absorbed / public, 4) if public else None,
          "revalidatedShare": round(statuses["REVALIDATED"] / public, 4) if public else None,
          "originLoadSaved": round(saved, 4) if saved is not None else None,
          "edge": edge, "direct": direct,
          "targetMet": bool(public) and absorbed / public >= 0.8 and within}
json.dump(report, open(f"{out}/edge.json", "w"), indent=2)

pct = lambda x: "n/a" if x is None else f"{x * 100:.1f} %"
rows = "\n".join(f"| {e} | {s['budget']} ({s['budgetSeconds']:.0f} s) | {s['writes']} | {s['p50Seconds']} s | {s['maxSeconds']} s | "
                 f"{direct['staleness'].get(e, {}).get('maxSeconds')} s | {'yes' if s['withinBudget'] else '**no**'} |"
                 for e, s in edge["staleness"].items())
section = f"""### Edge cache, DATE (`bash bench/edge.sh`, tree {tree}, load: {uptime.split('load average:')[-1].strip()})

nginx with deploy/nginx/edge.conf in front of `stadium up --cluster` (PostgreSQL + Redis, the gateway), a Zipf mix
of public reads (profiles 45 %, posts 45 %, users' post lists 10 %) at {edge['requestsPerSecond']:.0f} req/s for
{edge['durationSeconds']:.0f} s, then the same straight to the gateway (after an unmeasured warm-up straight to the gateway).

| | through the edge | straight to the gateway |
|---|---|---|
| answered req/s (errors, shed) | {edge['requestsPerSecond']:.0f} ({edge['errors']}, {edge['shed']}) | {direct['requestsPerSecond']:.0f} ({direct['errors']}, {direct['shed']}) |
| requests reaching the gateway /s | {edge['originRequestsPerSecond']} | {direct['originRequestsPerSecond']} |
{chr(10).join(f"| {k} p50 / p99 | {v['p50Ms']} / {v['p99Ms']} ms | {direct['endpoints'].get(k, {}).get('p50Ms')} / {direct['endpoints'].get(k, {}).get('p99Ms')} ms |" for k, v in edge['endpoints'].items())}

Absorbed at the edge (HIT, UPDATING or STALE): **{pct(report['absorbedShare'])}** of {public:,} public reads
(target >= 80 %); revalidated with a 304: {pct(report['revalidatedShare'])}; X-Cache-Status counts: {dict(statuses.most_common())}.
Origin load saved: **{pct(report['originLoadSaved'])}**.

| endpoint | staleness budget | writes | shown after (p50) | (max) | max without the edge | within budget |
|---|---|---|---|---|---|---|
{rows}

Target met: {'yes' if report['targetMet'] else '**no**'}. WHAT IT SHOWS: (to be written from the run).
"""
open(f"{out}/edge-section.md", "w").write(section)
print(json.dumps({k: v for k, v in report.items() if k not in ("edge", "direct")}, indent=2))
print(section)
