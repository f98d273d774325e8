"""GitHub Classroom: the generated workflows read with a YAML parser and held against the case table; their
steps run as GitHub Actions runs them, on a student's repository made from the handout (the clean
reference, a partly wrong one, one that wrote its code in the notebook). The default workflow runs the
handout's run_tests.py on the visible cases and reports nothing hidden; the opt-in --all-cases one
grades every case with the bundle, served from a file:// URL. And the CI recipe that grades a folder of
zips into a gradebook."""
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile

import pytest
import yaml

from autograder import paths, spec
from autograder.author import assign, bundle, classroom, notebook, sync
from autograder.engine import classroom_result
from tests.fixtures import submissions

HW = spec.load()
BIN = os.path.dirname(sys.executable)           # its `python` is the one the steps find first on PATH
SECOND = os.path.join(os.path.dirname(os.path.abspath(__file__)), "second_homework")
GRADE_SUBMISSIONS = os.path.join(paths.ROOT, "ci", "grade-submissions.yml")
OUTPUT_REF = re.compile(r"^\$\{\{ steps\.([\w-]+)\.outputs\.(\w+) \}\}$")
HIDDEN_IDS = {c.id for c in HW.cases if not c.visible}
# The visible cases each fixture fails (the rest of its failures are hidden cases).
VISIBLE_FAILURES = {"reference": set(), "fails_q6_q11": {"q6.momentum_two_steps"}}


def _workflow(homework=None, all_cases=False):
    return yaml.safe_load(classroom.text(homework, all_cases=all_cases) if all_cases
                          else assign.handout_files(homework=homework)[classroom.WORKFLOW])


def _job(workflow):
    return workflow["jobs"][classroom.JOB]


def _step(workflow, step_id):
    return next(s for s in _job(workflow)["steps"] if s.get("id") == step_id)


def _question_steps(workflow):
    return [s for s in _job(workflow)["steps"] if re.fullmatch(r"q\d+", s.get("id", ""))]


def _reporter(workflow):
    return next(s for s in _job(workflow)["steps"] if s.get("uses") == classroom.REPORTER)


def _visible(question):
    return [c for c in HW.select({question}) if c.visible]


@pytest.fixture(scope="module")
def workflow():
    """The default workflow, as `assign handout` writes it."""
    return _workflow()


@pytest.fixture(scope="module")
def all_cases_workflow():
    return _workflow(all_cases=True)


@pytest.fixture(scope="module")
def bundle_url(tmp_path_factory):
    """The autograder bundle (`make autograder`), served as the instructor's URL."""
    return "file://" + bundle.build(str(tmp_path_factory.mktemp("published") / "autograder.zip"))


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """The student template: the handout as `assign handout` writes it, .github/ included."""
    dest = tmp_path_factory.mktemp("student-template") / "repo"
    assign.build_handout(dest=str(dest))
    return str(dest)


def _student_repo(template, tmp_path, fixture=None):
    """A student's repository: the template, with a fixture's nn_lib.py, nn_train.py and answers.toml."""
    repo = tmp_path / "repo"
    shutil.copytree(template, repo)
    if fixture:
        submissions.build(fixture, str(repo))
    return repo


def run_step(step, repo, runner_temp, earlier=None, **env):
    """Run a step's `run` script as GitHub Actions does on Linux (bash -e, in the checked-out repository,
    with RUNNER_TEMP, a GITHUB_OUTPUT file of its own and the step's env, its `${{ steps.S.outputs.O }}`
    taken from earlier: {step id: outputs}). Returns (completed process, {output: value})."""
    output = runner_temp / f"github-output-{step.get('id', 'step')}"
    output.write_text("")
    script = runner_temp / "step.sh"
    script.write_text(step["run"])
    full = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    full.update(PATH=BIN + os.pathsep + full.get("PATH", "/usr/bin:/bin"), RUNNER_TEMP=str(runner_temp),
                GITHUB_OUTPUT=str(output), PIP_NO_INDEX="1", **env)
    for name, value in step.get("env", {}).items():
        ref = OUTPUT_REF.match(value)
        full[name] = (earlier or {})[ref.group(1)].get(ref.group(2), "") if ref else value
    done = subprocess.run(["bash", "-e", str(script)], cwd=repo, env=full, capture_output=True, text=True,
                          timeout=300)
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines() if "=" in line)
    return done, outputs


