"""How a local pool process stops when the batch is interrupted (Ctrl-C), with its grading cleaned up.

The batch, not its pool processes, handles Ctrl-C: they ignore SIGINT. To stop them the batch sends
SIGTERM. An idle process exits at once. A grading process raises Stop where it is, so the engine's
clean-ups run (the sandbox's worker and leftovers are killed, scratch folders removed) before it exits.
A Python exception raised inside os.fork()'s at-fork hooks is swallowed, so a SIGTERM that comes
during a fork (the sandbox forks each worker) is put off and raised again, by SIGALRM, 10 ms after it.
"""
import contextlib
import os
import signal

_grading, _forking, _deferred = [], [], []


class Stop(BaseException):
    """Raised in a pool process told to stop in the middle of a grading, to unwind its clean-ups."""


def _on_signal(signum, frame):
    if not _grading:
        os._exit(0)
    if _forking:
        _deferred.append(signum)
        return
    raise Stop()


def _fork_begins():
    _forking.append(True)


def _fork_ends():
    _forking.clear()
    if _deferred:
        _deferred.clear()
        signal.setitimer(signal.ITIMER_REAL, 0.01)


def _fork_ends_in_child():
    _forking.clear()
    _deferred.clear()


def install():
    """In a pool process, once: ignore Ctrl-C, stop on SIGTERM (and the SIGALRM that stands in for one)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGALRM, _on_signal)
    # registered after every other hook: runs first before a fork, last after it (in the parent)
    os.register_at_fork(before=_fork_begins, after_in_parent=_fork_ends, after_in_child=_fork_ends_in_child)


@contextlib.contextmanager
def grading():
    """Around one grading: a stop request unwinds it, then the process exits."""
    _grading.append(True)
    try:
        yield
    except Stop:
        os._exit(0)
    finally:
        _grading.clear()
