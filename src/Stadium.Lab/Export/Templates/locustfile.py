{{HEADER}}

import bisect
import itertools
import json
import math
import os
import random
import time
import uuid
from collections import Counter
from datetime import datetime, timezone
from urllib.parse import quote

from gevent import sleep
from gevent.lock import Semaphore
from locust import HttpUser, LoadTestShape, events, task

# The scenario as the lab planned it: phases laid end to end, each phase's journey mix, the accounts and the gates.
PLAN = json.loads(r"""{{PLAN}}""")

# An open phase runs as a pool of users: this many per arrival/s at the phase's peak (at most its maxInFlight), each
# pacing its share of the rate. An answer slower than a user's interval delays that user's next arrival.
OPEN_SLOT_SECONDS = 2.0

# STADIUM_DURATION=SECONDS caps the run, as `stadium load run --duration` does (Locust refuses --run-time with a shape).
RUN_CAP_SECONDS = float(os.environ.get("STADIUM_DURATION") or "inf")
TIMEOUT = PLAN["requestTimeoutSeconds"]
SHED = Counter()
BACKED_OFF = Counter()


def stage_level(phase, into):
    """The rate (open phase) or user count (closed phase) `into` seconds into the phase: linear through its stages."""
    level = phase["start"]
    at = 0.0
    for stage in phase["stages"]:
        if into < at + stage["seconds"]:
            return level + (stage["target"] - level) * (into - at) / stage["seconds"]
        level = stage["target"]
        at += stage["seconds"]
    return level


def pool_size(phase):
    peak = max([phase["start"]] + [stage["target"] for stage in phase["stages"]])
    return max(1, min(phase["maxInFlight"], math.ceil(peak * OPEN_SLOT_SECONDS)))


def phase_at(elapsed):
    """(index, phase, seconds into it) at `elapsed` seconds into the run; (None, None, 0) once every phase has ended."""
    for index, phase in enumerate(PLAN["phases"]):
        if elapsed < phase["startSeconds"] + phase["durationSeconds"]:
            return index, phase, elapsed - phase["startSeconds"]
    return None, None, 0.0


class PhasesShape(LoadTestShape):
    """The phases one after another: an open phase's pool of users, a closed phase's users as its stages say."""

    def tick(self):
        elapsed = self.get_run_time()
        _, phase, into = phase_at(elapsed)
        if phase is None or elapsed >= RUN_CAP_SECONDS:
            return None
        users = pool_size(phase) if phase["open"] else round(stage_level(phase, into))
        return users, max(1, users)


def weighted_pick(entries):
    items = [item for item, _ in entries]
    weights = [weight for _, weight in entries]
    return random.choices(items, weights=weights)[0]


# ---- The write ledger: every acknowledged post, in the lab's format (`stadium load verify` reads it) ----

LEDGER = {"file": None}


@events.test_start.add_listener
def open_ledger(environment, **_):
    path = os.environ.get("STADIUM_LEDGER") or PLAN.get("ledger")
    if path and PLAN["mode"] == "journeys":
        folder = os.path.dirname(os.path.abspath(path))
        os.makedirs(folder, exist_ok=True)
        LEDGER["file"] = open(path, "a", encoding="utf-8")


@events.test_stop.add_listener
def close_ledger(environment, **_):
    if LEDGER["file"] is not None:
        LEDGER["file"].close()
        LEDGER["file"] = None


def record(entry):
    """Appended and flushed at once: if the generator dies, what it was told is already on disk."""
    if LEDGER["file"] is not None:
        LEDGER["file"].write(json.dumps(entry) + "\n")
        LEDGER["file"].flush()


def now_text():
    return datetime.now(timezone.utc).isoformat()


# ---- Journeys: one session per account, shared by every user of this process ----

class Session:
    def __init__(self, account):
        self.id = account
        self.username = f"user{account}"
        self.access = None
        self.refresh = None
        self.refresh_after = 0.0
        self.login_not_before = 0.0
        self.gate = Semaphore()


SESSIONS = {}
FRESH = itertools.count()
CLOSED_SLOTS = {}


