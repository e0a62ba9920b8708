#!/usr/bin/env bash
# Login storm: logins at 10 x and 100 x what password hashing can serve, while the feed runs open-model at half its
# peak, the node under a CPU quota (one core). Reports the feed's p99 during each storm against its p99 without one
# (targets: at most 1.5 x for the 10 x storm, 2 x for the 100 x storm) and the logins served as a share of the
# hashing capacity (target >= 90 %), measured beside the feed at half peak: the pool's threads run below normal
# priority, so what it can serve is what the feed leaves (the capacity alone is reported too). Both storms come from `stadium load url --rate`, which keeps its
# schedule whatever the answers say: like the 100 x client of the issue, it ignores Retry-After (the 10 x storm is
# therefore harsher than a polite client). Writes bench/out/login-storm.json.
#
# env: DURATION (per run, default 20s), WARMUP (15s), USERS (10000), CPUS (server quota, 1), CONNECTIONS (feed, 256)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib/overload-common.sh
duration=${DURATION:-20s}
seed_and_tokens
login_body='{"username":"user1","password":"stadium-demo-password"}'
# login_run RATE CONNECTIONS FILE: POST /v1/auth/login at RATE/s (empty: closed loop on CONNECTIONS).
login_run() {
  $stadium load url "http://127.0.0.1:18090/v1/auth/login" --method POST --body "$login_body" ${1:+--rate "$1"} \
    --duration "$duration" --connections "$2" --timeout 10s --out "$3" --quiet || true
}
field() { python3 -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$1" "$2"; }

trap 'stop_server login-storm' EXIT
start_server login-storm
capped=$(cgroup_capped login-storm && echo true || echo false)
echo "== warm-up"
feed_run "" "${WARMUP:-15s}" "$out/login-storm-warm.json"
echo "== feed peak (closed loop)"
feed_run "" "$duration" "$out/login-storm-peak.json"
peak=$(field "$(summary "$out/login-storm-peak.json")" goodput)
half=$(python3 -c "print(round($peak / 2))")
echo "peak $peak/s, half $half/s"

echo "== hashing capacity: logins alone, closed loop on 2 connections"
login_run "" 2 "$out/login-storm-capacity.json"
capacity=$(field "$(summary "$out/login-storm-capacity.json")" goodput)
echo "hashing capacity: $capacity logins/s"

echo "== feed at half peak, no storm"
feed_run "$half" "$duration" "$out/login-storm-calm.json"
calm=$(summary "$out/login-storm-calm.json"); echo "$calm"

# What the hashing pool can serve while the feed takes its half of the CPU: logins closed loop on 2 connections (no
# excess, nothing to shed) beside the feed. The storm's logins served are measured against this: the pool's threads
# run below normal priority, so beside a busy feed they get what the feed leaves, by design.
echo "== hashing capacity beside the feed at half peak"
login_run "" 2 "$out/login-storm-capacity-beside.json" &
beside=$!
feed_run "$half" "$duration" "$out/login-storm-calm-beside.json"
wait "$beside"
capacity_beside=$(field "$(summary "$out/login-storm-capacity-beside.json")" goodput)
echo "hashing capacity beside the feed: $capacity_beside logins/s"

storms=()
for x in 10 100; do
  rate=$(python3 -c "print(max(1, round($capacity * $x)))")
  echo "== feed at half peak during a ${x} x login storm ($rate logins/s)"
  login_run "$rate" 64 "$out/login-storm-logins-$x.json" &
  storm=$!
  feed_run "$half" "$duration" "$out/login-storm-feed-$x.json"
  wait "$storm"
  feed=$(summary "$out/login-storm-feed-$x.json"); logins=$(summary "$out/login-storm-logins-$x.json")
  echo "feed: $feed"; echo "logins: $logins"
  storms+=("{\"x\": $x, \"loginRate\": $rate, \"feed\": $feed, \"logins\": $logins}")
  sleep 5 # the shed crowd's work drains before the next storm
done
stop_server login-storm
trap - EXIT

printf '%s\n' "${storms[@]}" > "$out/login-storm-runs.jsonl"
python3 - "$peak" "$capacity" "$calm" "$capped" "$(uptime)" "$out/login-storm-runs.jsonl" "$cpus" "$capacity_beside" <<'PY' | tee "$out/login-storm.json"
import json, sys
peak, capacity, calm, capped, uptime = float(sys.argv[1]), float(sys.argv[2]), json.loads(sys.argv[3]), sys.argv[4] == "true", sys.argv[5]
storms = [json.loads(line) for line in open(sys.argv[6]) if line.strip()]
beside = float(sys.argv[8])
for s in storms:
    s["feedP99ToCalm"] = round(s["feed"]["p99Ms"] / max(0.001, calm["p99Ms"]), 2)
    s["loginsServedShareOfCapacity"] = round(s["logins"]["goodput"] / max(0.001, capacity), 3)
    s["loginsServedShareOfCapacityBesideFeed"] = round(s["logins"]["goodput"] / max(0.001, beside), 3)
    s["target"] = {"feedP99ToCalm": 1.5 if s["x"] == 10 else 2.0, "loginsServedShareOfCapacityBesideFeed": 0.9}
print(json.dumps({"serverCpus": float(sys.argv[7]), "feedPeak": peak, "hashingCapacity": capacity, "hashingCapacityBesideFeed": beside, "serverCapped": capped,
                  "loadAverage": uptime.split("load average:")[-1].strip(), "calmFeed": calm, "storms": storms}, indent=2))
PY
