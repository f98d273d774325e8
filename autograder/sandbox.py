"""Run case jobs in an isolated worker process and collect its outputs; never run submitted code here.

One worker runs the cases in order. A case that overruns its wall-clock timeout, or a worker that
dies, costs only that case: the worker's whole process group is SIGKILLed and a fresh worker takes
the remaining cases. rlimits cap memory, CPU time, file size and processes; stdout and stderr are
drained and truncated. As root the worker runs as an unprivileged user in a scratch folder only it
can write, and, where the kernel allows, with no network.
"""
import ctypes
import json
import os
import pwd
import resource
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

from . import wire

PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
RUNNER_FILES = ("worker.py", "runcase.py", "wire.py", "drivers.py", "compare.py", "mnist_subset.npz")
CLONE_NEWUSER, CLONE_NEWNET = 0x10000000, 0x40000000
PR_SET_PDEATHSIG = 1


@dataclass
class Limits:
    memory_bytes: int = 2 << 30
    file_bytes: int = 16 << 20
    processes: int = 64
    import_timeout: float = 20.0
    output_bytes: int = 8 << 10           # of stdout and of stderr kept for the report
    result_bytes: int = 256 << 20
    unprivileged_user: str = "nobody"


@dataclass
class Outcome:
    """What one case produced: status 'ok' with arrays, or a failure status with a message."""
    status: str
    message: str = ""
    arrays: dict = field(default_factory=dict)
    seconds: float = 0.0


@dataclass
class RunReport:
    outcomes: dict                        # case id -> Outcome
    stdout: str = ""
    stderr: str = ""
    isolation: dict = field(default_factory=dict)
    workers_started: int = 0


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _user_process_count(uid):
    count = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid == uid:
                    count += 1
            except OSError:
                pass
    return count


class _Capture:
    """Keeps the first `limit` bytes of a stream and counts the rest."""

    def __init__(self, limit):
        self.limit, self.data, self.dropped = limit, bytearray(), 0

    def add(self, chunk):
        room = self.limit - len(self.data)
        self.data += chunk[:max(room, 0)]
        self.dropped += max(len(chunk) - max(room, 0), 0)

    def text(self):
        text = self.data.decode("utf-8", "replace")
        return text + (f"\n[... {self.dropped} more bytes not shown]" if self.dropped else "")


