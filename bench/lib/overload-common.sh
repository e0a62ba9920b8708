# Shared by bench/overload.sh and bench/login-storm.sh: build, seed, a server under a CPU quota, open-model runs.
# Source it after `cd` to the repository root; it sets $stadium, $out and the functions below.
source bench/lib/cgroup.sh
out=bench/out; mkdir -p "$out"
dotnet build src/Stadium -c Release -v q -nologo >/dev/null
stadium="dotnet src/Stadium/bin/Release/net10.0/stadium.dll"
users=${USERS:-10000}; cpus=${CPUS:-1}; connections=${CONNECTIONS:-256}
data="$out/data-$users"; api=""
export DOTNET_TieredPGO=1
# On one CPU or less (a quota of a core or under) .NET waits ten times longer before promoting hot methods to
# optimised code, and a saturated node keeps restarting that wait: measured on one core, the cached feed still cost
# 115 us of CPU per request after 30 s of load (tier-0 and instrumented code) against 36-40 us once promoted. No
# delay: the node reaches full speed within seconds, as a production node should (docs/protection.md).
export DOTNET_TC_CallCountingDelayMs=0
# Rate limits are another protection part: off here, so only the node's own capacity is measured.
export Stadium__Protection__RateLimits__Enabled=false

wait_ready() { for _ in $(seq 1 600); do curl -sf "$1" >/dev/null && return 0; sleep 0.5; done; echo "not ready: $1" >&2; return 1; }
# CPU seconds a process has used (user + system), as bench/feed.sh.
cpu_seconds() { awk '{ printf "%.3f", ($14 + $15) / 100 }' "/proc/$1/stat"; }

seed_and_tokens() {
  $stadium seed --users "$users" --data "$data" | tail -n 1
  $stadium tokens --data "$data" --count 1 --population "$users" > "$out/overload-token.txt"
  token=$(head -n 1 "$out/overload-token.txt")
}

# start_server NAME [ENV=VALUE...]: one node on 127.0.0.1:18090 under the CPU quota; sets $api.
start_server() {
  local name=$1; shift
  cgroup_limit "$name" "$cpus" 2147483648
  # A 10 ms CFS period instead of 100 ms: with a fraction of a core, a 100 ms period stalls the whole node for most
  # of each period, which alone breaks a 50 ms objective whatever the shedder does.
  if cgroup_capped "$name"; then
    echo 10000 > "/sys/fs/cgroup/cpu/stadium-$name/cpu.cfs_period_us"
    awk -v c="$cpus" 'BEGIN { printf "%d", c * 10000 }' > "/sys/fs/cgroup/cpu/stadium-$name/cpu.cfs_quota_us"
    # The node's group also goes first when its threads and the generator's are runnable together (the quota still
    # caps it): in production the generator runs on other machines, here it shares the two cores, and a node thread
    # that wakes behind the generator's waits for their time slices, which is the bench's noise, not the node's latency.
    # SHARES=1024 (the kernel's default) measures the shared-core case (bench/RESULTS.md has both).
    echo "${SHARES:-102400}" > "/sys/fs/cgroup/cpu/stadium-$name/cpu.shares"
  fi
  # As `up --cluster` does for a node of a core or less: no thread-pool spinning paid from the quota (docs/protection.md).
  local spin=""; awk -v c="$cpus" 'BEGIN { exit !(c <= 1) }' && spin=DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0
  ( for kv in $spin "$@"; do export "${kv?}"; done; cgroup_exec "$name" $stadium serve --data "$data" --port 18090 ) > "$out/$name.log" 2>&1 &
  api=$!
  wait_ready http://127.0.0.1:18090/health/ready
}

# cpu_share PID SECONDS_BEFORE SECONDS_AFTER WALL_SECONDS: the server's CPU over a run as a share of its quota
# (near 1: the server was the bottleneck; well under 1: the generator was, and "peak" is the generator's).
cpu_share() { python3 -c "print(round(($3 - $2) / ($4 * $cpus), 2))"; }

stop_server() { kill "$api" 2>/dev/null || true; wait "$api" 2>/dev/null || true; cgroup_remove "$1"; }

# feed_run RATE DURATION FILE: the feed at RATE/s (open model; empty RATE: as fast as the connections allow), sent to
# $feed_port: the node's (18090), or a gateway's in front of it.
feed_port=18090
feed_run() {
  local rate=$1 duration=$2 file=$3
  $stadium load url "http://127.0.0.1:$feed_port/v1/feed?limit=20" ${rate:+--rate "$rate"} --duration "$duration" \
    --connections "$connections" --timeout 10s --header "Authorization: Bearer $token" --out "$file" --quiet || true
}

# summary FILE: goodput (2xx/s), shed (503/s), p99 of admitted (successful) requests, achieved arrival rate.
summary() {
  python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
e = next(iter(d["endpoints"].values()))
s = d["durationSeconds"] or 1
codes = e.get("statusCodes", {})
ok = sum(v for k, v in codes.items() if k.startswith("2"))
shed = codes.get("503", 0)
print(json.dumps({"requests": d["requests"], "goodput": round(ok / s, 1), "served": ok, "shed": shed, "shedShare": round(shed / max(1, d["requests"]), 3),
                  "p50Ms": e["p50Ms"], "p99Ms": e["p99Ms"], "achievedPerSecond": d.get("achievedArrivalsPerSecond") or round(d["requests"] / s, 1),
                  "offeredPerSecond": d.get("offeredArrivalsPerSecond"), "errors": d["errors"]}))
PY
}
