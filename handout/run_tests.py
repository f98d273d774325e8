#!/usr/bin/env python3
"""Run the visible test cases on your code: `python run_tests.py [homework.ipynb] [Q3 ...] [-v]`.

It uses the autograder's own drivers, comparison code and notebook reader (in tests/_grading), so a
visible case that passes here passes in grading. Given a notebook, it grades the notebook's code
cells as the grader reads them (IPython lines do nothing, experiment and check cells are left out,
answers.toml comes from the answers cell) instead of the .py files. Hidden cases, graded after
submission, use other shapes, seeds and edge cases: passing every visible case does not guarantee
full marks. Needs numpy.

`--classroom-output PATH` (what the GitHub Classroom workflow gives, its step's $GITHUB_OUTPUT) appends
the cases' results there as `result=<base64 JSON>` for Classroom's reporter, and then exits 0: passed
or failed is in the result.
"""
import argparse
import json
import os
import signal
import sys
import tempfile
import threading
import time
from dataclasses import replace

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


def load_visible():
    """(cases.json as a dict, {'case/output': expected array}) of the handout's visible cases."""
    with open(os.path.join(HERE, "tests", "cases.json")) as fh:
        spec = json.load(fh)
    with np.load(os.path.join(HERE, "tests", "expected_visible.npz"), allow_pickle=False) as data:
        expected = {name: data[name] for name in data.files}
    return spec, expected


def load_hints():
    """tests/hints_visible.json: the common mistakes recognised on the visible cases (their sentences and
    the fingerprints of their outputs); {} without it."""
    try:
        with open(os.path.join(HERE, "tests", "hints_visible.json"), encoding="utf-8") as fh:
            doc = json.load(fh)
    except (OSError, ValueError):
        return {}
    return doc if isinstance(doc, dict) else {}


def run_cases(cases, sub, expected, answers, problem, modules, hints=None):
    """Run cases (dicts of cases.json) on sub (runcase.Submission, or anything with the modules as
    attributes) and judge them as the grader does; hints: load_hints(), to name a common mistake a failed
    case matches. Returns ([scoring.CaseResult], {case id: arrays})."""
    runcase.STUDENT_MODULES = tuple(modules)            # the files you edit, as modules
    can_alarm = hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()
    before = signal.signal(signal.SIGALRM, _alarm) if can_alarm else None
    results, outputs = [], {}
    try:
        for case in cases:
            mine = scoring.expected_for(case["id"], expected)
            if case["driver"] == "answer":
                key = mine.get("value")
                results.append(scoring.judge_answer(case, answers, problem, key))
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
            results.append(scoring.judge_case(case, status, message, arrays, mine,
                                              scoring.hints_for(case["id"], hints)))
            outputs[case["id"]] = arrays
    finally:
        if can_alarm:
            signal.signal(signal.SIGALRM, before)
    return results, outputs


def case_lines(results, verbose=False):
    """'PASS id (n pt): detail' for every case (verbose) or every case not passed, each failed case followed
    by its '  hint: ...' lines when it matches a common mistake."""
    lines = []
    for r in results:
        if verbose or not r.passed:
            lines.append(f"{'PASS' if r.passed else 'FAIL'} {r.id} ({scoring.fmt(r.points)} pt): {r.detail or r.summary}")
            lines += [f"     {h}" for h in r.hint.splitlines()]
    return lines


def _text_or_none(path):
    """The UTF-8 text of the file at path, or None when it is missing or unreadable."""
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    except (OSError, UnicodeDecodeError):
        return None