def run_job(workflow, repo, runner_temp, questions=None, **env):
    """Install, choose, then every question's step (or those in questions). Returns ({step id: outputs},
    the choose step's stdout); fails on a step that exits non-zero."""
    runner_temp.mkdir(exist_ok=True)
    outputs = {}
    for step in [_step(workflow, "install"), _step(workflow, "choose")] + [
            s for s in _question_steps(workflow) if questions is None or s["id"].upper() in questions]:
        done, outputs[step["id"]] = run_step(step, repo, runner_temp, outputs, **env)
        assert done.returncode == 0, f"step {step['id']} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
        if step["id"] == "choose":
            chosen = done.stdout
    return outputs, chosen


def reporter_reads(workflow, outputs):
    """What classroom-resources/autograding-grading-reporter reads (src/main.js parseRunnerResults): for each
    runner id R, the base64 JSON in R_RESULTS (upper case), here set from the step outputs as the env of the
    reporter step says; and the total it sends to Classroom (src/notify-classroom.js: the sum of every test's
    score, over the runners with a max_score). Returns ({runner: results}, total, max)."""
    step = _reporter(workflow)
    env = {}
    for name, value in step["env"].items():
        ref = OUTPUT_REF.match(value)
        env[name] = outputs[ref.group(1)].get(ref.group(2), "")
    runners = {r.strip(): classroom_result.decoded(env[f"{r.strip().upper()}_RESULTS"])
               for r in step["with"]["runners"].split(",")}
    scored = [res for res in runners.values() if res.get("max_score")]
    return runners, sum(t["score"] for res in scored for t in res["tests"]), sum(res["max_score"] for res in scored)


def assert_nothing_hidden(runners):
    """No hidden case id anywhere in what the reporter reads: names, messages, scores."""
    text = json.dumps(runners)
    assert [i for i in sorted(HIDDEN_IDS) if i in text] == []
    for runner, res in runners.items():
        assert [t["name"].split()[0] for t in res["tests"]] == [c.id for c in _visible(runner.upper())], runner


# --- the default workflow against the case table ----------------------------------------------------

@pytest.mark.parametrize("all_cases", [False, True], ids=["default", "all-cases"])
def test_workflow_has_the_name_job_and_triggers_classroom_needs_to_record_points(all_cases):
    workflow = _workflow(all_cases=all_cases)
    assert workflow["name"] == "Autograding Tests"
    assert list(workflow["jobs"]) == ["run-autograding-tests"]
    assert {"push", "repository_dispatch"} <= set(workflow["on"])
    assert workflow["permissions"]["checks"] == "write"
    assert _job(workflow)["if"] == "github.actor != 'github-classroom[bot]'"


def test_default_has_one_self_check_step_per_question_worth_its_visible_points(workflow):
    steps = _question_steps(workflow)
    assert [s["id"] for s in steps] == [q.id.lower() for q in HW.questions]
    for step, q in zip(steps, HW.questions):
        visible = _visible(q.id)
        assert step["name"] == f"{q.id} {q.title} (visible cases, {sum(c.points for c in visible):g} pts)"
        assert step["run"] == f'python run_tests.py $GRADE_NOTEBOOK {q.id} --classroom-output "$GITHUB_OUTPUT"'
        assert step["env"] == {"GRADE_NOTEBOOK": "${{ steps.choose.outputs.notebook }}"}
        assert step["timeout-minutes"] * 60 >= sum(c.timeout for c in visible)
        assert "steps.choose.outcome == 'success'" in step["if"] and "!cancelled()" in step["if"]


