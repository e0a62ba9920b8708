#!/usr/bin/env bash
# Data-tier benchmark (issue 4): the same seeded population served by one API node on
#   (1) PostgreSQL primary + streaming replica with Redis (cache L2 + backplane, timelines), and
#   (2) the embedded default (SQLite, in-process cache and timelines),
# driving GET /v1/feed with wrk under Zipf-distributed user activity, in the same run. From the
# node's /metrics it reports the share of feed reads answered without a store call and the share of
# database reads served by replicas; a write-heavy mix on (1) samples replication lag.
# Results: bench/out/data-tier-USERS.json; RESULTS.md ("Data tier") is written by hand from them.
#
# usage: bench/data-tier.sh [USERS]        default 1000000 (10 posts per user on average)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
command -v psql >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client; }
users=${1:-1000000}
out=bench/out; infra=$out/infra; mkdir -p "$out"
pg_data=$out/data-pg; sqlite_data=$out/data-sqlite
threads=${THREADS:-1}; connections=${CONNECTIONS:-64}; duration=${DURATION:-15s}; warmup=${WARMUP:-20s}
export DOTNET_TieredPGO=1 ZIPF=${ZIPF:-1.0}
# Capacity, not limits: one token is driven at thousands of requests/s, so the API's inbound rate limits
# (docs/protection.md) are switched off for the servers this script starts.
export Stadium__Protection__RateLimits__Enabled=false
dotnet build src/Stadium -c Release -v q -nologo >/dev/null
stadium="dotnet src/Stadium/bin/Release/net10.0/stadium.dll"

wait_ready() { for _ in $(seq 1 600); do curl -sf "$1" >/dev/null && return 0; sleep 0.5; done; echo "not ready: $1" >&2; return 1; }
run_wrk() { wrk -t"$threads" -c"$connections" -d"$duration" --latency "$@" | tee -a "$out/wrk.log" | python3 bench/wrk-summary.py; }
setting() { python3 -c "import json,sys; d=json.load(open('$infra/stadium.json')); print(eval(sys.argv[1]))" "$1"; }

echo "== servers: PostgreSQL primary + 1 replica + Redis (stadium infra up)"
$stadium infra status --dir "$infra" >/dev/null 2>&1 || $stadium infra up --dir "$infra" --replicas 1 | tail -n 3
config=$infra/stadium.json

# Seeds are reused when present; their time is kept from the run that made them.
seed() { # name data-folder [extra args]
  local name=$1 data=$2; shift 2
  echo "== $name: seeding $users users (or reusing the seed)"
  /usr/bin/time -f "%e" -o "$out/seed-$name.time" $stadium seed --users "$users" --data "$data" "$@" | tail -n 2 | tee "$out/seed-$name.out"
  grep -q "reusing" "$out/seed-$name.out" || mv "$out/seed-$name.time" "$out/seed-$name-$users.seconds"
}
seed pg "$pg_data" --config "$config"
seed sqlite "$sqlite_data"

# One signing key for both nodes and for minting (the tokens verb reads the data folder's key).
mkdir -p "$pg_data" "$sqlite_data"
[ -f "$pg_data/signing.key" ] || head -c 64 /dev/urandom | base64 -w0 > "$pg_data/signing.key"
cp "$pg_data/signing.key" "$sqlite_data/signing.key"; chmod 600 "$pg_data/signing.key" "$sqlite_data/signing.key"
$stadium tokens --data "$pg_data" --count 5000 --population "$users" --zipf "$ZIPF" > "$out/tokens-zipf-$users.txt"
export TOKENS=$out/tokens-zipf-$users.txt

pg_port=18090; sqlite_port=18091
measure() { # name port round -> {"feed":..., "metrics":...} for one measured wrk run on that node
  local name=$1 port=$2 round=$3
  curl -s "http://127.0.0.1:$port/metrics" > "$out/metrics-$name-$round-before.txt"
  echo "== $name, round $round: feed, Zipf($ZIPF) activity over 5,000 users" >&2
  local feed; feed=$(run_wrk -s bench/feed-tokens-zipf.lua "http://127.0.0.1:$port")
  curl -s "http://127.0.0.1:$port/metrics" > "$out/metrics-$name-$round-after.txt"
  echo "{\"feed\": $feed, \"metrics\": $(python3 bench/metrics-diff.py "$out/metrics-$name-$round-before.txt" "$out/metrics-$name-$round-after.txt")}"
}

# Both nodes run side by side and are measured alternately, so both see the same machine (which is
# shared and noisy): PostgreSQL + Redis, and the embedded default (SQLite, in-process cache and timelines).
redis_port=$(setting "d['Stadium']['Redis']['Configuration'].split(':')[1]")
redis-cli -p "$redis_port" flushall >/dev/null
$stadium serve --data "$pg_data" --config "$config" --port $pg_port > "$out/serve-pg.log" 2>&1 &
pg_api=$!
$stadium serve --data "$sqlite_data" --port $sqlite_port > "$out/serve-sqlite.log" 2>&1 &
sqlite_api=$!
trap 'kill $pg_api $sqlite_api 2>/dev/null || true' EXIT
wait_ready "http://127.0.0.1:$pg_port/health/ready"
wait_ready "http://127.0.0.1:$sqlite_port/health/ready"
for port in $pg_port $sqlite_port; do
  echo "== warm-up of :$port ($warmup)"
  wrk -t1 -c16 -d"$warmup" -s bench/feed-tokens-zipf.lua "http://127.0.0.1:$port" >/dev/null
