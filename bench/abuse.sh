#!/usr/bin/env bash
# Abuse benchmark (issue 14): one signed-in client sends 20 x its quota of feed reads and posts while 50
# well-behaved users read their feeds well inside theirs. Same server, same run: the well-behaved users'
# p99 alone, then with the abuser. Target: their p99 rises by at most 10 %; the abuser is answered 429
# with Retry-After, RateLimit-Policy and RateLimit; server CPU per served and per abuser request. The server runs under a CPU quota (bench/lib/cgroup.sh)
# so the generator does not take the server's CPU. Results: bench/out/abuse/*.json.
#
# usage: bench/abuse.sh            env: DURATION (s, default 20), WARMUP (s, default 15), GOOD_RATE (req/s of the 50 users, default 100),
#        QUOTA_READ, QUOTA_WRITE (the per-user bucket refill per second, defaults 10 and 5), SERVER_CPUS (default 1)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib/cgroup.sh
duration=${DURATION:-20}; good_rate=${GOOD_RATE:-100}; quota_read=${QUOTA_READ:-10}; quota_write=${QUOTA_WRITE:-5}
cpus=${SERVER_CPUS:-1}; port=${PORT:-18420}; base=http://127.0.0.1:$port
out=bench/out/abuse; mkdir -p "$out"
dotnet build src/Stadium -c Release -v q -nologo >/dev/null
stadium="dotnet src/Stadium/bin/Release/net10.0/stadium.dll"
export DOTNET_TieredPGO=1
# Hot code promoted to optimised code at once rather than after a delay that a busy one-core node keeps restarting
# (see bench/lib/overload-common.sh).
export DOTNET_TC_CallCountingDelayMs=0

data="$out/data"
echo "== seeding 200 users (reused when present)"
$stadium seed --users 200 --data "$data" | tail -n 1
# 51 distinct users: the first 50 behave, the last one abuses.
$stadium tokens --data "$data" --count 51 --population 200 > "$out/tokens.txt"
abuser=$(tail -n 1 "$out/tokens.txt")

# The quotas under test, small so that 20 x quota is a rate this machine can offer: a bucket holds one
# second's worth and refills every second.
export Stadium__Protection__RateLimits__Users__Read__TokenLimit=$quota_read Stadium__Protection__RateLimits__Users__Read__TokensPerPeriod=$quota_read
export Stadium__Protection__RateLimits__Users__Write__TokenLimit=$quota_write Stadium__Protection__RateLimits__Users__Write__TokensPerPeriod=$quota_write
cgroup_limit api "$cpus" 1073741824
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true; cgroup_remove api 2>/dev/null || true; }
trap cleanup EXIT
( cgroup_exec api $stadium serve --data "$data" --port "$port" > "$out/serve.log" 2>&1 ) &
server=$!
for _ in $(seq 1 600); do curl -sf "$base/health/ready" >/dev/null && break; sleep 0.5; done
capped=$(cgroup_capped api && echo true || echo false)
api=$(pgrep -f -n "stadium.dll serve --data $data --port $port")
# CPU seconds the server has used (user + system): per-request CPU survives a noisy machine better than latency.
cpu_seconds() { awk '{ printf "%.3f", ($14 + $15) / 100 }' "/proc/$api/stat"; }

# The 50 users as one open-model request list: each iteration is one user's feed read, users picked evenly,
# so each reads about GOOD_RATE/50 times a second (well inside the read quota).
python3 - "$out/tokens.txt" "$base" "$good_rate" "$duration" > "$out/good.yaml" <<'PY'
import sys
tokens = open(sys.argv[1]).read().split()[:50]
print(f"name: well-behaved\ntarget: {sys.argv[2]}\nrequests:")
for t in tokens:
    print(f"  - {{ name: feed, url: /v1/feed?limit=20, headers: {{ Authorization: 'Bearer {t}' }} }}")
print(f"phases:\n  - {{ executor: constant-arrival-rate, rate: {sys.argv[3]}, duration: {sys.argv[4]}s }}")
PY

abuse_read=$((20 * quota_read)); abuse_write=$((20 * quota_write))
# abuse SECONDS: the abuser's feed reads and posts at 20 x its quotas, in the background ($feed_pid, $posts_pid).
abuse() {
  $stadium load url "$base/v1/feed?limit=20" --rate "$abuse_read" --duration "${1}s" -c 16 \
    -H "Authorization: Bearer $abuser" --out "$out/abuser-feed.json" --quiet > /dev/null 2>&1 & feed_pid=$!
  $stadium load url "$base/v1/posts" -m POST --body '{"text":"spam"}' --rate "$abuse_write" --duration "${1}s" -c 16 \
    -H "Authorization: Bearer $abuser" --out "$out/abuser-posts.json" --quiet > /dev/null 2>&1 & posts_pid=$!
}

