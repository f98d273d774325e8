"""OUT/<key>/: a submission's feedback, written by the batch's client from its standing.

report.txt, results.json (Gradescope's schema) and feedback.html (the student's page) come from the submission's current case results,
merged across runs (so a `-q Q6` regrade updates Q6 and keeps the rest); the training plots are the
PNG bytes a worker sent back. Every file is written atomically; plots no longer current are removed.
"""
import json
import os
import re

from ..engine import feedback_html, report
from ..engine.grade import GradeResult
from ..engine.scoring import CaseResult
from . import merge
from .files import write_atomic

PLOT_NAME = re.compile(r"^[\w.-]+\.png$")


def _grade_result(standing, hw):
    ran = [r for r in standing.contributing() if r["status"] != merge.ERROR]
    latest = ran[-1] if ran else {}
    cases = [CaseResult(**c) for c in standing.cases(hw.question_ids())]
    messages = list(latest.get("messages", []))
    unreadable = (messages[0] if messages else "nothing to grade") if latest.get("status") == "unreadable" else ""
    return GradeResult(standing.submission, cases, messages, dict(latest.get("isolation", {})),
                       seconds=standing.seconds, homework=hw, unreadable=unreadable)


def report_text(standing, hw):
    """The report: the engine's text for the current cases, then what is not graded and why."""
    lines = [report.text(_grade_result(standing, hw))]
    missing = standing.missing(hw.question_ids())
    if missing:
        lines += ["", f"Not graded yet: {' '.join(missing)} (run the batch again to grade them)."]
    errors = [r for r in standing.contributing() if r["status"] == merge.ERROR]
    for record in errors:
        lines += ["", f"Autograder error while grading {' '.join(record['questions'])}: {record.get('error', '')}"]
        if record.get("traceback"):
            lines.append(record["traceback"].rstrip())
    notes = sorted({r["plots_note"] for r in standing.contributing() if r.get("plots_note")})
    lines += [""] + notes if notes else []
    return "\n".join(lines) + "\n"


def write(out, standing, hw, plots=None):
    """Write OUT/<key>/ for standing; plots: {file name: PNG bytes} from the grading just done."""
    folder = os.path.join(out, standing.key)
    os.makedirs(folder, exist_ok=True)
    for name, data in sorted((plots or {}).items()):
        if PLOT_NAME.match(name):
            write_atomic(os.path.join(folder, name), data)
    current = set(standing.plots)
    for name in os.listdir(folder):
        if name.endswith(".png") and name not in current:
            os.remove(os.path.join(folder, name))
    result = _grade_result(standing, hw)
    write_atomic(os.path.join(folder, "report.txt"), report_text(standing, hw))
    shown = {}
    for name in sorted(current):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            with open(path, "rb") as fh:
                shown[name] = fh.read()
    write_atomic(os.path.join(folder, "results.json"),
                 json.dumps(report.results_json(result, shown), indent=1, sort_keys=True) + "\n")
    write_atomic(os.path.join(folder, "feedback.html"), feedback_html.page(result, shown))
