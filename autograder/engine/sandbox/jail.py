"""A worker's confinement, applied in the child between fork and exec (Popen's preexec_fn).

Everything is prepared in the grader (paths, file contents, the C library handle), so the child
only makes system calls. In order:

1. namespaces: a new network namespace (no network) and, for the private filesystem, new mount
   and IPC namespaces; as non-root, a user namespace that maps the grader's own uid, to be allowed
   to do so;
2. the private filesystem: the project tree (and, as non-root, the home folder) hidden under
   empty tmpfs with the Python environment bound back, then what must stay hidden inside that
   environment (an installed package's homework and expected arrays) covered too; every mount read-only; a fresh tmpfs of
   `scratch_bytes` on /tmp holding the runner and the submission. That tmpfs is the only place the
   worker can write, and it vanishes with the worker's last process;
3. identity: as root, a uid and gid used by this grading alone and no supplementary groups;
4. rlimits, no new privileges (set-user-ID programs do not elevate), death with the grader.

`probe()` runs steps 1-3 in a throwaway child to learn what the kernel allows here.
"""
import ctypes
import os
import resource
import signal
import sys
from dataclasses import dataclass, field

CLONE_NEWNS, CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWNET = 0x00020000, 0x08000000, 0x10000000, 0x40000000
MS_NOSUID, MS_NODEV, MS_BIND, MS_REC, MS_PRIVATE = 0x2, 0x4, 0x1000, 0x4000, 0x40000
PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_SET_NO_NEW_PRIVS = 1, 4, 38
SYS_MOUNT_SETATTR, AT_FDCWD, AT_RECURSIVE, MOUNT_ATTR_RDONLY = 442, -100, 0x8000, 0x1
SCRATCH = "/tmp"          # in the private filesystem: the runner is SCRATCH/runner, the submission SCRATCH/submission


class _MountAttr(ctypes.Structure):
    _fields_ = [("attr_set", ctypes.c_uint64), ("attr_clr", ctypes.c_uint64),
                ("propagation", ctypes.c_uint64), ("userns_fd", ctypes.c_uint64)]


class _Libc:
    """The calls the child needs, loaded in the grader: never dlopen() between fork and exec."""

    def __init__(self):
        lib = ctypes.CDLL(None, use_errno=True)
        self.unshare, self.mount, self.prctl, self.syscall = lib.unshare, lib.mount, lib.prctl, lib.syscall
        self.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]
        self.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
        self.readonly = _MountAttr(MOUNT_ATTR_RDONLY, 0, 0, 0)

    @staticmethod
    def check(result, what):
        if result != 0:
            err = ctypes.get_errno()
            raise OSError(err, f"{what}: {os.strerror(err)}")

    def tmpfs(self, target, size, mode):
        self.check(self.mount(b"tmpfs", target.encode(), b"tmpfs", MS_NOSUID | MS_NODEV,
                              f"size={size},mode={mode:o}".encode()), f"tmpfs on {target}")

    def make_readonly(self, target):
        self.check(self.syscall(SYS_MOUNT_SETATTR, AT_FDCWD, target.encode(), AT_RECURSIVE,
                                ctypes.byref(self.readonly), ctypes.sizeof(self.readonly)), f"read-only {target}")


_LIBC = []


def libc():
    if not _LIBC:
        _LIBC.append(_Libc())
    return _LIBC[0]


def _inside(path, folder):
    return path == folder or path.startswith(folder.rstrip("/") + "/")


