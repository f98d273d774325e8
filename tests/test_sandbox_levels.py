"""The sandbox's own guarantees: leftovers die but the grader's other children do not, each grading has
a worker uid of its own, and without a private filesystem the grader still grades and says so."""
import os
import secrets
import subprocess
import time

import pytest

from autograder import spec
from autograder.engine import grade
from autograder.engine.sandbox import jail, reaper, sandbox, uids
HW = spec.load()
from tests.fixtures import submissions

Q4 = HW.select({"Q4"})


def _alive(pid):
    state = reaper.processes().get(pid)
    return state is not None and state[2] != "Z"


def _sub_with(tmp_path, code):
    folder = submissions.build("reference", str(tmp_path / "sub"))
    with open(os.path.join(folder, "nn_lib.py"), "a") as fh:
        fh.write("\n" + code)
    return folder


def test_hunting_kills_strays_and_spares_the_graders_other_children():
    reaper.become_subreaper()
    unrelated = subprocess.Popen(["sleep", "30"])
    before = reaper.children()
    pid = os.fork()
    if pid == 0:                      # a double fork: the grandchild is re-parented to this process
        if os.fork() == 0:
            os.execvp("sleep", ["sleep", "30"])
        os._exit(0)
    os.waitpid(pid, 0)
    time.sleep(0.2)
    strays = reaper.children() - before
    try:
        assert len(strays) == 1
        assert reaper.hunt(before=before) == 1
        assert not any(_alive(p) for p in strays)
        assert unrelated.poll() is None
    finally:
        unrelated.kill()
        unrelated.wait()


def test_a_grading_spares_children_the_grader_already_had(tmp_path):
    escape = ("import os\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n        import time\n"
              "        time.sleep(60)\n    os._exit(0)\n")
    unrelated = subprocess.Popen(["sleep", "30"])
    before = reaper.descendants({os.getpid()}, reaper.processes())
    try:
        result = grade.grade(_sub_with(tmp_path, escape), Q4)
        assert result.score == 6
        assert unrelated.poll() is None, "the grader killed a child it had before grading"
        table = reaper.processes()
        left = [(p, table[p]) for p in reaper.descendants({os.getpid()}, table) - before if _alive(p)]
        assert not left, f"a process of the submission survived: {left}"
    finally:
        unrelated.kill()
        unrelated.wait()


@pytest.mark.skipif(os.geteuid() != 0, reason="worker uids are leased only when the grader runs as root")
def test_each_grading_leases_a_worker_uid_of_its_own(reference_dir):
    with sandbox.Sandbox(reference_dir) as first, sandbox.Sandbox(reference_dir) as second:
        assert first.uid != second.uid
        assert uids.FIRST <= first.uid < uids.FIRST + uids.COUNT
        taken = first.uid
    again = [uids.lease() for _ in range(2)]
    try:
        assert len({lease.uid for lease in again}) == 2
    finally:
        for lease in again:
            lease.release()
    assert taken is not None


def test_without_a_private_filesystem_the_grader_still_grades_and_says_why(tmp_path, monkeypatch):
    real_probe = jail.Jail.probe
    monkeypatch.setattr(jail.Jail, "probe", lambda self, needed=(): (False, "pretend: no mount namespace")
                        if self.private_fs else real_probe(self, needed))
    monkeypatch.setattr(sandbox, "_PROBED", {})
    left = f"/tmp/nn-test-left-{secrets.token_hex(4)}"
    result = grade.grade(_sub_with(tmp_path, f"open({left!r}, 'w').write('left behind')\n"), Q4)
    assert result.score == 6
    assert not result.isolation["private_filesystem"]
    assert "no private filesystem here (pretend: no mount namespace)" in result.isolation["note"]
    if not result.isolation["unprivileged_user"]:
        os.remove(left)
        pytest.skip("as the grader's own user, files the worker leaves in /tmp cannot be told from the grader's")
    assert not os.path.exists(left), "a file the worker left in /tmp outlived the grading"
