"""Import a submission and run one case's driver on it, classifying whatever happens.

Shared by the autograder's worker (in its untrusted process) and the students' run_tests.py,
so both see the same statuses: ok, not_implemented, wrong_type, import_error, error.
Needs numpy alone.
"""
import importlib
import os
import re
import sys
import traceback

import numpy as np

try:                      # inside the autograder package
    from . import compare, drivers
except ImportError:       # in the worker's runner folder or the handout's tests/_grading
    import compare
    import drivers

STUDENT_MODULES = ("nn_lib", "nn_train")


def _defining_file(text):
    """'nn_lib.py' when text names a submitted module (module 'nn_lib') or a function or class one of
    them defines (Linear.forward() takes ...): for errors raised before any submitted line ran."""
    for name in STUDENT_MODULES:
        if f"module '{name}'" in text:
            return f"{name}.py"
    for word in re.findall(r"\b([A-Za-z_]\w*)(?:\.\w+)*\(\)", text):
        for name in STUDENT_MODULES:
            owner = getattr(vars(sys.modules[name]).get(word), "__module__", None) if name in sys.modules else None
            if owner in STUDENT_MODULES:
                return f"{owner}.py"
    return ""


def describe(exc, submission_dir):
    """'Type: message (file.py, line n)', naming the deepest frame in a submitted file. Never raises."""
    try:
        text = str(exc)
    except BaseException:  # a submitted exception's __str__ may raise anything
        text = "(its message could not be printed)"
    text = text.splitlines()[0][:300] if text.strip() else ""
    where = ""
    try:
        for frame in traceback.extract_tb(exc.__traceback__):
            if os.path.dirname(os.path.abspath(frame.filename)) == submission_dir:
                where = f" ({os.path.basename(frame.filename)}, line {frame.lineno})"
        if isinstance(exc, SyntaxError) and exc.filename:
            where = f" ({os.path.basename(exc.filename)}, line {exc.lineno})"
        if not where and _defining_file(text):
            where = f" ({_defining_file(text)})"
    except BaseException:
        pass
    return f"{type(exc).__name__}: {text}{where}" if text else f"{type(exc).__name__}{where}"


class Submission:
    """m.nn_lib / m.nn_train import the submitted module once; a failed import re-raises on every use."""

    def __init__(self, submission_dir):
        self.dir = os.path.abspath(submission_dir)
        self.failures = {}

    def load(self, name):
        if name in self.failures:
            raise ImportError(self.failures[name])
        if not os.path.exists(os.path.join(self.dir, name + ".py")):
            self.failures[name] = f"{name}.py is missing from the submission"
            raise ImportError(self.failures[name])
        try:
            return importlib.import_module(name)
        except BaseException as exc:  # a submission may raise anything at import, SystemExit included
            self.failures[name] = f"{name}.py failed to import: {describe(exc, self.dir)}"
            sys.modules.pop(name, None)
            raise ImportError(self.failures[name]) from None

    def load_all(self):
        for name in STUDENT_MODULES:
            try:
                self.load(name)
            except ImportError:
                pass
        return dict(self.failures)

    def __getattr__(self, name):
        if name in STUDENT_MODULES:
            return self.load(name)
        raise AttributeError(name)


def run(job, sub, interrupt=()):
    """Run job {"driver", "args"} on sub. Returns (status, message, {name: plain ndarray}).

    interrupt: exception types to let through (run_tests.py's own timeout)."""
    np.random.seed(0)
    try:
        raw = drivers.DRIVERS[job["driver"]](sub, **job["args"])
        if type(raw) is not dict:
            raise compare.WrongOutput("the case produced no outputs")
        return "ok", "", {str(k): compare.plain_array(v, str(k)) for k, v in raw.items()}
    except interrupt:
        raise
    except NotImplementedError as exc:
        return "not_implemented", describe(exc, sub.dir), {}
    except compare.WrongOutput as exc:
        return "wrong_type", str(exc), {}
    except ImportError as exc:
        return "import_error", str(exc), {}
    except BaseException as exc:  # SystemExit, KeyboardInterrupt and the rest: still just this case
        return "error", describe(exc, sub.dir), {}
