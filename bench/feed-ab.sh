#!/usr/bin/env bash
# Same-run A/B of the feed read cost: two builds (a git ref and the work tree) serve copies of one
# seeded data folder side by side and are measured alternately with the same wrk settings, so both
# see the same (shared, noisy) machine. Reports requests/s and server CPU per request for each round.
#
# usage: bench/feed-ab.sh BEFORE_REF [USERS] [ROUNDS]      e.g. bench/feed-ab.sh fb3edc3 100000 3
set -euo pipefail
cd "$(dirname "$0")/.."
ref=${1:?usage: bench/feed-ab.sh BEFORE_REF [USERS] [ROUNDS]}; users=${2:-100000}; rounds=${3:-3}
out=bench/out; ab=$out/ab; mkdir -p "$ab"
duration=${DURATION:-8s}; connections=${CONNECTIONS:-64}
export DOTNET_TieredPGO=1
# Capacity, not limits: one token is driven at thousands of requests/s, so the API's inbound rate limits
# (docs/protection.md) are switched off for the servers this script starts.
export Stadium__Protection__RateLimits__Enabled=false

# The older build lives outside this tree: this tree's .editorconfig would otherwise apply to it.
before_src=$(mktemp -d)/before-src; git worktree add -f -q --detach "$before_src" "$ref"
trap 'kill $(jobs -p) 2>/dev/null || true; git worktree remove --force "$before_src" 2>/dev/null || true' EXIT
dotnet build "$before_src/src/Stadium" -c Release -v q -nologo >/dev/null
dotnet build src/Stadium -c Release -v q -nologo >/dev/null
after="dotnet src/Stadium/bin/Release/net10.0/stadium.dll"
before="dotnet $before_src/src/Stadium/bin/Release/net10.0/stadium.dll"

# Each build seeds its own folder (the seed is deterministic; a newer build may have a newer schema
# the older one refuses), with one signing key, so the same tokens work on both.
rm -rf "$ab/data-before" "$ab/data-after"; mkdir -p "$ab/data-before" "$ab/data-after"
head -c 64 /dev/urandom | base64 -w0 > "$ab/data-after/signing.key"; cp "$ab/data-after/signing.key" "$ab/data-before/signing.key"
chmod 600 "$ab/data-before/signing.key" "$ab/data-after/signing.key"
$before seed --users "$users" --data "$ab/data-before" | tail -n 1
$after seed --users "$users" --data "$ab/data-after" | tail -n 1
$after tokens --data "$ab/data-after" --count 5000 --population "$users" > "$ab/tokens.txt"

wait_ready() { for _ in $(seq 1 600); do curl -sf "$1" >/dev/null && return 0; sleep 0.5; done; echo "not ready: $1" >&2; return 1; }
cpu_seconds() { awk '{ printf "%.3f", ($14 + $15) / 100 }' "/proc/$1/stat"; }
$before serve --data "$ab/data-before" --port 18180 > "$ab/before.log" 2>&1 & pid_before=$!
$after serve --data "$ab/data-after" --port 18181 > "$ab/after.log" 2>&1 & pid_after=$!
wait_ready http://127.0.0.1:18180/health/ready; wait_ready http://127.0.0.1:18181/health/ready
for port in 18180 18181; do TOKENS="$ab/tokens.txt" wrk -t1 -c16 -d15s -s bench/feed-tokens.lua "http://127.0.0.1:$port" >/dev/null; done

measure() { # name pid port
  local c0 c1 summary; c0=$(cpu_seconds "$2")
  summary=$(TOKENS="$ab/tokens.txt" wrk -t1 -c"$connections" -d"$duration" --latency -s bench/feed-tokens.lua "http://127.0.0.1:$3" | python3 bench/wrk-summary.py)
  c1=$(cpu_seconds "$2")
  python3 -c "import json,sys; d=json.loads(sys.argv[1]); print(json.dumps({'build': sys.argv[4], 'rps': round(d['rps']), 'p99Ms': d['p99Ms'], 'non2xx': d['non2xx'], 'cpuUsPerRequest': round((float(sys.argv[3])-float(sys.argv[2]))*1e6/max(1,d['requests']),1)}))" "$summary" "$c0" "$c1" "$1"
}
for round in $(seq 1 "$rounds"); do
  # Alternate which build goes first, so neither always gets the warmer (or noisier) slot.
  if (( round % 2 )); then measure "before ($ref)" $pid_before 18180; measure after $pid_after 18181
  else measure after $pid_after 18181; measure "before ($ref)" $pid_before 18180; fi
done | tee "$ab/results.jsonl"
echo "load average: $(uptime | sed 's/.*load average: //')"
