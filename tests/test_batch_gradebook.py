"""gradebook.csv and canvas.csv as rendered from journal records: columns, order, blanks, formula-safe cells."""
import csv
import io

import pytest

from autograder import spec
from autograder.batch import gradebook, merge
from tests.batch_fixtures import SECOND_HOMEWORK


@pytest.fixture(scope="module")
def hw():
    return spec.Homework(SECOND_HOMEWORK)


def _case(cid, question, points, score, status="passed"):
    return {"id": cid, "question": question, "points": points, "score": score, "status": status, "visible": True,
            "summary": status, "detail": ""}


def _record(key, sid, questions, status="graded", sha="a" * 64, version="v1" * 32, name="", **extra):
    cases = {"Q1": [_case("q1.small", "Q1", 20, 20), _case("q1.one_column_large", "Q1", 20, 0, "failed")],
             "Q2": [_case("q2.forward_small", "Q2", 20, 20), _case("q2.backward_small", "Q2", 20, 20),
                    _case("q2.backward_batch_of_one", "Q2", 20, 20)]}
    record = {"key": key, "submission": f"{key}.zip", "students": [{"id": sid, "name": name, "email": ""}],
              "sha256": sha, "version": version, "questions": questions, "status": status, "seconds": 1.25,
              "isolation": {"unprivileged_user": "uid 64001", "private_filesystem": True, "no_network": True},
              "messages": [], "cases": [c for q in questions for c in cases[q]] if status != merge.ERROR else [],
              "plots": []}
    return dict(record, **extra)


def _rows(text):
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\uff1dcmd", "=cmd\nline"])
def test_no_text_cell_can_start_a_formula(text):
    cell = gradebook.safe(text)
    assert cell.startswith("'") and "\n" not in cell and "\r" not in cell and "\t" not in cell


def test_plain_text_cells_are_left_as_they_are():
    assert gradebook.safe("Ada Lovelace") == "Ada Lovelace"
    assert gradebook.safe("O'Brien, Zoë") == "O'Brien, Zoë"


def test_rows_are_sorted_by_student_id_and_merge_a_questions_regrade(hw):
    records = [_record("zed", "002", ["Q1", "Q2"]), _record("amy", "001", ["Q1", "Q2"]),
               _record("zed", "002", ["Q2"], version="v2" * 32,
                       cases=[_case("q2.forward_small", "Q2", 20, 20), _case("q2.backward_small", "Q2", 20, 0, "failed"),
                              _case("q2.backward_batch_of_one", "Q2", 20, 0, "failed")])]
    rows = _rows(gradebook.gradebook_csv(merge.standings(records), hw))
    assert rows[0] == gradebook.header(hw)
    assert [r[0] for r in rows[1:]] == ["001", "002"]
    zed = dict(zip(rows[0], rows[2]))
    assert (zed["Q1"], zed["Q2"], zed["total"], zed["max"]) == ("20", "20", "40", "100")
    assert zed["version"] == "v1v1v1v1v1v1+v2v2v2v2v2v2" and zed["seconds"] == "2.5"
    assert zed["isolation"] == "own uid, private filesystem, no network"


def test_a_question_never_graded_for_the_current_content_is_blank_and_so_is_the_total(hw):
    records = [_record("amy", "001", ["Q1", "Q2"]), _record("amy", "001", ["Q2"], sha="b" * 64)]
    rows = _rows(gradebook.gradebook_csv(merge.standings(records), hw))
    amy = dict(zip(rows[0], rows[1]))
    assert (amy["Q1"], amy["Q2"], amy["total"], amy["sha256"]) == ("", "60", "", "b" * 64)
    assert amy["note"] == "not graded: Q1"
    assert _rows(gradebook.canvas_csv(merge.standings(records), hw))[2] == ["001", "", "001", "", "", ""]


def test_canvas_csv_has_canvas_columns_points_possible_and_leaves_autograder_errors_blank(hw):
    records = [_record("amy", "001", ["Q1", "Q2"], name="Amy Ng"),
               _record("bob", "002", ["Q1", "Q2"], status=merge.ERROR, error="BrokenProcessPool: lost"),
               _record("cat", "003", ["Q1", "Q2"], status="unreadable",
                       cases=[_case(c, q, 20, 0, "missing_file") for c, q in
                              [("q1.small", "Q1"), ("q1.one_column_large", "Q1"), ("q2.forward_small", "Q2"),
                               ("q2.backward_small", "Q2"), ("q2.backward_batch_of_one", "Q2")]])]
    text = gradebook.canvas_csv(merge.standings(records), hw, assignment="Warm-up (4321)")
    assert _rows(text) == [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Warm-up (4321)"],
                           ["Points Possible", "", "", "", "", "100"],
                           ["Amy Ng", "", "001", "", "", "80"],
                           ["002", "", "002", "", "", ""],
                           ["003", "", "003", "", "", "0"]]
    assert text.endswith("\r\n")
    book = {r[0]: dict(zip(gradebook.header(hw), r)) for r in _rows(gradebook.gradebook_csv(merge.standings(records), hw))}
    assert book["002"]["status"] == "autograder error" and book["002"]["note"] == "BrokenProcessPool: lost"
    assert book["002"]["total"] == "" and book["003"]["status"] == "unreadable"


def test_a_question_regraded_without_a_timeout_clears_the_rows_timed_out_status(hw):
    hung = _record("amy", "001", ["Q1", "Q2"], status="timed out",
                   cases=[_case("q1.small", "Q1", 20, 20), _case("q1.one_column_large", "Q1", 20, 20),
                          _case("q2.forward_small", "Q2", 20, 20), _case("q2.backward_small", "Q2", 20, 0, "timeout"),
                          _case("q2.backward_batch_of_one", "Q2", 20, 0, "timeout")])
    fixed = _record("amy", "001", ["Q2"])
    assert merge.standings([hung])["amy"].status == "timed out"
    assert merge.standings([hung, fixed])["amy"].status == "graded"
