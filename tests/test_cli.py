"""The command line: exit codes from the IntEnum, as the README documents them; bad input gets one line."""
import json
import os
import re
import subprocess
import sys
import zipfile

import pytest

from autograder import cli, spec
from autograder.author import assign, record
from autograder.author.markers import MarkerError
from autograder.status import ExitCode


def test_exit_codes_are_the_documented_values():
    assert [int(c) for c in ExitCode] == [0, 1, 2, 3, 4, 5, 130]
    readme = open("README.md").read()
    for code in ExitCode:
        assert f"| {int(code)} |" in readme


def test_bad_command_line_exits_2():
    out = subprocess.run([sys.executable, "-m", "autograder", "grade"], capture_output=True, text=True)
    assert out.returncode == ExitCode.USAGE and "usage:" in out.stderr


def test_unreadable_submission_exits_3_and_still_writes_results(tmp_path):
    target = tmp_path / "results.json"
    code = cli.main(["grade", str(tmp_path / "missing.zip"), "--json", str(target)])
    assert code == ExitCode.BAD_SUBMISSION and '"score": 0' in target.read_text()


def test_graded_submission_exits_0_whatever_its_score(skeleton_dir):
    assert cli.main(["grade", skeleton_dir, "-q", "Q4"]) == ExitCode.OK


EXPECTED = "nn_lib.py, nn_train.py and answers.toml, or a notebook (.ipynb)"


def _autograder(*args, cwd):
    """`python -m autograder ARGS` run from the folder cwd, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "autograder", *args], capture_output=True, text=True, cwd=cwd)


def test_unknown_question_exits_2_naming_the_valid_ones(skeleton_dir, tmp_path):
    run = _autograder("grade", skeleton_dir, "-q", "Q4", "-q", "q99", "--json", str(tmp_path / "r.json"), cwd=tmp_path)
    assert run.returncode == ExitCode.USAGE and run.stdout == ""
    assert run.stderr == ("error: no question Q99 in Neural networks from scratch; "
                          "the questions are Q1, Q2, Q3, Q4, Q5, Q6, Q7, Q8, Q9, Q10, Q11, Q12\n")
    assert not (tmp_path / "r.json").exists()


def _empty_zip(tmp_path):
    path = tmp_path / "empty.zip"
    zipfile.ZipFile(path, "w").close()
    return path


def _empty_folder(tmp_path):
    path = tmp_path / "submission"
    path.mkdir()
    (path / ".DS_Store").write_bytes(b"")
    return path


@pytest.mark.parametrize("make, line", [
    (lambda tmp: tmp / "missing.zip", "{path} does not exist: expected a .zip or a folder holding " + EXPECTED),
    (_empty_zip, "nothing to grade in empty.zip: expected " + EXPECTED),
    (_empty_folder, "nothing to grade in submission: expected " + EXPECTED + "; ignored 1 other entry (.DS_Store)"),
], ids=["missing_path", "empty_zip", "empty_folder"])
def test_submission_with_nothing_to_grade_exits_3_with_one_line_and_a_zero_results_json(tmp_path, make, line):
    path, results = make(tmp_path), tmp_path / "out" / "results.json"
    run = _autograder("grade", str(path), "--json", str(results), cwd=tmp_path)
    assert run.returncode == ExitCode.BAD_SUBMISSION
    assert run.stdout == "" and run.stderr == f"error: {line.format(path=path)}\n"
    doc = json.loads(results.read_text())
    assert doc["score"] == 0 and len(doc["tests"]) == len(spec.load().cases)
    assert all(t["score"] == 0 for t in doc["tests"])


def test_zip_with_a_virtualenv_inside_is_graded_from_the_expected_files(reference_dir, tmp_path):
    path = tmp_path / "with_venv.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for name in spec.load().student_files:
            zf.write(os.path.join(reference_dir, name), f"homework/{name}")
        for i in range(41_210):
            zf.writestr(f"homework/.venv/lib/python3.11/site-packages/pkg{i // 200}/m{i % 200}.py", b"")
    run = _autograder("grade", str(path), "-q", "Q4", cwd=tmp_path)
    assert run.returncode == ExitCode.OK, run.stderr
    assert "note: ignored 41,210 other entries (.venv/)" in run.stdout
    assert re.search(r"^Q4 +Dropout +6 / 6 +all passed$", run.stdout, re.M)


def test_batch_with_a_missing_path_exits_2_before_grading_anything(reference_dir, tmp_path):
    run = _autograder("batch", reference_dir, str(tmp_path / "typo"), "--each", "--out", str(tmp_path / "out"),
                      cwd=tmp_path)
    assert run.returncode == ExitCode.USAGE and run.stdout == ""
    assert run.stderr == f"error: no such file or folder: {tmp_path / 'typo'}; nothing was graded\n"
    assert not (tmp_path / "out").exists()


def test_marker_error_exits_5_with_file_and_line(monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise MarkerError("solution/nn_lib.py", 12, "nested BEGIN SOLUTION")
    monkeypatch.setattr(assign, "build_handout", broken)
    assert cli.main(["assign", "handout"]) == ExitCode.SOURCE_ERROR
    assert "error: solution/nn_lib.py:12: nested BEGIN SOLUTION" in capsys.readouterr().err


def test_failing_reference_exits_5(monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise record.RecordError("the reference failed, nothing was written")
    monkeypatch.setattr(record, "main", broken)
    assert cli.main(["record"]) == ExitCode.SOURCE_ERROR


def test_unexpected_errors_are_not_swallowed(monkeypatch):
    monkeypatch.setattr(assign, "build_handout", lambda *a, **k: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        cli.main(["assign", "handout"])


def test_report_of_an_empty_zip_says_nothing_was_graded_in_one_line_not_once_per_case(tmp_path):
    empty = tmp_path / "empty.zip"
    zipfile.ZipFile(empty, "w").close()
    out = tmp_path / "results.json"
    done = _autograder("grade", str(empty), "--json", str(out), cwd=tmp_path)
    assert done.returncode == 3
    shown = json.loads(out.read_text())["output"]
    assert "Nothing was graded" in shown and "file missing" not in shown
