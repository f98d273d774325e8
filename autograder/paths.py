"""Where things live. The autograder package also works alone (as in the Gradescope bundle)."""
import os

PACKAGE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(PACKAGE)
SOLUTION = os.path.join(ROOT, "solution")
HANDOUT = os.path.join(ROOT, "handout")
DIST = os.path.join(ROOT, "dist")
REFERENCE = os.path.join(DIST, "reference")
EXPECTED = os.path.join(PACKAGE, "expected")
VISIBLE_NPZ = os.path.join(EXPECTED, "visible.npz")
HIDDEN_NPZ = os.path.join(EXPECTED, "hidden.npz")
HANDOUT_TESTS = os.path.join(HANDOUT, "tests")
HANDOUT_VISIBLE_NPZ = os.path.join(HANDOUT_TESTS, "expected_visible.npz")

STUDENT_FILES = ("nn_lib.py", "nn_train.py", "answers.toml")
