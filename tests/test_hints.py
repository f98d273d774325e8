"""Hints from matched mistakes: `hints` fingerprints each declared mutant's outputs, and a submission that
makes one of those mistakes is told which, in the places where that case may be shown."""
import dataclasses
import json
import os
import re
import shutil
import subprocess
import sys

import numpy as np
import pytest

from autograder import paths, spec
from autograder.author import assign, hints, mutants, mutated
from autograder.engine import feedback_html, grade, report, scoring, student_view
from autograder.engine.compare import fingerprint

# One mutant of each of four questions, in both submitted files: q1's hint is on a visible and a hidden case,
# q3's is recognised by its error (the softmax overflows), q6's and q8's by their arrays.
CHOSEN = ("q1.db_not_summed", "q3.softmax_no_max_shift", "q6.momentum_ignored", "q8.b1_not_summed")
HINT_LINE = re.compile(r"^hint: (?:your [\w.]+(?:(?:, [\w.]+)* and [\w.]+ match| matches)|this error matches) "
                       r"a common mistake: (?P<sentence>.+)$")


def _declared(hw=None):
    """{mutant id: (file name, Mutant)} of the homework's declared mutants."""
    return {m.id: (name, m) for name, m in mutants.declared(hw or spec.load())}


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "autograder", *args], cwd=paths.ROOT, capture_output=True,
                          text=True, timeout=300)


def copy_homework(dest):
    """A copy of this homework at dest (its recorded arrays, no hints yet) that finds the checkout's solution/
    and keeps its handout and reference inside dest. Returns its spec.Homework."""
    real = spec.load()
    shutil.copytree(real.folder, dest, ignore=shutil.ignore_patterns("hints*.json", "__pycache__"))
    path = os.path.join(dest, spec.MANIFEST)
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    places = {"solution": real.solution, "handout": os.path.join(dest, "handout"),
              "reference": os.path.join(dest, "reference")}
    for key, value in places.items():
        text, n = re.subn(rf"(?m)^{key} = .*$", f"{key} = {json.dumps(value)}", text)
        assert n == 1, f"{path}: no single '{key} = ' line to point at {value}"
    text = re.sub(r"(?m)^data_folders = .*$", "", text)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    return spec.Homework(dest)


@pytest.fixture(scope="module")
def hinted(tmp_path_factory):
    """A copy of the homework with hints.json written by `hints` for the CHOSEN mutants."""
    missing = set(CHOSEN) - set(_declared())
    assert not missing, f"the chosen mutants {sorted(missing)} are no longer declared in solution/: choose others"
    hw = copy_homework(str(tmp_path_factory.mktemp("hinted") / "homework"))
    hints.main(hw, only=set(CHOSEN), handout_tests=None)
    return hw


def grade_mutant(hw, mutant_id, questions=None):
    """The grading of the reference with mutant_id applied, on its question's cases (or questions')."""
    name, mutant = _declared(hw)[mutant_id]
    with mutated.reference_with(hw, name, mutant_id) as (_, folder):
        return grade.grade(folder, hw.select(questions or {mutant.question}), homework=hw)


@pytest.fixture(scope="module")
def graded(hinted):
    return {mid: grade_mutant(hinted, mid) for mid in CHOSEN}


def _sentence(mid):
    return _declared()[mid][1].hint


def test_a_mutant_submission_gets_its_own_hint_and_no_other(hinted, graded):
    for mid, result in graded.items():
        assert hints.of_result(result, hinted) == {mid}, mid
        hinted_cases = [r for r in result.results if r.hint]
        assert hinted_cases and all(not r.passed for r in hinted_cases), mid
        assert all(_sentence(mid) in r.hint for r in hinted_cases)


def test_the_reference_and_the_skeleton_get_no_hint(hinted, reference_dir, skeleton_dir):
    questions = {_declared()[mid][1].question for mid in CHOSEN}
    for folder in (reference_dir, skeleton_dir):
        result = grade.grade(folder, hinted.select(questions), homework=hinted)
        assert [r.id for r in result.results if r.hint] == []
        assert hints.of_result(result, hinted) == set()


def test_a_hint_names_only_the_failed_output_and_never_a_passing_case():
    case = {"id": "q1.x", "question": "Q1", "points": 1.0, "visible": True, "rtol": 1e-6, "atol": 1e-9}
    good, bad = np.array([1.0, 2.0]), np.array([1.0, 5.0])
    expected = {"db": good, "dW": good}
    known = {"db": {fingerprint(good): "matches the reference", fingerprint(bad): "db is not summed"},
             "dW": {fingerprint(good): "matches the reference"}}
    passing = scoring.judge_case(case, "ok", "", {"db": good, "dW": good}, expected, known)
    assert passing.passed and passing.hint == ""
    failing = scoring.judge_case(case, "ok", "", {"db": bad, "dW": good}, expected, known)
    assert not failing.passed and failing.hint == "hint: your db matches a common mistake: db is not summed"
    assert scoring.judge_case(case, "ok", "", {"db": bad * 2, "dW": good}, expected, known).hint == ""


