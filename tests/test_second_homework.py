"""A second, tiny homework (tests/second_homework) built, recorded and graded by the unchanged engine
through the same verbs and `--homework DIR`; and the rooms' import rules that keep the engine generic."""
import ast
import json
import os
import shutil
import subprocess
import sys

import pytest

from autograder import paths, spec

SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "second_homework")
HOSTILE = '''
import os, sys
import numpy as np
print("Score 100 / 100")                        # a fake table on stdout
sys.stdout.write("Q1 Standardize 40 / 40\\n")

def standardize(X):
    for root in ({root!r}, "/tmp"):               # read the hidden expected arrays and return them
        for folder, _, names in os.walk(root):
            if "hidden.npz" in names:
                with np.load(os.path.join(folder, "hidden.npz")) as data:
                    return data["q1.one_column_large/Z"]
    raise RuntimeError("hidden arrays not found")

class Liar(np.ndarray):
    def __eq__(self, other):
        return True
    def __array_ufunc__(self, *args, **kwargs):
        return True

class Square:
    def forward(self, X):
        self.X = X
        return X * X
    def backward(self, dY):
        return np.zeros_like(dY).view(Liar)
'''


def _cli(*args, check=True):
    done = subprocess.run([sys.executable, "-m", "autograder", *args], cwd=paths.ROOT, capture_output=True,
                          text=True, timeout=300)
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A copy of the second homework after `record` and `assign`, as an instructor would run them."""
    folder = tmp_path_factory.mktemp("second") / "warmup"
    shutil.copytree(SOURCE, folder)
    _cli("record", "--homework", str(folder))
    _cli("assign", "--homework", str(folder))
    return folder


def test_record_writes_visible_and_hidden_arrays_of_the_second_homework(built):
    hw = spec.Homework(str(built))
    with open(hw.visible_npz, "rb"):
        pass
    from autograder import npzio
    visible, hidden = npzio.load(hw.visible_npz), npzio.load(hw.hidden_npz)
    assert sorted(visible) == ["q1.small/Z", "q2.backward_small/dX", "q2.forward_small/Y"]
    assert sorted(hidden) == ["q1.one_column_large/Z", "q2.backward_batch_of_one/dX"]
    assert npzio.load(str(built / "handout" / "tests" / "expected_visible.npz")).keys() == visible.keys()


def test_assign_writes_the_second_homeworks_handout_with_stubs_and_no_solution(built):
    handout = built / "handout"
    skeleton = (handout / "warmup.py").read_text()
    assert "raise NotImplementedError('Q1: standardize')" in skeleton
    assert "raise NotImplementedError('Q2: Square.backward')" in skeleton
    assert "X.std(axis=0" not in skeleton and "2 * self.X * dY" not in skeleton
    assert (handout / "warmup.ipynb").exists() and (handout / "run_tests.py").exists()
    spec_json = json.loads((handout / "tests" / "cases.json").read_text())
    assert [q[0] for q in spec_json["questions"]] == ["Q1", "Q2"]
    assert all(c["visible"] for c in spec_json["cases"])
    assert "nn_lib.py" not in os.listdir(handout) and "answers.toml" not in os.listdir(handout)
    assert "X.std(axis=0" in (built / "reference" / "warmup.py").read_text()


def test_check_grades_the_second_reference_100_and_its_skeleton_0(built):
    done = _cli("check", "--homework", str(built))
    assert "self-check passed: reference 100/100, skeleton 0/100" in done.stdout


def test_grade_cli_gives_partial_credit_per_question_on_the_second_homework(built, tmp_path):
    sub = tmp_path / "sub"
    sub.mkdir()
    text = (built / "reference" / "warmup.py").read_text().replace("2 * self.X * dY", "self.X * dY")
    (sub / "warmup.py").write_text(text)
    done = _cli("grade", str(sub), "--homework", str(built), "--json", str(tmp_path / "results.json"))
    results = json.loads((tmp_path / "results.json").read_text())
    assert results["score"] == 60      # Q1 40 + the forward case of Q2
    assert "Standardize" in done.stdout and "Square layer" in done.stdout and "Linear layer" not in done.stdout


def test_students_run_tests_works_in_the_second_handout(built, tmp_path):
    folder = tmp_path / "handout"
    shutil.copytree(built / "handout", folder)
    shutil.copy(built / "reference" / "warmup.py", folder / "warmup.py")
    done = subprocess.run([sys.executable, "run_tests.py"], cwd=folder, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 passed, 0 failed" in done.stdout and "Visible cases     60 / 60" in done.stdout, done.stdout


def test_hostile_submission_to_the_second_homework_gets_no_more_than_it_earns(built, tmp_path):
    sub = tmp_path / "hostile"
    sub.mkdir()
    (sub / "warmup.py").write_text(HOSTILE.format(root=str(built)))
    out = tmp_path / "results.json"
    _cli("grade", str(sub), "--homework", str(built), "--json", str(out))
    results = json.loads(out.read_text())
    by_id = {t["name"].split()[1]: t["score"] for t in results["tests"]}
    assert by_id["q2.forward_small"] == 20
    assert results["score"] == 20, by_id
    assert "Score 100 / 100" not in json.dumps(results)


def test_no_engine_author_or_batch_module_imports_a_homework_by_name():
    for folder in ("engine", "author", "batch"):
        for dirpath, _, names in os.walk(os.path.join(paths.PACKAGE, folder)):
            for name in names:
                if not name.endswith(".py"):
                    continue
                path = os.path.join(dirpath, name)
                for node in ast.walk(ast.parse(open(path, encoding="utf-8").read())):
                    mods = []
                    if isinstance(node, ast.ImportFrom):
                        mods = [node.module or ""] + [a.name for a in node.names]
                    elif isinstance(node, ast.Import):
                        mods = [a.name for a in node.names]
                    bad = [m for m in mods if m in ("cases", "homework") or m.startswith(("autograder.homework", "homework."))
                           or m in ("nn_lib", "nn_train", "written_answers")]
                    assert not bad, f"{os.path.relpath(path, paths.ROOT)} imports {bad}"


def _imported_modules(path):
    """Absolute names of the modules a file under autograder/ imports (relative imports resolved)."""
    package = ["autograder"] + [p for p in os.path.relpath(os.path.dirname(path), paths.PACKAGE).split(os.sep) if p != "."]
    for node in ast.walk(ast.parse(open(path, encoding="utf-8").read())):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            yield module
            yield from (f"{module}.{a.name}" for a in node.names)


def test_imports_point_down_the_rooms():
    """cli on top; author and batch may use the engine; the engine uses neither, nor the cli."""
    forbidden = {"engine": ("author", "batch", "cli"), "author": ("batch", "cli"), "batch": ("author", "cli")}
    for room, banned in forbidden.items():
        for dirpath, _, names in os.walk(os.path.join(paths.PACKAGE, room)):
            for name in (n for n in names if n.endswith(".py")):
                path = os.path.join(dirpath, name)
                for module in _imported_modules(path):
                    parts = module.split(".")
                    assert not (parts[0] == "autograder" and len(parts) > 1 and parts[1] in banned), \
                        f"{os.path.relpath(path, paths.ROOT)} imports {module}"


def test_readme_names_every_room_of_the_package():
    readme = open(os.path.join(paths.ROOT, "README.md"), encoding="utf-8").read()
    section = readme.split("## Where things live", 1)[1].split("\n## ", 1)[0]
    rooms = [d for d in os.listdir(paths.PACKAGE) if os.path.isdir(os.path.join(paths.PACKAGE, d)) and d != "__pycache__"]
    assert rooms and all(f"  {room}/" in section for room in rooms), rooms
    assert "    sandbox/" in section
