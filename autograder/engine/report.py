"""What a grade looks like to people and to Gradescope: the text report and results.json.

Two audiences. The instructor's text report (`text`: the CLI, report.txt, run_autograder's stdout,
which Gradescope shows to instructors only) holds every case. What a student sees before grades are
published (`student_text`; the same as HTML in feedback.html and results.json's top-level `output`,
from feedback_html; and results.json's `visible` tests) holds nothing derived from hidden cases: not
their ids, reasons or points, nor a total or per-question score that includes them. Hidden cases are
tests of their own, `after_published`. A failed case that matches a known mistake (hints.json, written by
`hints`) carries a hint, the mistake's declared sentence and no values; it is shown wherever its case is.
"""
import json
import os

from . import scoring

ISOLATION_WORDS = [("separate_process", "separate process"), ("python_isolated_mode", "python -I"),
                   ("rlimits", "rlimits"), ("process_group_kill", "timeouts kill the process group"),
                  ("leftover_processes_killed", "leftover processes killed"),
                  ("private_filesystem", "private read-only filesystem")]


def isolation_text(iso):
    if not iso:
        return "no code was run"
    words = [text for key, text in ISOLATION_WORDS if iso.get(key)]
    words.append(f"as user {iso['unprivileged_user']}" if iso.get("unprivileged_user") else "as the grader's own user")
    words.append("no network" if iso.get("no_network") else "network not cut")
    return ", ".join(words) + (f" ({iso['note']})" if iso.get("note") else "")


def case_line(r):
    kind = "visible" if r.visible else "hidden"
    text = r.detail if (r.visible and r.detail) else r.summary
    return f"{r.id} ({kind}, {scoring.fmt(r.points)} pt): {text}"


def hint_lines(r):
    """The 'hint: your db matches a common mistake: ...' lines of a failed case (no values: the declared
    sentence alone). Whoever shows a case shows its hint: a hidden case's only where hidden cases are shown."""
    return r.hint.splitlines() if getattr(r, "hint", "") else []


def test_output(r):
    """A results.json test's output: the case's reason (its values for a visible case), then its hint."""
    return "\n".join([r.detail if (r.visible and r.detail) else r.summary] + hint_lines(r))


HIDDEN_NOTE = ("Hidden cases are graded too; their results, and scores that include them, "
               "are shown once grades are published.")
VISIBLE_TITLE = "Visible cases"


def _header(result):
    lines = [f"Graded {os.path.basename(os.path.normpath(result.submission))} "
             f"in {result.seconds:.1f} s; isolation: {isolation_text(result.isolation)}"]
    return lines + [f"  note: {m}" for m in result.messages]


def _failures(result, results):
    """The lines on the cases not passed; one line in all when nothing could be graded."""
    if getattr(result, "unreadable", ""):
        return ["", "Nothing was graded (see the note above): every case scores 0."]
    failed = [r for r in results if not r.passed]
    if not failed:
        return []
    lines = ["", "Cases not passed:"]
    for r in failed:
        lines += [f"  {case_line(r)}"] + [f"    {h}" for h in hint_lines(r)]
    return lines


def _questions(result):
    from .. import spec
    return [(q.id, q.title, q.points) for q in (result.homework or spec.load()).questions]


def text(result, verbose=False):
    """The instructor's report: messages, the per-question table with every case, then the failed cases."""
    lines = _header(result) + ["", scoring.format_table(result.by_question())] + _failures(result, result.results)
    if verbose and result.stdout.strip():
        lines += ["", "Submission's stdout (truncated):", result.stdout]
    return "\n".join(lines)


def student_text(result):
    """What a student may see before publication: the visible cases' per-question table (visible points
    earned / visible points, totalled as "Visible cases") and the failed visible cases, in full."""
    visible = [r for r in result.results if r.visible]
    lines = _header(result) + ["", scoring.format_table(scoring.per_question(visible, _questions(result)),
                                                        title=VISIBLE_TITLE)]
    lines += _failures(result, visible)
    if len(visible) < len(result.results):
        lines += ["", HIDDEN_NOTE]
    return "\n".join(lines)


def student_order(results):
    """[(number, CaseResult)]: per question, the visible cases first, then the hidden ones, numbered
    'q.n' in that order, so the numbers of the visible cases say nothing about the hidden ones."""
    order = {}
    for r in results:
        order.setdefault(r.question, []).append(r)
    out = []
    for question, mine in order.items():
        ranked = [r for r in mine if r.visible] + [r for r in mine if not r.visible]
        out += [(f"{question[1:]}.{n}", r) for n, r in enumerate(ranked, 1)]
    return out


def results_json(result, plots=None):
    """Gradescope's results.json as a dict. The top-level `output` is the student's view in HTML (the body of
    feedback.html: visible cases only, escaped, the training plots of `plots`, {file name: PNG bytes}, as
    data URIs); each test's output is plain text, with the case's hint when it failed the way a known mistake
    does; hidden cases are `after_published` tests; stdout (the instructor's report) is `hidden`."""
    from . import feedback_html
    tests = [{
        "name": f"{r.question} {r.id}",
        "number": number,
        "score": r.score,
        "max_score": r.points,
        "status": "passed" if r.passed else "failed",
        "output": test_output(r),
        "visibility": "visible" if r.visible else "after_published",
    } for number, r in student_order(result.results)]
    return {
        "score": result.score,
        "execution_time": round(result.seconds, 3),
        "output": feedback_html.fragment(result, plots),
        "output_format": "html",
        "test_output_format": "text",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {"isolation": result.isolation, "intake_messages": result.messages},
    }


def write_json(result, path, plots=None):
    """Write results.json (with plots, as results_json) atomically: a reader never sees half a file."""
    data = json.dumps(results_json(result, plots), indent=1, sort_keys=True)
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    tmp = os.path.join(folder, f".{os.path.basename(path)}.tmp{os.getpid()}")
    try:
        with open(tmp, "w") as fh:
            fh.write(data + "\n")
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
