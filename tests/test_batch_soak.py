"""Soak: 40 mixed submissions (correct, wrong, crashing, hanging, unreadable, not started), the batch
SIGKILLed in the middle and run again: every row present exactly once, nothing recorded before the kill
graded again, and the gradebook equal to that of a batch never interrupted."""
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.batch_fixtures import cli, gradings, journal_lines, submit, table, warmup_homework, without_column

MIX = [("correct", False)] * 8 + [("correct", True)] * 8 + [("wrong_q2", True)] * 8 + [("crashing", False)] * 6 \
    + [("hanging_q2", False)] * 2 + [("unreadable", False)] * 4 + [("skeleton", False)] * 4


@pytest.fixture(scope="module")
def soak(tmp_path_factory):
    """The warm-up homework, an inbox of the 40 submissions (interleaved: s00 ... s39), and a batch of
    them never interrupted."""
    root = tmp_path_factory.mktemp("soak")
    homework = warmup_homework(str(root / "warmup"))
    inbox = root / "inbox"
    order = sorted(range(len(MIX)), key=lambda i: (i * 7) % len(MIX))       # spread the kinds over the names
    for n, i in enumerate(order):
        kind, as_zip = MIX[i]
        submit(inbox, f"s{n:02d}_{kind}", homework, kind, as_zip=as_zip)
    cli("batch", inbox, "--out", root / "whole", "--homework", homework, "-j", "2", "--quiet", cwd=root)
    return root, homework, inbox


def _alive_in_group(pgid):
    """Processes of process group pgid that are still running (zombies, which pid 1 may never reap, aside)."""
    alive = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            alive.append(int(pid))
    return alive


def _kill_when(proc, journal, lines, limit=120):
    """SIGKILL proc's whole process group once journal holds `lines` records (or the batch ended)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and proc.poll() is None:
        if os.path.exists(journal) and open(journal, "rb").read().count(b"\n") >= lines:
            break
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def test_a_batch_killed_mid_way_resumes_with_every_row_once_and_nothing_regraded(soak):
    root, homework, inbox = soak
    out = root / "killed"
    proc = subprocess.Popen([sys.executable, "-m", "autograder", "batch", str(inbox), "--out", str(out),
                             "--homework", homework, "-j", "2", "--quiet"], cwd=root, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _kill_when(proc, out / "journal.jsonl", 12)
    time.sleep(0.2)
    assert _alive_in_group(proc.pid) == []            # nothing of the killed batch is left running
    before = (out / "journal.jsonl").read_bytes()
    recorded = gradings(out)
    assert 12 <= len(recorded) < 40 and set(recorded.values()) == {1}

    cli("batch", inbox, "--out", out, "--homework", homework, "-j", "2", "--quiet", cwd=root)
    assert (out / "journal.jsonl").read_bytes().startswith(before.rsplit(b"\n", 1)[0])   # only appended to
    assert gradings(out) == {key: 1 for key in gradings(root / "whole")} and len(gradings(out)) == 40
    assert without_column(out / "gradebook.csv") == without_column(root / "whole" / "gradebook.csv")
    assert (out / "canvas.csv").read_bytes() == (root / "whole" / "canvas.csv").read_bytes()
    assert not [p for p in out.rglob("*") if ".tmp" in p.name]


def test_the_soak_gradebook_gives_each_kind_its_status_and_score(soak):
    root, _, _ = soak
    rows = table(root / "whole" / "gradebook.csv")
    head, body = rows[0], rows[1:]
    by_kind = {}
    for row in body:
        cells = dict(zip(head, row))
        by_kind.setdefault(cells["id"].split("_", 1)[1], set()).add((cells["status"], cells["total"]))
    assert by_kind == {"correct": {("graded", "100")}, "wrong_q2": {("graded", "60")},
                       "crashing": {("graded", "0")}, "hanging_q2": {("timed out", "60")},
                       "unreadable": {("unreadable", "0")}, "skeleton": {("graded", "0")}}
    assert len(body) == 40 and len(journal_lines(root / "whole")) == 40
