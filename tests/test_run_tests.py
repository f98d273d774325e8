"""The students' run_tests.py: same verdicts as the grader on visible cases, selection, exit codes."""
import os
import shutil
import subprocess
import sys

from autograder import paths, spec
from autograder.engine import grade
HW = spec.load()
from tests.fixtures import submissions


def _handout_with(tmp_path, fixture=None):
    folder = tmp_path / "handout"
    shutil.copytree(paths.HANDOUT, folder)
    if fixture:
        submissions.build(fixture, str(folder))
    return folder


def _run(folder, *args):
    return subprocess.run([sys.executable, "run_tests.py", *args], cwd=folder, capture_output=True, text=True, timeout=120)


def test_skeleton_fails_every_visible_case_as_not_implemented(tmp_path):
    out = _run(_handout_with(tmp_path))
    assert out.returncode == 1
    visible = [c for c in HW.cases if c.visible]
    assert out.stdout.count("FAIL ") == len(visible)
    assert "not implemented yet" in out.stdout
    assert f"0 passed, {len(visible)} failed" in out.stdout


def test_reference_passes_every_visible_case(tmp_path):
    out = _run(_handout_with(tmp_path, "reference"), "-v")
    visible = [c for c in HW.cases if c.visible]
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.count("PASS ") == len(visible)
    assert "Visible cases" in out.stdout and "38 / 38" in out.stdout


def test_one_question_runs_only_that_question(tmp_path):
    out = _run(_handout_with(tmp_path, "reference"), "Q3")
    table = out.stdout.split("Question", 1)[1]
    assert "Q3 " in table and "Q1 " not in table and "Q11" not in table
    assert out.returncode == 0


def test_unknown_question_is_a_usage_error(tmp_path):
    out = _run(_handout_with(tmp_path), "Q99")
    assert out.returncode == 2 and "unknown question Q99" in out.stderr


def test_visible_verdicts_match_the_grader_exactly(tmp_path):
    folder = _handout_with(tmp_path, "fails_q3_q4")
    out = _run(folder)
    local_failures = {line.split()[1] for line in out.stdout.splitlines() if line.startswith("FAIL ")}
    graded = grade.grade(str(folder), [c for c in HW.cases if c.visible])
    assert local_failures == {r.id for r in graded.results if not r.passed}
    assert local_failures == {"q3.mse_small", "q4.train_half"}


def test_the_grading_code_in_the_handout_is_the_autograders(tmp_path):
    sources = {"compare.py": "engine/compare.py", "drivers.py": "homework/drivers.py",
               "runcase.py": "engine/sandbox/runcase.py", "scoring.py": "engine/scoring.py", "plots.py": "engine/plots.py"}
    for name, source in sources.items():
        shipped = open(os.path.join(paths.HANDOUT_TESTS, "_grading", name), "rb").read()
        assert shipped == open(os.path.join(paths.PACKAGE, source), "rb").read(), name
