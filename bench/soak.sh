#!/usr/bin/env bash
# Memory soak (issue 15): Stadium journeys (scenarios/soak.yaml: write-heavy, a constant arrival rate) against one
# node for DURATION seconds, sampling the node's RSS, managed heap, memory budget and cache sizes every SAMPLE
# seconds, on the embedded default (SQLite) and on PostgreSQL (primary + 1 replica) + Redis, each without a memory
# limit ("free") and inside a cgroup memory limit ("limited", MEM_LIMIT). Checks per run:
#   plateau   after the warm-up, RSS never rises more than 10 % above its value at the end of the warm-up (the median of
#             its last two minutes: one sample lands anywhere on the collector's saw-tooth), and the least-squares slope
#             over the rest of the run drifts less than 10 %;
#   errors    none besides expected sheds (logins above the hashing capacity, 503 + Retry-After);
#   writes    every acknowledged post read back (`stadium load verify` on the run's ledger);
#   ready     /health/ready answers 200 (Healthy or Degraded) at every sample, and the node is alive at the end;
#   limited   no OOM kill (the cgroup's memory.oom_control), whatever memory.failcnt says about reclaim.
# Writes bench/out/soak-BACKEND-VARIANT.json (summary, checks and every sample) and .png (RSS, heap and caches over
# time); exits 1 when a check fails.
#
# env: RATE (arrivals/s, 1000: about half of what one node on the shared 2-core machine serves with this mix and the
# generator beside it), DURATION (s, 3600), WARMUP (s, 600), SAMPLE (s, 30), USERS (seeded, 2000), MEM_LIMIT
# (512MB; bytes or MB/GB), BACKENDS ("sqlite postgres"), VARIANTS ("free limited"), CPUS (the limited node's CPU
# quota, 2), PORT (18095), PASSWORD_ITERATIONS (1000), BUDGET (the free node's `Stadium:Memory:Budget`, 256MB; empty
# for the node's own default of 1 GB without a limit; the limited node always takes its default, 60 % of MEM_LIMIT).
# A budget is what bounds a node, so the free run sets one its caches fill inside the warm-up at this rate: at 1 GB the
# post cache alone (30 %) takes about half an hour of this mix's writes to fill, and RSS climbs until it has. At
# 500/s on PostgreSQL the 256 MB posts share is never reached (the 10-minute post duration bounds the cache at ~48 MB,
# reached at minute 10): that soak runs with BUDGET=96MB, whose share fills at minute 6.
# The short proof: DURATION=300 WARMUP=60 SAMPLE=10 bash bench/soak.sh
# Stadium__* variables in the environment reach the node: `Stadium__Protection__Shedding__QuietRecovery=false` is the
# published Gradient2's light-load limit, for comparison (bench/RESULTS.md).
set -euo pipefail
cd "$(dirname "$0")/.."
/usr/bin/python3 -c "import matplotlib" 2>/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-matplotlib >/dev/null; }
source bench/lib/cgroup.sh
out=bench/out; infra=$out/soak-infra; mkdir -p "$out"
rate=${RATE:-1000}; duration=${DURATION:-3600}; warmup=${WARMUP:-600}; every=${SAMPLE:-30}; users=${USERS:-2000}
cpus=${CPUS:-2}; port=${PORT:-18095}; budget=${BUDGET-256MB}
mem_limit=$(python3 -c "import re,sys; m=re.fullmatch(r'(\d+)\s*(|B|KB|MB|GB)', sys.argv[1].strip().upper()) or sys.exit('MEM_LIMIT: a size such as 536870912 or 512MB'); print(int(m[1]) * {'': 1, 'B': 1, 'KB': 1024, 'MB': 1024**2, 'GB': 1024**3}[m[2]])" "${MEM_LIMIT:-512MB}")
dotnet build src/Stadium -c Release -v q -nologo >/dev/null
stadium="dotnet src/Stadium/bin/Release/net10.0/stadium.dll"
export DOTNET_TieredPGO=1
# Capacity, not limits: the journeys' Zipf-popular accounts send far more than a person would.
export Stadium__Protection__RateLimits__Enabled=false
# Memory, not password hashing: at 600,000 PBKDF2 iterations a 2-core node signs in 4-6 accounts a second, so most
# of a short soak's arrivals would wait for a login (bench/login-storm.sh measures that). The seed and the node use
# the same count, so no hash is upgraded at login.
export Stadium__Auth__PasswordIterations=${PASSWORD_ITERATIONS:-1000}

wait_ready() { for _ in $(seq 1 600); do curl -sf "$1" >/dev/null && return 0; sleep 0.5; done; echo "not ready: $1" >&2; return 1; }
node=""; load=""; started_infra=false
cleanup() {
  [ -n "$load" ] && kill "$load" 2>/dev/null || true
  [ -n "$node" ] && { kill "$node" 2>/dev/null || true; wait "$node" 2>/dev/null || true; }
  cgroup_remove soak
  if $started_infra; then $stadium infra down --dir "$infra" >/dev/null || true; fi
}
trap cleanup EXIT

