"""What the intake makes of a submission (Intake), and the error for a submission with nothing to grade."""
import os
from dataclasses import dataclass, field


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

    def write(self, name, data):
        """Write data as file `name` of the intake folder (the first notebook as submission.ipynb)."""
        if name.endswith(".ipynb") and "submission.ipynb" not in self.files:
            self.notebook_name, name = name, "submission.ipynb"
        dest = os.path.join(self.folder, name)
        with open(dest, "wb") as fh:
            fh.write(data)
        self.files[name] = dest


class SubmissionError(Exception):
    """The submission as a whole cannot be read (not a zip, not a folder, nothing to grade in it, ...)."""


def expected_text(expected):
    """What a submission should hold, for messages: 'nn_lib.py, nn_train.py and answers.toml, or a notebook (.ipynb)'."""
    names = list(expected)
    listed = names[-1] if len(names) < 2 else ", ".join(names[:-1]) + " and " + names[-1]
    return listed + (", or a notebook (.ipynb)" if any(n.endswith(".py") for n in names) else "")
