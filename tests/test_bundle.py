"""The Gradescope bundle: layout, no reference code inside, determinism, and grading in its own layout."""
import glob
import json
import os
import shutil
import stat
import subprocess
import sys
import tomllib
import zipfile

import pytest

from autograder import spec
from autograder import paths
from autograder.author import assign, bundle, markers
from tests.fixtures import submissions

SCRIPTS = ("run_autograder", "setup.sh")
MIN_SECRET_LINE = 25


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("bundle") / "autograder.zip"
    path = bundle.build(str(out))
    with open(path, "rb") as fh:
        return path, fh.read()


@pytest.fixture(scope="module")
def entries(built):
    with zipfile.ZipFile(built[0]) as zf:
        return {info.filename: (info, zf.read(info)) for info in zf.infolist()}


@pytest.fixture(scope="module")
def clean_reference(tmp_path_factory):
    return assign.build_reference(dest=str(tmp_path_factory.mktemp("ref") / "reference"))


def _layout(tmp_path, zip_path, submission_files):
    """An /autograder-like folder: source/ (the unpacked zip), submission/, results/, run_autograder."""
    root = tmp_path / "autograder"
    for name in ("source", "submission", "results"):
        (root / name).mkdir(parents=True)
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(root / "source")
    shutil.copy(root / "source" / "run_autograder", root / "run_autograder")   # as Gradescope does
    for path in submission_files:
        shutil.copy(path, root / "submission")
    return root


def _run_autograder(root):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(AUTOGRADER_ROOT=str(root), AUTOGRADER_VENV=str(root / "no-venv"),
               PATH=os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "/usr/bin:/bin"))
    return subprocess.run(["bash", "run_autograder"], cwd=root, env=env, capture_output=True, text=True, timeout=120)


def _results(root):
    with open(root / "results" / "results.json") as fh:
        return json.load(fh)


def _secret_lines():
    """Stripped lines of every solution region, minus trivial ones and ones the handout shows anyway."""
    public = "".join(assign.handout_files().values())
    lines = set()
    for path in sorted(glob.glob(os.path.join(paths.SOLUTION, "*.py"))):
        with open(path, encoding="utf-8") as fh:
            for region in markers.regions(fh.read(), path):
                lines.update(s for s in (line.strip() for line in region.lines)
                             if len(s) >= MIN_SECRET_LINE and s not in public)
    return lines


def test_bundle_has_gradescope_layout_with_package_and_expected_arrays(entries):
    names = set(entries)
    assert {"setup.sh", "run_autograder"} <= names, "Gradescope needs both scripts at the zip's top level"
    assert {"autograder/__main__.py", "autograder/cli.py", "autograder/spec.py", "autograder/engine/grade.py",
            "autograder/engine/sandbox/sandbox.py", "autograder/engine/sandbox/worker.py",
            "autograder/homework/homework.toml", "autograder/homework/cases.py", "autograder/homework/drivers.py",
            "autograder/homework/mnist_subset.npz", "autograder/homework/expected/visible.npz",
            "autograder/homework/expected/hidden.npz", "autograder/homework/expected/timing.json",
            "autograder/author/templates/run_tests.py"} <= names
    package_py = {"autograder/" + os.path.relpath(p, paths.PACKAGE).replace(os.sep, "/")
                  for p in glob.glob(os.path.join(paths.PACKAGE, "**", "*.py"), recursive=True)}
    assert package_py <= names
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc") or "/tests/" in n
                or n.startswith(("solution/", "dist/", "handout/"))]
    assert not [n for n in names if n not in SCRIPTS and not n.startswith("autograder/")]


def test_bundle_entries_are_sorted_with_fixed_dates_and_permissions(entries):
    assert list(entries) == sorted(entries)
    for name, (info, _) in entries.items():
        assert info.date_time == (1980, 1, 1, 0, 0, 0), name
        mode = info.external_attr >> 16
        assert stat.S_ISREG(mode), name
        assert stat.S_IMODE(mode) == (0o755 if name in SCRIPTS else 0o644), name


def test_bundle_is_byte_identical_when_built_twice(built, tmp_path):
    again = bundle.build(str(tmp_path / "again.zip"))
    with open(again, "rb") as fh:
        assert fh.read() == built[1]


def test_bundle_build_leaves_no_temporary_file(tmp_path):
    out = tmp_path / "out" / "autograder.zip"
    assert bundle.build(str(out)) == str(out)
    assert os.listdir(out.parent) == ["autograder.zip"]
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o644


