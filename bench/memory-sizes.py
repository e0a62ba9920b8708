"""bench/memory-sizes.sh's measuring half: against a node just started on a fresh seed, with no traffic yet.

  memory-sizes.py PID PORT TOKENS_FILE USERS   (TOKENS_FILE.again: fresh tokens for the same accounts)

Prints one JSON object: the node's RSS and managed heap idle, then after each stage, and each stage's growth per
item: profiles read (one cached profile each); every token's account reading the newest post of its feed (its
timeline built, one post cached, the token's validation cached); the same accounts with fresh tokens (only the
validations are new); the first tokens reading pages of 20 (only posts are new). A timeline is what the first read
cost less a token and its share of a post. Plus the mean JSON size of a profile, a post and a feed page of 20.
"""
import json
import random
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from soak import parse_metrics, rss_bytes  # noqa: E402

MB = 1024 * 1024
pid, port, tokens_file, users = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
base = f"http://127.0.0.1:{port}"


def get(path, token=None):
    request = urllib.request.Request(base + path, headers={"Authorization": f"Bearer {token}"} if token else {})
    with urllib.request.urlopen(request, timeout=30) as r:
        return r.read()


def memory():
    # Two samples a few seconds apart, the lower kept: the heap figure is what the last GC left.
    best = None
    for _ in range(2):
        m = parse_metrics(get("/metrics").decode())
        now = {"rssMB": round(rss_bytes(pid) / MB, 1), "heapMB": round((m["heapBytes"] or 0) / MB, 1)}
        best = now if best is None or now["rssMB"] < best["rssMB"] else best
        time.sleep(2)
    return best


def mean(xs):
    return round(sum(xs) / len(xs), 1) if xs else None


random.seed(15)
sample = random.sample(range(1, users + 1), min(users, 5000))
tokens = [t.strip() for t in open(tokens_file) if t.strip()]
again = [t.strip() for t in open(tokens_file + ".again") if t.strip()]
stages = {"idle": memory()}


def fill(name, paths, token_list=None):
    """Reads every path once (8 at a time) and records the memory after; returns the bodies."""
    with ThreadPoolExecutor(8) as pool:
        bodies = list(pool.map(lambda i: get(paths[i], token_list[i] if token_list else None), range(len(paths))))
    stages[name] = memory()
    return bodies


def ids(body):
    page = json.loads(body)
    return [p["id"] for p in (page.get("items") or page.get("posts") or [])]


profiles = fill("profiles", [f"/v1/users/user{i}" for i in sample])
first = fill("feedsFirstPost", ["/v1/feed?limit=1"] * len(tokens), tokens)
fill("tokensOnly", ["/v1/feed?limit=1"] * len(again), again)
pages = fill("feedPages", ["/v1/feed?limit=20"] * len(tokens), tokens)
posts_seen_first = {i for body in first for i in ids(body)}
posts_new = {i for body in pages for i in ids(body)} - posts_seen_first
post_sizes = [len(json.dumps(p, separators=(",", ":")).encode()) for body in pages[:200] for p in json.loads(body).get("items", [])]


def per(stage, previous, count):
    return {"rssKB": round((stages[stage]["rssMB"] - stages[previous]["rssMB"]) * 1024 / max(1, count), 2),
            "heapKB": round((stages[stage]["heapMB"] - stages[previous]["heapMB"]) * 1024 / max(1, count), 2), "count": count}


reader, token, post = per("feedsFirstPost", "profiles", len(tokens)), per("tokensOnly", "feedsFirstPost", len(again)), per("feedPages", "tokensOnly", len(posts_new))
share = len(posts_seen_first) / len(tokens)  # posts newly cached per first read
print(json.dumps({
    "users": users,
    "stages": stages,
    "jsonBytes": {"profile": mean([len(b) for b in profiles]), "post": mean(post_sizes), "feedPageOf20": mean([len(b) for b in pages])},
    "perProfile": per("profiles", "idle", len(sample)),
    "perFeedReaderFirstRead": reader,
    "perValidatedToken": token,
    "perCachedPost": post,
    "perTimelineHeapKB": round(reader["heapKB"] - token["heapKB"] - share * post["heapKB"], 2),
}))
