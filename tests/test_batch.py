"""Batch grading: a gradebook for many submissions, on a process pool or a Dask cluster."""
import csv
import json
import os
import zipfile

import pytest

from autograder import spec
from autograder import cli, paths
from autograder.batch import batch
from tests.fixtures import submissions


@pytest.fixture(scope="module")
def inbox(tmp_path_factory):
    """A folder of submissions: a reference zip, the skeleton as a folder, a broken zip, a duplicate name."""
    folder = tmp_path_factory.mktemp("inbox")
    ref = submissions.build("reference", str(folder / "ref_src"))
    with zipfile.ZipFile(folder / "alice.zip", "w") as zf:
        for name in sorted(os.listdir(ref)):
            zf.write(os.path.join(ref, name), name)
    os.rename(ref, folder / "bob")
    for name in spec.load().student_files:
        (folder / "bob" / name).write_bytes(open(os.path.join(paths.HANDOUT, name), "rb").read())
    (folder / "carol.zip").write_bytes(b"not a zip at all")
    (folder / "bob.ipynb").write_text("{broken")
    return folder


def _gradebook(out):
    with open(os.path.join(out, "gradebook.csv"), newline="") as fh:
        return {row["submission"]: row for row in csv.DictReader(fh)}


def test_batch_on_a_process_pool_grades_each_and_one_broken_never_stops_the_others(inbox, tmp_path):
    out = tmp_path / "out"
    assert cli.main(["batch", str(inbox), "--out", str(out), "--workers", "2"]) == 0
    book = _gradebook(out)
    assert sorted(book) == ["alice", "bob", "bob_2", "carol"]
    assert book["alice"]["total"] == "100" and book["alice"]["Q10"] == "10"
    assert book["bob"]["total"] == "0" or book["bob_2"]["total"] == "0"
    assert book["carol"]["total"] == "0" and "not a readable zip" in book["carol"]["note"]
    for name in book:
        data = json.load(open(out / name / "results.json"))
        assert data["score"] == float(book[name]["total"])
    assert not [p for p in os.listdir(out) if p.endswith(".tmp")]


def test_batch_on_a_dask_cluster_gives_the_same_gradebook(inbox, tmp_path):
    distributed = pytest.importorskip("distributed", reason="dask.distributed is a dev dependency")
    local = tmp_path / "local"
    batch.grade_batch(batch.find_submissions(str(inbox)), str(local), workers=2)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        remote = tmp_path / "dask"
        rows = batch.grade_batch(batch.find_submissions(str(inbox)), str(remote), scheduler=cluster.scheduler_address)
    assert len(rows) == 4
    strip = lambda book: {k: {q: v for q, v in row.items() if q != "note"} for k, row in book.items()}
    assert strip(_gradebook(remote)) == strip(_gradebook(local))
