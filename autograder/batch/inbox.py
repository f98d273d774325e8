"""What a batch grades, and whose it is: the submissions in an inbox and their students.

Two kinds of inbox folder:

- a folder of submissions named by student: every `.zip`, `.ipynb` and sub-folder directly inside
  (hidden names skipped); the student id is the name without its suffix (`s1234567.zip` -> s1234567);
- a Gradescope "export submissions" folder, recognised by its `submission_metadata.yml`: every
  `submission_NNN/` folder is one submission, and the metadata gives its submitters' ids (`:sid:`),
  names and emails (several for a group submission).

Each submission gets a key: a distinct, file-system-safe name (its feedback folder and its name in the
journal). Problems that do not stop the batch (a metadata entry without a folder, one student id in two
submissions) come back as warnings; an inbox that cannot be used raises InboxError with what to do.
"""
import os
import re
import zipfile
from dataclasses import dataclass, field

SUBMISSION_SUFFIXES = (".zip", ".ipynb")
GRADESCOPE_METADATA = "submission_metadata.yml"
# Names of the batch's own files in the output folder: no submission's feedback folder may take them.
RESERVED_KEYS = ("gradebook.csv", "canvas.csv", "journal.jsonl", "summary.txt", "histogram.png")


class InboxError(ValueError):
    """An inbox that cannot be graded; the message names the path and what to do."""


@dataclass(frozen=True)
class Student:
    id: str
    name: str = ""
    email: str = ""


@dataclass(frozen=True)
class Submission:
    key: str                       # distinct, safe: OUT/<key>/ and the journal's key
    path: str                      # what to grade: a .zip, a .ipynb or a folder
    students: tuple = ()           # Student, one or more (a group submission has several)


@dataclass
class Inbox:
    submissions: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


def stem(path):
    """The submission's name without its suffix: alice.zip -> alice."""
    base = os.path.basename(os.path.normpath(path))
    for suffix in SUBMISSION_SUFFIXES:
        if base.endswith(suffix) and len(base) > len(suffix):
            return base[: -len(suffix)]
    return base


def _listing(folder):
    """Every .zip, .ipynb and sub-folder directly inside folder, sorted; hidden names skipped."""
    found = []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name.startswith(".") or name == "__MACOSX":
            continue
        if os.path.isdir(path) or (name.endswith(SUBMISSION_SUFFIXES) and os.path.isfile(path)):
            found.append(path)
    return found


