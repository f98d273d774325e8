"""`batch`: grade many submissions, on a local process pool or a Dask cluster, into a gradebook.

Each submission is graded by grade.grade in its own task (which runs the submitted code in its own
sandboxed worker). A submission that breaks anything, even the autograder, gets a row that says so
and a score of 0; the others go on. Per submission, OUT/<name>/ gets report.txt, results.json and
the training plots; OUT/gradebook.csv (one row per submission, sorted by name) is written last,
atomically. With a scheduler address the tasks go to that Dask distributed cluster, whose workers
must see the same paths (a shared file system) and have this package installed.
"""
import csv
import os
import re
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed

from .. import spec

SUBMISSION_SUFFIXES = (".zip", ".ipynb")


def find_submissions(folder):
    """Every .zip, .ipynb and sub-folder directly inside folder, sorted."""
    found = []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name.startswith("."):
            continue
        if os.path.isdir(path) or name.endswith(SUBMISSION_SUFFIXES):
            found.append(path)
    return found


def _names(paths):
    """A distinct, file-system-safe name per submission (its file name without the suffix)."""
    names, seen = [], {}
    for path in paths:
        base = os.path.basename(os.path.normpath(path))
        for suffix in SUBMISSION_SUFFIXES:
            if base.endswith(suffix):
                base = base[: -len(suffix)]
        base = re.sub(r"[^\w.-]+", "_", base) or "submission"
        seen[base] = seen.get(base, 0) + 1
        names.append(base if seen[base] == 1 else f"{base}_{seen[base]}")
    return names


def grade_one(path, out_folder):
    """Grade one submission into out_folder; returns its gradebook row. Never raises."""
    from ..engine import grade as grade_step
    row = {"submission": os.path.basename(os.path.normpath(path)), "total": 0.0, "status": "graded", "note": ""}
    try:
        result = grade_step.grade(path)
        grade_step.write_feedback(result, out_folder)
        row["total"] = result.score
        row.update({qid: score for qid, _, score, _, _ in result.by_question()})
        row["note"] = "; ".join(result.messages)[:500]
    except Exception as exc:  # the autograder itself failed on this one: say so, go on with the rest
        row.update(status="autograder error", note=f"{type(exc).__name__}: {exc}"[:500])
        os.makedirs(out_folder, exist_ok=True)
        with open(os.path.join(out_folder, "report.txt"), "w") as fh:
            fh.write(traceback.format_exc())
    return row


def _row(future, name):
    """The task's row, or an error row if the task itself died (a lost worker, a broken pool)."""
    try:
        return dict(future.result(), name=name)
    except Exception as exc:
        return {"name": name, "submission": name, "total": 0.0, "status": "autograder error",
                "note": f"{type(exc).__name__}: {exc}"[:500]}


def _write_gradebook(rows, path):
    questions = spec.load().question_ids()
    tmp = path + ".tmp"
    with open(tmp, "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["submission", "total", *questions, "status", "note"])
        for row in sorted(rows, key=lambda r: r["name"]):
            writer.writerow([row["name"], f"{row['total']:g}", *(f"{row.get(q, 0.0):g}" for q in questions),
                             row["status"], row["note"]])
    os.replace(tmp, path)


def _progress(iterable, total):
    try:
        from tqdm import tqdm
    except ImportError:
        return iterable
    return tqdm(iterable, total=total, unit="submission", desc="grading")


def grade_batch(submissions, out, workers=None, scheduler=None):
    """Grade every path in submissions into out/; returns the gradebook rows (dicts)."""
    os.makedirs(out, exist_ok=True)
    names = _names(submissions)
    jobs = [(path, os.path.join(out, name), name) for path, name in zip(submissions, names)]
    rows = []
    if scheduler:
        from dask.distributed import Client, as_completed as dask_completed
        with Client(scheduler) as client:
            futures = {client.submit(grade_one, path, folder, pure=False): name for path, folder, name in jobs}
            for future in _progress(dask_completed(futures), len(futures)):
                rows.append(_row(future, futures[future]))
    else:
        with ProcessPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
            futures = {pool.submit(grade_one, path, folder): name for path, folder, name in jobs}
            for future in _progress(as_completed(futures), len(futures)):
                rows.append(_row(future, futures[future]))
    _write_gradebook(rows, os.path.join(out, "gradebook.csv"))
    return sorted(rows, key=lambda r: r["name"])
