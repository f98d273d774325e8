"""Faulty submissions: honest mistakes cost only what they break, with a message naming the file and problem."""
import pytest

from tests.hostile import harness
from tests.hostile.faults import FAULTY


@pytest.mark.parametrize("entry", FAULTY, ids=[e.name for e in FAULTY])
def test_faulty_submission(entry, level, corpus, tmp_path):
    harness.check(entry, level, corpus, corpus.workdir(level, tmp_path))


def test_the_faulty_corpus_covers_the_issue():
    assert len(FAULTY) >= 15 and len({e.name for e in FAULTY}) == len(FAULTY)
    assert all(e.name.startswith("faulty_") for e in FAULTY)
