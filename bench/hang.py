"""Benchmark: what a hang costs, and whether a slow but correct submission still gets full marks.

Times `python -m autograder grade SUBMISSION --json results.json`, as a user runs it (wall clock of a
fresh subprocess), on two submissions built from the clean reference (tests/fixtures/timing_submissions.py):

  hangs_in_relu_forward   ReLU.forward is `while True: pass`; 15 of the 88 worker cases call it
  twenty_times_slower     correct, but every outermost call into nn_lib/nn_train sleeps 19x its own time

and, unless --no-before, the hanging one again under the old rule (every case waits out its declared
timeout: the homework graded from a copy without expected/timing.json). Goal: the hang graded in at most
GOAL_S seconds, the slow submission at 100/100. Prints a table and writes bench/results/hang.json.

Usage: python bench/hang.py [--runs N] [--no-before]
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
from autograder import paths  # noqa: E402
from tests.fixtures import timing_submissions  # noqa: E402

GOAL_S = 30.0


def grade(submission, out, homework=None):
    """(seconds, score, max score, {case id: output} of the cases not passed) of one CLI grade."""
    argv = [sys.executable, "-m", "autograder", "grade", submission, "--json", out]
    argv += ["--homework", homework] if homework else []
    start = time.monotonic()
    done = subprocess.run(argv, capture_output=True, text=True, cwd=os.path.dirname(out))
    seconds = time.monotonic() - start
    if done.returncode != 0:
        raise SystemExit(f"grade exited {done.returncode}: {done.stderr.strip()[-500:]}")
    with open(out) as fh:
        tests = json.load(fh)["tests"]
    failed = {t["name"].split()[1]: t["output"] for t in tests if t["score"] < t["max_score"]}
    return seconds, sum(t["score"] for t in tests), sum(t["max_score"] for t in tests), failed


def homework_without_timing(folder):
    """A copy of this homework without expected/timing.json: graded with the declared timeouts alone."""
    copy = os.path.join(folder, "homework")
    shutil.copytree(paths.HOMEWORK, copy, ignore=shutil.ignore_patterns("__pycache__", "timing.json"))
    return copy


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="gradings of each submission (default 1)")
    parser.add_argument("--no-before", action="store_true", help="skip the old rule's run (about two minutes)")
    args = parser.parse_args(argv)
    machine = {"date": datetime.datetime.now().isoformat(timespec="seconds"), "nproc": os.cpu_count(),
               "python": platform.python_version(), "load_average_1min": os.getloadavg()[0]}
    rows, samples = [], {}
    with tempfile.TemporaryDirectory(prefix="nn-bench-hang-") as tmp:
        hang = timing_submissions.build_hanging_in_relu_forward(os.path.join(tmp, "hangs_in_relu_forward"))
        slow = timing_submissions.build_slower(os.path.join(tmp, "twenty_times_slower"), factor=20)
        plan = [("hangs_in_relu_forward", hang, None), ("twenty_times_slower", slow, None)]
        if not args.no_before:
            plan.append(("hangs_in_relu_forward, old rule", hang, homework_without_timing(tmp)))
        for name, submission, homework in plan:
            runs = [grade(submission, os.path.join(tmp, "results.json"), homework) for _ in range(args.runs)]
            seconds = [r[0] for r in runs]
            samples[name] = seconds
            _, score, top, failed = runs[-1]
            timed_out = sum(1 for text in failed.values() if "timed out" in text)
            rows.append((name, f"{score:g}/{top:g}", statistics.median(seconds), timed_out))
            print(f"{name}: {statistics.median(seconds):.1f} s, {score:g}/{top:g}, {timed_out} cases timed out",
                  flush=True)
    print(f"\n| submission | score | grade (median of {args.runs}) | cases timed out |\n|---|---|---|---|")
    for name, score, seconds, timed_out in rows:
        print(f"| {name} | {score} | {seconds:.1f} s | {timed_out} |")
    hang_s = rows[0][2]
    slow_full = rows[1][1].split("/")[0] == rows[1][1].split("/")[1]
    print(f"\ngoal: the hang in at most {GOAL_S:g} s: {'met' if hang_s <= GOAL_S else 'NOT met'} ({hang_s:.1f} s); "
          f"the slow submission at full marks: {'met' if slow_full else 'NOT met'} ({rows[1][1]})")
    print(f"machine: {machine}")
    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    with open(os.path.join(ROOT, "bench", "results", "hang.json"), "w") as fh:
        json.dump({"machine": machine, "rows": rows, "samples": samples, "goal_s": GOAL_S}, fh, indent=1)
    return 0 if hang_s <= GOAL_S and slow_full else 1


if __name__ == "__main__":
    sys.exit(main())
