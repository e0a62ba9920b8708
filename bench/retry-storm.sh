#!/usr/bin/env bash
# Retry storm (issue 14): clients that retry every failure three times against one API node whose PostgreSQL store
# is slowed to failing: a session holds an ACCESS EXCLUSIVE lock on the follows table, so every followers read waits
# until its 1 s statement timeout (Stadium:Store:Postgres:CommandTimeout) and fails. Counted: the client requests
# offered (first attempts), every HTTP attempt (with the clients' retries), and the statements that reached the store
# (pg_stat_database xact_commit + xact_rollback of the node's database, minus the same window measured idle; and the
# node's own count, stadium_protection_dependency_calls + retries). Two runs, the same in all but the switch:
#   budget on   retries of the node limited by the retry budget (the default);
#   budget off  Stadium:Protection:Dependencies:RetryBudgets=false: every failed read retried MaxRetries (2) times.
# The breaker is taken out of both runs (it would stop all store load once open, in both), so the figures show what
# the budget alone does; a third run, "defaults", keeps the breaker too.
#
# usage: bench/retry-storm.sh           env: DURATION (s, default 20), WORKERS (default 64), RUNS ("on off defaults")
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib/cgroup.sh
duration=${DURATION:-20}; workers=${WORKERS:-64}; runs=${RUNS:-"on off defaults"}
out=bench/out/retry-storm; rm -rf "$out"; mkdir -p "$out"
port=18395; base=http://127.0.0.1:$port
dotnet build src/Stadium -c Release -v q -nologo >/dev/null
stadium="dotnet src/Stadium/bin/Release/net10.0/stadium.dll"

$stadium infra up --dir "$out/infra" --replicas 0 | head -n 1
node_pid=""; locker=""
cleanup() {
  [ -n "$locker" ] && { unlock || true; kill "$locker" 2>/dev/null || true; }
  [ -n "$node_pid" ] && kill "$node_pid" 2>/dev/null && wait "$node_pid" 2>/dev/null || true
  cgroup_remove retry-storm 2>/dev/null || true
  $stadium infra down --dir "$out/infra" >/dev/null 2>&1 || true
}
trap cleanup EXIT
config="$out/infra/stadium.json"
$stadium seed --config "$config" --data "$out/data" --users 2000 --posts-per-user 2 | tail -n 1
admin=$(python3 -c "import json; s=json.load(open('$config')); print(s['Stadium']['Store']['Postgres']['Primary'])")
psql_url=$(python3 - "$admin" <<'PY'
import sys
kv = dict(p.split("=", 1) for p in sys.argv[1].split(";") if "=" in p)
kv = {k.strip().lower(): v for k, v in kv.items()}
print(f"postgresql://{kv.get('username', kv.get('user id', 'postgres'))}:{kv.get('password', '')}@{kv['host']}:{kv.get('port', 5432)}/{kv['database']}")
PY
)
psql_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/psql
xacts() { "$psql_bin" "$psql_url" -Atc "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()"; }
unlock() { "$psql_bin" "$psql_url" -Atc "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'retry-storm-lock'" >/dev/null; }
metric() { curl -s "$base/metrics" | awk -v m="$1" 'index($0, m) == 1 && index($0, "dependency=\"replicas\"") { s += $NF } END { print s + 0 }'; }

cgroup_limit retry-storm 1
serve() { # extra environment for the node, as NAME=VALUE
  # Rate limits off: the clients here are one address and a few users on purpose, and the bench counts what reaches
  # the store, not what one client may send (bench/abuse.sh measures the limits).
  ( export Stadium__Store__Postgres__CommandTimeout=00:00:01 Stadium__Store__Postgres__MaxPoolSize=100 Stadium__Protection__RateLimits__Enabled=false "$@"
    cgroup_exec retry-storm $stadium serve --config "$config" --data "$out/data" --port $port ) > "$out/node-$run.log" 2>&1 & node_pid=$!
  for _ in $(seq 1 600); do curl -sf "$base/health/ready" >/dev/null && return 0; sleep 0.5; done; echo "node not ready" >&2; return 1
}
no_breaker=(Stadium__Protection__Dependencies__Replicas__BreakerFailureRatio=1 Stadium__Protection__Dependencies__Replicas__BreakerMinimumThroughput=100000000)

results=()
for run in $runs; do
  case $run in
    on) serve "${no_breaker[@]}" ;;
    off) serve "${no_breaker[@]}" Stadium__Protection__Dependencies__RetryBudgets=false ;;
    defaults) serve ;;
  esac
  for i in $(seq 1 200); do curl -s -o /dev/null "$base/v1/users/user$i/followers?limit=5"; done
  sleep 3
  # The store's own background (job queue, probes) over the same window, to subtract.
  idle0=$(xacts); sleep "$duration"; idle=$(( $(xacts) - idle0 ))
  PGAPPNAME=retry-storm-lock "$psql_bin" "$psql_url" -c "BEGIN; LOCK TABLE follows IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(600); COMMIT;" >/dev/null 2>&1 & locker=$!
  sleep 0.5
  x0=$(xacts); c0=$(metric stadium_protection_dependency_calls); r0=$(metric stadium_protection_dependency_retries_total)
  client=$(python3 bench/retry-storm-client.py "$base" "/v1/users/user{i}/followers?limit=5" "$workers" "$duration" 3)
  x1=$(xacts); c1=$(metric stadium_protection_dependency_calls); r1=$(metric stadium_protection_dependency_retries_total)
  unlock; wait "$locker" 2>/dev/null || true; locker=""
  kill "$node_pid"; wait "$node_pid" 2>/dev/null || true; node_pid=""
  result=$(python3 - "$run" "$client" "$((x1 - x0))" "$idle" "$((c1 - c0))" "$((r1 - r0))" <<'PY'
import json, sys
run, client, xacts, idle, calls, retries = sys.argv[1], json.loads(sys.argv[2]), *map(int, sys.argv[3:])
store = max(0, xacts - idle)
print(json.dumps({"run": run, **client, "storeStatements": store, "idleStatements": idle, "nodeCalls": calls, "nodeRetries": retries,
                  "storePerHttpAttempt": round(store / max(1, client["attempts"]), 2),
                  "nodeAttemptsPerHttpAttempt": round((calls + retries) / max(1, client["attempts"]), 2),
                  "nodeAttemptsPerCall": round((calls + retries) / max(1, calls), 2),
                  "storePerOffered": round(store / max(1, client["offered"]), 2)}))
PY
)
  echo "$result"; results+=("$result")
done
cgroup_remove retry-storm
printf '%s\n' "${results[@]}" | python3 -c "import json,sys; print(json.dumps({'durationS': $duration, 'workers': $workers, 'load': open('/proc/loadavg').read().split()[:3], 'runs': [json.loads(l) for l in sys.stdin]}, indent=2))" > "$out/retry-storm.json"
cat "$out/retry-storm.json"
