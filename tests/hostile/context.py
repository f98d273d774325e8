"""What every corpus test shares (one per xdist worker): the reference, canary expected arrays,
the honest wrong answers' scores, and the two levels' folders and isolation."""
import dataclasses
import os
import shutil
import tempfile

from autograder import npzio, paths, spec
from autograder.engine import grade
HW = spec.load()
from tests.fixtures import submissions
from tests.hostile import build, levels
from tests.hostile.entry import Entry

GRADED = [c for c in HW.cases if c.question != "Q10"]     # the training cases take seconds: graded elsewhere
CANARY_BASE = 918273.645


def plant_canaries(expected):
    """expected with the arrays of one hidden case per question replaced by distinctive values."""
    planted, values = dict(expected), []
    for question in HW.questions:
        hidden = [c for c in GRADED if c.question == question.id and not c.visible]
        if not hidden:
            continue
        prefix = hidden[0].id + "/"
        for key in sorted(k for k in expected if k.startswith(prefix)):
            shape = expected[key].shape
            value = CANARY_BASE + len(values)
            values.append(value)
            planted[key] = (value + 0.001 * (1 + _arange(shape))) if shape else _scalar(value)
    return planted, values


def _arange(shape):
    import numpy as np
    return np.arange(int(np.prod(shape)), dtype=float).reshape(shape)


def _scalar(value):
    import numpy as np
    return np.array(value)


def save_expected(mapping, folder):
    os.makedirs(folder, exist_ok=True)
    visible_ids = {c.id for c in HW.cases if c.visible}
    npzio.save(os.path.join(folder, "visible.npz"), {k: v for k, v in mapping.items() if k.split("/")[0] in visible_ids})
    npzio.save(os.path.join(folder, "hidden.npz"), {k: v for k, v in mapping.items() if k.split("/")[0] not in visible_ids})
    return folder


class Context:
    def __init__(self, tmp):
        self.tmp = tmp
        self.reference = submissions.reference_files()
        self.ref_dir = build.write_folder({n: t.encode() for n, t in self.reference.items()}, os.path.join(tmp, "ref"))
        real = grade.load_expected()
        mapping, self.canary_values = plant_canaries(real)
        real_dir = save_expected(real, os.path.join(tmp, "real"))
        self._canary = {"mapping": mapping, "dir": save_expected(mapping, os.path.join(tmp, "canary")), "real_dir": real_dir}
        self._real = {"mapping": real, "dir": real_dir, "real_dir": real_dir}
        questions = {c.question for c in GRADED}
        self.full_scores = {q.id: q.points for q in HW.questions if q.id in questions}
        self.reference_scores = self._scores(self.ref_dir)
        self._baselines, self._isolation, self._user_bases = {}, {}, {}

    def _scores(self, submission, selected=GRADED):
        result = grade.grade(submission, selected, self._canary["mapping"])
        return {q: s for q, _, s, _, _ in result.by_question()}

    def baseline(self, entry):
        """Per-question scores of the entry's honest wrong answer."""
        if entry.whole == "all":
            return {q: 0 for q in self.full_scores}
        if entry.whole == "code":      # the worker never ran a case; answers.toml is still graded
            written = {c.question for c in GRADED if c.driver == "answer"}
            return {q: self.reference_scores[q] if q in written else 0 for q in self.full_scores}
        if not entry.target:
            return self.reference_scores
        if entry.target not in self._baselines:
            folder = tempfile.mkdtemp(dir=self.tmp)
            plain = Entry("baseline", entry.target, "honest wrong answer")
            subs = {"__OUT__": folder, "__ROOT__": paths.ROOT, "__MARK__": "nnhbaseline"}
            self._baselines[entry.target] = self._scores(build.build(plain, self.reference, folder, subs, baseline=True))
        return self._baselines[entry.target]

    def selection(self, entry):
        """The cases to grade, the attacked question's timeouts shortened to entry.quick."""
        if not entry.quick:
            return GRADED
        base = self.baseline(entry)
        return [dataclasses.replace(c, timeout=entry.quick) if base[c.question] < self.reference_scores[c.question]
                else c for c in GRADED]

    # -- per level ---------------------------------------------------------------------------------
    def user_base(self, uid):
        """A folder of uid's own, outside every folder it may not enter, for its gradings' files."""
        if uid not in self._user_bases:
            self._user_bases[uid] = tempfile.mkdtemp(prefix=f"nn-hostile-uid{uid}-")
            os.chown(self._user_bases[uid], uid, uid)
        return self._user_bases[uid]

    def workdir(self, level, tmp_path):
        if isinstance(level, levels.AsUser):
            return tempfile.mkdtemp(dir=self.user_base(level.uid))
        return str(tmp_path)

    def canary(self, level):
        """The expected arrays with canaries, for level: {"mapping", "dir", "real_dir" (without canaries)}."""
        return self._for(level, self._canary)

    def real(self, level):
        """The expected arrays as recorded, for level."""
        return self._for(level, self._real)

    def _for(self, level, expected):
        if not isinstance(level, levels.AsUser):
            return expected
        base = self.user_base(level.uid)
        return {"mapping": None, **{k: _copy(expected[k], base, level.uid) for k in ("dir", "real_dir")}}

    def reference_dir(self, level):
        if not isinstance(level, levels.AsUser):
            return self.ref_dir
        return _copy(self.ref_dir, self.user_base(level.uid), level.uid)

    def isolation(self, level):
        """The isolation the level reaches here, from a small grading of the reference."""
        key = (level.name, level.uid)
        if key not in self._isolation:
            folder = self.workdir(level, tempfile.mkdtemp(dir=self.tmp))
            out = os.path.join(folder, "out")
            os.makedirs(out)
            level.prepare(folder)
            graded, _ = level.grade(self.reference_dir(level), HW.select({"Q4"}), out, self.canary(level),
                                    self.reference_dir(level), "")
            self._isolation[key] = graded.isolation
        return self._isolation[key]

    def close(self):
        for folder in self._user_bases.values():
            shutil.rmtree(folder, ignore_errors=True)


def _copy(folder, base, uid):
    dest = os.path.join(base, os.path.basename(folder))
    if not os.path.exists(dest):
        shutil.copytree(folder, dest)
        for dirpath, _, filenames in os.walk(dest):
            for name in [dirpath] + [os.path.join(dirpath, n) for n in filenames]:
                os.chown(name, uid, uid)
    return dest
