"""`classroom`: the GitHub Classroom workflow of a homework, `.github/workflows/classroom.yml` in the
student template (the handout; `assign handout` writes the default one there, so `check-sync` covers it).

GitHub Classroom runs the workflow in each student's repository on every push and shows its points to
the student at once: Classroom has no publication step. So by default the workflow grades what a
student may see before grades are published, and nothing else: the visible cases, with the handout's
own self-check. Its layout is the one Classroom's reporter needs to send points back: the workflow is
named "Autograding Tests" and has one job, `run-autograding-tests`.

Default (`classroom`, and what `assign handout` writes). Steps, in order:

1. check out the student's repository, set up Python (the version requires-python names) and
   pip-install numpy at pyproject.toml's pin; no bundle, no variable, no download;
2. choose what to grade: the notebook while every module is still the handout's (sha256 of the
   skeletons), else the modules; the step's output `notebook` is the notebook's name or empty;
3. one step per question with visible cases, id q1, q2, ...: `python run_tests.py [homework.ipynb] Q1
   --classroom-output "$GITHUB_OUTPUT"`, which writes the step's `result` with one test per visible
   case (engine/classroom_result.py, shipped in tests/_grading), max_score the question's visible
   points, so partial credit within a question survives;
4. classroom-resources/autograding-grading-reporter, given every question's result as Q1_RESULTS, ...

Classroom's points are then the visible points only. They are feedback, not the grade of record: the
repository is the student's, who can edit the workflow or run_tests.py. The grade of record comes
from collecting the final repositories after the deadline and grading them with
`python -m autograder batch`.

Opt-in (`classroom --all-cases`): hidden cases too, for courses that accept the trade-off. Step 1
downloads the Gradescope bundle (`make autograder`: dist/autograder.zip, with the HIDDEN expected
arrays) from the URL in the Actions variable AUTOGRADER_BUNDLE_URL and installs every runtime pin;
step 2 copies what is graded into $RUNNER_TEMP/submission (with answers.toml when the student changed
it); each question's step runs `python -m autograder grade ... -q Q1 --classroom-output` in the bundle,
over all of its cases. The trade-off, plainly: the URL is readable from every student's repository
(its Actions variables and logs, or a step the student adds), so any student can download the hidden
expected arrays and hard-code them; and Classroom shows every hidden case's name, points and result,
and totals that include them, before any deadline. Its workflow differs from the handout's, so it is
written only where --out says (a template repository), never over the handout.

The file is written by hand, not by a YAML library: every value that comes from the homework is a
JSON string, which YAML reads as the same string.
"""
import hashlib
import json
import math
import os
import re
import tempfile

from .. import spec
from . import bundle

WORKFLOW = ".github/workflows/classroom.yml"
WORKFLOW_NAME = "Autograding Tests"        # Classroom's reporter finds the check run by this name
JOB = "run-autograding-tests"              # ... and this job
BUNDLE_VARIABLE = "AUTOGRADER_BUNDLE_URL"  # --all-cases only
NOTEBOOK_OUTPUT = "notebook"               # the choose step's output: the notebook to grade, or empty
NOTEBOOK_ENV = "GRADE_NOTEBOOK"            # ... as each question step's environment variable
REPORTER = "classroom-resources/autograding-grading-reporter@v1"
CHECKOUT = "actions/checkout@v4"
SETUP_PYTHON = "actions/setup-python@v5"
STEP_SLACK_S = 60                          # start-up, intake and numpy imports, on top of the case timeouts
JOB_SLACK_MIN = 10                         # checkout, Python, numpy (and the bundle, with --all-cases)
SAFE_NAME = re.compile(r"^[A-Za-z0-9._-]+$")  # file names the scripts use unquoted
SAFE_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")  # question ids: step ids, env names, question arguments
GO_ON = "${{ !cancelled() && steps.choose.outcome == 'success' }}"   # each question runs whatever the others did


class ClassroomError(ValueError):
    """The workflow cannot be written where asked; the message says why and what to do."""


# --- shared by both workflows -----------------------------------------------------------------------

def _q(text):
    """text as a YAML scalar: a JSON string, which YAML reads as the same string."""
    return json.dumps(str(text), ensure_ascii=False)


def _block(script, indent):
    pad = " " * indent
    return "|\n" + "\n".join(pad + line if line else "" for line in script.splitlines())


def step_id(question):
    """The step id of a question ('Q1' -> 'q1'); the reporter reads its result from Q1_RESULTS."""
    return question.lower()


