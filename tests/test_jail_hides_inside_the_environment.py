"""The private filesystem hides what must stay hidden even when it sits inside the Python environment,
as an installed wheel's homework and expected arrays do (site-packages/autograder/homework/expected)."""
import os
import shutil
import sys
import tempfile

import pytest

from autograder.engine.sandbox import jail


@pytest.fixture
def secret_inside_the_environment():
    folder = tempfile.mkdtemp(prefix="nn-jail-secret-", dir=sys.prefix)
    path = os.path.join(folder, "hidden.npz")
    with open(path, "wb") as fh:
        fh.write(b"canary")
    yield folder, path
    shutil.rmtree(folder)


def _private_jail(hide):
    box = jail.Jail(private_fs=True, hide=hide)
    ok, why = jail.Jail(private_fs=True).probe()
    if not ok:
        pytest.skip(f"this kernel allows no private filesystem: {why}")
    return box


def test_a_folder_inside_the_environment_is_unreadable_to_the_worker(secret_inside_the_environment):
    folder, path = secret_inside_the_environment
    box = _private_jail([folder])
    assert box.hide_inner == [os.path.realpath(folder)]
    ok, why = box.probe([(path, os.R_OK)])
    assert not ok and "cannot read" in why


def test_the_environment_itself_stays_usable_when_something_inside_it_is_hidden(secret_inside_the_environment):
    folder, _ = secret_inside_the_environment
    box = _private_jail([folder])
    numpy_dir = os.path.dirname(os.path.dirname(os.path.abspath(__import__("numpy").__file__)))
    ok, why = box.probe([(sys.executable, os.X_OK), (os.path.join(numpy_dir, "numpy"), os.R_OK), (os.__file__, os.R_OK)])
    assert ok, why


def test_without_the_hide_the_same_file_is_readable(secret_inside_the_environment):
    _, path = secret_inside_the_environment
    ok, why = _private_jail([]).probe([(path, os.R_OK)])
    assert ok, why


def test_hiding_the_environment_itself_is_refused_not_applied():
    box = jail.Jail(private_fs=True, hide=[sys.prefix])
    assert os.path.realpath(sys.prefix) not in box.hide + box.hide_inner
