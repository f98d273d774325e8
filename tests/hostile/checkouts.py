"""Where and how the unprivileged level's grading subprocess runs: as its uid, from a checkout it can enter.

A suite run as root from a checkout that other users cannot enter (under /root, or inside a folder of
mode 0700) leaves that uid unable to run the virtualenv's Python or import the package from there. The
level then grades from a readable copy: a folder of its own holding the package, the tests.hostile
modules the subprocess imports and the virtualenv, made of hard links to the same files (a copy where
a link cannot be made or where others may not read the file). It is built once per session, in about
half a second, and holds nothing the grading subprocess could write to.
"""
import os
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass

from autograder import paths
from autograder.engine.sandbox import jail

PROJECT_PARTS = ("autograder", "tests/__init__.py", "tests/hostile")
SKIPPED = ("__editable__",)   # the editable install's finder and .pth point back into the checkout
PROBE = "import numpy, autograder.engine.grade, tests.hostile.grade_as_user"


@dataclass(frozen=True)
class Checkout:
    root: str          # the folder the subprocess runs in: `python -m tests.hostile...` imports from it
    python: str        # the interpreter it runs


HERE = Checkout(paths.ROOT, sys.executable)


def run_as(uid, argv, cwd, env, hidden=(), timeout=300):
    """subprocess.run(argv) as uid (also its gid, no other groups), capturing the output. hidden: folders
    the process finds empty (a tmpfs over each, in a mount namespace of its own), as if it could not
    enter them; raises subprocess.SubprocessError where the kernel does not allow that."""
    options = {"user": uid, "group": uid, "extra_groups": []}
    if hidden:
        libc = jail.libc()        # loaded here: the child only makes system calls

        def hide_then_become_uid():
            libc.check(libc.unshare(jail.CLONE_NEWNS), "unshare")
            libc.check(libc.mount(None, b"/", None, jail.MS_REC | jail.MS_PRIVATE, None), "private mounts")
            for folder in hidden:
                libc.tmpfs(folder, 1 << 20, 0o755)
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
        options = {"preexec_fn": hide_then_become_uid}
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, timeout=timeout, **options)


def can_run(uid, checkout, hidden=()):
    """(True, "") when uid can run checkout.python in checkout.root and import numpy and the grading
    modules there, else (False, why)."""
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1"}
    try:
        done = run_as(uid, [checkout.python, "-c", PROBE], checkout.root, env, hidden, timeout=120)
    except OSError as exc:      # the interpreter or the folder cannot be reached at all
        return False, str(exc)
    lines = done.stderr.decode(errors="replace").strip().splitlines()
    return done.returncode == 0, "" if done.returncode == 0 else (lines[-1] if lines else f"exit {done.returncode}")


def readable_copy(folder):
    """A Checkout under folder (which others can enter) that mirrors this one's package, tests.hostile and
    virtualenv with hard links. Returns it."""
    root = os.path.join(folder, "checkout")
    for part in PROJECT_PARTS:
        _mirror(os.path.join(paths.ROOT, part), os.path.join(root, part))
    if sys.prefix == sys.base_prefix:            # no virtualenv: the packages are in the system's folders
        return Checkout(root, sys.executable)
    venv = os.path.join(root, "venv")
    _mirror(sys.prefix, venv)
    inside = os.path.relpath(sys.executable, sys.prefix)
    return Checkout(root, sys.executable if inside.startswith("..") else os.path.join(venv, inside))


def for_user(uid, folder, hidden=()):
    """The checkout uid grades from: this one when uid can run it, else a readable copy under folder.
    hidden: as for run_as."""
    ok, why = can_run(uid, HERE, hidden)
    if ok:
        return HERE
    copy = readable_copy(folder)
    ok, still = can_run(uid, copy, hidden)
    if not ok:
        raise RuntimeError(f"uid {uid} cannot run {HERE.python} from {HERE.root} ({why}) nor from a copy in "
                           f"{folder} ({still}): build the virtualenv from a Python that every user can run "
                           "(make venv PYTHON_BASE=/usr/bin/python3) and let TMPDIR be a folder others can enter")
    return copy


def _mirror(src, dest):
    """dest: src's tree, folders made anew (mode 755), symbolic links as they are, files hard-linked."""
    if not os.path.isdir(src):
        os.makedirs(os.path.dirname(dest), mode=0o755, exist_ok=True)
        _place(src, dest)
        return
    for dirpath, dirnames, filenames in os.walk(src):
        here = os.path.join(dest, os.path.relpath(dirpath, src))
        os.makedirs(here, mode=0o755, exist_ok=True)
        os.chmod(here, 0o755)
        for name in filenames + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]:
            if not name.startswith(SKIPPED):
                _place(os.path.join(dirpath, name), os.path.join(here, name))


def _place(src, dest):
    info = os.lstat(src)
    if stat.S_ISLNK(info.st_mode):
        os.symlink(os.readlink(src), dest)
        return
    if info.st_mode & stat.S_IROTH:
        try:
            os.link(src, dest)
            return
        except OSError:        # another filesystem, or links refused: a copy will do
            pass
    shutil.copy2(src, dest)
    os.chmod(dest, 0o755 if info.st_mode & stat.S_IXUSR else 0o644)
