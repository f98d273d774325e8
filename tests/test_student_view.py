"""Before publication a student sees nothing derived from hidden cases; visible cases keep full feedback;
the instructor's report (the CLI's stdout) keeps everything."""
import json
import os
import re
import subprocess
import sys

import pytest

from autograder import spec
from autograder.engine import report, scoring, student_view
from tests.fixtures import submissions

HW = spec.load()
FIXTURE = "fails_q6_q11"          # fails the visible q6.momentum_two_steps and four hidden cases
HIDDEN = [c for c in HW.cases if not c.visible]
VISIBLE = [c for c in HW.cases if c.visible]
ROW = re.compile(r"^(Q\d+)\s.*?\s(\d+(?:\.\d+)?) / (\d+(?:\.\d+)?)\s", re.M)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """(results.json dict, the CLI's stdout, the feedback folder) of the fixture, graded as users grade:
    the CLI in a subprocess."""
    folder = tmp_path_factory.mktemp("student-view")
    submission = submissions.build(FIXTURE, str(folder / FIXTURE))
    target = folder / "results.json"
    run = subprocess.run([sys.executable, "-m", "autograder", "grade", submission, "--json", str(target),
                          "--feedback", str(folder / "feedback")], cwd=folder, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    with open(target) as fh:
        return json.load(fh), run.stdout, str(folder / "feedback")


def _mentions(text, case_id):
    return re.search(re.escape(case_id) + r"(?![\w.])", text) is not None


def test_submission_failing_hidden_cases_shows_no_hidden_id_reason_points_or_total_before_publication(graded):
    doc, instructor, _ = graded
    total, possible = scoring.fmt(doc["score"]), scoring.fmt(sum(q.points for q in HW.questions))
    assert doc["score"] == sum(submissions.EXPECTED[FIXTURE].values()) == 94.5
    hidden_failed = [t for t in doc["tests"] if t["visibility"] != "visible" and t["status"] == "failed"]
    assert len(hidden_failed) == 4
    # The instructor's report names all of it, so the checks below are not vacuous.
    assert f"{total} / {possible}" in instructor
    assert all(_mentions(instructor, t["name"].split()[1]) and t["output"] in instructor for t in hidden_failed)

    seen = student_view.render(doc)
    leaked_ids = [c.id for c in HIDDEN if _mentions(seen, c.id)]
    assert leaked_ids == []
    assert [t["name"] for t in hidden_failed if t["output"] in seen] == []
    assert re.findall(r"\((\w+), [\d.]+ pt\)", seen) == ["visible"], "only the visible failure shows its points"
    assert not re.search(rf"\b{total}\s*/\s*{possible}\b", seen), "the total including hidden cases is shown"
    assert "Autograder score" not in seen, "Gradescope hides the total while a test is hidden"


def test_per_question_scores_before_publication_count_visible_cases_only(graded):
    doc, _, _ = graded
    seen = student_view.render(doc)
    rows = {q: (float(earned), float(points)) for q, earned, points in ROW.findall(seen)}
    expected = {}
    for t in doc["tests"]:
        if t["visibility"] == "visible":
            earned, points = expected.get(t["name"].split()[0], (0.0, 0.0))
            expected[t["name"].split()[0]] = (earned + t["score"], points + t["max_score"])
    assert rows == expected
    q6 = sum(c.points for c in VISIBLE if c.question == "Q6")   # all of Q6's visible points but the failed case's
    assert rows["Q6"] == (q6 - HW.by_id["q6.momentum_two_steps"].points, q6)
    visible_total = scoring.fmt(sum(c.points for c in VISIBLE))
    visible_earned = scoring.fmt(sum(t["score"] for t in doc["tests"] if t["visibility"] == "visible"))
    assert re.search(rf"{report.VISIBLE_TITLE}\s+{visible_earned} / {visible_total}\b", seen)
    assert report.HIDDEN_NOTE in seen


def test_failed_visible_case_keeps_its_values_before_publication(graded):
    doc, _, _ = graded
    seen = student_view.render(doc)
    test = next(t for t in doc["tests"] if t["name"] == "Q6 q6.momentum_two_steps")
    assert test["status"] == "failed" and test["visibility"] == "visible"
    assert "expected" in test["output"] and "largest error" in test["output"]
    assert test["output"] in doc["output"], "the top-level output lists the visible failure in full"
    assert test["output"] in seen


def test_hidden_cases_are_after_published_tests_of_their_own_and_shown_once_published(graded):
    doc, _, _ = graded
    by_name = {t["name"]: t for t in doc["tests"]}
    for case in HIDDEN:
        test = by_name[f"{case.question} {case.id}"]
        assert test["visibility"] == "after_published" and test["max_score"] == case.points
    published = student_view.render(doc, published=True)
    assert all(_mentions(published, c.id) for c in HIDDEN)
    assert "Autograder score: 94.5" in published
    assert "param.W: wrong values" in published


def test_test_numbers_put_visible_cases_first_in_each_question(graded):
    doc, _, _ = graded
    for question in HW.questions:
        mine = [t for t in doc["tests"] if t["name"].split()[0] == question.id]
        q = question.id[1:]
        assert [t["number"] for t in mine] == [f"{q}.{n}" for n in range(1, len(mine) + 1)]
        visibility = [t["visibility"] for t in mine]
        assert visibility == sorted(visibility, key=lambda v: v != "visible"), question.id
    q11 = [c.visible for c in HW.cases if c.question == "Q11"]
    assert q11 != sorted(q11, reverse=True), "Q11 interleaves visible and hidden cases, so the reordering is tested"


def test_instructors_report_txt_keeps_every_hidden_failure_while_results_json_output_holds_none(graded):
    doc, instructor, feedback = graded
    with open(os.path.join(feedback, "report.txt")) as fh:
        full = fh.read()
    with open(os.path.join(feedback, "results.json")) as fh:
        assert json.load(fh)["output"] == doc["output"]
    hidden_failed = [t for t in doc["tests"] if t["visibility"] != "visible" and t["status"] == "failed"]
    for test in hidden_failed:
        case = test["name"].split()[1]
        assert f"{case} (hidden, " in full and test["output"] in full
        assert not _mentions(doc["output"], case)
    assert "94.5 / 100" in full
    assert full.split("\nno plots:")[0].rstrip("\n") in instructor, "report.txt is the CLI's report"


def test_top_level_output_and_stdout_follow_their_visibility():
    doc = {"score": 3, "output": "summary", "visibility": "after_published", "stdout_visibility": "hidden",
           "tests": [{"name": "a", "score": 1, "max_score": 1, "visibility": "visible", "output": "a ok"},
                     {"name": "b", "score": 2, "max_score": 2, "output": "b ok"},
                     {"name": "c", "score": 0, "max_score": 1, "visibility": "hidden", "output": "c secret"}]}
    before = student_view.render(doc, stdout="printed")
    assert "a ok" in before and "summary" not in before and "b ok" not in before and "printed" not in before
    after = student_view.render(doc, stdout="printed", published=True)
    assert "summary" in after and "b ok" in after
    assert "c secret" not in after and "Autograder score" not in after, "a hidden test is never shown, nor the total"
    doc["stdout_visibility"] = "visible"
    doc["tests"].pop()
    assert "printed" in student_view.render(doc, stdout="printed", published=True)
    assert "Autograder score: 3" in student_view.render(doc, published=True)


def test_unknown_visibility_is_refused_with_the_allowed_values():
    with pytest.raises(ValueError, match="unknown Gradescope visibility 'public': use one of hidden, "):
        student_view.render({"score": 1, "tests": [{"score": 1, "visibility": "public"}]})
