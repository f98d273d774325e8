"""Run case jobs in a confined worker process and collect its outputs; never run submitted code here.

One worker runs the cases in order. A case that overruns its wall-clock limit (budget.py), or a worker
that dies, costs only that case: the worker's process group and everything else it left running are
SIGKILLed (reaper.py) and a fresh worker takes the remaining cases. jail.py confines the worker:
rlimits, no network and a private read-only filesystem whose only writable place is a small
scratch tmpfs (where the kernel allows), and, as root, a uid used by this grading alone (uids.py).
stdout and stderr are drained and truncated; supervise.py holds the worker to the frame protocol.
"""
import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field

from ... import paths
from . import jail, reaper, uids
from .budget import Budget
from .supervise import Capture, Outcome, supervise

SANDBOX_DIR = os.path.dirname(os.path.abspath(__file__))
ENGINE_DIR = os.path.dirname(SANDBOX_DIR)
# The engine's side of the worker's runner folder; the homework adds its drivers.py and their data.
RUNNER_FILES = {name: os.path.join(SANDBOX_DIR, name) for name in ("worker.py", "runcase.py", "wire.py")}
RUNNER_FILES["compare.py"] = os.path.join(ENGINE_DIR, "compare.py")
WORLD_WRITABLE = ("/tmp", "/var/tmp", "/dev/shm")
PR_SET_DUMPABLE = 4
NUMPY_PARENT = os.path.dirname(list(importlib.util.find_spec("numpy").submodule_search_locations)[0])
LEVELS = ((True, True), (False, True), (False, False))     # (private filesystem, no network), strongest first
_PROBED = {}


@dataclass
class Limits:
    memory_bytes: int = 2 << 30
    file_bytes: int = 16 << 20
    scratch_bytes: int = 64 << 20          # the private /tmp: all the worker can write, in total
    open_files: int = 256
    processes: int = 64
    import_timeout: float = 20.0
    output_bytes: int = 8 << 10           # of stdout and of stderr kept for the report
    result_bytes: int = 256 << 20


@dataclass
class RunReport:
    outcomes: dict                        # case id -> Outcome
    stdout: str = ""
    stderr: str = ""
    isolation: dict = field(default_factory=dict)
    workers_started: int = 0


def _read(path):
    with open(path, "rb") as fh:
        return fh.read()


