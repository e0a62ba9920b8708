#!/usr/bin/env bash
# The chaos matrix: every experiment of chaos/ run by `stadium chaos run` against its own `up --cluster --chaos`
# (3 API nodes, 1 worker, 1 replica, Redis; each file's `cluster:` says so), one after the other, and a table of the
# verdicts in bench/out/chaos/table.md (to be copied into bench/RESULTS.md with the date and the commit). Per
# experiment: passed, hypothesis before/during/after, acknowledged writes and those lost, unacknowledged writes and
# how they resolved, jobs done twice, each fault's availability while it lasted and its recovery to the SLO.
# The targets (docs/chaos.md): 0 acknowledged writes lost, 0 jobs lost or done twice in effect, feed availability
# >= 99.9 % during faults that leave a replica or the cache standing, back within the SLO <= 30 s after each fault.
#
# env: ONLY (space-separated experiment names, default all), DURATION (caps each experiment's load; default: the file's)
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/Stadium -c Release -v q -nologo >/dev/null
stadium="dotnet src/Stadium/bin/Release/net10.0/stadium.dll"
out=bench/out/chaos
mkdir -p "$out"
experiments=${ONLY:-node-kill db-latency primary-down redis-down db-loss replica-lag worker-kill login-storm}
for name in $experiments; do
  echo "== $name"
  file=chaos/$name.yaml
  if [ -n "${DURATION:-}" ]; then
    # The file with its load capped: a quick pass over the matrix.
    python3 - "$file" "$DURATION" >"$out/$name.yaml" <<'PY'
import sys
text = open(sys.argv[1]).read()
print(text.replace("load:\n", f"load:\n  duration: {sys.argv[2]}\n", 1))
PY
    file=$out/$name.yaml
  fi
  $stadium chaos run "$file" --out "$out/$name.json" --report "$out/$name.html" >"$out/$name.log" 2>&1 || true
  tail -n 3 "$out/$name.log"
done

python3 - "$out" $experiments >"$out/table.md" <<'PY'
import json, os, sys
out, names = sys.argv[1], sys.argv[2:]
print("| experiment | passed | hypothesis b/d/a | writes acked / lost | unacked: once / not / twice / after error | jobs twice | availability in fault | feed availability in fault | recovery |")
print("|---|---|---|---|---|---|---|---|---|")
def feed_availability(r, fault):
    # The feed's own answers in the fault's seconds (the target: >= 99.9 % while a replica or the cache stands).
    load = r.get("load")
    if not load or not fault.get("startedAt") or not fault.get("endedAt"):
        return "-"
    from datetime import datetime
    t = lambda s: datetime.fromisoformat(s[:26] + s[-6:] if len(s) > 32 else s)
    start = (t(fault["startedAt"]) - t(load["startedAt"])).total_seconds()
    end = (t(fault["endedAt"]) - t(load["startedAt"])).total_seconds()
    buckets = [b["endpoints"].get("feed") for b in load["timeline"] if b["second"] > int(start) and b["second"] - 1 < end]
    requests = sum(b["requests"] for b in buckets if b)
    errors = sum(b["errors"] for b in buckets if b)
    # Answers marked Stadium-Degraded (served stale) count as available; how many there were is said beside.
    degraded = sum(b.get("degraded", 0) for b in buckets if b)
    return "-" if requests == 0 else f"{1 - errors / requests:.2%} of {requests}" + (f" ({degraded} stale)" if degraded else "")
def verdict(check):
    return "-" if check is None else ("met" if all(p["passed"] for p in check["probes"]) else "NOT met")
for name in names:
    path = os.path.join(out, name + ".json")
    if not os.path.exists(path):
        print(f"| {name} | no results (see {name}.log) | | | | | | | |")
        continue
    r = json.load(open(path))
    h = r["hypothesis"]
    during = " ".join(verdict(d) for d in h["during"]) or "-"
    w = r.get("writes") or {}
    j = r.get("jobs") or {}
    faults = r.get("faults") or []
    avail = ", ".join("-" if f.get("availability") is None else f"{f['availability']:.2%}" for f in faults) or "-"
    feed = ", ".join(feed_availability(r, f) for f in faults) or "-"
    rec = ", ".join("never" if f.get("recoverySeconds") is None else f"{f['recoverySeconds']:.0f} s" for f in faults) or "-"
    writes = f"{w.get('acknowledged', '-')} / {w.get('lost', '-')}"
    unacked = f"{w.get('appliedOnce', '-')} / {w.get('notApplied', '-')} / {w.get('appliedTwice', '-')} / {w.get('failedApplied', '-')}"
    twice = "-" if not j else j["duplicates"] + j["duplicateDeliveries"]
    print(f"| {name} | {'yes' if r['passed'] else 'no'} | {verdict(h['before'])} / {during} / {verdict(h['after'])} | {writes} | {unacked} | {twice} | {avail} | {feed} | {rec} |")
PY
cat "$out/table.md"
