"""Where things live in this repository. The package also works alone (as in the Gradescope bundle and
a wheel), where only PACKAGE and HOMEWORK exist; the engine reaches a homework through spec.Homework."""
import os

PACKAGE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(PACKAGE)
HOMEWORK = os.path.join(PACKAGE, "homework")          # this repository's homework: its spec, drivers, data, arrays
SOLUTION = os.path.join(ROOT, "solution")
HANDOUT = os.path.join(ROOT, "handout")
DIST = os.path.join(ROOT, "dist")
REFERENCE = os.path.join(DIST, "reference")
EXPECTED = os.path.join(HOMEWORK, "expected")
VISIBLE_NPZ = os.path.join(EXPECTED, "visible.npz")
HIDDEN_NPZ = os.path.join(EXPECTED, "hidden.npz")
HANDOUT_TESTS = os.path.join(HANDOUT, "tests")
HANDOUT_VISIBLE_NPZ = os.path.join(HANDOUT_TESTS, "expected_visible.npz")
MNIST_DATA = os.path.join(ROOT, "data", "mnist")
