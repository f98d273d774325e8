"""Q12: the experiments' final accuracies are graded answers. Their key is solution/experiment_accuracies.json,
written by `make experiments` from the reference's own runs; it must agree with a run trained now and with the
figures in solution/NOTES.md, and an accuracy is judged within the stated tolerance."""
import json
import os
import re
import subprocess
import sys

import pytest

from autograder import paths, spec
from autograder.author import assign
from autograder.engine import scoring

HW = spec.load()
CASES = {c.args["key"]: c for c in HW.cases if c.question == "Q12"}
TABLE = spec.load().table
KEY = assign.answer_key()
ACCURACIES = os.path.join(paths.SOLUTION, "experiment_accuracies.json")


def _recorded():
    with open(ACCURACIES, encoding="utf-8") as fh:
        return json.load(fh)


def _judge(key, value):
    return scoring.judge_answer(CASES[key].spec(), {key: value}, "", KEY[key])


def test_q12_has_one_answer_per_run_and_split_and_keeps_the_total_at_100():
    assert list(CASES) == [f"exp_{run}_{split}_accuracy" for run in "abcde" for split in ("train", "test")]
    assert {c.visible for c in CASES.values()} == {True, False}
    assert sum(c.points for c in CASES.values()) == next(q.points for q in HW.questions if q.id == "Q12")
    assert sum(q.points for q in HW.questions) == 100


def test_the_key_is_the_recorded_accuracy_of_each_run():
    recorded = _recorded()
    for run in "abcde":
        assert float(KEY[f"exp_{run}_train_accuracy"]) == recorded[run][0]
        assert float(KEY[f"exp_{run}_test_accuracy"]) == recorded[run][1]


def test_a_run_trained_now_reproduces_the_recorded_accuracies():
    """Run (d) (batch 200, the fastest: about 7 s) trained again with the reference, as `make experiments` does."""
    code = "import json, written_answers as w; print(json.dumps(w.run_experiments(['d'])['d']))"
    env = {**os.environ, "PYTHONPATH": paths.SOLUTION, "OPENBLAS_NUM_THREADS": "1"}
    done = subprocess.run([sys.executable, "-c", code], cwd=paths.ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    train_acc, test_acc = json.loads(done.stdout.strip().splitlines()[-1])
    recorded = _recorded()["d"]
    assert abs(train_acc - recorded[0]) <= TABLE.ACCURACY_TOLERANCE / 5
    assert abs(test_acc - recorded[1]) <= TABLE.ACCURACY_TOLERANCE / 5


def test_the_figures_in_notes_are_the_recorded_ones():
    with open(os.path.join(paths.SOLUTION, "NOTES.md"), encoding="utf-8") as fh:
        rows = re.findall(r"^\| \((?P<run>[a-e])\) \|[^|]+\| (0\.\d{4}) \| (0\.\d{4}) \|$", fh.read(), re.M)
    assert [r[0] for r in rows] == list("abcde")
    recorded = _recorded()
    for run, train_acc, test_acc in rows:
        assert (train_acc, test_acc) == tuple(f"{v:.4f}" for v in recorded[run]), run


def test_an_accuracy_within_the_tolerance_passes_and_one_beyond_it_fails():
    right = float(KEY["exp_c_test_accuracy"])
    tolerance = CASES["exp_c_test_accuracy"].args["tolerance"]
    assert tolerance == TABLE.ACCURACY_TOLERANCE == 0.005
    assert _judge("exp_c_test_accuracy", round(right, 2)).passed            # rounded to two decimals
    assert _judge("exp_c_test_accuracy", right + 0.9 * tolerance).passed
    result = _judge("exp_c_test_accuracy", right + 1.5 * tolerance)
    assert result.status == "failed"
    assert result.summary == "'exp_c_test_accuracy' is wrong (more than 0.005 from the reference run's)"
    assert _judge("exp_c_test_accuracy", 1).status == "failed"             # an int is an accuracy, this one wrong


def test_a_percentage_or_text_is_of_the_wrong_form():
    for value in (91.0, -0.1, "0.91", True):
        result = _judge("exp_c_test_accuracy", value)
        assert result.summary.startswith("answers.toml: 'exp_c_test_accuracy' must be an accuracy between 0 and 1")


def test_a_hidden_accuracy_shows_no_value_and_a_visible_one_shows_both():
    hidden = _judge("exp_b_test_accuracy", 0.5)
    assert not CASES["exp_b_test_accuracy"].visible and hidden.summary.endswith("from the reference run's)")
    visible = _judge("exp_a_test_accuracy", 0.5)
    assert visible.detail == f"'exp_a_test_accuracy': got 0.5, expected {float(KEY['exp_a_test_accuracy']):.4f}"


def test_a_missing_accuracies_file_says_to_run_make_experiments(tmp_path, solution_modules):
    with pytest.raises(RuntimeError, match="make experiments"):
        solution_modules["written_answers"].experiment_accuracies(str(tmp_path / "none.json"))


def test_the_accuracies_file_never_reaches_the_handout():
    for folder, _, names in os.walk(paths.HANDOUT):
        assert "experiment_accuracies.json" not in names, folder
    hidden = [f"{v:.4f}" for run, pair in _recorded().items() if run != "a" for v in pair]
    with open(os.path.join(paths.HANDOUT, "answers.toml"), encoding="utf-8") as fh:
        text = fh.read()
    assert not any(v in text for v in hidden)
