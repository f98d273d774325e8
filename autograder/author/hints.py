"""`hints`: recognise common mistakes by their outputs, so feedback can name the likely one.

Each mutant declared in solution/ (`# MUTANT qN.name: code | sentence`, author/markers.py) is applied alone
to the reference (author/mutated.py) and every case the worker runs is run on it in the sandbox, as
`record` runs the reference (only the cases whose recorded calls, in timing.json, reach the mutated function:
the others give the reference's outputs). Wherever the mutant's output does not pass the case's comparison with the
recorded expected array, (case id, output, compare.fingerprint of that output) is kept for the mutant; where
the mutant makes a case raise, (case id, compare.ERROR_KEY, compare.error_fingerprint of the error without
its file and line). A case that times out or crashes gives nothing. A fingerprint two mutants share is dropped: a submission that makes
one mistake gets that mistake's hint and no other. Written, deterministically:

    <expected>/hints.json          {"format": 1, "hints": {mutant id: sentence},
                                    "cases": {case id: {output or "(error)": {fingerprint: mutant id}}}}
    <expected>/hints_visible.json  the same, restricted to the visible cases and the sentences they use;
                                   `assign handout` copies it to the handout's tests/ (run_tests.py reads it)

hints.json goes where the expected arrays go (the wheel, the Gradescope bundle) and never into the handout.
Neither file holds an expected value or a mutant's code: fingerprints are hashes, sentences are the
declared hint sentences. The grader reads hints.json (engine/grade.load_hints, scoring.hints_for).
"""
import json
import os
from concurrent.futures import ProcessPoolExecutor

from .. import spec
from ..engine import compare, grade, scoring
from ..engine.sandbox import budget
from ..engine.sandbox.budget import Budget
from ..engine.sandbox.sandbox import Sandbox
from . import markers, mutants, mutated

FORMAT = 1


class HintsError(ValueError):
    """A request the hints cannot be made for (an unknown mutant id); the message says what to do."""


def _calls(hw):
    """The cases the worker runs (every case but the written answers)."""
    return [c for c in hw.cases if c.driver != "answer"]


def _failing_prints(case, outcome, expected):
    """{output: fingerprint} of the outputs of one mutant's outcome on case that do not pass against expected
    ({output: array}); an output equal (as fingerprinted) to the expected one is never kept. A case the mutant
    made raise gives {compare.ERROR_KEY: the fingerprint of its error message}."""
    if outcome is not None and outcome.status == "error":       # it raised: its error message is the print
        fp = compare.error_fingerprint(outcome.message)
        return {compare.ERROR_KEY: fp} if fp else {}
    if outcome is None or outcome.status != "ok":
        return {}
    found = {}
    for name, want in sorted(expected.items()):
        raw = outcome.arrays.get(name)
        fp = compare.fingerprint(raw)
        if fp is None or fp == compare.fingerprint(want) or scoring.output_passes(case.spec(), name, raw, want):
            continue
        found[name] = fp
    return found


def _function_of(hw, name, mutant_id):
    """'nn_lib.py:Linear.backward': the function whose solution region declares mutant_id."""
    with open(os.path.join(hw.solution, name), encoding="utf-8", newline="") as fh:
        text = fh.read()
    region = next(r for r in markers.regions(text, name) if any(m.id == mutant_id for m in r.mutants))
    return f"{name}:{region.qualname}"


def _runs(call, function):
    """Whether a recorded call ('nn_lib.py:TwoLayerMLP.loss.<locals>.<genexpr>') runs code of function."""
    call = call.replace(".<locals>", "")
    return call == function or call.startswith(function + ".")


def reached(hw, function):
    """The cases the worker runs whose reference run called function (from timing.json): a mutant there changes
    no other case's outputs. Every case when the recording does not say (no timing.json, a case missing, or
    no case calling it)."""
    calls, recorded = _calls(hw), budget.load_timing(hw.timing_json)
    if any(c.id not in recorded for c in calls):
        return calls
    mine = [c for c in calls if any(_runs(f, function) for f in recorded[c.id][1])]
    return mine or calls


def fingerprints_of(folder, name, mutant_id):
    """(mutant id, its sentence, {case id: {output: fingerprint}}) of mutant_id (declared in solution file
    name) on every case of the homework at folder that runs the mutated function (`reached`; the others'
    outputs are the reference's): only the outputs on which it fails."""
    hw = spec.Homework(folder)
    expected = grade.load_expected(hw.expected_dir)
    calls = reached(hw, _function_of(hw, name, mutant_id))
    with mutated.reference_with(hw, name, mutant_id) as (mutant, reference):
        with Sandbox(reference, homework=hw) as box:
            report = box.run([{"id": c.id, "driver": c.driver, "args": c.args} for c in calls],
                             Budget.for_cases(calls, hw.timing_json))
    found = {}
    for case in calls:
        prints = _failing_prints(case, report.outcomes.get(case.id), scoring.expected_for(case.id, expected))
        if prints:
            found[case.id] = prints
    return mutant_id, mutant.hint, found


