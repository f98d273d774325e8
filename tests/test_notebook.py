"""The handout notebook: its cells, its execution in a real kernel, and grading notebook submissions."""
import json
import os
import zipfile

import nbformat
import pytest

from autograder import paths
from autograder.author import notebook
from autograder.engine import grade

from tests.fixtures import submissions

NOTEBOOK = os.path.join(paths.HANDOUT, "homework.ipynb")


def _reference_notebook(tmp_path, extra_cells=()):
    files = submissions.reference_files()
    with open(os.path.join(paths.SOLUTION, "experiments.py"), encoding="utf-8") as fh:
        files["experiments.py"] = fh.read()
    text = notebook.build([(n, files[n]) for n in ("nn_lib.py", "nn_train.py", "experiments.py")], "# Reference")
    nb = nbformat.reads(text, as_version=4)
    for i, source in enumerate(extra_cells):
        nb.cells.append(nbformat.v4.new_code_cell(source, id=f"extra-{i}"))
    path = tmp_path / "homework.ipynb"
    path.write_text(nbformat.writes(nb))
    return path, files


def test_every_question_has_markdown_instructions_and_code_cells():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    for q in range(1, 12):
        assert any(f"## Q{q}." in m for m in markdown), q
    assert any("# Your code" in c for c in code)
    assert not any("from nn_lib import" in c for c in code)   # module-only cells stay out


def test_skeleton_notebook_runs_top_to_bottom_in_a_real_kernel():
    from nbclient import NotebookClient
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=60, kernel_name="python3").execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []


def test_notebook_with_answers_in_a_zip_grades_like_the_reference(tmp_path):
    path, files = _reference_notebook(tmp_path)
    archive = tmp_path / "sub.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(path, "homework.ipynb")
        zf.writestr("answers.toml", files["answers.toml"])
    result = grade.grade(str(archive))
    assert result.score == 100


def test_bare_notebook_scores_everything_but_the_written_answers(tmp_path):
    path, _ = _reference_notebook(tmp_path, ["%matplotlib inline", "!echo shell", "import numpy as np\n%time np.ones(3)"])
    nb = nbformat.read(str(path), as_version=4)
    assert sum("experiment" in c.metadata.get("tags", []) for c in nb.cells) == 6   # minutes of training, skipped
    result = grade.grade(str(path))
    scores = {q: s for q, _, s, _, _ in result.by_question()}
    assert scores["Q11"] == 0 and result.score == 90
    assert any("answers.toml is missing" in m for m in result.messages)


@pytest.mark.parametrize("content, words", [
    (b"{not json", "invalid JSON"),
    (json.dumps({"nbformat": 3, "nbformat_minor": 0, "worksheets": []}).encode(), "nbformat version 3"),
])
def test_unreadable_notebook_gets_a_clear_message_and_scores_zero(tmp_path, content, words):
    path = tmp_path / "homework.ipynb"
    path.write_bytes(content)
    result = grade.grade(str(path))
    assert result.score == 0
    assert any(m.startswith("homework.ipynb: ") and words in m for m in result.messages)
