"""`mutants`: the mutation check. Each mutant declared in solution/ (markers.Mutant) is applied alone to
the reference, built like `assign reference` in a temporary folder, and graded by the engine on its
question's cases, two at a time. A mutant that loses no points survives: the cases miss that mistake.
"""
import os
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from .. import spec
from . import assign, markers


@dataclass(frozen=True)
class Verdict:
    """How the cases treat one mutant: points lost on its question and the case ids that caught it."""
    id: str
    file: str
    line: int
    question: str
    lost: float
    killers: tuple
    visible_killers: tuple

    @property
    def killed(self):
        return self.lost > 0


def declared(homework=None):
    """[(file name, Mutant)] of every mutant in the homework's solution/ modules."""
    hw = homework or spec.load()
    found = []
    for name in sorted(os.listdir(hw.solution)):
        if name.endswith(".py"):
            path = os.path.join(hw.solution, name)
            with open(path, encoding="utf-8", newline="") as fh:
                found += [(name, m) for m in markers.mutants(fh.read(), os.path.join("solution", name))]
    return found


def _grade_one(folder, name, mutant_id):
    """Build the reference with one mutant applied and grade its question's cases. Returns a Verdict."""
    from ..engine import grade
    hw = spec.Homework(folder)
    with tempfile.TemporaryDirectory(prefix="nn-mutant-") as tmp:
        source = os.path.join(tmp, "solution")
        shutil.copytree(hw.solution, source)
        path = os.path.join(source, name)
        with open(path, encoding="utf-8", newline="") as fh:
            text = fh.read()
        mutant = next(m for m in markers.mutants(text, name) if m.id == mutant_id)
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(markers.mutate(text, mutant_id, os.path.join("solution", name)))
        reference = assign.build_reference(dest=os.path.join(tmp, "reference"), source=source, homework=hw)
        result = grade.grade(reference, hw.select({mutant.question}), homework=hw)
    failed = [r for r in result.results if r.score < r.points]
    visible = {c.id for c in hw.cases if c.visible}
    return Verdict(mutant_id, name, mutant.line, mutant.question, result.max_score - result.score,
                   tuple(r.id for r in failed), tuple(r.id for r in failed if r.id in visible))


def run(homework=None, workers=2, only=None):
    """Verdicts of every declared mutant (only: a set of mutant ids), in declaration order."""
    hw = homework or spec.load()
    todo = [(name, m) for name, m in declared(hw) if only is None or m.id in only]
    for name, m in todo:   # a mutant that does not compile stops here with its file:line
        with open(os.path.join(hw.solution, name), encoding="utf-8", newline="") as fh:
            markers.mutate(fh.read(), m.id, os.path.join("solution", name))
    if not todo:
        return []
    with ProcessPoolExecutor(max_workers=max(1, min(workers, len(todo)))) as pool:
        futures = [pool.submit(_grade_one, hw.folder, name, m.id) for name, m in todo]
        return [f.result() for f in futures]


def report(verdicts):
    """The text report: one line per mutant, then the totals."""
    lines = []
    for v in verdicts:
        if v.killed:
            hidden = [c for c in v.killers if c not in v.visible_killers]
            seen = f"visible: {', '.join(v.visible_killers)}" if v.visible_killers else "no visible case"
            lines.append(f"killed    {v.id:36} -{v.lost:g} pts; {seen}" + (f"; hidden: {', '.join(hidden)}" if hidden else ""))
        else:
            lines.append(f"SURVIVED  {v.id:36} loses no points ({v.file}:{v.line}): add a case that catches it")
    killed = [v for v in verdicts if v.killed]
    by_visible = [v for v in killed if v.visible_killers]
    lines.append(f"{len(killed)}/{len(verdicts)} mutants killed, {len(by_visible)} by a visible case")
    return "\n".join(lines)


def main(homework=None, workers=2):
    """Print the report; True when every declared mutant loses points."""
    verdicts = run(homework, workers)
    if not verdicts:
        print("no mutants declared in solution/ (see '# MUTANT' in the README)")
        return True
    print(report(verdicts))
    return all(v.killed for v in verdicts)