def _minutes(cases):
    """A question step's timeout in minutes: its cases' timeouts plus start-up, rounded up."""
    return math.ceil((sum(c.timeout for c in cases) + STEP_SLACK_S) / 60)


def _sha256_line(text, name):
    return f"{hashlib.sha256(text.encode('utf-8')).hexdigest()}  {name}"


def _check_names(hw):
    bad = [n for n in [*hw.student_files, hw.notebook] if not SAFE_NAME.match(n)]
    if bad:
        raise ClassroomError(f"{', '.join(bad)}: a student file name in a workflow may hold only letters, digits, "
                             "'.', '_' and '-'; rename it in homework.toml")
    bad = [q.id for q in hw.questions if not SAFE_ID.match(q.id)]
    if bad:
        raise ClassroomError(f"question ids {', '.join(map(repr, bad))} cannot name workflow steps: use letters, "
                             "digits and '_', starting with a letter (as Q1), in the homework's cases module")


def _modules_as_handed_out(hw, handed_out, notebook_too=False):
    """Bash lines opening `if ...; then`: true while every module is byte for byte the handout's (and,
    with notebook_too, the notebook exists)."""
    modules = [f"{m}.py" for m in hw.modules]
    first = f'if [ -f "{hw.notebook}" ] && sha256sum' if notebook_too else "if sha256sum"
    return [f"{first} --check --status - <<'EOF'", *[_sha256_line(handed_out[n], n) for n in modules], "EOF", "then"]


def _listed(hw):
    """('nn_lib.py and nn_train.py', 'are', 'they are') for the messages of the choose step."""
    modules = [f"{m}.py" for m in hw.modules]
    return (" and ".join(modules), *(("are", "they are") if len(modules) > 1 else ("is", "it is")))


# --- the default: the handout's self-check on the visible cases --------------------------------------

def visible_cases(hw, question):
    """The visible cases of question (an id), in table order."""
    return [c for c in hw.select({question}) if c.visible]


def visible_points(hw, question):
    return sum(c.points for c in visible_cases(hw, question))


def self_check_command(question):
    """The shell command of a question's step: the handout's run_tests.py on that question's visible cases,
    on the notebook when the choose step named one."""
    return f'python run_tests.py ${NOTEBOOK_ENV} {question.id} --classroom-output "$GITHUB_OUTPUT"'


def numpy_pin(pins):
    found = [p for p in pins if p.lower().startswith("numpy==")]
    if not found:
        raise ClassroomError("pyproject.toml's [project] dependencies pin no numpy (numpy==X.Y.Z): run_tests.py "
                             "needs it; add the pin")
    return found[0]


def self_check_choose_script(hw, handed_out):
    """Bash: set the step output `notebook` to the notebook's name while every module is as handed out
    (the student wrote the code in the notebook), else to nothing (the modules are graded)."""
    listed, are, they_are = _listed(hw)
    return "\n".join([
        *_modules_as_handed_out(hw, handed_out, notebook_too=True),
        f'  echo "{listed} {are} as handed out: grading the code in {hw.notebook}"',
        f'  echo "{NOTEBOOK_OUTPUT}={hw.notebook}" >> "$GITHUB_OUTPUT"',
        "else",
        f'  echo "grading {listed} ({hw.notebook} is graded only while {they_are} as handed out)"',
        f'  echo "{NOTEBOOK_OUTPUT}=" >> "$GITHUB_OUTPUT"',
        "fi",
    ])


def _self_check(hw, handed_out, pins):
    """(header lines, job env lines, install script, choose script, question steps) of the default."""
    questions = [q for q in hw.questions if visible_cases(hw, q.id)]
    if not questions:
        raise ClassroomError(f"{hw.title} has no visible cases, so its self-check workflow would grade nothing: "
                             "make some cases visible, or write the --all-cases workflow")
    points = sum(visible_points(hw, q.id) for q in questions)
    header = [
        f"# GitHub Classroom autograding for {' '.join(str(hw.title).split())}: the handout's own self-check,",
        f"# run_tests.py, on the visible cases of {len(questions)} questions ({points:g} points). Hidden cases are",
        "# not in this repository and never run here: they are graded after the deadline.",
        "# Generated by `python -m autograder classroom` (and `assign handout`) from the homework's case table:",
    ]
    steps = [{"name": f"{q.id} {q.title} (visible cases, {visible_points(hw, q.id):g} pts)", "id": step_id(q.id),
              "minutes": _minutes(visible_cases(hw, q.id)),
              "env": {NOTEBOOK_ENV: f"${{{{ steps.choose.outputs.{NOTEBOOK_OUTPUT} }}}}"},
              "run": self_check_command(q)} for q in questions]
    install = f"python -m pip install --disable-pip-version-check --quiet {numpy_pin(pins)}"
    return header, {}, install, self_check_choose_script(hw, handed_out), steps


