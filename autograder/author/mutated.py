"""One declared mutant applied alone: the clean reference with that one mistake, built like `assign reference`
in a temporary folder. Used by `hints` (and usable by the mutation check, author/mutants.py)."""
import contextlib
import os
import shutil
import tempfile

from . import assign, markers


def _read(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return fh.read()


@contextlib.contextmanager
def reference_with(hw, name, mutant_id):
    """Yield (markers.Mutant, folder): the clean reference of homework hw (a spec.Homework) with mutant
    `mutant_id` of solution file `name` (such as 'nn_lib.py') applied; the folder is removed afterwards.
    MarkerError (file:line) if the mutant is unknown or does not compile."""
    with tempfile.TemporaryDirectory(prefix="nn-mutant-") as tmp:
        source = os.path.join(tmp, "solution")
        shutil.copytree(hw.solution, source)
        path = os.path.join(source, name)
        text = _read(path)
        mutant = next((m for m in markers.mutants(text, name) if m.id == mutant_id), None)
        if mutant is None:
            raise markers.MarkerError(os.path.join("solution", name), 0, f"no mutant {mutant_id} is declared here")
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(markers.mutate(text, mutant_id, os.path.join("solution", name)))
        yield mutant, assign.build_reference(dest=os.path.join(tmp, "reference"), source=source, homework=hw)