class Sandbox:
    """Chooses the isolation level once; run() may be called repeatedly; close() leaves nothing behind."""

    def __init__(self, submission_dir, limits=None, extra_files=(), homework=None):
        """homework: the spec.Homework whose drivers run (default: this package's)."""
        from ... import spec
        self.limits = limits or Limits()
        self.homework = homework or spec.load()
        runner = {**RUNNER_FILES, **self.homework.runner_files()}
        files = [(f"runner/{name}", _read(path)) for name, path in sorted(runner.items())]
        for name in sorted(os.listdir(submission_dir)):
            src = os.path.join(submission_dir, name)
            if os.path.isfile(src) and not os.path.islink(src):
                files.append((f"submission/{name}", _read(src)))
        files += [(f"submission/{os.path.basename(p)}", _read(p)) for p in extra_files]
        self.root, self.lease, notes = None, None, []
        reaper.become_subreaper()
        if os.geteuid() == 0:
            try:
                self.lease = uids.lease()
                reaper.hunt(uid=self.lease.uid)          # leftovers of a grader that died with this uid
            except (RuntimeError, OSError) as exc:
                notes.append(f"no worker uid could be leased ({exc}): the worker runs as root")
        else:   # the worker shares our uid: keep it from reading our memory and environment through /proc
            jail.libc().prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
        try:
            self.jail = self._choose(files, notes)
            self.uid = self.jail.uid
            if not self.jail.private_fs:
                self.root = tempfile.mkdtemp(prefix="nn-grade-")
                self.jail.write_files(self.root)
                os.chmod(self.root, 0o755)
        except BaseException:
            if self.lease:
                self.lease.release()
            raise
        base = jail.SCRATCH if self.jail.private_fs else self.root
        self.runner, self.work = os.path.join(base, "runner"), os.path.join(base, "submission")
        self.isolation = {"separate_process": True, "python_isolated_mode": True, "rlimits": True,
                          "process_group_kill": True, "leftover_processes_killed": True,
                          "unprivileged_user": f"uid {self.uid}" if self.uid is not None else False,
                          "no_network": self.jail.cut_network, "private_filesystem": self.jail.private_fs}
        if notes:
            self.isolation["note"] = "; ".join(notes)

    def _choose(self, files, notes):
        """The strongest jail the kernel allows here: private filesystem and no network, else no network
        only, else neither; as root, with the leased uid unless that uid cannot run this Python."""
        numpy_dir = os.path.join(NUMPY_PARENT, "numpy")       # found, not imported
        needed = [(sys.executable, os.X_OK), (numpy_dir, os.R_OK | os.X_OK), (os.__file__, os.R_OK)]
        lim = self.limits
        env = [os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)]
        root = os.path.realpath(paths.ROOT)
        installed = any(root == e or root.startswith(e + os.sep) for e in env)    # ROOT is site-packages
        project = paths.PACKAGE if installed else paths.ROOT
        hide = [project] + ([os.path.expanduser("~")] if os.geteuid() != 0 else [])
        if not any(os.path.commonpath([self.homework.folder, h]) == h for h in hide):
            hide.append(self.homework.folder)       # a homework kept outside the project: its arrays, too
        failed = {}
        for uid in ([self.lease.uid, None] if self.lease else [None]):
            for private, network in LEVELS:
                box = jail.Jail(uid=uid, cut_network=network, private_fs=private, scratch_bytes=lim.scratch_bytes,
                                hide=hide, files=files, memory_bytes=lim.memory_bytes, file_bytes=lim.file_bytes,
                                open_files=lim.open_files, processes=lim.processes)
                key = (os.geteuid(), uid is None, private, network, tuple(box.hide), tuple(box.hide_inner))
                if key not in _PROBED:
                    _PROBED[key] = box.probe(needed)
                ok, why = _PROBED[key]
                if not ok:
                    failed[(private, network)] = why
                    continue
                if uid is None and self.lease:
                    notes.append(f"uid {self.lease.uid} cannot run {sys.executable} or read numpy: the worker runs "
                                 "as root (a folder on their path is closed to other users, such as /root or a "
                                 "mode-700 folder: keep the Python environment where every user can enter)")
                if not private:
                    notes.append(f"no private filesystem here ({failed[LEVELS[0]]})")
                if not network:
                    notes.append(f"the network could not be cut here ({failed[LEVELS[1]]})")
                return box
        raise RuntimeError(f"no worker can be started here: {failed}")

    def close(self):
        if self.uid is not None:
            reaper.hunt(uid=self.uid)
        if self.root:
            shutil.rmtree(self.root, ignore_errors=True)
        if self.uid is not None and not self.jail.private_fs:
            self._remove_files_of(self.uid)
        if self.lease:
            self.lease.release()
            self.lease = None

    @staticmethod
    def _remove_files_of(uid):
        """Without a private /tmp, what the worker's uid left in world-writable folders goes with it."""
        for folder in WORLD_WRITABLE:
            try:
                names = os.listdir(folder)
            except OSError:
                continue
            for name in names:
                path = os.path.join(folder, name)
                try:
                    if os.lstat(path).st_uid != uid:
                        continue
                    if os.path.isdir(path) and not os.path.islink(path):
                        shutil.rmtree(path, ignore_errors=True)
                    else:
                        os.unlink(path)
                except OSError:
                    pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _spawn(self, jobs, cpu_seconds):
        rfd, wfd = os.pipe()
        env = {"PATH": "/usr/bin:/bin", "HOME": self.work, "LANG": "C.UTF-8", "PYTHONHASHSEED": "0",
               "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
               "PYTHONDONTWRITEBYTECODE": "1", "TMPDIR": "/tmp"}
        for key in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
            if key in os.environ:
                env[key] = os.environ[key]
        box, work = self.jail, self.work
        with reaper.LOCK:
            before = reaper.children()
            box.prepare()
            proc = subprocess.Popen(
                [sys.executable, "-I", "-S", "-X", "faulthandler", os.path.join(self.runner, "worker.py"), str(wfd), work,
                 NUMPY_PARENT],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                pass_fds=(wfd,), start_new_session=True, preexec_fn=lambda: box.apply(cpu_seconds, work))
            reaper.started(proc.pid)
        os.close(wfd)
        try:
            request = {"jobs": jobs, "modules": list(self.homework.modules),
                       "answer_key": self.homework.answer_key_module}
            proc.stdin.write(json.dumps(request).encode())
            proc.stdin.close()
        except OSError:
            pass   # the worker died at once; supervise() reports it
        return proc, rfd, before

    def _kill(self, proc, before):
        """SIGKILL the worker's process group, reap the worker, then hunt whatever else it left."""
        if proc.returncode is None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        proc.wait()
        reaper.finished(proc.pid)
        reaper.hunt(uid=self.uid, before=before)

    def start(self, jobs, timeouts):
        """Start the first worker on jobs and return at once, so the caller can load what it needs
        (numpy, the expected arrays) while the worker starts up; collect() then gathers the results.
        timeouts: a budget.Budget, or {id: seconds} for fixed limits."""
        self._jobs = list(jobs)
        self._budget = timeouts if isinstance(timeouts, Budget) else Budget(timeouts)
        self._outcomes, self._workers = {}, 0
        self._stdout, self._stderr = Capture(self.limits.output_bytes), Capture(self.limits.output_bytes)
        self._running = self._start_worker(self._jobs) if self._jobs else None

    def _start_worker(self, remaining):
        self._workers += 1
        cpu = int(self.limits.import_timeout + sum(self._budget.ceiling(j["id"]) for j in remaining)) + 2
        return self._spawn(remaining, cpu)

    def collect(self):
        """Supervise workers until every job started by start() has an outcome. Returns a RunReport."""
        outcomes, remaining, budget = self._outcomes, list(self._jobs), self._budget
        while remaining:
            proc, rfd, before = self._running or self._start_worker(remaining)
            self._running = None
            done, fatal = supervise(proc, rfd, [j["id"] for j in remaining], budget, outcomes, self._stdout,
                                    self._stderr, self.limits, self.work, lambda: self._kill(proc, before))
            remaining = [j for j in remaining if j["id"] not in outcomes]
            if fatal:      # died before running any case: every remaining case gets the same reason
                for j in remaining:
                    outcomes[j["id"]] = Outcome("crashed", fatal)
                remaining = []
        return RunReport(outcomes, self._stdout.text(), self._stderr.text(), dict(self.isolation), self._workers)

    def run(self, jobs, timeouts):
        """jobs: [{"id", "driver", "args"[, "trace"]}]; timeouts: a budget.Budget or {id: seconds}.
        Returns a RunReport."""
        self.start(jobs, timeouts)
        return self.collect()
