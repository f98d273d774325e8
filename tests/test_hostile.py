"""Hostile submissions: each attacks one question with one technique; the grader is never fooled.

Every entry of tests/hostile/attacks.py runs at both isolation levels through harness.check(),
which asserts all the grader's promises (see its docstring).
"""
import os
import subprocess
import sys

import pytest

from autograder import paths
from tests.hostile import checkouts, harness, levels
from tests.hostile.attacks import HOSTILE
from tests.hostile.faults import FAULTY

ENTRIES = {e.name: e for e in HOSTILE + FAULTY}
AS_ROOT = pytest.mark.skipif(os.geteuid() != 0, reason="as non-root, the user level grades in this process as "
                                                        "this user, with no uid of its own")
# Gradings at the user level that leave processes for the grader to kill, and take a second or more.
LEAVE_PROCESSES = ("hostile_forked_rewriter_is_killed", "hostile_infinite_loop_times_out_alone",
                   "hostile_fork_bomb_is_bounded_and_killed")


def _param(entry):
    marks = [pytest.mark.xfail(strict=True, reason=entry.known_hole)] if entry.known_hole else []
    return pytest.param(entry, id=entry.name, marks=marks)


@pytest.mark.parametrize("entry", [_param(e) for e in HOSTILE])
def test_hostile_submission(entry, level, corpus, tmp_path):
    harness.check(entry, level, corpus, corpus.workdir(level, tmp_path))


def test_the_corpus_covers_the_issue(corpus):
    assert len(HOSTILE) >= 40 and len({e.name for e in HOSTILE}) == len(HOSTILE)
    assert all(e.name.startswith("hostile_") for e in HOSTILE)


@pytest.fixture(scope="module")
def user_kept_out_of_the_checkout():
    """The user level with the checkout (and the virtualenv) hidden from its subprocesses, as from a uid
    that cannot enter the folder the checkout sits in."""
    hidden = [paths.ROOT] + ([sys.prefix] if os.path.commonpath([sys.prefix, paths.ROOT]) != paths.ROOT else [])
    try:
        checkouts.run_as(os.getuid(), ["true"], "/", {}, hidden)
    except (OSError, subprocess.SubprocessError) as exc:
        pytest.skip(f"this kernel does not let the suite hide a folder from a subprocess: {exc}")
    with levels.leased_user(hidden) as user:
        yield user


@AS_ROOT
@pytest.mark.parametrize("name", ["hostile_forked_rewriter_is_killed", "faulty_empty_notebook_names_what_is_missing",
                                  "faulty_import_error_names_the_missing_module"])
def test_a_checkout_the_user_cannot_enter_is_graded_from_a_readable_copy(name, user_kept_out_of_the_checkout,
                                                                         corpus, tmp_path):
    user = user_kept_out_of_the_checkout
    assert user.checkout.root != paths.ROOT, "the level would grade from a checkout its uid cannot enter"
    harness.check(ENTRIES[name], user, corpus, corpus.workdir(user, tmp_path))


@AS_ROOT
def test_two_runs_at_once_each_count_only_their_own_processes(tmp_path):
    """Two pytest runs started together grade at the user level, each with its own leased uid; a process of
    one, counted against the other, would fail that one's "no process left" check."""
    ids = [f"tests/test_hostile.py::test_hostile_submission[user-{name}]" for name in LEAVE_PROCESSES]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    runs = [subprocess.Popen([sys.executable, "-m", "pytest", "-q", "-p", "no:xdist", "--basetemp",
                              str(tmp_path / f"run{i}"), *ids], cwd=paths.ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT) for i in range(2)]
    outputs = [run.communicate(timeout=600)[0].decode(errors="replace") for run in runs]
    for run, output in zip(runs, outputs):
        assert run.returncode == 0 and f"{len(ids)} passed" in output, output[-4000:]


def test_a_released_worker_uid_counts_only_the_processes_of_this_run(monkeypatch):
    """Once a grading ends, another run's grader may lease its worker uid at once: a process of that uid
    counts as left over when it is an orphan or this run's, not when another run's grader started it.
    A uid this run holds for itself counts whoever started it."""
    me, uid = os.getpid(), 64321
    grader, theirs, orphan, mine = 5_000_001, 5_000_002, 5_000_003, 5_000_004      # above any pid_max
    table = {me: (1, 0, "S"), grader: (1, 0, "S"), theirs: (grader, uid, "S"), orphan: (1, uid, "S"),
             mine: (me, uid, "S")}
    monkeypatch.setattr(harness.reaper, "processes", lambda: table)
    assert harness.leftovers("nnhmark", set(), set(), released={uid}) == [orphan, mine]
    assert harness.leftovers("nnhmark", {uid}, set()) == [theirs, orphan, mine]
