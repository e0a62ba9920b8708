#!/usr/bin/env bash
# The open model's dispatch floor: corrected latency at modest fixed rates against a fast local endpoint
# (bare Kestrel /json, `stadium ceiling`), for two builds of stadium side by side in one run, rounds
# alternating. What a fast endpoint answers in ~0.1-0.3 ms (the service time) should not read as
# milliseconds in the corrected figure: the difference is the generator's own lateness.
#
#   bash bench/dispatch-floor.sh BEFORE_DIR AFTER_DIR [rounds]
#
# BEFORE_DIR / AFTER_DIR hold a built stadium (e.g. `git worktree add /tmp/before <commit>` and
# `dotnet build src/Stadium -c Release`, then .../src/Stadium/bin/Release/net10.0).
set -euo pipefail
before=$1; after=$2; rounds=${3:-3}
port=5093
url="http://127.0.0.1:$port/json"
export DOTNET_TieredPGO=1
"$after/stadium" ceiling --port "$port" > /tmp/dispatch-floor-ceiling.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "$url" >/dev/null && break; sleep 0.2; done
"$after/stadium" load url "$url" -c 64 -d 3s -q   # warm-up

run() { # label dir rate
  local out=/tmp/dispatch-floor.json cpu=/tmp/dispatch-floor.cpu
  /usr/bin/time -o "$cpu" -f "%U %S" "$2/stadium" load url "$url" -c 64 -d 5s --rate "$3" -q --out "$out" >/dev/null 2>&1
  python3 - "$1" "$3" "$out" "$cpu" "$(cut -d' ' -f1 /proc/loadavg)" <<'PY'
import json, sys
label, rate, out, cpu, load = sys.argv[1:]
d = json.load(open(out)); e = d["overall"]
user, system = map(float, open(cpu).read().split())
print(f"| {label} | {rate} | {load} | {d['requests']:,} | {e['p50Ms']:.3f} | {e['p90Ms']:.3f} | {e['p99Ms']:.3f} | {e['uncorrectedP50Ms']:.3f} | {(user + system) / d['requests'] * 1e6:.0f} us |")
PY
}

echo "| build | rate /s | load avg | requests | corrected p50 ms | corrected p90 ms | corrected p99 ms | service p50 ms | generator CPU per request |"
echo "|---|---|---|---|---|---|---|---|---|"
for round in $(seq 1 "$rounds"); do
  for rate in 200 1000 30000; do
    if (( round % 2 )); then run before "$before" "$rate"; run after "$after" "$rate"
    else run after "$after" "$rate"; run before "$before" "$rate"; fi
  done
done
