"""Leave nothing of a submission running: after each worker, SIGKILL what it left, until nothing is left.

A submission can fork, double-fork, setsid() out of the worker's process group and ignore every
catchable signal, so killing the process group is not enough. The grader makes itself a child
subreaper, so orphans of a worker are re-parented to it rather than to init, and then hunts:

* with a worker uid (as root): every process of that uid, which this grading alone uses (uids.py);
* without one (as non-root): every new child of the grader that was not its child when the worker
  started and is not a worker running now for another thread, with all their descendants.

Rounds repeat until a round finds nothing; re-parented zombies are reaped. Children the grader had
before the worker started are never touched.
"""
import ctypes
import os
import signal
import threading
import time

PR_SET_CHILD_SUBREAPER = 36
LOCK = threading.RLock()      # held while a worker starts and while leftovers are hunted
_running = set()              # pids of workers running now, from any thread of this process
_subreaper = []


def become_subreaper():
    """Make this process the one that inherits its descendants' orphans (once per process)."""
    if _subreaper != [os.getpid()]:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
        _subreaper[:] = [os.getpid()]


def processes():
    """{pid: (parent pid, real uid, state letter)} of every process now, from /proc."""
    table = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/status", "rb") as fh:
                text = fh.read()
        except OSError:
            continue
        fields = dict(line.split(b":", 1) for line in text.splitlines() if b":" in line)
        try:
            table[int(name)] = (int(fields[b"PPid"]), int(fields[b"Uid"].split()[0]), fields[b"State"].split()[0].decode())
        except (KeyError, IndexError, ValueError):
            continue
    return table


def descendants(roots, table):
    """Every process below the pids in roots (roots excluded)."""
    kids = {}
    for pid, (ppid, _, _) in table.items():
        kids.setdefault(ppid, []).append(pid)
    found, todo = set(), list(roots)
    while todo:
        for child in kids.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def children():
    me = os.getpid()
    return {pid for pid, (ppid, _, _) in processes().items() if ppid == me}


def started(pid):
    _running.add(pid)


def finished(pid):
    _running.discard(pid)


def hunt(uid=None, before=None, rounds=1000):
    """SIGKILL leftovers (see the module doc) until a round finds none. Returns how many were killed.

    uid: the worker's own uid, or None; before: without a uid, the grader's children (pids) when the
    worker started, which are spared."""
    if uid is None and before is None:
        raise ValueError("hunt() needs the worker's uid or the grader's children before it started")
    me, killed = os.getpid(), 0
    for _ in range(rounds):
        with LOCK:
            table = processes()
            spared = _running | descendants(_running, table) | {me}
            if uid is not None:
                targets = {pid for pid, (_, owner, _) in table.items() if owner == uid}
            else:
                strays = {pid for pid, (ppid, _, _) in table.items() if ppid == me and pid not in before}
                targets = strays | descendants(strays, table)
            targets -= spared
            alive = [pid for pid in targets if table[pid][2] != "Z"]
            waiting = [pid for pid in targets if table[pid][2] == "Z" and table[pid][0] in targets | {me}]
            for pid in alive:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            for pid in targets:
                if table[pid][0] == me:
                    try:
                        os.waitpid(pid, os.WNOHANG)
                    except ChildProcessError:
                        pass
        if not alive and not waiting:
            return killed
        killed += len(alive)
        time.sleep(0.002)
    return killed
