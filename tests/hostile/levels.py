"""The two isolation levels a test grades at, and what one grading produced.

* root: the grader runs as root, as on Gradescope, so the worker gets a uid of its own. Needs root.
* user: the grader runs as a user without privileges. When this suite runs as root, the grading runs
  in a subprocess as a dedicated uid (USER_UID_BASE + the xdist worker's number), from files that
  uid owns; otherwise it runs in this process, which is that user already.
"""
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass

from autograder import paths
from autograder.engine import grade, report

USER_UID_BASE = 62000
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


def worker_number():
    name = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return int(name[2:]) if name[2:].isdigit() else 0


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
    """Grades in a subprocess running as `uid`, which owns every file the grading needs."""

    def __init__(self, uid):
        self.name, self.uid, self.owns = "user", uid, {uid}     # every process of uid is the grading's

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
        done = subprocess.run([sys.executable, "-m", "tests.hostile.grade_as_user", path], cwd=paths.ROOT, env=env,
                              user=self.uid, group=self.uid, extra_groups=[], capture_output=True, timeout=300)
        assert done.returncode == 0, f"the grader as uid {self.uid} failed:\n{done.stderr.decode()[-3000:]}"
        return Graded(**json.loads(done.stdout)), time.monotonic() - start