# One run: a fresh seed, a node (in the cgroup when limited), the load and the sampler side by side, then the checks.
soak() { # backend variant
  local backend=$1 variant=$2 name="soak-$1-$2" data="$out/soak-data-$1" config_args=() limit_bytes=""
  local ledger="$out/$name-ledger.jsonl" samples="$out/$name-samples.jsonl" results="$out/$name-load.json"
  echo "== $name: $rate arrivals/s for ${duration}s (warm-up ${warmup}s), a sample every ${every}s"
  rm -rf "$data" "$ledger" "$samples" "$results"
  if [ "$backend" = postgres ]; then
    config_args=(--config "$infra/stadium.json")
    redis-cli -p "$(python3 -c "import json; print(json.load(open('$infra/stadium.json'))['Stadium']['Redis']['Configuration'].split(':')[1])")" flushall >/dev/null
  fi
  $stadium seed --users "$users" --data "$data" "${config_args[@]}" | grep -E "Seeded|reusing" | sed "s/ Every demo.*//"
  local cgroup_dir=""
  if [ "$variant" = limited ]; then
    limit_bytes=$mem_limit
    cgroup_limit soak "$cpus" "$limit_bytes"
    [ -d /sys/fs/cgroup/memory/stadium-soak ] && cgroup_dir=/sys/fs/cgroup/memory/stadium-soak
    [ -n "$cgroup_dir" ] || { echo "$name: no memory cgroup here (root and cgroup v1 needed); skipped" >&2; return 0; }
    ( cgroup_exec soak $stadium serve --data "$data" "${config_args[@]}" --port "$port" ) > "$out/$name.log" 2>&1 &
  else
    ( [ -n "$budget" ] && export Stadium__Memory__Budget=$budget
      exec $stadium serve --data "$data" "${config_args[@]}" --port "$port" ) > "$out/$name.log" 2>&1 &
  fi
  node=$!
  wait_ready "http://127.0.0.1:$port/health/ready"
  sed -e "s/^population: .*/population: $users/" -e "s/^    rate: .*/    rate: $rate/" -e "s/^    duration: .*/    duration: ${duration}s/" \
    scenarios/soak.yaml > "$out/$name-scenario.yaml"
  local load_start; load_start=$(uptime | sed 's/.*load average: //')
  $stadium load run "$out/$name-scenario.yaml" --target "http://127.0.0.1:$port" --ledger "$ledger" --out "$results" \
    > "$out/$name-load.log" 2>&1 &
  load=$!
  local start=$SECONDS next=0
  while kill -0 "$load" 2>/dev/null; do
    if [ $((SECONDS - start)) -ge "$next" ]; then
      /usr/bin/python3 bench/soak.py sample "$node" $((SECONDS - start)) "$port" "$cgroup_dir" "$samples"
      next=$((next + every))
    fi
    sleep 1
  done
  wait "$load" || echo "$name: the load run exited $? (thresholds or no success; see $out/$name-load.log)"
  load=""
  /usr/bin/python3 bench/soak.py sample "$node" $((SECONDS - start)) "$port" "$cgroup_dir" "$samples"
  local verify_exit=0
  $stadium load verify "$ledger" --target "http://127.0.0.1:$port" > "$out/$name-verify.txt" 2>&1 || verify_exit=$?
  kill "$node" 2>/dev/null || true; wait "$node" 2>/dev/null || true; node=""
  # Read the cgroup's OOM count once more after the node stopped, then drop the group.
  [ -n "$cgroup_dir" ] && /usr/bin/python3 bench/soak.py sample 0 $((SECONDS - start)) "$port" "$cgroup_dir" "$out/$name-after.jsonl" >/dev/null
  cgroup_remove soak
  python3 - "$out/$name-meta.json" <<PY
import json, subprocess, sys
json.dump({"backend": "$backend", "variant": "$variant", "rate": $rate, "durationSeconds": $duration, "warmupSeconds": $warmup,
           "sampleSeconds": $every, "users": $users, "memLimitBytes": ${limit_bytes:-None}, "cpus": $cpus if "$variant" == "limited" else None,
           "loadAverageAtStart": "$load_start", "loadAverageAtEnd": subprocess.getoutput("uptime").split("load average:")[-1].strip(),
           "budgetSetting": ("$budget" or None) if "$variant" == "free" else None,
           "commit": subprocess.getoutput("git rev-parse --short HEAD")}, open(sys.argv[1], "w"))
PY
  /usr/bin/python3 bench/soak.py report "$out/$name-meta.json" "$samples" "$results" "$out/$name-verify.txt" "$verify_exit" \
    "$out/$name.json" "$out/$name.png" | tee "$out/$name-summary.json" | grep -E '"pass"|plot:' || true
  python3 -c "import json,sys; sys.exit(0 if json.load(open('$out/$name.json'))['pass'] else 1)" || failed+=("$name")
}

failed=()
for backend in ${BACKENDS:-sqlite postgres}; do
  if [ "$backend" = postgres ]; then
    echo "== servers: PostgreSQL primary + 1 replica + Redis (stadium infra up --dir $infra)"
    $stadium infra status --dir "$infra" >/dev/null 2>&1 || { $stadium infra up --dir "$infra" --replicas 1 | tail -n 2; started_infra=true; }
  fi
  for variant in ${VARIANTS:-free limited}; do soak "$backend" "$variant"; done
done
[ ${#failed[@]} -eq 0 ] || { echo "checks failed: ${failed[*]} (see bench/out/<name>.json 'checks')" >&2; exit 1; }