def session(account):
    if account not in SESSIONS:
        SESSIONS[account] = Session(account)
    return SESSIONS[account]


ZIPF = list(itertools.accumulate(1 / rank ** PLAN["zipfExponent"] for rank in range(1, PLAN.get("population", 0) + 1)))


def zipf_rank():
    """Ranks 1..population with odds 1/rank^s (rank = user id): a few accounts are very busy, most are quiet."""
    x = random.random() * ZIPF[-1]
    return min(bisect.bisect_left(ZIPF, x), len(ZIPF) - 1) + 1


WORDS = ["match", "goal", "crowd", "stadium", "ticket", "season", "coach", "striker", "keeper", "derby",
         "anthem", "tonight", "replay", "injury", "transfer", "league", "final", "pitch", "fans", "score"]


def post_text():
    """Log-normal lengths (most posts short, a few long), clamped to [min, max] characters."""
    bodies = PLAN["postBodies"]
    length = round(random.lognormvariate(math.log(bodies["medianChars"]), bodies["sigma"]))
    length = min(bodies["maxChars"], max(bodies["minChars"], length))
    text = ""
    while len(text) < length:
        text += random.choice(WORDS) + " "
    return text[:length].strip() or "post"


def json_body(response):
    try:
        return response.json()
    except ValueError:
        return None


