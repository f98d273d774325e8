"""compare.fingerprint and the hints it feeds in scoring.judge_case: a failed output that matches a known
mistake's fingerprint gets that mistake's sentence, a passed case never gets one, and a hint holds no value."""
import json
import subprocess
import sys

import numpy as np
import pytest

from autograder.engine import compare, grade, scoring

RNG = np.random.default_rng(11)
X = RNG.standard_normal((4, 5))


def test_arrays_equal_to_1e9_relative_share_a_fingerprint():
    nearly = X * (1 + 1e-9 * np.random.default_rng(3).uniform(-1, 1, X.shape))
    assert not np.array_equal(nearly, X)
    assert compare.fingerprint(nearly) == compare.fingerprint(X)
    assert compare.fingerprint(X.astype(np.float32)) == compare.fingerprint(X.astype(np.float32).astype(np.float64))


def test_arrays_1e3_apart_or_of_another_shape_do_not():
    assert compare.fingerprint(X * (1 + 1e-3)) != compare.fingerprint(X)
    moved = X.copy()
    moved[2, 3] += 1e-3 * abs(moved[2, 3])
    assert compare.fingerprint(moved) != compare.fingerprint(X)
    assert compare.fingerprint(X.reshape(5, 4)) != compare.fingerprint(X)
    assert compare.fingerprint(X.ravel()) != compare.fingerprint(X)


def test_fingerprint_is_16_hex_digits_and_the_same_in_another_process():
    code = ("import numpy as np; from autograder.engine import compare; "
            "print(compare.fingerprint(np.arange(6.0).reshape(2, 3) / 7))")
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    here = compare.fingerprint(np.arange(6.0).reshape(2, 3) / 7)
    assert other.stdout.strip() == here
    assert len(here) == 16 and int(here, 16) >= 0


def test_the_fingerprint_format_is_pinned_so_recorded_hints_stay_valid():
    # A change here changes every recorded fingerprint: re-run `python -m autograder hints` (make expected).
    assert compare.fingerprint(np.arange(6.0).reshape(2, 3) / 7) == "ba7e25173c7e9b6b"


def test_nan_inf_and_signed_zero_are_canonical():
    a = np.array([1.0, np.nan, np.inf, -np.inf, 0.0])
    b = np.array([1.0, -np.nan, np.inf, -np.inf, -0.0])
    assert compare.fingerprint(a) == compare.fingerprint(b)
    assert compare.fingerprint(np.array([np.inf])) != compare.fingerprint(np.array([-np.inf]))
    assert compare.fingerprint(np.array([np.nan])) != compare.fingerprint(np.array([np.inf]))


def test_integers_bools_and_floats_of_equal_value_share_a_fingerprint():
    assert compare.fingerprint(np.array([1, 0])) == compare.fingerprint(np.array([True, False]))
    assert compare.fingerprint(np.array([1, 0])) == compare.fingerprint(np.array([1.0, 0.0]))


@pytest.mark.parametrize("value", [1.0, [1.0, 2.0], np.float64(1.0), np.array(["a"]), None,
                                   np.array([1 + 2j]), np.zeros(2, dtype=[("a", "f8")])])
def test_anything_but_a_numeric_or_bool_ndarray_has_no_fingerprint(value):
    assert compare.fingerprint(value) is None


def test_an_errors_fingerprint_ignores_where_it_was_raised():
    here = compare.error_fingerprint("FloatingPointError: overflow encountered in exp (nn_lib.py, line 180)")
    there = compare.error_fingerprint("FloatingPointError: overflow encountered in exp (nn_lib.py, line 12)")
    assert here == there and len(here) == 16
    assert compare.error_fingerprint("ValueError: shapes (3,) and (4,) not aligned (nn_lib.py, line 12)") != here
    assert compare.error_fingerprint("") is None


# -- scoring.judge_case with hints ---------------------------------------------------------------
CASE = {"id": "q1.x", "question": "Q1", "points": 1.0, "visible": True, "rtol": 1e-6, "atol": 1e-8}
WANT = {"dW": np.ones((2, 2)), "db": np.ones((1, 2))}
WRONG_DB = np.full((1, 2), 3.0)
WRONG_DW = np.full((2, 2), 5.0)
SENTENCE = "db is not summed over the batch: sum dY over axis 0"


def _hints(**prints):
    """{output: {fingerprint: sentence}} from output=(array, sentence)."""
    return {name: {compare.fingerprint(a): s} for name, (a, s) in prints.items()}