class Sandbox:
    """Prepares the scratch folder and the isolation level once; run() may be called repeatedly."""

    def __init__(self, submission_dir, limits=None, extra_files=()):
        self.limits = limits or Limits()
        self.root = tempfile.mkdtemp(prefix="nn-grade-")
        self.runner = os.path.join(self.root, "runner")
        self.work = os.path.join(self.root, "submission")
        os.mkdir(self.runner)
        os.mkdir(self.work)
        for name in RUNNER_FILES:
            shutil.copy(os.path.join(PACKAGE_DIR, name), self.runner)
        for name in os.listdir(submission_dir):
            src = os.path.join(submission_dir, name)
            if os.path.isfile(src) and not os.path.islink(src):
                shutil.copy(src, self.work)
        for path in extra_files:
            shutil.copy(path, self.work)
        self.uid = self.gid = None
        self.isolation = {"separate_process": True, "python_isolated_mode": True, "rlimits": True,
                          "process_group_kill": True, "unprivileged_user": False, "no_network": False}
        if os.geteuid() == 0:
            try:
                pw = pwd.getpwnam(self.limits.unprivileged_user)
                self.uid, self.gid = pw.pw_uid, pw.pw_gid
            except KeyError:
                self.isolation["note"] = f"no user {self.limits.unprivileged_user!r}: the worker runs as root"
        if self.uid is not None and not self._user_can_run_python():
            self.isolation["note"] = (f"{self.limits.unprivileged_user!r} cannot run {sys.executable} or read numpy; "
                                      "the worker runs as root (build the virtualenv from a Python outside /root)")
            self.uid = self.gid = None
        if self.uid is not None:
            os.chmod(self.root, 0o755)
            for folder in (self.runner, self.work):
                for name in os.listdir(folder):
                    os.chmod(os.path.join(folder, name), 0o644)
            os.chmod(self.runner, 0o755)
            os.chown(self.work, self.uid, self.gid)
            os.chmod(self.work, 0o700)
            self.isolation["unprivileged_user"] = self.limits.unprivileged_user
        self.isolation["no_network"] = self._network_can_be_cut()

    def _user_can_run_python(self):
        """Probe, in a throwaway child, whether the unprivileged user can run this Python and numpy."""
        import numpy
        needed = [(sys.executable, os.X_OK), (os.path.dirname(numpy.__file__), os.R_OK | os.X_OK),
                  (os.__file__, os.R_OK)]
        pid = os.fork()
        if pid == 0:
            try:
                os.setgroups([])
                os.setgid(self.gid)
                os.setuid(self.uid)
                os._exit(0 if all(os.access(path, mode) for path, mode in needed) else 1)
            except BaseException:
                os._exit(1)
        _, status = os.waitpid(pid, 0)
        return os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0

    def _network_can_be_cut(self):
        """Probe once, in a throwaway child, whether unshare() of the network works here."""
        flags = CLONE_NEWNET if os.geteuid() == 0 else CLONE_NEWUSER | CLONE_NEWNET
        pid = os.fork()
        if pid == 0:
            os._exit(0 if _libc().unshare(flags) == 0 else 1)
        _, status = os.waitpid(pid, 0)
        return os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0

    def close(self):
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- the child's set-up, between fork and exec ------------------------------------------------
    def _preexec(self, cpu_seconds):
        limits = self.limits
        libc = _libc()
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
        resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_bytes, limits.file_bytes))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if self.isolation["no_network"]:
            libc.unshare(CLONE_NEWNET if os.geteuid() == 0 else CLONE_NEWUSER | CLONE_NEWNET)
        if self.uid is not None:
            os.setgroups([])
            os.setgid(self.gid)
            nproc = limits.processes
            resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))
            os.setuid(self.uid)
        else:
            nproc = _user_process_count(os.getuid()) + limits.processes
            resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))

    def _spawn(self, jobs, cpu_seconds):
        rfd, wfd = os.pipe()
        env = {"PATH": "/usr/bin:/bin", "HOME": self.work, "LANG": "C.UTF-8", "PYTHONHASHSEED": "0",
               "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
               "PYTHONDONTWRITEBYTECODE": "1"}
        for key in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
            if key in os.environ:
                env[key] = os.environ[key]
        proc = subprocess.Popen(
            [sys.executable, "-I", "-X", "faulthandler", os.path.join(self.runner, "worker.py"), str(wfd), self.work],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=self.work, env=env,
            pass_fds=(wfd,), start_new_session=True, preexec_fn=lambda: self._preexec(cpu_seconds))
        os.close(wfd)
        try:
            proc.stdin.write(json.dumps({"jobs": jobs}).encode())
            proc.stdin.close()
        except OSError:
            pass   # the worker died at once; the read loop reports it
        return proc, rfd

    @staticmethod
    def _kill(proc):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        proc.wait()

    def run(self, jobs, timeouts):
        """jobs: [{"id", "driver", "args"}]; timeouts: {id: seconds}. Returns a RunReport."""
        outcomes, remaining = {}, list(jobs)
        stdout, stderr = _Capture(self.limits.output_bytes), _Capture(self.limits.output_bytes)
        workers = 0
        while remaining:
            workers += 1
            cpu = int(self.limits.import_timeout + sum(timeouts[j["id"]] for j in remaining)) + 2
            proc, rfd = self._spawn(remaining, cpu)
            done_now, fatal = self._supervise(proc, rfd, remaining, timeouts, outcomes, stdout, stderr)
            remaining = [j for j in remaining if j["id"] not in outcomes]
            if fatal:      # died before running any case: every remaining case gets the same reason
                for j in remaining:
                    outcomes[j["id"]] = Outcome("crashed", fatal)
                remaining = []
        return RunReport(outcomes, stdout.text(), stderr.text(), dict(self.isolation), workers)

    def _supervise(self, proc, rfd, jobs, timeouts, outcomes, stdout, stderr):
        """Read frames until the worker finishes, dies or overruns; returns (cases done, fatal reason)."""
        reader = wire.Reader(self.limits.result_bytes)
        sel = selectors.DefaultSelector()
        sel.register(rfd, selectors.EVENT_READ, "result")
        sel.register(proc.stdout, selectors.EVENT_READ, stdout)
        sel.register(proc.stderr, selectors.EVENT_READ, stderr)
        current, started, ready, finished, problem = None, 0.0, False, False, None
        deadline = time.monotonic() + self.limits.import_timeout
        done = 0
        open_streams = 3
        try:
            while open_streams and not finished:
                wait = deadline - time.monotonic()
                if wait <= 0:
                    if current is None:
                        problem = (f"the submission stalled between cases" if ready else
                                   f"the submission took longer than {self.limits.import_timeout:g} s to import")
                    else:
                        outcomes[current] = Outcome("timeout", f"timed out after {timeouts[current]:g} s",
                                                    seconds=time.monotonic() - started)
                        done += 1
                    break
                for key, _ in sel.select(timeout=min(wait, 1.0)):
                    fd = key.fd
                    try:
                        chunk = os.read(fd, 1 << 16)
                    except OSError:
                        chunk = b""
                    if not chunk:
                        sel.unregister(key.fileobj)
                        open_streams -= 1
                        continue
                    if key.data != "result":
                        key.data.add(chunk)
                        continue
                    try:
                        reader.feed(chunk)
                        for header, arrays in reader.frames():
                            event = header.get("event")
                            if event == "ready":
                                ready = True
                            elif event == "start" and header.get("id") in timeouts:
                                current, started = header["id"], time.monotonic()
                                deadline = started + timeouts[current]
                            elif event == "done" and header.get("id") == current and current not in outcomes:
                                outcomes[current] = Outcome(str(header.get("status")), str(header.get("message", ""))[:2000],
                                                            arrays, time.monotonic() - started)
                                done += 1
                                current = None
                                deadline = time.monotonic() + max(timeouts.values())
                            elif event == "finished":
                                finished = True
                    except wire.ProtocolError as exc:
                        problem = f"the worker's results were corrupted ({exc})"
                        break
                if problem:
                    break
                if open_streams and "result" not in [k.data for k in sel.get_map().values()]:
                    break   # results pipe closed: the worker is gone
        finally:
            sel.close()
            os.close(rfd)
            self._kill(proc)
        if current is not None and current not in outcomes:
            outcomes[current] = Outcome("crashed", problem or self._death(proc), seconds=time.monotonic() - started)
            return done, None
        if finished or done:
            return done, None    # finished, or made progress: a fresh worker takes what is left
        return done, problem or self._death(proc, importing=not ready)

    @staticmethod
    def _death(proc, importing=False):
        code = proc.returncode
        what = "while being imported" if importing else "during this case"
        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            hint = {"SIGKILL": " (killed: a time, memory or process limit)", "SIGXCPU": " (CPU time limit)",
                    "SIGXFSZ": " (file size limit)", "SIGSEGV": " (segmentation fault)"}.get(name, "")
            return f"the submission's process died {what}: {name}{hint}"
        return f"the submission's process exited {what} (exit code {code})"