def table(found):
    """The hints document from [(mutant id, sentence, {case id: {output: fingerprint}})]: a fingerprint
    claimed by two mutants on the same case and output is dropped. Returns (document, dropped count)."""
    claims = {}
    for mid, _, cases in found:
        for cid, prints in cases.items():
            for output, fp in prints.items():
                claims.setdefault((cid, output, fp), set()).add(mid)
    cases, dropped = {}, 0
    for (cid, output, fp), mids in sorted(claims.items()):
        if len(mids) > 1:
            dropped += 1
            continue
        cases.setdefault(cid, {}).setdefault(output, {})[fp] = next(iter(mids))
    return {"format": FORMAT, "hints": {mid: sentence for mid, sentence, _ in found}, "cases": cases}, dropped


def visible_part(doc, homework):
    """doc restricted to the homework's visible cases and to the sentences those cases use."""
    visible = {c.id for c in homework.cases if c.visible}
    cases = {cid: outs for cid, outs in doc["cases"].items() if cid in visible}
    used = {mid for outs in cases.values() for prints in outs.values() for mid in prints.values()}
    return {"format": doc["format"], "hints": {m: s for m, s in doc["hints"].items() if m in used}, "cases": cases}


def dumps(doc):
    """The bytes of a hints document: sorted keys, one layout, so the same hints give the same bytes."""
    return (json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=True) + "\n").encode("ascii")


def _write(path, doc):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}.tmp{os.getpid()}"
    try:
        with open(tmp, "wb") as fh:
            fh.write(dumps(doc))
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def run(homework=None, workers=2, only=None):
    """[(mutant id, sentence, {case id: {output: fingerprint}})] of every declared mutant (only: a set of
    mutant ids), in declaration order, `workers` mutants at a time."""
    hw = homework or spec.load()
    todo = [(name, m) for name, m in mutants.declared(hw) if only is None or m.id in only]
    if only is not None and set(only) - {m.id for _, m in todo}:
        unknown = ", ".join(sorted(set(only) - {m.id for _, m in todo}))
        raise HintsError(f"no mutant {unknown} is declared in {hw.solution}: give ids of '# MUTANT' lines")
    for name, m in todo:   # a mutant that does not compile stops here with its file:line
        with open(os.path.join(hw.solution, name), encoding="utf-8", newline="") as fh:
            markers.mutate(fh.read(), m.id, os.path.join("solution", name))
    if not todo:
        return []
    with ProcessPoolExecutor(max_workers=max(1, min(workers, len(todo)))) as pool:
        futures = [pool.submit(fingerprints_of, hw.folder, name, m.id) for name, m in todo]
        return [f.result() for f in futures]


def of_result(result, homework=None):
    """The ids of the mutants whose sentences a grading's hints name (result: a grade.GradeResult), looked
    up in the homework's hints.json: what the mutation check asks of each mutant's grading."""
    hw = homework or getattr(result, "homework", None) or spec.load()
    sentences = grade.load_hints(hw.expected_dir).get("hints", {})
    named = {s for r in result.results for s in scoring.hint_sentences(getattr(r, "hint", ""))}
    return {mid for mid, sentence in sentences.items() if sentence in named}


def main(homework=None, workers=2, only=None, handout_tests=""):
    """Write hints.json and hints_visible.json beside the expected arrays, and the visible part into the
    handout's tests/ folder when it exists (handout_tests: that folder; '' for the homework's own handout,
    None for none). Returns the hints document."""
    hw = homework or spec.load()
    if not os.path.exists(hw.visible_npz):
        raise FileNotFoundError(f"{hw.visible_npz} is missing: run `python -m autograder record` first")
    found = run(hw, workers, only)
    doc, dropped = table(found)
    visible = visible_part(doc, hw)
    _write(hw.hints_json, doc)
    _write(hw.hints_visible_json, visible)
    handout_tests = os.path.join(hw.handout, "tests") if handout_tests == "" else handout_tests
    if handout_tests and os.path.isdir(handout_tests):
        _write(os.path.join(handout_tests, "hints_visible.json"), visible)
    print(summary(found, doc, visible, dropped))
    return doc


def summary(found, doc, visible, dropped):
    """The verb's report: how many mutants are recognised, on visible cases or hidden ones only, and which not."""
    kept = {mid for outs in doc["cases"].values() for prints in outs.values() for mid in prints.values()}
    seen = set(visible["hints"])
    lines = [f"hints: {len(kept)}/{len(found)} mutants recognised by their outputs, {len(seen & kept)} on a "
             f"visible case; {dropped} fingerprints dropped as shared by two mutants"]
    lines += [f"  no hint for {mid}: its outputs fail no case, or only as another mutant's do"
              for mid, _, _ in found if mid not in kept]
    return "\n".join(lines)
