#!/usr/bin/env bash
# Failure drill (issue 4): how long one API node on PostgreSQL (primary + 2 streaming replicas) + Redis takes to
# route around a server that stops answering. A frozen server (SIGSTOP of its whole process tree: connections stay
# open, nothing answers) is the hard case; a refused connection fails at once anyway. Measured:
#   replica frozen:  time until it leaves the read rotation, and a read in flight on it until it is answered;
#   primary frozen:  a feed whose timeline was never built, readiness, a write;
#   Redis frozen:    the first feed read and the first post, then the next ones (the circuit breakers open).
# Every server is thawed again before the script moves on; it stops everything it started.
#
# usage: bench/failover.sh [USERS]        default 5000
set -euo pipefail
cd "$(dirname "$0")/.."
users=${1:-5000}
out=bench/out/failover; rm -rf "$out"; mkdir -p "$out"
port=18390; base=http://127.0.0.1:$port
dotnet build src/Stadium -c Release -v q -nologo >/dev/null
stadium="dotnet src/Stadium/bin/Release/net10.0/stadium.dll"

$stadium infra up --dir "$out/infra" --replicas 2 | head -n 1
node_pid=""
cleanup() {
  [ -n "$node_pid" ] && kill "$node_pid" 2>/dev/null && wait "$node_pid" 2>/dev/null || true
  for name in primary replica1 replica2 redis; do kill -CONT $(tree_of "$name" 2>/dev/null) 2>/dev/null || true; done
  $stadium infra down --dir "$out/infra" >/dev/null 2>&1 || true
}
trap cleanup EXIT

$stadium up --config "$out/infra/stadium.json" --data "$out/data" --users "$users" --port $port > "$out/node.log" 2>&1 & node_pid=$!
for _ in $(seq 1 600); do curl -sf "$base/health/ready" >/dev/null && break; sleep 0.5; done

pid_of() { python3 -c "import json,sys; print([s['Pid'] for s in json.load(open('$out/infra/stadium.json'))['Infra']['Servers'] if s['Name']==sys.argv[1]][0])" "$1"; }
tree_of() { local p; p=$(pid_of "$1"); echo "$p $(pgrep -P "$p" | tr '\n' ' ')"; }
login() { curl -sf -XPOST "$base/v1/auth/login" -H 'content-type: application/json' \
  -d "{\"username\":\"$1\",\"password\":\"stadium-demo-password\"}" | python3 -c 'import sys,json; print(json.load(sys.stdin)["accessToken"])'; }
timed() { # label curl-args...: status and seconds of one request
  local label=$1; shift
  curl -s -o /dev/null -w "  $label: %{http_code} in %{time_total} s\n" "$@"
}
gauge() { curl -s "$base/metrics" | awk -v m="$1" -v l="$2" 'index($0, m) == 1 && (l == "" || index($0, l)) { print $NF }'; }
until_gauge() { # metric label value: seconds until the gauge reads value (at most 15 s)
  python3 - "$base/metrics" "$1" "$2" "$3" <<'EOF'
import sys, time, urllib.request
url, metric, label, want = sys.argv[1:]
start = time.time()
while time.time() - start < 15:
    for line in urllib.request.urlopen(url).read().decode().splitlines():
        if line.startswith(metric) and label in line and line.split()[-1] == want:
            print(f"{time.time() - start:.2f}"); sys.exit(0)
    time.sleep(0.02)
print("never")
EOF
}

token=$(login user11)
echo "== replica1 frozen"
# Open connections to both replicas first, so the freeze catches reads on a pooled connection.
for i in $(seq 100 120); do curl -s -o /dev/null -H "authorization: Bearer $token" "$base/v1/users/user$i/followers?limit=5"; done
procs=$(tree_of replica1); kill -STOP $procs
left=$(until_gauge stadium_db_replica_in_rotation 'replica="replica1"' 0)
kill -CONT $procs; sleep 2
echo "  out of the read rotation after $left s"
procs=$(tree_of replica1); kill -STOP $procs
for i in $(seq 200 205); do timed "read user$i's followers" -H "authorization: Bearer $token" "$base/v1/users/user$i/followers?limit=5"; done
kill -CONT $procs; sleep 2
echo "  replica failovers so far: $(gauge stadium_db_replica_failovers_total 'replica="replica1"')"

echo "== primary frozen"
fresh=$(login user$((users - 7)))
procs=$(tree_of primary); kill -STOP $procs
timed "feed of a user whose timeline was never built" -H "authorization: Bearer $fresh" "$base/v1/feed?limit=20"
timed "the same feed again" -H "authorization: Bearer $fresh" "$base/v1/feed?limit=20"
echo "  readiness: $(curl -s -w ' (%{http_code})' "$base/health/ready")"
timed "a post" -XPOST -H "authorization: Bearer $fresh" -H 'content-type: application/json' -d '{"text":"primary frozen"}' "$base/v1/posts"
kill -CONT $procs
echo "  primary answering again after $(until_gauge stadium_db_primary_answering '' 1) s; outage reads served by replicas: $(gauge stadium_db_primary_outage_reads_total '')"

echo "== redis frozen"
writer=$(login user12)
procs=$(pid_of redis); kill -STOP $procs
timed "first feed" -H "authorization: Bearer $writer" "$base/v1/feed?limit=20"
timed "second feed" -H "authorization: Bearer $writer" "$base/v1/feed?limit=20"
timed "first post" -XPOST -H "authorization: Bearer $writer" -H 'content-type: application/json' -d '{"text":"redis frozen 1"}' "$base/v1/posts"
timed "second post" -XPOST -H "authorization: Bearer $writer" -H 'content-type: application/json' -d '{"text":"redis frozen 2"}' "$base/v1/posts"
echo "  readiness: $(curl -s -w ' (%{http_code})' "$base/health/ready")"
kill -CONT $procs
