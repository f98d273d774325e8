"""The command line: exit codes from the IntEnum, as the README documents them."""
import subprocess
import sys

import pytest

from autograder import cli
from autograder.author import assign, record
from autograder.author.markers import MarkerError
from autograder.status import ExitCode


def test_exit_codes_are_the_documented_values():
    assert [int(c) for c in ExitCode] == [0, 1, 2, 3, 4, 5]
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
