"""Turn a submission (.zip, folder or .ipynb) into a folder holding only the expected files.

Only the homework's student files (nn_lib.py, nn_train.py and answers.toml for this package's) are taken,
and one notebook in place of the modules; everything else is counted and ignored however much of it there
is (a zipped virtualenv, a data folder). Archives are read defensively: no path from the archive is ever
used to write, symlinks and nested archives are skipped, and what is read is bounded in bytes whatever the
headers claim: the zip's central directory (its list of entries), each file taken, and all of them together.
A folder is searched breadth first, so shallow files are found first, looking at a bounded number of
entries for a bounded time. A problem with one part of the submission becomes a message naming it; only a
submission with nothing to grade in it raises SubmissionError, whose one line says what was expected.
"""
import io
import os
import stat
import time
import zipfile
from collections import deque
from dataclasses import dataclass, field

MAX_DIRECTORY_BYTES = 16 << 20  # the zip's central directory: about 110,000 entries with 100-byte names
MAX_FILE_BYTES = 5 << 20        # each file taken
MAX_TOTAL_BYTES = 50 << 20      # all files taken from one zip
MAX_DEPTH = 4                   # folders above a file taken
MAX_VISITED = 200_000           # entries of a submitted folder looked at before the search stops
MAX_WALK_SECONDS = 10.0         # time spent looking through a submitted folder
SHOWN = 10                      # skipped entries named in the message; the others are counted
NOTEBOOK = "*.ipynb"            # the key all notebooks compete under: only one is taken


@dataclass
class Intake:
    """files: {expected name: path in the intake folder}; messages: what the student should know;
    ignored: how many entries of the submission were neither taken nor skipped for a reason (other files,
    the copies of a file that were not chosen, what is in hidden folders); taken_from: where the files were."""
    folder: str
    files: dict = field(default_factory=dict)
    messages: list = field(default_factory=list)
    source_kind: str = ""
    notebook_name: str = ""
    expected: tuple = ()                   # the file names a submission of this homework may hold
    ignored: int = 0
    taken_from: list = field(default_factory=list)
    line_maps: dict = field(default_factory=dict)   # {module made from the notebook: its line map}, for messages

    def missing(self):
        return [name for name in self.expected if name not in self.files]

    def wanted(self, name):
        return name in self.expected or name.endswith(".ipynb")

    @property
    def modules(self):
        return [n for n in self.expected if n.endswith(".py")]


class SubmissionError(Exception):
    """The submission as a whole cannot be read (not a zip, not a folder, nothing to grade in it, ...)."""


def expected_text(expected):
    """What a submission should hold, for messages: 'nn_lib.py, nn_train.py and answers.toml, or a notebook (.ipynb)'."""
    names = list(expected)
    listed = names[-1] if len(names) < 2 else ", ".join(names[:-1]) + " and " + names[-1]
    return listed + (", or a notebook (.ipynb)" if any(n.endswith(".py") for n in names) else "")


class _Left:
    """What intake leaves out: entries skipped for a reason (the first SHOWN are named, the others counted)
    and entries ignored (counted, and the first few places they are in named)."""

    def __init__(self):
        self.skipped, self.more_skipped, self.ignored = [], 0, []

    def skip(self, path, reason):
        if len(self.skipped) < SHOWN:
            self.skipped.append(f"{path} ({reason})")
        else:
            self.more_skipped += 1

    def ignore(self, path):
        """path: '/'-joined below the submission, ending in '/' for a folder not looked into."""
        self.ignored.append(path)

    def places(self, root, most=3):
        """Up to most + 1 distinct places of the ignored entries, below root (the taken files' folder)."""
        found = []
        for path in self.ignored:
            rest = path[len(root):] if path.startswith(root) else path
            head, slash, _ = rest.partition("/")
            place = head[:40] + slash
            if place not in found:
                found.append(place)
                if len(found) > most:
                    break
        return found

    def report(self, intake):
        """Add the messages (skipped first, ignored last) and the count of ignored entries to intake."""
        if self.skipped:
            more = f" and {self.more_skipped:,} more" if self.more_skipped else ""
            intake.messages.insert(0, "skipped: " + ", ".join(self.skipped) + more)
        n = len(self.ignored)
        intake.ignored += n
        if n:
            folders = {os.path.dirname(p) for p in intake.taken_from}
            root = folders.pop() + "/" if len(folders) == 1 and "" not in folders else ""
            places = self.places(root)
            where = ", ".join(places[:3]) + (", ..." if len(places) > 3 else "")
            intake.messages.append(f"ignored {n:,} other entr{'y' if n == 1 else 'ies'} ({where})")


def _key(name):
    """The name candidates compete under: their own, or NOTEBOOK for every notebook."""
    return NOTEBOOK if name.endswith(".ipynb") else name


def _listed(paths):
    shown = ", ".join(f"'{p}'" for p in paths[:3])
    return shown + (f" and {len(paths) - 3:,} more" if len(paths) > 3 else "")


