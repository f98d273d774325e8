"""Benchmark: grading one submission end to end, against the floor of just running its code.

For each of three submissions (the clean reference, the skeleton, and the reference with two bugs
written in by this script) it times, as wall clock of a fresh subprocess, interpreter start-up
included:

  grade  `python -m autograder grade SUBMISSION`, as a user runs it;
  floor  one bare `python -c` process that imports the same files (through runcase.Submission,
         as the worker does) and calls the driver of every non-answer case in
         autograder.HW.cases, catching exceptions, and reads answers.toml with tomllib:
         no sandbox, no comparison, no report. `floor1` is the same with one BLAS thread
         (OPENBLAS/OMP/MKL_NUM_THREADS=1), as the grading worker runs; the goal is set on `floor`.

It also times the students' local runner, `python run_tests.py`, in a copy of the handout with
the reference files dropped in, and in a copy of the plain handout (skeleton).

Every round runs each command once, in an order rotated from round to round, so machine noise
hits all of them alike; one warm-up round is run first and discarded. Prints medians and the
ratio grade/floor per submission, and writes the same figures to bench/results/latest.json.

Usage: python bench/run.py [--runs N]      (or `make bench`; default 7 runs, at least 5)
"""
import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PY = sys.executable
REFERENCE = os.path.join(ROOT, "dist", "reference")
HANDOUT = os.path.join(ROOT, "handout")
STUDENT_FILES = ("nn_lib.py", "nn_train.py", "answers.toml")
GOAL = 1.5
# The worker runs numpy with one BLAS thread; floor1 is the floor with the same setting.
ONE_THREAD = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")

# Two deliberate bugs: db summed over the wrong axis, and a sigmoid that overflows for large -x.
BUGS = [("self.db = dY.sum(axis=0, keepdims=True)", "self.db = dY.sum(axis=1, keepdims=True)"),
        ("    x = np.asarray(x, dtype=float)\n    out = np.empty_like(x)\n",
         "    x = np.asarray(x, dtype=float)\n    return 1.0 / (1.0 + np.exp(-x))\n")]

FLOOR = r"""
import os, sys, tomllib
sub_dir = os.path.abspath(sys.argv[1])
sys.path.append(sub_dir)
import numpy as np
from autograder import paths, spec
HW = spec.load()
# the worker's flat runner folder, as on the worker's sys.path: runcase, compare and the homework's drivers
sys.path[:0] = [os.path.join(paths.PACKAGE, "engine", "sandbox"), os.path.join(paths.PACKAGE, "engine"), HW.folder]
import drivers, runcase
m = runcase.Submission(sub_dir)
for case in HW.cases:
    if case.driver == "answer":
        continue
    np.random.seed(0)
    try:
        drivers.DRIVERS[case.driver](m, **case.args)
    except BaseException:
        pass
try:
    with open(os.path.join(sub_dir, "answers.toml"), "rb") as fh:
        tomllib.load(fh)
except Exception:
    pass
"""


def make_submissions(tmp):
    """{name: folder} holding nn_lib.py, nn_train.py, answers.toml for each submission."""
    subs = {}
    for name, src in (("reference", REFERENCE), ("skeleton", HANDOUT), ("buggy", REFERENCE)):
        folder = os.path.join(tmp, name)
        os.mkdir(folder)
        for f in STUDENT_FILES:
            shutil.copy(os.path.join(src, f), folder)
        subs[name] = folder
    path = os.path.join(subs["buggy"], "nn_lib.py")
    with open(path) as fh:
        text = fh.read()
    for old, new in BUGS:
        if text.count(old) != 1:
            sys.exit(f"bench: cannot plant a bug, {old!r} is not found exactly once in the reference nn_lib.py")
        text = text.replace(old, new)
    with open(path, "w") as fh:
        fh.write(text)
    return subs


def make_handouts(tmp, subs):
    """Copies of handout/: one with the reference files dropped in, one plain."""
    out = {}
    for name, files_from in (("reference", subs["reference"]), ("skeleton", None)):
        folder = os.path.join(tmp, "handout-" + name)
        shutil.copytree(HANDOUT, folder, ignore=shutil.ignore_patterns("__pycache__"))
        if files_from:
            for f in STUDENT_FILES:
                shutil.copy(os.path.join(files_from, f), folder)
        out[name] = folder
    return out


