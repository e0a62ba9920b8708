#!/usr/bin/env bash
# Affinity rotation (issue 16): CLIENTS sticky clients (each keeps the gateway's affinity cookie, as a browser does)
# read through the gateway of a two-node cluster (`stadium up --cluster`); the cluster scales out to four nodes
# (`stadium cluster scale api=4`). Every 5 s the script reads each node's answered count at the gateway
# (GET /gateway/destinations) and reports the busiest node's share of the interval's answers. Target: within one
# affinity lifetime of the fourth node turning active, the busiest share is within 1.3 x of an even share (1.3 / 4).
# Writes bench/out/affinity.json.
#
# env: CLIENTS (100), PER_CLIENT (req/s each, 5), LIFETIME (the gateway's Affinity:Lifetime, 60s), USERS (2000),
#      NODE_CPU (0.5), PORT (18450), BEFORE (s at two nodes, 30)
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out; mkdir -p "$out"
clients=${CLIENTS:-100}; per_client=${PER_CLIENT:-5}; lifetime=${LIFETIME:-60s}; users=${USERS:-2000}
node_cpu=${NODE_CPU:-0.5}; port=${PORT:-18450}; before=${BEFORE:-30}
dotnet build src/Stadium -c Release -v q -nologo >/dev/null
stadium="dotnet src/Stadium/bin/Release/net10.0/stadium.dll"
export Stadium__Protection__RateLimits__Enabled=false Stadium__Gateway__RateLimits__Enabled=false
# The clients read public profiles, which make no affinity unless the gateway is told they should.
export Stadium__Gateway__Affinity__OnPublicAnswers=true
export Stadium__Gateway__Affinity__Lifetime=$(python3 -c "import datetime; print(datetime.timedelta(seconds=int('${lifetime%s}')))")
data="$out/affinity-cluster"; rm -rf "$data"

$stadium up --cluster --nodes 2 --workers 0 --replicas 0 --node-cpu "$node_cpu" --users "$users" --port "$port" \
  --data "$data" > "$out/affinity-cluster.log" 2>&1 &
supervisor=$!
trap 'kill -TERM $supervisor 2>/dev/null || true; wait $supervisor 2>/dev/null || true' EXIT
ready=false
for _ in $(seq 1 600); do
  grep -q "The cluster is up" "$out/affinity-cluster.log" && curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && { ready=true; break; }
  kill -0 "$supervisor" 2>/dev/null || break
  grep -q "NOT running" "$out/affinity-cluster.log" && break
  sleep 0.5
done
$ready || { cat "$out/affinity-cluster.log" >&2; echo "the cluster's gateway never became ready" >&2; exit 1; }

python3 - "$port" "$clients" "$per_client" "${lifetime%s}" "$before" "$stadium" "$data" "$(uptime)" <<'PY' | tee "$out/affinity.json"
import http.cookiejar, json, subprocess, sys, threading, time, urllib.request
port, clients, per_client, lifetime, before, stadium, data, uptime = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), sys.argv[6], sys.argv[7], sys.argv[8]
base = f"http://127.0.0.1:{port}"
stop = threading.Event()
failures = [0]
failure_kinds = {}

def client(k):
    # One browser: its own cookie jar, so the gateway's affinity cookie comes back with every request.
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    gap = 1.0 / per_client
    next_at = time.time() + (k % 50) * gap / 50
    while not stop.is_set():
        try:
            opener.open(f"{base}/v1/users/user{1 + k % 2000}", timeout=10).read()
        except Exception as e:
            failures[0] += 1
            kind = f"HTTP {e.code}" if hasattr(e, "code") else type(e).__name__
            failure_kinds[kind] = failure_kinds.get(kind, 0) + 1
        next_at += gap
        time.sleep(max(0, next_at - time.time()))

def answered():
    return {d["name"]: (d["requests"], d["state"], d["healthy"]) for d in json.load(urllib.request.urlopen(f"{base}/gateway/destinations", timeout=5))}

threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(clients)]
for t in threads: t.start()
windows, previous, started = [], answered(), time.time()
scaled_at = active_at = None
while True:
    time.sleep(5)
    now = answered()
    delta = {n: now[n][0] - previous.get(n, (0,))[0] for n in now}
    total = sum(delta.values())
    active = [n for n in now if now[n][1] == "active" and now[n][2]]
    busiest = max(delta.values()) / total if total else 0
    windows.append({"second": round(time.time() - started), "answers": total, "activeNodes": len(active),
                    "shares": {n: round(c / total, 3) if total else 0 for n, c in sorted(delta.items())}, "busiestShare": round(busiest, 3)})
    previous = now
    if scaled_at is None and time.time() - started >= before:
        subprocess.run(stadium.split() + ["cluster", "scale", "api=4", "--data", data], check=True, capture_output=True)
        scaled_at = time.time()
    if active_at is None and len(active) == 4:
        active_at = time.time()
    if active_at and time.time() - active_at > lifetime * 1.5:
        break
    if time.time() - started > before + 300:
        break
stop.set()
even = 1 / 4
after = [w for w in windows if active_at and w["second"] >= active_at - started]
within = next((w for w in after if w["busiestShare"] <= 1.3 * even), None)
print(json.dumps({
    "clients": clients, "perClientPerSecond": per_client, "affinityLifetimeSeconds": lifetime,
    "scaleRequestedAtSecond": round(scaled_at - started) if scaled_at else None,
    "fourthActiveAtSecond": round(active_at - started) if active_at else None,
    "secondsFromFourNodesToEvenWithin1_3x": (within["second"] - round(active_at - started)) if within and active_at else None,
    "targetMet": bool(within and active_at and within["second"] - (active_at - started) <= lifetime),
    "failedRequests": failures[0], "failures": failure_kinds, "windows": windows, "uptime": uptime}, indent=2))
PY
