"""The two isolation levels a test grades at, and what one grading produced.

* root: the grader runs as root, as on Gradescope, so the worker gets a uid of its own. Needs root.
* user: the grader runs as a user without privileges. When this suite runs as root, the grading runs
  in a subprocess as a uid leased for this session alone (leased_user()), on files that uid owns, from
  a checkout it can enter (checkouts.py); otherwise it runs in this process, which is that user already.
"""
import contextlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass

from autograder.engine import grade, report
from autograder.engine.sandbox import reaper, uids
from tests.hostile import checkouts

SECRET_VARIABLE = "NN_GRADER_SECRET"


@dataclass
class Graded:
    scores: dict          # question -> score
    results: list         # [{"id", "question", "status", "summary", "score"}]
    messages: list
    isolation: dict
    stdout: str
    stderr: str
    text: str             # the verbose text report
    doc: dict             # results.json as the grader wrote it
    seconds: float        # grading time, as the grader measured it
    next_scores: dict     # the reference, graded right after on the same machine


def summary(result, after=None):
    """A GradeResult (and the next grading's, if any) as JSON-ready data."""
    return {"scores": {q: s for q, _, s, _, _ in result.by_question()},
            "results": [{"id": r.id, "question": r.question, "status": r.status, "summary": r.summary,
                         "score": r.score} for r in result.results],
            "messages": result.messages, "isolation": result.isolation, "stdout": result.stdout,
            "stderr": result.stderr, "text": report.text(result, verbose=True),
            "doc": report.results_json(result), "seconds": result.seconds,
            "next_scores": {q: s for q, _, s, _, _ in after.by_question()} if after else {}}


class InProcess:
    """Grades in this process, as whatever user runs the tests."""

    def __init__(self, name):
        self.name, self.uid, self.owns = name, os.geteuid(), set()

    def prepare(self, folder):
        pass

    def grade(self, submission, selected, out, canary, reference, secret):
        os.environ[SECRET_VARIABLE] = secret
        try:
            result = grade.grade(submission, selected, canary["mapping"])
        finally:
            del os.environ[SECRET_VARIABLE]
        report.write_json(result, os.path.join(out, "results.json"))
        after = grade.grade(reference, selected, grade.load_expected()) if reference else None
        return Graded(**summary(result, after)), result.seconds


class AsUser:
    """Grades in a subprocess running as uid, which owns every file the grading writes, from checkout
    (a checkouts.Checkout). hidden: folders the subprocess finds empty (checkouts.run_as)."""

    def __init__(self, uid, checkout=checkouts.HERE, hidden=()):
        self.name, self.uid, self.owns = "user", uid, {uid}     # every process of uid is the grading's
        self.checkout, self.hidden = checkout, tuple(hidden)

    def prepare(self, folder):
        """Give folder (and all in it) to the grading user."""
        for dirpath, dirnames, filenames in os.walk(folder):
            for name in [dirpath] + [os.path.join(dirpath, n) for n in dirnames + filenames]:
                os.lchown(name, self.uid, self.uid)

    def grade(self, submission, selected, out, canary, reference, secret):
        home = os.path.join(os.path.dirname(out), "home")
        os.makedirs(home, exist_ok=True)
        request = {"submission": submission, "cases": {c.id: c.timeout for c in selected},
                   "expected_dir": canary["dir"], "out": out, "reference": reference,
                   "reference_expected_dir": canary["real_dir"]}
        path = os.path.join(home, "request.json")
        with open(path, "w") as fh:
            json.dump(request, fh)
        self.prepare(home)
        env = {"PATH": "/usr/bin:/bin", "HOME": home, "TMPDIR": home, "LANG": "C.UTF-8",
               "PYTHONDONTWRITEBYTECODE": "1", SECRET_VARIABLE: secret}
        start = time.monotonic()
        done = checkouts.run_as(self.uid, [self.checkout.python, "-m", "tests.hostile.grade_as_user", path],
                                self.checkout.root, env, self.hidden)
        assert done.returncode == 0, f"the grader as uid {self.uid} failed:\n{done.stderr.decode()[-3000:]}"
        return Graded(**json.loads(done.stdout)), time.monotonic() - start


@contextlib.contextmanager
def leased_user(hidden=()):
    """As root: an AsUser whose uid is leased from the grader's own pool (uids.lease) for as long as this
    lasts, so that no grading and no other test run on this machine uses it meanwhile; what that uid
    still runs is killed before the lease ends. hidden: folders its subprocesses find empty."""
    lease = uids.lease()
    folder = tempfile.mkdtemp(prefix="nn-hostile-checkout-")
    try:
        os.chmod(folder, 0o755)
        reaper.hunt(uid=lease.uid)        # leftovers of a run that died holding this uid
        yield AsUser(lease.uid, checkouts.for_user(lease.uid, folder, hidden), hidden)
    finally:
        reaper.hunt(uid=lease.uid)
        shutil.rmtree(folder, ignore_errors=True)
        lease.release()
