"""The mutation check (`python -m autograder mutants`): every declared mutant is applied alone to the
reference, graded, and must lose points, most of them on a visible case; every control (a correct
alternative) must keep full marks. A mutant the cases miss, a control that loses points, or too few
mutants caught by a visible case fail the check with exit code 4."""
import os
import shutil
import subprocess
import sys

import pytest

from autograder import paths, spec
from autograder.author import mutants

SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "second_homework")


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "autograder", *args], cwd=paths.ROOT, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    """A copy of the second homework with its expected arrays recorded."""
    folder = tmp_path_factory.mktemp("mutants") / "warmup"
    shutil.copytree(SOURCE, folder)
    done = _cli("record", "--homework", str(folder))
    assert done.returncode == 0, done.stdout + done.stderr
    return folder


def test_mutation_check_kills_both_mutants_of_the_second_homework(recorded):
    done = _cli("mutants", "--homework", str(recorded))
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert any(l.startswith("killed") and "q1.std_over_rows" in l and "-40 pts" in l and "visible: q1.small" in l
               for l in lines)
    assert any(l.startswith("killed") and "q2.no_factor_two" in l and "visible: q2.backward_small" in l for l in lines)
    assert lines[-2:] == ["2/2 mutants killed, 2 by a visible case",
                          "100% of the mutants killed by a visible case (at least 90% wanted)"]


def test_a_mutant_that_loses_no_points_fails_the_check_with_exit_4(recorded, tmp_path):
    folder = tmp_path / "warmup"
    shutil.copytree(recorded, folder)
    path = folder / "solution" / "warmup.py"
    text = path.read_text().replace(
        "        return 2 * self.X * dY  # SOLUTION Q2: return dX = 2 X dY, shape (N, D)\n",
        "        return 2 * self.X * dY  # SOLUTION Q2: return dX = 2 X dY, shape (N, D)\n"
        "        # MUTANT q2.same_thing: return self.X * dY * 2  | written another way, still right\n")
    path.write_text(text)
    done = _cli("mutants", "--homework", str(folder))
    assert done.returncode == 4, done.stdout + done.stderr
    assert any(l.startswith("SURVIVED") and "q2.same_thing" in l and "warmup.py:" in l for l in done.stdout.splitlines())
    assert done.stdout.splitlines()[-2] == "2/3 mutants killed, 2 by a visible case"


def test_a_malformed_mutant_stops_the_check_with_file_and_line(recorded, tmp_path):
    folder = tmp_path / "warmup"
    shutil.copytree(recorded, folder)
    path = folder / "solution" / "warmup.py"
    path.write_text(path.read_text().replace("    mu = X.mean(axis=0, keepdims=True)\n",
                                             "    mu = X.mean(axis=0, keepdims=True)\n    # MUTANT q1.oops mu = 0\n"))
    done = _cli("mutants", "--homework", str(folder))
    assert done.returncode == 5, done.stdout + done.stderr
    assert done.stderr.startswith("error: solution/warmup.py:") and "malformed mutant" in done.stderr


def _declare_after_backward(folder, line):
    """Declare `line` (a MUTANT or CONTROL comment) under Square.backward's solution line."""
    path = folder / "solution" / "warmup.py"
    anchor = "        return 2 * self.X * dY  # SOLUTION Q2: return dX = 2 X dY, shape (N, D)\n"
    text = path.read_text()
    assert text.count(anchor) == 1
    path.write_text(text.replace(anchor, anchor + f"        {line}\n"))


def test_a_control_that_keeps_full_marks_is_listed_and_the_check_passes(recorded, tmp_path):
    folder = tmp_path / "warmup"
    shutil.copytree(recorded, folder)
    _declare_after_backward(folder, "# CONTROL q2.factor_last: return self.X * dY * 2  | the factor 2 written last")
    done = _cli("mutants", "--homework", str(folder))
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert "control   q2.factor_last                       full marks" in lines
    assert lines[-3:-1] == ["2/2 mutants killed, 2 by a visible case", "1/1 controls at full marks"]


