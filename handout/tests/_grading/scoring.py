"""Turn what a case produced into a verdict and points, and points into the per-question table.

Shared byte for byte by the autograder and the students' run_tests.py. Scores fail closed:
a case earns its points only when every expected output is present, valid and close enough.
Cases are plain dicts (see cases.Case.spec()). Needs numpy alone.
"""
import math
import os
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import numpy as np

try:                      # inside the autograder package
    from .compare import ERROR_KEY, WrongOutput, error_fingerprint, fingerprint, judge, judge_threshold, plain_array
except ImportError:       # copied into the handout's tests/_grading folder
    from compare import ERROR_KEY, WrongOutput, error_fingerprint, fingerprint, judge, judge_threshold, plain_array

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
    hint: str = ""       # the known mistakes a failed output matches, one 'hint: ...' line each; no values

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


def _compared(case, name, value, expected):
    """The Verdict on output `name` (a validated plain array) of case (dict) against its expected array."""
    if name in case.get("thresholds", {}):
        return judge_threshold(value, expected, case["thresholds"][name], name)
    return judge(value, expected, case["rtol"], case["atol"], name)


def output_passes(case, name, raw, expected):
    """Whether raw, what a worker returned as output `name` of case (dict), passes against expected."""
    try:
        return _compared(case, name, plain_array(raw, name), expected).passed
    except WrongOutput:
        return False


def judge_case(case, status, message, arrays, expected, hints=None):
    """case: dict; status/message/arrays: what the worker reported; expected: {output: array};
    hints: {output: {fingerprint: sentence}}, the known mistakes of this case (see hints_for): a failed
    case whose failed output matches one, or whose error (under compare.ERROR_KEY) does, gets a hint."""
    if status != "ok":
        text = FAILURE_TEXT.get(status, status)
        if status == "not_implemented":
            return _result(case, status, f"not implemented yet ({message.split(': ', 1)[-1]})")
        result = _result(case, status if status in FAILURE_TEXT else "error", f"{text}: {message}" if message else text)
        if status == "error":
            result.hint = error_hint(message, hints)
        return result
    if not expected:
        return _result(case, "error", "no expected values are recorded for this case")
    problems, details, failed = [], [], {}
    for name in sorted(expected):
        if name not in arrays:
            problems.append(f"{name}: missing")
            continue
        try:
            value = plain_array(arrays[name], name)
        except WrongOutput as exc:
            problems.append(str(exc))
            continue
        verdict = _compared(case, name, value, expected[name])
        if not verdict.passed:
            problems.append(verdict.summary)
            details.append(verdict.detail or verdict.summary)
            failed[name] = value
    if problems:
        result = _result(case, "failed", "; ".join(problems), "; ".join(details))
        result.hint = hint_text(failed, hints)
        return result
    return _result(case, "passed", "passed")


HINT_WORDS = "a common mistake: "


def hint_text(failed, hints):
    """'hint: your db matches a common mistake: <sentence>' lines (joined by newlines) for the failed outputs
    ({output: raw value}) whose fingerprint is a known mistake's in hints ({output: {fingerprint: sentence}})."""
    found = {}
    for name in sorted(failed):
        sentence = (hints or {}).get(name, {}).get(fingerprint(failed[name]))
        if sentence:
            found.setdefault(sentence, []).append(name)
    lines = []
    for sentence, names in found.items():
        who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        lines.append(f"hint: your {who} {'matches' if len(names) == 1 else 'match'} {HINT_WORDS}{sentence}")
    return "\n".join(lines)


def error_hint(message, hints):
    """'hint: this error matches a common mistake: <sentence>' when the error message (without its file and
    line) is a known mistake's on this case, else ''."""
    sentence = (hints or {}).get(ERROR_KEY, {}).get(error_fingerprint(message))
    return f"hint: this error matches {HINT_WORDS}{sentence}" if sentence else ""


def hint_sentences(hint):
    """The sentences named by a CaseResult's hint text."""
    return [line.partition(HINT_WORDS)[2] for line in hint.splitlines() if HINT_WORDS in line]


def hints_for(case_id, doc):
    """{output: {fingerprint: sentence}} of case_id from a hints document (hints.json: {"hints": {mutant id:
    sentence}, "cases": {case id: {output: {fingerprint: mutant id}}}}); {} without one."""
    if not doc:
        return {}
    sentences = doc.get("hints", {})
    return {name: {fp: sentences[mid] for fp, mid in prints.items() if mid in sentences}
            for name, prints in doc.get("cases", {}).get(case_id, {}).items()}


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


