"""Turn what a case produced into a verdict and points, and points into the per-question table.

Shared byte for byte by the autograder and the students' run_tests.py. Scores fail closed:
a case earns its points only when every expected output is present, valid and close enough.
Cases are plain dicts (see cases.Case.spec()). Needs numpy alone.
"""
import math
import os
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

try:                      # inside the autograder package
    from .compare import WrongOutput, judge, judge_threshold, plain_array
except ImportError:       # copied into the handout's tests/_grading folder
    from compare import WrongOutput, judge, judge_threshold, plain_array

FAILURE_TEXT = {
    "not_implemented": "not implemented yet",
    "timeout": "timed out",
    "crashed": "crashed",
    "wrong_type": "wrong output type",
    "import_error": "could not import the submission",
    "error": "raised an exception",
    "missing_file": "file missing",
}


@dataclass
class CaseResult:
    id: str
    question: str
    points: float
    score: float
    status: str          # passed, failed, not_implemented, timeout, crashed, error, ...
    visible: bool
    summary: str         # safe for hidden cases: never shows expected values
    detail: str = ""     # visible cases only: values, indices, shapes

    @property
    def passed(self):
        return self.status == "passed"


def _result(case, status, summary, detail=""):
    passed = status == "passed"
    return CaseResult(case["id"], case["question"], case["points"], case["points"] if passed else 0.0,
                      status, case["visible"], summary, detail if case["visible"] else "")


def expected_for(case_id, expected):
    """{output name: array} recorded for case_id, from a flat {'case.output': array} mapping."""
    prefix = case_id + "/"
    return {k[len(prefix):]: v for k, v in expected.items() if k.startswith(prefix)}


def judge_case(case, status, message, arrays, expected):
    """case: dict; status/message/arrays: what the worker reported; expected: {output: array}."""
    if status != "ok":
        text = FAILURE_TEXT.get(status, status)
        if status == "not_implemented":
            return _result(case, status, f"not implemented yet ({message.split(': ', 1)[-1]})")
        return _result(case, status if status in FAILURE_TEXT else "error", f"{text}: {message}" if message else text)
    if not expected:
        return _result(case, "error", "no expected values are recorded for this case")
    problems, details = [], []
    for name in sorted(expected):
        if name not in arrays:
            problems.append(f"{name}: missing")
            continue
        try:
            value = plain_array(arrays[name], name)
        except WrongOutput as exc:
            problems.append(str(exc))
            continue
        if name in case.get("thresholds", {}):
            verdict = judge_threshold(value, expected[name], case["thresholds"][name], name)
        else:
            verdict = judge(value, expected[name], case["rtol"], case["atol"], name)
        if not verdict.passed:
            problems.append(verdict.summary)
            details.append(verdict.detail or verdict.summary)
    if problems:
        return _result(case, "failed", "; ".join(problems), "; ".join(details))
    return _result(case, "passed", "passed")


def round4(value):
    """Round half up to 4 decimals, the written section's rule (0.12345 -> 0.1235)."""
    return Decimal(repr(float(value))).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


MAX_TOML_BYTES = 64 << 10


def read_answers(folder):
    """(answers dict or None, problem text) from answers.toml in folder."""
    path = os.path.join(folder, "answers.toml")
    if not os.path.exists(path):
        return None, "answers.toml is missing from the submission"
    if os.path.getsize(path) > MAX_TOML_BYTES:
        return None, f"answers.toml is larger than {MAX_TOML_BYTES >> 10} KiB"
    try:
        import tomllib
    except ImportError:
        return None, "reading answers.toml needs Python 3.11 or newer"
    with open(path, "rb") as fh:
        raw = fh.read()
    try:
        return tomllib.loads(raw.decode("utf-8-sig")), ""
    except UnicodeDecodeError:
        return None, "answers.toml is not UTF-8 text"
    except tomllib.TOMLDecodeError as exc:
        return None, f"answers.toml is not valid TOML: {exc}"


def judge_answer(case, answers, problem, key):
    """answers: parsed answers.toml dict or None; problem: why it could not be read; key: float or None."""
    name = case["args"]["key"]
    if answers is None:
        return _result(case, "missing_file", problem)
    if key is None:
        return _result(case, "error", "no key is recorded for this answer")
    if name not in answers:
        return _result(case, "failed", f"answers.toml: '{name}' is missing")
    value = answers[name]
    if type(value) not in (int, float):
        return _result(case, "failed", f"answers.toml: '{name}' must be a number, not {type(value).__name__}")
    if math.isnan(value):
        return _result(case, "not_implemented", f"not answered yet ('{name}' is still nan)")
    if math.isinf(value):
        return _result(case, "failed", f"answers.toml: '{name}' is infinite")
    try:
        right = round4(value) == round4(key)
    except InvalidOperation:
        right = False
    if right:
        return _result(case, "passed", "passed")
    return _result(case, "failed", f"'{name}' is wrong (4-decimal rounding rule)",
                   f"'{name}': got {round4(value)}, expected {round4(key)}")


def per_question(results, questions):
    """questions: [(id, title, points)]. Returns [(id, title, score, points, status text)]."""
    rows = []
    for qid, title, points in questions:
        mine = [r for r in results if r.question == qid]
        if not mine:
            continue
        score = sum(r.score for r in mine)
        possible = sum(r.points for r in mine)
        passed = sum(r.passed for r in mine)
        if passed == len(mine):
            status = "all passed"
        elif all(r.status == "not_implemented" for r in mine):
            status = "not implemented yet"
        else:
            kinds = sorted({r.status for r in mine if not r.passed})
            status = f"{passed}/{len(mine)} passed ({', '.join(kinds)})"
        rows.append((qid, title, score, possible, status))
    return rows


def fmt(x):
    return f"{x:g}"


def format_table(rows, title="Score"):
    """Text table of per_question rows followed by the total."""
    width = max([len(r[1]) for r in rows] + [8])
    lines = [f"{'':4} {'Question':<{width}}  {'Score':>11}  Status", "-" * (width + 36)]
    for qid, name, score, possible, status in rows:
        lines.append(f"{qid:<4} {name:<{width}}  {fmt(score):>5} / {fmt(possible):<3}  {status}")
    total, possible = sum(r[2] for r in rows), sum(r[3] for r in rows)
    lines += ["-" * (width + 36), f"{'':4} {title:<{width}}  {fmt(total):>5} / {fmt(possible):<3}"]
    return "\n".join(lines)
