"""check(): grade one corpus entry at one level and assert every promise the grader makes.

1. The grader finishes within its time budget plus a small margin.
2. The attacked question scores no more than its honest wrong answer; every other question scores
   exactly what the reference scores (both graded against the same canary expected arrays).
3. results.json is valid against Gradescope's schema, was written by the grader, and stays as written.
4. Nothing was written outside the scratch folder: the project tree, the output folder, the
   site-packages and the world-writable folders are as before.
5. No process of the submission is left alive.
6. Canary values planted in hidden expected arrays appear in no output.
7. The next correct submission graded on the same machine scores full marks.
8. Messages name the file and the problem (entry.words); no output carries control characters.

A promise that the level cannot make for this entry (entry.needs) is not checked, and the test is
skipped saying why, after every other check has passed.
"""
import hashlib
import json
import os
import secrets
import socket
import time

import jsonschema
import pytest

from autograder import paths
from autograder.engine.sandbox import reaper
from tests.hostile import build
from tests.hostile.context import CANARY_BASE
from tests.hostile.entry import NEEDS

SCHEMA = os.path.join(os.path.dirname(os.path.dirname(__file__)), "gradescope_results.schema.json")
BUDGET_SECONDS = 5.0        # grading the non-training questions takes 0.2 to 1.5 s (notebooks included)
CANARY_DIGITS = str(int(CANARY_BASE))     # every canary value starts with these digits
WORLD_WRITABLE = ("/tmp", "/var/tmp", "/dev/shm")
SKIPPED_IN_TREE = {".git", ".venv", "__pycache__", ".pytest_cache"}
LARGE_FILE = 1 << 20
SETTLE_SECONDS = 0.3        # anything still running would rewrite results.json within this


def promised(need, isolation):
    """Whether the isolation level that ran makes the promise `need` (a key of entry.NEEDS) depends on."""
    if not need:
        return True
    private, own_uid = isolation.get("private_filesystem"), isolation.get("unprivileged_user")
    return {"files": bool(private or own_uid), "project": bool(private), "disk": bool(private),
            "network": bool(isolation.get("no_network")), "uid": bool(own_uid)}[need]


def tree_digest(root):
    """{path: content digest} of every file under root (project folders of no interest left out)."""
    digests = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_IN_TREE and not d.endswith(".egg-info"))
        for name in filenames:
            path = os.path.join(dirpath, name)
            try:
                info = os.lstat(path)
                if info.st_size > LARGE_FILE:      # data sets: their size and times will do
                    digests[os.path.relpath(path, root)] = (info.st_size, info.st_mtime_ns, info.st_ctime_ns)
                    continue
                with open(path, "rb") as fh:
                    digests[os.path.relpath(path, root)] = hashlib.blake2b(fh.read()).hexdigest()
            except OSError as exc:
                digests[os.path.relpath(path, root)] = repr(exc)
    return digests


def changed(before, after):
    return sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))


def site_packages():
    import site
    return {d: sorted(os.listdir(d)) for d in site.getsitepackages() if os.path.isdir(d)}


def marked_files(mark):
    """Files named after this test's mark in the world-writable folders, the site-packages and the project."""
    found = [os.path.join(d, n) for d in WORLD_WRITABLE if os.path.isdir(d) for n in os.listdir(d) if mark in n]
    found += [os.path.join(d, n) for d, names in site_packages().items() for n in names if mark in n]
    for dirpath, dirnames, filenames in os.walk(paths.ROOT):
        dirnames[:] = [d for d in dirnames if d not in (".git", ".venv")]
        found += [os.path.join(dirpath, n) for n in filenames if mark in n]
    return found


def remove(paths_):
    for path in paths_:
        try:
            os.remove(path)
        except OSError:
            pass


def comm(pid):
    try:
        with open(f"/proc/{pid}/comm") as fh:
            return fh.read().strip()
    except OSError:
        return ""


def leftovers(mark, owned, spared, released=()):
    """Live processes that belong to the submission: named by its mark, below this process, of a uid this
    test run alone holds (owned), or of the worker uid of a grading that has ended (released) unless
    another run's grader, which may lease that uid again at once, started them."""
    table = reaper.processes()
    below = reaper.descendants({os.getpid()}, table)
    return sorted(pid for pid, (_, uid, state) in table.items()
                  if state != "Z" and (comm(pid) == mark or pid in below - spared or uid in owned
                                       or (uid in released and not _started_elsewhere(pid, table, below))))


def _started_elsewhere(pid, table, below):
    """Whether the nearest ancestor of pid with another uid is a live process that is neither this one,
    nor below it, nor init (which inherits orphans)."""
    uid, seen = table[pid][1], set()
    while pid in table and table[pid][1] == uid and pid not in seen:
        seen.add(pid)
        pid = table[pid][0]
    return pid in table and pid not in below and pid not in (1, os.getpid())


class Listeners:
    """A TCP port and an abstract unix socket on this machine, to see whether the worker reaches them."""

    def __init__(self, mark):
        self.tcp = socket.socket()
        self.tcp.bind(("127.0.0.1", 0))
        self.tcp.listen(8)
        self.unix = socket.socket(socket.AF_UNIX)
        self.unix.bind("\0" + mark)
        self.unix.listen(8)
        self.port = self.tcp.getsockname()[1]

    def reached(self):
        hits = []
        for s in (self.tcp, self.unix):
            s.setblocking(False)
            try:
                conn, _ = s.accept()
                hits.append(conn.recv(100))
                conn.close()
            except BlockingIOError:
                pass
        return hits

    def close(self):
        self.tcp.close()
        self.unix.close()


