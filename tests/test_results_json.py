"""results.json follows Gradescope's documented format and never shows hidden expected values."""
import json
import os
import shutil

import jsonschema
import pytest

from autograder import paths
from autograder.author import assign
from autograder.engine import grade, report, scoring
from autograder import spec
HW = spec.load()

SCHEMA_PATH = os.path.join(os.path.dirname(__file__), "gradescope_results.schema.json")
CASES = {c.id: c for c in HW.cases}
LINEAR_FORWARD = "return X @ self.W + self.b"


@pytest.fixture(scope="module")
def schema():
    with open(SCHEMA_PATH) as fh:
        data = json.load(fh)
    jsonschema.Draft202012Validator.check_schema(data)
    return data


def _validate(doc, schema):
    jsonschema.Draft202012Validator(schema).validate(doc)


@pytest.fixture(scope="module")
def clean_reference(tmp_path_factory):
    return assign.build_reference(dest=str(tmp_path_factory.mktemp("ref") / "reference"))


@pytest.fixture(scope="module")
def graded(clean_reference, skeleton_dir, tmp_path_factory):
    """GradeResults of the clean reference, the handout skeleton (conftest), and a reference made wrong
    on purpose: Linear.forward adds 1 and every written answer is off by 1 (an accuracy halved)."""
    wrong = tmp_path_factory.mktemp("wrong")
    for name in spec.load().student_files:
        shutil.copy(os.path.join(clean_reference, name), wrong)
    lib = (wrong / "nn_lib.py").read_text()
    assert lib.count(LINEAR_FORWARD) == 1
    (wrong / "nn_lib.py").write_text(lib.replace(LINEAR_FORWARD, LINEAR_FORWARD + " + 1.0"))
    key = assign.answer_key()
    kinds = {c.args["key"]: c.args.get("kind") for c in HW.cases if c.driver == "answer"}
    off = {k: v / 2 if kinds[k] == "accuracy" else v + 1 for k, v in key.items()}     # an accuracy stays in [0, 1]
    (wrong / "answers.toml").write_text(assign.answers_toml(assign.written_questions(), off))
    return {name: grade.grade(str(path)) for name, path in
            (("reference", clean_reference), ("skeleton", skeleton_dir), ("wrong", wrong))}


def _case(test):
    return CASES[test["name"].split(" ", 1)[1]]


@pytest.mark.parametrize("which, score", [("reference", 100), ("skeleton", 0), ("wrong", None)])
def test_results_json_matches_gradescope_schema(graded, schema, which, score):
    doc = report.results_json(graded[which])
    _validate(doc, schema)
    _validate(json.loads(json.dumps(doc)), schema)
    assert len(doc["tests"]) == len(HW.cases)
    if score is not None:
        assert doc["score"] == score


def test_reference_scores_100_with_every_test_passed(graded):
    doc = report.results_json(graded["reference"])
    assert doc["score"] == 100
    assert all(t["status"] == "passed" and t["score"] == t["max_score"] for t in doc["tests"])


def test_skeleton_scores_0_with_every_test_failed(graded):
    doc = report.results_json(graded["skeleton"])
    assert doc["score"] == 0
    assert all(t["status"] == "failed" and t["score"] == 0 for t in doc["tests"])


@pytest.mark.parametrize("which", ["reference", "skeleton", "wrong"])
def test_test_scores_sum_to_the_top_level_score(graded, which):
    doc = report.results_json(graded[which])
    assert sum(t["score"] for t in doc["tests"]) == pytest.approx(doc["score"])
    assert sum(t["max_score"] for t in doc["tests"]) == pytest.approx(sum(q.points for q in HW.questions))
    assert all(0 <= t["score"] <= t["max_score"] for t in doc["tests"])


@pytest.mark.parametrize("which", ["reference", "skeleton", "wrong"])
def test_hidden_cases_show_after_publishing_and_visible_cases_always(graded, which):
    doc = report.results_json(graded[which])
    for test in doc["tests"]:
        assert test["visibility"] == ("visible" if _case(test).visible else "after_published"), test["name"]
    assert {t["visibility"] for t in doc["tests"]} == {"visible", "after_published"}


def _long_reprs(arrays):
    """repr of each expected element long enough not to appear by chance (0.5 or 1.0 would)."""
    out = set()
    for array in arrays.values():
        for value in array.ravel()[:500]:
            text = repr(float(value))
            if len(text) >= 8:
                out.add(text)
    return out


