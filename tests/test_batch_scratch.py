"""Scratch folders a SIGKILL leaves behind (the batch's and the engine's intake folders) are removed by
the next batch, and only those of dead processes."""
import os
import subprocess
import sys
import tempfile

from autograder.batch import task
from autograder.engine import grade


def _dead_pid():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_killed_processs_intake_and_batch_folders_are_swept_and_a_live_ones_are_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path))
    dead, alive = _dead_pid(), os.getpid()
    names = {f"nn-intake-{dead}-abc": False, f"nn-batch-{dead}-def": False, f"nn-intake-{alive}-ghi": True,
             f"nn-batch-{alive}-jkl": True, "nn-intake-abc": True, "someone-elses": True}
    for name in names:
        os.makedirs(tmp_path / name / "inside")
    task._remove_scratch_of_dead_processes()
    assert {name: (tmp_path / name).exists() for name in names} == names


def test_the_engines_intake_folder_carries_its_processs_pid(tmp_path, monkeypatch):
    seen = []
    real = tempfile.TemporaryDirectory

    def spy(*args, **kwargs):
        seen.append(kwargs.get("prefix", ""))
        return real(*args, **kwargs)

    monkeypatch.setattr(grade.tempfile, "TemporaryDirectory", spy)
    grade.grade(str(tmp_path / "missing.zip"))
    assert f"nn-intake-{os.getpid()}-" in seen
