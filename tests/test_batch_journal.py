"""The journal: appended whole records only, an incomplete last one dropped, one batch at a time,
Ctrl-C keeps what was recorded."""
import fcntl
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from autograder.batch.journal import Journal
from tests.batch_fixtures import cli, gradings, journal_lines, submit, warmup_homework


@pytest.fixture(scope="module")
def homework(tmp_path_factory):
    return warmup_homework(str(tmp_path_factory.mktemp("journal") / "warmup"))


def test_records_are_whole_lines_and_an_incomplete_last_line_is_dropped_on_reopening(tmp_path):
    with Journal(str(tmp_path)) as journal:
        journal.append({"key": "a", "sha256": "1", "questions": ["Q1"]})
    with open(tmp_path / "journal.jsonl", "ab") as fh:
        fh.write(b'{"journal":1,"key":"b","sha')                 # what a kill in the middle of a write leaves
    with Journal(str(tmp_path)) as journal:
        assert [r["key"] for r in journal.records] == ["a"] and journal.dropped_tail == 27
        journal.append({"key": "c", "sha256": "2", "questions": ["Q1"]})
    assert [json.loads(line)["key"] for line in journal_lines(tmp_path)] == ["a", "c"]


def test_a_journal_changed_by_hand_stops_the_batch_with_the_line_and_what_to_do(tmp_path, homework):
    submit(tmp_path / "inbox", "amy", homework, "correct")
    out = tmp_path / "out"
    cli("batch", tmp_path / "inbox", "--out", out, "--homework", homework, "--quiet", cwd=tmp_path)
    with open(out / "journal.jsonl", "ab") as fh:
        fh.write(b"not json\n")
    run = cli("batch", tmp_path / "inbox", "--out", out, "--homework", homework, cwd=tmp_path, check=False)
    assert run.returncode == 1 and run.stdout == ""
    assert run.stderr.startswith(f"error: {out / 'journal.jsonl'}:2 is not a batch journal record (")
    assert run.stderr.endswith("move it away to grade this folder afresh\n")


def test_a_second_batch_into_the_same_folder_is_refused_while_one_runs(tmp_path, homework):
    submit(tmp_path / "inbox", "amy", homework, "correct")
    out = tmp_path / "out"
    out.mkdir()
    with open(out / ".batch.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        run = cli("batch", tmp_path / "inbox", "--out", out, "--homework", homework, cwd=tmp_path, check=False)
    assert run.returncode == 1 and not (out / "journal.jsonl").exists()
    assert run.stderr == (f"error: another batch is writing {out} now (it holds {out / '.batch.lock'}): wait for "
                          "it to end, or give another --out\n")


def test_ctrl_c_stops_the_batch_keeps_what_was_recorded_and_the_same_command_goes_on(tmp_path, homework):
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    for n in range(4):
        submit(inbox, f"s{n}", homework, "hanging_q2" if n == 1 else "correct")
    args = [sys.executable, "-m", "autograder", "batch", str(inbox), "--out", str(out), "--homework", homework, "-j", "2"]
    proc = subprocess.Popen(args, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))   # as in a terminal
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (os.path.exists(out / "journal.jsonl")
                                               and journal_lines(out)):
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    recorded = gradings(out)
    assert 1 <= len(recorded) < 4, stderr
    assert stderr == (
        f"interrupted: {len(recorded)} gradings recorded by this run, gradebook written; run the same command "
        "again to go on\n")
    assert len((out / "gradebook.csv").read_text().splitlines()) == 1 + len(recorded)
    cli(*args[3:], cwd=tmp_path)
    assert gradings(out) == {f"s{n}": 1 for n in range(4)}
