"""On a Dask cluster whose workers cannot reach the inbox, the homework or the output folder, a batch
gives the same gradebook as on the local pool: the client sends bytes and writes every file."""
import os
import shutil
import subprocess
import sys

import pytest

from autograder import paths
from tests.batch_fixtures import cli, submit, warmup_homework, without_column

distributed = pytest.importorskip("distributed", reason="dask.distributed is a dev dependency")
HELPER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "batch_cluster.py")


@pytest.fixture
def hidden_cluster(tmp_path):
    """(scheduler address, folder) of a LocalCluster started in a private mount namespace where tmp_path
    (which holds the homework, the inbox and the outputs) is an empty tmpfs."""
    if shutil.which("unshare") is None:
        pytest.skip("util-linux's unshare is not installed")
    namespace = ["unshare", "--mount", "--propagation", "private"] if os.geteuid() == 0 else \
        ["unshare", "--user", "--map-current-user", "--mount", "--propagation", "private"]
    proc = subprocess.Popen(namespace + [sys.executable, HELPER, str(tmp_path)], cwd=paths.ROOT, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    address = proc.stdout.readline().strip()
    if not address:
        err = proc.communicate(timeout=30)[1]
        if err.startswith("unshare:"):
            pytest.skip(f"no private mount namespace here: {err.strip()}")
        pytest.fail(f"the cluster did not start: {err}")
    yield address
    proc.stdin.close()
    proc.wait(timeout=60)


def test_a_dask_cluster_that_cannot_see_the_inbox_gives_the_local_pools_gradebook(hidden_cluster, tmp_path):
    homework = warmup_homework(str(tmp_path / "warmup"))
    inbox = tmp_path / "inbox"
    for name, kind, as_zip in (("amy", "correct", False), ("ben", "wrong_q2", True), ("cal", "crashing", False),
                               ("dan", "unreadable", False), ("eve", "skeleton", True)):
        submit(inbox, name, homework, kind, as_zip)
    shutil.copy(os.path.join(homework, "handout", "warmup.ipynb"), inbox / "fay.ipynb")
    with distributed.Client(hidden_cluster) as client:
        seen = client.run(lambda folders: [os.path.exists(f) for f in folders], [str(inbox), homework, str(tmp_path)])
    assert len(seen) == 2 and all(found == [False, False, True] for found in seen.values())

    remote = cli("batch", inbox, "--out", tmp_path / "dask", "--homework", homework, "--scheduler", hidden_cluster,
                 cwd=tmp_path)
    cli("batch", inbox, "--out", tmp_path / "pool", "--homework", homework, "-j", "2", "--quiet", cwd=tmp_path)
    assert "6 graded now, 0 unchanged and skipped, in" in remote.stdout
    assert f"on the Dask cluster at {hidden_cluster}" in remote.stdout
    assert "warning" not in remote.stdout
    assert without_column(tmp_path / "dask" / "gradebook.csv") == without_column(tmp_path / "pool" / "gradebook.csv")
    assert (tmp_path / "dask" / "canvas.csv").read_bytes() == (tmp_path / "pool" / "canvas.csv").read_bytes()
    for key in ("amy", "ben", "cal", "dan", "eve", "fay"):
        assert (tmp_path / "dask" / key / "results.json").exists()
