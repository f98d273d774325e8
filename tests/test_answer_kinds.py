"""The answer kinds (number, integer, shape, choice, bool, and Q12's accuracy): each has its own check, its own one-line error
for a value of the wrong kind, and nan as "not answered yet"; the handout's answers.toml and the notebook's
answers cell carry every kind; cases.py's kinds are those of solution/written_answers.QUESTIONS."""
import json
import os
import tomllib

import numpy as np
import pytest

from autograder import paths, spec
from autograder.author import assign
from autograder.engine import scoring

HW = spec.load()
CASES = {c.args["key"]: c.spec() for c in HW.cases if c.driver == "answer"}
KEY = assign.answer_key()
# one answer of each kind: (key, the right answer as TOML reads it, a wrong one, one of the wrong kind, the message)
EXAMPLES = [
    ("mse_loss", 209.4557, 209.4558, [209.4557],
     "answers.toml: 'mse_loss' must be a number like 0.1235, got [209.4557]"),
    ("param_count", 557057, 557058, 557057.5,
     "answers.toml: 'param_count' must be an integer like 3, got 557057.5"),
    ("t2_output_a", [32, 1024], [1024, 32], 1024,
     "answers.toml: 't2_output_a' must be a list of integers like [1024, 32], got 1024"),
    ("b_fix", "append a 1 as the first element of z", "transpose z", 3,
     "answers.toml: 'b_fix' must be one of the options listed above it in answers.toml, as a string like "
     '"transpose beta", got 3'),
    ("sgd_error_decreases", False, True, 0,
     "answers.toml: 'sgd_error_decreases' must be true or false, got 0"),
    ("exp_a_test_accuracy", 0.871, 0.88, 87.1,
     "answers.toml: 'exp_a_test_accuracy' must be an accuracy between 0 and 1 like 0.8733 (a fraction, not a "
     "percentage), got 87.1"),
]


def _judge(key, value):
    return scoring.judge_answer(CASES[key], {key: value}, "", KEY[key])


@pytest.mark.parametrize("key, right, wrong, other_kind, message", EXAMPLES)
def test_each_kind_passes_the_right_answer_and_fails_a_wrong_one(key, right, wrong, other_kind, message):
    assert _judge(key, right).passed
    result = _judge(key, wrong)
    assert result.status == "failed" and result.summary.startswith(f"'{key}' is wrong")


@pytest.mark.parametrize("key, right, wrong, other_kind, message", EXAMPLES)
def test_a_value_of_the_wrong_kind_fails_with_one_line_naming_the_key_and_the_right_form(key, right, wrong,
                                                                                        other_kind, message):
    result = _judge(key, other_kind)
    assert result.status == "failed" and result.summary == message and "\n" not in result.summary


@pytest.mark.parametrize("key", [e[0] for e in EXAMPLES])
def test_nan_is_not_answered_yet_for_every_kind(key):
    result = _judge(key, float("nan"))
    assert result.status == "not_implemented" and "not answered yet" in result.summary


def test_a_choice_outside_the_listed_options_is_of_the_wrong_kind():
    result = _judge("b_fix", "append a 1 to z")
    assert result.status == "failed" and "must be one of the options listed" in result.summary


def test_true_is_not_an_integer_and_a_whole_float_is():
    assert _judge("param_count", True).summary.startswith("answers.toml: 'param_count' must be an integer")
    assert _judge("param_count", 557057.0).passed
    assert "must be a list of integers" in _judge("t2_output_a", [32.0, 1024.0]).summary


def test_a_visible_wrong_answer_shows_both_values_in_the_answer_form():
    result = _judge("init_w_relation", "w1 = w2 = 0")
    assert result.detail == "'init_w_relation': got \"w1 = w2 = 0\", expected \"w1 = w2 != 0\""


def test_every_recorded_key_is_a_plain_numeric_array():
    for key, value in KEY.items():
        assert isinstance(value, np.ndarray) and value.dtype.kind in "if", key


def test_cases_carry_the_kinds_and_options_of_the_written_questions():
    questions = assign.written_questions(HW.solution, HW.answer_key_module)
    assert [q[0] for q in questions] == list(CASES)
    for key, _, _, kind in questions:
        args = CASES[key]["args"]
        if isinstance(kind, dict):
            assert (args["kind"], args["options"]) == (kind["kind"], kind["options"]), key
        else:
            assert args["kind"] == kind and "options" not in args, key


def test_visible_flags_of_the_cases_are_those_of_the_written_questions():
    questions = assign.written_questions(HW.solution, HW.answer_key_module)
    assert {q[0] for q in questions if q[1]} == {k for k, c in CASES.items() if c["visible"]}


def test_the_reference_answers_file_reads_back_as_the_key_for_every_kind():
    text = assign.answers_toml(assign.written_questions(HW.solution, HW.answer_key_module), KEY)
    answers = tomllib.loads(text)
    assert isinstance(answers["t2_output_a"], list) and isinstance(answers["sgd_error_decreases"], bool)
    assert isinstance(answers["b_fix"], str) and isinstance(answers["param_count"], int)
    assert all(scoring.judge_answer(CASES[k], answers, "", KEY[k]).passed for k in CASES)


def test_the_handout_answers_file_explains_every_form_and_nan():
    with open(os.path.join(paths.HANDOUT, "answers.toml"), encoding="utf-8") as fh:
        text = fh.read()
    assert 'A nan left in place, whatever the kind, means "not answered yet"' in text
    assert "# Answer: a list of integers, like [1024, 32].\nt2_output_a = nan" in text
    assert '#   "append a 1 as the first element of z"\n' in text
    assert set(tomllib.loads(text)) == set(CASES)


def test_the_notebook_answers_cell_carries_every_kind():
    with open(os.path.join(paths.HANDOUT, HW.notebook), encoding="utf-8") as fh:
        cells = json.load(fh)["cells"]
    cell = "".join(next(c for c in cells if c.get("id") == "answers")["source"])
    body = tomllib.loads(cell.split("\n", 1)[1])
    assert set(body) == set(CASES) and all(np.isnan(v) for v in body.values())
    assert '#   "v1 = v2"' in cell and "# Answer: true or false." in cell
