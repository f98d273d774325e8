"""The handout notebook: its cells, its execution and self-check in a real kernel, and grading notebook submissions."""
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile

import nbformat
import pytest

from autograder import paths, spec
from autograder.author import notebook
from autograder.engine import grade

from tests.fixtures import notebooks

NOTEBOOK = os.path.join(paths.HANDOUT, "homework.ipynb")


def _handout_copy(tmp_path):
    folder = tmp_path / "handout"
    shutil.copytree(paths.HANDOUT, folder, ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def _execute(nb, folder):
    """Run every cell of nb in a real kernel started in folder (as Jupyter does for a notebook there)."""
    from nbclient import NotebookClient
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    return nb


def _errors(nb):
    return [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]


def _shown(cell):
    """What a code cell showed: its result's text and anything it printed."""
    return "".join(o.get("data", {}).get("text/plain", "") + o.get("text", "") for o in cell.get("outputs", []))


def test_every_question_has_markdown_instructions_and_code_cells():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    for q in range(1, 12):
        assert any(f"## Q{q}." in m for m in markdown), q
    assert any("# Your code" in c for c in code)
    assert not any("from nn_lib import" in c for c in code)   # module-only cells stay out


def test_self_check_import_comes_first_and_each_question_ends_with_its_check():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[0].source.endswith("from tests.check import check") and code[0].metadata["tags"] == ["check"]
    sections = notebook.sections(nb.cells)
    cases = spec.load().cases
    answered = {c.question for c in cases if c.driver == "answer"} - {c.question for c in cases if c.driver != "answer"}
    answers_cell = next(i for i, c in enumerate(nb.cells) if c.get("id") == "answers")
    for q in sorted({c.question for c in cases if c.visible}):
        checks = [i for i, c in enumerate(nb.cells) if c.source == f'check("{q}")']
        assert len(checks) == 1, q
        i = checks[0]
        assert nb.cells[i].metadata["tags"] == ["check"]
        if q in answered:       # graded from answers.toml alone: checked after the cell that writes it
            assert i > answers_cell, f"check({q}) comes before the answers cell"
        else:
            assert sections[i] == q and q not in sections[i + 1:], f"check({q}) is not at the end of {q}'s last section"
    assert answered == {"Q11", "Q12"}
    q7 = [i for i, s in enumerate(sections) if s == "Q7"]
    assert "define_network" in "".join(nb.cells[i].source for i in q7[-3:])   # after Q7 (continued) in nn_train


def test_answers_cell_writes_the_handouts_answers_toml():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    cells = [c for c in nb.cells if c.cell_type == "code" and c.source.startswith("%%writefile answers.toml\n")]
    assert len(cells) == 1
    body = cells[0].source.split("\n", 1)[1]
    with open(os.path.join(paths.HANDOUT, "answers.toml"), encoding="utf-8") as fh:
        assert body + "\n" == fh.read()


def test_skeleton_notebook_runs_top_to_bottom_in_a_real_kernel_and_its_checks_report_not_implemented(tmp_path):
    folder = _handout_copy(tmp_path)
    (folder / "answers.toml").unlink()
    nb = _execute(nbformat.read(str(folder / "homework.ipynb"), as_version=4), folder)
    assert _errors(nb) == []
    q3 = next(c for c in nb.cells if c.source == 'check("Q3")')
    q3_visible = sum(c.visible and c.question == "Q3" for c in spec.load().cases)
    assert _shown(q3).startswith(f"Q3: 0 of {q3_visible} visible cases passed")
    assert "not implemented yet (Q3: softmax)" in _shown(q3)
    assert (folder / "answers.toml").read_text() == open(os.path.join(paths.HANDOUT, "answers.toml")).read()


def test_check_cells_of_the_reference_notebook_pass_in_a_real_kernel(tmp_path):
    folder = _handout_copy(tmp_path)
    path, _ = notebooks.reference_notebook(folder / "homework.ipynb")
    nb = nbformat.read(path, as_version=4)
    nb.cells = [c for c in nb.cells if "experiment" not in c.metadata.get("tags", [])]   # minutes of training
    nb = _execute(nb, folder)
    assert _errors(nb) == []
    shown = {c.source: _shown(c) for c in nb.cells if c.source.startswith('check("')}
    visible = [c for c in spec.load().cases if c.visible]
    for q in sorted({c.question for c in visible}):
        n = sum(c.question == q for c in visible)
        assert shown[f'check("{q}")'].strip() == f"{q}: all {n} visible cases passed", q


def test_check_runs_on_the_notebooks_live_globals(tmp_path):
    """A bug defined in the kernel after the check cell's section shows in the next check, without saving."""
    folder = _handout_copy(tmp_path)
    path, _ = notebooks.reference_notebook(folder / "homework.ipynb")
    nb = nbformat.read(path, as_version=4)
    nb.cells = [c for c in nb.cells if "experiment" not in c.metadata.get("tags", [])]
    nb.cells.append(nbformat.v4.new_code_cell("def softmax(Z):\n    return Z", id="broken"))
    nb.cells.append(nbformat.v4.new_code_cell('check("Q3")', id="again"))
    nb = _execute(nb, folder)
    q3_visible = sum(c.visible and c.question == "Q3" for c in spec.load().cases)
    passed = re.match(rf"Q3: (\d+) of {q3_visible} visible cases passed", _shown(nb.cells[-1]))
    assert passed and int(passed.group(1)) < q3_visible     # the softmax defined last is the one checked
    assert "FAIL q3.softmax_small" in _shown(nb.cells[-1])


def test_check_of_an_unknown_question_says_which_exist(tmp_path):
    folder = _handout_copy(tmp_path)
    code = "from tests.check import check\ncheck('Q99')"
    out = subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True, text=True, timeout=60)
    assert out.returncode == 1
    assert "ValueError: unknown question 'Q99'; choose from Q1, Q2" in out.stderr