# Warm-up with everything both runs will send (the abuser's posts and refusals included), so neither run pays for
# compiling code the other already ran.
echo "== warm-up (${WARMUP:-15}s, both traffics)"
abuse "${WARMUP:-15}"
$stadium load run "$out/good.yaml" --duration "${WARMUP:-15}s" --quiet >/dev/null 2>&1 || true
wait "$feed_pid" "$posts_pid" || true
sleep 2

echo "== well-behaved users alone (${good_rate} req/s, ${duration}s)"
cpu0=$(cpu_seconds)
$stadium load run "$out/good.yaml" --out "$out/good-alone.json" --quiet || true
cpu1=$(cpu_seconds)

echo "== the same, with one user at 20 x its quota: feed ${abuse_read}/s, posts ${abuse_write}/s"
abuse "$duration"
sleep 0.5
cpu2=$(cpu_seconds)
$stadium load run "$out/good.yaml" --out "$out/good-abused.json" --quiet || true
wait "$feed_pid" "$posts_pid" || true
cpu3=$(cpu_seconds)

echo "== header check: one abuser refusal and one well-behaved answer"
# Spend the abuser's bucket until a refusal comes back (a slow curl loop can see the bucket refill between calls).
for _ in $(seq 1 $((quota_read * 20))); do
  code=$(curl -s -D "$out/refused.headers" -o "$out/refused.body" -w '%{http_code}' -H "Authorization: Bearer $abuser" "$base/v1/feed")
  [ "$code" = 429 ] && break
done
curl -s -D "$out/allowed.headers" -o /dev/null -H "Authorization: Bearer $(head -n 1 "$out/tokens.txt")" "$base/v1/feed"

python3 - "$out" "$capped" "$good_rate" "$abuse_read" "$abuse_write" "$cpu0" "$cpu1" "$cpu2" "$cpu3" <<'PY' | tee "$out/summary.json"
import json, sys, re
out, capped = sys.argv[1], sys.argv[2] == "true"
def load(name): return json.load(open(f"{out}/{name}.json"))
def endpoint(d): return next(iter(d["endpoints"].values()))
def statuses(d):
    codes = {}
    for e in d["endpoints"].values():
        for k, v in (e.get("statusCodes") or e.get("statuses") or {}).items():
            codes[k] = codes.get(k, 0) + v
    return codes
alone, abused = load("good-alone"), load("good-abused")
abuser = {k: load(f"abuser-{k}") for k in ("feed", "posts")}
def share429(d):
    codes = statuses(d); total = sum(codes.values())
    return round(codes.get("429", 0) / total, 3) if total else None
refused = open(f"{out}/refused.headers").read()
allowed = open(f"{out}/allowed.headers").read()
def has(text, name): return re.search(rf"^{name}:", text, re.I | re.M) is not None
summary = {
    "serverCpuCapped": capped,
    "goodRateOffered": float(sys.argv[3]),
    "goodAlone": {"rps": alone["requestsPerSecond"], "p50Ms": endpoint(alone)["p50Ms"], "p99Ms": endpoint(alone)["p99Ms"], "errors": alone["errors"]},
    "goodWithAbuser": {"rps": abused["requestsPerSecond"], "p50Ms": endpoint(abused)["p50Ms"], "p99Ms": endpoint(abused)["p99Ms"], "errors": abused["errors"]},
    "goodP99Ratio": round(endpoint(abused)["p99Ms"] / max(0.001, endpoint(alone)["p99Ms"]), 3),
    "abuserOffered": {"feedPerSecond": float(sys.argv[4]), "postsPerSecond": float(sys.argv[5])},
    "abuserAchieved": {k: v["requestsPerSecond"] for k, v in abuser.items()},
    "abuserStatuses": {k: statuses(v) for k, v in abuser.items()},
    "abuser429Share": {k: share429(v) for k, v in abuser.items()},
    "refusalHeaders": {"status429": refused.split("\n")[0].split(" ")[1] == "429", "retryAfter": has(refused, "Retry-After"),
                       "rateLimitPolicy": has(refused, "RateLimit-Policy"), "rateLimit": has(refused, "RateLimit"),
                       "problemJson": "application/problem+json" in refused.lower()},
    "allowedHeaders": {"rateLimitPolicy": has(allowed, "RateLimit-Policy"), "rateLimit": has(allowed, "RateLimit")},
}
# Server CPU per well-behaved request alone, and per abuser request (the extra CPU of the abused phase over the
# abuser's requests, ~95 % of them 429s): what one refusal costs next to one served feed read.
c0, c1, c2, c3 = (float(x) for x in sys.argv[6:10])
abuser_requests = sum(sum(statuses(v).values()) for v in abuser.values())
per_good = (c1 - c0) * 1e6 / max(1, sum(statuses(alone).values()))
extra = (c3 - c2) - per_good * sum(statuses(abused).values()) / 1e6
summary["serverCpuUsPerGoodRequest"] = round(per_good, 1)
summary["serverCpuUsPerAbuserRequest"] = round(extra * 1e6 / max(1, abuser_requests), 1)
print(json.dumps(summary, indent=2))
PY