# --- opt-in --all-cases: the Gradescope bundle, hidden cases included ---------------------------------

def bundle_step_command(question):
    """The shell command of a question's --all-cases step: grade that question only, in the unpacked bundle."""
    return (f'cd "$RUNNER_TEMP/autograder" && python -m autograder grade "$RUNNER_TEMP/submission" '
            f'-q {question.id} --classroom-output "$GITHUB_OUTPUT"')


def bundle_install_script(pins):
    """Bash: download and unpack the bundle from $AUTOGRADER_BUNDLE_URL, install the pinned dependencies."""
    url = f"${BUNDLE_VARIABLE}"
    return "\n".join([
        f'if [ -z "${{{BUNDLE_VARIABLE}:-}}" ]; then',
        f'  echo "::error::the Actions variable {BUNDLE_VARIABLE} is not set: the instructor sets it (organization '
        'or repository settings, Secrets and variables, Actions, Variables) to the URL of autograder.zip '
        '(make autograder)"',
        "  exit 1",
        "fi",
        f'if ! curl -fsSL --retry 3 -o "$RUNNER_TEMP/autograder.zip" "{url}"; then',
        f'  echo "::error::could not download the autograder bundle from {BUNDLE_VARIABLE} ({url})"',
        "  exit 1",
        "fi",
        'if ! python -m zipfile -t "$RUNNER_TEMP/autograder.zip" >/dev/null 2>&1; then',
        f'  echo "::error::{BUNDLE_VARIABLE} ({url}) did not give a zip file: point it at autograder.zip itself"',
        "  exit 1",
        "fi",
        'rm -rf "$RUNNER_TEMP/autograder"',
        'python -m zipfile -e "$RUNNER_TEMP/autograder.zip" "$RUNNER_TEMP/autograder"',
        'if [ ! -f "$RUNNER_TEMP/autograder/autograder/__main__.py" ]; then',
        f'  echo "::error::the zip at {BUNDLE_VARIABLE} ({url}) is not the autograder bundle written by '
        'make autograder"',
        "  exit 1",
        "fi",
        "python -m pip install --disable-pip-version-check --quiet " + " ".join(pins),
    ])


def bundle_choose_script(hw, handed_out):
    """Bash: copy what is graded into $RUNNER_TEMP/submission. The student files when any module differs
    from the handout's; else the notebook (the student wrote the code there) and each other student file
    the student changed (answers.toml). handed_out: {student file name: the handout's text}."""
    modules = [f"{m}.py" for m in hw.modules]
    others = [n for n in hw.student_files if n not in modules]
    listed, are, they_are = _listed(hw)
    lines = ['rm -rf "$RUNNER_TEMP/submission"', 'mkdir -p "$RUNNER_TEMP/submission"',
             *_modules_as_handed_out(hw, handed_out),
             f'  echo "{listed} {are} as handed out: grading the code in {hw.notebook}"',
             f'  files="{hw.notebook}"']
    for name in others:
        if name not in handed_out:          # not generated into the handout: whatever is there is the student's
            lines.append(f'  files="$files {name}"')
            continue
        lines += [f"  if ! echo '{_sha256_line(handed_out[name], name)}' | sha256sum --check --status -; then",
                  f'    files="$files {name}"', "  fi"]
    lines += ["else", f'  echo "grading {listed} ({hw.notebook} is graded only while {they_are} as handed out)"',
              f'  files="{" ".join(modules + others)}"', "fi",
              "for f in $files; do", '  if [ -f "$f" ]; then', '    cp "$f" "$RUNNER_TEMP/submission/"', "  fi", "done"]
    return "\n".join(lines)


def _all_cases(hw, handed_out, pins):
    """(header lines, job env, install script, choose script, question steps) of --all-cases."""
    total = sum(q.points for q in hw.questions)
    header = [
        f"# GitHub Classroom autograding for {' '.join(str(hw.title).split())}: every case, hidden ones included, "
        f"{len(hw.questions)} questions, {total:g} points.",
        "# The instructor sets one Actions variable, AUTOGRADER_BUNDLE_URL, to where autograder.zip",
        "# (`make autograder`) can be downloaded. That zip holds the hidden expected arrays, anyone who can",
        "# read this repository can read the URL, and Classroom shows every hidden case's result at once.",
        "# Generated by `python -m autograder classroom --all-cases` from the homework's case table:",
    ]
    steps = [{"name": f"{q.id} {q.title} ({q.points:g} pts)", "id": step_id(q.id),
              "minutes": _minutes(hw.select({q.id})), "env": {}, "run": bundle_step_command(q)}
             for q in hw.questions]
    env = {BUNDLE_VARIABLE: f"${{{{ vars.{BUNDLE_VARIABLE} }}}}"}
    return header, env, bundle_install_script(pins), bundle_choose_script(hw, handed_out), steps