def test_hidden_case_hints_reach_students_only_after_publication(graded):
    result, sentence = graded["q1.db_not_summed"], _sentence("q1.db_not_summed")
    hidden = [r for r in result.results if r.hint and not r.visible]
    assert hidden, "q1.db_not_summed should be recognised on a hidden case"
    doc = report.results_json(result)
    by_name = {t["name"]: t for t in doc["tests"]}
    for r in hidden:
        test = by_name[f"{r.question} {r.id}"]
        assert test["visibility"] == "after_published" and sentence in test["output"]
        assert f"{r.id} (hidden" in report.text(result)                        # the instructor's report
        for before in (student_view.render(doc), doc["output"], feedback_html.page(result), report.student_text(result)):
            assert r.id not in before
        assert r.id in student_view.render(doc, published=True)


def test_a_hint_only_hidden_cases_give_is_shown_nowhere_before_publication(graded):
    """The same grading with every case hidden (the engine shows a case by its visibility alone): the error
    hint of the unshifted softmax appears only once grades are published."""
    real = graded["q3.softmax_no_max_shift"]
    result = dataclasses.replace(real, results=[dataclasses.replace(r, visible=False, detail="") for r in real.results])
    sentence = _sentence("q3.softmax_no_max_shift")
    assert f"hint: this error matches a common mistake: {sentence}" in [r.hint for r in result.results]
    doc = report.results_json(result)
    for before in (student_view.render(doc), student_view.render(doc, due_date_passed=True), doc["output"],
                   feedback_html.page(result), report.student_text(result)):
        assert sentence not in before and "hint:" not in before
    assert sentence in student_view.render(doc, published=True) and sentence in report.text(result)


def test_visible_case_hints_show_in_every_students_view(graded):
    result, sentence = graded["q1.db_not_summed"], _sentence("q1.db_not_summed")
    visible = [r for r in result.results if r.hint and r.visible]
    assert visible
    doc = report.results_json(result)
    line = f"hint: your db matches a common mistake: {sentence}"
    for view in (student_view.render(doc), doc["output"], feedback_html.page(result), report.student_text(result)):
        assert line in view
    before = student_view.render(doc)
    assert before.count(line) == 2 * len(visible)          # the top-level output's and the visible test's, once each
    assert student_view.render(doc, published=True).count(line) == 2 * len(visible) + len(
        [r for r in result.results if r.hint and not r.visible])


