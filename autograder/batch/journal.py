"""The batch's journal: OUT/journal.jsonl, one JSON record per line, only ever appended.

Each finished grading is appended at once, as one line written by one write() and flushed to disk
(fsync), before the batch goes on; gradebook.csv and the feedback are rendered from the journal. A
batch killed at any moment (Ctrl-C, SIGKILL, a lost machine) can leave at most an incomplete last line,
which the next run drops (that submission is graded again); every complete line stands. While a batch
runs it holds an exclusive lock on OUT/.batch.lock, so two batches never write one journal.

A record (format 1): {"journal": 1, "key", "submission", "students", "sha256", "version", "questions",
"status", "seconds", "isolation", "messages", "cases", "plots", "error"}; one with no questions only
updates who the students are.
"""
import fcntl
import json
import os

FORMAT = 1
NAME = "journal.jsonl"
LOCK = ".batch.lock"


class JournalError(RuntimeError):
    """A journal that cannot be used; the message names the file and what to do."""


class Journal:
    """Open with open(); records holds every complete record, in order; append() adds one."""

    def __init__(self, out):
        self.path = os.path.join(out, NAME)
        self.lock_path = os.path.join(out, LOCK)
        self.records, self.dropped_tail, self._fd, self._lock = [], 0, None, None

    def open(self):
        self._lock = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self._lock)
            self._lock = None
            raise JournalError(f"another batch is writing {os.path.dirname(self.path)} now (it holds "
                               f"{self.lock_path}): wait for it to end, or give another --out") from None
        self.records = self._read()
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        return self

    def _read(self):
        try:
            with open(self.path, "rb") as fh:
                data = fh.read()
        except FileNotFoundError:
            return []
        end = data.rfind(b"\n") + 1
        if end < len(data):            # a batch was killed while writing its last line: drop that line
            self.dropped_tail = len(data) - end
            with open(self.path, "r+b") as fh:
                fh.truncate(end)
                os.fsync(fh.fileno())
        records = []
        for number, line in enumerate(data[:end].split(b"\n")[:-1], 1):
            try:
                record = json.loads(line)
                if not isinstance(record, dict) or record.get("journal") != FORMAT or "key" not in record:
                    raise ValueError(f"not a format-{FORMAT} batch record")
            except ValueError as exc:
                raise JournalError(f"{self.path}:{number} is not a batch journal record ({exc}); the file was "
                                   "changed by something else: move it away to grade this folder afresh") from None
            records.append(record)
        return records

    def append(self, record):
        """Append one record (a dict) as one line, then fsync; only then is it in `records`."""
        record = dict(record, journal=FORMAT)
        line = (json.dumps(record, sort_keys=True, separators=(",", ":"), allow_nan=False) + "\n").encode()
        view = memoryview(line)
        while view:
            view = view[os.write(self._fd, view):]
        os.fsync(self._fd)
        self.records.append(record)
        return record

    def close(self):
        for fd in (self._fd, self._lock):
            if fd is not None:
                os.close(fd)
        self._fd = self._lock = None

    def __enter__(self):
        return self.open()

    def __exit__(self, *exc):
        self.close()
