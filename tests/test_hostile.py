"""Hostile submissions: each attacks one question with one technique; the grader is never fooled.

Every entry of tests/hostile/attacks.py runs at both isolation levels through harness.check(),
which asserts all the grader's promises (see its docstring).
"""
import pytest

from tests.hostile import harness
from tests.hostile.attacks import HOSTILE


def _param(entry):
    marks = [pytest.mark.xfail(strict=True, reason=entry.known_hole)] if entry.known_hole else []
    return pytest.param(entry, id=entry.name, marks=marks)


@pytest.mark.parametrize("entry", [_param(e) for e in HOSTILE])
def test_hostile_submission(entry, level, corpus, tmp_path):
    harness.check(entry, level, corpus, corpus.workdir(level, tmp_path))


def test_the_corpus_covers_the_issue(corpus):
    assert len(HOSTILE) >= 40 and len({e.name for e in HOSTILE}) == len(HOSTILE)
    assert all(e.name.startswith("hostile_") for e in HOSTILE)
