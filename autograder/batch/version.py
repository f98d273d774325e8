"""What a grade depends on, and its hash: the grading version.

A grade is a function of the submission, the homework's grading files (homework.toml, its cases, its
drivers and their data, the recorded expected arrays) and the engine's source (autograder/engine/,
spec.py, npzio.py). The grading version is the sha256 of the last two; a rerun regrades a submission
when its own sha256 or this version changed. The same homework files travel to a Dask worker as bytes
(ship / unship), so a worker needs this package installed and nothing of the client's disk.
"""
import atexit
import hashlib
import os
import shutil
import tempfile

from .. import paths, spec

ENGINE_FILES = ("spec.py", "npzio.py")
ENGINE_FOLDER = "engine"
_UNSHIPPED = {}


def _relative(hw, path):
    rel = os.path.relpath(path, hw.folder)
    if rel.startswith(".." + os.sep) or rel == ".." or os.path.isabs(rel):
        raise spec.HomeworkError(f"{path} lies outside the homework folder {hw.folder}: a batch ships that folder "
                                 "to its workers, so keep every grading file inside it")
    return rel.replace(os.sep, "/")


def homework_files(hw):
    """((relative path, bytes), ...) of the homework's grading files, sorted."""
    wanted = [os.path.join(hw.folder, spec.MANIFEST), hw.cases_file, hw.drivers_file, *hw.driver_data,
              hw.visible_npz, hw.hidden_npz]
    if os.path.isfile(hw.timing_json):
        wanted.append(hw.timing_json)                # the calibrated time limits (engine/sandbox/budget.py)
    if os.path.isfile(hw.hints_json):
        wanted.append(hw.hints_json)                 # the mistakes' fingerprints (author/hints.py): the hints
    files = {}
    for path in wanted:
        if not os.path.isfile(path):
            raise FileNotFoundError(f"{path} is missing: run `python -m autograder record` to record the expected arrays")
        with open(path, "rb") as fh:
            files[_relative(hw, path)] = fh.read()
    return tuple(sorted(files.items()))


def engine_files():
    """((path relative to the package, bytes), ...) of the engine's source, sorted."""
    found = [os.path.join(paths.PACKAGE, name) for name in ENGINE_FILES]
    for dirpath, dirnames, names in os.walk(os.path.join(paths.PACKAGE, ENGINE_FOLDER)):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        found += [os.path.join(dirpath, n) for n in names if n.endswith(".py")]
    files = []
    for path in sorted(found):
        with open(path, "rb") as fh:
            files.append((os.path.relpath(path, paths.PACKAGE).replace(os.sep, "/"), fh.read()))
    return tuple(files)


def _digest(groups):
    h = hashlib.sha256()
    for label, files in groups:
        h.update(label.encode() + b"\0")
        for rel, data in files:
            h.update(rel.encode() + b"\0" + len(data).to_bytes(8, "big"))
            h.update(data)
    return h.hexdigest()


def grading_version(hw, shipped=None):
    """The grading version (64 hex digits) of homework hw with this installation's engine, read from the
    files now; shipped: its homework_files() when already read."""
    files = shipped if shipped is not None else homework_files(hw)
    return _digest([("homework", files), ("engine", engine_files())])


def ship(hw):
    """The homework as data for a worker without the client's disk: {"digest", "files"}."""
    files = homework_files(hw)
    return {"digest": _digest([("homework", files)]), "files": files}


def unship(shipment):
    """(spec.Homework, grading version) of a shipment, written once per process into a private folder
    removed at exit."""
    digest = shipment["digest"]
    if digest not in _UNSHIPPED:
        folder = tempfile.mkdtemp(prefix=f"nn-batch-{os.getpid()}-homework-")
        atexit.register(shutil.rmtree, folder, True)
        for rel, data in shipment["files"]:
            parts = rel.split("/")
            if any(p in ("", ".", "..") for p in parts):
                raise ValueError(f"unsafe path in a homework shipment: {rel!r}")
            dest = os.path.join(folder, *parts)
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            with open(dest, "wb") as fh:
                fh.write(data)
        hw = spec.Homework(folder)
        _UNSHIPPED[digest] = (hw, grading_version(hw, shipment["files"]))
    return _UNSHIPPED[digest]
