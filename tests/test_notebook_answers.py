"""A notebook carries its written answers (Q11) in a `%%writefile answers.toml` cell: alone it can score 100."""
import subprocess
import sys
import zipfile

import nbformat

from autograder.engine import grade
from tests.fixtures import notebooks


def _cli_grade(path):
    return subprocess.run([sys.executable, "-m", "autograder", "grade", str(path)],
                          capture_output=True, text=True, timeout=180)


def _answers_cell(path):
    nb = nbformat.read(str(path), as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    return next(i for i, c in enumerate(code, 1) if c.source.startswith("%%writefile answers.toml"))


def test_a_complete_notebook_alone_scores_100_and_says_where_the_answers_came_from(tmp_path):
    path, _ = notebooks.reference_notebook(tmp_path / "homework.ipynb")
    out = _cli_grade(path)
    assert out.returncode == 0, out.stderr
    assert "Score" in out.stdout and "100 / 100" in out.stdout
    assert f"answers.toml: read from homework.ipynb (cell {_answers_cell(path)}, %%writefile answers.toml)" in out.stdout


def test_a_separate_answers_toml_counts_over_the_cell_and_the_report_says_so(tmp_path):
    path, files = notebooks.reference_notebook(tmp_path / "homework.ipynb")
    archive = tmp_path / "submission.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(path, "homework.ipynb")
        zf.writestr("answers.toml", files["answers.toml"].replace("conv_J = -6", "conv_J = 6"))   # one wrong answer
    result = grade.grade(str(archive))
    assert result.score == 99.75                                  # q11.conv_J is worth 0.25
    assert (f"answers.toml and an answers cell of homework.ipynb (cell {_answers_cell(path)}, %%writefile answers.toml) "
            "were both submitted: the file answers.toml is graded, the cell is ignored") in result.messages


def test_the_answers_cell_is_read_not_run_and_a_wrong_answer_in_it_costs_its_points(tmp_path):
    path, files = notebooks.reference_notebook(tmp_path / "homework.ipynb")
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.source.startswith("%%writefile answers.toml"))
    cell.source = cell.source.replace("conv_J = -6", "conv_J = 6") + "\nimport os; os._exit(3)"   # TOML, never Python
    nbformat.write(nb, path)
    result = grade.grade(path)
    scores = {q: s for q, _, s, _, _ in result.by_question()}
    assert scores["Q11"] == scores["Q12"] == 0 and result.score == 87.5   # no longer TOML: Q11, Q12 cannot be read
    assert any("answers.toml is not valid TOML" in r.summary for r in result.results)
    cell.source = cell.source.rsplit("\n", 1)[0]
    nbformat.write(nb, path)
    assert grade.grade(path).score == 99.75


def test_a_notebook_submitted_with_the_py_files_still_gives_its_answers_cell(tmp_path, reference_dir):
    path, _ = notebooks.reference_notebook(tmp_path / "homework.ipynb")
    folder = tmp_path / "submission"
    folder.mkdir()
    for name in ("nn_lib.py", "nn_train.py"):
        (folder / name).write_text(open(f"{reference_dir}/{name}").read())
    (folder / "homework.ipynb").write_bytes(open(path, "rb").read())
    result = grade.grade(str(folder))
    assert result.score == 100
    assert any(m.startswith("a notebook and nn_lib.py were both submitted: nn_lib.py is graded") for m in result.messages)
    assert any(m.startswith("answers.toml: read from homework.ipynb") for m in result.messages)