def test_default_downloads_nothing_and_installs_only_numpy_at_the_pin(workflow):
    text = assign.handout_files()[classroom.WORKFLOW]
    for leak in ("AUTOGRADER_BUNDLE_URL", "vars.", "secrets.", "curl", "wget", "http", "autograder.zip", "hidden.npz"):
        assert leak not in text, leak
    scripts = "\n".join(s.get("run", "") for s in _job(workflow)["steps"])
    assert "autograder" not in scripts and scripts.count("pip install") == 1
    pins, (major, minor) = bundle.runtime_pins()
    numpy = next(p for p in pins if p.startswith("numpy=="))
    assert _step(workflow, "install")["run"].split() == [
        "python", "-m", "pip", "install", "--disable-pip-version-check", "--quiet", numpy]
    setup = next(s for s in _job(workflow)["steps"] if s.get("uses") == classroom.SETUP_PYTHON)
    assert setup["with"]["python-version"] == f"{major}.{minor}"
    assert "env" not in _job(workflow)


def test_reporter_reads_every_questions_result_under_its_step_id(workflow):
    step = _reporter(workflow)
    ids = [q.id.lower() for q in HW.questions]
    assert step["with"]["runners"] == ",".join(ids)
    assert step["env"] == {f"{i.upper()}_RESULTS": f"${{{{ steps.{i}.outputs.result }}}}" for i in ids}
    assert _job(workflow)["steps"][-1] is step


def test_a_homework_with_one_module_and_no_answers_file_gets_its_own_steps():
    hw = spec.Homework(SECOND)
    for all_cases in (False, True):
        workflow = _workflow(hw, all_cases)
        ids = [s.get("id") for s in _job(workflow)["steps"]]
        assert ids[-len(hw.questions) - 1:-1] == [q.id.lower() for q in hw.questions]
        choose = _step(workflow, "choose")["run"]
        assert "warmup.py" in choose and "warmup.ipynb" in choose and "answers.toml" not in choose


def test_a_question_without_visible_cases_gets_no_default_step(tmp_path):
    folder = tmp_path / "warmup"
    shutil.copytree(SECOND, folder)
    cases = folder / "cases.py"
    text = cases.read_text()
    for name in ("forward_small", "backward_small"):             # Q2's visible cases made hidden
        old = next(line for line in text.splitlines() if f'("{name}"' in line)
        assert old.endswith(" V),")
        text = text.replace(old, old[:-len(" V),")] + " H),")
    cases.write_text(text)
    workflow = _workflow(spec.Homework(str(folder)))
    assert [s["id"] for s in _question_steps(workflow)] == ["q1"]
    assert _reporter(workflow)["with"]["runners"] == "q1"
    assert "Q2" not in yaml.safe_dump(_question_steps(workflow))


# --- the opt-in --all-cases workflow against the case table -----------------------------------------

def test_all_cases_has_one_step_per_question_grading_all_of_its_cases_in_the_bundle(all_cases_workflow):
    steps = _question_steps(all_cases_workflow)
    assert [s["id"] for s in steps] == [q.id.lower() for q in HW.questions]
    for step, q in zip(steps, HW.questions):
        assert step["name"] == f"{q.id} {q.title} ({q.points:g} pts)"
        assert f" -q {q.id} " in step["run"] and '--classroom-output "$GITHUB_OUTPUT"' in step["run"]
        assert step["run"].count(" -q ") == 1 and "python -m autograder grade" in step["run"]
        assert step["timeout-minutes"] * 60 >= sum(c.timeout for c in HW.select({q.id}))


def test_all_cases_install_step_uses_the_bundle_variable_and_pyprojects_pins(all_cases_workflow):
    pins, (major, minor) = bundle.runtime_pins()
    install = _step(all_cases_workflow, "install")["run"]
    assert all(pin in install.split() for pin in pins)
    setup = next(s for s in _job(all_cases_workflow)["steps"] if s.get("uses") == classroom.SETUP_PYTHON)
    assert setup["with"]["python-version"] == f"{major}.{minor}"
    assert _job(all_cases_workflow)["env"] == {"AUTOGRADER_BUNDLE_URL": "${{ vars.AUTOGRADER_BUNDLE_URL }}"}


# --- the committed template, check-sync and the verb ------------------------------------------------

def test_assign_writes_the_workflow_into_the_handout_and_check_sync_catches_an_edit(tmp_path):
    assert classroom.WORKFLOW in assign.handout_files()
    handout = tmp_path / "handout"
    shutil.copytree(paths.HANDOUT, handout, ignore=shutil.ignore_patterns("__pycache__"))
    before = set(sync.differences(handout=str(handout)))
    with open(handout / classroom.WORKFLOW, "a") as fh:
        fh.write("      - run: echo 'full marks'\n")
    assert set(sync.differences(handout=str(handout))) - before == {
        f"{classroom.WORKFLOW}: differs from what solution/ generates"}