def test_a_failed_output_matching_a_known_mistake_gets_its_sentence():
    result = scoring.judge_case(CASE, "ok", "", {"dW": WANT["dW"], "db": WRONG_DB}, WANT,
                                _hints(db=(WRONG_DB, SENTENCE)))
    assert result.status == "failed"
    assert result.hint == f"hint: your db matches a common mistake: {SENTENCE}"
    assert scoring.hint_sentences(result.hint) == [SENTENCE]


def test_two_outputs_with_one_mistake_give_one_line_and_two_mistakes_two_lines():
    arrays = {"dW": WRONG_DW, "db": WRONG_DB}
    same = scoring.judge_case(CASE, "ok", "", arrays, WANT, _hints(dW=(WRONG_DW, SENTENCE), db=(WRONG_DB, SENTENCE)))
    assert same.hint == f"hint: your dW and db match a common mistake: {SENTENCE}"
    two = scoring.judge_case(CASE, "ok", "", arrays, WANT, _hints(dW=(WRONG_DW, "dW is off"), db=(WRONG_DB, SENTENCE)))
    assert scoring.hint_sentences(two.hint) == ["dW is off", SENTENCE]


def test_a_passed_case_or_a_passed_output_never_gets_a_hint():
    passed = scoring.judge_case(CASE, "ok", "", dict(WANT), WANT, _hints(dW=(WANT["dW"], "never"), db=(WANT["db"], "no")))
    assert passed.passed and passed.hint == ""
    partly = scoring.judge_case(CASE, "ok", "", {"dW": WANT["dW"], "db": WRONG_DB}, WANT, _hints(dW=(WANT["dW"], "never")))
    assert not partly.passed and partly.hint == ""


def test_an_unknown_wrong_output_or_no_hints_gives_no_hint():
    arrays = {"dW": WANT["dW"], "db": WRONG_DB + 1}
    assert scoring.judge_case(CASE, "ok", "", arrays, WANT, _hints(db=(WRONG_DB, SENTENCE))).hint == ""
    assert scoring.judge_case(CASE, "ok", "", arrays, WANT).hint == ""


def test_a_non_finite_output_can_match_a_mistake():
    nan = np.array([[np.nan, 1.0]])
    result = scoring.judge_case(CASE, "ok", "", {"dW": WANT["dW"], "db": nan}, WANT, _hints(db=(nan, "overflow")))
    assert result.status == "failed" and scoring.hint_sentences(result.hint) == ["overflow"]


def test_an_error_matching_a_known_mistakes_error_gets_its_sentence_wherever_it_was_raised():
    hints = {compare.ERROR_KEY: {compare.error_fingerprint("FloatingPointError: overflow (nn_lib.py, line 1)"): "shift"}}
    result = scoring.judge_case(CASE, "error", "FloatingPointError: overflow (nn_lib.py, line 99)", {}, WANT, hints)
    assert result.status == "error" and result.hint == "hint: this error matches a common mistake: shift"
    other = scoring.judge_case(CASE, "error", "IndexError: out of range (nn_lib.py, line 99)", {}, WANT, hints)
    assert other.hint == ""
    skipped = scoring.judge_case(CASE, "not_implemented", "NotImplementedError: Q1: x", {}, WANT, hints)
    assert skipped.hint == ""


def test_hints_for_a_case_maps_fingerprints_to_sentences_and_skips_unknown_ids():
    doc = {"format": 1, "hints": {"q1.a": "A"}, "cases": {"q1.x": {"db": {"f" * 16: "q1.a", "0" * 16: "q9.gone"}}}}
    assert scoring.hints_for("q1.x", doc) == {"db": {"f" * 16: "A"}}
    assert scoring.hints_for("q1.y", doc) == {} and scoring.hints_for("q1.x", {}) == {}


def test_missing_or_unreadable_hints_json_grades_without_hints(tmp_path):
    assert grade.load_hints(str(tmp_path)) == {}
    (tmp_path / "hints.json").write_text("{not json")
    assert grade.load_hints(str(tmp_path)) == {}
    (tmp_path / "hints.json").write_text(json.dumps({"format": 99, "hints": {}, "cases": {}}))
    assert grade.load_hints(str(tmp_path)) == {}
    doc = {"format": 1, "hints": {"q1.a": "A"}, "cases": {}}
    (tmp_path / "hints.json").write_text(json.dumps(doc) + " ")
    assert grade.load_hints(str(tmp_path)) == doc

