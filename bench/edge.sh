#!/usr/bin/env bash
# Edge cache (issue 18): Debian's nginx running deploy/nginx/edge.conf in front of `stadium up --cluster`, under a
# Zipf mix of public reads (profiles, posts, a user's posts; the lab's request-list format, generated into
# bench/out/edge-scenario.yaml from the seeded population), run twice for the same DURATION at the same RATE:
#   edge    the load goes to nginx, nginx to the gateway;
#   direct  the load goes to the gateway.
# During both runs a writer changes what is read (a display name of a popular account, a new post in a popular
# account's list) every WRITE_EVERY seconds and an observer polls the same target until the change shows: how old
# what a reader saw was, per endpoint, against slo.yaml's staleness budget for it (profiles, posts).
# Recorded (bench/out/edge.json; bench/out/edge-section.md is the RESULTS.md section filled in from it):
#   - the share of public reads absorbed at the edge (X-Cache-Status HIT, UPDATING or STALE: answered with no
#     request to the gateway), from nginx's access log (edge.conf's `edge` log_format), and each status's count;
#   - the staleness observed (p50, max) against each budget;
#   - the origin's request rate with and without the edge (the gateway's stadium_gateway_requests_total over the
#     run), and the share saved. Target: at least 80 % of public reads absorbed, staleness within budget.
#
# Before both, WARMUP of the same load straight to the gateway, not measured: the nodes' own caches are warm in both
# runs, and only the edge starts cold (its misses count).
# env: RATE (2000 req/s), DURATION (60s), WARMUP (10s), USERS (2000), NODES (2), PORT (18500: gateway; PORT+1: the
#      edge), ZIPF (1.0), HOT (500: accounts whose profile and posts are read), WRITE_EVERY (5 s)
# Smoke test: DURATION=5s WARMUP=3s RATE=100 USERS=200 HOT=30 NODES=1 bash bench/edge.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /usr/sbin/nginx ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; }
out=bench/out; mkdir -p "$out"
rate=${RATE:-2000}; duration=${DURATION:-60s}; users=${USERS:-2000}; nodes=${NODES:-2}; port=${PORT:-18500}
edge_port=$((port + 1)); zipf=${ZIPF:-1.0}; hot=${HOT:-500}; write_every=${WRITE_EVERY:-5}; warmup=${WARMUP:-10s}
dotnet build src/Stadium -c Release -v q -nologo >/dev/null
stadium="dotnet src/Stadium/bin/Release/net10.0/stadium.dll"
# Capacity, not limits (one generator address sends everything), and logins that do not dominate a short run.
export Stadium__Protection__RateLimits__Enabled=false Stadium__Gateway__RateLimits__Enabled=false
export Stadium__Auth__PasswordIterations=${PASSWORD_ITERATIONS:-1000}

supervisor=""; edge_prefix=""; writer=""
cleanup() {
  [ -n "$writer" ] && { kill "$writer" 2>/dev/null || true; wait "$writer" 2>/dev/null || true; }
  [ -n "$edge_prefix" ] && [ -f "$edge_prefix/edge.pid" ] && { kill -TERM "$(cat "$edge_prefix/edge.pid")" 2>/dev/null || true; sleep 1; }
  [ -n "$supervisor" ] && { kill -TERM "$supervisor" 2>/dev/null || true; wait "$supervisor" 2>/dev/null || true; }
  [ -n "$edge_prefix" ] && rm -rf "$edge_prefix"
  return 0
}
trap cleanup EXIT

echo "== cluster: $nodes API nodes, $users users, gateway on $port"
rm -rf "$out/edge-cluster"
$stadium up --cluster --nodes "$nodes" --workers 0 --replicas 0 --users "$users" --port "$port" --data "$out/edge-cluster" \
  > "$out/edge-cluster.log" 2>&1 &
supervisor=$!
for _ in $(seq 1 600); do
  grep -q "The cluster is up" "$out/edge-cluster.log" 2>/dev/null && curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break
  kill -0 "$supervisor" 2>/dev/null && ! grep -q "NOT running" "$out/edge-cluster.log" || { cat "$out/edge-cluster.log" >&2; exit 1; }
  sleep 0.5
done
curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null || { echo "the cluster never came up" >&2; exit 1; }

echo "== edge: nginx with deploy/nginx/edge.conf on $edge_port"
# The workers run as nobody when this runs as root: a folder of their own that they can write.
edge_prefix=$(mktemp -d /tmp/stadium-edge-bench.XXXXXX); chmod 777 "$edge_prefix"
sed -e "s|server gateway:8080;|server 127.0.0.1:$port;|" -e "s|listen 8081;|listen 127.0.0.1:$edge_port;|" \
  deploy/nginx/edge.conf > "$edge_prefix/edge.conf"
grep -q "server 127.0.0.1:$port;" "$edge_prefix/edge.conf" && grep -q "listen 127.0.0.1:$edge_port;" "$edge_prefix/edge.conf" \
  || { echo "edge.conf no longer has the upstream or listen line this script replaces" >&2; exit 1; }
/usr/sbin/nginx -p "$edge_prefix/" -c "$edge_prefix/edge.conf" -e stderr
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$edge_port/health/ready" && break; sleep 0.1; done

echo "== scenario: Zipf ($zipf) over the $hot most popular accounts' profiles, posts and lists"
python3 bench/edge-scenario.py "http://127.0.0.1:$port" "$hot" "$zipf" "$rate" "$duration" "$out/edge-scenario.yaml"

gateway_requests() { # the gateway's answered requests so far (all routes, all codes)
  curl -sf "http://127.0.0.1:$port/metrics" | awk '/^stadium_gateway_requests_total/ { s += $NF } END { printf "%d\n", s }'
}
run() { # run NAME TARGET: the load, the writer beside it, and the gateway's count before and after
  local name=$1 target=$2
  python3 bench/edge-writer.py "$target" "http://127.0.0.1:$port" "$hot" "$write_every" "$out/edge-$name-staleness.jsonl" &
  writer=$!
  local before; before=$(gateway_requests)
  $stadium load run "$out/edge-scenario.yaml" --target "$target" --out "$out/edge-$name-load.json" --quiet \
    > "$out/edge-$name-load.log" 2>&1 || true
  local after; after=$(gateway_requests)
  kill -INT "$writer" 2>/dev/null || true; wait "$writer" 2>/dev/null || true; writer=""
  echo "$before $after" > "$out/edge-$name-origin.txt"
}

echo "== warm-up: $warmup straight to the gateway"
sed "s|duration: $duration,|duration: $warmup,|" "$out/edge-scenario.yaml" > "$out/edge-warmup.yaml"
$stadium load run "$out/edge-warmup.yaml" --target "http://127.0.0.1:$port" --out "$out/edge-warmup-load.json" --quiet \
  > "$out/edge-warmup-load.log" 2>&1 || true

echo "== run 1: through the edge, $rate req/s for $duration"
run edge "http://127.0.0.1:$edge_port"
cp "$edge_prefix/edge-access.log" "$out/edge-access.log"
echo "== run 2: straight to the gateway, same rate and length"
run direct "http://127.0.0.1:$port"

python3 bench/edge-report.py "$out" "$(uptime)"
