#!/usr/bin/env bash
# What request deadlines cost on the hottest path: the cached feed, read by two nodes of this build on
# copies of one seeded data folder, one with deadlines (the default) and one with
# Stadium:Protection:Deadlines:Enabled=false, measured alternately with the same wrk settings so both see
# the same (shared, noisy) machine. Reports requests/s, p99 and server CPU per request for each round;
# results in bench/out/deadlines/results.jsonl.
#
# usage: bench/deadlines.sh [USERS] [ROUNDS]      env: DURATION (8s), CONNECTIONS (64), PORT_BASE (18280)
set -euo pipefail
cd "$(dirname "$0")/.."
users=${1:-10000}; rounds=${2:-3}
out=bench/out/deadlines; mkdir -p "$out"
duration=${DURATION:-8s}; connections=${CONNECTIONS:-64}; base=${PORT_BASE:-18280}
export DOTNET_TieredPGO=1
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT

dotnet build src/Stadium -c Release -v q -nologo >/dev/null
stadium="dotnet src/Stadium/bin/Release/net10.0/stadium.dll"
rm -rf "$out/data-on" "$out/data-off"; mkdir -p "$out/data-on"
# One signing key, written before the seed, so the copy shares it and the same tokens work on both nodes.
head -c 64 /dev/urandom | base64 -w0 > "$out/data-on/signing.key"; chmod 600 "$out/data-on/signing.key"
$stadium seed --users "$users" --data "$out/data-on" | tail -n 1
cp -r "$out/data-on" "$out/data-off"
$stadium tokens --data "$out/data-on" --count 5000 --population "$users" > "$out/tokens.txt"

wait_ready() { for _ in $(seq 1 600); do curl -sf "$1" >/dev/null && return 0; sleep 0.5; done; echo "not ready: $1" >&2; return 1; }
cpu_seconds() { awk '{ printf "%.3f", ($14 + $15) / 100 }' "/proc/$1/stat"; }
$stadium serve --data "$out/data-on" --port "$base" > "$out/on.log" 2>&1 & pid_on=$!
Stadium__Protection__Deadlines__Enabled=false $stadium serve --data "$out/data-off" --port $((base + 1)) > "$out/off.log" 2>&1 & pid_off=$!
wait_ready "http://127.0.0.1:$base/health/ready"; wait_ready "http://127.0.0.1:$((base + 1))/health/ready"
for port in "$base" $((base + 1)); do TOKENS="$out/tokens.txt" wrk -t1 -c16 -d10s -s bench/feed-tokens.lua "http://127.0.0.1:$port" >/dev/null; done

measure() { # name pid port
  local c0 c1 summary; c0=$(cpu_seconds "$2")
  summary=$(TOKENS="$out/tokens.txt" wrk -t1 -c"$connections" -d"$duration" --latency -s bench/feed-tokens.lua "http://127.0.0.1:$3" | python3 bench/wrk-summary.py)
  c1=$(cpu_seconds "$2")
  python3 -c "import json,sys; d=json.loads(sys.argv[1]); print(json.dumps({'deadlines': sys.argv[4], 'rps': round(d['rps']), 'p99Ms': d['p99Ms'], 'non2xx': d['non2xx'], 'cpuUsPerRequest': round((float(sys.argv[3])-float(sys.argv[2]))*1e6/max(1,d['requests']),1)}))" "$summary" "$c0" "$c1" "$1"
}
for round in $(seq 1 "$rounds"); do
  # Alternate which node goes first, so neither always gets the warmer (or noisier) slot.
  if (( round % 2 )); then measure on $pid_on "$base"; measure off $pid_off $((base + 1))
  else measure off $pid_off $((base + 1)); measure on $pid_on "$base"; fi
done | tee "$out/results.jsonl"
echo "load average: $(uptime | sed 's/.*load average: //')"
