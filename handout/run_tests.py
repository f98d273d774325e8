#!/usr/bin/env python3
"""Run the visible test cases on your code: `python run_tests.py [Q3 ...] [-v]`.

It uses the autograder's own drivers and comparison code (in tests/_grading), so a visible case
that passes here passes in grading. Hidden cases, graded after submission, use other shapes,
seeds and edge cases: passing every visible case does not guarantee full marks. Needs numpy.
"""
import argparse
import json
import os
import signal
import sys
import time

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")   # small matrices: one BLAS thread is steadier, as in grading

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "tests", "_grading"))
sys.path.append(HERE)

import numpy as np  # noqa: E402

import runcase  # noqa: E402
import scoring  # noqa: E402


class CaseTimeout(Exception):
    pass


def _alarm(signum, frame):
    raise CaseTimeout()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("questions", nargs="*", help="question ids such as Q3 (default: all)")
    parser.add_argument("-v", "--verbose", action="store_true", help="show every case and its details")
    parser.add_argument("--plots", nargs="?", const="plots", metavar="DIR",
                        help="save PNGs of your learning curves and first-layer weights against the reference's (default: plots/)")
    args = parser.parse_args(argv)
    with open(os.path.join(HERE, "tests", "cases.json")) as fh:
        spec = json.load(fh)
    with np.load(os.path.join(HERE, "tests", "expected_visible.npz"), allow_pickle=False) as data:
        expected = {name: data[name] for name in data.files}
    wanted = {q.upper() for q in args.questions}
    known = {q[0] for q in spec["questions"]}
    if wanted - known:
        parser.error(f"unknown question {', '.join(sorted(wanted - known))}; choose from {', '.join(q[0] for q in spec['questions'])}")
    cases = [c for c in spec["cases"] if not wanted or c["question"] in wanted]

    start = time.monotonic()
    runcase.STUDENT_MODULES = tuple(spec["modules"])    # the files you edit, as modules
    sub = runcase.Submission(HERE)
    answers, problem = scoring.read_answers(HERE)
    can_alarm = hasattr(signal, "SIGALRM")
    if can_alarm:
        signal.signal(signal.SIGALRM, _alarm)
    results, outputs = [], {}
    for case in cases:
        mine = scoring.expected_for(case["id"], expected)
        if case["driver"] == "answer":
            key = mine.get("value")
            results.append(scoring.judge_answer(case, answers, problem, None if key is None else float(key)))
            continue
        if can_alarm:
            signal.setitimer(signal.ITIMER_REAL, case["timeout"])
        try:
            status, message, arrays = runcase.run(case, sub, interrupt=(CaseTimeout,))
        except CaseTimeout:
            status, message, arrays = "timeout", f"timed out after {case['timeout']:g} s", {}
        finally:
            if can_alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)
        results.append(scoring.judge_case(case, status, message, arrays, mine))
        outputs[case["id"]] = arrays

    for r in results:
        if args.verbose or not r.passed:
            print(f"{'PASS' if r.passed else 'FAIL'} {r.id} ({scoring.fmt(r.points)} pt): {r.detail or r.summary}")
    print()
    print(scoring.format_table(scoring.per_question(results, spec["questions"]), title="Visible cases"))
    print(f"\n{sum(r.passed for r in results)} passed, {sum(not r.passed for r in results)} failed "
          f"({time.monotonic() - start:.1f} s). Hidden cases are graded after you submit.")
    if args.plots:
        save_plots(cases, outputs, expected, os.path.join(HERE, args.plots))
    return 0 if all(r.passed for r in results) else 1


def save_plots(cases, outputs, expected, folder):
    import plots
    written = []
    try:
        for case in cases:
            written += plots.save_case_plots(case, outputs.get(case["id"], {}),
                                             scoring.expected_for(case["id"], expected), folder)
    except plots.PlotsUnavailable as exc:
        print(f"no plots: {exc}")
        return
    print("plots: " + (", ".join(os.path.relpath(p, HERE) for p in written) if written
                       else "none (the training cases did not produce outputs yet)"))


if __name__ == "__main__":
    sys.exit(main())
