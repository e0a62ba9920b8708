#!/usr/bin/env bash
# Load generator benchmark: wrk, `stadium load url` and one Locust process (FastHttpUser) against the
# same bare Kestrel /json (`stadium ceiling`), same connections and duration, in one run; then the
# fixed-rate comparison (stadium's corrected vs uncorrected p99 next to wrk's closed-loop p99).
# Appends a dated block of ratios to bench/RESULTS.md; raw outputs go to bench/out/loadgen/.
#
# usage: bench/load-generator.sh            env: CONNECTIONS=64 DURATION=10 ROUNDS=2
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null && command -v locust >/dev/null || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk python3-locust >/dev/null; }
connections=${CONNECTIONS:-64}; duration=${DURATION:-10}; rounds=${ROUNDS:-2}; port=${PORT:-18090}
out=bench/out/loadgen; mkdir -p "$out"
export DOTNET_TieredPGO=1
dotnet publish src/Stadium -c Release -o "$out/bin" -v q -nologo >/dev/null
stadium="$out/bin/stadium"
url="http://127.0.0.1:$port/json"

"$stadium" ceiling --port "$port" > "$out/ceiling.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "$url" >/dev/null && break; sleep 0.2; done

wrk_rps() { python3 -c "import re,sys; t=open(sys.argv[1]).read(); print(re.search(r'Requests/sec:\s+([0-9.]+)', t).group(1))" "$1"; }
wrk_p99() { python3 -c "
import re,sys; t=open(sys.argv[1]).read(); v,u=re.search(r'99%\s+([0-9.]+)(us|ms|s)', t).groups()
print(float(v)*{'us':0.001,'ms':1,'s':1000}[u])" "$1"; }
json_get() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {}, {'d': d}))" "$1" "$2"; }

echo "== warm-up (server JIT and stadium's own)"
wrk -t1 -c"$connections" -d3s "$url" >/dev/null
"$stadium" load url "$url" -c "$connections" -d 3s -q

wrk_all=(); stadium_all=()
for round in $(seq 1 "$rounds"); do
  echo "== round $round: wrk -t1 -c$connections -d${duration}s"
  wrk -t1 -c"$connections" -d"${duration}s" --latency "$url" > "$out/wrk-$round.txt"
  wrk_all+=("$(wrk_rps "$out/wrk-$round.txt")"); echo "   ${wrk_all[-1]} req/s"
  echo "== round $round: stadium load url -c$connections -d${duration}s"
  "$stadium" load url "$url" -c "$connections" -d "${duration}s" -q --out "$out/stadium-$round.json"
  stadium_all+=("$(json_get "$out/stadium-$round.json" "round(d['requestsPerSecond'])")"); echo "   ${stadium_all[-1]} req/s"
done

echo "== one Locust process, FastHttpUser, $connections users, ${duration}s"
(cd "$out" && locust -f "$OLDPWD/bench/locust-json.py" --headless -u "$connections" -r "$connections" -t "${duration}s" \
  --host "http://127.0.0.1:$port" --only-summary --csv locust > locust.log 2>&1) || true
locust_rps=$(python3 -c "
import csv; rows=[r for r in csv.DictReader(open('$out/locust_stats.csv')) if r['Name']=='Aggregated']
print(round(float(rows[0]['Requests/s'])))")
echo "   $locust_rps req/s"

# Fixed rate: a comfortable rate (60 %) and one this server can barely sustain (85 % of stadium's own
# closed-loop maximum), where queueing builds up and coordinated omission shows.
max=$(python3 -c "import statistics,sys; print(round(statistics.mean(map(float, sys.argv[1:]))))" "${stadium_all[@]}")
for share in 60 85; do
  rate=$((max * share / 100))
  echo "== stadium load url --rate $rate (${share} % of its closed-loop max), ${duration}s"
  "$stadium" load url "$url" -c "$connections" -d "${duration}s" --rate "$rate" -q --out "$out/stadium-rate-$share.json"
done

python3 - "$out" "$connections" "$duration" "$locust_rps" "${wrk_all[*]}" "${stadium_all[*]}" <<'PY' | tee "$out/summary.md"
import json, re, statistics, sys, datetime, os
out, c, dur, locust = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
wrk = [float(x) for x in sys.argv[5].split()]; st = [float(x) for x in sys.argv[6].split()]
def wrk_p99(path):
    v, u = re.search(r"99%\s+([0-9.]+)(us|ms|s)", open(path).read()).groups()
    return float(v) * {"us": 0.001, "ms": 1, "s": 1000}[u]
wrk_p99s = [wrk_p99(f"{out}/wrk-{i+1}.txt") for i in range(len(wrk))]
st_closed_p99 = [json.load(open(f"{out}/stadium-{i+1}.json"))["endpoints"]["url"]["p99Ms"] for i in range(len(st))]
w, s = statistics.mean(wrk), statistics.mean(st)
print(f"### Run of {datetime.date.today()} (`bench/load-generator.sh`, -c{c}, {dur} s each, {len(wrk)} rounds interleaved)\n")
print("| generator | req/s (per round) | mean req/s | vs wrk | closed-loop p99 |")
print("|---|---|---|---|---|")
print(f"| wrk -t1 | {' / '.join(f'{x:,.0f}' for x in wrk)} | {w:,.0f} | 1.00 | {statistics.mean(wrk_p99s):.2f} ms |")
print(f"| stadium load url | {' / '.join(f'{x:,.0f}' for x in st)} | {s:,.0f} | **{s/w:.2f}** | {statistics.mean(st_closed_p99):.2f} ms |")
print(f"| locust (1 process, FastHttpUser) | {locust:,.0f} | {locust:,.0f} | {locust/w:.2f} | |")
print(f"\nstadium / locust = **{s/locust:.1f} x**; stadium / wrk = **{s/w:.0%}**.\n")
print("| fixed rate | offered | achieved req/s | dropped | p50 corrected | p99 corrected | p99 uncorrected (service time) | wrk closed-loop p99 |")
print("|---|---|---|---|---|---|---|---|")
for share in (60, 85):
    d = json.load(open(f"{out}/stadium-rate-{share}.json")); e = d["endpoints"]["url"]
    offered = round(s * share / 100)
    print(f"| {share} % of max | {offered:,} /s | {d['requestsPerSecond']:,.0f} | {d['droppedIterations']:,} | {e['p50Ms']:.2f} ms | {e['p99Ms']:.2f} ms | {e['uncorrectedP99Ms']:.2f} ms | {statistics.mean(wrk_p99s):.2f} ms |")
PY

python3 - "$out/summary.md" <<'PY'
import sys, pathlib
results = pathlib.Path("bench/RESULTS.md")
text = results.read_text() if results.exists() else "# Benchmark results\n"
block = pathlib.Path(sys.argv[1]).read_text()
header = "## Load generator"
if header not in text:
    text = text.rstrip() + f"\n\n{header}\n\n<!-- runs of bench/load-generator.sh are appended below -->\n"
# Append this run at the end of the load-generator section (before the next '## ' section, if any).
start = text.index(header)
nxt = text.find("\n## ", start + len(header))
insert_at = len(text) if nxt < 0 else nxt
text = text[:insert_at].rstrip() + "\n\n" + block.strip() + "\n" + ("\n" + text[insert_at:].lstrip("\n") if nxt >= 0 else "")
results.write_text(text)
PY
echo "appended to bench/RESULTS.md"
