"""`batch`: grade a class's submissions into a journal, gradebook.csv, canvas.csv, feedback and a summary.

The steps, in order:
  1. inbox: what to grade and whose it is (inbox.py);
  2. plan: a submission whose sha256 and grading version are unchanged is skipped, question by
     question (merge.to_grade; --force grades everything, -q only the questions named);
  3. run: on a local process pool or a Dask cluster, the longest expected first (run.py); workers get
     bytes and send back data;
  4. record: as each result arrives, its feedback folder is written, then one journal line (journal.py):
     a batch killed at any moment keeps every submission already recorded;
  5. render: gradebook.csv and canvas.csv, from the journal, every few seconds while grading and at the end;
  6. summarize: counts, per-question mean and median, the slowest, a histogram (summary.py).

A submission that breaks anything, even the autograder, gets a row that says so; the others go on.
"""
import dataclasses
import os
import statistics
import time

from .. import spec
from . import feedback, gradebook, inbox as inboxes, merge, payload, run, summary, version
from .journal import Journal

GRADEBOOK, CANVAS, SUMMARY, HISTOGRAM = "gradebook.csv", "canvas.csv", "summary.txt", "histogram.png"
RENDER_EVERY = 2.0        # seconds between renders of the gradebook while grading


class BatchError(ValueError):
    """A batch that cannot start as asked (bad -q, --out inside the inbox, no submissions)."""


@dataclasses.dataclass
class BatchResult:
    out: str
    standings: dict                 # key -> merge.Standing
    graded: int = 0                 # gradings recorded by this run
    skipped: int = 0                # submissions unchanged
    summary: str = ""
    warnings: list = dataclasses.field(default_factory=list)
    interrupted: bool = False


def _questions(hw, questions):
    ids = hw.question_ids()
    if not questions:
        return ids
    asked = {q.upper() for q in questions}
    unknown = sorted(asked - set(ids))
    if unknown:
        raise BatchError(f"unknown question {', '.join(unknown)}: this homework's questions are {' '.join(ids)}")
    return [q for q in ids if q in asked]


def _check_out(out, items):
    real = os.path.realpath(out)
    for item in items:
        base = os.path.realpath(item)
        if os.path.isdir(base) and os.path.commonpath([real, base]) == base:
            raise BatchError(f"--out {out} lies inside {item}, which is graded: choose an output folder outside it")
    if os.path.exists(out) and not os.path.isdir(out):
        raise BatchError(f"--out {out} is a file: give a folder (it is created if missing)")


def _record_of(sub, sha, qids, outcome, hw):
    """The journal record of one grading outcome (see run._drive for the outcome's forms)."""
    record = {"key": sub.key, "submission": os.path.basename(os.path.normpath(sub.path)),
              "students": [dataclasses.asdict(s) for s in sub.students], "sha256": sha, "questions": list(qids),
              "seconds": 0.0, "isolation": {}, "messages": [], "cases": [], "plots": [], "version": ""}
    if "payload_error" in outcome:
        from ..engine import scoring
        text = outcome["payload_error"]
        cases = [dataclasses.asdict(scoring.judge_case(c.spec(), "missing_file", text, {}, {}))
                 for c in hw.select(set(qids))]
        record.update(status="unreadable", messages=[text], cases=cases)
    elif "lost" in outcome:
        record.update(status=merge.ERROR, error=outcome["lost"])
    elif not outcome["ok"]:
        record.update(status=merge.ERROR, error=outcome["error"], traceback=outcome.get("traceback", ""),
                      seconds=outcome["seconds"], version=outcome["version"])
    else:
        record.update(status=merge.status_of(outcome["cases"], outcome.get("unreadable", "")), cases=outcome["cases"],
                      messages=outcome["messages"], isolation=outcome["isolation"], seconds=outcome["seconds"],
                      version=outcome["version"], plots=sorted(outcome["plots"]), plots_note=outcome["plots_note"])
    return record


def _longest_first(jobs, standings):
    """Jobs sorted by the seconds their submission took last time (unknown: the median of the known)."""
    known = {j.key: standings[j.key].seconds for j in jobs if j.key in standings and standings[j.key].seconds}
    default = statistics.median(known.values()) if known else 0.0
    return sorted(jobs, key=lambda j: (-known.get(j.key, default), j.key))


