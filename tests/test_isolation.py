"""The worker's isolation: lying outputs, exits, floods and limits stay inside the cases they hit."""
import os
import time

import pytest

from autograder import paths, spec
from autograder.engine import grade
HW = spec.load()
from tests.fixtures import submissions

FORWARD = "return X @ self.W + self.b"
Q1 = HW.select({"Q1"})
FORWARD_CASES = {"q1.forward_small", "q1.forward_batch_of_one", "q1.forward_wide_scaled"}
CALLS_FORWARD = FORWARD_CASES | {"q1.backward_small", "q1.backward_batch_of_one", "q1.backward_non_square"}


def _grade_with(tmp_path, old, new, selected=Q1, file="nn_lib.py"):
    folder = tmp_path / "sub"
    submissions.build("reference", str(folder))
    text = (folder / file).read_text()
    assert text.count(old) == 1
    (folder / file).write_text(text.replace(old, new))
    start = time.monotonic()
    result = grade.grade(str(folder), selected)
    return result, {r.id: r for r in result.results}, time.monotonic() - start


@pytest.mark.parametrize("new, words", [
    ("return np.ma.masked_array(X @ self.W + self.b)", "numpy.ma.MaskedArray"),
    ("class Liar:\n            def __eq__(self, other): return True\n"
     "            def __array__(self, *a, **k): return np.zeros(1)\n        return Liar()", "Liar"),
    ("class Sub(np.ndarray):\n            def __array_ufunc__(self, *a, **k): return True\n"
     "            def __array_function__(self, *a, **k): return True\n"
     "        return (X @ self.W + self.b).view(Sub)", "Sub"),
    ("return np.array([object()] * 3)", "dtype object is not numeric"),
    ("return [[0.0]]", "builtins.list"),
])
def test_outputs_that_are_not_plain_numeric_arrays_score_zero(tmp_path, new, words):
    _, by_id, _ = _grade_with(tmp_path, FORWARD, new)
    for cid in FORWARD_CASES:
        assert by_id[cid].status == "wrong_type" and words in by_id[cid].summary
    assert by_id["q1.init_generator"].passed


def test_a_broadcasting_scalar_or_nan_does_not_pass(tmp_path):
    _, by_id, _ = _grade_with(tmp_path, FORWARD, "return np.float64(0.5)")
    assert all("wrong shape" in by_id[c].summary for c in FORWARD_CASES)
    _, by_id, _ = _grade_with(tmp_path, FORWARD, "return np.full((X.shape[0], self.W.shape[1]), np.nan)")
    assert all("NaN" in by_id[c].summary for c in FORWARD_CASES)


def test_sys_exit_inside_a_method_fails_only_that_method(tmp_path):
    result, by_id, _ = _grade_with(tmp_path, FORWARD, "raise SystemExit(0)")
    assert {cid for cid, r in by_id.items() if not r.passed} == CALLS_FORWARD
    assert all(by_id[c].summary.startswith("raised an exception: SystemExit") for c in CALLS_FORWARD)


def test_os_exit_inside_a_method_costs_that_case_and_a_fresh_worker_takes_the_rest(tmp_path):
    result, by_id, _ = _grade_with(tmp_path, FORWARD, "import os; os._exit(0)")
    assert {cid for cid, r in by_id.items() if not r.passed} == CALLS_FORWARD
    assert all("exited during this case (exit code 0)" in by_id[c].summary for c in CALLS_FORWARD)


def test_os_exit_at_import_fails_every_case_with_one_clear_reason(tmp_path):
    result, by_id, elapsed = _grade_with(tmp_path, "import numpy as np\n", "import numpy as np\nimport os; os._exit(3)\n")
    assert result.score == 0
    assert all("exited while being imported (exit code 3)" in r.summary for r in result.results)
    assert elapsed < 10


def test_a_flood_of_output_is_truncated_and_grading_goes_on(tmp_path):
    flood = "import sys; sys.stdout.write('x' * (20 << 20)); sys.stderr.write('y' * (20 << 20)); return X @ self.W + self.b"
    result, by_id, elapsed = _grade_with(tmp_path, FORWARD, flood)
    assert result.score == 10
    assert len(result.stdout) < 20_000 and "more bytes not shown" in result.stdout
    assert len(result.stderr) < 20_000


def test_a_memory_bomb_fails_its_case_and_the_rest_are_graded(tmp_path):
    bomb = "hog = np.ones(1 << 31)  # 16 GiB: fails at once under the memory limit\n        return X @ self.W + self.b"
    result, by_id, elapsed = _grade_with(tmp_path, FORWARD, bomb)
    assert {cid for cid, r in by_id.items() if not r.passed} == CALLS_FORWARD
    assert all("MemoryError" in by_id[c].summary for c in CALLS_FORWARD)
    assert elapsed < 10


def test_the_worker_cannot_read_hidden_arrays_or_write_outside_its_folder(tmp_path):
    probe = (f"open({paths.HIDDEN_NPZ!r}, 'rb').read(10)\n        "
             f"return X @ self.W + self.b")
    result, by_id, _ = _grade_with(tmp_path, FORWARD, probe)
    if not result.isolation.get("unprivileged_user"):
        pytest.skip("the worker runs as the grader's own user here: it can read what the grader reads "
                    f"({result.isolation.get('note', 'not running as root')})")
    refused = ("PermissionError", "FileNotFoundError")     # unreadable, or hidden by the private filesystem
    assert all(by_id[c].summary.split(": ")[1] in refused for c in FORWARD_CASES)
    target = tmp_path / "forged_results.json"
    _, by_id, _ = _grade_with(tmp_path, FORWARD, f"open({str(target)!r}, 'w').write('{{}}')\n        return X @ self.W + self.b")
    assert not target.exists()
    assert all(by_id[c].summary.split(": ")[1] in refused for c in FORWARD_CASES)


def test_the_worker_has_no_network_where_the_kernel_allows(tmp_path):
    probe = ("import socket; s = socket.socket(); s.settimeout(2); s.connect(('127.0.0.1', 9))\n        "
             "return X @ self.W + self.b")
    result, by_id, _ = _grade_with(tmp_path, FORWARD, probe)
    if not result.isolation.get("no_network"):
        pytest.skip("this kernel does not let the grader cut the worker's network")
    assert all("OSError" in by_id[c].summary or "Errno" in by_id[c].summary for c in FORWARD_CASES)


def test_consecutive_timeouts_each_cost_one_case_and_later_cases_are_graded(tmp_path):
    import dataclasses
    quick = [dataclasses.replace(c, timeout=1.0) for c in Q1]
    hang = "while X.shape[0] == 4:\n            pass\n        return X @ self.W + self.b"
    result, by_id, elapsed = _grade_with(tmp_path, FORWARD, hang, selected=quick)
    assert {cid for cid, r in by_id.items() if not r.passed} == {"q1.forward_small", "q1.backward_small"}
    assert all(by_id[c].status == "timeout" for c in ("q1.forward_small", "q1.backward_small"))
    assert elapsed < 8