def _choose(candidates, messages):
    """The one of candidates ('/'-joined paths, all of one key) to take: the shallowest, then the first in
    order. Says where it came from and, when copies compete at its depth (any other notebook, for a
    notebook), which were ignored."""
    candidates.sort(key=lambda p: (p.count("/"), p))
    best = candidates[0]
    name = best.rsplit("/", 1)[-1]
    if "/" in best:
        messages.append(f"{name}: taken from the folder '{best.rsplit('/', 1)[0]}/'")
    if name.endswith(".ipynb"):
        if len(candidates) > 1:
            messages.append(f"only one notebook is graded, '{best}': ignored {_listed(candidates[1:])}")
    else:
        rivals = [p for p in candidates[1:] if p.count("/") == best.count("/")]
        if rivals:
            messages.append(f"{name}: several copies found; graded '{best}', ignored {_listed(rivals)}")
    return best


class _DirectoryTooLarge(Exception):
    """Raised by _BoundedFile when opening the zip would read more than MAX_DIRECTORY_BYTES."""


class _BoundedFile(io.FileIO):
    """The zip file, read by zipfile. While `budget` is set (while zipfile reads the central directory, all
    of which it keeps in memory), reading more than budget bytes in all raises _DirectoryTooLarge first."""
    budget = None

    def read(self, size=-1):
        if self.budget is not None:
            if size is None or size < 0:
                size = max(0, os.fstat(self.fileno()).st_size - self.tell())
            self.budget -= size
            if self.budget < 0:
                raise _DirectoryTooLarge()
        return super().read(size)


def _open_zip(fh, name, expected):
    """zipfile.ZipFile over the open _BoundedFile fh; SubmissionError if it is not a zip or its central
    directory is over MAX_DIRECTORY_BYTES."""
    fh.budget = MAX_DIRECTORY_BYTES + (1 << 17)     # + the end records and a comment: at most 64 KiB and a bit
    try:
        zf = zipfile.ZipFile(fh)
    except _DirectoryTooLarge:
        raise SubmissionError(f"{name}: its list of entries (the zip's central directory) is over "
                              f"{MAX_DIRECTORY_BYTES / (1 << 20):g} MiB, too many to read: zip only "
                              f"{expected_text(expected)}") from None
    except UnicodeDecodeError:
        raise SubmissionError(f"{name}: a file name in the zip is marked UTF-8 but is not; "
                              "re-create the zip with your system's zip tool") from None
    except Exception as exc:  # a crafted archive can make zipfile raise almost anything
        raise SubmissionError(f"{name} is not a readable zip file ({type(exc).__name__}: {exc}): "
                              f"expected a .zip or a folder holding {expected_text(expected)}") from None
    fh.budget = None
    return zf


def _from_zip(path, intake):
    with _BoundedFile(path) as fh, _open_zip(fh, os.path.basename(path), intake.expected) as zf:
        left, by_key = _Left(), {}
        for info in zf.infolist():
            raw = info.filename.replace("\\", "/")
            parts = [p for p in raw.split("/") if p not in ("", ".")]
            if info.is_dir() or not parts:
                continue
            base = parts[-1]
            if "__MACOSX" in parts or base.startswith("._"):
                continue                                    # the Mac's metadata, not the student's files
            hidden = any(p.startswith(".") for p in parts[:-1])    # in .venv, .ipynb_checkpoints, ..
            if not intake.wanted(base):
                if base.endswith(".zip") and not hidden and len(parts) <= MAX_DEPTH + 1:
                    left.skip(raw, "nested archives are not opened")
                else:
                    left.ignore("/".join(parts))
            elif raw.startswith("/") or ".." in parts or (len(raw) > 1 and raw[1] == ":"):
                left.skip(raw, "unsafe path")
            elif stat.S_ISLNK(info.external_attr >> 16):
                left.skip(raw, "symbolic link")
            elif hidden:
                left.ignore("/".join(parts))                # as a folder's hidden folders are not searched
            elif len(parts) > MAX_DEPTH + 1:
                left.skip(raw, "nested too deep")
            else:
                by_key.setdefault(_key(base), []).append(("/".join(parts), info))
        total = 0
        for key, entries in sorted(by_key.items()):
            paths = [p for p, _ in entries]
            chosen = _choose(paths, intake.messages)        # sorts paths: the others follow the chosen one
            for p in paths[1:]:
                left.ignore(p)
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
            _write(intake, chosen.rsplit("/", 1)[-1], data)
            intake.taken_from.append(chosen)
        left.report(intake)