class StadiumUser(HttpUser):
    host = os.environ.get("BASE_URL", PLAN["target"])

    def on_start(self):
        self.next_due = time.monotonic()
        self.idle = False
        self.accounts = {}
        # Users of an open phase start spread over one interval, not all at once.
        _, phase, into = self.where()
        if phase is not None and phase["open"]:
            rate = stage_level(phase, into)
            if rate > 0:
                sleep(random.uniform(0, pool_size(phase) / rate))
        self.next_due = time.monotonic()

    def where(self):
        return phase_at(self.environment.shape_class.get_run_time())

    def wait_time(self):
        _, phase, into = self.where()
        if phase is None:
            return 1.0
        if not phase["open"]:
            low, high = phase["thinkMinSeconds"], phase["thinkMaxSeconds"]
            return low if high <= low else random.uniform(low, high)
        rate = stage_level(phase, into)
        now = time.monotonic()
        if rate <= 0:
            self.idle = True
            return 0.25
        self.next_due = max(self.next_due + pool_size(phase) / rate, now)
        return self.next_due - now

    @task
    def iteration(self):
        if self.idle:
            self.idle = False
            return
        index, phase, _ = self.where()
        if phase is None:
            return
        if PLAN["mode"] == "requests":
            self.request_list()
            return
        action = weighted_pick(list(phase["mix"].items()))
        current = session(self.account(index, phase, action))
        if self.ensure_token(current, None):
            getattr(self, ACTIONS[action])(current)

    # Closed model: one account per user for the whole phase, from the lab's list. Open model: an app opening is the
    # next fresh account (every account once before any comes again, scattered by a stride coprime to the
    # population); anything else a Zipf choice.
    def account(self, index, phase, action):
        if phase.get("accounts"):
            if index not in self.accounts:
                slot = next(CLOSED_SLOTS.setdefault(index, itertools.count()))
                self.accounts[index] = phase["accounts"][slot % len(phase["accounts"])]
            return self.accounts[index]
        if action == "openApp":
            n = next(FRESH)
            return (n % PLAN["population"]) * PLAN["freshStride"] % PLAN["population"] + 1
        return zipf_rank()

    def call(self, method, path, endpoint, body=None, headers=None):
        """One request, recorded as the lab records it: a shed where one is expected, a failure for any other 4xx/5xx."""
        expect_shed = endpoint in PLAN["expectShed"]
        with self.client.request(method, path, name=endpoint, data=body, headers=headers, timeout=TIMEOUT, catch_response=True) as response:
            if expect_shed and response.status_code in (429, 503) and "Retry-After" in response.headers:
                SHED[endpoint] += 1
                response.success()
            elif response.status_code == 0 or response.status_code >= 400:
                response.failure(f"{endpoint}: {response.status_code or 'no answer'}")
            else:
                response.success()
        return response

    def request_list(self):
        picked = weighted_pick([(request, request["weight"]) for request in PLAN["requests"]])
        headers = dict(picked["headers"])
        body = picked["body"]
        if body is not None and not any(name.lower() == "content-type" for name in headers):
            headers["Content-Type"] = "application/json"
        self.call(picked["method"], picked["url"], picked["name"], body.encode("utf-8") if body is not None else None, headers)

    def store_tokens(self, current, response):
        body = json_body(response)
        if not body or "accessToken" not in body or "refreshToken" not in body:
            return False
        lifetime = body.get("expiresIn", 60)
        # Renewed with a tenth of the lifetime (at most a minute) to spare, as mobile clients do.
        current.access = body["accessToken"]
        current.refresh = body["refreshToken"]
        current.refresh_after = time.monotonic() + lifetime - min(60, lifetime / 10)
        return True

    def ensure_token(self, current, rejected):
        """A session that can send: kept, renewed with the refresh token, else a login. A shed login keeps the account
        away for its Retry-After (a second without one), so a shed login storm thins out instead of feeding on itself."""
        if rejected is None and current.access and time.monotonic() < current.refresh_after:
            return True
        if not current.access and time.monotonic() < current.login_not_before:
            BACKED_OFF["login"] += 1
            return False
        with current.gate:
            if current.access and current.access != rejected and time.monotonic() < current.refresh_after:
                return True  # another user of this account renewed it meanwhile
            if not current.access and time.monotonic() < current.login_not_before:
                BACKED_OFF["login"] += 1
                return False
            headers = {"Content-Type": "application/json"}
            if current.refresh:
                refreshed = self.call("POST", "/v1/auth/refresh", "refresh", json.dumps({"refreshToken": current.refresh}), headers)
                if 200 <= refreshed.status_code < 300 and self.store_tokens(current, refreshed):
                    return True
                current.access = current.refresh = None
            login = self.call("POST", "/v1/auth/login", "login", json.dumps({"username": current.username, "password": PLAN["password"]}), headers)
            if 200 <= login.status_code < 300 and self.store_tokens(current, login):
                return True
            if login.status_code in (429, 503):
                try:
                    pause = float(login.headers.get("Retry-After", "1"))
                except ValueError:
                    pause = 1.0
                current.login_not_before = time.monotonic() + pause
            return False

    def send(self, current, method, path, endpoint, body=None, headers=None):
        """One request as the account; a 401 is answered by renewing the session and sending once more."""
        headers = dict(headers or {})
        if body is not None:
            headers["Content-Type"] = "application/json"
        token = current.access
        response = self.call(method, path, endpoint, body, dict(headers, Authorization=f"Bearer {token}"))
        if response.status_code == 401 and self.ensure_token(current, token):
            response = self.call(method, path, endpoint, body, dict(headers, Authorization=f"Bearer {current.access}"))
        return response

    def read_pages(self, current, path, endpoint, max_pages, start_over_at_end=False):
        """Up to max_pages pages of a list, following nextCursor; at its end, from the top again (pull to refresh) or stop."""
        cursor = None
        for _ in range(max_pages):
            query = f"{path}?limit={PLAN['pageSize']}" if cursor is None else f"{path}?limit={PLAN['pageSize']}&cursor={cursor}"
            response = self.send(current, "GET", query, endpoint)
            if not 200 <= response.status_code < 300:
                return
            body = json_body(response)
            if not body or not isinstance(body.get("nextCursor"), str):
                if not start_over_at_end:
                    return
                cursor = None
                continue
            cursor = quote(body["nextCursor"], safe="")

    def other_user(self, current):
        """Another account (a Zipf choice: popular accounts are visited most), never this one."""
        account = zipf_rank()
        if account == current.id:
            account = account % PLAN["population"] + 1
        return f"user{account}"

    def open_app(self, current):
        reads = max(0.0, PLAN["feedReadsPerLogin"])
        whole = math.floor(reads)
        self.read_pages(current, "/v1/feed", "feed", whole + (1 if random.random() < reads - whole else 0), start_over_at_end=True)

    def read_feed(self, current):
        self.read_pages(current, "/v1/feed", "feed", 1)

    def page_feed(self, current):
        self.read_pages(current, "/v1/feed", "feed", PLAN["maxPagesPerVisit"])

    def open_profile(self, current):
        self.send(current, "GET", f"/v1/users/{self.other_user(current)}", "profile")

    def user_posts(self, current):
        self.read_pages(current, f"/v1/users/{self.other_user(current)}/posts", "userPosts", 1)

    def create_post(self, current):
        """A post with an Idempotency-Key, as a client that may retry sends it; the ledger gets its outcome."""
        text = post_text()
        key = uuid.uuid4().hex
        response = self.send(current, "POST", "/v1/posts", "createPost", json.dumps({"text": text}), {"Idempotency-Key": key})
        status = response.status_code
        body = json_body(response) if status == 201 else None
        if body and "id" in body:
            entry = {"postId": body["id"], "author": body.get("author", current.username), "createdAt": body.get("createdAt"), "acknowledgedAt": now_text()}
            # The read-your-writes token (a store with replicas): `stadium load verify` reads back with the highest.
            token = response.headers.get("Stadium-Consistency")
            if token:
                entry["consistency"] = token
            record(entry)
            return
        # 503, or 504 "not applied": the service says it did not write. Any other 5xx, or no answer: it may have.
        not_applied = status == 503 or (status == 504 and "not applied" in (response.text or "").lower())
        if not_applied or status >= 500 or status == 0:
            record({"postId": 0, "author": current.username, "createdAt": None, "acknowledgedAt": now_text(),
                    "kind": "failed" if not_applied else "indeterminate", "idempotencyKey": key, "text": text})

    def follow(self, current):
        self.send(current, "PUT", f"/v1/users/{self.other_user(current)}/follow", "follow")

    def unfollow(self, current):
        self.send(current, "DELETE", f"/v1/users/{self.other_user(current)}/follow", "unfollow")

    def export(self, current):
        self.send(current, "POST", "/v1/exports", "export", "{}")


