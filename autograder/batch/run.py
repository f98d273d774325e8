"""Running the gradings: on a local process pool, or on a Dask distributed cluster.

Jobs go out in the order given (the batch puts the longest expected first) and at most a window of
them is in flight, so the client holds only that many submissions' bytes at once; each result is
handed to on_done in the client's own thread as soon as it arrives. Neither kind of worker reads the
inbox: a job's payload (its bytes) is read by the client when the job is sent.

Local pool: spawned processes (no fork of the client's threads), each started with one BLAS thread,
dying with the client (PR_SET_PDEATHSIG), and loading the homework and its expected arrays once.
Dask: the homework is scattered once to every worker as bytes; a worker needs this package installed.
Ctrl-C stops sending, stops the gradings in flight (SIGTERM, after which they clean up), and raises KeyboardInterrupt once the pool
is gone: what on_done recorded stays recorded.
"""
import collections
import contextlib
import multiprocessing
import os
import signal
import threading
import uuid
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from . import task

WINDOW_PER_SLOT = 2
POLL = 0.25               # seconds between looks at a Ctrl-C while waiting for results


class ClusterError(RuntimeError):
    """The Dask scheduler cannot be used; the message says what to do."""


@dataclass
class Job:
    key: str
    payload: object          # a callable returning the Payload (reads the bytes when the job is sent)
    questions: list          # question ids to grade
    plots: bool = True       # draw the training plots


class _Pool:
    """A ProcessPoolExecutor that is replaced by a fresh one when one of its processes dies."""

    def __init__(self, workers, homework_folder):
        self.workers, self.folder, self.pool = workers, homework_folder, None
        self.renew()

    def renew(self):
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=task.init_pool, initargs=(self.folder,))

    def submit(self, payload, job):
        try:
            return self.pool.submit(task.grade_local, payload, job.questions, job.plots)
        except BrokenProcessPool:
            self.renew()
            return self.pool.submit(task.grade_local, payload, job.questions, job.plots)


def local_pool(jobs, on_done, homework, workers=None):
    """Run jobs on `workers` local processes (default: one per core)."""
    workers = workers or os.cpu_count() or 1
    os.environ.update(task.ONE_BLAS_THREAD)           # inherited by the spawned processes before numpy loads
    before = set(multiprocessing.active_children())
    pool = _Pool(workers, homework.folder)
    try:
        _drive(jobs, on_done, pool.submit, WINDOW_PER_SLOT * workers,
               lambda futures: wait(futures, timeout=POLL, return_when=FIRST_COMPLETED)[0])
    except KeyboardInterrupt:
        pool.pool.shutdown(wait=False, cancel_futures=True)
        _interrupt(set(multiprocessing.active_children()) - before)
        raise
    pool.pool.shutdown(wait=True)


def _interrupt(processes, grace=10.0):
    """SIGTERM the pool's processes (their gradings clean up and stop), then make sure they are gone."""
    for p in processes:
        try:
            os.kill(p.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    for p in processes:
        p.join(grace)
        if p.is_alive():
            p.kill()
            p.join()


def dask_cluster(jobs, on_done, homework, scheduler):
    """Run jobs on the Dask cluster whose scheduler is at address `scheduler`."""
    try:
        from dask.distributed import Client, wait as dask_wait
    except ImportError:
        raise ClusterError("--scheduler needs dask.distributed: pip install 'distributed' (the `cluster` extra)") from None
    from . import version
    try:
        client = Client(scheduler, timeout="20s")
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler} ({exc}): start one with "
                           "`dask scheduler` and workers with `dask worker ADDRESS`") from None
    with client:
        shipment = client.scatter(version.ship(homework), broadcast=True, hash=False)
        slots = sum(client.nthreads().values()) or 1

        def submit(payload, job):
            return client.submit(task.grade_remote, payload, job.questions, shipment, job.plots, pure=False,
                                 key=f"grade-{uuid.uuid4().hex}")

        def first_done(futures):
            try:
                return dask_wait(list(futures), timeout=POLL, return_when="FIRST_COMPLETED").done
            except TimeoutError:
                return set()

        _drive(jobs, on_done, submit, max(8, WINDOW_PER_SLOT * slots), first_done)


@contextlib.contextmanager
def _ctrl_c_as_a_flag():
    """Within: Ctrl-C only sets a flag (the yielded list), so it never lands in the middle of recording a
    result; _drive raises KeyboardInterrupt between results. An inherited 'ignore SIGINT' is kept."""
    pressed = []
    if threading.current_thread() is not threading.main_thread() or \
            signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield pressed
        return
    previous = signal.signal(signal.SIGINT, lambda signum, frame: pressed.append(signum))
    try:
        yield pressed
    finally:
        signal.signal(signal.SIGINT, previous)


def _drive(jobs, on_done, submit, window, first_done):
    with _ctrl_c_as_a_flag() as pressed:
        _drive_until(jobs, on_done, submit, window, first_done, pressed)


def _drive_until(jobs, on_done, submit, window, first_done, pressed):
    """Keep up to `window` jobs in flight; on_done(job, outcome) for each, where outcome is the task's
    dict, {"payload_error": text} when its bytes could not be read, or {"lost": text} when the task died.
    A job lost with a broken local pool (a pool process died) is sent once more, to a fresh pool."""
    pending, queue, retried = {}, collections.deque(jobs), set()

    def top_up():
        while len(pending) < window and queue and not pressed:
            job = queue.popleft()
            try:
                payload = job.payload()
            except (OSError, ValueError) as exc:
                on_done(job, {"payload_error": str(exc)})
                continue
            pending[submit(payload, job)] = job

    top_up()
    while pending:
        if pressed:
            raise KeyboardInterrupt
        for future in sorted(first_done(pending), key=lambda f: pending[f].key):
            job = pending.pop(future)
            try:
                outcome = future.result()
            except BrokenProcessPool as exc:
                if job.key not in retried:
                    retried.add(job.key)
                    queue.appendleft(job)
                    continue
                outcome = {"lost": f"a pool process died while grading it ({exc})"}
            except Exception as exc:        # the process or worker running it died: the others go on
                outcome = {"lost": f"{type(exc).__name__}: {exc}"}
            on_done(job, outcome)
        top_up()
    if pressed and queue:          # stopped before every job was sent
        raise KeyboardInterrupt
