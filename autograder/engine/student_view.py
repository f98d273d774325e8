"""results.json as a student sees it on Gradescope, following Gradescope's visibility rules
(https://gradescope-autograders.readthedocs.io/en/latest/specs/, "Controlling test case visibility"):

- a test's `visibility` is `hidden` (never shown), `after_due_date`, `after_published` or `visible`;
  the top-level `visibility` is the default for tests that set none (and itself defaults to `visible`);
- the top-level `output` is shown per the top-level visibility;
- the autograder's stdout is shown per `stdout_visibility` (default `hidden`);
- the total score is not shown while any test is hidden from the student.

`render(doc)` gives the text a student sees before grades are published, for previews and tests (an
output in html reads as the text the page shows: html_text).
"""
from . import html_text, scoring

LEVELS = ("hidden", "after_due_date", "after_published", "visible")


def shown(visibility, due_date_passed=False, published=False):
    """Whether a student sees something with this visibility now."""
    if visibility not in LEVELS:
        raise ValueError(f"unknown Gradescope visibility {visibility!r}: use one of {', '.join(LEVELS)}")
    return (visibility == "visible" or (visibility == "after_due_date" and (due_date_passed or published))
            or (visibility == "after_published" and published))


def render(doc, stdout="", due_date_passed=False, published=False):
    """The text a student sees of results.json doc (a dict): the top-level output, the total score when no
    test is hidden from them, and each test they may see (number, name, score / max_score, output).
    stdout: what the autograder printed, shown only where stdout_visibility allows."""
    default = doc.get("visibility", "visible")
    tests = doc.get("tests", [])
    seen = [t for t in tests if shown(t.get("visibility", default), due_date_passed, published)]
    parts = []
    if shown(default, due_date_passed, published) and doc.get("output"):
        parts.append(html_text.text(doc["output"]) if doc.get("output_format") == "html" else doc["output"])
    if len(seen) == len(tests):
        total = doc["score"] if "score" in doc else sum(t.get("score", 0) for t in tests)
        parts.append(f"Autograder score: {scoring.fmt(total)}")
    for t in seen:
        line = " ".join(str(t[k]) for k in ("number", "name") if t.get(k) is not None)
        if "score" in t:
            line += f": {scoring.fmt(t['score'])}" + (f" / {scoring.fmt(t['max_score'])}" if "max_score" in t else "")
        if t.get("status"):
            line += f" ({t['status']})"
        parts.append(line + (f"\n{t['output']}" if t.get("output") else ""))
    if stdout and shown(doc.get("stdout_visibility", "hidden"), due_date_passed, published):
        parts.append(stdout)
    return "\n\n".join(parts)
