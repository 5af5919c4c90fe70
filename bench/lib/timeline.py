"""Where a rollback's time goes, from its workflow history (`temporal workflow show -o json`).

Reads one or more histories (files named on the command line), and prints, per step in order, the
median over them of: the wait before it was scheduled (the workflow task that decided it), its
schedule-to-start (queueing: worker slots, pollers), its start-to-close (the work), and the same
for workflow tasks; then totals by kind (workflow tasks, ledger activities on the critical path,
strategy activities, idle). Ledger activities are those on the task queue rewind-ledger.
"""
import datetime
import json
import statistics
import sys


def at(event):
    text = event["eventTime"].replace("Z", "")
    if "." in text:
        head, frac = text.split(".")
        text = head + "." + (frac + "000000")[:6]
    return datetime.datetime.fromisoformat(text).timestamp() * 1000


def rows(history):
    """(name, task queue, ms from the workflow's start to its end, schedule-to-start, start-to-close)."""
    events = history["events"]
    by_id = {int(e["eventId"]): e for e in events}
    start = at(events[0])
    out = []
    for e in events:
        kind = e["eventType"]
        if kind == "EVENT_TYPE_WORKFLOW_TASK_COMPLETED":
            a = e["workflowTaskCompletedEventAttributes"]
            sched, started = by_id[int(a["scheduledEventId"])], by_id[int(a["startedEventId"])]
            out.append(("workflow task", "", at(e) - start, at(started) - at(sched), at(e) - at(started)))
        elif kind in ("EVENT_TYPE_ACTIVITY_TASK_COMPLETED", "EVENT_TYPE_ACTIVITY_TASK_FAILED"):
            a = e.get("activityTaskCompletedEventAttributes") or e.get("activityTaskFailedEventAttributes")
            sched, started = by_id[int(a["scheduledEventId"])], by_id[int(a["startedEventId"])]
            s = sched["activityTaskScheduledEventAttributes"]
            queue = s["taskQueue"]["name"]
            name = ("ledger: " if "ledger" in queue else "") + s["activityType"]["name"]
            out.append((name, queue, at(e) - start, at(started) - at(sched), at(e) - at(started)))
    return out, at(events[-1]) - start


def main(paths):
    runs = [rows(json.load(open(p))) for p in paths]
    shortest = min(len(r[0]) for r in runs)
    print(f"{'workflow task / step (activity type)':40} {'ends at':>8} {'sched→start':>12} {'start→close':>12}"
          f"   (median ms over {len(runs)} rollbacks)")
    for i in range(shortest):
        med = [statistics.median(r[0][i][k] for r in runs) for k in (2, 3, 4)]
        print(f"{runs[0][0][i][0]:40} {med[0]:8.0f} {med[1]:12.0f} {med[2]:12.0f}")
    parts = {"workflow tasks": [], "ledger records": [], "strategy steps": [], "schedule-to-start": [],
             "between (server, history, RPC)": []}
    for r, total in runs:
        wft = sum(x[4] for x in r if x[0] == "workflow task")
        ledger = sum(x[4] for x in r if x[0].startswith("ledger: "))
        steps = sum(x[4] for x in r if x[0] != "workflow task" and not x[0].startswith("ledger: "))
        queued = sum(x[3] for x in r)
        for key, value in zip(parts, (wft, ledger, steps, queued, total - wft - ledger - steps - queued)):
            parts[key].append(value)
    print(f"history start → end: median {statistics.median(t for _, t in runs):.0f} ms = "
          + " + ".join(f"{k} {statistics.median(v):.0f}" for k, v in parts.items())
          + " (medians of each rollback's sums; ledger records overlapping a step count twice)")


if __name__ == "__main__":
    main(sys.argv[1:])