def test_bundle_carries_no_solution_file_and_no_solution_code(entries, clean_reference):
    solution_names = set(os.listdir(paths.SOLUTION)) | set(os.listdir(clean_reference))
    assert not [n for n in entries if os.path.basename(n) in solution_names]
    whole_files = []
    for folder in (paths.SOLUTION, clean_reference):
        for name in os.listdir(folder):
            with open(os.path.join(folder, name), "rb") as fh:
                whole_files.append(fh.read())
    assert not [n for n, (_, data) in entries.items() if data in whole_files]
    secrets = _secret_lines()
    assert len(secrets) > 20, "the solution regions should give plenty of lines to look for"
    leaks = [(name, line) for name, (_, data) in entries.items() for line in secrets
             if line.encode() in data]
    assert leaks == []


def test_setup_sh_pins_the_runtime_dependencies_of_pyproject(entries):
    setup = entries["setup.sh"][1].decode()
    with open(os.path.join(paths.ROOT, "pyproject.toml"), "rb") as fh:
        deps = tomllib.load(fh)["project"]["dependencies"]
    numpy_pin = next(d for d in deps if d.startswith("numpy=="))
    assert numpy_pin in setup.split()
    for dep in deps:
        assert dep in setup.split(), dep
    assert "apt-get install" in setup
    for name in SCRIPTS:
        text = entries[name][1].decode()
        assert text.startswith("#!/usr/bin/env bash\n"), name
        check = subprocess.run(["bash", "-n"], input=text, capture_output=True, text=True)
        assert check.returncode == 0, (name, check.stderr)


def test_bundle_grades_reference_to_100_in_its_own_layout(built, clean_reference, tmp_path):
    root = _layout(tmp_path, built[0], [os.path.join(clean_reference, n) for n in spec.load().student_files])
    run = _run_autograder(root)
    assert run.returncode == 0, run.stderr
    results = _results(root)
    assert results["score"] == 100
    assert results["tests"] and all(t["status"] == "passed" for t in results["tests"])


def test_run_autograder_prints_hidden_failures_for_instructors_and_keeps_them_out_of_the_students_output(
        built, tmp_path):
    folder = submissions.build("fails_q6_q11", str(tmp_path / "fails_q6_q11"))
    root = _layout(tmp_path, built[0], [os.path.join(folder, n) for n in spec.load().student_files])
    run = _run_autograder(root)
    assert run.returncode == 0, run.stderr
    results = _results(root)
    assert results["score"] == 94.5 and results["stdout_visibility"] == "hidden"
    hidden_failed = [t["name"].split()[1] for t in results["tests"]
                     if t["status"] == "failed" and t["visibility"] == "after_published"]
    assert hidden_failed == ["q6.momentum_five_steps", "q6.momentum_and_decay", "q11.z1", "q11.conv_J"]
    assert "94.5 / 100" in run.stdout and all(f"{case} (hidden" in run.stdout for case in hidden_failed)
    assert "94.5 / 100" not in results["output"] and not [c for c in hidden_failed if c in results["output"]]
    assert "q6.momentum_two_steps (visible, 2 pt): param.W: largest error" in results["output"]


def test_bundle_grades_handout_skeleton_to_0_in_its_own_layout(built, tmp_path):
    root = _layout(tmp_path, built[0], [os.path.join(paths.HANDOUT, n) for n in spec.load().student_files])
    run = _run_autograder(root)
    assert run.returncode == 0, run.stderr
    results = _results(root)
    assert results["score"] == 0
    assert results["tests"] and all(t["status"] == "failed" for t in results["tests"])
    assert "not implemented" in results["output"]


def test_run_autograder_exits_0_with_a_zero_grade_for_an_empty_submission(built, tmp_path):
    root = _layout(tmp_path, built[0], [])
    run = _run_autograder(root)
    assert run.returncode == 0, run.stderr
    results = _results(root)
    assert results["score"] == 0
    assert "missing" in results["output"]


def test_run_autograder_uses_the_bundled_expected_arrays_and_fails_without_results(built, clean_reference, tmp_path):
    """With the bundle's hidden.npz gone the grade cannot be made: no results.json (not even a stale
    one) and a non-zero exit. Were the repository's package imported instead, this would pass."""
    root = _layout(tmp_path, built[0], [os.path.join(clean_reference, n) for n in spec.load().student_files])
    os.remove(root / "source" / "autograder" / "homework" / "expected" / "hidden.npz")
    (root / "results" / "results.json").write_text('{"score": 100}')
    run = _run_autograder(root)
    assert run.returncode != 0
    assert not (root / "results" / "results.json").exists()
    assert "hidden.npz is missing" in run.stderr
    assert "wrote no results.json" in run.stderr
