"""The one interface between the engine and a homework.

A homework is a folder holding `homework.toml`, which names its parts:

    title = "Neural networks from scratch"
    student_files = ["nn_lib.py", "nn_train.py", "answers.toml"]   # all a submission may hold
    cases = "cases.py"            # QUESTIONS and CASES, built with Question and Case below
    drivers = "drivers.py"        # DRIVERS: {name: fn(m, **args) -> {output: array}}; runs in the worker
    driver_data = ["mnist_subset.npz"]   # files the drivers read, copied beside them
    expected = "expected"         # visible.npz and hidden.npz, written by `record`
    answer_key = "written_answers"       # module of the solution whose answer_key() gives the written answers
    plot_drivers = ["train_network"]     # drivers whose outputs are learning curves (feedback plots)
    total = 100                   # the questions' points must sum to it (checked by `check`)

    [author]                      # only the authoring verbs read these; paths relative to this folder
    solution = "../../solution"
    handout = "../../handout"
    reference = "../../dist/reference"

The engine and the authoring tools reach a homework only through `Homework`: they never import a
homework's modules by name. Its cases module is loaded from its file; its drivers and data travel to
the worker as files. `Question` and `Case` are the vocabulary a homework's cases module uses.
"""
import hashlib
import importlib.util
import os
import sys
from dataclasses import asdict, dataclass, field
from functools import cached_property

from . import paths


@dataclass(frozen=True)
class Question:
    id: str
    title: str
    points: float


@dataclass(frozen=True)
class Case:
    id: str
    question: str
    driver: str
    args: dict = field(default_factory=dict)
    points: float = 1.0
    visible: bool = True
    rtol: float = 1e-6
    atol: float = 1e-9
    timeout: float = 5.0
    thresholds: dict = field(default_factory=dict)   # output -> allowed excess over the reference's value
    note: str = ""

    def spec(self):
        """JSON-ready description, as stored in the handout's tests/cases.json."""
        return asdict(self)


def cases_of(question, *rows):
    """Cases of one question from rows (name, driver, args, points, visible[, extra Case fields])."""
    out = []
    for name, drv, args, points, visible, *extra in rows:
        out.append(Case(f"{question.lower()}.{name}", question, drv, args, points, visible, **(extra[0] if extra else {})))
    return out


class HomeworkError(ValueError):
    """A homework folder that cannot be used; the message names the file and what to fix."""


MANIFEST = "homework.toml"


class Homework:
    """A homework folder, read through its homework.toml. Paths are absolute."""

    def __init__(self, folder=None):
        self.folder = os.path.abspath(folder or paths.HOMEWORK)
        manifest = os.path.join(self.folder, MANIFEST)
        if not os.path.isfile(manifest):
            raise HomeworkError(f"{manifest} is missing: a homework folder needs a {MANIFEST} (see autograder/spec.py)")
        import tomllib
        try:
            with open(manifest, "rb") as fh:
                data = tomllib.load(fh)
        except tomllib.TOMLDecodeError as exc:
            raise HomeworkError(f"{manifest}: not valid TOML: {exc}") from None
        missing = [k for k in ("title", "student_files", "cases", "drivers") if k not in data]
        if missing:
            raise HomeworkError(f"{manifest}: missing {', '.join(missing)}")
        self.title = data["title"]
        self.student_files = tuple(data["student_files"])
        self.modules = tuple(n[:-3] for n in self.student_files if n.endswith(".py"))
        self.answers_file = next((n for n in self.student_files if n.endswith(".toml")), None)
        self.cases_file = self._path(data["cases"])
        self.drivers_file = self._path(data["drivers"])
        self.driver_data = tuple(self._path(n) for n in data.get("driver_data", ()))
        self.expected_dir = self._path(data.get("expected", "expected"))
        self.answer_key_module = data.get("answer_key")
        self.plot_drivers = tuple(data.get("plot_drivers", ()))
        self.total = data.get("total")
        if self.total is not None and (isinstance(self.total, bool) or not isinstance(self.total, (int, float))):
            raise HomeworkError(f"{manifest}: total must be a number of points, as in 'total = 100'")
        author = data.get("author", {})
        self.solution = self._path(author.get("solution", "solution"))
        self.handout = self._path(author.get("handout", "handout"))
        self.reference = self._path(author.get("reference", "reference"))
        self.notebook = author.get("notebook", "homework.ipynb")
        self.no_visible_case_yet = tuple(author.get("no_visible_case_yet", ()))   # known gaps check only warns of
        self.data_folders = tuple(self._path(p) for p in author.get("data_folders", ()))
        for path in (self.cases_file, self.drivers_file, *self.driver_data):
            if not os.path.isfile(path):
                raise HomeworkError(f"{manifest}: {os.path.relpath(path, self.folder)} does not exist")

    def _path(self, rel):
        return os.path.normpath(os.path.join(self.folder, rel))

    # --- the case table -------------------------------------------------------------------------
    @cached_property
    def table(self):
        """The homework's cases module, loaded from its file under a name of its own."""
        tag = hashlib.sha256(self.cases_file.encode()).hexdigest()[:12]
        name = f"_homework_cases_{tag}"
        if name in sys.modules:
            return sys.modules[name]
        spec = importlib.util.spec_from_file_location(name, self.cases_file)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException:
            sys.modules.pop(name, None)
            raise
        for attr in ("QUESTIONS", "CASES"):
            if not hasattr(module, attr):
                raise HomeworkError(f"{self.cases_file} defines no {attr}")
        return module

    @property
    def questions(self):
        return list(self.table.QUESTIONS)

    @property
    def cases(self):
        return list(self.table.CASES)

    @cached_property
    def by_id(self):
        return {c.id: c for c in self.table.CASES}

    def question_ids(self):
        return [q.id for q in self.table.QUESTIONS]

    def select(self, questions=None, visible_only=False):
        """Cases of the given question ids (all if None), optionally only the visible ones."""
        return [c for c in self.table.CASES
                if (questions is None or c.question in questions) and (c.visible or not visible_only)]

    # --- recorded arrays ------------------------------------------------------------------------
    @property
    def visible_npz(self):
        return os.path.join(self.expected_dir, "visible.npz")

    @property
    def hidden_npz(self):
        return os.path.join(self.expected_dir, "hidden.npz")

    @property
    def timing_json(self):
        """The reference's time and the submitted functions it called, per case: written by `record`, read by
        the engine to set each case's time limit (engine/sandbox/budget.py)."""
        return os.path.join(self.expected_dir, "timing.json")

    @property
    def hints_json(self):
        """The known mistakes' fingerprints on every case and their sentences: written by `hints`, read by the
        engine to name a likely mistake (scoring.hints_for). Never in the handout."""
        return os.path.join(self.expected_dir, "hints.json")

    @property
    def hints_visible_json(self):
        """hints_json restricted to the visible cases: `assign handout` copies it to the handout's tests/."""
        return os.path.join(self.expected_dir, "hints_visible.json")

    # --- the worker's files ---------------------------------------------------------------------
    def runner_files(self):
        """{file name in the worker's runner folder: path}: the drivers (as drivers.py) and their data."""
        files = {"drivers.py": self.drivers_file}
        files.update({os.path.basename(p): p for p in self.driver_data})
        return files


_DEFAULT = {}


def load(folder=None):
    """The Homework at folder (default: this package's homework), read once per process."""
    key = os.path.abspath(folder or paths.HOMEWORK)
    if key not in _DEFAULT:
        _DEFAULT[key] = Homework(key)
    return _DEFAULT[key]
