"""Grading submissions end to end: exact scores, failures that stay local, feedback that hides hidden values."""
import os
import time
import zipfile

import numpy as np
import pytest

from autograder import spec
from autograder.engine import grade, report
HW = spec.load()
from tests.fixtures import submissions


def _scores(result):
    return {q: s for q, _, s, _, _ in result.by_question()}


def _zip(folder, archive, prefix=""):
    with zipfile.ZipFile(archive, "w") as zf:
        for name in sorted(os.listdir(folder)):
            zf.write(os.path.join(folder, name), prefix + name)
    return str(archive)


def test_reference_scores_100_with_every_case_passed(reference_dir):
    result = grade.grade(reference_dir)
    assert result.score == 100
    assert all(r.passed for r in result.results)
    assert len(result.results) == len(HW.cases)


def test_skeleton_scores_0_and_every_case_says_not_implemented(skeleton_dir):
    result = grade.grade(skeleton_dir)
    assert result.score == 0
    assert {r.status for r in result.results} == {"not_implemented"}
    assert all("not implemented yet" in r.summary or "not answered yet" in r.summary for r in result.results)


@pytest.mark.parametrize("name", ["fails_q2_q9", "fails_q6_q11", "fails_q3_q4"])
def test_partial_fixture_zip_scores_exactly_its_expected_questions(tmp_path, name):
    folder = submissions.build(name, str(tmp_path / name))
    result = grade.grade(_zip(folder, tmp_path / f"{name}.zip"))
    assert _scores(result) == submissions.EXPECTED[name]


def test_infinite_loop_scores_zero_there_and_everything_else_is_still_graded(tmp_path):
    folder = submissions.build("loops_forever_in_q6", str(tmp_path / "loop"))
    start = time.monotonic()
    result = grade.grade(folder)
    elapsed = time.monotonic() - start
    assert _scores(result) == submissions.EXPECTED["loops_forever_in_q6"]
    looped = [r for r in result.results if not r.passed]
    assert [(r.id, r.status) for r in looped] == [("q6.lr_decay_three_epochs", "timeout"),
                                                  ("q6.learning_rate_decay", "timeout")]
    assert elapsed < sum(HW.by_id[r.id].timeout for r in looped) + 10


def test_zip_with_files_inside_one_folder_grades_like_the_folder(tmp_path, reference_dir):
    result = grade.grade(_zip(reference_dir, tmp_path / "sub.zip", prefix="my_homework/"))
    assert result.score == 100
    assert any("taken from the folder 'my_homework/'" in m for m in result.messages)


def test_missing_file_scores_zero_for_what_depends_on_it_only(tmp_path, reference_dir):
    folder = tmp_path / "no_train"
    folder.mkdir()
    for name in ("nn_lib.py", "answers.toml"):
        (folder / name).write_bytes(open(os.path.join(reference_dir, name), "rb").read())
    result = grade.grade(str(folder))
    scores = _scores(result)
    assert scores["Q8"] == 0 and scores["Q1"] == 10 and scores["Q11"] == 10
    assert any("nn_train.py is missing" in m for m in result.messages)
    q8 = [r for r in result.results if r.question == "Q8"]
    assert all("nn_train.py is missing" in r.summary for r in q8)


def test_malformed_answers_toml_scores_zero_for_the_answered_questions_only(tmp_path, reference_dir):
    folder = tmp_path / "bad_toml"
    submissions.build("reference", str(folder))
    (folder / "answers.toml").write_text("a1 = = 3\n")
    result = grade.grade(str(folder))
    scores = _scores(result)
    assert scores["Q11"] == scores["Q12"] == 0 and result.score == 87.5      # Q11 (10 points) and Q12 (2.5)
    q11 = [r for r in result.results if r.question in ("Q11", "Q12")]
    assert all(r.summary.startswith("answers.toml is not valid TOML") for r in q11)


def test_written_answers_follow_the_four_decimal_rounding_rule(tmp_path):
    folder = tmp_path / "rounding"
    submissions.build("reference", str(folder))
    text = (folder / "answers.toml").read_text()
    text = text.replace("mse_loss = 209.4557", "mse_loss = 209.45566")     # rounds to the same 4 decimals
    text = text.replace("z1 = 0.0474", "z1 = 0.0475")                       # does not
    text = text.replace("param_count = 557057", 'param_count = "557057"')  # not an integer
    (folder / "answers.toml").write_text(text)
    result = {r.id: r for r in grade.grade(str(folder), HW.select({"Q11"})).results}
    assert result["q11.mse_loss"].passed
    assert not result["q11.z1"].passed and result["q11.z1"].detail == ""         # hidden: no values shown
    assert result["q11.param_count"].summary == ("answers.toml: 'param_count' must be an integer like 3, "
                                                 'got "557057"')


def test_syntax_error_names_the_file_and_line(tmp_path):
    folder = tmp_path / "syntax"
    submissions.build("reference", str(folder))
    with open(folder / "nn_train.py", "a") as fh:
        fh.write("\ndef broken(:\n")
    result = grade.grade(str(folder), HW.select({"Q8"}))
    assert result.score == 0
    assert all("nn_train.py failed to import: SyntaxError" in r.summary and "line" in r.summary for r in result.results)


def test_failed_visible_case_shows_largest_error_and_index_hidden_case_shows_no_values(tmp_path):
    folder = tmp_path / "wrong"
    submissions.build("fails_q3_q4", str(folder))
    by_id = {r.id: r for r in grade.grade(str(folder), HW.select({"Q3"})).results}
    visible, hidden = by_id["q3.mse_small"], by_id["q3.mse_non_square"]
    assert "largest error" in visible.detail and "at index" in visible.detail and "expected" in visible.detail
    assert hidden.summary == "dpred: wrong values" and hidden.detail == ""
    line = report.case_line(hidden)
    expected = grade.load_expected()["q3.mse_non_square/dpred"]
    assert all(f"{v:.4f}" not in line for v in expected.ravel())


def test_shape_mismatch_is_reported_as_shape(tmp_path):
    folder = tmp_path / "transposed"
    files = submissions.build("reference", str(folder))
    text = (folder / "nn_lib.py").read_text().replace("return X @ self.W + self.b", "return (X @ self.W + self.b).T")
    (folder / "nn_lib.py").write_text(text)
    by_id = {r.id: r for r in grade.grade(str(folder), HW.select({"Q1"})).results}
    assert by_id["q1.forward_small"].detail == "Y: shape (2, 4), expected (4, 2)"
    assert by_id["q1.forward_batch_of_one"].summary == "Y: wrong shape"


def test_nonexistent_submission_is_an_error_result_not_a_crash(tmp_path):
    result = grade.grade(str(tmp_path / "nothing.zip"))
    assert result.score == 0 and "does not exist" in result.messages[0]


def test_not_a_zip_file_is_reported(tmp_path):
    path = tmp_path / "sub.zip"
    path.write_bytes(b"this is not a zip")
    result = grade.grade(str(path))
    assert result.score == 0 and "not a readable zip" in result.messages[0]


def test_results_record_the_isolation_level(reference_dir):
    result = grade.grade(reference_dir, HW.select({"Q4"}))
    iso = result.isolation
    assert iso["separate_process"] and iso["rlimits"] and iso["python_isolated_mode"]
    assert "unprivileged_user" in iso and "no_network" in iso
    if os.geteuid() == 0 and not iso.get("note"):
        assert iso["unprivileged_user"].startswith("uid ")     # a uid of its own for every grading
