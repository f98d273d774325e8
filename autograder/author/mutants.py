"""`mutants`: the mutation check. Each mutant declared in solution/ (markers.Mutant) is applied alone to
the reference, built like `assign reference` in a temporary folder, and graded by the engine on its
question's cases, two at a time. A mutant that loses no points survives: the cases miss that mistake.
Each control (a correct alternative, `# CONTROL`) is graded the same way and must lose nothing: a control
that loses points means the cases are stricter than the task. The mutants must also be caught by the
visible cases, at least VISIBLE_SHARE of them, so a student sees the mistake before the deadline.
"""
import math
import os
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from .. import spec
from . import assign, markers

VISIBLE_SHARE = 0.9     # at least this share of the mutants must be killed by a visible case


@dataclass(frozen=True)
class Verdict:
    """How the cases treat one mutant or control: points lost on its question and the case ids that caught it."""
    id: str
    file: str
    line: int
    question: str
    lost: float
    killers: tuple
    visible_killers: tuple
    kind: str = "mutant"
    hints: tuple = ()        # ids of the mutants whose hint sentences the grading showed (author/hints.py)
    hinted: bool = False     # the homework has hints.json: a mutant is expected to get its own hint

    @property
    def hint_problem(self):
        """Why this verdict's hints are wrong ('' when they are right): a control or mutant named by another
        mutant's hint, or a mutant without its own hint although hints.json exists."""
        others = [h for h in self.hints if h != self.id or self.kind == "control"]
        if others:
            return f"shows the hint of {', '.join(others)}"
        if self.kind == "mutant" and self.hinted and self.killed and self.id not in self.hints:
            return "gets no hint: run `make expected` (record, then hints) so hints.json knows it"
        return ""

    @property
    def killed(self):
        return self.lost > 1e-9


def _declarations(hw, select):
    """[(file name, Mutant)] of what select(text, path) finds in each of the homework's solution/ modules."""
    found = []
    for name in sorted(os.listdir(hw.solution)):
        if name.endswith(".py"):
            path = os.path.join(hw.solution, name)
            with open(path, encoding="utf-8", newline="") as fh:
                found += [(name, m) for m in select(fh.read(), os.path.join("solution", name))]
    return found


def declared(homework=None):
    """[(file name, Mutant)] of every mutant (mistake) in the homework's solution/ modules; no controls."""
    return _declarations(homework or spec.load(), markers.mutants)


def controls(homework=None):
    """[(file name, Mutant)] of every control (correct alternative) in the homework's solution/ modules."""
    return _declarations(homework or spec.load(), markers.controls)


def _grade_one(folder, name, mutant_id):
    """Build the reference with one mutant (or control) applied and grade its question's cases. Returns a Verdict."""
    from ..engine import grade
    hw = spec.Homework(folder)
    with tempfile.TemporaryDirectory(prefix="nn-mutant-") as tmp:
        source = os.path.join(tmp, "solution")
        shutil.copytree(hw.solution, source)
        path = os.path.join(source, name)
        with open(path, encoding="utf-8", newline="") as fh:
            text = fh.read()
        mutant = next(m for m in markers.declarations(text, name) if m.id == mutant_id)
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(markers.mutate(text, mutant_id, os.path.join("solution", name)))
        reference = assign.build_reference(dest=os.path.join(tmp, "reference"), source=source, homework=hw)
        result = grade.grade(reference, hw.select({mutant.question}), homework=hw)
    from . import hints    # imported here, as grade is: hints imports the engine
    named = tuple(sorted(hints.of_result(result, hw)))
    hinted = bool(grade.load_hints(hw.expected_dir).get("hints"))
    failed = [r for r in result.results if r.score < r.points]
    visible = {c.id for c in hw.cases if c.visible}
    return Verdict(mutant_id, name, mutant.line, mutant.question, result.max_score - result.score,
                   tuple(r.id for r in failed), tuple(r.id for r in failed if r.id in visible), mutant.kind,
                   named, hinted)


