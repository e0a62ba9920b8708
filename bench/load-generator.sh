#!/usr/bin/env bash
# Load generator benchmark: wrk, `stadium load url` and one Locust process (FastHttpUser) against the
# same bare Kestrel /json (`stadium ceiling`), same connections and duration, in one run; then the
# fixed-rate comparison (stadium's corrected vs uncorrected p99 next to wrk's closed-loop p99).
# stadium runs on both engines (raw, the default, and HttpClient) so the gain shows in the same run.
# Appends a dated block of ratios to bench/RESULTS.md; raw outputs go to bench/out/loadgen/.
#
# usage: bench/load-generator.sh            env: CONNECTIONS=64 DURATION=10 ROUNDS=4
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null && command -v locust >/dev/null || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk python3-locust >/dev/null; }
connections=${CONNECTIONS:-64}; duration=${DURATION:-10}; rounds=${ROUNDS:-4}; port=${PORT:-18090}
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
json_get() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {}, {'d': d}))" "$1" "$2"; }

loadavg() { cut -d' ' -f1 /proc/loadavg; }

echo "== warm-up (server JIT and stadium's own)"
wrk -t1 -c"$connections" -d3s "$url" >/dev/null
"$stadium" load url "$url" -c "$connections" -d 3s -q

# Each round runs wrk, the raw engine and the HttpClient engine back to back, in an order that
# alternates between rounds so a drift in the machine's load does not always favour the same tool.
# The load average (1 min) is taken before each run: other work on the two cores shows up there.
# Each generator's own CPU time (user + sys, from /usr/bin/time; stadium's includes its start-up) per
# request is the figure the noise disturbs least: it says how much of the two cores the generator
# takes away from the server for each request.
run_wrk() {
  local load; load=$(loadavg)
  /usr/bin/time -f "%U %S" -o "$out/wrk-$1.cpu" wrk -t1 -c"$connections" -d"${duration}s" --latency "$url" > "$out/wrk-$1.txt"
  echo "$load" > "$out/wrk-$1.load"; echo "   wrk: $(wrk_rps "$out/wrk-$1.txt") req/s (load $load)"
}
run_stadium() {  # $1 round, $2 engine
  local load; load=$(loadavg)
  /usr/bin/time -f "%U %S" -o "$out/stadium-$2-$1.cpu" \
    "$stadium" load url "$url" -c "$connections" -d "${duration}s" --engine "$2" -q --out "$out/stadium-$2-$1.json"
  echo "$load" > "$out/stadium-$2-$1.load"
  echo "   stadium ($2): $(json_get "$out/stadium-$2-$1.json" "round(d['requestsPerSecond'])") req/s (load $load)"
}
rm -f "$out"/wrk-*.txt "$out"/wrk-*.load "$out"/wrk-*.cpu "$out"/stadium-*.json "$out"/stadium-*.load "$out"/stadium-*.cpu "$out"/locust-*
for round in $(seq 1 "$rounds"); do
  echo "== round $round (-c$connections, ${duration}s each)"
  if (( round % 2 )); then
    run_wrk "$round"; run_stadium "$round" raw; run_stadium "$round" httpclient
  else
    run_stadium "$round" httpclient; run_stadium "$round" raw; run_wrk "$round"
  fi
done

# One Locust process per client class, one user per connection, all users spawned within the first
# second; the rate is taken over the steady part only: --reset-stats restarts the counts once every
# user is running, so the spawn ramp is left out (this Locust writes no per-second history in
# headless --only-summary mode, so the final figure after the reset is the one available).
# FastHttpUser is Locust's fastest client; HttpUser (python-requests) is its default, the one most
# locustfiles use. CPU per request comes from /usr/bin/time over the whole process, start-up included.
run_locust() {  # $1 user class
  local load; load=$(loadavg)
  echo "== one Locust process, $1, $connections users, $((duration + 3))s"
  (cd "$out" && LOCUST_USER_CLASS="$1" /usr/bin/time -f "%U %S" -o "locust-$1.cpu" \
    locust -f "$OLDPWD/bench/locust-json.py" --headless -u "$connections" -r "$connections" -t "$((duration + 3))s" \
    --host "http://127.0.0.1:$port" --only-summary --reset-stats --csv "locust-$1" > "locust-$1.log" 2>&1) || true
  echo "$load" > "$out/locust-$1.load"
  echo "   $(json_locust "$1") req/s over the steady part (load $load)"
}
json_locust() {  # $1 user class: its steady-part req/s
  python3 -c "
import csv, sys; rows = [r for r in csv.DictReader(open('$out/locust-$1_stats.csv')) if r['Name'] == 'Aggregated']
print(round(float(rows[0]['Requests/s'])))"
}
run_locust FastHttpUser
run_locust HttpUser

# Fixed rate: a comfortable rate (60 %) and one this server can barely sustain (85 % of stadium's own
# closed-loop maximum), where queueing builds up and coordinated omission shows.
max=$(python3 -c "import json,statistics,sys; print(round(statistics.mean(json.load(open(f))['requestsPerSecond'] for f in sys.argv[1:])))" "$out"/stadium-raw-*.json)
for share in 60 85; do
  rate=$((max * share / 100))
  echo "== stadium load url --rate $rate (${share} % of its closed-loop max), ${duration}s"
  "$stadium" load url "$url" -c "$connections" -d "${duration}s" --rate "$rate" -q --out "$out/stadium-rate-$share.json"