def test_failed_hidden_case_output_never_contains_expected_values(graded):
    doc = report.results_json(graded["wrong"])
    expected = grade.load_expected()
    hidden_failed = [t for t in doc["tests"] if t["status"] == "failed" and not _case(t).visible]
    visible_failed = [t for t in doc["tests"] if t["status"] == "failed" and _case(t).visible]
    assert any(_case(t).driver != "answer" for t in hidden_failed), "the wrong forward should fail hidden cases"
    assert any(_case(t).driver == "answer" for t in hidden_failed), "the wrong answers should fail hidden cases"
    for test in hidden_failed:
        case = _case(test)
        mine = scoring.expected_for(case.id, expected)
        assert "expected" not in test["output"] and "got" not in test["output"], test
        if case.driver == "answer":
            assert scoring.answer_text(case.spec(), mine["value"]) not in test["output"], test
        else:
            leaked = [v for v in _long_reprs(mine) if v in test["output"] or v in doc["output"]]
            assert leaked == [], test["name"]
    # The same failures on visible cases do show values, so the check above is not vacuous.
    assert any("expected" in t["output"] for t in visible_failed if _case(t).driver != "answer")
    for test in visible_failed:
        case = _case(test)
        if case.driver == "answer":
            key = scoring.answer_text(case.spec(), scoring.expected_for(case.id, expected)["value"])
            assert f"expected {key}" in test["output"], test


def test_write_json_replaces_results_atomically_and_leaves_no_temp_file(graded, schema, tmp_path):
    results = tmp_path / "results"
    results.mkdir()
    path = results / "results.json"
    path.write_text('{"score": 7}\n')
    with open(path) as old:
        report.write_json(graded["reference"], str(path))
        assert old.read() == '{"score": 7}\n', "a reader of the old file must see it whole"
    assert os.listdir(results) == ["results.json"]
    with open(path) as fh:
        doc = json.load(fh)
    _validate(doc, schema)
    assert doc["score"] == 100
    assert doc["tests"] == report.results_json(graded["reference"])["tests"]


def test_write_json_failure_keeps_the_previous_results_whole(graded, tmp_path, monkeypatch):
    path = tmp_path / "results.json"
    path.write_text('{"score": 7}\n')

    def refuse(src, dst):
        raise OSError("disk full")
    monkeypatch.setattr(report.os, "replace", refuse)
    with pytest.raises(OSError):
        report.write_json(graded["reference"], str(path))
    assert path.read_text() == '{"score": 7}\n'


def test_write_json_creates_the_results_folder(graded, tmp_path):
    path = tmp_path / "new" / "results" / "results.json"
    report.write_json(graded["skeleton"], str(path))
    with open(path) as fh:
        assert json.load(fh)["score"] == 0


DOCUMENTED_EXAMPLE = {
    "score": 44.0, "execution_time": 136, "output": "Text relevant to the entire submission",
    "output_format": "simple_format", "test_output_format": "text", "test_name_format": "text",
    "visibility": "after_due_date", "stdout_visibility": "visible", "extra_data": {},
    "tests": [{"score": 2.0, "max_score": 2.0, "status": "passed", "name": "Your name here",
               "name_format": "text", "number": "1.1", "output": "Giant multiline string",
               "output_format": "text", "tags": ["tag1", "tag2"], "visibility": "visible", "extra_data": {}}],
    "leaderboard": [{"name": "Accuracy", "value": 0.926}, {"name": "Time", "value": 15.1, "order": "asc"},
                    {"name": "Stars", "value": "*****"}],
}


def test_schema_accepts_the_documented_example(schema):
    _validate(DOCUMENTED_EXAMPLE, schema)
    _validate({"tests": [{"score": 1}, {"score": 0, "max_score": 1}]}, schema)


def _broken(edit):
    doc = json.loads(json.dumps(DOCUMENTED_EXAMPLE))
    edit(doc)
    return doc


@pytest.mark.parametrize("doc", [
    _broken(lambda d: d["tests"][0].update(status="ok")),
    _broken(lambda d: d["tests"][0].update(visibility="public")),
    _broken(lambda d: d["tests"][0].update(max_scroe=2.0)),
    _broken(lambda d: d.update(visiblity="visible")),
    _broken(lambda d: d.update(output_format="markdown")),
    _broken(lambda d: d.update(score="44")),
    _broken(lambda d: d["leaderboard"][1].update(order="up")),
    {"tests": [{"score": 1}, {"max_score": 1}]},
    {"output": "no score anywhere"},
], ids=["status-ok", "test-visibility", "test-key-typo", "top-key-typo", "output-format", "score-string",
        "leaderboard-order", "a-test-without-score", "no-score"])
def test_schema_rejects_documents_gradescope_does_not_define(schema, doc):
    with pytest.raises(jsonschema.ValidationError):
        _validate(doc, schema)
