"""Controls, at both isolation levels and through the same grading path as the hostile corpus: the
reference scores 100, the skeleton 0, and each partially correct fixture exactly its expected scores."""
import json
import os
import shutil

import jsonschema
import pytest

from autograder import paths, spec
HW = spec.load()
from tests.fixtures import submissions
from tests.hostile import harness

CONTROLS = {"reference": submissions.FULL, "skeleton": {q: 0 for q in submissions.FULL},
            **{name: submissions.EXPECTED[name] for name in ("fails_q2_q9", "fails_q6_q11", "fails_q3_q4")}}


@pytest.mark.parametrize("name", list(CONTROLS))
def test_control_scores_exactly_as_expected(name, level, corpus, tmp_path):
    workdir = corpus.workdir(level, tmp_path)
    folder, out = os.path.join(workdir, "submission"), os.path.join(workdir, "out")
    os.makedirs(out)
    if name == "skeleton":
        os.makedirs(folder)
        for student_file in spec.load().student_files:
            shutil.copy(os.path.join(paths.HANDOUT, student_file), folder)
    else:
        submissions.build(name, folder)
    level.prepare(workdir)
    graded, _ = level.grade(folder, HW.cases, out, corpus.real(level), None, "")
    assert graded.scores == CONTROLS[name]
    with open(os.path.join(out, "results.json")) as fh:
        doc = json.load(fh)
    with open(harness.SCHEMA) as fh:
        jsonschema.Draft202012Validator(json.load(fh)).validate(doc)
    assert doc["score"] == pytest.approx(sum(CONTROLS[name].values()))
    if name == "skeleton":
        assert {r["status"] for r in graded.results} == {"not_implemented"}
