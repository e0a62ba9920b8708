#!/usr/bin/env bash
# Feed benchmark: cached GET /v1/feed for many authenticated users versus a bare Kestrel /json,
# same wrk settings, same run. Results go to bench/out/feed-*.json; RESULTS.md is written by hand
# from them (ratios, not absolute numbers: this machine is shared and noisy).
#
# usage: bench/feed.sh [USERS...]      default: 100000 (also try: 10000 100000 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
populations=("${@:-100000}")
out=bench/out; mkdir -p "$out"
dotnet build src/Stadium -c Release -v q -nologo >/dev/null
stadium="dotnet src/Stadium/bin/Release/net10.0/stadium.dll"
threads=${THREADS:-1}; connections=${CONNECTIONS:-64}; duration=${DURATION:-15s}
export DOTNET_TieredPGO=1
# Capacity, not limits: one token is driven at thousands of requests/s, so the API's inbound rate limits
# (docs/protection.md) are switched off for the servers this script starts.
export Stadium__Protection__RateLimits__Enabled=false

wait_ready() { for _ in $(seq 1 600); do curl -sf "$1" >/dev/null && return 0; sleep 0.5; done; echo "not ready: $1" >&2; return 1; }
run_wrk() { wrk -t"$threads" -c"$connections" -d"$duration" --latency "$@" | tee -a "$out/wrk.log" | python3 bench/wrk-summary.py; }
# CPU seconds a process has used (user + system). Per-request CPU is a figure that survives a noisy,
# shared machine far better than requests/s: contention slows a run down but hardly changes the work.
cpu_seconds() { awk '{ printf "%.3f", ($14 + $15) / 100 }' "/proc/$1/stat"; }
with_cpu() { local pid=$1; shift; local before; before=$(cpu_seconds "$pid"); local summary; summary=$("$@"); local after; after=$(cpu_seconds "$pid");
  python3 -c "import json,sys; d=json.loads(sys.argv[1]); d['serverCpuUsPerRequest']=round((float(sys.argv[3])-float(sys.argv[2]))*1e6/max(1,d['requests']),1); print(json.dumps(d))" "$summary" "$before" "$after"; }

for users in "${populations[@]}"; do
  data="$out/data-$users"
  echo "== $users users: seeding (reused when present)"
  /usr/bin/time -f "%e" -o "$out/seed-$users.seconds" $stadium seed --users "$users" --data "$data" | tail -n 2
  $stadium tokens --data "$data" --count 5000 --population "$users" > "$out/tokens-$users.txt"

  $stadium serve --data "$data" --port 18080 > "$out/serve-$users.log" 2>&1 &
  api=$!
  trap 'kill $api 2>/dev/null || true' EXIT
  wait_ready http://127.0.0.1:18080/health/ready

  echo "== warm-up: every benchmark user's timeline built once"
  TOKENS="$out/tokens-$users.txt" wrk -t1 -c16 -d20s -s bench/feed-tokens.lua http://127.0.0.1:18080 >/dev/null

  echo "== feed at full speed"
  feed=$(TOKENS="$out/tokens-$users.txt" with_cpu $api run_wrk -s bench/feed-tokens.lua http://127.0.0.1:18080)
  echo "$feed"
  peak=$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['rps'])" "$feed")

  # Half the peak rate: each of C connections pauses so that C / (pause + service time) ~ peak / 2.
  delay=$(python3 -c "import sys; c=$connections; peak=$peak; print(max(1, round(c*1000/(peak/2))))")
  echo "== feed paced to about half the peak (delay ${delay} ms per connection)"
  half=$(TOKENS="$out/tokens-$users.txt" DELAY_MS=$delay run_wrk -s bench/feed-tokens.lua http://127.0.0.1:18080)
  echo "$half"
  # The same half-peak rate on an open-model schedule with `stadium load url --rate`: latency counted
  # from each request's intended start (no coordinated omission), one seeded user's token.
  echo "== feed at half the peak, open model (stadium load url --rate)"
  token=$(head -n 1 "$out/tokens-$users.txt")
  $stadium load url "http://127.0.0.1:18080/v1/feed?limit=20" --rate "$(python3 -c "print(round($peak/2))")" --duration "$duration" \
    --connections "$connections" --header "Authorization: Bearer $token" --out "$out/feed-open-$users.json" --quiet || true
  open=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); e=next(iter(d['endpoints'].values())); print(json.dumps({'rps': d['requestsPerSecond'], 'p50Ms': e['p50Ms'], 'p99Ms': e['p99Ms'], 'errors': d['errors']}))" "$out/feed-open-$users.json")
  echo "$open"

  # The same fixed pace for every population size (64 connections x 10 ms pauses, ~6k req/s at most),
  # so p99 can be compared across populations: a feed read must not get slower as users grow.
  echo "== feed at a fixed pace (same offered load for every population)"
  fixed=$(TOKENS="$out/tokens-$users.txt" DELAY_MS=10 run_wrk -s bench/feed-tokens.lua http://127.0.0.1:18080)
  echo "$fixed"
  rss=$(awk '/VmHWM/ {print $2}' /proc/$api/status)
  kill $api; wait $api 2>/dev/null || true

  $stadium ceiling --port 18081 > /dev/null 2>&1 &
  ceiling=$!
  wait_ready http://127.0.0.1:18081/json
  wrk -t1 -c16 -d5s http://127.0.0.1:18081/json >/dev/null
  echo "== bare Kestrel /json, same settings"
  bare=$(with_cpu $ceiling run_wrk http://127.0.0.1:18081/json)
  echo "$bare"
  kill $ceiling; wait $ceiling 2>/dev/null || true
  trap - EXIT

  python3 - "$users" "$feed" "$half" "$bare" "$rss" "$(cat "$out/seed-$users.seconds")" "$fixed" "$(uptime)" "$open" <<'PY' | tee "$out/feed-$users.json"
import json, sys
users, feed, half, bare, rss, seed, fixed, uptime, opened = sys.argv[1:]
feed, half, bare, fixed, opened = json.loads(feed), json.loads(half), json.loads(bare), json.loads(fixed), json.loads(opened)
print(json.dumps({"users": int(users), "seedSeconds": float(seed), "loadAverage": uptime.split("load average:")[-1].strip(),
                  "feed": feed, "feedAtHalfPeak": half, "feedAtHalfPeakOpenModel": opened, "feedAtFixedPace": fixed, "bareKestrel": bare,
                  "feedToCeiling": round(feed["rps"] / bare["rps"], 3),
                  "feedToCeilingByCpu": round(bare["serverCpuUsPerRequest"] / feed["serverCpuUsPerRequest"], 3), "peakRssMB": round(int(rss) / 1024, 1)}, indent=2))
PY
done
