"""What a grade looks like to people and to Gradescope: the text report and results.json."""
import json
import os

from . import scoring

ISOLATION_WORDS = [("separate_process", "separate process"), ("python_isolated_mode", "python -I"),
                   ("rlimits", "rlimits"), ("process_group_kill", "timeouts kill the process group"),
                  ("leftover_processes_killed", "leftover processes killed"),
                  ("private_filesystem", "private read-only filesystem")]


def isolation_text(iso):
    if not iso:
        return "no code was run"
    words = [text for key, text in ISOLATION_WORDS if iso.get(key)]
    words.append(f"as user {iso['unprivileged_user']}" if iso.get("unprivileged_user") else "as the grader's own user")
    words.append("no network" if iso.get("no_network") else "network not cut")
    return ", ".join(words) + (f" ({iso['note']})" if iso.get("note") else "")


def case_line(r):
    kind = "visible" if r.visible else "hidden"
    text = r.detail if (r.visible and r.detail) else r.summary
    return f"{r.id} ({kind}, {scoring.fmt(r.points)} pt): {text}"


def text(result, verbose=False):
    """The human report: messages, the per-question table, then the failed cases."""
    lines = [f"Graded {os.path.basename(os.path.normpath(result.submission))} "
             f"in {result.seconds:.1f} s; isolation: {isolation_text(result.isolation)}"]
    lines += [f"  note: {m}" for m in result.messages]
    lines += ["", scoring.format_table(result.by_question())]
    failed = [r for r in result.results if not r.passed]
    if failed:
        lines += ["", "Cases not passed:"]
        lines += [f"  {case_line(r)}" for r in failed]
    if verbose and result.stdout.strip():
        lines += ["", "Submission's stdout (truncated):", result.stdout]
    return "\n".join(lines)


def results_json(result):
    """Gradescope's results.json as a dict."""
    tests = []
    numbers = {}
    for r in result.results:
        q = r.question[1:]
        numbers[q] = numbers.get(q, 0) + 1
        tests.append({
            "name": f"{r.question} {r.id}",
            "number": f"{q}.{numbers[q]}",
            "score": r.score,
            "max_score": r.points,
            "status": "passed" if r.passed else "failed",
            "output": r.detail if (r.visible and r.detail) else r.summary,
            "visibility": "visible" if r.visible else "after_published",
        })
    return {
        "score": result.score,
        "execution_time": round(result.seconds, 3),
        "output": text(result),
        "output_format": "text",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {"isolation": result.isolation, "intake_messages": result.messages},
    }


def write_json(result, path):
    """Write results.json atomically: a reader never sees half a file."""
    data = json.dumps(results_json(result), indent=1, sort_keys=True)
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    tmp = os.path.join(folder, f".{os.path.basename(path)}.tmp{os.getpid()}")
    try:
        with open(tmp, "w") as fh:
            fh.write(data + "\n")
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
