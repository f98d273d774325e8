"""`assign`: generate the student handout and the clean reference from the annotated solution/.

Everything comes from a homework (spec.Homework: its solution folder, cases, drivers, data, expected
arrays and, beside its homework.toml, handout_README.md and notebook_intro.md). handout/ gets the skeletons (every solution region replaced by a stub), answers.toml with nan
placeholders, the written questions, a notebook built from the skeletons (with an answers cell and
self-check cells), run_tests.py and tests/check.py (the notebook's check("Q3")) with the autograder's own
drivers, comparison code, notebook reader and Classroom result writer, the visible cases and their
expected arrays, the visible cases' common mistakes (tests/hints_visible.json, from `hints`: sentences and
fingerprints, never a mutant's code), and the GitHub Classroom workflow that runs run_tests.py on them (author/classroom.py).
dist/reference/ gets the solution with its markers removed and answers.toml filled from the key.
Each folder is built aside and swapped in whole, so a failure never leaves half a handout.
"""
import ast
import json
import os
import shutil
import tempfile

import numpy as np

from .. import npzio, paths, spec
from . import classroom, markers, notebook

# The grader's own files shipped byte for byte into the handout's tests/_grading (with the homework's drivers).
ENGINE = os.path.join(paths.PACKAGE, "engine")
GRADING_FILES = {"compare.py": os.path.join(ENGINE, "compare.py"), "plots.py": os.path.join(ENGINE, "plots.py"),
                 "runcase.py": os.path.join(ENGINE, "sandbox", "runcase.py"),
                 "scoring.py": os.path.join(ENGINE, "scoring.py"),
                 "notebook_intake.py": os.path.join(ENGINE, "notebook_intake.py"),
                 "classroom_result.py": os.path.join(ENGINE, "classroom_result.py")}
TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")
VISIBLE_HINTS = "tests/hints_visible.json"    # the homework's expected/hints_visible.json, as `hints` wrote it


def _read(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return fh.read()


def _write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)


def _hw(homework):
    return homework or spec.load()


def library_files(hw):
    """The submitted modules' file names, in the homework's order (nn_lib.py, nn_train.py)."""
    return [f"{m}.py" for m in hw.modules]


def written_questions(source=paths.SOLUTION, module="written_answers"):
    """[(key, visible, text, kind)] read from written_answers.QUESTIONS without running the reference; kind is
    a kind name ("number", "integer", "shape", "bool") or {"kind": "choice", "options": [...]}, whose options
    may name a list constant of the module."""
    path = os.path.join(source, f"{module}.py")
    tree = ast.parse(_read(path))
    constants = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                constants[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                pass
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "QUESTIONS" for t in node.targets):
            return [tuple(_literal(e, constants, path) for e in row.elts[:4]) for row in node.value.elts]
    raise ValueError(f"{path} defines no QUESTIONS list")


def _literal(node, constants, path):
    """The value of a literal node whose names are the module's literal constants."""
    class Named(ast.NodeTransformer):
        def visit_Name(self, name):
            if name.id not in constants:
                raise ValueError(f"{path}:{name.lineno}: QUESTIONS names {name.id}, which is not a literal constant "
                                 f"of the module; write the options as a list literal")
            return ast.copy_location(ast.Constant(constants[name.id]), name)
    return ast.literal_eval(Named().visit(node))


def _kind(spec):
    """(kind name, options or None) of a question's kind."""
    return (spec["kind"], list(spec["options"])) if isinstance(spec, dict) else (spec, None)


PLACEHOLDER_HELP = {
    "number": "a number rounded to 4 decimal places (0.12345 -> 0.1235)",
    "integer": "an integer, like 3",
    "shape": "a list of integers, like [1024, 32]",
    "bool": "true or false",
    "choice": "one of the options below, as a string in quotes",
    "accuracy": "the accuracy the run prints, a fraction between 0 and 1 (0.8733)",
}


def _toml_value(kind, options, value):
    """The answer value (a recorded key array, or None for the placeholder) as TOML text."""
    if value is None:
        return "nan"
    if kind in ("number", "accuracy"):
        return format(float(value), ".4f").rstrip("0").rstrip(".")
    if kind == "integer":
        return str(int(value))
    if kind == "shape":
        return "[" + ", ".join(str(int(v)) for v in np.asarray(value).ravel()) + "]"
    if kind == "choice":
        return json.dumps(options[int(value)])
    if kind == "bool":
        return "true" if int(value) else "false"
    raise ValueError(f"unknown answer kind {kind!r}")


