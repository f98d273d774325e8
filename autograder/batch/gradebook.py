"""gradebook.csv and canvas.csv, rendered from the submissions' standings.

gradebook.csv: one row per student of each submission (a group submission gives each member a row),
sorted by student id, then submission key; columns

    id, name, email, submission, total, max, <each question>, status, sha256, seconds, isolation,
    version, note

A question never graded for the submission's current content is blank, as are total and the Canvas
score of a row that is not complete. canvas.csv is Canvas's gradebook import: the columns Student, ID,
SIS User ID, SIS Login ID, Section, then one assignment column, a "Points Possible" row, and one row
per student (the id goes to SIS User ID; a blank score is left alone by Canvas's import).

No cell that carries text from a submission or its metadata (ids, names, emails, file names, notes)
can start a spreadsheet formula: one starting with = + - @, a tab or a carriage return (or their
full-width forms) is prefixed with an apostrophe, and control characters are shown as '?'.
"""
import csv
import io

from ..engine.intake import printable
from . import merge
from .files import write_atomic

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
SHA_SHOWN, VERSION_SHOWN, NOTE_CHARS = 64, 12, 500


def safe(text):
    """text as a cell no spreadsheet evaluates: control characters '?', a formula start quoted."""
    if text.startswith(FORMULA_STARTS):      # before printable(), which turns a tab or CR into '?'
        return "'" + printable(text)
    text = printable(text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def number(x):
    return f"{x:g}"


def isolation_words(iso):
    """The isolation level in a few words: whose uid, private filesystem or not, network or not."""
    if not iso:
        return "no code ran"
    words = ["own uid" if iso.get("unprivileged_user") else "grader's uid"]
    words.append("private filesystem" if iso.get("private_filesystem") else "shared filesystem")
    words.append("no network" if iso.get("no_network") else "network")
    return ", ".join(words)


def isolation_of(standing):
    """The isolation words of the latest grading of the standing that ran (not an autograder error)."""
    for record in reversed(standing.contributing()):
        if record["status"] != merge.ERROR:
            return isolation_words(record.get("isolation", {}))
    return ""


def note(standing, question_ids):
    latest = standing.latest
    parts = []
    if latest.get("status") == merge.ERROR:
        parts.append(latest.get("error", ""))
    else:
        parts += latest.get("messages", [])
    missing = standing.missing(question_ids)
    if missing and len(missing) < len(question_ids):
        parts.append("not graded: " + " ".join(missing))
    return "; ".join(p for p in parts if p)[:NOTE_CHARS]


def _total(standing, question_ids):
    """(total text, complete?) of a standing."""
    complete = not standing.missing(question_ids)
    known = sum(standing.score(q) for q in question_ids if standing.graded(q))
    return (number(known) if complete else ""), complete


def header(hw):
    return ["id", "name", "email", "submission", "total", "max", *hw.question_ids(), "status", "sha256",
            "seconds", "isolation", "version", "note"]


def rows(standings, hw):
    """[(student id, key, cells)] for every student of every standing, sorted."""
    qids = hw.question_ids()
    maximum = number(sum(q.points for q in hw.questions))
    out = []
    for st in standings.values():
        total, _ = _total(st, qids)
        cells = [safe(st.submission), total, maximum,
                 *(number(st.score(q)) if st.graded(q) else "" for q in qids),
                 st.status, st.sha256[:SHA_SHOWN], f"{st.seconds:.1f}",
                 isolation_of(st), "+".join(v[:VERSION_SHOWN] for v in st.versions if v), safe(note(st, qids))]
        for student in st.students or [{"id": st.key}]:
            sid = str(student.get("id", ""))
            out.append((sid, st.key, [safe(sid), safe(student.get("name", "")), safe(student.get("email", "")),
                                      *cells]))
    out.sort(key=lambda r: (r[0], r[1]))
    return out


def _csv(table):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(table)
    return buffer.getvalue()


def gradebook_csv(standings, hw):
    return _csv([header(hw)] + [cells for _, _, cells in rows(standings, hw)])


def canvas_csv(standings, hw, assignment=None):
    """Canvas's gradebook import CSV; assignment: the column's name, e.g. 'Homework 3 (12345)' with the
    Canvas assignment id to update that assignment (default: the homework's title, a new column)."""
    qids = hw.question_ids()
    table = [CANVAS_COLUMNS + [safe(assignment or hw.title)],
             ["Points Possible", "", "", "", "", number(sum(q.points for q in hw.questions))]]
    for sid, key, _ in rows(standings, hw):
        st = standings[key]
        total, complete = _total(st, qids)
        student = next((s for s in st.students if str(s.get("id", "")) == sid), {})
        score = total if complete and st.status != merge.ERROR else ""
        table.append([safe(student.get("name") or sid), "", safe(sid), "", "", score])
    return _csv(table)


def write(out_paths, standings, hw, assignment=None):
    """Write gradebook.csv and canvas.csv atomically; out_paths: (gradebook path, canvas path)."""
    write_atomic(out_paths[0], gradebook_csv(standings, hw))
    write_atomic(out_paths[1], canvas_csv(standings, hw, assignment))
