"""`record`: run every case on the reference and store the expected arrays.

Visible cases go to the homework's expected/visible.npz and the handout's tests/expected_visible.npz;
hidden cases only to expected/hidden.npz. Keys are 'case id/output name'. The written answers' key
comes from the solution's answer-key module (solution/written_answers.py), run in the same worker.
expected/timing.json gets each case's time (rounded up to a power of two, by the grader's clock) and
the submitted functions the reference called in it: the engine's time limits come from them
(engine/sandbox/budget.py). It stays out of the handout, and no test compares its seconds.
"""
import os

from .. import npzio, spec
from ..engine.sandbox import budget
from ..engine.sandbox.sandbox import Sandbox
from ..engine.sandbox.worker import ANSWER_KEY_JOB


class RecordError(RuntimeError):
    """The reference failed a case: nothing was written."""


def run_reference(source=None, homework=None):
    """({'case/output': array} for every case, {case id: (seconds, calls)} for every case the worker runs),
    computed by the reference in source."""
    hw = homework or spec.load()
    source = source or hw.solution
    calls = [c for c in hw.cases if c.driver != "answer"]
    answers = [c for c in hw.cases if c.driver == "answer"]
    jobs = [{"id": c.id, "driver": c.driver, "args": c.args, "trace": True} for c in calls]
    if answers:
        jobs.append({"id": ANSWER_KEY_JOB, "driver": ANSWER_KEY_JOB, "args": {}})
    timeouts = {c.id: max(c.timeout, 30.0) for c in calls} | {ANSWER_KEY_JOB: 120.0}
    with Sandbox(source, homework=hw) as box:
        report = box.run(jobs, timeouts)
    failures = [f"{cid}: {o.status} {o.message}" for cid, o in report.outcomes.items() if o.status != "ok"]
    if failures:
        raise RecordError("the reference failed, nothing was written:\n  " + "\n  ".join(failures))
    expected = {f"{cid}/{name}": arr for cid, o in report.outcomes.items() if cid != ANSWER_KEY_JOB
                for name, arr in o.arrays.items()}
    key = report.outcomes[ANSWER_KEY_JOB].arrays if answers else {}
    for case in answers:
        expected[f"{case.id}/value"] = key[case.args["key"]]
    timing = {c.id: (report.outcomes[c.id].seconds, report.outcomes[c.id].calls) for c in calls}
    return expected, timing


def split(expected, homework=None):
    """(visible, hidden) halves of a recorded mapping."""
    visible_ids = {c.id for c in (homework or spec.load()).cases if c.visible}
    visible = {k: v for k, v in expected.items() if k.split("/")[0] in visible_ids}
    hidden = {k: v for k, v in expected.items() if k.split("/")[0] not in visible_ids}
    return visible, hidden


def main(source=None, out_dir=None, handout_tests="", homework=None):
    """Record every case of homework; handout_tests: the handout's tests/ folder ('' for the homework's
    own handout, None for none)."""
    hw = homework or spec.load()
    out_dir = out_dir or hw.expected_dir
    handout_tests = os.path.join(hw.handout, "tests") if handout_tests == "" else handout_tests
    expected, timing = run_reference(source, hw)
    visible, hidden = split(expected, hw)
    os.makedirs(out_dir, exist_ok=True)
    npzio.save(os.path.join(out_dir, "visible.npz"), visible)
    npzio.save(os.path.join(out_dir, "hidden.npz"), hidden)
    budget.save_timing(os.path.join(out_dir, os.path.basename(hw.timing_json)), timing)
    if handout_tests:
        os.makedirs(handout_tests, exist_ok=True)
        npzio.save(os.path.join(handout_tests, "expected_visible.npz"), visible)
    print(f"recorded {len(visible)} visible and {len(hidden)} hidden arrays")
    return visible, hidden
