"""Batch grading of this homework, as staff run it: `python -m autograder batch INBOX --out OUT`."""
import hashlib
import json
import os
import zipfile

import pytest

from autograder import paths, spec
from tests.batch_fixtures import cli, gradebook, table
from tests.fixtures import submissions


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """One full batch of this homework on 2 processes: the reference zipped (alice), the skeleton as a
    folder (bob), a file that is not a zip (carol) and a broken notebook whose name repeats bob's."""
    folder = tmp_path_factory.mktemp("batch")
    inbox, out = folder / "inbox", folder / "out"
    ref = submissions.build("reference", str(folder / "ref_src"))
    inbox.mkdir()
    with zipfile.ZipFile(inbox / "alice.zip", "w") as zf:
        for name in sorted(os.listdir(ref)):
            zf.write(os.path.join(ref, name), name)
    (inbox / "bob").mkdir()
    for name in spec.load().student_files:
        (inbox / "bob" / name).write_bytes(open(os.path.join(paths.HANDOUT, name), "rb").read())
    (inbox / "carol.zip").write_bytes(b"not a zip at all")
    (inbox / "bob.ipynb").write_text("{broken")
    run = cli("batch", inbox, "--out", out, "-j", "2", cwd=folder)
    return out, run


def test_each_submission_gets_a_row_keyed_by_student_with_total_maximum_and_every_question(graded):
    out, _ = graded
    rows = table(out / "gradebook.csv")
    questions = spec.load().question_ids()
    assert rows[0] == ["id", "name", "email", "submission", "total", "max", *questions, "status", "sha256",
                       "seconds", "isolation", "version", "note"]
    book = gradebook(out)
    assert sorted(book) == [("alice", "alice.zip"), ("bob", "bob"), ("bob", "bob.ipynb"), ("carol", "carol.zip")]
    alice = book["alice", "alice.zip"]
    assert (alice["total"], alice["max"], alice["Q10"], alice["status"]) == ("100", "100", "7.5", "graded")
    assert alice["sha256"] == hashlib.sha256((out.parent / "inbox" / "alice.zip").read_bytes()).hexdigest()
    assert book["bob", "bob"]["total"] == "0" and book["bob", "bob"]["status"] == "graded"
    assert float(alice["seconds"]) > 0
    assert alice["isolation"].split(", ")[0] in ("own uid", "grader's uid")


def test_an_unreadable_zip_is_marked_unreadable_not_graded_and_the_others_go_on(graded):
    out, _ = graded
    carol = gradebook(out)["carol", "carol.zip"]
    assert carol["status"] == "unreadable" and carol["total"] == "0"
    assert "not a readable zip" in carol["note"] and carol["isolation"] == "no code ran"


def test_every_submission_gets_its_feedback_folder_and_its_results_json_agrees_with_the_gradebook(graded):
    out, _ = graded
    keys = {"alice": "alice.zip", "bob": "bob", "bob_2": "bob.ipynb", "carol": "carol.zip"}
    book = gradebook(out)
    for key, name in keys.items():
        data = json.loads((out / key / "results.json").read_text())
        row = book[(key.split("_")[0], name)]
        assert data["score"] == float(row["total"]), key
        assert (out / key / "report.txt").read_text().startswith(f"Graded {name} in ")
    assert sorted(p.name for p in (out / "alice").glob("*.png"))      # the training plots of Q10
    page = (out / "alice" / "feedback.html").read_text()
    assert page.count("<img") == len(list((out / "alice").glob("*.png"))) and "Visible cases" in page
    assert "Nothing was graded" in (out / "carol" / "feedback.html").read_text()


def test_an_unreadable_submissions_report_says_nothing_was_graded_once(graded):
    out, _ = graded
    assert "file missing" not in (out / "carol" / "report.txt").read_text()
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp") or ".tmp" in p.name]


def test_the_summary_and_the_canvas_csv_are_written_beside_the_gradebook(graded):
    out, run = graded
    assert "4 submissions (4 students): 4 graded now, 0 unchanged and skipped" in run.stdout
    assert "status: graded 3, timed out 0, unreadable 1, autograder error 0" in run.stdout
    assert (out / "summary.txt").read_text().strip() in run.stdout
    canvas = table(out / "canvas.csv")
    assert canvas[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", spec.load().title]
    assert canvas[1] == ["Points Possible", "", "", "", "", "100"]
    assert [r[2] for r in canvas[2:]] == ["alice", "bob", "bob", "carol"]
