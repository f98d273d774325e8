"""The instructor's guardrails, run by `check` before any grading. Each problem is one line
'file:line: what is wrong; what to do', naming the question:

- a question with no visible case, or no hidden case;
- a question whose cases' points do not sum to its points;
- questions whose points do not sum to the homework's `total` (homework.toml);
- a solution region that no visible case runs, or no hidden case runs (reach.py's line trace).
"""
import math
import os
import re

from . import reach

TOTAL_LINE = r"^\s*total\s*="


def _line_of(path, pattern, default=1):
    """1-based number of the first line of path matching the regex pattern (default if none)."""
    try:
        with open(path, encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                if re.search(pattern, line):
                    return number
    except OSError:
        pass
    return default


def _where(path, line):
    return f"{os.path.relpath(path)}:{line}"


def _question_line(hw, qid):
    return _where(hw.cases_file, _line_of(hw.cases_file, rf"""Question\(\s*["']{re.escape(qid)}["']"""))


def case_problems(hw):
    """Problems with each question's cases: a missing visible or hidden case, points that do not add up."""
    problems = []
    for q in hw.questions:
        cases = [c for c in hw.cases if c.question == q.id]
        where = _question_line(hw, q.id)
        for kind, visible in (("visible", True), ("hidden", False)):
            if not any(c.visible is visible for c in cases):
                problems.append(f"{where}: {q.id} ({q.title}) has no {kind} case; add one to CASES")
        points = sum(c.points for c in cases)
        if not math.isclose(points, q.points, abs_tol=1e-9):
            problems.append(f"{where}: {q.id} ({q.title}) is worth {q.points:g} points but its cases sum to "
                            f"{points:g}; make them agree")
    known = set(hw.question_ids())
    for c in hw.cases:
        if c.question not in known:
            problems.append(f"{_where(hw.cases_file, _line_of(hw.cases_file, re.escape(c.id.split('.', 1)[-1])))}: "
                            f"case {c.id} belongs to {c.question}, which is not in QUESTIONS; add the question")
    return problems


def total_problems(hw):
    """Problems with the stated total: missing, or not the sum of the questions' points."""
    manifest = os.path.join(hw.folder, "homework.toml")
    if hw.total is None:
        return [f"{_where(manifest, 1)}: states no total; add 'total = <points>' (the questions' points sum to "
                f"{sum(q.points for q in hw.questions):g})"]
    points = sum(q.points for q in hw.questions)
    if not math.isclose(points, hw.total, abs_tol=1e-9):
        return [f"{_where(manifest, _line_of(manifest, TOTAL_LINE))}: total = {hw.total:g}, but the "
                f"questions' points sum to {points:g} ({', '.join(f'{q.id} {q.points:g}' for q in hw.questions)}); "
                f"make them agree"]
    return []


def region_problems(hw, lines_run=None, waived=None):
    """Solution regions that no visible case, or no hidden case, runs. lines_run: {case id: {(file, line)}}
    (default: reach.lines_run(hw), the reference run under a line trace). A region with no visible case
    whose function homework.toml lists under [author] no_visible_case_yet goes to `waived` (a list), not
    into the problems: a known gap, printed by every check until a visible case is added."""
    lines_run = reach.lines_run(hw) if lines_run is None else lines_run
    ran = {True: set(), False: set()}
    for c in hw.cases:
        ran[c.visible] |= lines_run.get(c.id, set())
    problems = []
    for path, region, span in reach.solution_regions(hw):
        for kind, visible in (("visible", True), ("hidden", False)):
            if not any((path, n) in ran[visible] for n in span):
                text = (f"{_where(path, region.start)}: the {region.question} region in {region.qualname} "
                        f"is run by no {kind} case; add a {kind} case that reaches it")
                if visible and region.qualname in hw.no_visible_case_yet and waived is not None:
                    waived.append(text)
                else:
                    problems.append(text)
    return problems


def problems(hw, waived=None):
    """Every guardrail problem of hw, in the order above ([] when all hold); waived: a list that gets the
    known gaps homework.toml lists (see region_problems)."""
    found = case_problems(hw) + total_problems(hw)
    try:
        found += region_problems(hw, waived=waived)
    except reach.ReachError as exc:
        found.append(f"{_where(hw.drivers_file, 1)}: the solution regions could not be traced: {exc}")
    return found
