"""`check("Q3")`: one question's visible cases, run on what this notebook defines now.

The handout notebook's first code cell is `from tests.check import check`, and each question's
section ends with a `check("Qn")` cell. It runs the cases the way run_tests.py does (the grader's
own drivers and comparison code), on the notebook's live globals: the classes and functions the
cells above defined when they were last run, so run those first. Q11 and Q12 read answers.toml,
which the answers cell writes when run (their check cells follow it). `python run_tests.py homework.ipynb` checks the saved notebook
file exactly as the grader reads it. The check cells are left out when the notebook is graded.
"""
import importlib.util
import os
import sys
import types

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))   # the handout folder


def _run_tests():
    """The handout's run_tests.py as a module (importing it puts tests/_grading on sys.path)."""
    path = os.path.join(HERE, "run_tests.py")
    module = sys.modules.get("run_tests")
    if module is None or os.path.abspath(getattr(module, "__file__", "") or "") != path:
        spec = importlib.util.spec_from_file_location("run_tests", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        sys.modules["run_tests"] = module
    return module


class LiveNotebook:
    """The notebook's globals standing in for every submitted module (m.nn_lib.Linear, m.nn_train.define_network),
    which is what a driver asks for: the notebook holds every file's code."""

    def __init__(self, env, modules):
        self.dir = None                       # no submitted file: messages name no file
        self._modules = tuple(modules)
        self._namespace = types.SimpleNamespace(**env)

    def __getattr__(self, name):
        if name != "_modules" and name in self._modules:
            return self._namespace
        raise AttributeError(name)


class Checked:
    """What check() found; shown in the notebook as its text. passed: every case passed; results: the cases."""

    def __init__(self, question, results, lines):
        self.question, self.results, self.lines = question, results, lines
        self.passed = all(r.passed for r in results)

    def __repr__(self):
        done = sum(r.passed for r in self.results)
        head = (f"{self.question}: all {done} visible cases passed" if self.passed else
                f"{self.question}: {done} of {len(self.results)} visible cases passed")
        return "\n".join([head, *self.lines])


def check(question, env=None):
    """Run the visible cases of question (such as "Q3") on env (default: the calling notebook's globals).
    Returns a Checked, which the notebook shows: a summary line, then one line per case not passed (and
    its hint, when it matches a common mistake)."""
    rt = _run_tests()
    spec, expected = rt.load_visible()
    known = [q[0] for q in spec["questions"]]
    qid = str(question).upper()
    if qid not in known:
        raise ValueError(f"unknown question {question!r}; choose from {', '.join(known)}")
    env = sys._getframe(1).f_globals if env is None else env
    cases = [c for c in spec["cases"] if c["question"] == qid]
    answers, problem = rt.scoring.read_answers(HERE)
    state = rt.np.random.get_state()            # the cases seed numpy's global generator: put the notebook's back
    try:
        results, _ = rt.run_cases(cases, LiveNotebook(env, spec["modules"]), expected, answers, problem,
                                  spec["modules"], rt.load_hints())
    finally:
        rt.np.random.set_state(state)
    return Checked(qid, results, rt.case_lines(results))
