"""IPython syntax in a notebook's cells becomes plain Python without IPython, line for line."""
import json
import subprocess
import sys

import pytest

from autograder.engine import notebook_intake
from autograder.engine.grade import grade
from tests.fixtures import notebooks


def _plain(source):
    return notebook_intake.plain_python(source)[0]


@pytest.mark.parametrize("line, plain", [
    ("%matplotlib inline", "pass"),
    ("%load_ext autoreload", "pass"),
    ("%time x = f()", "x = f()"),
    ("%prun -s cumtime f()", "pass"),
    ("%timeit f()", "pass"),                       # timeit's assignments never reach the notebook's namespace
    ("!pip install numpy", "pass"),
    ("!!ls -l", "pass"),
    ("files = !ls", "files = []"),
    ("names = %who_ls", "names = None"),
    ("np.sum?", "pass"),
    ("np.sum??", "pass"),
    ("?np.mean", "pass"),
    ("from tests.check import check", "pass"),
    ("x = 3  # why?", "x = 3  # why?"),
    ("# is this a question?", "# is this a question?"),
    ("if x != 3: y = 1", "if x != 3: y = 1"),
    ("s = '%d items' % 3", "s = '%d items' % 3"),
])
def test_one_line_of_ipython_syntax_becomes_plain_python(line, plain):
    assert _plain(line) == [plain]


def test_indented_magics_keep_their_indentation():
    assert _plain("for i in range(2):\n    %time y = i\n    !echo $i") == ["for i in range(2):", "    y = i", "    pass"]


def test_lines_inside_strings_and_brackets_are_left_alone():
    source = 's = """\n%not a magic\n!nor this?\n"""\nt = f(1,\n  !2)\nu = "a\\\n%b"'
    assert _plain(source) == source.split("\n")


def test_a_cell_indented_as_a_whole_loses_that_indentation_as_in_ipython():
    assert _plain("    x = 1\n    if x:\n        y = 2") == ["x = 1", "if x:", "    y = 2"]


@pytest.mark.parametrize("magic", ["time", "capture out", "prun"])
def test_a_cell_magic_that_runs_its_body_in_the_notebook_keeps_it(magic):
    lines, name, _ = notebook_intake.plain_python(f"\n%%{magic}\nx = 1\n%time y = 2")
    assert lines == ["", "", "x = 1", "y = 2"] and name == magic.split()[0]


@pytest.mark.parametrize("magic", ["bash", "timeit", "html", "writefile notes.txt", "script python2"])
def test_any_other_cell_magic_is_skipped_line_for_line(magic):
    assert _plain(f"%%{magic}\nx = 1\ny = 2") == ["", "", ""]


def test_line_count_of_every_cell_is_kept_so_line_numbers_map_back():
    source = "%matplotlib inline\r\nimport numpy as np\rx = np.sum?\n\n%%time is not a cell magic here"
    assert len(_plain(source)) == 5


def _notebook(*cells):
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "source": s, "metadata": {}, "outputs": [], "execution_count": None} for s in cells]}).encode()


def test_writefile_cells_are_read_as_files_and_the_last_one_wins():
    nb = notebook_intake.convert(_notebook("%%writefile answers.toml\na = 1", "%%writefile -a answers.toml\nb = 2",
                                           "%%writefile ../escape.toml\nc = 3"), "homework.ipynb")
    assert nb.files == {"answers.toml": "a = 1\nb = 2\n"}
    assert nb.labels == {"answers.toml": "cell 2"}


def test_the_line_map_has_one_entry_per_module_line_whatever_the_notebooks_name():
    nb = notebook_intake.convert(_notebook("x = 1\ny = 2", "%%bash\necho", "z = 3"), "odd\nname\r.ipynb")
    lines = nb.code.splitlines()
    assert len(nb.line_map) == len(lines) + 1
    mapped = {lines[i - 1]: nb.line_map[i] for i in range(1, len(lines) + 1) if nb.line_map[i]}
    assert mapped["y = 2"] == ("cell 1", 2) and mapped["z = 3"] == ("cell 3", 1)


def test_self_check_cells_are_left_out_and_a_stray_check_call_does_nothing():
    tagged = {"cell_type": "code", "source": "from tests.check import check", "metadata": {"tags": ["check"]}}
    raw = json.loads(_notebook("check('Q3')\nvalue = 1"))
    raw["cells"].insert(0, tagged)
    nb = notebook_intake.convert(json.dumps(raw).encode(), "homework.ipynb")
    assert "tests.check" not in nb.code
    namespace = {}
    exec(compile(nb.code, "nn_lib.py", "exec"), namespace)
    assert namespace["value"] == 1


def test_skipped_cell_magics_are_named_in_a_note():
    nb = notebook_intake.convert(_notebook("x = 1", "%%bash\necho hi"), "homework.ipynb")
    assert nb.notes == ["homework.ipynb: not run when graded: cell 2 (%%bash); cell magics other than "
                        "%%time, %%capture, %%prun (and %%writefile answers.toml) are skipped"]


def test_conversion_and_the_module_need_no_ipython(tmp_path):
    """Run where importing IPython fails: the converted notebook of every magic compiles and runs."""
    path, _ = notebooks.reference_notebook(tmp_path / "homework.ipynb", notebooks.MAGIC_CELLS)
    code = ("import sys; sys.modules['IPython'] = None\n"
            "from autograder.engine import notebook_intake\n"
            "nb = notebook_intake.convert(open(sys.argv[1], 'rb').read(), 'homework.ipynb')\n"
            "exec(compile(nb.code, 'nn_lib.py', 'exec'), {'__name__': 'nn_lib'})\n"
            "assert 'IPython' not in [m.split('.')[0] for m in sys.modules if sys.modules[m] is not None]\n"
            "print('ran', len(nb.code.splitlines()), 'lines')")
    out = subprocess.run([sys.executable, "-c", code, path], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1].startswith("ran ")


def test_reference_notebook_with_every_kind_of_magic_scores_100(tmp_path):
    path, _ = notebooks.reference_notebook(tmp_path / "homework.ipynb", notebooks.MAGIC_CELLS[:1], at=1)
    notebooks_path, _ = notebooks.reference_notebook(tmp_path / "all.ipynb", notebooks.MAGIC_CELLS)
    for p in (path, notebooks_path):
        result = grade(p)
        assert result.score == 100, [r.summary for r in result.results if not r.passed][:3]


def test_grading_a_notebook_imports_neither_nbformat_nor_nbconvert(tmp_path):
    """nbconvert's exporter cost ~0.3 s per notebook; the intake now reads the JSON itself."""
    path, _ = notebooks.reference_notebook(tmp_path / "homework.ipynb")
    code = ("import sys, tempfile\n"
            "from autograder.engine import intake\n"
            "with tempfile.TemporaryDirectory() as folder:\n"
            "    taken = intake.take(sys.argv[1], folder)\n"
            "    assert sorted(taken.files) == ['answers.toml', 'nn_lib.py', 'nn_train.py'], taken.files\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('nbformat', 'nbconvert', 'IPython')))")
    out = subprocess.run([sys.executable, "-c", code, path], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
