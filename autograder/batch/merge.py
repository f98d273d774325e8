"""A submission's standing: its journal records merged into what the gradebook says of it now.

Only records of the submission's latest content (its latest sha256) count. For each question the
latest record that graded it gives its cases; a record of an autograder error for a question leaves
that question ungraded (blank) until a later run grades it. A rerun grades, per submission, the
questions asked for that are not current: never graded for this content, graded by another grading
version, or last attempt an autograder error; --force grades them all.

Statuses, from best to worst: graded, timed out (a case ran out of time), unreadable (nothing of the
submission could be read), autograder error. A row's status is the worst of its questions' statuses.
"""
from dataclasses import dataclass, field

STATUSES = ("graded", "timed out", "unreadable", "autograder error")
ERROR = "autograder error"


def status_of(cases, unreadable=""):
    """The status word of one grading, from its cases (dicts) and why the submission could not be read
    at all ("" when it could)."""
    if unreadable:
        return "unreadable"
    if any(c["status"] == "timeout" for c in cases):
        return "timed out"
    return "graded"


def worst(statuses):
    return max(statuses, key=STATUSES.index) if statuses else ERROR


@dataclass
class Standing:
    key: str
    submission: str = ""
    students: list = field(default_factory=list)       # [{"id", "name", "email"}]
    sha256: str = ""
    by_question: dict = field(default_factory=dict)    # question id -> the record that last graded it
    order: dict = field(default_factory=dict)          # id(record) -> its position in the journal

    def contributing(self):
        """The distinct records that give a question its current grade, in journal order."""
        unique = {id(r): r for r in self.by_question.values()}
        return [unique[i] for i in sorted(unique, key=self.order.__getitem__)]

    def graded(self, question):
        record = self.by_question.get(question)
        return record is not None and record["status"] != ERROR

    def cases(self, question_ids):
        """The current case results (dicts), in the homework's question order."""
        out = []
        for q in question_ids:
            if self.graded(q):
                out += [c for c in self.by_question[q]["cases"] if c["question"] == q]
        return out

    def score(self, question):
        return sum(c["score"] for c in self.by_question[question]["cases"] if c["question"] == question)

    def missing(self, question_ids):
        return [q for q in question_ids if not self.graded(q)]

    def question_status(self, question):
        """The status of the question's last grading: its record's when unreadable or an autograder error,
        else timed out when one of its own cases ran out of time, else graded."""
        record = self.by_question[question]
        if record["status"] in ("unreadable", ERROR):
            return record["status"]
        mine = [c for c in record["cases"] if c["question"] == question]
        return "timed out" if any(c["status"] == "timeout" for c in mine) else "graded"

    @property
    def status(self):
        return worst([self.question_status(q) for q in self.by_question])

    @property
    def seconds(self):
        return sum(r["seconds"] for r in self.contributing())

    @property
    def latest(self):
        records = self.contributing()
        return records[-1] if records else {}

    @property
    def versions(self):
        return sorted({r["version"] for r in self.contributing()})

    @property
    def plots(self):
        return sorted({p for r in self.contributing() if r["status"] != ERROR for p in r.get("plots", [])})


def apply(found, record, position):
    """Merge one journal record (at position in the journal) into found, {key: Standing}."""
    st = found.setdefault(record["key"], Standing(record["key"]))
    if record["sha256"] != st.sha256:           # new content: what was graded before no longer counts
        st.sha256, st.by_question, st.order = record["sha256"], {}, {}
    st.submission, st.students = record["submission"], record["students"]
    if record["questions"]:
        st.order[id(record)] = position
        for q in record["questions"]:
            st.by_question[q] = record
    return st


def standings(records):
    """{key: Standing} from journal records (dicts, in journal order)."""
    found = {}
    for position, record in enumerate(records):
        apply(found, record, position)
    return found


def to_grade(standing, sha256, version, wanted, force=False):
    """The questions of `wanted` (in order) to grade for a submission whose content is sha256."""
    if force or standing is None or standing.sha256 != sha256:
        return list(wanted)
    return [q for q in wanted if not standing.graded(q) or standing.by_question[q]["version"] != version]