def from_notebook(path, modules, folder):
    """Write the notebook's code as the modules into folder (as the grader does), and its answers cell as
    answers.toml (else a copy of the handout's answers.toml). Returns (notebook name, line maps, notes)."""
    import notebook_intake
    name = os.path.basename(path)
    with open(path, "rb") as fh:
        nb = notebook_intake.convert(fh.read(), name)
    for module, text in notebook_intake.module_files(nb, modules).items():
        with open(os.path.join(folder, module), "w", encoding="utf-8") as fh:
            fh.write(text)
    notes = list(nb.notes)
    answers = nb.files.get("answers.toml")
    beside = _text_or_none(os.path.join(HERE, "answers.toml"))
    if answers is not None and beside is not None and beside.strip() != answers.strip():
        notes.append(f"{name}'s answers cell and answers.toml differ: the answers here are read from the cell, as grading "
                     "does for the notebook submitted alone; a submission that also holds answers.toml is graded from that "
                     "file, so run the answers cell (it writes answers.toml) before you submit both")
    if answers is None and os.path.exists(os.path.join(HERE, "answers.toml")):
        with open(os.path.join(HERE, "answers.toml"), encoding="utf-8") as fh:
            answers = fh.read()
        notes.append(f"{name} has no %%writefile answers.toml cell: the answers are read from answers.toml beside "
                     "run_tests.py (submit it with the notebook)")
    if answers is not None:
        with open(os.path.join(folder, "answers.toml"), "w", encoding="utf-8") as fh:
            fh.write(answers)
    return name, {f"{modules[0]}.py": nb.line_map}, notes


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("questions", nargs="*", metavar="[NOTEBOOK.ipynb] Q",
                        help="a notebook to check instead of the .py files, then question ids such as Q3 (default: all)")
    parser.add_argument("-v", "--verbose", action="store_true", help="show every case and its details")
    parser.add_argument("--plots", nargs="?", const="plots", metavar="DIR",
                        help="save PNGs of your learning curves and first-layer weights against the reference's (default: plots/)")
    parser.add_argument("--classroom-output", metavar="PATH",
                        help="append the results for GitHub Classroom's reporter (result=<base64 JSON>) to this file, "
                        "a workflow step's $GITHUB_OUTPUT, and exit 0")
    args = parser.parse_args(argv)
    notebooks = [a for a in args.questions if a.lower().endswith(".ipynb")]
    if len(notebooks) > 1:
        parser.error(f"give one notebook, not {len(notebooks)}")
    if notebooks and not os.path.isfile(notebooks[0]):
        parser.error(f"{notebooks[0]}: no such notebook")
    spec, expected = load_visible()
    wanted = {q.upper() for q in args.questions if q not in notebooks}
    known = {q[0] for q in spec["questions"]}
    if wanted - known:
        parser.error(f"unknown question {', '.join(sorted(wanted - known))}; choose from {', '.join(q[0] for q in spec['questions'])}")
    cases = [c for c in spec["cases"] if not wanted or c["question"] in wanted]

    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="run-tests-notebook-") as scratch:
        folder, name, line_maps = HERE, "", {}
        if notebooks:
            import notebook_intake
            try:
                name, line_maps, notes = from_notebook(notebooks[0], spec["modules"], scratch)
            except notebook_intake.NotebookError as exc:
                print(f"run_tests.py: {exc}", file=sys.stderr)
                if args.classroom_output:          # Classroom still gets the cases, failed, and why
                    return classroom_output([unreadable(c, exc) for c in cases], args.classroom_output)
                return 2
            for note in notes:
                print(f"note: {note}")
            folder = scratch       # the notebook's modules, never the .py files beside run_tests.py
            sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != HERE] + [folder]
        answers, problem = scoring.read_answers(folder)
        results, outputs = run_cases(cases, runcase.Submission(folder), expected, answers, problem, spec["modules"],
                                     load_hints())
    if line_maps:
        import notebook_intake
        results = [replace(r, summary=notebook_intake.rewrite(r.summary, name, line_maps),
                           detail=notebook_intake.rewrite(r.detail, name, line_maps)) for r in results]

    for line in case_lines(results, args.verbose):
        print(line)
    print()
    print(scoring.format_table(scoring.per_question(results, spec["questions"]), title="Visible cases"))
    print(f"\n{sum(r.passed for r in results)} passed, {sum(not r.passed for r in results)} failed "
          f"({time.monotonic() - start:.1f} s). Hidden cases are graded after you submit.")
    if args.plots:
        save_plots(cases, outputs, expected, os.path.join(HERE, args.plots))
    if args.classroom_output:
        return classroom_output(results, args.classroom_output)
    return 0 if all(r.passed for r in results) else 1


def unreadable(case, problem):
    """The scoring.CaseResult of a case (a dict of cases.json) that could not run: problem says why."""
    return scoring.CaseResult(case["id"], case["question"], case["points"], 0.0, "error", case["visible"],
                              str(problem))


def classroom_output(results, path):
    """Append results ([scoring.CaseResult]) to path for Classroom's reporter; 0 once written, else 2."""
    import classroom_result
    try:
        classroom_result.append_output(results, path)
    except OSError as exc:
        print(f"run_tests.py: cannot append the Classroom result to {path}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    return 0


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
