#!/usr/bin/env bash
# Overload: the feed offered open-model (stadium load url --rate, latency from the intended send time) at 1 x, 2 x
# and 4 x the node's measured peak, with adaptive shedding on and off, the node under a CPU quota (one core) so the
# generator can really offer 4 x. Per run: goodput (2xx/s) as a share of the peak, p99 of admitted requests, the
# shed share, the rate the generator achieved, and server CPU per shed answer vs per served answer. Writes
# bench/out/overload.json and bench/out/overload.png (goodput and p99 against offered load).
#
# env: DURATION (per run, seconds with an s, default 20s), WARMUP (15s), USERS (seeded, 10000), CPUS (server quota, 1),
# CONNECTIONS (256). Check peakServerCpuShareOfQuota: near 1 the server was the bottleneck; if the generator could not
# saturate the server (a busy machine), lower CPUS so it can.
set -euo pipefail
cd "$(dirname "$0")/.."
/usr/bin/python3 -c "import matplotlib" 2>/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-matplotlib >/dev/null; }
source bench/lib/overload-common.sh
duration=${DURATION:-20s}
seed_and_tokens
trap 'stop_server overload-on; stop_server overload-off; stop_server overload-shedcost' EXIT

results=()
for mode in off on; do
  enabled=$([ "$mode" = on ] && echo true || echo false)
  start_server "overload-$mode" "Stadium__Protection__Shedding__Enabled=$enabled"
  capped=$(cgroup_capped "overload-$mode" && echo true || echo false)
  echo "== shedding $mode: warm-up"
  feed_run "" "${WARMUP:-15s}" "$out/overload-warm.json"
  if [ -z "${peak:-}" ]; then
    echo "== peak (closed loop, as fast as $connections connections allow)"
    before=$(cpu_seconds "$api")
    feed_run "" "$duration" "$out/overload-peak.json"
    peak_share=$(cpu_share "$api" "$before" "$(cpu_seconds "$api")" "${duration%s}")
    peak=$(summary "$out/overload-peak.json" | python3 -c "import json,sys; print(json.load(sys.stdin)['goodput'])")
    echo "peak: $peak/s, server CPU $peak_share of its quota"
  fi
  for x in 1 2 4; do
    rate=$(python3 -c "print(round($peak * $x))")
    before=$(cpu_seconds "$api")
    feed_run "$rate" "$duration" "$out/overload-$mode-$x.json"
    after=$(cpu_seconds "$api")
    run=$(summary "$out/overload-$mode-$x.json")
    run=$(python3 -c "import json,sys; d=json.loads(sys.argv[1]); d.update(mode=sys.argv[2], x=int(sys.argv[3]), cpuSeconds=round(float(sys.argv[5])-float(sys.argv[4]),3), capped=sys.argv[6]=='true', serverCpuShareOfQuota=float(sys.argv[7])); print(json.dumps(d))" \
      "$run" "$mode" "$x" "$before" "$after" "$capped" "$(cpu_share "$api" "$before" "$after" "${duration%s}")")
    echo "$run"
    results+=("$run")
    sleep 3 # let queued work drain before the next rate
  done
  stop_server "overload-$mode"
done

# The cost of a shed answer, at the same offered rate as the 1 x run without shedding (so batching effects match):
# a lag target of one tick makes the node shed all it may (it always admits a twentieth).
echo "== shed cost: 1 x peak, nearly everything shed"
start_server overload-shedcost "Stadium__Protection__Shedding__LagTarget=00:00:00.0000001"
feed_run "" "${WARMUP:-15s}" "$out/overload-warm.json"
before=$(cpu_seconds "$api")
feed_run "$(python3 -c "print(round($peak))")" "$duration" "$out/overload-shedcost.json"
after=$(cpu_seconds "$api")
run=$(python3 -c "import json,sys; d=json.loads(sys.argv[1]); d.update(mode='shedcost', x=1, cpuSeconds=round(float(sys.argv[3])-float(sys.argv[2]),3)); print(json.dumps(d))" \
  "$(summary "$out/overload-shedcost.json")" "$before" "$after")
echo "$run"
results+=("$run")
stop_server overload-shedcost
trap - EXIT

# Debian's python3 (its python3-matplotlib), whatever python3 comes first on PATH.
printf '%s\n' "${results[@]}" > "$out/overload-runs.jsonl"
/usr/bin/python3 - "$peak" "$(uptime)" "$out/overload.png" "$out/overload-runs.jsonl" "$peak_share" "$cpus" <<'PY' | tee "$out/overload.json"
import json, sys
peak, uptime, png = float(sys.argv[1]), sys.argv[2], sys.argv[3]
runs = [json.loads(line) for line in open(sys.argv[4]) if line.strip()]
# CPU per served answer from the 1 x run without shedding; per shed answer from the shed-cost run at the same rate,
# less the CPU of the twentieth it served.
base = next(r for r in runs if r["mode"] == "off" and r["x"] == 1)
per_served = base["cpuSeconds"] / max(1, base["served"])
for r in runs:
    r["goodputShareOfPeak"] = round(r["goodput"] / peak, 3)
    if r["mode"] == "shedcost" and r["shed"] > 0:
        r["cpuUsPerShed"] = round(max(0.0, r["cpuSeconds"] - r["served"] * per_served) * 1e6 / r["shed"], 1)
summary = {"peak": peak, "peakServerCpuShareOfQuota": float(sys.argv[5]), "serverCpus": float(sys.argv[6]), "loadAverage": uptime.split("load average:")[-1].strip(),
           "cpuUsPerServed": round(per_served * 1e6, 1) if per_served else None, "runs": runs}
sheds = [r["cpuUsPerShed"] for r in runs if "cpuUsPerShed" in r]
if sheds:
    summary["shedCostShareOfServed"] = round(sum(sheds) / len(sheds) / (per_served * 1e6), 3)
print(json.dumps(summary, indent=2))

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
fig, (good, p99) = plt.subplots(1, 2, figsize=(10, 4))
for mode, style in (("on", "o-"), ("off", "s--")):  # the shed-cost run is not a point of the curve
    rs = sorted((r for r in runs if r["mode"] == mode), key=lambda r: r["x"])
    good.plot([r["x"] for r in rs], [r["goodputShareOfPeak"] * 100 for r in rs], style, label=f"shedding {mode}")
    p99.plot([r["x"] for r in rs], [r["p99Ms"] for r in rs], style, label=f"shedding {mode}")
good.set(xlabel="offered load (x peak)", ylabel="goodput (% of peak)", title="Goodput", ylim=(0, max(120, 10 + max(r["goodputShareOfPeak"] * 100 for r in runs)))); good.axhline(90, color="grey", lw=0.8)
p99.set(xlabel="offered load (x peak)", ylabel="p99 of admitted (ms, log)", title="p99 latency", yscale="log"); p99.axhline(50, color="grey", lw=0.8)
for ax in (good, p99):
    ax.set_xticks([1, 2, 4]); ax.legend()
fig.tight_layout(); fig.savefig(png, dpi=100)
PY
echo "plot: $out/overload.png"
