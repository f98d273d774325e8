"""A grading's training plots: the visible training cases' pictures (plots.py) drawn for one GradeResult.

The feedback folder keeps them as PNG files; feedback.html and results.json carry their bytes inline.
matplotlib is optional: without it there are no plots, and a note says what to install.
"""
import os
import sys
import tempfile

from .. import spec
from . import plots, scoring


def draw(result, folder, expected=None):
    """(paths of the PNG files written in folder, note): result's visible training cases' plots
    (result.outputs) over the reference's expected arrays (default: loaded from result's homework).
    The note is "" or says which are missing and why (no matplotlib; a case whose arrays cannot be drawn:
    a plot is feedback only, so it never stops the grade from being written)."""
    from .grade import load_expected
    if not result.outputs:
        return [], ""
    hw = result.homework or spec.load()
    expected = load_expected(hw.expected_dir) if expected is None else expected
    written, notes = [], []
    for case_id, arrays in sorted(result.outputs.items()):
        case = hw.by_id[case_id].spec()
        try:
            written += plots.save_case_plots(case, arrays, scoring.expected_for(case_id, expected), folder)
        except plots.PlotsUnavailable as exc:
            return written, f"no plots: {exc}"
        except Exception as exc:      # the submission's arrays broke the drawing: leave this plot out
            notes.append(f"no plot of {case_id}: {type(exc).__name__}: {exc}")
            if "matplotlib.pyplot" in sys.modules:
                sys.modules["matplotlib.pyplot"].close("all")
    return written, "\n".join(notes)


def read(paths):
    """{file name: PNG bytes} of the files at paths."""
    found = {}
    for path in paths:
        with open(path, "rb") as fh:
            found[os.path.basename(path)] = fh.read()
    return found


def images(result, expected=None):
    """({file name: PNG bytes}, note): draw(result) in a temporary folder, for a results.json of its own."""
    with tempfile.TemporaryDirectory(prefix="nn-plots-") as folder:
        written, note = draw(result, folder, expected)
        return read(written), note
