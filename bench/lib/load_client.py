"""bench/concurrent's client: requests N rollbacks at once, then polls each until it ends.

Usage: load_client.py <api base> <token> <services file> <worker pid> <api pid>
Prints throughput, request → SUCCEEDED p50/p99, the api's POST /rollbacks and GET /rollbacks/{id}
p50/p99 under that load, errors, and the peak RSS of worker and api (sampled every 0.5 s).
"""
import json
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

API, TOKEN, SERVICES, WORKER_PID, API_PID = sys.argv[1:6]
POLL_EVERY = 0.25
ENDED = {"SUCCEEDED", "FAILED", "ABORTED", "ESCALATED"}
lock = threading.Lock()
posts, gets, errors = [], [], []
peak = {"worker": 0, "api": 0}


def call(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(API + path, data=data, method=method, headers={
        "Authorization": "Bearer " + TOKEN, "Content-Type": "application/json"})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            payload = json.load(answer)
    except urllib.error.HTTPError as e:
        payload = {"error": e.code, "body": e.read().decode()[:300]}
    return (time.monotonic() - started) * 1000, payload


def rollback(service):
    requested = time.monotonic()
    took, answer = call("POST", "/rollbacks", {
        "service": service, "environment": "dev", "strategy": "container-revert",
        "currentVersion": "v2", "targetVersion": "v1", "reason": "bench concurrent"})
    with lock:
        posts.append(took)
    if "id" not in answer:
        with lock:
            errors.append(f"{service}: POST {answer}")
        return None
    while True:
        time.sleep(POLL_EVERY)
        took, state = call("GET", "/rollbacks/" + answer["id"])
        with lock:
            gets.append(took)
        status = state.get("status")
        if status in ENDED:
            if status != "SUCCEEDED":
                with lock:
                    errors.append(f"{answer['id']}: {status}")
            return (time.monotonic() - requested) * 1000, time.monotonic(), status


def rss_kib(pid):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return 0
    return 0


def sample(stop):
    while not stop.is_set():
        peak["worker"] = max(peak["worker"], rss_kib(WORKER_PID))
        peak["api"] = max(peak["api"], rss_kib(API_PID))
        stop.wait(0.5)


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else float("nan")


services = open(SERVICES).read().split()
stop = threading.Event()
threading.Thread(target=sample, args=(stop,), daemon=True).start()
start = time.monotonic()
with ThreadPoolExecutor(max_workers=len(services)) as pool:
    results = [r for r in pool.map(rollback, services) if r]
stop.set()
succeeded = [r for r in results if r[2] == "SUCCEEDED"]
last = max((t for _, t, _ in results), default=start)
durations = [d for d, _, _ in succeeded]
print(f"{len(services)} container-reverts requested at once: {len(succeeded)} SUCCEEDED, {len(errors)} errors")
for e in errors[:10]:
    print("  error:", e)
print(f"throughput {len(results) / ((last - start) / 60):.0f} rollbacks/min (all {len(services)} ended in {last - start:.1f} s)")
print(f"request → SUCCEEDED   p50 {pct(durations, 50) / 1000:6.2f} s   p99 {pct(durations, 99) / 1000:6.2f} s (polled every {POLL_EVERY * 1000:.0f} ms)")
print(f"POST /rollbacks       p50 {pct(posts, 50):6.0f} ms  p99 {pct(posts, 99):6.0f} ms  ({len(posts)} calls; goal p99 < 100 ms)")
print(f"GET /rollbacks/{{id}}   p50 {pct(gets, 50):6.0f} ms  p99 {pct(gets, 99):6.0f} ms  ({len(gets)} calls)")
print(f"peak RSS: worker {peak['worker'] / 1024:.0f} MiB, api {peak['api'] / 1024:.0f} MiB")
