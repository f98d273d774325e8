"""A notebook full of IPython syntax, graded by dist/autograder.zip as Gradescope installs it: in the
virtualenv the bundle's own setup.sh builds (pinned numpy, nbformat, tqdm; no IPython, no nbconvert), it
scores what the reference scores. Needs the package registry setup.sh installs from (~20 s)."""
import json
import os
import shlex
import shutil
import subprocess
import zipfile

import pytest

from autograder.author import bundle
from tests.fixtures import notebooks


def _env():
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}


@pytest.fixture(scope="module")
def bundle_venv(tmp_path_factory):
    """The virtualenv made by running the bundle's setup.sh, its VENV pointed at a temporary folder."""
    folder = tmp_path_factory.mktemp("setup")
    venv = folder / "venv"
    script = bundle.setup_sh()
    line = f"VENV={shlex.quote(bundle.VENV)}\n"
    assert script.count(line) == 1, "setup.sh no longer sets VENV on one line: update this test"
    (folder / "setup.sh").write_text(script.replace(line, f"VENV={shlex.quote(str(venv))}\n"))
    run = subprocess.run(["bash", str(folder / "setup.sh")], env=_env(), capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return venv


def test_the_bundles_virtualenv_has_no_ipython(bundle_venv):
    out = subprocess.run([str(bundle_venv / "bin" / "python3"), "-c", "import IPython"],
                         env=_env(), capture_output=True, text=True)
    assert out.returncode != 0 and "No module named 'IPython'" in out.stderr


def test_notebook_with_magics_scores_100_in_the_bundles_own_virtualenv(bundle_venv, tmp_path):
    root = tmp_path / "autograder"
    for name in ("source", "submission", "results"):
        (root / name).mkdir(parents=True)
    with zipfile.ZipFile(bundle.build(str(tmp_path / "autograder.zip"))) as zf:
        zf.extractall(root / "source")
    shutil.copy(root / "source" / "run_autograder", root / "run_autograder")
    notebooks.reference_notebook(root / "submission" / "homework.ipynb", notebooks.MAGIC_CELLS)
    env = dict(_env(), AUTOGRADER_ROOT=str(root), AUTOGRADER_VENV=str(bundle_venv))
    run = subprocess.run(["bash", "run_autograder"], cwd=root, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    results = json.loads((root / "results" / "results.json").read_text())
    failed = [t["output"] for t in results["tests"] if t["status"] != "passed"]
    assert results["score"] == 100, failed[:3]
    assert "answers.toml: read from homework.ipynb" in results["output"]