done

python3 - "$out" "$connections" "$duration" "$rounds" <<'PY' | tee "$out/summary.md"
import json, re, statistics, sys, datetime
out, c, dur, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
def cpu_us(name, requests):
    return sum(map(float, open(f"{out}/{name}.cpu").read().split()[-2:])) / requests * 1e6
def wrk_run(i):
    t = open(f"{out}/wrk-{i}.txt").read()
    v, u = re.search(r"99%\s+([0-9.]+)(us|ms|s)", t).groups()
    requests = int(re.search(r"(\d+) requests in", t).group(1))
    return float(re.search(r"Requests/sec:\s+([0-9.]+)", t).group(1)), float(v) * {"us": 0.001, "ms": 1, "s": 1000}[u], cpu_us(f"wrk-{i}", requests)
def stadium_run(i, engine):
    d = json.load(open(f"{out}/stadium-{engine}-{i}.json"))
    return d["requestsPerSecond"], d["endpoints"]["url"]["p99Ms"], cpu_us(f"stadium-{engine}-{i}", d["requests"])
def load(name):
    return open(f"{out}/{name}.load").read().strip()
print(f"### Run of {datetime.date.today()} (`bench/load-generator.sh`, -c{c}, {dur} s each, {rounds} rounds, order alternating)\n")
print("| round | load avg before wrk / raw / HttpClient | wrk -t1 req/s | stadium raw req/s | raw / wrk | stadium HttpClient req/s | HttpClient / wrk | p99 wrk / raw / HttpClient | generator CPU per request wrk / raw / HttpClient |")
print("|---|---|---|---|---|---|---|---|---|")
ratios, http_ratios, w_all, s_all, h_all, cpus = [], [], [], [], [], []
for i in range(1, rounds + 1):
    (w, wp, wc), (s, sp, sc), (h, hp, hc) = wrk_run(i), stadium_run(i, "raw"), stadium_run(i, "httpclient")
    cpus.append((wc, sc, hc))
    w_all.append(w); s_all.append(s); h_all.append(h); ratios.append(s / w); http_ratios.append(h / w)
    print(f"| {i} | {load(f'wrk-{i}')} / {load(f'stadium-raw-{i}')} / {load(f'stadium-httpclient-{i}')} | {w:,.0f} | {s:,.0f} | **{s/w:.2f}** | {h:,.0f} | {h/w:.2f} | {wp:.2f} / {sp:.2f} / {hp:.2f} ms | {wc:.1f} / {sc:.1f} / {hc:.1f} us |")
s = statistics.mean(s_all)
print(f"| mean | | {statistics.mean(w_all):,.0f} | {s:,.0f} | **{statistics.mean(ratios):.2f}** (median {statistics.median(ratios):.2f}) | {statistics.mean(h_all):,.0f} | {statistics.mean(http_ratios):.2f} | | {' / '.join(f'{statistics.mean(x[k] for x in cpus):.1f}' for k in range(3))} us |")
def locust_run(cls):
    import csv
    row = next(r for r in csv.DictReader(open(f"{out}/locust-{cls}_stats.csv")) if r["Name"] == "Aggregated")
    rps = float(row["Requests/s"])
    # The CSV holds the steady part only (after --reset-stats); the CPU covers the whole process, so
    # the request count for CPU per request adds the spawn second at the steady rate: a slight over-count.
    cpu = sum(map(float, open(f"{out}/locust-{cls}.cpu").read().split()[-2:]))
    return rps, cpu / (rps * (int(dur) + 3)) * 1e6, open(f"{out}/locust-{cls}.load").read().strip()
stadium_cpu = statistics.mean(x[1] for x in cpus)
print("\n| one Locust process, 64 users | load avg before | req/s (steady part) | stadium raw / Locust req/s | Locust CPU per request | Locust / stadium raw CPU per request |")
print("|---|---|---|---|---|---|")
for cls in ("FastHttpUser", "HttpUser"):
    rps, cpu, ld = locust_run(cls)
    print(f"| {cls} | {ld} | {rps:,.0f} | **{s/rps:.1f} x** | ~{cpu:.0f} us | {cpu/stadium_cpu:.1f} x |")
print()
print("| fixed rate | offered | achieved req/s | dropped | p50 corrected | p99 corrected | p99 uncorrected (service time) | wrk closed-loop p99 |")
print("|---|---|---|---|---|---|---|---|")
wrk_p99 = statistics.mean(wrk_run(i)[1] for i in range(1, rounds + 1))
for share in (60, 85):
    d = json.load(open(f"{out}/stadium-rate-{share}.json")); e = d["endpoints"]["url"]
    offered = round(s * share / 100)
    print(f"| {share} % of max | {offered:,} /s | {d['requestsPerSecond']:,.0f} | {d['droppedIterations']:,} | {e['p50Ms']:.2f} ms | {e['p99Ms']:.2f} ms | {e['uncorrectedP99Ms']:.2f} ms | {wrk_p99:.2f} ms |")
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