@dataclass
class Jail:
    """What one worker gets. files: [("runner/NAME" or "submission/NAME", bytes)]; with the private
    filesystem they are written in the child, under SCRATCH, else once by the grader (write_files)."""
    uid: int = None                   # as root: the worker's own uid (and gid); None keeps the grader's
    cut_network: bool = False
    private_fs: bool = False
    scratch_bytes: int = 64 << 20
    hide: list = field(default_factory=list)
    files: list = field(default_factory=list)
    memory_bytes: int = 2 << 30
    file_bytes: int = 16 << 20
    open_files: int = 256
    processes: int = 64

    def __post_init__(self):
        self.as_root = os.geteuid() == 0
        self.grader_uid, self.grader_gid, self.grader_pid = os.getuid(), os.getgid(), os.getpid()
        self.libc = libc()
        self.nproc = None
        env = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
        wanted = [os.path.realpath(h) for h in self.hide if os.path.isdir(h)]
        wanted = [h for h in wanted if h != "/" and not any(_inside(e, h) for e in env if _inside(h, e))]
        # inside the Python environment (an installed package's expected arrays): covered after it is bound back
        self.hide_inner = sorted(h for h in wanted if any(_inside(h, e) for e in env))
        self.hide = [h for h in wanted if h not in self.hide_inner]
        self.keep = sorted(e for e in env if any(_inside(e, h) for h in self.hide + [SCRATCH]))

    # -- steps, in the child -------------------------------------------------------------------------
    def _namespaces(self):
        flags = CLONE_NEWNET if self.cut_network else 0
        if self.private_fs:
            flags |= CLONE_NEWNS | CLONE_NEWIPC
        if flags and not self.as_root:
            flags |= CLONE_NEWUSER
        if flags:
            self.libc.check(self.libc.unshare(flags), "unshare")
        if flags & CLONE_NEWUSER:      # map our own uid and gid, the only mapping a non-root user may write
            self.libc.prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)
            for name, text in (("setgroups", "deny"), ("uid_map", f"{self.grader_uid} {self.grader_uid} 1"),
                               ("gid_map", f"{self.grader_gid} {self.grader_gid} 1")):
                fd = os.open(f"/proc/self/{name}", os.O_WRONLY)
                try:
                    os.write(fd, text.encode())
                finally:
                    os.close(fd)

    def _filesystem(self):
        c = self.libc
        c.check(c.mount(None, b"/", None, MS_REC | MS_PRIVATE, None), "private mounts")
        kept = [(path, os.open(path, os.O_PATH | os.O_DIRECTORY)) for path in self.keep]
        for folder in self.hide:
            c.tmpfs(folder, 1 << 20, 0o755)
        for path, fd in kept:
            if not _inside(path, SCRATCH):
                self._bind(path, fd)
        for folder in self.hide_inner:
            c.tmpfs(folder, 1 << 20, 0o755)
        c.make_readonly("/")
        c.tmpfs(SCRATCH, self.scratch_bytes, 0o1777)
        for path, fd in kept:
            if _inside(path, SCRATCH):
                self._bind(path, fd)
                c.make_readonly(path)
            os.close(fd)
        self.write_files(SCRATCH)

    def _bind(self, path, fd):
        os.makedirs(path, exist_ok=True)
        self.libc.check(self.libc.mount(f"/proc/self/fd/{fd}".encode(), path.encode(), None, MS_BIND | MS_REC, None),
                        f"bind {path}")

    def write_files(self, base):
        """base/runner (read-only to the worker) and base/submission (the worker's own folder)."""
        runner, work = os.path.join(base, "runner"), os.path.join(base, "submission")
        for folder, mode in ((runner, 0o755), (work, 0o700)):
            os.makedirs(folder, exist_ok=True)
            os.chmod(folder, mode)
        for rel, data in self.files:
            fd = os.open(os.path.join(base, rel), os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644)
            try:
                os.fchmod(fd, 0o644)
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
            finally:
                os.close(fd)
        if self.uid is not None:
            for name in os.listdir(work):
                os.chown(os.path.join(work, name), self.uid, self.uid)
            os.chown(work, self.uid, self.uid)

    def _identity(self):
        if self.uid is not None:
            os.setgroups([])
            os.setgid(self.uid)
            _limit(resource.RLIMIT_NPROC, self.processes)
            os.setuid(self.uid)
        else:     # RLIMIT_NPROC counts every process of the user: allow `processes` more than it has now
            _limit(resource.RLIMIT_NPROC, self.nproc)

    def prepare(self):
        """In the grader, before each fork."""
        if self.uid is None:
            self.nproc = _process_count(self.grader_uid) + self.processes

    def apply(self, cpu_seconds, cwd):
        """In the child: confine it, then return so that Popen execs the worker."""
        self._namespaces()
        if self.private_fs:
            self._filesystem()
        os.chdir(cwd)
        self._identity()
        for limit, value in ((resource.RLIMIT_AS, self.memory_bytes), (resource.RLIMIT_FSIZE, self.file_bytes),
                             (resource.RLIMIT_NOFILE, self.open_files), (resource.RLIMIT_CORE, 0)):
            _limit(limit, value)
        _limit(resource.RLIMIT_CPU, cpu_seconds, cpu_seconds + 1)
        self.libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
        self.libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)   # after setuid(), which clears it
        if os.getppid() != self.grader_pid:
            os._exit(1)

    def probe(self, needed=()):
        """(True, "") when steps 1-3 work here and the worker could then reach `needed` ((path, os.R_OK
        or os.X_OK) it must read or run), else (False, why)."""
        self.prepare()
        rfd, wfd = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                os.close(rfd)
                self._namespaces()
                if self.private_fs:
                    self._filesystem()
                self._identity()
                missing = [p for p, mode in needed if not os.access(p, mode)]
                if missing:
                    raise OSError(f"cannot read {missing[0]}")
                os._exit(0)
            except BaseException as exc:
                try:
                    os.write(wfd, str(exc).encode()[:500])
                finally:
                    os._exit(1)
        os.close(wfd)
        with os.fdopen(rfd, "rb") as fh:
            why = fh.read().decode(errors="replace")
        _, status = os.waitpid(pid, 0)
        ok = os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
        return ok, "" if ok else (why or f"probe ended with status {status}")


def _limit(which, soft, hard=None):
    """Set an rlimit, never above the hard limit already in force (which a non-root user cannot raise)."""
    hard = soft if hard is None else hard
    current = resource.getrlimit(which)[1]
    if current != resource.RLIM_INFINITY:
        soft, hard = min(soft, current), min(hard, current)
    resource.setrlimit(which, (soft, hard))


def _process_count(uid):
    from .reaper import processes
    return sum(1 for _, owner, _ in processes().values() if owner == uid)