def _refuse_export_zip(path):
    """A Gradescope export downloaded as one zip is many submissions, not one: say so."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()[:10_000]
    except Exception:       # not a zip at all: intake will say so for this submission
        return
    if any(n.rstrip("/").split("/")[-1] == GRADESCOPE_METADATA and n.count("/") <= 1 for n in names):
        raise InboxError(f"{path} is a Gradescope export (it holds {GRADESCOPE_METADATA}): unzip it and pass "
                         "the folder that holds the metadata file")


def find(items, each=False):
    """An Inbox from the command line's items: folders of submissions (or, with each, folders that are
    one submission each), Gradescope export folders, and single .zip/.ipynb files."""
    inbox, pending = Inbox(), []
    for item in items:
        if not os.path.exists(item):
            raise InboxError(f"{item} does not exist: give a folder of submissions, a Gradescope export folder, "
                             "or .zip/.ipynb files")
        if os.path.isdir(item) and not each:
            if os.path.isfile(os.path.join(item, GRADESCOPE_METADATA)):
                pending += _gradescope(item, inbox.warnings)
            else:
                pending += [(path, (Student(stem(path)),)) for path in _listing(item)]
        else:
            if os.path.isfile(item) and item.endswith(".zip"):
                _refuse_export_zip(item)
            pending.append((item, (Student(stem(item)),)))
    keys = _keys([path for path, _ in pending])
    inbox.submissions = [Submission(key, path, students) for key, (path, students) in zip(keys, pending)]
    inbox.warnings += _shared_ids(inbox.submissions)
    return inbox


def _keys(paths):
    """A distinct, file-system-safe key per path (its stem; _2, _3 ... for repeats)."""
    keys, seen = [], set()
    for path in paths:
        base = re.sub(r"[^\w.-]+", "_", stem(path)).lstrip(".") or "submission"
        if base in RESERVED_KEYS:
            base += "_submission"
        key, n = base, 1
        while key in seen:
            n += 1
            key = f"{base}_{n}"
        seen.add(key)
        keys.append(key)
    return keys


def _shared_ids(submissions):
    owners = {}
    for sub in submissions:
        for student in sub.students:
            owners.setdefault(student.id, []).append(sub.key)
    return [f"student id {sid!r} has {len(keys)} submissions ({', '.join(keys)}): each gets its own row"
            for sid, keys in sorted(owners.items()) if len(keys) > 1]


# -- Gradescope's export ---------------------------------------------------------------------------
def _gradescope(folder, warnings):
    """[(submission folder, students)] of a Gradescope export folder, from its submission_metadata.yml."""
    meta_path = os.path.join(folder, GRADESCOPE_METADATA)
    metadata = read_gradescope_metadata(meta_path)
    found = []
    for path in _listing(folder):
        name = os.path.basename(path)
        if not os.path.isdir(path):
            warnings.append(f"{path}: not a submission folder of the export, skipped")
            continue
        students = metadata.get(name)
        if students is None:
            warnings.append(f"{name}: not in {GRADESCOPE_METADATA}; graded with the folder name as its id")
            students = (Student(name),)
        found.append((path, students))
    missing = sorted(set(metadata) - {os.path.basename(p) for p, _ in found})
    if missing:
        warnings.append(f"{GRADESCOPE_METADATA} lists {len(missing)} submission(s) with no folder here: "
                        + ", ".join(missing[:10]) + (" ..." if len(missing) > 10 else ""))
    return found


def _yaml_loader():
    try:
        import yaml
    except ImportError:
        raise InboxError(f"reading a Gradescope export's {GRADESCOPE_METADATA} needs PyYAML: "
                         "pip install pyyaml") from None

    class Loader(yaml.SafeLoader):
        """SafeLoader that reads an application tag (Ruby's `!ruby/...`) as the plain node it tags."""

    def plain(loader, _suffix, node):
        if isinstance(node, yaml.MappingNode):
            return loader.construct_mapping(node, deep=True)
        if isinstance(node, yaml.SequenceNode):
            return loader.construct_sequence(node, deep=True)
        return loader.construct_scalar(node)

    Loader.add_multi_constructor("!", plain)
    return yaml, Loader


def _text(value):
    return "" if value is None else str(value).strip()


def read_gradescope_metadata(path):
    """{submission folder name: (Student, ...)} from a Gradescope export's submission_metadata.yml:

        submission_123456:
          :submitters:
          - :name: Ada Lovelace
            :sid: '20231234'
            :email: ada@example.edu
          :created_at: 2026-03-01 12:00:00.000000000 -08:00
          :score: 87.0
          ...
    """
    yaml, Loader = _yaml_loader()
    try:
        with open(path, "rb") as fh:
            data = yaml.load(fh, Loader=Loader)
    except (yaml.YAMLError, ValueError, TypeError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InboxError(f"{path} is not readable YAML ({first}); download the export again") from None
    if not isinstance(data, dict):
        raise InboxError(f"{path} does not map submission folders to their submitters; is it a Gradescope export?")
    found = {}
    for folder, entry in data.items():
        submitters = entry.get(":submitters") if isinstance(entry, dict) else None
        students = []
        for person in submitters if isinstance(submitters, list) else []:
            if not isinstance(person, dict):
                continue
            sid, name, email = _text(person.get(":sid")), _text(person.get(":name")), _text(person.get(":email"))
            students.append(Student(sid or email or name or str(folder), name, email))
        found[str(folder)] = tuple(students) or (Student(str(folder)),)
    return found
