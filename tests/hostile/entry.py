"""One hostile or faulty submission, as data, and the targets an entry can attack.

An entry is the clean reference plus code appended to one file: `body` replaces one method or
function (the target), `code` runs at import. Every other question stays correct, so the attack's
effect is measurable against the target's honest wrong answer: the same method raising
NotImplementedError ("baseline"). Archive entries are built by a named builder in build.py instead.

Placeholders in code, replaced per test: __OUT__ (the folder results.json goes to), __ROOT__ (the
project), __MARK__ (a unique name for this test's processes and files), __EXPECTED__ (the
folder of the canary expected arrays), __HIDDEN__ (the real hidden.npz), __PORT__ (a localhost
TCP port the test listens on).
"""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Target:
    file: str          # nn_lib.py or nn_train.py
    owner: str         # class name, or "" for a module-level function, or "*" for the whole module
    name: str
    signature: str


TARGETS = {
    "Q4": Target("nn_lib.py", "Dropout", "backward", "self, dY"),         # all 5 Q4 cases call it
    "Q6": Target("nn_lib.py", "SGD", "decay_learning_rate", "self, factor"),   # one case: cheap to time out
    "Q9": Target("nn_lib.py", "", "eval_numerical_gradient", "f, x, h=1e-5"),
    "nn_lib": Target("nn_lib.py", "*", "", ""),
    "nn_train": Target("nn_train.py", "*", "", ""),
    "answers": Target("answers.toml", "*", "", ""),
}

# What a level must provide for an entry's full promise (see harness.py for how each is checked).
NEEDS = {
    "files": "the worker runs as the grader's own user without a private filesystem: it can write and read "
             "wherever the grader can",
    "project": "without a private filesystem the worker can read world-readable project files, such as the "
               "reference solution",
    "disk": "without a private filesystem only RLIMIT_FSIZE (one file) bounds what the worker writes",
    "network": "the kernel does not let the grader cut the worker's network here",
    "uid": "the worker runs as the grader's own user: it can signal the grader and every process of that user",
}


@dataclass(frozen=True)
class Entry:
    name: str                  # named after what must happen
    target: str                # key of TARGETS, or "" when no question is attacked
    technique: str
    body: str = ""             # replaces the target (dedented source of its body)
    code: str = ""             # module-level code appended to the target's file (nn_lib.py when no target)
    files: dict = field(default_factory=dict)      # extra files next to the student's files
    build: str = ""            # an archive builder in build.py
    words: tuple = ()          # must appear in the intake messages or the failed cases' summaries
    quick: float = 0.0         # shorten the attacked question's timeouts to this many seconds
    seconds: float = 0.0       # the grading time this entry may take beyond the usual
    needs: str = ""            # key of NEEDS
    unsafe: bool = False       # without `needs`, do not even run it (it would harm this machine or the test run)
    whole: str = ""            # "code": no case of the code runs (an import-time exit); "all": the whole
                               # submission is unreadable and scores 0
    known_hole: str = ""       # a hole this suite documents but cannot close from the autograder's files
    transform: str = ""        # faulty encodings: crlf, bom, latin1
    signature: str = ""        # a wrong signature for the target
    absent: tuple = ()         # must appear in neither results.json nor the report
