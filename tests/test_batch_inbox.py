"""What a batch grades and whose it is: folders named by student and Gradescope exports."""
import os
import zipfile

import pytest

from autograder.batch import inbox
from tests.batch_fixtures import cli, gradebook, submit, table, warmup_homework

# A Gradescope "export submissions" metadata file as Gradescope writes it (Ruby's YAML): symbol keys,
# quoted student ids, timestamps, the previous results nested (one with a Ruby type tag), a group
# submission, and a student name that is a spreadsheet formula.
METADATA = """\
submission_250001:
  :submitters:
  - :name: Ada Lovelace
    :sid: '20260001'
    :email: ada@example.edu
  :created_at: 2026-03-01 23:58:12.345678000 -08:00
  :score: 100.0
  :status: processed
  :results:
    score: 100.0
    execution_time: 1.2
    output: |-
      Graded submission in 1.2 s
      Q1: 40 / 40
    tests:
    - name: Q1 q1.small
      score: 20.0
      max_score: 20.0
  :history:
  - :created_at: 2026-03-01 20:00:00.000000000 -08:00
    :score: 40.0
    :results: !ruby/hash:ActiveSupport::HashWithIndifferentAccess
      score: 40.0
submission_250002:
  :submitters:
  - :name: "=HYPERLINK(\\"http://example.invalid\\",\\"open\\")"
    :sid: '20260002'
    :email: eve@example.edu
  - :name: Grace Hopper
    :sid: '20260003'
    :email: grace@example.edu
  :created_at: 2026-03-02 09:00:00.000000000 -08:00
  :score:
  :history: []
submission_250003:
  :submitters:
  - :name: Alan Turing
    :sid: '20260004'
    :email: alan@example.edu
  :created_at: 2026-03-02 10:00:00.000000000 -08:00
  :history: []
"""


@pytest.fixture(scope="module")
def homework(tmp_path_factory):
    return warmup_homework(str(tmp_path_factory.mktemp("inbox") / "warmup"))


@pytest.fixture
def export(tmp_path, homework):
    """A Gradescope export folder: the metadata, two of its submissions' folders and one folder it lacks."""
    folder = tmp_path / "assignment_1234_export"
    folder.mkdir()
    (folder / "submission_metadata.yml").write_text(METADATA)
    submit(folder, "submission_250001", homework, "correct")
    submit(folder, "submission_250002", homework, "wrong_q2")
    submit(folder, "submission_999999", homework, "correct")
    return folder


def test_gradescope_metadata_gives_ids_names_and_emails_of_every_submitter(export):
    found = inbox.read_gradescope_metadata(str(export / "submission_metadata.yml"))
    assert found["submission_250001"] == (inbox.Student("20260001", "Ada Lovelace", "ada@example.edu"),)
    assert [s.id for s in found["submission_250002"]] == ["20260002", "20260003"]
    assert found["submission_250002"][1].name == "Grace Hopper"


def test_a_gradescope_export_is_graded_with_one_row_per_student_and_says_what_does_not_match(export, homework,
                                                                                              tmp_path):
    run = cli("batch", export, "--out", tmp_path / "out", "--homework", homework, cwd=tmp_path)
    book = gradebook(tmp_path / "out")
    assert sorted(book) == [("20260001", "submission_250001"), ("20260002", "submission_250002"),
                            ("20260003", "submission_250002"), ("submission_999999", "submission_999999")]
    ada = book["20260001", "submission_250001"]
    assert (ada["name"], ada["email"], ada["total"], ada["status"]) == ("Ada Lovelace", "ada@example.edu", "100", "graded")
    assert book["20260003", "submission_250002"]["total"] == book["20260002", "submission_250002"]["total"] == "60"
    assert book["20260002", "submission_250002"]["name"] == "'=HYPERLINK(\"http://example.invalid\",\"open\")"
    assert "warning: submission_999999: not in submission_metadata.yml" in run.stdout
    assert "warning: submission_metadata.yml lists 1 submission(s) with no folder here: submission_250003" in run.stdout
    canvas = table(tmp_path / "out" / "canvas.csv")
    assert canvas[2:5] == [["Ada Lovelace", "", "20260001", "", "", "100"],
                           ["'=HYPERLINK(\"http://example.invalid\",\"open\")", "", "20260002", "", "", "60"],
                           ["Grace Hopper", "", "20260003", "", "", "60"]]


def test_broken_metadata_is_one_error_line_naming_the_file(export, homework, tmp_path):
    (export / "submission_metadata.yml").write_text("submission_1:\n  :submitters: [unclosed\n")
    run = cli("batch", export, "--out", tmp_path / "out", "--homework", homework, cwd=tmp_path, check=False)
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.startswith(f"error: {export / 'submission_metadata.yml'} is not readable YAML (")
    assert run.stderr.count("\n") == 1 and not (tmp_path / "out").exists()


def test_an_export_downloaded_as_one_zip_is_refused_with_what_to_do(tmp_path, homework):
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("assignment_1234_export/submission_metadata.yml", METADATA)
        zf.writestr("assignment_1234_export/submission_250001/warmup.py", "x = 1\n")
    run = cli("batch", archive, "--out", tmp_path / "out", "--homework", homework, cwd=tmp_path, check=False)
    assert run.returncode == 2
    assert run.stderr == (f"error: {archive} is a Gradescope export (it holds submission_metadata.yml): unzip it "
                          "and pass the folder that holds the metadata file\n")


def test_a_folder_named_by_student_gives_distinct_safe_keys_and_skips_hidden_names(tmp_path, homework):
    folder = tmp_path / "inbox"
    for name in ("s1", "s1.zip", "=2+3.zip", "gradebook.csv"):
        submit(folder, name.removesuffix(".zip"), homework, "correct", as_zip=name.endswith(".zip"))
    (folder / ".DS_Store").write_text("")
    (folder / "notes.txt").write_text("")
    os.mkdir(folder / "__MACOSX")
    found = inbox.find([str(folder)])
    assert [(s.key, os.path.basename(s.path), s.students[0].id) for s in found.submissions] == [
        ("_2_3", "=2+3.zip", "=2+3"), ("gradebook.csv_submission", "gradebook.csv", "gradebook.csv"),
        ("s1", "s1", "s1"), ("s1_2", "s1.zip", "s1")]
    assert found.warnings == ["student id 's1' has 2 submissions (s1, s1_2): each gets its own row"]
    run = cli("batch", folder, "--out", tmp_path / "out", "--homework", homework, "-j", "2", cwd=tmp_path)
    assert "warning: student id 's1' has 2 submissions (s1, s1_2): each gets its own row" in run.stdout
    assert ("'=2+3", "'=2+3.zip") in gradebook(tmp_path / "out")          # no formula, even from a file name
    assert sorted(os.listdir(tmp_path / "out" / "_2_3")) == ["feedback.html", "report.txt", "results.json"]


def test_output_folder_inside_the_inbox_is_refused(tmp_path, homework):
    submit(tmp_path / "inbox", "s1", homework, "correct")
    run = cli("batch", tmp_path / "inbox", "--out", tmp_path / "inbox" / "graded", "--homework", homework,
              cwd=tmp_path, check=False)
    assert run.returncode == 2 and not (tmp_path / "inbox" / "graded").exists()
    assert run.stderr == (f"error: --out {tmp_path / 'inbox' / 'graded'} lies inside {tmp_path / 'inbox'}, which is "
                          "graded: choose an output folder outside it\n")
