"""Turn a submission (.zip, folder or .ipynb) into a folder holding only the expected files.

Only the homework's student files (nn_lib.py, nn_train.py and answers.toml for this package's) are taken (and a
notebook in place of the modules). Archives
are read defensively: no path from the archive is ever used to write, symlinks and nested archives
are skipped, and the number of entries and the bytes read are capped whatever the headers claim.
Every problem becomes a message that names the file; nothing here raises for a bad submission.
"""
import os
import stat
import zipfile
from dataclasses import dataclass, field

MAX_ENTRIES = 10_000
MAX_FILE_BYTES = 5 << 20
MAX_TOTAL_BYTES = 50 << 20
MAX_DEPTH = 4


@dataclass
class Intake:
    """files: {expected name: path in the intake folder}; messages: what the student should know."""
    folder: str
    files: dict = field(default_factory=dict)
    messages: list = field(default_factory=list)
    source_kind: str = ""
    notebook_name: str = ""
    expected: tuple = ()                   # the file names a submission of this homework may hold

    def missing(self):
        return [name for name in self.expected if name not in self.files]

    def wanted(self, name):
        return name in self.expected or name.endswith(".ipynb")

    @property
    def modules(self):
        return [n for n in self.expected if n.endswith(".py")]


class SubmissionError(Exception):
    """The submission as a whole cannot be read (not a zip, not a folder, ...)."""


def _depth(parts):
    return len(parts) - 1


def _choose(candidates, name, messages):
    """Pick the shallowest candidate path for name; say so when several compete."""
    if not candidates:
        return None
    candidates.sort(key=lambda p: (_depth(p.split("/")), p))
    best = candidates[0]
    if "/" in best:
        messages.append(f"{name}: taken from the folder '{best.rsplit('/', 1)[0]}/'")
    if len(candidates) > 1 and _depth(candidates[1].split("/")) == _depth(best.split("/")):
        messages.append(f"{name}: several copies found; graded '{best}', ignored {candidates[1:]}")
    return best


def _from_zip(path, intake):
    try:
        zf = zipfile.ZipFile(path)
    except UnicodeDecodeError:
        raise SubmissionError(f"{os.path.basename(path)}: a file name in the zip is marked UTF-8 but is not; "
                              "re-create the zip with your system's zip tool") from None
    except Exception as exc:  # a crafted archive can make zipfile raise almost anything
        raise SubmissionError(f"{os.path.basename(path)} is not a readable zip file ({type(exc).__name__}: {exc})") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ENTRIES:
            raise SubmissionError(f"the zip has {len(infos)} entries; at most {MAX_ENTRIES} are accepted")
        by_name, skipped = {}, []
        for info in infos:
            raw = info.filename.replace("\\", "/")
            parts = [p for p in raw.split("/") if p not in ("", ".")]
            if info.is_dir() or not parts:
                continue
            mode = info.external_attr >> 16
            base = parts[-1]
            if not intake.wanted(base):
                if base.endswith(".zip"):
                    skipped.append(f"{raw} (nested archives are not opened)")
                continue
            if raw.startswith("/") or ".." in parts or (len(raw) > 1 and raw[1] == ":"):
                skipped.append(f"{raw} (unsafe path)")
                continue
            if stat.S_ISLNK(mode):
                skipped.append(f"{raw} (symbolic link)")
                continue
            if "__MACOSX" in parts or base.startswith("._"):
                continue
            if len(parts) > MAX_DEPTH + 1:
                skipped.append(f"{raw} (nested too deep)")
                continue
            by_name.setdefault(base, []).append(("/".join(parts), info))
        if skipped:
            intake.messages.append("skipped: " + ", ".join(skipped[:10]) + (" ..." if len(skipped) > 10 else ""))
        total = 0
        for base, entries in sorted(by_name.items()):
            chosen = _choose([p for p, _ in entries], base, intake.messages)
            info = dict(entries)[chosen]
            try:
                with zf.open(info) as src:
                    data = src.read(MAX_FILE_BYTES + 1)
            except Exception as exc:  # corrupt data, bad CRC, encryption, unknown compression, ...
                intake.messages.append(f"{chosen}: could not be extracted ({exc})")
                continue
            if len(data) > MAX_FILE_BYTES:
                intake.messages.append(f"{chosen}: larger than {MAX_FILE_BYTES >> 20} MiB, not graded")
                continue
            total += len(data)
            if total > MAX_TOTAL_BYTES:
                raise SubmissionError(f"the zip expands to more than {MAX_TOTAL_BYTES >> 20} MiB")
            _write(intake, base, data)