def commands(subs, handouts):
    """[(label, argv, cwd, env, allowed exit codes)]; the floors run with -B, like the worker (no .pyc)."""
    cmds = []
    for name, folder in subs.items():
        cmds.append((f"grade/{name}", [PY, "-m", "autograder", "grade", folder], ROOT, None, {0}))
        cmds.append((f"floor/{name}", [PY, "-B", "-c", FLOOR, folder], ROOT, None, {0}))
        cmds.append((f"floor1/{name}", [PY, "-B", "-c", FLOOR, folder], ROOT, ONE_THREAD, {0}))
    cmds.append(("training/reference", [PY, "-m", "autograder", "grade", subs["reference"], "-q", "Q10"], ROOT, None, {0}))
    for name, folder in handouts.items():        # run_tests.py exits 1 when a case fails
        cmds.append((f"run_tests/{name}", [PY, "run_tests.py"], folder, None, {0} if name == "reference" else {1}))
    return cmds


def time_one(label, argv, cwd, env, ok):
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode not in ok:
        sys.exit(f"bench: {label} exited {proc.returncode}\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    score = re.search(r"Score\s+([\d.]+) / ([\d.]+)", proc.stdout)
    return seconds, (f"{score.group(1)}/{score.group(2)}" if score else None)


def machine():
    """Where and when; the load average before the runs shows whether the machine was busy."""
    import numpy
    return {"date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
            "nproc": os.cpu_count(), "python": platform.python_version(), "numpy": numpy.__version__,
            "platform": platform.platform(), "load_average_1min": round(os.getloadavg()[0], 2)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="measured rounds (at least 5; default 7)")
    args = parser.parse_args(argv)
    if args.runs < 5:
        parser.error("--runs must be at least 5")
    if not os.path.exists(os.path.join(REFERENCE, "nn_lib.py")):
        sys.exit("bench: dist/reference is missing: run `.venv/bin/python -m autograder assign` first")

    info = machine()
    with tempfile.TemporaryDirectory(prefix="nn-bench-") as tmp:
        subs = make_submissions(tmp)
        handouts = make_handouts(tmp, subs)
        cmds = commands(subs, handouts)
        samples, scores = {c[0]: [] for c in cmds}, {}
        for round_no in range(args.runs + 1):          # round 0 warms caches and is discarded
            k = round_no % len(cmds)
            for label, *rest in cmds[k:] + cmds[:k]:
                seconds, score = time_one(label, *rest)
                if round_no:
                    samples[label].append(seconds)
                scores[label] = score
            print(f"round {round_no}/{args.runs}{' (warm-up)' if not round_no else ''} done", file=sys.stderr)

    median = {label: statistics.median(s) for label, s in samples.items()}
    results = {"machine": info, "runs": args.runs, "goal_ratio": GOAL, "submissions": {}, "run_tests": {},
               "samples_seconds": samples}
    for name in subs:
        g, f, f1 = median[f"grade/{name}"], median[f"floor/{name}"], median[f"floor1/{name}"]
        results["submissions"][name] = {"score": scores[f"grade/{name}"], "grade_s": round(g, 4),
                                        "floor_s": round(f, 4), "ratio": round(g / f, 3),
                                        "floor_1thread_s": round(f1, 4), "ratio_1thread": round(g / f1, 3)}
    for name in handouts:
        results["run_tests"][name] = {"seconds": round(median[f"run_tests/{name}"], 4)}
    results["training_cases_reference_s"] = round(median["training/reference"], 4)

    m = results["machine"]
    print(f"\nGrading one submission, median of {args.runs} runs ({m['date']}, {m['nproc']} CPUs, "
          f"Python {m['python']}, numpy {m['numpy']}, load {m['load_average_1min']})\n")
    print(f"{'submission':<12}{'score':>10}{'grade s':>10}{'floor s':>10}{'ratio':>8}"
          f"{'floor 1-thread s':>18}{'ratio':>8}")
    for name, r in results["submissions"].items():
        flag = "" if r["ratio"] <= GOAL else f"  > goal {GOAL}x"
        print(f"{name:<12}{r['score'] or '?':>10}{r['grade_s']:>10.3f}{r['floor_s']:>10.3f}{r['ratio']:>7.2f}x"
              f"{r['floor_1thread_s']:>18.3f}{r['ratio_1thread']:>7.2f}x{flag}")
    print(f"\nall training cases (Q10) of the reference, graded end to end: "
          f"{results['training_cases_reference_s']:.3f} s (goal: well under 30 s)")
    print(f"\n{'run_tests.py':<12}{'seconds':>10}")
    for name, r in results["run_tests"].items():
        print(f"{name:<12}{r['seconds']:>10.3f}")

    out = os.path.join(ROOT, "bench", "results", "latest.json")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as fh:
        json.dump(results, fh, indent=1)
        fh.write("\n")
    print(f"\nwrote {os.path.relpath(out, ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