def test_notebook_with_answers_in_a_zip_grades_like_the_reference(tmp_path):
    path, files = notebooks.reference_notebook(tmp_path / "homework.ipynb", answers=False)
    archive = tmp_path / "sub.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(path, "homework.ipynb")
        zf.writestr("answers.toml", files["answers.toml"])
    result = grade.grade(str(archive))
    assert result.score == 100


def test_notebook_without_an_answers_cell_or_file_scores_everything_but_the_written_answers(tmp_path):
    path, _ = notebooks.reference_notebook(tmp_path / "homework.ipynb", answers=False)
    nb = nbformat.read(path, as_version=4)
    with open(os.path.join(paths.ROOT, "solution", "experiments.py"), encoding="utf-8") as fh:
        experiments = sum("experiment" in tags for _, _, tags in notebook.split_cells(fh.read()))
    assert experiments >= 6     # minutes of training, skipped by the grader
    assert sum("experiment" in c.metadata.get("tags", []) for c in nb.cells) == experiments
    result = grade.grade(path)
    scores = {q: s for q, _, s, _, _ in result.by_question()}
    assert scores["Q11"] == scores["Q12"] == 0 and result.score == 87.5
    assert any("answers.toml is missing" in m for m in result.messages)


@pytest.mark.parametrize("content, words", [
    (b"{not json", "invalid JSON"),
    (json.dumps({"nbformat": 3, "nbformat_minor": 0, "worksheets": []}).encode(), "nbformat version 3"),
    (json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": {}}).encode(), "no list of cells"),
    (json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                 "cells": [{"cell_type": "code", "source": 42}]}).encode(), "cell 1 of the notebook is malformed"),
])
def test_unreadable_notebook_gets_a_clear_message_and_scores_zero(tmp_path, content, words):
    path = tmp_path / "homework.ipynb"
    path.write_bytes(content)
    result = grade.grade(str(path))
    assert result.score == 0
    assert any(m.startswith("homework.ipynb: ") and words in m for m in result.messages)
