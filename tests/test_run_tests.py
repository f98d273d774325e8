"""The students' run_tests.py: same verdicts as the grader on visible cases, selection, exit codes."""
import os
import shutil
import subprocess
import sys

import pytest

from autograder import paths, spec
from autograder.engine import grade
HW = spec.load()
from tests.fixtures import notebooks, submissions


def _handout_with(tmp_path, fixture=None):
    folder = tmp_path / "handout"
    shutil.copytree(paths.HANDOUT, folder)
    if fixture:
        submissions.build(fixture, str(folder))
    return folder


def _run(folder, *args):
    return subprocess.run([sys.executable, "run_tests.py", *args], cwd=folder, capture_output=True, text=True, timeout=120)


def test_skeleton_fails_every_visible_case_as_not_implemented(tmp_path):
    out = _run(_handout_with(tmp_path))
    assert out.returncode == 1
    visible = [c for c in HW.cases if c.visible]
    assert out.stdout.count("FAIL ") == len(visible)
    assert "not implemented yet" in out.stdout
    assert f"0 passed, {len(visible)} failed" in out.stdout


def test_reference_passes_every_visible_case(tmp_path):
    out = _run(_handout_with(tmp_path, "reference"), "-v")
    visible = [c for c in HW.cases if c.visible]
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.count("PASS ") == len(visible)
    points = sum(c.points for c in visible)
    assert "Visible cases" in out.stdout and f"{points:g} / {points:g}" in out.stdout


def test_one_question_runs_only_that_question(tmp_path):
    out = _run(_handout_with(tmp_path, "reference"), "Q3")
    table = out.stdout.split("Question", 1)[1]
    assert "Q3 " in table and "Q1 " not in table and "Q11" not in table
    assert out.returncode == 0


def test_unknown_question_is_a_usage_error(tmp_path):
    out = _run(_handout_with(tmp_path), "Q99")
    assert out.returncode == 2 and "unknown question Q99" in out.stderr


def test_visible_verdicts_match_the_grader_exactly(tmp_path):
    folder = _handout_with(tmp_path, "fails_q3_q4")
    out = _run(folder)
    local_failures = {line.split()[1] for line in out.stdout.splitlines() if line.startswith("FAIL ")}
    graded = grade.grade(str(folder), [c for c in HW.cases if c.visible])
    assert local_failures == {r.id for r in graded.results if not r.passed}
    assert local_failures == {"q3.mse_small", "q4.draws_equal_to_rate"}


def test_the_grading_code_in_the_handout_is_the_autograders(tmp_path):
    sources = {"compare.py": "engine/compare.py", "drivers.py": "homework/drivers.py",
               "runcase.py": "engine/sandbox/runcase.py", "scoring.py": "engine/scoring.py", "plots.py": "engine/plots.py",
               "notebook_intake.py": "engine/notebook_intake.py", "classroom_result.py": "engine/classroom_result.py"}
    for name, source in sources.items():
        shipped = open(os.path.join(paths.HANDOUT_TESTS, "_grading", name), "rb").read()
        assert shipped == open(os.path.join(paths.PACKAGE, source), "rb").read(), name


@pytest.mark.parametrize("name", ["notebook_intake.py", "classroom_result.py"])
def test_the_shipped_notebook_reader_and_classroom_result_need_only_the_standard_library(name):
    import ast
    with open(os.path.join(paths.HANDOUT_TESTS, "_grading", name)) as fh:
        tree = ast.parse(fh.read())
    imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert imported <= set(sys.stdlib_module_names), imported - set(sys.stdlib_module_names)


def test_reference_notebook_passes_every_visible_case_and_the_py_files_beside_it_are_not_used(tmp_path):
    folder = _handout_with(tmp_path)                   # the skeleton's .py files stay beside run_tests.py
    notebooks.reference_notebook(folder / "homework.ipynb", notebooks.MAGIC_CELLS)
    out = _run(folder, "homework.ipynb")
    visible = [c for c in HW.cases if c.visible]
    assert out.returncode == 0, out.stdout + out.stderr
    points = sum(c.points for c in visible)
    assert f"{len(visible)} passed, 0 failed" in out.stdout and f"{points:g} / {points:g}" in out.stdout
    assert "note: homework.ipynb: not run when graded: " in out.stdout      # the %%bash and %%timeit cells


