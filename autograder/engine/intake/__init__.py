"""The intake: turn a submission (.zip, folder or .ipynb) into a folder holding only the expected files.

Only the homework's student files (nn_lib.py, nn_train.py and answers.toml for this package's) are taken,
and one notebook in place of the modules; everything else is counted and ignored however much of it there
is (a zipped virtualenv, a data folder). Archives are read defensively: no path from the archive is ever
used to write, symlinks and nested archives are skipped, and what is read is bounded in bytes whatever the
headers claim: the zip's central directory (its list of entries), each file taken, and all of them together.
A folder is searched breadth first, so shallow files are found first, looking at a bounded number of
entries for a bounded time. A problem with one part of the submission becomes a message naming it; only a
submission with nothing to grade in it raises SubmissionError, whose one line says what was expected.
"""
import os

from . import limits
from .folder_reader import from_folder
from .notebook_reader import from_notebook
from .submission import Intake, SubmissionError, expected_text
from .zip_reader import from_zip

__all__ = ["Intake", "SubmissionError", "expected_text", "limits", "printable", "take"]


def printable(text):
    """text safe to show: names that are not UTF-8 decoded with U+FFFD, control characters (line breaks,
    terminal escapes) as '?', so a file name cannot forge lines in the report."""
    try:
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    return "".join(c if c.isprintable() else "?" for c in text)


def take(path, folder, expected=None):
    """Fill folder (which must exist and be empty) from the submission at path, taking only the file
    names in expected (and a notebook). Returns an Intake.

    Raises SubmissionError, one line saying what was expected, only when path is not a submission at
    all: it does not exist, is not a zip, or holds none of the expected files nor a notebook."""
    try:
        if expected is None:
            from ... import spec
            expected = spec.load().student_files
        intake = _take(path, folder, tuple(expected))
    except SubmissionError as exc:
        raise SubmissionError(printable(str(exc))) from None
    intake.messages = [printable(m) for m in intake.messages]
    return intake


def _take(path, folder, expected):
    intake = Intake(folder, expected=expected)
    if os.path.isdir(path):
        intake.source_kind = "folder"
        from_folder(path, intake)
    elif path.endswith(".ipynb") and os.path.isfile(path):
        intake.source_kind = "notebook"
        if os.path.getsize(path) > limits.MAX_FILE_BYTES:
            raise SubmissionError(f"{os.path.basename(path)} is larger than {limits.MAX_FILE_BYTES >> 20} MiB")
        with open(path, "rb") as fh:
            intake.write(os.path.basename(path), fh.read())
    elif os.path.isfile(path):
        intake.source_kind = "zip"
        from_zip(path, intake)
    else:
        what = "is not a file or a folder" if os.path.lexists(path) else "does not exist"
        raise SubmissionError(f"{path} {what}: expected a .zip or a folder holding {expected_text(expected)}")
    if not intake.files:
        name = os.path.basename(os.path.normpath(path))
        raise SubmissionError("; ".join([f"nothing to grade in {name}: expected {expected_text(expected)}"]
                                        + intake.messages))
    if "submission.ipynb" in intake.files:
        from_notebook(intake)
    for name in intake.missing():
        intake.messages.append(f"{name} is missing from the submission: the cases that need it score 0")
    return intake