# Answer kinds: what answers.toml must hold for each, an example of the right form for the message,
# and how the recorded key (a numeric array) reads. nan is every kind's "not answered yet".
ANSWER_FORMS = {"number": "a number like 0.1235", "integer": "an integer like 3",
                "shape": "a list of integers like [1024, 32]", "bool": "true or false",
                "accuracy": "an accuracy between 0 and 1 like 0.8733 (a fraction, not a percentage)"}


def _toml_text(value, limit=40):
    """value as it would read in answers.toml (true, "text", [1, 2]), cut to limit characters."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str):
        text = '"' + value.replace('"', '\\"') + '"'
    elif isinstance(value, list):
        text = "[" + ", ".join(_toml_text(v, limit) for v in value) + "]"
    elif isinstance(value, dict):
        text = "a table"
    else:
        text = repr(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _is_int(value):
    return type(value) is int or (type(value) is float and math.isfinite(value) and value.is_integer())


def _right_form(kind, value, options):
    """Whether value (parsed TOML) has the form of kind."""
    if kind == "number":
        return type(value) in (int, float) and not math.isinf(value)
    if kind == "accuracy":
        return type(value) in (int, float) and 0 <= value <= 1
    if kind == "integer":
        return _is_int(value)
    if kind == "shape":
        return type(value) is list and all(type(v) is int for v in value)
    if kind == "bool":
        return type(value) is bool
    if kind == "choice":
        return type(value) is str and value in options
    raise ValueError(f"unknown answer kind {kind!r}")


def _reads(kind, key, options):
    """The recorded key (numeric array) as the answer it stands for (float, int, [int], option text, bool)."""
    key = np.asarray(key)
    if kind in ("number", "accuracy"):
        return float(key)
    if kind == "integer":
        return int(key)
    if kind == "shape":
        return [int(v) for v in key.ravel()]
    if kind == "choice":
        return options[int(key)]
    return bool(int(key))


def answer_text(case, key):
    """How the right answer of answer case (dict) reads, from its recorded key: '0.1235', '3', '[32, 1024]',
    '"v1 = v2"' or 'true'. Shown for visible cases only."""
    kind, options = case["args"].get("kind", "number"), list(case["args"].get("options", []))
    right = _reads(kind, key, options)
    if kind == "accuracy":
        return f"{right:.4f}"
    return str(round4(right)) if kind == "number" else _toml_text(right, 80)


def judge_answer(case, answers, problem, key):
    """case: dict whose args hold the answer's key name, its kind ("number" when absent) and, for a choice,
    its options; answers: parsed answers.toml dict or None; problem: why it could not be read;
    key: the recorded key (a numeric array or number: see _reads) or None."""
    name, kind = case["args"]["key"], case["args"].get("kind", "number")
    options = list(case["args"].get("options", []))
    if answers is None:
        return _result(case, "missing_file", problem)
    if key is None:
        return _result(case, "error", "no key is recorded for this answer")
    if name not in answers:
        return _result(case, "failed", f"answers.toml: '{name}' is missing")
    value = answers[name]
    if type(value) is float and math.isnan(value):
        return _result(case, "not_implemented", f"not answered yet ('{name}' is still nan)")
    if not _right_form(kind, value, options):
        if kind == "choice":
            form = "one of the options listed above it in answers.toml, as a string like " + _toml_text(options[0], 80)
        else:
            form = ANSWER_FORMS[kind]
        return _result(case, "failed", f"answers.toml: '{name}' must be {form}, got {_toml_text(value)}")
    right = _reads(kind, key, options)
    if kind == "number":
        try:
            passed = round4(value) == round4(right)
        except InvalidOperation:
            passed = False
        got, rule = round4(value), " (4-decimal rounding rule)"
    elif kind == "accuracy":
        tolerance = float(case["args"].get("tolerance", 0.0))
        passed = abs(value - right) <= tolerance + 1e-12
        got, rule = _toml_text(value, 80), f" (more than {tolerance:g} from the reference run's)"
    else:
        passed = (int(value) == right) if kind == "integer" else value == right
        got, rule = _toml_text(value, 80), ""
    if passed:
        return _result(case, "passed", "passed")
    return _result(case, "failed", f"'{name}' is wrong{rule}", f"'{name}': got {got}, expected {answer_text(case, key)}")


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
