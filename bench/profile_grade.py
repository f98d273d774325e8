"""Where the time of one `grade` goes: phases timed inside one process, medians over a few runs.

Usage: python bench/profile_grade.py [SUBMISSION] [--runs N]   (default dist/reference, 5 runs)

Each run is a fresh interpreter (so imports are really paid) that wraps the steps of grade.grade
with timers; nothing in autograder/ is changed. Phases overlap where noted ("worker: ..." is
measured from the worker's frames, inside box.run). Complements `python -X importtime`.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

CHILD = r"""
import json, sys, time
T, t0 = {}, time.perf_counter()
import numpy
T["import numpy"] = time.perf_counter() - t0
s = time.perf_counter()
from autograder import cli
from autograder.engine import grade, report, scoring
from autograder.engine.sandbox import sandbox, wire
from autograder.author import markers, record   # cli.main imports these for their exception classes
T["import autograder (cli path)"] = time.perf_counter() - s

def wrap(obj, name, label):
    fn = getattr(obj, name, None)
    if fn is None:          # the autograder's internals moved: time what is still there
        return
    def timed(*a, **k):
        s = time.perf_counter()
        try:
            return fn(*a, **k)
        finally:
            T[label] = T.get(label, 0.0) + time.perf_counter() - s
    setattr(obj, name, timed)

wrap(grade, "load_expected", "load_expected (.npz)")
wrap(grade.intake_step, "take", "intake")
wrap(sandbox.Sandbox, "__init__", "Sandbox() incl. 2 fork probes")
wrap(sandbox.Sandbox, "run", "box.run (worker, all cases)")
wrap(sandbox.Sandbox, "close", "Sandbox.close")
wrap(scoring, "judge_case", "judge_case (compare)")
wrap(grade, "read_answers", "read answers.toml")
seen, frames, orig_spawn = {}, wire.Reader.frames, sandbox.Sandbox._spawn
def spy(self):
    for header, arrays in frames(self):
        seen.setdefault(header.get("event"), time.perf_counter())
        yield header, arrays
def spawn(self, *a, **k):
    seen.setdefault("spawn", time.perf_counter())
    return orig_spawn(self, *a, **k)
wire.Reader.frames, sandbox.Sandbox._spawn = spy, spawn

s = time.perf_counter()
result = grade.grade(sys.argv[1])
T["grade.grade total"] = time.perf_counter() - s
s = time.perf_counter()
report.text(result)
T["report.text"] = time.perf_counter() - s
if {"spawn", "ready", "finished"} <= set(seen):
    T["worker: spawn -> ready (start-up, numpy, submission import)"] = seen["ready"] - seen["spawn"]
    T["worker: ready -> finished (running the cases)"] = seen["finished"] - seen["ready"]
print(json.dumps(T))
"""


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("submission", nargs="?", default=os.path.join(ROOT, "dist", "reference"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    runs = []
    for _ in range(args.runs + 1):            # the first run warms caches and is discarded
        out = subprocess.run([sys.executable, "-c", CHILD, os.path.abspath(args.submission)], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
        runs.append(json.loads(out))
    runs = runs[1:]
    print(f"phases of grading {os.path.relpath(args.submission, ROOT)}, median of {args.runs} runs:")
    for key in runs[0]:
        print(f"  {key:<62}{1e3 * statistics.median(r[key] for r in runs):7.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