done
rounds=()
for round in 1 2; do
  pg=$(measure pg $pg_port $round); echo "$pg"
  embedded=$(measure sqlite $sqlite_port $round); echo "$embedded"
  rounds+=("{\"postgresRedis\": $pg, \"embedded\": $embedded}")
done
rss_sqlite=$(awk '/VmHWM/ {print $2}' /proc/$sqlite_api/status)
kill $sqlite_api; wait $sqlite_api 2>/dev/null || true

echo "== PostgreSQL + Redis node: write-heavy mix (half the requests post), replication lag sampled"
port=$pg_port
primary_port=$(setting "[s['Port'] for s in d['Infra']['Servers'] if s['Name']=='primary'][0]")
export PGPASSWORD; PGPASSWORD=$(setting "d['Infra']['AdminPassword']")
curl -s "http://127.0.0.1:$port/metrics" > "$out/metrics-pg-writes-before.txt"
WRITE_SHARE=0.5 wrk -t"$threads" -c"$connections" -d"$duration" --latency -s bench/feed-tokens-zipf.lua "http://127.0.0.1:$port" \
  > "$out/wrk-writes.txt" &
load=$!
: > "$out/lag-samples.txt"
while kill -0 $load 2>/dev/null; do
  ms=$(psql -h 127.0.0.1 -p "$primary_port" -U postgres -d postgres -Atc \
    "select coalesce(extract(epoch from replay_lag) * 1000, 0) from pg_stat_replication limit 1" 2>/dev/null || echo "")
  bytes=$(curl -s "http://127.0.0.1:$port/metrics" | awk '/^stadium_db_replica_lag_bytes/ {v = $2} END {print v}' || true)
  echo "${ms:-nan} ${bytes:-nan}" >> "$out/lag-samples.txt"
  sleep 0.2
done
wait $load || true
writes=$(python3 bench/wrk-summary.py < "$out/wrk-writes.txt")
curl -s "http://127.0.0.1:$port/metrics" > "$out/metrics-pg-writes-after.txt"
write_metrics=$(python3 bench/metrics-diff.py "$out/metrics-pg-writes-before.txt" "$out/metrics-pg-writes-after.txt")
lag=$(python3 - "$out/lag-samples.txt" <<'PY'
import json, math, sys
ms, by = [], []
for line in open(sys.argv[1]):
    a, b = line.split()
    if a != "nan": ms.append(float(a))
    if b != "nan": by.append(float(b))
def pct(xs, p):
    if not xs: return None
    xs = sorted(xs); return round(xs[min(len(xs) - 1, math.ceil(p / 100 * len(xs)) - 1)], 3)
print(json.dumps({"samples": len(ms), "replayLagMsP50": pct(ms, 50), "replayLagMsP99": pct(ms, 99), "replayLagMsMax": max(ms) if ms else None,
                  "lagBytesP50": pct(by, 50), "lagBytesP99": pct(by, 99), "lagBytesMax": max(by) if by else None}))
PY
)
echo "$writes"; echo "$lag"
rss_pg=$(awk '/VmHWM/ {print $2}' /proc/$pg_api/status)
kill $pg_api; wait $pg_api 2>/dev/null || true
trap - EXIT

rounds_json=$(IFS=,; echo "[${rounds[*]}]")
python3 - "$users" "$rounds_json" "$writes" "$write_metrics" "$lag" "$(cat "$out/seed-pg-$users.seconds")" "$(cat "$out/seed-sqlite-$users.seconds")" "$rss_pg" "$rss_sqlite" <<'PY' | tee "$out/data-tier-$users.json"
import json, sys
users, rounds, writes, wm, lag, seed_pg, seed_sqlite, rss_pg, rss_sqlite = sys.argv[1:]
rounds = json.loads(rounds)
def mean(path): return round(sum(path(r) for r in rounds) / len(rounds), 3)
print(json.dumps({
    "users": int(users),
    "seedSeconds": {"postgres": float(seed_pg), "sqlite": float(seed_sqlite)},
    "rounds": rounds,
    "feedRpsRatio": mean(lambda r: r["postgresRedis"]["feed"]["rps"] / r["embedded"]["feed"]["rps"]),
    "feedP99Ratio": mean(lambda r: r["postgresRedis"]["feed"]["p99Ms"] / r["embedded"]["feed"]["p99Ms"]),
    "writeHeavyMix": {"wrk": json.loads(writes), "metrics": json.loads(wm), "replicationLag": json.loads(lag)},
    "peakRssMB": {"postgresRedis": round(int(rss_pg) / 1024, 1), "embedded": round(int(rss_sqlite) / 1024, 1)},
}, indent=2))
PY