def test_a_hint_is_a_declared_sentence_and_carries_no_hidden_value(hinted, graded):
    declared = {m.hint for _, m in _declared().values()}
    expected = grade.load_expected(hinted.expected_dir)
    hidden_ids = {c.id for c in hinted.cases if not c.visible}
    numbers = {f"{v:.4g}" for key, a in expected.items() if key.split("/")[0] in hidden_ids
               for v in np.ravel(a).astype(float) if np.isfinite(v) and v != round(v)}
    numbers = {n for n in numbers if len(re.sub(r"\D", "", n.split("e")[0])) >= 3}     # 3+ significant digits
    assert len(numbers) > 100
    for result in graded.values():
        for r in result.results:
            for line in r.hint.splitlines():
                match = HINT_LINE.match(line)
                assert match and match["sentence"] in declared, line
                assert not set(re.findall(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?", line)) & numbers, line


def test_the_hints_verb_writes_the_same_bytes_every_time(tmp_path):
    hw = copy_homework(str(tmp_path / "homework"))
    two = ("q6.momentum_ignored", "q1.db_not_summed")
    runs = []
    for _ in range(2):
        done = _cli("hints", "--homework", hw.folder, *[a for mid in two for a in ("--only", mid)])
        assert done.returncode == 0, done.stdout + done.stderr
        with open(hw.hints_json, "rb") as a, open(hw.hints_visible_json, "rb") as b:
            runs.append((a.read(), b.read()))
    assert runs[0] == runs[1]
    doc = json.loads(runs[0][0])
    assert doc["format"] == 1 and set(doc["hints"]) == set(two)
    assert runs[0][0] == hints.dumps(doc)                  # sorted keys, one layout
    assert "2/2 mutants recognised" in done.stdout


def test_the_visible_file_holds_only_visible_cases_and_their_sentences(hinted):
    with open(hinted.hints_visible_json, encoding="utf-8") as fh:
        text = fh.read()
    doc = json.loads(text)
    visible = {c.id for c in hinted.cases if c.visible}
    assert doc["cases"] and set(doc["cases"]) <= visible
    used = {mid for outs in doc["cases"].values() for prints in outs.values() for mid in prints.values()}
    assert set(doc["hints"]) == used
    assert all(re.fullmatch(r"[0-9a-f]{16}", fp) for outs in doc["cases"].values() for p in outs.values() for fp in p)
    with open(hinted.hints_json, encoding="utf-8") as fh:
        full = json.load(fh)
    assert hints.visible_part(full, hinted) == doc and set(full["cases"]) - visible


def test_a_fingerprint_two_mutants_share_is_dropped():
    found = [("q1.a", "a is wrong", {"q1.x": {"db": "f1", "dW": "f2"}}),
             ("q1.b", "b is wrong", {"q1.x": {"db": "f1", "dW": "f3"}, "q1.y": {"(error)": "f4"}})]
    doc, dropped = hints.table(found)
    assert dropped == 1
    assert doc == {"format": 1, "hints": {"q1.a": "a is wrong", "q1.b": "b is wrong"},
                   "cases": {"q1.x": {"dW": {"f2": "q1.a", "f3": "q1.b"}}, "q1.y": {"(error)": {"f4": "q1.b"}}}}


def test_without_a_hints_file_a_mutant_is_graded_the_same_without_hints(hinted, graded, tmp_path):
    bare = copy_homework(str(tmp_path / "homework"))
    assert not os.path.exists(bare.hints_json)
    result = grade_mutant(bare, "q1.db_not_summed")
    assert [r.hint for r in result.results] == [""] * len(result.results)
    assert [(r.id, r.score) for r in result.results] == [(r.id, r.score) for r in graded["q1.db_not_summed"].results]


def test_run_tests_in_a_built_handout_prints_the_visible_hint(hinted, tmp_path):
    handout = tmp_path / "handout"
    assign.build_handout(dest=str(handout), homework=hinted)
    with open(handout / "tests" / "hints_visible.json", "rb") as a, open(hinted.hints_visible_json, "rb") as b:
        assert a.read() == b.read()
    name, _ = _declared()["q1.db_not_summed"]
    with mutated.reference_with(hinted, name, "q1.db_not_summed") as (_, folder):
        for student_file in hinted.modules:
            shutil.copy(os.path.join(folder, f"{student_file}.py"), handout)
    done = subprocess.run([sys.executable, "run_tests.py", "Q1"], cwd=handout, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 1, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("FAIL q1.backward_small"))
    assert lines[at + 1].strip() == f"hint: your db matches a common mistake: {_sentence('q1.db_not_summed')}"
    shipped = "".join(p.read_text(encoding="utf-8", errors="replace") for p in handout.rglob("*")
                      if p.is_file() and p.suffix != ".npz")
    with open(hinted.hints_json, encoding="utf-8") as fh:
        full = json.load(fh)
    prints_of = {visible: {fp for cid, outs in full["cases"].items() if hinted.by_id[cid].visible == visible
                           for prints in outs.values() for fp in prints} for visible in (True, False)}
    hidden_prints = prints_of[False] - prints_of[True]      # an error's print may be a visible case's too
    assert hidden_prints and not [fp for fp in hidden_prints if fp in shipped]
    assert "MUTANT" not in shipped and "CONTROL" not in shipped
    assert not [m.code for _, m in _declared().values() if len(m.code) > 12 and m.code in
                (handout / "tests" / "hints_visible.json").read_text()]


def test_an_unknown_mutant_id_is_one_usage_error_line():
    done = _cli("hints", "--only", "q1.no_such_mistake")
    assert done.returncode == 2
    assert done.stderr.startswith("error: no mutant q1.no_such_mistake is declared") and done.stderr.count("\n") == 1


RECOGNISED_SHARE = 0.9     # a mutant goes unrecognised only where it fails no case the way no other mutant does


def test_the_committed_hints_know_every_declared_mutant():
    """expected/hints.json is current: it has every declared mutant with its sentence (else `make expected`
    has not been run since the mutants changed), and nearly all are recognised on some case."""
    hw = spec.load()
    assert os.path.exists(hw.hints_json), "run `make expected` (record, then hints)"
    with open(hw.hints_json, encoding="utf-8") as fh:
        doc = json.load(fh)
    declared = {mid: m.hint for mid, (_, m) in _declared(hw).items()}
    assert doc["hints"] == declared, "declared mutants changed: run `make expected`"
    recognised = {mid for outs in doc["cases"].values() for prints in outs.values() for mid in prints.values()}
    assert recognised <= set(declared)
    assert len(recognised) >= RECOGNISED_SHARE * len(declared), \
        f"no hint for {sorted(set(declared) - recognised)}: add cases they fail as no other mutant does"
    assert set(doc["cases"]) <= {c.id for c in hw.cases}
    with open(hw.hints_visible_json, encoding="utf-8") as fh:
        assert json.load(fh) == hints.visible_part(doc, hw)
