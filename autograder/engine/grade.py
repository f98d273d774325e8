"""`grade`: one submission in, per-case verdicts and per-question scores out.

Steps, in order: intake (only the expected files, safely) -> worker runs the cases in a sandbox
-> this process validates and compares with the stored expected arrays -> written answers are
checked against the key. Submitted code never runs in this process.
"""
import os
import tempfile
import time
from dataclasses import dataclass, field

from .. import spec
from . import intake as intake_step
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
    with tempfile.TemporaryDirectory(prefix="nn-intake-") as folder:
        try:
            taken = intake_step.take(submission, folder, hw.student_files)
        except intake_step.SubmissionError as exc:
            from . import scoring
            results = [scoring.judge_case(c.spec(), "missing_file", str(exc), {}, {}) for c in selected]
            return GradeResult(submission, results, [str(exc)], {}, seconds=time.monotonic() - start, homework=hw)
        calls = [c for c in selected if c.driver != "answer"]
        report = None
        if calls:
            protect_expected(hw.expected_dir)
            with Sandbox(folder, limits or Limits(), homework=hw) as box:
                box.start([_job(c) for c in calls], {c.id: c.timeout for c in calls})
                expected = _loaded(expected, hw)
                report = box.collect()
        expected = _loaded(expected, hw)
        from . import scoring
        answers, problem = scoring.read_answers(folder)
        results, outputs = _judge(selected, report, expected, answers, problem, hw.plot_drivers)
    return GradeResult(submission, results, taken.messages, report.isolation if report else {},
                       report.stdout if report else "", report.stderr if report else "",
                       time.monotonic() - start, outputs, hw)


def _loaded(expected, hw):
    return load_expected(hw.expected_dir) if expected is None else expected


def _judge(selected, report, expected, answers, problem, plot_drivers=()):
    """(case results, visible training cases' arrays) from the worker's report and the answers."""
    from . import scoring
    results, outputs = [], {}
    for case in selected:
        spec = case.spec()
        mine = scoring.expected_for(case.id, expected)
        if case.driver == "answer":
            key = mine.get("value")
            results.append(scoring.judge_answer(spec, answers, problem, None if key is None else float(key)))
        else:
            o = report.outcomes[case.id]
            results.append(scoring.judge_case(spec, o.status, o.message, o.arrays, mine))
            if case.visible and case.driver in plot_drivers and o.arrays:
                outputs[case.id] = o.arrays
    return results, outputs


def write_feedback(result, folder, expected=None):
    """The feedback folder: report.txt, results.json and, where matplotlib is installed, the
    visible training cases' plots. Returns the list of files written."""
    from . import plots, report, scoring
    hw = result.homework or spec.load()
    os.makedirs(folder, exist_ok=True)
    written = [os.path.join(folder, "report.txt"), os.path.join(folder, "results.json")]
    with open(written[0], "w") as fh:
        fh.write(report.text(result) + "\n")
    report.write_json(result, written[1])
    expected = load_expected(hw.expected_dir) if expected is None else expected
    try:
        for case_id, arrays in sorted(result.outputs.items()):
            case = hw.by_id[case_id].spec()
            written += plots.save_case_plots(case, arrays, scoring.expected_for(case_id, expected), folder)
    except plots.PlotsUnavailable as exc:
        with open(written[0], "a") as fh:
            fh.write(f"\nno plots: {exc}\n")
    return written
