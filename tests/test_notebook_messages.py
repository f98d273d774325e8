"""Messages about a notebook name its cell (`In [7]`, or `cell 12` when it never ran) and the line in the cell."""
import subprocess
import sys

import pytest

from autograder.engine import grade, notebook_intake
from tests.fixtures import notebooks

BUG = ("return X @ self.W + self.b", "return X @ self.W + self.bias")     # Linear.forward, Q1 and all after it


def test_an_error_in_a_run_cell_names_its_execution_count_and_line(tmp_path):
    path, _ = notebooks.reference_notebook(tmp_path / "homework.ipynb", executed=True)
    _, line = notebooks.edit_code_cell(path, *BUG, execution_count=7)
    result = grade.grade(path, [c for c in grade.spec.load().cases if c.id == "q1.forward_small"])
    assert result.results[0].summary == ("raised an exception: AttributeError: 'Linear' object has no attribute "
                                         f"'bias' (homework.ipynb, In [7], line {line})")


def test_an_error_in_a_cell_never_run_names_its_position_among_code_cells(tmp_path):
    path, _ = notebooks.reference_notebook(tmp_path / "homework.ipynb")
    position, line = notebooks.edit_code_cell(path, *BUG)
    result = grade.grade(path, [c for c in grade.spec.load().cases if c.id == "q1.forward_small"])
    assert f"(homework.ipynb, cell {position}, line {line})" in result.results[0].summary
    assert "nn_lib.py, line" not in result.results[0].summary


def test_a_syntax_error_names_the_cell_for_every_case_and_the_cli_prints_it(tmp_path):
    path, _ = notebooks.reference_notebook(tmp_path / "homework.ipynb", ["x = 1\ny = (2,\nz = 3 +"], executed=True)
    out = subprocess.run([sys.executable, "-m", "autograder", "grade", path, "-q", "Q2"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "0 / 8" in out.stdout
    cell = f"In [{_code_cells(path)}]"                       # the last code cell, run last
    assert "nn_lib.py failed to import: SyntaxError" in out.stdout
    assert f"(homework.ipynb, {cell}, line 2)" in out.stdout
    assert "nn_lib.py, line" not in out.stdout
    assert "homework.ipynb: its code cells are graded as nn_lib.py" in out.stdout


def _code_cells(path):
    import nbformat
    return sum(c.cell_type == "code" for c in nbformat.read(path, as_version=4).cells)


def test_tracebacks_the_notebook_prints_name_cells_too(tmp_path):
    path, _ = notebooks.reference_notebook(tmp_path / "homework.ipynb",
                                           ["import traceback\n\n\ndef where():\n    traceback.print_stack()\n\n\nwhere()"])
    result = grade.grade(path, [c for c in grade.spec.load().cases if c.id == "q1.forward_small"])
    n = _code_cells(path)
    assert f'File "homework.ipynb", cell {n}, line 8, in <module>' in result.stderr
    assert f'File "homework.ipynb", cell {n}, line 5, in where' in result.stderr
    assert "nn_lib.py\", line" not in result.stderr


@pytest.mark.parametrize("text", [
    "boom (nn_lib.py, line 0)",          # no line 0
    "boom (nn_lib.py, line 2)",          # the module's own preamble, not a cell
    "boom (nn_lib.py, line 99999999)",   # past the end
    "boom (my_nn_lib.py, line 5)",       # another file
    "boom (nn_train.py, line 5)",        # a module not made from the notebook
])
def test_references_that_are_not_a_cells_line_are_left_as_they_are(text):
    nb = notebook_intake.convert(b'{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": ['
                                 b'{"cell_type": "code", "source": "x = 1", "metadata": {}}]}', "homework.ipynb")
    assert notebook_intake.rewrite(text, "homework.ipynb", {"nn_lib.py": nb.line_map}) == text
    lineno = nb.code.splitlines().index("x = 1") + 1
    assert notebook_intake.rewrite(f"boom (nn_lib.py, line {lineno})", "homework.ipynb",
                                   {"nn_lib.py": nb.line_map}) == "boom (homework.ipynb, cell 1, line 1)"


def test_what_the_worker_prints_cannot_change_the_line_map(tmp_path, monkeypatch):
    """The map is made from the notebook by the intake in the grader; text from the worker is only rewritten."""
    path, _ = notebooks.reference_notebook(tmp_path / "homework.ipynb",
                                           ["import sys\nprint('(nn_lib.py, line 1) File \"x/nn_lib.py\", line 4', file=sys.stderr)"])
    taken_maps = []
    real = grade._cells_named

    def spy(taken, *args):
        taken_maps.append(list(taken.line_maps["nn_lib.py"]))
        return real(taken, *args)

    monkeypatch.setattr(grade, "_cells_named", spy)
    result = grade.grade(path, [c for c in grade.spec.load().cases if c.id == "q1.forward_small"])
    with open(path, "rb") as fh:
        assert taken_maps == [notebook_intake.convert(fh.read(), "homework.ipynb").line_map]
    assert "(nn_lib.py, line 1) File \"x/nn_lib.py\", line 4" in result.stderr   # preamble lines: left alone
