"""The end of a batch: counts by status, mean and median per question, the slowest, a histogram of totals
(text and PNG); --quiet prints nothing; the progress bar shows only on a terminal."""
import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios

import pytest

from tests.batch_fixtures import cli, submit, warmup_homework


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """Four submissions of the warm-up homework: 100 (amy), 60 (ben, wrong Q2), 60 (cal, hangs in Q2), 0 (dan,
    not a zip), graded once."""
    root = tmp_path_factory.mktemp("summary")
    homework = warmup_homework(str(root / "warmup"))
    inbox = root / "inbox"
    for name, kind in (("amy", "correct"), ("ben", "wrong_q2"), ("cal", "hanging_q2"), ("dan", "unreadable")):
        submit(inbox, name, homework, kind)
    run = cli("batch", inbox, "--out", root / "out", "--homework", homework, "-j", "2", cwd=root)
    return root, homework, inbox, run


def test_summary_counts_statuses_and_gives_mean_and_median_per_question_and_of_the_totals(batch):
    out = batch[3].stdout
    assert out.startswith("4 submissions (4 students): 4 graded now, 0 unchanged and skipped, in ")
    assert "status: graded 2, timed out 1, unreadable 1, autograder error 0\n" in out
    assert "  Q1   Standardize   mean    30  median    40  of 40  (n=4)\n" in out
    assert "  Q2   Square layer  mean    25  median    20  of 60  (n=4)\n" in out
    assert "       Total         mean    55  median    60  of 100 (n=4)\n" in out


def test_summary_lists_the_slowest_first_and_draws_the_histogram_of_totals(batch):
    root, _, _, run = batch
    lines = run.stdout.splitlines()
    slowest = lines[lines.index("slowest:") + 1]
    assert slowest.split()[0] == "cal" and slowest.endswith("timed out")
    totals = lines[lines.index("totals:") + 1:lines.index("totals:") + 11]
    assert [line.split()[-1] for line in totals] == ["1", "0", "0", "0", "0", "0", "2", "0", "0", "1"]
    assert totals[6].split()[:4] == ["60", "to", "70", "#" * 40]
    assert (root / "out" / "summary.txt").read_text().strip() in run.stdout
    assert (root / "out" / "histogram.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_quiet_prints_nothing_and_still_writes_every_file(batch, tmp_path):
    _, homework, inbox, _ = batch
    run = cli("batch", inbox, "--out", tmp_path / "out", "--homework", homework, "-j", "2", "--quiet", cwd=tmp_path)
    assert run.stdout == "" and run.stderr == ""
    assert {"gradebook.csv", "canvas.csv", "summary.txt", "histogram.png", "journal.jsonl"} <= set(os.listdir(tmp_path / "out"))


def _on_a_terminal(args, cwd):
    """(stdout, what the terminal showed on stderr) of the CLI run with stderr on a 100-column pseudo-terminal."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    proc = subprocess.Popen([sys.executable, "-m", "autograder", *map(str, args)], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=follower, text=True)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:          # the terminal closed: the batch is done
            break
        if not chunk:
            break
        shown += chunk
    stdout = proc.communicate(timeout=120)[0]
    os.close(leader)
    assert proc.returncode == 0
    return stdout, shown.decode(errors="replace")


def test_a_progress_bar_shows_on_a_terminal_and_not_with_quiet(tmp_path, batch):
    _, homework, _, _ = batch
    inbox = tmp_path / "inbox"
    submit(inbox, "amy", homework, "correct")
    submit(inbox, "ben", homework, "wrong_q2")
    _, shown = _on_a_terminal(["batch", inbox, "--out", tmp_path / "loud", "--homework", homework], tmp_path)
    assert "grading" in shown and "2/2" in shown
    stdout, shown = _on_a_terminal(["batch", inbox, "--out", tmp_path / "quiet", "--homework", homework, "--quiet"],
                                   tmp_path)
    assert stdout == "" and shown == ""