def _from_folder(path, intake):
    found = {}
    for dirpath, dirnames, filenames in os.walk(path, followlinks=False):
        rel = os.path.relpath(dirpath, path)
        depth = 0 if rel == "." else rel.count(os.sep) + 1
        if depth >= MAX_DEPTH:
            dirnames[:] = []
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "__MACOSX")
        for name in filenames:
            full = os.path.join(dirpath, name)
            if intake.wanted(name) and os.path.isfile(full) and not os.path.islink(full):
                found.setdefault(name, []).append("/".join(([] if rel == "." else rel.split(os.sep)) + [name]))
    for base, paths in sorted(found.items()):
        chosen = _choose(paths, base, intake.messages)
        full = os.path.join(path, *chosen.split("/"))
        if os.path.getsize(full) > MAX_FILE_BYTES:
            intake.messages.append(f"{chosen}: larger than {MAX_FILE_BYTES >> 20} MiB, not graded")
            continue
        with open(full, "rb") as fh:
            _write(intake, base, fh.read())


def _write(intake, name, data):
    if name.endswith(".ipynb") and "submission.ipynb" not in intake.files:
        intake.notebook_name, name = name, "submission.ipynb"
    dest = os.path.join(intake.folder, name)
    with open(dest, "wb") as fh:
        fh.write(data)
    intake.files[name] = dest


def _from_notebook(intake):
    """Use the notebook's code as the first module (nn_lib.py) where it was not given; the other modules
    (nn_train.py) import everything from it."""
    from .notebook_intake import notebook_to_module, NotebookError
    nb_path = intake.files.pop("submission.ipynb")
    for name in [n for n in intake.files if n.endswith(".ipynb")]:
        intake.messages.append(f"{name}: ignored, only one notebook is graded")
        intake.files.pop(name)
    first, *others = intake.modules
    if first in intake.files:
        intake.messages.append(f"a notebook and {first} were both submitted: {first} is graded, the notebook is ignored")
        return
    try:
        code = notebook_to_module(nb_path, intake.notebook_name or "the notebook")
    except NotebookError as exc:
        intake.messages.append(str(exc))
        return
    _write(intake, first, code.encode())
    for name in others:
        if name not in intake.files:
            _write(intake, name, f"from {first[:-3]} import *  # the notebook holds every file's code\n".encode())
    intake.source_kind += "+notebook"


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

    Raises SubmissionError only when path is not a submission at all."""
    try:
        if expected is None:
            from .. import spec
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
        _from_folder(path, intake)
    elif path.endswith(".ipynb") and os.path.isfile(path):
        intake.source_kind = "notebook"
        if os.path.getsize(path) > MAX_FILE_BYTES:
            raise SubmissionError(f"{os.path.basename(path)} is larger than {MAX_FILE_BYTES >> 20} MiB")
        with open(path, "rb") as fh:
            _write(intake, os.path.basename(path), fh.read())
    elif os.path.isfile(path):
        intake.source_kind = "zip"
        _from_zip(path, intake)
    else:
        raise SubmissionError(f"{path} does not exist")
    if "submission.ipynb" in intake.files:
        _from_notebook(intake)
    for name in intake.missing():
        intake.messages.append(f"{name} is missing from the submission: the cases that need it score 0")
    return intake
