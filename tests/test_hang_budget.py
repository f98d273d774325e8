"""Time limits: a hang costs seconds, not minutes, and a correct but slow submission still gets full marks.

The rule is engine/sandbox/budget.py's: each case's ceiling is calibrated from the reference's recorded
time (a large factor and a floor, never above the case's own timeout), and a case that calls a
function already seen hanging gets a shorter limit.
"""
import json
import math
import shutil
import subprocess
import sys
import time

import pytest

from autograder import paths, spec
from autograder.author import record
from autograder.engine import grade
from autograder.engine.sandbox import budget
from autograder.engine.sandbox.supervise import Outcome
from tests.fixtures import timing_submissions

HW = spec.load()
WORKER_CASES = [c for c in HW.cases if c.driver != "answer"]
OLD_SECONDS = 127         # the same hang under the old fixed timeouts (issue 10), on this kind of machine
LONG_RUN = "q10.mnist_long_run_accuracy"


def _case(cid, visible=True, timeout=5.0):
    return spec.Case(cid, "Q0", "driver", visible=visible, timeout=timeout)


def _timing(tmp_path, entries):
    path = tmp_path / "timing.json"
    budget.save_timing(str(path), entries)
    return str(path)


def test_a_calibrated_limit_is_a_large_multiple_of_the_reference_time_between_a_floor_and_the_case_timeout(tmp_path):
    cases = [_case("fast"), _case("slow", timeout=60.0), _case("slower", timeout=60.0), _case("unrecorded")]
    path = _timing(tmp_path, {"fast": (0.0001, ()), "slow": (0.1, ()), "slower": (3.0, ())})
    box = budget.Budget.for_cases(cases, path)
    assert box.ceiling("fast") == budget.FLOOR_S
    assert box.ceiling("slow") == budget.FACTOR * 0.125          # recorded time rounded up to a power of two
    assert box.ceiling("slower") == 60.0                          # never above the case's own timeout
    assert box.ceiling("unrecorded") == 5.0
    assert budget.Budget.for_cases(cases, str(tmp_path / "none.json")).ceilings == {c.id: c.timeout for c in cases}


def test_a_function_seen_hanging_shortens_the_cases_that_call_it_until_one_of_them_returns(tmp_path):
    calls = {"hang": ["m.py:f", "m.py:g"], "uses_f": ["m.py:f"], "uses_g": ["m.py:g"], "other": ["m.py:h"],
             "g_before": ["m.py:g"]}
    timing = _timing(tmp_path, {cid: (0.001, names) for cid, names in calls.items()})
    box = budget.Budget.for_cases([_case(cid) for cid in calls], timing)
    outcomes = {"g_before": Outcome("ok"), "hang": Outcome("timeout")}
    seconds, why = box.limit("uses_f", outcomes)
    assert seconds == budget.SHORT_FLOOR_S and "m.py:f" in why and "m.py:g" not in why
    assert box.limit("uses_g", outcomes) == (budget.FLOOR_S, "")     # g came back in a case that calls it
    assert box.limit("other", outcomes) == (budget.FLOOR_S, "")
    outcomes["uses_f"] = Outcome("ok")
    assert box.limit("uses_f", outcomes) == (budget.FLOOR_S, "")


def test_a_visible_case_is_never_shortened_by_what_a_hidden_case_did(tmp_path):
    cases = [_case("hidden", visible=False), _case("visible"), _case("hidden_later", visible=False)]
    box = budget.Budget.for_cases(cases, _timing(tmp_path, {c.id: (0.001, ["m.py:f"]) for c in cases}))
    outcomes = {"hidden": Outcome("timeout")}
    assert box.limit("visible", outcomes) == (budget.FLOOR_S, "")
    assert box.limit("hidden_later", outcomes)[0] == budget.SHORT_FLOOR_S


@pytest.mark.parametrize("status", ["ok", "timeout", "crashed", "error", "anything a worker may claim"])
def test_nothing_the_worker_claims_raises_a_limit_above_its_ceiling(tmp_path, status):
    box = budget.Budget.for_cases(WORKER_CASES, HW.timing_json)
    outcomes = {c.id: Outcome(status, seconds=1e9, calls=("nn_lib.py:Linear.forward",)) for c in WORKER_CASES[::2]}
    for case in WORKER_CASES:
        seconds, _ = box.limit(case.id, outcomes)
        assert seconds <= box.ceiling(case.id) <= case.timeout


