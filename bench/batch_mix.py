"""Inboxes of this homework's submissions for the batch benchmarks (bench/batch_scale.py, bench/batch_soak.py).

Each kind is built once from the clean reference (tests/fixtures/submissions.py) and zipped; an inbox
of N holds N zips named sNNNN_KIND.zip, the kinds cycled in the order of a weighted list, so every
prefix of the inbox has about the same mix. Kinds: reference, the three partly wrong fixtures, one that
loops forever in Q6, one whose nn_lib.py exits the interpreter at import (crashing), and a file that is
not a zip at all (corrupt).
"""
import io
import os
import sys
import tempfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from tests.fixtures import submissions  # noqa: E402  (the fixtures live in the test suite)

# `make examples`'s mix: the reference, three partly wrong, one infinite loop.
EXAMPLES = ["reference", "fails_q2_q9", "fails_q6_q11", "fails_q3_q4", "loops_forever_in_q6"]
# The soak's, per 40: 18 right, 18 partly wrong, 2 crashing, 1 hanging and 1 corrupt (5% hanging or
# corrupt), spread over the cycle.
_SOAK = (["reference"] * 18 + ["fails_q2_q9"] * 6 + ["fails_q6_q11"] * 6 + ["fails_q3_q4"] * 6 + ["crashing"] * 2
         + ["loops_forever_in_q6", "corrupt"])
SOAK = [_SOAK[(i * 7) % 40] for i in range(40)]


def kinds(pattern, n):
    """The kind of each of n submissions: pattern cycled."""
    return [pattern[i % len(pattern)] for i in range(n)]


def _zip_bytes(kind):
    if kind == "corrupt":
        return b"this is not a zip file\n"
    with tempfile.TemporaryDirectory() as tmp:
        submissions.build("reference" if kind == "crashing" else kind, tmp)
        if kind == "crashing":
            path = os.path.join(tmp, "nn_lib.py")
            text = open(path, encoding="utf-8").read()
            with open(path, "w", encoding="utf-8") as fh:
                fh.write("import os\nos._exit(3)\n" + text)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
            for name in sorted(os.listdir(tmp)):
                zf.write(os.path.join(tmp, name), name)
        return buffer.getvalue()


def make_inbox(folder, pattern, n):
    """Write n submissions into folder; returns their paths, in name order."""
    os.makedirs(folder, exist_ok=True)
    data = {kind: _zip_bytes(kind) for kind in set(pattern)}
    paths = []
    for i, kind in enumerate(kinds(pattern, n)):
        path = os.path.join(folder, f"s{i:04d}_{kind}.zip")
        with open(path, "wb") as fh:
            fh.write(data[kind])
        paths.append(path)
    return paths


def kind_of(submission_id):
    """The kind from an inbox id (s0007_reference -> reference)."""
    return submission_id.split("_", 1)[1]
