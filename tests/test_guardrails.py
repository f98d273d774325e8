"""`python -m autograder check` fails (exit 4) with file:line and the question's name on each instructor
guardrail: a question without a visible or a hidden case, cases' points that do not sum to their question's,
questions' points that do not sum to homework.toml's total, a solution region no visible or no hidden case runs."""
import os
import shutil
import subprocess
import sys

import pytest

from autograder import paths, spec
from autograder.author import guardrails
from autograder.status import ExitCode

SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "second_homework")


def _copy(tmp_path):
    """A copy of the second homework at tmp_path/warmup (not recorded: the guardrails run first)."""
    folder = tmp_path / "warmup"
    shutil.copytree(SOURCE, folder)
    return folder


def _edit(path, old, new):
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def _check(tmp_path):
    """Run `python -m autograder check --homework warmup` from tmp_path, as an instructor would."""
    env = {**os.environ, "PYTHONPATH": paths.ROOT + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.run([sys.executable, "-m", "autograder", "check", "--homework", "warmup"], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=300)


def _line(text):
    """The line number of the first line of the second homework's solution holding text."""
    path = os.path.join(paths.ROOT, "tests", "second_homework", "solution", "warmup.py")
    with open(path) as fh:
        return next(n for n, line in enumerate(fh, 1) if text in line)


def _fails_with(done, message):
    assert done.returncode == ExitCode.CHECK_FAILED, done.stdout + done.stderr
    assert f"CHECK FAILED: {message}" in done.stdout, done.stdout


def test_question_without_a_hidden_case_fails_check_naming_its_question_line(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder / "cases.py", "scale=1e3), 20, H)", "scale=1e3), 20, V)")
    done = _check(tmp_path)
    _fails_with(done, "warmup/cases.py:5: Q1 (Standardize) has no hidden case; add one to CASES")
    assert "Reference" not in done.stdout           # nothing graded before the guardrails hold


def test_question_without_a_visible_case_fails_check(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder / "cases.py", "seed=1), 20, V)", "seed=1), 20, H)")
    _fails_with(_check(tmp_path), "warmup/cases.py:5: Q1 (Standardize) has no visible case")


def test_cases_whose_points_do_not_sum_to_their_question_fail_check(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder / "cases.py", "seed=1), 20, V)", "seed=1), 25, V)")
    _fails_with(_check(tmp_path), "warmup/cases.py:5: Q1 (Standardize) is worth 40 points but its cases sum to 45")


def test_questions_that_do_not_sum_to_the_stated_total_fail_check_at_its_line(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder / "homework.toml", "total = 100", "total = 90")
    _fails_with(_check(tmp_path), "warmup/homework.toml:8: total = 90, but the questions' points sum to 100 "
                                  "(Q1 40, Q2 60)")


def test_a_homework_that_states_no_total_fails_check(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder / "homework.toml", "total = 100", "")
    _fails_with(_check(tmp_path), "warmup/homework.toml:1: states no total; add 'total = <points>'")


def test_a_total_that_is_not_a_number_is_one_clear_error(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder / "homework.toml", "total = 100", 'total = "all"')
    with pytest.raises(spec.HomeworkError, match="total must be a number of points"):
        spec.Homework(str(folder))


def test_region_no_hidden_case_runs_fails_check_at_the_regions_line(tmp_path):
    folder = _copy(tmp_path)
    # the one hidden Q2 case now runs forward only: Square.backward's region is reached by visible cases alone
    _edit(folder / "cases.py", '("backward_batch_of_one", "square_backward"', '("backward_batch_of_one", "square_forward"')
    done = _check(tmp_path)
    _fails_with(done, f"warmup/solution/warmup.py:{_line('return 2 * self.X * dY')}: the Q2 region in Square.backward "
                      "is run by no hidden case")
    assert "Square.forward" not in done.stdout and "no visible case" not in done.stdout


def test_block_region_no_visible_case_runs_fails_check(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder / "cases.py", '("small", "standardize"', '("small", "square_forward"')
    _fails_with(_check(tmp_path), f"warmup/solution/warmup.py:{_line('# BEGIN SOLUTION Q1')}: the Q1 region in standardize is run by no "
                                  "visible case")


def test_the_second_homework_passes_the_guardrails(tmp_path):
    assert guardrails.problems(spec.Homework(str(_copy(tmp_path)))) == []


def test_the_real_homework_passes_the_guardrails_with_no_known_gaps():
    hw = spec.Homework()
    waived = []
    assert guardrails.problems(hw, waived) == []
    assert (hw.no_visible_case_yet, waived) == ((), [])     # every solution region is run by a visible case


def _with_known_gap(tmp_path, function, *case_edits):
    """The second homework, listing `function` under [author] no_visible_case_yet, its cases.py edited by
    case_edits ((old, new) pairs)."""
    folder = _copy(tmp_path)
    _edit(folder / "homework.toml", "[author]\n", f"[author]\nno_visible_case_yet = [{function!r}]\n")
    for old, new in case_edits:
        _edit(folder / "cases.py", old, new)
    return spec.Homework(str(folder))


def test_a_known_gap_waives_only_the_missing_visible_case_of_its_own_function(tmp_path):
    hw = _with_known_gap(tmp_path, "standardize")
    waived = []
    problems = guardrails.region_problems(hw, lines_run={}, waived=waived)     # nothing ran: every region is a gap
    assert len(waived) == 1 and " in standardize is run by no visible case" in waived[0]
    assert any(" in standardize is run by no hidden case" in p for p in problems)
    assert any(" in Square.backward is run by no visible case" in p for p in problems)
    assert not any(" in standardize is run by no visible case" in p for p in problems)


def test_a_listed_known_gap_is_a_warning_and_not_a_problem(tmp_path):
    hw = _with_known_gap(tmp_path, "standardize", ('("small", "standardize"', '("small", "square_forward"'))
    waived = []
    assert guardrails.problems(hw, waived) == []
    assert len(waived) == 1 and " in standardize is run by no visible case" in waived[0]
