#!/usr/bin/env bash
# Gateway benchmark, two parts, results in bench/out/gateway-*.json (RESULTS.md is written by hand from them):
#  (a) overhead: the same public read at the same open-model rate straight to one node and through the gateway,
#      alternated in one run: requests/s and p99 of each. Target: the gateway adds at most 1 ms at p99 below
#      saturation (RATE should be well under one node's peak; bench/feed.sh measures that peak).
#  (b) node kill: three nodes behind the gateway under load, `kill -9` of one: failed requests (only those in flight
#      on it should fail: reads are retried on another node), and time until the gateway stops sending to it.
#
# usage: bench/gateway.sh        env: USERS (2000) RATE (1000 req/s) DURATION (20s) CONNECTIONS (64) ROUNDS (3)
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out; mkdir -p "$out"
dotnet build src/Stadium -c Release -v q -nologo >/dev/null
stadium="dotnet src/Stadium/bin/Release/net10.0/stadium.dll"
users=${USERS:-2000}; rate=${RATE:-1000}; duration=${DURATION:-20s}; connections=${CONNECTIONS:-64}; rounds=${ROUNDS:-3}
# Capacity, not limits: one client address drives thousands of requests/s.
export Stadium__Protection__RateLimits__Enabled=false Stadium__Gateway__RateLimits__Enabled=false
export Stadium__Gateway__Affinity__Enabled=false

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
wait_ready() { for _ in $(seq 1 600); do curl -sf "$1" >/dev/null && return 0; sleep 0.5; done; echo "not ready: $1" >&2; return 1; }
# One open-model run (latency from each request's intended start): {"rps", "p50Ms", "p99Ms", "errors"}.
load() {
  $stadium load url "$1" --rate "$rate" --duration "$2" --connections "$connections" --out "$out/gateway-run.json" --quiet >/dev/null || true
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); e=next(iter(d['endpoints'].values())); print(json.dumps({'rps': d['requestsPerSecond'], 'p50Ms': e['p50Ms'], 'p99Ms': e['p99Ms'], 'errors': d['errors']}))" "$out/gateway-run.json"
}

data="$out/gateway-data"
echo "== seeding $users users (reused when present)"
$stadium seed --users "$users" --data "$data" | tail -n 1
node() { # node NAME PORT: a read-only copy of the data per node (SQLite is one file; nodes must not share its writer)
  rm -rf "$out/gateway-$1"; cp -r "$data" "$out/gateway-$1"
  $stadium serve --data "$out/gateway-$1" --port "$2" --no-workers > "$out/gateway-$1.log" 2>&1 &
  pids+=($!); wait_ready "http://127.0.0.1:$2/health/ready"
}
gateway() { # gateway PORT URL...
  local port=$1; shift; local i=0; local env=()
  for url in "$@"; do env+=("Stadium__Gateway__Destinations__$i=$url"); i=$((i + 1)); done
  env "${env[@]}" $stadium gateway --port "$port" > "$out/gateway-gateway-$port.log" 2>&1 &
  pids+=($!); wait_ready "http://127.0.0.1:$port/health/ready"
}
path="/v1/users/user1"

echo "== (a) overhead: straight to a node vs through the gateway, $rate req/s, $rounds rounds of $duration each"
node n1 18301
gateway 18300 http://127.0.0.1:18301
load "http://127.0.0.1:18301$path" 5s >/dev/null; load "http://127.0.0.1:18300$path" 5s >/dev/null   # warm-up
direct=(); through=()
for round in $(seq 1 "$rounds"); do
  direct+=("$(load "http://127.0.0.1:18301$path" "$duration")"); echo "direct  $round: ${direct[-1]}"
  through+=("$(load "http://127.0.0.1:18300$path" "$duration")"); echo "gateway $round: ${through[-1]}"
done
python3 - "$rate" "$(IFS='|'; echo "${direct[*]}")" "$(IFS='|'; echo "${through[*]}")" "$(uptime)" <<'PY' | tee "$out/gateway-overhead.json"
import json, statistics, sys
rate, direct, through, uptime = sys.argv[1], [json.loads(x) for x in sys.argv[2].split('|')], [json.loads(x) for x in sys.argv[3].split('|')], sys.argv[4]
med = lambda runs, k: statistics.median(r[k] for r in runs)
print(json.dumps({"rate": int(rate), "direct": direct, "gateway": through,
  "p99AddedMs": round(med(through, "p99Ms") - med(direct, "p99Ms"), 3), "p50AddedMs": round(med(through, "p50Ms") - med(direct, "p50Ms"), 3),
  "targetMet": med(through, "p99Ms") - med(direct, "p99Ms") <= 1.0, "uptime": uptime}, indent=2))
PY
cleanup; pids=()

echo "== (b) node kill: three nodes behind the gateway at $rate req/s, kill -9 of node-2 a third into the run"
node k1 18311; node k2 18312; node k3 18313
killed_pid=${pids[1]}
gateway 18310 http://127.0.0.1:18311 http://127.0.0.1:18312 http://127.0.0.1:18313
load "http://127.0.0.1:18310$path" 5s >/dev/null
seconds=${duration%s}
load "http://127.0.0.1:18310$path" "$duration" > "$out/gateway-kill-load.json" &
loader=$!
sleep "$(python3 -c "print($seconds / 3)")"
before=$(curl -s http://127.0.0.1:18310/metrics | python3 -c "import sys,re; print(sum(float(l.split()[-1]) for l in sys.stdin if l.startswith('stadium_gateway_requests_total') and 'node=\"node-2\"' in l))")
kill -9 "$killed_pid"
killed_at=$(date +%s.%N)
# When the gateway stopped sending to node-2: its request count stops growing and it is marked unhealthy.
out_at=""
for _ in $(seq 1 300); do
  if curl -s http://127.0.0.1:18310/gateway/destinations | python3 -c "import json,sys; sys.exit(0 if any(d['name']=='node-2' and not d['healthy'] for d in json.load(sys.stdin)) else 1)"; then
    out_at=$(date +%s.%N); break
  fi
  sleep 0.05
done
wait "$loader" || true
after=$(curl -s http://127.0.0.1:18310/metrics | python3 -c "import sys,re; print(sum(float(l.split()[-1]) for l in sys.stdin if l.startswith('stadium_gateway_requests_total') and 'node=\"node-2\"' in l))")
retries=$(curl -s http://127.0.0.1:18310/metrics | grep '^stadium_gateway_retries_total' || true)
python3 - "$(cat "$out/gateway-kill-load.json")" "$killed_at" "${out_at:-0}" "$before" "$after" "$retries" "$(uptime)" <<'PY' | tee "$out/gateway-kill.json"
import json, sys
load, killed, out, before, after, retries, uptime = json.loads(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), sys.argv[6], sys.argv[7]
print(json.dumps({"load": load, "failedRequests": load["errors"], "answersFromNode2AfterKill": after - before,
  "msUntilOutOfRotation": round((out - killed) * 1000) if out else None, "retries": retries.splitlines(), "uptime": uptime}, indent=2))
PY
