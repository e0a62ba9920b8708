#!/usr/bin/env bash
# Login storm: logins at 10 x and 100 x what password hashing can serve, while the feed runs open-model at half its
# peak, the node under a CPU quota (one core). Reports the feed's p99 during each storm against its p99 without one
# (targets: at most 1.5 x for the 10 x storm, 2 x for the 100 x storm) and the logins served as a share of the
# hashing capacity (target >= 90 %), measured beside the feed at half peak: the pool's threads run below normal
# priority, so what it can serve is what the feed leaves (the capacity alone is reported too). Both storms come from `stadium load url --rate`, which keeps its
# schedule whatever the answers say: like the 100 x client of the issue, it ignores Retry-After (the 10 x storm is
# therefore harsher than a polite client). Writes bench/out/login-storm.json.
#
# A feed p99 under a one-core quota moves by 2 x from one 20 s run to the next on this machine, and a storm serves a
# dozen logins in 20 s, so one run of each decides nothing: ROUNDS rounds each measure the calm feed right before each
# storm, and the verdict takes the median of the rounds' ratios and the logins served over all rounds.
#
# env: DURATION (per run, default 20s), CAPACITY_DURATION (60s), WARMUP (15s), USERS (10000), CPUS (server quota, 1), CONNECTIONS (feed, 256),
#      SHARES (the server group's cpu.shares, 102400; see bench/lib/overload-common.sh),
#      ROUNDS (3)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib/overload-common.sh
duration=${DURATION:-20s}
seed_and_tokens
login_body='{"username":"user1","password":"stadium-demo-password"}'
# login_run RATE CONNECTIONS FILE: POST /v1/auth/login at RATE/s (empty: closed loop on CONNECTIONS).
login_run() { # RATE CONNECTIONS FILE [DURATION]
  $stadium load url "http://127.0.0.1:18090/v1/auth/login" --method POST --body "$login_body" ${1:+--rate "$1"} \
    --duration "${4:-$duration}" --connections "$2" --timeout 10s --out "$3" --quiet || true
}
# served_rate FILE: answers served (2xx) per second, unrounded: a few logins a second need the decimals.
served_rate() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(round(json.loads(sys.argv[2])['served'] / (d['durationSeconds'] or 1), 3))" "$1" "$(summary "$1")"; }
# The capacities count a few logins a second: measured over a minute, so one more or less does not move them by 10 %.
capacity_duration=${CAPACITY_DURATION:-60s}
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
login_run "" 2 "$out/login-storm-capacity.json" "$capacity_duration"
capacity=$(served_rate "$out/login-storm-capacity.json")
echo "hashing capacity: $capacity logins/s"


# What the hashing pool can serve while the feed takes its half of the CPU: logins closed loop on 2 connections (no
# excess, nothing to shed) beside the feed. The storm's logins served are measured against this: the pool's threads
# run below normal priority, so beside a busy feed they get what the feed leaves, by design.
echo "== hashing capacity beside the feed at half peak"
login_run "" 2 "$out/login-storm-capacity-beside.json" "$capacity_duration" &
beside=$!
feed_run "$half" "$capacity_duration" "$out/login-storm-calm-beside.json"
wait "$beside"
capacity_beside=$(served_rate "$out/login-storm-capacity-beside.json")
echo "hashing capacity beside the feed: $capacity_beside logins/s"

storms=()
for round in $(seq 1 "${ROUNDS:-3}"); do
  for x in 10 100; do
    echo "== round $round: feed at half peak, no storm"
    before=$(cpu_seconds "$api")
    feed_run "$half" "$duration" "$out/login-storm-calm.json"
    calm_cpu=$(cpu_share "$api" "$before" "$(cpu_seconds "$api")" "${duration%s}")
    calm=$(summary "$out/login-storm-calm.json"); echo "calm: $calm, server CPU $calm_cpu of quota"
    rate=$(python3 -c "print(max(1, round($capacity * $x)))")
    echo "== round $round: feed at half peak during a ${x} x login storm ($rate logins/s)"
    before=$(cpu_seconds "$api")
    login_run "$rate" 64 "$out/login-storm-logins-$x.json" &
    storm=$!
    feed_run "$half" "$duration" "$out/login-storm-feed-$x.json"
    storm_cpu=$(cpu_share "$api" "$before" "$(cpu_seconds "$api")" "${duration%s}")
    wait "$storm"
    feed=$(summary "$out/login-storm-feed-$x.json"); logins=$(summary "$out/login-storm-logins-$x.json")
    echo "feed: $feed, server CPU $storm_cpu of quota"; echo "logins: $logins"
    # The server's CPU over each run as a share of its quota: what the storm (hashing and refusals) added to the feed's.
    storms+=("{\"round\": $round, \"x\": $x, \"loginRate\": $rate, \"calm\": $calm, \"feed\": $feed, \"logins\": $logins, \"calmCpuShareOfQuota\": $calm_cpu, \"stormCpuShareOfQuota\": $storm_cpu}")
    sleep 5 # the shed crowd's work drains before the next run
  done
done
stop_server login-storm
trap - EXIT

printf '%s\n' "${storms[@]}" > "$out/login-storm-runs.jsonl"
python3 - "$peak" "$capacity" "$capped" "$(uptime)" "$out/login-storm-runs.jsonl" "$cpus" "$capacity_beside" "${duration%s}" <<'PY' | tee "$out/login-storm.json"
import json, statistics, sys
peak, capacity, capped, uptime = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3] == "true", sys.argv[4]
runs = [json.loads(line) for line in open(sys.argv[5]) if line.strip()]
beside, seconds = float(sys.argv[7]), float(sys.argv[8])
for r in runs:
    r["feedP99ToCalm"] = round(r["feed"]["p99Ms"] / max(0.001, r["calm"]["p99Ms"]), 2)
verdicts = []
for x, target in ((10, 1.5), (100, 2.0)):
    mine = [r for r in runs if r["x"] == x]
    served = sum(r["logins"]["served"] for r in mine)
    verdicts.append({
        "x": x, "rounds": len(mine), "feedP99ToCalmMedian": statistics.median(r["feedP99ToCalm"] for r in mine),
        "feedP99ToCalmRounds": [r["feedP99ToCalm"] for r in mine],
        "cpuShareOfQuotaCalmToStorm": [[r["calmCpuShareOfQuota"], r["stormCpuShareOfQuota"]] for r in mine],
        "loginsServed": served, "loginsServedPerSecond": round(served / (seconds * len(mine)), 3),
        "loginsServedShareOfCapacity": round(served / (seconds * len(mine)) / max(0.001, capacity), 3),
        "loginsServedShareOfCapacityBesideFeed": round(served / (seconds * len(mine)) / max(0.001, beside), 3),
        "target": {"feedP99ToCalm": target, "loginsServedShareOfCapacityBesideFeed": 0.9}})
print(json.dumps({"serverCpus": float(sys.argv[6]), "feedPeak": peak, "hashingCapacity": capacity, "hashingCapacityBesideFeed": beside, "serverCapped": capped,
                  "loadAverage": uptime.split("load average:")[-1].strip(), "storms": verdicts, "runs": runs}, indent=2))
PY
