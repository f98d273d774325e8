"""`grade`: one submission in, per-case verdicts and per-question scores out.

Steps, in order: intake (only the expected files, safely) -> worker runs the cases in a sandbox
-> this process validates and compares with the stored expected arrays -> written answers are
checked against the key -> for a notebook, references to the generated module's lines are turned into
the notebook's cells, with the intake's line map. Submitted code never runs in this process.
"""
import os
import tempfile
import time
from dataclasses import dataclass, field

from .. import spec
from . import intake as intake_step
from .sandbox.budget import Budget
from .sandbox.sandbox import Limits, Sandbox

@dataclass
class GradeResult:
    submission: str
    results: list                          # scoring.CaseResult, in case order
    messages: list = field(default_factory=list)
    isolation: dict = field(default_factory=dict)
    stdout: str = ""
    stderr: str = ""
    seconds: float = 0.0
    outputs: dict = field(default_factory=dict)    # visible training cases' arrays, for the feedback plots
    homework: object = None                        # the spec.Homework graded against
    unreadable: str = ""                           # why nothing could be graded (intake.SubmissionError), or ""

    @property
    def score(self):
        return sum(r.score for r in self.results)

    @property
    def max_score(self):
        return sum(r.points for r in self.results)

    def by_question(self):
        from . import scoring
        qs = [(q.id, q.title, q.points) for q in (self.homework or spec.load()).questions]
        return scoring.per_question(self.results, qs)


def load_expected(expected_dir=None):
    """{'case/output': array} from the visible and hidden .npz files (default: this package's homework)."""
    from .. import npzio
    expected_dir = expected_dir or spec.load().expected_dir
    expected = {}
    for name in ("visible.npz", "hidden.npz"):
        path = os.path.join(expected_dir, name)
        if not os.path.exists(path):
            raise FileNotFoundError(f"{path} is missing: run `make expected` to record the expected arrays")
        expected.update(npzio.load(path))
    return expected


HINTS_JSON = "hints.json"          # spec.Homework.hints_json
MAX_HINTS_BYTES = 16 << 20
_HINTS = {}


def load_hints(expected_dir=None):
    """The known mistakes' fingerprints, hints.json beside the expected arrays (written by `hints`), as a dict
    for scoring.hints_for; {} when there is none or it cannot be read (the cases are graded the same, without
    hints). Read once per file version in a process (a batch grades many submissions)."""
    import json
    path = os.path.join(expected_dir or spec.load().expected_dir, HINTS_JSON)
    try:
        stat = os.stat(path)
    except OSError:
        return {}
    key = (path, stat.st_mtime_ns, stat.st_size)
    if key not in _HINTS:
        doc = {}
        if stat.st_size <= MAX_HINTS_BYTES:
            try:
                with open(path, encoding="utf-8") as fh:
                    doc = json.load(fh)
            except (OSError, ValueError):
                doc = {}
        _HINTS.clear()
        _HINTS[key] = doc if isinstance(doc, dict) and doc.get("format") == 1 else {}
    return _HINTS[key]


def protect_expected(expected_dir=None):
    """As root, make the expected arrays unreadable to the unprivileged worker user."""
    expected_dir = expected_dir or spec.load().expected_dir
    if os.geteuid() == 0:
        os.chmod(expected_dir, 0o700)


def _job(case):
    return {"id": case.id, "driver": case.driver, "args": case.args}


def grade(submission, selected=None, expected=None, limits=None, homework=None):
    """Grade the submission at path against homework (a spec.Homework, default this package's);
    selected: cases to run (all by default). Returns a GradeResult.

    The worker starts first; numpy and the expected arrays load here while it starts up."""
    start = time.monotonic()
    hw = homework or spec.load()
    selected = hw.cases if selected is None else selected
    with tempfile.TemporaryDirectory(prefix=f"nn-intake-{os.getpid()}-") as folder:   # pid: swept once it is dead
        try:
            taken = intake_step.take(submission, folder, hw.student_files)
        except intake_step.SubmissionError as exc:
            from . import scoring
            results = [scoring.judge_case(c.spec(), "missing_file", str(exc), {}, {}) for c in selected]
            return GradeResult(submission, results, [str(exc)], {}, seconds=time.monotonic() - start, homework=hw,
                               unreadable=str(exc))
        calls = [c for c in selected if c.driver != "answer"]
        report = None
        if calls:
            protect_expected(hw.expected_dir)
            with Sandbox(folder, limits or Limits(), homework=hw) as box:
                box.start([_job(c) for c in calls], Budget.for_cases(calls, hw.timing_json))
                expected = _loaded(expected, hw)
                report = box.collect()
        expected = _loaded(expected, hw)
        from . import scoring
        answers, problem = scoring.read_answers(folder)
        results, outputs = _judge(selected, report, expected, answers, problem, hw.plot_drivers,
                                  load_hints(hw.expected_dir) if calls else {})
    stdout, stderr = (report.stdout, report.stderr) if report else ("", "")
    if taken.line_maps:
        results, stdout, stderr = _cells_named(taken, results, stdout, stderr)
    return GradeResult(submission, results, taken.messages, report.isolation if report else {},
                       stdout, stderr, time.monotonic() - start, outputs, hw)


def _cells_named(taken, results, *texts):
    """(results, *texts) with the worker's references to lines of modules made from a notebook
    ('nn_lib.py, line 80') turned into the notebook's cells ('homework.ipynb, In [7], line 3'). The line
    map is the intake's, made in this process: nothing the worker says can change it."""
    from dataclasses import replace
    from .notebook_intake import rewrite
    name, maps = intake_step.printable(taken.notebook_name or "the notebook"), taken.line_maps
    results = [replace(r, summary=rewrite(r.summary, name, maps), detail=rewrite(r.detail, name, maps))
               for r in results]
    return (results, *(rewrite(t, name, maps) for t in texts))


def _loaded(expected, hw):
    return load_expected(hw.expected_dir) if expected is None else expected


def _judge(selected, report, expected, answers, problem, plot_drivers=(), hints=None):
    """(case results, visible training cases' arrays) from the worker's report and the answers; hints: the
    loaded hints.json (load_hints), for the failed cases that match a known mistake."""
    from . import scoring
    results, outputs = [], {}
    for case in selected:
        spec = case.spec()
        mine = scoring.expected_for(case.id, expected)
        if case.driver == "answer":
            key = mine.get("value")
            results.append(scoring.judge_answer(spec, answers, problem, key))
        else:
            o = report.outcomes[case.id]
            results.append(scoring.judge_case(spec, o.status, o.message, o.arrays, mine,
                                              scoring.hints_for(case.id, hints)))
            if case.visible and case.driver in plot_drivers and o.arrays:
                outputs[case.id] = o.arrays
    return results, outputs


def write_feedback(result, folder, expected=None):
    """The feedback folder: report.txt (the instructor's, every case); feedback.html and results.json (the
    student's, visible cases only, the plots inline); and, where matplotlib is installed, the visible
    training cases' plots as PNG files. Returns the list of files written."""
    from . import feedback_html, plot_images, report
    os.makedirs(folder, exist_ok=True)
    pictures, note = plot_images.draw(result, folder, expected)
    plots = plot_images.read(pictures)
    written = [os.path.join(folder, name) for name in ("report.txt", "results.json", "feedback.html")]
    with open(written[0], "w") as fh:
        fh.write(report.text(result) + "\n" + (f"\n{note}\n" if note else ""))
    report.write_json(result, written[1], plots)
    feedback_html.write(result, written[2], plots)
    return written + pictures
