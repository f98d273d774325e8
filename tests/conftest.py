"""Shared fixtures: the clean reference and the skeleton as submission folders, modules loaded in isolation."""
import importlib
import os
import shutil
import sys

import pytest

from autograder import spec
from autograder import paths
from tests.fixtures import submissions

ROOT = paths.ROOT
STUDENT_MODULES = ("nn_lib", "nn_train", "written_answers")


def load_modules(folder, names=("nn_lib", "nn_train")):
    """Import the student modules of folder without leaving them in sys.modules."""
    saved = {n: sys.modules.pop(n) for n in STUDENT_MODULES if n in sys.modules}
    sys.path.insert(0, folder)
    try:
        return {n: importlib.import_module(n) for n in names}
    finally:
        sys.path.remove(folder)
        for n in STUDENT_MODULES:
            sys.modules.pop(n, None)
        sys.modules.update(saved)


@pytest.fixture(scope="session")
def reference_dir(tmp_path_factory):
    """Folder with the clean reference's nn_lib.py, nn_train.py and filled answers.toml."""
    return submissions.build("reference", str(tmp_path_factory.mktemp("reference")))


@pytest.fixture(scope="session")
def skeleton_dir(tmp_path_factory):
    """Folder with the committed handout's student files."""
    folder = tmp_path_factory.mktemp("skeleton")
    for name in spec.load().student_files:
        shutil.copy(os.path.join(paths.HANDOUT, name), folder)
    return str(folder)


@pytest.fixture(scope="session")
def reference(reference_dir):
    return load_modules(reference_dir)


@pytest.fixture(scope="session")
def solution_modules():
    """The annotated solution itself, with written_answers."""
    return load_modules(paths.SOLUTION, ("nn_lib", "nn_train", "written_answers"))


# -- the hostile and faulty corpus (tests/hostile/) ------------------------------------------------
LEVEL_NAMES = ["root", "user"]


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    """The corpus tests' shared state, one per xdist worker (tests/hostile/context.py)."""
    from tests.hostile.context import Context
    ctx = Context(str(tmp_path_factory.mktemp("corpus")))
    yield ctx
    ctx.close()


@pytest.fixture(params=LEVEL_NAMES)
def level(request):
    """An isolation level to grade at: as root (the worker gets its own uid) or as an unprivileged user."""
    from tests.hostile import levels
    if request.param == "root":
        if os.geteuid() != 0:
            pytest.skip(f"the root level needs this suite to run as root (as Gradescope does); it runs as uid {os.geteuid()}")
        return levels.InProcess("root")
    if os.geteuid() != 0:
        return levels.InProcess("user")
    return request.getfixturevalue("unprivileged_user")


@pytest.fixture(scope="session")
def unprivileged_user():
    """As root: the user level, as a uid leased for this session alone (tests/hostile/levels.py)."""
    from tests.hostile import levels
    with levels.leased_user() as user:
        yield user
