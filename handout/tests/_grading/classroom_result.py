"""A grade as GitHub Classroom's reporter reads it: the `result` output of one workflow step.

classroom-resources/autograding-grading-reporter takes a list of step ids (`runners`) and, for each id
R, reads the environment variable R_RESULTS (R in upper case) holding base64 of this JSON object:

    {"version": 1, "status": "pass" | "fail", "max_score": points,
     "tests": [{"name": ..., "status": "pass" | "fail", "score": points earned, "message": ...}, ...]}

The total it sends to Classroom ("Points X/Y") is the sum of every test's `score` over the runners
that have a `max_score` (its src/notify-classroom.js), so one test per case keeps partial credit
within a question. Its summary table on the console counts passed tests instead of points; the
total is what Classroom records. The job fails when any runner's status is not "pass".

It reads scoring.CaseResult objects (id, points, score, passed, visible, summary, detail) and imports
only the standard library: the handout ships it byte for byte in tests/_grading, for run_tests.py's
--classroom-output, and the grader uses it for `grade --classroom-output`. Only the cases given are
reported: run_tests.py gives the visible cases alone. A hidden case's message is its one-line summary,
never its values; a visible case's adds its hint, if it matches a known mistake.
"""
import base64
import json

OUTPUT_NAME = "result"     # the step output the reporter's R_RESULTS variables are set from


def _number(x):
    x = float(x)
    return int(x) if x.is_integer() else x


def _test(r):
    kind = "visible" if r.visible else "hidden"
    return {"name": f"{r.id} ({kind}, {_number(r.points)} pt)",
            "status": "pass" if r.passed else "fail",
            "score": _number(r.score),
            "message": "passed" if r.passed else _message(r)}


def _message(r):
    """A failed case's reason; a visible case's values and its hint (a known mistake's sentence)."""
    if not r.visible:
        return r.summary
    return "\n".join([r.detail or r.summary] + (getattr(r, "hint", "") or "").splitlines())


def result(results):
    """The reporter's JSON object (a dict) for results, a list of scoring.CaseResult: one test per case,
    `max_score` their points, status "pass" only when there is a case and every case passed."""
    results = list(results)
    return {"version": 1, "status": "pass" if results and all(r.passed for r in results) else "fail",
            "max_score": _number(sum(r.points for r in results)), "tests": [_test(r) for r in results]}


def encoded(results):
    """result(results) as one line of base64, as the reporter decodes it."""
    text = json.dumps(result(results), sort_keys=True, separators=(",", ":"))
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def decoded(line):
    """The JSON object of a base64 `result` value (what the reporter does with R_RESULTS)."""
    return json.loads(base64.b64decode(line).decode("utf-8"))


def append_output(results, path):
    """Append `result=<base64>` for results (scoring.CaseResult list) to path, the step's $GITHUB_OUTPUT
    file, in one write."""
    line = f"{OUTPUT_NAME}={encoded(results)}\n"
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(line)
