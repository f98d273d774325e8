"""A rerun skips what is unchanged, regrades what changed, --force regrades all, -q merges one question."""
import json
import shutil

import pytest

from tests.batch_fixtures import (cli, gradebook, gradings, journal_lines, submit, warmup_homework,
                                  without_column)


@pytest.fixture(scope="module")
def homework(tmp_path_factory):
    return warmup_homework(str(tmp_path_factory.mktemp("resume") / "warmup"))


@pytest.fixture
def inbox(tmp_path, homework):
    folder = tmp_path / "inbox"
    submit(folder, "amy", homework, "correct")
    submit(folder, "ben", homework, "wrong_q2", as_zip=True)
    submit(folder, "cal", homework, "skeleton")
    return folder


def _batch(inbox, out, homework, *args):
    return cli("batch", inbox, "--out", out, "--homework", homework, "-j", "2", *args, cwd=out.parent)


def test_a_rerun_skips_the_unchanged_regrades_what_changed_and_force_regrades_all(inbox, homework, tmp_path):
    out = tmp_path / "out"
    _batch(inbox, out, homework)
    first, lines = (out / "gradebook.csv").read_bytes(), journal_lines(out)
    again = _batch(inbox, out, homework)
    assert "3 submissions (3 students): 0 graded now, 3 unchanged and skipped" in again.stdout
    assert journal_lines(out) == lines and (out / "gradebook.csv").read_bytes() == first
    submit(inbox, "cal", homework, "correct")
    changed = _batch(inbox, out, homework)
    assert "1 graded now, 2 unchanged and skipped" in changed.stdout
    assert gradings(out) == {"amy": 1, "ben": 1, "cal": 2} and gradebook(out)["cal", "cal"]["total"] == "100"
    forced = _batch(inbox, out, homework, "--force")
    assert "3 graded now, 0 unchanged and skipped" in forced.stdout
    assert gradings(out) == {"amy": 2, "ben": 2, "cal": 3}


def test_one_question_graded_alone_then_the_rest_gives_the_gradebook_of_a_full_run(inbox, homework, tmp_path):
    full, split = tmp_path / "full", tmp_path / "split"
    _batch(inbox, full, homework)
    _batch(inbox, split, homework, "-q", "q2")
    ben = gradebook(split)["ben", "ben.zip"]
    assert (ben["Q1"], ben["Q2"], ben["total"], ben["note"]) == ("", "20", "", "not graded: Q1")
    _batch(inbox, split, homework)
    records = [json.loads(line) for line in journal_lines(split)]
    assert [r["questions"] for r in records] == [["Q2"]] * 3 + [["Q1"]] * 3
    assert without_column(split / "gradebook.csv") == without_column(full / "gradebook.csv")
    assert (split / "canvas.csv").read_bytes() == (full / "canvas.csv").read_bytes()


def test_after_a_case_is_fixed_q_regrades_that_question_for_the_class_and_merges_it(inbox, homework, tmp_path):
    hw = tmp_path / "warmup"
    shutil.copytree(homework, hw)
    out = tmp_path / "out"
    _batch(inbox, out, hw)
    before = gradebook(out)["amy", "amy"]["version"]
    with open(hw / "cases.py", "a") as fh:          # a fix to Q2's cases changes the grading version
        fh.write("CASES = [_dc.replace(c, atol=1e-8) if c.question == 'Q2' else c for c in CASES]\n")
    run = _batch(inbox, out, hw, "-q", "Q2")
    assert "3 graded now, 0 unchanged and skipped" in run.stdout
    records = [json.loads(line) for line in journal_lines(out)]
    assert [r["questions"] for r in records[3:]] == [["Q2"]] * 3
    after = gradebook(out)["amy", "amy"]["version"]
    assert before in after.split("+") and len(after.split("+")) == 2
    assert gradebook(out)["amy", "amy"]["total"] == "100"
    rest = _batch(inbox, out, hw)                   # the stale question, Q1, is what a plain rerun grades
    assert [json.loads(line)["questions"] for line in journal_lines(out)[6:]] == [["Q1"]] * 3
    assert "3 graded now" in rest.stdout and "+" not in gradebook(out)["amy", "amy"]["version"]
