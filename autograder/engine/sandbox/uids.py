"""A uid used by one grading alone, so that every process and file of it is unmistakably its own.

As root, each Sandbox leases a uid from FIRST .. FIRST + COUNT - 1 that has no passwd entry. The lease
is an flock() on a file in a root-only folder, held for as long as the grading runs; a grader that
dies releases it with its file descriptors. Sharing one user (say `nobody`) between gradings that
run at the same time would let one submission read, signal or starve another (RLIMIT_NPROC counts
per user), and would make "kill every process of that user" unsafe.
"""
import fcntl
import os
import pwd
import stat
import tempfile

FIRST, COUNT = 64000, 1000


class Lease:
    """uid (also used as the gid) held until release()."""

    def __init__(self, uid, fd):
        self.uid, self.fd = uid, fd

    def release(self):
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def _private_folder(path):
    try:
        os.mkdir(path, 0o700)
    except FileExistsError:
        pass
    info = os.lstat(path)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != 0 or info.st_mode & 0o077:
        raise RuntimeError(f"{path} must be a folder owned by root and private to it")


def _has_passwd_entry(uid):
    try:
        pwd.getpwuid(uid)
        return True
    except KeyError:
        return False


def lease(folder=None):
    """Lease a free uid (the caller must be root). Raises RuntimeError when none is free."""
    folder = folder or os.path.join(tempfile.gettempdir(), "nn-grade-uids")
    _private_folder(folder)
    start = (os.getpid() * 7919) % COUNT
    for i in range(COUNT):
        uid = FIRST + (start + i) % COUNT
        if _has_passwd_entry(uid):
            continue
        fd = os.open(os.path.join(folder, str(uid)), os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        return Lease(uid, fd)
    raise RuntimeError(f"all {COUNT} worker uids from {FIRST} are in use")
