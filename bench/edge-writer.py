#!/usr/bin/env python3
"""bench/edge.sh's writer and observer. Signed in as the three most popular accounts, in turn: changes the display
name (PATCH /v1/me) or writes a post (POST /v1/posts), then reads the profile or the account's post list from TARGET
every 100 ms until the change shows. One JSON line per write: the endpoint, slo.yaml's staleness budget it answers to,
and how many seconds the change took to show (null if not within 120 s). Stops on SIGINT or SIGTERM.

usage: edge-writer.py TARGET GATEWAY HOT EVERY_SECONDS OUT"""
import json
import signal
import sys
import time
import urllib.request

target, gateway, hot, every, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
PASSWORD = "stadium-demo-password"
GIVE_UP = 120.0


def call(method, url, body=None, token=None):
    request = urllib.request.Request(url, method=method, data=None if body is None else json.dumps(body).encode())
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.headers.get("X-Cache-Status", ""), response.read().decode()


def visible(url, text, written):
    statuses = []
    while time.monotonic() - written < GIVE_UP:
        try:
            _, cache, body = call("GET", url)
            statuses.append(cache)
            if text in body:
                return time.monotonic() - written, statuses
        except Exception:
            statuses.append("error")
        time.sleep(0.1)
    return None, statuses


# A background job of a script starts with SIGINT ignored; both signals end the loop between writes.
signal.signal(signal.SIGINT, signal.default_int_handler)
signal.signal(signal.SIGTERM, signal.default_int_handler)
writers = [f"user{i}" for i in range(1, min(3, hot) + 1)]
tokens = {u: json.loads(call("POST", f"{gateway}/v1/auth/login", {"username": u, "password": PASSWORD})[2])["accessToken"] for u in writers}
turn = 0
with open(out, "w") as log:
    try:
        while True:
            user = writers[turn % len(writers)]
            marker = f"edge-{time.time_ns()}"
            if turn % 2 == 0:
                call("PATCH", f"{target}/v1/me", {"displayName": marker}, tokens[user])
                endpoint, budget, url = "profile", "profiles", f"{target}/v1/users/{user}"
            else:
                call("POST", f"{target}/v1/posts", {"text": marker}, tokens[user])
                endpoint, budget, url = "userPosts", "posts", f"{target}/v1/users/{user}/posts"
            seen, statuses = visible(url, marker, time.monotonic())
            log.write(json.dumps({"endpoint": endpoint, "budget": budget, "user": user, "seenAfterSeconds": seen,
                                  "reads": len(statuses), "cacheStatuses": sorted(set(statuses))}) + "\n")
            log.flush()
            turn += 1
            time.sleep(every)
    except KeyboardInterrupt:
        pass
