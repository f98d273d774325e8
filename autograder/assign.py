"""`assign`: generate the student handout and the clean reference from the annotated solution/.

handout/ gets the skeletons (every solution region replaced by a stub), answers.toml with nan
placeholders, the written questions, a notebook built from the skeletons, run_tests.py with the
autograder's own drivers and comparison code, the visible cases and their expected arrays.
dist/reference/ gets the solution with its markers removed and answers.toml filled from the key.
Each folder is built aside and swapped in whole, so a failure never leaves half a handout.
"""
import ast
import json
import os
import shutil
import tempfile

from . import cases as case_table
from . import markers, notebook, npzio, paths

LIBRARY_FILES = ("nn_lib.py", "nn_train.py")
GRADING_FILES = ("compare.py", "drivers.py", "plots.py", "runcase.py", "scoring.py")
TEMPLATES = os.path.join(paths.PACKAGE, "templates")


def _read(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return fh.read()


def _write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)


def written_questions(source=paths.SOLUTION):
    """[(key, visible, text)] read from written_answers.QUESTIONS without running the reference."""
    tree = ast.parse(_read(os.path.join(source, "written_answers.py")))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "QUESTIONS" for t in node.targets):
            return [tuple(ast.literal_eval(e) for e in row.elts[:3]) for row in node.value.elts]
    raise ValueError("solution/written_answers.py defines no QUESTIONS list")


def answers_toml(questions, values=None):
    """answers.toml text; values: {key: float} for the reference copy, else nan placeholders."""
    lines = ["# Q11: written numeric answers. The questions are in written_questions.md.",
             "# Replace each nan with a number rounded to 4 decimal places (0.12345 -> 0.1235).",
             ""]
    for key, _, text in questions:
        value = "nan" if values is None else format(float(values[key]), ".4f").rstrip("0").rstrip(".")
        lines += [f"# {text}", f"{key} = {value}", ""]
    return "\n".join(lines)


def points_table():
    head = " | ".join(q.id for q in case_table.QUESTIONS)
    row = " | ".join(f"{q.points:g}" for q in case_table.QUESTIONS)
    total = sum(q.points for q in case_table.QUESTIONS)
    return f"| {head} | total |\n|{'---|' * (len(case_table.QUESTIONS) + 1)}\n| {row} | {total:g} |"


def visible_cases_json():
    spec = {"questions": [[q.id, q.title, q.points] for q in case_table.QUESTIONS],
            "cases": [c.spec() for c in case_table.CASES if c.visible]}
    return json.dumps(spec, indent=1, sort_keys=True) + "\n"


def handout_files(source=paths.SOLUTION):
    """{relative path: text} of every generated text file of the handout."""
    files = {}
    for name in LIBRARY_FILES:
        files[name] = markers.skeleton(_read(os.path.join(source, name)), os.path.join("solution", name))
    files["experiments.py"] = markers.skeleton(_read(os.path.join(source, "experiments.py")), "solution/experiments.py")
    files["answers.toml"] = answers_toml(written_questions(source))
    files["written_questions.md"] = _read(os.path.join(source, "written.md"))
    intro = _read(os.path.join(TEMPLATES, "notebook_intro.md")).strip()
    parts = [(name, files[name]) for name in (*LIBRARY_FILES, "experiments.py")] + [("written.md", "# %% [markdown]\n" + "".join(
        "# " + line if line.strip() else "#\n" for line in files["written_questions.md"].splitlines(keepends=True)))]
    files["homework.ipynb"] = notebook.build(parts, intro)
    files["README.md"] = _read(os.path.join(TEMPLATES, "handout_README.md")).replace("{points_table}", points_table())
    files["run_tests.py"] = _read(os.path.join(TEMPLATES, "run_tests.py"))
    files["tests/cases.json"] = visible_cases_json()
    for name in GRADING_FILES:
        files[f"tests/_grading/{name}"] = _read(os.path.join(paths.PACKAGE, name))
    return files


def copied_files():
    """{relative path in the handout: source path} of the files copied as they are."""
    files = {"tests/_grading/mnist_subset.npz": os.path.join(paths.PACKAGE, "mnist_subset.npz")}
    mnist = os.path.join(paths.ROOT, "data", "mnist")
    for name in sorted(os.listdir(mnist)):
        files[f"data/mnist/{name}"] = os.path.join(mnist, name)
    return files


def _swap_in(build, dest):
    """Replace dest by the finished build folder."""
    old = dest + ".old"
    shutil.rmtree(old, ignore_errors=True)
    if os.path.exists(dest):
        os.rename(dest, old)
    os.rename(build, dest)
    shutil.rmtree(old, ignore_errors=True)


def build_handout(dest=paths.HANDOUT, source=paths.SOLUTION, visible_npz=paths.VISIBLE_NPZ):
    """Write the whole handout folder. Returns the list of files written."""
    files = handout_files(source)
    if not os.path.exists(visible_npz):
        raise FileNotFoundError(f"{visible_npz} is missing: run `make expected` first")
    parent = os.path.dirname(os.path.abspath(dest))
    os.makedirs(parent, exist_ok=True)
    build = tempfile.mkdtemp(prefix=".handout-", dir=parent)
    try:
        for rel, text in files.items():
            _write(os.path.join(build, rel), text)
        os.chmod(os.path.join(build, "run_tests.py"), 0o755)
        npzio.save(os.path.join(build, "tests", "expected_visible.npz"), npzio.load(visible_npz))
        for rel, src in copied_files().items():
            os.makedirs(os.path.dirname(os.path.join(build, rel)), exist_ok=True)
            shutil.copyfile(src, os.path.join(build, rel))
        os.chmod(build, 0o755)
        _swap_in(build, dest)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    return sorted(files) + sorted(copied_files()) + ["tests/expected_visible.npz"]


def answer_key(expected_dir=paths.EXPECTED):
    """{key: float} from the recorded expected arrays."""
    key = {}
    for name in ("visible.npz", "hidden.npz"):
        for k, v in npzio.load(os.path.join(expected_dir, name)).items():
            if k.startswith("q11.") and k.endswith("/value"):
                key[k[len("q11."):-len("/value")]] = float(v)
    return key


def build_reference(dest=paths.REFERENCE, source=paths.SOLUTION, expected_dir=paths.EXPECTED):
    """Write the clean reference: marker-free sources and a filled answers.toml."""
    parent = os.path.dirname(os.path.abspath(dest))
    os.makedirs(parent, exist_ok=True)
    build = tempfile.mkdtemp(prefix=".reference-", dir=parent)
    try:
        for name in sorted(os.listdir(source)):
            path = os.path.join(source, name)
            if name.endswith(".py"):
                _write(os.path.join(build, name), markers.clean(_read(path), os.path.join("solution", name)))
            elif os.path.isfile(path):
                shutil.copy(path, build)
        _write(os.path.join(build, "answers.toml"), answers_toml(written_questions(source), answer_key(expected_dir)))
        _swap_in(build, dest)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    return dest