# Journey actions by the scenario's names, to this file's methods.
ACTIONS = {
    "openApp": "open_app",
    "readFeed": "read_feed",
    "pageFeed": "page_feed",
    "openProfile": "open_profile",
    "userPosts": "user_posts",
    "createPost": "create_post",
    "follow": "follow",
    "unfollow": "unfollow",
    "export": "export",
}


# ---- The scenario's thresholds, judged when Locust quits (STADIUM_THRESHOLDS=off skips them) ----

def measured(entry, threshold):
    metric = threshold["metric"]
    if metric == "percentile":
        return entry.get_response_time_percentile(threshold["percentile"] / 100)
    if metric == "max":
        return entry.max_response_time
    if metric == "mean":
        return entry.avg_response_time
    if metric == "errorRate":
        return entry.fail_ratio
    if metric == "errorCount":
        return entry.num_failures
    if metric == "rps":
        return entry.total_rps
    return entry.num_requests


COMPARE = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b}


@events.quitting.add_listener
def judge(environment, **_):
    for endpoint, count in sorted(SHED.items()):
        print(f"shed as expected: {endpoint} {count}")
    for what, count in sorted(BACKED_OFF.items()):
        print(f"backed off (waiting out a shed {what}'s Retry-After): {count}")
    if os.environ.get("STADIUM_THRESHOLDS", "").lower() == "off":
        return
    for threshold in PLAN["thresholds"]:
        if threshold["endpoint"] == "all":
            entry = environment.stats.total
        else:
            entry = next((e for e in environment.stats.entries.values() if e.name == threshold["endpoint"]), None)
        if entry is None or entry.num_requests == 0:
            print(f"threshold not judged (no requests): {threshold['expression']}")
            continue
        actual = measured(entry, threshold)
        met = COMPARE[threshold["comparison"]](actual, threshold["limit"])
        print(f"threshold {'met' if met else 'BREACHED'}: {threshold['expression']} (measured {actual:g})")
        if not met:
            environment.process_exit_code = 1
