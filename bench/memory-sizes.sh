#!/usr/bin/env bash
# What a node's memory holds, per user (docs/capacity.md, "Memory per million users"): for each seeded population
# (embedded node, default settings), the RSS and managed heap of the idle node, the JSON sizes of what the caches
# hold (a profile, a post, a feed page of 20), and the growth when READERS distinct accounts read their feed once
# (a timeline built and the first page's posts cached per account). Writes bench/out/memory-sizes.json.
#
# usage: bench/memory-sizes.sh [USERS...]   default 10000 100000; env READERS (5000), PORT (18096)
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out; mkdir -p "$out"
port=${PORT:-18096}; readers=${READERS:-5000}
dotnet build src/Stadium -c Release -v q -nologo >/dev/null
stadium="dotnet src/Stadium/bin/Release/net10.0/stadium.dll"
export DOTNET_TieredPGO=1 Stadium__Protection__RateLimits__Enabled=false
wait_ready() { for _ in $(seq 1 600); do curl -sf "$1" >/dev/null && return 0; sleep 0.5; done; echo "not ready: $1" >&2; return 1; }
node=""
trap '[ -n "$node" ] && kill "$node" 2>/dev/null || true' EXIT
: > "$out/memory-sizes.jsonl"
for users in "${@:-10000 100000}"; do
  for n in $users; do
    data="$out/sizes-data-$n"
    echo "== $n users"
    $stadium seed --users "$n" --data "$data" | grep -E "Seeded|reusing" | sed "s/ Every demo.*//"
    $stadium tokens --data "$data" --count "$readers" --population "$n" > "$out/sizes-tokens-$n.txt"
    $stadium tokens --data "$data" --count "$readers" --population "$n" > "$out/sizes-tokens-$n.txt.again"
    ( exec $stadium serve --data "$data" --port "$port" ) > "$out/sizes-$n.log" 2>&1 &
    node=$!
    wait_ready "http://127.0.0.1:$port/health/ready"
    sleep 10 # start-up work (migrations, the first metrics export) settles
    /usr/bin/python3 bench/memory-sizes.py "$node" "$port" "$out/sizes-tokens-$n.txt" "$n" | tee -a "$out/memory-sizes.jsonl"
    kill "$node"; wait "$node" 2>/dev/null || true; node=""
  done
done
python3 -c "import json; print(json.dumps([json.loads(l) for l in open('$out/memory-sizes.jsonl')], indent=1))" > "$out/memory-sizes.json"
echo "results: $out/memory-sizes.json"
