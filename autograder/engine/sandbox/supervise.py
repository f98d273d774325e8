"""Watch one worker: drain its stdout and stderr, read its result frames, enforce timeouts and the protocol.

Every byte from the worker is untrusted. Frames must come in exactly this order: one `ready`, then
for each job, in the order given, a `start` and a `done` with that job's id, then `finished`.
Anything else (a forged, repeated or out-of-order frame, garbage, a closed channel) ends the worker
and fails the case in progress with a message saying so. A `done` frame's arrays stay a claim that
the grader checks against the expected arrays. A case's wall-clock limit (budget.py: calibrated, and
shorter for a function already seen hanging) is set at its `start` frame from the outcomes so far,
and nothing extends it; a worker has at most the import timeout plus its cases' ceilings.
"""
import os
import re
import selectors
import signal
import subprocess
import time
from dataclasses import dataclass, field

from . import wire

TAIL_BYTES = 8 << 10
SLACK_SECONDS = 5.0
FAULT_FRAME = re.compile(r'File "([^"\n]+)", line (\d+) in (\S+)')
HINTS = {"SIGKILL": " (killed: a memory, CPU-time or process limit)", "SIGXCPU": " (CPU time limit)",
         "SIGXFSZ": " (file size limit)", "SIGSEGV": " (segmentation fault: a crash in native code such as ctypes, "
                                                      "or recursion too deep for the C stack)",
         "SIGABRT": " (aborted: os.abort() or a failed check in native code)", "SIGBUS": " (bus error in native code)",
         "SIGFPE": " (arithmetic fault in native code)", "SIGILL": " (illegal instruction in native code)"}


@dataclass
class Outcome:
    """What one case produced: status 'ok' with arrays, or a failure status with a message. seconds: from
    its start frame to its done frame, by the grader's clock; calls: the submitted functions it ran, as the
    worker reports them when recording asks (trace), else ()."""
    status: str
    message: str = ""
    arrays: dict = field(default_factory=dict)
    seconds: float = 0.0
    calls: tuple = ()


def clean(text, one_line=False):
    """text with control characters (terminal escapes, carriage returns, ...) replaced; on one line if asked."""
    out = []
    for c in text:
        if c.isprintable() or c == "\t" or (c == "\n" and not one_line):
            out.append(c)
        else:
            out.append(" " if c in "\r\n" else "?")
    return "".join(out)


class Capture:
    """Keeps the first `limit` bytes of a stream and counts the rest."""

    def __init__(self, limit):
        self.limit, self.data, self.dropped = limit, bytearray(), 0

    def add(self, chunk):
        room = self.limit - len(self.data)
        self.data += chunk[:max(room, 0)]
        self.dropped += max(len(chunk) - max(room, 0), 0)

    def text(self):
        text = clean(self.data.decode("utf-8", "replace"))
        return text + (f"\n[... {self.dropped} more bytes not shown]" if self.dropped else "")


def crash_site(stderr_tail, work):
    """' at nn_lib.py, line 12 in forward' from the faulthandler dump of a crash in a submitted file, or ''."""
    text = stderr_tail.decode("utf-8", "replace")
    text = text[text.rfind("Fatal Python error"):] if "Fatal Python error" in text else ""
    for path, line, func in FAULT_FRAME.findall(text):
        if os.path.dirname(path) == work:
            return clean(f" at {os.path.basename(path)}, line {line} in {func}", True)
    return ""


def death(proc, importing, site=""):
    """Why the worker ended by itself, in words."""
    code = proc.returncode
    what = "while being imported" if importing else "during this case"
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"the submission's process died {what}: {name}{HINTS.get(name, '')}{site}"
    return f"the submission's process exited {what} (exit code {code})"


def _drain(streams, captures, tail, seconds=0.5):
    """After the kill: read what is left in stdout and stderr until they close (or briefly)."""
    sel = selectors.DefaultSelector()
    for stream, capture in zip(streams, captures):
        sel.register(stream, selectors.EVENT_READ, capture)
    end = time.monotonic() + seconds
    while sel.get_map() and time.monotonic() < end:
        for key, _ in sel.select(timeout=max(end - time.monotonic(), 0)):
            chunk = os.read(key.fd, 1 << 16)
            if not chunk:
                sel.unregister(key.fileobj)
                continue
            key.data.add(chunk)
            if key.data is captures[1]:
                tail += chunk
                del tail[:-TAIL_BYTES]
    sel.close()
    for stream in streams:
        stream.close()


