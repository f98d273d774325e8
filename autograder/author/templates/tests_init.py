"""The visible cases (cases.json, expected_visible.npz), the grader's own code (_grading/) and the
notebook's self-check (check.py: `from tests.check import check`, then `check("Q3")`)."""
