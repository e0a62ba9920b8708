#!/usr/bin/env python3
"""Reads `wrk --latency` output on stdin; prints one JSON line: rps, p50/p99 in ms, non-2xx, errors."""
import json, re, sys

text = sys.stdin.read()
def ms(value):
    number, unit = re.match(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))}
for pct in ("50", "90", "99"):
    m = re.search(rf"^\s+{pct}(?:\.000)?%\s+(\S+)", text, re.M)
    result[f"p{pct}Ms"] = round(ms(m.group(1)), 3) if m else None
m = re.search(r"(\d+) requests in", text)
result["requests"] = int(m.group(1)) if m else None
m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
result["non2xx"] = int(m.group(1)) if m else 0
m = re.search(r"Socket errors: (.*)", text)
result["socketErrors"] = m.group(1).strip() if m else ""
print(json.dumps(result))
