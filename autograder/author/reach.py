"""Which solution lines each case runs: the reference run of every case's driver under a line trace.

The instructor's machine only: the annotated solution is imported in this process (it is the trusted
reference) and each case's driver runs on it as the worker would run it (numpy's global seed 0 first).
Only frames of the solution's files are line-traced, so the run stays fast. Cases of the written answers
(driver "answer") run the solution's answer-key module's answer_key().
"""
import contextlib
import hashlib
import importlib
import importlib.util
import os
import sys
import types

import numpy as np

from . import markers


class ReachError(RuntimeError):
    """The reference could not be run under the trace; the message names the case."""


def _load_drivers(hw):
    """The homework's DRIVERS, loaded from its drivers file under a name of its own."""
    name = "_homework_drivers_" + hashlib.sha256(hw.drivers_file.encode()).hexdigest()[:12]
    spec = importlib.util.spec_from_file_location(name, hw.drivers_file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.DRIVERS


@contextlib.contextmanager
def _solution_imported(hw):
    """A namespace m with m.<module> for each submitted module of hw, imported from hw.solution;
    sys.path and sys.modules are restored afterwards."""
    names = [*hw.modules, *([hw.answer_key_module] if hw.answer_key_module else [])]
    saved_path, saved = list(sys.path), {n: sys.modules.pop(n) for n in names if n in sys.modules}
    sys.path.insert(0, hw.solution)
    try:
        m = types.SimpleNamespace()
        for name in names:
            if os.path.isfile(os.path.join(hw.solution, name + ".py")):
                setattr(m, name, importlib.import_module(name))
        yield m
    finally:
        for name in names:
            sys.modules.pop(name, None)
        sys.modules.update(saved)
        sys.path[:] = saved_path


def _traced(run, files):
    """(run()'s result, {(file, line)} of every line of the given files that ran)."""
    seen = set()

    def local(frame, event, arg):
        if event == "line":
            seen.add((frame.f_code.co_filename, frame.f_lineno))
        return local

    def call(frame, event, arg):
        if frame.f_code.co_filename in files:
            seen.add((frame.f_code.co_filename, frame.f_lineno))
            return local
        return None

    old = sys.gettrace()
    sys.settrace(call)
    try:
        result = run()
    finally:
        sys.settrace(old)
    return result, seen


def lines_run(hw):
    """{case id: {(absolute solution file, line number)}} for every case of hw, by the reference."""
    files = {os.path.join(hw.solution, f"{n}.py") for n in hw.modules}
    if hw.answer_key_module:
        files.add(os.path.join(hw.solution, f"{hw.answer_key_module}.py"))
    drivers = _load_drivers(hw)
    out, answer_lines = {}, None
    with _solution_imported(hw) as m:
        for case in hw.cases:
            if case.driver == "answer":
                if answer_lines is None:
                    key = getattr(m, hw.answer_key_module or "", None)
                    if key is None:
                        raise ReachError(f"{case.id}: the solution has no answer-key module to run")
                    _, answer_lines = _traced(key.answer_key, files)
                out[case.id] = answer_lines
                continue
            if case.driver not in drivers:
                raise ReachError(f"{case.id}: no driver named {case.driver!r} in {hw.drivers_file}")
            np.random.seed(0)
            try:
                _, out[case.id] = _traced(lambda: drivers[case.driver](m, **case.args), files)
            except Exception as exc:
                raise ReachError(f"{case.id}: the reference raised {type(exc).__name__}: {exc}") from None
    return out


def solution_regions(hw):
    """[(absolute file, Region, range of the line numbers its code occupies)] of every solution region
    in the submitted modules of hw."""
    out = []
    for name in hw.modules:
        path = os.path.join(hw.solution, f"{name}.py")
        if not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        lines = text.splitlines()
        for region in markers.regions(text, path):
            if markers.BEGIN.match(lines[region.start - 1]):       # a block: its code follows the marker
                span = range(region.start + 1, region.start + 1 + len(region.lines))
            else:                                                   # one '# SOLUTION' line
                span = range(region.start, region.start + 1)
            out.append((path, region, span))
    return out