# --- the file -------------------------------------------------------------------------------------

def workflow_text(hw, handed_out, all_cases=False):
    """The workflow's text for homework hw (a spec.Homework): the self-check of the visible cases, or with
    all_cases every case from the bundle. handed_out: {student file: handout text}. Python and the
    runtime dependencies are pyproject.toml's (requires-python, the pins)."""
    _check_names(hw)
    pins, (major, minor) = bundle.runtime_pins()
    header, env, install, choose, steps = (_all_cases if all_cases else _self_check)(hw, handed_out, pins)
    ids = [s["id"] for s in steps]
    lines = [
        *header,
        "# regenerate it, do not edit it. Each question's step reports its points case by case; the reporter",
        "# sends the total to GitHub Classroom.",
        f"name: {_q(WORKFLOW_NAME)}",
        '"on":',
        "  - push",
        "  - repository_dispatch",
        "  - workflow_dispatch",
        "permissions:",
        "  checks: write",
        "  actions: read",
        "  contents: read",
        "jobs:",
        f"  {JOB}:",
        "    runs-on: ubuntu-latest",
        "    if: github.actor != 'github-classroom[bot]'",
        f"    timeout-minutes: {sum(s['minutes'] for s in steps) + JOB_SLACK_MIN}",
    ]
    if env:
        lines += ["    env:", *[f"      {k}: {v}" for k, v in env.items()]]
    lines += [
        "    steps:",
        "      - name: Checkout code",
        f"        uses: {CHECKOUT}",
        "      - name: Set up Python",
        f"        uses: {SETUP_PYTHON}",
        "        with:",
        f"          python-version: {_q(f'{major}.{minor}')}",
        "      - name: " + ("Install the autograder" if all_cases else "Install numpy"),
        "        id: install",
        "        run: " + _block(install, 10),
        "      - name: Choose what to grade",
        "        id: choose",
        "        run: " + _block(choose, 10),
    ]
    for s in steps:
        lines += [f"      - name: {_q(s['name'])}", f"        id: {s['id']}", f"        if: {GO_ON}",
                  f"        timeout-minutes: {s['minutes']}"]
        if s["env"]:
            lines += ["        env:", *[f"          {k}: {_q(v)}" for k, v in s["env"].items()]]
        lines.append(f"        run: {s['run']}")
    lines += [
        "      - name: Autograding Reporter",
        f"        if: {GO_ON}",
        f"        uses: {REPORTER}",
        "        env:",
        *[f'          {i.upper()}_RESULTS: "${{{{ steps.{i}.outputs.result }}}}"' for i in ids],
        "        with:",
        f"          runners: {','.join(ids)}",
    ]
    return "\n".join(lines) + "\n"


def handout_files(hw, handed_out):
    """{relative path in the handout: text} of the generated (default) workflow; handed_out: {student file:
    its text in the handout}."""
    return {WORKFLOW: workflow_text(hw, handed_out)}


def text(homework=None, all_cases=False):
    """The workflow's text for homework (default: this package's), as `write` writes it."""
    from . import assign          # assign lists the default workflow among the handout's files
    hw = homework or spec.load()
    files = assign.handout_files(homework=hw)
    if not all_cases:
        return files[WORKFLOW]
    return workflow_text(hw, {name: files[name] for name in hw.student_files if name in files}, all_cases=True)


def write(out=None, homework=None, all_cases=False):
    """Write OUT/.github/workflows/classroom.yml (OUT: a template repository's root, by default the
    homework's handout folder; all_cases needs an OUT) atomically. Returns its path."""
    hw = homework or spec.load()
    if all_cases and out is None:
        raise ClassroomError("--all-cases needs --out DIR, the template repository's root: the handout keeps the "
                             "default workflow (visible cases only), which check-sync holds it to")
    out = os.path.abspath(out or hw.handout)
    if os.path.exists(out) and not os.path.isdir(out):
        raise ClassroomError(f"{out} is not a folder: give --out the root folder of the template repository")
    content = text(hw, all_cases)
    path = os.path.join(out, *WORKFLOW.split("/"))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".classroom-", suffix=".yml.tmp", dir=os.path.dirname(path))
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(content)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path
