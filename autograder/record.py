"""`record`: run every case on the reference and store the expected arrays.

Visible cases go to autograder/expected/visible.npz and the handout's tests/expected_visible.npz;
hidden cases only to autograder/expected/hidden.npz. Keys are 'case id/output name'. The written
answers' key comes from solution/written_answers.py, run in the same worker.
"""
import os

from . import cases as case_table
from . import npzio, paths
from .sandbox import Sandbox

from .worker import ANSWER_KEY_JOB


class RecordError(RuntimeError):
    """The reference failed a case: nothing was written."""


def run_reference(source=paths.SOLUTION):
    """{'case/output': array} for every case, computed by the reference in source."""
    calls = [c for c in case_table.CASES if c.driver != "answer"]
    jobs = [{"id": c.id, "driver": c.driver, "args": c.args} for c in calls]
    jobs.append({"id": ANSWER_KEY_JOB, "driver": ANSWER_KEY_JOB, "args": {}})
    timeouts = {c.id: max(c.timeout, 30.0) for c in calls} | {ANSWER_KEY_JOB: 120.0}
    with Sandbox(source) as box:
        report = box.run(jobs, timeouts)
    failures = [f"{cid}: {o.status} {o.message}" for cid, o in report.outcomes.items() if o.status != "ok"]
    if failures:
        raise RecordError("the reference failed, nothing was written:\n  " + "\n  ".join(failures))
    expected = {f"{cid}/{name}": arr for cid, o in report.outcomes.items() if cid != ANSWER_KEY_JOB
                for name, arr in o.arrays.items()}
    key = report.outcomes[ANSWER_KEY_JOB].arrays
    for case in case_table.CASES:
        if case.driver == "answer":
            expected[f"{case.id}/value"] = key[case.args["key"]]
    return expected


def split(expected):
    """(visible, hidden) halves of a recorded mapping."""
    visible_ids = {c.id for c in case_table.CASES if c.visible}
    visible = {k: v for k, v in expected.items() if k.split("/")[0] in visible_ids}
    hidden = {k: v for k, v in expected.items() if k.split("/")[0] not in visible_ids}
    return visible, hidden


def main(source=paths.SOLUTION, out_dir=paths.EXPECTED, handout_tests=paths.HANDOUT_TESTS):
    visible, hidden = split(run_reference(source))
    os.makedirs(out_dir, exist_ok=True)
    npzio.save(os.path.join(out_dir, "visible.npz"), visible)
    npzio.save(os.path.join(out_dir, "hidden.npz"), hidden)
    if handout_tests:
        os.makedirs(handout_tests, exist_ok=True)
        npzio.save(os.path.join(handout_tests, "expected_visible.npz"), visible)
    print(f"recorded {len(visible)} visible and {len(hidden)} hidden arrays")
    return visible, hidden