def _uids(isolation):
    user = isolation.get("unprivileged_user") or ""
    return {int(user.split()[1])} if user.startswith("uid ") else set()


def check(entry, level, ctx, workdir):
    """Grade entry at level (levels.InProcess or levels.AsUser); assert the promises listed above."""
    if entry.unsafe and not promised(entry.needs, ctx.isolation(level)):
        pytest.skip(f"not run at this level: {NEEDS[entry.needs]}")
    mark = "nnh" + secrets.token_hex(4)
    out, sub_dir = os.path.join(workdir, "out"), os.path.join(workdir, "build")
    os.makedirs(out)
    os.makedirs(sub_dir)
    listeners = Listeners(mark)
    subs = {"__OUT__": out, "__ROOT__": paths.ROOT, "__MARK__": mark, "__EXPECTED__": ctx.canary(level)["dir"],
            "__HIDDEN__": paths.HIDDEN_NPZ, "__PORT__": str(listeners.port), "__CANARY__": repr(ctx.canary_values[0])}
    submission = build.build(entry, ctx.reference, sub_dir, subs)
    level.prepare(workdir)
    selected = ctx.selection(entry)
    before = {"tree": tree_digest(paths.ROOT), "out": sorted(os.listdir(out)), "site": site_packages()}
    children = reaper.descendants({os.getpid()}, reaper.processes())
    try:
        graded, wall = level.grade(submission, selected, out, ctx.canary(level), ctx.reference_dir(level),
                                   f"secret {ctx.canary_values[0]!r}")
        if entry.needs == "files":
            time.sleep(SETTLE_SECONDS)
        _check(entry, graded, wall, level, ctx, mark, out, before, children, listeners)
    finally:
        listeners.close()
        remove(marked_files(mark))
    if not promised(entry.needs, graded.isolation):
        pytest.skip(f"checked all but what this level cannot promise: {NEEDS[entry.needs]} "
                    f"(isolation: {graded.isolation})")


def _check(entry, g, wall, level, ctx, mark, out, before, children, listeners):
    kept = promised(entry.needs, g.isolation)
    # 1. time
    assert g.seconds < BUDGET_SECONDS + entry.seconds, f"grading took {g.seconds:.1f} s"
    assert wall < 2 * BUDGET_SECONDS + 2 * entry.seconds + 10, f"the whole run took {wall:.1f} s"
    # 5. no process left
    assert leftovers(mark, level.owns, children, _uids(g.isolation) - level.owns) == []
    # 3. results.json: valid, the grader's, unchanged since
    path = os.path.join(out, "results.json")
    with open(path) as fh:
        written = fh.read()
    assert json.loads(written) == json.loads(json.dumps(g.doc)), "results.json is not what the grader wrote"
    assert os.stat(path).st_uid == level.uid
    with open(SCHEMA) as fh:
        jsonschema.Draft202012Validator(json.load(fh)).validate(json.loads(written))
    assert sum(t["score"] for t in g.doc["tests"]) == pytest.approx(g.doc["score"])
    # 2. scores
    reference, baseline = ctx.reference_scores, ctx.baseline(entry)
    for q, score in g.scores.items():
        if baseline[q] < reference[q]:
            if kept:
                assert score <= baseline[q], f"{q}: the attack scored {score}, an honest wrong answer {baseline[q]}"
        else:
            assert score == reference[q], f"{q} is not attacked but scored {score}, the reference {reference[q]}"
    # 7. the next correct submission
    assert g.next_scores == ctx.full_scores, "the next correct submission did not score full marks"
    # 8. messages and output hygiene
    said = "\n".join(g.messages + [r["summary"] for r in g.results if r["status"] != "passed"])
    for word in entry.words:
        assert word in said, f"{word!r} not in:\n{said}"
    plain = g.text.split("\nSubmission's stdout (truncated):")[0]
    for text in entry.absent:
        assert text not in written and text not in plain, f"{text!r} reached the report or results.json"
    for text in (g.text, written, g.stdout, g.stderr):
        assert "\x1b" not in text and "\r" not in text, "control characters reached the output"
    assert len(g.stdout) < 32_000 and len(g.stderr) < 32_000
    assert all(m.isprintable() for m in g.messages), g.messages
    if not kept:
        return
    # 4. nothing written outside the scratch folder
    altered = changed(before["tree"], tree_digest(paths.ROOT))
    assert altered == [], f"the project tree changed: {altered[:10]}"
    assert sorted(os.listdir(out)) == sorted(before["out"] + ["results.json"]), os.listdir(out)
    assert site_packages() == before["site"]
    assert marked_files(mark) == []
    # 6. canaries, and the network
    for text in (g.text, written, g.stdout, g.stderr, json.dumps(g.results)):
        assert CANARY_DIGITS not in text, "a hidden expected value leaked into the output"
    assert listeners.reached() == [], "the worker reached a socket on this machine"
