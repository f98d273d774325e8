"""Shared pieces of the batch tests: the tiny warm-up homework with 1 s case timeouts, recorded and
assigned in a temporary folder; submissions of it named after what they do; the CLI run as users run
it (a subprocess, from a folder of the test's own); and readers of the batch's CSV files."""
import csv
import io
import os
import shutil
import subprocess
import sys
import zipfile

from autograder import paths

SECOND_HOMEWORK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "second_homework")
FAST_TIMEOUTS = "\nimport dataclasses as _dc\nCASES = [_dc.replace(c, timeout=1.0) for c in CASES]\n"

# warmup.py of the clean reference, changed as each name says (exact text replacements).
EDITS = {
    "correct": [],
    "wrong_q2": [("return 2 * self.X * dY", "return self.X * dY")],
    "crashing": [("import numpy as np\n", "import numpy as np\nimport os\nos._exit(3)\n")],
    "hanging_q2": [("return 2 * self.X * dY", "while True:\n            pass")],
    "skeleton": None,
}


def cli(*args, cwd, check=True, timeout=300):
    """`python -m autograder ARGS` in a subprocess started in cwd, as a user runs it."""
    done = subprocess.run([sys.executable, "-m", "autograder", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout)
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


def warmup_homework(folder):
    """The warm-up homework copied to folder with every case's timeout 1 s, recorded and assigned."""
    shutil.copytree(SECOND_HOMEWORK, folder)
    with open(os.path.join(folder, "cases.py"), "a") as fh:
        fh.write(FAST_TIMEOUTS)
    cli("record", "--homework", folder, cwd=folder)
    cli("assign", "--homework", folder, cwd=folder)
    return str(folder)


def source(homework, kind):
    """warmup.py's text for a submission of the given kind (see EDITS)."""
    if EDITS[kind] is None:
        name = os.path.join(homework, "handout", "warmup.py")
    else:
        name = os.path.join(homework, "reference", "warmup.py")
    text = open(name, encoding="utf-8").read()
    for old, new in EDITS[kind] or []:
        assert text.count(old) == 1, (kind, old)
        text = text.replace(old, new)
    return text


def submit(inbox, name, homework, kind, as_zip=False):
    """Write one submission into inbox: a folder NAME/ or NAME.zip holding warmup.py; kind 'unreadable'
    writes a NAME.zip that is not a zip at all. Returns its path."""
    os.makedirs(inbox, exist_ok=True)
    if kind == "unreadable":
        path = os.path.join(inbox, f"{name}.zip")
        with open(path, "wb") as fh:
            fh.write(b"this is not a zip file " + name.encode())
        return path
    text = source(homework, kind)
    if as_zip:
        path = os.path.join(inbox, f"{name}.zip")
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("warmup.py", text)
        return path
    path = os.path.join(inbox, name)
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, "warmup.py"), "w", encoding="utf-8") as fh:
        fh.write(text)
    return path


def table(path):
    """The rows of a CSV file as lists."""
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def gradebook(out):
    """{(id, submission): row dict} of OUT/gradebook.csv."""
    with open(os.path.join(out, "gradebook.csv"), newline="", encoding="utf-8") as fh:
        return {(r["id"], r["submission"]): r for r in csv.DictReader(fh)}


def without_column(path, column="seconds"):
    """The CSV file's text with one column (by header name) removed: the gradebook less what is measured."""
    rows = table(path)
    drop = rows[0].index(column)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([r[:drop] + r[drop + 1:] for r in rows])
    return buffer.getvalue()


def journal_lines(out):
    with open(os.path.join(out, "journal.jsonl"), "rb") as fh:
        return fh.read().splitlines()


def gradings(out):
    """{key: number of journal records that graded it}."""
    import json
    counts = {}
    for line in journal_lines(out):
        record = json.loads(line)
        if record["questions"]:
            counts[record["key"]] = counts.get(record["key"], 0) + 1
    return counts


REPO = paths.ROOT