def run(homework=None, workers=2, only=None):
    """Verdicts of every declared mutant, then of every control (only: a set of ids), in declaration order."""
    hw = homework or spec.load()
    todo = [(name, m) for name, m in declared(hw) + controls(hw) if only is None or m.id in only]
    for name, m in todo:   # a mutant that does not compile stops here with its file:line
        with open(os.path.join(hw.solution, name), encoding="utf-8", newline="") as fh:
            markers.mutate(fh.read(), m.id, os.path.join("solution", name))
    if not todo:
        return []
    with ProcessPoolExecutor(max_workers=max(1, min(workers, len(todo)))) as pool:
        futures = [pool.submit(_grade_one, hw.folder, name, m.id) for name, m in todo]
        return [f.result() for f in futures]


def _line(v):
    """The report line of one verdict, with what is wrong with its hints, if anything."""
    line = _score_line(v)
    return line + (f"; HINT WRONG: {v.hint_problem}" if v.hint_problem else "")


def _score_line(v):
    if v.kind == "control":
        if not v.killed:
            return f"control   {v.id:36} full marks"
        return (f"CONTROL LOSES {v.id:32} -{v.lost:g} pts ({v.file}:{v.line}) on {', '.join(v.killers)}: a correct "
                f"alternative must keep full marks; loosen those cases or fix the control")
    if not v.killed:
        return f"SURVIVED  {v.id:36} loses no points ({v.file}:{v.line}): add a case that catches it"
    hidden = [c for c in v.killers if c not in v.visible_killers]
    seen = f"visible: {', '.join(v.visible_killers)}" if v.visible_killers else "no visible case"
    return f"killed    {v.id:36} -{v.lost:g} pts; {seen}" + (f"; hidden: {', '.join(hidden)}" if hidden else "")


def visible_share(verdicts):
    """The share (0..1) of the mutants (not controls) that a visible case kills; 1.0 when there are none."""
    found = [v for v in verdicts if v.kind == "mutant"]
    return sum(bool(v.visible_killers) for v in found) / len(found) if found else 1.0


def report(verdicts):
    """The text report: one line per mutant and per control, then the totals, the last the visible-kill share."""
    found = [v for v in verdicts if v.kind == "mutant"]
    checks = [v for v in verdicts if v.kind == "control"]
    lines = [_line(v) for v in found + checks]
    killed = [v for v in found if v.killed]
    lines.append(f"{len(killed)}/{len(found)} mutants killed, {sum(bool(v.visible_killers) for v in killed)} "
                 f"by a visible case")
    if any(v.hinted for v in found):
        lines.append(f"{sum(v.id in v.hints and not v.hint_problem for v in found)}/{len(found)} mutants get their "
                     f"own hint and no other")
    if checks:
        lines.append(f"{sum(not v.killed for v in checks)}/{len(checks)} controls at full marks"
                     + ("" if not any(v.hints for v in checks) else ", but some show a hint"))
    share = visible_share(verdicts)
    percent = math.floor(100 * share + 1e-9)     # rounded down: 89.9% is not shown as 90%
    if share >= VISIBLE_SHARE:
        lines.append(f"{percent}% of the mutants killed by a visible case (at least {VISIBLE_SHARE:.0%} wanted)")
    else:
        unseen = [v.id for v in found if not v.visible_killers]
        lines.append(f"only {percent}% of the mutants killed by a visible case, under {VISIBLE_SHARE:.0%}: add a "
                     f"visible case that catches {', '.join(unseen)}")
    return "\n".join(lines)


def passed(verdicts):
    """True when every mutant loses points, every control keeps full marks and enough mutants fail visibly."""
    return (all(v.killed for v in verdicts if v.kind == "mutant")
            and not any(v.hint_problem for v in verdicts)
            and not any(v.killed for v in verdicts if v.kind == "control")
            and visible_share(verdicts) >= VISIBLE_SHARE)


def main(homework=None, workers=2):
    """Print the report; True when the check passes (see `passed`)."""
    verdicts = run(homework, workers)
    if not verdicts:
        print("no mutants declared in solution/ (see '# MUTANT' in the README)")
        return True
    print(report(verdicts))
    return passed(verdicts)
