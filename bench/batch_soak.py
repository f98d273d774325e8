"""Soak benchmark: a large batch of this homework, SIGKILLed in the middle and resumed.

COUNT submissions (per 40: 18 right, 18 partly wrong, 2 crashing, 1 looping forever in Q6, 1 not a
zip: 5% hanging or corrupt) are graded twice, as staff run it (`python -m autograder batch ... --quiet`):

  whole    one batch, never interrupted;
  killed   the same into another folder, its whole process group SIGKILLed once the journal holds
           KILL_AT x COUNT records, then the same command run again to the end.

Checks: every submission graded exactly once in `killed` (nothing recorded before the kill graded
again), the journal only appended to, and its gradebook equal to `whole`'s in every column but seconds,
its canvas.csv byte for byte; every total as its kind promises. Prints the times and writes
bench/results/batch_soak.json.

Usage: python bench/batch_soak.py [--count 1000] [-j N] [--kill-at 0.5]
"""
import argparse
import csv
import datetime
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

import batch_mix
from tests.fixtures import submissions

ROOT = batch_mix.ROOT
RESULTS = os.path.join(ROOT, "bench", "results", "batch_soak.json")
# crashing: nn_lib.py exits at import, so only the answers in answers.toml (Q11 and Q12) score
TOTALS = {**{k: sum(v.values()) for k, v in submissions.EXPECTED.items()}, "reference": 100,
          "crashing": submissions.FULL["Q11"] + submissions.FULL["Q12"],
          "corrupt": 0}


def _command(inbox, out, workers):
    return [sys.executable, "-m", "autograder", "batch", inbox, "--out", out, "--quiet", "-j", str(workers)]


def _run(inbox, out, workers):
    start = time.monotonic()
    done = subprocess.run(_command(inbox, out, workers), cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"bench: the batch failed ({done.returncode}): {done.stderr.strip()}")
    return time.monotonic() - start


def _journal(out):
    with open(os.path.join(out, "journal.jsonl"), "rb") as fh:
        return fh.read()


def _gradings(out):
    counts = {}
    for line in _journal(out).splitlines():
        record = json.loads(line)
        if record["questions"]:
            counts[record["key"]] = counts.get(record["key"], 0) + 1
    return counts


def _without_seconds(out):
    with open(os.path.join(out, "gradebook.csv"), newline="") as fh:
        return [{k: v for k, v in r.items() if k != "seconds"} for r in csv.DictReader(fh)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("-j", "--workers", type=int, default=os.cpu_count())
    ap.add_argument("--kill-at", type=float, default=0.5)
    args = ap.parse_args()
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="nn-bench-soak-") as tmp:
        inbox = os.path.join(tmp, "inbox")
        batch_mix.make_inbox(inbox, batch_mix.SOAK, args.count)
        whole, killed = os.path.join(tmp, "whole"), os.path.join(tmp, "killed")
        whole_s = _run(inbox, whole, args.workers)
        print(f"whole: {args.count} submissions in {whole_s:.1f} s", flush=True)

        start = time.monotonic()
        proc = subprocess.Popen(_command(inbox, killed, args.workers), cwd=ROOT, start_new_session=True,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        target, journal = int(args.kill_at * args.count), os.path.join(killed, "journal.jsonl")
        while proc.poll() is None:
            if os.path.exists(journal) and _journal(killed).count(b"\n") >= target:
                break
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        killed_s = time.monotonic() - start
        before, recorded = _journal(killed), _gradings(killed)
        print(f"killed after {killed_s:.1f} s with {len(recorded)} recorded", flush=True)
        resume_s = _run(inbox, killed, args.workers)
        print(f"resumed: the other {args.count - len(recorded)} in {resume_s:.1f} s", flush=True)

        checks = {
            "every submission graded exactly once": _gradings(killed) == {k: 1 for k in _gradings(whole)}
            and len(_gradings(whole)) == args.count,
            "nothing recorded before the kill graded again": all(_gradings(killed)[k] == 1 for k in recorded),
            "journal only appended to": _journal(killed).startswith(before.rsplit(b"\n", 1)[0]),
            "gradebook equal to the uninterrupted one (all but seconds)": _without_seconds(killed) == _without_seconds(whole),
            "canvas.csv byte-equal": open(os.path.join(killed, "canvas.csv"), "rb").read()
            == open(os.path.join(whole, "canvas.csv"), "rb").read(),
            "every total as its kind promises": all(float(r["total"]) == TOTALS[batch_mix.kind_of(r["id"])]
                                                    for r in _without_seconds(whole)),
        }
        statuses = {}
        for r in _without_seconds(whole):
            statuses[r["status"]] = statuses.get(r["status"], 0) + 1
    for name, ok in checks.items():
        print(f"{'ok  ' if ok else 'FAIL'} {name}")
    print(f"statuses: {statuses}")
    figures = {"count": args.count, "workers": args.workers, "whole_seconds": round(whole_s, 1),
               "per_second": round(args.count / whole_s, 2), "killed_after_seconds": round(killed_s, 1),
               "recorded_before_kill": len(recorded), "resume_seconds": round(resume_s, 1), "checks": checks,
               "statuses": statuses}
    machine = {"date": datetime.datetime.now().isoformat(timespec="seconds"), "nproc": os.cpu_count(),
               "load_average_1min_before": round(load, 2)}
    os.makedirs(os.path.dirname(RESULTS), exist_ok=True)
    with open(RESULTS, "w") as fh:
        json.dump({"machine": machine, "figures": figures}, fh, indent=1)
    print(f"wrote {RESULTS}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
