"""bench/soak.sh's sampler and report (Debian's python3, so matplotlib comes from python3-matplotlib).

  soak.py sample PID SECONDS PORT CGROUP_DIR SAMPLES.jsonl   appends one sample (CGROUP_DIR "" when unlimited)
  soak.py report META.json SAMPLES.jsonl RESULTS.json VERIFY.txt VERIFY_EXIT OUT.json OUT.png

A sample: the node's RSS (/proc/PID/status VmRSS), its managed heap (the sum over generations of
dotnet_gc_last_collection_heap_size_bytes: what the last GC left, fragmentation included) and the heap the GC
has committed, the memory budget and each cache's size when the node exports them (stadium_memory_*), its
readiness answer, and under a memory limit the cgroup's usage, failcnt and OOM kills.
"""
import json
import re
import statistics
import sys
import urllib.error
import urllib.request

MB = 1024 * 1024
SERIES = re.compile(r'^([a-z_]+)(?:\{([^}]*)\})? ([0-9.eE+-]+|NaN)$')


def rss_bytes(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except FileNotFoundError:
        return None
    return None


def rss_parts(pid):
    """RSS by kind of mapping (/proc/PID/smaps): files (assemblies, native libraries), the JIT's code (the runtime
    maps it twice through a memfd, W^X) and anonymous memory (the GC's regions, native heaps, thread stacks)."""
    parts = {"filesBytes": 0, "jitCodeBytes": 0, "anonBytes": 0}
    kind = None
    try:
        with open(f"/proc/{pid}/smaps") as f:
            for line in f:
                fields = line.split()
                if fields and "-" in fields[0] and len(fields) >= 5 and ":" in fields[3]:
                    name = fields[5] if len(fields) > 5 else ""
                    kind = "jitCodeBytes" if "doublemapper" in name else ("filesBytes" if name.startswith("/") else "anonBytes")
                elif fields and fields[0] == "Rss:" and kind:
                    parts[kind] += int(fields[1]) * 1024
    except OSError:
        return {}
    return parts


def get(url, timeout=5):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")
    except Exception as e:  # refused, reset, timed out: the node did not answer
        return 0, type(e).__name__


def parse_metrics(text):
    heap = committed = 0.0
    caches, limits, sheds, out = {}, {}, {}, {}
    for line in text.splitlines():
        m = SERIES.match(line)
        if not m:
            continue
        name, labels, value = m.group(1), m.group(2) or "", float(m.group(3))
        cache = re.search(r'cache="([^"]+)"', labels)
        if name == "dotnet_gc_last_collection_heap_size_bytes":
            heap += value
        elif name == "dotnet_gc_last_collection_memory_committed_size_bytes":
            committed += value
        elif name == "stadium_memory_cache_size_bytes" and cache:
            caches[cache.group(1)] = caches.get(cache.group(1), 0) + value
        elif name == "stadium_memory_cache_limit_bytes" and cache:
            limits[cache.group(1)] = limits.get(cache.group(1), 0) + value
        elif name == "stadium_protection_shedding_sheds_total":
            # What refused them (reason: cpu, limit, memory, drill), so a run's sheds can be told apart.
            reason = re.search(r'reason="([^"]+)"', labels)
            key = reason.group(1) if reason else "unlabelled"
            sheds[key] = sheds.get(key, 0) + value
        elif name == "stadium_db_sqlite_memory_bytes":
            out["sqliteBytes"] = value
        elif name in ("stadium_memory_budget_bytes", "stadium_memory_pressure"):
            out[name.removeprefix("stadium_memory_").removesuffix("_bytes")] = value
    out.update(heapBytes=heap or None, gcCommittedBytes=committed or None, caches=caches, cacheLimits=limits, shedsByReason=sheds)
    return out


def cgroup_state(folder):
    if not folder:
        return {}
    def read(name):
        try:
            with open(f"{folder}/{name}") as f:
                return f.read()
        except OSError:
            return ""
    oom = dict(line.split() for line in read("memory.oom_control").splitlines() if len(line.split()) == 2)
    return {"cgroupUsageBytes": int(read("memory.usage_in_bytes") or 0), "cgroupFailcnt": int(read("memory.failcnt") or 0),
            "oomKills": int(oom.get("oom_kill", 0)), "underOom": int(oom.get("under_oom", 0))}


def sample(pid, seconds, port, folder, path):
    status, body = get(f"http://127.0.0.1:{port}/health/ready")
    health = None
    try:
        health = json.loads(body).get("status")
    except (ValueError, AttributeError):
        health = body.strip()[:40] or None
    code, text = get(f"http://127.0.0.1:{port}/metrics")
    s = {"t": int(seconds), "alive": rss_bytes(pid) is not None, "rssBytes": rss_bytes(pid), "readyStatus": status, "ready": health}
    s.update(parse_metrics(text) if code == 200 else {"caches": {}, "cacheLimits": {}})
    s.update(cgroup_state(folder))
    s.update(rss_parts(pid))
    with open(path, "a") as f:
        f.write(json.dumps(s) + "\n")
    caches = " ".join(f"{k}={v / MB:.1f}" for k, v in sorted(s["caches"].items()))
    print(f"t={s['t']}s rss={(s.get('rssBytes') or 0) / MB:.1f}MB heap={(s.get('heapBytes') or 0) / MB:.1f}MB committed={(s.get('gcCommittedBytes') or 0) / MB:.1f}MB sqlite={(s.get('sqliteBytes') or 0) / MB:.1f}MB jit={(s.get('jitCodeBytes') or 0) / MB:.1f}MB files={(s.get('filesBytes') or 0) / MB:.1f}MB ready={status} {health} {caches}", flush=True)


def report(meta_path, samples_path, results_path, verify_path, verify_exit, out_path, png):
    meta = json.load(open(meta_path))
    samples = [json.loads(line) for line in open(samples_path) if line.strip()]
    warmup = meta["warmupSeconds"]
    try:
        load = json.load(open(results_path))
    except (OSError, ValueError):
        load = {}
    endpoints = load.get("endpoints", {})
    # RSS at the end of the warm-up: the median of the samples in its last two minutes. One sample lands anywhere on the
    # collector's saw-tooth (measured: +-9 % within a minute), which would make the verdict a matter of luck.
    before = [s for s in samples if s["t"] <= warmup and s["rssBytes"]]
    after = [s for s in samples if s["t"] > warmup and s["rssBytes"]]
    tail = [s["rssBytes"] for s in before if s["t"] > warmup - 120] or [s["rssBytes"] for s in before[-1:]] \
        or [s["rssBytes"] for s in samples if s["rssBytes"]][:1]
    base = statistics.median(tail) if tail else None
    # Growth is the failure a plateau rules out: the highest sample after the warm-up against the base, and the slope of
    # a least-squares line through them over the rest of the run (the saw-tooth averages out of a line, not of a max).
    deviation = max((abs(s["rssBytes"] - base) / base for s in after), default=None) if base else None
    growth = max(((s["rssBytes"] - base) / base for s in after), default=None) if base else None
    slope = None
    if len(after) >= 3:
        fit = statistics.linear_regression([s["t"] / 60 for s in after], [s["rssBytes"] / MB for s in after])
        slope = fit.slope
    span_minutes = (after[-1]["t"] - after[0]["t"]) / 60 if len(after) >= 2 else 0
    drift = slope * span_minutes / (base / MB) if slope is not None and base else None
    rss_mb = [s["rssBytes"] / MB for s in samples if s["rssBytes"]]
    verify = open(verify_path).read().strip().splitlines() if verify_path else []
    errors = load.get("errors")
    limited = meta.get("memLimitBytes")
    summary = {
        **meta,
        "samples": len(samples),
        "rssMB": {"endOfWarmup": round(base / MB, 1) if base else None, "min": round(min(rss_mb), 1) if rss_mb else None,
                  "max": round(max(rss_mb), 1) if rss_mb else None, "end": round(rss_mb[-1], 1) if rss_mb else None},
        "heapMBMax": round(max((s["heapBytes"] or 0) for s in samples) / MB, 1) if samples else None,
        # Where RSS beyond the managed heap sits, at the end of the warm-up and at the end: what grows if the GC's share does not.
        "rssPartsMB": {part: {"endOfWarmup": round(before[-1][part] / MB, 1) if before and before[-1].get(part) is not None else None,
                              "end": round(samples[-1][part] / MB, 1) if samples and samples[-1].get(part) is not None else None}
                       for part in ("gcCommittedBytes", "jitCodeBytes", "filesBytes", "anonBytes", "sqliteBytes")},
        "cachesMBAtEnd": {k: round(v / MB, 2) for k, v in (samples[-1]["caches"] if samples else {}).items()},
        "budgetMB": round(samples[-1]["budget"] / MB, 1) if samples and samples[-1].get("budget") else None,
        "pressureMax": max((s["pressure"] for s in samples if s.get("pressure") is not None), default=None),
        "degradedSamples": sum(1 for s in samples if str(s["ready"]).startswith("Degraded")),
        "plateau": {"baseMB": round(base / MB, 1) if base else None,
                    "maxDeviationFromEndOfWarmup": round(deviation, 3) if deviation is not None else None,
                    "maxGrowthOverBase": round(growth, 3) if growth is not None else None,
                    "slopeMBPerMinute": round(slope, 3) if slope is not None else None,
                    "driftOverRunFromSlope": round(drift, 3) if drift is not None else None,
                    "within10Percent": growth is not None and growth <= 0.10 and drift is not None and abs(drift) <= 0.10},
        "load": {"requests": load.get("requests"), "errors": errors, "shed": load.get("shed"),
                 "shedBesidesLogin": sum((e.get("shed") or 0) for k, e in endpoints.items() if k != "login"),
                 "achievedPerSecond": load.get("achievedArrivalsPerSecond"), "droppedOrFailedIterations": load.get("failedIterations"),
                 # The node's own count at the last sample, by what refused them (logins' hashing limit is not a shed here).
                 "nodeShedsByReason": {k: int(v) for k, v in (samples[-1].get("shedsByReason") or {}).items()} if samples else {},
                 "byEndpoint": {k: {"errors": e.get("errors"), "shed": e.get("shed"), "statusCodes": e.get("statusCodes"), "p99Ms": e.get("p99Ms")}
                                      for k, e in endpoints.items()}},
        "verify": {"exitCode": int(verify_exit), "lastLines": verify[-3:]},
        "readyEverySample": all(s["readyStatus"] == 200 for s in samples) and bool(samples),
        "aliveAtEnd": bool(samples) and samples[-1]["alive"],
    }
    if limited:
        summary["oom"] = {"oomKills": max((s.get("oomKills", 0) for s in samples), default=0),
                          "failcnt": max((s.get("cgroupFailcnt", 0) for s in samples), default=0),
                          "cgroupUsageMBMax": round(max((s.get("cgroupUsageBytes", 0) for s in samples), default=0) / MB, 1)}
    checks = {"plateau": summary["plateau"]["within10Percent"], "noErrors": errors == 0,
              "everyWriteReadBack": int(verify_exit) == 0, "readyOrDegradedEverySample": summary["readyEverySample"],
              "alive": summary["aliveAtEnd"]}
    if limited:
        checks["noOomKill"] = summary["oom"]["oomKills"] == 0
    summary["checks"] = checks
    summary["pass"] = all(checks.values())
    summary["series"] = samples
    with open(out_path, "w") as f:
        json.dump(summary, f, indent=1)
    print(json.dumps({k: v for k, v in summary.items() if k != "series"}, indent=2))
    plot(summary, samples, png)


def plot(summary, samples, png):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    minutes = [s["t"] / 60 for s in samples]
    fig, ax = plt.subplots(figsize=(10, 4.5))
    ax.plot(minutes, [(s["rssBytes"] or 0) / MB for s in samples], "-", lw=2, label="RSS")
    ax.plot(minutes, [(s["heapBytes"] or 0) / MB for s in samples], "-", label="managed heap (after last GC)")
    if any(s.get("gcCommittedBytes") for s in samples):
        ax.plot(minutes, [((s["rssBytes"] or 0) - (s.get("gcCommittedBytes") or 0)) / MB for s in samples], "-", lw=1,
                label="RSS outside the GC (runtime, JIT code, files, native)")
    for cache in sorted({c for s in samples for c in s["caches"]}):
        ax.plot(minutes, [s["caches"].get(cache, 0) / MB for s in samples], "--", lw=1, label=f"cache {cache}")
    base = summary["rssMB"]["endOfWarmup"]
    if base:
        ax.axhspan(base * 0.9, base * 1.1, color="grey", alpha=0.15, label="end of warm-up RSS ±10 %")
    ax.axvline(summary["warmupSeconds"] / 60, color="grey", lw=0.8, ls=":")
    if summary.get("budgetMB"):
        ax.axhline(summary["budgetMB"], color="orange", lw=0.8, ls="--", label="Stadium:Memory:Budget")
    if summary.get("memLimitBytes"):
        ax.axhline(summary["memLimitBytes"] / MB, color="red", lw=0.8, label="cgroup memory limit")
    ax.set(xlabel="minutes", ylabel="MB", ylim=(0, None),
           title=f"Memory soak: {summary['backend']}, {summary['rate']} arrivals/s" + (f", limit {summary['memLimitBytes'] // MB} MB" if summary.get("memLimitBytes") else ""))
    ax.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    fig.savefig(png, dpi=100)
    print(f"plot: {png}")


if __name__ == "__main__":
    verb, args = sys.argv[1], sys.argv[2:]
    if verb == "sample":
        sample(*args)
    else:
        report(*args)
