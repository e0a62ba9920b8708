"""Clients that retry every failure: WORKERS threads, each sends GET requests (keep-alive, one connection each) for
DURATION seconds; a request that fails (5xx, or no answer) is sent again at once, up to RETRIES more times.
Prints one JSON line: offered (first attempts), attempts (all HTTP requests sent), statuses, elapsed seconds.

usage: python3 bench/retry-storm-client.py BASE_URL PATH_TEMPLATE WORKERS DURATION_S RETRIES
       PATH_TEMPLATE has {i}, replaced by a number cycling through 1..1000.
"""
import http.client, json, sys, threading, time, urllib.parse
from collections import Counter

base, template, workers, duration, retries = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
url = urllib.parse.urlparse(base)
lock = threading.Lock()
totals = Counter()
statuses = Counter()
deadline = time.time() + duration


def worker(n):
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    i = n
    while time.time() < deadline:
        i = i % 1000 + 1
        path = template.format(i=i)
        with lock:
            totals["offered"] += 1
        for _ in range(retries + 1):
            with lock:
                totals["attempts"] += 1
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                status = response.status
            except Exception:
                conn.close()
                conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
                status = 0
            with lock:
                statuses[str(status)] += 1
            if 0 < status < 500:
                break


start = time.time()
threads = [threading.Thread(target=worker, args=(n,)) for n in range(workers)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(json.dumps({"offered": totals["offered"], "attempts": totals["attempts"], "statuses": dict(statuses), "seconds": round(time.time() - start, 1)}))