def grade_batch(items, out, homework=None, workers=None, scheduler=None, questions=None, force=False, each=False,
                canvas_assignment=None, progress=None, plots=True):
    """Grade the submissions in items (see inbox.find) into the folder out; returns a BatchResult.
    progress: a callable(total) returning an object with update(n) and close(), or None; plots: draw
    the visible training cases' plots into the feedback (they cost about as much as grading itself)."""
    started = time.monotonic()
    hw = homework or spec.load()
    wanted = _questions(hw, questions)
    found = inboxes.find(items, each=each)
    if not found.submissions:
        raise BatchError(f"no submissions found in {' '.join(items)}: a folder of .zip, .ipynb or sub-folders, "
                         "or a Gradescope export, is expected")
    _check_out(out, items)
    os.makedirs(out, exist_ok=True)
    result = BatchResult(out, {}, warnings=list(found.warnings))
    with Journal(out) as journal:
        recorder = _Recorder(journal, hw, out, result, canvas_assignment)
        jobs = recorder.plan(found.submissions, wanted, force, plots)
        bar = progress(len(jobs)) if progress and jobs else None
        recorder.bar = bar
        try:
            if scheduler:
                run.dask_cluster(jobs, recorder.record, hw, scheduler)
            else:
                run.local_pool(jobs, recorder.record, hw, workers)
        except KeyboardInterrupt:
            result.interrupted = True
        finally:
            if bar:
                bar.close()
            if result.standings:                 # the journal's gradebook, also when a run failed half-way
                recorder.render()
    where = f"the Dask cluster at {scheduler}" if scheduler else f"{workers or os.cpu_count() or 1} local processes"
    _summarize(result, hw, {"graded": result.graded, "skipped": result.skipped, "where": where,
                            "seconds": time.monotonic() - started, "warnings": result.warnings})
    return result


class _Recorder:
    """The client's side of a batch: plans what to grade, records each result as it comes, renders."""

    def __init__(self, journal, hw, out, result, canvas_assignment):
        self.journal, self.hw, self.out, self.result = journal, hw, out, result
        self.canvas_assignment, self.bar = canvas_assignment, None
        self.current = version.grading_version(hw)
        self.subs, self.sent, self.mismatched = {}, {}, set()
        self.last_render = time.monotonic()
        if journal.dropped_tail:
            result.warnings.append(f"the journal ended in an incomplete record ({journal.dropped_tail} bytes), "
                                   "dropped: a batch was killed while writing it; that submission is graded again")
        self.standings = result.standings = merge.standings(journal.records)

    def plan(self, submissions, wanted, force, plots):
        """The jobs for the submissions not current (longest expected first); the others are skipped."""
        jobs = []
        for sub in submissions:
            self.subs[sub.key] = sub
            try:
                sha = payload.digest(sub.path, self.hw.student_files)
            except OSError:
                sha = ""        # packing it fails the same way, and records why
            todo = merge.to_grade(self.standings.get(sub.key), sha, self.current, wanted, force)
            if todo:
                self.sent[sub.key] = sha
                jobs.append(run.Job(sub.key, lambda sub=sub: self._pack(sub), todo, plots))
            else:
                self.result.skipped += 1
                self._update_identity(sub, sha)
        return _longest_first(jobs, self.standings)

    def _pack(self, sub):
        packed = payload.pack(sub.path, self.hw.student_files)
        self.sent[sub.key] = packed.sha256          # the hash of exactly the bytes sent
        return packed

    def _append(self, record):
        record = self.journal.append(record)
        merge.apply(self.standings, record, len(self.journal.records) - 1)

    def _update_identity(self, sub, sha):
        """An unchanged submission whose students (or file name) changed gets a record saying so."""
        students = [dataclasses.asdict(s) for s in sub.students]
        name = os.path.basename(os.path.normpath(sub.path))
        standing = self.standings[sub.key]
        if standing.students != students or standing.submission != name:
            self._append({"key": sub.key, "submission": name, "students": students, "sha256": sha, "questions": []})

    def record(self, job, outcome):
        """A result: its feedback folder first, then its journal line; the gradebook every few seconds."""
        record = _record_of(self.subs[job.key], self.sent[job.key], job.questions, outcome, self.hw)
        self._check_version(record["version"])
        mine = [r for r in self.journal.records if r["key"] == job.key] + [record]
        feedback.write(self.out, merge.standings(mine)[job.key], self.hw, outcome.get("plots"))
        self._append(record)
        self.result.graded += 1
        if self.bar:
            self.bar.update(1)
        if time.monotonic() - self.last_render > RENDER_EVERY:
            self.render()

    def _check_version(self, theirs):
        if theirs and theirs != self.current and theirs not in self.mismatched:
            self.mismatched.add(theirs)
            self.result.warnings.append(
                f"a worker grades with another autograder or homework (grading version {theirs[:12]}, here "
                f"{self.current[:12]}): install the same version there; a rerun regrades what it graded")

    def render(self):
        gradebook.write((os.path.join(self.out, GRADEBOOK), os.path.join(self.out, CANVAS)), self.standings,
                        self.hw, self.canvas_assignment)
        self.last_render = time.monotonic()


def _summarize(result, hw, stats):
    """The summary's text into result.summary and OUT/summary.txt, the histogram into OUT/histogram.png."""
    from .files import write_atomic
    result.summary = summary.text(result.standings, hw, stats)
    histogram = os.path.join(result.out, HISTOGRAM)
    if result.graded or not os.path.exists(histogram):         # a rerun that graded nothing keeps it
        why_not = summary.histogram_png(result.standings, hw, histogram)
        if why_not:
            result.summary += f"\n{why_not}"
    write_atomic(os.path.join(result.out, SUMMARY), result.summary + "\n")