def answer_headers(hw):
    """{answer key: '# Q11: Written answers'} for the first answer of each question of homework hw."""
    headers, previous = {}, None
    titles = {q.id: q.title for q in hw.questions}
    for case in hw.cases:
        if case.driver == "answer" and case.question != previous:
            headers[case.args["key"]] = f"# {case.question}: {titles.get(case.question, '')}".rstrip(": ")
            previous = case.question
    return headers


def answers_toml(questions, values=None, headers=None):
    """answers.toml text; questions: written_questions(); values: {key: recorded key array} for the reference
    copy, else nan placeholders; headers: {key: comment line} written before that key's question
    (answer_headers)."""
    lines = ["# Written answers. The questions are in written_questions.md.",
             "# Replace each nan with your answer, in the form its comment asks for:",
             "#   a number rounded to 4 decimal places (0.12345 -> 0.1235), an integer (3), a list of integers",
             "#   ([1024, 32]), true or false, one of the listed options as a string in quotes, or an accuracy",
             "#   (a fraction between 0 and 1, as an experiment prints it).",
             "# A nan left in place, whatever the kind, means \"not answered yet\".",
             ""]
    for key, _, text, spec in questions:
        kind, options = _kind(spec)
        if key in (headers or {}):
            lines += [headers[key], ""]
        lines.append(f"# {text}")
        lines.append(f"# Answer: {PLACEHOLDER_HELP[kind]}.")
        for option in options or ():
            lines.append(f"#   {json.dumps(option)}")
        lines += [f"{key} = {_toml_value(kind, options, None if values is None else values[key])}", ""]
    return "\n".join(lines)


def written_markdown(text):
    """The written questions (markdown text) as one percent-format markdown cell, for the notebook."""
    return "# %% [markdown]\n" + "".join("# " + line if line.strip() else "#\n"
                                         for line in text.splitlines(keepends=True))


def points_table(homework=None):
    questions = _hw(homework).questions
    head = " | ".join(q.id for q in questions)
    row = " | ".join(f"{q.points:g}" for q in questions)
    total = sum(q.points for q in questions)
    return f"| {head} | total |\n|{'---|' * (len(questions) + 1)}\n| {row} | {total:g} |"


def visible_cases_json(homework=None):
    hw = _hw(homework)
    data = {"modules": list(hw.modules), "questions": [[q.id, q.title, q.points] for q in hw.questions],
            "cases": [c.spec() for c in hw.cases if c.visible]}
    return json.dumps(data, indent=1, sort_keys=True) + "\n"


def _homework_text(hw, name, default):
    path = os.path.join(hw.folder, name)
    return _read(path) if os.path.exists(path) else default


def notebook_checks(hw, with_answers=True):
    """(questions whose check("Qn") cell ends their section, questions graded from the answers file alone,
    whose check cells follow the answers cell): every question with a visible case, in the homework's order."""
    order = [q.id for q in hw.questions]
    checks = sorted({c.question for c in hw.cases if c.visible},
                    key=lambda q: (order.index(q) if q in order else len(order), q))
    answered = {c.question for c in hw.cases if c.driver == "answer"} - {c.question for c in hw.cases
                                                                       if c.driver != "answer"}
    if not with_answers:
        return checks, []
    return [q for q in checks if q not in answered], [q for q in checks if q in answered]