def _calls(header):
    """The done frame's 'calls' (recording only) as a tuple of short printable names."""
    calls = header.get("calls")
    return tuple(clean(str(c), True)[:200] for c in calls[:5000]) if isinstance(calls, list) else ()


def supervise(proc, rfd, order, budget, outcomes, stdout, stderr, limits, work, kill):
    """Run one worker to its end; fills outcomes. Returns (cases done, fatal reason or None).

    order: job ids in the order the worker runs them; budget: a budget.Budget, asked for each case's
    limit when it starts; kill(): ends the worker and all it left."""
    reader = wire.Reader(limits.result_bytes)
    tail = bytearray()
    sel = selectors.DefaultSelector()
    sel.register(rfd, selectors.EVENT_READ, "result")
    sel.register(proc.stdout, selectors.EVENT_READ, stdout)
    sel.register(proc.stderr, selectors.EVENT_READ, stderr)
    begun = time.monotonic()
    total = limits.import_timeout + sum(budget.ceiling(i) for i in order) + SLACK_SECONDS
    deadline, stall = begun + limits.import_timeout, max(budget.ceiling(i) for i in order)
    ready, current, started, nxt, done, allowed, why = False, None, 0.0, 0, 0, 0.0, ""
    finished, problem, late, closed = False, None, None, False
    try:
        while not (finished or problem or closed):
            now = time.monotonic()
            if now >= min(deadline, begun + total):
                late = "case" if current is not None and now >= deadline else "total" if now >= begun + total else "gap"
                break
            for key, _ in sel.select(timeout=min(min(deadline, begun + total) - now, 1.0)):
                try:
                    chunk = os.read(key.fd, 1 << 16)
                except OSError:
                    chunk = b""
                if not chunk:
                    sel.unregister(key.fileobj)
                    closed = closed or key.data == "result"
                    continue
                if key.data != "result":
                    key.data.add(chunk)
                    if key.data is stderr:
                        tail += chunk
                        del tail[:-TAIL_BYTES]
                    continue
                try:
                    reader.feed(chunk)
                    for header, arrays in reader.frames():
                        event, cid = header.get("event"), header.get("id")
                        if event == "ready" and not ready:
                            ready = True
                        elif event == "start" and ready and current is None and nxt < len(order) and cid == order[nxt]:
                            current, started, nxt = cid, time.monotonic(), nxt + 1
                            allowed, why = budget.limit(cid, outcomes)
                            deadline = started + allowed
                        elif event == "done" and current is not None and cid == current:
                            outcomes[cid] = Outcome(clean(str(header.get("status")), True)[:40],
                                                    clean(str(header.get("message", "")), True)[:2000],
                                                    arrays, time.monotonic() - started, _calls(header))
                            done, current, deadline = done + 1, None, time.monotonic() + stall
                        elif event == "finished" and ready and current is None:
                            finished = True
                            break
                        else:
                            raise wire.ProtocolError(f"an unexpected {clean(str(event), True)[:40]!r} frame")
                except wire.ProtocolError as exc:
                    problem = f"the submission tampered with the grader's result channel: {exc}"
                    break
        if closed and not (finished or problem) and proc.poll() is None:
            try:
                proc.wait(timeout=1.0)
            except subprocess.TimeoutExpired:
                problem = "the submission closed the grader's result channel"
    finally:
        sel.close()
        os.close(rfd)
        kill()
        _drain([proc.stdout, proc.stderr], [stdout, stderr], tail)
    if late == "case":
        outcomes[current] = Outcome("timeout", f"timed out after {allowed:g} s{why}",
                                    seconds=time.monotonic() - started)
        return done + 1, None
    if late == "total":
        problem = f"the worker used up its {total:g} s"
    elif late == "gap":
        problem = ("the submission stalled between cases" if ready else
                   f"the submission took longer than {limits.import_timeout:g} s to import")
    if current is not None:
        outcomes[current] = Outcome("crashed", problem or death(proc, False, crash_site(tail, work)),
                                    seconds=time.monotonic() - started)
        return done + 1, None
    if finished or done:
        return done, None    # finished, or made progress: a fresh worker takes what is left
    return done, problem or death(proc, not ready, crash_site(tail, work))