def test_a_damaged_timing_file_is_one_clear_error(tmp_path):
    path = tmp_path / "timing.json"
    path.write_text('{"cases": {"q1.forward_small": {"seconds": -1, "calls": []}}}')
    with pytest.raises(spec.HomeworkError, match="q1.forward_small.*re-record"):
        budget.Budget.for_cases(WORKER_CASES, str(path))
    path.write_text("{not json")
    with pytest.raises(spec.HomeworkError, match="cannot be read.*re-record"):
        budget.Budget.for_cases(WORKER_CASES, str(path))


def test_the_recorded_timing_covers_every_case_the_worker_runs():
    timing = budget.load_timing(HW.timing_json)
    assert set(timing) == {c.id for c in WORKER_CASES}
    for cid, (seconds, calls) in timing.items():
        assert seconds >= budget.BUCKET_MIN_S and math.log2(seconds).is_integer(), cid
        assert calls and all(name.split(":")[0] in HW.student_files for name in calls), cid
    relu = {cid for cid, (_, calls) in timing.items() if "nn_lib.py:ReLU.forward" in calls}
    assert relu == timing_submissions.CALLS_RELU_FORWARD


def test_re_recording_writes_the_same_timing_file(tmp_path):
    folder = tmp_path / "warmup"
    shutil.copytree(paths.ROOT + "/tests/second_homework", folder,
                    ignore=shutil.ignore_patterns("expected", "handout", "reference", "__pycache__"))
    hw = spec.Homework(str(folder))
    texts = []
    for name in ("first", "second"):
        record.main(out_dir=str(tmp_path / name), handout_tests=None, homework=hw)
        texts.append((tmp_path / name / "timing.json").read_text())
    first, second = (json.loads(t)["cases"] for t in texts)
    assert {k: v["calls"] for k, v in first.items()} == {k: v["calls"] for k, v in second.items()}
    # times are rounded up to a power of two: a loaded machine may move a case one or two buckets, no more
    assert all(0.25 <= first[k]["seconds"] / second[k]["seconds"] <= 4 for k in first)
    cases = first
    assert set(cases) == {c.id for c in hw.cases if c.driver != "answer"}
    assert all(entry["calls"] for entry in cases.values())


def test_a_submission_hanging_in_relu_forward_is_graded_in_seconds_and_loses_only_the_cases_that_call_it(tmp_path):
    folder = timing_submissions.build_hanging_in_relu_forward(str(tmp_path / "sub"), busy=False)
    out = tmp_path / "results.json"
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "autograder", "grade", folder, "--json", str(out)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300)
    elapsed = time.monotonic() - start
    assert done.returncode == 0, done.stderr
    tests = json.loads(out.read_text())["tests"]
    scores = {}
    for t in tests:
        question = t["name"].split()[0]
        scores[question] = scores.get(question, 0) + t["score"]
    assert scores == timing_submissions.HANGS_IN_RELU_FORWARD
    failed = {t["name"].split()[1]: t["output"] for t in tests if t["score"] < t["max_score"]}
    assert set(failed) == timing_submissions.CALLS_RELU_FORWARD
    assert f"timed out after {budget.FLOOR_S:g} s" in failed.pop("q2.relu_pass")      # the first hang: the floor
    assert all("(shortened: it calls" in text and "nn_lib.py:ReLU.forward" in text for text in failed.values())
    assert elapsed < OLD_SECONDS / 2, f"{elapsed:.0f} s"


def test_a_correct_submission_twenty_times_slower_than_the_reference_gets_full_marks(tmp_path):
    """Every case but the long MNIST run, whose limit is its own 60 s timeout, untouched by calibration."""
    box = budget.Budget.for_cases(WORKER_CASES, HW.timing_json)
    assert box.ceiling(LONG_RUN) == HW.by_id[LONG_RUN].timeout
    folder = timing_submissions.build_slower(str(tmp_path / "sub"), factor=20)
    result = grade.grade(folder, [c for c in HW.cases if c.id != LONG_RUN])
    assert [r.id for r in result.results if not r.passed] == []
    assert result.score == result.max_score == 100 - HW.by_id[LONG_RUN].points
