"""A real install: the wheel built from this repository, installed (not editable) into a fresh virtualenv,
grades from outside the repository with its console command. Its dependencies come from the package
registry, as `pip install .` would fetch them."""
import json
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile

import pytest

from autograder import paths, spec
from autograder.cli import COMMAND
from tests.fixtures import submissions

PIP = ["-m", "pip", "--disable-pip-version-check", "--no-input"]
with open(paths.PYPROJECT, "rb") as _fh:
    PROJECT = tomllib.load(_fh)["project"]


def _env():
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}


def _run(cmd, cwd, timeout=600):
    run = subprocess.run(cmd, cwd=cwd, env=_env(), capture_output=True, text=True, timeout=timeout)
    return run


def _ok(run):
    assert run.returncode == 0, f"{' '.join(map(str, run.args))} exited {run.returncode}:\n{run.stderr[-3000:]}"
    return run


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(wheel path, the fresh virtualenv's bin folder). The wheel is built from a copy of the sources
    (pyproject.toml and autograder/), so the build's own files never land in the repository."""
    base = tmp_path_factory.mktemp("install")
    source = base / "source"
    source.mkdir()
    shutil.copy(paths.PYPROJECT, source)
    shutil.copytree(paths.PACKAGE, source / "autograder", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    _ok(_run([sys.executable, *PIP, "wheel", "--no-deps", "--quiet", "-w", str(base / "wheels"), str(source)], base))
    (wheel,) = (base / "wheels").iterdir()
    _ok(_run([sys.executable, "-m", "venv", str(base / "venv")], base))
    bin_dir = base / "venv" / "bin"
    _ok(_run([str(bin_dir / "python"), *PIP, "install", "--quiet", str(wheel)], base))
    return wheel, bin_dir


def test_wheel_carries_every_module_the_homework_data_and_the_expected_arrays(installed):
    wheel, _ = installed
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        entry_points = next(zf.read(n).decode() for n in names if n.endswith(".dist-info/entry_points.txt"))
    hw = spec.load()
    data = [os.path.relpath(p, paths.ROOT) for p in (*hw.driver_data, hw.visible_npz, hw.hidden_npz, hw.timing_json)]
    data += ["autograder/homework/homework.toml", "autograder/author/templates/run_tests.py"]
    missing = [n for n in data if n.replace(os.sep, "/") not in names]
    assert missing == []
    modules = {os.path.relpath(os.path.join(folder, n), paths.ROOT).replace(os.sep, "/")
               for folder, _, files in os.walk(paths.PACKAGE) for n in files if n.endswith(".py")}
    assert modules - names == set()
    assert not [n for n in names if n.startswith(("solution/", "handout/", "tests/", "dist/"))]
    assert f"{COMMAND} = autograder.__main__:console" in entry_points


def test_installed_console_command_grades_the_clean_reference_to_100_from_outside_the_repository(installed, tmp_path):
    _, bin_dir = installed
    where = _ok(_run([str(bin_dir / "python"), "-c", "import autograder; print(autograder.__file__)"], tmp_path))
    assert where.stdout.strip().startswith(str(bin_dir.parent)), "the installed copy must be graded, not the checkout"
    reference = submissions.build("reference", str(tmp_path / "reference"))
    target = tmp_path / "results.json"
    run = _ok(_run([str(bin_dir / COMMAND), "grade", reference, "--json", str(target)], tmp_path))
    with open(target) as fh:
        doc = json.load(fh)
    assert doc["score"] == 100
    assert doc["tests"] and all(t["status"] == "passed" for t in doc["tests"])
    assert "100 / 100" in run.stdout


def test_installed_console_command_prints_the_version_of_the_package(installed, tmp_path):
    _, bin_dir = installed
    run = _ok(_run([str(bin_dir / COMMAND), "--version"], tmp_path))
    assert run.stdout == f"{COMMAND} {PROJECT['version']}\n"


def test_version_from_a_checkout_is_the_one_in_pyproject(tmp_path):
    run = _ok(_run([sys.executable, "-m", "autograder", "--version"], tmp_path))
    assert run.stdout == f"python -m autograder {PROJECT['version']}\n"


def test_authoring_verb_from_an_installed_copy_says_in_one_line_that_it_needs_a_checkout(installed, tmp_path):
    _, bin_dir = installed
    run = _run([str(bin_dir / COMMAND), "assign"], tmp_path)
    assert run.returncode == 2
    assert run.stderr.startswith(f"error: `{COMMAND} assign` needs a checkout of the repository")
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr
    assert not (tmp_path / "handout").exists()


def test_progress_bar_dependency_comes_with_the_base_install(installed, tmp_path):
    _, bin_dir = installed
    assert any(d.startswith("tqdm==") for d in PROJECT["dependencies"])
    _ok(_run([str(bin_dir / "python"), "-c", "import tqdm"], tmp_path))