@pytest.mark.parametrize("all_cases", [False, True], ids=["default", "all-cases"])
def test_classroom_verb_writes_the_workflow_into_a_template_repository(tmp_path, all_cases):
    repo = tmp_path / "template-repo"
    done = subprocess.run([sys.executable, "-m", "autograder", "classroom", "--out", str(repo),
                           *(["--all-cases"] if all_cases else [])], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    written = repo / ".github" / "workflows" / "classroom.yml"
    assert done.stdout.strip() == f"wrote {written}"
    assert written.read_text() == classroom.text(all_cases=all_cases)
    assert (written.read_text() == assign.handout_files()[classroom.WORKFLOW]) is not all_cases
    assert os.listdir(written.parent) == ["classroom.yml"]


def test_all_cases_without_out_is_refused_and_leaves_the_handout_as_it_was(tmp_path):
    folder = tmp_path / "warmup"
    shutil.copytree(SECOND, folder)
    hw = spec.Homework(str(folder))
    done = subprocess.run([sys.executable, "-m", "autograder", "classroom", "--all-cases", "--homework", str(folder)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "error: --all-cases needs --out DIR, the template repository's root: the handout keeps the default workflow "
        "(visible cases only), which check-sync holds it to"]
    assert not os.path.exists(os.path.join(hw.handout, *classroom.WORKFLOW.split("/")))


def test_question_id_that_cannot_name_a_step_is_refused_in_one_line(tmp_path):
    folder = tmp_path / "warmup"
    shutil.copytree(SECOND, folder)
    cases = folder / "cases.py"
    cases.write_text(cases.read_text().replace('Question("Q2"', 'Question("Q 2"'))
    done = subprocess.run([sys.executable, "-m", "autograder", "classroom", "--homework", str(folder),
                           "--out", str(tmp_path / "repo")], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "error: question ids 'Q 2' cannot name workflow steps: use letters, digits and '_', starting with a letter "
        "(as Q1), in the homework's cases module"]
    assert not (tmp_path / "repo").exists()


# --- the default steps, run on student repositories ---------------------------------------------------

@pytest.mark.parametrize("fixture", ["reference", "fails_q6_q11"])
def test_default_steps_report_the_visible_points_each_question_earns_and_nothing_hidden(workflow, template,
                                                                                       tmp_path, fixture):
    repo = _student_repo(template, tmp_path, fixture)
    outputs, chosen = run_job(workflow, repo, tmp_path / "runner")     # every step exits 0, failed cases or not
    assert "grading nn_lib.py and nn_train.py" in chosen and outputs["choose"] == {"notebook": ""}
    runners, total, most = reporter_reads(workflow, outputs)
    assert_nothing_hidden(runners)
    failing = VISIBLE_FAILURES[fixture]
    for q in HW.questions:
        res, visible = runners[q.id.lower()], _visible(q.id)
        earned = sum(c.points for c in visible if c.id not in failing)
        assert res["max_score"] == sum(c.points for c in visible), q.id
        assert sum(t["score"] for t in res["tests"]) == earned, q.id
        assert res["status"] == ("pass" if earned == res["max_score"] else "fail"), q.id
        assert {t["name"].split()[0] for t in res["tests"] if t["status"] == "fail"} == {
            c.id for c in visible if c.id in failing}, q.id
    visible_points = sum(c.points for c in HW.cases if c.visible)
    assert (total, most) == (visible_points - sum(c.points for c in HW.cases if c.id in failing), visible_points)


def test_default_step_grades_the_notebook_while_the_modules_are_as_handed_out(workflow, template, tmp_path):
    repo = _student_repo(template, tmp_path)
    files = submissions.reference_files()
    (repo / HW.notebook).write_text(notebook.build([(n, files[n]) for n in ("nn_lib.py", "nn_train.py")],
                                                   "# Worked in the notebook"))
    (repo / "answers.toml").write_text(files["answers.toml"])      # no answers cell: run_tests.py reads this
    outputs, chosen = run_job(workflow, repo, tmp_path / "runner", questions={"Q1", "Q11"})
    assert f"grading the code in {HW.notebook}" in chosen and outputs["choose"] == {"notebook": HW.notebook}
    for step_id in ("q1", "q11"):
        res = classroom_result.decoded(outputs[step_id]["result"])
        visible = sum(c.points for c in _visible(step_id.upper()))
        assert (res["status"], sum(t["score"] for t in res["tests"]), res["max_score"]) == ("pass", visible, visible)


def test_default_step_reports_a_broken_notebook_as_every_visible_case_failed_with_the_reason(workflow, template,
                                                                                             tmp_path):
    repo = _student_repo(template, tmp_path)
    (repo / HW.notebook).write_text("{not json")
    runner = tmp_path / "runner"
    runner.mkdir()
    done, outputs = run_step(_step(workflow, "q1"), repo, runner, {"choose": {"notebook": HW.notebook}})
    assert done.returncode == 0
    assert done.stderr.strip().splitlines()[0].startswith(f"run_tests.py: {HW.notebook}: not a valid notebook file")
    res = classroom_result.decoded(outputs["result"])
    assert (res["status"], res["max_score"]) == ("fail", sum(c.points for c in _visible("Q1")))
    assert [(t["score"], "not a valid notebook file" in t["message"]) for t in res["tests"]] == [(0, True)] * len(
        _visible("Q1"))


# --- the opt-in --all-cases steps, run on student repositories ----------------------------------------

def test_all_cases_reference_repository_earns_every_point_and_every_question_passes(all_cases_workflow, template,
                                                                                   bundle_url, tmp_path):
    repo = _student_repo(template, tmp_path, "reference")
    outputs, chosen = run_job(all_cases_workflow, repo, tmp_path / "runner", AUTOGRADER_BUNDLE_URL=bundle_url)
    assert "grading nn_lib.py and nn_train.py" in chosen
    runners, total, most = reporter_reads(all_cases_workflow, outputs)
    for q in HW.questions:
        res = runners[q.id.lower()]
        assert (res["status"], res["max_score"]) == ("pass", q.points), q.id
        assert len(res["tests"]) == len(HW.select({q.id})) and all(t["status"] == "pass" for t in res["tests"])
    assert (total, most) == (100, 100)


def test_all_cases_partly_wrong_repository_keeps_partial_credit_within_each_question(all_cases_workflow, template,
                                                                                    bundle_url, tmp_path):
    repo = _student_repo(template, tmp_path, "fails_q6_q11")
    outputs, _ = run_job(all_cases_workflow, repo, tmp_path / "runner", AUTOGRADER_BUNDLE_URL=bundle_url)
    runners, total, most = reporter_reads(all_cases_workflow, outputs)
    wanted = submissions.EXPECTED["fails_q6_q11"]
    for q in HW.questions:
        res = runners[q.id.lower()]
        assert sum(t["score"] for t in res["tests"]) == wanted[q.id], q.id
        assert res["max_score"] == q.points
        assert res["status"] == ("pass" if wanted[q.id] == q.points else "fail"), q.id
    assert [t["score"] for t in runners["q11"]["tests"] if t["status"] == "fail"] == [0, 0]
    assert (total, most) == (sum(wanted.values()), 100)


def test_all_cases_grades_the_notebook_while_the_modules_are_as_handed_out(all_cases_workflow, template, bundle_url,
                                                                          tmp_path):
    repo = _student_repo(template, tmp_path)
    files = submissions.reference_files()
    (repo / HW.notebook).write_text(notebook.build([(n, files[n]) for n in ("nn_lib.py", "nn_train.py")],
                                                   "# Worked in the notebook"))
    (repo / "answers.toml").write_text(files["answers.toml"])      # changed from the handout's: graded too
    outputs, chosen = run_job(all_cases_workflow, repo, tmp_path / "runner", questions={"Q1", "Q11"},
                              AUTOGRADER_BUNDLE_URL=bundle_url)
    assert f"grading the code in {HW.notebook}" in chosen
    assert sorted(os.listdir(tmp_path / "runner" / "submission")) == ["answers.toml", HW.notebook]
    for step_id, points in (("q1", 10), ("q11", 10)):
        res = classroom_result.decoded(outputs[step_id]["result"])
        assert (res["status"], sum(t["score"] for t in res["tests"])) == ("pass", points)


def test_all_cases_leaves_an_untouched_answers_file_to_the_notebook(all_cases_workflow, template, tmp_path):
    repo = _student_repo(template, tmp_path)
    runner = tmp_path / "runner"
    runner.mkdir()
    done, _ = run_step(_step(all_cases_workflow, "choose"), repo, runner)
    assert done.returncode == 0, done.stderr
    assert os.listdir(runner / "submission") == [HW.notebook]


@pytest.mark.parametrize("url, words", [
    ("", "the Actions variable AUTOGRADER_BUNDLE_URL is not set"),
    ("file:///nonexistent-{tmp}/autograder.zip", "could not download the autograder bundle"),
    ("file://{tmp}/page.html", "did not give a zip file"),
    ("file://{tmp}/other.zip", "is not the autograder bundle"),
])
def test_all_cases_install_step_fails_with_one_error_line_when_the_bundle_cannot_be_had(all_cases_workflow, tmp_path,
                                                                                       url, words):
    (tmp_path / "page.html").write_text("<html>a release page, not its asset</html>")
    with zipfile.ZipFile(tmp_path / "other.zip", "w") as zf:
        zf.writestr("README.md", "not a bundle")
    runner = tmp_path / "runner"
    runner.mkdir()
    done, _ = run_step(_step(all_cases_workflow, "install"), tmp_path, runner,
                       AUTOGRADER_BUNDLE_URL=url.format(tmp=tmp_path.as_posix()))
    assert done.returncode == 1
    errors = [line for line in done.stdout.splitlines() if line.startswith("::error::")]
    assert len(errors) == 1 and words in errors[0], done.stdout + done.stderr
    assert not (runner / "autograder").exists() or url.endswith("other.zip")


# --- the step's result format -----------------------------------------------------------------------

def test_a_result_of_no_cases_is_not_a_pass():
    res = classroom_result.result([])
    assert (res["status"], res["max_score"], res["tests"]) == ("fail", 0, [])


# --- grading a folder of zips in CI -----------------------------------------------------------------

def test_ci_recipe_grades_a_folder_of_zips_into_a_gradebook_artifact(tmp_path):
    with open(GRADE_SUBMISSIONS) as fh:
        recipe = yaml.safe_load(fh)
    (job,) = recipe["jobs"].values()
    grade_step = next(s for s in job["steps"] if "autograder batch" in s.get("run", ""))
    assert grade_step["run"] == 'python -m autograder batch "$INBOX" --out graded'
    keep = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert keep["with"]["path"].rstrip("/") == "graded" and keep["if"] == "always()"
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("reference", "fails_q3_q4"):
        folder = submissions.build(name, str(tmp_path / name))
        with zipfile.ZipFile(inbox / f"{name}.zip", "w") as zf:
            for fname in sorted(os.listdir(folder)):
                zf.write(os.path.join(folder, fname), fname)
    work = tmp_path / "checkout"
    work.mkdir()
    done, _ = run_step(grade_step, work, tmp_path, INBOX=str(inbox))
    assert done.returncode == 0, done.stdout + done.stderr
    with open(work / "graded" / "gradebook.csv", newline="") as fh:
        rows = {r["submission"]: r for r in csv.DictReader(fh)}
    assert {name.removesuffix(".zip"): float(r["total"]) for name, r in rows.items()} == {
        "reference": 100.0, "fails_q3_q4": float(sum(submissions.EXPECTED["fails_q3_q4"].values()))}


def test_the_readme_states_the_visible_points_classroom_grades():
    with open(os.path.join(paths.ROOT, "README.md"), encoding="utf-8") as fh:
        text = " ".join(fh.read().split())
    stated = re.search(r"Classroom's points are therefore the visible points \(([\d.]+) of this homework's (\d+)\)", text)
    assert stated, "README no longer states Classroom's points"
    assert float(stated.group(1)) == sum(c.points for c in HW.cases if c.visible)
    assert float(stated.group(2)) == sum(q.points for q in HW.questions)