def _walk(path, intake, left):
    """{key: ['/'-joined paths of the wanted regular files]} in the folder at path, breadth first, not
    entering hidden folders, __MACOSX or folders deeper than MAX_DEPTH, nor following links; stops after
    MAX_VISITED entries or MAX_WALK_SECONDS, saying so."""
    found, queue, visited = {}, deque([[]]), 0
    deadline = time.monotonic() + MAX_WALK_SECONDS
    while queue:
        rel, folders = queue.popleft(), []
        try:
            with os.scandir(os.path.join(path, *rel)) as entries:
                for entry in entries:
                    visited += 1
                    if visited > MAX_VISITED or (visited % 1000 == 0 and time.monotonic() > deadline):
                        intake.messages.append(f"stopped looking after {visited - 1:,} entries: "
                                               "files further in the folder were not searched")
                        return found
                    parts = rel + [entry.name]
                    if entry.is_dir(follow_symlinks=False):
                        if entry.name.startswith(".") or entry.name == "__MACOSX" or len(parts) > MAX_DEPTH:
                            left.ignore("/".join(parts) + "/")
                        else:
                            folders.append(parts)
                    elif not intake.wanted(entry.name):
                        left.ignore("/".join(parts))
                    elif entry.is_symlink():
                        left.skip("/".join(parts), "symbolic link")
                    elif not entry.is_file(follow_symlinks=False):
                        left.skip("/".join(parts), "not a regular file")
                    else:
                        found.setdefault(_key(entry.name), []).append("/".join(parts))
        except OSError as exc:
            left.skip(("/".join(rel) or ".") + "/", f"could not be read: {exc.strerror or exc}")
        queue.extend(sorted(folders))
    return found


def _read_regular(full):
    """Up to MAX_FILE_BYTES + 1 bytes of the regular file at full, not following a link (OSError otherwise)."""
    fd = os.open(full, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with open(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError("not a regular file")
        return fh.read(MAX_FILE_BYTES + 1)


def _from_folder(path, intake):
    left = _Left()
    for key, paths in sorted(_walk(path, intake, left).items()):
        chosen = _choose(paths, intake.messages)            # sorts paths: the others follow the chosen one
        for p in paths[1:]:
            left.ignore(p)
        try:
            data = _read_regular(os.path.join(path, *chosen.split("/")))
        except OSError as exc:
            intake.messages.append(f"{chosen}: could not be read ({exc.strerror or exc})")
            continue
        if len(data) > MAX_FILE_BYTES:
            intake.messages.append(f"{chosen}: larger than {MAX_FILE_BYTES >> 20} MiB, not graded")
            continue
        _write(intake, chosen.rsplit("/", 1)[-1], data)
        intake.taken_from.append(chosen)
    left.report(intake)


def _write(intake, name, data):
    if name.endswith(".ipynb") and "submission.ipynb" not in intake.files:
        intake.notebook_name, name = name, "submission.ipynb"
    dest = os.path.join(intake.folder, name)
    with open(dest, "wb") as fh:
        fh.write(data)
    intake.files[name] = dest


def _from_notebook(intake):
    """The notebook's code cells become the first module (nn_lib.py) where it was not given, the other
    modules (nn_train.py) import everything from it, and its `%%writefile answers.toml` cell becomes
    answers.toml where that was not given. Nothing of the notebook runs here; the line map from the
    module's lines to the cells is kept (trusted) for the grader to rewrite the worker's messages."""
    from . import notebook_intake
    nb_path = intake.files.pop("submission.ipynb")
    for name in [n for n in intake.files if n.endswith(".ipynb")]:
        intake.messages.append(f"{name}: ignored, only one notebook is graded")
        os.remove(intake.files.pop(name))
    name = intake.notebook_name or "the notebook"
    with open(nb_path, "rb") as fh:
        raw = fh.read()
    os.remove(nb_path)                      # the worker gets the modules, not the notebook
    try:
        nb = notebook_intake.convert(raw, name)
    except notebook_intake.NotebookError as exc:
        intake.messages.append(str(exc))
        return
    intake.messages += nb.notes
    first, *others = intake.modules
    if first in intake.files:
        intake.messages.append(f"a notebook and {first} were both submitted: {first} is graded, "
                               "the notebook's code is ignored")
    else:
        for module, text in notebook_intake.module_files(nb, [m[:-3] for m in intake.modules]).items():
            if module not in intake.files:
                _write(intake, module, text.encode())
        intake.line_maps[first] = nb.line_map
        intake.source_kind += "+notebook"
        also = f" ({', '.join(others)} import{'s' if len(others) == 1 else ''} everything from it)" if others else ""
        intake.messages.append(f"{name}: its code cells are graded as {first}{also}")
    answers = next((n for n in intake.expected if n.endswith(".toml")), None)
    if answers in nb.files:
        cell = f"{nb.labels[answers]}, %%writefile {answers}"
        if answers in intake.files:
            intake.messages.append(f"{answers} and an answers cell of {name} ({cell}) were both submitted: "
                                   f"the file {answers} is graded, the cell is ignored")
        else:
            _write(intake, answers, nb.files[answers].encode())
            intake.messages.append(f"{answers}: read from {name} ({cell})")


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
        what = "is not a file or a folder" if os.path.lexists(path) else "does not exist"
        raise SubmissionError(f"{path} {what}: expected a .zip or a folder holding {expected_text(expected)}")
    if not intake.files:
        name = os.path.basename(os.path.normpath(path))
        raise SubmissionError("; ".join([f"nothing to grade in {name}: expected {expected_text(expected)}"]
                                        + intake.messages))
    if "submission.ipynb" in intake.files:
        _from_notebook(intake)
    for name in intake.missing():
        intake.messages.append(f"{name} is missing from the submission: the cases that need it score 0")
    return intake