def test_skeleton_notebook_fails_with_the_cell_and_line_of_each_stub(tmp_path):
    import nbformat
    folder = _handout_with(tmp_path)
    out = _run(folder, "homework.ipynb", "Q3")
    assert out.returncode == 1
    nb = nbformat.read(str(folder / "homework.ipynb"), as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    position = next(i for i, c in enumerate(code, 1) if "def softmax(" in c.source)
    line = code[position - 1].source.splitlines().index("    raise NotImplementedError('Q3: softmax')") + 1
    assert f"not implemented yet (Q3: softmax (homework.ipynb, cell {position}, line {line}))" in out.stdout
    assert "nn_lib.py, line" not in out.stdout


def test_notebook_without_an_answers_cell_reads_the_answers_toml_beside_it_and_says_so(tmp_path):
    folder = _handout_with(tmp_path, "reference")
    notebooks.reference_notebook(folder / "homework.ipynb", answers=False)
    out = _run(folder, "homework.ipynb", "Q11")
    assert out.returncode == 0, out.stdout + out.stderr
    assert ("note: homework.ipynb has no %%writefile answers.toml cell: the answers are read from answers.toml "
            "beside run_tests.py") in out.stdout


def test_an_answers_toml_that_differs_from_the_notebooks_answers_cell_is_named_and_the_cell_is_used(tmp_path):
    folder = _handout_with(tmp_path, "reference")          # answers.toml beside: the reference's answers
    notebooks.reference_notebook(folder / "homework.ipynb")  # its answers cell: the same answers
    same = _run(folder, "homework.ipynb", "Q11")
    assert same.returncode == 0 and "differ" not in same.stdout, same.stdout + same.stderr
    toml = folder / "answers.toml"
    toml.write_text(toml.read_text().replace("conv_J = -6", "conv_J = 6"))   # edited by hand, cell not rerun
    out = _run(folder, "homework.ipynb", "Q11")
    assert out.returncode == 0, out.stdout + out.stderr     # the cell's right answer is the one checked
    assert "note: homework.ipynb's answers cell and answers.toml differ" in out.stdout
    assert "run the answers cell (it writes answers.toml) before you submit both" in out.stdout


def test_unreadable_or_missing_notebook_is_one_clear_error(tmp_path):
    folder = _handout_with(tmp_path)
    (folder / "broken.ipynb").write_text("{not json")
    out = _run(folder, "broken.ipynb")
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.startswith("run_tests.py: broken.ipynb: not a valid notebook file (invalid JSON")
    assert len(out.stderr.strip().splitlines()) == 1
    out = _run(folder, "nowhere.ipynb")
    assert out.returncode == 2 and "nowhere.ipynb: no such notebook" in out.stderr


def test_classroom_output_appends_one_result_of_the_visible_cases_and_exits_0_though_cases_fail(tmp_path):
    from autograder.engine import classroom_result
    folder = _handout_with(tmp_path, "fails_q6_q11")
    output = tmp_path / "github-output"
    output.write_text("earlier=kept\n")
    out = _run(folder, "Q6", "--classroom-output", str(output))
    assert out.returncode == 0, out.stdout + out.stderr
    assert "FAIL q6.momentum_two_steps" in out.stdout                # the usual report is printed too
    earlier, line = output.read_text().splitlines()
    assert earlier == "earlier=kept" and line.startswith("result=")
    res = classroom_result.decoded(line.split("=", 1)[1])
    visible = [c for c in HW.select({"Q6"}) if c.visible]
    assert [t["name"] for t in res["tests"]] == [f"{c.id} (visible, {c.points:g} pt)" for c in visible]
    assert [t["status"] for t in res["tests"]] == ["pass" if c.id != "q6.momentum_two_steps" else "fail"
                                                   for c in visible]
    assert (res["status"], res["max_score"]) == ("fail", sum(c.points for c in visible))


def test_classroom_output_that_cannot_be_written_is_one_error_line(tmp_path):
    folder = _handout_with(tmp_path, "reference")
    out = _run(folder, "Q1", "--classroom-output", str(tmp_path))        # a folder, not a file
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == [f"run_tests.py: cannot append the Classroom result to {tmp_path}: "
                                               "Is a directory"]
