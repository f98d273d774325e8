"""Training pictures: run_tests.py --plots, the grader's feedback folder, and matplotlib being optional."""
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

from autograder import paths, spec
from autograder.engine import grade
HW = spec.load()
from tests.fixtures import submissions

plt_image = pytest.importorskip("matplotlib.image", reason="matplotlib is a dev dependency")


def _assert_real_picture(path, min_h=300, min_w=400):
    assert os.path.getsize(path) > 10_000, path
    img = plt_image.imread(path)
    assert img.shape[0] >= min_h and img.shape[1] >= min_w, (path, img.shape)
    grey = img[..., :3].mean(axis=2)
    assert grey.std() > 0.05, f"{path} looks blank"
    assert (grey < 0.5).mean() > 0.005, f"{path} has almost nothing drawn"


@pytest.fixture(scope="module")
def handout_with_reference(tmp_path_factory):
    folder = tmp_path_factory.mktemp("plots") / "handout"
    shutil.copytree(paths.HANDOUT, folder)
    submissions.build("reference", str(folder))
    return folder


def test_run_tests_plots_saves_curves_and_weight_grid(handout_with_reference):
    out = subprocess.run([sys.executable, "run_tests.py", "Q10", "--plots"], cwd=handout_with_reference,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    names = sorted(os.listdir(handout_with_reference / "plots"))
    assert names == ["q10_mlp_train_mnist_curves.png", "q10_mlp_train_mnist_weights.png",
                     "q10_train_network_mnist_curves.png"]
    for name in names:
        _assert_real_picture(handout_with_reference / "plots" / name)


def test_weight_grid_tiles_each_unit_as_a_28x28_image():
    from autograder.engine.plots import weight_grid
    W = np.random.default_rng(0).standard_normal((784, 10))
    grid = weight_grid(W, padding=2)
    assert grid.shape == (3 * 30 + 2, 4 * 30 + 2)
    tile = grid[2:30, 2:30]
    assert tile.min() == 0.0 and tile.max() == 1.0
    assert np.allclose(tile, (W[:, 0].reshape(28, 28) - W[:, 0].min()) / np.ptp(W[:, 0]))


def test_feedback_folder_gets_report_results_and_the_same_pictures(tmp_path, reference_dir):
    result = grade.grade(reference_dir, HW.select({"Q10"}))
    written = grade.write_feedback(result, str(tmp_path / "feedback"))
    names = sorted(os.path.basename(p) for p in written)
    assert names == ["feedback.html", "q10_mlp_train_mnist_curves.png", "q10_mlp_train_mnist_weights.png",
                     "q10_train_network_mnist_curves.png", "report.txt", "results.json"]
    for p in written:
        if p.endswith(".png"):
            _assert_real_picture(p)
    assert not any("hidden" in n or "second_set" in n or "long_run" in n for n in names)


def test_without_matplotlib_plots_are_skipped_with_a_clear_message(handout_with_reference):
    code = ("import sys, runpy; sys.modules['matplotlib'] = None; "
            "sys.argv = ['run_tests.py', 'Q9', '--plots']; runpy.run_path('run_tests.py', run_name='__main__')")
    (handout_with_reference / "plots_q9").mkdir(exist_ok=True)
    out = subprocess.run([sys.executable, "-c", code], cwd=handout_with_reference, capture_output=True, text=True)
    assert "Traceback" not in out.stderr
    assert "none (the training cases" in out.stdout or "plots need matplotlib" in out.stdout
    code = code.replace("'Q9'", "'Q10'")
    out = subprocess.run([sys.executable, "-c", code], cwd=handout_with_reference, capture_output=True, text=True)
    assert "no plots: plots need matplotlib: install it with `pip install matplotlib`" in out.stdout
