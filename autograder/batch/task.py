"""Grading one submission where a worker runs (a local pool process or a Dask worker); plain data back.

The worker gets the submission as a Payload (bytes) and, on Dask, the homework as a shipment (bytes):
it unpacks both into private scratch folders, grades with the engine and returns a dict of plain
values: every case's result, the intake messages, the isolation level, the seconds, the grading
version this installation computes, and the training plots as PNG bytes. It writes nothing the
client reads from disk; the client writes every file of the batch.

What is done once per process (the homework, its expected arrays, its grading version) is done in
init_pool for a pool process and cached per shipment on a Dask worker.
"""
import ctypes
import os
import signal
import tempfile
import time
import traceback
from dataclasses import asdict

ONE_BLAS_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
PR_SET_PDEATHSIG = 1
SCRATCH_PREFIX = "nn-batch-"          # + pid + "-": a killed process's scratch can be told and removed
SWEPT_PREFIXES = (SCRATCH_PREFIX, "nn-intake-")   # the engine's intake folders carry their pid the same way
_LOCAL = {}
_SHIPPED = {}


def _loaded(hw, grading_version):
    from ..engine import grade
    return {"homework": hw, "expected": grade.load_expected(hw.expected_dir), "version": grading_version}


def init_pool(homework_folder):
    """Initializer of a local pool process: one BLAS thread, die with the batch, load the homework once.
    Ctrl-C is the batch's to handle (ignored here); SIGTERM from the batch stops a grading cleanly."""
    from . import stopping
    os.environ.update(ONE_BLAS_THREAD)
    stopping.install()
    parent = os.getppid()
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:       # the batch died before prctl took effect
        os._exit(1)
    from .. import spec
    from . import version
    _remove_scratch_of_dead_processes()
    hw = spec.Homework(homework_folder)
    _LOCAL.update(_loaded(hw, version.grading_version(hw)))


def _remove_scratch_of_dead_processes():
    """Remove the scratch folders (the batch's and the engine's intake folders) of this user's processes that were
    killed: SIGKILL leaves them behind, and the pid in their name tells a dead owner from a live one."""
    import shutil
    folder = tempfile.gettempdir()
    for name in os.listdir(folder):
        prefix = next((p for p in SWEPT_PREFIXES if name.startswith(p)), None)
        pid = name[len(prefix):].split("-", 1)[0] if prefix else ""
        path = os.path.join(folder, name)
        if not pid.isdigit() or os.path.exists(f"/proc/{pid}"):
            continue
        try:
            if os.lstat(path).st_uid == os.geteuid():
                shutil.rmtree(path, ignore_errors=True)
        except OSError:
            pass


def grade_local(payload, question_ids, plots=True):
    """A pool task: grade payload with the homework init_pool loaded."""
    from . import stopping
    with stopping.grading():
        return grade_loaded(_LOCAL, payload, question_ids, plots)


def grade_remote(payload, question_ids, shipment, plots=True):
    """A Dask task: grade payload with the shipped homework (unpacked once per worker process)."""
    from . import version
    os.environ.update(ONE_BLAS_THREAD)
    if shipment["digest"] not in _SHIPPED:
        if not _SHIPPED:
            _remove_scratch_of_dead_processes()
        hw, grading_version = version.unship(shipment)
        _SHIPPED[shipment["digest"]] = _loaded(hw, grading_version)
    return grade_loaded(_SHIPPED[shipment["digest"]], payload, question_ids, plots)


def _plots(result, hw, expected, folder):
    """({file name: PNG bytes} of the visible training cases' plots, note when none could be drawn)."""
    from ..engine import plots, scoring
    found = {}
    try:
        for case_id, arrays in sorted(result.outputs.items()):
            case = hw.by_id[case_id].spec()
            for path in plots.save_case_plots(case, arrays, scoring.expected_for(case_id, expected), folder):
                with open(path, "rb") as fh:
                    found[os.path.basename(path)] = fh.read()
    except plots.PlotsUnavailable as exc:
        return {}, f"no plots: {exc}"
    return found, ""


def grade_loaded(state, payload, question_ids, plots=True):
    """Grade payload against state's homework; question_ids: the questions to grade (None: all); plots:
    whether to draw the training plots. Returns a dict; never raises for a failure of the autograder
    (ok is then False)."""
    from ..engine import grade
    from . import payload as payloads
    start = time.monotonic()
    hw, expected = state["homework"], state["expected"]
    try:
        with tempfile.TemporaryDirectory(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-") as scratch:
            path = payloads.unpack(payload, scratch)
            selected = hw.cases if question_ids is None else hw.select(set(question_ids))
            result = grade.grade(path, selected, expected=expected, homework=hw)
            drawn, plots_note = _plots(result, hw, expected, os.path.join(scratch, "plots")) if plots else ({}, "")
        return {"ok": True, "cases": [asdict(r) for r in result.results], "messages": list(result.messages),
                "unreadable": getattr(result, "unreadable", ""),
                "isolation": dict(result.isolation), "seconds": result.seconds, "plots": drawn,
                "plots_note": plots_note, "version": state["version"]}
    except Exception as exc:      # the autograder failed on this one: say so, the batch goes on
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc(),
                "seconds": time.monotonic() - start, "version": state["version"]}
