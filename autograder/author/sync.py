"""`check-sync`: does the committed handout/ equal what the annotated source generates?"""
import os

from .. import npzio, paths, spec
from . import assign


def differences(handout=None, source=None, visible_npz=None, homework=None):
    """List of human-readable differences; empty when in sync."""
    hw = homework or spec.load()
    handout, source, visible_npz = handout or hw.handout, source or hw.solution, visible_npz or hw.visible_npz
    problems = []
    expected_files = assign.handout_files(source, hw)
    for rel, text in sorted(expected_files.items()):
        path = os.path.join(handout, rel)
        if not os.path.exists(path):
            problems.append(f"{rel}: missing from handout/")
            continue
        with open(path, "rb") as fh:
            if fh.read() != text.encode("utf-8"):
                problems.append(f"{rel}: differs from what solution/ generates")
    npz = os.path.join(handout, "tests", "expected_visible.npz")
    if not os.path.exists(npz):
        problems.append("tests/expected_visible.npz: missing from handout/")
    else:
        have, want = npzio.load(npz), npzio.load(visible_npz)
        if sorted(have) != sorted(want) or any(have[k].tobytes() != want[k].tobytes() for k in want):
            problems.append(f"tests/expected_visible.npz: differs from {os.path.relpath(visible_npz, paths.ROOT)}")
    copied = assign.copied_files(hw)
    for rel, src in copied.items():
        path = os.path.join(handout, rel)
        if not os.path.exists(path):
            problems.append(f"{rel}: missing from handout/")
            continue
        with open(path, "rb") as have, open(src, "rb") as want:
            if have.read() != want.read():
                problems.append(f"{rel}: differs from {os.path.relpath(src, paths.ROOT)}")
    known = set(expected_files) | set(copied) | {"tests/expected_visible.npz"}
    for dirpath, dirnames, filenames in os.walk(handout):
        dirnames[:] = [d for d in dirnames if d not in ("__pycache__", ".ipynb_checkpoints")]
        for name in filenames:
            rel = os.path.relpath(os.path.join(dirpath, name), handout).replace(os.sep, "/")
            if rel not in known:
                problems.append(f"{rel}: in handout/ but not generated")
    return problems