def test_a_control_that_loses_points_fails_the_check_with_exit_4(recorded, tmp_path):
    folder = tmp_path / "warmup"
    shutil.copytree(recorded, folder)
    _declare_after_backward(folder, "# CONTROL q2.not_really: return self.X * dY * 3  | not a correct alternative")
    done = _cli("mutants", "--homework", str(folder))
    assert done.returncode == 4, done.stdout + done.stderr
    lost = [l for l in done.stdout.splitlines() if l.startswith("CONTROL LOSES")]
    assert len(lost) == 1 and "q2.not_really" in lost[0] and "warmup.py:" in lost[0] and "q2.backward_small" in lost[0]
    assert "0/1 controls at full marks" in done.stdout.splitlines()


def _verdict(mid, visible_killers=(), lost=1.0, kind="mutant"):
    return mutants.Verdict(mid, "nn_lib.py", 1, mid.split(".")[0].upper(), lost, ("x.hidden", *visible_killers),
                           tuple(visible_killers), kind)


def test_too_few_mutants_caught_by_a_visible_case_fail_the_check_naming_the_ones_to_catch():
    verdicts = [_verdict(f"q1.seen_{i}", ("q1.visible",)) for i in range(8)] + [_verdict("q1.hidden_only")]
    assert mutants.visible_share(verdicts) == pytest.approx(8 / 9) and not mutants.passed(verdicts)
    assert mutants.report(verdicts).splitlines()[-1] == (
        "only 88% of the mutants killed by a visible case, under 90%: add a visible case that catches q1.hidden_only")
    assert mutants.passed(verdicts + [_verdict(f"q1.more_{i}", ("q1.visible",)) for i in range(2)])


def test_controls_are_not_declared_mutants_and_do_not_count_towards_the_visible_share():
    hw = spec.load()
    declared, controls = mutants.declared(hw), mutants.controls(hw)
    assert controls and all(m.kind == "control" for _, m in controls)
    assert all(m.kind == "mutant" for _, m in declared)
    assert not {m.id for _, m in declared} & {m.id for _, m in controls}
    verdicts = [_verdict("q1.seen", ("q1.visible",)), _verdict("q1.alternative", lost=0.0, kind="control")]
    assert mutants.visible_share(verdicts) == 1.0 and mutants.passed(verdicts)


@pytest.fixture(scope="module")
def real_verdicts():
    """The mutation check of this homework (about a minute on two cores)."""
    return mutants.run(spec.load(), workers=2)


def test_the_real_homework_kills_every_mutant_mostly_on_visible_cases(real_verdicts):
    found = [v for v in real_verdicts if v.kind == "mutant"]
    assert len(found) >= 60
    assert [v.id for v in found if not v.killed] == []
    assert mutants.visible_share(real_verdicts) >= mutants.VISIBLE_SHARE, [v.id for v in found if not v.visible_killers]
    per_question = {q.id: sum(v.question == q.id for v in found) for q in spec.load().questions}
    assert all(per_question[f"Q{n}"] >= 4 for n in range(1, 11)), per_question


def test_the_real_homework_controls_all_keep_full_marks(real_verdicts):
    checks = [v for v in real_verdicts if v.kind == "control"]
    assert len(checks) >= 5
    assert [(v.id, v.lost, v.killers) for v in checks if v.killed] == []
    assert mutants.passed(real_verdicts)


def test_every_real_mutant_gets_its_own_hint_and_no_other_and_no_control_gets_one(real_verdicts):
    found = [v for v in real_verdicts if v.kind == "mutant"]
    assert all(v.hinted for v in found)          # the homework's hints.json is there and was read
    assert [(v.id, v.hints) for v in found if v.hints != (v.id,)] == []
    assert [(v.id, v.hints) for v in real_verdicts if v.kind == "control" and v.hints] == []


def test_a_mutant_shown_another_mutants_hint_fails_the_check_naming_both():
    wrong = mutants.Verdict("q1.a", "nn_lib.py", 3, "Q1", 1.0, ("q1.x",), ("q1.x",), "mutant", ("q1.a", "q1.b"), True)
    silent = mutants.Verdict("q1.c", "nn_lib.py", 5, "Q1", 1.0, ("q1.x",), ("q1.x",), "mutant", (), True)
    right = mutants.Verdict("q1.d", "nn_lib.py", 7, "Q1", 1.0, ("q1.x",), ("q1.x",), "mutant", ("q1.d",), True)
    assert not mutants.passed([wrong, right]) and not mutants.passed([silent, right]) and mutants.passed([right])
    text = mutants.report([wrong, silent, right])
    assert "q1.a" in text and "shows the hint of q1.b" in text
    assert "gets no hint: run `make expected`" in text
    assert "1/3 mutants get their own hint and no other" in text