def handout_files(source=None, homework=None):
    """{relative path: text} of every generated text file of the handout."""
    hw = _hw(homework)
    source = source or hw.solution
    library = library_files(hw)
    files = {}
    for name in library:
        files[name] = markers.skeleton(_read(os.path.join(source, name)), os.path.join("solution", name))
    parts = [(name, files[name]) for name in library]
    if os.path.exists(os.path.join(source, "experiments.py")):
        files["experiments.py"] = markers.skeleton(_read(os.path.join(source, "experiments.py")), "solution/experiments.py")
        parts.append(("experiments.py", files["experiments.py"]))
    if hw.answers_file and hw.answer_key_module:
        files[hw.answers_file] = answers_toml(written_questions(source, hw.answer_key_module), headers=answer_headers(hw))
    if os.path.exists(os.path.join(source, "written.md")):
        files["written_questions.md"] = _read(os.path.join(source, "written.md"))
        parts.append(("written.md", written_markdown(files["written_questions.md"])))
    intro = _homework_text(hw, "notebook_intro.md", f"# {hw.title}").strip()
    answers = (hw.answers_file, files[hw.answers_file]) if hw.answers_file in files else None
    files[hw.notebook] = notebook.build(parts, intro, *notebook_checks(hw, bool(answers)), answers=answers)
    readme = _homework_text(hw, "handout_README.md", f"# {hw.title}\n\n{{points_table}}\n")
    files["README.md"] = readme.replace("{points_table}", points_table(hw))
    files["run_tests.py"] = _read(os.path.join(TEMPLATES, "run_tests.py"))
    files["tests/__init__.py"] = _read(os.path.join(TEMPLATES, "tests_init.py"))
    files["tests/check.py"] = _read(os.path.join(TEMPLATES, "check.py"))
    files["tests/cases.json"] = visible_cases_json(hw)
    grading = {**GRADING_FILES, "drivers.py": hw.drivers_file}
    for name in sorted(grading):
        files[f"tests/_grading/{name}"] = _read(grading[name])
    if os.path.isfile(hw.hints_visible_json):      # written by `hints`: the visible cases' common mistakes
        files[VISIBLE_HINTS] = _read(hw.hints_visible_json)
    files.update(classroom.handout_files(hw, {name: files[name] for name in hw.student_files if name in files}))
    return files


def copied_files(homework=None):
    """{relative path in the handout: source path} of the files copied as they are."""
    hw = _hw(homework)
    files = {f"tests/_grading/{os.path.basename(p)}": p for p in hw.driver_data}
    for folder in hw.data_folders:
        rel = os.path.relpath(folder, os.path.dirname(hw.handout))
        for name in sorted(os.listdir(folder)):
            files[f"{rel}/{name}".replace(os.sep, "/")] = os.path.join(folder, name)
    return files


def _swap_in(build, dest):
    """Replace dest by the finished build folder."""
    old = dest + ".old"
    shutil.rmtree(old, ignore_errors=True)
    if os.path.exists(dest):
        os.rename(dest, old)
    os.rename(build, dest)
    shutil.rmtree(old, ignore_errors=True)


def build_handout(dest=None, source=None, visible_npz=None, homework=None):
    """Write the whole handout folder. Returns the list of files written."""
    hw = _hw(homework)
    dest, visible_npz = dest or hw.handout, visible_npz or hw.visible_npz
    files = handout_files(source, hw)
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
        for rel, src in copied_files(hw).items():
            os.makedirs(os.path.dirname(os.path.join(build, rel)), exist_ok=True)
            shutil.copyfile(src, os.path.join(build, rel))
        os.chmod(build, 0o755)
        _swap_in(build, dest)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    return sorted(files) + sorted(copied_files(hw)) + ["tests/expected_visible.npz"]


def answer_key(expected_dir=None, homework=None):
    """{key: recorded key array} from the recorded expected arrays of the homework's answer cases
    (written_answers.encode: a number, an integer, a list of integers, an option's index, 0 or 1)."""
    hw = _hw(homework)
    recorded = {}
    for name in ("visible.npz", "hidden.npz"):
        recorded.update(npzio.load(os.path.join(expected_dir or hw.expected_dir, name)))
    return {c.args["key"]: recorded[f"{c.id}/value"] for c in hw.cases
            if c.driver == "answer" and f"{c.id}/value" in recorded}


def build_reference(dest=None, source=None, expected_dir=None, homework=None):
    """Write the clean reference: marker-free sources and a filled answers.toml."""
    hw = _hw(homework)
    dest, source, expected_dir = dest or hw.reference, source or hw.solution, expected_dir or hw.expected_dir
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
        if hw.answers_file and hw.answer_key_module:
            _write(os.path.join(build, hw.answers_file),
                   answers_toml(written_questions(source, hw.answer_key_module), answer_key(expected_dir, hw),
                                answer_headers(hw)))
        _swap_in(build, dest)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    return dest
